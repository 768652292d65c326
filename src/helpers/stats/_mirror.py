"""The mirror study: what staff expect asylum seekers to say against what they said.

Staff of IND, COA and DT&V estimate the share of asylum seekers that is positive (or negative)
about their organisation; the asylum seekers of the same wave give the experienced share.
:func:`expectation_gaps` sets the two side by side, per organisation and item, and tests the
gap where both sides answered the same question (the overall judgement) with the pooled
two-proportion z-test on Kish effective sizes, Holm-corrected over the tested rows.

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of
Statistics* 6(2), 65-70.
Kish, L. (1965). *Survey Sampling*. Wiley.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats._compare import holm, two_proportion_ztest


def expectation_gaps(
    expected: pd.DataFrame,
    experienced: pd.DataFrame,
    keys: Sequence[str] = ("kind", "organisation", "item"),
    *,
    tested_items: Sequence[str] = ("totaaloordeel",),
) -> pd.DataFrame:
    """Expected against experienced shares, with the gap and a test where the question is shared.

    Parameters
    ----------
    expected, experienced : pandas.DataFrame
        One row per ``keys`` cell with ``pct`` (0-100; NaN where the cell may not be used) and
        ``n_eff`` (Kish effective size); other columns are carried along with the suffixes
        ``_exp`` and ``_az``.
    keys : sequence of str
        The columns that identify a cell; one of them must be ``item``.
    tested_items : sequence of str
        Items asked in the same words of both sides; only these are tested.

    Returns
    -------
    pandas.DataFrame
        The rows present on both sides (in merge order), the columns of both inputs with the
        suffixes ``_exp`` and ``_az``, then ``both`` (both shares known), ``gap``
        (``pct_exp - pct_az``, percentage points; NaN unless ``both``), ``p_value`` (two-sided,
        pooled two-proportion z-test on ``n_eff``; NaN where not tested) and ``p_holm`` (Holm
        over the tested rows).

    Notes
    -----
    The two samples (staff, asylum seekers) are independent; the z-test is
    :func:`helpers.stats._compare.two_proportion_ztest` with the Kish effective sizes.

    Examples
    --------
    >>> exp = pd.DataFrame({"kind": ["positief"], "organisation": ["COA"],
    ...                     "item": ["totaaloordeel"], "pct": [80.0], "n_eff": [50.0]})
    >>> az = exp.assign(pct=[60.0], n_eff=[100.0])
    >>> g = expectation_gaps(exp, az)
    >>> float(g.loc[0, "gap"]), round(float(g.loc[0, "p_holm"]), 4)  # statsmodels:
    (20.0, 0.0143)

    (``proportions_ztest([40, 60], [50, 100])`` gives z = 2.449, p = 0.0143.)
    """
    keys = list(keys)
    if "item" not in keys:
        raise InputError("expectation_gaps: `keys` must include 'item'")
    for name, side in (("expected", expected), ("experienced", experienced)):
        missing = [c for c in [*keys, "pct", "n_eff"] if c not in side.columns]
        if missing:
            raise InputError(f"expectation_gaps: {name} lacks column(s) {missing}")
    merged = expected.merge(experienced, on=keys, how="inner", suffixes=("_exp", "_az"))
    pct_exp = merged["pct_exp"].astype(float).to_numpy()
    pct_az = merged["pct_az"].astype(float).to_numpy()
    both = np.isfinite(pct_exp) & np.isfinite(pct_az)
    merged["both"] = both
    merged["gap"] = np.where(both, pct_exp - pct_az, np.nan)
    tested = merged["item"].isin(list(tested_items)).to_numpy() & both
    _, p = two_proportion_ztest(
        pct_exp / 100, merged["n_eff_exp"].astype(float), pct_az / 100, merged["n_eff_az"]
    )
    merged["p_value"] = np.where(tested, p, np.nan)
    merged["p_holm"] = holm(merged["p_value"])
    return merged
