"""The disclosure plan across waves: pooled windows and wave-on-wave changes of a trends table.

A wave's mean that is not shown (a base below the threshold, or hidden for attribute disclosure)
must not come back from the tables around it: a pooled window's mean and base minus the shown
waves of the window give the hidden wave's (``n_w = n_pool - sum n_shown``,
``mean_w = (n_pool mean_pool - sum n mean) / n_w``), and a change "wave minus previous wave" plus
the shown wave gives the hidden one. :func:`trends_plan` reads the wave-level table once and
decides, per category (target group and organisation), which waves are hidden; the plan then hides
in every table of the trends report

* the wave's own row,
* every pooled window that contains a hidden wave (a category hidden in any wave of a window is
  hidden in the whole window), and
* every change that has a hidden wave on either side.

That is the single-cell rule of Hundepool et al. (2012, section 4.2) applied to the sums over
waves: a pooled cell is a margin of its waves, so it may not be shown next to all but one of them.

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.errors import InputError


@dataclass(frozen=True)
class TrendsPlan:
    """Hidden waves per category of a trends table (see :func:`trends_plan`).

    Attributes
    ----------
    threshold : int
    key_cols : tuple of str
        Columns naming a category (e.g. ``("target_group", "organisation")``).
    hidden : dict
        ``{key tuple: sorted list of hidden waves}``.
    """

    threshold: int
    key_cols: tuple[str, ...]
    hidden: dict = field(default_factory=dict)

    def suppressed_rows(self, table: pd.DataFrame, target_group: str | None = None) -> np.ndarray:
        """Rows of a trends table that show or give back a hidden wave.

        A row with ``first_wave`` and ``last_wave`` is a pooled window (hidden when a hidden
        wave of its category lies in it); a row with ``wave_prev`` and ``wave`` a change (hidden
        when either wave is hidden); a row with ``wave`` only a wave (hidden when hidden).
        """
        missing = [c for c in self.key_cols if c not in table.columns]
        if missing or not len(table):
            return np.zeros(len(table), dtype=bool)
        keys = list(zip(*(table[c].astype(str) for c in self.key_cols), strict=True))
        out = np.zeros(len(table), dtype=bool)
        for i, key in enumerate(keys):
            waves = self.hidden.get(key)
            if not waves:
                continue
            row = table.iloc[i]
            if "first_wave" in table.columns and "last_wave" in table.columns:
                out[i] = any(str(row["first_wave"]) <= w <= str(row["last_wave"]) for w in waves)
            elif "wave_prev" in table.columns and "wave" in table.columns:
                out[i] = str(row["wave_prev"]) in waves or str(row["wave"]) in waves
            elif "wave" in table.columns:
                out[i] = str(row["wave"]) in waves
        return out


def trends_plan(
    waves: pd.DataFrame,
    *,
    key_cols: Sequence[str] = ("target_group", "organisation"),
    wave_col: str = "wave",
    base_col: str = "n",
    threshold: int | None = None,
    attribute_below: int | None = None,
) -> TrendsPlan:
    """The plan across the waves of a trends table, from its wave-level table.

    Parameters
    ----------
    waves : pandas.DataFrame
        One row per category and wave with its base, e.g. the trends report's means table
        (``target_group``, ``organisation``, ``wave``, ``n``, ``n_eff``, ``mean``, ...).
    key_cols, wave_col, base_col : str
        The category columns, the wave and the base.
    threshold, attribute_below : int, optional
        As in :func:`helpers.privacy.protect_table` (defaults 10 and 30): a wave is hidden when
        ``protect_table`` suppresses it or hides its values for attribute disclosure.

    Returns
    -------
    TrendsPlan
        Pass it as ``plan=`` to ``protect_table`` for the wave, pooled and change tables.

    Examples
    --------
    >>> means = pd.DataFrame({"organisation": "IND", "wave": ["2017-Q2", "2017-Q3", "2017-Q4"],
    ...                       "n": [40, 6, 45], "mean": [3.4, 3.1, 3.6]})
    >>> plan = trends_plan(means, key_cols=["organisation"])
    >>> plan.hidden
    {('IND',): ['2017-Q3']}
    >>> pooled = pd.DataFrame({"organisation": "IND", "first_wave": ["2017-Q2", "2017-Q3"],
    ...                        "last_wave": ["2017-Q2", "2017-Q4"], "n": [40, 51]})
    >>> plan.suppressed_rows(pooled).tolist()  # the window 2017-Q3..Q4 would give Q3 back
    [False, True]
    """
    from helpers.privacy._disclosure import (
        DEFAULT_ATTRIBUTE_BELOW,
        DEFAULT_THRESHOLD,
        protect_table,
    )

    key_cols = tuple(key_cols)
    missing = [c for c in (*key_cols, wave_col, base_col) if c not in waves.columns]
    if missing:
        raise InputError(f"trends table lacks column(s) {missing}")
    threshold = DEFAULT_THRESHOLD if threshold is None else int(threshold)
    attribute_below = DEFAULT_ATTRIBUTE_BELOW if attribute_below is None else attribute_below
    protected = protect_table(
        waves,
        base_col=base_col,
        secondary=False,
        threshold=threshold,
        indicative_below=max(threshold, attribute_below),
        attribute_below=attribute_below,
    ).table
    hide = protected["suppressed"].to_numpy(bool) | protected["masked"].to_numpy(bool)
    hidden: dict[tuple, list[str]] = {}
    for row in protected.loc[hide].to_dict("records"):
        key = tuple(str(row[c]) for c in key_cols)
        hidden.setdefault(key, []).append(str(row[wave_col]))
    hidden = {k: sorted(set(v)) for k, v in sorted(hidden.items())}
    return TrendsPlan(threshold=threshold, key_cols=key_cols, hidden=hidden)
