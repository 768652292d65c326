"""Display helpers of the descriptives report: Dutch cell formatting, wide tables, styling."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from helpers.codebook import Codebook
from helpers.notation import format_number
from helpers.privacy import (
    INDICATIVE_MARK,
    SUPPRESSED_MARK,
    ProtectedTable,
    style_frame,
)
from helpers.report._descriptives_base import (
    VARIABLE_LABELS,
    Section,
    _category_label,
    _org_header,
    _org_label,
    _org_labels,
)


def _org_frame(cb: Codebook, t: pd.DataFrame, columns: Mapping | None = None) -> pd.DataFrame:
    """A display table with the organisation, ``n`` and then ``columns``, one row per row of t."""
    return pd.DataFrame(
        {
            "Organisatie": [_org_label(cb, o) for o in t["organisation"]],
            "n": _fmt_n(t),
            **(columns or {}),
        }
    )


def _finite(v) -> bool:
    try:
        return v is not None and v is not pd.NA and math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _fmt_n(table: pd.DataFrame, base: str = "n") -> list[str]:
    return [
        SUPPRESSED_MARK if s else (format_number(n, 0) if _finite(n) else "")
        for n, s in zip(table[base], table["suppressed"], strict=True)
    ]


def _fmt_est(
    table: pd.DataFrame,
    est: str,
    lo: str | None = None,
    hi: str | None = None,
    *,
    decimals: int = 1,
    suffix: str = "",
    with_n: bool = False,
) -> list[str]:
    """Cells "estimate[suffix][*] (lo–hi)"; ``–`` for suppressed rows."""
    out = []
    for row in table.to_dict("records"):
        if row["suppressed"]:
            out.append(SUPPRESSED_MARK)
            continue
        v = row[est]
        if not _finite(v):
            out.append("")
            continue
        text = format_number(v, decimals) + suffix
        if row["indicative"]:
            text += INDICATIVE_MARK
        if lo and hi and _finite(row[lo]) and _finite(row[hi]):
            sep = " tot " if float(row[lo]) < 0 else "–"  # "-34 tot -18", not "-34–-18"
            text += f" ({format_number(row[lo], decimals)}{sep}{format_number(row[hi], decimals)})"
        if with_n and _finite(row.get("n")):
            text += f" (n={format_number(row['n'], 0)})"
        out.append(text)
    return out


def _pivot(
    table: pd.DataFrame,
    cells: list[str],
    index,
    column: str,
    rows: Sequence,
    columns: Sequence,
    *,
    row_label: Callable,
    col_label: Callable,
    corner: str,
) -> pd.DataFrame:
    """Formatted cells of a long protected table as a wide table (rows x columns)."""
    keys = (
        list(zip(*(table[c] for c in index), strict=True))
        if isinstance(index, tuple)
        else list(table[index])
    )
    lookup = {(k, c): cell for k, c, cell in zip(keys, table[column], cells, strict=True)}
    out = pd.DataFrame({corner: [row_label(r) for r in rows]})
    for c in columns:
        out[col_label(c)] = [lookup.get((r, c), "") for r in rows]
    return out


def _pct_by_item(
    t: pd.DataFrame,
    cb: Codebook,
    items: Sequence[str],
    columns: Sequence[str],
    *,
    corner: str,
    column: str = "organisation",
    col_label: Callable | None = None,
) -> pd.DataFrame:
    """% positive with its interval, one row per item and one column per ``column`` value
    (organisations by default, headed with their bases)."""
    cells = _fmt_est(t, "pct", "ci_low", "ci_high", decimals=0, suffix="%")
    return _pivot(
        t,
        cells,
        "item",
        column,
        items,
        columns,
        row_label=lambda i: cb.label(i),
        col_label=col_label or (lambda o: _org_header(cb, o, t)),
        corner=corner,
    )


def _significance_column(
    comparison: pd.DataFrame, rows: Sequence, index, var: str, cb: Codebook
) -> list[str]:
    """Per row, the significant pairs as "A > B" (display labels)."""
    if comparison is None or comparison.empty:
        return [""] * len(rows)
    sig = comparison[comparison["significant"]]
    found: dict[Any, list[str]] = {}
    for row in sig.to_dict("records"):
        key = tuple(row[c] for c in index) if isinstance(index, tuple) else row[index]
        a, b = _category_label(var, row["group_a"], cb), _category_label(var, row["group_b"], cb)
        text = f"{a} > {b}" if row["difference"] > 0 else f"{a} < {b}"
        found.setdefault(key, []).append(text)
    return ["; ".join(found.get(r, [])) for r in rows]


def _subgroup_chart(sec: Section, protected: ProtectedTable, var: str, cb: Codebook) -> None:
    from helpers.report._descriptives_plots import bar_chart

    t = protected.table
    part = t[t["item"] == "totaaloordeel"].reset_index(drop=True)
    part.attrs = dict(t.attrs)
    if part.empty:
        return
    labels = {**_org_labels(cb), **{g: _category_label(var, g, cb) for g in part[var].astype(str)}}
    title = f"Totaaloordeel naar {VARIABLE_LABELS.get(var, var)}"
    sec.figure(
        bar_chart(
            part,
            "mean",
            label_cols=["organisation", var],
            row_labels=labels,
            xlim=(1, 5),
            xlabel="Gemiddeld totaaloordeel (1-5) met 95%-BI",
            title=title,
        ),
        f"Staafdiagram: {title.lower()} per organisatie",
    )


def _bullets(sentences: Sequence[str]) -> str:
    return "\n".join(f"- {s}" for s in sentences)


def _styled(
    frame: pd.DataFrame, protected: ProtectedTable, *, left: int = 1, left_last: bool = False
):
    """A display table through the one table route, :func:`helpers.privacy.style_frame`, with
    ``protected``'s footnotes below it.

    ``frame`` holds the cells as the reader sees them (built from ``protected.table``: markers
    applied). The first ``left`` columns (and the last with ``left_last``) are labels, the
    others numbers (right-aligned).
    """
    shown = frame.reset_index(drop=True).astype(object)
    shown = shown.where(shown.notna(), "").astype(str)
    right = list(shown.columns[left:])
    labels = list(shown.columns[:left])
    if left_last and right:
        labels.append(right.pop())
    return style_frame(shown, notes=protected.footnotes, right=right, left=labels)
