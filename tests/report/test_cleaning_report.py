"""The cleaning report's Dutch summaries agree with the log they summarise."""

import pandas as pd

from helpers.data import _cleaning as cleaning
from helpers.paths import RAW_DIR, list_waves
from helpers.report import cleaning as cleaning_report
from wavefactory import make_frame, make_wave


def demo_log(tmp_path):
    wave = list_waves(RAW_DIR)[0]
    return cleaning.clean_wave(RAW_DIR / wave, tmp_path / wave).log


def test_tables_reconcile_with_the_log(tmp_path):
    log = demo_log(tmp_path)
    intake = cleaning_report.intake_table(log)
    assert intake["rijen gelezen"].sum() == log["totals"]["rows_read"]
    assert (intake["verwerkt"] + intake["quarantaine"]).sum() == log["totals"]["rows_read"]
    reasons = cleaning_report.reason_table(log)
    excluded = reasons.loc[reasons["actie"] == "rij uitgesloten", "aantal"].sum()
    assert excluded == log["totals"]["rows_quarantined"]
    assert not reasons["reden"].isin(reasons["code"]).any(), "every reason has a Dutch label"
    weights = cleaning_report.weighting_table(log)
    assert set(weights["doelgroep"]) == {"asielzoekers", "ketenpartners"}
    margins = cleaning_report.margins_table(log)
    assert (margins["populatie (%)"] - margins["gewogen steekproef (%)"]).abs().max() < 0.5
    # reader text: the codebook's labels, never a stored key or a file name
    assert {"vergunning na beroep", "binnen de Kleine Keten"} <= set(margins["categorie"])
    assert not margins["categorie"].str.contains("_").any()
    assert intake["bestand"].tolist() == list(range(1, len(log["files"]) + 1))
    kf = cleaning_report.key_figures(log)
    assert kf["rows_read"] == kf["rows_kept"] + kf["rows_quarantined"]


def test_a_target_group_without_respondents_is_reported_not_a_crash(tmp_path):
    fr = {
        "asielzoekers": make_frame("asielzoekers", 6, seed=1),
        "ketenpartners": make_frame("ketenpartners", 1, seed=2),
    }
    fr["ketenpartners"].loc[0, "respondent_id"] = None  # its only row is quarantined
    log = cleaning.clean_wave(make_wave(tmp_path, frames=fr)).log
    assert log["status"] == "incomplete"
    assert [
        (w["code"], w["file"]) for w in log["warnings"] if w["target_group"] == "ketenpartners"
    ] == [("no_respondents", "ketenpartners.csv")]
    weights = cleaning_report.weighting_table(log).set_index("doelgroep")
    assert weights.loc["ketenpartners", "methode"] == "ongewogen (geen respondenten)"
    assert pd.isna(weights.loc["ketenpartners", "design-effect (Kish)"])
    melding = cleaning_report.notices_table(log)["melding"].tolist()
    assert "geen enkele rij verwerkt (1 gelezen)" in melding
    assert cleaning_report.status_sentence(log).startswith("Let op: deze meting is onvolledig.")


def test_every_notice_code_has_dutch_words():
    from helpers.data._readers import NOTICE_CODES

    assert set(cleaning_report.NOTICES_NL) == set(NOTICE_CODES)


def test_build_cleans_the_wave_once_with_the_rules(tmp_path):
    wave = list_waves(RAW_DIR)[0]
    rep = cleaning_report.build(
        wave, raw_root=RAW_DIR, processed_root=tmp_path, exclude_speeders=False
    )
    assert (tmp_path / wave / "ratings.parquet").is_file()
    assert rep.result.rules.exclude_speeders is False
    assert rep.settings["uitsluiten snelle invullers"] is False
    assert "speeder" not in rep.log["rows_quarantined_by_reason"]
    assert cleaning_report.key_figures(rep.log)["rows_read"] == rep.result.rows_read


def test_answers_that_may_still_identify_are_listed_for_the_analyst_not_a_reader(tmp_path):
    import pandas as pd

    from helpers.privacy import HELD_BACK_FILE

    result = cleaning.clean_wave(RAW_DIR / list_waves(RAW_DIR)[0], tmp_path / "w")
    resp = result.respondents
    asylum = resp.index[resp["target_group"] == "asielzoekers"]
    rid = resp.loc[asylum[0], "respondent_id"]
    # the scrubber removes every planted identifier of the demo; a name it does not know as one
    # ("Tesfaye" after "aan", no signal word) remains a candidate identifier after scrubbing
    resp.loc[asylum[0], "advies_coa"] = "Vraag het aan Tesfaye"
    assert cleaning_report._list_held_back(result) == 1
    held = pd.read_csv(tmp_path / "w" / HELD_BACK_FILE)
    assert list(held.columns) == ["respondent_id", "question", "text_hash", "reason", "scrubbed"]
    assert held[["respondent_id", "question", "reason"]].values.tolist() == [
        [rid, "advies_coa", "naam"]
    ]
    kf = cleaning_report.key_figures(result.log, 1)
    assert kf["open_answers_held_back"] == 1
