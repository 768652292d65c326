"""The deliberate defects of a demo wave that cleaning must catch."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, load_codebook
from helpers.demo._model import quarters_since
from helpers.demo._waves import questionnaire_version, rng_stream
from helpers.demo._writer import plan as file_plan

#: Open answers planted in every demo wave, one per class of identifier the scrubber must remove:
#: ``(class, answer, identifier)``; the identifier must never reach a report (issue 13's attack).
PLANTED_ANSWERS: tuple[tuple[str, str, str], ...] = (
    ("naam_los", "Groeten, Amira Haddad", "Amira Haddad"),
    ("iban", "Stort het op NL91ABNA0417164300 graag.", "NL91ABNA0417164300"),
    ("iban_spaties", "Mijn rekening: NL20 INGB 0001 2345 67, dank u.", "0001 2345 67"),
    ("zaaknummer", "Mijn IND zaaknummer is 1712-3456-78, niemand belt terug.", "1712-3456-78"),
    ("cijfers", "Mijn nummer bij de balie was 4827193, niemand hielp.", "4827193"),
    ("arabisch", "اسمي أمينة يوسف وأحتاج مساعدة", "أمينة يوسف"),
    ("geez", "ስመይ ዮናስ ተስፋየ እዩ", "ዮናስ ተስፋየ"),
    ("vnummer", "Mijn V-nummer is 2938475610.", "2938475610"),
    ("telefoon", "Bel mij op 06-48291735 alstublieft.", "48291735"),
    ("email", "Mail naar amira.haddad@example.com", "amira.haddad@example.com"),
    ("geboortedatum", "Ik ben geboren op 12-03-1991.", "12-03-1991"),
    ("adres", "Ik woon op de Stationsweg 14 in Budel.", "Stationsweg 14"),
    ("bsn", "Mijn BSN is 123456782.", "123456782"),
)
#: Small groups planted in every demo wave: ``(column, value, size)``. A value of None adds
#: respondents without a value (the residual group). Sizes below, at and just under the
#: disclosure threshold of 10.
PLANTED_GROUPS: tuple[tuple[str, str | None, int], ...] = (
    ("nationaliteit", "Bhutan", 3),
    ("nationaliteit", "Mauritanië", 9),
    ("nationaliteit", "Koeweit", 10),
    ("nationaliteit", None, 1),
    ("azc", "Vaals", 2),
    ("azc", "Maastricht", 10),
)

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
    rng = rng_stream(seed, wave, 3)
    q = quarters_since(wave)
    A = plant_disclosure_attack(
        frames["asielzoekers"], wave, seed, encoding=file_plan(wave)["asielzoekers"].encoding
    )
    K = frames["ketenpartners"].copy()
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


def plant_disclosure_attack(
    frame: pd.DataFrame, wave: str, seed: int, *, encoding: str = "utf-8"
) -> pd.DataFrame:
    """Plant the attacker's cases of issue 13 in the asylum seekers' raw frame (a copy).

    :data:`PLANTED_GROUPS` (a 3-person and a 9-person nationality, one at the threshold of 10,
    one respondent without a nationality, a 2-person and a 10-person reception centre) and
    :data:`PLANTED_ANSWERS` (every class of identifier, one answer each, spread over the three
    advice questions). Distinct respondents, drawn from a random stream of their own (stream 5),
    so the other defects and columns are unchanged. ``attrs["planted_disclosure"]`` lists them.
    An answer that the raw file's ``encoding`` cannot hold (Arabic in a cp1252 export) is left
    out, as such an export would have lost it.

    Examples
    --------
    >>> f = pd.DataFrame({"respondent_id": [f"a{i}" for i in range(60)],
    ...                   "nationaliteit": "Syrië", "azc": "Budel", "advies_ind": None,
    ...                   "advies_coa": None, "advies_dtv": None})
    >>> out = plant_disclosure_attack(f, "2017-Q2", 1)
    >>> int((out["nationaliteit"] == "Koeweit").sum()), int(out["nationaliteit"].isna().sum())
    (10, 1)
    >>> len(out.attrs["planted_disclosure"]["answers"])
    13
    """
    out = frame.copy()
    out.attrs = dict(frame.attrs)
    rng = rng_stream(seed, wave, 5)
    order = rng.permutation(len(out))
    need = sum(size for _, _, size in PLANTED_GROUPS)
    if len(out) < need:
        return out  # too small a wave to plant in (the planted cases need distinct rows)
    at = 0
    groups = []
    for column, value, size in PLANTED_GROUPS:
        if column not in out.columns:
            continue
        rows = out.index[order[at : at + size]]
        at += size
        out.loc[rows, column] = value
        groups.append({"column": column, "value": value, "size": size})
    questions = [c for c in ("advies_ind", "advies_coa", "advies_dtv") if c in out.columns]
    answers = []
    for k, (kind, text, identifier) in enumerate(PLANTED_ANSWERS if questions else ()):
        try:
            text.encode(encoding)
        except UnicodeEncodeError:
            continue
        row = out.index[order[k % len(out)]]
        column = questions[k % len(questions)]
        out.at[row, column] = text
        answers.append(
            {
                "respondent_id": str(out.at[row, "respondent_id"]),
                "column": column,
                "kind": kind,
                "identifier": identifier,
            }
        )
    out.attrs["planted_disclosure"] = {"groups": groups, "answers": answers}
    return out
