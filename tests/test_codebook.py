"""The codebook: expansion, routing, versions, labels, agreement with the pilot's item names."""

import numpy as np
import pandas as pd
import pytest
import yaml

from helpers.codebook import load_codebook
from helpers.errors import InputError
from helpers.paths import PILOT_REFERENCE_FILE

cb = load_codebook()


def pilot():
    return yaml.safe_load(PILOT_REFERENCE_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "tg,key", [("asielzoekers", "asylum_seekers"), ("ketenpartners", "chain_partners")]
)
def test_aspects_match_the_pilot_report(tg, key):
    # the pilot's aspect names and order are the codebook's (plus later additions)
    assert cb.aspects(tg, "2017.1", "IND") == pilot()[key]["aspects"]


def test_every_org_and_aspect_has_a_rating_variable_in_the_pilot_version():
    for tg, key in [("asielzoekers", "asylum_seekers"), ("ketenpartners", "chain_partners")]:
        names = {v.name for v in cb.rating_variables(tg, "2017.1")}
        for org in pilot()["organisations"]:
            assert f"{org.lower()}_totaaloordeel" in names
            for aspect in pilot()[key]["aspects"]:
                assert f"{org.lower()}_{aspect}" in names


def test_partners_never_rate_their_own_organisation():
    raw = pd.DataFrame({"werkgever": [1, 2, 3, 4], "contact_ind": [1, 1, 1, 1]})
    v = cb.variable("ketenpartners", "ind_totaaloordeel", "2017.1")
    assert cb.eligible(raw, v).tolist() == [False, True, True, True]
    aspect = cb.variable("ketenpartners", "ind_inleven", "2017.1")
    raw["contact_ind"] = [1, 3, 2, np.nan]
    assert cb.eligible(raw, aspect).tolist() == [False, False, True, False]


def test_asylum_seekers_rate_only_organisations_they_had_contact_with():
    raw = pd.DataFrame({"contact_ind": [1, 4, 5, np.nan]})
    v = cb.variable("asielzoekers", "ind_vriendelijkheid", "2017.1")
    assert cb.eligible(raw, v).tolist() == [True, True, False, False]
    coa = cb.variable("asielzoekers", "coa_vriendelijkheid", "2017.1")
    assert cb.eligible(raw, coa).all()  # everyone in an AZC deals with the COA


def test_versions_add_and_drop_items():
    az17 = {v.name for v in cb.variables("asielzoekers", "2017.1")}
    az18 = {v.name for v in cb.variables("asielzoekers", "2018.1")}
    assert az18 - az17 == {"ind_tolk"}
    kp17 = {v.name for v in cb.variables("ketenpartners", "2017.1")}
    kp18 = {v.name for v in cb.variables("ketenpartners", "2018.1")}
    assert kp17 - kp18 == {f"kanaal_{o}_brief" for o in ("ind", "coa", "dtv")}
    assert cb.rename_map("2018.1") == {"resp_id": "respondent_id"}
    with pytest.raises(InputError, match="unknown questionnaire version '1999.9'"):
        cb.check_version("1999.9")


def test_scales_orient_five_as_most_positive():
    for name in ["oordeel5", "wel_niet5", "eens5", "ja_nee5"]:
        scale = cb.scale(name)
        assert scale.recode[1] == 5 and scale.recode[5] == 1
        assert set(scale.positive) == {4, 5}
        assert scale.value_labels("nl")[5] == scale.codes[1]["nl"]
    assert cb.scale("nps11").substantive_codes == tuple(range(11))


def test_every_variable_has_dutch_and_english_labels():
    for tg in cb.target_groups:
        for version in cb.versions:
            for v in cb.variables(tg, version):
                assert v.label_nl and v.label_en, v.name
                if v.table == "ratings":
                    assert v.question_nl and v.question_en, v.name
                    assert v.organisation in cb.organisations


def test_labels_in_both_languages():
    assert cb.label("DTV") == "DT&V"
    assert cb.label("totaaloordeel", "en") == "overall judgement"
    with pytest.raises(InputError):
        cb.label("inleven", "fr")


def test_every_value_label_is_text():
    # YAML traps: `{nl: ja, vaak}` splits at the comma, `en: yes` becomes a boolean
    for name, scale in cb.raw["scales"].items():
        for code, labels in (scale.get("codes") or {}).items():
            assert set(labels) == {"nl", "en"}, (name, code, labels)
            assert all(isinstance(v, str) for v in labels.values()), (name, code, labels)
    assert cb.scale("contact12").label(1) == "ja, vaak"
    for name, item in cb.items.items():
        assert {k for k in item if k.startswith("label_")} == {"label_nl", "label_en"}, name
        assert all(isinstance(v, str) for v in item.values()), name
    assert cb.label("indirect") == "indirect (via VluchtelingenWerk, COA of advocaat)"


# -- open questions: codeframes -------------------------------------------------------------------
def test_every_open_question_has_a_codeframe_with_a_residual_theme():
    open_names = {v.name for tg in cb.target_groups for v in cb.open_questions(tg)}
    assert open_names == set(cb.codeframes) == {"advies_ind", "advies_coa", "advies_dtv"}
    for question, frame in cb.codeframes.items():
        assert cb.open_question(question).open_text
        assert frame.residual in frame.codes and frame.residual not in frame.substantive
        assert len(set(frame.codes)) == len(frame.codes) >= 5, question
        table = frame.table()
        assert table["residual"].sum() == 1 and list(table["code"]) == list(frame.codes)


def test_every_theme_is_described_in_dutch_and_english_and_used():
    used = {code for frame in cb.codeframes.values() for code in frame.codes}
    assert used == set(cb.themes)
    for code, theme in cb.themes.items():
        for text in (theme.label_nl, theme.label_en, theme.description_nl, theme.description_en):
            assert isinstance(text, str) and text.strip(), code
        assert cb.label(code) == theme.label_nl and cb.label(code, "en") == theme.label_en
    # theme codes share the label lookup with items, organisations, target groups, variables
    others = set(cb.items) | set(cb.organisations) | set(cb.target_groups)
    others |= {v.name for tg in cb.target_groups for v in cb.variables(tg)}
    assert not set(cb.themes) & others
    assert cb.label("taal_tolk", "en") == "language and interpreter"


def test_unknown_codeframe_and_broken_codeframes(tmp_path):
    with pytest.raises(InputError, match="no codeframe"):
        cb.codeframe("advies_xyz")
    with pytest.raises(InputError, match="not an open question"):
        cb.open_question("status")
    for change, message in [
        ({"themes": ["snelheid", "onbekend", "overig"]}, "undefined themes"),
        ({"residual": "huisvesting"}, "residual"),
    ]:
        raw = yaml.safe_load(cb.source.read_text(encoding="utf-8"))
        raw["codeframes"]["advies_ind"].update(change)
        path = tmp_path / "codebook.yml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            load_codebook(path)
    raw = yaml.safe_load(cb.source.read_text(encoding="utf-8"))
    raw["codeframes"]["status"] = raw["codeframes"]["advies_ind"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="not an open question"):
        load_codebook(path)


# -- labels API and the data dictionary ----------------------------------------------------------
def test_categories_run_from_least_positive_and_cover_nps():
    assert list(cb.scale("eens5").categories("nl").values()) == [
        "helemaal oneens",
        "oneens",
        "neutraal",
        "eens",
        "helemaal eens",
    ]
    nps = cb.scale("nps11").categories("en")
    assert list(nps) == list(range(11)) and nps[0] == "0 - not at all likely" and nps[5] == "5"
    # codebook order of the codes where nothing is recoded ("geen contact" last)
    assert list(cb.scale("contact_freq").categories("nl"))[-1] == 5


def test_column_labels_of_added_columns_and_languages():
    assert cb.column_label("weight", "en") == "weight (mean 1 within the target group)"
    assert cb.column_label("coa_introductie_begrepen_dont_know") == (
        "introductie COA begrepen: weet niet"
    )
    assert cb.column_label("ind_totaaloordeel", "en") == "IND: overall judgement"
    with pytest.raises(InputError, match="unknown language"):
        cb.column_label("weight", "de")
    assert cb.background("asielzoekers")[0] == "status"
    assert cb.column_categories("nationaliteit") == {}  # free values: no labels
    assert cb.column_categories("kanaal_ind_email", "asielzoekers") == {}  # a ticked box


def run_codebook(capsys, *argv):
    import argparse

    from helpers.commands import codebook as command

    parser = argparse.ArgumentParser()
    command.configure(parser)
    assert command.main(parser.parse_args(list(argv))) == 0
    return capsys.readouterr().out


def test_data_dictionary_json_lists_codes_added_columns_and_files(capsys):
    import json

    d = json.loads(run_codebook(capsys, "--format", "json", "--lang", "en"))
    assert [f["file"] for f in d["files"]] == [
        "respondents.parquet",
        "ratings.parquet",
        "quarantine.csv",
        "cleaning_log.json",
    ]
    assert all(f["description"] for f in d["files"])
    by_name = {v["name"]: v for v in d["variables"]}
    assert by_name["contact_ind"]["codes"].endswith("5 = no contact")
    assert by_name["ind_totaaloordeel"]["codes"].startswith("1 = very good -> 5; 2 = good -> 4")
    assert "8 = don't know" in by_name["ind_totaaloordeel"]["codes"]
    added = {(c["file"], c["column"]): c for c in d["added_columns"]}
    for column in ("wave", "weight", "positie", "flag_speeder", "kennis_opvang_correct"):
        assert added[("respondents.parquet", column)]["label"], column
    assert added[("ratings.parquet", "value")]["dtype"] == "float64"
    # no codebook variable is listed as added to the respondents (ratings: its long columns)
    assert not {c for f, c in added if f == "respondents.parquet" and c in by_name}


def test_data_dictionary_markdown_and_the_old_formats(capsys):
    md = run_codebook(capsys, "--format", "markdown", "--target-group", "ketenpartners")
    assert "## Bestanden" in md and "## Kolommen die de opschoning toevoegt" in md
    assert "| werkgever | respondents | werkgever |" in md
    assert "| respondents.parquet | flag_speeder | bool | te snel ingevuld (web) |" in md
    text = run_codebook(capsys)
    assert "Asielzoekers, vragenlijst 2018.1" in text and "flag_duplicate" in text
    csv = run_codebook(capsys, "--format", "csv", "--version", "2017.1")
    assert csv.splitlines()[0].startswith("name,table,organisation,item,scale")
    assert csv.splitlines()[0].endswith(",codes")
