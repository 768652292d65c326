"""Tests of helpers.report.context on the real public context data and on small edited copies.

Expected numbers are read by hand from data/raw/context (the published tables).
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from helpers.data import (
    COMPLAINTS_FILE,
    break_month,
    complaint_categories,
    likely_typos,
    read_complaints,
    read_report_marks,
)
from helpers.paths import context_dir
from helpers.report import context as cp


@pytest.fixture(scope="module")
def ctx():
    return cp.build().tables


def _texts(fig) -> list[str]:
    out = [t.get_text() for ax in fig.axes for t in ax.texts]
    out += [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
    out += [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        if ax.get_legend():
            out += [t.get_text() for t in ax.get_legend().get_texts()]
    return out


def test_key_figures_by_hand(ctx):
    kf = cp.context_key_figures(ctx)
    # by hand: 262 + 390 + 488 + 708 + 503 + 792 + 847 (klagers, 08/22-02/23) = 3990;
    # 631 + 421 + 516 (klachten, 03/23-05/23) = 1568; together 5558
    assert kf["n_months"] == 10 and kf["months"][0] == "08/22" and kf["months"][-1] == "05/23"
    assert kf["total_complaints"] == 5558
    assert kf["total_complaints_by_definition"] == {"klagers": 3990, "klachten": 1568}
    assert kf["break_month"] == "03/23" and kf["break_date"] == "2023-03-01"
    assert kf["flagged_rows"] == [
        {
            "maand_label": "05/23",
            "totaal": 516,
            "som_categorieen": 566,
            "verschil": 50,
            "categorie": "bejegening",
            "gepubliceerd": 56,
            "vermoedelijk": 6,
        }
    ]
    marks_2011 = sorted(
        (m["rapportcijfer"], m["bron"])
        for m in kf["report_marks_2011"]
        if m["klantgroep"] == "vreemdelingen_en_referenten"
    )
    assert [m for m, _ in marks_2011] == [7.3, 7.4]
    assert "Jaarverslag IND 2011" in marks_2011[0][1] and "Kamerbrief" in marks_2011[1][1]
    assert kf["n_kpis"] == 16


def test_complaints_chart_shows_the_flag_the_break_and_the_source(ctx):
    fig = cp.complaints_chart(ctx["klachten"])
    texts = _texts(fig)
    assert any("05/23 telt niet op" in t and "566" in t and "516" in t for t in texts)
    assert any("bejegening 56: waarschijnlijk 6" in t for t in texts)
    assert any("vanaf 03/23: klachten geteld" in t for t in texts)
    assert any(t.startswith("Bron: IND") for t in texts)
    ax = fig.axes[0]
    # the dashed line sits between 02/23 (x = 6) and 03/23 (x = 7)
    dashed = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert [float(ln.get_xdata()[0]) for ln in dashed] == [6.5]
    # stacked bars: per month the heights add up to the sum of the categories as published
    k = ctx["klachten"]
    heights = np.zeros(len(k))
    for patch in ax.patches:
        if patch.get_width() == pytest.approx(0.7):
            heights[int(round(patch.get_x() + patch.get_width() / 2))] += patch.get_height()
    assert heights.tolist() == k["som_categorieen"].astype(float).tolist()
    totals = [ln for ln in ax.lines if ln.get_marker() == "D"][0]
    assert list(totals.get_ydata()) == k["totaal"].tolist()


def test_complaints_notes_and_table(ctx):
    notes = cp.complaints_notes(ctx["klachten"])
    assert "**05/23 telt niet op:**" in notes and "'bejegening' 56 een tikfout voor 6" in notes
    assert "**Definitiewijziging vanaf 03/23:**" in notes and "*klagers*" in notes
    table = cp.complaints_table(ctx["klachten"]).data
    flagged = table[table["Maand"] == "05/23"].iloc[0]
    assert flagged["Klopt"] == "nee (+50)" and flagged["Som categorieën"] == "566"
    assert flagged["Totaal (gepubliceerd)"] == "516" and flagged["Geteld"] == "klachten"
    assert table.loc[table["Maand"] == "02/23", "Geteld"].iloc[0] == "klagers"


def test_likely_typos_needs_no_hint(tmp_path):
    # an invented inconsistency elsewhere: 10/22 behandelduur 317 printed as 917 (+600)
    folder = tmp_path / "context"
    shutil.copytree(context_dir(), folder)
    path = folder / COMPLAINTS_FILE
    text = path.read_text(encoding="utf-8").replace("10/22;317;", "10/22;917;")
    path.write_text(text, encoding="utf-8")
    typos = likely_typos(read_complaints(path))
    row = typos[typos["maand_label"] == "10/22"].iloc[0]
    assert (row["categorie"], row["gepubliceerd"], row["vermoedelijk"]) == (
        "behandelduur",
        917,
        317,
    )
    assert set(typos["maand_label"]) == {"10/22", "05/23"}
    ctx = cp.build(tmp_path).tables
    assert len(cp.context_key_figures(ctx)["flagged_rows"]) == 2


def test_no_break_no_flag_when_the_series_is_clean():
    k = read_complaints()
    clean = k[k["som_klopt"] & (k["definitie"] == "klagers")].reset_index(drop=True)
    assert break_month(clean) is None
    assert likely_typos(clean).empty
    assert cp.complaints_notes(clean) == ""
    fig = cp.complaints_chart(clean)
    assert not any("telt niet op" in t or "vanaf" in t for t in _texts(fig))


def test_marks_chart_shows_both_2011_values_with_their_source(ctx):
    fig = cp.marks_chart(ctx["rapportcijfers"])
    texts = _texts(fig)
    assert "7,4 (Kamerbrief KTO IND 2013)" in texts
    assert any(t.startswith("7,3 (Jaarverslag IND 2011") for t in texts)
    assert any(t.startswith("6,8 (") for t in texts)  # the national benchmark
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "vreemdelingen en referenten" in legend
    assert "benchmark overheidsdienstverleners" in legend
    # the line of a customer group follows one source: 2009, 2011, 2013 from the letter
    line = [ln for ln in fig.axes[0].lines if len(ln.get_xdata()) == 3][0]
    assert list(line.get_ydata()) == [7.3, 7.4, 7.7]


def test_marks_table_keeps_every_row_and_source(ctx):
    table = cp.marks_table(ctx["rapportcijfers"]).data
    assert len(table) == len(read_report_marks())
    rows_2011 = table[
        (table["Jaar"] == "2011") & (table["Klantgroep"] == "vreemdelingen en referenten")
    ]
    assert sorted(rows_2011["Rapportcijfer"]) == ["7,3", "7,4"]
    assert set(rows_2011["Meer bronnen voor dit jaar"]) == {"ja"}


def test_kpi_table_units_and_missing_values(ctx):
    table = cp.kpi_table(ctx["kpis"]).data
    assert list(table.columns) == ["Indicator", "Eenheid", "2010", "2011"]
    row = table[table["Indicator"] == "klachten"].iloc[0]
    assert (row["2010"], row["2011"]) == ("2.793", "4.440")
    row = table[table["Indicator"] == "klachten ten opzichte van het aantal procedures"].iloc[0]
    assert (row["2010"], row["2011"]) == ("0,8%", "1,1%")
    row = table[table["Indicator"] == "ingebrekestellingen afgehandeld"].iloc[0]
    assert row["2010"] == cp.NOT_REPORTED  # blank in the report: not 0
    assert table["Indicator"].tolist()[-1].startswith("rapportcijfer")


def test_source_label():
    assert (
        cp.source_label("seed 004 (Jaarverslag IND 2011; eerste resultaten)")
        == "Jaarverslag IND 2011; eerste resultaten"
    )
    assert cp.source_label("IND") == "IND"
    assert isinstance(complaint_categories(pd.DataFrame({"maand": [], "x": []})), list)


def test_build_reads_the_context_folder_of_the_raw_root(tmp_path):
    shutil.copytree(context_dir(), tmp_path / "context")
    rep = cp.build(tmp_path, key_figures_path=tmp_path / "kf.json")
    assert sorted(rep.tables) == ["klachten", "kpis", "rapportcijfers"]
    cp.key_figures_section(rep)
    assert (tmp_path / "kf.json").is_file()
