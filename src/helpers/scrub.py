"""Scrubbing personal data from open answers: moved to :mod:`helpers.privacy`, re-exported here
for the callers that still import it from this module."""

from helpers.privacy import (
    KINDS,
    NON_ANSWERS,
    REPLACEMENTS,
    open_answers_for_report,
    redact_terms,
    residual_identifier,
    scrub,
    scrub_counts,
    scrub_series,
)

__all__ = [
    "KINDS",
    "NON_ANSWERS",
    "REPLACEMENTS",
    "open_answers_for_report",
    "redact_terms",
    "residual_identifier",
    "scrub",
    "scrub_counts",
    "scrub_series",
]
