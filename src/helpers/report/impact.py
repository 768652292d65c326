"""The impact-analysis report (notebook ``03_impact_analysis``): data, analysis, texts, key figures.

The notebook calls this module once per section; everything it shows is computed here so that it
can be tested. :func:`run_impact` does the analysis of one organisation and target group:

* **Drivers.** For IND, COA and DT&V the aspects the codebook lists for the wave's questionnaire
  version and organisation (:meth:`helpers.codebook.Codebook.aspects`), intersected with the items
  present in the data (the 2018.1 questionnaire adds ``tolk`` for the asylum seekers' IND block).
  The outcome is the organisation's ``totaaloordeel``.
* **The whole chain** (``keten``, asylum seekers only). The questionnaire has no aspects of the
  chain itself, only its overall judgement. The drivers are the respondent's overall judgements of
  IND, COA and DT&V, the outcome the overall judgement of the chain: *which organisation drives the
  judgement of the chain?* Performance is then the % positive (or mean) of those judgements.
* **Analysis.** :func:`helpers.stats._importance.bootstrap_importance` with all five measures, the survey
  weights, the chosen missing-data strategy and ``bootstrap`` resamples;
  :func:`helpers.stats._importance.classify_quadrants` with the chosen measure as impact. With fewer than
  ``min_n`` usable respondents (or fewer than two drivers) the report stops on purpose
  (:func:`stop_if_too_small`), which the batch treats as success.

The notebook's ``performance`` parameter is ``pct_positive`` or ``mean`` (as
:func:`helpers.batch._runner.parameter_rules` lists them); :data:`PERFORMANCE_MEASURES` maps it to the
library's ``positive`` / ``mean``.

Examples
--------
>>> ratings, respondents = example_tables(n=300, seed=2)
>>> rep = run_impact(ratings, respondents, "asielzoekers", "IND", version="2017.1", bootstrap=100)
>>> rep.stopped is None, rep.n > 250, len(rep.drivers)
(True, True, 10)
>>> sorted(key_figures(rep))[:4]
['aspects', 'bootstrap', 'comparison', 'drivers']
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, load_codebook
from helpers.errors import InputError
from helpers.privacy import (
    DEFAULT_INDICATIVE_BELOW,
    DEFAULT_THRESHOLD,
    INDICATIVE_MARK,
    SUPPRESSED_MARK,
    format_number,
    protect_table,
)
from helpers.report._text import join_nl
from helpers.stats import INVESTEREN, NEGATIEF, ORGANISATION_PHRASES, POSITIEF, VASTHOUDEN
from helpers.stats import _importance as impact

#: Notebook parameter ``performance`` -> the ``performance`` argument of the impact library.
PERFORMANCE_MEASURES: dict[str, str] = {"pct_positive": "positive", "mean": "mean"}
#: The organisation code of the whole chain.
CHAIN = "keten"
#: The organisations whose overall judgements drive the judgement of the chain.
CHAIN_DRIVERS: tuple[str, ...] = ("IND", "COA", "DTV")
#: Level of every bootstrap interval in the report.
LEVEL = 0.95

METHOD_TEXT_NL = {
    "lmg": (
        "**LMG** (Lindeman, Merenda & Gold; ook bekend als de Shapley-waarde van R²): de toename "
        "van de verklaarde variantie (R²) wanneer een {subject} aan de regressie wordt toegevoegd, "
        "gemiddeld over alle volgordes waarin dat kan. De aandelen tellen op tot 100% van R², ook "
        "als de {subjects} onderling samenhangen."
    ),
    "rw": (
        "**relatieve gewichten** (Johnson 2000): een snelle benadering van LMG via een orthogonale "
        "rotatie van de {subjects}; de aandelen tellen op tot 100% van R²."
    ),
    "pratt": (
        "de **Pratt-maat** (gestandaardiseerde regressiecoëfficiënt maal correlatie): telt op tot "
        "R², maar kan negatief worden als {subjects} elkaars effect maskeren."
    ),
    "beta": (
        "de **gestandaardiseerde regressiecoëfficiënten (bèta)**. Hun aandeel in de som is geen "
        "aandeel in R² en hangt sterk af van de samenhang tussen de {subjects}; LMG is robuuster."
    ),
    "corr": (
        "de **correlatie** van elk{e_suffix} {subject} met het {outcome}. Die negeert de samenhang "
        "tussen de {subjects}; het aandeel in de som is geen aandeel in R²."
    ),
}
MISSING_TEXT_NL = {
    "pairwise": (
        "**Ontbrekende antwoorden en 'weet niet'** zijn *paarsgewijs* behandeld: elke correlatie "
        "is "
        "berekend over de respondenten die beide vragen beantwoordden. Zo tellen alle {n} "
        "respondenten mee die het {outcome} gaven en minstens één {subject} beoordeelden; alleen "
        "volledig ingevulde vragenlijsten (listwise) zouden er {n_complete} overlaten. De kleinste "
        "basis van één correlatie is {n_pairwise_min} respondenten."
    ),
    "listwise": (
        "**Ontbrekende antwoorden en 'weet niet'**: alleen respondenten die het {outcome} en alle "
        "{subjects} beantwoordden tellen mee (*listwise*): {n} van de {n_available}. Bij veel "
        "'weet niet' valt zo een groot deel weg; paarsgewijs (pairwise) gebruikt meer gegevens."
    ),
    "impute": (
        "**Ontbrekende antwoorden en 'weet niet'** op de {subjects} zijn eenmalig aangevuld "
        "(*imputatie* met scikit-learn IterativeImputer, met het {outcome} als voorspeller), zodat "
        "alle {n} respondenten met een {outcome} en minstens één beoordeeld{e_suffix} {subject} "
        "meetellen ({n_complete} vulden alles in). De bootstrapintervallen houden geen rekening "
        "met "
        "de onzekerheid van die aanvulling en zijn dus iets te smal."
    ),
}
#: Pilot (2017) findings -> quadrant name.
PILOT_QUADRANTS = {"keep": VASTHOUDEN, "invest": INVESTEREN, "high_score_low_impact": POSITIEF}


def _nl(x, decimals: int = 0) -> str:
    return format_number(x, decimals, thousands=False)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ============================================================================================
# The report object
# ============================================================================================
@dataclass
class ImpactReport:
    """Everything the notebook shows about one organisation and target group in one wave.

    Attributes
    ----------
    wave, target_group, organisation : str
    version : str or None
        Questionnaire version of the wave (None: unknown, the union of all versions' aspects).
    method, missing, performance : str
        The notebook parameters (``performance`` as the notebook spells it: ``pct_positive`` or
        ``mean``).
    bootstrap, seed, min_n : int
    stable_at : float
    outcome_label : str
        The outcome inside a Dutch sentence ("totaaloordeel over de IND").
    subject : str
        ``"aspect"`` or ``"organisatie"`` (the chain's drivers).
    drivers : tuple of str
        The drivers analysed (after dropping those with too few answers).
    labels, text_labels : dict
        Per driver the label for charts and tables ("Respectvolle behandeling") and for sentences
        ("‘respectvolle behandeling’").
    n_available : int
        Respondents of the target group with an answer on the outcome.
    n : int
        Respondents used by the analysis (definition depends on ``missing``).
    n_complete : int
        Respondents who answered the outcome and every driver.
    n_rated : dict
        Per driver, respondents who rated it (the base of its performance and table row).
    dropped : dict
        Drivers left out, with the Dutch reason.
    new_drivers : list of str
        Drivers asked in this questionnaire version but not in the first (pilot) version.
    result : BootstrapResult or None
    quadrants : pandas.DataFrame or None
        :func:`helpers.stats._importance.classify_quadrants` with ``method`` as impact.
    stopped : str or None
        The Dutch reason why the analysis was not done (None when it was).
    """

    wave: str | None
    target_group: str
    organisation: str
    version: str | None
    method: str
    missing: str
    performance: str
    bootstrap: int
    seed: int
    stable_at: float
    min_n: int
    outcome_label: str
    subject: str
    drivers: tuple[str, ...] = ()
    labels: dict = field(default_factory=dict)
    text_labels: dict = field(default_factory=dict)
    n_available: int = 0
    n: int = 0
    n_complete: int = 0
    n_rated: dict = field(default_factory=dict)
    dropped: dict = field(default_factory=dict)
    new_drivers: list = field(default_factory=list)
    performance_label: str = ""
    result: impact.BootstrapResult | None = None
    quadrants: pd.DataFrame | None = None
    stopped: str | None = None

    @property
    def chain(self) -> bool:
        return self.organisation == CHAIN

    @property
    def subjects(self) -> str:
        return "organisaties" if self.chain else "aspecten"

    @property
    def subject_phrase(self) -> str:
        """'het aspect' or 'de organisatie'."""
        return "de organisatie" if self.chain else "het aspect"

    @property
    def org_phrase(self) -> str:
        return ORGANISATION_PHRASES.get(self.organisation, self.organisation)

    def ranked(self) -> list[str]:
        """Drivers by impact (the chosen measure's share), largest first."""
        if self.quadrants is None:
            return []
        return list(self.quadrants["impact"].sort_values(ascending=False, kind="stable").index)


# ============================================================================================
# Data
# ============================================================================================
def performance_measure(performance: str) -> str:
    """The library's performance measure for the notebook parameter.

    Examples
    --------
    >>> performance_measure("pct_positive"), performance_measure("mean")
    ('positive', 'mean')
    """
    try:
        return PERFORMANCE_MEASURES[performance]
    except KeyError:
        raise InputError(
            f"unknown performance {performance!r}; choose {' or '.join(PERFORMANCE_MEASURES)}"
        ) from None


def report_title(target_group: str, organisation: str, codebook: Codebook | None = None) -> str:
    """The report title, as on the batch index page.

    Examples
    --------
    >>> report_title("asielzoekers", "DTV")
    'Impactanalyse DT&V: asielzoekers'
    """
    cb = codebook or load_codebook()
    return f"Impactanalyse {cb.label(organisation)}: {cb.label(target_group).lower()}"


def wave_version(wave: str, raw_root: str | Path | None = None) -> str | None:
    """Questionnaire version from the raw ``wave.yml`` (None when it cannot be read)."""
    from helpers.report._display import read_wave_yml

    try:
        version = read_wave_yml(wave, raw_root or None).get("questionnaire_version")
    except InputError:
        return None
    return str(version) if version is not None else None


def candidate_drivers(
    target_group: str, organisation: str, version: str | None, codebook: Codebook | None = None
) -> list[str]:
    """Drivers the questionnaire asks: aspects of the organisation, or the chain's organisations.

    Examples
    --------
    >>> candidate_drivers("asielzoekers", "IND", "2018.1")[-2:]
    ['doorverwijzen', 'tolk']
    >>> candidate_drivers("asielzoekers", "keten", "2017.1")
    ['IND', 'COA', 'DTV']
    """
    cb = codebook or load_codebook()
    cb.check_target_group(target_group)
    cb.check_organisation(organisation)
    rated = set()
    for v in [version] if version else cb.versions:
        rated |= set(cb.rated_organisations(target_group, v))
    if organisation not in rated:
        raise InputError(
            f"{organisation} is not rated by {target_group} "
            f"(rated: {', '.join(cb.rated_organisations(target_group, version))})"
        )
    if organisation == CHAIN:
        return [o for o in CHAIN_DRIVERS if o in rated]
    if version:
        return cb.aspects(target_group, version, organisation)
    asked = set()
    for v in cb.versions:
        asked |= set(cb.aspects(target_group, v, organisation))
    return [a for a in cb.aspects(target_group) if a in asked]


def analysis_data(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    target_group: str,
    organisation: str,
    drivers: list[str],
) -> tuple[pd.DataFrame, list[str]]:
    """One row per respondent: ``totaaloordeel`` (the outcome), the drivers present, ``weight``.

    For the chain the columns ``IND``, ``COA``, ``DTV`` hold the respondent's overall judgements of
    those organisations and ``totaaloordeel`` that of the chain; respondents are those who have a
    row for the chain's judgement.

    Returns
    -------
    (pandas.DataFrame, list of str)
        The wide table and the drivers present in the data (in ``drivers`` order).
    """
    sel = ratings[ratings["target_group"] == target_group]
    if organisation != CHAIN:
        present = set(sel.loc[sel["organisation"] == organisation, "item"].astype(str))
        items = [d for d in drivers if d in present]
        wide = impact.wide_ratings(ratings, respondents, target_group, organisation, items)
        return wide, items
    overall = sel[sel["item"] == "totaaloordeel"]
    present = set(overall["organisation"].astype(str))
    if CHAIN not in present:
        raise InputError(f"no totaaloordeel for {CHAIN} by {target_group}")
    items = [d for d in drivers if d in present]
    dups = overall.duplicated(["respondent_id", "organisation"])
    if dups.any():
        ex = overall.loc[dups].iloc[0]
        raise InputError(f"respondent {ex['respondent_id']!r} judges {ex['organisation']!r} twice")
    wide = overall.pivot(index="respondent_id", columns="organisation", values="value")
    chain_rows = overall.loc[overall["organisation"] == CHAIN, "respondent_id"]
    wide = wide.loc[list(dict.fromkeys(chain_rows))]
    wide = wide.rename(columns={CHAIN: "totaaloordeel"}).reindex(columns=["totaaloordeel", *items])
    wide = wide.astype(float)
    wide.columns.name = None
    impact._add_weights(wide, respondents)
    return wide, items


def usable_n(wide: pd.DataFrame, drivers: list[str], missing: str) -> int:
    """Respondents the analysis uses: what :func:`helpers.stats._importance.relative_importance` reports as n.

    ``listwise``: outcome and every driver answered; ``pairwise`` and ``impute``: outcome and at
    least one driver answered; always a positive weight.

    Examples
    --------
    >>> df = pd.DataFrame({"totaaloordeel": [4, 3, np.nan, 5], "a": [4, np.nan, 3, 5],
    ...                    "b": [np.nan, np.nan, 2, 4], "weight": [1.0, 1.0, 1.0, 0.0]})
    >>> usable_n(df, ["a", "b"], "pairwise"), usable_n(df, ["a", "b"], "listwise")
    (1, 0)
    """
    impact._check_missing(missing)
    if not drivers:
        return 0
    answered = wide[drivers].notna()
    ok = wide["totaaloordeel"].notna() & (wide["weight"] > 0)
    ok &= answered.all(axis=1) if missing == "listwise" else answered.any(axis=1)
    return int(ok.sum())


def _labels(cb: Codebook, drivers, chain: bool) -> tuple[dict, dict]:
    if chain:
        return (
            {d: cb.label(d) for d in drivers},
            {d: ORGANISATION_PHRASES.get(d, d) for d in drivers},
        )
    return ({d: _capital(cb.label(d)) for d in drivers}, {d: f"‘{cb.label(d)}’" for d in drivers})


def _performance_label(
    cb: Codebook, target_group: str, organisation: str, version, measure: str, chain: bool
) -> tuple[str, float]:
    """y-axis label of the performance and the lowest positive answer."""
    item = "totaaloordeel" if chain else None
    org = CHAIN_DRIVERS[0] if chain else organisation
    scale = None
    for v in cb.rating_variables(target_group, version or cb.versions[-1], item):
        if v.organisation == org and (chain or v.item not in impact.OUTCOME_ITEMS):
            scale = v.scale
            break
    positive = tuple(scale.positive) if scale is not None and scale.positive else (4, 5)
    positive_at = float(min(positive))
    if measure == "mean":
        return "Gemiddelde score (1-5, 5 = meest positief)", positive_at
    if scale is None:
        return "% positief (4 of 5)", positive_at
    names = scale.value_labels("nl")
    shown = [names[p] for p in sorted(positive, reverse=True) if p in names]
    return f"% positief ({' of '.join(shown)})", positive_at


def run_impact(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    target_group: str,
    organisation: str,
    *,
    version: str | None = None,
    wave: str | None = None,
    method: str = "lmg",
    bootstrap: int = 1000,
    seed: int = 1,
    performance: str = "pct_positive",
    missing: str = "pairwise",
    stable_at: float = 0.8,
    min_n: int = 30,
    codebook: Codebook | None = None,
) -> ImpactReport:
    """The impact analysis of one organisation (or the whole chain) for one target group.

    Parameters
    ----------
    ratings, respondents : pandas.DataFrame
        The processed tables of one wave (data contracts in CONTRIBUTING.md).
    target_group : str
        ``asielzoekers`` or ``ketenpartners``.
    organisation : str
        ``IND``, ``COA``, ``DTV``, or ``keten`` (the whole chain; asylum seekers only).
    version : str, optional
        Questionnaire version of the wave: which aspects were asked. None: every version's.
    wave : str, optional
        Only for the texts and key figures.
    method : {'lmg', 'rw', 'pratt', 'beta', 'corr'}
        The measure used as impact in the quadrants (all five are computed for the table).
    bootstrap, seed : int
        Bootstrap resamples for the intervals and the quadrant agreement, and their seed.
    performance : {'pct_positive', 'mean'}
        Performance axis: % positive (top two answers) or mean score.
    missing : {'pairwise', 'listwise', 'impute'}
        Missing-data strategy ('weet niet' is missing).
    stable_at : float
        Agreement (share of bootstrap samples in the same quadrant) for a stable placement.
    min_n : int
        Fewer usable respondents than this: no analysis, ``stopped`` holds the reason.

    Returns
    -------
    ImpactReport
        With ``stopped`` set (and no result) when the data are too thin; otherwise ``result`` and
        ``quadrants``.

    Raises
    ------
    InputError
        Unknown target group, organisation, method, strategy or performance; an organisation the
        target group does not rate (``keten`` for chain partners).

    Notes
    -----
    Drivers with fewer than 10 answers (the disclosure threshold) or without variation are left
    out and named in the report. Bootstrap intervals are percentile intervals (Efron & Tibshirani
    1993); see :func:`helpers.stats._importance.bootstrap_importance`.
    """
    cb = codebook or load_codebook()
    measure = performance_measure(performance)
    method = impact.parse_methods(method)
    if len(method) != 1:
        raise InputError("choose one method for the quadrants: lmg, rw, beta, corr or pratt")
    method = method[0]
    impact._check_missing(missing)
    if not 0 < stable_at <= 1:
        raise InputError(f"stable_at must lie in (0, 1], not {stable_at!r}")
    chain = organisation == CHAIN
    candidates = candidate_drivers(target_group, organisation, version, cb)
    org_phrase = ORGANISATION_PHRASES.get(organisation, organisation)
    rep = ImpactReport(
        wave=wave,
        target_group=target_group,
        organisation=organisation,
        version=version,
        method=method,
        missing=missing,
        performance=performance,
        bootstrap=int(bootstrap),
        seed=int(seed),
        stable_at=float(stable_at),
        min_n=int(min_n),
        outcome_label=(
            "oordeel over de Kleine Keten" if chain else f"totaaloordeel over {org_phrase}"
        ),
        subject="organisatie" if chain else "aspect",
    )
    rep.performance_label, positive_at = _performance_label(
        cb, target_group, organisation, version, measure, chain
    )
    first = cb.versions[0]
    if version and version != first and not chain:
        rep.new_drivers = [
            d for d in candidates if d not in cb.aspects(target_group, first, organisation)
        ]
    try:
        wide, drivers = analysis_data(ratings, respondents, target_group, organisation, candidates)
    except InputError as exc:
        rep.stopped = (
            f"Er zijn in deze golf geen bruikbare beoordelingen van "
            f"{org_phrase} door {cb.label(target_group).lower()} "
            f"(technische melding: {exc.message})."
        )
        return rep
    rep.n_available = int((wide["totaaloordeel"].notna() & (wide["weight"] > 0)).sum())
    with_outcome = wide["totaaloordeel"].notna() & (wide["weight"] > 0)
    kept = []
    for d in drivers:
        col = wide.loc[with_outcome, d].dropna()
        if len(col) < DEFAULT_THRESHOLD:
            rep.dropped[d] = (
                f"minder dan {DEFAULT_THRESHOLD} respondenten gaven zowel dit "
                f"{rep.subject} als het {rep.outcome_label}"
            )
        elif col.nunique() < 2:
            rep.dropped[d] = "iedereen gaf hetzelfde antwoord"
        else:
            kept.append(d)
    rep.drivers = tuple(kept)
    rep.labels, rep.text_labels = _labels(cb, kept, chain)
    rep.n = usable_n(wide, kept, missing)
    rep.n_complete = usable_n(wide, kept, "listwise")
    rep.n_rated = {d: int((wide[d].notna() & (wide["weight"] > 0)).sum()) for d in kept}
    who = f"{cb.label(target_group).lower()} over {org_phrase}"
    if len(kept) < 2:
        rep.stopped = (
            f"Voor {who} zijn in deze golf minder dan twee "
            f"{rep.subjects} met genoeg antwoorden; een impactanalyse vergelijkt "
            f"{rep.subjects} en is dan niet zinvol."
        )
        return rep
    if rep.n < min_n:
        rule = (
            "het totaaloordeel en alle " + rep.subjects
            if missing == "listwise"
            else f"het totaaloordeel en minstens één {rep.subject}"
        )
        rep.stopped = (
            f"Voor {who} zijn in deze golf {rep.n} respondenten bruikbaar ({rule} beantwoord, "
            f"ontbrekende antwoorden: {missing}); de analyse vraagt er ten minste {min_n}. Met zo "
            "weinig respondenten zijn de schattingen van impact te onzeker om te rapporteren. "
            "Voeg golven samen of kies een andere aanpak van ontbrekende antwoorden."
        )
        return rep
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", impact.ImpactWarning)
            rep.result = impact.bootstrap_importance(
                wide,
                "totaaloordeel",
                kept,
                "weight",
                methods="all",
                missing=missing,
                B=int(bootstrap),
                seed=int(seed),
                level=LEVEL,
                performance=measure,
                positive_at=positive_at,
            )
        rep.quadrants = impact.classify_quadrants(rep.result, stable_at, method)
    except InputError as exc:
        rep.result, rep.quadrants = None, None
        rep.stopped = (
            f"De impactanalyse voor {who} kon met deze gegevens niet worden "
            f"uitgevoerd (technische melding: {exc.message})."
        )
        return rep
    rep.n = int(rep.result.n)
    return rep


def analyse_wave(
    wave: str,
    target_group: str,
    organisation: str,
    *,
    raw_root: str | Path | None = "",
    processed_root: str | Path | None = "",
    **settings,
) -> ImpactReport:
    """:func:`run_impact` on a processed wave (questionnaire version from its raw ``wave.yml``)."""
    from helpers.report._display import processed_tables

    respondents, ratings = processed_tables(wave, processed_root or None)
    return run_impact(
        ratings,
        respondents,
        target_group,
        organisation,
        version=wave_version(wave, raw_root),
        wave=wave,
        **settings,
    )


def stop_if_too_small(report: ImpactReport, key_figures_path: str | Path = "") -> None:
    """End the notebook on purpose (:func:`helpers.report._display.stop_report`) without an analysis."""
    if report.stopped is None:
        return
    from helpers.report._display import stop_report

    stop_report(
        report.stopped,
        key_figures_path,
        **_settings_figures(report),
        n=report.n,
        n_available=report.n_available,
        min_n=report.min_n,
    )


# ============================================================================================
# Texts
# ============================================================================================
def _method_text(rep: ImpactReport) -> str:
    return METHOD_TEXT_NL[rep.method].format(
        subject=rep.subject,
        subjects=rep.subjects,
        outcome=rep.outcome_label,
        e_suffix="e" if rep.chain else "",
    )


def intro_text(report: ImpactReport) -> str:
    """Markdown: what the analysis is, the drivers, method, missing data, n and R²."""
    rep = report
    res = rep.result
    if rep.chain:
        what = (
            "Voor de Kleine Keten als geheel zijn geen afzonderlijke aspecten gevraagd, alleen een "
            "oordeel over de keten. Daarom verklaren we hier het **oordeel over de Kleine Keten** "
            "uit de **totaaloordelen over de IND, het COA en de DT&V** die dezelfde asielzoeker "
            "gaf: *welke organisatie drijft het oordeel over de keten?* De prestatie van een "
            "organisatie is het oordeel over die organisatie "
            f"({'% positief' if rep.performance == 'pct_positive' else 'gemiddelde score'}). "
            "De IND en de DT&V zijn alleen beoordeeld door wie er contact mee had."
        )
    else:
        names = join_nl([rep.text_labels[d] for d in rep.drivers])
        what = (
            f"Het {rep.outcome_label} hangt samen met hoe respondenten de afzonderlijke aspecten "
            "van de dienstverlening beoordelen. De impactanalyse schat hoeveel elk aspect "
            f"bijdraagt aan het verklaren van het totaaloordeel (**impact**) en zet dat af tegen "
            "hoe goed het aspect scoort (**prestatie**). Aspecten met veel impact en een lage "
            "score zijn de plekken waar verbetering het meeste oplevert. "
            f"De {len(rep.drivers)} aspecten: {names}."
        )
        if rep.new_drivers:
            new = join_nl([rep.text_labels[d] for d in rep.new_drivers if d in rep.text_labels])
            if new:
                what += (
                    f" Nieuw in vragenlijstversie {rep.version}: {new} (niet gevraagd in de pilot)."
                )
    parts = [what]
    parts.append("Als maat voor impact gebruiken we " + _method_text(rep))
    parts.append(
        MISSING_TEXT_NL[rep.missing].format(
            n=rep.n,
            n_complete=rep.n_complete,
            n_available=rep.n_available,
            n_pairwise_min=getattr(res.point, "n_pairwise_min", None) if res else "",
            outcome=rep.outcome_label,
            subject=rep.subject,
            subjects=rep.subjects,
            e_suffix="e" if rep.chain else "",
        )
    )
    if res is not None:
        lo, hi = res.r2_ci
        perf = (
            "het percentage positieve antwoorden"
            if rep.performance == "pct_positive"
            else "de gemiddelde score"
        )
        parts.append(
            f"**Resultaat in één oogopslag:** n = {rep.n} respondenten (gewogen), "
            f"R² = {_nl(res.r2, 2)} ({_nl(100 * LEVEL)}%-bootstrapinterval {_nl(lo, 2)} tot "
            f"{_nl(hi, 2)}): de {rep.subjects} verklaren samen ongeveer {_nl(100 * res.r2)}% van "
            f"de variatie in het {rep.outcome_label}. Bij {rep.n} respondenten en "
            f"{len(rep.drivers)} {rep.subjects} is R² wat te optimistisch (ook het interval, dat "
            f"daardoor hoog ligt); gecorrigeerd voor het aantal {rep.subjects} is het "
            f"{_nl(adjusted_r2(res.r2, rep.n, len(rep.drivers)), 2)}. Prestatie is {perf} onder "
            f"iedereen die {rep.subject_phrase} beoordeelde. Intervallen en stabiliteit "
            f"komen uit {res.B} bootstrapsteekproeven (respondenten opnieuw getrokken met hun "
            f"gewicht, seed {res.seed}); een plaatsing in een kwadrant heet **stabiel** als ten "
            f"minste {_nl(100 * rep.stable_at)}% van die steekproeven {rep.subject_phrase} in "
            "hetzelfde kwadrant plaatst."
        )
    if rep.dropped:
        gone = "; ".join(f"{d}: {why}" for d, why in rep.dropped.items())
        parts.append(f"Niet meegenomen: {gone}.")
    return "\n\n".join(parts)


def adjusted_r2(r2: float, n: int, p: int) -> float:
    """Adjusted R² (Ezekiel 1930): ``1 - (1 - R²)(n - 1) / (n - p - 1)``.

    With pairwise deletion ``n`` is the number of respondents used, an upper bound of the
    information behind each correlation, so the correction is if anything too mild.

    Examples
    --------
    >>> round(adjusted_r2(0.6, 100, 11), 3)
    0.55
    """
    if n - p - 1 <= 0:
        return float("nan")
    return 1 - (1 - r2) * (n - 1) / (n - p - 1)


def summary_text(report: ImpactReport) -> str:
    """The plain-language summary ("Meeste winst valt te behalen op ...")."""
    rep = report
    if rep.quadrants is None:
        return ""
    return impact.summarise_quadrants(
        rep.quadrants, rep.text_labels, outcome_label=rep.outcome_label, subject=rep.subject
    )


def quadrant_alt(report: ImpactReport) -> str:
    """Dutch text alternative of the quadrant chart: every point in words."""
    rep = report
    q = rep.quadrants
    if q is None:
        return ""
    items = []
    for d in rep.ranked():
        row = q.loc[d]
        items.append(
            f"{rep.labels[d]}: impact {_nl(row['impact'])}%, prestatie "
            f"{_nl(row['performance'], 0 if rep.performance == 'pct_positive' else 2)}, "
            f"{row['quadrant']}{'' if row['stable'] else ' (onzeker)'}"
        )
    return f"Kwadrantengrafiek {rep.org_phrase}, {rep.target_group}: " + "; ".join(items)


def bars_alt(report: ImpactReport) -> str:
    rep = report
    if rep.quadrants is None:
        return ""
    return (
        f"Staafdiagram van het aandeel in de impact ({impact.METHOD_NAMES_NL[rep.method]}) per "
        f"{rep.subject}: "
        + "; ".join(f"{rep.labels[d]} {_nl(rep.quadrants.loc[d, 'impact'])}%" for d in rep.ranked())
    )


# ============================================================================================
# Figures
# ============================================================================================
def _chart_labels(rep: ImpactReport) -> dict:
    """Chart labels, with the indicative mark for drivers rated by fewer than 30 respondents."""
    return {
        d: rep.labels[d]
        + (f" {INDICATIVE_MARK}" if rep.n_rated.get(d, 0) < DEFAULT_INDICATIVE_BELOW else "")
        for d in rep.drivers
    }


def quadrant_figure(report: ImpactReport):
    """The quadrant chart (impact against performance, bootstrap whiskers, stable marked)."""
    from helpers.report._impact_plots import quadrant_chart

    rep = report
    if rep.chain:
        title = "Welke organisatie drijft het oordeel over de Kleine Keten?"
    else:
        cb = load_codebook()
        title = (
            f"Impact en prestatie per aspect: {cb.label(rep.organisation)} "
            f"({cb.label(rep.target_group).lower()})"
        )
    return quadrant_chart(
        rep.quadrants,
        _chart_labels(rep),
        title=title,
        performance_label=rep.performance_label,
        subject=rep.subjects,
    )


def bars_figure(report: ImpactReport):
    """Horizontal bars of each driver's share (the chosen measure) with bootstrap whiskers."""
    from helpers.report._impact_plots import importance_bars

    rep = report
    if rep.chain:
        title = "Belang van het oordeel over elke organisatie voor het oordeel over de keten"
    else:
        title = f"Belang van de aspecten voor het {rep.outcome_label}"
    return importance_bars(rep.result, _chart_labels(rep), method=rep.method, title=title)


# ============================================================================================
# Tables
# ============================================================================================
def _ci(est, lo, hi, decimals: int, mark: str = "") -> str:
    """An estimate with its interval below it, small and grey (HTML)."""
    if not np.isfinite(est):
        return ""
    text = _nl(est, decimals) + mark
    if np.isfinite(lo) and np.isfinite(hi):
        text += (
            f'<br><span style="color:#666;font-size:0.85em;white-space:nowrap">'
            f"{_nl(lo, decimals)} tot {_nl(hi, decimals)}</span>"
        )
    return text


def _styled(out: pd.DataFrame, notes: list[str], text_cols: int = 1):
    """A display table: no index, notes below, text columns left and numbers right aligned."""
    styles = [
        {
            "selector": "caption",
            "props": "caption-side: bottom; text-align: left; "
            "font-size: 0.85em; color: #555; padding-top: 4px;",
        },
        {
            "selector": "td, th",
            "props": "text-align: right; vertical-align: top; padding: 3px 6px;",
        },
    ]
    for k in range(1, text_cols + 1):
        styles.append(
            {"selector": f"td:nth-child({k}), th:nth-child({k})", "props": "text-align: left;"}
        )
    styler = out.style.hide(axis="index").set_table_styles(styles)
    if notes:
        styler = styler.set_caption("<br>".join(notes))
    return styler


def importance_frame(report: ImpactReport) -> pd.DataFrame:
    """The numbers of the importance table: one row per driver, largest impact first.

    Columns ``driver``, ``label``, ``n`` (respondents who rated it), ``performance`` (+ ``_ci_low``,
    ``_ci_high``), per measure ``<m>_share`` (+ ``_ci_low``, ``_ci_high``), ``quadrant``,
    ``agreement``.
    """
    rep = report
    t = rep.result.table
    q = rep.quadrants
    rows = []
    for d in rep.ranked():
        row = {
            "driver": d,
            "label": rep.labels[d],
            "n": rep.n_rated[d],
            "performance": t.loc[d, "performance"],
            "performance_ci_low": t.loc[d, "performance_ci_low"],
            "performance_ci_high": t.loc[d, "performance_ci_high"],
        }
        for m in rep.result.methods:
            row[f"{m}_share"] = t.loc[d, f"{m}_share_pct"]
            row[f"{m}_share_ci_low"] = t.loc[d, f"{m}_share_ci_low"]
            row[f"{m}_share_ci_high"] = t.loc[d, f"{m}_share_ci_high"]
        row["quadrant"] = q.loc[d, "quadrant"]
        row["agreement"] = 100 * q.loc[d, "agreement"]
        rows.append(row)
    return pd.DataFrame(rows)


def importance_table(report: ImpactReport):
    """The importance table for display (passed through :func:`helpers.privacy._disclosure.protect_table`).

    Every measure as a share (%) of its sum over the drivers with its bootstrap interval; the
    measure used for the quadrants first. Rows whose base (respondents who rated the driver) is
    below 10 are suppressed, below 30 marked indicative.
    """
    rep = report
    frame = importance_frame(rep)
    numeric = [c for c in frame.columns if c not in ("driver", "label", "n", "quadrant")]
    protected = protect_table(frame, base_col="n", value_cols=numeric, secondary=False)
    t = protected.table
    perf_dec = 0 if rep.performance == "pct_positive" else 2
    perf_head = "% positief" if rep.performance == "pct_positive" else "Gemiddelde (1-5)"
    order = [rep.method] + [
        m for m in impact.METHODS if m != rep.method and m in rep.result.methods
    ]
    out = pd.DataFrame({_capital(rep.subject): t["label"]})
    out["n"] = [
        SUPPRESSED_MARK if s else _nl(v) for v, s in zip(t["n"], t["suppressed"], strict=True)
    ]

    def col(est, lo, hi, dec):
        return [
            SUPPRESSED_MARK if s else _ci(a, b, c, dec, INDICATIVE_MARK if i else "")
            for a, b, c, s, i in zip(
                t[est], t[lo], t[hi], t["suppressed"], t["indicative"], strict=True
            )
        ]

    out[perf_head] = col("performance", "performance_ci_low", "performance_ci_high", perf_dec)
    for m in order:
        head = f"{impact.METHOD_NAMES_NL[m]}, %"
        if m == rep.method:
            head += " (impact in de kwadranten)"
        out[head] = col(f"{m}_share", f"{m}_share_ci_low", f"{m}_share_ci_high", 1)
    out[f"Kwadrant ({impact.METHOD_NAMES_NL[rep.method]})"] = [
        SUPPRESSED_MARK if s else q for q, s in zip(t["quadrant"], t["suppressed"], strict=True)
    ]
    out["Zekerheid kwadrant, %"] = [
        SUPPRESSED_MARK if s else _nl(a)
        for a, s in zip(t["agreement"], t["suppressed"], strict=True)
    ]
    notes = [
        f"Onder elke schatting het {_nl(100 * LEVEL)}%-bootstrapinterval ({rep.result.B} "
        "steekproeven). Elke maat is weergegeven als aandeel in de som over de "
        f"{rep.subjects}; voor LMG, relatieve gewichten en Pratt is dat het aandeel in R², voor "
        "bèta en correlatie alleen een aandeel in de som.",
        "Zekerheid kwadrant: het percentage bootstrapsteekproeven dat "
        f"{rep.subject_phrase} in hetzelfde kwadrant plaatst (stabiel vanaf "
        f"{_nl(100 * rep.stable_at)}%).",
        f"n: respondenten die het {rep.subject} beoordeelden (basis van de prestatie); de "
        f"analyse zelf gebruikt {rep.n} respondenten.",
        *protected.footnotes,
    ]
    styler = _styled(out, notes)
    styler.protected = protected  # for tests
    return styler


# ============================================================================================
# Previous wave
# ============================================================================================
@dataclass
class WaveComparison:
    """The comparison with the previous processed wave (or why there is none)."""

    previous_wave: str | None
    previous: ImpactReport | None = None
    table: pd.DataFrame | None = None
    reason: str = ""


def compare_with_previous(
    report: ImpactReport,
    *,
    raw_root: str | Path | None = "",
    processed_root: str | Path | None = "",
) -> WaveComparison:
    """Run the same analysis on the latest processed wave before ``report.wave`` and compare.

    The previous wave is analysed with the same settings but seed ``seed + 1``, so that the
    bootstrap samples of the two waves are independent (the intervals of the differences assume
    that; point estimates do not depend on the seed unless ``missing='impute'``).
    """
    from helpers.report._display import previous_wave, processed_tables

    rep = report
    if rep.wave is None or rep.result is None:
        return WaveComparison(None, reason="Er is geen analyse om te vergelijken.")
    prev = previous_wave(rep.wave, processed_root or None)
    if prev is None:
        return WaveComparison(
            None,
            reason=(
                f"Er is geen eerdere verwerkte golf dan {rep.wave}; een vergelijking volgt vanaf "
                "de "
                "volgende golf."
            ),
        )
    respondents, ratings = processed_tables(prev, processed_root or None)
    prev_rep = run_impact(
        ratings,
        respondents,
        rep.target_group,
        rep.organisation,
        version=wave_version(prev, raw_root),
        wave=prev,
        method=rep.method,
        bootstrap=rep.bootstrap,
        seed=rep.seed + 1,
        performance=rep.performance,
        missing=rep.missing,
        stable_at=rep.stable_at,
        min_n=rep.min_n,
    )
    if prev_rep.stopped is not None:
        return WaveComparison(
            prev,
            prev_rep,
            reason=(
                f"In de vorige golf ({prev}) is geen impactanalyse mogelijk: {prev_rep.stopped}"
            ),
        )
    table = impact.compare_waves(
        rep.result, prev_rep.result, method=rep.method, stable_at=rep.stable_at
    )
    table["n_now"] = [rep.n_rated.get(d, np.nan) for d in table.index]
    table["n_prev"] = [prev_rep.n_rated.get(d, np.nan) for d in table.index]
    return WaveComparison(prev, prev_rep, table)


def _significant(lo, hi) -> bool:
    return bool(np.isfinite(lo) and np.isfinite(hi) and (lo > 0 or hi < 0))


def comparison_text(report: ImpactReport, comparison: WaveComparison) -> str:
    """Dutch sentences on what changed since the previous wave (or why there is no comparison)."""
    rep = report
    if comparison.table is None:
        return comparison.reason
    t = comparison.table
    prev = comparison.previous
    labels = {**prev.text_labels, **rep.text_labels}
    unit = "procentpunt" if rep.performance == "pct_positive" else "punt"
    pdec = 0 if rep.performance == "pct_positive" else 2
    both = t["impact_now"].notna() & t["impact_prev"].notna()
    head = (
        f"Vergeleken met {comparison.previous_wave} (n = {prev.n}, R² = "
        f"{_nl(prev.result.r2, 2)}; nu n = {rep.n}, R² = {_nl(rep.result.r2, 2)}), met dezelfde "
        "instellingen:"
    )
    parts = []
    moved = [
        f"{labels[d]} (van ‘{t.loc[d, 'quadrant_prev']}’ naar ‘{t.loc[d, 'quadrant_now']}’"
        f"{'' if t.loc[d, 'stable_now'] else ', nu onzeker'})"
        for d in t.index[both & t["quadrant_changed"]]
    ]
    if moved:
        parts.append(f"**Van kwadrant gewisseld:** {join_nl(moved)}.")
    else:
        parts.append(
            f"Geen enkel{'e' if rep.chain else ''} {rep.subject} is van kwadrant gewisseld."
        )
    has_ci = "performance_diff_ci_low" in t.columns
    if has_ci:
        perf = [
            f"{labels[d]} ({'+' if t.loc[d, 'performance_diff'] > 0 else ''}"
            f"{_nl(t.loc[d, 'performance_diff'], pdec)} {unit})"
            for d in t.index[both]
            if _significant(
                t.loc[d, "performance_diff_ci_low"], t.loc[d, "performance_diff_ci_high"]
            )
        ]
        imp = [
            f"{labels[d]} ({'+' if t.loc[d, 'impact_diff'] > 0 else ''}"
            f"{_nl(t.loc[d, 'impact_diff'])} procentpunt)"
            for d in t.index[both]
            if _significant(t.loc[d, "impact_diff_ci_low"], t.loc[d, "impact_diff_ci_high"])
        ]
        parts.append(
            f"**Duidelijk veranderde prestatie:** {join_nl(perf)}."
            if perf
            else "Geen verandering in prestatie is duidelijk groter dan de toevalsmarge."
        )
        parts.append(
            f"**Duidelijk veranderde impact:** {join_nl(imp)}."
            if imp
            else "Geen verandering in impact is duidelijk groter dan de toevalsmarge."
        )
    only_now = [labels.get(d, d) for d in t.index[t["impact_prev"].isna()]]
    only_prev = [labels.get(d, d) for d in t.index[t["impact_now"].isna()]]
    if only_now:
        parts.append(
            f"Alleen in deze golf geanalyseerd: {join_nl(only_now)}; de aandelen in de "
            "impact zijn daardoor niet helemaal vergelijkbaar (de som is over andere "
            f"{rep.subjects})."
        )
    if only_prev:
        parts.append(f"Alleen in de vorige golf geanalyseerd: {join_nl(only_prev)}.")
    tail = ""
    if has_ci:
        tail = (
            f"\n\n*Duidelijk*: het {_nl(100 * LEVEL)}%-bootstrapinterval van het verschil "
            "bevat geen nul. Bij zoveel vergelijkingen kan er toevallig één bij zitten; een "
            "wisseling van kwadrant van een onzekere plaatsing zegt weinig."
        )
    return head + "\n\n" + "\n".join(f"- {p}" for p in parts) + tail


def comparison_table(report: ImpactReport, comparison: WaveComparison):
    """The comparison table for display (None when there is no comparison)."""
    rep = report
    if comparison.table is None:
        return None
    t = comparison.table.copy()
    labels = {**comparison.previous.labels, **rep.labels}
    t["n"] = t[["n_now", "n_prev"]].min(axis=1)  # the smaller base of the two waves
    frame = t.reset_index()
    numeric = [c for c in frame.columns if c.startswith(("impact", "performance"))]
    protected = protect_table(frame, base_col="n", value_cols=numeric, secondary=False)
    p = protected.table
    pdec = 0 if rep.performance == "pct_positive" else 2
    has_ci = "impact_diff_ci_low" in p.columns
    rows = []
    for _, r in p.iterrows():
        if r["suppressed"]:
            rows.append({_capital(rep.subject): labels.get(r["driver"], r["driver"])})
            continue
        row = {_capital(rep.subject): labels.get(r["driver"], r["driver"])}
        row[f"Impact {comparison.previous_wave}, %"] = _nl(r["impact_prev"], 1)
        row[f"Impact {rep.wave}, %"] = _nl(r["impact_now"], 1)
        row["Verschil impact"] = (
            _ci(r["impact_diff"], r["impact_diff_ci_low"], r["impact_diff_ci_high"], 1)
            if has_ci
            else _nl(r["impact_diff"], 1)
        )
        row[f"Prestatie {comparison.previous_wave}"] = _nl(r["performance_prev"], pdec)
        row[f"Prestatie {rep.wave}"] = _nl(r["performance_now"], pdec)
        row["Verschil prestatie"] = (
            _ci(
                r["performance_diff"],
                r["performance_diff_ci_low"],
                r["performance_diff_ci_high"],
                pdec,
            )
            if has_ci
            else _nl(r["performance_diff"], pdec)
        )
        row[f"Kwadrant {comparison.previous_wave}"] = (
            r["quadrant_prev"] if isinstance(r["quadrant_prev"], str) else ""
        )
        row[f"Kwadrant {rep.wave}"] = (
            r["quadrant_now"] if isinstance(r["quadrant_now"], str) else ""
        )
        rows.append(row)
    out = pd.DataFrame(rows).fillna(SUPPRESSED_MARK)
    notes = [
        f"Verschil: deze golf min de vorige, met eronder het {_nl(100 * LEVEL)}%-"
        "bootstrapinterval van het verschil. Impact: aandeel (%) in "
        f"{impact.METHOD_NAMES_NL[rep.method]}.",
        *protected.footnotes,
    ]
    styler = _styled(out, notes)
    return styler.set_table_styles(
        [
            {
                "selector": "td:nth-last-child(-n+2), th:nth-last-child(-n+2)",
                "props": "text-align: left;",
            }
        ],
        overwrite=False,
    )


# ============================================================================================
# The 2017 pilot
# ============================================================================================
def pilot_findings(
    target_group: str,
    organisation: str,
    codebook: Codebook | None = None,
    path: str | Path | None = None,
) -> dict[str, list[str]]:
    """The pilot report's impact findings (``keep``, ``invest``, ...) for one organisation.

    Examples
    --------
    >>> pilot_findings("asielzoekers", "IND")["invest"]
    ['reactietermijn', 'doorverwijzen']
    >>> pilot_findings("asielzoekers", "keten")
    {}
    """
    import yaml

    from helpers.paths import PILOT_REFERENCE_FILE

    cb = codebook or load_codebook()
    file = Path(path or PILOT_REFERENCE_FILE)
    if not file.is_file():
        return {}
    with open(file, encoding="utf-8") as fh:
        pilot = yaml.safe_load(fh) or {}
    key = cb.target_groups[cb.check_target_group(target_group)]["pilot_key"]
    found = (pilot.get(key) or {}).get("impact_analysis_findings") or {}
    return {k: list(v) for k, v in (found.get(organisation) or {}).items()}


def pilot_frame(report: ImpactReport) -> pd.DataFrame | None:
    """Per aspect the pilot named: the pilot's placement and this wave's (None: nothing named)."""
    rep = report
    found = pilot_findings(rep.target_group, rep.organisation)
    if not found or rep.quadrants is None:
        return None
    q = rep.quadrants
    rows = []
    for kind, quadrant in PILOT_QUADRANTS.items():
        for a in found.get(kind, []):
            now = q.loc[a] if a in q.index else None
            rows.append(
                {
                    "driver": a,
                    "pilot": quadrant,
                    "quadrant": now["quadrant"] if now is not None else None,
                    "stable": bool(now["stable"]) if now is not None else None,
                    "agreement": float(now["agreement"]) if now is not None else None,
                    "high_impact": (
                        bool(now["impact"] >= q.attrs["impact_mean"]) if now is not None else None
                    ),
                    "same": (now["quadrant"] == quadrant) if now is not None else None,
                }
            )
    return pd.DataFrame(rows)


def pilot_text(report: ImpactReport, synthetic: bool = False) -> str:
    """For the reviewer: how this wave compares with what the 2017 pilot named."""
    rep = report
    frame = pilot_frame(rep)
    if frame is None:
        if rep.chain:
            return (
                "De pilot van 2017 bevat geen impactanalyse van de keten als geheel; er is dus "
                "geen pilotbevinding om mee te vergelijken."
            )
        return "Voor deze organisatie en doelgroep noemt de pilot van 2017 geen impactbevinding."
    known = frame[frame["quadrant"].notna()]
    same = int(known["same"].sum())
    high = known[known["pilot"].isin([VASTHOUDEN, INVESTEREN])]
    text = (
        "*Ter vergelijking, de **bevinding van de pilot (voorjaar 2017)**, niet van deze golf:* "
        f"de pilot noemde voor {rep.org_phrase} {len(frame)} aspecten (zie de tabel). Daarvan "
        f"staan er nu {same} in hetzelfde kwadrant als in de pilot"
    )
    if len(high):
        text += (
            f", en {int(high['high_impact'].sum())} van de {len(high)} aspecten die de pilot "
            "als ‘vasthouden’ of ‘investeren’ noemde hebben ook nu een bovengemiddelde "
            "impact"
        )
    text += "."
    absent = frame.loc[frame["quadrant"].isna(), "driver"].tolist()
    if absent:
        text += f" Niet in deze analyse: {join_nl(absent)}."
    if synthetic:
        text += (
            " Let op: de demodata zijn gegenereerd met de pilotbevindingen als uitgangspunt; "
            "overeenstemming is hier een controle van de analyse, geen inhoudelijke "
            "bevinding."
        )
    return text


def pilot_table(report: ImpactReport):
    """The table behind :func:`pilot_text` (None when the pilot named nothing)."""
    rep = report
    frame = pilot_frame(rep)
    if frame is None:
        return None
    cb = load_codebook()
    out = pd.DataFrame(
        {
            "Aspect": [_capital(cb.label(a)) for a in frame["driver"]],
            "Pilot 2017": frame["pilot"],
            f"Nu ({rep.wave})": [
                q if isinstance(q, str) else "niet geanalyseerd" for q in frame["quadrant"]
            ],
            "Plaatsing nu": [
                "" if s is None else ("stabiel" if s else "onzeker") for s in frame["stable"]
            ],
            "Zelfde kwadrant": ["" if s is None else ("ja" if s else "nee") for s in frame["same"]],
        }
    )
    return _styled(
        out,
        [
            "Bron pilot: het pilotrapport Klantervaring Kleine Keten (Kantar Public, "
            "voorjaar 2017), de kwadrantenfiguren in woorden."
        ],
        text_cols=5,
    )


# ============================================================================================
# Key figures
# ============================================================================================
def _settings_figures(rep: ImpactReport) -> dict:
    return {
        "wave": rep.wave,
        "target_group": rep.target_group,
        "organisation": rep.organisation,
        "questionnaire_version": rep.version,
        "method": rep.method,
        "missing": rep.missing,
        "performance": rep.performance,
        "bootstrap": rep.bootstrap,
        "seed": rep.seed,
        "stable_at": rep.stable_at,
    }


def key_figures(report: ImpactReport, comparison: WaveComparison | None = None) -> dict:
    """The report's key numbers for :func:`helpers.report._display.save_key_figures`.

    Keys: the settings (``wave``, ``target_group``, ``organisation``, ``questionnaire_version``,
    ``method``, ``missing``, ``performance``, ``bootstrap``, ``seed``, ``stable_at``), ``outcome``,
    ``n``, ``n_available``, ``n_complete``, ``n_pairwise_min``, ``r2``, ``r2_ci_low``,
    ``r2_ci_high``, ``drivers``, ``dropped``, ``aspects`` (per driver: ``label``, ``n``,
    ``share_pct``, ``share_ci_low``, ``share_ci_high`` of the chosen measure, ``lmg_share_pct``,
    ``performance`` with interval, ``quadrant``, ``agreement``, ``stable``), ``top3``,
    ``investeren`` (all in "Investeren en verbeteren", largest impact first),
    ``investeren_stable``, ``vasthouden``, ``suppressed_cells``, ``previous_wave`` and
    ``comparison`` (None without a previous wave: else ``wave``, ``n``, ``r2``,
    ``quadrant_changed``, ``performance_changed``, ``impact_changed``), ``pilot`` (per aspect
    the pilot named: its pilot placement, this wave's quadrant, ``same``).
    """
    rep = report
    res = rep.result
    out = {
        **_settings_figures(rep),
        "outcome": rep.outcome_label,
        "n": rep.n,
        "n_available": rep.n_available,
        "n_complete": rep.n_complete,
        "drivers": list(rep.drivers),
        "dropped": dict(rep.dropped),
    }
    if res is None:
        return {**out, "stopped": rep.stopped, "comparison": None, "previous_wave": None}
    q = rep.quadrants
    t = res.table
    aspects = {}
    for d in rep.ranked():
        aspects[d] = {
            "label": rep.labels[d],
            "n": rep.n_rated[d],
            "share_pct": t.loc[d, f"{rep.method}_share_pct"],
            "share_ci_low": t.loc[d, f"{rep.method}_share_ci_low"],
            "share_ci_high": t.loc[d, f"{rep.method}_share_ci_high"],
            "lmg_share_pct": t.loc[d, "lmg_share_pct"] if "lmg" in res.methods else None,
            "performance": t.loc[d, "performance"],
            "performance_ci_low": t.loc[d, "performance_ci_low"],
            "performance_ci_high": t.loc[d, "performance_ci_high"],
            "quadrant": q.loc[d, "quadrant"],
            "agreement": q.loc[d, "agreement"],
            "stable": bool(q.loc[d, "stable"]),
        }
    ranked = rep.ranked()
    inv = [d for d in ranked if q.loc[d, "quadrant"] == INVESTEREN]
    frame = importance_frame(rep)
    protected = protect_table(frame, base_col="n", value_cols=["performance"], secondary=False)
    out.update(
        {
            "n_pairwise_min": res.point.n_pairwise_min,
            "r2": res.r2,
            "r2_ci_low": res.r2_ci[0],
            "r2_ci_high": res.r2_ci[1],
            "r2_adjusted": adjusted_r2(res.r2, rep.n, len(rep.drivers)),
            "impact_method": rep.method,
            "aspects": aspects,
            "top3": ranked[:3],
            "investeren": inv,
            "investeren_stable": [d for d in inv if q.loc[d, "stable"]],
            "vasthouden": [d for d in ranked if q.loc[d, "quadrant"] == VASTHOUDEN],
            "positief_weinig_impact": [d for d in ranked if q.loc[d, "quadrant"] == POSITIEF],
            "negatief_weinig_impact": [d for d in ranked if q.loc[d, "quadrant"] == NEGATIEF],
            "suppressed_cells": protected.n_suppressed,
            "indicative_cells": protected.n_indicative,
            "previous_wave": comparison.previous_wave if comparison else None,
            "comparison": None,
        }
    )
    if comparison is not None and comparison.table is not None:
        c = comparison.table
        both = c["impact_now"].notna() & c["impact_prev"].notna()
        has_ci = "performance_diff_ci_low" in c.columns
        out["comparison"] = {
            "wave": comparison.previous_wave,
            "n": comparison.previous.n,
            "r2": comparison.previous.result.r2,
            "quadrant_changed": [d for d in c.index[both & c["quadrant_changed"]]],
            "performance_changed": [
                d
                for d in c.index[both]
                if has_ci
                and _significant(
                    c.loc[d, "performance_diff_ci_low"], c.loc[d, "performance_diff_ci_high"]
                )
            ],
            "impact_changed": [
                d
                for d in c.index[both]
                if has_ci
                and _significant(c.loc[d, "impact_diff_ci_low"], c.loc[d, "impact_diff_ci_high"])
            ],
            "quadrant_prev": {d: c.loc[d, "quadrant_prev"] for d in c.index[both]},
        }
    pf = pilot_frame(rep)
    out["pilot"] = (
        None
        if pf is None
        else {
            r["driver"]: {
                "pilot": r["pilot"],
                "now": r["quadrant"],
                "same": r["same"],
                "high_impact": r["high_impact"],
            }
            for _, r in pf.iterrows()
        }
    )
    return out


# ============================================================================================
# Example data (doctests, tests)
# ============================================================================================
def example_tables(
    n: int = 300, seed: int = 1, target_group: str = "asielzoekers", version: str = "2017.1"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Small processed-style ``(ratings, respondents)`` tables with a known structure.

    Every organisation's ``totaaloordeel`` is driven by its aspects (first aspect strongest); the
    chain's by IND (strongest), COA and DT&V. About 8% of the aspect answers are "weet niet".
    """
    cb = load_codebook()
    rng = np.random.default_rng(seed)
    ids = [f"R{i:05d}" for i in range(n)]
    rows = []
    overall = {}
    for org in cb.rated_organisations(target_group, version):
        if org == CHAIN:
            continue
        aspects = cb.aspects(target_group, version, org)
        g = rng.normal(size=(n, 1))
        latent = 0.6 * g + rng.normal(size=(n, len(aspects)))
        coef = np.linspace(1.0, 0.1, len(aspects))
        y = latent @ coef / np.sqrt(len(aspects)) + rng.normal(scale=0.6, size=n)
        overall[org] = y
        for j, a in enumerate(aspects):
            v = np.clip(np.round(3.4 + latent[:, j]), 1, 5)
            dk = rng.random(n) < 0.08
            rows.append(
                pd.DataFrame(
                    {
                        "respondent_id": ids,
                        "organisation": org,
                        "item": a,
                        "value": np.where(dk, np.nan, v),
                        "dont_know": dk,
                    }
                )
            )
    for org, y in overall.items():
        rows.append(
            pd.DataFrame(
                {
                    "respondent_id": ids,
                    "organisation": org,
                    "item": "totaaloordeel",
                    "value": np.clip(np.round(3.5 + y), 1, 5),
                    "dont_know": False,
                }
            )
        )
    if CHAIN in cb.rated_organisations(target_group, version):
        z = {o: (y - y.mean()) / y.std() for o, y in overall.items()}
        chain = 0.8 * z["IND"] + 0.4 * z["COA"] + 0.2 * z["DTV"] + rng.normal(scale=0.6, size=n)
        rows.append(
            pd.DataFrame(
                {
                    "respondent_id": ids,
                    "organisation": CHAIN,
                    "item": "totaaloordeel",
                    "value": np.clip(np.round(3.5 + chain), 1, 5),
                    "dont_know": False,
                }
            )
        )
    ratings = pd.concat(rows, ignore_index=True)
    ratings.insert(1, "target_group", target_group)
    w = rng.lognormal(sigma=0.3, size=n)
    respondents = pd.DataFrame(
        {"respondent_id": ids, "target_group": target_group, "weight": w / w.mean()}
    )
    return ratings, respondents
