"""Batch runs: the plan, the runner, notebook parameters, HTML export, the index page."""

from __future__ import annotations

from helpers.batch._runner import (
    run_batch,
    summary_lines,
)

__all__ = [
    "run_batch",
    "summary_lines",
]
