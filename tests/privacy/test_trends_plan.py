"""The disclosure plan across waves (helpers.privacy._trends_plan).

The attack: a pooled window's base and mean minus the shown waves of the window give a hidden
wave back (n_w = n_pool - sum n, mean_w = (n_pool m_pool - sum n m) / n_w). Expected rows are
worked out by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.privacy import protect_table, trends_plan

WAVES = ["2017-Q2", "2017-Q3", "2017-Q4", "2018-Q1"]


@pytest.fixture
def tables():
    means = pd.DataFrame(
        {
            "target_group": "asielzoekers",
            "organisation": ["IND"] * 4 + ["COA"] * 4,
            "wave": WAVES * 2,
            "n": [40, 6, 45, 50, 60, 60, 20, 60],
            "n_eff": [35.0, 5.0, 40.0, 45.0, 55.0, 55.0, 18.0, 55.0],
            "mean": [3.4, 3.1, 3.6, 3.5, 3.0, 3.2, 5.0, 3.3],
            "ci_low": [3.1, 2.0, 3.3, 3.2, 2.7, 2.9, 5.0, 3.0],
            "ci_high": [3.7, 4.2, 3.9, 3.8, 3.3, 3.5, 5.0, 3.6],
        }
    )
    rolling = pd.DataFrame(
        {
            "target_group": "asielzoekers",
            "organisation": ["IND"] * 3 + ["COA"] * 3,
            "first_wave": ["2017-Q2", "2017-Q3", "2017-Q4"] * 2,
            "last_wave": ["2017-Q3", "2017-Q4", "2018-Q1"] * 2,
            "n": [46, 51, 95, 120, 80, 80],
            "mean": [3.36, 3.56, 3.55, 3.1, 3.65, 3.73],
        }
    )
    changes = pd.DataFrame(
        {
            "target_group": "asielzoekers",
            "organisation": ["IND"] * 3 + ["COA"] * 3,
            "wave_prev": WAVES[:3] * 2,
            "wave": WAVES[1:] * 2,
            "n_min": [6, 6, 45, 60, 20, 20],
            "mean_prev": [3.4, 3.1, 3.6, 3.0, 3.2, 5.0],
            "mean": [3.1, 3.6, 3.5, 3.2, 5.0, 3.3],
        }
    )
    return means, rolling, changes


def test_hidden_waves_are_the_small_and_the_attribute_disclosing_ones(tables):
    means, _, _ = tables
    plan = trends_plan(means)
    # IND 2017-Q3: 6 raters; COA 2017-Q4: everyone (effective n 18) said 5
    assert plan.hidden == {
        ("asielzoekers", "COA"): ["2017-Q4"],
        ("asielzoekers", "IND"): ["2017-Q3"],
    }


def test_no_window_or_change_gives_a_hidden_wave_back(tables):
    means, rolling, changes = tables
    plan = trends_plan(means)
    r = protect_table(rolling, secondary=False, plan=plan).table
    # IND windows Q2-Q3 and Q3-Q4 hold Q3; COA windows Q3-Q4 and Q4-Q1 hold Q4
    assert r["suppressed"].tolist() == [True, True, False, False, True, True]
    c = protect_table(changes, base_col="n_min", secondary=False, plan=plan).table
    assert c["suppressed"].tolist() == [True, True, False, False, True, True]
    # check by subtraction: every shown window holds only shown waves
    m = protect_table(means, secondary=False, plan=plan).table
    shown = {
        (o, w)
        for o, w, s, k in zip(
            m["organisation"], m["wave"], m["suppressed"], m["masked"], strict=True
        )
        if not (s or k)
    }
    for row in r[~r["suppressed"]].to_dict("records"):
        inside = [w for w in WAVES if row["first_wave"] <= w <= row["last_wave"]]
        assert all((row["organisation"], w) in shown for w in inside)


def test_trends_plan_input_errors(tables):
    with pytest.raises(InputError, match="lacks"):
        trends_plan(tables[0].drop(columns="wave"))
