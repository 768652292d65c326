"""Benchmark: the full demo batch against its floor.

The floor is papermill executing the same number of *empty* notebooks with the same parallelism:
kernel start-up and papermill's own overhead, nothing else. The batch time is then split into
the notebooks' cell time (papermill records each cell's duration in the executed notebook; summed
and divided by the number of parallel jobs), which is the analyses' own compute including the
imports they need, and the rest: kernel start-up, HTML export and scheduling. The target is that
rest <= 2 x the floor. Runs in temporary folders; data/processed and reports/ are not touched.

    .venv/bin/python benchmarks/bench_batch.py [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from helpers import paths
from helpers.batch._runner import Progress, Task, build_plan, execute_plan, run_batch


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

        nb_dir = tmp / "empty"
        nb_dir.mkdir()
        name = empty_notebook(nb_dir)
        tasks = [Task(f"floor/empty_{i:03d}", name, "leeg", "floor", {}) for i in range(n_tasks)]
        start = time.perf_counter()
        floor = execute_plan(
            tasks,
            tmp / "floor",
            args.jobs,
            force=True,
            notebooks_dir=nb_dir,
            export=False,
            progress=Progress(len(tasks)),
        )
        floor_s = time.perf_counter() - start
        if any(r.status != "ok" for r in floor):
            raise SystemExit(f"floor runs failed: {[r.error for r in floor if r.status != 'ok']}")
        cell_s = sum(
            cell.metadata.get("papermill", {}).get("duration") or 0.0
            for r in results
            if r.executed
            for cell in nbformat.read(tmp / "reports" / r.executed, as_version=4).cells
        )
        analyses_s = cell_s / args.jobs

        sizes = sorted(r.html_bytes or 0 for r in results)
        slowest = sorted(results, key=lambda r: -r.duration_s)[:5]
    print(f"notebooks: {n_tasks}, jobs: {args.jobs}")
    print(
        f"full demo batch: {batch_s:.1f} s" + (f" (FAILED: {', '.join(failed)})" if failed else "")
    )
    print(f"floor (papermill, {n_tasks} empty notebooks): {floor_s:.1f} s")
    print(f"ratio batch/floor: {batch_s / floor_s:.2f}x")
    print(
        f"analyses' own compute (cell time {cell_s:.1f} s / {args.jobs} jobs): {analyses_s:.1f} s"
    )
    print(
        f"overhead (batch - analyses): {batch_s - analyses_s:.1f} s = "
        f"{(batch_s - analyses_s) / floor_s:.2f}x the floor (target <= 2x)"
    )
    print(f"largest HTML report: {sizes[-1] / 1e6:.2f} MB (limit 3 MB)")
    print("slowest notebooks: " + ", ".join(f"{r.key} {r.duration_s:.1f} s" for r in slowest))


if __name__ == "__main__":
    main()
