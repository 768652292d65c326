"""Charts for sample-size planning: power curves and detectable-difference curves.

Chart text is Dutch (decimal comma). The functions build a :class:`matplotlib.figure.Figure`
without pyplot, so a notebook shows it once (when it is the cell's value) and no global state
is left behind; pass ``ax`` to draw into an existing figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers.errors import InputError
from helpers.report._style import comma_ticks, decimal_comma, organisation_colour
from helpers.stats import minimum_detectable_difference, planned_deff, power_two_means

__all__ = [
    "plot_impact_agreement",
    "plot_mde_by_organisation",
    "plot_mde_curve",
    "plot_power_curve",
]

X_LABEL = "Netto aantal respondenten per groep"
POWER_LABEL = "Onderscheidend vermogen (power)"
MDE_LABEL = "Kleinste aantoonbare verschil (schaalpunten)"


def _nl(x: float, decimals: int = 2) -> str:
    """A number with a decimal comma and no trailing zeros: 0.25 -> '0,25', 1.5 -> '1,5'."""
    return decimal_comma(x, decimals, trim=True)


def _figure(ax: Axes | None) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=(7, 4.5), layout="constrained")
    return fig, fig.subplots()


def _n_grid(n_max: float, n_min: float = 5.0, num: int = 200) -> np.ndarray:
    if not np.isfinite(n_max) or n_max <= n_min:
        raise InputError(f"n_max must exceed {n_min:g}, got {n_max!r}")
    return np.linspace(n_min, n_max, num)


def _finish(
    ax: Axes,
    n: np.ndarray,
    *,
    xlabel: str,
    ylabel: str,
    y_decimals: int,
    legend_title: str,
    title: str,
) -> None:
    """Dress a chart of curves against the net n: axis labels, x from 0 to the largest n, y
    ticks with a decimal comma, light grid, legend with the settings as its title, chart title."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, n.max())
    comma_ticks(ax.yaxis, y_decimals, trim=True)
    ax.grid(alpha=0.3)
    ax.legend(title=legend_title, fontsize="small")
    ax.set_title(title)


def plot_power_curve(
    differences: Sequence[float],
    sd: float,
    *,
    n_max: float = 1000,
    alpha: float = 0.05,
    power: float | None = 0.8,
    ratio: float = 1.0,
    deff: float = 1.0,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Power against the net n per group, one line per difference in means.

    Parameters
    ----------
    differences : sequence of float
        Differences in mean judgement (scale points), e.g. ``[0.1, 0.2, 0.3]``.
    sd : float
        Standard deviation of the rating.
    n_max : float, default 1000
        Largest net n of group 1 on the x-axis; the axis starts at 5, or at the smallest n the
        t-test allows with this design effect.
    alpha : float, default 0.05
        Two-sided significance level.
    power : float or None, default 0.8
        Target power drawn as a dashed horizontal line (None: no line).
    ratio, deff : float
        As in :func:`helpers.stats._power.power_two_means`.
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_power_curve([0.2, 0.3], 1.0)
    >>> [line.get_label() for line in fig.axes[0].get_lines()][:2]
    ['verschil 0,2 punt', 'verschil 0,3 punt']
    """
    diffs = [float(d) for d in differences]
    if not diffs:
        raise InputError("give at least one difference")
    # the t-test needs (n / deff) · (1 + ratio) >= 3 (helpers.stats._power.power_two_means); whole
    # respondents, which also keeps the bound clear of rounding
    n = _n_grid(n_max, n_min=max(5.0, float(np.ceil(3.0 * deff / (1.0 + ratio)))))
    fig, ax = _figure(ax)
    for d in diffs:
        ax.plot(
            n,
            power_two_means(d, sd, n, alpha=alpha, ratio=ratio, deff=deff),
            label=f"verschil {_nl(d)} punt",
        )
    if power is not None:
        ax.axhline(
            power, color="grey", linestyle="--", linewidth=1, label=f"gewenst vermogen {_nl(power)}"
        )
    ax.set_ylim(0, 1)
    _finish(
        ax,
        n,
        xlabel=X_LABEL,
        ylabel=POWER_LABEL,
        y_decimals=1,
        legend_title=f"sd {_nl(sd)}, alfa {_nl(alpha, 3)}, deff {_nl(deff)}",
        title=title or "Onderscheidend vermogen bij vergelijking van twee gemiddelden",
    )
    return fig


def plot_mde_curve(
    sd: float,
    *,
    deffs: Sequence[float] = (1.0, 1.5, 2.0),
    n_max: float = 1000,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Minimum detectable difference against the net n per group, one line per design effect.

    Parameters
    ----------
    sd : float
        Standard deviation of the rating.
    deffs : sequence of float, default (1, 1.5, 2)
        Design effects to draw.
    n_max : float, default 1000
        Largest net n of group 1 on the x-axis.
    alpha, power, ratio
        As in :func:`helpers.stats._power.minimum_detectable_difference`.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_mde_curve(1.0, deffs=[1, 1.5])
    >>> fig.axes[0].get_ylabel()
    'Kleinste aantoonbare verschil (schaalpunten)'
    """
    ds = [float(d) for d in deffs]
    if not ds:
        raise InputError("give at least one design effect")
    fig, ax = _figure(ax)
    n = _n_grid(n_max, n_min=max(20.0, 3 * max(ds)))
    for d in ds:
        ax.plot(
            n,
            minimum_detectable_difference(n, sd, alpha=alpha, power=power, ratio=ratio, deff=d),
            label=f"deff {_nl(d)}",
        )
    _finish(
        ax,
        n,
        xlabel=X_LABEL,
        ylabel=MDE_LABEL,
        y_decimals=2,
        legend_title=f"sd {_nl(sd)}, alfa {_nl(alpha, 3)}, vermogen {_nl(power)}",
        title=title or "Kleinste aantoonbare verschil tussen twee gemiddelden",
    )
    ax.set_ylim(bottom=0)
    return fig


def _org_label(code: str) -> str:
    from helpers.codebook import load_codebook

    return load_codebook().label(code)


def plot_mde_by_organisation(
    design: pd.DataFrame,
    *,
    target_mde: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    n_max: float = 1200,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Detectable change between two quarters against the net n per quarter, per organisation.

    Each organisation has its own sd and design effect at each n
    (:func:`helpers.stats.planned_deff` of :func:`helpers.stats.design_parameters_report`; the
    legend gives its range over the chart); a dot marks the wave's own n and the dashed line
    the target MDE. Where the t-test is not defined (fewer than 1.5 effective respondents per
    quarter) a curve has a gap.

    Parameters
    ----------
    design : pandas.DataFrame
        Columns ``organisation``, ``sd``, ``deff`` and ``n_rated``; with ``icc``,
        ``mean_cluster_size_weighted`` and ``deff_weighting`` the clustering part of the design
        effect follows the planned n.
    target_mde : float, optional
        Drawn as a horizontal line.
    alpha, power : float
    n_max : float, default 1200
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> d = pd.DataFrame({"organisation": ["IND", "DTV"], "sd": [1.0, 1.1], "deff": [1.3, 1.1],
    ...                   "n_rated": [150, 140]})
    >>> fig = plot_mde_by_organisation(d, target_mde=0.25)
    >>> [line.get_label() for line in fig.axes[0].get_lines()
    ...  if not line.get_label().startswith("_")]
    ['IND (deff 1,3)', 'DT&V (deff 1,1)', 'doel: 0,25 punt']
    """
    d = design[design["sd"].notna() & (design["sd"] > 0)]
    if d.empty:
        raise InputError("no organisation with a standard deviation")
    fig, ax = _figure(ax)
    n = _n_grid(n_max, n_min=20.0)
    deffs = planned_deff(d, n)
    for r, deff_n in zip(d.itertuples(), deffs, strict=True):
        deff = float(r.deff) if np.isfinite(r.deff) else 1.0
        mde = np.full(n.shape, np.nan)
        ok = n / deff_n * 2 - 2 >= 1
        if ok.any():
            mde[ok] = minimum_detectable_difference(
                n[ok], r.sd, alpha=alpha, power=power, deff=deff_n[ok]
            )
        lo, hi = _nl(deff_n.min(), 1), _nl(deff_n.max(), 1)
        (line,) = ax.plot(
            n,
            mde,
            color=organisation_colour(r.organisation),
            label=f"{_org_label(r.organisation)} (deff {lo if lo == hi else f'{lo}-{hi}'})",
        )
        if r.n_rated / deff * 2 - 2 >= 1:
            ax.plot(
                [r.n_rated],
                [
                    minimum_detectable_difference(
                        r.n_rated, r.sd, alpha=alpha, power=power, deff=deff
                    )
                ],
                "o",
                color=line.get_color(),
                label="_nolegend_",
            )
    if target_mde is not None:
        ax.axhline(
            target_mde,
            color="grey",
            linestyle="--",
            linewidth=1,
            label=f"doel: {_nl(target_mde)} punt",
        )
    _finish(
        ax,
        n,
        xlabel="Netto aantal beoordelaars per kwartaal",
        ylabel=MDE_LABEL,
        y_decimals=2,
        legend_title=f"alfa {_nl(alpha, 3)}, vermogen {_nl(power)}; stip = deze golf",
        title=title or "Aantoonbare verandering tussen twee kwartalen per organisatie",
    )
    ax.set_ylim(0, min(2.0, ax.get_ylim()[1]))
    return fig


def plot_impact_agreement(
    sim: pd.DataFrame,
    *,
    stable_at: float = 0.8,
    labels: dict[str, str] | None = None,
    title: str | None = None,
) -> Figure:
    """Quadrant agreement against n, one panel per organisation.

    Thin lines: each aspect; thick line: the mean over the aspects; dashed: the share of
    simulated surveys with *every* aspect in its quadrant. From
    :func:`helpers.stats._power_impact.simulate_impact_power` or
    :func:`helpers.stats._power_impact.impact_power_by_organisation`.

    Examples
    --------
    >>> sim = pd.DataFrame({"n": [100, 100, 500, 500], "driver": ["a", "b"] * 2,
    ...                     "agreement": [0.6, 0.7, 0.9, 0.95],
    ...                     "agreement_all": [.4, .4, .85, .85]})
    >>> fig = plot_impact_agreement(sim)
    >>> fig.axes[0].get_ylabel()
    'Zelfde kwadrant als nu (aandeel simulaties)'
    """
    if sim.empty:
        raise InputError("no simulation results to plot")
    orgs = sim["organisation"].unique().tolist() if "organisation" in sim.columns else [None]
    fig = Figure(figsize=(min(4.2 * len(orgs), 13), 4.2), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(orgs), sharey=True))
    for ax, org in zip(axes, orgs, strict=True):
        sub = sim if org is None else sim[sim["organisation"] == org]
        for _, g in sub.groupby("driver", sort=False):
            g = g.sort_values("n")
            ax.plot(g["n"], g["agreement"], color="#9ab", linewidth=0.8, label="_nolegend_")
        agg = sub.groupby("n").agg(mean=("agreement", "mean"), all_=("agreement_all", "first"))
        ax.plot(
            agg.index,
            agg["mean"],
            color="#1f4e79",
            linewidth=2.2,
            marker="o",
            label="gemiddeld over de aspecten",
        )
        ax.plot(
            agg.index,
            agg["all_"],
            color="#c55a11",
            linewidth=1.5,
            linestyle="--",
            marker="s",
            label="alle aspecten tegelijk goed",
        )
        ax.axhline(
            stable_at,
            color="grey",
            linestyle=":",
            linewidth=1,
            label=f"stabiel vanaf {_nl(stable_at)}",
        )
        if "is_current" in sub.columns and sub["is_current"].any():
            ax.axvline(
                float(sub.loc[sub["is_current"], "n"].iloc[0]),
                color="grey",
                linewidth=0.8,
                label="n van deze golf",
            )
        ax.set_xscale("log")
        ticks = sorted(sub["n"].unique())
        ax.set_xticks(ticks, [str(int(t)) for t in ticks])
        ax.minorticks_off()
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
        ax.set_xlabel("Netto aantal beoordelaars")
        if org is not None:
            ax.set_title((labels or {}).get(org, _org_label(org)))
    axes[0].set_ylabel("Zelfde kwadrant als nu (aandeel simulaties)")
    comma_ticks(axes[0].yaxis, 1, trim=True)
    axes[-1].legend(fontsize="small", loc="lower right")
    fig.suptitle(title or "Betrouwbaarheid van de kwadrantindeling naar steekproefomvang")
    return fig
