"""The trends report (notebook ``05_trends``): one call per notebook section.

The notebook builds the report once (:func:`build`: every processed wave opened as a
:class:`helpers.data.Wave`, the analysis of :func:`helpers.stats.analyse_trends`) and then calls one
function per section. Every table of respondent numbers passes
:func:`helpers.privacy.protect_table` here, and the charts draw only the rows it shows. The parts:

* :mod:`helpers.report._trends_text`: wave labels, Dutch headers and every sentence;
* :mod:`helpers.report._trends_tables`: the tables stacked over the target groups;
* :mod:`helpers.report._trends_plots`: the charts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.data import Wave, processed_wave_ids
from helpers.privacy import protect_table, style_table, trends_plan
from helpers.report._trends_tables import (
    changes_table,
    means_table,
    rolling_table,
    trend_table,
    trend_view,
)
from helpers.report._trends_text import (
    COLUMNS_NL,
    COMPARISONS_NL,
    DECIMALS,
    VERDICTS_NL,
    changes_note_nl,
    changes_summary_nl,
    design_nl,
    latest_trends,
    overview_nl,
    summary_nl,
    trend_method_nl,
    value_labels,
    wave_label,
)
from helpers.stats import analyse_trends, period_of

__all__ = [
    "COLUMNS_NL",
    "COMPARISONS_NL",
    "DECIMALS",
    "TITLE",
    "VERDICTS_NL",
    "TrendsReport",
    "build",
    "changes_note_nl",
    "changes_section",
    "changes_summary_nl",
    "changes_table",
    "design_nl",
    "key_figures",
    "key_figures_section",
    "mde_section",
    "means_section",
    "means_table",
    "overview_nl",
    "overview_section",
    "rolling_section",
    "rolling_table",
    "show_header",
    "summary_nl",
    "summary_section",
    "trend_method_nl",
    "trend_section",
    "trend_table",
    "trend_view",
    "value_labels",
    "wave_label",
    "wave_tables",
]

TITLE = "Trends over de golven"


@dataclass
class TrendsReport:
    """What the sections of the trends report show (built once by :func:`build`)."""

    waves: list[str]
    results: dict[str, dict] = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    raw_root: str = ""
    key_figures_path: str = ""
    #: ``{wave id: {target group: design}}`` as each wave's ``wave.yml`` declares it.
    designs: dict = field(default_factory=dict)

    @property
    def labels(self) -> dict[str, dict]:
        return value_labels(self.results)


def wave_tables(waves: Sequence[Wave]) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """``{wave id: (respondents, ratings)}`` of opened waves (the input of the analysis)."""
    return {w.id: (w.respondents, w.ratings) for w in waves}


def build(
    *,
    target_groups: Sequence[str] = ("asielzoekers", "ketenpartners"),
    window: int = 4,
    alpha: float = 0.05,
    power: float = 0.8,
    raw_root: str | Path = "",
    processed_root: str | Path = "",
    key_figures_path: str | Path = "",
) -> TrendsReport:
    """Open every processed wave and run the trend analysis (nothing to analyse: no results)."""
    ids = processed_wave_ids(processed_root)
    report = TrendsReport(
        waves=ids,
        parameters={
            "target_groups": list(target_groups),
            "window": window,
            "alpha": alpha,
            "power": power,
            "raw_root": raw_root,
            "processed_root": processed_root,
        },
        raw_root=str(raw_root or ""),
        key_figures_path=str(key_figures_path or ""),
    )
    if ids:
        waves = [Wave.open(w, raw_root=raw_root, processed_root=processed_root) for w in ids]
        report.designs = {w.id: w.design for w in waves}
        report.results = analyse_trends(
            wave_tables(waves),
            designs=report.designs,
            target_groups=target_groups,
            window=window,
            alpha=alpha,
            power=power,
        )
    return report


def show_header(report: TrendsReport) -> None:
    """The header (title, synthetic banner, parameters, data version); stops without waves."""
    from helpers.report._display import show_header as header
    from helpers.report._display import stop_report

    header(TITLE, report.parameters, waves=report.waves, raw_root=report.raw_root)
    if not report.waves:
        stop_report("Er is nog geen enkele golf verwerkt (opgeschoond).", report.key_figures_path)


def _protected(report: TrendsReport):
    """The three tables of respondent numbers after disclosure control."""
    res = report.results
    plan = trends_plan(means_table(res))  # a wave hidden anywhere: hidden in its windows
    return (
        protect_table(means_table(res), secondary=False, plan=plan),
        protect_table(rolling_table(res), secondary=False, plan=plan),
        protect_table(
            changes_table(res, detail=True), base_col="n_min", secondary=False, plan=plan
        ),
    )


def _shown(protected) -> pd.DataFrame:
    t = protected.table
    return t[~t["suppressed"]]


def _styled(report: TrendsReport, protected):
    return style_table(protected, rename=COLUMNS_NL, decimals=DECIMALS, labels=report.labels)


def overview_section(report: TrendsReport) -> None:
    """Which waves were processed, how many raters each has, and the design they assume."""
    from helpers.report._display import show_text

    show_text(overview_nl(report.results))
    design = design_nl(report.designs, report.results)
    if design:
        show_text(design)


def means_section(report: TrendsReport) -> None:
    """The chart of the wave means (with the rolling mean and the significant changes) and the
    table of the wave means, both after disclosure control."""
    from IPython.display import display

    from helpers.report._display import show_figure
    from helpers.report._trends_plots import plot_trends

    means, rolling, changes = _protected(report)
    show_figure(
        plot_trends(_shown(means), _shown(rolling), _shown(changes)),
        "Puntgrafieken per doelgroep en organisatie: gemiddeld totaaloordeel per golf met "
        "95%-BI en het voortschrijdend gemiddelde.",
    )
    display(_styled(report, means))


def changes_section(report: TrendsReport) -> None:
    """How many tests were done, and the table of the change tests."""
    from IPython.display import display

    from helpers.report._display import show_text

    show_text(changes_note_nl(report.results))
    table = protect_table(
        changes_table(report.results),
        base_col="n_min",
        secondary=False,
        plan=trends_plan(means_table(report.results)),
    )
    display(_styled(report, table))


def mde_section(report: TrendsReport) -> None:
    """Every shown change against the detectable difference (or a sentence when there is none)."""
    from helpers.report._display import show_figure, show_text
    from helpers.report._trends_plots import plot_changes

    shown = _shown(_protected(report)[2])
    if len(shown):
        show_figure(
            plot_changes(shown),
            "Per vergelijking het verschil met 95%-BI tegen de band van het kleinste "
            "aantoonbare verschil.",
        )
    else:
        show_text("Nog geen veranderingen om te tonen.")


def trend_section(report: TrendsReport) -> None:
    """How the trend is tested, and the trends of the latest wave (no respondent cells)."""
    from IPython.display import display

    from helpers.report._display import show_text

    show_text(trend_method_nl(report.results))
    view = trend_view(report.results)
    if len(view):
        display(view.style.hide(axis="index"))


def rolling_section(report: TrendsReport) -> None:
    """The rolling means after disclosure control."""
    from IPython.display import display

    display(_styled(report, _protected(report)[1]))


def summary_section(report: TrendsReport) -> None:
    """The summary in words."""
    from helpers.report._display import show_text

    show_text(summary_nl(report.results))


def key_figures_section(report: TrendsReport) -> None:
    """Write the key figures (JSON) for the tests and the index."""
    from helpers.report._display import save_key_figures

    save_key_figures(report.key_figures_path, key_figures(report.results))


def key_figures(results: Mapping[str, dict]) -> dict:
    """Key figures of the trends report from per-target-group results.

    Parameters
    ----------
    results : dict
        ``{target_group: {"means": ..., "changes": ..., "rolling": ...}}``.

    Returns
    -------
    dict
        ``waves`` and ``n_waves``; per target group ``tg``: ``n_tests_<tg>``,
        ``n_significant_<tg>``, ``significant_<tg>`` (list of "ORG wave_prev->wave"),
        ``n_exceeds_mde_<tg>``, ``trend_significant_<tg>`` (organisations with a significant
        linear trend up to the latest wave); per organisation ``slope_<tg>_<org>`` (of that
        trend), ``mean_<tg>_<org>_<wave>`` and
        ``ci_low_..``/``ci_high_..`` of the latest wave, ``first_mean_<tg>_<org>``, and
        ``rolling_<tg>_<org>`` (latest complete rolling mean, if any).
    """
    kf: dict = {}
    waves: set[str] = set()
    for tg, res in results.items():
        means, changes, rolling = res["means"], res["changes"], res.get("rolling")
        waves |= set(means["wave"])
        last = means["period"].max()
        for r in means.itertuples():
            if r.period == means.loc[means["organisation"] == r.organisation, "period"].min():
                kf[f"first_mean_{tg}_{r.organisation}"] = float(r.mean)
            if r.period == last:
                kf[f"mean_{tg}_{r.organisation}"] = float(r.mean)
                kf[f"ci_low_{tg}_{r.organisation}"] = float(r.ci_low)
                kf[f"ci_high_{tg}_{r.organisation}"] = float(r.ci_high)
                kf[f"n_{tg}_{r.organisation}"] = int(r.n)
        kf[f"n_tests_{tg}"] = int(len(changes))
        sig = changes[changes["significant"].astype(bool)] if len(changes) else changes
        kf[f"n_significant_{tg}"] = int(len(sig))
        kf[f"significant_{tg}"] = [
            f"{r.organisation} {r.wave_prev}->{r.wave} ({r.difference:+.2f})"
            for r in sig.itertuples()
        ]
        kf[f"n_exceeds_mde_{tg}"] = (
            int(changes["exceeds_mde"].astype(bool).sum()) if len(changes) else 0
        )
        trend = latest_trends(res["trend"]) if res.get("trend") is not None else None
        if trend is not None and len(trend):
            for r in trend.itertuples():
                kf[f"slope_{tg}_{r.organisation}"] = float(r.slope)
            kf[f"trend_significant_{tg}"] = trend.loc[
                trend["significant"].astype(bool), "organisation"
            ].tolist()
        if rolling is not None and len(rolling):
            done = rolling[rolling["complete"]]
            for org, g in done.groupby("organisation"):
                kf[f"rolling_{tg}_{org}"] = float(g.sort_values("period")["mean"].iloc[-1])
    kf["waves"] = sorted(waves, key=period_of)
    kf["n_waves"] = len(waves)
    return kf
