"""Descriptives section of the mirror study: what staff expect against what asylum seekers say."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers.codebook import Codebook
from helpers.privacy import (
    SUPPRESSED_MARK,
    format_number,
)
from helpers.report._compare_text import ORGANISATION_PHRASES
from helpers.report._descriptives_base import (
    Section,
    WaveData,
    _as_float,
    _concat,
    _item_labels,
    _num,
    _org_label,
    _org_labels,
    _protect,
    _sort,
    _summarise,
    _variables,
)
from helpers.report._descriptives_display import _bullets, _fmt_est, _styled
from helpers.stats import expectation_gaps


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
    az_rat = az[1]
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
        t = _summarise(
            data,
            long,
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
    exp_pos = _summarise(
        data, rat, ["organisation", "item"], "pct_positive", target_group="asielzoekers"
    )
    exp_pos.insert(0, "kind", "positief")
    negative = rat[rat["item"] != "totaaloordeel"].assign(value=lambda d: 6 - d["value"])
    exp_neg = _summarise(
        data, negative, ["organisation", "item"], "pct_positive", target_group="asielzoekers"
    )
    exp_neg.insert(0, "kind", "negatief")
    experienced = pd.concat([exp_pos, exp_neg], ignore_index=True)
    experienced.insert(1, "target_group", "asielzoekers")
    # staff rows: the employers' categories add up to the staff shown elsewhere: secondary
    p_staff = _protect(data, expected, group_cols=["kind", "item"])
    p_az = _protect(data, experienced, secondary=False)
    protected = _concat(data, [p_staff, p_az])
    sec.protected.append(protected)
    t = protected.table
    order_items = {"item": items, "organisation": [*orgs, "keten"]}
    gaps = _mirror_gaps(t, cb, order_items)
    sec.table(
        _styled(gaps["frame"], protected, left=3),
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


def _mirror_gaps(t: pd.DataFrame, cb: Codebook, order: Mapping) -> dict:
    """Gap table, sentences and key figures of the mirror study (from the protected table)."""

    def side(target_group: str) -> pd.DataFrame:
        part = t[t["target_group"] == target_group]
        return part.assign(pct=part["pct"].astype(float).where(~part["suppressed"].astype(bool)))

    merged = expectation_gaps(side("ketenpartners"), side("asielzoekers"))
    merged = _sort(
        merged,
        ["organisation", "kind", "item"],
        {
            "organisation": order["organisation"],
            "kind": ["positief", "negatief"],
            "item": order["item"],
        },
    ).reset_index(drop=True)
    both = merged["both"]
    gap = merged["gap"].to_numpy(dtype=float)
    p_holm = merged["p_holm"].to_numpy(dtype=float)

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
