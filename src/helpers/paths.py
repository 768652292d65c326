"""The one place that knows where things live.

The project root is found from this file (and checked against the ``pyproject.toml`` marker).
``KK_DATA_ROOT`` moves ``data/`` elsewhere (real respondent data should not live inside a git
checkout); every other module asks this one for folders and never spells them itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from helpers.errors import InputError

_MARKER = "pyproject.toml"


def _find_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / _MARKER).is_file() and (parent / "src" / "helpers").is_dir():
            return parent
    # Installed without a checkout: fall back to the working directory.
    return Path.cwd()


PROJECT_ROOT: Path = _find_root()
DATA_ROOT: Path = Path(os.environ.get("KK_DATA_ROOT", PROJECT_ROOT / "data")).resolve()
RAW_DIR: Path = DATA_ROOT / "raw"
PROCESSED_DIR: Path = DATA_ROOT / "processed"
REPORTS_DIR: Path = Path(os.environ.get("KK_REPORTS_ROOT", PROJECT_ROOT / "reports")).resolve()
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
CODEBOOK_FILE: Path = Path(__file__).resolve().parent / "codebook.yml"


def context_dir(raw_root: Path | str | None = None) -> Path:
    """Folder of the public context data under a raw folder, e.g. ``data/raw/context``."""
    return Path(raw_root or RAW_DIR) / "context"


def raw_wave_dir(wave: str, raw_root: Path | str | None = None) -> Path:
    """Folder of one raw wave, e.g. ``data/raw/2017-Q2``."""
    return Path(raw_root or RAW_DIR) / wave


def processed_wave_dir(wave: str, processed_root: Path | str | None = None) -> Path:
    """Folder where cleaning writes one wave, e.g. ``data/processed/2017-Q2``."""
    return Path(processed_root or PROCESSED_DIR) / wave


def report_wave_dir(wave: str, reports_root: Path | str | None = None) -> Path:
    """Folder of one wave's HTML reports, e.g. ``reports/2017-Q2``."""
    return Path(reports_root or REPORTS_DIR) / wave


def list_waves(raw_root: Path | str | None = None) -> list[str]:
    """Every wave under the raw folder (a folder holding a ``wave.yml``), sorted."""
    root = Path(raw_root or RAW_DIR)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "wave.yml").is_file())


def ensure_not_raw(path: Path | str, raw_root: Path | str | None = None) -> Path:
    """Refuse to write under the raw folder: raw data is immutable.

    Examples
    --------
    >>> ensure_not_raw(RAW_DIR / "2017-Q2" / "x.parquet")
    Traceback (most recent call last):
    ...
    helpers.errors.InputError: ...: refusing to write under the raw data folder ...
    """
    target = Path(path).resolve()
    roots = {RAW_DIR.resolve()}
    if raw_root is not None:
        roots.add(Path(raw_root).resolve())
    for root in roots:
        if target == root or root in target.parents:
            raise InputError(f"refusing to write under the raw data folder {root}", file=target)
    return target


# The published pilot figures (shipped with the package; the demo generator calibrates to them).
PILOT_REFERENCE_FILE: Path = (
    Path(__file__).resolve().parent / "reference" / "kleine-keten-2017-pilot.yml"
)
