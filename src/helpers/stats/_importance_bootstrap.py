"""Bootstrap of the relative importances: percentile intervals for every measure at once.

:func:`bootstrap_importance` resamples respondents (with their survey weights) B times and computes
every importance measure of :mod:`helpers.stats._importance` for all B samples in one batch of
weighted correlation matrices (:mod:`helpers.stats._importance_linalg`); it also gives the
per-sample performance of every driver that :mod:`helpers.stats._quadrant` needs to say how stable a
quadrant placement is.

References
----------
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall (ch. 13,
percentile intervals).
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


def bootstrap_indices(n: int, B: int, seed: int) -> np.ndarray:
    """The respondents drawn in each bootstrap sample: array (B, n) of row positions.

    :func:`bootstrap_importance` uses exactly these draws (as counts), so a loop over
    ``data.iloc[idx[b]]`` reproduces its samples.

    Examples
    --------
    >>> bootstrap_indices(5, 2, seed=1).shape
    (2, 5)
    >>> bool((bootstrap_indices(5, 2, seed=1) == bootstrap_indices(5, 2, seed=1)).all())
    True
    """
    dtype = np.int32 if n < 2**31 else np.int64
    return np.random.default_rng(seed).integers(0, n, size=(B, n), dtype=dtype)


def _counts(idx: np.ndarray, n: int) -> np.ndarray:
    b = idx.shape[0]
    flat = (idx + (np.arange(b) * n)[:, None]).ravel()
    return np.bincount(flat, minlength=b * n).reshape(b, n).astype(float)


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


def bootstrap_importance(
    data: pd.DataFrame,
    outcome: str,
    drivers: Sequence[str],
    weights: str | None = None,
    *,
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
    A bootstrap sample draws n respondents with replacement (all rows of ``data``, so the number of
    complete rows varies between samples, as it would between surveys); each keeps its survey
    weight. Drawing respondent i ``c_i`` times is the same as giving it weight ``c_i w_i``, so the B
    weighted correlation matrices follow from one product of the (B, n) count-weight matrix with the
    column cross-products, and every measure is then computed for all B matrices at once
    (:mod:`helpers.stats._importance_linalg`). Intervals are percentile intervals (Efron &
    Tibshirani 1993, ch. 13). Samples that are degenerate (a driver constant within the resample)
    are dropped and counted in ``n_invalid``. With ``missing='impute'`` the data are imputed once
    before resampling, so the intervals ignore imputation uncertainty.

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
    methods_, note = _resolve_methods(methods, len(data_.drivers), max_lmg_drivers)
    point, _ = _point(data_, methods_, psd, note)
    n = len(data_.w)
    p = len(data_.drivers)
    idx = bootstrap_indices(n, B, seed)
    keys = [*methods_, "r2"]
    samples = {k: np.full((B, p), np.nan) if k != "r2" else np.full(B, np.nan) for k in keys}
    perf_s = np.full((B, p), np.nan)
    n_repaired = 0
    step = max(1, min(B, 20_000_000 // max(1, 8 * n)))  # keep count-weight blocks near 160 MB
    for b0 in range(0, B, step):
        counts = _counts(idx[b0 : b0 + step], n)
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
    notes.append(
        f"bootstrap: {B} resamples of respondents (weights kept), seed {seed}, "
        f"{level:.0%} percentile intervals"
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
    )
