"""Design-based estimates of a mean, a share and a Net Promoter Score, overall and per domain.

One linearised estimator serves all three measures: each is the weighted mean of a derived
value (the answer; 100 x [answer >= threshold]; 100 x ([9-10] - [0-6])), so its Taylor
linearisation, domain estimation and covariances are those of a ratio mean (Lumley 2010, §2.2,
§2.3; Wolter 2007, ch. 6). Only the intervals differ per measure:

* mean: ``estimate +- t(df) se``;
* share: Korn & Graubard (1998), R's ``svyciprop(method="beta")``, the interval the NCHS
  presentation standards use (Parker et al. 2017);
* NPS: the adjusted Wald interval that Rocks (2016) found best, on the design effective n.

Numbers only: codes and frames, no text for readers, no files, no plotting.

References
----------
Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for proportions with small expected
number of positive counts estimated from survey data. *Survey Methodology* 24(2), 193-201.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
Parker, J. D., Talih, M., Malec, D. J., et al. (2017). National Center for Health Statistics
data presentation standards for proportions. *Vital Health Stat* 2(175).
Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American Statistician*
70(4), 365-372.
Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats._design import SurveyDesign
from helpers.stats._distributions import beta_ppf, f_sf, t_ppf, t_sf

#: The measures :func:`survey_estimate` knows.
MEASURES: tuple[str, ...] = ("mean", "share", "nps")
#: Columns of :attr:`SurveyEstimates.table` after the group column(s).
ESTIMATE_COLUMNS: tuple[str, ...] = (
    "n",
    "n_eff",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "deff",
    "df",
)
#: Columns of :meth:`SurveyEstimates.differences`.
DIFFERENCE_COLUMNS: tuple[str, ...] = (
    "group_a",
    "group_b",
    "difference",
    "se",
    "df",
    "p",
    "p_holm",
)
#: Below this design effective n an estimate is "indicative".
INDICATIVE_MIN_N_EFF: float = 30.0


@dataclass(frozen=True, eq=False)
class SurveyEstimates:
    """Estimates per domain with their design covariance; see :func:`survey_estimate`.

    Attributes
    ----------
    measure : str
        ``"mean"`` (scale points), ``"share"`` (percentage points 0-100) or ``"nps"``
        (points -100..100).
    table : pandas.DataFrame
        One row per domain: the group column(s) (``group``, None without domains), then
        :data:`ESTIMATE_COLUMNS`.
    covariance : numpy.ndarray, shape (G, G)
        Design covariance of the estimates (same units squared); off-diagonal terms come from
        domains sharing clusters.
    df : int
        Degrees of freedom of the whole design (PSUs minus strata), used for contrasts.
    """

    measure: str
    table: pd.DataFrame
    covariance: np.ndarray
    df: int
    design: SurveyDesign | None = field(default=None, repr=False)
    members: np.ndarray | None = field(default=None, repr=False)

    def differences(self, rows=None) -> pd.DataFrame:
        """All pairwise differences between the domains, with Holm-adjusted p-values.

        Parameters
        ----------
        rows : sequence of int, optional
            Positions in :attr:`table` of the domains to compare (default all), in the order
            the pairs follow.

        Returns
        -------
        pandas.DataFrame
            :data:`DIFFERENCE_COLUMNS`, one row per pair ``a < b`` in table (or ``rows``)
            order: ``difference = estimate_a - estimate_b``, ``se`` from the covariance matrix,
            two-sided ``p`` from t on the design df, ``p_holm`` over all pairs (Holm 1979).

        Notes
        -----
        ``Var(a - b) = V_aa + V_bb - 2 V_ab``, as R's ``svycontrast`` on
        ``svyby(..., covmat=TRUE)``; the covariance is what makes this right for domains that
        share clusters (subgroups of the same reception centres).
        """
        rows = np.arange(len(self.table)) if rows is None else np.asarray(rows, dtype=int)
        est = self.table["estimate"].to_numpy(float)[rows]
        groups = [_group_labels(self.table)[i] for i in rows]
        a, b = np.triu_indices(est.size, k=1)
        v = self.covariance[np.ix_(rows, rows)]
        diff = est[a] - est[b]
        se = np.sqrt(np.maximum(v[a, a] + v[b, b] - 2 * v[a, b], 0.0))
        with np.errstate(invalid="ignore", divide="ignore"):
            p = 2 * t_sf(np.abs(diff / se), max(self.df, 1))
        if self.df < 1:
            p = np.full_like(se, np.nan)
        return pd.DataFrame(
            {
                "group_a": [groups[i] for i in a],
                "group_b": [groups[i] for i in b],
                "difference": diff,
                "se": se,
                "df": self.df,
                "p": p,
                "p_holm": holm(p),
            },
            columns=list(DIFFERENCE_COLUMNS),
        )

    def equality_test(self, rows=None) -> EqualityTest:
        """Design-based Wald test that the domains' estimates are all equal.

        Parameters
        ----------
        rows : sequence of int, optional
            Positions in :attr:`table` of the domains to test (default all; at least two).

        Returns
        -------
        EqualityTest
            ``statistic`` (F), ``df1`` (the rank of the contrasts, ``k - 1`` for ``k``
            domains), ``df2`` and ``p``; all NaN when fewer than two domains have an estimate
            or the design leaves no degrees of freedom.

        Notes
        -----
        With ``C`` the ``(k - 1) x k`` contrasts of each domain against the first, ``θ`` the
        estimates and ``V`` their linearised covariance (off-diagonal terms where domains
        share clusters), ``W = (Cθ)' (C V C')^- (Cθ)`` and ``F = W / q`` with ``q`` the rank of
        ``C V C'``, referred to ``F(q, d - q)``, where ``d`` is the design df (PSUs minus
        strata) of the respondents in the tested domains. This is R's
        ``regTermTest(svyglm(y ~ group, design), ~group)`` (the Wald test with the
        denominator df of the survey-weighted regression; Lumley 2010 §5.2; Lumley & Scott
        2014), and equals ``W / q`` computed from ``svyby(..., covmat = TRUE)``. It works for
        means, shares (the mean of an indicator) and NPS alike.

        References
        ----------
        Lumley, T. & Scott, A. J. (2014). Tests for regression models fitted to survey data.
        *Australian & New Zealand Journal of Statistics* 56(1), 1-14.
        Korn, E. L. & Graubard, B. I. (1990). Simultaneous testing of regression coefficients
        with complex survey data: use of Bonferroni t statistics. *The American
        Statistician* 44(4), 270-276.

        Examples
        --------
        >>> design = SurveyDesign.from_arrays(n=8, cluster=list("aabbccdd"))
        >>> est = survey_estimate([1, 2, 2, 3, 4, 5, 4, 4], design, by=list("xyxyxyxy"))
        >>> r = est.equality_test()
        >>> round(r.statistic, 4), r.df1, r.df2, round(r.p, 6)  # R: regTermTest, F = 9 on 1, 2
        (9.0, 1, 2, 0.095466)
        """
        rows = np.arange(len(self.table)) if rows is None else np.asarray(rows, dtype=int)
        est = self.table["estimate"].to_numpy(float)[rows]
        ok = np.isfinite(est)
        rows, est = rows[ok], est[ok]
        nan = EqualityTest(float("nan"), float("nan"), float("nan"), float("nan"))
        if rows.size < 2:
            return nan
        v = self.covariance[np.ix_(rows, rows)]
        c = np.hstack([-np.ones((rows.size - 1, 1)), np.eye(rows.size - 1)])
        cv = c @ v @ c.T
        q = int(np.linalg.matrix_rank(cv))
        if self.design is not None and self.members is not None:
            d = int(self.design.domain_df(self.members[:, rows].any(axis=1))[0])
        else:
            d = self.df
        if q < 1 or d - q < 1:
            return nan
        diff = c @ est
        w = float(diff @ np.linalg.pinv(cv) @ diff)
        f = w / q
        return EqualityTest(f, q, d - q, float(f_sf(f, q, d - q)))


class EqualityTest(NamedTuple):
    """Result of :meth:`SurveyEstimates.equality_test`: F on (df1, df2) and its p-value."""

    statistic: float
    df1: float
    df2: float
    p: float


class ChangeTest(NamedTuple):
    """Result of :func:`change_test`: later minus earlier, with its t-test."""

    difference: float | np.ndarray
    se: float | np.ndarray
    df: float | np.ndarray
    p: float | np.ndarray


# --------------------------------------------------------------------------------------------
# estimation
# --------------------------------------------------------------------------------------------


def survey_estimate(
    values,
    design: SurveyDesign,
    measure: str = "mean",
    *,
    by=None,
    threshold: float = 4,
    level: float = 0.95,
) -> SurveyEstimates:
    """Design-based mean, share or NPS, overall or per domain, with SE, interval and deff.

    Parameters
    ----------
    values : array-like of float
        One answer per design row; NaN (no answer, "weet niet") is left out of every base.
    design : SurveyDesign
        Weights, clusters, strata and FPC of the rows.
    measure : {"mean", "share", "nps"}
        ``mean``: weighted mean in scale points. ``share``: % of answers at or above
        ``threshold`` (0-100). ``nps``: % promoters (9-10) minus % detractors (0-6), -100..100;
        answers must be integers 0-10.
    by : array-like, pandas.Series, pandas.DataFrame or Domains, optional
        Domain label(s) per row; rows with a missing label belong to no domain but stay in the
        design. Domains are sorted by label. ``None``: one estimate over all rows. A
        :class:`Domains` from :func:`domains` reuses a grouping worked out once.
    threshold : float
        Smallest answer that counts for ``share``; default 4 (4-5 on a 1-5 scale).
    level : float
        Confidence level, default 0.95.

    Returns
    -------
    SurveyEstimates
        ``table`` with ``n`` (valid answers), ``n_eff`` (``n / deff``), ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``deff`` and ``df`` per domain, and the covariance matrix.

    Raises
    ------
    InputError
        Unknown measure, values not numeric or of the wrong length, NPS answers off the 0-10
        scale, a level outside (0, 1).

    Notes
    -----
    With ``d_i`` the domain indicator (and a valid answer), ``W = sum w d``,
    ``ŷ = sum w d y / W``, the linearised influence of row ``i`` is
    ``z_i = w_i d_i (y_i - ŷ) / W`` and ``se^2`` is the design variance of ``sum z``
    (:meth:`SurveyDesign.total_covariance`; Woodruff 1971; Lumley 2010 §2.3; Wolter 2007
    §6.11). Rows outside the domain keep a zero, so a cluster without members of the domain
    still counts: the domain estimator of R's ``svyby``/``subset``, not a separate design.

    ``deff`` is the design variance over the variance of the same weighted estimator under
    simple random sampling *with replacement*, ``s_w^2 / n`` with
    ``s_w^2 = n / (n - 1) sum w d (y - ŷ)^2 / W``: R's ``svymean(..., deff="replace")``.
    (R's ``deff=TRUE`` uses sampling without replacement from a population of ``sum w``,
    which is meaningless for weights scaled to the sample size.) ``n_eff = n / deff``; where
    ``deff`` is undefined (all answers in the domain equal) ``n_eff`` is Kish's
    ``(sum w)^2 / sum w^2``.

    ``df`` per domain is the number of PSUs minus strata that hold a valid answer in the
    domain, R's ``degf(subset(design, ...))``, the degrees of freedom NCHS prescribes for
    subgroups (Parker et al. 2017); contrasts use the design df
    (:attr:`SurveyEstimates.df`).

    Intervals: mean ``ŷ +- t(df) se``; share :func:`korn_graubard_interval`; NPS
    :func:`nps_adjusted_wald_interval`.

    Time and memory grow with rows x domains (dense arrays of that shape): a long table of
    20,000 rows and 500 domains needs a few hundred MB; split such a call per organisation.

    References
    ----------
    Woodruff, R. S. (1971). A simple method for approximating the variance of a complicated
    estimate. *JASA* 66(334), 411-414. See also the module references.

    Examples
    --------
    >>> design = SurveyDesign.from_arrays([1.0, 1.0, 2.0, 2.0], cluster=["a", "a", "b", "c"])
    >>> est = survey_estimate([4, 5, 3, 4], design)
    >>> est.table[["n", "estimate", "df"]].to_dict("records")
    [{'n': 4, 'estimate': 3.8333333333333335, 'df': 2}]
    """
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
    if not 0 < level < 1:
        raise InputError(f"level must lie strictly between 0 and 1, got {level!r}")
    x = _values(values, design.n)
    valid = ~np.isnan(x)
    y = _derived(x, valid, measure, threshold)
    labels, codes = _domains(by, design.n)
    members = valid[:, None] & (codes[:, None] == np.arange(len(labels))[None, :])

    n = members.sum(axis=0)
    w = design.weights[:, None] * members
    total_w = w.sum(axis=0)
    y0 = np.where(valid, y, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        est = (w * y0[:, None]).sum(axis=0) / total_w
        resid = np.where(members, y0[:, None] - est[None, :], 0.0)
        covariance = design.total_covariance(w * resid / total_w)
        var = np.diag(covariance).copy()
        var_srs = (w * resid**2).sum(axis=0) / total_w / (n - 1)
        deff = np.where((var_srs > 0) & (n > 1), var / var_srs, np.nan)
        kish = total_w**2 / (w**2).sum(axis=0)
        n_eff = np.where(deff > 0, n / deff, kish)
    df = design.domain_df(members)
    se = np.sqrt(var)

    if measure == "mean":
        ci_low, ci_high = _t_interval(est, se, df, level)
    elif measure == "share":
        lo, hi = korn_graubard_interval(est / 100, var / 100**2, n, df, level)
        ci_low, ci_high = 100 * lo, 100 * hi
    else:
        promoters = (w * (valid & (x >= 9))[:, None]).sum(axis=0) / total_w
        detractors = (w * (valid & (x <= 6))[:, None]).sum(axis=0) / total_w
        lo, hi = nps_adjusted_wald_interval(promoters, detractors, var / 100**2, n, df, level)
        ci_low, ci_high = 100 * lo, 100 * hi

    numbers = {
        "n": n.astype(int),
        "n_eff": n_eff,
        "estimate": est,
        "se": se,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "deff": deff,
        "df": df.astype(int),
    }
    table = pd.concat([labels, pd.DataFrame(numbers, index=labels.index)], axis=1)
    return SurveyEstimates(
        measure=measure,
        table=table,
        covariance=covariance,
        df=design.df,
        design=design,
        members=members,
    )


# --------------------------------------------------------------------------------------------
# intervals and tests (vectorised)
# --------------------------------------------------------------------------------------------


def korn_graubard_interval(p, var, n, df, level: float = 0.95):
    """Korn-Graubard interval for a proportion from a complex sample.

    Parameters
    ----------
    p : array-like of float
        Estimated proportions in [0, 1].
    var : array-like of float
        Their design variances.
    n : array-like of int
        Number of respondents behind each proportion.
    df : array-like of float
        Design degrees of freedom of each proportion.
    level : float
        Confidence level, default 0.95.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds as proportions; NaN where ``n < 2`` or ``df < 1``.

    Notes
    -----
    The Clopper-Pearson interval with the effective sample size ``n* = p(1-p) / var`` in place
    of ``n`` and ``n* p`` successes, after the degrees-of-freedom adjustment
    ``n* (t_{n-1} / t_df)^2`` with ``t`` the ``(1 - level) / 2`` quantiles (Korn & Graubard
    1998, eq. 2.5; Parker et al. 2017). This is R's ``svyciprop(method="beta")``, except that,
    as Korn & Graubard (1998) and Parker et al. (2017) advise, ``n*`` is truncated at ``n`` (a
    design effect below 1 counts as 1) and equals ``n`` when ``p`` is 0 or 1 (R returns NaN
    there), so that 12 out of 12 gives a proper interval.

    References
    ----------
    Korn & Graubard (1998); Parker et al. (2017); see the module references.
    Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits
    illustrated in the case of the binomial. *Biometrika* 26(4), 404-413.

    Examples
    --------
    >>> lo, hi = korn_graubard_interval(1.0, 0.0, 12, 11)
    >>> round(float(lo), 4), float(hi)  # Clopper-Pearson for 12 of 12: 0.025 ** (1 / 12)
    (0.7354, 1.0)
    """
    p, var, n, df = (np.asarray(a, dtype=float) for a in (p, var, n, df))
    alpha = 1 - level
    ok = (n >= 2) & (df >= 1) & np.isfinite(p)
    n_safe, df_safe = np.where(ok, n, 2.0), np.where(ok, df, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_star = p * (1 - p) / var
    n_star = np.where((n_star > 0) & (n_star < n_safe), n_star, n_safe)
    n_star = n_star * (t_ppf(alpha / 2, n_safe - 1) / t_ppf(alpha / 2, df_safe)) ** 2
    x = n_star * np.where(ok, p, 0.5)
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(x > 0, beta_ppf(alpha / 2, x, n_star - x + 1), 0.0)
        hi = np.where(x < n_star, beta_ppf(1 - alpha / 2, x + 1, n_star - x), 1.0)
    return np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)


def nps_adjusted_wald_interval(promoters, detractors, var, n, df, level: float = 0.95):
    """Adjusted Wald interval for a Net Promoter Score on the design effective n.

    Parameters
    ----------
    promoters, detractors : array-like of float
        Weighted shares (0-1) of answers 9-10 and 0-6.
    var : array-like of float
        Design variance of ``promoters - detractors`` (in squared proportions).
    n : array-like of int
        Number of answers.
    df : array-like of float
        Degrees of freedom for the critical value.
    level : float
        Confidence level, default 0.95.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Bounds on the -1..1 scale (multiply by 100 for points), clipped to [-1, 1]; NaN where
        ``n < 1`` or ``df < 1``.

    Notes
    -----
    Rocks (2016) found the adjusted Wald interval best among the intervals he compared: add
    3/4 of an answer to the promoters and to the detractors (3/2 to the passives, 3 in all)
    and use the trinomial variance ``[p_P + p_D - (p_P - p_D)^2] / (n + 3)`` around
    ``p_P - p_D`` of the adjusted shares. The design enters through the effective n,
    ``n* = [p_P + p_D - (p_P - p_D)^2] / var``: the trinomial variance over the design
    variance, the same divisor as the Korn-Graubard effective n of a share, truncated at
    ``n`` and ``n`` when the score has no variance (all promoters), so that 12 promoters out
    of 12 do not give [100, 100]. The critical value is ``t(df)``, as for the means.

    References
    ----------
    Rocks (2016); see the module references.

    Examples
    --------
    >>> lo, hi = nps_adjusted_wald_interval(1.0, 0.0, 0.0, 12, 11)
    >>> round(float(lo), 4), float(hi)  # 0.8 -+ t(11) sqrt(0.26 / 15)
    (0.5102, 1.0)
    """
    p_p, p_d, var, n, df = (np.asarray(a, dtype=float) for a in (promoters, detractors, var, n, df))
    ok = (n >= 1) & (df >= 1) & np.isfinite(p_p) & np.isfinite(p_d)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_star = (p_p + p_d - (p_p - p_d) ** 2) / var
    n_star = np.where((n_star > 0) & (n_star < n), n_star, n)
    adj_p = (n_star * p_p + 0.75) / (n_star + 3)
    adj_d = (n_star * p_d + 0.75) / (n_star + 3)
    centre = adj_p - adj_d
    with np.errstate(invalid="ignore", divide="ignore"):
        half = t_ppf(0.5 + level / 2, np.where(ok, df, 1.0)) * np.sqrt(
            (adj_p + adj_d - centre**2) / (n_star + 3)
        )
    lo = np.clip(centre - half, -1.0, 1.0)
    hi = np.clip(centre + half, -1.0, 1.0)
    return np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)


def change_test(estimate_a, se_a, df_a, estimate_b, se_b, df_b) -> ChangeTest:
    """Design-based test of the change from wave ``a`` to wave ``b`` (independent samples).

    Parameters
    ----------
    estimate_a, se_a, df_a : array-like of float
        Estimate, design SE and design df in the earlier wave (e.g. from
        :func:`survey_estimate`).
    estimate_b, se_b, df_b : array-like of float
        The same for the later wave.

    Returns
    -------
    ChangeTest
        ``difference = b - a``, ``se = sqrt(se_a^2 + se_b^2)``, ``df = df_a + df_b`` and the
        two-sided ``p`` from t; floats for scalar input, arrays otherwise.

    Notes
    -----
    When each wave draws its clusters afresh the two samples are independent, which is the
    same as stacking them into one design with the wave as stratum: the covariance is zero,
    the variances add and the design df add (PSUs minus strata of the stacked design). This
    equals R's ``svycontrast(svyby(~y, ~wave, svydesign(id=~cluster, strata=~wave, ...),
    svymean, covmat=TRUE), c(-1, 1))`` with ``df = degf(design)``. When the same clusters
    are revisited, the waves are not independent: stack them with the cluster (not the wave)
    as PSU and use :meth:`SurveyEstimates.differences` with the wave as domain.

    Examples
    --------
    >>> r = change_test(3.5, 0.1, 20, 3.8, 0.1, 25)
    >>> round(r.difference, 3), round(r.se, 4), r.df, round(r.p, 4)
    (0.3, 0.1414, 45.0, 0.0394)
    """
    a, sa, da, b, sb, db = (
        np.asarray(v, dtype=float) for v in (estimate_a, se_a, df_a, estimate_b, se_b, df_b)
    )
    diff = b - a
    se = np.sqrt(sa**2 + sb**2)
    df = da + db
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(df >= 1, 2 * t_sf(np.abs(diff / se), np.maximum(df, 1)), np.nan)
    return ChangeTest(*(_scalar_or_array(v) for v in (diff, se, df, p)))


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


def indicative(n_eff, minimum: float = INDICATIVE_MIN_N_EFF):
    """Whether an estimate is "indicative": design effective n below ``minimum`` (30).

    Parameters
    ----------
    n_eff : array-like of float
        Design effective sample sizes (``n / deff``, column ``n_eff`` of an estimate table).
    minimum : float
        Smallest effective n for a firm estimate; default :data:`INDICATIVE_MIN_N_EFF`.

    Returns
    -------
    bool or numpy.ndarray of bool
        True where ``n_eff < minimum`` or unknown (NaN).

    Examples
    --------
    >>> indicative([12.0, 29.9, 30.0, float("nan")]).tolist()
    [True, True, False, True]
    """
    n_eff = np.asarray(n_eff, dtype=float)
    out = ~(n_eff >= minimum)
    return bool(out) if out.ndim == 0 else out


def _values(values, rows: int) -> np.ndarray:
    try:
        x = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise InputError("values must be numeric (use NaN for a missing answer)") from None
    if x.size != rows:
        raise InputError(f"{x.size} values for a design of {rows} rows")
    if np.isinf(x).any():
        raise InputError("values must be finite")
    return x


def _derived(x: np.ndarray, valid: np.ndarray, measure: str, threshold: float) -> np.ndarray:
    """The value whose weighted mean is the estimate, in the reported units."""
    if measure == "mean":
        return x
    if measure == "share":
        return 100.0 * (x >= threshold)
    xv = x[valid]
    bad = (xv < 0) | (xv > 10) | (xv != np.round(xv))
    if bad.any():
        raise InputError(f"NPS answer {xv[bad][0]:g} is not an integer from 0 to 10")
    return 100.0 * ((x >= 9).astype(float) - (x <= 6).astype(float))


class Domains(NamedTuple):
    """Domain labels and each design row's domain, worked out once (see :func:`domains`)."""

    labels: pd.DataFrame  # one row per domain, sorted
    codes: np.ndarray  # per design row: the domain's position in ``labels``, -1 for none


def domains(by, rows: int) -> Domains:
    """The domains of ``by`` (as :func:`survey_estimate` reads it) for a design of ``rows`` rows.

    Pass the result as ``by`` to many :func:`survey_estimate` calls over the same groups (one
    per item, say), so the grouping is worked out once instead of once per call.

    Examples
    --------
    >>> d = domains(["b", "a", None, "b"], 4)
    >>> d.labels["group"].tolist(), d.codes.tolist()
    (['a', 'b'], [1, 0, -1, 1])
    """
    return Domains(*_domains(by, rows))


def _domains(by, rows: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Domain labels (a frame, one row per domain, sorted) and each row's code (-1: none)."""
    if isinstance(by, Domains):
        if len(by.codes) != rows:
            raise InputError(f"{len(by.codes)} domain codes for a design of {rows} rows")
        return by.labels, by.codes
    if by is None:
        return pd.DataFrame({"group": [None]}), np.zeros(rows, dtype=int)
    if isinstance(by, pd.DataFrame):
        keys = by.reset_index(drop=True)
        clash = [c for c in keys.columns if c in ESTIMATE_COLUMNS]
        if clash:
            raise InputError(f"domain column(s) {clash} clash with the output columns")
    elif isinstance(by, pd.Series):
        name = by.name if by.name is not None and by.name not in ESTIMATE_COLUMNS else "group"
        keys = by.reset_index(drop=True).to_frame(name)
    else:
        keys = pd.DataFrame({"group": np.asarray(by, dtype=object).ravel()})
    if len(keys) != rows:
        raise InputError(f"{len(keys)} domain labels for a design of {rows} rows")
    codes = keys.groupby(list(keys.columns), sort=True, dropna=True).ngroup()
    has = codes.notna().to_numpy()
    code = np.where(has, codes.fillna(-1), -1).astype(int)
    first = np.flatnonzero(has)[np.unique(code[has], return_index=True)[1]]
    return keys.iloc[first].reset_index(drop=True), code


def _group_labels(table: pd.DataFrame) -> list:
    cols = [c for c in table.columns if c not in ESTIMATE_COLUMNS]
    if len(cols) == 1:
        return table[cols[0]].tolist()
    return list(table[cols].itertuples(index=False, name=None))


def _t_interval(est, se, df, level):
    with np.errstate(invalid="ignore"):
        t = np.where(df >= 1, t_ppf(0.5 + level / 2, np.maximum(df, 1)), np.nan)
    return est - t * se, est + t * se


def _scalar_or_array(v: np.ndarray):
    return float(v) if v.ndim == 0 else v
