"""``python -m helpers estimate``: design-based estimates on any table.

Expected numbers come from R's survey package (``tests/stats/data/make_reference.R``) on the
demo-like wave ``tests/stats/data/demo_survey.csv``; the R call is beside each.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import helpers
from helpers.__main__ import main

DEMO = Path(__file__).parents[1] / "stats" / "data" / "demo_survey.csv"
KEYS = ["group", "n", "n_eff", "estimate", "se", "ci_low", "ci_high", "deff", "df"]


def run(capsys, *argv):
    code = main(["estimate", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_overall_mean_json(capsys):
    code, out, _ = run(capsys, DEMO, "--value", "item", "--weights", "weight", "--cluster", "azc")
    assert code == 0
    doc = json.loads(out)
    assert "differences" not in doc
    (est,) = doc["estimates"]
    assert list(est) == KEYS
    assert est["group"] is None
    # svymean(~item, svydesign(id=~azc, weights=~weight, data=demo), deff="replace")
    np.testing.assert_allclose(est["estimate"], 3.36934150443655, rtol=1e-6)
    np.testing.assert_allclose(est["se"], 0.139818036950962, rtol=1e-4)
    np.testing.assert_allclose(est["deff"], 6.10434928889506, rtol=1e-4)
    np.testing.assert_allclose(est["n_eff"], 355 / 6.10434928889506, rtol=1e-4)
    assert (est["n"], est["df"]) == (355, 23)
    assert doc["design"] == {"weights": "weight", "cluster": "azc", "clusters": 24, "df": 23}


def test_shares_by_group_with_differences(capsys):
    code, out, _ = run(
        capsys, DEMO, "--value", "item", "--measure", "share", "--threshold", "4",
        "--weights", "weight", "--cluster", "azc", "--by", "status",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    groups = [e["group"] for e in doc["estimates"]]
    assert groups == ["asiel", "nareis", "statushouder"]
    # svyby(~I(item >= 4), ~status, ddemo, svyciprop, method="beta", vartype=c("se","ci"))
    np.testing.assert_allclose(
        [e["estimate"] for e in doc["estimates"]],
        [47.9865304321122, 28.4552048350942, 53.6410144968558],
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        [e["ci_low"] for e in doc["estimates"]],
        [33.9529574729473, 13.6032694239375, 36.6116532050363],
        rtol=1e-4,
    )
    diffs = doc["differences"]
    assert [(d["group_a"], d["group_b"]) for d in diffs] == [
        ("asiel", "nareis"),
        ("asiel", "statushouder"),
        ("nareis", "statushouder"),
    ]
    assert {"group_a", "group_b", "difference", "se", "p", "p_holm"} <= set(diffs[0])
    assert all(0 <= d["p"] <= d["p_holm"] <= 1 for d in diffs)


def test_nps_in_points(capsys):
    code, out, _ = run(
        capsys, DEMO, "--value", "nps", "--measure", "nps", "--weights", "weight",
        "--cluster", "azc", "--by", "status",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    # svyby(~score, ~status, ddemo, svymean, covmat=TRUE), score = 100*((nps>=9)-(nps<=6));
    # svycontrast(bn, c(1,-1,0)) and friends, p.adjust(p, "holm")
    np.testing.assert_allclose(
        [e["estimate"] for e in doc["estimates"]],
        [-10.772959583161311, -36.546061680680054, -0.599797480467092],
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        [d["p_holm"] for d in doc["differences"]],
        [0.02231719912567604, 0.35715905253478086, 0.00792940167808475],
        rtol=1e-4,
    )
    assert all(-100 <= e["ci_low"] < e["ci_high"] <= 100 for e in doc["estimates"])


def test_csv_format_and_simple_random_sample(capsys):
    code, out, _ = run(capsys, DEMO, "--value", "item", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ",".join(KEYS)
    assert len(lines) == 2
    row = dict(zip(KEYS, lines[1].split(","), strict=True))
    # svymean(~item, svydesign(id=~1, data=demo), deff="replace")
    np.testing.assert_allclose(float(row["estimate"]), 3.34647887323944, rtol=1e-6)
    np.testing.assert_allclose(float(row["se"]), 0.0572841695144469, rtol=1e-4)
    assert row["df"] == "354"


def test_semicolons_and_decimal_commas(tmp_path, capsys):
    path = tmp_path / "wave.csv"
    path.write_text("azc;w;x\na;1,5;4\na;0,5;5\nb;1;2\nb;1;3\nc;2;5\n", encoding="utf-8")
    code, out, _ = run(capsys, path, "--value", "x", "--weights", "w", "--cluster", "azc")
    assert code == 0
    est = json.loads(out)["estimates"][0]
    assert est["estimate"] == pytest.approx((6 + 2.5 + 2 + 3 + 10) / 6)
    assert est["df"] == 2


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("x,w\n4,1\n", ["--value", "y"], "unknown value column 'y'"),
        ("x,w\n4,1\n", ["--value", "x", "--weights", "v"], "unknown weight column 'v'"),
        ("x,w\n4,1\n", ["--value", "x", "--cluster", "azc"], "unknown cluster column 'azc'"),
        ("x,w\n4,1\n", ["--value", "x", "--by", "g"], "unknown by column 'g'"),
        ("x,w\n4,1\nfour,1\n", ["--value", "x"], "not numeric"),
        ("x,w\n", ["--value", "x"], "no rows"),
        ("x,w\n,1\n,1\n", ["--value", "x"], "no answers"),
        ("x,w\n4,1\n5,0\n", ["--value", "x", "--weights", "w"], "positive"),
        ("x,w\n4,1\n5,-2\n", ["--value", "x", "--weights", "w"], "positive"),
        ("x,w\n4,1\n5,\n", ["--value", "x", "--weights", "w"], "missing weights"),
        ("x,w\n4,1\n11,1\n", ["--value", "x", "--measure", "nps"], "0 to 10"),
        ("x,w\n4,1\n5,1\n", ["--value", "x", "--measure", "median"], "unknown measure"),
        ("x,w\n4,1\n5,1\n", ["--value", "x", "--threshold", "high"], "--threshold"),
        ("x,w\n4,1\n5,1\n", ["--value", "x", "--format", "xml"], "unknown format"),
    ],
)
def test_bad_input_is_one_error_line(tmp_path, capsys, text, args, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, path, *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert message in lines[0]


def test_missing_file(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "nope.csv", "--value", "x")
    assert code == 2
    assert err.startswith("error: ") and "file not found" in err


def test_no_plotting_library_on_this_path():
    src = Path(helpers.__file__).parents[1]
    probe = (
        "import sys\n"
        "from helpers.__main__ import main\n"
        f"rc = main(['estimate', {str(DEMO)!r}, '--value', 'item', '--cluster', 'azc'])\n"
        "heavy = {'matplotlib', 'seaborn', 'IPython', 'plotly'}\n"
        "print('LOADED', sorted(heavy & {m.split('.')[0] for m in sys.modules}), rc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(src), "MPLBACKEND": "Agg"}
    res = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=300
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "LOADED [] 0"
