"""The tables of the trends report, stacked over the target groups.

The numbers are kept (for disclosure control with :func:`helpers.privacy.protect_table` and for the
charts); codes become Dutch only where a table is shown as it is (comparison kind, yes/no flags).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.notation import format_number as f
from helpers.report._trends_text import (
    COMPARISONS_NL,
    latest_trends,
    p_text,
    value_labels,
    wave_label,
)
from helpers.stats import period_of


def _stack(results: dict[str, dict], key: str) -> pd.DataFrame:
    parts = [r[key].assign(target_group=tg) for tg, r in results.items() if len(r[key])]
    if not parts:
        first = next(iter(results.values()))[key]
        return first.assign(target_group=pd.Series(dtype=object))
    return pd.concat(parts, ignore_index=True)


def _yes(flags) -> list[str]:
    return ["ja" if bool(v) else "nee" for v in flags]


def means_table(results: dict[str, dict]) -> pd.DataFrame:
    """Wave means of all target groups: ``target_group``, ``organisation``, ``wave``, ``n``,
    ``n_eff``, ``mean``, ``ci_low``, ``ci_high`` (base column ``n``)."""
    t = _stack(results, "means")
    return t[
        ["target_group", "organisation", "wave", "n", "n_eff", "mean", "ci_low", "ci_high"]
    ].reset_index(drop=True)


def changes_table(results: dict[str, dict], detail: bool = False) -> pd.DataFrame:
    """Change tests of all target groups for display: ``n_min`` (the smaller base of the two
    waves) is the base column for disclosure control; the comparison in Dutch; p after Holm;
    yes/no flags ``significant`` and ``exceeds_mde``; with ``detail`` also the interval of the
    difference (``diff_ci_low``, ``diff_ci_high``) for
    :func:`helpers.report._trends_plots.plot_changes`."""
    t = _stack(results, "changes")
    out = t[
        [
            "target_group",
            "comparison",
            "organisation",
            "wave_prev",
            "wave",
            "n",
            "n_prev",
            "mean_prev",
            "mean",
            "difference",
            "p_holm",
            "mde",
        ]
    ].copy()
    out.insert(5, "n_min", np.minimum(t["n"], t["n_prev"]))
    out = out.drop(columns=["n", "n_prev"])
    out["comparison"] = t["comparison"].map(COMPARISONS_NL)
    out["significant"] = _yes(t["significant"])
    out["exceeds_mde"] = _yes(t["exceeds_mde"])
    if detail:  # the interval of the difference, for the chart
        out.insert(out.columns.get_loc("difference") + 1, "diff_ci_low", t["diff_ci_low"])
        out.insert(out.columns.get_loc("diff_ci_low") + 1, "diff_ci_high", t["diff_ci_high"])
    return out.reset_index(drop=True)


def rolling_table(results: dict[str, dict], complete_only: bool = False) -> pd.DataFrame:
    """Rolling means of all target groups: ``target_group``, ``organisation``, ``first_wave``,
    ``last_wave`` (the window's last quarter), ``n_waves``, ``n``, ``n_eff``, ``mean``,
    ``ci_low``, ``ci_high``."""
    t = _stack(results, "rolling")
    if complete_only:
        t = t[t["complete"]]
    out = t[
        [
            "target_group",
            "organisation",
            "first_wave",
            "wave",
            "n_waves",
            "n",
            "n_eff",
            "mean",
            "ci_low",
            "ci_high",
        ]
    ].reset_index(drop=True)
    return out.rename(columns={"wave": "last_wave"})


def trend_table(results: dict[str, dict]) -> pd.DataFrame:
    """Linear trends of all target groups: per target group the tested trends of the latest
    reporting wave (:func:`helpers.report._trends_text.latest_trends`; no respondent cells, no
    base column)."""
    t = _stack({tg: {"trend": latest_trends(r["trend"])} for tg, r in results.items()}, "trend")
    out = t[
        [
            "target_group",
            "organisation",
            "first_wave",
            "last_wave",
            "n_waves",
            "slope",
            "ci_low",
            "ci_high",
            "change_total",
            "p_value",
            "p_holm",
        ]
    ].copy()
    out["significant"] = _yes(t["significant"])
    return out.reset_index(drop=True)


def trend_view(results: dict[str, dict]) -> pd.DataFrame:
    """:func:`trend_table` as a Dutch display table (strings)."""
    t = trend_table(results)
    lab = value_labels(results) if len(t) else {"target_group": {}, "organisation": {}}
    return pd.DataFrame(
        {
            "Doelgroep": [lab["target_group"].get(v, v) for v in t["target_group"]],
            "Organisatie": [lab["organisation"].get(v, v) for v in t["organisation"]],
            "Periode": [
                f"{wave_label(a)} - {wave_label(b)}"
                for a, b in zip(t["first_wave"], t["last_wave"], strict=True)
            ],
            "golven": t["n_waves"].astype(int).astype(str).tolist(),
            "per kwartaal": [f(v, 3) for v in t["slope"]],
            "95%-BI": [
                f"{f(a, 3)} tot {f(b, 3)}" for a, b in zip(t["ci_low"], t["ci_high"], strict=True)
            ],
            "over de hele periode": [f(v, 2) for v in t["change_total"]],
            "p (Holm)": [p_text(v) for v in t["p_holm"]],
            "significant": t["significant"].tolist(),
        }
    )


# --------------------------------------------------------------------------------------------
# the other measures: % positive per aspect, NPS, word of mouth (helpers.stats.measure_trends)

#: The estimate column of a view's tables per measure (the names disclosure control knows).
VIEW_VALUE: dict[str, str] = {"pct_positive": "pct", "nps": "nps"}
#: Marks of a significant change against the previous wave in a view's table.
CHANGE_MARKS: dict[bool, str] = {True: "▲", False: "▼"}


def view_estimates_table(views: dict[str, dict], measure: str) -> pd.DataFrame:
    """Estimates per wave of all target groups of one view (:func:`helpers.stats.
    measure_trends`): ``target_group``, ``organisation``, ``item``, ``wave``, ``n``, ``n_eff``,
    the estimate (``pct`` or ``nps``), ``ci_low``, ``ci_high`` (base column ``n``)."""
    value = VIEW_VALUE[measure]
    cols = ["target_group", "organisation", "item", "wave", "n", "n_eff", value, "ci_low"]
    cols.append("ci_high")
    parts = [r["estimates"].assign(target_group=tg) for tg, r in views.items()]
    if not parts:
        text = ("target_group", "organisation", "item", "wave")
        return pd.DataFrame({c: pd.Series(dtype=object if c in text else float) for c in cols})
    t = pd.concat(parts, ignore_index=True).rename(columns={"estimate": value})
    return t[cols].reset_index(drop=True)


def view_changes_table(views: dict[str, dict], measure: str) -> pd.DataFrame:
    """Wave-on-wave tests of all target groups of one view: ``target_group``, ``organisation``,
    ``item``, ``wave_prev``, ``wave``, ``n_min`` (base column), the estimates of both waves
    (``pct_prev``/``pct`` or ``nps_prev``/``nps``), ``difference``, ``diff_ci_low``,
    ``diff_ci_high``, ``p_holm``, ``significant`` (bool) and ``verdict`` (code)."""
    value = VIEW_VALUE[measure]
    cols = ["target_group", "organisation", "item", "wave_prev", "wave", "n_min"]
    cols += [f"{value}_prev", value, "difference", "diff_ci_low", "diff_ci_high", "p_holm"]
    cols += ["significant", "verdict"]
    parts = [r["changes"].assign(target_group=tg) for tg, r in views.items() if len(r["changes"])]
    if not parts:
        text = ("target_group", "organisation", "item", "wave_prev", "wave", "verdict")
        out = pd.DataFrame({c: pd.Series(dtype=object if c in text else float) for c in cols})
        return out.astype({"significant": bool})
    t = pd.concat(parts, ignore_index=True)
    t["n_min"] = np.minimum(t["n"], t["n_prev"]).astype(int)
    t = t.rename(columns={"estimate_prev": f"{value}_prev", "estimate": value})
    t["significant"] = t["significant"].astype(bool)
    return t[cols].reset_index(drop=True)


def _cell(row: dict, value: str, decimals: int, suffix: str) -> str:
    """``"78% (70–84)"``, ``"-36 (-43 tot -28)"`` (as the descriptives report writes them);
    the disclosure marks; empty when not asked."""
    from helpers.privacy import INDICATIVE_MARK, MASKED_MARK, SUPPRESSED_MARK

    if row["suppressed"]:
        return SUPPRESSED_MARK
    if row["masked"]:
        return MASKED_MARK
    v = row[value]
    if v is None or not np.isfinite(v):
        return ""
    text = f(v, decimals) + suffix + (INDICATIVE_MARK if row["indicative"] else "")
    lo, hi = row["ci_low"], row["ci_high"]
    if np.isfinite(lo) and np.isfinite(hi):
        sep = " tot " if lo < 0 else "–"
        text += f" ({f(lo, decimals)}{sep}{f(hi, decimals)})"
    return text


def view_display(
    estimates: pd.DataFrame,
    changes: pd.DataFrame,
    *,
    measure: str,
    rows: str,
    row_labels: dict,
    corner: str,
    decimals: int = 0,
) -> pd.DataFrame:
    """One compact display table: a row per ``rows`` value (``item`` or ``organisation``), a
    column per wave (``"2017 K2"``), cells "estimate (95%-BI)" with ▲ or ▼ where the change
    from the previous wave is significant.

    Parameters
    ----------
    estimates : pandas.DataFrame
        Rows of :func:`view_estimates_table` after :func:`helpers.privacy.protect_table` (all
        rows, with the flags ``suppressed``, ``masked`` and ``indicative``), of one target group
        (and organisation when ``rows`` is ``item``).
    changes : pandas.DataFrame
        :func:`view_changes_table` after disclosure control, of the same rows; only shown rows
        mark a change.
    measure : {"pct_positive", "nps"}
    rows : {"item", "organisation"}
    row_labels : dict
        Display label per row value (in the order wanted).
    corner : str
        Header of the label column.
    decimals : int, default 0

    Examples
    --------
    >>> est = pd.DataFrame({"organisation": "IND", "item": "x", "wave": ["2017-Q2", "2017-Q3"],
    ...     "pct": [60.0, 75.0], "ci_low": [50.0, 66.0], "ci_high": [70.0, 83.0],
    ...     "suppressed": False, "masked": False, "indicative": [False, True]})
    >>> ch = pd.DataFrame({"organisation": ["IND"], "item": ["x"], "wave": ["2017-Q3"],
    ...     "difference": [15.0], "significant": [True], "suppressed": [False]})
    >>> view_display(est, ch, measure="pct_positive", rows="item", row_labels={"x": "X"},
    ...              corner="Aspect").to_dict("records")
    [{'Aspect': 'X', '2017 K2': '60% (50–70)', '2017 K3': '75%* (66–83) ▲'}]
    """
    value = VIEW_VALUE[measure]
    suffix = "%" if value == "pct" else ""
    waves = sorted(set(estimates["wave"]), key=period_of)
    marks = {}
    shown = changes[~changes["suppressed"].astype(bool) & changes["significant"].astype(bool)]
    for r in shown.to_dict("records"):
        marks[(r[rows], r["wave"])] = CHANGE_MARKS[bool(r["difference"] > 0)]
    cells = {
        (r[rows], r["wave"]): _cell(r, value, decimals, suffix)
        for r in estimates.to_dict("records")
    }
    out = pd.DataFrame({corner: list(row_labels.values())})
    for w in waves:
        out[wave_label(w)] = [
            (cells.get((k, w), "") + (f" {marks[(k, w)]}" if (k, w) in marks else ""))
            for k in row_labels
        ]
    return out
