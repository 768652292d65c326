"""Shared fixtures: one full batch run over a copy of the demo waves, used by the report tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, settings

from helpers import paths

# Property tests are deterministic by default: the "ci" profile derandomises the search (the same
# examples on every machine and every run) and keeps no example database, so a fresh clone can
# never draw a new failing example. `make test-explore` (HYPOTHESIS_PROFILE=explore) searches
# randomly and longer; an example it finds is added to the test as an explicit @example.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "explore",
    derandomize=False,
    max_examples=500,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TINY_NATIONALITY = "Testlandia"  # planted in 3 respondents; must never reach a report


def plant_tiny_nationality(wave_dir: Path, n: int = 3) -> list[str]:
    """Give ``n`` asylum seekers of a raw wave a nationality nobody else has.

    The asylum seekers' file is rewritten as a plain `;` CSV (a format cleaning accepts) with the
    same cells, and wave.yml is pointed at it. Returns the respondent ids changed.
    """
    from helpers.data._readers import read_raw_file

    config_path = wave_dir / "wave.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    entry = next(f for f in config["files"] if f["target_group"] == "asielzoekers")
    table = read_raw_file(wave_dir / entry["path"])
    frame = table.frame.copy()
    id_col = "respondent_id" if "respondent_id" in frame.columns else "resp_id"
    defect_ids = {str(d.get("respondent_id")) for d in config.get("defects") or []}
    counts = frame[id_col].value_counts()
    candidates = [
        i for i, rid in frame[id_col].items() if counts[rid] == 1 and rid not in defect_ids
    ][:n]
    frame.loc[candidates, "nationaliteit"] = TINY_NATIONALITY
    (wave_dir / entry["path"]).unlink()
    entry["path"] = "asielzoekers_planted.csv"
    frame.to_csv(wave_dir / entry["path"], sep=";", index=False, encoding="utf-8")
    config_path.write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return frame.loc[candidates, id_col].tolist()


# the report tests check structure, disclosure and sanity, not the bootstrap's precision
BATCH_PARAMETERS = ("-p", "bootstrap=200", "-p", "simulation_samples=50")
BATCH_WAVES = 2  # two waves: every notebook, a previous wave and a trend, in half the time


@pytest.fixture(scope="session")
def demo_batch(tmp_path_factory):
    """`python -m helpers run` over all demo waves (one with a planted tiny nationality)."""
    waves = paths.list_waves(paths.RAW_DIR)[:BATCH_WAVES]
    if len(waves) < BATCH_WAVES:
        pytest.fail("no demo waves under data/raw: run `make demo`")
    root = tmp_path_factory.mktemp("batch")
    raw = root / "raw"
    shutil.copytree(paths.context_dir(paths.RAW_DIR), paths.context_dir(raw))
    for wave in waves:
        shutil.copytree(paths.raw_wave_dir(wave, paths.RAW_DIR), paths.raw_wave_dir(wave, raw))
    planted = plant_tiny_nationality(raw / waves[0])
    cmd = [
        sys.executable,
        "-m",
        "helpers",
        "run",
        "--raw",
        str(raw),
        "--processed",
        str(root / "processed"),
        "--reports",
        str(root / "reports"),
        "--jobs",
        str(os.cpu_count() or 2),
        *BATCH_PARAMETERS,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    return SimpleNamespace(
        root=root,
        raw=raw,
        processed=root / "processed",
        reports=root / "reports",
        proc=proc,
        waves=waves,
        planted=planted,
    )
