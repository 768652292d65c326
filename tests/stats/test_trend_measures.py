"""% positive and NPS over the waves (helpers.stats._trend_measures).

The reference numbers are computed here by hand, independently of the package's estimators:
the weighted share (or NPS) as ``sum w y / sum w`` over the answers, its Taylor-linearised
standard error from the cluster totals of ``z_i = w_i d_i (y_i - p) / sum w d``
(``var = C/(C-1) sum_c (z_c - mean z)^2``, Wolter 2007 §6.11), and Holm's step-down written
out. The intervals (Korn & Graubard, Rocks) are compared with
:func:`helpers.stats.survey_estimate` called directly on each wave's design. The data are drawn
once with ``numpy.random.default_rng`` and a fixed seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers.errors import InputError
from helpers.stats import (
    SurveyDesign,
    derived_values,
    measure_changes,
    measure_trends,
    survey_estimate,
    wave_estimates,
)
from helpers.stats import _trends as tr
from trendtables import designs

WAVES = ["2017-Q2", "2017-Q3"]


def make_tables(
    seed=3, waves=WAVES, n=60, items=("a", "b"), orgs=("IND", "COA"), low=1, high=5, shift=0.0
):
    """Asylum seekers in six reception centres, unequal weights, ~20% not answered; five
    partners in the respondents table (another target group, never rated)."""
    rng = np.random.default_rng(seed)
    out = {}
    for k, w in enumerate(waves):
        ids = [f"r{i}" for i in range(n)]
        resp = pd.DataFrame(
            {
                "respondent_id": ids + [f"p{i}" for i in range(5)],
                "target_group": ["asielzoekers"] * n + ["ketenpartners"] * 5,
                "weight": np.r_[rng.uniform(0.5, 1.5, n), np.ones(5)],
                "azc": list(rng.choice(list("ABCDEF"), size=n)) + [None] * 5,
            }
        )
        rows = []
        for org in orgs:
            for item in items:
                v = rng.integers(low, high + 1, n).astype(float)
                if k and shift:  # a later wave answers more positively
                    v = np.minimum(v + (rng.random(n) < shift) * (high - low), high)
                v[rng.random(n) < 0.2] = np.nan
                rows.append(
                    pd.DataFrame(
                        {
                            "respondent_id": ids,
                            "target_group": "asielzoekers",
                            "organisation": org,
                            "item": item,
                            "value": v,
                        }
                    )
                )
        out[w] = (resp, pd.concat(rows, ignore_index=True))
    return out


def by_hand(tables, wave, org, item, measure, cluster=True, threshold=4):
    """(estimate, se, n, values on the design rows, design) of one cell, written out."""
    resp, rat = tables[wave]
    resp = resp[resp["target_group"] == "asielzoekers"].reset_index(drop=True)
    cell = rat[(rat["organisation"] == org) & (rat["item"] == item)].set_index("respondent_id")
    x = cell["value"].reindex(resp["respondent_id"]).to_numpy(float)
    d = ~np.isnan(x)
    if measure == "share":
        y = np.where(x >= threshold, 100.0, 0.0)
    else:
        y = np.where(x >= 9, 100.0, 0.0) - np.where(x <= 6, 100.0, 0.0)
    w = resp["weight"].to_numpy(float)
    p = np.sum(w[d] * y[d]) / w[d].sum()
    z = np.where(d, w * (y - p) / w[d].sum(), 0.0)
    psu = resp["azc"].to_numpy() if cluster else resp["respondent_id"].to_numpy()
    totals = pd.Series(z).groupby(psu).sum().to_numpy()
    c = totals.size
    se = np.sqrt(c / (c - 1) * np.sum((totals - totals.mean()) ** 2))
    design = SurveyDesign.from_arrays(w, cluster=psu)
    return p, se, int(d.sum()), x, design


def holm_by_hand(p):
    p = np.asarray(p, float)
    order = np.argsort(p)
    m = p.size
    adj = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(adj, 1.0)
    return out


def test_derived_values_and_unknown_measure():
    assert derived_values([4, 3, np.nan], "pct_positive").tolist()[:2] == [100.0, 0.0]
    assert derived_values([1, 2], "pct_positive", threshold=1).tolist() == [100.0, 100.0]
    assert derived_values([9, 7, 6], "nps").tolist() == [100.0, 0.0, -100.0]
    with pytest.raises(InputError, match="unknown measure"):
        derived_values([1], "mean")


def test_pct_positive_per_wave_equals_the_hand_taylor_and_korn_graubard():
    tables = make_tables()
    est = wave_estimates(
        tables, target_group="asielzoekers", items=["b", "a"], designs=designs(WAVES)
    )
    assert list(dict.fromkeys(est["item"])) == ["b", "a"]  # the order asked for
    assert len(est) == 2 * 2 * 2 and set(est["chain"]) == set(WAVES)
    for r in est.to_dict("records"):
        p, se, n, x, design = by_hand(tables, r["wave"], r["organisation"], r["item"], "share")
        assert r["estimate"] == pytest.approx(p, abs=1e-9)
        assert r["se"] == pytest.approx(se, rel=1e-9)
        assert r["n"] == n and r["df"] == 5  # six centres, all with answers
        assert r["sd"] == pytest.approx(se * np.sqrt(r["n_eff"]))
        direct = survey_estimate(x, design, "share").table.iloc[0]
        assert (r["ci_low"], r["ci_high"]) == pytest.approx(
            (direct["ci_low"], direct["ci_high"]), rel=1e-9
        )
    # the estimator of the overall judgement on the derived value gives the same numbers
    frame = tr.trend_ratings(tables, target_group="asielzoekers", item="a", designs=designs(WAVES))
    frame["value"] = derived_values(frame["value"], "pct_positive")
    means = tr.wave_means(frame).set_index(["wave", "organisation"])
    mine = est[est["item"] == "a"].set_index(["wave", "organisation"])
    assert np.allclose(mine["estimate"], means.loc[mine.index, "mean"])
    assert np.allclose(mine["se"], means.loc[mine.index, "se"])


def test_nps_per_wave_without_clusters_equals_the_hand_computation():
    tables = make_tables(seed=5, items=("nps",), low=0, high=10)
    dz = {w: {"asielzoekers": designs([w], cluster=None)[w]["asielzoekers"]} for w in WAVES}
    est = wave_estimates(
        tables, target_group="asielzoekers", items=["nps"], measure="nps", designs=dz
    )
    for r in est.to_dict("records"):
        p, se, n, x, design = by_hand(tables, r["wave"], r["organisation"], "nps", "nps", False)
        assert r["estimate"] == pytest.approx(p, abs=1e-9)
        assert r["se"] == pytest.approx(se, rel=1e-9)
        assert r["df"] == n - 1
        direct = survey_estimate(x, design, "nps").table.iloc[0]
        assert (r["ci_low"], r["ci_high"]) == pytest.approx(
            (direct["ci_low"], direct["ci_high"]), rel=1e-9
        )


def test_changes_of_independent_waves_and_holm_over_items_and_organisations():
    tables = make_tables(seed=11, shift=0.5)
    dz = designs(WAVES)
    est = wave_estimates(tables, target_group="asielzoekers", items=["a", "b"], designs=dz)
    ch = measure_changes(tables, est, target_group="asielzoekers", designs=dz)
    assert len(ch) == 4 and set(ch["comparison"]) == {"wave_on_wave"}
    assert set(ch["samples"]) == {"independent"}
    expected_p = []
    for r in ch.to_dict("records"):
        pa, sa, *_ = by_hand(tables, "2017-Q2", r["organisation"], r["item"], "share")
        pb, sb, *_ = by_hand(tables, "2017-Q3", r["organisation"], r["item"], "share")
        se = np.hypot(sa, sb)
        assert r["difference"] == pytest.approx(pb - pa, abs=1e-9)
        assert r["diff_se"] == pytest.approx(se, rel=1e-9)
        assert r["df"] == 10  # 5 + 5: the variances and the degrees of freedom add
        p = 2 * stats.t.sf(abs((pb - pa) / se), 10)
        assert r["p_value"] == pytest.approx(p, rel=1e-9)
        assert (r["estimate_prev"], r["estimate"]) == pytest.approx((pa, pb))
        expected_p.append(p)
    # one Holm family: both items and both organisations that end in 2017-Q3
    holm = holm_by_hand(expected_p)
    assert ch["p_holm"].to_numpy() == pytest.approx(holm, rel=1e-9)
    assert ch["significant"].tolist() == (holm < 0.05).tolist()
    assert ch["significant"].any()  # the shift is large enough to be seen
    assert set(ch["verdict"]) <= set(tr.CHANGE_VERDICTS.values())


def test_changes_of_waves_sharing_their_clusters_carry_the_covariance():
    tables = make_tables(seed=7, items=("a",))
    dz = designs(WAVES, fresh_clusters=False)
    est = wave_estimates(tables, target_group="asielzoekers", items=["a"], designs=dz)
    assert set(est["chain"]) == {"2017-Q2"}
    ch = measure_changes(tables, est, target_group="asielzoekers", designs=dz)
    assert set(ch["samples"]) == {"shared_clusters"}
    for r in ch.to_dict("records"):
        # by hand: per shared centre the influence of wave b minus that of wave a
        u = {}
        for wave, sign in (("2017-Q2", -1.0), ("2017-Q3", 1.0)):
            resp, rat = tables[wave]
            resp = resp[resp["target_group"] == "asielzoekers"]
            cell = rat[rat["organisation"] == r["organisation"]].set_index("respondent_id")
            x = cell["value"].reindex(resp["respondent_id"]).to_numpy(float)
            d = ~np.isnan(x)
            y = np.where(x >= 4, 100.0, 0.0)
            w = resp["weight"].to_numpy(float)
            p = np.sum(w[d] * y[d]) / w[d].sum()
            z = np.where(d, w * (y - p) / w[d].sum(), 0.0)
            for c, v in pd.Series(sign * z).groupby(resp["azc"].to_numpy()).sum().items():
                u[c] = u.get(c, 0.0) + v
        t = np.array(list(u.values()))
        se = np.sqrt(t.size / (t.size - 1) * np.sum((t - t.mean()) ** 2))
        assert r["diff_se"] == pytest.approx(se, rel=1e-9)
        assert r["df"] == t.size - 1
        assert r["difference"] == pytest.approx(r["estimate"] - r["estimate_prev"], abs=1e-9)


def test_measure_trends_leaves_out_groups_without_answers():
    tables = make_tables(items=("a",))
    dz = designs(WAVES)
    for w in WAVES:
        dz[w]["ketenpartners"] = designs([w], cluster=None)[w]["asielzoekers"]
    res = measure_trends(tables, items={"asielzoekers": ["a"], "ketenpartners": ["a"]}, designs=dz)
    assert list(res) == ["asielzoekers"] and res["asielzoekers"]["n_waves"] == 2
    assert measure_trends(tables, items=["nps"], measure="nps", designs=dz) == {}
    one = measure_trends({"2017-Q2": tables["2017-Q2"]}, items=["a"], designs=dz)
    assert one["asielzoekers"]["changes"].empty  # one wave: nothing to test
    with pytest.raises(InputError, match="unknown measure"):
        measure_trends(tables, items=["a"], measure="mean", designs=dz)


def test_small_waves_are_not_tested():
    tables = make_tables(n=12, items=("a",), orgs=("IND",))
    dz = designs(WAVES)
    est = wave_estimates(tables, target_group="asielzoekers", items=["a"], designs=dz)
    assert (est["n"] < 12).all()
    ch = measure_changes(tables, est, target_group="asielzoekers", designs=dz, min_n=12)
    assert ch.empty and "estimate" in ch.columns and "item" in ch.columns
