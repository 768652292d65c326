"""Benchmark: the full demo batch against its floor.

The floor is papermill executing the same number of *empty* notebooks with the same parallelism:
kernel start-up and papermill's own overhead, nothing else. The batch time is then split into
the notebooks' cell time (papermill records each cell's duration in the executed notebook; summed
and divided by the number of parallel jobs), which is the analyses' own compute including the
imports they need, and the rest: kernel start-up, HTML export and scheduling. The target is that
rest <= 2 x the floor, the whole batch <= 1.5 x the floor, and the median first code cell
after the parameters (every notebook's imports of its report module, in the kernel) <= 0.6 s; the
same imports are also timed in a fresh interpreter, and the next cell (the report's build) is
printed beside them. Then a no-op rerun: ``python -m helpers run`` in a
fresh process over the same folders, everything up to date (interpreter start, planning, stamp
checks, index); the target is under 3 s. Runs in temporary folders; data/processed and reports/
are not touched.

    .venv/bin/python benchmarks/bench_batch.py [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from helpers import paths
from helpers.batch._plan import Task, build_plan
from helpers.batch._runner import Progress, execute_plan, run_batch


def empty_notebook(folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, folder / "empty.ipynb")
    return "empty.ipynb"


def floor_seconds(n_tasks: int, jobs: int, tmp: Path) -> float:
    """Seconds of the batch runner executing ``n_tasks`` empty notebooks, ``jobs`` at a time."""
    nb_dir = tmp / "empty"
    nb_dir.mkdir()
    name = empty_notebook(nb_dir)
    tasks = [Task(f"floor/empty_{i:03d}", name, "leeg", "floor", {}) for i in range(n_tasks)]
    start = time.perf_counter()
    floor = execute_plan(
        tasks,
        tmp / "floor",
        jobs,
        force=True,
        notebooks_dir=nb_dir,
        export=False,
        progress=Progress(len(tasks)),
    )
    seconds = time.perf_counter() - start
    if any(r.status != "ok" for r in floor):
        raise SystemExit(f"floor runs failed: {[r.error for r in floor if r.status != 'ok']}")
    return seconds


NOOP_TARGET_S = 3.0


def noop_rerun_s(raw: Path, processed: Path, reports: Path, jobs: int) -> float:
    """Seconds of ``python -m helpers run`` in a fresh process when everything is up to date."""
    cmd = [sys.executable, "-m", "helpers", "run", "--jobs", str(jobs), "--raw", str(raw)]
    cmd += ["--processed", str(processed), "--reports", str(reports)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    summary = next((x for x in proc.stderr.splitlines() if x.startswith("summary: ")), "")
    counts = {part.split(" ", 1)[1] for part in summary.removeprefix("summary: ").split(", ")}
    if proc.returncode != 0 or not counts or not counts <= {"up-to-date", "omitted"}:
        raise SystemExit(f"the no-op rerun was not a no-op:\n{proc.stderr[-2000:]}")
    return seconds


def _duration(cell) -> float:
    """Seconds papermill recorded for an executed cell (0 when it did not run)."""
    return cell.metadata.get("papermill", {}).get("duration") or 0.0


def _code_cells(nb) -> list:
    """The code cells after the (injected) parameters: the imports, the build, the sections."""
    return [
        cell
        for cell in nb.cells
        if cell.cell_type == "code"
        and not set(cell.metadata.get("tags", [])) & {"parameters", "injected-parameters"}
    ]


def _first_code_cell(nb):
    """The first code cell after the parameters: the imports of the report module."""
    return (_code_cells(nb) or [nbformat.v4.new_code_cell("")])[0]


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else float("nan")


def _imports_of(cell) -> str:
    """The import statements of a code cell (the report module a notebook opens with)."""
    lines = [line for line in cell.source.splitlines() if line.startswith(("from ", "import "))]
    return "\n".join(lines)


def import_seconds(code: str, repeat: int = 3) -> float:
    """Seconds a fresh interpreter spends on ``code`` (best of ``repeat``), timed inside it."""
    timed = f"import time\n_t = time.perf_counter()\n{code}\nprint(time.perf_counter() - _t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", timed], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(repeat)
    ]  # fmt: skip
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        raw = tmp / "raw"
        shutil.copytree(paths.RAW_DIR, raw)
        n_tasks = len(build_plan(None, raw, tmp / "processed"))

        start = time.perf_counter()
        results, _ = run_batch(
            jobs=args.jobs,
            force=True,
            raw_root=raw,
            processed_root=tmp / "processed",
            reports_root=tmp / "reports",
        )
        batch_s = time.perf_counter() - start
        failed = [r.key for r in results if r.status not in ("ok", "stopped")]
        noop_s = noop_rerun_s(raw, tmp / "processed", tmp / "reports", args.jobs)

        floor_s = floor_seconds(n_tasks, args.jobs, tmp)
        executed = [
            nbformat.read(tmp / "reports" / r.executed, as_version=4) for r in results if r.executed
        ]
        cell_s = sum(_duration(cell) for nb in executed for cell in nb.cells)
        first_cells = sorted(_duration(_first_code_cell(nb)) for nb in executed)
        build_cells = [_duration(c) for nb in executed for c in _code_cells(nb)[1:2]]
        imports = [_imports_of(_first_code_cell(nb)) for nb in executed]
        import_s = {code: import_seconds(code) for code in set(imports)}
        import_times = sorted(import_s[code] for code in imports)
        analyses_s = cell_s / args.jobs

        sizes = sorted(r.html_bytes or 0 for r in results)
        slowest = sorted(results, key=lambda r: -r.duration_s)[:5]
    print(f"notebooks: {n_tasks}, jobs: {args.jobs}")
    print(
        f"full demo batch: {batch_s:.1f} s" + (f" (FAILED: {', '.join(failed)})" if failed else "")
    )
    print(f"floor (papermill, {n_tasks} empty notebooks): {floor_s:.1f} s")
    print(f"ratio batch/floor: {batch_s / floor_s:.2f}x (target <= 1.5x)")
    print(
        "first code cell after the parameters (the imports): "
        f"median {_median(first_cells):.2f} s, max {first_cells[-1]:.2f} s (target median <= 0.6 s)"
    )
    print(
        "the same imports in a fresh interpreter (best of 3): "
        f"median {_median(import_times):.2f} s, max {import_times[-1]:.2f} s"
    )
    print(
        f"the next cell (the report's build): median {_median(build_cells):.2f} s, "
        f"max {max(build_cells, default=float('nan')):.2f} s"
    )
    print(
        f"analyses' own compute (cell time {cell_s:.1f} s / {args.jobs} jobs): {analyses_s:.1f} s"
    )
    print(
        f"overhead (batch - analyses): {batch_s - analyses_s:.1f} s = "
        f"{(batch_s - analyses_s) / floor_s:.2f}x the floor (target <= 2x)"
    )
    print(
        f"no-op rerun (fresh process, all up to date): {noop_s:.2f} s = "
        f"{noop_s / NOOP_TARGET_S:.2f}x the target of {NOOP_TARGET_S:.0f} s"
    )
    print(f"largest HTML report: {sizes[-1] / 1e6:.2f} MB (limit 3 MB)")
    print("slowest notebooks: " + ", ".join(f"{r.key} {r.duration_s:.1f} s" for r in slowest))


if __name__ == "__main__":
    main()
