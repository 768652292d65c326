"""Dutch text and display tables of the power report (notebook 04).

The numbers come from :mod:`helpers.stats` (design parameters, the recommended design, the
planner, the subgroup comparison, the impact power simulation); here they become Dutch tables
(strings with a decimal comma) and sentences. Tables of respondent counts go through
:func:`helpers.privacy.protect_table` in :mod:`helpers.report.power` before they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers.codebook import load_codebook
from helpers.errors import InputError
from helpers.notation import format_number
from helpers.privacy import (
    DEFAULT_THRESHOLD,
    OTHER_LABEL,
    build_plan,
    safe_categories,
)
from helpers.report._impact_text import quadrant_name
from helpers.report._text import ORGANISATION_PHRASES


def population_text_nl(population: Mapping) -> str:
    """One Dutch sentence on the response rate and population size used (Markdown).

    Examples
    --------
    >>> population_text_nl({"response_rate": 0.42, "source_response_rate": "wave.yml",
    ...                     "population_size": 9800.0, "source_population_size": "wave.yml"})
    ... # doctest: +NORMALIZE_WHITESPACE
    'Respons: **42%** (bron: opgave bij de meting); populatieomvang: 9.800
     (bron: opgave bij de meting).'
    """
    source = {"wave.yml": "opgave bij de meting", "parameter": "instelling van deze rapportage"}
    size = population.get("population_size")
    size_text = format_number(size, 0) if size else "onbekend"
    return (
        f"Respons: **{format_number(100 * population['response_rate'], 0)}%** (bron: "
        f"{source.get(population['source_response_rate'], 'onbekend')}); populatieomvang: "
        f"{size_text} (bron: {source.get(population['source_population_size'], 'onbekend')})."
    )


def subgroup_sizes(
    respondents: pd.DataFrame,
    column: str,
    *,
    target_group: str | None = None,
    threshold: int = 10,
    plan=None,
) -> pd.DataFrame:
    """Size of each category of a background variable in a wave, by the wave's disclosure plan.

    Parameters
    ----------
    respondents : pandas.DataFrame
        One processed wave.
    column : str
        Background column, e.g. ``nationaliteit``.
    target_group : str, optional
        Restrict to one target group.
    threshold : int, default 10
        Categories below it are pooled or hidden, so a small nationality never reaches a report
        (used when no ``plan`` is given: then the plan is built from ``respondents`` alone).
    plan : helpers.privacy.DisclosurePlan, optional
        The wave's plan (:func:`helpers.privacy.plan_for`): the same categories as every other
        report of the wave. The respondents without a shown category (unknown, or in a hidden
        category) are never a single cell, so the total minus the shown groups gives no
        hidden count.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``n``, ``share`` (of all respondents of the target group, unknown included:
        the expected share of a new sample) and ``rank`` (1 = largest; the pooled group has no
        rank), largest first, the pooled group last. ``attrs["n_total"]`` is the number of
        respondents, ``attrs["n_known"]`` those with a value. Empty when the column is absent
        or has no values for the target group (e.g. nationality of chain partners).

    Examples
    --------
    >>> r = pd.DataFrame({"nationaliteit": ["Syrië"] * 12 + ["Eritrea"] * 10 + ["Iran"] * 4
    ...                   + ["Irak"] * 6 + [None] * 10})
    >>> subgroup_sizes(r, "nationaliteit")[["group", "n", "share", "rank"]]
                       group   n     share  rank
    0                  Syrië  12  0.285714   1.0
    1                Eritrea  10  0.238095   2.0
    2  Overig (klein aantal)  10  0.238095   NaN

    One respondent without a nationality would be given back by the total minus the shown
    groups, so the smallest group (Eritrea; ties by name) joins the respondents not shown:

    >>> r1 = pd.DataFrame({"nationaliteit": ["Syrië"] * 12 + ["Eritrea"] * 10 + ["Iran"] * 4
    ...                    + ["Irak"] * 6 + [None]})
    >>> subgroup_sizes(r1, "nationaliteit")["group"].tolist()
    ['Syrië', 'Overig (klein aantal)']
    """
    df = respondents
    if target_group is not None:
        if "target_group" not in respondents.columns:
            raise InputError("respondents lacks column(s) target_group")
        df = respondents[respondents["target_group"] == target_group]
    if column not in df.columns or df[column].notna().sum() == 0:
        out = pd.DataFrame(
            {
                "group": pd.Series(dtype=object),
                "n": pd.Series(dtype=int),
                "share": pd.Series(dtype=float),
                "rank": pd.Series(dtype=float),
            }
        )
        out.attrs.update(n_total=int(len(df)), n_known=0, column=column)
        return out
    tg = target_group or "all"
    if plan is None:
        frame = pd.DataFrame(
            {
                "respondent_id": np.arange(len(df)).astype(str),
                "target_group": tg,
                column: df[column].to_numpy(),
            }
        )
        plan = build_plan(frame, variables={tg: [column]}, threshold=threshold)
    safe = safe_categories(df[column], plan=plan, target_group=tg)
    counts = safe.value_counts(dropna=True)
    named = counts.drop(OTHER_LABEL, errors="ignore").sort_values(ascending=False, kind="stable")
    out = pd.DataFrame({"group": named.index.astype(str), "n": named.to_numpy(int)})
    out["rank"] = np.arange(1, len(out) + 1, dtype=float)
    if OTHER_LABEL in counts.index:
        out = pd.concat(
            [
                out,
                pd.DataFrame(
                    {"group": [OTHER_LABEL], "n": [int(counts[OTHER_LABEL])], "rank": [np.nan]}
                ),
            ],
            ignore_index=True,
        )
    out.insert(2, "share", out["n"] / max(len(df), 1))
    out.attrs.update(n_total=int(len(df)), n_known=int(df[column].notna().sum()), column=column)
    return out


def _labels(names) -> dict[str, str]:
    cb = load_codebook()
    return {n: cb.label(n) for n in names}


def _fmt(values, decimals: int = 0) -> list[str]:
    out = []
    for v in values:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            out.append("")
        elif isinstance(v, float) and np.isinf(v):
            out.append("niet haalbaar")
        else:
            out.append(format_number(v, decimals))
    return out


#: Dutch headers of :func:`design_view` (pass as ``rename`` to the disclosure's ``style_table``).
DESIGN_COLUMNS_NL: dict[str, str] = {
    "organisation": "Organisatie",
    "n_rated": "n beoordelaars",
    "pct_contact": "% met contact",
    "mean": "gemiddelde",
    "sd": "sd",
    "n_clusters": "aantal azc's",
    "icc": "ICC (azc)",
    "deff_clustering": "deff clustering",
    "deff_weighting": "deff weging (Kish)",
    "deff_model": "deff planning (weging × clustering)",
    "deff": "deff golf",
    "n_effective": "effectieve n",
    "fpc": "fpc (1 - n/N)",
}
#: Decimals of :func:`design_view`'s columns (``decimals`` of ``style_table``).
DESIGN_DECIMALS: dict[str, int] = {
    "n_rated": 0,
    "pct_contact": 0,
    "mean": 2,
    "sd": 2,
    "n_clusters": 0,
    "icc": 3,
    "deff_clustering": 2,
    "deff_weighting": 2,
    "deff_model": 2,
    "deff": 2,
    "n_effective": 0,
    "fpc": 3,
}


def design_view(design: pd.DataFrame) -> pd.DataFrame:
    """The columns of :func:`design_parameters_report` shown in the report (numbers kept).

    Organisation names are the codebook's labels; ``pct_contact`` is the contact share in %.
    Pass the result through :func:`helpers.privacy.protect_table` (base ``n_rated``) before
    showing it, e.g. with ``style_table(..., rename=DESIGN_COLUMNS_NL, decimals=DESIGN_DECIMALS)``.
    Without clustering the azc columns are left out.
    """
    out = design.copy()
    out["organisation"] = out["organisation"].map(_labels(out["organisation"]))
    out["pct_contact"] = 100 * out["contact_share"]
    cols = [c for c in DESIGN_COLUMNS_NL if c in out.columns]
    if not bool(out.get("clustered", pd.Series([True])).any()):
        cols = [c for c in cols if c not in ("n_clusters", "icc", "deff_clustering")]
    return out[cols].reset_index(drop=True)


def recommended_view(rec: pd.DataFrame) -> pd.DataFrame:
    """:func:`recommended_design` as a Dutch display table (strings)."""
    return pd.DataFrame(
        {
            "Organisatie": list(_labels(rec["organisation"]).values()),
            "sd": _fmt(rec["sd"], 2),
            "deff (golf)": _fmt(rec["deff_wave"], 2),
            "deff bij dat aantal": _fmt(rec["deff_at_n"].to_numpy(float), 2),
            "effectieve n nodig": _fmt(np.ceil(rec["n_effective_needed"])),
            "netto beoordelaars per kwartaal": _fmt(rec["n_net"].to_numpy(float)),
            "respondenten per kwartaal": _fmt(rec["n_respondents"].to_numpy(float)),
            "uitnodigingen (bruto) per kwartaal": _fmt(rec["n_gross"].to_numpy(float)),
            "bepalend": np.where(rec["binding"], "ja", ""),
            "netto bij dezelfde azc's": _fmt(rec["n_net_fixed_clusters"].to_numpy(float)),
            "MDE nu (punt)": _fmt(rec["mde_now"], 2),
        }
    )


_COMPARISON_NL = {"quarter_on_quarter": "kwartaal op kwartaal", "year_on_year": "jaar op jaar"}


def plan_view(plan: pd.DataFrame, subgroup_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The continuous-measurement planner's table (:func:`continuous_measurement_plan`) in Dutch.

    One row per organisation, group and window; per comparison the net n on each side and the
    detectable change (MDE, scale points).
    """
    labels = _labels(plan["organisation"].unique())
    groups = {"all": "alle respondenten", **dict(subgroup_labels or {})}
    wide = plan.pivot_table(
        index=["organisation", "group", "window_quarters"],
        columns="comparison",
        values=["n_compared", "mde"],
        sort=False,
    )
    rows = wide.reset_index()
    out = pd.DataFrame(
        {
            "Organisatie": rows["organisation"].map(labels).to_numpy(),
            "Groep": [groups.get(g, g) for g in rows["group"]],
            "Gepoold over (kwartalen)": rows["window_quarters"].astype(int).to_numpy(),
        }
    )
    for comp in [c for c in _COMPARISON_NL if c in plan["comparison"].unique()]:
        out[f"n per kant, {_COMPARISON_NL[comp]}"] = _fmt(rows[("n_compared", comp)])
        out[f"MDE {_COMPARISON_NL[comp]}"] = _fmt(rows[("mde", comp)], 2)
    return out


#: Dutch headers of :func:`subgroup_sizes` (pass as ``rename`` to ``style_table``).
SUBGROUP_COLUMNS_NL: dict[str, str] = {
    "group": "Groep",
    "n": "n respondenten",
    "pct": "% van de respondenten",
    "rank": "rang",
}


def subgroup_sizes_view(sizes: pd.DataFrame) -> pd.DataFrame:
    """:func:`subgroup_sizes` with the share in % (``pct``); protect it before showing it."""
    return pd.DataFrame(
        {"group": sizes["group"], "n": sizes["n"], "pct": 100 * sizes["share"].astype(float)}
    )


def subgroup_view(comparison: pd.DataFrame) -> pd.DataFrame:
    """:func:`subgroup_comparison_plan` as a Dutch display table (strings)."""
    if comparison.empty:
        return pd.DataFrame()
    k = int(comparison["k"].iloc[0])
    out = pd.DataFrame(
        {
            "Organisatie": list(_labels(comparison["organisation"]).values()),
            "n grootste groep": _fmt(comparison["n_group1"]),
            "n op één na grootste": _fmt(comparison["n_group2"]),
            "MDE tussen die twee (punt)": _fmt(comparison["mde_two_largest"], 2),
            "power voor het doel-MDE": _fmt(100 * comparison["power_two_largest"]),
            f"n per groep, alle paren van {k} (Holm)": _fmt(comparison["n_per_group_pairwise"]),
            f"n per groep, F-toets {k} groepen": _fmt(comparison["n_per_group_anova"]),
            "respondenten totaal (paren)": _fmt(comparison["n_total_pairwise"]),
            "kwartalen poolen (paren)": _fmt(comparison["quarters_pairwise"], 1),
        }
    )
    out["power voor het doel-MDE"] = [v + "%" if v else v for v in out["power voor het doel-MDE"]]
    return out


def subgroup_answer_nl(comparison: pd.DataFrame, *, subject: str = "nationaliteiten") -> str:
    """The Dutch answer to "is n = 200 too small to compare subgroups?" (Markdown).

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`subgroup_comparison_plan`.
    subject : str, default "nationaliteiten"
        What the groups are, in Dutch plural.
    """
    f = format_number
    a = comparison.attrs
    if comparison.empty:
        return (
            f"Deze vraag is met deze golf niet te beantwoorden: de variabele "
            f"‘{a.get('column', '')}’ heeft voor deze doelgroep geen twee groepen van "
            "voldoende omvang (of is niet gevraagd). Kies een andere achtergrondvariabele "
            "voor de subgroep."
        )
    n_total, mde, k = a["n_total"], a["target_mde"], a["k"]
    groups, shares = a["groups"], a["shares"]
    labels = _labels(comparison["organisation"])
    best = comparison.loc[comparison["mde_two_largest"].idxmin()]
    lo = comparison.loc[comparison["n_total_pairwise"].idxmin()]
    hi = comparison.loc[comparison["n_total_pairwise"].idxmax()]
    verdict = "Ja" if (comparison["mde_two_largest"] > mde).all() else "Deels"
    parts = [
        f"**{verdict}, n = {f(n_total, 0)} is te klein om {subject} te vergelijken.** "
        f"Met de verdeling van deze golf zijn de grootste groepen {', '.join(groups[:-1])} en "
        f"{groups[-1]} (elk {f(100 * shares[-1], 0)} tot {f(100 * shares[0], 0)}% van de "
        f"respondenten). Bij {f(n_total, 0)} respondenten telt de grootste groep naar "
        f"verwachting {f(n_total * shares[0], 0)} en de op één na grootste "
        f"{f(n_total * shares[1], 0)} respondenten; alleen wie contact had, beoordeelt een "
        "organisatie, dus er zijn nog minder beoordelaars.",
        f"Het kleinste verschil in het totaaloordeel dat tussen die twee groepen met "
        f"{f(100 * a.get('power', 0.8), 0)}% kans aan te tonen is, is in het gunstigste geval "
        f"{f(best['mde_two_largest'], 2)} punt ({labels[best['organisation']]}), "
        f"tegenover het beoogde {f(mde, 2)} punt; de kans om een verschil van {f(mde, 2)} punt "
        f"te vinden is {f(100 * comparison['power_two_largest'].max(), 0)}% of minder.",
        f"Om alle {int(lo['n_comparisons'])} paren van de {k} grootste {subject} te "
        f"vergelijken (Holm/Bonferroni, α per paar {f(lo['alpha_per_comparison'], 4)}) "
        f"zijn per groep {f(comparison['n_per_group_pairwise'].min(), 0)} tot "
        f"{f(comparison['n_per_group_pairwise'].max(), 0)} beoordelaars nodig; voor alleen een "
        f"F-toets (verschillen de {k} groepen überhaupt?) "
        f"{f(comparison['n_per_group_anova'].min(), 0)} tot "
        f"{f(comparison['n_per_group_anova'].max(), 0)}. Omdat de {k}e groep maar "
        f"{f(100 * shares[-1], 0)}% van de respondenten is, vraagt de vergelijking van alle "
        f"paren {f(lo['n_total_pairwise'], 0)} ({labels[lo['organisation']]}) tot "
        f"{f(hi['n_total_pairwise'], 0)} ({labels[hi['organisation']]}) respondenten in totaal: "
        f"{f(lo['quarters_pairwise'], 0)} tot {f(hi['quarters_pairwise'], 0)} kwartalen van "
        f"{f(n_total, 0)} bij elkaar genomen.",
    ]
    return "\n\n".join(parts)


def recommendation_nl(rec: pd.DataFrame, target_mde: float, power: float = 0.8) -> str:
    """Dutch summary of :func:`recommended_design` (Markdown)."""
    f = format_number
    labels = _labels(rec["organisation"])
    b = rec.loc[rec["binding"]].iloc[0]
    text = (
        f"Om een verandering van {f(target_mde, 2)} punt in het totaaloordeel tussen twee "
        f"kwartalen aan te tonen (power {f(100 * power, 0)}%), is "
        f"**{labels[b['organisation']]} bepalend**: "
    )
    if np.isfinite(b["n_gross"]):
        text += (
            f"{f(b['n_net'], 0)} netto beoordelaars per kwartaal, dat wil zeggen "
            f"{f(b['n_respondents'], 0)} respondenten en "
            f"**{f(b['n_gross'], 0)} uitnodigingen per kwartaal**. "
        )
    else:
        text += "met de azc's van deze golf is dat niet haalbaar. "
    text += (
        f"Ter vergelijking: met de aantallen van deze golf ({f(rec['n_rated_now'].min(), 0)}"
        f" tot {f(rec['n_rated_now'].max(), 0)} beoordelaars per organisatie) is tussen twee "
        f"kwartalen een verandering van {f(rec['mde_now'].min(), 2)} tot "
        f"{f(rec['mde_now'].max(), 2)} punt aantoonbaar."
    )
    return text


def _pct(values) -> list[str]:
    return [format_number(100 * v, 0) + "%" if np.isfinite(v) else "" for v in values]


def impact_power_view(sim: pd.DataFrame) -> pd.DataFrame:
    """Agreement per aspect and n as a Dutch display table (strings, % of simulated surveys).

    Rows: organisation (with its current n) and aspect (codebook labels) with the aspect's
    quadrant now; a column for the wave's own n (``"nu"``), one per other n, and the width of
    the 95% range of the impact share now and at the largest n (percentage points).
    """
    cb = load_codebook()
    if "organisation" not in sim.columns:
        sim = sim.assign(
            organisation="", n_current=sim["n"].min(), is_current=sim["n"] == sim["n"].min()
        )
    keys = ["organisation", "driver"]
    first = sim.drop_duplicates(keys).set_index(keys)
    now = sim[sim["is_current"]].drop_duplicates(keys).set_index(keys).reindex(first.index)
    rest = sim[~sim["is_current"]]
    agree = rest.pivot_table(index=keys, columns="n", values="agreement", sort=False).reindex(
        first.index
    )
    width = rest.pivot_table(index=keys, columns="n", values="impact_width", sort=False).reindex(
        first.index
    )
    out = pd.DataFrame(index=first.index)
    out["Kwadrant nu"] = [quadrant_name(q) for q in first["quadrant"]]
    out["nu"] = _pct(now["agreement"])
    for n in sorted(agree.columns):
        out[f"n = {n}"] = _pct(agree[n])
    out["breedte interval nu (%-punt)"] = [format_number(v, 1) for v in now["impact_width"]]
    if len(agree.columns):
        big = max(agree.columns)
        out[f"breedte bij n = {big}"] = [format_number(v, 1) for v in width[big]]
    out = out.reset_index()
    n_now = first["n_current"].to_numpy()
    out["organisation"] = [
        f"{cb.label(o)} (nu n = {int(k)})" if o else f"nu n = {int(k)}"
        for o, k in zip(out["organisation"], n_now, strict=True)
    ]
    out["driver"] = [cb.label(d) for d in out["driver"]]
    return out.rename(columns={"organisation": "Organisatie", "driver": "Aspect"})


def impact_power_text_nl(
    summary: pd.DataFrame, stable_at: float = 0.8, skipped: dict | None = None
) -> str:
    """Dutch reading of :func:`summarise_impact_power` per organisation (Markdown)."""
    f = format_number
    cb = load_codebook()
    lines = []
    for org, g in summary.groupby("organisation", sort=False):
        g = g.sort_values("n")
        now, big = g.iloc[0], g.iloc[-1]
        reach = g[g["share_stable"] >= 0.8]
        when = (
            f"vanaf ongeveer n = {int(reach['n'].iloc[0])} ligt voor minstens 80% van de "
            "aspecten de plaats vast"
            if len(reach)
            else f"ook bij n = {int(big['n'])} ligt nog niet voor 80% van de aspecten de "
            "plaats vast"
        )
        lines.append(
            f"- **{cb.label(org)}**: bij de huidige {int(now['n'])} respondenten komt een "
            f"aspect gemiddeld in {f(100 * now['agreement_mean'], 0)}% van de gesimuleerde "
            f"metingen in hetzelfde kwadrant ({int(now['n_stable'])} van de "
            f"{int(now['aspects'])} aspecten stabiel, ≥ {f(100 * stable_at, 0)}%), en staat de "
            f"hele kwadrantindeling maar in {f(100 * now['agreement_all'], 0)}% gelijk; "
            f"bij n = {int(big['n'])} is dat {f(100 * big['agreement_mean'], 0)}% en "
            f"{f(100 * big['agreement_all'], 0)}%. {when[0].upper() + when[1:]}. Het "
            f"95%-bereik van het impactaandeel is nu gemiddeld "
            f"{f(now['impact_width_mean'], 0)} procentpunt breed, bij n = {int(big['n'])} "
            f"{f(big['impact_width_mean'], 0)} procentpunt."
        )
    for org, n in (skipped or {}).items():
        lines.append(
            f"- **{cb.label(org)}**: niet gesimuleerd, te weinig bruikbare respondenten ({n})."
        )
    return "\n".join(lines)


# ============================================================================================
# The findings that open the report
# ============================================================================================
#: The groups of a background variable in Dutch plural (the subgroup comparison's subject).
SUBGROUP_SUBJECTS: dict[str, str] = {
    "nationaliteit": "nationaliteiten",
    "azc": "opvanglocaties",
    "leeftijdsklasse": "leeftijdsgroepen",
    "geslacht": "mannen en vrouwen",
    "taal": "taalgroepen",
    "status": "groepen naar verblijfsstatus",
    "werkgever": "werkgevers",
    "positie": "ketenpartners binnen en buiten de Kleine Keten",
}


def subgroup_subject(column: str) -> str:
    """The groups of a background column in Dutch plural, for sentences.

    >>> subgroup_subject("nationaliteit"), subgroup_subject("modus")
    ('nationaliteiten', 'groepen naar invulwijze')
    """
    if column in SUBGROUP_SUBJECTS:
        return SUBGROUP_SUBJECTS[column]
    return f"groepen naar {load_codebook().label(column).lower()}"


def _percent(share: float) -> str:
    """A share (0-1) as a Dutch percentage, one decimal only when needed: 0.05 -> ``5%``."""
    text = format_number(100 * share, 1)
    return (text[:-2] if text.endswith(",0") else text) + "%"


def _org(code: str) -> str:
    return ORGANISATION_PHRASES.get(code, load_codebook().label(code))


def _mde_list(rec: pd.DataFrame) -> str:
    """ "0,37 punt bij de IND, 0,40 bij het COA en 0,31 bij de Kleine Keten als geheel"."""
    parts = [f"{format_number(r.mde_now, 2)} bij {_org(r.organisation)}" for r in rec.itertuples()]
    if len(parts) > 1:
        parts[0] = parts[0].replace(" bij ", " punt bij ", 1)
        return ", ".join(parts[:-1]) + " en " + parts[-1]
    return parts[0].replace(" bij ", " punt bij ", 1)


_NUMBER_WORDS = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht"}


def _count_word(k: int) -> str:
    return _NUMBER_WORDS.get(int(k), format_number(k, 0))


def _span(values, decimals: int = 0) -> str:
    """ "22 tot 42" (or "22" when all are equal), ignoring values that are not finite."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    lo, hi = format_number(v.min(), decimals), format_number(v.max(), decimals)
    return lo if lo == hi else f"{lo} tot {hi}"


def _subgroup_sentence(comparison: pd.DataFrame, subject: str, per_quarter: str) -> str:
    f = format_number
    if comparison.empty:
        return (
            f"Of {subject} onderling te vergelijken zijn, is met deze meting niet te zeggen: "
            "er zijn geen twee groepen van voldoende omvang (of de vraag is niet gesteld)."
        )
    a = comparison.attrs
    target = a["target_mde"]
    best = comparison.loc[comparison["mde_two_largest"].idxmin()]
    can = comparison.loc[comparison["mde_two_largest"] <= target, "organisation"].tolist()
    pairs = (
        f"de {_count_word(a['k'])} grootste {subject} allemaal paarsgewijs vergelijken vraagt "
        f"de gegevens van {_span(comparison['quarters_pairwise'])} kwartalen samen"
    )
    start = f"{subject[0].upper() + subject[1:]} onderling vergelijken kan bij {per_quarter}"
    if not can:
        return (
            f"{start} niet: tussen de twee grootste is ook in het gunstigste geval (het oordeel "
            f"over {_org(best['organisation'])}) pas een verschil van "
            f"{f(best['mde_two_largest'], 2)} punt aan te tonen, en {pairs}."
        )
    return (
        f"{start} maar beperkt: alleen in het oordeel over "
        f"{' en '.join(_org(o) for o in can)} is tussen de twee grootste een verschil van "
        f"{f(target, 2)} punt aan te tonen, en {pairs}."
    )


def _centre_sentence(
    centres: pd.DataFrame | None, quarterly_n: int, per_quarter: str, difference: float
) -> str:
    if centres is None or centres.empty or "direct" not in centres.columns:
        return ""
    f = format_number
    direct = centres["direct"].to_numpy(float)
    direct = direct[np.isfinite(direct)]
    n_centres = int(centres.attrs.get("centres", 0))
    if not len(direct) or not n_centres:
        return ""
    per_centre = 4 * quarterly_n / n_centres
    if per_centre < direct.min():
        verdict = "te weinig"
    elif per_centre >= direct.max():
        verdict = "genoeg"
    else:
        verdict = "genoeg voor een deel van de organisaties"
    return (
        f"Om een opvanglocatie te herkennen die {f(difference, 1)} punt onder het gemiddelde "
        f"ligt, zijn per locatie per jaar {_span(direct)} beoordelaars nodig; bij "
        f"{per_quarter} over {n_centres} locaties zijn dat er gemiddeld ongeveer "
        f"{f(per_centre, 0)} per locatie per jaar: {verdict}."
    )


def findings_nl(
    rec: pd.DataFrame,
    design: pd.DataFrame,
    comparison: pd.DataFrame,
    *,
    target_group: str,
    quarterly_n: int,
    target_mde: float,
    alpha: float,
    power: float,
    response_rate: float,
    subgroup: str = "nationaliteit",
    centres: pd.DataFrame | None = None,
    centre_difference: float = 0.3,
) -> dict:
    """The report's main finding as a heading and 3-5 plain Dutch sentences.

    Parameters
    ----------
    rec : pandas.DataFrame
        :func:`helpers.stats.recommended_design` (the detectable change now per organisation,
        the recommended quarterly sample and the binding organisation).
    design : pandas.DataFrame
        :func:`helpers.stats.design_parameters_report` (respondents, design effects).
    comparison : pandas.DataFrame
        :func:`helpers.stats.subgroup_comparison_plan` (may be empty).
    target_group, quarterly_n, target_mde, alpha, power, response_rate, subgroup
        The report's settings.
    centres : pandas.DataFrame, optional
        The centre planner (``direct`` per organisation, ``attrs["centres"]``).
    centre_difference : float, default 0.3
        The centre planner's difference.

    Returns
    -------
    dict
        ``heading`` (str, without ``##``), ``sentences`` (list of str), ``organisation`` (the
        organisation of the heading: the one with the largest detectable change now),
        ``mde`` (its detectable change now), ``n_respondents`` (of this wave) and
        ``n_respondents_needed`` (per quarter for the target change, binding organisation).
    """
    f = format_number
    group = load_codebook().label(target_group).lower()
    n_now = int(design["n_respondents"].max())
    worst = rec.loc[rec["mde_now"].idxmax()]
    binding = rec.loc[rec["binding"]].iloc[0]
    mde = float(worst["mde_now"])
    reachable = mde <= target_mde
    needed = float(binding["n_respondents"])
    heading = (
        f"Met {f(n_now, 0)} {group} per kwartaal is {'' if reachable else 'pas '}een "
        f"verandering van {f(mde, 2)} punt in het oordeel over {_org(worst['organisation'])} "
        "aan te tonen"
    )
    if reachable:
        heading += f"; het doel van {f(target_mde, 2)} punt is haalbaar"
    elif np.isfinite(needed):
        heading += f"; voor {f(target_mde, 2)} punt zijn er {f(needed, 0)} nodig"

    d = design.set_index("organisation")
    w = d.loc[worst["organisation"]]
    why = "weging en clustering in opvanglocaties" if bool(w["clustered"]) else "de weging"
    now = (
        f"Met de {f(n_now, 0)} {group} van deze meting is tussen twee kwartalen een "
        f"verandering in het totaaloordeel aan te tonen van {_mde_list(rec)}. "
    )
    if w["n_rated"] >= DEFAULT_THRESHOLD:  # a count the design table would not suppress
        now += (
            f"Daarin is meegerekend dat door {why} de {f(w['n_rated'], 0)} beoordelaars van "
            f"{_org(worst['organisation'])} even veel zeggen als {f(w['n_effective'], 0)} "
            f"willekeurig gekozen beoordelaars (designeffect {f(w['deff'], 2)})."
        )
    else:
        now += f"Daarin is het designeffect van deze meting meegerekend ({f(w['deff'], 2)})."
    sentences = [now]
    if np.isfinite(binding["n_gross"]):
        sentences.append(
            f"Om bij elke organisatie een verandering van {f(target_mde, 2)} punt aan te tonen, "
            f"zijn {f(needed, 0)} {group} per kwartaal nodig; bij een respons van "
            f"{_percent(response_rate)} betekent dat {f(binding['n_gross'], 0)} uitnodigingen "
            f"per kwartaal ({_org(binding['organisation'])} bepaalt dat aantal)."
        )
    else:
        sentences.append(
            f"Een verandering van {f(target_mde, 2)} punt bij {_org(binding['organisation'])} "
            "is met de opvanglocaties van deze meting niet aan te tonen, hoeveel respondenten "
            "per locatie er ook meedoen: daarvoor zijn meer locaties nodig."
        )
    per_quarter = f"{f(quarterly_n, 0)} {group} per kwartaal"
    sentences.append(_subgroup_sentence(comparison, subgroup_subject(subgroup), per_quarter))
    centre = _centre_sentence(centres, quarterly_n, per_quarter, centre_difference)
    if centre:
        sentences.append(centre)
    sentences.append(
        f"Aantoonbaar betekent hier: een verandering van die omvang wordt met {_percent(power)} "
        f"kans gevonden, met {_percent(alpha)} kans op een vals alarm (tweezijdige toets). "
        "Kleinere veranderingen kunnen er wel zijn, maar worden vaak gemist; de getallen zijn "
        "schattingen uit één meting."
    )
    return {
        "heading": heading,
        "sentences": sentences,
        "organisation": str(worst["organisation"]),
        "mde": mde,
        "n_respondents": n_now,
        "n_respondents_needed": needed,
    }


def method_nl(
    population: Mapping,
    *,
    target_group: str,
    target_mde: float,
    alpha: float,
    power: float,
    quarterly_n: int,
    simulated_n: tuple[int, ...] = (500, 1000, 2000),
) -> str:
    """How the report computes its numbers, for the closing "Zo is gerekend" (Markdown)."""
    f = format_number
    group = load_codebook().label(target_group).lower()
    clustered = target_group == "asielzoekers"
    cluster_text = (
        "Asielzoekers wonen in opvanglocaties (azc's); wie in dezelfde locatie woont, oordeelt "
        "vaak vergelijkbaar. De intraclasscorrelatie (ICC) meet dat, en het designeffect van "
        "clustering zegt hoeveel minder precies de schatting daardoor is. "
        if clustered
        else "Bij ketenpartners is er geen clustering in opvanglocaties. "
    )
    sizes = ", ".join(f(n, 0) for n in simulated_n[:-1]) + f" en {f(simulated_n[-1], 0)}"
    parts = [
        "De pilot van voorjaar 2017 (200 asielzoekers, 290 ketenpartners) adviseert het "
        "instrument als **continumeting** in te zetten en stelt dat een grotere steekproef nodig "
        "is om subgroepen, zoals nationaliteiten, te vergelijken. Deze rapportage rekent dat "
        "door met de gegevens van één meting: hoeveel respondenten per kwartaal zijn nodig om "
        f"een verandering van {f(target_mde, 2)} punt in het gemiddelde totaaloordeel "
        "(schaal 1-5) aan te tonen, wat levert het samennemen van kwartalen op, klopt de "
        "bewering over nationaliteiten, en hoe betrouwbaar is de kwadrantenindeling van de "
        "impactanalyse bij verschillende aantallen?",
        "**Netto en bruto.** Alle aantallen zijn netto: respondenten die de organisatie een "
        "geldig totaaloordeel gaven. Het aantal uit te nodigen (bruto) volgt uit het aandeel "
        "met contact en de respons. " + population_text_nl(population),
        "**Designeffect.** " + cluster_text + "Ook de weging kost precisie (Kish: 1 plus het "
        "kwadraat van de variatiecoëfficiënt van de gewichten). Het designeffect van deze "
        "meting is de ontwerpgebaseerde schatting voor het gemiddelde totaaloordeel, met weging "
        "en clustering: hetzelfde getal als in de beschrijvende rapportage. De effectieve n is "
        "het aantal beoordelaars gedeeld door dat designeffect: zoveel willekeurig gekozen "
        "respondenten zouden even precies zijn. Voor andere steekproefomvangen geldt het "
        "designeffect bij dat aantal: tot de omvang van deze meting dezelfde locaties met "
        "minder respondenten per locatie, daarboven meer locaties. De eindige-populatiecorrectie "
        "staat er ter informatie en wordt niet toegepast (voorzichtig: de vergelijkingen over "
        "de tijd gaan over het proces, niet over deze ene populatie).",
        f"**Toets.** Een verschil tussen twee kwartalen heet aantoonbaar als een tweezijdige "
        f"t-toets met significantieniveau {f(alpha, 2)} het met {f(100 * power, 0)}% kans "
        "vindt. Eén steekproef bedient alle organisaties; de organisatie die de meeste "
        "uitnodigingen vraagt is bepalend. Bij het samennemen van kwartalen delen twee "
        "voortschrijdende vensters bij een vergelijking met het vorige kwartaal hun "
        "overlappende kwartalen; alleen de vergelijking met een jaar eerder wordt er gevoeliger "
        "door.",
        f"**Subgroepen en locaties.** De groepen komen uit de verdeling van deze meting, met "
        f"kleine groepen samengevoegd (onthullingsbeheersing), bij {f(quarterly_n, 0)} "
        f"{group} per kwartaal. Alle paren van de grootste groepen vergelijken gebeurt met "
        "Holm/Bonferroni (een strenger significantieniveau per paar); de F-toets vraagt alleen "
        "of de groepen überhaupt verschillen. Voor opvanglocaties staat er ook het model dat "
        "gegevens leent van andere locaties: dat geeft minder vals alarm, maar heeft meer "
        "beoordelaars nodig om een afwijkende locatie aan te wijzen.",
        "**Impactanalyse.** De simulatie neemt deze meting als de waarheid: de indeling van de "
        "impactrapportage (dezelfde aspecten en respondenten, ontbrekende antwoorden "
        "paarsgewijs, % positief). Ze trekt denkbeeldige metingen met teruglegging uit de "
        "respondenten van deze meting, met hun gewichten, bij de huidige n en bij "
        f"{sizes}, en telt per aspect hoe vaak het in hetzelfde kwadrant valt. Aspecten dicht "
        "bij een scheidingslijn blijven ook bij grote n wisselen: dat is geen gebrek aan "
        "gegevens, maar een aspect dat echt op de grens ligt.",
    ]
    return "\n\n".join(parts)
