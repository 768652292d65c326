"""Ordinal distributions of the demo model: shaping five answer categories to published figures.

A discretised normal (sd :data:`ORDINAL_SIGMA`) matched to a published mean or top-2 share,
exponentially tilted (minimum Kullback-Leibler change) when both are published; thresholds of
normal mixtures; cutting a latent variable into categories.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, stats

ORDINAL_SIGMA = 1.0  # sd of the discretised normal that shapes a 5-category distribution


def _discretised_normal(mu: float, sigma: float, k: int) -> np.ndarray:
    cuts = np.arange(1.5, k, 1.0)
    cdf = stats.norm.cdf((cuts - mu) / sigma)
    return np.diff(np.r_[0.0, cdf, 1.0])


def _solve_mu(stat, target: float, sigma: float, k: int) -> float:
    return optimize.brentq(
        lambda mu: stat(_discretised_normal(mu, sigma, k)) - target, -15, 20, xtol=1e-12
    )


def _tilt(q: np.ndarray, features: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """``p ∝ q exp(theta' f)`` with ``F p = targets``: the minimum-KL change of ``q``."""
    logq = np.log(np.maximum(q, 1e-300))

    def probs(theta):
        e = logq + theta @ features
        e = np.exp(e - e.max())
        return e / e.sum()

    sol = optimize.root(
        lambda th: features @ probs(th) - targets,
        np.zeros(len(targets)),
        method="hybr",
        options={"xtol": 1e-12},
    )
    p = probs(sol.x)
    if not np.allclose(features @ p, targets, atol=1e-7):
        raise ValueError(f"cannot meet the moments {targets.tolist()}")
    return p


def ordinal_probs(
    mean: float | None = None, top2: float | None = None, sigma: float = ORDINAL_SIGMA, k: int = 5
) -> np.ndarray:
    """Distribution over the answer values ``1..k`` with a given mean and/or top-2 share.

    Parameters
    ----------
    mean : float, optional
        Mean of the values (``1..k``, ``k`` most positive).
    top2 : float, optional
        Share of the two most positive values (``k-1`` and ``k``), in (0, 1).
    sigma : float
        Spread of the discretised normal that shapes the distribution.
    k : int
        Number of categories.

    Returns
    -------
    numpy.ndarray
        ``k`` probabilities (values ``1..k``).

    Notes
    -----
    With one constraint the result is a normal ``N(mu, sigma)`` discretised at ``1.5, ..., k-0.5``
    with ``mu`` solved for the constraint. With both, that distribution (fitted to the mean) is
    tilted exponentially, ``p_v ∝ q_v exp(a v + b [v >= k-1])``: of all distributions meeting both
    constraints the one closest to ``q`` in Kullback-Leibler divergence (Csiszár 1975, I-divergence
    geometry). A discretised normal alone cannot reach e.g. mean 3.7 with only 57% top-2.

    References
    ----------
    Csiszár, I. (1975). I-divergence geometry of probability distributions and minimization
    problems. The Annals of Probability, 3(1), 146-158.

    Examples
    --------
    >>> p = ordinal_probs(mean=3.7, top2=0.57)
    >>> round(float(p @ np.arange(1, 6)), 6), round(float(p[3:].sum()), 6)
    (3.7, 0.57)
    >>> round(float(ordinal_probs(top2=0.78)[3:].sum()), 6)
    0.78
    """
    values = np.arange(1, k + 1, dtype=float)
    top = (values >= k - 1).astype(float)
    if mean is None and top2 is None:
        raise ValueError("give a mean, a top-2 share or both")
    if mean is None:
        return _discretised_normal(_solve_mu(lambda p: p @ top, top2, sigma, k), sigma, k)
    if not 1 < mean < k:
        raise ValueError(f"mean {mean} outside (1, {k})")
    q = _discretised_normal(_solve_mu(lambda p: p @ values, mean, sigma, k), sigma, k)
    if top2 is None:
        return q
    lo, hi = (1 - top2) + top2 * (k - 1), (1 - top2) * (k - 2) + top2 * k
    if not lo < mean < hi:
        raise ValueError(f"mean {mean} is impossible with a top-2 share of {top2}")
    return _tilt(q, np.vstack([values, top]), np.array([mean, top2]))


def ordinal_probs_groups(
    means, shares, top2: float | None = None, sigma: float = ORDINAL_SIGMA, k: int = 5
) -> np.ndarray:
    """Distributions per subgroup with given means, and optionally the top-2 share of the mixture.

    Each subgroup's discretised normal (fitted to its mean) is tilted by its own mean term and one
    shared top-2 term, ``p_sv ∝ q_sv exp(a_s v + b [v >= k-1])``.

    Examples
    --------
    >>> P = ordinal_probs_groups([4.2, 3.8], [0.75, 0.25], top2=0.78)
    >>> top2 = float(np.array([0.75, 0.25]) @ P[:, 3:].sum(1))
    >>> np.round(P @ np.arange(1, 6), 6).tolist(), round(top2, 6)
    ([4.2, 3.8], 0.78)
    """
    means = np.asarray(means, dtype=float)
    shares = np.asarray(shares, dtype=float)
    values = np.arange(1, k + 1, dtype=float)
    top = values >= k - 1
    qs = np.array([ordinal_probs(mean=m, sigma=sigma, k=k) for m in means])
    if top2 is None:
        return qs
    logq = np.log(np.maximum(qs, 1e-300))
    S = len(means)

    def dist(theta):
        e = logq + theta[:S, None] * values + theta[S] * top
        e = np.exp(e - e.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def f(theta):
        P = dist(theta)
        return np.r_[P @ values - means, shares @ P[:, top].sum(1) - top2]

    sol = optimize.root(f, np.zeros(S + 1), method="hybr", options={"xtol": 1e-12})
    P = dist(sol.x)
    if np.abs(f(sol.x)).max() > 1e-7:
        raise ValueError("cannot meet the subgroup means and the top-2 share jointly")
    return P


def nps_probs(
    nps: float, promoters: float | None = None, passives: float | None = None
) -> np.ndarray:
    """Distribution over the scores 0-10 with a given Net Promoter Score (in points).

    Without a published split the promoter share follows the IND split's 6% at NPS -34, moved by
    0.3 points per NPS point; within detractors (0-6), passives (7-8) and promoters (9-10) the
    scores have a fixed, plausible shape.

    Examples
    --------
    >>> p = nps_probs(-34, promoters=0.06, passives=0.54)
    >>> round(100 * float(p[9:].sum() - p[:7].sum()), 6), round(float(p[7:9].sum()), 6)
    (-34.0, 0.54)
    """
    if promoters is None:
        promoters = float(np.clip(0.06 + 0.003 * (nps + 34), 0.01, 0.5))
    detractors = promoters - nps / 100
    if passives is None:
        passives = 1 - promoters - detractors
    if (
        min(promoters, passives, detractors) < 0
        or abs(promoters + passives + detractors - 1) > 1e-9
    ):
        raise ValueError(f"NPS {nps} with promoters {promoters} is not a distribution")
    det_shape = np.array([0.02, 0.02, 0.04, 0.08, 0.14, 0.30, 0.40])
    return np.r_[
        detractors * det_shape, passives * np.array([0.55, 0.45]), promoters * np.array([0.7, 0.3])
    ]


def mixture_thresholds(cum, shares, means, sds) -> np.ndarray:
    """Cut points ``t`` with ``sum_s pi_s Phi((t - m_s) / sd_s) = F`` for each ``F`` in ``cum``.

    Examples
    --------
    >>> np.round(mixture_thresholds([0.5], [1.0], [0.0], [1.0]), 6).tolist()
    [0.0]
    >>> t = mixture_thresholds([0.3], [0.5, 0.5], [-1.0, 1.0], [1.0, 1.0])
    >>> round(float(0.5 * stats.norm.cdf(t[0] + 1) + 0.5 * stats.norm.cdf(t[0] - 1)), 9)
    0.3
    """
    shares, means, sds = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (shares, means, sds))
    cum = np.asarray(cum, dtype=float)
    if len(shares) == 1:
        return means[0] + sds[0] * stats.norm.ppf(cum)
    lo, hi = (means - 12 * sds).min(), (means + 12 * sds).max()

    def cdf(t):
        return float(shares @ stats.norm.cdf((t - means) / sds))

    return np.array([optimize.brentq(lambda t, F=F: cdf(t) - F, lo, hi, xtol=1e-12) for F in cum])


def cut(latent: np.ndarray, thresholds: np.ndarray, sub: np.ndarray | None = None) -> np.ndarray:
    """Ordinal values ``1..k`` of a latent: one plus the number of cut points below it.

    ``latent`` is ``(n,)`` with ``thresholds`` ``(k-1,)`` or, with ``sub`` (subgroup index per
    respondent), ``(S, k-1)``; or ``latent`` is ``(n, K)`` with one row of cut points per column,
    ``thresholds`` ``(K, k-1)``.

    Examples
    --------
    >>> cut(np.array([-2.0, 0.0, 2.0]), np.array([-1.0, 1.0])).tolist()
    [1, 2, 3]
    >>> cut(np.array([[0.0, 0.0]]), np.array([[-1.0, 1.0], [0.5, 1.0]])).tolist()
    [[2, 1]]
    """
    if latent.ndim == 2:
        return 1 + (latent[:, :, None] > thresholds[None]).sum(-1)
    thr = thresholds if sub is None or thresholds.ndim == 1 else thresholds[sub]
    return 1 + (latent[:, None] > thr).sum(-1)


def reconcile_means(overall: float, by_group, shares) -> tuple[np.ndarray, float]:
    """Subgroup means made consistent with the overall mean (minimax shift).

    Published rounded figures need not agree: the partners' DT&V means are 3.7 inside and 3.2
    outside the chain with 72 and 155 raters, which mixes to 3.36, not the published 3.5. Both
    subgroup means are shifted by half the gap, so that the largest deviation from a published
    figure (the subgroups' and the overall's) is as small as possible: ``|gap| / 2``.

    Returns
    -------
    (numpy.ndarray, float)
        The adjusted subgroup means and the shift applied (0 when consistent).

    Examples
    --------
    >>> m, d = reconcile_means(3.5, [3.7, 3.2], [72 / 227, 155 / 227])
    >>> np.round(m, 3).tolist(), round(d, 3)
    ([3.771, 3.271], 0.071)
    """
    by_group = np.asarray(by_group, dtype=float)
    d = (overall - float(np.asarray(shares, dtype=float) @ by_group)) / 2
    return by_group + d, d
