"""Benchmark: the whole batch on one large demo wave against one of the default size.

Generates one demo wave of ``--n`` asylum seekers and ``--n`` chain partners (default 20,000
each) and one of the demo's default size (200 + 290), each in its own temporary raw folder with
the repository's context data copied beside it, runs the whole batch on each (what
``python -m helpers run --raw ... --processed ... --reports ... --jobs 2`` runs, through
:func:`helpers.batch._runner.run_batch`), and prints per notebook the time at the large size, at the
default size and their ratio, plus the totals. A notebook that did not succeed is marked with
its status. data/raw, data/processed and reports/ are not touched.

    .venv/bin/python benchmarks/bench_large_wave.py [--n 20000] [--jobs 2] [--wave 2017-Q2]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from helpers import paths
from helpers.batch._runner import Result, run_batch
from helpers.demo import DEFAULT_N_ASYLUM, DEFAULT_N_PARTNERS, DEFAULT_SEED, write_demo


def run_size(
    root: Path, wave: str, n_asylum: int, n_partners: int, seed: int, jobs: int
) -> tuple[float, float, dict[str, Result]]:
    """Generate one wave under ``root``, run the batch on it; (demo s, batch s, results by key)."""
    raw = root / "raw"
    start = time.perf_counter()
    write_demo(out=raw, seed=seed, n_asylum=n_asylum, n_partners=n_partners, waves=[wave])
    demo_s = time.perf_counter() - start
    context = paths.context_dir()
    if context.is_dir():
        shutil.copytree(context, paths.context_dir(raw))
    start = time.perf_counter()
    results, _ = run_batch(
        jobs=jobs,
        force=True,
        raw_root=raw,
        processed_root=root / "processed",
        reports_root=root / "reports",
    )
    return demo_s, time.perf_counter() - start, {r.key: r for r in results}


def _cell(result: Result | None) -> str:
    if result is None:
        return f"{'-':>9}"
    if result.status in ("ok", "stopped", "up-to-date"):
        return f"{result.duration_s:8.1f}s"
    return f"{result.status:>9}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=20000, help="asylum seekers and chain partners (each)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run in parallel")
    parser.add_argument("--wave", default="2017-Q2", help="the demo wave to generate")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        large = run_size(tmp / "large", args.wave, args.n, args.n, args.seed, args.jobs)
        small = run_size(
            tmp / "default", args.wave, DEFAULT_N_ASYLUM, DEFAULT_N_PARTNERS, args.seed, args.jobs
        )
    (demo_l, batch_l, res_l), (demo_s, batch_s, res_s) = large, small
    keys = list(dict.fromkeys([*res_l, *res_s]))
    width = max(len(k) for k in keys)
    print(
        f"wave {args.wave}, jobs {args.jobs}: large {args.n:,} + {args.n:,}, "
        f"default {DEFAULT_N_ASYLUM} + {DEFAULT_N_PARTNERS}"
    )
    print(f"{'notebook':<{width}}  {'large':>9}  {'default':>9}  {'ratio':>7}")
    for key in keys:
        a, b = res_l.get(key), res_s.get(key)
        ok = all(r is not None and r.status == "ok" and r.duration_s > 0 for r in (a, b))
        ratio = f"{a.duration_s / b.duration_s:6.1f}x" if ok else f"{'':>7}"
        print(f"{key:<{width}}  {_cell(a)}  {_cell(b)}  {ratio}")
    totals = {
        "sum of notebook times": (
            sum(r.duration_s for r in res_l.values()),
            sum(r.duration_s for r in res_s.values()),
        ),
        "batch wall time": (batch_l, batch_s),
        "demo generation": (demo_l, demo_s),
    }
    for label, (a, b) in totals.items():
        print(f"{label:<{width}}  {a:8.1f}s  {b:8.1f}s  {a / b:6.1f}x")
    failed = [k for k in keys for r in (res_l.get(k), res_s.get(k)) if r and r.status == "failed"]
    if failed:
        raise SystemExit(f"failed: {', '.join(dict.fromkeys(failed))}")


if __name__ == "__main__":
    main()
