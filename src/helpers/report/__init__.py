"""Everything a reader sees: Dutch text, tables and charts, one module per report."""

from __future__ import annotations

from helpers.report._display import (
    HEADER_END,
    git_commit,
    processed_tables,
    processed_waves,
)
from helpers.report._text import (
    join_nl,
    label_for,
)

__all__ = [
    "HEADER_END",
    "git_commit",
    "join_nl",
    "label_for",
    "processed_tables",
    "processed_waves",
]
