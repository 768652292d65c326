"""The wave summary: the first report of every wave, findings on one or two screens.

Per target group and organisation the overall judgement with its interval and its change since
the previous wave, the aspects to invest in and to keep (stable placements only), the largest
mirror gaps, the subgroup differences that survive correction and the response, each with a link
to the report that shows the detail. Every number is read from the key figures that the wave's
other reports wrote (:func:`helpers.report.read_key_figures`), so a figure is computed once; the
sentences come from the rules of :mod:`helpers.report._summary_text`. An optional commentary
file of the analyst beside the wave's raw description (:data:`COMMENTARY_FILE`, Markdown) is shown
as the recommendations section, marked as the analyst's text.

The notebook ``00_wave_summary.ipynb``: :func:`build` once, then one call per section.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers import paths
from helpers.codebook import load_codebook
from helpers.report._key_figures import read_key_figures
from helpers.report._style import organisation_colour, wave_label
from helpers.report._summary_text import (
    aspects_sentences,
    change_sentence,
    judgement_heading,
    judgement_sentence,
    mirror_sentence,
    response_sentence,
    subgroup_sentence,
)

__all__ = [
    "COMMENTARY_FILE",
    "WaveSummary",
    "build",
    "commentary_section",
    "findings_html",
    "findings_section",
    "judgement_chart",
    "key_figures",
    "key_figures_section",
    "mirror_section",
    "reports_section",
    "response_section",
    "show_header",
    "subgroups_section",
]

TITLE = "Samenvatting van de meting"
STEM = "00_wave_summary"
COMMENTARY_FILE = "commentary.md"  # the analyst's text, beside wave.yml in the raw wave folder
ACROSS_WAVES = "alle-golven"  # the report folder of the reports that span waves (batch layout)
TRENDS = "05_trends"
MAX_MIRROR_GAPS = 3
_CHANGE = re.compile(r"^(?P<org>\S+) (?P<prev>\S+)->(?P<wave>\S+) \((?P<diff>[-+]?[\d.]+)\)$")
_REPORT_TITLES = {
    "01_cleaning": "Opschoning en weging",
    "02_descriptives": "Beschrijvende resultaten",
    "03_impact_analysis": "Impactanalyse",
    "04_power_continuous_measurement": "Steekproefomvang en power",
    "07_small_area": "Opvanglocaties en nationaliteiten",
}


@dataclass
class WaveSummary:
    """The key figures of one wave's reports and what the summary shows (see :func:`build`)."""

    wave: str
    figures: pd.DataFrame  # every key figure of the wave's reports (read_key_figures rows)
    trends: pd.DataFrame | None = None  # the trends report's key figures, when it ran
    commentary: str | None = None
    raw_root: str = ""
    key_figures_path: str = ""
    parameters: dict = field(default_factory=dict)
    shown: dict[str, Any] = field(default_factory=dict)  # what the sections showed (key figures)

    # -- access to the figures ----------------------------------------------------------------
    def rows(self, report: str, target_group: str | None = None, organisation=None):
        """The figures of one report (the notebook's stem), optionally of one group/organisation."""
        f = self.figures
        keep = f["report"] == report
        if target_group is not None:
            keep &= f["target_group"] == target_group
        if organisation is not None:
            keep &= f["organisation"] == organisation
        return f[keep & (f["status"] == "ok")]

    def target_groups(self) -> list[str]:
        groups = self.rows("02_descriptives")["target_group"].dropna().unique().tolist()
        return [g for g in ("asielzoekers", "ketenpartners") if g in groups] + sorted(
            g for g in groups if g not in ("asielzoekers", "ketenpartners")
        )

    @property
    def previous_wave(self) -> str | None:
        prev = self.rows("03_impact_analysis")
        prev = prev[prev["name"] == "previous_wave"]["value"].dropna()
        return str(prev.iloc[0]) if len(prev) else None

    def report_link(self, report: str, target_group=None, organisation=None) -> str | None:
        """The detail report's file name (beside its key-figure file) when it ran."""
        rows = self.rows(report, target_group, organisation)
        return f"{rows['file'].iloc[0]}.html" if len(rows) else None


def _value(rows: pd.DataFrame, name: str, default=None):
    hit = rows[rows["name"] == name]
    return hit.iloc[0]["value"] if len(hit) else default


def _figure(rows: pd.DataFrame, name: str) -> dict:
    """A figure with its interval and n as a dict (``{}`` when absent)."""
    hit = rows[rows["name"] == name]
    if not len(hit):
        return {}
    r = hit.iloc[0]
    return {"value": r["value"], "ci_low": r["ci_low"], "ci_high": r["ci_high"], "n": r["n"]}


def _listed(rows: pd.DataFrame, prefix: str) -> list[str]:
    """The elements of a list figure (``prefix.0``, ``prefix.1``, ...), in order."""
    hit = rows[rows["name"].str.fullmatch(re.escape(prefix) + r"\.\d+")]
    order = hit["name"].str.rsplit(".", n=1).str[1].astype(int)
    return hit.assign(_o=order).sort_values("_o")["value"].astype(str).tolist()


def build(
    wave: str,
    *,
    raw_root: str | Path = "",
    reports_root: str | Path = "",
    key_figures_path: str | Path = "",
) -> WaveSummary:
    """Read the key figures of ``wave``'s reports (and of the trends report) and the analyst's
    commentary.

    The key figures are read from ``<reports_root>/<wave>/notebooks/``; without
    ``reports_root`` from the folder of ``key_figures_path`` (the batch writes every report's
    key figures side by side), else from the repository's reports folder.
    """
    if reports_root:
        folder = paths.report_wave_dir(wave, reports_root) / "notebooks"
    elif key_figures_path:
        folder = Path(key_figures_path).parent
    else:
        folder = paths.report_wave_dir(wave) / "notebooks"
    frames = [
        read_key_figures(p).assign(file=p.stem)  # the report's HTML has the same name
        for p in sorted(folder.glob("*.json"))
        if not p.name.endswith(".stamp.json") and p.stem != STEM
    ]
    columns = ["wave", "report", "target_group", "organisation", "status", "name", "value", "file"]
    figures = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    trends_file = folder.parent.parent / ACROSS_WAVES / "notebooks" / f"{TRENDS}.json"
    trends = read_key_figures(trends_file) if trends_file.is_file() else None
    commentary_file = paths.raw_wave_dir(wave, raw_root or None) / COMMENTARY_FILE
    commentary = (
        commentary_file.read_text(encoding="utf-8").strip() if commentary_file.is_file() else None
    )
    return WaveSummary(
        wave,
        figures,
        trends,
        commentary or None,
        str(raw_root or ""),
        str(key_figures_path or ""),
        {"wave": wave, "raw_root": raw_root},
    )


def show_header(summary: WaveSummary) -> None:
    """The opening: synthetic banner and the H1 naming the wave."""
    from helpers.report._display import show_header as header

    header(TITLE, summary.parameters, waves=[summary.wave], raw_root=summary.raw_root)


# -- findings per target group and organisation ---------------------------------------------
def change_since_previous(summary: WaveSummary, target_group: str, organisation: str) -> dict:
    """What the trends report's test said about the change since the previous wave.

    ``{"tested": bool, "significant": bool, "difference": float | None}``; not tested when
    the trends report did not run or did not cover both waves.
    """
    prev = summary.previous_wave
    t = summary.trends
    if t is None or prev is None:
        return {"tested": False, "significant": False, "difference": None}
    waves = set(_listed(t, "waves"))
    if not {prev, summary.wave} <= waves:
        return {"tested": False, "significant": False, "difference": None}
    for text in _listed(t, f"significant_{target_group}"):
        m = _CHANGE.match(text)
        if m and (m["org"], m["prev"], m["wave"]) == (organisation, prev, summary.wave):
            return {"tested": True, "significant": True, "difference": float(m["diff"])}
    return {"tested": True, "significant": False, "difference": None}


def _aspect_advice(summary: WaveSummary, target_group: str, organisation: str) -> list[str]:
    rows = summary.rows("03_impact_analysis", target_group, organisation)
    if rows.empty:
        return []
    drivers = _listed(rows, "drivers")
    labels = {d: str(_value(rows, f"aspects.{d}.label", d)) for d in drivers}
    stable = {d for d in drivers if _value(rows, f"aspects.{d}.stable") is True}
    invest = [d for d in _listed(rows, "investeren") if d in stable]
    unstable = [d for d in _listed(rows, "investeren") if d not in stable]
    keep = [d for d in _listed(rows, "vasthouden") if d in stable]
    before = [
        d
        for d in invest + keep
        if _value(rows, f"comparison.quadrant_prev.{d}") == _value(rows, f"aspects.{d}.quadrant")
        and d not in _listed(rows, "comparison.quadrant_changed")
    ]
    summary.shown.setdefault("invest", {})[f"{target_group}.{organisation}"] = invest
    summary.shown.setdefault("keep", {})[f"{target_group}.{organisation}"] = keep
    return aspects_sentences(
        invest, keep, unstable, labels, before, _value(rows, "comparison.wave")
    )


def _organisations(rows: pd.DataFrame) -> list[str]:
    found = {n.split(".")[1] for n in rows["name"] if n.startswith("mean_totaaloordeel.")}
    return [o for o in ("IND", "COA", "DTV", "keten") if o in found]


def findings_html(summary: WaveSummary, target_group: str) -> str:
    """One block per organisation: a heading that states the finding, then its sentences."""
    desc = summary.rows("02_descriptives", target_group)
    blocks = []
    for org in _organisations(desc):
        f = _figure(desc, f"mean_totaaloordeel.{org}.mean")
        figure = {
            "mean": f.get("value"),
            "ci_low": f.get("ci_low"),
            "ci_high": f.get("ci_high"),
            "n": f.get("n") or _value(desc, f"mean_totaaloordeel.{org}.n"),
            "pct_positive": _value(desc, f"mean_totaaloordeel.{org}.pct_positive"),
        }
        heading = judgement_heading(target_group, org, figure)
        summary.shown.setdefault("headline", {})[f"{target_group}.{org}"] = {
            "text": heading,
            **{k: figure[k] for k in ("mean", "ci_low", "ci_high", "n")},
        }
        change = change_since_previous(summary, target_group, org)
        sentences = [
            judgement_sentence(org, figure),
            change_sentence(change, summary.previous_wave),
            *_aspect_advice(summary, target_group, org),
        ]
        links = [
            (summary.report_link("03_impact_analysis", target_group, org), "impactanalyse"),
            (summary.report_link("02_descriptives", target_group), "alle oordelen"),
        ]
        more = " · ".join(f'<a href="{html.escape(h)}">{t}</a>' for h, t in links if h)
        anchor = f"{target_group}-{org}"
        blocks.append(
            f'<section class="kk-finding" data-organisation="{html.escape(org)}" '
            f'style="border-left-color:{organisation_colour(org)}">'
            f'<h3 id="{html.escape(anchor)}">{html.escape(heading)}</h3>'
            + "".join(f"<p>{html.escape(s)}</p>" for s in sentences if s)
            + (f'<p class="kk-more">Meer: {more}</p>' if more else "")
            + "</section>"
        )
    if not blocks:
        return f"<p>Voor {html.escape(target_group)} zijn in deze meting geen oordelen.</p>"
    return "".join(blocks)


def judgement_chart(summary: WaveSummary) -> Figure | None:
    """The overall judgement of every organisation with its 95% interval: one panel per target
    group, organisations in their fixed colours on the 1-5 scale (``None`` without judgements).

    The points are the descriptives' key figures, the same numbers as the sentences below it.
    """
    panels = []
    for tg in summary.target_groups():
        desc = summary.rows("02_descriptives", tg)
        points = [
            (org, _figure(desc, f"mean_totaaloordeel.{org}.mean")) for org in _organisations(desc)
        ]
        points = [(org, f) for org, f in points if f and pd.notna(f["value"])]
        if points:
            panels.append((tg, points))
    if not panels:
        return None
    codebook = load_codebook()
    names = codebook.column_categories("organisation")
    fig = Figure(figsize=(7.0, 0.5 + 0.9 * sum(len(p) for _, p in panels)))
    axes = fig.subplots(
        len(panels),
        1,
        squeeze=False,
        sharex=True,
        gridspec_kw={"height_ratios": [len(p) for _, p in panels]},
    )[:, 0]
    for ax, (tg, points) in zip(axes, panels, strict=True):
        y = np.arange(len(points))[::-1]
        for yi, (org, f) in zip(y, points, strict=True):
            colour = organisation_colour(org)
            low, high = float(f["ci_low"]), float(f["ci_high"])
            ax.plot([low, high], [yi, yi], color=colour, linewidth=3, solid_capstyle="butt")
            ax.plot(float(f["value"]), yi, "o", color=colour, markersize=9)
        ax.set_yticks(y, [names.get(org, org) for org, _ in points])
        ax.set_title(codebook.target_groups[tg]["label_nl"], loc="left", fontsize=10)
        ax.set_xlim(1, 5)
        ax.axvline(3, color="#bbbbbb", linewidth=0.8, zorder=0)
        ax.set_ylim(-0.6, len(points) - 0.4)
        ax.spines[["top", "right"]].set_visible(False)
    axes[-1].set_xlabel("gemiddeld oordeel (1 = zeer negatief, 5 = zeer positief), met 95%-BI")
    axes[-1].set_xticks(range(1, 6))  # the scale's points: whole numbers, no rounded half-ticks
    fig.tight_layout()
    return fig


def findings_section(summary: WaveSummary) -> None:
    """The overall judgements and the aspects to invest in or keep, per target group."""
    from IPython.display import HTML, display

    from helpers.report._display import show_figure

    fig = judgement_chart(summary)
    if fig is not None:
        show_figure(
            fig,
            "Gemiddeld oordeel over elke organisatie per doelgroep, met 95%-BI",
        )
    for tg in summary.target_groups():
        display(HTML(findings_html(summary, tg)))


def mirror_section(summary: WaveSummary) -> None:
    """The largest gaps between what staff expect and what asylum seekers say."""
    from helpers.report._display import show_text

    rows = summary.rows("02_descriptives")
    gaps = []
    for org in ("IND", "COA", "DTV", "keten"):
        fig = {k: _value(rows, f"mirror_totaaloordeel.{org}.{k}") for k in ("gap", "expected")}
        if fig["gap"] is None:
            continue
        fig["experienced"] = _value(rows, f"mirror_totaaloordeel.{org}.experienced")
        fig["p_holm"] = _value(rows, f"mirror_totaaloordeel.{org}.p_holm")
        gaps.append((abs(float(fig["gap"])), org, fig))
    gaps.sort(key=lambda g: -g[0])
    if not gaps:
        show_text("In deze meting is geen spiegelvraag te vergelijken.")
        return
    lines = [f"- {mirror_sentence(org, fig)}" for _, org, fig in gaps[:MAX_MIRROR_GAPS]]
    link = summary.report_link("02_descriptives", "ketenpartners")
    if link:
        lines.append(f"\n[Alle spiegelvragen]({link})")
    summary.shown["mirror_gaps"] = {org: fig["gap"] for _, org, fig in gaps[:MAX_MIRROR_GAPS]}
    show_text("\n".join(lines))


def subgroups_section(summary: WaveSummary) -> None:
    """The subgroup differences that survive the Holm correction, per target group."""
    from helpers.codebook import load_codebook
    from helpers.report._display import show_text

    cb = load_codebook()
    lines = []
    for tg in summary.target_groups():
        rows = summary.rows("02_descriptives", tg)
        prefix = "significant_differences_by_variable."
        counts = {
            n.removeprefix(prefix): int(v or 0)
            for n, v in zip(rows["name"], rows["value"], strict=True)
            if n.startswith(prefix)
        }
        labels = {k: _label(cb, k).lower() for k in counts}
        lines.append(
            f"- {subgroup_sentence(tg, counts, labels)} "
            f"[Verschillen tussen groepen]({summary.report_link('02_descriptives', tg)})"
        )
        summary.shown.setdefault("subgroup_differences", {})[tg] = sum(counts.values())
    show_text("\n".join(lines) if lines else "Geen vergelijking tussen groepen beschikbaar.")


def _label(cb, key: str) -> str:
    try:
        return cb.label(key)
    except (KeyError, ValueError):
        return key.replace("_", " ")


def response_section(summary: WaveSummary) -> None:
    """How many took part, per target group, and the effective sample after weighting."""
    from helpers.report._display import show_text

    lines = []
    for tg in summary.target_groups():
        rows = summary.rows("02_descriptives", tg)
        n = _value(rows, "n")
        if n is None:
            continue
        n_eff = _value(rows, "n_eff")
        n_eff = n_eff if isinstance(n_eff, int | float) else None
        lines.append(f"- {response_sentence(tg, int(n), n_eff)}")
        summary.shown.setdefault("n", {})[tg] = int(n)
    link = summary.report_link("01_cleaning")
    if link:
        lines.append(f"\nHoe de antwoorden zijn verwerkt en gewogen: [opschoning]({link}).")
    show_text("\n".join(lines) if lines else "Er zijn geen verwerkte antwoorden.")


def commentary_section(summary: WaveSummary) -> None:
    """The analyst's commentary (Markdown), marked as the analyst's text, or a note without it."""
    from IPython.display import HTML, Markdown, display

    if not summary.commentary:
        display(
            Markdown(
                "Bij deze meting heeft de analist (nog) geen toelichting of aanbevelingen "
                "geschreven."
            )
        )
        return
    display(
        HTML(
            '<p class="kk-analyst-mark">De tekst hieronder is geschreven door de analist; hij is '
            "niet automatisch uit de cijfers afgeleid.</p>"
        )
    )
    display(Markdown(summary.commentary))


def reports_section(summary: WaveSummary) -> None:
    """Links to every detail report of the wave and to the trends across waves."""
    from helpers.codebook import load_codebook
    from helpers.report._display import show_text

    cb = load_codebook()
    lines = []
    reports = summary.figures.drop_duplicates("file")
    for r in reports.sort_values("file").itertuples():
        base = next((t for k, t in _REPORT_TITLES.items() if r.report.startswith(k)), None)
        if base is None:
            continue
        about = [
            _label(cb, v) if k == "organisation" else str(v)
            for k, v in (("organisation", r.organisation), ("target_group", r.target_group))
            if isinstance(v, str)
        ]
        title = base + (f" {about[0]}: {about[1]}" if len(about) == 2 else "")
        title += f": {about[0]}" if len(about) == 1 else ""
        lines.append(f"- [{title}]({r.file}.html)")
    if summary.trends is not None:
        lines.append(f"- [Trends over de metingen](../{ACROSS_WAVES}/{TRENDS}.html)")
    show_text("\n".join(lines) if lines else "Er zijn nog geen detailrapportages.")


def key_figures(summary: WaveSummary) -> dict:
    """The summary's own key figures: the headlines (for the index page) and what was shown."""
    return {
        "wave": summary.wave,
        "wave_label": wave_label(summary.wave),
        "previous_wave": summary.previous_wave,
        "has_commentary": summary.commentary is not None,
        **summary.shown,
    }


def key_figures_section(summary: WaveSummary) -> None:
    """Write the summary's key figures beside the other reports' (empty path: nothing)."""
    from helpers.report._display import save_key_figures

    save_key_figures(summary.key_figures_path, key_figures(summary), wave=summary.wave)
