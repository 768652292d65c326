"""Descriptives section of the mirror study: what partners expect against what asylum seekers say.

Staff of the IND, the COA and the DT&V say how they think asylum seekers judge their own
organisation and which aspects asylum seekers are positive or negative about; every chain partner,
inside the chain or outside it, how asylum seekers judge the chain as a whole (as in the 2017
pilot, where all 290 partners answered it). Against each expectation stands what the asylum
seekers of the same wave said. The gaps of the question asked in the same words on both sides (the
overall judgement, % (heel) goed) are tested with :func:`helpers.stats.expectation_gaps`
(independent samples; Holm over every tested gap of the section: the own organisations, the chain
for all partners, and the chain for partners inside and outside the chain). Partners inside and
outside the chain are also compared with each other on the design
(:func:`helpers.stats.compare_groups`, through ``_share_breakdown`` as in the contact section).

Disclosure: the employers' rows are protected together per item (their categories add up to the
staff shown elsewhere), the chain row of all partners and the asylum seekers' rows each on their
own, and the positions as one breakdown of the chain row whose rest (unknown positions) is a
hidden cell; the rows go through the wave's disclosure plan (``positie`` is one of its variables).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers.codebook import Codebook
from helpers.notation import format_number
from helpers.privacy import (
    MASKED_MARK,
    SUPPRESSED_MARK,
    ProtectedTable,
)
from helpers.report._compare_text import mirror_gap_sentence, pair_numbers
from helpers.report._descriptives_base import (
    GROUP_PHRASES,
    Section,
    WaveData,
    _as_float,
    _category_label,
    _category_order,
    _concat,
    _item_labels,
    _num,
    _org_label,
    _org_labels,
    _protect,
    _share_breakdown,
    _sort,
    _summarise,
    _variables,
)
from helpers.report._descriptives_display import _bullets, _fmt_est, _styled
from helpers.report._text import ORGANISATION_PHRASES
from helpers.stats import expectation_gaps

ORGS: tuple[str, ...] = ("IND", "COA", "DTV")
CHAIN = "keten"
#: The background variable of the chain question's breakdown.
POSITION = "positie"
#: The breakdown value of the chain row of all partners (no category of the plan).
ALL_PARTNERS = "alle"
#: Key of the inside/outside comparison in the section's significant differences.
SIGNIFICANT_KEY = "positie (spiegelvraag over de keten)"


def mirror(data: WaveData) -> Section:
    """Mirror study: what partners expect asylum seekers to say against what they said.

    Returns
    -------
    Section
        The own organisations (staff; overall judgement and aspects, positive and negative) as a
        table, sentences and two dumbbell charts; the chain as a whole (all partners, inside and
        outside the chain) as a table, sentences and a dot chart. Key figures
        ``mirror_totaaloordeel`` (organisation -> ``expected``, ``experienced``, ``gap``,
        ``p_holm``; ``keten``: all partners) and ``mirror_keten_by_position`` (position ->
        ``n``, ``expected`` with ``ci_low``/``ci_high``, ``experienced``, ``gap``, ``p_holm``).
    """
    cb = data.codebook
    names = {v.name for v in _variables(data)}
    if "spiegel_oordeel_eigen" not in names:
        return Section("spiegel", applicable=False)
    sec = Section("spiegel")
    resp = data.respondents
    staff = resp[resp["werkgever"].isin(ORGS)] if "werkgever" in resp else resp[:0]
    own = not staff.empty and bool(staff["spiegel_oordeel_eigen"].notna().any())
    chain = "spiegel_oordeel_keten" in resp.columns and bool(
        resp["spiegel_oordeel_keten"].notna().any()
    )
    az = data.others.get("asielzoekers")
    if not own and not chain:
        sec.text("In deze golf heeft geen ketenpartner de spiegelvragen beantwoord.")
        return sec
    if az is None or az[0].empty:
        sec.text(
            "In deze golf zijn er geen antwoorden van asielzoekers: het spiegelonderzoek "
            "kan niet worden gemaakt."
        )
        return sec
    aspect_items = [
        a
        for a in cb.aspects("asielzoekers", data.version)
        if f"spiegel_positief_{a}" in resp.columns or f"spiegel_negatief_{a}" in resp.columns
    ]
    items = ["totaaloordeel", *aspect_items]
    experienced = _experienced(data, az[1], items)
    orgs_az = experienced[experienced["organisation"].isin(ORGS)]
    chain_az = experienced[
        (experienced["organisation"] == CHAIN)
        & (experienced["kind"] == "positief")
        & (experienced["item"] == "totaaloordeel")
    ]
    main = chain_part = None
    if own:
        main = _concat(
            data,
            [
                # the employers' categories add up to the staff shown elsewhere: secondary
                _protect(
                    data, _expected_staff(data, staff, aspect_items), group_cols=["kind", "item"]
                ),
                _protect(data, orgs_az.reset_index(drop=True), secondary=False),
            ],
        )
        sec.protected.append(main)
    comparison, groups = pd.DataFrame(), []
    if chain:
        chain_part, comparison, groups = _chain_protected(data, chain_az)
        sec.protected.append(chain_part)
    merged = _gaps(main, chain_part)
    figures: dict = {}
    if main is not None:
        own_rows = merged[merged["organisation"].isin(ORGS)]
        gaps = _mirror_gaps(own_rows, cb, {"item": items, "organisation": list(ORGS)})
        sec.table(
            _styled(gaps["frame"], main, left=3),
            "Eigen organisatie: verwacht door medewerkers tegenover ervaren door asielzoekers "
            "(zelfde golf)",
        )
        sec.text(_bullets(gaps["sentences"]))
        figures.update(gaps["key_figures"])
        _own_charts(sec, main, cb, items, aspect_items)
    if chain_part is not None:
        chain_rows = merged[merged["organisation"] == CHAIN]
        _chain_display(sec, data, chain_part, chain_rows, comparison, groups, figures)
    sec.key_figures["mirror_totaaloordeel"] = figures
    return sec


# -- the two sides -----------------------------------------------------------------------------
def _long(resp: pd.DataFrame, column: str, organisation, item: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "respondent_id": resp["respondent_id"].to_numpy(),
            "organisation": organisation,
            "item": item,
            "value": _as_float(resp[column]),
        }
    )


def _expected_staff(data: WaveData, staff: pd.DataFrame, aspect_items) -> pd.DataFrame:
    """Staff about their own organisation: overall judgement (% (heel) goed) and the aspects
    they expect asylum seekers to be positive or negative about (% ticked), per employer."""
    employer = staff["werkgever"].astype(str).to_numpy()
    parts = [("positief", _long(staff, "spiegel_oordeel_eigen", employer, "totaaloordeel"), 4)]
    for kind in ("positief", "negatief"):
        cols = [a for a in aspect_items if f"spiegel_{kind}_{a}" in staff.columns]
        if cols:
            long = pd.concat(
                [_long(staff, f"spiegel_{kind}_{a}", employer, a) for a in cols],
                ignore_index=True,
            )
            parts.append((kind, long, 1))
    out = []
    for kind, long, threshold in parts:
        t = _summarise(
            data,
            long,
            ["organisation", "item"],
            "pct_positive",
            threshold=threshold,
            order={"organisation": list(ORGS)},
        )
        t.insert(0, "kind", kind)
        out.append(t)
    expected = pd.concat(out, ignore_index=True)
    expected.insert(1, "target_group", "ketenpartners")
    return expected


def _experienced(data: WaveData, ratings: pd.DataFrame, items: Sequence[str]) -> pd.DataFrame:
    """The asylum seekers of the same wave: % (heel) goed / positive, and % negative."""
    rat = ratings[ratings["item"].isin(items) & ratings["organisation"].isin([*ORGS, CHAIN])]
    pos = _summarise(
        data, rat, ["organisation", "item"], "pct_positive", target_group="asielzoekers"
    )
    pos.insert(0, "kind", "positief")
    negative = rat[rat["item"] != "totaaloordeel"].assign(value=lambda d: 6 - d["value"])
    neg = _summarise(
        data, negative, ["organisation", "item"], "pct_positive", target_group="asielzoekers"
    )
    neg.insert(0, "kind", "negatief")
    out = pd.concat([pos, neg], ignore_index=True)
    out.insert(1, "target_group", "asielzoekers")
    return out


def _chain_protected(
    data: WaveData, chain_az: pd.DataFrame
) -> tuple[ProtectedTable, pd.DataFrame, list[str]]:
    """The chain question: all partners, each position, and the asylum seekers, protected.

    Returns the protected rows (``kind``, ``target_group``, ``organisation``, ``item``,
    :data:`POSITION` (:data:`ALL_PARTNERS` for all partners, NaN for asylum seekers), the
    estimates and flags), the design-based comparison of the positions (described; empty with
    fewer than two positions) and the positions shown.
    """
    resp = data.respondents
    long = _long(resp, "spiegel_oordeel_keten", CHAIN, "totaaloordeel")
    order = {"organisation": [CHAIN], "item": ["totaaloordeel"]}
    everyone = _summarise(data, long, ["organisation", "item"], "pct_positive", order=order)
    parts = [_tag(_protect(data, everyone, secondary=False), "ketenpartners", ALL_PARTNERS)]
    comparison, present = pd.DataFrame(), []
    groups = []
    if POSITION in resp.columns and resp[POSITION].notna().any():
        groups = _category_order(resp[POSITION], POSITION, data.codebook)
    if len(groups) > 1:
        good = long.assign(
            value=np.where(long["value"].isna(), np.nan, (long["value"] >= 4).astype(float))
        )
        by_position, comparison, present = _share_breakdown(
            data, good, ["organisation", "item"], POSITION, groups, {**order, POSITION: groups}
        )
        parts.append(_tag(by_position, "ketenpartners"))
    seekers = _protect(data, chain_az.reset_index(drop=True), secondary=False)
    parts.append(_tag(seekers, "asielzoekers"))
    return _concat(data, parts), comparison, present


def _tag(p: ProtectedTable, side: str, position: str | None = None) -> ProtectedTable:
    """A chain part with ``kind``, ``target_group`` (``side``) and, when given, the position."""
    t = p.table
    extra = {"kind": "positief", "target_group": side}
    if position is not None:
        extra[POSITION] = position
    table = t.assign(**extra)
    table.attrs = dict(t.attrs)
    return replace(p, table=table)


# -- gaps, one Holm family over the section ------------------------------------------------------
def _gaps(main: ProtectedTable | None, chain: ProtectedTable | None) -> pd.DataFrame:
    """Every expected row against its experienced cell (:func:`helpers.stats.expectation_gaps`).

    A suppressed or masked cell has no share (its ``pct`` is NaN): no gap, no test.
    """
    tables = [p.table for p in (main, chain) if p is not None]
    both = pd.concat(tables, ignore_index=True)

    def side(target_group: str) -> pd.DataFrame:
        part = both[both["target_group"] == target_group]
        return part.assign(pct=part["pct"].astype(float).where(~part["suppressed"].astype(bool)))

    expected = side("ketenpartners")
    if POSITION not in expected.columns:
        expected = expected.assign(**{POSITION: np.nan})
    experienced = side("asielzoekers").drop(columns=[POSITION], errors="ignore")
    return expectation_gaps(expected, experienced, breakdown=POSITION)


def _cells(merged: pd.DataFrame, prefix: str, interval: bool = False) -> list[str]:
    """Cells "pct% (n=..)" of one side of the merged gaps (with ``interval`` its 95%-BI too);
    suppressed ``–``, masked ``°``."""
    part = pd.DataFrame(
        {
            "pct": merged[f"pct_{prefix}"].astype(float),
            "ci_low": merged[f"ci_low_{prefix}"].astype(float),
            "ci_high": merged[f"ci_high_{prefix}"].astype(float),
            "n": merged[f"n_{prefix}"],
            "suppressed": merged[f"suppressed_{prefix}"].astype(bool),
            "indicative": merged[f"indicative_{prefix}"].astype(bool),
        }
    )
    bounds = ("ci_low", "ci_high") if interval else ()
    cells = _fmt_est(part, "pct", *bounds, decimals=0, suffix="%", with_n=True)
    masked = merged[f"masked_{prefix}"].fillna(False).astype(bool).to_numpy()
    suppressed = part["suppressed"].to_numpy()
    return [
        MASKED_MARK if m and not s else c for c, m, s in zip(cells, masked, suppressed, strict=True)
    ]


def _gap_cells(merged: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    gap = merged["gap"].to_numpy(dtype=float)
    p_holm = merged["p_holm"].to_numpy(dtype=float)
    text = [
        SUPPRESSED_MARK if np.isnan(g) else ("+" if g > 0 else "") + format_number(g, 0)
        for g in gap
    ]
    sig = np.where(np.isnan(p_holm), "", np.where(p_holm < 0.05, "ja", "nee"))
    return text, sig


def _mirror_gaps(merged: pd.DataFrame, cb: Codebook, order: Mapping) -> dict:
    """Gap table, sentences and key figures of the own organisations (from the protected rows)."""
    merged = _sort(
        merged,
        ["organisation", "kind", "item"],
        {
            "organisation": order["organisation"],
            "kind": ["positief", "negatief"],
            "item": order["item"],
        },
    ).reset_index(drop=True)
    gap_text, sig = _gap_cells(merged)
    frame = pd.DataFrame(
        {
            "Organisatie": [_org_label(cb, o) for o in merged["organisation"]],
            "Soort": merged["kind"].to_numpy(),
            "Onderwerp": [
                "totaaloordeel (heel) goed" if i == "totaaloordeel" else cb.label(i)
                for i in merged["item"]
            ],
            "Verwacht door medewerkers": _cells(merged, "exp"),
            "Ervaren door asielzoekers": _cells(merged, "az"),
            "Verschil (procentpunt)": gap_text,
            "Significant (Holm)": sig,
        }
    )
    sentences, figures = [], {}
    for row in merged.to_dict("records"):
        if row["item"] != "totaaloordeel" or row["kind"] != "positief":
            continue
        org = row["organisation"]
        figures[org] = _figure(row)
        if figures[org]["gap"] is None:
            continue
        about = ORGANISATION_PHRASES.get(org, org)
        sentences.append(mirror_gap_sentence(f"medewerkers van {about}", about, figures[org]))
    if not sentences:
        sentences = ["Te weinig waarnemingen om verwachting en ervaring te vergelijken."]
    return {"frame": frame, "sentences": sentences, "key_figures": figures}


def _figure(row: Mapping) -> dict:
    """Key figure of one tested gap (``None`` throughout when a side is not shown)."""
    if not row["both"]:
        return {"expected": None, "experienced": None, "gap": None}
    e, a = float(row["pct_exp"]), float(row["pct_az"])
    return {"expected": e, "experienced": a, "gap": e - a, "p_holm": _num(row["p_holm"])}


# -- display -------------------------------------------------------------------------------------
def _own_charts(sec: Section, main: ProtectedTable, cb: Codebook, items, aspect_items) -> None:
    from helpers.report._descriptives_plots import mirror_chart

    t = main.table
    labels = {"totaaloordeel": "totaaloordeel: (heel) goed", **_item_labels(cb, aspect_items)}
    for kind, title in (
        ("positief", "Positief: verwacht en ervaren"),
        ("negatief", "Negatief: verwacht en ervaren"),
    ):
        part = t[(t["kind"] == kind) & t["organisation"].isin(ORGS)].reset_index(drop=True)
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


def _who_labels(data: WaveData, groups: Sequence[str]) -> dict[str, str]:
    """Row labels of the chain table: all partners, then each position as the codebook says."""
    known = data.codebook.column_categories(POSITION)
    labels = {ALL_PARTNERS: "alle ketenpartners"}
    for g in groups:
        labels[g] = known.get(g) or _category_label(POSITION, g, data.codebook)
    return labels


def _chain_display(
    sec: Section,
    data: WaveData,
    protected: ProtectedTable,
    merged: pd.DataFrame,
    comparison: pd.DataFrame,
    groups: Sequence[str],
    figures: dict,
) -> None:
    """The chain: table (all, inside, outside vs asylum seekers), sentences, chart, figures."""
    rows = [ALL_PARTNERS, *groups]
    merged = merged[merged[POSITION].fillna(ALL_PARTNERS).isin(rows)].assign(
        **{POSITION: lambda d: d[POSITION].fillna(ALL_PARTNERS)}
    )
    if merged.empty:  # the asylum seekers did not judge the chain in this wave
        figures[CHAIN] = {"expected": None, "experienced": None, "gap": None}
        sec.text(
            "Te weinig waarnemingen om verwachting en ervaring over de Kleine Keten te vergelijken."
        )
        return
    merged = _sort(merged, [POSITION], {POSITION: rows}).reset_index(drop=True)
    labels = _who_labels(data, groups)
    gap_text, sig = _gap_cells(merged)
    frame = pd.DataFrame(
        {
            "Ketenpartners": [labels[p] for p in merged[POSITION]],
            "Verwacht: (heel) goed (95%-BI)": _cells(merged, "exp", interval=True),
            "Ervaren door asielzoekers": _cells(merged, "az"),
            "Verschil (procentpunt)": gap_text,
            "Significant (Holm)": sig,
        }
    )
    sec.table(
        _styled(frame, protected),
        "De Kleine Keten als geheel: verwacht door alle ketenpartners, binnen en buiten de "
        "keten, tegenover ervaren door asielzoekers (zelfde golf)",
    )
    by_position = {str(r[POSITION]): r for r in merged.to_dict("records")}
    figures[CHAIN] = (
        _figure(by_position[ALL_PARTNERS])
        if ALL_PARTNERS in by_position
        else {"expected": None, "experienced": None, "gap": None}
    )
    sentences = []
    if figures.get(CHAIN, {}).get("gap") is not None:
        sentences.append(
            mirror_gap_sentence("ketenpartners", ORGANISATION_PHRASES[CHAIN], figures[CHAIN])
        )
    for g in groups:
        fig = _figure(by_position[g]) if g in by_position else {"gap": None}
        if fig["gap"] is not None:
            who = GROUP_PHRASES[POSITION].get(g, labels[g])
            sentences.append(mirror_gap_sentence(who, ORGANISATION_PHRASES[CHAIN], fig))
    sentences += _position_sentences(comparison, groups)
    sec.text(_bullets(sentences))
    sec.significant[SIGNIFICANT_KEY] = (
        int(comparison["significant"].sum()) if not comparison.empty else 0
    )
    _chain_chart(sec, protected, labels, rows)
    sec.key_figures["mirror_keten_by_position"] = {
        g: {
            "n": _num(by_position[g]["n_exp"]),
            "expected": _num(by_position[g]["pct_exp"]),
            "ci_low": _num(by_position[g]["ci_low_exp"]),
            "ci_high": _num(by_position[g]["ci_high_exp"]),
            "experienced": _num(by_position[g]["pct_az"]),
            "gap": _num(by_position[g]["gap"]),
            "p_holm": _num(by_position[g]["p_holm"]),
        }
        for g in groups
        if g in by_position
    }


def _position_sentences(comparison: pd.DataFrame, groups: Sequence[str]) -> list[str]:
    """The design-based test between the positions, in words; a blanked share is not quoted."""
    if len(groups) < 2:
        return [
            "De ketenpartners vallen in deze golf niet in twee groepen van voldoende omvang: "
            "binnen en buiten de Kleine Keten zijn niet te vergelijken."
        ]
    if comparison.empty:
        return [
            "Te weinig waarnemingen om medewerkers binnen en buiten de Kleine Keten te vergelijken."
        ]
    out = []
    phrases = GROUP_PHRASES[POSITION]
    for row in comparison.to_dict("records"):
        a = phrases.get(row["group_a"], str(row["group_a"]))
        b = phrases.get(row["group_b"], str(row["group_b"]))
        if not row["significant"]:
            out.append(
                f"Het verschil tussen {a} en {b} in wat zij van asielzoekers verwachten is niet "
                "significant."
            )
            continue
        va, vb = pair_numbers(row["estimate_a"], row["estimate_b"], 0, "%")
        more = "vaker" if row["difference"] > 0 else "minder vaak"
        out.append(
            f"{a[:1].upper()}{a[1:]}{va} verwachten {more} dan {b}{vb} dat asielzoekers de "
            "Kleine Keten (heel) goed vinden (significant)."
        )
    return out


def _chain_chart(sec: Section, protected: ProtectedTable, labels: Mapping, rows) -> None:
    """The chain's chart: each row of partners' expectation against the asylum seekers' share."""
    t = protected.table
    partners = t[(t["target_group"] == "ketenpartners") & t[POSITION].isin(rows)]
    if partners.empty:
        return
    partners = _sort(partners, [POSITION], {POSITION: list(rows)})
    view = pd.concat([partners, t[t["target_group"] == "asielzoekers"]], ignore_index=True)
    view.attrs = dict(t.attrs)
    sec.figure(
        chain_chart(view, labels, title="De Kleine Keten als geheel: verwacht en ervaren"),
        "Puntdiagram: verwacht oordeel over de Kleine Keten van alle ketenpartners en van "
        "ketenpartners binnen en buiten de keten, met het oordeel van asielzoekers als lijn",
    )


def chain_chart(
    protected: ProtectedTable | pd.DataFrame,
    row_labels: Mapping[str, str],
    *,
    title: str | None = None,
    width: float = 8.0,
) -> Figure:
    """Dot chart of the partners' expected % (heel) goed per row (:data:`POSITION`) with its
    interval, against the asylum seekers' experienced share drawn as a line with its interval.

    Suppressed cells are ``–``, masked ones ``°`` (nothing drawn), indicative ones hollow; the
    disclosure footnotes go under the chart.

    Examples
    --------
    >>> from helpers.privacy import protect_table
    >>> t = pd.DataFrame({"target_group": ["ketenpartners"] * 2 + ["asielzoekers"],
    ...                   "positie": ["alle", "buiten", None], "n": [40, 4, 90],
    ...                   "pct": [20.0, 10.0, 55.0], "ci_low": [9.0, 1.0, 45.0],
    ...                   "ci_high": [35.0, 40.0, 65.0]})
    >>> fig = chain_chart(protect_table(t, secondary=False), {"alle": "alle", "buiten": "buiten"})
    >>> len(fig.axes[0].containers), len(fig.axes[0].lines) > 0  # buiten (n = 4) not drawn
    (1, True)
    """
    from helpers.report._descriptives_plots import (
        OKABE_ITO,
        _checked,
        _dot,
        _finish,
        _marker_style,
        _tick_format,
        _top_legend,
    )

    table, footnotes = _checked(protected)
    expected_colour, experienced_colour = OKABE_ITO[1], OKABE_ITO[0]
    partners = table[table["target_group"] == "ketenpartners"].reset_index(drop=True)
    seekers = table[table["target_group"] == "asielzoekers"]
    fig = Figure(figsize=(width, 1.5 + 0.45 * max(len(partners), 1)), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(partners))[::-1]
    if not seekers.empty:
        row = seekers.iloc[0]
        if not row["suppressed"] and np.isfinite(float(row["pct"])):
            ax.axvspan(
                float(row["ci_low"]),
                float(row["ci_high"]),
                color=experienced_colour,
                alpha=0.12,
                linewidth=0,
            )
            ax.axvline(float(row["pct"]), color=experienced_colour, linewidth=2)
    for yi, row in zip(y, partners.to_dict("records"), strict=True):
        value = float(row["pct"]) if pd.notna(row["pct"]) else np.nan
        if row["suppressed"] or not np.isfinite(value):
            mark = MASKED_MARK if row.get("masked") and not row["suppressed"] else SUPPRESSED_MARK
            ax.text(
                1,
                yi,
                mark,
                ha="left",
                va="center",
                fontsize=10,
                fontweight="bold",
                color=expected_colour,
            )
            continue
        lo, hi = float(row["ci_low"]), float(row["ci_high"])
        ax.errorbar(
            [value],
            [yi],
            xerr=[[max(value - lo, 0)], [max(hi - value, 0)]],
            fmt="o",
            color=expected_colour,
            **_marker_style(expected_colour, bool(row["indicative"])),
            capsize=2,
            markersize=7,
            linestyle="none",
        )
    ax.set_yticks(y, [row_labels.get(p, str(p)) for p in partners[POSITION]])
    ax.set_ylim(-0.6, len(partners) - 0.4)
    ax.set_xlim(0, 100)
    _tick_format(ax.xaxis, percent=True)
    ax.set_xlabel("% (heel) goed, met 95%-betrouwbaarheidsinterval")
    ax.grid(axis="x", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)
    handles = [
        _dot(expected_colour, "Verwachting ketenpartners"),
        Line2D([], [], color=experienced_colour, linewidth=2, label="Ervaring asielzoekers"),
    ]
    _top_legend(ax, handles, ncol=2)
    return _finish(fig, title, footnotes)
