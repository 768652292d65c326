"""Descriptives sections on the judgements: response, overall judgement, aspects, contact,
knowledge, the questions about one organisation and word of mouth."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.notation import format_number
from helpers.privacy import (
    MASKED_MARK,
    OTHER_LABEL,
    SUPPRESSED_MARK,
)
from helpers.report._compare_text import difference_sentences, pair_numbers
from helpers.report._descriptives_base import (
    BACKGROUND,
    GROUP_PHRASES,
    REMAINDER,
    REMAINDER_FLAG,
    SMALL_CATEGORY_COLUMNS,
    SPECIFIC_QUESTIONS,
    VARIABLE_LABELS,
    Section,
    WaveData,
    _answered,
    _block_section,
    _block_variables,
    _category_label,
    _category_labels,
    _category_order,
    _group_phrases,
    _item_labels,
    _long,
    _num,
    _org_figures,
    _org_labels,
    _organisations,
    _positive_label,
    _protect,
    _protected_distribution,
    _scale_of,
    _share_breakdown,
    _summarise,
    _variables,
)
from helpers.report._descriptives_display import (
    _bullets,
    _fmt_est,
    _fmt_n,
    _org_frame,
    _pct_by_item,
    _pivot,
    _significance_column,
    _styled,
)
from helpers.report._style import wave_label
from helpers.report._text import join_nl
from helpers.stats import (
    composition,
    dont_know_shares,
)

#: How a caption says where the "weet niet" answers are (the same words under every table).
DK_IN_BASE = "'weet niet' telt mee in de basis"
DK_LEFT_OUT = "zonder 'weet niet'"


def overview(data: WaveData) -> Section:
    """Response: number of respondents, effective n of the weights and the composition."""
    sec = Section("respons")
    resp = data.respondents
    tg_label = data.codebook.label(data.target_group).lower()
    sec.text(
        f"In golf {wave_label(data.wave)} vulden **{data.n}** {tg_label} de vragenlijst in "
        "(na opschoning). " + design_sentence(data)
    )
    rows = []
    for col in BACKGROUND[data.target_group]:
        if col not in resp.columns or resp[col].notna().sum() == 0:
            continue
        shares = composition(resp, col, _category_order(resp[col], col, data.codebook))
        shares = shares.assign(variable=col, **{REMAINDER_FLAG: False})
        rows.extend(shares[["variable", "category", "n", "pct", REMAINDER_FLAG]].to_dict("records"))
        shown = int(shares["n"].sum())
        if len(resp) > shown:  # unknown or too small to show: computable from the total
            rows.append(
                {
                    "variable": col,
                    "category": REMAINDER,
                    "n": len(resp) - shown,
                    "pct": np.nan,
                    REMAINDER_FLAG: True,
                }
            )
    if not rows:
        return sec
    table = pd.DataFrame(rows)
    protected = _protect(data, table, group_cols=["variable"], hidden=REMAINDER_FLAG)
    sec.protected.append(protected)
    t = protected.table
    frame = pd.DataFrame(
        {
            "Kenmerk": [VARIABLE_LABELS.get(v, v) for v in t["variable"]],
            "Categorie": [
                _category_label(v, c, data.codebook)
                for v, c in zip(t["variable"], t["category"], strict=True)
            ],
            "n": _fmt_n(t),
            "% (gewogen, van alle respondenten)": _fmt_est(t, "pct", decimals=0, suffix="%"),
        }
    )
    sec.table(_styled(frame, protected, left=2), "Samenstelling van de respons")
    if any(c in SMALL_CATEGORY_COLUMNS for c in BACKGROUND[data.target_group]):
        sec.text(
            f"Categorieën met minder dan {data.threshold} respondenten zijn samengevoegd tot "
            f"'{OTHER_LABEL}'; is die groep zelf kleiner dan {data.threshold}, dan blijven die "
            "respondenten buiten de uitsplitsing. Omdat de rest (onbekend of te klein) uit het "
            "totaal terug te rekenen is, wordt een rest onder de drempel beschermd als een "
            "kleine cel: dan is ook een andere cel niet getoond."
        )
    sec.key_figures = {
        "n": data.n,
        "n_by_target_group": dict(data.n_by_target_group),
        "design_cluster": data.clusters.get(data.target_group),
        "n_clusters": _n_clusters(data),
    }
    return sec


def overall_judgement(data: WaveData) -> Section:
    """Overall judgement per organisation: weighted mean (95% CI), % positive, distribution."""
    sec = Section("totaaloordeel")
    cb = data.codebook
    orgs = _organisations(data)
    ratings = data.ratings[data.ratings["item"] == "totaaloordeel"]
    if ratings["value"].notna().sum() == 0:
        sec.text("Er zijn in deze golf geen oordelen gegeven.")
        return sec
    order = {"organisation": orgs}
    mean = _summarise(data, ratings, ["organisation"], "mean", order=order)
    pos = _summarise(data, ratings, ["organisation"], "pct_positive", order=order)
    table = mean.merge(
        pos[["organisation", "pct", "ci_low", "ci_high"]].rename(
            columns={"ci_low": "pct_ci_low", "ci_high": "pct_ci_high"}
        ),
        on="organisation",
        how="left",
    )
    protected = _protect(data, table, secondary=False)
    dist = _protected_distribution(data, ratings, order)
    sec.protected += [protected, dist]
    t = protected.table
    scale = _scale_of(data, "totaaloordeel")
    positive_label = _positive_label(scale)
    frame = _org_frame(
        cb,
        t,
        {
            "Gemiddelde (95%-BI)": _fmt_est(t, "mean", "ci_low", "ci_high", decimals=1),
            f"% {positive_label} (95%-BI)": _fmt_est(
                t, "pct", "pct_ci_low", "pct_ci_high", decimals=0, suffix="%"
            ),
            "Effectieve n": _fmt_est(t, "n_eff", decimals=0),
            "Design-effect": _fmt_est(t, "deff", decimals=2),
        },
    )
    sec.table(_styled(frame, protected), "Totaaloordeel (1 = heel slecht, 5 = heel goed)")
    from helpers.report._descriptives_plots import bar_chart, diverging_bars

    labels = _org_labels(cb)
    sec.figure(
        bar_chart(
            protected,
            "mean",
            row_labels=labels,
            xlim=(1, 5),
            xlabel="Gemiddeld oordeel (1-5) met 95%-betrouwbaarheidsinterval",
            title="Totaaloordeel per organisatie",
        ),
        "Staafdiagram van het gemiddelde totaaloordeel per organisatie met interval",
    )
    sec.figure(
        diverging_bars(
            dist,
            _category_labels(scale),
            row_labels=labels,
            title="Verdeling van het totaaloordeel",
        ),
        "Gestapelde staven van de verdeling van het totaaloordeel per organisatie",
    )
    sec.key_figures = {
        "mean_totaaloordeel": _org_figures(
            t, "mean", pct_positive="pct", se="se", n_eff="n_eff", deff="deff"
        ),
    }
    return sec


def aspects(data: WaveData) -> Section:
    """% positive per aspect and organisation with Wilson intervals, in the report's order."""
    sec = Section("aspecten")
    cb = data.codebook
    order_items = cb.aspects(data.target_group, data.version)
    ratings = data.ratings[data.ratings["item"].isin(order_items)]
    if ratings["value"].notna().sum() == 0:
        sec.text("Er zijn in deze golf geen aspecten beoordeeld.")
        return sec
    orgs = [o for o in _organisations(data) if o in set(ratings["organisation"])]
    table = _summarise(
        data,
        ratings,
        ["organisation", "item"],
        "pct_positive",
        order={"organisation": orgs, "item": order_items},
    )
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    scale = _scale_of(data, order_items[0])
    positive = _positive_label(scale)
    wide = _pct_by_item(t, cb, order_items, orgs, corner="Aspect")
    sec.table(
        _styled(wide, protected),
        f"% {positive} per aspect (95%-BI)",
    )
    from helpers.report._descriptives_plots import pct_positive_chart

    sec.figure(
        pct_positive_chart(
            protected,
            aspect_labels=_item_labels(cb, order_items),
            group_labels=_org_labels(cb),
            xlabel=f"% {positive}",
            title="Oordeel over de aspecten van de dienstverlening",
        ),
        "Puntdiagram van het percentage positief per aspect en organisatie",
    )
    sec.key_figures = {
        "pct_positive": {
            org: {
                row["item"]: _num(row["pct"])
                for row in t[t["organisation"] == org].to_dict("records")
            }
            for org in orgs
        }
    }
    return sec


def contact(data: WaveData) -> Section:
    """How often respondents had contact with each organisation, through which channels."""
    sec = Section("contact")
    cb = data.codebook
    variables = _variables(data)
    freq = [v for v in variables if v.block in ("contact_frequency", "contact_12m")]
    channels = [v for v in variables if v.block == "channels"]
    website = [v for v in variables if v.block == "website"]
    from helpers.report._descriptives_plots import pct_positive_chart, stacked_bars

    labels = _org_labels(cb)
    titles = {
        "contact_frequency": "Hoe vaak had men contact met de organisatie?",
        "contact_12m": "Contact met de organisatie in de afgelopen 12 maanden",
        "website": "Website van de organisatie bekeken",
    }
    for block in (freq, website):
        if not block or not _answered(data.respondents, block):
            continue
        title = titles[block[0].block]
        scale = block[0].scale
        caption = f"{title} ({DK_LEFT_OUT})" if scale.dont_know else title
        cats = list(scale.substantive_codes)
        long = _long(data.respondents, {v.name: (v.organisation, v.name) for v in block})
        table = _summarise(
            data,
            long,
            ["organisation"],
            "distribution",
            categories=cats,
            order={"organisation": _organisations(data)},
        )
        protected = _protect(data, table, secondary=False)
        sec.protected.append(protected)
        t = protected.table
        frame = _org_frame(cb, t)
        for c in cats:
            frame[scale.label(c)] = _fmt_est(t, f"pct_{c}", decimals=0, suffix="%")
        sec.table(_styled(frame, protected), caption)
        # the last answer is "none" (geen contact, nee, nooit): grey, the others a blue ramp,
        # darker for more contact (the frequency runs up from "1 keer", "ja, vaak" comes first)
        ramp = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"][-(len(cats) - 1) :]
        if block[0].block != "contact_frequency":
            ramp = ramp[::-1]
        colours = [*ramp, "#d9d9d9"] if len(cats) <= 5 else None
        sec.figure(
            stacked_bars(
                protected,
                cats,
                [scale.label(c) for c in cats],
                row_labels=labels,
                title=title,
                colours=colours,
            ),
            f"Gestapelde staven: {title.lower()} per organisatie",
        )
    if channels and _answered(data.respondents, channels):
        items = list(dict.fromkeys(v.item for v in channels))
        long = _long(data.respondents, {v.name: (v.organisation, v.item) for v in channels})
        orgs = [o for o in _organisations(data) if o in set(long["organisation"])]
        table = _summarise(
            data,
            long,
            ["organisation", "item"],
            "pct_positive",
            threshold=1,
            order={"organisation": orgs, "item": items},
        )
        protected = _protect(data, table, secondary=False)
        sec.protected.append(protected)
        t = protected.table
        wide = _pct_by_item(t, cb, items, orgs, corner="Kanaal")
        sec.table(
            _styled(wide, protected),
            "Kanalen van het contact (meer antwoorden mogelijk; basis: had contact"
            + (f"; {DK_LEFT_OUT})" if any(v.scale.dont_know for v in channels) else ")"),
        )
        sec.figure(
            pct_positive_chart(
                protected,
                aspect_labels=_item_labels(cb, items),
                group_labels=labels,
                xlabel="% dat dit kanaal gebruikte",
                title="Kanalen van het contact",
            ),
            "Puntdiagram van het gebruik van de kanalen per organisatie",
        )
    if not sec.parts:
        sec.text("Er zijn in deze golf geen vragen over contact beantwoord.")
    return sec


def knowledge(data: WaveData) -> Section:
    """Knowledge of who does what (asylum seekers): % correct, "weet niet" counted as wrong."""
    questions = [v for v in _variables(data) if v.correct is not None]
    if not questions:
        return Section("kennis", applicable=False)
    sec = Section("kennis")
    resp = data.respondents
    cols = {
        f"{v.name}_correct": ("keten", v.name)
        for v in questions
        if f"{v.name}_correct" in resp.columns
    }
    long = _long(resp, cols)
    if long["value"].notna().sum() == 0:
        sec.text("Deze vragen zijn in deze golf niet beantwoord.")
        return sec
    names = [v.name for v in questions]
    table = _summarise(data, long, ["item"], "pct_positive", threshold=1, order=names)
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    by_name = {v.name: v for v in questions}
    scale = questions[0].scale
    frame = pd.DataFrame(
        {
            "Vraag": [by_name[i].question_nl for i in t["item"]],
            "Juiste antwoord": [scale.label(by_name[i].correct) for i in t["item"]],
            "n": _fmt_n(t),
            "% juist (95%-BI)": _fmt_est(t, "pct", "ci_low", "ci_high", decimals=0, suffix="%"),
        }
    )
    sec.table(
        _styled(frame, protected, left=2),
        f"Weet men welke organisatie wat doet? ({DK_IN_BASE}, als niet juist)",
    )
    from helpers.report._descriptives_plots import bar_chart

    sec.figure(
        bar_chart(
            protected,
            "pct",
            label_cols="item",
            row_labels={v.name: v.label_nl for v in questions},
            xlabel="% juist antwoord (95%-BI)",
            title="Kennis van de taakverdeling",
        ),
        "Staafdiagram van het percentage juiste antwoorden per kennisvraag",
    )
    sec.key_figures = {"pct_knows": {row["item"]: _num(row["pct"]) for row in t.to_dict("records")}}
    _knowledge_by_status(data, sec, long, questions)
    return sec


def _knowledge_by_status(data: WaveData, sec: Section, long: pd.DataFrame, questions) -> None:
    """% correct per residence status with design-based intervals and tests (asylum seekers).

    The cells are protected per question (the rest of the question's base, unknown or hidden
    statuses, is a hidden cell); a difference is named only when the design-based test of
    :func:`helpers.stats.compare_groups` finds it, between shown cells.
    """
    var = "status"
    resp = data.respondents
    if var not in resp.columns or resp[var].notna().sum() == 0:
        return
    cb = data.codebook
    label = VARIABLE_LABELS[var]
    groups = _category_order(resp[var], var, cb)
    if len(groups) < 2:
        sec.text(
            f"Alle asielzoekers met een bekende {label} vallen in één groep: de kennis is niet "
            f"naar {label} uit te splitsen."
        )
        return
    names = [v.name for v in questions]
    order = {"item": names, var: groups}
    protected, comparison, present = _share_breakdown(data, long, ["item"], var, groups, order)
    sec.protected.append(protected)
    t = protected.table
    shown = t[~t["suppressed"]]
    by_name = {v.name: v for v in questions}
    cells = _fmt_est(t, "pct", "ci_low", "ci_high", decimals=0, suffix="%")
    masked = t["masked"].to_numpy(bool) if "masked" in t.columns else np.zeros(len(t), bool)
    cells = [MASKED_MARK if m else c for c, m in zip(cells, masked, strict=True)]
    wide = _pivot(
        t,
        cells,
        "item",
        var,
        names,
        present,
        row_label=lambda i: by_name[i].question_nl,
        col_label=lambda g: _group_header(t, var, g, cb),
        corner="Vraag",
    )
    wide["Significant verschil"] = _significance_column(comparison, names, "item", var, cb)
    sec.table(
        _styled(wide, protected, left_last=True),
        f"% juist naar {label} (95%-BI; {DK_IN_BASE}, als niet juist)",
    )
    design = "de weging en de clustering per azc" if data.cluster_col() else "de weging"
    sec.text(
        f"Per vraag is getoetst of de groepen naar {label} verschillen, met een toets die "
        f"rekening houdt met {design}; alleen een significant verschil wordt genoemd."
    )
    sec.text(_bullets(_knowledge_sentences(comparison, by_name, present, cb)))
    from helpers.report._descriptives_plots import pct_positive_chart

    sec.figure(
        pct_positive_chart(
            protected,
            aspect_col="item",
            group_col=var,
            aspect_labels={v.name: v.label_nl for v in questions},
            group_labels={g: _category_label(var, g, cb) for g in present},
            xlabel="% juist antwoord (95%-BI)",
            title=f"Kennis van de taakverdeling naar {label}",
        ),
        f"Puntdiagram van het percentage juiste antwoorden per kennisvraag en {label}",
    )
    n_sig = int(comparison["significant"].sum()) if not comparison.empty else 0
    sec.significant[f"{var} (kennis)"] = n_sig
    sec.key_figures["pct_knows_by_status"] = {
        item: {
            str(row[var]): _num(row["pct"])
            for row in shown[shown["item"] == item].to_dict("records")
        }
        for item in names
    }


def _group_header(t: pd.DataFrame, var: str, group: str, cb) -> str:
    """Column header of a group with the range of its shown bases."""
    n = pd.to_numeric(t.loc[(t[var] == group) & ~t["suppressed"], "n"], errors="coerce").dropna()
    name = _category_label(var, group, cb)
    if n.empty:
        return name
    lo, hi = int(n.min()), int(n.max())
    return f"{name} (n={lo})" if lo == hi else f"{name} (n={lo}-{hi})"


def _knowledge_sentences(comparison: pd.DataFrame, by_name: dict, groups, cb) -> list[str]:
    """One Dutch sentence per significant difference in knowledge; else the "none" sentence.

    A percentage the protected table does not show (e.g. 100 % in a small group) comes blanked
    from :func:`_compare` and is not written in the sentence either.
    """
    phrases = {**_group_phrases("status", groups, cb), **GROUP_PHRASES["status"]}
    if comparison.empty or not comparison["significant"].any():
        table = comparison
        if table.empty:
            table = pd.DataFrame(columns=["label_a", "label_b", "significant", "sentence"])
        between = " en ".join(phrases[g] for g in groups) if len(groups) == 2 else None
        return difference_sentences(
            table, between=between, about="in de kennis van de taakverdeling"
        )
    out = []
    for row in comparison[comparison["significant"]].to_dict("records"):
        a, b = phrases[row["group_a"]], phrases[row["group_b"]]
        va, vb = pair_numbers(row["estimate_a"], row["estimate_b"], 0, "%")
        more = "vaker" if row["difference"] > 0 else "minder vaak"
        v = by_name[row["item"]]
        if v.label_nl.startswith("weet "):
            what = f"weten {more} {v.label_nl[len('weet ') :]}"
        else:
            what = f"gaven {more} het juiste antwoord op de vraag ‘{v.question_nl}’"
        out.append(f"{a[:1].upper()}{a[1:]} {what}{va} dan {b}{vb}.")
    return out


#: The questions whose share the pilot of 2017 gave with "weet niet" in the base: its charts of
#: them have a "weet niet" bar (enough information: 14% of n = 150, so its "43%" is "ja" plus "ik
#: denk het wel" of all 150; cultural background: 25% of n = 155). The COA introduction (n = 197)
#: and the personal situation (n = 153) were charted without one.
PILOT_DK_IN_BASE: tuple[str, ...] = ("dtv_culturele_achtergrond", "dtv_genoeg_informatie")


def specific_questions(data: WaveData) -> Section:
    """The questions about the COA (introduction) and DT&V (personal situation, information).

    The answers and % positive leave "weet niet" out; for the questions of
    :data:`PILOT_DK_IN_BASE` the % positive is also given with "weet niet" in the base (as not
    positive), the pilot's base, with its design-based interval.
    """
    questions = [v for v in _variables(data) if v.name in SPECIFIC_QUESTIONS]
    questions = [v for v in questions if v.name in data.respondents.columns]
    sec, answered = _block_section(
        data, "coa_dtv", questions, "Deze vragen zijn in deze golf niet beantwoord."
    )
    if not answered:
        return sec
    resp = data.respondents
    names = [v.name for v in questions]
    long = _long(resp, {v.name: ("-", v.name) for v in questions})
    dist = _summarise(data, long, ["item"], "distribution", order=names)
    pos = _summarise(data, long, ["item"], "pct_positive", order=names)
    dk = dont_know_shares(resp, names)
    pilot = _positive_with_dont_know(data, [v for v in questions if v.name in PILOT_DK_IN_BASE])
    table = (
        dist.merge(pos[["item", "pct", "ci_low", "ci_high"]], on="item")
        .merge(dk, on="item", how="left")
        .merge(pilot, on="item", how="left")
    )
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    by_name = {v.name: v for v in questions}
    answers = []
    for row in t.to_dict("records"):
        if row["suppressed"]:
            answers.append(SUPPRESSED_MARK)
            continue
        scale = by_name[row["item"]].scale
        answers.append(
            " · ".join(
                f"{scale.value_labels()[c]} {format_number(row[f'pct_{c}'], 0)}%"
                for c in (5, 4, 3, 2, 1)
            )
        )
    frame = pd.DataFrame(
        {
            "Vraag": [by_name[i].question_nl for i in t["item"]],
            "n": _fmt_n(t),
            "Antwoorden": answers,
            "% positief (95%-BI)": _fmt_est(t, "pct", "ci_low", "ci_high", decimals=0, suffix="%"),
            "% weet niet": _fmt_est(t, "pct_dont_know", decimals=0, suffix="%"),
            "% positief, met 'weet niet' (95%-BI)": _fmt_est(
                t, "pct_dk", "ci_low_dk", "ci_high_dk", decimals=0, suffix="%"
            ),
        }
    )
    sec.table(
        _styled(frame, protected, left=3),
        f"Vragen over het COA en de DT&V (n, antwoorden en % positief {DK_LEFT_OUT}; "
        f"in de laatste twee kolommen {DK_IN_BASE})",
    )
    pilot_rows = t[t["item"].isin(PILOT_DK_IN_BASE)]
    if not pilot_rows.empty:
        shown = pilot_rows[~pilot_rows["suppressed"]]
        if not shown.empty:
            sec.text(_pilot_base_sentence(shown, by_name))
        sec.key_figures["pct_specific_positive_dk_in_base"] = {
            row["item"]: {
                "n": _num(int(row["n_dk"])) if pd.notna(row["n_dk"]) else None,
                "pct": _num(row["pct_dk"]),
                "ci_low": _num(row["ci_low_dk"]),
                "ci_high": _num(row["ci_high_dk"]),
            }
            for row in pilot_rows.to_dict("records")
        }
    from helpers.report._descriptives_plots import diverging_bars

    by_scale: dict[str, list[str]] = {}
    for v in questions:
        by_scale.setdefault(v.scale.name, []).append(v.name)
    for names_of_scale in by_scale.values():
        part = t[t["item"].isin(names_of_scale)].reset_index(drop=True)
        part.attrs = dict(t.attrs)
        scale = by_name[names_of_scale[0]].scale
        fig = diverging_bars(
            part,
            _category_labels(scale),
            label_cols="item",
            row_labels={n: by_name[n].label_nl for n in names_of_scale},
        )
        sec.figure(
            fig,
            "Verdeling van de antwoorden op "
            + ", ".join(by_name[n].label_nl for n in names_of_scale),
        )
    return sec


def _positive_with_dont_know(data: WaveData, questions) -> pd.DataFrame:
    """% positive with "weet niet" in the base (counted as not positive), per question.

    Columns ``item``, ``n_dk`` (answers including "weet niet"), ``pct_dk``, ``ci_low_dk`` and
    ``ci_high_dk``: :func:`helpers.stats.summarise_ratings` on the design.
    """
    columns = ["item", "n_dk", "pct_dk", "ci_low_dk", "ci_high_dk"]
    if not questions:
        return pd.DataFrame(
            {c: pd.Series([], dtype=object if c == "item" else float) for c in columns}
        )
    resp = data.respondents
    parts = []
    for v in questions:
        value = pd.to_numeric(resp[v.name], errors="coerce").to_numpy(dtype=float)
        dk_col = f"{v.name}_dont_know"
        dk = resp[dk_col].fillna(False).to_numpy(bool) if dk_col in resp.columns else None
        dk = np.zeros(len(resp), bool) if dk is None else dk
        positive = np.where(np.isnan(value), np.where(dk, 0.0, np.nan), (value >= 4).astype(float))
        parts.append(
            pd.DataFrame(
                {
                    "respondent_id": resp["respondent_id"].to_numpy(),
                    "organisation": "-",
                    "item": v.name,
                    "value": positive,
                }
            )
        )
    names = [v.name for v in questions]
    long = pd.concat(parts, ignore_index=True)
    table = _summarise(data, long, ["item"], "pct_positive", threshold=1, order=names)
    return table[["item", "n", "pct", "ci_low", "ci_high"]].set_axis(columns, axis=1)


def _pilot_base_sentence(shown: pd.DataFrame, by_name: dict) -> str:
    """The sentence under the table on the questions whose base keeps "weet niet" (Dutch)."""
    parts = [
        f"‘{by_name[row['item']].label_nl}’ (n = {format_number(row['n_dk'], 0)})"
        for row in shown.to_dict("records")
    ]
    return (
        "Zoals in het pilotonderzoek van 2017 telt 'weet niet' in de laatste kolom mee in de "
        f"basis, als niet positief, bij {join_nl(parts)}. Bij de andere vragen gaf de pilot de "
        "antwoorden zonder 'weet niet'; daar is die kolom leeg."
    )


def word_of_mouth(data: WaveData) -> Section:
    """How asylum seekers talk about each organisation with friends and family."""
    cb = data.codebook
    block = _block_variables(data, "word_of_mouth")
    sec, answered = _block_section(
        data, "mond_tot_mond", block, "Deze vraag is in deze golf niet beantwoord."
    )
    if not answered:
        return sec
    resp = data.respondents
    scale = block[0].scale
    cats = list(scale.substantive_codes)  # 1 heel positief .. 5 heel negatief, 6 nooit
    long = _long(resp, {v.name: (v.organisation, "mond_tot_mond") for v in block})
    orgs = [o for o in _organisations(data) if o in set(long["organisation"])]
    order = {"organisation": orgs}
    dist = _summarise(data, long, ["organisation"], "distribution", categories=cats, order=order)
    positive = long.assign(
        value=np.where(long["value"].isna(), np.nan, long["value"].isin([1, 2]).astype(float))
    )
    pos = _summarise(data, positive, ["organisation"], "pct_positive", threshold=1, order=order)
    table = dist.merge(pos[["organisation", "pct", "ci_low", "ci_high"]], on="organisation")
    protected = _protect(data, table, secondary=False)
    sec.protected.append(protected)
    t = protected.table
    frame = _org_frame(
        cb,
        t,
        {
            "% (heel) positief (95%-BI)": _fmt_est(
                t, "pct", "ci_low", "ci_high", decimals=0, suffix="%"
            ),
        },
    )
    for c in cats:
        frame[scale.label(c)] = _fmt_est(t, f"pct_{c}", decimals=0, suffix="%")
    sec.table(
        _styled(frame, protected),
        "Hoe praat u met vrienden of familie over de organisatie?",
    )
    from helpers.report._descriptives_plots import DIVERGING_5, stacked_bars

    # negative left, positive right, 'nooit' last: the direction of every diverging chart
    chart_cats = [*cats[:5][::-1], *cats[5:]]
    colours = [*DIVERGING_5, "#f0f0f0"][: len(chart_cats)]
    sec.figure(
        stacked_bars(
            protected,
            chart_cats,
            [scale.label(c) for c in chart_cats],
            row_labels=_org_labels(cb),
            colours=colours,
            title="Hoe praat men over de organisatie met vrienden of familie?",
        ),
        "Gestapelde staven van mond-tot-mondreclame per organisatie",
    )
    sec.key_figures = {
        "pct_word_of_mouth_positive": {
            row["organisation"]: _num(row["pct"]) for row in t.to_dict("records")
        }
    }
    return sec


def design_sentence(data: WaveData) -> str:
    """The reading guide's sentence on the sampling design the intervals assume (Dutch)."""
    fpc = (
        " De intervallen zijn berekend met een correctie voor de eindige populatie: omdat een "
        "deel van de populatie zelf is ondervraagd, zijn ze smaller dan zonder die correctie."
        if data.fpc_size() is not None
        else ""
    )
    return _design_sentence(data) + fpc


def _design_sentence(data: WaveData) -> str:
    clusters = _n_clusters(data)
    if clusters:
        return (
            "Asielzoekers zijn per opvanglocatie (azc) benaderd en antwoorden van bewoners van "
            "hetzelfde azc lijken op elkaar. De intervallen en toetsen houden daarom rekening met "
            f"de clustering van asielzoekers per azc ({clusters} azc's in deze golf) en met de "
            "weging; ze zijn daardoor breder dan bij een enkelvoudige steekproef. De effectieve "
            "steekproefomvang is het aantal onafhankelijke antwoorden dat even nauwkeurig zou "
            "zijn; "
            "een uitkomst met een effectieve omvang onder de "
            f"{data.indicative_below} is indicatief."
        )
    return (
        "Elke respondent is afzonderlijk benaderd: de intervallen en toetsen houden rekening met "
        "de weging, er is geen clustering. Een uitkomst met een effectieve steekproefomvang "
        f"onder de {data.indicative_below} is indicatief."
    )


def _n_clusters(data: WaveData) -> int | None:
    col = data.cluster_col()
    if col is None:
        return None
    return int(data.respondents[col].nunique())
