"""Attribute disclosure in protect_table (helpers.privacy._suppression.attribute_disclosure).

A shown group below 30 (Kish effective n when the table has it) must not show 0 % / 100 %, an NPS
of ±100 or a mean at a scale end: expected masks are written out by hand per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.privacy import MASKED_MARK, format_table, protect_table


def test_shares_of_0_or_100_percent_are_hidden_in_small_groups_only():
    t = pd.DataFrame(
        {
            "group": ["a", "b", "c", "d", "e"],
            "n": [12, 16, 40, 20, 25],
            "pct": [100.0, 0.0, 100.0, 50.0, 99.7],  # 99.7 shows as "100"
            "ci_low": [75.0, 0.0, 91.0, 30.0, 80.0],
            "ci_high": [100.0, 20.0, 100.0, 70.0, 100.0],
        }
    )
    p = protect_table(t, secondary=False)
    assert p.table["masked"].tolist() == [True, True, False, False, True]
    assert p.n_masked == 3
    # the interval would give the share back: hidden with it; the base stays
    assert p.table.loc[0, ["pct", "ci_low", "ci_high"]].isna().all()
    assert p.table["n"].tolist() == [12, 16, 40, 20, 25]
    shown = format_table(p)
    assert shown["pct"].tolist()[:3] == [MASKED_MARK, MASKED_MARK, "100"]
    assert any("0 % of 100 %" in f for f in p.footnotes)


def test_effective_n_decides_when_the_table_has_it():
    t = pd.DataFrame({"n": [40, 40], "n_eff": [25.0, 35.0], "pct": [100.0, 100.0]})
    assert protect_table(t, secondary=False).table["masked"].tolist() == [True, False]
    # attribute_below=0 switches the rule off
    assert not protect_table(t, secondary=False, attribute_below=0).table["masked"].any()


def test_a_distribution_row_with_an_empty_category_hides_all_its_shares():
    t = pd.DataFrame(
        {"org": ["IND", "COA"], "n": [14, 200], "pct_1": [0.0, 5.0], "pct_2": [50.0, 95.0]}
    )
    p = protect_table(t, secondary=False)
    assert p.table["masked"].tolist() == [True, False]
    assert p.table.loc[0, ["pct_1", "pct_2"]].isna().all()  # 100 - 50 would give 0 % back


def test_means_at_a_scale_end_or_without_spread_and_nps_of_100():
    t = pd.DataFrame(
        {
            "n": [15, 15, 15, 15, 80],
            "mean": [5.0, 1.0, 3.0, 3.4, 5.0],
            "ci_low": [5.0, 1.0, 3.0, 2.9, 5.0],
            "ci_high": [5.0, 1.0, 3.0, 3.9, 5.0],
        }
    )
    p = protect_table(t, secondary=False)
    # 5.0 and 1.0 are the scale's ends, 3.0 with an interval of width 0: everyone said 3
    assert p.table["masked"].tolist() == [True, True, True, False, False]
    nps = pd.DataFrame({"n": [20, 20], "nps": [100.0, 40.0], "pct_promoters": [100.0, 60.0]})
    assert protect_table(nps, secondary=False).table["masked"].tolist() == [True, False]
    ten = pd.DataFrame({"n": [20], "mean": [10.0]})
    assert protect_table(ten, secondary=False, scale_ends=(0, 10)).table["masked"].all()


def test_suppressed_rows_are_not_counted_as_masked():
    t = pd.DataFrame({"n": [5, 20], "pct": [100.0, 100.0]})
    p = protect_table(t, secondary=False)
    assert p.table["suppressed"].tolist() == [True, False]
    assert p.table["masked"].tolist() == [False, True]
    assert np.isnan(p.table["pct"]).all()
