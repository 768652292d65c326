"""Trends across waves: mean judgement per wave, change tests, pooled rolling means, MDE flags.

Every processed wave (:func:`helpers.report._display.processed_waves`) is a quarter (wave id ``YYYY-Qn``).
Per target group and organisation this module computes

* the weighted mean overall judgement (``totaaloordeel``) per wave with its 95% interval, from
  :func:`helpers.stats._estimates.summarise_ratings` (design-based with the Kish effective sample size
  ``n_eff``: ``se² = s_w² / (n_eff - 1)``, a t interval);
* change tests: *wave on wave* (each wave against the previous processed wave) and *year on year*
  (against the same quarter a year earlier, when that wave was processed). The waves are
  independent samples, so the difference of two means is tested with Welch's t-test on the two
  design-based standard errors and the Welch-Satterthwaite degrees of freedom with ``n_eff - 1``
  (:func:`helpers.stats._compare.welch_test`). The tests of one kind shown together (all organisations
  and wave pairs of a target group) form one family and get Holm's (1979) correction
  (:func:`helpers.stats._compare.holm`);
* the *minimum detectable difference* (MDE) of each comparison: the change that a two-sample
  t-test with these effective sizes and the pooled sd detects with the planned power
  (:func:`helpers.stats._power.minimum_detectable_difference`, at the nominal α). A change larger than
  the MDE is one the design is built to see; a significant change smaller than the MDE was
  detected with less than the planned power (it may well be real, but its size is probably
  overstated: the "winner's curse", Gelman & Carlin 2014);
* pooled rolling estimates: the mean over the respondents of the last ``w`` quarters (e.g. 4),
  as one pooled sample with the weights as delivered (mean 1 per wave, so each quarter counts
  in proportion to its respondents).

Assumptions: the waves are fresh independent samples (no panel); the design effect of clustering
by reception centre is not in the Kish ``n_eff`` (so intervals are somewhat too narrow for
asylum seekers, see :mod:`helpers.stats._power`).

References
----------
Gelman, A. & Carlin, J. (2014). Beyond power calculations: assessing type S (sign) and type M
(magnitude) errors. *Perspectives on Psychological Science* 9(6), 641-651.
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal
of Statistics* 6(2), 65-70.
Kish, L. (1965). *Survey Sampling*. New York: Wiley.
Welch, B. L. (1947). The generalization of 'Student's' problem when several different population
variances are involved. *Biometrika* 34(1/2), 28-35.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from helpers.errors import InputError
from helpers.stats._compare import holm, welch_test
from helpers.stats._estimates import order_rows, summarise_ratings

__all__ = [
    "COLUMNS_NL",
    "COMPARISONS",
    "DECIMALS",
    "analyse_trends",
    "change_tests",
    "changes_note_nl",
    "changes_summary_nl",
    "changes_table",
    "linear_trends",
    "means_table",
    "overview_nl",
    "summary_nl",
    "trend_view",
    "rolling_table",
    "trend_table",
    "value_labels",
    "parse_wave",
    "period_of",
    "rolling_means",
    "trend_ratings",
    "trends_key_figures",
    "wave_label",
    "wave_means",
    "wave_of",
]

_WAVE = re.compile(r"^(\d{4})-Q([1-4])$")
#: Comparison kinds and their Dutch names.
COMPARISONS: dict[str, str] = {"wave_on_wave": "golf op golf", "year_on_year": "jaar op jaar"}
#: Dutch verdicts of :func:`change_tests` (significant?, larger than the MDE?).
VERDICTS: dict[tuple[bool, bool], str] = {
    (True, True): "significant en groter dan het MDE",
    (True, False): "significant, maar kleiner dan het MDE",
    (False, True): "groot, maar niet significant",
    (False, False): "binnen de meetonzekerheid",
}


# --------------------------------------------------------------------------------------------
# wave ids


def parse_wave(wave: str) -> tuple[int, int]:
    """``"2017-Q2"`` -> ``(2017, 2)``; InputError for anything else.

    Examples
    --------
    >>> parse_wave("2018-Q1")
    (2018, 1)
    """
    m = _WAVE.match(str(wave))
    if not m:
        raise InputError(f"wave id {wave!r} is not of the form YYYY-Qn (n = 1..4)")
    return int(m.group(1)), int(m.group(2))


def period_of(wave: str) -> int:
    """Quarter number on a continuous scale: ``4 · year + quarter - 1``.

    Examples
    --------
    >>> period_of("2018-Q1") - period_of("2017-Q2")   # three quarters apart
    3
    """
    year, quarter = parse_wave(wave)
    return 4 * year + quarter - 1


def wave_of(period: int) -> str:
    """Inverse of :func:`period_of`.

    Examples
    --------
    >>> wave_of(period_of("2017-Q4") + 1)
    '2018-Q1'
    """
    return f"{int(period) // 4}-Q{int(period) % 4 + 1}"


def wave_label(wave: str) -> str:
    """Dutch label of a wave: ``"2017-Q2"`` -> ``"2017 K2"`` (kwartaal).

    Examples
    --------
    >>> wave_label("2017-Q2")
    '2017 K2'
    """
    year, quarter = parse_wave(wave)
    return f"{year} K{quarter}"


# --------------------------------------------------------------------------------------------
# data


def trend_ratings(
    processed_root: str | Path | None = None,
    *,
    target_group: str,
    item: str = "totaaloordeel",
    waves: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The ratings of one item of every processed wave, with weights, as one long table.

    Parameters
    ----------
    processed_root : str or Path, optional
        Folder with one subfolder per processed wave (default: the repository's).
    target_group : str
    item : str, default "totaaloordeel"
    waves : sequence of str, optional
        Default: :func:`helpers.report._display.processed_waves`.

    Returns
    -------
    pandas.DataFrame
        ``wave``, ``period``, ``respondent_id`` (prefixed with the wave, so ids may repeat
        across waves), ``organisation``, ``value``, ``weight``.
    """
    from helpers.report import processed_tables, processed_waves
    from helpers.stats._estimates import join_ratings

    waves = list(waves) if waves is not None else processed_waves(processed_root)
    if not waves:
        raise InputError("no processed waves: run the cleaning first", file=processed_root or None)
    parts = []
    for wave in sorted(waves, key=period_of):
        respondents, ratings = processed_tables(wave, processed_root)
        sel = ratings[(ratings["target_group"] == target_group) & (ratings["item"] == item)]
        resp = respondents[respondents["target_group"] == target_group]
        joined = join_ratings(sel[["respondent_id", "organisation", "value"]], resp)
        joined["respondent_id"] = wave + "/" + joined["respondent_id"].astype(str)
        joined.insert(0, "wave", wave)
        joined.insert(1, "period", period_of(wave))
        parts.append(joined[["wave", "period", "respondent_id", "organisation", "value", "weight"]])
    return pd.concat(parts, ignore_index=True)


def _summarise(frame: pd.DataFrame, by: list[str], level: float) -> pd.DataFrame:
    respondents = frame[["respondent_id", "weight"]].drop_duplicates("respondent_id")
    return summarise_ratings(
        frame.drop(columns="weight"), respondents, by=by, measure="mean", level=level
    )


def wave_means(frame: pd.DataFrame, *, level: float = 0.95) -> pd.DataFrame:
    """Weighted mean per wave and organisation with its interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`trend_ratings` (columns ``wave``, ``respondent_id``, ``organisation``,
        ``value``, ``weight``).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        ``wave``, ``period``, ``organisation``, ``n``, ``n_eff``, ``mean``, ``se``,
        ``ci_low``, ``ci_high`` (:func:`helpers.stats._estimates.summarise_ratings`) and ``sd`` (the
        weighted sd ``s_w = se · sqrt(n_eff - 1)``), ordered by wave and organisation.

    Examples
    --------
    >>> f = pd.DataFrame({"wave": ["2017-Q2"] * 3, "respondent_id": ["a", "b", "c"],
    ...                   "organisation": "IND", "value": [3.0, 4.0, 5.0], "weight": 1.0})
    >>> wave_means(f)[["wave", "n", "mean", "sd"]].round(3).to_dict("list")
    {'wave': ['2017-Q2'], 'n': [3], 'mean': [4.0], 'sd': [0.816]}
    """
    if frame.empty:
        raise InputError("no ratings to summarise")
    out = _summarise(frame, ["wave", "organisation"], level)
    out.insert(1, "period", out["wave"].map(period_of))
    out["sd"] = out["se"] * np.sqrt(out["n_eff"] - 1)
    out = order_rows(out, ["organisation"])
    return out.sort_values(["period"], kind="stable").reset_index(drop=True)


def rolling_means(frame: pd.DataFrame, *, window: int = 4, level: float = 0.95) -> pd.DataFrame:
    """Pooled mean over the last ``window`` quarters, for every wave as the window's end.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`trend_ratings`.
    window : int, default 4
        Quarters in the window (by calendar: a quarter without a processed wave leaves a gap).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        ``wave`` (last quarter of the window), ``period``, ``organisation``, ``window``,
        ``first_wave`` (first wave with ratings in the window), ``n_waves`` (waves with ratings
        in it),
        ``complete`` (all ``window`` quarters present), ``n``, ``n_eff``, ``mean``, ``se``,
        ``ci_low`` and ``ci_high``.

    Notes
    -----
    The respondents of the window are one pooled sample; the weights are those of their waves
    (mean 1 within each wave), so a quarter counts in proportion to its respondents, and the
    interval uses the pooled sample's Kish ``n_eff`` (:mod:`helpers.stats._estimates`). A quarter's
    respondents enter ``window`` consecutive estimates, so successive rolling means are
    correlated and must not be tested against each other as if independent
    (:func:`helpers.stats._power.continuous_measurement_plan` shows what they can detect).

    Examples
    --------
    >>> f = pd.DataFrame({"wave": ["2017-Q2"] * 2 + ["2017-Q3"] * 2,
    ...                   "respondent_id": ["a", "b", "c", "d"], "organisation": "IND",
    ...                   "value": [3.0, 4.0, 4.0, 5.0], "weight": 1.0})
    >>> rolling_means(f, window=2)[["wave", "n_waves", "n", "mean"]].to_dict("list")
    {'wave': ['2017-Q2', '2017-Q3'], 'n_waves': [1, 2], 'n': [2, 4], 'mean': [3.5, 4.0]}
    """
    if int(window) != window or window < 1:
        raise InputError(f"window must be a whole number of quarters >= 1, got {window!r}")
    window = int(window)
    if frame.empty:
        raise InputError("no ratings to summarise")
    frame = frame.assign(period=frame["wave"].map(period_of))
    ends = sorted(frame["period"].unique())
    stacked = pd.concat(
        [
            frame[(frame["period"] > end - window) & (frame["period"] <= end)].assign(end=end)
            for end in ends
        ],
        ignore_index=True,
    )
    stacked["respondent_id"] = stacked["end"].astype(str) + "|" + stacked["respondent_id"]
    out = _summarise(stacked, ["end", "organisation"], level)
    present = stacked[stacked["value"].notna()].groupby(["end", "organisation"])["period"]
    keys = list(zip(out["end"], out["organisation"], strict=True))
    counts, first = present.nunique(), present.min()
    out["n_waves"] = [int(counts.get(k, 0)) for k in keys]
    out.insert(0, "wave", out["end"].map(wave_of))
    out.insert(1, "period", out["end"].astype(int))
    out.insert(3, "window", window)
    out.insert(4, "first_wave", [wave_of(first[k]) if k in first.index else None for k in keys])
    out.insert(5, "complete", out["n_waves"] == window)
    out = out.drop(columns="end")
    n_waves = out.pop("n_waves")
    out.insert(5, "n_waves", n_waves)
    out = order_rows(out, ["organisation"])
    return out.sort_values("period", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# change tests


def _pairs(means: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The (new, old) rows to compare per organisation."""
    cols = ["wave", "period", "organisation", "n", "n_eff", "mean", "se", "sd"]
    m = means[cols]
    if kind == "wave_on_wave":
        m = m.sort_values(["organisation", "period"], kind="stable")
        prev = m.groupby("organisation", sort=False).shift(1).add_suffix("_prev")
        pairs = pd.concat([m, prev], axis=1)
        return pairs[pairs["wave_prev"].notna()]
    if kind == "year_on_year":
        old = m.assign(period=m["period"] + 4)
        pairs = m.merge(old, on=["organisation", "period"], suffixes=("", "_prev"))
        pairs["period_prev"] = pairs["period"] - 4
        return pairs
    raise InputError(f"unknown comparison {kind!r} (choose {', '.join(COMPARISONS)})")


def change_tests(
    means: pd.DataFrame,
    *,
    comparisons: Sequence[str] = tuple(COMPARISONS),
    alpha: float = 0.05,
    power: float = 0.8,
    min_n: int = 10,
    level: float = 0.95,
) -> pd.DataFrame:
    """Wave-on-wave and year-on-year change tests with Holm correction and MDE flags.

    Parameters
    ----------
    means : pandas.DataFrame
        :func:`wave_means` of one target group.
    comparisons : sequence of str, default ("wave_on_wave", "year_on_year")
        ``wave_on_wave``: each wave against the previous processed wave of the organisation
        (``quarters_apart`` says how far); ``year_on_year``: against the same quarter a year
        earlier, when processed.
    alpha : float, default 0.05
        Family-wise level (Holm) and the α of the MDE.
    power : float, default 0.8
        Power of the MDE.
    min_n : int, default 10
        Pairs with a wave below this many raters are not tested (disclosure threshold).
    level : float, default 0.95
        Confidence level of the interval of the difference.

    Returns
    -------
    pandas.DataFrame
        One row per test: ``comparison``, ``organisation``, ``wave``, ``wave_prev``,
        ``quarters_apart``, ``n``, ``n_prev``, ``n_eff``, ``n_eff_prev``, ``mean``,
        ``mean_prev``, ``difference`` (new - old), ``diff_ci_low``, ``diff_ci_high``, ``t``,
        ``df``, ``p_value``, ``p_holm`` (Holm within each ``comparison``), ``significant``
        (``p_holm < alpha``), ``mde`` (see Notes), ``exceeds_mde`` (``|difference| >= mde``) and
        ``verdict`` (Dutch, :data:`VERDICTS`). Empty (same columns) when there is nothing to
        compare.

    Notes
    -----
    Welch: ``t = (m_new - m_old) / sqrt(se_new² + se_old²)``, Welch-Satterthwaite df with
    ``n_eff - 1`` (:func:`helpers.stats._compare.welch_test`); the interval of the difference is
    ``± t_{df} sqrt(se_new² + se_old²)``. MDE: :func:`helpers.stats._power.minimum_detectable_difference`
    with ``n = n_eff_prev``, ``ratio = n_eff / n_eff_prev``, no further design effect (the sizes
    are already effective) and the pooled sd ``sqrt(((n_eff_a - 1) s_a² + (n_eff_b - 1) s_b²) /
    (n_eff_a + n_eff_b - 2))``.

    Examples
    --------
    >>> means = pd.DataFrame({"wave": ["2017-Q2", "2017-Q3"], "period": [8069, 8070],
    ...     "organisation": "IND", "n": [150, 160], "n_eff": [140.0, 150.0],
    ...     "mean": [3.7, 3.4], "se": [0.08, 0.08], "sd": [0.95, 0.98]})
    >>> ch = change_tests(means)
    >>> ch[["wave", "difference", "significant", "exceeds_mde"]].round(2).to_dict("list")
    {'wave': ['2017-Q3'], 'difference': [-0.3], 'significant': [True], 'exceeds_mde': [False]}
    """
    from helpers.stats._power import minimum_detectable_difference

    columns = [
        "comparison",
        "organisation",
        "wave",
        "wave_prev",
        "quarters_apart",
        "n",
        "n_prev",
        "n_eff",
        "n_eff_prev",
        "mean",
        "mean_prev",
        "difference",
        "diff_ci_low",
        "diff_ci_high",
        "t",
        "df",
        "p_value",
        "p_holm",
        "significant",
        "mde",
        "exceeds_mde",
        "verdict",
    ]
    parts = []
    for kind in comparisons:
        pairs = _pairs(means, kind)
        pairs = pairs[
            (pairs["n"] >= min_n)
            & (pairs["n_prev"] >= min_n)
            & (pairs["n_eff"] > 2)
            & (pairs["n_eff_prev"] > 2)
        ]
        if pairs.empty:
            continue
        p = pairs.reset_index(drop=True).copy()
        t, df, pval = welch_test(
            p["mean"], p["se"], p["n_eff"], p["mean_prev"], p["se_prev"], p["n_eff_prev"]
        )
        p["comparison"] = kind
        p["quarters_apart"] = (p["period"] - p["period_prev"]).astype(int)
        p["difference"] = p["mean"] - p["mean_prev"]
        se = np.sqrt(p["se"] ** 2 + p["se_prev"] ** 2)
        q = stats.t.ppf(0.5 + level / 2, df)
        p["diff_ci_low"], p["diff_ci_high"] = p["difference"] - q * se, p["difference"] + q * se
        p["t"], p["df"], p["p_value"] = t, df, pval
        p["p_holm"] = holm(pval)
        p["significant"] = p["p_holm"] < alpha
        na, nb = p["n_eff_prev"].to_numpy(float), p["n_eff"].to_numpy(float)
        sd = np.sqrt(((na - 1) * p["sd_prev"] ** 2 + (nb - 1) * p["sd"] ** 2) / (na + nb - 2))
        p["mde"] = np.atleast_1d(
            minimum_detectable_difference(
                na, sd.to_numpy(float), ratio=nb / na, alpha=alpha, power=power
            )
        )
        p["exceeds_mde"] = p["difference"].abs() >= p["mde"]
        p["verdict"] = [
            VERDICTS[(bool(s), bool(e))]
            for s, e in zip(p["significant"], p["exceeds_mde"], strict=True)
        ]
        p["n"], p["n_prev"] = p["n"].astype(int), p["n_prev"].astype(int)
        parts.append(p[columns])
    if not parts:
        return pd.DataFrame(
            {
                c: pd.Series(
                    dtype=object
                    if c in ("comparison", "organisation", "wave", "wave_prev", "verdict")
                    else float
                )
                for c in columns
            }
        )
    out = pd.concat(parts, ignore_index=True)
    out = order_rows(out, ["organisation"])
    order = {k: i for i, k in enumerate(COMPARISONS)}
    out = out.assign(_c=out["comparison"].map(order), _p=out["wave"].map(period_of))
    out = out.sort_values(["_c", "_p"], kind="stable").drop(columns=["_c", "_p"])
    return out.reset_index(drop=True)


def linear_trends(
    means: pd.DataFrame,
    *,
    alpha: float = 0.05,
    min_waves: int = 3,
    min_n: int = 10,
    level: float = 0.95,
) -> pd.DataFrame:
    """Linear trend per quarter over all waves, per organisation (weighted least squares).

    Parameters
    ----------
    means : pandas.DataFrame
        :func:`wave_means` of one target group.
    alpha : float, default 0.05
        Family-wise level of the Holm correction over the organisations.
    min_waves : int, default 3
        Organisations with fewer waves (of at least ``min_n`` raters) get no trend.
    min_n : int, default 10
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        ``organisation``, ``first_wave``, ``last_wave``, ``n_waves``, ``slope`` (change per
        quarter, scale points), ``se``, ``ci_low``, ``ci_high``, ``z``, ``p_value``,
        ``p_holm``, ``significant`` and ``change_total`` (slope × quarters spanned).

    Notes
    -----
    The wave means ``m_t`` are independent with known variances ``se_t²``; the weighted least
    squares slope of ``m_t`` on the quarter ``t`` with weights ``1/se_t²`` is
    ``b = Σ w (t - t̄)(m - m̄) / Σ w (t - t̄)²`` with ``Var(b) = 1 / Σ w (t - t̄)²`` (t̄, m̄
    weighted means; e.g. Draper & Smith 1998 §9.2), tested with z. It assumes the means lie on
    a line up to sampling error (no extra quarter-to-quarter variation), so with few waves it
    is a description of the direction rather than a forecast. The slope uses every wave at
    once and so detects a steady drift that no single wave-on-wave test can.

    Examples
    --------
    >>> m = pd.DataFrame({"wave": ["2017-Q2", "2017-Q3", "2017-Q4"], "organisation": "IND",
    ...                   "n": 150, "mean": [3.7, 3.6, 3.5], "se": [0.05, 0.05, 0.05]})
    >>> linear_trends(m)[["n_waves", "slope", "change_total"]].round(3).to_dict("list")
    {'n_waves': [3], 'slope': [-0.1], 'change_total': [-0.2]}
    """
    cols = [
        "organisation",
        "first_wave",
        "last_wave",
        "n_waves",
        "slope",
        "se",
        "ci_low",
        "ci_high",
        "z",
        "p_value",
        "p_holm",
        "significant",
        "change_total",
    ]
    rows = []
    m = means[(means["n"] >= min_n) & (means["se"] > 0)].copy()
    m["t"] = m["wave"].map(period_of)
    for org, g in m.groupby("organisation", sort=False):
        if len(g) < max(int(min_waves), 2):
            continue
        w = 1.0 / g["se"].to_numpy(float) ** 2
        t = g["t"].to_numpy(float)
        y = g["mean"].to_numpy(float)
        tc = t - np.sum(w * t) / w.sum()
        sxx = np.sum(w * tc**2)
        slope = float(np.sum(w * tc * (y - np.sum(w * y) / w.sum())) / sxx)
        se = float(1 / np.sqrt(sxx))
        q = stats.norm.ppf(0.5 + level / 2)
        z = slope / se
        rows.append(
            {
                "organisation": org,
                "first_wave": wave_of(t.min()),
                "last_wave": wave_of(t.max()),
                "n_waves": len(g),
                "slope": slope,
                "se": se,
                "ci_low": slope - q * se,
                "ci_high": slope + q * se,
                "z": z,
                "p_value": float(2 * stats.norm.sf(abs(z))),
                "change_total": slope * (t.max() - t.min()),
            }
        )
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object if c in cols[:3] else float) for c in cols})
    out = pd.DataFrame(rows)
    out["p_holm"] = holm(out["p_value"])
    out["significant"] = out["p_holm"] < alpha
    return order_rows(out[cols], ["organisation"])


def analyse_trends(
    processed_root: str | Path | None = None,
    *,
    target_groups: Sequence[str] = ("asielzoekers", "ketenpartners"),
    item: str = "totaaloordeel",
    window: int = 4,
    alpha: float = 0.05,
    power: float = 0.8,
    min_n: int = 10,
) -> dict[str, dict]:
    """Everything the trends report shows, per target group.

    Returns
    -------
    dict
        ``{target_group: {"means", "changes", "rolling", "trend", "n_waves"}}`` with
        :func:`wave_means`, :func:`change_tests` (wave on wave and year on year),
        :func:`rolling_means` (``window``) and :func:`linear_trends`. A target group without
        ratings in any wave is left out.
    """
    out: dict[str, dict] = {}
    for tg in target_groups:
        frame = trend_ratings(processed_root, target_group=tg, item=item)
        if frame["value"].notna().sum() == 0:
            continue
        means = wave_means(frame)
        out[tg] = {
            "means": means,
            "changes": change_tests(means, alpha=alpha, power=power, min_n=min_n),
            "rolling": rolling_means(frame, window=window),
            "trend": linear_trends(means, alpha=alpha, min_n=min_n),
            "n_waves": int(frame["wave"].nunique()),
        }
    if not out:
        raise InputError(f"no {item} ratings of {', '.join(target_groups)} in the processed waves")
    return out


# --------------------------------------------------------------------------------------------
# tables for the report (numbers kept; pass them through helpers.privacy._disclosure.protect_table)


#: Dutch headers of the report tables (``rename`` of ``helpers.privacy._disclosure.style_table``).
COLUMNS_NL: dict[str, str] = {
    "target_group": "Doelgroep",
    "organisation": "Organisatie",
    "wave": "Golf",
    "wave_prev": "Vergeleken met",
    "comparison": "Vergelijking",
    "first_wave": "Van",
    "last_wave": "Tot en met",
    "n": "n",
    "n_min": "n (kleinste)",
    "n_eff": "effectieve n",
    "n_waves": "golven",
    "mean": "gemiddelde",
    "mean_prev": "vorige golf",
    "ci_low": "95%-interval van",
    "ci_high": "95%-interval tot",
    "difference": "verschil",
    "diff_ci_low": "verschil van",
    "diff_ci_high": "verschil tot",
    "p_value": "p",
    "p_holm": "p (Holm)",
    "significant": "significant",
    "mde": "aantoonbaar verschil (MDE)",
    "exceeds_mde": "groter dan MDE",
    "verdict": "oordeel",
    "slope": "per kwartaal",
    "change_total": "over de hele periode",
}
#: Decimals per column (``decimals`` of ``style_table``).
DECIMALS: dict[str, int] = {
    "n": 0,
    "n_min": 0,
    "n_eff": 0,
    "n_waves": 0,
    "mean": 2,
    "mean_prev": 2,
    "ci_low": 2,
    "ci_high": 2,
    "difference": 2,
    "diff_ci_low": 2,
    "diff_ci_high": 2,
    "p_value": 3,
    "p_holm": 3,
    "mde": 2,
    "slope": 3,
    "change_total": 2,
}


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
    difference (``diff_ci_low``, ``diff_ci_high``) for :func:`helpers.report._trends_plots.
    plot_changes`."""
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
    out["comparison"] = t["comparison"].map(COMPARISONS)
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
    """Linear trends of all target groups (no respondent cells: no base column)."""
    t = _stack(results, "trend")
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


def value_labels(results: dict[str, dict]) -> dict[str, dict]:
    """Display labels of the codes in the report tables (``labels`` of ``style_table``)."""
    from helpers.codebook import load_codebook

    cb = load_codebook()
    waves = set()
    orgs = set()
    for r in results.values():
        waves |= set(r["means"]["wave"])
        orgs |= set(r["means"]["organisation"])
    periods = [period_of(w) for w in waves]
    span = range(min(periods) - 4, max(periods) + 1) if periods else range(0)
    wave_labels = {wave_of(p): wave_label(wave_of(p)) for p in span}
    return {
        "target_group": {tg: cb.label(tg) for tg in results},
        "organisation": {o: cb.label(o) for o in orgs},
        "wave": wave_labels,
        "wave_prev": wave_labels,
        "first_wave": wave_labels,
        "last_wave": wave_labels,
    }


def overview_nl(results: dict[str, dict]) -> str:
    """Which waves were processed, and what that allows (Dutch, Markdown)."""
    from helpers.codebook import load_codebook
    from helpers.privacy import format_number as f

    cb = load_codebook()
    waves = sorted({w for r in results.values() for w in r["means"]["wave"]}, key=period_of)
    labels = [wave_label(w) for w in waves]
    if len(waves) == 1:
        head = (
            f"Er is één golf verwerkt ({labels[0]}). Deze rapportage toont alleen die golf; "
            "veranderingen en trends kunnen pas getoetst worden als er een tweede golf is."
        )
    else:
        periods = [period_of(w) for w in waves]
        gaps = [
            wave_label(wave_of(p)) for p in range(periods[0], periods[-1] + 1) if p not in periods
        ]
        head = (
            f"Er zijn {len(waves)} golven verwerkt: {', '.join(labels[:-1])} en "
            f"{labels[-1]}." + (f" Ontbrekende kwartalen: {', '.join(gaps)}." if gaps else "")
        )
    lines = [head, ""]
    for tg, r in results.items():
        n = r["means"]["n"]
        lines.append(
            f"- {cb.label(tg)}: {f(n.min(), 0)} tot {f(n.max(), 0)} beoordelaars "
            "per golf en organisatie."
        )
    return "\n".join(lines)


def trend_view(results: dict[str, dict]) -> pd.DataFrame:
    """:func:`trend_table` as a Dutch display table (strings)."""
    from helpers.privacy import format_number as f

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
            "95%-interval": [
                f"{f(a, 3)} tot {f(b, 3)}" for a, b in zip(t["ci_low"], t["ci_high"], strict=True)
            ],
            "over de hele periode": [f(v, 2) for v in t["change_total"]],
            "p (Holm)": [_p(v) for v in t["p_holm"]],
            "significant": t["significant"].tolist(),
        }
    )


def changes_note_nl(results: dict[str, dict]) -> str:
    """One Dutch sentence per target group on how many tests were done (Markdown)."""
    from helpers.codebook import load_codebook

    cb = load_codebook()
    lines = []
    for tg, r in results.items():
        ch = r["changes"]
        if ch.empty:
            why = (
                "er is maar één golf verwerkt"
                if r["n_waves"] == 1
                else "er zijn geen golven om te vergelijken"
            )
            lines.append(f"- {cb.label(tg)}: geen toetsen, {why}.")
            continue
        counts = ch.groupby("comparison").size()
        parts = [f"{int(counts.get(k, 0))} {v}" for k, v in COMPARISONS.items()]
        yoy = (
            ""
            if counts.get("year_on_year", 0)
            else " (jaar op jaar kan pas als hetzelfde kwartaal een jaar eerder is verwerkt)"
        )
        lines.append(
            f"- {cb.label(tg)}: {' en '.join(parts)} toetsen{yoy}; "
            f"{int(ch['significant'].sum())} significant na Holm."
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# words and key figures


def _p(p: float) -> str:
    """A p-value in Dutch: three decimals, or "< 0,001"."""
    from helpers.privacy import format_number

    return "< 0,001" if p < 0.001 else format_number(p, 3)


_ORG_PHRASE = {"IND": "de IND", "COA": "het COA", "DTV": "de DT&V", "keten": "de keten als geheel"}


def changes_summary_nl(
    changes: pd.DataFrame, *, target_group_label: str = "", n_waves: int | None = None
) -> str:
    """The significant changes in Dutch sentences (Markdown).

    Parameters
    ----------
    changes : pandas.DataFrame
        :func:`change_tests` of one target group.
    target_group_label : str
        E.g. "Asielzoekers" (starts each paragraph).
    n_waves : int, optional
        Number of processed waves (to say why nothing could be tested).

    Examples
    --------
    >>> ch = pd.DataFrame({"comparison": ["wave_on_wave"], "organisation": ["IND"],
    ...     "wave": ["2017-Q3"], "wave_prev": ["2017-Q2"], "mean": [3.4], "mean_prev": [3.7],
    ...     "difference": [-0.3], "p_holm": [0.01], "significant": [True], "mde": [0.28],
    ...     "exceeds_mde": [True]})
    >>> print(changes_summary_nl(ch))
    - Het oordeel over de IND daalde van 2017 K2 op 2017 K3 van 3,70 naar 3,40 (−0,30 punt; p na Holm 0,010); groter dan het kleinste aantoonbare verschil van 0,28 punt.
    """  # noqa: E501
    from helpers.privacy import format_number as f

    head = f"**{target_group_label}.** " if target_group_label else ""
    if changes.empty:
        why = (
            "er is maar één golf verwerkt"
            if n_waves == 1
            else "er zijn geen golven met genoeg beoordelaars om te vergelijken"
        )
        return f"{head}Veranderingen kunnen nog niet getoetst worden: {why}."
    sig = changes[changes["significant"]]
    n_tests = len(changes)
    if sig.empty:
        return (
            f"{head}Geen van de {n_tests} getoetste veranderingen is significant na "
            "Holm-correctie: de verschillen tussen de golven vallen binnen de "
            "meetonzekerheid."
        )
    lines = (
        [
            f"{head}{len(sig)} van de {n_tests} getoetste veranderingen "
            f"{'is' if len(sig) == 1 else 'zijn'} significant na Holm-correctie:"
        ]
        if head
        else []
    )
    for r in sig.itertuples():
        verb = "steeg" if r.difference > 0 else "daalde"
        kind = "" if r.comparison == "wave_on_wave" else " (jaar op jaar)"
        size = (
            "groter dan het kleinste aantoonbare verschil"
            if r.exceeds_mde
            else "kleiner dan het verschil dat de steekproef betrouwbaar aantoont"
        )
        diff = f(r.difference, 2).replace("-", "−")
        lines.append(
            f"- Het oordeel over {_ORG_PHRASE.get(r.organisation, r.organisation)} {verb}"
            f"{kind} van {wave_label(r.wave_prev)} op {wave_label(r.wave)} van "
            f"{f(r.mean_prev, 2)} naar {f(r.mean, 2)} ({'+' if r.difference > 0 else ''}"
            f"{diff} punt; p na Holm {_p(r.p_holm)}); {size} van {f(r.mde, 2)} punt."
        )
    return "\n".join(lines)


def summary_nl(results: dict[str, dict]) -> str:
    """The Dutch summary of the trends report: per target group the significant changes
    (:func:`changes_summary_nl`), the linear trends and the latest complete rolling mean."""
    from helpers.codebook import load_codebook
    from helpers.privacy import format_number as f

    cb = load_codebook()
    blocks = []
    for tg, r in results.items():
        lines = [
            changes_summary_nl(r["changes"], target_group_label=cb.label(tg), n_waves=r["n_waves"])
        ]
        trend = r["trend"]
        for t in trend[trend["significant"].astype(bool)].itertuples() if len(trend) else []:
            verb = "steeg" if t.slope > 0 else "daalde"
            lines.append(
                f"- Over {t.n_waves} golven ({wave_label(t.first_wave)} tot en met "
                f"{wave_label(t.last_wave)}) {verb} het oordeel over "
                f"{_ORG_PHRASE.get(t.organisation, t.organisation)} gestaag: "
                f"{f(abs(t.slope), 2)} punt per kwartaal, samen "
                f"{f(abs(t.change_total), 2)} punt (lineaire trend, p na Holm "
                f"{_p(t.p_holm)})."
            )
        if len(trend) and not trend["significant"].astype(bool).any():
            lines.append("- Er is geen significante lineaire trend over de golven.")
        done = r["rolling"][r["rolling"]["complete"]]
        if len(done):
            last = done[done["period"] == done["period"].max()]
            parts = [f"{cb.label(x.organisation)} {f(x.mean, 2)}" for x in last.itertuples()]
            lines.append(
                f"- Gemiddeld over de laatste {int(last['window'].iloc[0])} kwartalen "
                f"({wave_label(last['first_wave'].iloc[0])} tot en met "
                f"{wave_label(last['wave'].iloc[0])}): {', '.join(parts)}."
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def trends_key_figures(results: dict[str, dict]) -> dict:
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
        linear trend); per organisation ``slope_<tg>_<org>``, ``mean_<tg>_<org>_<wave>`` and
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
        trend = res.get("trend")
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
