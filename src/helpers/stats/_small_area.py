"""Small-area estimates per reception centre (AZC) and nationality: the Fay-Herriot model.

With about 30 AZCs and dozens of nationalities most groups have 5-40 raters a year, too few for a
direct estimate that can be ranked. Partial pooling borrows strength across groups: each group's
direct estimate is pulled towards the overall mean, the more so the noisier it is.

The area-level model of Fay & Herriot (1979) (Rao & Molina 2015, ch. 4, 6), per organisation,
item and grouping, for groups ``i = 1..m``: ``direct_i = theta_i + e_i``, ``e_i ~ N(0, psi_i)``
(sampling error, ``psi_i`` known), ``theta_i = x_i' beta + u_i``, ``u_i ~ N(0, sigma_u^2)``;
:func:`small_area_estimates` uses an intercept only. EBLUP:
``estimate_i = gamma_i direct_i + (1 - gamma_i) x_i' beta_hat``, shrinkage factor
``gamma_i = sigma_u^2 / (sigma_u^2 + psi_i)`` (1: the direct estimate; 0: the overall mean).

Why area level rather than the unit-level nested-error model (Battese, Harter & Fuller 1988;
statsmodels ``MixedLM``): (1) the direct estimates are weighted, design-consistent means, which
the unit-level EBLUP ignores short of a pseudo-EBLUP (Rao & Molina 2015, ch. 7); (2) "% positive"
is the mean of a 0/100 indicator, for which a linear unit-level model is misspecified and a
logistic mixed model has no closed-form EBLUP, while the area-level model on shares is standard;
(3) the variance component is a one-dimensional REML problem, so the bootstrap refits all its
samples at once as arrays (:func:`fit_batch`), where a thousand ``MixedLM`` fits per item would
take minutes; (4) with the smoothed ``psi_i`` below and equal group sizes its REML ``sigma_u^2``
*equals* the unit-level one (tested against ``MixedLM`` and R's ``lme4::lmer``). The cost:
background variables can enter only as group-level covariates (``X`` of :func:`fay_herriot`).

Smoothed sampling variances: ``psi_i = s^2 / n_eff_i``, a pooled within-group variance over the
group's Kish (1965) effective size (a generalised variance function, Rao & Molina 2015, ch. 6).
A group's own variance is too noisy at five respondents, and a small group whose answers
coincide would get ``psi_i = 0``, ``gamma_i = 1``: a "model" estimate equal to its direct one.
(Cluster-design variances do not apply: with AZC as cluster, an AZC is a single PSU.)

``sigma_u^2`` by REML, as R's ``sae::eblupFH``, or by the adjusted REML of Li & Lahiri (2010)
(``AML``, maximises ``L_REML(A) A``, always positive). ``mse`` is ``g1 + g2 + 2 g3`` of Prasad &
Rao (1990) and Datta & Lahiri (2000): ``g1 = gamma psi``, ``g2 = (1 - gamma)^2 x'(X'V^-1 X)^-1 x``,
``g3 = psi^2 (A + psi)^-3 2 / sum (A + psi)^-2`` (as ``sae::mseFH``).

Intervals: the parametric bootstrap of Chatterjee, Lahiri & Li (2008), with the samples drawn
from the AML fit and refitted by REML (:func:`bootstrap_intervals`). At the demo's sizes REML is
0 in about one sample in seven, and plain CLL then draws all samples from a world without group
differences. Coverage of the demo's true AZC means by 95% intervals, 100 simulated waves
(``benchmarks/bench_small_area.py``), overall judgement / % positive: plain CLL 87.6 / 85.3%,
AML throughout 97.2 / 97.9%, this hybrid 95.7 / 97.2%; pooling a year (``window=4``) 95.6 /
94.2%. It is conservative when group effects are small (the shares' AZC effects are). The code
is ``above`` / ``below`` when the same bootstrap's interval of ``u_i`` (deviation from the
overall mean) excludes 0, else ``no_difference``: a per-group statement, but shrinkage keeps
false flags far below 5% (0.2% of the demo's nationalities, which have no true effect).

Pooling over waves: ``window`` waves (the target and the ones before it) are pooled after
centring each answer on its wave's weighted mean plus the target wave's mean (wave fixed
effects); a group's effect is taken as constant within the window. A group x wave random effect
(Rao & Yu 1994) is not fitted: at about seven respondents per centre per wave it cannot be told
apart from sampling error.

Small groups (disclosure): every group enters the fit, but rows with ``n < min_n`` (default 10,
the disclosure threshold) keep only label and ``n``; their figures and code are withheld (NaN,
``withheld``), since estimate, ``gamma`` and overall mean give back the direct estimate,
``direct = overall + (estimate - overall) / gamma``. With the smoothed ``psi_i``, no returned
figure is a disguised direct estimate of a group below the threshold. The report layer applies
the disclosure plan to ``n`` and does not name withheld groups.

References
----------
Battese, G. E., Harter, R. M. & Fuller, W. A. (1988). An error-components model for prediction
of county crop areas using survey and satellite data. *JASA* 83(401), 28-36.
Chatterjee, S., Lahiri, P. & Li, H. (2008). Parametric bootstrap approximation to the
distribution of EBLUP and related prediction intervals in linear mixed models. *Annals of
Statistics* 36(3), 1221-1245.
Datta, G. S. & Lahiri, P. (2000). A unified measure of uncertainty of estimated best linear
unbiased predictors in small area estimation problems. *Statistica Sinica* 10, 613-627.
Fay, R. E. & Herriot, R. A. (1979). Estimates of income for small places: an application of
James-Stein procedures to census data. *JASA* 74(366), 269-277.
Kish, L. (1965). *Survey Sampling*. Wiley.
Li, H. & Lahiri, P. (2010). An adjusted maximum likelihood method for solving small area
estimation problems. *Journal of Multivariate Analysis* 101(4), 882-892.
Morris, C. N. (1983). Parametric empirical Bayes inference: theory and applications. *JASA*
78(381), 47-55.
Prasad, N. G. N. & Rao, J. N. K. (1990). The estimation of the mean squared error of small-area
estimators. *JASA* 85(409), 163-171.
Rao, J. N. K. & Molina, I. (2015). *Small Area Estimation*, 2nd ed. Hoboken: Wiley.
Rao, J. N. K. & Yu, M. (1994). Small-area estimation by combining time-series and
cross-sectional data. *Canadian Journal of Statistics* 22(4), 511-528.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats._distributions import norm_isf
from helpers.stats._survey import _derived

#: Measures of :func:`small_area_estimates` (as :func:`helpers.stats.survey_estimate`).
_MEASURES: tuple[str, ...] = ("mean", "share")
#: Estimators of the variance component ``sigma_u^2``.
SMALL_AREA_METHODS: tuple[str, ...] = ("REML", "AML")
#: Values of the ``code`` column.
SMALL_AREA_CODES: tuple[str, ...] = ("above", "below", "no_difference", "withheld")
#: Columns of :func:`small_area_estimates` after the grouping columns (and ``wave``).
SMALL_AREA_COLUMNS: tuple[str, ...] = tuple(
    "n n_eff direct direct_var estimate ci_low ci_high gamma mse overall diff_low diff_high "
    "code sigma_u2 sigma_e2 n_waves".split()
)
#: Per-group columns that are NaN in a withheld row.
_PER_GROUP = ("direct", "direct_var", "estimate", "ci_low", "ci_high", "gamma", "mse")
_PER_GROUP += ("diff_low", "diff_high")
#: With fewer groups than this no model is fitted (every row ``withheld``).
SMALL_AREA_MIN_GROUPS = 5


@dataclass(frozen=True, eq=False)
class FayHerriotFit:
    """A fitted Fay-Herriot model (:func:`fay_herriot`); arrays have one value per group.

    ``direct``, ``psi`` and ``X`` are the input, ``method`` the estimator of ``sigma_u2`` (the
    between-group variance ``A``), ``synthetic`` is ``X beta``, ``estimate`` the EBLUP, ``gamma``
    the shrinkage factor and ``mse = g1 + g2 + 2 g3`` the Prasad-Rao MSE (module docstring).
    """

    direct: np.ndarray
    psi: np.ndarray
    X: np.ndarray
    method: str
    beta: np.ndarray
    sigma_u2: float
    gamma: np.ndarray
    synthetic: np.ndarray
    estimate: np.ndarray
    g1: np.ndarray
    g2: np.ndarray
    g3: np.ndarray
    mse: np.ndarray
    iterations: int
    converged: bool


class BootstrapIntervals(NamedTuple):
    """Intervals of :func:`bootstrap_intervals`: ``theta_i`` and ``u_i``, one value per group."""

    ci_low: np.ndarray
    ci_high: np.ndarray
    diff_low: np.ndarray
    diff_high: np.ndarray


class CentreSampleSize(NamedTuple):
    """Respondents per group of :func:`centre_sample_size`, unrounded."""

    direct: float | np.ndarray
    pooled: float | np.ndarray


# --------------------------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------------------------


def _terms(A: np.ndarray, y: np.ndarray, X: np.ndarray, psi: np.ndarray, adjusted: bool) -> dict:
    """REML (or AML) log-likelihood, score, information and GLS fit at ``A``, per row of ``y``."""
    W = 1.0 / (A[:, None] + psi)
    Minv = np.linalg.inv(np.einsum("bi,ij,ik->bjk", W, X, X))
    beta = np.einsum("bjk,bk->bj", Minv, (W * y) @ X)
    resid = y - beta @ X.T
    Py = W * resid  # P y = V^-1 (y - X beta)
    Q2 = Minv @ np.einsum("bi,ij,ik->bjk", W**2, X, X)
    Q3 = Minv @ np.einsum("bi,ij,ik->bjk", W**3, X, X)
    tr_p = W.sum(1) - np.trace(Q2, axis1=1, axis2=2)
    tr_p2 = (W**2).sum(1) - 2 * np.trace(Q3, axis1=1, axis2=2) + np.einsum("bjk,bkj->b", Q2, Q2)
    logdet = np.log(A[:, None] + psi).sum(1) - np.linalg.slogdet(Minv)[1]
    loglik = -0.5 * (logdet + (Py * resid).sum(1))
    score = -0.5 * tr_p + 0.5 * (Py**2).sum(1)
    # Newton's observed information y'P^3 y - tr(P^2)/2 where positive, else Fisher's tr(P^2)/2
    PPy = W * Py - W * (np.einsum("bjk,bk->bj", Minv, (W * Py) @ X) @ X.T)
    observed = (Py * PPy).sum(1) - 0.5 * tr_p2
    info = np.where(observed > 0, observed, 0.5 * tr_p2)
    if adjusted:  # Li & Lahiri (2010): maximise log L_REML(A) + log A
        loglik, score, info = loglik + np.log(A), score + 1 / A, info + 1 / A**2
    return {"W": W, "Minv": Minv, "beta": beta, "loglik": loglik, "score": score, "info": info}


def fit_batch(y, X, psi, method: str = "REML", *, max_iter: int = 100, tol: float = 1e-9) -> dict:
    """Fit the Fay-Herriot model to every row of ``y`` at once (vectorised over rows).

    Parameters
    ----------
    y : array-like, shape (B, m)
        ``B`` sets of direct estimates of the same ``m`` groups (e.g. bootstrap samples).
    X : array-like, shape (m, p)
    psi : array-like, shape (m,)
        Sampling variances, positive.
    method : {"REML", "AML"}
    max_iter, tol : int, float
        Iterations, and the tolerance on ``A`` relative to ``A + median(psi)``.

    Returns
    -------
    dict
        ``A`` and ``converged`` (B,); ``beta`` (B, p); ``gamma``, ``synthetic``, ``estimate``,
        ``g1``, ``g2``, ``g3``, ``mse`` (B, m); ``iterations``.

    Notes
    -----
    Newton-Raphson on the REML score ``-tr(P)/2 + y'P^2 y/2``,
    ``P = V^-1 - V^-1 X (X'V^-1 X)^-1 X'V^-1``, or Fisher scoring (information ``tr(P^2)/2``;
    Rao & Molina 2015, ch. 6) where the observed information is not positive, from the
    Prasad-Rao (1990) moment estimator; AML adds ``log A``. Steps that lower the likelihood are
    halved (plain scoring can oscillate between 0 and a positive value); REML is truncated at 0.
    Only rows that have not converged are recomputed.
    """
    y = np.atleast_2d(np.asarray(y, dtype=float))
    X, psi = np.asarray(X, dtype=float), np.asarray(psi, dtype=float)
    m, p = X.shape
    adjusted, scale = method == "AML", float(np.median(psi))
    XtX_inv = np.linalg.inv(X.T @ X)
    leverage = np.einsum("ij,jk,ik->i", X, XtX_inv, X)
    rss = ((y - (y @ X @ XtX_inv) @ X.T) ** 2).sum(1)
    A = np.maximum((rss - (psi * (1 - leverage)).sum()) / (m - p), 0.1 * scale if adjusted else 0)
    t = _terms(A, y, X, psi, adjusted)
    cur = {k: t[k].copy() for k in ("loglik", "score", "info")}
    active, it = np.arange(len(y)), 0  # rows still iterating
    while it < max_iter and active.size:
        it += 1
        ya, Aa = y[active], A[active]
        floor = Aa / 10 if adjusted else 0.0
        new = np.maximum(Aa + cur["score"][active] / cur["info"][active], floor)
        tn = _terms(new, ya, X, psi, adjusted)
        for _ in range(40):  # step halving
            old = cur["loglik"][active]
            worse = tn["loglik"] < old - 1e-12 * np.abs(old)
            if not worse.any():
                break
            new = np.where(worse, (Aa + new) / 2, new)
            tn = _terms(new, ya, X, psi, adjusted)
        A[active] = new
        for k in cur:
            cur[k][active] = tn[k]
        active = active[np.abs(new - Aa) > tol * (new + scale)]
    t = _terms(A, y, X, psi, adjusted)
    gamma, synthetic = A[:, None] * t["W"], t["beta"] @ X.T
    g1 = gamma * psi
    g2 = (1 - gamma) ** 2 * np.einsum("ij,bjk,ik->bi", X, t["Minv"], X)
    g3 = psi**2 * t["W"] ** 3 * (2.0 / (t["W"] ** 2).sum(1))[:, None]
    converged = np.ones(len(y), dtype=bool)
    converged[active] = False
    out = {"A": A, "beta": t["beta"], "gamma": gamma, "synthetic": synthetic, "g1": g1, "g2": g2}
    out |= {"g3": g3, "mse": g1 + g2 + 2 * g3, "converged": converged, "iterations": it}
    return out | {"estimate": synthetic + gamma * (y - synthetic)}


def _check_method(method: str) -> None:
    if method not in SMALL_AREA_METHODS:
        raise InputError(
            f"unknown method {method!r}; choose one of {', '.join(SMALL_AREA_METHODS)}"
        )


def fay_herriot(direct, psi, X=None, *, method: str = "REML") -> FayHerriotFit:
    """Fit the Fay-Herriot model: EBLUP, shrinkage factor and Prasad-Rao MSE per group.

    Parameters
    ----------
    direct, psi : array-like of float, shape (m,)
        Direct estimates and their sampling variances (positive, treated as known).
    X : array-like, shape (m, p), optional
        Group-level covariates; default a column of ones (intercept only).
    method : {"REML", "AML"}
        Estimator of ``sigma_u^2``: REML, as R's ``sae::eblupFH``, or the always positive
        adjusted REML of Li & Lahiri (2010).

    Returns
    -------
    FayHerriotFit

    Raises
    ------
    InputError
        Unknown method, lengths differ, values not finite, ``psi <= 0``, fewer than ``p + 2``.

    Notes
    -----
    ``gamma_i = A / (A + psi_i)``, ``beta_hat = (X'V^-1 X)^-1 X'V^-1 direct``,
    ``V = diag(A + psi)``, ``estimate_i = x_i' beta_hat + gamma_i (direct_i - x_i' beta_hat)``
    (Fay & Herriot 1979; Rao & Molina 2015, ch. 6); fitting in :func:`fit_batch`.

    Examples
    --------
    Equal ``psi``: REML is the variance of the direct estimates minus ``psi``.

    >>> fit = fay_herriot([3.0, 3.5, 4.0, 4.5, 5.0], [0.25] * 5)
    >>> round(fit.sigma_u2, 6), round(float(fit.gamma[0]), 6)  # 0.625 - 0.25; 0.375 / 0.625
    (0.375, 0.6)
    >>> fit.estimate.round(2).tolist()
    [3.4, 3.7, 4.0, 4.3, 4.6]
    """
    _check_method(method)
    y = np.asarray(direct, dtype=float).ravel()
    v = np.asarray(psi, dtype=float).ravel()
    Xm = np.ones((y.size, 1)) if X is None else np.asarray(X, dtype=float).reshape(y.size, -1)
    if v.size != y.size:
        raise InputError(f"{y.size} direct estimates but {v.size} sampling variances")
    if not (np.isfinite(y).all() and np.isfinite(v).all() and np.isfinite(Xm).all()):
        raise InputError("direct estimates, sampling variances and covariates must be finite")
    if (v <= 0).any():
        raise InputError("sampling variances must be positive")
    if y.size < Xm.shape[1] + 2:
        raise InputError(f"{y.size} groups: the model needs at least {Xm.shape[1] + 2}")
    r = fit_batch(y[None, :], Xm, v, method)
    arrays = ("beta", "gamma", "synthetic", "estimate", "g1", "g2", "g3", "mse")
    scalars = {"sigma_u2": float(r["A"][0]), "converged": bool(r["converged"][0])}
    scalars["iterations"] = int(r["iterations"])
    return FayHerriotFit(y, v, Xm, method, **{k: r[k][0] for k in arrays}, **scalars)


def bootstrap_intervals(
    fit: FayHerriotFit,
    *,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int | Sequence[int] = 1,
    generate: str = "AML",
) -> BootstrapIntervals:
    """Parametric-bootstrap intervals of each group's mean and of its deviation from the mean.

    Parameters
    ----------
    fit : FayHerriotFit
    n_boot, level, seed : int, float, int or sequence of int
        Bootstrap samples ``B`` (at least 100, refitted at once by :func:`fit_batch`), the
        confidence level and the seed of ``numpy.random.default_rng``.
    generate : {"AML", "REML"}
        Estimator of ``sigma_u^2`` and ``beta`` of the model the samples are drawn from (they
        are refitted with ``fit.method``).

    Returns
    -------
    BootstrapIntervals
        ``ci_low``, ``ci_high`` for ``theta_i``; ``diff_low``, ``diff_high`` for
        ``u_i = theta_i - x_i' beta``.

    Notes
    -----
    Chatterjee, Lahiri & Li (2008): draw ``theta* = X beta~ + sqrt(A~) z``,
    ``direct* = theta* + sqrt(psi) e`` (``z, e`` standard normal), refit, and take per group the
    quantiles ``q`` of ``T* = (theta* - estimate*) / s*``, ``s = sqrt(g1 + g2)`` (positive where
    REML is 0): interval ``estimate + s q``; for ``u_i`` the pivot is
    ``(u* - (estimate* - synthetic*)) / s*``. AML (default) for ``A~, beta~`` is always
    positive, so the samples never come from a world without group differences.
    """
    if not 0 < level < 1:
        raise InputError(f"level must lie strictly between 0 and 1, got {level!r}")
    if int(n_boot) < 100:
        raise InputError(f"n_boot must be at least 100 (got {n_boot})")
    _check_method(generate)
    rng = np.random.default_rng(seed)
    B, m = int(n_boot), fit.direct.size
    gen = fit_batch(fit.direct[None, :], fit.X, fit.psi, generate)
    u = np.sqrt(gen["A"][0]) * rng.standard_normal((B, m))
    theta = gen["synthetic"][0] + u
    star = fit_batch(
        theta + np.sqrt(fit.psi) * rng.standard_normal((B, m)), fit.X, fit.psi, fit.method
    )
    s_star = np.sqrt(star["g1"] + star["g2"])
    pivots = np.stack(
        [(theta - star["estimate"]) / s_star, (u - (star["estimate"] - star["synthetic"])) / s_star]
    )
    q = np.quantile(pivots, [(1 - level) / 2, (1 + level) / 2], axis=1)  # (bound, pivot, m)
    s = np.sqrt(fit.g1 + fit.g2)
    dev = fit.estimate - fit.synthetic
    return BootstrapIntervals(
        fit.estimate + s * q[0, 0], fit.estimate + s * q[1, 0], dev + s * q[0, 1], dev + s * q[1, 1]
    )


# --------------------------------------------------------------------------------------------
# from answers to estimates per group
# --------------------------------------------------------------------------------------------


def _direct(codes: np.ndarray, y: np.ndarray, w: np.ndarray, m: int) -> dict:
    """Weighted mean and Kish n_eff per group, pooled within-group variance ``s^2``."""
    sw = np.bincount(codes, w, minlength=m)
    mean = np.bincount(codes, w * y, minlength=m) / sw
    ss = np.bincount(codes, w * (y - mean[codes]) ** 2, minlength=m)
    n_eff = sw**2 / np.bincount(codes, w**2, minlength=m)
    df = float((n_eff - 1).sum())
    # s^2 = sum_i n_eff_i s_w,i^2 / sum_i (n_eff_i - 1), s_w,i^2 = ss_i / sw_i: SSW / (N - m)
    s2 = float((n_eff * ss / sw).sum() / df) if df > 0 else float("nan")
    return {"n": np.bincount(codes, minlength=m), "n_eff": n_eff, "mean": mean, "s2": s2}


def _wave_centred(y: np.ndarray, w: np.ndarray, waves: np.ndarray, target: str) -> np.ndarray:
    """``y`` minus its wave's weighted mean plus the target wave's (wave fixed effects)."""
    labels, code = np.unique(waves, return_inverse=True)
    means = np.bincount(code, w * y) / np.bincount(code, w)
    return y - means[code] + means[labels == target][0]


def _one_fit(y, w, groups, *, method, level, n_boot, seed, min_n, share) -> dict:
    """The columns of one model: direct estimates, fit, intervals, code; small groups withheld."""
    labels, codes = np.unique(groups, return_inverse=True)
    d = _direct(codes, y, w, labels.size)
    nan = np.full(labels.size, np.nan)
    out = {
        "group": labels,
        "n": d["n"],
        "n_eff": d["n_eff"],
        **dict.fromkeys(SMALL_AREA_COLUMNS[2:-1], nan),
    }
    out["direct"], out["direct_var"], out["sigma_e2"] = d["mean"], d["s2"] / d["n_eff"], d["s2"]
    out["code"] = np.full(labels.size, "withheld", dtype=object)
    if labels.size >= SMALL_AREA_MIN_GROUPS and d["s2"] > 0:
        fit = fay_herriot(d["mean"], d["s2"] / d["n_eff"], method=method)
        ci = bootstrap_intervals(fit, n_boot=n_boot, level=level, seed=seed)
        bounds = np.clip(ci[:2], 0, 100) if share else ci[:2]  # shares: within 0-100
        out["estimate"], out["ci_low"], out["ci_high"] = fit.estimate, *bounds
        out["gamma"], out["mse"], out["overall"] = fit.gamma, fit.mse, fit.synthetic
        out["diff_low"], out["diff_high"], out["sigma_u2"] = ci.diff_low, ci.diff_high, fit.sigma_u2
        flag = np.where(ci.diff_high < 0, "below", "no_difference")
        out["code"] = np.where(ci.diff_low > 0, "above", flag).astype(object)
    small = d["n"] < min_n
    for col in _PER_GROUP:
        out[col] = np.where(small, np.nan, out[col])
    out["code"] = np.where(small, "withheld", out["code"])
    return out


def small_area_estimates(
    frame: pd.DataFrame,
    group: str,
    *,
    measure: str = "mean",
    by: Sequence[str] = ("organisation", "item"),
    value: str = "value",
    weight: str | None = "weight",
    wave_col: str = "wave",
    wave: str | None = None,
    window: int = 1,
    threshold: float = 4,
    method: str = "REML",
    level: float = 0.95,
    n_boot: int = 1000,
    seed: int = 1,
    min_n: int = 10,
) -> pd.DataFrame:
    """Model (EBLUP) estimates per group with interval, shrinkage factor and verdict code.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent and item with ``value``, ``group``, the ``by`` columns, ``weight``
        and, to pool waves, ``wave_col`` (e.g. ratings joined with the respondents). Rows with a
        missing value or label are left out. Pass the groups as they are, small ones included
        (not merged into "Overig"): every group enters the model.
    group : str
        The grouping column, e.g. ``"azc"`` or ``"nationaliteit"``.
    measure : {"mean", "share"}
        Mean answer, or % of answers at or above ``threshold`` (0-100).
    by : sequence of str
        One model per combination (default per organisation and item).
    value, weight : str
        Answer and weight columns; ``weight=None``: unit weights.
    wave_col, wave, window : str, str, int
        Estimates for ``wave`` (default the latest) from the ``window`` latest waves in the data
        up to it, wave effects removed (module docstring).
    threshold : float
        Smallest answer that counts for ``share``.
    method : {"REML", "AML"}
        Estimator of ``sigma_u^2`` (:func:`fay_herriot`); the bootstrap draws from the AML fit.
    level, n_boot, seed : float, int, int
        Level of the intervals and the code; bootstrap samples and seed (each model's stream
        depends on its ``by`` values too, so adding items changes nothing else).
    min_n : int
        Groups with fewer answers are withheld (default 10, the disclosure threshold).

    Returns
    -------
    pandas.DataFrame
        One row per ``by`` combination and group (sorted): ``by``, ``group``, ``wave`` (if
        ``wave_col`` is in ``frame``), then :data:`SMALL_AREA_COLUMNS`: ``n`` (answers in the
        window), ``n_eff`` (Kish), ``direct``, ``direct_var`` (``psi``), ``estimate`` (EBLUP),
        ``ci_low``, ``ci_high``, ``gamma``, ``mse`` (Prasad-Rao), ``overall`` (``beta_hat``),
        ``diff_low``, ``diff_high`` (interval of the deviation from ``overall``), ``code``
        (:data:`SMALL_AREA_CODES`), ``sigma_u2``, ``sigma_e2`` (between and pooled within
        variance), ``n_waves``. Shares in percentage points, intervals clipped to 0-100. Rows
        with ``n < min_n`` are ``withheld`` (NaN per-group figures); so are the model figures
        when fewer than :data:`SMALL_AREA_MIN_GROUPS` groups have answers.

    Raises
    ------
    InputError
        Unknown measure or method, missing columns, weights not positive, ``window < 1``,
        pooling without ``wave_col``, a ``wave`` without answers.

    Notes
    -----
    ``direct_i = sum w y / sum w``, ``psi_i = s^2 / n_eff_i``,
    ``s^2 = sum_i n_eff_i s_w,i^2 / sum_i (n_eff_i - 1)`` (``SSW / (N - m)`` without weights).
    About 20-40 ms per model (30 groups, ``n_boot=1000``) on one core.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> centre = np.repeat([f"c{i:02d}" for i in range(20)], 12)
    >>> effect = np.repeat(rng.normal(0, 0.3, 20), 12)
    >>> df = pd.DataFrame({"azc": centre, "value": 3.5 + effect + rng.normal(0, 1, 240)})
    >>> t = small_area_estimates(df, "azc", by=(), weight=None, n_boot=200)
    >>> t.columns[:4].tolist(), int(t["n"].iloc[0]), bool(t["code"].isin(SMALL_AREA_CODES).all())
    (['azc', 'n', 'n_eff', 'direct'], 12, True)
    >>> bool(((t["estimate"] - t["overall"]).abs() <= (t["direct"] - t["overall"]).abs()).all())
    True
    """
    if measure not in _MEASURES:
        raise InputError(f"unknown measure {measure!r}; choose one of {', '.join(_MEASURES)}")
    _check_method(method)
    if int(window) < 1 or int(min_n) < 1:
        raise InputError(f"window and min_n must be at least 1 (got {window}, {min_n})")
    by, has_wave = list(by), wave_col in frame.columns
    if (int(window) > 1 or wave is not None) and not has_wave:
        raise InputError(f"pooling waves needs a {wave_col!r} column")
    labels = [group, *by, *([wave_col] if has_wave else [])]
    wanted = dict.fromkeys([*labels, value, *([weight] if weight else [])])
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise InputError(f"missing column(s): {', '.join(map(str, missing))}")
    data = frame.assign(_x=pd.to_numeric(frame[value], errors="coerce")).dropna(
        subset=[*labels, "_x"]
    )
    w = data[weight].to_numpy(float) if weight else np.ones(len(data))
    if not (np.isfinite(w).all() and (w > 0).all()):
        raise InputError(f"weights in {weight!r} must be finite and positive")
    waves, pooled, target = None, [None], None
    if has_wave:
        waves = data[wave_col].astype(str).to_numpy()
        present = sorted(set(waves))
        target = str(wave) if wave is not None else (present[-1] if present else None)
        if target not in present:
            raise InputError(f"wave {target!r} has no answers in the data")
        pooled = present[: present.index(target) + 1][-int(window) :]
        keep = np.isin(waves, pooled)
        data, w, waves = data.loc[keep], w[keep], waves[keep]
    x = data["_x"].to_numpy(float)
    y = _derived(x, np.ones(x.size, dtype=bool), measure, threshold)
    groups = data[group].to_numpy()
    parts = []
    keys = data.groupby(by, sort=True).indices.items() if by else [((), np.arange(len(data)))]
    for key, idx in keys:
        key = key if isinstance(key, tuple) else (key,)
        yk = _wave_centred(y[idx], w[idx], waves[idx], target) if len(pooled) > 1 else y[idx]
        part = _one_fit(
            yk,
            w[idx],
            groups[idx],
            method=method,
            level=level,
            n_boot=n_boot,
            seed=[int(seed), zlib.crc32("|".join(map(str, key)).encode())],
            min_n=int(min_n),
            share=measure == "share",
        )
        front = dict(zip(by, key, strict=True)) | {group: part.pop("group")}
        parts.append(pd.DataFrame(front | ({"wave": target} if has_wave else {}) | part))
    columns = [*by, group, *(["wave"] if has_wave else []), *SMALL_AREA_COLUMNS]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    out["n_waves"] = len(pooled)
    return out[columns]


# --------------------------------------------------------------------------------------------
# planning
# --------------------------------------------------------------------------------------------


def centre_sample_size(
    difference=0.3, sigma_e=1.0, sigma_u=0.2, *, alpha: float = 0.05, power: float = 0.8, deff=1.0
) -> CentreSampleSize:
    """Respondents per group to tell a group ``difference`` off the average apart from it.

    With the direct estimate and with the partially pooled (Fay-Herriot) estimate, two-sided at
    ``alpha``; per group over the pooling window (a year with ``window=4`` quarterly waves).

    Parameters
    ----------
    difference : float or array-like
        The group's true deviation from the average in scale points (e.g. 0.3), non-zero.
    sigma_e, sigma_u : float or array-like
        Within-group sd of the answers and sd of the true group means (``sqrt`` of ``sigma_e2``
        and ``sigma_u2`` of :func:`small_area_estimates`); ``sigma_u = 0``: ``pooled`` is inf.
    alpha, power : float
        ``0 < alpha < power < 1``.
    deff : float or array-like
        Design effect of the weights within a group (``n / n_eff``).

    Returns
    -------
    CentreSampleSize
        ``direct`` and ``pooled``, unrounded (plan with ``ceil``).

    Notes
    -----
    With ``psi = deff sigma_e^2 / n``, ``z = z_(1-alpha/2)``, ``z_b = z_power``, ignoring
    flags in the wrong direction and the uncertainty of the average (many groups):

    * direct: flagged when ``|direct - average| > z sqrt(psi)``, so
      ``n = deff (z + z_b)^2 sigma_e^2 / difference^2`` (e.g. Lohr 2019, ch. 2);
    * pooled: flagged when the empirical Bayes interval of the deviation,
      ``gamma (direct - average) -+ z sqrt(g1)``, ``g1 = gamma psi``, excludes 0 (Morris 1983;
      Rao & Molina 2015, ch. 6), i.e. ``|direct - average| > z sqrt(psi / gamma)``; ``n`` solves
      ``difference / sqrt(psi) - z sqrt(1 + psi / sigma_u^2) = z_b`` (bisection, vectorised).

    Shrinkage pulls a truly deviating group towards the average, so the model needs *more*
    respondents to flag it than the direct estimate (the price of fewer false alarms and a
    lower error for all groups); the gap closes as ``sigma_u`` grows.

    References
    ----------
    Lohr, S. L. (2019). *Sampling: Design and Analysis*, 2nd ed. CRC Press; module references.

    Examples
    --------
    >>> r = centre_sample_size(0.3, 0.9, 0.17)
    >>> round(float(r.direct), 1), round(float(r.pooled), 1)  # 7.849 * 0.81 / 0.09
    (70.6, 86.3)
    """
    d = np.abs(np.asarray(difference, dtype=float))
    se, su, f = (np.asarray(v, dtype=float) for v in (sigma_e, sigma_u, deff))
    if not (0 < alpha < 1 and alpha < power < 1):
        raise InputError(f"need 0 < alpha < power < 1 (got alpha={alpha}, power={power})")
    if (d <= 0).any() or (se <= 0).any() or (su < 0).any() or (f <= 0).any():
        raise InputError("difference, sigma_e and deff must be positive, sigma_u not negative")
    z, zb = norm_isf(alpha / 2), norm_isf(1 - power)
    s2 = f * se**2
    direct = s2 * (z + zb) ** 2 / d**2
    ratio = s2 / np.where(su > 0, su, 1.0) ** 2  # psi / sigma_u^2 = ratio / n

    def short(n):  # True below the answer (the left side increases in n)
        return d * np.sqrt(n / s2) - z * np.sqrt(1 + ratio / n) < zb

    lo = np.broadcast_arrays(direct, ratio)[0].astype(float)  # never enough: sqrt(...) > 1
    hi = 2 * lo
    while short(hi).any():
        hi = np.where(short(hi), 2 * hi, hi)
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = np.where(short(mid), mid, lo), np.where(short(mid), hi, mid)
    pooled = np.where(su > 0, hi, np.inf)
    return CentreSampleSize(*(float(v) if np.ndim(v) == 0 else v for v in (direct, pooled)))
