"""Table-driven tests of helpers.privacy._scrub with realistic Dutch and English open answers.

Expected outputs are written by hand: each row is (answer, scrubbed answer).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.privacy import (
    KINDS,
    redact_terms,
    scrub,
    scrub_series,
)

POSITIVES = [
    # --- names after a trigger ------------------------------------------------------------
    (
        "Mijn naam is Ahmed Al-Hassan en ik wacht al lang.",
        "Mijn naam is [naam] en ik wacht al lang.",
    ),
    (
        "mijn naam is Fatima el Amrani, ik woon in Ter Apel",
        "mijn naam is [naam], ik woon in Ter Apel",
    ),
    ("Ik heet Sara de Jong-Bakker.", "Ik heet [naam]."),
    ("ik heet mohammed, ik ben 3 maanden hier", "ik heet [naam], ik ben 3 maanden hier"),
    ("My name is John Smith and I waited 2 months.", "My name is [naam] and I waited 2 months."),
    ("Naam: J. de Vries", "Naam: [naam]"),
    ("naam: Omar Haddad", "naam: [naam]"),
    ("Achternaam: Hassan", "Achternaam: [naam]"),
    ("Mijn naam is AHMED ALI", "Mijn naam is [naam]"),
    ("Hello, my name is Abdi Mohamed Yusuf from Somalia", "Hello, my name is [naam] from Somalia"),
    # --- names after a title (staff are persons too) ----------------------------------------
    (
        "mevrouw Jansen van het COA was erg behulpzaam",
        "mevrouw [naam] van het COA was erg behulpzaam",
    ),
    ("De heer De Boer heeft mij goed geholpen", "De heer [naam] heeft mij goed geholpen"),
    ("Mr. Smith at the IND was rude", "Mr. [naam] at the IND was rude"),
    ("dhr. Pietersen belde nooit terug", "dhr. [naam] belde nooit terug"),
    # --- V-nummer ---------------------------------------------------------------------------
    ("Mijn V-nummer is 1234567890.", "Mijn V-nummer is [v-nummer]."),
    ("v-nr: 12345 67890", "v-nr: [v-nummer]"),
    ("vreemdelingennummer 2345678901", "vreemdelingennummer [v-nummer]"),
    ("V nummer: 2345678901, graag terugbellen", "V nummer: [v-nummer], graag terugbellen"),
    ("mijn dossier 3456789012 is nog open", "mijn dossier [v-nummer] is nog open"),
    # --- phone numbers ----------------------------------------------------------------------
    ("Bel mij op 06-12345678 aub", "Bel mij op [telefoon] aub"),
    ("tel 0612345678", "tel [telefoon]"),
    ("Mijn nummer: 06 1234 5678", "Mijn nummer: [telefoon]"),
    ("call me +31 6 1234 5678", "call me [telefoon]"),
    ("+31612345678 is mijn nummer", "[telefoon] is mijn nummer"),
    ("0031 6 12345678", "[telefoon]"),
    ("Het azc is bereikbaar via 020-1234567", "Het azc is bereikbaar via [telefoon]"),
    ("(020) 123 45 67 is het nummer", "[telefoon] is het nummer"),
    ("bel 010 123 4567 of +31 (0)6-87654321", "bel [telefoon] of [telefoon]"),
    ("mijn broer in België: +32 470 12 34 56", "mijn broer in België: [telefoon]"),
    # --- e-mail -----------------------------------------------------------------------------
    ("mail naar ahmed.k@gmail.com voor info", "mail naar [e-mail] voor info"),
    ("Email: f.el-amrani+ind@hotmail.co.uk", "Email: [e-mail]"),
    # --- dates (of birth) -------------------------------------------------------------------
    ("geboren op 12-03-1990 in Aleppo", "geboren op [datum] in Aleppo"),
    ("Ik ben geboren op 3 maart 1988.", "Ik ben geboren op [datum]."),
    ("born on March 3, 1988", "born on [datum]"),
    ("I was born on 3 May 1988 in Kabul", "I was born on [datum] in Kabul"),
    ("geboren in 1990", "geboren in [datum]"),
    ("geboortedatum: 1/2/90", "geboortedatum: [datum]"),
    ("Ik ben geboren op 12 maart.", "Ik ben geboren op [datum]."),
    ("op 1/2/19 had ik mijn gehoor", "op [datum] had ik mijn gehoor"),
    ("Sinds 12 maart 2017 wacht ik op een beslissing", "Sinds [datum] wacht ik op een beslissing"),
    ("datum 2019-05-14 kreeg ik de brief", "datum [datum] kreeg ik de brief"),
    ("op 14.05.2019 verhuisd", "op [datum] verhuisd"),
    # --- addresses and postcodes ------------------------------------------------------------
    (
        "Mijn adres is Jan van Galenstraat 4-2, 1056 CA Amsterdam",
        "Mijn adres is [adres], [postcode] Amsterdam",
    ),
    ("Ik woon aan de Kerkstraat 12a", "Ik woon aan de [adres]"),
    ("ik woon aan de kerkstraat 12", "ik woon aan de [adres]"),
    ("Burgemeester de Vlugtlaan 125 is het kantoor", "[adres] is het kantoor"),
    ("De Dorpsweg 3 is ver van alles", "De [adres] is ver van alles"),
    ("adres: Oudegracht 45 bis", "adres: [adres]"),
    ("wij wonen Stationsplein 7, 3511 ED Utrecht", "wij wonen [adres], [postcode] Utrecht"),
    ("Postcode 9501AB", "Postcode [postcode]"),
    ("Havenstraat 40, Ter Apel", "[adres], Ter Apel"),
    ("I live at Beukenlaan 7", "I live at [adres]"),
    ("Havenkade 2 in Rotterdam", "[adres] in Rotterdam"),
    ("De Dreef: Middendreef 9", "De Dreef: [adres]"),
    ("Prinsenhof 1", "[adres]"),
    ("Singelpad 3", "[adres]"),
    # --- BSN --------------------------------------------------------------------------------
    ("Mijn BSN is 123456782", "Mijn BSN is [bsn]"),
    ("bsn: 123.456.782", "bsn: [bsn]"),
    ("burgerservicenummer 1234 56 782", "burgerservicenummer [bsn]"),
    ("nummer 123456789 staat op mijn pas", "nummer [bsn] staat op mijn pas"),
    # --- a name after "I am" / "ik ben" (capitalised only) ----------------------------------
    ("I am Ahmad Karimi and I waited a year.", "I am [naam] and I waited a year."),
    ("Ik ben Fatima, moeder van 2 kinderen", "Ik ben [naam], moeder van 2 kinderen"),
    ("I'm Omar from Eritrea", "I'm [naam] from Eritrea"),
    # --- reception centres ------------------------------------------------------------------
    (
        "I am Ahmad Karimi from azc Hoogeveen, V-nummer 1234567890.",
        "I am [naam] from azc [locatie], V-nummer [v-nummer].",
    ),
    ("In het azc in Alphen aan den Rijn is het koud", "In het azc in [locatie] is het koud"),
    ("opvanglocatie Den Helder is te vol", "opvanglocatie [locatie] is te vol"),
    (
        "the reception centre of Ter Apel was crowded",
        "the reception centre of [locatie] was crowded",
    ),
    # --- IBAN in any spacing and case (a half-removed IBAN is a leak) ------------------------
    ("Mijn rekening is NL91ABNA0417164300, dank", "Mijn rekening is [iban], dank"),
    ("IBAN: NL91 ABNA 0417 1643 00", "IBAN: [iban]"),
    ("nl91abna0417164300 is mijn bank", "[iban] is mijn bank"),
    ("naar NL02-RABO-0123-4567-89.", "naar [iban]."),
    ("iban nl 02 rabo 0123 456 789 aub", "iban [iban] aub"),
    ("rekening BE68 5390 0754 7034 voor de reis", "rekening [iban] voor de reis"),
    # --- case, file and document numbers -----------------------------------------------------
    (
        "Mijn zaaknummer 1234-5678 staat op de brief.",
        "Mijn zaaknummer [zaaknummer] staat op de brief.",
    ),
    ("Mijn dossier 2017/123456 ligt stil.", "Mijn dossier [zaaknummer] ligt stil."),
    ("Ons kenmerk IND-2017-004512.", "Ons kenmerk [zaaknummer]."),
    ("beroep AWB 17/12345 loopt", "beroep AWB [zaaknummer] loopt"),
    ("mijn zaak NL17.12345 bij de rechtbank", "mijn zaak [zaaknummer] bij de rechtbank"),
    ("document V123AL568 verlopen", "document [zaaknummer] verlopen"),
    ("case number 2017-0045123, please", "case number [zaaknummer], please"),
    ("paspoort NW1234567 ingeleverd", "paspoort [zaaknummer] ingeleverd"),
    # --- any other run of 6+ digits -----------------------------------------------------------
    ("klantnummer bij de bank is 98765432.", "klantnummer bij de bank is [nummer]."),
    ("lidnummer 12 34 56 bij de club", "lidnummer [nummer] bij de club"),
    ("Mijn telefoon: ٠٦١٢٣٤٥٦٧٨", "Mijn telefoon: [nummer]"),
    # --- words in non-Latin scripts -----------------------------------------------------------
    ("اسمي أحمد الحسن", "[ander schrift]"),
    ("Bedankt! محمد علي", "Bedankt! [ander schrift]"),
    ("ስመይ ዳዊት ገብረ እዩ።", "[ander schrift]።"),
    ("Меня зовут Нино Беридзе, спасибо.", "[ander schrift]."),
    ("ნინო ბერიძე, Georgia", "[ander schrift], Georgia"),
    # --- names without a signal word ----------------------------------------------------------
    ("Groeten, Fatima Haddad", "Groeten, [naam]"),
    ("Mvg,\nLeyla Rahimi", "Mvg,\n[naam]"),
    ("Dank u wel voor alles. Yonas Tesfaye", "Dank u wel voor alles. [naam]"),
    ("dat Pieter de Graaf de zaak laat liggen", "dat [naam] de zaak laat liggen"),
    ("Medewerker Kees Bakker luisterde niet.", "Medewerker [naam] luisterde niet."),
    ("Bedankt Samira!", "Bedankt [naam]!"),
    ("Mijn zoon Hassan is ziek.", "Mijn zoon [naam] is ziek."),
    ("met regievoerder De Boer over terugkeer", "met regievoerder [naam] over terugkeer"),
    ("Thanks to Nino Beridze from the COA.", "Thanks to [naam] from the COA."),
    # --- ... and with deduce's list of first names --------------------------------------------
    ("Ahmed heeft mij goed geholpen.", "[naam] heeft mij goed geholpen."),
    ("Amina Yusuf, kamer 12, wacht nog.", "[naam], kamer 12, wacht nog."),
    ("Ik ben blij met Mohammed van het COA.", "Ik ben blij met [naam] van het COA."),
    # --- several kinds in one answer --------------------------------------------------------
    (
        "Ik heet Amina, V-nummer 2345678901, bel 06-11223344 of mail amina@example.org",
        "Ik heet [naam], V-nummer [v-nummer], bel [telefoon] of mail [e-mail]",
    ),
]

NEGATIVES = [
    "Ik heb 2 kinderen en woon al 4 jaar in Nederland.",
    "Ik wacht al 3 maanden op een beslissing van de IND.",
    "In 2019 ben ik 12 keer bij de IND geweest, 3 keer om 9 uur.",
    "Ik was onderweg 3 uur naar het aanmeldcentrum.",
    "in 2015 NL binnengekomen",
    "Ik ben 34 jaar oud en heb 1 zoon.",
    "Ik kreeg 1.500 euro en 0,5 uur uitleg.",
    "Dossier 1 op 10 wordt snel behandeld",
    "mijn naam is niet belangrijk",
    "Het COA in Ter Apel was goed.",
    "De medewerkers van de IND en het COA waren vriendelijk.",
    "I waited 6 months and 2 weeks for my interview.",
    "We were 5 people in 1 room of 12 m2.",
    "Het gehoor duurde van 9:00 tot 17:30.",
    "Ik heb 3 brieven gekregen in maart.",
    "Op 12 maart had ik een afspraak.",
    "Ik geef een 8 op 10.",
    "Score 4/5",
    "De procedure duurde 180 dagen.",
    "Ik heb 2 jaar in Syrië gewoond en 1 jaar in Turkije.",
    "De Kerkstraat is mooi.",
    "Mijn supermarkt 2 keer per week",
    "Naar de weg 3 keer gevraagd",
    "Ik ben geboren in Syrië.",
    "100 procent tevreden",
    "Ik heb 20.000 euro schuld",
    "ik ben de IND dankbaar",
    "I am happy with the help of the COA",
    "I am from Syria",
    "Thank you for the help in the azc.",
    "Meer activiteiten in het azc, graag.",
    "Ik ben 2 keer verhuisd",
    # capitalised words that are no names; numbers that identify nobody
    "Ik kom uit Sierra Leone en wacht al 2 jaar.",
    "Het Rode Kruis heeft mij geholpen.",
    "Mijn zaak ligt nu bij de Raad van State.",
    "Ik had een gesprek met de Dienst Terugkeer en Vertrek.",
    "Ik woon nu in Den Haag bij mijn oom.",
    "Thank You For Everything",
    "The Dutch Lessons are too short.",
    "Meer lessen Nederlandse Taal graag.",
    "Bedankt! De medewerkers waren top.",
    "Ik ben Syriër en wacht al 14 maanden.",
    "Take health problems seriously, we are sick.",
    "Van 2015-2017 woonde ik in Turkije.",
    "Het gehoor duurde van 9.00-17.30 zonder pauze.",
    "Ik heb 100.000 euro betaald aan smokkelaars.",
    "Ons kenmerk is onbekend, dossier 1 op 10",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_scrub_positives(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_scrub_leaves_ordinary_text_alone(text):
    scrubbed, counts = scrub(text, return_counts=True)
    assert scrubbed == text
    assert sum(counts.values()) == 0


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mijn naam is Ahmed", "naam"),
        ("mevrouw Jansen", "naam"),
        ("V-nummer 1234567890", "vnummer"),
        ("bel 06-12345678", "telefoon"),
        ("a@b.nl", "email"),
        ("geboren op 1-1-1990", "datum"),
        ("Kerkstraat 12", "adres"),
        ("1234 AB Utrecht", "postcode"),
        ("BSN 123456782", "bsn"),
        ("NL91 ABNA 0417 1643 00", "iban"),
        ("zaaknummer 1234-5678", "zaaknummer"),
        ("lid 98765432", "nummer"),
        ("شكرا", "schrift"),
        ("Groeten, Fatima Haddad", "naam"),
    ],
)
def test_scrub_counts_per_kind(text, kind):
    _, counts = scrub(text, return_counts=True)
    assert set(counts) == set(KINDS)
    assert counts[kind] == 1
    assert sum(counts.values()) == 1


def test_scrub_counts_several():
    text = "Bel 06-12345678 of 06-87654321, mail a@b.nl, mijn naam is Omar"
    _, counts = scrub(text, return_counts=True)
    assert counts["telefoon"] == 2 and counts["email"] == 1 and counts["naam"] == 1


def test_scrub_is_idempotent():
    for text, _ in POSITIVES:
        once = scrub(text)
        assert scrub(once) == once


def test_scrub_handles_missing_and_rejects_non_text():
    assert scrub(None) == ""
    assert scrub(np.nan) == ""
    with pytest.raises(InputError):
        scrub(12345)


def test_scrub_series():
    s = pd.Series(["bel 06-12345678", None, "ik heet Sara", "tel: 0201234567"], name="x")
    out = scrub_series(s)
    assert out.tolist() == ["bel [telefoon]", None, "ik heet [naam]", "tel: [telefoon]"]
    assert out.name == "x" and list(out.index) == list(s.index)


# --------------------------------------------------------------------------------------------
# redaction of known names (categories too small to be shown)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        ("Ik kom uit Tsjaad en woon in Budel", ["Tsjaad"], "Ik kom uit [x] en woon in Budel"),
        ("TSJAAD, tsjaad en Tsjaadse", ["Tsjaad"], "[x], [x] en Tsjaadse"),  # whole words only
        ("from Sri Lanka, not Lanka", ["Lanka", "Sri Lanka"], "from [x], not [x]"),  # longest first
        ("Budel-Cranendonck is not Budel", ["Budel"], "Budel-Cranendonck is not [x]"),
        ("nothing to do", [], "nothing to do"),
        (None, ["a"], ""),
    ],
)
def test_redact_terms(text, terms, expected):
    assert redact_terms(text, terms, "[x]") == expected
