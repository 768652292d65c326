"""The project's named kernel: every notebook declares it, and papermill from another
environment (one with only papermill and ipykernel) runs a report with it.

``make install`` registers the kernel "kleine-keten" (this checkout's .venv) for the user, so
papermill or Jupyter installed anywhere (pipx, conda base, a JupyterHub) finds the package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from helpers import paths

KERNEL = "kleine-keten"


@pytest.mark.parametrize("notebook", sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")), ids=str)
def test_every_notebook_declares_the_project_kernel(notebook):
    spec = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    assert spec["name"] == KERNEL


@pytest.mark.slow
def test_papermill_from_a_separate_environment_uses_the_registered_kernel(tmp_path):
    spec = KernelSpecManager().get_kernel_spec(KERNEL)  # registered by `make install`
    assert Path(spec.argv[0]).resolve().parent == Path(sys.executable).resolve().parent, (
        f"the kernel {KERNEL!r} points at {spec.argv[0]}, not this checkout: run `make kernel`"
    )
    env_vars = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # only what is installed
    uv = Path(sys.executable).parent / "uv"
    env = tmp_path / "only-papermill"
    subprocess.run([str(uv), "venv", "-q", "--python", sys.executable, str(env)], check=True)
    subprocess.run(
        [str(uv), "pip", "install", "-q", "--python", str(env / "bin" / "python"),
         "papermill", "ipykernel"],
        check=True,
    )  # fmt: skip
    probe = subprocess.run(
        [str(env / "bin" / "python"), "-c", "import helpers"],
        capture_output=True,
        text=True,
        env=env_vars,
    )
    assert probe.returncode != 0, "the separate environment must not see the package itself"
    figures = tmp_path / "figures.json"
    subprocess.run(
        [str(env / "bin" / "papermill"), str(paths.NOTEBOOKS_DIR / "06_context_indicators.ipynb"),
         str(tmp_path / "out.ipynb"), "-p", "key_figures_path", str(figures)],
        check=True, capture_output=True, text=True, timeout=600, env=env_vars,
    )  # fmt: skip
    assert json.loads(figures.read_text())  # the report ran in the project's kernel
