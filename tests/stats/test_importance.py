"""Point estimates of helpers.stats._importance (and _importance_data) against references.

References used (each test says which):
* brute force: statsmodels WLS R² of every subset of drivers, Shapley value by its permutation
  definition (average over all p! entry orders of the R² increment);
* the closed form for two drivers, LMG_1 = (R²_12 + r1² - r2²) / 2 with
  R²_12 = (r1² + r2² - 2 r1 r2 r12) / (1 - r12²), correlations from numpy.cov(aweights=w);
* Johnson's (2000) relative weights computed from the data (SVD of the weighted standardised
  drivers, least-squares regressions on the orthogonal counterparts), not from an eigen-
  decomposition of the correlation matrix as the library does;
* pandas.DataFrame.corr for pairwise-complete correlations.
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from helpers.errors import InputError
from helpers.stats import (
    METHODS,
    ImpactWarning,
    relative_importance,
    synthetic_data,
    wide_ratings,
)
from helpers.stats import _importance_linalg as la

DRIVERS4 = ["aspect_1", "aspect_2", "aspect_3", "aspect_4"]


# ---------------------------------------------------------------------------------------------
# independent references
# ---------------------------------------------------------------------------------------------
def wls_r2(y: np.ndarray, X: np.ndarray, w: np.ndarray) -> float:
    """R² of a weighted least-squares refit with intercept (statsmodels)."""
    if X.shape[1] == 0:
        return 0.0
    return float(sm.WLS(y, sm.add_constant(X, has_constant="add"), weights=w).fit().rsquared)


def brute_force_lmg(df: pd.DataFrame, outcome: str, drivers: list[str], weights: str | None):
    """Shapley value of R² by its permutation definition over statsmodels refits."""
    d = df.dropna(subset=[outcome, *drivers])
    y = d[outcome].to_numpy(float)
    X = d[drivers].to_numpy(float)
    w = np.ones(len(d)) if weights is None else d[weights].to_numpy(float)
    p = len(drivers)
    r2 = {
        frozenset(S): wls_r2(y, X[:, list(S)], w)
        for k in range(p + 1)
        for S in itertools.combinations(range(p), k)
    }
    contrib = np.zeros(p)
    for order in itertools.permutations(range(p)):
        entered: set[int] = set()
        for j in order:
            contrib[j] += r2[frozenset(entered | {j})] - r2[frozenset(entered)]
            entered.add(j)
    return contrib / math.factorial(p), r2[frozenset(range(p))]


def johnson_from_data(df: pd.DataFrame, outcome: str, drivers: list[str], weights: str | None):
    """Johnson (2000) relative weights from the data matrix: SVD and regressions on Z."""
    d = df.dropna(subset=[outcome, *drivers])
    w = np.ones(len(d)) if weights is None else d[weights].to_numpy(float)
    w = w / w.sum()

    def standardise(a):
        m = (w[:, None] * a).sum(axis=0)
        s = np.sqrt((w[:, None] * (a - m) ** 2).sum(axis=0))
        return (a - m) / s

    A = standardise(d[drivers].to_numpy(float)) * np.sqrt(w)[:, None]
    b = standardise(d[[outcome]].to_numpy(float))[:, 0] * np.sqrt(w)
    P, _, Qt = np.linalg.svd(A, full_matrices=False)
    Z = P @ Qt  # orthonormal columns closest to A
    lam = np.linalg.lstsq(Z, A, rcond=None)[0]  # A = Z lam: lam[k, j] = coef of X_j on Z_k
    beta = np.linalg.lstsq(Z, b, rcond=None)[0]
    return (lam**2 * (beta**2)[:, None]).sum(axis=0)


def weighted_corr_reference(df, cols, weights=None):
    d = df.dropna(subset=cols)
    w = None if weights is None else d[weights].to_numpy(float)
    return (
        np.corrcoef(d[cols].to_numpy(float), rowvar=False)
        if w is None
        else _cov2corr(np.cov(d[cols].to_numpy(float), rowvar=False, aweights=w))
    )


def _cov2corr(c):
    s = np.sqrt(np.diag(c))
    return c / np.outer(s, s)


@pytest.fixture(scope="module")
def data():
    return synthetic_data(n=400, drivers=4, seed=11, missing=0.05)


# ---------------------------------------------------------------------------------------------
# LMG
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("weights", [None, "weight"])
def test_lmg_equals_brute_force_shapley_over_statsmodels_refits(data, weights):
    # expected: 16 statsmodels WLS refits, Shapley value over all 24 entry orders
    expected, r2 = brute_force_lmg(data, "totaaloordeel", DRIVERS4, weights)
    res = relative_importance(data, "totaaloordeel", DRIVERS4, weights, methods="lmg")
    np.testing.assert_allclose(res.table["lmg"].to_numpy(), expected, rtol=0, atol=1e-10)
    assert res.r2 == pytest.approx(r2, abs=1e-12)
    assert res.n == len(data.dropna(subset=["totaaloordeel", *DRIVERS4]))


def test_lmg_five_drivers_brute_force():
    df = synthetic_data(n=250, drivers=5, seed=5)
    drivers = [f"aspect_{i}" for i in range(1, 6)]
    expected, _ = brute_force_lmg(df, "totaaloordeel", drivers, "weight")
    res = relative_importance(df, "totaaloordeel", drivers, "weight", methods="lmg")
    np.testing.assert_allclose(res.table["lmg"].to_numpy(), expected, atol=1e-10)


def test_two_driver_closed_form(data):
    # expected: correlations from numpy.cov(aweights=weight), closed-form LMG of two drivers
    cols = ["aspect_1", "aspect_2", "totaaloordeel"]
    C = weighted_corr_reference(data, cols, "weight")
    r1, r2_, r12 = C[0, 2], C[1, 2], C[0, 1]
    R2 = (r1**2 + r2_**2 - 2 * r1 * r2_ * r12) / (1 - r12**2)
    res = relative_importance(data, "totaaloordeel", cols[:2], "weight", methods="lmg")
    assert res.r2 == pytest.approx(R2, abs=1e-12)
    assert res.table.loc["aspect_1", "lmg"] == pytest.approx((R2 + r1**2 - r2_**2) / 2, abs=1e-12)
    assert res.table.loc["aspect_2", "lmg"] == pytest.approx((R2 - r1**2 + r2_**2) / 2, abs=1e-12)


def test_single_driver_lmg_is_r2_is_squared_correlation(data):
    res = relative_importance(data, "totaaloordeel", ["aspect_3"], "weight")
    r = weighted_corr_reference(data, ["aspect_3", "totaaloordeel"], "weight")[0, 1]
    for m in ("lmg", "rw", "pratt"):
        assert res.table.loc["aspect_3", m] == pytest.approx(r**2, abs=1e-12)
    assert res.table.loc["aspect_3", "beta"] == pytest.approx(r, abs=1e-12)


@pytest.mark.parametrize("p", range(1, 13))
def test_symmetric_chains_cover_every_subset_once(p):
    seen = []
    for order, start in la.symmetric_chains(p):
        assert sorted(order) == sorted(set(order))
        for k in range(start, len(order) + 1):
            seen.append(sum(1 << v for v in order[:k]))
    assert sorted(seen) == list(range(1 << p))
    assert len(la.symmetric_chains(p)) == math.comb(p, p // 2)


def test_subset_r2_matches_direct_solves():
    # expected: r_S' R_SS^{-1} r_S by numpy.linalg.solve for every subset separately
    rng = np.random.default_rng(3)
    A = rng.normal(size=(60, 8))
    A[:, 1:] += A[:, :1]
    R = np.corrcoef(A, rowvar=False)
    p = 7
    got = la.subset_r2(R[None])[0]
    for mask in range(1, 1 << p):
        S = [j for j in range(p) if mask >> j & 1]
        r = R[S, p]
        assert got[mask] == pytest.approx(r @ np.linalg.solve(R[np.ix_(S, S)], r), abs=1e-12)


def test_many_drivers_lmg_sums_to_r2_in_blocks():
    # 13 drivers: several memory blocks in subset_r2; sum property and closeness to rw
    df = synthetic_data(n=600, drivers=13, seed=2)
    drivers = [f"aspect_{i}" for i in range(1, 14)]
    res = relative_importance(df, "totaaloordeel", drivers, "weight", methods="lmg,rw")
    assert res.table["lmg"].sum() == pytest.approx(res.r2, abs=1e-12)
    assert np.abs(res.table["lmg"] - res.table["rw"]).max() < 0.01


# ---------------------------------------------------------------------------------------------
# other measures
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("weights", [None, "weight"])
def test_relative_weights_match_johnson_from_data(data, weights):
    expected = johnson_from_data(data, "totaaloordeel", DRIVERS4, weights)
    res = relative_importance(data, "totaaloordeel", DRIVERS4, weights, methods="rw")
    np.testing.assert_allclose(res.table["rw"].to_numpy(), expected, atol=1e-12)
    assert res.table["rw"].sum() == pytest.approx(res.r2, abs=1e-12)


def test_beta_corr_pratt_against_statsmodels(data):
    # expected: WLS coefficients rescaled by weighted sd_x / sd_y; correlations by numpy.cov
    d = data.dropna(subset=["totaaloordeel", *DRIVERS4])
    w = d["weight"].to_numpy()
    fit = sm.WLS(d["totaaloordeel"], sm.add_constant(d[DRIVERS4]), weights=w).fit()

    def wsd(a):
        return np.sqrt(np.cov(a, aweights=w))

    beta = np.array([fit.params[c] * wsd(d[c]) / wsd(d["totaaloordeel"]) for c in DRIVERS4])
    corr = weighted_corr_reference(d, [*DRIVERS4, "totaaloordeel"], "weight")[:-1, -1]
    res = relative_importance(data, "totaaloordeel", DRIVERS4, "weight")
    np.testing.assert_allclose(res.table["beta"], beta, atol=1e-10)
    np.testing.assert_allclose(res.table["corr"], corr, atol=1e-12)
    np.testing.assert_allclose(res.table["pratt"], beta * corr, atol=1e-10)
    assert res.table["pratt"].sum() == pytest.approx(fit.rsquared, abs=1e-10)
    assert res.r2 == pytest.approx(fit.rsquared, abs=1e-12)


def test_shares_are_percent_of_sum(data):
    res = relative_importance(data, "totaaloordeel", DRIVERS4, "weight")
    for m in METHODS:
        v = res.table[m]
        np.testing.assert_allclose(res.table[f"{m}_share_pct"], 100 * v / v.sum(), atol=1e-12)
    assert res.table["lmg_share_pct"].sum() == pytest.approx(100)


# ---------------------------------------------------------------------------------------------
# invariances
# ---------------------------------------------------------------------------------------------
def test_sum_to_r2(data):
    res = relative_importance(data, "totaaloordeel", DRIVERS4, "weight")
    for m in ("lmg", "rw", "pratt"):
        assert res.table[m].sum() == pytest.approx(res.r2, abs=1e-12)


def test_scale_and_shift_invariance(data):
    base = relative_importance(data, "totaaloordeel", DRIVERS4, "weight")
    moved = data.copy()
    for k, c in enumerate(DRIVERS4):
        moved[c] = moved[c] * (k + 0.5) - 3 * k
    moved["totaaloordeel"] = 10 * moved["totaaloordeel"] + 7
    moved["weight"] = moved["weight"] * 13.0
    res = relative_importance(moved, "totaaloordeel", DRIVERS4, "weight")
    pd.testing.assert_frame_equal(res.table, base.table, atol=1e-10, rtol=0)
    # a reversed driver: LMG, rw and Pratt unchanged, beta and corr change sign
    flipped = data.assign(aspect_2=6 - data["aspect_2"])
    res = relative_importance(flipped, "totaaloordeel", DRIVERS4, "weight")
    for m in ("lmg", "rw", "pratt"):
        np.testing.assert_allclose(res.table[m], base.table[m], atol=1e-12)
    for m in ("beta", "corr"):
        assert res.table.loc["aspect_2", m] == pytest.approx(-base.table.loc["aspect_2", m])


def test_permuting_drivers_permutes_results(data):
    base = relative_importance(data, "totaaloordeel", DRIVERS4, "weight")
    order = ["aspect_3", "aspect_1", "aspect_4", "aspect_2"]
    res = relative_importance(data, "totaaloordeel", order, "weight")
    assert list(res.table.index) == order
    pd.testing.assert_frame_equal(
        res.table.loc[DRIVERS4, [m for m in METHODS]], base.table[list(METHODS)], atol=1e-12
    )


def test_integer_weights_equal_duplicated_rows():
    df = synthetic_data(n=150, drivers=3, seed=8)
    drivers = ["aspect_1", "aspect_2", "aspect_3"]
    rng = np.random.default_rng(0)
    df["freq"] = rng.integers(1, 4, size=len(df)).astype(float)
    dup = df.loc[df.index.repeat(df["freq"].astype(int))].reset_index(drop=True)
    a = relative_importance(df, "totaaloordeel", drivers, "freq")
    b = relative_importance(dup, "totaaloordeel", drivers)
    pd.testing.assert_frame_equal(a.table, b.table, atol=1e-12, rtol=0)
    assert a.r2 == pytest.approx(b.r2, abs=1e-13)


def test_weights_matter(data):
    a = relative_importance(data, "totaaloordeel", DRIVERS4, "weight")
    b = relative_importance(data, "totaaloordeel", DRIVERS4)
    assert a.weighted and not b.weighted
    assert np.abs(a.table["lmg"] - b.table["lmg"]).max() > 1e-4


# ---------------------------------------------------------------------------------------------
# missing data
# ---------------------------------------------------------------------------------------------
def _pairwise_reference_lmg(R: np.ndarray) -> np.ndarray:
    """Shapley by permutations over direct solves, from a given correlation matrix."""
    p = R.shape[0] - 1

    def r2(S):
        S = sorted(S)
        if not S:
            return 0.0
        r = R[S, p]
        return r @ np.linalg.solve(R[np.ix_(S, S)], r)

    out = np.zeros(p)
    for order in itertools.permutations(range(p)):
        entered: list[int] = []
        for j in order:
            out[j] += r2(entered + [j]) - r2(entered)
            entered.append(j)
    return out / math.factorial(p)


def test_pairwise_unweighted_matches_pandas_corr():
    df = synthetic_data(n=500, drivers=4, seed=21, missing=0.15)
    R = df[[*DRIVERS4, "totaaloordeel"]].corr().to_numpy()  # pandas: pairwise complete
    res = relative_importance(df, "totaaloordeel", DRIVERS4, missing="pairwise")
    np.testing.assert_allclose(res.table["corr"], R[:-1, -1], atol=1e-12)
    np.testing.assert_allclose(res.table["lmg"], _pairwise_reference_lmg(R), atol=1e-12)
    assert res.missing == "pairwise"
    assert "pairwise" in res.method_note
    assert res.n_pairwise_min == int(
        df[[*DRIVERS4, "totaaloordeel"]]
        .notna()
        .astype(int)
        .pipe(lambda m: (m.T @ m).to_numpy().min())
    )


def test_pairwise_weighted_matches_per_pair_weighted_correlations():
    df = synthetic_data(n=500, drivers=3, seed=22, missing=0.15)
    cols = ["aspect_1", "aspect_2", "aspect_3", "totaaloordeel"]
    q = len(cols)
    R = np.eye(q)
    for i, j in itertools.combinations(range(q), 2):
        d = df.dropna(subset=[cols[i], cols[j]])
        c = np.cov(d[cols[i]], d[cols[j]], aweights=d["weight"])
        R[i, j] = R[j, i] = c[0, 1] / np.sqrt(c[0, 0] * c[1, 1])
    res = relative_importance(df, "totaaloordeel", cols[:-1], "weight", missing="pairwise")
    np.testing.assert_allclose(res.table["corr"], R[:-1, -1], atol=1e-12)
    np.testing.assert_allclose(res.table["lmg"], _pairwise_reference_lmg(R), atol=1e-12)


def _non_psd_data():
    """Pairs observed on disjoint groups: a~b, b~c, a~-c, so no joint correlation matrix fits."""
    rng = np.random.default_rng(4)
    rows = []
    for g in range(3):
        f = rng.normal(size=60)
        e = rng.normal(scale=0.1, size=(60, 2))
        a, b, c = np.full(60, np.nan), np.full(60, np.nan), np.full(60, np.nan)
        if g == 0:
            a, b = f + e[:, 0], f + e[:, 1]
        elif g == 1:
            b, c = f + e[:, 0], f + e[:, 1]
        else:
            a, c = f + e[:, 0], -f + e[:, 1]
        y = f + rng.normal(size=60)
        rows.append(pd.DataFrame({"a": a, "b": b, "c": c, "y": y}))
    return pd.concat(rows, ignore_index=True)


def test_pairwise_not_psd_is_repaired_with_note_or_rejected():
    df = _non_psd_data()
    R = df.corr().to_numpy()
    assert np.linalg.eigvalsh(R).min() < 0  # the premise of the test
    with pytest.warns(ImpactWarning, match="not positive definite"):
        res = relative_importance(df, "y", ["a", "b", "c"], missing="pairwise")
    assert "repaired" in res.method_note
    assert np.isfinite(res.table.to_numpy()).all()
    assert res.table["lmg"].sum() == pytest.approx(res.r2, abs=1e-12)
    assert 0 < res.r2 < 1
    with pytest.raises(InputError, match="not positive definite"):
        relative_importance(df, "y", ["a", "b", "c"], missing="pairwise", psd="error")


def test_repair_leaves_psd_matrices_untouched():
    rng = np.random.default_rng(0)
    R = np.corrcoef(rng.normal(size=(50, 4)), rowvar=False)[None]
    fixed, min_eig = la.repair_correlation(R)
    assert np.array_equal(fixed, R) and min_eig[0] > 0


def test_listwise_uses_complete_rows_only(data):
    complete = data.dropna(subset=["totaaloordeel", *DRIVERS4])
    a = relative_importance(data, "totaaloordeel", DRIVERS4, "weight")
    b = relative_importance(complete, "totaaloordeel", DRIVERS4, "weight")
    pd.testing.assert_frame_equal(a.table, b.table, atol=1e-12, rtol=0)
    assert a.n == len(complete) < len(data)
    assert "listwise" in a.method_note


def test_impute_states_strategy_and_is_seeded():
    df = synthetic_data(n=300, drivers=4, seed=9, missing=0.2)
    a = relative_importance(df, "totaaloordeel", DRIVERS4, "weight", missing="impute", seed=3)
    b = relative_importance(df, "totaaloordeel", DRIVERS4, "weight", missing="impute", seed=3)
    c = relative_importance(df, "totaaloordeel", DRIVERS4, "weight", missing="impute", seed=4)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert not np.allclose(a.table["lmg"], c.table["lmg"])
    assert a.missing == "impute" and "IterativeImputer" in a.method_note
    # every row with the outcome and at least one driver is used
    usable = df["totaaloordeel"].notna() & df[DRIVERS4].notna().any(axis=1)
    assert a.n == int(usable.sum())
    assert a.table["lmg"].sum() == pytest.approx(a.r2, abs=1e-12)
    listwise = relative_importance(df, "totaaloordeel", DRIVERS4, "weight")
    assert listwise.n < a.n


def test_rows_without_outcome_are_ignored(data):
    more = pd.concat([data, data.head(20).assign(totaaloordeel=np.nan)], ignore_index=True)
    for missing in ("listwise", "pairwise"):
        a = relative_importance(data, "totaaloordeel", DRIVERS4, "weight", missing=missing)
        b = relative_importance(more, "totaaloordeel", DRIVERS4, "weight", missing=missing)
        if missing == "listwise":
            pd.testing.assert_frame_equal(a.table, b.table)
        else:  # driver-driver correlations use the extra rows; outcome correlations do not
            np.testing.assert_allclose(a.table["corr"], b.table["corr"], atol=1e-12)


# ---------------------------------------------------------------------------------------------
# many drivers, bad input
# ---------------------------------------------------------------------------------------------
def test_beyond_fifteen_drivers_falls_back_to_relative_weights():
    df = synthetic_data(n=300, drivers=16, seed=3)
    drivers = [f"aspect_{i}" for i in range(1, 17)]
    with pytest.warns(ImpactWarning, match="LMG not computed"):
        res = relative_importance(df, "totaaloordeel", drivers, "weight", methods="lmg")
    assert res.methods == ("rw",)
    assert "relative weights" in res.method_note and "16 drivers" in res.method_note
    assert res.impact_method == "rw"
    assert res.table["rw"].sum() == pytest.approx(res.r2)


def test_fifteen_drivers_still_lmg():
    df = synthetic_data(n=300, drivers=15, seed=3)
    drivers = [f"aspect_{i}" for i in range(1, 16)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ImpactWarning)
        res = relative_importance(df, "totaaloordeel", drivers, methods="lmg")
    assert res.methods == ("lmg",)
    assert res.table["lmg"].sum() == pytest.approx(res.r2, abs=1e-12)


def _bad(df, **kw):
    args = dict(outcome="totaaloordeel", drivers=DRIVERS4[:2])
    args.update(kw)
    return relative_importance(df, args.pop("outcome"), args.pop("drivers"), **args)


@pytest.mark.parametrize(
    "change, kwargs, match",
    [
        (None, dict(drivers=["aspect_1", "nope"]), "unknown driver column 'nope'"),
        (None, dict(outcome="nope"), "unknown outcome column"),
        (None, dict(weights="nope"), "unknown weights column"),
        (
            lambda d: d.assign(aspect_1=d["aspect_1"].astype(object).where(d.index != 3, "x")),
            {},
            "not numeric",
        ),
        (lambda d: d.head(3), {}, "only 3 complete rows"),
        (lambda d: d.assign(aspect_2=3.0), {}, "driver 'aspect_2' is constant"),
        (lambda d: d.assign(totaaloordeel=2.0), {}, "outcome 'totaaloordeel' is constant"),
        (lambda d: d.assign(aspect_2=2 * d["aspect_1"] + 1), {}, "collinear"),
        (None, dict(methods="lmg,shapley"), "unknown method 'shapley'"),
        (None, dict(missing="mean"), "unknown missing-data strategy"),
        (lambda d: d.assign(weight=-d["weight"]), dict(weights="weight"), "negative"),
        (lambda d: d.assign(weight=np.nan), dict(weights="weight"), "missing values"),
        (None, dict(drivers=["aspect_1", "totaaloordeel"]), "also listed as a driver"),
        (None, dict(drivers=["aspect_1", "aspect_1"]), "listed twice"),
        (None, dict(drivers=[]), "no drivers"),
    ],
)
def test_bad_input_raises_input_error(data, change, kwargs, match):
    df = data if change is None else change(data.dropna())
    with pytest.raises(InputError, match=match):
        _bad(df, **kwargs)


def test_decimal_comma_text_is_numeric(data):
    text = data.assign(
        aspect_1=data["aspect_1"].map(lambda v: "" if pd.isna(v) else f"{v:.1f}".replace(".", ","))
    )
    a = relative_importance(text, "totaaloordeel", DRIVERS4, "weight")
    b = relative_importance(data, "totaaloordeel", DRIVERS4, "weight")
    pd.testing.assert_frame_equal(a.table, b.table)


# ---------------------------------------------------------------------------------------------
# wide_ratings
# ---------------------------------------------------------------------------------------------
@pytest.fixture()
def long_tables():
    rows = []
    for rid, tg, vals in [
        ("r1", "asielzoekers", {"totaaloordeel": 4, "uitleg": 5, "wachttijd": np.nan, "nps": 8}),
        ("r2", "asielzoekers", {"totaaloordeel": 2, "uitleg": 3, "wachttijd": 1, "nps": 3}),
        ("r3", "asielzoekers", {"wachttijd": 4, "totaaloordeel": np.nan, "uitleg": 2}),
        ("k1", "ketenpartners", {"totaaloordeel": 5, "uitleg": 5, "samenwerking": 4}),
    ]:
        for item, v in vals.items():
            for org in ("IND", "COA"):
                rows.append(
                    dict(
                        respondent_id=rid,
                        target_group=tg,
                        organisation=org,
                        item=item,
                        value=float(v) + (org == "COA"),
                        dont_know=bool(np.isnan(v)),
                    )
                )
    ratings = pd.DataFrame(rows)
    respondents = pd.DataFrame(
        {
            "respondent_id": ["r1", "r2", "r3", "k1"],
            "target_group": ["asielzoekers"] * 3 + ["ketenpartners"],
            "weight": [0.5, 1.5, 1.0, 1.0],
        }
    )
    return ratings, respondents


def test_wide_ratings_pivots_one_selection(long_tables):
    ratings, respondents = long_tables
    wide = wide_ratings(ratings, respondents, "asielzoekers", "IND")
    assert list(wide.columns) == ["totaaloordeel", "uitleg", "wachttijd", "weight"]
    assert list(wide.index) == ["r1", "r2", "r3"]
    assert wide.loc["r2", "wachttijd"] == 1.0 and np.isnan(wide.loc["r1", "wachttijd"])
    assert np.isnan(wide.loc["r3", "totaaloordeel"])
    assert wide["weight"].tolist() == [0.5, 1.5, 1.0]
    coa = wide_ratings(ratings, respondents, "asielzoekers", "COA")
    assert coa.loc["r2", "uitleg"] == 4.0
    kp = wide_ratings(ratings, respondents, "ketenpartners", "IND")
    assert list(kp.columns) == ["totaaloordeel", "uitleg", "samenwerking", "weight"]


def test_wide_ratings_items_order_and_errors(long_tables):
    ratings, respondents = long_tables
    wide = wide_ratings(ratings, respondents, "asielzoekers", "IND", items=["wachttijd"])
    assert list(wide.columns) == ["totaaloordeel", "wachttijd", "weight"]
    with pytest.raises(InputError, match="samenwerking"):
        wide_ratings(ratings, respondents, "asielzoekers", "IND", items=["samenwerking"])
    with pytest.raises(InputError, match="no ratings"):
        wide_ratings(ratings, respondents, "asielzoekers", "DTV")
    with pytest.raises(InputError, match="not in respondents"):
        wide_ratings(ratings, respondents.iloc[1:], "asielzoekers", "IND")
    with pytest.raises(InputError, match="more than once"):
        wide_ratings(pd.concat([ratings, ratings.head(1)]), respondents, "asielzoekers", "IND")


def test_wide_ratings_feeds_the_analysis(long_tables):
    ratings, respondents = long_tables
    wide = wide_ratings(ratings, respondents, "asielzoekers", "IND")
    with pytest.raises(InputError, match="complete rows"):  # 1 complete row: too few, clearly
        relative_importance(wide, "totaaloordeel", ["uitleg", "wachttijd"], "weight")
