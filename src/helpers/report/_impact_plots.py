"""Charts of the impact analysis: the quadrant chart of the pilot report and importance bars.

Both functions return a :class:`matplotlib.figure.Figure` (nothing is shown or saved) sized to be
readable at 800 px width; chart text is Dutch. Aspect labels are passed in as a dict
(``{"reactietermijn": "Reactietermijn", ...}``), typically from the codebook.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.patheffects as pe
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers.errors import InputError
from helpers.report._impact_text import METHOD_NAMES_NL, QUADRANT_NAMES_NL
from helpers.report._style import decimal_comma
from helpers.report._text import label_for
from helpers.stats import (
    HIGH_SCORE_LOW_IMPACT,
    INVEST,
    KEEP,
    LOW_SCORE_LOW_IMPACT,
    quadrant_table,
)

#: One colour per quadrant code (colour-blind safe, from seaborn's "colorblind" palette).
QUADRANT_COLOURS = {
    KEEP: "#029e73",
    INVEST: "#d55e00",
    HIGH_SCORE_LOW_IMPACT: "#0173b2",
    LOW_SCORE_LOW_IMPACT: "#7f7f7f",
}

#: seaborn's ``axes_style("whitegrid")`` in ``plotting_context("notebook", font_scale=0.95)``
#: with lighter axes and grid, frozen as matplotlib settings: importing seaborn (and through it
#: scipy.stats) cost every impact notebook about a second for these few settings.
_STYLE = {
    "axes.axisbelow": True,
    "axes.edgecolor": "#bbbbbb",
    "axes.grid": True,
    "axes.labelcolor": ".15",
    "axes.labelsize": 11.4,
    "axes.linewidth": 1.25,
    "axes.titlesize": 11.4,
    "font.sans-serif": [
        "Arial",
        "DejaVu Sans",
        "Liberation Sans",
        "Bitstream Vera Sans",
        "sans-serif",
    ],
    "font.size": 11.4,
    "grid.color": "#e6e6e6",
    "grid.linewidth": 1.0,
    "legend.fontsize": 10.45,
    "legend.title_fontsize": 11.4,
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "text.color": ".15",
    "xtick.bottom": False,
    "xtick.color": ".15",
    "xtick.labelsize": 10.45,
    "xtick.major.size": 6.0,
    "xtick.major.width": 1.25,
    "xtick.minor.size": 4.0,
    "xtick.minor.width": 1.0,
    "ytick.color": ".15",
    "ytick.labelsize": 10.45,
    "ytick.left": False,
    "ytick.major.size": 6.0,
    "ytick.major.width": 1.25,
    "ytick.minor.size": 4.0,
    "ytick.minor.width": 1.0,
}


def impact_axis_label(method: str | None, prefix: str = "Impact: aandeel") -> str:
    """x-axis label of an impact share: share of R² (LMG, rw, Pratt) or of the sum (beta, corr).

    Examples
    --------
    >>> impact_axis_label("lmg")
    'Impact: aandeel in de verklaarde variantie (R²), % (LMG)'
    >>> impact_axis_label("corr", prefix="Aandeel")
    'Aandeel in de som over de aspecten, % (correlatie)'
    """
    if method is None:
        return f"{prefix} in de verklaarde variantie (R²), %"
    name = METHOD_NAMES_NL.get(method, method)
    if method in ("beta", "corr"):
        return f"{prefix} in de som over de aspecten, % ({name})"
    return f"{prefix} in de verklaarde variantie (R²), % ({name})"


def _place_labels(ax, xs, ys, texts, fontsize: float) -> None:
    """Annotate points, trying a few offsets so that labels do not overlap each other."""
    canvas = ax.figure.canvas
    if not hasattr(canvas, "get_renderer"):  # a bare Figure: attach the Agg canvas savefig uses
        canvas = FigureCanvasAgg(ax.figure)
    renderer = canvas.get_renderer()
    halo = [pe.withStroke(linewidth=3, foreground="white")]
    offsets = [
        (6, 4, "left"),
        (6, -12, "left"),
        (-6, 4, "right"),
        (-6, -12, "right"),
        (6, 14, "left"),
        (6, -22, "left"),
        (-6, 14, "right"),
        (-6, -22, "right"),
    ]

    def annotate(i: int, dx: float, dy: float, ha: str):
        return ax.annotate(
            texts[i],
            (xs[i], ys[i]),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va="bottom",
            fontsize=fontsize,
            color="#222222",
            path_effects=halo,
            zorder=5,
        )

    placed = []
    order = np.argsort(-np.asarray(ys))
    for i in order:
        best = None
        for dx, dy, ha in offsets:
            ann = annotate(i, dx, dy, ha)
            box = ann.get_window_extent(renderer).expanded(1.02, 1.05)
            if not any(box.overlaps(b) for b in placed):
                best = (ann, box)
                break
            ann.remove()
        if best is None:  # every offset collides: keep the first
            ann = annotate(i, *offsets[0])
            best = (ann, ann.get_window_extent(renderer))
        placed.append(best[1])


def quadrant_chart(
    result,
    labels: Mapping[str, str] | None = None,
    *,
    title: str | None = "Impact en prestatie per aspect",
    performance_label: str | None = None,
    xlabel: str | None = None,
    subject: str = "aspecten",
    width: float = 8.0,
    height: float = 6.2,
) -> Figure:
    """The quadrant chart: impact (share of R²) against performance, one point per aspect.

    Parameters
    ----------
    result : BootstrapResult or pandas.DataFrame
        A bootstrap result or the table of :func:`helpers.stats.classify_quadrants`.
    labels : mapping, optional
        Dutch label per aspect; default the item name.
    title : str or None
        Chart title.
    performance_label : str, optional
        y-axis label; default from the performance measure ("% positief (4 of 5)" or "Gemiddelde
        score (1-5)").
    xlabel : str, optional
        x-axis label; default the impact measure's share (:func:`impact_axis_label`).
    subject : str
        What the points are, plural, for the legend ("Gemiddelde over de aspecten"); e.g.
        ``"organisaties"`` for the whole chain.
    width, height : float
        Figure size in inches (at 100 dpi, 8 inches is 800 px).

    Returns
    -------
    matplotlib.figure.Figure
        Lines at the means over the aspects split the quadrants, whose Dutch names stand in the
        corners; whiskers are the bootstrap intervals of both coordinates; filled markers are
        stable placements, hollow markers uncertain ones (explained in the legend).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> quad = pd.DataFrame({
    ...     "impact": [40.0, 35.0, 25.0], "impact_ci_low": [30.0, 25.0, 15.0],
    ...     "impact_ci_high": [50.0, 45.0, 35.0], "performance": [50.0, 80.0, 60.0],
    ...     "performance_ci_low": [45.0, 75.0, 55.0], "performance_ci_high": [55.0, 85.0, 65.0],
    ...     "quadrant": ["invest", "keep", "high_score_low_impact"], "agreement": [0.9, 0.95, 0.6],
    ...     "stable": [True, True, False]}, index=pd.Index(["a", "b", "c"], name="driver"))
    >>> fig = quadrant_chart(quad, {"a": "Reactietermijn"})
    >>> "Reactietermijn" in [t.get_text() for t in fig.axes[0].texts]
    True
    """
    quad = quadrant_table(result)
    needed = ["impact_ci_low", "impact_ci_high", "performance_ci_low", "performance_ci_high"]
    for col in needed:
        if col not in quad.columns:
            quad = quad.assign(**{col: np.nan})
    measure = quad.attrs.get("performance_measure", "positive")
    stable_at = quad.attrs.get("stable_at", 0.8)
    if performance_label is None:
        performance_label = (
            "% positief (4 of 5)" if measure == "positive" else "Gemiddelde score (1-5)"
        )
    x = quad["impact"].to_numpy(float)
    y = quad["performance"].to_numpy(float)
    x_mean = quad.attrs.get("impact_mean", float(np.mean(x)))
    y_mean = quad.attrs.get("performance_mean", float(np.mean(y)))
    stable = quad["stable"].astype(bool).to_numpy()
    colours = [QUADRANT_COLOURS.get(q, "#333333") for q in quad["quadrant"]]

    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
        ax = fig.subplots()
        xerr = np.vstack([x - quad["impact_ci_low"], quad["impact_ci_high"] - x])
        yerr = np.vstack([y - quad["performance_ci_low"], quad["performance_ci_high"] - y])
        xerr = np.where(np.isfinite(xerr), np.abs(xerr), 0)
        yerr = np.where(np.isfinite(yerr), np.abs(yerr), 0)
        for i in range(len(x)):
            ax.errorbar(
                x[i],
                y[i],
                xerr=xerr[:, i : i + 1],
                yerr=yerr[:, i : i + 1],
                fmt="none",
                ecolor=colours[i],
                alpha=0.45,
                elinewidth=1.2,
                capsize=0,
                zorder=2,
            )
            ax.scatter(
                x[i],
                y[i],
                s=70,
                zorder=3,
                linewidths=1.8,
                edgecolors=colours[i],
                facecolors=colours[i] if stable[i] else "white",
            )
        ax.axvline(x_mean, color="#555555", lw=1, ls="--", zorder=1)
        ax.axhline(y_mean, color="#555555", lw=1, ls="--", zorder=1)

        # limits with room around points and whiskers, means kept inside
        lo_x = np.nanmin(np.r_[x - xerr[0], x_mean])
        hi_x = np.nanmax(np.r_[x + xerr[1], x_mean])
        lo_y = np.nanmin(np.r_[y - yerr[0], y_mean])
        hi_y = np.nanmax(np.r_[y + yerr[1], y_mean])
        pad_x = 0.12 * max(hi_x - lo_x, 1e-9)
        pad_y = 0.15 * max(hi_y - lo_y, 1e-9)
        ax.set_xlim(max(0.0, lo_x - pad_x), hi_x + pad_x)
        ax.set_ylim(lo_y - pad_y, hi_y + pad_y)

        corner = dict(
            transform=ax.transAxes,
            fontsize=11,
            fontweight="bold",
            zorder=4,
            bbox=dict(facecolor="white", edgecolor="none", alpha=0.85, pad=1.5),
        )
        for code, (x_at, y_at) in {
            KEEP: (0.98, 0.98),
            INVEST: (0.98, 0.02),
            HIGH_SCORE_LOW_IMPACT: (0.02, 0.98),
            LOW_SCORE_LOW_IMPACT: (0.02, 0.02),
        }.items():
            ax.text(
                x_at,
                y_at,
                QUADRANT_NAMES_NL[code],
                ha="right" if x_at > 0.5 else "left",
                va="top" if y_at > 0.5 else "bottom",
                color=QUADRANT_COLOURS[code],
                **corner,
            )

        texts = [label_for(d, labels) for d in quad.index]
        _place_labels(ax, x, y, texts, fontsize=9.5)

        ax.set_xlabel(xlabel or impact_axis_label(quad.attrs.get("impact_method")))
        ax.set_ylabel(performance_label)
        if title:
            ax.set_title(title, loc="left", fontsize=13, fontweight="bold")
        level = quad.attrs.get("level", 0.95)
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                ls="none",
                color="#444444",
                markerfacecolor="#444444",
                markersize=8,
                label=f"Stabiel: ≥ {decimal_comma(100 * stable_at, 0)}% van de "
                "bootstrapsteekproeven in dit kwadrant",
            ),
            Line2D(
                [],
                [],
                marker="o",
                ls="none",
                color="#444444",
                markerfacecolor="white",
                markersize=8,
                markeredgewidth=1.8,
                label="Onzeker: minder dan dat",
            ),
            Line2D(
                [],
                [],
                color="#444444",
                alpha=0.45,
                lw=1.2,
                label=f"{decimal_comma(100 * level, 0)}%-bootstrapinterval",
            ),
            Line2D([], [], color="#555555", lw=1, ls="--", label=f"Gemiddelde over de {subject}"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=9)
    return fig


def importance_bars(
    result,
    labels: Mapping[str, str] | None = None,
    *,
    method: str | None = None,
    title: str | None = "Belang van de aspecten voor het totaaloordeel",
    xlabel: str | None = None,
    width: float = 8.0,
) -> Figure:
    """Horizontal bars of each aspect's share of R² (largest on top) with interval whiskers.

    Parameters
    ----------
    result : ImportanceResult or BootstrapResult
        Whiskers are drawn when the result carries bootstrap intervals.
    labels : mapping, optional
        Dutch label per aspect.
    method : str, optional
        Measure to show (default ``lmg``, else ``rw``).
    title : str or None
    xlabel : str, optional
        x-axis label; default the measure's share (:func:`impact_axis_label`).
    width : float
        Figure width in inches (8 = 800 px at 100 dpi); the height follows the number of aspects.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from helpers.stats import relative_importance, synthetic_data
    >>> res = relative_importance(synthetic_data(200, 3), "totaaloordeel",
    ...                           ["aspect_1", "aspect_2", "aspect_3"], methods="lmg")
    >>> len(importance_bars(res).axes[0].patches)
    3
    """
    table = getattr(result, "table", None)
    if not isinstance(table, pd.DataFrame):
        raise InputError("expected an ImportanceResult or BootstrapResult")
    method = method or result.impact_method
    if method is None or f"{method}_share_pct" not in table.columns:
        raise InputError(f"method {method!r} was not computed")
    share = table[f"{method}_share_pct"].astype(float).sort_values(ascending=True)
    lo_col, hi_col = f"{method}_share_ci_low", f"{method}_share_ci_high"
    has_ci = lo_col in table.columns and hi_col in table.columns
    names = [label_for(d, labels) for d in share.index]
    height = 1.6 + 0.42 * len(share)
    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
        ax = fig.subplots()
        pos = np.arange(len(share))
        ax.barh(pos, share.to_numpy(), color="#0173b2", alpha=0.85, height=0.65)
        right = share.to_numpy()
        if has_ci:
            lo = table.loc[share.index, lo_col].to_numpy(float)
            hi = table.loc[share.index, hi_col].to_numpy(float)
            err = np.vstack([share.to_numpy() - lo, hi - share.to_numpy()])
            ax.errorbar(
                share.to_numpy(),
                pos,
                xerr=np.abs(err),
                fmt="none",
                ecolor="#333333",
                elinewidth=1.2,
                capsize=3,
            )
            right = np.fmax(right, hi)
        for k, (v, r) in enumerate(zip(share.to_numpy(), right, strict=True)):
            ax.text(
                r + 0.01 * np.nanmax(right), k, f" {decimal_comma(v, 0)}%", va="center", fontsize=9
            )
        ax.set_yticks(pos, names)
        ax.set_xlim(0, np.nanmax(right) * 1.15)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(xlabel or impact_axis_label(method, prefix="Aandeel"))
        r2 = getattr(result, "r2", np.nan)
        sub = f"R² = {decimal_comma(r2, 2)}, n = {result.n}"
        if has_ci:
            level = getattr(result, "level", 0.95)
            sub += f"; lijnen: {decimal_comma(100 * level, 0)}%-bootstrapinterval"
        if title:
            ax.set_title(f"{title}\n", loc="left", fontsize=13, fontweight="bold")
        ax.text(0, 1.01, sub, transform=ax.transAxes, fontsize=9, color="#555555", va="bottom")
    return fig
