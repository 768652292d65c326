"""Raking (helpers.data._weighting): a hand-computed 2x2 example, an outside library, properties.

The property tests are deterministic (the "ci" profile of tests/conftest.py); `make
test-explore` searches randomly and longer, and what it finds failing is kept as an ``@example``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers.data._weighting import RakingInfeasible, rake, weight_target_groups
from helpers.stats._design_effects import kish_deff

# 60 examples in the deterministic run, the profile's number when exploring
EXAMPLES = 60 if settings.default.derandomize else settings.default.max_examples
MARGINS = {  # the asylum seekers' margins of tests/wavefactory.py
    "status": {"afgewezen": 0.75, "vergunning_na_beroep": 0.25},
    "geslacht": {"man": 0.68, "vrouw": 0.30, "anders": 0.02},
}


def two_by_two():
    # cells (a1,b1)=40, (a1,b2)=10, (a2,b1)=20, (a2,b2)=30
    return pd.DataFrame(
        {"A": ["a1"] * 50 + ["a2"] * 50, "B": ["b1"] * 40 + ["b2"] * 10 + ["b1"] * 20 + ["b2"] * 30}
    )


def test_hand_computed_2x2():
    # Targets A 50/50 (already so in the sample), B 40/60. Raking keeps the odds ratio of the
    # table, 40*30/(10*20) = 6, so the fitted cell x = m11 solves x(10+x) / ((50-x)(40-x)) = 6,
    # i.e. x^2 - 110x + 2400 = 0, x = (110 - sqrt(12100 - 9600)) / 2 = 30. Fitted cells 30, 20,
    # 10, 40; weights = fitted / observed = 30/40, 20/10, 10/20, 40/30.
    res = rake(two_by_two(), {"A": {"a1": 0.5, "a2": 0.5}, "B": {"b1": 0.4, "b2": 0.6}})
    w = res.weights
    assert w[:40] == pytest.approx(0.75)
    assert w[40:50] == pytest.approx(2.0)
    assert w[50:70] == pytest.approx(0.5)
    assert w[70:] == pytest.approx(4 / 3)
    assert res.converged and res.trim_rounds == 0
    # Kish: sum w^2 = 40*.5625 + 10*4 + 20*.25 + 30*16/9 = 120.8333; deff = 100*120.8333/100^2
    assert res.deff == pytest.approx(1.208333, abs=1e-6)
    assert res.n_eff == pytest.approx(100 / 1.208333, abs=1e-3)
    assert res.achieved == {
        "A": pytest.approx({"a1": 0.5, "a2": 0.5}),
        "B": pytest.approx({"b1": 0.4, "b2": 0.6}),
    }


def test_against_weightipy_three_margins():
    # Reference: weightipy 0.4.2 (RIM raking), installed outside the project:
    #   pip install --target /tmp/wtp --no-deps weightipy decorator
    #   weightipy.weight(df, weightipy.scheme_from_dict({k: {c: 100*s ...}})) / mean
    df = pd.DataFrame(
        {
            "geslacht": list("mmmmmmvvvvva"),
            "leeftijd": [
                "jong",
                "jong",
                "oud",
                "oud",
                "oud",
                "midden",
                "jong",
                "midden",
                "midden",
                "oud",
                "jong",
                "midden",
            ],
            "status": [
                "afg",
                "verg",
                "afg",
                "afg",
                "verg",
                "afg",
                "afg",
                "verg",
                "afg",
                "afg",
                "verg",
                "afg",
            ],
        }
    )
    targets = {
        "geslacht": {"m": 0.55, "v": 0.40, "a": 0.05},
        "leeftijd": {"jong": 0.30, "midden": 0.45, "oud": 0.25},
        "status": {"afg": 0.8, "verg": 0.2},
    }
    expected = [
        1.389522,
        0.653767,
        0.928114,
        0.928114,
        0.436675,
        2.263808,
        1.058628,
        0.811475,
        1.724717,
        0.707097,
        0.498082,
        0.6,
    ]
    res = rake(df, targets, trim=None)
    assert res.weights == pytest.approx(expected, abs=2e-6)


def test_trimming_keeps_bounds_and_margins_when_feasible():
    rng = np.random.default_rng(7)
    n = 400
    df = pd.DataFrame(
        {
            "x": rng.choice(["p", "q", "r"], size=n, p=[0.5, 0.3, 0.2]),
            "y": rng.choice(["s", "t"], size=n, p=[0.8, 0.2]),
        }
    )
    targets = {"x": {"p": 0.3, "q": 0.3, "r": 0.4}, "y": {"s": 0.6, "t": 0.4}}
    free = rake(df, targets, trim=None)
    assert free.weights.max() > 3  # untrimmed weights exceed the bound
    res = rake(df, targets, trim=(0.3, 3.0))
    assert res.converged and res.trim_rounds >= 1
    assert res.weights.mean() == pytest.approx(1.0)
    assert res.weights.max() <= 3.0 + 1e-6 and res.weights.min() >= 0.3 - 1e-6
    for var, shares in targets.items():
        assert res.achieved[var] == pytest.approx(shares, abs=1e-6)
    assert res.deff < free.deff


def test_infeasible_bounds_keep_bounds_and_warn():
    df = pd.DataFrame({"g": ["m"] * 95 + ["v"] * 5})
    res = rake(df, {"g": {"m": 0.5, "v": 0.5}}, trim=(0.5, 2.0))
    assert not res.converged
    assert any("cannot both hold" in w.message for w in res.warnings)
    w = res.weights
    assert w.max() <= 2.0 + 1e-9 and w.min() >= 0.5 - 1e-9


def test_missing_values_and_categories_without_target():
    df = pd.DataFrame({"g": ["m", "m", "m", "v", None, "x"]})
    res = rake(df, {"g": {"m": 0.5, "v": 0.5}}, trim=None)
    w = res.weights
    # the respondents with a missing value and an untargeted category are not adjusted: their
    # weight stays the base weight relative to the others
    assert res.achieved["g"] == pytest.approx({"m": 0.5, "v": 0.5})
    assert w[4] == pytest.approx(w[5])
    assert any("without a value" in m.message for m in res.notes)
    assert any("without a target" in m.message for m in res.warnings)


def test_target_category_without_respondents_is_renormalised():
    df = pd.DataFrame({"g": ["m", "m", "v"]})
    res = rake(df, {"g": {"m": 0.5, "v": 0.3, "a": 0.2}}, trim=None)
    assert res.achieved["g"] == pytest.approx({"m": 0.625, "v": 0.375, "a": 0.0})
    assert any("no respondents in ['a']" in m.message for m in res.warnings)


def test_kish_formulas():
    w = np.array([0.5, 1.0, 1.5, 3.0])
    cv2 = w.var() / w.mean() ** 2  # population variance: deff = 1 + CV^2
    assert kish_deff(w) == pytest.approx(1 + cv2)
    assert kish_deff(np.ones(10)) == 1.0


def test_weight_target_groups_per_group():
    df = pd.DataFrame(
        {"target_group": ["a"] * 4 + ["b"] * 3, "x": ["p", "p", "p", "q", "p", "q", "q"]}
    )
    w, summary = weight_target_groups(df, {"a": {"x": {"p": 0.5, "q": 0.5}}})
    assert w[:4].mean() == pytest.approx(1.0) and (w[4:] == 1.0).all()
    assert summary["a"]["method"] == "raking" and summary["b"]["method"] == "unweighted"
    assert summary["a"]["margins_achieved"]["x"] == pytest.approx({"p": 0.5, "q": 0.5})


@settings(max_examples=EXAMPLES)
@given(
    n=st.integers(20, 200),
    seed=st.integers(0, 10_000),
    k1=st.integers(2, 4),
    k2=st.integers(2, 3),
)
def test_weighted_margins_equal_targets(n, seed, k1, k2):
    rng = np.random.default_rng(seed)
    cats1 = [f"c{i}" for i in range(k1)]
    cats2 = [f"d{i}" for i in range(k2)]
    # every cell of the cross table occupied: then any positive targets can be reached
    cells = [(a, b) for a in cats1 for b in cats2]
    rest = n - len(cells)
    x = np.concatenate([[a for a, _ in cells], rng.choice(cats1, size=rest)])
    y = np.concatenate([[b for _, b in cells], rng.choice(cats2, size=rest)])
    df = pd.DataFrame({"x": x, "y": y})
    t1 = rng.dirichlet(np.full(k1, 5.0))
    t2 = rng.dirichlet(np.full(k2, 5.0))
    targets = {"x": dict(zip(cats1, t1, strict=True)), "y": dict(zip(cats2, t2, strict=True))}
    res = rake(df, targets, trim=None, max_iter=5000, tol=1e-10)
    assert res.converged
    assert res.weights.mean() == pytest.approx(1.0)
    for var, shares in targets.items():
        got = pd.Series(res.weights).groupby(df[var].to_numpy()).sum() / res.weights.sum()
        assert got.to_dict() == pytest.approx(shares, abs=1e-8)
    assert res.n_eff <= n + 1e-9 and res.deff >= 1 - 1e-12


def test_margins_that_positive_weights_cannot_reach_are_infeasible():
    # The 3 asylum seekers of the 3 + 1 wave (tests/data/test_clean.py): the one "afgewezen" is a
    # "vrouw", so afgewezen (75 %) can weigh at most what vrouw (30 / 98 %) weighs; IPF drives
    # the weight of the other "vrouw" to 0 and never meets the margins.
    df = pd.DataFrame(
        {
            "status": ["vergunning_na_beroep", "afgewezen", "vergunning_na_beroep"],
            "geslacht": ["vrouw", "vrouw", "man"],
        }
    )
    with pytest.raises(RakingInfeasible, match="cannot reproduce the margins"):
        rake(df, MARGINS)
    # two respondents, one per cell of a diagonal: IPF oscillates without a weight going to 0
    df2 = pd.DataFrame({"a": ["x", "y"], "b": ["s", "t"]})
    with pytest.raises(RakingInfeasible):
        rake(df2, {"a": {"x": 0.5, "y": 0.5}, "b": {"s": 0.3, "t": 0.7}}, trim=None)


@settings(max_examples=EXAMPLES)
@given(
    n=st.integers(1, 8),
    status=st.lists(st.sampled_from([*MARGINS["status"], None]), min_size=8, max_size=8),
    geslacht=st.lists(st.sampled_from([*MARGINS["geslacht"], None]), min_size=8, max_size=8),
)
@example(  # the 3 asylum seekers of the 3 + 1 wave
    n=3,
    status=["vergunning_na_beroep", "afgewezen", "vergunning_na_beroep"] + [None] * 5,
    geslacht=["vrouw", "vrouw", "man"] + [None] * 5,
)
def test_any_small_group_gets_finite_positive_weights(n, status, geslacht):
    df = pd.DataFrame(
        {"target_group": "asielzoekers", "status": status[:n], "geslacht": geslacht[:n]}
    )
    w, summary = weight_target_groups(df, {"asielzoekers": MARGINS})
    s = summary["asielzoekers"]
    assert np.isfinite(w).all() and (w > 0).all() and w.mean() == pytest.approx(1.0)
    assert s["method"] in ("raking", "unweighted")
    if s["method"] == "unweighted":
        assert s["reason_code"] == "too_small" and (w == 1.0).all()
        assert [x["code"] for x in s["warnings"]] == ["weighting_too_small"]
    else:
        assert s["deff"] >= 1 - 1e-12
