"""Trends across waves: design-based means per wave, change tests, pooled rolling means, MDE flags.

Every processed wave is a quarter (wave id ``YYYY-Qn``); the caller reads the waves (the report
layer, through :class:`helpers.data.Wave`) and passes their tables and declared sampling designs
in. Per target group and organisation this module computes

* the weighted mean overall judgement (``totaaloordeel``) per wave with its design-based
  standard error and 95% interval: :func:`helpers.stats.survey_estimate` on the wave's design
  (the cluster that ``wave.yml`` declares, e.g. the reception centre of asylum seekers, as
  primary sampling unit; Taylor linearisation, t on the design degrees of freedom; Lumley 2010,
  Wolter 2007). The organisation's raters are a domain of the target group's respondents, as R's
  ``svymean(~y, svydesign(ids=~azc, weights=~weight, data=...), na.rm=TRUE)``;
* change tests: *wave on wave* (each wave against the previous processed wave) and *year on year*
  (against the same quarter a year earlier, when that wave was processed). Waves whose clusters
  are drawn afresh are independent samples: the variances add and so do the degrees of freedom
  (:func:`helpers.stats.change_test`). Where a wave declares that it revisits the clusters of the
  previous wave (``fresh_clusters: false``), the two waves are stacked into one design with the
  shared cluster as primary sampling unit, and the linearised covariance of the two means enters
  the variance of the difference (``Var(b - a) = V_aa + V_bb - 2 V_ab``, R's ``svycontrast`` on
  ``svyby(..., covmat=TRUE)``). Holm's (1979) correction is applied per *reporting wave*: the
  comparisons of one kind that end in the same wave (all organisations of the target group) form
  one family, so adding a later wave never changes the p-value or the verdict of a wave already
  published;
* the *minimum detectable difference* (MDE) of each comparison: the change that a two-sample
  t-test with the design effective sizes and the pooled sd detects with the planned power
  (:func:`helpers.stats.minimum_detectable_difference`, at the nominal α). A change larger than
  the MDE is one the design is built to see; a significant change smaller than the MDE was
  detected with less than the planned power (it may well be real, but its size is probably
  overstated: the "winner's curse", Gelman & Carlin 2014);
* pooled rolling estimates: the mean over the respondents of the last ``w`` quarters (e.g. 4),
  as one pooled sample with the weights as delivered (mean 1 per wave, so each quarter counts in
  proportion to its respondents), design-based with each wave (or each run of waves sharing
  clusters) as a stratum;
* the linear trend over the waves up to each reporting wave: weighted least squares of the wave
  means on the quarter with weights ``1/se²`` and an estimated scale (the dispersion of the means
  around the line), t on ``k - 2`` df, Holm per reporting wave (:func:`linear_trends`).

Assumptions: the respondents of each wave are a fresh sample (no panel); the clusters are fresh
unless ``wave.yml`` says otherwise; no finite-population correction (the population number of
reception centres is not known, so the intervals err on the wide side where ``wave.yml`` asks for
one).

References
----------
Gelman, A. & Carlin, J. (2014). Beyond power calculations: assessing type S (sign) and type M
(magnitude) errors. *Perspectives on Psychological Science* 9(6), 641-651.
Draper, N. R. & Smith, H. (1998). *Applied Regression Analysis*, 3rd ed. Wiley, ch. 9.
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal
of Statistics* 6(2), 65-70.
Knapp, G. & Hartung, J. (2003). Improved tests for a random effects meta-regression with a
single covariate. *Statistics in Medicine* 22(17), 2693-2710.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats._compare import holm
from helpers.stats._design import SurveyDesign
from helpers.stats._distributions import t_ppf, t_sf
from helpers.stats._estimates import join_ratings, order_rows
from helpers.stats._power import minimum_detectable_difference
from helpers.stats._survey import change_test, survey_estimate

__all__ = [
    "CHANGE_COMPARISONS",
    "CHANGE_SAMPLES",
    "CHANGE_VERDICTS",
    "analyse_trends",
    "TREND_COLUMNS",
    "TREND_REASONS",
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
#: How the two waves of a change relate (column ``samples`` of :func:`change_tests`).
CHANGE_SAMPLES: tuple[str, ...] = ("independent", "shared_clusters")
#: Verdict codes of :func:`change_tests` by (significant?, larger than the MDE?).
CHANGE_VERDICTS: dict[tuple[bool, bool], str] = {
    (True, True): "significant_exceeds_mde",
    (True, False): "significant_below_mde",
    (False, True): "large_not_significant",
    (False, False): "within_uncertainty",
}

#: Why a trend row carries no test (column ``reason``; empty when tested).
TREND_REASONS: tuple[str, ...] = ("too_few_waves",)
#: Columns of :func:`linear_trends`.
TREND_COLUMNS: tuple[str, ...] = (
    "organisation",
    "first_wave",
    "last_wave",
    "n_waves",
    "slope",
    "se",
    "ci_low",
    "ci_high",
    "t",
    "df",
    "scale",
    "p_value",
    "p_holm",
    "significant",
    "change_total",
    "reason",
)


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


def _declared(designs, wave: str, target_group: str) -> tuple[str | None, bool]:
    """(cluster column or None, clusters drawn afresh?) that ``designs`` declares for a wave."""
    if designs is None:
        return None, True
    if wave not in designs:
        raise InputError(f"no sampling design given for wave {wave}")
    per_group = designs[wave]
    if target_group not in per_group:
        raise InputError(f"wave {wave}: no sampling design given for {target_group}")
    spec = per_group[target_group]
    return getattr(spec, "cluster", None), bool(getattr(spec, "fresh_clusters", True))


def trend_ratings(
    tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]],
    *,
    target_group: str,
    item: str = "totaaloordeel",
    designs: Mapping[str, Mapping] | None = None,
) -> pd.DataFrame:
    """The design and the ratings of one item of every wave, as one long table.

    Parameters
    ----------
    tables : mapping of str to (DataFrame, DataFrame)
        Per wave id ``(respondents, ratings)``: the processed tables of the wave
        (:attr:`helpers.data.Wave.respondents`, :attr:`helpers.data.Wave.ratings`).
    target_group : str
    item : str, default "totaaloordeel"
    designs : mapping, optional
        Per wave id, per target group, the declared sampling design: an object with the
        attributes ``cluster`` (the respondents' column of the primary sampling unit, or None)
        and ``fresh_clusters`` (bool), as :attr:`helpers.data.Wave.design`. ``None``: no
        clusters (every respondent is sampled on its own).

    Returns
    -------
    pandas.DataFrame
        One row per respondent of the target group and organisation rated in any wave:
        ``wave``, ``period``, ``chain`` (the first wave of the run of waves that share their
        clusters; the wave itself when its clusters are fresh), ``respondent_id`` (prefixed with
        the wave, so ids may repeat across waves), ``psu`` (the cluster label; the respondent
        when there are no clusters or its cluster is unknown), ``organisation``, ``value`` (NaN
        when the respondent did not rate the organisation: the raters are a domain of the
        design) and ``weight``; waves in time order.

    Raises
    ------
    InputError
        No waves, a wave without a declared design, a declared cluster column that the
        respondents lack, ratings of unknown respondents, a respondent rating an organisation
        twice, bad weights.

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": ["a", "b"], "target_group": "asielzoekers",
    ...                      "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": ["a"], "target_group": "asielzoekers",
    ...                     "organisation": "IND", "item": "totaaloordeel", "value": [4.0]})
    >>> f = trend_ratings({"2017-Q2": (resp, rat)}, target_group="asielzoekers")
    >>> f[["respondent_id", "psu", "value"]].to_dict("list")
    {'respondent_id': ['2017-Q2/a', '2017-Q2/b'], 'psu': ['2017-Q2/a', '2017-Q2/b'], 'value': [4.0, nan]}
    """  # noqa: E501
    if not tables:
        raise InputError("no processed waves: run the cleaning first")
    units, rated = [], []
    chain, previous = "", None
    for wave in sorted(tables, key=period_of):
        respondents, ratings = tables[wave]
        cluster, fresh = _declared(designs, wave, target_group)
        resp = respondents[respondents["target_group"] == target_group]
        sel = ratings[(ratings["target_group"] == target_group) & (ratings["item"] == item)]
        joined = join_ratings(sel[["respondent_id", "organisation", "value"]], resp)
        if cluster is not None and cluster not in resp.columns:
            raise InputError(f"wave {wave}: the design's cluster column {cluster!r} is missing")
        if cluster is None or fresh or previous != cluster:
            chain = wave
        previous = cluster
        ids = wave + "/" + resp["respondent_id"].astype(str)
        if cluster is None:
            psu = ids
        else:  # a respondent without a known cluster is a cluster of its own
            psu = resp[cluster].astype(object).where(resp[cluster].notna(), "\x00" + ids)
            psu = psu.astype(str)
        units.append(
            pd.DataFrame(
                {
                    "wave": wave,
                    "period": period_of(wave),
                    "chain": chain,
                    "respondent_id": ids.to_numpy(),
                    "psu": psu.to_numpy(),
                    "weight": pd.to_numeric(resp["weight"], errors="coerce").to_numpy(float),
                }
            )
        )
        joined["respondent_id"] = wave + "/" + joined["respondent_id"].astype(str)
        rated.append(joined[["respondent_id", "organisation", "value"]])
    unit = pd.concat(units, ignore_index=True)
    values = pd.concat(rated, ignore_index=True)
    orgs = pd.DataFrame({"organisation": pd.unique(values["organisation"])})
    try:
        out = unit.merge(orgs, how="cross").merge(
            values, on=["respondent_id", "organisation"], how="left", validate="one_to_one"
        )
    except pd.errors.MergeError:
        raise InputError(f"a respondent rates an organisation twice on {item}") from None
    cols = ["wave", "period", "chain", "respondent_id", "psu", "organisation", "value", "weight"]
    return out[cols]


def _design_means(frame: pd.DataFrame, by: str, strata, level: float) -> pd.DataFrame:
    """:func:`survey_estimate` of the mean per organisation, ``by`` as domains."""
    parts = []
    for org, sub in frame.groupby("organisation", sort=False):
        try:
            design = SurveyDesign.from_arrays(
                sub["weight"].to_numpy(float), cluster=sub["psu"].to_numpy(), strata=strata(sub)
            )
        except InputError as err:  # e.g. a wave whose respondents are all in one cluster
            raise InputError(f"ratings of {org}: {err}") from None
        est = survey_estimate(
            sub["value"].to_numpy(float),
            design,
            "mean",
            by=sub[by].reset_index(drop=True),
            level=level,
        )
        parts.append(est.table.rename(columns={"estimate": "mean"}).assign(organisation=org))
    out = pd.concat(parts, ignore_index=True)
    return out[out["n"] > 0]


def wave_means(frame: pd.DataFrame, *, level: float = 0.95) -> pd.DataFrame:
    """Design-based weighted mean per wave and organisation with its interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`trend_ratings`.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        ``wave``, ``period``, ``chain``, ``organisation``, ``n`` (raters), ``n_eff`` (design
        effective n, ``n / deff``), ``mean``, ``se``, ``ci_low``, ``ci_high``, ``deff``, ``df``
        (clusters, or respondents, with a rater, minus one) and ``sd`` (the weighted sd
        ``se · sqrt(n_eff)``, i.e. ``sqrt(n/(n-1) Σ w (y - ȳ)² / Σ w)``), ordered by wave and
        organisation; waves without raters of an organisation are left out.

    Notes
    -----
    The waves are stacked as strata, each with its own clusters, so every row is exactly the
    estimate of its wave alone (:func:`helpers.stats.survey_estimate`): R's
    ``svymean(~y, svydesign(ids=~azc, weights=~weight, data=wave), na.rm=TRUE)``.

    Examples
    --------
    >>> f = pd.DataFrame({"wave": ["2017-Q2"] * 3, "chain": "2017-Q2", "psu": ["a", "b", "c"],
    ...                   "organisation": "IND", "value": [3.0, 4.0, 5.0], "weight": 1.0})
    >>> wave_means(f)[["wave", "n", "mean", "se", "df"]].round(3).to_dict("list")
    {'wave': ['2017-Q2'], 'n': [3], 'mean': [4.0], 'se': [0.577], 'df': [2]}
    """
    if frame.empty:
        raise InputError("no ratings to summarise")
    out = _design_means(frame, "wave", lambda sub: sub["wave"].to_numpy(), level)
    chains = frame.drop_duplicates("wave").set_index("wave")["chain"]
    out.insert(1, "period", out["wave"].map(period_of))
    out.insert(2, "chain", out["wave"].map(chains))
    out["sd"] = out["se"] * np.sqrt(out["n_eff"])
    out = order_rows(out, ["organisation"])
    cols = ["wave", "period", "chain", "organisation", "n", "n_eff", "mean", "se"]
    cols += ["ci_low", "ci_high", "deff", "df", "sd"]
    return out.sort_values(["period"], kind="stable").reset_index(drop=True)[cols]


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
        in it), ``complete`` (all ``window`` quarters present), ``n``, ``n_eff``, ``mean``,
        ``se``, ``ci_low``, ``ci_high``, ``deff`` and ``df``.

    Notes
    -----
    The respondents of the window are one pooled sample; the weights are those of their waves
    (mean 1 within each wave), so a quarter counts in proportion to its respondents. The design
    is stratified by wave (by run of waves, where waves share their clusters) with the clusters
    as primary sampling units: R's ``svymean`` on ``svydesign(ids=~azc, strata=~chain,
    weights=~weight, nest=TRUE)`` of the pooled respondents. A quarter's respondents enter
    ``window`` consecutive estimates, so successive rolling means are correlated and must not be
    tested against each other as if independent (:func:`helpers.stats.
    continuous_measurement_plan` shows what they can detect).

    Examples
    --------
    >>> f = pd.DataFrame({"wave": ["2017-Q2"] * 2 + ["2017-Q3"] * 2,
    ...                   "chain": ["2017-Q2"] * 2 + ["2017-Q3"] * 2, "psu": list("abcd"),
    ...                   "organisation": "IND", "value": [3.0, 4.0, 4.0, 5.0], "weight": 1.0})
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
    out = _design_means(
        stacked, "end", lambda sub: sub["end"].astype(str) + "|" + sub["chain"].astype(str), level
    )
    present = stacked[stacked["value"].notna()].groupby(["end", "organisation"])["period"]
    keys = list(zip(out["end"], out["organisation"], strict=True))
    counts, first = present.nunique(), present.min()
    out.insert(0, "wave", out["end"].map(wave_of))
    out.insert(1, "period", out["end"].astype(int))
    out.insert(2, "window", window)
    out.insert(3, "first_wave", [wave_of(first[k]) for k in keys])
    out.insert(4, "n_waves", [int(counts[k]) for k in keys])
    out.insert(5, "complete", out["n_waves"] == window)
    out = order_rows(out, ["organisation"])
    cols = ["wave", "period", "organisation", "window", "first_wave", "n_waves", "complete"]
    cols += ["n", "n_eff", "mean", "se", "ci_low", "ci_high", "deff", "df"]
    return out.sort_values("period", kind="stable").reset_index(drop=True)[cols]


# --------------------------------------------------------------------------------------------
# change tests


def _pairs(means: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The (new, old) rows to compare per organisation."""
    cols = ["wave", "period", "chain", "organisation", "n", "n_eff", "mean", "se", "df", "sd"]
    missing = [c for c in cols if c not in means.columns]
    if missing:
        raise InputError(f"means lack column(s) {missing} (use wave_means)")
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


def _shared_cluster_change(frame: pd.DataFrame | None, org: str, old: str, new: str) -> tuple:
    """Difference new - old, its SE, df and p from the two waves stacked on shared clusters."""
    if frame is None:
        raise InputError(
            f"waves {old} and {new} share their clusters: the change test needs the "
            "respondent table (frame) for their covariance"
        )
    sub = frame[(frame["organisation"] == org) & frame["wave"].isin([old, new])]
    design = SurveyDesign.from_arrays(
        sub["weight"].to_numpy(float), cluster=sub["psu"].to_numpy(), strata=sub["chain"].to_numpy()
    )
    est = survey_estimate(sub["value"].to_numpy(float), design, by=sub["wave"].to_numpy())
    d = est.differences().iloc[0]  # group_a is the earlier wave (wave ids sort in time)
    return -d["difference"], d["se"], d["df"], d["p"]


def change_tests(
    means: pd.DataFrame,
    *,
    frame: pd.DataFrame | None = None,
    comparisons: Sequence[str] = CHANGE_COMPARISONS,
    alpha: float = 0.05,
    power: float = 0.8,
    min_n: int = 10,
    level: float = 0.95,
) -> pd.DataFrame:
    """Wave-on-wave and year-on-year change tests with Holm per reporting wave and MDE flags.

    Parameters
    ----------
    means : pandas.DataFrame
        :func:`wave_means` of one target group.
    frame : pandas.DataFrame, optional
        :func:`trend_ratings` behind ``means``; needed only for waves that share their clusters
        (same ``chain``).
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
        ``quarters_apart``, ``samples`` (a code of :data:`CHANGE_SAMPLES`), ``n``, ``n_prev``,
        ``n_eff``, ``n_eff_prev``, ``mean``, ``mean_prev``, ``difference`` (new - old),
        ``diff_se``, ``diff_ci_low``, ``diff_ci_high``, ``t``, ``df``, ``p_value``, ``p_holm``
        (Holm within the comparisons of one kind that end in the same wave), ``significant``
        (``p_holm < alpha``), ``mde`` (see Notes), ``exceeds_mde`` (``|difference| >= mde``)
        and ``verdict`` (a code of :data:`CHANGE_VERDICTS`). Empty (same columns) when there is
        nothing to compare.

    Notes
    -----
    Independent waves (fresh clusters, or no clusters): ``t = (m_new - m_old) / sqrt(se_new² +
    se_old²)`` on ``df_new + df_old`` degrees of freedom (:func:`helpers.stats.change_test`; the
    stacked design with the wave as stratum). Waves sharing their clusters: the linearised
    variance of the difference in the stacked design with the cluster as primary sampling
    unit, ``V_aa + V_bb - 2 V_ab``, on the stacked design's df
    (:meth:`helpers.stats.SurveyEstimates.differences`). The interval of the difference is
    ``± t_{df} diff_se``.

    Holm's family is the set of comparisons of one kind that *end* in the same wave: a wave's
    p-values are adjusted once, when it is reported, and stay as published when later waves
    come in.

    MDE: :func:`helpers.stats.minimum_detectable_difference` with ``n = n_eff_prev``,
    ``ratio = n_eff / n_eff_prev`` (design effective sizes, so no further design effect) and
    the pooled sd ``sqrt(((n_eff_a - 1) s_a² + (n_eff_b - 1) s_b²) / (n_eff_a + n_eff_b - 2))``;
    for waves sharing clusters it ignores their (positive) covariance, so it errs on the large
    side.

    Examples
    --------
    >>> means = pd.DataFrame({"wave": ["2017-Q2", "2017-Q3"], "period": [8069, 8070],
    ...     "chain": ["2017-Q2", "2017-Q3"], "organisation": "IND", "n": [150, 160],
    ...     "n_eff": [140.0, 150.0], "mean": [3.7, 3.4], "se": [0.08, 0.08], "df": [30, 30],
    ...     "sd": [0.95, 0.98]})
    >>> ch = change_tests(means)
    >>> ch[["wave", "difference", "df", "significant", "exceeds_mde"]].round(2).to_dict("list")
    {'wave': ['2017-Q3'], 'difference': [-0.3], 'df': [60.0], 'significant': [True], 'exceeds_mde': [False]}
    """  # noqa: E501
    columns = [
        "comparison",
        "organisation",
        "wave",
        "wave_prev",
        "quarters_apart",
        "samples",
        "n",
        "n_prev",
        "n_eff",
        "n_eff_prev",
        "mean",
        "mean_prev",
        "difference",
        "diff_se",
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
            & (pairs["se"] > 0)
            & (pairs["se_prev"] > 0)
            & (pairs["df"] >= 1)
            & (pairs["df_prev"] >= 1)
            & (pairs["n_eff"] > 2)
            & (pairs["n_eff_prev"] > 2)
        ]
        if pairs.empty:
            continue
        p = pairs.reset_index(drop=True).copy()
        res = change_test(p["mean_prev"], p["se_prev"], p["df_prev"], p["mean"], p["se"], p["df"])
        diff, se, df, pval = (np.array(v, dtype=float, ndmin=1) for v in res)
        shared = (p["chain"] == p["chain_prev"]).to_numpy()
        for i in np.flatnonzero(shared):
            diff[i], se[i], df[i], pval[i] = _shared_cluster_change(
                frame, p.at[i, "organisation"], p.at[i, "wave_prev"], p.at[i, "wave"]
            )
        p["comparison"] = kind
        p["quarters_apart"] = (p["period"] - p["period_prev"]).astype(int)
        p["samples"] = np.where(shared, "shared_clusters", "independent")
        p["difference"], p["diff_se"], p["t"], p["df"], p["p_value"] = diff, se, diff / se, df, pval
        q = t_ppf(0.5 + level / 2, df)
        p["diff_ci_low"], p["diff_ci_high"] = diff - q * se, diff + q * se
        # one Holm family per reporting wave: later waves never change a published verdict
        p["p_holm"] = p.groupby("wave")["p_value"].transform(lambda s: holm(s.to_numpy()))
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
        text = ("comparison", "organisation", "wave", "wave_prev", "samples", "verdict")
        return pd.DataFrame({c: pd.Series(dtype=object if c in text else float) for c in columns})
    out = pd.concat(parts, ignore_index=True)
    out = order_rows(out, ["organisation"])
    order = {k: i for i, k in enumerate(CHANGE_COMPARISONS)}
    out = out.assign(_c=out["comparison"].map(order), _p=out["wave"].map(period_of))
    out = out.sort_values(["_c", "_p"], kind="stable").drop(columns=["_c", "_p"])
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# linear trend


def _fit(t: np.ndarray, y: np.ndarray, se: np.ndarray, level: float) -> dict:
    """WLS of ``y`` on ``t`` with weights ``1/se²`` and an estimated scale (see linear_trends)."""
    w = 1.0 / se**2
    tc = t - np.sum(w * t) / w.sum()
    ybar = np.sum(w * y) / w.sum()
    sxx = np.sum(w * tc**2)
    slope = float(np.sum(w * tc * (y - ybar)) / sxx)
    df = t.size - 2
    scale = float(np.sum(w * (y - ybar - slope * tc) ** 2) / df)
    se_b = float(np.sqrt(scale / sxx))
    q = t_ppf(0.5 + level / 2, df)
    with np.errstate(divide="ignore", invalid="ignore"):
        tstat = slope / se_b
    return {
        "slope": slope,
        "se": se_b,
        "ci_low": slope - q * se_b,
        "ci_high": slope + q * se_b,
        "t": tstat,
        "df": df,
        "scale": scale,
        "p_value": float(2 * t_sf(abs(tstat), df)),
        "change_total": slope * (t.max() - t.min()),
    }


def linear_trends(
    means: pd.DataFrame,
    *,
    alpha: float = 0.05,
    min_waves: int = 3,
    min_n: int = 10,
    level: float = 0.95,
) -> pd.DataFrame:
    """Linear trend per quarter over the waves up to each reporting wave, per organisation.

    Parameters
    ----------
    means : pandas.DataFrame
        :func:`helpers.stats.wave_means` of one target group (``wave``, ``organisation``,
        ``n``, ``mean``, ``se``).
    alpha : float, default 0.05
        Family-wise level of the Holm correction over the organisations of a reporting wave.
    min_waves : int, default 3
        Fewer waves (of at least ``min_n`` raters) give no test (at least 3: the scale needs
        ``k - 2 >= 1`` degrees of freedom).
    min_n : int, default 10
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        :data:`TREND_COLUMNS`, one row per organisation and reporting wave ``last_wave`` (each
        wave in which the organisation has a usable mean): ``first_wave``, ``n_waves`` (usable
        waves up to ``last_wave``), ``slope`` (change per quarter, scale points), ``se``,
        ``ci_low``, ``ci_high``, ``t``, ``df`` (``k - 2``), ``scale`` (the estimated dispersion:
        1 when the means scatter around the line as much as their sampling error says),
        ``p_value``, ``p_holm`` (Holm over the organisations of the same ``last_wave``),
        ``significant`` and ``change_total`` (slope × quarters spanned). Rows without a test
        have NaN numbers, ``significant`` False and a ``reason`` code of
        :data:`TREND_REASONS`; tested rows have an empty ``reason``.

    Notes
    -----
    Weighted least squares of ``m_t`` on ``t`` with weights ``w_t = 1/se_t²``:
    ``b = Σ w (t - t̄)(m - m̄) / Σ w (t - t̄)²`` (t̄, m̄ weighted means), with the scale
    ``φ = Σ w (m - m̄ - b (t - t̄))² / (k - 2)`` and ``Var(b) = φ / Σ w (t - t̄)²``; ``b / se``
    is t on ``k - 2`` df (Draper & Smith 1998, §9.2). This is R's ``lm(m ~ t, weights =
    1/se^2)`` and statsmodels' ``WLS(m, X, weights=1/se**2).fit()``; as a meta-regression it is
    the multiplicative-dispersion model whose t-test Knapp & Hartung (2003) show to hold its
    level with few studies. With the scale fixed at 1 (the earlier z-test) any variation of the
    wave means beyond sampling error was read as trend. ``φ`` below 1 is kept (as ``lm`` does):
    under the model the t-test is exact for any ``φ``.

    Examples
    --------
    >>> m = pd.DataFrame({"wave": ["2017-Q2", "2017-Q3", "2017-Q4", "2018-Q1"],
    ...                   "organisation": "IND", "n": 150, "mean": [3.73, 3.53, 3.32, 3.40],
    ...                   "se": [0.08, 0.08, 0.08, 0.08]})
    >>> tr = linear_trends(m)
    >>> tr[["last_wave", "n_waves", "reason"]].to_dict("list")
    {'last_wave': ['2017-Q2', '2017-Q3', '2017-Q4', '2018-Q1'], 'n_waves': [1, 2, 3, 4], 'reason': ['too_few_waves', 'too_few_waves', '', '']}
    >>> tr[["slope", "df", "p_value"]].iloc[-1].round(3).to_dict()
    {'slope': -0.12, 'df': 2.0, 'p_value': 0.134}
    """  # noqa: E501
    min_waves = max(int(min_waves), 3)
    m = means[(means["n"] >= min_n) & (means["se"] > 0) & means["mean"].notna()]
    m = m.assign(_t=m["wave"].map(period_of)).sort_values("_t", kind="stable")
    rows = []
    for org, g in m.groupby("organisation", sort=False):
        t, y, se = (g[c].to_numpy(float) for c in ("_t", "mean", "se"))
        for k in range(1, t.size + 1):
            row = {
                "organisation": org,
                "first_wave": wave_of(t[0]),
                "last_wave": wave_of(t[k - 1]),
                "n_waves": k,
            }
            if k < min_waves:
                row["reason"] = "too_few_waves"
            else:
                row.update(_fit(t[:k], y[:k], se[:k], level), reason="")
            rows.append(row)
    out = pd.DataFrame(rows, columns=list(TREND_COLUMNS))
    if out.empty:
        return out.astype({c: object for c in ("organisation", "first_wave", "last_wave")})
    # one Holm family per reporting wave (NaN rows are not part of it)
    out["p_holm"] = out.groupby("last_wave")["p_value"].transform(lambda s: holm(s.to_numpy()))
    out["significant"] = (out["p_holm"] < alpha).astype(bool)
    out["n_waves"] = out["n_waves"].astype(int)
    out = order_rows(out, ["organisation"])
    out = out.assign(_t=out["last_wave"].map(period_of)).sort_values("_t", kind="stable")
    return out.drop(columns="_t").reset_index(drop=True)


def analyse_trends(
    tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]],
    *,
    designs: Mapping[str, Mapping] | None = None,
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
    designs : mapping, optional
        Per wave id the declared designs per target group (:attr:`helpers.data.Wave.design`);
        see :func:`trend_ratings`.
    target_groups, item, window, alpha, power, min_n
        See :func:`trend_ratings`, :func:`rolling_means`, :func:`change_tests`.

    Returns
    -------
    dict
        ``{target_group: {"means", "changes", "rolling", "trend", "n_waves"}}`` with
        :func:`wave_means`, :func:`change_tests` (wave on wave and year on year),
        :func:`rolling_means` (``window``) and :func:`helpers.stats.linear_trends`. A target
        group without ratings in any wave is left out.
    """
    out: dict[str, dict] = {}
    for tg in target_groups:
        frame = trend_ratings(tables, target_group=tg, item=item, designs=designs)
        if frame["value"].notna().sum() == 0:
            continue
        means = wave_means(frame)
        out[tg] = {
            "means": means,
            "changes": change_tests(means, frame=frame, alpha=alpha, power=power, min_n=min_n),
            "rolling": rolling_means(frame, window=window),
            "trend": linear_trends(means, alpha=alpha, min_n=min_n),
            "n_waves": int(frame["wave"].nunique()),
        }
    if not out:
        raise InputError(f"no {item} ratings of {', '.join(target_groups)} in the processed waves")
    return out
