"""Tests of helpers.stats._estimates against independent references.

Beside every expected number: how it was produced (closed form by hand, numpy, statsmodels,
scipy, a published table, or a seeded simulation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from helpers.errors import InputError
from helpers.stats._estimates import (
    COLUMNS,
    distribution,
    join_ratings,
    kish_neff,
    nps,
    order_rows,
    pct_positive,
    summarise_ratings,
    weighted_mean,
    wilson_interval,
)

# --------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture
def survey():
    """Synthetic respondents + long ratings in the data contracts of CONTRIBUTING.md."""
    rng = np.random.default_rng(20240611)
    n = 120
    respondents = pd.DataFrame(
        {
            "respondent_id": [f"r{i:03d}" for i in range(n)],
            "target_group": "asielzoekers",
            "weight": rng.uniform(0.4, 2.0, n),
            "status": rng.choice(["afgewezen", "vergunning_na_beroep"], n),
            "nationaliteit": rng.choice(["Syrië", "Eritrea", None], n, p=[0.6, 0.3, 0.1]),
        }
    )
    respondents["weight"] /= respondents["weight"].mean()
    rows = []
    for org in ["keten", "COA", "IND", "DTV"]:
        for item in ["totaaloordeel", "respectvol_behandeld"]:
            value = rng.choice([1.0, 2, 3, 4, 5, np.nan], n, p=[0.1, 0.1, 0.2, 0.3, 0.2, 0.1])
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


# --------------------------------------------------------------------------------------------
# Kish effective n
# --------------------------------------------------------------------------------------------


def test_kish_neff_closed_forms():
    # equal weights: n_eff = n (Kish 1965)
    assert kish_neff(np.full(7, 0.3)) == pytest.approx(7.0)
    # by hand: (1 + 2 + 3)^2 / (1 + 4 + 9) = 36 / 14
    assert kish_neff([1, 2, 3]) == pytest.approx(36 / 14)
    # one weight 3 times another: (1+3)^2 / (1+9) = 1.6
    assert kish_neff([1, 3]) == pytest.approx(1.6)


def test_kish_neff_rejects_bad_weights():
    with pytest.raises(InputError):
        kish_neff([1.0, -1.0])
    with pytest.raises(InputError):
        kish_neff([1.0, np.nan])


# --------------------------------------------------------------------------------------------
# weighted mean
# --------------------------------------------------------------------------------------------


def test_weighted_mean_hand_example():
    x = np.array([4.0, 5.0, 3.0, 4.0])
    w = np.array([1.0, 2.0, 1.0, 0.5])
    est = weighted_mean(x, w)
    # by hand: sum w = 4.5, sum wx = 4 + 10 + 3 + 2 = 19, mean = 19 / 4.5
    assert est.mean == pytest.approx(19 / 4.5)
    # by hand: sum w^2 = 1 + 4 + 1 + 0.25 = 6.25, n_eff = 4.5^2 / 6.25 = 3.24
    assert est.n_eff == pytest.approx(3.24)
    # by hand: s_w^2 = sum w (x - m)^2 / sum w ; se = sqrt(s_w^2 / (n_eff - 1))
    m = 19 / 4.5
    s2 = (1 * (4 - m) ** 2 + 2 * (5 - m) ** 2 + 1 * (3 - m) ** 2 + 0.5 * (4 - m) ** 2) / 4.5
    se = np.sqrt(s2 / (3.24 - 1))
    assert est.se == pytest.approx(se)
    # t quantile with n_eff - 1 = 2.24 degrees of freedom (scipy)
    t = stats.t.ppf(0.975, 2.24)
    assert est.ci_low == pytest.approx(m - t * se)
    assert est.ci_high == pytest.approx(m + t * se)
    assert est.n == 4


def test_weighted_mean_matches_numpy_and_descrstatsw():
    rng = np.random.default_rng(7)
    x = rng.integers(1, 6, 200).astype(float)
    w = rng.uniform(0.2, 3.0, 200)
    est = weighted_mean(x, w)
    # numpy reference for the point estimate
    assert est.mean == pytest.approx(np.average(x, weights=w))
    # statsmodels DescrStatsW with weights rescaled to sum to n_eff (the documented equivalence)
    n_eff = w.sum() ** 2 / (w**2).sum()
    d = DescrStatsW(x, weights=w * n_eff / w.sum())
    assert est.n_eff == pytest.approx(n_eff)
    assert est.se == pytest.approx(d.std_mean)
    lo, hi = d.tconfint_mean(alpha=0.05)
    assert (est.ci_low, est.ci_high) == pytest.approx((lo, hi))


def test_weighted_mean_unit_weights_is_textbook_t_interval():
    rng = np.random.default_rng(11)
    x = rng.normal(3.5, 1.0, 57)
    est = weighted_mean(x)
    # scipy.stats.sem uses ddof=1: s / sqrt(n)
    assert est.se == pytest.approx(stats.sem(x))
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert (est.ci_low, est.ci_high) == pytest.approx((lo, hi))
    assert est.n_eff == pytest.approx(57)


def test_weighted_mean_missing_and_degenerate():
    est = weighted_mean([np.nan, 4.0, np.nan, 2.0], [5.0, 1.0, 5.0, 1.0])
    assert est.n == 2 and est.mean == pytest.approx(3.0)  # NaN answers leave the base
    empty = weighted_mean([np.nan, np.nan])
    assert empty.n == 0 and np.isnan(empty.mean) and np.isnan(empty.se)
    one = weighted_mean([4.0])
    assert one.mean == 4.0 and np.isnan(one.se)  # n_eff = 1: no variance
    with pytest.raises(InputError):
        weighted_mean([1.0, 2.0], [1.0])
    with pytest.raises(InputError):
        weighted_mean([1.0, 2.0], level=1.5)


def test_weighted_mean_level():
    x = np.arange(1.0, 21.0)
    wide, narrow = weighted_mean(x, level=0.99), weighted_mean(x, level=0.80)
    assert wide.ci_high - wide.ci_low > narrow.ci_high - narrow.ci_low


# --------------------------------------------------------------------------------------------
# Wilson interval / % positive
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [
        # Newcombe (1998), Stat Med 17, 857-872, Table I, method 3 (Wilson score, no cc)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_published_values(x, n, low, high):
    lo, hi = wilson_interval(x / n, n)
    assert float(lo) == pytest.approx(low, abs=5e-5)
    assert float(hi) == pytest.approx(high, abs=5e-5)


def test_wilson_matches_statsmodels_and_hand_formula_for_real_n():
    p = np.array([0.0, 0.13, 0.5, 0.77, 1.0, 0.42])
    n = np.array([12.0, 33.7, 10.0, 250.3, 8.4, 1.5])
    lo, hi = wilson_interval(p, n)
    # statsmodels proportion_confint(method="wilson") accepts non-integer counts and nobs
    ref_lo, ref_hi = proportion_confint(p * n, n, alpha=0.05, method="wilson")
    np.testing.assert_allclose(lo, ref_lo, atol=1e-12)
    np.testing.assert_allclose(hi, ref_hi, atol=1e-12)
    # hand formula (Wilson 1927) for p = 0.5, n = 10: centre 0.5,
    # half = z / (1 + z^2/10) * sqrt(0.25/10 + z^2/400)
    z = stats.norm.ppf(0.975)
    half = z / (1 + z**2 / 10) * np.sqrt(0.025 + z**2 / 400)
    assert lo[2] == pytest.approx(0.5 - half) and hi[2] == pytest.approx(0.5 + half)


def test_wilson_zero_n_is_nan():
    lo, hi = wilson_interval([0.5], [0.0])
    assert np.isnan(lo[0]) and np.isnan(hi[0])


def test_pct_positive_weighted_hand_example():
    x = np.array([5, 4, 3, 2, np.nan, 4])
    w = np.array([2.0, 1.0, 1.0, 1.0, 9.0, 0.5])
    est = pct_positive(x, w)
    # by hand: positive weight 2 + 1 + 0.5 = 3.5 of 5.5 valid weight
    assert est.pct == pytest.approx(100 * 3.5 / 5.5)
    # n_eff = 5.5^2 / (4 + 1 + 1 + 1 + 0.25) = 30.25 / 7.25
    n_eff = 30.25 / 7.25
    assert est.n_eff == pytest.approx(n_eff) and est.n == 5
    ref = proportion_confint(3.5 / 5.5 * n_eff, n_eff, method="wilson")  # statsmodels
    assert (est.ci_low, est.ci_high) == pytest.approx((100 * ref[0], 100 * ref[1]))


def test_pct_positive_threshold_is_a_parameter():
    x = [5, 4, 4, 3, 5]
    assert pct_positive(x).pct == pytest.approx(80.0)  # 4/5 by hand
    assert pct_positive(x, threshold=5).pct == pytest.approx(40.0)  # top box 2/5 by hand


# --------------------------------------------------------------------------------------------
# distribution
# --------------------------------------------------------------------------------------------


def test_distribution_matches_weighted_bincount():
    rng = np.random.default_rng(3)
    x = rng.integers(1, 6, 300).astype(float)
    x[::17] = np.nan
    w = rng.uniform(0.5, 1.5, 300)
    d = distribution(x, w)
    ok = ~np.isnan(x)
    ref = np.bincount(x[ok].astype(int), weights=w[ok], minlength=6)[1:] / w[ok].sum() * 100
    np.testing.assert_allclose(d.to_numpy(), ref)  # numpy bincount reference
    assert list(d.index) == [1, 2, 3, 4, 5]
    assert d.sum() == pytest.approx(100.0)
    assert d.attrs["n"] == ok.sum()


def test_distribution_rejects_values_off_scale():
    with pytest.raises(InputError, match="not one of the categories"):
        distribution([1, 2, 7])
    with pytest.raises(InputError):
        distribution([1.5, 2])


# --------------------------------------------------------------------------------------------
# NPS
# --------------------------------------------------------------------------------------------


def test_nps_hand_example():
    x = [10, 9, 8, 7, 6, 3, 10, 9, 9, 0]
    est = nps(x)
    # by hand: promoters 10,9,10,9,9 = 5/10; detractors 6,3,0 = 3/10; passives 8,7 = 2/10
    assert (est.pct_promoters, est.pct_passives, est.pct_detractors) == (50.0, 20.0, 30.0)
    assert est.nps == pytest.approx(20.0)
    # Var = [0.5 + 0.3 - 0.2^2] / 10 = 0.076 (multinomial, Rocks 2016)
    assert est.se == pytest.approx(100 * np.sqrt(0.076))
    z = stats.norm.ppf(0.975)
    assert est.ci_low == pytest.approx(20 - z * 100 * np.sqrt(0.076))


def test_nps_variance_matches_simulation():
    # seeded multinomial simulation: 200,000 samples of n = 80 from (D, P, Pr) = (.35, .25, .40)
    rng = np.random.default_rng(12345)
    n, probs = 80, np.array([0.35, 0.25, 0.40])
    counts = rng.multinomial(n, probs, size=200_000)
    sim_var = np.var(100 * (counts[:, 2] - counts[:, 0]) / n)
    p_p, p_d = 0.40, 0.35
    formula = 100**2 * (p_p + p_d - (p_p - p_d) ** 2) / n
    assert sim_var == pytest.approx(formula, rel=0.01)
    # and the function's se on a sample with exactly these shares
    x = np.r_[np.zeros(28), np.full(20, 7.0), np.full(32, 10.0)]
    assert nps(x).se ** 2 == pytest.approx(formula)


def test_nps_uses_effective_n():
    x = np.r_[np.zeros(10), np.full(10, 10.0)]
    w = np.r_[np.full(10, 1.0), np.full(10, 3.0)]
    est = nps(x, w)
    # by hand: p_P = 30/40, p_D = 10/40; n_eff = 40^2 / (10 + 90) = 16
    assert est.nps == pytest.approx(50.0)
    assert est.n_eff == pytest.approx(16.0)
    assert est.se == pytest.approx(100 * np.sqrt((0.75 + 0.25 - 0.25) / 16))


def test_nps_interval_clipped_and_validated():
    est = nps([10, 10, 10, 9])
    assert est.nps == 100.0 and est.ci_high == 100.0
    with pytest.raises(InputError):
        nps([11, 5])
    with pytest.raises(InputError):
        nps([7.5])


# --------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------


def test_summarise_mean_matches_per_group_function(survey):
    respondents, ratings = survey
    table = summarise_ratings(ratings[ratings["item"] != "nps"], respondents)
    assert list(table.columns) == ["organisation", "item", *COLUMNS["mean"]]
    assert len(table) == 8
    # default organisation order IND, COA, DTV, keten; items alphabetical
    assert table["organisation"].tolist()[::2] == ["IND", "COA", "DTV", "keten"]
    w = respondents.set_index("respondent_id")["weight"]
    for row in table.itertuples():
        part = ratings[
            (ratings["organisation"] == row.organisation) & (ratings["item"] == row.item)
        ]
        ref = weighted_mean(part["value"], part["respondent_id"].map(w))
        assert row.n == ref.n
        assert (row.mean, row.se, row.ci_low, row.ci_high) == pytest.approx(
            (ref.mean, ref.se, ref.ci_low, ref.ci_high)
        )


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
    part = merged[merged["status"] == "afgewezen"]
    ref = pct_positive(part["value"], part["weight"])
    row = table.iloc[1]
    assert (row["pct"], row["ci_low"], row["ci_high"]) == pytest.approx(
        (ref.pct, ref.ci_low, ref.ci_high)
    )


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
    assert list(dist.columns) == [
        "organisation",
        "n",
        "n_eff",
        "pct_1",
        "pct_2",
        "pct_3",
        "pct_4",
        "pct_5",
    ]
    np.testing.assert_allclose(dist.filter(like="pct_").sum(axis=1), 100.0)
    table = summarise_ratings(
        ratings[ratings["item"] == "nps"], respondents, by=["organisation"], measure="nps"
    )
    assert list(table.columns) == ["organisation", *COLUMNS["nps"]]
    np.testing.assert_allclose(
        table[["pct_detractors", "pct_passives", "pct_promoters"]].sum(axis=1), 100.0
    )
    np.testing.assert_allclose(table["nps"], table["pct_promoters"] - table["pct_detractors"])


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


@pytest.mark.parametrize(
    ("ratings", "respondents", "kwargs", "message"),
    [
        (
            pd.DataFrame(
                {"respondent_id": ["a"], "organisation": "COA", "item": "x", "value": [1.0]}
            ),
            pd.DataFrame({"respondent_id": ["b"], "weight": [1.0]}),
            {},
            "not in respondents",
        ),
        (
            pd.DataFrame(
                {"respondent_id": ["a"], "organisation": "COA", "item": "x", "value": [1.0]}
            ),
            pd.DataFrame({"respondent_id": ["a", "a"], "weight": [1.0, 1.0]}),
            {},
            "more than once",
        ),
        (
            pd.DataFrame(
                {"respondent_id": ["a"], "organisation": "COA", "item": "x", "value": [1.0]}
            ),
            pd.DataFrame({"respondent_id": ["a"], "weight": [-1.0]}),
            {},
            "negative",
        ),
        (
            pd.DataFrame(
                {"respondent_id": ["a"], "organisation": "COA", "item": "x", "value": [1.0]}
            ),
            pd.DataFrame({"respondent_id": ["a"]}),
            {},
            "missing column",
        ),
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
            pd.DataFrame(
                {"respondent_id": ["a"], "organisation": "COA", "item": "x", "value": [1.0]}
            ),
            pd.DataFrame({"respondent_id": ["a"], "weight": [1.0]}),
            {"measure": "median"},
            "unknown measure",
        ),
        (
            pd.DataFrame(
                {"respondent_id": ["a"], "organisation": "COA", "item": "x", "value": [1.0]}
            ),
            pd.DataFrame({"respondent_id": ["a"], "weight": [1.0]}),
            {"by": ["status"]},
            "missing column",
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
