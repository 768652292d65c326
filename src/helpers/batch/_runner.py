"""Batch runs: the plan's notebooks executed with papermill, HTML reports and an index page.

Independent notebooks run in parallel in separate processes (the plan and its parameter checks
are :mod:`helpers.batch._plan`). A failing notebook does not stop the others; its dependants are
skipped; the summary names the notebook, the failing cell and the executed notebook's path. A
rerun skips notebooks whose inputs (notebook, parameters, code, data) are unchanged and whose
outputs (reports, key figures, processed tables) are still as that run left them, unless
``force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

from helpers import paths
from helpers.batch._params import declared_parameters
from helpers.batch._plan import (
    KEY_FIGURES_PARAMETER,
    STAMP_SUFFIX,
    Task,
    build_plan,
    plan_omissions,
    validate_plan,
)
from helpers.io import sha256_tree


@dataclass
class Result:
    key: str
    status: str  # ok | stopped | failed | skipped | up-to-date | omitted
    duration_s: float = 0.0
    html: str | None = None
    executed: str | None = None
    key_figures: str | None = None
    error: dict | None = None
    html_bytes: int | None = None
    reason: str | None = None  # why an omitted notebook was left out of the plan


# -- up-to-date checks ------------------------------------------------------------------------
def code_fingerprint() -> str:
    """Hash of the helpers package (code, codebook, templates): a code change reruns everything."""
    digest = hashlib.sha256()
    pkg = Path(__file__).resolve().parent.parent
    for path in sorted(pkg.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yml", ".j2", ".json"}:
            digest.update(path.relative_to(pkg).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def input_fingerprint(task: Task, code_hash: str) -> str:
    digest = hashlib.sha256(code_hash.encode())
    digest.update(sha256_tree(paths.NOTEBOOKS_DIR / task.notebook).encode())
    digest.update(json.dumps(task.parameters, sort_keys=True).encode())
    for item in task.inputs:
        digest.update(sha256_tree(item).encode())
    return digest.hexdigest()


# -- execution --------------------------------------------------------------------------------
def _outputs(task: Task, reports_root: Path) -> dict[str, Path]:
    folder = reports_root / task.group
    return {
        "html": folder / f"{task.stem}.html",
        "executed": folder / "notebooks" / f"{task.stem}.ipynb",
        "key_figures": folder / "notebooks" / f"{task.stem}.json",
        "stamp": folder / "notebooks" / f"{task.stem}{STAMP_SUFFIX}",
        "log": folder / "notebooks" / f"{task.stem}.kernel.log",
    }


def _output_hashes(task: Task, out: dict[str, Path]) -> dict[str, str]:
    """Content hashes of what a run of ``task`` writes: its report files (by name, relative to
    the stamp) and its outputs outside the reports folder (by path); absent ones included."""
    named = {k: out[k] for k in ("html", "executed", "key_figures")}
    named |= {path: Path(path) for path in task.outputs}
    return {name: sha256_tree(path) for name, path in named.items()}


def _up_to_date(task: Task, out: dict[str, Path], fingerprint: str, export: bool) -> bool:
    """The stamp holds this fingerprint and every output is still as that run left it.

    A deleted or changed report, key-figure file or processed table makes the task run again
    (and, as their inputs then change, its dependants).
    """
    if not out["stamp"].is_file():
        return False
    stamp = json.loads(out["stamp"].read_text())
    return (
        stamp.get("fingerprint") == fingerprint
        and stamp.get("outputs") == _output_hashes(task, out)
        and (not export or out["html"].is_file())
    )


def _up_to_date_result(task: Task, reports_root: Path, export: bool = True) -> Result:
    out = _outputs(task, reports_root)
    rel = {k: os.path.relpath(v, reports_root) for k, v in out.items()}
    return Result(
        task.key,
        "up-to-date",
        html=rel["html"] if export else None,
        executed=rel["executed"],
        key_figures=rel["key_figures"] if out["key_figures"].is_file() else None,
        html_bytes=out["html"].stat().st_size if export else None,
    )


def plan_status(
    tasks: list[Task], reports_root: Path, force: bool = False, export: bool = True
) -> list[tuple[Task, str, str]]:
    """What a run would do, without running anything: ``(task, "up-to-date" | "run", why)``.

    A task runs when it is forced, has never run here, its notebook, parameters, code or input
    data changed, one of its outputs was deleted or changed, or a task it depends on runs.
    """
    code_hash = code_fingerprint()
    status: dict[str, str] = {}
    rows = []
    for task in tasks:  # the plan lists every task after the tasks it depends on
        out = _outputs(task, reports_root)
        fingerprint = input_fingerprint(task, code_hash)
        rerun_deps = [d for d in task.deps if status.get(d) == "run"]
        if force:
            why = "forced (--force)"
        elif rerun_deps:
            why = f"runs after {', '.join(rerun_deps)}"
        elif not out["stamp"].is_file():
            why = "not run before in this reports folder"
        elif json.loads(out["stamp"].read_text()).get("fingerprint") != fingerprint:
            why = "notebook, parameters, code or input data changed"
        elif not _up_to_date(task, out, fingerprint, export):
            why = "an output was deleted or changed"
        else:
            why = ""
        status[task.key] = "run" if why else "up-to-date"
        rows.append((task, status[task.key], why or "inputs and outputs unchanged"))
    return rows


#: Kernels started for one notebook before it counts as failed. Jupyter's kernels bind ports the
#: client picked for them, so two kernels starting at once can both get the same port and one
#: never answers (papermill issue 511): a notebook whose kernel did not start, before any cell
#: ran, gets a fresh kernel.
KERNEL_START_ATTEMPTS = 3


def _cells_started(executed: Path) -> bool:
    """Whether papermill began any cell of the executed notebook (False when it is unreadable)."""
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # not written yet, or cut short: nothing ran
        return False
    return any(c.metadata.get("papermill", {}).get("start_time") for c in nb.cells)


@contextmanager
def _kernel_log(path: Path):
    """Send this process's stderr (inherited by the kernel it starts) to ``path``.

    The kernel's own messages (start-up warnings, C-level errors) go to the audit folder instead
    of flooding the batch's progress display.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "w", encoding="utf-8") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def execute_task(
    task: Task,
    reports_root: Path,
    code_hash: str,
    force: bool,
    notebooks_dir: Path | None = None,
    export: bool = True,
) -> Result:
    """Run one notebook with papermill and export it; runs in a worker process."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from helpers.batch._html import export_html

    out = _outputs(task, reports_root)
    rel = {k: os.path.relpath(v, reports_root) for k, v in out.items()}
    fingerprint = input_fingerprint(task, code_hash)
    if not force and _up_to_date(task, out, fingerprint, export):
        return _up_to_date_result(task, reports_root, export)
    out["executed"].parent.mkdir(parents=True, exist_ok=True)
    for stale in (out["key_figures"], out["stamp"]):
        stale.unlink(missing_ok=True)
    notebook = Path(notebooks_dir or paths.NOTEBOOKS_DIR) / task.notebook
    parameters = dict(task.parameters)
    if KEY_FIGURES_PARAMETER in declared_parameters(notebook, required=False):
        parameters[KEY_FIGURES_PARAMETER] = str(out["key_figures"])
    start = time.perf_counter()
    try:
        with _kernel_log(out["log"]):
            for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
                try:
                    pm.execute_notebook(
                        str(notebook),
                        str(out["executed"]),
                        parameters=parameters,
                        kernel_name="python3",
                        cwd=str(notebook.parent),
                        progress_bar=False,
                        log_output=False,
                        # every output is in once the last cell is done; a graceful shutdown
                        # waited up to 3 s more for one kernel in three (its exit hooks)
                        shutdown_kernel="immediate",
                    )
                    break
                except PapermillExecutionError:
                    raise
                except Exception:
                    if attempt == KERNEL_START_ATTEMPTS or _cells_started(out["executed"]):
                        raise
                    print(
                        f"kernel did not start (attempt {attempt}); starting a new one",
                        file=sys.stderr,
                    )
    except PapermillExecutionError as exc:
        out["html"].unlink(missing_ok=True)
        return Result(
            task.key,
            "failed",
            time.perf_counter() - start,
            executed=rel["executed"],
            error={
                "cell": exc.cell_index,
                "exec_count": exc.exec_count,
                "ename": exc.ename,
                "evalue": str(exc.evalue)[:500],
            },
        )
    except Exception as exc:  # kernel died, notebook unreadable, ...
        out["html"].unlink(missing_ok=True)
        return Result(
            task.key,
            "failed",
            time.perf_counter() - start,
            executed=rel["executed"] if out["executed"].is_file() else None,
            error={"cell": None, "ename": type(exc).__name__, "evalue": str(exc)[:500]},
        )
    status = "ok"
    if out["key_figures"].is_file():  # helpers/report/key_figures.schema.json
        status = json.loads(out["key_figures"].read_text()).get("status", status)
    html_bytes = None
    if export:
        export_html(out["executed"], out["html"], title=task.title)
        html_bytes = out["html"].stat().st_size
    out["stamp"].write_text(
        json.dumps(
            {"fingerprint": fingerprint, "key": task.key, "outputs": _output_hashes(task, out)}
        )
    )
    return Result(
        task.key,
        status,
        time.perf_counter() - start,
        html=rel["html"] if export else None,
        executed=rel["executed"],
        key_figures=rel["key_figures"] if out["key_figures"].is_file() else None,
        html_bytes=html_bytes,
    )


class Progress:
    """Progress display: a tqdm bar on a terminal, one line per finished notebook always."""

    def __init__(self, total: int, stream=None):
        from tqdm import tqdm

        self.stream = stream or sys.stderr
        self.bar = tqdm(
            total=total,
            unit="notebook",
            desc="batch",
            file=self.stream,
            disable=not getattr(self.stream, "isatty", lambda: False)(),
        )
        self.done = 0
        self.total = total

    def finished(self, result: Result) -> None:
        self.done += 1
        mark = {
            "ok": "ok",
            "up-to-date": "ok (up to date)",
            "stopped": "stopped early",
            "failed": "FAILED",
            "skipped": "skipped",
        }[result.status]
        line = f"[{self.done}/{self.total}] {result.key}: {mark} ({result.duration_s:.1f} s)"
        if self.bar.disable:
            print(line, file=self.stream, flush=True)
        else:
            self.bar.write(line, file=self.stream)
            self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def _critical_first(tasks: list[Task]) -> list[Task]:
    """The tasks in the order to start them when several are ready: most dependants first.

    List scheduling with, as priority, the number of tasks that wait on a task directly or not:
    the trends, which every wave summary waits for, start as soon as the cleanings are done and
    run beside the impact analyses instead of alone at the end. Ties keep the plan's order.

    >>> t = [Task("a", "", "", "w", {}), Task("b", "", "", "w", {}), Task("c", "", "", "w", {},
    ...      deps=["b"])]
    >>> [x.key for x in _critical_first(t)]
    ['b', 'a', 'c']
    """
    children: dict[str, list[str]] = {t.key: [] for t in tasks}
    for t in tasks:
        for d in t.deps:
            if d in children:
                children[d].append(t.key)
    below: dict[str, set[str]] = {}

    def waiting_on(key: str) -> set[str]:
        if key not in below:
            below[key] = set().union(*({c} | waiting_on(c) for c in children[key]))
        return below[key]

    return sorted(tasks, key=lambda t: -len(waiting_on(t.key)))


def execute_plan(
    tasks: list[Task],
    reports_root: Path,
    jobs: int,
    force: bool = False,
    notebooks_dir: Path | None = None,
    export: bool = True,
    progress: Progress | None = None,
) -> list[Result]:
    """Run the tasks respecting dependencies, ``jobs`` notebooks at a time."""
    code_hash = code_fingerprint()
    progress = progress or Progress(len(tasks))
    by_key = {t.key: t for t in tasks}
    results: dict[str, Result] = {}
    running: dict[Future, str] = {}
    pending = _critical_first(tasks)
    # up-to-date tasks are settled here, without starting a worker: a no-op rerun stays fast
    for task, status, _ in plan_status(tasks, reports_root, force, export):
        if status == "up-to-date":
            results[task.key] = _up_to_date_result(task, reports_root, export)
            progress.finished(results[task.key])
            pending.remove(task)
    if not pending:
        progress.close()
        return [results[t.key] for t in tasks]
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=get_context("spawn")) as pool:
        while pending or running:
            for task in list(pending):
                dep_status = [
                    results[d].status if d in results else None for d in task.deps if d in by_key
                ]
                if any(s in ("failed", "skipped") for s in dep_status):
                    pending.remove(task)
                    failed = [
                        d
                        for d in task.deps
                        if d in results and results[d].status in ("failed", "skipped")
                    ]
                    results[task.key] = Result(
                        task.key,
                        "skipped",
                        error={"ename": "dependency failed", "evalue": ", ".join(failed)},
                    )
                    progress.finished(results[task.key])
                elif all(s is not None for s in dep_status) and len(running) < max(1, jobs):
                    pending.remove(task)
                    fut = pool.submit(
                        execute_task, task, reports_root, code_hash, force, notebooks_dir, export
                    )
                    running[fut] = task.key
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                key = running.pop(fut)
                try:
                    results[key] = fut.result()
                except Exception as exc:  # the worker itself broke
                    results[key] = Result(
                        key,
                        "failed",
                        error={"cell": None, "ename": type(exc).__name__, "evalue": str(exc)[:500]},
                    )
                progress.finished(results[key])
    progress.close()
    return [results[t.key] for t in tasks]


def summary_lines(results: list[Result], reports_root: Path) -> list[str]:
    """The closing summary: counts, then every failure with its cell and executed notebook."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    lines = ["summary: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))]
    for r in results:
        if r.status == "failed":
            err = r.error or {}
            cell = f"cell {err['cell']}" if err.get("cell") is not None else "before any cell"
            where = reports_root / r.executed if r.executed else "(no executed notebook)"
            lines.append(
                f"FAILED {r.key}: {cell}: {err.get('ename')}: {err.get('evalue')} "
                f"-> executed notebook: {where}"
            )
        elif r.status == "skipped":
            lines.append(f"skipped {r.key}: its input failed ({(r.error or {}).get('evalue')})")
        elif r.status == "omitted":
            lines.append(f"omitted {r.key}: {r.reason}")
        lines += _cleaning_status_lines(r, reports_root)
    big = [r for r in results if r.html_bytes and r.html_bytes > 3 * 1024 * 1024]
    for r in big:
        lines.append(f"warning: {r.html} is {r.html_bytes / 1e6:.1f} MB (over 3 MB)")
    return lines


def _cleaning_status_lines(result: Result, reports_root: Path) -> list[str]:
    """A cleaning that ran but did not end "ok" (warnings, an incomplete wave) is named."""
    if not result.key.endswith("/01_cleaning") or not result.key_figures:
        return []
    path = reports_root / result.key_figures
    if not path.is_file():
        return []
    from helpers.report import figure_values, load_key_figures

    figures = figure_values(load_key_figures(path))
    status = figures.get("status", "ok")
    if status == "ok":
        return []
    warnings = {v for k, v in figures.items() if k.startswith("warnings.")}
    codes = ", ".join(sorted(warnings)) or "see the cleaning report"
    prefix = "INCOMPLETE" if status == "incomplete" else "warnings"
    return [f"{prefix} {result.key}: cleaning ended with status {status}: {codes}"]


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    names = [
        "kleine-keten-klantervaring",
        "pandas",
        "numpy",
        "scipy",
        "statsmodels",
        "scikit-learn",
        "matplotlib",
        "seaborn",
        "papermill",
        "nbconvert",
        "pandera",
        "pyarrow",
    ]
    out = {"python": sys.version.split()[0]}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def _roots(raw_root, processed_root, reports_root) -> tuple[Path, Path, Path]:
    raw_root = Path(raw_root or paths.RAW_DIR).resolve()
    processed_root = Path(processed_root or paths.PROCESSED_DIR).resolve()
    reports_root = Path(reports_root or paths.REPORTS_DIR).resolve()
    for target in (processed_root, reports_root):
        paths.ensure_not_raw(target, raw_root)
    return raw_root, processed_root, reports_root


def dry_run_lines(
    waves: list[str] | None = None,
    force: bool = False,
    raw_root: Path | str | None = None,
    processed_root: Path | str | None = None,
    reports_root: Path | str | None = None,
    extra_parameters: dict | None = None,
) -> list[str]:
    """The plan of :func:`run_batch` as lines, one per notebook: would it run, and why."""
    raw_root, processed_root, reports_root = _roots(raw_root, processed_root, reports_root)
    tasks = build_plan(waves, raw_root, processed_root, extra_parameters)
    validate_plan(tasks, raw_root)
    rows = plan_status(tasks, reports_root, force)
    lines = [f"{'run' if s == 'run' else 'up to date':<11} {t.key}: {why}" for t, s, why in rows]
    lines += [f"{'omitted':<11} {o.key}: {o.reason}" for o in plan_omissions(raw_root)]
    n_run = sum(s == "run" for _, s, _ in rows)
    lines.append(f"plan: {n_run} to run, {len(rows) - n_run} up to date; reports in {reports_root}")
    return lines


def run_batch(
    waves: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    raw_root: Path | str | None = None,
    processed_root: Path | str | None = None,
    reports_root: Path | str | None = None,
    extra_parameters: dict | None = None,
) -> tuple[list[Result], Path]:
    """Plan, validate, execute and index a batch run; returns the results and the index path.

    The results end with one ``omitted`` result per notebook left out of the plan.
    """
    from helpers.batch._index import update_manifest, write_index

    raw_root, processed_root, reports_root = _roots(raw_root, processed_root, reports_root)
    tasks = build_plan(waves, raw_root, processed_root, extra_parameters)
    validate_plan(tasks, raw_root)
    omitted = plan_omissions(raw_root)
    jobs = jobs or os.cpu_count() or 1
    print(
        f"running {len(tasks)} notebooks with {jobs} parallel jobs; reports in {reports_root}",
        file=sys.stderr,
        flush=True,
    )
    started = time.time()
    results = execute_plan(tasks, reports_root, jobs, force)
    run_info = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
        "duration_s": round(time.time() - started, 1),
        "jobs": jobs,
        "git_commit": _git_commit(),
        "packages": package_versions(),
        "raw_root": str(raw_root),
        "processed_root": str(processed_root),
    }
    manifest = update_manifest(reports_root, tasks, results, run_info, omitted)
    index = write_index(reports_root, manifest)
    return results + [Result(o.key, "omitted", reason=o.reason) for o in omitted], index


def _git_commit() -> str:
    from helpers.report import git_commit

    return git_commit()


def result_dict(result: Result) -> dict:
    return asdict(result)
