"""The words of the impact report: Dutch names of quadrants and measures, and every sentence.

Statistics give quadrant codes (:data:`helpers.stats.QUADRANTS`) and measure codes
(:data:`helpers.stats.METHODS`); :data:`QUADRANT_NAMES_NL` and :data:`METHOD_NAMES_NL` are their
Dutch names, as in the 2017 pilot report. The functions here turn an
:class:`~helpers.report._impact_analysis.ImpactReport` into the Dutch text of each section.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from helpers.codebook import load_codebook
from helpers.errors import InputError
from helpers.notation import format_number
from helpers.report._impact_analysis import (
    LEVEL,
    ImpactReport,
    WaveComparison,
    _capital,
    pilot_frame,
)
from helpers.report._style import wave_label
from helpers.report._text import join_nl, label_for
from helpers.stats import (
    HIGH_SCORE_LOW_IMPACT,
    INVEST,
    KEEP,
    LOW_SCORE_LOW_IMPACT,
    adjusted_r2,
    quadrant_table,
)

#: Dutch name of every quadrant code (the names of the pilot report's quadrant chart).
QUADRANT_NAMES_NL: dict[str, str] = {
    KEEP: "Vasthouden",
    INVEST: "Investeren en verbeteren",
    HIGH_SCORE_LOW_IMPACT: "Positief, weinig impact",
    LOW_SCORE_LOW_IMPACT: "Negatief, weinig impact",
}
#: Dutch names of the importance measures in chart and report text.
METHOD_NAMES_NL: dict[str, str] = {
    "lmg": "LMG",
    "rw": "relatieve gewichten",
    "pratt": "Pratt",
    "beta": "bèta",
    "corr": "correlatie",
}

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


def quadrant_name(code) -> str:
    """The Dutch name of a quadrant code ('' for a missing one).

    Examples
    --------
    >>> quadrant_name("invest"), quadrant_name(None)
    ('Investeren en verbeteren', '')
    """
    return QUADRANT_NAMES_NL[code] if isinstance(code, str) else ""


def _nl(x, decimals: int = 0) -> str:
    return format_number(x, decimals, thousands=False)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


#: Dutch words for what the points are: aspects of an organisation, or organisations (the chain).
SUBJECT_WORDS = {
    "aspect": {
        "one": "dit aspect",
        "more": "deze aspecten",
        "generic": "het aspect",
        "none": "Geen enkel aspect",
        "it": "het",
    },
    "organisatie": {
        "one": "deze organisatie",
        "more": "deze organisaties",
        "generic": "de organisatie",
        "none": "Geen enkele organisatie",
        "it": "ze",
    },
}


def summarise_quadrants(
    result,
    labels: Mapping[str, str] | None = None,
    *,
    outcome_label: str = "totaaloordeel",
    stable_at: float | None = None,
    subject: str = "aspect",
    previous: Mapping[str, str] | None = None,
    previous_label: str = "de vorige meting",
) -> str:
    """Plain-language Dutch summary of the quadrant classification.

    Advice ("Meeste winst valt te behalen op ...", "Vasthouden: ...") is given only for stable
    placements that the previous wave (when given) did not put in another quadrant; an unstable
    placement is hedged ("Mogelijk ..., maar die plaatsing is niet stabiel").

    Parameters
    ----------
    result : BootstrapResult or pandas.DataFrame
        A bootstrap result (classified with ``stable_at``, default 0.8) or the table of
        :func:`helpers.stats.classify_quadrants`.
    labels : mapping, optional
        Dutch label per aspect, e.g. ``{"reactietermijn": "reactietermijn"}``; default the item name
        with spaces for underscores.
    outcome_label : str
        How the outcome is named in the text.
    stable_at : float, optional
        Only used when ``result`` is a BootstrapResult.
    subject : {'aspect', 'organisatie'}
        What the points are: aspects of one organisation (default) or organisations (the drivers
        of the judgement of the whole chain); sets the words ("dit aspect", "deze organisatie").
    previous : mapping, optional
        Per aspect its quadrant code in the previous wave (aspects not analysed then left out).
        A stable placement the previous wave shared is said to be there again; one the previous
        wave put elsewhere gets no advice, only the change.
    previous_label : str
        How the previous wave is named in the text ("de vorige meting (2017 K2)").

    Returns
    -------
    str
        A paragraph that names the stable ``invest`` ("Investeren en verbeteren") aspects first
        (largest impact first), then those whose placement there is uncertain, then the other
        quadrants; uncertain placements are always flagged with their agreement.

    Examples
    --------
    >>> import pandas as pd
    >>> quad = pd.DataFrame({
    ...     "impact": [30.0, 25.0, 20.0, 15.0, 10.0],
    ...     "performance": [40.0, 45.0, 80.0, 50.0, 85.0],
    ...     "quadrant": ["invest", "invest", "keep", "low_score_low_impact",
    ...                  "high_score_low_impact"],
    ...     "agreement": [0.95, 0.9, 0.7, 0.85, 0.99],
    ...     "stable": [True, True, False, True, True]},
    ...     index=pd.Index(["reactietermijn", "doorverwijzen", "bejegening", "uitleg", "privacy"],
    ...                    name="driver"))
    >>> print(summarise_quadrants(quad))  # doctest: +NORMALIZE_WHITESPACE
    Meeste winst valt te behalen op reactietermijn en doorverwijzen: deze aspecten wegen relatief
    zwaar mee in het totaaloordeel, maar scoren relatief laag. Mogelijk weegt bejegening (onzeker,
    70%) zwaar en scoort het relatief goed, maar die plaatsing is niet stabiel. Positief
    beoordeeld, maar met weinig invloed op het totaaloordeel: privacy. Minder positief
    beoordeeld, maar met weinig invloed op het totaaloordeel: uitleg. Onzeker betekent dat minder
    dan 80% van de bootstrapsteekproeven het aspect in hetzelfde kwadrant plaatst (tussen haakjes
    het percentage dat dat wel doet).

    With the previous wave: a placement it shared is named as such, one it did not gets no advice.

    >>> text = summarise_quadrants(quad, previous={"reactietermijn": "invest",
    ...                                            "doorverwijzen": "keep"},
    ...                            previous_label="de vorige meting (2017 K2)")
    >>> print(text.split(";")[0])  # doctest: +NORMALIZE_WHITESPACE
    Meeste winst valt te behalen op reactietermijn: dit aspect weegt relatief zwaar mee in het
    totaaloordeel, maar scoort relatief laag. Ook in de vorige meting (2017 K2) stond reactietermijn
    in dit kwadrant. In deze meting weegt doorverwijzen relatief zwaar mee in het totaaloordeel en
    scoort het relatief laag, maar in de vorige meting (2017 K2) stond het in ‘Vasthouden’
    """
    if subject not in SUBJECT_WORDS:
        raise InputError(f"subject must be one of {', '.join(SUBJECT_WORDS)}, not {subject!r}")
    words = SUBJECT_WORDS[subject]
    it = words["it"]
    quad = quadrant_table(result, stable_at)
    threshold = quad.attrs.get("stable_at", stable_at if stable_at is not None else 0.8)
    quad = quad.sort_values("impact", ascending=False, kind="stable")
    stable_flag = quad["stable"].astype(bool)
    before = {d: q for d, q in (previous or {}).items() if isinstance(q, str)}

    def names(quadrant: str) -> tuple[list[str], list[str], list[str]]:
        """Largest impact first: stable members the previous wave did not place elsewhere, stable
        members it did, and uncertain members (with their agreement)."""
        sel = quad["quadrant"] == quadrant
        sure = [d for d in quad.index[sel & stable_flag] if before.get(d, quadrant) == quadrant]
        moved = [d for d in quad.index[sel & stable_flag] if before.get(d, quadrant) != quadrant]
        unsure = [
            f"{label_for(d, labels)} (onzeker, {_pct(a)})"
            for d, a in zip(
                quad.index[sel & ~stable_flag],
                quad.loc[sel & ~stable_flag, "agreement"],
                strict=True,
            )
        ]
        return sure, moved, unsure

    def verbs(k: int, one: str, more: str) -> str:
        return one if k == 1 else more

    def again(sure: list[str], quadrant: str) -> list[str]:
        """'Also there in the previous wave' for the stable members the previous wave shared."""
        same = [label_for(d, labels) for d in sure if before.get(d) == quadrant]
        if not same:
            return []
        return [
            f"Ook in {previous_label} {verbs(len(same), 'stond', 'stonden')} {join_nl(same)} "
            "in dit kwadrant."
        ]

    def elsewhere(d: str, now: str) -> str:
        return (
            f"In deze meting weegt {label_for(d, labels)} {now}, maar in {previous_label} stond "
            f"{it} in ‘{quadrant_name(before[d])}’"
        )

    def hedge(unsure: list[str], weighs: str, scores: str) -> str:
        k = len(unsure)
        return (
            f"Mogelijk {verbs(k, 'weegt', 'wegen')} {join_nl(unsure)} {weighs} en "
            f"{verbs(k, f'scoort {it}', 'scoren ze')} {scores}, maar "
            f"{verbs(k, 'die plaatsing is', 'die plaatsingen zijn')} niet stabiel."
        )

    parts: list[str] = []
    sure, moved, unsure = names(INVEST)
    if sure:
        parts.append(
            f"Meeste winst valt te behalen op {join_nl([label_for(d, labels) for d in sure])}: "
            + verbs(len(sure), f"{words['one']} weegt", f"{words['more']} wegen")
            + f" relatief zwaar mee in het {outcome_label}, maar "
            + verbs(len(sure), "scoort", "scoren")
            + " relatief laag."
        )
        parts += again(sure, INVEST)
    for d in moved:
        parts.append(
            elsewhere(d, f"relatief zwaar mee in het {outcome_label} en scoort {it} relatief laag")
            + "; pas als een volgende meting dat bevestigt, is dit een duidelijke plek om te "
            "verbeteren."
        )
    if unsure:
        parts.append(hedge(unsure, f"relatief zwaar mee in het {outcome_label}", "relatief laag"))
    if not (sure or moved or unsure):
        parts.append(
            f"{words['none']} combineert een grote invloed op het {outcome_label} met een "
            "relatief lage score."
        )

    sure, moved, unsure = names(KEEP)
    if sure:
        parts.append(
            f"Vasthouden: {join_nl([label_for(d, labels) for d in sure])}; "
            + verbs(len(sure), "dit weegt zwaar en scoort", "deze wegen zwaar en scoren")
            + " relatief goed."
        )
        parts += again(sure, KEEP)
    for d in moved:
        parts.append(elsewhere(d, f"zwaar en scoort {it} relatief goed") + ".")
    if unsure:
        parts.append(hedge(unsure, "zwaar", "relatief goed"))
    for quadrant, lead in (
        (HIGH_SCORE_LOW_IMPACT, "Positief beoordeeld"),
        (LOW_SCORE_LOW_IMPACT, "Minder positief beoordeeld"),
    ):
        sure, moved, unsure = names(quadrant)
        listed = [label_for(d, labels) for d in sure + moved] + unsure
        if listed:
            parts.append(
                f"{lead}, maar met weinig invloed op het {outcome_label}: {join_nl(listed)}."
            )
    if (~stable_flag).any():
        parts.append(
            f"Onzeker betekent dat minder dan {_pct(threshold)} van de bootstrapsteekproeven "
            f"{words['generic']} in hetzelfde kwadrant plaatst (tussen haakjes het percentage dat "
            "dat wel doet)."
        )
    return " ".join(parts)


def _method_text(rep: ImpactReport) -> str:
    return METHOD_TEXT_NL[rep.method].format(
        subject=rep.subject,
        subjects=rep.subjects,
        outcome=rep.outcome_label,
        e_suffix="e" if rep.chain else "",
    )


def design_phrase(report: ImpactReport) -> str:
    """The resampling in a few words, for a table note: what each bootstrap sample draws anew.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> design_phrase(SimpleNamespace(cluster="azc"))
    'hele groepen per opvanglocatie (azc) opnieuw getrokken'
    >>> design_phrase(SimpleNamespace(cluster=None))
    'respondenten opnieuw getrokken'
    """
    if report.cluster is None:
        return "respondenten opnieuw getrokken"
    return f"hele groepen per {load_codebook().label(report.cluster)} opnieuw getrokken"


def design_text(report: ImpactReport) -> str:
    """Markdown: the sampling design the bootstrap intervals assume, in plain Dutch."""
    rep = report
    res = rep.result
    group = load_codebook().label(rep.target_group).lower()
    if rep.cluster is None or res is None or res.n_clusters is None:
        return (
            f"**Steekproefopzet:** de {group} zijn als afzonderlijke personen in de steekproef "
            "gekomen, niet in groepen. Elke bootstrapsteekproef trekt daarom respondenten "
            "opnieuw, met hun gewicht."
        )
    unit = load_codebook().label(rep.cluster)
    return (
        f"**Steekproefopzet:** de {group} zijn niet los getrokken maar per {unit} benaderd, en "
        f"antwoorden binnen één {unit} lijken meer op elkaar dan antwoorden uit verschillende. "
        f"Elke bootstrapsteekproef trekt daarom hele groepen per {unit} opnieuw, niet losse "
        f"respondenten: in deze analyse {res.n_clusters} groepen, waarvan er per steekproef "
        f"{res.n_clusters - 1} met teruglegging worden getrokken, elk met al hun respondenten en "
        "hun gewicht (de bootstrap van Rao en Wu). Zo houden de intervallen en de zekerheid van "
        "de kwadranten rekening met die onderlinge gelijkenis; vooral de intervallen van de "
        "prestatie worden daardoor breder dan wanneer elke respondent als onafhankelijk werd "
        "behandeld."
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
            f"**Aantallen en verklaarde variantie:** n = {rep.n} respondenten (gewogen), "
            f"R² = {_nl(res.r2, 2)} ({_nl(100 * LEVEL)}%-bootstrapinterval {_nl(lo, 2)} tot "
            f"{_nl(hi, 2)}): de {rep.subjects} verklaren samen ongeveer {_nl(100 * res.r2)}% van "
            f"de variatie in het {rep.outcome_label}. Bij {rep.n} respondenten en "
            f"{len(rep.drivers)} {rep.subjects} is R² wat te optimistisch (ook het interval, dat "
            f"daardoor hoog ligt); gecorrigeerd voor het aantal {rep.subjects} is het "
            f"{_nl(adjusted_r2(res.r2, rep.n, len(rep.drivers)), 2)}. Prestatie is {perf} onder "
            f"iedereen die {rep.subject_phrase} beoordeelde. Intervallen en stabiliteit "
            f"komen uit {res.B} bootstrapsteekproeven ({design_phrase(rep)}, seed {res.seed}); "
            "een plaatsing in een kwadrant heet **stabiel** als ten minste "
            f"{_nl(100 * rep.stable_at)}% van die steekproeven {rep.subject_phrase} in hetzelfde "
            "kwadrant plaatst."
        )
        parts.append(design_text(rep))
    if rep.dropped:
        gone = "; ".join(f"{d}: {why}" for d, why in rep.dropped.items())
        parts.append(f"Niet meegenomen: {gone}.")
    return "\n\n".join(parts)


def previous_quadrants(comparison: WaveComparison | None) -> tuple[dict, str]:
    """Per driver its quadrant code in the previous wave, and how that wave is named in a
    sentence (``({}, "")`` without a comparison)."""
    if comparison is None or comparison.table is None:
        return {}, ""
    t = comparison.table
    known = t.index[t["impact_prev"].notna() & t["quadrant_prev"].notna()]
    label = f"de vorige meting ({wave_label(comparison.previous_wave)})"
    return {d: t.loc[d, "quadrant_prev"] for d in known}, label


def summary_text(report: ImpactReport, comparison: WaveComparison | None = None) -> str:
    """The plain-language summary ("Meeste winst valt te behalen op ..."); with the previous
    wave (``comparison``, default the one kept on the report) when there is one."""
    rep = report
    if rep.quadrants is None:
        return ""
    previous, previous_label = previous_quadrants(comparison or rep.comparison)
    return summarise_quadrants(
        rep.quadrants,
        rep.text_labels,
        outcome_label=rep.outcome_label,
        subject=rep.subject,
        previous=previous,
        previous_label=previous_label or "de vorige meting",
    )


def leading_drivers(report: ImpactReport, at_most: int = 3) -> tuple[list[str], bool]:
    """The drivers whose impact interval lies wholly above the average impact, largest first (at
    most ``at_most``), and whether they are the top of the ranking (no driver with a larger
    estimate left out).

    The average impact is the split of the quadrants (``impact_mean``: with shares summing to
    100%, 100/k for k drivers); a driver "stands out" when the lower end of its bootstrap interval
    lies above it.
    """
    q = report.quadrants
    if q is None:
        return [], False
    mean = q.attrs.get("impact_mean", float(q["impact"].mean()))
    ranked = report.ranked()
    above = [d for d in ranked if np.isfinite(q.loc[d, "impact_ci_low"])]
    above = [d for d in above if q.loc[d, "impact_ci_low"] > mean]
    top = bool(above) and ranked[: len(above)] == above
    return above[:at_most], top


def _plain(rep: ImpactReport, d: str) -> str:
    """A driver's name inside a sentence, without quotes ("inleven", "de IND")."""
    return rep.text_labels.get(d, d).strip("‘’")


def _upper_first(text: str) -> str:
    """The first letter upper case, past an opening quote ("‘inleven’" -> "‘Inleven’")."""
    k = 1 if text[:1] == "‘" else 0
    return text[:k] + text[k : k + 1].upper() + text[k + 1 :]


def _heading_names(rep: ImpactReport, drivers: list[str]) -> str:
    """The drivers for a heading: plain ("Inleven en luisteren"), or quoted when a name holds
    "en" itself and a plain list would read wrong."""
    plain = [_plain(rep, d) for d in drivers]
    if len(plain) > 1 and any(" en " in p for p in plain):
        return _upper_first(join_nl([rep.text_labels.get(d, d) for d in drivers]))
    return _upper_first(join_nl(plain))


def findings_heading(report: ImpactReport) -> str:
    """The heading of the findings: which drivers determine the outcome most, in words.

    Names the drivers whose impact stands out with confidence (:func:`leading_drivers`), e.g.
    "Inleven en luisteren bepalen het totaaloordeel over het COA het sterkst"; says so when none
    does.
    """
    rep = report
    if rep.quadrants is None:
        return f"Geen impactanalyse voor het {rep.outcome_label}"
    lead, top = leading_drivers(rep)
    if not lead:
        return (
            f"{SUBJECT_WORDS[rep.subject]['none']} bepaalt het {rep.outcome_label} duidelijk "
            "sterker dan de andere"
        )
    names = _heading_names(rep, lead)
    if top:
        verb = "bepaalt" if len(lead) == 1 else "bepalen"
        return f"{names} {verb} het {rep.outcome_label} het sterkst"
    verb = "weegt" if len(lead) == 1 else "wegen"
    return f"{names} {verb} duidelijk bovengemiddeld mee in het {rep.outcome_label}"


def _share(q, d: str) -> str:
    return (
        f"{_nl(q.loc[d, 'impact'], 1)}% ({_nl(100 * LEVEL)}%-interval "
        f"{_nl(q.loc[d, 'impact_ci_low'], 1)} tot {_nl(q.loc[d, 'impact_ci_high'], 1)}%)"
    )


def findings_numbers(report: ImpactReport) -> str:
    """The numbers behind :func:`findings_heading`: R² in words and the leading shares with their
    intervals against an equal split."""
    rep = report
    res, q = rep.result, rep.quadrants
    if q is None or res is None:
        return ""
    k = len(rep.drivers)
    mean = q.attrs.get("impact_mean", float(q["impact"].mean()))
    even = _nl(mean, 0 if abs(mean - round(mean)) < 0.05 else 1)
    parts = [
        f"De {k} {rep.subjects} verklaren samen ongeveer {_nl(100 * res.r2)}% van de verschillen "
        f"in het {rep.outcome_label}."
    ]
    if rep.method in ("beta", "corr"):
        measure = METHOD_NAMES_NL[rep.method]
        pool = f"van het belang van de {rep.subjects} samen (gemeten met {measure})"
    else:
        pool = "van dat verklaarde deel"
    lead, _ = leading_drivers(rep)
    equal = f"bij een gelijke verdeling over de {k} {rep.subjects} zou elk {even}% krijgen"
    if lead:
        shares = [f"{_share(q, d)} naar {rep.text_labels.get(d, d)}" for d in lead]
        above = "dit interval ligt" if len(lead) == 1 else "deze intervallen liggen"
        parts.append(
            f"{_capital(pool)} gaat {join_nl(shares)}; {equal}, en {above} daar helemaal boven."
        )
    else:
        d = rep.ranked()[0]
        parts.append(
            f"Het grootste aandeel {pool} heeft {rep.text_labels.get(d, d)}: {_share(q, d)}; "
            f"{equal}, en "
            f"geen enkel interval ligt daar helemaal boven."
        )
    return " ".join(parts)


def findings_text(report: ImpactReport, comparison: WaveComparison | None = None) -> str:
    """Markdown of the findings section: the heading (``##``), the numbers and the summary."""
    rep = report
    if rep.quadrants is None:
        return ""
    body = [findings_numbers(rep), summary_text(rep, comparison)]
    return f"## {findings_heading(rep)}\n\n" + "\n\n".join(b for b in body if b)


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
            f"{quadrant_name(row['quadrant'])}{'' if row['stable'] else ' (onzeker)'}"
        )
    return f"Kwadrantengrafiek {rep.org_phrase}, {rep.target_group}: " + "; ".join(items)


def bars_alt(report: ImpactReport) -> str:
    rep = report
    if rep.quadrants is None:
        return ""
    return (
        f"Staafdiagram van het aandeel in de impact ({METHOD_NAMES_NL[rep.method]}) per "
        f"{rep.subject}: "
        + "; ".join(f"{rep.labels[d]} {_nl(rep.quadrants.loc[d, 'impact'])}%" for d in rep.ranked())
    )


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
        f"Vergeleken met {wave_label(comparison.previous_wave)} (n = {prev.n}, R² = "
        f"{_nl(prev.result.r2, 2)}; nu n = {rep.n}, R² = {_nl(rep.result.r2, 2)}), met dezelfde "
        "instellingen:"
    )
    parts = []
    moved = [
        f"{labels[d]} (van ‘{quadrant_name(t.loc[d, 'quadrant_prev'])}’ naar "
        f"‘{quadrant_name(t.loc[d, 'quadrant_now'])}’"
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
    high = known[known["pilot"].isin([KEEP, INVEST])]
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
