"""Scrubbing personal data from open answers (Dutch and English) before they reach a report.

:func:`scrub` replaces, in this order:

============== ================== ===========================================================
kind           replacement        what
============== ================== ===========================================================
``email``      ``[e-mail]``       e-mail addresses
``vnummer``    ``[v-nummer]``     IND vreemdelingennummer after "V-nummer", "v-nr", ...; any
                                  other 10-digit number that does not start with 0
``bsn``        ``[bsn]``          burgerservicenummer after "BSN", "burgerservicenummer",
                                  "sofinummer"; any other 9-digit number (also ``123.456.789``)
``datum``      ``[datum]``        full dates (``12-03-1990``, ``1/2/90``, ``1990-03-12``,
                                  ``12 maart 1990``, ``March 12, 1990``) and whatever date or year
                                  follows "geboren op/in", "geboortedatum", "born on", "date of
                                  birth": a date of birth cannot be told from other dates, and any
                                  exact date (hearing, transfer) is identifying in combination
``telefoon``   ``[telefoon]``     Dutch numbers of 10 digits starting with 0 (06-12345678,
                                  020-1234567, 010 123 4567, (020) 123 45 67) and international
                                  numbers (+31 6 1234 5678, 0031 ..., +32 ...)
``postcode``   ``[postcode]``     Dutch postcodes ``1234 AB`` / ``1234AB``
``adres``      ``[adres]``        street + house number: a street name ending in -straat, -weg,
                                  -laan, -plein, -gracht, -kade, -singel, -dreef, -hof, -pad,
                                  -dijk, -steeg, -plantsoen (with the words of its name, e.g.
                                  "Jan van Galenstraat 4", "Kerkstraat 12a")
``locatie``    ``[locatie]``      the name after "azc", "opvanglocatie", "opvangcentrum",
                                  "reception centre" (a reception centre narrows a person down,
                                  and a small one is as identifying as a name)
``naam``       ``[naam]``         the name after "mijn naam is", "ik heet", "my name is",
                                  "naam:" / "name:", "I am called", and after titles ("mevrouw",
                                  "meneer", "de heer", "dhr.", "mw.", "Mr", "Mrs", "Ms"); a
                                  capitalised name right after "I am", "I'm", "ik ben"
============== ================== ===========================================================

:func:`redact_terms` removes known words on top of that: :func:`open_answers_for_report` uses it
for the names of the nationalities and reception centres too small to be shown in the report
(``redact=``), so that "from azc X" or "I come from Y" cannot bring a suppressed category back.

Ordinary numbers ("3 maanden", "2 kinderen", "in 2019", "al 4 jaar") are left alone.

Known limits (the report shows only answers of groups >= the disclosure threshold, and a human
reads them before publication): names without a trigger ("groeten, Ahmed"), names in non-Latin
script, lowercase street names ending in -weg/-hof/-pad/-dijk (too many ordinary words end so),
and places of birth are not scrubbed. A street followed by an ordinary number ("op het
Stationsplein 2 uur gewacht") is scrubbed anyway: when in doubt, scrub.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd

from helpers.disclosure import DEFAULT_THRESHOLD
from helpers.errors import InputError

#: The kinds of personal data, in the order they are scrubbed.
KINDS: tuple[str, ...] = (
    "email",
    "vnummer",
    "bsn",
    "datum",
    "telefoon",
    "postcode",
    "adres",
    "locatie",
    "naam",
)
#: Replacement text per kind.
REPLACEMENTS: dict[str, str] = {
    "email": "[e-mail]",
    "vnummer": "[v-nummer]",
    "bsn": "[bsn]",
    "datum": "[datum]",
    "telefoon": "[telefoon]",
    "postcode": "[postcode]",
    "adres": "[adres]",
    "locatie": "[locatie]",
    "naam": "[naam]",
}
#: Answers that say nothing; dropped by :func:`open_answers_for_report` (compared casefolded,
#: without surrounding punctuation).
NON_ANSWERS: frozenset[str] = frozenset(
    {
        "nvt",
        "n.v.t",
        "n.v.t.",
        "nee",
        "geen",
        "niets",
        "niks",
        "geen opmerking",
        "geen opmerkingen",
        "weet niet",
        "no",
        "none",
        "nothing",
        "n/a",
        "na",
        "-",
    }
)


# --------------------------------------------------------------------------------------------
# building blocks
# --------------------------------------------------------------------------------------------


def _upper_class() -> str:
    """A character class of every upper-case letter of the Basic Multilingual Plane."""
    ranges: list[tuple[int, int]] = []
    for cp in range(min(sys.maxunicode, 0xFFFF) + 1):
        if chr(cp).isupper():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    parts = [
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    ]
    return "".join(parts)


_UP = _upper_class()
_LETTER = r"[^\W\d_]"
_CAPWORD = rf"[{_UP}]{_LETTER}*(?:[-'’]{_LETTER}+)*"
_INITIAL = rf"[{_UP}]\."
_PARTICLE = (
    r"(?:van|de|der|den|het|ter|ten|te|el|al|bin|ben|ibn|abu|da|di|du|le|la|von|dos|das|del|'t)"
)
#: Capitalised words that continue no name (organisations, places in the chain).
_NOT_NAMES = (
    r"(?:IND|COA|DTV|DT&V|AZC|Azc|VWN|GGD|GZA|RMA|UWV|KMar|AVIM|Vluchtelingenwerk|Nederland"
    r"|Ter[ \t]+Apel)(?![\w&])"
)
_NAME = (
    rf"(?:{_INITIAL}[ \t]*)*(?:{_PARTICLE}[ \t]+)*{_CAPWORD}"
    rf"(?:[ \t]+(?:{_PARTICLE}[ \t]+)*(?!{_NOT_NAMES}){_CAPWORD}){{0,3}}"
)
_MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|january|february|march|may|june|july|august|october|"
    r"(?:jan|feb|mrt|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec)\.?)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
_SEP = r"[ .\-]"
#: Capitalised words at the start of a sentence that are not part of a street name.
_NOT_STREET_WORDS = (
    r"(?:De|Het|Een|Ik|Wij|We|Mijn|Ons|Onze|Zij|Hij|In|Op|Aan|Naar|Bij|Via|Van|Adres|Woon"
    r"|Wonen|The|My|Our|At|On|In|To|Address|I)\b"
)
_NAME_STOPWORDS = frozenset(
    {
        "niet",
        "is",
        "was",
        "onbekend",
        "geheim",
        "anoniem",
        "privé",
        "prive",
        "not",
        "unknown",
        "secret",
        "anonymous",
        "private",
        "de",
        "het",
        "een",
        "a",
        "the",
        "ik",
        "en",
        "and",
        "u",
        "jij",
        "you",
        "nvt",
    }
)

#: A name that starts with a capitalised word (no leading particle or initial), for the weak
#: triggers "I am" / "ik ben" (so "ik ben de IND dankbaar" is left alone).
_STRICT_NAME = (
    rf"(?!{_NOT_NAMES}){_CAPWORD}"
    rf"(?:[ \t]+(?:{_PARTICLE}[ \t]+)*(?!{_NOT_NAMES}){_CAPWORD}){{0,3}}"
)
_PLACE = (
    rf"[{_UP}]{_LETTER}*(?:[-'’]{_LETTER}+)*"
    rf"(?:[ \t\-]+(?:(?:aan|op|bij|in|{_PARTICLE})[ \t]+)*[{_UP}]{_LETTER}*){{0,3}}"
)

_Rule = tuple[str, "re.Pattern[str]", Callable[["re.Match[str]"], str | None]]


def _whole(kind: str) -> Callable[[re.Match[str]], str]:
    return lambda m: REPLACEMENTS[kind]


def _keep_lead(kind: str) -> Callable[[re.Match[str]], str]:
    return lambda m: m.group("lead") + REPLACEMENTS[kind]


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _phone_nl(m: re.Match[str]) -> str | None:
    return REPLACEMENTS["telefoon"] if _digits(m.group(0)) == 10 else None


def _phone_int(m: re.Match[str]) -> str | None:
    return REPLACEMENTS["telefoon"] if 9 <= _digits(m.group(0)) <= 15 else None


def _postcode(m: re.Match[str]) -> str | None:
    number = int(m.group("num"))
    # 1900-2099 is also a year ("in 2015 NL binnengekomen"): only with a place name after it
    if 1900 <= number <= 2099 and not m.group("city"):
        return None
    return REPLACEMENTS["postcode"] + (m.group("city") or "")


def _name(m: re.Match[str]) -> str | None:
    word = m.group("name")
    if word[:1].islower() and word.casefold() in _NAME_STOPWORDS:
        return None
    return m.group("lead") + REPLACEMENTS["naam"]


_RULES: list[_Rule] = [
    ("email", re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"), _whole("email")),
    (
        "vnummer",
        re.compile(
            r"(?P<lead>(?i:\b(?:v[ .\-]?(?:nummer|nr|no)\.?|vreemdelingen[ \-]?nummer)"
            r"(?:[ \t]*(?::|is|was))?[ \t]*))"
            r"\d(?:[ .\-]?\d){5,11}(?!\d)"
        ),
        _keep_lead("vnummer"),
    ),
    (
        "bsn",
        re.compile(
            r"(?P<lead>(?i:\b(?:bsn|burger[ \-]?service[ \-]?nummer|sofi[ \-]?nummer)"
            r"(?:[ \t]*(?::|is|was))?[ \t]*))"
            r"\d(?:[ .\-]?\d){7,8}(?!\d)"
        ),
        _keep_lead("bsn"),
    ),
    (
        "datum",
        re.compile(
            rf"\b(?:{_DAY}(?P<s>[\-/.]){_MONTH_NUM}(?P=s)(?:\d{{4}}|\d{{2}})"
            rf"|(?:19|20)\d{{2}}-{_MONTH_NUM}-{_DAY})(?!\d)"
            rf"|(?i:\b{_DAY}(?:e|ste|de|st|nd|rd|th)?[ \t]+{_MONTHS}[ \t]+(?:19|20)\d{{2}}\b)"
            rf"|(?i:\b{_MONTHS}[ \t]+{_DAY}(?:st|nd|rd|th)?,?[ \t]+(?:19|20)\d{{2}}\b)"
        ),
        _whole("datum"),
    ),
    (
        "datum",
        re.compile(
            r"(?P<lead>(?i:\b(?:geboren[ \t]+(?:op|in)|geboortedatum[ \t]*:?|geb\.?[ \t]*datum"
            r"[ \t]*:?|born[ \t]+(?:on|in)|date[ \t]+of[ \t]+birth[ \t]*:?|dob[ \t]*:)[ \t]*))"
            rf"(?i:{_DAY}(?:e|ste|de|st|nd|rd|th)?[ \t]+{_MONTHS}(?:[ \t]+\d{{2,4}})?"
            rf"|{_MONTHS}[ \t]+(?:{_DAY}(?:st|nd|rd|th)?,?(?:[ \t]+\d{{4}})?|\d{{4}})"
            rf"|\d{{1,2}}[\-/.]\d{{1,2}}(?:[\-/.]\d{{2,4}})?"
            rf"|(?:19|20)\d{{2}})(?!\d)"
        ),
        _keep_lead("datum"),
    ),
    (
        "telefoon",
        re.compile(
            r"(?<![\w+])(?:\+|00)[ ]?\d{2,3}[ .\-]?(?:\(0\)[ .\-]?)?\d(?:[ .\-]?\d){5,11}"
            r"(?![\d])"
        ),
        _phone_int,
    ),
    (
        "telefoon",
        re.compile(rf"(?<![\w+])(?:\(0\d{{1,3}}\)|0\d{{1,3}}){_SEP}?\d(?:{_SEP}?\d){{5,7}}(?!\d)"),
        _phone_nl,
    ),
    (
        "postcode",
        re.compile(
            rf"\b(?P<num>[1-9]\d{{3}})(?:[ ]?(?!SA|SD|SS)[A-Z]{{2}}|(?!sa|sd|ss)[a-z]{{2}})\b"
            rf"(?P<city>,?[ \t]+[{_UP}]{_LETTER}{{2,}})?"
        ),
        _postcode,
    ),
    (
        "adres",
        re.compile(
            rf"(?<![\w\[])(?:(?!{_NOT_STREET_WORDS}){_CAPWORD}[ \t]+(?:{_PARTICLE}[ \t]+)*){{0,3}}"
            rf"(?:[{_UP}]{_LETTER}*(?:straat|weg|laan|plein|gracht|kade|singel|dreef|hof|pad|dijk"
            r"|steeg|plantsoen)"
            rf"|{_LETTER}+(?:straat|laan|plein|gracht|kade|singel|dreef|steeg|plantsoen))"
            r"[ \t]+\d{1,5}(?:-?[a-zA-Z](?!\w)|[ \t]?-[ \t]?\d{1,4}|[ \t]+(?:hs|bis|I{1,3})\b)?"
            r"(?![\w])"
        ),
        _whole("adres"),
    ),
    (
        "locatie",
        re.compile(
            r"(?P<lead>(?i:\b(?:azc|a\.z\.c\.|opvanglocatie|opvangcentrum"
            r"|reception[ \t]+cent(?:re|er))[ \t]+(?:(?:in|te|at|of)[ \t]+)?))"
            rf"(?P<name>{_PLACE})"
        ),
        _keep_lead("locatie"),
    ),
    ("vnummer", re.compile(r"(?<![\w\-+.])[1-9]\d{9}(?![\w])"), _whole("vnummer")),
    (
        "bsn",
        re.compile(r"(?<![\w\-+.,])(?:\d{9}|\d{3}\.\d{3}\.\d{3})(?![\w]|[.,]\d)"),
        _whole("bsn"),
    ),
    (
        "naam",
        re.compile(
            r"(?P<lead>(?i:\b(?:mijn[ \t]+naam[ \t]+is|ik[ \t]+heet|my[ \t]+name[ \t]+is"
            r"|my[ \t]+name's|i[ \t]+am[ \t]+called|mijn[ \t]+naam[ \t]*:"
            r"|(?:voor|achter|familie|roep)?naam[ \t]*:"
            r"|(?:sur|first[ \t]+|last[ \t]+|family[ \t]+)?name[ \t]*:)[ \t]*:?[ \t]*))"
            rf"(?P<name>{_NAME}|{_LETTER}+)"
        ),
        _name,
    ),
    (
        "naam",
        re.compile(
            r"(?P<lead>(?i:\b(?:mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|de[ \t]+heer|mr\.?|mrs\.?"
            r"|ms\.?|mister|madam)[ \t]+))"
            rf"(?P<name>{_NAME})"
        ),
        _name,
    ),
    (
        "naam",
        re.compile(
            r"(?P<lead>(?i:\b(?:i[ \t]+am|i['’]m|ik[ \t]+ben)[ \t]+))"
            rf"(?P<name>{_STRICT_NAME})"
        ),
        _name,
    ),
]


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------


def scrub(text: str, *, return_counts: bool = False):
    """Replace personal data in one open answer.

    Parameters
    ----------
    text : str
        An open answer; ``None``/NaN give ``""``.
    return_counts : bool
        Also return how many replacements of each kind were made.

    Returns
    -------
    str, or (str, dict of str to int)
        The scrubbed text; with ``return_counts`` also ``{kind: count}`` for every kind in
        :data:`KINDS`.

    Examples
    --------
    >>> scrub("Mijn naam is Ahmed Al-Hassan, bel me op 06-12345678.")
    'Mijn naam is [naam], bel me op [telefoon].'
    >>> scrub("Ik woon 3 maanden aan de Kerkstraat 12a, 1234 AB Utrecht, met 2 kinderen.")
    'Ik woon 3 maanden aan de [adres], [postcode] Utrecht, met 2 kinderen.'
    >>> scrub("V-nummer 1234567890, geboren op 12 maart 1990", return_counts=True)[1]["datum"]
    1
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        text = ""
    if not isinstance(text, str):
        raise InputError(f"scrub expects text, got {type(text).__name__}")
    counts = dict.fromkeys(KINDS, 0)
    for kind, pattern, replace in _RULES:

        def sub(m: re.Match[str], kind=kind, replace=replace) -> str:
            new = replace(m)
            if new is None:
                return m.group(0)
            counts[kind] += 1
            return new

        text = pattern.sub(sub, text)
    return (text, counts) if return_counts else text


def redact_terms(text: str, terms, replacement: str = "[weggelaten]") -> str:
    """Replace whole-word occurrences of known terms (case-insensitive) in one answer.

    Parameters
    ----------
    text : str
        An answer (``None``/NaN give ``""``).
    terms : iterable of str
        Words or phrases to remove, e.g. the names of categories too small to be shown; longer
        terms are replaced first (so "Sri Lanka" goes before "Lanka"). Empty terms are ignored.
    replacement : str
        What a term becomes.

    Returns
    -------
    str

    Examples
    --------
    >>> redact_terms("I come from Sri Lanka, not from sri lankan town", ["Sri Lanka"], "[land]")
    'I come from [land], not from sri lankan town'
    >>> redact_terms("Budel-Cranendonck en Budel", ["Budel"], "[locatie]")
    'Budel-Cranendonck en [locatie]'
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        text = ""
    words = sorted({str(t).strip() for t in terms if str(t).strip()}, key=len, reverse=True)
    if not words:
        return text
    pattern = re.compile(
        r"(?<![\w\-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w\-])",
        re.IGNORECASE,
    )
    return pattern.sub(replacement, text)


def scrub_series(series: pd.Series) -> pd.Series:
    """:func:`scrub` applied to every answer of a Series; missing answers stay missing.

    Examples
    --------
    >>> scrub_series(pd.Series(["mail me: a.b@example.nl", None])).tolist()
    ['mail me: [e-mail]', None]
    """
    if not isinstance(series, pd.Series):
        raise InputError("scrub_series expects a pandas Series")
    out = [None if _missing(v) else scrub(str(v)) for v in series]
    return pd.Series(out, index=series.index, name=series.name, dtype=object)


def scrub_counts(series: pd.Series) -> pd.Series:
    """Total replacements per kind over a Series of answers (for the method section).

    Examples
    --------
    >>> scrub_counts(pd.Series(["bel 06-12345678", "ik heet Sara", "tel: 0201234567"]))["telefoon"]
    np.int64(2)
    """
    totals = dict.fromkeys(KINDS, 0)
    for v in series:
        if not _missing(v):
            for kind, count in scrub(str(v), return_counts=True)[1].items():
                totals[kind] += count
    return pd.Series(totals, name="aantal").astype("int64")


def open_answers_for_report(
    df: pd.DataFrame,
    text_col: str,
    group_col: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    order: Sequence | None = None,
    non_answers: frozenset[str] | set[str] = NON_ANSWERS,
    redact: Mapping[str, Iterable[str]] | None = None,
) -> pd.DataFrame:
    """Scrubbed open answers of the groups that are large enough to be shown.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per respondent with the answer in ``text_col`` (missing when not answered).
    text_col : str
        The open-answer column.
    group_col : str, optional
        The grouping (e.g. ``"organisation"``, ``"azc"``); ``None``: everyone is one group.
    threshold : int
        A group is shown only if it has at least ``threshold`` respondents (rows of ``df``,
        answered or not); otherwise none of its answers, nor its name, appears.
    order : sequence, optional
        Order of the groups; unlisted groups follow alphabetically.
    non_answers : set of str
        Answers (casefolded, stripped of surrounding punctuation) that are dropped.
    redact : mapping of replacement to terms, optional
        Known words removed after scrubbing with :func:`redact_terms`, e.g.
        ``{"[land]": small_nationalities, "[locatie]": small_azcs}``: the names of categories
        that disclosure control kept out of the report must not come back through an answer.

    Returns
    -------
    pandas.DataFrame
        Columns ``group_col`` (if given) and ``text_col``: scrubbed, non-empty answers, sorted
        by group and then alphabetically (casefolded) so that row order says nothing about who
        answered; index reset.

    Examples
    --------
    >>> df = pd.DataFrame({"org": ["COA"] * 10 + ["DTV"] * 2,
    ...                    "answer": ["Goed geholpen door mevrouw Jansen", "nvt", None]
    ...                              + [None] * 6 + ["prima"] + ["Slecht", "Ik heet Omar"]})
    >>> open_answers_for_report(df, "answer", "org").to_dict("list")  # DTV: 2 < 10, not shown
    {'org': ['COA', 'COA'], 'answer': ['Goed geholpen door mevrouw [naam]', 'prima']}
    """
    if not isinstance(df, pd.DataFrame):
        raise InputError("open_answers_for_report expects a pandas DataFrame")
    cols = [text_col] + ([group_col] if group_col is not None else [])
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(f"missing column(s) {missing}")
    if not isinstance(threshold, int) or threshold < 1:
        raise InputError(f"threshold must be a positive whole number, got {threshold!r}")
    work = pd.DataFrame({"text": df[text_col].to_numpy(dtype=object)}, index=df.index)
    if group_col is not None:
        work["group"] = df[group_col].to_numpy(dtype=object)
        work = work[work["group"].notna()]
        sizes = work.groupby("group")["group"].transform("size")
    else:
        work["group"] = ""
        sizes = pd.Series(len(work), index=work.index)
    work = work[sizes >= threshold]
    work["text"] = scrub_series(work["text"])
    for replacement, terms in (redact or {}).items():
        terms = list(terms)
        work["text"] = [
            None if _missing(t) else redact_terms(t, terms, replacement) for t in work["text"]
        ]
    keep = work["text"].map(lambda t: _is_answer(t, non_answers))
    work = work[keep.astype(bool)]
    work["text"] = work["text"].str.strip()
    groups = sorted(set(work["group"]), key=str)
    if order is not None:
        listed = [g for g in order if g in set(groups)]
        groups = listed + [g for g in groups if g not in set(listed)]
    rank = {g: i for i, g in enumerate(groups)}
    work = work.assign(_rank=work["group"].map(rank), _key=work["text"].str.casefold())
    work = work.sort_values(["_rank", "_key", "text"], kind="stable")
    out = pd.DataFrame({text_col: work["text"].to_numpy(dtype=object)})
    if group_col is not None:
        out.insert(0, group_col, work["group"].to_numpy(dtype=object))
    return out


def _missing(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _is_answer(text, non_answers) -> bool:
    if _missing(text):
        return False
    stripped = str(text).strip()
    if not any(ch.isalnum() for ch in stripped):
        return False
    core = stripped.strip(" .,!?;:-–()\"'").casefold()
    return core not in non_answers and stripped.casefold() not in non_answers
