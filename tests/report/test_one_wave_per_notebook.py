"""A wave is built once per notebook: the header shows the report's own opened wave (its
synthetic flag and data version) instead of opening the wave a second time."""

from __future__ import annotations

import shutil

import IPython.display
import pytest

from helpers.data import Wave, clean_wave
from helpers.paths import RAW_DIR, list_waves
from helpers.report import descriptives, impact, power, small_area

WAVE = list_waves(RAW_DIR)[0]


@pytest.fixture(scope="module")
def roots(tmp_path_factory):
    root = tmp_path_factory.mktemp("onewave")
    shutil.copytree(RAW_DIR / WAVE, root / "raw" / WAVE)
    clean_wave(root / "raw" / WAVE, root / "processed" / WAVE)
    return root / "raw", root / "processed"


@pytest.fixture
def opened(monkeypatch):
    """The waves built while a report is built and its header shown."""
    built: list[str] = []
    init = Wave.__init__

    def counting(self, wave_id, *args, **kwargs):
        built.append(str(wave_id))
        init(self, wave_id, *args, **kwargs)

    monkeypatch.setattr(Wave, "__init__", counting)
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: None)
    return built


@pytest.mark.parametrize(
    ("module", "arguments"),
    [
        (descriptives, {"target_group": "asielzoekers"}),
        (impact, {"target_group": "asielzoekers", "organisation": "COA", "bootstrap": 100}),
        (power, {"target_group": "asielzoekers", "simulation_samples": 20}),
        (small_area, {"target_group": "asielzoekers", "window": 1, "bootstrap": 100}),
    ],
    ids=lambda x: getattr(x, "__name__", "").rsplit(".", 1)[-1] or None,
)
def test_the_header_shows_the_reports_own_wave(roots, opened, module, arguments):
    raw, processed = roots
    report = module.build(WAVE, **arguments, raw_root=str(raw), processed_root=str(processed))
    module.show_header(report)
    assert opened == [WAVE]
