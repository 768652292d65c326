"""Planning inputs estimated from one wave (stats._power_wave), on small hand-built frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import stats as pw
from helpers.errors import InputError


@pytest.fixture
def wave():
    """Six asylum seekers in two reception centres plus one chain partner.

    IND: a, b, c, d rate it (4, 2, 5, 3 -> mean 3.5); e says "weet niet"; f has no IND row.
    COA: everyone but f has a row; a-c in azc X rate 1, 2, 3 and d-e in azc Y rate 4, 5.
    The chain partner k rates IND 1 and must be ignored for asielzoekers.
    """
    respondents = pd.DataFrame(
        {
            "respondent_id": list("abcdefk"),
            "target_group": ["asielzoekers"] * 6 + ["ketenpartners"],
            "weight": [1.0, 1.0, 2.0, 4.0, 1.0, 1.0, 1.0],
            "azc": ["X", "X", "X", "Y", "Y", None, None],
        }
    )
    ratings = pd.DataFrame(
        {
            "respondent_id": list("abcde") + list("abcde") + ["k", "a"],
            "target_group": ["asielzoekers"] * 10 + ["ketenpartners", "asielzoekers"],
            "organisation": ["IND"] * 5 + ["COA"] * 5 + ["IND", "IND"],
            "item": ["totaaloordeel"] * 11 + ["respectvol_behandeld"],
            "value": [4, 2, 5, 3, np.nan, 1, 2, 3, 4, 5, 1, 5],
            "dont_know": [False] * 4 + [True] + [False] * 7,
        }
    )
    return respondents, ratings


def test_contact_share_rated_and_answered(wave):
    resp, rat = wave
    out = pw.contact_share_by_organisation(resp, rat).set_index("organisation")
    assert list(out.index) == ["IND", "COA"]
    # denominator: all 6 asylum seekers (f has no rating rows at all)
    assert (out["n_respondents"] == 6).all()
    # rated: IND a-d = 4/6; COA a-e = 5/6 (by hand)
    assert out.loc["IND", "n_contact"] == 4
    assert out.loc["IND", "contact_share"] == pytest.approx(4 / 6)
    assert out.loc["COA", "contact_share"] == pytest.approx(5 / 6)
    answered = pw.contact_share_by_organisation(resp, rat, definition="answered")
    # answered also counts e's "weet niet" for IND: 5/6
    assert answered.set_index("organisation").loc["IND", "contact_share"] == pytest.approx(5 / 6)
    with pytest.raises(InputError):
        pw.contact_share_by_organisation(resp, rat, definition="seen")


def test_sd_by_organisation(wave):
    resp, rat = wave
    out = pw.sd_by_organisation(resp, rat).set_index("organisation")
    # IND 4, 2, 5, 3: mean 3.5, SS = .25 + 2.25 + 2.25 + .25 = 5, sd = sqrt(5/3) (by hand)
    assert out.loc["IND", "n_rated"] == 4
    assert out.loc["IND", "mean"] == pytest.approx(3.5)
    assert out.loc["IND", "sd"] == pytest.approx(np.sqrt(5 / 3))
    # COA 1..5: sd = sqrt(2.5)
    assert out.loc["COA", "sd"] == pytest.approx(np.sqrt(2.5))


def test_icc_by_organisation(wave):
    resp, rat = wave
    out = pw.icc_by_organisation(resp, rat).set_index("organisation")
    # COA: X = 1,2,3 (mean 2), Y = 4,5 (mean 4.5), grand mean 3, N = 5, k = 2.
    # MSB = 3·1 + 2·2.25 = 7.5; MSW = (2 + 0.5)/3 = 5/6; m0 = (5 - 13/5)/1 = 2.4
    # ICC = (7.5 - 5/6) / (7.5 + 1.4 · 5/6) = 6.6667 / 8.6667 = 0.76923 (by hand)
    assert out.loc["COA", "n_clusters"] == 2
    assert out.loc["COA", "icc"] == pytest.approx((7.5 - 5 / 6) / (7.5 + 1.4 * 5 / 6))
    assert out.loc["COA", "mean_cluster_size"] == pytest.approx(2.5)
    assert out.loc["COA", "mean_cluster_size_weighted"] == pytest.approx(13 / 5)
    # IND: X = 4,2,5 and Y = 3 -> estimable; both clusters present
    assert out.loc["IND", "n_clustered"] == 4


def test_icc_nan_when_not_estimable():
    resp = pd.DataFrame(
        {"respondent_id": list("ab"), "target_group": "asielzoekers", "azc": ["X", "X"]}
    )
    rat = pd.DataFrame(
        {
            "respondent_id": list("ab"),
            "organisation": "DTV",
            "item": "totaaloordeel",
            "value": [3.0, 4.0],
            "dont_know": False,
        }
    )
    out = pw.icc_by_organisation(resp, rat)
    assert out["n_clusters"].iloc[0] == 1 and np.isnan(out["icc"].iloc[0])


def test_kish_deff_by_organisation_uses_raters_only(wave):
    resp, rat = wave
    out = pw.kish_deff_by_organisation(resp, rat).set_index("organisation")
    # IND raters a-d with weights 1, 1, 2, 4: 4 · 22 / 64 = 1.375 (e's "weet niet" excluded)
    assert out.loc["IND", "deff_weighting"] == pytest.approx(1.375)
    # COA raters a-e with weights 1, 1, 2, 4, 1: 5 · 23 / 81
    assert out.loc["COA", "deff_weighting"] == pytest.approx(5 * 23 / 81)


def test_wave_design_parameters_combines(wave):
    resp, rat = wave
    out = pw.wave_design_parameters(resp, rat)
    assert list(out.columns) == [
        "organisation",
        "target_group",
        "n_respondents",
        "n_contact",
        "contact_share",
        "n_rated",
        "mean",
        "sd",
        "n_clusters",
        "mean_cluster_size",
        "mean_cluster_size_weighted",
        "icc",
        "deff_clustering",
        "deff_weighting",
        "deff_model",
        "deff",
        "n_effective",
    ]
    coa = out.set_index("organisation").loc["COA"]
    icc = (7.5 - 5 / 6) / (7.5 + 1.4 * 5 / 6)
    assert coa["deff_clustering"] == pytest.approx(1 + (13 / 5 - 1) * icc)  # size weighted m̄
    assert coa["deff_model"] == pytest.approx(coa["deff_clustering"] * 5 * 23 / 81)
    # the observed deff is survey_estimate's (one computation with the descriptive report)
    observed = pw.observed_deff_by_organisation(resp, rat).set_index("organisation")
    assert coa["deff"] == observed.loc["COA", "deff"]
    assert coa["n_effective"] == pytest.approx(5 / coa["deff"])
    plain = pw.wave_design_parameters(resp, rat, cluster_size="mean").set_index("organisation")
    assert plain.loc["COA", "deff_clustering"] == pytest.approx(1 + (2.5 - 1) * icc)


def test_wave_design_parameters_for_chain_partners_without_clusters(wave):
    resp, rat = wave
    out = pw.wave_design_parameters(resp, rat, target_group="ketenpartners", cluster_col=None)
    assert list(out["organisation"]) == ["IND"]
    assert out["deff_clustering"].iloc[0] == 1.0 and out["n_rated"].iloc[0] == 1
    assert out["contact_share"].iloc[0] == 1.0


def test_wave_input_errors(wave):
    resp, rat = wave
    with pytest.raises(InputError):
        pw.sd_by_organisation(resp, rat, target_group="toeristen")
    with pytest.raises(InputError):
        pw.sd_by_organisation(resp.drop(columns="target_group"), rat)
    with pytest.raises(InputError):
        pw.icc_by_organisation(resp.drop(columns="azc"), rat)
    with pytest.raises(InputError):
        pw.sd_by_organisation(resp, pd.concat([rat, rat.iloc[[0]]]))
    with pytest.raises(InputError):
        pw.wave_design_parameters(resp, rat, cluster_size="median")


def test_wave_parameters_feed_the_planner(wave):
    resp, rat = wave
    params = pw.wave_design_parameters(resp, rat).set_index("organisation")
    plan = pw.continuous_measurement_plan(
        200,
        params["sd"],
        deff=params["deff"],
        contact_shares=params["contact_share"],
        response_rate=0.4,
        windows=[1],
        comparisons=["year_on_year"],
    )
    assert list(plan["organisation"]) == ["IND", "COA"]
    assert plan["deff"].tolist() == pytest.approx(params["deff"].tolist())


def _three_centres():
    resp = pd.DataFrame(
        {
            "respondent_id": list("abcdefghi"),
            "target_group": "asielzoekers",
            "azc": list("xxxyyyzzz"),
            "weight": 1.0,
        }
    )
    rat = pd.DataFrame(
        {
            "respondent_id": list("abcdefghi"),
            "organisation": "COA",
            "item": "totaaloordeel",
            "value": [1.0, 2, 3, 2, 3, 4, 3, 4, 5],
            "dont_know": False,
        }
    )
    return resp, rat


def test_observed_deff_by_hand():
    # Cluster totals of (y - 3) / 9 are -1/3, 0, 1/3: design variance 3/2 * 2/9 = 1/3 (with
    # replacement, n_psu / (n_psu - 1)); SRS variance s_w^2 / n = (9/8 * 12/9) / 9 = 1/6.
    # R: svymean(~y, svydesign(ids = ~azc, data = d), deff = "replace") gives deff 2.
    resp, rat = _three_centres()
    out = pw.observed_deff_by_organisation(resp, rat)
    assert out["deff"].iloc[0] == pytest.approx(2.0)
    # without clusters and with equal weights the design effect is 1 (n / (n - 1) cancels)
    flat = pw.observed_deff_by_organisation(resp, rat, cluster_col=None)
    assert flat["deff"].iloc[0] == pytest.approx(1.0)


def test_observed_deff_lone_respondent_is_its_own_cluster():
    resp, rat = _three_centres()
    resp.loc[resp["respondent_id"] == "i", "azc"] = None
    alone = resp.assign(azc=resp["azc"].fillna("w"))
    got = pw.observed_deff_by_organisation(resp, rat)
    assert got["deff"].iloc[0] == pytest.approx(
        pw.observed_deff_by_organisation(alone, rat)["deff"].iloc[0]
    )
    assert np.isfinite(got["deff"].iloc[0])
