"""Tests of the fieldwork section and of knowledge by residence status in the descriptives report.

Expected numbers are computed here from the raw frames: counts and shares with numpy, the
share of the population as respondents / population size, the % correct per status and its
interval with helpers.stats.survey_estimate on the declared design (weights, the azc as
cluster), and whether a status difference exists with that estimator's own design-based Wald
test (SurveyEstimates.equality_test), not with the report's compare_groups.
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from helpers.codebook import load_codebook
from helpers.data import Population
from helpers.privacy import build_plan
from helpers.report import descriptives as desc
from helpers.stats import SurveyDesign, survey_estimate
from test_reader_text import reader_text_problems

AZCS = [f"azc{i:02d}" for i in range(12)]
QUESTIONS = (("kennis_beslissing", 1), ("kennis_opvang", 2), ("kennis_vertrek", 3))


def make_frames(modes, *, seed: int = 3, n_kp: int = 40):
    """respondents + ratings of one wave; asylum seekers answer in ``modes`` (one per person).

    Knowledge: ``kennis_beslissing`` is known far better by ``vergunning_na_beroep`` (95 % vs
    45 %), the other two questions equally well by both statuses.
    """
    rng = np.random.default_rng(seed)
    n = len(modes)
    status = np.where(np.arange(n) % 3 == 0, "vergunning_na_beroep", "afgewezen")
    az = pd.DataFrame(
        {
            "respondent_id": [f"AZ{i:03d}" for i in range(n)],
            "target_group": "asielzoekers",
            "weight": rng.uniform(0.6, 1.6, n),
            "status": status,
            "azc": [AZCS[i % len(AZCS)] for i in range(n)],
            "modus": list(modes),
        }
    )
    az["weight"] /= az["weight"].mean()
    for name, correct in QUESTIONS:
        p_correct = np.full(n, 0.7)
        if name == "kennis_beslissing":
            p_correct = np.where(status == "afgewezen", 0.45, 0.95)
        right = rng.random(n) < p_correct
        dk = ~right & (rng.random(n) < 0.3)
        wrong = 1 + (correct % 3)
        code = np.where(right, float(correct), np.where(dk, np.nan, float(wrong)))
        az[name] = code
        az[f"{name}_dont_know"] = dk
        az[f"{name}_correct"] = pd.array(right, dtype="boolean")  # "weet niet" counts as wrong
    kp = pd.DataFrame(
        {
            "respondent_id": [f"KP{i:03d}" for i in range(n_kp)],
            "target_group": "ketenpartners",
            "weight": 1.0,
            "modus": "web",
            "positie": "binnen_kleine_keten",
        }
    )
    ratings = pd.DataFrame(
        {
            "respondent_id": az["respondent_id"],
            "target_group": "asielzoekers",
            "organisation": "COA",
            "item": "totaaloordeel",
            "value": rng.integers(1, 6, n).astype(float),
            "dont_know": False,
        }
    )
    return pd.concat([az, kp], ignore_index=True), ratings


def prepared(modes, *, plan: bool, target_group: str = "asielzoekers", **kwargs):
    respondents, ratings = make_frames(modes, **kwargs)
    wave_plan = build_plan(respondents, ratings, threshold=10) if plan else None
    data = desc.prepare(
        respondents,
        ratings,
        target_group,
        wave="2017-Q2",
        version="2017.1",
        plan=wave_plan,
        clusters={"asielzoekers": "azc", "ketenpartners": None},
    )
    data.population = {
        "asielzoekers": Population(size=9800, response_rate=0.42),
        "ketenpartners": Population(size=5200),
    }
    data.fieldwork_start, data.fieldwork_end = dt.date(2017, 4, 3), dt.date(2017, 6, 23)
    return data, respondents


def page(section) -> str:
    """The section's text, captions and table cells as the reader sees them."""
    out = []
    for kind, obj, extra in section.parts:
        if kind == "text":
            out.append(obj)
        elif kind == "table":
            out += [str(extra), obj.to_html()]
        else:
            out.append(extra)
    return "\n".join(out)


def mode_rows(section) -> dict[str, str]:
    """Displayed mode label -> displayed n."""
    table = section.tables()[0]
    return dict(zip(table["Invulwijze"], table["n"], strict=True))


# --------------------------------------------------------------------------------------------
# fieldwork and response
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("plan", [True, False])
def test_fieldwork_period_population_share_and_modes(plan):
    modes = ["papier"] * 70 + ["web"] * 50
    data, raw = prepared(modes, plan=plan)
    sec = desc.fieldwork(data)
    az = raw[raw["target_group"] == "asielzoekers"]
    # reference: numpy counts of the raw column, shares of all respondents, n / population
    values, counts = np.unique(az["modus"].to_numpy(str), return_counts=True)
    expected = {v: (int(c), 100 * c / len(az)) for v, c in zip(values, counts, strict=True)}
    kf = sec.key_figures
    assert kf["fieldwork"] == {
        "start": "2017-04-03",
        "end": "2017-06-23",
        "population": 9800,
        "respondents": len(az),
        "pct_of_population": pytest.approx(100 * len(az) / 9800),
    }
    assert set(kf["mode"]) == set(expected)
    for mode, (n, pct) in expected.items():
        assert kf["mode"][mode]["n"] == n
        assert kf["mode"][mode]["pct"] == pytest.approx(pct)
    labels = load_codebook().column_categories("modus", "asielzoekers")
    rows = mode_rows(sec)
    assert rows == {labels["papier"]: "70", labels["web"]: "50", "totaal": "120"}
    text = page(sec)
    assert "3 april tot en met 23 juni 2017" in text
    assert "9.800" in text and "1,2%" in text  # 120 / 9800
    assert "geen responspercentage" in text  # a share of the population, not of invitations
    assert reader_text_problems(text) == []
    json.dumps(kf)


@pytest.mark.parametrize("plan", [True, False])
def test_a_small_mode_is_not_shown_nor_recoverable_from_the_total(plan):
    modes = ["papier"] * 4 + ["web"] * 116  # 4 < the threshold of 10
    data, raw = prepared(modes, plan=plan)
    sec = desc.fieldwork(data)
    t = sec.protected[0].table
    shown = t[~t["suppressed"]]
    assert "papier" not in set(shown["modus"])
    # the total (shown in the table and the text) minus the shown modes must not be a small count
    rest = data.n - int(shown["n"].astype(int).sum())
    assert rest == 0 or rest >= data.threshold
    displayed = set(mode_rows(sec).values())
    assert "4" not in displayed and "116" not in displayed  # web would give papier away
    assert "papier" not in sec.key_figures["mode"] and "web" not in sec.key_figures["mode"]
    assert "4" not in [str(v["n"]) for v in sec.key_figures["mode"].values()]
    assert "niet uit het totaal terug te rekenen" in page(sec)
    if plan:  # the plan knows papier exists: listed, but as "–"
        label = load_codebook().column_categories("modus", "asielzoekers")["papier"]
        assert mode_rows(sec)[label] == "–"


@pytest.mark.parametrize("plan", [True, False])
def test_unknown_modes_are_a_protected_rest(plan):
    # 2 respondents without a mode: the rest (total minus shown) must not be 2
    modes = ["papier"] * 50 + ["web"] * 68 + [None] * 2
    data, _ = prepared(modes, plan=plan)
    sec = desc.fieldwork(data)
    t = sec.protected[0].table
    shown = int(t.loc[~t["suppressed"], "n"].astype(int).sum())
    assert data.n == 120 and data.n - shown >= data.threshold


def test_partners_get_the_section_too_and_unknown_population_is_said():
    data, _ = prepared(["web"] * 30, plan=True, target_group="ketenpartners")
    sec = desc.fieldwork(data)
    assert sec.key_figures["mode"] == {"web": {"n": 40, "pct": 100.0}}
    assert sec.key_figures["fieldwork"]["pct_of_population"] == pytest.approx(100 * 40 / 5200)
    data.population = {}
    data.fieldwork_start = data.fieldwork_end = None
    sec = desc.fieldwork(data)
    text = page(sec)
    assert "niet vastgelegd" in text and "niet te berekenen" in text
    assert sec.key_figures["fieldwork"]["population"] is None
    assert reader_text_problems(text) == []


def test_load_wave_keeps_population_and_fieldwork(tmp_path):
    from helpers.data import Design

    respondents, ratings = make_frames(["web"] * 60)
    population = {"asielzoekers": Population(size=9800)}
    wave = SimpleNamespace(
        id="2017-Q2",
        version="2017.1",
        respondents=respondents,
        ratings=ratings,
        design={"asielzoekers": Design(cluster="azc"), "ketenpartners": Design()},
        raw_dir=tmp_path,
        processed_dir=tmp_path,
        population=population,
        config=SimpleNamespace(
            fieldwork_start=dt.date(2017, 12, 4), fieldwork_end=dt.date(2018, 2, 9)
        ),
    )
    data = desc.load_wave(wave, "asielzoekers")
    assert data.population == population
    assert (data.fieldwork_start, data.fieldwork_end) == (dt.date(2017, 12, 4), dt.date(2018, 2, 9))
    assert "4 december 2017 tot en met 9 februari 2018" in page(desc.fieldwork(data))


def test_fieldwork_follows_the_overview():
    names = [f.__name__ for f in desc.SECTIONS]
    assert names[:2] == ["overview", "fieldwork"] and "fieldwork" in desc.__all__


# --------------------------------------------------------------------------------------------
# knowledge by residence status
# --------------------------------------------------------------------------------------------


def test_knowledge_by_status_estimates_intervals_and_tested_differences():
    data, raw = prepared(["web"] * 180, plan=False, seed=5)
    sec = desc.knowledge(data)
    az = raw[raw["target_group"] == "asielzoekers"].reset_index(drop=True)
    design = SurveyDesign.from_frame(az, weights="weight", cluster="azc")
    by_status = sec.key_figures["pct_knows_by_status"]
    protected = sec.protected[1].table
    sentences = [line for text in sec.texts() for line in text.splitlines() if line.startswith("-")]
    for name, _ in QUESTIONS:
        values = az[f"{name}_correct"].astype(float).to_numpy()
        est = survey_estimate(values, design, "share", by=az["status"], threshold=1)
        for row in est.table.to_dict("records"):
            group = row["status"]
            assert by_status[name][group] == pytest.approx(row["estimate"])
            cell = protected[(protected["item"] == name) & (protected["status"] == group)]
            assert float(cell["ci_low"].iloc[0]) == pytest.approx(row["ci_low"])
            assert float(cell["ci_high"].iloc[0]) == pytest.approx(row["ci_high"])
        significant = est.equality_test().p < 0.05
        label = load_codebook().label(name).removeprefix("weet ")
        named = [s for s in sentences if label in s]
        assert bool(named) == significant, (name, est.equality_test())
    # the planted difference is found; the equal questions are not named
    assert any("wie beslist over de asielaanvraag" in s for s in sentences)
    caption = [e for kind, _, e in sec.parts if kind == "table"][1]
    assert "'weet niet' telt mee in de basis" in caption
    assert reader_text_problems(page(sec)) == []


def test_knowledge_by_status_protects_a_small_cell_and_its_complement():
    respondents, ratings = make_frames(["web"] * 120)
    az = respondents.index[respondents["target_group"] == "asielzoekers"]
    status = np.array(["afgewezen"] * len(az), dtype=object)
    status[:12] = "vergunning_na_beroep"  # 12 respondents: shown as a group
    respondents.loc[az, "status"] = status
    respondents.loc[az[:5], "kennis_opvang_correct"] = pd.NA  # 7 left: a small cell
    data = desc.prepare(respondents, ratings, "asielzoekers", version="2017.1")
    sec = desc.knowledge(data)
    t = sec.protected[1].table
    opvang = t[t["item"] == "kennis_opvang"]
    assert opvang["suppressed"].all()  # 7 < 10, and afgewezen would give it back
    for name, _ in QUESTIONS:
        cells = t[t["item"] == name]
        valid = int(data.respondents[f"{name}_correct"].notna().sum())
        rest = valid - int(cells.loc[~cells["suppressed"], "n"].astype(int).sum())
        assert rest == 0 or rest >= data.threshold
    assert sec.key_figures["pct_knows_by_status"]["kennis_opvang"] == {}
    wide = sec.tables()[1]
    assert (wide.iloc[1, 1:3] == "–").all()
    sentences = "\n".join(sec.texts())
    assert "wie zorgt voor de opvang" not in sentences  # an untested cell is never named


def test_knowledge_with_one_status_group_says_so():
    respondents, ratings = make_frames(["web"] * 120)
    az = respondents["target_group"] == "asielzoekers"
    respondents.loc[az, "status"] = "afgewezen"
    respondents.loc[respondents.index[az][:4], "status"] = "vergunning_na_beroep"  # pooled away
    data = desc.prepare(respondents, ratings, "asielzoekers", version="2017.1")
    sec = desc.knowledge(data)
    assert len(sec.tables()) == 1 and "pct_knows_by_status" not in sec.key_figures
    assert "niet naar verblijfsstatus uit te splitsen" in page(sec)
    assert reader_text_problems(page(sec)) == []
