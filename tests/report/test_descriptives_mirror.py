"""Tests of the mirror study's chain question (helpers.report._descriptives_mirror): every partner,
inside and outside the chain, against what asylum seekers say of the chain as a whole.

The expected numbers come from the raw frames through helpers.stats.survey_estimate (tested
against R's survey package in tests/stats/test_survey.py) on the declared design (weights; no
clusters here), the gap test by hand (t on the summed design df, scipy) and Holm from statsmodels;
not from the report's own code path.
"""

from __future__ import annotations

import json
import re

import jsonschema
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from descframes import asylum_seekers
from helpers.privacy import SUPPRESSED_MARK, build_plan
from helpers.report import descriptives as desc
from helpers.report._descriptives_mirror import SIGNIFICANT_KEY
from helpers.report._key_figures import key_figure_document, load_schema
from helpers.report._text import ORGANISATION_PHRASES
from helpers.stats import SurveyDesign, survey_estimate
from sectiontext import displayed

ORGS = ["IND", "COA", "DTV"]
INSIDE, OUTSIDE = "binnen_kleine_keten", "buiten_kleine_keten"
ROWS = ["alle ketenpartners", "binnen de Kleine Keten", "buiten de Kleine Keten"]
#: snake_case identifiers in reader text (as tests/test_reader_text.py scans rendered pages)
SNAKE = re.compile(r"(?<![\w./#-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.-]*\.\w)")


def make_frames(
    seed: int = 5,
    n_inside: int = 120,
    n_outside: int = 150,
    n_az: int = 160,
    outside_answers: int | None = None,
):
    """respondents.parquet and ratings.parquet of one wave, as cleaning writes them.

    Partners inside the chain expect the chain to be judged (heel) goed far more often (about
    45%) than partners outside it (about 12%); staff also judge their own organisation. Asylum
    seekers judge the three organisations and the chain (about 55% (heel) goed). With
    ``outside_answers`` only that many partners outside the chain answer the chain question.
    """
    rng = np.random.default_rng(seed)
    n_kp = n_inside + n_outside
    employer = np.array(
        list(rng.choice(ORGS, n_inside)) + list(rng.choice(["gemeente", "advocatuur"], n_outside)),
        dtype=object,
    )
    inside = np.isin(employer, ORGS)
    kp = pd.DataFrame(
        {
            "respondent_id": [f"KP{i:03d}" for i in range(n_kp)],
            "target_group": "ketenpartners",
            "weight": rng.uniform(0.5, 2.0, n_kp),
            "werkgever": employer,
            "positie": np.where(inside, INSIDE, OUTSIDE),
            "modus": "web",
        }
    )
    kp["weight"] /= kp["weight"].mean()
    good = rng.random(n_kp) < np.where(inside, 0.45, 0.12)
    chain = np.where(good, rng.choice([4.0, 5.0], n_kp), rng.choice([1.0, 2.0, 3.0], n_kp))
    chain[rng.random(n_kp) < 0.05] = np.nan  # item non-response
    if outside_answers is not None:
        chain[np.flatnonzero(~inside)[outside_answers:]] = np.nan
        chain[np.flatnonzero(~inside)[:outside_answers]] = 2.0
    kp["spiegel_oordeel_keten"] = chain
    kp["spiegel_oordeel_eigen"] = np.where(inside, rng.integers(1, 6, n_kp), np.nan)
    az = asylum_seekers(rng, n_az)
    ratings = []
    for org in [*ORGS, "keten"]:
        value = np.where(rng.random(n_az) < 0.55, rng.choice([4.0, 5.0], n_az), 2.0)
        value[rng.random(n_az) < 0.04] = np.nan
        ratings.append(
            pd.DataFrame(
                {
                    "respondent_id": az["respondent_id"],
                    "target_group": "asielzoekers",
                    "organisation": org,
                    "item": "totaaloordeel",
                    "value": value,
                    "dont_know": np.isnan(value),
                }
            )
        )
    return pd.concat([kp, az], ignore_index=True), pd.concat(ratings, ignore_index=True)


@pytest.fixture(scope="module")
def frames():
    return make_frames()


@pytest.fixture(scope="module")
def section(frames):
    kp = desc.prepare(*frames, "ketenpartners", wave="2017-Q2", version="2017.1")
    return desc.mirror(kp)


def raw(frames, target_group):
    resp = frames[0]
    return resp[resp["target_group"] == target_group].reset_index(drop=True)


def share(table: pd.DataFrame, values: np.ndarray, by=None) -> pd.DataFrame:
    """survey_estimate of % (heel) goed (value >= 4) on the weights-only design."""
    design = SurveyDesign.from_frame(table, weights="weight", cluster=None)
    return survey_estimate(values, design, "share", by=by, threshold=4)


def chain_table(sec) -> pd.DataFrame:
    return next(t for t in sec.tables() if "Ketenpartners" in t.columns)


def p_gap(a: pd.Series, b: pd.Series) -> float:
    # by hand: t = gap / sqrt(se_a^2 + se_b^2) on the summed design df (independent samples)
    t = (a["estimate"] - b["estimate"]) / np.hypot(a["se"], b["se"])
    return float(2 * stats.t.sf(abs(t), a["df"] + b["df"]))


def test_the_chain_question_is_every_partners_inside_and_outside_against_asylum_seekers(
    frames, section
):
    kp, az = raw(frames, "ketenpartners"), raw(frames, "asielzoekers")
    chain = kp["spiegel_oordeel_keten"].to_numpy(float)
    everyone = share(kp, chain).table.iloc[0]
    by_position = share(kp, chain, by=kp["positie"]).table.set_index("positie")
    staff_only = share(kp, np.where(kp["positie"] == INSIDE, chain, np.nan)).table.iloc[0]
    r = frames[1]
    az_chain = r[r["organisation"] == "keten"].set_index("respondent_id")["value"]
    experienced = share(az, az["respondent_id"].map(az_chain).to_numpy(float)).table.iloc[0]

    kf = section.key_figures["mirror_totaaloordeel"]["keten"]
    # all partners, not only the staff of the three organisations (the pilot's n = 290)
    assert kf["expected"] == pytest.approx(everyone["estimate"])
    assert abs(kf["expected"] - staff_only["estimate"]) > 5
    assert kf["experienced"] == pytest.approx(experienced["estimate"])
    assert kf["gap"] == pytest.approx(everyone["estimate"] - experienced["estimate"])
    figures = section.key_figures["mirror_keten_by_position"]
    for g in (INSIDE, OUTSIDE):
        ref = by_position.loc[g]
        got = figures[g]
        assert got["n"] == ref["n"]
        assert got["expected"] == pytest.approx(ref["estimate"])
        assert (got["ci_low"], got["ci_high"]) == pytest.approx((ref["ci_low"], ref["ci_high"]))
        assert got["experienced"] == pytest.approx(experienced["estimate"])
        assert got["gap"] == pytest.approx(ref["estimate"] - experienced["estimate"])

    # one Holm family over every tested gap of the section: the three own organisations and
    # the chain for all partners, inside and outside
    p = []
    for org in ORGS:
        staff = kp["werkgever"] == org
        own = share(kp, np.where(staff, kp["spiegel_oordeel_eigen"], np.nan)).table.iloc[0]
        rated = r[r["organisation"] == org].set_index("respondent_id")["value"]
        seen = share(az, az["respondent_id"].map(rated).to_numpy(float)).table.iloc[0]
        p.append(p_gap(own, seen))
    p += [p_gap(everyone, experienced)]
    p += [p_gap(by_position.loc[g], experienced) for g in (INSIDE, OUTSIDE)]
    holm = multipletests(p, method="holm")[1]
    got = [section.key_figures["mirror_totaaloordeel"][o]["p_holm"] for o in ORGS]
    got += [kf["p_holm"], figures[INSIDE]["p_holm"], figures[OUTSIDE]["p_holm"]]
    np.testing.assert_allclose(got, holm, rtol=1e-6)

    table = chain_table(section)
    assert table["Ketenpartners"].tolist() == ROWS
    assert (
        table["Verwacht: (heel) goed (95%-BI)"].iloc[0].startswith(f"{everyone['estimate']:.0f}%")
    )
    assert table["Significant (Holm)"].tolist() == ["ja" if q < 0.05 else "nee" for q in holm[3:]]


def test_inside_and_outside_are_compared_on_the_design(frames, section):
    kp = raw(frames, "ketenpartners")
    diff = share(kp, kp["spiegel_oordeel_keten"].to_numpy(float), by=kp["positie"]).differences()
    assert diff["p"].iloc[0] < 0.05  # the planted difference, by the independent reference
    assert section.significant[SIGNIFICANT_KEY] == 1
    text = "\n".join(section.texts())
    assert "Medewerkers binnen de Kleine Keten (" in text
    assert "verwachten vaker dan medewerkers buiten de Kleine Keten (" in text


def test_the_chain_is_drawn_and_named_in_reader_text(section):
    figures = [obj for kind, obj, _ in section.parts if kind == "figure"]
    chart = figures[-1]
    ax = chart.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ROWS
    assert len(ax.containers) == 3  # three expectations with their intervals
    assert len(ax.lines) >= 1  # the asylum seekers' share as a line
    text = displayed(section, tables="text")
    assert not SNAKE.findall(text), SNAKE.findall(text)
    doc = key_figure_document(
        {"wave": "2017-Q2", "target_group": "ketenpartners", **section.key_figures},
        "02_descriptives",
    )
    jsonschema.validate(doc, load_schema())
    names = [f["name"] for f in doc["figures"]]
    assert "mirror_keten_by_position.binnen_kleine_keten.expected" in names
    json.dumps(section.key_figures)


def test_a_small_position_is_not_shown_nor_recoverable_from_the_total():
    # twelve partners outside the chain, of whom six answered the chain question: below the
    # threshold of 10; the row of all partners minus the inside row would give them back, so the
    # inside row goes too
    frames = make_frames(n_outside=12, outside_answers=6)
    kp = desc.prepare(*frames, "ketenpartners", wave="2017-Q2", version="2017.1")
    sec = desc.mirror(kp)
    table = chain_table(sec)
    assert table["Ketenpartners"].tolist() == ROWS
    assert table["Verwacht: (heel) goed (95%-BI)"].tolist()[1:] == [SUPPRESSED_MARK] * 2
    figures = sec.key_figures["mirror_keten_by_position"]
    assert all(figures[g]["expected"] is None for g in (INSIDE, OUTSIDE))
    assert figures[INSIDE]["gap"] is None and figures[INSIDE]["p_holm"] is None
    text = "\n".join(sec.texts())
    assert "Medewerkers binnen de Kleine Keten onderschatten" not in text
    assert "Te weinig waarnemingen om medewerkers binnen en buiten" in text
    chart = [obj for kind, obj, _ in sec.parts if kind == "figure"][-1]
    assert len(chart.axes[0].containers) == 1  # only all partners drawn
    assert {t.get_text() for t in chart.axes[0].texts} == {SUPPRESSED_MARK}


def test_the_wave_plan_hides_a_small_position_in_every_table():
    # with the wave's disclosure plan the small position (and its complement) never reaches
    # the section: positions are recoded before any table is made
    respondents, ratings = make_frames(n_outside=6)
    plan = build_plan(respondents, ratings, wave="2017-Q2")
    assert OUTSIDE in plan.group("ketenpartners").hidden("positie")
    kp = desc.prepare(
        respondents, ratings, "ketenpartners", wave="2017-Q2", version="2017.1", plan=plan
    )
    sec = desc.mirror(kp)
    table = chain_table(sec)
    assert table["Ketenpartners"].tolist() == ["alle ketenpartners"]
    assert sec.key_figures["mirror_keten_by_position"] == {}
    text = displayed(sec, tables="text")
    assert "buiten de Kleine Keten" not in text.replace("binnen en buiten de Kleine Keten", "")


def test_the_summary_and_the_descriptives_word_a_gap_alike(section):
    # one writer (helpers.report._compare_text.mirror_gap_sentence) for every mirror gap: the
    # wave summary's sentence about the chain is the descriptives' sentence, word for word
    from helpers.report._summary_text import mirror_sentence

    figure = section.key_figures["mirror_totaaloordeel"]["keten"]
    text = "\n".join(section.texts())
    assert mirror_sentence("keten", figure) in text
    for org in ORGS:
        own = section.key_figures["mirror_totaaloordeel"][org]
        if own["gap"] is not None:
            verdict = mirror_sentence(org, own).split(" ", 1)[1]  # after "Medewerkers"
            assert f"Medewerkers van {ORGANISATION_PHRASES[org]} {verdict}" in text
