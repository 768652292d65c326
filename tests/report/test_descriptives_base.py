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


def test_a_masked_cell_is_tested_but_its_value_never_reaches_a_sentence():
    import numpy as np

    from helpers.report._compare_text import describe_differences
    from helpers.report._descriptives_base import _compare, _summarise

    rng = np.random.default_rng(3)
    n_big, n_small = 60, 12
    resp = pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(n_big + n_small)],
            "target_group": "asielzoekers",
            "weight": 1.0,
            "status": ["afgewezen"] * n_big + ["vergunning_na_beroep"] * n_small,
        }
    )
    values = np.concatenate([rng.choice([1, 2, 3, 4, 5], n_big), np.full(n_small, 5)])
    ratings = pd.DataFrame(
        {
            "respondent_id": resp["respondent_id"],
            "target_group": "asielzoekers",
            "organisation": "COA",
            "item": "totaaloordeel",
            "value": values.astype(float),
            "dont_know": False,
        }
    )
    data = prepare(resp, ratings, "asielzoekers", threshold=10, indicative_below=30)
    by = ["organisation", "item"]
    table = _summarise(data, data.ratings, [*by, "status"], "pct_positive")
    t = _protect(data, table, group_cols=by).table
    # 12 of 12 positive in a group below 30: masked in the table
    small = t["status"] == "vergunning_na_beroep"
    assert t.loc[small, "masked"].all()
    assert float(table.loc[table["status"] == "vergunning_na_beroep", "pct"].iloc[0]) == 100.0
    shown = t[~t["suppressed"]]
    comparison = _compare(data, data.ratings, "status", "pct_positive", by=by, cells=shown)
    assert len(comparison) == 1 and comparison["significant"].iloc[0]  # 100% vs ~40%: tested
    side = "a" if comparison["group_a"].iloc[0] == "vergunning_na_beroep" else "b"
    other = "b" if side == "a" else "a"
    assert np.isnan(comparison[f"estimate_{side}"].iloc[0])
    assert np.isfinite(comparison[f"estimate_{other}"].iloc[0])
    sentence = describe_differences(comparison).loc[0, "sentence"]
    assert sentence and "100" not in sentence
