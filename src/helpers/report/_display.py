"""What every report notebook calls: the header, key figures, a deliberate early stop.

The header shows the title, a banner on every report built from synthetic data, the parameters and
the data version (a short hash of the raw input checksums that cleaning recorded), so a reviewer
always knows what a report was made from. Key figures (n, means, R², suppressed cells, ...) go to a
small JSON file beside the executed notebook, which the tests assert with tolerances.
"""

from __future__ import annotations

import html
import subprocess
from pathlib import Path
from typing import Any

import numpy as np

from helpers.io import write_json
from helpers.paths import PROJECT_ROOT

HEADER_END = "<!--KK-HEADER-END-->"  # the HTML export puts the table of contents here
SYNTHETIC_BANNER_NL = (
    "SYNTHETISCHE DEMODATA: deze rapportage is gemaakt met gegenereerde gegevens, niet met "
    "antwoorden van echte respondenten. De cijfers zeggen niets over IND, COA of DT&V."
)


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


def header_html(title: str, parameters: dict[str, Any], synthetic: bool, version: str) -> str:
    """HTML of the report header: title, synthetic banner, parameters and data version.

    Examples
    --------
    >>> h = header_html("Impactanalyse", {"wave": "2017-Q2"}, synthetic=True, version="abc")
    >>> "SYNTHETISCHE DEMODATA" in h and "2017-Q2" in h
    True
    """
    rows = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in parameters.items()
        if k != "key_figures_path"
    )
    banner = (
        f'<div class="kk-banner-synthetic" role="alert">{html.escape(SYNTHETIC_BANNER_NL)}</div>'
        if synthetic
        else ""
    )
    return (
        f'<div class="kk-header">{banner}'
        f'<table class="kk-parameters"><caption>{html.escape(title)}: parameters en '
        f"gegevensversie</caption>{rows}"
        f"<tr><th>gegevensversie</th><td>{html.escape(version)}</td></tr></table></div>"
        f"{HEADER_END}"
    )


def show_header(
    title: str,
    parameters: dict[str, Any],
    waves: list[str] | None = None,
    raw_root: str | Path | None = None,
) -> dict:
    """Display the report header in the notebook; returns ``{"synthetic", "data_version"}``.

    ``waves`` are the waves the report reads (their raw ``wave.yml`` says whether the data is
    synthetic; any synthetic wave makes the whole report synthetic). Without waves (the context
    report) the data is the real public context data.
    """
    from IPython.display import HTML, display

    from helpers.data import Wave

    opened = [Wave(w, raw_root or "") for w in waves or []]
    synthetic = any(w.synthetic for w in opened)
    version = "+".join(w.data_version for w in opened) or "publieke contextdata"
    display(HTML(header_html(title, parameters, synthetic, version)))
    return {"synthetic": synthetic, "data_version": version}


def save_key_figures(path: str | Path, figures: dict[str, Any]) -> None:
    """Write the key figures as JSON (atomically); an empty path (interactive use) writes nothing.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kf.json"
    >>> save_key_figures(p, {"n": np.int64(3), "r2": float("nan")})
    >>> json.loads(p.read_text())
    {'n': 3, 'r2': None}
    """
    if not path:
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_json(figures, path, sort_keys=True)


def stop_report(reason_nl: str, key_figures_path: str | Path = "", **figures: Any) -> None:
    """End a notebook early on purpose (not a failure): say why, record it, and stop.

    papermill treats a bare ``SystemExit`` as a clean end, so the batch carries on.
    """
    from IPython.display import Markdown, display

    display(Markdown(f"**Deze rapportage stopt hier.** {reason_nl}"))
    save_key_figures(key_figures_path, {"stopped": reason_nl, **figures})
    raise SystemExit()


def show_figure(fig, alt: str = "") -> None:
    """Show a matplotlib figure as an embedded PNG (100 dpi, tight) and close it.

    Closing keeps memory flat in long batch runs; ``alt`` is the Dutch text alternative.
    """
    import base64
    import io

    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
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


def format_cells(table, decimals: int = 1):
    """Cells as Dutch text: decimal comma, thousands dot, ``ja``/``nee``, empty as "–".

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1234.5, float("nan")], "b": [True, False], "n": [1500, 3]})
    >>> format_cells(df)
             a    b      n
    0  1.234,5   ja  1.500
    1        –  nee      3
    """

    def fmt(value):
        if isinstance(value, bool | np.bool_):
            return "ja" if value else "nee"
        if isinstance(value, int | np.integer):
            return f"{int(value):,}".replace(",", ".")
        if isinstance(value, float | np.floating):
            if not np.isfinite(value):
                return "–"
            return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
        return "–" if value is None else str(value)

    return table.map(fmt)


def show_table(table, caption: str = "", decimals: int = 1) -> None:
    """Show a small table for reviewers: no index, cells formatted by :func:`format_cells`.

    For tables of respondent data use :mod:`helpers.privacy._disclosure` first; this only formats.
    """
    from IPython.display import HTML, display

    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    body = format_cells(table, decimals).to_html(index=False, classes="kk-table", escape=True)
    display(
        HTML(
            body.replace(
                '<table border="1" class="dataframe kk-table">', f'<table class="kk-table">{cap}', 1
            )
        )
    )
