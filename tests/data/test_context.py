"""Public context data (helpers.data._context): the real files with their quirks, and bad files."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data import read_complaints, read_kpis, read_report_marks
from helpers.errors import InputError


def test_complaints_parsed_with_quirks_marked():
    k = read_complaints()
    assert len(k) == 10
    assert k["maand"].tolist() == list(pd.date_range("2022-08-01", "2023-05-01", freq="MS"))
    assert k["maand_label"].iloc[-1] == "05/23"
    # blank and '-' are zero: 01/23 overig is blank, 11/22 it and overig are '-'
    row = k.set_index("maand_label")
    assert row.loc["01/23", "overig"] == 0 and row.loc["11/22", "it"] == 0
    assert row.loc["11/22", "overig"] == 0
    # the one row whose categories do not add up: 05/23 (566 against 516)
    bad = k[~k["som_klopt"]]
    assert bad["maand_label"].tolist() == ["05/23"]
    assert bad[["som_categorieen", "totaal", "verschil"]].iloc[0].tolist() == [566, 516, 50]
    # definitional break of March 2023
    assert set(row.loc[["08/22", "01/23", "02/23"], "definitie"]) == {"klagers"}
    assert set(row.loc[["03/23", "04/23", "05/23"], "definitie"]) == {"klachten"}
    cats = [
        "behandelduur",
        "dienstverlening",
        "bejegening",
        "nationale_ombudsman",
        "beleid",
        "it",
        "overig",
    ]
    assert all(k[c].dtype == "int64" for c in cats + ["totaal"])


def test_complaints_small_file(tmp_path):
    p = tmp_path / "k.csv"
    p.write_text("maand;a;b;totaal\n12/22;1;-;1\n01/23;;2;3\n03/2023;4;4;8\n")
    k = read_complaints(p)
    assert k["maand"].dt.strftime("%Y-%m").tolist() == ["2022-12", "2023-01", "2023-03"]
    assert k["b"].tolist() == [0, 2, 4] and k["a"].tolist() == [1, 0, 4]
    assert k["som_klopt"].tolist() == [True, False, True]
    assert k["definitie"].tolist() == ["klagers", "klagers", "klachten"]


@pytest.mark.parametrize(
    "text, match",
    [
        ("maand;a;totaal\n13/22;1;1\n", "not MM/YY"),
        ("maand;a;totaal\n12/22;een;1\n", "is not a count"),
        ("month;a;total\n12/22;1;1\n", "missing column"),
    ],
)
def test_complaints_bad_input(tmp_path, text, match):
    p = tmp_path / "k.csv"
    p.write_text(text)
    with pytest.raises(InputError, match=match):
        read_complaints(p)


def test_missing_context_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_complaints(tmp_path / "nope.csv")


def test_report_marks_keep_both_sources_for_2011():
    m = read_report_marks()
    assert len(m) == 8 and m["jaar"].dtype == "int64"
    both = m[m["meerdere_bronnen"]]
    assert both["jaar"].tolist() == [2011, 2011]
    assert sorted(both["rapportcijfer"]) == [7.3, 7.4]
    assert both["klantgroep"].nunique() == 1
    assert (
        m.loc[m["klantgroep"] == "benchmark_overheidsdienstverleners", "rapportcijfer"].item()
        == 6.8
    )


def test_kpis_long_format_blank_is_missing():
    k = read_kpis()
    assert set(k["jaar"]) == {2010, 2011}
    assert len(k) == 2 * 16
    row = k.set_index(["indicator", "jaar"])
    assert row.loc[("klachten_totaal", 2011), "waarde"] == 4440
    assert pd.isna(row.loc[("ingebrekestellingen_afgehandeld", 2010), "waarde"])
    assert row.loc[("kto_rapportcijfer_vreemdelingen", 2011), "eenheid"] == "cijfer_1_10"
