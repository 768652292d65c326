"""`python -m helpers --help` lists the commands; bad usage never ends in a traceback."""

import subprocess
import sys

from helpers.__main__ import COMMANDS


def run(*args):
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True)


def test_help_lists_every_command():
    out = run("--help")
    assert out.returncode == 0
    for name in COMMANDS:
        assert name in out.stdout


def test_each_command_has_help():
    for name in COMMANDS:
        out = run(name, "--help")
        assert out.returncode == 0, out.stderr
        assert "usage:" in out.stdout


def test_unknown_command_is_a_usage_error():
    out = run("frobnicate")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr


def test_codebook_command_prints_the_data_dictionary():
    import io

    import pandas as pd

    from helpers.codebook import load_codebook

    out = run(
        "codebook", "--target-group", "ketenpartners", "--version", "2017.1", "--format", "csv"
    )
    assert out.returncode == 0, out.stderr
    table = pd.read_csv(io.StringIO(out.stdout))
    expected = load_codebook().variables("ketenpartners", "2017.1")
    assert table["name"].tolist() == [v.name for v in expected]
    bad = run("codebook", "--version", "1999.9")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "error: unknown questionnaire version '1999.9' (known: 2017.1, 2018.1)"
    ]
