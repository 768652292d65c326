"""Run every notebook of every wave with papermill and write the HTML reports and index page.

For each wave: cleaning first, then descriptives per target group, the impact analysis for every
organisation and target group, and power; then trends and context across waves. Executed notebooks
are kept under reports/<wave>/notebooks/ with their key figures; reports/index.html links it all.
Without a context/ folder beside the raw waves the context notebook is left out (the summary and
the index say so). Parameters are checked before anything runs: -p refuses an undeclared name, a
value outside its allowed range or set, and a parameter the plan sets per report (wave,
target_group, organisation, raw_root, processed_root, key_figures_path: use --wave, --raw,
--processed, --reports). Exit 0 when every notebook succeeded (or stopped early on purpose, or was
left out for lack of data), 1 when any failed, 2 when the input was refused.
"""

from __future__ import annotations

import argparse
import os
import sys

HELP = "run all notebooks of the waves (papermill) and write HTML reports + index"


def _parameter(text: str) -> tuple[str, object]:
    import yaml

    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    name, value = text.split("=", 1)
    return name.strip(), yaml.safe_load(value)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wave",
        action="append",
        metavar="W",
        help="wave to run (repeatable; default: every wave under the raw folder)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="notebooks run in parallel (default: number of cores)",
    )
    parser.add_argument(
        "--force", action="store_true", help="rerun notebooks whose inputs did not change"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan (which notebooks would run, which are up to date, and why) and stop",
    )
    parser.add_argument("--raw", metavar="DIR", help="raw data folder (default: data/raw)")
    parser.add_argument(
        "--processed", metavar="DIR", help="processed data folder (default: data/processed)"
    )
    parser.add_argument("--reports", metavar="DIR", help="reports folder (default: reports)")
    parser.add_argument(
        "-p",
        "--parameter",
        action="append",
        type=_parameter,
        default=[],
        metavar="NAME=VALUE",
        help="extra notebook parameter for every notebook that declares it "
        "(e.g. -p bootstrap=500); refused: an undeclared name, a value outside its allowed "
        "range or set, and a parameter the plan sets per report (wave, target_group, "
        "organisation, folders: use --wave, --raw, --processed, --reports)",
    )


def main(args: argparse.Namespace) -> int:
    from helpers.batch import run_batch, summary_lines
    from helpers.errors import InputError

    if args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    if args.dry_run:
        from helpers.batch import dry_run_lines

        for line in dry_run_lines(
            waves=args.wave,
            force=args.force,
            raw_root=args.raw,
            processed_root=args.processed,
            reports_root=args.reports,
            extra_parameters=dict(args.parameter),
        ):
            print(line)
        return 0
    results, index = run_batch(
        waves=args.wave,
        jobs=args.jobs,
        force=args.force,
        raw_root=args.raw,
        processed_root=args.processed,
        reports_root=args.reports,
        extra_parameters=dict(args.parameter),
    )
    for line in summary_lines(results, index.parent):
        print(line, file=sys.stderr)
    print(f"index: {index}")
    return 1 if any(r.status in ("failed", "skipped") for r in results) else 0
