"""The trends report (notebook ``05_trends``): one call per notebook section.

The notebook builds the report once (:func:`build`: every processed wave opened as a
:class:`helpers.data.Wave`, the analysis of :func:`helpers.stats.analyse_trends`) and then calls one
function per section. Every table of respondent numbers passes
:func:`helpers.privacy.protect_table` here, and the charts draw only the rows it shows. The parts:

* :mod:`helpers.report._trends_text`: wave labels, Dutch headers and every sentence;
* :mod:`helpers.report._trends_tables`: the tables stacked over the target groups;
* :mod:`helpers.report._trends_plots`: the charts.

Beside the overall judgement the report follows the other measures wave over wave (the
*views*: % positive per aspect, the NPS of the partners, the word of mouth of asylum seekers;
:func:`helpers.stats.measure_trends`). Their tables pass the same disclosure plan: a wave that
the overall judgement hides for an organisation is hidden in every view of it too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data import Wave, processed_wave_ids
from helpers.privacy import protect_table, style_frame, style_table, trends_plan
from helpers.report._trends_tables import (
    VIEW_VALUE,
    changes_table,
    means_table,
    rolling_table,
    trend_table,
    trend_view,
    view_changes_table,
    view_display,
    view_estimates_table,
)
from helpers.report._trends_text import (
    COLUMNS_NL,
    COMPARISONS_NL,
    DECIMALS,
    VERDICTS_NL,
    VIEW_MEASURES_NL,
    changes_note_nl,
    changes_summary_nl,
    design_nl,
    latest_trends,
    overview_nl,
    summary_nl,
    trend_method_nl,
    value_labels,
    view_changes_nl,
    view_method_nl,
    wave_label,
)
from helpers.stats import analyse_trends, measure_trends, period_of

__all__ = [
    "COLUMNS_NL",
    "COMPARISONS_NL",
    "DECIMALS",
    "TITLE",
    "VERDICTS_NL",
    "TrendsReport",
    "VIEWS",
    "WORD_OF_MOUTH_ITEM",
    "analyse_views",
    "aspects_section",
    "build",
    "changes_note_nl",
    "changes_section",
    "changes_summary_nl",
    "changes_table",
    "design_nl",
    "key_figures",
    "key_figures_section",
    "protect_view",
    "view_key_figures",
    "view_plan",
    "mde_section",
    "means_section",
    "means_table",
    "nps_section",
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
    "view_tables",
    "wave_label",
    "wave_tables",
    "word_of_mouth_section",
    "word_of_mouth_tables",
]

TITLE = "Trends over de golven"
#: The views beside the overall judgement: the measure (:func:`helpers.stats.measure_trends`)
#: and the smallest positive answer.
VIEWS: dict[str, dict] = {
    "aspects": {"measure": "pct_positive", "threshold": 4},
    "nps": {"measure": "nps", "threshold": 4},
    "word_of_mouth": {"measure": "pct_positive", "threshold": 1},
}
#: The item of the word-of-mouth answers in the long tables of :func:`word_of_mouth_tables`.
WORD_OF_MOUTH_ITEM = "mond_tot_mond"
#: Word-of-mouth answers that count as positive: 1 "heel positief", 2 "positief" (the
#: descriptives report's % positive; 6 "ik praat er nooit over" stays in the base).
WORD_OF_MOUTH_POSITIVE = (1, 2)


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
    #: ``{view: {target group: {"estimates", "changes", "n_waves"}}}`` (:func:`analyse_views`).
    views: dict = field(default_factory=dict)
    opened: list = field(default_factory=list, repr=False)  # the Wave objects of ``waves``

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
        report.opened = waves
        report.designs = {w.id: w.design for w in waves}
        report.results = analyse_trends(
            wave_tables(waves),
            designs=report.designs,
            target_groups=target_groups,
            window=window,
            alpha=alpha,
            power=power,
        )
        report.views = analyse_views(
            waves, designs=report.designs, target_groups=target_groups, alpha=alpha, power=power
        )
    return report


def word_of_mouth_tables(
    waves: Sequence[Wave], target_groups: Sequence[str] = ("asielzoekers",)
) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """``{wave id: (respondents, ratings)}`` with the word-of-mouth answers as long ratings.

    The answers are respondent columns (the codebook's block ``word_of_mouth``, one column per
    organisation); each becomes a rating of item :data:`WORD_OF_MOUTH_ITEM` with value 1 when
    positive (:data:`WORD_OF_MOUTH_POSITIVE`), 0 for any other answer and NaN when not
    answered, so that % positive at threshold 1 is the descriptives report's % positive.
    """
    from helpers.codebook import load_codebook

    cb = load_codebook()
    out = {}
    for w in waves:
        resp = w.respondents
        parts = []
        for tg in target_groups:
            mine = resp[resp["target_group"] == tg]
            for v in cb.variables(tg, w.version):
                if v.block != "word_of_mouth" or v.name not in resp.columns:
                    continue
                x = pd.to_numeric(mine[v.name], errors="coerce")
                positive = x.isin(WORD_OF_MOUTH_POSITIVE).astype(float)
                parts.append(
                    pd.DataFrame(
                        {
                            "respondent_id": mine["respondent_id"].to_numpy(),
                            "target_group": tg,
                            "organisation": v.organisation,
                            "item": WORD_OF_MOUTH_ITEM,
                            "value": positive.where(x.notna()).to_numpy(float),
                        }
                    )
                )
        cols = ["respondent_id", "target_group", "organisation", "item", "value"]
        ratings = (
            pd.concat(parts, ignore_index=True)
            if parts
            else pd.DataFrame({c: pd.Series(dtype=float if c == "value" else object) for c in cols})
        )
        out[w.id] = (resp, ratings)
    return out


def view_tables(waves: Sequence[Wave], view: str, target_groups: Sequence[str]):
    """The ``(respondents, ratings)`` per wave that a view is computed from."""
    if view == "word_of_mouth":
        return word_of_mouth_tables(waves, target_groups)
    return wave_tables(waves)


def analyse_views(
    waves: Sequence[Wave],
    *,
    designs: Mapping,
    target_groups: Sequence[str] = ("asielzoekers", "ketenpartners"),
    alpha: float = 0.05,
    power: float = 0.8,
) -> dict[str, dict]:
    """Every view of :data:`VIEWS` over the waves (:func:`helpers.stats.measure_trends`).

    Aspects: the codebook's aspects of each target group (the descriptives report's aspects);
    NPS: the item ``nps``; word of mouth: :func:`word_of_mouth_tables`. A view without answers
    of a target group leaves the group out.
    """
    from helpers.codebook import load_codebook

    cb = load_codebook()
    items = {
        "aspects": {tg: cb.aspects(tg) for tg in target_groups},
        "nps": ["nps"],
        "word_of_mouth": [WORD_OF_MOUTH_ITEM],
    }
    out = {}
    for view, spec in VIEWS.items():
        out[view] = measure_trends(
            view_tables(waves, view, target_groups),
            items=items[view],
            designs=designs,
            target_groups=target_groups,
            alpha=alpha,
            power=power,
            **spec,
        )
    return out


def show_header(report: TrendsReport) -> None:
    """The header (title, synthetic banner, parameters, data version); stops without waves."""
    from helpers.report._display import show_header as header
    from helpers.report._display import stop_report

    header(TITLE, report.parameters, waves=report.opened or report.waves, raw_root=report.raw_root)
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
        display(style_frame(view))


def rolling_section(report: TrendsReport) -> None:
    """The rolling means after disclosure control."""
    from IPython.display import display

    display(_styled(report, _protected(report)[1]))


def summary_section(report: TrendsReport) -> None:
    """The summary in words."""
    from helpers.report._display import show_text

    show_text(summary_nl(report.results))


def view_plan(results: Mapping[str, dict], estimates: pd.DataFrame):
    """The disclosure plan of a view's tables (:func:`helpers.privacy.trends_plan`).

    A wave is hidden for a target group, organisation and item when the overall judgement's
    plan hides that wave for the organisation (so no wave hidden there appears here), or when
    the view's own cell is below the threshold or hidden for attribute disclosure.
    """
    base = pd.to_numeric(estimates["n"], errors="coerce").astype(float)
    if results and len(estimates):
        overall = trends_plan(means_table(results))
        base = base.where(~np.asarray(overall.suppressed_rows(estimates), dtype=bool))
    return trends_plan(estimates.assign(n=base), key_cols=("target_group", "organisation", "item"))


def protect_view(results: Mapping[str, dict], views: Mapping[str, dict], view: str):
    """The estimates and the change tests of a view after disclosure control, with the plan of
    :func:`view_plan` (as the overall judgement's tables: no secondary suppression, a change
    with a hidden wave on either side is hidden)."""
    measure = VIEWS[view]["measure"]
    est = view_estimates_table(dict(views.get(view) or {}), measure)
    ch = view_changes_table(dict(views.get(view) or {}), measure)
    plan = view_plan(results, est)
    return (
        protect_table(est, secondary=False, plan=plan),
        protect_table(ch, base_col="n_min", secondary=False, plan=plan),
    )


def _view_caption(sub: pd.DataFrame, protected, frame: pd.DataFrame) -> str:
    """The footnotes of one view table: the disclosure marks it shows, and the triangles."""
    from helpers.privacy import footnote_texts

    notes = list(
        footnote_texts(
            protected.threshold,
            protected.indicative_below,
            suppressed=bool(sub["suppressed"].any()),
            secondary=False,
            indicative=bool(sub["indicative"].any()),
            masked=bool(sub["masked"].any()),
            attribute_below=protected.table.attrs["disclosure"]["attribute_below"],
        )
    )
    cells = frame.iloc[:, 1:].to_numpy().ravel().tolist()
    if any(("▲" in c or "▼" in c) for c in cells):
        notes.append("▲ / ▼ : significant hoger / lager dan de vorige golf (na Holm-correctie)")
    return "<br>".join(notes)


def _show_view_table(frame: pd.DataFrame, caption: str, title: str) -> None:
    from IPython.display import display

    from helpers.report._display import show_text

    show_text(f"**{title}**")
    display(style_frame(frame, notes=caption))


def _view_section(report: TrendsReport, view: str) -> None:
    """Text, chart(s) and one compact table per target group (and organisation, for the
    aspects) of a view, all after disclosure control."""
    from helpers.codebook import load_codebook
    from helpers.report._display import show_figure, show_text
    from helpers.report._trends_plots import plot_view_items, plot_view_waves
    from helpers.report._trends_text import positive_answers_nl

    cb = load_codebook()
    res = report.views.get(view) or {}
    groups = list(res) or list(report.parameters.get("target_groups", []))
    show_text(view_method_nl(view, groups))
    if not res:
        show_text("Deze vraag is in de verwerkte golven niet gesteld of niet beantwoord.")
        return
    measure = VIEWS[view]["measure"]
    value = VIEW_VALUE[measure]
    est, ch = protect_view(report.results, report.views, view)
    all_est, all_ch, shown_ch = est.table, ch.table, _shown(ch)
    items = {
        tg: [i for i in cb.aspects(tg) if i in set(r["estimates"]["item"])] for tg, r in res.items()
    }
    item_labels = {i: cb.label(i) for tg in items for i in items[tg]}
    show_text(
        view_changes_nl(
            view,
            shown_ch,
            {tg: len(r["changes"]) for tg, r in res.items()},
            {tg: r["n_waves"] for tg, r in res.items()},
            item_labels=item_labels,
        )
    )
    shown = _shown(est)
    if shown.empty:
        show_text("Geen enkele cel heeft genoeg beoordelaars om te tonen.")
        return
    if view != "aspects":
        what = "NPS" if view == "nps" else "% (heel) positief"
        show_figure(
            plot_view_waves(
                shown,
                shown_ch,
                value=value,
                ylabel=VIEW_MEASURES_NL[view],
                title=f"{what} per golf",
            ),
            f"Puntgrafieken per doelgroep en organisatie: {what} per golf met 95%-BI.",
        )
    for tg in res:
        mine = all_est[all_est["target_group"] == tg]
        mine_ch = all_ch[all_ch["target_group"] == tg]
        if view == "aspects":
            labels = {i: item_labels[i] for i in items[tg]}
            if len(shown[shown["target_group"] == tg]):
                show_figure(
                    plot_view_items(
                        shown[shown["target_group"] == tg],
                        shown_ch[shown_ch["target_group"] == tg],
                        item_labels=labels,
                        xlabel=f"% {positive_answers_nl(tg)}",
                        title=f"{cb.label(tg)}: % positief per aspect en golf",
                    ),
                    "Puntdiagram per organisatie: percentage positief per aspect en golf met "
                    "95%-BI.",
                )
            orgs = [o for o in ("IND", "COA", "DTV", "keten") if o in set(mine["organisation"])]
            for org in orgs:
                sub = mine[mine["organisation"] == org]
                frame = view_display(
                    sub,
                    mine_ch[mine_ch["organisation"] == org],
                    measure=measure,
                    rows="item",
                    row_labels={i: labels[i] for i in labels if i in set(sub["item"])},
                    corner="Aspect",
                )
                _show_view_table(
                    frame, _view_caption(sub, est, frame), f"{cb.label(tg)}, {cb.label(org)}"
                )
        else:
            orgs = [o for o in ("IND", "COA", "DTV", "keten") if o in set(mine["organisation"])]
            frame = view_display(
                mine,
                mine_ch,
                measure=measure,
                rows="organisation",
                row_labels={o: cb.label(o) for o in orgs},
                corner="Organisatie",
            )
            _show_view_table(frame, _view_caption(mine, est, frame), cb.label(tg))


def aspects_section(report: TrendsReport) -> None:
    """% positive per aspect and wave: per target group a chart, and per organisation a table
    with the 95% interval and the significant changes."""
    _view_section(report, "aspects")


def nps_section(report: TrendsReport) -> None:
    """The NPS per wave (partners): a chart and a table per target group."""
    _view_section(report, "nps")


def word_of_mouth_section(report: TrendsReport) -> None:
    """Word of mouth per wave (asylum seekers): % (very) positive, a chart and a table."""
    _view_section(report, "word_of_mouth")


def key_figures_section(report: TrendsReport) -> None:
    """Write the key figures (JSON) for the tests and the index."""
    from helpers.report._display import save_key_figures

    save_key_figures(report.key_figures_path, key_figures(report.results, report.views))


def _num(v):
    """A shown number, or None (suppressed, masked, missing)."""
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


def view_key_figures(results: Mapping[str, dict], views: Mapping[str, dict], view: str) -> dict:
    """Key figures of a view after disclosure control.

    Returns
    -------
    dict
        Per target group ``tg``: per organisation (aspects: per item) and wave
        ``{<pct|nps>, ci_low, ci_high, n}`` (None where hidden), and ``n_tests``,
        ``n_significant`` and ``significant`` (list of "ORG[ item] wave_prev->wave (+x.x)") of
        the shown change tests. Flattened: ``aspects.<tg>.<org>.<item>.<wave>.pct``,
        ``nps.<tg>.<org>.<wave>.nps``, ``word_of_mouth.<tg>.<org>.<wave>.pct``.
    """
    value = VIEW_VALUE[VIEWS[view]["measure"]]
    est, ch = protect_view(results, views, view)
    shown_ch = _shown(ch)
    out: dict = {}
    for r in est.table.to_dict("records"):
        node = out.setdefault(r["target_group"], {}).setdefault(r["organisation"], {})
        if view == "aspects":
            node = node.setdefault(r["item"], {})
        node[r["wave"]] = {
            value: _num(r[value]),
            "ci_low": _num(r["ci_low"]),
            "ci_high": _num(r["ci_high"]),
            "n": None if r["suppressed"] or _num(r["n"]) is None else int(r["n"]),
        }
    for tg, res in (views.get(view) or {}).items():
        sig = shown_ch[(shown_ch["target_group"] == tg) & shown_ch["significant"].astype(bool)]
        node = out.setdefault(tg, {})
        node["n_tests"] = int(len(res["changes"]))
        node["n_significant"] = int(len(sig))
        node["significant"] = [
            f"{r.organisation}{'' if view != 'aspects' else ' ' + r.item} "
            f"{r.wave_prev}->{r.wave} ({r.difference:+.1f})"
            for r in sig.itertuples()
        ]
    return out


def key_figures(results: Mapping[str, dict], views: Mapping[str, dict] | None = None) -> dict:
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
        ``rolling_<tg>_<org>`` (latest complete rolling mean, if any). With ``views``
        (:func:`analyse_views`) also ``aspects``, ``nps`` and ``word_of_mouth``
        (:func:`view_key_figures`, after disclosure control).
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
    for view in VIEWS:
        if views and views.get(view):
            kf[view] = view_key_figures(results, views, view)
    return kf
