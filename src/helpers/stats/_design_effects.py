"""Design effects: how much weighting, clustering and a finite population change the precision.

A design effect ``deff`` is the variance of an estimate under the actual design divided by its
variance under simple random sampling (SRS) of the same number of respondents (Kish 1965, §8.2).
Planning with a design effect means: a survey of ``n`` respondents is as precise as an SRS of the
*effective sample size* ``n / deff`` (Kish 1965 §8.2; Lohr 2019 ch. 7), so the net ``n`` that a
power calculation asks for has to be multiplied by ``deff``.

Components used in this project:

* weighting (Kish's "unequal weighting effect"): ``1 + CV²(w) = n Σw² / (Σw)²``, from the actual
  weights of the respondents (Kish 1965 §11.7; Kish 1992);
* clustering of asylum seekers in reception centres (``azc``): ``1 + (m̄ - 1) ICC`` (Kish 1965
  §5.4; Lohr 2019 ch. 5), with the intraclass correlation estimated by the one-way ANOVA
  estimator for unequal cluster sizes (Donner & Koval 1980; Donner 1986; Snijders & Bosker 2012
  ch. 3) and ``m̄`` the mean cluster size, by default the size-weighted variant (see
  :func:`mean_cluster_size`);
* the finite population correction ``1 - n/N`` (Lohr 2019 ch. 2), a variance factor below 1 when
  a sizeable share of the population responds.

The components multiply (Kish 1987; Gabler, Häder & Lahiri 1999 give the model-based
justification for ``deff_weighting × deff_clustering``): :func:`combined_deff`.

References
----------
Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed. New York: Wiley.

Donner, A. (1986). A review of inference procedures for the intraclass correlation coefficient in
the one-way random effects model. *International Statistical Review* 54(1), 67-82.

Donner, A. & Koval, J. J. (1980). The estimation of intraclass correlation in the analysis of
family data. *Biometrics* 36(1), 19-25.

Eldridge, S. M., Ashby, D. & Kerry, S. (2006). Sample size for cluster randomized trials: effect
of coefficient of variation of cluster size and analysis method. *International Journal of
Epidemiology* 35(5), 1292-1300.

Gabler, S., Häder, S. & Lahiri, P. (1999). A model based justification of Kish's formula for
design effects for weighting and clustering. *Survey Methodology* 25(1), 105-106.

Kish, L. (1965). *Survey Sampling*. New York: Wiley.

Kish, L. (1987). *Statistical Design for Research*. New York: Wiley.

Kish, L. (1992). Weighting for unequal Pi. *Journal of Official Statistics* 8(2), 183-200.

Lohr, S. L. (2019). *Sampling: Design and Analysis*, 2nd ed. Boca Raton: CRC Press.

Snijders, T. A. B. & Bosker, R. J. (2012). *Multilevel Analysis*, 2nd ed. London: Sage.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from helpers.errors import InputError

__all__ = [
    "adjusted_mean_cluster_size",
    "clustering_deff",
    "combined_deff",
    "effective_sample_size",
    "finite_population_correction",
    "icc_anova",
    "kish_deff",
    "mean_cluster_size",
    "n_for_effective_size_clustered",
    "n_with_fpc",
    "planned_cluster_size",
]


def _scalar_or_array(x: np.ndarray) -> float | np.ndarray:
    """Python float for a 0-d result, the array otherwise."""
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def _positive(name: str, value, *, allow_zero: bool = False) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} must be a finite number, got {value!r}")
    if np.any(arr < 0) or (not allow_zero and np.any(arr == 0)):
        raise InputError(
            f"{name} must be {'non-negative' if allow_zero else 'positive'}, got {value!r}"
        )
    return arr


def kish_deff(weights) -> float:
    """Kish's design effect due to unequal weighting, from the actual weights.

    Parameters
    ----------
    weights : array-like of float
        Weights of the respondents that enter the estimate (e.g. those with a valid rating for
        one organisation). Must be finite and positive; the scale does not matter.

    Returns
    -------
    float
        ``deff_w = n Σw² / (Σw)² = 1 + CV²(w)``, at least 1.

    Notes
    -----
    With ``w̄`` the mean weight and ``CV² = Σ(w - w̄)² / (n w̄²)`` (population variance, divisor
    ``n``), ``n Σw² / (Σw)² = 1 + CV²`` (Kish 1965 §11.7, Kish 1992 eq. 2). It is the variance
    inflation of a weighted mean when the weights are unrelated to the outcome; it ignores the
    gain a weight can bring when it is related to the outcome (calibration), so it is a planning
    number, not an estimate of the variance of a particular statistic.

    References
    ----------
    Kish, L. (1965). *Survey Sampling*, §11.7. Kish, L. (1992). Weighting for unequal Pi.
    *Journal of Official Statistics* 8(2), 183-200.

    Examples
    --------
    >>> kish_deff([1.0, 1.0, 2.0, 4.0])     # 4 * 22 / 8**2
    1.375
    >>> kish_deff([2.0, 2.0, 2.0])          # equal weights: no loss
    1.0
    """
    w = np.asarray(weights, dtype=float).ravel()
    if w.size == 0:
        raise InputError("kish_deff needs at least one weight")
    if not np.all(np.isfinite(w)) or np.any(w <= 0):
        raise InputError(
            "weights must be finite and positive (drop respondents with weight 0 "
            "or a missing weight before computing the weighting effect)"
        )
    return float(w.size * np.sum(w**2) / np.sum(w) ** 2)


def _cluster_codes(values, clusters) -> tuple[np.ndarray, np.ndarray]:
    """Drop missing values / clusters and return (values, integer cluster codes)."""
    y = np.asarray(values, dtype=float).ravel()
    g = pd.Series(np.asarray(clusters, dtype=object).ravel())
    if y.size != g.size:
        raise InputError(f"values and clusters differ in length ({y.size} vs {g.size})")
    keep = np.isfinite(y) & g.notna().to_numpy()
    codes, _ = pd.factorize(g[keep])
    return y[keep], codes


def adjusted_mean_cluster_size(sizes) -> float:
    """The ``m0`` (``ñ``) of the ANOVA estimator of the ICC with unequal cluster sizes.

    Parameters
    ----------
    sizes : array-like of int
        Number of respondents in each cluster (at least two clusters).

    Returns
    -------
    float
        ``m0 = (N - Σ m_j² / N) / (k - 1)`` with ``N = Σ m_j`` and ``k`` clusters; equals the common
        cluster size when all clusters are equal, and is below the mean otherwise.

    Notes
    -----
    It is the expected-mean-square coefficient of the between-cluster variance in the one-way
    random-effects ANOVA, ``E(MSB) = σ²_e + m0 σ²_u`` (Donner 1986; Snijders & Bosker 2012
    ch. 3, where it is called ``ñ``).

    Examples
    --------
    >>> adjusted_mean_cluster_size([3, 3, 3])
    3.0
    >>> round(adjusted_mean_cluster_size([2, 4, 6]), 4)   # (12 - 56/12) / 2
    3.6667
    """
    m = _positive("cluster sizes", sizes).ravel()
    if m.size < 2:
        raise InputError("need at least two clusters")
    total = m.sum()
    return float((total - np.sum(m**2) / total) / (m.size - 1))


def icc_anova(values, clusters, *, truncate: bool = False) -> float:
    """Intraclass correlation by the one-way ANOVA estimator, for unequal cluster sizes.

    Parameters
    ----------
    values : array-like of float
        The outcome per respondent (e.g. ``totaaloordeel``); NaN is dropped.
    clusters : array-like
        The cluster (e.g. reception centre ``azc``) of each respondent; missing is dropped.
    truncate : bool, default False
        Return ``max(ICC, 0)``. The raw estimator can be negative (down to ``-1/(m0 - 1)``) when
        clusters differ less than chance would make them; for a design effect use 0 then.

    Returns
    -------
    float
        ``ICC = (MSB - MSW) / (MSB + (m0 - 1) MSW)``.

    Raises
    ------
    InputError
        Fewer than two clusters, no respondents beyond one per cluster, or no variation at all.

    Notes
    -----
    With ``k`` clusters of sizes ``m_j`` (``N = Σ m_j``), cluster means ``ȳ_j`` and grand mean
    ``ȳ``: ``MSB = Σ m_j (ȳ_j - ȳ)² / (k - 1)``, ``MSW = Σ Σ (y_ij - ȳ_j)² / (N - k)`` and
    ``m0 = (N - Σ m_j²/N) / (k - 1)`` (:func:`adjusted_mean_cluster_size`). Since
    ``E(MSB) = σ²_e + m0 σ²_u`` and ``E(MSW) = σ²_e``, ``σ̂²_u = (MSB - MSW) / m0`` and
    ``ICC = σ̂²_u / (σ̂²_u + σ̂²_e)`` gives the formula above (Donner & Koval 1980; Donner 1986;
    Snijders & Bosker 2012 ch. 3). For balanced data with a positive estimate it equals
    the REML estimate of a random-intercept model.

    References
    ----------
    Donner, A. (1986). *International Statistical Review* 54(1), 67-82. Snijders, T. A. B. &
    Bosker, R. J. (2012). *Multilevel Analysis*, 2nd ed., ch. 3.

    Examples
    --------
    Three clusters of three (cluster means 2, 3, 4; grand mean 3): ``MSB = 3·(1+0+1)/2 = 3``,
    ``MSW = 6·1/6 = 1``, so ``ICC = (3 - 1)/(3 + 2·1) = 0.4``:

    >>> icc_anova([1, 2, 3, 2, 3, 4, 3, 4, 5], ["a"] * 3 + ["b"] * 3 + ["c"] * 3)
    0.4
    """
    y, codes = _cluster_codes(values, clusters)
    k = int(codes.max()) + 1 if codes.size else 0
    n = y.size
    if k < 2:
        raise InputError("the ICC needs at least two clusters with a valid value")
    if n - k < 1:
        raise InputError("the ICC needs at least one cluster with two or more respondents")
    sizes = np.bincount(codes, minlength=k).astype(float)
    means = np.bincount(codes, weights=y, minlength=k) / sizes
    grand = y.mean()
    msb = np.sum(sizes * (means - grand) ** 2) / (k - 1)
    msw = np.sum((y - means[codes]) ** 2) / (n - k)
    m0 = adjusted_mean_cluster_size(sizes)
    denom = msb + (m0 - 1.0) * msw
    if denom <= 0:
        raise InputError("the ICC is undefined: the values do not vary")
    icc = float((msb - msw) / denom)
    return max(icc, 0.0) if truncate else icc


def mean_cluster_size(sizes, kind: Literal["mean", "size_weighted"] = "size_weighted") -> float:
    """The ``m̄`` to use in the clustering design effect.

    Parameters
    ----------
    sizes : array-like of int
        Number of respondents per cluster.
    kind : {"size_weighted", "mean"}, default "size_weighted"
        ``"mean"``: ``Σ m_j / k``, the plain mean cluster size of Kish's formula for equal
        clusters. ``"size_weighted"``: ``Σ m_j² / Σ m_j``, the size of the cluster of an average
        respondent, ``= m̄ (1 + CV²(m))``.

    Returns
    -------
    float

    Notes
    -----
    For an unweighted mean over respondents in clusters with a common ICC ``ρ``,
    ``Var(ȳ) = σ²/N · (1 + ρ (Σ m_j²/N - 1))`` exactly, so the size-weighted size is the right
    ``m̄`` when clusters are unequal; it is the ``(1 + CV²) m̄`` of Eldridge, Ashby & Kerry (2006)
    and Kish (1987). With equal clusters both variants coincide. The plain mean
    understates the design effect when reception centres differ much in size, hence the default.

    Examples
    --------
    >>> mean_cluster_size([10, 10, 10]), mean_cluster_size([10, 10, 10], kind="mean")
    (10.0, 10.0)
    >>> mean_cluster_size([5, 15], kind="mean"), mean_cluster_size([5, 15])  # (25 + 225) / 20
    (10.0, 12.5)
    """
    m = _positive("cluster sizes", sizes).ravel()
    if m.size == 0:
        raise InputError("need at least one cluster")
    if kind == "mean":
        return float(m.mean())
    if kind == "size_weighted":
        return float(np.sum(m**2) / np.sum(m))
    raise InputError(f"kind must be 'mean' or 'size_weighted', got {kind!r}")


def clustering_deff(mean_cluster_size, icc) -> float | np.ndarray:
    """Design effect of clustering, ``1 + (m̄ - 1) ICC`` (Kish 1965 §5.4; Lohr 2019 ch. 5).

    Parameters
    ----------
    mean_cluster_size : float or array-like
        ``m̄``, respondents per cluster (see :func:`mean_cluster_size`); at least 1.
    icc : float or array-like
        Intraclass correlation of the outcome within clusters, in ``[-1/(m̄-1), 1]``; use
        ``icc_anova(..., truncate=True)`` for planning.

    Returns
    -------
    float or numpy.ndarray
        Broadcast over the inputs.

    Notes
    -----
    ``Var(ȳ_cluster) / Var(ȳ_SRS) = 1 + (m̄ - 1) ρ`` for clusters of ``m̄`` respondents with
    within-cluster correlation ``ρ`` (Kish 1965 §5.4; Lohr 2019 ch. 5).

    Examples
    --------
    >>> clustering_deff(11, 0.02)
    1.2
    >>> clustering_deff([1, 21], 0.05).tolist()
    [1.0, 2.0]
    """
    m = np.asarray(mean_cluster_size, dtype=float)
    rho = np.asarray(icc, dtype=float)
    if not (np.all(np.isfinite(m)) and np.all(np.isfinite(rho))):
        raise InputError("mean cluster size and ICC must be finite numbers")
    if np.any(m < 1):
        raise InputError(f"mean cluster size must be at least 1, got {mean_cluster_size!r}")
    if np.any(rho > 1):
        raise InputError(f"ICC must be at most 1, got {icc!r}")
    deff = 1.0 + (m - 1.0) * rho
    if np.any(deff <= 0):
        raise InputError("ICC below -1/(m̄ - 1): the design effect would not be positive")
    return _scalar_or_array(deff)


def planned_cluster_size(n, mean_cluster_size, n_observed) -> float | np.ndarray:
    """Mean cluster size ``m̄`` of a planned sample of net ``n``, from an observed sample.

    A sample up to the observed size keeps the observed clusters with proportionally fewer
    respondents each; a larger one adds clusters of the observed size. The clustering effect of
    a planned sample (:func:`clustering_deff`) belongs to that ``m̄``, not to the observed one:
    a wave of 21,000 respondents in 30 reception centres (700 each) does not make a sample of
    300 from those centres (10 each) as clustered as itself.

    Parameters
    ----------
    n : float or array-like
        Planned net number of respondents (positive).
    mean_cluster_size : float or array-like
        Observed ``m̄`` (:func:`mean_cluster_size`), at least 1.
    n_observed : float or array-like
        Observed net number of respondents that ``m̄`` was computed from (positive).

    Returns
    -------
    float or numpy.ndarray
        ``max(1, m̄ · min(1, n / n_observed))``, broadcast over the inputs.

    Notes
    -----
    The observed sample is spread over ``k = n_observed / m̄`` effective clusters (the same
    ``k`` as :func:`n_for_effective_size_clustered` takes). Below the observed size the
    planned sample visits those ``k`` clusters, ``m̄ = n / k``; above it, clusters of the
    observed size are added (the fieldwork per cluster is not planned to exceed what was done),
    ``m̄`` stays. The effective size ``n / (1 + (m̄(n) - 1) ρ)`` is then continuous and
    increasing in ``n``. It is a planning assumption on top of Kish's (1965 §5.4) clustering
    effect, not an estimate.

    Examples
    --------
    >>> planned_cluster_size(300, 700.0, 21000)      # the 30 centres, 10 respondents each
    10.0
    >>> planned_cluster_size(500, 20.0, 200)         # more centres of 20
    20.0
    >>> planned_cluster_size(5, 8.0, 160)            # fewer than one per centre: 1
    1.0
    """
    n_ = _positive("n", n)
    m = _positive("mean cluster size", mean_cluster_size)
    if np.any(m < 1):
        raise InputError(f"mean cluster size must be at least 1, got {mean_cluster_size!r}")
    n_obs = _positive("n_observed", n_observed)
    return _scalar_or_array(np.maximum(m * np.minimum(n_ / n_obs, 1.0), 1.0))


def finite_population_correction(n, population_size) -> float | np.ndarray:
    """Finite population correction ``1 - n/N`` of the variance of a mean (Lohr 2019 ch. 2).

    Parameters
    ----------
    n : float or array-like
        Net sample size (respondents).
    population_size : float or array-like
        ``N``, size of the population the respondents are drawn from (e.g. asylum seekers with
        contact with an organisation in the period), at least ``n``.

    Returns
    -------
    float or numpy.ndarray
        Variance factor in ``[0, 1]``; multiply a design effect by it (:func:`combined_deff`).

    Notes
    -----
    Under SRS without replacement ``Var(ȳ) = (1 - n/N) S²/n`` (Lohr 2019 ch. 2). Note that
    for a *comparison* of two waves the correction only applies when the finite population
    itself is the object of inference; for a process (the experience of asylum seekers in
    general) leave it out.

    Examples
    --------
    >>> finite_population_correction(200, 1000)
    0.8
    """
    n_ = _positive("n", n)
    big_n = _positive("population size", population_size)
    if np.any(n_ > big_n):
        raise InputError("n cannot exceed the population size")
    return _scalar_or_array(1.0 - n_ / big_n)


def n_with_fpc(n0, population_size) -> float | np.ndarray:
    """Sample size after the finite population correction: ``n = n0 / (1 + n0/N)``.

    Parameters
    ----------
    n0 : float or array-like
        Sample size required for an infinite population (e.g. from
        :func:`helpers.stats._power.n_per_group`).
    population_size : float or array-like
        ``N``.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Solving ``(1 - n/N)/n = 1/n0`` for ``n`` (Lohr 2019 ch. 2; Cochran 1977 ch. 4 uses the
    nearly equal ``n0/(1 + (n0 - 1)/N)``).

    Examples
    --------
    >>> n_with_fpc(400, 400)
    200.0
    """
    n0_ = _positive("n0", n0)
    big_n = _positive("population size", population_size)
    return _scalar_or_array(n0_ / (1.0 + n0_ / big_n))


def effective_sample_size(n, deff) -> float | np.ndarray:
    """Effective sample size ``n / deff`` (Kish 1965 §8.2).

    Parameters
    ----------
    n : float or array-like
        Net number of respondents.
    deff : float or array-like
        Design effect (positive).

    Returns
    -------
    float or numpy.ndarray
        The size of a simple random sample with the same precision.

    Examples
    --------
    >>> effective_sample_size(300, 1.5)
    200.0
    """
    n_ = _positive("n", n, allow_zero=True)
    d = _positive("deff", deff)
    return _scalar_or_array(n_ / d)


def n_for_effective_size_clustered(
    n_effective, icc, n_clusters, deff_weighting=1.0
) -> float | np.ndarray:
    """Net n that reaches an effective size when the number of clusters is fixed.

    Adding respondents to the same reception centres makes the clusters larger and so the
    clustering effect ``1 + (n/k - 1) ρ`` grows with n. Solving ``n / deff(n) = n_eff`` gives
    the net n; beyond ``k / ρ`` effective respondents no n suffices (more centres are needed).

    Parameters
    ----------
    n_effective : float or array-like
        Effective size wanted (e.g. :func:`helpers.stats._power.n_per_group` with ``deff=1``).
    icc : float or array-like
        Intraclass correlation (negative values count as 0; NaN means no clustering).
    n_clusters : float or array-like
        ``k``, the number of clusters the respondents are spread over; an effective number
        ``n / m̄`` (with the size-weighted ``m̄`` of :func:`mean_cluster_size`) is allowed.
    deff_weighting : float or array-like, default 1
        Kish's weighting effect, multiplies ``n`` (:func:`kish_deff`).

    Returns
    -------
    float or numpy.ndarray
        ``n = a (1 - ρ) / (1 - a ρ / k)`` with ``a = n_eff · deff_weighting``; ``a`` itself when
        ``a <= k`` (at most one respondent per cluster: no clustering effect); ``inf`` where
        ``a ρ >= k`` (not reachable with k clusters).

    Notes
    -----
    With equal clusters ``m = n / k``: ``n / n_eff = deff_w (1 + (n/k - 1) ρ)`` is linear in
    ``n`` and solves to the formula above (Kish 1965 §5.4 for the clustering effect; the
    ceiling ``k/ρ`` of the effective size is the usual bound for a fixed number of clusters,
    e.g. Hemming et al. 2011).

    References
    ----------
    Hemming, K., Girling, A. J., Sitch, A. J., Marsh, J. & Lilford, R. J. (2011). Sample size
    calculations for cluster randomised controlled trials with a fixed number of clusters.
    *BMC Medical Research Methodology* 11, 102.

    Examples
    --------
    >>> n_for_effective_size_clustered(100, 0.0, 10)        # no clustering: n = n_eff
    100.0
    >>> n_for_effective_size_clustered(100, 0.05, 20)       # 100·0.95 / (1 - 100·0.05/20)
    126.66666666666667
    >>> n_for_effective_size_clustered(500, 0.05, 20)       # k/ρ = 400 < 500: unreachable
    inf
    >>> n_for_effective_size_clustered(10, 0.05, 20)        # fewer than one per cluster
    10.0
    """
    n_eff = _positive("n_effective", n_effective)
    rho = np.asarray(icc, dtype=float)
    rho = np.where(np.isnan(rho), 0.0, np.maximum(rho, 0.0))
    if np.any(rho > 1):
        raise InputError(f"ICC must be at most 1, got {icc!r}")
    k = _positive("n_clusters", n_clusters)
    a = n_eff * _positive("deff_weighting", deff_weighting)
    denom = 1.0 - a * rho / k
    with np.errstate(divide="ignore", invalid="ignore"):
        n = np.where(denom > 0, a * (1.0 - rho) / np.where(denom > 0, denom, 1.0), np.inf)
    return _scalar_or_array(np.where(a <= k, a, n))


def combined_deff(deff_weighting=1.0, deff_clustering=1.0, fpc=1.0) -> float | np.ndarray:
    """Overall design effect ``deff_weighting × deff_clustering × fpc``.

    Parameters
    ----------
    deff_weighting : float or array-like, default 1
        Kish's weighting effect (:func:`kish_deff`).
    deff_clustering : float or array-like, default 1
        Clustering effect (:func:`clustering_deff`).
    fpc : float or array-like, default 1
        Finite population correction ``1 - n/N`` (:func:`finite_population_correction`); leave
        1 when inference is about the process rather than the finite population.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Kish's (1987) product rule; Gabler, Häder & Lahiri (1999) show it is the design effect of
    the weighted mean under a random-intercept model when the weights do not vary with the
    cluster sizes, and an upper bound otherwise. The fpc multiplies any variance.

    Examples
    --------
    >>> round(combined_deff(1.25, 1.2), 10)
    1.5
    >>> round(combined_deff(1.25, 1.2, fpc=0.8), 10)
    1.2
    """
    w = _positive("deff_weighting", deff_weighting)
    c = _positive("deff_clustering", deff_clustering)
    f = _positive("fpc", fpc)
    if np.any(f > 1):
        raise InputError("fpc must lie in (0, 1]")
    return _scalar_or_array(w * c * f)
