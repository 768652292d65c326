"""`python -m helpers run --dry-run` and `--version`: the plan without running anything.

The batch itself runs in ``tests/test_reports.py`` (end to end) and ``tests/batch/``; here only
the command line's plan, on the bundled demo waves and an empty reports folder.
"""

from __future__ import annotations

import re
import subprocess
import sys

from helpers import __version__
from helpers.batch._plan import build_plan
from helpers.paths import RAW_DIR


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "helpers", *args], capture_output=True, text=True, timeout=120
    )


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip().endswith(__version__)


def test_dry_run_prints_every_notebook_of_the_plan_and_runs_nothing(tmp_path):
    processed, reports = tmp_path / "processed", tmp_path / "reports"
    out = run("run", "--dry-run", "--processed", str(processed), "--reports", str(reports))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    plan = build_plan(None, RAW_DIR, processed)
    listed = [re.match(r"^(run|up to date|omitted)\s+(\S+): (.+)$", line) for line in lines[:-1]]
    assert all(listed), lines
    assert [m.group(2) for m in listed if m.group(1) != "omitted"] == [t.key for t in plan]
    # nothing ran before: every notebook would run, each with its reason
    assert {m.group(1) for m in listed} <= {"run", "omitted"}
    assert "not run before in this reports folder" in out.stdout
    assert any("runs after" in m.group(3) for m in listed)
    assert lines[-1].startswith(f"plan: {len(plan)} to run, 0 up to date")
    assert not reports.exists() and not processed.exists()  # a dry run writes nothing


def test_dry_run_refuses_a_misspelt_parameter_in_one_line(tmp_path):
    out = run("run", "--dry-run", "--reports", str(tmp_path), "-p", "bootstrapp=3")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "error: no notebook declares parameter(s) bootstrapp"
    ]
