"""Executed notebook -> self-contained HTML for reviewers (nbconvert, no code cells).

Inputs are hidden, prompts and warnings (stderr) are dropped, images are embedded as data URIs, a
table of contents is built from the headings, the page declares ``lang="nl"``, a print
stylesheet keeps tables and charts whole and starts each main section on a new page, and
nothing is loaded from the internet (the ``kk_report`` template removes the lab template's
require.js, MathJax and Mermaid scripts), so a report opens offline without console errors.
The executed notebook itself keeps everything, for audit.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import nbformat

from helpers.io import write_text
from helpers.report import HEADER_END

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
MAX_REPORT_BYTES = 3 * 1024 * 1024

_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)(?:<a class="anchor-link"|</h\1>)', re.S)
_TAGS = re.compile(r"<[^>]+>")
_REPORT_H1 = re.compile(r'<h1 class="kk-title"[^>]*>(.*?)</h1>', re.S)
_TITLE = re.compile(r"<title>.*?</title>", re.S)


def _strip_for_reviewers(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what a reviewer must never see: stderr, a deliberate stop, cells tagged ``remove``."""
    cells = []
    for cell in nb.cells:
        if "remove" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not (o.output_type == "stream" and o.name == "stderr")
                # a deliberate stop (stop_report) is not an error for the reader
                and not (o.output_type == "error" and o.get("ename") == "SystemExit")
            ]
        cells.append(cell)
    nb.cells = cells
    return nb


def table_of_contents(body: str) -> str:
    """A ``<nav>`` listing the h2/h3 headings of an exported page (empty when there are none).

    Examples
    --------
    >>> h = '<h2 id="Uitkomst">Uitkomst<a class="anchor-link" href="#">¶</a></h2>'
    >>> toc = table_of_contents(h)
    >>> toc.startswith('<nav class="kk-toc"') and '<a href="#Uitkomst">Uitkomst</a>' in toc
    True
    """
    items = []
    for level, anchor, text in _HEADING.findall(body):
        label = html_lib.escape(html_lib.unescape(_TAGS.sub("", text)).strip())
        items.append(f'<li class="kk-toc-h{level}"><a href="#{anchor}">{label}</a></li>')
    if not items:
        return ""
    return (
        '<nav class="kk-toc" aria-label="Inhoud"><strong>Inhoud</strong><ul>'
        + "".join(items)
        + "</ul></nav>"
    )


def export_html(executed: str | Path, target: str | Path, title: str | None = None) -> Path:
    """Export an executed notebook to a self-contained HTML report (written atomically)."""
    from nbconvert import HTMLExporter

    nb = _strip_for_reviewers(nbformat.read(str(executed), as_version=4))
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="kk_report",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="nl",  # <html lang="nl">: the reports are Dutch (screen readers, hyphens)
    )
    body, _ = exporter.from_notebook_node(nb)
    h1 = _REPORT_H1.search(body)  # the page title says what the H1 says (group, wave)
    if h1:
        body = _TITLE.sub(f"<title>{h1.group(1)}</title>", body, count=1)
    toc = table_of_contents(body)
    if HEADER_END in body:  # after the report header (banner, parameters), else at the top
        body = body.replace("<!--KK-TOC-->", "", 1).replace(HEADER_END, toc, 1)
    else:
        body = body.replace("<!--KK-TOC-->", toc, 1)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_text(body, target)
