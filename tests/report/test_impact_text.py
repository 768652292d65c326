"""The Dutch words of the impact report (helpers.report._impact_text): quadrant names, summary."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.report._impact_text import QUADRANT_NAMES_NL, quadrant_name, summarise_quadrants
from helpers.stats import (
    HIGH_SCORE_LOW_IMPACT,
    INVEST,
    KEEP,
    LOW_SCORE_LOW_IMPACT,
    QUADRANTS,
    bootstrap_importance,
    classify_quadrants,
    synthetic_data,
)


def test_every_quadrant_code_has_the_pilot_reports_name():
    assert set(QUADRANT_NAMES_NL) == set(QUADRANTS)
    assert [
        quadrant_name(c) for c in (KEEP, INVEST, HIGH_SCORE_LOW_IMPACT, LOW_SCORE_LOW_IMPACT)
    ] == [
        "Vasthouden",
        "Investeren en verbeteren",
        "Positief, weinig impact",
        "Negatief, weinig impact",
    ]


def test_a_bootstrap_result_is_classified_before_it_is_summarised():
    res = bootstrap_importance(
        synthetic_data(n=400, drivers=4, seed=3),
        "totaaloordeel",
        [f"aspect_{i}" for i in range(1, 5)],
        "weight",
        methods="lmg",
        B=100,
    )
    labels = {"aspect_1": "uitleg"}
    assert summarise_quadrants(res, labels, stable_at=0.7) == summarise_quadrants(
        classify_quadrants(res, stable_at=0.7), labels
    )


def _quad(rows):
    df = pd.DataFrame(rows, columns=["driver", "impact", "performance", "quadrant", "agreement"])
    df["stable"] = df["agreement"] >= 0.8
    return df.set_index("driver")


def test_summary_names_stable_investeren_first_by_impact_and_flags_uncertain():
    quad = _quad(
        [
            ("uitleg", 10.0, 40.0, INVEST, 0.6),
            ("doorverwijzen", 20.0, 45.0, INVEST, 0.9),
            ("reactietermijn", 30.0, 30.0, INVEST, 0.95),
            ("bejegening", 25.0, 80.0, KEEP, 0.99),
            ("privacy", 5.0, 70.0, HIGH_SCORE_LOW_IMPACT, 0.5),
        ]
    )
    labels = {"reactietermijn": "de reactietermijn", "doorverwijzen": "het doorverwijzen"}
    text = summarise_quadrants(quad, labels)
    assert text.startswith(
        "Meeste winst valt te behalen op de reactietermijn en het doorverwijzen: deze aspecten "
        "wegen relatief zwaar mee in het totaaloordeel, maar scoren relatief laag."
    )
    assert (
        "Mogelijk weegt uitleg (onzeker, 60%) relatief zwaar mee in het totaaloordeel en scoort "
        "het relatief laag, maar die plaatsing is niet stabiel." in text
    )
    assert "Vasthouden: bejegening;" in text
    assert "privacy (onzeker, 50%)" in text
    assert "minder dan 80%" in text
    assert text.index("uitleg") > text.index("het doorverwijzen")


def test_summary_without_stable_investeren():
    quad = _quad(
        [
            ("a", 40.0, 40.0, INVEST, 0.55),
            ("b", 35.0, 80.0, KEEP, 0.9),
            ("c", 25.0, 90.0, HIGH_SCORE_LOW_IMPACT, 0.95),
        ]
    )
    text = summarise_quadrants(quad)
    assert text.startswith("Mogelijk weegt a (onzeker, 55%) relatief zwaar mee")
    assert "meeste winst" not in text.lower()
    none = _quad([("b", 60.0, 80.0, KEEP, 0.9), ("c", 40.0, 30.0, LOW_SCORE_LOW_IMPACT, 0.95)])
    text = summarise_quadrants(none, outcome_label="oordeel over het COA")
    assert text.startswith("Geen enkel aspect")
    assert "oordeel over het COA" in text and "onzeker" not in text.lower()


def test_summary_subject_option():
    quad = pd.DataFrame(
        {
            "impact": [50.0, 30.0, 20.0],
            "performance": [40.0, 80.0, 70.0],
            "quadrant": [INVEST, KEEP, HIGH_SCORE_LOW_IMPACT],
            "agreement": [0.9, 0.6, 0.9],
            "stable": [True, False, True],
        },
        index=pd.Index(["IND", "DTV", "COA"], name="driver"),
    )
    text = summarise_quadrants(
        quad, {"IND": "de IND"}, subject="organisatie", outcome_label="oordeel over de keten"
    )
    assert text.startswith("Meeste winst valt te behalen op de IND: deze organisatie weegt")
    assert "de organisatie in hetzelfde kwadrant" in text
    with pytest.raises(InputError):
        summarise_quadrants(quad, subject="ding")


def test_an_unstable_placement_is_hedged_and_gets_no_advice_words():
    quad = _quad(
        [
            ("inleven", 40.0, 40.0, INVEST, 0.62),
            ("luisteren", 35.0, 80.0, KEEP, 0.55),
            ("uitleg", 25.0, 90.0, HIGH_SCORE_LOW_IMPACT, 0.95),
        ]
    )
    text = summarise_quadrants(quad, outcome_label="totaaloordeel over het COA")
    assert (
        "Mogelijk weegt inleven (onzeker, 62%) relatief zwaar mee in het totaaloordeel over het "
        "COA en scoort het relatief laag, maar die plaatsing is niet stabiel." in text
    )
    assert (
        "Mogelijk weegt luisteren (onzeker, 55%) zwaar en scoort het relatief goed, maar die "
        "plaatsing is niet stabiel." in text
    )
    for advice in ("meeste winst", "vasthouden", "investeren"):
        assert advice not in text.lower(), advice
    # two unstable placements in one quadrant: plural
    two = _quad([("a", 40.0, 40.0, INVEST, 0.6), ("b", 30.0, 30.0, INVEST, 0.7)])
    text = summarise_quadrants(two)
    assert "Mogelijk wegen a (onzeker, 60%) en b (onzeker, 70%)" in text
    assert "scoren ze relatief laag, maar die plaatsingen zijn niet stabiel." in text


def test_the_previous_wave_confirms_or_withholds_the_advice():
    quad = _quad(
        [
            ("inleven", 40.0, 40.0, INVEST, 0.95),
            ("luisteren", 30.0, 30.0, INVEST, 0.9),
            ("uitleg", 20.0, 80.0, KEEP, 0.9),
            ("privacy", 10.0, 90.0, HIGH_SCORE_LOW_IMPACT, 0.9),
        ]
    )
    previous = {"inleven": INVEST, "luisteren": KEEP, "uitleg": KEEP}
    text = summarise_quadrants(quad, previous=previous, previous_label="de vorige meting (2017 K2)")
    # inleven: stable, and there before: advice, and it says it was there before
    assert text.startswith("Meeste winst valt te behalen op inleven: dit aspect weegt")
    assert "Ook in de vorige meting (2017 K2) stond inleven in dit kwadrant." in text
    # luisteren: stable now, elsewhere before: never "meeste winst"
    winst = text.split("Meeste winst")[1].split(".")[0]
    assert "luisteren" not in winst
    assert (
        "In deze meting weegt luisteren relatief zwaar mee in het totaaloordeel en scoort het "
        "relatief laag, maar in de vorige meting (2017 K2) stond het in ‘Vasthouden’" in text
    )
    assert "Vasthouden: uitleg;" in text
    assert "Ook in de vorige meting (2017 K2) stond uitleg in dit kwadrant." in text
    # an aspect the previous wave did not analyse: judged on this wave alone
    assert summarise_quadrants(quad, previous={}) == summarise_quadrants(quad)
    # nothing stable in 'investeren' and the only stable one was elsewhere: no advice at all
    moved = summarise_quadrants(quad.iloc[[1]], previous={"luisteren": KEEP})
    assert "meeste winst" not in moved.lower() and "Geen enkel" not in moved
