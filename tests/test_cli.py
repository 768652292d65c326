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
