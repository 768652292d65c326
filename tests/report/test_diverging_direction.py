"""Every diverging (negative ... positive) chart of the reports runs in one direction.

The charts are read as drawn, not from their source: every section of the descriptives report
(where all of the reports' bars of a valenced scale live: the distribution of the overall
judgement and of the last contact, the questions about the COA and the DT&V, word of mouth, the
NPS) is built for both target groups of the first demo wave, cleaned into a temporary folder.
A chart is *diverging* when its legend holds both a negative and a positive category of a scale of
the codebook (or the NPS's detractors and promoters). For each such chart:

* the legend lists the categories from the most negative to the most positive, an answer without
  valence ("ik praat er nooit over") after them: the same order in every chart;
* in every drawn bar, the segments from left to right follow that order: the negative categories
  on the left, the positive ones on the right, the answer without valence at the right end;
* in a bar centred on zero (an axis that runs below 0), every negative segment lies left of zero
  and every positive one right of it.
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from matplotlib.colors import to_hex
from matplotlib.patches import Patch, Rectangle

from helpers.codebook import load_codebook
from helpers.data import Wave, clean_wave
from helpers.paths import RAW_DIR, list_waves
from helpers.report import descriptives as desc

CB = load_codebook()
#: The NPS chart's legend (the three groups of the 0-10 scale, detractors the negative side).
NPS_RANKS = {"Criticasters (0-6)": -1, "Passief (7-8)": 0, "Promotors (9-10)": 1}


def _demo_wave() -> str | None:
    for w in list_waves(RAW_DIR):
        spec = yaml.safe_load((RAW_DIR / w / "wave.yml").read_text(encoding="utf-8")) or {}
        if spec.get("synthetic") is True:
            return w
    return None


WAVE = _demo_wave()
pytestmark = pytest.mark.skipif(WAVE is None, reason="no demo waves under data/raw")


def valence_ranks() -> dict[str, int]:
    """Dutch category label -> valence (-2 most negative ... +2 most positive), from the codebook.

    Recoded scales: the analysis value minus 3 (5 = most positive). Word of mouth (raw codes, 1 =
    most positive) by its codes; its "never talk about it" has no valence and is left out.
    """
    ranks: dict[str, int] = dict(NPS_RANKS)
    for name in ("oordeel5", "wel_niet5", "eens5", "ja_nee5"):
        for value, label in CB.scale(name).value_labels().items():
            ranks.setdefault(label, int(value) - 3)
            assert ranks[label] == int(value) - 3, (name, label)  # one meaning per label
    for code, label in CB.scale("mond_tot_mond").codes.items():
        if 1 <= code <= 5:
            ranks.setdefault(label["nl"], 3 - code)
            assert ranks[label["nl"]] == 3 - code, label
    return ranks


RANKS = valence_ranks()


@pytest.fixture(scope="module")
def charts(tmp_path_factory):
    """(target group, section, axes) of every bar chart with a legend of coloured categories."""
    processed = tmp_path_factory.mktemp("processed")
    clean_wave(RAW_DIR / WAVE, processed / WAVE)
    wave = Wave.open(WAVE, RAW_DIR, processed)
    out = []
    for tg in CB.target_groups:
        data = desc.load_wave(wave, tg)
        for section in desc.SECTIONS:
            sec = section(data)
            if not sec.applicable:
                continue
            for kind, fig, _ in sec.parts:
                if kind != "figure":
                    continue
                for ax in fig.axes:
                    legend = ax.get_legend()
                    handles = legend.legend_handles if legend else []
                    if handles and all(isinstance(h, Patch) for h in handles):
                        out.append((tg, section.__name__, ax))
    return out


def legend_of(ax) -> list[tuple[str, str]]:
    """(label, colour) of the legend's categories, in the legend's order."""
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    return [
        (lab, to_hex(h.get_facecolor()))
        for lab, h in zip(labels, legend.legend_handles, strict=True)
    ]


def bars_of(ax) -> dict[float, list[tuple[float, float, str]]]:
    """Per drawn bar (its y centre), the segments (left, right, colour) from left to right."""
    rows: dict[float, list] = {}
    for p in ax.patches:
        if isinstance(p, Rectangle) and p.get_width() > 0:
            y = round(p.get_y() + p.get_height() / 2, 6)
            rows.setdefault(y, []).append((p.get_x(), p.get_x() + p.get_width(), p.get_facecolor()))
    return {
        y: [(left, right, to_hex(c)) for left, right, c in sorted(segs, key=lambda s: s[0])]
        for y, segs in rows.items()
    }


def is_diverging(legend: list[tuple[str, str]]) -> bool:
    ranks = [RANKS.get(label) for label, _ in legend]
    return any(r is not None and r < 0 for r in ranks) and any(
        r is not None and r > 0 for r in ranks
    )


def test_the_valence_of_the_labels_is_known():
    # the codebook's labels read as expected: the scale ends and the word-of-mouth answers
    assert RANKS["heel slecht"] == -2 and RANKS["heel goed"] == 2
    assert RANKS["helemaal oneens"] == -2 and RANKS["zeker wel"] == 2
    assert RANKS["heel negatief"] == -2 and RANKS["heel positief"] == 2
    assert "ik praat er nooit over" not in RANKS


def test_every_diverging_chart_is_found(charts):
    found = {(tg, name) for tg, name, ax in charts if is_diverging(legend_of(ax))}
    assert found == {
        ("asielzoekers", "overall_judgement"),
        ("asielzoekers", "specific_questions"),
        ("asielzoekers", "word_of_mouth"),
        ("ketenpartners", "overall_judgement"),
        ("ketenpartners", "last_contact"),
        ("ketenpartners", "nps"),
    }
    # the charts without valence (how often, which answer) are no diverging charts
    plain = {name for tg, name, ax in charts if not is_diverging(legend_of(ax))}
    assert plain == {"contact"}


def test_the_legends_run_from_negative_to_positive_everywhere(charts):
    problems = []
    for tg, name, ax in charts:
        legend = legend_of(ax)
        if not is_diverging(legend):
            continue
        ranks = [RANKS.get(label) for label, _ in legend]
        valenced = [r for r in ranks if r is not None]
        if valenced != sorted(valenced) or len(set(valenced)) != len(valenced):
            problems.append(f"{tg} {name}: legend order {[lab for lab, _ in legend]}")
        first_plain = next((i for i, r in enumerate(ranks) if r is None), len(ranks))
        if any(r is not None for r in ranks[first_plain:]):
            problems.append(f"{tg} {name}: an answer without valence among the scale's answers")
    assert not problems, "\n".join(problems)


def test_every_bar_has_the_negative_side_left(charts):
    problems = []
    n_bars = 0
    for tg, name, ax in charts:
        legend = legend_of(ax)
        if not is_diverging(legend):
            continue
        order = {colour: i for i, (_, colour) in enumerate(legend)}
        rank = {colour: RANKS.get(label) for label, colour in legend}
        assert len(order) == len(legend), (tg, name, "two categories share a colour")
        centred = ax.get_xlim()[0] < 0
        for y, segments in bars_of(ax).items():
            n_bars += 1
            positions = [order[c] for _, _, c in segments]
            if positions != sorted(positions):
                problems.append(f"{tg} {name} bar {y}: segments left to right {positions}")
            if centred:
                for left, right, c in segments:
                    r = rank[c]
                    if r is not None and r < 0 and right > 1e-9:
                        problems.append(f"{tg} {name} bar {y}: negative segment right of 0")
                    if r is not None and r > 0 and left < -1e-9:
                        problems.append(f"{tg} {name} bar {y}: positive segment left of 0")
            negatives = [right for left, right, c in segments if (rank[c] or 0) < 0]
            positives = [left for left, right, c in segments if (rank[c] or 0) > 0]
            if negatives and positives and max(negatives) > min(positives) + 1e-9:
                problems.append(f"{tg} {name} bar {y}: negative and positive sides overlap")
    assert n_bars >= 15  # organisations x charts: the check saw real bars
    assert not problems, "\n".join(problems)


def test_centred_charts_put_the_neutral_middle_on_zero(charts):
    for tg, name, ax in charts:
        legend = legend_of(ax)
        if not is_diverging(legend) or ax.get_xlim()[0] >= 0:
            continue
        neutral = {colour for label, colour in legend if RANKS.get(label) == 0}
        for segments in bars_of(ax).values():
            for left, right, c in segments:
                if c in neutral:
                    assert np.isclose(left, -right), (tg, name, left, right)
