"""Sample size and power for the mean judgements of the customer-experience survey.

The outcome is continuous: the mean overall judgement (``totaaloordeel``, 1-5) per organisation
and the mean aspect scores. Everything here plans *net* numbers of respondents, i.e. respondents
with a valid rating for the organisation; :func:`gross_sample_size` turns them into the number to
invite.

Effect sizes are named explicitly:

* ``difference``: a difference in means in scale points (e.g. 0.2 on the 1-5 scale);
* ``sd``: the standard deviation of the rating among respondents (estimate it from a wave with
  :func:`sd_by_organisation`);
* Cohen's d ``= difference / sd`` (:func:`cohens_d`; Cohen 1988 ch. 2);
* Cohen's f ``= σ_m / sd``, the standard deviation of the group means divided by the common
  within-group sd, for the one-way ANOVA (:func:`cohens_f_from_means`; Cohen 1988 ch. 8). Not f²:
  statsmodels' :class:`~statsmodels.stats.power.FTestAnovaPower` takes f (noncentrality
  ``f² N``) and the tests check it against Cohen's Table 8.4.4 (the older ``FTestPower`` mixed up
  f and f², statsmodels issue 8646; it is not used here).

Conventions shared by all functions:

* two-sided tests; ``alpha`` and ``power`` in (0, 1) with ``power > alpha``;
* ``n`` is the net size of group 1 and ``ratio = n2 / n1`` (statsmodels' convention);
* a design effect ``deff`` multiplies the required n and divides the effective n (Kish 1965;
  see :mod:`helpers.stats._design_effects`): the tests are computed on ``n / deff`` respondents,
  degrees of freedom included;
* ``method="t"`` (default) uses the two-sample t-test with pooled sd through statsmodels'
  :class:`~statsmodels.stats.power.TTestIndPower`; ``method="normal"`` the closed-form
  large-sample formula ``n1 = (z_{1-α/2} + z_{1-β})² σ² (1 + 1/ratio) / δ²``, which neglects the
  probability of rejecting in the wrong direction and the t-distribution (about one respondent
  per group fewer than the t-test at α = 0.05, power 0.8).

statsmodels' power functions are used for the power itself; its ``solve_power`` is scalar and
returns NaN with a warning when its root finder does not converge, so the inverse problems are
solved here with a vectorised bracketing bisection on those same power functions.

The power of the impact analysis (regression of the overall judgement on the aspects,
:mod:`helpers.stats._importance`) is simulated in :mod:`helpers.stats._power_impact`
(:func:`helpers.stats._power_impact.simulate_impact_power`). Several groups (pairwise tests, the
one-way ANOVA) are in :mod:`helpers.stats._power_groups`; net to gross and the continuous
measurement planner in :mod:`helpers.stats._planning`; the design parameters of one wave in
:mod:`helpers.stats._power_wave` and the sample design planned from them in
:mod:`helpers.stats._planning_wave`. The Dutch power report is :mod:`helpers.report.power`.

References
----------
Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed. Hillsdale:
Lawrence Erlbaum.

Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal
of Statistics* 6(2), 65-70.

Kish, L. (1965). *Survey Sampling*. New York: Wiley.

Lohr, S. L. (2019). *Sampling: Design and Analysis*, 2nd ed. Boca Raton: CRC Press.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Literal

import numpy as np

from helpers.errors import InputError
from helpers.stats._distributions import norm_cdf, norm_isf, t_ppf

__all__ = [
    "ORGANISATIONS",
    "cohens_d",
    "cohens_f_from_means",
    "mean_ci_half_width",
    "minimum_detectable_difference",
    "n_for_ci_half_width",
    "n_per_group",
    "power_two_means",
]

ORGANISATIONS: tuple[str, ...] = ("IND", "COA", "DTV", "keten")
"""Order in which organisations are reported (others follow alphabetically)."""

Method = Literal["t", "normal"]


@functools.cache
def _statsmodels_power(kind: str):
    """statsmodels' ``TTestIndPower`` or ``FTestAnovaPower``, imported on first use (statsmodels
    takes a second to import; most reports never compute a power)."""
    from statsmodels.stats.power import FTestAnovaPower, TTestIndPower

    return TTestIndPower() if kind == "t" else FTestAnovaPower()


_MAX_DOUBLINGS = 200
_MAX_BISECTIONS = 200


# --------------------------------------------------------------------------------------------
# validation and numerics


def _out(x) -> float | np.ndarray:
    """Python float for a 0-d result, the array otherwise."""
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def _finite(name: str, value) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {value!r}") from None
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} must be a finite number, got {value!r}")
    return arr


def _positive(name: str, value) -> np.ndarray:
    arr = _finite(name, value)
    if np.any(arr <= 0):
        raise InputError(f"{name} must be positive, got {value!r}")
    return arr


def _nonzero_abs(name: str, value) -> np.ndarray:
    arr = _finite(name, value)
    if np.any(arr == 0):
        raise InputError(f"{name} must not be 0, got {value!r}")
    return np.abs(arr)


def _probability(name: str, value) -> np.ndarray:
    arr = _finite(name, value)
    if np.any((arr <= 0) | (arr >= 1)):
        raise InputError(f"{name} must lie in (0, 1), got {value!r}")
    return arr


def _alpha_power(alpha, power) -> tuple[np.ndarray, np.ndarray]:
    a = _probability("alpha", alpha)
    p = _probability("power", power)
    if np.any(p <= a):
        raise InputError(
            "power must be larger than alpha (a test rejects with probability "
            "alpha even when there is no difference)"
        )
    return a, p


def _share(name: str, value) -> np.ndarray:
    arr = _finite(name, value)
    if np.any((arr <= 0) | (arr > 1)):
        raise InputError(f"{name} must lie in (0, 1], got {value!r}")
    return arr


def _method(method: str) -> str:
    if method not in ("t", "normal"):
        raise InputError(f"method must be 't' or 'normal', got {method!r}")
    return method


def _solve_increasing(
    func: Callable[[np.ndarray], np.ndarray],
    target: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    *,
    geometric: bool,
) -> np.ndarray:
    """Vectorised root of ``func(x) = target`` for ``func`` increasing in ``x``.

    ``func(lo) < target`` is assumed; ``hi`` is doubled until ``func(hi) >= target``, then
    bisected (geometrically when ``lo > 0``). Returns the upper end of the final bracket, so
    ``func(result) >= target``; NaN where no ``hi`` reaches the target.
    """
    target, lo, hi = (np.array(a, dtype=float) for a in np.broadcast_arrays(target, lo, hi))
    reached = np.zeros(target.shape, dtype=bool)
    for _ in range(_MAX_DOUBLINGS):
        reached = func(hi) >= target
        if reached.all():
            break
        hi = np.where(reached, hi, 2.0 * hi)
    hi = np.where(reached, hi, np.nan)
    for _ in range(_MAX_BISECTIONS):
        mid = np.sqrt(lo * hi) if geometric else 0.5 * (lo + hi)
        up = func(mid) >= target
        hi = np.where(up, mid, hi)
        lo = np.where(up, lo, mid)
        done = ~np.isfinite(hi) | (hi - lo <= 1e-12 * np.abs(hi))
        if done.all():
            break
    return hi


def _t_power(d, n1_eff, alpha, ratio) -> np.ndarray:
    """Power of the two-sided pooled two-sample t-test (statsmodels ``TTestIndPower``).

    ``d >= 0``. ``scipy.special.nctdtr``, which statsmodels uses, returns NaN instead of a
    vanishing tail probability for some large noncentralities (then the power is near 1).
    Those entries are recomputed with ``scipy.stats.nct.sf`` for the upper tail, a NaN in the
    lower tail (below ``-t_crit``, negligible for ``d >= 0``) counts as 0, and a remaining NaN
    falls back to the normal approximation ``Φ(nc - t_crit)``.
    """
    d, n1_eff, alpha, ratio = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (d, n1_eff, alpha, ratio))
    )
    with np.errstate(all="ignore"):
        p = np.array(
            _statsmodels_power("t").power(
                effect_size=d, nobs1=n1_eff, alpha=alpha, ratio=ratio, alternative="two-sided"
            ),
            dtype=float,
        )
    bad = np.isnan(p)
    if bad.any():
        from scipy import stats  # the rare fallback only: importing scipy.stats costs 0.7 s

        df = n1_eff[bad] * (1 + ratio[bad]) - 2
        nc = d[bad] * np.sqrt(n1_eff[bad] * ratio[bad] / (1 + ratio[bad]))
        crit = stats.t.isf(alpha[bad] / 2, df)
        with np.errstate(all="ignore"):
            upper = stats.nct.sf(crit, df, nc)
            lower = np.nan_to_num(stats.nct.cdf(-crit, df, nc), nan=0.0)
        upper = np.where(np.isnan(upper), stats.norm.sf(crit - nc), upper)
        p[bad] = np.minimum(upper + lower, 1.0)
    return p


def _f_power(f, n_total_eff, alpha, k_groups) -> np.ndarray:
    """Power of the one-way ANOVA F-test (statsmodels ``FTestAnovaPower``, Cohen's f)."""
    f, n, alpha, k = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (f, n_total_eff, alpha, k_groups))
    )
    with np.errstate(all="ignore"):
        p = np.array(
            _statsmodels_power("f").power(effect_size=f, nobs=n, alpha=alpha, k_groups=k),
            dtype=float,
        )
    bad = np.isnan(p)
    if bad.any():
        from scipy import stats  # the rare fallback only

        crit = stats.f.isf(alpha[bad], k[bad] - 1, n[bad] - k[bad])
        p[bad] = stats.ncf.sf(crit, k[bad] - 1, n[bad] - k[bad], f[bad] ** 2 * n[bad])
    return p


def _z_power(d, n1_eff, alpha, ratio) -> np.ndarray:
    """One-tailed normal approximation, the exact inverse of the closed-form n."""
    se = np.sqrt((1 + 1 / ratio) / n1_eff)
    return norm_cdf(d / se - norm_isf(alpha / 2))


def _min_n1_eff(ratio) -> np.ndarray:
    """Smallest effective n1 with at least one degree of freedom: n1 (1 + ratio) - 2 >= 1."""
    return 3.0 / (1.0 + np.asarray(ratio, dtype=float))


# --------------------------------------------------------------------------------------------
# effect sizes


def cohens_d(difference, sd) -> float | np.ndarray:
    """Cohen's d, the standardised difference ``difference / sd`` (Cohen 1988 eq. 2.2.1).

    Parameters
    ----------
    difference : float or array-like
        Difference in means in scale points (sign kept).
    sd : float or array-like
        Common (pooled) standard deviation of the rating, positive.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> cohens_d(0.25, 1.25)
    0.2
    """
    return _out(_finite("difference", difference) / _positive("sd", sd))


def cohens_f_from_means(group_means, sd) -> float:
    """Cohen's f of a one-way layout: ``σ_m / sd`` (Cohen 1988 eqs. 8.2.1-8.2.2).

    Parameters
    ----------
    group_means : array-like of float
        The expected mean per group (at least two), e.g. per nationality.
    sd : float
        Common standard deviation within the groups.

    Returns
    -------
    float
        ``f = sqrt(Σ (μ_i - μ̄)² / k) / sd``, for equal group sizes. It is f, not f²; for two
        groups ``f = d / 2``.

    Examples
    --------
    >>> round(cohens_f_from_means([3.0, 3.25, 3.5], 1.0), 4)    # sqrt((.0625 + 0 + .0625)/3)
    0.2041
    >>> cohens_f_from_means([3.0, 3.5], 1.0)                      # d = 0.5 -> f = 0.25
    0.25
    """
    mu = _finite("group means", group_means).ravel()
    if mu.size < 2:
        raise InputError("need the means of at least two groups")
    return float(np.sqrt(np.mean((mu - mu.mean()) ** 2)) / float(_positive("sd", sd)))


# --------------------------------------------------------------------------------------------
# two groups: power, n, minimum detectable difference


def power_two_means(
    difference, sd, n, *, alpha=0.05, ratio=1.0, deff=1.0, method: Method = "t"
) -> float | np.ndarray:
    """Power of a two-sided two-sample comparison of means.

    Parameters
    ----------
    difference : float or array-like
        True difference in means, in scale points (non-zero; the sign does not matter).
    sd : float or array-like
        Standard deviation of the rating within each group.
    n : float or array-like
        Net number of respondents in group 1; group 2 has ``ratio · n``.
    alpha : float, default 0.05
        Two-sided significance level.
    ratio : float, default 1
        ``n2 / n1``.
    deff : float, default 1
        Design effect; the test is computed on the effective sizes ``n / deff`` and
        ``ratio · n / deff``.
    method : {"t", "normal"}, default "t"
        Pooled t-test (statsmodels ``TTestIndPower``) or the one-tailed normal approximation.

    Returns
    -------
    float or numpy.ndarray
        Probability of a significant result, broadcast over the inputs.

    Notes
    -----
    With Cohen's ``d = difference / sd`` and the effective sizes, the t-test statistic is
    noncentral t with ``df = n1 + n2 - 2`` and noncentrality ``d / sqrt(1/n1 + 1/n2)``
    (Cohen 1988 ch. 2).

    Examples
    --------
    >>> round(power_two_means(0.5, 1.0, 64), 4)    # Cohen (1988) §2.3: d=.5, n=64 -> .80
    0.8015
    """
    d = _nonzero_abs("difference", difference) / _positive("sd", sd)
    n_eff = _positive("n", n) / _positive("deff", deff)
    a = _probability("alpha", alpha)
    r = _positive("ratio", ratio)
    if _method(method) == "normal":
        return _out(_z_power(d, n_eff, a, r))
    if np.any(n_eff * (1 + r) - 2 < 1):
        raise InputError("n too small: the t-test needs (n / deff) · (1 + ratio) >= 3")
    return _out(_t_power(d, n_eff, a, r))


def n_per_group(
    difference, sd, *, alpha=0.05, power=0.8, ratio=1.0, deff=1.0, method: Method = "t"
) -> float | np.ndarray:
    """Net n of group 1 needed to detect a difference in mean judgement.

    For two waves or two subgroups, two-sided test of equal means.

    Parameters
    ----------
    difference : float or array-like
        Smallest difference in means worth detecting, in scale points (non-zero).
    sd : float or array-like
        Standard deviation of the rating (e.g. from :func:`sd_by_organisation`).
    alpha : float, default 0.05
        Two-sided significance level.
    power : float, default 0.8
        Required power ``1 - β``.
    ratio : float, default 1
        ``n2 / n1``; group 2 needs ``ratio ·`` the returned n.
    deff : float, default 1
        Design effect; multiplies the n of a simple random sample.
    method : {"t", "normal"}, default "t"
        See the module docstring.

    Returns
    -------
    float or numpy.ndarray
        Unrounded net n of group 1 (plan with ``ceil``).

    Notes
    -----
    Normal approximation (the large-sample formula, e.g. Lohr 2019 ch. 2):
    ``n1 = deff · (z_{1-α/2} + z_{1-β})² σ² (1 + 1/ratio) / δ²``. The t-test solves
    ``power_two_means(δ, σ, n1) = power`` exactly and needs about ``z²_{1-α/2}/4`` (≈ 1 at
    α = .05) respondents more per group (Guenther 1981); Cohen's (1988) eq. 2.4.1,
    ``n = n_.10 / (100 d²) + 1``, carries the same "+1".

    References
    ----------
    Cohen, J. (1988), ch. 2, Table 2.4.1. Guenther, W. C. (1981). Sample size formulas for
    normal theory T tests. *The American Statistician* 35(4), 243-244.

    Examples
    --------
    Cohen's (1988) Table 2.4.1 gives n = 64 per group for d = 0.5, α = .05 two-sided, power .80:

    >>> round(n_per_group(0.5, 1.0), 2)
    63.77
    >>> round(n_per_group(0.5, 1.0, method="normal"), 2)   # 2 (1.96 + 0.8416)² / 0.25
    62.79
    >>> round(n_per_group(0.2, 1.0, deff=1.5, ratio=2), 1)  # group 2: twice as many
    442.5
    """
    d = _nonzero_abs("difference", difference) / _positive("sd", sd)
    a, p = _alpha_power(alpha, power)
    r = _positive("ratio", ratio)
    f = _positive("deff", deff)
    z = norm_isf(a / 2) + norm_isf(1 - p)
    n_normal = z**2 * (1 + 1 / r) / d**2
    if _method(method) == "normal":
        return _out(f * n_normal)
    lo = _min_n1_eff(r)
    n_eff = _solve_increasing(
        lambda n: _t_power(d, n, a, r), p, lo, np.maximum(n_normal + 2.0, 2.0 * lo), geometric=True
    )
    n_eff = np.where(_t_power(d, lo, a, r) >= p, lo, n_eff)
    return _out(f * n_eff)


def minimum_detectable_difference(
    n, sd, *, alpha=0.05, power=0.8, ratio=1.0, deff=1.0, method: Method = "t"
) -> float | np.ndarray:
    """Smallest difference in means (scale points) detected with the given power at net n.

    Parameters
    ----------
    n : float or array-like
        Net respondents in group 1; group 2 has ``ratio · n``.
    sd : float or array-like
        Standard deviation of the rating.
    alpha, power, ratio, deff, method
        As in :func:`n_per_group`.

    Returns
    -------
    float or numpy.ndarray
        The minimum detectable difference (MDE) ``δ`` in scale points; ``δ / sd`` is Cohen's d.

    Raises
    ------
    InputError
        When ``n / deff`` is too small for the t-test (fewer than one degree of freedom).

    Notes
    -----
    Normal approximation: ``δ = (z_{1-α/2} + z_{1-β}) σ sqrt((1 + 1/ratio) deff / n)``; the t-test
    version solves ``power_two_means(δ, σ, n) = power`` for ``δ``.

    Examples
    --------
    >>> round(minimum_detectable_difference(64, 1.0), 3)        # Cohen's d ≈ .5 at n = 64
    0.499
    >>> round(minimum_detectable_difference(400, 1.1, deff=1.3), 3)
    0.249
    """
    n_eff = _positive("n", n) / _positive("deff", deff)
    s = _positive("sd", sd)
    a, p = _alpha_power(alpha, power)
    r = _positive("ratio", ratio)
    z = norm_isf(a / 2) + norm_isf(1 - p)
    d_normal = z * np.sqrt((1 + 1 / r) / n_eff)
    if _method(method) == "normal":
        return _out(s * d_normal)
    if np.any(n_eff * (1 + r) - 2 < 1):
        raise InputError(
            "n too small to reach the power: the t-test needs "
            "(n / deff) · (1 + ratio) >= 3 respondents"
        )
    d = _solve_increasing(
        lambda x: _t_power(x, n_eff, a, r), p, 0.0, 2.0 * d_normal + 1e-3, geometric=False
    )
    if np.any(~np.isfinite(d)):
        raise InputError("n too small to reach the power")
    return _out(s * d)


# --------------------------------------------------------------------------------------------
# precision of one mean


def mean_ci_half_width(
    n, sd, *, confidence=0.95, deff=1.0, method: Method = "t"
) -> float | np.ndarray:
    """Half-width of the confidence interval of a mean at net n.

    Parameters
    ----------
    n : float or array-like
        Net respondents.
    sd : float or array-like
        Standard deviation of the rating.
    confidence : float, default 0.95
        Confidence level.
    deff : float, default 1
        Design effect (``n / deff`` effective respondents; include the fpc here if wanted,
        :func:`helpers.stats._design_effects.combined_deff`).
    method : {"t", "normal"}, default "t"
        ``t_{(1+c)/2, n_eff - 1}`` or ``z_{(1+c)/2}`` as the multiplier.

    Returns
    -------
    float or numpy.ndarray
        ``q · sd · sqrt(deff / n)`` in scale points.

    Notes
    -----
    Lohr (2019) ch. 2; with a design effect, the variance of the mean is ``deff · sd² / n``
    (Kish 1965 §8.2). The t version uses ``n / deff - 1`` degrees of freedom.

    Examples
    --------
    >>> round(mean_ci_half_width(100, 1.0, method="normal"), 4)    # 1.96 / 10
    0.196
    >>> round(mean_ci_half_width(100, 1.0), 4)                     # t_{.975, 99} / 10
    0.1984
    """
    n_eff = _positive("n", n) / _positive("deff", deff)
    s = _positive("sd", sd)
    c = _probability("confidence", confidence)
    if _method(method) == "normal":
        q = norm_isf((1 - c) / 2)
    else:
        if np.any(n_eff <= 1):
            raise InputError("n too small: the t interval needs n / deff > 1")
        q = -t_ppf((1 - c) / 2, n_eff - 1)
    return _out(q * s / np.sqrt(n_eff))


def n_for_ci_half_width(
    half_width, sd, *, confidence=0.95, deff=1.0, method: Method = "t"
) -> float | np.ndarray:
    """Net n for which the confidence interval of a mean has the given half-width.

    Parameters
    ----------
    half_width : float or array-like
        Wanted half-width (margin of error) in scale points.
    sd, confidence, deff, method
        As in :func:`mean_ci_half_width`.

    Returns
    -------
    float or numpy.ndarray
        Unrounded net n (at least ``2 · deff`` for the t version).

    Notes
    -----
    Normal: ``n = deff (z_{(1+c)/2} sd / h)²`` (Lohr 2019 ch. 2); the t version solves
    :func:`mean_ci_half_width` ``= h`` numerically.

    Examples
    --------
    >>> round(n_for_ci_half_width(0.196, 1.0, method="normal"), 1)
    100.0
    >>> round(n_for_ci_half_width(0.1984, 1.0), 0)
    100.0
    """
    h = _positive("half_width", half_width)
    s = _positive("sd", sd)
    c = _probability("confidence", confidence)
    f = _positive("deff", deff)
    n_normal = (norm_isf((1 - c) / 2) * s / h) ** 2
    if _method(method) == "normal":
        return _out(f * n_normal)

    def minus_half_width(n_eff):
        return t_ppf((1 - c) / 2, n_eff - 1) * s / np.sqrt(n_eff)

    lo = np.full(np.broadcast(h, s, c).shape, 2.0)
    n_eff = _solve_increasing(
        minus_half_width, -h, lo, np.maximum(n_normal + 4.0, 4.0), geometric=True
    )
    n_eff = np.where(minus_half_width(lo) >= -h, lo, n_eff)
    return _out(f * n_eff)
