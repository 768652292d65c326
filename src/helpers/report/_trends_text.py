"""Dutch words of the trends report: wave labels, column headers, sentences and summaries.

Everything here turns the numbers and codes of :func:`helpers.stats.analyse_trends` into Dutch
(decimal comma, waves as "2017 K2"); no number is computed here.
"""

from __future__ import annotations

import pandas as pd

from helpers.codebook import load_codebook
from helpers.notation import format_number as f
from helpers.report._text import ORGANISATION_PHRASES, join_nl
from helpers.stats import parse_wave, period_of, wave_of

#: Dutch names of the comparison kinds (:data:`helpers.stats.CHANGE_COMPARISONS`).
COMPARISONS_NL: dict[str, str] = {"wave_on_wave": "golf op golf", "year_on_year": "jaar op jaar"}
#: Dutch names of the verdict codes of :func:`helpers.stats.change_tests`.
VERDICTS_NL: dict[str, str] = {
    "significant_exceeds_mde": "significant en groter dan het MDE",
    "significant_below_mde": "significant, maar kleiner dan het MDE",
    "large_not_significant": "groot, maar niet significant",
    "within_uncertainty": "binnen de meetonzekerheid",
}
#: Dutch headers of the report tables (``rename`` of the disclosure's ``style_table``).
COLUMNS_NL: dict[str, str] = {
    "target_group": "Doelgroep",
    "organisation": "Organisatie",
    "wave": "Golf",
    "wave_prev": "Vergeleken met",
    "comparison": "Vergelijking",
    "first_wave": "Van",
    "last_wave": "Tot en met",
    "n": "n",
    "n_min": "n (kleinste)",
    "n_eff": "effectieve n",
    "n_waves": "golven",
    "mean": "gemiddelde",
    "mean_prev": "vorige golf",
    "ci_low": "95%-BI van",
    "ci_high": "95%-BI tot",
    "difference": "verschil",
    "diff_ci_low": "verschil van",
    "diff_ci_high": "verschil tot",
    "p_value": "p",
    "p_holm": "p (Holm)",
    "significant": "significant",
    "mde": "aantoonbaar verschil (MDE)",
    "exceeds_mde": "groter dan MDE",
    "verdict": "oordeel",
    "slope": "per kwartaal",
    "change_total": "over de hele periode",
}
#: Decimals per column (``decimals`` of the disclosure's ``style_table``).
DECIMALS: dict[str, int] = {
    "n": 0,
    "n_min": 0,
    "n_eff": 0,
    "n_waves": 0,
    "mean": 2,
    "mean_prev": 2,
    "ci_low": 2,
    "ci_high": 2,
    "difference": 2,
    "diff_ci_low": 2,
    "diff_ci_high": 2,
    "p_value": 3,
    "p_holm": 3,
    "mde": 2,
    "slope": 3,
    "change_total": 2,
}


def wave_label(wave: str) -> str:
    """Dutch label of a wave: ``"2017-Q2"`` -> ``"2017 K2"`` (kwartaal).

    Examples
    --------
    >>> wave_label("2017-Q2")
    '2017 K2'
    """
    year, quarter = parse_wave(wave)
    return f"{year} K{quarter}"


def p_text(p: float) -> str:
    """A p-value in Dutch: three decimals, or "< 0,001".

    Examples
    --------
    >>> p_text(0.0004), p_text(0.0123)
    ('< 0,001', '0,012')
    """
    return "< 0,001" if p < 0.001 else f(p, 3)


def value_labels(results: dict[str, dict]) -> dict[str, dict]:
    """Display labels of the codes in the report tables (``labels`` of ``style_table``)."""
    cb = load_codebook()
    waves = set()
    orgs = set()
    for r in results.values():
        waves |= set(r["means"]["wave"])
        orgs |= set(r["means"]["organisation"])
    periods = [period_of(w) for w in waves]
    span = range(min(periods) - 4, max(periods) + 1) if periods else range(0)
    wave_labels = {wave_of(p): wave_label(wave_of(p)) for p in span}
    return {
        "target_group": {tg: cb.label(tg) for tg in results},
        "organisation": {o: cb.label(o) for o in orgs},
        "wave": wave_labels,
        "wave_prev": wave_labels,
        "first_wave": wave_labels,
        "last_wave": wave_labels,
    }


def overview_nl(results: dict[str, dict]) -> str:
    """Which waves were processed, and what that allows (Dutch, Markdown)."""
    cb = load_codebook()
    waves = sorted({w for r in results.values() for w in r["means"]["wave"]}, key=period_of)
    labels = [wave_label(w) for w in waves]
    if len(waves) == 1:
        head = (
            f"Er is één golf verwerkt ({labels[0]}). Deze rapportage toont alleen die golf; "
            "veranderingen en trends kunnen pas getoetst worden als er een tweede golf is."
        )
    else:
        periods = [period_of(w) for w in waves]
        gaps = [
            wave_label(wave_of(p)) for p in range(periods[0], periods[-1] + 1) if p not in periods
        ]
        head = (
            f"Er zijn {len(waves)} golven verwerkt: {', '.join(labels[:-1])} en "
            f"{labels[-1]}." + (f" Ontbrekende kwartalen: {', '.join(gaps)}." if gaps else "")
        )
    lines = [head, ""]
    for tg, r in results.items():
        n = r["means"]["n"]
        lines.append(
            f"- {cb.label(tg)}: {f(n.min(), 0)} tot {f(n.max(), 0)} beoordelaars "
            "per golf en organisatie."
        )
    return "\n".join(lines)


def latest_trends(trend: pd.DataFrame) -> pd.DataFrame:
    """The tested trends of the latest reporting wave (the trends this report publishes)."""
    tested = trend[trend["reason"] == ""] if len(trend) else trend
    if not len(tested):
        return tested
    last = max(tested["last_wave"], key=period_of)
    return tested[tested["last_wave"] == last]


def design_nl(designs: dict, target_groups) -> str:
    """The sampling design the numbers assume, per target group (Dutch, Markdown).

    Parameters
    ----------
    designs : dict
        ``{wave id: {target group: design}}`` with the designs of
        :attr:`helpers.data.Wave.design` (``cluster``, ``fresh_clusters``, ``fpc``).
    target_groups : iterable of str
        The target groups shown.
    """
    cb = load_codebook()
    waves = sorted(designs, key=period_of)
    lines = []
    for tg in target_groups:
        per_wave = {w: designs[w][tg] for w in waves if tg in designs[w]}
        clustered = {w: d for w, d in per_wave.items() if d.cluster}
        if not clustered:
            lines.append(
                f"- {cb.label(tg)}: gewogen; elke respondent telt als een afzonderlijke "
                "trekking (geen clustering)."
            )
            continue
        names = sorted({cb.label(d.cluster) for d in clustered.values()})
        text = (
            f"- {cb.label(tg)}: gewogen en geclusterd per {' of '.join(names)}. Mensen in "
            "dezelfde locatie geven vaak vergelijkbare antwoorden, dus elke extra respondent "
            "uit een locatie voegt minder informatie toe dan een respondent uit een nieuwe "
            "locatie; de intervallen en toetsen houden daar rekening mee."
        )
        revisits = [w for w in waves[1:] if w in clustered and not clustered[w].fresh_clusters]
        if revisits:
            text += (
                f" In {join_nl([wave_label(w) for w in revisits])} zijn dezelfde locaties "
                "bezocht als in de golf ervoor; vergelijkingen met die golf houden rekening met "
                "die overlap."
            )
        else:
            text += (
                " Elke golf trekt de locaties opnieuw, dus twee golven zijn onafhankelijke "
                "steekproeven."
            )
        plain = [w for w in per_wave if w not in clustered]
        if plain:
            text += f" Voor {join_nl([wave_label(w) for w in plain])} is geen clustering opgegeven."
        lines.append(text)
    if any(getattr(d, "fpc", False) for w in waves for d in designs[w].values()):
        lines.append(
            "- De correctie voor een kleine populatie die een golf opgeeft, is hier niet "
            "toegepast: de intervallen zijn daardoor eerder iets te breed dan te smal."
        )
    if not lines:
        return ""
    return "**Aangenomen steekproefopzet.**\n\n" + "\n".join(lines)


def trend_method_nl(results: dict[str, dict]) -> str:
    """How the linear trend is tested, in plain Dutch, and what it covers now (Markdown)."""
    cb = load_codebook()
    lines = [
        "Per organisatie gaat er een rechte lijn door de gemiddelden per golf; een nauwkeuriger "
        "gemiddelde telt zwaarder mee. Hoeveel de gemiddelden rond die lijn schommelen, wordt "
        "uit de golven zelf geschat: schommelen ze meer dan het toeval van de steekproef "
        "verklaart (bijvoorbeeld door een bijzonder kwartaal), dan is de helling onzekerder en "
        "is een trend moeilijker aan te tonen. Met weinig golven is die schatting grof, en de "
        "toets houdt daar rekening mee; pas vanaf drie golven is er een toets. Elke golf krijgt "
        "een eigen trend over de golven tot en met die golf, met Holm-correctie over de "
        "organisaties van die golf: een trend die al is gepubliceerd, verandert niet als er een "
        "golf bijkomt.",
        "",
    ]
    for tg, r in results.items():
        trend = latest_trends(r["trend"])
        if len(trend):
            first, last = trend["first_wave"].min(), trend["last_wave"].iloc[0]
            lines.append(
                f"- {cb.label(tg)}: trend over {int(trend['n_waves'].max())} golven "
                f"({wave_label(first)} tot en met {wave_label(last)})."
            )
        else:
            lines.append(
                f"- {cb.label(tg)}: nog geen trend; er {'is' if r['n_waves'] == 1 else 'zijn'} "
                f"pas {r['n_waves']} {'golf' if r['n_waves'] == 1 else 'golven'} en een trend "
                "vraagt er minstens drie."
            )
    return "\n".join(lines)


def changes_note_nl(results: dict[str, dict]) -> str:
    """One Dutch sentence per target group on how many tests were done (Markdown)."""
    cb = load_codebook()
    lines = []
    for tg, r in results.items():
        ch = r["changes"]
        if ch.empty:
            why = (
                "er is maar één golf verwerkt"
                if r["n_waves"] == 1
                else "er zijn geen golven om te vergelijken"
            )
            lines.append(f"- {cb.label(tg)}: geen toetsen, {why}.")
            continue
        counts = ch.groupby("comparison").size()
        parts = [f"{int(counts.get(k, 0))} {v}" for k, v in COMPARISONS_NL.items()]
        yoy = (
            ""
            if counts.get("year_on_year", 0)
            else " (jaar op jaar kan pas als hetzelfde kwartaal een jaar eerder is verwerkt)"
        )
        lines.append(
            f"- {cb.label(tg)}: {' en '.join(parts)} toetsen{yoy}; "
            f"{int(ch['significant'].sum())} significant na Holm."
        )
    if any(len(r["changes"]) for r in results.values()):
        lines += [
            "",
            "De Holm-correctie loopt per golf: de vergelijkingen van één soort die in dezelfde "
            "golf eindigen (alle organisaties van een doelgroep) vormen samen één familie. Zo "
            "blijft de uitkomst van een golf die al is gepubliceerd gelijk als er later een golf "
            "bijkomt.",
        ]
    shared = any(
        (r["changes"]["samples"] == "shared_clusters").any()
        for r in results.values()
        if len(r["changes"])
    )
    if shared:
        lines.append(
            "Waar een golf dezelfde locaties bezocht als de golf ervoor, zijn de twee golven niet "
            "onafhankelijk; bij die vergelijkingen is met die overlap rekening gehouden."
        )
    return "\n".join(lines)


def changes_summary_nl(
    changes: pd.DataFrame, *, target_group_label: str = "", n_waves: int | None = None
) -> str:
    """The significant changes in Dutch sentences (Markdown).

    Parameters
    ----------
    changes : pandas.DataFrame
        :func:`helpers.stats.change_tests` of one target group.
    target_group_label : str
        E.g. "Asielzoekers" (starts each paragraph).
    n_waves : int, optional
        Number of processed waves (to say why nothing could be tested).

    Examples
    --------
    >>> ch = pd.DataFrame({"comparison": ["wave_on_wave"], "organisation": ["IND"],
    ...     "wave": ["2017-Q3"], "wave_prev": ["2017-Q2"], "mean": [3.4], "mean_prev": [3.7],
    ...     "difference": [-0.3], "p_holm": [0.01], "significant": [True], "mde": [0.28],
    ...     "exceeds_mde": [True]})
    >>> print(changes_summary_nl(ch))
    - Het oordeel over de IND daalde van 2017 K2 op 2017 K3 van 3,70 naar 3,40 (−0,30 punt; p na Holm 0,010); groter dan het kleinste aantoonbare verschil van 0,28 punt.
    """  # noqa: E501
    head = f"**{target_group_label}.** " if target_group_label else ""
    if changes.empty:
        why = (
            "er is maar één golf verwerkt"
            if n_waves == 1
            else "er zijn geen golven met genoeg beoordelaars om te vergelijken"
        )
        return f"{head}Veranderingen kunnen nog niet getoetst worden: {why}."
    sig = changes[changes["significant"]]
    n_tests = len(changes)
    if sig.empty:
        return (
            f"{head}Geen van de {n_tests} getoetste veranderingen is significant na "
            "Holm-correctie: de verschillen tussen de golven vallen binnen de "
            "meetonzekerheid."
        )
    lines = (
        [
            f"{head}{len(sig)} van de {n_tests} getoetste veranderingen "
            f"{'is' if len(sig) == 1 else 'zijn'} significant na Holm-correctie:"
        ]
        if head
        else []
    )
    for r in sig.itertuples():
        verb = "steeg" if r.difference > 0 else "daalde"
        kind = "" if r.comparison == "wave_on_wave" else " (jaar op jaar)"
        size = (
            "groter dan het kleinste aantoonbare verschil"
            if r.exceeds_mde
            else "kleiner dan het verschil dat de steekproef betrouwbaar aantoont"
        )
        diff = f(r.difference, 2).replace("-", "−")
        lines.append(
            f"- Het oordeel over {ORGANISATION_PHRASES.get(r.organisation, r.organisation)} {verb}"
            f"{kind} van {wave_label(r.wave_prev)} op {wave_label(r.wave)} van "
            f"{f(r.mean_prev, 2)} naar {f(r.mean, 2)} ({'+' if r.difference > 0 else ''}"
            f"{diff} punt; p na Holm {p_text(r.p_holm)}); {size} van {f(r.mde, 2)} punt."
        )
    return "\n".join(lines)


def summary_nl(results: dict[str, dict]) -> str:
    """The Dutch summary of the trends report: per target group the significant changes
    (:func:`changes_summary_nl`), the linear trends and the latest complete rolling mean."""
    cb = load_codebook()
    blocks = []
    for tg, r in results.items():
        lines = [
            changes_summary_nl(r["changes"], target_group_label=cb.label(tg), n_waves=r["n_waves"])
        ]
        trend = latest_trends(r["trend"])
        for t in trend[trend["significant"].astype(bool)].itertuples() if len(trend) else []:
            verb = "steeg" if t.slope > 0 else "daalde"
            lines.append(
                f"- Over {t.n_waves} golven ({wave_label(t.first_wave)} tot en met "
                f"{wave_label(t.last_wave)}) {verb} het oordeel over "
                f"{ORGANISATION_PHRASES.get(t.organisation, t.organisation)} gestaag: "
                f"{f(abs(t.slope), 2)} punt per kwartaal, samen "
                f"{f(abs(t.change_total), 2)} punt (lineaire trend, p na Holm "
                f"{p_text(t.p_holm)})."
            )
        if len(trend) and not trend["significant"].astype(bool).any():
            lines.append("- Er is geen significante lineaire trend over de golven.")
        done = r["rolling"][r["rolling"]["complete"]]
        if len(done):
            last = done[done["period"] == done["period"].max()]
            parts = [f"{cb.label(x.organisation)} {f(x.mean, 2)}" for x in last.itertuples()]
            lines.append(
                f"- Gemiddeld over de laatste {int(last['window'].iloc[0])} kwartalen "
                f"({wave_label(last['first_wave'].iloc[0])} tot en met "
                f"{wave_label(last['wave'].iloc[0])}): {', '.join(parts)}."
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------------------------
# the other measures: % positive per aspect, NPS, word of mouth

#: What the estimate of each view is called in table headers and on chart axes.
VIEW_MEASURES_NL: dict[str, str] = {
    "aspects": "% positief",
    "nps": "NPS",
    "word_of_mouth": "% (heel) positief",
}
#: What the rows of each view are in its Holm family (Dutch).
_FAMILY_NL = {
    "aspects": "alle aspecten en organisaties",
    "nps": "alle organisaties",
    "word_of_mouth": "alle organisaties",
}


def positive_answers_nl(target_group: str) -> str:
    """The two positive answers of the aspects of a target group, e.g. "zeker wel of wel"."""
    cb = load_codebook()
    for item in cb.aspects(target_group):
        variables = cb.rating_variables(target_group, None, item)
        if variables:
            labels = variables[0].scale.value_labels()
            return f"{labels[5]} of {labels[4]}"
    return "positief"


def view_method_nl(view: str, target_groups) -> str:
    """What a view measures and how its intervals are computed (Dutch, Markdown)."""
    cb = load_codebook()
    if view == "aspects":
        answers = "; ".join(
            f"{cb.label(tg).lower()}: {positive_answers_nl(tg)}" for tg in target_groups
        )
        head = (
            "Per aspect van de dienstverlening het percentage beoordelaars met een positief "
            f"antwoord ({answers}), per golf met het 95%-interval."
        )
    elif view == "nps":
        head = (
            "De aanbevelingsscore (NPS) is het percentage promotors (9 of 10 op de schaal van "
            "0 tot en met 10) min het percentage criticasters (0 tot en met 6); de score loopt "
            "van −100 tot +100. Per golf de score met het 95%-interval."
        )
    else:
        head = (
            "Het percentage asielzoekers dat heel positief of positief over de organisatie praat "
            "met vrienden of familie, per golf met het 95%-interval. Wie zegt er nooit over te "
            "praten, telt mee in het totaal, net als in de rapportage van één golf."
        )
    return (
        f"{head} De intervallen en toetsen volgen de weging en de steekproefopzet die elke golf "
        "opgeeft, net als bij het totaaloordeel (zie het overzicht bovenaan)."
    )


def view_changes_nl(
    view: str,
    shown: pd.DataFrame,
    n_tests: dict[str, int],
    n_waves: dict[str, int],
    *,
    item_labels: dict | None = None,
) -> str:
    """How many changes were tested per target group and which are significant (Markdown).

    Parameters
    ----------
    view : {"aspects", "nps", "word_of_mouth"}
    shown : pandas.DataFrame
        The view's change tests after disclosure control, only the rows shown
        (``target_group``, ``organisation``, ``item``, ``wave_prev``, ``wave``, the estimates of
        both waves, ``difference``, ``p_holm``, ``significant``).
    n_tests : dict
        Tests done per target group.
    n_waves : dict
        Processed waves with answers per target group.
    item_labels : dict, optional
        Labels of the items (aspects).

    Examples
    --------
    >>> ch = pd.DataFrame({"target_group": ["ketenpartners"], "organisation": ["COA"],
    ...     "item": ["nps"], "wave_prev": ["2017-Q2"], "wave": ["2017-Q3"],
    ...     "nps_prev": [-35.2], "nps": [-21.7], "difference": [13.5], "p_holm": [0.012],
    ...     "significant": [True]})
    >>> print(view_changes_nl("nps", ch, {"ketenpartners": 3}, {"ketenpartners": 2}))
    ... # doctest: +NORMALIZE_WHITESPACE
    - Ketenpartners: 3 vergelijkingen met de vorige golf getoetst, 1 significant na Holm-correctie.
      - Het COA: steeg van −35 in 2017 K2 naar −22 in 2017 K3 (p na Holm 0,012).
    <BLANKLINE>
    Alleen een significante toets heet hier een verandering (▲ hoger, ▼ lager dan de vorige golf); de Holm-correctie loopt per golf over alle organisaties van de doelgroep. Andere verschillen tussen de golven vallen binnen de meetonzekerheid.
    """  # noqa: E501
    cb = load_codebook()
    value = "nps" if view == "nps" else "pct"
    unit = "" if view == "nps" else "%"
    lines = []
    for tg in n_waves:
        k = int(n_tests.get(tg, 0))
        if not k:
            why = (
                "er is maar één golf verwerkt"
                if n_waves[tg] == 1
                else "geen twee opeenvolgende golven hebben genoeg beoordelaars"
            )
            lines.append(
                f"- {cb.label(tg)}: nog geen toetsen op verandering, {why}; de tabel toont per "
                "golf het niveau met het 95%-interval, zonder oordeel over verandering."
            )
            continue
        sig = shown[(shown["target_group"] == tg) & shown["significant"].astype(bool)]
        lines.append(
            f"- {cb.label(tg)}: {k} {'vergelijking' if k == 1 else 'vergelijkingen'} met de "
            f"vorige golf getoetst, {len(sig)} significant na Holm-correctie."
        )
        for r in sig.to_dict("records"):
            who = ORGANISATION_PHRASES.get(r["organisation"], r["organisation"])
            who = who[0].upper() + who[1:]
            if view == "aspects" and item_labels is not None:
                who += f", {item_labels.get(r['item'], r['item'])}"
            verb = "steeg" if r["difference"] > 0 else "daalde"
            old = f(r[f"{value}_prev"], 0).replace("-", "−") + unit
            new = f(r[value], 0).replace("-", "−") + unit
            lines.append(
                f"  - {who}: {verb} van {old} in {wave_label(r['wave_prev'])} naar {new} in "
                f"{wave_label(r['wave'])} (p na Holm {p_text(r['p_holm'])})."
            )
    if any(n_tests.values()):
        lines += [
            "",
            "Alleen een significante toets heet hier een verandering (▲ hoger, ▼ lager dan de "
            f"vorige golf); de Holm-correctie loopt per golf over {_FAMILY_NL[view]} van de "
            "doelgroep. Andere verschillen tussen de golven vallen binnen de meetonzekerheid.",
        ]
    return "\n".join(lines)
