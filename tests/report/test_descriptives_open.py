"""The open answers in the descriptives: themes with design-based intervals, the classifier's
precision and recall, verbatim quotes only after approval (the held-back list for the analyst is
the cleaning report's: tests/report/test_cleaning_report.py).

A demo wave (with the planted identifiers of the disclosure attack) is cleaned once into a
temporary folder; its raw folder holds the coded and held-out samples the demo ships.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers.codebook import APPROVAL_FILE
from helpers.data import Wave, clean_wave
from helpers.demo._defects import PLANTED_ANSWERS
from helpers.paths import RAW_DIR, list_waves
from helpers.privacy import text_hash
from helpers.report import descriptives as desc
from helpers.report._descriptives_open import theme_shares
from helpers.stats import survey_estimate
from helpers.stats._estimates import respondent_design

WAVE = list_waves(RAW_DIR)[0]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The first demo wave, cleaned, without the demo analyst's approval file (the tests that
    need one write their own)."""
    root = tmp_path_factory.mktemp("open")
    raw = root / "raw"
    shutil.copytree(RAW_DIR / WAVE, raw / WAVE)
    (raw / WAVE / APPROVAL_FILE).unlink()
    clean_wave(raw / WAVE, root / "processed" / WAVE)
    return raw, root / "processed"


def load(folders, threshold: int = 10):
    raw, processed = folders
    return desc.load_wave(
        Wave.open(WAVE, raw, processed),
        "asielzoekers",
        threshold=threshold,
        indicative_below=max(30, threshold),
    )


def rendered(sec) -> str:
    parts = []
    for kind, obj, extra in sec.parts:
        parts.append(obj.data.to_string() if kind == "table" else str(obj))
        parts.append(str(extra or ""))
    return "\n".join(parts)


def test_themes_not_text_with_intervals_and_the_classifiers_quality(folders):
    data = load(folders)
    sec = desc.open_answers(data)
    page = rendered(sec)
    # no answer is shown word for word: not one answer of 20+ characters appears
    answers = pd.concat([data.respondents[f"advies_{o}"] for o in ("ind", "coa", "dtv")])
    long_answers = [a for a in answers.dropna().astype(str) if len(a) >= 20]
    assert long_answers and not [a for a in long_answers if a in page]
    for _, _, identifier in PLANTED_ANSWERS:
        assert identifier not in page
    tables = sec.tables()
    assert len(tables) == 3  # IND, COA, DT&V
    assert all(list(t.columns) == ["Thema", "% van de antwoorden (95%-BI)"] for t in tables)
    assert page.count("(precisie)") == 3 and page.count("(recall)") == 3
    quality = sec.key_figures["open_answer_classifier"]
    assert set(quality) == {"advies_ind", "advies_coa", "advies_dtv"}
    for q in quality.values():
        assert 0 < q["precision"] <= 1 and 0 < q["recall"] <= 1 and q["n_heldout"] > 0
    assert sec.key_figures["open_answer_quotes"] == 0


def test_theme_shares_are_the_design_based_share_of_the_answering_respondents(folders):
    data = load(folders)
    from helpers.report._descriptives_open import classifiers_for

    classifiers, _ = classifiers_for(data)
    shares = theme_shares(data, classifiers, ["advies_coa"])
    row = shares.iloc[0]
    # independently: the theme indicator per respondent who answered, on the declared design
    from helpers.privacy import code_answers

    coded = code_answers({"advies_coa": classifiers["advies_coa"]}, data.respondents)
    hit = coded[coded["theme"] == row["item"]].set_index("respondent_id")["present"]
    values = data.respondents["respondent_id"].map(hit).astype(float).to_numpy()
    design = respondent_design(data.respondents, cluster_col=data.cluster_col())
    est = survey_estimate(values, design, "share", threshold=1).table.iloc[0]
    assert row["n"] == est["n"] == hit.size
    assert row["pct"] == pytest.approx(est["estimate"], rel=1e-12)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((est["ci_low"], est["ci_high"]))


def test_an_organisation_below_the_threshold_shows_no_themes(folders):
    sec = desc.open_answers(load(folders, threshold=500))
    assert sec.tables() == []
    assert rendered(sec).count("Minder dan 500 antwoorden") == 3


def test_only_approved_answers_are_quoted_scrubbed_again(folders):
    raw, _ = folders
    data = load(folders)
    resp = data.respondents
    iban = next(a for a in resp["advies_coa"].dropna() if "NL91ABNA0417164300" in str(a))
    plain = next(
        a
        for a in resp["advies_dtv"].dropna().astype(str)
        if len(a) > 25 and a.isascii() and "[" not in a
    )
    rows = [
        (resp.loc[resp["advies_coa"] == iban, "respondent_id"].iloc[0], "advies_coa", iban),
        (resp.loc[resp["advies_dtv"] == plain, "respondent_id"].iloc[0], "advies_dtv", plain),
    ]
    approval = raw / WAVE / APPROVAL_FILE
    approval.write_text(
        "respondent_id,question,text_hash,approved_by\n"
        + "".join(f"{rid},{q},{text_hash(t)},analist\n" for rid, q, t in rows)
    )
    try:
        sec = desc.open_answers(data)
    finally:
        approval.unlink()
    page = rendered(sec)
    assert sec.key_figures["open_answer_quotes"] == 2
    assert f"“{plain}”" in page
    assert "NL91ABNA0417164300" not in page and "[iban]" in page.lower()
    # an answer whose text changed after approval is no longer approved
    approval.write_text(
        f"respondent_id,question,text_hash\n{rows[1][0]},advies_dtv,0123456789abcdef\n"
    )
    try:
        assert desc.open_answers(data).key_figures["open_answer_quotes"] == 0
    finally:
        approval.unlink()


def test_the_demo_analysts_approvals_are_quoted_once_and_scrubbed(folders, tmp_path):
    raw, processed = folders
    with_file = tmp_path / "raw"
    shutil.copytree(raw / WAVE, with_file / WAVE)
    shutil.copy(RAW_DIR / WAVE / APPROVAL_FILE, with_file / WAVE / APPROVAL_FILE)
    approvals = pd.read_csv(with_file / WAVE / APPROVAL_FILE)
    data = desc.load_wave(Wave.open(WAVE, with_file, processed), "asielzoekers")
    sec = desc.open_answers(data)
    page = rendered(sec)
    quoted = [line for line in page.splitlines() if line.startswith("- “")]
    assert 0 < len(quoted) == sec.key_figures["open_answer_quotes"] <= len(approvals)
    assert len(set(quoted)) == len(quoted)
    assert "- “Stort het op [iban] graag.”" in quoted  # the planted IBAN, approved, scrubbed
    for rid in approvals["respondent_id"]:
        assert rid not in page


def test_without_a_coded_sample_nothing_is_shown(folders, tmp_path):
    raw, processed = folders
    bare = tmp_path / "raw"
    shutil.copytree(raw / WAVE, bare / WAVE)
    for sample in bare.glob(f"{WAVE}/open_answers_*.csv"):
        sample.unlink()
    data = desc.load_wave(Wave.open(WAVE, bare, processed), "asielzoekers")
    sec = desc.open_answers(data)
    assert sec.tables() == []
    assert rendered(sec).count("nog niet in thema's ingedeeld") == 3
