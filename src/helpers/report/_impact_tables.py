"""The tables of the impact report: importance, comparison with the previous wave, the pilot.

Every table of respondent numbers passes :func:`helpers.privacy.protect_table` (rows whose base is
below the threshold suppressed, below 30 marked indicative) before it is laid out in Dutch.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.codebook import load_codebook
from helpers.privacy import INDICATIVE_MARK, SUPPRESSED_MARK, protect_table
from helpers.report._impact_analysis import (
    LEVEL,
    ImpactReport,
    WaveComparison,
    _capital,
    pilot_frame,
)
from helpers.report._impact_text import METHOD_NAMES_NL, _nl, quadrant_name
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


def _styled(out: pd.DataFrame, notes: list[str], text_cols: int = 1):
    """A display table: no index, notes below, text columns left and numbers right aligned."""
    styles = [
        {
            "selector": "caption",
            "props": "caption-side: bottom; text-align: left; "
            "font-size: 0.85em; color: #555; padding-top: 4px;",
        },
        {
            "selector": "td, th",
            "props": "text-align: right; vertical-align: top; padding: 3px 6px;",
        },
    ]
    for k in range(1, text_cols + 1):
        styles.append(
            {"selector": f"td:nth-child({k}), th:nth-child({k})", "props": "text-align: left;"}
        )
    styler = out.style.hide(axis="index").set_table_styles(styles)
    if notes:
        styler = styler.set_caption("<br>".join(notes))
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
    out = pd.DataFrame({_capital(rep.subject): t["label"]})
    out["n"] = [
        SUPPRESSED_MARK if s else _nl(v) for v, s in zip(t["n"], t["suppressed"], strict=True)
    ]

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
        "steekproeven). Elke maat is weergegeven als aandeel in de som over de "
        f"{rep.subjects}; voor LMG, relatieve gewichten en Pratt is dat het aandeel in R², voor "
        "bèta en correlatie alleen een aandeel in de som.",
        "Zekerheid kwadrant: het percentage bootstrapsteekproeven dat "
        f"{rep.subject_phrase} in hetzelfde kwadrant plaatst (stabiel vanaf "
        f"{_nl(100 * rep.stable_at)}%).",
        f"n: respondenten die het {rep.subject} beoordeelden (basis van de prestatie); de "
        f"analyse zelf gebruikt {rep.n} respondenten.",
        *protected.footnotes,
    ]
    styler = _styled(out, notes)
    styler.protected = protected  # for tests
    return styler


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
        *protected.footnotes,
    ]
    styler = _styled(out, notes)
    return styler.set_table_styles(
        [
            {
                "selector": "td:nth-last-child(-n+2), th:nth-last-child(-n+2)",
                "props": "text-align: left;",
            }
        ],
        overwrite=False,
    )


def pilot_table(report: ImpactReport):
    """The table behind :func:`pilot_text` (None when the pilot named nothing)."""
    rep = report
    frame = pilot_frame(rep)
    if frame is None:
        return None
    cb = load_codebook()
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
    return _styled(
        out,
        [
            "Bron pilot: het pilotrapport Klantervaring Kleine Keten (Kantar Public, "
            "voorjaar 2017), de kwadrantenfiguren in woorden."
        ],
        text_cols=5,
    )
