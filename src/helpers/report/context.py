"""The context report (notebook ``06_context_indicators``): charts, tables, sentences, sections.

The notebook builds the report once (:func:`build`) and calls one function per section. The public
IND figures are read with :func:`helpers.data.load_context` (which marks their quirks); this module
shows them without hiding anything: the complaints per month as stacked bars with the published
total beside them, the month whose categories do not add up to the total annotated, and the
change of definition of March 2023 (complainants -> complaints) drawn as a break in the series;
the customer-satisfaction marks 2009-2013 with every source of a year (2011: 7.4 and 7.3) and the
national benchmark; the service KPIs of the annual report 2011 as a table.

These are published aggregates, not respondent data: no disclosure control is needed, and the
figures are real (no synthetic banner).

Colours: Okabe & Ito (2008), colour-blind safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from helpers.data import (
    DEFINITION_BREAK,
    break_month,
    complaint_categories,
    likely_typos,
    load_context,
)
from helpers.errors import InputError
from helpers.notation import format_number
from helpers.privacy import style_frame

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
#: Dutch names of the complaint categories.
CATEGORY_LABELS: dict[str, str] = {
    "behandelduur": "behandelduur",
    "dienstverlening": "dienstverlening",
    "bejegening": "bejegening",
    "nationale_ombudsman": "via de Nationale ombudsman",
    "beleid": "beleid",
    "it": "IT",
    "overig": "overig",
}
#: Dutch names of the customer groups of the satisfaction survey.
GROUP_LABELS: dict[str, str] = {
    "vreemdelingen_en_referenten": "vreemdelingen en referenten",
    "boak": "zakelijke klanten (BOAK)",
    "benchmark_overheidsdienstverleners": "benchmark overheidsdienstverleners",
}
#: Dutch names of the KPIs of the annual report 2011.
KPI_LABELS: dict[str, str] = {
    "klachten_totaal": "klachten",
    "klachten_ten_opzichte_van_procedures": "klachten ten opzichte van het aantal procedures",
    "klachten_tijdig_afgehandeld": "klachten tijdig afgehandeld",
    "klachten_gegrond_of_deels_gegrond": "klachten (deels) gegrond",
    "ingebrekestellingen_ingediend": "ingebrekestellingen ingediend",
    "ingebrekestellingen_afgehandeld": "ingebrekestellingen afgehandeld",
    "ingebrekestellingen_binnen_termijn": "ingebrekestellingen binnen de termijn afgehandeld",
    "telefoon_vragen": "telefonische vragen",
    "telefoon_bereikbaarheid": "telefonische bereikbaarheid",
    "doorlooptijd_binnen_termijn_totaal": "beslissingen binnen de termijn: totaal",
    "doorlooptijd_binnen_termijn_asiel": "beslissingen binnen de termijn: asiel",
    "doorlooptijd_binnen_termijn_regulier_sociaal": "beslissingen binnen de termijn: regulier "
    "sociaal",
    "doorlooptijd_binnen_termijn_regulier_economisch": "beslissingen binnen de termijn: regulier "
    "economisch",
    "doorlooptijd_binnen_termijn_naturalisatie": "beslissingen binnen de termijn: naturalisatie",
    "kto_rapportcijfer_vreemdelingen": "rapportcijfer klanttevredenheid: vreemdelingen",
    "kto_rapportcijfer_boak": "rapportcijfer klanttevredenheid: zakelijke klanten (BOAK)",
}
UNIT_LABELS = {"aantal": "aantal", "procent": "%", "cijfer_1_10": "cijfer (1-10)"}
NOT_REPORTED = "n.b."


# --------------------------------------------------------------------------------------------
# complaints
# --------------------------------------------------------------------------------------------


def complaints_notes(complaints: pd.DataFrame) -> str:
    """Dutch Markdown explaining the flagged rows and the break in definition.

    Examples
    --------
    >>> notes = complaints_notes(build().tables["klachten"]).splitlines()
    >>> "05/23 telt niet op" in notes[0] and "566" in notes[0] and "03/23" in notes[1]
    True
    """
    lines = []
    for row in likely_typos(complaints).to_dict("records"):
        text = (
            f"- **{row['maand_label']} telt niet op:** de categorieën tellen op tot "
            f"{format_number(row['som_categorieen'], 0)}, het gepubliceerde totaal is "
            f"{format_number(row['totaal'], 0)} (verschil {row['verschil']:+d})."
        )
        if row["categorie"]:
            label = CATEGORY_LABELS.get(row["categorie"], row["categorie"])
            text += (
                f" Waarschijnlijk is '{label}' {row['gepubliceerd']}"
                f" een tikfout voor {row['vermoedelijk']}: dan klopt "
                "de som, en die waarde past bij de andere maanden. In de grafiek staan de "
                "categorieën zoals gepubliceerd; het zwarte ruitje is het gepubliceerde "
                "totaal."
            )
        lines.append(text)
    brk = break_month(complaints)
    if brk is not None:
        lines.append(
            f"- **Definitiewijziging vanaf {brk}:** tot en met de maand ervoor telde de IND "
            "*klagers* (personen die klagen, gezinsleden meegeteld), vanaf "
            f"{brk} *klachten*. De reeks is daar gebroken: de maanden voor en na de stippellijn "
            "zijn niet rechtstreeks vergelijkbaar."
        )
    return "\n".join(lines)


def complaints_chart(complaints: pd.DataFrame, *, width: float = 10.0) -> Figure:
    """Stacked bars of complaints per month and category, with the published totals.

    The months after the break in definition are shaded and separated by a dashed line; a
    month whose categories do not add up to the published total is annotated.

    Examples
    --------
    >>> fig = complaints_chart(build().tables["klachten"])
    >>> any("telt niet op" in t.get_text() for t in fig.axes[0].texts)
    True
    """
    cats = complaint_categories(complaints)
    if not cats:
        raise InputError("complaints table has no category columns")
    fig = Figure(figsize=(width, 5.2), layout="constrained")
    ax = fig.subplots()
    x = np.arange(len(complaints))
    bottom = np.zeros(len(complaints))
    colours = list(OKABE_ITO)
    for j, cat in enumerate(cats):
        values = complaints[cat].to_numpy(dtype=float)
        ax.bar(
            x,
            values,
            bottom=bottom,
            color=colours[j % len(colours)],
            width=0.7,
            label=CATEGORY_LABELS.get(cat, cat),
            edgecolor="white",
            linewidth=0.4,
        )
        bottom += values
    ax.plot(
        x,
        complaints["totaal"],
        linestyle="none",
        marker="D",
        color="black",
        markersize=5,
        label="gepubliceerd totaal",
        zorder=4,
    )
    brk = break_month(complaints)
    if brk is not None:
        i = int(np.flatnonzero(complaints["maand_label"].to_numpy() == brk)[0])
        ax.axvspan(i - 0.5, len(complaints) - 0.5, color="#eeeeee", zorder=0)
        ax.axvline(i - 0.5, color="#333333", linestyle="--", linewidth=1)
        ax.text(
            i - 0.4,
            max(bottom.max(), complaints["totaal"].max()) * 1.22,
            f"vanaf {brk}: klachten geteld\n(daarvoor: klagers)",
            va="top",
            ha="left",
            fontsize=8,
        )
    for row in likely_typos(complaints).to_dict("records"):
        i = int(np.flatnonzero(complaints["maand_label"].to_numpy() == row["maand_label"])[0])
        note = (
            f"{row['maand_label']} telt niet op:\ncategorieën {row['som_categorieen']}, "
            f"totaal {row['totaal']}"
        )
        if row["categorie"]:
            note += (
                f"\n({CATEGORY_LABELS.get(row['categorie'], row['categorie'])} "
                f"{row['gepubliceerd']}: waarschijnlijk {row['vermoedelijk']})"
            )
        ax.annotate(
            note,
            (i, row["som_categorieen"]),
            xytext=(-150, 28),
            textcoords="offset points",
            fontsize=8,
            ha="left",
            arrowprops={"arrowstyle": "->", "color": "#D55E00"},
            color="#D55E00",
        )
    ax.set_ylim(0, bottom.max() * 1.25)
    ax.set_xticks(x, complaints["maand_label"])
    ax.set_xlabel("maand")
    ax.set_ylabel("aantal")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0)))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncol=2)
    fig.suptitle("Klachten bij de IND per maand en categorie")
    fig.supxlabel(
        "Bron: IND, gepubliceerde klachtcijfers 2022-2023.",
        x=0.01,
        ha="left",
        fontsize=8,
        color="#444444",
    )
    return fig


def complaints_table(complaints: pd.DataFrame):
    """The complaints per month as a Dutch table (Styler) with the check of every row."""
    cats = complaint_categories(complaints)
    frame = pd.DataFrame({"Maand": complaints["maand_label"]})
    for cat in cats:
        frame[CATEGORY_LABELS.get(cat, cat)] = [format_number(v, 0) for v in complaints[cat]]
    frame["Totaal (gepubliceerd)"] = [format_number(v, 0) for v in complaints["totaal"]]
    frame["Som categorieën"] = [format_number(v, 0) for v in complaints["som_categorieen"]]
    frame["Klopt"] = np.where(
        complaints["som_klopt"],
        "ja",
        "nee (" + complaints["verschil"].map(lambda v: f"{v:+d}") + ")",
    )
    frame["Geteld"] = complaints["definitie"].to_numpy()
    styler = style_frame(
        frame,
        notes="Lege cellen en '-' in de publicatie zijn 0. Geteld: klagers (tot en met 02/23) of "
        "klachten (vanaf 03/23).",
    )
    flagged = ~complaints["som_klopt"].to_numpy()
    return styler.apply(
        lambda col: ["background-color: #fde0d0" if f else "" for f in flagged], axis=0
    )


# --------------------------------------------------------------------------------------------
# satisfaction marks
# --------------------------------------------------------------------------------------------


def source_label(source: str) -> str:
    """The readable part of a source note: the text in parentheses, else the note itself.

    Examples
    --------
    >>> source_label("seed 000 (Kamerbrief KTO IND 2013)")
    'Kamerbrief KTO IND 2013'
    """
    m = re.search(r"\((.*)\)\s*$", str(source))
    return m.group(1).strip() if m else str(source).strip()


def marks_table(marks: pd.DataFrame):
    """The report marks per year and customer group with their source (Styler)."""
    frame = pd.DataFrame(
        {
            "Jaar": marks["jaar"].astype(str),
            "Klantgroep": [GROUP_LABELS.get(g, g) for g in marks["klantgroep"]],
            "Rapportcijfer": [format_number(v, 1) for v in marks["rapportcijfer"]],
            "Bron": [source_label(b) for b in marks["bron"]],
            "Meer bronnen voor dit jaar": np.where(marks["meerdere_bronnen"], "ja", ""),
        }
    )
    rank = {GROUP_LABELS.get(g, g): i for i, g in enumerate(GROUP_LABELS)}
    frame = frame.assign(_r=frame["Klantgroep"].map(rank).fillna(len(rank)))
    frame = frame.sort_values(["_r", "Jaar"], kind="stable").drop(columns="_r")
    return style_frame(frame)


def marks_chart(marks: pd.DataFrame, *, width: float = 8.0) -> Figure:
    """Report marks 2009-2013 per customer group, every source shown, with the benchmark.

    Per customer group the line follows the source with the most years; a year that another
    source gives differently is an open marker labelled with its value and source.

    Examples
    --------
    >>> fig = marks_chart(build().tables["rapportcijfers"])
    >>> sorted(t.get_text().split(" ")[0] for t in fig.axes[0].texts if "(" in t.get_text())
    ['6,8', '7,3', '7,4']
    """
    fig = Figure(figsize=(width, 4.8), layout="constrained")
    ax = fig.subplots()
    groups = list(dict.fromkeys(marks["klantgroep"]))
    handles = []
    for j, group in enumerate(groups):
        part = marks[marks["klantgroep"] == group]
        colour = OKABE_ITO[j % len(OKABE_ITO)]
        main_source = part["bron"].value_counts().index[0]
        main = part[part["bron"] == main_source].sort_values("jaar")
        label = GROUP_LABELS.get(group, group)
        if len(main) > 1:
            ax.plot(main["jaar"], main["rapportcijfer"], marker="o", color=colour)
        else:
            ax.plot(
                main["jaar"],
                main["rapportcijfer"],
                marker="*",
                markersize=12,
                linestyle="none",
                color=colour,
            )
            for r in main.to_dict("records"):
                ax.annotate(
                    f"{format_number(r['rapportcijfer'], 1)} ({source_label(r['bron'])})",
                    (r["jaar"], r["rapportcijfer"]),
                    xytext=(-10, -16),
                    textcoords="offset points",
                    fontsize=7,
                    ha="right",
                    color=colour,
                )
        handles.append(
            Line2D(
                [],
                [],
                color=colour,
                marker="o" if len(main) > 1 else "*",
                linestyle="-" if len(main) > 1 else "none",
                label=label,
            )
        )
        other = part[part["bron"] != main_source]
        for r in other.to_dict("records"):
            ax.plot(
                [r["jaar"]],
                [r["rapportcijfer"]],
                marker="o",
                markerfacecolor="white",
                color=colour,
                markersize=7,
                linestyle="none",
            )
            ax.annotate(
                f"{format_number(r['rapportcijfer'], 1)} ({source_label(r['bron'])})",
                (r["jaar"], r["rapportcijfer"]),
                xytext=(-9, -12),
                textcoords="offset points",
                fontsize=7,
                color=colour,
                ha="right",
            )
            same = main[main["jaar"] == r["jaar"]]
            for s in same.to_dict("records"):
                ax.annotate(
                    f"{format_number(s['rapportcijfer'], 1)} ({source_label(s['bron'])})",
                    (s["jaar"], s["rapportcijfer"]),
                    xytext=(8, 8),
                    textcoords="offset points",
                    fontsize=7,
                    color=colour,
                )
    years = sorted(marks["jaar"].unique())
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(min(years) - 0.5, max(years) + 1.5)
    ax.set_ylim(
        np.floor(marks["rapportcijfer"].min() * 2) / 2 - 0.5,
        np.ceil(marks["rapportcijfer"].max() * 2) / 2 + 0.3,
    )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 1)))
    ax.set_ylabel("rapportcijfer (1-10)")
    ax.grid(axis="y", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)
    handles.append(
        Line2D(
            [],
            [],
            color="#444444",
            marker="o",
            markerfacecolor="white",
            linestyle="none",
            label="zelfde jaar, andere bron",
        )
    )
    ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    fig.suptitle("Rapportcijfer klanttevredenheid IND, 2009-2013")
    return fig


# --------------------------------------------------------------------------------------------
# KPIs
# --------------------------------------------------------------------------------------------


def kpi_table(kpis: pd.DataFrame):
    """The KPIs of the annual report 2011 as a wide Dutch table (Styler), years as columns."""
    years = sorted(kpis["jaar"].unique())
    indicators = list(dict.fromkeys(kpis["indicator"]))
    rows = []
    for ind in indicators:
        part = kpis[kpis["indicator"] == ind]
        unit = part["eenheid"].iloc[0]
        row = {
            "Indicator": KPI_LABELS.get(ind, ind.replace("_", " ")),
            "Eenheid": UNIT_LABELS.get(unit, unit),
        }
        for y in years:
            v = part.loc[part["jaar"] == y, "waarde"]
            row[str(y)] = _kpi_value(float(v.iloc[0]) if len(v) else float("nan"), unit)
        rows.append(row)
    frame = pd.DataFrame(rows)
    return style_frame(
        frame,
        notes=f"{NOT_REPORTED}: niet gerapporteerd in het jaarverslag. "
        "Bron: IND, jaarverslag 2011.",
        right=[str(y) for y in years],
    )


def _kpi_value(value: float, unit: str) -> str:
    if not np.isfinite(value):
        return NOT_REPORTED
    if unit == "procent":
        return format_number(value, 0 if float(value).is_integer() else 1) + "%"
    if unit == "cijfer_1_10":
        return format_number(value, 1)
    return format_number(value, 0)


# --------------------------------------------------------------------------------------------
# key figures
# --------------------------------------------------------------------------------------------


def context_key_figures(ctx: dict[str, pd.DataFrame]) -> dict:
    """Key figures of the context report.

    Returns
    -------
    dict
        ``months`` (labels, in order), ``n_months``, ``total_complaints`` (sum of the published
        totals), ``total_complaints_by_definition``, ``flagged_rows`` (month, total, sum of the
        categories, difference, likeliest wrong category), ``break_month`` (``MM/YY``) and
        ``break_date``, ``report_marks_2011`` (every source), ``n_kpis``.

    Examples
    --------
    >>> kf = context_key_figures(build().tables)
    >>> kf["n_months"], kf["total_complaints"], kf["break_month"]
    (10, 5558, '03/23')
    """
    k = ctx["klachten"]
    marks = ctx["rapportcijfers"]
    flagged = likely_typos(k)
    by_def = k.groupby("definitie", sort=False)["totaal"].sum()
    m2011 = marks[marks["jaar"] == 2011]
    return {
        "months": k["maand_label"].tolist(),
        "n_months": int(len(k)),
        "total_complaints": int(k["totaal"].sum()),
        "total_complaints_by_definition": {str(d): int(v) for d, v in by_def.items()},
        "flagged_rows": [
            {
                key: (
                    None
                    if v is None or (isinstance(v, float) and np.isnan(v))
                    else (int(v) if isinstance(v, int | np.integer) else v)
                )
                for key, v in r.items()
            }
            for r in flagged.to_dict("records")
        ],
        "break_month": break_month(k),
        "break_date": DEFINITION_BREAK.isoformat(),
        "report_marks_2011": [
            {
                "klantgroep": r["klantgroep"],
                "rapportcijfer": float(r["rapportcijfer"]),
                "bron": source_label(r["bron"]),
            }
            for r in m2011.to_dict("records")
        ],
        "n_kpis": int(kpis_count(ctx["kpis"])),
    }


def kpis_count(kpis: pd.DataFrame) -> int:
    """Number of distinct KPIs."""
    return int(kpis["indicator"].nunique())


# --------------------------------------------------------------------------------------------
# the notebook: build once, one call per section
# --------------------------------------------------------------------------------------------

TITLE = "Context: klachten, rapportcijfers en kerncijfers van de IND"


@dataclass
class ContextReport:
    """The context tables (:func:`helpers.data.load_context`) and where the key figures go."""

    tables: dict[str, pd.DataFrame]
    raw_root: str = ""
    key_figures_path: str = ""


def build(raw_root: str | Path = "", key_figures_path: str | Path = "") -> ContextReport:
    """Read the public context figures once (from ``<raw_root>/context``).

    Examples
    --------
    >>> sorted(build().tables)
    ['klachten', 'kpis', 'rapportcijfers']
    """
    return ContextReport(load_context(raw_root), str(raw_root or ""), str(key_figures_path or ""))


def show_header(report: ContextReport) -> None:
    """The report header (public data: no synthetic banner, no wave)."""
    from helpers.report._display import show_header as header

    header(TITLE, {"raw_root": report.raw_root}, waves=[], raw_root=report.raw_root)


def complaints_section(report: ContextReport) -> None:
    """The complaints chart and the notes on the month that does not add up and the break."""
    from helpers.report._display import show_figure, show_text

    complaints = report.tables["klachten"]
    show_figure(
        complaints_chart(complaints),
        "Gestapelde staven van de klachten per maand en categorie met het gepubliceerde "
        "totaal, de afwijkende maand 05/23 en de definitiewijziging vanaf 03/23",
    )
    show_text(complaints_notes(complaints))


def complaints_table_section(report: ContextReport) -> None:
    """The complaints per month as a table with the check of every row."""
    from IPython.display import display

    display(complaints_table(report.tables["klachten"]))


def marks_section(report: ContextReport) -> None:
    """The report marks 2009-2013: chart and table."""
    from IPython.display import display

    from helpers.report._display import show_figure

    marks = report.tables["rapportcijfers"]
    show_figure(
        marks_chart(marks),
        "Lijndiagram van het rapportcijfer per klantgroep 2009-2013 met beide cijfers "
        "voor 2011 en de benchmark",
    )
    display(marks_table(marks))


def kpi_section(report: ContextReport) -> None:
    """The KPIs of the annual report 2011."""
    from IPython.display import display

    display(kpi_table(report.tables["kpis"]))


def key_figures_section(report: ContextReport) -> None:
    """Write the key figures (JSON) for the checks of the batch."""
    from helpers.report._display import save_key_figures

    save_key_figures(report.key_figures_path, context_key_figures(report.tables))
