"""The conda entry stays a pointer to pyproject/requirements.lock, never a second list."""

import re
import tomllib

import yaml

from helpers.paths import PROJECT_ROOT


def _pyproject():
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())


def _lock_pins():
    pins = {}
    for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def _name(req: str) -> str:
    return re.match(r"[A-Za-z0-9_.\-]+", req).group(0).lower().replace("_", "-")


def test_environment_yml_points_to_lock_and_package_only():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    conda_pkgs = [d for d in deps if isinstance(d, str)]
    pip_blocks = [d["pip"] for d in deps if isinstance(d, dict)]
    # conda provides only Python and pip; everything else comes from the lock
    assert sorted(re.split(r"[=<>]", d)[0] for d in conda_pkgs) == ["pip", "python"]
    assert pip_blocks == [["-r requirements.lock", "-e ."]]


def test_python_version_agrees_with_pyproject():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    minor = python.split("=")[1]
    requires = _pyproject()["project"]["requires-python"]
    assert f">={minor}" in requires


def test_every_dependency_is_pinned_in_the_lock():
    project = _pyproject()["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = _lock_pins()
    missing = [_name(r) for r in declared if _name(r) not in pins]
    assert not missing, f"not in requirements.lock (run `make lock`): {missing}"


def test_client_packages_are_declared():
    declared = {_name(r) for r in _pyproject()["project"]["dependencies"]}
    for pkg in ["jupyterlab", "pandas", "seaborn", "scikit-learn", "papermill", "nbconvert"]:
        assert pkg in declared
