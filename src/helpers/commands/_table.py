"""The table a command reads: one CSV file, separator and encoding detected, one error line.

Shared by the commands that analyse a respondent file (``impact``, ``estimate``).
"""

from __future__ import annotations


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
