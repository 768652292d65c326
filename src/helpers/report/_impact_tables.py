"""The tables of the impact report: importance, comparison with the previous wave, the pilot.

Every table passes :func:`helpers.privacy.protect_table` (rows whose base is below the threshold
suppressed, below 30 marked indicative), is laid out in Dutch from the protected numbers, and
reaches the page through the one table route :func:`helpers.privacy.style_table`.
"""

from __future__ import annotations

import html
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
from helpers.report._style import wave_label
from helpers.report._text import join_nl
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


def _importance_layout(report: ImpactReport):
    """The protected importance frame and a function laying out one estimate column in Dutch."""
    rep = report
    frame = importance_frame(rep)
    numeric = [c for c in frame.columns if c not in ("driver", "label", "n", "quadrant")]
    protected = protect_table(frame, base_col="n", value_cols=numeric, secondary=False)
    t = protected.table

    def col(name: str, dec: int) -> list[str]:
        return [
            SUPPRESSED_MARK if s else _ci(a, b, c, dec, INDICATIVE_MARK if i else "")
            for a, b, c, s, i in zip(
                t[name],
                t[f"{name}_ci_low"],
                t[f"{name}_ci_high"],
                t["suppressed"],
                t["indicative"],
                strict=True,
            )
        ]

    out = pd.DataFrame({_capital(rep.subject): t["label"], "n": t["n"]})
    return protected, out, col


def _share_head(method: str) -> str:
    """Column heading of one measure's share: of R² (LMG, rw, Pratt) or of the sum (beta, corr)."""
    name = _capital(METHOD_NAMES_NL[method])
    if method in ("beta", "corr"):
        return f"{name}: aandeel in de som, %"
    return f"{name}: aandeel in de verklaarde variantie, %"


def _interval_note(rep: ImpactReport) -> str:
    return (
        f"Onder elke schatting het {_nl(100 * LEVEL)}%-bootstrapinterval ({rep.result.B} "
        f"steekproeven, {design_phrase(rep)})."
    )


def _base_note(rep: ImpactReport) -> str:
    return (
        f"n: respondenten die het {rep.subject} beoordeelden (basis van de prestatie); de "
        f"analyse zelf gebruikt {rep.n} respondenten."
    )


def importance_table(report: ImpactReport):
    """The importance table for display (passed through :func:`helpers.privacy.protect_table`).

    Per driver its performance, the share of the chosen measure (LMG by default: its share of the
    explained variance) with the bootstrap interval, its quadrant and the quadrant's stability (%
    of bootstrap samples placing it in the same quadrant). The other measures are in
    :func:`importance_detail_table`. Rows whose base (respondents who rated the driver) is below
    10 are suppressed, below 30 marked indicative.
    """
    rep = report
    protected, out, col = _importance_layout(rep)
    t = protected.table
    perf_dec = 0 if rep.performance == "pct_positive" else 2
    perf_head = (
        "Prestatie: % positief"
        if rep.performance == "pct_positive"
        else "Prestatie: gemiddelde (1-5)"
    )
    out[perf_head] = col("performance", perf_dec)
    out[_share_head(rep.method)] = col(f"{rep.method}_share", 1)
    out["Kwadrant"] = [
        SUPPRESSED_MARK if s else quadrant_name(q)
        for q, s in zip(t["quadrant"], t["suppressed"], strict=True)
    ]
    out["Stabiliteit kwadrant, %"] = [
        SUPPRESSED_MARK if s else _nl(a)
        for a, s in zip(t["agreement"], t["suppressed"], strict=True)
    ]
    if rep.method in ("beta", "corr"):
        share = (
            f"{_capital(METHOD_NAMES_NL[rep.method])}: het aandeel van elk"
            f"{'e' if rep.chain else ''} {rep.subject} in de som over de {rep.subjects} "
            "(geen aandeel in de verklaarde variantie); dit is de impact in de kwadranten."
        )
    else:
        share = (
            f"{_capital(METHOD_NAMES_NL[rep.method])}: het aandeel van elk"
            f"{'e' if rep.chain else ''} {rep.subject} in de verklaarde variantie (R²); de "
            "aandelen tellen op tot 100% en zijn de impact in de kwadranten."
        )
    notes = [
        _interval_note(rep) + " " + share,
        "Stabiliteit kwadrant: het percentage bootstrapsteekproeven dat "
        f"{rep.subject_phrase} in hetzelfde kwadrant plaatst (stabiel vanaf "
        f"{_nl(100 * rep.stable_at)}%).",
        _base_note(rep),
    ]
    return _styled(
        protected, out, notes, numbers=[perf_head, _share_head(rep.method), out.columns[-1]]
    )


def other_methods(report: ImpactReport) -> list[str]:
    """The measures of the detail table: every computed measure except the chosen one."""
    rep = report
    return [m for m in METHODS if m != rep.method and m in rep.result.methods]


def importance_detail_table(report: ImpactReport):
    """The other measures (:func:`other_methods`) as shares with their bootstrap intervals, for
    the collapsed detail below :func:`importance_table` (same disclosure control)."""
    rep = report
    protected, out, col = _importance_layout(rep)
    shown = other_methods(rep)
    for m in shown:
        out[_share_head(m)] = col(f"{m}_share", 1)
    notes = [
        _interval_note(rep)
        + f" Elke maat is weergegeven als aandeel in de som over de {rep.subjects}; voor LMG, "
        "relatieve gewichten en Pratt is dat het aandeel in de verklaarde variantie (R²), voor "
        "bèta en correlatie alleen een aandeel in de som.",
        _base_note(rep),
    ]
    return _styled(protected, out, notes, numbers=[_share_head(m) for m in shown])


def importance_detail_html(report: ImpactReport) -> str:
    """HTML of the collapsed detail: ``<details>`` with a summary line, what the other measures are
    for, why some shares can be negative, and :func:`importance_detail_table`."""
    rep = report
    shown = other_methods(rep)
    if not shown:
        return ""
    signed = [METHOD_NAMES_NL[m] for m in ("beta", "pratt") if m in shown]
    names = join_nl([METHOD_NAMES_NL[m] for m in shown])
    text = (
        f"Ter controle het belang volgens {names}. Geven die maten dezelfde volgorde als de "
        f"tabel hierboven, dan hangt de conclusie niet af van de keuze van de maat."
    )
    if signed:
        text += (
            f" {_capital(join_nl(signed))} "
            f"{'kan' if len(signed) == 1 else 'kunnen'} negatief uitvallen: ze gaan uit van de "
            f"regressiecoëfficiënten, en als {rep.subjects} sterk met elkaar samenhangen kan "
            f"een {rep.subject} na correctie voor de andere een klein "
            "tegengesteld gewicht krijgen, zodat het ‘aandeel’ onder nul ligt en de andere "
            "samen boven 100% uitkomen."
        )
    return (
        '<details class="kk-detail"><summary>Andere maten voor het belang</summary>'
        f"<p>{html.escape(text)}</p>{importance_detail_table(rep).to_html()}</details>"
    )


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
        row[f"Impact {wave_label(comparison.previous_wave)}, %"] = _nl(r["impact_prev"], 1)
        row[f"Impact {wave_label(rep.wave)}, %"] = _nl(r["impact_now"], 1)
        row["Verschil impact"] = (
            _ci(r["impact_diff"], r["impact_diff_ci_low"], r["impact_diff_ci_high"], 1)
            if has_ci
            else _nl(r["impact_diff"], 1)
        )
        row[f"Prestatie {wave_label(comparison.previous_wave)}"] = _nl(r["performance_prev"], pdec)
        row[f"Prestatie {wave_label(rep.wave)}"] = _nl(r["performance_now"], pdec)
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
        row[f"Kwadrant {wave_label(comparison.previous_wave)}"] = quadrant_name(r["quadrant_prev"])
        row[f"Kwadrant {wave_label(rep.wave)}"] = quadrant_name(r["quadrant_now"])
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
            f"Nu ({wave_label(rep.wave)})": [
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
