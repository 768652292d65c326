"""Tests of helpers.stats._planning (net to gross, the continuous-measurement planner)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers import stats as pw
from helpers.errors import InputError


def z(q):
    return stats.norm.ppf(q)


def closed_form_n(delta, sd, alpha=0.05, power=0.8, ratio=1.0):
    """n1 = (z_{1-α/2} + z_{1-β})² σ² (1 + 1/ratio) / δ², written out independently."""
    return (z(1 - alpha / 2) + z(power)) ** 2 * sd**2 * (1 + 1 / ratio) / delta**2


# ------------------------------------------------------------------ net to gross


def test_gross_sample_size_hand():
    assert pw.gross_sample_size(200, 0.5, 0.4) == pytest.approx(1000)  # 200 / (0.5 · 0.4)
    with pytest.raises(InputError):
        pw.gross_sample_size(200, 0.0, 0.4)
    with pytest.raises(InputError):
        pw.gross_sample_size(200, 0.5, 1.2)


def test_gross_by_organisation_from_table():
    table = pd.DataFrame(
        {
            "organisation": ["DTV", "IND", "COA"],
            "contact_share": [0.25, 0.8, 0.95],
            "response_rate": [0.5, 0.4, 0.4],
        }
    )
    out = pw.gross_by_organisation({"IND": 300, "COA": 300, "DTV": 100}, table)
    assert list(out.columns) == [
        "organisation",
        "n_net",
        "contact_share",
        "response_rate",
        "n_gross",
        "n_gross_ceil",
        "binding",
    ]
    assert list(out["organisation"]) == ["IND", "COA", "DTV"]
    # by hand: 300/(.8·.4) = 937.5, 300/(.95·.4) = 789.47, 100/(.25·.5) = 800
    np.testing.assert_allclose(out["n_gross"], [937.5, 300 / 0.38, 800])
    assert list(out["n_gross_ceil"]) == [938, 790, 800]
    assert list(out["binding"]) == [True, False, False]


def test_gross_by_organisation_needs_response_rate_and_all_orgs():
    with pytest.raises(InputError):
        pw.gross_by_organisation(200, {"IND": 0.8})
    with pytest.raises(InputError):
        pw.gross_by_organisation({"IND": 200}, {"IND": 0.8, "COA": 0.9}, 0.4)


# ------------------------------------------------------------------ continuous measurement plan


PLAN_COLUMNS = [
    "organisation",
    "group",
    "group_share",
    "window_quarters",
    "comparison",
    "overlap_quarters",
    "n_net_quarter",
    "n_window",
    "n_compared",
    "deff",
    "n_effective",
    "sd",
    "mde",
    "mde_cohens_d",
]


def test_plan_shape_columns_and_values():
    plan = pw.continuous_measurement_plan(
        {"IND": 300, "COA": 400, "DTV": 120}, 1.1, subgroups={"nationality_x": 0.15}, deff=1.25
    )
    assert list(plan.columns) == PLAN_COLUMNS
    assert len(plan) == 3 * 2 * 3 * 2  # organisations × groups × windows × comparisons
    assert list(plan["organisation"].unique()) == ["IND", "COA", "DTV"]
    assert set(plan["comparison"]) == {"quarter_on_quarter", "year_on_year"}

    def row(org, group, w, comp):
        sel = plan.query(
            "organisation == @org and group == @group and window_quarters == @w "
            "and comparison == @comp"
        )
        assert len(sel) == 1
        return sel.iloc[0]

    # year on year with 4 pooled quarters: two independent samples of 4 · 300 each
    r = row("IND", "all", 4, "year_on_year")
    assert r["n_compared"] == 1200 and r["overlap_quarters"] == 0
    assert r["mde"] == pytest.approx(pw.minimum_detectable_difference(1200, 1.1, deff=1.25))
    assert r["n_effective"] == pytest.approx(1200 / 1.25)
    # quarter on quarter of a 4-quarter moving average: 3 quarters shared, test of 1 vs 1
    r = row("IND", "all", 4, "quarter_on_quarter")
    assert r["overlap_quarters"] == 3 and r["n_compared"] == 300
    assert r["mde"] == pytest.approx(row("IND", "all", 1, "quarter_on_quarter")["mde"])
    # subgroup of 15%: 0.15 · 400 = 60 per quarter at COA, 2 quarters -> 120 per side
    r = row("COA", "nationality_x", 2, "year_on_year")
    assert r["n_net_quarter"] == pytest.approx(60) and r["n_compared"] == pytest.approx(120)
    assert r["mde"] == pytest.approx(pw.minimum_detectable_difference(120, 1.1, deff=1.25))
    assert r["mde_cohens_d"] == pytest.approx(r["mde"] / 1.1)


def test_plan_year_on_year_mde_shrinks_with_pooling_about_sqrt_w():
    plan = pw.continuous_measurement_plan(500, 1.0, organisations=["COA"])
    yoy = plan[plan["comparison"] == "year_on_year"].set_index("window_quarters")["mde"]
    assert yoy[2] / yoy[1] == pytest.approx(1 / np.sqrt(2), rel=0.01)
    assert yoy[4] / yoy[1] == pytest.approx(1 / 2, rel=0.01)


def test_plan_clustering_deff_per_row_and_gross():
    plan = pw.continuous_measurement_plan(
        {"IND": 300, "COA": 400},
        {"IND": 1.0, "COA": 1.2},
        subgroups=0.2,
        deff=1.1,
        icc=0.02,
        cluster_size_quarter={"IND": 6, "COA": 8},
        contact_shares={"IND": 0.8, "COA": 0.95},
        response_rate=0.35,
    )
    assert plan.columns[-1] == "n_gross_quarter"
    r = plan.query(
        "organisation == 'COA' and group == 'subgroup' and window_quarters == 4 "
        "and comparison == 'year_on_year'"
    ).iloc[0]
    # m̄ = 8 per quarter · 4 quarters · 0.2 = 6.4; deff = 1.1 · (1 + 5.4 · 0.02) = 1.2188 (by hand)
    assert r["deff"] == pytest.approx(1.1 * (1 + 5.4 * 0.02))
    assert r["n_gross_quarter"] == pytest.approx(400 / (0.95 * 0.35))
    # a tiny subgroup has m̄ < 1 and gets no clustering effect (m̄ is floored at 1)
    tiny = pw.continuous_measurement_plan(
        300,
        1.0,
        subgroups=0.05,
        icc=0.1,
        cluster_size_quarter=2,
        windows=[1],
        comparisons=["quarter_on_quarter"],
        organisations=["IND"],
    )
    assert tiny["deff"].iloc[1] == pytest.approx(1.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(quarterly_n_net={"IND": 300}, sd={"COA": 1.0}),
        dict(quarterly_n_net=300, sd=1.0, windows=[0]),
        dict(quarterly_n_net=300, sd=1.0, comparisons=["month_on_month"]),
        dict(quarterly_n_net=300, sd=1.0, subgroups=1.5),
        dict(quarterly_n_net=300, sd=1.0, subgroups={"all": 0.5}),
        dict(quarterly_n_net=300, sd=1.0, icc=0.05),
        dict(quarterly_n_net=2, sd=1.0, subgroups=0.1),
        dict(quarterly_n_net=300, sd=0.0),
    ],
)
def test_plan_impossible_input(kwargs):
    with pytest.raises(InputError):
        pw.continuous_measurement_plan(**kwargs)
