"""Small building blocks of the generated Dutch report text."""

from __future__ import annotations

from collections.abc import Mapping

#: How an organisation is named inside a Dutch sentence ("het oordeel over het COA").
ORGANISATION_PHRASES: dict[str, str] = {
    "IND": "de IND",
    "COA": "het COA",
    "DTV": "de DT&V",
    "keten": "de Kleine Keten als geheel",
}


def join_nl(names: list[str]) -> str:
    """Dutch enumeration.

    Examples
    --------
    >>> join_nl([]), join_nl(["a"]), join_nl(["a", "b"]), join_nl(["a", "b", "c"])
    ('', 'a', 'a en b', 'a, b en c')
    """
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


def label_for(key, labels: Mapping | None) -> str:
    """The label of ``key`` from ``labels``, else the key with underscores as spaces.

    Examples
    --------
    >>> label_for("actief_meedenken", None), label_for("IND", {"IND": "de IND"})
    ('actief meedenken', 'de IND')
    """
    if labels and key in labels:
        return str(labels[key])
    return str(key).replace("_", " ")
