"""The caterpillar chart of the small-area report: groups with their model interval.

One panel per organisation (two columns), one row per shown group (reception centre or
nationality), sorted by the model estimate (highest at the top): the estimate with its interval
(filled when the group differs from the average with confidence), the direct estimate as an open
circle joined to it by a thin line (the distance is the pull towards the average), and the
average as a dashed vertical line.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.errors import InputError
from helpers.report._style import comma_ticks, organisation_colour

__all__ = ["plot_caterpillar"]

_NEED = ("group", "estimate", "ci_low", "ci_high", "direct", "overall", "code")
DIRECT_COLOUR = "#8c8c8c"


def plot_caterpillar(
    panels: Mapping[str, pd.DataFrame],
    titles: Mapping[str, str],
    *,
    xlabel: str,
    decimals: int = 2,
    legend: Mapping[str, str],
) -> Figure:
    """Model estimates with intervals next to the direct estimates, one panel per organisation
    (in two columns).

    Parameters
    ----------
    panels : mapping of organisation to DataFrame
        The shown groups after disclosure control, columns ``group`` (display label),
        ``estimate``, ``ci_low``, ``ci_high``, ``direct``, ``overall``, ``code``.
    titles : mapping of organisation to str
        Panel titles (Dutch).
    xlabel : str
    decimals : int
        Most decimals of the axis ticks (decimal comma, trailing zeros dropped).
    legend : mapping
        Dutch legend texts for ``model``, ``differs``, ``direct`` and ``overall``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "estimate": [3.8, 4.2], "ci_low": [3.5, 4.0],
    ...                   "ci_high": [4.1, 4.4], "direct": [3.6, 4.3], "overall": 4.0,
    ...                   "code": ["no_difference", "above"]})
    >>> legend = {"model": "m", "differs": "d", "direct": "r", "overall": "g"}
    >>> fig = plot_caterpillar({"COA": t}, {"COA": "COA"}, xlabel="x", legend=legend)
    >>> [x.get_text() for x in fig.axes[0].get_yticklabels()]
    ['A', 'B']
    """
    panels = {org: t for org, t in panels.items() if len(t)}
    if not panels:
        raise InputError("nothing to plot: no group is shown")
    for org, t in panels.items():
        missing = [c for c in _NEED if c not in t.columns]
        if missing:
            raise InputError(f"panel {org}: missing column(s) {', '.join(missing)}")
    ncols = 1 if len(panels) == 1 else 2
    nrows = -(-len(panels) // ncols)
    sizes = [len(t) for t in panels.values()] + [0] * (nrows * ncols - len(panels))
    heights = [max(sizes[i * ncols : (i + 1) * ncols]) for i in range(nrows)]
    fig = Figure(
        figsize=(5.5 * ncols, 0.22 * sum(heights) + 0.9 * nrows + 0.7), layout="constrained"
    )
    grid = fig.subplots(nrows, ncols, sharex=True, squeeze=False, height_ratios=heights)
    axes = grid.ravel()
    for ax in axes[len(panels) :]:
        ax.set_axis_off()
    values = pd.concat([t[["ci_low", "ci_high", "direct"]] for t in panels.values()])
    lo, hi = float(np.nanmin(values.to_numpy(float))), float(np.nanmax(values.to_numpy(float)))
    pad = 0.05 * (hi - lo or 1.0)
    for ax, (org, t) in zip(axes, panels.items(), strict=True):
        t = t.sort_values(["estimate", "direct"], kind="stable").reset_index(drop=True)
        colour = organisation_colour(org)
        y = np.arange(len(t))
        est, direct = t["estimate"].to_numpy(float), t["direct"].to_numpy(float)
        differs = t["code"].isin(["above", "below"]).to_numpy()
        ax.hlines(y, t["ci_low"], t["ci_high"], colors=colour, linewidth=2.2)
        ax.hlines(y, np.minimum(est, direct), np.maximum(est, direct), colors=DIRECT_COLOUR, lw=0.8)
        ax.scatter(direct, y, s=22, facecolors="white", edgecolors=DIRECT_COLOUR, zorder=3)
        ax.scatter(est[~differs], y[~differs], s=34, color="white", edgecolors=colour, zorder=4)
        ax.scatter(est[differs], y[differs], s=34, color=colour, edgecolors=colour, zorder=4)
        ax.axvline(float(t["overall"].iloc[0]), color="#444444", linestyle="--", linewidth=1)
        ax.set_yticks(y, t["group"].tolist())
        ax.set_ylim(-0.7, len(t) - 0.3)
        ax.set_title(titles.get(org, org), loc="left", fontsize=11, color=colour)
        ax.grid(axis="x", color="#e6e6e6")
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    axes[0].set_xlim(lo - pad, hi + pad)
    for ax in grid[-1]:
        ax.set_xlabel(xlabel)
        ax.xaxis.set_tick_params(labelbottom=True)
    for ax in axes[: len(panels)]:
        comma_ticks(ax.xaxis, decimals, trim=True)
    handles = [
        axes[0].scatter([], [], s=34, color="white", edgecolors="#444444", label=legend["model"]),
        axes[0].scatter([], [], s=34, color="#444444", label=legend["differs"]),
        axes[0].scatter(
            [], [], s=22, facecolors="white", edgecolors=DIRECT_COLOUR, label=legend["direct"]
        ),
        axes[0].plot([], [], color="#444444", linestyle="--", lw=1, label=legend["overall"])[0],
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=9)
    return fig
