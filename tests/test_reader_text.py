"""Reader text holds no code: no identifiers, file names, machine paths or English page tags.

:func:`reader_text_problems` scans the visible text of rendered HTML (or Markdown) for snake_case
identifiers, file names with an extension, absolute paths, notes addressed to analysts or tests,
and for a page that is not declared Dutch. The unit tests here feed it what the report layer
renders (the header, the closing "Verantwoording", the summary's sentences, the notebooks'
Dutch text and an exported page); ``tests/test_reports.py`` runs it over every page of the demo
batch.
"""

from __future__ import annotations

import ast
import html as html_lib
import re

import nbformat
import pandas as pd
import pytest

from helpers.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

_HIDDEN = re.compile(
    r"<(style|script)\b.*?</\1>|<details class=\"runlog\">.*?</details>|<!--.*?-->", re.S | re.I
)
_TAG = re.compile(r"<[^>]+>")
_SNAKE = re.compile(r"(?<![\w./#-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.-]*\.\w)")
_FILE = re.compile(
    r"(?<![\w/])[\w-]+\.(?:csv|json|ya?ml|parquet|sav|xlsx?|ipynb|py|md|html?|j2)\b", re.I
)
_ABS_PATH = re.compile(r"(?<![\w/.:])(?:/[\w.-]+){2,}/?|\b[A-Za-z]:\\[\w\\.-]+")
#: Notes addressed to analysts or tests, not to readers.
_ANALYST_NOTES = re.compile(
    r"voor de tests|JSON|Lees de antwoorden|quarantine|notebook|papermill|parameter\b", re.I
)


def visible_text(page: str) -> str:
    """The text a reader sees: without style, scripts, comments, the run log and tags."""
    return html_lib.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", page)))


def reader_text_problems(page: str) -> list[str]:
    """What in a rendered page (HTML or Markdown) is not reader text, one line per finding."""
    problems = []
    head = re.search(r"<html\b[^>]*>", page, re.I)
    if head and 'lang="nl"' not in head.group(0):
        problems.append(f"page not declared Dutch: {head.group(0)}")
    text = visible_text(page)
    for kind, pattern in (
        ("identifier", _SNAKE),
        ("file name", _FILE),
        ("machine path", _ABS_PATH),
        ("note to analysts", _ANALYST_NOTES),
    ):
        for hit in dict.fromkeys(m.group(0) for m in pattern.finditer(text)):
            problems.append(f"{kind}: {hit!r}")
    return problems


# -- the scanner finds what it must find -------------------------------------------------------
@pytest.mark.parametrize(
    "page",
    [
        '<html lang="en"><body><p>Gewoon Nederlands.</p></body></html>',
        "Een verandering van target_mde punt.",
        "Met quarterly_n respondenten per kwartaal.",
        "Zie wave.yml en quarantine.csv.",
        "De gegevens staan in /home/analist/data/raw/2017-Q2.",
        "De kerncijfers gaan naar een JSON-bestand (voor de tests en de index).",
        "Lees de antwoorden voor publicatie na.",
    ],
)
def test_the_scanner_finds_code_in_reader_text(page):
    assert reader_text_problems(page)


@pytest.mark.parametrize(
    "page",
    [
        '<html lang="nl"><head><style>.kk_x { a: b }</style></head><body>'
        '<img src="data:image/png;base64,AAA_BBB" alt="Staafdiagram"><p>3,7 (95%-BI 3,5-3,9); '
        "42% positief; 08/22-05/23; DT&amp;V; 2017 K2; n = 182.</p></body></html>",
        '<a href="2017-Q2/02_descriptives_asielzoekers.html">Beschrijvende resultaten</a>',
    ],
)
def test_the_scanner_leaves_reader_text_alone(page):
    assert reader_text_problems(page) == []


# -- what the report layer renders ---------------------------------------------------------------
def _notebook_parameters():
    from helpers.batch._params import declared_parameters

    values = {}
    for path in NOTEBOOKS:
        for name, p in declared_parameters(path).items():
            values[name] = p.default
    values |= {"raw_root": "/home/analist/data/raw", "processed_root": "/tmp/verwerkt"}
    values |= {"key_figures_path": "/tmp/rapport/kf.json"}
    return values


def test_header_and_verantwoording_name_no_parameter_file_or_path():
    from helpers.report._header import HeaderContext, header_html, verantwoording_html

    parameters = _notebook_parameters()
    assert {"target_mde", "quarterly_n", "window", "power"} <= set(parameters)
    head = header_html("Impactanalyse COA: asielzoekers", parameters, True, ["2017-Q2"])
    assert "<h1" in head and "2017 K2" in head and "Asielzoekers" not in head.split("</h1>")[1]
    context = HeaderContext("Impactanalyse", parameters, ["2017-Q2"], True, "ab12cd", "0a1b2c3d")
    closing = verantwoording_html(context)
    assert reader_text_problems(head) == []
    assert reader_text_problems(closing) == []
    # every setting is listed, in Dutch, with the folders relative to the data folders
    text = visible_text(closing)
    assert "Respondenten per kwartaal" in text and "map 2017-Q2 bij de ruwe gegevens" in text
    assert "uit de beschrijving van de meting" in text  # response rate 0: not "0,0"
    assert "ab12cd (synthetische demodata)" in text


def test_header_opens_with_the_finding_not_a_parameter_table():
    from helpers.report._header import header_html

    head = header_html("Beschrijvende resultaten", {"target_group": "ketenpartners"}, False,
                       ["2018-Q1"])  # fmt: skip
    assert "kk-parameters" not in head and "<table" not in head
    assert re.search(r"<h1[^>]*>Beschrijvende resultaten: ketenpartners, 2018 K1</h1>", head)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_text_for_readers(path):
    """The notebooks' Markdown and the Dutch strings their calls pass (headings, sentences)."""
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            texts.append(cell.source)
        elif "parameters" not in cell.metadata.get("tags", []):
            tree = ast.parse(cell.source)
            texts += [
                n.value
                for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and " " in n.value
            ]
    problems = [p for t in texts for p in reader_text_problems(t)]
    assert problems == [], problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_ends_with_verantwoording(path):
    nb = nbformat.read(path, as_version=4)
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    h2 = [h for h in headings if h.startswith("## ")]
    assert h2[-1] == "## Verantwoording", h2
    assert not [h for h in headings if h.startswith("# ")], "the H1 comes from the header call"
    assert "show_verantwoording()" in nb.cells[-1].source


def test_summary_sentences_are_reader_text():
    from helpers.report import _summary_text as st

    sentences = [
        st.judgement_heading(
            "asielzoekers", "COA", {"mean": 3.7, "ci_low": 3.5, "ci_high": 3.9, "n": 25}
        ),  # fmt: skip
        st.judgement_sentence(
            "DTV", {"mean": 3.1, "ci_low": 2.8, "ci_high": 3.4, "n": 80, "pct_positive": 41.0}
        ),  # fmt: skip
        st.change_sentence({"tested": True, "significant": True, "difference": -0.3}, "2017-Q2"),
        *st.aspects_sentences(["actief_meedenken"], [], ["reactietermijn"], {}, [], None),
        st.mirror_sentence("keten", {"expected": 50.0, "experienced": 61.0, "p_holm": 0.2}),
        st.subgroup_sentence("asielzoekers", {"nationaliteit": 1, "leeftijdsklasse": 2}, {}),
        st.response_sentence("ketenpartners", 290, 240.2),
    ]
    problems = [p for s in sentences for p in reader_text_problems(s)]
    assert problems == [], problems


def test_summary_findings_html_is_reader_text():
    from helpers.report.summary import WaveSummary, findings_html

    def fig(file, name, value, ci=(None, None), n=None, org=None):
        report = file.split("_asielzoekers")[0]  # the notebook's stem
        return {"wave": "2017-Q3", "report": report, "target_group": "asielzoekers",
                "organisation": org, "status": "ok", "name": name, "value": value,
                "ci_low": ci[0], "ci_high": ci[1], "n": n, "suppressed": False,
                "file": file}  # fmt: skip

    imp = "03_impact_analysis_asielzoekers_COA"
    rows = [
        fig("02_descriptives_asielzoekers", "mean_totaaloordeel.COA.mean", 3.7, (3.6, 3.74), 182),
        fig(imp, "drivers.0", "actief_meedenken", org="COA"),
        fig(imp, "aspects.actief_meedenken.label", "Actief meedenken", org="COA"),
        fig(imp, "aspects.actief_meedenken.stable", True, org="COA"),
        fig(imp, "aspects.actief_meedenken.quadrant", "Investeren en verbeteren", org="COA"),
        fig(imp, "investeren.0", "actief_meedenken", org="COA"),
    ]
    summary = WaveSummary("2017-Q3", pd.DataFrame(rows))
    page = findings_html(summary, "asielzoekers")
    assert "Asielzoekers zijn redelijk tevreden over het COA" in page
    assert "Investeren en verbeteren: actief meedenken." in page
    assert 'href="03_impact_analysis_asielzoekers_COA.html"' in page
    assert 'data-organisation="COA"' in page and "#009E73" in page  # the organisation's colour
    assert reader_text_problems(page) == []


def test_power_population_sentence_names_no_file():
    from helpers.report._power_text import population_text_nl

    population = {"response_rate": 0.42, "source_response_rate": "wave.yml"}
    text = population_text_nl(population | {"population_size": 9800.0,
                                            "source_population_size": "parameter"})  # fmt: skip
    assert reader_text_problems(text) == [] and "42%" in text


def test_exported_page_is_dutch_and_prints_whole(tmp_path):
    from helpers.batch._html import export_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Uitkomst\n\nAsielzoekers zijn tevreden.")]
    nbformat.write(nb, tmp_path / "r.ipynb")
    page = export_html(tmp_path / "r.ipynb", tmp_path / "r.html", title="Samenvatting").read_text()
    assert '<html lang="nl">' in page
    assert "@media print" in page and "break-inside: avoid" in page
    assert "h2 { break-before: page" in page
    assert reader_text_problems(page) == []
