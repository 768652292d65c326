"""Batch runs: the plan, the runner, notebook parameters, HTML export, the index page."""

from helpers._lazy import lazy_front

__all__, __getattr__, __dir__ = lazy_front(
    __name__,
    {
        "_runner": [
            "dry_run_lines",
            "plan_status",
            "run_batch",
            "summary_lines",
        ],
    },
)
