"""Descriptives section for the chain partners: contact and channels inside and outside the chain.

The pilot of 2017 reported the partners' contact with the IND, the COA and the DT&V in the last
twelve months, and the channels of that contact, separately for staff inside the Kleine Keten and
staff of partners outside it (``positie``). :func:`contact_by_position` gives those figures with
the wave's design: a design-based percentage with its 95% interval per organisation and position
(:func:`helpers.stats.summarise_ratings`, weights; partners are sampled without clusters),
protected per organisation and question (the rest of the question's base, unknown positions, is a
hidden cell, so a small position group cannot be recovered from the whole group's figures in the
contact section), and a difference between inside and outside named only when the design-based
test of :func:`helpers.stats.compare_groups` finds it, between shown cells.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.privacy import MASKED_MARK, SUPPRESSED_MARK, ProtectedTable
from helpers.report._compare_text import difference_sentences, pair_numbers
from helpers.report._descriptives_base import (
    BACKGROUND,
    GROUP_PHRASES,
    Section,
    WaveData,
    _answered,
    _as_float,
    _category_label,
    _category_order,
    _long,
    _num,
    _org_label,
    _organisations,
    _share_breakdown,
    _variables,
)
from helpers.report._descriptives_display import (
    _bullets,
    _fmt_est,
    _pivot,
    _significance_column,
    _styled,
)
from helpers.report._style import ORGANISATION_COLOURS
from helpers.report._text import ORGANISATION_PHRASES

#: The background variable of the breakdown.
POSITION = "positie"
#: Pseudo-items of the contact question: any contact (every answer but the last, "nee"), and the
#: first answer ("ja, vaak").
CONTACT_ITEMS: tuple[str, ...] = ("contact", "vaak")
BETWEEN = "medewerkers binnen en buiten de Kleine Keten"


def contact_by_position(data: WaveData) -> Section:
    """Contact with each organisation and its channels, for partners inside and outside the chain.

    Parameters
    ----------
    data : WaveData
        The chain partners of a wave (for asylum seekers the section does not apply: they have
        no position inside or outside the chain).

    Returns
    -------
    Section
        Per organisation the % with contact in the last twelve months (and % "ja, vaak") and,
        among those with contact, the % per channel, for each position: a table with the
        significant differences, a chart (one panel per position, one colour per organisation)
        and one sentence per significant difference. Key figures ``pct_contact_by_position``
        and ``pct_channels_by_position`` (organisation -> item -> position -> ``n``, ``pct``,
        ``ci_low``, ``ci_high``; ``pct`` None when not shown).
    """
    key = "contact_positie"
    if POSITION not in BACKGROUND.get(data.target_group, ()):
        return Section(key, applicable=False)
    resp = data.respondents
    variables = _variables(data)
    freq = [v for v in variables if v.block == "contact_12m" and v.name in resp.columns]
    channels = [v for v in variables if v.block == "channels" and v.name in resp.columns]
    if not freq and not channels:
        return Section(key, applicable=False)
    sec = Section(key)
    if not _answered(resp, [*freq, *channels]):
        sec.text("Er zijn in deze golf geen vragen over contact beantwoord.")
        return sec
    cb = data.codebook
    groups = []
    if POSITION in resp.columns and resp[POSITION].notna().any():
        groups = _category_order(resp[POSITION], POSITION, cb)
    if len(groups) < 2:
        sec.text(
            "Alle ketenpartners met een bekende positie vallen in één groep van ten minste "
            f"{data.threshold} respondenten: het contact is niet uit te splitsen naar binnen en "
            "buiten de Kleine Keten."
        )
        return sec
    sec.text(
        "Per organisatie en vraag is getoetst of medewerkers binnen en buiten de Kleine Keten "
        "verschillen, met een toets die rekening houdt met de weging; alleen een significant "
        "verschil wordt genoemd."
    )
    if freq and _answered(resp, freq):
        long, labels = _contact_long(resp, freq)
        _part(
            data,
            sec,
            long,
            labels,
            groups,
            caption="Contact in de afgelopen 12 maanden naar positie (% van wie de vraag kreeg, "
            "95%-BI)",
            title="Contact in de afgelopen 12 maanden",
            xlabel="% van wie de vraag kreeg",
            alt="Puntdiagram van het contact met elke organisatie in de afgelopen 12 maanden, "
            "binnen en buiten de Kleine Keten",
            verb=_contact_verb,
            about="in het contact met de organisaties",
            figures="pct_contact_by_position",
            significant="positie (contact)",
        )
    if channels and _answered(resp, channels):
        items = list(dict.fromkeys(v.item for v in channels))
        long = _long(resp, {v.name: (v.organisation, v.item) for v in channels})
        _part(
            data,
            sec,
            long,
            {i: cb.label(i) for i in items},
            groups,
            caption="Kanalen van het contact naar positie (meer antwoorden mogelijk; basis: had "
            "contact; 95%-BI)",
            title="Kanalen van het contact",
            xlabel="% dat dit kanaal gebruikte",
            alt="Puntdiagram van het gebruik van de kanalen per organisatie, binnen en buiten de "
            "Kleine Keten",
            verb=_channel_verb,
            about="in de kanalen van het contact",
            figures="pct_channels_by_position",
            significant="positie (kanalen)",
        )
    return sec


def _contact_long(resp: pd.DataFrame, freq) -> tuple[pd.DataFrame, dict[str, str]]:
    """The contact questions as 0/1 pseudo-ratings: any contact, and the most frequent answer."""
    parts = []
    scale = freq[0].scale
    codes = list(scale.substantive_codes)
    for v in freq:
        x = _as_float(resp[v.name])
        answered = ~np.isnan(x)
        for item, hit in (("contact", x != codes[-1]), ("vaak", x == codes[0])):
            parts.append(
                pd.DataFrame(
                    {
                        "respondent_id": resp["respondent_id"].to_numpy(),
                        "organisation": v.organisation,
                        "item": item,
                        "value": np.where(answered, hit.astype(float), np.nan),
                    }
                )
            )
    answers = " of ".join(scale.label(c) for c in codes[:-1])
    labels = {
        "contact": f"contact gehad ({answers})",
        "vaak": f"vaak contact ({scale.label(codes[0])})",
    }
    return pd.concat(parts, ignore_index=True), labels


def _contact_verb(item: str, more: str, org: str, labels: Mapping[str, str]) -> str:
    if item == "vaak":
        return f"hadden {more} vaak contact met {org}"
    return f"hadden {more} contact met {org}"


def _channel_verb(item: str, more: str, org: str, labels: Mapping[str, str]) -> str:
    return f"hadden {more} contact met {org} via {labels.get(item, item)}"


def _part(
    data: WaveData,
    sec: Section,
    long: pd.DataFrame,
    labels: Mapping[str, str],
    groups: Sequence[str],
    *,
    caption: str,
    title: str,
    xlabel: str,
    alt: str,
    verb: Callable,
    about: str,
    figures: str,
    significant: str,
) -> None:
    """One breakdown (contact or channels): protected table, test, sentences, chart, figures."""
    cb = data.codebook
    items = list(labels)
    orgs = [o for o in _organisations(data) if o in set(long["organisation"])]
    order = {"organisation": orgs, "item": items, POSITION: list(groups)}
    protected, comparison, present = _share_breakdown(
        data, long, ["organisation", "item"], POSITION, groups, order
    )
    sec.protected.append(protected)
    t = protected.table
    position_labels = _position_labels(data, present)
    masked = _masked(t)
    cells = _fmt_est(t, "pct", "ci_low", "ci_high", decimals=0, suffix="%", with_n=True)
    cells = [MASKED_MARK if m else c for c, m in zip(cells, masked, strict=True)]
    rows = [
        (o, i) for o in orgs for i in items if ((t["organisation"] == o) & (t["item"] == i)).any()
    ]
    wide = _pivot(
        t,
        cells,
        ("organisation", "item"),
        POSITION,
        rows,
        present,
        row_label=lambda r: f"{_org_label(cb, r[0])} · {labels[r[1]]}",
        col_label=lambda g: position_labels[g],
        corner="Organisatie · vraag",
    )
    wide["Verschil binnen-buiten"] = _significance_column(
        comparison, rows, ("organisation", "item"), POSITION, cb
    )
    sec.table(_styled(wide, protected, left_last=True), caption)
    sec.text(_bullets(_sentences(comparison, labels, verb, about)))
    sec.figure(
        position_chart(
            protected,
            present,
            position_labels=position_labels,
            item_labels=labels,
            organisations=orgs,
            organisation_labels={o: _org_label(cb, o) for o in orgs},
            title=title,
            xlabel=xlabel,
        ),
        alt,
    )
    sec.significant[significant] = (
        int(comparison["significant"].sum()) if not comparison.empty else 0
    )
    sec.key_figures[figures] = {
        org: {
            item: {
                str(row[POSITION]): {
                    "n": _num(row["n"]),
                    "pct": _num(row["pct"]),
                    "ci_low": _num(row["ci_low"]),
                    "ci_high": _num(row["ci_high"]),
                }
                for row in t[(t["organisation"] == org) & (t["item"] == item)].to_dict("records")
            }
            for item in items
            if ((t["organisation"] == org) & (t["item"] == item)).any()
        }
        for org in orgs
    }


def _masked(t: pd.DataFrame) -> np.ndarray:
    return t["masked"].to_numpy(bool) if "masked" in t.columns else np.zeros(len(t), bool)


def _position_labels(data: WaveData, groups: Sequence[str]) -> dict[str, str]:
    """Dutch labels of the positions, as the codebook gives them."""
    known = data.codebook.column_categories(POSITION)
    return {g: known.get(g) or _category_label(POSITION, g, data.codebook) for g in groups}


def _sentences(
    comparison: pd.DataFrame,
    labels: Mapping[str, str],
    verb: Callable,
    about: str,
) -> list[str]:
    """One Dutch sentence per significant difference between the positions; else the "none" one.

    A percentage the protected table does not show comes blanked from
    :func:`helpers.report._descriptives_base._compare` and is not written in the sentence either.
    """
    if comparison.empty or not comparison["significant"].any():
        table = comparison
        if table.empty:
            table = pd.DataFrame(columns=["label_a", "label_b", "significant", "sentence"])
        return difference_sentences(table, between=BETWEEN, about=about)
    phrases = GROUP_PHRASES[POSITION]
    out = []
    for row in comparison[comparison["significant"]].to_dict("records"):
        org, item = row["organisation"], row["item"]
        a = phrases.get(row["group_a"], str(row["group_a"]))
        b = phrases.get(row["group_b"], str(row["group_b"]))
        va, vb = pair_numbers(row["estimate_a"], row["estimate_b"], 0, "%")
        more = "vaker" if row["difference"] > 0 else "minder vaak"
        what = verb(item, more, ORGANISATION_PHRASES.get(org, str(org)), labels)
        out.append(f"{a[:1].upper()}{a[1:]} {what}{va} dan {b}{vb}.")
    return out


def position_chart(
    protected: ProtectedTable,
    groups: Sequence[str],
    *,
    position_labels: Mapping[str, str],
    item_labels: Mapping[str, str],
    organisations: Sequence[str],
    organisation_labels: Mapping[str, str],
    title: str,
    xlabel: str,
    width: float = 9.0,
) -> Figure:
    """Dot chart of a percentage with its interval: one panel per position, one row per item, one
    colour per organisation; suppressed cells are ``–``, hidden ones ``°``, indicative ones hollow.

    Examples
    --------
    >>> from helpers.privacy import protect_table
    >>> t = pd.DataFrame({"organisation": ["IND", "IND"], "item": ["a", "a"],
    ...                   "positie": ["binnen", "buiten"], "n": [40, 4], "pct": [60.0, 50.0],
    ...                   "ci_low": [44.0, 10.0], "ci_high": [74.0, 90.0]})
    >>> fig = position_chart(protect_table(t, secondary=False), ["binnen", "buiten"],
    ...     position_labels={"binnen": "binnen", "buiten": "buiten"}, item_labels={"a": "A"},
    ...     organisations=["IND"], organisation_labels={"IND": "IND"}, title="T", xlabel="%")
    >>> [len(ax.containers) for ax in fig.axes]  # buiten has n = 4: not drawn
    [1, 0]
    """
    from helpers.report._descriptives_plots import (
        _checked,
        _dot,
        _finish,
        _marker_style,
        _offsets,
        _tick_format,
    )

    table, footnotes = _checked(protected)
    items = [i for i in item_labels if i in set(table["item"])]
    offsets = _offsets(len(organisations))
    y_of = {item: len(items) - 1 - k for k, item in enumerate(items)}
    height = 1.4 + 0.3 * len(items) * max(len(organisations), 1) ** 0.5 + 0.3 * len(footnotes)
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, len(groups), sharey=True, squeeze=False)[0]
    for ax, group in zip(axes, groups, strict=True):
        part = table[(table[POSITION] == group) & table["item"].isin(items)]
        for row in part.to_dict("records"):
            org = row["organisation"]
            colour = ORGANISATION_COLOURS.get(org, "#444444")
            y = y_of[row["item"]] + offsets[list(organisations).index(org)]
            value = float(row["pct"]) if pd.notna(row["pct"]) else np.nan
            if row["suppressed"] or not np.isfinite(value):
                mark = MASKED_MARK if row.get("masked") and not row["suppressed"] else None
                ax.text(1, y, mark or SUPPRESSED_MARK, ha="left", va="center", fontsize=10,
                        color=colour, fontweight="bold")  # fmt: skip
                continue
            lo, hi = float(row["ci_low"]), float(row["ci_high"])
            ax.errorbar(
                [value],
                [y],
                xerr=[[max(value - lo, 0)], [max(hi - value, 0)]],
                fmt="o",
                color=colour,
                **_marker_style(colour, bool(row["indicative"])),
                capsize=2,
                markersize=6,
                linestyle="none",
            )
        ax.set_title(position_labels.get(group, str(group)), fontsize=10)
        ax.set_xlim(0, 100)
        _tick_format(ax.xaxis, percent=True)
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", color="#eeeeee")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_yticks(range(len(items)), [item_labels[i] for i in items][::-1])
    axes[0].set_ylim(-0.6, len(items) - 0.4)
    handles = [
        _dot(ORGANISATION_COLOURS.get(o, "#444444"), organisation_labels.get(o, o))
        for o in organisations
    ]
    fig.legend(
        handles=handles,
        loc="outside right upper",
        frameon=False,
        fontsize=8,
    )
    return _finish(fig, title, footnotes)
