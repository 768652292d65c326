"""House rules of the committed notebooks: parameters cell first, commented; thin; no outputs."""

import ast

import nbformat
import pytest

from helpers.batch._params import declared_parameters
from helpers.paths import NOTEBOOKS_DIR

EXPECTED = [
    "00_wave_summary.ipynb",
    "01_cleaning.ipynb",
    "02_descriptives.ipynb",
    "03_impact_analysis.ipynb",
    "04_power_continuous_measurement.ipynb",
    "05_trends.ipynb",
    "06_context_indicators.ipynb",
    "07_small_area.ipynb",
]
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_the_report_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_first_and_every_parameter_commented(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    declared = declared_parameters(path)
    assert "key_figures_path" in declared
    for p in declared.values():
        assert p.help, f"parameter {p.name} has no comment"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(path):
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    for src in code:
        tree = ast.parse("\n".join(line for line in src.splitlines() if not line.startswith("%")))
        defs = [
            n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)
        ]
        assert not defs, "logic belongs in src/helpers, not in a notebook"
        assert len(src.splitlines()) <= 25, "a notebook cell should be a call or two into helpers"
    headings = [
        c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")
    ]
    assert len(headings) >= 2, "Dutch section headings make the report's table of contents"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_sees_every_parameter(path):
    # papermill's own parser documents the parameters (`papermill --help-notebook`); it silently
    # drops a line it cannot parse (e.g. a comment containing "="), so both views must agree
    import papermill

    inferred = papermill.inspect_notebook(str(path))
    assert set(inferred) == set(declared_parameters(path))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_opens_the_same_way(path):
    # after the parameters: one public report module is imported, then its report is built
    # once and its header shown; the notebook reaches nothing private and writes no file itself
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"][1:]
    imports = [
        node
        for src in code
        for node in ast.walk(ast.parse(src))
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert all(isinstance(n, ast.ImportFrom) and n.module == "helpers.report" for n in imports)
    names = [a.name for n in imports for a in n.names]
    assert not [n for n in names if n.startswith("_")], names
    # the imports alone first (what every notebook pays before any work), then the build
    assert all(isinstance(n, ast.ImportFrom) for n in ast.parse(code[0]).body)
    module = ast.parse(code[0]).body[0].names[0]
    alias = module.asname or module.name
    assert f"= {alias}.build(" in code[1] and f"{alias}.show_header(" in code[1]
    assert not any("save_key_figures" in src or "open(" in src for src in code)
