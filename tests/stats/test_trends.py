"""Trends across waves (helpers.stats._trends): numbers against hand computations and libraries.

References used: statsmodels DescrStatsW (weighted mean and its t interval with weights rescaled
to the Kish n_eff), scipy.stats.ttest_ind(equal_var=False) (Welch with unit weights),
statsmodels' TTestIndPower.solve_power (the MDE), statsmodels WLS with a fixed scale (the linear
trend with known variances) and sums written out by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.power import TTestIndPower
from statsmodels.stats.weightstats import DescrStatsW

from helpers.errors import InputError
from helpers.stats import _trends as tr
from trendtables import wave_tables

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


# ------------------------------------------------------------------ fixtures


def frame_from(
    values: dict[str, list[float]],
    weights: dict[str, list[float]] | None = None,
    organisation: str = "IND",
) -> pd.DataFrame:
    rows = []
    for wave, vals in values.items():
        w = (weights or {}).get(wave, [1.0] * len(vals))
        for i, (v, wi) in enumerate(zip(vals, w, strict=True)):
            rows.append(
                {
                    "wave": wave,
                    "period": tr.period_of(wave),
                    "respondent_id": f"{wave}/r{i}",
                    "organisation": organisation,
                    "value": v,
                    "weight": wi,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def rng():
    return np.random.default_rng(5)


# ------------------------------------------------------------------ wave means


def test_wave_means_match_descrstatsw_with_kish_weights(rng):
    x = rng.integers(1, 6, size=60).astype(float)
    w = rng.uniform(0.5, 2.0, size=60)
    x[[3, 17]] = np.nan  # "weet niet" leaves the base
    f = frame_from({"2017-Q2": list(x)}, {"2017-Q2": list(w)})
    m = tr.wave_means(f).iloc[0]
    ok = ~np.isnan(x)
    n_eff = w[ok].sum() ** 2 / (w[ok] ** 2).sum()  # Kish
    d = DescrStatsW(x[ok], weights=w[ok] * n_eff / w[ok].sum())
    assert m["n"] == 58
    assert m["n_eff"] == pytest.approx(n_eff)
    assert m["mean"] == pytest.approx(d.mean)
    assert m["se"] == pytest.approx(d.std_mean)
    lo, hi = d.tconfint_mean()
    assert (m["ci_low"], m["ci_high"]) == (pytest.approx(lo), pytest.approx(hi))
    # the weighted sd behind the se: s_w = sqrt(sum w (x - m)^2 / sum w)
    s_w = np.sqrt(np.sum(w[ok] * (x[ok] - d.mean) ** 2) / w[ok].sum())
    assert m["sd"] == pytest.approx(s_w)


# ------------------------------------------------------------------ change tests


def test_welch_change_test_equals_scipy_with_unit_weights(rng):
    a = rng.integers(1, 6, size=80).astype(float)
    b = np.clip(rng.integers(1, 6, size=95) + rng.integers(0, 2, size=95), 1, 5).astype(float)
    f = frame_from({"2017-Q2": list(a), "2017-Q3": list(b)})
    ch = tr.change_tests(tr.wave_means(f))
    assert len(ch) == 1
    r = ch.iloc[0]
    ref = stats.ttest_ind(b, a, equal_var=False)
    assert r["t"] == pytest.approx(ref.statistic)
    assert r["p_value"] == pytest.approx(ref.pvalue)
    assert r["difference"] == pytest.approx(b.mean() - a.mean())
    assert r["p_holm"] == pytest.approx(ref.pvalue)  # a family of one
    assert (r["wave"], r["wave_prev"], r["quarters_apart"]) == ("2017-Q3", "2017-Q2", 1)
    # interval of the difference: ± t_{df} sqrt(se_a² + se_b²)
    se = np.sqrt(a.var(ddof=1) / 80 + b.var(ddof=1) / 95)
    q = stats.t.ppf(0.975, r["df"])
    assert r["diff_ci_low"] == pytest.approx(r["difference"] - q * se)


def test_mde_matches_statsmodels_and_flags():
    # two waves with known means, sds and sizes (unit weights so n_eff = n)
    means = pd.DataFrame(
        {
            "wave": ["2017-Q2", "2017-Q3", "2017-Q4"],
            "period": [0, 0, 0],
            "organisation": "COA",
            "n": [200, 180, 190],
            "n_eff": [200.0, 180.0, 190.0],
            "mean": [4.0, 3.6, 3.55],
            "sd": [1.0, 0.9, 0.95],
        }
    )
    means["se"] = means["sd"] / np.sqrt(means["n_eff"] - 1)
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


def test_holm_over_the_family_shown():
    # three organisations, two waves; p-values by hand and Holm by hand
    means = pd.DataFrame(
        {
            "wave": ["2017-Q2"] * 3 + ["2017-Q3"] * 3,
            "period": 0,
            "organisation": ["IND", "COA", "DTV"] * 2,
            "n": 150,
            "n_eff": 150.0,
            "mean": [3.5, 4.0, 3.0, 3.8, 4.05, 3.2],
            "sd": 1.0,
        }
    )
    means["se"] = 1.0 / np.sqrt(149)
    ch = tr.change_tests(means, comparisons=["wave_on_wave"]).set_index("organisation")
    p = {}
    for org, diff in [("IND", 0.3), ("COA", 0.05), ("DTV", 0.2)]:
        se = np.sqrt(2 / 149)
        df = (2 / 149) ** 2 / (2 * (1 / 149) ** 2 / 149)  # Welch-Satterthwaite = 298
        p[org] = 2 * stats.t.sf(diff / se, df)
    assert ch.loc["IND", "p_value"] == pytest.approx(p["IND"])
    # Holm: sorted p IND < DTV < COA -> 3 p_IND, max(., 2 p_DTV), max(., p_COA)
    assert ch.loc["IND", "p_holm"] == pytest.approx(3 * p["IND"])
    assert ch.loc["DTV", "p_holm"] == pytest.approx(max(3 * p["IND"], 2 * p["DTV"]))
    assert ch.loc["COA", "p_holm"] == pytest.approx(min(1.0, max(2 * p["DTV"], p["COA"])))


def test_year_on_year_pairs_same_quarter_and_gaps():
    f = frame_from({"2017-Q1": [3, 4, 5] * 5, "2017-Q2": [3, 4, 4] * 5, "2018-Q1": [2, 3, 4] * 5})
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
    f = frame_from({"2017-Q2": [3, 4, 5] * 5, "2017-Q3": [4, 5, 3]})  # 3 raters < 10
    ch = tr.change_tests(tr.wave_means(f))
    assert ch.empty and "p_holm" in ch.columns
    one = tr.change_tests(tr.wave_means(frame_from({"2017-Q2": [3, 4, 5] * 5})))
    assert one.empty


# ------------------------------------------------------------------ rolling means


def test_rolling_means_pool_the_window_by_hand():
    f = frame_from(
        {"2017-Q2": [2, 4], "2017-Q3": [4, 4, 5], "2017-Q4": [5, 5], "2018-Q2": [1, 3]},
        {
            "2017-Q2": [1.0, 3.0],
            "2017-Q3": [1.0, 1.0, 1.0],
            "2017-Q4": [2.0, 2.0],
            "2018-Q2": [1.0, 1.0],
        },
    )
    r = tr.rolling_means(f, window=2).set_index("wave")
    # 2017-Q3 window = Q2 + Q3: (1·2 + 3·4 + 4 + 4 + 5) / (1 + 3 + 1 + 1 + 1) = 27/7
    assert r.loc["2017-Q3", "mean"] == pytest.approx(27 / 7)
    assert r.loc["2017-Q3", "n"] == 5 and r.loc["2017-Q3", "n_waves"] == 2
    assert r.loc["2017-Q3", "complete"]
    # Kish n_eff of the pooled weights: 7² / (1 + 9 + 1 + 1 + 1)
    assert r.loc["2017-Q3", "n_eff"] == pytest.approx(49 / 13)
    # 2018-Q2 window = 2018-Q1 (absent) + 2018-Q2: one wave, incomplete
    assert r.loc["2018-Q2", "n_waves"] == 1 and not r.loc["2018-Q2", "complete"]
    assert r.loc["2018-Q2", "first_wave"] == "2018-Q2"
    assert r.loc["2018-Q2", "mean"] == pytest.approx(2.0)
    with pytest.raises(InputError):
        tr.rolling_means(f, window=0)


# ------------------------------------------------------------------ linear trend


def test_linear_trend_equals_wls_with_known_variances():
    means = pd.DataFrame(
        {
            "wave": ["2017-Q2", "2017-Q3", "2017-Q4", "2018-Q1"],
            "organisation": "IND",
            "n": 150,
            "mean": [3.73, 3.53, 3.33, 3.39],
            "se": [0.081, 0.078, 0.079, 0.077],
        }
    )
    got = tr.linear_trends(means).iloc[0]
    t = np.array([tr.period_of(w) for w in means["wave"]], float)
    fit = sm.WLS(means["mean"], sm.add_constant(t - t.min()), weights=1 / means["se"] ** 2).fit(
        cov_type="fixed scale"
    )
    assert got["slope"] == pytest.approx(fit.params.iloc[1])
    assert got["se"] == pytest.approx(fit.bse.iloc[1])
    assert got["p_value"] == pytest.approx(fit.pvalues.iloc[1])
    assert got["change_total"] == pytest.approx(3 * fit.params.iloc[1])
    # fewer than three waves: no trend
    assert tr.linear_trends(means.iloc[:2]).empty


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
    assert r["trend"]["slope"].iloc[0] < 0
    with pytest.raises(InputError):
        tr.analyse_trends({})
