"""Tests of helpers.stats._mirror (expected against experienced shares)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from helpers.errors import InputError
from helpers.stats import expectation_gaps


def side(pct, se, df, items=("totaaloordeel", "snelheid", "totaaloordeel")):
    return pd.DataFrame(
        {
            "kind": "positief",
            "organisation": ["COA", "COA", "IND"],
            "item": list(items),
            "pct": pct,
            "se": se,
            "df": df,
        }
    )


def _p(gap, se_a, se_b, df):
    # by hand: t = gap / sqrt(se_a^2 + se_b^2) on the summed design df (scipy t)
    return 2 * stats.t.sf(abs(gap) / np.hypot(se_a, se_b), df)


def test_gaps_tested_only_for_the_shared_question_and_holm():
    g = expectation_gaps(
        side([80.0, 70.0, 50.0], [6.0, 6.0, 8.0], [49, 49, 39]),
        side([60.0, 40.0, 45.0], [8.0, 8.0, 7.0], [20, 20, 20]),
    )
    np.testing.assert_allclose(g["gap"], [20.0, 30.0, 5.0])
    p_coa, p_ind = _p(20, 6, 8, 69), _p(5, 8, 7, 59)
    assert np.isnan(g.loc[1, "p_value"])  # 'snelheid' is a different question for staff
    np.testing.assert_allclose(g.loc[[0, 2], "p_value"], [p_coa, p_ind])
    np.testing.assert_allclose(
        g.loc[[0, 2], "p_holm"], multipletests([p_coa, p_ind], method="holm")[1]
    )


def test_unknown_share_gives_no_gap_and_no_test():
    g = expectation_gaps(
        side([80.0, np.nan, 50.0], [5.0] * 3, [30] * 3),
        side([np.nan, 40.0, 45.0], [5.0] * 3, [20] * 3),
    )
    assert g["both"].tolist() == [False, False, True]
    assert np.isnan(g.loc[0, "gap"]) and np.isnan(g.loc[0, "p_value"])
    # one tested row: Holm leaves its p-value as it is
    assert g.loc[2, "p_holm"] == pytest.approx(_p(5, 5, 5, 50))


def test_rows_on_one_side_only_are_left_out_and_bad_input():
    g = expectation_gaps(
        side([80.0, 70.0, 50.0], [5.0] * 3, [30] * 3),
        side([60.0, 40.0, 45.0], [5.0] * 3, [20] * 3)[:1],
    )
    assert len(g) == 1
    with pytest.raises(InputError, match="se"):
        expectation_gaps(
            side([1.0] * 3, [1.0] * 3, [1] * 3).drop(columns="se"),
            side([1.0] * 3, [1.0] * 3, [1] * 3),
        )
