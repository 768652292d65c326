"""Quality rules of cleaning: duplicate respondent codes, straightliners, speeders.

Each function is vectorised over respondents and returns masks or labels; cleaning
(:mod:`helpers.data._cleaning_files`, :mod:`helpers.data._cleaning_rows`) decides, with
:class:`helpers.data.CleaningRules`, whether a flagged respondent is excluded or kept, and logs
every case in the quarantine file.

Rules
-----
Duplicate respondent codes (:func:`duplicate_ids`), within a whole wave (all files):

- *exact duplicates* (the same code, the same target group and the same answers in every column):
  one respondent delivered twice. The first copy (in file order, then row order) is kept, flagged
  ``flag_duplicate``; the other copies are quarantined (``duplicate_exact``).
- *conflicting duplicates* (the same code with different answers, or in two target groups): which
  copy is the respondent cannot be told, so every copy is quarantined (``duplicate_id_conflict``).
  A group of copies that are not all identical is conflicting as a whole.

Straightliners (:func:`straightliners`): the same answer on every aspect of an organisation's block
(``block``) or on all aspects of all blocks together (``all``), counting substantive answers only
("weet niet" and no answer are left out), with at least ``min_items`` answers.

Speeders (:func:`speeders`): web respondents whose completion time ``duur_minuten`` lies below
``min_minutes``; a missing time is not a speeder (it cannot be judged).

Examples
--------
>>> import numpy as np
>>> ids = np.array(["a", "b", "a", "c", "c"], dtype=object)
>>> keys = np.array([1, 2, 1, 3, 4])   # content hashes: a is an exact, c a conflicting duplicate
>>> duplicate_ids(ids, keys).tolist()
[None, None, 'duplicate_exact', 'duplicate_id_conflict', 'duplicate_id_conflict']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "duplicate_ids",
    "first_of_exact_duplicates",
    "content_keys",
    "straightliners",
    "speeders",
]


def content_keys(frame: pd.DataFrame, prefix: str = "") -> np.ndarray:
    """A 64-bit hash of each row's content (values as text), for spotting exact duplicates.

    Every cell is hashed at once (``pandas.util.hash_array``), and the cell hashes of a row are
    combined column by column as a polynomial in 64-bit arithmetic. Rows with equal content get
    equal keys; different content collides with a probability of the order of 2^-64.

    >>> f = pd.DataFrame({"a": [1, 1, 1], "b": ["x", "x", None]})
    >>> k = content_keys(f, prefix="asielzoekers")
    >>> bool(k[0] == k[1]), bool(k[0] == k[2])
    (True, False)
    """
    cells = pd.Series(frame.to_numpy(dtype=object).ravel(order="F"), dtype=object)
    text = cells.where(cells.notna(), "\x00NA").astype(str).to_numpy(dtype=object)
    hashes = pd.util.hash_array(text).reshape(frame.shape[1], len(frame))
    keys = np.full(len(frame), pd.util.hash_array(np.array([prefix], dtype=object))[0])
    with np.errstate(over="ignore"):
        for column in hashes:  # a loop over columns, vectorised over respondents
            keys = keys * np.uint64(1099511628211) + column
    return keys


def duplicate_ids(ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Quarantine reason per row for duplicated respondent codes (None: not quarantined).

    Parameters
    ----------
    ids : array of str
        Respondent codes in wave order (file order, then row order); no missing values.
    keys : array
        Content keys (:func:`content_keys`, prefixed with the target group).

    Returns
    -------
    ndarray of object
        ``None``, ``"duplicate_exact"`` (a later identical copy) or ``"duplicate_id_conflict"``
        (every copy of a code whose copies differ).
    """
    ids = np.asarray(ids, dtype=object)
    keys = np.asarray(keys)
    out = np.full(ids.shape, None, dtype=object)
    if ids.size == 0:
        return out
    df = pd.DataFrame({"id": ids, "key": keys})
    n_copies = df.groupby("id", sort=False)["id"].transform("size").to_numpy()
    n_versions = df.groupby("id", sort=False)["key"].transform("nunique").to_numpy()
    dup = n_copies > 1
    conflict = dup & (n_versions > 1)
    later = df.duplicated("id", keep="first").to_numpy()
    out[conflict] = "duplicate_id_conflict"
    out[dup & ~conflict & later] = "duplicate_exact"
    return out


def first_of_exact_duplicates(ids: np.ndarray, reasons: np.ndarray) -> np.ndarray:
    """Mask of the kept first copies of exactly duplicated codes (for ``flag_duplicate``)."""
    ids = pd.Series(np.asarray(ids, dtype=object))
    reasons = pd.Series(np.asarray(reasons, dtype=object))
    exact_ids = ids[reasons == "duplicate_exact"].unique()
    return (ids.isin(exact_ids) & reasons.isna()).to_numpy(dtype=bool)


def straightliners(
    codes: pd.DataFrame, blocks: dict[str, list[str]], min_items: int
) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
    """Respondents giving the same answer on every aspect of a block, or of all blocks together.

    Parameters
    ----------
    codes : DataFrame
        Substantive codes (float; NaN for "weet niet", no answer or not asked), one column per
        aspect variable.
    blocks : dict
        Organisation -> its aspect columns (present in ``codes``).
    min_items : int
        The least number of answers for a straight line to count.

    Returns
    -------
    (all_blocks, any_block, which)
        ``all_blocks``: one answer on all aspects of all blocks (>= ``min_items`` answers);
        ``any_block``: some block straight-lined; ``which``: per respondent the organisations
        whose block is straight-lined.

    Examples
    --------
    >>> c = pd.DataFrame({"a1": [1, 1, 2.], "a2": [1, 1, 2], "b1": [1, 3, np.nan], "b2": [1, 3, 2]})
    >>> a, b, w = straightliners(c, {"A": ["a1", "a2"], "B": ["b1", "b2"]}, min_items=2)
    >>> a.tolist(), b.tolist(), w
    ([True, False, True], [True, True, True], [['A', 'B'], ['A', 'B'], ['A']])
    """
    n = len(codes)
    any_block = np.zeros(n, dtype=bool)
    which: list[list[str]] = [[] for _ in range(n)]
    all_cols = [c for cols in blocks.values() for c in cols if c in codes.columns]
    if not all_cols or n == 0:
        return np.zeros(n, dtype=bool), any_block, which
    for org, cols in blocks.items():
        cols = [c for c in cols if c in codes.columns]
        if not cols:
            continue
        sub = codes[cols].astype(float)
        hit = (sub.notna().sum(axis=1).to_numpy() >= min_items) & (
            sub.min(axis=1).to_numpy() == sub.max(axis=1).to_numpy()
        )
        any_block |= hit
        for i in np.flatnonzero(hit):
            which[i].append(org)
    sub = codes[all_cols].astype(float)
    all_blocks = (sub.notna().sum(axis=1).to_numpy() >= min_items) & (
        sub.min(axis=1).to_numpy() == sub.max(axis=1).to_numpy()
    )
    return all_blocks, any_block, which


def speeders(web: np.ndarray, minutes: np.ndarray, min_minutes: float) -> np.ndarray:
    """Web respondents faster than ``min_minutes`` (a missing time is not a speeder).

    >>> web = np.array([True, True, False, True])
    >>> speeders(web, np.array([2.0, 5.0, 1.0, np.nan]), 3.0).tolist()
    [True, False, False, False]
    """
    minutes = np.asarray(minutes, dtype=float)
    return np.asarray(web, dtype=bool) & ~np.isnan(minutes) & (minutes < min_minutes)
