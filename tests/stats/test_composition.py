"""Tests of helpers.stats._composition (weighted shares by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.stats import composition, dont_know_shares


def test_composition_shares_of_all_weight():
    resp = pd.DataFrame({"status": ["a", "b", "b", None, "c"], "weight": [1.0, 2.0, 3.0, 4.0, 0.0]})
    t = composition(resp, "status", ["b", "a"])
    # by hand: total weight 10; b: (2 + 3) / 10, a: 1 / 10; None and the unlisted c count in 10
    assert t.to_dict("list") == {"category": ["b", "a"], "n": [2, 1], "pct": [50.0, 10.0]}
    assert np.isnan(composition(resp.assign(weight=0.0), "status", ["a"]).loc[0, "pct"])
    with pytest.raises(InputError, match="missing column"):
        composition(resp, "azc", ["a"])


def test_dont_know_shares_base_includes_dont_know():
    resp = pd.DataFrame(
        {
            "q1": [1.0, 2.0, None, None],
            "q1_dont_know": [False, False, True, False],
            "q2": [None] * 4,
            "weight": [1.0, 1.0, 2.0, 6.0],
        }
    )
    t = dont_know_shares(resp, ["q1", "q2", "q3"])
    # by hand: q1 answered by rows 0-2 (weight 4), don't know row 2 (weight 2) -> 50%;
    # q2 and q3: nobody answered -> NaN
    assert t["item"].tolist() == ["q1", "q2", "q3"]
    assert t.loc[0, "pct_dont_know"] == pytest.approx(50.0)
    assert t["pct_dont_know"][1:].isna().all()
