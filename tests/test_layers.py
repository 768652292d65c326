"""The package's layers: imports run one way, through each subpackage's public front, no cycles.

foundation (paths, errors, io, codebook, notation) <- stats <- data <- privacy <- report <- batch
<- commands;
demo stands beside data (it writes raw waves; nothing but the commands imports it). A module may
import its own subpackage's private modules; another subpackage only through its ``__init__``.
The imports are read with :mod:`ast`, including those inside functions.
"""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest

import helpers

PKG = Path(helpers.__file__).resolve().parent
RANK = {
    "foundation": 0,
    "stats": 1,
    "data": 2,
    "demo": 2,
    "privacy": 3,
    "report": 4,
    "batch": 5,
    "commands": 6,
}
#: third-party imports a layer must not make (numbers and data carry no plotting or display)
FORBIDDEN = {
    "stats": ("matplotlib", "seaborn", "IPython", "nbformat", "papermill", "nbconvert"),
    "data": ("matplotlib", "seaborn", "IPython", "nbformat", "papermill", "nbconvert"),
    "privacy": ("matplotlib", "seaborn", "IPython", "nbformat", "papermill", "nbconvert"),
    "demo": ("matplotlib", "seaborn", "IPython", "nbformat", "papermill", "nbconvert"),
}
MAX_LINES = 800


def layer_of(module: str) -> str:
    """'helpers.stats._power' -> 'stats'; 'helpers.paths' -> 'foundation'."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in (
        "paths",
        "errors",
        "io",
        "codebook",
        "notation",
        "_lazy",
        "__init__",
    ):
        return "foundation"
    if parts[1] == "__main__":
        return "commands"
    return parts[1]


def module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the file, nested ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "helpers":
                found += [(f"helpers.{a.name}", node.lineno) for a in node.names]
            else:
                found.append((node.module, node.lineno))
    return found


MODULES = {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def test_every_subpackage_has_a_purpose_and_a_public_front():
    for name, path in MODULES.items():
        if path.name == "__init__.py" and name != "helpers":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            assert ast.get_docstring(tree), f"{name}: one-line purpose missing"
            if name != "helpers.commands":
                exported = [
                    n
                    for n in tree.body
                    if isinstance(n, ast.Assign) and "__all__" in ast.unparse(n.targets[0])
                ]
                assert exported, f"{name}: no __all__"


def test_imports_run_one_way_through_public_fronts():
    problems = []
    for name, path in MODULES.items():
        mine = layer_of(name)
        for target, line in imports_of(path):
            if not target.startswith("helpers"):
                bad = [f for f in FORBIDDEN.get(mine, ()) if target.split(".")[0] == f]
                if bad:
                    problems.append(f"{path.name}:{line} ({mine}) imports {target}")
                continue
            theirs = layer_of(target)
            if theirs == mine:
                continue
            if RANK[theirs] >= RANK[mine]:
                problems.append(f"{name}:{line} ({mine}) imports {target} ({theirs})")
            elif any(part.startswith("_") for part in target.split(".")[2:]):
                problems.append(f"{name}:{line} reaches past the public front: {target}")
    assert not problems, "\n".join(problems)


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        for target, _ in imports_of(path):
            while target and target not in MODULES:  # "helpers.stats.x" -> nearest module
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)
    return graph


def test_no_import_cycles():
    graph = _graph()
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                # a package importing its own modules (its public front) is not a cycle
                cycle = stack[stack.index(nxt) :] + [nxt] if nxt in stack else [node, nxt]
                if not all(c.startswith(cycle[0].rsplit(".", 1)[0]) for c in cycle) or not any(
                    MODULES[c].name == "__init__.py" for c in cycle
                ):
                    cycles.append(" -> ".join(cycle))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(MODULES):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name}: {lines} lines; split it by concept"


@pytest.mark.parametrize(
    "package", sorted(n for n, p in MODULES.items() if p.name == "__init__.py" and "." in n)
)
def test_every_name_of_a_public_front_resolves(package):
    """Each exported name comes from one module (:func:`helpers._lazy.lazy_front` refuses a name
    listed twice) and exists there."""
    module = importlib.import_module(package)
    for name in getattr(module, "__all__", []):
        assert getattr(module, name) is not None, f"{package}.{name}"
