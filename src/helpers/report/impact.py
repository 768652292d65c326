"""The impact-analysis report (notebook ``03_impact_analysis``): one call per notebook section.

The notebook builds the report once (:func:`build`: the wave, the analysis of one organisation and
target group) and then calls one function per section; each shows Dutch text, a table (through
disclosure control) or a chart. The parts live in private modules:

* :mod:`helpers.report._impact_analysis`: drivers, data, the analysis (quadrant codes), the
  previous wave and the pilot's findings;
* :mod:`helpers.report._impact_text`: Dutch names of quadrants and measures, every sentence;
* :mod:`helpers.report._impact_tables`: the tables (protected, then laid out in Dutch);
* :mod:`helpers.report._impact_plots`: the quadrant chart and the importance bars.

Examples
--------
>>> ratings, respondents = example_tables(n=300, seed=2)
>>> rep = run_impact(ratings, respondents, "asielzoekers", "IND", version="2017.1", bootstrap=100)
>>> rep.stopped is None, rep.n > 250, len(rep.drivers)
(True, True, 10)
>>> sorted(key_figures(rep))[:4]
['aspects', 'bootstrap', 'cluster', 'comparison']
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.codebook import load_codebook
from helpers.data import Wave
from helpers.privacy import DEFAULT_INDICATIVE_BELOW, INDICATIVE_MARK, protect_table
from helpers.report._impact_analysis import (
    CHAIN,
    CHAIN_DRIVERS,
    LEVEL,
    PERFORMANCE_MEASURES,
    ImpactReport,
    WaveComparison,
    analyse_wave,
    analysis_data,
    candidate_drivers,
    compare_with_previous,
    performance_measure,
    pilot_findings,
    pilot_frame,
    report_title,
    run_impact,
    usable_n,
)
from helpers.report._impact_tables import (
    comparison_table,
    importance_detail_html,
    importance_detail_table,
    importance_frame,
    importance_table,
    other_methods,
    pilot_table,
)
from helpers.report._impact_text import (
    METHOD_NAMES_NL,
    QUADRANT_NAMES_NL,
    _significant,
    bars_alt,
    comparison_text,
    findings_heading,
    findings_numbers,
    findings_text,
    intro_text,
    leading_drivers,
    pilot_text,
    quadrant_alt,
    quadrant_name,
    summarise_quadrants,
    summary_text,
)
from helpers.stats import HIGH_SCORE_LOW_IMPACT, INVEST, KEEP, LOW_SCORE_LOW_IMPACT, adjusted_r2

__all__ = [
    "CHAIN",
    "CHAIN_DRIVERS",
    "LEVEL",
    "METHOD_NAMES_NL",
    "PERFORMANCE_MEASURES",
    "QUADRANT_NAMES_NL",
    "ImpactReport",
    "WaveComparison",
    "analyse_wave",
    "analysis_data",
    "bars_alt",
    "bars_figure",
    "build",
    "candidate_drivers",
    "compare_with_previous",
    "comparison_section",
    "comparison_table",
    "comparison_text",
    "example_tables",
    "findings_heading",
    "findings_numbers",
    "findings_section",
    "findings_text",
    "importance_detail_html",
    "importance_detail_table",
    "importance_frame",
    "importance_section",
    "importance_table",
    "intro_section",
    "intro_text",
    "key_figures",
    "key_figures_section",
    "leading_drivers",
    "other_methods",
    "performance_measure",
    "pilot_findings",
    "pilot_frame",
    "pilot_section",
    "pilot_table",
    "pilot_text",
    "quadrant_alt",
    "quadrant_figure",
    "quadrant_section",
    "report_title",
    "run_impact",
    "show_header",
    "stop_if_too_small",
    "summarise_quadrants",
    "summary_section",
    "summary_text",
    "usable_n",
]


# ============================================================================================
# The notebook: build once, one call per section
# ============================================================================================
def build(
    wave: str,
    target_group: str,
    organisation: str,
    *,
    raw_root: str | Path = "",
    processed_root: str | Path = "",
    key_figures_path: str | Path = "",
    **settings,
) -> ImpactReport:
    """Open the wave and run the analysis (``settings``: those of :func:`run_impact`)."""
    rep = analyse_wave(
        Wave.open(wave, raw_root=raw_root, processed_root=processed_root),
        target_group,
        organisation,
        **settings,
    )
    rep.key_figures_path = str(key_figures_path or "")
    rep.parameters = {
        "wave": wave,
        "target_group": target_group,
        "organisation": organisation,
        **settings,
        "raw_root": raw_root,
        "processed_root": processed_root,
    }
    return rep


def show_header(report: ImpactReport) -> None:
    """The report header: title, the synthetic-data banner, parameters and data version."""
    from helpers.report._display import show_header as header

    rep = report
    header(
        report_title(rep.target_group, rep.organisation),
        rep.parameters,
        waves=[rep.source] if rep.source is not None else [rep.wave] if rep.wave else [],
    )


def findings_section(report: ImpactReport) -> None:
    """The findings first: a heading that states them, the numbers behind it and the summary in
    plain language (with the previous wave when there is one); ends the notebook on purpose when
    the data are too thin."""
    stop_if_too_small(report, report.key_figures_path)
    _markdown(findings_text(report, compare_with_previous(report)))


def quadrant_section(report: ImpactReport) -> None:
    """The quadrant chart with its text alternative."""
    from helpers.report._display import show_figure

    show_figure(quadrant_figure(report), quadrant_alt(report))


def importance_section(report: ImpactReport) -> None:
    """The importance table (the chosen measure with its interval and the quadrant's stability),
    the other measures in a collapsed detail, and the bars of the chosen measure."""
    from IPython.display import HTML, display

    from helpers.report._display import show_figure

    display(importance_table(report))
    detail = importance_detail_html(report)
    if detail:
        display(HTML(detail))
    show_figure(bars_figure(report), bars_alt(report))


def summary_section(report: ImpactReport) -> None:
    """The plain-language summary (part of :func:`findings_section`)."""
    _markdown(summary_text(report, report.comparison))


def intro_section(report: ImpactReport) -> None:
    """How the analysis is done (method, missing answers, n, R², design); near the end."""
    stop_if_too_small(report, report.key_figures_path)
    _markdown(intro_text(report))


def comparison_section(report: ImpactReport) -> None:
    """What changed since the previous processed wave, in words and in a table."""
    from IPython.display import display

    comparison = compare_with_previous(report)
    _markdown(comparison_text(report, comparison))
    table = comparison_table(report, comparison)
    if table is not None:
        display(table)


def pilot_section(report: ImpactReport) -> None:
    """For the reviewer: this wave against the 2017 pilot's findings."""
    from IPython.display import display

    synthetic = report.source.synthetic if report.source is not None else False
    _markdown(pilot_text(report, synthetic=synthetic))
    table = pilot_table(report)
    if table is not None:
        display(table)


def key_figures_section(report: ImpactReport) -> None:
    """Write the key figures (JSON) to the notebook's ``key_figures_path``."""
    from helpers.report._display import save_key_figures

    save_key_figures(report.key_figures_path, key_figures(report, compare_with_previous(report)))


def _markdown(text: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(text))


def stop_if_too_small(report: ImpactReport, key_figures_path: str | Path = "") -> None:
    """End the notebook on purpose (:func:`helpers.report._display.stop_report`) without an
    analysis."""
    if report.stopped is None:
        return
    from helpers.report._display import stop_report

    stop_report(
        report.stopped,
        key_figures_path,
        **_settings_figures(report),
        n=report.n,
        n_available=report.n_available,
        min_n=report.min_n,
    )


# ============================================================================================
# Figures
# ============================================================================================
def _chart_labels(rep: ImpactReport) -> dict:
    """Chart labels, with the indicative mark for drivers rated by fewer than 30 respondents."""
    return {
        d: rep.labels[d]
        + (f" {INDICATIVE_MARK}" if rep.n_rated.get(d, 0) < DEFAULT_INDICATIVE_BELOW else "")
        for d in rep.drivers
    }


def quadrant_figure(report: ImpactReport):
    """The quadrant chart (impact against performance, bootstrap whiskers, stable marked)."""
    from helpers.report._impact_plots import quadrant_chart

    rep = report
    if rep.chain:
        title = "Welke organisatie drijft het oordeel over de Kleine Keten?"
    else:
        cb = load_codebook()
        title = (
            f"Impact en prestatie per aspect: {cb.label(rep.organisation)} "
            f"({cb.label(rep.target_group).lower()})"
        )
    return quadrant_chart(
        rep.quadrants,
        _chart_labels(rep),
        title=title,
        performance_label=rep.performance_label,
        subject=rep.subjects,
    )


def bars_figure(report: ImpactReport):
    """Horizontal bars of each driver's share (the chosen measure) with bootstrap whiskers."""
    from helpers.report._impact_plots import importance_bars

    rep = report
    if rep.chain:
        title = "Belang van het oordeel over elke organisatie voor het oordeel over de keten"
    else:
        title = f"Belang van de aspecten voor het {rep.outcome_label}"
    return importance_bars(rep.result, _chart_labels(rep), method=rep.method, title=title)


# ============================================================================================
# Key figures
# ============================================================================================
def _settings_figures(rep: ImpactReport) -> dict:
    return {
        "wave": rep.wave,
        "target_group": rep.target_group,
        "organisation": rep.organisation,
        "questionnaire_version": rep.version,
        "method": rep.method,
        "missing": rep.missing,
        "performance": rep.performance,
        "bootstrap": rep.bootstrap,
        "seed": rep.seed,
        "stable_at": rep.stable_at,
        "cluster": rep.cluster,
    }


def key_figures(report: ImpactReport, comparison: WaveComparison | None = None) -> dict:
    """The report's key numbers for :func:`helpers.report._display.save_key_figures`; quadrants
    by their Dutch names (:data:`QUADRANT_NAMES_NL`).

    Keys: the settings (``wave``, ``target_group``, ``organisation``, ``questionnaire_version``,
    ``method``, ``missing``, ``performance``, ``bootstrap``, ``seed``, ``stable_at``, ``cluster``:
    the design's cluster column whose clusters the bootstrap resampled, or None), ``outcome``,
    ``n``, ``n_clusters`` (clusters in the analysis, None without a cluster), ``n_available``,
    ``n_complete``, ``n_pairwise_min``, ``r2``, ``r2_ci_low``, ``r2_ci_high``, ``drivers``,
    ``dropped``, ``aspects`` (per driver: ``label``, ``n``,
    ``share_pct``, ``share_ci_low``, ``share_ci_high`` of the chosen measure, ``lmg_share_pct``,
    ``performance`` with interval, ``quadrant``, ``agreement``, ``stable``), ``top3``,
    ``investeren`` (all in "Investeren en verbeteren", largest impact first),
    ``investeren_stable``, ``vasthouden``, ``suppressed_cells``,
    ``headline`` (the findings' heading in words) and ``headline_drivers`` (the drivers it names:
    their impact interval lies wholly above the average impact), ``previous_wave`` and
    ``comparison`` (None without a previous wave: else ``wave``, ``n``, ``r2``,
    ``quadrant_changed``, ``performance_changed``, ``impact_changed``), ``pilot`` (per aspect
    the pilot named: its pilot placement, this wave's quadrant, ``same``).
    """
    rep = report
    res = rep.result
    out = {
        **_settings_figures(rep),
        "outcome": rep.outcome_label,
        "n": rep.n,
        "n_available": rep.n_available,
        "n_complete": rep.n_complete,
        "drivers": list(rep.drivers),
        "dropped": dict(rep.dropped),
    }
    if res is None:
        return {**out, "stopped": rep.stopped, "comparison": None, "previous_wave": None}
    q = rep.quadrants
    t = res.table
    aspects = {}
    for d in rep.ranked():
        aspects[d] = {
            "label": rep.labels[d],
            "n": rep.n_rated[d],
            "share_pct": t.loc[d, f"{rep.method}_share_pct"],
            "share_ci_low": t.loc[d, f"{rep.method}_share_ci_low"],
            "share_ci_high": t.loc[d, f"{rep.method}_share_ci_high"],
            "lmg_share_pct": t.loc[d, "lmg_share_pct"] if "lmg" in res.methods else None,
            "performance": t.loc[d, "performance"],
            "performance_ci_low": t.loc[d, "performance_ci_low"],
            "performance_ci_high": t.loc[d, "performance_ci_high"],
            "quadrant": quadrant_name(q.loc[d, "quadrant"]),
            "agreement": q.loc[d, "agreement"],
            "stable": bool(q.loc[d, "stable"]),
        }
    ranked = rep.ranked()
    inv = [d for d in ranked if q.loc[d, "quadrant"] == INVEST]
    frame = importance_frame(rep)
    protected = protect_table(frame, base_col="n", value_cols=["performance"], secondary=False)
    out.update(
        {
            "n_clusters": res.n_clusters,
            "n_pairwise_min": res.point.n_pairwise_min,
            "r2": res.r2,
            "r2_ci_low": res.r2_ci[0],
            "r2_ci_high": res.r2_ci[1],
            "r2_adjusted": adjusted_r2(res.r2, rep.n, len(rep.drivers)),
            "impact_method": rep.method,
            "aspects": aspects,
            "top3": ranked[:3],
            "investeren": inv,
            "investeren_stable": [d for d in inv if q.loc[d, "stable"]],
            "vasthouden": [d for d in ranked if q.loc[d, "quadrant"] == KEEP],
            "positief_weinig_impact": [
                d for d in ranked if q.loc[d, "quadrant"] == HIGH_SCORE_LOW_IMPACT
            ],
            "negatief_weinig_impact": [
                d for d in ranked if q.loc[d, "quadrant"] == LOW_SCORE_LOW_IMPACT
            ],
            "suppressed_cells": protected.n_suppressed,
            "indicative_cells": protected.n_indicative,
            "previous_wave": comparison.previous_wave if comparison else None,
            "comparison": None,
            "headline": findings_heading(rep),
            "headline_drivers": leading_drivers(rep)[0],
        }
    )
    if comparison is not None and comparison.table is not None:
        c = comparison.table
        both = c["impact_now"].notna() & c["impact_prev"].notna()
        has_ci = "performance_diff_ci_low" in c.columns
        out["comparison"] = {
            "wave": comparison.previous_wave,
            "n": comparison.previous.n,
            "r2": comparison.previous.result.r2,
            "quadrant_changed": [d for d in c.index[both & c["quadrant_changed"]]],
            "performance_changed": [
                d
                for d in c.index[both]
                if has_ci
                and _significant(
                    c.loc[d, "performance_diff_ci_low"], c.loc[d, "performance_diff_ci_high"]
                )
            ],
            "impact_changed": [
                d
                for d in c.index[both]
                if has_ci
                and _significant(c.loc[d, "impact_diff_ci_low"], c.loc[d, "impact_diff_ci_high"])
            ],
            "quadrant_prev": {d: quadrant_name(c.loc[d, "quadrant_prev"]) for d in c.index[both]},
        }
    pf = pilot_frame(rep)
    out["pilot"] = (
        None
        if pf is None
        else {
            r["driver"]: {
                "pilot": quadrant_name(r["pilot"]),
                "now": quadrant_name(r["quadrant"]) if isinstance(r["quadrant"], str) else None,
                "same": r["same"],
                "high_impact": r["high_impact"],
            }
            for _, r in pf.iterrows()
        }
    )
    return out


# ============================================================================================
# Example data (doctests, tests)
# ============================================================================================
def example_tables(
    n: int = 300, seed: int = 1, target_group: str = "asielzoekers", version: str = "2017.1"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Small processed-style ``(ratings, respondents)`` tables with a known structure.

    Every organisation's ``totaaloordeel`` is driven by its aspects (first aspect strongest); the
    chain's by IND (strongest), COA and DT&V. About 8% of the aspect answers are "weet niet".
    Asylum seekers are spread at random over 15 reception centres (``azc``, no centre effect).
    """
    cb = load_codebook()
    rng = np.random.default_rng(seed)
    ids = [f"R{i:05d}" for i in range(n)]
    rows = []
    overall = {}
    for org in cb.rated_organisations(target_group, version):
        if org == CHAIN:
            continue
        aspects = cb.aspects(target_group, version, org)
        g = rng.normal(size=(n, 1))
        latent = 0.6 * g + rng.normal(size=(n, len(aspects)))
        coef = np.linspace(1.0, 0.1, len(aspects))
        y = latent @ coef / np.sqrt(len(aspects)) + rng.normal(scale=0.6, size=n)
        overall[org] = y
        for j, a in enumerate(aspects):
            v = np.clip(np.round(3.4 + latent[:, j]), 1, 5)
            dk = rng.random(n) < 0.08
            rows.append(
                pd.DataFrame(
                    {
                        "respondent_id": ids,
                        "organisation": org,
                        "item": a,
                        "value": np.where(dk, np.nan, v),
                        "dont_know": dk,
                    }
                )
            )
    for org, y in overall.items():
        rows.append(
            pd.DataFrame(
                {
                    "respondent_id": ids,
                    "organisation": org,
                    "item": "totaaloordeel",
                    "value": np.clip(np.round(3.5 + y), 1, 5),
                    "dont_know": False,
                }
            )
        )
    if CHAIN in cb.rated_organisations(target_group, version):
        z = {o: (y - y.mean()) / y.std() for o, y in overall.items()}
        chain = 0.8 * z["IND"] + 0.4 * z["COA"] + 0.2 * z["DTV"] + rng.normal(scale=0.6, size=n)
        rows.append(
            pd.DataFrame(
                {
                    "respondent_id": ids,
                    "organisation": CHAIN,
                    "item": "totaaloordeel",
                    "value": np.clip(np.round(3.5 + chain), 1, 5),
                    "dont_know": False,
                }
            )
        )
    ratings = pd.concat(rows, ignore_index=True)
    ratings.insert(1, "target_group", target_group)
    w = rng.lognormal(sigma=0.3, size=n)
    respondents = pd.DataFrame(
        {"respondent_id": ids, "target_group": target_group, "weight": w / w.mean()}
    )
    if target_group == "asielzoekers":  # the reception centre, the cluster of the design
        respondents["azc"] = [f"azc_{k:02d}" for k in rng.integers(0, 15, size=n)]
    return ratings, respondents
