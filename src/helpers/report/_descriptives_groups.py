"""Descriptives sections on the partners and groups: cooperation, last contact, NPS and the
subgroup comparisons."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.notation import format_number
from helpers.report._compare_text import describe_differences, difference_sentences
from helpers.report._descriptives_base import (
    CATEGORY_LABELS,
    GROUP_PHRASES,
    MAX_SENTENCES,
    MEAN_ITEMS,
    REMAINDER_FLAG,
    SUBGROUPS,
    VARIABLE_LABELS,
    Section,
    WaveData,
    _block_section,
    _block_variables,
    _category_label,
    _category_labels,
    _category_order,
    _compare,
    _concat,
    _group_phrases,
    _item_labels,
    _num,
    _org_figures,
    _org_label,
    _org_labels,
    _org_phrases,
    _organisations,
    _protect,
    _protected_distribution,
    _scale_of,
    _summarise,
    _with_remainder,
)
from helpers.report._descriptives_display import (
    _bullets,
    _fmt_est,
    _org_frame,
    _pct_by_item,
    _pivot,
    _significance_column,
    _styled,
    _subgroup_chart,
)
from helpers.stats import dont_know_shares


def cooperation(data: WaveData) -> Section:
    """Partners' statements about the cooperation in the chain, inside vs outside the chain."""
    cb = data.codebook
    block = _block_variables(data, "cooperation")
    sec, answered = _block_section(
        data, "samenwerking", block, "Deze stellingen zijn in deze golf niet beantwoord."
    )
    if not answered:
        return sec
    resp = data.respondents
    items = [v.item for v in block]
    # agreement with "weet niet" in the base, as the pilot reports it (n = all partners)
    cols = {}
    long_parts = []
    for v in block:
        value = resp[v.name].to_numpy(dtype=float)
        dk = resp.get(f"{v.name}_dont_know", pd.Series(False, index=resp.index)).to_numpy(bool)
        agree = np.where(np.isnan(value), np.where(dk, 0.0, np.nan), (value >= 4).astype(float))
        long_parts.append(
            pd.DataFrame(
                {
                    "respondent_id": resp["respondent_id"].to_numpy(),
                    "organisation": "keten",
                    "item": v.item,
                    "value": agree,
                }
            )
        )
        cols[v.item] = v
    long = pd.concat(long_parts, ignore_index=True)
    total = _summarise(
        data, long, ["organisation", "item"], "pct_positive", threshold=1, order=items
    )
    total.insert(2, "positie", "totaal")
    parts = [_protect(data, total, secondary=False)]
    groups = []
    if "positie" in resp.columns and resp["positie"].notna().any():
        groups = _category_order(resp["positie"], "positie", cb)
        by_pos = _summarise(
            data,
            long,
            ["organisation", "item", "positie"],
            "pct_positive",
            threshold=1,
            order={"item": items, "positie": groups},
        )
        by_pos = _with_remainder(by_pos, long, ["organisation", "item"], "positie")
        parts.append(_protect(data, by_pos, group_cols=["item"], hidden=REMAINDER_FLAG))
    protected = _concat(data, parts)
    sec.protected.append(protected)
    t = protected.table
    wide = _pct_by_item(
        t,
        cb,
        items,
        ["totaal", *groups],
        corner="Stelling",
        column="positie",
        col_label=lambda g: "totaal" if g == "totaal" else _category_label("positie", g, cb),
    )
    comparison = pd.DataFrame()
    if len(groups) == 2:
        shown = parts[1].table[~parts[1].table["suppressed"]]
        comparison = describe_differences(
            _compare(
                data,
                long,
                "positie",
                "pct_positive",
                threshold=1,
                by=["organisation", "item"],
                groups=groups,
                cells=shown,
            ),
            labels=GROUP_PHRASES["positie"],
            item_labels=_item_labels(cb, items),
            organisation_phrases={"keten": "de samenwerking"},
        )
        wide["Verschil binnen-buiten"] = _significance_column(
            comparison, items, "item", "positie", cb
        )
    sec.table(
        _styled(wide, protected),
        "% (helemaal) eens met de stellingen (95%-BI; 'weet niet' in de basis)",
    )
    dk = dont_know_shares(resp, [v.name for v in block])
    dk_text = ", ".join(
        f"{cb.label(v.item)} {format_number(p, 0)}%"
        for v, p in zip(block, dk["pct_dont_know"], strict=True)
        if np.isfinite(p)
    )
    if dk_text and data.n >= data.threshold:
        sec.text(f"Aandeel 'weet niet': {dk_text}.")
    if not comparison.empty:
        sentences = [
            s.replace(
                "zijn vaker positief over de samenwerking wat betreft",
                "zijn het vaker eens met de stelling",
            ).replace(
                "zijn minder vaak positief over de samenwerking wat betreft",
                "zijn het minder vaak eens met de stelling",
            )
            for s in difference_sentences(
                comparison, between="medewerkers binnen en buiten de Kleine Keten"
            )
        ]
        sec.text(_bullets(sentences))
        sec.significant["positie (samenwerking)"] = int(comparison["significant"].sum())
    from helpers.report._descriptives_plots import pct_positive_chart

    sec.figure(
        pct_positive_chart(
            protected,
            aspect_col="item",
            group_col="positie",
            aspect_labels=_item_labels(cb, items),
            group_labels={"totaal": "alle ketenpartners", **CATEGORY_LABELS["positie"]},
            xlabel="% (helemaal) eens",
            title="Stellingen over de samenwerking",
        ),
        "Puntdiagram van de instemming met de stellingen over de samenwerking",
    )
    sec.key_figures = {
        "pct_cooperation_agree": {
            f"{row['item']}|{row['positie']}": _num(row["pct"]) for row in t.to_dict("records")
        }
    }
    return sec


def last_contact(data: WaveData) -> Section:
    """Partners' judgement of their last contact with each organisation."""
    cb = data.codebook
    ratings = data.ratings[data.ratings["item"] == "laatste_contact"]
    if not cb.rating_variables(data.target_group, data.version, "laatste_contact"):
        return Section("laatste_contact", applicable=False)
    sec = Section("laatste_contact")
    if ratings["value"].notna().sum() == 0:
        sec.text("Er zijn in deze golf geen oordelen over het laatste contact gegeven.")
        return sec
    orgs = [o for o in _organisations(data) if o in set(ratings["organisation"])]
    order = {"organisation": orgs}
    mean = _summarise(data, ratings, ["organisation"], "mean", order=order)
    protected = _protect(data, mean, secondary=False)
    dist = _protected_distribution(data, ratings, order)
    sec.protected += [protected, dist]
    t = protected.table
    frame = _org_frame(
        cb,
        t,
        {
            "Gemiddelde (95%-BI)": _fmt_est(t, "mean", "ci_low", "ci_high", decimals=1),
        },
    )
    sec.table(
        _styled(frame, protected),
        "Oordeel over het laatste contact (1 = heel slecht, 5 = heel goed)",
    )
    from helpers.report._descriptives_plots import diverging_bars

    sec.figure(
        diverging_bars(
            dist,
            _category_labels(_scale_of(data, "laatste_contact")),
            row_labels=_org_labels(cb),
            title="Oordeel over het laatste contact",
        ),
        "Gestapelde staven van het oordeel over het laatste contact per organisatie",
    )
    sec.key_figures = {
        "laatste_contact": {row["organisation"]: _num(row["mean"]) for row in t.to_dict("records")}
    }
    return sec


def nps(data: WaveData) -> Section:
    """Net Promoter Score per organisation with its interval and the three-way split."""
    cb = data.codebook
    if not cb.rating_variables(data.target_group, data.version, "nps"):
        return Section("nps", applicable=False)
    sec = Section("nps")
    ratings = data.ratings[data.ratings["item"] == "nps"]
    if ratings["value"].notna().sum() == 0:
        sec.text("De aanbevelingsvraag is in deze golf niet beantwoord.")
        return sec
    orgs = [o for o in _organisations(data) if o in set(ratings["organisation"])]
    table = _summarise(data, ratings, ["organisation"], "nps", order={"organisation": orgs})
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    frame = _org_frame(
        cb,
        t,
        {
            "NPS (95%-BI)": _fmt_est(t, "nps", "ci_low", "ci_high", decimals=0),
            "% criticasters (0-6)": _fmt_est(t, "pct_detractors", decimals=0, suffix="%"),
            "% passief (7-8)": _fmt_est(t, "pct_passives", decimals=0, suffix="%"),
            "% promotors (9-10)": _fmt_est(t, "pct_promoters", decimals=0, suffix="%"),
        },
    )
    sec.table(_styled(frame, protected), "Net Promoter Score (NPS) per organisatie")
    from helpers.report._descriptives_plots import nps_chart

    sec.figure(
        nps_chart(protected, row_labels=_org_labels(cb), title="Aanbevelen bij een collega (NPS)"),
        "Gestapelde staven van criticasters, passief tevredenen en promotors met de NPS",
    )
    sec.key_figures = {"nps": _org_figures(t, "nps")}
    return sec


def subgroups(data: WaveData) -> Section:
    """Subgroup comparisons per background variable, Holm-corrected, marked and in words."""
    sec = Section("subgroepen")
    sec.text(
        "Per organisatie en onderwerp is eerst getoetst of de groepen samen van elkaar "
        "verschillen, met een toets die rekening houdt met de weging"
        + (" en met de clustering per azc" if data.cluster_col() else "")
        + ". Alleen waar dat zo is, zijn de groepen twee aan twee vergeleken, met een correctie "
        "voor het aantal vergelijkingen (Holm)."
    )
    cb = data.codebook
    resp = data.respondents
    orgs = _organisations(data)
    aspect_items = cb.aspects(data.target_group, data.version)
    mean_items = [i for i in MEAN_ITEMS if i in set(data.ratings["item"])]
    has_nps = "nps" in set(data.ratings["item"])
    for var in SUBGROUPS[data.target_group]:
        if var not in resp.columns:
            continue
        label = VARIABLE_LABELS.get(var, var)
        sec.text(f"### {label[:1].upper()}{label[1:]}")
        groups = _category_order(resp[var], var, cb)
        if len(groups) < 2:
            sec.text(
                f"Alle respondenten (met een bekende {label}) vallen in één groep van ten "
                f"minste {data.threshold} respondenten: er valt niets te vergelijken."
            )
            continue
        phrases = _group_phrases(var, groups, cb)
        specs = [("mean", mean_items, "Gemiddelde"), ("pct_positive", aspect_items, "% positief")]
        if has_nps:
            specs.append(("nps", ["nps"], "NPS"))
        comparisons = []
        for measure, items, measure_label in specs:
            ratings = data.ratings[data.ratings["item"].isin(items)]
            if ratings["value"].notna().sum() == 0:
                continue
            order = {"organisation": orgs, "item": items, var: groups}
            table = _summarise(data, ratings, ["organisation", "item", var], measure, order=order)
            table = table[table[var].isin(groups)].reset_index(drop=True)
            present = [g for g in groups if g in set(table[var])]
            table = _with_remainder(table, ratings, ["organisation", "item"], var)
            protected = _protect(
                data, table, group_cols=["organisation", "item"], hidden=REMAINDER_FLAG
            )
            sec.protected.append(protected)
            t = protected.table
            shown = t[~t["suppressed"]]
            comparison = (
                describe_differences(
                    _compare(
                        data,
                        ratings,
                        var,
                        measure,
                        by=["organisation", "item"],
                        groups=present,
                        order=order,
                        cells=shown,
                    ),
                    labels=phrases,
                    item_labels=_item_labels(cb, items),
                    organisation_phrases=_org_phrases(),
                )
                if len(present) > 1
                else pd.DataFrame()
            )
            comparisons.append(comparison)
            est = {"mean": "mean", "pct_positive": "pct", "nps": "nps"}[measure]
            cells = _fmt_est(
                t,
                est,
                decimals=1 if measure == "mean" else 0,
                suffix="%" if measure == "pct_positive" else "",
                with_n=True,
            )
            rows = list(dict.fromkeys(zip(t["organisation"], t["item"], strict=True)))
            wide = _pivot(
                t,
                cells,
                ("organisation", "item"),
                var,
                rows,
                present,
                row_label=lambda r: f"{_org_label(cb, r[0])} · {cb.label(r[1])}",
                col_label=lambda g, v=var: _category_label(v, g, cb),
                corner="Organisatie · onderwerp",
            )
            wide["Significante verschillen"] = _significance_column(
                comparison, rows, ("organisation", "item"), var, cb
            )
            sec.table(
                _styled(wide, protected, left=1, left_last=True),
                f"{measure_label} naar {label} (n per cel)",
            )
            if measure == "mean" and "totaaloordeel" in items and len(present) <= 4:
                _subgroup_chart(sec, protected, var, cb)  # more groups: the table reads better
        done = [c for c in comparisons if not c.empty]
        allc = pd.concat(done, ignore_index=True) if done else pd.DataFrame()
        n_sig = int(allc["significant"].sum()) if not allc.empty else 0
        sec.significant[var] = n_sig
        if allc.empty:
            sec.text(
                difference_sentences(
                    pd.DataFrame(columns=["label_a", "label_b", "significant", "sentence"])
                )[0]
            )
            continue
        sentences = difference_sentences(allc, between=f"de groepen naar {label}")
        if len(sentences) > MAX_SENTENCES:
            rest = len(sentences) - MAX_SENTENCES
            sentences = sentences[:MAX_SENTENCES] + [
                f"En nog {rest} significante verschillen (zie de tabellen)."
            ]
        sec.text(_bullets(sentences))
    sec.key_figures = {
        "n_significant_differences": int(sum(sec.significant.values())),
        "significant_differences_by_variable": dict(sec.significant),
    }
    return sec
