"""Every notebook runs top to bottom with its default parameters, without papermill.

That is how an analyst uses them in JupyterLab: open, "Run all". The data root is moved to a
temporary copy of the demo data (``KK_DATA_ROOT``), so the repository's data/processed is untouched.
"""

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import paths

pytestmark = pytest.mark.slow

ORDER = [
    "01_cleaning.ipynb",  # first: the others read what cleaning writes
    "02_descriptives.ipynb",
    "03_impact_analysis.ipynb",
    "04_power_continuous_measurement.ipynb",
    "05_trends.ipynb",
    "06_context_indicators.ipynb",
    "07_small_area.ipynb",
    "00_wave_summary.ipynb",  # last: it reads the key figures of the others (none in this run)
]


def test_all_notebooks_run_with_defaults(tmp_path, monkeypatch):
    shutil.copytree(paths.RAW_DIR, tmp_path / "data" / "raw")
    monkeypatch.setenv("KK_DATA_ROOT", str(tmp_path / "data"))
    failures = []
    for name in ORDER:
        nb = nbformat.read(paths.NOTEBOOKS_DIR / name, as_version=4)
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=600,
            resources={"metadata": {"path": str(paths.NOTEBOOKS_DIR)}},
        )
        try:
            client.execute()
        except Exception as exc:  # collect all, report together
            failures.append(f"{name}: {type(exc).__name__}: {str(exc)[-500:]}")
    assert not failures, "\n".join(failures)
    assert (tmp_path / "data" / "processed" / "2017-Q2" / "ratings.parquet").is_file()
    assert not list(paths.NOTEBOOKS_DIR.glob("*.json")), "interactive runs write no key figures"
    assert sorted(ORDER) == sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
