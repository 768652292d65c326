"""Charts of the descriptives report; they draw only what has passed disclosure control.

Every function takes a :class:`helpers.privacy._disclosure.ProtectedTable` (or its ``.table``, which
carries the ``suppressed`` and ``indicative`` flags) and refuses anything else. Suppressed cells
are not drawn (their row shows ``–``), indicative cells are drawn hatched and lighter and their
label gets ``*``; the disclosure footnotes are printed under the chart. Chart text is Dutch and
passed in by the caller. Functions return a :class:`matplotlib.figure.Figure` built without
pyplot (no global state, no ``plt.show``); a notebook displays it by returning it.

Colours: the diverging 1-5 scale uses ColorBrewer RdBu (Brewer 2003; marked colour-blind safe),
series use the Okabe-Ito palette (Okabe & Ito 2008).

References
----------
Brewer, C. A. (2003). ColorBrewer. www.ColorBrewer.org.
Okabe, M. & Ito, K. (2008). Color universal design (CUD): how to make figures and presentations
that are friendly to colorblind people. jfly.uni-koeln.de/color.
Robbins, N. B. & Heiberger, R. M. (2011). Plotting Likert and other rating scales. *Proceedings
of the Survey Research Methods Section, ASA*, 1058-1066 (diverging stacked bars).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from helpers.errors import InputError
from helpers.notation import format_number
from helpers.privacy import (
    FLAG_COLUMNS,
    INDICATIVE_MARK,
    SUPPRESSED_MARK,
    ProtectedTable,
    footnote_texts,
)
from helpers.report._style import DIVERGING_5, organisation_colour
from helpers.report._text import label_for

#: Okabe-Ito colour-blind safe qualitative palette (without black).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
)
#: Detractors, passives, promoters.
NPS_COLOURS: tuple[str, ...] = ("#ca0020", "#d9d9d9", "#0571b0")
HATCH = "///"
INDICATIVE_ALPHA = 0.5


# --------------------------------------------------------------------------------------------
# charts
# --------------------------------------------------------------------------------------------


def diverging_bars(
    protected: ProtectedTable | pd.DataFrame,
    category_labels: Sequence[str],
    *,
    label_cols: str | Sequence[str] = "organisation",
    categories: Sequence = (1, 2, 3, 4, 5),
    row_labels: Mapping | None = None,
    title: str | None = None,
    xlabel: str = "Percentage",
    width: float = 8.0,
) -> Figure:
    """Diverging stacked bars of the distribution of a 1-5 item, one bar per row of the table.

    Negative categories lie left of zero, the neutral middle category is split around zero and
    positive categories lie right of it (Robbins & Heiberger 2011).

    Parameters
    ----------
    protected : ProtectedTable or DataFrame with disclosure flags
        A ``measure="distribution"`` table (columns ``pct_1`` ... ``pct_5``) after
        :func:`helpers.privacy._disclosure.protect_table`.
    category_labels : sequence of str
        Dutch labels of the categories, e.g. ``["Zeer ontevreden", ..., "Zeer tevreden"]``.
    label_cols : str or sequence of str
        Column(s) naming a bar; several are joined with " · ".
    categories : sequence
        The categories, in order from most negative to most positive.
    row_labels : mapping, optional
        Display names of label values, e.g. ``{"DTV": "DT&V"}``.
    title, xlabel : str
    width : float
        Figure width in inches; the height follows the number of bars.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from helpers.privacy._disclosure import protect_table
    >>> t = pd.DataFrame({"organisation": ["IND", "COA"], "n": [40, 5],
    ...                   "pct_1": [10.0, 20], "pct_2": [20.0, 20], "pct_3": [30.0, 20],
    ...                   "pct_4": [25.0, 20], "pct_5": [15.0, 20]})
    >>> fig = diverging_bars(protect_table(t, secondary=False),
    ...                      ["Zeer slecht", "Slecht", "Neutraal", "Goed", "Zeer goed"])
    >>> len(fig.axes[0].patches)  # only IND is drawn: 5 segments
    5
    """
    table, footnotes = _checked(protected)
    cats, cols = _category_columns(table, categories, category_labels, label_cols)
    colours = _diverging_colours(len(cats))
    k = len(cats)
    n_neg = k // 2
    neutral = k // 2 if k % 2 else None

    fig, ax, y = _row_axes(table, width)
    labels = _row_labels(table, label_cols, row_labels)
    values = table[cols].to_numpy(dtype=float)
    left_of_zero = values[:, :n_neg].sum(axis=1)
    if neutral is not None:
        left_of_zero = left_of_zero + values[:, neutral] / 2
    extent = 0.0
    for i, row in enumerate(table.itertuples(index=False)):
        flags = row._asdict()
        if flags["suppressed"]:
            ax.text(0, y[i], SUPPRESSED_MARK, ha="center", va="center")
            continue
        style = _style(flags["indicative"])
        cursor = -left_of_zero[i]
        for j in range(k):
            v = values[i, j]
            if not np.isfinite(v) or v <= 0:
                continue
            _segment(ax, y[i], cursor, v, colours[j], style)
            cursor += v
        extent = max(extent, left_of_zero[i], cursor)
    limit = max(50.0, np.ceil((extent + 2) / 10) * 10)
    ax.set_xlim(-limit, limit)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y, labels)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{format_number(abs(v), 0)}%"))
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    _top_legend(ax, _patches(colours, category_labels), ncol=k)
    return _finish(fig, title, footnotes)


def pct_positive_chart(
    protected: ProtectedTable | pd.DataFrame,
    *,
    aspect_col: str = "item",
    group_col: str = "organisation",
    value_col: str = "pct",
    aspect_labels: Mapping | None = None,
    group_labels: Mapping | None = None,
    title: str | None = None,
    xlabel: str = "% positief (4 of 5)",
    width: float = 8.0,
) -> Figure:
    """Dot chart of % positive per aspect and organisation with the interval as whiskers.

    Parameters
    ----------
    protected : ProtectedTable or DataFrame with disclosure flags
        A ``measure="pct_positive"`` table with ``pct``, ``ci_low``, ``ci_high``.
    aspect_col, group_col : str
        One row of the chart per aspect, one colour per group (organisation).
    value_col : str
        Column with the percentage.
    aspect_labels, group_labels : mapping, optional
        Dutch display names.
    title, xlabel : str
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from helpers.privacy._disclosure import protect_table
    >>> t = pd.DataFrame({"organisation": ["IND", "COA", "IND"], "item": ["a", "a", "b"],
    ...                   "n": [50, 20, 4], "pct": [60.0, 50, 10], "ci_low": [46.0, 30, 1],
    ...                   "ci_high": [72.0, 70, 40]})
    >>> fig = pct_positive_chart(protect_table(t, secondary=False))
    >>> len(fig.axes[0].containers)  # IND-b has n = 4: not drawn
    2
    """
    table, footnotes = _checked(protected)
    _require(table, [aspect_col, group_col, value_col, "ci_low", "ci_high"])
    aspects = list(pd.unique(table[aspect_col]))
    groups = list(pd.unique(table[group_col]))
    colours = {
        g: organisation_colour(g, OKABE_ITO[i % len(OKABE_ITO)]) for i, g in enumerate(groups)
    }
    offsets = _offsets(len(groups))
    fig = Figure(
        figsize=(width, 1.2 + 0.35 * len(aspects) * max(len(groups), 1) ** 0.5 + 0.3),
        layout="constrained",
    )
    ax = fig.subplots()
    y_of = {a: len(aspects) - 1 - i for i, a in enumerate(aspects)}
    for row in table.to_dict("records"):
        y = y_of[row[aspect_col]] + offsets[groups.index(row[group_col])]
        if row["suppressed"]:
            ax.text(
                1,
                y,
                SUPPRESSED_MARK,
                ha="left",
                va="center",
                fontsize=10,
                color=colours[row[group_col]],
                fontweight="bold",
            )
            continue
        v, lo, hi = (float(row[c]) for c in (value_col, "ci_low", "ci_high"))
        colour = colours[row[group_col]]
        indicative = bool(row["indicative"])
        ax.errorbar(
            [v],
            [y],
            xerr=[[max(v - lo, 0)], [max(hi - v, 0)]],
            fmt="o",
            color=colour,
            **_marker_style(colour, indicative),
            capsize=2,
            markersize=6,
            linestyle="none",
            label=str(row[group_col]),
        )
    ax.set_yticks(range(len(aspects)), [label_for(a, aspect_labels) for a in aspects][::-1])
    ax.set_xlim(0, 100)
    _tick_format(ax.xaxis, percent=True)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)
    handles = [_dot(colours[g], label_for(g, group_labels)) for g in groups]
    _top_legend(ax, handles, ncol=max(len(groups), 1))
    return _finish(fig, title, footnotes)


def nps_chart(
    protected: ProtectedTable | pd.DataFrame,
    *,
    label_cols: str | Sequence[str] = "organisation",
    row_labels: Mapping | None = None,
    segment_labels: Sequence[str] = ("Criticasters (0-6)", "Passief (7-8)", "Promotors (9-10)"),
    title: str | None = None,
    width: float = 8.0,
) -> Figure:
    """Stacked bars of detractors, passives and promoters with the NPS written beside each bar.

    Parameters
    ----------
    protected : ProtectedTable or DataFrame with disclosure flags
        A ``measure="nps"`` table (``nps``, ``pct_detractors``, ``pct_passives``,
        ``pct_promoters``).
    label_cols : str or sequence of str
        Column(s) naming a bar.
    row_labels : mapping, optional
    segment_labels : three str
        Dutch legend labels.
    title : str
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from helpers.privacy._disclosure import protect_table
    >>> t = pd.DataFrame({"organisation": ["IND", "COA"], "n": [40, 12], "nps": [-10.0, 5.0],
    ...                   "pct_detractors": [40.0, 30.0], "pct_passives": [30.0, 35.0],
    ...                   "pct_promoters": [30.0, 35.0]})
    >>> fig = nps_chart(protect_table(t, secondary=False))
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("NPS"))
    ['NPS -10', 'NPS 5*']
    """
    table, footnotes = _checked(protected)
    cols = ["pct_detractors", "pct_passives", "pct_promoters"]
    _require(table, ["nps", *cols, *_as_list(label_cols)])
    if len(segment_labels) != 3:
        raise InputError("nps_chart needs three segment labels")
    fig, ax, y = _row_axes(table, width)
    for i, row in enumerate(table.to_dict("records")):
        if row["suppressed"]:
            ax.text(50, y[i], SUPPRESSED_MARK, ha="center", va="center")
            continue
        style = _style(bool(row["indicative"]))
        cursor = 0.0
        for col, colour in zip(cols, NPS_COLOURS, strict=True):
            v = float(row[col])
            if v > 0:
                _segment(ax, y[i], cursor, v, colour, style)
            cursor += v
        mark = INDICATIVE_MARK if row["indicative"] else ""
        ax.text(
            102,
            y[i],
            f"NPS {format_number(row['nps'], 0)}{mark}",
            ha="left",
            va="center",
            fontsize=9,
            fontweight="bold",
        )
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 20))
    _tick_format(ax.xaxis, percent=True)
    ax.set_yticks(y, _row_labels(table, label_cols, row_labels))
    ax.spines[["top", "right"]].set_visible(False)
    _top_legend(ax, _patches(NPS_COLOURS, segment_labels), ncol=3, x=0.45)
    return _finish(fig, title, footnotes)


def stacked_bars(
    protected: ProtectedTable | pd.DataFrame,
    categories: Sequence,
    category_labels: Sequence[str],
    *,
    label_cols: str | Sequence[str] = "organisation",
    row_labels: Mapping | None = None,
    colours: Sequence[str] | None = None,
    title: str | None = None,
    xlabel: str = "Percentage",
    width: float = 8.0,
) -> Figure:
    """100% stacked bars of a categorical answer (no valence: frequencies, channels, answers).

    For a scale with a negative and a positive side use :func:`diverging_bars`; this chart is
    for answers without a middle (how often, which organisation, "ja, vaak / ja, soms / nee").

    Parameters
    ----------
    protected : ProtectedTable or DataFrame with disclosure flags
        A ``measure="distribution"`` table with one ``pct_<category>`` column per category.
    categories : sequence
        The categories in the order of the stack (left to right).
    category_labels : sequence of str
        Dutch legend labels of the categories.
    label_cols : str or sequence of str
        Column(s) naming a bar.
    row_labels : mapping, optional
        Display names of label values.
    colours : sequence of str, optional
        One colour per category; default a sequential blue ramp (ColorBrewer Blues).
    title, xlabel : str
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from helpers.privacy._disclosure import protect_table
    >>> t = pd.DataFrame({"organisation": ["IND", "DTV"], "n": [150, 6],
    ...                   "pct_1": [12.0, 30.0], "pct_2": [48.0, 30.0], "pct_3": [40.0, 40.0]})
    >>> fig = stacked_bars(protect_table(t, secondary=False), [1, 2, 3], ["1", "2-3", "geen"])
    >>> len(fig.axes[0].patches)  # DTV (n = 6) is not drawn
    3
    """
    table, footnotes = _checked(protected)
    cats, cols = _category_columns(table, categories, category_labels, label_cols)
    if colours is None:
        cmap = LinearSegmentedColormap.from_list("blues", ["#c6dbef", "#08306b"])
        colours = [to_hex(cmap(x)) for x in np.linspace(0, 1, len(cats))]
    elif len(colours) != len(cats):
        raise InputError(f"{len(cats)} categories but {len(colours)} colours")
    fig, ax, y = _row_axes(table, width)
    values = table[cols].to_numpy(dtype=float)
    for i, row in enumerate(table.to_dict("records")):
        if row["suppressed"]:
            ax.text(50, y[i], SUPPRESSED_MARK, ha="center", va="center")
            continue
        style = _style(bool(row["indicative"]))
        cursor = 0.0
        for j, colour in enumerate(colours):
            v = values[i, j]
            if not np.isfinite(v) or v <= 0:
                continue
            _segment(ax, y[i], cursor, v, colour, style)
            cursor += v
    ax.set_xlim(0, 100)
    _tick_format(ax.xaxis, percent=True)
    ax.set_yticks(y, _row_labels(table, label_cols, row_labels))
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    _top_legend(ax, _patches(colours, category_labels), ncol=min(len(cats), 4))
    return _finish(fig, title, footnotes)


def mirror_chart(
    protected: ProtectedTable | pd.DataFrame,
    *,
    value_col: str = "pct",
    aspect_col: str = "item",
    group_col: str = "organisation",
    side_col: str = "target_group",
    sides: Sequence[str] = ("ketenpartners", "asielzoekers"),
    side_labels: Sequence[str] = ("Verwachting ketenpartners", "Ervaring asielzoekers"),
    aspect_labels: Mapping | None = None,
    group_labels: Mapping | None = None,
    xlim: tuple[float, float] | None = None,
    xlabel: str | None = None,
    title: str | None = None,
) -> Figure:
    """Mirror study as dumbbells: expected (one side) vs experienced (other side) per aspect.

    One panel per organisation; per aspect a line joins the two estimates. A suppressed side is
    not drawn (and then neither is the line); indicative points are hollow and lighter.

    Parameters
    ----------
    protected : ProtectedTable or DataFrame with disclosure flags
        Long table with one row per ``group_col`` x ``aspect_col`` x ``side_col``.
    value_col : str
        The estimate to show (``"pct"`` or ``"mean"``).
    aspect_col, group_col, side_col : str
    sides : two str
        The values of ``side_col``: expected first, experienced second.
    side_labels : two str
        Dutch legend labels of the sides.
    aspect_labels, group_labels : mapping, optional
    xlim : (float, float), optional
        Default 0-100 for percentages, 1-5 for means.
    xlabel, title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from helpers.privacy._disclosure import protect_table
    >>> t = pd.DataFrame({"organisation": ["COA"] * 4, "item": ["a", "a", "b", "b"],
    ...                   "target_group": ["ketenpartners", "asielzoekers"] * 2,
    ...                   "n": [40, 60, 40, 3], "pct": [70.0, 55, 65, 20]})
    >>> fig = mirror_chart(protect_table(t, secondary=False))
    >>> len(fig.axes[0].collections)  # only aspect "a" has both ends: one line
    1
    """
    table, footnotes = _checked(protected)
    _require(table, [value_col, aspect_col, group_col, side_col])
    if len(sides) != 2 or len(side_labels) != 2:
        raise InputError("mirror_chart needs exactly two sides and two side labels")
    groups = list(pd.unique(table[group_col]))
    aspects = list(pd.unique(table[aspect_col]))
    if xlim is None:
        xlim = (0, 100) if value_col.startswith("pct") else (1, 5)
    colours = (OKABE_ITO[1], OKABE_ITO[0])
    fig = Figure(
        figsize=(3.2 * max(len(groups), 1) + 2, 1.4 + 0.4 * max(len(aspects), 1)),
        layout="constrained",
    )
    axes = np.atleast_1d(fig.subplots(1, max(len(groups), 1), sharey=True, squeeze=False)[0])
    y_of = {a: len(aspects) - 1 - i for i, a in enumerate(aspects)}
    for ax, group in zip(axes, groups, strict=False):
        part = table[table[group_col] == group]
        segments = []
        for aspect in aspects:
            ends = []
            for side, colour in zip(sides, colours, strict=True):
                rows = part[(part[aspect_col] == aspect) & (part[side_col] == side)]
                if rows.empty or bool(rows["suppressed"].iloc[0]):
                    continue
                v = float(rows[value_col].iloc[0])
                if not np.isfinite(v):
                    continue
                indicative = bool(rows["indicative"].iloc[0])
                ax.plot(
                    [v],
                    [y_of[aspect]],
                    "o",
                    color=colour,
                    markersize=7,
                    zorder=3,
                    **_marker_style(colour, indicative),
                )
                ends.append(v)
            if len(ends) == 2:
                segments.append([(ends[0], y_of[aspect]), (ends[1], y_of[aspect])])
        if segments:
            ax.add_collection(_line_collection(segments))
        ax.set_title(label_for(group, group_labels), fontsize=10)
        ax.set_xlim(*xlim)
        ax.grid(axis="x", color="#eeeeee")
        ax.spines[["top", "right"]].set_visible(False)
        _tick_format(ax.xaxis, percent=value_col.startswith("pct"))
        if xlabel:
            ax.set_xlabel(xlabel)
    axes[0].set_yticks(range(len(aspects)), [label_for(a, aspect_labels) for a in aspects][::-1])
    axes[0].set_ylim(-0.6, len(aspects) - 0.4)
    handles = [_dot(c, lab) for c, lab in zip(colours, side_labels, strict=True)]
    fig.legend(handles=handles, loc="outside right upper", frameon=False, fontsize=8)
    return _finish(fig, title, footnotes)


def bar_chart(
    protected: ProtectedTable | pd.DataFrame,
    value_col: str,
    *,
    label_cols: str | Sequence[str] = "organisation",
    row_labels: Mapping | None = None,
    interval: bool = True,
    percent: bool | None = None,
    xlim: tuple[float, float] | None = None,
    xlabel: str | None = None,
    title: str | None = None,
    colour: str = OKABE_ITO[0],
    width: float = 7.0,
) -> Figure:
    """Horizontal bars of any estimate of a protected table, with interval whiskers.

    The general "draw only what passed disclosure" chart: suppressed rows get no bar and show
    ``–``; indicative rows are hatched, lighter and labelled with ``*``.

    Parameters
    ----------
    protected : ProtectedTable or DataFrame with disclosure flags
    value_col : str
        Column to draw (``"mean"``, ``"pct"``, ``"nps"``, ...).
    label_cols : str or sequence of str
    row_labels : mapping, optional
    interval : bool
        Draw ``ci_low``-``ci_high`` whiskers when those columns exist.
    percent : bool, optional
        Format the axis as percentages; default when ``value_col`` starts with ``pct``.
    xlim : (float, float), optional
    xlabel, title : str, optional
    colour : str
    width : float

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from helpers.privacy._disclosure import protect_table
    >>> t = pd.DataFrame({"organisation": ["IND", "COA", "DTV"], "n": [40, 15, 2],
    ...                   "mean": [3.8, 3.5, 4.9]})
    >>> fig = bar_chart(protect_table(t, secondary=False), "mean", interval=False)
    >>> sorted(round(float(p.get_width()), 1) for p in fig.axes[0].patches)  # DTV not drawn
    [3.5, 3.8]
    >>> bar_chart(t, "mean")
    Traceback (most recent call last):
    ...
    helpers.errors.InputError: only tables that passed helpers.privacy._disclosure.protect_table can be drawn; call protect_table first
    """  # noqa: E501
    table, footnotes = _checked(protected)
    _require(table, [value_col, *_as_list(label_cols)])
    if percent is None:
        percent = value_col.startswith("pct")
    decimals = 0 if percent or value_col == "nps" else 1
    fig, ax, y = _row_axes(table, width, base=1.0, per_row=0.4)
    has_ci = interval and {"ci_low", "ci_high"} <= set(table.columns)
    for i, row in enumerate(table.to_dict("records")):
        if row["suppressed"]:  # at the left edge of the axis (which need not be 0)
            ax.text(
                0 if xlim is None else xlim[0], y[i], f" {SUPPRESSED_MARK}", ha="left", va="center"
            )
            continue
        v = float(row[value_col])
        if not np.isfinite(v):
            continue
        indicative = bool(row["indicative"])
        ax.barh(y[i], v, color=colour, height=0.6, **_style(indicative))
        if has_ci:
            lo, hi = float(row["ci_low"]), float(row["ci_high"])
            ax.errorbar(
                [v],
                [y[i]],
                xerr=[[max(v - lo, 0)], [max(hi - v, 0)]],
                fmt="none",
                ecolor="#333333",
                capsize=2,
                linewidth=0.8,
            )
        mark = INDICATIVE_MARK if indicative else ""
        suffix = "%" if percent else ""
        ax.annotate(
            f"{format_number(v, decimals)}{suffix}{mark}",
            (v, y[i]),
            xytext=(4, 6 if has_ci else 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    if xlim is not None:
        ax.set_xlim(*xlim)
    elif percent:
        ax.set_xlim(0, 100)
    ax.set_yticks(y, _row_labels(table, label_cols, row_labels))
    _tick_format(ax.xaxis, percent=percent)
    if xlabel:
        ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    return _finish(fig, title, footnotes)


# --------------------------------------------------------------------------------------------
# internals
# --------------------------------------------------------------------------------------------


def _checked(protected) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The table and footnotes of a protected table; refuse unprotected input."""
    if isinstance(protected, ProtectedTable):
        return protected.table.reset_index(drop=True), protected.footnotes
    if isinstance(protected, pd.DataFrame) and set(FLAG_COLUMNS) <= set(protected.columns):
        table = protected.reset_index(drop=True)
        meta = protected.attrs.get("disclosure")
        if meta:
            threshold, limit = meta["threshold"], meta["indicative_below"]
            notes = footnote_texts(
                threshold,
                limit,
                suppressed=bool(table["suppressed"].any()),
                secondary=bool((table["suppression"] == "secundair").any()),
                indicative=bool(table["indicative"].any()),
            )
            return table, notes
        notes = []
        if table["suppressed"].any():
            notes.append(f"{SUPPRESSED_MARK} : te weinig waarnemingen, niet getoond")
        if table["indicative"].any():
            notes.append(f"{INDICATIVE_MARK} : indicatief, weinig waarnemingen")
        return table, tuple(notes)
    raise InputError(
        "only tables that passed helpers.privacy._disclosure.protect_table can be drawn; "
        "call protect_table first"
    )


def _require(table: pd.DataFrame, cols: Sequence[str]) -> None:
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise InputError(f"table has no column(s) {missing}")


def _as_list(cols) -> list[str]:
    return [cols] if isinstance(cols, str) else list(cols)


def _row_labels(table: pd.DataFrame, label_cols, labels: Mapping | None) -> list[str]:
    cols = _as_list(label_cols)
    out = []
    for row in table.to_dict("records"):
        text = " · ".join(label_for(row[c], labels) for c in cols)
        if row["indicative"]:
            text += f" {INDICATIVE_MARK}"
        out.append(text)
    return out


def _style(indicative: bool) -> dict:
    if indicative:
        return {"alpha": INDICATIVE_ALPHA, "hatch": HATCH, "edgecolor": "#444444", "linewidth": 0.0}
    return {"edgecolor": "white", "linewidth": 0.5}


def _diverging_colours(k: int) -> list[str]:
    if k == 5:
        return list(DIVERGING_5)
    cmap = LinearSegmentedColormap.from_list("rdbu", list(DIVERGING_5))
    return [to_hex(cmap(x)) for x in np.linspace(0, 1, k)]


def _text_colour(background: str) -> str:
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "#222222"


def _offsets(k: int) -> np.ndarray:
    if k <= 1:
        return np.zeros(1)
    return np.linspace(0.25, -0.25, k)


def _line_collection(segments) -> LineCollection:
    return LineCollection(segments, colors="#999999", linewidths=2, zorder=2)


def _category_columns(
    table: pd.DataFrame, categories: Sequence, category_labels: Sequence[str], label_cols
) -> tuple[list, list[str]]:
    """The categories and their ``pct_<category>`` columns; refuse a label count that differs."""
    cats = list(categories)
    if len(category_labels) != len(cats):
        raise InputError(f"{len(cats)} categories but {len(category_labels)} labels")
    cols = [f"pct_{_cat_name(c)}" for c in cats]
    _require(table, cols + _as_list(label_cols))
    return cats, cols


def _row_axes(
    table: pd.DataFrame, width: float, *, base: float = 1.2, per_row: float = 0.45
) -> tuple[Figure, Axes, np.ndarray]:
    """A figure with one horizontal bar per table row, the first row on top."""
    fig = Figure(figsize=(width, base + per_row * max(len(table), 1)), layout="constrained")
    ax = fig.subplots()
    return fig, ax, np.arange(len(table))[::-1]


def _segment(ax: Axes, y: float, left: float, v: float, colour: str, style: dict) -> None:
    """One segment of a stacked bar, labelled with its percentage when it is wide enough."""
    ax.barh(y, v, left=left, color=colour, height=0.7, **style)
    if v >= 8:
        ax.text(
            left + v / 2,
            y,
            f"{format_number(v, 0)}%",
            ha="center",
            va="center",
            fontsize=8,
            color=_text_colour(colour),
        )


def _marker_style(colour: str, indicative: bool) -> dict:
    """Hollow, lighter markers for indicative estimates."""
    return {
        "markerfacecolor": "white" if indicative else colour,
        "alpha": INDICATIVE_ALPHA if indicative else 1.0,
    }


def _tick_format(axis, *, percent: bool) -> None:
    """Dutch tick labels: whole percentages, else one decimal."""
    if percent:
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{format_number(v, 0)}%"))
    else:
        axis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 1)))


def _patches(colours: Sequence[str], labels: Sequence[str]) -> list[Patch]:
    return [Patch(color=c, label=lab) for c, lab in zip(colours, labels, strict=True)]


def _dot(colour: str, label: str) -> Line2D:
    return Line2D([], [], marker="o", linestyle="none", color=colour, label=label)


def _top_legend(ax: Axes, handles: list, *, ncol: int, x: float = 0.5) -> None:
    """A frameless legend centred above the axes."""
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(x, 1.0),
        ncol=ncol,
        frameon=False,
        fontsize=8,
    )


def _finish(fig: Figure, title: str | None, footnotes: Sequence[str]) -> Figure:
    """The title and the disclosure footnotes under the figure."""
    if title:
        fig.suptitle(title)
    if footnotes:
        fig.supxlabel("\n".join(footnotes), x=0.01, ha="left", fontsize=8, color="#444444")
    return fig


def _cat_name(c) -> str:
    if isinstance(c, str):
        return c
    c = float(c)
    return str(int(c)) if c.is_integer() else str(c)
