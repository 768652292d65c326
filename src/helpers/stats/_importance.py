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

:func:`helpers.stats._importance_bootstrap.bootstrap_importance` adds percentile intervals
(respondents, or whole clusters where the design has them, resampled with their weights) and the
per-sample performance needed for the quadrant classification in :mod:`helpers.stats._quadrant`.

Everything is computed from weighted correlation matrices: R² of all ``2**p`` subsets is obtained
from batched Cholesky factors (:mod:`helpers.stats._importance_linalg`) for all bootstrap samples at
once, no model is refitted. **The cost of LMG doubles with every extra driver**: 11 drivers take
about half a second for 1000 bootstrap samples, 15 about ten times longer; beyond
``max_lmg_drivers`` (15) LMG is replaced by relative weights with a warning and a ``method_note``.

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
>>> from helpers.stats._importance_data import synthetic_data
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

#: Importance measures, in output order.
METHODS: tuple[str, ...] = ("lmg", "rw", "beta", "corr", "pratt")
#: Missing-data strategies.
MISSING_STRATEGIES: tuple[str, ...] = ("listwise", "pairwise", "impute")
#: Above this many drivers LMG (2**p subsets) is replaced by relative weights.
MAX_LMG_DRIVERS = 15

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
    """The measures asked for (``"lmg,rw"``, ``["beta"]``, ``"all"``), in :data:`METHODS` order.

    Examples
    --------
    >>> parse_methods("pratt, lmg"), parse_methods("all")[:2]
    (('lmg', 'pratt'), ('lmg', 'rw'))
    """
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


def check_missing(missing: str) -> None:
    """Refuse a missing-data strategy that is not one of :data:`MISSING_STRATEGIES`."""
    if missing not in MISSING_STRATEGIES:
        choices = ", ".join(MISSING_STRATEGIES)
        raise InputError(f"unknown missing-data strategy {missing!r}; choose from {choices}")


def numeric_column(data: pd.DataFrame, col: str, role: str) -> np.ndarray:
    """Column ``col`` of ``data`` as floats (NaN for empty cells); text with decimal commas counts.

    ``role`` names the column in the message of the InputError raised for an unknown, duplicated,
    non-numeric or infinite column ("unknown driver column 'x'; columns are: ...").

    Examples
    --------
    >>> numeric_column(pd.DataFrame({"v": ["4,5", "", "3"]}), "v", "value")
    array([4.5, nan, 3. ])
    """
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
    check_missing(missing)
    cols = [numeric_column(data, d, "driver") for d in drivers] + [
        numeric_column(data, outcome, "outcome")
    ]
    raw = np.column_stack(cols) if len(data) else np.empty((0, len(cols)))
    if weights is None:
        w = np.ones(len(data))
    else:
        w = numeric_column(data, weights, "weights")
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


def adjusted_r2(r2: float, n: int, p: int) -> float:
    """Adjusted R² (Ezekiel 1930): ``1 - (1 - R²)(n - 1) / (n - p - 1)``; NaN when ``n <= p + 1``.

    With pairwise deletion ``n`` is the number of respondents used, an upper bound of the
    information behind each correlation, so the correction is if anything too mild.

    References
    ----------
    Ezekiel, M. (1930). *Methods of Correlation Analysis*. New York: Wiley.

    Examples
    --------
    >>> round(adjusted_r2(0.6, 100, 11), 3)  # 1 - 0.4 * 99 / 88
    0.55
    """
    if n - p - 1 <= 0:
        return float("nan")
    return 1 - (1 - r2) * (n - 1) / (n - p - 1)
