"""Data for the impact analysis: one row per respondent from the processed tables, and example data.

:func:`wide_ratings` turns the long ``ratings`` table into the respondent-by-aspect table that
:func:`helpers.stats._importance.relative_importance` reads; :func:`synthetic_data` makes
survey-like example data for doctests, tests and the benchmark.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.errors import InputError

#: Items of the ratings table that are outcomes, never aspects.
OUTCOME_ITEMS: tuple[str, ...] = ("totaaloordeel", "nps")


def wide_ratings(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    target_group: str,
    organisation: str,
    items: Sequence[str] | None = None,
    cluster: str | None = None,
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
    cluster : str, optional
        A column of ``respondents`` to add after ``weight``: the cluster of the design (``azc``).

    Returns
    -------
    pandas.DataFrame
        Index ``respondent_id``; columns ``totaaloordeel``, the items, ``weight`` (and
        ``cluster``). Respondents of this target group who rated the organisation on at least one
        item.

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
    add_weights(wide, respondents, cluster)
    wide.index.name = "respondent_id"
    return wide


def add_weights(wide: pd.DataFrame, respondents: pd.DataFrame, cluster: str | None = None) -> None:
    """Add the column ``weight`` (and the column ``cluster``, e.g. ``azc``) to ``wide`` (indexed
    by ``respondent_id``) from the respondents table; a respondent that table does not know, or a
    cluster column it lacks, is an error."""
    if cluster is not None and cluster not in respondents.columns:
        raise InputError(f"respondents table has no cluster column {cluster!r}")
    known = respondents.drop_duplicates("respondent_id").set_index("respondent_id")
    unknown = wide.index.difference(known.index)
    if len(unknown):
        raise InputError(
            f"{len(unknown)} respondent(s) in ratings but not in respondents, e.g. {unknown[0]!r}"
        )
    wide["weight"] = known.loc[wide.index, "weight"].astype(float).to_numpy()
    if cluster is not None:
        wide[cluster] = known.loc[wide.index, cluster].to_numpy(dtype=object)


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
