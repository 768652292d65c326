"""The suppression rules behind :func:`helpers.privacy.protect_table`: complementary suppression
with its audit, and attribute disclosure (see the rules in :mod:`helpers.privacy._disclosure`).

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley. Sections 4.2-4.3
(complementary suppression and its audit) and 5.3 (attribute disclosure).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def secondary_suppression(
    df: pd.DataFrame,
    base: np.ndarray,
    suppressed: np.ndarray,
    partitions: list[list[str]],
    prefer: np.ndarray | None = None,
) -> np.ndarray:
    """Complementary suppression: no set holds exactly one suppressed cell, and no suppressed
    cell can be solved from the set totals (audit)."""
    suppressed = suppressed.copy()
    position = np.arange(len(df))
    sort_base = np.where(np.isnan(base), -np.inf, base)
    if prefer is not None:  # never-shown rows are the cheapest complements
        sort_base = np.where(prefer, -np.inf, sort_base)
    set_ids = []
    for cols in partitions:
        if cols:
            ids = df.groupby(cols, sort=False, dropna=False, observed=True).ngroup().to_numpy()
        else:
            ids = np.zeros(len(df), dtype=int)
        set_ids.append(ids)
    while True:
        single_cell_rule(set_ids, suppressed, sort_base, position)
        exposed = exposed_cells(set_ids, suppressed)
        if exposed.size == 0:
            return suppressed
        # a cell that the totals still pin down (e.g. joined by a "bridge" in a two-way table):
        # suppress the smallest unsuppressed cell sharing a set of size > 1 with it
        cell = exposed[0]
        shares = np.zeros(len(df), dtype=bool)
        for ids in set_ids:
            same = ids == ids[cell]
            if same.sum() > 1:
                shares |= same
        cand = np.flatnonzero(shares & ~suppressed)
        if cand.size == 0:
            return suppressed  # nothing left to suppress in these sets
        pick = cand[np.lexsort((position[cand], sort_base[cand]))[0]]
        suppressed[pick] = True


def single_cell_rule(set_ids, suppressed, sort_base, position) -> None:
    """In place: per set with exactly one suppressed cell, suppress its smallest other cell."""
    while True:
        changed = False
        for ids in set_ids:
            n_supp = np.bincount(ids, weights=suppressed.astype(float))
            size = np.bincount(ids)
            needs = (n_supp == 1) & (size > 1)
            candidates = ~suppressed & needs[ids]
            if not candidates.any():
                continue
            # per set, the unsuppressed cell with the smallest base (ties: first in table order)
            cand = np.flatnonzero(candidates)
            order = np.lexsort((position[cand], sort_base[cand], ids[cand]))
            cand = cand[order]
            first = np.r_[True, ids[cand][1:] != ids[cand][:-1]]
            suppressed[cand[first]] = True
            changed = True
        if not changed:
            return


def exposed_cells(set_ids, suppressed: np.ndarray) -> np.ndarray:
    """Suppressed cells whose value follows from the known set totals (rows of the table).

    The unknowns are the suppressed cells; every set (of more than one cell) gives one linear
    equation "sum of its suppressed cells = total - shown cells". Cell ``i`` is determined iff
    the unit vector ``e_i`` lies in the row space of that system, i.e. iff it has no component
    in the null space (computed by SVD).
    """
    unknown = np.flatnonzero(suppressed)
    if unknown.size == 0:
        return unknown
    rows = []
    for ids in set_ids:
        size = np.bincount(ids)
        for s in np.unique(ids[unknown]):
            if size[s] > 1:
                rows.append(ids[unknown] == s)
    if not rows:
        return unknown[:0]
    a = np.asarray(rows, dtype=float)
    _, sv, vt = np.linalg.svd(a)
    rank = int(np.sum(sv > 1e-9 * max(1.0, sv.max(initial=0.0))))
    null = vt[rank:].T  # columns span the null space
    if null.size == 0:
        return unknown
    determined = np.linalg.norm(null, axis=1) < 1e-9
    return unknown[determined]


def attribute_disclosure(
    df: pd.DataFrame,
    base: np.ndarray,
    value_cols: Sequence[str],
    shown: np.ndarray,
    attribute_below: int,
    scale_ends: tuple[float, float],
) -> tuple[np.ndarray, set[str]]:
    """Rows of shown small groups whose shares or mean tell what every member answered, and the
    value columns to hide in them (rule 4 of the module)."""
    none = np.zeros(len(df), dtype=bool)
    if not attribute_below or not len(df):
        return none, set()
    group = base
    if "n_eff" in df.columns:
        n_eff = pd.to_numeric(df["n_eff"], errors="coerce").to_numpy(dtype=float)
        group = np.where(np.isnan(n_eff), base, n_eff)
    small = shown & (group < attribute_below)
    if not small.any():
        return none, set()

    def numbers(col: str) -> np.ndarray:
        return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)

    share_cols = [c for c in value_cols if c.startswith("pct")]
    flagged = none.copy()
    for col in share_cols:
        v = numbers(col)
        flagged |= (v < 0.5) | (v > 99.5)
    if "nps" in value_cols:
        v = numbers("nps")
        flagged |= np.abs(v) > 99.5
    if "mean" in value_cols:
        v = numbers("mean")
        lo, hi = scale_ends
        flagged |= (v < lo + 0.05) | (v > hi - 0.05)
        if {"ci_low", "ci_high"} <= set(df.columns):
            width = numbers("ci_high") - numbers("ci_low")
            flagged |= width < 1e-9
    masked = small & flagged
    if not masked.any():
        return none, set()
    estimates = {"nps", "mean", "se", "ci_low", "ci_high", *share_cols}
    return masked, {c for c in value_cols if c in estimates}
