"""Readers of a raw wave: its ``wave.yml`` and the agency's wide files (CSV, XLSX, SPSS .sav).

The readers know file formats, not the questionnaire: each returns a :class:`RawTable` whose cells
are stripped strings (``None`` for an empty cell), exactly as delivered, with the 1-based data row
number of every row, the rows that could not be parsed (malformed or truncated lines) and what was
detected (encoding, delimiter, decimal mark, SPSS value labels). Mapping columns and value labels to
the codebook happens in :mod:`helpers.cleaning`.

Unusable input raises :class:`helpers.errors.InputError` naming the file and the problem: a missing
``wave.yml``, an empty or undecodable file, a workbook that is not one, a duplicated column name.

Accepted CSV: ``;`` or ``,`` separated (detected from the header line), decimal comma or point,
UTF-8 with or without BOM, or cp1252. A file that is not valid UTF-8 is decoded line by line
(UTF-8 where a line is valid UTF-8, cp1252 otherwise), so a file mixing both encodings still reads;
the lines decoded as cp1252 are reported in :attr:`RawTable.warnings`.

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
import yaml

from helpers.errors import InputError

WAVE_FILE = "wave.yml"
FORMATS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".sav": "sav"}
_RAW_VALUE_MAX = 200  # characters of a rejected line kept in the quarantine file

__all__ = [
    "WaveFile",
    "Population",
    "WaveConfig",
    "BadRow",
    "RawTable",
    "read_wave_config",
    "read_raw_file",
    "read_csv_file",
    "read_xlsx_file",
    "read_sav_file",
    "normalise_column_name",
]


# ---------------------------------------------------------------------------------------------
# wave.yml
@dataclass(frozen=True)
class WaveFile:
    """One raw file of a wave: ``path`` relative to the wave folder, and its target group."""

    path: str
    target_group: str


@dataclass(frozen=True)
class Population:
    """Population facts of one target group (weighting, finite population correction)."""

    size: int | None = None
    response_rate: float | None = None
    margins: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class WaveConfig:
    """The parsed ``wave.yml`` of a raw wave folder; see :func:`read_wave_config`."""

    wave: str
    raw_dir: Path
    questionnaire_version: str
    synthetic: bool
    files: tuple[WaveFile, ...]
    population: dict[str, Population]
    fieldwork_start: dt.date | None = None
    fieldwork_end: dt.date | None = None
    defects: tuple[Any, ...] = ()
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def config_file(self) -> Path:
        return self.raw_dir / WAVE_FILE

    def file_path(self, wave_file: WaveFile) -> Path:
        return self.raw_dir / wave_file.path


def read_wave_config(raw_dir: str | Path, codebook=None) -> WaveConfig:
    """Read and check the ``wave.yml`` of a raw wave folder.

    Parameters
    ----------
    raw_dir : str or Path
        The wave folder (``data/raw/2017-Q2``).
    codebook : helpers.codebook.Codebook, optional
        Default :func:`helpers.codebook.load_codebook`.

    Returns
    -------
    WaveConfig

    Raises
    ------
    helpers.errors.InputError
        No such folder, no ``wave.yml``, invalid YAML, an unknown questionnaire version or target
        group, a listed file that does not exist or has an unsupported extension, margins that are
        not shares summing to 1.
    """
    from helpers.codebook import load_codebook

    cb = codebook or load_codebook()
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise InputError("no such wave folder", file=raw_dir)
    cfg_file = raw_dir / WAVE_FILE
    if not cfg_file.is_file():
        raise InputError(
            f"missing: a raw wave folder needs a {WAVE_FILE} (wave, questionnaire_version, files)",
            file=cfg_file,
        )
    try:
        spec = yaml.safe_load(cfg_file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=cfg_file
        ) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        loc = f" at line {where.line + 1}" if where is not None else ""
        raise InputError(
            f"not valid YAML{loc}: {getattr(exc, 'problem', exc)}", file=cfg_file
        ) from None
    if not isinstance(spec, dict):
        raise InputError(
            "must be a YAML mapping (wave, questionnaire_version, files, ...)", file=cfg_file
        )

    if "questionnaire_version" not in spec:
        raise InputError("missing key 'questionnaire_version'", file=cfg_file)
    version = cb.check_version(str(spec["questionnaire_version"]), file=cfg_file)

    files_spec = spec.get("files")
    if not isinstance(files_spec, list) or not files_spec:
        raise InputError(
            "key 'files' must list the raw files ({path: ..., target_group: ...})", file=cfg_file
        )
    files = []
    for i, entry in enumerate(files_spec, start=1):
        if not isinstance(entry, dict) or "path" not in entry or "target_group" not in entry:
            raise InputError(f"files entry {i} needs 'path' and 'target_group'", file=cfg_file)
        tg = str(entry["target_group"])
        if tg not in cb.target_groups:
            known = ", ".join(cb.target_groups)
            raise InputError(
                f"files entry {i}: unknown target group {tg!r} (known: {known})", file=cfg_file
            )
        rel = str(entry["path"])
        path = raw_dir / rel
        if Path(rel).suffix.lower() not in FORMATS:
            raise InputError(
                f"unsupported file type {Path(rel).suffix or '(none)'!r} (csv, xlsx or sav)",
                file=path,
            )
        if not path.is_file():
            raise InputError(f"listed in {WAVE_FILE} but not found", file=path)
        files.append(WaveFile(rel, tg))

    population = {}
    pop_spec = spec.get("population") or {}
    if not isinstance(pop_spec, dict):
        raise InputError("key 'population' must be a mapping per target group", file=cfg_file)
    for tg, p in pop_spec.items():
        if tg not in cb.target_groups:
            raise InputError(f"population: unknown target group {tg!r}", file=cfg_file)
        p = p or {}
        margins = {}
        for var, shares in (p.get("margins") or {}).items():
            if not isinstance(shares, dict) or not shares:
                raise InputError(
                    f"population.{tg}.margins.{var} must map categories to shares", file=cfg_file
                )
            try:
                clean = {str(k): float(v) for k, v in shares.items()}
            except (TypeError, ValueError):
                raise InputError(
                    f"population.{tg}.margins.{var}: shares must be numbers", file=cfg_file
                ) from None
            total = sum(clean.values())
            if any(v < 0 or not math.isfinite(v) for v in clean.values()) or abs(total - 1) > 0.02:
                raise InputError(
                    f"population.{tg}.margins.{var}: shares must be >= 0 and sum to 1 "
                    f"(they sum to {total:.3f})",
                    file=cfg_file,
                )
            margins[str(var)] = clean
        size = p.get("size")
        rr = p.get("response_rate")
        population[tg] = Population(
            size=int(size) if size is not None else None,
            response_rate=float(rr) if rr is not None else None,
            margins=margins,
        )

    fieldwork = spec.get("fieldwork") or {}
    defects = spec.get("defects") or []
    return WaveConfig(
        wave=str(spec.get("wave") or raw_dir.name),
        raw_dir=raw_dir,
        questionnaire_version=version,
        synthetic=bool(spec.get("synthetic", False)),
        files=tuple(files),
        population=population,
        fieldwork_start=_as_date(fieldwork.get("start"), cfg_file, "fieldwork.start"),
        fieldwork_end=_as_date(fieldwork.get("end"), cfg_file, "fieldwork.end"),
        defects=tuple(defects) if isinstance(defects, list) else (defects,),
        raw=spec,
    )


def _as_date(value, file, key) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{key} is not a date (YYYY-MM-DD): {value!r}", file=file) from None


# ---------------------------------------------------------------------------------------------
# raw tables
@dataclass(frozen=True)
class BadRow:
    """A raw row that could not be parsed into the table (it is quarantined whole)."""

    row: int
    reason: str  # malformed_row | truncated_row
    raw_value: str
    detail: str


@dataclass
class RawTable:
    """One raw file as read: string cells, row numbers, and what was detected.

    ``frame`` has the file's column names (normalised: stripped, lower case), object dtype, cells
    stripped strings or ``None``; ``rows`` holds the 1-based data row number of each frame row (the
    header is row 0); ``bad_rows`` the rows that could not be parsed. ``rows_read`` counts every
    non-blank data row: ``len(frame) + len(bad_rows)``.
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
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return len(self.frame) + len(self.bad_rows)


def read_raw_file(path: str | Path) -> RawTable:
    """Read one raw file; the format follows from the extension (csv/txt, xlsx, sav)."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unsupported file type {path.suffix!r} (csv, xlsx or sav)", file=path)
    if not path.is_file():
        raise InputError("file not found", file=path)
    if path.stat().st_size == 0:
        raise InputError("empty file (0 bytes)", file=path)
    reader = {"csv": read_csv_file, "xlsx": read_xlsx_file, "sav": read_sav_file}[fmt]
    return reader(path)


def normalise_column_name(name: Any) -> str:
    """Header cell -> column name: stripped of BOM, quotes and spaces, lower case.

    >>> normalise_column_name('\\ufeff "Respondent_ID" ')
    'respondent_id'
    """
    s = "" if name is None else str(name)
    return s.replace("\ufeff", "").strip().strip('"').strip().lower()


# -- CSV -----------------------------------------------------------------------------------------
_BOM = b"\xef\xbb\xbf"


def _decode(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Bytes -> text: UTF-8 (with or without BOM), else cp1252, else line by line (mixed)."""
    warnings: list[str] = []
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
            f"mixed encodings: {len(cp_lines)} line(s) decoded as cp1252 ({shown}), "
            "the others UTF-8"
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


def read_csv_file(path: str | Path) -> RawTable:
    """Read a raw CSV file (``;`` or ``,``, any of the accepted encodings).

    Rows with more fields than the header (extra fields not empty) or fewer are not parsed: they
    are returned in ``bad_rows`` (``truncated_row`` for a last line without line end that stops
    short, ``malformed_row`` otherwise). Blank lines are skipped and not counted as rows, but keep
    their place in the row numbering. A tab-separated file is read (and reported in
    ``warnings``); a header with a single column means the separator is not ``;`` or ``,``.
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
        warnings.append("tab-separated file (expected ';' or ','): read anyway")

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
    rows, cells, bad = [], [], []
    last_nonblank = max((i for i, r in enumerate(body) if any(f.strip() for f in r)), default=-1)
    for i, rec in enumerate(body):
        rownum = i + 1
        if not rec or not any(f.strip() for f in rec):
            continue  # blank line
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
    if encoding != "cp1252":
        for col in frame.columns:
            s = frame[col]
            mask = s.map(lambda v: isinstance(v, str) and bool(_MOJIBAKE.search(v))).to_numpy(bool)
            if mask.any():
                fixed = s[mask].map(_repair_mojibake)
                n_repaired += int((fixed != s[mask]).sum())
                frame.loc[mask, col] = fixed
    if n_repaired:
        warnings.append(
            f"repaired {n_repaired} cell(s) of UTF-8 text that had been decoded as "
            "cp1252 (mojibake such as 'Ã«' for 'ë')"
        )
    if not rows and not bad:
        raise InputError("no data rows (only a header)", file=path)
    decimal = _guess_decimal(frame)
    return RawTable(
        path=path,
        format="csv",
        frame=frame,
        rows=np.asarray(rows, dtype=np.int64),
        bad_rows=bad,
        encoding=encoding,
        delimiter=delimiter,
        decimal=decimal,
        warnings=warnings,
    )


def _guess_decimal(frame: pd.DataFrame) -> str | None:
    comma = point = 0
    for col in frame.columns:
        s = frame[col].dropna().astype(str)
        comma += int(s.str.match(_DECIMAL_COMMA).sum())
        point += int(s.str.match(_DECIMAL_POINT).sum())
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


def read_xlsx_file(path: str | Path) -> RawTable:
    """Read the first sheet of a workbook; the header is the first non-empty row.

    Fully empty rows are skipped (and not counted); the row number of a data row is its sheet row
    minus the header row.
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
    rows, cells = [], []
    for i, rec in enumerate(values[h + 1 :], start=1):
        conv = [_xlsx_cell(v) for v in rec]
        if len(conv) > ncol:
            conv = conv[:ncol]
        conv += [None] * (ncol - len(conv))
        if all(c is None for c in conv):
            continue
        rows.append(i)
        cells.append(conv)
    if not rows:
        raise InputError("no data rows (only a header)", file=path)
    frame = pd.DataFrame(cells, columns=header, dtype=object)
    return RawTable(
        path=path,
        format="xlsx",
        frame=frame,
        rows=np.asarray(rows, dtype=np.int64),
        encoding=None,
        delimiter=None,
        decimal=_guess_decimal(frame),
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
    {code: label}) for :mod:`helpers.cleaning` to check against the codebook.
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
