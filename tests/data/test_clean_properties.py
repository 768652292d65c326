"""Property: for any small wave with any mix of defects, the row counts reconcile.

Hypothesis draws the sizes of the two files and a list of defects (duplicates, missing ids,
out-of-range and unreadable cells, routing violations, speeders, straightliners, malformed and
truncated lines, blank lines); for every drawn wave, rows read (counted independently here)
equal rows kept plus rows quarantined, per file and in total, every excluded row has exactly one
row entry, the processed tables agree with the counts, and every weight is finite and positive.

The search is deterministic (the "ci" profile of tests/conftest.py, a fixed set of examples);
`make test-explore` searches randomly and longer. Each wave such a search found failing is kept
below as an ``@example``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers.codebook import load_codebook
from helpers.data import CleaningRules, clean_wave
from helpers.data._cleaning_result import STATUSES
from wavefactory import csv_text, make_frame, write_wave_yml

CB = load_codebook()
DEFECTS = [
    "dup_exact",
    "dup_conflict",
    "missing_id",
    "out_of_range",
    "bad_text",
    "routing",
    "speeder",
    "straightliner",
    "malformed",
    "blank_line",
    "bad_date",
]


def _apply(frame, tg, kind, rng):
    n = len(frame)
    i = int(rng.integers(n))
    if kind == "dup_exact":
        return pd.concat([frame, frame.iloc[[i]]], ignore_index=True)
    if kind == "dup_conflict":
        j = int(rng.integers(n))
        clone = frame.iloc[[j]].copy()
        clone["respondent_id"] = frame.at[i, "respondent_id"]
        clone["modus"] = 1 if frame.at[i, "modus"] == 2 else 2
        return pd.concat([frame, clone], ignore_index=True)
    if kind == "missing_id":
        frame.at[i, "respondent_id"] = None
    elif kind == "out_of_range":
        frame.at[i, "modus"] = 7
    elif kind == "bad_text":
        frame.at[i, "respondent_id" if rng.random() < 0.2 else "modus"] = "onleesbaar"
    elif kind == "bad_date":
        frame.at[i, "veldwerkdatum"] = "2017-13-45"
    elif kind == "routing":
        if tg == "asielzoekers":
            frame.at[i, "contact_ind"] = 5
            frame.at[i, "ind_totaaloordeel"] = 1
        else:
            frame.at[i, "werkgever"] = 2
            frame.at[i, "coa_nps"] = 9
    elif kind == "speeder":
        frame.at[i, "modus"] = 2
        frame.at[i, "duur_minuten"] = 0.5
    elif kind == "straightliner":
        for var in CB.rating_variables(tg, "2017.1"):
            if var.item in CB.aspects(tg) and frame.at[i, var.name] is not None:
                frame.at[i, var.name] = 3
    return frame


# about a second per example: 10 in the deterministic run, the profile's number when exploring
EXAMPLES = 10 if settings.default.derandomize else settings.default.max_examples


@settings(max_examples=EXAMPLES)
@given(
    n_a=st.integers(1, 8),
    n_k=st.integers(1, 6),
    seed=st.integers(0, 10_000),
    defects=st.lists(
        st.tuples(st.sampled_from(["asielzoekers", "ketenpartners"]), st.sampled_from(DEFECTS)),
        max_size=8,
    ),
    truncate=st.sampled_from([None, "asielzoekers", "ketenpartners"]),
    exclude=st.booleans(),
)
# 3 asylum seekers who cannot be raked to the margins (a weight went to 0) and 1 partner
@example(n_a=3, n_k=1, seed=10, defects=[], truncate=None, exclude=True)
def test_rows_read_equal_kept_plus_quarantined(
    tmp_path_factory, n_a, n_k, seed, defects, truncate, exclude
):
    rng = np.random.default_rng(seed)
    wave = tmp_path_factory.mktemp("w")
    frames = {
        "asielzoekers": make_frame("asielzoekers", n_a, seed=seed),
        "ketenpartners": make_frame("ketenpartners", n_k, seed=seed + 1),
    }
    line_edits = {"asielzoekers": [], "ketenpartners": []}
    for tg, kind in defects:
        if kind in ("malformed", "blank_line"):
            line_edits[tg].append(kind)
        else:
            frames[tg] = _apply(frames[tg].astype(object), tg, kind, rng)
    expected_rows = {}
    for tg, frame in frames.items():
        lines = csv_text(frame).split("\n")[:-1]  # header + one line per row
        header, body = lines[0], lines[1:]
        for kind in line_edits[tg]:
            k = int(rng.integers(len(body)))
            if kind == "malformed":
                body[k] = body[k].replace(";", ",", 3)
            else:
                body.insert(k, "")
        n_rows = sum(1 for b in body if b.strip())
        text = "\n".join([header, *body]) + "\n"
        if truncate == tg:
            text = text.rstrip("\n")
            last = text.rsplit("\n", 1)[-1]
            text = text[: len(text) - len(last) // 2]
        (wave / f"{tg}.csv").write_text(text, encoding="utf-8")
        expected_rows[f"{tg}.csv"] = n_rows
    write_wave_yml(wave, {tg: f"{tg}.csv" for tg in frames})
    rules = CleaningRules(
        exclude_speeders=exclude, exclude_straightliners=exclude, straightline_min_items=5
    )
    res = clean_wave(wave, rules=rules)

    log, q = res.log, res.quarantine
    for f in log["files"]:
        assert f["rows_read"] == expected_rows[f["file"]]
        assert f["rows_read"] == f["rows_kept"] + f["rows_quarantined"]
        assert sum(f["rows_quarantined_by_reason"].values()) == f["rows_quarantined"]
    t = log["totals"]
    assert t["rows_read"] == t["rows_kept"] + t["rows_quarantined"] == sum(expected_rows.values())
    excluded = q[q["action"] == "row_excluded"]
    assert not excluded.duplicated(["file", "row"]).any()
    assert len(excluded) == t["rows_quarantined"]
    assert set(q["action"]) <= {"row_excluded", "cell_set_missing", "flagged"}
    # kept rows carry no cell entries of excluded rows, and the tables agree with the counts
    cell = q[q["action"] != "row_excluded"]
    assert not cell.merge(excluded[["file", "row"]], on=["file", "row"]).shape[0]
    assert len(res.respondents) == t["rows_kept"]
    assert res.respondents["respondent_id"].is_unique
    assert set(res.ratings["respondent_id"]) <= set(res.respondents["respondent_id"])
    for _, grp in res.respondents.groupby("target_group"):
        assert abs(grp["weight"].mean() - 1) < 1e-9
    assert np.isfinite(res.respondents["weight"]).all() and (res.respondents["weight"] > 0).all()
    assert log["status"] in STATUSES
    # a cut-off last line keeps its respondent code when the cut lies beyond it
    for rec in q[q["reason"] == "truncated_row"].to_dict("records"):
        fields = rec["raw_value"].split(";")
        expected = fields[0] or None if len(fields) > 1 else None
        assert (None if pd.isna(rec["respondent_id"]) else rec["respondent_id"]) == expected
