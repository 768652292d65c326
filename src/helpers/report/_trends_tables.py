"""The tables of the trends report, stacked over the target groups.

The numbers are kept (for disclosure control with :func:`helpers.privacy.protect_table` and for the
charts); codes become Dutch only where a table is shown as it is (comparison kind, yes/no flags).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.privacy import format_number as f
from helpers.report._trends_text import (
    COMPARISONS_NL,
    latest_trends,
    p_text,
    value_labels,
    wave_label,
)


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
