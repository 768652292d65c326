"""The impact analysis of one report: drivers, data, the analysis, the previous wave, the pilot.

:func:`run_impact` does the analysis of one organisation and target group (numbers and quadrant
codes; the Dutch words are in :mod:`helpers.report._impact_text`):

* **Drivers.** For IND, COA and DT&V the aspects the codebook lists for the wave's questionnaire
  version and organisation (:meth:`helpers.codebook.Codebook.aspects`), intersected with the items
  present in the data (the 2018.1 questionnaire adds ``tolk`` for the asylum seekers' IND block).
  The outcome is the organisation's ``totaaloordeel``.
* **The whole chain** (``keten``, asylum seekers only). The questionnaire has no aspects of the
  chain itself, only its overall judgement. The drivers are the respondent's overall judgements of
  IND, COA and DT&V, the outcome the overall judgement of the chain: *which organisation drives the
  judgement of the chain?* Performance is then the % positive (or mean) of those judgements.
* **Analysis.** :func:`helpers.stats.bootstrap_importance` with all five measures, the survey
  weights, the chosen missing-data strategy and ``bootstrap`` resamples of the wave's sampling
  units: whole clusters where the design (``wave.yml``, :attr:`helpers.data.Wave.design`) has a
  cluster column (the reception centre for asylum seekers), else respondents;
  :func:`helpers.stats.classify_quadrants` with the chosen measure as impact. With fewer than
  ``min_n`` usable respondents (or fewer than two drivers) the report stops on purpose.

The notebook's ``performance`` parameter is ``pct_positive`` or ``mean`` (as
:func:`helpers.batch._plan.parameter_rules` lists them); :data:`PERFORMANCE_MEASURES` maps it to
the library's ``positive`` / ``mean``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, load_codebook
from helpers.data import Wave
from helpers.errors import InputError
from helpers.io import load_yaml
from helpers.privacy import DEFAULT_THRESHOLD
from helpers.report._style import wave_label
from helpers.report._text import ORGANISATION_PHRASES
from helpers.stats import (
    HIGH_SCORE_LOW_IMPACT,
    INVEST,
    KEEP,
    OUTCOME_ITEMS,
    BootstrapResult,
    ImpactWarning,
    add_weights,
    bootstrap_importance,
    check_missing,
    classify_quadrants,
    compare_waves,
    parse_methods,
    wide_ratings,
)

#: Notebook parameter ``performance`` -> the ``performance`` argument of the impact library.
PERFORMANCE_MEASURES: dict[str, str] = {"pct_positive": "positive", "mean": "mean"}
#: The organisation code of the whole chain.
CHAIN = "keten"
#: The organisations whose overall judgements drive the judgement of the chain.
CHAIN_DRIVERS: tuple[str, ...] = ("IND", "COA", "DTV")
#: Level of every bootstrap interval in the report.
LEVEL = 0.95

#: The pilot report's findings (``keep``, ``invest``, ... in the reference file): quadrant codes.
PILOT_QUADRANTS: tuple[str, ...] = (KEEP, INVEST, HIGH_SCORE_LOW_IMPACT)


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
    cluster : str or None
        The design's cluster column whose clusters the bootstrap resamples (``azc``); None:
        respondents are resampled.
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
        :func:`helpers.stats.classify_quadrants` with ``method`` as impact (quadrant codes).
    stopped : str or None
        The Dutch reason why the analysis was not done (None when it was).
    source : helpers.data.Wave or None
        The wave the tables came from (None for tables passed in directly).
    key_figures_path : str
        Where the notebook writes the key figures ('' writes nothing).
    parameters : dict
        The notebook's parameters, for the header.
    comparison : WaveComparison or None
        The comparison with the previous wave, once :func:`compare_with_previous` has run.
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
    cluster: str | None
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
    result: BootstrapResult | None = None
    quadrants: pd.DataFrame | None = None
    stopped: str | None = None
    source: Wave | None = None
    key_figures_path: str = ""
    parameters: dict = field(default_factory=dict)
    comparison: WaveComparison | None = None

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
# Data and analysis
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
    cluster: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """One row per respondent: ``totaaloordeel`` (the outcome), the drivers present, ``weight``
    (and the design's ``cluster`` column, e.g. ``azc``).

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
        wide = wide_ratings(ratings, respondents, target_group, organisation, items, cluster)
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
    add_weights(wide, respondents, cluster)
    return wide, items


def usable_n(wide: pd.DataFrame, drivers: list[str], missing: str) -> int:
    """Respondents the analysis uses: what :func:`helpers.stats.relative_importance` reports as n.

    ``listwise``: outcome and every driver answered; ``pairwise`` and ``impute``: outcome and at
    least one driver answered; always a positive weight.

    Examples
    --------
    >>> df = pd.DataFrame({"totaaloordeel": [4, 3, np.nan, 5], "a": [4, np.nan, 3, 5],
    ...                    "b": [np.nan, np.nan, 2, 4], "weight": [1.0, 1.0, 1.0, 0.0]})
    >>> usable_n(df, ["a", "b"], "pairwise"), usable_n(df, ["a", "b"], "listwise")
    (1, 0)
    """
    check_missing(missing)
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
        if v.organisation == org and (chain or v.item not in OUTCOME_ITEMS):
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
    cluster: str | None = None,
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
    cluster : str, optional
        Column of ``respondents`` with the cluster of the sampling design (``azc``, as
        :attr:`helpers.data.Wave.design` declares it); the bootstrap then resamples whole
        clusters. None: respondents are resampled.

    Returns
    -------
    ImpactReport
        With ``stopped`` set (and no result) when the data are too thin; otherwise ``result`` and
        ``quadrants``.

    Raises
    ------
    InputError
        Unknown target group, organisation, method, strategy or performance; an organisation the
        target group does not rate (``keten`` for chain partners); a cluster column the
        respondents table lacks.

    Notes
    -----
    Drivers with fewer than 10 answers (the disclosure threshold) or without variation are left
    out and named in the report. Bootstrap intervals are percentile intervals (Efron & Tibshirani
    1993) over resamples of respondents or, with ``cluster``, of whole clusters (Rao & Wu 1988,
    m = C - 1); see :func:`helpers.stats.bootstrap_importance`.
    """
    cb = codebook or load_codebook()
    measure = performance_measure(performance)
    method = parse_methods(method)
    if len(method) != 1:
        raise InputError("choose one method for the quadrants: lmg, rw, beta, corr or pratt")
    method = method[0]
    check_missing(missing)
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
        cluster=cluster,
    )
    rep.performance_label, positive_at = _performance_label(
        cb, target_group, organisation, version, measure, chain
    )
    first = cb.versions[0]
    if version and version != first and not chain:
        rep.new_drivers = [
            d for d in candidates if d not in cb.aspects(target_group, first, organisation)
        ]
    if cluster is not None and cluster not in respondents.columns:
        raise InputError(f"respondents table has no cluster column {cluster!r}")
    try:
        wide, drivers = analysis_data(
            ratings, respondents, target_group, organisation, candidates, cluster
        )
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
            warnings.simplefilter("ignore", ImpactWarning)
            rep.result = bootstrap_importance(
                wide,
                "totaaloordeel",
                kept,
                "weight",
                cluster=cluster,
                methods="all",
                missing=missing,
                B=int(bootstrap),
                seed=int(seed),
                level=LEVEL,
                performance=measure,
                positive_at=positive_at,
            )
        rep.quadrants = classify_quadrants(rep.result, stable_at, method)
    except InputError as exc:
        rep.result, rep.quadrants = None, None
        rep.stopped = (
            f"De impactanalyse voor {who} kon met deze gegevens niet worden "
            f"uitgevoerd (technische melding: {exc.message})."
        )
        return rep
    rep.n = int(rep.result.n)
    return rep


def analyse_wave(wave: Wave, target_group: str, organisation: str, **settings) -> ImpactReport:
    """:func:`run_impact` on a processed wave (its tables, questionnaire version and design: the
    bootstrap resamples the clusters the wave's ``wave.yml`` declares for the target group)."""
    design = wave.design.get(target_group)
    rep = run_impact(
        wave.ratings,
        wave.respondents,
        target_group,
        organisation,
        version=wave.version,
        wave=wave.id,
        cluster=design.cluster if design is not None else None,
        **settings,
    )
    rep.source = wave
    return rep


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


def compare_with_previous(report: ImpactReport) -> WaveComparison:
    """Run the same analysis on the wave's previous processed wave and compare (kept on the report).

    The previous wave is analysed with the same settings but seed ``seed + 1``, so that the
    bootstrap samples of the two waves are independent (the intervals of the differences assume
    that; point estimates do not depend on the seed unless ``missing='impute'``).
    """
    rep = report
    if rep.comparison is not None:
        return rep.comparison
    rep.comparison = _compare_with_previous(rep)
    return rep.comparison


def _compare_with_previous(rep: ImpactReport) -> WaveComparison:
    if rep.source is None or rep.result is None:
        return WaveComparison(None, reason="Er is geen analyse om te vergelijken.")
    previous = rep.source.previous
    if previous is None:
        return WaveComparison(
            None,
            reason=(
                f"Er is geen eerdere verwerkte golf dan {wave_label(rep.wave)}; een vergelijking "
                "volgt vanaf "
                "de "
                "volgende golf."
            ),
        )
    prev = previous.id
    prev_rep = analyse_wave(
        previous,
        rep.target_group,
        rep.organisation,
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
    table = compare_waves(rep.result, prev_rep.result, method=rep.method, stable_at=rep.stable_at)
    table["n_now"] = [rep.n_rated.get(d, np.nan) for d in table.index]
    table["n_prev"] = [prev_rep.n_rated.get(d, np.nan) for d in table.index]
    return WaveComparison(prev, prev_rep, table)


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

    from helpers.paths import PILOT_REFERENCE_FILE

    cb = codebook or load_codebook()
    file = Path(path or PILOT_REFERENCE_FILE)
    if not file.is_file():
        return {}
    with open(file, encoding="utf-8") as fh:
        pilot = load_yaml(fh) or {}
    key = cb.target_groups[cb.check_target_group(target_group)]["pilot_key"]
    found = (pilot.get(key) or {}).get("impact_analysis_findings") or {}
    return {k: list(v) for k, v in (found.get(organisation) or {}).items()}


def pilot_frame(report: ImpactReport) -> pd.DataFrame | None:
    """Per aspect the pilot named: the pilot's placement and this wave's, as quadrant codes (None:
    the pilot named nothing or there is no analysis)."""
    rep = report
    found = pilot_findings(rep.target_group, rep.organisation)
    if not found or rep.quadrants is None:
        return None
    q = rep.quadrants
    rows = []
    for quadrant in PILOT_QUADRANTS:
        for a in found.get(quadrant, []):
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
