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
(:func:`helpers.stats._power_impact.simulate_impact_power`). The last sections turn one wave into the
inputs and tables of the power report (notebook 04): :func:`design_parameters_report`,
:func:`recommended_design`, :func:`measurement_plan_from_wave`, :func:`subgroup_sizes` and
:func:`subgroup_comparison_plan`, with Dutch views and :func:`power_key_figures`.

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

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.power import FTestAnovaPower, TTestIndPower

from helpers.errors import InputError
from helpers.stats import _design_effects as de

__all__ = [
    "DESIGN_COLUMNS_NL",
    "DESIGN_DECIMALS",
    "ORGANISATIONS",
    "SUBGROUP_COLUMNS_NL",
    "cohens_d",
    "cohens_f_from_means",
    "contact_share_by_organisation",
    "continuous_measurement_plan",
    "design_parameters_report",
    "design_view",
    "gross_by_organisation",
    "gross_sample_size",
    "icc_by_organisation",
    "kish_deff_by_organisation",
    "mean_ci_half_width",
    "measurement_plan_from_wave",
    "minimum_detectable_difference",
    "n_for_ci_half_width",
    "n_per_group",
    "n_per_group_anova",
    "n_per_group_pairwise",
    "pairwise_alpha",
    "plan_view",
    "planned_deff",
    "population_text_nl",
    "power_anova",
    "power_key_figures",
    "power_two_means",
    "recommendation_nl",
    "recommended_design",
    "recommended_view",
    "sd_by_organisation",
    "subgroup_answer_nl",
    "subgroup_comparison_plan",
    "subgroup_sizes",
    "subgroup_sizes_view",
    "subgroup_view",
    "wave_design_parameters",
    "wave_population",
]

ORGANISATIONS: tuple[str, ...] = ("IND", "COA", "DTV", "keten")
"""Order in which organisations are reported (others follow alphabetically)."""

Method = Literal["t", "normal"]

_TTEST = TTestIndPower()
_FTEST = FTestAnovaPower()
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
            _TTEST.power(
                effect_size=d, nobs1=n1_eff, alpha=alpha, ratio=ratio, alternative="two-sided"
            ),
            dtype=float,
        )
    bad = np.isnan(p)
    if bad.any():
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
        p = np.array(_FTEST.power(effect_size=f, nobs=n, alpha=alpha, k_groups=k), dtype=float)
    bad = np.isnan(p)
    if bad.any():
        crit = stats.f.isf(alpha[bad], k[bad] - 1, n[bad] - k[bad])
        p[bad] = stats.ncf.sf(crit, k[bad] - 1, n[bad] - k[bad], f[bad] ** 2 * n[bad])
    return p


def _z_power(d, n1_eff, alpha, ratio) -> np.ndarray:
    """One-tailed normal approximation, the exact inverse of the closed-form n."""
    se = np.sqrt((1 + 1 / ratio) / n1_eff)
    return stats.norm.cdf(d / se - stats.norm.isf(alpha / 2))


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
    z = stats.norm.isf(a / 2) + stats.norm.isf(1 - p)
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
    z = stats.norm.isf(a / 2) + stats.norm.isf(1 - p)
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
        q = stats.norm.isf((1 - c) / 2)
    else:
        if np.any(n_eff <= 1):
            raise InputError("n too small: the t interval needs n / deff > 1")
        q = stats.t.isf((1 - c) / 2, n_eff - 1)
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
    n_normal = (stats.norm.isf((1 - c) / 2) * s / h) ** 2
    if _method(method) == "normal":
        return _out(f * n_normal)

    def minus_half_width(n_eff):
        return -stats.t.isf((1 - c) / 2, n_eff - 1) * s / np.sqrt(n_eff)

    lo = np.full(np.broadcast(h, s, c).shape, 2.0)
    n_eff = _solve_increasing(
        minus_half_width, -h, lo, np.maximum(n_normal + 4.0, 4.0), geometric=True
    )
    n_eff = np.where(minus_half_width(lo) >= -h, lo, n_eff)
    return _out(f * n_eff)


# --------------------------------------------------------------------------------------------
# net to gross


def gross_sample_size(n_net, contact_share, response_rate=1.0) -> float | np.ndarray:
    """Number to invite so that ``n_net`` respondents rate an organisation.

    Parameters
    ----------
    n_net : float or array-like
        Required net respondents with a valid rating of the organisation.
    contact_share : float or array-like
        Share of responding members of the target group who had contact with the organisation
        (and so rate it), in (0, 1]; see :func:`contact_share_by_organisation`.
    response_rate : float or array-like, default 1
        Share of the invited who respond, in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        ``n_net / (contact_share · response_rate)``, unrounded.

    Examples
    --------
    >>> gross_sample_size(200, 0.5, 0.4)
    1000.0
    """
    n = _positive("n_net", n_net)
    return _out(
        n / (_share("contact share", contact_share) * _share("response rate", response_rate))
    )


def _per_org(value, organisations: Sequence[str], name: str) -> np.ndarray:
    """A scalar, a mapping or a Series indexed by organisation, as an array in ``organisations``."""
    if isinstance(value, pd.DataFrame):
        raise InputError(f"{name}: give a number, a dict or a Series indexed by organisation")
    if isinstance(value, Mapping | pd.Series):
        missing = [o for o in organisations if o not in value]
        if missing:
            raise InputError(f"{name}: no value for organisation(s) {', '.join(missing)}")
        return np.array([value[o] for o in organisations], dtype=float)
    arr = _finite(name, value)
    if arr.ndim != 0:
        raise InputError(f"{name}: give a number, a dict or a Series indexed by organisation")
    return np.full(len(organisations), float(arr))


def _org_order(organisations) -> list[str]:
    orgs = list(dict.fromkeys(organisations))
    known = [o for o in ORGANISATIONS if o in orgs]
    return known + sorted(o for o in orgs if o not in ORGANISATIONS)


def gross_by_organisation(n_net, contact_shares, response_rate=None) -> pd.DataFrame:
    """Gross sample per organisation from the net n, the contact shares and the response rate.

    Parameters
    ----------
    n_net : float, mapping or Series
        Net respondents per organisation (a number for all).
    contact_shares : DataFrame, mapping or Series
        Contact share per organisation: a DataFrame with columns ``organisation`` and
        ``contact_share`` (and optionally ``response_rate``), e.g. the output of
        :func:`contact_share_by_organisation`, or a mapping / Series indexed by organisation.
    response_rate : float, mapping or Series, optional
        Response rate (overall or per organisation); required unless ``contact_shares`` has a
        ``response_rate`` column.

    Returns
    -------
    pandas.DataFrame
        One row per organisation with columns ``organisation``, ``n_net``, ``contact_share``,
        ``response_rate``, ``n_gross`` (unrounded), ``n_gross_ceil`` (int) and ``binding``
        (True for the organisation that needs the largest gross sample).

    Notes
    -----
    Only respondents with contact rate an organisation, so its net yield per invitation is
    ``contact_share · response_rate`` and ``n_gross = n_net / (contact_share · response_rate)``.
    One sample serves all organisations: invite ``max(n_gross)`` (the binding row); the
    others then get more than their net n.

    Examples
    --------
    >>> gross_by_organisation(200, {"IND": 0.8, "COA": 0.95, "DTV": 0.25}, 0.4)[
    ...     ["organisation", "n_gross", "binding"]].round(1)
      organisation  n_gross  binding
    0          IND    625.0    False
    1          COA    526.3    False
    2          DTV   2000.0     True
    """
    if isinstance(contact_shares, pd.DataFrame):
        missing = {"organisation", "contact_share"} - set(contact_shares.columns)
        if missing:
            raise InputError(f"contact share table lacks column(s) {', '.join(sorted(missing))}")
        table = contact_shares.set_index("organisation")
        shares = table["contact_share"]
        if response_rate is None and "response_rate" in table.columns:
            response_rate = table["response_rate"]
    elif isinstance(contact_shares, Mapping | pd.Series):
        shares = pd.Series(contact_shares, dtype=float)
    else:
        raise InputError("contact_shares: give a table, a dict or a Series by organisation")
    if response_rate is None:
        raise InputError("give a response rate (overall or per organisation)")
    orgs = _org_order(shares.index)
    if not orgs:
        raise InputError("contact_shares is empty")
    out = pd.DataFrame(
        {
            "organisation": orgs,
            "n_net": _per_org(n_net, orgs, "n_net"),
            "contact_share": _share("contact share", shares.loc[orgs].to_numpy(dtype=float)),
            "response_rate": _share(
                "response rate", _per_org(response_rate, orgs, "response_rate")
            ),
        }
    )
    out["n_gross"] = gross_sample_size(
        out["n_net"].to_numpy(), out["contact_share"].to_numpy(), out["response_rate"].to_numpy()
    )
    out["n_gross_ceil"] = np.ceil(np.round(out["n_gross"], 9)).astype(int)
    out["binding"] = out["n_gross"] == out["n_gross"].max()
    return out


# --------------------------------------------------------------------------------------------
# several subgroups


def pairwise_alpha(
    alpha=0.05,
    *,
    k_groups: int | None = None,
    n_comparisons: int | None = None,
    adjustment: Literal["bonferroni", "holm"] = "bonferroni",
) -> float:
    """Significance level per comparison to plan with when testing several pairs.

    Parameters
    ----------
    alpha : float, default 0.05
        Family-wise error rate.
    k_groups : int, optional
        Number of groups; all ``m = k (k - 1) / 2`` pairs are compared.
    n_comparisons : int, optional
        ``m`` directly (e.g. ``k - 1`` comparisons with a reference group); overrides
        ``k_groups``.
    adjustment : {"bonferroni", "holm"}, default "bonferroni"
        Both give ``alpha / m``; see Notes.

    Returns
    -------
    float
        ``alpha / m``.

    Notes
    -----
    Bonferroni tests every comparison at ``α/m``. Holm's (1979) step-down procedure tests the
    smallest p-value at ``α/m``, the next at ``α/(m-1)``, ... and stops at the first
    non-rejection. Planning with Holm therefore uses its *first step*, i.e. the same ``α/m`` as
    Bonferroni: the pair of interest may well be the one judged at the strictest level (e.g.
    when it is the only real difference, or its p-value is the smallest), and a sample size
    that guarantees the power at ``α/m`` guarantees it at every later, more lenient step. Holm is
    uniformly more powerful than Bonferroni, so the planned n is conservative for it.

    Examples
    --------
    >>> round(pairwise_alpha(0.05, k_groups=4), 6)       # m = 6 pairs
    0.008333
    >>> pairwise_alpha(0.05, k_groups=4, adjustment="holm") == pairwise_alpha(0.05, k_groups=4)
    True
    """
    a = float(_probability("alpha", alpha))
    if adjustment not in ("bonferroni", "holm"):
        raise InputError(f"adjustment must be 'bonferroni' or 'holm', got {adjustment!r}")
    if n_comparisons is None:
        if k_groups is None:
            raise InputError("give k_groups or n_comparisons")
        if int(k_groups) != k_groups or k_groups < 2:
            raise InputError(f"k_groups must be a whole number of at least 2, got {k_groups!r}")
        m = int(k_groups) * (int(k_groups) - 1) // 2
    else:
        if int(n_comparisons) != n_comparisons or n_comparisons < 1:
            raise InputError(
                f"n_comparisons must be a whole number of at least 1, got {n_comparisons!r}"
            )
        m = int(n_comparisons)
    return a / m


def n_per_group_pairwise(
    difference,
    sd,
    k_groups: int | None = None,
    *,
    alpha=0.05,
    power=0.8,
    adjustment: Literal["bonferroni", "holm"] = "bonferroni",
    n_comparisons: int | None = None,
    deff=1.0,
    method: Method = "t",
) -> float | np.ndarray:
    """Net n per group to detect a given difference in every pairwise comparison of k groups.

    Parameters
    ----------
    difference : float or array-like
        Smallest difference between two group means worth detecting (scale points).
    sd : float or array-like
        Common standard deviation.
    k_groups : int, optional
        Number of groups (e.g. nationalities); all pairs are compared.
    alpha : float, default 0.05
        Family-wise error rate.
    power : float, default 0.8
        Power for each comparison.
    adjustment : {"bonferroni", "holm"}, default "bonferroni"
        Multiple-testing method; planning uses ``α/m`` for both (:func:`pairwise_alpha`).
    n_comparisons : int, optional
        Number of comparisons when not all pairs are tested.
    deff, method
        As in :func:`n_per_group`.

    Returns
    -------
    float or numpy.ndarray
        Unrounded net n per group (equal group sizes).

    Notes
    -----
    :func:`n_per_group` at ``α/m``, ``m = k(k-1)/2`` (Bonferroni; Holm 1979, first step).
    The power is per comparison, not the probability of detecting all differences at once.

    Examples
    --------
    >>> round(n_per_group_pairwise(0.3, 1.0, 4), 1)      # alpha 0.05/6 per pair
    270.8
    >>> round(n_per_group(0.3, 1.0), 1)                  # a single comparison
    175.4
    """
    a_pair = pairwise_alpha(
        alpha, k_groups=k_groups, n_comparisons=n_comparisons, adjustment=adjustment
    )
    return n_per_group(difference, sd, alpha=a_pair, power=power, deff=deff, method=method)


def _cohens_f_arg(cohens_f, group_means, sd, k_groups) -> tuple[float, int]:
    if (cohens_f is None) == (group_means is None):
        raise InputError("give either cohens_f (with k_groups) or group_means (with sd)")
    if group_means is not None:
        if sd is None:
            raise InputError("group_means needs the within-group sd")
        means = np.asarray(group_means, dtype=float).ravel()
        if k_groups is not None and k_groups != means.size:
            raise InputError(f"k_groups={k_groups} but {means.size} group means given")
        f = cohens_f_from_means(means, sd)
        if f == 0:
            raise InputError("the group means are all equal: nothing to detect")
        return f, means.size
    f = float(_positive("cohens_f", cohens_f))
    if k_groups is None or int(k_groups) != k_groups or k_groups < 2:
        raise InputError(f"k_groups must be a whole number of at least 2, got {k_groups!r}")
    return f, int(k_groups)


def power_anova(cohens_f, n_per_group, k_groups: int, *, alpha=0.05, deff=1.0) -> float:
    """Power of the one-way ANOVA F-test for k equal groups (statsmodels ``FTestAnovaPower``).

    Parameters
    ----------
    cohens_f : float
        Cohen's f (not f²), see :func:`cohens_f_from_means`.
    n_per_group : float
        Net respondents per group.
    k_groups : int
        Number of groups.
    alpha : float, default 0.05
    deff : float, default 1
        Design effect; the test uses ``k · n / deff`` respondents.

    Returns
    -------
    float

    Notes
    -----
    Under the alternative, ``F`` is noncentral F with ``(k - 1, N - k)`` df and noncentrality
    ``λ = f² N``, ``N = k n`` (Cohen 1988 ch. 8).

    Examples
    --------
    >>> round(power_anova(0.25, 52, 3), 3)        # Cohen (1988) ch. 8: about .80
    0.797
    """
    f, k = _cohens_f_arg(cohens_f, None, None, k_groups)
    n_total = k * float(_positive("n_per_group", n_per_group)) / float(_positive("deff", deff))
    if n_total - k < 1:
        raise InputError("n too small: the F-test needs k · n / deff > k")
    return float(_f_power(f, n_total, _probability("alpha", alpha), k))


def n_per_group_anova(
    k_groups: int | None = None,
    *,
    cohens_f=None,
    group_means=None,
    sd=None,
    alpha=0.05,
    power=0.8,
    deff=1.0,
) -> float:
    """Net n per group for the overall one-way F-test of k group means.

    Parameters
    ----------
    k_groups : int, optional
        Number of groups; needed with ``cohens_f``, implied by ``group_means``.
    cohens_f : float, optional
        Cohen's f (``σ_m / σ``; 0.10 small, 0.25 medium, 0.40 large, Cohen 1988 ch. 8).
    group_means : array-like, optional
        Expected group means instead of f (then ``sd`` is required).
    sd : float, optional
        Common within-group sd.
    alpha : float, default 0.05
    power : float, default 0.8
    deff : float, default 1
        Design effect, multiplies the result.

    Returns
    -------
    float
        Unrounded net n per group (equal groups).

    Notes
    -----
    Solves :func:`power_anova` for ``n``. statsmodels' ``FTestAnovaPower`` is parametrised by f
    and the *total* N; this returns ``N / k``. With two groups ``f = d/2`` and the F-test equals
    the two-sided t-test (:func:`n_per_group`).

    References
    ----------
    Cohen, J. (1988), ch. 8, Table 8.4.4.

    Examples
    --------
    Cohen's Table 8.4.4: ``u = k - 1 = 2``, f = .25, α = .05, power .80 gives n = 52:

    >>> round(n_per_group_anova(3, cohens_f=0.25), 1)
    52.4
    >>> round(n_per_group_anova(group_means=[3.4, 3.6, 3.8, 3.5], sd=1.0), 1)
    125.6
    """
    f, k = _cohens_f_arg(cohens_f, group_means, sd, k_groups)
    a, p = _alpha_power(alpha, power)
    dfact = float(_positive("deff", deff))
    lo = np.asarray(k + 1.0)
    if _f_power(f, lo, a, k) >= p:
        return float(dfact * lo / k)
    z = stats.norm.isf(a / 2) + stats.norm.isf(1 - p)
    n_total = _solve_increasing(
        lambda n: _f_power(f, n, a, k), p, lo, np.maximum(k * z**2 / f**2, 2 * lo), geometric=True
    )
    return float(dfact * n_total / k)


# --------------------------------------------------------------------------------------------
# continuous measurement


_LAGS = {"quarter_on_quarter": 1, "year_on_year": 4}


def continuous_measurement_plan(
    quarterly_n_net,
    sd,
    *,
    windows: Sequence[int] = (1, 2, 4),
    comparisons: Sequence[str] = ("quarter_on_quarter", "year_on_year"),
    subgroups: float | Mapping[str, float] | None = None,
    deff=1.0,
    icc=None,
    cluster_size_quarter=None,
    contact_shares=None,
    response_rate=None,
    organisations: Sequence[str] | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    method: Method = "t",
) -> pd.DataFrame:
    """Detectable change per organisation for quarterly fieldwork pooled over windows.

    Each quarter yields ``quarterly_n_net`` respondents with a valid rating per organisation.
    Results are published as the mean over the last ``w`` quarters (a moving window), and a
    published figure is compared with the one a quarter earlier (``quarter_on_quarter``) or a
    year earlier (``year_on_year``).

    Parameters
    ----------
    quarterly_n_net : float, mapping or Series
        Net respondents per quarter per organisation (a number applies to all).
    sd : float, mapping or Series
        Standard deviation of the rating per organisation.
    windows : sequence of int, default (1, 2, 4)
        Window lengths ``w`` in quarters.
    comparisons : sequence of str, default ("quarter_on_quarter", "year_on_year")
        Lags of 1 and 4 quarters.
    subgroups : float or mapping label -> share, optional
        Subgroups to plan for besides all respondents, e.g. ``{"nationaliteit_x": 0.15}`` for a
        nationality that is 15% of the respondents (a bare number is labelled ``"subgroup"``).
    deff : float, mapping or Series, default 1
        Design effect applied to every row. When ``icc`` is given, give here only the part that
        is not clustering (Kish's weighting effect, times an fpc if wanted).
    icc : float, mapping or Series, optional
        Intraclass correlation by reception centre; then a clustering effect
        ``1 + (m̄ - 1) ICC`` is added per row with ``m̄ = cluster_size_quarter · q · share``
        (``q`` the quarters on each side of the comparison, at least 1).
    cluster_size_quarter : float, mapping or Series, optional
        Mean respondents per reception centre per quarter (required with ``icc``).
    contact_shares, response_rate : float, mapping or Series, optional
        When both are given, a column ``n_gross_quarter`` holds the invitations per quarter that
        yield the organisation's quarterly net n (:func:`gross_sample_size`).
    organisations : sequence of str, optional
        Organisations to report; by default the keys of the first mapping given, else
        IND, COA and DTV.
    alpha, power, method
        As in :func:`minimum_detectable_difference`.

    Returns
    -------
    pandas.DataFrame
        One row per organisation × group × window × comparison, with columns

        ``organisation``, ``group`` (``"all"`` or the subgroup label), ``group_share``,
        ``window_quarters`` (w), ``comparison``, ``overlap_quarters`` (quarters the two compared
        windows share), ``n_net_quarter`` (net n per quarter of the group),
        ``n_window`` (net n in one published figure: ``w ·`` quarterly), ``n_compared`` (net n
        on each side of the test, see Notes), ``deff``, ``n_effective`` (``n_compared / deff``),
        ``sd``, ``mde`` (detectable change in scale points), ``mde_cohens_d`` (``mde / sd``) and,
        if requested, ``n_gross_quarter``.

    Notes
    -----
    Two windows of ``w`` quarters that are ``L`` quarters apart (L = 1 or 4) share
    ``max(w - L, 0)`` quarters. With equal quarterly samples their difference is
    ``(ȳ_new - ȳ_old) · q / w``, where ``ȳ_new`` and ``ȳ_old`` are the means of the ``q = min(w,
    L)`` quarters that are not shared; the test of the change is the two-sample test of those
    quarters, with ``q ·`` quarterly n on each side. ``mde`` is the detectable shift of the
    underlying mean between those quarters. Consequences:

    * year on year (w ≤ 4): independent windows, ``n_compared = w ·`` quarterly n, so pooling
      shrinks the MDE by about ``1/sqrt(w)``;
    * quarter on quarter: ``q = 1`` whatever the window, so the detectable shift does not
      shrink by pooling; the moving average only moves ``1/w`` of a shift in the first quarter.

    The design effect is applied as for levels; for a change between periods that share
    reception centres it is conservative (the centre effects partly cancel). The clustering
    part assumes the ICC is stable over time and the subgroup is spread over the centres in
    proportion. Based on Kish (1965, §5.4, §8.2) and Cohen (1988, ch. 2).

    Examples
    --------
    >>> plan = continuous_measurement_plan({"IND": 300, "COA": 400}, 1.0, subgroups=0.15)
    >>> plan.query("organisation == 'IND' and group == 'all'")[
    ...     ["window_quarters", "comparison", "n_compared", "mde"]].round(3)
       window_quarters          comparison  n_compared    mde
    0                1  quarter_on_quarter       300.0  0.229
    1                1        year_on_year       300.0  0.229
    2                2  quarter_on_quarter       300.0  0.229
    3                2        year_on_year       600.0  0.162
    4                4  quarter_on_quarter       300.0  0.229
    5                4        year_on_year      1200.0  0.114
    """
    a, p = _alpha_power(alpha, power)
    _method(method)
    if organisations is None:
        for candidate in (quarterly_n_net, sd, deff, icc, cluster_size_quarter, contact_shares):
            if isinstance(candidate, Mapping | pd.Series):
                organisations = list(candidate.keys())
                break
        else:
            organisations = ["IND", "COA", "DTV"]
    orgs = list(dict.fromkeys(organisations))
    if not orgs:
        raise InputError("no organisations to plan for")
    n_q = _positive("quarterly_n_net", _per_org(quarterly_n_net, orgs, "quarterly_n_net"))
    s = _positive("sd", _per_org(sd, orgs, "sd"))
    base_deff = _positive("deff", _per_org(deff, orgs, "deff"))
    if (icc is None) != (cluster_size_quarter is None):
        raise InputError("icc and cluster_size_quarter go together")
    if icc is not None:
        rho = _finite("icc", _per_org(icc, orgs, "icc"))
        m_q = _positive(
            "cluster_size_quarter", _per_org(cluster_size_quarter, orgs, "cluster_size_quarter")
        )
    if subgroups is None:
        groups = {"all": 1.0}
    elif isinstance(subgroups, Mapping):
        if "all" in subgroups:
            raise InputError("'all' is reserved for all respondents; rename the subgroup")
        groups = {"all": 1.0, **{str(k): v for k, v in subgroups.items()}}
    else:
        groups = {"all": 1.0, "subgroup": subgroups}
    for label, share in groups.items():
        _share(f"share of subgroup {label!r}", share)
    win = [int(w) for w in windows]
    if not win or any(w < 1 or w != v for w, v in zip(win, windows, strict=True)):
        raise InputError(f"windows must be whole numbers of quarters >= 1, got {windows!r}")
    unknown = [c for c in comparisons if c not in _LAGS]
    if unknown or not comparisons:
        raise InputError(f"comparisons must be among {', '.join(_LAGS)}, got {comparisons!r}")

    rows = list(itertools.product(range(len(orgs)), groups.items(), win, comparisons))
    oi = np.array([r[0] for r in rows])
    share = np.array([r[1][1] for r in rows], dtype=float)
    w = np.array([r[2] for r in rows])
    lag = np.array([_LAGS[r[3]] for r in rows])
    q = np.minimum(w, lag)
    n_compared = n_q[oi] * share * q
    deff_row = base_deff[oi]
    if icc is not None:
        m_bar = np.maximum(m_q[oi] * share * q, 1.0)
        deff_row = deff_row * de.clustering_deff(m_bar, np.maximum(rho[oi], 0.0))
    n_eff = n_compared / deff_row
    if method == "t" and np.any(2 * n_eff - 2 < 1):
        raise InputError(
            "a group is too small for the t-test (fewer than 1.5 effective "
            "respondents per side); lower the subgroups or raise the n"
        )
    mde = minimum_detectable_difference(
        n_compared, s[oi], alpha=a, power=p, deff=deff_row, method=method
    )
    out = pd.DataFrame(
        {
            "organisation": [orgs[i] for i in oi],
            "group": [r[1][0] for r in rows],
            "group_share": share,
            "window_quarters": w,
            "comparison": [r[3] for r in rows],
            "overlap_quarters": np.maximum(w - lag, 0),
            "n_net_quarter": n_q[oi] * share,
            "n_window": n_q[oi] * share * w,
            "n_compared": n_compared,
            "deff": deff_row,
            "n_effective": n_eff,
            "sd": s[oi],
            "mde": np.atleast_1d(mde),
            "mde_cohens_d": np.atleast_1d(mde) / s[oi],
        }
    )
    if contact_shares is not None and response_rate is not None:
        cs = _share("contact share", _per_org(contact_shares, orgs, "contact_shares"))
        rr = _share("response rate", _per_org(response_rate, orgs, "response_rate"))
        out["n_gross_quarter"] = (n_q / (cs * rr))[oi]
    return out


# --------------------------------------------------------------------------------------------
# estimation from a wave


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(f"{what} lacks column(s) {', '.join(missing)}")


def _wave_item(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    target_group: str,
    item: str,
    extra: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Respondents of the target group and their ratings of ``item`` (one per organisation)."""
    _require(respondents, ["respondent_id", "target_group", *extra], "respondents")
    _require(ratings, ["respondent_id", "organisation", "item", "value", "dont_know"], "ratings")
    resp = respondents.loc[respondents["target_group"] == target_group, ["respondent_id", *extra]]
    if resp.empty:
        raise InputError(f"no respondents of target group {target_group!r}")
    if resp["respondent_id"].duplicated().any():
        raise InputError("respondents has duplicate respondent_id values")
    rat = ratings.loc[
        (ratings["item"] == item) & ratings["respondent_id"].isin(resp["respondent_id"]),
        ["respondent_id", "organisation", "value", "dont_know"],
    ]
    if rat.duplicated(["respondent_id", "organisation"]).any():
        raise InputError(f"ratings has more than one {item!r} per respondent and organisation")
    rat = rat.merge(resp, on="respondent_id", how="left", validate="many_to_one")
    rat["value"] = rat["value"].astype(float)
    return resp, rat


def contact_share_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
    definition: Literal["rated", "answered"] = "rated",
) -> pd.DataFrame:
    """Share of the target group's respondents who rate each organisation.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave, in the schema of ``respondents.parquet`` / ``ratings.parquet``.
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"
    definition : {"rated", "answered"}, default "rated"
        What counts as contact. ``"rated"``: a valid (non-missing) rating of ``item`` for the
        organisation, i.e. the yield of usable ratings that a net n refers to. ``"answered"``:
        a valid rating *or* "weet niet" (``dont_know``), i.e. routed to the question because of
        contact; use it to describe contact rather than to plan.

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``n_respondents`` (all respondents of the target group, the
        denominator, also those without any rating rows), ``n_contact`` and ``contact_share``.
        Organisations: those with a rating row for ``item``.

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": ["1", "2", "3", "4"],
    ...                      "target_group": "asielzoekers"})
    >>> rat = pd.DataFrame({"respondent_id": ["1", "2", "3", "1"],
    ...                     "organisation": ["IND", "IND", "IND", "COA"],
    ...                     "item": "totaaloordeel", "value": [4.0, None, 3.0, 5.0],
    ...                     "dont_know": [False, True, False, False]})
    >>> contact_share_by_organisation(resp, rat)
      organisation  n_respondents  n_contact  contact_share
    0          IND              4          2           0.50
    1          COA              4          1           0.25
    """
    if definition not in ("rated", "answered"):
        raise InputError(f"definition must be 'rated' or 'answered', got {definition!r}")
    resp, rat = _wave_item(respondents, ratings, target_group, item)
    contact = rat["value"].notna()
    if definition == "answered":
        contact = contact | rat["dont_know"].fillna(False).astype(bool)
    orgs = _org_order(rat["organisation"])
    n_contact = contact.groupby(rat["organisation"]).sum().reindex(orgs, fill_value=0)
    out = pd.DataFrame(
        {
            "organisation": orgs,
            "n_respondents": len(resp),
            "n_contact": n_contact.to_numpy().astype(int),
        }
    )
    out["contact_share"] = out["n_contact"] / out["n_respondents"]
    return out


def sd_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
) -> pd.DataFrame:
    """Mean and standard deviation of a rating per organisation (unweighted).

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave (schema in CONTRIBUTING.md).
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``n_rated`` (valid ratings), ``mean`` and ``sd`` (sample
        standard deviation, ``ddof=1``; NaN below two ratings).

    Notes
    -----
    The unweighted sd estimates the within-population sd well enough for planning; the
    weighting enters through the design effect (:func:`kish_deff_by_organisation`).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abc"), "target_group": "asielzoekers"})
    >>> rat = pd.DataFrame({"respondent_id": list("abc"), "organisation": "COA",
    ...                     "item": "totaaloordeel", "value": [2.0, 4.0, 3.0],
    ...                     "dont_know": False})
    >>> sd_by_organisation(resp, rat)
      organisation  n_rated  mean   sd
    0          COA        3   3.0  1.0
    """
    _, rat = _wave_item(respondents, ratings, target_group, item)
    orgs = _org_order(rat["organisation"])
    g = rat.dropna(subset=["value"]).groupby("organisation")["value"]
    out = pd.DataFrame({"organisation": orgs})
    out["n_rated"] = g.count().reindex(orgs, fill_value=0).to_numpy().astype(int)
    out["mean"] = g.mean().reindex(orgs).to_numpy()
    out["sd"] = g.std(ddof=1).reindex(orgs).to_numpy()
    return out


def icc_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
    cluster_col: str = "azc",
) -> pd.DataFrame:
    """ICC of a rating by cluster (reception centre) per organisation.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave (schema in CONTRIBUTING.md); ``respondents`` must have ``cluster_col``.
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"
    cluster_col : str, default "azc"

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``n_clustered`` (valid ratings with a known cluster),
        ``n_clusters``, ``mean_cluster_size`` (plain mean), ``mean_cluster_size_weighted``
        (``Σm²/Σm``, :func:`helpers.stats._design_effects.mean_cluster_size`) and ``icc`` (one-way
        ANOVA estimator with the adjusted ``m0``, :func:`helpers.stats._design_effects.icc_anova`; not
        truncated, NaN when it cannot be estimated).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abcdefghi"),
    ...                      "target_group": "asielzoekers", "azc": list("xxxyyyzzz")})
    >>> rat = pd.DataFrame({"respondent_id": list("abcdefghi"), "organisation": "COA",
    ...                     "item": "totaaloordeel", "value": [1., 2, 3, 2, 3, 4, 3, 4, 5],
    ...                     "dont_know": False})
    >>> icc_by_organisation(resp, rat)[["organisation", "n_clusters", "icc"]]
      organisation  n_clusters  icc
    0          COA           3  0.4
    """
    _, rat = _wave_item(respondents, ratings, target_group, item, extra=[cluster_col])
    orgs = _org_order(rat["organisation"])
    valid = rat.dropna(subset=["value", cluster_col])
    records = []
    for org in orgs:
        sub = valid[valid["organisation"] == org]
        sizes = sub.groupby(cluster_col, observed=True).size().to_numpy()
        try:
            icc = de.icc_anova(sub["value"].to_numpy(), sub[cluster_col].to_numpy())
        except InputError:
            icc = np.nan
        records.append(
            {
                "organisation": org,
                "n_clustered": len(sub),
                "n_clusters": len(sizes),
                "mean_cluster_size": de.mean_cluster_size(sizes, "mean") if len(sizes) else np.nan,
                "mean_cluster_size_weighted": (
                    de.mean_cluster_size(sizes, "size_weighted") if len(sizes) else np.nan
                ),
                "icc": icc,
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "organisation",
            "n_clustered",
            "n_clusters",
            "mean_cluster_size",
            "mean_cluster_size_weighted",
            "icc",
        ],
    )


def kish_deff_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
    weight_col: str = "weight",
) -> pd.DataFrame:
    """Kish's weighting effect per organisation, from the weights of those who rate it.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave (schema in CONTRIBUTING.md).
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"
    weight_col : str, default "weight"

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``n_rated`` and ``deff_weighting`` (``n Σw² / (Σw)²`` over the
        respondents with a valid rating of the organisation, :func:`helpers.stats._design_effects.
        kish_deff`; NaN without ratings).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abcd"), "target_group": "asielzoekers",
    ...                      "weight": [1.0, 1.0, 2.0, 4.0]})
    >>> rat = pd.DataFrame({"respondent_id": list("abcd"), "organisation": "IND",
    ...                     "item": "totaaloordeel", "value": [3.0, 4, 5, 2],
    ...                     "dont_know": False})
    >>> kish_deff_by_organisation(resp, rat)
      organisation  n_rated  deff_weighting
    0          IND        4           1.375
    """
    _, rat = _wave_item(respondents, ratings, target_group, item, extra=[weight_col])
    orgs = _org_order(rat["organisation"])
    valid = rat.dropna(subset=["value"])
    records = []
    for org in orgs:
        w = valid.loc[valid["organisation"] == org, weight_col].to_numpy(dtype=float)
        records.append(
            {
                "organisation": org,
                "n_rated": len(w),
                "deff_weighting": de.kish_deff(w) if len(w) else np.nan,
            }
        )
    return pd.DataFrame.from_records(records, columns=["organisation", "n_rated", "deff_weighting"])


def wave_design_parameters(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
    cluster_col: str | None = "azc",
    weight_col: str | None = "weight",
    cluster_size: Literal["size_weighted", "mean"] = "size_weighted",
    contact_definition: Literal["rated", "answered"] = "rated",
) -> pd.DataFrame:
    """All planning inputs from one wave, per organisation.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave (schema in CONTRIBUTING.md).
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"
    cluster_col : str or None, default "azc"
        Cluster variable; None for no clustering (e.g. ``ketenpartners``).
    weight_col : str or None, default "weight"
        Weight variable; None for no weighting effect.
    cluster_size : {"size_weighted", "mean"}, default "size_weighted"
        Which ``m̄`` enters ``1 + (m̄ - 1) ICC`` (:func:`helpers.stats._design_effects.
        mean_cluster_size`).
    contact_definition : {"rated", "answered"}, default "rated"
        See :func:`contact_share_by_organisation`.

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``target_group``, ``n_respondents``, ``n_contact``,
        ``contact_share``, ``n_rated``, ``mean``, ``sd``, ``n_clusters``, ``mean_cluster_size``,
        ``mean_cluster_size_weighted``, ``icc`` (raw), ``deff_clustering`` (with the ICC
        truncated at 0; 1 without ``cluster_col``; NaN when the ICC cannot be estimated),
        ``deff_weighting``, ``deff`` (their product, :func:`helpers.stats._design_effects.
        combined_deff`) and ``n_effective`` (``n_rated / deff``).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abcdefghi"),
    ...                      "target_group": "asielzoekers", "azc": list("xxxyyyzzz"),
    ...                      "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": list("abcdefghi"), "organisation": "COA",
    ...                     "item": "totaaloordeel", "value": [1., 2, 3, 2, 3, 4, 3, 4, 5],
    ...                     "dont_know": False})
    >>> wave_design_parameters(resp, rat)[["sd", "icc", "deff_clustering", "deff"]].round(4)
           sd  icc  deff_clustering  deff
    0  1.2247  0.4              1.8   1.8
    """
    out = contact_share_by_organisation(
        respondents, ratings, target_group=target_group, item=item, definition=contact_definition
    )
    out.insert(1, "target_group", target_group)
    out = out.merge(
        sd_by_organisation(respondents, ratings, target_group=target_group, item=item),
        on="organisation",
        how="left",
    )
    if cluster_col is not None:
        icc = icc_by_organisation(
            respondents, ratings, target_group=target_group, item=item, cluster_col=cluster_col
        )
        out = out.merge(icc.drop(columns="n_clustered"), on="organisation", how="left")
        m_col = (
            "mean_cluster_size_weighted" if cluster_size == "size_weighted" else "mean_cluster_size"
        )
        if cluster_size not in ("size_weighted", "mean"):
            raise InputError(
                f"cluster_size must be 'size_weighted' or 'mean', got {cluster_size!r}"
            )
        m = out[m_col].to_numpy(dtype=float)
        rho = np.maximum(out["icc"].to_numpy(dtype=float), 0.0)
        ok = np.isfinite(m) & np.isfinite(rho)
        deff_c = np.full(len(out), np.nan)
        if ok.any():
            deff_c[ok] = de.clustering_deff(np.maximum(m[ok], 1.0), rho[ok])
        out["deff_clustering"] = deff_c
    else:
        for col in ("n_clusters", "mean_cluster_size", "mean_cluster_size_weighted", "icc"):
            out[col] = np.nan
        out["deff_clustering"] = 1.0
    if weight_col is not None:
        kish = kish_deff_by_organisation(
            respondents, ratings, target_group=target_group, item=item, weight_col=weight_col
        )
        out = out.merge(kish.drop(columns="n_rated"), on="organisation", how="left")
    else:
        out["deff_weighting"] = 1.0
    out["deff"] = out["deff_weighting"] * out["deff_clustering"]
    out["n_effective"] = out["n_rated"] / out["deff"]
    return out


# --------------------------------------------------------------------------------------------
# the power report (notebook 04): from one wave to a sample design


def wave_population(
    wave_info: Mapping, target_group: str, *, population_size: float = 0, response_rate: float = 0.0
) -> dict:
    """Population size and response rate of a target group: the parameter, else ``wave.yml``.

    Parameters
    ----------
    wave_info : mapping
        The wave's ``wave.yml`` (:func:`helpers.report._display.read_wave_yml`); its
        ``population.<target_group>`` may hold ``size`` and ``response_rate``.
    target_group : str
    population_size : float, default 0
        Overrides ``size`` when positive (0 = take it from ``wave.yml``).
    response_rate : float, default 0
        Overrides ``response_rate`` when positive (0 = take it from ``wave.yml``).

    Returns
    -------
    dict
        ``population_size`` (float or None when unknown), ``response_rate`` (float) and
        ``source_population_size`` / ``source_response_rate`` (``"parameter"`` or
        ``"wave.yml"``).

    Raises
    ------
    InputError
        No response rate in either place (the gross sample cannot be planned without it), or a
        value out of range.

    Examples
    --------
    >>> info = {"population": {"asielzoekers": {"size": 9800, "response_rate": 0.42}}}
    >>> wave_population(info, "asielzoekers", response_rate=0.5)["response_rate"]
    0.5
    >>> wave_population(info, "asielzoekers")["population_size"]
    9800.0
    """
    pop = ((wave_info or {}).get("population") or {}).get(target_group) or {}
    out: dict = {}
    if population_size and population_size > 0:
        out["population_size"], out["source_population_size"] = float(population_size), "parameter"
    elif pop.get("size"):
        out["population_size"], out["source_population_size"] = float(pop["size"]), "wave.yml"
    else:
        out["population_size"], out["source_population_size"] = None, "onbekend"
    if response_rate and response_rate > 0:
        rr, src = float(response_rate), "parameter"
    elif pop.get("response_rate"):
        rr, src = float(pop["response_rate"]), "wave.yml"
    else:
        raise InputError(
            f"no response rate for {target_group}: give the parameter "
            "response_rate or add population.<target group>.response_rate to "
            "wave.yml"
        )
    out["response_rate"] = float(_share("response rate", rr))
    out["source_response_rate"] = src
    return out


def population_text_nl(population: Mapping) -> str:
    """One Dutch sentence on the response rate and population size used (Markdown).

    Examples
    --------
    >>> population_text_nl({"response_rate": 0.42, "source_response_rate": "wave.yml",
    ...                     "population_size": 9800.0, "source_population_size": "wave.yml"})
    'Respons: **42 %** (bron: wave.yml); populatieomvang: 9.800 (bron: wave.yml).'
    """
    from helpers.privacy import format_number

    size = population.get("population_size")
    size_text = format_number(size, 0) if size else "onbekend"
    return (
        f"Respons: **{format_number(100 * population['response_rate'], 0)} %** (bron: "
        f"{population['source_response_rate']}); populatieomvang: {size_text} (bron: "
        f"{population['source_population_size']})."
    )


def design_parameters_report(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str,
    population_size: float | None = None,
    cluster_col: str | None = "azc",
    item: str = "totaaloordeel",
) -> pd.DataFrame:
    """The wave's design parameters per organisation, with the effective number of clusters and
    the finite population correction.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One processed wave.
    target_group : str
    population_size : float, optional
        Size of the target group's population (for the fpc column).
    cluster_col : str or None, default "azc"
        Left out automatically when the target group has no values in it (ketenpartners).
    item : str, default "totaaloordeel"

    Returns
    -------
    pandas.DataFrame
        :func:`wave_design_parameters` plus ``clustered`` (bool), ``n_clusters_effective``
        (``n_rated / m̄``, the number of equal clusters with the same clustering effect; NaN
        without clustering) and ``fpc`` (``1 - n_respondents / N``; NaN when N is unknown).

    Notes
    -----
    The fpc is shown for information: the comparisons over time are about the process (the
    experiences of asylum seekers in general), for which the correction does not apply
    (:func:`helpers.stats._design_effects.finite_population_correction`); the designs below leave it
    out, which is conservative.
    """
    tg = (
        respondents[respondents["target_group"] == target_group]
        if "target_group" in respondents.columns
        else respondents
    )
    use_cluster = (
        cluster_col is not None and cluster_col in tg.columns and tg[cluster_col].notna().any()
    )
    out = wave_design_parameters(
        respondents,
        ratings,
        target_group=target_group,
        item=item,
        cluster_col=cluster_col if use_cluster else None,
    )
    out["clustered"] = use_cluster
    with np.errstate(invalid="ignore", divide="ignore"):
        out["n_clusters_effective"] = out["n_rated"] / out["mean_cluster_size_weighted"]
    if population_size:
        out["fpc"] = de.finite_population_correction(
            np.minimum(out["n_respondents"].to_numpy(float), population_size), population_size
        )
    else:
        out["fpc"] = np.nan
    return out


def recommended_design(
    design: pd.DataFrame,
    target_mde: float,
    *,
    response_rate: float,
    alpha: float = 0.05,
    power: float = 0.8,
    clusters: Literal["grow", "fixed"] = "grow",
    method: Method = "t",
) -> pd.DataFrame:
    """Net and gross quarterly sample per organisation to detect ``target_mde`` between quarters.

    Parameters
    ----------
    design : pandas.DataFrame
        :func:`design_parameters_report` of a wave.
    target_mde : float
        Change in the mean judgement (scale points) that a comparison of two quarters must
        detect.
    response_rate : float
        Share of the invited who respond.
    alpha, power, method
        As in :func:`n_per_group`.
    clusters : {"grow", "fixed"}, default "grow"
        ``"grow"``: a sample larger than the wave visits more reception centres with as many
        respondents each as in the wave, so the wave's design effect applies; a smaller one
        visits the wave's centres with fewer respondents each. ``"fixed"``: the wave's centres,
        with as many respondents each as needed (see Notes).

    Returns
    -------
    pandas.DataFrame
        One row per organisation: ``organisation``, ``sd``, ``icc``, ``deff_weighting``,
        ``deff_wave``, ``n_effective_needed`` (per quarter, simple random sample), ``n_net`` (net
        raters per quarter under ``clusters``; ``inf`` when not reachable), ``n_net_ceil``,
        ``n_net_fixed_clusters`` (the ``"fixed"`` answer, for comparison; equal to ``n_net``
        without clustering), ``deff_at_n`` (design effect at ``n_net``), ``contact_share``,
        ``n_respondents`` (respondents per quarter, ``n_net / contact_share``),
        ``response_rate``, ``n_gross``
        (invitations per quarter), ``binding`` (the organisation that needs the largest gross
        sample), ``n_rated_now`` and ``mde_now`` (detectable change between two quarters of the
        current size and design effect).

    Notes
    -----
    The effective size per quarter is :func:`n_per_group` at ``deff = 1``. With ``"fixed"``
    the azc's of the wave are kept and get more (or fewer) respondents, so the clustering
    effect changes with n: :func:`helpers.stats._design_effects.n_for_effective_size_clustered` with
    the effective number of clusters ``n_rated / m̄`` (at most ``k / ICC`` effective
    respondents can be reached that way). ``"grow"`` is that answer while it does not exceed
    the wave's ``n_rated``, and otherwise the effective size times the wave's design effect
    (weighting × clustering at the wave's ``m̄``): the design effect at ``n`` of
    :func:`planned_deff`, solved for ``n / deff(n) = n_effective_needed``. A large wave thus
    does not impose its own large clusters on a smaller planned sample. Only respondents with
    contact rate an organisation, so ``n_gross = n_net / (contact share × response rate)``
    (:func:`gross_sample_size`); one sample serves all organisations, so the largest gross n
    is binding.

    Examples
    --------
    >>> d = pd.DataFrame({"organisation": ["IND", "DTV"], "sd": [1.0, 1.2], "icc": [np.nan] * 2,
    ...                   "deff_weighting": [1.1, 1.1], "n_clusters_effective": [np.nan] * 2,
    ...                   "contact_share": [0.8, 0.5], "n_rated": [160, 100], "deff": [1.1, 1.1]})
    >>> r = recommended_design(d, 0.25, response_rate=0.4)
    >>> r[["organisation", "n_net_ceil", "binding"]].to_dict("list")
    {'organisation': ['IND', 'DTV'], 'n_net_ceil': [278, 399], 'binding': [False, True]}
    """
    _require(
        design,
        ["organisation", "sd", "deff_weighting", "contact_share", "n_rated", "deff"],
        "design table",
    )
    d = design[design["sd"].notna() & (design["sd"] > 0) & (design["n_rated"] > 1)].copy()
    if d.empty:
        raise InputError("no organisation with a standard deviation to plan with")
    sd = d["sd"].to_numpy(float)
    n_eff = np.atleast_1d(n_per_group(target_mde, sd, alpha=alpha, power=power, method=method))
    icc = _column_or_nan(d, "icc")
    k_eff = _column_or_nan(d, "n_clusters_effective")
    clustered = np.isfinite(icc) & np.isfinite(k_eff)
    w = d["deff_weighting"].fillna(1.0).to_numpy(float)
    deff_wave = d["deff"].fillna(1.0).to_numpy(float)
    n_fixed = np.where(
        clustered,
        de.n_for_effective_size_clustered(
            n_eff, np.where(clustered, icc, 0.0), np.where(clustered, k_eff, 1.0), w
        ),
        n_eff * w,
    )
    if clusters not in ("grow", "fixed"):
        raise InputError(f"clusters must be 'grow' or 'fixed', got {clusters!r}")
    # "grow": the wave's centres suffice while the wave's own size does (the "fixed" answer is
    # then at most n_rated); beyond it more centres of the wave's cluster size
    n_grow = np.where(
        clustered & (n_eff * deff_wave <= d["n_rated"].to_numpy(float)), n_fixed, n_eff * deff_wave
    )
    n_net = n_grow if clusters == "grow" else n_fixed
    rr = float(_share("response rate", response_rate))
    cs = d["contact_share"].to_numpy(float)
    finite = np.isfinite(n_net)
    n_ceil = np.where(finite, np.ceil(np.round(np.where(finite, n_net, 0), 9)), np.nan)
    out = pd.DataFrame(
        {
            "organisation": d["organisation"].to_numpy(),
            "sd": sd,
            "icc": icc,
            "deff_weighting": w,
            "deff_wave": deff_wave,
            "n_effective_needed": n_eff,
            "n_net": n_net,
            "n_net_ceil": pd.array(
                [int(v) if np.isfinite(v) else pd.NA for v in n_ceil], dtype="Int64"
            ),
            "n_net_fixed_clusters": n_fixed,
            "deff_at_n": n_net / n_eff,
            "contact_share": cs,
            "n_respondents": n_net / cs,
            "response_rate": rr,
            "n_gross": n_net / (cs * rr),
        }
    )
    out["binding"] = out["n_gross"] == out["n_gross"].max()
    out["n_rated_now"] = d["n_rated"].to_numpy(int)
    deff_now = deff_wave
    ok = d["n_rated"].to_numpy(float) / deff_now * 2 - 2 >= 1
    mde_now = np.full(len(d), np.nan)
    if ok.any():
        mde_now[ok] = minimum_detectable_difference(
            d["n_rated"].to_numpy(float)[ok],
            sd[ok],
            alpha=alpha,
            power=power,
            deff=deff_now[ok],
            method=method,
        )
    out["mde_now"] = mde_now
    return out


def measurement_plan_from_wave(
    design: pd.DataFrame,
    quarterly_n: float,
    *,
    subgroups: float | Mapping[str, float] | None = None,
    response_rate: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    windows: Sequence[int] = (1, 2, 4),
    method: Method = "t",
) -> pd.DataFrame:
    """:func:`continuous_measurement_plan` with the inputs taken from a wave's design table.

    Parameters
    ----------
    design : pandas.DataFrame
        :func:`design_parameters_report`.
    quarterly_n : float
        Respondents of the target group per quarter (e.g. 200, the pilot's size); each
        organisation gets ``quarterly_n × contact share`` raters.
    subgroups : float or mapping, optional
        Subgroup share(s), as in :func:`continuous_measurement_plan`.
    response_rate : float, optional
        Adds ``n_gross_quarter`` (invitations per quarter).
    alpha, power, windows, method
        As in :func:`continuous_measurement_plan`.

    Returns
    -------
    pandas.DataFrame
        The planner's table (see :func:`continuous_measurement_plan`).

    Notes
    -----
    The design effect is Kish's weighting effect of the wave; with clustering the wave's ICC is
    added with ``m̄`` per quarter scaled to the planned size (``m̄_wave × n_quarter / n_rated``:
    the same reception centres, more or fewer respondents each). A negative or missing ICC
    counts as 0.
    """
    _require(
        design, ["organisation", "sd", "contact_share", "n_rated", "deff_weighting"], "design table"
    )
    d = design[design["sd"].notna() & (design["sd"] > 0) & (design["n_rated"] > 1)]
    orgs = d["organisation"].tolist()
    n_q = pd.Series(
        float(_positive("quarterly_n", quarterly_n)) * d["contact_share"].to_numpy(), index=orgs
    )
    kwargs: dict = {}
    icc = _column_or_nan(d, "icc")
    m = _column_or_nan(d, "mean_cluster_size_weighted")
    if np.isfinite(icc).any() and np.isfinite(m).any():
        m_q = np.where(np.isfinite(m), m * n_q.to_numpy() / d["n_rated"].to_numpy(float), 1.0)
        kwargs["icc"] = pd.Series(np.nan_to_num(np.maximum(icc, 0.0)), index=orgs)
        kwargs["cluster_size_quarter"] = pd.Series(np.maximum(m_q, 1e-9), index=orgs)
    if response_rate is not None:
        kwargs["contact_shares"] = pd.Series(d["contact_share"].to_numpy(float), index=orgs)
        kwargs["response_rate"] = float(response_rate)
    return continuous_measurement_plan(
        n_q,
        pd.Series(d["sd"].to_numpy(float), index=orgs),
        windows=windows,
        subgroups=subgroups,
        deff=pd.Series(d["deff_weighting"].fillna(1.0).to_numpy(float), index=orgs),
        organisations=orgs,
        alpha=alpha,
        power=power,
        method=method,
        **kwargs,
    )


def subgroup_sizes(
    respondents: pd.DataFrame, column: str, *, target_group: str | None = None, threshold: int = 10
) -> pd.DataFrame:
    """Size of each category of a background variable in a wave, small categories pooled.

    Parameters
    ----------
    respondents : pandas.DataFrame
        One processed wave.
    column : str
        Background column, e.g. ``nationaliteit``.
    target_group : str, optional
        Restrict to one target group.
    threshold : int, default 10
        Categories below it are pooled (:func:`helpers.privacy._disclosure.safe_categories`), so a
        small nationality never reaches a report.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``n``, ``share`` (of all respondents of the target group, unknown included:
        the expected share of a new sample) and ``rank`` (1 = largest; the pooled group has no
        rank), largest first, the pooled group last. ``attrs["n_total"]`` is the number of
        respondents, ``attrs["n_known"]`` those with a value. Empty when the column is absent
        or has no values for the target group (e.g. nationality of chain partners).

    Examples
    --------
    >>> r = pd.DataFrame({"nationaliteit": ["Syrië"] * 12 + ["Eritrea"] * 10 + ["Iran"] * 4
    ...                   + ["Irak"] * 6 + [None] * 8})
    >>> subgroup_sizes(r, "nationaliteit")[["group", "n", "share", "rank"]]
                       group   n  share  rank
    0                  Syrië  12   0.30   1.0
    1                Eritrea  10   0.25   2.0
    2  Overig (klein aantal)  10   0.25   NaN
    """
    from helpers.privacy import OTHER_LABEL, safe_categories

    df = respondents
    if target_group is not None:
        _require(respondents, ["target_group"], "respondents")
        df = respondents[respondents["target_group"] == target_group]
    if column not in df.columns or df[column].notna().sum() == 0:
        out = pd.DataFrame(
            {
                "group": pd.Series(dtype=object),
                "n": pd.Series(dtype=int),
                "share": pd.Series(dtype=float),
                "rank": pd.Series(dtype=float),
            }
        )
        out.attrs.update(n_total=int(len(df)), n_known=0, column=column)
        return out
    safe = safe_categories(df[column], threshold)
    counts = safe.value_counts(dropna=True)
    named = counts.drop(OTHER_LABEL, errors="ignore").sort_values(ascending=False, kind="stable")
    out = pd.DataFrame({"group": named.index.astype(str), "n": named.to_numpy(int)})
    out["rank"] = np.arange(1, len(out) + 1, dtype=float)
    if OTHER_LABEL in counts.index:
        out = pd.concat(
            [
                out,
                pd.DataFrame(
                    {"group": [OTHER_LABEL], "n": [int(counts[OTHER_LABEL])], "rank": [np.nan]}
                ),
            ],
            ignore_index=True,
        )
    out.insert(2, "share", out["n"] / max(len(df), 1))
    out.attrs.update(n_total=int(len(df)), n_known=int(df[column].notna().sum()), column=column)
    return out


def _column_or_nan(d: pd.DataFrame, col: str) -> np.ndarray:
    """An optional column of the design table as floats; all NaN when it is absent."""
    return d[col].to_numpy(float) if col in d.columns else np.full(len(d), np.nan)


def planned_deff(design: pd.DataFrame, n, share: float = 1.0) -> np.ndarray:
    """Design effect per organisation of a planned sample of ``n`` net raters.

    Parameters
    ----------
    design : pandas.DataFrame
        :func:`design_parameters_report` of a wave (or any table with ``deff``; ``icc``,
        ``mean_cluster_size_weighted``, ``n_rated`` and ``deff_weighting`` make the clustering
        part depend on ``n``).
    n : float or array-like
        Planned net raters of the organisation (all of them, not only the subgroup).
    share : float, default 1
        The design effect of a subgroup of this share of the raters, spread over the reception
        centres in proportion (its clusters are ``share`` times as large).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(design), len(n))``: ``deff_weighting · (1 + (m̄(n) · share - 1)⁺ ICC⁺)``
        with ``m̄(n)`` from :func:`helpers.stats._design_effects.planned_cluster_size` (the wave's
        centres with fewer respondents each up to the wave's size, more centres beyond it);
        the wave's ``deff`` (1 when missing) for organisations without an estimable clustering.

    Notes
    -----
    At the wave's own size (and ``share`` 1) it is the wave's design effect. The wave's
    ``deff`` belongs to the wave's cluster size: a large wave in the same reception centres has
    large clusters and a large design effect, which a smaller planned sample does not have
    (Kish 1965 §5.4 for ``1 + (m̄ - 1) ρ``).

    Examples
    --------
    >>> d = pd.DataFrame({"deff": [37.0], "deff_weighting": [1.0], "icc": [0.05],
    ...                   "mean_cluster_size_weighted": [721.0], "n_rated": [21630]})
    >>> planned_deff(d, [300, 21630]).round(2).tolist()      # 30 centres: 10 and 721 each
    [[1.45, 37.0]]
    """
    nn = np.atleast_1d(_positive("n", n)).ravel()
    s = float(_share("share", share))
    out = np.repeat(design["deff"].fillna(1.0).to_numpy(float)[:, None], nn.size, axis=1)
    icc = _column_or_nan(design, "icc")
    m = _column_or_nan(design, "mean_cluster_size_weighted")
    n_rated = _column_or_nan(design, "n_rated")
    w = (
        design["deff_weighting"].fillna(1.0).to_numpy(float)
        if "deff_weighting" in design.columns
        else np.ones(len(design))
    )
    ok = np.isfinite(icc) & np.isfinite(m) & (m >= 1) & np.isfinite(n_rated) & (n_rated > 0)
    if ok.any():
        m_n = de.planned_cluster_size(nn[None, :], m[ok, None], n_rated[ok, None])
        out[ok] = w[ok, None] * de.clustering_deff(
            np.maximum(m_n * s, 1.0), np.maximum(icc[ok, None], 0.0)
        )
    return out


def subgroup_comparison_plan(
    sizes: pd.DataFrame,
    design: pd.DataFrame,
    *,
    n_total: float = 200,
    k: int = 4,
    target_mde: float = 0.25,
    alpha: float = 0.05,
    power: float = 0.8,
    response_rate: float | None = None,
    method: Method = "t",
) -> pd.DataFrame:
    """Can subgroups (nationalities) be compared at ``n_total`` respondents? Per organisation.

    Parameters
    ----------
    sizes : pandas.DataFrame
        :func:`subgroup_sizes` (the shares of the named groups, largest first).
    design : pandas.DataFrame
        :func:`design_parameters_report` of the same wave.
    n_total : float, default 200
        Respondents of the target group in the sample being judged (the pilot had 200).
    k : int, default 4
        The ``k`` largest groups are compared (at most the number of named groups).
    target_mde : float, default 0.25
        Difference between two groups (scale points) that should be detectable.
    alpha, power, method
        As in :func:`n_per_group`; ``alpha`` is the family-wise level for the k groups.
    response_rate : float, optional
        Adds the gross samples.

    Returns
    -------
    pandas.DataFrame
        One row per organisation with ``organisation``, ``sd``, ``deff``, ``n_group1`` and
        ``n_group2`` (expected raters in the two largest groups at ``n_total``),
        ``mde_two_largest`` (detectable difference between them), ``power_two_largest`` (power
        for ``target_mde``), ``k``, ``n_comparisons``, ``alpha_per_comparison``,
        ``n_per_group_pairwise`` (raters per group for all pairs of the k largest with
        Holm/Bonferroni), ``n_per_group_anova`` (raters per group for the F-test),
        ``n_total_pairwise`` / ``n_total_anova`` (respondents needed so that the k-th largest
        group reaches those numbers), ``quarters_pairwise`` / ``quarters_anova`` (that many
        quarters of ``n_total`` pooled) and, with a response rate, ``n_gross_pairwise`` /
        ``n_gross_anova``. ``attrs`` holds the groups and shares used. Empty (with
        ``attrs["note"]``) when fewer than two named groups are large enough to compare.

    Notes
    -----
    Expected raters of group g: ``n_total × share_g × contact share``. The design effect is
    Kish's weighting effect times the clustering effect for the group's share of a reception
    centre, ``1 + (m̄ share - 1)⁺ ICC`` with ``m̄`` the cluster size of a sample of ``n_total``
    (:func:`planned_deff`; groups spread over the centres in proportion). Pairwise:
    :func:`n_per_group_pairwise` at ``α / m``, ``m = k(k-1)/2`` (Bonferroni, and the first
    step of Holm 1979). F-test: :func:`n_per_group_anova` for the pattern of means with the
    smallest spread given a range ``target_mde`` (two groups ``± target_mde/2``, the others in the
    middle; Cohen 1988 §8.2.1, pattern 1): ``f = target_mde / (sd sqrt(2k))``. The F-test
    only says that *some* groups differ; which ones needs the pairwise tests.
    """
    _require(sizes, ["group", "share", "rank"], "subgroup sizes")
    named = sizes[sizes["rank"].notna()].sort_values("rank")
    if len(named) < 2:
        out = pd.DataFrame()
        out.attrs.update(
            groups=named["group"].tolist(),
            k=len(named),
            n_total=float(n_total),
            target_mde=float(target_mde),
            column=sizes.attrs.get("column", ""),
            note="fewer than two groups with at least the disclosure threshold",
        )
        return out
    k = int(min(k, len(named)))
    if k < 2:
        raise InputError("k must be at least 2")
    shares = named["share"].to_numpy(float)
    d = design[design["sd"].notna() & (design["sd"] > 0) & (design["n_rated"] > 1)]
    rows = []
    m_pairs = k * (k - 1) // 2
    a_pair = pairwise_alpha(alpha, k_groups=k)
    # without an estimable clustering only the weighting effect applies
    deff_d = d.assign(deff=d["deff_weighting"])
    n_raters = n_total * d["contact_share"].to_numpy(float)
    deff2_all, deffk_all = (
        np.diag(planned_deff(deff_d, n_raters, share)) for share in (shares[1], shares[k - 1])
    )
    for i, (_, org) in enumerate(d.iterrows()):
        sd, cs = float(org["sd"]), float(org["contact_share"])
        n1, n2 = n_total * shares[0] * cs, n_total * shares[1] * cs
        deff2, deffk = float(deff2_all[i]), float(deffk_all[i])
        if (n2 / deff2) * (1 + n1 / n2) - 2 >= 1 or method == "normal":
            mde2 = minimum_detectable_difference(
                n1, sd, ratio=n2 / n1, alpha=alpha, power=power, deff=deff2, method=method
            )
            pow2 = power_two_means(
                target_mde, sd, n1, ratio=n2 / n1, alpha=alpha, deff=deff2, method=method
            )
        else:
            mde2 = pow2 = np.nan
        n_pair = n_per_group(target_mde, sd, alpha=a_pair, power=power, deff=deffk, method=method)
        means = np.zeros(k)
        means[0], means[1] = -target_mde / 2, target_mde / 2
        n_anova = n_per_group_anova(group_means=means, sd=sd, alpha=alpha, power=power, deff=deffk)
        row = {
            "organisation": org["organisation"],
            "sd": sd,
            "deff": deffk,
            "n_group1": n1,
            "n_group2": n2,
            "mde_two_largest": mde2,
            "power_two_largest": pow2,
            "k": k,
            "n_comparisons": m_pairs,
            "alpha_per_comparison": a_pair,
            "n_per_group_pairwise": n_pair,
            "n_per_group_anova": n_anova,
            "n_total_pairwise": n_pair / (shares[k - 1] * cs),
            "n_total_anova": n_anova / (shares[k - 1] * cs),
        }
        row["quarters_pairwise"] = row["n_total_pairwise"] / n_total
        row["quarters_anova"] = row["n_total_anova"] / n_total
        if response_rate is not None:
            rr = float(_share("response rate", response_rate))
            row["n_gross_pairwise"] = row["n_total_pairwise"] / rr
            row["n_gross_anova"] = row["n_total_anova"] / rr
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update(
        groups=named["group"].tolist()[:k],
        shares=shares[:k].tolist(),
        k=k,
        n_total=float(n_total),
        target_mde=float(target_mde),
        alpha=float(alpha),
        power=float(power),
        column=sizes.attrs.get("column", ""),
    )
    return out


# --------------------------------------------------------------------------------------------
# Dutch views of the report tables (strings with a decimal comma) and the key figures


def _labels(names) -> dict[str, str]:
    from helpers.codebook import load_codebook

    cb = load_codebook()
    return {n: cb.label(n) for n in names}


def _fmt(values, decimals: int = 0) -> list[str]:
    from helpers.privacy import format_number

    out = []
    for v in values:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            out.append("")
        elif isinstance(v, float) and np.isinf(v):
            out.append("niet haalbaar")
        else:
            out.append(format_number(v, decimals))
    return out


#: Dutch headers of :func:`design_view` (pass as ``rename`` to the disclosure's ``style_table``).
DESIGN_COLUMNS_NL: dict[str, str] = {
    "organisation": "Organisatie",
    "n_rated": "n beoordelaars",
    "pct_contact": "% met contact",
    "mean": "gemiddelde",
    "sd": "sd",
    "n_clusters": "aantal azc's",
    "icc": "ICC (azc)",
    "deff_clustering": "deff clustering",
    "deff_weighting": "deff weging (Kish)",
    "deff": "deff totaal",
    "n_effective": "effectieve n",
    "fpc": "fpc (1 - n/N)",
}
#: Decimals of :func:`design_view`'s columns (``decimals`` of ``style_table``).
DESIGN_DECIMALS: dict[str, int] = {
    "n_rated": 0,
    "pct_contact": 0,
    "mean": 2,
    "sd": 2,
    "n_clusters": 0,
    "icc": 3,
    "deff_clustering": 2,
    "deff_weighting": 2,
    "deff": 2,
    "n_effective": 0,
    "fpc": 3,
}


def design_view(design: pd.DataFrame) -> pd.DataFrame:
    """The columns of :func:`design_parameters_report` shown in the report (numbers kept).

    Organisation names are the codebook's labels; ``pct_contact`` is the contact share in %.
    Pass the result through :func:`helpers.privacy._disclosure.protect_table` (base ``n_rated``) before
    showing it, e.g. with ``style_table(..., rename=DESIGN_COLUMNS_NL, decimals=DESIGN_DECIMALS)``.
    Without clustering the azc columns are left out.
    """
    out = design.copy()
    out["organisation"] = out["organisation"].map(_labels(out["organisation"]))
    out["pct_contact"] = 100 * out["contact_share"]
    cols = [c for c in DESIGN_COLUMNS_NL if c in out.columns]
    if not bool(out.get("clustered", pd.Series([True])).any()):
        cols = [c for c in cols if c not in ("n_clusters", "icc", "deff_clustering")]
    return out[cols].reset_index(drop=True)


def recommended_view(rec: pd.DataFrame) -> pd.DataFrame:
    """:func:`recommended_design` as a Dutch display table (strings)."""
    return pd.DataFrame(
        {
            "Organisatie": list(_labels(rec["organisation"]).values()),
            "sd": _fmt(rec["sd"], 2),
            "deff (golf)": _fmt(rec["deff_wave"], 2),
            "deff bij dat aantal": _fmt(rec["deff_at_n"].to_numpy(float), 2),
            "effectieve n nodig": _fmt(np.ceil(rec["n_effective_needed"])),
            "netto beoordelaars per kwartaal": _fmt(rec["n_net"].to_numpy(float)),
            "respondenten per kwartaal": _fmt(rec["n_respondents"].to_numpy(float)),
            "uitnodigingen (bruto) per kwartaal": _fmt(rec["n_gross"].to_numpy(float)),
            "bepalend": np.where(rec["binding"], "ja", ""),
            "netto bij dezelfde azc's": _fmt(rec["n_net_fixed_clusters"].to_numpy(float)),
            "MDE nu (punt)": _fmt(rec["mde_now"], 2),
        }
    )


_COMPARISON_NL = {"quarter_on_quarter": "kwartaal op kwartaal", "year_on_year": "jaar op jaar"}


def plan_view(plan: pd.DataFrame, subgroup_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The continuous-measurement planner's table (:func:`continuous_measurement_plan`) in Dutch.

    One row per organisation, group and window; per comparison the net n on each side and the
    detectable change (MDE, scale points).
    """
    labels = _labels(plan["organisation"].unique())
    groups = {"all": "alle respondenten", **dict(subgroup_labels or {})}
    wide = plan.pivot_table(
        index=["organisation", "group", "window_quarters"],
        columns="comparison",
        values=["n_compared", "mde"],
        sort=False,
    )
    rows = wide.reset_index()
    out = pd.DataFrame(
        {
            "Organisatie": rows["organisation"].map(labels).to_numpy(),
            "Groep": [groups.get(g, g) for g in rows["group"]],
            "Gepoold over (kwartalen)": rows["window_quarters"].astype(int).to_numpy(),
        }
    )
    for comp in [c for c in _COMPARISON_NL if c in plan["comparison"].unique()]:
        out[f"n per kant, {_COMPARISON_NL[comp]}"] = _fmt(rows[("n_compared", comp)])
        out[f"MDE {_COMPARISON_NL[comp]}"] = _fmt(rows[("mde", comp)], 2)
    return out


#: Dutch headers of :func:`subgroup_sizes` (pass as ``rename`` to ``style_table``).
SUBGROUP_COLUMNS_NL: dict[str, str] = {
    "group": "Groep",
    "n": "n respondenten",
    "pct": "% van de respondenten",
    "rank": "rang",
}


def subgroup_sizes_view(sizes: pd.DataFrame) -> pd.DataFrame:
    """:func:`subgroup_sizes` with the share in % (``pct``); protect it before showing it."""
    return pd.DataFrame(
        {"group": sizes["group"], "n": sizes["n"], "pct": 100 * sizes["share"].astype(float)}
    )


def subgroup_view(comparison: pd.DataFrame) -> pd.DataFrame:
    """:func:`subgroup_comparison_plan` as a Dutch display table (strings)."""
    if comparison.empty:
        return pd.DataFrame()
    k = int(comparison["k"].iloc[0])
    out = pd.DataFrame(
        {
            "Organisatie": list(_labels(comparison["organisation"]).values()),
            "n grootste groep": _fmt(comparison["n_group1"]),
            "n op één na grootste": _fmt(comparison["n_group2"]),
            "MDE tussen die twee (punt)": _fmt(comparison["mde_two_largest"], 2),
            "power voor het doel-MDE": _fmt(100 * comparison["power_two_largest"]),
            f"n per groep, alle paren van {k} (Holm)": _fmt(comparison["n_per_group_pairwise"]),
            f"n per groep, F-toets {k} groepen": _fmt(comparison["n_per_group_anova"]),
            "respondenten totaal (paren)": _fmt(comparison["n_total_pairwise"]),
            "kwartalen poolen (paren)": _fmt(comparison["quarters_pairwise"], 1),
        }
    )
    out["power voor het doel-MDE"] = [v + " %" if v else v for v in out["power voor het doel-MDE"]]
    return out


def subgroup_answer_nl(comparison: pd.DataFrame, *, subject: str = "nationaliteiten") -> str:
    """The Dutch answer to "is n = 200 too small to compare subgroups?" (Markdown).

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`subgroup_comparison_plan`.
    subject : str, default "nationaliteiten"
        What the groups are, in Dutch plural.
    """
    from helpers.privacy import format_number as f

    a = comparison.attrs
    if comparison.empty:
        return (
            f"Deze vraag is met deze golf niet te beantwoorden: de variabele "
            f"`{a.get('column', '')}` heeft voor deze doelgroep geen twee groepen van "
            "voldoende omvang (of is niet gevraagd). Kies met de parameter `subgroup` een "
            "andere achtergrondvariabele."
        )
    n_total, mde, k = a["n_total"], a["target_mde"], a["k"]
    groups, shares = a["groups"], a["shares"]
    labels = _labels(comparison["organisation"])
    best = comparison.loc[comparison["mde_two_largest"].idxmin()]
    lo = comparison.loc[comparison["n_total_pairwise"].idxmin()]
    hi = comparison.loc[comparison["n_total_pairwise"].idxmax()]
    verdict = "Ja" if (comparison["mde_two_largest"] > mde).all() else "Deels"
    parts = [
        f"**{verdict}, n = {f(n_total, 0)} is te klein om {subject} te vergelijken.** "
        f"Met de verdeling van deze golf zijn de grootste groepen {', '.join(groups[:-1])} en "
        f"{groups[-1]} (elk {f(100 * shares[-1], 0)} tot {f(100 * shares[0], 0)} % van de "
        f"respondenten). Bij {f(n_total, 0)} respondenten telt de grootste groep naar "
        f"verwachting {f(n_total * shares[0], 0)} en de op één na grootste "
        f"{f(n_total * shares[1], 0)} respondenten; alleen wie contact had, beoordeelt een "
        "organisatie, dus er zijn nog minder beoordelaars.",
        f"Het kleinste verschil in het totaaloordeel dat tussen die twee groepen met "
        f"{f(100 * a.get('power', 0.8), 0)} % kans aan te tonen is, is in het gunstigste geval "
        f"{f(best['mde_two_largest'], 2)} punt ({labels[best['organisation']]}), "
        f"tegenover het beoogde {f(mde, 2)} punt; de kans om een verschil van {f(mde, 2)} punt "
        f"te vinden is {f(100 * comparison['power_two_largest'].max(), 0)} % of minder.",
        f"Om alle {int(lo['n_comparisons'])} paren van de {k} grootste {subject} te "
        f"vergelijken (Holm/Bonferroni, α per paar {f(lo['alpha_per_comparison'], 4)}) "
        f"zijn per groep {f(comparison['n_per_group_pairwise'].min(), 0)} tot "
        f"{f(comparison['n_per_group_pairwise'].max(), 0)} beoordelaars nodig; voor alleen een "
        f"F-toets (verschillen de {k} groepen überhaupt?) "
        f"{f(comparison['n_per_group_anova'].min(), 0)} tot "
        f"{f(comparison['n_per_group_anova'].max(), 0)}. Omdat de {k}e groep maar "
        f"{f(100 * shares[-1], 0)} % van de respondenten is, vraagt de vergelijking van alle "
        f"paren {f(lo['n_total_pairwise'], 0)} ({labels[lo['organisation']]}) tot "
        f"{f(hi['n_total_pairwise'], 0)} ({labels[hi['organisation']]}) respondenten in totaal: "
        f"{f(lo['quarters_pairwise'], 0)} tot {f(hi['quarters_pairwise'], 0)} kwartalen van "
        f"{f(n_total, 0)} bij elkaar genomen.",
    ]
    return "\n\n".join(parts)


def recommendation_nl(rec: pd.DataFrame, target_mde: float, power: float = 0.8) -> str:
    """Dutch summary of :func:`recommended_design` (Markdown)."""
    from helpers.privacy import format_number as f

    labels = _labels(rec["organisation"])
    b = rec.loc[rec["binding"]].iloc[0]
    text = (
        f"Om een verandering van {f(target_mde, 2)} punt in het totaaloordeel tussen twee "
        f"kwartalen aan te tonen (power {f(100 * power, 0)} %), is "
        f"**{labels[b['organisation']]} bepalend**: "
    )
    if np.isfinite(b["n_gross"]):
        text += (
            f"{f(b['n_net'], 0)} netto beoordelaars per kwartaal, dat wil zeggen "
            f"{f(b['n_respondents'], 0)} respondenten en "
            f"**{f(b['n_gross'], 0)} uitnodigingen per kwartaal**. "
        )
    else:
        text += "met de azc's van deze golf is dat niet haalbaar. "
    text += (
        f"Ter vergelijking: met de aantallen van deze golf ({f(rec['n_rated_now'].min(), 0)}"
        f" tot {f(rec['n_rated_now'].max(), 0)} beoordelaars per organisatie) is tussen twee "
        f"kwartalen een verandering van {f(rec['mde_now'].min(), 2)} tot "
        f"{f(rec['mde_now'].max(), 2)} punt aantoonbaar."
    )
    return text


def power_key_figures(
    design: pd.DataFrame,
    rec: pd.DataFrame,
    plan: pd.DataFrame | None = None,
    comparison: pd.DataFrame | None = None,
    impact_summary: pd.DataFrame | None = None,
    **extra,
) -> dict:
    """The key figures of the power report as a flat dict for
    :func:`helpers.report._display.save_key_figures`.

    Keys per organisation ``<org>``: ``n_rated_<org>``, ``sd_<org>``, ``icc_<org>``,
    ``deff_<org>``, ``deff_weighting_<org>``, ``n_per_group_<org>`` (net per quarter for the
    target MDE), ``n_gross_<org>``, ``mde_now_<org>``; ``binding_organisation`` and
    ``n_gross_binding``; with a plan ``planner_mde_<org>_<window>q_<comparison>`` for all
    respondents; with a subgroup comparison ``subgroup_*``; with an impact summary
    ``impact_agreement_<org>_<n>`` (mean agreement) and ``impact_width_<org>_<n>`` per n, and
    ``impact_agreement_<org>_now``, ``impact_agreement_all_<org>_now`` and
    ``impact_n_stable_<org>_now`` at the smallest n of the summary (the wave's own n when it
    was included); plus ``extra``.
    """
    kf: dict = dict(extra)
    for r in design.itertuples():
        o = r.organisation
        kf[f"n_rated_{o}"] = int(r.n_rated)
        kf[f"sd_{o}"] = float(r.sd)
        kf[f"icc_{o}"] = float(r.icc)
        kf[f"deff_{o}"] = float(r.deff)
        kf[f"deff_weighting_{o}"] = float(r.deff_weighting)
    for r in rec.itertuples():
        o = r.organisation
        kf[f"n_per_group_{o}"] = float(r.n_net)
        kf[f"n_gross_{o}"] = float(r.n_gross)
        kf[f"mde_now_{o}"] = float(r.mde_now)
    b = rec.loc[rec["binding"]].iloc[0]
    kf["binding_organisation"] = b["organisation"]
    kf["n_gross_binding"] = float(b["n_gross"])
    if plan is not None:
        for r in plan[plan["group"] == "all"].itertuples():
            kf[f"planner_mde_{r.organisation}_{r.window_quarters}q_{r.comparison}"] = float(r.mde)
    if comparison is not None and not comparison.empty:
        a = comparison.attrs
        kf["subgroup_groups"] = list(a["groups"])
        kf["subgroup_shares"] = [float(s) for s in a["shares"]]
        kf["subgroup_k"] = int(a["k"])
        kf["subgroup_n_total"] = float(a["n_total"])
        kf["subgroup_n_largest"] = float(a["n_total"] * a["shares"][0])
        kf["subgroup_n_second"] = float(a["n_total"] * a["shares"][1])
        for r in comparison.itertuples():
            o = r.organisation
            kf[f"subgroup_mde_two_largest_{o}"] = float(r.mde_two_largest)
            kf[f"subgroup_n_per_group_pairwise_{o}"] = float(r.n_per_group_pairwise)
            kf[f"subgroup_n_per_group_anova_{o}"] = float(r.n_per_group_anova)
            kf[f"subgroup_n_total_pairwise_{o}"] = float(r.n_total_pairwise)
    if impact_summary is not None:
        for r in impact_summary.itertuples():
            kf[f"impact_agreement_{r.organisation}_{r.n}"] = float(r.agreement_mean)
            kf[f"impact_width_{r.organisation}_{r.n}"] = float(r.impact_width_mean)
        for org, g in impact_summary.groupby("organisation", sort=False):
            now = g.sort_values("n").iloc[0]
            kf[f"impact_agreement_{org}_now"] = float(now["agreement_mean"])
            kf[f"impact_agreement_all_{org}_now"] = float(now["agreement_all"])
            kf[f"impact_n_stable_{org}_now"] = int(now["n_stable"])
    return kf
