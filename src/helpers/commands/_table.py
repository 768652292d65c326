"""The table a command reads and what it prints: one CSV file in (separator and encoding detected,
one error line), JSON or CSV out.

Shared by the commands that analyse a respondent file (``impact``, ``estimate``): the options they
have in common (:func:`add_table_argument`, :func:`add_weights_argument`,
:func:`add_format_argument`), reading the file (:func:`read_table`) and writing the result
(:func:`output_format`, :func:`write_json`).
"""

from __future__ import annotations

import argparse

#: Output formats of a table command (``--format``).
FORMATS = ("json", "csv")


def add_table_argument(parser: argparse.ArgumentParser) -> None:
    """The positional ``DATA.csv`` (and a help text that keeps the module docstring's layout)."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("data", metavar="DATA.csv", help="CSV file, one row per respondent")


def add_weights_argument(parser: argparse.ArgumentParser) -> None:
    """``--weights COL``: the survey weight column (none by default)."""
    parser.add_argument("--weights", metavar="COL", help="survey weight column (default: none)")


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    """``--format {json,csv}``: what goes to stdout (JSON by default)."""
    parser.add_argument(
        "--format", default="json", metavar="{json,csv}", help="output on stdout (default json)"
    )


def output_format(args: argparse.Namespace) -> str:
    """The ``--format`` asked for, as one of :data:`FORMATS` (else an InputError)."""
    from helpers.errors import InputError

    fmt = args.format.strip().lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown format {args.format!r}; choose json or csv")
    return fmt


def write_json(out: dict) -> None:
    """``out`` as indented JSON (UTF-8 as is) on stdout, ending in a newline."""
    import json
    import sys

    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def read_table(path: str):
    """Read a ';', ',' or tab separated file with pandas; any failure becomes one InputError.

    The encoding is UTF-8 (with or without a byte-order mark), else Latin-1; the separator is the
    one the header line holds most often.
    """
    from pathlib import Path

    import pandas as pd

    from helpers.errors import InputError

    file = Path(path)
    if not file.exists():
        raise InputError("file not found", file=path)
    if not file.is_file():
        raise InputError("not a file", file=path)
    try:
        head = file.read_bytes()[:65536]
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", file=path) from None
    encoding = "utf-8-sig"
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the 64 kB boundary
            encoding = "latin-1"
        text = head.decode(encoding, errors="ignore")
    if not text.strip():
        raise InputError("file is empty", file=path)
    # The header decides: column names hold no separators, whereas data rows with decimal commas
    # would fool a frequency-based sniffer into ','.
    header = text.lstrip().splitlines()[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    sep = max(counts, key=counts.get) if any(counts.values()) else ","
    try:
        return pd.read_csv(file, sep=sep, encoding=encoding)
    except pd.errors.EmptyDataError:
        raise InputError("file is empty", file=path) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot parse as CSV ({msg})", file=path) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", file=path) from None
