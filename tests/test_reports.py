"""End to end: the batch over the demo waves: reports, key figures, disclosure, browser checks."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
import yaml

from conftest import BATCH_PARAMETERS, TINY_NATIONALITY
from helpers.batch._runner import build_plan
from helpers.paths import PILOT_REFERENCE_FILE

# `make test` distributes by file (pytest-xdist --dist loadfile): this module's batch fixture
# runs once, in one worker, while the other worker takes the unit tests
pytestmark = pytest.mark.slow


def key_figures(batch, key):
    group, stem = key.split("/")
    return json.loads((batch.reports / group / "notebooks" / f"{stem}.json").read_text())


def test_batch_succeeds_and_writes_every_report(demo_batch):
    assert demo_batch.proc.returncode == 0, demo_batch.proc.stderr[-3000:]
    plan = build_plan(None, demo_batch.raw, demo_batch.processed)
    assert len(plan) == 11 * len(demo_batch.waves) + 2
    for task in plan:
        group, stem = task.key.split("/")
        assert (demo_batch.reports / group / f"{stem}.html").is_file(), task.key
        assert (demo_batch.reports / group / "notebooks" / f"{stem}.ipynb").is_file()
        assert (demo_batch.reports / group / "notebooks" / f"{stem}.json").is_file()
    index = (demo_batch.reports / "index.html").read_text()
    for task in plan:
        assert f'href="{task.key}.html"' in index, task.key
    assert "summary:" in demo_batch.proc.stderr


def test_reports_are_small_and_code_free(demo_batch):
    for page in demo_batch.reports.rglob("*.html"):
        text = page.read_text()
        assert page.stat().st_size < 3 * 1024 * 1024, page
        assert "Traceback" not in text, page
        assert "hl-ipython3" not in text, page  # no highlighted code: code cells removed
        if page.name != "index.html" and "06_context" not in page.name:
            assert "SYNTHETISCHE DEMODATA" in text, page


def test_tiny_nationality_never_reaches_a_report(demo_batch):
    for path in demo_batch.reports.rglob("*"):
        if path.suffix in (".html", ".json"):
            assert TINY_NATIONALITY not in path.read_text(), path
    # ... while it is in the processed data (so the test would notice a leak)
    import pandas as pd

    resp = pd.read_parquet(demo_batch.processed / demo_batch.waves[0] / "respondents.parquet")
    assert (resp["nationaliteit"] == TINY_NATIONALITY).sum() == 3


def test_rerun_is_up_to_date(demo_batch):
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "helpers",
            "run",
            "--raw",
            str(demo_batch.raw),
            "--processed",
            str(demo_batch.processed),
            "--reports",
            str(demo_batch.reports),
            "--wave",
            demo_batch.waves[-1],
            *BATCH_PARAMETERS,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "ok (up to date)" in proc.stderr
    assert (
        re.search(r"summary: \d+ up-to-date$", proc.stderr.splitlines()[-1])
        or "up-to-date" in proc.stderr.splitlines()[-1]
    )


def test_cleaning_counts_reconcile(demo_batch):
    for wave in demo_batch.waves:
        kf = key_figures(demo_batch, f"{wave}/01_cleaning")
        log = json.loads((demo_batch.processed / wave / "cleaning_log.json").read_text())
        totals = log["totals"]
        assert totals["rows_read"] == totals["rows_kept"] + totals["rows_quarantined"]
        assert kf["rows_read"] == totals["rows_read"]


def test_first_wave_descriptives_near_the_pilot(demo_batch):
    # the first demo wave is calibrated to the pilot; at n=200 the weighted means lie within
    # sampling error (se ~ 0.07-0.09) plus weighting: allow 0.35 points
    pilot = yaml.safe_load(PILOT_REFERENCE_FILE.read_text(encoding="utf-8"))
    kf = key_figures(demo_batch, f"{demo_batch.waves[0]}/02_descriptives_asielzoekers")
    means = kf["mean_totaaloordeel"]
    for org in ("IND", "COA", "DTV"):
        target = pilot["asylum_seekers"]["overall_judgement_mean"][org]["mean"]
        assert abs(means[org]["mean"] - target) < 0.35, (org, means[org])


def test_impact_key_figures_are_sane(demo_batch):
    for wave in demo_batch.waves:
        for org in ("IND", "COA", "DTV"):
            kf = key_figures(demo_batch, f"{wave}/03_impact_analysis_asielzoekers_{org}")
            if "stopped" in kf:
                continue
            assert 0.2 < kf["r2"] < 0.95, (wave, org, kf["r2"])
            assert kf["n"] >= 30
            shares = [a["share_pct"] for a in kf["aspects"].values()]
            assert abs(sum(shares) - 100) < 1e-6


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
def test_every_page_renders_cleanly_in_chromium(demo_batch, tmp_path):
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI (.ci/run installs Debian's chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    pages = [demo_batch.reports / "index.html", *sorted(demo_batch.reports.glob("*/*.html"))]
    problems = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=FLAGS, env={**os.environ, "HOME": str(tmp_path)}
        )
        for path in pages:
            page = browser.new_page()
            errors = []
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
            page.goto(path.as_uri(), wait_until="load")
            images = page.evaluate(
                "Array.from(document.images).map(i => [i.complete, i.naturalWidth])"
            )
            text = page.inner_text("body")
            visible_code = page.evaluate(
                "Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea, "
                ".jp-CodeMirrorEditor, .hl-ipython3')).filter(e => e.offsetParent !== null).length"
            )
            name = path.relative_to(demo_batch.reports)
            if errors:
                problems.append(f"{name}: console errors {errors[:3]}")
            if not all(ok and width > 0 for ok, width in images):
                problems.append(f"{name}: an image does not decode")
            if path.name != "index.html" and not images and "06_context" not in path.name:
                problems.append(f"{name}: no charts at all")
            if visible_code:
                problems.append(f"{name}: {visible_code} code cells visible")
            if "Traceback" in text or "Error:" in text:
                problems.append(f"{name}: traceback/error text visible")
            if (
                path.name != "index.html"
                and "06_context" not in path.name
                and not page.locator(".kk-banner-synthetic").is_visible()
            ):
                problems.append(f"{name}: synthetic banner not visible")
            page.close()
        browser.close()
    assert not problems, "\n".join(problems)
