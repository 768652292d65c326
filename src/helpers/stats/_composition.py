"""Weighted composition of a wave: shares of background categories and of "don't know" answers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.errors import InputError


def composition(
    respondents: pd.DataFrame,
    column: str,
    categories: Sequence,
    *,
    weight_col: str = "weight",
) -> pd.DataFrame:
    """Unweighted count and weighted share of each category of one background variable.

    Parameters
    ----------
    respondents : pandas.DataFrame
        One row per respondent with ``column`` and ``weight_col``.
    column : str
        The background variable.
    categories : sequence
        The categories to report, in this order.
    weight_col : str
        The weight column.

    Returns
    -------
    pandas.DataFrame
        ``category``, ``n`` (unweighted) and ``pct`` (100 times the category's weight over the
        weight of *all* respondents, so a missing or unlisted category keeps its share out of
        the listed ones; NaN when the weights sum to 0).

    Examples
    --------
    >>> resp = pd.DataFrame({"modus": ["web", "web", "papier", None],
    ...                      "weight": [1.0, 1.0, 2.0, 1.0]})
    >>> composition(resp, "modus", ["papier", "web"]).to_dict("list")
    {'category': ['papier', 'web'], 'n': [1, 2], 'pct': [40.0, 40.0]}
    """
    for col in (column, weight_col):
        if col not in respondents.columns:
            raise InputError(f"composition: missing column {col!r}")
    w = respondents[weight_col].to_numpy(float)
    values = respondents[column].astype(object).where(respondents[column].notna(), None)
    values = values.to_numpy()
    total = w.sum()
    hits = [values == cat for cat in categories]
    return pd.DataFrame(
        {
            "category": list(categories),
            "n": [int(h.sum()) for h in hits],
            "pct": [100 * float(w[h].sum() / total) if total > 0 else np.nan for h in hits],
        },
        columns=["category", "n", "pct"],
    )


def dont_know_shares(
    respondents: pd.DataFrame, names: Sequence[str], *, weight_col: str = "weight"
) -> pd.DataFrame:
    """Weighted % "don't know" per question among those who answered it (don't know included).

    Parameters
    ----------
    respondents : pandas.DataFrame
        One row per respondent; question ``name`` has its answer in ``name`` and its "don't
        know" flag in ``name_dont_know`` (either may be absent).
    names : sequence of str
        The questions.
    weight_col : str
        The weight column.

    Returns
    -------
    pandas.DataFrame
        ``item`` and ``pct_dont_know`` (``100 sum(w | don't know) / sum(w | answered)``; NaN
        when nobody answered).

    Examples
    --------
    >>> resp = pd.DataFrame({"q": [1.0, None, None], "q_dont_know": [False, True, False],
    ...                      "weight": [1.0, 3.0, 5.0]})
    >>> dont_know_shares(resp, ["q"]).to_dict("list")  # 3 / (1 + 3)
    {'item': ['q'], 'pct_dont_know': [75.0]}
    """
    w = respondents[weight_col].to_numpy(float)
    none = np.zeros(len(respondents), bool)
    rows = []
    for name in names:
        dk_col = f"{name}_dont_know"
        dk = respondents[dk_col].to_numpy(bool) if dk_col in respondents.columns else none
        answered = respondents[name].notna().to_numpy() | dk if name in respondents else dk
        base = w[answered].sum()
        pct = 100 * w[dk & answered].sum() / base if base > 0 else np.nan
        rows.append({"item": name, "pct_dont_know": pct})
    return pd.DataFrame(rows, columns=["item", "pct_dont_know"])
