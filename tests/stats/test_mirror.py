"""Tests of helpers.stats._mirror (expected against experienced shares)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from helpers.errors import InputError
from helpers.stats import expectation_gaps


def side(pct, n_eff, items=("totaaloordeel", "snelheid", "totaaloordeel")):
    return pd.DataFrame(
        {
            "kind": "positief",
            "organisation": ["COA", "COA", "IND"],
            "item": list(items),
            "pct": pct,
            "n_eff": n_eff,
        }
    )


def test_gaps_tested_only_for_the_shared_question_and_holm():
    g = expectation_gaps(
        side([80.0, 70.0, 50.0], [50, 50, 40]), side([60.0, 40.0, 45.0], [100] * 3)
    )
    np.testing.assert_allclose(g["gap"], [20.0, 30.0, 5.0])
    # statsmodels proportions_ztest on counts p * n_eff; Holm over the two overall judgements
    p_coa = proportions_ztest([40, 60], [50, 100])[1]
    p_ind = proportions_ztest([20, 45], [40, 100])[1]
    assert np.isnan(g.loc[1, "p_value"])  # 'snelheid' is a different question for staff
    np.testing.assert_allclose(g.loc[[0, 2], "p_value"], [p_coa, p_ind])
    np.testing.assert_allclose(
        g.loc[[0, 2], "p_holm"], multipletests([p_coa, p_ind], method="holm")[1]
    )


def test_unknown_share_gives_no_gap_and_no_test():
    g = expectation_gaps(
        side([80.0, np.nan, 50.0], [50] * 3), side([np.nan, 40.0, 45.0], [100] * 3)
    )
    assert g["both"].tolist() == [False, False, True]
    assert np.isnan(g.loc[0, "gap"]) and np.isnan(g.loc[0, "p_value"])
    # one tested row: Holm leaves its p-value as it is
    assert g.loc[2, "p_holm"] == pytest.approx(proportions_ztest([25, 45], [50, 100])[1])


def test_rows_on_one_side_only_are_left_out_and_bad_input():
    g = expectation_gaps(
        side([80.0, 70.0, 50.0], [50] * 3), side([60.0, 40.0, 45.0], [100] * 3)[:1]
    )
    assert len(g) == 1
    with pytest.raises(InputError, match="n_eff"):
        expectation_gaps(side([1.0] * 3, [1] * 3).drop(columns="n_eff"), side([1.0] * 3, [1] * 3))
