"""Processed tables of several waves, as the trends analysis receives them from data.Wave."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pandas as pd

#: A small clustered sample of three waves: 14 asylum seekers per wave in five reception
#: centres (``azc``), weights ``w``, overall judgements of IND and COA (empty: not rated). Drawn
#: once with numpy.random.default_rng(12); the reference values in tests/stats/test_trends.py
#: were computed from exactly this text with R 4.1 and survey 4.1.1.
SMALL_CLUSTERED = """wave,id,azc,w,IND,COA
2017-Q2,r0,D,0.65,2,3
2017-Q2,r1,B,1.67,3,4
2017-Q2,r2,E,1.62,3,4
2017-Q2,r3,E,0.5,3,4
2017-Q2,r4,A,1.2,3,5
2017-Q2,r5,A,0.64,4,5
2017-Q2,r6,A,0.84,3,4
2017-Q2,r7,A,1.04,5,5
2017-Q2,r8,C,1.09,2,4
2017-Q2,r9,B,1.11,4,4
2017-Q2,r10,C,1.71,,5
2017-Q2,r11,B,0.84,3,3
2017-Q2,r12,E,0.74,2,2
2017-Q2,r13,D,1.37,3,3
2017-Q3,r0,E,0.61,,4
2017-Q3,r1,A,1.63,3,5
2017-Q3,r2,E,1.4,1,3
2017-Q3,r3,B,1.52,2,5
2017-Q3,r4,A,1.29,,5
2017-Q3,r5,A,1.1,3,5
2017-Q3,r6,A,0.75,3,
2017-Q3,r7,A,1.73,4,4
2017-Q3,r8,C,0.69,3,5
2017-Q3,r9,D,1.18,,4
2017-Q3,r10,D,0.66,,3
2017-Q3,r11,B,0.64,3,2
2017-Q3,r12,C,1.41,4,4
2017-Q3,r13,D,1.66,,3
2017-Q4,r0,B,1.39,2,5
2017-Q4,r1,B,1.25,3,4
2017-Q4,r2,C,0.94,3,4
2017-Q4,r3,C,1.04,,5
2017-Q4,r4,B,0.55,1,4
2017-Q4,r5,C,1.02,5,4
2017-Q4,r6,E,1.59,2,4
2017-Q4,r7,A,0.55,1,5
2017-Q4,r8,B,1.35,2,3
2017-Q4,r9,A,1.4,5,5
2017-Q4,r10,E,0.79,3,4
2017-Q4,r11,B,0.88,,3
2017-Q4,r12,C,0.73,3,3
2017-Q4,r13,A,1.24,,3
"""


def wave_tables(values_by_wave, target_group="asielzoekers", org="IND"):
    """``{wave: (respondents, ratings)}`` of the overall judgement ``values`` of every wave, unit
    weights; the same respondent ids in every wave (a fresh sample numbers its respondents
    afresh). ``values`` is a list (one organisation, ``org``) or a dict organisation -> list (all
    of the same length)."""
    out = {}
    for wave, values in values_by_wave.items():
        by_org = values if isinstance(values, dict) else {org: values}
        n = len(next(iter(by_org.values())))
        ids = [f"r{i}" for i in range(n)]
        respondents = pd.DataFrame(
            {"respondent_id": ids, "target_group": target_group, "weight": 1.0}
        )
        ratings = pd.concat(
            [
                pd.DataFrame(
                    {
                        "respondent_id": ids,
                        "target_group": target_group,
                        "organisation": o,
                        "item": "totaaloordeel",
                        "value": v,
                    }
                )
                for o, v in by_org.items()
            ],
            ignore_index=True,
        )
        out[wave] = (respondents, ratings)
    return out


def clustered_tables(text: str = SMALL_CLUSTERED, waves=None):
    """``{wave: (respondents, ratings)}`` of :data:`SMALL_CLUSTERED` (asylum seekers, cluster
    column ``azc``), optionally only the given waves."""
    d = pd.read_csv(io.StringIO(text))
    out = {}
    for wave, g in d.groupby("wave"):
        if waves is not None and wave not in waves:
            continue
        respondents = pd.DataFrame(
            {
                "respondent_id": g["id"],
                "target_group": "asielzoekers",
                "weight": g["w"],
                "azc": g["azc"],
            }
        )
        ratings = (
            g.melt(id_vars=["id"], value_vars=["IND", "COA"], var_name="organisation")
            .dropna()
            .rename(columns={"id": "respondent_id"})
            .assign(target_group="asielzoekers", item="totaaloordeel")
        )
        out[wave] = (respondents, ratings)
    return out


def designs(waves, cluster="azc", fresh_clusters=True, target_group="asielzoekers"):
    """Declared designs per wave, shaped like ``helpers.data.Wave.design``."""
    return {
        w: {target_group: SimpleNamespace(cluster=cluster, fresh_clusters=fresh_clusters)}
        for w in waves
    }
