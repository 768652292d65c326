"""Print the data dictionary of a questionnaire from the codebook (the single source of truth).

One row per variable of the raw files: name, where cleaning puts it (ratings or respondents),
organisation and item, scale, Dutch and English label, the question, valid codes, "weet niet"
and missing codes, and routing (who is asked).
"""

from __future__ import annotations

import argparse

HELP = "print the codebook's data dictionary (per target group and questionnaire version)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--target-group",
        default="asielzoekers",
        help="asielzoekers or ketenpartners (default: asielzoekers)",
    )
    parser.add_argument("--version", help="questionnaire version (default: the latest)")
    parser.add_argument("--format", choices=("text", "csv"), default="text")


def main(args: argparse.Namespace) -> int:
    from helpers.codebook import load_codebook

    cb = load_codebook()
    version = cb.check_version(args.version or cb.versions[-1])
    table = cb.variable_table(cb.check_target_group(args.target_group), version)
    if args.format == "csv":
        print(table.to_csv(index=False), end="")
    else:
        print(f"{cb.label(args.target_group)}, vragenlijst {version}\n")
        print(table.fillna("").to_string(index=False))
    return 0
