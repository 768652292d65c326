"""The small-area report (helpers.report.small_area) on a cleaned demo wave.

A reception centre and a nationality with three respondents each are planted in the processed
data; neither may reach any text, table or chart. Small bootstrap counts keep it fast.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from helpers.data import Wave, clean_wave
from helpers.demo import write_demo
from helpers.privacy import build_plan, plan_across_waves
from helpers.report import _display
from helpers.report import small_area as sa

WAVE = "2017-Q3"
TINY_AZC, TINY_NATIONALITY = "Piepkleinhuizen", "Testlandia"
#: snake_case names, codes of the statistics and column names that must not reach a reader
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b|no_difference|withheld|sigma|gamma|\bnan\b")


@pytest.fixture(scope="module")
def roots(tmp_path_factory):
    """One demo wave (few partners: only asylum seekers matter) cleaned into a temporary folder,
    with the tiny groups planted (the pooling of waves is tested in tests/stats)."""
    root = tmp_path_factory.mktemp("small_area")
    write_demo(root / "raw", seed=1, n_asylum=200, n_partners=20, waves=[WAVE])
    clean_wave(root / "raw" / WAVE, root / "processed" / WAVE)
    path = root / "processed" / WAVE / "respondents.parquet"
    resp = pd.read_parquet(path)
    asylum = resp.index[resp["target_group"] == "asielzoekers"]
    resp.loc[asylum[:3], "azc"] = TINY_AZC
    resp.loc[asylum[3:6], "nationaliteit"] = TINY_NATIONALITY
    resp.to_parquet(path)
    return SimpleNamespace(raw=root / "raw", processed=root / "processed", root=root)


@pytest.fixture(scope="module")
def report(roots):
    return sa.build(
        WAVE,
        window=4,
        bootstrap=100,
        raw_root=roots.raw,
        processed_root=roots.processed,
        key_figures_path=roots.root / "kf" / "07_small_area.json",
    )


class Shown:
    """Everything the sections display: texts (markdown, HTML tables as text) and charts."""

    def __init__(self, monkeypatch):
        import IPython.display

        self.texts: list[str] = []
        self.figures: list = []
        monkeypatch.setattr(IPython.display, "display", self.display)
        monkeypatch.setattr(_display, "show_figure", self.figure)

    def display(self, *objs, **_):
        for obj in objs:
            if hasattr(obj, "data") and isinstance(obj.data, pd.DataFrame):  # a Styler
                self.texts.append(obj.data.to_string() + str(obj.caption or ""))
            else:
                self.texts.append(re.sub(r"<[^>]+>", " ", str(getattr(obj, "data", obj))))

    def figure(self, fig, alt=""):
        self.texts.append(alt)
        self.figures.append(fig)
        for ax in fig.axes:
            labels = [t.get_text() for t in (*ax.get_yticklabels(), *ax.get_xticklabels())]
            self.texts.append(" ".join([ax.get_title(loc="left"), ax.get_xlabel(), *labels]))
        self.texts.extend(t.get_text() for leg in fig.legends for t in leg.get_texts())

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


SECTIONS = (
    "method_section",
    "centres_section",
    "nationalities_section",
    "aspects_section",
    "shrinkage_section",
    "key_figures_section",
)


@pytest.fixture(scope="module")
def rendered(report):
    """What every section of the notebook shows, rendered once."""
    with pytest.MonkeyPatch.context() as mp:
        shown = Shown(mp)
        for name in SECTIONS:
            getattr(sa, name)(report)
    return shown


def test_every_section_renders_and_names_no_small_group(report, rendered, roots):
    assert len(rendered.figures) == 2  # the caterpillar charts of the centres and nationalities
    text = rendered.text
    assert "leent gegevens van andere centra" in text and "Ter Apel" in text
    assert "nog geen eerdere golf verwerkt" in text
    assert TINY_AZC not in text and TINY_NATIONALITY not in text
    # the tiny groups did enter the model (every group does), but withheld
    est = report.estimates
    tiny = est[est["group"].isin([TINY_AZC, TINY_NATIONALITY])]
    assert len(tiny) and (tiny["code"] == "withheld").all()
    assert tiny[["estimate", "direct", "gamma", "ci_low"]].isna().all().all()
    figures = json.loads((roots.root / "kf" / "07_small_area.json").read_text())
    assert TINY_AZC not in json.dumps(figures) and TINY_NATIONALITY not in json.dumps(figures)


def test_no_group_below_the_threshold_is_shown_and_complements_hide_a_small_rest():
    # five named centres and small ones whose rest (4 + 3 answers) is below the threshold
    n = [40, 30, 25, 20, 12, 4, 3]
    est = pd.DataFrame(
        {
            "organisation": "COA",
            "item": "totaaloordeel",
            "measure": "mean",
            "group": list("ABCDEFG"),
            "n": n,
            "code": ["above", "no_difference", "no_difference", "below", "above"]
            + ["withheld"] * 2,
            **{c: np.where(np.array(n) >= 10, 4.0, np.nan) for c in sa._HIDDEN_IN_SUPPRESSED},
        }
    )
    protected = sa._protected(est, threshold=10, indicative_below=30)
    t = protected.table
    assert set(t["group"]) == set("ABCDE")  # the small groups are not even listed
    assert protected.n_secondary == 1 and t.loc[t["suppressed"], "group"].tolist() == ["E"]
    assert t.loc[t["suppressed"], ["estimate", "gamma", "n"]].isna().all().all()
    text = sa.differences_nl(t[~t["suppressed"]].assign(overall=4.0), "azc")
    assert "A" in text and "E" not in text.replace("COA", "")


def test_a_group_that_a_wave_of_the_window_hides_stays_hidden_when_pooled():
    # centre B has 12 answers in the window but 6 in its second wave: that wave's reports hide
    # it, so the pooled table must too (pooled minus the first wave would give the 6 back)
    def wave_plan(centres):
        resp = pd.DataFrame(
            {
                "respondent_id": [f"r{i}" for i in range(len(centres))],
                "target_group": "asielzoekers",
                "azc": centres,
            }
        )
        return build_plan(resp, variables={"asielzoekers": ["azc"]})

    first = wave_plan(["A"] * 30 + ["B"] * 12 + ["C"] * 15)
    second = wave_plan(["A"] * 30 + ["B"] * 6 + ["C"] * 15)
    plan = plan_across_waves([first, second]).group("asielzoekers")
    n = [60, 18, 30]
    est = pd.DataFrame(
        {
            "organisation": "COA",
            "item": "totaaloordeel",
            "measure": "mean",
            "grouping": "azc",
            "group": list("ABC"),
            "n": n,
            "code": ["above", "no_difference", "below"],
            **{c: 4.0 for c in sa._HIDDEN_IN_SUPPRESSED},
        }
    )
    t = sa._protected(est, threshold=10, indicative_below=30, plan=plan).table
    assert "B" not in set(t["group"]) and "A" in set(t.loc[~t["suppressed"], "group"])
    # without the plan B (18 pooled answers) would be shown
    assert "B" in set(sa._protected(est, 10, 30).table.query("~suppressed")["group"])


def test_shown_groups_have_enough_answers_and_shrinkage_in_0_1(report):
    for grouping, protected in report.shown.items():
        t = protected.table[~protected.table["suppressed"]]
        assert len(t), grouping
        assert (t["n"].astype(float) >= report.threshold).all()
        assert t["gamma"].between(0, 1).all()
        assert (t["ci_low"] <= t["estimate"] + 1e-9).all()
        assert (t["estimate"] <= t["ci_high"] + 1e-9).all()
        # shrinkage: the model estimate lies between the direct estimate and the average
        lo = np.minimum(t["direct"], t["overall"]) - 1e-9
        hi = np.maximum(t["direct"], t["overall"]) + 1e-9
        assert t["estimate"].between(lo, hi).all()
    assert report.waves == [WAVE] and report.window == 4  # no earlier wave processed


def test_dutch_text_is_free_of_code_identifiers(rendered):
    found = sorted(set(IDENTIFIER.findall(rendered.text)))
    assert found == [], found


def test_partners_stop_the_report(roots, monkeypatch):
    Shown(monkeypatch)
    partners = sa.build(WAVE, "ketenpartners", raw_root=roots.raw, processed_root=roots.processed)
    assert not partners.applicable and partners.estimates.empty
    with pytest.raises(SystemExit):
        sa.show_header(partners)


def test_centre_planner_needs_more_with_pooling(roots, monkeypatch):
    wave = Wave.open(WAVE, roots.raw, roots.processed)
    plan = sa.centre_planner(wave, difference=0.3)
    assert plan["organisation"].tolist()[:2] == ["IND", "COA"]
    finite = plan[np.isfinite(plan["pooled"])]
    assert len(finite) and (finite["pooled"] >= finite["direct"]).all()
    assert (plan["direct"] > 0).all()
    shown = Shown(monkeypatch)
    power_report = SimpleNamespace(target_group="asielzoekers", centres=plan, quarterly_n=200)
    sa.centre_planner_section(power_report, difference=0.3)
    assert "0,3 punt onder het gemiddelde" in shown.text and "800" in shown.text
    assert IDENTIFIER.findall(shown.text) == []
