"""The disclosure plan of a wave (helpers.privacy._plan).

Expected plans are worked out by hand from the rules in the module docstring: categories below
the threshold pooled (or hidden when the pool is too small), and a rest (unknown + hidden) of a
single cell below the threshold takes the smallest shown cell with it.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.privacy import (
    OTHER_LABEL,
    build_plan,
    plan_for,
    protect_table,
    safe_categories,
)
from helpers.privacy._plan import ALL, RESIDUAL

TG = "asielzoekers"


def _respondents(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame(
        {"respondent_id": [f"r{i}" for i in range(n)], "target_group": TG, **columns}
    )


def _plan(resp, ratings=None, variables=("nationaliteit",), threshold=10):
    return build_plan(
        resp, ratings, variables={TG: list(variables)}, threshold=threshold, wave="2017-Q2"
    ).group(TG)


def test_lone_unknown_respondent_takes_the_smallest_group_along():
    # issue 13: total minus the shown groups gave the 1 respondent without a nationality
    nat = ["Syrië"] * 30 + ["Eritrea"] * 12 + ["Iran"] * 10 + ["Tsjaad"] * 6 + ["Irak"] * 5
    plan = _plan(_respondents(nationaliteit=nat + [None]))
    assert plan.shown("nationaliteit") == ["Syrië", "Eritrea", OTHER_LABEL]
    assert plan.hidden("nationaliteit") == {"Iran", "Tsjaad", "Irak"}
    cells = plan.to_frame().set_index("category")
    assert cells.loc["Iran", "status"] == "complementary"
    assert cells.loc[RESIDUAL, ["n", "status"]].tolist() == [1, "primary"]


def test_rest_of_two_cells_needs_no_complement_and_big_groups_stay():
    # "never a 57-person group where a small one does": 4 "anders" + 4 unknown are two cells,
    # their sum (8) gives neither count, so the 57 women stay shown
    sex = ["man"] * 140 + ["vrouw"] * 57 + ["anders"] * 4 + [None] * 4
    plan = _plan(_respondents(geslacht=sex), variables=["geslacht"])
    assert plan.shown("geslacht") == ["man", "vrouw"]
    assert plan.rest_cells("geslacht") == 2
    # one hidden cell alone: the smallest shown group (57) is the only protection there is
    plan1 = _plan(_respondents(geslacht=sex[:-4]), variables=["geslacht"])
    assert plan1.shown("geslacht") == ["man"]


def test_unknown_at_or_above_threshold_is_no_small_cell():
    nat = ["Syrië"] * 30 + ["Eritrea"] * 12 + [None] * 10
    plan = _plan(_respondents(nationaliteit=nat))
    assert plan.shown("nationaliteit") == ["Syrië", "Eritrea"]


def _brute_force_safe(counts: dict, residual: int, shown: set, threshold: int) -> bool:
    """Hand rule: the rest (unknown + hidden) is empty, >= 2 cells, or one cell >= threshold."""
    rest = [n for c, n in counts.items() if c not in shown and n > 0]
    rest += [residual] if residual else []
    return len(rest) != 1 or rest[0] >= threshold


@pytest.mark.parametrize("seed", range(25))
def test_every_plan_is_safe_and_minimal_against_brute_force(seed):
    # brute force over all sets of complements: no rest is a single small cell, and the plan
    # hides no more respondents than the cheapest safe choice of shown cells
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 40, rng.integers(2, 6))
    residual = int(rng.integers(0, 4))
    cats = [f"c{i}" for i in range(len(sizes))]
    values = [c for c, k in zip(cats, sizes, strict=True) for _ in range(k)] + [None] * residual
    plan = _plan(_respondents(v=values), variables=["v"])
    shown = set(plan.shown("v"))
    counts = dict(zip(cats, sizes.tolist(), strict=True))
    if OTHER_LABEL in shown:  # pooled small ones form one cell
        small = {c: n for c, n in counts.items() if n < 10}
        counts = {c: n for c, n in counts.items() if n >= 10} | {OTHER_LABEL: sum(small.values())}
    assert _brute_force_safe(counts, residual, shown, 10)
    big = [c for c, n in counts.items() if n >= 10]
    best = min(
        sum(counts[c] for c in big if c not in keep)
        for r in range(len(big) + 1)
        for keep in map(set, itertools.combinations(big, r))
        if _brute_force_safe(counts, residual, keep, 10)
    )
    assert sum(counts[c] for c in big if c not in shown) == best


def test_raters_scope_hides_small_groups_of_one_organisation():
    nat = ["Syrië"] * 30 + ["Eritrea"] * 20 + ["Iran"] * 15
    resp = _respondents(nationaliteit=nat)
    # IND is rated by all Syrians and Eritreans, but only 4 Iranians
    raters = resp["respondent_id"].iloc[: 50 + 4]
    ratings = pd.DataFrame(
        {
            "respondent_id": raters,
            "target_group": TG,
            "organisation": "IND",
            "item": "totaaloordeel",
            "value": 3.0,
        }
    )
    plan = _plan(resp, ratings)
    assert plan.shown("nationaliteit") == ["Syrië", "Eritrea", "Iran"]
    # Iran (4 raters) is alone in the rest of IND: the smallest other cell (Eritrea) joins it
    assert plan.hidden("nationaliteit", scope="IND") == {"Iran", "Eritrea"}
    table = pd.DataFrame(
        {
            "organisation": ["IND"] * 3,
            "item": "totaaloordeel",
            "nationaliteit": ["Syrië", "Eritrea", "Iran"],
            "n": [30, 20, 4],
            "mean": [3.0, 3.1, 3.2],
        }
    )
    protected = protect_table(table, plan=plan, secondary=False)
    assert protected.table["suppressed"].tolist() == [False, True, True]


def test_categories_hidden_for_all_are_hidden_in_every_table_and_recoded_everywhere():
    nat = ["Syrië"] * 30 + ["Eritrea"] * 12 + ["Iran"] * 10 + ["Tsjaad"] * 6 + ["Irak"] * 5
    resp = _respondents(nationaliteit=nat + [None])
    plan = _plan(resp)
    # a table that (wrongly) still holds a hidden name: the plan suppresses that row
    table = pd.DataFrame({"nationaliteit": ["Syrië", "Iran", "totaal"], "n": [30, 10, 64]})
    assert protect_table(table, plan=plan, secondary=False).table["suppressed"].tolist() == [
        False,
        True,
        False,
    ]
    recoded = safe_categories(resp["nationaliteit"], plan=plan)
    assert recoded.value_counts(dropna=False).to_dict() == {
        "Syrië": 30,
        "Eritrea": 12,
        OTHER_LABEL: 11,
        np.nan: 11,
    }
    cat = safe_categories(resp["nationaliteit"].astype("category"), plan=plan)
    assert "Iran" not in list(cat.cat.categories)
    assert plan.hidden_names() == {"nationaliteit": ["Irak", "Iran", "Tsjaad"]}  # pooled too


def test_remainder_row_of_a_rest_of_two_cells_needs_no_complement():
    sex = ["man"] * 140 + ["vrouw"] * 57 + ["anders"] * 4 + [None] * 4
    plan = _plan(_respondents(geslacht=sex), variables=["geslacht"])
    table = pd.DataFrame(
        {
            "variable": "geslacht",
            "category": ["man", "vrouw", "__rest__"],
            "n": [140, 57, 8],
            "rest": [False, False, True],
        }
    )
    with_plan = protect_table(table, group_cols=["variable"], hidden="rest", plan=plan)
    assert with_plan.table["suppressed"].tolist() == [False, False]
    without = protect_table(table, group_cols=["variable"], hidden="rest")
    assert without.table["suppressed"].tolist() == [False, True]  # the old over-suppression


def test_plan_is_deterministic_and_memoised(tmp_path):
    nat = ["Syrië"] * 30 + ["Eritrea"] * 12 + ["Iran"] * 12 + [None]
    resp = _respondents(nationaliteit=nat, weight=1.0)
    rng = np.random.default_rng(1)
    shuffled = resp.sample(frac=1, random_state=rng.integers(1 << 30)).reset_index(drop=True)
    a, b = _plan(resp), _plan(shuffled)
    # ties (Eritrea 12, Iran 12) are broken by name, whatever the row order
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    assert a.hidden("nationaliteit") == {"Eritrea"}

    folder = tmp_path / "2017-Q2"
    folder.mkdir()
    resp.to_parquet(folder / "respondents.parquet")
    pd.DataFrame(
        {
            "respondent_id": pd.Series([], dtype=str),
            "target_group": pd.Series([], dtype=str),
            "organisation": pd.Series([], dtype=str),
            "value": pd.Series([], dtype=float),
        }
    ).to_parquet(folder / "ratings.parquet")

    class FakeWave:  # the attributes of helpers.data.Wave that plan_for reads
        id = "2017-Q2"
        processed_dir = folder
        respondents = resp
        ratings = pd.read_parquet(folder / "ratings.parquet")

    first = plan_for(FakeWave(), 10)
    assert plan_for(FakeWave(), 10) is first
    assert plan_for(FakeWave(), 12) is not first


def test_plan_input_errors():
    with pytest.raises(InputError, match="target_group"):
        build_plan(pd.DataFrame({"respondent_id": ["a"]}))
    with pytest.raises(InputError, match="threshold"):
        build_plan(_respondents(nationaliteit=["a"]), threshold=0)
    plan = build_plan(_respondents(nationaliteit=["a"] * 12))
    with pytest.raises(InputError, match="target group"):
        plan.shown("nationaliteit")
    with pytest.raises(InputError, match="no variable"):
        plan.group(TG).shown("azc")
    assert plan.group(TG).to_frame()["scope"].eq(ALL).all()


def test_pooled_table_of_a_window_hides_what_any_wave_hides():
    from helpers.privacy import plan_across_waves

    def wave(eritrea: int, unknown: int):
        nat = ["Syrië"] * 30 + ["Eritrea"] * eritrea + ["Iran"] * 15 + [None] * unknown
        return build_plan(_respondents(nationaliteit=nat), variables={TG: ["nationaliteit"]})

    # wave 1 shows Eritrea (12); wave 2 has 6 Eritreans: the pooled 18 minus wave 1's 12 would
    # give wave 2's 6 back, so the window hides Eritrea
    pooled = plan_across_waves([wave(12, 0), wave(6, 3)]).group(TG)
    assert pooled.shown("nationaliteit") == ["Syrië", "Iran"]
    long = pd.DataFrame(
        {
            "grouping": "nationaliteit",
            "group": ["Syrië", "Eritrea", "Iran"],
            "n": [60, 18, 30],
        }
    )
    got = protect_table(long, plan=pooled, secondary=False).table["suppressed"].tolist()
    assert got == [False, True, False]
    with pytest.raises(InputError):
        plan_across_waves([])
