"""Dutch summaries of a cleaning run for the reviewer: counts and reasons, never respondent rows.

Everything here reads the ``cleaning_log.json`` dict that :func:`helpers.cleaning.clean_wave`
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

import pandas as pd

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


def summary_sentence(log: dict) -> str:
    """One Dutch sentence: rows in, processed, quarantined."""
    t = log["totals"]
    return (
        f"Er kwamen {t['rows_read']} rijen binnen; {t['rows_kept']} zijn verwerkt en "
        f"{t['rows_quarantined']} zijn terzijde gelegd (quarantaine)."
    )


def intake_table(log: dict) -> pd.DataFrame:
    """Per delivered file: target group, format, encoding, rows read / kept / quarantined."""
    rows = []
    for f in log["files"]:
        rows.append(
            {
                "bestand": f["file"],
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
        rows.append(
            {
                "doelgroep": TARGET_GROUPS_NL.get(tg, tg),
                "methode": {"raking": "raking naar populatieverdeling"}.get(
                    w["method"], "ongewogen"
                ),
                "n": w["n"],
                "design-effect (Kish)": round(w.get("deff", 1.0), 3),
                "effectieve n": round(w.get("n_eff", w["n"]), 1),
                "kleinste gewicht": round(w.get("weight_min", 1.0), 2),
                "grootste gewicht": round(w.get("weight_max", 1.0), 2),
            }
        )
    return pd.DataFrame(rows)


def margins_table(log: dict) -> pd.DataFrame:
    """Population margins: target share, and the share the weights achieve (in %)."""
    rows = []
    for tg, w in (log.get("weighting") or {}).items():
        for var, targets in (w.get("margins_target") or {}).items():
            achieved = (w.get("margins_achieved") or {}).get(var, {})
            for cat, share in targets.items():
                rows.append(
                    {
                        "doelgroep": tg,
                        "kenmerk": var,
                        "categorie": cat,
                        "populatie (%)": round(100 * share, 1),
                        "gewogen steekproef (%)": round(100 * achieved.get(cat, float("nan")), 1),
                    }
                )
    return pd.DataFrame(rows)


def key_figures(log: dict) -> dict:
    """The numbers the tests and the index rely on."""
    t = log["totals"]
    return {
        "rows_read": t["rows_read"],
        "rows_kept": t["rows_kept"],
        "rows_quarantined": t["rows_quarantined"],
        "respondents_by_target_group": t.get("respondents_by_target_group", {}),
        "rows_quarantined_by_reason": log.get("rows_quarantined_by_reason", {}),
        "cells_set_missing_by_reason": log.get("cells_set_missing_by_reason", {}),
        "deff": {tg: w.get("deff") for tg, w in (log.get("weighting") or {}).items()},
        "n_eff": {tg: w.get("n_eff") for tg, w in (log.get("weighting") or {}).items()},
        "synthetic": log.get("synthetic"),
    }
