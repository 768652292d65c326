"""Raking (iterative proportional fitting) of respondent weights to population margins.

Why written here: the maintained raking packages on PyPI were checked first (``weightipy`` 0.4.2
pulls in ``watchdog``, ``requests`` and ``decorator``; ``samplics`` 0.6.1 requires ``polars``;
``ipfn`` 1.4.4 fits contingency tables and has not been released since 2021; ``balance`` brings a
large modelling stack). None fits a small, dependency-free step with trimming and the diagnostics
the cleaning log reports, so raking is implemented below, vectorised with numpy (one
``np.bincount`` per margin per iteration, no loop over respondents).

Examples
--------
The 2x2 example of the tests: 100 respondents, cells (a1,b1)=40, (a1,b2)=10, (a2,b1)=20,
(a2,b2)=30, raked to A = 50/50 and B = 40/60 (weights 0.75, 2, 0.5, 4/3, see the tests):

>>> import pandas as pd
>>> df = pd.DataFrame({"A": ["a1"] * 50 + ["a2"] * 50,
...                    "B": ["b1"] * 40 + ["b2"] * 10 + ["b1"] * 20 + ["b2"] * 30})
>>> res = rake(df, {"A": {"a1": 0.5, "a2": 0.5}, "B": {"b1": 0.4, "b2": 0.6}})
>>> sorted({round(float(w), 4) for w in res.weights})
[0.5, 0.75, 1.3333, 2.0]
>>> res.converged, round(res.deff, 4), round(res.n_eff, 2)  # 100 * 120.8333 / 100^2
(True, 1.2083, 82.76)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.data._readers import Notice
from helpers.stats import kish_deff

__all__ = ["RakingInfeasible", "RakingResult", "rake", "weight_target_groups"]


class RakingInfeasible(ValueError):
    """The respondents cannot reproduce the margins with positive weights (see :func:`rake`)."""


@dataclass
class RakingResult:
    """Weights (mean 1) and diagnostics of :func:`rake`."""

    weights: np.ndarray
    converged: bool
    iterations: int
    trim_rounds: int
    deff: float
    n_eff: float
    targets: dict[str, dict[str, float]]
    achieved: dict[str, dict[str, float]]
    max_abs_diff: float
    bounds: tuple[float, float] | None
    n_at_bounds: int
    warnings: list[Notice] = field(default_factory=list)
    notes: list[Notice] = field(default_factory=list)

    def summary(self) -> dict:
        """Plain-JSON summary (rounded) for the cleaning log."""
        w = self.weights
        return {
            "method": "raking",
            "n": int(w.size),
            "converged": bool(self.converged),
            "iterations": int(self.iterations),
            "trim_rounds": int(self.trim_rounds),
            "trim_bounds": list(self.bounds) if self.bounds else None,
            "n_at_trim_bounds": int(self.n_at_bounds),
            "deff": _r(self.deff),
            "n_eff": _r(self.n_eff),
            "weight_min": _r(float(w.min())) if w.size else None,
            "weight_max": _r(float(w.max())) if w.size else None,
            "max_abs_margin_diff": _r(self.max_abs_diff),
            "margins_target": self.targets,
            "margins_achieved": {
                k: {c: _r(v) for c, v in d.items()} for k, d in self.achieved.items()
            },
            "warnings": [n.as_dict() for n in self.warnings],
            "notes": [n.as_dict() for n in self.notes],
        }


def _r(x: float, nd: int = 6):
    return None if x is None or not np.isfinite(x) else round(float(x), nd)


def _factorise(values: pd.Series, categories: list[str]) -> np.ndarray:
    """Category index of each respondent in ``categories``; -1 for missing / not a category."""
    index = {c: i for i, c in enumerate(categories)}
    s = values.astype(object).where(values.notna(), None)
    return np.fromiter(
        (index.get(str(v), -1) if v is not None else -1 for v in s), dtype=np.int64, count=len(s)
    )


def _rake_core(w, codes, targets, max_iter, tol):
    """IPF sweeps until every margin is within ``tol``; returns (w, converged, iterations)."""
    for it in range(1, max_iter + 1):
        for k, t in zip(codes, targets, strict=True):
            known = k >= 0
            tot = np.bincount(k[known], weights=w[known], minlength=t.size)
            factor = np.divide(t * tot.sum(), tot, out=np.ones_like(tot), where=tot > 0)
            w[known] *= factor[k[known]]
        if _max_diff(w, codes, targets) < tol:
            return w, True, it
    return w, False, max_iter


def _clip_to_mean(w, lo_f, hi_f, rounds=100):
    """Clip to ``[lo_f, hi_f] x mean``, again until stable (clipping moves the mean)."""
    for _ in range(rounds):
        m = w.mean()
        w2 = np.clip(w, lo_f * m, hi_f * m)
        if np.allclose(w2, w, rtol=1e-12, atol=0):
            return w2
        w = w2
    return w


def _capped_rake(w, codes, targets, lo_f, hi_f, max_iter):
    """IPF sweeps with the weights clipped after every sweep, until the weights settle."""
    w = _clip_to_mean(w.copy(), lo_f, hi_f)
    for _ in range(max_iter):
        prev = w.copy()
        for k, t in zip(codes, targets, strict=True):
            known = k >= 0
            tot = np.bincount(k[known], weights=w[known], minlength=t.size)
            factor = np.divide(t * tot.sum(), tot, out=np.ones_like(tot), where=tot > 0)
            w[known] *= factor[k[known]]
        w = _clip_to_mean(w, lo_f, hi_f)
        if np.max(np.abs(w / w.mean() - prev / prev.mean())) < 1e-10:
            break
    return w


def _shares(w, k, size):
    known = k >= 0
    tot = np.bincount(k[known], weights=w[known], minlength=size)
    s = tot.sum()
    return tot / s if s > 0 else tot


def _max_diff(w, codes, targets):
    if not codes:
        return 0.0
    return float(
        max(np.max(np.abs(_shares(w, k, t.size) - t)) for k, t in zip(codes, targets, strict=True))
    )


def rake(
    data: pd.DataFrame,
    margins: dict[str, dict[str, float]],
    base_weights=None,
    *,
    trim: tuple[float, float] | None = (0.3, 3.0),
    max_iter: int = 1000,
    tol: float = 1e-8,
    max_trim_rounds: int = 100,
) -> RakingResult:
    """Rake weights so that the weighted shares of each margin variable equal the targets.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, with a column per margin variable (category names).
    margins : dict
        ``{variable: {category: population share}}``; shares are normalised to sum to 1.
    base_weights : array-like, optional
        Design weights to start from (default 1).
    trim : (float, float) or None
        Bounds for the weights relative to their mean (default 0.3 and 3); None: no trimming.
    max_iter : int
        Maximum IPF sweeps per raking round.
    tol : float
        Convergence: the largest absolute difference between a weighted share and its target.
    max_trim_rounds : int
        Maximum rake-trim rounds.

    Returns
    -------
    RakingResult
        ``weights`` normalised to mean 1, convergence, Kish ``deff`` and ``n_eff``, the targets
        and the achieved weighted shares per margin; ``warnings`` (the margins do not hold as
        given) and ``notes`` (how the documented rules were applied).

    Raises
    ------
    RakingInfeasible
        Raking without bounds does not reach the margins within ``max_iter`` sweeps with finite,
        positive weights: the respondents cannot reproduce the margins (typically a small group
        with empty cells in the cross-classification of the margin variables, where a raking
        cell ends at weight 0).

    Notes
    -----
    Iterative proportional fitting (Deming & Stephan, 1940): a sweep multiplies the weights of
    the respondents in category :math:`c` of margin :math:`k` by :math:`T_{kc} / \\hat T_{kc}`,
    the target total over the current weighted total, margin after margin, until all margins
    hold. It converges to the weights closest to the base weights in the raking
    (Kullback-Leibler) distance that satisfy the margins, when such weights exist.

    Trimming follows the rake-trim-rake loop of Kolenikov (2014, ``ipfraking``): after each
    raking the weights are clipped to ``[lo, hi]`` times their mean and raked again, until the
    raked weights are within the bounds (``converged``). When the bounds and the margins cannot
    both hold within ``max_trim_rounds``, the trimmed weights are returned (bounds hold, margins
    approximately: see ``achieved`` and ``max_abs_diff``) with a warning.

    Respondents with a missing value (or a category without a target) on a margin variable are
    left out of that margin: its shares are computed among the respondents with a known category,
    and their weights are not adjusted for it. A target category without respondents cannot be
    reached: the remaining targets are renormalised and a warning is recorded.

    Positive weights that satisfy the margins exist when every cell of the cross-classification
    of the margin variables holds a respondent (give each cell the product of its target shares
    as its total). In a small sample with empty cells they may not exist; IPF then oscillates
    or drives a weight to 0. The first, untrimmed raking must therefore converge with finite,
    positive weights; otherwise :class:`RakingInfeasible` is raised, and
    :func:`weight_target_groups` leaves the group unweighted.

    References
    ----------
    Deming, W. E., & Stephan, F. F. (1940). On a least squares adjustment of a sampled frequency
    table when the expected marginal totals are known. *Annals of Mathematical Statistics*, 11(4),
    427-444.

    Kolenikov, S. (2014). Calibrating survey data using iterative proportional fitting (raking).
    *The Stata Journal*, 14(1), 22-59.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"g": ["m", "m", "m", "v"]})
    >>> res = rake(df, {"g": {"m": 0.5, "v": 0.5}}, trim=None)
    >>> res.weights.round(4).tolist(), res.achieved
    ([0.6667, 0.6667, 0.6667, 2.0], {'g': {'m': 0.5, 'v': 0.5}})
    """
    n = len(data)
    w0 = np.ones(n) if base_weights is None else np.asarray(base_weights, dtype=float).copy()
    warnings: list[Notice] = []
    notes: list[Notice] = []
    names, codes, targets, target_dicts = [], [], [], {}
    for var, shares in margins.items():
        if var not in data.columns:
            raise KeyError(f"margin variable {var!r} is not a respondents column")
        cats = [str(c) for c in shares]
        t = np.array([float(shares[c]) for c in shares], dtype=float)
        k = _factorise(data[var], cats)
        present = np.bincount(k[k >= 0], minlength=len(cats)) > 0
        if (~present & (t > 0)).any():
            absent = [c for c, p, tt in zip(cats, present, t, strict=True) if not p and tt > 0]
            warnings.append(
                Notice(
                    "weighting_category_absent",
                    f"{var}: no respondents in {absent}: remaining targets renormalised",
                    var,
                    len(absent),
                    tuple(absent),
                )
            )
            t = np.where(present, t, 0.0)
        unknown = data[var].notna().to_numpy() & (k < 0)
        if unknown.any():
            other = sorted({str(v) for v in data.loc[unknown, var]})
            warnings.append(
                Notice(
                    "weighting_category_without_target",
                    f"{var}: categories without a target {other} ({int(unknown.sum())} "
                    "respondents): not adjusted for this margin",
                    var,
                    int(unknown.sum()),
                    tuple(other),
                )
            )
        n_missing = int(data[var].isna().sum())
        if n_missing:
            notes.append(
                Notice(
                    "weighting_value_missing",
                    f"{var}: {n_missing} respondents without a value: not adjusted for this margin",
                    var,
                    n_missing,
                )
            )
        if t.sum() <= 0:
            warnings.append(
                Notice(
                    "weighting_margin_skipped",
                    f"{var}: no respondent in any target category: margin skipped",
                    var,
                )
            )
            continue
        t = t / t.sum()
        names.append(var)
        codes.append(k)
        targets.append(t)
        target_dicts[var] = {c: round(float(v), 6) for c, v in zip(cats, t, strict=True)}

    if n == 0:
        return RakingResult(
            np.ones(0),
            True,
            0,
            0,
            float("nan"),
            0.0,
            target_dicts,
            {},
            0.0,
            tuple(trim) if trim else None,
            0,
            warnings,
            notes,
        )

    w, converged, iterations = _rake_core(w0.copy(), codes, targets, max_iter, tol)
    if not converged or not np.all(np.isfinite(w) & (w > 0)):
        zero = int(np.sum(~(np.isfinite(w) & (w > 0))))
        raise RakingInfeasible(
            f"the {n} respondents cannot reproduce the margins with positive weights (largest "
            f"share difference {_max_diff(w, codes, targets):.4f} after {iterations} raking "
            "sweeps" + (f"; {zero} weight(s) went to 0" if zero else "") + ")"
        )
    trim_rounds, n_at_bounds = 0, 0
    if trim is not None:
        lo_f, hi_f = trim
        for trim_rounds in range(1, max_trim_rounds + 1):
            m = w.mean()
            lo, hi = lo_f * m, hi_f * m
            if np.all((w >= lo * (1 - 1e-9)) & (w <= hi * (1 + 1e-9))):
                trim_rounds -= 1
                break
            w = np.clip(w, lo, hi)
            w, converged, it = _rake_core(w, codes, targets, max_iter, tol)
            iterations += it
            if not converged:  # trimmed weights from which the margins cannot be reached
                break
        m = w.mean()
        if not converged or np.any((w < lo_f * m * (1 - 1e-9)) | (w > hi_f * m * (1 + 1e-9))):
            # bounds and margins cannot both hold: capped raking (clip after every sweep) to a
            # compromise that keeps the bounds and gets the margins as close as it can
            w = _capped_rake(w, codes, targets, lo_f, hi_f, max_iter)
            converged = _max_diff(w, codes, targets) < tol
            warnings.append(
                Notice(
                    "weighting_margins_approximate",
                    f"trimming to [{lo_f}, {hi_f}] x mean and the margins cannot both hold: "
                    f"weights trimmed, margins approximate (largest share difference "
                    f"{_max_diff(w, codes, targets):.4f})",
                )
            )
        m = w.mean()
        n_at_bounds = int(np.sum(np.isclose(w, lo_f * m) | np.isclose(w, hi_f * m)))
    w = w / w.mean()
    achieved = {
        var: {c: float(s) for c, s in zip(target_dicts[var], _shares(w, k, t.size), strict=True)}
        for var, k, t in zip(names, codes, targets, strict=True)
    }
    return RakingResult(
        weights=w,
        converged=bool(converged),
        iterations=int(iterations),
        trim_rounds=int(trim_rounds),
        deff=kish_deff(w),
        n_eff=w.size / kish_deff(w),
        targets=target_dicts,
        achieved=achieved,
        max_abs_diff=_max_diff(w, codes, targets),
        bounds=tuple(trim) if trim else None,
        n_at_bounds=n_at_bounds,
        warnings=warnings,
        notes=notes,
    )


def _unweighted(n: int, code: str, reason: str, warn: bool) -> dict:
    """Log summary of a target group left unweighted (weight 1)."""
    return {
        "method": "unweighted",
        "n": n,
        "deff": 1.0 if n else None,
        "n_eff": float(n),
        "reason_code": code,
        "reason": reason,
        "warnings": [Notice(f"weighting_{code}", f"left unweighted (weight 1): {reason}").as_dict()]
        if warn
        else [],
        "notes": [],
    }


def weight_target_groups(
    respondents: pd.DataFrame,
    margins_by_group: dict[str, dict],
    trim: tuple[float, float] | None = (0.3, 3.0),
    max_iter: int = 1000,
    tol: float = 1e-8,
    target_groups=(),
) -> tuple[np.ndarray, dict]:
    """Weights for every respondent, raked per target group; 1 where a group cannot be weighted.

    Parameters
    ----------
    respondents : DataFrame
        With ``target_group`` and the margin variables.
    margins_by_group : dict
        ``{target_group: {variable: {category: share}}}`` (from ``wave.yml``).
    trim, max_iter, tol
        As in :func:`rake`.
    target_groups : iterable of str, optional
        Groups to summarise even when no respondent belongs to them (the wave's files).

    Returns
    -------
    (ndarray, dict)
        The weights aligned with ``respondents`` (mean 1 within each target group) and a
        summary per target group for the cleaning log (:meth:`RakingResult.summary`, or for
        ``method`` ``"unweighted"`` a ``reason_code`` and ``reason``).

    Notes
    -----
    A group is left unweighted (weight 1, ``deff`` 1) when ``wave.yml`` gives it no margins
    (``reason_code`` ``no_margins``), when no respondent of it was kept (``no_respondents``), or
    when it is too small to weight: its respondents cannot reproduce the margins with positive
    weights (``too_small``, :class:`RakingInfeasible`; a warning in the summary).

    Examples
    --------
    >>> df = pd.DataFrame({"target_group": ["a", "a", "b"], "x": ["p", "q", "p"]})
    >>> w, s = weight_target_groups(df, {"a": {"x": {"p": 0.25, "q": 0.75}}}, trim=None)
    >>> w.tolist(), s["b"]["method"], s["b"]["reason_code"]
    ([0.5, 1.5, 1.0], 'unweighted', 'no_margins')
    >>> df = pd.DataFrame({"target_group": ["a", "a"], "x": ["p", "q"], "y": ["s", "t"]})
    >>> m = {"a": {"x": {"p": 0.5, "q": 0.5}, "y": {"s": 0.9, "t": 0.1}}}
    >>> w, s = weight_target_groups(df, m)
    >>> w.tolist(), s["a"]["reason_code"]
    ([1.0, 1.0], 'too_small')
    """
    weights = np.ones(len(respondents))
    summary = {}
    groups = respondents["target_group"].to_numpy(dtype=object)
    for tg in pd.unique(groups):
        mask = groups == tg
        n = int(mask.sum())
        margins = margins_by_group.get(tg) or {}
        if not margins:
            summary[tg] = _unweighted(n, "no_margins", "no population margins in wave.yml", False)
            continue
        try:
            res = rake(
                respondents.loc[mask].reset_index(drop=True),
                margins,
                trim=trim,
                max_iter=max_iter,
                tol=tol,
            )
        except RakingInfeasible as exc:
            summary[tg] = _unweighted(n, "too_small", f"too few respondents to weight: {exc}", True)
            continue
        weights[mask] = res.weights
        summary[tg] = res.summary()
    for tg in target_groups:
        if tg not in summary:
            summary[tg] = _unweighted(0, "no_respondents", "no respondents kept", False)
    return weights, summary
