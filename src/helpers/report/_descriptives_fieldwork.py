"""Descriptives section on the fieldwork: the population, the fieldwork period, the mode of
completion and the response as a share of the population.

The population size and the fieldwork period come from ``wave.yml`` (kept on
:class:`~helpers.report._descriptives_base.WaveData` by ``load_wave``). ``wave.yml`` records no
number of invited or approached people, so the response is given as the share of the population
that took part, never as a response rate. The counts per mode go through
:func:`helpers.privacy.protect_table` with the wave's disclosure plan: a mode with fewer
respondents than the threshold is suppressed, and so is another one when the total minus the
shown modes would give it back.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from helpers.notation import format_number
from helpers.privacy import OTHER_LABEL
from helpers.report._descriptives_base import (
    REMAINDER,
    REMAINDER_FLAG,
    Section,
    WaveData,
    _num,
    _protect,
)
from helpers.report._descriptives_display import _fmt_est, _fmt_n, _styled
from helpers.report._style import wave_label
from helpers.stats import composition

#: Dutch month names (1 = januari).
MONTHS_NL: tuple[str, ...] = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

MODE = "modus"


def date_nl(day: dt.date, *, year: bool = True) -> str:
    """A date in Dutch words.

    >>> date_nl(dt.date(2017, 4, 3)), date_nl(dt.date(2017, 4, 3), year=False)
    ('3 april 2017', '3 april')
    """
    text = f"{day.day} {MONTHS_NL[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def period_nl(start: dt.date | None, end: dt.date | None) -> str:
    """A fieldwork period in Dutch ("" when a date is unknown); the year once when both share it.

    >>> period_nl(dt.date(2017, 4, 3), dt.date(2017, 6, 23))
    '3 april tot en met 23 juni 2017'
    >>> period_nl(dt.date(2017, 12, 4), dt.date(2018, 2, 9))
    '4 december 2017 tot en met 9 februari 2018'
    >>> period_nl(None, dt.date(2018, 2, 9))
    ''
    """
    if start is None or end is None:
        return ""
    return f"{date_nl(start, year=start.year != end.year)} tot en met {date_nl(end)}"


def fieldwork(data: WaveData) -> Section:
    """Fieldwork and response: period, population, share of the population, mode of completion.

    Returns
    -------
    Section
        Key ``veldwerk``; key figures ``fieldwork`` (``start``, ``end`` as ISO dates,
        ``population``, ``respondents``, ``pct_of_population``) and ``mode`` (per shown mode
        ``n`` and ``pct``, the unweighted share of the respondents; suppressed modes left out).
    """
    sec = Section("veldwerk")
    tg_label = data.codebook.label(data.target_group).lower()
    period = period_nl(data.fieldwork_start, data.fieldwork_end)
    if period:
        sec.text(f"Het veldwerk van golf {wave_label(data.wave)} liep van {period}.")
    else:
        sec.text("De periode van het veldwerk is voor deze golf niet vastgelegd.")
    population = data.population.get(data.target_group)
    size = getattr(population, "size", None)
    pct_population = 100.0 * data.n / size if size else None
    sec.text(_response_text(data, tg_label, size, pct_population, population))
    _mode_table(sec, data, tg_label)
    sec.key_figures["fieldwork"] = {
        "start": data.fieldwork_start.isoformat() if data.fieldwork_start else None,
        "end": data.fieldwork_end.isoformat() if data.fieldwork_end else None,
        "population": int(size) if size else None,
        "respondents": data.n,
        "pct_of_population": pct_population,
    }
    return sec


def _response_text(data: WaveData, tg_label: str, size, pct, population) -> str:
    if not size:
        return (
            f"**{data.n}** {tg_label} vulden de vragenlijst in (na opschoning). De omvang van de "
            "populatie is voor deze golf niet vastgelegd, dus welk deel van de populatie "
            "meedeed, is niet te berekenen."
        )
    text = (
        f"De populatie telt {format_number(size, 0)} {tg_label}; **{data.n}** van hen vulden de "
        f"vragenlijst in (na opschoning). Dat is **{format_number(pct, 1)}%** van de populatie: "
        "het aandeel van de populatie dat meedeed. Het is geen responspercentage, want hoeveel "
        f"{tg_label} zijn uitgenodigd of benaderd, is niet vastgelegd."
    )
    rate = getattr(population, "response_rate", None)
    if rate:
        text += (
            f" Volgens de opgave van het veldwerk deed {format_number(100 * rate, 0)}% van de "
            "benaderde mensen mee; dat percentage is met deze gegevens niet na te rekenen."
        )
    return text


def _mode_categories(data: WaveData) -> list[str]:
    """The modes to list: those with respondents and those the plan hides (shown as "–"), in
    the codebook's order; a mode nobody used is left out."""
    resp = data.respondents
    present = set(resp[MODE].dropna().astype(str)) if MODE in resp.columns else set()
    hidden: set[str] = set()
    plan = data.plan
    if plan is not None and MODE in plan.variables():
        hidden = {c for c in plan.hidden(MODE) if c != OTHER_LABEL}
    wanted = present | hidden
    codebook = [str(c) for c in data.codebook.column_categories(MODE, data.target_group)]
    order = [c for c in codebook if c in wanted]
    order += sorted(c for c in wanted if c not in order and c != OTHER_LABEL)
    if OTHER_LABEL in wanted:
        order.append(OTHER_LABEL)
    return order


def _mode_table(sec: Section, data: WaveData, tg_label: str) -> None:
    """Respondents per mode, protected (the rest of the total is a hidden cell)."""
    categories = _mode_categories(data)
    if not categories:
        sec.text("Hoe de vragenlijst is ingevuld, is in deze golf niet vastgelegd.")
        return
    resp = data.respondents
    unit = resp.assign(_unit=1.0)  # the respondents as they are: unweighted shares
    if MODE not in unit.columns:
        unit[MODE] = np.nan
    shares = composition(unit, MODE, categories, weight_col="_unit")
    table = pd.DataFrame(
        {
            MODE: shares["category"].astype(str),
            "n": shares["n"].astype(int),
            "pct": shares["pct"].astype(float),
            REMAINDER_FLAG: False,
        }
    )
    rest = data.n - int(table["n"].sum())
    if rest > 0:  # unknown or hidden modes: computable from the total, so protected too
        extra = {MODE: REMAINDER, "n": rest, "pct": np.nan, REMAINDER_FLAG: True}
        table = pd.concat([table, pd.DataFrame([extra])], ignore_index=True)
    protected = _protect(data, table, hidden=REMAINDER_FLAG)
    sec.protected.append(protected)
    t = protected.table
    labels = data.codebook.column_categories(MODE, data.target_group)
    frame = pd.DataFrame(
        {
            "Invulwijze": [labels.get(c, c) for c in t[MODE]],
            "n": _fmt_n(t),
            "% van de respondenten": _fmt_est(t, "pct", decimals=0, suffix="%"),
        }
    )
    total = {"Invulwijze": "totaal", "n": format_number(data.n, 0), "% van de respondenten": "100%"}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    sec.table(_styled(frame, protected), "Invulwijze (aantallen en aandelen ongewogen)")
    if bool(t["suppressed"].any()):
        sec.text(
            f"Een invulwijze met minder dan {data.threshold} {tg_label} wordt niet getoond (–). "
            "Omdat het totaal wel bekend is, is dan ook een andere invulwijze niet getoond, zodat "
            "het kleine aantal niet uit het totaal terug te rekenen is."
        )
    sec.key_figures["mode"] = {
        str(row[MODE]): {"n": int(row["n"]), "pct": _num(row["pct"])}
        for row in t.to_dict("records")
        if not row["suppressed"]
    }
