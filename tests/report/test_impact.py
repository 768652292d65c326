"""The impact report helper layer (helpers.report.impact) and the library options it added."""

from __future__ import annotations

import json
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers.batch._params import declared_parameters  # noqa: E402
from helpers.batch._plan import IMPACT_METHODS, parameter_rules  # noqa: E402
from helpers.errors import InputError  # noqa: E402
from helpers.paths import NOTEBOOKS_DIR  # noqa: E402
from helpers.report import impact as impact_report
from helpers.report.impact import (  # noqa: E402
    CHAIN,
    QUADRANT_NAMES_NL,  # noqa: E402
    analysis_data,
    compare_with_previous,
    example_tables,
    key_figures,
    run_impact,
    usable_n,
)
from helpers.stats import INVEST, KEEP, METHODS, QUADRANTS, relative_importance  # noqa: E402

NOTEBOOK = NOTEBOOKS_DIR / "03_impact_analysis.ipynb"


def _saved(path) -> dict:
    """A written key-figure document as ``{name: value}``, with its header (wave, status, ...)."""
    from helpers.report._key_figures import figure_values

    doc = json.loads(path.read_text())
    header = {k: doc.get(k) for k in ("wave", "target_group", "organisation", "status")}
    return {**header, **figure_values(doc)}


@pytest.fixture(scope="module")
def tables():
    return example_tables(n=400, seed=3)


@pytest.fixture(scope="module")
def ind(tables):
    ratings, respondents = tables
    return run_impact(
        ratings,
        respondents,
        "asielzoekers",
        "IND",
        version="2017.1",
        wave="2017-Q3",
        bootstrap=200,
        seed=1,
    )


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# -- parameters ------------------------------------------------------------------------------
def test_every_performance_value_the_runner_allows_maps_to_the_library(tmp_path):
    allowed = parameter_rules(tmp_path)["performance"].choices({})
    for value in allowed:
        assert impact_report.performance_measure(value) in ("positive", "mean")
    with pytest.raises(InputError):
        impact_report.performance_measure("positive")  # the library's name is not a parameter


def test_notebook_parameters_match_the_runner_and_the_brief():
    declared = declared_parameters(NOTEBOOK)
    defaults = {k: v.default for k, v in declared.items()}
    assert defaults == {
        "wave": "2017-Q2",
        "target_group": "asielzoekers",
        "organisation": "IND",
        "method": "lmg",
        "bootstrap": 1000,
        "seed": 1,
        "performance": "pct_positive",
        "missing": "pairwise",
        "stable_at": 0.8,
        "min_n": 30,
        "raw_root": "",
        "processed_root": "",
        "key_figures_path": "",
    }
    assert set(IMPACT_METHODS) == set(METHODS)


# -- data and drivers ------------------------------------------------------------------------
def test_drivers_follow_the_codebook_version_and_the_data():
    assert "tolk" in impact_report.candidate_drivers("asielzoekers", "IND", "2018.1")
    assert "tolk" not in impact_report.candidate_drivers("asielzoekers", "IND", "2017.1")
    assert "tolk" not in impact_report.candidate_drivers("asielzoekers", "COA", "2018.1")
    # 2018.1 questionnaire, but the data lack tolk: the analysis uses what is there
    ratings, respondents = example_tables(n=200, seed=1, version="2017.1")
    rep = run_impact(ratings, respondents, "asielzoekers", "IND", version="2018.1", bootstrap=20)
    assert rep.stopped is None and "tolk" not in rep.drivers
    assert rep.new_drivers == ["tolk"]


def test_the_chain_is_for_asylum_seekers_only():
    with pytest.raises(InputError, match="not rated"):
        impact_report.candidate_drivers("ketenpartners", CHAIN, "2017.1")


def test_chain_data_are_the_overall_judgements(tables):
    ratings, respondents = tables
    wide, drivers = analysis_data(
        ratings, respondents, "asielzoekers", CHAIN, ["IND", "COA", "DTV"]
    )
    assert drivers == ["IND", "COA", "DTV"]
    assert list(wide.columns) == ["totaaloordeel", "IND", "COA", "DTV", "weight"]
    # brute force: the chain's outcome of one respondent is its keten row
    rid = wide.index[5]
    sel = ratings[(ratings["respondent_id"] == rid) & (ratings["item"] == "totaaloordeel")]
    expect = sel.set_index("organisation")["value"]
    assert wide.loc[rid, "totaaloordeel"] == expect[CHAIN]
    assert wide.loc[rid, "DTV"] == expect["DTV"]


def test_usable_n_matches_a_brute_force_count(tables):
    ratings, respondents = tables
    drivers = impact_report.candidate_drivers("asielzoekers", "IND", "2017.1")
    wide, drivers = analysis_data(ratings, respondents, "asielzoekers", "IND", drivers)
    complete = sum(
        all(np.isfinite(row[c]) for c in ["totaaloordeel", *drivers]) for _, row in wide.iterrows()
    )
    anyone = sum(
        np.isfinite(row["totaaloordeel"]) and any(np.isfinite(row[c]) for c in drivers)
        for _, row in wide.iterrows()
    )
    assert usable_n(wide, drivers, "listwise") == complete
    assert usable_n(wide, drivers, "pairwise") == anyone == usable_n(wide, drivers, "impute")
    # ... and the library reports the same n
    res = relative_importance(
        wide, "totaaloordeel", drivers, "weight", missing="listwise", methods="lmg"
    )
    assert res.n == complete


# -- the analysis ----------------------------------------------------------------------------
def test_run_impact_result(ind):
    assert ind.stopped is None
    assert ind.n > 350 and ind.n_complete < ind.n
    assert ind.result.B == 200 and ind.result.missing == "pairwise"
    assert set(ind.result.methods) == set(METHODS)
    # example data: the first aspect has the largest planted weight
    assert ind.ranked()[0] == "respectvol_behandeld"
    assert set(ind.quadrants["quadrant"]) <= set(QUADRANTS)
    assert ind.quadrants.attrs["impact_method"] == "lmg"


def test_the_chosen_method_is_the_impact_of_the_quadrants(tables):
    ratings, respondents = tables
    rep = run_impact(
        ratings, respondents, "asielzoekers", "COA", version="2017.1", method="corr", bootstrap=50
    )
    np.testing.assert_allclose(
        rep.quadrants["impact"], rep.result.table["corr_share_pct"].to_numpy()
    )
    assert rep.quadrants.attrs["impact_method"] == "corr"
    with pytest.raises(InputError):
        run_impact(ratings, respondents, "asielzoekers", "COA", method="lmg,corr")


def test_chain_analysis_finds_the_planted_order(tables):
    ratings, respondents = tables
    rep = run_impact(ratings, respondents, "asielzoekers", CHAIN, version="2017.1", bootstrap=100)
    assert rep.stopped is None and rep.subject == "organisatie"
    # example_tables: chain = 0.8 IND + 0.4 COA + 0.2 DTV (standardised) + noise
    assert rep.ranked() == ["IND", "COA", "DTV"]
    text = impact_report.summary_text(rep)
    assert "organisatie" in text and "aspect" not in text
    assert "welke organisatie drijft" in impact_report.intro_text(rep)


def test_mean_performance(tables):
    ratings, respondents = tables
    rep = run_impact(
        ratings,
        respondents,
        "asielzoekers",
        "DTV",
        version="2017.1",
        bootstrap=30,
        performance="mean",
    )
    perf = rep.result.table["performance"]
    assert perf.between(1, 5).all()
    assert rep.performance_label.startswith("Gemiddelde")


def test_too_few_respondents_stop_with_a_dutch_reason(tables):
    ratings, respondents = tables
    rep = run_impact(ratings, respondents, "asielzoekers", "IND", version="2017.1", min_n=10_000)
    assert rep.result is None and rep.quadrants is None
    assert "ten minste 10000" in rep.stopped
    kf = key_figures(rep)
    assert kf["stopped"] == rep.stopped and kf["comparison"] is None


def test_stop_if_too_small_ends_on_purpose(tables, tmp_path):
    ratings, respondents = tables
    rep = run_impact(ratings, respondents, "asielzoekers", "IND", min_n=10_000)
    path = tmp_path / "kf.json"
    with pytest.raises(SystemExit):
        impact_report.stop_if_too_small(rep, path)
    saved = _saved(path)
    assert saved["status"] == "stopped"
    assert saved["reason"] == rep.stopped and saved["min_n"] == 10_000
    ok = run_impact(ratings, respondents, "asielzoekers", "IND", bootstrap=10)
    assert impact_report.stop_if_too_small(ok, path) is None


def test_listwise_with_much_dont_know_stops_where_pairwise_runs():
    ratings, respondents = example_tables(n=120, seed=5)
    # 25% "weet niet" on every IND aspect: few complete rows
    rng = np.random.default_rng(0)
    aspect = (ratings["organisation"] == "IND") & (ratings["item"] != "totaaloordeel")
    dk = aspect & (rng.random(len(ratings)) < 0.25)
    ratings = ratings.assign(value=ratings["value"].mask(dk), dont_know=ratings["dont_know"] | dk)
    listwise = run_impact(
        ratings, respondents, "asielzoekers", "IND", missing="listwise", bootstrap=20
    )
    pairwise = run_impact(
        ratings, respondents, "asielzoekers", "IND", missing="pairwise", bootstrap=20
    )
    assert listwise.stopped is not None and "listwise" in listwise.stopped
    assert pairwise.stopped is None and pairwise.n >= 100


def test_a_driver_with_too_few_answers_is_left_out(tables):
    ratings, respondents = tables
    sel = (ratings["organisation"] == "COA") & (ratings["item"] == "inleven")
    keep = sel & (ratings.groupby(sel).cumcount() < 6)
    thin = ratings.loc[~sel | keep]
    rep = run_impact(thin, respondents, "asielzoekers", "COA", bootstrap=20)
    assert "inleven" not in rep.drivers and "inleven" in rep.dropped
    assert "Niet meegenomen" in impact_report.intro_text(rep)


# -- texts, tables, figures ------------------------------------------------------------------
def test_intro_states_method_missing_strategy_n_and_r2(ind):
    text = impact_report.intro_text(ind)
    assert "LMG" in text and "paarsgewijs" in text
    assert f"n = {ind.n}" in text
    assert f"R² = {ind.result.r2:.2f}".replace(".", ",") in text
    lo = f"{ind.result.r2_ci[0]:.2f}".replace(".", ",")
    assert f"bootstrapinterval {lo} tot" in text


def test_the_report_says_which_design_the_intervals_assume(tables, ind):
    ratings, respondents = tables
    rep = run_impact(
        ratings, respondents, "asielzoekers", "IND", version="2017.1", bootstrap=100, cluster="azc"
    )
    assert rep.cluster == "azc" and rep.result.n_clusters == 15
    assert "whole clusters of 'azc'" in rep.result.method_note
    text = impact_report.intro_text(rep)
    assert "**Steekproefopzet:**" in text and "per opvanglocatie (azc) benaderd" in text
    assert "15 groepen" in text and "14 met teruglegging" in text
    note = "hele groepen per opvanglocatie (azc) opnieuw getrokken"
    assert note in impact_report.importance_table(rep).to_html()
    kf = key_figures(rep)
    assert kf["cluster"] == "azc" and kf["n_clusters"] == 15
    # without a cluster (chain partners, or a design without one): respondents, and it says so
    plain = impact_report.intro_text(ind)
    assert "als afzonderlijke personen" in plain and "groepen per" not in plain
    assert "respondenten opnieuw getrokken" in impact_report.importance_table(ind).to_html()
    with pytest.raises(InputError, match="no cluster column 'centre'"):
        run_impact(ratings, respondents, "asielzoekers", "IND", bootstrap=10, cluster="centre")


def test_summary_starts_with_the_gain(ind):
    text = impact_report.summary_text(ind)
    assert text.startswith(("Meeste winst", "Mogelijk weegt", "Mogelijk wegen", "Geen enkel"))


# -- the findings first ------------------------------------------------------------------------
SECTIONS = [
    "show_header",
    "findings_section",
    "quadrant_section",
    "importance_section",
    "comparison_section",
    "pilot_section",
    "intro_section",
    "key_figures_section",
]


def test_the_notebook_leads_with_the_findings():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    calls = [
        line.split("(")[0].removeprefix("impact.")
        for c in nb.cells
        if c.cell_type == "code"
        for line in c.source.splitlines()
        if line.startswith("impact.")
    ]
    assert calls == SECTIONS
    headings = [
        c.source.splitlines()[0]
        for c in nb.cells
        if c.cell_type == "markdown" and "## " in c.source
    ]
    # the findings' heading is generated; the method comes last, just before the accounting
    assert headings[-2:] == ["## Zo is gerekend", "## Verantwoording"]
    assert "## Samenvatting in gewone taal" not in headings
    assert headings.index("## Kwadrantenanalyse") < headings.index("## Belang per aspect")
    pos = {h: k for k, h in enumerate(headings)}
    assert (
        pos["## Vergelijking met de vorige golf"]
        < pos["## Ter controle: de bevinding van de pilot (2017)"]
        < pos["## Zo is gerekend"]
    )


def test_findings_heading_states_the_finding_from_the_numbers(ind):
    from test_reader_text import reader_text_problems

    q = ind.quadrants
    lead, top = impact_report.leading_drivers(ind)
    # brute force: the drivers whose interval lies wholly above the mean share (100/k)
    above = [d for d in ind.ranked() if q.loc[d, "impact_ci_low"] > 100 / len(ind.drivers)]
    assert lead == above[:3] and lead and top
    # example data: the first aspect has by far the largest planted weight
    assert lead[0] == "respectvol_behandeld"
    heading = impact_report.findings_heading(ind)
    assert heading.startswith("Respectvolle behandeling")
    assert heading.endswith("het totaaloordeel over de IND het sterkst")
    text = impact_report.findings_text(ind)
    assert text.startswith(f"## {heading}\n\n")
    # the numbers behind it, then the plain-language summary
    share = f"{q.loc[lead[0], 'impact']:.1f}".replace(".", ",")
    assert f"gaat {share}% (95%-interval" in text
    assert text.index("verklaren samen") < text.index(impact_report.summary_text(ind)[:30])
    assert reader_text_problems(text) == []
    kf = key_figures(ind)
    assert kf["headline"] == heading and kf["headline_drivers"] == lead


def test_findings_heading_says_so_when_nothing_stands_out(ind):
    from dataclasses import replace

    q = ind.quadrants.copy()
    q["impact_ci_low"] = 0.0  # every interval reaches down to nothing
    rep = replace(ind, quadrants=q)
    assert impact_report.leading_drivers(rep) == ([], False)
    heading = impact_report.findings_heading(rep)
    assert heading == (
        "Geen enkel aspect bepaalt het totaaloordeel over de IND duidelijk sterker dan de andere"
    )
    assert "geen enkel interval ligt daar helemaal boven" in impact_report.findings_numbers(rep)
    # only a driver further down clears the average: it is named, but not as "het sterkst"
    q.loc[ind.ranked()[1], "impact_ci_low"] = 50.0
    heading = impact_report.findings_heading(replace(ind, quadrants=q))
    assert "duidelijk bovengemiddeld mee" in heading and "sterkst" not in heading


def test_findings_with_an_unstable_placement_are_hedged(ind):
    from dataclasses import replace

    q = ind.quadrants.copy()
    d = ind.ranked()[0]
    q[["quadrant", "agreement", "stable"]] = [KEEP, 0.9, True]
    q.loc[d, ["quadrant", "agreement", "stable"]] = [INVEST, 0.6, False]
    text = impact_report.findings_text(replace(ind, quadrants=q))
    label = ind.text_labels[d]
    assert f"Mogelijk weegt {label} (onzeker, 60%) relatief zwaar mee" in text
    assert "maar die plaatsing is niet stabiel" in text
    assert "meeste winst" not in text.lower()


def test_findings_never_call_gain_what_the_previous_wave_put_elsewhere(ind):
    from dataclasses import replace

    import pandas as pd

    from helpers.report._impact_analysis import WaveComparison

    q = ind.quadrants.copy()
    d = ind.ranked()[0]
    q.loc[d, ["quadrant", "agreement", "stable"]] = [INVEST, 0.95, True]
    rep = replace(ind, quadrants=q)
    table = pd.DataFrame(
        {"impact_prev": [20.0], "quadrant_prev": [KEEP]}, index=pd.Index([d], name="driver")
    )
    comparison = WaveComparison("2017-Q2", None, table)
    text = impact_report.findings_text(rep, comparison)
    label = ind.text_labels[d]
    assert f"maar in de vorige meting (2017 K2) stond het in ‘{QUADRANT_NAMES_NL[KEEP]}’" in text
    winst = text.split("Meeste winst")[1].split(".")[0] if "Meeste winst" in text else ""
    assert label not in winst
    # the same placement before: advice, and it says so
    table["quadrant_prev"] = INVEST
    text = impact_report.findings_text(rep, comparison)
    assert f"Meeste winst valt te behalen op {label}" in text
    assert f"Ook in de vorige meting (2017 K2) stond {label} in dit kwadrant." in text


def test_importance_table_shows_the_chosen_measure_and_the_detail_the_others():
    from test_reader_text import reader_text_problems

    ratings, respondents = example_tables(n=60, seed=8)
    # only 20 respondents rate 'luisteren' for COA: indicative (below 30), not suppressed
    sel = (ratings["organisation"] == "COA") & (ratings["item"] == "luisteren")
    ratings = ratings.loc[~sel | (ratings.groupby(sel).cumcount() < 20)]
    rep = run_impact(ratings, respondents, "asielzoekers", "COA", bootstrap=50)
    styler = impact_report.importance_table(rep)
    shown = styler.data
    assert len(shown) == len(rep.drivers)
    assert list(shown.columns) == [
        "Aspect",
        "n",
        "Prestatie: % positief",
        "LMG: aandeel in de verklaarde variantie, %",
        "Kwadrant",
        "Stabiliteit kwadrant, %",
    ]
    # LMG with its interval, and the stability as in the quadrant table
    d = rep.ranked()[0]
    row = shown.loc[shown["Aspect"] == rep.labels[d]].iloc[0]
    lo = f"{rep.quadrants.loc[d, 'impact_ci_low']:.1f}".replace(".", ",")
    assert f"{lo} tot" in row["LMG: aandeel in de verklaarde variantie, %"]
    assert row["Stabiliteit kwadrant, %"] == f"{100 * rep.quadrants.loc[d, 'agreement']:.0f}"
    row = shown.loc[shown["Aspect"] == "Luisteren"].iloc[0]
    assert "*" in row.iloc[2]
    assert styler.protected.n_indicative >= 1 and styler.protected.n_suppressed == 0
    page = styler.to_html()
    assert "indicatief" in page and reader_text_problems(page) == []
    # the other four measures in a collapsed detail, with why a share can be negative
    detail = impact_report.importance_detail_html(rep)
    assert detail.startswith('<details class="kk-detail"><summary>Andere maten voor het belang')
    assert detail.endswith("</details>")
    heads = " ".join(impact_report.importance_detail_table(rep).data.columns)
    for name in ("Relatieve gewichten", "Pratt", "Bèta", "Correlatie"):
        assert name in heads and name not in " ".join(shown.columns)
    assert "LMG" not in heads
    assert "negatief" in detail and "samenhangen" in detail
    assert reader_text_problems(detail) == []


def test_another_method_leads_the_importance_table(tables):
    ratings, respondents = tables
    rep = run_impact(
        ratings, respondents, "asielzoekers", "COA", version="2017.1", method="corr", bootstrap=30
    )
    heads = list(impact_report.importance_table(rep).data.columns)
    assert "Correlatie: aandeel in de som, %" in heads and not any("LMG" in h for h in heads)
    detail = impact_report.importance_detail_table(rep).data.columns
    assert "LMG: aandeel in de verklaarde variantie, %" in detail
    assert impact_report.other_methods(rep) == [m for m in METHODS if m != "corr"]


def test_figures_and_alt_texts(ind):
    fig = impact_report.quadrant_figure(ind)
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Respectvolle behandeling" in texts and QUADRANT_NAMES_NL[KEEP] in texts
    assert "LMG" in fig.axes[0].get_xlabel()
    bars = impact_report.bars_figure(ind)
    assert len(bars.axes[0].patches) == len(ind.drivers)
    alt = impact_report.quadrant_alt(ind)
    assert all(ind.labels[d] in alt for d in ind.drivers)


def test_pilot_comparison(ind):
    frame = impact_report.pilot_frame(ind)
    # the pilot names four IND aspects for asylum seekers (read from the YAML)
    found = impact_report.pilot_findings("asielzoekers", "IND")
    assert list(frame["driver"]) == found["keep"] + found["invest"]
    assert set(frame["pilot"]) == {KEEP, INVEST}
    text = impact_report.pilot_text(ind, synthetic=True)
    assert "pilot (voorjaar 2017)" in text and "demodata" in text


# -- previous wave ---------------------------------------------------------------------------
def _write_wave(root, wave, seed, version="2017.1"):
    ratings, respondents = example_tables(n=300, seed=seed, version=version)
    folder = root / wave
    folder.mkdir(parents=True)
    ratings.to_parquet(folder / "ratings.parquet")
    respondents.to_parquet(folder / "respondents.parquet")


def _write_raw(root, wave, version="2017.1"):
    """A raw wave folder whose wave.yml opens (the listed file is never read here)."""
    (root / wave).mkdir(parents=True)
    (root / wave / "asielzoekers.csv").write_text("respondent_id\n")
    files = [{"path": "asielzoekers.csv", "target_group": "asielzoekers"}]
    (root / wave / "wave.yml").write_text(
        yaml.safe_dump(
            {"wave": wave, "questionnaire_version": version, "synthetic": True, "files": files}
        )
    )


def test_compare_with_previous_wave(tmp_path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    for k, wave in enumerate(["2017-Q2", "2017-Q3"]):
        _write_wave(processed, wave, seed=11 + k)
        _write_raw(raw, wave)
    rep = impact_report.build(
        "2017-Q3", "asielzoekers", "IND", bootstrap=100, raw_root=raw, processed_root=processed
    )
    comp = compare_with_previous(rep)
    assert compare_with_previous(rep) is comp  # run once, kept on the report
    # the wave.yml declares no design: the pilot's, asylum seekers clustered by reception centre
    assert rep.cluster == comp.previous.cluster == "azc" and rep.result.n_clusters == 15
    assert comp.previous_wave == "2017-Q2"
    assert comp.previous.seed == rep.seed + 1  # independent bootstrap samples
    assert "impact_diff_ci_low" in comp.table.columns
    # the difference is computed from the two analyses
    d = rep.drivers[0]
    assert comp.table.loc[d, "performance_diff"] == pytest.approx(
        rep.result.table.loc[d, "performance"] - comp.previous.result.table.loc[d, "performance"]
    )
    text = impact_report.comparison_text(rep, comp)
    assert "Vergeleken met 2017 K2" in text
    assert impact_report.comparison_table(rep, comp) is not None
    kf = key_figures(rep, comp)
    assert kf["previous_wave"] == "2017-Q2" and kf["comparison"]["wave"] == "2017-Q2"

    first = impact_report.build(
        "2017-Q2", "asielzoekers", "IND", bootstrap=20, raw_root=raw, processed_root=processed
    )
    none = compare_with_previous(first)
    assert none.previous_wave is None and none.table is None
    assert "geen eerdere" in impact_report.comparison_text(first, none)
    assert impact_report.comparison_table(first, none) is None
    assert key_figures(first, none)["comparison"] is None


# -- key figures -----------------------------------------------------------------------------
def test_key_figures(ind, tmp_path):
    from helpers.report._display import save_key_figures

    back = key_figures(ind)
    path = tmp_path / "kf.json"
    save_key_figures(path, back)
    saved = _saved(path)
    assert saved["n"] == ind.n and saved["r2"] == pytest.approx(ind.result.r2)
    assert saved["cluster"] is None and saved["n_clusters"] is None  # respondents resampled
    for key in (
        "n",
        "r2",
        "r2_ci_low",
        "r2_ci_high",
        "method",
        "missing",
        "aspects",
        "top3",
        "investeren",
        "previous_wave",
        "comparison",
        "pilot",
    ):
        assert key in back, key
    assert back["n"] == ind.n and back["method"] == "lmg" and back["missing"] == "pairwise"
    assert back["r2_ci_low"] <= back["r2"] <= back["r2_ci_high"]
    assert back["top3"] == ind.ranked()[:3]
    for a in back["aspects"].values():
        assert a["share_ci_low"] <= a["share_pct"] <= a["share_ci_high"]
        assert a["quadrant"] in QUADRANT_NAMES_NL.values() and 0 <= a["agreement"] <= 1
        assert a["stable"] == (a["agreement"] >= 0.8)
    assert set(back["investeren"]) == {
        d for d, a in back["aspects"].items() if a["quadrant"] == "Investeren en verbeteren"
    }
    assert sum(a["share_pct"] for a in back["aspects"].values()) == pytest.approx(100)


# -- the notebook end to end (papermill) -----------------------------------------------------
def _raw_and_processed(tmp_path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    for k, wave in enumerate(["2017-Q2", "2017-Q3"]):
        _write_raw(raw, wave)
        _write_wave(processed, wave, seed=20 + k)
    return raw, processed


def _run(tmp_path, raw, processed, **parameters):
    out = tmp_path / "out.ipynb"
    kf = tmp_path / "kf.json"
    args = [
        sys.executable,
        "-m",
        "papermill",
        str(NOTEBOOK),
        str(out),
        "--cwd",
        str(NOTEBOOKS_DIR),
        "-p",
        "raw_root",
        str(raw),
        "-p",
        "processed_root",
        str(processed),
        "-p",
        "key_figures_path",
        str(kf),
    ]
    for k, v in parameters.items():
        args += ["-p", k, str(v)]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return nbformat.read(out, as_version=4), _saved(kf)


@pytest.mark.slow
def test_notebook_runs_and_stops_on_purpose(tmp_path):
    raw, processed = _raw_and_processed(tmp_path)
    nb, kf = _run(tmp_path, raw, processed, wave="2017-Q3", organisation="keten", bootstrap=100)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    assert kf["organisation"] == "keten" and kf["previous_wave"] == "2017-Q2"
    assert kf["top3.0"] and kf["r2"] > 0
    assert kf["cluster"] == "azc" and kf["n_clusters"] == 15  # the wave's default design
    html = "".join(
        o.get("data", {}).get("text/html", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "SYNTHETISCHE DEMODATA" in html and "data:image/png;base64" in html

    nb, kf = _run(tmp_path, raw, processed, wave="2017-Q2", min_n=100000)
    assert kf["status"] == "stopped" and "ten minste 100000" in kf["reason"]
