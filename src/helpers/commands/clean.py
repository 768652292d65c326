"""Clean one raw survey wave into the processed tables.

Reads RAW_WAVE_DIR (its wave.yml and the raw files it lists), validates every cell against the
codebook, applies routing and the quality rules, rakes the weights and writes
respondents.parquet, ratings.parquet, quarantine.csv and cleaning_log.json to --out (default:
data/processed/<wave>). Rows read always equal rows kept plus rows quarantined; every rejected
row or cell is in quarantine.csv with its reason. The summary ends with the status of the wave
(also "status" in cleaning_log.json): ok, warnings (e.g. ignored or absent columns) or incomplete
(an organisation's overall judgement, or all respondents of a file, missing). Exit 0 when the wave
was processed (also when rows were quarantined or there were warnings; with --quiet the warnings
still go to stderr), 2 with one line "error: <file>: <problem>" when the input cannot be used.

Examples:
  python -m helpers clean data/raw/2017-Q2
  python -m helpers clean data/raw/2017-Q2 --out /tmp/2017-Q2 --keep-speeders --min-web-minutes 2
"""

from __future__ import annotations

import argparse
import math

from helpers.errors import InputError

HELP = "clean a raw wave: validate, recode, route, quarantine, weight; write the processed tables"


def configure(parser: argparse.ArgumentParser) -> None:
    # Numbers are read as text and checked in main: a bad value ends as one ``error:`` line.
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("raw_dir", metavar="RAW_WAVE_DIR", help="raw wave folder with a wave.yml")
    parser.add_argument(
        "--out", metavar="PROCESSED_WAVE_DIR", help="output folder (default: data/processed/<wave>)"
    )
    parser.add_argument(
        "--keep-straightliners",
        action="store_true",
        help="keep straightliners (flagged) instead of excluding them",
    )
    parser.add_argument(
        "--straightline-min-items",
        metavar="K",
        default="8",
        help="least number of aspect answers for a straight line (default 8)",
    )
    parser.add_argument(
        "--straightline-scope",
        choices=("all_blocks", "any_block"),
        default="all_blocks",
        help="same answer on all aspects of all organisations (default) or on "
        "every aspect of any one organisation",
    )
    parser.add_argument(
        "--keep-speeders",
        action="store_true",
        help="keep fast web responses (flagged) instead of excluding them",
    )
    parser.add_argument(
        "--min-web-minutes",
        metavar="M",
        default="3.0",
        help="web responses faster than this are speeders (default 3.0)",
    )
    parser.add_argument(
        "--trim",
        metavar="LO,HI",
        default="0.3,3",
        help="bounds of the raked weights relative to their mean (default 0.3,3)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print only warnings (to stderr), nothing when ok"
    )


def _number(option: str, text: str) -> float:
    try:
        value = float(str(text).replace(",", "."))
    except (TypeError, ValueError):
        raise InputError(f"{option} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise InputError(f"{option} must be a finite number, got {text!r}")
    return value


def _rules(args: argparse.Namespace):
    from helpers.data import CleaningRules

    k = _number("--straightline-min-items", args.straightline_min_items)
    if not k.is_integer():
        raise InputError(f"--straightline-min-items must be a whole number, got {k:g}")
    parts = str(args.trim).split(",")
    if len(parts) != 2:
        raise InputError(f"--trim must be LO,HI (e.g. 0.3,3), got {args.trim!r}")
    lo, hi = (_number("--trim", p) for p in parts)
    return CleaningRules(
        exclude_straightliners=not args.keep_straightliners,
        straightline_min_items=int(k),
        straightline_scope=args.straightline_scope,
        exclude_speeders=not args.keep_speeders,
        min_web_minutes=_number("--min-web-minutes", args.min_web_minutes),
        trim_lower=lo,
        trim_upper=hi,
    )


def main(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.data import clean_wave, read_wave_config
    from helpers.paths import processed_wave_dir

    rules = _rules(args)
    raw_dir = Path(args.raw_dir)
    if args.out:
        out = Path(args.out)
    else:
        out = processed_wave_dir(read_wave_config(raw_dir).wave)
    result = clean_wave(raw_dir, out, rules)
    if not args.quiet:
        print(result.summary())
    elif result.status != "ok":
        import sys

        for w in result.log["warnings"]:
            print(f"warning: {w['file'] or w['target_group']}: {w['message']}", file=sys.stderr)
        print(f"status: {result.status_line()}", file=sys.stderr)
    return 0
