"""Validation of raw files against the codebook, with pandera schemas built from it.

Two steps, both driven by :mod:`helpers.codebook` only:

1. :func:`coerce_frame` turns the string cells of a raw file into codes: numbers (``"1"``,
   ``"1.0"``, ``"3,5"``) and Dutch (or English) value labels, matched case- and
   whitespace-insensitively (``" Heel  goed"`` -> 1, ``"weet niet"`` -> 8) become integer codes;
   dates (``2017-05-14`` or ``14-05-2017``) become timestamps; anything else stays the original
   string, so that the schema can reject it.
2. :func:`build_schema` makes a :class:`pandera.api.pandas.container.DataFrameSchema` per target
   group and questionnaire version: the allowed codes per coded variable (answers, "weet niet" and
   missing codes), the range of numeric variables, parseable dates, the required columns, a
   non-null ``respondent_id``. :func:`validate` runs it with ``lazy=True`` and returns *all*
   failures at once as a tidy table (row position, column, check, failure case, reason).

Examples
--------
>>> import pandas as pd
>>> from helpers.codebook import load_codebook
>>> cb = load_codebook()
>>> var = cb.variable("asielzoekers", "ind_totaaloordeel", "2017.1")
>>> cells = pd.Series(["1", " Heel  goed", "weet niet", "7", "2,0", "goedd", None])
>>> coerce_column(cells, var).tolist()
[1, 1, 8, 7, 2, 'goedd', None]
>>> raw = pd.DataFrame({"respondent_id": ["A1", None], "status": ["1", "afgewezen"],
...                     "modus": ["web", "3"]}, dtype=object)
>>> f = validate(coerce_frame(raw, "asielzoekers", "2017.1"), "asielzoekers", "2017.1")
>>> f[["position", "column", "reason", "failure_case"]].to_dict("records")
[{'position': 1, 'column': 'respondent_id', 'reason': 'missing_id', 'failure_case': None}, \
{'position': 1, 'column': 'modus', 'reason': 'out_of_range', 'failure_case': 3}]
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, Scale, Variable, load_codebook

ID_COLUMN = "respondent_id"

__all__ = [
    "ID_COLUMN",
    "normalise_label",
    "label_lookup",
    "parse_number",
    "parse_date",
    "coerce_column",
    "coerce_frame",
    "build_schema",
    "validate",
    "missing_required",
]


def normalise_label(text) -> str:
    """Lower case, inner whitespace collapsed, stripped: the key for matching value labels.

    >>> normalise_label("  Ik denk  het WEL ")
    'ik denk het wel'
    """
    return " ".join(str(text).lower().split())


_LOOKUPS: dict[int, tuple[Scale, dict[str, int]]] = {}


def _scale_lookup(scale: Scale) -> dict[str, int]:
    """Normalised label text -> code for one scale (Dutch and English labels, category names)."""
    cached = _LOOKUPS.get(id(scale))
    if cached is not None and cached[0] is scale:
        return cached[1]
    candidates: dict[str, set[int]] = {}

    def add(text, code):
        candidates.setdefault(normalise_label(text), set()).add(int(code))

    for code, labels in scale.codes.items():
        for lang in ("nl", "en"):
            if isinstance(labels.get(lang), str):  # YAML may have made `yes` a bool: skip it
                add(labels[lang], code)
    for code, name in scale.values.items():
        add(name, code)
        add(name.replace("_", " "), code)
    # a label that means two codes (possible across languages) is ambiguous: not used
    lookup = {k: next(iter(v)) for k, v in candidates.items() if len(v) == 1}
    _LOOKUPS[id(scale)] = (scale, lookup)
    return lookup


def label_lookup(variable: Variable) -> dict[str, int]:
    """Value labels of a variable's scale (normalised) mapped to raw codes.

    >>> cb = load_codebook()
    >>> label_lookup(cb.variable("ketenpartners", "werkgever", "2017.1"))["dt&v"]
    3
    """
    return _scale_lookup(variable.scale)


_NUMBER = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(text) -> float | None:
    """``"3"``, ``"3.5"``, ``"3,5"`` -> float; anything else -> None.

    >>> parse_number("3,5"), parse_number(" 12 "), parse_number("1.234,5"), parse_number("")
    (3.5, 12.0, None, None)
    """
    if text is None:
        return None
    if isinstance(text, (int, float, np.integer, np.floating)) and not isinstance(text, bool):
        v = float(text)
        return v if math.isfinite(v) else None
    s = str(text).strip()
    if not _NUMBER.match(s):
        return None
    return float(s.replace(",", "."))


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_date(text) -> pd.Timestamp | None:
    """``2017-05-14`` (time part ignored) or ``14-05-2017`` (also ``/`` or ``.``) -> Timestamp.

    >>> parse_date("14-05-2017"), parse_date("2017-05-14 00:00:00"), parse_date("31-02-2017")
    (Timestamp('2017-05-14 00:00:00'), Timestamp('2017-05-14 00:00:00'), None)
    """
    if text is None:
        return None
    if isinstance(text, pd.Timestamp):
        return text.normalize()
    s = str(text).strip()
    m = _ISO.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.match(s)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return pd.Timestamp(year=y, month=mo, day=d)
    except ValueError:
        return None


def _coerce_code(text, lookup: dict[str, int], remap: dict[int, int]):
    if text is None:
        return None
    v = parse_number(text)
    if v is not None:
        if v.is_integer():
            code = int(v)
            return remap.get(code, code)
        return v  # a non-integer is never a code: the schema rejects it
    key = normalise_label(text)
    if key in lookup:
        return lookup[key]
    return str(text)


def coerce_column(
    values: pd.Series, variable: Variable, file_labels: dict[int, str] | None = None
) -> pd.Series:
    """Raw string cells of one variable -> codes / numbers / timestamps / strings (object dtype).

    Parameters
    ----------
    values : Series
        Stripped strings or None (as :mod:`helpers.data._readers` returns them).
    variable : helpers.codebook.Variable
    file_labels : dict, optional
        Value labels the file itself carries (SPSS): a code whose label is a codebook label of
        another code is mapped to that code (the label wins).

    Returns
    -------
    Series
        Object dtype: ``int`` codes, ``float`` numbers, ``Timestamp`` dates, ``str`` text, None.
        A value that cannot be read stays its original string (or float), for the schema to report.
    """
    kind = variable.scale.kind
    uniques = pd.unique(values.to_numpy(dtype=object))
    if kind in ("coded", "range"):
        lookup = label_lookup(variable)
        remap = file_label_remap(variable, file_labels)
        conv = {u: _coerce_code(u, lookup, remap) for u in uniques if u is not None}
    elif kind == "numeric":
        conv = {
            u: (parse_number(u) if parse_number(u) is not None else str(u))
            for u in uniques
            if u is not None
        }
    elif kind == "date":
        conv = {
            u: (parse_date(u) if parse_date(u) is not None else str(u))
            for u in uniques
            if u is not None
        }
    else:
        conv = {u: str(u) for u in uniques if u is not None}
    out = [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else conv[v]
        for v in values.to_numpy(dtype=object)
    ]
    return pd.Series(out, index=values.index, dtype=object, name=values.name)


def file_label_remap(variable: Variable, file_labels: dict[int, str] | None) -> dict[int, int]:
    """Codes of a file whose own value label is the codebook label of a different code.

    >>> cb = load_codebook()
    >>> v = cb.variable("asielzoekers", "status", "2017.1")
    >>> file_label_remap(v, {1: "vergunning na beroep", 2: "afgewezen", 9: "geen antwoord"})
    {1: 2, 2: 1}
    """
    if not file_labels:
        return {}
    lookup = label_lookup(variable)
    remap = {}
    for code, label in file_labels.items():
        target = lookup.get(normalise_label(label))
        if target is not None and target != code:
            remap[int(code)] = int(target)
    return remap


def coerce_frame(
    raw: pd.DataFrame,
    target_group: str,
    version: str,
    file_labels: dict[str, dict[int, str]] | None = None,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Coerce every codebook column present in ``raw`` (codebook names) with :func:`coerce_column`.

    Columns that are not codebook variables of this questionnaire are left out.
    """
    cb = codebook or load_codebook()
    file_labels = file_labels or {}
    out = {}
    for var in cb.variables(target_group, version):
        if var.name in raw.columns:
            out[var.name] = coerce_column(raw[var.name], var, file_labels.get(var.name))
    return pd.DataFrame(out, index=raw.index, dtype=object)


# ---------------------------------------------------------------------------------------------
def _is_code(valid: tuple[int, ...]):
    allowed = frozenset(valid)

    def check(s: pd.Series) -> pd.Series:
        return s.map(lambda v: isinstance(v, int) and not isinstance(v, bool) and v in allowed)

    return check


def _in_range(lo: float, hi: float):
    def check(s: pd.Series) -> pd.Series:
        return s.map(lambda v: isinstance(v, float) and lo <= v <= hi)

    return check


def _is_date(s: pd.Series) -> pd.Series:
    return s.map(lambda v: isinstance(v, pd.Timestamp))


def _non_empty(s: pd.Series) -> pd.Series:
    return s.map(lambda v: isinstance(v, str) and v.strip() != "")


@lru_cache(maxsize=16)
def _schema(target_group: str, version: str, codebook_source: str):
    import pandera.pandas as pa

    cb = load_codebook(codebook_source)
    columns = {}
    for var in cb.variables(target_group, version):
        scale = var.scale
        checks = []
        if scale.kind in ("coded", "range"):
            checks.append(
                pa.Check(
                    _is_code(scale.valid_codes),
                    element_wise=False,
                    name="valid_code",
                    error=f"codes {list(scale.valid_codes)} ({scale.name})",
                )
            )
        elif scale.kind == "numeric":
            lo, hi = scale.value_range or (-math.inf, math.inf)
            checks.append(
                pa.Check(
                    _in_range(float(lo), float(hi)),
                    name="in_range",
                    error=f"a number in [{lo}, {hi}]",
                )
            )
        elif scale.kind == "date":
            checks.append(
                pa.Check(_is_date, name="date", error="a date (YYYY-MM-DD or DD-MM-YYYY)")
            )
        if var.name == ID_COLUMN:
            checks.append(pa.Check(_non_empty, name="non_empty", error="a non-empty code"))
        columns[var.name] = pa.Column(
            None,
            checks=checks,
            nullable=var.name != ID_COLUMN,
            required=var.required,
            title=var.label_nl,
            description=var.label_en,
        )
    return pa.DataFrameSchema(columns, strict=False, name=f"{target_group} {version}")


def build_schema(target_group: str, version: str, codebook: Codebook | None = None):
    """The pandera ``DataFrameSchema`` of a target group's raw file in a questionnaire version.

    Built from the codebook: for every variable a column (``required`` as in the codebook;
    ``respondent_id`` non-null and non-empty) with a check on its coerced values: the scale's
    valid codes (answers, "weet niet", missing codes), the numeric range, or a parseable date.

    >>> s = build_schema("ketenpartners", "2018.1")
    >>> s.columns["werkgever"].required, [c.name for c in s.columns["ind_nps"].checks]
    (True, ['valid_code'])
    """
    cb = codebook or load_codebook()
    return _schema(target_group, version, str(cb.source))


def missing_required(
    columns, target_group: str, version: str, codebook: Codebook | None = None
) -> list[str]:
    """Required codebook variables absent from ``columns`` (codebook order)."""
    cb = codebook or load_codebook()
    present = set(columns)
    return [
        v.name for v in cb.variables(target_group, version) if v.required and v.name not in present
    ]


def validate(
    frame: pd.DataFrame, target_group: str, version: str, codebook: Codebook | None = None
) -> pd.DataFrame:
    """Validate a coerced frame lazily (all failures at once) and tidy pandera's failure cases.

    Returns
    -------
    DataFrame
        One row per failing cell: ``position`` (0-based row position in ``frame``; -1 for a
        missing column), ``column``, ``check``, ``failure_case``, ``reason``:
        ``missing_column`` (a required column is absent), ``missing_id`` (row-level),
        ``out_of_range`` (a number that is not an allowed code or lies outside the range),
        ``invalid_value`` (text that is neither a code nor a value label), ``invalid_date``.
    """
    import pandera.errors as pe

    cb = codebook or load_codebook()
    schema = build_schema(target_group, version, cb)
    kinds = {v.name: v.scale.kind for v in cb.variables(target_group, version)}
    frame = frame.reset_index(drop=True)
    cols = ["position", "column", "check", "failure_case", "reason"]
    try:
        schema.validate(frame, lazy=True)
    except pe.SchemaErrors as exc:
        fc = exc.failure_cases
    else:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
    rows = []
    for rec in fc.to_dict("records"):
        check = str(rec.get("check"))
        column = rec.get("column")
        index = rec.get("index")
        case = rec.get("failure_case")
        if check == "column_in_dataframe":
            rows.append(
                {
                    "position": -1,
                    "column": case,
                    "check": check,
                    "failure_case": None,
                    "reason": "missing_column",
                }
            )
            continue
        if index is None or (isinstance(index, float) and math.isnan(index)):
            continue  # dataframe-level messages (dtype) carry no row
        key = check.split("(")[0].strip()
        if column in frame.columns:  # pandera casts failure cases; take the coerced cell itself
            case = frame.at[int(index), column]
        is_num = isinstance(case, (int, float, np.integer, np.floating)) and not isinstance(
            case, bool
        )
        if column == ID_COLUMN:
            reason = "missing_id"
        elif kinds.get(column) == "date":
            reason = "invalid_date"
        else:
            reason = "out_of_range" if is_num else "invalid_value"
        if case is not None and not isinstance(case, str) and pd.isna(case):
            case = None
        rows.append(
            {
                "position": int(index),
                "column": column,
                "check": key,
                "failure_case": case,
                "reason": reason,
            }
        )
    out = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in cols})
    out["position"] = out["position"].astype(np.int64)
    # one entry per cell (a missing id fails both not_nullable and non_empty)
    out = out.drop_duplicates(subset=["position", "column"], keep="first")
    order = {name: i for i, name in enumerate(frame.columns)}
    out["_c"] = out["column"].map(lambda c: order.get(c, -1))
    out = out.sort_values(["position", "_c"], kind="mergesort").drop(columns="_c")
    return out.reset_index(drop=True)
