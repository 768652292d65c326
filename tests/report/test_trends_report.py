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


# ---------------------------------------------------------------- the other measures (views)


def view_tables(seed=4, n=40, small=None):
    """Two waves of asylum seekers (unit weights, no clusters): the overall judgement and two
    aspects of IND and COA, drawn with a fixed seed. ``small``: ``{(org, item, wave): k}`` keeps
    only the first ``k`` answers of that cell."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    small = small or {}
    out = {}
    for k, wave in enumerate(["2017-Q2", "2017-Q3"]):
        ids = [f"r{i}" for i in range(n)]
        resp = pd.DataFrame({"respondent_id": ids, "target_group": "asielzoekers", "weight": 1.0})
        rows = []
        for org in ("IND", "COA"):
            for item in ("totaaloordeel", "luisteren", "vriendelijkheid"):
                v = rng.integers(1, 6, n).astype(float)
                if k and org == "IND" and item == "luisteren":
                    v = np.where(rng.random(n) < 0.7, 5.0, v)  # a clear rise in 2017-Q3
                keep = small.get((org, item, wave))
                if keep is not None:
                    v[keep:] = np.nan
                rows.append(
                    pd.DataFrame(
                        {
                            "respondent_id": ids,
                            "target_group": "asielzoekers",
                            "organisation": org,
                            "item": item,
                            "value": v,
                        }
                    )
                )
        out[wave] = (resp, pd.concat(rows, ignore_index=True))
    return out


def views_of(tables):
    from helpers.stats import measure_trends

    return {
        "aspects": measure_trends(
            tables, items=["luisteren", "vriendelijkheid"], target_groups=["asielzoekers"]
        ),
        "nps": {},
        "word_of_mouth": {},
    }


def test_views_hide_every_wave_the_overall_judgement_hides():
    import numpy as np

    # IND's overall judgement has 6 raters in 2017-Q3: that wave is hidden for IND in every view
    # (its aspects have 40 raters); COA's aspect "luisteren" has 8 raters in 2017-Q3 itself
    tables = view_tables(
        small={("IND", "totaaloordeel", "2017-Q3"): 6, ("COA", "luisteren", "2017-Q3"): 8}
    )
    results = analyse_trends(tables, target_groups=["asielzoekers"])
    views = views_of(tables)
    est, ch = trends.protect_view(results, views, "aspects")
    t = est.table
    hidden = {(r.organisation, r.item, r.wave) for r in t.itertuples() if r.suppressed}
    assert hidden == {
        ("IND", "luisteren", "2017-Q3"),
        ("IND", "vriendelijkheid", "2017-Q3"),
        ("COA", "luisteren", "2017-Q3"),
    }
    assert t.loc[t["suppressed"], "pct"].isna().all() and t.loc[t["suppressed"], "n"].isna().all()
    # no change with a hidden wave on either side is shown; COA's other aspect is
    shown = ch.table[~ch.table["suppressed"]]
    assert list(zip(shown["organisation"], shown["item"], strict=True)) == [
        ("COA", "vriendelijkheid")
    ]
    # a shown number is the plain share of 4-5 (unit weights, no clusters): by hand
    resp, rat = tables["2017-Q2"]
    x = rat[(rat["organisation"] == "COA") & (rat["item"] == "luisteren")]["value"].to_numpy()
    row = t[(t["organisation"] == "COA") & (t["item"] == "luisteren") & (t["wave"] == "2017-Q2")]
    assert float(row["pct"].iloc[0]) == pytest.approx(100 * np.mean(x[~np.isnan(x)] >= 4))
    # the compact table shows the hidden wave as "–"
    sub = t[(t["target_group"] == "asielzoekers") & (t["organisation"] == "IND")]
    frame = trends.view_display(
        sub,
        ch.table[ch.table["organisation"] == "IND"],
        measure="pct_positive",
        rows="item",
        row_labels={"luisteren": "luisteren", "vriendelijkheid": "vriendelijkheid"},
        corner="Aspect",
    )
    assert frame.columns.tolist() == ["Aspect", "2017 K2", "2017 K3"]
    assert frame["2017 K3"].tolist() == ["–", "–"]
    assert re.fullmatch(r"\d+% \(\d+–\d+\)", frame["2017 K2"].iloc[0])


def test_view_key_figures_are_protected_unique_and_valid():
    import json

    import jsonschema

    from helpers.report._key_figures import KEY_FIGURES_SCHEMA, key_figure_document

    tables = view_tables(small={("IND", "totaaloordeel", "2017-Q3"): 6})
    results = analyse_trends(tables, target_groups=["asielzoekers"])
    kf = trends.key_figures(results, views_of(tables))
    assert "nps" not in kf and "word_of_mouth" not in kf  # views without answers
    doc = key_figure_document(kf, "05_trends")
    jsonschema.validate(doc, json.loads(KEY_FIGURES_SCHEMA.read_text()))
    names = [fig["name"] for fig in doc["figures"]]
    assert len(names) == len(set(names))
    figs = {fig["name"]: fig for fig in doc["figures"]}
    hidden = figs["aspects.asielzoekers.IND.luisteren.2017-Q3.pct"]
    assert hidden["value"] is None and hidden["suppressed"] and hidden["n"] is None
    shown = figs["aspects.asielzoekers.COA.luisteren.2017-Q3.pct"]
    assert not shown["suppressed"] and shown["ci_low"] < shown["value"] < shown["ci_high"]
    est = views_of(tables)["aspects"]["asielzoekers"]["estimates"]
    ref = est[(est["organisation"] == "COA") & (est["item"] == "luisteren")].iloc[-1]
    assert shown["value"] == pytest.approx(ref["estimate"]) and shown["n"] == ref["n"]
    assert figs["aspects.asielzoekers.n_tests"]["value"] == 4


def test_view_sections_render_dutch_text_tables_and_charts(monkeypatch):
    import IPython.display

    from helpers.report import _display
    from helpers.stats import measure_trends
    from test_reader_text import reader_text_problems

    tables = view_tables()
    wom = {
        w: (
            resp,
            rat[rat["item"] == "luisteren"].assign(
                item=trends.WORD_OF_MOUTH_ITEM, value=lambda d: (d["value"] >= 4).astype(float)
            ),
        )
        for w, (resp, rat) in tables.items()
    }
    views = views_of(tables)
    views["word_of_mouth"] = measure_trends(wom, items=["mond_tot_mond"], threshold=1)
    report = trends.TrendsReport(
        waves=["2017-Q2", "2017-Q3"],
        results=analyse_trends(tables, target_groups=["asielzoekers"]),
        parameters={"target_groups": ["asielzoekers"]},
        views=views,
    )
    shown_text, figures, html = [], [], []
    monkeypatch.setattr(_display, "show_text", shown_text.append)
    monkeypatch.setattr(_display, "show_figure", lambda fig, alt="": figures.append((fig, alt)))
    monkeypatch.setattr(IPython.display, "display", lambda obj: html.append(obj.to_html()))
    trends.aspects_section(report)
    trends.nps_section(report)
    trends.word_of_mouth_section(report)
    text = "\n".join(shown_text)
    assert "niet gesteld of niet beantwoord" in text  # no NPS of asylum seekers
    assert "significant na Holm-correctie" in text and "De IND, luisteren: steeg" in text
    assert len(figures) == 2 and len(html) == 3  # aspects: IND and COA; word of mouth: one
    assert "▲" in html[0] and "significant hoger / lager" in html[0]
    for page in [text, *html, *(alt for _, alt in figures)]:
        assert reader_text_problems(page) == []
    ticks = [t.get_text() for t in figures[1][0].axes[0].get_xticklabels()]
    assert ticks == ["2017 K2", "2017 K3"]


def test_view_charts_mark_only_significant_changes():
    import pandas as pd

    est = pd.DataFrame(
        {
            "target_group": "ketenpartners",
            "organisation": ["IND", "IND", "COA", "COA"],
            "item": "nps",
            "wave": ["2017-Q2", "2017-Q3"] * 2,
            "nps": [-35.0, -10.0, -30.0, -28.0],
            "ci_low": [-42.0, -17.0, -37.0, -35.0],
            "ci_high": [-28.0, -3.0, -23.0, -21.0],
        }
    )
    ch = pd.DataFrame(
        {
            "target_group": "ketenpartners",
            "organisation": ["IND", "COA"],
            "item": "nps",
            "wave": "2017-Q3",
            "difference": [25.0, 2.0],
            "significant": [True, False],
            "suppressed": False,
        }
    )
    fig = tp.plot_view_waves(est, ch, value="nps", ylabel="NPS", title="NPS per golf")
    ind, coa = fig.axes[0], fig.axes[1]
    assert [ln.get_marker() for ln in ind.get_lines() if ln.get_marker() == "^"] == ["^"]
    assert not [ln for ln in coa.get_lines() if ln.get_marker() in ("^", "v")]
    assert ind.get_title() == "IND" and ind.get_ylim() == (-100.0, 100.0)
    # a suppressed change is never marked
    fig = tp.plot_view_waves(est, ch.assign(suppressed=True), value="nps", ylabel="N", title="t")
    assert not [ln for ln in fig.axes[0].get_lines() if ln.get_marker() == "^"]
    with pytest.raises(InputError):
        tp.plot_view_waves(est.iloc[:0], value="nps", ylabel="N", title="t")


def test_word_of_mouth_is_the_descriptives_share_of_very_positive_and_positive():
    import numpy as np
    import pandas as pd

    from helpers.stats import SurveyDesign, survey_estimate

    rng = np.random.default_rng(8)
    n = 50
    answers = rng.choice([1, 2, 3, 4, 5, 6, np.nan], size=n)
    resp = pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(n)],
            "target_group": "asielzoekers",
            "weight": rng.uniform(0.5, 1.5, n),
            "azc": rng.choice(list("ABCDE"), size=n),
            "mond_tot_mond_ind": answers,
        }
    )
    wave = SimpleNamespace(id="2017-Q2", version="2017.1", respondents=resp)
    ((r, rat),) = trends.word_of_mouth_tables([wave]).values()
    assert set(rat["organisation"]) == {"IND"} and set(rat["item"]) == {"mond_tot_mond"}
    expected = np.where(np.isnan(answers), np.nan, np.isin(answers, [1, 2]).astype(float))
    assert np.array_equal(rat["value"].to_numpy(), expected, equal_nan=True)
    from helpers.stats import measure_trends

    res = measure_trends(
        {"2017-Q2": (r, rat)},
        items=[trends.WORD_OF_MOUTH_ITEM],
        threshold=1,
        designs=designs(["2017-Q2"]),
        target_groups=["asielzoekers"],
    )
    row = res["asielzoekers"]["estimates"].iloc[0]
    # by hand: weighted share of 1-2 among all answers (6 "never" in the base)
    w, ok = resp["weight"].to_numpy(), ~np.isnan(answers)
    assert row["estimate"] == pytest.approx(100 * np.sum(w[ok] * expected[ok]) / w[ok].sum())
    design = SurveyDesign.from_arrays(w, cluster=resp["azc"].to_numpy())
    direct = survey_estimate(100 * expected, design, "mean").table.iloc[0]
    assert row["se"] == pytest.approx(direct["se"]) and row["n"] == ok.sum()
