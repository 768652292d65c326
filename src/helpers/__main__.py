"""Command line: ``python -m helpers <command> ...``.

Each command lives in ``helpers/commands/<name>.py`` with a one-line ``HELP``, a
``configure(parser)`` that declares its options and a ``main(args) -> int``. The command modules
import their heavy libraries inside ``main`` so that ``--help`` and light commands start fast.
Unusable input raises :class:`helpers.errors.InputError`, printed here as one line (exit 2).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from helpers.errors import InputError

COMMANDS = ("demo", "clean", "impact", "power", "estimate", "run", "codebook")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kleine-keten-klantervaring")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="Kleine Keten customer-experience analysis: demo data, cleaning, "
        "impact analysis, power, batch reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"helpers.commands.{name}")
        p = sub.add_parser(name, help=module.HELP, description=module.__doc__)
        module.configure(p)
        p.set_defaults(_main=module.main)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._main(args) or 0)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
