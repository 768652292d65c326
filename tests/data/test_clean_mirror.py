"""Cleaning and the mirror questions: the chain question is every partner's, the own-organisation
question only staff's (codebook routing, as the 2017 pilot asked them: the chain of all 290).

Waves are written by tests/wavefactory.py (routing-respecting raw codes) into tmp_path.
"""

from __future__ import annotations

import numpy as np

from helpers.codebook import load_codebook
from helpers.data import clean_wave
from wavefactory import make_frame, make_wave

CB = load_codebook()
INSIDE = CB.scale("werkgever").extra["inside_chain"]


def test_the_chain_question_is_routed_to_every_partner():
    var = CB.variable("ketenpartners", "spiegel_oordeel_keten", "2017.1")
    own = CB.variable("ketenpartners", "spiegel_oordeel_eigen", "2017.1")
    assert not var.routing and own.routing
    for version in CB.versions:
        assert not CB.variable("ketenpartners", "spiegel_oordeel_keten", version).routing


def test_outside_partners_answers_about_the_chain_are_kept(tmp_path):
    frames = {
        "asielzoekers": make_frame("asielzoekers", 30, "2017.1", 0),
        "ketenpartners": make_frame("ketenpartners", 40, "2017.1", 1),
    }
    k = frames["ketenpartners"]
    outside = ~k["werkgever"].isin(INSIDE).to_numpy()
    assert outside.sum() >= 5
    j = int(np.flatnonzero(outside)[0])
    k.loc[j, "spiegel_oordeel_keten"] = 2  # goed
    k.loc[j, "spiegel_oordeel_eigen"] = 1  # not asked outside the chain: a routing violation
    res = clean_wave(make_wave(tmp_path, frames=frames))
    q = res.quarantine
    assert q[q["column"] == "spiegel_oordeel_keten"].empty
    eigen = q[q["column"] == "spiegel_oordeel_eigen"]
    assert eigen[["row", "reason", "action"]].values.tolist() == [
        [j + 1, "routing_not_asked", "cell_set_missing"]
    ]
    r = res.respondents.set_index("respondent_id")
    rid = k.loc[j, "respondent_id"]
    assert r.loc[rid, "spiegel_oordeel_keten"] == 4  # raw 2 "goed" -> analysis value 4
    assert np.isnan(r.loc[rid, "spiegel_oordeel_eigen"])
    kept = r[r["target_group"] == "ketenpartners"]
    buiten = kept["positie"] == "buiten_kleine_keten"
    assert kept.loc[buiten, "spiegel_oordeel_keten"].notna().sum() >= 4
