"""Processed tables of several waves, as the trends analysis receives them from data.Wave."""

from __future__ import annotations

import pandas as pd


def wave_tables(values_by_wave, target_group="asielzoekers", org="IND"):
    """``{wave: (respondents, ratings)}`` of the overall judgement ``values`` of every wave, unit
    weights; the same respondent ids in every wave (a fresh sample numbers its respondents
    afresh)."""
    out = {}
    for wave, values in values_by_wave.items():
        ids = [f"r{i}" for i in range(len(values))]
        respondents = pd.DataFrame(
            {"respondent_id": ids, "target_group": target_group, "weight": 1.0}
        )
        ratings = pd.DataFrame(
            {
                "respondent_id": ids,
                "target_group": target_group,
                "organisation": org,
                "item": "totaaloordeel",
                "value": values,
            }
        )
        out[wave] = (respondents, ratings)
    return out
