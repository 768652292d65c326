"""Tests of helpers.stats._compare against independent references (scipy, statsmodels, hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.oneway import anova_oneway
from statsmodels.stats.proportion import proportions_ztest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from helpers.errors import InputError
from helpers.stats import _compare
from helpers.stats._compare import (
    COLUMNS,
    chisquare_proportions,
    holm,
    nps_difference_test,
    two_proportion_ztest,
    welch_anova,
    welch_test,
)
from helpers.stats._estimates import weighted_mean

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


# --------------------------------------------------------------------------------------------
# Holm
# --------------------------------------------------------------------------------------------


def test_holm_hand_example():
    # by hand: sorted 0.01, 0.03, 0.04 times 3, 2, 1 -> 0.03, 0.06, 0.04; running max ->
    # 0.03, 0.06, 0.06; back in input order [0.01, 0.04, 0.03] -> [0.03, 0.06, 0.06]
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])


def test_holm_matches_statsmodels_with_ties_and_nan():
    rng = np.random.default_rng(11)
    p = np.r_[rng.uniform(0, 0.2, 30), [0.01, 0.01, 0.5, 1.0]]
    np.testing.assert_allclose(holm(p), multipletests(p, method="holm")[1])  # statsmodels
    with_nan = np.r_[p[:5], np.nan]
    np.testing.assert_allclose(holm(with_nan)[:5], multipletests(p[:5], method="holm")[1])


def test_holm_second_hand_example_with_cap():
    # by hand: sorted 0.002, 0.02, 0.3, 0.6 times 4, 3, 2, 1 -> 0.008, 0.06, 0.6, 0.6; capped at 1
    np.testing.assert_allclose(holm([0.6, 0.002, 0.3, 0.02]), [0.6, 0.008, 0.6, 0.06])
    np.testing.assert_allclose(holm([0.5, 0.9]), [1.0, 1.0])  # 2 x 0.5 = 1, max(1, 0.9) = 1


def test_holm_ignores_nan_and_validates():
    out = holm([0.01, np.nan, 0.04])
    np.testing.assert_allclose(out, [0.02, np.nan, 0.04])  # family of 2: 2 x 0.01, 1 x 0.04
    with pytest.raises(InputError):
        holm([1.2])


# --------------------------------------------------------------------------------------------
# Welch
# --------------------------------------------------------------------------------------------


def test_welch_unit_weights_matches_scipy():
    rng = np.random.default_rng(5)
    a = rng.integers(1, 6, 45).astype(float)
    b = rng.integers(2, 6, 31).astype(float)
    ea, eb = weighted_mean(a), weighted_mean(b)
    t, df, p = welch_test(ea.mean, ea.se, ea.n_eff, eb.mean, eb.se, eb.n_eff)
    ref = stats.ttest_ind(a, b, equal_var=False)  # scipy Welch
    assert float(t) == pytest.approx(ref.statistic)
    assert float(p) == pytest.approx(ref.pvalue)
    assert float(df) == pytest.approx(ref.df)


def test_welch_weighted_matches_statsmodels_comparemeans():
    rng = np.random.default_rng(6)
    a, b = rng.integers(1, 6, 60).astype(float), rng.integers(1, 6, 50).astype(float)
    wa, wb = rng.uniform(0.3, 2.5, 60), rng.uniform(0.3, 2.5, 50)
    ea, eb = weighted_mean(a, wa), weighted_mean(b, wb)
    t, df, p = welch_test(ea.mean, ea.se, ea.n_eff, eb.mean, eb.se, eb.n_eff)
    # statsmodels CompareMeans with weights rescaled to sum to the Kish n_eff of each group
    da = DescrStatsW(a, weights=wa * ea.n_eff / wa.sum())
    db = DescrStatsW(b, weights=wb * eb.n_eff / wb.sum())
    ref_t, ref_p, ref_df = CompareMeans(da, db).ttest_ind(usevar="unequal")
    assert (float(t), float(p), float(df)) == pytest.approx((ref_t, ref_p, ref_df))


def test_welch_degenerate_is_nan():
    t, df, p = welch_test(4.0, 0.0, 20, 3.0, 0.0, 20)
    assert np.isnan(t) and np.isnan(p)


def test_welch_anova_matches_statsmodels():
    rng = np.random.default_rng(8)
    groups = [rng.normal(m, s, n) for m, s, n in [(3.0, 1.0, 30), (3.4, 0.6, 25), (3.9, 1.3, 40)]]
    ests = [weighted_mean(g) for g in groups]
    f, df1, df2, p = welch_anova(
        [e.mean for e in ests], [e.se for e in ests], [e.n_eff for e in ests]
    )
    ref = anova_oneway(groups, use_var="unequal", welch_correction=True)  # statsmodels
    assert (f, df1, df2, p) == pytest.approx((ref.statistic, *ref.df, ref.pvalue))


# --------------------------------------------------------------------------------------------
# proportions
# --------------------------------------------------------------------------------------------


def test_two_proportion_ztest_matches_statsmodels_and_chi2():
    z, p = two_proportion_ztest(33 / 50, 50, 21 / 47, 47)
    ref_z, ref_p = proportions_ztest([33, 21], [50, 47])  # statsmodels, pooled variance
    assert (float(z), float(p)) == pytest.approx((ref_z, ref_p))
    chi2 = stats.chi2_contingency([[33, 17], [21, 26]], correction=False)[0]  # scipy
    assert float(z) ** 2 == pytest.approx(chi2)


def test_chisquare_proportions_matches_scipy():
    counts = np.array([[12, 18], [20, 15], [30, 10]])  # positives, negatives per group
    n = counts.sum(axis=1)
    chi2, df, p = chisquare_proportions(counts[:, 0] / n, n)
    ref = stats.chi2_contingency(counts, correction=False)  # scipy
    assert (chi2, df, p) == pytest.approx((ref[0], ref[2], ref[1]))


# --------------------------------------------------------------------------------------------
# compare_groups
# --------------------------------------------------------------------------------------------


def test_compare_groups_columns_and_estimates():
    # afgewezen: mean 4.2 (sd small), vergunning na beroep: 3.8; 60 each -> clearly significant
    ratings, respondents = make_data(
        {
            "afgewezen": [4.0] * 48 + [5.0] * 12,  # mean by hand: (192 + 60) / 60 = 4.2
            "vergunning_na_beroep": [4.0] * 48 + [3.0] * 12,  # (192 + 36) / 60 = 3.8
        }
    )
    table = compare_groups(ratings, respondents, "status")
    assert list(table.columns) == ["organisation", "item", *COLUMNS]
    row = table.iloc[0]
    assert (row["estimate_a"], row["estimate_b"]) == pytest.approx((4.2, 3.8))
    assert row["difference"] == pytest.approx(0.4)
    assert bool(row["significant"])


def test_compare_groups_matches_scipy_welch_for_unit_weights():
    rng = np.random.default_rng(21)
    a, b = rng.integers(1, 6, 40).astype(float), rng.integers(1, 6, 35).astype(float)
    ratings, respondents = make_data({"afgewezen": a, "vergunning_na_beroep": b})
    row = compare_groups(ratings, respondents, "status").iloc[0]
    ref = stats.ttest_ind(a, b, equal_var=False)  # scipy Welch
    assert (row["statistic"], row["p_value"], row["df"]) == pytest.approx(
        (ref.statistic, ref.pvalue, ref.df)
    )
    assert row["test"] == "welch_t"


def test_compare_groups_proportions_matches_statsmodels():
    a = [5.0] * 30 + [2.0] * 10  # 30/40 positive
    b = [4.0] * 15 + [1.0] * 25  # 15/40 positive
    ratings, respondents = make_data({"afgewezen": a, "vergunning_na_beroep": b})
    table = compare_groups(ratings, respondents, "status", "pct_positive")
    row = table.iloc[0]
    ref_z, ref_p = proportions_ztest([30, 15], [40, 40])  # statsmodels
    assert (row["statistic"], row["p_value"]) == pytest.approx((ref_z, ref_p))
    assert (row["estimate_a"], row["estimate_b"]) == pytest.approx((75.0, 37.5))


def test_compare_groups_many_groups_all_pairs_and_holm_over_table():
    rng = np.random.default_rng(2)
    values = {
        g: rng.integers(1, 6, 30) + shift
        for g, shift in zip(["A", "B", "C", "D"], [0.0, 0.0, 0.5, 1.0], strict=True)
    }
    ratings, respondents = make_data(values, group_col="azc")
    extra, _ = make_data(values, group_col="azc", organisation="IND")
    ratings = pd.concat([ratings, extra], ignore_index=True)
    table = compare_groups(ratings, respondents, "azc", groups=["D", "C", "B", "A"])
    assert len(table) == 2 * 6  # 2 organisations x 4 choose 2 pairs
    assert table[["group_a", "group_b"]].iloc[:6].values.tolist() == [
        ["D", "C"],
        ["D", "B"],
        ["D", "A"],
        ["C", "B"],
        ["C", "A"],
        ["B", "A"],
    ]
    # Holm over the whole table (statsmodels multipletests as reference)
    np.testing.assert_allclose(table["p_holm"], multipletests(table["p_value"], method="holm")[1])
    per_org = compare_groups(ratings, respondents, "azc", family_cols=["organisation"])
    for _, part in per_org.groupby("organisation"):
        np.testing.assert_allclose(part["p_holm"], multipletests(part["p_value"], method="holm")[1])


def test_compare_groups_small_group_never_tested_nor_named():
    ratings, respondents = make_data(
        {
            "Syrië": [4.0, 5.0] * 20,
            "Eritrea": [1.0, 2.0] * 20,
            "Jemen": [1.0, 1.0, 1.0],
        },
        group_col="nationaliteit",
    )
    table = compare_groups(ratings, respondents, "nationaliteit")
    assert "Jemen" not in set(table["group_a"]) | set(table["group_b"])
    assert len(table) == 1


def test_compare_groups_weighted_uses_kish():
    rng = np.random.default_rng(9)
    a, b = rng.integers(1, 6, 50).astype(float), rng.integers(1, 6, 50).astype(float)
    wa, wb = rng.uniform(0.5, 2, 50), rng.uniform(0.5, 2, 50)
    ratings, respondents = make_data(
        {"afgewezen": a, "vergunning_na_beroep": b},
        weights_by_group={"afgewezen": wa, "vergunning_na_beroep": wb},
    )
    row = compare_groups(ratings, respondents, "status").iloc[0]
    ea, eb = weighted_mean(a, wa), weighted_mean(b, wb)
    da = DescrStatsW(a, weights=wa * ea.n_eff / wa.sum())
    db = DescrStatsW(b, weights=wb * eb.n_eff / wb.sum())
    ref_t, ref_p, _ = CompareMeans(da, db).ttest_ind(usevar="unequal")  # statsmodels
    assert (row["statistic"], row["p_value"]) == pytest.approx((ref_t, ref_p))


def test_omnibus_chi2_and_welch_anova():
    ratings, respondents = make_data(
        {
            "A": [5.0] * 12 + [1.0] * 18,
            "B": [5.0] * 20 + [1.0] * 15,
            "C": [5.0] * 30 + [1.0] * 10,
        },
        group_col="azc",
    )
    table = omnibus_tests(ratings, respondents, "azc")
    ref = stats.chi2_contingency([[12, 18], [20, 15], [30, 10]], correction=False)  # scipy
    assert (table.loc[0, "statistic"], table.loc[0, "p_value"]) == pytest.approx((ref[0], ref[1]))
    means = omnibus_tests(ratings, respondents, "azc", "mean")
    assert means.loc[0, "test"] == "welch_anova" and means.loc[0, "k"] == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure": "distribution"}, "measures"),
        ({"cells": [("COA", "totaaloordeel")]}, "cells must be a DataFrame"),
        ({"groups": ["afgewezen", "onbekend"]}, "not in the data"),
        ({"by": ["status"]}, "also in `by`"),
        ({"alpha": 0}, "alpha"),
    ],
)
def test_compare_groups_bad_input(kwargs, message):
    ratings, respondents = make_data({"afgewezen": [4.0] * 20, "vergunning_na_beroep": [3.0] * 20})
    with pytest.raises(InputError, match=message):
        compare_groups(ratings, respondents, "status", **kwargs)


# --------------------------------------------------------------------------------------------
# NPS differences and the cells a protected table shows
# --------------------------------------------------------------------------------------------


def test_nps_difference_test_by_hand():
    # by hand: z = (10 - (-20)) / sqrt(5^2 + 12^2) = 30 / 13 = 2.3077; p = 2 (1 - Phi(2.3077))
    z, p = nps_difference_test(10.0, 5.0, -20.0, 12.0)
    assert float(z) == pytest.approx(30 / 13)
    assert float(p) == pytest.approx(2 * stats.norm.sf(30 / 13))
    z, p = nps_difference_test([1.0], [0.0], [2.0], [0.0])
    assert np.isnan(z).all() and np.isnan(p).all()


def test_compare_groups_nps_matches_multinomial_by_hand():
    a = np.r_[np.full(30, 10.0), np.full(20, 8.0), np.full(10, 3.0)]  # P .5, D 1/6
    b = np.r_[np.full(10, 9.0), np.full(20, 7.0), np.full(30, 2.0)]  # P 1/6, D .5
    ratings, respondents = make_data({"binnen": a, "buiten": b}, item="nps", group_col="positie")
    row = compare_groups(ratings, respondents, "positie", "nps").iloc[0]
    # by hand (unit weights): NPS_a = 100 (1/2 - 1/6) = 33.3; NPS_b = -33.3;
    # se^2 = 100^2 [P + D - (P - D)^2] / n, the same for both groups
    pp, dd = 0.5, 1 / 6
    se = 100 * np.sqrt((pp + dd - (pp - dd) ** 2) / 60)
    assert row["estimate_a"] == pytest.approx(100 / 3)
    assert row["estimate_b"] == pytest.approx(-100 / 3)
    assert row["statistic"] == pytest.approx((200 / 3) / np.sqrt(2 * se**2))
    assert row["test"] == "z_nps" and bool(row["significant"])


def test_compare_groups_tests_only_the_listed_cells():
    rng = np.random.default_rng(3)
    ratings, respondents = make_data(
        {
            "A": rng.integers(1, 6, 40).astype(float),
            "B": rng.integers(1, 6, 40).astype(float),
            "C": rng.integers(1, 6, 12).astype(float),
        },
        group_col="azc",
    )
    full = compare_groups(ratings, respondents, "azc")
    assert len(full) == 3
    cells = pd.DataFrame(
        {"organisation": ["COA", "COA"], "item": ["totaaloordeel"] * 2, "azc": ["A", "B"]}
    )
    only = compare_groups(ratings, respondents, "azc", cells=cells)
    assert list(zip(only["group_a"], only["group_b"], strict=True)) == [("A", "B")]
    # the Holm family is the tested cells only: one test, so p_holm == p_value
    assert only.loc[0, "p_holm"] == pytest.approx(only.loc[0, "p_value"])
