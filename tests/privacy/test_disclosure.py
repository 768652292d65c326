"""Tests of helpers.privacy._disclosure (and that descriptives charts draw only protected cells)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.privacy._disclosure import (
    OTHER_LABEL,
    SUPPRESSED_MARK,
    ProtectedTable,
    concat_protected,
    footnote_texts,
    format_number,
    format_table,
    protect_categories,
    protect_table,
    safe_categories,
    style_frame,
    style_table,
)
from helpers.report import _descriptives_plots as plots
from helpers.stats._estimates import summarise_ratings

# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def solvable_cells(table: pd.DataFrame, suppressed: np.ndarray, partitions) -> list[int]:
    """Independent audit: suppressed cells whose value follows from the set totals.

    For every set (rows with equal values in one partition's columns) the total is known, so
    "sum of the suppressed cells in the set" is a known linear equation. A cell is solvable iff
    adding its unit vector to the system does not raise the matrix rank (numpy matrix_rank).
    """
    unknown = np.flatnonzero(suppressed)
    equations = []
    for cols in partitions:
        sets = table.groupby(cols).indices.values() if cols else [np.arange(len(table))]
        for idx in sets:
            if len(idx) > 1:
                equations.append(np.isin(unknown, idx).astype(float))
    a = np.array(equations)
    rank = np.linalg.matrix_rank(a)
    solvable = []
    for j, cell in enumerate(unknown):
        e = np.zeros(len(unknown))
        e[j] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            solvable.append(int(cell))
    return solvable


def crosstab(counts: np.ndarray) -> pd.DataFrame:
    """A two-way table of counts in tidy form: one row per (rij, kolom) cell with base n."""
    r, c = counts.shape
    return pd.DataFrame(
        {
            "rij": np.repeat([f"r{i}" for i in range(r)], c),
            "kolom": np.tile([f"k{j}" for j in range(c)], r),
            "n": counts.ravel(),
        }
    )


@pytest.fixture
def survey_with_small_nationality():
    """40 Syriërs, 25 Eritreeërs, 3 Jemenieten (the small group that must never show)."""
    rng = np.random.default_rng(99)
    nat = ["Syrië"] * 40 + ["Eritrea"] * 25 + ["Jemen"] * 3
    n = len(nat)
    respondents = pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(n)],
            "target_group": "asielzoekers",
            "weight": rng.uniform(0.7, 1.3, n),
            "nationaliteit": nat,
        }
    )
    ratings = pd.DataFrame(
        {
            "respondent_id": respondents["respondent_id"],
            "target_group": "asielzoekers",
            "organisation": "COA",
            "item": "totaaloordeel",
            "value": rng.integers(1, 6, n).astype(float),
            "dont_know": False,
        }
    )
    return respondents, ratings


# --------------------------------------------------------------------------------------------
# small categories never reach a report
# --------------------------------------------------------------------------------------------


def test_nationality_of_three_never_reaches_output(survey_with_small_nationality):
    respondents, ratings = survey_with_small_nationality
    respondents = protect_categories(respondents, ["nationaliteit"])
    table = summarise_ratings(ratings, respondents, by=["nationaliteit"])
    protected = protect_table(table, group_cols=[])
    shown = format_table(protected)
    html = style_table(protected).to_html()
    text = shown.to_string() + html + repr(protected.table)
    assert "Jemen" not in text
    # the 3 respondents neither appear as a base nor as an "Overig" group (3 < 10)
    assert OTHER_LABEL not in text
    assert "3" not in set(shown["n"])
    assert set(shown["nationaliteit"]) == {"Syrië", "Eritrea"}
    assert protected.table["n"].sum() == 65


def test_small_categories_are_pooled_when_the_pool_is_large_enough():
    s = pd.Series(["Syrië"] * 30 + ["Jemen"] * 3 + ["Irak"] * 4 + ["Iran"] * 5 + [None] * 2)
    out = safe_categories(s)
    # by hand: 3 + 4 + 5 = 12 >= 10 -> one pooled group of 12, no small names left
    assert out.value_counts().to_dict() == {"Syrië": 30, OTHER_LABEL: 12}
    assert out.isna().sum() == 2
    assert not {"Jemen", "Irak", "Iran"} & set(out.dropna())


def test_safe_categories_pool_below_threshold_is_suppressed():
    s = pd.Series(["Syrië"] * 30 + ["Jemen"] * 3 + ["Irak"] * 4)
    out = safe_categories(s)
    # by hand: pool 3 + 4 = 7 < 10 -> those respondents leave the breakdown
    assert out.value_counts(dropna=False).to_dict() == {"Syrië": 30, np.nan: 7}


def test_safe_categories_threshold_is_a_parameter():
    s = pd.Series(["a"] * 6 + ["b"] * 4 + ["c"] * 2)
    assert set(safe_categories(s, threshold=4).dropna()) == {"a", "b"}  # c (2) alone: dropped
    assert set(safe_categories(s, threshold=3).dropna()) == {"a", "b"}  # pool of 2 < 3
    assert set(safe_categories(s, threshold=7).dropna()) == {OTHER_LABEL}  # pool 12 >= 7


def test_safe_categories_categorical_keeps_no_removed_names():
    s = pd.Series(
        pd.Categorical(["Syrië"] * 12 + ["Jemen"] * 3, categories=["Jemen", "Syrië", "Turkije"])
    )
    out = safe_categories(s)
    assert list(out.cat.categories) == ["Syrië"]  # not Jemen, not the empty Turkije
    counts = out.value_counts()  # a groupby with observed=False would list every category
    assert "Jemen" not in counts.index and "Turkije" not in counts.index


def test_safe_categories_rejects_bad_input():
    with pytest.raises(InputError):
        safe_categories(["a", "b"])
    with pytest.raises(InputError):
        safe_categories(pd.Series(["a"]), threshold=0)


# --------------------------------------------------------------------------------------------
# primary suppression, indicative flag, footnotes
# --------------------------------------------------------------------------------------------


def test_primary_suppression_hides_values_and_base():
    t = pd.DataFrame(
        {
            "organisation": ["IND", "COA", "DTV"],
            "n": [9, 10, 29],
            "n_eff": [8.1, 9.5, 27.0],
            "mean": [3.1, 3.2, 3.3],
        }
    )
    p = protect_table(t, secondary=False)
    row = p.table.iloc[0]
    assert pd.isna(row["n"]) and np.isnan(row["n_eff"]) and np.isnan(row["mean"])
    assert p.table["suppressed"].tolist() == [True, False, False]
    assert p.table["indicative"].tolist() == [False, True, True]  # 10 and 29 < 30
    assert p.table["marker"].tolist() == ["–", "*", "*"]
    assert (p.n_suppressed, p.n_primary, p.n_secondary, p.n_indicative) == (1, 1, 0, 2)
    assert p.value_cols == ("n_eff", "mean")
    assert p.footnotes == (
        "– : minder dan 10 waarnemingen, niet getoond",
        "* : indicatief, minder dan 30 waarnemingen",
    )
    assert t["n"].tolist() == [9, 10, 29]  # the input is not modified


def test_thresholds_are_parameters():
    t = pd.DataFrame({"g": list("abcd"), "n": [4, 12, 40, 80], "pct": [1.0, 2, 3, 4]})
    p5 = protect_table(t, threshold=5, indicative_below=50, secondary=False)
    assert p5.table["suppressed"].tolist() == [True, False, False, False]
    assert p5.table["indicative"].tolist() == [False, True, True, False]
    assert p5.footnotes == (
        "– : minder dan 5 waarnemingen, niet getoond",
        "* : indicatief, minder dan 50 waarnemingen",
    )
    p15 = protect_table(t, threshold=15, secondary=False)
    assert p15.table["suppressed"].tolist() == [True, True, False, False]
    assert protect_table(t, threshold=1, indicative_below=1).n_suppressed == 0
    for bad in [dict(threshold=0), dict(threshold=10, indicative_below=5), dict(threshold=2.5)]:
        with pytest.raises(InputError):
            protect_table(t, **bad)


def test_footnotes_only_for_markers_that_occur():
    t = pd.DataFrame({"g": ["a", "b"], "n": [100, 200], "pct": [1.0, 2.0]})
    assert protect_table(t).footnotes == ()
    assert footnote_texts(10, 30, suppressed=False) == (
        "* : indicatief, minder dan 30 waarnemingen",
    )


def test_missing_base_is_suppressed_and_protection_is_idempotent():
    t = pd.DataFrame({"g": ["a", "b", "c"], "n": [np.nan, 50, 60], "pct": [10.0, 20, 30]})
    once = protect_table(t)
    twice = protect_table(once.table.drop(columns=["suppressed"]), value_cols=["pct"])
    assert once.table["suppressed"].tolist() == [True, True, False]
    # the same cells stay hidden (a hidden base counts as primary the second time)
    pd.testing.assert_frame_equal(
        once.table.drop(columns="suppression"), twice.table.drop(columns="suppression")
    )


# --------------------------------------------------------------------------------------------
# secondary suppression
# --------------------------------------------------------------------------------------------


def test_secondary_suppression_in_one_variable_with_total():
    # status categories of one organisation plus their total row: 4 + 25 + 60 = 89
    t = pd.DataFrame(
        {
            "status": ["a", "b", "c", "Totaal"],
            "n": [4, 25, 60, 89],
            "pct": [50.0, 60.0, 70.0, 300 / 4.45],
        }
    )
    p = protect_table(t, group_cols=None, value_cols=["pct"])
    assert p.table["suppression"].tolist() == ["primair", "secundair", "", ""]
    # subtraction no longer recovers the small cell: 89 - 60 = 29 is the sum of two unknowns
    shown = p.table["n"]
    assert shown.isna().sum() == 2
    remainder = 89 - shown.iloc[2]
    assert remainder != 4 and remainder == 4 + 25
    assert solvable_cells(t, p.table["suppressed"].to_numpy(), [[]]) == []


def test_secondary_suppression_per_group_and_smallest_other_cell():
    t = pd.DataFrame(
        {
            "organisation": ["IND"] * 3 + ["COA"] * 3,
            "status": ["a", "b", "c"] * 2,
            "n": [5, 40, 30, 50, 60, 70],
            "mean": [3.0, 3.5, 3.8, 3.1, 3.2, 3.3],
        }
    )
    p = protect_table(t, group_cols=["organisation"])
    # IND: 5 primary, then the next-smallest 30 (not 40); COA untouched
    assert p.table["suppressed"].tolist() == [True, False, True, False, False, False]
    assert p.n_secondary == 1
    assert "terug te rekenen" in p.footnotes[0]


def test_secondary_suppression_two_way_table():
    counts = np.array([[40, 35, 4], [30, 6, 25], [50, 45, 60]])
    t = crosstab(counts)
    parts = [["rij"], ["kolom"]]
    p = protect_table(t, group_cols=parts)
    supp = p.table["suppressed"].to_numpy()
    # by hand: r0k2 (4) and r1k1 (6) primary; row r0 -> r0k1 (35), row r1 -> r1k2 (25)
    assert sorted(np.flatnonzero(supp)) == [1, 2, 4, 5]
    assert solvable_cells(t, supp, parts) == []


def test_audit_catches_a_bridge_between_two_suppressed_blocks():
    # two 2x2 blocks of small cells joined by one small cell r1k2: every row and column has
    # two or more suppressed cells, yet r1k2 is solvable from the margins before the audit
    counts = np.full((4, 4), 50)
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)]:
        counts[i, j] = 5
    t = crosstab(counts)
    parts = [["rij"], ["kolom"]]
    primary = (t["n"] < 10).to_numpy()
    assert solvable_cells(t, primary, parts) == [6]  # the bridge r1k2 = row 1 * 4 + col 2
    p = protect_table(t, group_cols=parts)
    assert solvable_cells(t, p.table["suppressed"].to_numpy(), parts) == []
    assert p.n_secondary >= 1


@pytest.mark.parametrize("seed", range(8))
def test_random_two_way_tables_leave_nothing_solvable(seed):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 60, size=(5, 4))
    t = crosstab(counts)
    parts = [["rij"], ["kolom"]]
    p = protect_table(t, group_cols=parts)
    supp = p.table["suppressed"].to_numpy()
    assert np.all(supp[counts.ravel() < 10])  # every primary cell is suppressed
    assert solvable_cells(t, supp, parts) == []


def test_no_secondary_when_switched_off_and_drop_suppressed():
    t = pd.DataFrame({"g": ["a", "b", "c"], "n": [4, 25, 60], "pct": [5.0, 6.0, 7.0]})
    p = protect_table(t, secondary=False, drop_suppressed=True)
    assert p.table["g"].tolist() == ["b", "c"]
    assert p.n_suppressed == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_col": "aantal"}, "base column"),
        ({"value_cols": ["nope"]}, "value_cols"),
        ({"group_cols": ["nope"]}, "group_cols"),
    ],
)
def test_protect_table_bad_input(kwargs, message):
    t = pd.DataFrame({"g": ["a"], "n": [12], "pct": [1.0]})
    with pytest.raises(InputError, match=message):
        protect_table(t, **kwargs)


# --------------------------------------------------------------------------------------------
# display
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (4.25, 1, "4,2"),  # float 4.25 rounds half-to-even at 1 decimal: Python round -> 4.2
        (4.26, 1, "4,3"),
        (1234567.891, 2, "1.234.567,89"),
        (-12.0, 0, "-12"),
        (-0.04, 1, "0,0"),
        (float("nan"), 1, ""),
        (None, 1, ""),
        (62.5, 0, "62"),
    ],
)
def test_format_number_dutch(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_table_markers_and_decimals():
    t = pd.DataFrame(
        {
            "organisation": ["IND", "COA", "DTV"],
            "n": [8, 20, 1500],
            "n_eff": [7.2, 18.6, 1300.4],
            "mean": [3.0, 3.46, 4.04],
            "se": [0.1, 0.123, 0.02],
            "ci_low": [2.8, 3.2, 4.0],
            "ci_high": [3.2, 3.7, 4.08],
        }
    )
    f = format_table(
        protect_table(t, secondary=False),
        rename={"mean": "Gemiddelde"},
        labels={"organisation": {"DTV": "DT&V"}},
    )
    assert f.to_dict("list") == {
        "organisation": ["IND", "COA", "DT&V"],
        "n": ["–", "20", "1.500"],
        "n_eff": ["–", "19", "1.300"],
        "Gemiddelde": ["–", "3,5*", "4,0"],
        "se": ["–", "0,12*", "0,02"],
        "ci_low": ["–", "3,2*", "4,0"],
        "ci_high": ["–", "3,7*", "4,1"],
    }
    assert f.attrs["footnotes"][0] == "– : minder dan 10 waarnemingen, niet getoond"


def test_format_table_percentages_and_nps_have_no_decimals():
    t = pd.DataFrame(
        {
            "organisation": ["IND"],
            "n": [100],
            "nps": [-12.4],
            "pct": [61.6],
            "ci_low": [50.2],
            "ci_high": [70.9],
        }
    )
    f = format_table(protect_table(t))
    assert f.iloc[0].tolist() == ["IND", "100", "-12", "62", "50", "71"]


def test_display_refuses_unprotected_tables():
    t = pd.DataFrame({"g": ["a"], "n": [3], "pct": [1.0]})
    with pytest.raises(InputError, match="protect_table"):
        format_table(t)
    with pytest.raises(InputError, match="protect_table"):
        style_table(t)


def test_style_table_caption_has_footnotes():
    t = pd.DataFrame({"g": ["a", "b"], "n": [3, 20], "pct": [1.0, 2.0]})
    html = style_table(protect_table(t, secondary=False)).to_html()
    assert "minder dan 10 waarnemingen" in html and "indicatief" in html
    assert "caption-side: bottom" in html


def _right_aligned(styler) -> set[str]:
    """The columns whose cells the Styler right-aligns."""
    styler._compute()
    cols = {
        styler.data.columns[j]
        for (i, j), props in styler.ctx.items()
        if ("text-align", "right") in props
    }
    return cols


def test_one_route_to_the_page_title_or_notes_and_numbers_right():
    f = pd.DataFrame(
        {
            "Organisatie": ["IND", "COA", "DT&V"],
            "n": ["1.500", SUPPRESSED_MARK, "12"],
            "Gemiddelde (95%-BI)": ["3,9 (3,7-4,1)", "–", "4,2* (3,6-4,8)"],
            "Oordeel": ["hoger", "", "lager"],
            "Jaar": [2017, 2018, 2019],
            "Gewogen": [True, False, True],
        }
    )
    titled = style_frame(f, title="Respons per organisatie")
    html = titled.to_html()
    assert 'class="kk-table"' in html and "Respons per organisatie</caption>" in html
    assert "caption-side" not in html and '<th class="blank' not in html  # no index
    assert _right_aligned(titled) == {"n", "Gemiddelde (95%-BI)", "Jaar"}
    assert "th.col_heading.col1 {\n  text-align: right;" in html  # the heading of n too
    noted = style_frame(f, notes=["– : minder dan 10 waarnemingen", "* : indicatief"])
    html = noted.to_html()
    assert "minder dan 10 waarnemingen<br>* : indicatief</caption>" in html
    assert "caption-side: bottom" in html and "font-weight: normal" in html
    assert _right_aligned(style_frame(f, right=["Oordeel"])) >= {"Oordeel", "n"}
    only_marks = pd.DataFrame({"x": [SUPPRESSED_MARK, ""]})
    assert _right_aligned(style_frame(only_marks)) == set()
    with pytest.raises(InputError, match="title above or notes below"):
        style_frame(f, title="a", notes="b")


def test_no_table_reaches_the_page_another_way():
    # a Styler (``frame.style``) or a frame's own ``to_html`` anywhere but in the route would
    # be a second look for tables (and a place where footnotes or alignment get lost)
    import re
    from pathlib import Path

    import helpers

    route = Path(helpers.__file__).parent / "privacy" / "_disclosure.py"
    other = re.compile(r"\.style\.|\.style\)|\.to_html\(index|\.to_html\(classes")
    found = [
        f"{path.name}:{i}"
        for path in Path(helpers.__file__).parent.rglob("*.py")
        if path != route
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if other.search(line)
    ]
    assert not found, found


# --------------------------------------------------------------------------------------------
# charts draw only what passed disclosure
# --------------------------------------------------------------------------------------------


def _texts(fig) -> list[str]:
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts]
        out += [t.get_text() for t in ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend:
            out += [t.get_text() for t in legend.get_texts()]
    return out


def test_charts_refuse_unprotected_tables():
    t = pd.DataFrame({"organisation": ["IND"], "n": [3], "mean": [4.0]})
    with pytest.raises(InputError, match="protect_table"):
        plots.bar_chart(t, "mean")
    with pytest.raises(InputError, match="protect_table"):
        plots.nps_chart(t)


def test_bar_chart_skips_suppressed_and_hatches_indicative():
    t = pd.DataFrame(
        {
            "organisation": ["IND", "COA", "DTV"],
            "n": [40, 15, 2],
            "mean": [3.8, 3.5, 4.9],
            "ci_low": [3.6, 3.1, 4.0],
            "ci_high": [4.0, 3.9, 5.0],
        }
    )
    fig = plots.bar_chart(protect_table(t, secondary=False), "mean")
    bars = fig.axes[0].patches
    assert sorted(round(float(b.get_width()), 2) for b in bars) == [3.5, 3.8]
    hatched = [b for b in bars if b.get_hatch()]
    assert [round(float(b.get_width()), 2) for b in hatched] == [3.5]  # COA: n = 15
    texts = _texts(fig)
    assert not any("4,9" in s for s in texts)  # the suppressed value is nowhere
    assert "–" in [s.strip() for s in texts]
    assert any("indicatief" in s for s in texts)  # the footnotes are on the chart


def test_diverging_bars_geometry():
    t = pd.DataFrame(
        {
            "organisation": ["IND", "COA"],
            "n": [100, 100],
            "pct_1": [10.0, 5],
            "pct_2": [20.0, 5],
            "pct_3": [30.0, 20],
            "pct_4": [25.0, 40],
            "pct_5": [15.0, 30],
        }
    )
    labels = ["Zeer slecht", "Slecht", "Neutraal", "Goed", "Zeer goed"]
    fig = plots.diverging_bars(protect_table(t, secondary=False), labels)
    patches = fig.axes[0].patches
    ind = [p for p in patches if np.isclose(p.get_y() + p.get_height() / 2, 1)]
    # by hand for IND: left end = -(10 + 20 + 30 / 2) = -45; right end = 15 + 25 + 15 = 55
    assert min(p.get_x() for p in ind) == pytest.approx(-45)
    assert max(p.get_x() + p.get_width() for p in ind) == pytest.approx(55)
    neutral = [p for p in ind if np.isclose(p.get_width(), 30)][0]
    assert neutral.get_x() == pytest.approx(-15)  # split around zero
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == labels
    with pytest.raises(InputError):
        plots.diverging_bars(protect_table(t), labels[:3])


def test_nps_and_mirror_and_dot_charts_with_suppressed_cells():
    nps_t = pd.DataFrame(
        {
            "organisation": ["IND", "COA"],
            "n": [40, 6],
            "nps": [-10.0, 33.0],
            "pct_detractors": [40.0, 17],
            "pct_passives": [30.0, 33],
            "pct_promoters": [30.0, 50],
        }
    )
    fig = plots.nps_chart(protect_table(nps_t, secondary=False))
    texts = _texts(fig)
    assert "NPS -10" in texts and not any("33" in s for s in texts)
    assert len(fig.axes[0].patches) == 3

    mirror = pd.DataFrame(
        {
            "organisation": ["COA"] * 4,
            "item": ["a", "a", "b", "b"],
            "target_group": ["ketenpartners", "asielzoekers"] * 2,
            "n": [40, 60, 40, 3],
            "pct": [70.0, 55, 65, 20],
        }
    )
    fig = plots.mirror_chart(protect_table(mirror, secondary=False))
    xs = sorted(float(x) for line in fig.axes[0].lines for x in line.get_xdata())
    assert xs == [55.0, 65.0, 70.0]  # the suppressed 20 is not drawn

    dots = pd.DataFrame(
        {
            "organisation": ["IND", "COA"],
            "item": ["a", "a"],
            "n": [50, 5],
            "pct": [60.0, 90.0],
            "ci_low": [46.0, 50],
            "ci_high": [72.0, 99],
        }
    )
    fig = plots.pct_positive_chart(
        protect_table(dots, secondary=False), aspect_labels={"a": "Respectvol behandeld"}
    )
    assert len(fig.axes[0].containers) == 1
    assert "Respectvol behandeld" in _texts(fig)


def test_charts_accept_a_filtered_protected_table():
    t = pd.DataFrame(
        {"organisation": ["IND", "COA"], "item": ["x", "y"], "n": [40, 3], "mean": [3.0, 4.0]}
    )
    p = protect_table(t, secondary=False)
    assert isinstance(p, ProtectedTable)
    fig = plots.bar_chart(p.table[p.table["item"] == "y"], "mean")
    assert len(fig.axes[0].patches) == 0
    # the exact footnote survives filtering (DataFrame.attrs)
    assert "– : minder dan 10 waarnemingen, niet getoond" in _texts(fig)[0]
    fig = plots.bar_chart(p.table[p.table["item"] == "x"], "mean")
    assert not any("waarnemingen" in s for s in _texts(fig))  # no marker here: no footnote


def test_all_pairs_of_thresholds_keep_suppressed_below_threshold():
    # property over a grid: every shown base is >= threshold, every indicative one < limit
    t = pd.DataFrame(
        {"g": list("abcdefgh"), "n": [0, 3, 9, 10, 11, 29, 30, 100], "pct": np.arange(8.0)}
    )
    for threshold, limit in itertools.product([1, 5, 10, 20], [20, 30, 50]):
        if limit < threshold:
            continue
        p = protect_table(t, threshold=threshold, indicative_below=limit, secondary=False)
        shown = p.table.loc[~p.table["suppressed"], "n"]
        assert (shown >= threshold).all()
        ind = p.table.loc[p.table["indicative"], "n"]
        assert (ind < limit).all()


# --------------------------------------------------------------------------------------------
# the never-shown remainder of a breakdown, stacked tables, stacked bars
# --------------------------------------------------------------------------------------------


def test_small_remainder_gets_a_complementary_suppression_and_is_never_shown():
    # a breakdown of 100 respondents: shown categories 40 + 25 + 32 = 97, so 3 respondents
    # (a dropped small nationality) are computable from the total unless a shown cell hides too
    t = pd.DataFrame(
        {
            "g": ["a", "b", "c", "rest"],
            "n": [40, 25, 32, 3],
            "pct": [40.0, 25.0, 32.0, np.nan],
            "h": [False, False, False, True],
        }
    )
    p = protect_table(t, hidden="h", group_cols=[])
    assert list(p.table["g"]) == ["a", "b", "c"] and "h" not in p.table.columns
    assert p.table["suppressed"].tolist() == [False, True, False]  # smallest shown cell: b
    assert (p.n_suppressed, p.n_primary, p.n_secondary) == (1, 0, 1)
    # independent audit with the remainder as a cell: nothing suppressed is solvable
    full = np.array([False, True, False, True])
    assert solvable_cells(t, full, [[]]) == []


def test_large_remainder_is_the_free_complement():
    t = pd.DataFrame(
        {"g": ["a", "b", "c", "rest"], "n": [40, 5, 32, 30], "h": [False, False, False, True]}
    )
    p = protect_table(t, hidden="h", group_cols=[])
    # b (5) is primary; its complement is the never-shown remainder, not a shown cell
    assert p.table["suppressed"].tolist() == [False, True, False]
    assert (p.n_primary, p.n_secondary) == (1, 0)
    with pytest.raises(InputError, match="hidden"):
        protect_table(t, hidden="nope")


def test_concat_protected_keeps_each_parts_pattern():
    a = protect_table(pd.DataFrame({"g": ["x", "y", "z"], "n": [4, 40, 50], "pct": [1.0, 2, 3]}))
    b = protect_table(pd.DataFrame({"g": ["totaal"], "n": [94], "pct": [2.5]}), secondary=False)
    c = concat_protected([a, b])
    assert c.table["g"].tolist() == ["x", "y", "z", "totaal"]
    assert c.table["suppressed"].tolist() == [True, True, False, False]
    assert (c.n_suppressed, c.n_primary, c.n_secondary) == (2, 1, 1)
    assert c.footnotes == a.footnotes
    assert format_table(c)["pct"].tolist()[:2] == ["–", "–"]
    with pytest.raises(InputError):
        concat_protected([])
    with pytest.raises(InputError):
        concat_protected([a, protect_table(pd.DataFrame({"n": [50]}), threshold=5)])


def test_stacked_bars_draw_only_shown_rows():
    t = pd.DataFrame(
        {
            "organisation": ["IND", "DTV"],
            "n": [150, 6],
            "pct_1": [12.0, 30],
            "pct_2": [48.0, 30],
            "pct_3": [40.0, 40],
        }
    )
    fig = plots.stacked_bars(
        protect_table(t, secondary=False), [1, 2, 3], ["1 keer", "2-3 keer", "geen"]
    )
    widths = sorted(round(float(p.get_width()), 1) for p in fig.axes[0].patches)
    assert widths == [12.0, 40.0, 48.0]  # IND only; DTV (n = 6) shows "–"
    assert "–" in [s.strip() for s in _texts(fig)]
    with pytest.raises(InputError):
        plots.stacked_bars(protect_table(t), [1, 2, 3], ["a", "b"])


def test_bar_chart_puts_the_suppressed_mark_inside_the_axis():
    t = pd.DataFrame({"organisation": ["IND", "DTV"], "n": [40, 3], "mean": [3.8, 2.0]})
    fig = plots.bar_chart(protect_table(t, secondary=False), "mean", xlim=(1, 5))
    marks = [x for x in fig.axes[0].texts if x.get_text().strip() == "–"]
    assert marks and all(m.get_position()[0] >= 1 for m in marks)
