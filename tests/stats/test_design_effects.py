"""Tests of helpers.stats._design_effects against hand computations and other libraries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.stats import _design_effects as de

# ------------------------------------------------------------------ Kish's weighting effect


def test_kish_deff_hand_computed():
    # weights 1, 1, 2, 4: n = 4, Σw = 8, Σw² = 1 + 1 + 4 + 16 = 22 -> 4 · 22 / 64 = 1.375 (by hand)
    assert de.kish_deff([1, 1, 2, 4]) == pytest.approx(1.375)


def test_kish_deff_equals_one_plus_cv_squared():
    # independent route: 1 + CV² with the population variance (numpy var, ddof=0)
    w = np.random.default_rng(7).lognormal(0.0, 0.5, size=500)
    assert de.kish_deff(w) == pytest.approx(1 + np.var(w) / np.mean(w) ** 2, rel=1e-12)


def test_kish_deff_scale_invariant_and_one_for_equal_weights():
    w = np.array([0.5, 1.5, 2.0, 0.25])
    assert de.kish_deff(w) == pytest.approx(de.kish_deff(10 * w))
    assert de.kish_deff(np.full(9, 3.0)) == pytest.approx(1.0)


@pytest.mark.parametrize("weights", [[], [1.0, 0.0], [1.0, -1.0], [1.0, np.nan], [np.inf]])
def test_kish_deff_rejects_unusable_weights(weights):
    with pytest.raises(InputError):
        de.kish_deff(weights)


# ------------------------------------------------------------------ ICC


def test_icc_balanced_hand_anova():
    # 3 clusters of 3: a = 1,2,3 (mean 2), b = 2,3,4 (mean 3), c = 3,4,5 (mean 4); grand mean 3.
    # SSB = 3·(1 + 0 + 1) = 6, MSB = 6/2 = 3; SSW = 3 · 2 = 6, MSW = 6/6 = 1; m0 = 3.
    # ICC = (3 - 1) / (3 + 2·1) = 0.4 (by hand)
    y = [1, 2, 3, 2, 3, 4, 3, 4, 5]
    g = list("aaabbbccc")
    assert de.icc_anova(y, g) == pytest.approx(0.4)


def test_icc_matches_mixedlm_reml_on_balanced_data():
    # reference: statsmodels MixedLM (REML) random intercept, ICC = σ²_u / (σ²_u + σ²_e);
    # for balanced data with a positive estimate REML equals the ANOVA estimator.
    smf = pytest.importorskip("statsmodels.formula.api")
    rng = np.random.default_rng(2024)
    k, m = 20, 5
    y = 3 + np.repeat(rng.normal(0, 0.5, k), m) + rng.normal(0, 1, k * m)
    df = pd.DataFrame({"y": y, "g": np.repeat(np.arange(k), m)})
    fit = smf.mixedlm("y ~ 1", df, groups=df["g"]).fit(reml=True)
    assert fit.converged
    s2u = float(fit.cov_re.iloc[0, 0])
    expected = s2u / (s2u + fit.scale)
    assert expected > 0.05  # a clearly positive ICC, so no truncation is involved
    assert de.icc_anova(df["y"], df["g"]) == pytest.approx(expected, rel=1e-3)


def test_icc_unequal_clusters_matches_ols_anova_table_and_hand_m0():
    # reference: mean squares from statsmodels' anova_lm of y ~ C(g), m0 from a plain loop
    sm = pytest.importorskip("statsmodels.api")
    smf = pytest.importorskip("statsmodels.formula.api")
    rng = np.random.default_rng(11)
    sizes = [2, 7, 4, 12, 1, 5]
    g = np.repeat(np.arange(len(sizes)), sizes)
    y = rng.normal(size=g.size) + 0.8 * rng.normal(size=len(sizes))[g]
    table = sm.stats.anova_lm(smf.ols("y ~ C(g)", pd.DataFrame({"y": y, "g": g})).fit())
    msb, msw = table["mean_sq"].iloc[0], table["mean_sq"].iloc[1]
    n = sum(sizes)
    m0 = (n - sum(s * s for s in sizes) / n) / (len(sizes) - 1)
    expected = (msb - msw) / (msb + (m0 - 1) * msw)
    assert de.adjusted_mean_cluster_size(sizes) == pytest.approx(m0)
    assert de.icc_anova(y, g) == pytest.approx(expected, rel=1e-10)


def test_icc_drops_missing_values_and_clusters():
    y = [1, 2, 3, 2, 3, 4, 3, 4, 5, np.nan, 9.0]
    g = list("aaabbbccc") + ["c", None]
    assert de.icc_anova(y, g) == pytest.approx(0.4)


def test_icc_negative_and_truncated():
    # cluster means equal (2, 2), within variation only: MSB = 0, MSW = 1 -> ICC = -1/(m0 - 1)
    # = -1/(3 - 1) = -0.5 (by hand)
    y = [1, 2, 3, 3, 2, 1]
    g = list("aaabbb")
    assert de.icc_anova(y, g) == pytest.approx(-0.5)
    assert de.icc_anova(y, g, truncate=True) == 0.0


@pytest.mark.parametrize(
    "y, g",
    [
        ([1, 2, 3], ["a", "a", "a"]),  # one cluster
        ([1, 2], ["a", "b"]),  # no within-cluster information
        ([2, 2, 2, 2], ["a", "a", "b", "b"]),  # no variation
    ],
)
def test_icc_unestimable_raises(y, g):
    with pytest.raises(InputError):
        de.icc_anova(y, g)


# ------------------------------------------------------------------ cluster sizes and deff


def test_adjusted_mean_cluster_size_hand():
    # sizes 2, 4, 6: N = 12, Σm² = 56 -> (12 - 56/12) / 2 = 3.6667 (by hand)
    assert de.adjusted_mean_cluster_size([2, 4, 6]) == pytest.approx((12 - 56 / 12) / 2)
    assert de.adjusted_mean_cluster_size([5, 5, 5, 5]) == pytest.approx(5)


def test_mean_cluster_size_variants():
    # sizes 5, 15: mean 10; size weighted (25 + 225) / 20 = 12.5 = 10 · (1 + CV²), CV² = 25/100
    assert de.mean_cluster_size([5, 15], kind="mean") == pytest.approx(10)
    assert de.mean_cluster_size([5, 15]) == pytest.approx(12.5)
    with pytest.raises(InputError):
        de.mean_cluster_size([5, 15], kind="median")


def test_size_weighted_deff_is_exact_variance_ratio():
    # brute force: the variance of the respondent mean under an exchangeable within-cluster
    # correlation matrix (σ² = 1) divided by the SRS variance 1/N equals
    # 1 + (Σm²/N - 1) ρ, i.e. the clustering deff with the size-weighted mean cluster size.
    sizes, rho = [1, 3, 8, 4], 0.15
    n = sum(sizes)
    cov = np.zeros((n, n))
    start = 0
    for m in sizes:
        cov[start : start + m, start : start + m] = rho
        start += m
    np.fill_diagonal(cov, 1.0)
    var_mean = np.ones(n) @ cov @ np.ones(n) / n**2
    expected = var_mean / (1 / n)
    got = de.clustering_deff(de.mean_cluster_size(sizes, "size_weighted"), rho)
    assert got == pytest.approx(expected, rel=1e-12)


def test_clustering_deff_formula():
    # 1 + (11 - 1) · 0.02 = 1.2 (by hand)
    assert de.clustering_deff(11, 0.02) == pytest.approx(1.2)
    np.testing.assert_allclose(de.clustering_deff([1, 21], 0.05), [1.0, 2.0])
    for bad in [(0.5, 0.1), (10, 1.5), (10, -0.5), (np.nan, 0.1)]:
        with pytest.raises(InputError):
            de.clustering_deff(*bad)


# ------------------------------------------------------------------ fpc, effective n, product


def test_finite_population_correction():
    assert de.finite_population_correction(200, 1000) == pytest.approx(0.8)  # 1 - 200/1000
    np.testing.assert_allclose(de.finite_population_correction([100, 50], [200, 1000]), [0.5, 0.95])
    with pytest.raises(InputError):
        de.finite_population_correction(300, 200)


def test_n_with_fpc_round_trip():
    # n = n0 / (1 + n0/N) must satisfy (1 - n/N) / n = 1 / n0: same variance as n0 from an
    # infinite population
    n0, big_n = 385.0, 2000.0
    n = de.n_with_fpc(n0, big_n)
    assert (1 - n / big_n) / n == pytest.approx(1 / n0)
    assert de.n_with_fpc(400, 400) == pytest.approx(200)  # 400 / (1 + 1), by hand


def test_effective_sample_size_and_combined():
    assert de.effective_sample_size(300, 1.5) == pytest.approx(200)
    assert de.combined_deff(1.25, 1.2) == pytest.approx(1.5)  # 1.25 · 1.2
    assert de.combined_deff(1.25, 1.2, fpc=0.8) == pytest.approx(1.2)  # 1.25 · 1.2 · 0.8
    with pytest.raises(InputError):
        de.effective_sample_size(100, 0)
    with pytest.raises(InputError):
        de.combined_deff(1.2, 1.0, fpc=1.5)


# ------------------------------------------------------------------ fixed number of clusters


@pytest.mark.parametrize(
    "n_eff, rho, k, w",
    [(100, 0.05, 20, 1.0), (250, 0.02, 30, 1.3), (60, 0.1, 12, 1.1), (80, 0.0, 10, 1.2)],
)
def test_n_for_effective_size_clustered_round_trip(n_eff, rho, k, w):
    n = de.n_for_effective_size_clustered(n_eff, rho, k, deff_weighting=w)
    # check by substitution: k clusters of n/k, deff = deff_w (1 + (n/k - 1) ρ) via the
    # module's own clustering_deff, and n / deff must equal the wanted n_eff
    deff = w * de.clustering_deff(n / k, rho)
    assert n / deff == pytest.approx(n_eff, rel=1e-12)


def test_n_for_effective_size_clustered_limits():
    # ceiling k/ρ of the effective size: 20/0.05 = 400 effective respondents at most
    assert np.isinf(de.n_for_effective_size_clustered(400, 0.05, 20))
    assert np.isfinite(de.n_for_effective_size_clustered(399, 0.05, 20))
    # fewer wanted than clusters: one respondent per cluster, no clustering effect
    assert de.n_for_effective_size_clustered(10, 0.05, 20, deff_weighting=1.5) == 15.0
    # negative and missing ICC count as no clustering
    np.testing.assert_allclose(
        de.n_for_effective_size_clustered(100, [-0.02, np.nan], 10), [100.0, 100.0]
    )
    with pytest.raises(InputError):
        de.n_for_effective_size_clustered(100, 0.05, 0)


def test_planned_cluster_size_keeps_the_centres_up_to_the_observed_size():
    # an observed wave of 21,000 raters in centres of 700 (k = 30 effective centres), by hand:
    # 300 planned -> 300 / 30 = 10 each; 21,000 -> 700; 42,000 -> more centres of 700
    np.testing.assert_allclose(
        de.planned_cluster_size([300, 21000, 42000], 700.0, 21000), [10.0, 700.0, 700.0]
    )
    # below one respondent per centre the clusters are single respondents
    assert de.planned_cluster_size(10, 700.0, 21000) == 1.0
    # the effective size n / deff(n) is continuous at the observed size and rises with n
    n = np.linspace(50, 60000, 400)
    eff = n / de.clustering_deff(de.planned_cluster_size(n, 700.0, 21000), 0.04)
    assert np.all(np.diff(eff) > 0)
    with pytest.raises(InputError):
        de.planned_cluster_size(100, 0.5, 200)
    with pytest.raises(InputError):
        de.planned_cluster_size(0, 5.0, 200)
