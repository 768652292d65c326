"""`python -m helpers impact`: output schema, bad input as one `error:` line, fast start.

Expected numbers come from the library (tested against independent references in
test_importance.py); here the command line is checked as a black box in a subprocess.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from helpers.__main__ import COMMANDS
from helpers.stats import relative_importance, synthetic_data

DRIVERS = "aspect_1,aspect_2,aspect_3,aspect_4"
#: The options naming the outcome and drivers of the test data.
ANALYSE = ("--outcome", "totaaloordeel", "--drivers", DRIVERS)

# While other commands of COMMANDS are still being written, `python -m helpers` cannot build its
# parser; then the same helpers.__main__.main runs with only the commands that exist.
_ALL_PRESENT = all(importlib.util.find_spec(f"helpers.commands.{c}") for c in COMMANDS)
_SHIM = (
    "import importlib.util, sys\n"
    "import helpers.__main__ as m\n"
    "m.COMMANDS = tuple(c for c in m.COMMANDS "
    "if importlib.util.find_spec(f'helpers.commands.{c}'))\n"
    "sys.exit(m.main(sys.argv[1:]))\n"
)


def run(*args: str) -> subprocess.CompletedProcess:
    prefix = ["-m", "helpers"] if _ALL_PRESENT else ["-c", _SHIM]
    return subprocess.run(
        [sys.executable, *prefix, "impact", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def frame():
    return synthetic_data(n=300, drivers=4, seed=5, missing=0.05)


@pytest.fixture(scope="module")
def csv_comma(tmp_path_factory, frame):
    path = tmp_path_factory.mktemp("cli") / "data.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def csv_semicolon(tmp_path_factory, frame):
    path = tmp_path_factory.mktemp("cli") / "data_nl.csv"
    frame.to_csv(path, index=False, sep=";", decimal=",")
    return path


def test_json_default_lmg(csv_comma, frame):
    out = run(csv_comma, *ANALYSE, "--weights", "weight")
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    expected = relative_importance(
        frame, "totaaloordeel", DRIVERS.split(","), "weight", methods="lmg"
    )
    assert res["n"] == expected.n and res["missing"] == "listwise"
    assert res["r2"] == pytest.approx(expected.r2, abs=1e-12)
    assert [d["driver"] for d in res["drivers"]] == DRIVERS.split(",")
    assert set(res["drivers"][0]) == {"driver", "lmg", "lmg_share_pct"}
    assert sum(d["lmg"] for d in res["drivers"]) == pytest.approx(res["r2"])
    assert sum(d["lmg_share_pct"] for d in res["drivers"]) == pytest.approx(100)


def test_semicolon_decimal_comma_all_methods_bootstrap(csv_semicolon, csv_comma):
    args = [
        *ANALYSE,
        "--weights",
        "weight",
        "--method",
        "all",
        "--bootstrap",
        "50",
        "--seed",
        "3",
    ]
    a = run(csv_semicolon, *args)
    b = run(csv_comma, *args)
    assert a.returncode == 0, a.stderr
    ra, rb = json.loads(a.stdout), json.loads(b.stdout)
    for da, db in zip(ra["drivers"], rb["drivers"], strict=True):
        for key, value in da.items():
            assert value == (db[key] if key == "driver" else pytest.approx(db[key], abs=1e-12))
    d = ra["drivers"][0]
    for m in ("lmg", "rw", "beta", "corr", "pratt"):
        assert {m, f"{m}_share_pct", f"{m}_ci_low", f"{m}_ci_high"} <= set(d)
        assert d[f"{m}_ci_low"] <= d[m] <= d[f"{m}_ci_high"]
        assert d["pratt"] == pytest.approx(d["beta"] * d["corr"])
    assert sum(x["rw"] for x in ra["drivers"]) == pytest.approx(ra["r2"])
    assert ra["bootstrap"] == 50 and ra["seed"] == 3


def test_csv_output_and_missing_strategy(csv_comma):
    out = run(
        csv_comma,
        *ANALYSE,
        "--format",
        "csv",
        "--method",
        "lmg,pratt",
        "--missing",
        "pairwise",
    )
    assert out.returncode == 0, out.stderr
    table = pd.read_csv(io.StringIO(out.stdout))
    assert list(table.columns) == ["driver", "lmg", "lmg_share_pct", "pratt", "pratt_share_pct"]
    assert len(table) == 4
    j = json.loads(run(csv_comma, *ANALYSE, "--missing", "pairwise").stdout)
    assert j["missing"] == "pairwise"
    np.testing.assert_allclose(table["lmg"], [d["lmg"] for d in j["drivers"]])


def test_impute_strategy_is_stated(csv_comma):
    out = run(csv_comma, *ANALYSE, "--missing", "impute")
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["missing"] == "impute" and "IterativeImputer" in res["method_note"]


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory, frame):
    root = tmp_path_factory.mktemp("bad")
    good = frame.dropna()
    files = {
        "text": good.assign(
            aspect_2=good["aspect_2"].astype(object).where(good.index != good.index[5], "weet niet")
        ),
        "few": good.head(5),
        "const_driver": good.assign(aspect_3=4.0),
        "const_outcome": good.assign(totaaloordeel=3.0),
    }
    paths = {}
    for name, df in files.items():
        paths[name] = root / f"{name}.csv"
        df.to_csv(paths[name], index=False)
    paths["empty"] = root / "empty.csv"
    paths["empty"].write_text("")
    paths["folder"] = root
    return paths


@pytest.mark.parametrize(
    "case, extra, fragment",
    [
        ("missing_file", [], "file not found"),
        ("empty", [], "empty"),
        ("folder", [], "not a file"),
        ("good", ["--drivers", "aspect_1,nope"], "unknown driver column 'nope'"),
        ("good", ["--outcome", "nope"], "unknown outcome column 'nope'"),
        ("good", ["--weights", "nope"], "unknown weights column 'nope'"),
        ("text", [], "not numeric"),
        ("few", [], "need at least 6"),
        ("const_driver", [], "driver 'aspect_3' is constant"),
        ("const_outcome", [], "outcome 'totaaloordeel' is constant"),
        ("good", ["--method", "shapley"], "unknown method 'shapley'"),
        ("good", ["--format", "xml"], "unknown format"),
        ("good", ["--missing", "mean"], "unknown missing-data strategy"),
        ("good", ["--bootstrap", "many"], "--bootstrap must be an integer"),
    ],
)
def test_bad_input_is_one_error_line(bad_files, csv_comma, case, extra, fragment):
    path = {"good": csv_comma, "missing_file": bad_files["folder"] / "nope.csv"}.get(
        case, bad_files.get(case)
    )
    args = {"--outcome": "totaaloordeel", "--drivers": DRIVERS}
    for k, v in zip(extra[::2], extra[1::2], strict=True):
        args[k] = v
    out = run(path, *[x for kv in args.items() for x in kv])
    assert out.returncode == 2, out.stdout + out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: ")
    assert fragment in lines[0]
    assert "Traceback" not in out.stderr
    assert out.stdout == ""


def test_fallback_warning_is_one_line_and_noted(tmp_path):
    drivers = [f"aspect_{i}" for i in range(1, 17)]
    path = tmp_path / "wide.csv"
    synthetic_data(n=200, drivers=16, seed=1).to_csv(path, index=False)
    out = run(path, "--outcome", "totaaloordeel", "--drivers", ",".join(drivers))
    assert out.returncode == 0, out.stderr
    assert out.stderr.startswith("warning: LMG not computed")
    res = json.loads(out.stdout)
    assert "rw" in res["drivers"][0] and "lmg" not in res["drivers"][0]
    assert "relative weights" in res["method_note"]


_HEAVY = ("matplotlib", "seaborn", "sklearn", "statsmodels", "scipy")


def _modules_after(argv: list[str]) -> set[str]:
    code = (
        "import importlib.util, sys, contextlib, io\n"
        "import helpers.__main__ as m\n"
        "m.COMMANDS = tuple(c for c in m.COMMANDS "
        "if importlib.util.find_spec(f'helpers.commands.{c}'))\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        m.main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(' '.join(sorted({k.split('.')[0] for k in sys.modules})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_no_heavy_imports_on_the_cli_path(csv_comma):
    # running an analysis (not only --help) must not load plotting, sklearn or statsmodels
    loaded = _modules_after(
        ["impact", str(csv_comma), *ANALYSE, "--method", "all", "--bootstrap", "20"]
    )
    assert "numpy" in loaded and "pandas" in loaded  # the check sees real imports
    assert not loaded & set(_HEAVY), loaded & set(_HEAVY)
    helped = _modules_after(["impact", "--help"])
    assert not helped & {"matplotlib", "seaborn", "sklearn"}


def test_sklearn_only_for_impute(csv_comma):
    loaded = _modules_after(["impact", str(csv_comma), *ANALYSE, "--missing", "impute"])
    assert "sklearn" in loaded and "matplotlib" not in loaded


@pytest.mark.skipif(not _ALL_PRESENT, reason="other commands of helpers.__main__ not yet present")
def test_importtime_help_has_no_matplotlib():
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "helpers", "impact", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0
    assert "matplotlib" not in out.stderr and "sklearn" not in out.stderr


def test_semicolon_file_without_missing_values(tmp_path, frame):
    # every data row then has as many decimal commas as semicolons: the header must decide
    complete = frame.dropna()
    nl, en = tmp_path / "nl.csv", tmp_path / "en.csv"
    complete.to_csv(nl, index=False, sep=";", decimal=",")
    complete.to_csv(en, index=False)
    args = [*ANALYSE, "--weights", "weight"]
    a, b = run(nl, *args), run(en, *args)
    assert a.returncode == 0, a.stderr
    assert json.loads(a.stdout)["r2"] == pytest.approx(json.loads(b.stdout)["r2"], abs=1e-12)
