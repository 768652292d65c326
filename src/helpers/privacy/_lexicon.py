"""Words that tell a personal name from other capitalised words, for the scrubber.

Two sources:

* built in: capitalised words and phrases that are *not* personal names and that open answers in
  this survey use (function words, months, countries and nationalities, languages, religions,
  the organisations of the chain, the places of reception centres, procedure terms);
* `deduce <https://github.com/vmenger/deduce>`_ 3.0 (the Dutch de-identification library of the
  UMC Utrecht): its lookup lists of first names, Dutch place names and common Dutch words. Only
  the lists are read, straight from the files the package ships (about 0.1 s, once per process,
  on first use). deduce's own pipeline is not run: on the labelled answers in
  ``tests/privacy/scrub_cases.yml`` it found no name that the rules plus these lists miss, alone it
  changed 10 of 40 clean answers (it tags "Ter Apel", "Engels", "Nidos", "2 jaar") and missed
  IBANs, case numbers and non-Latin script, and building its lookup structures takes minutes
  once and loading them 50-80 s in every process on this machine.

Everything is compared casefolded.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import NamedTuple


def _words(block: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in block.split())


def _phrases(block: str) -> frozenset[str]:
    return frozenset(p.strip().casefold() for p in block.split(",") if p.strip())


_FUNCTION_WORDS = _words(
    """
    de het een en of maar want dus als dan toen nu ook niet geen wel nog al heel erg zeer
    ik jij je u hij zij ze wij we jullie mijn mij me jouw uw zijn haar ons onze hun hen
    dit dat deze die wat wie waar waarom hoe wanneer welke iets niets alles alle veel weinig
    in op aan bij van voor naar met om uit over onder tussen tegen zonder door na tot sinds
    ja nee dank bedankt alstublieft graag goed slecht beter meer minder altijd nooit soms
    the a an and or but so if then when what who where why how which this that these those
    i you he she it we they my your his her its our their me him us them
    in on at to from for with by of about after before without
    yes no please thanks thank good bad better more less always never sometimes very
    there here everything everyone everybody nothing something someone nobody all
    """
)
_CALENDAR = _words(
    """
    januari februari maart april mei juni juli augustus september oktober november december
    january february march may june july august october
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    monday tuesday wednesday thursday friday saturday sunday
    """
)
_COUNTRIES = _words(
    """
    Nederland Holland Europa Afrika Azië Amerika België Duitsland Frankrijk Engeland Griekenland
    Italië Spanje Zweden Oostenrijk Zwitserland Hongarije Bulgarije Polen Denemarken Noorwegen
    Afghanistan Syrië Eritrea Irak Iran Marokko Algerije Georgië Albanië Nigeria Somalië Ethiopië
    Libië Turkije Mongolië Armenië Oekraïne Guinee Soedan Jemen Pakistan Egypte Tunesië Kosovo
    Rusland Bangladesh Staatloos Libanon Jordanië Palestina Israël Koeweit Saoedi-Arabië
    Tsjetsjenië Azerbeidzjan Wit-Rusland Moldavië Servië Macedonië Colombia Venezuela Cuba
    Burundi Congo Kameroen Gambia Ghana Ivoorkust Kenia Mali Niger Oeganda Rwanda Senegal
    Tsjaad Togo Zimbabwe India China Myanmar Nepal Oezbekistan Tadzjikistan Turkmenistan
    Koerdistan Darfur Europe Africa Asia America Belgium Germany France England Greece Italy
    Spain Sweden Syria Iraq Morocco Algeria Georgia Albania Somalia Ethiopia Libya Turkey
    Mongolia Armenia Ukraine Guinea Sudan Yemen Egypt Tunisia Russia Lebanon Jordan Palestine
    Netherlands Kurdistan Chechnya
    """
)
_PEOPLES_AND_LANGUAGES = _words(
    """
    Nederlands Nederlandse Nederlander Nederlanders Hollands Hollandse Engels Engelse Frans
    Franse Duits Duitse Arabisch Arabische Arabier Arabieren Perzisch Farsi Dari Pashtu
    Pasjtoe Tigrinya Tigrinia Tigrinyaans Amhaars Somalisch Somalische Koerdisch Koerdische
    Koerden Turks Turkse Russisch Russische Georgisch Georgische Albanees Albanese Urdu Berbers
    Tamazight Europees Europese Afrikaans Afrikaanse Syrisch Syrische Syriër Syriërs Eritrees
    Eritrese Eritreeër Eritreeërs Afghaans Afghaanse Afghaan Afghanen Iraaks Iraakse Irakees
    Irakezen Iraans Iraanse Iraniër Iraniërs Marokkaans Marokkaanse Ethiopisch Ethiopische
    Dutch English French German Arabic Arab Arabs Persian Kurdish Kurds Turkish Russian Somali
    Amharic European African Syrian Syrians Eritrean Eritreans Afghan Afghans Iraqi Iraqis
    Iranian Iranians Moroccan Ethiopian Ethiopians
    """
)
_RELIGION_AND_HOLIDAYS = _words(
    """
    God Allah Jezus Christus Koran Bijbel Islam Christendom Ramadan Ramadaan Suikerfeest
    Offerfeest Kerstmis Kerst Pasen Pinksteren Sinterklaas Jesus Christ Quran Bible Christmas
    Easter Eid
    """
)
_ORGANISATIONS = _words(
    """
    IND COA DTV DT&V AZC Azc VWN GGD GZA RMA UWV KMar AVIM Vluchtelingenwerk Nidos UNHCR IOM
    Rijksoverheid Overheid Gemeente Politie Rechtbank Ministerie Kabinet Staatssecretaris
    Justitie Kamer Regering Europol Frontex WhatsApp Facebook Google Messenger Internet
    """
)
#: Places of reception centres and other places that open answers name as a setting.
_PLACES = _words(
    """
    Amsterdam Rotterdam Utrecht Eindhoven Groningen Zwolle Arnhem Nijmegen Maastricht Leiden
    Haarlem Almere Assen Emmen Budel Zeist Gilze Musselkanaal Winterswijk Sneek Rijswijk Goes
    Grave Echt Oisterwijk Drachten Heerlen Burgum Leersum Wageningen Schiphol Zevenaar Zoutkamp
    Delfzijl Veenhuizen Overloon Dronten Apeldoorn Almelo Hengelo Enschede Deventer Alkmaar
    Hoogeveen Leeuwarden Heerhugowaard Middelburg Venlo Roermond Weert Oss Tilburg Breda Dublin
    Schengen Brussel Brussels Berlijn Parijs Londen Aleppo Damascus Homs Kabul Herat Mosul
    Bagdad Baghdad Teheran Asmara Mogadishu Khartoum Tripoli Lampedusa Lesbos Athene Istanbul
    """
)
_PROCEDURE = _words(
    """
    Dublinclaim Dublinverordening Asielprocedure Aanmeldcentrum Gehoor Verblijfsvergunning
    Verblijfsvergunningen Vreemdelingenwet Inburgering Taalschool Schakelklas Naturalisatiedienst
    Immigratiedienst Wifi
    """
)
#: Multi-word phrases that are not personal names (a run of capitalised words that contains one
#: is left alone).
NOT_NAME_PHRASES: frozenset[str] = _phrases(
    """
    Ter Apel, Den Haag, Den Helder, Den Bosch, Den Burg, Alphen aan den Rijn, Bergen op Zoom,
    Sierra Leone, Sri Lanka, Saoedi Arabië, Zuid Afrika, Zuid Soedan, Noord Macedonië,
    Burkina Faso, Costa Rica, El Salvador, Verenigde Staten, Verenigd Koninkrijk,
    United States, United Kingdom, New York, Bosnië en Herzegovina, Democratische Republiek Congo,
    Rode Kruis, Red Cross, Raad van State, Council of State, Dienst Terugkeer en Vertrek,
    Dienst Terugkeer, Immigratie en Naturalisatiedienst, Centraal Orgaan opvang asielzoekers,
    Centraal Orgaan, Juridisch Loket, Algemene Asielprocedure, Verlengde Asielprocedure,
    Vluchtelingenwerk Nederland, Europese Unie, European Union, Heilige Koran, Holy Quran,
    Nieuwe Wereld, Midden Oosten, Middle East
    """
)
#: Single capitalised words that are not personal names.
NOT_NAME_WORDS: frozenset[str] = (
    _FUNCTION_WORDS
    | _CALENDAR
    | _COUNTRIES
    | _PEOPLES_AND_LANGUAGES
    | _RELIGION_AND_HOLIDAYS
    | _ORGANISATIONS
    | _PLACES
    | _PROCEDURE
)


class NameLists(NamedTuple):
    """deduce's lookup lists, casefolded (empty sets when deduce is not installed)."""

    first_names: frozenset[str]
    places: frozenset[str]
    common_words: frozenset[str]


def _read_items(folder: Path) -> set[str]:
    """Items of one deduce lookup list folder: items.txt minus exceptions.txt, plus sublists."""
    items: set[str] = set()
    if (folder / "items.txt").is_file():
        items = set((folder / "items.txt").read_text(encoding="utf-8").splitlines())
    if (folder / "exceptions.txt").is_file():
        items -= set((folder / "exceptions.txt").read_text(encoding="utf-8").splitlines())
    for sub in sorted(folder.glob("lst_*")):
        items |= _read_items(sub)
    return {i.strip().casefold() for i in items if i.strip()}


@functools.cache
def name_lists() -> NameLists:
    """deduce's lists of first names, Dutch places and common Dutch words.

    Read once per process from the files the installed ``deduce`` package ships (without
    importing it: importing deduce loads its whole pipeline). When deduce is missing every set is
    empty and the scrubber falls back to its rules alone.

    Returns
    -------
    NameLists
    """
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        empty: frozenset[str] = frozenset()
        return NameLists(empty, empty, empty)
    src = Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"
    common = _read_items(src / "whitelist" / "lst_common_word") | _read_items(
        src / "whitelist" / "lst_stop_word"
    )
    return NameLists(
        first_names=frozenset(_read_items(src / "names" / "lst_first_name")),
        places=frozenset(_read_items(src / "locations" / "lst_placename")),
        common_words=frozenset(common),
    )
