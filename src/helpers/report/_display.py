"""What every report notebook calls: the header, key figures, a deliberate early stop.

The header shows a banner on every report built from synthetic data and an H1 naming the report,
its group, organisation and wave; the parameters and the data version (a short hash of the raw
input checksums that cleaning recorded) close the report under "Verantwoording"
(:mod:`helpers.report._header`), so a reviewer reads findings first and still knows what a report
was made from. Key figures (n, means, R², suppressed cells, ...) go to a
small JSON file beside the executed notebook, which the tests assert with tolerances.
"""

from __future__ import annotations

import html
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from helpers.io import write_json
from helpers.notation import NO_VALUE_MARK, format_number
from helpers.paths import PROJECT_ROOT
from helpers.report._header import HEADER_END, SYNTHETIC_BANNER_NL  # noqa: F401 (front)


def git_commit() -> str:
    """The checkout's commit (with ``+dirty`` when files differ), or ``unknown``."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def show_header(
    title: str,
    parameters: dict[str, Any],
    waves: list | None = None,
    raw_root: str | Path | None = None,
) -> dict:
    """Display the opening of a report: the synthetic-data banner and an H1 naming the report,
    its target group, organisation and wave(s) (:func:`helpers.report._header.header_html`);
    returns ``{"synthetic", "data_version"}``.

    ``waves`` are the waves the report reads: the report's own opened
    :class:`helpers.data.Wave` objects (a wave is built once per notebook), or wave ids, opened
    here from ``raw_root`` (their raw ``wave.yml`` says whether the data is synthetic; any
    synthetic wave makes the whole report synthetic). Without waves (the context
    report) the data is the real public context data. The settings and the data version close
    the report (:func:`helpers.report._header.show_verantwoording`).
    """
    from IPython.display import HTML, display

    from helpers.data import Wave
    from helpers.report._header import HeaderContext, header_html, remember

    opened = [w if isinstance(w, Wave) else Wave(w, raw_root or "") for w in waves or []]
    synthetic = any(w.synthetic for w in opened)
    version = "+".join(w.data_version for w in opened) or "publieke contextdata"
    wave_ids = [w.id for w in opened]
    remember(HeaderContext(title, dict(parameters), wave_ids, synthetic, version, git_commit()))
    display(HTML(header_html(title, parameters, synthetic, wave_ids)))
    return {"synthetic": synthetic, "data_version": version}


def save_key_figures(
    path: str | Path,
    figures: dict[str, Any],
    *,
    wave: str | None = None,
    report: str | None = None,
    target_group: str | None = None,
    organisation: str | None = None,
    status: str = "ok",
) -> None:
    """Write the key figures as one key-figure document (``key_figures.schema.json``), atomically.

    ``figures`` is the report's own (nested) dict; it is flattened by
    :func:`helpers.report._key_figures.flatten_key_figures`. ``report`` defaults to the
    notebook's stem as the runner's file name gives it (``03_impact_analysis`` from
    ``03_impact_analysis_asielzoekers_IND.json``), ``wave``, ``target_group`` and
    ``organisation`` to the string values of those keys in ``figures``. An empty path
    (interactive use) writes nothing.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "03_impact.json"
    >>> save_key_figures(p, {"wave": "2017-Q2", "n": np.int64(3), "r2": float("nan")})
    >>> doc = json.loads(p.read_text())
    >>> doc["wave"], doc["report"], [(f["name"], f["value"]) for f in doc["figures"]]
    ('2017-Q2', '03_impact', [('n', 3), ('r2', None)])
    """
    if not path:
        return
    from helpers.report._key_figures import key_figure_document

    doc = key_figure_document(
        figures,
        report,
        file_stem=Path(path).stem,
        wave=wave,
        target_group=target_group,
        organisation=organisation,
        status=status,
    )
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_json(doc, path)


def stop_report(reason_nl: str, key_figures_path: str | Path = "", **figures: Any) -> None:
    """End a notebook early on purpose (not a failure): say why, record it, and stop.

    The key figures get ``status: "stopped"`` and the reason as the figure ``reason``.
    papermill treats a bare ``SystemExit`` as a clean end, so the batch carries on.
    """
    from IPython.display import Markdown, display

    display(Markdown(f"**Deze rapportage stopt hier.** {reason_nl}"))
    save_key_figures(key_figures_path, {"reason": reason_nl, **figures}, status="stopped")
    raise SystemExit()


def show_figure(fig, alt: str = "") -> None:
    """Show a matplotlib figure as an embedded PNG (100 dpi, tight) and close it.

    The reports draw on :class:`~matplotlib.figure.Figure` objects that pyplot does not track, so
    they are freed with the last reference; a pyplot figure is closed, which keeps memory flat in
    long runs. ``alt`` is the Dutch text alternative.
    """
    import base64
    import io
    import sys

    from IPython.display import HTML, display

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    if "matplotlib.pyplot" in sys.modules:  # a figure of an analyst's own pyplot session
        sys.modules["matplotlib.pyplot"].close(fig)
    data = base64.b64encode(buf.getvalue()).decode()
    display(
        HTML(
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            'style="max-width:100%">'
        )
    )


def show_text(markdown_nl: str) -> None:
    """Show generated Dutch text (a summary sentence) as formatted text, not as program output."""
    from IPython.display import Markdown, display

    display(Markdown(markdown_nl))


def format_cells(table, decimals: int | Mapping[str, int] = 1):
    """Cells as Dutch text: decimal comma, thousands dot, ``ja``/``nee``, empty as "–".

    ``decimals`` is one number for every column, or a number per column (others: 1).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1234.5, float("nan")], "b": [True, False], "n": [1500, 3]})
    >>> format_cells(df)
             a    b      n
    0  1.234,5   ja  1.500
    1        –  nee      3
    """

    def fmt(value, digits: int):
        if isinstance(value, bool | np.bool_):
            return "ja" if value else "nee"
        if isinstance(value, int | np.integer):
            return format_number(value, 0)
        if isinstance(value, float | np.floating):
            return format_number(value, digits) if np.isfinite(value) else NO_VALUE_MARK
        return NO_VALUE_MARK if value is None else str(value)

    per_column = decimals if isinstance(decimals, Mapping) else {}
    default = 1 if isinstance(decimals, Mapping) else decimals
    return table.apply(lambda col: col.map(lambda v: fmt(v, per_column.get(col.name, default))))


def show_table(table, caption: str = "", decimals: int | Mapping[str, int] = 1) -> None:
    """Show a small table for reviewers: cells formatted by :func:`format_cells` (and escaped),
    ``caption`` above, through the one table route (:func:`helpers.privacy.style_frame`).

    For tables of respondent data use :func:`helpers.privacy.protect_table` and
    :func:`helpers.privacy.style_table` instead; this only formats.
    """
    from IPython.display import display

    from helpers.privacy import style_frame

    display(style_frame(format_cells(table, decimals).map(html.escape), title=html.escape(caption)))
