"""Open answers of the demo: the advice texts in the raw files and the coded sample of answers.

:func:`advice` draws the answers to the open questions (a few with fictional personal data);
:func:`coded_sample` draws the coded sample (training and held-out answers with their themes).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.codebook import CODED_COLUMNS, THEME_SEPARATOR, Codebook, load_codebook
from helpers.demo._waves import DEFAULT_SEED, check_wave_id, numbered_ids, rng_stream

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


def advice(rng, n, org, ids, azc, personal: list) -> np.ndarray:
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
    rng = rng_stream(seed, check_wave_id(wave), 4)
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
        df.insert(0, CODED_COLUMNS[0], numbered_ids(CODED_ID_PREFIX, wave, start, len(df)))
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
