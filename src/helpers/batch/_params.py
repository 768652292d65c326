"""The parameters cell as a contract: read what a notebook declares, refuse what it does not.

papermill only *warns* about a parameter the notebook does not declare and then silently runs the
default (another organisation's report under the wrong name). The batch runner checks every
parameter set here, before anything runs: unknown names, wrong types and values that break the
parameter's :class:`Rule` (an unknown organisation or subgroup, a negative bootstrap count, a
probability outside (0, 1)) are refused with one message.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

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
    ``required`` is False. The notebook is read as plain JSON (nbformat 4), without nbformat's
    validation, so that planning a batch run stays fast.

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
    try:
        nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"not a readable notebook: {exc}", file=notebook) from exc
    cell = next(
        (
            c
            for c in nb.get("cells", [])
            if c.get("cell_type") == "code"
            and "parameters" in (c.get("metadata") or {}).get("tags", [])
        ),
        None,
    )
    if cell is None:
        if not required:
            return {}
        raise InputError("no code cell tagged 'parameters'", file=notebook)
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    lines = source.splitlines()
    out: dict[str, Declared] = {}
    for node in ast.parse(source).body:
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


@dataclass(frozen=True)
class Rule:
    """The values a parameter may take: a closed set and/or an interval.

    ``choices`` is a function of the full parameter set (so "keten" can be allowed for asylum
    seekers only); a bound is a number or the name of another parameter (``power`` above
    ``alpha``). An open bound excludes its value. A list value must hold allowed values only.

    Examples
    --------
    >>> Rule(low=0, low_open=True).problem("bootstrap", -5, {})
    'parameter bootstrap=-5 must be > 0'
    >>> Rule(low=0, high=1, low_open=True, high_open=True).problem("alpha", 0.05, {}) is None
    True
    >>> Rule(choices=lambda p: ["IND", "COA"]).problem("organisation", "XYZ", {})
    "parameter organisation='XYZ' not allowed (allowed: IND, COA)"
    >>> Rule(low="alpha", low_open=True).problem("power", 0.01, {"alpha": 0.05})
    'parameter power=0.01 must be > alpha (0.05)'
    """

    choices: Callable[[dict], Iterable] | None = None
    low: float | str | None = None
    high: float | str | None = None
    low_open: bool = False
    high_open: bool = False

    def problem(self, name: str, value, parameters: dict) -> str | None:
        """Why ``value`` is refused for parameter ``name`` (None when it is allowed)."""
        if self.choices is not None:
            allowed = list(self.choices(parameters))
            bad = [v for v in (value if isinstance(value, list) else [value]) if v not in allowed]
            if bad:
                return (
                    f"parameter {name}={bad[0]!r} not allowed "
                    f"(allowed: {', '.join(map(str, allowed))})"
                )
        for bound, is_open, above in (
            (self.low, self.low_open, True),
            (self.high, self.high_open, False),
        ):
            if bound is None:
                continue
            limit = parameters[bound] if isinstance(bound, str) else bound
            inside = value > limit if above else value < limit
            if not (inside or (value == limit and not is_open)):
                sign = (">" if above else "<") + ("" if is_open else "=")
                shown = f"{bound} ({limit})" if isinstance(bound, str) else limit
                return f"parameter {name}={value!r} must be {sign} {shown}"
        return None


def parameter_problems(
    notebook: str | Path, parameters: dict, rules: dict[str, Rule] | None = None
) -> list[str]:
    """Every reason to refuse ``parameters`` for ``notebook`` (empty: all allowed).

    Unknown names, wrong types, and values that break their :class:`Rule` in ``rules``; a rule
    sees the notebook's defaults merged with ``parameters``. Only the parameters given are
    checked.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> nb = nbformat.v4.new_notebook()
    >>> cell = nbformat.v4.new_code_cell('organisation: str = "IND"  # IND, COA or DTV')
    >>> cell.metadata["tags"] = ["parameters"]
    >>> nb.cells = [cell]
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.ipynb"
    >>> nbformat.write(nb, p)
    >>> parameter_problems(p, {"organisaton": "COA"})
    ["unknown parameter 'organisaton' (declared: organisation)"]
    >>> parameter_problems(p, {"organisation": "XYZ"}, {"organisation": Rule(lambda p: ["IND"])})
    ["parameter organisation='XYZ' not allowed (allowed: IND)"]
    """
    declared = declared_parameters(notebook)
    problems = []
    well_typed = {}
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
            continue
        well_typed[name] = value
    merged = {k: d.default for k, d in declared.items()} | well_typed
    for name, value in well_typed.items():
        rule = (rules or {}).get(name)
        problem = rule.problem(name, value, merged) if rule else None
        if problem:
            problems.append(problem)
    return problems
