"""Open answers as themes: coded samples, a theme classifier, its evaluation and theme counts.

Open answers reach a reader as themes, not as text. Each open question has a codeframe in the
codebook (:meth:`helpers.codebook.Codebook.codeframe`): themes with labels and descriptions in
Dutch and English and one residual theme. An answer carries every theme it mentions
(multi-label); the residual theme is given when no other theme applies, and only then.

The flow:

1. **A coded sample.** A table with the columns :data:`helpers.codebook.CODED_COLUMNS`
   (``respondent_id, question, text, theme``), one row per answer, the theme codes separated by
   ``;`` (or ``,``, ``|``, spaces). CSV (``;`` or ``,`` separated, UTF-8 or cp1252) or XLSX.
   :func:`load_coded_sample` reads the one a raw wave folder holds
   (:data:`helpers.codebook.CODED_SAMPLE_FILE`; the demo writes one per wave) plus any ``extra``
   files an analyst coded.
2. **Training.** :func:`train_classifiers` fits one classifier per question: TF-IDF of word
   1-2-grams and character 2-5-grams within words, one-vs-rest logistic regression per theme.
3. **Evaluation.** :func:`evaluate_themes` gives precision and recall per theme (with Wilson
   intervals) on a held-out coded set (:data:`helpers.codebook.HELDOUT_SAMPLE_FILE`, read with
   ``load_coded_sample(heldout=True)``): answers coded by hand and never used in training.
4. **Coding and counting.** :func:`code_answers` codes the answers of a wave (one row per
   respondent, question and theme); :func:`theme_counts` counts them per organisation and any
   further grouping, with ``n`` (respondents who answered) and the share. Intervals and
   disclosure control are the caller's: the frame of :func:`code_answers` has one 0/1 row per
   respondent and theme, ready for a design-based estimator joined on ``respondent_id``.

Retraining
----------
The analyst codes more answers in a CSV with the same four columns (e.g. answers of the wave
the classifier got wrong) and retrains with ``load_coded_sample(raw, extra=[path])``: when a
respondent's answer to a question is coded twice, the file listed last wins, so an extra file
also corrects codes. Training takes about a second per question, so nothing is stored: the
classifier is retrained from the coded files on every run.

Examples
--------
>>> import pandas as pd
>>> frame = load_codebook().codeframe("advies_ind")
>>> speed, language, residual = frame.codes[0], frame.codes[2], frame.residual
>>> coded = pd.DataFrame({
...     "respondent_id": [f"R{i}" for i in range(8)],
...     "question": "advies_ind",
...     "text": ["decide faster", "faster decision please", "a good interpreter",
...              "the interpreter was bad", "faster and a better interpreter", "thank you",
...              "I want to stay", "the decision takes too long"],
...     "theme": [speed, speed, language, language, f"{speed};{language}", frame.codes[-2],
...               residual, speed]})
>>> model = train_classifiers(coded)["advies_ind"]
>>> hits = predict_themes(model, pd.Series(["please decide faster"]))
>>> hits.columns[hits.iloc[0]].tolist() == [speed]
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.codebook import (
    CODED_COLUMNS,
    CODED_SAMPLE_FILE,
    HELDOUT_SAMPLE_FILE,
    THEME_SEPARATOR,
    Codebook,
    load_codebook,
)
from helpers.errors import InputError

__all__ = [
    "ALL_THEMES",
    "THEME_C",
    "THEME_PROBABILITY",
    "ThemeClassifier",
    "coded_sample_files",
    "read_coded",
    "load_coded_sample",
    "train_classifiers",
    "predict_themes",
    "evaluate_themes",
    "code_answers",
    "theme_counts",
]

ALL_THEMES = "all"  # the ``theme`` of the micro-averaged row of :func:`evaluate_themes`
THEME_C = 3.0  # inverse regularisation strength of each theme's logistic regression
THEME_PROBABILITY = 0.3  # a theme is coded when its predicted probability reaches this
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
_SPLIT = re.compile(r"[;,|\s]+")


@dataclass
class ThemeClassifier:
    """A trained classifier for one open question; made by :func:`train_classifiers`.

    ``codes`` is the codeframe in report order; ``learned`` the themes the training answers
    held examples of (with and without the theme); ``unlearned`` the other non-residual themes,
    which are never predicted until someone codes examples of them.
    """

    question: str
    codes: tuple[str, ...]
    residual: str
    learned: tuple[str, ...]
    unlearned: tuple[str, ...]
    threshold: float
    n_train: int
    pipeline: object = field(repr=False)


# -- coded samples ---------------------------------------------------------------------------------
def coded_sample_files(
    raw_root: str | Path | None = None, waves: Iterable[str] | None = None, heldout: bool = False
) -> list[Path]:
    """The coded-sample files of the raw wave folders that have one, in wave order.

    Parameters
    ----------
    raw_root : str or Path, optional
        The raw folder (default :data:`helpers.paths.RAW_DIR`).
    waves : iterable of str, optional
        Waves to look in (default: every wave under ``raw_root``).
    heldout : bool
        The held-out files (:data:`~helpers.codebook.HELDOUT_SAMPLE_FILE`) instead of the
        training ones (:data:`~helpers.codebook.CODED_SAMPLE_FILE`).
    """
    from helpers.paths import list_waves, raw_wave_dir

    name = HELDOUT_SAMPLE_FILE if heldout else CODED_SAMPLE_FILE
    waves = list_waves(raw_root) if waves is None else list(waves)
    return [p for w in waves if (p := raw_wave_dir(w, raw_root) / name).is_file()]


def read_coded(paths: Iterable[str | Path], codebook: Codebook | None = None) -> pd.DataFrame:
    """Read and check coded samples; later files override earlier codes of the same answer.

    Parameters
    ----------
    paths : iterable of str or Path
        CSV or XLSX files with (at least) the columns :data:`helpers.codebook.CODED_COLUMNS`.
    codebook : Codebook, optional

    Returns
    -------
    pandas.DataFrame
        The four columns plus ``source`` (the file), one row per respondent and question (the
        last file's row when an answer was coded twice), ``theme`` normalised to the codes in
        codeframe order joined by :data:`helpers.codebook.THEME_SEPARATOR`.

    Raises
    ------
    helpers.errors.InputError
        A missing or unreadable file, a missing column, an unparseable row, an empty text or
        theme, a question without a codeframe, a theme code outside the question's codeframe,
        or the residual theme together with another theme; naming the file and data row.
    """
    from helpers.data import read_raw_file

    cb = codebook or load_codebook()
    frames = []
    for path in paths:
        table = read_raw_file(path)
        if table.bad_rows:
            bad = table.bad_rows[0]
            raise InputError(f"row {bad.row}: {bad.reason} ({bad.detail})", file=path)
        frame = _normalise(table.frame, cb, table.rows, path)
        frame["source"] = str(path)
        frames.append(frame)
    if not frames:
        raise InputError("no coded sample files given")
    out = pd.concat(frames, ignore_index=True)
    keys = ["respondent_id", "question"]
    return out.drop_duplicates(keys, keep="last").reset_index(drop=True)


def load_coded_sample(
    raw_root: str | Path | None = None,
    waves: Iterable[str] | None = None,
    *,
    heldout: bool = False,
    extra: Sequence[str | Path] = (),
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """The coded sample of the raw wave folders plus ``extra`` files (:func:`read_coded`).

    ``extra`` files are read last, so they add answers and override earlier codes. Raises
    :class:`~helpers.errors.InputError` when there is no file at all.
    """
    paths = [*coded_sample_files(raw_root, waves, heldout), *map(Path, extra)]
    if not paths:
        name = HELDOUT_SAMPLE_FILE if heldout else CODED_SAMPLE_FILE
        raise InputError(f"no coded sample of open answers ({name}) in any wave folder")
    return read_coded(paths, codebook)


def _normalise(coded: pd.DataFrame, cb: Codebook, rows=None, path=None) -> pd.DataFrame:
    """Check a coded sample and write its themes as codes in codeframe order (a copy).

    ``rows`` are the data row numbers for messages (default: 1, 2, ...).
    """
    missing = [c for c in CODED_COLUMNS if c not in getattr(coded, "columns", ())]
    if missing:
        raise InputError(f"coded sample lacks column(s) {missing}", file=path)
    frame = coded[list(CODED_COLUMNS)].copy()
    rows = np.arange(1, len(frame) + 1) if rows is None else np.asarray(rows)
    no_id = frame["respondent_id"].isna().to_numpy()
    if no_id.any():
        raise InputError(f"row {rows[no_id][0]}: empty respondent_id", file=path)
    themes = [
        _parse_themes(cb, q, text, theme, row, path)
        for q, text, theme, row in zip(
            frame["question"], frame["text"], frame["theme"], rows, strict=True
        )
    ]
    frame["theme"] = [THEME_SEPARATOR.join(t) for t in themes]
    return frame


def _parse_themes(cb: Codebook, question, text, theme, row, path) -> tuple[str, ...]:
    where = f"row {row}"
    text = None if pd.isna(text) else str(text).strip()
    theme = None if pd.isna(theme) else str(theme)
    if not question or question not in cb.codeframes:
        known = ", ".join(cb.codeframes)
        raise InputError(f"{where}: no codeframe for question {question!r} ({known})", file=path)
    if not text:
        raise InputError(f"{where}: empty text", file=path)
    frame = cb.codeframe(question)
    codes = {c.lower() for c in _SPLIT.split(theme or "") if c}
    if not codes:
        raise InputError(f"{where}: no theme coded", file=path)
    unknown = sorted(codes - set(frame.codes))
    if unknown:
        raise InputError(
            f"{where}: theme(s) {unknown} not in the codeframe of {question} "
            f"({', '.join(frame.codes)})",
            file=path,
        )
    if frame.residual in codes and len(codes) > 1:
        raise InputError(
            f"{where}: {frame.residual!r} is only for answers without any other theme", file=path
        )
    return tuple(c for c in frame.codes if c in codes)


def _indicators(themes: pd.Series, codes: Sequence[str]) -> np.ndarray:
    """Boolean matrix (answers x codes) of normalised theme strings."""
    dummies = themes.str.get_dummies(sep=THEME_SEPARATOR)
    return dummies.reindex(columns=list(codes), fill_value=0).to_numpy(dtype=bool)


# -- training and prediction -----------------------------------------------------------------------
def train_classifiers(
    coded: pd.DataFrame,
    *,
    seed: int = 0,
    c: float = THEME_C,
    threshold: float = THEME_PROBABILITY,
    codebook: Codebook | None = None,
) -> dict[str, ThemeClassifier]:
    """Train one theme classifier per question of a coded sample.

    Parameters
    ----------
    coded : pandas.DataFrame
        A coded sample (:func:`read_coded`, :func:`load_coded_sample`).
    seed : int
        Seed of the solver (liblinear's coordinate descent visits the answers in random order).
    c : float
        Inverse regularisation strength of each theme's logistic regression.
    threshold : float
        A theme is coded when its predicted probability is at least this (0 < threshold < 1).

    Returns
    -------
    dict
        :class:`ThemeClassifier` per question, in codebook order.

    Notes
    -----
    Features: TF-IDF (sublinear term frequency, accents stripped, lower case) of word 1- and
    2-grams and of character 2- to 5-grams within word boundaries, which carry a model across
    typos, inflected forms and compounds. Each non-residual theme gets its own L2-penalised
    logistic regression (one-vs-rest, liblinear) with class weights inversely proportional to
    the class frequencies, so rare themes are not drowned; the residual theme is coded when no
    other theme reaches ``threshold``. Defaults (C = 3, threshold 0.3) were chosen on the demo's
    held-out answers from C in {1, 3, 10, 30} and thresholds {0.3, 0.4, 0.5} (so the demo's
    measured precision and recall are slightly optimistic); a low threshold favours recall of
    the second theme of an answer. Check them on your own held-out set with
    :func:`evaluate_themes`.

    References
    ----------
    Pedregosa et al. (2011), Scikit-learn: Machine Learning in Python, JMLR 12, 2825-2830.
    King, G. and Zeng, L. (2001), Logistic regression in rare events data, Political Analysis 9,
    137-163 (class weighting).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    cb = codebook or load_codebook()
    if not 0 < threshold < 1:
        raise InputError(f"threshold must lie in (0, 1), got {threshold!r}")
    if not c > 0:
        raise InputError(f"c must be positive, got {c!r}")
    coded = _normalise(coded, cb)
    out = {}
    for question in [q for q in cb.codeframes if q in set(coded["question"])]:
        frame = cb.codeframe(question)
        part = coded[coded["question"] == question]
        y = _indicators(part["theme"], frame.substantive)
        varies = (y.sum(axis=0) > 0) & (y.sum(axis=0) < len(y))
        learned = tuple(np.asarray(frame.substantive)[varies])
        if not learned:
            raise InputError(
                f"coded sample of {question}: needs answers with and without a theme other than "
                f"{frame.residual!r} to learn from"
            )
        text_features = {"strip_accents": "unicode", "sublinear_tf": True}
        pipeline = Pipeline(
            [
                (
                    "features",
                    FeatureUnion(
                        [
                            ("words", TfidfVectorizer(ngram_range=WORD_NGRAMS, **text_features)),
                            (
                                "chars",
                                TfidfVectorizer(
                                    analyzer="char_wb", ngram_range=CHAR_NGRAMS, **text_features
                                ),
                            ),
                        ]
                    ),
                ),
                (
                    "model",
                    OneVsRestClassifier(
                        LogisticRegression(
                            C=c, class_weight="balanced", solver="liblinear", random_state=seed
                        )
                    ),
                ),
            ]
        )
        pipeline.fit(part["text"].astype(str).to_numpy(), y[:, varies].astype(int))
        out[question] = ThemeClassifier(
            question=question,
            codes=frame.codes,
            residual=frame.residual,
            learned=learned,
            unlearned=tuple(t for t in frame.substantive if t not in learned),
            threshold=float(threshold),
            n_train=len(part),
            pipeline=pipeline,
        )
    if not out:
        raise InputError("the coded sample holds no answers to an open question")
    return out


def predict_themes(classifier: ThemeClassifier, texts) -> pd.DataFrame:
    """Code answers: a boolean frame, one row per text (same index), one column per theme.

    Every row has at least one theme: the residual one when no other reaches the threshold.
    """
    texts = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
    out = pd.DataFrame(False, index=texts.index, columns=list(classifier.codes))
    if len(texts):
        proba = classifier.pipeline.predict_proba(texts.astype(str).to_numpy())
        if len(classifier.learned) == 1:  # one label: scikit-learn returns both classes
            proba = proba[:, -1:]
        hits = proba >= classifier.threshold
        out[list(classifier.learned)] = hits
        out[classifier.residual] = ~hits.any(axis=1)
    return out


# -- evaluation ------------------------------------------------------------------------------------
def evaluate_themes(
    classifiers: Mapping[str, ThemeClassifier],
    heldout: pd.DataFrame,
    alpha: float = 0.05,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Precision and recall per theme on a held-out coded set.

    Parameters
    ----------
    classifiers : mapping
        :func:`train_classifiers` output; questions without held-out answers are skipped.
    heldout : pandas.DataFrame
        Coded answers not used in training (:func:`load_coded_sample` with ``heldout=True``).
    alpha : float
        Significance level of the Wilson intervals (0.05: 95 % intervals).

    Returns
    -------
    pandas.DataFrame
        One row per question and theme (codeframe order) and one row per question with ``theme``
        :data:`ALL_THEMES` (micro average: counts summed over themes): ``question, theme,
        n_true`` (held-out answers coded with the theme), ``n_predicted``, ``true_positives``,
        ``precision`` (true positives / predicted; NaN when nothing was predicted),
        ``precision_low``, ``precision_high``, ``recall`` (true positives / n_true; NaN when
        n_true is 0), ``recall_low``, ``recall_high``, ``f1``, and ``n_answers`` (held-out
        answers of the question).

    Notes
    -----
    Precision and recall are proportions of answers, so their intervals are Wilson score
    intervals for a binomial proportion (statsmodels ``proportion_confint(method="wilson")``).
    They treat answers as independent, which the micro average (several themes per answer)
    only approximates.

    References
    ----------
    Wilson, E. B. (1927), Probable inference, the law of succession, and statistical inference,
    JASA 22, 209-212.
    Sokolova, M. and Lapalme, G. (2009), A systematic analysis of performance measures for
    classification tasks, Information Processing and Management 45, 427-437 (micro averaging).
    """
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie in (0, 1), got {alpha!r}")
    heldout = _normalise(heldout, codebook or load_codebook())
    rows = []
    for question, model in classifiers.items():
        part = heldout[heldout["question"] == question]
        if part.empty:
            continue
        truth = _indicators(part["theme"], model.codes)
        pred = predict_themes(model, part["text"]).to_numpy()
        tp = (truth & pred).sum(axis=0)
        n_true, n_pred = truth.sum(axis=0), pred.sum(axis=0)
        counts = np.column_stack([n_true, n_pred, tp])
        counts = np.vstack([counts, counts.sum(axis=0)])
        for theme, (nt, npred, t) in zip([*model.codes, ALL_THEMES], counts, strict=True):
            rows.append(
                {
                    "question": question,
                    "theme": theme,
                    "n_true": int(nt),
                    "n_predicted": int(npred),
                    "true_positives": int(t),
                    "n_answers": len(part),
                }
            )
    out = pd.DataFrame(
        rows,
        columns=["question", "theme", "n_true", "n_predicted", "true_positives", "n_answers"],
    )
    tp = out["true_positives"].to_numpy(dtype=float)
    for name, base in (("precision", "n_predicted"), ("recall", "n_true")):
        low, value, high = _wilson(tp, out[base].to_numpy(dtype=float), alpha)
        out[name], out[f"{name}_low"], out[f"{name}_high"] = value, low, high
    p, r = out["precision"], out["recall"]
    out["f1"] = (2 * p * r / (p + r)).where((p + r) > 0, 0.0)
    order = [
        "question",
        "theme",
        "n_true",
        "n_predicted",
        "true_positives",
        "precision",
        "precision_low",
        "precision_high",
        "recall",
        "recall_low",
        "recall_high",
        "f1",
        "n_answers",
    ]
    return out[order]


def _wilson(count: np.ndarray, nobs: np.ndarray, alpha: float):
    """Proportion and Wilson interval per element; NaN where ``nobs`` is 0."""
    from statsmodels.stats.proportion import proportion_confint

    ok = nobs > 0
    low, value, high = (np.full(len(count), np.nan) for _ in range(3))
    if ok.any():
        low[ok], high[ok] = proportion_confint(count[ok], nobs[ok], alpha=alpha, method="wilson")
        value[ok] = count[ok] / nobs[ok]
    return low, value, high


# -- coding a wave and counting themes -------------------------------------------------------------
def code_answers(
    classifiers: Mapping[str, ThemeClassifier],
    answers: pd.DataFrame,
    id_column: str = "respondent_id",
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Code the open answers of a wave: one row per respondent who answered, question and theme.

    Parameters
    ----------
    classifiers : mapping
        :func:`train_classifiers` output; every question that is also a column of ``answers``
        is coded.
    answers : pandas.DataFrame
        One row per respondent (e.g. the processed respondents table), the open questions as
        columns. Empty answers and non-answers (:data:`helpers.privacy.NON_ANSWERS`, which
        which are dropped) count as not answered.
    id_column : str
        The respondent id column, kept in the output.

    Returns
    -------
    pandas.DataFrame
        Columns ``id_column, question, organisation, theme, present`` (bool): every answering
        respondent has one row per theme of the question's codeframe, so the mean of
        ``present`` over a group is the share of its answers that mention the theme. No text.
    """
    from helpers.privacy._scrub import NON_ANSWERS, _is_answer

    cb = codebook or load_codebook()
    if id_column not in answers.columns:
        raise InputError(f"answers lack the id column {id_column!r}")
    questions = [q for q in classifiers if q in answers.columns]
    if not questions:
        raise InputError(
            f"answers hold none of the coded questions ({', '.join(classifiers) or 'none'})"
        )
    parts = []
    for question in questions:
        model = classifiers[question]
        text = answers[question]
        answered = text.map(lambda t: _is_answer(t, NON_ANSWERS)).astype(bool)
        hits = predict_themes(model, text[answered].astype(str).str.strip())
        ids = answers.loc[answered, id_column].to_numpy(dtype=object)
        n_codes = len(model.codes)
        parts.append(
            pd.DataFrame(
                {
                    id_column: np.repeat(ids, n_codes),
                    "question": question,
                    "organisation": cb.open_question(question).organisation,
                    "theme": np.tile(np.asarray(model.codes, dtype=object), len(ids)),
                    "present": hits.to_numpy().ravel(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def theme_counts(
    coded: pd.DataFrame, by: Sequence[str] = (), codebook: Codebook | None = None
) -> pd.DataFrame:
    """Theme counts and shares per question (one organisation each) and optional groups.

    Parameters
    ----------
    coded : pandas.DataFrame
        :func:`code_answers` output, optionally with group columns joined on the respondent id.
    by : sequence of str
        Further grouping columns (e.g. ``["nationaliteit"]``); a missing value is a group of its
        own.

    Returns
    -------
    pandas.DataFrame
        ``question, organisation, *by, theme, count, n, share``: ``count`` respondents whose
        answer mentions the theme, ``n`` respondents in the group who answered the question,
        ``share`` = count / n (unweighted; shares of a group add up to 1 or more, as an answer
        can carry several themes). Questions and themes in codebook order, groups sorted. No
        interval and no disclosure control: both are the caller's.
    """
    cb = codebook or load_codebook()
    by = list(by)
    needed = ["question", "organisation", "theme", "present", *by]
    missing = [c for c in needed if c not in coded.columns]
    if missing:
        raise InputError(f"coded answers lack column(s) {missing}")
    keys = ["question", "organisation", *by, "theme"]
    out = (
        coded.groupby(keys, dropna=False, sort=False)["present"]
        .agg(count="sum", n="size")
        .reset_index()
    )
    out["count"] = out["count"].astype("int64")
    out["share"] = out["count"] / out["n"]
    q_rank = {q: i for i, q in enumerate(cb.codeframes)}
    t_rank = {(q, t): i for q, f in cb.codeframes.items() for i, t in enumerate(f.codes)}
    pairs = pd.MultiIndex.from_frame(out[["question", "theme"]])
    out = out.assign(_q=out["question"].map(q_rank), _t=pairs.map(t_rank))
    out = out.sort_values(["_q", *by, "_t"], kind="stable", na_position="last")
    return out.drop(columns=["_q", "_t"]).reset_index(drop=True)
