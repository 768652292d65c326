"""Scrubbing personal data from open answers (Dutch and English) before they reach a reader.

:func:`scrub` replaces, in this order:

============== ==================== =========================================================
kind           replacement          what
============== ==================== =========================================================
``email``      ``[e-mail]``         e-mail addresses
``iban``       ``[iban]``           IBANs in any spacing and case (``NL91ABNA0417164300``,
                                    ``NL91 ABNA 0417 1643 00``, ``be68 5390 0754 7034``)
``schrift``    ``[ander schrift]``  words in a non-Latin script (Arabic, Ge'ez/Tigrinya,
                                    Cyrillic, Georgian, Persian, ...): a reader of the Dutch
                                    report cannot check them, and names are written so
``vnummer``    ``[v-nummer]``       IND vreemdelingennummer after "V-nummer", "v-nr", ...; any
                                    other 10-digit number that does not start with 0
``bsn``        ``[bsn]``            burgerservicenummer after "BSN", "burgerservicenummer",
                                    "sofinummer"; any other 9-digit number (also
                                    ``123.456.789``)
``datum``      ``[datum]``          full dates (``12-03-1990``, ``1/2/90``, ``1990-03-12``,
                                    ``12 maart 1990``, ``March 12, 1990``) and whatever date or
                                    year follows "geboren op/in", "geboortedatum", "born on",
                                    "date of birth": a date of birth cannot be told from other
                                    dates, and any exact date (hearing, transfer) is
                                    identifying in combination
``telefoon``   ``[telefoon]``       Dutch numbers of 10 digits starting with 0 (06-12345678,
                                    020-1234567, (020) 123 45 67) and international numbers
                                    (+31 6 1234 5678, 0031 ..., +32 ...)
``postcode``   ``[postcode]``       Dutch postcodes ``1234 AB`` / ``1234AB``
``adres``      ``[adres]``          street + house number: a street name ending in -straat,
                                    -weg, -laan, -plein, -gracht, -kade, -singel, -dreef, -hof,
                                    -pad, -dijk, -steeg, -plantsoen ("Jan van Galenstraat 4")
``locatie``    ``[locatie]``        the name after "azc", "opvanglocatie", "opvangcentrum",
                                    "reception centre" (a small reception centre is as
                                    identifying as a name)
``zaaknummer`` ``[zaaknummer]``     case, file and document numbers: whatever code with 4 or
                                    more digits follows "zaaknummer", "dossier(nummer)",
                                    "kenmerk", "referentie", "AWB", "case number", "paspoort-
                                    nummer", ... ("zaaknummer 1234-5678", "dossier
                                    2017/123456", "AWB 17/12345"), and codes of capitals and
                                    4 or more digits without a trigger (``NL17.12345``,
                                    ``V123AL568``, ``IND-2017-004512``)
``nummer``     ``[nummer]``         any other run of 6 or more digits, separated or not
                                    (``12 34 56``, ``NW1234567``, Arabic-Indic digits), except
                                    year ranges (``2015-2017``), time ranges (``9.00-17.30``)
                                    and amounts of money (``100.000 euro``)
``naam``       ``[naam]``           the name after "mijn naam is", "ik heet", "my name is",
                                    "naam:" / "name:", "I am called", titles ("mevrouw",
                                    "meneer", "de heer", "dhr.", "mw.", "Mr", "Mrs", "Ms"),
                                    greetings ("groeten", "mvg", "bedankt", "thanks"), kin and
                                    roles ("mijn broer", "zoon", "advocaat", "tolk",
                                    "regievoerder", "my lawyer"); a capitalised name after "I
                                    am", "I'm", "ik ben"; without any signal word: a run of 2-3
                                    capitalised words inside a sentence ("Groeten, Fatima
                                    Haddad", "... met Pieter de Graaf"), unless it holds a word
                                    or phrase that is no name (:mod:`helpers.privacy._lexicon`:
                                    countries, languages, organisations, places of reception
                                    centres, "Rode Kruis", "Raad van State", ...); at a
                                    sentence start the run counts from its second word unless
                                    it stands alone (a signature) or opens with a first name
                                    of deduce's lists; a single word only if it is such a first
                                    name ("blij met Mohammed", "Ahmed heeft mij geholpen")
============== ==================== =========================================================

:func:`redact_terms` removes known words on top of that: the report uses it
for the names of the nationalities and reception centres too small to be shown in the report
(``redact=``), so that "from azc X" or "I come from Y" cannot bring a suppressed category back.

Ordinary numbers ("3 maanden", "2 kinderen", "in 2019", "al 4 jaar", "20.000 euro") are left
alone. :func:`helpers.privacy.residual_identifier` names what may still identify a person after
scrubbing (a capitalised word that is no known word, a 5-digit number, a web address or handle):
such answers are held back from quotation and listed for the analyst
(:func:`helpers.privacy.write_held_back`).

Known limits: names written in lower case ("groeten van dawit") and a single unknown name at the
start of a sentence ("Yonas hielp mij") are not scrubbed (the second is flagged as a residual
identifier); place names without a trigger ("het eten in Budel") are left, as are lowercase
street names ending in -weg/-hof/-pad/-dijk. A street followed by an ordinary
number ("op het Stationsplein 2 uur gewacht") is scrubbed anyway: when in doubt, scrub.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from helpers.errors import InputError
from helpers.privacy._lexicon import NOT_NAME_PHRASES, NOT_NAME_WORDS, name_lists

#: The kinds of personal data, in the order they are first scrubbed.
KINDS: tuple[str, ...] = (
    "email",
    "iban",
    "schrift",
    "vnummer",
    "bsn",
    "datum",
    "telefoon",
    "postcode",
    "adres",
    "locatie",
    "zaaknummer",
    "nummer",
    "naam",
)
#: Replacement text per kind.
REPLACEMENTS: dict[str, str] = {
    "email": "[e-mail]",
    "iban": "[iban]",
    "schrift": "[ander schrift]",
    "vnummer": "[v-nummer]",
    "bsn": "[bsn]",
    "datum": "[datum]",
    "telefoon": "[telefoon]",
    "postcode": "[postcode]",
    "adres": "[adres]",
    "locatie": "[locatie]",
    "zaaknummer": "[zaaknummer]",
    "nummer": "[nummer]",
    "naam": "[naam]",
}
#: Answers that say nothing; not counted as answers (compared casefolded,
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


#: Code points of Latin letters and of the marks and symbols written with them.
_LATIN_RANGES = (
    (0x0000, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1D00, 0x1EFF),
    (0x2070, 0x214F),
    (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF),
    (0xAB30, 0xAB6F),
    (0xFB00, 0xFB06),
    (0xFE20, 0xFE2F),
    (0xFF21, 0xFF5A),
)


def _char_class(keep: Callable[[str], bool]) -> str:
    """The body of a regex character class of every Basic Multilingual Plane character kept."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        if keep(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    parts = [
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    ]
    return "".join(parts)


def _non_latin(ch: str) -> bool:
    cp = ord(ch)
    return unicodedata.category(ch)[0] in "LM" and not any(a <= cp <= b for a, b in _LATIN_RANGES)


_UP = _char_class(str.isupper)
_LOW = _char_class(str.islower)
#: Letters and marks of non-Latin scripts (plus the CJK ideographs outside the BMP).
_NON_LATIN = _char_class(_non_latin) + "\U00020000-\U000323af"
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
#: Lowercase words after "mijn naam is" that are no name ("mijn naam is niet belangrijk").
_NAME_STOPWORDS = frozenset(
    "niet is was onbekend geheim anoniem privé prive not unknown secret anonymous private "
    "de het een a the ik en and u jij you nvt".split()
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

#: A capitalised word of a name without a signal word: a capital, then lower case only.
_TITLEWORD = rf"[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]+)*"
_GREETINGS = (
    r"groeten|groetjes|groet|gegroet|gr\.|mvg|m\.v\.g\.|regards|greetings|thanks|thank[ \t]+you"
    r"|bedankt|dank[ \t]+(?:u|je)(?:[ \t]+wel)?|dankjewel|dankuwel|salaam|sincerely|cheers"
)
#: Kin and roles that are followed by a person's name ("mijn broer Ali", "regievoerder Smit").
_RELATIONS = (
    r"zoon|dochter|broer|broertje|zus|zusje|zuster|vrouw|man|echtgeno(?:o|t)e|moeder|vader|oom"
    r"|tante|neef|nicht|kind|baby|vriend|vriendin|advocaat|advocate|tolk|contactpersoon"
    r"|regievoerder|begeleider|begeleidster|mentor|casemanager|medewerker|medewerkster"
    r"|beslismedewerker|buurman|buurvrouw|son|daughter|brother|sister|wife|husband|mother"
    r"|father|uncle|aunt|cousin|friend|lawyer|interpreter|caseworker|officer"
)
_CASE_TRIGGERS = (
    r"zaak[ \-]?(?:nummer|nr\.?)|dossier[ \-]?(?:nummer|nr\.?)?|(?:ons|uw)[ \t]+kenmerk|kenmerk"
    r"|referentie(?:[ \-]?nummer)?|ref\.|registratie[ \-]?nummer|klant[ \-]?nummer"
    r"|document[ \-]?nummer|paspoort[ \-]?nummer|id[ \-]?nummer|case[ \t]+(?:number|no\.?|nr\.?)"
    r"|file[ \t]+(?:number|no\.?)|reference(?:[ \t]+number)?|passport[ \t]+number|awb"
)
_CODE = r"[A-Za-z0-9](?:[A-Za-z0-9]|[./\-](?=[A-Za-z0-9]))*"
#: Digit runs that identify nobody: year ranges, time ranges.
_NOT_NUMBERS = re.compile(
    r"(?:19|20)\d\d[ ]?[-/][ ]?(?:(?:19|20)\d\d|\d\d)|\d{1,2}[.:]\d\d[ ]?-[ ]?\d{1,2}[.:]\d\d"
)
_MONEY_BEFORE = re.compile(r"(?i:(?:€|\$|eur|euro|usd|dollar)[ \t]*)$")
_MONEY_AFTER = re.compile(r"(?i:[ \t]*(?:€|euro|eur\b|dollar|usd|,-))")
_SENTENCE_END = ".!?:;\n"
#: What follows a first name at the start of a sentence when it is the subject.
_NAME_FOLLOWS = re.compile(
    r"[ \t]*[,:]|[ \t]+(?:heeft|hielp|helpt|is|was|zei|zegt|belde|kwam|werkt|weet|wil|kan|moet"
    r"|gaf|deed|has|helped|helps|said|says|called|came|works|knows|wants|gave|did)\b"
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


def _weak_name(m: re.Match[str]) -> str | None:
    """A name after a weak signal ("ik ben", a greeting, kin): not if its first word is no name."""
    words = [w for w in m.group("name").split() if not re.fullmatch(_PARTICLE, w.casefold())]
    if not words or _is_known(words[0]):
        return None
    return m.group("lead") + REPLACEMENTS["naam"]


def _iban(m: re.Match[str]) -> str | None:
    # a bank account number has digits after its bank code; "nl12 deze zijn" has none
    return REPLACEMENTS["iban"] if _digits(m.group(0)[4:]) >= 7 else None


def _case_number(m: re.Match[str]) -> str | None:
    if _digits(m.group("code")) < 4:  # "dossier 1 op 10"
        return None
    return m.group("lead") + REPLACEMENTS["zaaknummer"]


def _code(m: re.Match[str]) -> str | None:
    code = m.group(0)
    return (
        REPLACEMENTS["zaaknummer"] if _digits(code) >= 4 and code.upper() != code.lower() else None
    )


def _is_money(m: re.Match[str]) -> bool:
    text = m.string
    grouped = re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", m.group(0)) is not None
    return grouped and bool(
        _MONEY_BEFORE.search(text[: m.start()]) or _MONEY_AFTER.match(text, m.end())
    )


def _long_number(m: re.Match[str]) -> str | None:
    if _NOT_NUMBERS.fullmatch(m.group(0)) or _is_money(m):
        return None
    return REPLACEMENTS["nummer"]


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"'“”‘’(«*•–—-")
    return not before or before[-1] in _SENTENCE_END


def _is_known(word: str) -> bool:
    """A word that is no personal name (casefolded lexicon or deduce's common Dutch words)."""
    key = word.casefold().strip(".,!?;:'’")
    return key in NOT_NAME_WORDS or key in name_lists().common_words


def _first_name(word: str) -> bool:
    return word.casefold() in name_lists().first_names and not _is_known(word)


def _name_in_run(m: re.Match[str], *, strict: bool = True) -> int | None:
    """Where a personal name starts in a run of capitalised words (:data:`_RUN`), or ``None``.

    Without a signal word, 2-3 capitalised words inside a sentence are a name unless one of them
    is a known word or they form a known phrase or place. At a sentence start the first word is
    capitalised anyway: the run counts from its second word ("Medewerker Sanne Visser"), unless
    it stands alone (a signature: "... alles. Yonas Tesfaye") or its first word is a first name
    of deduce's lists ("Amina Yusuf, kamer 12"). A single word is a name if it is such a first
    name, at a sentence start only when a comma or a verb follows ("Ahmed heeft mij geholpen",
    not "Take health problems seriously"). With ``strict=False`` (what may still be a name) any
    unknown single word inside a sentence counts, and a first name at a sentence start too.
    """
    text = m.string
    names = [
        (w.start(), w.group(0))
        for w in re.finditer(r"\S+", m.group(0))
        if not re.fullmatch(_PARTICLE, w.group(0))
    ]
    at_start = _at_sentence_start(text, m.start())
    alone = re.match(r"[ \t]*(?:[.!\n]|$)", text[m.end() :]) is not None
    if at_start and len(names) >= 2 and not (alone or _first_name(names[0][1])):
        names, at_start = names[1:], False
    if len(names) > 3:
        return None
    if len(names) == 1:
        listed = _first_name(names[0][1])
        if at_start:
            follows = _NAME_FOLLOWS.match(text, m.end())
            follows = follows is not None and (listed or follows.group(0).strip() not in ",:")
            single = (listed or not strict) and (follows or (listed and not strict))
        else:
            single = listed or not strict
        if not single:
            return None
    folded = " " + re.sub(r"[-\s]+", " ", m.group(0)[names[0][0] :].casefold()) + " "
    if any(_is_known(w) for _, w in names) or folded.strip() in name_lists().places:
        return None
    if any(f" {p} " in folded for p in NOT_NAME_PHRASES):
        return None
    return names[0][0]


def _bare_name(m: re.Match[str]) -> str | None:
    start = _name_in_run(m)
    return None if start is None else m.group(0)[:start] + REPLACEMENTS["naam"]


_RUN = re.compile(
    rf"(?<![\w\[\-'’&]){_TITLEWORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_TITLEWORD})*(?![\w\-&])"
)

_RULES: list[_Rule] = [
    ("email", re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"), _whole("email")),
    (
        "iban",
        re.compile(
            r"(?i:\bNL[ \t]?\d[ \t]?\d(?:[ .\-]?[A-Z]){4}(?:[ .\-]?\d){10}(?!\d)"
            r"|\b[A-Z]{2}\d\d(?:[ \-]?[A-Z0-9]{4})(?:[ \-]?(?=[A-Z]{0,3}\d)[A-Z0-9]{4}){1,6}"
            r"(?:[ \-]?(?=[A-Z]{0,2}\d)[A-Z0-9]{1,3})?\b)"
        ),
        _iban,
    ),
    ("schrift", re.compile(rf"[{_NON_LATIN}]+(?:[^\w\n]+[{_NON_LATIN}]+)*"), _whole("schrift")),
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
        "zaaknummer",
        re.compile(
            rf"(?P<lead>(?i:\b(?:{_CASE_TRIGGERS})(?:[ \t]*(?::|is|was|nr\.?))?[ \t]*))"
            rf"(?P<code>{_CODE})"
        ),
        _case_number,
    ),
    (
        "zaaknummer",
        re.compile(r"(?<![\w\-/.])[A-Z0-9](?:[A-Z0-9]|[./\-](?=[A-Z0-9]))+(?![\w\-])"),
        _code,
    ),
    (
        "nummer",
        re.compile(r"(?<!\d)\d(?:[ .\-/]?\d){5,}(?!\d)"),
        _long_number,
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
        _weak_name,
    ),
    (
        "naam",
        re.compile(
            rf"(?P<lead>(?i:\b(?:{_GREETINGS})(?:[ \t]+(?:van|from))?[ \t]*[,:!]?[ \t]*\n?[ \t]*))"
            rf"(?P<name>{_STRICT_NAME})"
        ),
        _weak_name,
    ),
    (
        "naam",
        re.compile(rf"(?P<lead>(?i:\b(?:{_RELATIONS})[ \t]+))(?P<name>{_STRICT_NAME})"),
        _weak_name,
    ),
    ("naam", _RUN, _bare_name),
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
