"""Bootstrap, quadrant codes and wave comparison (helpers.stats._importance_bootstrap, _quadrant).

The vectorised bootstrap is checked against a plain loop that calls relative_importance on
``data.iloc[idx[b]]`` for the very same draws (helpers.stats.bootstrap_indices), and the
per-sample performance and quadrant agreement against hand-written loops. The cluster bootstrap
is checked against a loop over the rows of the drawn clusters, and its standard error of a mean
against the linearised cluster standard error (R's survey package).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.stats import (
    HIGH_SCORE_LOW_IMPACT,
    INVEST,
    KEEP,
    LOW_SCORE_LOW_IMPACT,
    METHODS,
    QUADRANTS,
    ImpactWarning,
    bootstrap_counts,
    bootstrap_importance,
    bootstrap_indices,
    classify_quadrants,
    cluster_codes,
    compare_waves,
    relative_importance,
    synthetic_data,
)

DRIVERS = ["aspect_1", "aspect_2", "aspect_3", "aspect_4", "aspect_5"]


@pytest.fixture(scope="module")
def data():
    return synthetic_data(n=600, drivers=5, seed=31, missing=0.04)


@pytest.fixture(scope="module")
def boot(data):
    return bootstrap_importance(data, "totaaloordeel", DRIVERS, "weight", B=400, seed=7)


def test_same_seed_same_result_other_seed_other_result(data, boot):
    again = bootstrap_importance(data, "totaaloordeel", DRIVERS, "weight", B=400, seed=7)
    other = bootstrap_importance(data, "totaaloordeel", DRIVERS, "weight", B=400, seed=8)
    for k in [*METHODS, "r2"]:
        assert np.array_equal(boot.samples[k], again.samples[k], equal_nan=True)
        assert not np.allclose(boot.samples[k], other.samples[k])
    pd.testing.assert_frame_equal(boot.table, again.table)
    assert boot.B == 400 and boot.seed == 7


def test_intervals_contain_point_estimates(boot):
    t = boot.table
    for m in METHODS:
        assert (t[f"{m}_ci_low"] <= t[m]).all() and (t[m] <= t[f"{m}_ci_high"]).all(), m
        assert (t[f"{m}_share_ci_low"] <= t[f"{m}_share_pct"]).all()
        assert (t[f"{m}_share_pct"] <= t[f"{m}_share_ci_high"]).all()
    assert (t["performance_ci_low"] <= t["performance"]).all()
    assert (t["performance"] <= t["performance_ci_high"]).all()
    assert boot.r2_ci[0] <= boot.r2 <= boot.r2_ci[1]
    assert boot.n_invalid == 0


def test_interval_is_percentile_of_samples(boot):
    s = boot.samples["lmg"][:, 0]
    lo, hi = np.quantile(s, [0.025, 0.975])
    assert boot.table["lmg_ci_low"].iloc[0] == pytest.approx(lo)
    assert boot.table["lmg_ci_high"].iloc[0] == pytest.approx(hi)


def test_point_part_equals_relative_importance(data, boot):
    point = relative_importance(data, "totaaloordeel", DRIVERS, "weight")
    pd.testing.assert_frame_equal(boot.point.table, point.table)
    assert boot.r2 == point.r2 and boot.n == point.n


@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
def test_vectorised_bootstrap_equals_loop_over_same_resamples(data, missing):
    B, seed = 25, 3
    res = bootstrap_importance(
        data, "totaaloordeel", DRIVERS, "weight", B=B, seed=seed, missing=missing
    )
    idx = bootstrap_indices(len(data), B, seed)
    for b in range(B):
        one = relative_importance(
            data.iloc[idx[b]], "totaaloordeel", DRIVERS, "weight", missing=missing
        )
        for m in METHODS:
            np.testing.assert_allclose(
                res.samples[m][b],
                one.table[m].to_numpy(),
                rtol=0,
                atol=1e-10,
                err_msg=f"{m}, sample {b}",
            )
        assert res.samples["r2"][b] == pytest.approx(one.r2, abs=1e-10)


def test_performance_samples_equal_loop(data, boot):
    idx = bootstrap_indices(len(data), boot.B, boot.seed)
    for b in range(0, boot.B, 50):
        d = data.iloc[idx[b]]
        for j, c in enumerate(DRIVERS):
            ok = d[c].notna()
            expected = (
                100 * (d.loc[ok, "weight"] * (d.loc[ok, c] >= 4)).sum() / d.loc[ok, "weight"].sum()
            )
            assert boot.performance_samples[b, j] == pytest.approx(expected, abs=1e-10)
    ok = data["aspect_2"].notna()
    point = np.average(data.loc[ok, "aspect_2"], weights=data.loc[ok, "weight"])
    mean_res = bootstrap_importance(
        data, "totaaloordeel", DRIVERS, "weight", B=5, methods="lmg", performance="mean"
    )
    assert mean_res.performance[1] == pytest.approx(point)


def test_degenerate_resamples_are_dropped_and_counted():
    # 'a' differs in one row only: about a third of the resamples miss it and make 'a' constant
    df = pd.DataFrame(
        {
            "a": [1, 1, 1, 1, 1, 1, 1, 1, 1, 2.0],
            "b": [1, 2, 3, 4, 5, 1, 2, 3, 4, 5.0],
            "y": [1, 3, 2, 4, 5, 2, 2, 3, 5, 5.0],
        }
    )
    with pytest.warns(ImpactWarning, match="degenerate"):
        res = bootstrap_importance(df, "y", ["a", "b"], B=200, seed=1)
    bad = np.isnan(res.samples["r2"])
    assert 20 < res.n_invalid == bad.sum() < 150
    assert np.isnan(res.samples["lmg"][bad]).all() and np.isfinite(res.samples["lmg"][~bad]).all()
    assert np.isfinite(res.table[["lmg_ci_low", "lmg_ci_high"]].to_numpy()).all()
    assert "degenerate" in res.method_note


def test_bootstrap_bad_parameters(data):
    with pytest.raises(InputError):
        bootstrap_importance(data, "totaaloordeel", DRIVERS, B=0)
    with pytest.raises(InputError):
        bootstrap_importance(data, "totaaloordeel", DRIVERS, B=10, level=1.5)
    with pytest.raises(InputError):
        bootstrap_importance(data, "totaaloordeel", DRIVERS, B=10, performance="median")


def test_to_dict_has_cli_keys(boot):
    d = boot.to_dict()
    assert d["n"] == boot.n and d["missing"] == "listwise" and d["bootstrap"] == 400
    first = d["drivers"][0]
    for m in METHODS:
        for key in (m, f"{m}_share_pct", f"{m}_ci_low", f"{m}_ci_high"):
            assert key in first
    assert sum(x["lmg"] for x in d["drivers"]) == pytest.approx(d["r2"])


# ---------------------------------------------------------------------------------------------
# quadrants
# ---------------------------------------------------------------------------------------------
def _quadrant_by_hand(impact, perf):
    hi_i = impact >= impact.mean()
    hi_p = perf >= perf.mean()
    return [
        KEEP if i and p else INVEST if i else HIGH_SCORE_LOW_IMPACT if p else LOW_SCORE_LOW_IMPACT
        for i, p in zip(hi_i, hi_p, strict=True)
    ]


def test_quadrants_and_agreement_equal_loop(boot):
    quad = classify_quadrants(boot, stable_at=0.8)
    share = boot.table["lmg_share_pct"].to_numpy()
    expected = _quadrant_by_hand(share, boot.performance)
    assert quad["quadrant"].tolist() == expected
    agree = np.zeros(len(DRIVERS))
    for b in range(boot.B):
        s = boot.samples["lmg"][b]
        q_b = _quadrant_by_hand(100 * s / s.sum(), boot.performance_samples[b])
        agree += np.array(q_b) == np.array(expected)
    np.testing.assert_allclose(quad["agreement"], agree / boot.B)
    assert (quad["stable"] == (quad["agreement"] >= 0.8)).all()
    np.testing.assert_allclose(quad["impact"], share)
    assert quad.attrs["impact_mean"] == pytest.approx(100 / len(DRIVERS))
    assert set(quad["quadrant"]) <= set(QUADRANTS)


def test_stable_threshold_is_a_parameter(boot):
    loose = classify_quadrants(boot, stable_at=0.01)
    strict = classify_quadrants(boot, stable_at=1.0)
    assert loose["stable"].all()
    assert strict["stable"].sum() <= loose["stable"].sum()
    assert (strict["stable"] == (strict["agreement"] >= 1.0)).all()


def test_clear_structure_gives_stable_quadrants():
    # aspect a drives the outcome and is rated low: stable 'invest'
    rng = np.random.default_rng(5)
    n = 3000
    X = rng.normal(size=(n, 4))
    y = 1.2 * X[:, 0] + 1.0 * X[:, 1] + 0.2 * X[:, 2] + 0.2 * X[:, 3] + rng.normal(size=n)
    shift = np.array([-1.0, 1.0, 1.0, -1.0])  # performance: low, high, high, low
    df = pd.DataFrame(np.clip(np.round(3 + X + shift), 1, 5), columns=["a", "b", "c", "d"])
    df["y"] = y
    res = bootstrap_importance(df, "y", ["a", "b", "c", "d"], B=300, seed=2)
    quad = classify_quadrants(res)
    assert quad["quadrant"].tolist() == [INVEST, KEEP, HIGH_SCORE_LOW_IMPACT, LOW_SCORE_LOW_IMPACT]
    assert quad["stable"].all()


def test_quadrants_need_a_share_of_r2(data):
    res = bootstrap_importance(data, "totaaloordeel", DRIVERS, B=5, methods="beta")
    with pytest.raises(InputError, match="lmg"):
        classify_quadrants(res)
    rw = bootstrap_importance(data, "totaaloordeel", DRIVERS, B=5, methods="rw")
    assert classify_quadrants(rw).attrs["impact_method"] == "rw"


def _quad(rows):
    df = pd.DataFrame(rows, columns=["driver", "impact", "performance", "quadrant", "agreement"])
    df["stable"] = df["agreement"] >= 0.8
    return df.set_index("driver")


# ---------------------------------------------------------------------------------------------
# comparison with a previous wave
# ---------------------------------------------------------------------------------------------
def test_compare_waves_differences_and_changed_quadrants(boot):
    prev_data = synthetic_data(n=500, drivers=5, seed=99, missing=0.04)
    prev = bootstrap_importance(prev_data, "totaaloordeel", DRIVERS, "weight", B=400, seed=1)
    cmp = compare_waves(boot, prev)
    qn, qp = classify_quadrants(boot), classify_quadrants(prev)
    np.testing.assert_allclose(cmp["impact_diff"], qn["impact"] - qp["impact"])
    np.testing.assert_allclose(cmp["performance_diff"], qn["performance"] - qp["performance"])
    assert (cmp["quadrant_changed"] == (qn["quadrant"] != qp["quadrant"])).all()
    # interval of the difference from independent bootstrap samples of both waves
    d = 100 * boot.samples["lmg"][:, 0] / boot.samples["lmg"][:, 0:].sum(
        axis=1
    ) - 100 * prev.samples["lmg"][:, 0] / prev.samples["lmg"].sum(axis=1)
    assert cmp.loc["aspect_1", "impact_diff_ci_low"] == pytest.approx(np.quantile(d, 0.025))
    assert cmp.loc["aspect_1", "impact_diff_ci_high"] == pytest.approx(np.quantile(d, 0.975))


def test_compare_waves_with_aspect_in_one_wave_only():
    now = _quad([("a", 60.0, 50.0, INVEST, 0.9), ("b", 40.0, 70.0, HIGH_SCORE_LOW_IMPACT, 0.9)])
    prev = _quad([("a", 50.0, 60.0, KEEP, 0.9), ("c", 50.0, 40.0, INVEST, 0.9)])
    cmp = compare_waves(now, prev)
    assert list(cmp.index) == ["a", "b", "c"]
    assert cmp.loc["a", "quadrant_changed"]
    assert not cmp.loc["b", "quadrant_changed"] and np.isnan(cmp.loc["b", "impact_diff"])
    assert cmp.loc["a", "impact_diff"] == 10.0 and cmp.loc["a", "performance_diff"] == -10.0


def test_classify_quadrants_method_option():
    df = synthetic_data(n=400, drivers=4, seed=2)
    drivers = [f"aspect_{i}" for i in range(1, 5)]
    res = bootstrap_importance(df, "totaaloordeel", drivers, "weight", B=50)
    default = classify_quadrants(res)
    lmg = classify_quadrants(res, method="lmg")
    pd.testing.assert_frame_equal(default, lmg)
    pratt = classify_quadrants(res, method="pratt")
    np.testing.assert_allclose(pratt["impact"], res.table["pratt_share_pct"])
    only = bootstrap_importance(df, "totaaloordeel", drivers, "weight", B=20, methods="lmg")
    with pytest.raises(InputError, match="not computed"):
        classify_quadrants(only, method="beta")


def test_compare_waves_method_option():
    drivers = [f"aspect_{i}" for i in range(1, 4)]
    a = bootstrap_importance(
        synthetic_data(300, 3, seed=1), "totaaloordeel", drivers, "weight", B=40, seed=1
    )
    b = bootstrap_importance(
        synthetic_data(300, 3, seed=2), "totaaloordeel", drivers, "weight", B=40, seed=2
    )
    t = compare_waves(a, b, method="corr")
    np.testing.assert_allclose(t["impact_now"], a.table["corr_share_pct"])
    assert "impact_diff_ci_low" in t.columns


# ---------------------------------------------------------------------------------------------
# cluster bootstrap (whole reception centres resampled, Rao-Wu with m = C - 1)
# ---------------------------------------------------------------------------------------------
def _equal_clusters(C: int = 12, M: int = 8, seed: int = 12) -> pd.DataFrame:
    """C clusters of M respondents with a strong cluster effect on the driver x."""
    rng = np.random.default_rng(seed)
    c = np.repeat(np.arange(C), M)
    x = np.clip(np.round(3 + rng.normal(size=C)[c] + rng.normal(scale=0.8, size=C * M)), 1, 5)
    y = np.clip(np.round(x + rng.normal(size=C * M)), 1, 5)
    return pd.DataFrame({"x": x, "y": y, "c": c})


def test_cluster_bootstrap_se_of_a_mean_equals_the_linearised_cluster_se():
    df = _equal_clusters()
    C = df["c"].nunique()
    means = df.groupby("c")["x"].mean()
    # Linearisation (with-replacement) SE with the cluster as PSU; for equal clusters and equal
    # weights sqrt(sum (mean_c - mean)^2 / (C (C - 1))). R 4.x, survey 4.1:
    #   d <- read.csv("eq.csv")  # this very frame, df.to_csv(index=False)
    #   SE(svymean(~x, svydesign(ids = ~c, data = d)))  # 0.21382441554186
    analytic = np.sqrt(((means - means.mean()) ** 2).sum() / (C * (C - 1)))
    assert analytic == pytest.approx(0.21382441554186, rel=1e-12)
    B = 20_000
    res = bootstrap_importance(
        df, "y", ["x"], cluster="c", methods="corr", performance="mean", B=B, seed=3
    )
    se = np.nanstd(res.performance_samples[:, 0], ddof=1)
    # With m = C - 1 draws the bootstrap variance of this linear statistic *equals* the analytic
    # one, so only Monte Carlo error remains: the SD of B draws has a relative standard error of
    # about sqrt((kurtosis - 1) / (4 B)) = 0.005 (near-normal mean of 11 draws); 2.5 % is 5 SEs.
    assert se == pytest.approx(analytic, rel=0.025)
    assert res.n_clusters == C and res.cluster == "c" and res.n_invalid == 0
    assert "whole clusters of 'c', 11 of the 12 drawn" in res.method_note
    # respondents resampled as if independent: far too narrow with this cluster effect
    naive = bootstrap_importance(df, "y", ["x"], methods="corr", performance="mean", B=2000)
    assert np.nanstd(naive.performance_samples[:, 0], ddof=1) < 0.7 * analytic


def test_cluster_multiplicities_sum_to_c_minus_one_and_follow_the_cluster():
    labels = np.array(["b", "a", "b", None, "c", "a", "c", "c", None], dtype=object)
    codes = cluster_codes(labels)
    assert codes.tolist() == [0, 1, 0, 3, 2, 1, 2, 2, 4]  # a missing label: a cluster of its own
    B, seed, C = 500, 4, 5
    counts = bootstrap_counts(B, seed, clusters=labels)
    draws = bootstrap_indices(C, B, seed, size=C - 1)
    mult = np.stack([np.bincount(d, minlength=C) for d in draws])  # per sample, per cluster
    np.testing.assert_array_equal(counts, mult[:, codes])
    assert (mult.sum(axis=1) == C - 1).all()
    sizes = np.bincount(codes)
    np.testing.assert_array_equal(counts.sum(axis=1), mult @ sizes)
    assert counts.mean() == pytest.approx((C - 1) / C, abs=0.03)  # E[m_c] = (C - 1) / C
    with pytest.raises(InputError, match="two clusters"):
        bootstrap_counts(5, 1, clusters=["a", "a", "a"])


def test_without_a_cluster_it_is_the_respondent_bootstrap(data, boot):
    n, B, seed = len(data), boot.B, boot.seed
    idx = bootstrap_indices(n, B, seed)
    expected = np.stack([np.bincount(i, minlength=n) for i in idx])
    np.testing.assert_array_equal(bootstrap_counts(B, seed, n=n), expected)
    same = bootstrap_importance(
        data, "totaaloordeel", DRIVERS, "weight", cluster=None, B=B, seed=seed
    )
    for k in [*METHODS, "r2"]:
        np.testing.assert_array_equal(same.samples[k], boot.samples[k])
    np.testing.assert_array_equal(same.performance_samples, boot.performance_samples)
    assert same.cluster is None and same.n_clusters is None
    assert "resamples of respondents" in same.method_note


def test_vectorised_cluster_bootstrap_equals_loop_over_the_drawn_clusters(data):
    df = data.assign(centre=np.arange(len(data)) % 23)
    B, seed = 15, 5
    res = bootstrap_importance(
        df, "totaaloordeel", DRIVERS, "weight", cluster="centre", missing="pairwise", B=B, seed=seed
    )
    draws = bootstrap_indices(23, B, seed, size=22)
    rows_of = [np.flatnonzero(df["centre"].to_numpy() == c) for c in range(23)]
    for b in range(B):
        sample = df.iloc[np.concatenate([rows_of[c] for c in draws[b]])]
        one = relative_importance(sample, "totaaloordeel", DRIVERS, "weight", missing="pairwise")
        for m in METHODS:
            np.testing.assert_allclose(res.samples[m][b], one.table[m], rtol=0, atol=1e-10)
        ok = sample["aspect_2"].notna()
        perf = 100 * np.average(sample.loc[ok, "aspect_2"] >= 4, weights=sample.loc[ok, "weight"])
        assert res.performance_samples[b, 1] == pytest.approx(perf, abs=1e-10)


def test_cluster_effect_widens_the_performance_interval():
    # one driver's ratings shift by centre (intraclass correlation); the other has none
    rng = np.random.default_rng(8)
    C, M = 25, 12
    c = np.repeat(np.arange(C), M)
    a = np.clip(np.round(3.3 + 0.9 * rng.normal(size=C)[c] + rng.normal(size=C * M)), 1, 5)
    b = np.clip(np.round(3.3 + rng.normal(size=C * M)), 1, 5)
    y = np.clip(np.round(0.5 * a + 0.5 * b + 0.5 + rng.normal(scale=0.7, size=C * M)), 1, 5)
    df = pd.DataFrame({"a": a, "b": b, "y": y, "azc": c})
    kw = dict(methods="lmg", B=2000, seed=1)
    indep = bootstrap_importance(df, "y", ["a", "b"], **kw)
    clustered = bootstrap_importance(df, "y", ["a", "b"], cluster="azc", **kw)
    width = {
        k: (r.table["performance_ci_high"] - r.table["performance_ci_low"]).to_numpy()
        for k, r in (("indep", indep), ("clustered", clustered))
    }
    assert width["clustered"][0] > 1.5 * width["indep"][0]  # design effect ~ 1 + (M - 1) icc
    assert width["clustered"][1] == pytest.approx(width["indep"][1], rel=0.25)


@pytest.mark.parametrize(
    ("cluster", "match"),
    [("nope", "unknown cluster column 'nope'"), ("aspect_1", "also the outcome")],
)
def test_bad_cluster_column(data, cluster, match):
    with pytest.raises(InputError, match=match):
        bootstrap_importance(data, "totaaloordeel", DRIVERS, cluster=cluster, B=5)
    with pytest.raises(InputError, match="two clusters"):
        bootstrap_importance(data.assign(one="x"), "totaaloordeel", DRIVERS, cluster="one", B=5)
