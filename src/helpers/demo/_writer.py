"""File formats of the demo waves: CSV, SPSS ``.sav`` and XLSX as agencies deliver them.

Formats rotate by quarter (:data:`FORMAT_PLANS`), so that every wave of the bundled demo exercises
other reader paths: ``;``-separated CSV with a decimal comma in UTF-8 with a BOM, the same in cp1252
with Windows line ends and ``dd-mm-yyyy`` dates, a CSV with the Dutch value labels instead of codes
in the rating columns, a ``,``-separated CSV with decimal points, SPSS files with variable and value
labels from the codebook, and one Excel workbook.

Every writer is byte-for-byte deterministic: pyreadstat stamps the creation time into the SPSS
header and openpyxl stamps the save time into the workbook (``docProps/core.xml`` and every zip
entry); both are replaced by the wave's last fieldwork day.

Examples
--------
>>> sorted(file_names("2017-Q2").items())
[('asielzoekers', 'asielzoekers.csv'), ('ketenpartners', 'ketenpartners.sav')]
>>> plan("2017-Q4")["asielzoekers"].labels
True
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from helpers.codebook import Codebook, load_codebook
from helpers.demo._model import quarters_since
from helpers.demo._waves import fieldwork

LABEL_SCALES = ("oordeel5", "wel_niet5", "eens5", "ja_nee5")  # exported as text in a label CSV
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class FileFormat:
    """How one raw file is written."""

    kind: str  # csv | sav | xlsx
    sep: str = ";"
    decimal: str = ","
    encoding: str = "utf-8"
    date_format: str = "%Y-%m-%d"
    line_end: str = "\n"
    labels: bool = False  # rating columns hold the Dutch value label instead of the code

    @property
    def extension(self) -> str:
        return self.kind

    def describe(self) -> str:
        if self.kind == "sav":
            return "SPSS .sav with variable and value labels"
        if self.kind == "xlsx":
            return "Excel workbook, first sheet, header in row 1"
        enc = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "cp1252": "cp1252 (Windows)"}
        text = (
            f"CSV, '{self.sep}'-separated, decimal {'comma' if self.decimal == ',' else 'point'}, "
            f"{enc.get(self.encoding, self.encoding)}"
        )
        if self.date_format != "%Y-%m-%d":
            text += ", dates dd-mm-yyyy"
        if self.labels:
            text += ", value labels instead of codes in the rating columns"
        return text


FORMAT_PLANS = (
    {"asielzoekers": FileFormat("csv", ";", ",", "utf-8-sig"), "ketenpartners": FileFormat("sav")},
    {
        "asielzoekers": FileFormat("csv", ";", ",", "cp1252", "%d-%m-%Y", "\r\n"),
        "ketenpartners": FileFormat("xlsx"),
    },
    {
        "asielzoekers": FileFormat("csv", ";", ",", "utf-8", labels=True),
        "ketenpartners": FileFormat("sav"),
    },
    {"asielzoekers": FileFormat("sav"), "ketenpartners": FileFormat("csv", ",", ".", "utf-8")},
)


def plan(wave: str) -> dict[str, FileFormat]:
    """File formats of a wave's target groups (rotating by quarter)."""
    return FORMAT_PLANS[quarters_since(wave) % len(FORMAT_PLANS)]


def file_names(wave: str, codebook: Codebook | None = None) -> dict[str, str]:
    """File name per target group: the codebook's ``file_stem`` plus the format's extension."""
    cb = codebook or load_codebook()
    return {
        tg: f"{cb.target_groups[tg]['file_stem']}.{fmt.extension}" for tg, fmt in plan(wave).items()
    }


def _stamp(wave: str) -> dt.datetime:
    """The fixed 'creation time' written into binary files: noon of the last fieldwork day."""
    return dt.datetime.combine(fieldwork(wave)[1], dt.time(12, 0, 0))


def _columns(df: pd.DataFrame, target_group: str, version: str, cb: Codebook):
    """(raw column name, variable) pairs: the version's ``rename`` applied to codebook names."""
    to_raw = {v: k for k, v in cb.rename_map(version).items()}
    variables = {v.name: v for v in cb.variables(target_group, version)}
    return [(to_raw.get(c, c), variables[c]) for c in df.columns]


def _codes(s: pd.Series) -> pd.Series:
    return s.astype("Float64").round().astype("Int64")


def write_table(
    df: pd.DataFrame,
    path: str | Path,
    wave: str,
    target_group: str,
    version: str,
    codebook: Codebook | None = None,
) -> Path:
    """Write one target group's wide frame in the format :func:`plan` gives for ``wave``."""
    cb = codebook or load_codebook()
    fmt = plan(wave)[target_group]
    path = Path(path)
    cols = _columns(df, target_group, version, cb)
    if fmt.kind == "csv":
        _write_csv(df, path, fmt, cols)
    elif fmt.kind == "sav":
        _write_sav(df, path, cols, _stamp(wave))
    else:
        _write_xlsx(df, path, cols, _stamp(wave))
    return path


# -- CSV -------------------------------------------------------------------------------------------
def _label_text(s: pd.Series, scale) -> pd.Series:
    """Raw codes -> Dutch labels; the missing code -> empty; a code without label stays a number."""
    codes = _codes(s)
    mapping = {c: scale.codes[c]["nl"] for c in scale.codes}
    out = codes.map(
        lambda c: "" if pd.isna(c) or c in scale.missing else mapping.get(int(c), str(c))
    )
    return out.astype(object)


def _write_csv(df, path, fmt: FileFormat, cols) -> None:
    out = {}
    for (name, var), col in zip(cols, df.columns, strict=True):
        s = df[col]
        kind = var.scale.kind
        if kind in ("coded", "range"):
            if fmt.labels and var.scale.name in LABEL_SCALES:
                out[name] = _label_text(s, var.scale)
            else:
                out[name] = _codes(s)
        elif kind == "numeric":
            out[name] = s.astype(float)
        elif kind == "date":
            out[name] = pd.to_datetime(s).dt.strftime(fmt.date_format).astype(object)
        else:
            out[name] = s.astype(object)
    frame = pd.DataFrame(out)
    text = frame.to_csv(
        sep=fmt.sep,
        decimal=fmt.decimal,
        index=False,
        na_rep="",
        lineterminator=fmt.line_end,
        float_format="%.1f",
    )
    path.write_bytes(text.encode(fmt.encoding))


# -- SPSS ------------------------------------------------------------------------------------------
def _write_sav(df, path: Path, cols, stamp: dt.datetime) -> None:
    import pyreadstat

    data, labels, value_labels = {}, {}, {}
    for (name, var), col in zip(cols, df.columns, strict=True):
        s = df[col]
        kind = var.scale.kind
        labels[name] = var.label_nl
        if kind in ("coded", "range", "numeric"):
            data[name] = s.astype(float).to_numpy()
            if var.scale.codes:
                value_labels[name] = {int(c): lab["nl"] for c, lab in var.scale.codes.items()}
        elif kind == "date":
            data[name] = pd.Series(
                [dt.date.fromisoformat(v) if isinstance(v, str) else None for v in s], dtype=object
            )
        else:
            data[name] = pd.Series(
                ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in s],
                dtype=object,
            )
    frame = pd.DataFrame(data)
    fd, tmp = tempfile.mkstemp(suffix=".sav", dir=path.parent)
    os.close(fd)
    try:
        pyreadstat.write_sav(
            frame,
            tmp,
            column_labels=labels,
            variable_value_labels=value_labels,
            row_compress=True,
            file_label="SYNTHETIC demo data (helpers.demo)",
        )
        raw = bytearray(Path(tmp).read_bytes())
    finally:
        Path(tmp).unlink(missing_ok=True)
    path.write_bytes(_fix_sav_stamp(raw, stamp))


def _fix_sav_stamp(raw: bytearray, stamp: dt.datetime) -> bytes:
    """Overwrite the creation date and time of an SPSS system file header (bytes 92-108).

    The file header record: ``$FL2``, product name (60), layout code, case size, compression,
    weight index, number of cases (4 bytes each), bias (8), creation date ``dd mmm yy`` (9),
    creation time ``hh:mm:ss`` (8).
    """
    if raw[:4] not in (b"$FL2", b"$FL3") or not re.fullmatch(
        rb"\d\d \w\w\w \d\d\d\d:\d\d:\d\d", bytes(raw[92:109])
    ):
        raise RuntimeError("unexpected SPSS header layout; cannot fix its time stamp")
    text = f"{stamp.day:02d} {_MONTHS[stamp.month - 1]} {stamp.year % 100:02d}{stamp:%H:%M:%S}"
    raw[92:109] = text.encode("ascii")
    return bytes(raw)


# -- XLSX ------------------------------------------------------------------------------------------
def _write_xlsx(df, path: Path, cols, stamp: dt.datetime) -> None:
    from openpyxl import Workbook

    columns = []
    for (_, var), col in zip(cols, df.columns, strict=True):
        s = df[col]
        kind = var.scale.kind
        if kind in ("coded", "range"):
            v = s.to_numpy(dtype=float)
            columns.append([None if np.isnan(x) else int(x) for x in v.tolist()])
        elif kind == "numeric":
            columns.append([None if np.isnan(x) else x for x in s.to_numpy(dtype=float).tolist()])
        elif kind == "date":
            columns.append([dt.date.fromisoformat(x) if isinstance(x, str) else None for x in s])
        else:
            columns.append([x if isinstance(x, str) else None for x in s])
    wb = Workbook(write_only=True)
    wb.properties.creator = "helpers.demo (SYNTHETIC demo data)"
    wb.properties.created = stamp
    ws = wb.create_sheet("data")
    ws.append([name for name, _ in cols])
    for row in zip(*columns, strict=True):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_fix_zip_stamps(buf.getvalue(), stamp))


def _fix_zip_stamps(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite a workbook with fixed zip entry times and fixed document times."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + iso.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, content)
    return out.getvalue()


# -- coded sample of open answers ------------------------------------------------------------------
def write_coded_sample(df: pd.DataFrame, path: Path) -> Path:
    """A coded sample of open answers (:func:`helpers.demo._answers.coded_sample`) as UTF-8 CSV.

    Columns :data:`helpers.codebook.CODED_COLUMNS`; the analyst's own coded files take the same
    shape (see :mod:`helpers.privacy`).
    """
    path.write_bytes(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return path


def write_approvals(df: pd.DataFrame, path: Path) -> Path:
    """The demo analyst's quote approvals (:func:`helpers.demo._wave_folder.demo_approvals`) as
    UTF-8 CSV, in the shape an analyst writes (see :mod:`helpers.privacy`)."""
    path.write_bytes(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return path


# -- wave.yml and README ---------------------------------------------------------------------------
def write_yaml(path: Path, spec: dict, header: str = "") -> Path:
    """Write ``spec`` as YAML (leaf mappings and lists inline, as in ``data/raw/README.md``)."""
    comment = "".join(f"# {line}\n" for line in header.splitlines()) if header else ""
    body = yaml.safe_dump(
        spec, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100
    )
    path.write_text(comment + body, encoding="utf-8")
    return path


def write_readme(
    wave_dir: Path,
    wave: str,
    version: str,
    files: dict[str, tuple[str, int]],
    n_defects: int,
    seed: int,
    command: str,
) -> Path:
    """A README saying, in the folder itself, that the data are synthetic and how they were made."""
    fmts = plan(wave)
    rows = "\n".join(
        f"| `{name}` | {tg} | {n} | {fmts[tg].describe()} |" for name, (tg, n) in files.items()
    )
    text = f"""# {wave}: SYNTHETIC demo wave

**Synthetic data, not real respondents.** Every row in this folder was generated by

    {command}

(module `helpers.demo`, seed {seed}, questionnaire version {version}) from a latent model
calibrated to the published figures of the 2017 Kleine Keten pilot. No real person answered these
questions. The names, V-numbers, phone numbers and e-mail addresses in some open answers are
fictional: they are there so that the scrubbing of personal data has something to find.

| file | target group | rows | format |
|---|---|---|---|
{rows}

`wave.yml` says `synthetic: true`; every report built from this wave carries a banner saying so.
It also lists the {n_defects} deliberate defects cleaning must catch (`defects`: duplicates,
out-of-range codes, a straightliner, routing violations, implausibly fast web responses) and the
planted trends and drivers (`truth`).

Rerunning the command above rewrites this folder with identical bytes; it refuses to overwrite a
wave folder whose `wave.yml` lacks `synthetic: true`.
"""
    path = wave_dir / "README.md"
    path.write_text(text, encoding="utf-8")
    return path
