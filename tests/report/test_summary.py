"""The wave summary reads the other reports' key figures and words them with their uncertainty."""

from __future__ import annotations

import pytest

from helpers.report import _summary_text as st
from helpers.report import summary
from helpers.report._display import save_key_figures

WAVE, PREV = "2017-Q3", "2017-Q2"


@pytest.fixture
def reports(tmp_path):
    """A reports folder as the batch leaves it: key figures of the wave's reports and trends."""
    root = tmp_path / "reports"
    folder = root / WAVE / "notebooks"
    save_key_figures(
        folder / "02_descriptives_asielzoekers.json",
        {
            "n": 196,
            "n_eff": 151.2,
            "mean_totaaloordeel": {
                "COA": {"n": 182, "mean": 3.71, "ci_low": 3.56, "ci_high": 3.74,
                        "pct_positive": 66.0},
                "IND": {"n": 150, "mean": 3.1, "ci_low": 2.9, "ci_high": 3.3},
                "DTV": {"n": 8, "mean": None, "ci_low": None, "ci_high": None},
            },
            "significant_differences_by_variable": {"nationaliteit": 2, "geslacht": 0},
        },
        wave=WAVE, target_group="asielzoekers",
    )  # fmt: skip
    save_key_figures(
        folder / "02_descriptives_ketenpartners.json",
        {
            "n": 290,
            "mean_totaaloordeel": {"IND": {"n": 250, "mean": 3.9, "ci_low": 3.8, "ci_high": 4.0}},
            "mirror_totaaloordeel": {
                "IND": {"expected": 40.0, "experienced": 62.0, "gap": -22.0, "p_holm": 0.01},
                "COA": {"expected": 70.0, "experienced": 66.0, "gap": 4.0, "p_holm": 0.6},
            },
            "significant_differences_by_variable": {"positie": 0},
        },
        wave=WAVE, target_group="ketenpartners",
    )  # fmt: skip
    save_key_figures(
        folder / "03_impact_analysis_asielzoekers_COA.json",
        {
            "previous_wave": PREV,
            "drivers": ["inleven", "luisteren", "actief_meedenken"],
            "aspects": {
                "inleven": {"label": "Inleven", "quadrant": "Investeren en verbeteren",
                            "stable": True},
                "luisteren": {"label": "Luisteren", "quadrant": "Vasthouden", "stable": True},
                "actief_meedenken": {"label": "Actief meedenken",
                                     "quadrant": "Investeren en verbeteren", "stable": False},
            },
            "investeren": ["inleven", "actief_meedenken"],
            "vasthouden": ["luisteren"],
            "comparison": {"wave": PREV, "quadrant_changed": ["luisteren"],
                           "quadrant_prev": {"inleven": "Investeren en verbeteren",
                                             "luisteren": "Positief, weinig impact"}},
        },
        wave=WAVE, target_group="asielzoekers", organisation="COA",
    )  # fmt: skip
    (folder / "03_impact_analysis_asielzoekers_COA.stamp.json").write_text("{}")
    save_key_figures(
        root / "alle-golven" / "notebooks" / "05_trends.json",
        {"waves": [PREV, WAVE], "significant_asielzoekers": ["IND 2017-Q2->2017-Q3 (-0.31)"]},
    )
    return root


def test_build_reads_every_key_figure_file_of_the_wave(reports, tmp_path):
    s = summary.build(WAVE, raw_root=tmp_path / "raw", reports_root=reports)
    assert set(s.figures["file"]) == {
        "02_descriptives_asielzoekers",
        "02_descriptives_ketenpartners",
        "03_impact_analysis_asielzoekers_COA",
    }
    assert set(s.figures["report"]) == {"02_descriptives", "03_impact_analysis"}
    assert s.previous_wave == PREV and s.trends is not None and s.commentary is None
    assert s.target_groups() == ["asielzoekers", "ketenpartners"]
    # without reports_root: beside the summary's own key-figure file (the batch layout)
    beside = summary.build(WAVE, key_figures_path=reports / WAVE / "notebooks" / "00.json")
    assert len(beside.figures) == len(s.figures)


def test_findings_state_the_judgement_change_and_stable_advice(reports):
    s = summary.build(WAVE, reports_root=reports)
    page = summary.findings_html(s, "asielzoekers")
    assert "Asielzoekers zijn redelijk tevreden over het COA" in page
    assert "95%-BI 3,6-3,7; 182 beoordelaars); 66% is (heel) positief." in page
    # IND: the trends test found a change; COA: tested, none found
    assert "Dat is lager dan in 2017 K2 (-0,31 punt" in page
    assert "Ten opzichte van 2017 K2 is geen verandering aangetoond." in page
    # stable placements only; inleven was also in that quadrant before, luisteren moved
    assert "Investeren en verbeteren: inleven (ook in 2017 K2 in dit kwadrant)." in page
    assert "Vasthouden: luisteren." in page
    assert "Mogelijk ook actief meedenken, maar die plaatsing is niet stabiel" in page
    # too few raters: no judgement; links to the detail reports
    assert "Over de DT&amp;V oordeelden te weinig asielzoekers om iets te zeggen" in page
    assert 'href="03_impact_analysis_asielzoekers_COA.html"' in page
    key = summary.key_figures(s)
    assert key["headline"]["asielzoekers.COA"]["text"].endswith("over het COA")
    assert key["invest"]["asielzoekers.COA"] == ["inleven"]


def test_judgement_chart_shows_each_organisation_in_its_colour_with_its_interval(reports):
    from matplotlib.colors import to_hex

    from helpers.report._style import organisation_colour

    s = summary.build(WAVE, reports_root=reports)
    fig = summary.judgement_chart(s)
    axes = fig.get_axes()
    assert [ax.get_title(loc="left") for ax in axes] == ["Asielzoekers", "Ketenpartners"]
    # asylum seekers: IND and COA (DT&V had too few raters)
    assert {t.get_text() for t in axes[0].get_yticklabels()} == {"IND", "COA"}
    points = {
        to_hex(line.get_color()).upper(): line.get_xdata()
        for line in axes[0].get_lines()
        if line.get_marker() == "o"
    }
    assert points[organisation_colour("COA").upper()][0] == pytest.approx(3.71)
    assert points[organisation_colour("IND").upper()][0] == pytest.approx(3.1)
    intervals = [
        tuple(line.get_xdata())
        for line in axes[0].get_lines()
        if line.get_marker() in ("None", "", None) and line.get_linewidth() == 3
    ]
    assert (3.56, 3.74) in intervals and (2.9, 3.3) in intervals
    assert axes[0].get_xlim() == (1, 5)
    # one tick per scale point, labelled as such (no half-point ticks rounded to "2, 2, 3")
    fig.canvas.draw()
    assert [t.get_text() for t in axes[-1].get_xticklabels()] == ["1", "2", "3", "4", "5"]


def test_no_judgement_no_chart(tmp_path):
    assert summary.judgement_chart(summary.build(WAVE, reports_root=tmp_path)) is None


def test_no_change_is_claimed_without_a_tested_comparison(reports):
    (reports / "alle-golven" / "notebooks" / "05_trends.json").unlink()
    s = summary.build(WAVE, reports_root=reports)
    page = summary.findings_html(s, "asielzoekers")
    assert "verandering" not in page and "hoger dan" not in page and "lager dan" not in page


def test_commentary_is_marked_as_the_analysts_text(reports, tmp_path, monkeypatch):
    raw = tmp_path / "raw" / WAVE
    raw.mkdir(parents=True)
    (raw / summary.COMMENTARY_FILE).write_text("Investeer in **inleven** bij het COA.\n")
    s = summary.build(WAVE, raw_root=tmp_path / "raw", reports_root=reports)
    assert s.commentary == "Investeer in **inleven** bij het COA."
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    summary.commentary_section(s)
    assert "geschreven door de analist" in shown[0] and "niet automatisch" in shown[0]
    assert shown[1] == s.commentary


@pytest.mark.parametrize(
    ("mean", "low", "high", "words"),
    [
        (3.7, 3.56, 3.74, "redelijk tevreden"),  # the pilot's headline for the COA
        (3.7, 3.5, 3.9, "redelijk tevreden tot tevreden"),  # the interval spans two bands
        (4.4, 4.3, 4.5, "zeer tevreden"),
        (2.2, 2.0, 2.4, "ontevreden"),
    ],
)
def test_judgement_words_carry_the_interval(mean, low, high, words):
    assert st.judgement_words(mean, low, high) == words


def test_mirror_gap_is_called_a_difference_only_when_the_test_says_so():
    shown = st.mirror_sentence("IND", {"expected": 40.0, "experienced": 62.0, "p_holm": 0.01})
    unsure = st.mirror_sentence("IND", {"expected": 40.0, "experienced": 62.0, "p_holm": 0.2})
    assert "onderschatten" in shown and "aangetoond verschil" in shown
    assert "lijken" in unsure and "niet aangetoond" in unsure
