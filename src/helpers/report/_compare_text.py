"""Dutch sentences for the subgroup comparisons of :func:`helpers.stats.compare_groups`.

The statistics layer returns the tests (codes and numbers); this module names the groups and
writes one Dutch sentence per significant difference, and the "no differences" sentence.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers.errors import InputError
from helpers.notation import format_number
from helpers.report._style import percent_nl
from helpers.report._text import ORGANISATION_PHRASES, join_nl, label_for

#: Items that need no item phrase in a sentence (the overall judgement).
OVERALL_ITEMS: tuple[str, ...] = ("totaaloordeel",)


def describe_differences(
    table: pd.DataFrame,
    *,
    labels: Mapping | None = None,
    organisation_phrases: Mapping[str, str] | None = None,
    item_labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A :func:`helpers.stats.compare_groups` table with Dutch group labels and sentences.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`helpers.stats.compare_groups`.
    labels : mapping, optional
        Dutch noun phrase per group, e.g. ``{"afgewezen": "afgewezen asielzoekers"}``; default
        the value with ``_`` as space.
    organisation_phrases, item_labels : mapping, optional
        How organisations and items are named in sentences (defaults
        :data:`ORGANISATION_PHRASES`, the item code with ``_`` as space).

    Returns
    -------
    pandas.DataFrame
        A copy with ``label_a`` and ``label_b`` after ``group_b`` and ``sentence`` (Dutch, ``""``
        when not significant) at the end.

    Examples
    --------
    >>> t = pd.DataFrame({"organisation": ["COA"], "item": ["totaaloordeel"],
    ...                   "group_a": ["afgewezen"], "group_b": ["vergunning_na_beroep"],
    ...                   "estimate_a": [4.0], "estimate_b": [3.0], "difference": [1.0],
    ...                   "significant": [True], "measure": ["mean"]})
    >>> describe_differences(t).loc[0, "sentence"]
    'Afgewezen beoordelen het COA gemiddeld hoger (4,0) dan vergunning na beroep (3,0).'
    """
    out = table.copy()
    at = out.columns.get_loc("group_b") + 1 if "group_b" in out.columns else len(out.columns)
    out.insert(at, "label_a", [label_for(g, labels) for g in out.get("group_a", [])])
    out.insert(at + 1, "label_b", [label_for(g, labels) for g in out.get("group_b", [])])
    phrases = {**ORGANISATION_PHRASES, **(organisation_phrases or {})}
    out["sentence"] = [
        _sentence(row, row["measure"], phrases, item_labels) if row["significant"] else ""
        for row in out.to_dict("records")
    ]
    return out


def difference_sentences(
    table: pd.DataFrame, *, between: str | None = None, about: str | None = None
) -> list[str]:
    """The Dutch sentences of the significant differences in a :func:`describe_differences` table.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`describe_differences` (any subset of its rows).
    between : str, optional
        Phrase for the groups in the "no differences" sentence; default the group labels joined
        ("A, B en C").
    about : str, optional
        Appended to the "no differences" sentence, e.g. ``"in het oordeel over het COA"``.

    Returns
    -------
    list of str
        One sentence per significant row, in table order; when there is none, the single sentence
        ``"Er zijn geen significante verschillen tussen ..."``; when nothing could be tested,
        ``"Er zijn te weinig waarnemingen om de groepen te vergelijken."``.

    Examples
    --------
    >>> t = pd.DataFrame({"label_a": ["afgewezen asielzoekers"],
    ...                   "label_b": ["asielzoekers met een vergunning na beroep"],
    ...                   "significant": [False], "sentence": [""]})
    >>> difference_sentences(t)  # doctest: +NORMALIZE_WHITESPACE
    ['Er zijn geen significante verschillen tussen afgewezen asielzoekers en asielzoekers met een
     vergunning na beroep.']
    """
    needed = ["label_a", "label_b", "significant", "sentence"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise InputError(f"not a describe_differences table: missing column(s) {missing}")
    significant = table["significant"].to_numpy(dtype=bool)
    if significant.any():
        return [str(s) for s in table.loc[significant, "sentence"]]
    tail = f" {about}" if about else ""
    if table.empty:
        return [f"Er zijn te weinig waarnemingen om de groepen te vergelijken{tail}."]
    if between is None:
        names = list(dict.fromkeys([*table["label_a"], *table["label_b"]]))
        between = join_nl(names)
    return [f"Er zijn geen significante verschillen tussen {between}{tail}."]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def pair_numbers(a: float, b: float, decimals: int, suffix: str = "") -> tuple[str, str]:
    """Two numbers as " (x)" for a sentence; one more decimal when they would look equal.

    A missing number (blanked for disclosure) gives ``""``: the sentence names the difference
    without quoting the value.
    """
    fa, fb = format_number(a, decimals), format_number(b, decimals)
    if fa == fb:
        fa, fb = format_number(a, decimals + 1), format_number(b, decimals + 1)
    return tuple(f" ({f}{suffix})" if pd.notna(v) else "" for f, v in ((fa, a), (fb, b)))


def _sentence(row: dict, measure: str, phrases: Mapping[str, str], item_labels) -> str:
    a, b = row["label_a"], row["label_b"]
    higher = row["difference"] > 0
    org = row.get("organisation")
    org_phrase = phrases.get(org, str(org)) if org is not None and not pd.isna(org) else None
    item = row.get("item")
    item_phrase = None
    if item is not None and not pd.isna(item) and item not in OVERALL_ITEMS:
        item_phrase = label_for(item, item_labels)
    if measure == "mean":
        va, vb = pair_numbers(row["estimate_a"], row["estimate_b"], 1)
        direction = "hoger" if higher else "lager"
        if org_phrase and item_phrase:
            what = f"beoordelen {org_phrase} op ‘{item_phrase}’"
        elif org_phrase:
            what = f"beoordelen {org_phrase}"
        elif item_phrase:
            what = f"beoordelen ‘{item_phrase}’"
        else:
            return _capitalise(f"{a} geven gemiddeld een {direction} oordeel{va} dan {b}{vb}.")
        return _capitalise(f"{a} {what} gemiddeld {direction}{va} dan {b}{vb}.")
    if measure == "nps":
        va, vb = pair_numbers(row["estimate_a"], row["estimate_b"], 0)
        direction = "hogere" if higher else "lagere"
        target = f" aan {org_phrase}" if org_phrase else ""
        return _capitalise(f"{a} geven{target} een {direction} NPS{va} dan {b}{vb}.")
    va, vb = pair_numbers(row["estimate_a"], row["estimate_b"], 0, "%")
    direction = "vaker" if higher else "minder vaak"
    if org_phrase and item_phrase:
        what = f" over {org_phrase} wat betreft ‘{item_phrase}’"
    elif org_phrase:
        what = f" over {org_phrase}"
    elif item_phrase:
        what = f" over ‘{item_phrase}’"
    else:
        what = ""
    return _capitalise(f"{a} zijn {direction} positief{what}{va} dan {b}{vb}.")


def mirror_gap_sentence(who: str, about: str, figure: Mapping, alpha: float = 0.05) -> str:
    """One mirror gap in words: what ``who`` expects asylum seekers to say about ``about``
    against what asylum seekers say (% positive), with the Holm-adjusted verdict.

    ``figure`` holds ``expected`` and ``experienced`` (percentages) and ``p_holm``. Only a
    difference the test shows is called an under- or overestimate; otherwise the sentence says
    which way it seems to lean and that it is not shown.

    Examples
    --------
    >>> mirror_gap_sentence("medewerkers", "de IND", {"expected": 40.0, "experienced": 62.0,
    ...                     "p_holm": 0.01})
    'Medewerkers onderschatten hoe positief asielzoekers over de IND oordelen: verwacht 40%, \
ervaren 62% (een aangetoond verschil).'
    >>> mirror_gap_sentence("medewerkers", "het COA", {"expected": 70.0, "experienced": 64.0,
    ...                     "p_holm": 0.4})
    'Medewerkers lijken iets positiever te denken over het COA dan asielzoekers zelf \
(verwacht 70%, ervaren 64%), maar dat verschil is niet aangetoond.'
    """
    e, a, p = float(figure["expected"]), float(figure["experienced"]), figure.get("p_holm")
    numbers = f"verwacht {percent_nl(e)}, ervaren {percent_nl(a)}"
    if p is not None and not pd.isna(p) and float(p) < alpha:
        verb = "onderschatten" if e < a else "overschatten"
        return _capitalise(
            f"{who} {verb} hoe positief asielzoekers over {about} oordelen: {numbers} "
            "(een aangetoond verschil)."
        )
    direction = "negatiever" if e < a else "positiever"
    return _capitalise(
        f"{who} lijken iets {direction} te denken over {about} dan asielzoekers zelf "
        f"({numbers}), maar dat verschil is niet aangetoond."
    )
