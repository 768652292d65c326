"""Pieces of processed wave tables for the descriptives tests that build their own frames."""

from __future__ import annotations

import numpy as np
import pandas as pd


def asylum_seekers(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """``n`` asylum seekers as respondents.parquet has them: weights with mean 1, a status, paper.

    Draws from ``rng`` in a fixed order, so a test's later draws stay what they were.
    """
    az = pd.DataFrame(
        {
            "respondent_id": [f"AZ{i:03d}" for i in range(n)],
            "target_group": "asielzoekers",
            "weight": rng.uniform(0.5, 2.0, n),
            "status": rng.choice(["afgewezen", "vergunning_na_beroep"], n),
            "modus": "papier",
        }
    )
    az["weight"] /= az["weight"].mean()
    return az
