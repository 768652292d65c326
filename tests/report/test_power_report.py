"""The power report's building blocks in helpers.stats._power (wave -> design, plan, subgroups).

Expected numbers are recomputed independently: statsmodels' TTestIndPower / FTestAnovaPower
solvers, closed forms written out in the comments, and substitution checks (plug the planned n
back into the power or design-effect formula).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.power import FTestAnovaPower, TTestIndPower

from helpers import stats as pw
from helpers.data import Population
from helpers.errors import InputError
from helpers.privacy import format_number
from helpers.report import _power_text as pt
from helpers.report import power as pr
from helpers.stats import _design_effects as de
from test_reader_text import reader_text_problems

# ------------------------------------------------------------------ population


def test_population_parameters_override_wave_yml():
    pop = Population(size=9800, response_rate=0.42)
    got = pr.population_from_wave(pop, "asielzoekers")
    assert got == {
        "population_size": 9800.0,
        "source_population_size": "wave.yml",
        "response_rate": 0.42,
        "source_response_rate": "wave.yml",
    }
    got = pr.population_from_wave(pop, "asielzoekers", population_size=5000, response_rate=0.3)
    assert got["population_size"] == 5000 and got["source_population_size"] == "parameter"
    assert got["response_rate"] == 0.3 and got["source_response_rate"] == "parameter"
    none = pr.population_from_wave(None, "asielzoekers", response_rate=0.5)
    assert none["population_size"] is None
    with pytest.raises(InputError, match="response rate"):
        pr.population_from_wave(Population(), "ketenpartners")
    with pytest.raises(InputError):
        pr.population_from_wave(pop, "asielzoekers", response_rate=1.5)
    assert "9.800" in pt.population_text_nl(got | {"population_size": 9800.0})


# ------------------------------------------------------------------ a small wave


@pytest.fixture
def wave():
    """60 asylum seekers in 6 azc's (IND rated by 40, DTV by 30), 20 chain partners."""
    rng = np.random.default_rng(4)
    n = 60
    ids = [f"a{i}" for i in range(n)] + [f"k{i}" for i in range(20)]
    respondents = pd.DataFrame(
        {
            "respondent_id": ids,
            "target_group": ["asielzoekers"] * n + ["ketenpartners"] * 20,
            "weight": np.r_[rng.uniform(0.6, 1.6, n), np.ones(20)],
            "azc": [f"azc{i % 6}" for i in range(n)] + [None] * 20,
            "nationaliteit": (
                ["Syrië"] * 20
                + ["Eritrea"] * 15
                + ["Iran"] * 12
                + ["Irak"] * 10
                + ["Turkije"] * 3
                + [None] * 20
            ),
        }
    )
    rows = []
    for org, k in (("IND", 40), ("DTV", 30)):
        vals = np.clip(np.round(rng.normal(3.5, 1, n)), 1, 5)
        vals[k:] = np.nan
        rows.append(
            pd.DataFrame(
                {
                    "respondent_id": ids[:n],
                    "organisation": org,
                    "value": vals,
                    "target_group": "asielzoekers",
                }
            )
        )
    rows.append(
        pd.DataFrame(
            {
                "respondent_id": ids[n:],
                "organisation": "IND",
                "value": rng.integers(1, 6, 20).astype(float),
                "target_group": "ketenpartners",
            }
        )
    )
    ratings = pd.concat(rows, ignore_index=True)
    ratings["item"] = "totaaloordeel"
    ratings["dont_know"] = False
    return respondents, ratings


def test_design_parameters_report_clusters_only_when_there_are_clusters(wave):
    respondents, ratings = wave
    az = pw.design_parameters_report(
        respondents, ratings, target_group="asielzoekers", population_size=600
    ).set_index("organisation")
    assert az["clustered"].all()
    # effective number of clusters n_rated / m̄ (size-weighted)
    np.testing.assert_allclose(
        az["n_clusters_effective"], az["n_rated"] / az["mean_cluster_size_weighted"]
    )
    assert az.loc["IND", "n_rated"] == 40
    assert az.loc["IND", "fpc"] == pytest.approx(1 - 60 / 600)  # 60 respondents of 600
    kp = pw.design_parameters_report(respondents, ratings, target_group="ketenpartners")
    assert not kp["clustered"].any() and kp["deff_clustering"].eq(1.0).all()
    assert kp["fpc"].isna().all()


def test_recommended_design_grow_and_fixed(wave):
    design = pd.DataFrame(
        {
            "organisation": ["IND", "DTV"],
            "sd": [1.0, 1.2],
            "icc": [0.05, np.nan],
            "deff_weighting": [1.1, 1.2],
            "deff": [1.1 * 1.4, 1.2],
            "n_clusters_effective": [20, np.nan],
            "contact_share": [0.8, 0.5],
            "n_rated": [160, 100],
        }
    )
    rec = pw.recommended_design(design, 0.25, response_rate=0.4).set_index("organisation")
    # effective n from statsmodels' own solver (d = 0.25 / sd)
    n_ind = TTestIndPower().solve_power(effect_size=0.25, alpha=0.05, power=0.8)
    assert rec.loc["IND", "n_effective_needed"] == pytest.approx(n_ind, rel=1e-5)
    # "grow": times the wave's design effect; gross = net / (contact · response)
    assert rec.loc["IND", "n_net"] == pytest.approx(n_ind * 1.54, rel=1e-5)
    assert rec.loc["IND", "n_gross"] == pytest.approx(n_ind * 1.54 / (0.8 * 0.4), rel=1e-5)
    # "fixed": substituting back, n / (deff_w (1 + (n/k - 1) ρ)) is the effective n
    fixed = rec.loc["IND", "n_net_fixed_clusters"]
    assert fixed / (1.1 * de.clustering_deff(fixed / 20, 0.05)) == pytest.approx(n_ind, rel=1e-5)
    # DTV (sd 1.2, contact 0.5) needs the most invitations
    assert rec["binding"].tolist() == [False, True]
    # current MDE: two quarters of 160 with deff 1.54 -> d from statsmodels at n = 160 / 1.54
    d = TTestIndPower().solve_power(nobs1=160 / 1.54, alpha=0.05, power=0.8)
    assert rec.loc["IND", "mde_now"] == pytest.approx(d * 1.0, rel=1e-4)
    fixed_rec = pw.recommended_design(design, 0.25, response_rate=0.4, clusters="fixed")
    assert fixed_rec["n_net"].iloc[0] == pytest.approx(fixed)
    with pytest.raises(InputError):
        pw.recommended_design(design, 0.25, response_rate=0.4, clusters="more")


def test_measurement_plan_from_wave_scales_the_cluster_size(wave):
    respondents, ratings = wave
    design = pw.design_parameters_report(respondents, ratings, target_group="asielzoekers")
    plan = pw.measurement_plan_from_wave(design, 200, subgroups={"x": 0.2}, response_rate=0.4)
    ind = design.set_index("organisation").loc["IND"]
    n_q = 200 * ind["contact_share"]
    # the same call written out with the scaled cluster size m̄ · n_quarter / n_rated
    direct = pw.continuous_measurement_plan(
        {"IND": n_q},
        {"IND": ind["sd"]},
        subgroups={"x": 0.2},
        deff={"IND": ind["deff_weighting"]},
        icc={"IND": max(ind["icc"], 0.0)},
        cluster_size_quarter={"IND": ind["mean_cluster_size_weighted"] * n_q / ind["n_rated"]},
        contact_shares={"IND": ind["contact_share"]},
        response_rate=0.4,
        organisations=["IND"],
    )
    got = plan[plan["organisation"] == "IND"].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, direct)
    assert set(plan["organisation"]) == {"IND", "DTV"}


def test_subgroup_sizes_pool_small_groups(wave):
    respondents, _ = wave
    sizes = pt.subgroup_sizes(respondents, "nationaliteit", target_group="asielzoekers")
    # Turkije (3) is below 10 and alone too small to pool: it leaves the table; being the only
    # group not shown, 60 minus the shown groups would give its 3 back, so the smallest shown
    # group (Irak, 10) leaves with it (the disclosure plan's single-cell rule)
    assert sizes["group"].tolist() == ["Syrië", "Eritrea", "Iran"]
    assert sizes["n"].tolist() == [20, 15, 12]
    assert sizes["share"].iloc[0] == pytest.approx(20 / 60)
    assert sizes.attrs["n_total"] == 60
    empty = pt.subgroup_sizes(respondents, "nationaliteit", target_group="ketenpartners")
    assert empty.empty
    comp = pw.subgroup_comparison_plan(empty, pd.DataFrame({"sd": []}))
    assert comp.empty and "nationaliteit" in pt.subgroup_answer_nl(comp)
    assert pt.subgroup_view(comp).empty


def test_subgroup_comparison_plan_against_statsmodels():
    sizes = pd.DataFrame(
        {
            "group": ["A", "B", "C", "D"],
            "n": [40, 30, 20, 10],
            "share": [0.2, 0.15, 0.1, 0.05],
            "rank": [1.0, 2, 3, 4],
        }
    )
    design = pd.DataFrame(
        {
            "organisation": ["IND"],
            "sd": [1.0],
            "contact_share": [0.5],
            "deff_weighting": [1.0],
            "icc": [np.nan],
            "mean_cluster_size_weighted": [np.nan],
            "n_rated": [100],
        }
    )
    comp = pw.subgroup_comparison_plan(
        sizes, design, n_total=400, k=3, target_mde=0.4, response_rate=0.5
    ).iloc[0]
    # expected raters at n = 400: 400 · 0.2 · 0.5 = 40 and 400 · 0.15 · 0.5 = 30
    assert (comp["n_group1"], comp["n_group2"]) == (pytest.approx(40), pytest.approx(30))
    d = TTestIndPower().solve_power(nobs1=40, ratio=30 / 40, alpha=0.05, power=0.8)
    assert comp["mde_two_largest"] == pytest.approx(d, rel=1e-4)
    # all 3 pairs at α/3 (Bonferroni, Holm's first step)
    n_pair = TTestIndPower().solve_power(effect_size=0.4, alpha=0.05 / 3, power=0.8)
    assert comp["n_per_group_pairwise"] == pytest.approx(n_pair, rel=1e-4)
    # F-test for means (-0.2, 0.2, 0): f = sqrt((0.04 + 0.04 + 0)/3) = 0.1633
    f = np.sqrt(0.08 / 3)
    n_total_f = FTestAnovaPower().solve_power(effect_size=f, alpha=0.05, power=0.8, k_groups=3)
    assert comp["n_per_group_anova"] == pytest.approx(n_total_f / 3, rel=1e-3)
    # the 3rd group is 10 % of respondents and half have contact
    assert comp["n_total_pairwise"] == pytest.approx(n_pair / 0.05, rel=1e-4)
    assert comp["quarters_pairwise"] == pytest.approx(n_pair / 0.05 / 400, rel=1e-4)
    assert comp["n_gross_pairwise"] == pytest.approx(n_pair / 0.05 / 0.5, rel=1e-4)


def test_views_and_key_figures(wave):
    respondents, ratings = wave
    design = pw.design_parameters_report(respondents, ratings, target_group="asielzoekers")
    rec = pw.recommended_design(design, 0.3, response_rate=0.5)
    plan = pw.measurement_plan_from_wave(design, 200, subgroups={"nationaliteit": 0.15})
    sizes = pt.subgroup_sizes(respondents, "nationaliteit", target_group="asielzoekers")
    comp = pw.subgroup_comparison_plan(sizes, design, n_total=200, k=4, target_mde=0.3)
    view = pt.design_view(design)
    assert view["organisation"].tolist() == ["IND", "DT&V"]
    assert set(view.columns) <= set(pt.DESIGN_COLUMNS_NL)
    assert "bepalend" in pt.recommended_view(rec).columns
    pv = pt.plan_view(plan, {"nationaliteit": "één nationaliteit"})
    assert len(pv) == 2 * 2 * 3 and "MDE jaar op jaar" in pv.columns
    assert "één nationaliteit" in set(pv["Groep"])
    text = pt.subgroup_answer_nl(comp)
    assert "Syrië" in text and "te klein" in text
    assert "bepalend" in pt.recommendation_nl(rec, 0.3)
    kf = pr.power_key_figures(design, rec, plan, comp, wave="2017-Q2")
    assert kf["wave"] == "2017-Q2"
    assert kf["n_per_group_IND"] == pytest.approx(rec["n_net"].iloc[0])
    assert kf["binding_organisation"] in {"IND", "DTV"}
    assert kf["subgroup_groups"] == ["Syrië", "Eritrea", "Iran"]  # Irak protects Turkije
    assert kf["subgroup_n_largest"] == pytest.approx(200 * 20 / 60)
    assert "planner_mde_IND_4q_year_on_year" in kf


# ------------------------------------------------------------------ a large wave (issue 10)
#
# A wave of 21,000 raters in 30 reception centres has clusters of 700: its design effect
# 1 + 699 · 0.05 = 35.95 belongs to those clusters, not to a quarterly sample of a few hundred
# from the same centres. Planning with it made notebook 04 fail on a 20,000 + 20,000 wave.


@pytest.fixture
def large_wave_design():
    return pd.DataFrame(
        {
            "organisation": ["IND", "DTV"],
            "sd": [1.0, 1.0],
            "icc": [0.05, np.nan],
            "mean_cluster_size_weighted": [700.0, np.nan],
            "n_clusters_effective": [30.0, np.nan],
            "n_rated": [21000, 10500],
            "contact_share": [1.0, 0.5],
            "deff_weighting": [1.0, 1.1],
            "deff_clustering": [1.0 + 699 * 0.05, 1.0],
            "deff": [1.0 + 699 * 0.05, 1.1],
        }
    )


def test_recommended_design_of_a_large_wave_keeps_its_centres(large_wave_design):
    rec = pw.recommended_design(large_wave_design, 0.25, response_rate=0.4)
    rec = rec.set_index("organisation")
    n_eff = TTestIndPower().solve_power(effect_size=0.25, alpha=0.05, power=0.8)  # 252.13
    # fewer respondents than the wave needed: the 30 centres with fewer each. Closed form of
    # n / (1 + (n/30 - 1) 0.05) = n_eff: n = n_eff (1 - ρ) / (1 - n_eff ρ / k) = 413.1
    expected = n_eff * 0.95 / (1 - n_eff * 0.05 / 30)
    assert rec.loc["IND", "n_net"] == pytest.approx(expected, rel=1e-6)
    assert rec.loc["IND", "n_net"] < 1000  # not n_eff · 35.95 = 9064
    # substitution: the design effect at that n is that of clusters of n / 30
    assert rec.loc["IND", "deff_at_n"] == pytest.approx(1 + (expected / 30 - 1) * 0.05, rel=1e-6)
    np.testing.assert_allclose(
        np.diag(pw.planned_deff(large_wave_design, rec["n_net"])), rec["deff_at_n"], rtol=1e-9
    )
    # without clustering the wave's (weighting) design effect applies as before
    assert rec.loc["DTV", "n_net"] == pytest.approx(n_eff * 1.1, rel=1e-6)
    # so DTV (277 net, half with contact: 555 respondents) and not IND (413) is binding
    assert rec["binding"].tolist() == [False, True]


def test_subgroup_comparison_of_a_large_wave_uses_the_clusters_of_n_total(large_wave_design):
    sizes = pd.DataFrame(
        {
            "group": ["A", "B", "C", "D"],
            "n": [6300, 4200, 2100, 1050],
            "share": [0.3, 0.2, 0.1, 0.05],
            "rank": [1.0, 2, 3, 4],
        }
    )
    comp = pw.subgroup_comparison_plan(sizes, large_wave_design, n_total=200, k=4)
    ind = comp.set_index("organisation").loc["IND"]
    # 200 raters in the 30 centres: 6.67 each (700 · 200 / 21000); group B (20 %) has 1.33
    # per centre, deff 1 + 0.33 · 0.05; the 4th group (5 %) fewer than one: deff 1
    deff_b = 1 + (700 * 200 / 21000 * 0.2 - 1) * 0.05
    d = TTestIndPower().solve_power(nobs1=60 / deff_b, ratio=40 / 60, alpha=0.05, power=0.8)
    assert ind["mde_two_largest"] == pytest.approx(d, rel=1e-4)
    assert ind["deff"] == pytest.approx(1.0)
    n_pair = TTestIndPower().solve_power(effect_size=0.25, alpha=0.05 / 6, power=0.8)
    assert ind["n_per_group_pairwise"] == pytest.approx(n_pair, rel=1e-4)


def test_power_report_chain_runs_on_a_wave_with_large_clusters():
    """Notebook 04's calls on a wave of 8 centres x 250 asylum seekers (clusters of 250)."""
    from helpers.report import _power_plots as pp

    rng = np.random.default_rng(10)
    k, m = 8, 250
    n = k * m
    azc = np.repeat([f"azc{i}" for i in range(k)], m)
    ids = [f"a{i}" for i in range(n)]
    respondents = pd.DataFrame(
        {"respondent_id": ids, "target_group": "asielzoekers", "weight": 1.0, "azc": azc}
    )
    centre = np.repeat(np.linspace(-0.2, 0.2, k), m)
    ratings = pd.concat(
        [
            pd.DataFrame(
                {
                    "respondent_id": ids,
                    "organisation": org,
                    "value": np.clip(np.round(3.5 + effect * centre + rng.normal(0, 1, n)), 1, 5),
                }
            )
            for org, effect in (("IND", 0.0), ("COA", 1.0))
        ],
        ignore_index=True,
    ).assign(target_group="asielzoekers", item="totaaloordeel", dont_know=False)
    design = pw.design_parameters_report(respondents, ratings, target_group="asielzoekers")
    coa = design.set_index("organisation").loc["COA"]
    assert coa["deff"] > 4  # the wave's clusters of 250 make a large design effect
    rec = pw.recommended_design(design, 0.4, response_rate=0.4).set_index("organisation")
    # the wave is large enough: its centres, fewer respondents each
    assert rec.loc["COA", "n_net"] == pytest.approx(rec.loc["COA", "n_net_fixed_clusters"])
    assert rec.loc["COA", "n_net"] < rec.loc["COA", "n_effective_needed"] * coa["deff"]
    binding = rec.loc[rec["binding"]].iloc[0]
    # the notebook's charts: the power curve with the binding wave's design effect (failed with
    # "n too small" when deff > 3.3: its axis started at n = 5) and the MDE per organisation
    fig = pp.plot_power_curve([0.25], float(binding["sd"]), n_max=1500, deff=coa["deff"])
    x = fig.axes[0].get_lines()[0].get_xdata()
    assert x.min() == max(5.0, np.ceil(3 * coa["deff"] / 2))  # the first n the t-test allows
    pp.plot_mde_by_organisation(design, target_mde=0.4)
    pw.subgroup_comparison_plan(
        pd.DataFrame(
            {"group": list("AB"), "n": [1000, 1000], "share": [0.5, 0.5], "rank": [1.0, 2]}
        ),
        design,
        n_total=200,
        k=2,
    )


# ------------------------------------------------------------------ findings first (issue 14)


def test_findings_nl_states_the_numbers_it_was_given(wave):
    respondents, ratings = wave
    design = pw.design_parameters_report(respondents, ratings, target_group="asielzoekers")
    rec = pw.recommended_design(design, 0.3, response_rate=0.5)
    sizes = pt.subgroup_sizes(respondents, "nationaliteit", target_group="asielzoekers")
    comp = pw.subgroup_comparison_plan(sizes, design, n_total=200, k=3, target_mde=0.3)
    kw = dict(target_group="asielzoekers", quarterly_n=200, target_mde=0.3, alpha=0.05,
              power=0.8, response_rate=0.5)  # fmt: skip
    found = pt.findings_nl(rec, design, comp, **kw)
    worst = rec.loc[rec["mde_now"].idxmax()]
    binding = rec.loc[rec["binding"]].iloc[0]
    # the heading: the weakest organisation's detectable change and the sample it needs
    assert found["organisation"] == worst["organisation"]
    assert found["heading"].startswith("Met 60 asielzoekers per kwartaal is pas een verandering")
    assert f"{format_number(worst['mde_now'], 2)} punt" in found["heading"]
    assert format_number(binding["n_respondents"], 0) in found["heading"]
    text = " ".join(found["sentences"])
    for r in rec.itertuples():
        assert format_number(r.mde_now, 2) in text
    assert format_number(binding["n_gross"], 0) + " uitnodigingen" in text
    assert "respons van 50%" in text and "80% kans" in text and "5% kans" in text
    assert "Nationaliteiten onderling vergelijken" in text
    assert 3 <= len(found["sentences"]) <= 5
    assert reader_text_problems(found["heading"] + "\n\n" + text) == []
    # a reachable target says so; an infeasible sample says why instead of a number
    easy = pt.findings_nl(rec, design, comp, **(kw | {"target_mde": 5.0}))
    assert "pas" not in easy["heading"] and "haalbaar" in easy["heading"]
    stuck = rec.assign(n_gross=np.inf, n_respondents=np.inf)
    text = " ".join(pt.findings_nl(stuck, design, comp, **kw)["sentences"])
    assert "niet aan te tonen" in text and "inf" not in text
    # no subgroups (chain partners have no nationality): said in words, no numbers invented
    empty = pw.subgroup_comparison_plan(sizes.iloc[0:0], pd.DataFrame({"sd": []}))
    text = " ".join(pt.findings_nl(rec, design, empty, **kw)["sentences"])
    assert "niet te zeggen" in text


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory):
    """The power report of the first demo wave, both target groups (few simulations)."""
    from helpers.data import clean_wave
    from helpers.paths import RAW_DIR, list_waves

    wave = list_waves(RAW_DIR)[0]
    processed = tmp_path_factory.mktemp("power") / "processed"
    clean_wave(RAW_DIR / wave, processed / wave)
    return {
        tg: pr.build(wave, tg, processed_root=processed, simulation_samples=5)
        for tg in ("asielzoekers", "ketenpartners")
    }


def _rendered(section, report) -> str:
    """What a section shows (Markdown, HTML and styled tables), as one string."""
    from unittest import mock

    shown = []
    with mock.patch("IPython.display.display", lambda obj: shown.append(obj)):
        section(report)
    out = []
    for obj in shown:
        if hasattr(obj, "_repr_markdown_") and obj._repr_markdown_():
            out.append(obj._repr_markdown_())
        else:
            out.append(obj._repr_html_())
    return "\n\n".join(out)


def test_findings_open_the_report_with_the_reports_own_numbers(demo_reports):
    report = demo_reports["asielzoekers"]
    kf = pr.key_figures(report)
    shown = _rendered(pr.findings_section, report)
    heading, *paragraphs = shown.split("\n\n")
    assert heading == "## " + kf["headline"]
    org = kf["headline_organisation"]
    assert (
        kf["headline_mde"]
        == kf[f"mde_now_{org}"]
        == max(kf[f"mde_now_{o}"] for o in ("IND", "COA", "DTV", "keten"))
    )
    assert f"Met {kf['n_respondents_now']} asielzoekers per kwartaal" in heading
    assert f"{format_number(kf['headline_mde'], 2)} punt" in heading
    text = " ".join(paragraphs)
    # the change detectable now, per organisation, with the design effect used
    for o in ("IND", "COA", "DTV", "keten"):
        assert format_number(kf[f"mde_now_{o}"], 2) in text
    assert (
        f"designeffect {format_number(report.design.set_index('organisation').loc[org, 'deff'], 2)}"
        in text
    )  # noqa: E501
    # the recommended quarterly sample for the target change, with the invitations
    assert f"{format_number(kf['target_mde'], 2)} punt" in text
    assert f"{format_number(kf['n_respondents_needed'], 0)} asielzoekers per kwartaal" in text
    assert f"{format_number(kf['n_gross_binding'], 0)} uitnodigingen" in text
    assert f"respons van {format_number(100 * kf['response_rate'], 0)}%" in text
    # nationalities and reception centres at this size
    best = min(kf[f"subgroup_mde_two_largest_{o}"] for o in ("IND", "COA", "DTV", "keten"))
    assert f"pas een verschil van {format_number(best, 2)} punt" in text
    direct = [kf[f"centre_n_direct_{o}"] for o in ("IND", "COA", "DTV", "keten")]
    assert (
        f"{format_number(min(direct), 0)} tot {format_number(max(direct), 0)} beoordelaars" in text
    )  # noqa: E501
    assert f"{kf['centres']} locaties" in text
    # the uncertainty in words, and no identifier, file name or English in the text
    assert "80% kans" in text and "5% kans op een vals alarm" in text
    assert reader_text_problems(shown) == []
    for name in ("target_mde", "quarterly_n", "window", "power ", "mde_now", "n_gross"):
        assert name not in text


def test_every_section_renders_reader_text(demo_reports):
    for report in demo_reports.values():
        for section in (
            pr.findings_section,
            pr.design_section,
            pr.recommendation_section,
            pr.planner_section,
            pr.subgroup_section,
            pr.centre_section,
            pr.impact_power_section,
            pr.method_section,
        ):
            shown = _rendered(section, report)
            assert shown.strip(), section.__name__
            assert reader_text_problems(shown) == [], (section.__name__, shown)


def test_chain_partners_findings_skip_the_centres(demo_reports):
    report = demo_reports["ketenpartners"]
    kf = pr.key_figures(report)
    shown = _rendered(pr.findings_section, report)
    # the partners kept by cleaning in the first demo wave (the demo's straightliners vary)
    assert shown.startswith(f"## Met {kf['n_respondents_now']} ketenpartners per kwartaal")
    assert 280 <= kf["n_respondents_now"] <= 290
    assert "opvanglocatie" not in shown and "centres" not in kf
    assert "niet te zeggen" in shown  # no nationality asked of chain partners


def test_response_rate_and_population_come_from_the_wave_everywhere(demo_reports):
    report = demo_reports["asielzoekers"]
    pop = report.population
    assert (pop["response_rate"], pop["population_size"]) == (0.42, 9800.0)  # wave.yml
    params = pr.header_parameters(report)
    assert params["response_rate"] == "42% (uit de beschrijving van de meting)"
    assert params["population_size"] == "9.800 (uit de beschrijving van de meting)"
    assert report.parameters["response_rate"] == 0.0  # the setting itself is left alone
    design = _rendered(pr.design_section, report)
    assert "**42%**" in design and "9.800" in design
    assert "42%" in _rendered(pr.findings_section, report)
    # the closing settings table shows the same numbers, never "0,0" or "0"
    from helpers.report._header import HeaderContext, verantwoording_rows

    rows = dict(verantwoording_rows(HeaderContext("x", params, ["2017-Q2"], True, "v", "c")))
    assert rows["Respons"].startswith("42%") and rows["Omvang van de populatie"].startswith("9.800")


def test_the_notebook_leads_with_the_findings():
    import nbformat

    from helpers.paths import NOTEBOOKS_DIR

    nb = nbformat.read(NOTEBOOKS_DIR / "04_power_continuous_measurement.ipynb", as_version=4)
    cells = nb.cells
    assert "parameters" in cells[0].metadata.get("tags", [])
    assert cells[1].source == "from helpers.report import power as power_report"
    assert "power_report.build(" in cells[2].source and "show_header" in cells[2].source
    assert (
        cells[3].cell_type == "code" and cells[3].source == "power_report.findings_section(report)"
    )
    headings = [c.source.splitlines()[0] for c in cells if c.cell_type == "markdown"]
    assert headings == [
        "## Ontwerpparameters uit deze golf",
        "## Aanbevolen steekproefopzet per kwartaal",
        "## Power en aantoonbaar verschil",
        "## Planner voor de continumeting",
        "## Is n = 200 te klein om nationaliteiten te vergelijken?",
        "## Hoeveel beoordelaars per opvanglocatie?",
        "## Power van de impactanalyse (simulatie)",
        "## Zo is gerekend",
        "## Verantwoording",
    ]
    # every section: a heading with one sentence for the reader, then one call
    end = next(i for i, c in enumerate(cells) if c.source.startswith("## Verantwoording"))
    for i, cell in enumerate(cells[3:end], start=3):
        if cell.cell_type == "markdown":
            body = cell.source.split("\n\n", 1)[1]
            assert body.count(". ") == 0 and "\n" not in body, cell.source
            nxt = cells[i + 1]
            assert nxt.cell_type == "code" and nxt.source.count("(report") == 1, nxt.source
