"""The wave: wave.yml, raw readers, validation, quality rules, weighting, cleaning, context data."""

from __future__ import annotations

from helpers.data._cleaning import (
    CleaningRules,
    clean_wave,
)
from helpers.data._context import (
    COMPLAINTS_FILE,
    DEFINITION_BREAK,
    KPIS_FILE,
    MARKS_FILE,
    read_complaints,
    read_kpis,
    read_report_marks,
)
from helpers.data._readers import (
    read_raw_file,
)
from helpers.data._wave import (
    WAVE_FILE,
    Design,
    Population,
    Wave,
    WaveConfig,
    processed_wave_ids,
    read_wave_config,
)

__all__ = [
    "COMPLAINTS_FILE",
    "CleaningRules",
    "DEFINITION_BREAK",
    "KPIS_FILE",
    "MARKS_FILE",
    "clean_wave",
    "read_complaints",
    "read_kpis",
    "read_raw_file",
    "read_report_marks",
    "read_wave_config",
    "Design",
    "Population",
    "WAVE_FILE",
    "Wave",
    "WaveConfig",
    "processed_wave_ids",
]
