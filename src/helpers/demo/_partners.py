"""The chain partners' contact and channels in the demo, calibrated to the 2017 pilot (p. 25).

The pilot publishes, for partners who do not work at an organisation, whether they had contact
with it in the last twelve months (``contact_12m_pct``; "ja, vaak" / "ja, soms" / "nee"), the
contact share inside and outside the chain for the COA and the DT&V
(``had_contact_12m_pct_binnen_vs_buiten``), and, among those with contact, the channels per
organisation (``channels_pct``) with the inside/outside ranges of two of them over the three
organisations (``channels_pct_range_binnen_vs_buiten``). :func:`partner_contact_tables` turns
them into the shares the generator draws from: per organisation and position (inside, outside)
the probability of any contact, of "ja, vaak" given contact, and of each channel given contact.

What the pilot leaves open, and how it is filled:

* The IND's contact is not split (the report names only significant differences): both
  positions get the published overall share (247 of 257).
* "Ja, vaak" among those with contact is published per organisation only: the same share for both
  positions.
* Telephone and e-mail are not split (no difference reported): each organisation's chart share
  for both positions.
* Face to face and written contact are published as ranges over the organisations (inside 63-84%
  vs outside 20-30%; 22-25% vs 48-68%). :data:`CHANNEL_SPLIT` gives each organisation a pair
  inside both ranges, the ranges' ends each taken by one organisation, such that the pair mixes to
  the organisation's chart share: with ``w`` the share of raters with contact who work inside the
  chain (staff of the two other organisations, ``staff_n``; contact shares as above),
  ``w * inside + (1 - w) * outside`` is within a point of the chart (:func:`mixed_share`).

Examples
--------
>>> from helpers.demo._model import pilot_targets
>>> t = partner_contact_tables(pilot_targets()["chain_partners"])
>>> t["partner_contact"]["DTV"]["contact"], round(t["partner_contact"]["IND"]["often"], 3)
((0.86, 0.38), 0.667)
>>> t["partner_channels"]["IND"]["persoonlijk"], t["partner_channels"]["IND"]["telefoon"]
((0.63, 0.3), (0.96, 0.96))
"""

from __future__ import annotations

from collections.abc import Mapping

from helpers.errors import InputError

ORGS: tuple[str, ...] = ("IND", "COA", "DTV")
#: Positions in the order of the pilot's ``subgroups.position`` (inside first).
POSITIONS: tuple[str, ...] = ("binnen_kleine_keten", "buiten_kleine_keten")

#: Per published range, the (inside %, outside %) pair of each organisation (see the module
#: docstring; the arithmetic, with the demo's raters and contact shares as weights ``w``):
#: face to face  IND 0.397*63 + 0.603*30 = 43.1 (chart 43), COA 0.483*80 + 0.517*26 = 52.1 (52),
#:               DT&V 0.512*84 + 0.488*20 = 52.8 (53): inside 63-84, outside 20-30;
#: written       IND 0.397*22 + 0.603*68 = 49.7 (50), COA 0.483*25 + 0.517*48 = 36.9 (37),
#:               DT&V 0.512*24 + 0.488*57 = 40.1 (40): inside 22-25, outside 48-68.
#: The IND is the organisation partners least often meet (its chart share is lowest) and the one
#: that writes most (decisions, to lawyers outside the chain): it takes the low inside and high
#: outside end; the DT&V, whose work is talks, the high inside end.
CHANNEL_SPLIT: dict[str, dict[str, tuple[float, float]]] = {
    "persoonlijk": {"IND": (63, 30), "COA": (80, 26), "DTV": (84, 20)},
    "brief": {"IND": (22, 68), "COA": (25, 48), "DTV": (24, 57)},
}


def _contact_keys(published: Mapping) -> tuple[str, str, str]:
    """The three answer keys of ``contact_12m_pct`` (often, sometimes, no), in that order."""
    keys = tuple(published)
    if len(keys) != 3:
        raise InputError(f"contact_12m_pct: expected three answers, got {list(keys)}")
    return keys  # type: ignore[return-value]


def partner_contact_tables(P: Mapping) -> dict:
    """Contact and channel shares per organisation and position, from the pilot's partner block.

    Parameters
    ----------
    P : mapping
        The ``chain_partners`` block of the pilot YAML (:func:`helpers.demo._model.pilot_targets`).

    Returns
    -------
    dict
        ``partner_contact``: organisation -> ``contact`` (inside, outside) probability of any
        contact and ``often`` (probability of "ja, vaak" given contact); ``partner_channels``:
        organisation -> channel item -> (inside, outside) probability given contact. Shares in
        (0, 1).
    """
    contact = {}
    channels = {}
    split = P.get("had_contact_12m_pct_binnen_vs_buiten", {})
    for org in ORGS:
        often_key, sometimes_key, _ = _contact_keys(P["contact_12m_pct"][org])
        dist = P["contact_12m_pct"][org]
        overall = P["base_had_contact_12m"][org] / P["base_not_working_there"][org]
        pair = tuple(v / 100 for v in split[org]) if org in split else (overall, overall)
        often = dist[often_key] / (dist[often_key] + dist[sometimes_key])
        contact[org] = {"contact": pair, "often": often}
        channels[org] = {}
        for item, pct in P["channels_pct"][org].items():
            if item in CHANNEL_SPLIT:
                channels[org][item] = tuple(v / 100 for v in CHANNEL_SPLIT[item][org])
            else:
                channels[org][item] = (pct / 100, pct / 100)
    return {"partner_contact": contact, "partner_channels": channels}


def inside_share_with_contact(P: Mapping, org: str, tables: Mapping | None = None) -> float:
    """Share of the raters of ``org`` with contact who work inside the chain (the weight ``w``).

    Inside raters are the staff of the two other organisations (``mirror.staff_n``), outside ones
    the rest of the pilot's ``n``; each position has its contact share of
    :func:`partner_contact_tables`.

    >>> from helpers.demo._model import pilot_targets
    >>> round(inside_share_with_contact(pilot_targets()["chain_partners"], "DTV"), 3)
    0.512
    """
    tables = tables or partner_contact_tables(P)
    staff = P["mirror"]["staff_n"]
    inside = sum(v for o, v in staff.items() if o != org)
    outside = P["n"] - sum(staff.values())
    p_in, p_out = tables["partner_contact"][org]["contact"]
    return inside * p_in / (inside * p_in + outside * p_out)


def mixed_share(P: Mapping, org: str, item: str) -> float:
    """The share of a channel over both positions (%), as the demo draws it.

    >>> from helpers.demo._model import pilot_targets
    >>> round(mixed_share(pilot_targets()["chain_partners"], "IND", "persoonlijk"), 1)
    43.1
    """
    tables = partner_contact_tables(P)
    w = inside_share_with_contact(P, org, tables)
    p_in, p_out = tables["partner_channels"][org][item]
    return 100 * (w * p_in + (1 - w) * p_out)
