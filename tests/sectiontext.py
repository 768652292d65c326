"""What a descriptives section puts on the page, as one text, for tests that read the page."""

from __future__ import annotations


def displayed(section, tables: str = "html") -> str:
    """The section's sentences, captions, tables and every text drawn in its charts.

    ``tables="html"`` adds each table as rendered; ``"text"`` only its cells (no markup, so a
    scan for code names does not meet the table's CSS class names).
    """
    out = []
    for kind, obj, extra in section.parts:
        if kind == "text":
            out.append(obj)
        elif kind == "table":
            out.append(str(extra))
            out.append(obj.to_html() if tables == "html" else obj.data.to_string())
        else:
            out.append(extra)
            for ax in obj.axes:
                out += [t.get_text() for t in ax.texts]
                out += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
                out.append(ax.get_title())
                legend = ax.get_legend()
                if legend:
                    out += [t.get_text() for t in legend.get_texts()]
            out += [t.get_text() for t in obj.texts]
            for legend in obj.legends:
                out += [t.get_text() for t in legend.get_texts()]
    return "\n".join(out)
