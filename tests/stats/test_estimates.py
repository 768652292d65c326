"""Tests of helpers.stats._estimates: the design-based tables behind the descriptives report.

Expected numbers come from R's survey package (the R call beside each; the script is
tests/stats/data/make_reference_compare.R on the fixtures of make_reference.R), from
:func:`helpers.stats.survey_estimate` itself (tested against R in test_survey.py) or by hand.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.stats._design import SurveyDesign
from helpers.stats._estimates import (
    COLUMNS,
    join_ratings,
    order_rows,
    respondent_design,
    summarise_ratings,
)
from helpers.stats._survey import survey_estimate

DATA = Path(__file__).parent / "data"
EST = {"rtol": 1e-6, "atol": 0}
SE = {"rtol": 1e-4, "atol": 0}


@pytest.fixture
def survey():
    """Synthetic respondents + long ratings in the data contracts of CONTRIBUTING.md."""
    rng = np.random.default_rng(20240611)
    n = 120
    respondents = pd.DataFrame(
        {
            "respondent_id": [f"r{i:03d}" for i in range(n)],
            "target_group": "asielzoekers",
            "weight": rng.uniform(0.5, 2.0, n),
            "status": rng.choice(["afgewezen", "vergunning_na_beroep"], n),
            "nationaliteit": rng.choice(["Syrië", "Eritrea", None], n),
            "azc": rng.choice([f"azc{i}" for i in range(8)], n),
        }
    )
    rows = []
    for org in ("IND", "COA", "DTV", "keten"):
        for item in ("totaaloordeel", "respectvol_behandeld"):
            value = rng.integers(1, 6, n).astype(float)
            value[rng.random(n) < 0.15] = np.nan
            rows.append(
                pd.DataFrame(
                    {
                        "respondent_id": respondents["respondent_id"],
                        "target_group": "asielzoekers",
                        "organisation": org,
                        "item": item,
                        "value": value,
                        "dont_know": np.isnan(value),
                    }
                )
            )
        value = rng.integers(0, 11, n).astype(float)
        rows.append(
            pd.DataFrame(
                {
                    "respondent_id": respondents["respondent_id"],
                    "target_group": "asielzoekers",
                    "organisation": org,
                    "item": "nps",
                    "value": value,
                    "dont_know": False,
                }
            )
        )
    return respondents, pd.concat(rows, ignore_index=True)


@pytest.fixture(scope="module")
def demo():
    """R's demo fixture as the two data contracts: one rating (item_na) per respondent."""
    d = pd.read_csv(DATA / "demo_survey.csv")
    resp = d[["azc", "status", "weight"]].assign(respondent_id=[f"r{i}" for i in range(len(d))])
    rat = pd.DataFrame(
        {
            "respondent_id": resp["respondent_id"],
            "organisation": "COA",
            "item": "totaaloordeel",
            "value": d["item_na"],
        }
    )
    return resp, rat


# --------------------------------------------------------------------------------------------
# against R survey: domains of a clustered, weighted design
# --------------------------------------------------------------------------------------------


def test_means_by_status_match_r_svyby(demo):
    resp, rat = demo
    t = summarise_ratings(rat, resp, ["status"], "mean", cluster_col="azc")
    assert list(t.columns) == ["status", *COLUMNS["mean"]]
    # R: b <- svyby(~item_na, ~status, svydesign(id=~azc, weights=~weight, data=demo),
    #             svymean, na.rm=TRUE, deff="replace"); coef(b); SE(b); b$DEff.item_na
    np.testing.assert_allclose(
        t["mean"], [3.39466708645064, 2.94643579120349, 3.60474059543925], **EST
    )
    np.testing.assert_allclose(
        t["se"], [0.156925078073425, 0.211339022099017, 0.157921403983406], **SE
    )
    np.testing.assert_allclose(
        t["deff"], [3.66213427003897, 2.34071360643376, 2.28117799354297], **SE
    )
    # R: degf(subset(ddemo, status == s & !is.na(item_na))) -> 23, 20, 23
    assert t["df"].tolist() == [23, 20, 23]
    np.testing.assert_allclose(t["n_eff"], t["n"] / t["deff"], rtol=1e-12)
    # interval: mean +- qt(0.975, df) se
    from scipy import stats

    half = stats.t.ppf(0.975, t["df"]) * t["se"]
    np.testing.assert_allclose(t["ci_high"] - t["mean"], half, rtol=1e-12)


def test_shares_by_status_match_r_svyciprop(demo):
    resp, rat = demo
    t = summarise_ratings(rat, resp, ["status"], "pct_positive", cluster_col="azc")
    # R: svyby(~I(item_na >= 4), ~status, subset(ddemo, !is.na(item_na)), svyciprop,
    #          method="beta", vartype=c("se","ci"))
    np.testing.assert_allclose(
        t["pct"], [49.2622020431328, 28.6977099391510, 53.4941726866462], **EST
    )
    np.testing.assert_allclose(
        t["se"], [7.06720443945568, 8.15287569648261, 8.25862946976829], **SE
    )
    np.testing.assert_allclose(
        t["ci_low"], [34.1479530779503, 13.3589356770057, 35.5525764964237], **SE
    )
    np.testing.assert_allclose(
        t["ci_high"], [64.4757854709368, 48.7243841762655, 70.7976717542775], **SE
    )


def test_without_a_cluster_the_respondent_is_the_unit():
    # unit weights, no cluster: se = s / sqrt(n) (R: svymean(~x, svydesign(id=~1, data=d)))
    x = np.array([4.0, 5.0, 3.0, 4.0, 2.0, 5.0])
    resp = pd.DataFrame({"respondent_id": list("abcdef"), "weight": 1.0})
    rat = pd.DataFrame(
        {"respondent_id": list("abcdef"), "organisation": "IND", "item": "t", "value": x}
    )
    row = summarise_ratings(rat, resp).iloc[0]
    assert row["se"] == pytest.approx(x.std(ddof=1) / np.sqrt(6), rel=1e-12)
    assert row["deff"] == pytest.approx(1.0) and row["df"] == 5


def test_summarise_equals_survey_estimate_on_the_respondent_design(survey):
    respondents, ratings = survey
    table = summarise_ratings(ratings[ratings["item"] != "nps"], respondents, cluster_col="azc")
    assert list(table.columns) == ["organisation", "item", *COLUMNS["mean"]]
    assert len(table) == 8
    assert table["organisation"].tolist()[::2] == ["IND", "COA", "DTV", "keten"]
    design = SurveyDesign.from_frame(respondents, weights="weight", cluster="azc")
    for row in table.itertuples():
        part = ratings[
            (ratings["organisation"] == row.organisation) & (ratings["item"] == row.item)
        ]
        values = respondents["respondent_id"].map(part.set_index("respondent_id")["value"])
        ref = survey_estimate(values.to_numpy(float), design).table.iloc[0]
        assert (row.n, row.df) == (ref["n"], ref["df"])
        assert (row.mean, row.se, row.ci_low, row.ci_high, row.deff) == pytest.approx(
            (ref["estimate"], ref["se"], ref["ci_low"], ref["ci_high"], ref["deff"]), rel=1e-12
        )


def test_clustering_widens_the_interval(survey):
    respondents, ratings = survey
    rat = ratings[(ratings["item"] == "totaaloordeel") & (ratings["organisation"] == "COA")]
    # plant a centre effect: everyone in azc0-azc3 answers one point higher
    shift = respondents.set_index("respondent_id")["azc"].isin(["azc0", "azc1", "azc2", "azc3"])
    rat = rat.assign(
        value=np.clip(rat["value"] + shift.reindex(rat["respondent_id"]).to_numpy(), 1, 5)
    )
    flat = summarise_ratings(rat, respondents, ["organisation"]).iloc[0]
    clustered = summarise_ratings(rat, respondents, ["organisation"], cluster_col="azc").iloc[0]
    assert clustered["mean"] == pytest.approx(flat["mean"])
    assert clustered["se"] > flat["se"] and clustered["df"] == 7
    assert clustered["n_eff"] < flat["n_eff"]


def test_respondent_without_cluster_is_its_own_cluster():
    resp = pd.DataFrame(
        {"respondent_id": list("abcde"), "weight": 1.0, "azc": ["x", "x", "y", None, None]}
    )
    d = respondent_design(resp, cluster_col="azc")
    assert (d.n_psu, d.df) == (4, 3)
    with pytest.raises(InputError, match="missing column"):
        respondent_design(resp, cluster_col="locatie")


def test_population_size_without_cluster_scales_the_se_by_the_fpc():
    # closed form: with N units the variance is (1 - n/N) times the one without (Lumley 2010,
    # §2.2; R: svymean(~x, svydesign(id=~1, fpc=~N, data=d)) = se without fpc * sqrt(1 - n/N))
    x = np.array([4.0, 5.0, 3.0, 4.0, 2.0, 5.0])
    resp = pd.DataFrame({"respondent_id": list("abcdef"), "weight": 1.0})
    rat = pd.DataFrame(
        {"respondent_id": list("abcdef"), "organisation": "IND", "item": "t", "value": x}
    )
    plain = summarise_ratings(rat, resp).iloc[0]
    fpc = summarise_ratings(rat, resp, population_size=20).iloc[0]
    assert fpc["mean"] == plain["mean"] and fpc["df"] == plain["df"]
    assert fpc["se"] == pytest.approx(plain["se"] * np.sqrt(1 - 6 / 20), rel=1e-12)
    assert fpc["ci_high"] - fpc["ci_low"] < plain["ci_high"] - plain["ci_low"]


def test_population_size_with_cluster_equals_survey_estimate_with_fpc(survey):
    # reference: survey_estimate on SurveyDesign.from_arrays(population_size=) directly (the
    # estimator tested against R's svydesign(ids=~azc, fpc=~N)); 8 of 20 centres sampled
    respondents, ratings = survey
    rat = ratings[(ratings["item"] == "totaaloordeel") & (ratings["organisation"] == "COA")]
    row = summarise_ratings(
        rat, respondents, ["organisation"], cluster_col="azc", population_size=20
    ).iloc[0]
    design = SurveyDesign.from_arrays(
        respondents["weight"].to_numpy(),
        cluster=respondents["azc"].to_numpy(),
        population_size=np.full(len(respondents), 20.0),
    )
    values = respondents["respondent_id"].map(rat.set_index("respondent_id")["value"])
    ref = survey_estimate(values.to_numpy(float), design).table.iloc[0]
    assert (row["mean"], row["se"], row["ci_low"], row["ci_high"]) == pytest.approx(
        (ref["estimate"], ref["se"], ref["ci_low"], ref["ci_high"]), rel=1e-12
    )
    plain = summarise_ratings(rat, respondents, ["organisation"], cluster_col="azc").iloc[0]
    assert row["se"] == pytest.approx(plain["se"] * np.sqrt(1 - 8 / 20), rel=1e-12)


def test_population_size_none_is_the_default_and_checked():
    resp = pd.DataFrame({"respondent_id": list("abcd"), "weight": 1.0, "azc": list("xxyz")})
    default = respondent_design(resp, cluster_col="azc")
    explicit = respondent_design(resp, cluster_col="azc", population_size=None)
    assert np.array_equal(default.factor, explicit.factor)
    with pytest.raises(InputError, match="smaller than the number of sampled clusters"):
        respondent_design(resp, cluster_col="azc", population_size=2)


# --------------------------------------------------------------------------------------------
# the tables
# --------------------------------------------------------------------------------------------


def test_summarise_pct_positive_by_respondent_column(survey):
    respondents, ratings = survey
    sub = ratings[(ratings["item"] == "totaaloordeel") & (ratings["organisation"] == "COA")]
    table = summarise_ratings(
        sub,
        respondents,
        by=["status"],
        measure="pct_positive",
        order={"status": ["vergunning_na_beroep", "afgewezen"]},
    )
    assert table["status"].tolist() == ["vergunning_na_beroep", "afgewezen"]
    assert list(table.columns) == ["status", *COLUMNS["pct_positive"]]
    merged = sub.merge(respondents, on="respondent_id")
    part = merged[(merged["status"] == "afgewezen") & merged["value"].notna()]
    # weighted share by hand
    pct = 100 * (part["weight"] * (part["value"] >= 4)).sum() / part["weight"].sum()
    assert table.iloc[1]["pct"] == pytest.approx(pct)


def test_summarise_missing_group_value_is_left_out(survey):
    respondents, ratings = survey
    sub = ratings[(ratings["item"] == "totaaloordeel") & (ratings["organisation"] == "IND")]
    table = summarise_ratings(sub, respondents, by=["nationaliteit"])
    assert set(table["nationaliteit"]) == {"Syrië", "Eritrea"}
    has_nat = respondents["nationaliteit"].notna()
    valid = sub["value"].notna() & sub["respondent_id"].isin(
        respondents.loc[has_nat, "respondent_id"]
    )
    assert table["n"].sum() == valid.sum()


def test_summarise_distribution_and_nps_columns(survey):
    respondents, ratings = survey
    dist = summarise_ratings(
        ratings[ratings["item"] == "totaaloordeel"],
        respondents,
        by=["organisation"],
        measure="distribution",
    )
    assert list(dist.columns) == ["organisation", "n", "pct_1", "pct_2", "pct_3", "pct_4", "pct_5"]
    np.testing.assert_allclose(dist.filter(like="pct_").sum(axis=1), 100.0)
    table = summarise_ratings(
        ratings[ratings["item"] == "nps"], respondents, by=["organisation"], measure="nps"
    )
    assert list(table.columns) == ["organisation", *COLUMNS["nps"]]
    np.testing.assert_allclose(
        table[["pct_detractors", "pct_passives", "pct_promoters"]].sum(axis=1), 100.0
    )
    np.testing.assert_allclose(table["nps"], table["pct_promoters"] - table["pct_detractors"])


def test_nps_of_twelve_promoters_has_an_interval():
    resp = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(12)], "weight": 1.0})
    rat = pd.DataFrame(
        {
            "respondent_id": resp["respondent_id"],
            "organisation": "IND",
            "item": "nps",
            "value": 10.0,
        }
    )
    row = summarise_ratings(rat, resp, ["organisation"], "nps").iloc[0]
    # adjusted Wald (Rocks 2016): 0.8 -+ t(11) sqrt(0.26 / 15), clipped at 1
    assert row["nps"] == 100.0 and row["ci_high"] == 100.0
    assert row["ci_low"] == pytest.approx(51.02, abs=0.01)


def test_summarise_item_order_from_caller(survey):
    respondents, ratings = survey
    sub = ratings[ratings["item"] != "nps"]
    table = summarise_ratings(
        sub,
        respondents,
        by=["item", "organisation"],
        order=["totaaloordeel", "respectvol_behandeld"],
    )
    assert table["item"].tolist()[:4] == ["totaaloordeel"] * 4
    assert table["organisation"].tolist()[:4] == ["IND", "COA", "DTV", "keten"]


def test_summarise_all_missing_group_has_zero_base():
    ratings = pd.DataFrame(
        {
            "respondent_id": ["a", "b", "a", "b"],
            "organisation": "COA",
            "item": ["x", "x", "y", "y"],
            "value": [4.0, 5.0, np.nan, np.nan],
        }
    )
    respondents = pd.DataFrame({"respondent_id": ["a", "b"], "weight": [1.0, 1.0]})
    table = summarise_ratings(ratings, respondents, measure="pct_positive")
    row = table[table["item"] == "y"].iloc[0]
    assert row["n"] == 0 and np.isnan(row["pct"])


def test_summarise_unweighted_option():
    ratings = pd.DataFrame(
        {"respondent_id": ["a", "b"], "organisation": "COA", "item": "x", "value": [2.0, 4.0]}
    )
    respondents = pd.DataFrame({"respondent_id": ["a", "b"], "weight": [3.0, 1.0]})
    assert summarise_ratings(ratings, respondents)["mean"].iloc[0] == pytest.approx(2.5)
    assert summarise_ratings(ratings, respondents, weight_col=None)["mean"].iloc[0] == 3.0


def _one(**kw):
    base = {"respondent_id": ["a"], "organisation": "COA", "item": "x", "value": [1.0]}
    return pd.DataFrame({**base, **kw})


@pytest.mark.parametrize(
    ("ratings", "respondents", "kwargs", "message"),
    [
        (_one(), pd.DataFrame({"respondent_id": ["b"], "weight": [1.0]}), {}, "not in respondents"),
        (
            _one(),
            pd.DataFrame({"respondent_id": ["a", "a"], "weight": [1.0, 1.0]}),
            {},
            "more than once",
        ),
        (_one(), pd.DataFrame({"respondent_id": ["a"], "weight": [-1.0]}), {}, "negative"),
        (_one(), pd.DataFrame({"respondent_id": ["a"]}), {}, "missing column"),
        (
            pd.DataFrame(
                {
                    "respondent_id": ["a", "a"],
                    "organisation": "COA",
                    "item": ["x", "y"],
                    "value": [1.0, 2.0],
                }
            ),
            pd.DataFrame({"respondent_id": ["a"], "weight": [1.0]}),
            {"by": ["organisation"]},
            "more than one answer",
        ),
        (
            _one(),
            pd.DataFrame({"respondent_id": ["a"], "weight": [1.0]}),
            {"measure": "median"},
            "unknown measure",
        ),
        (
            _one(),
            pd.DataFrame({"respondent_id": ["a"], "weight": [1.0]}),
            {"by": ["status"]},
            "missing column",
        ),
        (_one(), pd.DataFrame({"respondent_id": ["a"], "weight": [1.0]}), {}, "single cluster"),
        (
            _one(value=[11.0]),
            pd.DataFrame({"respondent_id": ["a"], "weight": [1.0]}),
            {"measure": "distribution"},
            "not one of the categories",
        ),
    ],
)
def test_summarise_bad_input_raises_input_error(ratings, respondents, kwargs, message):
    with pytest.raises(InputError, match=message):
        summarise_ratings(ratings, respondents, **kwargs)


def test_join_ratings_keeps_ratings_columns():
    ratings = pd.DataFrame(
        {"respondent_id": ["a"], "target_group": ["asielzoekers"], "value": [3.0]}
    )
    respondents = pd.DataFrame(
        {"respondent_id": ["a"], "target_group": ["ketenpartners"], "w2": [2.0]}
    )
    joined = join_ratings(ratings, respondents, ["target_group"], weight_col="w2")
    assert joined["target_group"].iloc[0] == "asielzoekers"
    assert joined["weight"].iloc[0] == 2.0


def test_order_rows_unlisted_values_follow_alphabetically():
    t = pd.DataFrame({"item": ["d", "b", "a", "c"]})
    assert order_rows(t, ["item"], {"item": ["c"]})["item"].tolist() == ["c", "a", "b", "d"]
    with pytest.raises(InputError):
        order_rows(t, ["item"], {"nope": ["x"]})
