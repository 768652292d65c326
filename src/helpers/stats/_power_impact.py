"""Power of the impact analysis by simulation: how often does an aspect land in its quadrant?

The impact analysis (:func:`helpers.stats.relative_importance`) places every aspect in a quadrant
of impact (its share of R² by LMG) against performance (% positive or mean), both split at their
mean over the aspects. Whether that placement can be trusted depends on the sample size. This
module answers "at net n respondents, how often would a survey put each aspect in the same
quadrant as now, and how wide would its importance interval be?" by simulation, taking the
current wave as the truth:

* ``model="resample"`` (default): the wave's respondents who rated the organisation are the
  population. A simulated survey draws ``n`` of them with replacement (each keeps its survey
  weight, missing answers stay missing, the regression uses the complete rows, the performance
  everyone who rated the aspect) exactly as :func:`helpers.stats.bootstrap_importance` does at
  the wave's own size. The truth is the weighted analysis of the whole wave.
* ``model="normal"``: drivers and outcome are multivariate normal with the weighted mean and
  covariance of the wave's complete rows. A survey of ``n`` raters has ``n_c = n × (share of
  complete rows)`` complete rows, of which ``n_eff = n_c / deff_w`` count (Kish's weighting
  effect of the complete rows); its sample covariance is drawn directly from the Wishart
  distribution ``W(Σ, n_eff - 1) / (n_eff - 1)`` and its means from ``N(μ, Σ / n_eff)`` (Anderson
  2003, Thm. 3.3.2 and 7.2.2), so the cost does not grow with n. Performance is the mean (a
  normal model has no "% positive"). The truth is LMG of the model's correlation matrix.

For each n the ``samples`` correlation matrices are stacked and their LMG values come from one
call of ``_importance_linalg.lmg`` (batched Cholesky factors of all ``2**p`` subsets), so
no Python loop runs over samples or respondents. Every n has its own generator
``numpy.random.default_rng([seed, n])``: a result at n does not depend on the rest of the grid.

Reported per aspect and n: the *agreement* (share of simulated surveys that put the aspect in the
quadrant it has in the truth, each survey split at its own means, as in
:func:`helpers.stats.classify_quadrants`), and the central ``level`` range of its simulated
impact share (the width a percentile bootstrap interval would have at that n).

References
----------
Anderson, T. W. (2003). *An Introduction to Multivariate Statistical Analysis*, 3rd ed. Wiley.
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
Grömping, U. (2006). Relative importance for linear regression in R: the package relaimpo.
*Journal of Statistical Software*, 17(1), 1-27.
Kish, L. (1965). *Survey Sampling*. New York: Wiley.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats import _importance_linalg as la
from helpers.stats._importance_bootstrap import _performance
from helpers.stats._quadrant import QUADRANTS, quadrant_codes

__all__ = [
    "COLUMNS",
    "impact_power_by_organisation",
    "resample_counts",
    "simulate_impact_power",
    "summarise_impact_power",
]

#: Columns of :func:`simulate_impact_power`, in order.
COLUMNS: tuple[str, ...] = (
    "n",
    "driver",
    "quadrant",
    "impact",
    "performance",
    "agreement",
    "agreement_all",
    "impact_mean",
    "impact_ci_low",
    "impact_ci_high",
    "impact_width",
    "n_complete",
    "n_valid",
)


def resample_counts(n_rows: int, n: int, samples: int, seed: int) -> np.ndarray:
    """How often each of ``n_rows`` respondents is drawn in ``samples`` surveys of size ``n``.

    Parameters
    ----------
    n_rows : int
        Respondents available (the rows of the wave).
    n : int
        Size of a simulated survey (drawn with replacement, equal probabilities).
    samples : int
        Number of simulated surveys.
    seed : int
        Base seed; the generator is ``numpy.random.default_rng([seed, n])``.

    Returns
    -------
    numpy.ndarray, shape (samples, n_rows)
        Counts; every row sums to ``n``. :func:`simulate_impact_power` uses exactly these draws
        (the first ones from its generator), so a loop over ``data.loc[data.index.repeat(c)]``
        reproduces its surveys.

    Examples
    --------
    >>> c = resample_counts(5, 12, 3, seed=1)
    >>> c.shape, c.sum(axis=1).tolist()
    ((3, 5), [12, 12, 12])
    """
    rng = np.random.default_rng([int(seed), int(n)])
    return rng.multinomial(int(n), np.full(n_rows, 1.0 / n_rows), size=int(samples))


def _share(lmg: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100.0 * lmg / lmg.sum(axis=-1, keepdims=True)


def _valid_lmg(R: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """LMG for the matrices in ``R`` flagged ``ok`` and positive definite; NaN elsewhere."""
    out = np.full((R.shape[0], R.shape[1] - 1), np.nan)
    ok = ok & np.isfinite(R).all(axis=(1, 2))
    if ok.any():
        ok[ok] = la.min_eigenvalues(R[ok]) > la.SINGULAR_TOL
    if ok.any():
        out[ok] = la.lmg(R[ok])
    return out


def _corr(Z, Z0, W, complete, missing):
    """Weighted correlation matrices (listwise or pairwise, repaired) and a variance check."""
    if missing == "listwise":
        return la.weighted_corr(Z0, W * complete)
    R, min_var = la.weighted_corr_pairwise(Z, np.isfinite(Z), W)
    R, _ = la.repair_correlation(R)
    return R, min_var


def _prepare(data, outcome, drivers, weights):
    if not isinstance(data, pd.DataFrame):
        raise InputError("data must be a pandas DataFrame (one row per respondent)")
    if drivers is None:
        drivers = [c for c in data.columns if c not in (outcome, weights)]
    drivers = [str(d) for d in drivers]
    if len(drivers) < 2:
        raise InputError("the impact analysis needs at least two aspects (drivers)")
    missing = [
        c for c in [outcome, *drivers] + ([weights] if weights else []) if c not in data.columns
    ]
    if missing:
        raise InputError(f"data lacks column(s) {', '.join(missing)}")
    Z = data[[*drivers, outcome]].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    w = (
        np.ones(len(data))
        if weights is None
        else pd.to_numeric(data[weights], errors="coerce").to_numpy(dtype=float)
    )
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise InputError("weights must be finite and non-negative")
    # the rows of the impact analysis (bootstrap_importance): every respondent with a positive
    # weight and an answer; rows without the outcome still count in the pairwise correlations
    # of the aspects and in their performance
    keep = np.isfinite(Z).any(axis=1) & (w > 0)
    return Z[keep], w[keep], drivers


def _grid(n) -> list[int]:
    values = np.atleast_1d(np.asarray(n, dtype=float))
    if values.size == 0 or not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
        raise InputError(f"n must be whole numbers, got {n!r}")
    return [int(v) for v in dict.fromkeys(values.tolist())]


def simulate_impact_power(
    data: pd.DataFrame,
    outcome: str = "totaaloordeel",
    drivers: Sequence[str] | None = None,
    weights: str | None = "weight",
    *,
    n: int | Sequence[int] = (200, 500, 1000, 2000),
    samples: int = 200,
    model: Literal["resample", "normal"] = "resample",
    missing: Literal["listwise", "pairwise"] = "listwise",
    performance: Literal["positive", "mean"] = "positive",
    positive_at: float = 4.0,
    level: float = 0.95,
    seed: int = 1,
) -> pd.DataFrame:
    """Quadrant agreement and width of the importance interval per aspect at sample sizes n.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent who rated the organisation: the outcome, the aspects and the
        weight, e.g. :func:`helpers.stats.wide_ratings`; NaN = "weet niet" / not answered.
        Rows without any answer or without a positive weight are left out; the others are the
        rows of :func:`helpers.stats.bootstrap_importance` (rows without the outcome count in the
        pairwise correlations of the aspects and in their performance).
    outcome : str, default "totaaloordeel"
    drivers : sequence of str, optional
        Aspects; default every column other than ``outcome`` and ``weights``.
    weights : str or None, default "weight"
    n : int or sequence of int
        Net sizes to simulate: respondents who rate the organisation (complete rows are a part of
        them, as in the wave).
    samples : int, default 200
        Simulated surveys per n.
    model : {"resample", "normal"}, default "resample"
        See the module docstring.
    missing : {"listwise", "pairwise"}, default "listwise"
        Correlations over the complete rows, or each over the rows that answered both
        questions (repaired to positive definite, :func:`helpers.stats._importance_linalg.
        repair_correlation`), as in :func:`helpers.stats.relative_importance`. Resample model
        only; the normal model is listwise.
    performance : {"positive", "mean"}, default "positive"
        Performance measure of the quadrants (``"mean"`` only for the normal model).
    positive_at : float, default 4
        Lowest positive answer (``performance="positive"``).
    level : float, default 0.95
        Coverage of the reported range of the simulated impact shares.
    seed : int, default 1

    Returns
    -------
    pandas.DataFrame
        One row per n and aspect with the :data:`COLUMNS`: ``n``, ``driver``, the true
        ``quadrant`` (Dutch name), ``impact`` (true share of R², %), ``performance`` (true),
        ``agreement`` (share of valid simulated surveys with the aspect in its true quadrant),
        ``agreement_all`` (share with *every* aspect in its true quadrant; equal for all aspects
        of one n), ``impact_mean``, ``impact_ci_low``, ``impact_ci_high`` and ``impact_width``
        (mean and central ``level`` range of the simulated shares, percentage points),
        ``n_complete`` (mean complete rows per survey, all rows with ``missing="pairwise"``;
        the effective number for the normal model) and ``n_valid`` (surveys that could be
        analysed: with too few complete rows or a constant aspect the regression is
        undefined). ``attrs`` holds ``model``, ``missing``, ``samples``, ``seed``, ``level``,
        ``performance``, ``r2`` (true R²), ``n_rows`` and ``complete_share``.

    Raises
    ------
    InputError
        Fewer than two aspects, too few complete rows to define the truth, bad arguments.

    Notes
    -----
    Resample model: survey ``s`` draws respondent ``i`` ``c_si`` times (multinomial counts,
    :func:`resample_counts`), which is the weight ``c_si w_i``; the weighted correlation matrices
    of all surveys are one matrix product (``_importance_linalg.weighted_corr``), the LMG
    values one batched call. This is the bootstrap of :func:`helpers.stats.bootstrap_importance`
    with the resample size decoupled from the wave's size (an "m-out-of-n" or "m-bootstrap",
    Efron & Tibshirani 1993 §6), so at the wave's own n the agreement is the bootstrap agreement
    of the impact report. As n grows, every survey's correlation matrix tends to the wave's, so
    the agreement tends to 1 and the width to 0 (unless an aspect lies exactly on a dividing
    line).

    Examples
    --------
    >>> from helpers.stats._importance_data import synthetic_data
    >>> df = synthetic_data(n=400, drivers=4, seed=3)
    >>> sim = simulate_impact_power(df, n=[100, 2000], samples=100, seed=1)
    >>> sim.groupby("n")["agreement"].mean().is_monotonic_increasing
    True
    >>> bool((sim.loc[sim.n == 2000, "impact_width"].to_numpy()
    ...       < sim.loc[sim.n == 100, "impact_width"].to_numpy()).all())
    True
    """
    if model not in ("resample", "normal"):
        raise InputError(f"model must be 'resample' or 'normal', got {model!r}")
    if performance not in ("positive", "mean"):
        raise InputError(f"performance must be 'positive' or 'mean', got {performance!r}")
    if model == "normal" and performance != "mean":
        raise InputError(
            "the normal model simulates means: use performance='mean' "
            "(or model='resample' for % positive)"
        )
    if missing not in ("listwise", "pairwise"):
        raise InputError(f"missing must be 'listwise' or 'pairwise', got {missing!r}")
    if model == "normal" and missing != "listwise":
        raise InputError("the normal model is listwise (complete rows only)")
    if not 0 < level < 1:
        raise InputError(f"level must lie in (0, 1), got {level!r}")
    if not (isinstance(samples, int | np.integer) and samples >= 2):
        raise InputError(f"samples must be a whole number of at least 2, got {samples!r}")
    grid = _grid(n)
    Z, w, drivers = _prepare(data, outcome, drivers, weights)
    p = len(drivers)
    if min(grid) < p + 2:
        raise InputError(f"n must be at least {p + 2} (number of aspects + 2)")
    complete = np.isfinite(Z).all(axis=1)
    if missing == "listwise" and complete.sum() < p + 2:
        raise InputError(
            f"only {int(complete.sum())} complete rows: too few to estimate the "
            f"regression on {p} aspects"
        )
    Z0 = np.where(np.isfinite(Z), Z, 0.0)
    R_true, var = _corr(Z, Z0, w[None, :], complete, missing)
    if np.any(var <= 0):
        raise InputError("an aspect or the outcome is constant in the complete rows")
    lmg_true = _valid_lmg(R_true, np.ones(1, bool))
    if not np.isfinite(lmg_true).all():
        raise InputError("the aspects are collinear in the complete rows: no unique regression")
    imp_true = _share(lmg_true)[0]
    r2_true = float(lmg_true.sum())
    wc = w[complete]
    complete_share = float(complete.mean())
    if model == "resample":
        perf_true = _performance(Z[:, :-1], w[None, :], performance, positive_at)[0]
    else:
        mu = (wc @ Z[complete]) / wc.sum()
        dev = Z[complete] - mu
        cov = (dev * wc[:, None]).T @ dev / wc.sum()
        sd = np.sqrt(np.diag(cov))
        perf_true = mu[:-1]
        deff_w = len(wc) * np.sum(wc**2) / np.sum(wc) ** 2
    code_true = quadrant_codes(imp_true, perf_true)
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2

    rows = []
    for size in grid:
        if model == "resample":
            counts = resample_counts(len(w), size, samples, seed).astype(float)
            W = counts * w
            R, var_s = _corr(Z, Z0, W, complete, missing)
            n_c = counts @ (complete if missing == "listwise" else np.ones(len(w)))
            ok = (n_c >= p + 2) & (var_s > 1e-12).all(axis=1)
            perf_s = _performance(Z[:, :-1], W, performance, positive_at)
            n_complete = float(n_c.mean())
        else:
            rng = np.random.default_rng([int(seed), int(size)])
            n_eff = size * complete_share / deff_w
            if n_eff - 1 < p + 1:
                raise InputError(
                    f"n = {size} gives {n_eff:.1f} effective complete rows: too "
                    f"few for {p} aspects in the normal model"
                )
            from scipy import stats  # the normal model only (importing scipy.stats: 0.7 s)

            A = stats.wishart.rvs(df=n_eff - 1, scale=cov, size=samples, random_state=rng)
            A = A.reshape(samples, p + 1, p + 1)
            d = np.sqrt(np.einsum("sii->si", A))
            R = A / d[:, :, None] / d[:, None, :]
            means = rng.multivariate_normal(mu, cov / n_eff, size=samples)
            ok = np.ones(samples, bool)
            perf_s = means[:, :-1]
            n_complete = float(n_eff)
        lmg_s = _valid_lmg(R, ok)
        imp_s = _share(lmg_s)
        valid = np.isfinite(imp_s).all(axis=1) & np.isfinite(perf_s).all(axis=1)
        if valid.any():
            hit = quadrant_codes(imp_s[valid], perf_s[valid]) == code_true
            agreement = hit.mean(axis=0)
            agreement_all = float(hit.all(axis=1).mean())
            q_lo, q_hi = np.quantile(imp_s[valid], [lo_q, hi_q], axis=0)
            mean = imp_s[valid].mean(axis=0)
        else:
            agreement = q_lo = q_hi = mean = np.full(p, np.nan)
            agreement_all = np.nan
        rows.append(
            pd.DataFrame(
                {
                    "n": size,
                    "driver": drivers,
                    "quadrant": [QUADRANTS[c] for c in code_true],
                    "impact": imp_true,
                    "performance": perf_true,
                    "agreement": agreement,
                    "agreement_all": agreement_all,
                    "impact_mean": mean,
                    "impact_ci_low": q_lo,
                    "impact_ci_high": q_hi,
                    "impact_width": q_hi - q_lo,
                    "n_complete": n_complete,
                    "n_valid": int(valid.sum()),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)[list(COLUMNS)]
    out.attrs.update(
        model=model,
        missing=missing,
        samples=int(samples),
        seed=int(seed),
        level=float(level),
        performance=performance,
        r2=r2_true,
        n_rows=int(len(w)),
        complete_share=complete_share,
    )
    if model == "normal":
        out.attrs["sd"] = sd.tolist()
    return out


def summarise_impact_power(sim: pd.DataFrame, stable_at: float = 0.8) -> pd.DataFrame:
    """One row per n (and organisation when present): how reliable is the quadrant chart?

    Parameters
    ----------
    sim : pandas.DataFrame
        Output of :func:`simulate_impact_power` or :func:`impact_power_by_organisation`.
    stable_at : float, default 0.8
        Agreement at which a placement counts as stable (as in
        :func:`helpers.stats.classify_quadrants`).

    Returns
    -------
    pandas.DataFrame
        Columns (``organisation``), ``n``, ``aspects``, ``agreement_mean``,
        ``agreement_min``, ``n_stable`` (aspects with agreement >= ``stable_at``),
        ``share_stable``, ``agreement_all`` and ``impact_width_mean`` (percentage points).

    Examples
    --------
    >>> from helpers.stats._importance_data import synthetic_data
    >>> sim = simulate_impact_power(synthetic_data(n=300, drivers=3, seed=1), n=[50, 5000],
    ...                             samples=50)
    >>> summarise_impact_power(sim)[["n", "aspects"]].to_dict("list")
    {'n': [50, 5000], 'aspects': [3, 3]}
    """
    if not 0 < stable_at <= 1:
        raise InputError(f"stable_at must lie in (0, 1], got {stable_at!r}")
    keys = [c for c in ("organisation", "n") if c in sim.columns]
    g = sim.groupby(keys, sort=False)
    out = pd.DataFrame(
        {
            "aspects": g["driver"].count(),
            "agreement_mean": g["agreement"].mean(),
            "agreement_min": g["agreement"].min(),
            "n_stable": g["agreement"].apply(lambda a: int((a >= stable_at).sum())),
            "agreement_all": g["agreement_all"].first(),
            "impact_width_mean": g["impact_width"].mean(),
        }
    ).reset_index()
    out["share_stable"] = out["n_stable"] / out["aspects"]
    return out[
        [
            *keys,
            "aspects",
            "agreement_mean",
            "agreement_min",
            "n_stable",
            "share_stable",
            "agreement_all",
            "impact_width_mean",
        ]
    ]


def impact_power_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    target_group: str,
    organisations: Sequence[str] | None = None,
    *,
    drivers: Mapping[str, Sequence[str]] | None = None,
    n: Sequence[int] = (500, 1000, 2000),
    include_current: bool = True,
    min_complete: int = 30,
    **kwargs,
) -> pd.DataFrame:
    """:func:`simulate_impact_power` for every organisation of a wave, as one tidy table.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One processed wave (schema in CONTRIBUTING.md).
    target_group : str
    organisations : sequence of str, optional
        Default: every organisation the target group rated with at least two aspects
        (``keten`` has only the overall judgement and is left out).
    drivers : mapping of str to sequence of str, optional
        The aspects per organisation, those of the impact analysis (so that the simulation's
        truth is the impact report's placement). Default: every aspect the organisation was
        rated on.
    n : sequence of int, default (500, 1000, 2000)
        Sizes to simulate besides the current one.
    include_current : bool, default True
        Add the organisation's current n.
    min_complete : int, default 30
        Organisations with fewer usable rows (the outcome and every aspect answered; with
        ``missing="pairwise"`` the outcome and at least one aspect) are skipped (too thin to
        serve as the truth; 30 is the disclosure limit for an indicative figure). They are
        listed in ``attrs["skipped"]``.
    **kwargs
        Passed to :func:`simulate_impact_power` (``samples``, ``seed``, ``model``, ...).

    Returns
    -------
    pandas.DataFrame
        ``organisation``, ``n_current`` (the rows of the impact analysis: respondents with a
        positive weight who answered the overall judgement or an aspect of the organisation)
        and ``is_current`` followed by the :data:`COLUMNS`.

    Notes
    -----
    The data per organisation are the impact analysis's (:func:`helpers.stats.wide_ratings`,
    every respondent who rated the organisation on anything): the truth of the simulation is
    then the point estimate of :func:`helpers.stats.bootstrap_importance` with the same
    aspects, ``missing`` and ``performance``, i.e. the quadrant the impact report shows.
    """
    from helpers.stats._importance_data import wide_ratings

    sel = ratings[ratings["target_group"] == target_group]
    if sel.empty:
        raise InputError(f"no ratings of target group {target_group!r}")
    items = sel.groupby("organisation")["item"].unique()
    orgs = (
        list(organisations)
        if organisations is not None
        else [
            o
            for o in ("IND", "COA", "DTV", "keten", *sorted(items.index))
            if o in items.index and len(set(items[o]) - {"totaaloordeel", "nps"}) >= 2
        ]
    )
    orgs = list(dict.fromkeys(orgs))
    tables, skipped = [], {}
    for org in orgs:
        chosen = None if drivers is None or org not in drivers else list(drivers[org])
        wide = wide_ratings(ratings, respondents, target_group, org, chosen)
        aspects = chosen or [c for c in wide.columns if c not in ("totaaloordeel", "weight")]
        if len(aspects) < 2:
            skipped[org] = 0
            continue
        answered = wide[aspects].notna()
        rows = wide[["totaaloordeel", *aspects]].notna().any(axis=1) & (wide["weight"] > 0)
        wide = wide[rows]
        answered = answered[rows]
        usable = wide["totaaloordeel"].notna() & (
            answered.all(axis=1)
            if kwargs.get("missing", "listwise") == "listwise"
            else answered.any(axis=1)
        )
        if int(usable.sum()) < min_complete:
            skipped[org] = int(usable.sum())
            continue
        sizes = ([len(wide)] if include_current else []) + [int(v) for v in n]
        sim = simulate_impact_power(wide, "totaaloordeel", aspects, "weight", n=sizes, **kwargs)
        sim.insert(0, "organisation", org)
        sim.insert(1, "n_current", len(wide))
        sim.insert(2, "is_current", sim["n"] == len(wide))
        tables.append(sim)
    if not tables:
        raise InputError("no organisation has enough complete rows for the simulation")
    out = pd.concat(tables, ignore_index=True)
    out.attrs.update(tables[0].attrs)
    out.attrs["skipped"] = skipped
    return out
