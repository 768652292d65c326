"""The indicative mark of the descriptives: the smaller of the base and the design effective n."""

from __future__ import annotations

import pandas as pd

from helpers.report._descriptives_base import _protect
from helpers.report.descriptives import prepare


def test_indicative_looks_at_the_smaller_of_n_and_n_eff():
    resp = pd.DataFrame(
        {"respondent_id": [f"r{i}" for i in range(40)], "target_group": "asielzoekers",
         "weight": 1.0}
    )  # fmt: skip
    ratings = pd.DataFrame(
        columns=["respondent_id", "target_group", "organisation", "item", "value", "dont_know"]
    )
    data = prepare(resp, ratings, "asielzoekers", threshold=10, indicative_below=30)
    table = pd.DataFrame(
        {
            "organisation": ["IND", "COA", "DTV", "keten"],
            "n": [20, 50, 50, 12],
            # a design effect below 1 (n_eff > n) must not make the group of 20 firm
            "n_eff": [35.0, 25.0, 40.0, float("nan")],
            "mean": [3.0, 3.5, 4.0, 3.2],
        }
    )
    t = _protect(data, table, value_cols=["mean"], secondary=False).table
    assert t["indicative"].tolist() == [True, True, False, True]
    assert t["marker"].tolist() == ["*", "*", "", "*"]
