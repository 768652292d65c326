"""The outputs of cleaning: the columns of the processed tables and the quarantine entries."""

from __future__ import annotations

import pandas as pd

from helpers.codebook import Codebook, Variable, load_codebook

ROW_EXCLUDED = "row_excluded"
CELL_SET_MISSING = "cell_set_missing"
FLAGGED = "flagged"
QUARANTINE_COLUMNS = [
    "file",
    "row",
    "respondent_id",
    "column",
    "raw_value",
    "reason",
    "action",
    "detail",
]
RATINGS_COLUMNS = ["respondent_id", "target_group", "organisation", "item", "value", "dont_know"]
OUTPUT_FILES = {
    "respondents": "respondents.parquet",
    "ratings": "ratings.parquet",
    "quarantine": "quarantine.csv",
    "log": "cleaning_log.json",
}
FLAG_COLUMNS = [
    "flag_duplicate",
    "flag_invalid_cells",
    "flag_routing_violation",
    "flag_routing_source_missing",
    "flag_speeder",
    "flag_straightliner",
    "flag_straightliner_block",
    "flag_outside_fieldwork",
]
_RAW_MAX = 200
#: The item whose columns are required outcomes: without it an organisation has no impact analysis.
OUTCOME_ITEM = "totaaloordeel"


def _scale_dtype(var: Variable) -> str:
    s = var.scale
    if s.kind in ("text", "categorical"):
        return "str"
    if s.kind == "date":
        return "datetime64[ns]"
    if s.kind == "coded" and s.values:
        return "str"
    if s.kind == "coded" and not s.recode and set(s.substantive_codes) == {0, 1}:
        return "boolean"
    return "float64"


def respondent_columns(codebook: Codebook | None = None) -> dict[str, str]:
    """Columns of ``respondents.parquet`` and their pandas dtypes, in order (every wave alike).

    >>> cols = respondent_columns()
    >>> list(cols)[:6]
    ['wave', 'respondent_id', 'target_group', 'weight', 'synthetic', 'status']
    >>> [cols[c] for c in ("positie", "kennis_opvang_correct", "kanaal_ind_email", "flag_speeder")]
    ['str', 'boolean', 'boolean', 'bool']
    """
    cb = codebook or load_codebook()
    cols = {
        "wave": "str",
        "respondent_id": "str",
        "target_group": "str",
        "weight": "float64",
        "synthetic": "bool",
    }
    for tg in cb.target_groups:
        for version in cb.versions:
            for var in cb.variables(tg, version):
                if var.table != "respondents" or var.name in cols:
                    continue
                cols[var.name] = _scale_dtype(var)
                if var.scale.dont_know:
                    cols[f"{var.name}_dont_know"] = "bool"
                if var.name == "werkgever":
                    cols["positie"] = "str"
                if var.correct is not None:
                    cols[f"{var.name}_correct"] = "boolean"
    for f in FLAG_COLUMNS:
        cols[f] = "bool"
    return cols


class QuarantineEntries:
    """Quarantine entries in insertion order (sorted by file and row at the end)."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, file_idx, file, row, rid, column, raw_value, reason, action, detail):
        if raw_value is not None and not isinstance(raw_value, str):
            raw_value = str(raw_value)
        if isinstance(raw_value, str) and len(raw_value) > _RAW_MAX:
            raw_value = raw_value[:_RAW_MAX] + "..."
        self.items.append(
            {
                "_f": file_idx,
                "_s": len(self.items),
                "file": file,
                "row": int(row),
                "respondent_id": rid,
                "column": column,
                "raw_value": raw_value,
                "reason": reason,
                "action": action,
                "detail": detail,
            }
        )


def conform_respondents(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Reindex to the fixed respondents columns and cast each to its dtype."""
    out = {}
    n = len(df)
    for name, dtype in columns.items():
        col = df[name] if name in df.columns else pd.Series([None] * n, dtype=object)
        col = col.reset_index(drop=True)
        if dtype == "str":
            col = col.astype(object).where(col.notna(), None).astype("str")
        elif dtype == "bool":
            col = col.astype(object).where(col.notna(), False).astype(bool)
        elif dtype == "boolean":
            col = col.astype("boolean")
        elif dtype.startswith("datetime64"):
            col = pd.to_datetime(col, errors="coerce").astype(dtype)
        else:
            col = pd.to_numeric(col, errors="coerce").astype(dtype)
        out[name] = col
    return pd.DataFrame(out)


def conform_ratings(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "respondent_id": df["respondent_id"].astype("str"),
            "target_group": df["target_group"].astype("str"),
            "organisation": df["organisation"].astype("str"),
            "item": df["item"].astype("str"),
            "value": df["value"].astype("float64"),
            "dont_know": df["dont_know"].astype(bool),
        }
    )
    return out.reset_index(drop=True)


def quarantine_frame(entries: QuarantineEntries) -> pd.DataFrame:
    if not entries.items:
        return pd.DataFrame(
            {c: pd.Series([], dtype="int64" if c == "row" else object) for c in QUARANTINE_COLUMNS}
        )
    df = pd.DataFrame(entries.items)
    df = df.sort_values(["_f", "row", "_s"], kind="mergesort")
    df = df[QUARANTINE_COLUMNS].reset_index(drop=True)
    df["row"] = df["row"].astype("int64")
    return df
