"""Trends across waves (helpers.stats._trends): numbers against R's survey package and lm.

Reference values: R 4.1 with survey 4.1.1 on the text of ``trendtables.SMALL_CLUSTERED`` read as
``d <- read.csv(...)`` (three waves of 14 asylum seekers in five reception centres), and R's
``lm``/``p.adjust`` on the rounded demo wave means; the R call is recorded beside each number.
Where a difference is linearised, R's ``svyby(..., na.rm=TRUE, covmat=TRUE)`` fails on missing
answers, so the reference is the same Taylor linearisation written as a ratio of domain totals:
``ch(des, dd, pr) := svycontrast(svytotal(~ya + na + yb + nb, des), quote(yb/nb - ya/na))`` with
``ya``/``yb`` the answers of wave a/b (0 elsewhere) and ``na``/``nb`` the indicators of an answer.
Tolerances: 1e-6 on point estimates, 1e-4 relative on standard errors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.power import TTestIndPower

from helpers.errors import InputError
from helpers.stats import _trends as tr
from trendtables import clustered_tables, designs, wave_tables

WAVES = ["2017-Q2", "2017-Q3", "2017-Q4"]
SE_REL = 1e-4
EST_ABS = 1e-6


def clustered_frame(fresh_clusters=True, waves=WAVES):
    return tr.trend_ratings(
        clustered_tables(waves=waves),
        target_group="asielzoekers",
        designs=designs(waves, fresh_clusters=fresh_clusters),
    )


# ------------------------------------------------------------------ wave ids


def test_wave_ids_parse_to_quarters():
    assert tr.parse_wave("2017-Q2") == (2017, 2)
    assert tr.period_of("2018-Q1") - tr.period_of("2017-Q4") == 1
    assert tr.period_of("2018-Q2") - tr.period_of("2017-Q2") == 4
    for w in ["2017-Q1", "2017-Q4", "2020-Q3"]:
        assert tr.wave_of(tr.period_of(w)) == w
    for bad in ["2017-Q5", "2017Q2", "17-Q1", "2017-q2", ""]:
        with pytest.raises(InputError):
            tr.parse_wave(bad)


# ------------------------------------------------------------------ the design per wave


def test_trend_ratings_carries_the_declared_design():
    f = clustered_frame()
    # every respondent of the target group once per organisation, raters or not (domains)
    assert len(f) == 3 * 14 * 2
    assert f["value"].notna().sum() == 13 + 14 + 9 + 13 + 11 + 14
    assert set(f["psu"]) == set("ABCDE")
    assert f.groupby("wave")["chain"].first().tolist() == WAVES  # fresh: a chain per wave
    shared = clustered_frame(fresh_clusters=False)
    assert set(shared["chain"]) == {"2017-Q2"}  # revisited clusters: one run of waves
    plain = tr.trend_ratings(clustered_tables(), target_group="asielzoekers")  # no design
    assert plain["psu"].nunique() == 3 * 14 and plain["chain"].nunique() == 3


def test_trend_ratings_refuses_bad_designs_and_tables():
    tables = clustered_tables()
    with pytest.raises(InputError, match="no sampling design"):
        tr.trend_ratings(tables, target_group="asielzoekers", designs=designs(WAVES[:2]))
    with pytest.raises(InputError, match="cluster column"):
        tr.trend_ratings(
            tables, target_group="asielzoekers", designs=designs(WAVES, cluster="locatie")
        )
    resp, rat = tables["2017-Q2"]
    twice = {"2017-Q2": (resp, pd.concat([rat, rat.iloc[:1]], ignore_index=True))}
    with pytest.raises(InputError, match="twice"):
        tr.trend_ratings(twice, target_group="asielzoekers")
    with pytest.raises(InputError):
        tr.trend_ratings({}, target_group="asielzoekers")
    one_centre = {"2017-Q2": (resp.assign(azc="A"), rat)}
    f = tr.trend_ratings(one_centre, target_group="asielzoekers", designs=designs(["2017-Q2"]))
    with pytest.raises(InputError, match="single cluster"):
        tr.wave_means(f)


# ------------------------------------------------------------------ wave means


def test_wave_means_equal_r_svymean_with_the_azc_as_cluster():
    m = tr.wave_means(clustered_frame()).set_index(["wave", "organisation"])
    # R: m <- svymean(~ORG, svydesign(ids=~azc, weights=~w, data=d[d$wave == WAVE, ]),
    #                 na.rm=TRUE, deff="replace"); coef(m), SE(m), deff(m);
    #    df: degf(subset(design, !is.na(ORG)))
    expected = {
        ("2017-Q2", "IND"): (3.101427498122, 0.255795188268, 1.2662759629, 4),
        ("2017-Q2", "COA"): (4.016644474035, 0.316418967383, 1.8787163094, 4),
        ("2017-Q3", "IND"): (2.891444342226, 0.419280004012, 1.5088176394, 3),
        ("2017-Q3", "COA"): (4.079252577320, 0.339122732796, 1.7255471540, 4),
        ("2017-Q4", "IND"): (2.853806228374, 0.463081720164, 1.3648569646, 3),
        ("2017-Q4", "COA"): (4.012228260870, 0.090884339443, 0.1842694805, 3),
    }
    for key, (mean, se, deff, df) in expected.items():
        row = m.loc[key]
        assert row["mean"] == pytest.approx(mean, abs=EST_ABS)
        assert row["se"] == pytest.approx(se, rel=SE_REL)
        assert row["deff"] == pytest.approx(deff, rel=SE_REL)
        assert row["df"] == df
        q = stats.t.ppf(0.975, df)
        assert row["ci_low"] == pytest.approx(mean - q * se, rel=SE_REL)
        assert row["n_eff"] == pytest.approx(row["n"] / deff, rel=SE_REL)
        assert row["sd"] == pytest.approx(se * np.sqrt(row["n_eff"]))


def test_wave_means_without_clusters_are_the_textbook_mean():
    rng = np.random.default_rng(5)
    x = rng.integers(1, 6, size=60).astype(float)
    f = tr.trend_ratings(wave_tables({"2017-Q2": list(x)}), target_group="asielzoekers")
    m = tr.wave_means(f).iloc[0]
    # unit weights, every respondent its own PSU: se = s / sqrt(n), t on n - 1 df
    assert m["mean"] == pytest.approx(x.mean())
    assert m["se"] == pytest.approx(stats.sem(x))
    assert m["df"] == 59 and m["deff"] == pytest.approx(1.0)
    assert m["sd"] == pytest.approx(x.std(ddof=1))


# ------------------------------------------------------------------ change tests


def test_change_tests_of_fresh_clusters_equal_r_with_wave_strata():
    f = clustered_frame()
    ch = tr.change_tests(tr.wave_means(f), frame=f, min_n=5, comparisons=["wave_on_wave"])
    ch = ch.set_index(["wave", "organisation"])
    assert set(ch["samples"]) == {"independent"}
    # R: des <- svydesign(ids=~azc, strata=~wave, weights=~w, nest=TRUE, data=dd) with dd the
    #    two waves; ch(des, dd, c(OLD, NEW)) -> coef, SE;  df: the two waves' degf(subset(...))
    expected = {
        ("2017-Q3", "IND"): (-0.209983155895, 0.491148551973, 4 + 3),
        ("2017-Q3", "COA"): (0.062608103285, 0.463815901861, 4 + 4),
        ("2017-Q4", "IND"): (-0.037638113853, 0.624692245281, 3 + 3),
        ("2017-Q4", "COA"): (-0.067024316450, 0.351090004208, 4 + 3),
    }
    for key, (diff, se, df) in expected.items():
        row = ch.loc[key]
        assert row["difference"] == pytest.approx(diff, abs=EST_ABS)
        assert row["diff_se"] == pytest.approx(se, rel=SE_REL)
        assert row["df"] == df
        assert row["p_value"] == pytest.approx(2 * stats.t.sf(abs(diff / se), df), rel=SE_REL)
        q = stats.t.ppf(0.975, df)
        assert row["diff_ci_high"] == pytest.approx(diff + q * se, rel=SE_REL)


def test_change_tests_of_shared_clusters_carry_their_covariance():
    f = clustered_frame(fresh_clusters=False)
    means = tr.wave_means(f)
    ch = tr.change_tests(means, frame=f, min_n=5, comparisons=["wave_on_wave"])
    ch = ch.set_index(["wave", "organisation"])
    assert set(ch["samples"]) == {"shared_clusters"}
    # R: des <- svydesign(ids=~azc, weights=~w, data=dd) (the azc shared by both waves);
    #    ct <- ch(des, dd, c(OLD, NEW)); coef(ct), SE(ct), degf(des), 2*pt(-|coef/SE|, degf(des))
    expected = {
        ("2017-Q3", "IND"): (-0.209983155895, 0.389419962734, 4, 0.618347466794),
        ("2017-Q3", "COA"): (0.062608103285, 0.126397405015, 4, 0.646345668949),
        ("2017-Q4", "IND"): (-0.037638113853, 0.245375185486, 4, 0.885517908123),
        ("2017-Q4", "COA"): (-0.067024316450, 0.308621630421, 4, 0.838701042577),
    }
    for key, (diff, se, df, p) in expected.items():
        row = ch.loc[key]
        assert row["difference"] == pytest.approx(diff, abs=EST_ABS)
        assert row["diff_se"] == pytest.approx(se, rel=SE_REL)
        assert row["df"] == df
        assert row["p_value"] == pytest.approx(p, rel=SE_REL)
    # the covariance is what differs: the wave means themselves are those of fresh clusters
    fresh = tr.wave_means(clustered_frame())
    assert np.allclose(means["se"], fresh["se"])
    with pytest.raises(InputError, match="share their clusters"):
        tr.change_tests(means, min_n=5)


def test_mde_matches_statsmodels_and_flags():
    # three waves with known means, sds and sizes; design effective n = n (deff 1)
    means = pd.DataFrame(
        {
            "wave": ["2017-Q2", "2017-Q3", "2017-Q4"],
            "period": [0, 1, 2],
            "chain": ["2017-Q2", "2017-Q3", "2017-Q4"],
            "organisation": "COA",
            "n": [200, 180, 190],
            "n_eff": [200.0, 180.0, 190.0],
            "mean": [4.0, 3.6, 3.55],
            "sd": [1.0, 0.9, 0.95],
            "df": [199, 179, 189],
        }
    )
    means["se"] = means["sd"] / np.sqrt(means["n_eff"])
    ch = tr.change_tests(means, comparisons=["wave_on_wave"])
    # first pair: pooled sd sqrt((199·1 + 179·0.81)/378), MDE = d · sd with d from statsmodels
    sd = np.sqrt((199 * 1.0 + 179 * 0.81) / 378)
    d = TTestIndPower().solve_power(nobs1=200, ratio=180 / 200, alpha=0.05, power=0.8)
    assert ch["mde"].iloc[0] == pytest.approx(d * sd, rel=1e-5)
    # |-0.4| is larger than that MDE (about 0.27); |-0.05| is not
    assert ch["exceeds_mde"].tolist() == [True, False]
    assert ch["significant"].tolist() == [True, False]
    assert ch["verdict"].iloc[0] == tr.CHANGE_VERDICTS[(True, True)]
    assert ch["verdict"].iloc[1] == tr.CHANGE_VERDICTS[(False, False)]


def test_holm_family_is_the_comparisons_ending_in_one_wave():
    # three organisations, three waves; p-values by hand, Holm by hand per reporting wave
    means = pd.DataFrame(
        {
            "wave": ["2017-Q2"] * 3 + ["2017-Q3"] * 3 + ["2017-Q4"] * 3,
            "period": [0] * 3 + [1] * 3 + [2] * 3,
            "chain": ["2017-Q2"] * 3 + ["2017-Q3"] * 3 + ["2017-Q4"] * 3,
            "organisation": ["IND", "COA", "DTV"] * 3,
            "n": 150,
            "n_eff": 150.0,
            "mean": [3.5, 4.0, 3.0, 3.8, 4.05, 3.2, 3.4, 4.0, 3.21],
            "sd": 1.0,
            "df": 30,
        }
    )
    means["se"] = 0.1
    ch = tr.change_tests(means, comparisons=["wave_on_wave"]).set_index(["wave", "organisation"])
    se, df = np.sqrt(0.02), 60
    for wave, diffs in [
        ("2017-Q3", {"IND": 0.3, "COA": 0.05, "DTV": 0.2}),
        ("2017-Q4", {"IND": -0.4, "COA": -0.05, "DTV": 0.01}),
    ]:
        p = {org: 2 * stats.t.sf(abs(d) / se, df) for org, d in diffs.items()}
        srt = sorted(p, key=p.get)  # Holm: m p_(1), max(., (m-1) p_(2)), max(., p_(3))
        h1 = min(1.0, 3 * p[srt[0]])
        h2 = min(1.0, max(h1, 2 * p[srt[1]]))
        h3 = min(1.0, max(h2, p[srt[2]]))
        for org, h in zip(srt, [h1, h2, h3], strict=True):
            assert ch.loc[(wave, org), "p_value"] == pytest.approx(p[org])
            assert ch.loc[(wave, org), "p_holm"] == pytest.approx(h)


def test_adding_a_wave_leaves_published_verdicts_unchanged():
    rng = np.random.default_rng(7)

    def wave(shift):
        return {
            org: list(np.clip(np.round(rng.normal(mu + shift, 1.0, 60)), 1, 5))
            for org, mu in [("IND", 3.5), ("COA", 4.0), ("DTV", 3.0)]
        }

    values = {"2017-Q2": wave(0), "2017-Q3": wave(0.3), "2017-Q4": wave(0.1), "2018-Q1": wave(0.4)}
    cols = ["comparison", "organisation", "wave", "p_value", "p_holm", "significant", "verdict"]
    published = None
    for k in (2, 3, 4):
        tables = wave_tables(dict(list(values.items())[:k]))
        res = tr.analyse_trends(tables, target_groups=["asielzoekers"])["asielzoekers"]
        changes = res["changes"][cols].reset_index(drop=True)
        trend = res["trend"].reset_index(drop=True)
        if published is not None:
            old_changes, old_trend = published
            # every comparison already reported keeps its p-values and verdict exactly
            pd.testing.assert_frame_equal(changes.iloc[: len(old_changes)], old_changes)
            pd.testing.assert_frame_equal(trend.iloc[: len(old_trend)], old_trend)
            assert len(changes) > len(old_changes)  # and the new wave adds its own
        published = (changes, trend)
    # the family of a wave is that wave's comparisons: with 3 organisations, Holm over 3
    last = published[0][published[0]["wave"] == "2018-Q1"]
    assert len(last) == 3


def test_year_on_year_pairs_same_quarter_and_gaps():
    f = tr.trend_ratings(
        wave_tables({"2017-Q1": [3, 4, 5] * 5, "2017-Q2": [3, 4, 4] * 5, "2018-Q1": [2, 3, 4] * 5}),
        target_group="asielzoekers",
    )
    ch = tr.change_tests(tr.wave_means(f))
    wow = ch[ch["comparison"] == "wave_on_wave"]
    yoy = ch[ch["comparison"] == "year_on_year"]
    assert list(zip(wow["wave_prev"], wow["wave"], wow["quarters_apart"], strict=True)) == [
        ("2017-Q1", "2017-Q2", 1),
        ("2017-Q2", "2018-Q1", 3),
    ]
    assert list(zip(yoy["wave_prev"], yoy["wave"], strict=True)) == [("2017-Q1", "2018-Q1")]
    assert yoy["quarters_apart"].iloc[0] == 4
    assert yoy["difference"].iloc[0] == pytest.approx(3.0 - 4.0)


def test_small_waves_are_not_tested_and_single_wave_gives_empty_table():
    f = tr.trend_ratings(
        wave_tables({"2017-Q2": [3, 4, 5] * 5, "2017-Q3": [4, 5, 3]}), target_group="asielzoekers"
    )
    ch = tr.change_tests(tr.wave_means(f))  # 3 raters < 10
    assert ch.empty and {"p_holm", "samples", "diff_se"} <= set(ch.columns)
    one = tr.trend_ratings(wave_tables({"2017-Q2": [3, 4, 5] * 5}), target_group="asielzoekers")
    assert tr.change_tests(tr.wave_means(one)).empty


# ------------------------------------------------------------------ rolling means


def test_rolling_means_equal_r_on_the_pooled_waves():
    # R: svymean(~ORG, svydesign(ids=~azc, strata=~wave, weights=~w, nest=TRUE, data=d),
    #            na.rm=TRUE)   (fresh clusters: each wave a stratum)
    #    svymean(~ORG, svydesign(ids=~azc, weights=~w, data=d), na.rm=TRUE)   (shared clusters)
    expected = {
        True: {"IND": (2.957470621153, 0.223291781321), "COA": (4.036676977464, 0.160959824289)},
        False: {"IND": (2.957470621153, 0.294922916098), "COA": (4.036676977464, 0.235316676393)},
    }
    for fresh, by_org in expected.items():
        r = tr.rolling_means(clustered_frame(fresh), window=3)
        r = r[r["wave"] == "2017-Q4"].set_index("organisation")
        for org, (mean, se) in by_org.items():
            assert r.loc[org, "mean"] == pytest.approx(mean, abs=EST_ABS)
            assert r.loc[org, "se"] == pytest.approx(se, rel=SE_REL)
            assert r.loc[org, "n_waves"] == 3 and r.loc[org, "complete"]


def test_rolling_means_pool_the_window_by_hand():
    tables = wave_tables(
        {"2017-Q2": [2, 4], "2017-Q3": [4, 4, 5], "2017-Q4": [5, 5], "2018-Q2": [1, 3]}
    )
    tables["2017-Q2"][0]["weight"] = [1.0, 3.0]
    tables["2017-Q4"][0]["weight"] = [2.0, 2.0]
    r = tr.rolling_means(tr.trend_ratings(tables, target_group="asielzoekers"), window=2)
    r = r.set_index("wave")
    # 2017-Q3 window = Q2 + Q3: (1·2 + 3·4 + 4 + 4 + 5) / (1 + 3 + 1 + 1 + 1) = 27/7
    assert r.loc["2017-Q3", "mean"] == pytest.approx(27 / 7)
    assert r.loc["2017-Q3", "n"] == 5 and r.loc["2017-Q3", "n_waves"] == 2
    assert r.loc["2017-Q3", "complete"]
    # 2018-Q2 window = 2018-Q1 (absent) + 2018-Q2: one wave, incomplete
    assert r.loc["2018-Q2", "n_waves"] == 1 and not r.loc["2018-Q2", "complete"]
    assert r.loc["2018-Q2", "first_wave"] == "2018-Q2"
    assert r.loc["2018-Q2", "mean"] == pytest.approx(2.0)
    with pytest.raises(InputError):
        tr.rolling_means(tr.trend_ratings(tables, target_group="asielzoekers"), window=0)


# ------------------------------------------------------------------ linear trend

#: The demo's asylum-seeker wave means 2017-Q2 .. 2018-Q1 (design-based, rounded to 4 decimals).
DEMO_MEANS = pd.DataFrame(
    {
        "wave": ["2017-Q2", "2017-Q3", "2017-Q4", "2018-Q1"] * 4,
        "organisation": ["IND"] * 4 + ["COA"] * 4 + ["DTV"] * 4 + ["keten"] * 4,
        "n": 150,
        "mean": [3.7275, 3.5285, 3.3155, 3.3969, 4.1396, 4.1688, 4.1729, 4.1086]
        + [2.9756, 3.2382, 3.3345, 3.5690, 3.5522, 3.5744, 3.4533, 3.4645],
        "se": [0.0991, 0.0818, 0.0733, 0.0700, 0.0955, 0.0814, 0.0658, 0.0648]
        + [0.0831, 0.1070, 0.0988, 0.0708, 0.0873, 0.1056, 0.0867, 0.0723],
    }
)


def test_linear_trend_equals_r_lm_with_estimated_scale_and_holm_per_wave():
    got = tr.linear_trends(DEMO_MEANS)
    last = got[got["last_wave"] == "2018-Q1"].set_index("organisation")
    # R: t <- 0:3; s <- summary(lm(y ~ t, weights = 1/se^2)); coef(s)["t", ], s$sigma^2
    expected = {
        "IND": (-0.107578015997, 0.054243432336, 0.185802712027, 2.136770100539),
        "COA": (-0.013606295727, 0.016438490343, 0.494876597637, 0.217193491359),
        "DTV": (0.191569758928, 0.017002593041, 0.007785410409, 0.233325947673),
        "keten": (-0.035613053041, 0.016695025202, 0.166529822766, 0.211385277986),
    }
    # R: p.adjust(c(IND, COA, DTV, keten), "holm")
    holm = {"IND": 0.499589468298, "COA": 0.499589468298, "DTV": 0.031141641635}
    holm["keten"] = 0.499589468298
    for org, (slope, se, p, scale) in expected.items():
        row = last.loc[org]
        assert row["slope"] == pytest.approx(slope, abs=EST_ABS)
        assert row["se"] == pytest.approx(se, rel=SE_REL)
        assert row["p_value"] == pytest.approx(p, rel=SE_REL)
        assert row["scale"] == pytest.approx(scale, rel=SE_REL)
        assert row["df"] == 2 and row["n_waves"] == 4 and row["reason"] == ""
        assert row["p_holm"] == pytest.approx(holm[org], rel=SE_REL)
        assert row["change_total"] == pytest.approx(3 * slope, abs=EST_ABS)
    assert last["significant"].tolist() == [False, False, True, False]
    # three waves: k - 2 = 1 df.  R: t <- 0:2; lm(y[1:3] ~ t, weights = 1/se[1:3]^2)
    three = got[(got["last_wave"] == "2017-Q4") & (got["organisation"] == "IND")].iloc[0]
    assert three["slope"] == pytest.approx(-0.206742050390, abs=EST_ABS)
    assert three["se"] == pytest.approx(0.004146421249, rel=SE_REL)
    assert three["p_value"] == pytest.approx(0.012766342884, rel=SE_REL)
    # the same with statsmodels: WLS with the scale estimated (its default), t on k - 2 df
    ind = DEMO_MEANS[DEMO_MEANS["organisation"] == "IND"]
    fit = sm.WLS(ind["mean"], sm.add_constant(np.arange(4.0)), weights=1 / ind["se"] ** 2).fit()
    assert last.loc["IND", "se"] == pytest.approx(fit.bse.iloc[1])
    assert last.loc["IND", "p_value"] == pytest.approx(fit.pvalues.iloc[1])
    lo, hi = fit.conf_int().iloc[1]
    assert (last.loc["IND", "ci_low"], last.loc["IND", "ci_high"]) == (
        pytest.approx(lo),
        pytest.approx(hi),
    )


def test_linear_trend_needs_three_waves_and_says_why():
    got = tr.linear_trends(DEMO_MEANS[DEMO_MEANS["wave"] <= "2017-Q3"])
    assert len(got) == 8 and set(got["reason"]) == {"too_few_waves"}
    assert got["p_value"].isna().all() and not got["significant"].any()
    assert set(tr.TREND_REASONS) >= set(got["reason"])
    # a wave with too few raters does not count
    small = DEMO_MEANS.assign(n=np.where(DEMO_MEANS["wave"] == "2017-Q3", 5, 150))
    ind = tr.linear_trends(small).query("organisation == 'IND'")
    assert ind["n_waves"].tolist() == [1, 2, 3]
    assert ind["reason"].tolist() == ["too_few_waves", "too_few_waves", ""]


# ------------------------------------------------------------------ from the tables of the waves


def test_analyse_trends_from_wave_tables():
    # the same respondent ids in every wave: they must not be joined across waves
    tables = wave_tables(
        {
            "2017-Q4": [2.0, 2.0, 3.0] * 10,  # out of order on purpose: sorted by quarter
            "2017-Q2": [3.0, 4.0, 5.0] * 10,
            "2017-Q3": [2.0, 3.0, 4.0] * 10,
        }
    )
    res = tr.analyse_trends(tables, target_groups=["asielzoekers", "ketenpartners"])
    assert list(res) == ["asielzoekers"]  # no ketenpartners ratings
    r = res["asielzoekers"]
    assert r["n_waves"] == 3
    assert r["means"]["wave"].tolist() == ["2017-Q2", "2017-Q3", "2017-Q4"]
    assert r["means"]["mean"].round(6).tolist() == [4.0, 3.0, pytest.approx(7 / 3)]
    assert len(r["changes"]) == 2 and r["changes"]["significant"].all()
    assert set(r["changes"]["verdict"]) <= set(tr.CHANGE_VERDICTS.values())
    assert r["trend"]["slope"].iloc[-1] < 0
    with pytest.raises(InputError):
        tr.analyse_trends({})
    clustered = tr.analyse_trends(
        clustered_tables(), designs=designs(WAVES), target_groups=["asielzoekers"]
    )
    assert clustered["asielzoekers"]["means"]["df"].max() == 4  # five azc's minus one
