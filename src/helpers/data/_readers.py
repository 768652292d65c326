"""Readers of a raw wave: its ``wave.yml`` and the agency's wide files (CSV, XLSX, SPSS .sav).

The readers know file formats, not the questionnaire: each returns a :class:`RawTable` whose cells
are stripped strings (``None`` for an empty cell), exactly as delivered, with the 1-based data row
number of every row, the rows that could not be parsed (malformed or truncated lines) and what was
detected (encoding, delimiter, decimal mark, SPSS value labels). Mapping columns and value labels to
the codebook happens in :mod:`helpers.data._cleaning`.

Unusable input raises :class:`helpers.errors.InputError` naming the file and the problem: a missing
``wave.yml`` or an unknown key in it, an empty or undecodable file, a workbook that is not one, a
duplicated column name, an export header row among the data rows.

Survey-platform exports (Qualtrics) carry one or two extra header rows below the column names
(question texts, ``{"ImportId":"QID1"}``) and the platform's own columns (``StartDate``,
``Status``, ``Progress``, ``Finished``, ``ResponseId``, ...). The extra rows are skipped by the
rule of :func:`read_raw_file` (``header_rows`` per file in ``wave.yml``: ``auto`` or a number) and
reported in :attr:`RawTable.notes`; the platform columns are listed in
:attr:`RawTable.platform_columns` for :mod:`helpers.data._cleaning` to drop.

Accepted CSV: ``;`` or ``,`` separated (detected from the header line), decimal comma or point,
UTF-8 with or without BOM, or cp1252. A file that is not valid UTF-8 is decoded line by line
(UTF-8 where a line is valid UTF-8, cp1252 otherwise), so a file mixing both encodings still reads;
the lines decoded as cp1252 are reported in :attr:`RawTable.warnings` (:class:`Notice` objects).

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.csv").write_bytes("respondent_id;azc;duur_minuten\\nA1;Zoë;3,5\\n".encode("cp1252"))
>>> t = read_raw_file(d / "a.csv")
>>> t.delimiter, t.encoding, t.decimal, t.frame.iloc[0].tolist(), t.rows.tolist()
(';', 'cp1252', ',', ['A1', 'Zoë', '3,5'], [1])
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.errors import InputError

FORMATS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".sav": "sav"}
AUTO = "auto"  # header rows below the column names: detected
_RAW_VALUE_MAX = 200  # characters of a rejected line kept in the quarantine file

__all__ = [
    "BadRow",
    "RawTable",
    "Notice",
    "NOTICE_CODES",
    "PLATFORM_COLUMNS",
    "read_raw_file",
    "read_csv_file",
    "read_xlsx_file",
    "read_sav_file",
    "normalise_column_name",
]


# ---------------------------------------------------------------------------------------------
# raw tables
#: Every code of a :class:`Notice`: a warning asks for a look, a note records a rule applied.
NOTICE_CODES = {
    "mixed_encodings": "warning",
    "tab_separated": "warning",
    "mojibake_repaired": "warning",
    "columns_other_version": "warning",
    "columns_ignored": "warning",
    "columns_absent": "warning",
    "outcome_columns_absent": "warning",
    "value_labels_remapped": "warning",
    "no_respondents": "warning",
    "weighting_too_small": "warning",
    "weighting_category_absent": "warning",
    "weighting_category_without_target": "warning",
    "weighting_margin_skipped": "warning",
    "weighting_margins_approximate": "warning",
    "weighting_value_missing": "note",
    "export_header_rows": "note",
    "platform_columns_dropped": "note",
    "columns_renamed": "note",
}


@dataclass(frozen=True)
class Notice:
    """A warning or a note about the input, for the cleaning log and the cleaning report.

    ``code`` says what it is (the report words it in Dutch), ``message`` says it in one English
    line (console, log); ``subject`` (a column, a margin variable), ``count`` and ``items`` (the
    columns, rows or categories concerned) let the report word it without parsing the message.
    """

    code: str
    message: str
    subject: str | None = None
    count: int | None = None
    items: tuple = ()

    def __post_init__(self):
        if self.code not in NOTICE_CODES:  # a programming error: register the code
            raise ValueError(f"unknown notice code {self.code!r}")

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "subject": self.subject,
            "count": self.count,
            "items": [i if isinstance(i, (int, float)) else str(i) for i in self.items],
            "message": self.message,
        }


@dataclass(frozen=True)
class BadRow:
    """A raw row that could not be parsed into the table (it is quarantined whole).

    ``fields`` holds the stripped cells read before a ``truncated_row`` was cut off (the last
    of them may be cut); empty for a ``malformed_row``, whose cells cannot be placed.
    """

    row: int
    reason: str  # malformed_row | truncated_row
    raw_value: str
    detail: str
    fields: tuple[str | None, ...] = ()


@dataclass
class RawTable:
    """One raw file as read: string cells, row numbers, and what was detected.

    ``frame`` has the file's column names (normalised: stripped, lower case), object dtype, cells
    stripped strings or ``None``; ``rows`` holds the 1-based data row number of each frame row (the
    header is row 0); ``bad_rows`` the rows that could not be parsed. ``rows_read`` counts every
    non-blank data row: ``len(frame) + len(bad_rows)``. ``header_rows`` are the row numbers of
    the extra header rows of a survey-platform export that were skipped (not data rows), and
    ``platform_columns`` the platform's own columns (``startdate``, ``responseid``, ...), see
    :func:`read_raw_file`; ``warnings`` and ``notes`` are :class:`Notice` objects.
    """

    path: Path
    format: str
    frame: pd.DataFrame
    rows: np.ndarray
    bad_rows: list[BadRow] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    value_labels: dict[str, dict[int, str]] = field(default_factory=dict)
    warnings: list[Notice] = field(default_factory=list)
    notes: list[Notice] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    platform_columns: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return len(self.frame) + len(self.bad_rows)


def read_raw_file(path: str | Path, header_rows: int | str = AUTO) -> RawTable:
    """Read one raw file; the format follows from the extension (csv/txt, xlsx, sav).

    Parameters
    ----------
    path : str or Path
    header_rows : int or "auto"
        Extra header rows below the column names (CSV and XLSX): a survey-platform export
        (Qualtrics) has a row of question texts and a row of ImportIds (``{"ImportId":"QID1"}``)
        there. ``"auto"`` skips the leading rows (at most 2) that are such rows: a row up to an
        ImportId row, or a row whose platform columns hold their own labels (``Start Date`` under
        ``StartDate``). A number skips exactly that many rows. The skipped rows are not data rows
        (``RawTable.header_rows``, and a note).

    Raises
    ------
    helpers.errors.InputError
        Besides unreadable files: an export header row (ImportIds, platform labels) among the data
        rows, or a leading row that is only partly one: which rows are respondents is ambiguous.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unsupported file type {path.suffix!r} (csv, xlsx or sav)", file=path)
    if not path.is_file():
        raise InputError("file not found", file=path)
    if path.stat().st_size == 0:
        raise InputError("empty file (0 bytes)", file=path)
    if fmt == "sav":
        if header_rows not in (AUTO, 0):
            raise InputError(
                f"header_rows: {header_rows} does not apply to an SPSS file (no header rows)",
                file=path,
            )
        table = read_sav_file(path)
    else:
        table = {"csv": read_csv_file, "xlsx": read_xlsx_file}[fmt](path, header_rows)
    table.platform_columns = _export_platform_columns(list(table.frame.columns), table.header_rows)
    return table


# -- survey-platform exports ---------------------------------------------------------------------
#: Columns a survey platform (Qualtrics) adds to an export, normalised. ``status`` (the response
#: type) is one only in a file that also has three of the others: it is a codebook column too.
PLATFORM_COLUMNS = (
    "startdate",
    "enddate",
    "status",
    "ipaddress",
    "progress",
    "duration (in seconds)",
    "finished",
    "recordeddate",
    "responseid",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externalreference",
    "locationlatitude",
    "locationlongitude",
    "distributionchannel",
    "userlanguage",
)
MAX_EXPORT_HEADER_ROWS = 2
_IMPORT_ID = re.compile(r'^\{\s*"importid"\s*:', re.IGNORECASE)


def _export_platform_columns(header: list[str], header_rows: list[int]) -> list[str]:
    """The platform's own columns of a file that is a survey-platform export, else []."""
    present = [c for c in header if c in PLATFORM_COLUMNS]
    if header_rows or sum(c != "status" for c in present) >= 3:
        return present
    return []


def _squash(text: str) -> str:
    return re.sub(r"[\s_]+", "", str(text).lower())


def _header_kind(cells: list, header: list[str]) -> str | None:
    """``"import_ids"``, ``"labels"``, ``"partial"`` (ImportIds in a minority of the cells) or None.

    >>> h = ["startdate", "responseid", "q1"]
    >>> _header_kind(['{"ImportId":"startDate"}', '{"ImportId":"_recordId"}', None], h)
    'import_ids'
    >>> _header_kind(["Start Date", "Response ID", "Hoe tevreden bent u?"], h)
    'labels'
    >>> _header_kind(["2017-05-01", "R_1", "3"], h)
    """
    filled = [c for c in cells if c]
    n_import = sum(bool(_IMPORT_ID.match(c)) for c in filled)
    if n_import:
        return "import_ids" if 2 * n_import >= len(filled) else "partial"
    labels = sum(
        1
        for name, c in zip(header, cells, strict=False)
        if c and name in PLATFORM_COLUMNS and _squash(c) == _squash(name)
    )
    return "labels" if labels >= 2 else None


def _export_header_rows(
    records: list[tuple[int, list]],
    header: list[str],
    setting: int | str,
    path: Path,
    import_ids: bool,
) -> tuple[set[int], list[Notice]]:
    """Row numbers of the extra header rows to skip, and the note saying so.

    ``records`` are the non-blank data records (row number, cells) in file order; ``import_ids``
    says whether the file holds the text "ImportId" anywhere (when it does not and has fewer than
    two platform columns, no row can look like an export header and none is examined). See
    :func:`read_raw_file` for the rule; an export header row left among the data is an error.
    """
    if import_ids or sum(c in PLATFORM_COLUMNS for c in header) >= 2:
        kinds = [_header_kind(cells, header) for _, cells in records]
    else:
        kinds = [None] * len(records)
    if setting == AUTO:
        lead = kinds[:MAX_EXPORT_HEADER_ROWS]
        k = max((i + 1 for i, kind in enumerate(lead) if kind == "import_ids"), default=0)
        if not k:  # no ImportId row: the leading rows that show the platform's labels
            while k < len(lead) and lead[k] == "labels":
                k += 1
        rule = "header_rows: auto"
    else:
        k = int(setting)
        if k >= len(records):
            raise InputError(
                f"header_rows: {k} in wave.yml, but the file has only {len(records)} row(s) "
                "below the column names",
                file=path,
            )
        rule = f"header_rows: {k}"
    for (row, _), kind in zip(records[k:], kinds[k:], strict=True):
        if kind is not None:
            what = {
                "import_ids": "ImportIds",
                "partial": "some ImportId cells",
                "labels": "the labels of the platform's columns",
            }[kind]
            raise InputError(
                f"row {row} holds {what} of a survey-platform export header, but is read as a "
                f"respondent ({rule}): set header_rows for this file in wave.yml to the number "
                "of header rows below the column names, or remove the stray header rows",
                file=path,
            )
    skipped = [row for row, _ in records[:k]]
    notes = []
    if skipped:
        kinds_found = sorted({kind or "other" for kind in kinds[:k]})
        notes.append(
            Notice(
                "export_header_rows",
                f"{len(skipped)} export header row(s) below the column names skipped "
                f"(row(s) {', '.join(map(str, skipped))}: {', '.join(kinds_found)}; {rule})",
                count=len(skipped),
                items=tuple(skipped),
            )
        )
    return set(skipped), notes


def normalise_column_name(name: Any) -> str:
    """Header cell -> column name: stripped of BOM, quotes and spaces, lower case.

    >>> normalise_column_name('\\ufeff "Respondent_ID" ')
    'respondent_id'
    """
    s = "" if name is None else str(name)
    return s.replace("\ufeff", "").strip().strip('"').strip().lower()


# -- CSV -----------------------------------------------------------------------------------------
_BOM = b"\xef\xbb\xbf"


def _decode(data: bytes, path: Path) -> tuple[str, str, list[Notice]]:
    """Bytes -> text: UTF-8 (with or without BOM), else cp1252, else line by line (mixed)."""
    warnings: list[Notice] = []
    if b"\x00" in data:
        raise InputError(
            "cannot decode: the file contains NUL bytes (UTF-16 or not a text file); "
            "save it as UTF-8 or cp1252 CSV",
            file=path,
        )
    bom = data.startswith(_BOM)
    body = data[len(_BOM) :] if bom else data
    try:
        return body.decode("utf-8"), ("utf-8-sig" if bom else "utf-8"), warnings
    except UnicodeDecodeError:
        pass
    lines = body.split(b"\n")
    out, n_utf8_nonascii, cp_lines = [], 0, []
    for i, line in enumerate(lines):
        try:
            text = line.decode("utf-8")
            if not line.isascii():
                n_utf8_nonascii += 1
        except UnicodeDecodeError:
            try:
                text = line.decode("cp1252")
            except UnicodeDecodeError as exc:
                bad = line[exc.start]
                raise InputError(
                    f"cannot decode line {i + 1}: byte 0x{bad:02x} at column {exc.start + 1} is "
                    "neither UTF-8 nor cp1252",
                    file=path,
                ) from None
            cp_lines.append(i + 1)
        out.append(text)
    if n_utf8_nonascii:
        shown = ", ".join(map(str, cp_lines[:10])) + (" ..." if len(cp_lines) > 10 else "")
        warnings.append(
            Notice(
                "mixed_encodings",
                f"mixed encodings: {len(cp_lines)} line(s) decoded as cp1252 ({shown}), "
                "the others UTF-8",
                count=len(cp_lines),
                items=tuple(cp_lines[:10]),
            )
        )
        encoding = "mixed utf-8/cp1252"
    else:
        encoding = "cp1252"
    return "\n".join(out), encoding, warnings


_MOJIBAKE = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6-\u02dc\u20ac\u2122]"
)


def _repair_mojibake(value: str) -> str:
    """Undo UTF-8 text that was decoded as cp1252 once (``Zoë`` read as ``ZoÃ«``)."""
    if not _MOJIBAKE.search(value):
        return value
    try:
        return value.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _count_outside_quotes(line: str, ch: str) -> int:
    n, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == ch and not quoted:
            n += 1
    return n


def _detect_delimiter(header: str) -> str:
    counts = {d: _count_outside_quotes(header, d) for d in (";", ",", "\t")}
    if counts[";"] and counts[";"] >= counts[","]:
        return ";"
    if counts[","]:
        return ","
    if counts["\t"]:
        return "\t"
    return ";"


_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")
_DECIMAL_POINT = re.compile(r"^[-+]?\d+\.\d+$")


def read_csv_file(path: str | Path, header_rows: int | str = AUTO) -> RawTable:
    """Read a raw CSV file (``;`` or ``,``, any of the accepted encodings).

    Rows with more fields than the header (extra fields not empty) or fewer are not parsed: they
    are returned in ``bad_rows`` (``truncated_row`` for a last line without line end that stops
    short, ``malformed_row`` otherwise). Blank lines are skipped and not counted as rows, but keep
    their place in the row numbering. A tab-separated file is read (and reported in
    ``warnings``); a header with a single column means the separator is not ``;`` or ``,``.
    Extra header rows of a survey-platform export are skipped (``header_rows``, see
    :func:`read_raw_file`).
    """
    path = Path(path)
    data = path.read_bytes()
    if not data.strip(b" \t\r\n" + _BOM):
        raise InputError("empty file (no header, no data)", file=path)
    text, encoding, warnings = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    ends_with_newline = text.endswith("\n")
    first_line = next(line for line in text.split("\n") if line.strip())
    delimiter = _detect_delimiter(first_line)
    if delimiter == "\t":
        warnings.append(
            Notice("tab_separated", "tab-separated file (expected ';' or ','): read anyway")
        )

    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', strict=False)
    records = list(reader)
    # header: the first non-blank record
    h = 0
    while h < len(records) and not any(f.strip() for f in records[h]):
        h += 1
    header = [normalise_column_name(c) for c in records[h]]
    # drop trailing empty header cells (a trailing delimiter)
    while header and header[-1] == "":
        header.pop()
    if len(header) <= 1:
        raise InputError(
            f"the header line has {len(header)} column(s) ({first_line[:60]!r}): the file is not "
            "separated by ';' or ',' (wrong delimiter?)",
            file=path,
        )
    _check_header(header, path)
    ncol = len(header)

    body = records[h + 1 :]
    nonblank = [i for i, r in enumerate(body) if any(f.strip() for f in r)]
    last_nonblank = nonblank[-1] if nonblank else -1
    skip, notes = _export_header_rows(
        [(i + 1, [_cell(f) for f in body[i]]) for i in nonblank],
        header,
        header_rows,
        path,
        "importid" in text.lower(),
    )
    rows, cells, bad = [], [], []
    for i, rec in enumerate(body):
        rownum = i + 1
        if not rec or not any(f.strip() for f in rec) or rownum in skip:
            continue  # blank line or an export header row
        fields = rec
        if len(fields) > ncol and not any(f.strip() for f in fields[ncol:]):
            fields = fields[:ncol]
        if len(fields) == ncol:
            rows.append(rownum)
            cells.append([_cell(f) for f in fields])
            continue
        raw_line = delimiter.join(rec)[:_RAW_VALUE_MAX]
        if len(fields) < ncol and i == last_nonblank and not ends_with_newline:
            bad.append(
                BadRow(
                    rownum,
                    "truncated_row",
                    raw_line,
                    f"last line cut off: {len(fields)} of {ncol} fields, no line end",
                    tuple(_cell(f) for f in fields),
                )
            )
        elif len(fields) < ncol:
            bad.append(
                BadRow(
                    rownum,
                    "malformed_row",
                    raw_line,
                    f"{len(fields)} field(s), the header has {ncol}",
                )
            )
        else:
            bad.append(
                BadRow(
                    rownum,
                    "malformed_row",
                    raw_line,
                    f"{len(fields)} fields, the header has {ncol} (wrong delimiter "
                    "or an unquoted separator in a value?)",
                )
            )
    frame = (
        pd.DataFrame(cells, columns=header, dtype=object)
        if cells
        else pd.DataFrame({c: pd.Series([], dtype=object) for c in header})
    )
    n_repaired = 0
    if encoding != "cp1252" and _MOJIBAKE.search(text):
        for col in frame.columns:
            s = frame[col]
            mask = s.map(lambda v: isinstance(v, str) and bool(_MOJIBAKE.search(v))).to_numpy(bool)
            if mask.any():
                fixed = s[mask].map(_repair_mojibake)
                n_repaired += int((fixed != s[mask]).sum())
                frame.loc[mask, col] = fixed
    if n_repaired:
        warnings.append(
            Notice(
                "mojibake_repaired",
                f"repaired {n_repaired} cell(s) of UTF-8 text that had been decoded as "
                "cp1252 (mojibake such as 'Ã«' for 'ë')",
                count=n_repaired,
            )
        )
    if not rows and not bad:
        raise InputError("no data rows (only a header)", file=path)
    return RawTable(
        path=path,
        format="csv",
        frame=frame,
        rows=np.asarray(rows, dtype=np.int64),
        bad_rows=bad,
        encoding=encoding,
        delimiter=delimiter,
        decimal=_guess_decimal(frame),
        warnings=warnings,
        notes=notes,
        header_rows=sorted(skip),
    )


def _guess_decimal(frame: pd.DataFrame) -> str | None:
    cells = pd.Series(frame.to_numpy(dtype=object).ravel(), dtype=object).dropna().astype(str)
    comma = int(cells.str.match(_DECIMAL_COMMA).sum())
    point = int(cells.str.match(_DECIMAL_POINT).sum())
    if comma > point:
        return ","
    if point:
        return "."
    return None


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _check_header(header: list[str], path: Path) -> None:
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if not name:
            raise InputError(f"column {i} has an empty name in the header", file=path)
        if name in seen:
            raise InputError(
                f"duplicate column name {name!r} (columns {seen[name]} and {i})", file=path
            )
        seen[name] = i


# -- XLSX ----------------------------------------------------------------------------------------
def _xlsx_cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return _cell(value)


def read_xlsx_file(path: str | Path, header_rows: int | str = AUTO) -> RawTable:
    """Read the first sheet of a workbook; the header is the first non-empty row.

    Fully empty rows are skipped (and not counted); the row number of a data row is its sheet row
    minus the header row. Extra header rows of a survey-platform export are skipped
    (``header_rows``, see :func:`read_raw_file`).
    """
    import zipfile

    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"cannot read as an Excel workbook (.xlsx): {exc}", file=path) from None
    except Exception as exc:  # openpyxl raises its own types for broken workbooks
        raise InputError(
            f"cannot read as an Excel workbook (.xlsx): {type(exc).__name__}: {exc}", file=path
        ) from None
    try:
        ws = wb.worksheets[0]
        values = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    h = 0
    while h < len(values) and all(v is None or str(v).strip() == "" for v in values[h]):
        h += 1
    if h >= len(values):
        raise InputError("empty workbook (the first sheet has no header)", file=path)
    header = [normalise_column_name(c) for c in values[h]]
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise InputError("empty header row", file=path)
    _check_header(header, path)
    ncol = len(header)
    records = []
    for i, rec in enumerate(values[h + 1 :], start=1):
        conv = [_xlsx_cell(v) for v in rec]
        if len(conv) > ncol:
            conv = conv[:ncol]
        conv += [None] * (ncol - len(conv))
        if any(c is not None for c in conv):
            records.append((i, conv))
    import_ids = any("importid" in c.lower() for _, conv in records for c in conv if c)
    skip, notes = _export_header_rows(records, header, header_rows, path, import_ids)
    records = [(i, conv) for i, conv in records if i not in skip]
    if not records:
        raise InputError("no data rows (only a header)", file=path)
    frame = pd.DataFrame([conv for _, conv in records], columns=header, dtype=object)
    return RawTable(
        path=path,
        format="xlsx",
        frame=frame,
        rows=np.asarray([i for i, _ in records], dtype=np.int64),
        encoding=None,
        delimiter=None,
        decimal=_guess_decimal(frame),
        notes=notes,
        header_rows=sorted(skip),
    )


# -- SPSS ----------------------------------------------------------------------------------------
def _sav_cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (np.floating,)):
        return _sav_cell(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return None
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _cell(value)


def read_sav_file(path: str | Path) -> RawTable:
    """Read an SPSS ``.sav`` file with pyreadstat: codes as delivered plus the value labels.

    User-missing values (e.g. 9 declared missing) are kept as their codes, so "weet niet" and "no
    answer" stay distinguishable; the value labels are returned in ``value_labels`` (column ->
    {code: label}) for :mod:`helpers.data._cleaning` to check against the codebook.
    """
    import pyreadstat

    path = Path(path)
    try:
        df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=True)
    except Exception as exc:  # pyreadstat raises ReadstatError / PyreadstatError / OSError
        msg = str(exc).strip() or type(exc).__name__
        raise InputError(f"cannot read as an SPSS .sav file: {msg}", file=path) from None
    header = [normalise_column_name(c) for c in df.columns]
    _check_header(header, path)
    cells = [[_sav_cell(v) for v in df[c].tolist()] for c in df.columns]
    frame = pd.DataFrame(dict(zip(header, cells, strict=True)), dtype=object) if len(df) else None
    if frame is None or not len(frame):
        raise InputError("no data rows (only a header)", file=path)
    keep = ~frame.isna().all(axis=1).to_numpy()
    rows = np.arange(1, len(frame) + 1, dtype=np.int64)[keep]
    frame = frame.loc[keep].reset_index(drop=True)
    labels = {}
    for col, mapping in (meta.variable_value_labels or {}).items():
        conv = {}
        for k, v in mapping.items():
            try:
                kf = float(k)
            except (TypeError, ValueError):
                continue
            if kf.is_integer():
                conv[int(kf)] = str(v)
        labels[normalise_column_name(col)] = conv
    return RawTable(
        path=path,
        format="sav",
        frame=frame,
        rows=rows,
        encoding=meta.file_encoding,
        value_labels=labels,
    )
