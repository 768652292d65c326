"""Tests of helpers.report._compare_text: the Dutch sentences of the subgroup comparisons."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.report._compare_text import (
    describe_differences,
    difference_sentences,
    mirror_gap_sentence,
)

LABELS = {
    "afgewezen": "afgewezen asielzoekers",
    "vergunning_na_beroep": "asielzoekers met een vergunning na beroep",
}


def table(measure, a, b, *, significant=True, organisation="COA", item="totaaloordeel", **groups):
    """A one-row compare_groups table (the columns the text layer reads)."""
    return pd.DataFrame(
        {
            "organisation": [organisation],
            "item": [item],
            "variable": ["status"],
            "group_a": [groups.get("group_a", "afgewezen")],
            "group_b": [groups.get("group_b", "vergunning_na_beroep")],
            "estimate_a": [a],
            "estimate_b": [b],
            "difference": [a - b],
            "significant": [significant],
            "measure": [measure],
        }
    )


def test_mean_sentence_and_label_columns():
    t = describe_differences(table("mean", 4.2, 3.8), labels=LABELS)
    assert list(t.columns[3:7]) == ["group_a", "group_b", "label_a", "label_b"]
    assert t.loc[0, "sentence"] == (
        "Afgewezen asielzoekers beoordelen het COA gemiddeld hoger (4,2) dan asielzoekers met "
        "een vergunning na beroep (3,8)."
    )
    assert difference_sentences(t) == [t.loc[0, "sentence"]]


def test_pct_positive_and_nps_sentences():
    t = describe_differences(table("pct_positive", 75.0, 37.5), labels=LABELS)
    assert t.loc[0, "sentence"] == (
        "Afgewezen asielzoekers zijn vaker positief over het COA (75%) dan asielzoekers met "
        "een vergunning na beroep (38%)."
    )
    t = describe_differences(
        table("nps", 100 / 3, -100 / 3, item="nps", group_a="binnen", group_b="buiten")
    )
    assert t.loc[0, "sentence"] == "Binnen geven aan het COA een hogere NPS (33) dan buiten (-33)."


def test_a_blanked_estimate_is_not_quoted():
    # the descriptives blank an estimate that the table masks (100% in a small group): the
    # sentence still names the tested difference, without the value
    row = table("pct_positive", 100.0, 74.0)
    row["estimate_a"] = float("nan")
    t = describe_differences(row, labels=LABELS)
    assert t.loc[0, "sentence"] == (
        "Afgewezen asielzoekers zijn vaker positief over het COA dan asielzoekers met een "
        "vergunning na beroep (74%)."
    )
    row = table("mean", 5.0, 3.9)
    row["estimate_a"] = float("nan")
    assert describe_differences(row, labels=LABELS).loc[0, "sentence"] == (
        "Afgewezen asielzoekers beoordelen het COA gemiddeld hoger dan asielzoekers met een "
        "vergunning na beroep (3,9)."
    )


def test_sentence_lower_item_phrase_and_extra_decimal():
    t = describe_differences(
        table(
            "mean",
            128 / 42,  # 3.048 -> "3,0"
            166 / 42,  # 3.952 -> "4,0"
            organisation="DTV",
            item="respectvol_behandeld",
            group_a="binnen_kleine_keten",
            group_b="buiten_kleine_keten",
        ),
        labels={
            "binnen_kleine_keten": "medewerkers binnen de kleine keten",
            "buiten_kleine_keten": "medewerkers buiten de kleine keten",
        },
        item_labels={"respectvol_behandeld": "respectvol behandeld"},
    )
    assert t.loc[0, "sentence"] == (
        "Medewerkers binnen de kleine keten beoordelen de DT&V op ‘respectvol behandeld’ "
        "gemiddeld lager (3,0) dan medewerkers buiten de kleine keten (4,0)."
    )
    # 1250 / 310 = 4.032 and 1230 / 310 = 3.968 both show "4,0": two decimals
    t = describe_differences(table("mean", 1250 / 310, 1230 / 310, group_a="a", group_b="b"))
    assert t.loc[0, "sentence"] == "A beoordelen het COA gemiddeld hoger (4,03) dan b (3,97)."


def test_sentences_none_significant_and_nothing_testable():
    t = describe_differences(table("mean", 3.0, 3.1, significant=False), labels=LABELS)
    assert t.loc[0, "sentence"] == ""
    assert difference_sentences(t) == [
        "Er zijn geen significante verschillen tussen afgewezen asielzoekers en asielzoekers "
        "met een vergunning na beroep."
    ]
    assert difference_sentences(
        t, between="de statusgroepen", about="in het oordeel over het COA"
    ) == [
        "Er zijn geen significante verschillen tussen de statusgroepen in het oordeel over het COA."
    ]
    assert difference_sentences(t.iloc[0:0]) == [
        "Er zijn te weinig waarnemingen om de groepen te vergelijken."
    ]
    with pytest.raises(InputError, match="describe_differences"):
        difference_sentences(table("mean", 1.0, 2.0))


@pytest.mark.parametrize(
    ("p_holm", "verdict"),
    [
        (0.01, "onderschatten"),
        (0.05, "maar dat verschil is niet aangetoond"),  # Holm p at alpha: not shown
        (0.3, "maar dat verschil is niet aangetoond"),
        (None, "maar dat verschil is niet aangetoond"),  # not testable
        (float("nan"), "maar dat verschil is niet aangetoond"),
    ],
)
def test_a_mirror_gap_is_an_underestimate_only_when_the_test_shows_it(p_holm, verdict):
    figure = {"expected": 20.0, "experienced": 31.0, "p_holm": p_holm}
    text = mirror_gap_sentence("ketenpartners", "de Kleine Keten als geheel", figure)
    assert text.startswith("Ketenpartners ") and verdict in text
    assert "verwacht 20%, ervaren 31%" in text
    if verdict != "onderschatten":
        assert "schatten" not in text and "negatiever" in text
