"""The cleaning report (notebook ``01_cleaning``): counts and reasons, never respondent rows.

The notebook cleans the wave once (:func:`build`) and calls one function per section. Everything
here reads the ``cleaning_log.json`` dict that :func:`helpers.data._cleaning.clean_wave`
writes (``CleaningResult.log``), so the report can also be rebuilt from a log on disk.

Examples
--------
>>> log = {"totals": {"rows_read": 10, "rows_kept": 8, "rows_quarantined": 2},
...        "rows_quarantined_by_reason": {"speeder": 2}, "cells_set_missing_by_reason": {}}
>>> summary_sentence(log)
'Er kwamen 10 rijen binnen; 8 zijn verwerkt en 2 zijn terzijde gelegd (quarantaine).'
>>> reason_table(log)["aantal"].tolist()
[2]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import paths
from helpers.codebook import load_codebook
from helpers.data import CleaningRules, clean_wave
from helpers.io import write_csv
from helpers.privacy import HELD_BACK_FILE, held_back, open_answer_rows
from helpers.report._text import join_nl, label_for

REASONS_NL = {
    "malformed_row": "rij onleesbaar (verkeerd aantal velden)",
    "truncated_row": "rij afgebroken (bestand onvolledig)",
    "missing_id": "geen respondentcode",
    "duplicate_exact": "dubbele rij (exacte kopie)",
    "duplicate_id_conflict": "dubbele respondentcode met verschillende antwoorden",
    "speeder": "webvragenlijst onwaarschijnlijk snel ingevuld",
    "straightliner": "overal hetzelfde antwoord (rechte lijn)",
    "out_of_range": "code buiten de antwoordschaal",
    "invalid_value": "onbekende waarde",
    "invalid_date": "ongeldige datum",
    "routing_no_contact": "oordeel over een organisatie zonder contact",
    "routing_own_organisation": "ketenpartner beoordeelt de eigen organisatie",
    "routing_not_asked": "antwoord op een vraag die niet gesteld is",
    "routing_source_missing": "filtervraag niet beantwoord (antwoorden behouden)",
    "date_outside_fieldwork": "invuldatum buiten de veldwerkperiode",
}
ACTIONS_NL = {"rows": "rij uitgesloten", "cells": "cel leeg gemaakt", "flags": "gemarkeerd"}
TARGET_GROUPS_NL = {"asielzoekers": "asielzoekers", "ketenpartners": "ketenpartners"}
STATUS_NL = {
    "ok": "De opschoning verliep zonder waarschuwingen.",
    "warnings": "Let op: de opschoning gaf {n} waarschuwing(en); zie de tabel Waarschuwingen.",
    "incomplete": "Let op: deze meting is onvolledig. Er ontbreken gegevens die analyses nodig "
    "hebben ({n} waarschuwing(en)); zie de tabel Waarschuwingen.",
}
#: Dutch wording of each warning and note code of the log (fields: count, items, subject).
NOTICES_NL = {
    "mixed_encodings": "{count} regel(s) in een andere tekencodering (cp1252) gelezen",
    "tab_separated": "kolommen gescheiden door tabs in plaats van ';' of ','; toch gelezen",
    "mojibake_repaired": "{count} cel(len) met verminkte letters (zoals 'Ã«' voor 'ë') hersteld",
    "columns_other_version": "{count} kolom(men) van een andere versie van de vragenlijst "
    "genegeerd: {items}",
    "columns_ignored": "{count} kolom(men) die niet in het codeboek staan genegeerd: {items}",
    "columns_absent": "{count} vraag/vragen uit het codeboek ontbreken in het bestand "
    "(geen antwoorden): {items}",
    "outcome_columns_absent": "het totaaloordeel ontbreekt voor {items}: daarvoor kan geen "
    "impactanalyse worden gemaakt",
    "value_labels_remapped": "{subject}: het bestand nummert de antwoorden anders dan het "
    "codeboek; omgezet volgens de antwoordlabels",
    "no_respondents": "geen enkele rij verwerkt ({count} gelezen)",
    "weighting_too_small": "te weinig respondenten om te wegen: de groep blijft ongewogen "
    "(gewicht 1)",
    "weighting_category_absent": "{subject}: geen respondenten in {items}; de overige "
    "populatieaandelen zijn herschaald",
    "weighting_category_without_target": "{subject}: {count} respondent(en) in een categorie "
    "zonder populatieaandeel ({items}); niet op dit kenmerk gewogen",
    "weighting_margin_skipped": "{subject}: geen respondent in een categorie met een "
    "populatieaandeel; dit kenmerk telt niet mee in de weging",
    "weighting_margins_approximate": "begrenzen van de gewichten en de populatieverdeling gaan "
    "niet samen: gewichten begrensd, verdeling bij benadering bereikt",
    "weighting_value_missing": "{subject}: {count} respondent(en) zonder antwoord; niet op dit "
    "kenmerk gewogen",
    "export_header_rows": "{count} extra kopregel(s) van het exportbestand overgeslagen "
    "(regel {items})",
    "platform_columns_dropped": "{count} kolom(men) van het enquêteplatform verwijderd: {items}",
    "columns_renamed": "{count} kolom(men) hernoemd volgens de instellingen van de meting: {items}",
}
#: Codes whose items (or subject) are codebook names: shown by their Dutch codebook label.
_CODEBOOK_ITEMS = {"columns_absent", "outcome_columns_absent"}
_UNWEIGHTED_NL = {
    "no_margins": "geen populatieverdeling opgegeven",
    "no_respondents": "geen respondenten",
    "too_small": "te weinig respondenten om te wegen",
}


def summary_sentence(log: dict) -> str:
    """One Dutch sentence: rows in, processed, quarantined."""
    t = log["totals"]
    return (
        f"Er kwamen {t['rows_read']} rijen binnen; {t['rows_kept']} zijn verwerkt en "
        f"{t['rows_quarantined']} zijn terzijde gelegd (quarantaine)."
    )


def status_sentence(log: dict) -> str:
    """One Dutch sentence on the status of the cleaning (``ok``, ``warnings``, ``incomplete``).

    >>> status_sentence({"status": "incomplete", "warnings": [{"code": "no_respondents"}]})[:38]
    'Let op: deze meting is onvolledig. Er '
    """
    return STATUS_NL[log["status"]].format(n=len(log["warnings"]))


def _label(name: str) -> str:
    try:
        return load_codebook().label(name)
    except (KeyError, LookupError):
        return label_for(name, None)


def notice_nl(notice: dict) -> str:
    """A warning or note of the log in Dutch (its English message when the code is unknown).

    >>> notice_nl({"code": "outcome_columns_absent", "count": 1, "items": ["DTV"]})
    'het totaaloordeel ontbreekt voor DT&V: daarvoor kan geen impactanalyse worden gemaakt'
    >>> notice_nl({"code": "columns_ignored", "count": 2, "items": ["q7", "x"]})
    '2 kolom(men) die niet in het codeboek staan genegeerd: q7 en x'
    """
    template = NOTICES_NL.get(notice["code"])
    if template is None:
        return str(notice.get("message", notice["code"]))
    items = [str(i) for i in notice.get("items") or []]
    subject = notice.get("subject")
    if notice["code"] in _CODEBOOK_ITEMS:
        items = [_label(i) for i in items]
    return template.format(
        count=notice.get("count"),
        items=join_nl(items),
        subject=_label(subject) if subject else "",
    )


def notices_table(log: dict, kind: str = "warnings") -> pd.DataFrame:
    """The log's ``warnings`` (or ``notes``) in Dutch: file or target group, and the message.

    A file is named by its number in the intake table (:func:`intake_table`), not its name.
    """
    numbers = {f["file"]: i for i, f in enumerate(log.get("files") or [], start=1)}
    rows = [
        {
            "bestand of doelgroep": (
                f"bestand {numbers.get(n['file'], '?')}"
                if n.get("file")
                else TARGET_GROUPS_NL.get(n.get("target_group"), n.get("target_group") or "")
            ),
            "melding": notice_nl(n),
        }
        for n in log.get(kind) or []
    ]
    return pd.DataFrame(rows, columns=["bestand of doelgroep", "melding"])


def intake_table(log: dict) -> pd.DataFrame:
    """Per delivered file: target group, format, encoding, rows read / kept / quarantined.

    Files are numbered in delivery order: a file name is the analyst's, not the reader's.
    """
    rows = []
    for number, f in enumerate(log["files"], start=1):
        rows.append(
            {
                "bestand": number,
                "doelgroep": TARGET_GROUPS_NL.get(f["target_group"], f["target_group"]),
                "formaat": f["format"]
                + (f" ({f['encoding']}, '{f['delimiter']}')" if f.get("delimiter") else ""),
                "rijen gelezen": f["rows_read"],
                "verwerkt": f["rows_kept"],
                "quarantaine": f["rows_quarantined"],
                "cellen leeg gemaakt": f.get("cells_set_missing", 0),
            }
        )
    return pd.DataFrame(rows)


def reason_table(log: dict) -> pd.DataFrame:
    """Counts per reason and action (row excluded, cell set missing, flagged), largest first."""
    rows = []
    for key, action in (
        ("rows_quarantined_by_reason", "rows"),
        ("cells_set_missing_by_reason", "cells"),
        ("flagged_by_reason", "flags"),
    ):
        for reason, count in (log.get(key) or {}).items():
            rows.append(
                {
                    "reden": REASONS_NL.get(reason, reason),
                    "actie": ACTIONS_NL[action],
                    "aantal": int(count),
                    "code": reason,
                }
            )
    table = pd.DataFrame(rows, columns=["reden", "actie", "aantal", "code"])
    return table.sort_values(["aantal", "code"], ascending=[False, True]).reset_index(drop=True)


def weighting_table(log: dict) -> pd.DataFrame:
    """Per target group: weighting method, n, Kish design effect, effective n, weight range."""
    rows = []
    for tg, w in (log.get("weighting") or {}).items():
        if w["method"] == "raking":
            method = "raking naar populatieverdeling"
        else:
            method = f"ongewogen ({_UNWEIGHTED_NL.get(w.get('reason_code'), 'geen weging')})"
        unweighted = 1.0 if w["n"] else None
        rows.append(
            {
                "doelgroep": TARGET_GROUPS_NL.get(tg, tg),
                "methode": method,
                "n": w["n"],
                "design-effect (Kish)": _round(w.get("deff", unweighted), 3),
                "effectieve n": _round(w.get("n_eff", w["n"]), 1),
                "kleinste gewicht": _round(w.get("weight_min", unweighted), 2),
                "grootste gewicht": _round(w.get("weight_max", unweighted), 2),
            }
        )
    return pd.DataFrame(rows)


def _round(x, nd: int):
    return None if x is None else round(float(x), nd)


def margins_table(log: dict) -> pd.DataFrame:
    """Population margins: target share, and the share the weights achieve (in %).

    Target groups, characteristics and categories carry the codebook's Dutch labels.
    """
    codebook = load_codebook()
    rows = []
    for tg, w in (log.get("weighting") or {}).items():
        for var, targets in (w.get("margins_target") or {}).items():
            achieved = (w.get("margins_achieved") or {}).get(var, {})
            categories = codebook.column_categories(var, tg)
            for cat, share in targets.items():
                rows.append(
                    {
                        "doelgroep": TARGET_GROUPS_NL.get(tg, tg),
                        "kenmerk": label_for(var, None),
                        "categorie": label_for(cat, categories),
                        "populatie (%)": round(100 * share, 1),
                        "gewogen steekproef (%)": round(100 * achieved.get(cat, float("nan")), 1),
                    }
                )
    return pd.DataFrame(rows)


def key_figures(log: dict, held_back_answers: int | None = None) -> dict:
    """The numbers the tests and the index rely on (``held_back_answers``: see :func:`build`)."""
    t = log["totals"]
    extra = {} if held_back_answers is None else {"open_answers_held_back": held_back_answers}
    return extra | {
        "rows_read": t["rows_read"],
        "rows_kept": t["rows_kept"],
        "rows_quarantined": t["rows_quarantined"],
        "respondents_by_target_group": t.get("respondents_by_target_group", {}),
        "rows_quarantined_by_reason": log.get("rows_quarantined_by_reason", {}),
        "cells_set_missing_by_reason": log.get("cells_set_missing_by_reason", {}),
        "deff": {tg: w.get("deff") for tg, w in (log.get("weighting") or {}).items()},
        "n_eff": {tg: w.get("n_eff") for tg, w in (log.get("weighting") or {}).items()},
        "synthetic": log.get("synthetic"),
        "status": log.get("status"),
        "warnings": [w["code"] for w in log.get("warnings") or []],
    }


# --------------------------------------------------------------------------------------------
# the notebook: build once, one call per section
# --------------------------------------------------------------------------------------------

TITLE = "Opschoning en weging"


@dataclass
class CleaningReport:
    """A cleaning run and what its report shows (built once by :func:`build`).

    ``result`` is what :func:`helpers.data.clean_wave` returned (tables in memory and the log).
    """

    wave: str
    result: Any
    settings: dict
    raw_root: str = ""
    key_figures_path: str = ""
    held_back: int = 0  # open answers that may still identify someone (listed for the analyst)

    @property
    def log(self) -> dict:
        return self.result.log


def build(
    wave: str,
    *,
    raw_root: str | Path = "",
    processed_root: str | Path = "",
    key_figures_path: str | Path = "",
    exclude_straightliners: bool = True,
    straightline_min_items: int = 8,
    exclude_speeders: bool = True,
    min_web_minutes: float = 3.0,
) -> CleaningReport:
    """Clean the raw wave ``wave`` with these rules and write its processed tables."""
    rules = CleaningRules(
        exclude_straightliners=exclude_straightliners,
        straightline_min_items=straightline_min_items,
        exclude_speeders=exclude_speeders,
        min_web_minutes=min_web_minutes,
    )
    result = clean_wave(
        paths.raw_wave_dir(wave, raw_root or None),
        paths.processed_wave_dir(wave, processed_root or None),
        rules=rules,
    )
    settings = {
        "wave": wave,
        "uitsluiten rechte lijnen": exclude_straightliners,
        "minimaal aantal aspecten voor een rechte lijn": straightline_min_items,
        "uitsluiten snelle invullers": exclude_speeders,
        "minimale invulduur web (min)": min_web_minutes,
    }
    return CleaningReport(
        wave,
        result,
        settings,
        str(raw_root or ""),
        str(key_figures_path or ""),
        held_back=_list_held_back(result),
    )


def _list_held_back(result) -> int:
    """Write the wave's held-back open answers beside its processed tables; their number.

    The open answers that still hold a candidate identifier after scrubbing
    (:func:`helpers.privacy.held_back`) are listed for the analyst in the processed folder, as
    part of the cleaning's output, so the list is made once per cleaning and never in a report.
    """
    if result.out_dir is None:
        return 0
    cb = load_codebook()
    resp = result.respondents
    version = result.config.questionnaire_version
    answers = pd.concat(
        [
            open_answer_rows(resp[resp["target_group"] == tg], cb.open_questions(tg, version))
            for tg in cb.target_groups
        ],
        ignore_index=True,
    )
    listed = held_back(answers)
    write_csv(listed, Path(result.out_dir) / HELD_BACK_FILE)
    return int(len(listed))


def show_header(report: CleaningReport) -> None:
    """The report header: title, synthetic banner, the cleaning rules and the data version."""
    from helpers.report._display import show_header as header

    header(TITLE, report.settings, waves=[report.wave], raw_root=report.raw_root)


def intake_section(report: CleaningReport) -> None:
    """Rows in, processed and quarantined, per delivered file."""
    from helpers.report._display import show_table, show_text

    show_text(summary_sentence(report.log))
    show_table(intake_table(report.log), "Binnengekomen bestanden")


def warnings_section(report: CleaningReport) -> None:
    """The status of the cleaning, its warnings and its notes."""
    from helpers.report._display import show_table, show_text

    warnings = notices_table(report.log, "warnings")
    notes = notices_table(report.log, "notes")
    show_text(status_sentence(report.log))
    if report.held_back:
        show_text(
            f"{report.held_back} open antwoord(en) bevatten na het verwijderen van "
            "persoonsgegevens mogelijk nog iets waaraan iemand te herkennen is. Ze staan op een "
            "aparte lijst voor de onderzoeker en komen in geen enkele rapportage."
        )
    if len(warnings):
        show_table(warnings, "Waarschuwingen")
    if len(notes):
        show_table(notes, "Bijzonderheden, verwerkt volgens de vaste regels")


def reasons_section(report: CleaningReport) -> None:
    """What was set aside or changed, and why: chart and table."""
    from helpers.report._cleaning_plots import reasons_chart
    from helpers.report._display import show_figure, show_table

    reasons = reason_table(report.log)
    show_figure(reasons_chart(reasons), alt="Aantallen per reden van afkeuring")
    show_table(reasons.drop(columns="code"), "Aantallen per reden")


def weighting_section(report: CleaningReport) -> None:
    """The weights: their distribution, the design effect and the margins they reach."""
    from helpers.report._cleaning_plots import weights_chart
    from helpers.report._display import show_figure, show_table

    show_figure(weights_chart(report.result.respondents), alt="Verdeling van de weegfactoren")
    show_table(
        weighting_table(report.log),
        "Weging per doelgroep",
        decimals={
            "design-effect (Kish)": 3,
            "effectieve n": 1,
            "kleinste gewicht": 2,
            "grootste gewicht": 2,
        },
    )
    show_table(margins_table(report.log), "Populatie en gewogen steekproef (%)")


def key_figures_section(report: CleaningReport) -> None:
    """Write the key figures (JSON) for the tests and the index."""
    from helpers.report._display import save_key_figures

    save_key_figures(
        report.key_figures_path, key_figures(report.log, report.held_back), wave=report.wave
    )
