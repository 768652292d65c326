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


def test_breakdown_groups_meet_the_same_experienced_cell_in_one_holm_family():
    # partners about the chain: all, inside, outside, each against the asylum seekers' one share
    expected = pd.DataFrame(
        {
            "kind": "positief",
            "organisation": ["COA", "keten", "keten", "keten"],
            "item": "totaaloordeel",
            "positie": [np.nan, np.nan, "binnen", "buiten"],
            "pct": [60.0, 17.0, 20.0, 14.0],
            "se": [6.0, 2.2, 3.4, 2.8],
            "df": [38, 289, 134, 154],
        }
    )
    experienced = pd.DataFrame(
        {
            "kind": "positief",
            "organisation": ["COA", "keten"],
            "item": "totaaloordeel",
            "pct": [78.0, 57.0],
            "se": [3.0, 3.6],
            "df": [24, 24],
        }
    )
    g = expectation_gaps(expected, experienced, breakdown="positie")
    assert g["organisation"].tolist() == ["COA", "keten", "keten", "keten"]
    assert g["positie"].isna().tolist() == [True, True, False, False]
    assert g["positie"].tolist()[2:] == ["binnen", "buiten"]
    np.testing.assert_allclose(g["gap"], [-18.0, -40.0, -37.0, -43.0])
    # by hand: each group against the same experienced cell (independent samples) ...
    p = [
        _p(-18, 6.0, 3.0, 38 + 24),
        _p(-40, 2.2, 3.6, 289 + 24),
        _p(-37, 3.4, 3.6, 134 + 24),
        _p(-43, 2.8, 3.6, 154 + 24),
    ]
    np.testing.assert_allclose(g["p_value"], p)
    # ... and Holm over every tested row of the call (statsmodels' implementation)
    np.testing.assert_allclose(g["p_holm"], multipletests(p, method="holm")[1])
    with pytest.raises(InputError, match="breakdown"):
        expectation_gaps(expected, experienced.assign(positie="binnen"), breakdown="positie")
    with pytest.raises(InputError, match="breakdown"):
        expectation_gaps(expected, experienced, breakdown="werkgever")
