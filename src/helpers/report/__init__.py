"""Everything a reader sees: Dutch text, tables and charts, one module per report."""

from helpers._lazy import lazy_front

__all__, __getattr__, __dir__ = lazy_front(
    __name__,
    {
        "_display": [
            "HEADER_END",
            "git_commit",
        ],
        "_text": [
            "join_nl",
            "label_for",
        ],
    },
)
