"""Readers of raw waves: every accepted format and encoding, and the defects they must report.

All files are written by the tests themselves (tmp_path); see tests/wavefactory.py.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from helpers.errors import InputError
from helpers.readers import read_raw_file, read_wave_config
from wavefactory import make_frame, make_wave, write_sav, write_wave_yml, write_xlsx

HEADER = "respondent_id;status;modus;azc;duur_minuten"


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# -- CSV --------------------------------------------------------------------------------------
@pytest.mark.parametrize("sep", [";", ","])
def test_csv_delimiter_detected(tmp_path, sep):
    text = HEADER.replace(";", sep) + "\n" + sep.join(["A1", "1", "2", "Budel", "12"]) + "\n"
    t = read_raw_file(_write(tmp_path / "a.csv", text))
    assert t.delimiter == sep
    assert list(t.frame.columns) == HEADER.split(";")
    assert t.frame.iloc[0].tolist() == ["A1", "1", "2", "Budel", "12"]
    assert t.rows.tolist() == [1]
    assert t.rows_read == 1 and not t.bad_rows


def test_csv_decimal_comma_with_semicolon_and_quoted_with_comma(tmp_path):
    t = read_raw_file(
        _write(tmp_path / "a.csv", HEADER + "\nA1;1;2;Budel;3,5\nA2;1;2;Zeist;12,25\n")
    )
    assert t.decimal == ","
    assert t.frame["duur_minuten"].tolist() == ["3,5", "12,25"]
    # comma-separated with a decimal comma in quotes
    t2 = read_raw_file(
        _write(tmp_path / "b.csv", HEADER.replace(";", ",") + '\nA1,1,2,Budel,"3,5"\n')
    )
    assert t2.delimiter == "," and t2.frame["duur_minuten"].tolist() == ["3,5"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_with_accents(tmp_path, encoding):
    text = HEADER + "\nA1;1;2;Zoë Café;4\n"
    t = read_raw_file(_write(tmp_path / "a.csv", text, encoding))
    assert t.encoding == encoding
    assert t.frame.columns[0] == "respondent_id"  # the BOM is not part of the first name
    assert t.frame["azc"].tolist() == ["Zoë Café"]


def test_csv_mixed_encodings_decoded_per_line(tmp_path):
    data = (HEADER + "\nA1;1;2;Zoë;4\n").encode("utf-8") + "A2;1;2;Café;5\n".encode("cp1252")
    (tmp_path / "a.csv").write_bytes(data)
    t = read_raw_file(tmp_path / "a.csv")
    assert t.frame["azc"].tolist() == ["Zoë", "Café"]
    assert t.encoding == "mixed utf-8/cp1252"
    assert any("mixed encodings" in w for w in t.warnings)


def test_csv_mojibake_repaired_and_reported(tmp_path):
    mojibake = "Zoë".encode().decode("cp1252")  # 'ZoÃ«'
    t = read_raw_file(_write(tmp_path / "a.csv", HEADER + f"\nA1;1;2;{mojibake};4\n"))
    assert t.frame["azc"].tolist() == ["Zoë"]
    assert any("mojibake" in w for w in t.warnings)


def test_csv_undecodable_file_is_an_input_error(tmp_path):
    # 0x81 is undefined in cp1252 and invalid UTF-8
    (tmp_path / "a.csv").write_bytes(HEADER.encode() + b"\nA1;1;2;Zo\x81;4\n")
    with pytest.raises(InputError, match="cannot decode line 2"):
        read_raw_file(tmp_path / "a.csv")


def test_csv_utf16_is_an_input_error(tmp_path):
    (tmp_path / "a.csv").write_bytes((HEADER + "\nA1;1;2;x;4\n").encode("utf-16"))
    with pytest.raises(InputError, match="NUL bytes"):
        read_raw_file(tmp_path / "a.csv")


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_csv_empty_file(tmp_path, content):
    (tmp_path / "a.csv").write_bytes(content)
    with pytest.raises(InputError, match="empty file"):
        read_raw_file(tmp_path / "a.csv")


def test_csv_header_only(tmp_path):
    with pytest.raises(InputError, match="no data rows"):
        read_raw_file(_write(tmp_path / "a.csv", HEADER + "\n"))


def test_csv_wrong_delimiter_header(tmp_path):
    text = HEADER.replace(";", "|") + "\nA1|1|2|x|4\n"
    with pytest.raises(InputError, match="wrong delimiter"):
        read_raw_file(_write(tmp_path / "a.csv", text))


def test_csv_rows_with_another_delimiter_are_malformed(tmp_path):
    text = HEADER + "\nA1;1;2;x;4\nA2,1,2,x,4\nA3;1;2;y;5\n"
    t = read_raw_file(_write(tmp_path / "a.csv", text))
    assert t.frame["respondent_id"].tolist() == ["A1", "A3"]
    assert t.rows.tolist() == [1, 3]
    assert [(b.row, b.reason) for b in t.bad_rows] == [(2, "malformed_row")]
    assert t.rows_read == 3


def test_csv_too_many_fields_is_malformed_but_trailing_empty_fields_are_fine(tmp_path):
    text = HEADER + "\nA1;1;2;x;4;;\nA2;1;2;x;4;oops\n"
    t = read_raw_file(_write(tmp_path / "a.csv", text))
    assert t.frame["respondent_id"].tolist() == ["A1"]
    assert [(b.row, b.reason) for b in t.bad_rows] == [(2, "malformed_row")]
    assert "6 fields" in t.bad_rows[0].detail


def test_csv_truncated_last_line(tmp_path):
    text = HEADER + "\nA1;1;2;x;4\nA2;1;2"  # cut mid-row, no line end
    t = read_raw_file(_write(tmp_path / "a.csv", text))
    assert t.frame["respondent_id"].tolist() == ["A1"]
    assert [(b.row, b.reason, b.raw_value) for b in t.bad_rows] == [(2, "truncated_row", "A2;1;2")]


def test_csv_blank_lines_are_skipped_but_keep_row_numbers(tmp_path):
    t = read_raw_file(
        _write(tmp_path / "a.csv", HEADER + "\r\nA1;1;2;x;4\r\n\r\nA2;1;2;x;4\r\n\r\n")
    )
    assert t.rows.tolist() == [1, 3]
    assert t.rows_read == 2


def test_csv_duplicate_column_name(tmp_path):
    with pytest.raises(InputError, match="duplicate column name 'status'"):
        read_raw_file(_write(tmp_path / "a.csv", "respondent_id;status;Status\nA1;1;1\n"))


def test_unsupported_extension(tmp_path):
    with pytest.raises(InputError, match="unsupported file type"):
        read_raw_file(_write(tmp_path / "a.json", "{}"))


# -- XLSX and SAV -----------------------------------------------------------------------------
def test_xlsx_reads_first_sheet_codes_and_text(tmp_path):
    frame = pd.DataFrame(
        {
            "respondent_id": ["A1", "A2"],
            "status": [1, 2],
            "azc": ["Zoë", None],
            "duur_minuten": [3.5, 12.0],
        },
        dtype=object,
    )
    t = read_raw_file(write_xlsx(frame, tmp_path / "a.xlsx"))
    assert t.format == "xlsx"
    assert t.frame.to_dict("list") == {
        "respondent_id": ["A1", "A2"],
        "status": ["1", "2"],
        "azc": ["Zoë", None],
        "duur_minuten": ["3.5", "12"],
    }
    assert t.rows.tolist() == [1, 2]


def test_xlsx_that_is_not_a_workbook(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(InputError, match="cannot read as an Excel workbook"):
        read_raw_file(tmp_path / "a.xlsx")


def test_sav_codes_and_value_labels(tmp_path):
    frame = make_frame("asielzoekers", 5, seed=3)
    t = read_raw_file(write_sav(frame, tmp_path / "a.sav", "asielzoekers"))
    assert t.format == "sav"
    assert t.frame["respondent_id"].tolist() == frame["respondent_id"].tolist()
    assert t.frame["status"].tolist() == [str(v) for v in frame["status"]]
    assert t.value_labels["status"] == {1: "afgewezen", 2: "vergunning na beroep"}
    assert t.value_labels["ind_totaaloordeel"][8] == "weet niet"


def test_sav_that_is_not_spss(tmp_path):
    (tmp_path / "a.sav").write_bytes(b"$FL2 garbage" * 10)
    with pytest.raises(InputError, match="cannot read as an SPSS .sav file"):
        read_raw_file(tmp_path / "a.sav")


# -- wave.yml ---------------------------------------------------------------------------------
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
