"""Descriptives section of the open answers: themes with intervals, never the text by default.

Open answers reach a reader as themes (issue of disclosure control: a free text can name a
person, a place or a case). Per open question:

1. The theme classifier (:func:`helpers.privacy.train_classifiers`) is trained on the coded
   samples of this wave and the waves before it (the raw wave folders' coded-sample files), so a
   published report does not change when a later wave's coded sample is added.
2. It codes every answer of the wave; the share of answering respondents whose answer mentions
   each theme is a design-based estimate (weights, the reception centre as cluster) with its
   95% interval, the same estimator as every share of the report. An organisation with fewer
   answers than the disclosure threshold shows no themes.
3. Its precision and recall on the held-out coded answers (never used in training) are stated,
   so the reader knows how far to trust the coding.
4. Verbatim answers only where the analyst approved them (the wave's approval file), scrubbed
   again now and with the names of hidden groups removed. (Answers that may still identify
   someone after scrubbing are listed for the analyst by the cleaning report.)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.codebook import APPROVAL_FILE
from helpers.errors import InputError
from helpers.paths import list_waves
from helpers.privacy import (
    ALL_THEMES,
    approved_quotes,
    code_answers,
    evaluate_themes,
    load_coded_sample,
    open_answer_rows,
    redact_terms,
    train_classifiers,
)
from helpers.report._descriptives_base import Section, WaveData, _protect, _summarise, _variables
from helpers.report._descriptives_display import _fmt_est, _styled
from helpers.report._style import percent_nl

#: Columns of the theme-share table (before display).
THEME_COLUMNS = ("organisation", "item", "n", "pct", "ci_low", "ci_high")


def classifiers_for(data: WaveData) -> tuple[dict, pd.DataFrame]:
    """The trained theme classifiers and their held-out evaluation (empty without samples).

    The coded samples of this wave and the earlier ones in the raw folder are used; none at all
    gives no classifiers (the section then says that the answers are not yet coded).
    """
    if not data.raw_dir:
        return {}, pd.DataFrame()
    raw_root = Path(data.raw_dir).parent
    waves = [w for w in list_waves(raw_root) if w <= data.wave]
    try:
        coded = load_coded_sample(raw_root, waves, codebook=data.codebook)
    except InputError:
        return {}, pd.DataFrame()
    classifiers = train_classifiers(coded, codebook=data.codebook)
    try:
        heldout = load_coded_sample(raw_root, waves, heldout=True, codebook=data.codebook)
    except InputError:
        return classifiers, pd.DataFrame()
    return classifiers, evaluate_themes(classifiers, heldout, codebook=data.codebook)


def theme_shares(data: WaveData, classifiers: dict, questions) -> pd.DataFrame:
    """Design-based % of the answering respondents whose answer mentions each theme.

    One row per organisation and theme (``item``): ``n`` answering respondents, ``pct``,
    ``ci_low``, ``ci_high`` and the other columns of
    :func:`helpers.stats.summarise_ratings` (``pct_positive`` of a 0/1 indicator with
    threshold 1). Not protected.
    """
    names = [q for q in questions if q in classifiers]
    if not names:
        return pd.DataFrame(columns=list(THEME_COLUMNS))
    coded = code_answers(
        {q: classifiers[q] for q in names},
        data.respondents[["respondent_id", *names]],
        codebook=data.codebook,
    )
    if coded.empty:
        return pd.DataFrame(columns=list(THEME_COLUMNS))
    indicators = pd.DataFrame(
        {
            "respondent_id": coded["respondent_id"],
            "target_group": data.target_group,
            "organisation": coded["organisation"],
            "item": coded["theme"],
            "value": coded["present"].astype(float),
        }
    )
    order = [c for q in names for c in classifiers[q].codes]
    return _summarise(
        data, indicators, ["organisation", "item"], "pct_positive", threshold=1, order=order
    )


def open_answers(data: WaveData) -> Section:
    """Asylum seekers' advice to each organisation as themes; verbatim only when approved."""
    block = [v for v in _variables(data) if v.open_text and v.name in data.respondents.columns]
    if not block:
        return Section("open_antwoorden", applicable=False)
    sec = Section("open_antwoorden")
    classifiers, quality = classifiers_for(data)
    shares = theme_shares(data, classifiers, [v.name for v in block])
    protected = _protect(data, shares, group_cols=["organisation"], secondary=False)
    t = protected.table
    figures: dict = {}
    for v in block:
        org = v.organisation
        rows = t[t["organisation"] == org]
        n_answers = int(rows["n"].max()) if len(rows) and not rows["suppressed"].all() else 0
        if v.name not in classifiers:
            sec.text(
                f"**{v.question_nl}** De antwoorden op deze vraag zijn nog niet in thema's "
                "ingedeeld en worden daarom niet getoond."
            )
            continue
        if not n_answers:
            sec.text(
                f"**{v.question_nl}** Minder dan {data.threshold} antwoorden: de thema's worden "
                "niet getoond."
            )
            continue
        frame_ = data.codebook.codeframe(v.name)
        labels = {th.code: th.label_nl for th in frame_.themes}
        rows = rows.sort_values("pct", ascending=False, kind="stable")
        rows = pd.concat(
            [rows[rows["item"] != frame_.residual], rows[rows["item"] == frame_.residual]]
        )
        display = pd.DataFrame(
            {
                "Thema": [labels.get(c, c) for c in rows["item"]],
                "% van de antwoorden (95%-BI)": _fmt_est(
                    rows, "pct", "ci_low", "ci_high", decimals=0, suffix="%"
                ),
            }
        )
        sec.table(_styled(display, protected, left=1), f"{v.question_nl} ({n_answers} antwoorden)")
        sec.text(_quality_sentence(quality, v.name))
        figures[org] = {
            "n_answers": n_answers,
            **{
                r["item"]: {
                    "pct": r["pct"],
                    "ci_low": r["ci_low"],
                    "ci_high": r["ci_high"],
                    "n": r["n"],
                }
                for r in rows.to_dict("records")
                if not r["suppressed"]
            },
        }
    quotes = _approved(data, block)
    if len(quotes):
        sec.text("Letterlijke antwoorden die de onderzoeker na controle heeft vrijgegeven:")
        for v in block:
            chosen = quotes.loc[quotes["question"] == v.name, "answer"]
            if len(chosen):
                sec.text(f"**{v.question_nl}**\n\n" + "\n".join(f"- “{q}”" for q in chosen))
    sec.text(
        "Open antwoorden worden als thema's getoond: een model deelt elk antwoord in bij de "
        "thema's die het noemt (een antwoord kan meer thema's noemen). Letterlijke antwoorden "
        "staan hier alleen als de onderzoeker ze heeft vrijgegeven, en ook dan zonder namen, "
        "nummers, adressen of andere persoonsgegevens."
    )
    sec.key_figures = {
        "open_answer_themes": figures,
        "open_answer_quotes": int(len(quotes)),
        "open_answer_classifier": _quality_figures(quality),
    }
    return sec


def _quality_sentence(quality: pd.DataFrame, question: str) -> str:
    """How well the classifier codes this question, on answers it never saw (Dutch)."""
    row = _micro(quality, question)
    if row is None:
        return (
            "Voor deze vraag is er geen aparte set met de hand ingedeelde antwoorden om de "
            "indeling te controleren; lees de thema's daarom met voorzichtigheid."
        )
    return (
        f"Controle van de indeling op {int(row['n_answers'])} met de hand ingedeelde antwoorden "
        "die het model niet kende: van de thema's die het model toekent klopt "
        f"{percent_nl(100 * row['precision'])} (precisie), en van de thema's die er echt in staan "
        f"vindt het {percent_nl(100 * row['recall'])} (recall)."
    )


def _micro(quality: pd.DataFrame, question: str):
    if quality.empty:
        return None
    hit = quality[(quality["question"] == question) & (quality["theme"] == ALL_THEMES)]
    if hit.empty or pd.isna(hit.iloc[0]["precision"]) or pd.isna(hit.iloc[0]["recall"]):
        return None
    return hit.iloc[0]


def _quality_figures(quality: pd.DataFrame) -> dict:
    out = {}
    for question in dict.fromkeys(quality["question"]) if len(quality) else ():
        row = _micro(quality, question)
        if row is not None:
            out[question] = {
                "precision": float(row["precision"]),
                "recall": float(row["recall"]),
                "n_heldout": int(row["n_answers"]),
            }
    return out


def _approved(data: WaveData, block) -> pd.DataFrame:
    """Approved answers, scrubbed again and without the names of groups the plan hides; the
    same text given by several respondents is quoted once."""
    if not data.raw_dir:
        return pd.DataFrame(columns=["question", "organisation", "answer"])
    answers = open_answer_rows(data.respondents, block)
    quotes = approved_quotes(answers, Path(data.raw_dir) / APPROVAL_FILE)
    for replacement, terms in (data.hidden_terms or {}).items():
        quotes["answer"] = [redact_terms(t, terms, replacement) for t in quotes["answer"]]
    return quotes.drop_duplicates(["question", "answer"]).reset_index(drop=True)
