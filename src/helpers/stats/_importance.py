"""Impact (key driver) analysis: how much does each aspect drive the overall judgement?

For an outcome (usually ``totaaloordeel``) and a set of drivers (the aspect ratings) this module
computes, with survey weights throughout:

* ``lmg``: the LMG / Shapley decomposition of R² (Lindeman, Merenda & Gold 1980; Grömping 2006):
  the increase in R² from adding a driver, averaged over all orders of entering the drivers. The
  values sum to R². This is the "impact" of the quadrant chart (as share of R²).
* ``rw``: Johnson's (2000) relative weights, a fast approximation of LMG via an orthogonal
  rotation of the drivers; also sums to R².
* ``beta``: standardised regression coefficients.
* ``corr``: zero-order (weighted) correlations with the outcome.
* ``pratt``: Pratt's (1987) measure ``beta * corr``, which also sums to R² (Thomas, Hughes &
  Zumbo 1998 on its interpretation; it can be negative under suppression).

Missing values (including "weet niet", coded NaN) are handled by one stated strategy:
``listwise`` (complete rows only), ``pairwise`` (each correlation over the rows where both are
observed; the matrix is repaired to be positive definite, or rejected with ``psd="error"``) or
``impute`` (single stochastic imputation of the drivers with scikit-learn's ``IterativeImputer``).

:func:`bootstrap_importance` adds percentile intervals (respondents resampled with their weights)
and the per-sample performance needed for the quadrant classification in
:mod:`helpers.stats._quadrant` (re-exported here).

Everything is computed from weighted correlation matrices: R² of all ``2**p`` subsets is obtained
from batched Cholesky factors (:mod:`helpers.stats._importance_linalg`) for all bootstrap samples at once, no
model is refitted. **The cost of LMG doubles with every extra driver**: 11 drivers take about half
a second for 1000 bootstrap samples, 15 about ten times longer; beyond ``max_lmg_drivers`` (15)
LMG is replaced by relative weights with a warning and a ``method_note``.

References
----------
Lindeman, R. H., Merenda, P. F. & Gold, R. Z. (1980). *Introduction to Bivariate and Multivariate
Analysis*. Glenview, IL: Scott, Foresman.
Grömping, U. (2006). Relative importance for linear regression in R: the package relaimpo.
*Journal of Statistical Software*, 17(1), 1-27.
Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor variables
in multiple regression. *Multivariate Behavioral Research*, 35(1), 1-19.
Pratt, J. W. (1987). Dividing the indivisible: using simple symmetry to partition variance
explained. In T. Pukkila & S. Puntanen (Eds.), *Proceedings of the Second International Tampere
Conference in Statistics* (pp. 245-260). University of Tampere.
Thomas, D. R., Hughes, E. & Zumbo, B. D. (1998). On variable importance in linear regression.
*Social Indicators Research*, 45, 253-275.
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall (ch. 13,
percentile intervals).

Examples
--------
>>> df = synthetic_data(n=400, drivers=3, seed=2)
>>> res = relative_importance(df, "totaaloordeel", ["aspect_1", "aspect_2", "aspect_3"],
...                           weights="weight")
>>> bool(np.isclose(res.table["lmg"].sum(), res.r2))
True
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats import _importance_linalg as la
from helpers.stats._quadrant import (  # noqa: F401  (re-exported: one import for the notebook)
    INVESTEREN,
    NEGATIEF,
    POSITIEF,
    QUADRANTS,
    VASTHOUDEN,
    classify_quadrants,
    compare_waves,
    summarise_quadrants,
)

#: Importance measures, in output order.
METHODS: tuple[str, ...] = ("lmg", "rw", "beta", "corr", "pratt")
#: Dutch names of the importance measures in chart and report text.
METHOD_NAMES_NL: dict[str, str] = {
    "lmg": "LMG",
    "rw": "relatieve gewichten",
    "pratt": "Pratt",
    "beta": "bèta",
    "corr": "correlatie",
}
#: Missing-data strategies.
MISSING_STRATEGIES: tuple[str, ...] = ("listwise", "pairwise", "impute")
#: Above this many drivers LMG (2**p subsets) is replaced by relative weights.
MAX_LMG_DRIVERS = 15
#: Items of the ratings table that are outcomes, never aspects.
OUTCOME_ITEMS: tuple[str, ...] = ("totaaloordeel", "nps")

_MISSING_TEXT = {
    "listwise": "listwise: only respondents with the outcome and every driver answered",
    "pairwise": "pairwise: each correlation over the respondents who answered both questions",
    "impute": "impute: model-based imputation of missing driver answers",
}


class ImpactWarning(UserWarning):
    """A choice the analysis made for the user (method fallback, matrix repair, dropped samples)."""


# ============================================================================================
# Result types
# ============================================================================================
@dataclass(frozen=True)
class ImportanceResult:
    """Point estimates of every requested importance measure.

    Attributes
    ----------
    outcome : str
    drivers : tuple of str
    methods : tuple of str
        Measures computed (subset of :data:`METHODS`, in that order).
    missing : str
        Missing-data strategy used.
    n : int
        Respondents used (positive weight): complete rows for ``listwise``/``impute``; for
        ``pairwise`` the rows with the outcome and at least one driver answered.
    r2 : float
        R² of the full (weighted) regression of the outcome on all drivers.
    weighted : bool
    table : pandas.DataFrame
        Index ``driver``; for every method a column with its name (raw importance) and
        ``<method>_share_pct`` (share of the sum over drivers, in %).
    method_note : str
        Plain statement of what was done and any fallback or repair ('' when nothing to say).
    n_pairwise_min : int or None
        ``pairwise`` only: the smallest number of respondents behind one correlation.
    """

    outcome: str
    drivers: tuple[str, ...]
    methods: tuple[str, ...]
    missing: str
    n: int
    r2: float
    weighted: bool
    table: pd.DataFrame
    method_note: str = ""
    n_pairwise_min: int | None = None

    @property
    def impact_method(self) -> str | None:
        """The measure used as "impact" (share of R²): ``lmg``, else ``rw``, else None."""
        return next((m for m in ("lmg", "rw") if m in self.methods), None)

    def to_dict(self) -> dict:
        """JSON-ready dictionary (the ``python -m helpers impact`` output)."""
        return _result_dict(self, self.table, bootstrap=0, seed=None, level=None)


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


def _num(v) -> float | None:
    v = float(v)
    return v if np.isfinite(v) else None


def _result_dict(point: ImportanceResult, table: pd.DataFrame, bootstrap, seed, level) -> dict:
    rows = []
    for driver, row in table.iterrows():
        item: dict = {"driver": driver}
        for m in point.methods:
            item[m] = _num(row[m])
            item[f"{m}_share_pct"] = _num(row[f"{m}_share_pct"])
            if bootstrap:
                item[f"{m}_ci_low"] = _num(row[f"{m}_ci_low"])
                item[f"{m}_ci_high"] = _num(row[f"{m}_ci_high"])
        rows.append(item)
    return {
        "outcome": point.outcome,
        "n": int(point.n),
        "r2": _num(point.r2),
        "missing": point.missing,
        "weighted": point.weighted,
        "methods": list(point.methods),
        "method_note": point.method_note,
        "bootstrap": int(bootstrap),
        "seed": seed,
        "level": level,
        "drivers": rows,
    }


# ============================================================================================
# Input handling
# ============================================================================================
@dataclass
class _Data:
    Z: np.ndarray  # (n, p+1) drivers then outcome, NaN = missing (after any imputation)
    raw: np.ndarray  # (n, p+1) as given (before imputation)
    w: np.ndarray  # (n,)
    drivers: tuple[str, ...]
    outcome: str
    weighted: bool
    missing: str
    notes: list[str]


def parse_methods(methods: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(methods, str):
        methods = [m.strip() for m in methods.split(",")]
    chosen = [str(m).strip().lower() for m in methods if str(m).strip()]
    if not chosen:
        raise InputError("no method given; choose from lmg, rw, beta, corr, pratt or all")
    out: set[str] = set()
    for m in chosen:
        if m == "all":
            out.update(METHODS)
        elif m in METHODS:
            out.add(m)
        else:
            raise InputError(f"unknown method {m!r}; choose from lmg, rw, beta, corr, pratt or all")
    return tuple(m for m in METHODS if m in out)


def _check_missing(missing: str) -> None:
    """Refuse a missing-data strategy that is not one of :data:`MISSING_STRATEGIES`."""
    if missing not in MISSING_STRATEGIES:
        choices = ", ".join(MISSING_STRATEGIES)
        raise InputError(f"unknown missing-data strategy {missing!r}; choose from {choices}")


def _numeric(data: pd.DataFrame, col: str, role: str) -> np.ndarray:
    if col not in data.columns:
        avail = ", ".join(map(str, list(data.columns)[:25]))
        more = " ..." if data.shape[1] > 25 else ""
        raise InputError(f"unknown {role} column {col!r}; columns are: {avail}{more}")
    s = data[col]
    if isinstance(s, pd.DataFrame):
        raise InputError(f"column name {col!r} occurs more than once")
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        values = s.to_numpy(dtype=float, na_value=np.nan)
    else:
        text = s.astype("string").str.strip().str.replace(",", ".", regex=False)
        text = text.mask(text == "")
        conv = pd.to_numeric(text, errors="coerce")
        bad = text.notna() & conv.isna()
        if bad.any():
            example = s[bad].iloc[0]
            raise InputError(
                f"{role} column {col!r} is not numeric (e.g. {example!r} in {int(bad.sum())} rows)"
            )
        values = conv.to_numpy(dtype=float, na_value=np.nan)
    if np.isinf(values).any():
        raise InputError(f"{role} column {col!r} contains infinite values")
    return values


def _prepare(
    data: pd.DataFrame,
    outcome: str,
    drivers: Sequence[str],
    weights: str | None,
    missing: str,
    seed: int,
) -> _Data:
    if not isinstance(data, pd.DataFrame):
        raise InputError("data must be a pandas DataFrame")
    if isinstance(drivers, str):
        drivers = [d.strip() for d in drivers.split(",") if d.strip()]
    drivers = tuple(str(d) for d in drivers)
    if not drivers:
        raise InputError("no drivers given")
    dup = sorted({d for d in drivers if drivers.count(d) > 1})
    if dup:
        raise InputError(f"driver(s) listed twice: {', '.join(dup)}")
    if outcome in drivers:
        raise InputError(f"the outcome {outcome!r} is also listed as a driver")
    if weights is not None and (weights == outcome or weights in drivers):
        raise InputError(f"the weights column {weights!r} is also the outcome or a driver")
    _check_missing(missing)
    cols = [_numeric(data, d, "driver") for d in drivers] + [_numeric(data, outcome, "outcome")]
    raw = np.column_stack(cols) if len(data) else np.empty((0, len(cols)))
    if weights is None:
        w = np.ones(len(data))
    else:
        w = _numeric(data, weights, "weights")
        if np.isnan(w).any():
            k = int(np.isnan(w).sum())
            raise InputError(f"weights column {weights!r} has {k} missing values")
        if (w < 0).any():
            raise InputError(f"weights column {weights!r} has negative values")
    notes = [f"missing data: {_MISSING_TEXT[missing]}"]
    Z = raw
    if missing == "impute":
        Z, note = _impute(raw, drivers, seed)
        notes.append(note)
    return _Data(Z, raw, w, drivers, outcome, weights is not None, missing, notes)


def _impute(raw: np.ndarray, drivers: tuple[str, ...], seed: int) -> tuple[np.ndarray, str]:
    """Single stochastic imputation of the drivers (outcome used as predictor, never imputed)."""
    observed = np.isfinite(raw)
    empty = [d for d, ok in zip(drivers, observed[:, :-1].any(axis=0), strict=True) if not ok]
    if empty:
        raise InputError(f"driver(s) without any answer, cannot impute: {', '.join(empty)}")
    rows = observed[:, -1] & observed[:, :-1].any(axis=1)
    Z = raw.copy()
    n_missing = int((~observed[rows, :-1]).sum())
    if n_missing == 0 or rows.sum() < 3:
        return Z, "imputation: nothing to impute"
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.experimental import enable_iterative_imputer  # noqa: F401
    from sklearn.impute import IterativeImputer

    lo = np.nanmin(raw[rows], axis=0)
    hi = np.nanmax(raw[rows], axis=0)
    imputer = IterativeImputer(
        max_iter=10, sample_posterior=True, random_state=seed, min_value=lo, max_value=hi
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        filled = imputer.fit_transform(raw[rows])
    Z[rows, :-1] = filled[:, :-1]
    converged = not any(issubclass(c.category, ConvergenceWarning) for c in caught)
    return Z, (
        f"imputation: {n_missing} missing driver answers imputed once with scikit-learn "
        "IterativeImputer (chained Bayesian ridge regressions, draws from the posterior, "
        "outcome used as predictor, unweighted, clipped to the observed range"
        + ("" if converged else ", not converged after 10 rounds")
        + "); bootstrap intervals treat the imputed values as observed"
    )


# ============================================================================================
# Core estimation for a stack of weight vectors
# ============================================================================================
def _estimate(
    data: _Data,
    counts: np.ndarray,
    methods: tuple[str, ...],
    psd: str,
) -> dict:
    """All measures for the weight stack ``counts * w``; degenerate problems give NaN.

    ``counts`` (B, n) are bootstrap counts (ones for the point estimate). Returns arrays with a
    leading axis B plus ``valid`` (bool, B), ``n`` (B), ``var`` (B, q), ``repaired`` (bool, B)
    and the correlation matrices ``R`` (B, q, q).
    """
    Z = data.Z
    obs = np.isfinite(Z)
    w = data.w
    W = counts * w
    B = W.shape[0]
    p = len(data.drivers)
    pos = (w > 0)[None, :]
    if data.missing == "pairwise":
        rows = obs[:, -1] & obs[:, :-1].any(axis=1)
        n_used = (counts * (pos & rows[None, :])).sum(axis=1)
        R, var = la.weighted_corr_pairwise(Z, obs, W)
        R, min_eig = la.repair_correlation(R)
        repaired = min_eig < 1e-6
        if psd == "error":
            R[repaired] = np.nan
    else:
        use = obs.all(axis=1)
        Wc = W * use
        n_used = (counts * (pos & use[None, :])).sum(axis=1)
        R, var = la.weighted_corr(np.where(obs, Z, 0.0), Wc)
        repaired = np.zeros(B, bool)
    scale = np.nanmax(np.abs(np.where(obs, Z, np.nan)), axis=0, initial=0.0) ** 2
    var_ok = (var > 1e-12 * scale).all(axis=1) & (var > 0).all(axis=1)
    min_eig_full = la.min_eigenvalues(R)
    valid = var_ok & (n_used >= p + 2) & (min_eig_full > la.SINGULAR_TOL)
    out: dict = {
        "valid": valid,
        "n": n_used,
        "var": var,
        "repaired": repaired,
        "R": R,
    }
    full = {m: np.full((B, p), np.nan) for m in methods}
    r2 = np.full(B, np.nan)
    if valid.any():
        Rv = R[valid]
        beta = la.betas(Rv)
        r = Rv[:, :-1, -1]
        r2[valid] = np.einsum("bj,bj->b", beta, r)
        if "lmg" in methods:
            full["lmg"][valid] = la.lmg(Rv)
        if "rw" in methods:
            full["rw"][valid] = la.relative_weights(Rv)
        if "beta" in methods:
            full["beta"][valid] = beta
        if "corr" in methods:
            full["corr"][valid] = r
        if "pratt" in methods:
            full["pratt"][valid] = beta * r
    out.update(full)
    out["r2"] = r2
    return out


def _explain_invalid(data: _Data, est: dict, psd: str) -> InputError:
    """Turn a degenerate point estimate into one clear message."""
    p = len(data.drivers)
    n = int(est["n"][0])
    names = list(data.drivers) + [data.outcome]
    if n < p + 2:
        what = (
            "rows with the outcome and at least one driver answered"
            if data.missing == "pairwise"
            else "complete rows (outcome and every driver answered, weight > 0)"
        )
        return InputError(f"only {n} {what}; need at least {p + 2} for {p} driver(s)")
    obs = np.isfinite(data.Z) & (data.w > 0)[:, None]
    if data.missing != "pairwise":
        obs &= obs.all(axis=1, keepdims=True)
    for k in range(p + 1):
        values = data.Z[obs[:, k], k]
        if values.size and values.min() == values.max():
            role = "outcome" if k == p else "driver"
            return InputError(f"{role} {names[k]!r} is constant ({values[0]:g}) in the rows used")
    if psd == "error" and est["repaired"][0]:
        return InputError(
            "the pairwise correlation matrix is not positive definite; use missing='listwise' or "
            "'impute', or let it be repaired (psd='repair')"
        )
    R = est["R"][0]
    if not np.isfinite(R).all():
        return InputError("correlations could not be computed (too few overlapping answers)")
    if la.min_eigenvalues(R[None, :-1, :-1])[0] <= la.SINGULAR_TOL:
        return InputError(
            "the drivers are perfectly collinear (one is a linear function of the others)"
        )
    return InputError(f"the outcome {data.outcome!r} is an exact linear function of the drivers")


def _resolve_methods(methods, p: int, max_lmg_drivers: int) -> tuple[tuple[str, ...], str]:
    chosen = parse_methods(methods)
    note = ""
    if "lmg" in chosen and p > max_lmg_drivers:
        note = (
            f"LMG not computed: {p} drivers > {max_lmg_drivers} would need 2^{p} = {2**p:,} "
            "subset regressions; Johnson's relative weights (rw), which approximate LMG closely, "
            "are given instead"
        )
        warnings.warn(note, ImpactWarning, stacklevel=3)
        chosen = tuple(m for m in METHODS if m in (set(chosen) - {"lmg"}) | {"rw"})
    return chosen, note


def _table(drivers, methods, values: dict) -> pd.DataFrame:
    cols = {}
    for m in methods:
        v = values[m]
        total = v.sum()
        cols[m] = v
        cols[f"{m}_share_pct"] = 100 * v / total if total != 0 else np.full_like(v, np.nan)
    return pd.DataFrame(cols, index=pd.Index(list(drivers), name="driver"))


def _point(data: _Data, methods, psd, note) -> tuple[ImportanceResult, dict]:
    est = _estimate(data, np.ones((1, len(data.w))), methods, psd)
    if not est["valid"][0]:
        raise _explain_invalid(data, est, psd)
    notes = list(data.notes)
    if note:
        notes.append(note)
    n_pairwise_min = None
    if data.missing == "pairwise":
        Mf = (np.isfinite(data.Z) & (data.w > 0)[:, None]).astype(float)
        n_pairwise_min = int((Mf.T @ Mf).min())
        if n_pairwise_min < len(data.drivers) + 2:
            raise InputError(
                f"one correlation rests on only {n_pairwise_min} respondents; need at least "
                f"{len(data.drivers) + 2}"
            )
        if est["repaired"][0]:
            msg = (
                "the pairwise correlation matrix was not positive definite and was repaired "
                "(eigenvalues clipped at 1e-6, rescaled to unit diagonal)"
            )
            warnings.warn(msg, ImpactWarning, stacklevel=3)
            notes.append(msg)
    table = _table(data.drivers, methods, {m: est[m][0] for m in methods})
    res = ImportanceResult(
        outcome=data.outcome,
        drivers=data.drivers,
        methods=methods,
        missing=data.missing,
        n=int(est["n"][0]),
        r2=float(est["r2"][0]),
        weighted=data.weighted,
        table=table,
        method_note="; ".join(notes),
        n_pairwise_min=n_pairwise_min,
    )
    return res, est


# ============================================================================================
# Public API
# ============================================================================================
def relative_importance(
    data: pd.DataFrame,
    outcome: str,
    drivers: Sequence[str],
    weights: str | None = None,
    *,
    methods: str | Iterable[str] = "all",
    missing: str = "listwise",
    psd: str = "repair",
    seed: int = 1,
    max_lmg_drivers: int = MAX_LMG_DRIVERS,
) -> ImportanceResult:
    """Relative importance of every driver for the outcome (point estimates).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; numeric columns, NaN for missing / "weet niet".
    outcome : str
        Outcome column (e.g. ``"totaaloordeel"``).
    drivers : sequence of str
        Driver columns (the aspects).
    weights : str, optional
        Column of survey weights (non-negative). Without it every respondent counts once.
    methods : str or iterable of str
        Any of ``lmg``, ``rw``, ``beta``, ``corr``, ``pratt`` or ``all`` (also comma-separated).
    missing : {'listwise', 'pairwise', 'impute'}
        Missing-data strategy (stated in ``method_note``).
    psd : {'repair', 'error'}
        ``pairwise`` only: what to do with a correlation matrix that is not positive definite.
    seed : int
        Seed of the imputation (``missing='impute'``).
    max_lmg_drivers : int
        Above this number of drivers LMG is replaced by relative weights (``ImpactWarning``).

    Returns
    -------
    ImportanceResult

    Raises
    ------
    InputError
        Unknown column or method, non-numeric data, fewer than ``p + 2`` usable rows, a constant
        driver or outcome, perfectly collinear drivers.

    Notes
    -----
    Everything follows from the weighted correlation matrix ``R`` (drivers ``x``, outcome ``y``):

    * ``beta = R_xx^{-1} r_xy`` and ``R² = r_xy' beta``;
    * ``pratt_j = beta_j r_j``, summing to R² (Pratt 1987; Thomas, Hughes & Zumbo 1998);
    * ``lmg_j = sum_{S without j} |S|!(p-|S|-1)!/p! (R²_{S+j} - R²_S)`` (Lindeman, Merenda & Gold
      1980; Grömping 2006), the Shapley value of R², summing to R²;
    * ``rw`` Johnson's (2000) relative weights, summing to R².

    LMG needs R² of all ``2**p`` subsets; they come from batched Cholesky factors of the
    correlation matrix (see :func:`helpers.stats._importance_linalg.subset_r2`).

    Warnings
    --------
    The cost of LMG is exponential in the number of drivers (``2**p`` subsets): instant for 11,
    seconds for 15 with a bootstrap, out of reach beyond about 20. Above ``max_lmg_drivers``
    (15) relative weights are given instead, with an :class:`ImpactWarning` and a
    ``method_note``.

    References
    ----------
    See the module docstring: Lindeman, Merenda & Gold (1980); Grömping (2006), J. Stat. Softw.
    17(1); Johnson (2000), Multivariate Behavioral Research 35(1); Pratt (1987); Thomas, Hughes &
    Zumbo (1998).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 2, 3, 4, 5, 3, 2, 4], "a": [1, 2, 2, 5, 4, 3, 1, 4],
    ...                    "b": [2, 1, 3, 3, 5, 2, 2, 5]})
    >>> res = relative_importance(df, "y", ["a", "b"], methods="lmg,pratt")
    >>> res.table.round(3)  # doctest: +NORMALIZE_WHITESPACE
              lmg  lmg_share_pct  pratt  pratt_share_pct
    driver
    a       0.492         55.425  0.526           59.231
    b       0.396         44.575  0.362           40.769
    >>> round(res.r2, 3), res.n, res.missing
    (0.888, 8, 'listwise')
    """
    data_ = _prepare(data, outcome, drivers, weights, missing, seed)
    methods_, note = _resolve_methods(methods, len(data_.drivers), max_lmg_drivers)
    if psd not in ("repair", "error"):
        raise InputError(f"psd must be 'repair' or 'error', not {psd!r}")
    res, _ = _point(data_, methods_, psd, note)
    return res


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
    A bootstrap sample draws n respondents with replacement (all rows of ``data``, so the number
    of complete rows varies between samples, as it would between surveys); each keeps its survey
    weight. Drawing respondent i ``c_i`` times is the same as giving it weight ``c_i w_i``, so the
    B weighted correlation matrices follow from one product of the (B, n) count-weight matrix with
    the column cross-products, and every measure is then computed for all B matrices at once
    (:mod:`helpers.stats._importance_linalg`). Intervals are percentile intervals (Efron & Tibshirani 1993,
    ch. 13). Samples that are degenerate (a driver constant within the resample) are dropped and
    counted in ``n_invalid``. With ``missing='impute'`` the data are imputed once before
    resampling, so the intervals ignore imputation uncertainty.

    The exponential cost of LMG (``2**p`` subsets) multiplies with B: 11 drivers, 5000
    respondents and B = 1000 take about 0.5 s (budget: 2 s), 15 drivers about 5 s; each extra
    driver roughly doubles the time (see ``benchmarks/bench_impact.py``).

    Examples
    --------
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


# ============================================================================================
# Data preparation and example data
# ============================================================================================
def wide_ratings(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    target_group: str,
    organisation: str,
    items: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per respondent with ``totaaloordeel``, the aspect items and ``weight``.

    Parameters
    ----------
    ratings : pandas.DataFrame
        The long ``ratings`` table (``respondent_id``, ``target_group``, ``organisation``, ``item``,
        ``value``, ``dont_know``); "weet niet" and unanswered are NaN in ``value``.
    respondents : pandas.DataFrame
        The ``respondents`` table (``respondent_id``, ``weight``).
    target_group : str
        ``asielzoekers`` or ``ketenpartners``.
    organisation : str
        ``IND``, ``COA``, ``DTV`` (or ``keten``).
    items : sequence of str, optional
        Aspect items in the wanted order; default all items present for this selection other
        than ``totaaloordeel`` and ``nps``, in order of first appearance.

    Returns
    -------
    pandas.DataFrame
        Index ``respondent_id``; columns ``totaaloordeel``, the items, ``weight``. Respondents of
        this target group who rated the organisation on at least one item.

    Examples
    --------
    >>> ratings = pd.DataFrame({
    ...     "respondent_id": ["r1", "r1", "r1", "r2", "r2", "r2", "r3"],
    ...     "target_group": ["asielzoekers"] * 7,
    ...     "organisation": ["IND"] * 6 + ["COA"],
    ...     "item": ["totaaloordeel", "uitleg", "nps", "totaaloordeel", "uitleg", "nps", "uitleg"],
    ...     "value": [4.0, 5.0, 8.0, 3.0, np.nan, 6.0, 2.0],
    ...     "dont_know": [False, False, False, False, True, False, False]})
    >>> resp = pd.DataFrame({"respondent_id": ["r1", "r2", "r3"],
    ...                      "target_group": ["asielzoekers"] * 3, "weight": [0.8, 1.2, 1.0]})
    >>> wide_ratings(ratings, resp, "asielzoekers", "IND")  # doctest: +NORMALIZE_WHITESPACE
                   totaaloordeel  uitleg  weight
    respondent_id
    r1                       4.0     5.0     0.8
    r2                       3.0     NaN     1.2
    """
    need = {"respondent_id", "target_group", "organisation", "item", "value"}
    missing_cols = need - set(ratings.columns)
    if missing_cols:
        raise InputError(f"ratings table lacks column(s): {', '.join(sorted(missing_cols))}")
    if not {"respondent_id", "weight"} <= set(respondents.columns):
        raise InputError("respondents table needs columns respondent_id and weight")
    chosen = (ratings["target_group"] == target_group) & (ratings["organisation"] == organisation)
    sel = ratings[chosen]
    if sel.empty:
        raise InputError(
            f"no ratings for target group {target_group!r} and organisation {organisation!r}"
        )
    present = list(dict.fromkeys(sel["item"].astype(str)))
    if items is None:
        items = [i for i in present if i not in OUTCOME_ITEMS]
    else:
        items = list(items)
        absent = [i for i in items if i not in present]
        if absent:
            raise InputError(
                f"item(s) not rated for {organisation} by {target_group}: {', '.join(absent)}"
            )
    if "totaaloordeel" not in present:
        raise InputError(f"no totaaloordeel for {organisation} by {target_group}")
    keep = sel[sel["item"].isin(["totaaloordeel", *items])]
    dups = keep.duplicated(["respondent_id", "item"])
    if dups.any():
        ex = keep.loc[dups].iloc[0]
        raise InputError(
            f"respondent {ex['respondent_id']!r} has item {ex['item']!r} more than once"
        )
    wide = keep.pivot(index="respondent_id", columns="item", values="value")
    wide = wide.reindex(columns=["totaaloordeel", *items]).astype(float)
    wide.columns.name = None
    wide = wide.loc[list(dict.fromkeys(keep["respondent_id"]))]
    _add_weights(wide, respondents)
    wide.index.name = "respondent_id"
    return wide


def _add_weights(wide: pd.DataFrame, respondents: pd.DataFrame) -> None:
    """Add the column ``weight`` to ``wide`` (indexed by ``respondent_id``) from the respondents
    table; a respondent that table does not know is an error."""
    weights = respondents.drop_duplicates("respondent_id").set_index("respondent_id")["weight"]
    unknown = wide.index.difference(weights.index)
    if len(unknown):
        raise InputError(
            f"{len(unknown)} respondent(s) in ratings but not in respondents, e.g. {unknown[0]!r}"
        )
    wide["weight"] = weights.loc[wide.index].astype(float).to_numpy()


def synthetic_data(
    n: int = 500,
    drivers: int | Sequence[str] = 5,
    seed: int = 1,
    missing: float = 0.0,
) -> pd.DataFrame:
    """Synthetic survey data for examples, tests and the benchmark.

    Drivers are correlated 1-5 ratings (one common factor plus noise), ``totaaloordeel`` is a 1-5
    rating driven by them with decreasing weights, ``weight`` is log-normal with mean 1.
    A share ``missing`` of the driver answers is set to NaN ("weet niet").

    Examples
    --------
    >>> synthetic_data(n=4, drivers=2, seed=1).columns.tolist()
    ['aspect_1', 'aspect_2', 'totaaloordeel', 'weight']
    """
    rng = np.random.default_rng(seed)
    if isinstance(drivers, int):
        names = [f"aspect_{j + 1}" for j in range(drivers)]
    else:
        names = list(drivers)
    p = len(names)
    factor = rng.normal(size=(n, 1))
    latent = 0.6 * factor + rng.normal(size=(n, p))
    coef = np.linspace(1.0, 0.2, p)
    y_latent = latent @ coef / np.sqrt(p) + rng.normal(scale=0.8, size=n)

    def to_scale(v: np.ndarray, cuts: np.ndarray) -> np.ndarray:
        """Answers 1-5: the number of cut points below the value, plus one."""
        return 1.0 + (v[..., None] > cuts).sum(axis=-1)

    # pooled cut points, so the aspects differ in how positively they are rated
    shift = rng.uniform(-0.6, 0.6, size=p)
    cuts = np.quantile(latent, [0.08, 0.2, 0.45, 0.8])
    X = to_scale(latent + shift, cuts)
    if missing > 0:
        X[rng.random(X.shape) < missing] = np.nan
    df = pd.DataFrame(X, columns=names)
    df["totaaloordeel"] = to_scale(y_latent, np.quantile(y_latent, [0.08, 0.2, 0.45, 0.8]))
    w = rng.lognormal(sigma=0.4, size=n)
    df["weight"] = w / w.mean()
    return df
