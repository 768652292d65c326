"""The wave's home: wave.yml read and checked once (options, unknown keys, design), and Wave."""

from __future__ import annotations

import re

import pytest
import yaml

from helpers.data import Design, Wave, processed_wave_ids
from helpers.data._wave import read_wave_config
from helpers.errors import InputError
from wavefactory import make_wave, write_wave_yml


def test_read_wave_config(tmp_path):
    wave = make_wave(tmp_path)
    cfg = read_wave_config(wave)
    assert cfg.wave == "2017-Q2" and cfg.questionnaire_version == "2017.1" and cfg.synthetic
    assert [(f.path, f.target_group) for f in cfg.files] == [
        ("asielzoekers.csv", "asielzoekers"),
        ("ketenpartners.csv", "ketenpartners"),
    ]
    assert cfg.population["ketenpartners"].margins == {
        "positie": {"binnen_kleine_keten": 0.45, "buiten_kleine_keten": 0.55}
    }
    assert str(cfg.fieldwork_start) == "2017-04-03"


def test_no_wave_yml(tmp_path):
    with pytest.raises(InputError, match="wave.yml") as exc:
        read_wave_config(tmp_path)
    assert exc.value.file.endswith("wave.yml")


def test_no_such_folder(tmp_path):
    with pytest.raises(InputError, match="no such wave folder"):
        read_wave_config(tmp_path / "nope")


def test_unknown_version(tmp_path):
    wave = make_wave(tmp_path)
    spec = yaml.safe_load((wave / "wave.yml").read_text())
    spec["questionnaire_version"] = "2031.9"
    (wave / "wave.yml").write_text(yaml.safe_dump(spec))
    with pytest.raises(InputError, match="unknown questionnaire version '2031.9'"):
        read_wave_config(wave)


def test_invalid_yaml(tmp_path):
    (tmp_path / "wave.yml").write_text("wave: [2017-Q2\nfiles: {")
    with pytest.raises(InputError, match="not valid YAML"):
        read_wave_config(tmp_path)


def test_listed_file_missing_and_unknown_target_group(tmp_path):
    write_wave_yml(tmp_path, {"asielzoekers": "gone.csv"})
    with pytest.raises(InputError, match="listed in wave.yml but not found"):
        read_wave_config(tmp_path)
    write_wave_yml(tmp_path, {"toeristen": "gone.csv"})
    with pytest.raises(InputError, match="unknown target group 'toeristen'"):
        read_wave_config(tmp_path)


def test_margins_must_be_shares(tmp_path):
    wave = make_wave(tmp_path)
    spec = yaml.safe_load((wave / "wave.yml").read_text())
    spec["population"]["asielzoekers"]["margins"]["status"] = {
        "afgewezen": 0.9,
        "vergunning_na_beroep": 0.5,
    }
    (wave / "wave.yml").write_text(yaml.safe_dump(spec))
    with pytest.raises(InputError, match="sum to 1"):
        read_wave_config(wave)


def _spec(wave):
    return yaml.safe_load((wave / "wave.yml").read_text())


def _write_spec(wave, spec):
    (wave / "wave.yml").write_text(yaml.safe_dump(spec, sort_keys=False))


@pytest.mark.parametrize(
    "where, key, allowed",
    [
        ("top", "margins", "wave, fieldwork, questionnaire_version"),
        ("file", "header_row", "path, target_group, header_rows, rename"),
        ("population", "margin", "size, response_rate, margins"),
        ("fieldwork", "begin", "start, end"),
    ],
)
def test_unknown_keys_in_wave_yml_are_errors(tmp_path, where, key, allowed):
    wave = make_wave(tmp_path)
    spec = _spec(wave)
    target = {
        "top": spec,
        "file": spec["files"][1],
        "population": spec["population"]["asielzoekers"],
        "fieldwork": spec["fieldwork"],
    }[where]
    target[key] = 1
    _write_spec(wave, spec)
    with pytest.raises(InputError, match=f"unknown key '{key}' \\(allowed: {allowed}") as exc:
        read_wave_config(wave)
    assert exc.value.file.endswith("wave.yml")


def test_file_options_header_rows_and_rename(tmp_path):
    wave = make_wave(tmp_path)
    spec = _spec(wave)
    spec["files"][0]["header_rows"] = 2
    spec["files"][0]["rename"] = {"ResponseId": "respondent_id", " Q5 ": "status"}
    _write_spec(wave, spec)
    files = read_wave_config(wave).files
    assert (files[0].header_rows, files[0].rename) == (
        2,
        {"responseid": "respondent_id", "q5": "status"},
    )
    assert (files[1].header_rows, files[1].rename) == ("auto", {})


@pytest.mark.parametrize(
    "option, message",
    [
        ({"header_rows": -1}, "header_rows must be 'auto' or a whole number >= 0, not -1"),
        ({"header_rows": "twee"}, "header_rows must be 'auto'"),
        ({"rename": ["a", "b"]}, "rename must map the file's column names"),
        ({"rename": {"q1": "tevredenheid"}}, "'tevredenheid' is not a codebook column"),
        ({"rename": {"q1": "status", "q2": "status"}}, "two columns are renamed to 'status'"),
    ],
)
def test_bad_file_options(tmp_path, option, message):
    wave = make_wave(tmp_path)
    spec = _spec(wave)
    spec["files"][0].update(option)
    _write_spec(wave, spec)
    with pytest.raises(InputError, match=re.escape(message)):
        read_wave_config(wave)


# -- survey-platform exports (Qualtrics) -----------------------------------------------------------


def test_design_defaults_to_the_pilot_and_can_be_declared(tmp_path):
    wave = make_wave(tmp_path, n={"asielzoekers": 5, "ketenpartners": 5})
    cfg = read_wave_config(wave)
    assert cfg.design["asielzoekers"] == Design(cluster="azc")
    assert cfg.design["ketenpartners"].cluster is None
    spec = yaml.safe_load((wave / "wave.yml").read_text())
    spec["design"] = {"asielzoekers": {"cluster": None, "fpc": True}}
    (wave / "wave.yml").write_text(yaml.safe_dump(spec))
    assert read_wave_config(wave).design["asielzoekers"] == Design(cluster=None, fpc=True)
    spec["design"] = {"asielzoekers": {"clusters": "azc"}}
    (wave / "wave.yml").write_text(yaml.safe_dump(spec))
    with pytest.raises(InputError, match="unknown key 'clusters'"):
        read_wave_config(wave)


def test_wave_object_knows_config_tables_and_previous(tmp_path):
    from helpers.data import clean_wave

    raw, processed = tmp_path / "raw", tmp_path / "processed"
    for wave_id, seed in (("2017-Q2", 1), ("2017-Q3", 2)):
        make_wave(raw, wave_id, n={"asielzoekers": 6, "ketenpartners": 4}, seed=seed)
    first = Wave.open("2017-Q3", raw, processed)
    assert first.previous is None
    with pytest.raises(InputError, match="run the cleaning"):
        first.respondents  # noqa: B018
    for wave_id in ("2017-Q2", "2017-Q3"):
        clean_wave(raw / wave_id, processed / wave_id)
    wave = Wave.open("2017-Q3", raw, processed)
    assert processed_wave_ids(processed) == ["2017-Q2", "2017-Q3"]
    assert wave.version == read_wave_config(raw / "2017-Q3").questionnaire_version
    assert len(wave.respondents) == 10 and set(wave.ratings["target_group"]) <= {
        "asielzoekers",
        "ketenpartners",
    }
    assert wave.cleaning_log["status"] in ("ok", "warnings")
    assert wave.previous.id == "2017-Q2" and wave.previous.processed_root == processed
    assert len(wave.data_version) == 12


def test_fpc_needs_its_population_size_and_wave_gives_it(tmp_path):
    # population.asielzoekers.size is 9800 in the wave factory; clusters is not given
    raw = tmp_path / "raw"
    wave_dir = make_wave(raw, n={"asielzoekers": 5, "ketenpartners": 5})
    spec = _spec(wave_dir)
    assert Wave.open("2017-Q2", raw).fpc_size("asielzoekers") is None  # fpc not declared
    spec["design"] = {"asielzoekers": {"cluster": "azc", "fpc": True}}
    _write_spec(wave_dir, spec)
    with pytest.raises(InputError, match=r"population\.asielzoekers\.clusters is missing") as exc:
        read_wave_config(wave_dir)
    assert exc.value.file.endswith("wave.yml")
    spec["population"]["asielzoekers"]["clusters"] = 40
    _write_spec(wave_dir, spec)
    wave = Wave.open("2017-Q2", raw)
    assert wave.population["asielzoekers"].clusters == 40
    assert wave.fpc_size("asielzoekers") == 40.0 and wave.fpc_size("ketenpartners") is None
    spec["design"] = {"ketenpartners": {"cluster": None, "fpc": True}}
    del spec["population"]["ketenpartners"]["size"]
    _write_spec(wave_dir, spec)
    with pytest.raises(InputError, match=r"population\.ketenpartners\.size is missing"):
        read_wave_config(wave_dir)
    spec["population"]["ketenpartners"]["size"] = 5200
    _write_spec(wave_dir, spec)
    assert Wave.open("2017-Q2", raw).fpc_size("ketenpartners") == 5200.0
    spec["population"]["asielzoekers"]["clusters"] = "veertig"
    _write_spec(wave_dir, spec)
    with pytest.raises(InputError, match="clusters must be a positive whole number"):
        read_wave_config(wave_dir)
