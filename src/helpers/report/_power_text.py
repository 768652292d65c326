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
from helpers.privacy import OTHER_LABEL, build_plan, format_number, safe_categories
from helpers.report._impact_text import quadrant_name


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
