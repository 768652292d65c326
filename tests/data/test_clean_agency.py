"""Agency exports: survey-platform header rows and columns, wave.yml file options, a wave that
misses required outcome columns, and cut-off lines; nothing may pass silently.

Every wave is written by tests/wavefactory.py into tmp_path.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from helpers.data import clean_wave
from helpers.errors import InputError
from helpers.report import cleaning as cleaning_report
from wavefactory import make_frame, make_wave, qualtrics_export, write_rows, write_wave_yml


def frames(n_a=12, n_k=10):
    return {
        "asielzoekers": make_frame("asielzoekers", n_a, seed=1),
        "ketenpartners": make_frame("ketenpartners", n_k, seed=2),
    }


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The same respondents delivered as plain CSV files: what an export must clean to."""
    root = tmp_path_factory.mktemp("plain")
    return clean_wave(make_wave(root, frames=frames(), margins=False))


def export_wave(root, options=None, import_ids=True, status_name="Q3"):
    """Both files as Qualtrics-style exports; the asylum status question is exported as ``Q3``
    (Qualtrics' own ``Status`` column is the response type)."""
    root.mkdir(parents=True, exist_ok=True)
    fr = frames()
    write_rows(
        qualtrics_export(fr["asielzoekers"], {"status": status_name}, import_ids),
        root / "asielzoekers.csv",
    )
    write_rows(qualtrics_export(fr["ketenpartners"], import_ids=import_ids), root / "k.csv")
    default = {"asielzoekers": {"rename": {status_name: "status"}}}
    write_wave_yml(
        root,
        {"asielzoekers": "asielzoekers.csv", "ketenpartners": "k.csv"},
        wave="2017-Q2",
        margins=False,
        file_options=default if options is None else options,
    )
    return root


def test_platform_export_cleans_like_the_plain_files(tmp_path, plain):
    res = clean_wave(export_wave(tmp_path / "w"))
    # the rows of question texts and ImportIds are not respondents: nothing extra is counted
    assert res.rows_read == plain.rows_read == 22
    assert res.quarantine.empty
    pd.testing.assert_frame_equal(res.respondents, plain.respondents)
    pd.testing.assert_frame_equal(res.ratings, plain.ratings)
    log = res.log
    assert log["status"] == "ok" and log["warnings"] == []
    f = log["files"][0]
    assert f["header_rows_skipped"] == [1, 2]
    assert f["columns_renamed"] == {"q3": "status"}
    assert f["columns_dropped"][:3] == ["startdate", "enddate", "status"]
    assert "ipaddress" in f["columns_dropped"] and f["columns_ignored"] == []
    codes = [(n["file"], n["code"]) for n in log["notes"]]
    assert ("asielzoekers.csv", "export_header_rows") in codes
    assert ("k.csv", "platform_columns_dropped") in codes
    assert ("asielzoekers.csv", "columns_renamed") in codes
    notes = cleaning_report.notices_table(log, "notes")["melding"].tolist()
    assert "2 extra kopregel(s) van het exportbestand overgeslagen (regel 1 en 2)" in notes


def test_platform_response_id_as_respondent_id(tmp_path, plain):
    wave = export_wave(tmp_path / "w")
    # the agency left its own code out: the platform's ResponseId is the respondent code
    for name in ("asielzoekers.csv", "k.csv"):
        text = (wave / name).read_text(encoding="utf-8-sig").split("\n")
        text[0] = text[0].replace('"respondent_id"', '"eigen_code"')
        (wave / name).write_text("\n".join(text), encoding="utf-8-sig")
    with pytest.raises(InputError, match="survey-platform export: map its columns"):
        clean_wave(wave)
    options = {
        "asielzoekers": {"rename": {"Q3": "status", "ResponseId": "respondent_id"}},
        "ketenpartners": {"header_rows": 2, "rename": {"ResponseId": "respondent_id"}},
    }
    files = {"asielzoekers": "asielzoekers.csv", "ketenpartners": "k.csv"}
    write_wave_yml(wave, files, margins=False, file_options=options)
    res = clean_wave(wave)
    assert res.quarantine.empty
    assert res.respondents["respondent_id"].tolist() == plain.respondents["respondent_id"].tolist()
    assert "responseid" not in res.log["files"][0]["columns_dropped"]
    # the agency's own code column is now an unknown column: a warning, not silence
    assert res.log["status"] == "warnings"
    assert {w["code"] for w in res.log["warnings"]} == {"columns_ignored"}


def test_legacy_export_and_rename_of_a_missing_column(tmp_path):
    res = clean_wave(export_wave(tmp_path / "w", import_ids=False))
    assert res.rows_read == 22 and res.log["files"][1]["header_rows_skipped"] == [1]
    wave = export_wave(tmp_path / "v", options={"asielzoekers": {"rename": {"Q9": "status"}}})
    with pytest.raises(InputError, match=r"rename in wave.yml: column\(s\) \['q9'\] are not in"):
        clean_wave(wave)


def test_missing_outcome_column_makes_the_wave_incomplete(tmp_path):
    fr = frames()
    # the agency renamed the overall judgement of DT&V
    fr["asielzoekers"] = fr["asielzoekers"].rename(columns={"dtv_totaaloordeel": "dtv_oordeel"})
    res = clean_wave(make_wave(tmp_path, frames=fr, margins=False), tmp_path / "out")
    log = json.loads((tmp_path / "out" / "cleaning_log.json").read_text())
    assert log["status"] == "incomplete"
    outcome = [w for w in log["warnings"] if w["code"] == "outcome_columns_absent"]
    assert [(w["file"], w["items"]) for w in outcome] == [("asielzoekers.csv", ["DTV"])]
    assert {w["code"] for w in log["warnings"]} == {"outcome_columns_absent", "columns_ignored"}
    assert "INCOMPLETE" in res.summary() and "dtv_totaaloordeel" in res.summary()
    assert "onvolledig" in cleaning_report.status_sentence(log)
    table = cleaning_report.notices_table(log)
    assert table["melding"].tolist() == [
        "1 kolom(men) die niet in het codeboek staan genegeerd: dtv_oordeel",
        "het totaaloordeel ontbreekt voor DT&V: daarvoor kan geen impactanalyse worden gemaakt",
    ]
    assert cleaning_report.key_figures(log)["status"] == "incomplete"


def test_console_shows_status_and_warnings(tmp_path):
    fr = frames()
    fr["asielzoekers"] = fr["asielzoekers"].drop(columns=["azc"])
    wave = make_wave(tmp_path, frames=fr, margins=False)
    summary = clean_wave(wave).summary()  # what `python -m helpers clean` prints
    assert "warning: asielzoekers.csv: 1 codebook column(s) absent (no answers): ['azc']" in (
        summary
    )
    assert summary.endswith("status: WARNINGS (1): the wave was processed; read the warnings above")
    cmd = [sys.executable, "-m", "helpers", "clean", str(wave), "--out", str(tmp_path / "o")]
    quiet = subprocess.run([*cmd, "--quiet"], capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and quiet.stdout == ""
    assert "status: WARNINGS (1)" in quiet.stderr and "['azc']" in quiet.stderr


def test_truncated_last_line_keeps_an_intact_id(tmp_path):
    def cut_last_line(root, keep):
        wave = make_wave(root, frames=frames(), margins=False)
        path = wave / "asielzoekers.csv"
        text = path.read_text().rstrip("\n")
        last = text.rsplit("\n", 1)[1]
        path.write_text(text[: len(text) - len(last) + keep(last)])
        e = clean_wave(wave).quarantine.query("reason == 'truncated_row'")
        assert e["row"].tolist() == [12]
        return None if pd.isna(e["respondent_id"].iloc[0]) else e["respondent_id"].iloc[0]

    # cut far into the line: the code is intact; cut inside the code: no code
    assert cut_last_line(tmp_path / "a", lambda last: len(last) - 40) == "A0012"
    assert cut_last_line(tmp_path / "b", lambda last: 3) is None
