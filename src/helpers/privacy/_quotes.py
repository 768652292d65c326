"""Verbatim quotes only after an analyst's approval; answers that may still identify held back.

The flow per wave:

1. :func:`write_held_back` lists, in the processed folder, every open answer that still holds a
   candidate identifier after scrubbing (:func:`helpers.privacy.residual_identifier`), with its
   reason and the hash of its text. It never reaches a report.
2. The analyst reads the answers and writes the approval file of the wave
   (:data:`helpers.codebook.APPROVAL_FILE`, a CSV in the wave's raw folder, beside the data
   it approves): one row per answer that may be quoted, keyed by
   respondent, question and :func:`text_hash` of the original answer, so that an approval lapses
   when the text changes.
3. :func:`approved_quotes` returns only the approved answers, scrubbed again when the report is
   rendered (so an improved scrubber also acts on old approvals).

Approval file columns: ``respondent_id``, ``question``, ``text_hash`` (required) and
``approved_by``, ``approved_on``, ``note`` (optional, for the analyst's record).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from helpers.errors import InputError
from helpers.io import text_hash, write_csv
from helpers.privacy._lexicon import NOT_NAME_PHRASES
from helpers.privacy._scrub import (
    _NON_LATIN,
    _NOT_NUMBERS,
    _RUN,
    NON_ANSWERS,
    _is_answer,
    _is_money,
    _name_in_run,
    scrub,
)

#: File name of a wave's held-back list (in the wave's processed folder).
HELD_BACK_FILE = "quotes_held_back.csv"
#: Columns every approval file must have (the key of an approval).
APPROVAL_KEY: tuple[str, ...] = ("respondent_id", "question", "text_hash")
#: Columns an approval file may have besides the key.
APPROVAL_NOTES: tuple[str, ...] = ("approved_by", "approved_on", "note")
#: Columns of the held-back list.
HELD_BACK_COLUMNS: tuple[str, ...] = (
    "respondent_id",
    "question",
    "text_hash",
    "reason",
    "scrubbed",
)
#: Columns of the answers frame the functions here take.
ANSWER_COLUMNS: tuple[str, ...] = ("respondent_id", "question", "answer")
_HASH = re.compile(r"[0-9a-f]{16}")


#: Reason codes of :func:`residual_identifier`, in the order they are checked.
RESIDUAL_REASONS: tuple[str, ...] = ("schrift", "contact", "nummer", "naam")
_CONTACT = re.compile(
    r"(?i:(?<![\w.])@[\w.]{2,}|https?://|\bwww\.|\b[\w\-]+\.(?:com|nl|org|net|be|de|eu|info)\b)"
)
_PHRASES = re.compile(
    r"(?i)(?<!\w)(?:"
    + "|".join(
        r"[-\s]+".join(map(re.escape, p.split()))
        for p in sorted(NOT_NAME_PHRASES, key=len, reverse=True)
    )
    + r")(?!\w)"
)
_FIVE_DIGITS = re.compile(r"(?<!\d)\d(?:[ .\-/]?\d){4,}(?!\d)")


def residual_identifier(text: str) -> str | None:
    """Why an answer may still identify someone after :func:`scrub`, or ``None``.

    Parameters
    ----------
    text : str
        An open answer, raw or scrubbed (scrubbing twice changes nothing).

    Returns
    -------
    str or None
        The first reason found, in the order of :data:`RESIDUAL_REASONS`: ``"schrift"`` (a
        letter of a non-Latin script is left), ``"contact"`` (a web address or an @handle),
        ``"nummer"`` (a number of 5 or more digits that is no year range, time or amount),
        ``"naam"`` (a capitalised word inside a sentence that is no known word or phrase, a
        first name of deduce's lists anywhere, a capitalised word followed by a verb at a
        sentence start: "Yonas hielp mij"); ``None`` when nothing is left.

    Examples
    --------
    >>> residual_identifier("Mijn naam is Ahmed, bel 06-12345678.") is None
    True
    >>> residual_identifier("De kamers zijn te vol, vraag het aan Tesfaye.")
    'naam'
    >>> residual_identifier("Mijn kamernummer is 12345.")
    'nummer'
    """
    scrubbed = scrub(text)
    if re.search(f"[{_NON_LATIN}]", scrubbed):
        return "schrift"
    if _CONTACT.search(scrubbed):
        return "contact"
    if any(
        not _NOT_NUMBERS.fullmatch(m.group(0)) and not _is_money(m)
        for m in _FIVE_DIGITS.finditer(scrubbed)
    ):
        return "nummer"
    unphrased = _PHRASES.sub("iets", scrubbed)
    if any(_name_in_run(m, strict=False) is not None for m in _RUN.finditer(unphrased)):
        return "naam"
    return None


def read_approvals(path: str | Path) -> pd.DataFrame:
    """The analyst's approval file of a wave, checked; no file means no approvals.

    Parameters
    ----------
    path : str or Path
        A UTF-8 CSV (a byte-order mark as written by Excel is fine) with the columns of
        :data:`APPROVAL_KEY` and optionally :data:`APPROVAL_NOTES`.

    Returns
    -------
    pandas.DataFrame
        The key columns, as text, one row per approved answer; empty when the file is missing.

    Raises
    ------
    InputError
        Naming the file: unreadable CSV, an unknown or missing column, an empty key cell, a hash
        that is not 16 hex digits, or one answer (respondent and question) approved twice.
    """
    path = Path(path)
    if not path.is_file():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in APPROVAL_KEY})
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable CSV file ({exc})", file=path) from None
    df.columns = [str(c).strip() for c in df.columns]
    unknown = [c for c in df.columns if c not in APPROVAL_KEY + APPROVAL_NOTES]
    if unknown:
        raise InputError(
            f"unknown column(s) {unknown}; allowed: {list(APPROVAL_KEY + APPROVAL_NOTES)}",
            file=path,
        )
    missing = [c for c in APPROVAL_KEY if c not in df.columns]
    if missing:
        raise InputError(f"missing column(s) {missing}", file=path)
    key = df[list(APPROVAL_KEY)].apply(lambda s: s.str.strip())
    empty = key.eq("").any(axis=1)
    if empty.any():
        raise InputError(f"empty key cell in line(s) {_lines(empty)}", file=path)
    key["text_hash"] = key["text_hash"].str.lower()
    bad = ~key["text_hash"].map(lambda h: _HASH.fullmatch(h) is not None)
    if bad.any():
        raise InputError(
            f"text_hash is not 16 hex digits in line(s) {_lines(bad)} (see text_hash())",
            file=path,
        )
    dup = key.duplicated(["respondent_id", "question"], keep=False)
    if dup.any():
        raise InputError(
            f"answer approved more than once (respondent_id and question) in line(s) {_lines(dup)}",
            file=path,
        )
    return key.reset_index(drop=True)


def open_answer_rows(respondents: pd.DataFrame, questions) -> pd.DataFrame:
    """The open answers of a respondents table as rows of :data:`ANSWER_COLUMNS`.

    ``questions`` are the open questions' variables
    (:meth:`helpers.codebook.Codebook.open_questions`); those that are columns of
    ``respondents`` give one row per respondent who wrote something, with the question's
    ``organisation``. The original text, for :func:`approved_quotes` and :func:`held_back`.

    Examples
    --------
    >>> from helpers.codebook import load_codebook
    >>> resp = pd.DataFrame({"respondent_id": ["a", "b"], "advies_ind": ["Sneller", None]})
    >>> open_answer_rows(resp, load_codebook().open_questions("asielzoekers")).values.tolist()
    [['a', 'advies_ind', 'IND', 'Sneller']]
    """
    frames = [
        pd.DataFrame(
            {
                "respondent_id": respondents["respondent_id"].astype(str),
                "question": v.name,
                "organisation": v.organisation,
                "answer": respondents[v.name],
            }
        )
        for v in questions
        if v.name in respondents.columns
    ]
    if not frames:
        return pd.DataFrame(columns=[*ANSWER_COLUMNS, "organisation"])
    out = pd.concat(frames, ignore_index=True)
    return out[out["answer"].notna()].reset_index(drop=True)[
        ["respondent_id", "question", "organisation", "answer"]
    ]


def approved_quotes(answers: pd.DataFrame, approval_file: str | Path) -> pd.DataFrame:
    """The answers the analyst approved for quotation, scrubbed again.

    Parameters
    ----------
    answers : pandas.DataFrame
        One row per open answer with the columns of :data:`ANSWER_COLUMNS` (``answer``: the
        original text) and any others (e.g. ``organisation``) to carry along.
    approval_file : str or Path
        The wave's approval file (:func:`read_approvals`); a missing file approves nothing.

    Returns
    -------
    pandas.DataFrame
        The approved answers whose text is unchanged since approval (same :func:`text_hash`),
        without ``respondent_id`` (it must not reach a reader), ``answer`` scrubbed with
        :func:`helpers.privacy.scrub`; answers that say nothing after scrubbing are dropped.
        Sorted by question and then alphabetically, so row order says nothing about who
        answered; index reset.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> answers = pd.DataFrame({"respondent_id": ["AZ-1", "AZ-2"],
    ...                         "question": ["advies_ind"] * 2,
    ...                         "answer": ["Sneller beslissen, groeten Fatima Haddad",
    ...                                    "Ik heet Omar, bel 06-12345678"]})
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "quotes_approved.csv"
    >>> _ = f.write_text("respondent_id,question,text_hash\\n"
    ...                  f"AZ-1,advies_ind,{text_hash(answers.answer[0])}\\n")
    >>> approved_quotes(answers, f).to_dict("list")
    {'question': ['advies_ind'], 'answer': ['Sneller beslissen, groeten [naam]']}
    """
    work = _answers(answers)
    approvals = read_approvals(approval_file)
    keyed = work.assign(text_hash=work["answer"].map(text_hash))
    keep = keyed.merge(approvals, on=list(APPROVAL_KEY), how="inner")
    keep = keep.assign(answer=keep["answer"].map(scrub).str.strip())
    keep = keep[keep["answer"].map(lambda t: _is_answer(t, NON_ANSWERS)).astype(bool)]
    keep = keep.assign(_key=keep["answer"].str.casefold())
    keep = keep.sort_values(["question", "_key", "answer"], kind="stable")
    columns = [c for c in answers.columns if c != "respondent_id"]
    return keep[columns].reset_index(drop=True)


def held_back(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers that still hold a candidate identifier after scrubbing, for the analyst.

    Parameters
    ----------
    answers : pandas.DataFrame
        As for :func:`approved_quotes`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HELD_BACK_COLUMNS`: who and which question, the hash to approve the
        answer with, the reason (:data:`helpers.privacy.RESIDUAL_REASONS`) and the scrubbed
        text; sorted by question and respondent.

    Examples
    --------
    >>> answers = pd.DataFrame({"respondent_id": ["AZ-1", "AZ-2"],
    ...                         "question": ["advies_coa"] * 2,
    ...                         "answer": ["Vraag het aan Tesfaye", "Meer activiteiten"]})
    >>> held_back(answers)[["respondent_id", "reason", "scrubbed"]].values.tolist()
    [['AZ-1', 'naam', 'Vraag het aan Tesfaye']]
    """
    work = _answers(answers)
    reasons = work["answer"].map(residual_identifier)
    out = work[reasons.notna()].assign(
        text_hash=lambda d: d["answer"].map(text_hash),
        reason=reasons[reasons.notna()],
        scrubbed=lambda d: d["answer"].map(scrub),
    )
    out = out.sort_values(["question", "respondent_id"], kind="stable")
    return out[list(HELD_BACK_COLUMNS)].reset_index(drop=True)


def write_held_back(answers: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`held_back` to a CSV (the wave's processed folder; never the raw folder).

    The file is written even when nothing is held back (a header only), so that its absence
    never passes for "nothing to check".

    Returns
    -------
    Path
        The file written.
    """
    return write_csv(held_back(answers), path)


def _answers(answers: pd.DataFrame) -> pd.DataFrame:
    """The answered rows of an answers frame, with the answer as stripped text."""
    if not isinstance(answers, pd.DataFrame):
        raise InputError("open answers must be a pandas DataFrame")
    missing = [c for c in ANSWER_COLUMNS if c not in answers.columns]
    if missing:
        raise InputError(f"open answers: missing column(s) {missing}")
    text = answers["answer"].map(lambda v: "" if v is None or pd.isna(v) else str(v).strip())
    work = answers.assign(
        answer=text,
        respondent_id=answers["respondent_id"].astype(str),
        question=answers["question"].astype(str),
    )
    return work[text.ne("")]


def _lines(mask: pd.Series) -> list[int]:
    """File line numbers (header = 1) of the flagged rows, at most the first five."""
    return [int(i) + 2 for i in mask[mask].index[:5]]
