"""Analysis-ready tables: the processed waves with a ``wave`` column, weights and labels.

:func:`load_analysis` is the one call for an analyst's own notebook: it reads the processed
``respondents.parquet`` and ``ratings.parquet`` of one or more waves, joins the weights onto the
ratings, and turns codes into ordered pandas categoricals with the codebook's Dutch or English
labels (:meth:`helpers.codebook.Codebook.column_categories`). The tidy tables themselves stay as
cleaning wrote them; this is a view for analysis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from helpers import paths
from helpers.codebook import LANGS, Codebook, load_codebook
from helpers.data._cleaning_schema import OUTPUT_FILES
from helpers.data._wave import processed_wave_ids
from helpers.errors import InputError
from helpers.io import read_parquet

TABLES = ("respondents", "ratings")
#: Columns that identify a respondent across the two tables.
KEYS = ["wave", "respondent_id", "target_group"]


class AnalysisTables(NamedTuple):
    """The respondents and ratings of :func:`load_analysis` (None when not asked for)."""

    respondents: pd.DataFrame | None
    ratings: pd.DataFrame | None


def load_analysis(
    waves: str | Iterable[str] | None = None,
    *,
    processed_root: str | Path | None = None,
    weights: bool = True,
    language: str = "nl",
    tables: Sequence[str] = TABLES,
) -> AnalysisTables:
    """The respondents and ratings of one or more waves, labelled and ready for analysis.

    Parameters
    ----------
    waves : str or list of str, optional
        Wave id(s) (``"2017-Q2"``); None: every processed wave.
    processed_root : str or Path, optional
        Folder of the processed waves (default: the repository's ``data/processed``).
    weights : bool
        Join each respondent's ``weight`` (mean 1 within target group) onto the ratings.
    language : ``"nl"`` or ``"en"``
        Language of the labels.
    tables : sequence of str
        Which of ``"respondents"`` and ``"ratings"`` to read.

    Returns
    -------
    AnalysisTables
        ``respondents``: one row per respondent, ``wave`` first; every coded answer and
        background value an ordered categorical of its labels (least positive first for rated
        scales, codebook order otherwise; "weet niet" is missing, see the ``*_dont_know``
        columns); ticked boxes stay booleans, free categories (``nationaliteit``, ``azc``,
        ``taal``) become unordered categoricals. ``ratings``: one row per rating with ``wave``,
        ``organisation``, ``item`` and ``target_group`` as labelled categoricals, ``value``
        unchanged (1-5, 5 most positive; NPS 0-10), ``answer`` the value's label as an ordered
        categorical (the scales of all items in one order, least positive first: compare
        answers within one item) and, with ``weights``, ``weight``. ``DataFrame.attrs["labels"]``
        holds every column's label.

    Raises
    ------
    helpers.errors.InputError
        An unknown wave, language or table, or a wave without processed data.

    Examples
    --------
    >>> from helpers.data import load_analysis
    >>> resp, ratings = load_analysis(["2017-Q2", "2017-Q3"], language="en")  # doctest: +SKIP
    >>> pd.crosstab(resp["wave"], resp["status"])  # doctest: +SKIP
    >>> ratings.groupby(["wave", "organisation"], observed=True).apply(
    ...     lambda g: (g["value"] * g["weight"]).sum() / g.loc[g["value"].notna(), "weight"].sum())
    ... # doctest: +SKIP
    """
    if language not in LANGS:
        raise InputError(f"unknown language {language!r} (nl or en)")
    unknown = [t for t in tables if t not in TABLES]
    if unknown or not tables:
        raise InputError(f"unknown table(s) {unknown} (known: {', '.join(TABLES)})")
    root = Path(processed_root or paths.PROCESSED_DIR)
    chosen = _check_waves(waves, root)
    cb = load_codebook()
    need_respondents = "respondents" in tables or ("ratings" in tables and weights)
    resp = _read(chosen, root, "respondents") if need_respondents else None
    rat = None
    if "ratings" in tables:
        rat = _read(chosen, root, "ratings")
        if weights:
            rat = rat.merge(resp[[*KEYS, "weight"]], on=KEYS, how="left", validate="many_to_one")
        rat = label_ratings(rat, cb, language)
    if "respondents" in tables:
        resp = label_respondents(resp, cb, language)
    else:
        resp = None
    return AnalysisTables(resp, rat)


def _check_waves(waves, root: Path) -> list[str]:
    available = processed_wave_ids(root)
    chosen = [waves] if isinstance(waves, str) else list(waves or available)
    if not chosen:
        raise InputError("no processed waves (run the cleaning first)", file=root)
    missing = [w for w in chosen if w not in available]
    if missing:
        raise InputError(
            f"no processed data for wave(s) {', '.join(missing)} "
            f"(processed: {', '.join(available) or 'none'})",
            file=root,
        )
    return chosen


def _read(waves: list[str], root: Path, table: str) -> pd.DataFrame:
    frames = []
    for wave in waves:
        frame = read_parquet(paths.processed_wave_dir(wave, root) / OUTPUT_FILES[table])
        if "wave" in frame.columns:
            frame = frame.drop(columns="wave")
        frames.append(frame.assign(wave=wave))
    out = pd.concat(frames, ignore_index=True)
    return out[["wave", *[c for c in out.columns if c != "wave"]]]


def _categorical(labels: pd.Series, categories: list[str], ordered: bool = True) -> pd.Series:
    return pd.Series(
        pd.Categorical(labels, categories=categories, ordered=ordered), index=labels.index
    )


def _labelled(
    column: pd.Series, target_groups: pd.Series, name: str, cb: Codebook, lang: str
) -> pd.Series | None:
    """The column's labels as an ordered categorical (None: the column has no value labels).

    Each target group's rows get that group's labels (``contact_ind`` differs between them);
    the categories are the target groups' labels in codebook order.
    """
    per_group = {tg: cb.column_categories(name, tg, lang) for tg in cb.target_groups}
    if not any(per_group.values()):
        return None
    labels = pd.Series(pd.NA, index=column.index, dtype=object)
    categories: dict[str, None] = {}
    for tg, mapping in per_group.items():
        categories |= dict.fromkeys(mapping.values())
        rows = (target_groups == tg).to_numpy()
        labels[rows] = column[rows].map(mapping)
    return _categorical(labels, list(categories))


def label_respondents(resp: pd.DataFrame, cb: Codebook | None = None, lang: str = "nl"):
    """Respondents with coded and background columns as labelled categoricals (see
    :func:`load_analysis`); ``attrs["labels"]`` holds the column labels."""
    cb = cb or load_codebook()
    out = resp.copy()
    tg = resp["target_group"].astype(str)
    for name in resp.columns:
        if name == "target_group":
            continue
        labelled = _labelled(resp[name], tg, name, cb, lang)
        if labelled is not None:
            out[name] = labelled
        elif name in _free_categories(cb):
            out[name] = resp[name].astype("category")
    out["target_group"] = _labelled(resp["target_group"], tg, "target_group", cb, lang)
    out["wave"] = _categorical(resp["wave"], sorted(resp["wave"].unique()))
    out.attrs["labels"] = {c: cb.column_label(c, lang) for c in out.columns}
    return out


def label_ratings(ratings: pd.DataFrame, cb: Codebook | None = None, lang: str = "nl"):
    """Ratings with target group, organisation, item and the answer as labelled categoricals
    (see :func:`load_analysis`); ``value`` stays numeric."""
    cb = cb or load_codebook()
    out = ratings.copy()
    tg = ratings["target_group"].astype(str)
    for name in ("target_group", "organisation", "item"):
        out[name] = _labelled(ratings[name], tg, name, cb, lang)
    out["wave"] = _categorical(ratings["wave"], sorted(ratings["wave"].unique()))
    out["answer"] = _answers(ratings, cb, lang)
    out.attrs["labels"] = {c: cb.column_label(c, lang) for c in out.columns if c != "answer"}
    out.attrs["labels"]["answer"] = {"nl": "antwoord", "en": "answer"}[lang]
    return out


def _answers(ratings: pd.DataFrame, cb: Codebook, lang: str) -> pd.Series:
    """The label of each rating's value on its item's scale, an ordered categorical whose
    categories run over all scales present, least positive first."""
    labels = pd.Series(pd.NA, index=ratings.index, dtype=object)
    ranked: dict[str, tuple[float, int]] = {}
    pairs = ratings[["target_group", "item"]].drop_duplicates().itertuples(index=False)
    scales = {}
    for group, item in pairs:
        var = next(v for version in cb.versions for v in cb.rating_variables(group, version, item))
        scales.setdefault(var.scale.name, var.scale)
        rows = ((ratings["target_group"] == group) & (ratings["item"] == item)).to_numpy()
        labels[rows] = ratings.loc[rows, "value"].map(var.scale.categories(lang))
    for order, scale in enumerate(scales.values()):
        for value, label in scale.categories(lang).items():
            ranked.setdefault(label, (float(value), order))
    return _categorical(labels, sorted(ranked, key=ranked.get))


def _free_categories(cb: Codebook) -> set[str]:
    return {
        v.name
        for tg in cb.target_groups
        for v in cb.variables(tg)
        if v.scale.kind == "categorical" and v.name != "respondent_id"
    }
