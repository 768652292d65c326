"""Bootstrap of the relative importances: percentile intervals for every measure at once.

:func:`bootstrap_importance` resamples the sampling units B times, with their respondents' survey
weights, and computes every importance measure of :mod:`helpers.stats._importance` for all B
samples in one batch of weighted correlation matrices (:mod:`helpers.stats._importance_linalg`); it
also gives the per-sample performance of every driver that :mod:`helpers.stats._quadrant` needs to
say how stable a quadrant placement is. The sampling units are the respondents, or, where the
design has them, the clusters (the reception centres of the asylum seekers): the cluster bootstrap
draws whole clusters (:func:`bootstrap_counts`).

References
----------
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall (ch. 13,
percentile intervals).
Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. Cambridge
University Press (sec. 3.8, resampling clusters of hierarchical data).
Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. *Journal of the Royal Statistical
Society B*, 69(3), 369-390.
Rao, J. N. K. & Wu, C. F. J. (1988). Resampling inference with complex survey data. *Journal of the
American Statistical Association*, 83(401), 231-241.
Rao, J. N. K., Wu, C. F. J. & Yue, K. (1992). Some recent work on resampling methods for complex
surveys. *Survey Methodology*, 18(2), 209-217.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats._importance import (
    MAX_LMG_DRIVERS,
    ImpactWarning,
    ImportanceResult,
    _estimate,
    _num,
    _point,
    _prepare,
    _resolve_methods,
    _result_dict,
)


@dataclass(frozen=True)
class BootstrapResult:
    """Point estimates with percentile bootstrap intervals and per-sample quadrant inputs.

    Attributes
    ----------
    point : ImportanceResult
        The estimates on the full data.
    B, seed : int
        Number of bootstrap samples and the seed of ``numpy.random.default_rng``.
    level : float
        Confidence level of the percentile intervals.
    samples : dict of str to ndarray
        Per method an array (B, p) of bootstrap importances, and ``"r2"`` (B,). Degenerate samples
        (a driver constant in the resample, ...) are NaN.
    performance : ndarray, shape (p,)
        Weighted performance of every driver (see ``performance_measure``) on all respondents who
        rated it.
    performance_samples : ndarray, shape (B, p)
    performance_measure : str
        ``"positive"`` (% of answers >= ``positive_at``) or ``"mean"``.
    n_invalid : int
        Bootstrap samples left out as degenerate.
    table : pandas.DataFrame
        The point table plus, per method, ``<method>_ci_low``, ``<method>_ci_high``,
        ``<method>_share_ci_low``, ``<method>_share_ci_high``, and ``performance``,
        ``performance_ci_low``, ``performance_ci_high``.
    method_note : str
        The point estimate's note plus the bootstrap settings and any dropped or repaired samples.
    r2_ci : tuple of float
        Percentile interval of R².
    positive_at : float
        Lowest answer counted as positive.
    cluster : str or None
        The column whose clusters were resampled; None: respondents were resampled.
    n_clusters : int or None
        Number of clusters in the data (a row without a cluster counts as a cluster of its own);
        None without ``cluster``.

    The properties ``outcome``, ``drivers``, ``methods``, ``missing``, ``n``, ``r2``, ``weighted``
    and ``impact_method`` are those of ``point``.
    """

    point: ImportanceResult
    B: int
    seed: int
    level: float
    samples: dict[str, np.ndarray]
    performance: np.ndarray
    performance_samples: np.ndarray
    performance_measure: str
    n_invalid: int
    table: pd.DataFrame
    method_note: str = ""
    r2_ci: tuple[float, float] = (np.nan, np.nan)
    positive_at: float = 4.0
    cluster: str | None = None
    n_clusters: int | None = None

    outcome = property(lambda self: self.point.outcome)
    drivers = property(lambda self: self.point.drivers)
    methods = property(lambda self: self.point.methods)
    missing = property(lambda self: self.point.missing)
    n = property(lambda self: self.point.n)
    r2 = property(lambda self: self.point.r2)
    weighted = property(lambda self: self.point.weighted)
    impact_method = property(lambda self: self.point.impact_method)

    def to_dict(self) -> dict:
        """JSON-ready dictionary (the ``python -m helpers impact --bootstrap B`` output)."""
        out = _result_dict(self.point, self.table, self.B, self.seed, self.level)
        out["method_note"] = self.method_note
        out["r2_ci_low"], out["r2_ci_high"] = (_num(v) for v in self.r2_ci)
        out["n_invalid_bootstrap"] = int(self.n_invalid)
        return out


# ============================================================================================
# The draws: respondents or whole clusters
# ============================================================================================
def bootstrap_indices(n: int, B: int, seed: int, size: int | None = None) -> np.ndarray:
    """The units drawn in each bootstrap sample: array (B, size) of positions 0..n-1.

    ``size`` defaults to ``n`` (the respondent bootstrap draws n of n respondents; the cluster
    bootstrap of :func:`bootstrap_counts` draws C - 1 of C clusters). :func:`bootstrap_importance`
    uses exactly these draws (as counts), so a loop over ``data.iloc[idx[b]]`` (or over the rows of
    the clusters ``idx[b]``) reproduces its samples.

    Examples
    --------
    >>> bootstrap_indices(5, 2, seed=1).shape, bootstrap_indices(5, 2, seed=1, size=4).shape
    ((2, 5), (2, 4))
    >>> bool((bootstrap_indices(5, 2, seed=1) == bootstrap_indices(5, 2, seed=1)).all())
    True
    """
    size = n if size is None else size
    dtype = np.int32 if n < 2**31 else np.int64
    return np.random.default_rng(seed).integers(0, n, size=(B, size), dtype=dtype)


def cluster_codes(labels) -> np.ndarray:
    """Cluster number 0..C-1 of every row, in order of first appearance; a row without a label
    (None, NaN) is a cluster of its own (as :func:`helpers.stats.respondent_design` treats it).

    Examples
    --------
    >>> cluster_codes(["b", "a", "b", None, "a", None]).tolist()
    [0, 1, 0, 2, 1, 3]
    """
    codes, uniques = pd.factorize(pd.Series(np.asarray(labels, dtype=object)), sort=False)
    lone = codes < 0
    codes[lone] = len(uniques) + np.arange(int(lone.sum()))
    return codes


def _counts(idx: np.ndarray, n: int) -> np.ndarray:
    """Multiplicities (B, n): how often each unit occurs in each row of draws ``idx`` (B, m)."""
    b = idx.shape[0]
    flat = (idx + (np.arange(b) * n)[:, None]).ravel()
    return np.bincount(flat, minlength=b * n).reshape(b, n).astype(float)


@dataclass(frozen=True)
class _Draws:
    """The B draws of a bootstrap: ``idx`` (B, m) units drawn out of ``n_units``; ``unit`` (n,)
    the unit of every row (None: the rows are the units)."""

    idx: np.ndarray
    n_units: int
    unit: np.ndarray | None

    @classmethod
    def make(cls, n: int, B: int, seed: int, clusters=None) -> _Draws:
        if clusters is None:
            return cls(bootstrap_indices(n, B, seed), n, None)
        unit = cluster_codes(clusters)
        if len(unit) != n:
            raise InputError(f"{len(unit)} cluster labels for {n} rows")
        n_clusters = int(unit.max()) + 1 if n else 0
        if n_clusters < 2:
            raise InputError(f"the cluster bootstrap needs at least two clusters, not {n_clusters}")
        return cls(bootstrap_indices(n_clusters, B, seed, size=n_clusters - 1), n_clusters, unit)

    def counts(self, rows: slice) -> np.ndarray:
        """How often each row counts in the samples ``rows``: array (samples, n)."""
        mult = _counts(self.idx[rows], self.n_units)
        return mult if self.unit is None else mult[:, self.unit]


def bootstrap_counts(B: int, seed: int, *, n: int | None = None, clusters=None) -> np.ndarray:
    """How often each row counts in each bootstrap sample: array (B, n) of multiplicities.

    Parameters
    ----------
    B, seed : int
        Number of samples and the seed of the draws (:func:`bootstrap_indices`).
    n : int, optional
        Number of rows; needed without ``clusters``.
    clusters : array-like, optional
        The cluster of every row (e.g. the reception centre); a row without one is a cluster of
        its own (:func:`cluster_codes`). None: the rows themselves are resampled.

    Returns
    -------
    numpy.ndarray, shape (B, n)
        Without clusters the respondent bootstrap: n draws of n rows, each row of the result sums
        to n. With C clusters the cluster bootstrap: C - 1 draws of whole clusters, so the
        multiplicity of a row is that of its cluster and a sample holds the rows of C - 1 drawn
        clusters.

    Notes
    -----
    Drawing C - 1 of the C clusters with replacement is the bootstrap of Rao & Wu (1988) with
    ``m = C - 1`` (Rao, Wu & Yue 1992). Its weights are ``w_i * C / (C - 1) * m_c`` for a row of
    cluster c drawn ``m_c`` times; every statistic here (weighted correlations, weighted means
    and percentages) is a ratio of weighted sums, so the constant factor ``C / (C - 1)`` drops out
    and the multiplicities alone carry the resample. For a linear statistic such as a mean over
    equal clusters the bootstrap variance then equals the with-replacement linearisation variance
    with the cluster as primary sampling unit (as R's ``svymean`` with ``ids = ~cluster``); drawing
    all C clusters (Davison & Hinkley 1997, sec. 3.8) would give ``(C - 1) / C`` of it, too small
    with the 20 to 30 reception centres of a wave. Field & Welsh (2007) show that resampling
    clusters is the scheme that stays consistent when answers within a cluster are alike. There
    are no strata, and no finite-population correction (the clusters are a small part of the
    population of centres).

    Examples
    --------
    >>> c = bootstrap_counts(3, seed=2, clusters=["a", "a", "b", "c", "c", "c"])
    >>> c.shape
    (3, 6)
    >>> bool((c[:, 0] == c[:, 1]).all() and (c[:, 3] == c[:, 5]).all())
    True
    >>> c[:, [0, 2, 3]].sum(axis=1).tolist()  # C - 1 = 2 clusters drawn per sample
    [2.0, 2.0, 2.0]
    """
    if clusters is None:
        if n is None:
            raise InputError("give the number of rows n or the clusters")
    else:
        n = len(clusters) if n is None else n
    return _Draws.make(int(n), int(B), int(seed), clusters).counts(slice(None))


def _cluster_labels(data: pd.DataFrame, cluster: str | None, roles: Sequence[str]):
    """The cluster column of ``data`` (None without one); refuses an unknown or reused column."""
    if cluster is None:
        return None
    if cluster not in data.columns:
        raise InputError(f"unknown cluster column {cluster!r}")
    if cluster in roles:
        raise InputError(f"the cluster column {cluster!r} is also the outcome, a driver or weights")
    labels = data[cluster]
    if isinstance(labels, pd.DataFrame):
        raise InputError(f"column name {cluster!r} occurs more than once")
    return labels.to_numpy(dtype=object)


def _performance(raw: np.ndarray, W: np.ndarray, measure: str, positive_at: float) -> np.ndarray:
    obs = np.isfinite(raw)
    x = np.where(obs, raw, 0.0)
    denom = W @ obs.astype(float)
    if measure == "positive":
        num = 100.0 * (W @ ((x >= positive_at) & obs).astype(float))
    else:
        num = W @ x
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / denom


# ============================================================================================
# The bootstrap of every measure
# ============================================================================================
def bootstrap_importance(
    data: pd.DataFrame,
    outcome: str,
    drivers: Sequence[str],
    weights: str | None = None,
    *,
    cluster: str | None = None,
    methods: str | Iterable[str] = "all",
    missing: str = "listwise",
    B: int = 1000,
    seed: int = 1,
    level: float = 0.95,
    performance: str = "positive",
    positive_at: float = 4.0,
    psd: str = "repair",
    max_lmg_drivers: int = MAX_LMG_DRIVERS,
) -> BootstrapResult:
    """Importances with percentile bootstrap intervals, vectorised over all B samples.

    Parameters
    ----------
    data, outcome, drivers, weights, methods, missing, psd, max_lmg_drivers
        As in :func:`relative_importance`.
    cluster : str, optional
        Column of ``data`` with the cluster (primary sampling unit) of every respondent, e.g.
        ``"azc"`` for asylum seekers sampled in reception centres; the bootstrap then draws whole
        clusters (:func:`bootstrap_counts`). A respondent without a cluster is a cluster of its
        own. None (default): respondents are resampled.
    B : int
        Number of bootstrap samples (default 1000).
    seed : int
        Seed for ``numpy.random.default_rng`` (draws: :func:`bootstrap_indices`) and imputation.
    level : float
        Confidence level of the percentile intervals.
    performance : {'positive', 'mean'}
        Performance of an aspect for the quadrants: weighted % of answers ``>= positive_at``
        ("% positief"), or the weighted mean, over everyone who rated the aspect.
    positive_at : float
        Lowest positive answer on the 1-5 scale (default 4).

    Returns
    -------
    BootstrapResult

    Notes
    -----
    Without ``cluster`` a bootstrap sample draws n respondents with replacement (all rows of
    ``data``, so the number of complete rows varies between samples, as it would between
    surveys); with ``cluster`` it draws C - 1 of the C clusters with replacement, each with all
    its respondents (Rao & Wu 1988 with m = C - 1; Davison & Hinkley 1997, sec. 3.8; Field &
    Welsh 2007; see :func:`bootstrap_counts`), so answers that are alike within a reception
    centre widen the intervals as they should. Either way each respondent keeps its survey
    weight, and drawing respondent i ``c_i`` times is the same as giving it weight ``c_i w_i``:
    the B weighted correlation matrices follow from one product of the (B, n) count-weight
    matrix with the column cross-products, and every measure is then computed for all B matrices
    at once (:mod:`helpers.stats._importance_linalg`). Intervals are percentile intervals (Efron
    & Tibshirani 1993, ch. 13). Samples that are degenerate (a driver constant within the
    resample) are dropped and counted in ``n_invalid``. With ``missing='impute'`` the data are
    imputed once before resampling, so the intervals ignore imputation uncertainty.

    The exponential cost of LMG (``2**p`` subsets) multiplies with B: 11 drivers, 5000
    respondents and B = 1000 take about 0.5 s (budget: 2 s), 15 drivers about 5 s; each extra
    driver roughly doubles the time (see ``benchmarks/bench_impact.py``).

    Examples
    --------
    >>> from helpers.stats._importance_data import synthetic_data
    >>> df = synthetic_data(n=300, drivers=3, seed=4)
    >>> res = bootstrap_importance(df, "totaaloordeel", ["aspect_1", "aspect_2", "aspect_3"],
    ...                            weights="weight", methods="lmg", B=200, seed=1)
    >>> lo, est, hi = res.table.loc["aspect_1", ["lmg_ci_low", "lmg", "lmg_ci_high"]]
    >>> bool(lo < est < hi)
    True
    >>> df["centre"] = np.arange(300) // 10
    >>> clustered = bootstrap_importance(df, "totaaloordeel", ["aspect_1", "aspect_2", "aspect_3"],
    ...                                  weights="weight", cluster="centre", methods="lmg", B=200)
    >>> clustered.n_clusters
    30
    """
    if not (isinstance(B, (int, np.integer)) and B >= 1):
        raise InputError(f"the number of bootstrap samples must be a positive integer, not {B!r}")
    if not 0 < level < 1:
        raise InputError(f"level must lie in (0, 1), not {level!r}")
    if performance not in ("positive", "mean"):
        raise InputError(f"performance must be 'positive' or 'mean', not {performance!r}")
    if psd not in ("repair", "error"):
        raise InputError(f"psd must be 'repair' or 'error', not {psd!r}")
    data_ = _prepare(data, outcome, drivers, weights, missing, seed)
    labels = _cluster_labels(data, cluster, [*data_.drivers, outcome, weights])
    methods_, note = _resolve_methods(methods, len(data_.drivers), max_lmg_drivers)
    point, _ = _point(data_, methods_, psd, note)
    n = len(data_.w)
    p = len(data_.drivers)
    draws = _Draws.make(n, B, seed, labels)
    keys = [*methods_, "r2"]
    samples = {k: np.full((B, p), np.nan) if k != "r2" else np.full(B, np.nan) for k in keys}
    perf_s = np.full((B, p), np.nan)
    n_repaired = 0
    step = max(1, min(B, 20_000_000 // max(1, 8 * n)))  # keep count-weight blocks near 160 MB
    for b0 in range(0, B, step):
        counts = draws.counts(slice(b0, b0 + step))
        est = _estimate(data_, counts, methods_, psd)
        for k in keys:
            samples[k][b0 : b0 + step] = est[k]
        n_repaired += int(est["repaired"].sum())
        perf_s[b0 : b0 + step] = _performance(
            data_.raw[:, :-1], counts * data_.w, performance, positive_at
        )
    valid = np.isfinite(samples["r2"])
    n_invalid = int((~valid).sum())
    perf_s[~valid] = np.nan
    perf = _performance(data_.raw[:, :-1], data_.w[None, :], performance, positive_at)[0]

    notes = [point.method_note] if point.method_note else []
    if labels is None:
        units = "respondents (weights kept)"
    else:
        units = (
            f"whole clusters of {cluster!r}, {draws.n_units - 1} of the {draws.n_units} drawn "
            "(Rao-Wu, m = C - 1; weights kept)"
        )
    notes.append(
        f"bootstrap: {B} resamples of {units}, seed {seed}, {level:.0%} percentile intervals"
    )
    if n_repaired:
        notes.append(f"{n_repaired} bootstrap correlation matrices repaired to positive definite")
    if n_invalid:
        msg = (
            f"{n_invalid} of {B} bootstrap samples were degenerate (e.g. a constant driver) "
            "and left out"
        )
        notes.append(msg)
        if n_invalid > 0.01 * B:
            warnings.warn(msg, ImpactWarning, stacklevel=2)
    if n_invalid == B:
        raise InputError(
            "every bootstrap sample was degenerate; the data are too thin to bootstrap"
        )

    alpha = (1 - level) / 2
    table = point.table.copy()
    for m in methods_:
        s = samples[m]
        lo, hi = np.nanquantile(s, [alpha, 1 - alpha], axis=0)
        share = 100 * s / s.sum(axis=1, keepdims=True)
        slo, shi = np.nanquantile(share, [alpha, 1 - alpha], axis=0)
        table[f"{m}_ci_low"], table[f"{m}_ci_high"] = lo, hi
        table[f"{m}_share_ci_low"], table[f"{m}_share_ci_high"] = slo, shi
    plo, phi = np.nanquantile(perf_s, [alpha, 1 - alpha], axis=0)
    table["performance"], table["performance_ci_low"], table["performance_ci_high"] = perf, plo, phi
    r2lo, r2hi = np.nanquantile(samples["r2"], [alpha, 1 - alpha])
    return BootstrapResult(
        point=point,
        B=int(B),
        seed=int(seed),
        level=float(level),
        samples=samples,
        performance=perf,
        performance_samples=perf_s,
        performance_measure=performance,
        n_invalid=n_invalid,
        table=table,
        method_note="; ".join(notes),
        r2_ci=(float(r2lo), float(r2hi)),
        positive_at=float(positive_at),
        cluster=cluster if labels is not None else None,
        n_clusters=draws.n_units if labels is not None else None,
    )
