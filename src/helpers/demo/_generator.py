"""Synthetic demo respondents: drawn from the calibrated latent model, one wave at a time.

:func:`generate_wave` draws one wave in memory (raw codes as on the paper questionnaire, one wide
frame per target group, codebook column names). The deliberate defects are added by
:mod:`helpers.demo._defects`, the open answers drawn by :mod:`helpers.demo._answers`, the folders
written by :mod:`helpers.demo._wave_folder` (``python -m helpers demo``).

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

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, load_codebook
from helpers.demo._answers import advice
from helpers.demo._model import (
    AZC_SHARE,
    AZCS,
    CALIBRATION_WAVE,
    CHAIN_WEIGHTS,
    LAST_CONTACT_RHO,
    NPS_RHO,
    PERSON_SHARE,
    DemoModel,
    azc_effects,
    build_model,
    quarters_since,
)
from helpers.demo._ordinal import cut
from helpers.demo._waves import (
    DEFAULT_N_ASYLUM,
    DEFAULT_N_PARTNERS,
    DEFAULT_SEED,
    check_wave_id,
    fieldwork,
    questionnaire_version,
    respondent_ids,
    rng_stream,
)
from helpers.errors import InputError

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
    """A "tick all that apply" block: 0/1 per box for ``present`` respondents, else NaN.

    A box's probability is a number or one per respondent (an array of length ``n``).
    """
    n = len(present)
    out = {}
    none = rng.random(n) < probs.get(exclusive, 0.0) if exclusive else np.zeros(n, dtype=bool)
    scale = 1 - probs.get(exclusive, 0.0) if exclusive else 1.0
    skipped = rng.random(n) < skip_rate
    for item, p in probs.items():
        chance = np.minimum(np.asarray(p, dtype=float) / scale, 1.0)
        ticked = none if item == exclusive else (~none & (rng.random(n) < chance))
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
    rng = rng_stream(seed, wave, 1)
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
        cols[f"advies_{org.lower()}"] = advice(rng, n, org, ids, cols["azc"], personal)

    df = _frame(cb, tg, version, cols)
    df = _respond(cb, df, tg, version, rng, paper=~web)
    df.attrs["personal_data"] = personal
    return df


def _partners(cb: Codebook, model: DemoModel, wave: str, n: int, seed: int, version: str):
    rng = rng_stream(seed, wave, 2)
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
    channel_items = [v.item for v in cb.variables(tg, version) if v.block == "channels"]
    channel_items = list(dict.fromkeys(channel_items))
    for org in ("IND", "COA", "DTV"):
        o = org.lower()
        own = werkgever == cb.org_code(org)
        # contact and channels by position inside / outside the chain (pilot p. 25)
        pc = T["partner_contact"][org]
        contact = rng.random(n) < np.where(inside, *pc["contact"])
        often = rng.random(n) < pc["often"]
        cols[f"contact_{o}"] = np.where(
            own, np.nan, np.where(contact, np.where(often, 1.0, 2.0), 3.0)
        )
        shares = T["partner_channels"][org]
        probs = {item: np.where(inside, *shares[item]) for item in channel_items}
        for item, col in _tickboxes(rng, ~own & contact, probs).items():
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
    # ... and every partner about the chain, inside and outside it
    cols["spiegel_oordeel_keten"] = _to_raw(
        cb, "oordeel5", model.items["spiegel_oordeel_keten"].draw(view, rng, sub=position)
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
