"""Small, valid raw waves for the cleaning tests, built from the codebook.

:func:`make_frame` draws raw codes for every codebook variable of a target group in a
questionnaire version, respecting the routing (a question is filled only when the respondent is
routed to it), so a wave made by :func:`make_wave` cleans without a single quarantine entry.
Tests then damage it on purpose (a duplicated row, an out-of-range code, a cut-off last line ...).

Writers for every accepted format: :func:`write_csv` (delimiter, decimal mark, encoding),
:func:`write_xlsx`, :func:`write_sav` (with the codebook's Dutch value labels), and
:func:`to_labels` to put Dutch value-label text in the cells instead of codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from helpers.codebook import load_codebook

NATIONALITIES = ["Syrië", "Eritrea", "Afghanistan", "Irak", "Turkije"]
AZCS = ["Ter Apel", "Budel-Cranendonck", "Zeist", "Gilze"]
LANGUAGES = ["nl", "en", "ar", "ti", "fa"]
FIELDWORK = (dt.date(2017, 4, 3), dt.date(2017, 6, 23))
# probabilities of the substantive codes of some background questions (others uniform)
PROBABILITIES = {
    "status": [0.7, 0.3],
    "geslacht": [0.62, 0.34, 0.04],
    "werkgever": [0.2, 0.15, 0.1, 0.15, 0.15, 0.1, 0.1, 0.05],
}

MARGINS = {
    "asielzoekers": {
        "status": {"afgewezen": 0.75, "vergunning_na_beroep": 0.25},
        "geslacht": {"man": 0.68, "vrouw": 0.30, "anders": 0.02},
    },
    "ketenpartners": {"positie": {"binnen_kleine_keten": 0.45, "buiten_kleine_keten": 0.55}},
}


def make_frame(
    target_group: str,
    n: int,
    version: str = "2017.1",
    seed: int = 0,
    id_prefix: str | None = None,
    dont_know_rate: float = 0.08,
) -> pd.DataFrame:
    """Raw codes (object cells: int, float, str or None) with codebook column names."""
    cb = load_codebook()
    rng = np.random.default_rng(seed)
    prefix = id_prefix or target_group[0].upper()
    columns: dict[str, np.ndarray] = {}
    numeric: dict[str, np.ndarray] = {}  # routing sources as numbers
    for var in cb.variables(target_group, version):
        s = var.scale
        sources = {c.var: numeric[c.var] for c in var.routing if c.var in numeric}
        eligible = cb.eligible(pd.DataFrame(sources, index=range(n)), var)
        if var.name == "respondent_id":
            col = np.array([f"{prefix}{i + 1:04d}" for i in range(n)], dtype=object)
        elif s.kind == "categorical":
            pool = {"nationaliteit": NATIONALITIES, "azc": AZCS}.get(var.name, LANGUAGES)
            col = rng.choice(np.array(pool, dtype=object), size=n)
        elif s.kind == "text":
            col = rng.choice(
                np.array(["Meer uitleg, graag.", "Sneller beslissen", None], dtype=object), size=n
            )
        elif s.kind == "date":
            days = (FIELDWORK[1] - FIELDWORK[0]).days
            col = np.array(
                [
                    (FIELDWORK[0] + dt.timedelta(days=int(d))).isoformat()
                    for d in rng.integers(0, days + 1, size=n)
                ],
                dtype=object,
            )
        elif s.kind == "numeric":
            col = np.round(rng.uniform(6.0, 45.0, size=n), 1).astype(object)
        else:
            subst = np.array(s.substantive_codes)
            col = rng.choice(subst, size=n, p=PROBABILITIES.get(var.name)).astype(object)
            if s.dont_know and var.table == "ratings":
                dk = rng.random(n) < dont_know_rate
                col[dk] = s.dont_know[0]
        col = np.where(eligible, col, None).astype(object)
        columns[var.name] = col
        if s.kind in ("coded", "range", "numeric"):
            numeric[var.name] = pd.to_numeric(pd.Series(col), errors="coerce").to_numpy(float)
    return pd.DataFrame(columns, index=range(n))


def raw_names(frame: pd.DataFrame, version: str) -> pd.DataFrame:
    """Codebook names -> the raw names the agency uses in ``version`` (inverse ``rename``)."""
    inverse = {v: k for k, v in load_codebook().rename_map(version).items()}
    return frame.rename(columns=inverse)


def to_labels(
    frame: pd.DataFrame, target_group: str, version: str = "2017.1", columns=None
) -> pd.DataFrame:
    """Replace codes by their Dutch value labels (where the scale has one)."""
    cb = load_codebook()
    out = frame.copy()
    for var in cb.variables(target_group, version):
        if var.name not in out.columns or (columns is not None and var.name not in columns):
            continue
        if var.scale.kind not in ("coded", "range") or not var.scale.codes:
            continue
        nl = [c.get("nl") for c in var.scale.codes.values()]
        if len(set(nl)) < len(nl):
            continue  # labels that do not tell codes apart (codebook: 'ja, vaak' parsed as 'ja')
        out[var.name] = [
            var.scale.codes[int(v)]["nl"] if v is not None and int(v) in var.scale.codes else v
            for v in out[var.name]
        ]
    return out


def _text(v, decimal: str) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, (float, np.floating)):
        s = repr(float(v)) if not float(v).is_integer() else str(int(v))
        return s.replace(".", decimal)
    return str(v)


def csv_text(frame: pd.DataFrame, sep: str = ";", decimal: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        w.writerow([_text(v, decimal) for v in row])
    return buf.getvalue()


def write_csv(
    frame: pd.DataFrame, path: Path, sep: str = ";", decimal: str = ",", encoding: str = "utf-8"
) -> Path:
    path.write_bytes(csv_text(frame, sep, decimal).encode(encoding))
    return path


#: The columns Qualtrics puts before the questions, with their labels (the second header row).
QUALTRICS_METADATA = {
    "StartDate": "Start Date",
    "EndDate": "End Date",
    "Status": "Response Type",
    "IPAddress": "IP Address",
    "Progress": "Progress",
    "Duration (in seconds)": "Duration (in seconds)",
    "Finished": "Finished",
    "RecordedDate": "Recorded Date",
    "ResponseId": "Response ID",
    "RecipientLastName": "Recipient Last Name",
    "RecipientFirstName": "Recipient First Name",
    "RecipientEmail": "Recipient Email",
    "ExternalReference": "External Data Reference",
    "LocationLatitude": "Location Latitude",
    "LocationLongitude": "Location Longitude",
    "DistributionChannel": "Distribution Channel",
    "UserLanguage": "User Language",
}


def qualtrics_export(
    frame: pd.DataFrame, rename: dict[str, str] | None = None, import_ids: bool = True
) -> list[list]:
    """Rows of a Qualtrics-style export of ``frame``: header, question texts, ImportIds, data.

    The platform's metadata columns come first (``ResponseId`` holds the frame's respondent
    codes); the frame's columns follow under their names, or as ``rename`` says (codebook name
    -> export name). ``import_ids=False`` gives the legacy export (one extra header row).
    """
    rename = rename or {}
    n = len(frame)
    ids = frame["respondent_id"].tolist()
    meta = {
        "StartDate": ["2017-05-01 10:00:00"] * n,
        "EndDate": ["2017-05-01 10:20:00"] * n,
        "Status": ["IP Address"] * n,
        "IPAddress": [f"192.0.2.{i % 250 + 1}" for i in range(n)],
        "Progress": ["100"] * n,
        "Duration (in seconds)": ["1200"] * n,
        "Finished": ["True"] * n,
        "RecordedDate": ["2017-05-01 10:20:01"] * n,
        "ResponseId": ids,
    }
    meta.update({c: [None] * n for c in QUALTRICS_METADATA if c not in meta})
    names = list(QUALTRICS_METADATA) + [rename.get(c, c) for c in frame.columns]
    texts = list(QUALTRICS_METADATA.values()) + [f"Vraag over {c}" for c in frame.columns]
    qids = [f'{{"ImportId":"{c[0].lower()}{c[1:]}"}}' for c in QUALTRICS_METADATA] + [
        f'{{"ImportId":"QID{i + 1}"}}' for i in range(frame.shape[1])
    ]
    data = [
        [meta[c][i] for c in QUALTRICS_METADATA] + [_text(v, ".") for v in frame.iloc[i]]
        for i in range(n)
    ]
    return [names, texts, *([qids] if import_ids else []), *data]


def write_rows(rows: list[list], path: Path, sep: str = ",") -> Path:
    """Rows (the first the header) as an XLSX, or as a CSV with every cell quoted, UTF-8 with
    BOM (as Qualtrics writes it)."""
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(path)
        return path
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_ALL)
    w.writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return path


def write_xlsx(frame: pd.DataFrame, path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([None if v is None else (v.item() if hasattr(v, "item") else v) for v in row])
    wb.save(path)
    return path


def write_sav(frame: pd.DataFrame, path: Path, target_group: str, version: str = "2017.1") -> Path:
    import pyreadstat

    cb = load_codebook()
    inverse = {v: k for k, v in cb.rename_map(version).items()}
    df = pd.DataFrame(index=frame.index)
    labels = {}
    for col in frame.columns:
        name = cb.rename_map(version).get(col, col)
        try:
            var = cb.variable(target_group, name, version)
        except KeyError:
            var = None
        if var is not None and var.scale.kind in ("coded", "range", "numeric"):
            df[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
            if var.scale.codes:
                labels[col] = {float(k): v["nl"] for k, v in var.scale.codes.items()}
        else:
            df[col] = frame[col].astype(object).where(frame[col].notna(), "").astype(str)
    del inverse
    pyreadstat.write_sav(df, str(path), variable_value_labels=labels)
    return path


def write_table(
    frame: pd.DataFrame, path: Path, target_group: str, version: str = "2017.1", **csv_options
) -> Path:
    fmt = path.suffix.lower()
    if fmt == ".csv":
        return write_csv(frame, path, **csv_options)
    if fmt == ".xlsx":
        return write_xlsx(frame, path)
    if fmt == ".sav":
        return write_sav(frame, path, target_group, version)
    raise ValueError(fmt)


def write_wave_yml(
    wave_dir: Path,
    files: dict[str, str],
    version: str = "2017.1",
    wave: str | None = None,
    synthetic: bool = True,
    margins: bool = True,
    defects=None,
    extra: dict | None = None,
    file_options: dict[str, dict] | None = None,
) -> Path:
    """Write ``wave.yml``; ``file_options`` adds keys to a files entry (per target group)."""
    spec = {
        "wave": wave or wave_dir.name,
        "fieldwork": {"start": FIELDWORK[0], "end": FIELDWORK[1]},
        "questionnaire_version": version,
        "synthetic": synthetic,
        "files": [
            {"path": p, "target_group": tg, **(file_options or {}).get(tg, {})}
            for tg, p in files.items()
        ],
        "population": {
            "asielzoekers": {
                "size": 9800,
                "response_rate": 0.42,
                **({"margins": MARGINS["asielzoekers"]} if margins else {}),
            },
            "ketenpartners": {
                "size": 5200,
                "response_rate": 0.31,
                **({"margins": MARGINS["ketenpartners"]} if margins else {}),
            },
        },
        "defects": defects or [],
    }
    if extra:
        spec.update(extra)
    path = wave_dir / "wave.yml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def make_wave(
    root: Path,
    wave: str = "2017-Q2",
    version: str = "2017.1",
    n: dict[str, int] | None = None,
    formats: dict[str, str] | None = None,
    seed: int = 0,
    frames: dict[str, pd.DataFrame] | None = None,
    margins: bool = True,
    synthetic: bool = True,
    csv_options: dict | None = None,
) -> Path:
    """Write a valid wave folder ``root/wave`` (wave.yml + one file per target group)."""
    n = n or {"asielzoekers": 40, "ketenpartners": 30}
    formats = formats or {tg: "csv" for tg in n}
    wave_dir = Path(root) / wave
    wave_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    for i, (tg, size) in enumerate(n.items()):
        frame = frames[tg] if frames and tg in frames else make_frame(tg, size, version, seed + i)
        frame = raw_names(frame, version)
        path = wave_dir / f"{tg}.{formats[tg]}"
        write_table(frame, path, tg, version, **(csv_options or {}) if formats[tg] == "csv" else {})
        files[tg] = path.name
    write_wave_yml(wave_dir, files, version, wave=wave, synthetic=synthetic, margins=margins)
    return wave_dir
