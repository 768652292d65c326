"""Bootstrap, quadrant codes and wave comparison (helpers.stats._importance_bootstrap, _quadrant).

The vectorised bootstrap is checked against a plain loop that calls relative_importance on
``data.iloc[idx[b]]`` for the very same draws (helpers.stats.bootstrap_indices), and the
per-sample performance and quadrant agreement against hand-written loops.
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
    bootstrap_importance,
    bootstrap_indices,
    classify_quadrants,
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
