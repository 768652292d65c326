"""Tests of helpers.stats._compare: design-based omnibus and pairwise subgroup tests.

Expected numbers come from R's survey package (tests/stats/data/make_reference_compare.R, the R
call beside each number), from scipy/statsmodels, or by hand.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from helpers.errors import InputError
from helpers.stats import _compare
from helpers.stats._compare import COLUMNS, OMNIBUS_COLUMNS, holm, welch_test
from helpers.stats._design import SurveyDesign
from helpers.stats._survey import survey_estimate

DATA = Path(__file__).parent / "data"
EST = {"rel": 1e-6}
MIN_N = 10  # the disclosure threshold of the reports


def compare_groups(*args, **kwargs):
    return _compare.compare_groups(*args, min_n=MIN_N, **kwargs)


def omnibus_tests(*args, **kwargs):
    return _compare.omnibus_tests(*args, min_n=MIN_N, **kwargs)


def make_data(
    values_by_group: dict,
    *,
    organisation="COA",
    item="totaaloordeel",
    weights_by_group: dict | None = None,
    group_col="status",
):
    """Respondents + ratings with the given answers per group (one rating per respondent)."""
    resp, rat = [], []
    for g, values in values_by_group.items():
        values = np.asarray(values, dtype=float)
        ids = [f"{g}-{i}" for i in range(len(values))]
        w = (weights_by_group or {}).get(g, np.ones(len(values)))
        resp.append(pd.DataFrame({"respondent_id": ids, group_col: g, "weight": w}))
        rat.append(
            pd.DataFrame(
                {"respondent_id": ids, "organisation": organisation, "item": item, "value": values}
            )
        )
    return pd.concat(rat, ignore_index=True), pd.concat(resp, ignore_index=True)


@pytest.fixture(scope="module")
def demo():
    """R's demo fixture (24 reception centres) as the two data contracts."""
    d = pd.read_csv(DATA / "demo_survey.csv")
    resp = d[["azc", "status", "weight"]].assign(respondent_id=[f"r{i}" for i in range(len(d))])
    parts = [
        pd.DataFrame(
            {
                "respondent_id": resp["respondent_id"],
                "organisation": "COA",
                "item": item,
                "value": d[col],
            }
        )
        for item, col in (
            ("totaaloordeel", "item"),
            ("respectvol_behandeld", "item_na"),
            ("nps", "nps"),
        )
    ]
    return resp, pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------------------------
# omnibus: against R's regTermTest
# --------------------------------------------------------------------------------------------


def test_equality_test_on_apiclus1_matches_regtermtest():
    d = pd.read_csv(DATA / "api_clus1.csv")
    design = SurveyDesign.from_frame(d, weights="pw", cluster="dnum", population_size="fpc")
    est = survey_estimate(d["api00"], design, by=d["stype"])
    r = est.equality_test()
    # R: regTermTest(svyglm(api00 ~ stype, dclus1), ~stype)  (dclus1 with fpc=~fpc)
    assert r.statistic == pytest.approx(1.278200742517776, **EST)
    assert (r.df1, r.df2) == (2, 12)
    assert r.p == pytest.approx(0.313879768243218, **EST)
    share = survey_estimate(d["api00"], design, "share", by=d["stype"], threshold=700)
    r = share.equality_test()
    # R: regTermTest(svyglm(I(100*(api00>=700)) ~ stype, dclus1), ~stype)
    assert (r.statistic, r.p) == pytest.approx((1.197673219016835, 0.335548073659713), **EST)
    # two of the three groups: the df are those of the schools of H and M only
    r = est.equality_test([1, 2])
    # R: regTermTest(svyglm(api00 ~ stype, subset(dclus1, stype != "E")), ~stype)
    assert (r.statistic, r.df2) == (pytest.approx(0.146803968977506, **EST), 10)
    assert r.p == pytest.approx(0.709627413804411, **EST)


def test_omnibus_on_the_demo_matches_regtermtest(demo):
    resp, rat = demo
    kw = {"groups": ["asiel", "nareis", "statushouder"], "cluster_col": "azc"}
    means = omnibus_tests(rat[rat["item"] != "nps"], resp, "status", **kw)
    assert list(means.columns) == ["organisation", "item", *OMNIBUS_COLUMNS]
    means = means.set_index("item")
    # R: regTermTest(svyglm(item ~ status, ddemo), ~status)
    # ddemo <- svydesign(id=~azc, weights=~weight, data=demo)
    row = means.loc["totaaloordeel"]
    assert (row["statistic"], row["p_value"]) == pytest.approx(
        (8.98832360359714855, 0.00151305799351636), **EST
    )
    assert (row["df1"], row["df2"], row["k"]) == (2, 21, 3)
    # R: regTermTest(svyglm(item_na ~ status, ddemo), ~status)  (rows with NA dropped)
    row = means.loc["respectvol_behandeld"]
    assert (row["statistic"], row["p_value"]) == pytest.approx(
        (7.79484182735880626, 0.00293789804579291), **EST
    )
    nps = omnibus_tests(rat[rat["item"] == "nps"], resp, "status", "nps", **kw).iloc[0]
    # R: score = 100*((nps>=9)-(nps<=6)); regTermTest(svyglm(score ~ status, ddemo), ~status)
    assert (nps["statistic"], nps["p_value"]) == pytest.approx(
        (6.77319553892401238, 0.00537123806021547), **EST
    )


# --------------------------------------------------------------------------------------------
# pairwise, gated by the omnibus test
# --------------------------------------------------------------------------------------------


def test_pairs_carry_the_covariance_of_shared_clusters(demo):
    resp, rat = demo
    kw = {"groups": ["asiel", "nareis", "statushouder"], "cluster_col": "azc"}
    table = compare_groups(rat[rat["item"] == "totaaloordeel"], resp, "status", **kw)
    assert list(table.columns) == ["organisation", "item", *COLUMNS]
    design = SurveyDesign.from_frame(resp, weights="weight", cluster="azc")
    ref = survey_estimate(
        rat.loc[rat["item"] == "totaaloordeel", "value"], design, by=resp["status"]
    ).differences()
    # the pairs of survey_estimate (tested against svycontrast in test_survey.py); the omnibus
    # test is significant (p = 0.0015, above), so Holm runs over the family's three pairs
    np.testing.assert_allclose(table["difference"], ref["difference"], rtol=1e-12)
    np.testing.assert_allclose(table["se"], ref["se"], rtol=1e-12)
    np.testing.assert_allclose(table["p_holm"], multipletests(ref["p"], method="holm")[1])
    assert table["test"].eq("design_t").all()
    assert table["p_omnibus"].iloc[0] == pytest.approx(0.00151305799351636, **EST)


def test_population_size_shrinks_the_pairs_se_by_the_fpc(demo):
    # 24 sampled centres of 60: every linearised variance is (1 - 24/60) times the one
    # without the correction (Lumley 2010, §2.2), so each pair's se is sqrt(0.6) times it;
    # reference: survey_estimate on SurveyDesign.from_arrays(population_size=60)
    resp, rat = demo
    kw = {"groups": ["asiel", "nareis", "statushouder"], "cluster_col": "azc"}
    sel = rat[rat["item"] == "totaaloordeel"]
    plain = compare_groups(sel, resp, "status", **kw)
    fpc = compare_groups(sel, resp, "status", population_size=60, **kw)
    assert resp["azc"].nunique() == 24
    np.testing.assert_allclose(fpc["difference"], plain["difference"], rtol=1e-12)
    np.testing.assert_allclose(fpc["se"], plain["se"] * np.sqrt(1 - 24 / 60), rtol=1e-12)
    design = SurveyDesign.from_arrays(
        resp["weight"].to_numpy(),
        cluster=resp["azc"].to_numpy(),
        population_size=np.full(len(resp), 60.0),
    )
    ref = survey_estimate(sel["value"], design, by=resp["status"]).differences()
    np.testing.assert_allclose(fpc["se"], ref["se"], rtol=1e-12)
    omni = omnibus_tests(sel, resp, "status", population_size=60, **kw)
    assert omni["statistic"].iloc[0] == pytest.approx(
        omnibus_tests(sel, resp, "status", **kw)["statistic"].iloc[0] / 0.6, rel=1e-10
    )


def test_no_pair_is_significant_without_a_significant_omnibus():
    rng = np.random.default_rng(2)
    values = {g: rng.integers(1, 6, 30).astype(float) for g in ["A", "B", "C", "D"]}
    values["D"][:3] = 5.0
    ratings, respondents = make_data(values, group_col="azc")
    omni = omnibus_tests(ratings, respondents, "azc").iloc[0]
    table = compare_groups(ratings, respondents, "azc", groups=["D", "C", "B", "A"])
    assert len(table) == 6
    assert table[["group_a", "group_b"]].iloc[:3].values.tolist() == [
        ["D", "C"],
        ["D", "B"],
        ["D", "A"],
    ]
    if omni["p_value"] >= 0.05:
        assert table["p_holm"].isna().all() and not table["significant"].any()
    else:  # pragma: no cover - the seed gives a non-significant omnibus
        pytest.fail("the seed was meant to give a non-significant omnibus test")


def test_families_are_organisation_and_item():
    a, b = [5.0] * 30 + [1.0] * 10, [4.0] * 10 + [1.0] * 30
    coa, resp = make_data({"binnen": a, "buiten": b}, group_col="positie")
    ind, _ = make_data({"binnen": a, "buiten": b}, group_col="positie", organisation="IND")
    table = compare_groups(pd.concat([coa, ind]), resp, "positie", "pct_positive")
    # one pair per family: Holm leaves each p-value as it is (no family of two)
    np.testing.assert_allclose(table["p_holm"], table["p_value"])
    assert table["organisation"].tolist() == ["IND", "COA"]
    # unit weights, no clusters: the difference of two shares with independent variances
    # by hand: each domain's linearised variance is N/(N-1) p(1-p)/n with N = 80 respondents in
    # the design (Lumley 2010 §2.3, domain estimation) and no covariance between the groups
    se = 100 * np.sqrt(80 / 79 * 2 * 0.75 * 0.25 / 40)
    assert table["se"].iloc[0] == pytest.approx(se, rel=1e-9)


def test_compare_groups_small_group_never_tested_nor_named():
    ratings, respondents = make_data(
        {"Syrië": [4.0, 5.0] * 20, "Eritrea": [1.0, 2.0] * 20, "Jemen": [1.0, 1.0, 1.0]},
        group_col="nationaliteit",
    )
    table = compare_groups(ratings, respondents, "nationaliteit")
    assert "Jemen" not in set(table["group_a"]) | set(table["group_b"])
    assert len(table) == 1


def test_compare_groups_tests_only_the_listed_cells():
    rng = np.random.default_rng(3)
    ratings, respondents = make_data(
        {g: rng.integers(1, 6, n).astype(float) for g, n in (("A", 40), ("B", 40), ("C", 12))},
        group_col="azc",
    )
    assert len(compare_groups(ratings, respondents, "azc")) == 3
    cells = pd.DataFrame(
        {"organisation": ["COA", "COA"], "item": ["totaaloordeel"] * 2, "azc": ["A", "B"]}
    )
    only = compare_groups(ratings, respondents, "azc", cells=cells)
    assert list(zip(only["group_a"], only["group_b"], strict=True)) == [("A", "B")]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure": "distribution"}, "measures"),
        ({"cells": [("COA", "totaaloordeel")]}, "cells must be a DataFrame"),
        ({"groups": ["afgewezen", "onbekend"]}, "not in the data"),
        ({"by": ["status"]}, "also in `by`"),
        ({"by": ["organisation", "weight"]}, "ratings columns"),
        ({"alpha": 0}, "alpha"),
    ],
)
def test_compare_groups_bad_input(kwargs, message):
    ratings, respondents = make_data({"afgewezen": [4.0] * 20, "vergunning_na_beroep": [3.0] * 20})
    with pytest.raises(InputError, match=message):
        compare_groups(ratings, respondents, "status", **kwargs)


# --------------------------------------------------------------------------------------------
# helpers kept for the trends
# --------------------------------------------------------------------------------------------


def test_welch_test_matches_scipy():
    rng = np.random.default_rng(21)
    a, b = rng.integers(1, 6, 40).astype(float), rng.integers(1, 6, 35).astype(float)
    t, df, p = welch_test(
        a.mean(), a.std(ddof=1) / np.sqrt(40), 40, b.mean(), b.std(ddof=1) / np.sqrt(35), 35
    )
    ref = stats.ttest_ind(a, b, equal_var=False)  # scipy Welch
    assert (float(t), float(p), float(df)) == pytest.approx((ref.statistic, ref.pvalue, ref.df))
    t, df, p = welch_test(4.0, 0.0, 20, 3.0, 0.0, 20)
    assert np.isnan(t) and np.isnan(p)


def test_holm_is_reexported_and_matches_statsmodels():
    p = np.array([0.01, 0.04, 0.03, 0.2])
    np.testing.assert_allclose(holm(p), multipletests(p, method="holm")[1])
