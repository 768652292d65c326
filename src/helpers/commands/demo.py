"""Generate the synthetic demo waves: raw files as agencies deliver them, calibrated to the pilot.

Writes one folder per wave (default 2017-Q2 .. 2018-Q1 under data/raw) with the raw files (CSV,
SPSS and Excel, formats varying by wave), a wave.yml marked `synthetic: true` that documents the
deliberate defects and the planted trends, and a README. The same seed gives the same bytes. A
wave folder that is not a demo wave (its wave.yml lacks `synthetic: true`) is never overwritten.
"""

from __future__ import annotations

import argparse

HELP = "generate the synthetic demo waves (calibrated to the 2017 pilot) into the raw folder"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _waves(text: str) -> list[str]:
    waves = [w.strip() for w in text.split(",") if w.strip()]
    if not waves:
        raise argparse.ArgumentTypeError("expected a comma-separated list of waves (2017-Q2,...)")
    return waves


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="raw data folder to write the wave folders into (default: data/raw)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument(
        "--n-asylum",
        type=_positive_int,
        default=200,
        metavar="N",
        help="asylum seekers per wave (default: 200, the pilot's size)",
    )
    parser.add_argument(
        "--n-partners",
        type=_positive_int,
        default=290,
        metavar="N",
        help="chain partners per wave (default: 290, the pilot's size)",
    )
    parser.add_argument(
        "--waves",
        type=_waves,
        metavar="W1,W2,...",
        default=["2017-Q2", "2017-Q3", "2017-Q4", "2018-Q1"],
        help="comma-separated wave ids (default: 2017-Q2,2017-Q3,2017-Q4,2018-Q1)",
    )
    parser.add_argument(
        "--no-defects",
        action="store_true",
        help="do not plant the deliberate defects that cleaning must catch",
    )


def main(args: argparse.Namespace) -> int:
    from helpers.demo import write_demo
    from helpers.paths import RAW_DIR

    written = write_demo(
        out=args.out or RAW_DIR,
        seed=args.seed,
        n_asylum=args.n_asylum,
        n_partners=args.n_partners,
        waves=args.waves,
        defects=not args.no_defects,
        log=lambda line: print(line, flush=True),
    )
    print(f"{len(written)} synthetic demo wave(s) written")
    return 0
