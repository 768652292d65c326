"""Tests of the partners' contact and channels inside and outside the chain
(helpers.report._descriptives_partners) and of the pilot's "weet niet" base in the questions about
the COA and the DT&V (specific_questions).

The expected numbers are computed here from the raw frames: weighted shares with numpy, and the
intervals with helpers.stats.survey_estimate (tested against R's survey package in
tests/stats/test_survey.py), not with helpers.stats._estimates.
"""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pandas as pd
import pytest

from descframes import asylum_seekers
from helpers.report import descriptives as desc
from helpers.report._key_figures import key_figure_document, load_schema
from helpers.stats import SurveyDesign, survey_estimate

ORGS = ["IND", "COA", "DTV"]
CHANNELS = ["telefoon", "email", "persoonlijk", "brief"]
INSIDE, OUTSIDE = "binnen_kleine_keten", "buiten_kleine_keten"
#: Partners inside the chain (not working at the DT&V) who had contact with the DT&V: fewer than
#: the threshold of 10, so the DT&V's channels cannot be shown for them.
FEW_DTV_INSIDE = 6


def make_frames(seed: int = 11, n_kp: int = 220, n_az: int = 150):
    """respondents.parquet and (empty) ratings.parquet of one wave, as cleaning writes them.

    Partners: inside the chain (IND, COA, DT&V staff) had contact with the COA far more often
    (90%) than those outside (35%); the IND the same in both groups (70%); only
    ``FEW_DTV_INSIDE`` inside partners had contact with the DT&V. Staff never answer about their
    own organisation. Asylum seekers: the four questions about the COA and DT&V with "weet niet".
    """
    rng = np.random.default_rng(seed)
    employer = rng.choice(["IND", "COA", "DTV", "gemeente", "advocatuur"], n_kp)
    kp = pd.DataFrame(
        {
            "respondent_id": [f"KP{i:03d}" for i in range(n_kp)],
            "target_group": "ketenpartners",
            "weight": rng.uniform(0.5, 2.0, n_kp),
            "werkgever": employer,
            "modus": "web",
        }
    )
    kp["weight"] /= kp["weight"].mean()
    inside = np.isin(employer, ["IND", "COA", "DTV"])
    kp["positie"] = np.where(inside, INSIDE, OUTSIDE)
    p_contact = {"IND": np.full(n_kp, 0.7), "COA": np.where(inside, 0.9, 0.35)}
    p_contact["DTV"] = np.where(inside, 0.0, 0.6)
    for org in ORGS:
        had = rng.random(n_kp) < p_contact[org]
        if org == "DTV":
            few = np.flatnonzero(inside & (employer != "DTV"))[:FEW_DTV_INSIDE]
            had[few] = True
        answer = np.where(had, rng.choice([1.0, 2.0], n_kp), 3.0)
        own = employer == org
        answer[own] = np.nan
        kp[f"contact_{org.lower()}"] = answer
        for ch in CHANNELS:
            col = pd.array(rng.random(n_kp) < 0.5, dtype="boolean")
            col[~had | own] = pd.NA
            kp[f"kanaal_{org.lower()}_{ch}"] = col
    az = asylum_seekers(rng, n_az)
    for name in desc.SPECIFIC_QUESTIONS:
        value = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, np.nan], n_az, p=[0.15] * 5 + [0.25])
        az[name] = value
        az[f"{name}_dont_know"] = np.isnan(value) & (rng.random(n_az) < 0.8)
    ratings = pd.DataFrame(
        {
            "respondent_id": pd.Series([], dtype=object),
            "target_group": pd.Series([], dtype=object),
            "organisation": pd.Series([], dtype=object),
            "item": pd.Series([], dtype=object),
            "value": pd.Series([], dtype=float),
            "dont_know": pd.Series([], dtype=bool),
        }
    )
    return pd.concat([kp, az], ignore_index=True), ratings


@pytest.fixture(scope="module")
def frames():
    return make_frames()


@pytest.fixture(scope="module")
def kp(frames):
    return desc.prepare(*frames, "ketenpartners", wave="2017-Q2", version="2017.1")


@pytest.fixture(scope="module")
def section(kp):
    return desc.contact_by_position(kp)


def raw_group(frames, target_group):
    resp = frames[0]
    return resp[resp["target_group"] == target_group].reset_index(drop=True)


def weighted_share(raw, hit, valid, group):
    """100 sum(w hit) / sum(w) over the valid answers of the group (numpy, by hand)."""
    w = raw["weight"].to_numpy(float)
    keep = valid & (raw["positie"] == group).to_numpy()
    return 100 * (w * hit)[keep].sum() / w[keep].sum(), int(keep.sum())


def design_share(raw, values, by=None):
    """survey_estimate of a 0/1 variable on the partners' design (weights, no clusters)."""
    design = SurveyDesign.from_frame(raw, weights="weight", cluster=None)
    return survey_estimate(values, design, "share", by=by, threshold=1).table


# --------------------------------------------------------------------------------------------
# contact and channels by position
# --------------------------------------------------------------------------------------------


def test_contact_shares_and_intervals_per_position(frames, section):
    raw = raw_group(frames, "ketenpartners")
    figures = section.key_figures["pct_contact_by_position"]
    assert list(figures) == ORGS
    for org in ORGS:
        x = raw[f"contact_{org.lower()}"].to_numpy(float)
        valid = ~np.isnan(x)
        values = np.where(valid, (x != 3).astype(float), np.nan)
        ref = design_share(raw, values, by=raw["positie"]).set_index("positie")
        for group in (INSIDE, OUTSIDE):
            got = figures[org]["contact"][group]
            if org == "DTV" and group == INSIDE:
                continue  # a share of 6 / n: shown, checked below with the channels
            pct, n = weighted_share(raw, x != 3, valid, group)
            assert got["n"] == n
            assert got["pct"] == pytest.approx(pct)
            assert (got["ci_low"], got["ci_high"]) == pytest.approx(
                (ref.loc[group, "ci_low"], ref.loc[group, "ci_high"])
            )
        # the most frequent answer, "ja, vaak"
        pct, _ = weighted_share(raw, x == 1, valid, OUTSIDE)
        assert figures[org]["vaak"][OUTSIDE]["pct"] == pytest.approx(pct)


def test_channels_per_position_on_those_with_contact(frames, section):
    raw = raw_group(frames, "ketenpartners")
    figures = section.key_figures["pct_channels_by_position"]
    for org in ("IND", "COA"):
        for ch in CHANNELS:
            col = raw[f"kanaal_{org.lower()}_{ch}"]
            valid = col.notna().to_numpy()
            hit = col.fillna(False).to_numpy(bool)
            values = np.where(valid, hit.astype(float), np.nan)
            ref = design_share(raw, values, by=raw["positie"]).set_index("positie")
            for group in (INSIDE, OUTSIDE):
                pct, n = weighted_share(raw, hit, valid, group)
                got = figures[org][ch][group]
                assert (got["n"], got["pct"]) == (n, pytest.approx(pct))
                assert got["ci_high"] == pytest.approx(ref.loc[group, "ci_high"])
    # the base is "had contact": the channel's n is the number with contact
    x = raw["contact_coa"].to_numpy(float)
    had = np.isin(x, [1, 2]) & (raw["positie"] == OUTSIDE).to_numpy()
    assert figures["COA"]["telefoon"][OUTSIDE]["n"] == int(had.sum())


def test_a_position_group_below_the_threshold_is_not_shown(kp, section):
    figures = section.key_figures["pct_channels_by_position"]["DTV"]
    for ch in CHANNELS:
        # 6 inside partners had contact with the DT&V: below the threshold, not shown; the
        # outside group is hidden as well, else 'all partners' (contact section) minus 'outside'
        # gives the inside figure
        assert figures[ch][INSIDE]["pct"] is None and figures[ch][INSIDE]["n"] is None
        assert figures[ch][OUTSIDE]["pct"] is None
    channels = [p.table for p in section.protected][1]
    dtv = channels[channels["organisation"] == "DTV"]
    assert dtv["suppressed"].all()
    assert set(dtv.loc[dtv["positie"] == INSIDE, "suppression"]) == {"primair"}
    assert set(dtv.loc[dtv["positie"] == OUTSIDE, "suppression"]) == {"secundair"}
    table = section.tables()[1]
    rows = table[table.iloc[:, 0].str.startswith("DT&V")]
    assert len(rows) == len(CHANNELS)
    assert (rows.iloc[:, 1] == "–").all() and (rows.iloc[:, 2] == "–").all()
    assert (rows.iloc[:, 3] == "").all()  # never tested, so no difference named
    text = "\n".join(section.texts())
    assert "de DT&V via" not in text
    # the chart draws no DT&V dot: three organisations' dots, minus the DT&V's, per panel
    chart = [obj for kind, obj, _ in section.parts if kind == "figure"][1]
    dots = [len(ax.containers) for ax in chart.axes if ax.get_title()]
    assert dots == [2 * len(CHANNELS), 2 * len(CHANNELS)]
    assert sum(t.get_text() == "–" for ax in chart.axes for t in ax.texts) == 2 * len(CHANNELS)
    # the suppressed cells are counted for the key figures
    assert section.protected[1].n_suppressed == 2 * len(CHANNELS)


def test_a_difference_is_named_only_when_the_design_based_test_finds_it(frames, section):
    raw = raw_group(frames, "ketenpartners")
    text = "\n".join(section.texts())
    # COA: 90% against 35% (planted); two-sided z test on the design's standard errors
    x = raw["contact_coa"].to_numpy(float)
    values = np.where(np.isnan(x), np.nan, (x != 3).astype(float))
    ref = design_share(raw, values, by=raw["positie"]).set_index("positie")
    a, b = ref.loc[INSIDE], ref.loc[OUTSIDE]
    z = (a["estimate"] - b["estimate"]) / np.hypot(a["se"], b["se"])
    assert z > 4
    va, vb = (f"{round(v):d}%" for v in (a["estimate"], b["estimate"]))
    assert (
        f"Medewerkers binnen de Kleine Keten hadden vaker contact met het COA ({va}) dan "
        f"medewerkers buiten de Kleine Keten ({vb})." in text
    )
    table = section.tables()[0]
    coa = table[table.iloc[:, 0].str.startswith("COA · contact gehad")]
    assert coa.iloc[0, -1] == "binnen de Kleine Keten > buiten de Kleine Keten"
    # IND: the same 70% in both groups (planted): no sentence about it
    assert "contact met de IND (" not in text
    assert section.significant["positie (contact)"] >= 1


def test_table_layout_labels_and_chart(section):
    contact, channels = section.tables()
    assert list(contact.columns) == [
        "Organisatie · vraag",
        "binnen de Kleine Keten",
        "buiten de Kleine Keten",
        "Verschil binnen-buiten",
    ]
    assert contact.iloc[0, 0] == "IND · contact gehad (ja, vaak of ja, soms)"
    assert contact.iloc[1, 0] == "IND · vaak contact (ja, vaak)"
    assert "COA · persoonlijk gesprek" in channels.iloc[:, 0].tolist()
    # Dutch decimals and the base in every shown cell: "72% (61–81) (n=57)"
    cell = contact.iloc[0, 2]
    assert cell.endswith(")") and "(n=" in cell and "." not in cell
    figures = [obj for kind, obj, _ in section.parts if kind == "figure"]
    assert len(figures) == 2
    panel = figures[0].axes[0]
    assert panel.get_title() == "binnen de Kleine Keten"
    assert all("." not in t.get_text() for t in panel.get_xticklabels())
    colours = {c.lines[0].get_color() for c in panel.containers}
    assert colours <= {"#0072B2", "#009E73", "#D55E00"}  # the organisations' own colours


def test_not_for_asylum_seekers_and_one_group_only(frames):
    az = desc.prepare(*frames, "asielzoekers", wave="2017-Q2", version="2017.1")
    assert not desc.contact_by_position(az).applicable
    resp, ratings = frames
    inside_only = resp[(resp["target_group"] == "asielzoekers") | (resp["positie"] == INSIDE)]
    data = desc.prepare(inside_only, ratings, "ketenpartners", wave="2017-Q2", version="2017.1")
    sec = desc.contact_by_position(data)
    assert sec.applicable and not sec.protected
    assert "niet uit te splitsen" in sec.texts()[0]


def test_registered_and_key_figures_fit_the_schema(kp, section):
    assert desc.contact_by_position in desc.SECTIONS
    i = desc.SECTIONS.index(desc.contact_by_position)
    assert desc.SECTIONS[i - 1] is desc.contact
    doc = key_figure_document(
        {"wave": "2017-Q2", "target_group": "ketenpartners", **section.key_figures},
        "02_descriptives",
    )
    jsonschema.validate(doc, load_schema())
    names = [f["name"] for f in doc["figures"]]
    assert len(names) == len(set(names))
    assert "pct_contact_by_position.COA.contact.binnen_kleine_keten.pct" in names
    hidden = [f for f in doc["figures"] if f["name"].startswith("pct_channels_by_position.DTV")]
    assert hidden and all(f["suppressed"] for f in hidden if f["name"].endswith(".pct"))
    json.dumps(section.key_figures)


# --------------------------------------------------------------------------------------------
# the pilot's "weet niet" base in the questions about the COA and the DT&V
# --------------------------------------------------------------------------------------------


def test_specific_questions_keep_dont_know_in_the_base_where_the_pilot_did(frames):
    az = desc.prepare(*frames, "asielzoekers", wave="2017-Q2", version="2017.1")
    sec = desc.specific_questions(az)
    raw = raw_group(frames, "asielzoekers")
    figures = sec.key_figures["pct_specific_positive_dk_in_base"]
    # the pilot charted "weet niet" for these two (14% and 25%), not for the other two
    assert set(figures) == {"dtv_genoeg_informatie", "dtv_culturele_achtergrond"}
    w = raw["weight"].to_numpy(float)
    design = SurveyDesign.from_frame(raw, weights="weight", cluster=None)
    for name, got in figures.items():
        x = raw[name].to_numpy(float)
        dk = raw[f"{name}_dont_know"].to_numpy(bool)
        base = ~np.isnan(x) | dk
        positive = np.where(np.isnan(x), False, x >= 4)
        assert got["n"] == int(base.sum())
        assert got["pct"] == pytest.approx(100 * (w * positive)[base].sum() / w[base].sum())
        values = np.where(base, positive.astype(float), np.nan)
        ref = survey_estimate(values, design, "share", threshold=1).table.iloc[0]
        assert (got["ci_low"], got["ci_high"]) == pytest.approx((ref["ci_low"], ref["ci_high"]))
    (table,) = sec.tables()
    column = "% positief, met 'weet niet' (95%-BI)"
    by_question = dict(zip(table["Vraag"], table[column], strict=True))
    info = "Heeft u genoeg informatie gekregen om een besluit te nemen over uw vertrek?"
    pct = figures["dtv_genoeg_informatie"]["pct"]
    assert by_question[info].startswith(f"{round(pct):d}%")
    assert by_question["Heeft u de introductie van het COA begrepen?"] == ""
    # the existing figures (without "weet niet") are unchanged
    x = raw["dtv_genoeg_informatie"].to_numpy(float)
    ok = ~np.isnan(x)
    without = 100 * (w * (x >= 4))[ok].sum() / w[ok].sum()
    row = table[table["Vraag"] == info].iloc[0]
    assert row["% positief (95%-BI)"].startswith(f"{round(without):d}%")
    caption = [extra for kind, _, extra in sec.parts if kind == "table"][0]
    assert "zonder 'weet niet'" in caption and "'weet niet' telt mee in de basis" in caption
    note = "\n".join(sec.texts())
    assert "pilotonderzoek van 2017" in note and "genoeg informatie" in note
    n_info = figures["dtv_genoeg_informatie"]["n"]
    assert f"(n = {n_info})" in note
