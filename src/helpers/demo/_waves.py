"""Demo wave basics: wave ids, questionnaire version, fieldwork, respondent ids, random streams."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from helpers.codebook import Codebook, load_codebook
from helpers.errors import InputError

DEFAULT_WAVES = ("2017-Q2", "2017-Q3", "2017-Q4", "2018-Q1")
DEFAULT_SEED = 1
DEFAULT_N_ASYLUM = 200  # the pilot's sample sizes
DEFAULT_N_PARTNERS = 290
WAVE_PATTERN = re.compile(r"^\d{4}-Q[1-4]$")
ID_PREFIX = {"asielzoekers": "AZ", "ketenpartners": "KP"}


# -- small helpers -----------------------------------------------------------------------------
def questionnaire_version(wave: str, codebook: Codebook | None = None) -> str:
    """Questionnaire version of a demo wave: ``2018.1`` from 2018-Q1 on, else ``2017.1``.

    >>> questionnaire_version("2017-Q4"), questionnaire_version("2018-Q1")
    ('2017.1', '2018.1')
    """
    cb = codebook or load_codebook()
    return cb.versions[-1] if wave >= "2018-Q1" else cb.versions[0]


def fieldwork(wave: str) -> tuple[dt.date, dt.date]:
    """Fieldwork period of a wave: the first Monday of the quarter to the Friday of week 12.

    >>> fieldwork("2017-Q2")
    (datetime.date(2017, 4, 3), datetime.date(2017, 6, 23))
    """
    year, q = int(wave[:4]), int(wave[-1])
    first = dt.date(year, 3 * q - 2, 1)
    start = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    return start, start + dt.timedelta(days=81)


def check_wave_id(wave: str) -> str:
    if not WAVE_PATTERN.match(str(wave)):
        raise InputError(f"wave id {wave!r} is not of the form YYYY-Qn (e.g. 2017-Q2)")
    return str(wave)


def respondent_ids(target_group: str, wave: str, n: int) -> np.ndarray:
    """Respondent codes ``AZ2017Q2-00001`` (asylum seekers) or ``KP...`` (partners).

    >>> respondent_ids("ketenpartners", "2018-Q1", 2).tolist()
    ['KP2018Q1-00001', 'KP2018Q1-00002']
    """
    return numbered_ids(ID_PREFIX[target_group], wave, 1, n)


def numbered_ids(prefix: str, wave: str, start: int, n: int) -> np.ndarray:
    """Ids ``<prefix><wave without dash>-<5-digit number>`` numbered from ``start``."""
    numbers = np.char.zfill(np.arange(start, start + n).astype(str), 5)
    return np.char.add(f"{prefix}{wave.replace('-', '')}-", numbers).astype(object)


def rng_stream(seed: int, wave: str, stream: int) -> np.random.Generator:
    """The random stream ``stream`` of a wave (1 asylum seekers, 2 partners, 3 defects, 4 coded)."""
    year, q = int(wave[:4]), int(wave[-1])
    return np.random.default_rng([int(seed), year, q, stream])
