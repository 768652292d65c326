"""Open answers as themes: coded samples, the classifier, its evaluation, theme counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import precision_recall_fscore_support

from helpers.codebook import CODED_COLUMNS, load_codebook
from helpers.demo import ADVICE_THEMES, DEFAULT_WAVES, coded_sample, write_demo
from helpers.errors import InputError
from helpers.privacy import (
    ALL_THEMES,
    code_answers,
    evaluate_themes,
    load_coded_sample,
    predict_themes,
    read_coded,
    theme_counts,
    train_classifiers,
)

CB = load_codebook()
QUESTIONS = ("advies_ind", "advies_coa", "advies_dtv")


@pytest.fixture(scope="module")
def sample():
    """The demo's coded sample of the four default waves: (training, held-out)."""
    parts = [coded_sample(w, seed=1) for w in DEFAULT_WAVES]
    train = pd.concat([p["train"] for p in parts], ignore_index=True)
    heldout = pd.concat([p["heldout"] for p in parts], ignore_index=True)
    return train, heldout


@pytest.fixture(scope="module")
def classifiers(sample):
    return train_classifiers(sample[0])


def small(rows):
    """A coded frame from (question, text, theme) triples."""
    return pd.DataFrame([(f"R{i}", *r) for i, r in enumerate(rows)], columns=list(CODED_COLUMNS))


# -- quality on held-out phrasings -----------------------------------------------------------------
def test_precision_and_recall_on_held_out_phrasings(sample, classifiers):
    train, heldout = sample
    # the held-out answers are phrasings the classifier never saw: no text in common
    assert not set(heldout["text"].str.casefold()) & set(train["text"].str.casefold())
    ev = evaluate_themes(classifiers, heldout)
    micro = ev[ev["theme"] == ALL_THEMES].set_index("question")
    # Measured (seed 1, four demo waves: 1080 training and 540 held-out answers):
    #   advies_ind precision 0.841 recall 0.864; advies_coa 0.796 / 0.811;
    #   advies_dtv 0.828 / 0.801 (micro averages over themes).
    # Floor 0.75: below every measured value and near the lower ends of their 95 % Wilson
    # intervals (0.74-0.81), far above the 0.1-0.2 a classifier that always answers the most
    # frequent theme reaches; a drop below it means the model or the demo texts broke.
    assert list(micro.index) == list(QUESTIONS)
    assert (micro["precision"] >= 0.75).all(), micro["precision"]
    assert (micro["recall"] >= 0.75).all(), micro["recall"]
    assert (micro["n_answers"] == 180).all()
    # every substantive theme is found: measured F1 0.49 (COA housing) to 0.99
    themes = ev[(ev["theme"] != ALL_THEMES) & (ev["theme"] != "overig")]
    assert (themes["f1"] >= 0.45).all(), themes.loc[themes["f1"] < 0.45, ["question", "theme"]]


def test_the_answers_of_the_raw_files_get_the_generators_themes(classifiers):
    """The ADVICE texts (what the raw files hold) are coded as demo.ADVICE_THEMES says."""
    rows, truth = [], {}
    for question in QUESTIONS:
        org = CB.open_question(question).organisation
        for text, themes in ADVICE_THEMES[org].items():
            rows.append({"respondent_id": text, question: text})
            truth[text] = set(themes)
    coded = code_answers(classifiers, pd.DataFrame(rows))
    got = coded[coded["present"]].groupby("respondent_id")["theme"].agg(set)
    wrong = {text: got[text] for text in truth if got[text] != truth[text]}
    # Measured: 33 of the 34 texts exactly right; "Sneller beslissen over de asielaanvraag."
    # also gets informatie ("over de" is frequent in information answers).
    assert len(wrong) <= 1, wrong


# -- evaluation arithmetic -------------------------------------------------------------------------
def test_evaluation_matches_scikit_learn_and_r(sample, classifiers):
    heldout = sample[1]
    ev = evaluate_themes(classifiers, heldout)
    for question, model in classifiers.items():
        part = heldout[heldout["question"] == question]
        truth = np.array([[c in t.split(";") for c in model.codes] for t in part["theme"]])
        pred = predict_themes(model, part["text"]).to_numpy()
        p, r, f, s = precision_recall_fscore_support(truth, pred, average=None, zero_division=0)
        mine = ev[(ev["question"] == question) & (ev["theme"] != ALL_THEMES)]
        np.testing.assert_allclose(mine["precision"].fillna(0), p)
        np.testing.assert_allclose(mine["recall"].fillna(0), r)
        np.testing.assert_allclose(mine["f1"], f)
        assert mine["n_true"].tolist() == s.tolist()
        pm, rm, _, _ = precision_recall_fscore_support(truth, pred, average="micro")
        row = ev[(ev["question"] == question) & (ev["theme"] == ALL_THEMES)].iloc[0]
        assert row["precision"] == pytest.approx(pm) and row["recall"] == pytest.approx(rm)
    ind = ev[(ev["question"] == "advies_ind") & (ev["theme"] == ALL_THEMES)].iloc[0]
    assert (ind["true_positives"], ind["n_predicted"]) == (191, 227)
    # R: prop.test(191, 227, correct = FALSE)$conf.int -> 0.7882639599 0.8831925488
    assert ind["precision_low"] == pytest.approx(0.7882639599, abs=1e-9)
    assert ind["precision_high"] == pytest.approx(0.8831925488, abs=1e-9)
    coa = ev[(ev["question"] == "advies_coa") & (ev["theme"] == "huisvesting")].iloc[0]
    assert (coa["true_positives"], coa["n_predicted"]) == (14, 32)
    # R: prop.test(14, 32, correct = FALSE)$conf.int -> 0.2816533112 0.6067440886
    assert coa["precision_low"] == pytest.approx(0.2816533112, abs=1e-9)
    assert coa["precision_high"] == pytest.approx(0.6067440886, abs=1e-9)


def test_precision_is_missing_when_nothing_is_predicted():
    coded = small(
        [("advies_ind", "decide faster", "snelheid")] * 3
        + [("advies_ind", "a better interpreter", "taal_tolk")] * 3
    )
    models = train_classifiers(coded)
    heldout = small([("advies_ind", "the hearing took too long", "gehoor")])
    ev = evaluate_themes(models, heldout).set_index("theme")
    assert models["advies_ind"].unlearned == (
        "informatie",
        "respect",
        "luisteren_situatie",
        "contact",
        "gehoor",
        "compliment",
    )
    assert ev.loc["gehoor", "n_true"] == 1 and np.isnan(ev.loc["gehoor", "precision"])
    assert ev.loc["gehoor", "recall"] == 0 and np.isnan(ev.loc["snelheid", "recall"])


# -- prediction rules ------------------------------------------------------------------------------
def test_multi_label_and_the_residual_rule(sample, classifiers):
    heldout = sample[1]
    for question, model in classifiers.items():
        hits = predict_themes(model, heldout.loc[heldout["question"] == question, "text"])
        assert list(hits.columns) == list(CB.codeframe(question).codes)
        others = hits.drop(columns=model.residual).any(axis=1)
        assert (hits[model.residual] == ~others).all()  # residual exactly when nothing else
        assert (hits.sum(axis=1) >= 2).any()  # some answers carry two themes or more
    assert predict_themes(classifiers["advies_ind"], pd.Series([], dtype=object)).empty


def test_training_is_deterministic(sample):
    train, heldout = sample
    part = train[train["question"] == "advies_dtv"]
    a = train_classifiers(part, seed=3)["advies_dtv"]
    b = train_classifiers(part, seed=3)["advies_dtv"]
    texts = heldout.loc[heldout["question"] == "advies_dtv", "text"].to_numpy()
    np.testing.assert_array_equal(a.pipeline.predict_proba(texts), b.pipeline.predict_proba(texts))


# -- reading coded samples, retraining -------------------------------------------------------------
def test_read_coded_normalises_separators_and_order(tmp_path):
    path = tmp_path / "coded.csv"
    path.write_text(
        "respondent_id;question;text;theme\n"
        "A1;advies_ind;Sneller en een tolk;taal_tolk, snelheid\n"
        "A2;advies_ind;Dank;COMPLIMENT\n"
        "A3;advies_coa;Kamers;huisvesting|respect\n"
        "A3;advies_coa;Kamers en eten;huisvesting\n",
        encoding="cp1252",
    )
    got = read_coded([path])
    assert got["theme"].tolist() == ["snelheid;taal_tolk", "compliment", "huisvesting"]
    assert got["text"].tolist()[-1] == "Kamers en eten"  # the later code of an answer wins


@pytest.mark.parametrize(
    "header, row, message",
    [
        ("respondent_id;question;text", "A1;advies_ind;x", "lacks column"),
        ("respondent_id;question;text;theme", "A1;advies_xyz;x;overig", "no codeframe"),
        (
            "respondent_id;question;text;theme",
            "A1;advies_ind;x;huisvesting",
            "not in the codeframe",
        ),
        ("respondent_id;question;text;theme", "A1;advies_ind;x;overig|snelheid", "only for"),
        ("respondent_id;question;text;theme", "A1;advies_ind;x;", "no theme"),
        ("respondent_id;question;text;theme", "A1;advies_ind;;snelheid", "empty text"),
        ("respondent_id;question;text;theme", ";advies_ind;x;snelheid", "empty respondent_id"),
    ],
)
def test_read_coded_refuses_bad_rows(tmp_path, header, row, message):
    path = tmp_path / "coded.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        read_coded([path])
    assert str(path) in str(err.value)


def test_extra_coded_files_retrain_the_classifier(tmp_path):
    write_demo(tmp_path, seed=1, waves=["2017-Q2"], n_asylum=20, n_partners=20)
    base = load_coded_sample(tmp_path)
    assert len(base) == 270 and set(base["question"]) == set(QUESTIONS)
    assert len(load_coded_sample(tmp_path, heldout=True)) == 135
    novel = ["Warme maaltijden graag."]  # food, in words no training answer uses
    assert not predict_themes(train_classifiers(base)["advies_coa"], novel).loc[0, "huisvesting"]
    extra = tmp_path / "my_coding.csv"
    first_id = base.loc[base["question"] == "advies_coa", "respondent_id"].iloc[0]
    extra_rows = [(first_id, "advies_coa", "Koud eten in de kantine.", "huisvesting")] + [
        (f"X{i}", "advies_coa", text, "huisvesting")
        for i, text in enumerate(["De maaltijden zijn slecht.", "Graag warm eten."] * 3)
    ]
    pd.DataFrame(extra_rows, columns=list(CODED_COLUMNS)).to_csv(extra, index=False)
    more = load_coded_sample(tmp_path, extra=[extra])
    assert len(more) == 270 + 6  # the first extra row recodes an answer of the wave's file
    assert more.loc[more["respondent_id"] == first_id, "source"].item() == str(extra)
    assert predict_themes(train_classifiers(more)["advies_coa"], novel).loc[0, "huisvesting"]
    with pytest.raises(InputError, match="no coded sample"):
        load_coded_sample(tmp_path / "nowhere")


# -- coding a wave and counting --------------------------------------------------------------------
def test_code_answers_and_theme_counts(classifiers):
    answers = pd.DataFrame(
        {
            "respondent_id": ["a", "b", "c", "d", "e"],
            "advies_ind": ["Sneller beslissen alstublieft.", "nvt", None, "  ", "Betere tolk."],
            "advies_dtv": [None, "Mijn land is niet veilig.", "Thank you.", None, "-"],
            "nationaliteit": ["Syrië", "Eritrea", None, "Syrië", "Syrië"],
        }
    )
    coded = code_answers(classifiers, answers)
    assert list(coded.columns) == ["respondent_id", "question", "organisation", "theme", "present"]
    ind = coded[coded["question"] == "advies_ind"]
    assert sorted(set(ind["respondent_id"])) == ["a", "e"]  # "nvt" and blanks: not answered
    assert len(ind) == 2 * len(CB.codeframe("advies_ind").codes)
    assert set(ind.loc[ind["present"], "theme"]) == {"snelheid", "taal_tolk"}
    counts = theme_counts(coded)
    assert counts["question"].unique().tolist() == ["advies_ind", "advies_dtv"]
    assert counts.loc[counts["question"] == "advies_dtv", "theme"].tolist() == list(
        CB.codeframe("advies_dtv").codes
    )
    row = counts.set_index(["question", "theme"]).loc[("advies_ind", "snelheid")]
    assert (row["organisation"], row["count"], row["n"], row["share"]) == ("IND", 1, 2, 0.5)
    # by nationality, a missing nationality being a group of its own; checked against crosstab
    grouped = theme_counts(
        coded.merge(answers[["respondent_id", "nationaliteit"]]), by=["nationaliteit"]
    )
    groups = grouped.loc[grouped["question"] == "advies_dtv", "nationaliteit"].drop_duplicates()
    assert len(groups) == 2 and groups.iloc[0] == "Eritrea" and pd.isna(groups.iloc[1])
    merged = coded.merge(answers[["respondent_id", "nationaliteit"]])
    cross = pd.crosstab(
        [merged["question"], merged["nationaliteit"].fillna("?"), merged["theme"]],
        merged["present"],
    )
    for _, r in grouped.iterrows():
        key = (
            r["question"],
            "?" if pd.isna(r["nationaliteit"]) else r["nationaliteit"],
            r["theme"],
        )
        assert r["count"] == cross.loc[key].get(True, 0)
        assert r["n"] == cross.loc[key].sum()


def test_bad_calls_raise_input_errors(classifiers, sample):
    with pytest.raises(InputError, match="threshold"):
        train_classifiers(sample[0], threshold=1.2)
    with pytest.raises(InputError, match="other than"):
        train_classifiers(small([("advies_ind", "x", "overig"), ("advies_ind", "y", "overig")]))
    with pytest.raises(InputError, match="id column"):
        code_answers(classifiers, pd.DataFrame({"advies_ind": ["x"]}))
    with pytest.raises(InputError, match="none of the coded questions"):
        code_answers(classifiers, pd.DataFrame({"respondent_id": ["a"], "x": ["y"]}))
    with pytest.raises(InputError, match="lack column"):
        theme_counts(pd.DataFrame({"question": ["advies_ind"]}))
