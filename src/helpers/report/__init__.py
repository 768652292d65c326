"""Everything a reader sees: Dutch text, tables and charts, one module per report."""

from helpers._lazy import lazy_front

__all__, __getattr__, __dir__ = lazy_front(
    __name__,
    {
        "_display": [
            "HEADER_END",
            "git_commit",
        ],
        "_header": [
            "show_verantwoording",
        ],
        "_key_figures": [
            "KEY_FIGURES_SCHEMA",
            "figure_values",
            "flatten_key_figures",
            "key_figure_document",
            "load_key_figures",
            "read_key_figures",
        ],
        "_style": [
            "ORGANISATION_COLOURS",
            "decimal_comma",
            "interval_nl",
            "wave_label",
        ],
        "_text": [
            "join_nl",
            "label_for",
        ],
    },
)
