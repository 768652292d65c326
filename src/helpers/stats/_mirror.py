"""The mirror study: what staff expect asylum seekers to say against what they said.

Staff of IND, COA and DT&V estimate the share of asylum seekers that is positive (or negative)
about their organisation, and every chain partner the share positive about the chain as a whole;
the asylum seekers of the same wave give the experienced share. :func:`expectation_gaps` sets the
two side by side, per organisation and item (and, optionally, per group of the expecting side,
such as partners inside and outside the chain), and tests the gap where both sides answered the
same question (the overall judgement): the two samples are independent, so the gap's design
variance is the sum of the two design variances (:func:`helpers.stats.change_test`, t on the
summed design df), Holm-corrected over the tested rows.

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of
Statistics* 6(2), 65-70.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats._survey import change_test, holm


def expectation_gaps(
    expected: pd.DataFrame,
    experienced: pd.DataFrame,
    keys: Sequence[str] = ("kind", "organisation", "item"),
    *,
    tested_items: Sequence[str] = ("totaaloordeel",),
    breakdown: str | None = None,
) -> pd.DataFrame:
    """Expected against experienced shares, with the gap and a test where the question is shared.

    Parameters
    ----------
    expected, experienced : pandas.DataFrame
        One row per ``keys`` cell with ``pct`` (0-100; NaN where the cell may not be used), its
        design ``se`` and ``df`` (as :func:`helpers.stats.summarise_ratings` gives them); other
        columns are carried along with the suffixes ``_exp`` and ``_az``.
    keys : sequence of str
        The columns that identify a cell; one of them must be ``item``.
    tested_items : sequence of str
        Items asked in the same words of both sides; only these are tested.
    breakdown : str, optional
        A column of ``expected`` only (e.g. ``positie``): its groups (and the rows without a
        group, the whole expecting side) are each set against the same experienced cell.

    Returns
    -------
    pandas.DataFrame
        The rows present on both sides (in merge order), the columns of both inputs with the
        suffixes ``_exp`` and ``_az``, then ``both`` (both shares known), ``gap``
        (``pct_exp - pct_az``, percentage points; NaN unless ``both``), ``p_value`` (two-sided
        design-based t-test of the gap; NaN where not tested) and ``p_holm`` (Holm over the
        tested rows).

    Notes
    -----
    The two samples (staff, asylum seekers) are independent:
    ``t = gap / sqrt(se_exp^2 + se_az^2)`` on ``df_exp + df_az`` (:func:`helpers.stats.
    change_test`; the two samples stacked as strata of one design, Lumley 2010 §2.2). With a
    ``breakdown`` each group's gap is such a test of two independent samples; the gaps of one
    cell share the experienced estimate and so depend on each other, which Holm's procedure
    allows (it holds under any dependence, Holm 1979).

    Examples
    --------
    >>> exp = pd.DataFrame({"kind": ["positief"], "organisation": ["COA"],
    ...                     "item": ["totaaloordeel"], "pct": [80.0], "se": [6.0], "df": [49]})
    >>> az = exp.assign(pct=[60.0], se=[8.0], df=[20])
    >>> g = expectation_gaps(exp, az)
    >>> float(g.loc[0, "gap"]), round(float(g.loc[0, "p_holm"]), 4)  # t = 20 / 10 on 69 df
    (20.0, 0.0494)
    >>> by = pd.concat([exp, exp.assign(pct=[70.0], positie=["binnen"])], ignore_index=True)
    >>> expectation_gaps(by, az, breakdown="positie")[["positie", "gap"]].to_dict("list")
    {'positie': [nan, 'binnen'], 'gap': [20.0, 10.0]}
    """
    keys = list(keys)
    if "item" not in keys:
        raise InputError("expectation_gaps: `keys` must include 'item'")
    for name, side in (("expected", expected), ("experienced", experienced)):
        missing = [c for c in [*keys, "pct", "se", "df"] if c not in side.columns]
        if missing:
            raise InputError(f"expectation_gaps: {name} lacks column(s) {missing}")
    if breakdown is not None:
        if breakdown not in expected.columns or breakdown in experienced.columns:
            raise InputError(
                f"expectation_gaps: the breakdown {breakdown!r} must be a column of `expected` only"
            )
        if breakdown in keys:
            raise InputError("expectation_gaps: the breakdown cannot be one of the `keys`")
    merged = expected.merge(experienced, on=keys, how="inner", suffixes=("_exp", "_az"))
    pct_exp = merged["pct_exp"].astype(float).to_numpy()
    pct_az = merged["pct_az"].astype(float).to_numpy()
    both = np.isfinite(pct_exp) & np.isfinite(pct_az)
    merged["both"] = both
    merged["gap"] = np.where(both, pct_exp - pct_az, np.nan)
    tested = merged["item"].isin(list(tested_items)).to_numpy() & both
    p = change_test(
        pct_az,
        merged["se_az"].astype(float),
        merged["df_az"].astype(float),
        pct_exp,
        merged["se_exp"].astype(float),
        merged["df_exp"].astype(float),
    ).p
    merged["p_value"] = np.where(tested, p, np.nan)
    merged["p_holm"] = holm(merged["p_value"])
    return merged
