"""Batched linear algebra behind the impact (key driver) analysis.

Pure numpy, no pandas: every function works on a *stack* of B problems at once (B = 1 for a point
estimate, B = number of bootstrap samples otherwise), so that no Python loop runs over respondents,
bootstrap samples or subsets of drivers. :mod:`helpers.stats._importance` wraps these kernels with
data handling, validation and result tables; use that module unless you need the raw arrays.

Conventions: a correlation stack ``R`` has shape ``(B, q, q)`` with the ``p = q - 1`` drivers first
and the outcome last; weights ``W`` have shape ``(B, n)`` (survey weight times bootstrap count).

References
----------
Lindeman, R. H., Merenda, P. F. & Gold, R. Z. (1980). *Introduction to Bivariate and Multivariate
Analysis*. Glenview, IL: Scott, Foresman.
Grömping, U. (2006). Relative importance for linear regression in R: the package relaimpo.
*Journal of Statistical Software*, 17(1), 1-27.
Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor variables
in multiple regression. *Multivariate Behavioral Research*, 35(1), 1-19.
Greene, C. & Kleitman, D. J. (1976). Strong versions of Sperner's theorem. *Journal of Combinatorial
Theory A*, 20(1), 80-88 (symmetric chain decomposition of the subset lattice).
Rebonato, R. & Jäckel, P. (1999). The most general methodology for creating a valid correlation
matrix for risk management and option pricing purposes. *Journal of Risk*, 2(2), 17-27.
"""

from __future__ import annotations

import functools
import math

import numpy as np

#: A correlation matrix whose smallest eigenvalue is below this counts as singular.
SINGULAR_TOL = 1e-10

#: Upper bound (in float64 elements) for one block of stacked submatrices in :func:`subset_r2`.
_BLOCK_ELEMENTS = 250_000


# --------------------------------------------------------------------------------------------
# Weighted correlation matrices for a stack of weight vectors
# --------------------------------------------------------------------------------------------
def weighted_corr(Z: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Pearson correlation matrices of complete data for a stack of weight vectors.

    Parameters
    ----------
    Z : ndarray, shape (n, q)
        Finite data (rows with missing values must carry weight 0 and be filled with any finite
        number).
    W : ndarray, shape (B, n)
        Non-negative weights, one row per problem (for a bootstrap: survey weight times the number
        of times the respondent was drawn).

    Returns
    -------
    R : ndarray, shape (B, q, q)
        Weighted correlation matrices.
    var : ndarray, shape (B, q)
        Weighted variances (divisor: sum of weights), used to detect constant columns.

    Notes
    -----
    All B matrices come from three matrix products of weighted moment sums,
    ``S0 = W 1``, ``S1 = W Z`` and ``S2 = W [z_i z_j]_{i<=j}`` (the cross-products of the columns,
    upper triangle only), i.e. ``Z' diag(W_b) Z`` for every b in one BLAS call. The data are first
    centred at their overall weighted mean so that ``S2/S0 - m m'`` loses no precision.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> Z = rng.normal(size=(50, 3))
    >>> R, var = weighted_corr(Z, np.ones((1, 50)))
    >>> bool(np.allclose(R[0], np.corrcoef(Z, rowvar=False)))
    True
    """
    Z = np.asarray(Z, dtype=float)
    W = np.asarray(W, dtype=float)
    n, q = Z.shape
    total = W.sum(axis=0)
    centre = (total @ Z) / total.sum() if total.sum() > 0 else np.zeros(q)
    Zc = Z - centre
    iu0, iu1 = np.triu_indices(q)
    S0 = W.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        m = (W @ Zc) / S0[:, None]
        m2 = (W @ (Zc[:, iu0] * Zc[:, iu1])) / S0[:, None]
    cov = np.empty((W.shape[0], q, q))
    cov[:, iu0, iu1] = m2
    cov[:, iu1, iu0] = m2
    cov -= m[:, :, None] * m[:, None, :]
    var = np.einsum("bii->bi", cov).copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(np.clip(var, 0.0, None))
        R = cov / sd[:, :, None] / sd[:, None, :]
    idx = np.arange(q)
    R[:, idx, idx] = 1.0
    return R, var


def weighted_corr_pairwise(
    Z: np.ndarray, observed: np.ndarray, W: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted pairwise-complete correlation matrices for a stack of weight vectors.

    Parameters
    ----------
    Z : ndarray, shape (n, q)
        Data; values where ``observed`` is False are ignored (may be NaN).
    observed : ndarray of bool, shape (n, q)
        Which values are observed.
    W : ndarray, shape (B, n)
        Non-negative weights.

    Returns
    -------
    R : ndarray, shape (B, q, q)
        Correlation of every pair of columns over the rows where both are observed (means and
        variances also over those rows, as ``pandas.DataFrame.corr`` does).
    min_var : ndarray, shape (B, q)
        Smallest within-pair weighted variance of each column (0 flags a column that is constant
        on some pair's rows).

    Notes
    -----
    For the pair (i, j) with mask ``m_ij = m_i m_j`` the six weighted sums
    ``sum w m_ij``, ``sum w m_ij z_i``, ``sum w m_ij z_j``, ``sum w m_ij z_i^2``,
    ``sum w m_ij z_j^2``, ``sum w m_ij z_i z_j`` are columns of a single product ``W @ P``.
    The result need not be positive semi-definite: see :func:`repair_correlation`.

    Examples
    --------
    >>> import pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> Z = rng.normal(size=(40, 3)); Z[rng.random((40, 3)) < 0.2] = np.nan
    >>> R, _ = weighted_corr_pairwise(Z, ~np.isnan(Z), np.ones((1, 40)))
    >>> bool(np.allclose(R[0], pd.DataFrame(Z).corr().to_numpy()))
    True
    """
    observed = np.asarray(observed, dtype=bool)
    Mf = observed.astype(float)
    Z = np.asarray(Z, dtype=float)
    n, q = Z.shape
    W = np.asarray(W, dtype=float)
    counts = Mf.sum(axis=0)
    centre = np.divide(
        np.where(observed, Z, 0.0).sum(axis=0), counts, out=np.zeros(q), where=counts > 0
    )
    Z0 = np.where(observed, Z - centre, 0.0)
    i, j = np.triu_indices(q, k=1)
    k = len(i)
    cols = np.concatenate(
        [
            Mf[:, i] * Mf[:, j],
            Z0[:, i] * Mf[:, j],
            Z0[:, j] * Mf[:, i],
            Z0[:, i] ** 2 * Mf[:, j],
            Z0[:, j] ** 2 * Mf[:, i],
            Z0[:, i] * Z0[:, j],
        ],
        axis=1,
    )
    S = W @ cols
    s0, si, sj, sii, sjj, sij = (S[:, a * k : (a + 1) * k] for a in range(6))
    with np.errstate(invalid="ignore", divide="ignore"):
        mi, mj = si / s0, sj / s0
        vi = sii / s0 - mi**2
        vj = sjj / s0 - mj**2
        cij = sij / s0 - mi * mj
        r = cij / np.sqrt(np.clip(vi, 0, None) * np.clip(vj, 0, None))
    B = W.shape[0]
    R = np.empty((B, q, q))
    R[:, i, j] = r
    R[:, j, i] = r
    R[:, np.arange(q), np.arange(q)] = 1.0
    # smallest variance of each column over the pairs it takes part in
    vv = np.full((B, q, q), np.inf)
    vv[:, i, j] = vi
    vv[:, j, i] = vj
    min_var = np.nan_to_num(vv, nan=0.0).min(axis=2) if q > 1 else np.zeros((B, q))
    return R, min_var


def repair_correlation(R: np.ndarray, floor: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """Make a stack of symmetric unit-diagonal matrices positive definite (spectral repair).

    Matrices whose smallest eigenvalue is at least ``floor`` are returned unchanged (bit for bit);
    the others have their eigenvalues clipped at ``floor`` and are rescaled to unit diagonal
    (Rebonato & Jäckel 1999), the usual cheap approximation of the nearest correlation matrix.

    Parameters
    ----------
    R : ndarray, shape (B, q, q)
    floor : float
        Smallest eigenvalue allowed before rescaling.

    Returns
    -------
    R_fixed : ndarray, shape (B, q, q)
    min_eig : ndarray, shape (B,)
        Smallest eigenvalue of each input matrix (negative: the matrix was not PSD).

    Examples
    --------
    >>> bad = np.array([[[1, .9, -.9], [.9, 1, .9], [-.9, .9, 1]]])
    >>> fixed, min_eig = repair_correlation(bad)
    >>> bool(min_eig[0] < 0), bool(np.linalg.eigvalsh(fixed[0]).min() > 0)
    (True, True)
    """
    R = np.asarray(R, dtype=float)
    finite = np.isfinite(R).all(axis=(1, 2))
    min_eig = np.full(R.shape[0], np.nan)
    out = R.copy()
    if not finite.any():
        return out, min_eig
    e, V = np.linalg.eigh(R[finite])
    min_eig[finite] = e[:, 0]
    bad = e[:, 0] < floor
    if bad.any():
        e_b = np.clip(e[bad], floor, None)
        fixed = (V[bad] * e_b[:, None, :]) @ np.swapaxes(V[bad], 1, 2)
        d = np.sqrt(np.einsum("bii->bi", fixed))
        fixed = fixed / d[:, :, None] / d[:, None, :]
        q = R.shape[1]
        fixed[:, np.arange(q), np.arange(q)] = 1.0
        target = np.flatnonzero(finite)[bad]
        out[target] = fixed
    return out, min_eig


# --------------------------------------------------------------------------------------------
# R² of every subset of drivers, LMG / Shapley
# --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def symmetric_chains(p: int) -> tuple[tuple[tuple[int, ...], int], ...]:
    """Symmetric chain decomposition of the subsets of ``{0, ..., p-1}``.

    Every subset is a prefix of exactly one returned ordering: chain ``(order, start)`` holds the
    subsets ``set(order[:k])`` for ``k = start, ..., len(order)``. There are ``C(p, p // 2)`` chains
    (Greene & Kleitman 1976, the parenthesis-matching construction of de Bruijn et al.).

    Parameters
    ----------
    p : int
        Number of drivers.

    Returns
    -------
    tuple of (order, start)

    Examples
    --------
    >>> symmetric_chains(2)      # {}, {0}, {0, 1} and {1}
    (((0, 1), 0), ((1,), 1))
    >>> len(symmetric_chains(11)) == math.comb(11, 5)
    True
    """
    chains = []
    for mask in range(1 << p):
        stack: list[int] = []
        matched: set[int] = set()
        for pos in range(p):
            if (mask >> pos) & 1:
                if stack:
                    matched.add(stack.pop())
                    matched.add(pos)
            else:
                stack.append(pos)
        unmatched = [pos for pos in range(p) if pos not in matched]
        if any((mask >> u) & 1 for u in unmatched):
            continue  # not the bottom of its chain
        members = [pos for pos in range(p) if (mask >> pos) & 1]
        chains.append((tuple(members + unmatched), len(members)))
    return tuple(chains)


@functools.lru_cache(maxsize=32)
def _chain_plan(p: int):
    """Index arrays for :func:`subset_r2`, grouped by ordering length."""
    q = p + 1
    groups: dict[int, list[tuple[tuple[int, ...], int]]] = {}
    for order, start in symmetric_chains(p):
        groups.setdefault(len(order), []).append((order, start))
    plan = []
    for length, chains in sorted(groups.items()):
        orders = np.array([o for o, _ in chains], dtype=np.intp).reshape(len(chains), length)
        idx = np.concatenate([orders, np.full((len(chains), 1), p, dtype=np.intp)], axis=1)
        flat = idx[:, :, None] * q + idx[:, None, :]
        rows, cols, masks = [], [], []
        for c, (order, start) in enumerate(chains):
            mask = sum(1 << v for v in order[:start])
            for k in range(start, length + 1):
                if k > start:
                    mask |= 1 << order[k - 1]
                rows.append(c)
                cols.append(k)
                masks.append(mask)
        plan.append((length, flat, np.array(rows), np.array(cols), np.array(masks)))
    return plan


def subset_r2(R: np.ndarray) -> np.ndarray:
    """R² of the regression of the outcome on every subset of drivers, for a stack of matrices.

    Parameters
    ----------
    R : ndarray, shape (B, p + 1, p + 1)
        Positive definite correlation matrices, drivers first, outcome last.

    Returns
    -------
    ndarray, shape (B, 2**p)
        Column ``mask`` holds R² of the drivers whose bits are set in ``mask``
        (column 0, the empty model, is 0).

    Notes
    -----
    ``R²_S = r_S' R_SS^{-1} r_S``. Rather than one solve per subset, the subsets are covered by the
    ``C(p, p//2)`` orderings of :func:`symmetric_chains`: for an ordering ``(v_1, ..., v_k, y)`` the
    last row of the Cholesky factor of the reordered correlation matrix holds the semi-partial
    correlations of y with ``v_l`` given ``v_1..v_{l-1}``, so the R² of *every prefix* is a
    cumulative sum of its squares. All orderings of one length and all B matrices go through one
    batched ``numpy.linalg.cholesky`` (processed in blocks to bound memory).

    Warning: the cost grows like ``2**p`` (times B): about 0.2 s for p = 11 and B = 1000, some 10
    times more for p = 15, and out of reach beyond 20 drivers; :mod:`helpers.stats._importance`
    switches to relative weights above 15 drivers.

    Examples
    --------
    >>> R = np.array([[[1, .3, .5], [.3, 1, .4], [.5, .4, 1]]])
    >>> r2 = subset_r2(R)[0]
    >>> [round(float(v), 4) for v in r2]   # {}, {x0}, {x1}, {x0, x1}
    [0.0, 0.25, 0.16, 0.3187]
    """
    R = np.asarray(R, dtype=float)
    B, q, _ = R.shape
    p = q - 1
    out = np.zeros((B, 1 << p))
    Rf = R.reshape(B, q * q)
    for length, flat, rows, cols, masks in _chain_plan(p):
        if length == 0:
            continue
        m = flat.shape[0]
        step = max(1, _BLOCK_ELEMENTS // (m * (length + 1) ** 2))
        for b0 in range(0, B, step):
            A = np.take(Rf[b0 : b0 + step], flat, axis=1)
            L = np.linalg.cholesky(A)
            cs = np.cumsum(L[..., length, :length] ** 2, axis=-1)
            cs = np.concatenate([np.zeros(cs.shape[:-1] + (1,)), cs], axis=-1)
            out[b0 : b0 + step, masks] = cs[:, rows, cols]
    return out


@functools.lru_cache(maxsize=32)
def lmg_weights(p: int) -> np.ndarray:
    """Matrix ``M`` (2**p, p) with ``LMG = R2_all_subsets @ M``.

    Notes
    -----
    ``LMG_j = sum_{S not containing j} |S|! (p-|S|-1)! / p! * (R²_{S+j} - R²_S)``
    (Lindeman, Merenda & Gold 1980; the Shapley value of the R² game, Grömping 2006). So subset
    ``T`` enters ``LMG_j`` with ``+w(|T|-1)`` when ``j`` is in ``T`` and ``-w(|T|)`` otherwise.

    Examples
    --------
    >>> lmg_weights(2)
    array([[-0.5, -0.5],
           [ 0.5, -0.5],
           [-0.5,  0.5],
           [ 0.5,  0.5]])
    """
    w = np.array(
        [math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) for s in range(p)]
        + [0.0]
    )
    masks = np.arange(1 << p)
    size = np.bitwise_count(masks).astype(int)
    member = ((masks[:, None] >> np.arange(p)) & 1).astype(bool)
    plus = w[np.clip(size - 1, 0, None)][:, None]
    minus = w[size][:, None]
    return np.where(member, plus, -minus)


def lmg(R: np.ndarray) -> np.ndarray:
    """LMG (Shapley) decomposition of R² for a stack of correlation matrices.

    Parameters
    ----------
    R : ndarray, shape (B, p + 1, p + 1)
        Positive definite correlation matrices, outcome last.

    Returns
    -------
    ndarray, shape (B, p)
        LMG share of every driver; rows sum to the full-model R².

    Examples
    --------
    >>> R = np.array([[[1, .3, .5], [.3, 1, .4], [.5, .4, 1]]])
    >>> np.round(lmg(R), 4)
    array([[0.2043, 0.1143]])
    """
    R = np.asarray(R, dtype=float)
    p = R.shape[-1] - 1
    weights = lmg_weights(p)
    step = max(1, 4_000_000 >> p)  # bound the (step, 2**p) block of subset R² values
    return (
        np.concatenate(
            [subset_r2(R[b0 : b0 + step]) @ weights for b0 in range(0, R.shape[0], step)]
        )
        if R.shape[0]
        else np.zeros((0, p))
    )


# --------------------------------------------------------------------------------------------
# Other importance measures
# --------------------------------------------------------------------------------------------
def betas(R: np.ndarray) -> np.ndarray:
    """Standardised regression coefficients ``R_xx^{-1} r_xy`` for a stack (B, p+1, p+1) -> (B, p).

    Examples
    --------
    >>> R = np.array([[[1, .3, .5], [.3, 1, .4], [.5, .4, 1]]])
    >>> np.round(betas(R), 4)
    array([[0.4176, 0.2747]])
    """
    Rxx, r = R[:, :-1, :-1], R[:, :-1, -1]
    return np.linalg.solve(Rxx, r[..., None])[..., 0]


def relative_weights(R: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights for a stack of matrices, (B, p+1, p+1) -> (B, p).

    Sum to R² (per matrix).

    Notes
    -----
    With ``R_xx = V diag(e) V'``, the orthogonal counterparts ``Z`` of the standardised drivers have
    ``Λ = R_xx^{1/2} = V diag(sqrt e) V'`` as the coefficients of ``X`` on ``Z`` and
    ``β* = R_xx^{-1/2} r_xy`` as the coefficients of ``y`` on ``Z``; the weight of driver j is
    ``ε_j = sum_k Λ_jk² β*_k²`` (Johnson 2000, eqs. 1-3). The weights sum to R².

    Examples
    --------
    >>> R = np.array([[[1, .3, .5], [.3, 1, .4], [.5, .4, 1]]])
    >>> np.round(relative_weights(R), 4)
    array([[0.2043, 0.1143]])
    """
    Rxx, r = R[:, :-1, :-1], R[:, :-1, -1]
    e, V = np.linalg.eigh(Rxx)
    e = np.clip(e, SINGULAR_TOL, None)
    Vt = np.swapaxes(V, 1, 2)
    lam = (V * np.sqrt(e)[:, None, :]) @ Vt
    bstar = ((V / np.sqrt(e)[:, None, :]) @ (Vt @ r[..., None]))[..., 0]
    return np.einsum("bjk,bk->bj", lam**2, bstar**2)


def min_eigenvalues(R: np.ndarray) -> np.ndarray:
    """Smallest eigenvalue of every matrix in a stack (NaN for a matrix with non-finite entries)."""
    R = np.asarray(R, dtype=float)
    out = np.full(R.shape[0], np.nan)
    ok = np.isfinite(R).all(axis=(1, 2))
    if ok.any():
        out[ok] = np.linalg.eigvalsh(R[ok])[:, 0]
    return out
