"""Cleaning catches every deliberate defect the demo generator documents in each wave.yml.

For every synthetic wave under the raw data folder (``python -m helpers demo`` writes 2017-Q2 ..
2018-Q1), the wave is cleaned into tmp_path (never into data/processed) and each entry of its
``defects`` list must be found in the quarantine file with the matching reason, at the file, row
(and column) the entry names. Skipped only when the raw folder holds no demo waves.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from helpers.data import clean_wave
from helpers.paths import RAW_DIR, list_waves


def _demo_waves() -> list[str]:
    waves = []
    for w in list_waves(RAW_DIR):
        spec = yaml.safe_load((RAW_DIR / w / "wave.yml").read_text(encoding="utf-8")) or {}
        if spec.get("synthetic") is True:
            waves.append(w)
    return waves


WAVES = _demo_waves()
pytestmark = pytest.mark.skipif(
    not WAVES, reason="no demo waves under data/raw (run `python -m helpers demo`)"
)


def _has(
    q: pd.DataFrame,
    file: str,
    row: int,
    reason: str,
    column: str | None = None,
    action: str | None = None,
) -> bool:
    m = (q["file"] == file) & (q["row"] == row) & (q["reason"] == reason)
    if column is not None:
        m &= q["column"] == column
    if action is not None:
        m &= q["action"] == action
    return bool(m.any())


def check_defect(d: dict, q: pd.DataFrame, respondents: pd.DataFrame) -> str | None:
    """None when the defect ``d`` (a wave.yml ``defects`` entry) was caught, else why not."""
    kind, file, rows = d["kind"], d["file"], list(d.get("rows") or [])
    if kind == "duplicate_row":
        first, *later = sorted(rows)
        missing = [
            r for r in later if not _has(q, file, r, "duplicate_exact", action="row_excluded")
        ]
        kept = respondents[respondents["respondent_id"] == d["respondent_id"]]
        if missing:
            return f"later copies {missing} not quarantined as duplicate_exact"
        if len(kept) != 1 or not kept["flag_duplicate"].all():
            return "the first copy is not kept exactly once with flag_duplicate"
        return None
    if kind == "duplicate_id_conflict":
        missing = [
            r for r in rows if not _has(q, file, r, "duplicate_id_conflict", action="row_excluded")
        ]
        if missing or d["respondent_id"] in set(respondents["respondent_id"]):
            return f"copies {missing or rows} not all quarantined"
        return None
    simple = {
        "out_of_range": ("out_of_range", "cell_set_missing", True),
        "own_organisation_rated": ("routing_own_organisation", "cell_set_missing", True),
        "rated_without_contact": ("routing_no_contact", "cell_set_missing", True),
        "implausibly_fast": ("speeder", "row_excluded", False),
        "straightliner": ("straightliner", "row_excluded", False),
    }
    if kind not in simple:
        return (
            f"unknown defect kind {kind!r}: teach tests/data/test_clean_demo.py what cleaning does"
        )
    reason, action, by_column = simple[kind]
    column = d.get("column") if by_column else None
    missing = [r for r in rows if not _has(q, file, r, reason, column, action)]
    return f"rows {missing} have no {reason} ({action}) entry" if missing else None


@pytest.mark.parametrize("wave", WAVES)
def test_every_documented_defect_is_caught(wave, tmp_path):
    res = clean_wave(RAW_DIR / wave, tmp_path / wave)
    spec = yaml.safe_load((RAW_DIR / wave / "wave.yml").read_text(encoding="utf-8"))
    defects = spec.get("defects") or []
    assert defects, f"{wave}: a demo wave should document its defects"
    q = pd.read_csv(tmp_path / wave / "quarantine.csv", dtype={"row": "int64"})
    problems = [
        f"{d['kind']} {d.get('respondent_id')}: {why}"
        for d in defects
        if (why := check_defect(d, q, res.respondents))
    ]
    assert not problems, f"{wave}: " + "; ".join(problems)
    # counts reconcile, and nothing is lost
    for f in res.log["files"]:
        assert f["rows_read"] == f["rows_kept"] + f["rows_quarantined"]
    assert res.log["synthetic"] is True and res.respondents["synthetic"].all()


@pytest.mark.parametrize("wave", WAVES[:1])
def test_demo_wave_rerun_is_byte_identical(wave, tmp_path):
    clean_wave(RAW_DIR / wave, tmp_path / "a")
    clean_wave(RAW_DIR / wave, tmp_path / "b")
    for p in sorted((tmp_path / "a").iterdir()):
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes(), p.name
