"""Benchmark: what the demo batch's cells would cost if reports shared a kernel.

The batch gives every report a kernel of its own, so each pays for starting Python and for
importing pandas, matplotlib and its report module (``bench_batch.py`` measures that batch). The
alternative the speed target (batch <= 1.5 x the floor of as many empty notebooks) points to is
running several reports in one kernel, which gives up the isolation between reports. This
benchmark measures that alternative without building it: every notebook of the plan, in
dependency order, with the batch's parameters injected (papermill's own injection), executed
cell by cell in ONE kernel; outputs are discarded and no HTML is written. It prints the summed
cell time per kind of report and, divided over ``--jobs`` kernels, against the floor.

    .venv/bin/python benchmarks/bench_shared_kernel.py [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import nbformat
from bench_batch import floor_seconds
from jupyter_client.manager import start_new_kernel
from papermill.parameterize import parameterize_notebook

from helpers import paths
from helpers.batch._plan import build_plan


def in_dependency_order(tasks: list) -> list:
    """The tasks so that each comes after the tasks it depends on (the plan's order otherwise)."""
    done: set[str] = set()
    order: list = []
    while len(order) < len(tasks):
        ready = [t for t in tasks if t.key not in done and all(d in done for d in t.deps)]
        if not ready:
            raise SystemExit("the plan has a dependency cycle")
        order.append(ready[0])
        done.add(ready[0].key)
    return order


def run_in_one_kernel(tasks: list, reports: Path) -> dict[str, list[float]]:
    """Seconds of each notebook's cells, all run in one kernel; exits on a failing cell."""
    km, kc = start_new_kernel(kernel_name="python3")
    quiet = {"output_hook": lambda msg: None, "timeout": 600}
    seconds: dict[str, list[float]] = defaultdict(list)
    try:
        kc.execute_interactive(f"import os; os.chdir({str(paths.NOTEBOOKS_DIR)!r})", **quiet)
        for i, task in enumerate(tasks, 1):
            nb = nbformat.read(paths.NOTEBOOKS_DIR / task.notebook, as_version=4)
            for cell in nb.cells:
                cell.metadata.setdefault("tags", [])
            nb.metadata.setdefault("papermill", {})
            key_figures = reports / task.group / f"{task.stem}.json"
            key_figures.parent.mkdir(parents=True, exist_ok=True)
            nb = parameterize_notebook(
                nb, {**task.parameters, "key_figures_path": str(key_figures)}
            )
            start = time.perf_counter()
            for cell in (c for c in nb.cells if c.cell_type == "code"):
                reply = kc.execute_interactive(cell.source, **quiet)["content"]
                if reply["status"] == "ok":
                    continue
                if reply.get("ename") == "SystemExit":  # a report that stops on purpose
                    break
                raise SystemExit(f"{task.key}: {reply.get('ename')}: {reply.get('evalue')}")
            seconds[task.notebook.removesuffix(".ipynb")].append(time.perf_counter() - start)
            print(f"[{i}/{len(tasks)}] {task.key}", file=sys.stderr)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(paths.RAW_DIR, tmp / "raw")
        tasks = in_dependency_order(build_plan(None, tmp / "raw", tmp / "processed"))
        seconds = run_in_one_kernel(tasks, tmp / "reports")
        floor_s = floor_seconds(len(tasks), args.jobs, tmp)
    total = sum(sum(v) for v in seconds.values())
    print(f"notebooks: {len(tasks)}, all in one kernel, one after the other")
    for kind, values in sorted(seconds.items()):
        values = sorted(values)
        print(
            f"  {kind}: {len(values)} x, {sum(values):.1f} s "
            f"(median {values[len(values) // 2]:.2f} s)"
        )
    print(f"cell time in one kernel: {total:.1f} s (bench_batch prints it for a kernel each)")
    print(f"floor (papermill, {len(tasks)} empty notebooks, {args.jobs} jobs): {floor_s:.1f} s")
    print(
        f"cells alone over {args.jobs} shared kernels: {total / args.jobs:.1f} s = "
        f"{total / args.jobs / floor_s:.2f}x the floor (the batch target is <= 1.5x in all)"
    )


if __name__ == "__main__":
    main()
