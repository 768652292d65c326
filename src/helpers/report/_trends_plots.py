"""Charts of the trends report: mean judgement per wave with intervals, and changes against the
detectable difference.

Chart text is Dutch (decimal comma, waves as "2017 K2"). The functions build a
:class:`matplotlib.figure.Figure` without pyplot and take tables that already passed
:func:`helpers.privacy.protect_table` (suppressed rows dropped), so a chart never shows a cell
that a table would hide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.codebook import load_codebook
from helpers.errors import InputError
from helpers.report._style import ORGANISATION_COLOURS, comma_ticks
from helpers.report._trends_text import wave_label
from helpers.stats import period_of, wave_of

__all__ = ["plot_changes", "plot_trends", "plot_view_items", "plot_view_waves"]

_ORDER = ("IND", "COA", "DTV", "keten")
_COLOURS = ORGANISATION_COLOURS


def _labels():
    return load_codebook().label


def _orgs(values) -> list[str]:
    present = list(dict.fromkeys(values))
    return [o for o in _ORDER if o in present] + sorted(o for o in present if o not in _ORDER)


def plot_trends(
    means: pd.DataFrame,
    rolling: pd.DataFrame | None = None,
    changes: pd.DataFrame | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """Mean judgement per wave with its 95% interval: one row per target group, one panel per
    organisation.

    Parameters
    ----------
    means : pandas.DataFrame
        :func:`helpers.report.trends.means_table` after disclosure control (``target_group``,
        ``organisation``, ``wave``, ``mean``, ``ci_low``, ``ci_high``).
    rolling : pandas.DataFrame, optional
        :func:`helpers.report.trends.rolling_table` after disclosure control: drawn as a line
        through the windows that pool at least two waves (also while a window is not yet complete).
    changes : pandas.DataFrame, optional
        :func:`helpers.report.trends.changes_table`: a significant wave-on-wave change is marked
        with a triangle at the later wave.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> m = pd.DataFrame({"target_group": "asielzoekers", "organisation": ["IND", "IND"],
    ...                   "wave": ["2017-Q2", "2017-Q3"], "mean": [3.7, 3.5],
    ...                   "ci_low": [3.55, 3.35], "ci_high": [3.85, 3.65]})
    >>> fig = plot_trends(m)
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['2017 K2', '2017 K3']
    """
    need = {"target_group", "organisation", "wave", "mean", "ci_low", "ci_high"}
    if not need <= set(means.columns):
        raise InputError(f"means table lacks {', '.join(sorted(need - set(means.columns)))}")
    means = means.dropna(subset=["mean"])
    if means.empty:
        raise InputError("nothing to plot: no wave mean is shown")
    label = _labels()
    tgs = list(dict.fromkeys(means["target_group"]))
    orgs = _orgs(means["organisation"])
    periods = sorted({period_of(w) for w in means["wave"]})
    fig = Figure(figsize=(min(3.4 * len(orgs), 13), 3.2 * len(tgs) + 0.6), layout="constrained")
    axes = np.atleast_2d(fig.subplots(len(tgs), len(orgs), sharex=True, sharey=True, squeeze=False))
    lo = float(np.floor(2 * means["ci_low"].min()) / 2)
    hi = float(np.ceil(2 * means["ci_high"].max()) / 2)
    for i, tg in enumerate(tgs):
        for j, org in enumerate(orgs):
            ax = axes[i, j]
            colour = _COLOURS.get(org, "#444444")
            m = means[(means["target_group"] == tg) & (means["organisation"] == org)]
            if m.empty:
                ax.set_axis_off()
                continue
            x = m["wave"].map(period_of).to_numpy()
            y = m["mean"].to_numpy(float)
            err = np.vstack([y - m["ci_low"].to_numpy(float), m["ci_high"].to_numpy(float) - y])
            ax.errorbar(
                x,
                y,
                yerr=err,
                fmt="o",
                color=colour,
                capsize=3,
                label="gemiddelde per golf (95%-BI)",
            )
            if rolling is not None and len(rolling):
                wave_col = "last_wave" if "last_wave" in rolling.columns else "wave"
                r = rolling[
                    (rolling["target_group"] == tg)
                    & (rolling["organisation"] == org)
                    & (rolling["n_waves"] >= 2)
                ].dropna(subset=["mean"])
                if len(r):
                    rx = r[wave_col].map(period_of).to_numpy()
                    ax.plot(
                        rx,
                        r["mean"].to_numpy(float),
                        color=colour,
                        alpha=0.6,
                        linewidth=2,
                        label="voortschrijdend gemiddelde (gepoolde golven)",
                    )
            for row in _significant(changes, target_group=tg, organisation=org).itertuples():
                top = float(m.loc[m["wave"] == row.wave, "ci_high"].max())
                _change_mark(ax, period_of(row.wave), top + 0.08, row.difference)
            ax.set_ylim(max(1.0, lo), min(5.0, hi))
            ax.grid(alpha=0.3)
            if i == 0:
                ax.set_title(label(org))
            if j == 0:
                ax.set_ylabel(f"{label(tg)}\ngemiddeld totaaloordeel (1-5)")
    _wave_axis(axes[-1], periods)
    comma_ticks(axes[0, 0].yaxis, 2)
    _legend(fig, axes)
    fig.suptitle(title or "Gemiddeld totaaloordeel per golf")
    return fig


def plot_changes(changes: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Every tested change with its 95% interval against ± the detectable difference (MDE).

    Parameters
    ----------
    changes : pandas.DataFrame
        :func:`helpers.report.trends.changes_table` after disclosure control (``target_group``,
        ``comparison``, ``organisation``, ``wave``, ``wave_prev``, ``difference``,
        ``diff_ci_low``, ``diff_ci_high``, ``mde``, ``significant``).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One row per test; the grey band is ``± MDE``: changes outside it are ones the design
        detects with the planned power. Filled dots: significant after Holm.

    Examples
    --------
    >>> ch = pd.DataFrame({"target_group": "asielzoekers", "comparison": "golf op golf",
    ...     "organisation": ["IND"], "wave": ["2017-Q3"], "wave_prev": ["2017-Q2"],
    ...     "difference": [-0.2], "diff_ci_low": [-0.42], "diff_ci_high": [0.02],
    ...     "mde": [0.31], "significant": ["nee"]})
    >>> fig = plot_changes(ch)
    >>> fig.axes[0].get_xlabel()
    'Verandering in het gemiddelde totaaloordeel (punt)'
    """
    c = changes.dropna(subset=["difference"])
    if c.empty:
        raise InputError("no changes to plot")
    label = _labels()
    c = c.iloc[::-1].reset_index(drop=True)
    y = np.arange(len(c))
    fig = Figure(figsize=(8, 0.32 * len(c) + 1.6), layout="constrained")
    ax = fig.subplots()
    for k, row in c.iterrows():
        ax.fill_betweenx(
            [k - 0.4, k + 0.4],
            -row["mde"],
            row["mde"],
            color="#dddddd",
            label="± aantoonbaar verschil (MDE)" if k == 0 else "_nolegend_",
        )
    sig = c["significant"].isin([True, "ja"]).to_numpy()
    colours = [_COLOURS.get(o, "#444444") for o in c["organisation"]]
    ax.hlines(y, c["diff_ci_low"], c["diff_ci_high"], colors=colours, linewidth=1.5)
    ax.scatter(
        c["difference"],
        y,
        c=["white" if not s else col for s, col in zip(sig, colours, strict=True)],
        edgecolors=colours,
        zorder=3,
        s=36,
    )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(
        y,
        [
            f"{label(r.target_group)}, {label(r.organisation)}: "
            f"{wave_label(r.wave_prev)} → {wave_label(r.wave)}"
            for r in c.itertuples()
        ],
        fontsize="small",
    )
    ax.set_xlabel("Verandering in het gemiddelde totaaloordeel (punt)")
    comma_ticks(ax.xaxis, 1)
    ax.grid(axis="x", alpha=0.3)
    ax.scatter([], [], c="black", s=36, label="significant na Holm")
    ax.scatter([], [], c="white", edgecolors="black", s=36, label="niet significant")
    fig.legend(
        *ax.get_legend_handles_labels(), loc="outside lower center", ncol=3, fontsize="small"
    )
    fig.suptitle(title or "Veranderingen tussen golven tegen het aantoonbare verschil")
    return fig


def _change_mark(ax, x: float, y: float, difference: float) -> None:
    """A triangle (up: higher, down: lower) above a wave that changed significantly."""
    ax.plot(
        [x],
        [y],
        marker="^" if difference > 0 else "v",
        color="black",
        linestyle="none",
        label="significante verandering",
    )


def _wave_axis(axes, periods) -> None:
    """The bottom panels' x axis: one tick per wave, written as readers see waves."""
    for ax in axes:
        ax.set_xticks(periods, [wave_label(wave_of(p)) for p in periods], rotation=45)
        ax.set_xlim(periods[0] - 0.5, periods[-1] + 0.5)


def _significant(changes: pd.DataFrame | None, **where) -> pd.DataFrame:
    """The shown, significant rows of a protected change table matching ``where``."""
    if changes is None or not len(changes):
        return pd.DataFrame(columns=["wave", "difference"])
    keep = changes["significant"].isin([True, "ja"])
    if "suppressed" in changes.columns:
        keep &= ~changes["suppressed"].astype(bool)
    for col, value in where.items():
        keep &= changes[col] == value
    return changes[keep]


def plot_view_waves(
    table: pd.DataFrame,
    changes: pd.DataFrame | None = None,
    *,
    value: str = "pct",
    ylabel: str,
    title: str,
) -> Figure:
    """An estimate per wave with its 95% interval (% positive or NPS): one row per target group,
    one panel per organisation; a triangle at a wave that differs significantly from the
    previous one.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`helpers.report._trends_tables.view_estimates_table` after disclosure control,
        shown rows only (``target_group``, ``organisation``, ``wave``, ``value``, ``ci_low``,
        ``ci_high``).
    changes : pandas.DataFrame, optional
        :func:`helpers.report._trends_tables.view_changes_table` after disclosure control.
    value : {"pct", "nps"}
    ylabel, title : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"target_group": "ketenpartners", "organisation": ["IND", "IND"],
    ...     "wave": ["2017-Q2", "2017-Q3"], "nps": [-35.0, -20.0], "ci_low": [-42.0, -27.0],
    ...     "ci_high": [-28.0, -13.0]})
    >>> fig = plot_view_waves(t, value="nps", ylabel="NPS", title="NPS per golf")
    >>> [x.get_text() for x in fig.axes[0].get_xticklabels()]
    ['2017 K2', '2017 K3']
    """
    t = table.dropna(subset=[value])
    if t.empty:
        raise InputError("nothing to plot: no estimate is shown")
    label = _labels()
    tgs = list(dict.fromkeys(t["target_group"]))
    orgs = _orgs(t["organisation"])
    periods = sorted({period_of(w) for w in t["wave"]})
    fig = Figure(figsize=(min(3.4 * len(orgs), 13), 3.2 * len(tgs) + 0.6), layout="constrained")
    axes = np.atleast_2d(fig.subplots(len(tgs), len(orgs), sharex=True, sharey=True, squeeze=False))
    lo, hi = (-100.0, 100.0) if value == "nps" else (0.0, 100.0)
    for i, tg in enumerate(tgs):
        for j, org in enumerate(orgs):
            ax = axes[i, j]
            m = t[(t["target_group"] == tg) & (t["organisation"] == org)]
            if m.empty:
                ax.set_axis_off()
                continue
            colour = _COLOURS.get(org, "#444444")
            x = m["wave"].map(period_of).to_numpy()
            y = m[value].to_numpy(float)
            err = np.vstack([y - m["ci_low"].to_numpy(float), m["ci_high"].to_numpy(float) - y])
            ax.errorbar(x, y, yerr=err, fmt="o", color=colour, capsize=3, label="per golf (95%-BI)")
            for row in _significant(changes, target_group=tg, organisation=org).itertuples():
                top = float(m.loc[m["wave"] == row.wave, "ci_high"].max())
                _change_mark(
                    ax, period_of(row.wave), min(top + 0.04 * (hi - lo), hi), row.difference
                )
            if value == "nps":
                ax.axhline(0, color="black", linewidth=0.6)
            ax.set_ylim(lo, hi)
            ax.grid(alpha=0.3)
            if i == 0:
                ax.set_title(label(org))
            if j == 0:
                ax.set_ylabel(f"{label(tg)}\n{ylabel}")
    _wave_axis(axes[-1], periods)
    comma_ticks(axes[0, 0].yaxis, 0)
    _legend(fig, axes)
    fig.suptitle(title)
    return fig


def plot_view_items(
    table: pd.DataFrame,
    changes: pd.DataFrame | None = None,
    *,
    item_labels: dict,
    xlabel: str,
    title: str,
    value: str = "pct",
) -> Figure:
    """% positive per item (aspect) and wave with its 95% interval: one panel per organisation,
    the items down, the waves side by side within an item (later waves darker); a triangle
    where a wave differs significantly from the previous one.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`helpers.report._trends_tables.view_estimates_table` of one target group after
        disclosure control, shown rows only (``organisation``, ``item``, ``wave``, ``pct``,
        ``ci_low``, ``ci_high``).
    changes : pandas.DataFrame, optional
        :func:`helpers.report._trends_tables.view_changes_table` of the target group after
        disclosure control.
    item_labels : dict
        Label per item, in the order shown (top to bottom).
    xlabel, title : str
    value : str, default "pct"

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"organisation": "COA", "item": ["a", "a", "b", "b"],
    ...     "wave": ["2017-Q2", "2017-Q3"] * 2, "pct": [60.0, 75.0, 50.0, 52.0],
    ...     "ci_low": [50.0, 66.0, 40.0, 42.0], "ci_high": [70.0, 83.0, 60.0, 62.0]})
    >>> fig = plot_view_items(t, item_labels={"a": "A", "b": "B"}, xlabel="% positief",
    ...                       title="Aspecten")
    >>> [x.get_text() for x in fig.axes[0].get_yticklabels()]
    ['A', 'B']
    """
    t = table.dropna(subset=[value])
    if t.empty:
        raise InputError("nothing to plot: no estimate is shown")
    label = _labels()
    orgs = _orgs(t["organisation"])
    items = [i for i in item_labels if i in set(t["item"])]
    waves = sorted(set(t["wave"]), key=period_of)
    k = len(waves)
    step = 0.8 / max(k, 1)
    fig = Figure(
        figsize=(min(3.6 * len(orgs) + 2.2, 14), 0.42 * len(items) * max(k, 2) / 2 + 1.8),
        layout="constrained",
    )
    axes = np.atleast_1d(fig.subplots(1, len(orgs), sharey=True, squeeze=False)[0])
    markers = ("o", "s", "D", "^", "v", "P", "X", "h")
    for j, org in enumerate(orgs):
        ax = axes[j]
        colour = _COLOURS.get(org, "#444444")
        m = t[t["organisation"] == org]
        pos = {item: i for i, item in enumerate(items)}
        for w_i, wave in enumerate(waves):
            g = m[(m["wave"] == wave) & m["item"].isin(pos)]
            if g.empty:
                continue
            y = g["item"].map(pos).to_numpy(float) + (w_i - (k - 1) / 2) * step
            x = g[value].to_numpy(float)
            err = np.vstack([x - g["ci_low"].to_numpy(float), g["ci_high"].to_numpy(float) - x])
            ax.errorbar(
                x,
                y,
                xerr=err,
                fmt=markers[w_i % len(markers)],
                color=colour,
                alpha=0.35 + 0.65 * (w_i + 1) / k,
                capsize=2,
                markersize=4,
                label=wave_label(wave),
            )
            sig = _significant(changes, organisation=org, wave=wave)
            for row in sig.itertuples():
                if row.item not in pos:
                    continue
                top = g.loc[g["item"] == row.item, "ci_high"]
                if top.empty:
                    continue
                ax.plot(
                    [min(float(top.iloc[0]) + 3, 100)],
                    [pos[row.item] + (w_i - (k - 1) / 2) * step],
                    marker=">" if row.difference > 0 else "<",
                    color="black",
                    markersize=5,
                    linestyle="none",
                    label="significante verandering",
                )
        ax.set_xlim(0, 104)
        ax.grid(axis="x", alpha=0.3)
        ax.set_title(label(org))
        ax.set_xlabel(xlabel)
        comma_ticks(ax.xaxis, 0)
    axes[0].set_yticks(range(len(items)), [item_labels[i] for i in items], fontsize="small")
    axes[0].set_ylim(len(items) - 0.5, -0.5)
    _legend(fig, axes, grey=True)
    fig.suptitle(title)
    return fig


def _legend(fig: Figure, axes, grey: bool = False) -> None:
    """One legend below the panels (each text once); ``grey``: wave markers without colour."""
    from matplotlib.lines import Line2D

    handles: dict = {}
    for ax in np.ravel(axes):
        for h, text in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(text, h)
    if grey:
        proxies = {}
        for text, h in handles.items():
            line = h[0] if isinstance(h, tuple) else h  # an errorbar: its data line
            proxies[text] = Line2D(
                [],
                [],
                marker=line.get_marker(),
                color="#555555",
                alpha=line.get_alpha(),
                linestyle="none",
            )
        handles = proxies
    fig.legend(
        list(handles.values()),
        list(handles),
        loc="outside lower center",
        ncol=min(len(handles), 6),
        fontsize="small",
    )
