"""The sentences of the wave summary: rules that turn key figures into Dutch, with the
uncertainty in the wording.

Every rule reads numbers that another report of the wave computed (its key figures) and
decides the words; nothing is estimated here. The rules:

- **Judgement** (mean overall judgement on 1-5): the words of the band the mean falls in
  (:data:`JUDGEMENT_BANDS`). When the 95% interval reaches into a neighbouring band the wording
  names both ("matig tot redelijk tevreden"), so a heading never claims more than the interval
  allows. Fewer than 30 raters: "indicatief"; a suppressed figure: no judgement at all.
- **Change since the previous wave**: called a change only when the trends report's test
  (Welch, Holm-corrected over the comparisons) found one; otherwise "geen aantoonbare
  verandering"; without a tested comparison, nothing is said.
- **Aspects to invest in or to keep**: only placements that are stable (the impact report's
  bootstrap put them in the same quadrant often enough); a placement that was also in that
  quadrant in the previous wave is called stable across waves; unstable candidates are named as
  such, never as advice.
- **Mirror gaps**: the largest differences between what staff expect and what asylum seekers say,
  "significant" only when the Holm-corrected test says so.
- **Subgroup differences**: only those that survive the Holm correction are counted.

The bands follow the pilot's reading of the 1-5 scale (its headline: "Asielzoekers zijn redelijk
tevreden over het COA" at a mean of about 3,7).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from helpers.report._compare_text import mirror_gap_sentence
from helpers.report._style import decimal_comma, interval_nl, percent_nl, wave_label
from helpers.report._text import ORGANISATION_PHRASES, join_nl

#: Lower bounds of the judgement bands on the 1-5 scale and their words.
JUDGEMENT_BANDS: tuple[tuple[float, str], ...] = (
    (4.25, "zeer tevreden"),
    (3.75, "tevreden"),
    (3.25, "redelijk tevreden"),
    (2.75, "matig tevreden"),
    (0.0, "ontevreden"),
)
INDICATIVE_BELOW = 30  # raters: fewer makes a figure indicative (as in the detail reports)
GROUP_PHRASES: dict[str, str] = {"asielzoekers": "Asielzoekers", "ketenpartners": "Ketenpartners"}


def _finite(*values) -> bool:
    return all(v is not None and math.isfinite(float(v)) for v in values)


def band(mean: float) -> int:
    """Index of the band of ``mean`` in :data:`JUDGEMENT_BANDS` (0 is the most positive).

    >>> band(4.5), band(3.7), band(1.0)
    (0, 2, 4)
    """
    return next(i for i, (low, _) in enumerate(JUDGEMENT_BANDS) if mean >= low)


def judgement_words(mean: float, ci_low: float, ci_high: float) -> str:
    """The words for a mean judgement, widened to two bands when the interval spans them.

    Examples
    --------
    >>> judgement_words(3.7, 3.55, 3.74)
    'redelijk tevreden'
    >>> judgement_words(3.7, 3.5, 3.9)
    'redelijk tevreden tot tevreden'
    >>> judgement_words(3.0, 2.6, 3.4)
    'ontevreden tot redelijk tevreden'
    """
    low, high = band(ci_high), band(ci_low)  # band 0 is the most positive
    if low == high:
        return JUDGEMENT_BANDS[low][1]
    worst, best = JUDGEMENT_BANDS[high][1], JUDGEMENT_BANDS[low][1]
    if worst.endswith(" tevreden") and best.endswith(" tevreden") and best != "tevreden":
        return f"{worst.removesuffix(' tevreden')} tot {best}"
    return f"{worst} tot {best}"


def judgement_heading(target_group: str, organisation: str, figure: Mapping) -> str:
    """The heading of one organisation's block: a finding, as in the pilot.

    Examples
    --------
    >>> judgement_heading("asielzoekers", "COA", {"mean": 3.7, "ci_low": 3.55, "ci_high": 3.74,
    ...                   "n": 180})
    'Asielzoekers zijn redelijk tevreden over het COA'
    >>> judgement_heading("ketenpartners", "DTV", {"mean": 3.4, "ci_low": 3.0, "ci_high": 3.8,
    ...                   "n": 20})
    'Ketenpartners zijn matig tevreden tot tevreden over de DT&V (indicatief)'
    >>> judgement_heading("asielzoekers", "IND", {"mean": None, "n": 4})
    'Over de IND oordeelden te weinig asielzoekers om iets te zeggen'
    """
    who = GROUP_PHRASES.get(target_group, target_group.capitalize())
    about = ORGANISATION_PHRASES.get(organisation, organisation)
    mean, low, high = figure.get("mean"), figure.get("ci_low"), figure.get("ci_high")
    if not _finite(mean, low, high):
        return f"Over {about} oordeelden te weinig {who.lower()} om iets te zeggen"
    words = judgement_words(float(mean), float(low), float(high))
    note = " (indicatief)" if (figure.get("n") or 0) < INDICATIVE_BELOW else ""
    return f"{who} zijn {words} over {about}{note}"


def judgement_sentence(organisation: str, figure: Mapping) -> str:
    """The figures behind the heading: mean with interval, n and % positive.

    >>> judgement_sentence("COA", {"mean": 3.71, "ci_low": 3.56, "ci_high": 3.87, "n": 182,
    ...                    "pct_positive": 68.2})
    'Gemiddeld oordeel over het COA: 3,7 op een schaal van 1 tot 5 (95%-BI 3,6-3,9; 182 \
beoordelaars); 68% is (heel) positief.'
    """
    about = ORGANISATION_PHRASES.get(organisation, organisation)
    mean, low, high = figure.get("mean"), figure.get("ci_low"), figure.get("ci_high")
    if not _finite(mean, low, high):
        return ""
    n = int(figure.get("n") or 0)
    text = (
        f"Gemiddeld oordeel over {about}: {decimal_comma(float(mean), 1)} op een schaal van 1 "
        f"tot 5 ({interval_nl(low, high, 1)}; {n} beoordelaars)"
    )
    pct = figure.get("pct_positive")
    if _finite(pct):
        text += f"; {percent_nl(float(pct))} is (heel) positief"
    return text + "."


def change_sentence(change: Mapping | None, previous_wave: str | None) -> str:
    """Change since the previous wave, only as the trends report's test decided.

    ``change``: ``{"tested": bool, "significant": bool, "difference": float}`` or None.

    Examples
    --------
    >>> change_sentence({"tested": True, "significant": True, "difference": 0.31}, "2017-Q2")
    'Dat is hoger dan in 2017 K2 (+0,31 punt; een aangetoonde verandering na correctie voor het \
aantal vergelijkingen).'
    >>> change_sentence({"tested": True, "significant": False, "difference": -0.1}, "2017-Q2")
    'Ten opzichte van 2017 K2 is geen verandering aangetoond.'
    >>> change_sentence(None, None)
    ''
    """
    if not previous_wave or not change or not change.get("tested"):
        return ""
    when = wave_label(previous_wave)
    if not change.get("significant"):
        return f"Ten opzichte van {when} is geen verandering aangetoond."
    diff = float(change["difference"])
    direction = "hoger" if diff > 0 else "lager"
    sign = "+" if diff > 0 else "-"
    return (
        f"Dat is {direction} dan in {when} ({sign}{decimal_comma(abs(diff), 2)} punt; een "
        "aangetoonde verandering na correctie voor het aantal vergelijkingen)."
    )


def aspects_sentences(
    invest: Sequence[str],
    keep: Sequence[str],
    unstable_invest: Sequence[str],
    labels: Mapping[str, str],
    also_before: Sequence[str] = (),
    previous_wave: str | None = None,
) -> list[str]:
    """What to invest in and what to keep: stable placements only, the rest named as unsure.

    Examples
    --------
    >>> labels = {"inleven": "Inleven", "luisteren": "Luisteren", "doorverwijzen": "Doorverwijzen"}
    >>> aspects_sentences(["inleven"], ["luisteren"], ["doorverwijzen"], labels, ["inleven"],
    ...                   "2017-Q2")  # doctest: +NORMALIZE_WHITESPACE
    ['Investeren en verbeteren: inleven (ook in 2017 K2 in dit kwadrant).',
     'Vasthouden: luisteren.',
     'Mogelijk ook doorverwijzen, maar die plaatsing is niet stabiel: nog geen advies.']
    >>> aspects_sentences([], [], [], labels)[0][:60]
    'Geen aspect staat stabiel in een kwadrant met veel impact: d'
    """

    def named(codes):
        out = []
        for code in codes:
            text = labels.get(code, code.replace("_", " ")).lower()
            if code in also_before and previous_wave:
                text += f" (ook in {wave_label(previous_wave)} in dit kwadrant)"
            out.append(text)
        return join_nl(out)

    sentences = []
    if invest:
        sentences.append(f"Investeren en verbeteren: {named(invest)}.")
    if keep:
        sentences.append(f"Vasthouden: {named(keep)}.")
    if unstable_invest:
        sentences.append(
            f"Mogelijk ook {join_nl([labels.get(c, c).lower() for c in unstable_invest])}, maar "
            f"{'die plaatsing is' if len(unstable_invest) == 1 else 'die plaatsingen zijn'} "
            "niet stabiel: nog geen advies."
        )
    if not invest and not keep:
        sentences.append(
            "Geen aspect staat stabiel in een kwadrant met veel impact: deze meting geeft nog "
            "geen advies over investeren of vasthouden."
        )
    return sentences


def mirror_sentence(organisation: str, figure: Mapping, alpha: float = 0.05) -> str:
    """One mirror gap: what staff (for the chain: all partners) expect against what asylum
    seekers say (% positive).

    Examples
    --------
    >>> mirror_sentence("IND", {"expected": 40.0, "experienced": 62.0, "p_holm": 0.01})
    'Medewerkers onderschatten hoe positief asielzoekers over de IND oordelen: verwacht 40%, \
ervaren 62% (een aangetoond verschil).'
    >>> mirror_sentence("COA", {"expected": 70.0, "experienced": 64.0, "p_holm": 0.4})
    'Medewerkers lijken iets positiever te denken over het COA dan asielzoekers zelf \
(verwacht 70%, ervaren 64%), maar dat verschil is niet aangetoond.'
    """
    who = "ketenpartners" if organisation == "keten" else "medewerkers"  # chain: all partners
    about = ORGANISATION_PHRASES.get(organisation, organisation)
    return mirror_gap_sentence(who, about, figure, alpha)


def subgroup_sentence(target_group: str, counts: Mapping[str, int], labels: Mapping) -> str:
    """The subgroup differences that survive the Holm correction, per background variable.

    Examples
    --------
    >>> subgroup_sentence("asielzoekers", {"nationaliteit": 2, "geslacht": 0}, {})
    'Bij asielzoekers blijven na correctie voor het aantal toetsen 2 verschillen tussen groepen \
over: naar nationaliteit (2).'
    >>> subgroup_sentence("ketenpartners", {"positie": 0}, {})
    'Bij ketenpartners blijft na correctie voor het aantal toetsen geen verschil tussen groepen \
over.'
    """
    shown = {k: int(v) for k, v in counts.items() if v}
    if not shown:
        return (
            f"Bij {target_group} blijft na correctie voor het aantal toetsen geen verschil tussen "
            "groepen over."
        )
    parts = [f"naar {labels.get(k, k.replace('_', ' '))} ({n})" for k, n in shown.items()]
    total = sum(shown.values())
    what = "verschil tussen groepen" if total == 1 else "verschillen tussen groepen"
    verb = "blijft" if total == 1 else "blijven"
    return (
        f"Bij {target_group} {verb} na correctie voor het aantal toetsen {total} {what} over: "
        f"{join_nl(parts)}."
    )


def response_sentence(target_group: str, n: int, n_eff: float | None) -> str:
    """The response of one target group.

    >>> response_sentence("asielzoekers", 200, 151.4)
    '200 asielzoekers deden mee; na weging en clustering telt dat als een steekproef van 151.'
    """
    text = f"{n} {target_group} deden mee"
    if _finite(n_eff):
        how = "weging en clustering" if target_group == "asielzoekers" else "weging"
        text += f"; na {how} telt dat als een steekproef van {round(float(n_eff))}"
    return text + "."
