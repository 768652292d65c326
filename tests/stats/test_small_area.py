"""Tests of the Fay-Herriot small-area estimates (helpers.stats._small_area).

Expected numbers come from outside references, recorded beside each:
R 4.2.2 with lme4 1.1-31 (Debian r-cran-lme4) and sae 1.3 (Molina & Marhuenda; built from the
CRAN package sources, GitHub mirror cran/sae), closed forms of the balanced one-way model, and
statsmodels ``MixedLM``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import optimize, stats

from helpers.errors import InputError
from helpers.stats._small_area import (
    SMALL_AREA_CODES,
    SMALL_AREA_COLUMNS,
    bootstrap_intervals,
    centre_sample_size,
    fay_herriot,
    small_area_estimates,
)

# Balanced one-way data: 8 groups x 5 answers, drawn once from y = 3.5 + u + e,
# u ~ N(0, 0.5^2), e ~ N(0, 1) (numpy default_rng(20160)), rounded to 2 decimals.
BALANCED = np.array(
    [
        [2.44, 2.68, 3.53, 3.97, 2.34],
        [4.82, 4.79, 4.82, 5.59, 4.84],
        [3.97, 2.2, 4.15, 2.08, 2.83],
        [3.97, 2.7, 2.69, 2.64, 3.12],
        [4.61, 3.91, 3.92, 3.75, 5.68],
        [4.32, 4.17, 3.31, 4.2, 2.63],
        [3.58, 4.17, 4.29, 5.38, 5.35],
        [2.05, 3.55, 3.76, 2.24, 4.88],
    ]
)

# Unbalanced Fay-Herriot data (12 groups, psi = 0.8 / n_i).
FH_DIRECT = [3.722708, 4.637335, 4.520106, 4.490267, 4.642969, 3.839187]
FH_DIRECT += [3.731916, 4.099151, 3.285237, 3.827497, 4.023148, 3.744861]
FH_PSI = [0.266667, 0.16, 0.133333, 0.1, 0.08, 0.066667]
FH_PSI += [0.053333, 0.044444, 0.036364, 0.032, 0.026667, 0.02]


def balanced_frame() -> pd.DataFrame:
    m, n = BALANCED.shape
    return pd.DataFrame({"g": np.repeat([f"g{i}" for i in range(m)], n), "value": BALANCED.ravel()})


def test_balanced_reml_equals_anova_mixedlm_and_lme4():
    m, n = BALANCED.shape
    means = BALANCED.mean(axis=1)
    msw = ((BALANCED - means[:, None]) ** 2).sum() / (m * n - m)
    msb = n * ((means - means.mean()) ** 2).sum() / (m - 1)
    a_anova = (msb - msw) / n  # ANOVA estimator = REML of the balanced one-way model (> 0 here)
    assert msw == pytest.approx(0.6327275, abs=1e-12)
    assert a_anova == pytest.approx(0.49245335714, abs=1e-10)

    t = small_area_estimates(balanced_frame(), "g", by=(), weight=None, method="REML", min_n=1)
    assert t["sigma_e2"].iloc[0] == pytest.approx(msw, rel=1e-12)
    assert t["sigma_u2"].iloc[0] == pytest.approx(a_anova, rel=1e-9)
    gamma = a_anova / (a_anova + msw / n)
    np.testing.assert_allclose(t["gamma"], gamma, rtol=1e-9)
    np.testing.assert_allclose(t["estimate"], means.mean() + gamma * (means - means.mean()))

    # R: d <- read.csv(...)  # the 40 values above, groups g0..g7
    #    f <- lmer(y ~ 1 + (1 | g), data = d, REML = TRUE)
    #    as.data.frame(VarCorr(f))$vcov -> 0.492453382023 0.632727494675
    #    coef(f)$g[, 1] -> the group predictions below
    assert t["sigma_u2"].iloc[0] == pytest.approx(0.492453382023, rel=1e-6)
    lmer_pred = [3.14655342512, 4.72177064505, 3.18951389475, 3.17201148120]
    lmer_pred += [4.24602322206, 3.73049758645, 4.38922478751, 3.38840495787]
    np.testing.assert_allclose(t["estimate"], lmer_pred, atol=1e-7)

    # statsmodels MixedLM, REML: the unit-level (Battese-Harter-Fuller) model; its optimiser
    # stops about 1e-5 (relative) from the maximum
    fit = smf.mixedlm("value ~ 1", balanced_frame(), groups="g").fit(reml=True)
    assert float(fit.cov_re.iloc[0, 0]) == pytest.approx(a_anova, rel=1e-4)
    assert fit.scale == pytest.approx(msw, rel=1e-4)
    blup = fit.fe_params.iloc[0] + np.array([v.iloc[0] for v in fit.random_effects.values()])
    np.testing.assert_allclose(t["estimate"], blup, atol=1e-4)


def test_fay_herriot_reml_matches_r_sae():
    # R, sae 1.3: r <- mseFH(y ~ 1, psi, method = "REML", PRECISION = 1e-12, MAXITER = 1000)
    # with y = FH_DIRECT, psi = FH_PSI; r$est$fit$refvar, r$est$fit$estcoef$beta,
    # round(r$est$eblup, 8), round(r$mse, 8)
    fit = fay_herriot(FH_DIRECT, FH_PSI, method="REML")
    assert fit.converged
    assert fit.sigma_u2 == pytest.approx(0.106797664989, rel=1e-9)
    assert fit.beta[0] == pytest.approx(3.99427548943, rel=1e-10)
    eblup = [3.91661681, 4.25168874, 4.22813763, 4.25042314, 4.36515246, 3.89879156]
    eblup += [3.81929726, 4.06833220, 3.46533742, 3.86594802, 4.01737911, 3.78420155]
    mse = [0.09648055, 0.08193125, 0.07583677, 0.06566144, 0.05762625, 0.05118982]
    mse += [0.04368915, 0.03800207, 0.03229854, 0.02899237, 0.02472899, 0.01905024]
    np.testing.assert_allclose(fit.estimate, eblup, atol=1e-8)
    np.testing.assert_allclose(fit.mse, mse, atol=1e-8)
    np.testing.assert_allclose(fit.gamma, fit.sigma_u2 / (fit.sigma_u2 + np.array(FH_PSI)))


def _adjusted_reml(a: float, y: np.ndarray, psi: np.ndarray) -> float:
    """log L_REML(A) + log A with dense matrices (intercept only), independent of the module."""
    V = np.diag(a + psi)
    Vi = np.linalg.inv(V)
    X = np.ones((y.size, 1))
    XtViX = X.T @ Vi @ X
    P = Vi - Vi @ X @ np.linalg.inv(XtViX) @ X.T @ Vi
    logdet = np.linalg.slogdet(V)[1] + np.linalg.slogdet(XtViX)[1]
    return -0.5 * (logdet + y @ P @ y) + np.log(a)


@pytest.mark.parametrize("spread", [1.0, 0.2])
def test_aml_maximises_the_adjusted_likelihood(spread):
    y = 4.0 + spread * (np.array(FH_DIRECT) - np.mean(FH_DIRECT))
    psi = np.array(FH_PSI)
    best = optimize.minimize_scalar(
        lambda la: -_adjusted_reml(np.exp(la), y, psi),
        bounds=(-15, 3),
        method="bounded",
        options={"xatol": 1e-10},
    )
    aml = fay_herriot(y, psi, method="AML")
    assert aml.sigma_u2 == pytest.approx(np.exp(best.x), rel=1e-5)
    reml = fay_herriot(y, psi, method="REML")
    if spread < 1:  # REML at the boundary: every group gets the overall mean; AML stays positive
        assert reml.sigma_u2 == 0.0
        np.testing.assert_allclose(reml.gamma, 0.0)
    assert aml.sigma_u2 > reml.sigma_u2


def test_variance_components_recovered_with_many_groups():
    rng = np.random.default_rng(7)
    sigma_u2, sigma_e2 = 0.09, 0.81
    sizes = np.tile(np.arange(2, 42), 10)  # 400 groups of 2..41 answers
    u = np.sqrt(sigma_u2) * rng.standard_normal(sizes.size)
    g = np.repeat(np.arange(sizes.size), sizes)
    frame = pd.DataFrame(
        {"g": g, "value": 4 + u[g] + np.sqrt(sigma_e2) * rng.standard_normal(g.size)}
    )
    t = small_area_estimates(frame, "g", by=(), weight=None, method="REML", n_boot=100, min_n=1)
    psi = sigma_e2 / sizes
    se_u = np.sqrt(2 / np.sum((sigma_u2 + psi) ** -2))  # asymptotic SE of REML (Rao & Molina 6.1)
    se_e = sigma_e2 * np.sqrt(2 / (g.size - sizes.size))
    assert abs(t["sigma_u2"].iloc[0] - sigma_u2) < 3 * se_u
    assert abs(t["sigma_e2"].iloc[0] - sigma_e2) < 3 * se_e
    a, s2 = t["sigma_u2"].iloc[0], t["sigma_e2"].iloc[0]
    np.testing.assert_allclose(t["gamma"], a / (a + s2 / t["n"]), rtol=1e-12)


def test_bootstrap_intervals_are_seeded_and_cover_in_simulation():
    fit = fay_herriot(FH_DIRECT, FH_PSI)
    a = bootstrap_intervals(fit, n_boot=500, seed=3)
    b = bootstrap_intervals(fit, n_boot=500, seed=3)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert (a.ci_low < fit.estimate).all() and (fit.estimate < a.ci_high).all()

    # coverage under the model: 60 data sets of 30 groups, sigma_u^2 = 0.03, psi as in the demo
    rng = np.random.default_rng(11)
    psi = 0.75 / np.r_[np.full(6, 20), np.full(12, 6), np.full(12, 2)]
    hits = []
    for r in range(60):
        theta = 4 + np.sqrt(0.03) * rng.standard_normal(psi.size)
        f = fay_herriot(theta + np.sqrt(psi) * rng.standard_normal(psi.size), psi)
        ci = bootstrap_intervals(f, n_boot=400, seed=r)
        hits.append((ci.ci_low <= theta) & (theta <= ci.ci_high))
    assert 0.92 <= np.mean(hits) <= 0.98  # 0.935; drawing from the REML fit instead: 0.85


def test_small_groups_are_withheld_and_never_direct():
    rng = np.random.default_rng(5)
    sizes = {"a": 30, "b": 25, "c": 20, "d": 15, "e": 12, "tiny": 4, "same": 4}
    g = np.repeat(list(sizes), list(sizes.values()))
    value = rng.integers(1, 6, g.size).astype(float)
    value[g == "same"] = 5.0  # four identical answers: own variance 0
    t = small_area_estimates(pd.DataFrame({"g": g, "value": value}), "g", by=(), weight=None)
    t = t.set_index("g")
    assert t.loc["tiny", "n"] == 4 and t.loc["same", "code"] == "withheld"
    per_group = ["direct", "direct_var", "estimate", "ci_low", "ci_high", "gamma", "diff_low"]
    assert t.loc[["tiny", "same"], per_group].isna().all().all()
    assert t.loc[["a", "e"], per_group].notna().all().all()
    # smoothed psi: the tiny group with identical answers shrinks like any group of its size
    full = small_area_estimates(
        pd.DataFrame({"g": g, "value": value}), "g", by=(), weight=None, min_n=1
    ).set_index("g")
    assert full.loc["same", "gamma"] == pytest.approx(full.loc["tiny", "gamma"])
    a, s2 = full["sigma_u2"].iloc[0], full["sigma_e2"].iloc[0]
    assert full.loc["same", "gamma"] == pytest.approx(a / (a + s2 / 4))  # not 1 (own psi = 0)
    assert set(t["code"]) <= set(SMALL_AREA_CODES)


def test_output_columns_share_measure_and_by():
    rng = np.random.default_rng(9)
    n = 600
    frame = pd.DataFrame(
        {
            "organisation": "COA",
            "item": np.where(np.arange(n) % 2 == 0, "luisteren", "inleven"),
            "azc": rng.choice([f"azc{i}" for i in range(12)], n),
            "value": rng.integers(1, 6, n).astype(float),
            "weight": rng.uniform(0.5, 2.0, n),
        }
    )
    frame.loc[3, "value"] = np.nan
    t = small_area_estimates(frame, "azc", measure="share", min_n=1, n_boot=200)
    assert list(t.columns) == ["organisation", "item", "azc", *SMALL_AREA_COLUMNS]
    assert t["item"].tolist() == sorted(t["item"].tolist())
    assert (t["ci_low"] >= 0).all() and (t["ci_high"] <= 100).all()
    one = frame[(frame["item"] == "inleven") & (frame["azc"] == "azc0")].dropna()
    pct = 100 * np.average(one["value"] >= 4, weights=one["weight"])
    row = t[(t["item"] == "inleven") & (t["azc"] == "azc0")].iloc[0]
    assert row["direct"] == pytest.approx(pct)
    assert row["n_eff"] == pytest.approx(one["weight"].sum() ** 2 / (one["weight"] ** 2).sum())
    assert row["n"] == len(one)


def test_window_pools_waves_after_removing_wave_effects():
    base = balanced_frame()
    w1 = base.assign(wave="2017-Q2")
    w2 = base.assign(wave="2017-Q3", value=base["value"] + 1.0)  # the same answers, one point up
    both = pd.concat([w1, w2], ignore_index=True)
    kw = {"by": (), "weight": None, "method": "REML", "min_n": 1, "n_boot": 200}
    one = small_area_estimates(both, "g", window=1, **kw)
    two = small_area_estimates(both, "g", window=2, **kw)
    assert (one["wave"] == "2017-Q3").all() and (two["n_waves"] == 2).all()
    np.testing.assert_allclose(two["direct"], one["direct"])  # wave 1 shifted to wave 2's level
    assert (two["n"] == 2 * one["n"]).all()
    # s^2 = SSW / (N - m): 2 SSW / 72 against SSW / 32, over 10 answers per group instead of 5
    np.testing.assert_allclose(two["direct_var"], one["direct_var"] * (64 / 72) * (5 / 10))
    early = small_area_estimates(both, "g", wave="2017-Q2", **kw)
    np.testing.assert_allclose(early["direct"], BALANCED.mean(axis=1))


def test_centre_sample_size_direct_and_pooled():
    z, zb = stats.norm.isf(0.025), stats.norm.isf(0.2)
    r = centre_sample_size(0.3, 0.9, 0.17)
    assert r.direct == pytest.approx((z + zb) ** 2 * 0.81 / 0.09)  # 70.64
    # round trip: at the returned n the model's interval excludes the average with power 0.8
    psi = 0.81 / r.pooled
    gamma = 0.17**2 / (0.17**2 + psi)
    assert stats.norm.cdf(0.3 / np.sqrt(psi) - z / np.sqrt(gamma)) == pytest.approx(0.8, abs=1e-9)
    assert r.pooled > r.direct
    big = centre_sample_size([0.3, 0.5], 0.9, 100.0, deff=1.2)  # no pooling left: as direct
    np.testing.assert_allclose(big.pooled, big.direct, rtol=1e-3)
    assert centre_sample_size(0.3, 0.9, 0.0).pooled == np.inf


def test_bad_input_raises_input_error():
    frame = balanced_frame()
    with pytest.raises(InputError, match="measure"):
        small_area_estimates(frame, "g", by=(), weight=None, measure="nps")
    with pytest.raises(InputError, match="method"):
        fay_herriot(FH_DIRECT, FH_PSI, method="ML")
    with pytest.raises(InputError, match="missing column"):
        small_area_estimates(frame, "azc", by=(), weight=None)
    with pytest.raises(InputError, match="wave"):
        small_area_estimates(frame, "g", by=(), weight=None, window=4)
    with pytest.raises(InputError, match="2019-Q1"):
        small_area_estimates(frame.assign(wave="2017-Q2"), "g", by=(), weight=None, wave="2019-Q1")
    with pytest.raises(InputError, match="positive"):
        fay_herriot(FH_DIRECT, [0.0] * 12)
    with pytest.raises(InputError, match="weights"):
        small_area_estimates(frame.assign(weight=-1.0), "g", by=())
    with pytest.raises(InputError, match="alpha"):
        centre_sample_size(0.3, 0.9, 0.2, power=0.01)
