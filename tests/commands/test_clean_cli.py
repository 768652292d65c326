"""`python -m helpers clean`: exit 0 with a summary, or exit 2 with one `error: <file>: ...` line.

Each unusable input (no wave.yml, empty or undecodable file, missing required column, unknown
questionnaire version, unreadable workbook, wrong delimiter) is run in a subprocess: stderr must
be exactly one line naming the file, and never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from wavefactory import make_frame, make_wave


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "helpers", "clean", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def one_error_line(out, *fragments):
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: ")
    for f in fragments:
        assert f in lines[0], lines[0]
    return lines[0]


@pytest.fixture()
def wave(tmp_path):
    frames = {
        "asielzoekers": make_frame("asielzoekers", 12, seed=1),
        "ketenpartners": make_frame("ketenpartners", 10, seed=2),
    }
    return make_wave(tmp_path, frames=frames)


def test_success_prints_summary_and_writes(tmp_path, wave):
    out = run(wave, "--out", tmp_path / "out")
    assert out.returncode == 0, out.stderr
    assert "22 rows read, 22 kept, 0 quarantined" in out.stdout
    log = json.loads((tmp_path / "out" / "cleaning_log.json").read_text())
    assert log["totals"]["rows_read"] == 22


def test_quarantined_rows_still_exit_0(tmp_path, wave):
    path = wave / "asielzoekers.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n")  # an exact duplicate of row 1
    out = run(wave, "--out", tmp_path / "out", "--keep-speeders", "--min-web-minutes", "2,5")
    assert out.returncode == 0, out.stderr
    assert "1 quarantined" in out.stdout and "duplicate_exact 1" in out.stdout
    log = json.loads((tmp_path / "out" / "cleaning_log.json").read_text())
    assert log["rules"]["exclude_speeders"] is False and log["rules"]["min_web_minutes"] == 2.5


def test_no_wave_yml(tmp_path):
    (tmp_path / "w").mkdir()
    one_error_line(run(tmp_path / "w", "--out", tmp_path / "out"), "wave.yml", "missing")


def test_empty_file(tmp_path, wave):
    (wave / "asielzoekers.csv").write_bytes(b"")
    one_error_line(run(wave, "--out", tmp_path / "out"), "asielzoekers.csv", "empty file")


def test_undecodable_file(tmp_path, wave):
    (wave / "asielzoekers.csv").write_bytes("respondent_id;status\nA1;1\n".encode("utf-16"))
    one_error_line(run(wave, "--out", tmp_path / "out"), "asielzoekers.csv", "cannot decode")


def test_missing_required_column(tmp_path, wave):
    path = wave / "ketenpartners.csv"
    text = path.read_text().replace("werkgever;", "werkgevr;", 1)
    path.write_text(text)
    one_error_line(
        run(wave, "--out", tmp_path / "out"),
        "ketenpartners.csv",
        "missing required column(s) 'werkgever'",
    )


def test_unknown_version(tmp_path, wave):
    cfg = wave / "wave.yml"
    cfg.write_text(cfg.read_text().replace("'2017.1'", "'2099.1'"))
    one_error_line(
        run(wave, "--out", tmp_path / "out"), "wave.yml", "unknown questionnaire version '2099.1'"
    )


def test_wrong_delimiter(tmp_path, wave):
    path = wave / "asielzoekers.csv"
    path.write_text(path.read_text().replace(";", "\t"))
    # a tab-separated file is read (with a warning) ...
    assert run(wave, "--out", tmp_path / "out").returncode == 0
    path.write_text(path.read_text().replace("\t", "|"))
    # ... a '|'-separated one has a one-column header
    one_error_line(run(wave, "--out", tmp_path / "out"), "asielzoekers.csv", "wrong delimiter")


def test_unreadable_workbook(tmp_path, wave):
    (wave / "asielzoekers.xlsx").write_bytes(b"not a workbook at all")
    cfg = wave / "wave.yml"
    cfg.write_text(cfg.read_text().replace("asielzoekers.csv", "asielzoekers.xlsx"))
    one_error_line(run(wave, "--out", tmp_path / "out"), "asielzoekers.xlsx", "Excel workbook")


def test_truncated_file_is_processed(tmp_path, wave):
    path = wave / "asielzoekers.csv"
    data = path.read_bytes().rstrip(b"\n")
    path.write_bytes(data[: len(data) - 40])
    out = run(wave, "--out", tmp_path / "out")
    assert out.returncode == 0, out.stderr
    assert "truncated_row 1" in out.stdout


def test_refuses_output_under_raw(tmp_path, wave):
    one_error_line(run(wave, "--out", wave / "processed"), "refusing to write under the raw")


@pytest.mark.parametrize(
    "option", [["--min-web-minutes", "snel"], ["--trim", "3"], ["--straightline-min-items", "1"]]
)
def test_bad_rule_options(tmp_path, wave, option):
    one_error_line(run(wave, "--out", tmp_path / "out", *option))
