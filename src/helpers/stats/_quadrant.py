"""Quadrant classification of aspects (impact against performance) and the comparison with a
previous wave; quadrants are codes (the report layer names them in Dutch).

An aspect's *impact* is its share of R² (LMG, or relative weights when LMG was not computed) and
its *performance* the weighted % positive (answers >= 4 on the 1-5 scale) or the weighted mean.
Both axes are split at their mean over the aspects, which gives the quadrants of the pilot report:

=====================  =====================  =========================  =======================
impact                 performance            code                       pilot report
=====================  =====================  =========================  =======================
high (>= mean)         high (>= mean)         ``keep``                   Vasthouden
high                   low                    ``invest``                 Investeren en verbeteren
low                    high                   ``high_score_low_impact``  Positief, weinig impact
low                    low                    ``low_score_low_impact``   Negatief, weinig impact
=====================  =====================  =========================  =======================

Because both coordinates are estimates, every bootstrap sample is classified as well (against
that sample's own means) and the *agreement* is the share of samples that put the aspect in the
same quadrant as the full data; a placement is *stable* when agreement >= ``stable_at`` (0.8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from helpers.stats._importance_bootstrap import BootstrapResult

#: High impact, high performance: keep it up.
KEEP = "keep"
#: High impact, low performance: where improvement pays most.
INVEST = "invest"
#: Low impact, high performance.
HIGH_SCORE_LOW_IMPACT = "high_score_low_impact"
#: Low impact, low performance.
LOW_SCORE_LOW_IMPACT = "low_score_low_impact"
#: Quadrant codes indexed by ``2 * high_impact + high_performance`` (see :func:`quadrant_codes`).
QUADRANTS: tuple[str, ...] = (LOW_SCORE_LOW_IMPACT, HIGH_SCORE_LOW_IMPACT, INVEST, KEEP)


def quadrant_codes(impact: np.ndarray, performance: np.ndarray) -> np.ndarray:
    """Quadrant index ``2·high impact + high performance`` per aspect (last axis); its code is
    ``QUADRANTS[index]``.

    The split is at the mean over the aspects of each row (as in the pilot report), so the same
    rule classifies a point estimate, every bootstrap sample and every simulated sample.
    """
    hi_imp = impact >= impact.mean(axis=-1, keepdims=True)
    hi_perf = performance >= performance.mean(axis=-1, keepdims=True)
    return 2 * hi_imp.astype(int) + hi_perf.astype(int)


def classify_quadrants(
    result: BootstrapResult, stable_at: float = 0.8, method: str | None = None
) -> pd.DataFrame:
    """Quadrant of every aspect with its bootstrap agreement.

    Parameters
    ----------
    result : BootstrapResult
        From :func:`helpers.stats._importance_bootstrap.bootstrap_importance` with ``lmg`` (or
        ``rw``) computed.
    stable_at : float
        Agreement at or above which a placement counts as stable (default 0.8).
    method : str, optional
        The measure used as impact: any measure computed in ``result`` (``lmg``, ``rw``,
        ``pratt``, ``beta``, ``corr``). Default ``result.impact_method`` (LMG, else relative
        weights). Impact is the measure's share of its sum over the aspects, in %: for ``lmg``,
        ``rw`` and ``pratt`` that is the share of R²; for ``beta`` and ``corr`` it is only a
        share of the sum (they do not decompose R²).

    Returns
    -------
    pandas.DataFrame
        Index ``driver``; columns ``impact`` (share of R², %), ``impact_ci_low``,
        ``impact_ci_high``, ``performance``, ``performance_ci_low``, ``performance_ci_high``,
        ``quadrant`` (code, one of :data:`QUADRANTS`), ``agreement`` (share of bootstrap samples in
        the same quadrant) and ``stable`` (bool). ``attrs`` holds ``impact_mean``,
        ``performance_mean``, ``performance_measure``, ``impact_method``, ``stable_at``, ``B``
        (valid samples), ``level`` and ``outcome``.

    Notes
    -----
    Per bootstrap sample b the impact shares ``100 * lmg_b / sum(lmg_b)`` and the performances are
    split at *that sample's* means over the aspects, so the agreement reflects the uncertainty of
    both coordinates and of the dividing lines (degenerate samples are left out).

    Examples
    --------
    >>> from helpers.stats._importance_bootstrap import bootstrap_importance
    >>> from helpers.stats._importance_data import synthetic_data
    >>> df = synthetic_data(n=600, drivers=4, seed=3)
    >>> res = bootstrap_importance(df, "totaaloordeel", [f"aspect_{i}" for i in range(1, 5)],
    ...                            weights="weight", methods="lmg", B=200)
    >>> quad = classify_quadrants(res)
    >>> quad.columns.tolist()[-3:]
    ['quadrant', 'agreement', 'stable']
    >>> bool(quad["agreement"].between(0, 1).all())
    True
    """
    if not 0 < stable_at <= 1:
        raise InputError(f"stable_at must lie in (0, 1], not {stable_at!r}")
    method = _impact_method(result, method)
    table = result.table
    imp = table[f"{method}_share_pct"].to_numpy(float)
    perf = np.asarray(result.performance, float)
    if not np.isfinite(perf).all():
        raise InputError("performance could not be computed for every aspect (no answers)")
    code = quadrant_codes(imp, perf)

    s = result.samples[method]
    imp_s = 100 * s / s.sum(axis=1, keepdims=True)
    perf_s = result.performance_samples
    ok = np.isfinite(imp_s).all(axis=1) & np.isfinite(perf_s).all(axis=1)
    code_s = quadrant_codes(imp_s[ok], perf_s[ok])
    agreement = (code_s == code).mean(axis=0) if ok.any() else np.full(len(code), np.nan)

    out = pd.DataFrame(
        {
            "impact": imp,
            "impact_ci_low": table[f"{method}_share_ci_low"].to_numpy(float),
            "impact_ci_high": table[f"{method}_share_ci_high"].to_numpy(float),
            "performance": perf,
            "performance_ci_low": table["performance_ci_low"].to_numpy(float),
            "performance_ci_high": table["performance_ci_high"].to_numpy(float),
            "quadrant": [QUADRANTS[c] for c in code],
            "agreement": agreement,
            "stable": agreement >= stable_at,
        },
        index=table.index.copy(),
    )
    out.attrs.update(
        impact_mean=float(imp.mean()),
        performance_mean=float(perf.mean()),
        performance_measure=result.performance_measure,
        impact_method=method,
        stable_at=float(stable_at),
        B=int(ok.sum()),
        level=float(result.level),
        outcome=result.outcome,
    )
    return out


def _impact_method(result, method: str | None) -> str:
    """The measure used as impact: ``method`` if computed, else ``result.impact_method``."""
    if method is None:
        method = result.impact_method
        if method is None:
            raise InputError("quadrants need the share of R²: compute method 'lmg' (or 'rw')")
        return method
    if method not in result.methods:
        computed = ", ".join(result.methods)
        raise InputError(f"method {method!r} was not computed (computed: {computed})")
    return method


def quadrant_table(
    result, stable_at: float | None = None, method: str | None = None
) -> pd.DataFrame:
    """The table of :func:`classify_quadrants`: classify a bootstrap result, or check a given table.

    ``stable_at`` (default 0.8) and ``method`` only apply to a bootstrap result.
    """
    if isinstance(result, pd.DataFrame):
        missing = [
            c
            for c in ("impact", "performance", "quadrant", "agreement", "stable")
            if c not in result.columns
        ]
        if missing:
            raise InputError(f"quadrant table lacks column(s): {', '.join(missing)}")
        return result
    if hasattr(result, "samples") and hasattr(result, "performance_samples"):
        return classify_quadrants(result, 0.8 if stable_at is None else stable_at, method)
    raise InputError("expected a BootstrapResult or the table of classify_quadrants")


def compare_waves(
    current,
    previous,
    *,
    method: str | None = None,
    stable_at: float | None = None,
) -> pd.DataFrame:
    """Change in impact, performance and quadrant per aspect against a previous wave.

    Parameters
    ----------
    current, previous : BootstrapResult or pandas.DataFrame
        Bootstrap results or tables of :func:`classify_quadrants` of the two waves.
    method : str, optional
        Measure used as impact for bootstrap results (see :func:`classify_quadrants`); default
        their ``impact_method``.
    stable_at : float, optional
        Stability threshold when classifying bootstrap results (default 0.8).

    Returns
    -------
    pandas.DataFrame
        Index ``driver`` (aspects of either wave); columns ``impact_now``, ``impact_prev``,
        ``impact_diff`` (percentage points of R² share), ``performance_now``,
        ``performance_prev``, ``performance_diff``, ``quadrant_now``, ``quadrant_prev``,
        ``quadrant_changed`` (bool; False when the aspect is missing in a wave), ``stable_now``,
        ``stable_prev``; when both inputs are bootstrap results with the same B, also
        ``impact_diff_ci_low/high`` and ``performance_diff_ci_low/high`` (percentile intervals of
        the difference of independent bootstrap samples of the two waves, level of ``current``).

    Examples
    --------
    >>> now = pd.DataFrame({"impact": [60.0, 40.0], "performance": [50.0, 70.0],
    ...                     "quadrant": [INVEST, HIGH_SCORE_LOW_IMPACT], "agreement": [0.9, 0.9],
    ...                     "stable": [True, True]}, index=pd.Index(["a", "b"], name="driver"))
    >>> prev = now.assign(performance=[55.0, 65.0], quadrant=[INVEST, LOW_SCORE_LOW_IMPACT])
    >>> table = compare_waves(now, prev)
    >>> table[["performance_diff", "quadrant_changed"]]  # doctest: +NORMALIZE_WHITESPACE
            performance_diff  quadrant_changed
    driver
    a                   -5.0             False
    b                    5.0              True
    """
    qn = quadrant_table(current, stable_at, method)
    qp = quadrant_table(previous, stable_at, method)
    cols = ["impact", "performance", "quadrant", "stable"]
    out = qn[cols].add_suffix("_now").join(qp[cols].add_suffix("_prev"), how="outer")
    order = list(qn.index) + [d for d in qp.index if d not in qn.index]
    out = out.loc[order]
    out.index.name = "driver"
    out["impact_diff"] = out["impact_now"] - out["impact_prev"]
    out["performance_diff"] = out["performance_now"] - out["performance_prev"]
    both = out["quadrant_now"].notna() & out["quadrant_prev"].notna()
    out["quadrant_changed"] = both & (out["quadrant_now"] != out["quadrant_prev"])
    out["quadrant_changed"] = out["quadrant_changed"].astype(bool)
    ordered = [
        "impact_now",
        "impact_prev",
        "impact_diff",
        "performance_now",
        "performance_prev",
        "performance_diff",
        "quadrant_now",
        "quadrant_prev",
        "quadrant_changed",
        "stable_now",
        "stable_prev",
    ]
    out = out[ordered]
    if (
        not isinstance(current, pd.DataFrame)
        and not isinstance(previous, pd.DataFrame)
        and current.B == previous.B
    ):
        alpha = (1 - current.level) / 2
        m_now, m_prev = _impact_method(current, method), _impact_method(previous, method)
        s_now = current.samples[m_now]
        s_prev = previous.samples[m_prev]
        share_now = pd.DataFrame(
            100 * s_now / s_now.sum(axis=1, keepdims=True), columns=list(current.drivers)
        )
        share_prev = pd.DataFrame(
            100 * s_prev / s_prev.sum(axis=1, keepdims=True), columns=list(previous.drivers)
        )
        perf_now = pd.DataFrame(current.performance_samples, columns=list(current.drivers))
        perf_prev = pd.DataFrame(previous.performance_samples, columns=list(previous.drivers))
        for name, a, b in (("impact", share_now, share_prev), ("performance", perf_now, perf_prev)):
            lo, hi = [], []
            for d in out.index:
                if d in a.columns and d in b.columns:
                    diff = a[d].to_numpy() - b[d].to_numpy()
                    ql, qh = np.nanquantile(diff, [alpha, 1 - alpha])
                else:
                    ql = qh = np.nan
                lo.append(ql)
                hi.append(qh)
            out[f"{name}_diff_ci_low"], out[f"{name}_diff_ci_high"] = lo, hi
    return out
