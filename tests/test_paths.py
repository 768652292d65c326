"""One place resolves paths; raw data is read-only."""

import pytest

from helpers import paths
from helpers.errors import InputError


def test_root_has_the_client_layout():
    for name in [
        "notebooks",
        "data/raw",
        "data/processed",
        "src/helpers",
        "reports",
        "tests",
        "environment.yml",
        "README.md",
        "pyproject.toml",
    ]:
        assert (paths.PROJECT_ROOT / name).exists(), name


def test_writers_refuse_raw(tmp_path):
    with pytest.raises(InputError, match="raw data folder"):
        paths.ensure_not_raw(paths.RAW_DIR / "2017-Q2" / "out.parquet")
    with pytest.raises(InputError):
        paths.ensure_not_raw(tmp_path / "raw" / "x.csv", raw_root=tmp_path / "raw")
    assert (
        paths.ensure_not_raw(tmp_path / "processed" / "x.csv")
        == (tmp_path / "processed" / "x.csv").resolve()
    )


def test_list_waves(tmp_path):
    for wave in ["2018-Q1", "2017-Q2"]:
        (tmp_path / wave).mkdir()
        (tmp_path / wave / "wave.yml").write_text("wave: x\n")
    (tmp_path / "context").mkdir()
    assert paths.list_waves(tmp_path) == ["2017-Q2", "2018-Q1"]


def test_no_other_module_spells_data_folders():
    # the style rule "one paths module": other source files ask helpers.paths
    offenders = []
    for f in (paths.PROJECT_ROOT / "src" / "helpers").rglob("*.py"):
        if f.name == "paths.py":
            continue
        text = f.read_text(encoding="utf-8")
        if '"data/raw' in text or "'data/raw" in text or '"reports/' in text:
            offenders.append(f.name)
    assert not offenders
