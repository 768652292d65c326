"""The power report (notebook ``04_power_continuous_measurement``): one call per notebook section.

The notebook builds the report once (:func:`build`: the wave and every number of the report,
from :mod:`helpers.stats`) and then calls one function per section; each shows Dutch text, a
table (respondent counts through disclosure control) or a chart. The Dutch tables and sentences
are in :mod:`helpers.report._power_text`, the charts in :mod:`helpers.report._power_plots`.

Two figures are shared with other reports and computed once: the wave's design effect per
organisation is the design-based ``deff`` of :func:`helpers.stats.survey_estimate` (as in the
descriptive report; the ICC model only plans other sample sizes), and the quadrant of an aspect
is the impact analysis's placement (the same aspects, data and settings as the impact report).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.codebook import load_codebook
from helpers.data import Population, Wave
from helpers.errors import InputError
from helpers.notation import format_number
from helpers.privacy import (
    DEFAULT_THRESHOLD,
    plan_for,
    protect_table,
    style_frame,
    style_table,
)
from helpers.report._impact_analysis import candidate_drivers
from helpers.report._power_text import (
    DESIGN_COLUMNS_NL,
    DESIGN_DECIMALS,
    SUBGROUP_COLUMNS_NL,
    design_view,
    findings_nl,
    impact_power_text_nl,
    impact_power_view,
    method_nl,
    plan_view,
    population_text_nl,
    recommendation_nl,
    recommended_view,
    subgroup_answer_nl,
    subgroup_sizes,
    subgroup_sizes_view,
    subgroup_subject,
    subgroup_view,
)
from helpers.report.small_area import centre_planner, centre_planner_section
from helpers.stats import (
    design_parameters_report,
    impact_power_by_organisation,
    measurement_plan_from_wave,
    recommended_design,
    subgroup_comparison_plan,
    summarise_impact_power,
)

__all__ = [
    "PowerReport",
    "build",
    "centre_section",
    "design_section",
    "findings",
    "findings_section",
    "impact_power_section",
    "key_figures",
    "key_figures_section",
    "method_section",
    "planner_section",
    "population_from_wave",
    "power_key_figures",
    "power_section",
    "recommendation_section",
    "show_header",
    "subgroup_section",
]

#: Simulated sample sizes of the impact power section, besides the wave's own.
SIMULATED_N: tuple[int, ...] = (500, 1000, 2000)

#: Missing-data strategy and performance measure of the impact report's defaults (notebook 03):
#: the simulation's truth is the impact analysis's placement with these settings.
IMPACT_SETTINGS: dict[str, str] = {"missing": "pairwise", "performance": "positive"}

#: Difference (scale points) below the average at which the centre planner spots a centre.
CENTRE_DIFFERENCE: float = 0.3


@dataclass
class PowerReport:
    """Every number of the power report of one wave and target group (built by :func:`build`)."""

    wave: Wave
    target_group: str
    target_mde: float
    alpha: float
    power: float
    subgroup: str
    subgroup_share: float
    quarterly_n: int
    population: dict
    design: pd.DataFrame
    recommended: pd.DataFrame
    plan: pd.DataFrame
    sizes: pd.DataFrame
    comparison: pd.DataFrame
    simulation: pd.DataFrame
    impact_summary: pd.DataFrame
    disclosure: object = None  # the wave's DisclosurePlan, bound to the target group
    key_figures_path: str = ""
    parameters: dict = field(default_factory=dict)
    centres: pd.DataFrame = field(default_factory=pd.DataFrame)  # the centre planner


def population_from_wave(
    population: Population | None,
    target_group: str,
    *,
    population_size: float = 0,
    response_rate: float = 0.0,
) -> dict:
    """Population size and response rate of a target group: the parameter, else ``wave.yml``.

    Parameters
    ----------
    population : helpers.data.Population or None
        ``Wave.population[target_group]`` (None: the wave declares none).
    target_group : str
    population_size : float, default 0
        Overrides the size when positive (0 = take it from ``wave.yml``).
    response_rate : float, default 0
        Overrides the response rate when positive (0 = take it from ``wave.yml``).

    Returns
    -------
    dict
        ``population_size`` (float or None when unknown), ``response_rate`` (float) and
        ``source_population_size`` / ``source_response_rate`` (``"parameter"``, ``"wave.yml"``
        or ``"onbekend"``).

    Raises
    ------
    InputError
        No response rate in either place (the gross sample cannot be planned without it), or a
        response rate outside (0, 1].

    Examples
    --------
    >>> pop = Population(size=9800, response_rate=0.42)
    >>> population_from_wave(pop, "asielzoekers", response_rate=0.5)["response_rate"]
    0.5
    >>> population_from_wave(pop, "asielzoekers")["population_size"]
    9800.0
    """
    out: dict = {}
    size = population.size if population is not None else None
    rate = population.response_rate if population is not None else None
    if population_size and population_size > 0:
        out["population_size"], out["source_population_size"] = float(population_size), "parameter"
    elif size:
        out["population_size"], out["source_population_size"] = float(size), "wave.yml"
    else:
        out["population_size"], out["source_population_size"] = None, "onbekend"
    if response_rate and response_rate > 0:
        rr, src = float(response_rate), "parameter"
    elif rate:
        rr, src = float(rate), "wave.yml"
    else:
        raise InputError(
            f"no response rate for {target_group}: give the parameter "
            "response_rate or add population.<target group>.response_rate to "
            "wave.yml"
        )
    if not (np.isfinite(rr) and 0 < rr <= 1):
        raise InputError(f"response rate must lie in (0, 1], got {rr:g}")
    out["response_rate"] = rr
    out["source_response_rate"] = src
    return out


def _impact_drivers(wave: Wave, target_group: str) -> dict[str, list[str]]:
    """The aspects of the impact analysis per organisation (questionnaire of the wave)."""
    cb = load_codebook()
    rated = wave.ratings.loc[wave.ratings["target_group"] == target_group]
    present = rated.groupby("organisation")["item"].unique()
    out = {}
    for org in present.index:
        if org == "keten":
            continue
        asked = set(present[org])
        out[str(org)] = [
            d for d in candidate_drivers(target_group, str(org), wave.version, cb) if d in asked
        ]
    return out


def build(
    wave: str,
    target_group: str,
    *,
    target_mde: float = 0.25,
    alpha: float = 0.05,
    power: float = 0.8,
    response_rate: float = 0.0,
    population_size: int = 0,
    subgroup: str = "nationaliteit",
    subgroup_share: float = 0.15,
    quarterly_n: int = 200,
    simulation_samples: int = 200,
    raw_root: str | Path = "",
    processed_root: str | Path = "",
    key_figures_path: str | Path = "",
) -> PowerReport:
    """Open the wave and compute every number of the report (the notebook's parameters)."""
    w = Wave.open(wave, raw_root=raw_root, processed_root=processed_root)
    population = population_from_wave(
        w.population.get(target_group),
        target_group,
        population_size=population_size,
        response_rate=response_rate,
    )
    rr = population["response_rate"]
    respondents, ratings = w.respondents, w.ratings
    design_spec = w.design.get(target_group)
    design = design_parameters_report(
        respondents,
        ratings,
        target_group=target_group,
        population_size=population["population_size"],
        cluster_col=design_spec.cluster if design_spec is not None else None,
    )
    recommended = recommended_design(design, target_mde, alpha=alpha, power=power, response_rate=rr)
    plan = measurement_plan_from_wave(
        design,
        quarterly_n,
        subgroups={subgroup: subgroup_share},
        response_rate=rr,
        alpha=alpha,
        power=power,
    )
    disclosure = plan_for(w, DEFAULT_THRESHOLD).group(target_group)
    sizes = subgroup_sizes(respondents, subgroup, target_group=target_group, plan=disclosure)
    comparison = subgroup_comparison_plan(
        sizes,
        design,
        n_total=quarterly_n,
        k=4,
        target_mde=target_mde,
        alpha=alpha,
        power=power,
        response_rate=rr,
    )
    centres = centre_planner(
        w, target_group, difference=CENTRE_DIFFERENCE, alpha=alpha, power=power
    )
    simulation = impact_power_by_organisation(
        respondents,
        ratings,
        target_group,
        drivers=_impact_drivers(w, target_group),
        n=SIMULATED_N,
        samples=simulation_samples,
        seed=1,
        **IMPACT_SETTINGS,
    )
    parameters = {
        "wave": wave,
        "target_group": target_group,
        "target_mde": target_mde,
        "alpha": alpha,
        "power": power,
        "response_rate": response_rate,
        "population_size": population_size,
        "subgroup": subgroup,
        "subgroup_share": subgroup_share,
        "quarterly_n": quarterly_n,
        "simulation_samples": simulation_samples,
        "raw_root": raw_root,
        "processed_root": processed_root,
    }
    return PowerReport(
        wave=w,
        target_group=target_group,
        target_mde=float(target_mde),
        alpha=float(alpha),
        power=float(power),
        subgroup=subgroup,
        subgroup_share=float(subgroup_share),
        quarterly_n=int(quarterly_n),
        population=population,
        design=design,
        recommended=recommended,
        plan=plan,
        sizes=sizes,
        comparison=comparison,
        simulation=simulation,
        impact_summary=summarise_impact_power(simulation),
        disclosure=disclosure,
        key_figures_path=str(key_figures_path or ""),
        parameters=parameters,
        centres=centres,
    )


# ============================================================================================
# The notebook's sections
# ============================================================================================
def _show(obj) -> None:
    from IPython.display import display

    display(obj)


def _markdown(text: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(text))


def show_header(report: PowerReport) -> None:
    """The report header: title, the synthetic-data banner, parameters and data version."""
    from helpers.report._display import show_header as header

    title = "Steekproefomvang en power voor de continumeting: " + (
        load_codebook().label(report.target_group).lower()
    )
    header(title, header_parameters(report), waves=[report.wave])


def header_parameters(report: PowerReport) -> dict:
    """The settings for the closing "Verantwoording": the response rate and population size
    the report used (from the wave's description unless set), not the setting's 0."""
    params = dict(report.parameters)
    pop = report.population
    source = {"wave.yml": "uit de beschrijving van de meting", "parameter": "opgegeven"}
    params["response_rate"] = (
        f"{format_number(100 * pop['response_rate'], 0)}% "
        f"({source.get(pop['source_response_rate'], 'onbekend')})"
    )
    size = pop.get("population_size")
    params["population_size"] = (
        f"{format_number(size, 0)} ({source.get(pop['source_population_size'], 'onbekend')})"
        if size
        else "onbekend"
    )
    return params


def findings(report: PowerReport) -> dict:
    """The main finding: heading, sentences and the numbers they use (:func:`findings_nl`)."""
    return findings_nl(
        report.recommended,
        report.design,
        report.comparison,
        target_group=report.target_group,
        quarterly_n=report.quarterly_n,
        target_mde=report.target_mde,
        alpha=report.alpha,
        power=report.power,
        response_rate=report.population["response_rate"],
        subgroup=report.subgroup,
        centres=report.centres,
        centre_difference=CENTRE_DIFFERENCE,
    )


def findings_markdown(report: PowerReport) -> str:
    """The findings section as Markdown: a ``##`` heading that states the finding, then the
    sentences, one paragraph each."""
    found = findings(report)
    return "\n\n".join([f"## {found['heading']}", *found["sentences"]])


def findings_section(report: PowerReport) -> None:
    """The report's opening: the main finding as a heading and a few sentences."""
    _markdown(findings_markdown(report))


def method_section(report: PowerReport) -> None:
    """How the numbers were computed ("Zo is gerekend"): data, design effect, tests."""
    _markdown(
        method_nl(
            report.population,
            target_group=report.target_group,
            target_mde=report.target_mde,
            alpha=report.alpha,
            power=report.power,
            quarterly_n=report.quarterly_n,
            simulated_n=SIMULATED_N,
        )
    )


def centre_section(report: PowerReport) -> None:
    """Raters per reception centre per year to spot a centre below the average."""
    centre_planner_section(report, difference=CENTRE_DIFFERENCE)


def design_section(report: PowerReport) -> None:
    """Response and population used, and the design parameters per organisation."""
    _markdown(population_text_nl(report.population))
    _show(
        style_table(
            protect_table(
                design_view(report.design),
                base_col="n_rated",
                secondary=False,
                plan=report.disclosure,
            ),
            rename=DESIGN_COLUMNS_NL,
            decimals=DESIGN_DECIMALS,
        )
    )


def recommendation_section(report: PowerReport) -> None:
    """The recommended quarterly sample per organisation, with the binding one."""
    _markdown(recommendation_nl(report.recommended, report.target_mde, report.power))
    _show(style_frame(recommended_view(report.recommended)))


def power_section(report: PowerReport) -> None:
    """The detectable difference per organisation and the power at the binding organisation."""
    from helpers.report._display import show_figure
    from helpers.report._power_plots import plot_mde_by_organisation, plot_power_curve

    rec = report.recommended
    binding = rec.loc[rec["binding"]].iloc[0]
    label = load_codebook().label(binding["organisation"])
    show_figure(
        plot_mde_by_organisation(
            report.design, target_mde=report.target_mde, alpha=report.alpha, power=report.power
        ),
        "Lijngrafiek: het kleinste aantoonbare verschil in het totaaloordeel daalt met het "
        "aantal beoordelaars per kwartaal, per organisatie; stippen tonen deze golf.",
    )
    show_figure(
        plot_power_curve(
            sorted({0.15, report.target_mde, 0.35, 0.5}),
            float(binding["sd"]),
            n_max=1500,
            alpha=report.alpha,
            power=report.power,
            deff=float(binding["deff_at_n"]),
            title=f"Power bij {label} (bepalend)",
        ),
        "Lijngrafiek: de power om een verschil aan te tonen stijgt met het aantal beoordelaars, "
        "sneller voor grotere verschillen.",
    )


def planner_section(report: PowerReport) -> None:
    """What pooled quarters can detect, for all respondents and for one subgroup."""
    label = f"subgroep van {format_number(100 * report.subgroup_share, 0)}%"
    _show(style_frame(plan_view(report.plan, {report.subgroup: label})))


def subgroup_section(report: PowerReport) -> None:
    """Is the pilot's n too small to compare subgroups? The answer, the groups and the numbers."""
    _markdown(subgroup_answer_nl(report.comparison, subject=subgroup_subject(report.subgroup)))
    _show(
        style_table(
            protect_table(subgroup_sizes_view(report.sizes), base_col="n", plan=report.disclosure),
            rename=SUBGROUP_COLUMNS_NL,
            decimals={"n": 0, "pct": 1},
        )
    )
    if not report.comparison.empty:
        _show(style_frame(subgroup_view(report.comparison)))


def impact_power_section(report: PowerReport) -> None:
    """How often a new survey would put each aspect in the impact analysis's quadrant."""
    from helpers.report._display import show_figure
    from helpers.report._power_plots import plot_impact_agreement

    sim = report.simulation
    _markdown(impact_power_text_nl(report.impact_summary, skipped=sim.attrs["skipped"]))
    show_figure(
        plot_impact_agreement(sim),
        "Lijngrafieken per organisatie: het aandeel simulaties met een aspect in hetzelfde "
        "kwadrant stijgt met het aantal respondenten.",
    )
    _show(style_frame(impact_power_view(sim)))


def key_figures_section(report: PowerReport) -> None:
    """Write the key figures (JSON) when the notebook was given a path."""
    from helpers.report._display import save_key_figures

    save_key_figures(report.key_figures_path, key_figures(report))


def key_figures(report: PowerReport) -> dict:
    """The key figures of the report as a flat dict (see :func:`power_key_figures`), with the
    opening finding (``headline``, ``headline_organisation``, ``headline_mde``,
    ``n_respondents_now``, ``n_respondents_needed``) and the centre planner
    (``centres``, ``centre_n_direct_<org>``, ``centre_n_pooled_<org>``; None when not feasible).
    """
    kf = power_key_figures(
        report.design,
        report.recommended,
        report.plan,
        report.comparison,
        report.impact_summary,
        wave=report.wave.id,
        target_group=report.target_group,
        target_mde=report.target_mde,
        alpha=report.alpha,
        power=report.power,
        response_rate=report.population["response_rate"],
        quarterly_n=report.quarterly_n,
    )
    found = findings(report)
    kf["headline"] = found["heading"]
    kf["headline_organisation"] = found["organisation"]
    kf["headline_mde"] = float(found["mde"])
    kf["n_respondents_now"] = int(found["n_respondents"])
    needed = float(found["n_respondents_needed"])
    kf["n_respondents_needed"] = needed if np.isfinite(needed) else None
    centres = report.centres
    if centres is not None and not centres.empty:
        kf["centres"] = int(centres.attrs.get("centres", 0))
        for r in centres.itertuples():
            for col in ("direct", "pooled"):
                v = float(getattr(r, col, np.nan))
                kf[f"centre_n_{col}_{r.organisation}"] = v if np.isfinite(v) else None
    return kf


def power_key_figures(
    design: pd.DataFrame,
    rec: pd.DataFrame,
    plan: pd.DataFrame | None = None,
    comparison: pd.DataFrame | None = None,
    impact_summary: pd.DataFrame | None = None,
    **extra,
) -> dict:
    """The key figures of the power report as a flat dict for
    :func:`key_figures_section`.

    Keys per organisation ``<org>``: ``n_rated_<org>``, ``sd_<org>``, ``icc_<org>``,
    ``deff_<org>``, ``deff_weighting_<org>``, ``n_per_group_<org>`` (net per quarter for the
    target MDE), ``n_gross_<org>``, ``mde_now_<org>``; ``binding_organisation`` and
    ``n_gross_binding``; with a plan ``planner_mde_<org>_<window>q_<comparison>`` for all
    respondents; with a subgroup comparison ``subgroup_*``; with an impact summary
    ``impact_agreement_<org>_<n>`` (mean agreement) and ``impact_width_<org>_<n>`` per n, and
    ``impact_agreement_<org>_now``, ``impact_agreement_all_<org>_now`` and
    ``impact_n_stable_<org>_now`` at the smallest n of the summary (the wave's own n when it
    was included); plus ``extra``.
    """
    kf: dict = dict(extra)
    for r in design.itertuples():
        o = r.organisation
        kf[f"n_rated_{o}"] = int(r.n_rated)
        kf[f"sd_{o}"] = float(r.sd)
        kf[f"icc_{o}"] = float(r.icc)
        kf[f"deff_{o}"] = float(r.deff)
        kf[f"deff_weighting_{o}"] = float(r.deff_weighting)
    for r in rec.itertuples():
        o = r.organisation
        kf[f"n_per_group_{o}"] = float(r.n_net)
        kf[f"n_gross_{o}"] = float(r.n_gross)
        kf[f"mde_now_{o}"] = float(r.mde_now)
    b = rec.loc[rec["binding"]].iloc[0]
    kf["binding_organisation"] = b["organisation"]
    kf["n_gross_binding"] = float(b["n_gross"])
    if plan is not None:
        for r in plan[plan["group"] == "all"].itertuples():
            kf[f"planner_mde_{r.organisation}_{r.window_quarters}q_{r.comparison}"] = float(r.mde)
    if comparison is not None and not comparison.empty:
        a = comparison.attrs
        kf["subgroup_groups"] = list(a["groups"])
        kf["subgroup_shares"] = [float(s) for s in a["shares"]]
        kf["subgroup_k"] = int(a["k"])
        kf["subgroup_n_total"] = float(a["n_total"])
        kf["subgroup_n_largest"] = float(a["n_total"] * a["shares"][0])
        kf["subgroup_n_second"] = float(a["n_total"] * a["shares"][1])
        for r in comparison.itertuples():
            o = r.organisation
            kf[f"subgroup_mde_two_largest_{o}"] = float(r.mde_two_largest)
            kf[f"subgroup_n_per_group_pairwise_{o}"] = float(r.n_per_group_pairwise)
            kf[f"subgroup_n_per_group_anova_{o}"] = float(r.n_per_group_anova)
            kf[f"subgroup_n_total_pairwise_{o}"] = float(r.n_total_pairwise)
    if impact_summary is not None:
        for r in impact_summary.itertuples():
            kf[f"impact_agreement_{r.organisation}_{r.n}"] = float(r.agreement_mean)
            kf[f"impact_width_{r.organisation}_{r.n}"] = float(r.impact_width_mean)
        for org, g in impact_summary.groupby("organisation", sort=False):
            now = g.sort_values("n").iloc[0]
            kf[f"impact_agreement_{org}_now"] = float(now["agreement_mean"])
            kf[f"impact_agreement_all_{org}_now"] = float(now["agreement_all"])
            kf[f"impact_n_stable_{org}_now"] = int(now["n_stable"])
    return kf
