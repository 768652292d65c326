"""The opening and the closing of every report: a heading that says what the report is about,
and a closing section "Verantwoording" with the method settings and the data version.

A reviewer reads findings first. So the top of a report holds only the synthetic-data banner
(when it applies) and an H1 that names the report, the target group, the organisation and the
wave, in Dutch ("Impactanalyse COA: asielzoekers, 2017 K2"). The settings the report was made
with, the data version and the software version close the report, under "Verantwoording", with
Dutch names for the settings and Dutch words for their values: no parameter name, no file name
and no machine path reaches the reader; a data folder is named relative to the data folders
("map 2017-Q2 bij de ruwe gegevens").

:func:`helpers.report._display.show_header` shows the opening and remembers what it showed, so
that the notebook's closing call :func:`show_verantwoording` needs no arguments. This module
imports nothing from ``_display`` (which imports it).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from helpers.notation import NO_VALUE_MARK, format_number
from helpers.report._style import decimal_comma, wave_label
from helpers.report._text import join_nl

#: Dutch names of the notebook parameters, in the order the closing section lists them.
PARAMETER_LABELS_NL: dict[str, str] = {
    "wave": "Meting",
    "target_group": "Doelgroep",
    "target_groups": "Doelgroepen",
    "organisation": "Organisatie",
    "method": "Maat voor de impact",
    "performance": "Maat voor de prestatie",
    "missing": "Ontbrekende antwoorden en 'weet niet'",
    "bootstrap": "Aantal bootstrapsteekproeven",
    "seed": "Startgetal van de toevalsgenerator",
    "stable_at": "Stabiele plaatsing vanaf dit aandeel van de bootstrapsteekproeven",
    "min_n": "Minimaal aantal bruikbare respondenten",
    "disclosure_threshold": "Onthullingsdrempel (kleinste getoonde groep)",
    "indicative_below": "Indicatief (*) onder dit aantal respondenten",
    "target_mde": "Aan te tonen verschil in het gemiddelde (schaalpunten)",
    "alpha": "Significantieniveau",
    "power": "Onderscheidend vermogen (power)",
    "response_rate": "Respons",
    "population_size": "Omvang van de populatie",
    "subgroup": "Achtergrondkenmerk voor subgroepen",
    "subgroup_share": "Aandeel van één subgroep in de steekproef",
    "quarterly_n": "Respondenten per kwartaal",
    "simulation_samples": "Aantal gesimuleerde metingen per steekproefomvang",
    "window": "Aantal kwartalen in het voortschrijdend gemiddelde",
    "exclude_straightliners": "Respondenten met overal hetzelfde antwoord uitsluiten",
    "straightline_min_items": "Minimaal aantal beantwoorde aspecten voor 'overal hetzelfde'",
    "exclude_speeders": "Te snelle webinvullers uitsluiten",
    "min_web_minutes": "Minimale invulduur op het web (minuten)",
    "raw_root": "Ruwe gegevens",
    "processed_root": "Verwerkte gegevens",
}
#: Dutch words for the code values of the settings.
VALUE_LABELS_NL: dict[str, dict[str, str]] = {
    "method": {
        "lmg": "LMG (aandeel in de verklaarde variantie)",
        "rw": "relatieve gewichten",
        "beta": "gestandaardiseerde regressiecoëfficiënten",
        "corr": "correlaties",
        "pratt": "Pratt-maat",
    },
    "performance": {"pct_positive": "percentage positief", "mean": "gemiddelde"},
    "missing": {
        "pairwise": "paarsgewijs weggelaten",
        "listwise": "respondent weggelaten",
        "impute": "aangevuld (imputatie)",
    },
}
HEADER_END = "<!--KK-HEADER-END-->"  # the HTML export puts the table of contents here
SYNTHETIC_BANNER_NL = (
    "SYNTHETISCHE DEMODATA: deze rapportage is gemaakt met gegenereerde gegevens, niet met "
    "antwoorden van echte respondenten. De cijfers zeggen niets over IND, COA of DT&V."
)
_FROM_WAVE = {"response_rate", "population_size"}  # 0: taken from the wave's own description
_FOLDERS = {"raw_root": "de ruwe gegevens", "processed_root": "de verwerkte gegevens"}
_NOT_SHOWN = {"key_figures_path"}


@dataclass
class HeaderContext:
    """What the opening of a report showed; the closing section lists it."""

    title: str
    parameters: dict[str, Any]
    waves: list[str] = field(default_factory=list)
    synthetic: bool = False
    data_version: str = ""
    commit: str = ""


_LAST: list[HeaderContext] = []  # the header shown last in this kernel (one report per kernel)


def _labels() -> Mapping[str, str]:
    from helpers.codebook import load_codebook

    cb = load_codebook()
    return {code: cb.label(code) for code in (*cb.target_groups, "IND", "COA", "DTV", "keten")}


def waves_text(waves: list[str]) -> str:
    """The waves of a report as readers see them: one wave, or the first and the last.

    Examples
    --------
    >>> waves_text(["2017-Q2"]), waves_text(["2017-Q2", "2017-Q3", "2017-Q4"]), waves_text([])
    ('2017 K2', '2017 K2 tot en met 2017 K4', '')
    """
    ordered = sorted(waves)
    if len(ordered) <= 1:
        return "".join(wave_label(w) for w in ordered)
    return f"{wave_label(ordered[0])} tot en met {wave_label(ordered[-1])}"


def report_heading(
    title: str, parameters: Mapping[str, Any], waves: list[str] | None = None, labels=None
) -> str:
    """The H1 of a report: the title, then the organisation and target group it is about (when
    the title does not name them yet), then the wave(s).

    Examples
    --------
    >>> labels = {"asielzoekers": "Asielzoekers", "COA": "COA"}
    >>> report_heading("Impactanalyse COA: asielzoekers",
    ...     {"target_group": "asielzoekers", "organisation": "COA"}, ["2017-Q2"], labels)
    'Impactanalyse COA: asielzoekers, 2017 K2'
    >>> report_heading("Beschrijvende resultaten", {"target_group": "asielzoekers"},
    ...     ["2017-Q3"], labels)
    'Beschrijvende resultaten: asielzoekers, 2017 K3'
    """
    labels = _labels() if labels is None else labels
    missing = []
    for key in ("organisation", "target_group"):
        value = parameters.get(key)
        if not value:
            continue
        label = str(labels.get(value, value))
        label = label if key == "organisation" else label.lower()
        if label.lower() not in title.lower():
            missing.append(label)
    heading = title
    if missing:
        heading += (", " if ":" in heading else ": ") + " over ".join(reversed(missing))
    when = waves_text(list(waves or []))
    return f"{heading}, {when}" if when else heading


def header_html(
    title: str,
    parameters: Mapping[str, Any],
    synthetic: bool,
    waves: list[str] | None = None,
    labels=None,
) -> str:
    """HTML of the opening of a report: the synthetic-data banner (when it applies) and the H1.

    The settings and the data version are not here: they close the report
    (:func:`verantwoording_html`).

    Examples
    --------
    >>> h = header_html("Impactanalyse COA: asielzoekers", {"wave": "2017-Q2"}, True,
    ...                 ["2017-Q2"], labels={})
    >>> "SYNTHETISCHE DEMODATA" in h, "<h1" in h and "2017 K2</h1>" in h, "2017-Q2" in h
    (True, True, False)
    """
    banner = (
        f'<div class="kk-banner-synthetic" role="alert">{html.escape(SYNTHETIC_BANNER_NL)}</div>'
        if synthetic
        else ""
    )
    heading = html.escape(report_heading(title, parameters, waves, labels))
    return (
        f'<div class="kk-header">{banner}<h1 class="kk-title" id="kk-title">{heading}</h1></div>'
        f"{HEADER_END}"
    )


def setting_value(name: str, value: Any, waves: list[str], labels=None) -> str:
    """A setting's value in Dutch words (codes translated, numbers with a decimal comma,
    folders relative to the data folders, never a machine path).

    Examples
    --------
    >>> setting_value("method", "lmg", []), setting_value("alpha", 0.05, [])
    ('LMG (aandeel in de verklaarde variantie)', '0,05')
    >>> setting_value("raw_root", "/home/x/data/raw", ["2017-Q2"])
    'map 2017-Q2 bij de ruwe gegevens (opgegeven gegevensmap)'
    >>> setting_value("response_rate", 0.0, []), setting_value("exclude_speeders", True, [])
    ('uit de beschrijving van de meting', 'ja')
    """
    labels = _labels() if labels is None else labels
    if name in _FOLDERS:
        where = "standaardgegevensmap van het project" if not value else "opgegeven gegevensmap"
        folders = join_nl([f"map {w}" for w in sorted(waves)])
        return f"{folders} bij {_FOLDERS[name]} ({where})" if folders else where.capitalize()
    if name in _FROM_WAVE and not value:
        return "uit de beschrijving van de meting"
    if name in VALUE_LABELS_NL:
        return VALUE_LABELS_NL[name].get(str(value), str(value))
    if name == "wave":
        return wave_label(str(value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list | tuple):
        return join_nl([str(labels.get(v, v)).lower() for v in value])
    if isinstance(value, float):
        if name == "response_rate" or name == "subgroup_share":
            return f"{decimal_comma(100 * value, 0)}%"
        return decimal_comma(value, 3, trim=True) if math.isfinite(value) else NO_VALUE_MARK
    if isinstance(value, int):
        return format_number(value, 0)
    text = str(labels.get(value, value))
    return text.lower() if name == "target_group" else text


def verantwoording_rows(context: HeaderContext, labels=None) -> list[tuple[str, str]]:
    """The rows of the closing section: settings in Dutch, then the data and software versions.

    Examples
    --------
    >>> ctx = HeaderContext("Impactanalyse", {"wave": "2017-Q2", "method": "lmg",
    ...     "raw_root": "", "key_figures_path": "/tmp/x.json"}, ["2017-Q2"], True, "ab12", "c0ffee")
    >>> for row in verantwoording_rows(ctx, labels={}):
    ...     print(row)
    ('Meting', '2017 K2')
    ('Maat voor de impact', 'LMG (aandeel in de verklaarde variantie)')
    ('Ruwe gegevens', 'map 2017-Q2 bij de ruwe gegevens (standaardgegevensmap van het project)')
    ('Gegevensversie', 'ab12 (synthetische demodata)')
    ('Programmaversie', 'c0ffee')
    """
    labels = _labels() if labels is None else labels
    order = list(PARAMETER_LABELS_NL)
    shown = sorted(
        (k for k in context.parameters if k not in _NOT_SHOWN),
        key=lambda k: order.index(k) if k in order else len(order),
    )
    rows = [
        (
            PARAMETER_LABELS_NL.get(k, k[:1].upper() + k[1:]),
            setting_value(k, context.parameters[k], context.waves, labels),
        )
        for k in shown
    ]
    version = context.data_version or "onbekend"
    if context.synthetic:
        version += " (synthetische demodata)"
    rows.append(("Gegevensversie", version))
    rows.append(("Programmaversie", context.commit or "onbekend"))
    return rows


def verantwoording_html(context: HeaderContext, labels=None) -> str:
    """The closing section's table (the notebook's markdown cell gives the heading).

    Examples
    --------
    >>> ctx = HeaderContext("Trends", {"window": 4}, [], False, "publieke contextdata", "abc")
    >>> h = verantwoording_html(ctx, labels={})
    >>> h.startswith('<table class="kk-table kk-verantwoording">'), "window" in h
    (True, False)
    """
    body = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in verantwoording_rows(context, labels)
    )
    return (
        '<table class="kk-table kk-verantwoording"><caption>Instellingen en versies van deze '
        f"rapportage</caption>{body}</table>"
        '<p class="kk-footnote">De gegevensversie is een vingerafdruk van de ingelezen '
        "bestanden van de meting: twee rapportages met dezelfde gegevensversie zijn met dezelfde "
        "gegevens gemaakt. De programmaversie wijst de gebruikte analysecode aan.</p>"
    )


def remember(context: HeaderContext) -> None:
    """Keep the header just shown for :func:`show_verantwoording` (one report per kernel)."""
    _LAST[:] = [context]


def show_verantwoording() -> None:
    """Show the closing section of the report whose header was shown last in this kernel.

    Raises
    ------
    helpers.errors.InputError
        When no header was shown yet (the notebook's header cell has not run).
    """
    from IPython.display import HTML, display

    from helpers.errors import InputError

    if not _LAST:
        raise InputError("no report header shown yet: run the notebook from the top")
    display(HTML(verantwoording_html(_LAST[0])))
