"""The sections of the descriptives report (``02_descriptives``): tables, charts and sentences.

:func:`load_wave` reads one processed wave for one target group and recodes the small categories
of every background variable with :func:`helpers.privacy._disclosure.safe_categories` *before* anything is
tabulated; the names of the categories that were pooled or dropped are kept out of every table,
chart, sentence and key figure (they are only used to redact open answers). Each section function
takes that :class:`WaveData` and returns a :class:`Section`: Dutch sentences, tables that passed
:func:`helpers.privacy._disclosure.protect_table` and charts of :mod:`helpers.report._descriptives_plots`, or
``applicable=False`` when the questions were not put to this target group (the codebook decides).
:func:`show` displays a section in a notebook and :func:`key_figures` collects the report's key
figures from the sections that were shown.

Estimates are those of :mod:`helpers.stats._estimates` (weighted, Kish effective n, Wilson intervals);
subgroup tests those of :mod:`helpers.stats._compare` (Welch for means, the two-proportion z-test for
% positive, a z-test for NPS), Holm-corrected within one background variable and one measure, and
only between cells the protected table shows.

Examples
--------
>>> names = [f.__name__ for f in SECTIONS]
>>> names[:3]
['overview', 'overall_judgement', 'aspects']
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, Variable, load_codebook
from helpers.errors import InputError
from helpers.privacy import (
    INDICATIVE_MARK,
    OTHER_LABEL,
    SUPPRESSED_MARK,
    ProtectedTable,
    concat_protected,
    format_number,
    protect_table,
    safe_categories,
)
from helpers.stats import (
    compare_groups,
    difference_sentences,
    kish_neff,
    summarise_ratings,
    two_proportion_ztest,
)

#: Background variables compared in the subgroup section, per target group.
SUBGROUPS: dict[str, tuple[str, ...]] = {
    "asielzoekers": ("status", "nationaliteit", "azc", "modus"),
    "ketenpartners": ("positie", "modus"),
}
#: Background variables described in the response section, per target group.
BACKGROUND: dict[str, tuple[str, ...]] = {
    "asielzoekers": ("status", "geslacht", "leeftijdsklasse", "modus", "nationaliteit", "azc"),
    "ketenpartners": ("werkgever", "positie", "modus"),
}
#: Variables with many small categories (their hidden names are redacted from open answers).
SMALL_CATEGORY_COLUMNS: dict[str, str] = {"nationaliteit": "[land]", "azc": "[locatie]"}
#: Questions to asylum seekers about one organisation (respondents table).
SPECIFIC_QUESTIONS: tuple[str, ...] = (
    "coa_introductie_begrepen",
    "dtv_persoonlijke_situatie",
    "dtv_culturele_achtergrond",
    "dtv_genoeg_informatie",
)
#: Dutch names of the background variables.
VARIABLE_LABELS: dict[str, str] = {
    "status": "verblijfsstatus",
    "positie": "positie (binnen of buiten de Kleine Keten)",
    "nationaliteit": "nationaliteit",
    "azc": "opvanglocatie (azc)",
    "modus": "invulwijze",
    "geslacht": "geslacht",
    "leeftijdsklasse": "leeftijd",
    "werkgever": "werkgever",
}
#: Display names of categories that the codebook does not label.
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "positie": {
        "binnen_kleine_keten": "binnen de Kleine Keten",
        "buiten_kleine_keten": "buiten de Kleine Keten",
    },
    "modus": {"papier": "papier", "web": "web"},
}
#: Dutch noun phrases of groups in sentences ("X beoordelen ... hoger dan Y").
GROUP_PHRASES: dict[str, dict[str, str]] = {
    "status": {
        "afgewezen": "afgewezen asielzoekers",
        "vergunning_na_beroep": "asielzoekers met een vergunning na beroep",
    },
    "positie": {
        "binnen_kleine_keten": "medewerkers binnen de Kleine Keten",
        "buiten_kleine_keten": "medewerkers buiten de Kleine Keten",
    },
    "modus": {
        "papier": "respondenten die op papier invulden",
        "web": "respondenten die via internet invulden",
    },
}
#: Items whose subgroup comparison is a comparison of means.
MEAN_ITEMS: tuple[str, ...] = ("totaaloordeel", "laatste_contact")
#: Most sentences listed per background variable (the table lists every difference).
MAX_SENTENCES = 12
#: Category value and flag column of the never-shown remainder row of a breakdown.
REMAINDER = "__rest__"
REMAINDER_FLAG = "_remainder"


# --------------------------------------------------------------------------------------------
# data and sections
# --------------------------------------------------------------------------------------------


@dataclass
class WaveData:
    """One processed wave for one target group, with small categories already pooled.

    Attributes
    ----------
    wave, target_group : str
    version : str or None
        Questionnaire version (from the cleaning log); None when unknown.
    respondents, ratings : pandas.DataFrame
        This target group only; every background variable of :data:`BACKGROUND` has passed
        :func:`helpers.privacy._disclosure.safe_categories`.
    others : dict
        ``{target_group: (respondents, ratings)}`` of the other target groups of the same wave
        (the mirror study reads the asylum seekers' answers), also with safe categories.
    threshold, indicative_below : int
        Disclosure thresholds.
    shown_categories : dict
        Per variable of :data:`SMALL_CATEGORY_COLUMNS`, the category names that may be shown.
    n_by_target_group : dict
        Unweighted number of respondents per target group in the wave.
    """

    wave: str
    target_group: str
    version: str | None
    respondents: pd.DataFrame = field(repr=False)
    ratings: pd.DataFrame = field(repr=False)
    others: dict = field(repr=False)
    threshold: int
    indicative_below: int
    shown_categories: dict
    n_by_target_group: dict
    codebook: Codebook = field(repr=False)
    hidden_terms: dict = field(repr=False, default_factory=dict)  # never displayed
    shown: list = field(repr=False, default_factory=list)

    @property
    def n(self) -> int:
        return int(len(self.respondents))


@dataclass
class Section:
    """What one report section shows.

    ``parts`` is a list of ``("text", markdown, None)``, ``("table", styler, title)`` and
    ``("figure", figure, alt_text)``; ``protected`` the protected tables behind the tables and
    charts (their suppressed cells are counted in the key figures); ``applicable`` is False when
    the questions were not put to this target group.
    """

    key: str
    applicable: bool = True
    parts: list = field(default_factory=list)
    protected: list = field(default_factory=list)
    key_figures: dict = field(default_factory=dict)
    significant: dict = field(default_factory=dict)

    def text(self, markdown: str) -> None:
        self.parts.append(("text", markdown, None))

    def table(self, styler, title: str = "") -> None:
        self.parts.append(("table", styler, title))

    def figure(self, fig, alt: str) -> None:
        self.parts.append(("figure", fig, alt))

    def tables(self) -> list:
        """The displayed tables (stylers' data) as DataFrames of strings, for tests."""
        return [
            obj.data if hasattr(obj, "data") else obj
            for kind, obj, _ in self.parts
            if kind == "table"
        ]

    def texts(self) -> list[str]:
        return [obj for kind, obj, _ in self.parts if kind == "text"]


def load_wave(
    wave: str,
    target_group: str,
    processed_root: str = "",
    *,
    threshold: int = 10,
    indicative_below: int = 30,
) -> WaveData:
    """Read a processed wave and prepare it for the report of one target group.

    Parameters
    ----------
    wave : str
        Wave id, e.g. ``"2017-Q2"``.
    target_group : str
        ``"asielzoekers"`` or ``"ketenpartners"``.
    processed_root : str
        Folder holding the processed waves; empty: the repository's ``data/processed``.
    threshold, indicative_below : int
        Disclosure thresholds (see :func:`helpers.privacy._disclosure.protect_table`).

    Returns
    -------
    WaveData

    Raises
    ------
    InputError
        Unknown target group, or the wave has not been cleaned.
    """
    from helpers.paths import processed_wave_dir
    from helpers.report._display import processed_tables

    cb = load_codebook()
    cb.check_target_group(target_group)
    respondents, ratings = processed_tables(wave, processed_root or None)
    log = processed_wave_dir(wave, processed_root or None) / "cleaning_log.json"
    version = None
    if log.is_file():
        version = json.loads(log.read_text(encoding="utf-8")).get("questionnaire_version")
    return prepare(
        respondents,
        ratings,
        target_group,
        wave=wave,
        version=version,
        threshold=threshold,
        indicative_below=indicative_below,
        codebook=cb,
    )


def prepare(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    target_group: str,
    *,
    wave: str = "",
    version: str | None = None,
    threshold: int = 10,
    indicative_below: int = 30,
    codebook: Codebook | None = None,
) -> WaveData:
    """:class:`WaveData` from the two processed tables (all target groups of one wave).

    Small categories of the background variables are pooled or dropped here, per target group,
    before any table is made.

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(23)],
    ...                      "target_group": "asielzoekers", "weight": 1.0,
    ...                      "nationaliteit": ["Syrië"] * 20 + ["Tsjaad"] * 3})
    >>> rat = pd.DataFrame(columns=["respondent_id", "target_group", "organisation", "item",
    ...                             "value", "dont_know"])
    >>> data = prepare(resp, rat, "asielzoekers")
    >>> data.shown_categories, sorted(data.respondents["nationaliteit"].dropna().unique())
    ({'nationaliteit': ['Syrië']}, ['Syrië'])
    """
    cb = codebook or load_codebook()
    cb.check_target_group(target_group)
    for col in ("respondent_id", "target_group", "weight"):
        if col not in respondents.columns:
            raise InputError(f"respondents: missing column {col!r}")
    n_by = {tg: int((respondents["target_group"] == tg).sum()) for tg in cb.target_groups}
    parts = {}
    hidden: dict[str, set] = {col: set() for col in SMALL_CATEGORY_COLUMNS}
    shown: dict[str, list[str]] = {}
    for tg in cb.target_groups:
        resp = respondents[respondents["target_group"] == tg].reset_index(drop=True).copy()
        rat = ratings[ratings["target_group"] == tg].reset_index(drop=True)
        for col in BACKGROUND.get(tg, ()):
            if col not in resp.columns:
                continue
            before = set(resp[col].dropna().astype(str))
            resp[col] = safe_categories(resp[col], threshold)
            after = set(resp[col].dropna().astype(str))
            if col in SMALL_CATEGORY_COLUMNS:
                hidden[col] |= before - after
                if tg == target_group:
                    shown[col] = _category_order(resp[col], col, cb)
        parts[tg] = (resp, rat)
    respondents_tg, ratings_tg = parts.pop(target_group)
    return WaveData(
        wave=wave,
        target_group=target_group,
        version=version,
        respondents=respondents_tg,
        ratings=ratings_tg,
        others=parts,
        threshold=int(threshold),
        indicative_below=int(indicative_below),
        shown_categories=shown,
        n_by_target_group=n_by,
        codebook=cb,
        hidden_terms={SMALL_CATEGORY_COLUMNS[c]: sorted(v) for c, v in hidden.items()},
    )


def stop_if_too_small(data: WaveData, key_figures_path: str = "") -> None:
    """End the report on purpose when the target group has fewer respondents than the threshold.

    Calls :func:`helpers.report._display.stop_report` (the batch counts that as success); does nothing
    otherwise.
    """
    if data.n >= data.threshold:
        return
    from helpers.report._display import stop_report

    label = data.codebook.label(data.target_group).lower()
    stop_report(
        f"In golf {data.wave} hebben minder dan {data.threshold} {label} de vragenlijst "
        "ingevuld; om niemand herkenbaar te maken worden geen resultaten getoond.",
        key_figures_path,
        wave=data.wave,
        target_group=data.target_group,
    )


# --------------------------------------------------------------------------------------------
# sections
# --------------------------------------------------------------------------------------------


def overview(data: WaveData) -> Section:
    """Response: number of respondents, effective n of the weights and the composition."""
    sec = Section("respons")
    resp = data.respondents
    tg_label = data.codebook.label(data.target_group).lower()
    neff = kish_neff(resp["weight"]) if len(resp) else float("nan")
    sec.text(
        f"In golf {data.wave} vulden **{data.n}** {tg_label} de vragenlijst in (na opschoning). "
        f"Door de weging is de effectieve steekproefomvang (Kish) {format_number(neff, 0)}: "
        "de intervallen hieronder zijn op die effectieve omvang gebaseerd."
    )
    rows = []
    w = resp["weight"].to_numpy(float)
    for col in BACKGROUND[data.target_group]:
        if col not in resp.columns or resp[col].notna().sum() == 0:
            continue
        values = resp[col].astype(object).where(resp[col].notna(), None).to_numpy()
        shown = 0
        for cat in _category_order(resp[col], col, data.codebook):
            hit = values == cat
            shown += int(hit.sum())
            rows.append(
                {
                    "variable": col,
                    "category": cat,
                    "n": int(hit.sum()),
                    "pct": 100 * float(w[hit].sum() / w.sum()) if w.sum() > 0 else np.nan,
                    REMAINDER_FLAG: False,
                }
            )
        if len(resp) > shown:  # unknown or too small to show: computable from the total
            rows.append(
                {
                    "variable": col,
                    "category": REMAINDER,
                    "n": len(resp) - shown,
                    "pct": np.nan,
                    REMAINDER_FLAG: True,
                }
            )
    if not rows:
        return sec
    table = pd.DataFrame(rows)
    protected = _protect(data, table, group_cols=["variable"], hidden=REMAINDER_FLAG)
    sec.protected.append(protected)
    t = protected.table
    frame = pd.DataFrame(
        {
            "Kenmerk": [VARIABLE_LABELS.get(v, v) for v in t["variable"]],
            "Categorie": [
                _category_label(v, c, data.codebook)
                for v, c in zip(t["variable"], t["category"], strict=True)
            ],
            "n": _fmt_n(t),
            "% (gewogen, van alle respondenten)": _fmt_est(t, "pct", decimals=0, suffix="%"),
        }
    )
    sec.table(_styled(frame, protected.footnotes, left=2), "Samenstelling van de respons")
    if any(c in SMALL_CATEGORY_COLUMNS for c in BACKGROUND[data.target_group]):
        sec.text(
            f"Categorieën met minder dan {data.threshold} respondenten zijn samengevoegd tot "
            f"'{OTHER_LABEL}'; is die groep zelf kleiner dan {data.threshold}, dan blijven die "
            "respondenten buiten de uitsplitsing. Omdat de rest (onbekend of te klein) uit het "
            "totaal terug te rekenen is, wordt een rest onder de drempel beschermd als een "
            "kleine cel: dan is ook een andere cel niet getoond."
        )
    sec.key_figures = {
        "n": data.n,
        "n_by_target_group": dict(data.n_by_target_group),
        "n_eff": neff,
    }
    return sec


def overall_judgement(data: WaveData) -> Section:
    """Overall judgement per organisation: weighted mean (95% CI), % positive, distribution."""
    sec = Section("totaaloordeel")
    cb = data.codebook
    orgs = _organisations(data)
    ratings = data.ratings[data.ratings["item"] == "totaaloordeel"]
    if ratings["value"].notna().sum() == 0:
        sec.text("Er zijn in deze golf geen oordelen gegeven.")
        return sec
    order = {"organisation": orgs}
    mean = summarise_ratings(ratings, data.respondents, ["organisation"], "mean", order=order)
    pos = summarise_ratings(
        ratings, data.respondents, ["organisation"], "pct_positive", order=order
    )
    table = mean.merge(
        pos[["organisation", "pct", "ci_low", "ci_high"]].rename(
            columns={"ci_low": "pct_ci_low", "ci_high": "pct_ci_high"}
        ),
        on="organisation",
        how="left",
    )
    protected = _protect(data, table, secondary=False)
    dist = _protected_distribution(data, ratings, order)
    sec.protected += [protected, dist]
    t = protected.table
    scale = _scale_of(data, "totaaloordeel")
    positive_label = _positive_label(scale)
    frame = _org_frame(
        cb,
        t,
        {
            "Gemiddelde (95%-BI)": _fmt_est(t, "mean", "ci_low", "ci_high", decimals=1),
            f"% {positive_label} (95%-BI)": _fmt_est(
                t, "pct", "pct_ci_low", "pct_ci_high", decimals=0, suffix="%"
            ),
        },
    )
    sec.table(_styled(frame, protected.footnotes), "Totaaloordeel (1 = heel slecht, 5 = heel goed)")
    from helpers.report._descriptives_plots import bar_chart, diverging_bars

    labels = _org_labels(cb)
    sec.figure(
        bar_chart(
            protected,
            "mean",
            row_labels=labels,
            xlim=(1, 5),
            xlabel="Gemiddeld oordeel (1-5) met 95%-betrouwbaarheidsinterval",
            title="Totaaloordeel per organisatie",
        ),
        "Staafdiagram van het gemiddelde totaaloordeel per organisatie met interval",
    )
    sec.figure(
        diverging_bars(
            dist,
            _category_labels(scale),
            row_labels=labels,
            title="Verdeling van het totaaloordeel",
        ),
        "Gestapelde staven van de verdeling van het totaaloordeel per organisatie",
    )
    sec.key_figures = {
        "mean_totaaloordeel": _org_figures(t, "mean", pct_positive="pct"),
    }
    return sec


def aspects(data: WaveData) -> Section:
    """% positive per aspect and organisation with Wilson intervals, in the report's order."""
    sec = Section("aspecten")
    cb = data.codebook
    order_items = cb.aspects(data.target_group, data.version)
    ratings = data.ratings[data.ratings["item"].isin(order_items)]
    if ratings["value"].notna().sum() == 0:
        sec.text("Er zijn in deze golf geen aspecten beoordeeld.")
        return sec
    orgs = [o for o in _organisations(data) if o in set(ratings["organisation"])]
    table = summarise_ratings(
        ratings,
        data.respondents,
        ["organisation", "item"],
        "pct_positive",
        order={"organisation": orgs, "item": order_items},
    )
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    scale = _scale_of(data, order_items[0])
    positive = _positive_label(scale)
    wide = _pct_by_item_and_org(t, cb, order_items, orgs, corner="Aspect")
    sec.table(
        _styled(wide, protected.footnotes),
        f"% {positive} per aspect (95%-BI, Wilson op effectieve n)",
    )
    from helpers.report._descriptives_plots import pct_positive_chart

    sec.figure(
        pct_positive_chart(
            protected,
            aspect_labels=_item_labels(cb, order_items),
            group_labels=_org_labels(cb),
            xlabel=f"% {positive}",
            title="Oordeel over de aspecten van de dienstverlening",
        ),
        "Puntdiagram van het percentage positief per aspect en organisatie",
    )
    sec.key_figures = {
        "pct_positive": {
            org: {
                row["item"]: _num(row["pct"])
                for row in t[t["organisation"] == org].to_dict("records")
            }
            for org in orgs
        }
    }
    return sec


def contact(data: WaveData) -> Section:
    """How often respondents had contact with each organisation, through which channels."""
    sec = Section("contact")
    cb = data.codebook
    variables = _variables(data)
    freq = [v for v in variables if v.block in ("contact_frequency", "contact_12m")]
    channels = [v for v in variables if v.block == "channels"]
    website = [v for v in variables if v.block == "website"]
    from helpers.report._descriptives_plots import pct_positive_chart, stacked_bars

    labels = _org_labels(cb)
    titles = {
        "contact_frequency": "Hoe vaak had men contact met de organisatie?",
        "contact_12m": "Contact met de organisatie in de afgelopen 12 maanden",
        "website": "Website van de organisatie bekeken",
    }
    for block in (freq, website):
        if not block or not _answered(data.respondents, block):
            continue
        title = titles[block[0].block]
        scale = block[0].scale
        cats = list(scale.substantive_codes)
        long = _long(data.respondents, {v.name: (v.organisation, v.name) for v in block})
        table = summarise_ratings(
            long,
            data.respondents,
            ["organisation"],
            "distribution",
            categories=cats,
            order={"organisation": _organisations(data)},
        )
        protected = _protect(data, table, secondary=False)
        sec.protected.append(protected)
        t = protected.table
        frame = _org_frame(cb, t)
        for c in cats:
            frame[scale.label(c)] = _fmt_est(t, f"pct_{c}", decimals=0, suffix="%")
        sec.table(_styled(frame, protected.footnotes), title)
        # the last answer is "none" (geen contact, nee, nooit): grey, the others a blue ramp
        ramp = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"][-(len(cats) - 1) :]
        colours = [*ramp, "#d9d9d9"] if len(cats) <= 5 else None
        sec.figure(
            stacked_bars(
                protected,
                cats,
                [scale.label(c) for c in cats],
                row_labels=labels,
                title=title,
                colours=colours,
            ),
            f"Gestapelde staven: {title.lower()} per organisatie",
        )
    if channels and _answered(data.respondents, channels):
        items = list(dict.fromkeys(v.item for v in channels))
        long = _long(data.respondents, {v.name: (v.organisation, v.item) for v in channels})
        orgs = [o for o in _organisations(data) if o in set(long["organisation"])]
        table = summarise_ratings(
            long,
            data.respondents,
            ["organisation", "item"],
            "pct_positive",
            threshold=1,
            order={"organisation": orgs, "item": items},
        )
        protected = _protect(data, table, secondary=False)
        sec.protected.append(protected)
        t = protected.table
        wide = _pct_by_item_and_org(t, cb, items, orgs, corner="Kanaal")
        sec.table(
            _styled(wide, protected.footnotes),
            "Kanalen van het contact (meer antwoorden mogelijk; basis: had contact)",
        )
        sec.figure(
            pct_positive_chart(
                protected,
                aspect_labels=_item_labels(cb, items),
                group_labels=labels,
                xlabel="% dat dit kanaal gebruikte",
                title="Kanalen van het contact",
            ),
            "Puntdiagram van het gebruik van de kanalen per organisatie",
        )
    if not sec.parts:
        sec.text("Er zijn in deze golf geen vragen over contact beantwoord.")
    return sec


def knowledge(data: WaveData) -> Section:
    """Knowledge of who does what (asylum seekers): % correct, "weet niet" counted as wrong."""
    questions = [v for v in _variables(data) if v.correct is not None]
    if not questions:
        return Section("kennis", applicable=False)
    sec = Section("kennis")
    resp = data.respondents
    cols = {
        f"{v.name}_correct": ("keten", v.name)
        for v in questions
        if f"{v.name}_correct" in resp.columns
    }
    long = _long(resp, cols)
    if long["value"].notna().sum() == 0:
        sec.text("Deze vragen zijn in deze golf niet beantwoord.")
        return sec
    names = [v.name for v in questions]
    table = summarise_ratings(long, resp, ["item"], "pct_positive", threshold=1, order=names)
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    by_name = {v.name: v for v in questions}
    scale = questions[0].scale
    frame = pd.DataFrame(
        {
            "Vraag": [by_name[i].question_nl for i in t["item"]],
            "Juiste antwoord": [scale.label(by_name[i].correct) for i in t["item"]],
            "n": _fmt_n(t),
            "% juist (95%-BI)": _fmt_est(t, "pct", "ci_low", "ci_high", decimals=0, suffix="%"),
        }
    )
    sec.table(
        _styled(frame, protected.footnotes, left=2),
        "Weet men welke organisatie wat doet? ('weet niet' telt als niet juist)",
    )
    from helpers.report._descriptives_plots import bar_chart

    sec.figure(
        bar_chart(
            protected,
            "pct",
            label_cols="item",
            row_labels={v.name: v.label_nl for v in questions},
            xlabel="% juist antwoord (95%-BI)",
            title="Kennis van de taakverdeling",
        ),
        "Staafdiagram van het percentage juiste antwoorden per kennisvraag",
    )
    sec.key_figures = {"pct_knows": {row["item"]: _num(row["pct"]) for row in t.to_dict("records")}}
    return sec


def specific_questions(data: WaveData) -> Section:
    """The questions about the COA (introduction) and DT&V (personal situation, information)."""
    questions = [v for v in _variables(data) if v.name in SPECIFIC_QUESTIONS]
    questions = [v for v in questions if v.name in data.respondents.columns]
    if not questions:
        return Section("coa_dtv", applicable=False)
    sec = Section("coa_dtv")
    resp = data.respondents
    if not _answered(resp, questions):
        sec.text("Deze vragen zijn in deze golf niet beantwoord.")
        return sec
    names = [v.name for v in questions]
    long = _long(resp, {v.name: ("-", v.name) for v in questions})
    dist = summarise_ratings(long, resp, ["item"], "distribution", order=names)
    pos = summarise_ratings(long, resp, ["item"], "pct_positive", order=names)
    dk = _dont_know_table(resp, names)
    table = dist.merge(pos[["item", "pct", "ci_low", "ci_high"]], on="item").merge(
        dk, on="item", how="left"
    )
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    by_name = {v.name: v for v in questions}
    answers = []
    for row in t.to_dict("records"):
        if row["suppressed"]:
            answers.append(SUPPRESSED_MARK)
            continue
        scale = by_name[row["item"]].scale
        answers.append(
            " · ".join(
                f"{scale.value_labels()[c]} {format_number(row[f'pct_{c}'], 0)}%"
                for c in (5, 4, 3, 2, 1)
            )
        )
    frame = pd.DataFrame(
        {
            "Vraag": [by_name[i].question_nl for i in t["item"]],
            "n": _fmt_n(t),
            "Antwoorden": answers,
            "% positief (95%-BI)": _fmt_est(t, "pct", "ci_low", "ci_high", decimals=0, suffix="%"),
            "% weet niet": _fmt_est(t, "pct_dont_know", decimals=0, suffix="%"),
        }
    )
    sec.table(
        _styled(frame, protected.footnotes, left=3),
        "Vragen over het COA en de DT&V (verdeling zonder 'weet niet')",
    )
    from helpers.report._descriptives_plots import diverging_bars

    by_scale: dict[str, list[str]] = {}
    for v in questions:
        by_scale.setdefault(v.scale.name, []).append(v.name)
    for names_of_scale in by_scale.values():
        part = t[t["item"].isin(names_of_scale)].reset_index(drop=True)
        part.attrs = dict(t.attrs)
        scale = by_name[names_of_scale[0]].scale
        fig = diverging_bars(
            part,
            _category_labels(scale),
            label_cols="item",
            row_labels={n: by_name[n].label_nl for n in names_of_scale},
        )
        sec.figure(
            fig,
            "Verdeling van de antwoorden op "
            + ", ".join(by_name[n].label_nl for n in names_of_scale),
        )
    return sec


def word_of_mouth(data: WaveData) -> Section:
    """How asylum seekers talk about each organisation with friends and family."""
    cb = data.codebook
    block = _block_variables(data, "word_of_mouth")
    if not block:
        return Section("mond_tot_mond", applicable=False)
    sec = Section("mond_tot_mond")
    resp = data.respondents
    if not _answered(resp, block):
        sec.text("Deze vraag is in deze golf niet beantwoord.")
        return sec
    scale = block[0].scale
    cats = list(scale.substantive_codes)  # 1 heel positief .. 5 heel negatief, 6 nooit
    long = _long(resp, {v.name: (v.organisation, "mond_tot_mond") for v in block})
    orgs = [o for o in _organisations(data) if o in set(long["organisation"])]
    order = {"organisation": orgs}
    dist = summarise_ratings(
        long, resp, ["organisation"], "distribution", categories=cats, order=order
    )
    positive = long.assign(
        value=np.where(long["value"].isna(), np.nan, long["value"].isin([1, 2]).astype(float))
    )
    pos = summarise_ratings(
        positive, resp, ["organisation"], "pct_positive", threshold=1, order=order
    )
    table = dist.merge(pos[["organisation", "pct", "ci_low", "ci_high"]], on="organisation")
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    frame = _org_frame(
        cb,
        t,
        {
            "% (heel) positief (95%-BI)": _fmt_est(
                t, "pct", "ci_low", "ci_high", decimals=0, suffix="%"
            ),
        },
    )
    for c in cats:
        frame[scale.label(c)] = _fmt_est(t, f"pct_{c}", decimals=0, suffix="%")
    sec.table(
        _styled(frame, protected.footnotes),
        "Hoe praat u met vrienden of familie over de organisatie?",
    )
    from helpers.report._descriptives_plots import DIVERGING_5, stacked_bars

    colours = [*DIVERGING_5[::-1], "#f0f0f0"][: len(cats)]
    sec.figure(
        stacked_bars(
            protected,
            cats,
            [scale.label(c) for c in cats],
            row_labels=_org_labels(cb),
            colours=colours,
            title="Hoe praat men over de organisatie met vrienden of familie?",
        ),
        "Gestapelde staven van mond-tot-mondreclame per organisatie",
    )
    sec.key_figures = {
        "pct_word_of_mouth_positive": {
            row["organisation"]: _num(row["pct"]) for row in t.to_dict("records")
        }
    }
    return sec


def cooperation(data: WaveData) -> Section:
    """Partners' statements about the cooperation in the chain, inside vs outside the chain."""
    cb = data.codebook
    block = _block_variables(data, "cooperation")
    if not block:
        return Section("samenwerking", applicable=False)
    sec = Section("samenwerking")
    resp = data.respondents
    if not _answered(resp, block):
        sec.text("Deze stellingen zijn in deze golf niet beantwoord.")
        return sec
    items = [v.item for v in block]
    # agreement with "weet niet" in the base, as the pilot reports it (n = all partners)
    cols = {}
    long_parts = []
    for v in block:
        value = resp[v.name].to_numpy(dtype=float)
        dk = resp.get(f"{v.name}_dont_know", pd.Series(False, index=resp.index)).to_numpy(bool)
        agree = np.where(np.isnan(value), np.where(dk, 0.0, np.nan), (value >= 4).astype(float))
        long_parts.append(
            pd.DataFrame(
                {
                    "respondent_id": resp["respondent_id"].to_numpy(),
                    "organisation": "keten",
                    "item": v.item,
                    "value": agree,
                }
            )
        )
        cols[v.item] = v
    long = pd.concat(long_parts, ignore_index=True)
    total = summarise_ratings(
        long, resp, ["organisation", "item"], "pct_positive", threshold=1, order=items
    )
    total.insert(2, "positie", "totaal")
    parts = [_protect(data, total, secondary=False)]
    groups = []
    if "positie" in resp.columns and resp["positie"].notna().any():
        groups = _category_order(resp["positie"], "positie", cb)
        by_pos = summarise_ratings(
            long,
            resp,
            ["organisation", "item", "positie"],
            "pct_positive",
            threshold=1,
            order={"item": items, "positie": groups},
        )
        by_pos = _with_remainder(by_pos, long, ["organisation", "item"], "positie")
        parts.append(_protect(data, by_pos, group_cols=["item"], hidden=REMAINDER_FLAG))
    protected = concat_protected(parts)
    sec.protected.append(protected)
    t = protected.table
    columns = ["totaal", *groups]
    cells = _fmt_est(t, "pct", "ci_low", "ci_high", decimals=0, suffix="%")
    wide = _pivot(
        t,
        cells,
        "item",
        "positie",
        items,
        columns,
        row_label=lambda i: cb.label(i),
        col_label=lambda g: "totaal" if g == "totaal" else _category_label("positie", g, cb),
        corner="Stelling",
    )
    comparison = pd.DataFrame()
    if len(groups) == 2:
        shown = parts[1].table[~parts[1].table["suppressed"]]
        comparison = compare_groups(
            long,
            resp,
            "positie",
            "pct_positive",
            threshold=1,
            by=["organisation", "item"],
            groups=groups,
            labels=GROUP_PHRASES["positie"],
            min_n=data.threshold,
            cells=shown,
            item_labels=_item_labels(cb, items),
            organisation_phrases={"keten": "de samenwerking"},
        )
        wide["Verschil binnen-buiten"] = _significance_column(
            comparison, items, "item", "positie", cb
        )
    sec.table(
        _styled(wide, protected.footnotes),
        "% (helemaal) eens met de stellingen (95%-BI; 'weet niet' in de basis)",
    )
    dk = _dont_know_table(resp, [v.name for v in block])
    dk_text = ", ".join(
        f"{cb.label(v.item)} {format_number(p, 0)}%"
        for v, p in zip(block, dk["pct_dont_know"], strict=True)
        if np.isfinite(p)
    )
    if dk_text and data.n >= data.threshold:
        sec.text(f"Aandeel 'weet niet': {dk_text}.")
    if not comparison.empty:
        sentences = [
            s.replace(
                "zijn vaker positief over de samenwerking wat betreft",
                "zijn het vaker eens met de stelling",
            ).replace(
                "zijn minder vaak positief over de samenwerking wat betreft",
                "zijn het minder vaak eens met de stelling",
            )
            for s in difference_sentences(
                comparison, between="medewerkers binnen en buiten de Kleine Keten"
            )
        ]
        sec.text(_bullets(sentences))
        sec.significant["positie (samenwerking)"] = int(comparison["significant"].sum())
    from helpers.report._descriptives_plots import pct_positive_chart

    sec.figure(
        pct_positive_chart(
            protected,
            aspect_col="item",
            group_col="positie",
            aspect_labels=_item_labels(cb, items),
            group_labels={"totaal": "alle ketenpartners", **CATEGORY_LABELS["positie"]},
            xlabel="% (helemaal) eens",
            title="Stellingen over de samenwerking",
        ),
        "Puntdiagram van de instemming met de stellingen over de samenwerking",
    )
    sec.key_figures = {
        "pct_cooperation_agree": {
            f"{row['item']}|{row['positie']}": _num(row["pct"]) for row in t.to_dict("records")
        }
    }
    return sec


def last_contact(data: WaveData) -> Section:
    """Partners' judgement of their last contact with each organisation."""
    cb = data.codebook
    ratings = data.ratings[data.ratings["item"] == "laatste_contact"]
    if not cb.rating_variables(data.target_group, data.version, "laatste_contact"):
        return Section("laatste_contact", applicable=False)
    sec = Section("laatste_contact")
    if ratings["value"].notna().sum() == 0:
        sec.text("Er zijn in deze golf geen oordelen over het laatste contact gegeven.")
        return sec
    orgs = [o for o in _organisations(data) if o in set(ratings["organisation"])]
    order = {"organisation": orgs}
    mean = summarise_ratings(ratings, data.respondents, ["organisation"], "mean", order=order)
    protected = _protect(data, mean, secondary=False)
    dist = _protected_distribution(data, ratings, order)
    sec.protected += [protected, dist]
    t = protected.table
    frame = _org_frame(
        cb,
        t,
        {
            "Gemiddelde (95%-BI)": _fmt_est(t, "mean", "ci_low", "ci_high", decimals=1),
        },
    )
    sec.table(
        _styled(frame, protected.footnotes),
        "Oordeel over het laatste contact (1 = heel slecht, 5 = heel goed)",
    )
    from helpers.report._descriptives_plots import diverging_bars

    sec.figure(
        diverging_bars(
            dist,
            _category_labels(_scale_of(data, "laatste_contact")),
            row_labels=_org_labels(cb),
            title="Oordeel over het laatste contact",
        ),
        "Gestapelde staven van het oordeel over het laatste contact per organisatie",
    )
    sec.key_figures = {
        "laatste_contact": {row["organisation"]: _num(row["mean"]) for row in t.to_dict("records")}
    }
    return sec


def nps(data: WaveData) -> Section:
    """Net Promoter Score per organisation with its interval and the three-way split."""
    cb = data.codebook
    if not cb.rating_variables(data.target_group, data.version, "nps"):
        return Section("nps", applicable=False)
    sec = Section("nps")
    ratings = data.ratings[data.ratings["item"] == "nps"]
    if ratings["value"].notna().sum() == 0:
        sec.text("De aanbevelingsvraag is in deze golf niet beantwoord.")
        return sec
    orgs = [o for o in _organisations(data) if o in set(ratings["organisation"])]
    table = summarise_ratings(
        ratings, data.respondents, ["organisation"], "nps", order={"organisation": orgs}
    )
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    frame = _org_frame(
        cb,
        t,
        {
            "NPS (95%-BI)": _fmt_est(t, "nps", "ci_low", "ci_high", decimals=0),
            "% criticasters (0-6)": _fmt_est(t, "pct_detractors", decimals=0, suffix="%"),
            "% passief (7-8)": _fmt_est(t, "pct_passives", decimals=0, suffix="%"),
            "% promotors (9-10)": _fmt_est(t, "pct_promoters", decimals=0, suffix="%"),
        },
    )
    sec.table(_styled(frame, protected.footnotes), "Net Promoter Score (NPS) per organisatie")
    from helpers.report._descriptives_plots import nps_chart

    sec.figure(
        nps_chart(protected, row_labels=_org_labels(cb), title="Aanbevelen bij een collega (NPS)"),
        "Gestapelde staven van criticasters, passief tevredenen en promotors met de NPS",
    )
    sec.key_figures = {"nps": _org_figures(t, "nps")}
    return sec


def subgroups(data: WaveData) -> Section:
    """Subgroup comparisons per background variable, Holm-corrected, marked and in words."""
    sec = Section("subgroepen")
    cb = data.codebook
    resp = data.respondents
    orgs = _organisations(data)
    aspect_items = cb.aspects(data.target_group, data.version)
    mean_items = [i for i in MEAN_ITEMS if i in set(data.ratings["item"])]
    has_nps = "nps" in set(data.ratings["item"])
    for var in SUBGROUPS[data.target_group]:
        if var not in resp.columns:
            continue
        label = VARIABLE_LABELS.get(var, var)
        sec.text(f"### {label[:1].upper()}{label[1:]}")
        groups = _category_order(resp[var], var, cb)
        if len(groups) < 2:
            sec.text(
                f"Alle respondenten (met een bekende {label}) vallen in één groep van ten "
                f"minste {data.threshold} respondenten: er valt niets te vergelijken."
            )
            continue
        phrases = _group_phrases(var, groups, cb)
        specs = [("mean", mean_items, "Gemiddelde"), ("pct_positive", aspect_items, "% positief")]
        if has_nps:
            specs.append(("nps", ["nps"], "NPS"))
        comparisons = []
        for measure, items, measure_label in specs:
            ratings = data.ratings[data.ratings["item"].isin(items)]
            if ratings["value"].notna().sum() == 0:
                continue
            order = {"organisation": orgs, "item": items, var: groups}
            table = summarise_ratings(
                ratings, resp, ["organisation", "item", var], measure, order=order
            )
            table = table[table[var].isin(groups)].reset_index(drop=True)
            present = [g for g in groups if g in set(table[var])]
            table = _with_remainder(table, ratings, ["organisation", "item"], var)
            protected = _protect(
                data, table, group_cols=["organisation", "item"], hidden=REMAINDER_FLAG
            )
            sec.protected.append(protected)
            t = protected.table
            shown = t[~t["suppressed"]]
            comparison = (
                compare_groups(
                    ratings,
                    resp,
                    var,
                    measure,
                    by=["organisation", "item"],
                    groups=present,
                    labels=phrases,
                    order=order,
                    min_n=data.threshold,
                    cells=shown,
                    item_labels=_item_labels(cb, items),
                    organisation_phrases=_org_phrases(),
                )
                if len(present) > 1
                else pd.DataFrame()
            )
            comparisons.append(comparison)
            est = {"mean": "mean", "pct_positive": "pct", "nps": "nps"}[measure]
            cells = _fmt_est(
                t,
                est,
                decimals=1 if measure == "mean" else 0,
                suffix="%" if measure == "pct_positive" else "",
                with_n=True,
            )
            rows = list(dict.fromkeys(zip(t["organisation"], t["item"], strict=True)))
            wide = _pivot(
                t,
                cells,
                ("organisation", "item"),
                var,
                rows,
                present,
                row_label=lambda r: f"{_org_label(cb, r[0])} · {cb.label(r[1])}",
                col_label=lambda g, v=var: _category_label(v, g, cb),
                corner="Organisatie · onderwerp",
            )
            wide["Significante verschillen"] = _significance_column(
                comparison, rows, ("organisation", "item"), var, cb
            )
            sec.table(
                _styled(wide, protected.footnotes, left=1, left_last=True),
                f"{measure_label} naar {label} (n per cel)",
            )
            if measure == "mean" and "totaaloordeel" in items and len(present) <= 4:
                _subgroup_chart(sec, protected, var, cb)  # more groups: the table reads better
        done = [c for c in comparisons if not c.empty]
        allc = pd.concat(done, ignore_index=True) if done else pd.DataFrame()
        n_sig = int(allc["significant"].sum()) if not allc.empty else 0
        sec.significant[var] = n_sig
        if allc.empty:
            sec.text(
                difference_sentences(
                    pd.DataFrame(columns=["label_a", "label_b", "significant", "sentence"])
                )[0]
            )
            continue
        sentences = difference_sentences(allc, between=f"de groepen naar {label}")
        if len(sentences) > MAX_SENTENCES:
            rest = len(sentences) - MAX_SENTENCES
            sentences = sentences[:MAX_SENTENCES] + [
                f"En nog {rest} significante verschillen (zie de tabellen)."
            ]
        sec.text(_bullets(sentences))
    sec.key_figures = {
        "n_significant_differences": int(sum(sec.significant.values())),
        "significant_differences_by_variable": dict(sec.significant),
    }
    return sec


def mirror(data: WaveData) -> Section:
    """Mirror study: what staff expect asylum seekers to say against what they said."""
    cb = data.codebook
    names = {v.name for v in _variables(data)}
    if "spiegel_oordeel_eigen" not in names:
        return Section("spiegel", applicable=False)
    sec = Section("spiegel")
    resp = data.respondents
    staff = resp[resp["werkgever"].isin(["IND", "COA", "DTV"])] if "werkgever" in resp else resp[:0]
    az = data.others.get("asielzoekers")
    if staff.empty or staff["spiegel_oordeel_eigen"].notna().sum() == 0:
        sec.text(
            "In deze golf hebben geen medewerkers van IND, COA of DT&V de spiegelvragen beantwoord."
        )
        return sec
    if az is None or az[0].empty:
        sec.text(
            "In deze golf zijn er geen antwoorden van asielzoekers: het spiegelonderzoek "
            "kan niet worden gemaakt."
        )
        return sec
    az_resp, az_rat = az
    aspect_items = [
        a
        for a in cb.aspects("asielzoekers", data.version)
        if f"spiegel_positief_{a}" in resp.columns or f"spiegel_negatief_{a}" in resp.columns
    ]
    orgs = ["IND", "COA", "DTV"]
    # expected: staff about their own organisation (and about the chain)
    exp_parts = []
    own = pd.DataFrame(
        {
            "respondent_id": staff["respondent_id"].to_numpy(),
            "organisation": staff["werkgever"].astype(str).to_numpy(),
            "item": "totaaloordeel",
            "value": staff["spiegel_oordeel_eigen"].to_numpy(float),
        }
    )
    exp_parts.append(("positief", own, 4))
    if "spiegel_oordeel_keten" in staff.columns:
        exp_parts.append(
            (
                "positief",
                pd.DataFrame(
                    {
                        "respondent_id": staff["respondent_id"].to_numpy(),
                        "organisation": "keten",
                        "item": "totaaloordeel",
                        "value": staff["spiegel_oordeel_keten"].to_numpy(float),
                    }
                ),
                4,
            )
        )
    employer = staff["werkgever"].astype(str).to_numpy()
    for kind in ("positief", "negatief"):
        long = pd.concat(
            [
                pd.DataFrame(
                    {
                        "respondent_id": staff["respondent_id"].to_numpy(),
                        "organisation": employer,
                        "item": a,
                        "value": _as_float(staff[f"spiegel_{kind}_{a}"]),
                    }
                )
                for a in aspect_items
                if f"spiegel_{kind}_{a}" in staff.columns
            ],
            ignore_index=True,
        )
        exp_parts.append((kind, long, 1))
    expected = []
    for kind, long, threshold in exp_parts:
        t = summarise_ratings(
            long,
            staff,
            ["organisation", "item"],
            "pct_positive",
            threshold=threshold,
            order={"organisation": [*orgs, "keten"]},
        )
        t.insert(0, "kind", kind)
        expected.append(t)
    expected = pd.concat(expected, ignore_index=True)
    expected.insert(1, "target_group", "ketenpartners")
    # experienced: the asylum seekers of the same wave
    items = ["totaaloordeel", *aspect_items]
    rat = az_rat[az_rat["item"].isin(items) & az_rat["organisation"].isin([*orgs, "keten"])]
    exp_pos = summarise_ratings(rat, az_resp, ["organisation", "item"], "pct_positive")
    exp_pos.insert(0, "kind", "positief")
    negative = rat[rat["item"] != "totaaloordeel"].assign(value=lambda d: 6 - d["value"])
    exp_neg = summarise_ratings(negative, az_resp, ["organisation", "item"], "pct_positive")
    exp_neg.insert(0, "kind", "negatief")
    experienced = pd.concat([exp_pos, exp_neg], ignore_index=True)
    experienced.insert(1, "target_group", "asielzoekers")
    # staff rows: the employers' categories add up to the staff shown elsewhere: secondary
    p_staff = _protect(data, expected, group_cols=["kind", "item"])
    p_az = _protect(data, experienced, secondary=False)
    protected = concat_protected([p_staff, p_az])
    sec.protected.append(protected)
    t = protected.table
    order_items = {"item": items, "organisation": [*orgs, "keten"]}
    gaps = _mirror_gaps(t, cb, order_items)
    sec.table(
        _styled(gaps["frame"], protected.footnotes, left=3),
        "Verwacht door medewerkers tegenover ervaren door asielzoekers (zelfde golf)",
    )
    sec.text(_bullets(gaps["sentences"]))
    from helpers.report._descriptives_plots import mirror_chart

    labels = {"totaaloordeel": "totaaloordeel: (heel) goed", **_item_labels(cb, aspect_items)}
    for kind, title in (
        ("positief", "Positief: verwacht en ervaren"),
        ("negatief", "Negatief: verwacht en ervaren"),
    ):
        part = t[(t["kind"] == kind) & t["organisation"].isin(orgs)].reset_index(drop=True)
        part = _sort(part, ["item"], {"item": items})
        part.attrs = dict(t.attrs)
        if part.empty:
            continue
        sec.figure(
            mirror_chart(
                part,
                aspect_labels=labels,
                group_labels=_org_labels(cb),
                side_labels=("Verwachting medewerkers", "Ervaring asielzoekers"),
                xlabel="%",
                title=title,
            ),
            f"Halterdiagram: {title.lower()} per organisatie en aspect",
        )
    sec.key_figures = {"mirror_totaaloordeel": gaps["key_figures"]}
    return sec


def open_answers(data: WaveData) -> Section:
    """Asylum seekers' advice to each organisation, scrubbed, only for groups large enough."""
    block = [v for v in _variables(data) if v.open_text and v.name in data.respondents.columns]
    if not block:
        return Section("open_antwoorden", applicable=False)
    sec = Section("open_antwoorden")
    from helpers.privacy import KINDS, open_answers_for_report, scrub_counts

    resp = data.respondents
    frames = []
    for v in block:
        answered = resp[v.name].notna() & (resp[v.name].astype(str).str.strip() != "")
        frames.append(
            pd.DataFrame(
                {
                    "organisation": v.organisation,
                    "antwoord": resp.loc[answered, v.name].astype(str).to_numpy(),
                }
            )
        )
    long = pd.concat(frames, ignore_index=True)
    orgs = [v.organisation for v in block]
    shown = open_answers_for_report(
        long, "antwoord", "organisation", data.threshold, order=orgs, redact=data.hidden_terms
    )
    counts = scrub_counts(long["antwoord"])
    replaced = ", ".join(f"{int(counts[k])} × {k}" for k in KINDS if counts[k] > 0)
    sec.text(
        "Persoonsgegevens (namen, V-nummers, telefoonnummers, adressen, data, opvanglocaties) "
        "zijn vervangen door een aanduiding tussen blokhaken"
        + (f" ({replaced})" if replaced else "")
        + "; namen van nationaliteiten en azc's die te "
        "klein zijn om te tonen zijn ook weggelaten. Lees de antwoorden vóór publicatie na."
    )
    for org in orgs:
        answers = shown[shown["organisation"] == org]
        n_answers = int((long["organisation"] == org).sum())
        question = next(v.question_nl for v in block if v.organisation == org)
        if answers.empty:
            sec.text(
                f"**{question}** Minder dan {data.threshold} antwoorden (of geen inhoudelijke "
                "antwoorden): niet getoond."
            )
            continue
        counted = (
            answers.groupby("antwoord", sort=False)
            .size()
            .rename("aantal")
            .reset_index()
            .sort_values(["aantal", "antwoord"], ascending=[False, True], kind="stable")
        )
        table = pd.DataFrame(
            {"answer": counted["antwoord"].to_numpy(), "n": counted["aantal"].to_numpy()}
        )
        # the group has >= threshold answers (open_answers_for_report): the gate passes all
        protected = _protect(
            data, table.assign(base=n_answers), base_col="base", value_cols=[], secondary=False
        )
        shown_rows = protected.table[~protected.table["suppressed"]]
        frame = pd.DataFrame(
            {
                "Antwoord": shown_rows["answer"].to_numpy(),
                "Aantal keer": shown_rows["n"].astype(str).to_numpy(),
            }
        )
        sec.table(_styled(frame, (), left=1), f"{question} ({n_answers} antwoorden)")
    sec.key_figures = {"open_answers_replacements": {k: int(counts[k]) for k in KINDS}}
    return sec


#: The section functions in report order.
SECTIONS: tuple[Callable[[WaveData], Section], ...] = (
    overview,
    overall_judgement,
    aspects,
    contact,
    knowledge,
    specific_questions,
    word_of_mouth,
    cooperation,
    last_contact,
    nps,
    subgroups,
    mirror,
    open_answers,
)


# --------------------------------------------------------------------------------------------
# showing and key figures
# --------------------------------------------------------------------------------------------


def show(
    data: WaveData, section: Section, heading: str | None = None, intro: str | None = None
) -> None:
    """Display a section in the notebook (heading and intro only when it applies).

    A section that does not apply to the target group shows nothing at all (not its heading),
    so the report has no empty chapters. The section's protected tables are registered for
    :func:`key_figures`.
    """
    from IPython.display import Markdown, display

    from helpers.report._display import show_figure

    if not section.applicable:
        return
    data.shown.append(section)
    if heading:
        display(Markdown(f"{heading}\n\n{intro or ''}"))
    for kind, obj, extra in section.parts:
        if kind == "text":
            display(Markdown(obj))
        elif kind == "table":
            if extra:
                display(Markdown(f"**{extra}**"))
            display(obj)
        else:
            show_figure(obj, extra)


def key_figures(data: WaveData) -> dict:
    """The report's key figures, from the sections that :func:`show` displayed.

    Returns
    -------
    dict
        ``wave``, ``target_group``, ``questionnaire_version``, ``n``, ``n_by_target_group``,
        ``mean_totaaloordeel`` (per organisation: ``n``, ``mean``, ``ci_low``, ``ci_high``,
        ``pct_positive``), ``pct_positive`` (organisation -> aspect -> %), ``nps`` (partners),
        ``n_suppressed_cells`` (and ``n_primary_suppressed``, ``n_secondary_suppressed``),
        ``n_significant_differences`` (and per variable), ``shown_categories`` (the nationality
        and azc names that were shown) and the other sections' figures. Suppressed cells are
        ``None``.
    """
    out: dict[str, Any] = {
        "wave": data.wave,
        "target_group": data.target_group,
        "questionnaire_version": data.version,
        "n": data.n,
        "n_by_target_group": dict(data.n_by_target_group),
        "disclosure_threshold": data.threshold,
        "indicative_below": data.indicative_below,
        "shown_categories": {k: list(v) for k, v in data.shown_categories.items()},
        "sections": [s.key for s in data.shown],
    }
    significant: dict[str, int] = {}
    protected = [p for s in data.shown for p in s.protected]
    for s in data.shown:
        out.update(s.key_figures)
        significant.update(s.significant)
    out["n_suppressed_cells"] = int(sum(p.n_suppressed for p in protected))
    out["n_primary_suppressed"] = int(sum(p.n_primary for p in protected))
    out["n_secondary_suppressed"] = int(sum(p.n_secondary for p in protected))
    out["n_indicative_cells"] = int(sum(p.n_indicative for p in protected))
    out["n_significant_differences"] = int(sum(significant.values()))
    out["significant_differences_by_variable"] = significant
    return out


# --------------------------------------------------------------------------------------------
# internals: data
# --------------------------------------------------------------------------------------------


def _protect(data: WaveData, table: pd.DataFrame, **kwargs) -> ProtectedTable:
    return protect_table(
        table, threshold=data.threshold, indicative_below=data.indicative_below, **kwargs
    )


def _protected_distribution(
    data: WaveData, ratings: pd.DataFrame, order: Mapping
) -> ProtectedTable:
    """The protected answer distribution of ``ratings`` per organisation."""
    table = summarise_ratings(
        ratings, data.respondents, ["organisation"], "distribution", order=order
    )
    return _protect(data, table, secondary=False)


def _org_frame(cb: Codebook, t: pd.DataFrame, columns: Mapping | None = None) -> pd.DataFrame:
    """A display table with the organisation, ``n`` and then ``columns``, one row per row of t."""
    return pd.DataFrame(
        {
            "Organisatie": [_org_label(cb, o) for o in t["organisation"]],
            "n": _fmt_n(t),
            **(columns or {}),
        }
    )


def _org_figures(t: pd.DataFrame, estimate: str, **extra: str) -> dict:
    """Key figures per organisation: ``n``, ``estimate`` with its interval, then each
    ``name=column`` of ``extra``."""
    return {
        row["organisation"]: {
            "n": _num(row["n"]),
            estimate: _num(row[estimate]),
            "ci_low": _num(row["ci_low"]),
            "ci_high": _num(row["ci_high"]),
            **{name: _num(row[col]) for name, col in extra.items()},
        }
        for row in t.to_dict("records")
    }


def _variables(data: WaveData) -> list[Variable]:
    return data.codebook.variables(data.target_group, data.version)


def _block_variables(data: WaveData, block: str) -> list[Variable]:
    """The variables of a questionnaire block that this wave's respondents table holds."""
    return [v for v in _variables(data) if v.block == block and v.name in data.respondents.columns]


def _organisations(data: WaveData) -> list[str]:
    return data.codebook.rated_organisations(data.target_group, data.version)


def _answered(resp: pd.DataFrame, variables: Sequence[Variable]) -> bool:
    cols = [v.name for v in variables if v.name in resp.columns]
    return bool(cols) and bool(resp[cols].notna().to_numpy().any())


def _as_float(series: pd.Series) -> np.ndarray:
    """Numbers or booleans (True 1, False 0) as floats; missing as NaN."""
    if pd.api.types.is_bool_dtype(series.dtype) or str(series.dtype) == "boolean":
        return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)


def _long(resp: pd.DataFrame, columns: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """Respondent columns as a long pseudo-ratings table (``organisation``, ``item``, ``value``)."""
    parts = []
    for col, (org, item) in columns.items():
        if col not in resp.columns:
            continue
        parts.append(
            pd.DataFrame(
                {
                    "respondent_id": resp["respondent_id"].to_numpy(),
                    "organisation": org,
                    "item": item,
                    "value": _as_float(resp[col]),
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            {
                "respondent_id": pd.Series([], dtype=object),
                "organisation": pd.Series([], dtype=object),
                "item": pd.Series([], dtype=object),
                "value": pd.Series([], dtype=float),
            }
        )
    return pd.concat(parts, ignore_index=True)


def _with_remainder(
    table: pd.DataFrame, ratings: pd.DataFrame, keys: list[str], var: str
) -> pd.DataFrame:
    """Add per set (``keys``) a never-shown row with the rest of the total's base.

    The total of a set (all valid answers, shown elsewhere in the report) minus the bases of the
    shown categories is the base of the respondents with an unknown or dropped category; it
    goes into :func:`helpers.privacy._disclosure.protect_table` as a ``hidden`` row so that a rest below
    the threshold cannot be computed by subtraction.
    """
    valid = ratings[ratings["value"].notna()]
    totals = valid.groupby(keys, sort=False).size()
    shown = table.groupby(keys, sort=False)["n"].sum()
    rest = totals.subtract(shown.reindex(totals.index, fill_value=0), fill_value=0)
    rest = rest[rest > 0]
    out = table.assign(**{REMAINDER_FLAG: False})
    if rest.empty:
        return out
    extra = rest.rename("n").reset_index()
    extra[var] = REMAINDER
    extra[REMAINDER_FLAG] = True
    return pd.concat([out, extra], ignore_index=True)


def _dont_know_table(resp: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Weighted % "weet niet" per variable among those who answered (incl. "weet niet")."""
    rows = []
    for name in names:
        dk_col = f"{name}_dont_know"
        dk = resp[dk_col].to_numpy(bool) if dk_col in resp.columns else np.zeros(len(resp), bool)
        answered = resp[name].notna().to_numpy() | dk if name in resp.columns else dk
        w = resp["weight"].to_numpy(float)
        base = w[answered].sum()
        rows.append(
            {
                "item": name,
                "pct_dont_know": 100 * w[dk & answered].sum() / base if base > 0 else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=["item", "pct_dont_know"])


def _category_order(series: pd.Series, var: str, cb: Codebook) -> list[str]:
    """Categories present in ``series``: codebook order, else by size; the pooled group last."""
    present = series.dropna().astype(str)
    counts = present.value_counts()
    scale = _background_scale(var, cb)
    if scale is not None and scale.values:
        order = [v for v in scale.values.values() if v in counts.index]
    elif var in CATEGORY_LABELS:
        order = [v for v in CATEGORY_LABELS[var] if v in counts.index]
    else:
        order = sorted(counts.index, key=lambda c: (-int(counts[c]), c))
    rest = sorted(c for c in counts.index if c not in order)
    order += rest
    if OTHER_LABEL in order:
        order = [c for c in order if c != OTHER_LABEL] + [OTHER_LABEL]
    return order


def _background_scale(var: str, cb: Codebook):
    for tg in cb.target_groups:
        for v in cb.variables(tg):
            if v.name == var:
                return v.scale
    return None


def _category_label(var: str, category: str, cb: Codebook) -> str:
    if category == OTHER_LABEL:
        return OTHER_LABEL
    if var in CATEGORY_LABELS and category in CATEGORY_LABELS[var]:
        return CATEGORY_LABELS[var][category]
    scale = _background_scale(var, cb)
    if scale is not None:
        for code, value in scale.values.items():
            if value == category:
                return scale.label(code)
    return str(category)


def _group_phrases(var: str, groups: Sequence[str], cb: Codebook) -> dict[str, str]:
    out = {}
    for g in groups:
        if var in GROUP_PHRASES and g in GROUP_PHRASES[var]:
            out[g] = GROUP_PHRASES[var][g]
        elif g == OTHER_LABEL:
            out[g] = {
                "nationaliteit": "asielzoekers met een andere nationaliteit (kleine groepen samen)",
                "azc": "asielzoekers in de overige (kleine) azc's",
            }.get(var, "de overige respondenten (kleine groepen samen)")
        elif var == "nationaliteit":
            out[g] = (
                "staatloze asielzoekers" if g.casefold() == "staatloos" else f"asielzoekers uit {g}"
            )
        elif var == "azc":
            out[g] = f"asielzoekers in azc {g}"
        else:
            out[g] = (
                f"respondenten met {VARIABLE_LABELS.get(var, var)} {_category_label(var, g, cb)}"
            )
    return out


def _scale_of(data: WaveData, item: str):
    variables = data.codebook.rating_variables(data.target_group, data.version, item)
    if not variables:
        variables = data.codebook.rating_variables(data.target_group, None, item)
    return variables[0].scale


def _positive_label(scale) -> str:
    labels = scale.value_labels()
    return f"{labels[5]} of {labels[4]}"


def _category_labels(scale) -> list[str]:
    labels = scale.value_labels()
    return [labels[c] for c in (1, 2, 3, 4, 5)]


def _org_label(cb: Codebook, org: str) -> str:
    return cb.label(org) if org in cb.organisations else str(org)


def _org_labels(cb: Codebook) -> dict[str, str]:
    return {o: cb.label(o) for o in cb.organisations}


def _org_phrases() -> dict[str, str]:
    return {"keten": "de Kleine Keten"}


def _item_labels(cb: Codebook, items: Sequence[str]) -> dict[str, str]:
    return {i: cb.label(i) for i in items}


def _org_header(cb: Codebook, org: str, table: pd.DataFrame) -> str:
    """Organisation column header with the range of the shown bases."""
    n = pd.to_numeric(
        table.loc[(table["organisation"] == org) & ~table["suppressed"], "n"], errors="coerce"
    ).dropna()
    if n.empty:
        return _org_label(cb, org)
    lo, hi = int(n.min()), int(n.max())
    return f"{_org_label(cb, org)} (n={lo})" if lo == hi else f"{_org_label(cb, org)} (n={lo}-{hi})"


def _sort(table: pd.DataFrame, by: Sequence[str], order: Mapping) -> pd.DataFrame:
    from helpers.stats import order_rows

    return order_rows(table, list(by), dict(order))


def _num(v) -> float | int | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return int(f) if isinstance(v, int | np.integer) else f


def _mirror_gaps(t: pd.DataFrame, cb: Codebook, order: Mapping) -> dict:
    """Gap table, sentences and key figures of the mirror study (from the protected table)."""
    staff = t[t["target_group"] == "ketenpartners"]
    az = t[t["target_group"] == "asielzoekers"]
    merged = staff.merge(
        az, on=["kind", "organisation", "item"], how="outer", suffixes=("_exp", "_az")
    )
    merged = _sort(
        merged,
        ["organisation", "kind", "item"],
        {
            "organisation": order["organisation"],
            "kind": ["positief", "negatief"],
            "item": order["item"],
        },
    )
    merged = merged[merged["suppressed_exp"].notna() & merged["suppressed_az"].notna()]
    both = ~merged["suppressed_exp"].astype(bool) & ~merged["suppressed_az"].astype(bool)
    gap = np.where(both, merged["pct_exp"].astype(float) - merged["pct_az"].astype(float), np.nan)
    # a test only for the overall judgement: the same question from both sides
    overall = (merged["item"] == "totaaloordeel").to_numpy() & both.to_numpy()
    z, p = two_proportion_ztest(
        merged["pct_exp"].astype(float) / 100,
        merged["n_eff_exp"],
        merged["pct_az"].astype(float) / 100,
        merged["n_eff_az"],
    )
    from helpers.stats import holm

    p = np.where(overall, p, np.nan)
    p_holm = holm(p)

    def cell(prefix: str) -> list[str]:
        part = pd.DataFrame(
            {
                "pct": merged[f"pct_{prefix}"].astype(float),
                "n": merged[f"n_{prefix}"],
                "suppressed": merged[f"suppressed_{prefix}"].astype(bool),
                "indicative": merged[f"indicative_{prefix}"].astype(bool),
            }
        )
        return _fmt_est(part, "pct", decimals=0, suffix="%", with_n=True)

    sig = np.where(np.isnan(p_holm), "", np.where(p_holm < 0.05, "ja", "nee"))
    frame = pd.DataFrame(
        {
            "Organisatie": [_org_label(cb, o) for o in merged["organisation"]],
            "Soort": merged["kind"].to_numpy(),
            "Onderwerp": [
                "totaaloordeel (heel) goed" if i == "totaaloordeel" else cb.label(i)
                for i in merged["item"]
            ],
            "Verwacht door medewerkers": cell("exp"),
            "Ervaren door asielzoekers": cell("az"),
            "Verschil (procentpunt)": [
                SUPPRESSED_MARK if np.isnan(g) else ("+" if g > 0 else "") + format_number(g, 0)
                for g in gap
            ],
            "Significant (Holm)": sig,
        }
    )
    sentences, figures = [], {}
    from helpers.stats import ORGANISATION_PHRASES

    for i, row in enumerate(merged.to_dict("records")):
        if row["item"] != "totaaloordeel" or row["kind"] != "positief":
            continue
        org = row["organisation"]
        if not both.iloc[i]:
            figures[org] = {"expected": None, "experienced": None, "gap": None}
            continue
        e, a = float(row["pct_exp"]), float(row["pct_az"])
        figures[org] = {"expected": e, "experienced": a, "gap": e - a, "p_holm": _num(p_holm[i])}
        who = (
            "medewerkers van de drie organisaties"
            if org == "keten"
            else f"medewerkers van {ORGANISATION_PHRASES.get(org, org)}"
        )
        about = (
            "de Kleine Keten als geheel" if org == "keten" else ORGANISATION_PHRASES.get(org, org)
        )
        verb = "onderschatten" if e < a else "overschatten"
        significance = (
            "het verschil is significant"
            if p_holm[i] < 0.05
            else "het verschil is niet significant"
        )
        sentences.append(
            f"{who[:1].upper()}{who[1:]} {verb} hoe positief asielzoekers over {about} oordelen: "
            f"verwacht {format_number(e, 0)}% (heel) goed, ervaren {format_number(a, 0)}% "
            f"({significance})."
        )
    if not sentences:
        sentences = ["Te weinig waarnemingen om verwachting en ervaring te vergelijken."]
    return {"frame": frame, "sentences": sentences, "key_figures": figures}


# --------------------------------------------------------------------------------------------
# internals: display
# --------------------------------------------------------------------------------------------


def _finite(v) -> bool:
    try:
        return v is not None and v is not pd.NA and math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _fmt_n(table: pd.DataFrame, base: str = "n") -> list[str]:
    return [
        SUPPRESSED_MARK if s else (format_number(n, 0) if _finite(n) else "")
        for n, s in zip(table[base], table["suppressed"], strict=True)
    ]


def _fmt_est(
    table: pd.DataFrame,
    est: str,
    lo: str | None = None,
    hi: str | None = None,
    *,
    decimals: int = 1,
    suffix: str = "",
    with_n: bool = False,
) -> list[str]:
    """Cells "estimate[suffix][*] (lo–hi)"; ``–`` for suppressed rows."""
    out = []
    for row in table.to_dict("records"):
        if row["suppressed"]:
            out.append(SUPPRESSED_MARK)
            continue
        v = row[est]
        if not _finite(v):
            out.append("")
            continue
        text = format_number(v, decimals) + suffix
        if row["indicative"]:
            text += INDICATIVE_MARK
        if lo and hi and _finite(row[lo]) and _finite(row[hi]):
            sep = " tot " if float(row[lo]) < 0 else "–"  # "-34 tot -18", not "-34–-18"
            text += f" ({format_number(row[lo], decimals)}{sep}{format_number(row[hi], decimals)})"
        if with_n and _finite(row.get("n")):
            text += f" (n={format_number(row['n'], 0)})"
        out.append(text)
    return out


def _pivot(
    table: pd.DataFrame,
    cells: list[str],
    index,
    column: str,
    rows: Sequence,
    columns: Sequence,
    *,
    row_label: Callable,
    col_label: Callable,
    corner: str,
) -> pd.DataFrame:
    """Formatted cells of a long protected table as a wide table (rows x columns)."""
    keys = (
        list(zip(*(table[c] for c in index), strict=True))
        if isinstance(index, tuple)
        else list(table[index])
    )
    lookup = {(k, c): cell for k, c, cell in zip(keys, table[column], cells, strict=True)}
    out = pd.DataFrame({corner: [row_label(r) for r in rows]})
    for c in columns:
        out[col_label(c)] = [lookup.get((r, c), "") for r in rows]
    return out


def _pct_by_item_and_org(
    t: pd.DataFrame, cb: Codebook, items: Sequence[str], orgs: Sequence[str], *, corner: str
) -> pd.DataFrame:
    """% positive with its interval, one row per item and one column per organisation."""
    cells = _fmt_est(t, "pct", "ci_low", "ci_high", decimals=0, suffix="%")
    return _pivot(
        t,
        cells,
        "item",
        "organisation",
        items,
        orgs,
        row_label=lambda i: cb.label(i),
        col_label=lambda o: _org_header(cb, o, t),
        corner=corner,
    )


def _significance_column(
    comparison: pd.DataFrame, rows: Sequence, index, var: str, cb: Codebook
) -> list[str]:
    """Per row, the significant pairs as "A > B" (display labels)."""
    if comparison is None or comparison.empty:
        return [""] * len(rows)
    sig = comparison[comparison["significant"]]
    found: dict[Any, list[str]] = {}
    for row in sig.to_dict("records"):
        key = tuple(row[c] for c in index) if isinstance(index, tuple) else row[index]
        a, b = _category_label(var, row["group_a"], cb), _category_label(var, row["group_b"], cb)
        text = f"{a} > {b}" if row["difference"] > 0 else f"{a} < {b}"
        found.setdefault(key, []).append(text)
    return ["; ".join(found.get(r, [])) for r in rows]


def _subgroup_chart(sec: Section, protected: ProtectedTable, var: str, cb: Codebook) -> None:
    from helpers.report._descriptives_plots import bar_chart

    t = protected.table
    part = t[t["item"] == "totaaloordeel"].reset_index(drop=True)
    part.attrs = dict(t.attrs)
    if part.empty:
        return
    labels = {**_org_labels(cb), **{g: _category_label(var, g, cb) for g in part[var].astype(str)}}
    title = f"Totaaloordeel naar {VARIABLE_LABELS.get(var, var)}"
    sec.figure(
        bar_chart(
            part,
            "mean",
            label_cols=["organisation", var],
            row_labels=labels,
            xlim=(1, 5),
            xlabel="Gemiddeld totaaloordeel (1-5) met 95%-BI",
            title=title,
        ),
        f"Staafdiagram: {title.lower()} per organisatie",
    )


def _bullets(sentences: Sequence[str]) -> str:
    return "\n".join(f"- {s}" for s in sentences)


def _styled(
    frame: pd.DataFrame, footnotes: Sequence[str], *, left: int = 1, left_last: bool = False
):
    """A Styler: no index, footnotes as caption below, numbers right-aligned."""
    frame = frame.reset_index(drop=True)
    frame.attrs = {"footnotes": list(footnotes)}
    styler = frame.style.hide(axis="index")
    caption = "<br>".join(footnotes)
    if caption:
        styler = styler.set_caption(caption)
    styler = styler.set_table_styles(
        [
            {
                "selector": "caption",
                "props": "caption-side: bottom; text-align: left; font-size: 0.85em;",
            },
            {"selector": "th", "props": "text-align: left;"},
        ]
    )
    right = list(frame.columns[left:])
    labels = list(frame.columns[:left])
    if left_last and right:
        labels.append(right.pop())
    if right:
        styler = styler.set_properties(subset=right, **{"text-align": "right"})
    if labels:
        styler = styler.set_properties(subset=labels, **{"text-align": "left"})
    return styler
