"""The trends report (helpers.report.trends): Dutch text, display tables, charts, key figures."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from helpers.errors import InputError
from helpers.report import _trends_plots as tp
from helpers.report import trends
from helpers.stats import analyse_trends, period_of
from trendtables import clustered_tables, designs, wave_tables


def results_of(values_by_wave, **kwargs):
    return analyse_trends(wave_tables(values_by_wave), target_groups=["asielzoekers"], **kwargs)


def test_wave_label_is_dutch_quarter():
    assert trends.wave_label("2018-Q1") == "2018 K1"
    with pytest.raises(InputError):
        trends.wave_label("2018Q1")


def test_summary_tables_and_key_figures_of_three_waves():
    res = results_of(
        {
            "2017-Q2": [3.0, 4.0, 5.0] * 10,
            "2017-Q3": [2.0, 3.0, 4.0] * 10,
            "2017-Q4": [2.0, 2.0, 3.0] * 10,
        }
    )
    table = trends.changes_table(res)
    assert table["n_min"].tolist() == [30, 30]
    assert table["comparison"].tolist() == ["golf op golf", "golf op golf"]
    kf = trends.key_figures(res)
    assert kf["n_waves"] == 3 and kf["n_significant_asielzoekers"] == 2
    assert kf["mean_asielzoekers_IND"] == pytest.approx(7 / 3)
    text = trends.summary_nl(res)
    assert "daalde" in text and "Asielzoekers" in text
    verdicts = res["asielzoekers"]["changes"]["verdict"].map(trends.VERDICTS_NL)
    assert verdicts.notna().all()


def test_nothing_to_compare_is_said_in_words():
    res = results_of({"2017-Q2": [3.0, 4.0, 5.0] * 5})
    one = res["asielzoekers"]["changes"]
    text = trends.changes_summary_nl(one, target_group_label="Asielzoekers", n_waves=1)
    assert "maar één golf" in text
    assert "geen toetsen, er is maar één golf verwerkt" in trends.changes_note_nl(res)


def test_trend_and_change_charts():
    from matplotlib.figure import Figure

    res = results_of({"2017-Q2": [3.0, 4.0, 5.0] * 10, "2017-Q3": [2.0, 3.0, 4.0] * 10}, window=2)
    fig = tp.plot_trends(
        trends.means_table(res), trends.rolling_table(res), trends.changes_table(res)
    )
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2017 K2", "2017 K3"]
    assert ax.get_title() == "IND"
    # the significant fall from 4 to 3 is marked with a downward triangle at 2017-Q3
    marks = [ln for ln in ax.get_lines() if ln.get_marker() == "v"]
    assert len(marks) == 1 and marks[0].get_xdata()[0] == period_of("2017-Q3")
    ch = tp.plot_changes(trends.changes_table(res, detail=True))
    assert ch.axes[0].get_xlabel() == "Verandering in het gemiddelde totaaloordeel (punt)"
    with pytest.raises(InputError):
        tp.plot_changes(trends.changes_table(res, detail=True).iloc[:0])


def test_display_tables_and_labels():
    res = results_of({"2017-Q2": [3.0, 4.0, 5.0] * 10, "2018-Q2": [3.0, 3.0, 4.0] * 10})
    ch = trends.changes_table(res)
    # 2018-Q2 vs 2017-Q2 is both the previous wave and the same quarter a year earlier
    assert ch["comparison"].tolist() == ["golf op golf", "jaar op jaar"]
    assert ch["significant"].tolist() in (["ja", "ja"], ["nee", "nee"])
    labels = trends.value_labels(res)
    assert labels["wave"]["2018-Q2"] == "2018 K2" and labels["target_group"] == {
        "asielzoekers": "Asielzoekers"
    }
    assert "Ontbrekende kwartalen: 2017 K3, 2017 K4, 2018 K1" in trends.overview_nl(res)
    assert trends.rolling_table(res).columns[3] == "last_wave"
    assert trends.trend_view(res).empty  # two waves: no linear trend
    note = trends.changes_note_nl(res)
    assert "1 golf op golf en 1 jaar op jaar" in note


def test_build_without_processed_waves_has_no_results(tmp_path):
    rep = trends.build(processed_root=tmp_path)
    assert rep.waves == [] and rep.results == {}


def test_chart_module_does_not_use_pyplot():
    import subprocess
    import sys

    code = (
        "import sys, pandas as pd, helpers.report._trends_plots as tp\n"
        "m = pd.DataFrame({'target_group': 'asielzoekers', 'organisation': ['IND'],\n"
        "                  'wave': ['2017-Q2'], 'mean': [3.7], 'ci_low': [3.5],\n"
        "                  'ci_high': [3.9]})\n"
        "tp.plot_trends(m)\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr


def test_design_is_stated_in_dutch_without_code_names():
    waves = ["2017-Q2", "2017-Q3", "2017-Q4"]
    decl = designs(waves)
    for w in waves:
        decl[w]["ketenpartners"] = SimpleNamespace(cluster=None, fresh_clusters=True, fpc=False)
    text = trends.design_nl(decl, ["asielzoekers", "ketenpartners"])
    assert "geclusterd per opvanglocatie (azc)" in text
    assert "onafhankelijke steekproeven" in text
    assert "Ketenpartners: gewogen; elke respondent telt als een afzonderlijke trekking" in text
    revisit = designs(waves, fresh_clusters=False)
    text = trends.design_nl(revisit, ["asielzoekers"])
    assert "In 2017 K3 en 2017 K4 zijn dezelfde locaties bezocht" in text
    for code in ("fresh", "fpc", "_", "wave.yml", "design"):
        assert code not in text
    assert not re.search(r"\bcluster\b", text)


def test_trend_text_explains_the_test_and_reports_the_latest_wave():
    waves = ["2017-Q2", "2017-Q3", "2017-Q4"]
    res = analyse_trends(
        clustered_tables(), designs=designs(waves), target_groups=["asielzoekers"], min_n=5
    )
    text = trends.trend_method_nl(res)
    assert "rechte lijn" in text and "pas vanaf drie golven" in text
    assert "trend over 3 golven (2017 K2 tot en met 2017 K4)" in text
    assert "slope" not in text and "WLS" not in text
    view = trends.trend_view(res)
    assert len(view) == 2 and set(view["Periode"]) == {"2017 K2 - 2017 K4"}
    kf = trends.key_figures(res)
    trend = res["asielzoekers"]["trend"]
    latest = trend[trend["last_wave"] == "2017-Q4"].set_index("organisation")
    assert kf["slope_asielzoekers_IND"] == pytest.approx(latest.loc["IND", "slope"])
    two = results_of({"2017-Q2": [3.0, 4.0, 5.0] * 10, "2017-Q3": [2.0, 3.0, 4.0] * 10})
    assert "nog geen trend; er zijn pas 2 golven" in trends.trend_method_nl(two)
    assert "slope_asielzoekers_IND" not in trends.key_figures(two)


def test_changes_note_says_holm_runs_per_wave():
    res = results_of({"2017-Q2": [3.0, 4.0, 5.0] * 10, "2017-Q3": [2.0, 3.0, 4.0] * 10})
    note = trends.changes_note_nl(res)
    assert "De Holm-correctie loopt per golf" in note
    waves = ["2017-Q2", "2017-Q3", "2017-Q4"]
    shared = analyse_trends(
        clustered_tables(),
        designs=designs(waves, fresh_clusters=False),
        target_groups=["asielzoekers"],
        min_n=5,
    )
    assert "niet onafhankelijk" in trends.changes_note_nl(shared)
