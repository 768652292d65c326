"""``python -m helpers power`` as a subprocess: good cases, impossible input, fast start.

The commands of ``python -m helpers`` are written by several people at once; while some are
missing, the parser cannot be built. The tests therefore run the real ``helpers.__main__.main``
with ``COMMANDS`` restricted to ``power`` (same error handling, same exit codes); one test runs
the literal ``python -m helpers power`` once all command modules exist.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys

import pytest
from scipy import stats

from helpers import stats as pw

RUN_POWER_ONLY = (
    "import sys, helpers.__main__ as m; m.COMMANDS = ('power',); sys.exit(m.main(sys.argv[1:]))"
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN_POWER_ONLY, "power", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_json(*args: str) -> dict:
    res = run(*args, "--format", "json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_text_output_for_cohens_medium_effect():
    res = run("--sd", "1", "--mde", "0.5")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    out = res.stdout
    assert "TTestIndPower" in out
    # Cohen (1988) Table 2.4.1: d = .5 -> 64 per group; exact t-based value 63.77
    assert "63.77 -> plan 64" in out
    assert out.count("-> plan 64") == 2


def test_json_sample_size_keys_and_values():
    got = run_json(
        "--sd",
        "1.2",
        "--mde",
        "0.3",
        "--deff",
        "1.5",
        "--ratio",
        "2",
        "--alpha",
        "0.01",
        "--power",
        "0.9",
    )
    for key in (
        "method",
        "sd",
        "alpha",
        "power",
        "deff",
        "ratio",
        "mde",
        "n_per_group",
        "n_per_group_ceil",
        "n_group2",
        "n_group2_ceil",
    ):
        assert key in got
    assert "TTestIndPower" in got["method"]
    assert (got["sd"], got["mde"], got["alpha"], got["power"], got["deff"], got["ratio"]) == (
        1.2,
        0.3,
        0.01,
        0.9,
        1.5,
        2.0,
    )
    expected = pw.n_per_group(0.3, 1.2, alpha=0.01, power=0.9, deff=1.5, ratio=2)
    assert got["n_per_group"] == pytest.approx(expected)
    assert got["n_per_group_ceil"] == math.ceil(expected)
    assert got["n_group2"] == pytest.approx(2 * expected)
    assert got["n_group2_ceil"] == math.ceil(2 * expected)


def test_json_sample_size_close_to_closed_form():
    # normal closed form 2 (z_.975 + z_.8)² σ² / δ² = 2 · 7.849 · 1 / 0.0625 = 251.2, t ≈ +1
    got = run_json("--sd", "1", "--mde", "0.25")
    normal = 2 * (stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) ** 2 / 0.25**2
    assert 0.5 < got["n_per_group"] - normal < 1.5


def test_deff_multiplies_n():
    base = run_json("--sd", "1", "--mde", "0.25")["n_per_group"]
    assert run_json("--sd", "1", "--mde", "0.25", "--deff", "1.4")["n_per_group"] == (
        pytest.approx(1.4 * base)
    )


def test_json_detectable_difference_and_round_trip():
    got = run_json("--sd", "1.1", "--n", "400", "--deff", "1.3")
    for key in ("method", "sd", "alpha", "power", "deff", "ratio", "n", "mde", "n_group2"):
        assert key in got
    assert got["n"] == 400 and got["n_effective"] == pytest.approx(400 / 1.3)
    assert got["mde"] == pytest.approx(pw.minimum_detectable_difference(400, 1.1, deff=1.3))
    # feeding the difference back gives the n back
    back = run_json("--sd", "1.1", "--mde", repr(got["mde"]), "--deff", "1.3")
    assert back["n_per_group"] == pytest.approx(400, rel=1e-6)


def test_text_detectable_difference():
    res = run("--sd", "1", "--n", "64")
    assert res.returncode == 0, res.stderr
    assert "detectable difference: 0.499 scale points" in res.stdout
    assert "note" not in res.stdout


def test_text_notes_a_difference_beyond_the_scale():
    # 10 respondents with deff 5 (2 effective): detectable only ≈ 5.65 points, more than 1-5 allows
    res = run("--sd", "1", "--n", "10", "--deff", "5")
    assert res.returncode == 0, res.stderr
    assert "note:" in res.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--sd", "1", "--mde", "0.5", "--power", "1"],
        ["--sd", "1", "--mde", "0.5", "--power", "0"],
        ["--sd", "1", "--mde", "0.5", "--alpha", "1.5"],
        ["--sd", "1", "--mde", "0.5", "--alpha", "0"],
        ["--sd", "1", "--mde", "0.5", "--power", "0.01"],  # power below alpha
        ["--sd", "0", "--mde", "0.5"],
        ["--sd", "-1", "--mde", "0.5"],
        ["--sd", "1", "--mde", "0"],
        ["--sd", "1", "--mde", "-0.2"],
        ["--sd", "1", "--n", "0"],
        ["--sd", "1", "--n", "-5"],
        ["--sd", "1", "--n", "100", "--deff", "0"],
        ["--sd", "1", "--n", "100", "--ratio", "-1"],
        ["--sd", "1", "--mde", "0.5", "--n", "100"],  # both
        ["--sd", "1"],  # neither
        ["--mde", "0.5"],  # no sd
        ["--sd", "1", "--n", "1"],  # n too small to reach the power
        ["--sd", "1", "--n", "2", "--deff", "1.5"],  # effective n too small
        ["--sd", "abc", "--mde", "0.5"],
        ["--sd", "1", "--mde", "inf"],
        ["--sd", "1", "--mde", "nan"],
    ],
)
def test_impossible_input_exits_2_with_one_line(args):
    res = run(*args)
    assert res.returncode == 2
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in res.stderr


def test_command_module_is_light_and_run_does_not_load_matplotlib():
    code = (
        "import sys, helpers.commands.power as c\n"
        "heavy = [m for m in ('matplotlib', 'pandas', 'statsmodels', 'scipy') "
        "if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "import argparse\n"
        "p = argparse.ArgumentParser(); c.configure(p)\n"
        "c.main(p.parse_args(['--sd', '1', '--mde', '0.5']))\n"
        "assert 'matplotlib' not in sys.modules\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr


def test_help():
    res = run("--help")
    assert res.returncode == 0
    assert "--mde" in res.stdout and "--ratio" in res.stdout


@pytest.mark.skipif(
    not all(
        importlib.util.find_spec(f"helpers.commands.{name}")
        for name in ("demo", "clean", "impact", "power", "run")
    ),
    reason="not all commands of python -m helpers exist yet",
)
def test_real_entry_point():
    res = subprocess.run(
        [sys.executable, "-m", "helpers", "power", "--sd", "1", "--mde", "0.5", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["n_per_group_ceil"] == 64
    bad = subprocess.run(
        [sys.executable, "-m", "helpers", "power", "--sd", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")
