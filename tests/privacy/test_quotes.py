"""Verbatim quotes only after approval; answers with candidate identifiers held back."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import paths
from helpers.errors import InputError
from helpers.privacy import (
    HELD_BACK_COLUMNS,
    approved_quotes,
    held_back,
    read_approvals,
    residual_identifier,
    text_hash,
    write_held_back,
)


@pytest.fixture
def answers():
    return pd.DataFrame(
        {
            "respondent_id": ["AZ-001", "AZ-002", "AZ-003", "AZ-004", "AZ-005"],
            "question": ["advies_ind", "advies_ind", "advies_coa", "advies_coa", "advies_coa"],
            "organisation": ["IND", "IND", "COA", "COA", "COA"],
            "answer": [
                "Sneller beslissen, groeten Fatima Haddad",
                "Ik heet Omar, bel 06-12345678",
                "Meer activiteiten in het azc.",
                "Vraag het aan Tesfaye, kamer 12345.",
                None,
            ],
        }
    )


def _approve(path, rows, header="respondent_id,question,text_hash"):
    path.write_text(header + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_text_hash_is_sha256_of_the_stripped_text():
    # printf 'Sneller beslissen.' | sha256sum | cut -c1-16
    assert text_hash("Sneller beslissen.") == "7ff543de14841dce"
    assert text_hash(" Sneller beslissen.\n") == "7ff543de14841dce"


def test_only_approved_answers_scrubbed_again(answers, tmp_path):
    f = _approve(
        tmp_path / "quotes_approved.csv",
        [
            ("AZ-003", "advies_coa", text_hash("Meer activiteiten in het azc.")),
            ("AZ-001", "advies_ind", text_hash(answers.answer[0])),
        ],
    )
    out = approved_quotes(answers, f)
    assert list(out.columns) == ["question", "organisation", "answer"]
    assert out.values.tolist() == [
        ["advies_coa", "COA", "Meer activiteiten in het azc."],
        ["advies_ind", "IND", "Sneller beslissen, groeten [naam]"],
    ]


def test_approval_lapses_when_the_text_changes(answers, tmp_path):
    f = _approve(tmp_path / "a.csv", [("AZ-003", "advies_coa", text_hash("Meer activiteiten."))])
    assert approved_quotes(answers, f).empty
    other_question = _approve(
        tmp_path / "b.csv", [("AZ-003", "advies_ind", text_hash(answers.answer[2]))]
    )
    assert approved_quotes(answers, other_question).empty


def test_no_approval_file_no_quotes(answers, tmp_path):
    assert approved_quotes(answers, tmp_path / "missing.csv").empty
    assert list(read_approvals(tmp_path / "missing.csv").columns) == [
        "respondent_id",
        "question",
        "text_hash",
    ]


def test_notes_columns_excel_bom_and_upper_case_hash(answers, tmp_path):
    h = text_hash(answers.answer[2]).upper()
    f = tmp_path / "quotes_approved.csv"
    f.write_bytes(
        "\ufeffrespondent_id,question,text_hash,approved_by,approved_on,note\n"
        f"AZ-003,advies_coa,{h},JdV,2017-07-03,mooi citaat\n".encode()
    )
    assert approved_quotes(answers, f)["answer"].tolist() == ["Meer activiteiten in het azc."]


H = "0123456789abcdef"


@pytest.mark.parametrize(
    ("header", "rows", "message"),
    [
        ("respondent_id,question,text_hash,by", [("A", "q", H, "x")], r"unknown column.*'by'"),
        ("respondent_id,text_hash", [("A", H)], r"missing column.*'question'"),
        (None, [("A", "q", H), ("A", "q", H)], r"approved more than once.*line\(s\) \[2, 3\]"),
        (None, [("A", "q", H), ("A", "q", "f" * 16)], r"approved more than once"),
        (None, [("A", "q", "xyz")], r"not 16 hex digits.*\[2\]"),
        (None, [("A", "", H)], r"empty key cell.*\[2\]"),
    ],
)
def test_bad_approval_file(answers, tmp_path, header, rows, message):
    f = tmp_path / "quotes_approved.csv"
    _approve(f, rows, header or "respondent_id,question,text_hash")
    with pytest.raises(InputError, match=message) as err:
        approved_quotes(answers, f)
    assert str(err.value).startswith(str(f))


def test_answers_frame_needs_its_columns(tmp_path):
    with pytest.raises(InputError, match=r"missing column.*'answer'"):
        approved_quotes(pd.DataFrame({"respondent_id": [], "question": []}), tmp_path / "x")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Meer activiteiten in het azc.", None),
        ("Groeten, Fatima Haddad, bel 06-12345678", None),  # scrubbed: nothing left
        ("Vraag het aan Tesfaye.", "naam"),
        ("Yonas hielp mij met de brieven.", "naam"),
        ("Mijn kamer is 12345.", "nummer"),
        ("Volg mij op @yonas_t of www.example.org", "contact"),
        ("Het Rode Kruis in Den Haag hielp mij.", None),
        ("Van 2015-2017 in Turkije, 20.000 euro schuld.", None),
    ],
)
def test_residual_identifier(text, reason):
    assert residual_identifier(text) == reason


def test_held_back_list_written_to_processed_folder(answers, tmp_path):
    out = held_back(answers)
    assert list(out.columns) == list(HELD_BACK_COLUMNS)
    assert out.values.tolist() == [
        [
            "AZ-004",
            "advies_coa",
            text_hash(answers.answer[3]),
            "nummer",  # checked before "naam" (Tesfaye)
            "Vraag het aan Tesfaye, kamer 12345.",
        ]
    ]
    path = write_held_back(answers, tmp_path / "processed" / "quotes_held_back.csv")
    assert pd.read_csv(path, dtype=str).values.tolist() == out.values.tolist()
    empty = write_held_back(answers.iloc[[2]], tmp_path / "none.csv")
    assert empty.read_text(encoding="utf-8") == ",".join(HELD_BACK_COLUMNS) + "\n"
    with pytest.raises(InputError, match="raw data folder"):
        write_held_back(answers, paths.RAW_DIR / "2017-Q2" / "held_back.csv")
