"""Design-based estimates against R's survey package (R 4.2.2, survey 4.1.1).

Every expected number was printed by ``tests/stats/data/make_reference.R`` (which also wrote the
CSV fixtures: R's ``apiclus1`` and ``apistrat`` and a demo-like wave clustered in 24 reception
centres); the R call is recorded beside each. Point estimates must agree to 1e-6 (relative)
and standard errors to 1e-4 (relative).
"""

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.stats import (
    SurveyDesign,
    change_test,
    holm,
    indicative,
    korn_graubard_interval,
    nps_adjusted_wald_interval,
    survey_estimate,
)

DATA = Path(__file__).parent / "data"
EST = {"rtol": 1e-6, "atol": 0}
SE = {"rtol": 1e-4, "atol": 0}


@pytest.fixture(scope="module")
def clus1():
    # R: dclus1 <- svydesign(id=~dnum, weights=~pw, data=apiclus1, fpc=~fpc)
    d = pd.read_csv(DATA / "api_clus1.csv")
    return d, SurveyDesign.from_frame(d, weights="pw", cluster="dnum", population_size="fpc")


@pytest.fixture(scope="module")
def strat():
    # R: dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat, fpc=~fpc)
    d = pd.read_csv(DATA / "api_strat.csv")
    return d, SurveyDesign.from_frame(d, weights="pw", strata="stype", population_size="fpc")


@pytest.fixture(scope="module")
def demo():
    # R: ddemo <- svydesign(id=~azc, weights=~weight, data=demo)
    d = pd.read_csv(DATA / "demo_survey.csv")
    return d, SurveyDesign.from_frame(d, weights="weight", cluster="azc")


def _row(est):
    assert len(est.table) == 1
    return est.table.iloc[0]


# ------------------------------------------------------------------------------------------
# apiclus1: one-stage cluster sample (15 districts) with FPC
# ------------------------------------------------------------------------------------------


def test_clus1_mean(clus1):
    d, design = clus1
    r = _row(survey_estimate(d["api00"], design))
    # m <- svymean(~api00, dclus1, deff="replace"); coef(m); SE(m); deff(m)
    np.testing.assert_allclose(r.estimate, 644.169398907104, **EST)
    np.testing.assert_allclose(r.se, 23.542240693781, **SE)
    np.testing.assert_allclose(r.deff, 9.06974836245306, **SE)
    assert r.df == 14  # degf(dclus1)
    assert r.n == 183
    np.testing.assert_allclose(r.n_eff, 183 / 9.06974836245306, **SE)
    # confint(m, df=degf(dclus1))
    np.testing.assert_allclose([r.ci_low, r.ci_high], [593.676314463326, 694.662483350882], **EST)


def test_clus1_share_is_korn_graubard(clus1):
    d, design = clus1
    r = _row(survey_estimate(d["api00"], design, "share", threshold=700))
    # cp <- svyciprop(~I(api00 >= 700), dclus1, method="beta"); coef(cp); SE(cp); attr(cp,"ci")
    np.testing.assert_allclose(r.estimate, 100 * 0.344262295081967, **EST)
    np.testing.assert_allclose(r.se, 100 * 0.0813078263158482, **SE)
    np.testing.assert_allclose(
        [r.ci_low, r.ci_high], [100 * 0.178680871032440, 100 * 0.543115422848153], **SE
    )


def test_clus1_domains_covariance_and_contrasts(clus1):
    d, design = clus1
    est = survey_estimate(d["api00"], design, by=d["stype"])
    t = est.table
    assert t["stype"].tolist() == ["E", "H", "M"]
    # b <- svyby(~api00, ~stype, dclus1, svymean, covmat=TRUE, deff="replace")
    np.testing.assert_allclose(t.estimate, [648.868055555556, 618.571428571429, 631.44], **EST)
    np.testing.assert_allclose(t.se, [22.3624088938319, 38.0202493594075, 31.6094652272455], **SE)
    np.testing.assert_allclose(t.deff, [6.38916073975020, 2.16242602115655, 2.09996791058015], **SE)
    # vcov(b)
    np.testing.assert_allclose(
        est.covariance,
        [
            [500.077331534932, 521.979779636953, 646.837432379581],
            [521.979779636953, 1445.539361351529, 658.330933383657],
            [646.837432379581, 658.330933383657, 999.158291952444],
        ],
        **SE,
    )
    # degf(subset(dclus1, stype == "E")), "H", "M"
    assert t.df.tolist() == [14, 7, 11]
    diff = est.differences()
    # svycontrast(b, c(1,-1,0)) etc.; p = 2*pt(-abs(d/se), degf(dclus1)); p.adjust(p, "holm")
    assert list(zip(diff.group_a, diff.group_b, strict=True)) == [
        ("E", "H"),
        ("E", "M"),
        ("H", "M"),
    ]
    np.testing.assert_allclose(
        diff.difference, [30.2966269841270, 17.4280555555555, -12.8685714285715], **EST
    )
    np.testing.assert_allclose(
        diff.se, [30.0276061918454, 14.3373902342168, 33.5862440075793], **SE
    )
    np.testing.assert_allclose(
        diff.p, [0.330115329053402, 0.244251162379977, 0.707363431350230], **SE
    )
    np.testing.assert_allclose(diff.p_holm, [0.73275348713993] * 3, **SE)
    assert (diff.df == 14).all()


def test_clus1_domain_shares_are_korn_graubard(clus1):
    d, design = clus1
    t = survey_estimate(d["api00"], design, "share", threshold=700, by=d["stype"]).table
    # svyby(~I(api00 >= 700), ~stype, dclus1, svyciprop, method="beta", vartype=c("se","ci"))
    np.testing.assert_allclose(
        t.estimate, [36.8055555555556, 28.5714285714286, 24.0000000000000], **EST
    )
    np.testing.assert_allclose(t.se, [8.0041780276757, 16.9262283088826, 11.6404796371240], **SE)
    np.testing.assert_allclose(
        t.ci_low, [20.25214888110705, 2.75392635526783, 4.93789993195101], **SE
    )
    np.testing.assert_allclose(
        t.ci_high, [55.9972763527193, 74.3761195530053, 56.4303222736889], **SE
    )


# ------------------------------------------------------------------------------------------
# apistrat: stratified element sample with FPC; domains cut across strata
# ------------------------------------------------------------------------------------------


def test_strat_mean_and_domains(strat):
    d, design = strat
    r = _row(survey_estimate(d["api00"], design))
    # m <- svymean(~api00, dstrat, deff="replace"); degf(dstrat)
    np.testing.assert_allclose(r.estimate, 662.287363159321, **EST)
    np.testing.assert_allclose(r.se, 9.40894080278458, **SE)
    np.testing.assert_allclose(r.deff, 1.16556617145353, **SE)
    assert r.df == 197
    est = survey_estimate(d["api00"], design, by=d["awards"])
    t = est.table
    # b <- svyby(~api00, ~awards, dstrat, svymean, covmat=TRUE, deff="replace"); vcov(b)
    np.testing.assert_allclose(t.estimate, [633.734911659413, 678.422405614438], **EST)
    np.testing.assert_allclose(t.se, [15.3347709760450, 11.8566309874443], **SE)
    np.testing.assert_allclose(t.deff, [1.30565346848417, 1.11020426433015], **SE)
    np.testing.assert_allclose(
        est.covariance,
        [[235.15520088775233, -0.29159765960285], [-0.29159765960285, 140.57969837242379]],
        **SE,
    )
    assert t.df.tolist() == [84, 110]  # degf(subset(dstrat, awards == "No")), "Yes"
    diff = est.differences().iloc[0]
    # svycontrast(b, c(1, -1)); 2*pt(-abs(d/se), degf(dstrat))
    np.testing.assert_allclose(diff.difference, -44.687493955025, **EST)
    np.testing.assert_allclose(diff.se, 19.3989199333206, **SE)
    np.testing.assert_allclose([diff.p, diff.p_holm], [0.0222881615498876] * 2, **SE)


# ------------------------------------------------------------------------------------------
# the demo-like wave: 355 respondents in 24 AZCs, no FPC
# ------------------------------------------------------------------------------------------


def test_demo_mean_share_nps(demo):
    d, design = demo
    r = _row(survey_estimate(d["item"], design))
    # m <- svymean(~item, ddemo, deff="replace"); confint(m, df=degf(ddemo))
    np.testing.assert_allclose(r.estimate, 3.36934150443655, **EST)
    np.testing.assert_allclose(r.se, 0.139818036950962, **SE)
    np.testing.assert_allclose(r.deff, 6.10434928889506, **SE)
    np.testing.assert_allclose([r.ci_low, r.ci_high], [3.08010585822409, 3.65857715064901], **SE)
    assert (r.n, r.df) == (355, 23)

    r = _row(survey_estimate(d["item"], design, "share"))
    # cp <- svyciprop(~I(item >= 4), ddemo, method="beta"); coef, SE, attr(cp, "ci");
    # deff(svymean(~I(item >= 4), ddemo, deff="replace"))
    np.testing.assert_allclose(r.estimate, 100 * 0.458399680742195, **EST)
    np.testing.assert_allclose(r.se, 100 * 0.0598731072732467, **SE)
    np.testing.assert_allclose(
        [r.ci_low, r.ci_high], [100 * 0.331720302543794, 100 * 0.589145622738391], **SE
    )
    np.testing.assert_allclose(r.deff, 5.11144437577171, **SE)

    r = _row(survey_estimate(d["nps"], design, "nps"))
    # score = 100 * ((nps >= 9) - (nps <= 6)); m <- svymean(~score, ddemo, deff="replace")
    np.testing.assert_allclose(r.estimate, -12.8232320638094, **EST)
    np.testing.assert_allclose(r.se, 8.8837302260915, **SE)
    np.testing.assert_allclose(r.deff, 4.20329547933027, **SE)
    # adjusted Wald in R arithmetic (make_reference.R): pd <- coef(svymean(~prom + det, ddemo));
    # v <- (SE(m)/100)^2; ns <- min((pd[1]+pd[2]-(pd[1]-pd[2])^2)/v, nrow(demo));
    # ap <- (ns*pd[1]+.75)/(ns+3); ad <- (ns*pd[2]+.75)/(ns+3);
    # 100*(ap-ad -+ qt(.975, degf(ddemo))*sqrt((ap+ad-(ap-ad)^2)/(ns+3)))
    np.testing.assert_allclose([r.ci_low, r.ci_high], [-30.37108483920212, 5.60675458780646], **SE)


def test_missing_answers_are_left_out_as_a_domain(demo):
    d, design = demo
    r = _row(survey_estimate(d["item_na"], design))
    # svymean(~item_na, ddemo, na.rm=TRUE, deff="replace");
    # degf(subset(ddemo, !is.na(item_na)))
    np.testing.assert_allclose(r.estimate, 3.36584577654149, **EST)
    np.testing.assert_allclose(r.se, 0.148424502499058, **SE)
    np.testing.assert_allclose(r.deff, 6.15615773754876, **SE)
    assert (r.n, r.df) == (int(d["item_na"].notna().sum()), 23)


def test_demo_subgroups_share_clusters(demo):
    d, design = demo
    est = survey_estimate(d["item"], design, by=d["status"])
    t = est.table
    # b <- svyby(~item, ~status, ddemo, svymean, covmat=TRUE, deff="replace"); vcov(b)
    np.testing.assert_allclose(
        t.estimate, [3.39186873730173, 2.94023271205968, 3.61658980116015], **EST
    )
    np.testing.assert_allclose(
        t.se, [0.146490492655774, 0.198181578984550, 0.157664039483883], **SE
    )
    np.testing.assert_allclose(t.deff, [3.61167155596267, 2.22202048731657, 2.57044879264637], **SE)
    np.testing.assert_allclose(
        est.covariance[0, 1:], [0.0153731349724329, 0.0128522654173567], **SE
    )
    assert t.df.tolist() == [23, 20, 23]  # degf(subset(ddemo, status == ...))
    diff = est.differences()
    # svycontrast(b, ...); 2*pt(-abs(d/se), degf(ddemo)); p.adjust(p, "holm")
    np.testing.assert_allclose(
        diff.difference, [0.451636025242053, -0.224721063858416, -0.676357089100469], **EST
    )
    np.testing.assert_allclose(
        diff.se, [0.173173706845107, 0.143571873813060, 0.159552660583348], **SE
    )
    np.testing.assert_allclose(
        diff.p, [0.015725768154062257, 0.131188303069295187, 0.000310293733799855], **SE
    )
    np.testing.assert_allclose(
        diff.p_holm, [0.031451536308124514, 0.131188303069295187, 0.000930881201399564], **SE
    )
    # ignoring the covariance would make the asiel-nareis SE clearly wider
    v = est.covariance
    assert np.sqrt(v[0, 0] + v[1, 1]) > 1.3 * diff.se.iloc[0]


def test_demo_subgroup_shares_and_nps(demo):
    d, design = demo
    t = survey_estimate(d["item"], design, "share", by=d["status"]).table
    # svyby(~I(item >= 4), ~status, ddemo, svyciprop, method="beta", vartype=c("se","ci"))
    np.testing.assert_allclose(
        t.estimate, [47.9865304321122, 28.4552048350942, 53.6410144968558], **EST
    )
    np.testing.assert_allclose(t.se, [6.59651398583210, 7.85874331742415, 7.82935004907695], **SE)
    np.testing.assert_allclose(
        t.ci_low, [33.9529574729473, 13.6032694239375, 36.6116532050363], **SE
    )
    np.testing.assert_allclose(
        t.ci_high, [62.2566279343712, 47.7498179618772, 70.0709697944553], **SE
    )
    est = survey_estimate(d["nps"], design, "nps", by=d["status"])
    # bn <- svyby(~score, ~status, ddemo, svymean, covmat=TRUE, deff="replace")
    np.testing.assert_allclose(
        est.table.estimate, [-10.772959583161311, -36.546061680680054, -0.599797480467092], **EST
    )
    np.testing.assert_allclose(
        est.table.se, [10.1631133073823, 11.1597069303382, 10.5435844687679], **SE
    )
    np.testing.assert_allclose(
        est.table.deff, [2.66993649062186, 1.58985649202373, 1.78701359377273], **SE
    )
    diff = est.differences()
    np.testing.assert_allclose(
        diff.se, [9.33968405825984, 10.82648772459734, 10.66625400554064], **SE
    )
    np.testing.assert_allclose(
        diff.p_holm, [0.02231719912567604, 0.35715905253478086, 0.00792940167808475], **SE
    )


def test_change_between_waves_with_fresh_clusters(demo):
    d, _ = demo
    rows = []
    for _, wave in d.groupby("wave", sort=True):
        design = SurveyDesign.from_frame(wave, weights="weight", cluster="azc")
        rows.append(_row(survey_estimate(wave["item"], design)))
    a, b = rows
    r = change_test(a.estimate, a.se, a.df, b.estimate, b.se, b.df)
    # dwaves <- svydesign(id=~azc, strata=~wave, weights=~weight, data=demo);
    # ct <- svycontrast(svyby(~item, ~wave, dwaves, svymean, covmat=TRUE), c(-1, 1));
    # 2*pt(-abs(coef(ct)/SE(ct)), degf(dwaves))
    np.testing.assert_allclose(r.difference, 0.0405088502336306, **EST)
    np.testing.assert_allclose(r.se, 0.280624831733805, **SE)
    assert r.df == 22  # degf(dwaves)
    np.testing.assert_allclose(r.p, 0.886536464520514, **SE)


def test_change_test_vectorised():
    r = change_test([3.5, 3.5], [0.1, 0.1], [20, 20], [3.8, 3.5], [0.1, 0.2], [25, 25])
    np.testing.assert_allclose(r.difference, [0.3, 0.0], atol=1e-12)
    # 2*pt(-0.3/sqrt(0.02), 45)
    np.testing.assert_allclose(r.p[0], 0.0394368698100408, **SE)
    assert r.p[1] == 1.0


def test_simple_random_sample(demo):
    d, _ = demo
    r = _row(survey_estimate(d["item"], SurveyDesign.from_arrays(n=len(d))))
    # svymean(~item, svydesign(id=~1, data=demo), deff="replace"); sd(item)/sqrt(n)
    np.testing.assert_allclose(r.estimate, 3.34647887323944, **EST)
    np.testing.assert_allclose(r.se, 0.0572841695144469, **SE)
    np.testing.assert_allclose(r.deff, 1.0, **SE)
    assert (r.n_eff, r.df) == (pytest.approx(355), 354)


# ------------------------------------------------------------------------------------------
# small bases and the interval rules
# ------------------------------------------------------------------------------------------


def test_twelve_promoters_do_not_give_a_collapsed_interval():
    design = SurveyDesign.from_arrays(np.ones(12))
    r = _row(survey_estimate(np.full(12, 10.0), design, "nps"))
    assert r.estimate == 100 and r.se == 0
    assert np.isnan(r.deff)  # no variance: the design effect is undefined
    assert r.n_eff == 12  # Kish's n_eff of equal weights
    # 100*(0.8 - qt(0.975, 11)*sqrt(0.26/15)): adjusted shares (12.75/15, 0.75/15)
    np.testing.assert_allclose(r.ci_low, 51.0226838661073, **SE)
    assert r.ci_high == 100
    share = _row(survey_estimate(np.full(12, 5.0), design, "share"))
    # Clopper-Pearson for 12 of 12: qbeta(0.025, 12, 1)
    np.testing.assert_allclose(share.ci_low, 100 * 0.735351530602949, **SE)
    assert share.ci_high == 100


def test_korn_graubard_effective_n_is_truncated_at_n():
    # deff far below 1 (var tiny): n* is set to n = 50, df = n - 1: plain Clopper-Pearson,
    # c(qbeta(0.025, 15, 36), qbeta(0.975, 16, 35))
    lo, hi = korn_graubard_interval(0.3, 1e-6, 50, 49)
    np.testing.assert_allclose([lo, hi], [0.178617845664147, 0.446082325661178], **SE)
    lo, hi = korn_graubard_interval([0.3, 0.3], [0.001, 0.001], [50, 1], [49, 0])
    assert np.isfinite(lo[0]) and np.isnan(lo[1]) and np.isnan(hi[1])


def test_nps_interval_shrinks_with_the_effective_n():
    lo, hi = nps_adjusted_wald_interval([0.5, 0.5], [0.2, 0.2], [0.0025, 0.01], [400, 400], 30)
    assert (hi - lo)[0] < (hi - lo)[1]  # 4x the design variance: wider
    assert np.all(lo < 0.3) and np.all(hi > 0.3)


def test_indicative_looks_at_the_effective_n(demo):
    d, design = demo
    t = survey_estimate(d["item"], design, by=d["status"]).table
    # nareis: 74 answers, but an effective n of 33 (deff 2.2); 30 is the line
    assert indicative(t.n_eff).tolist() == [False, False, False]
    assert indicative(t.n_eff, minimum=35).tolist() == [False, True, False]
    assert indicative(29.9) is True and indicative(30) is False


def test_holm_matches_r():
    # p.adjust(c(0.01, 0.04, 0.03, NA, 0.2), "holm")
    out = holm([0.01, 0.04, 0.03, np.nan, 0.2])
    np.testing.assert_allclose(out[[0, 1, 2, 4]], [0.04, 0.09, 0.09, 0.20], atol=1e-12)
    assert np.isnan(out[3])


# ------------------------------------------------------------------------------------------
# domains given as several columns, empty domains, bad input
# ------------------------------------------------------------------------------------------


def test_domains_from_several_columns(demo):
    d, design = demo
    two = survey_estimate(d["item"], design, by=d[["wave", "status"]]).table
    assert list(two.columns[:2]) == ["wave", "status"] and len(two) == 6
    key = d["wave"] + "|" + d["status"]
    one = survey_estimate(d["item"], design, by=key).table
    np.testing.assert_allclose(two.estimate, one.estimate, rtol=1e-12)
    np.testing.assert_allclose(two.se, one.se, rtol=1e-12)


def test_rows_without_a_domain_label_stay_in_the_design(demo):
    d, design = demo
    status = d["status"].where(d["status"] != "nareis")
    t = survey_estimate(d["item"], design, by=status).table
    assert t["status"].tolist() == ["asiel", "statushouder"]
    full = survey_estimate(d["item"], design, by=d["status"]).table
    np.testing.assert_allclose(t.se, full.se.iloc[[0, 2]], rtol=1e-12)


def test_domain_without_answers_gives_nan():
    design = SurveyDesign.from_arrays(np.ones(4), cluster=["a", "a", "b", "b"])
    t = survey_estimate([4, 5, np.nan, np.nan], design, by=["x", "x", "y", "y"]).table
    assert t.n.tolist() == [2, 0]
    assert np.isnan(t.estimate.iloc[1]) and np.isnan(t.ci_low.iloc[1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": [1.0, 0.0, 1.0]}, "positive"),
        ({"weights": [1.0, np.nan, 1.0]}, "finite"),
        ({"weights": [1.0, 1.0], "cluster": ["a", "b", "c"]}, "differ in length"),
        ({"n": 3, "strata": ["s", "s", "t"]}, "single cluster"),
        ({"n": 3, "cluster": ["a", None, "b"]}, "without a cluster"),
        ({"n": 3, "population_size": [2, 2, 2]}, "smaller than"),
    ],
)
def test_bad_designs(kwargs, message):
    with pytest.raises(InputError, match=message):
        SurveyDesign.from_arrays(**kwargs)


def test_bad_estimates():
    design = SurveyDesign.from_arrays(n=3)
    with pytest.raises(InputError, match="unknown measure"):
        survey_estimate([1, 2, 3], design, "median")
    with pytest.raises(InputError, match="0 to 10"):
        survey_estimate([1, 2, 11], design, "nps")
    with pytest.raises(InputError, match="rows"):
        survey_estimate([1, 2], design)
    with pytest.raises(InputError, match="numeric"):
        survey_estimate(["a", "b", "c"], design)


def test_survey_modules_import_no_presentation_or_files():
    """The survey estimators stay numbers only: no plotting, notebooks, Dutch text or files."""
    allowed = {
        "__future__",
        "dataclasses",
        "typing",
        "numpy",
        "pandas",
        "scipy",
        "statsmodels",
        "helpers",
    }
    allowed_helpers = {"helpers.errors", "helpers.stats"}
    root = Path(__file__).parents[2] / "src" / "helpers" / "stats"
    for path in (root / "_design.py", root / "_survey.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module]
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"
                if name.startswith("helpers"):
                    assert any(name.startswith(h) for h in allowed_helpers), (path.name, name)
