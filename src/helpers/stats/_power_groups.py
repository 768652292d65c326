"""Power and sample size for several subgroups: pairwise tests with a family-wise alpha and
the one-way ANOVA (Cohen 1988 ch. 8; Holm 1979).

Conventions as in :mod:`helpers.stats._power`.

References
----------
Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed. Hillsdale:
Lawrence Erlbaum.

Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal
of Statistics* 6(2), 65-70.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from helpers.errors import InputError
from helpers.stats._distributions import norm_isf
from helpers.stats._power import (
    Method,
    _alpha_power,
    _f_power,
    _positive,
    _probability,
    _solve_increasing,
    cohens_f_from_means,
    n_per_group,
)

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
    z = norm_isf(a / 2) + norm_isf(1 - p)
    n_total = _solve_increasing(
        lambda n: _f_power(f, n, a, k), p, lo, np.maximum(k * z**2 / f**2, 2 * lo), geometric=True
    )
    return float(dfact * n_total / k)
