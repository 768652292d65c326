"""The batch runner on tiny notebooks: parallel DAG, failures, early stops, reruns, refusals."""

import json
import shutil
from pathlib import Path

import nbformat
import papermill
import pytest

from helpers.batch import _html as html_export
from helpers.batch._params import Rule, declared_parameters, parameter_problems
from helpers.batch._plan import Task
from helpers.batch._runner import Progress, execute_plan, execute_task, summary_lines
from helpers.report import figure_values, key_figure_document


def notebook(path, params_src, body_src):
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell(params_src)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [
        p,
        nbformat.v4.new_markdown_cell("## Uitkomst"),
        nbformat.v4.new_code_cell(body_src),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


PARAMS = 'value: int = 1  # a number\nkey_figures_path: str = ""  # where key figures go'
WRITE_KF = (
    "from helpers.report._display import save_key_figures\n"
    "save_key_figures(key_figures_path, {'value': value * 2})\n"
    "print('resultaat', value * 2)"
)


@pytest.fixture
def nbdir(tmp_path):
    d = tmp_path / "notebooks"
    d.mkdir()
    notebook(d / "good.ipynb", PARAMS, WRITE_KF)
    notebook(d / "bad.ipynb", PARAMS, "x = 1\nraise ValueError('kapot')")
    notebook(
        d / "stop.ipynb",
        PARAMS,
        "from helpers.report._display import stop_report\n"
        "stop_report('te weinig waarnemingen', key_figures_path)",
    )
    plain = nbformat.v4.new_notebook()  # no parameters cell at all (as the benchmark's floor)
    plain.cells = [nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(plain, d / "plain.ipynb")
    return d


def tasks():
    return [
        Task("w1/good", "good.ipynb", "Goed", "w1", {"value": 21}),
        Task("w1/bad", "bad.ipynb", "Fout", "w1", {"value": 1}),
        Task("w1/after_bad", "good.ipynb", "Na fout", "w1", {"value": 2}, deps=["w1/bad"]),
        Task("w1/stop", "stop.ipynb", "Stop", "w1", {"value": 3}),
        Task("w1/after_good", "good.ipynb", "Na goed", "w1", {"value": 4}, deps=["w1/good"]),
        Task("w1/plain", "plain.ipynb", "Zonder parameters", "w1", {}),
    ]


def test_batch_runs_reports_failures_and_skips(tmp_path, nbdir):
    reports = tmp_path / "reports"
    results = {
        r.key: r
        for r in execute_plan(tasks(), reports, jobs=2, notebooks_dir=nbdir, progress=Progress(6))
    }
    assert results["w1/good"].status == "ok"
    assert figure_values(json.loads((reports / "w1/notebooks/good.json").read_text())) == {
        "value": 42
    }
    assert results["w1/after_good"].status == "ok"
    assert results["w1/plain"].status == "ok"
    assert results["w1/stop"].status == "stopped"  # a deliberate stop is not a failure
    stop_page = (reports / "w1/stop.html").read_text()
    assert "te weinig waarnemingen" in stop_page and "SystemExit" not in stop_page
    bad = results["w1/bad"]
    assert bad.status == "failed" and bad.error["ename"] == "ValueError" and bad.error["cell"] == 3
    assert (reports / bad.executed).is_file()  # executed notebook kept for audit
    assert not (reports / "w1/bad.html").exists()
    assert results["w1/after_bad"].status == "skipped"
    lines = summary_lines(list(results.values()), reports)
    failed_line = next(line for line in lines if line.startswith("FAILED"))
    assert "w1/bad" in failed_line and "cell 3" in failed_line and "bad.ipynb" in failed_line
    page = (reports / "w1/good.html").read_text()
    assert "resultaat 42" in page
    assert "save_key_figures" not in page  # no code in the report
    assert 'class="kk-toc"' in page and "Uitkomst" in page
    assert "<script src=" not in page  # nothing loaded from the internet


def test_rerun_skips_up_to_date_unless_forced(tmp_path, nbdir):
    reports = tmp_path / "reports"
    only = [tasks()[0]]
    assert (
        execute_plan(only, reports, 1, notebooks_dir=nbdir, progress=Progress(1))[0].status == "ok"
    )
    again = execute_plan(only, reports, 1, notebooks_dir=nbdir, progress=Progress(1))[0]
    assert again.status == "up-to-date"
    changed = [Task("w1/good", "good.ipynb", "Goed", "w1", {"value": 5})]
    assert (
        execute_plan(changed, reports, 1, notebooks_dir=nbdir, progress=Progress(1))[0].status
        == "ok"
    )
    assert figure_values(json.loads((reports / "w1/notebooks/good.json").read_text())) == {
        "value": 10
    }
    forced = execute_plan(
        changed, reports, 1, force=True, notebooks_dir=nbdir, progress=Progress(1)
    )
    assert forced[0].status == "ok"


def test_parameters_are_refused_before_running(nbdir):
    good = nbdir / "good.ipynb"
    assert set(declared_parameters(good)) == {"value", "key_figures_path"}
    assert parameter_problems(good, {"valeu": 3}) == [
        "unknown parameter 'valeu' (declared: value, key_figures_path)"
    ]
    assert parameter_problems(good, {"value": "drie"}) == [
        "parameter value='drie' should be of type int"
    ]
    assert parameter_problems(good, {"value": 7}, {"value": Rule(lambda p: [1, 2, 3])}) == [
        "parameter value=7 not allowed (allowed: 1, 2, 3)"
    ]
    assert parameter_problems(good, {"value": 0}, {"value": Rule(low=0, low_open=True)}) == [
        "parameter value=0 must be > 0"
    ]
    assert parameter_problems(good, {"value": 3}, {"value": Rule(low=0, high=3)}) == []


# -- reruns check outputs as well as inputs (papermill replaced: no kernel is started) ---------
@pytest.fixture
def fake_runs(monkeypatch):
    """papermill and the HTML export replaced by fakes that write what a run writes; returns
    the stems of the notebooks "executed"."""
    executed = []

    def execute_notebook(input_path, output_path, parameters, **kwargs):
        executed.append(Path(output_path).stem)
        shutil.copy(input_path, output_path)
        if parameters.get("folder"):  # the producer's processed table
            Path(parameters["folder"]).mkdir(parents=True, exist_ok=True)
            (Path(parameters["folder"]) / "table.txt").write_text(str(parameters["value"]))
        Path(parameters["key_figures_path"]).write_text(json.dumps({"value": parameters["value"]}))

    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)
    monkeypatch.setattr(
        html_export, "export_html", lambda executed, html, title: Path(html).write_text(title)
    )
    return executed


def test_a_deleted_output_makes_its_task_run_again(tmp_path, fake_runs):
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    notebook(nbdir / "make.ipynb", PARAMS + '\nfolder: str = ""  # output folder', "")
    notebook(nbdir / "use.ipynb", PARAMS + '\nfolder: str = ""  # input folder', "")
    processed = tmp_path / "processed" / "w1"
    reports = tmp_path / "reports"
    tasks = [  # as cleaning (writes processed tables) and an analysis of them
        Task("w1/make", "make.ipynb", "Maak", "w1", {"value": 1, "folder": str(processed)},
             outputs=[str(processed)]),
        Task("w1/use", "use.ipynb", "Gebruik", "w1", {"value": 2}, inputs=[str(processed)],
             deps=["w1/make"]),
    ]  # fmt: skip

    def rerun():
        fake_runs.clear()
        statuses = [execute_task(t, reports, "code", False, nbdir).status for t in tasks]
        return statuses, list(fake_runs)

    assert rerun() == (["ok", "ok"], ["make", "use"])
    assert rerun() == (["up-to-date", "up-to-date"], [])
    (processed / "table.txt").unlink()  # a processed table deleted
    assert rerun() == (["ok", "up-to-date"], ["make"])  # the same table again: use is current
    assert (processed / "table.txt").read_text() == "1"
    (processed / "table.txt").write_text("edited by hand")  # changed: made again as well
    assert rerun() == (["ok", "up-to-date"], ["make"])
    for name in ("use.json", "use.ipynb"):  # the key figures, the executed notebook
        (reports / "w1" / "notebooks" / name).unlink()
        assert rerun() == (["up-to-date", "ok"], ["use"])
        assert (reports / "w1" / "notebooks" / name).is_file()
    (reports / "w1" / "use.html").unlink()
    assert rerun() == (["up-to-date", "ok"], ["use"])
    assert rerun() == (["up-to-date", "up-to-date"], [])


@pytest.mark.parametrize("cell_started", [False, True])
def test_a_kernel_that_does_not_start_is_started_again(
    tmp_path, fake_runs, monkeypatch, cell_started
):
    """The port race of Jupyter kernels: a fresh kernel, unless a cell had already run."""
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    notebook(nbdir / "nb.ipynb", PARAMS, "")
    task = Task("w1/nb", "nb.ipynb", "Notebook", "w1", {"value": 1})
    fake = papermill.execute_notebook
    calls = []

    def flaky(input_path, output_path, parameters, **kwargs):
        calls.append(kwargs["shutdown_kernel"])  # "immediate": outputs are complete by then
        if len(calls) == 1:
            nb = nbformat.read(input_path, as_version=4)
            if cell_started:
                nb.cells[0].metadata["papermill"] = {"start_time": "2026-12-02T05:00:00"}
            nbformat.write(nb, output_path)
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        fake(input_path, output_path, parameters, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    result = execute_task(task, tmp_path / "reports", "code", False, nbdir)
    if cell_started:  # a failure inside the notebook's own work is not retried
        assert (result.status, len(calls)) == ("failed", 1)
        assert "Kernel didn't respond" in result.error["evalue"]
    else:
        assert (result.status, calls) == ("ok", ["immediate", "immediate"])


def test_summary_names_a_cleaning_that_did_not_end_ok(tmp_path):
    from helpers.batch._runner import Result

    for wave, status, codes in (
        ("2017-Q2", "ok", []),
        ("2017-Q3", "incomplete", ["outcome_columns_absent"]),
        ("2017-Q4", "warnings", ["ignored_columns"]),
    ):
        folder = tmp_path / wave / "notebooks"
        folder.mkdir(parents=True)
        doc = key_figure_document({"status": status, "warnings": codes}, "01_cleaning")
        (folder / "01_cleaning.json").write_text(json.dumps(doc))
    results = [
        Result(f"{w}/01_cleaning", "ok", key_figures=f"{w}/notebooks/01_cleaning.json")
        for w in ("2017-Q2", "2017-Q3", "2017-Q4")
    ]
    lines = summary_lines(results, tmp_path)
    assert lines[1:] == [
        "INCOMPLETE 2017-Q3/01_cleaning: cleaning ended with status incomplete: "
        "outcome_columns_absent",
        "warnings 2017-Q4/01_cleaning: cleaning ended with status warnings: ignored_columns",
    ]


def test_plan_status_says_what_would_run_and_why_without_running(tmp_path, fake_runs):
    from helpers.batch import _runner, plan_status

    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    notebook(nbdir / "make.ipynb", PARAMS + '\nfolder: str = ""  # output folder', "")
    processed = tmp_path / "processed" / "w1"
    reports = tmp_path / "reports"
    make = Task("w1/make", "make.ipynb", "Maak", "w1", {"value": 1, "folder": str(processed)},
                outputs=[str(processed)])  # fmt: skip
    use = Task("w1/use", "make.ipynb", "Gebruik", "w1", {"value": 2}, deps=["w1/make"])

    def status():
        return [(t.key, s, why) for t, s, why in plan_status([make, use], reports)]

    assert status() == [
        ("w1/make", "run", "not run before in this reports folder"),
        ("w1/use", "run", "runs after w1/make"),
    ]
    assert fake_runs == []  # nothing ran
    for task in (make, use):
        execute_task(task, reports, _runner.code_fingerprint(), False, nbdir)
    assert status()[1] == ("w1/use", "up-to-date", "inputs and outputs unchanged")
    (processed / "table.txt").unlink()
    assert status()[0] == ("w1/make", "run", "an output was deleted or changed")
    forced = plan_status([make, use], reports, force=True)
    assert {s for _, s, _ in forced} == {"run"}


def test_a_no_op_rerun_starts_no_worker(tmp_path, fake_runs, monkeypatch):
    from helpers.batch import _runner

    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    notebook(nbdir / "make.ipynb", PARAMS, "")
    task = Task("w1/make", "make.ipynb", "Maak", "w1", {"value": 1})
    reports = tmp_path / "reports"
    assert execute_task(task, reports, _runner.code_fingerprint(), False, nbdir).status == "ok"

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for an up-to-date plan")

    monkeypatch.setattr(_runner, "ProcessPoolExecutor", no_pool)
    result = execute_plan([task], reports, 2, notebooks_dir=nbdir, progress=Progress(1))
    assert [r.status for r in result] == ["up-to-date"]


def test_index_is_a_landing_page(tmp_path):
    """Newest wave first, its summary's headlines and "begin hier", reports by question, the
    run log (with the key-figure files) collapsed at the bottom."""
    from helpers.batch._index import write_index
    from helpers.report._display import save_key_figures

    reports = tmp_path / "reports"
    save_key_figures(
        reports / "2017-Q3/notebooks/00_wave_summary.json",
        {"headline": {"asielzoekers.COA": {"text": "Asielzoekers zijn redelijk tevreden over het "
         "COA", "mean": 3.71, "ci_low": 3.55, "ci_high": 3.87, "n": 182}}},
        wave="2017-Q3",
    )  # fmt: skip

    def record(key, title, status="ok"):
        group, stem = key.split("/")
        return {
            "key": key, "group": group, "title": title, "parameters": {"wave": group},
            "status": status, "html": f"{key}.html", "executed": f"{group}/notebooks/{stem}.ipynb",
            "key_figures": f"{group}/notebooks/{stem}.json", "duration_s": 1.5,
            "run": {"git_commit": "abc123", "started": "2026-12-01 10:00:00"},
        }  # fmt: skip

    manifest = {
        "reports": {
            r["key"]: r
            for r in [
                record("2017-Q2/02_descriptives_asielzoekers", "Beschrijvende resultaten"),
                record("2017-Q3/01_cleaning", "Opschoning en weging"),
                record("2017-Q3/03_impact_analysis_asielzoekers_COA", "Impactanalyse COA"),
                record("2017-Q3/02_descriptives_asielzoekers", "Beschrijvende resultaten"),
                record("2017-Q3/00_wave_summary", "Samenvatting van de meting"),
                record("alle-golven/05_trends", "Trends", status="failed"),
            ]
        },
        "last_run": {"packages": {"pandas": "2.2"}, "git_commit": "abc123"},
    }
    page = write_index(reports, manifest).read_text()
    assert '<html lang="nl">' in page
    assert page.index('id="2017-Q3"') < page.index('id="2017-Q2"') < page.index('"alle-golven"')
    q3 = page[page.index('id="2017-Q3"') : page.index('id="2017-Q2"')]
    assert q3.index("00_wave_summary.html") < q3.index("01_cleaning.html")  # begins with summary
    assert "Begin hier" in q3 and "Asielzoekers zijn redelijk tevreden over het COA" in q3
    assert "3,7 (95%-BI 3,5-3,9)" in q3
    # grouped by question: satisfaction before drivers before how the data was processed
    order = [q3.index(s) for s in ("Hoe tevreden", "Wat bepaalt", "Hoe zijn de antwoorden")]
    assert order == sorted(order)
    log = page[page.index("<details") :]
    assert page.index("<details") > page.index('"alle-golven"')  # the run log comes last
    assert "abc123" in log and "1.5 s" in log and "pandas 2.2" in log
    assert 'href="2017-Q3/notebooks/00_wave_summary.json"' in log  # key-figure files
    assert "abc123" not in page[: page.index("<details")]  # no run log above the fold
    assert "MISLUKT" in page  # a failed report stays visible
