"""Tests of helpers.report.descriptives: every section against an independent computation, and the
disclosure machinery end to end (a nationality and an azc of 3 respondents never reach the
report: not in a table, a chart, a sentence, an open answer or the key figures).

The expected numbers are computed here from the raw frames with numpy, scipy and
helpers.stats.survey_estimate (the design-based estimator tested against R's survey package in
tests/stats/test_survey.py) on the declared design, not with helpers.stats._estimates.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from helpers.codebook import load_codebook
from helpers.privacy._disclosure import OTHER_LABEL
from helpers.report import descriptives as desc
from helpers.report._descriptives_base import _group_phrases
from helpers.stats import SurveyDesign, survey_estimate
from sectiontext import displayed

TINY_NATIONALITY = "Tsjaad"
TINY_AZC = "Musselkanaal"
#: Twelve reception centres of 10-11 respondents (the clusters of the design) and a tiny one.
AZCS = [
    "Ter Apel",
    "Budel",
    "Zweeloo",
    "Gilze",
    "Emmen",
    "Assen",
    "Delfzijl",
    "Oisterwijk",
    "Heerlen",
    "Arnhem",
    "Leiden",
    "Almere",
]
AZ_ORGS = ["IND", "COA", "DTV", "keten"]
KP_ORGS = ["IND", "COA", "DTV"]


# --------------------------------------------------------------------------------------------
# a processed wave (the data contract of cleaning), drawn here
# --------------------------------------------------------------------------------------------


def make_processed(seed: int = 7, n_kp: int = 160):
    """respondents.parquet + ratings.parquet of one wave, both target groups.

    Asylum seekers: 130, of whom 3 of nationality Tsjaad and 3 in azc Musselkanaal (both below
    the threshold of 10; their pool is too small too, so they leave the breakdowns). The COA's
    overall judgement is one point higher for afgewezen than for vergunning_na_beroep.
    """
    cb = load_codebook()
    rng = np.random.default_rng(seed)
    nat = ["Syrië"] * 52 + ["Eritrea"] * 45 + ["Irak"] * 30 + [TINY_NATIONALITY] * 3
    azc = [a for i, a in enumerate(AZCS) for _ in range(11 if i < 7 else 10)] + [TINY_AZC] * 3
    n = len(nat)
    rng.shuffle(azc)
    az = pd.DataFrame(
        {
            "respondent_id": [f"AZ{i:03d}" for i in range(n)],
            "target_group": "asielzoekers",
            "weight": rng.uniform(0.6, 1.6, n),
            "status": rng.choice(["afgewezen", "vergunning_na_beroep"], n, p=[0.7, 0.3]),
            "nationaliteit": nat,
            "azc": azc,
            "geslacht": rng.choice(["man", "vrouw"], n),
            "leeftijdsklasse": rng.choice(["18-24", "25-34", "35-44"], n),
            "modus": rng.choice(["papier", "web"], n, p=[0.6, 0.4]),
        }
    )
    az["weight"] /= az["weight"].mean()
    for name, correct in (("kennis_beslissing", 1), ("kennis_opvang", 2), ("kennis_vertrek", 3)):
        code = rng.choice([1.0, 2.0, 3.0, np.nan], n, p=[0.5, 0.2, 0.2, 0.1])
        dk = np.isnan(code) & (rng.random(n) < 0.8)  # the rest of the NaN: not answered
        az[name] = code
        az[f"{name}_dont_know"] = dk
        corr = pd.array(np.where(np.isnan(code), False, code == correct), dtype="boolean")
        corr[np.isnan(code) & ~dk] = pd.NA
        az[f"{name}_correct"] = corr
    for org in ("ind", "dtv"):
        contact = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0], n)
        az[f"contact_{org}"] = contact
        for ch in ("persoonlijk", "telefoon", "email", "brief", "indirect"):
            col = pd.array(rng.random(n) < 0.4, dtype="boolean")
            col[contact == 5] = pd.NA
            az[f"kanaal_{org}_{ch}"] = col
    for org in ("ind", "coa", "dtv"):
        az[f"website_{org}"] = rng.choice([1.0, 2.0, 3.0], n)
        az[f"mond_tot_mond_{org}"] = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, np.nan], n)
        az[f"advies_{org}"] = rng.choice(
            np.array(["Sneller beslissen.", "Meer uitleg.", None], dtype=object), n
        )
    az.loc[0, "advies_ind"] = f"Ik kom uit {TINY_NATIONALITY}, help mij."
    az.loc[1, "advies_ind"] = f"I am Omar from azc {TINY_AZC}, V-nummer 1234567890."
    az.loc[2, "advies_coa"] = f"In {TINY_AZC} is het koud."
    for name in desc.SPECIFIC_QUESTIONS:
        az[name] = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, np.nan], n)
        az[f"{name}_dont_know"] = az[name].isna() & (rng.random(n) < 0.7)

    ratings = []
    status_effect = np.where(az["status"] == "afgewezen", 1.0, 0.0)
    for org in AZ_ORGS:
        routed = np.ones(n, bool)
        if org in ("IND", "DTV"):
            routed = az[f"contact_{org.lower()}"].to_numpy() != 5
        items = ["totaaloordeel"] + ([] if org == "keten" else cb.aspects("asielzoekers", "2017.1"))
        for item in items:
            base = rng.integers(1, 5, n).astype(float)
            if org == "COA" and item == "totaaloordeel":
                base = np.clip(base + status_effect, 1, 5)
            value = np.where(rng.random(n) < 0.06, np.nan, base)
            ratings.append(
                pd.DataFrame(
                    {
                        "respondent_id": az["respondent_id"][routed],
                        "target_group": "asielzoekers",
                        "organisation": org,
                        "item": item,
                        "value": value[routed],
                        "dont_know": np.isnan(value[routed]),
                    }
                )
            )

    employers = ["IND", "COA", "DTV", "gemeente", "advocatuur"]
    kp = pd.DataFrame(
        {
            "respondent_id": [f"KP{i:03d}" for i in range(n_kp)],
            "target_group": "ketenpartners",
            "weight": 1.0,
            "werkgever": rng.choice(employers, n_kp, p=[0.25, 0.2, 0.2, 0.2, 0.15]),
            "modus": "web",
        }
    )
    kp["positie"] = np.where(
        kp["werkgever"].isin(["IND", "COA", "DTV"]), "binnen_kleine_keten", "buiten_kleine_keten"
    )
    staff = kp["positie"].eq("binnen_kleine_keten").to_numpy()
    for org in KP_ORGS:
        own = kp["werkgever"].eq(org).to_numpy()
        contact = np.where(own, np.nan, rng.choice([1.0, 2.0, 3.0], n_kp))
        kp[f"contact_{org.lower()}"] = contact
        for ch in ("telefoon", "email", "persoonlijk", "brief"):
            col = pd.array(rng.random(n_kp) < 0.5, dtype="boolean")
            col[~np.isin(contact, [1.0, 2.0])] = pd.NA
            kp[f"kanaal_{org.lower()}_{ch}"] = col
        not_own = ~own
        in_contact = np.isin(contact, [1.0, 2.0])
        for item, routed, values in (
            ("totaaloordeel", not_own, rng.integers(1, 6, n_kp).astype(float)),
            ("nps", not_own, rng.integers(0, 11, n_kp).astype(float)),
            ("laatste_contact", in_contact, rng.integers(1, 6, n_kp).astype(float)),
            *[
                (a, in_contact, rng.integers(1, 6, n_kp).astype(float))
                for a in cb.aspects("ketenpartners", "2017.1")
            ],
        ):
            ratings.append(
                pd.DataFrame(
                    {
                        "respondent_id": kp["respondent_id"][routed],
                        "target_group": "ketenpartners",
                        "organisation": org,
                        "item": item,
                        "value": values[routed],
                        "dont_know": False,
                    }
                )
            )
    for st in cb.cooperation_statements:
        value = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, np.nan], n_kp)
        value = np.where(staff, np.minimum(value + 1.5, 5.0), value)  # inside: more agreement
        kp[f"samenwerking_{st}"] = value
        kp[f"samenwerking_{st}_dont_know"] = np.isnan(value) & (rng.random(n_kp) < 0.9)
    # mirror study: staff about their own organisation, every partner about the chain
    kp["spiegel_oordeel_eigen"] = np.where(staff, rng.integers(1, 6, n_kp).astype(float), np.nan)
    kp["spiegel_oordeel_keten"] = rng.integers(1, 6, n_kp).astype(float)
    for kind in ("positief", "negatief"):
        for a in [*cb.aspects("asielzoekers", "2017.1"), "geen"]:
            col = pd.array(rng.random(n_kp) < 0.4, dtype="boolean")
            col[~staff] = pd.NA
            kp[f"spiegel_{kind}_{a}"] = col
    respondents = pd.concat([az, kp], ignore_index=True)
    return respondents, pd.concat(ratings, ignore_index=True)


@pytest.fixture(scope="module")
def frames():
    return make_processed()


@pytest.fixture
def az(frames):
    return desc.prepare(*frames, "asielzoekers", wave="2017-Q2", version="2017.1")


@pytest.fixture
def kp(frames):
    return desc.prepare(*frames, "ketenpartners", wave="2017-Q2", version="2017.1")


# --------------------------------------------------------------------------------------------
# independent references
# --------------------------------------------------------------------------------------------


def design_of(data):
    """The declared design from the raw respondents: weights, the azc as sampled (tiny one
    included) as cluster for asylum seekers, none for partners (R: svydesign(id=~azc, ...))."""
    raw = make_processed()[0]
    raw = raw[raw["target_group"] == data.target_group].reset_index(drop=True)
    cluster = "azc" if data.target_group == "asielzoekers" else None
    return raw, SurveyDesign.from_frame(raw, weights="weight", cluster=cluster)


def ref(data, values_by_id, measure="mean", by=None, threshold=4):
    """survey_estimate of the values (a Series indexed by respondent_id) on the design."""
    raw, design = design_of(data)
    values = raw["respondent_id"].map(values_by_id).to_numpy(float)
    by = None if by is None else raw[by]
    return survey_estimate(values, design, measure, by=by, threshold=threshold)


def ref_rating(data, org, item, measure="mean"):
    r = data.ratings[(data.ratings["organisation"] == org) & (data.ratings["item"] == item)]
    return ref(data, r.set_index("respondent_id")["value"], measure).table.iloc[0]


def joined(data, org, item):
    r = data.ratings[(data.ratings["organisation"] == org) & (data.ratings["item"] == item)]
    return r.merge(
        data.respondents[
            ["respondent_id", "weight", "status"]
            if "status" in data.respondents
            else ["respondent_id", "weight"]
        ],
        on="respondent_id",
    )


# --------------------------------------------------------------------------------------------
# sections against independent computations
# --------------------------------------------------------------------------------------------


def test_overall_judgement_mean_interval_and_pct_positive(az):
    sec = desc.overall_judgement(az)
    kf = sec.key_figures["mean_totaaloordeel"]
    assert list(kf) == AZ_ORGS  # the whole chain too, for asylum seekers
    for org in AZ_ORGS:
        m = ref_rating(az, org, "totaaloordeel")
        pct = ref_rating(az, org, "totaaloordeel", "share")["estimate"]
        assert kf[org]["n"] == m["n"]
        assert kf[org]["mean"] == pytest.approx(m["estimate"])
        assert (kf[org]["ci_low"], kf[org]["ci_high"]) == pytest.approx((m["ci_low"], m["ci_high"]))
        # the same design effect as the power report (observed_deff_by_organisation)
        assert (kf[org]["se"], kf[org]["deff"]) == pytest.approx((m["se"], m["deff"]))
        assert kf[org]["pct_positive"] == pytest.approx(pct)
    table = sec.tables()[0]
    ind = kf["IND"]
    # the Dutch display: "3,4 (3,2–3,6)"
    expected = f"{ind['mean']:.1f} ({ind['ci_low']:.1f}–{ind['ci_high']:.1f})".replace(".", ",")
    assert table.iloc[0, 2] == expected
    assert len([p for p in sec.parts if p[0] == "figure"]) == 2  # bars and the distribution


def test_aspects_pct_positive_wilson_and_report_order(az):
    sec = desc.aspects(az)
    order = load_codebook().aspects("asielzoekers", "2017.1")
    assert list(sec.key_figures["pct_positive"]["COA"]) == order
    table = sec.tables()[0]
    assert table.iloc[:, 0].tolist() == [load_codebook().label(a) for a in order]
    m = ref_rating(az, "DTV", "luisteren", "share")  # Korn-Graubard on the design n_eff
    pct, lo, hi = m["estimate"], m["ci_low"], m["ci_high"]
    assert sec.key_figures["pct_positive"]["DTV"]["luisteren"] == pytest.approx(pct)
    protected = sec.protected[0].table
    row = protected[(protected["organisation"] == "DTV") & (protected["item"] == "luisteren")]
    assert (float(row["ci_low"].iloc[0]), float(row["ci_high"].iloc[0])) == pytest.approx((lo, hi))


def test_knowledge_counts_dont_know_as_wrong(az):
    sec = desc.knowledge(az)
    r = az.respondents
    for name in ("kennis_beslissing", "kennis_opvang", "kennis_vertrek"):
        corr = r[f"{name}_correct"]
        valid = corr.notna().to_numpy()
        hit = corr.fillna(False).to_numpy(bool)
        w = r["weight"].to_numpy(float)
        pct = 100 * (w * hit)[valid].sum() / w[valid].sum()
        assert sec.key_figures["pct_knows"][name] == pytest.approx(pct)
        # "weet niet" is in the base (False), not left out
        assert valid.sum() == (r[name].notna() | r[f"{name}_dont_know"]).sum()


def test_word_of_mouth_positive_share_has_never_talk_in_the_base(az):
    sec = desc.word_of_mouth(az)
    r = az.respondents
    for org in ("IND", "COA", "DTV"):
        x = r[f"mond_tot_mond_{org.lower()}"].to_numpy(float)
        w, ok = r["weight"].to_numpy(float), ~np.isnan(x)
        pct = 100 * (w * np.isin(x, [1, 2]))[ok].sum() / w[ok].sum()
        assert sec.key_figures["pct_word_of_mouth_positive"][org] == pytest.approx(pct)


def test_contact_frequency_distribution_and_channels(az):
    sec = desc.contact(az)
    r = az.respondents
    x, w = r["contact_ind"].to_numpy(float), r["weight"].to_numpy(float)
    freq = sec.protected[0].table
    ind = freq[freq["organisation"] == "IND"].iloc[0]
    for code in range(1, 6):
        assert ind[f"pct_{code}"] == pytest.approx(100 * w[x == code].sum() / w.sum())
    channels = [p for p in sec.protected if "item" in p.table.columns][0].table
    routed = r["kanaal_dtv_brief"].notna().to_numpy()
    hit = r["kanaal_dtv_brief"].fillna(False).to_numpy(bool)
    pct = 100 * (w * hit)[routed].sum() / w[routed].sum()
    row = channels[(channels["organisation"] == "DTV") & (channels["item"] == "brief")]
    assert float(row["pct"].iloc[0]) == pytest.approx(pct)
    assert int(row["n"].iloc[0]) == routed.sum()  # base: who had contact


def test_nps_score_and_split(kp):
    sec = desc.nps(kp)
    r = kp.ratings
    for org in KP_ORGS:
        x = r[(r["organisation"] == org) & (r["item"] == "nps")]["value"].to_numpy(float)
        prom, det = np.mean(x >= 9), np.mean(x <= 6)  # unit weights for partners here
        assert sec.key_figures["nps"][org]["nps"] == pytest.approx(100 * (prom - det))
        assert sec.key_figures["nps"][org]["n"] == len(x)
    t = sec.protected[0].table
    assert np.allclose(t[["pct_detractors", "pct_passives", "pct_promoters"]].sum(axis=1), 100)


def test_cooperation_agreement_with_dont_know_in_the_base_and_positie_test(kp):
    sec = desc.cooperation(kp)
    r = kp.respondents
    st = "verhoudingen_goed"
    x = r[f"samenwerking_{st}"].to_numpy(float)
    dk = r[f"samenwerking_{st}_dont_know"].to_numpy(bool)
    base = ~np.isnan(x) | dk
    agree = np.where(np.isnan(x), False, x >= 4)
    assert sec.key_figures["pct_cooperation_agree"][f"{st}|totaal"] == pytest.approx(
        100 * agree[base].mean()
    )
    inside = (r["positie"] == "binnen_kleine_keten").to_numpy()
    a, _b = agree[base & inside], agree[base & ~inside]
    assert sec.key_figures["pct_cooperation_agree"][f"{st}|binnen_kleine_keten"] == pytest.approx(
        100 * a.mean()
    )
    # design-based (partners: no clusters): omnibus Wald test of the two domains, then the pair;
    # one pair per family, so Holm leaves it as it is
    significant = []
    for name in load_codebook().cooperation_statements:
        x = r[f"samenwerking_{name}"].to_numpy(float)
        dk = r[f"samenwerking_{name}_dont_know"].to_numpy(bool)
        value = np.where(np.isnan(x), np.where(dk, 0.0, np.nan), (x >= 4).astype(float))
        est = ref(kp, pd.Series(value, index=r["respondent_id"]), "share", "positie", 1)
        omnibus, pair = est.equality_test(), est.differences()
        significant.append(omnibus.p < 0.05 and pair["p"].iloc[0] < 0.05)
    significant = np.array(significant)
    table = sec.tables()[0]
    assert table["Verschil binnen-buiten"].ne("").tolist() == significant.tolist()
    assert sec.significant["positie (samenwerking)"] == significant.sum() > 0


def test_last_contact_mean(kp):
    sec = desc.last_contact(kp)
    r = kp.ratings
    x = r[(r["organisation"] == "COA") & (r["item"] == "laatste_contact")]["value"].to_numpy()
    assert sec.key_figures["laatste_contact"]["COA"] == pytest.approx(x.mean())


def test_mirror_expected_against_experienced(kp, az):
    sec = desc.mirror(kp)
    r = kp.respondents
    staff = r[r["werkgever"] == "COA"]
    e = staff["spiegel_oordeel_eigen"].to_numpy(float)
    expected = 100 * np.mean(e[~np.isnan(e)] >= 4)
    experienced = ref_rating(az, "COA", "totaaloordeel", "share")["estimate"]
    fig = sec.key_figures["mirror_totaaloordeel"]["COA"]
    assert fig["expected"] == pytest.approx(expected)
    assert fig["experienced"] == pytest.approx(experienced)
    assert fig["gap"] == pytest.approx(expected - experienced)
    gaps = sec.tables()[0]
    neg = gaps[
        (gaps["Organisatie"] == "IND")
        & (gaps["Soort"] == "negatief")
        & (gaps["Onderwerp"] == "inleven")
    ]
    ticked = r.loc[r["werkgever"] == "IND", "spiegel_negatief_inleven"].dropna().to_numpy(bool)
    assert neg["Verwacht door medewerkers"].iloc[0].startswith(f"{100 * ticked.mean():.0f}%")
    # positive and negative dumbbells of the own organisations, and the chain's dot chart
    assert len([p for p in sec.parts if p[0] == "figure"]) == 3


def test_subgroup_status_omnibus_then_pairs_on_the_design(az):
    sec = desc.subgroups(az)
    # omnibus (design-based Wald F, clusters shared by the two groups) gates the pair
    p_holm = []
    for org in AZ_ORGS:
        r = az.ratings[
            (az.ratings["organisation"] == org) & (az.ratings["item"] == "totaaloordeel")
        ]
        est = ref(az, r.set_index("respondent_id")["value"], by="status")
        omnibus, pair = est.equality_test(), est.differences()
        p_holm.append(pair["p"].iloc[0] if omnibus.p < 0.05 else np.nan)
    p_holm = np.array(p_holm)
    table = [t for t in sec.tables() if "afgewezen" in t.columns][0]
    marked = table["Significante verschillen"].ne("").to_numpy()
    assert marked.tolist() == (p_holm < 0.05).tolist()
    assert marked[1]  # COA: planted one-point difference
    text = "\n".join(sec.texts())
    assert "Afgewezen asielzoekers beoordelen het COA gemiddeld hoger" in text
    assert sec.key_figures["n_significant_differences"] == sum(sec.significant.values())


def test_partner_mode_with_one_group_says_so(kp):
    sec = desc.subgroups(kp)
    text = "\n".join(sec.texts())
    assert "er valt niets te vergelijken" in text  # every partner answered on the web
    assert "modus" in sec.significant or "positie" in sec.significant


# --------------------------------------------------------------------------------------------
# sections per target group, showing, key figures, early stop
# --------------------------------------------------------------------------------------------


def test_sections_that_do_not_apply_are_not_there(az, kp, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    monkeypatch.setattr(
        "helpers.report._display.show_figure", lambda fig, alt="": shown.append(alt)
    )
    for fn in (desc.cooperation, desc.last_contact, desc.nps, desc.mirror):
        sec = fn(az)
        assert not sec.applicable
        desc.show(az, sec, "## Kop", "Uitleg")
    for fn in (desc.knowledge, desc.specific_questions, desc.word_of_mouth, desc.open_answers):
        assert not fn(kp).applicable
    assert shown == []  # not even the heading
    desc.show(kp, desc.nps(kp), "## Aanbevelingsscore (NPS)", "Uitleg")
    assert "## Aanbevelingsscore (NPS)" in shown[0].data
    assert [s.key for s in kp.shown] == ["nps"]


def test_key_figures_collect_what_was_shown(kp, monkeypatch):
    monkeypatch.setattr("IPython.display.display", lambda obj: None)
    monkeypatch.setattr("helpers.report._display.show_figure", lambda fig, alt="": None)
    for fn in (desc.overview, desc.overall_judgement, desc.aspects, desc.nps, desc.subgroups):
        desc.show(kp, fn(kp))
    kf = desc.key_figures(kp)
    assert kf["n"] == 160 and kf["n_by_target_group"] == {"asielzoekers": 130, "ketenpartners": 160}
    assert set(kf["mean_totaaloordeel"]) == set(KP_ORGS) and set(kf["nps"]) == set(KP_ORGS)
    protected = [p for s in kp.shown for p in s.protected]
    assert kf["n_suppressed_cells"] == sum(p.n_suppressed for p in protected)
    assert kf["n_significant_differences"] == sum(
        kf["significant_differences_by_variable"].values()
    )
    json.dumps(kf)  # serialisable as it is (save_key_figures handles numpy and NaN too)


def test_stop_if_too_small_ends_the_report(tmp_path, frames):
    respondents, ratings = frames
    tiny = respondents[
        respondents["respondent_id"].isin([f"KP{i:03d}" for i in range(6)])
        | (respondents["target_group"] == "asielzoekers")
    ]
    data = desc.prepare(
        tiny,
        ratings[ratings["respondent_id"].isin(tiny["respondent_id"])],
        "ketenpartners",
        wave="2017-Q2",
    )
    path = tmp_path / "kf.json"
    with pytest.raises(SystemExit):
        desc.stop_if_too_small(data, str(path))
    saved = path.read_text()
    assert "stopped" in saved  # the status, however the key-figure document spells it
    reason = [v for v in _strings(json.loads(saved)) if "minder dan" in v]
    assert len(reason) == 1 and "minder dan 10" in reason[0] and "6" not in reason[0]
    desc.stop_if_too_small(desc.prepare(*frames, "ketenpartners"), "")  # large enough: no stop


def _strings(obj):
    """Every string value in a JSON document."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def test_load_wave_takes_tables_and_version_from_the_wave(frames, tmp_path):
    from helpers.data import Design

    respondents, ratings = frames
    design = {"asielzoekers": Design(cluster="azc"), "ketenpartners": Design()}
    wave = SimpleNamespace(
        id="2018-Q1",
        version="2018.1",
        respondents=respondents,
        ratings=ratings,
        design=design,
        raw_dir=tmp_path / "raw" / "2018-Q1",
        processed_dir=tmp_path,
    )
    data = desc.load_wave(wave, "asielzoekers", threshold=12, indicative_below=40)
    assert data.clusters == {"asielzoekers": "azc", "ketenpartners": None}
    assert (data.raw_dir, data.processed_dir) == (str(wave.raw_dir), str(tmp_path))
    assert (data.wave, data.version, data.threshold, data.indicative_below, data.n) == (
        "2018-Q1",
        "2018.1",
        12,
        40,
        130,
    )


def test_show_builds_a_section_from_its_function(kp, monkeypatch):
    monkeypatch.setattr("IPython.display.display", lambda obj: None)
    desc.show(kp, desc.nps)
    assert [s.key for s in kp.shown][-1] == "nps"


# --------------------------------------------------------------------------------------------
# disclosure end to end: a nationality and an azc of 3 respondents
# --------------------------------------------------------------------------------------------


def test_tiny_nationality_and_azc_never_reach_the_report(az, monkeypatch):
    assert (az.respondents["nationaliteit"] == TINY_NATIONALITY).sum() == 0  # pooled away early
    shown_objects = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown_objects.append(obj))
    monkeypatch.setattr("helpers.report._display.show_figure", lambda fig, alt="": None)
    pages = []
    for fn in desc.SECTIONS:
        sec = fn(az)
        desc.show(az, sec, "## Kop", "Uitleg")
        pages.append(displayed(sec))
    kf = json.dumps(desc.key_figures(az), ensure_ascii=False)
    everything = "\n".join(pages) + kf + repr(az)
    for name in (TINY_NATIONALITY, TINY_AZC):
        assert name not in everything
    # the pool of the small groups (3 each) is itself too small: no "Overig" group either
    assert OTHER_LABEL not in kf
    cells = {
        str(v)
        for obj in shown_objects
        if isinstance(getattr(obj, "data", None), pd.DataFrame)
        for v in obj.data.to_numpy().ravel()
    }
    assert not any(OTHER_LABEL in c for c in cells)
    assert desc.key_figures(az)["shown_categories"] == {
        "nationaliteit": ["Syrië", "Eritrea", "Irak"],
        "azc": sorted(AZCS[:7]) + sorted(AZCS[7:]),  # by size (11, then 10), then by name
    }
    # open answers are never shown word for word without approval (here: no coded sample and
    # no approval file, so not even themes); see tests/report/test_descriptives_open.py
    assert "help mij" not in everything and "V-nummer" not in everything
    assert "nog niet in thema's ingedeeld" in everything


def test_tiny_group_count_cannot_be_computed_from_the_total(az):
    # 130 respondents, 127 in shown nationalities: the remainder of 3 is below the threshold,
    # so one more nationality cell is suppressed in the response table
    sec = desc.overview(az)
    t = sec.protected[0].table
    nat = t[t["variable"] == "nationaliteit"]
    assert nat["suppressed"].sum() >= 1
    shown = nat.loc[~nat["suppressed"], "n"].astype(int).sum()
    assert az.n - shown >= az.threshold  # what is left unexplained is not a small number
    assert "3" not in nat.loc[~nat["suppressed"], "n"].astype(str).tolist()
    # and in every subgroup set with a small remainder, a shown cell is suppressed as well
    sub = desc.subgroups(az)
    by_nat = [p.table for p in sub.protected if "nationaliteit" in p.table.columns]
    for table in by_nat:
        for _, cells in table.groupby(["organisation", "item"]):
            total = az.ratings[
                (az.ratings["organisation"] == cells["organisation"].iloc[0])
                & (az.ratings["item"] == cells["item"].iloc[0])
            ]["value"].notna()
            rest = int(total.sum()) - int(cells.loc[~cells["suppressed"], "n"].astype(int).sum())
            assert rest == 0 or rest >= az.threshold


def test_comparisons_never_test_a_suppressed_cell(az):
    sec = desc.subgroups(az)
    lines = "\n".join(sec.texts()).splitlines()
    org_phrase = {"IND": "de IND", "COA": "het COA", "DTV": "de DT&V", "keten": "de Kleine Keten"}
    checked = 0
    for p in sec.protected:
        table = p.table
        var = [c for c in table.columns if c in desc.SUBGROUPS["asielzoekers"]][0]
        for row in table[table["suppressed"]].to_dict("records"):
            phrase = _group_phrases(var, [row[var]], az.codebook)[row[var]]
            org = org_phrase[row["organisation"]]
            if row["item"] == "totaaloordeel":
                forbidden = f"beoordelen {org} gemiddeld"
            else:
                forbidden = f"over {org} wat betreft ‘{load_codebook().label(row['item'])}’"
            for line in lines:
                assert not (phrase.lower() in line.lower() and forbidden in line), line
            checked += 1
    assert checked > 0  # there are suppressed cells (nationality and azc breakdowns)


def test_captions_say_where_dont_know_is(az):
    # the same words under every table whose base has or leaves out "weet niet"
    def captions(sec):
        return [extra for kind, _, extra in sec.parts if kind == "table"]

    knowledge = captions(desc.knowledge(az))
    assert knowledge and all("'weet niet' telt mee in de basis" in c for c in knowledge)
    (specific,) = captions(desc.specific_questions(az))
    assert "zonder 'weet niet'" in specific and "'weet niet' telt mee in de basis" in specific
    # the contact questions have no "weet niet" answer: nothing to say
    assert not any("weet niet" in c for c in captions(desc.contact(az)))


def test_wave_yml_fpc_shrinks_the_se_by_the_finite_population_correction(tmp_path):
    # wave.yml declares fpc: the se of a mean is sqrt(1 - n/N) times the one without it, with n
    # the sampled units (partners, no cluster) or clusters (asylum seekers' azc) and N the
    # population's size or clusters (Lumley 2010, §2.2); the reading guide says so
    import yaml

    from helpers.data import Wave, clean_wave
    from helpers.report._descriptives_base import DESIGN_CLUSTER, _summarise
    from helpers.report._descriptives_sections import design_sentence
    from wavefactory import make_wave

    raw, processed = tmp_path / "raw", tmp_path / "processed"
    wave_dir = make_wave(raw, n={"asielzoekers": 40, "ketenpartners": 30}, seed=3)
    clean_wave(wave_dir, processed / "2017-Q2")

    def mean_table(tg):
        data = desc.load_wave(Wave.open("2017-Q2", raw, processed), tg)
        rat = data.ratings[data.ratings["item"] == "totaaloordeel"]
        return data, _summarise(data, rat, ["organisation"], "mean")

    plain = {tg: mean_table(tg) for tg in ("asielzoekers", "ketenpartners")}
    assert plain["ketenpartners"][0].fpc_sizes == {}
    assert "eindige populatie" not in design_sentence(plain["ketenpartners"][0])
    spec = yaml.safe_load((wave_dir / "wave.yml").read_text())
    spec["population"]["ketenpartners"]["size"] = 75
    spec["population"]["asielzoekers"]["clusters"] = 60
    spec["design"] = {
        "asielzoekers": {"cluster": "azc", "fpc": True},
        "ketenpartners": {"cluster": None, "fpc": True},
    }
    (wave_dir / "wave.yml").write_text(yaml.safe_dump(spec, sort_keys=False))
    for tg, big_n in (("ketenpartners", 75), ("asielzoekers", 60)):
        data, fpc = mean_table(tg)
        before = plain[tg][1]
        assert data.fpc_sizes[tg] == big_n
        if tg == "ketenpartners":
            small_n = len(data.respondents)
        else:  # a respondent without a centre is a cluster of its own
            col = data.respondents[DESIGN_CLUSTER]
            small_n = col.nunique() + int(col.isna().sum())
        factor = np.sqrt(1 - small_n / big_n)
        assert 0 < factor < 1
        np.testing.assert_allclose(fpc["mean"], before["mean"], rtol=1e-12)
        np.testing.assert_allclose(fpc["se"], before["se"] * factor, rtol=1e-12)
        assert "correctie voor de eindige populatie" in design_sentence(data)
