"""The tables of the impact report: importance, comparison with the previous wave, the pilot.

Every table passes :func:`helpers.privacy.protect_table` (rows whose base is below the threshold
suppressed, below 30 marked indicative), is laid out in Dutch from the protected numbers, and
reaches the page through the one table route :func:`helpers.privacy.style_table`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from helpers.codebook import load_codebook
from helpers.privacy import (
    FLAG_COLUMNS,
    INDICATIVE_MARK,
    SUPPRESSED_MARK,
    ProtectedTable,
    protect_table,
    style_table,
)
from helpers.report._impact_analysis import (
    LEVEL,
    ImpactReport,
    WaveComparison,
    _capital,
    pilot_frame,
)
from helpers.report._impact_text import METHOD_NAMES_NL, _nl, design_phrase, quadrant_name
from helpers.stats import METHODS


def _ci(est, lo, hi, decimals: int, mark: str = "") -> str:
    """An estimate with its interval below it, small and grey (HTML)."""
    if not np.isfinite(est):
        return ""
    text = _nl(est, decimals) + mark
    if np.isfinite(lo) and np.isfinite(hi):
        text += (
            f'<br><span style="color:#666;font-size:0.85em;white-space:nowrap">'
            f"{_nl(lo, decimals)} tot {_nl(hi, decimals)}</span>"
        )
    return text


def _styled(
    protected: ProtectedTable,
    shown: pd.DataFrame,
    notes: Sequence[str],
    numbers: Sequence[str] = (),
):
    """The table through :func:`helpers.privacy.style_table`: ``shown`` holds the protected rows
    laid out in Dutch (one row per row of ``protected``, the base column as numbers), ``notes``
    come above the disclosure footnotes, the columns ``numbers`` are right-aligned."""
    flags = protected.table[[c for c in FLAG_COLUMNS if c in protected.table.columns]]
    view = replace(
        protected,
        table=pd.concat([shown.reset_index(drop=True), flags.reset_index(drop=True)], axis=1),
        value_cols=(),
        footnotes=(*notes, *protected.footnotes),
    )
    styler = style_table(view)
    if numbers:
        styler = styler.set_properties(subset=list(numbers), **{"text-align": "right"})
    styler.protected = protected  # for tests
    return styler


def importance_frame(report: ImpactReport) -> pd.DataFrame:
    """The numbers of the importance table: one row per driver, largest impact first.

    Columns ``driver``, ``label``, ``n`` (respondents who rated it), ``performance`` (+ ``_ci_low``,
    ``_ci_high``), per measure ``<m>_share`` (+ ``_ci_low``, ``_ci_high``), ``quadrant`` (code),
    ``agreement``.
    """
    rep = report
    t = rep.result.table
    q = rep.quadrants
    rows = []
    for d in rep.ranked():
        row = {
            "driver": d,
            "label": rep.labels[d],
            "n": rep.n_rated[d],
            "performance": t.loc[d, "performance"],
            "performance_ci_low": t.loc[d, "performance_ci_low"],
            "performance_ci_high": t.loc[d, "performance_ci_high"],
        }
        for m in rep.result.methods:
            row[f"{m}_share"] = t.loc[d, f"{m}_share_pct"]
            row[f"{m}_share_ci_low"] = t.loc[d, f"{m}_share_ci_low"]
            row[f"{m}_share_ci_high"] = t.loc[d, f"{m}_share_ci_high"]
        row["quadrant"] = q.loc[d, "quadrant"]
        row["agreement"] = 100 * q.loc[d, "agreement"]
        rows.append(row)
    return pd.DataFrame(rows)


def importance_table(report: ImpactReport):
    """The importance table for display (passed through :func:`helpers.privacy.protect_table`).

    Every measure as a share (%) of its sum over the drivers with its bootstrap interval; the
    measure used for the quadrants first. Rows whose base (respondents who rated the driver) is
    below 10 are suppressed, below 30 marked indicative.
    """
    rep = report
    frame = importance_frame(rep)
    numeric = [c for c in frame.columns if c not in ("driver", "label", "n", "quadrant")]
    protected = protect_table(frame, base_col="n", value_cols=numeric, secondary=False)
    t = protected.table
    perf_dec = 0 if rep.performance == "pct_positive" else 2
    perf_head = "% positief" if rep.performance == "pct_positive" else "Gemiddelde (1-5)"
    order = [rep.method] + [m for m in METHODS if m != rep.method and m in rep.result.methods]
    out = pd.DataFrame({_capital(rep.subject): t["label"], "n": t["n"]})

    def col(est, lo, hi, dec):
        return [
            SUPPRESSED_MARK if s else _ci(a, b, c, dec, INDICATIVE_MARK if i else "")
            for a, b, c, s, i in zip(
                t[est], t[lo], t[hi], t["suppressed"], t["indicative"], strict=True
            )
        ]

    out[perf_head] = col("performance", "performance_ci_low", "performance_ci_high", perf_dec)
    for m in order:
        head = f"{METHOD_NAMES_NL[m]}, %"
        if m == rep.method:
            head += " (impact in de kwadranten)"
        out[head] = col(f"{m}_share", f"{m}_share_ci_low", f"{m}_share_ci_high", 1)
    out[f"Kwadrant ({METHOD_NAMES_NL[rep.method]})"] = [
        SUPPRESSED_MARK if s else quadrant_name(q)
        for q, s in zip(t["quadrant"], t["suppressed"], strict=True)
    ]
    out["Zekerheid kwadrant, %"] = [
        SUPPRESSED_MARK if s else _nl(a)
        for a, s in zip(t["agreement"], t["suppressed"], strict=True)
    ]
    notes = [
        f"Onder elke schatting het {_nl(100 * LEVEL)}%-bootstrapinterval ({rep.result.B} "
        f"steekproeven, {design_phrase(rep)}). Elke maat is weergegeven als aandeel in de som "
        f"over de {rep.subjects}; voor LMG, relatieve gewichten en Pratt is dat het aandeel in "
        "R², voor bèta en correlatie alleen een aandeel in de som.",
        "Zekerheid kwadrant: het percentage bootstrapsteekproeven dat "
        f"{rep.subject_phrase} in hetzelfde kwadrant plaatst (stabiel vanaf "
        f"{_nl(100 * rep.stable_at)}%).",
        f"n: respondenten die het {rep.subject} beoordeelden (basis van de prestatie); de "
        f"analyse zelf gebruikt {rep.n} respondenten.",
    ]
    return _styled(protected, out, notes, numbers=list(out.columns[2:-2]) + [out.columns[-1]])


def comparison_table(report: ImpactReport, comparison: WaveComparison):
    """The comparison table for display (None when there is no comparison)."""
    rep = report
    if comparison.table is None:
        return None
    t = comparison.table.copy()
    labels = {**comparison.previous.labels, **rep.labels}
    t["n"] = t[["n_now", "n_prev"]].min(axis=1)  # the smaller base of the two waves
    frame = t.reset_index()
    numeric = [c for c in frame.columns if c.startswith(("impact", "performance"))]
    protected = protect_table(frame, base_col="n", value_cols=numeric, secondary=False)
    p = protected.table
    pdec = 0 if rep.performance == "pct_positive" else 2
    has_ci = "impact_diff_ci_low" in p.columns
    rows = []
    for _, r in p.iterrows():
        if r["suppressed"]:
            rows.append({_capital(rep.subject): labels.get(r["driver"], r["driver"])})
            continue
        row = {_capital(rep.subject): labels.get(r["driver"], r["driver"])}
        row[f"Impact {comparison.previous_wave}, %"] = _nl(r["impact_prev"], 1)
        row[f"Impact {rep.wave}, %"] = _nl(r["impact_now"], 1)
        row["Verschil impact"] = (
            _ci(r["impact_diff"], r["impact_diff_ci_low"], r["impact_diff_ci_high"], 1)
            if has_ci
            else _nl(r["impact_diff"], 1)
        )
        row[f"Prestatie {comparison.previous_wave}"] = _nl(r["performance_prev"], pdec)
        row[f"Prestatie {rep.wave}"] = _nl(r["performance_now"], pdec)
        row["Verschil prestatie"] = (
            _ci(
                r["performance_diff"],
                r["performance_diff_ci_low"],
                r["performance_diff_ci_high"],
                pdec,
            )
            if has_ci
            else _nl(r["performance_diff"], pdec)
        )
        row[f"Kwadrant {comparison.previous_wave}"] = quadrant_name(r["quadrant_prev"])
        row[f"Kwadrant {rep.wave}"] = quadrant_name(r["quadrant_now"])
        rows.append(row)
    out = pd.DataFrame(rows).fillna(SUPPRESSED_MARK)
    notes = [
        f"Verschil: deze golf min de vorige, met eronder het {_nl(100 * LEVEL)}%-"
        "bootstrapinterval van het verschil. Impact: aandeel (%) in "
        f"{METHOD_NAMES_NL[rep.method]}.",
    ]
    return _styled(protected, out, notes, numbers=list(out.columns[1:-2]))


def pilot_table(report: ImpactReport):
    """The table behind :func:`pilot_text` (None when the pilot named nothing)."""
    rep = report
    frame = pilot_frame(rep)
    if frame is None:
        return None
    cb = load_codebook()
    base = pd.DataFrame({"n": [rep.n_rated.get(d, np.nan) for d in frame["driver"]]})
    protected = protect_table(base, base_col="n", value_cols=[], secondary=False)
    out = pd.DataFrame(
        {
            "Aspect": [_capital(cb.label(a)) for a in frame["driver"]],
            "Pilot 2017": [quadrant_name(q) for q in frame["pilot"]],
            f"Nu ({rep.wave})": [
                quadrant_name(q) if isinstance(q, str) else "niet geanalyseerd"
                for q in frame["quadrant"]
            ],
            "Plaatsing nu": [
                "" if s is None else ("stabiel" if s else "onzeker") for s in frame["stable"]
            ],
            "Zelfde kwadrant": ["" if s is None else ("ja" if s else "nee") for s in frame["same"]],
        }
    )
    note = (
        "Bron pilot: het pilotrapport Klantervaring Kleine Keten (Kantar Public, voorjaar 2017), "
        "de kwadrantenfiguren in woorden."
    )
    return _styled(protected, out, [note])
