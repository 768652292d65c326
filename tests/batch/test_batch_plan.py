"""The batch plan without running notebooks: refused overrides, parameter rules, omitted context."""

import shutil

import pytest

from helpers import paths
from helpers.__main__ import main
from helpers.batch import _plan as plan
from helpers.batch import _runner as runner
from helpers.batch._params import declared_parameters, parameter_problems
from helpers.batch._plan import CONTEXT_KEY, build_plan, parameter_rules, validate_plan
from helpers.batch._runner import Result
from helpers.errors import InputError

CONTEXT_SENTENCE = (
    "Contextcijfers overgeslagen: geen map met publieke contextgegevens bij de ruwe data"
)


@pytest.fixture
def raw(tmp_path):
    """A raw folder outside the repository: one wave (its wave.yml is all the plan reads)."""
    wave = tmp_path / "raw" / "2017-Q2"
    wave.mkdir(parents=True)
    shutil.copy(paths.raw_wave_dir("2017-Q2") / "wave.yml", wave / "wave.yml")
    return tmp_path / "raw"


@pytest.fixture
def nothing_runs(monkeypatch):
    """execute_plan replaced: every task "succeeds" at once; the tasks it got are recorded."""
    planned = []

    def execute_plan(tasks, reports_root, jobs, force=False):
        planned.extend(t.key for t in tasks)
        return [Result(t.key, "ok") for t in tasks]

    monkeypatch.setattr(runner, "execute_plan", execute_plan)
    return planned


def cli(raw, tmp_path, *args):
    return main(
        ["run", "--raw", str(raw), "--processed", str(tmp_path / "processed"),
         "--reports", str(tmp_path / "reports"), *args]
    )  # fmt: skip


# -- parameters the plan sets ----------------------------------------------------------------
@pytest.mark.parametrize(
    "name, hint",
    [
        ("wave", "use --wave"),
        ("waves", "use --wave"),
        ("target_group", "a report per target group"),
        ("organisation", "a report per organisation"),
        ("raw_root", "use --raw"),
        ("processed_root", "use --processed"),
        ("key_figures_path", "use --reports"),
    ],
)
def test_a_parameter_the_plan_sets_is_refused(raw, tmp_path, name, hint):
    with pytest.raises(InputError) as exc:
        build_plan(None, raw, tmp_path / "processed", {name: "2018-Q1"})
    assert exc.value.message == (
        f"parameter {name!r} is set by the plan per report and cannot be overridden with -p: "
        + plan.PLAN_PARAMETER_OPTIONS[name]
    )
    assert hint in exc.value.message


def test_the_refused_set_follows_the_plan(raw, tmp_path, monkeypatch):
    monkeypatch.setattr(plan, "PLAN_PARAMETER_OPTIONS", {})  # no list: the plan itself decides
    for name in ("wave", "organisation", "target_group", "processed_root"):
        with pytest.raises(InputError, match=f"parameter '{name}' is set by the plan"):
            build_plan(None, raw, tmp_path / "processed", {name: "x"})


def test_cli_refuses_an_override_with_one_line_and_exit_2(raw, tmp_path, capsys, nothing_runs):
    assert cli(raw, tmp_path, "-p", "organisation=COA", "-p", "bootstrap=50") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: parameter 'organisation' is set by")
    assert nothing_runs == [] and not (tmp_path / "reports").exists()


# -- values checked against their rule before anything runs ----------------------------------
@pytest.mark.parametrize(
    "name, value, message",
    [
        ("bootstrap", -5, "parameter bootstrap=-5 must be > 0"),
        ("bootstrap", 0, "parameter bootstrap=0 must be > 0"),
        ("subgroup", "unknown_column", "parameter subgroup='unknown_column' not allowed"),
        ("subgroup", "positie", "parameter subgroup='positie' not allowed"),  # chain partners'
        ("target_groups", ["asielzoekers", "x"], "parameter target_groups='x' not allowed"),
        ("alpha", 1.5, "parameter alpha=1.5 must be < 1"),
        ("alpha", 0.0, "parameter alpha=0.0 must be > 0"),
        ("power", 0.04, "parameter power=0.04 must be > alpha (0.05)"),
        ("stable_at", 1.2, "parameter stable_at=1.2 must be <= 1"),
        ("subgroup_share", 0.0, "parameter subgroup_share=0.0 must be > 0"),
        ("response_rate", 1.5, "parameter response_rate=1.5 must be <= 1"),
        ("disclosure_threshold", 0, "parameter disclosure_threshold=0 must be > 0"),
        ("indicative_below", 5, "parameter indicative_below=5 must be >= disclosure_threshold"),
        ("straightline_min_items", 1, "parameter straightline_min_items=1 must be >= 2"),
        ("seed", -1, "parameter seed=-1 must be >= 0"),
        ("window", 0, "parameter window=0 must be > 0"),
        ("min_web_minutes", -1.0, "parameter min_web_minutes=-1.0 must be >= 0"),
    ],
)
def test_an_invalid_value_is_refused_before_running(raw, tmp_path, name, value, message):
    tasks = build_plan(None, raw, tmp_path / "processed", {name: value})
    with pytest.raises(InputError, match="parameters refused before running anything") as exc:
        validate_plan(tasks, raw)
    assert message in exc.value.message


def test_cli_refuses_an_invalid_value_with_exit_2(raw, tmp_path, capsys, nothing_runs):
    assert cli(raw, tmp_path, "-p", "bootstrap=-5") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "parameter bootstrap=-5 must be > 0" in err
    assert nothing_runs == []


def test_every_default_and_the_plan_pass_the_rules(raw, tmp_path):
    rules = parameter_rules(raw)
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        defaults = {k: d.default for k, d in declared_parameters(notebook).items()}
        assert parameter_problems(notebook, defaults, rules) == [], notebook.name
    validate_plan(build_plan(None, raw, tmp_path / "processed", {"bootstrap": 50}), raw)


# -- a raw folder without context/ -------------------------------------------------------------
def test_context_notebook_is_left_out_without_context_data(raw, tmp_path, capsys, nothing_runs):
    assert CONTEXT_KEY not in [t.key for t in build_plan(None, raw, tmp_path / "processed")]
    assert cli(raw, tmp_path) == 0
    assert CONTEXT_KEY not in nothing_runs and "2017-Q2/01_cleaning" in nothing_runs
    err = capsys.readouterr().err
    assert f"omitted {CONTEXT_KEY}: skipped: no context/ folder" in err
    assert "summary: 14 ok, 1 omitted" in err
    index = (tmp_path / "reports" / "index.html").read_text()
    assert CONTEXT_SENTENCE in index and "niet uitgevoerd" in index

    (raw / "context").mkdir()  # with the context data the notebook is planned (and listed)
    nothing_runs.clear()
    assert cli(raw, tmp_path) == 0
    assert CONTEXT_KEY in nothing_runs
    assert CONTEXT_SENTENCE not in (tmp_path / "reports" / "index.html").read_text()
