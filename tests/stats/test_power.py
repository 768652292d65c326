"""Tests of helpers.stats._power against closed forms, Cohen's (1988) tables, simulation and
statsmodels' own solver."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.power import FTestAnovaPower, TTestIndPower

from helpers.errors import InputError
from helpers.stats import _power as pw


def z(q):
    return stats.norm.ppf(q)


def closed_form_n(delta, sd, alpha=0.05, power=0.8, ratio=1.0):
    """n1 = (z_{1-α/2} + z_{1-β})² σ² (1 + 1/ratio) / δ², written out independently."""
    return (z(1 - alpha / 2) + z(power)) ** 2 * sd**2 * (1 + 1 / ratio) / delta**2


# ------------------------------------------------------------------ two groups: published tables


@pytest.mark.parametrize(
    "d, table_n",
    [
        # Cohen (1988) Table 2.4.1, a2 = .05 (two-sided), power .80: n per group
        (0.2, 393),
        (0.5, 64),
        (0.8, 26),
    ],
)
def test_n_per_group_matches_cohen_table_2_4_1(d, table_n):
    n = pw.n_per_group(d, 1.0)
    # Cohen's table gives the nearest whole n (it was computed with an approximation);
    # the exact t-based value is within 1 of it and rounds to it.
    assert abs(n - table_n) < 1
    assert round(n) == table_n


def test_scale_points_and_sd_enter_only_through_cohens_d():
    # difference 0.3 with sd 1.2 is d = 0.25
    assert pw.n_per_group(0.3, 1.2) == pytest.approx(pw.n_per_group(0.25, 1.0), rel=1e-9)
    assert pw.cohens_d(0.3, 1.2) == pytest.approx(0.25)


@pytest.mark.parametrize(
    "delta, sd, ratio", [(0.5, 1.0, 1.0), (0.2, 1.1, 1.0), (0.3, 0.9, 2.0), (0.1, 1.0, 0.5)]
)
def test_normal_method_is_closed_form_and_t_is_about_one_more(delta, sd, ratio):
    normal = pw.n_per_group(delta, sd, ratio=ratio, method="normal")
    assert normal == pytest.approx(closed_form_n(delta, sd, ratio=ratio), rel=1e-12)
    extra = pw.n_per_group(delta, sd, ratio=ratio) - normal
    # the t-test needs slightly more: about +1 respondent per group; for equal groups
    # Guenther's (1981) correction z²_{1-α/2}/4 = 1.96²/4 = 0.96
    assert 0.3 < extra < 1.6
    if ratio == 1:
        assert extra == pytest.approx(z(0.975) ** 2 / 4, abs=0.1)


def test_t_solution_agrees_with_statsmodels_solve_power():
    # statsmodels' own (scalar) root finder as second reference
    for d, ratio in [(0.25, 1.0), (0.4, 3.0), (0.15, 0.7)]:
        expected = TTestIndPower().solve_power(effect_size=d, alpha=0.05, power=0.8, ratio=ratio)
        assert pw.n_per_group(d, 1.0, ratio=ratio) == pytest.approx(expected, rel=1e-6)


def test_power_against_scipy_noncentral_t():
    # independent of statsmodels: P(|T| > t_crit) with T ~ nct(df, δ/sqrt(1/n1 + 1/n2))
    n1, ratio, d = 80.0, 1.5, 0.4
    n2 = ratio * n1
    df = n1 + n2 - 2
    nc = d / np.sqrt(1 / n1 + 1 / n2)
    crit = stats.t.ppf(0.975, df)
    expected = stats.nct.sf(crit, df, nc) + stats.nct.cdf(-crit, df, nc)
    assert pw.power_two_means(0.4, 1.0, n1, ratio=ratio) == pytest.approx(expected, rel=1e-9)


def test_power_by_simulation():
    # brute force: 20000 seeded replicates of two groups of 64 with d = 0.5, pooled t-test.
    # Expected about 0.80 (Cohen 1988 §2.3); Monte Carlo se ≈ sqrt(.8·.2/20000) ≈ 0.003.
    rng = np.random.default_rng(20240601)
    reps, n = 20000, 64
    a = rng.normal(0.0, 1.0, size=(reps, n))
    b = rng.normal(0.5, 1.0, size=(reps, n))
    p = stats.ttest_ind(a, b, axis=1).pvalue
    simulated = np.mean(p < 0.05)
    assert simulated == pytest.approx(pw.power_two_means(0.5, 1.0, 64), abs=4 * 0.003)


# ------------------------------------------------------------------ round trips


@pytest.mark.parametrize(
    "delta, sd, alpha, power, ratio, deff",
    [
        (0.2, 1.0, 0.05, 0.8, 1.0, 1.0),
        (0.35, 1.2, 0.01, 0.9, 2.0, 1.4),
        (0.1, 0.8, 0.10, 0.7, 0.5, 2.0),
    ],
)
def test_round_trips(delta, sd, alpha, power, ratio, deff):
    kw = dict(alpha=alpha, ratio=ratio, deff=deff)
    n = pw.n_per_group(delta, sd, power=power, **kw)
    # power at the solved n is the requested power
    assert pw.power_two_means(delta, sd, n, **kw) == pytest.approx(power, abs=1e-9)
    # the detectable difference at that n is the input difference
    assert pw.minimum_detectable_difference(n, sd, power=power, **kw) == pytest.approx(
        delta, rel=1e-8
    )
    # and statsmodels' solver gives back alpha, power, ratio and d at the effective n
    # (its root finder stops at a looser tolerance, hence rel=1e-3)
    sm = TTestIndPower()
    n_eff, d = n / deff, delta / sd
    assert sm.solve_power(
        effect_size=d, nobs1=n_eff, alpha=None, power=power, ratio=ratio
    ) == pytest.approx(alpha, rel=1e-3)
    assert sm.solve_power(
        effect_size=d, nobs1=n_eff, alpha=alpha, power=None, ratio=ratio
    ) == pytest.approx(power, rel=1e-8)
    assert sm.solve_power(
        effect_size=d, nobs1=n_eff, alpha=alpha, power=power, ratio=None
    ) == pytest.approx(ratio, rel=1e-3)
    assert sm.solve_power(
        effect_size=None, nobs1=n_eff, alpha=alpha, power=power, ratio=ratio
    ) == pytest.approx(d, rel=1e-3)


def test_deff_multiplies_n_and_divides_effective_n():
    base = pw.n_per_group(0.25, 1.0)
    assert pw.n_per_group(0.25, 1.0, deff=1.7) == pytest.approx(1.7 * base, rel=1e-10)
    assert pw.minimum_detectable_difference(300 * 1.7, 1.0, deff=1.7) == pytest.approx(
        pw.minimum_detectable_difference(300, 1.0), rel=1e-10
    )


def test_mde_normal_closed_form():
    # δ = (z_{.975} + z_{.8}) σ sqrt((1 + 1/r) deff / n), written out
    n, sd, r, deff = 250.0, 1.1, 2.0, 1.3
    expected = (z(0.975) + z(0.8)) * sd * np.sqrt((1 + 1 / r) * deff / n)
    assert pw.minimum_detectable_difference(
        n, sd, ratio=r, deff=deff, method="normal"
    ) == pytest.approx(expected)


def test_large_noncentrality_does_not_derail_the_solver():
    # scipy's nctdtr gives NaN for some far tails (e.g. df ≈ 788, nc ≈ 9-40); the power there
    # is ~1 and must be treated so, otherwise bisection walks to a wrong root
    n_eff = 368.86 / 1.4
    d = np.linspace(0.1, 2.0, 40)
    p = pw._t_power(d, n_eff, 0.01, 2.0)
    assert not np.isnan(p).any()
    assert np.all(np.diff(p) >= -1e-12)
    assert p[-1] == pytest.approx(1.0)


def test_vectorised_over_n_and_difference():
    ns = np.array([50.0, 100.0, 400.0])
    mdes = pw.minimum_detectable_difference(ns, 1.0)
    assert mdes.shape == (3,)
    np.testing.assert_allclose(mdes, [pw.minimum_detectable_difference(n, 1.0) for n in ns])
    assert np.all(np.diff(mdes) < 0)
    np.testing.assert_allclose(pw.n_per_group(mdes, 1.0), ns, rtol=1e-8)


@pytest.mark.parametrize(
    "call",
    [
        lambda: pw.n_per_group(0.2, 1.0, power=1.0),
        lambda: pw.n_per_group(0.2, 1.0, alpha=0.0),
        lambda: pw.n_per_group(0.2, 1.0, power=0.04),  # power below alpha
        lambda: pw.n_per_group(0.0, 1.0),
        lambda: pw.n_per_group(0.2, -1.0),
        lambda: pw.n_per_group(0.2, 1.0, ratio=0),
        lambda: pw.n_per_group(0.2, 1.0, deff=0),
        lambda: pw.n_per_group(0.2, 1.0, method="z"),
        lambda: pw.n_per_group("a", 1.0),
        lambda: pw.minimum_detectable_difference(1.0, 1.0),  # no degrees of freedom
        lambda: pw.minimum_detectable_difference(10.0, 1.0, deff=8),
        lambda: pw.power_two_means(0.2, 1.0, 1.0),
    ],
)
def test_impossible_input_raises_input_error(call):
    with pytest.raises(InputError):
        call()


# ------------------------------------------------------------------ one mean


def test_ci_half_width_normal_and_t():
    assert pw.mean_ci_half_width(100, 1.0, method="normal") == pytest.approx(z(0.975) / 10)
    assert pw.mean_ci_half_width(100, 1.0) == pytest.approx(stats.t.ppf(0.975, 99) / 10)
    # design effect 2: like 50 respondents
    assert pw.mean_ci_half_width(100, 1.0, deff=2) == pytest.approx(
        stats.t.ppf(0.975, 49) / np.sqrt(50)
    )
    assert pw.mean_ci_half_width(400, 1.2, confidence=0.9, method="normal") == pytest.approx(
        z(0.95) * 1.2 / 20
    )


def test_n_for_ci_half_width_round_trip():
    for method in ("t", "normal"):
        n = pw.n_for_ci_half_width(0.1, 1.1, deff=1.3, method=method)
        assert pw.mean_ci_half_width(n, 1.1, deff=1.3, method=method) == pytest.approx(
            0.1, rel=1e-9
        )
    # normal closed form (z σ / h)² by hand: (1.96 / 0.196)² = 100
    assert pw.n_for_ci_half_width(z(0.975) / 10, 1.0, method="normal") == pytest.approx(100)


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


# ------------------------------------------------------------------ several subgroups


def test_pairwise_alpha_bonferroni_and_holm_first_step():
    assert pw.pairwise_alpha(0.05, k_groups=4) == pytest.approx(0.05 / 6)  # 4·3/2 = 6 pairs
    assert pw.pairwise_alpha(0.05, k_groups=4, adjustment="holm") == pytest.approx(0.05 / 6)
    assert pw.pairwise_alpha(0.05, n_comparisons=3) == pytest.approx(0.05 / 3)
    for bad in [
        dict(),
        dict(k_groups=1),
        dict(k_groups=2.5),
        dict(n_comparisons=0),
        dict(k_groups=3, adjustment="sidak"),
    ]:
        with pytest.raises(InputError):
            pw.pairwise_alpha(0.05, **bad)


def test_n_per_group_pairwise():
    # k = 5 nationalities: m = 10 pairs, alpha 0.005 per pair
    n = pw.n_per_group_pairwise(0.3, 1.0, 5)
    assert n == pytest.approx(pw.n_per_group(0.3, 1.0, alpha=0.005))
    normal = closed_form_n(0.3, 1.0, alpha=0.005)
    # Guenther's (1981) correction: the t-test needs about z²_{1-α/2}/4 more per group than the
    # normal formula (equal groups): 2.807² / 4 = 1.97 at α = 0.005
    assert n - normal == pytest.approx(z(1 - 0.005 / 2) ** 2 / 4, abs=0.1)
    assert pw.n_per_group_pairwise(0.3, 1.0, 5, adjustment="holm") == pytest.approx(n)


@pytest.mark.parametrize(
    "k, table_n",
    [
        # Cohen (1988) Table 8.4.4, α = .05, power .80, f = .25: u = 2 -> 52, u = 3 -> 45
        (3, 52),
        (4, 45),
    ],
)
def test_n_per_group_anova_matches_cohen_table_8_4_4(k, table_n):
    n = pw.n_per_group_anova(k, cohens_f=0.25)
    assert abs(n - table_n) < 1
    assert round(n) == table_n


def test_anova_effect_size_is_f_not_f_squared():
    # statsmodels' FTestAnovaPower takes f (noncentrality f² N): check against scipy's noncentral
    # F written out, and that reading 0.25 as f² (f = 0.5) would give a very different power.
    f, n, k = 0.25, 52, 3
    big_n = n * k
    crit = stats.f.ppf(0.95, k - 1, big_n - k)
    expected = stats.ncf.sf(crit, k - 1, big_n - k, f**2 * big_n)
    assert pw.power_anova(f, n, k) == pytest.approx(expected, rel=1e-9)
    assert FTestAnovaPower().power(
        effect_size=f, nobs=big_n, alpha=0.05, k_groups=k
    ) == pytest.approx(expected, rel=1e-9)
    as_f2 = stats.ncf.sf(crit, k - 1, big_n - k, f * big_n)  # λ = f² N with f² = 0.25
    assert as_f2 > 0.99 and expected < 0.81


def test_anova_with_two_groups_equals_t_test():
    # F = t² for two groups, with f = d/2: the F-test n equals the t-test n exactly
    for d in (0.2, 0.5):
        assert pw.n_per_group_anova(2, cohens_f=d / 2) == pytest.approx(
            pw.n_per_group(d, 1.0), rel=1e-8
        )


def test_anova_from_group_means_and_round_trip():
    means, sd = [3.4, 3.6, 3.8, 3.5], 0.9
    # Cohen's f by hand: mean 3.575, deviations -.175, .025, .225, -.075;
    # σ_m = sqrt((.030625 + .000625 + .050625 + .005625)/4) = sqrt(.021875) = .147902
    f = np.sqrt(0.021875) / sd
    assert pw.cohens_f_from_means(means, sd) == pytest.approx(f)
    n = pw.n_per_group_anova(group_means=means, sd=sd, deff=1.2)
    assert n == pytest.approx(1.2 * pw.n_per_group_anova(4, cohens_f=f))
    assert pw.power_anova(f, n, 4, deff=1.2) == pytest.approx(0.8, abs=1e-9)
    with pytest.raises(InputError):
        pw.n_per_group_anova(4, cohens_f=f, group_means=means, sd=sd)
    with pytest.raises(InputError):
        pw.n_per_group_anova(group_means=[3.5, 3.5], sd=1.0)
    with pytest.raises(InputError):
        pw.n_per_group_anova(cohens_f=0.25)


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
