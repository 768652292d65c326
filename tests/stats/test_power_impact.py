"""Power of the impact analysis by simulation (helpers.stats._power_impact).

References: a brute-force loop over the simulated surveys with helpers.stats.relative_importance on
the expanded data (one survey at a time, pandas for the performance), the limits n -> ∞
(agreement 1, interval width 0) and the 1/sqrt(n) shrinkage of a sampling distribution.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.stats import QUADRANTS, relative_importance, synthetic_data
from helpers.stats import _power_impact as pi

DRIVERS = ["aspect_1", "aspect_2", "aspect_3", "aspect_4"]


@pytest.fixture(scope="module")
def data():
    return synthetic_data(n=400, drivers=4, seed=3, missing=0.05)


def test_seeded_reproducible_and_independent_of_the_grid(data):
    a = pi.simulate_impact_power(data, n=[100, 400], samples=60, seed=7)
    b = pi.simulate_impact_power(data, n=[100, 400], samples=60, seed=7)
    pd.testing.assert_frame_equal(a, b)
    c = pi.simulate_impact_power(data, n=[400], samples=60, seed=7)
    pd.testing.assert_frame_equal(a[a.n == 400].reset_index(drop=True), c)
    d = pi.simulate_impact_power(data, n=[100, 400], samples=60, seed=8)
    assert not np.allclose(a["impact_width"], d["impact_width"])
    assert list(a.columns) == list(pi.COLUMNS)


def test_truth_is_the_weighted_listwise_lmg_of_the_wave(data):
    sim = pi.simulate_impact_power(data, n=[200], samples=20)
    # independent path: relative_importance on the same rows (outcome and >= 1 aspect answered)
    res = relative_importance(data, "totaaloordeel", DRIVERS, weights="weight", methods="lmg")
    np.testing.assert_allclose(sim["impact"], res.table["lmg_share_pct"].to_numpy(), rtol=1e-10)
    assert sim.attrs["r2"] == pytest.approx(res.r2, rel=1e-10)
    # performance: weighted % >= 4 over everyone who rated the aspect (pandas by hand)
    for j, d in enumerate(DRIVERS):
        rated = data[d].notna()
        pct = (
            100
            * (data.loc[rated, "weight"] * (data.loc[rated, d] >= 4)).sum()
            / data.loc[rated, "weight"].sum()
        )
        assert sim["performance"].iloc[j] == pytest.approx(pct, rel=1e-12)
    hi_i = sim["impact"] >= sim["impact"].mean()
    hi_p = sim["performance"] >= sim["performance"].mean()
    expected = [QUADRANTS[2 * i + p] for i, p in zip(hi_i, hi_p, strict=True)]
    assert sim["quadrant"].tolist() == expected


def test_resample_model_matches_a_brute_force_loop(data):
    n, S, seed = 150, 25, 11
    sim = pi.simulate_impact_power(data, n=[n], samples=S, seed=seed)
    truth_code = np.array([QUADRANTS.index(q) for q in sim["quadrant"]])
    counts = pi.resample_counts(len(data), n, S, seed)
    shares, codes = [], []
    for c in counts:  # one survey at a time, with the impact library's own point estimate
        survey = data.loc[data.index.repeat(c)]
        res = relative_importance(survey, "totaaloordeel", DRIVERS, weights="weight", methods="lmg")
        share = res.table["lmg_share_pct"].to_numpy()
        perf = np.array(
            [
                100
                * (
                    survey.loc[survey[d].notna(), "weight"]
                    * (survey.loc[survey[d].notna(), d] >= 4)
                ).sum()
                / survey.loc[survey[d].notna(), "weight"].sum()
                for d in DRIVERS
            ]
        )
        shares.append(share)
        codes.append(2 * (share >= share.mean()) + (perf >= perf.mean()))
    shares, codes = np.array(shares), np.array(codes)
    np.testing.assert_allclose(sim["agreement"], (codes == truth_code).mean(axis=0))
    assert sim["agreement_all"].iloc[0] == pytest.approx((codes == truth_code).all(axis=1).mean())
    np.testing.assert_allclose(sim["impact_mean"], shares.mean(axis=0), rtol=1e-9)
    lo, hi = np.quantile(shares, [0.025, 0.975], axis=0)
    np.testing.assert_allclose(sim["impact_ci_low"], lo, rtol=1e-9)
    np.testing.assert_allclose(sim["impact_width"], hi - lo, rtol=1e-9)
    assert (sim["n_valid"] == S).all()


@pytest.mark.parametrize(
    "model, performance", [("resample", "positive"), ("normal", "mean"), ("resample", "mean")]
)
def test_huge_n_agreement_one_and_zero_width(data, model, performance):
    sim = pi.simulate_impact_power(
        data, n=[60, 500, 10**7], samples=100, model=model, performance=performance, seed=2
    )
    small, mid, huge = (sim[sim.n == v] for v in (60, 500, 10**7))
    assert (huge["agreement"] == 1).all()
    assert huge["agreement_all"].iloc[0] == 1
    assert (huge["impact_width"] < 0.5).all()  # percentage points
    np.testing.assert_allclose(huge["impact_mean"], huge["impact"], atol=0.2)
    # smaller surveys: wider intervals and (on average) less agreement
    assert (small["impact_width"].to_numpy() > mid["impact_width"].to_numpy()).all()
    assert small["agreement"].mean() < mid["agreement"].mean() <= 1
    assert small["agreement"].min() < 1


def test_width_shrinks_like_one_over_root_n():
    # large n, normal model: the sampling sd of a smooth statistic scales with 1/sqrt(n), so
    # quadrupling n halves the width of its central 95% range
    df = synthetic_data(n=2000, drivers=3, seed=5)
    sim = pi.simulate_impact_power(
        df, n=[4000, 16000], samples=2000, model="normal", performance="mean", seed=3
    )
    ratio = (
        sim[sim.n == 16000]["impact_width"].to_numpy()
        / sim[sim.n == 4000]["impact_width"].to_numpy()
    )
    np.testing.assert_allclose(ratio, 0.5, atol=0.06)


def test_pairwise_uses_all_rows():
    df = synthetic_data(n=300, drivers=3, seed=1, missing=0.3)
    lw = pi.simulate_impact_power(df, n=[300], samples=30)
    pw_ = pi.simulate_impact_power(df, n=[300], samples=30, missing="pairwise")
    res = relative_importance(
        df,
        "totaaloordeel",
        ["aspect_1", "aspect_2", "aspect_3"],
        weights="weight",
        methods="lmg",
        missing="pairwise",
    )
    np.testing.assert_allclose(pw_["impact"], res.table["lmg_share_pct"], rtol=1e-9)
    assert pw_["n_complete"].iloc[0] > lw["n_complete"].iloc[0]


def test_summary_per_n(data):
    sim = pi.simulate_impact_power(data, n=[80, 4000], samples=50)
    summ = pi.summarise_impact_power(sim, stable_at=0.8)
    assert summ["n"].tolist() == [80, 4000]
    first = sim[sim.n == 80]
    assert summ["agreement_mean"].iloc[0] == pytest.approx(first["agreement"].mean())
    assert summ["n_stable"].iloc[0] == int((first["agreement"] >= 0.8).sum())
    assert summ["share_stable"].iloc[1] == pytest.approx(summ["n_stable"].iloc[1] / 4)


def test_bad_input():
    df = synthetic_data(n=100, drivers=3, seed=1)
    with pytest.raises(InputError, match="performance='mean'"):
        pi.simulate_impact_power(df, n=[100], model="normal")
    with pytest.raises(InputError, match="at least 5"):
        pi.simulate_impact_power(df, n=[4])
    with pytest.raises(InputError, match="two aspects"):
        pi.simulate_impact_power(df, drivers=["aspect_1"], n=[100])
    with pytest.raises(InputError, match="whole numbers"):
        pi.simulate_impact_power(df, n=[100.5])
    with pytest.raises(InputError):
        pi.simulate_impact_power(df, n=[100], model="bayes")
    with pytest.raises(InputError, match="lacks"):
        pi.simulate_impact_power(df, drivers=["aspect_1", "nope"], n=[100])


def _long_wave(n=120, seed=1):
    """A processed-wave pair of tables: IND with 3 aspects, keten with the overall judgement only,
    DTV with 3 aspects but mostly "weet niet"."""
    df = synthetic_data(n=n, drivers=3, seed=seed)
    ids = [f"r{i}" for i in range(n)]
    respondents = pd.DataFrame(
        {"respondent_id": ids, "target_group": "asielzoekers", "weight": df["weight"].to_numpy()}
    )
    rows = []
    for org in ("IND", "DTV"):
        for item in ["totaaloordeel", "aspect_1", "aspect_2", "aspect_3"]:
            v = df[item].to_numpy().copy()
            if org == "DTV" and item != "totaaloordeel":
                v[20:] = np.nan
            rows.append(
                pd.DataFrame({"respondent_id": ids, "organisation": org, "item": item, "value": v})
            )
    rows.append(
        pd.DataFrame(
            {
                "respondent_id": ids,
                "organisation": "keten",
                "item": "totaaloordeel",
                "value": df["totaaloordeel"],
            }
        )
    )
    ratings = pd.concat(rows, ignore_index=True)
    ratings["target_group"] = "asielzoekers"
    ratings["dont_know"] = ratings["value"].isna()
    return respondents, ratings


def test_by_organisation_skips_thin_and_aspectless_organisations():
    respondents, ratings = _long_wave()
    out = pi.impact_power_by_organisation(respondents, ratings, "asielzoekers", n=[300], samples=20)
    assert out["organisation"].unique().tolist() == ["IND"]  # keten: no aspects
    assert out.attrs["skipped"] == {"DTV": 20}  # 20 complete rows < 30
    assert sorted(out["n"].unique()) == [120, 300]
    assert out.loc[out.n == 120, "is_current"].all()
    direct = pi.simulate_impact_power(
        pd.DataFrame(
            {
                "totaaloordeel": ratings.query("organisation == 'IND' and item == 'totaaloordeel'")[
                    "value"
                ].to_numpy(),
                **{
                    f"aspect_{j}": ratings.query(f"organisation == 'IND' and item == 'aspect_{j}'")[
                        "value"
                    ].to_numpy()
                    for j in (1, 2, 3)
                },
                "weight": respondents["weight"].to_numpy(),
            }
        ),
        n=[120, 300],
        samples=20,
    )
    np.testing.assert_allclose(out["agreement"], direct["agreement"])


def test_truth_is_the_impact_analysis_placement():
    # The simulation's truth must be the impact report's point placement: same rows (also those
    # without the outcome, which count in the pairwise correlations of the aspects and in their
    # performance), same aspects, same settings (issue 11: COA 'actief meedenken' was placed
    # differently by the power report and the impact report of one wave).
    from helpers.stats import bootstrap_importance, classify_quadrants

    drivers = [f"aspect_{i}" for i in range(1, 6)]
    df = synthetic_data(n=400, drivers=5, seed=7)
    rng = np.random.default_rng(3)
    for col in [*drivers, "totaaloordeel"]:
        df.loc[rng.random(len(df)) < 0.2, col] = np.nan
    sim = pi.simulate_impact_power(
        df, "totaaloordeel", drivers, "weight", n=[50], samples=2, missing="pairwise", seed=1
    )
    res = bootstrap_importance(
        df, "totaaloordeel", drivers, "weight", methods="lmg", missing="pairwise", B=20, seed=1
    )
    quad = classify_quadrants(res)
    got = sim.set_index("driver")
    assert got["impact"].to_numpy() == pytest.approx(quad["impact"].to_numpy(), abs=1e-9)
    assert got["performance"].to_numpy() == pytest.approx(quad["performance"].to_numpy(), abs=1e-9)
    assert got["quadrant"].tolist() == quad["quadrant"].tolist()
