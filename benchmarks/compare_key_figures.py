"""Compare the key figures of two batch runs, for a restructure that must not change a number.

Usage::

    python benchmarks/compare_key_figures.py BEFORE_REPORTS AFTER_REPORTS [--tol 1e-9]

Both arguments are reports folders of ``python -m helpers run`` (each holding
``<wave>/notebooks/<report>.json``, documents of ``helpers/report/key_figures.schema.json``). Every
figure of every key-figure file is compared by name: its value, interval and n (relative and
absolute tolerance ``--tol``; strings and booleans must be equal) and its suppression flag, and
the header (wave, report, target group, organisation, status). A file written before the schema
(a report's own nested dict) is first put into the schema's shape, so a run from before the
change compares with one from after it. Prints one line per difference (file, figure and field,
before, after), then a count, and exits 1 when anything differs. Figures present on one side only
are listed too. Run the same demo waves with the same parameters on both sides (``make clean &&
make reports`` before and after the change, copying ``reports/``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path


def load(path: Path) -> dict[str, object]:
    """A key-figure file as ``{"<figure>.<field>": value}`` plus ``{"header.<key>": value}``."""
    from helpers.report import key_figure_document

    doc = json.loads(path.read_text(encoding="utf-8"))
    if "schema_version" not in doc:  # written before the schema
        stopped = doc.pop("stopped", None)
        figures = {"reason": stopped, **doc} if stopped is not None else doc
        doc = key_figure_document(
            figures, file_stem=path.stem, status="stopped" if stopped is not None else "ok"
        )
    out: dict[str, object] = {
        f"header.{k}": doc[k] for k in ("wave", "report", "target_group", "organisation", "status")
    }
    for fig in doc["figures"]:
        for field in ("value", "ci_low", "ci_high", "n", "suppressed"):
            out[f"{fig['name']}.{field}"] = fig[field]
    return out


def same(a, b, tol: float) -> bool:
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=tol, abs_tol=tol)
    return a == b


def key_figure_files(root: Path) -> set[Path]:
    """The key-figure files of a reports folder (not the runner's ``.stamp.json`` files)."""
    return {
        p.relative_to(root)
        for p in root.glob("*/notebooks/*.json")
        if not p.name.endswith(".stamp.json")
    }


def compare(before: Path, after: Path, tol: float) -> list[str]:
    lines = []
    files_before = key_figure_files(before)
    files_after = key_figure_files(after)
    for rel in sorted(files_before ^ files_after):
        side = "before" if rel in files_before else "after"
        lines.append(f"{rel}: only {side}")
    for rel in sorted(files_before & files_after):
        a, b = load(before / rel), load(after / rel)
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                lines.append(f"{rel}: {key}: only {'before' if key in a else 'after'}")
            elif not same(a[key], b[key], tol):
                lines.append(f"{rel}: {key}: {a[key]!r} -> {b[key]!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--tol", type=float, default=1e-9)
    args = parser.parse_args(argv)
    for folder in (args.before, args.after):
        if not folder.is_dir():
            print(f"error: {folder}: not a folder", file=sys.stderr)
            return 2
    lines = compare(args.before, args.after, args.tol)
    print("\n".join(lines))
    n = len(key_figure_files(args.before))
    print(f"{len(lines)} difference(s) in the key figures of {n} report(s)")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
