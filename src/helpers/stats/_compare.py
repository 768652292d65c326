"""Subgroup comparisons for the descriptives report, with Holm correction (numbers and codes).

For a measure per subgroup of a background variable (``status``: afgewezen vs
vergunning_na_beroep; ``positie``: binnen vs buiten de kleine keten; ``nationaliteit``; ``azc``;
``modus``) :func:`compare_groups` tests every pair of groups within each organisation and item:

* means: Welch's t-test (Welch 1947) on the design-based weighted means of
  :mod:`helpers.stats._estimates`. Each group's standard error is the Kish one,
  ``se^2 = s_w^2 / (n_eff - 1)``, and the Welch-Satterthwaite degrees of freedom use
  ``n_eff - 1``. This is statsmodels' ``CompareMeans(DescrStatsW(x_a, w_a'), DescrStatsW(x_b,
  w_b')).ttest_ind(usevar="unequal")`` with the weights of each group rescaled to sum to its
  ``n_eff`` (``w' = w n_eff / sum w``), and with unit weights it is
  ``scipy.stats.ttest_ind(equal_var=False)``. With more than two groups: all pairwise Welch tests.
* proportions (% positive): the pooled two-proportion z-test (statsmodels
  ``proportions_ztest``) with Kish effective counts ``p n_eff`` out of ``n_eff``; for more than two
  groups all pairs, and :func:`omnibus_tests` gives the k x 2 chi-square test on effective counts
  (a first-order design-effect correction in the spirit of Rao & Scott 1981).
* NPS: a z-test of the difference of two independent Net Promoter Scores,
  ``z = (NPS_a - NPS_b) / sqrt(se_a^2 + se_b^2)``, each ``se`` the multinomial one of
  :func:`helpers.stats._estimates.nps` with ``n_eff`` (Rocks 2016).

All tests of one returned table form one family and are corrected with Holm (1979)
(:func:`holm`, as ``statsmodels.stats.multitest.multipletests(method="holm")``). Groups with
fewer than ``min_n`` respondents (the disclosure threshold, passed in as a number) are never
tested, so their names never reach a sentence; ``cells`` restricts the tests further to the
cells a protected table shows, so that a sentence never reveals a value that secondary
suppression hid. The Dutch sentences are written by the report layer
(``helpers.report._compare_text``).

References
----------
Welch, B. L. (1947). The generalization of 'Student's' problem when several different population
variances are involved. *Biometrika* 34(1/2), 28-35.
Welch, B. L. (1951). On the comparison of several mean values: an alternative approach.
*Biometrika* 38(3/4), 330-336.
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of
Statistics* 6(2), 65-70.
Rao, J. N. K. & Scott, A. J. (1981). The analysis of categorical data from complex sample surveys.
*JASA* 76(374), 221-230.
Kish, L. (1965). *Survey Sampling*. Wiley.
Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American Statistician*
70(4), 365-372.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers.errors import InputError
from helpers.stats._estimates import _as_list, order_rows, summarise_ratings

#: Columns of :func:`compare_groups` after the ``by`` columns.
COLUMNS: tuple[str, ...] = (
    "variable",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "estimate_a",
    "estimate_b",
    "difference",
    "statistic",
    "df",
    "p_value",
    "p_holm",
    "significant",
    "test",
    "measure",
)


# --------------------------------------------------------------------------------------------
# the tests, vectorised over comparisons
# --------------------------------------------------------------------------------------------


def welch_test(mean_a, se_a, n_eff_a, mean_b, se_b, n_eff_b):
    """Welch's t-test from two group means, their standard errors and (effective) sizes.

    Parameters
    ----------
    mean_a, se_a, n_eff_a, mean_b, se_b, n_eff_b : array-like of float
        Per comparison; ``se`` is the standard error of the mean, ``n_eff`` the (Kish effective)
        number of observations behind it.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        ``t``, Welch-Satterthwaite ``df`` and the two-sided p-value; NaN where both standard
        errors are zero or a group has ``n_eff <= 1``.

    Notes
    -----
    ``t = (m_a - m_b) / sqrt(se_a^2 + se_b^2)``;
    ``df = (se_a^2 + se_b^2)^2 / (se_a^4 / (n_a - 1) + se_b^4 / (n_b - 1))`` (Welch 1947;
    Satterthwaite 1946).

    References
    ----------
    Welch, B. L. (1947). *Biometrika* 34, 28-35.

    Examples
    --------
    >>> t, df, p = welch_test(4.2, 0.1, 50, 3.8, 0.12, 40)
    >>> round(float(t), 3), round(float(df), 1), round(float(p), 4)
    (2.561, 80.9, 0.0123)
    """
    m_a, s_a, n_a, m_b, s_b, n_b = (
        np.asarray(v, dtype=float) for v in (mean_a, se_a, n_eff_a, mean_b, se_b, n_eff_b)
    )
    v_a, v_b = s_a**2, s_b**2
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (v_a + v_b > 0) & (n_a > 1) & (n_b > 1)
        t = np.where(ok, (m_a - m_b) / np.sqrt(v_a + v_b), np.nan)
        df = np.where(ok, (v_a + v_b) ** 2 / (v_a**2 / (n_a - 1) + v_b**2 / (n_b - 1)), np.nan)
        p = np.where(ok, 2 * stats.t.sf(np.abs(t), df), np.nan)
    return t, df, p


def two_proportion_ztest(p_a, n_a, p_b, n_b):
    """Pooled two-proportion z-test; ``n`` may be an effective (real) number of observations.

    Parameters
    ----------
    p_a, n_a, p_b, n_b : array-like of float
        Proportions in [0, 1] and their (Kish effective) sizes, per comparison.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``z`` and the two-sided p-value; NaN when the pooled proportion is 0 or 1.

    Notes
    -----
    ``p = (p_a n_a + p_b n_b) / (n_a + n_b)``; ``z = (p_a - p_b) / sqrt(p (1 - p) (1/n_a +
    1/n_b))``; the same as ``statsmodels.stats.proportion.proportions_ztest`` with counts
    ``p n`` (and as the 2 x 2 Pearson chi-square, ``z^2 = X^2``).

    Examples
    --------
    >>> z, p = two_proportion_ztest(0.6, 100, 0.45, 80)
    >>> round(float(z), 3), round(float(p), 4)
    (2.004, 0.045)
    """
    pa, na, pb, nb = (np.asarray(v, dtype=float) for v in (p_a, n_a, p_b, n_b))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (pa * na + pb * nb) / (na + nb)
        var = pooled * (1 - pooled) * (1 / na + 1 / nb)
        ok = (var > 0) & (na > 0) & (nb > 0)
        z = np.where(ok, (pa - pb) / np.sqrt(var), np.nan)
        p = np.where(ok, 2 * stats.norm.sf(np.abs(z)), np.nan)
    return z, p


def nps_difference_test(nps_a, se_a, nps_b, se_b):
    """z-test of the difference of two independent Net Promoter Scores.

    Parameters
    ----------
    nps_a, se_a, nps_b, se_b : array-like of float
        Scores (-100..100) and their standard errors (in points, as
        :func:`helpers.stats._estimates.nps` gives them), per comparison.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``z`` and the two-sided normal p-value; NaN where both standard errors are zero or NaN.

    Notes
    -----
    The two groups are independent samples, so ``Var(NPS_a - NPS_b) = se_a^2 + se_b^2`` with each
    ``se^2 = [p_P + p_D - (p_P - p_D)^2] / n_eff`` (the multinomial variance of a difference of two
    shares; Rocks 2016, eq. 2); ``z = (NPS_a - NPS_b) / sqrt(se_a^2 + se_b^2)``, a Wald test.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician* 70(4), 365-372.

    Examples
    --------
    >>> z, p = nps_difference_test(-10.0, 8.0, -40.0, 6.0)  # 30 / sqrt(64 + 36) = 3
    >>> round(float(z), 3), round(float(p), 4)
    (3.0, 0.0027)
    """
    a, sa, b, sb = (np.asarray(v, dtype=float) for v in (nps_a, se_a, nps_b, se_b))
    with np.errstate(divide="ignore", invalid="ignore"):
        var = sa**2 + sb**2
        ok = np.isfinite(var) & (var > 0)
        z = np.where(ok, (a - b) / np.sqrt(np.where(ok, var, 1.0)), np.nan)
        p = np.where(ok, 2 * stats.norm.sf(np.abs(z)), np.nan)
    return z, p


def holm(p_values) -> np.ndarray:
    """Holm (1979) adjusted p-values; NaN entries are not part of the family and stay NaN.

    Parameters
    ----------
    p_values : array-like of float

    Returns
    -------
    numpy.ndarray

    Notes
    -----
    Sorted ascending, ``p_(i)`` is multiplied by ``m - i + 1``, made monotone by a running
    maximum and capped at 1; the same as ``statsmodels.stats.multitest.multipletests(method=
    "holm")`` and R's ``p.adjust(p, "holm")``, without importing statsmodels.

    References
    ----------
    Holm, S. (1979). *Scandinavian Journal of Statistics* 6(2), 65-70.

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).round(4).tolist()  # 3 x 0.01, max(2 x 0.03, .), 1 x 0.04 -> .06
    [0.03, 0.06, 0.06]
    >>> holm([0.01, float("nan")]).tolist()
    [0.01, nan]
    """
    p = np.asarray(p_values, dtype=float).ravel()
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        if np.any((p[ok] < 0) | (p[ok] > 1)):
            raise InputError("p-values must lie in [0, 1]")
        sorted_idx = np.argsort(p[ok], kind="stable")
        m = sorted_idx.size
        adjusted = np.maximum.accumulate((m - np.arange(m)) * p[ok][sorted_idx])
        values = np.empty(m)
        values[sorted_idx] = np.minimum(adjusted, 1.0)
        out[ok] = values
    return out


def chisquare_proportions(p, n):
    """Pearson chi-square test of equal proportions in k groups from (effective) sizes.

    Parameters
    ----------
    p, n : array-like of float
        Proportions in [0, 1] and (Kish effective) sizes of the k groups.

    Returns
    -------
    (float, int, float)
        ``X^2``, ``df = k - 1`` and the p-value (NaN when the pooled proportion is 0 or 1).

    Notes
    -----
    The k x 2 table of counts ``n_i p_i`` and ``n_i (1 - p_i)`` gives
    ``X^2 = sum n_i (p_i - p)^2 / (p (1 - p))`` with ``p = sum n_i p_i / sum n_i``; equal to
    ``scipy.stats.chi2_contingency(correction=False)`` on integer counts. Effective sizes divide
    the statistic by the Kish design effect (cf. Rao & Scott 1981).

    Examples
    --------
    >>> chi2, df, p = chisquare_proportions([0.5, 0.6, 0.7], [50, 50, 50])
    >>> round(chi2, 3), df, round(p, 4)
    (4.167, 2, 0.1245)
    """
    pi = np.asarray(p, dtype=float)
    ni = np.asarray(n, dtype=float)
    k = pi.size
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.sum(ni * pi) / np.sum(ni)
        chi2 = float(np.sum(ni * (pi - pooled) ** 2) / (pooled * (1 - pooled)))
    if not np.isfinite(chi2) or k < 2:
        return float("nan"), k - 1, float("nan")
    return chi2, k - 1, float(stats.chi2.sf(chi2, k - 1))


def welch_anova(means, ses, n_effs):
    """Welch's (1951) heteroscedastic one-way ANOVA from group means, standard errors and sizes.

    Parameters
    ----------
    means, ses, n_effs : array-like of float
        Per group: mean, standard error of the mean, (Kish effective) size.

    Returns
    -------
    (float, float, float, float)
        ``F``, ``df1``, ``df2``, p-value.

    Notes
    -----
    ``w_i = 1 / se_i^2``, ``m = sum w_i m_i / sum w_i``, ``A = sum w_i (m_i - m)^2 / (k - 1)``,
    ``L = sum (1 - w_i / sum w)^2 / (n_i - 1)``, ``F = A / (1 + 2 (k - 2) L / (k^2 - 1))``,
    ``df1 = k - 1``, ``df2 = (k^2 - 1) / (3 L)`` (Welch 1951); equal to statsmodels'
    ``anova_oneway(use_var="unequal")`` for unit weights.

    Examples
    --------
    >>> f, df1, df2, p = welch_anova([3.0, 3.5, 4.0], [0.2, 0.2, 0.2], [30, 30, 30])
    >>> round(f, 3), df1, round(df2, 1), round(p, 4)
    (6.179, 2.0, 58.0, 0.0037)
    """
    m = np.asarray(means, dtype=float)
    se = np.asarray(ses, dtype=float)
    n = np.asarray(n_effs, dtype=float)
    k = m.size
    if k < 2 or np.any(se <= 0) or np.any(n <= 1) or np.any(~np.isfinite(m)):
        return float("nan"), float(k - 1), float("nan"), float("nan")
    w = 1 / se**2
    grand = np.sum(w * m) / np.sum(w)
    a = np.sum(w * (m - grand) ** 2) / (k - 1)
    lam = np.sum((1 - w / np.sum(w)) ** 2 / (n - 1))
    f = a / (1 + 2 * (k - 2) * lam / (k**2 - 1))
    df2 = (k**2 - 1) / (3 * lam)
    return float(f), float(k - 1), float(df2), float(stats.f.sf(f, k - 1, df2))


# --------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------


def compare_groups(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    group_col: str,
    measure: str = "mean",
    *,
    by: Sequence[str] = ("organisation", "item"),
    groups: Sequence | None = None,
    order: Mapping[str, Sequence] | Sequence | None = None,
    weight_col: str | None = "weight",
    threshold: float = 4,
    alpha: float = 0.05,
    min_n: int,
    family_cols: Sequence[str] | None = None,
    cells: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """All pairwise subgroup comparisons of a measure, Holm-corrected.

    Parameters
    ----------
    ratings, respondents : pandas.DataFrame
        The data contracts of ``ratings.parquet`` and ``respondents.parquet``.
    group_col : str
        The background variable, e.g. ``"status"``, ``"positie"``, ``"nationaliteit"``. Recode
        small categories first with :func:`helpers.privacy._disclosure.safe_categories`.
    measure : {"mean", "pct_positive", "nps"}
        Welch t-tests of weighted means, z-tests of weighted % positive, or z-tests of the
        difference of two NPS (:func:`nps_difference_test`; filter ``item == "nps"`` first).
    by : sequence of str
        Comparisons are made within each combination of these columns.
    groups : sequence, optional
        The groups to compare, in this order (pairs follow it: ``group_a`` comes first). Default:
        all values of ``group_col``, sorted.
    order : mapping or sequence, optional
        Row order of the ``by`` columns (see :func:`helpers.stats._estimates.order_rows`).
    weight_col : str or None
        Weight column; ``None`` for unweighted tests.
    threshold : float
        Positive threshold for ``pct_positive``.
    alpha : float
        Significance level applied to the Holm-adjusted p-values.
    min_n : int
        Groups with an unweighted base below this are not tested (the disclosure threshold,
        ``helpers.privacy.DEFAULT_THRESHOLD`` in the reports).
    family_cols : sequence of str, optional
        Holm is applied within each combination of these columns; default the whole table.
    cells : pandas.DataFrame, optional
        The cells that may be tested: rows with the ``by`` columns and ``group_col`` (e.g. the
        unsuppressed rows of the protected subgroup table). Cells not listed are not tested and
        not part of the Holm family, so no sentence reveals a value that disclosure control hid.
        Default: every cell with at least ``min_n`` respondents.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, then :data:`COLUMNS`: ``variable`` (``group_col``), ``group_a``,
        ``group_b``, bases ``n_a``/``n_b``, ``estimate_a``,
        ``estimate_b`` (mean, % for ``pct_positive``, score for ``nps``), ``difference`` (a - b,
        in points or percentage points), ``statistic`` (t or z), ``df`` (NaN for z),
        ``p_value``, ``p_holm``, ``significant`` (``p_holm < alpha``), ``test``
        (``"welch_t"``, ``"z_proportions"`` or ``"z_nps"``) and ``measure``.

    Raises
    ------
    InputError
        Unknown measure or column, a group in ``groups`` that is not in the data, or bad input
        for :func:`helpers.stats._estimates.summarise_ratings`.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> resp = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(80)],
    ...                      "status": ["afgewezen"] * 40 + ["vergunning_na_beroep"] * 40,
    ...                      "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": resp["respondent_id"], "organisation": "COA",
    ...                     "item": "totaaloordeel",
    ...                     "value": np.r_[np.full(40, 4.0), np.full(40, 3.0)]
    ...                              + rng.choice([-1.0, 0.0, 1.0], 80)})
    >>> t = compare_groups(rat, resp, "status", min_n=10)
    >>> round(float(t.loc[0, "difference"]), 2), bool(t.loc[0, "significant"])
    (0.95, True)
    """
    if measure not in ("mean", "pct_positive", "nps"):
        raise InputError(
            f"compare_groups measures 'mean', 'pct_positive' or 'nps', not {measure!r}"
        )
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie in (0, 1), got {alpha!r}")
    by = _as_list(by)
    if group_col in by:
        raise InputError(f"group_col {group_col!r} is also in `by`")
    summary = summarise_ratings(
        ratings,
        respondents,
        [*by, group_col],
        measure,
        order=order,
        weight_col=weight_col,
        threshold=threshold,
    )
    present = list(pd.unique(summary[group_col]))
    if groups is None:
        groups = sorted(present, key=str)
    else:
        groups = list(groups)
        unknown = [g for g in groups if g not in present]
        if unknown:
            raise InputError(f"{group_col}: group(s) {unknown} not in the data")
    rank = {g: i for i, g in enumerate(groups)}
    summary = summary[summary[group_col].isin(groups) & (summary["n"] >= min_n)]
    if cells is not None:
        summary = _only_cells(summary, cells, [*by, group_col])
    row_order = (
        dict(order)
        if isinstance(order, Mapping)
        else ({} if order is None else {"item": list(order)})
    )
    row_order[group_col] = groups
    summary = order_rows(summary, [*by, group_col], row_order)
    summary["_rank"] = summary[group_col].map(rank)
    summary["_row"] = np.arange(len(summary))

    key = by if by else ["_all"]
    if not by:
        summary["_all"] = 0
    pairs = summary.merge(summary, on=key, suffixes=("_a", "_b"))
    pairs = pairs[pairs["_rank_a"] < pairs["_rank_b"]]
    pairs = pairs.sort_values(["_row_a", "_rank_b"], kind="stable").reset_index(drop=True)

    est = {"mean": "mean", "pct_positive": "pct", "nps": "nps"}[measure]
    out = pairs[by].copy() if by else pd.DataFrame(index=pairs.index)
    out["variable"] = group_col
    out["group_a"] = pairs[f"{group_col}_a"]
    out["group_b"] = pairs[f"{group_col}_b"]
    out["n_a"] = pairs["n_a"].astype(int)
    out["n_b"] = pairs["n_b"].astype(int)
    out["estimate_a"] = pairs[f"{est}_a"].astype(float)
    out["estimate_b"] = pairs[f"{est}_b"].astype(float)
    out["difference"] = out["estimate_a"] - out["estimate_b"]
    if measure == "mean":
        stat, df, p = welch_test(
            pairs["mean_a"],
            pairs["se_a"],
            pairs["n_eff_a"],
            pairs["mean_b"],
            pairs["se_b"],
            pairs["n_eff_b"],
        )
        test = "welch_t"
    elif measure == "nps":
        stat, p = nps_difference_test(pairs["nps_a"], pairs["se_a"], pairs["nps_b"], pairs["se_b"])
        df = np.full(len(pairs), np.nan)
        test = "z_nps"
    else:
        stat, p = two_proportion_ztest(
            pairs["pct_a"] / 100, pairs["n_eff_a"], pairs["pct_b"] / 100, pairs["n_eff_b"]
        )
        df = np.full(len(pairs), np.nan)
        test = "z_proportions"
    out["statistic"] = np.asarray(stat, dtype=float)
    out["df"] = np.asarray(df, dtype=float)
    out["p_value"] = np.asarray(p, dtype=float)
    out["p_holm"] = _holm_within(out, family_cols)
    out["significant"] = (out["p_holm"] < alpha).to_numpy(dtype=bool)
    out["test"] = test
    out["measure"] = measure
    return out.reset_index(drop=True)


def omnibus_tests(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    group_col: str,
    measure: str = "pct_positive",
    *,
    by: Sequence[str] = ("organisation", "item"),
    groups: Sequence | None = None,
    order: Mapping[str, Sequence] | Sequence | None = None,
    weight_col: str | None = "weight",
    threshold: float = 4,
    min_n: int,
) -> pd.DataFrame:
    """One overall test per ``by`` group of "all groups equal" (useful with more than 2 groups).

    ``pct_positive``: the k x 2 chi-square test on Kish effective counts
    (:func:`chisquare_proportions`); ``mean``: Welch's ANOVA (:func:`welch_anova`). Groups below
    ``min_n`` are left out.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``variable``, ``k`` (groups tested), ``statistic``, ``df1``, ``df2``
        (NaN for chi-square), ``p_value``, ``test`` (``"chi2"`` or ``"welch_anova"``).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(60)],
    ...                      "azc": ["A"] * 20 + ["B"] * 20 + ["C"] * 20, "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": resp["respondent_id"], "organisation": "COA",
    ...                     "item": "totaaloordeel", "value": [5.0, 2.0] * 30})
    >>> omnibus_tests(rat, resp, "azc", min_n=10)[["k", "statistic", "p_value"]].to_dict("list")
    {'k': [3], 'statistic': [0.0], 'p_value': [1.0]}
    """
    if measure not in ("mean", "pct_positive"):
        raise InputError(f"omnibus_tests measures 'mean' or 'pct_positive', not {measure!r}")
    by = _as_list(by)
    summary = summarise_ratings(
        ratings,
        respondents,
        [*by, group_col],
        measure,
        order=order,
        weight_col=weight_col,
        threshold=threshold,
    )
    if groups is not None:
        summary = summary[summary[group_col].isin(list(groups))]
    summary = summary[summary["n"] >= min_n]
    rows = []
    keys = [summary[c] for c in by] if by else [np.zeros(len(summary), dtype=int)]
    for key, part in summary.groupby(keys, sort=False, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        if measure == "pct_positive":
            stat, df1, p = chisquare_proportions(part["pct"] / 100, part["n_eff"])
            df2, test = float("nan"), "chi2"
        else:
            stat, df1, df2, p = welch_anova(part["mean"], part["se"], part["n_eff"])
            test = "welch_anova"
        row = dict(zip(by, key, strict=True)) if by else {}
        row.update(
            variable=group_col,
            k=len(part),
            statistic=stat,
            df1=float(df1),
            df2=df2,
            p_value=p,
            test=test,
        )
        rows.append(row)
    columns = [*by, "variable", "k", "statistic", "df1", "df2", "p_value", "test"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------------
# internals
# --------------------------------------------------------------------------------------------


def _only_cells(summary: pd.DataFrame, cells: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The rows of ``summary`` whose ``keys`` occur in ``cells`` (order of ``summary`` kept)."""
    if not isinstance(cells, pd.DataFrame):
        raise InputError("cells must be a DataFrame with the `by` columns and the group column")
    missing = [c for c in keys if c not in cells.columns]
    if missing:
        raise InputError(f"cells: missing column(s) {missing}")
    allowed = {tuple(str(v) for v in row) for row in cells[keys].itertuples(index=False)}
    mine = [tuple(str(v) for v in row) for row in summary[keys].itertuples(index=False)]
    return summary[[k in allowed for k in mine]]


def _holm_within(out: pd.DataFrame, family_cols) -> np.ndarray:
    p = out["p_value"].to_numpy(dtype=float)
    family_cols = _as_list(family_cols)
    if not family_cols:
        return holm(p)
    missing = [c for c in family_cols if c not in out.columns]
    if missing:
        raise InputError(f"family_cols not in the comparison table: {missing}")
    adjusted = np.full_like(p, np.nan)
    ids = out.groupby(family_cols, sort=False, dropna=False).ngroup().to_numpy()
    for g in np.unique(ids):
        idx = np.flatnonzero(ids == g)
        adjusted[idx] = holm(p[idx])
    return adjusted
