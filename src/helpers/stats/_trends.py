"""Trends across waves: mean judgement per wave, change tests, pooled rolling means, MDE flags.

Every processed wave is a quarter (wave id ``YYYY-Qn``); the caller reads the waves (the report
layer, through :class:`helpers.data.Wave`) and passes their tables in. Per target group and
organisation this module computes

* the weighted mean overall judgement (``totaaloordeel``) per wave with its 95% interval, from
  :func:`helpers.stats._estimates.summarise_ratings` (design-based with the Kish effective sample
  size ``n_eff``: ``se² = s_w² / (n_eff - 1)``, a t interval);
* change tests: *wave on wave* (each wave against the previous processed wave) and *year on year*
  (against the same quarter a year earlier, when that wave was processed). The waves are
  independent samples, so the difference of two means is tested with Welch's t-test on the two
  design-based standard errors and the Welch-Satterthwaite degrees of freedom with ``n_eff - 1``
  (:func:`helpers.stats._compare.welch_test`). The tests of one kind shown together (all
  organisations and wave pairs of a target group) form one family and get Holm's (1979) correction
  (:func:`helpers.stats._compare.holm`);
* the *minimum detectable difference* (MDE) of each comparison: the change that a two-sample
  t-test with these effective sizes and the pooled sd detects with the planned power
  (:func:`helpers.stats._power.minimum_detectable_difference`, at the nominal α). A change larger
  than the MDE is one the design is built to see; a significant change smaller than the MDE was
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
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers.errors import InputError
from helpers.stats._compare import holm, welch_test
from helpers.stats._estimates import join_ratings, order_rows, summarise_ratings
from helpers.stats._power import minimum_detectable_difference

__all__ = [
    "CHANGE_COMPARISONS",
    "CHANGE_VERDICTS",
    "analyse_trends",
    "change_tests",
    "linear_trends",
    "parse_wave",
    "period_of",
    "rolling_means",
    "trend_ratings",
    "wave_means",
    "wave_of",
]

_WAVE = re.compile(r"^(\d{4})-Q([1-4])$")
#: Comparison kinds of :func:`change_tests`, in the order they are shown.
CHANGE_COMPARISONS: tuple[str, ...] = ("wave_on_wave", "year_on_year")
#: Verdict codes of :func:`change_tests` by (significant?, larger than the MDE?).
CHANGE_VERDICTS: dict[tuple[bool, bool], str] = {
    (True, True): "significant_exceeds_mde",
    (True, False): "significant_below_mde",
    (False, True): "large_not_significant",
    (False, False): "within_uncertainty",
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


# --------------------------------------------------------------------------------------------
# data


def trend_ratings(
    tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]],
    *,
    target_group: str,
    item: str = "totaaloordeel",
) -> pd.DataFrame:
    """The ratings of one item of every wave, with weights, as one long table.

    Parameters
    ----------
    tables : mapping of str to (DataFrame, DataFrame)
        Per wave id ``(respondents, ratings)``: the processed tables of the wave
        (:attr:`helpers.data.Wave.respondents`, :attr:`helpers.data.Wave.ratings`).
    target_group : str
    item : str, default "totaaloordeel"

    Returns
    -------
    pandas.DataFrame
        ``wave``, ``period``, ``respondent_id`` (prefixed with the wave, so ids may repeat
        across waves), ``organisation``, ``value``, ``weight``; waves in time order.

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": ["a"], "target_group": "asielzoekers",
    ...                      "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": ["a"], "target_group": "asielzoekers",
    ...                     "organisation": "IND", "item": "totaaloordeel", "value": [4.0]})
    >>> trend_ratings({"2017-Q2": (resp, rat)}, target_group="asielzoekers")["respondent_id"][0]
    '2017-Q2/a'
    """
    if not tables:
        raise InputError("no processed waves: run the cleaning first")
    parts = []
    for wave in sorted(tables, key=period_of):
        respondents, ratings = tables[wave]
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
    (:func:`helpers.stats.continuous_measurement_plan` shows what they can detect).

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
    raise InputError(f"unknown comparison {kind!r} (choose {', '.join(CHANGE_COMPARISONS)})")


def change_tests(
    means: pd.DataFrame,
    *,
    comparisons: Sequence[str] = CHANGE_COMPARISONS,
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
        ``verdict`` (a code of :data:`CHANGE_VERDICTS`). Empty (same columns) when there is
        nothing to compare.

    Notes
    -----
    Welch: ``t = (m_new - m_old) / sqrt(se_new² + se_old²)``, Welch-Satterthwaite df with
    ``n_eff - 1`` (:func:`helpers.stats._compare.welch_test`); the interval of the difference is
    ``± t_{df} sqrt(se_new² + se_old²)``. MDE:
    :func:`helpers.stats._power.minimum_detectable_difference` with ``n = n_eff_prev``,
    ``ratio = n_eff / n_eff_prev``, no further design effect (the sizes are already effective)
    and the pooled sd ``sqrt(((n_eff_a - 1) s_a² + (n_eff_b - 1) s_b²) / (n_eff_a + n_eff_b - 2))``.

    Examples
    --------
    >>> means = pd.DataFrame({"wave": ["2017-Q2", "2017-Q3"], "period": [8069, 8070],
    ...     "organisation": "IND", "n": [150, 160], "n_eff": [140.0, 150.0],
    ...     "mean": [3.7, 3.4], "se": [0.08, 0.08], "sd": [0.95, 0.98]})
    >>> ch = change_tests(means)
    >>> ch[["wave", "difference", "significant", "exceeds_mde"]].round(2).to_dict("list")
    {'wave': ['2017-Q3'], 'difference': [-0.3], 'significant': [True], 'exceeds_mde': [False]}
    """

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
            CHANGE_VERDICTS[(bool(s), bool(e))]
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
    order = {k: i for i, k in enumerate(CHANGE_COMPARISONS)}
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
    tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]],
    *,
    target_groups: Sequence[str] = ("asielzoekers", "ketenpartners"),
    item: str = "totaaloordeel",
    window: int = 4,
    alpha: float = 0.05,
    power: float = 0.8,
    min_n: int = 10,
) -> dict[str, dict]:
    """Everything the trends report shows, per target group.

    Parameters
    ----------
    tables : mapping of str to (DataFrame, DataFrame)
        Per wave id ``(respondents, ratings)`` (see :func:`trend_ratings`).
    target_groups, item, window, alpha, power, min_n
        See :func:`trend_ratings`, :func:`rolling_means`, :func:`change_tests`.

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
        frame = trend_ratings(tables, target_group=tg, item=item)
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
