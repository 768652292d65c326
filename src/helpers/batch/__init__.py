"""Batch runs: the plan, the runner, notebook parameters, HTML export, the index page."""

from __future__ import annotations

from helpers.batch._runner import (
    dry_run_lines,
    plan_status,
    run_batch,
    summary_lines,
)

__all__ = [
    "dry_run_lines",
    "plan_status",
    "run_batch",
    "summary_lines",
]
