"""Key figures: the flattener, the document written by save_key_figures, the schema, the reader.

The nested inputs below copy the shapes the reports produce (descriptives per organisation,
impact per aspect, trends with composite keys, context with lists of records, cleaning with
dicts and lists); the expected figures are written out by hand.
"""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pytest

from helpers.errors import InputError
from helpers.report import KEY_FIGURES_SCHEMA, flatten_key_figures, read_key_figures
from helpers.report._display import save_key_figures, stop_report
from helpers.report._key_figures import key_figure_document, load_schema

SCHEMA = json.loads(KEY_FIGURES_SCHEMA.read_text(encoding="utf-8"))


def by_name(figures):
    return {f["name"]: f for f in figures}


def test_estimate_with_interval_and_n_is_one_figure():
    figs = by_name(
        flatten_key_figures(
            {
                "mean_totaaloordeel": {
                    "IND": {
                        "n": 150,
                        "mean": 3.7,
                        "ci_low": 3.5,
                        "ci_high": 3.9,
                        "pct_positive": 61.0,
                    },
                    "DTV": {"n": None, "mean": None, "ci_low": None, "ci_high": None},
                }
            }
        )
    )
    assert figs["mean_totaaloordeel.IND.mean"] == {
        "name": "mean_totaaloordeel.IND.mean",
        "value": 3.7,
        "ci_low": 3.5,
        "ci_high": 3.9,
        "n": 150,
        "suppressed": False,
    }
    # a sibling number shares the dict's n; n itself is not a separate figure
    assert figs["mean_totaaloordeel.IND.pct_positive"]["n"] == 150
    assert "mean_totaaloordeel.IND.n" not in figs
    # a suppressed cell (None estimate with an interval) is flagged
    assert figs["mean_totaaloordeel.DTV.mean"]["suppressed"] is True
    assert set(figs) == {
        "mean_totaaloordeel.IND.mean",
        "mean_totaaloordeel.IND.pct_positive",
        "mean_totaaloordeel.DTV.mean",
    }


def test_suffix_and_prefix_intervals():
    figs = by_name(
        flatten_key_figures(
            {
                "r2": 0.41,
                "r2_ci_low": 0.30,
                "r2_ci_high": 0.52,
                "r2_adjusted": 0.39,
                "aspects": {
                    "inleven": {
                        "n": 120,
                        "share_pct": 12.5,
                        "share_ci_low": 8.0,
                        "share_ci_high": 17.0,
                    }
                },
                "mean_asielzoekers_IND": 3.6,
                "ci_low_asielzoekers_IND": 3.4,
                "ci_high_asielzoekers_IND": 3.8,
                "n_asielzoekers_IND": 180,
                "n_tests_asielzoekers": 3,
            }
        )
    )
    assert (figs["r2"]["ci_low"], figs["r2"]["ci_high"], figs["r2"]["n"]) == (0.30, 0.52, None)
    assert figs["r2_adjusted"]["ci_low"] is None  # r2's interval is r2's only
    share = figs["aspects.inleven.share_pct"]
    assert (share["value"], share["ci_low"], share["ci_high"], share["n"]) == (12.5, 8.0, 17.0, 120)
    assert figs["aspects.inleven.n"]["value"] == 120  # no ci_low/ci_high: n stays a figure
    trend = figs["mean_asielzoekers_IND"]
    assert (trend["ci_low"], trend["ci_high"], trend["n"]) == (3.4, 3.8, 180)
    assert set(figs) == {
        "r2",
        "r2_adjusted",
        "aspects.inleven.n",
        "aspects.inleven.share_pct",
        "mean_asielzoekers_IND",
        "n_tests_asielzoekers",
    }


def test_scalars_lists_records_and_numpy():
    figs = flatten_key_figures(
        {
            "n": np.int64(3),
            "deff": np.float64("nan"),
            "stable": np.bool_(True),
            "binding_organisation": "COA",
            "warnings": ["columns_ignored", "columns_absent"],
            "flagged_rows": [{"month": "03/23", "total": 512}],
            "empty": [],
            "none": None,
        }
    )
    assert [(f["name"], f["value"]) for f in figs] == [
        ("n", 3),
        ("deff", None),
        ("stable", True),
        ("binding_organisation", "COA"),
        ("warnings.0", "columns_ignored"),
        ("warnings.1", "columns_absent"),
        ("flagged_rows.0.month", "03/23"),
        ("flagged_rows.0.total", 512),
        ("none", None),
    ]
    assert type(figs[0]["value"]) is int and type(figs[2]["value"]) is bool
    assert not any(f["suppressed"] for f in figs)


def test_explicit_suppressed_flag():
    figs = flatten_key_figures({"cell": {"suppressed": True, "pct": None}})
    assert figs == [
        {
            "name": "cell.pct",
            "value": None,
            "ci_low": None,
            "ci_high": None,
            "n": None,
            "suppressed": True,
        }
    ]


def test_header_taken_from_the_figures_or_given():
    doc = key_figure_document(
        {"wave": "2017-Q2", "target_group": "asielzoekers", "organisation": "COA", "n": 5},
        file_stem="03_impact_analysis_asielzoekers_COA",
    )
    assert doc["report"] == "03_impact_analysis"
    assert (doc["wave"], doc["target_group"], doc["organisation"]) == (
        "2017-Q2",
        "asielzoekers",
        "COA",
    )
    assert [f["name"] for f in doc["figures"]] == ["n"]
    given = key_figure_document({"n": 5}, "01_cleaning", wave="2017-Q3")
    assert given["wave"] == "2017-Q3" and given["target_group"] is None
    with pytest.raises(ValueError):
        key_figure_document({}, "x", status="failed")


def test_saved_file_validates_and_reads_back(tmp_path):
    path = tmp_path / "notebooks" / "02_descriptives_asielzoekers.json"
    save_key_figures(
        path,
        {
            "wave": "2017-Q2",
            "target_group": "asielzoekers",
            "n": 200,
            "nps": {"IND": {"n": 80, "nps": -12.0, "ci_low": -25.0, "ci_high": 1.0}},
            "sections": ["overview", "nps"],
        },
    )
    doc = json.loads(path.read_text())
    jsonschema.validate(doc, SCHEMA)
    assert doc["report"] == "02_descriptives" and doc["status"] == "ok"
    table = read_key_figures(path)
    assert list(table.columns) == [
        "wave",
        "report",
        "target_group",
        "organisation",
        "status",
        "name",
        "value",
        "ci_low",
        "ci_high",
        "n",
        "suppressed",
    ]
    row = table.set_index("name").loc["nps.IND.nps"]
    assert (row["value"], row["ci_low"], row["n"], row["wave"]) == (-12.0, -25.0, 80, "2017-Q2")
    assert table["name"].is_unique


def test_empty_path_writes_nothing(tmp_path):
    save_key_figures("", {"n": 1})
    assert not list(tmp_path.iterdir())


def test_stop_report_records_the_reason(tmp_path):
    path = tmp_path / "03_impact.json"
    with pytest.raises(SystemExit):
        stop_report("Te weinig respondenten.", path, wave="2017-Q2", n=12)
    doc = json.loads(path.read_text())
    jsonschema.validate(doc, SCHEMA)
    assert doc["status"] == "stopped" and doc["wave"] == "2017-Q2"
    assert {f["name"]: f["value"] for f in doc["figures"]} == {
        "reason": "Te weinig respondenten.",
        "n": 12,
    }


def test_reader_refuses_other_json(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"n": 3}))
    with pytest.raises(InputError, match="not a key-figure file"):
        read_key_figures(path)


def test_schema_is_valid_and_refuses_a_nested_value():
    jsonschema.Draft202012Validator.check_schema(load_schema())
    doc = key_figure_document({"n": 1}, "x")
    doc["figures"][0]["value"] = {"nested": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)
