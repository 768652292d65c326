"""Synthetic demo waves: respondents drawn from the calibrated latent model, written as agencies do.

:func:`generate_wave` draws one wave in memory (raw codes as on the paper questionnaire, one wide
frame per target group, codebook column names); :func:`plant_defects` adds the deliberate defects
cleaning must catch; :func:`write_wave` writes the files, ``wave.yml`` and a README;
:func:`write_demo` does all of it for several waves (``python -m helpers demo``).

The latent model and its calibration to the 2017 pilot live in :mod:`helpers.demo._model`, the file
formats in :mod:`helpers.demo._writer`. Routing follows the codebook exactly
(:meth:`helpers.codebook.Codebook.eligible`): a question a respondent was not routed to is empty.
"Weet niet" is drawn completely at random per item (5-15%, more for referral and response time,
23-45% for the partners' cooperation statements); item non-response (1-3%) is the missing code on
paper and an empty cell on the web.

Examples
--------
>>> frames = generate_wave("2017-Q2", n_asylum=50, n_partners=40, seed=3)
>>> sorted(frames), frames["asielzoekers"].shape[0], frames["ketenpartners"].shape[0]
(['asielzoekers', 'ketenpartners'], 50, 40)
>>> frames["asielzoekers"]["respondent_id"].iloc[0]
'AZ2017Q2-00001'
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from helpers.codebook import (
    CODED_COLUMNS,
    CODED_SAMPLE_FILE,
    HELDOUT_SAMPLE_FILE,
    THEME_SEPARATOR,
    Codebook,
    load_codebook,
)
from helpers.demo._model import (
    AZC_SHARE,
    AZCS,
    CALIBRATION_WAVE,
    CHAIN_WEIGHTS,
    DRIFTS,
    LAST_CONTACT_RHO,
    NPS_RHO,
    PERSON_SHARE,
    DemoModel,
    azc_effects,
    build_model,
    cut,
    expected_values,
    quarters_since,
)
from helpers.errors import InputError

DEFAULT_WAVES = ("2017-Q2", "2017-Q3", "2017-Q4", "2018-Q1")
DEFAULT_SEED = 1
DEFAULT_N_ASYLUM = 200  # the pilot's sample sizes
DEFAULT_N_PARTNERS = 290
WAVE_PATTERN = re.compile(r"^\d{4}-Q[1-4]$")
ID_PREFIX = {"asielzoekers": "AZ", "ketenpartners": "KP"}

# -- background distributions (invented but plausible; the pilot publishes none) ------------------
NATIONALITIES = {  # name: (weight, questionnaire language)
    "Afghanistan": (10, "fa"),
    "Syrië": (10, "ar"),
    "Eritrea": (9, "ti"),
    "Irak": (9, "ar"),
    "Iran": (8, "fa"),
    "Marokko": (7, "ar"),
    "Algerije": (6, "ar"),
    "Georgië": (5, "ru"),
    "Albanië": (4, "en"),
    "Nigeria": (3.5, "en"),
    "Somalië": (3.5, "so"),
    "Ethiopië": (3, "ti"),
    "Libië": (3, "ar"),
    "Turkije": (3, "tr"),
    "Mongolië": (2, "ru"),
    "Armenië": (2, "ru"),
    "Oekraïne": (2, "ru"),
    "Guinee": (1.5, "fr"),
    "Soedan": (1.5, "ar"),
    "Jemen": (1.5, "ar"),
    "Pakistan": (1.5, "en"),
    "Egypte": (1.2, "ar"),
    "Tunesië": (1, "ar"),
    # tiny groups (1-5 respondents per wave at n = 200): disclosure control must act on them
    "Sierra Leone": (0.8, "en"),
    "Staatloos": (0.8, "ar"),
    "Kosovo": (0.7, "en"),
    "Rusland": (0.7, "ru"),
    "Sri Lanka": (0.5, "en"),
    "Bangladesh": (0.5, "en"),
    "Azerbeidzjan": (0.5, "ru"),
    "Tsjaad": (0.4, "fr"),
    "Burundi": (0.4, "fr"),
}
LANGUAGE_OVERRIDE = {"en": 0.12, "nl": 0.06}  # share answering in English / Dutch regardless
SEX = {1: 0.64, 2: 0.34, 3: 0.02}  # man, vrouw, anders
AGE = {1: 0.22, 2: 0.38, 3: 0.24, 4: 0.11, 5: 0.05}
WEB_SHARE = 0.30  # asylum seekers answering on the web (the rest on paper in the AZC)
DURATION_MEDIAN = {"asielzoekers": 22.0, "ketenpartners": 15.0}  # minutes, lognormal
DURATION_SIGMA = 0.35
KNOWS_IF_PERMIT = 0.96  # share correct among those granted a permit on appeal (report: 95-98%)
NO_CONTACT_RATIO = 2.5  # "no contact" is this much likelier among those who don't know the roles
ASYLUM_CHANNELS = {  # pilot report p. 14 (chart, not in the YAML)
    "IND": {"persoonlijk": 0.76, "telefoon": 0.09, "email": 0.03, "brief": 0.13, "indirect": 0.36},
    "DTV": {"persoonlijk": 0.80, "telefoon": 0.06, "email": 0.04, "brief": 0.19, "indirect": 0.10},
}
WEBSITE = {  # pilot report p. 14: yes often / yes sometimes / never
    "IND": [0.07, 0.18, 0.75],
    "COA": [0.07, 0.24, 0.69],
    "DTV": [0.02, 0.10, 0.88],
}
OUTSIDE_EMPLOYERS = {
    "gemeente": 0.30,
    "advocatuur": 0.25,
    "politie": 0.20,
    "vluchtelingenwerk": 0.15,
    "anders": 0.10,
}
PARTNER_CONTACT_OFTEN = 0.45  # of partners with contact: "yes, often"
PARTNER_CHANNELS = {"telefoon": 0.70, "email": 0.85, "persoonlijk": 0.45, "brief": 0.15}
POPULATION = {  # population sizes, response rates and margins written to wave.yml
    "asielzoekers": {
        "size": 9800,
        "response_rate": 0.42,
        "margins": {
            "status": {"afgewezen": 0.80, "vergunning_na_beroep": 0.20},
            "geslacht": {"man": 0.70, "vrouw": 0.28, "anders": 0.02},
        },
    },
    "ketenpartners": {
        "size": 5200,
        "response_rate": 0.31,
        "margins": {"positie": {"binnen_kleine_keten": 0.40, "buiten_kleine_keten": 0.60}},
    },
}

# -- response behaviour ------------------------------------------------------------------------
DONT_KNOW = {  # "weet niet" rates of the aspects (MCAR); others: DONT_KNOW_DEFAULT
    "asielzoekers": {
        "doorverwijzen": 0.18,
        "reactietermijn": 0.15,
        "bereikbaarheid": 0.10,
        "inleven": 0.10,
        "actief_meedenken": 0.10,
        "volledigheid_informatie": 0.08,
        "tolk": 0.05,
    },
    "ketenpartners": {
        "doorverwijzen": 0.20,
        "reactietermijn": 0.12,
        "inleven": 0.12,
        "actief_meedenken": 0.10,
        "afspraken_nakomen": 0.08,
    },
}
DONT_KNOW_DEFAULT = 0.06
DONT_KNOW_ITEM = {
    "totaaloordeel": 0.03,
    "laatste_contact": 0.03,
    "nps": 0.05,
    "dtv_persoonlijke_situatie": 0.03,
    "dtv_culturele_achtergrond": 0.10,
    "spiegel_oordeel_eigen": 0.03,
    "spiegel_oordeel_keten": 0.05,
}
NO_DONT_KNOW = ("kennis_", "samenwerking_", "dtv_genoeg_informatie", "coa_introductie_begrepen")
MISSING_RATE = {"ratings": 0.02, "background": 0.01, "contact": 0.03, "other": 0.02}
ADVICE_RATE = {"IND": 0.45, "COA": 0.40, "DTV": 0.35}
PERSONAL_DATA_RATE = 0.03  # share of open answers that contain (fictional) personal data

ADVICE = {
    "IND": [
        "Sneller beslissen over de asielaanvraag.",
        "Please decide faster, waiting is very hard.",
        "Luister beter naar ons verhaal.",
        "Meer uitleg geven over de procedure.",
        "Treat us as people, not as numbers.",
        "De tolk moet beter vertalen.",
        "Geef informatie in mijn eigen taal.",
        "Brieven zijn moeilijk te begrijpen.",
        "More information about the appeal procedure.",
        "Het gehoor duurde te lang zonder pauze.",
        "Ik ben niet goed geïnformeerd over de procedure.",
        "Eén vaste contactpersoon zou helpen.",
    ],
    "COA": [
        "Meer activiteiten in het azc.",
        "Betere kamers en minder mensen per kamer.",
        "Teksten niet alleen in het Arabisch en Engels.",
        "Thank you for the help in the azc.",
        "Medewerkers zijn vriendelijk, ga zo door.",
        "More Dutch lessons please.",
        "Een schone keuken en beter eten.",
        "Minder verhuizen tussen locaties.",
        "Listen to our problems with health care.",
        "Meer privacy voor gezinnen.",
        "De introductie was duidelijk.",
        "Meer hulp bij het zoeken naar werk.",
    ],
    "DTV": [
        "Kijk naar de situatie in mijn land.",
        "Do not force people to go back.",
        "Meer tijd geven om te beslissen.",
        "Beter luisteren naar mijn persoonlijke verhaal.",
        "Explain what help I get if I return.",
        "Minder druk tijdens de gesprekken.",
        "De gesprekken waren respectvol.",
        "More information about starting a business at home.",
        "Ik wil graag een andere regievoerder.",
        "Rekening houden met mijn gezin.",
    ],
}
FAKE_NAMES = [
    "Ahmad Karimi",
    "Samira Haddad",
    "Yonas Tesfaye",
    "Leyla Rahimi",
    "Omar Benali",
    "Fatima Nouri",
    "Dawit Gebre",
    "Nino Beridze",
    "Hassan Farouk",
    "Amina Yusuf",
]
PERSONAL_TEMPLATES = [
    ("name", "Mijn naam is {name}, bel mij alstublieft terug."),
    ("v_number", "Mijn V-nummer is {vnr} en mijn zaak ligt al een jaar stil."),
    ("phone", "Bel mij op {phone}, ik wacht al maanden."),
    ("email", "Please contact me: {email}"),
    ("name+v_number", "I am {name} from azc {azc}, V-nummer {vnr}."),
]

# Themes of each ADVICE text in its question's codeframe (codebook ``codeframes``): the truth a
# careful coder gives. The answers in the raw files are these texts verbatim.
ADVICE_THEMES = {
    "IND": {
        "Sneller beslissen over de asielaanvraag.": ("snelheid",),
        "Please decide faster, waiting is very hard.": ("snelheid",),
        "Luister beter naar ons verhaal.": ("luisteren_situatie",),
        "Meer uitleg geven over de procedure.": ("informatie",),
        "Treat us as people, not as numbers.": ("respect",),
        "De tolk moet beter vertalen.": ("taal_tolk",),
        "Geef informatie in mijn eigen taal.": ("informatie", "taal_tolk"),
        "Brieven zijn moeilijk te begrijpen.": ("informatie",),
        "More information about the appeal procedure.": ("informatie",),
        "Het gehoor duurde te lang zonder pauze.": ("gehoor",),
        "Ik ben niet goed geïnformeerd over de procedure.": ("informatie",),
        "Eén vaste contactpersoon zou helpen.": ("contact",),
    },
    "COA": {
        "Meer activiteiten in het azc.": ("activiteiten",),
        "Betere kamers en minder mensen per kamer.": ("huisvesting",),
        "Teksten niet alleen in het Arabisch en Engels.": ("taal_tolk",),
        "Thank you for the help in the azc.": ("compliment",),
        "Medewerkers zijn vriendelijk, ga zo door.": ("respect", "compliment"),
        "More Dutch lessons please.": ("activiteiten",),
        "Een schone keuken en beter eten.": ("huisvesting",),
        "Minder verhuizen tussen locaties.": ("verhuizingen",),
        "Listen to our problems with health care.": ("zorg", "luisteren_situatie"),
        "Meer privacy voor gezinnen.": ("huisvesting",),
        "De introductie was duidelijk.": ("informatie", "compliment"),
        "Meer hulp bij het zoeken naar werk.": ("activiteiten",),
    },
    "DTV": {
        "Kijk naar de situatie in mijn land.": ("herkomstland",),
        "Do not force people to go back.": ("druk",),
        "Meer tijd geven om te beslissen.": ("druk",),
        "Beter luisteren naar mijn persoonlijke verhaal.": ("luisteren_situatie",),
        "Explain what help I get if I return.": ("terugkeersteun",),
        "Minder druk tijdens de gesprekken.": ("druk",),
        "De gesprekken waren respectvol.": ("respect", "compliment"),
        "More information about starting a business at home.": ("terugkeersteun",),
        "Ik wil graag een andere regievoerder.": ("overig",),
        "Rekening houden met mijn gezin.": ("luisteren_situatie",),
    },
}

# -- the coded sample of open answers -------------------------------------------------------------
# Other phrasings of the same advice, per organisation and theme, for the coded sample that trains
# and tests the theme classifier (:func:`coded_sample`). As in real answers, the words that carry a
# theme recur (tolk, wachten, kamer, interpreter, waiting, room) while the sentences differ. Every
# third phrasing of a list (index 2, 5, ...) is held out: it appears only in the held-out file, so
# the evaluation measures how the classifier does on phrasings it never saw. The ADVICE texts (the
# answers of the raw files) are training phrasings, as an analyst would code real answers.
PARAPHRASES = {
    "IND": {
        "snelheid": [
            "Beslis sneller, wij wachten al zo lang.",
            "Het duurt veel te lang voordat je antwoord krijgt.",
            "Waiting for the decision takes too long.",
            "Sneller werken alstublieft, ik wacht al twee jaar.",
            "The waiting is too long, decide faster.",
            "Niet zo lang laten wachten op het besluit.",
            "Why do we have to wait so long?",
            "De wachttijd is te lang, dat maakt mensen ziek.",
            "Faster answers please, we cannot wait forever.",
            "Korter wachten op de beslissing.",
            "The asylum procedure is too slow, please be faster.",
            "Ik wacht maanden, het moet sneller.",
        ],
        "informatie": [
            "Leg beter uit hoe de procedure werkt.",
            "Give clear information about the next steps.",
            "Meer informatie over mijn rechten.",
            "The letters are very difficult to understand.",
            "Duidelijker uitleggen waarom ik ben afgewezen.",
            "Explain the decision in simple words.",
            "Informeer mensen beter over de procedure.",
            "Nobody explained the rules to me.",
            "Maak de brieven eenvoudiger en duidelijker.",
            "Please explain the procedure better.",
            "Graag meer duidelijkheid en informatie.",
            "I need more information about my rights.",
        ],
        "taal_tolk": [
            "Zorg voor een goede tolk.",
            "The interpreter did not translate what I said.",
            "Een tolk die mijn dialect spreekt.",
            "Papieren ook in mijn taal, het Tigrinya.",
            "The translator was not good, he changed my words.",
            "Betere tolken alstublieft.",
            "Please use interpreters who speak my language well.",
            "Ik kon de tolk niet goed verstaan.",
            "Give the papers in our own language.",
            "De vertaling van de tolk was slecht.",
            "A better interpreter for my language.",
            "The interpreter must translate everything.",
        ],
        "respect": [
            "Behandel ons met respect.",
            "Be more friendly to asylum seekers.",
            "De medewerkers waren onvriendelijk.",
            "We are human beings, not criminals.",
            "Niet zo onvriendelijk en kortaf tegen mensen.",
            "Treat people with respect.",
            "Vriendelijker zijn aan de balie.",
            "Staff were rude, be polite.",
            "Zie ons als mensen.",
            "Treat everyone in a friendly way.",
            "Meer respect voor vluchtelingen, wij zijn ook mensen.",
            "Staff should not be rude to people.",
        ],
        "luisteren_situatie": [
            "Luister naar wat wij vertellen.",
            "Listen to my story before you decide.",
            "Kijk naar mijn persoonlijke situatie.",
            "Try to understand our situation.",
            "Houd rekening met mijn kinderen en mijn situatie.",
            "Listen to people, they have a story.",
            "Meer begrip voor onze situatie.",
            "Think about my family situation.",
            "Ze geloven mijn verhaal niet, luister beter.",
            "Neem de tijd om naar ons verhaal te luisteren.",
            "Every case is different, listen to the person.",
            "Understand what happened to my family.",
        ],
        "contact": [
            "Ik kan niemand bereiken als ik een vraag heb.",
            "Answer the phone please.",
            "Een vast aanspreekpunt voor mijn dossier.",
            "Reply to my emails.",
            "Het is moeilijk om contact op te nemen met de IND.",
            "I want one contact person who knows my case.",
            "Bel mensen terug als ze een vraag hebben.",
            "Better reachable by phone.",
            "Niemand reageert als ik bel.",
            "Give us a contact person for questions.",
            "Telefonisch beter bereikbaar zijn, een vast contactpersoon.",
            "Nobody answers the phone or my emails.",
        ],
        "gehoor": [
            "Het gehoor was te lang.",
            "The interview took the whole day without a break.",
            "Meer pauzes tijdens het gehoor.",
            "Too many questions in the interview.",
            "Het tweede gehoor was heel zwaar.",
            "During the interview I was very tired.",
            "Tijdens het gehoor werden de vragen steeds herhaald.",
            "Give a break during the interview.",
            "Het gehoor moet rustiger, met een pauze.",
            "Let people rest between the interviews.",
            "Bij het gehoor mag een vriend mee.",
            "The interview room was cold and the questions were hard.",
        ],
        "compliment": [
            "Dank u wel voor alles.",
            "Thank you IND.",
            "Goed gedaan, ga zo door.",
            "Ik ben tevreden, bedankt.",
            "Everything was good, thanks.",
            "Bedankt voor de hulp.",
            "Good job, keep going.",
            "Prima geholpen, dank u.",
            "I am happy with the IND, thank you.",
            "Alles was goed, ga zo door.",
            "Thanks for your good work.",
            "Ik ben tevreden over de IND.",
        ],
        "overig": [
            "Ik wil in Nederland blijven.",
            "Give me a residence permit.",
            "Het beleid is niet eerlijk.",
            "Open de grenzen.",
            "Why is the Dublin rule so strict?",
            "I want to stay here.",
            "Laat mijn familie ook komen.",
            "I want to work.",
            "Geef mij een verblijfsvergunning.",
            "Change the law for Syrians.",
            "Ik heb veel stress.",
            "The policy is unfair.",
        ],
    },
    "COA": {
        "huisvesting": [
            "De kamers zijn te vol.",
            "Too many people in one room.",
            "Betere douches en toiletten.",
            "The food is bad.",
            "Meer privacy, ik slaap met vreemden op de kamer.",
            "Clean the bathrooms more often.",
            "Het azc is vies, maak de keuken en de douches schoon.",
            "We need a bigger kitchen.",
            "Een eigen kamer voor vrouwen.",
            "The showers, toilets and bathrooms are dirty.",
            "Beter eten en betere bedden.",
            "The rooms are too small and dirty.",
        ],
        "activiteiten": [
            "Meer sport in het azc.",
            "We need activities during the day.",
            "Nederlandse les voor iedereen.",
            "Help me to find a job or volunteer work.",
            "Meer Nederlandse les en cursussen.",
            "Let us do volunteer work.",
            "Activiteiten voor kinderen.",
            "I want to learn Dutch, give lessons.",
            "Meer activiteiten en sport alstublieft.",
            "There are no activities, I am bored.",
            "Hulp bij werk of vrijwilligerswerk.",
            "Dutch classes and sports for adults.",
        ],
        "zorg": [
            "Sneller naar de dokter kunnen.",
            "The nurse does not take us seriously.",
            "Betere medische zorg.",
            "I need a dentist.",
            "Meer hulp van een psycholoog voor mensen met trauma.",
            "Medicines take too long.",
            "De huisarts is moeilijk te bereiken.",
            "Better health care for children.",
            "Ik ben ziek en de dokter helpt niet.",
            "Take health problems seriously, we are sick.",
            "Betere zorg en medicijnen.",
            "A doctor at the centre please.",
        ],
        "verhuizingen": [
            "Niet steeds verhuizen.",
            "We moved four times this year.",
            "Laat ons op één plek blijven.",
            "Stop transferring families to other camps.",
            "Verhuizen is slecht voor de kinderen.",
            "Too many transfers between locations.",
            "Ik wil op één plek blijven, niet weer naar een andere locatie.",
            "Do not move us, every move means a new school for my kids.",
            "Minder verhuizingen.",
            "Let us stay in one place, no more transfers.",
            "Na elke verhuizing naar een andere plek opnieuw beginnen.",
            "Do not move us again.",
        ],
        "informatie": [
            "Leg de regels van het azc beter uit.",
            "Nobody told me about the weekly money, give information.",
            "Duidelijke informatie over het leefgeld.",
            "Explain where we can get help.",
            "Meer uitleg bij aankomst.",
            "I did not understand the house rules.",
            "Vertel ons op tijd over veranderingen, geef informatie.",
            "Clear information about appointments.",
            "Meer uitleg over de regels.",
            "Explain the house rules in a clear way.",
            "Organiseer informatieavonden.",
            "Information about what happens next.",
        ],
        "taal_tolk": [
            "Een tolk bij het gesprek met de mentor.",
            "Information in Farsi please, in our language.",
            "Niemand spreekt mijn taal hier.",
            "Use translators at the desk.",
            "Brieven in mijn eigen taal.",
            "Staff speak only Dutch with us, we need an interpreter.",
            "Meer talen op de borden.",
            "Telephone interpreter for everybody.",
            "Vertaal de huisregels in meer talen.",
            "Nobody speaks my language.",
            "Een tolk, want ik begrijp de taal niet.",
            "Translate the letters into Arabic.",
        ],
        "respect": [
            "De beveiliging moet vriendelijker zijn.",
            "Staff should respect us.",
            "Niet schreeuwen tegen bewoners.",
            "Treat everybody the same and with respect.",
            "Behandel ons als volwassenen en schreeuw niet.",
            "Some workers are rude.",
            "Meer respect van het personeel.",
            "Be kind and friendly to the children.",
            "Behandel bewoners met respect.",
            "Staff are rude and shout at us.",
            "Vriendelijk blijven tegen iedereen.",
            "Treat us with respect please.",
        ],
        "luisteren_situatie": [
            "Luister naar de bewoners.",
            "Listen when we have a problem.",
            "Houd rekening met gezinnen met kleine kinderen.",
            "Understand our situation.",
            "Meer aandacht voor mensen die alleen zijn.",
            "The mentor should listen more.",
            "Vraag wat wij nodig hebben en luister.",
            "Pay attention to women and families.",
            "Kijk naar de situatie van elke persoon.",
            "Listen to what people need.",
            "Houd rekening met onze situatie.",
            "Pay attention to our situation.",
        ],
        "compliment": [
            "Bedankt COA.",
            "Thank you for everything.",
            "Goede opvang, dank jullie.",
            "I am happy here, thank you.",
            "Ga zo door, goed gedaan.",
            "The staff did a great job.",
            "Alles is goed geregeld, bedankt.",
            "Thanks for the safe place.",
            "Ik ben blij met de hulp, dank u.",
            "Great job, thanks.",
            "Dank voor de goede opvang.",
            "Thank you COA, everything is good.",
        ],
        "overig": [
            "Ik wil een huis in een stad.",
            "Give us more money.",
            "Meer leefgeld.",
            "Een fiets voor iedereen.",
            "Bus tickets are expensive.",
            "Pocket money is too low.",
            "Ik weet niet wat ik moet zeggen.",
            "Politics must change.",
            "Laat ons naar een gemeente gaan.",
            "Ik wil snel een eigen huis.",
            "I want a house.",
            "Give everyone a bicycle.",
        ],
    },
    "DTV": {
        "druk": [
            "Don't push us to go back.",
            "Minder druk zetten.",
            "Geef ons meer tijd om na te denken.",
            "I feel forced in every meeting.",
            "Niet dreigen met detentie, dat is te veel druk.",
            "Do not force people to leave.",
            "Stop the pressure to go back.",
            "Te veel druk om te vertrekken.",
            "Give us time, we are not ready.",
            "Dwing mensen niet om terug te gaan.",
            "Give more time to decide, less pressure.",
            "Gun mensen bedenktijd, geen dwang.",
        ],
        "terugkeersteun": [
            "Meer geld voor terugkeer.",
            "Help me with a job in my country.",
            "Wat krijg ik als ik terugga?",
            "Support for housing after return.",
            "Hulp bij het starten van een bedrijf in mijn land.",
            "Tell me about the return programme.",
            "Help met de reis en de papieren.",
            "Money to start a new life at home.",
            "Betere begeleiding na aankomst in mijn land.",
            "What support do I get when I return?",
            "Ik wil weten welke steun er is bij terugkeer.",
            "A ticket and some money to start a business.",
        ],
        "herkomstland": [
            "Mijn land is niet veilig.",
            "There is war in my country.",
            "Kijk naar het nieuws uit mijn land.",
            "I will be arrested if I go back to my country.",
            "De situatie in Eritrea is gevaarlijk.",
            "My country is not safe for women.",
            "Teruggaan naar mijn land is gevaarlijk voor mij.",
            "Understand the danger in my country.",
            "In mijn land is oorlog.",
            "The government in my country will kill me.",
            "Het is niet veilig in mijn land.",
            "Check the safety in the country before sending people.",
        ],
        "luisteren_situatie": [
            "Luister naar wat ik zeg.",
            "Think of my children.",
            "Houd rekening met mijn ziekte.",
            "Listen to my reasons.",
            "Kijk naar mijn persoonlijke omstandigheden.",
            "My family is here, consider that.",
            "Toon begrip en luister naar mijn verhaal.",
            "Understand that I am afraid, listen to me.",
            "Meer aandacht voor mijn persoonlijke verhaal.",
            "Listen to my story and my family situation.",
            "Houd rekening met mijn kinderen en mijn gezondheid.",
            "Listen to the person.",
        ],
        "informatie": [
            "Leg uit wat de regels zijn.",
            "Clear explanation of the procedure.",
            "Ik weet niet wat er gaat gebeuren, geef informatie.",
            "Give us information in writing.",
            "Wees duidelijk over de termijnen.",
            "Explain my options.",
            "Meer uitleg in de gesprekken.",
            "Tell me what happens if I stay, explain the rules.",
            "Duidelijke brieven en uitleg.",
            "Clear information please.",
            "Geef duidelijke informatie over de procedure.",
            "Explain the procedure clearly.",
        ],
        "taal_tolk": [
            "Altijd een tolk bij het gesprek.",
            "The interpreter was bad.",
            "Spreek in mijn taal.",
            "Use an interpreter who understands my dialect.",
            "De tolk vertaalde niet alles.",
            "Papers in Arabic, my language.",
            "Betere vertaling, een betere tolk.",
            "I did not understand the interpreter.",
            "Een tolk die mijn taal goed spreekt.",
            "Speak to me in my own language.",
            "Gesprekken in mijn eigen taal.",
            "A better interpreter please.",
        ],
        "respect": [
            "Behandel mensen met respect.",
            "Be friendly.",
            "Niet onbeleefd zijn.",
            "The officer was rude to me.",
            "Zie ons als mens, met respect.",
            "Respect our dignity.",
            "Blijf vriendelijk, ook als iemand niet wil.",
            "They talk to us like criminals, be respectful.",
            "Vriendelijker en met meer respect.",
            "More respect please.",
            "Wees niet onbeleefd of onvriendelijk.",
            "Treat people in a friendly way.",
        ],
        "compliment": [
            "Bedankt voor de gesprekken.",
            "Thank you.",
            "Goed geholpen.",
            "The help was good, thanks.",
            "Ik ben tevreden over DT&V.",
            "Keep doing this.",
            "Dank voor de goede hulp.",
            "Well done, good job.",
            "Thank you for the good conversations.",
            "Ga zo door.",
            "I am happy with DT&V.",
            "Ik ben tevreden, dank u.",
        ],
        "overig": [
            "Ik wil een andere medewerker.",
            "I want to stay in the Netherlands.",
            "Geef mij een verblijfsvergunning.",
            "Ik heb een advocaat nodig.",
            "Change the law.",
            "I need a lawyer.",
            "Geen mening.",
            "I don't want to talk about this.",
            "Laat mij werken.",
            "Ik wil hier blijven.",
            "Give me papers to stay.",
            "I want to stay here.",
        ],
    },
}
MULTI_THEME_PHRASES = {  # longer phrasings, most with more than one theme
    "IND": [
        ("Sneller beslissen en betere uitleg.", ("snelheid", "informatie")),
        ("The interpreter at the interview was bad.", ("taal_tolk", "gehoor")),
        ("Vriendelijk geholpen, dank u.", ("respect", "compliment")),
        ("Give letters in my language.", ("informatie", "taal_tolk")),
        ("Listen to us and treat us with respect.", ("luisteren_situatie", "respect")),
        ("Bel terug en vertel hoe lang het nog duurt.", ("snelheid", "contact")),
    ],
    "COA": [
        ("De medewerkers zijn vriendelijk, dank u.", ("respect", "compliment")),
        ("We need interpreters at the doctor.", ("taal_tolk", "zorg")),
        ("De introductie was goed uitgelegd.", ("informatie", "compliment")),
        ("After every transfer my children lose their school and friends.", ("verhuizingen",)),
        ("Schone kamers en meer activiteiten.", ("huisvesting", "activiteiten")),
        ("Listen to families about the rooms.", ("luisteren_situatie", "huisvesting")),
    ],
    "DTV": [
        ("De regievoerder was vriendelijk.", ("respect", "compliment")),
        ("Niet dwingen, mijn land is gevaarlijk.", ("druk", "herkomstland")),
        ("Explain clearly what support I get at home.", ("terugkeersteun",)),
        ("Always an interpreter and more time to decide.", ("taal_tolk", "druk")),
        ("Luister naar mijn verhaal, behandel mij met respect.", ("luisteren_situatie", "respect")),
        ("Thank you for the help with my ticket.", ("compliment", "terugkeersteun")),
    ],
}
CODED_SAMPLE_SIZE = {"train": 90, "heldout": 45}  # coded answers per question and wave
CODED_ID_PREFIX = "CS"  # ids of the coded sample: not respondents of the raw files
CODED_COMBINED_RATE = 0.2  # share of coded answers that join two phrasings (two themes)
CODED_TYPO_RATE = 0.06  # chance that a word of 4+ letters carries a typo
CODED_OPENERS = ("Advies: ", "Mijn advies: ", "Tip: ", "Please, ", "My advice: ", "- ")
CODED_CLOSERS = ("!", " alstublieft.", " please.", "...")


# -- small helpers -----------------------------------------------------------------------------
def questionnaire_version(wave: str, codebook: Codebook | None = None) -> str:
    """Questionnaire version of a demo wave: ``2018.1`` from 2018-Q1 on, else ``2017.1``.

    >>> questionnaire_version("2017-Q4"), questionnaire_version("2018-Q1")
    ('2017.1', '2018.1')
    """
    cb = codebook or load_codebook()
    return cb.versions[-1] if wave >= "2018-Q1" else cb.versions[0]


def fieldwork(wave: str) -> tuple[dt.date, dt.date]:
    """Fieldwork period of a wave: the first Monday of the quarter to the Friday of week 12.

    >>> fieldwork("2017-Q2")
    (datetime.date(2017, 4, 3), datetime.date(2017, 6, 23))
    """
    year, q = int(wave[:4]), int(wave[-1])
    first = dt.date(year, 3 * q - 2, 1)
    start = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    return start, start + dt.timedelta(days=81)


def check_wave_id(wave: str) -> str:
    if not WAVE_PATTERN.match(str(wave)):
        raise InputError(f"wave id {wave!r} is not of the form YYYY-Qn (e.g. 2017-Q2)")
    return str(wave)


def respondent_ids(target_group: str, wave: str, n: int) -> np.ndarray:
    """Respondent codes ``AZ2017Q2-00001`` (asylum seekers) or ``KP...`` (partners).

    >>> respondent_ids("ketenpartners", "2018-Q1", 2).tolist()
    ['KP2018Q1-00001', 'KP2018Q1-00002']
    """
    return _ids(ID_PREFIX[target_group], wave, 1, n)


def _ids(prefix: str, wave: str, start: int, n: int) -> np.ndarray:
    numbers = np.char.zfill(np.arange(start, start + n).astype(str), 5)
    return np.char.add(f"{prefix}{wave.replace('-', '')}-", numbers).astype(object)


def _rng(seed: int, wave: str, stream: int) -> np.random.Generator:
    year, q = int(wave[:4]), int(wave[-1])
    return np.random.default_rng([int(seed), year, q, stream])


def _allocate(n: int, shares, rng) -> np.ndarray:
    """Category indices with exact counts (largest remainder of ``n * share``), in random order."""
    shares = np.asarray(shares, dtype=float) / np.sum(shares)
    raw = n * shares
    counts = np.floor(raw).astype(int)
    counts[np.argsort(-(raw - counts), kind="stable")[: n - counts.sum()]] += 1
    return rng.permutation(np.repeat(np.arange(len(shares)), counts))


def _choice(rng, n, shares) -> np.ndarray:
    """Category indices drawn independently with the given shares."""
    p = np.asarray(shares, dtype=float)
    return np.searchsorted(np.cumsum(p / p.sum())[:-1], rng.random(n), side="right")


def _to_raw(cb: Codebook, scale: str, values: np.ndarray) -> np.ndarray:
    """Analysis values (5 = most positive) -> raw codes of ``scale`` (1 = most positive)."""
    inverse = {v: r for r, v in cb.scale(scale).recode.items()}
    lookup = np.full(max(inverse) + 1, np.nan)
    for v, r in inverse.items():
        lookup[v] = r
    return lookup[values]


def _dates(rng, n, wave) -> np.ndarray:
    start, end = fieldwork(wave)
    days = pd.bdate_range(start, end)
    return np.asarray(days[rng.integers(0, len(days), n)].strftime("%Y-%m-%d"), dtype=object)


def _durations(rng, n, target_group) -> np.ndarray:
    mins = DURATION_MEDIAN[target_group] * np.exp(DURATION_SIGMA * rng.standard_normal(n))
    return np.round(np.maximum(mins, 4.0), 1)


def _fake_personal(rng, kind_idx, azc) -> tuple[str, str]:
    kind, template = PERSONAL_TEMPLATES[kind_idx]
    name = FAKE_NAMES[rng.integers(len(FAKE_NAMES))]
    text = template.format(
        name=name,
        vnr=f"{rng.integers(10**9, 10**10):010d}",
        phone=f"06-{rng.integers(10**7, 10**8):08d}",
        email=f"{name.split()[0].lower()}.{name.split()[1][0].lower()}@example.com",
        azc=azc,
    )
    return kind, text


def _advice(rng, n, org, ids, azc, personal: list) -> np.ndarray:
    answered = rng.random(n) < ADVICE_RATE[org]
    texts = np.array(ADVICE[org], dtype=object)[rng.integers(0, len(ADVICE[org]), n)]
    out = np.where(answered, texts, None).astype(object)
    pii = answered & (rng.random(n) < PERSONAL_DATA_RATE)
    kinds = rng.integers(0, len(PERSONAL_TEMPLATES), n)
    for i in np.flatnonzero(pii):  # a handful of cells
        kind, out[i] = _fake_personal(rng, kinds[i], azc[i] or "Ter Apel")
        personal.append({"respondent_id": ids[i], "column": f"advies_{org.lower()}", "kind": kind})
    return out


# -- the coded sample of open answers -----------------------------------------------------------
def coded_sample(
    wave: str, seed: int = DEFAULT_SEED, codebook: Codebook | None = None
) -> dict[str, pd.DataFrame]:
    """A coded sample of open answers for one wave: training answers and held-out answers.

    Each answer is a phrasing of :data:`PARAPHRASES` or :data:`MULTI_THEME_PHRASES` (training:
    also the :data:`ADVICE` texts), sometimes two joined (:data:`CODED_COMBINED_RATE`), with the
    surface noise of real answers: typos (:data:`CODED_TYPO_RATE` per word of 4+ letters), an
    opener or closer, missing final punctuation, lower or upper case. The training answers draw
    only on training phrasings and the held-out answers only on held-out ones, in every wave, so
    that a classifier trained on all waves' training files is tested on phrasings it never saw.
    Drawn from a random stream of its own: the raw files do not change.

    Returns
    -------
    dict
        ``{"train": frame, "heldout": frame}`` with the columns
        :data:`helpers.codebook.CODED_COLUMNS`: ids ``CS2017Q2-00001`` (numbered on across both
        frames; not respondents of the raw files), the question (``advies_ind``), the text and
        the theme codes in codeframe order, joined by :data:`helpers.codebook.THEME_SEPARATOR`;
        :data:`CODED_SAMPLE_SIZE` answers per question.

    Examples
    --------
    >>> parts = coded_sample("2017-Q2")
    >>> parts["train"].columns.tolist(), len(parts["train"]), len(parts["heldout"])
    (['respondent_id', 'question', 'text', 'theme'], 270, 135)
    """
    cb = codebook or load_codebook()
    rng = _rng(seed, check_wave_id(wave), 4)
    out, start = {}, 1
    for part, n in CODED_SAMPLE_SIZE.items():
        rows = []
        for question, frame in cb.codeframes.items():
            org = cb.open_question(question).organisation
            pool = _phrasings(org, heldout=part == "heldout")
            for _ in range(n):
                text, themes = _coded_answer(rng, pool, frame.residual)
                ordered = [c for c in frame.codes if c in themes]
                rows.append((question, text, THEME_SEPARATOR.join(ordered)))
        df = pd.DataFrame(rows, columns=list(CODED_COLUMNS[1:]))
        df.insert(0, CODED_COLUMNS[0], _ids(CODED_ID_PREFIX, wave, start, len(df)))
        out[part], start = df, start + len(df)
    return out


def _phrasings(org: str, heldout: bool) -> list[tuple[str, tuple[str, ...]]]:
    """Base phrasings (text, themes) of one organisation's advice: training or held-out ones."""
    pool = [
        (text, (theme,))
        for theme, texts in PARAPHRASES[org].items()
        for i, text in enumerate(texts)
        if (i % 3 == 2) == heldout
    ]
    pool += [p for i, p in enumerate(MULTI_THEME_PHRASES[org]) if (i % 3 == 2) == heldout]
    if not heldout:
        pool += list(ADVICE_THEMES[org].items())
    return pool


def _coded_answer(rng, pool, residual: str) -> tuple[str, set[str]]:
    text, themes = pool[rng.integers(len(pool))]
    themes = set(themes)
    if rng.random() < CODED_COMBINED_RATE:
        other, more = pool[rng.integers(len(pool))]
        if residual not in themes | set(more) and not themes & set(more):
            themes |= set(more)
            if rng.random() < 0.5:
                text = f"{text} {other}"
            else:
                text = f"{text.rstrip('.!?')}, {other[0].lower()}{other[1:]}"
    words = text.split(" ")
    for i, word in enumerate(words):
        if sum(ch.isalpha() for ch in word) >= 4 and rng.random() < CODED_TYPO_RATE:
            j, op = int(rng.integers(1, len(word) - 1)), int(rng.integers(4))
            words[i] = (
                word[:j] + word[j + 1 :],  # a letter dropped
                word[:j] + word[j + 1] + word[j] + word[j + 2 :],  # two letters swapped
                word[:j] + word[j] + word[j:],  # a letter doubled
                word[:j] + chr(97 + int(rng.integers(26))) + word[j + 1 :],  # a wrong letter
            )[op]
    text = " ".join(words)
    u = rng.random(4)
    if u[0] < 0.15:
        text = CODED_OPENERS[rng.integers(len(CODED_OPENERS))] + text
    if u[1] < 0.15:
        text = text.rstrip(".!?") + CODED_CLOSERS[rng.integers(len(CODED_CLOSERS))]
    elif u[1] < 0.40:
        text = text.rstrip(".!?")
    if u[2] < 0.12:
        text = text.lower()
    elif u[2] < 0.15:
        text = text.upper()
    return text, themes


# -- response behaviour applied in codebook order ----------------------------------------------
def _dont_know_rate(var, target_group: str) -> float:
    if var.name.startswith(NO_DONT_KNOW) or not var.scale.dont_know:
        return 0.0
    if var.table == "ratings" and var.item in DONT_KNOW[target_group]:
        return DONT_KNOW[target_group][var.item]
    if var.item in DONT_KNOW_ITEM:
        return DONT_KNOW_ITEM[var.item]
    return DONT_KNOW_ITEM.get(var.name, DONT_KNOW_DEFAULT)


def _missing_rate(var) -> float:
    if var.required or var.scale.kind in ("text", "date", "numeric") or not var.scale.missing:
        return 0.0
    if var.block in ("channels", "mirror_positive", "mirror_negative"):
        return 0.0  # tick boxes: skipped as a whole (drawn with the block)
    if var.name.startswith("contact_"):
        return MISSING_RATE["contact"]
    if var.table == "ratings":
        return MISSING_RATE["ratings"]
    if var.block is None and var.scale.name in ("geslacht", "leeftijdsklasse"):
        return MISSING_RATE["background"]
    return MISSING_RATE["other"]


def _respond(
    cb: Codebook, df: pd.DataFrame, target_group: str, version: str, rng, paper: np.ndarray
) -> pd.DataFrame:
    """Routing, "weet niet" and item non-response, variable by variable in codebook order."""
    for var in cb.variables(target_group, version):
        col = var.name
        if var.routing:
            asked = cb.eligible(df, var)
            if not asked.all():
                df.loc[~asked, col] = None if df[col].dtype == object else np.nan
        else:
            asked = np.ones(len(df), dtype=bool)
        if var.scale.kind not in ("coded", "range"):
            continue
        values = df[col].to_numpy(dtype=float, copy=True)
        answered = asked & ~np.isnan(values)
        u = rng.random(len(df))
        dk = answered & (u < _dont_know_rate(var, target_group))
        if dk.any():
            values[dk] = var.scale.dont_know[0]
        miss = answered & ~dk & (u > 1 - _missing_rate(var))
        if miss.any():
            values[miss & paper] = var.scale.missing[0]
            values[miss & ~paper] = np.nan
        df[col] = values
    return df


def _frame(cb: Codebook, target_group: str, version: str, columns: dict) -> pd.DataFrame:
    names = [v.name for v in cb.variables(target_group, version)]
    missing = [n for n in names if n not in columns]
    if missing:
        raise RuntimeError(f"demo generator lacks columns {missing}")  # a codebook change
    df = pd.DataFrame({n: columns[n] for n in names})
    for v in cb.variables(target_group, version):
        if v.scale.kind in ("text", "categorical", "date"):
            df[v.name] = df[v.name].astype(object)
        else:
            df[v.name] = df[v.name].astype(float)
    return df


def _tickboxes(
    rng,
    present: np.ndarray,
    probs: dict,
    exclusive: str | None = None,
    skip_rate: float = 0.01,
    paper: np.ndarray | None = None,
) -> dict:
    """A "tick all that apply" block: 0/1 per box for ``present`` respondents, else NaN."""
    n = len(present)
    out = {}
    none = rng.random(n) < probs.get(exclusive, 0.0) if exclusive else np.zeros(n, dtype=bool)
    scale = 1 - probs.get(exclusive, 0.0) if exclusive else 1.0
    skipped = rng.random(n) < skip_rate
    for item, p in probs.items():
        ticked = none if item == exclusive else (~none & (rng.random(n) < min(p / scale, 1.0)))
        col = np.where(present, ticked.astype(float), np.nan)
        if paper is not None:
            col[present & skipped & paper] = 9
            col[present & skipped & ~paper] = np.nan
        else:
            col[present & skipped] = np.nan
        out[item] = col
    return out


# -- the two target groups ---------------------------------------------------------------------
def _asylum(cb: Codebook, model: DemoModel, wave: str, n: int, seed: int, version: str):
    rng = _rng(seed, wave, 1)
    tg = "asielzoekers"
    q = quarters_since(wave)
    T = model.tables
    cols: dict[str, np.ndarray] = {}
    ids = respondent_ids(tg, wave, n)
    cols["respondent_id"] = ids

    status_names = list(T["status_shares"])
    status_idx = _allocate(n, list(T["status_shares"].values()), rng)
    status_code = {v: c for c, v in cb.scale("status").values.items()}
    cols["status"] = np.array([status_code[s] for s in status_names], dtype=float)[status_idx]

    nat_names = list(NATIONALITIES)
    nat_idx = _choice(rng, n, [NATIONALITIES[k][0] for k in nat_names])
    nat = np.array(nat_names, dtype=object)[nat_idx]
    azc_names = list(AZCS)
    azc_idx = _choice(rng, n, [AZCS[a] for a in azc_names])
    azc = np.array(azc_names, dtype=object)[azc_idx]
    lang = np.array([NATIONALITIES[k][1] for k in nat_names], dtype=object)[nat_idx]
    u = rng.random(n)
    lang[u < LANGUAGE_OVERRIDE["en"]] = "en"
    lang[u > 1 - LANGUAGE_OVERRIDE["nl"]] = "nl"
    blank = rng.random((3, n)) < MISSING_RATE["background"]
    cols["nationaliteit"] = np.where(blank[0], None, nat)
    cols["azc"] = np.where(blank[1], None, azc)
    cols["taal"] = np.where(blank[2], None, lang)
    cols["geslacht"] = np.array(list(SEX), dtype=float)[_choice(rng, n, list(SEX.values()))]
    cols["leeftijdsklasse"] = np.array(list(AGE), dtype=float)[_choice(rng, n, list(AGE.values()))]
    web = rng.random(n) < WEB_SHARE
    cols["modus"] = np.where(web, 2.0, 1.0)
    cols["veldwerkdatum"] = _dates(rng, n, wave)
    cols["duur_minuten"] = _durations(rng, n, tg)

    # knowledge of responsibilities: better among those granted a permit on appeal
    permit = status_idx == 1
    share_permit = T["status_shares"][status_names[1]]
    knows_correct = {}
    org_of_label = {info["label_nl"]: key for key, info in cb.organisations.items()}
    for var in cb.variables(tg, version):
        if var.correct is None:
            continue
        org = org_of_label[var.scale.label(var.correct)]
        target = T["knows"][org]
        p = np.where(
            permit, KNOWS_IF_PERMIT, (target - share_permit * KNOWS_IF_PERMIT) / (1 - share_permit)
        )
        correct = rng.random(n) < p
        others = [c for c in (1, 2, 3) if c != var.correct]
        wrong = np.where(
            rng.random(n) < 0.4, 8.0, np.array(others, dtype=float)[rng.integers(0, 2, n)]
        )
        cols[var.name] = np.where(correct, float(var.correct), wrong)
        knows_correct[org] = correct

    # contact with IND / DT&V: "none" likelier among those who do not know the roles
    freq_scale = cb.scale("contact_freq")
    keys = freq_scale.extra["pilot_keys"]
    for org in ("IND", "DTV"):
        dist = T["contact_frequency"][org]
        p_none = dist[keys[5]]
        k = T["knows"][org]
        p_none_known = p_none / (k + NO_CONTACT_RATIO * (1 - k))
        none = rng.random(n) < np.where(
            knows_correct[org], p_none_known, NO_CONTACT_RATIO * p_none_known
        )
        freq = np.array([dist[keys[c]] for c in (1, 2, 3, 4)])
        code = 1.0 + _choice(rng, n, freq)
        cols[f"contact_{org.lower()}"] = np.where(none, 5.0, code)
        had = ~none
        for item, col in _tickboxes(rng, had, ASYLUM_CHANNELS[org], paper=~web).items():
            cols[f"kanaal_{org.lower()}_{item}"] = col
    for org in ("IND", "COA", "DTV"):
        cols[f"website_{org.lower()}"] = 1.0 + _choice(rng, n, WEBSITE[org])

    # ratings from the latent model
    person = rng.standard_normal(n)
    effects = azc_effects()
    u_azc = np.array([effects[a] for a in azc_names])[azc_idx]
    latent = {}
    for org in ("IND", "COA", "DTV"):
        m = model.orgs[tg, org]
        azc_part = AZC_SHARE if org == "COA" else 0.0
        h = (
            np.sqrt(PERSON_SHARE) * person
            + np.sqrt(azc_part) * u_azc
            + np.sqrt(1 - PERSON_SHARE - azc_part) * rng.standard_normal(n)
        )
        sub = status_idx if len(m.subgroups) > 1 else np.zeros(n, dtype=int)
        draw = m.draw(h, sub, rng, q)
        latent[org] = draw
        cols[f"{org.lower()}_totaaloordeel"] = _to_raw(cb, "oordeel5", draw["overall"])
        for i, a in enumerate(m.aspects):
            cols[f"{org.lower()}_{a}"] = _to_raw(cb, "wel_niet5", draw["aspects"][:, i])
    beta = np.array([CHAIN_WEIGHTS[o] for o in ("IND", "COA", "DTV")])
    chain = (
        np.column_stack([latent[o]["y"] for o in ("IND", "COA", "DTV")]) @ beta
        + model.chain.sigma_eps * rng.standard_normal(n)
    ) / model.chain_sd
    cols["keten_totaaloordeel"] = _to_raw(
        cb, "oordeel5", cut(chain, model.chain.overall_thresholds[0])
    )

    it = model.items
    cols["coa_introductie_begrepen"] = _to_raw(
        cb, "wel_niet5", it["coa_introductie_begrepen"].draw(latent["COA"]["y"], rng)
    )
    y_dtv = latent["DTV"]["y"]
    cols["dtv_persoonlijke_situatie"] = _to_raw(
        cb, "oordeel5", it["dtv_persoonlijke_situatie"].draw(y_dtv, rng)
    )
    cols["dtv_culturele_achtergrond"] = _to_raw(
        cb, "wel_niet5", it["dtv_culturele_achtergrond"].draw(y_dtv, rng)
    )
    genoeg = _to_raw(cb, "ja_nee5", it["dtv_genoeg_informatie"].draw(y_dtv, rng))
    genoeg[rng.random(n) < T["dtv_genoeg_dk"]] = cb.scale("ja_nee5").dont_know[0]
    cols["dtv_genoeg_informatie"] = genoeg
    for org in ("IND", "COA", "DTV"):
        wom = T["word_of_mouth"][org]
        sentiment = 6.0 - it[f"mond_tot_mond_{org.lower()}"].draw(latent[org]["y"], rng)
        contact = (cols[f"contact_{org.lower()}"] != 5) if org != "COA" else np.ones(n, dtype=bool)
        never_p = np.where(contact, wom["never"], 0.8)  # no contact: mostly never talk about it
        cols[f"mond_tot_mond_{org.lower()}"] = np.where(rng.random(n) < never_p, 6.0, sentiment)

    personal: list[dict] = []
    for org in ("IND", "COA", "DTV"):
        cols[f"advies_{org.lower()}"] = _advice(rng, n, org, ids, cols["azc"], personal)

    df = _frame(cb, tg, version, cols)
    df = _respond(cb, df, tg, version, rng, paper=~web)
    df.attrs["personal_data"] = personal
    return df


def _partners(cb: Codebook, model: DemoModel, wave: str, n: int, seed: int, version: str):
    rng = _rng(seed, wave, 2)
    tg = "ketenpartners"
    q = quarters_since(wave)
    T = model.tables
    cols: dict[str, np.ndarray] = {}
    ids = respondent_ids(tg, wave, n)
    cols["respondent_id"] = ids
    wg = cb.scale("werkgever")
    code_of = {v: c for c, v in wg.values.items()}
    staff, n_pilot = T["staff_n"], T["partners_n"]
    outside = 1 - sum(staff.values()) / n_pilot
    emp_names = list(staff) + list(OUTSIDE_EMPLOYERS)
    shares = [staff[o] / n_pilot for o in staff] + [outside * s for s in OUTSIDE_EMPLOYERS.values()]
    emp = _allocate(n, shares, rng)
    werkgever = np.array([code_of[e] for e in emp_names], dtype=float)[emp]
    cols["werkgever"] = werkgever
    inside = np.isin(werkgever, wg.extra["inside_chain"])
    position = np.where(inside, 0, 1)  # index into model.tables["positions"]
    cols["modus"] = np.full(n, 2.0)
    cols["veldwerkdatum"] = _dates(rng, n, wave)
    cols["duur_minuten"] = _durations(rng, n, tg)

    person = rng.standard_normal(n)
    for org in ("IND", "COA", "DTV"):
        o = org.lower()
        own = werkgever == cb.org_code(org)
        contact = rng.random(n) < T["had_contact"][org]
        often = rng.random(n) < PARTNER_CONTACT_OFTEN
        cols[f"contact_{o}"] = np.where(
            own, np.nan, np.where(contact, np.where(often, 1.0, 2.0), 3.0)
        )
        for item, col in _tickboxes(rng, ~own & contact, PARTNER_CHANNELS).items():
            cols[f"kanaal_{o}_{item}"] = col
        m = model.orgs[tg, org]
        h = np.sqrt(PERSON_SHARE) * person + np.sqrt(1 - PERSON_SHARE) * rng.standard_normal(n)
        draw = m.draw(h, position, rng, q)
        cols[f"{o}_totaaloordeel"] = _to_raw(cb, "oordeel5", draw["overall"])
        for i, a in enumerate(m.aspects):
            cols[f"{o}_{a}"] = _to_raw(cb, "eens5", draw["aspects"][:, i])
        y = draw["y"]
        lc = LAST_CONTACT_RHO * y + np.sqrt(1 - LAST_CONTACT_RHO**2) * rng.standard_normal(n)
        cols[f"{o}_laatste_contact"] = _to_raw(
            cb, "oordeel5", cut(lc, m.extra["lc_thresholds"], position)
        )
        nps = NPS_RHO * y + np.sqrt(1 - NPS_RHO**2) * rng.standard_normal(n)
        cols[f"{o}_nps"] = (cut(nps, m.extra["nps_thresholds"]) - 1).astype(float)

    coop = rng.standard_normal(n)
    for st in cb.cooperation_statements:
        item = model.items[f"samenwerking_{st}"]
        values = _to_raw(cb, "eens5", item.draw(coop, rng, sub=position))
        dk_in, dk_out = T["cooperation_dk"][st]
        dk = rng.random(n) < np.where(inside, dk_in, dk_out)
        values[dk] = cb.scale("eens5").dont_know[0]
        cols[f"samenwerking_{st}"] = values

    # mirror study: staff about their own organisation (everyone else is routed past it)
    eigen = np.full(n, np.nan)
    view = rng.standard_normal(n)
    for org in ("IND", "COA", "DTV"):
        rows = werkgever == cb.org_code(org)
        eigen[rows] = _to_raw(
            cb, "oordeel5", model.items[f"spiegel_oordeel_eigen_{org}"].draw(view[rows], rng)
        )
    cols["spiegel_oordeel_eigen"] = eigen
    cols["spiegel_oordeel_keten"] = _to_raw(
        cb, "oordeel5", model.items["spiegel_oordeel_keten"].draw(view, rng)
    )
    for kind, table in (("positief", "mirror_positive"), ("negatief", "mirror_negative")):
        names = [v.item for v in cb.variables(tg, version) if v.block == table]
        block = {a: np.full(n, np.nan) for a in names}
        for org in ("IND", "COA", "DTV"):
            rows = werkgever == cb.org_code(org)
            probs = {a: T[table][org][a] for a in names}
            ticks = _tickboxes(rng, np.ones(int(rows.sum()), dtype=bool), probs, exclusive="geen")
            for a in names:
                block[a][rows] = ticks[a]
        for a in names:
            cols[f"spiegel_{kind}_{a}"] = block[a]

    df = _frame(cb, tg, version, cols)
    return _respond(cb, df, tg, version, rng, paper=np.zeros(n, dtype=bool))


def generate_wave(
    wave: str = CALIBRATION_WAVE,
    n_asylum: int = DEFAULT_N_ASYLUM,
    n_partners: int = DEFAULT_N_PARTNERS,
    seed: int = DEFAULT_SEED,
    version: str | None = None,
    model: DemoModel | None = None,
    codebook: Codebook | None = None,
) -> dict[str, pd.DataFrame]:
    """Draw one synthetic wave in memory.

    Parameters
    ----------
    wave : str
        Wave id ``YYYY-Qn``; its distance from the calibration wave (2017-Q2) sets the drifts.
    n_asylum, n_partners : int
        Respondents per target group.
    seed : int
        Same seed, wave and sizes give the same data.
    version : str, optional
        Questionnaire version; default :func:`questionnaire_version`.
    model : DemoModel, optional
        Default :func:`helpers.demo._model.build_model`.

    Returns
    -------
    dict
        ``{"asielzoekers": frame, "ketenpartners": frame}``: one row per respondent, the codebook's
        columns of ``version`` in codebook order (raw names before a version's ``rename``), raw
        codes as floats (NaN = empty cell), names and open answers as strings,
        ``veldwerkdatum`` ISO dates. ``frame.attrs["personal_data"]`` lists the open answers
        that contain (fictional) personal data.

    Notes
    -----
    No defects: see :func:`plant_defects`.
    """
    cb = codebook or load_codebook()
    check_wave_id(wave)
    version = cb.check_version(version or questionnaire_version(wave, cb))
    for name, n in (("n_asylum", n_asylum), ("n_partners", n_partners)):
        if int(n) < 1:
            raise InputError(f"{name} must be at least 1 (got {n})")
    model = model or build_model()
    return {
        "asielzoekers": _asylum(cb, model, wave, int(n_asylum), seed, version),
        "ketenpartners": _partners(cb, model, wave, int(n_partners), seed, version),
    }


# -- defects -----------------------------------------------------------------------------------
DEFECT_KINDS = (
    "duplicate_row",
    "duplicate_id_conflict",
    "out_of_range",
    "straightliner",
    "own_organisation_rated",
    "rated_without_contact",
    "implausibly_fast",
)


def plant_defects(
    frames: dict[str, pd.DataFrame],
    wave: str,
    seed: int,
    files: dict[str, str],
    codebook: Codebook | None = None,
    version: str | None = None,
):
    """Add the deliberate defects that cleaning must catch; return the frames and their list.

    Per wave: two exact duplicate rows of asylum seekers and one of partners, one respondent id
    used twice with different answers, an out-of-range code on a 1-5 item (7) and on an NPS (12),
    one straightliner (the same answer on every aspect of every organisation), a partner rating
    their own organisation, an asylum seeker rating the IND after saying they had no contact, and
    two implausibly fast web responses (``duur_minuten`` < 3). Which respondents, columns and
    values are used varies by wave.

    Returns
    -------
    (dict, list)
        The frames (copies) and the defects: dicts with ``kind``, ``file``, ``target_group``,
        ``respondent_id``, ``column`` (or ``columns``), ``value`` (raw code or minutes) and
        ``rows`` (1-based data rows in the file, header = row 0) as applicable.
    """
    cb = codebook or load_codebook()
    version = version or questionnaire_version(wave, cb)
    rng = _rng(seed, wave, 3)
    q = quarters_since(wave)
    A = frames["asielzoekers"].copy()
    K = frames["ketenpartners"].copy()
    A.attrs = dict(frames["asielzoekers"].attrs)
    used = {"asielzoekers": set(), "ketenpartners": set()}
    defects: list[dict] = []

    def pick(df, tg, mask):
        mask = np.asarray(mask, dtype=bool) & ~df.index.isin(list(used[tg]))
        idx = np.flatnonzero(mask)
        if not len(idx):
            return None
        i = int(df.index[idx[rng.integers(len(idx))]])
        used[tg].add(i)
        return i

    def add(tg, df, i, kind, **info):
        defects.append(
            {
                "kind": kind,
                "file": files[tg],
                "target_group": tg,
                "respondent_id": str(df.at[i, "respondent_id"]),
                **info,
            }
        )

    tga, tgk = "asielzoekers", "ketenpartners"
    aspects = [
        v.name for v in cb.rating_variables(tga, version) if v.block in ("aspects", "interpreter")
    ]
    # straightliner: contact with IND and DT&V, every aspect of every organisation the same
    i = pick(A, tga, A["contact_ind"].isin([1, 2, 3, 4]) & A["contact_dtv"].isin([1, 2, 3, 4]))
    if i is not None:
        code = float([2, 1, 3][q % 3])
        A.loc[i, aspects] = code
        add(tga, A, i, "straightliner", columns=aspects, value=int(code))
    # rated the IND after saying "no contact"
    i = pick(A, tga, A["contact_ind"] == 5)
    if i is not None:
        code = float([2, 4, 1][q % 3])
        A.at[i, "ind_totaaloordeel"] = code
        add(
            tga,
            A,
            i,
            "rated_without_contact",
            column="ind_totaaloordeel",
            value=int(code),
            routing="contact_ind = 5 (geen contact)",
        )
    # out of range on a 1-5 item
    col = ["coa_vriendelijkheid", "coa_luisteren", "keten_totaaloordeel"][q % 3]
    i = pick(A, tga, A[col].isin([1, 2, 3, 4, 5]))
    if i is not None:
        A.at[i, col] = 7.0
        add(tga, A, i, "out_of_range", column=col, value=7)
    # implausibly fast web responses
    for minutes in ([1.8, 2.4], [2.2, 0.9], [1.5, 2.7], [2.9, 1.2])[q % 4]:
        i = pick(A, tga, A["modus"] == 2)
        if i is not None:
            A.at[i, "duur_minuten"] = minutes
            add(tga, A, i, "implausibly_fast", column="duur_minuten", value=minutes)
    # partners: own organisation rated, NPS out of range
    org = ["IND", "COA", "DTV"][q % 3]
    i = pick(K, tgk, K["werkgever"] == cb.org_code(org))
    if i is not None:
        col = f"{org.lower()}_totaaloordeel"
        K.at[i, col] = 2.0
        add(
            tgk,
            K,
            i,
            "own_organisation_rated",
            column=col,
            value=2,
            routing=f"werkgever = {cb.org_code(org)} ({org})",
        )
    col = f"{['dtv', 'ind', 'coa'][q % 3]}_nps"
    i = pick(K, tgk, K[col].between(0, 10))
    if i is not None:
        K.at[i, col] = 12.0
        add(tgk, K, i, "out_of_range", column=col, value=12)

    # duplicates last, so that they copy final rows
    conflict_tg = [tga, tgk][q % 2]
    out = {}
    for tg, df, n_dup in ((tga, A, 2), (tgk, K, 1)):
        rows = list(range(len(df)))
        dup_info = []
        for _ in range(n_dup):
            i = pick(df, tg, np.ones(len(df), dtype=bool))
            if i is None:
                continue
            pos = int(rng.integers(0, len(rows) + 1))
            rows.insert(pos, i)
            dup_info.append(("duplicate_row", i, None))
        extra = df.iloc[:0]
        if tg == conflict_tg:
            i = pick(df, tg, np.ones(len(df), dtype=bool))
            j = pick(df, tg, np.ones(len(df), dtype=bool))
            if i is not None and j is not None:
                clone = df.loc[[j]].copy()
                clone["respondent_id"] = df.at[i, "respondent_id"]
                extra = clone.reset_index(drop=True)
                extra.index = [len(df)]
                rows.insert(int(rng.integers(0, len(rows) + 1)), len(df))
                dup_info.append(("duplicate_id_conflict", i, j))
        full = pd.concat([df, extra]) if len(extra) else df
        final = full.iloc[rows].reset_index(drop=True)
        final.attrs = dict(df.attrs)
        for kind, i, j in dup_info:
            rid = df.at[i, "respondent_id"]
            at = [int(r) + 1 for r in np.flatnonzero(final["respondent_id"].to_numpy() == rid)]
            info = {"rows": at}
            if kind == "duplicate_id_conflict":
                info["note"] = (
                    f"second row has the answers of {df.at[j, 'respondent_id']} under this id"
                )
            add(tg, df, i, kind, **info)
        out[tg] = final
    # file rows of every other defect
    for d in defects:
        if "rows" not in d:
            ids = out[d["target_group"]]["respondent_id"].to_numpy()
            d["rows"] = [int(r) + 1 for r in np.flatnonzero(ids == d["respondent_id"])]
    defects.sort(key=lambda d: (d["target_group"], DEFECT_KINDS.index(d["kind"]), d["rows"][0]))
    return out, defects


# -- writing -----------------------------------------------------------------------------------
def _wave_dir_state(path: Path) -> str:
    """``absent`` | ``empty`` | ``demo`` | ``other`` (refuse) for a wave folder."""
    if not path.exists():
        return "absent"
    if not path.is_dir():
        return "other"
    cfg = path / "wave.yml"
    if not cfg.is_file():
        return "empty" if not any(path.iterdir()) else "other"
    try:
        spec = yaml.safe_load(cfg.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return "other"
    return "demo" if isinstance(spec, dict) and spec.get("synthetic") is True else "other"


def _clear_demo_wave(path: Path) -> None:
    """Remove the files a previous demo run wrote (in its wave.yml, README, coded samples)."""
    spec = yaml.safe_load((path / "wave.yml").read_text(encoding="utf-8")) or {}
    names = [f.get("path") for f in spec.get("files") or [] if isinstance(f, dict)]
    for name in [*names, "README.md", "wave.yml", CODED_SAMPLE_FILE, HELDOUT_SAMPLE_FILE]:
        if not name:
            continue
        target = (path / str(name)).resolve()
        if target.parent == path.resolve() and target.is_file():
            target.unlink()


def write_wave(
    frames: dict[str, pd.DataFrame],
    out: str | Path,
    wave: str,
    seed: int,
    defects: list[dict] | None = None,
    version: str | None = None,
    command: str | None = None,
    codebook: Codebook | None = None,
    coded: dict[str, pd.DataFrame] | None = None,
) -> Path:
    """Write one wave folder: the raw files, ``wave.yml`` (with ``defects`` and ``truth``), README.

    The file formats rotate by quarter (:data:`helpers.demo._writer.FORMAT_PLANS`); a version's
    ``rename`` is applied to the column names. Refuses to overwrite a folder that is not a demo
    wave (its ``wave.yml`` lacks ``synthetic: true``); of a demo wave, the files its ``wave.yml``
    lists are replaced. ``coded`` (:func:`coded_sample`) is written as
    :data:`helpers.codebook.CODED_SAMPLE_FILE` and :data:`helpers.codebook.HELDOUT_SAMPLE_FILE`.
    """
    from helpers.demo import _writer as W

    cb = codebook or load_codebook()
    version = cb.check_version(version or questionnaire_version(wave, cb))
    command = command or f"python -m helpers demo --seed {seed}"
    wave_dir = Path(out) / wave
    state = _wave_dir_state(wave_dir)
    if state == "other":
        raise InputError(
            "not a synthetic demo wave (its wave.yml lacks 'synthetic: true'): "
            "refusing to overwrite it",
            file=wave_dir,
        )
    if state == "demo":
        _clear_demo_wave(wave_dir)
    wave_dir.mkdir(parents=True, exist_ok=True)
    names = W.file_names(wave, cb)
    for tg, df in frames.items():
        W.write_table(df, wave_dir / names[tg], wave, tg, version, cb)
    for part, name in (("train", CODED_SAMPLE_FILE), ("heldout", HELDOUT_SAMPLE_FILE)):
        if coded is not None:
            W.write_coded_sample(coded[part], wave_dir / name)
    start, end = fieldwork(wave)
    q = quarters_since(wave)
    population = {}
    for tg in frames:
        pop = dict(POPULATION[tg])
        if tg == "asielzoekers":  # the caseload of rejected asylum seekers shrinks slowly
            pop["size"] = int(pop["size"] - 150 * q)
        population[tg] = pop
    spec = {
        "wave": wave,
        "fieldwork": {"start": start, "end": end},
        "questionnaire_version": version,
        "synthetic": True,
        "files": [{"path": names[tg], "target_group": tg} for tg in frames],
        "population": population,
        "defects": list(defects or []),
        "truth": wave_truth(frames, wave, defects, codebook=cb),
    }
    header = (
        f"SYNTHETIC DEMO WAVE: generated by `{command}` (helpers.demo), not real "
        "respondents.\nRerunning the command rewrites this folder; `defects` and `truth` "
        "document what was planted."
    )
    W.write_yaml(wave_dir / "wave.yml", spec, header)
    W.write_readme(
        wave_dir,
        wave,
        version,
        {names[tg]: (tg, len(df)) for tg, df in frames.items()},
        len(defects or []),
        seed,
        command,
    )
    return wave_dir


UNIFORM_MIN_ANSWERS = 8  # unplanted "straightliners" listed in truth: at least this many answers


def wave_truth(
    frames: dict[str, pd.DataFrame],
    wave: str,
    defects: list[dict] | None = None,
    model: DemoModel | None = None,
    codebook: Codebook | None = None,
) -> dict:
    """The ``truth`` section of a demo wave.yml: what was planted, for checking the analyses.

    Calibration (and the published figures that had to be reconciled), the drifts and the true
    values they imply in this wave, the true driver weights, the AZC effects, the open answers
    with fictional personal data, and the respondents who were not planted as straightliners but
    happen to give one answer to all their aspect items (very satisfied partners rating a single
    organisation, typically).
    """
    from helpers.demo import _model as dm

    cb = codebook or load_codebook()
    model = model or build_model()
    version = questionnaire_version(wave, cb)
    coa = model.orgs["asielzoekers", "COA"]
    planted = {d["respondent_id"] for d in defects or [] if d["kind"] == "straightliner"}
    uniform = []
    for tg, df in frames.items():
        cols = [v.name for v in cb.rating_variables(tg, version) if v.item in cb.aspects(tg)]
        sub = df[cols].where(df[cols].isin([1, 2, 3, 4, 5]))
        n = sub.notna().sum(axis=1).to_numpy()
        lo, hi = sub.min(axis=1).to_numpy(), sub.max(axis=1).to_numpy()
        for i in np.flatnonzero((n >= UNIFORM_MIN_ANSWERS) & (lo == hi)):
            rid = str(df["respondent_id"].iloc[i])
            if rid not in planted:
                uniform.append(
                    {
                        "respondent_id": rid,
                        "target_group": tg,
                        "answers": int(n[i]),
                        "code": int(lo[i]),
                    }
                )
    return {
        "calibration": {
            "reference": "helpers/reference/kleine-keten-2017-pilot.yml (PILOT_REFERENCE_FILE)",
            "calibration_wave": CALIBRATION_WAVE,
            "quarters_since_calibration": quarters_since(wave),
            "reconciled_published_figures": model.reconciled,
        },
        "drifts": [
            {
                "target_group": d.target_group,
                "organisation": d.organisation,
                "item": d.item,
                "latent_shift_per_quarter": d.per_quarter,
                "note": d.note,
            }
            for d in DRIFTS
        ],
        "expected_values": expected_values(model, wave),
        "drivers": {
            tg: {
                org: {a: float(w) for a, w in zip(m.aspects, m.weights, strict=True)}
                for (g, org), m in model.orgs.items()
                if g == tg
            }
            for tg in ("asielzoekers", "ketenpartners")
        },
        "model": {
            "loading": dm.LOADING,
            "r2_latent": dm.R2_LATENT,
            "person_share": dm.PERSON_SHARE,
            "azc_share_coa": dm.AZC_SHARE,
            "azc_icc_coa_overall_latent": round(coa.c**2 * coa.s_w**2 * dm.AZC_SHARE, 3),
        },
        "azc_effects_coa_latent": {
            a: round(float(v * np.sqrt(dm.AZC_SHARE) * coa.s_w), 3)
            for a, v in azc_effects().items()
        },
        "personal_data_in_open_text": list(frames["asielzoekers"].attrs.get("personal_data", [])),
        f"uniform_aspect_answers_min_{UNIFORM_MIN_ANSWERS}": uniform,
    }


def write_demo(
    out: str | Path | None = None,
    seed: int = DEFAULT_SEED,
    n_asylum: int = DEFAULT_N_ASYLUM,
    n_partners: int = DEFAULT_N_PARTNERS,
    waves=DEFAULT_WAVES,
    defects: bool = True,
    log=None,
    command: str | None = None,
) -> list[Path]:
    """Generate and write demo waves (``python -m helpers demo``).

    Parameters
    ----------
    out : str or Path, optional
        Raw data folder; default :data:`helpers.paths.RAW_DIR`.
    seed, n_asylum, n_partners : int
        See :func:`generate_wave`.
    waves : sequence of str
        Wave ids; default the four quarters 2017-Q2 .. 2018-Q1.
    defects : bool
        Plant the deliberate defects (:func:`plant_defects`).
    log : callable, optional
        Called with one progress line per wave.

    Returns
    -------
    list of Path
        The wave folders written.

    Raises
    ------
    helpers.errors.InputError
        A wave id that is not ``YYYY-Qn``, sizes below 1, or a target folder that holds a wave
        not generated by the demo (checked for every wave before anything is written).
    """
    from helpers.demo._writer import file_names
    from helpers.paths import RAW_DIR

    cb = load_codebook()
    out = Path(out or RAW_DIR)
    waves = [check_wave_id(w) for w in waves]
    if len(set(waves)) != len(waves):
        raise InputError(f"duplicate wave ids in {waves}")
    for w in waves:
        if _wave_dir_state(out / w) == "other":
            raise InputError(
                "not a synthetic demo wave (its wave.yml lacks 'synthetic: true'): "
                "refusing to overwrite it",
                file=out / w,
            )
    command = command or _command_line(seed, n_asylum, n_partners, waves, defects)
    model = build_model()
    written = []
    for w in waves:
        version = questionnaire_version(w, cb)
        frames = generate_wave(w, n_asylum, n_partners, seed, version, model, cb)
        planted: list[dict] = []
        if defects:
            frames, planted = plant_defects(frames, w, seed, file_names(w, cb), cb, version)
        coded = coded_sample(w, seed, cb)
        path = write_wave(frames, out, w, seed, planted, version, command, cb, coded)
        written.append(path)
        if log:
            parts = ", ".join(
                f"{file_names(w, cb)[tg]} ({len(df)} rows)" for tg, df in frames.items()
            )
            log(f"{w} (vragenlijst {version}): {parts}; {len(planted)} defects -> {path}")
    return written


def _command_line(seed, n_asylum, n_partners, waves, defects) -> str:
    parts = ["python -m helpers demo", f"--seed {seed}"]
    if n_asylum != DEFAULT_N_ASYLUM:
        parts.append(f"--n-asylum {n_asylum}")
    if n_partners != DEFAULT_N_PARTNERS:
        parts.append(f"--n-partners {n_partners}")
    if tuple(waves) != DEFAULT_WAVES:
        parts.append(f"--waves {','.join(waves)}")
    if not defects:
        parts.append("--no-defects")
    return " ".join(parts)
