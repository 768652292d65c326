"""The parameters cell as a contract: read what a notebook declares, refuse what it does not.

papermill only *warns* about a parameter the notebook does not declare and then silently runs the
default (another organisation's report under the wrong name). The batch runner checks every
parameter set here, before anything runs: unknown names, wrong types and values outside the
allowed set (an unknown organisation, target group, wave or method) are refused with one message.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from helpers.errors import InputError


@dataclass(frozen=True)
class Declared:
    """One parameter of a notebook's parameters cell."""

    name: str
    type_name: str
    default: object
    help: str


def declared_parameters(notebook: str | Path, required: bool = True) -> dict[str, Declared]:
    """Parameters of the first code cell tagged ``parameters`` (literal assignments only).

    A notebook without such a cell raises :class:`InputError`, or declares nothing when
    ``required`` is False.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> nb = nbformat.v4.new_notebook()
    >>> cell = nbformat.v4.new_code_cell('wave: str = "2017-Q2"  # wave id')
    >>> cell.metadata["tags"] = ["parameters"]
    >>> nb.cells = [cell]
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.ipynb"
    >>> nbformat.write(nb, p)
    >>> declared_parameters(p)["wave"]
    Declared(name='wave', type_name='str', default='2017-Q2', help='wave id')
    """
    nb = nbformat.read(str(notebook), as_version=4)
    cell = next(
        (
            c
            for c in nb.cells
            if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])
        ),
        None,
    )
    if cell is None:
        if not required:
            return {}
        raise InputError("no code cell tagged 'parameters'", file=notebook)
    lines = cell.source.splitlines()
    out: dict[str, Declared] = {}
    for node in ast.parse(cell.source).body:
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
            raise InputError(
                f"parameters cell line {node.lineno}: only annotated literal assignments "
                "(`name: type = value  # help`) are allowed",
                file=notebook,
            )
        line = lines[node.lineno - 1]
        help_text = line.split("#", 1)[1].strip() if "#" in line else ""
        out[node.target.id] = Declared(
            name=node.target.id,
            type_name=ast.unparse(node.annotation),
            default=ast.literal_eval(node.value),
            help=help_text,
        )
    return out


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "list[str]": (list,),
    "dict": (dict,),
}


def check_parameters(
    notebook: str | Path,
    parameters: dict,
    choices: dict[str, Callable[[dict], Iterable]] | None = None,
) -> dict:
    """Validate ``parameters`` for ``notebook``; returns them, or raises one InputError.

    ``choices`` maps a parameter name to a function of the full parameter set that returns the
    allowed values (so "keten" can be allowed for asylum seekers only). All problems are collected
    into one message.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> nb = nbformat.v4.new_notebook()
    >>> cell = nbformat.v4.new_code_cell('organisation: str = "IND"  # IND, COA or DTV')
    >>> cell.metadata["tags"] = ["parameters"]
    >>> nb.cells = [cell]
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.ipynb"
    >>> nbformat.write(nb, p)
    >>> check_parameters(p, {"organisaton": "COA"})
    Traceback (most recent call last):
    ...
    helpers.errors.InputError: ...: unknown parameter 'organisaton' (declared: organisation)
    >>> check_parameters(p, {"organisation": "XYZ"}, {"organisation": lambda p: ["IND", "COA"]})
    Traceback (most recent call last):
    ...
    helpers.errors.InputError: ...: parameter organisation='XYZ' not allowed (allowed: IND, COA)
    """
    declared = declared_parameters(notebook)
    problems = []
    for name, value in parameters.items():
        if name not in declared:
            problems.append(f"unknown parameter {name!r} (declared: {', '.join(declared)})")
            continue
        allowed_types = _TYPES.get(declared[name].type_name)
        if allowed_types and (
            not isinstance(value, allowed_types)
            or (isinstance(value, bool) and bool not in allowed_types)
        ):
            problems.append(
                f"parameter {name}={value!r} should be of type {declared[name].type_name}"
            )
    merged = {k: d.default for k, d in declared.items()} | parameters
    for name, allowed_fn in (choices or {}).items():
        if name not in declared or name not in parameters:
            continue
        allowed = list(allowed_fn(merged))
        values = parameters[name] if isinstance(parameters[name], list) else [parameters[name]]
        for value in values:
            if value not in allowed:
                problems.append(
                    f"parameter {name}={value!r} not allowed "
                    f"(allowed: {', '.join(map(str, allowed))})"
                )
    if problems:
        raise InputError("; ".join(problems), file=notebook)
    return parameters
