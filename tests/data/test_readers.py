"""Readers of raw waves: every accepted format and encoding, and the defects they must report.

All files are written by the tests themselves (tmp_path); see tests/wavefactory.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data._readers import read_raw_file
from helpers.errors import InputError
from wavefactory import (
    make_frame,
    qualtrics_export,
    write_rows,
    write_sav,
    write_xlsx,
)

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
    assert [w.code for w in t.warnings] == ["mixed_encodings"] and t.warnings[0].count == 1


def test_csv_mojibake_repaired_and_reported(tmp_path):
    mojibake = "Zoë".encode().decode("cp1252")  # 'ZoÃ«'
    t = read_raw_file(_write(tmp_path / "a.csv", HEADER + f"\nA1;1;2;{mojibake};4\n"))
    assert t.frame["azc"].tolist() == ["Zoë"]
    assert any("mojibake" in w.message for w in t.warnings)


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
@pytest.fixture()
def export_rows():
    return qualtrics_export(make_frame("ketenpartners", 4, seed=2))


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_header_rows_are_skipped_by_auto(tmp_path, export_rows, suffix):
    t = read_raw_file(write_rows(export_rows, tmp_path / f"k.{suffix}"))
    assert t.rows_read == 4 and t.rows.tolist() == [3, 4, 5, 6]
    assert t.frame["respondent_id"].tolist() == ["K0001", "K0002", "K0003", "K0004"]
    assert t.header_rows == [1, 2]
    assert [(n.code, n.items) for n in t.notes] == [("export_header_rows", (1, 2))]
    assert t.platform_columns[:4] == ["startdate", "enddate", "status", "ipaddress"]
    assert "responseid" in t.platform_columns and "respondent_id" not in t.platform_columns


def test_legacy_export_with_one_header_row(tmp_path):
    rows = qualtrics_export(make_frame("ketenpartners", 3, seed=2), import_ids=False)
    t = read_raw_file(write_rows(rows, tmp_path / "k.csv"))
    assert t.header_rows == [1] and t.rows_read == 3


def test_explicit_header_rows(tmp_path, export_rows):
    path = write_rows(export_rows, tmp_path / "k.csv")
    assert read_raw_file(path, header_rows=2).header_rows == [1, 2]
    # too few: the ImportId row would be read as a respondent
    with pytest.raises(InputError, match="row 2 holds ImportIds .* set header_rows"):
        read_raw_file(path, header_rows=1)
    with pytest.raises(InputError, match="row 1 holds the labels of the platform's columns"):
        read_raw_file(path, header_rows=0)
    with pytest.raises(InputError, match="has only 6 row"):
        read_raw_file(path, header_rows=6)


def test_export_header_rows_among_the_data_are_an_error(tmp_path, export_rows):
    # two exports pasted together: the second one's header rows lie between respondents
    pasted = export_rows + export_rows[1:]
    with pytest.raises(InputError, match="row 7 holds the labels"):
        read_raw_file(write_rows(pasted, tmp_path / "k.csv"))
    # an ImportId row that is only partly one
    ids = export_rows[2]
    partial = [export_rows[0], export_rows[1], export_rows[3], ids[:3] + ["3"] * (len(ids) - 3)]
    with pytest.raises(InputError, match="row 3 holds some ImportId cells"):
        read_raw_file(write_rows(partial, tmp_path / "p.csv"))


def test_a_status_column_alone_is_not_platform_metadata(tmp_path):
    t = read_raw_file(_write(tmp_path / "a.csv", HEADER + "\nA1;1;2;x;4\n"))
    assert t.platform_columns == [] and t.header_rows == [] and not t.notes
