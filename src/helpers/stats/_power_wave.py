"""Design parameters of one wave per organisation: contact share, sd, ICC by reception centre,
weighting effect and the observed design effect (the inputs of the power report).

References
----------
Kish, L. (1965). *Survey Sampling*. New York: Wiley.

Lohr, S. L. (2019). *Sampling: Design and Analysis*, 2nd ed. Boca Raton: CRC Press.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats import _design_effects as de
from helpers.stats._estimates import summarise_ratings
from helpers.stats._planning import _org_order

# --------------------------------------------------------------------------------------------
# estimation from a wave


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(f"{what} lacks column(s) {', '.join(missing)}")


def _wave_item(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    target_group: str,
    item: str,
    extra: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Respondents of the target group and their ratings of ``item`` (one per organisation)."""
    _require(respondents, ["respondent_id", "target_group", *extra], "respondents")
    _require(ratings, ["respondent_id", "organisation", "item", "value", "dont_know"], "ratings")
    resp = respondents.loc[respondents["target_group"] == target_group, ["respondent_id", *extra]]
    if resp.empty:
        raise InputError(f"no respondents of target group {target_group!r}")
    if resp["respondent_id"].duplicated().any():
        raise InputError("respondents has duplicate respondent_id values")
    rat = ratings.loc[
        (ratings["item"] == item) & ratings["respondent_id"].isin(resp["respondent_id"]),
        ["respondent_id", "organisation", "value", "dont_know"],
    ]
    if rat.duplicated(["respondent_id", "organisation"]).any():
        raise InputError(f"ratings has more than one {item!r} per respondent and organisation")
    rat = rat.merge(resp, on="respondent_id", how="left", validate="many_to_one")
    rat["value"] = rat["value"].astype(float)
    return resp, rat


def contact_share_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
    definition: Literal["rated", "answered"] = "rated",
) -> pd.DataFrame:
    """Share of the target group's respondents who rate each organisation.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave, in the schema of ``respondents.parquet`` / ``ratings.parquet``.
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"
    definition : {"rated", "answered"}, default "rated"
        What counts as contact. ``"rated"``: a valid (non-missing) rating of ``item`` for the
        organisation, i.e. the yield of usable ratings that a net n refers to. ``"answered"``:
        a valid rating *or* "weet niet" (``dont_know``), i.e. routed to the question because of
        contact; use it to describe contact rather than to plan.

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``n_respondents`` (all respondents of the target group, the
        denominator, also those without any rating rows), ``n_contact`` and ``contact_share``.
        Organisations: those with a rating row for ``item``.

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": ["1", "2", "3", "4"],
    ...                      "target_group": "asielzoekers"})
    >>> rat = pd.DataFrame({"respondent_id": ["1", "2", "3", "1"],
    ...                     "organisation": ["IND", "IND", "IND", "COA"],
    ...                     "item": "totaaloordeel", "value": [4.0, None, 3.0, 5.0],
    ...                     "dont_know": [False, True, False, False]})
    >>> contact_share_by_organisation(resp, rat)
      organisation  n_respondents  n_contact  contact_share
    0          IND              4          2           0.50
    1          COA              4          1           0.25
    """
    if definition not in ("rated", "answered"):
        raise InputError(f"definition must be 'rated' or 'answered', got {definition!r}")
    resp, rat = _wave_item(respondents, ratings, target_group, item)
    contact = rat["value"].notna()
    if definition == "answered":
        contact = contact | rat["dont_know"].fillna(False).astype(bool)
    orgs = _org_order(rat["organisation"])
    n_contact = contact.groupby(rat["organisation"]).sum().reindex(orgs, fill_value=0)
    out = pd.DataFrame(
        {
            "organisation": orgs,
            "n_respondents": len(resp),
            "n_contact": n_contact.to_numpy().astype(int),
        }
    )
    out["contact_share"] = out["n_contact"] / out["n_respondents"]
    return out


def sd_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
) -> pd.DataFrame:
    """Mean and standard deviation of a rating per organisation (unweighted).

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave (schema in CONTRIBUTING.md).
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``n_rated`` (valid ratings), ``mean`` and ``sd`` (sample
        standard deviation, ``ddof=1``; NaN below two ratings).

    Notes
    -----
    The unweighted sd estimates the within-population sd well enough for planning; the
    weighting enters through the design effect (:func:`kish_deff_by_organisation`).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abc"), "target_group": "asielzoekers"})
    >>> rat = pd.DataFrame({"respondent_id": list("abc"), "organisation": "COA",
    ...                     "item": "totaaloordeel", "value": [2.0, 4.0, 3.0],
    ...                     "dont_know": False})
    >>> sd_by_organisation(resp, rat)
      organisation  n_rated  mean   sd
    0          COA        3   3.0  1.0
    """
    _, rat = _wave_item(respondents, ratings, target_group, item)
    orgs = _org_order(rat["organisation"])
    g = rat.dropna(subset=["value"]).groupby("organisation")["value"]
    out = pd.DataFrame({"organisation": orgs})
    out["n_rated"] = g.count().reindex(orgs, fill_value=0).to_numpy().astype(int)
    out["mean"] = g.mean().reindex(orgs).to_numpy()
    out["sd"] = g.std(ddof=1).reindex(orgs).to_numpy()
    return out


def icc_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
    cluster_col: str = "azc",
) -> pd.DataFrame:
    """ICC of a rating by cluster (reception centre) per organisation.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave (schema in CONTRIBUTING.md); ``respondents`` must have ``cluster_col``.
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"
    cluster_col : str, default "azc"

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``n_clustered`` (valid ratings with a known cluster),
        ``n_clusters``, ``mean_cluster_size`` (plain mean), ``mean_cluster_size_weighted``
        (``Σm²/Σm``, :func:`helpers.stats._design_effects.mean_cluster_size`) and ``icc``
        (one-way ANOVA estimator with the adjusted ``m0``,
        :func:`helpers.stats._design_effects.icc_anova`; not truncated, NaN when it cannot be
        estimated).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abcdefghi"),
    ...                      "target_group": "asielzoekers", "azc": list("xxxyyyzzz")})
    >>> rat = pd.DataFrame({"respondent_id": list("abcdefghi"), "organisation": "COA",
    ...                     "item": "totaaloordeel", "value": [1., 2, 3, 2, 3, 4, 3, 4, 5],
    ...                     "dont_know": False})
    >>> icc_by_organisation(resp, rat)[["organisation", "n_clusters", "icc"]]
      organisation  n_clusters  icc
    0          COA           3  0.4
    """
    _, rat = _wave_item(respondents, ratings, target_group, item, extra=[cluster_col])
    orgs = _org_order(rat["organisation"])
    valid = rat.dropna(subset=["value", cluster_col])
    records = []
    for org in orgs:
        sub = valid[valid["organisation"] == org]
        sizes = sub.groupby(cluster_col, observed=True).size().to_numpy()
        try:
            icc = de.icc_anova(sub["value"].to_numpy(), sub[cluster_col].to_numpy())
        except InputError:
            icc = np.nan
        records.append(
            {
                "organisation": org,
                "n_clustered": len(sub),
                "n_clusters": len(sizes),
                "mean_cluster_size": de.mean_cluster_size(sizes, "mean") if len(sizes) else np.nan,
                "mean_cluster_size_weighted": (
                    de.mean_cluster_size(sizes, "size_weighted") if len(sizes) else np.nan
                ),
                "icc": icc,
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "organisation",
            "n_clustered",
            "n_clusters",
            "mean_cluster_size",
            "mean_cluster_size_weighted",
            "icc",
        ],
    )


def kish_deff_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
    weight_col: str = "weight",
) -> pd.DataFrame:
    """Kish's weighting effect per organisation, from the weights of those who rate it.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave (schema in CONTRIBUTING.md).
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"
    weight_col : str, default "weight"

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``n_rated`` and ``deff_weighting`` (``n Σw² / (Σw)²`` over the
        respondents with a valid rating of the organisation, :func:`helpers.stats._design_effects.
        kish_deff`; NaN without ratings).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abcd"), "target_group": "asielzoekers",
    ...                      "weight": [1.0, 1.0, 2.0, 4.0]})
    >>> rat = pd.DataFrame({"respondent_id": list("abcd"), "organisation": "IND",
    ...                     "item": "totaaloordeel", "value": [3.0, 4, 5, 2],
    ...                     "dont_know": False})
    >>> kish_deff_by_organisation(resp, rat)
      organisation  n_rated  deff_weighting
    0          IND        4           1.375
    """
    _, rat = _wave_item(respondents, ratings, target_group, item, extra=[weight_col])
    orgs = _org_order(rat["organisation"])
    valid = rat.dropna(subset=["value"])
    records = []
    for org in orgs:
        w = valid.loc[valid["organisation"] == org, weight_col].to_numpy(dtype=float)
        records.append(
            {
                "organisation": org,
                "n_rated": len(w),
                "deff_weighting": de.kish_deff(w) if len(w) else np.nan,
            }
        )
    return pd.DataFrame.from_records(records, columns=["organisation", "n_rated", "deff_weighting"])


def observed_deff_by_organisation(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
    weight_col: str | None = "weight",
    cluster_col: str | None = "azc",
) -> pd.DataFrame:
    """The wave's design effect of the mean rating per organisation, design-based.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave (schema in CONTRIBUTING.md).
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"
    weight_col : str or None, default "weight"
        Weight variable; None for unit weights.
    cluster_col : str or None, default "azc"
        Cluster (PSU) variable; None for a sample without clusters (``ketenpartners``). A
        respondent without a value is a cluster of its own.

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation`` and ``deff``: the ``deff`` of :func:`helpers.stats.
        survey_estimate` for the weighted mean of ``item``, the organisation's raters as a domain
        of the target group's design (NaN where it is undefined: fewer than two ratings, one
        cluster only).

    Notes
    -----
    One computation for the wave's design effect: this is the ``deff`` column of
    :func:`helpers.stats.summarise_ratings`, the table the descriptive report shows
    (:func:`helpers.stats.survey_estimate`, Taylor linearisation; the variance under simple
    random sampling with replacement as the reference, R's ``svymean(..., deff = "replace")``).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abcd"), "target_group": "asielzoekers",
    ...                      "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": list("abcd"), "organisation": "IND",
    ...                     "item": "totaaloordeel", "value": [3.0, 4, 5, 2],
    ...                     "dont_know": False})
    >>> observed_deff_by_organisation(resp, rat, cluster_col=None)
      organisation  deff
    0          IND   1.0
    """
    extra = [c for c in (weight_col, cluster_col) if c is not None]
    resp, rat = _wave_item(respondents, ratings, target_group, item, extra=extra)
    orgs = _org_order(rat["organisation"])
    try:
        table = summarise_ratings(
            rat[["respondent_id", "organisation", "value"]],
            resp,
            ["organisation"],
            "mean",
            weight_col=weight_col,
            cluster_col=cluster_col,
        )
    except InputError:  # e.g. a single reception centre: no design variance
        return pd.DataFrame({"organisation": orgs, "deff": np.full(len(orgs), np.nan)})
    deff = table.set_index("organisation")["deff"].reindex(orgs).to_numpy(float)
    return pd.DataFrame({"organisation": orgs, "deff": deff})


def wave_design_parameters(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str = "asielzoekers",
    item: str = "totaaloordeel",
    cluster_col: str | None = "azc",
    weight_col: str | None = "weight",
    cluster_size: Literal["size_weighted", "mean"] = "size_weighted",
    contact_definition: Literal["rated", "answered"] = "rated",
) -> pd.DataFrame:
    """All planning inputs from one wave, per organisation.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One wave (schema in CONTRIBUTING.md).
    target_group : str, default "asielzoekers"
    item : str, default "totaaloordeel"
    cluster_col : str or None, default "azc"
        Cluster variable; None for no clustering (e.g. ``ketenpartners``).
    weight_col : str or None, default "weight"
        Weight variable; None for no weighting effect.
    cluster_size : {"size_weighted", "mean"}, default "size_weighted"
        Which ``m̄`` enters ``1 + (m̄ - 1) ICC`` (:func:`helpers.stats._design_effects.
        mean_cluster_size`).
    contact_definition : {"rated", "answered"}, default "rated"
        See :func:`contact_share_by_organisation`.

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``target_group``, ``n_respondents``, ``n_contact``,
        ``contact_share``, ``n_rated``, ``mean``, ``sd``, ``n_clusters``, ``mean_cluster_size``,
        ``mean_cluster_size_weighted``, ``icc`` (raw), ``deff_clustering`` (with the ICC
        truncated at 0; 1 without ``cluster_col``; NaN when the ICC cannot be estimated),
        ``deff_weighting``, ``deff_model`` (their product, the planning model's design effect
        at the wave's cluster size), ``deff`` (the wave's observed design effect of the mean,
        :func:`observed_deff_by_organisation`) and ``n_effective`` (``n_rated / deff``).

    Notes
    -----
    Two design effects, each for one purpose. ``deff`` is the design-based one of
    :func:`helpers.stats.survey_estimate` (weights, clusters), the same figure the descriptive
    report shows; it describes this wave. ``deff_model`` is Kish's weighting effect times
    ``1 + (m̄ - 1) ICC`` (Kish 1965 §5.4); it is what :mod:`helpers.stats._planning_wave`
    scales to other sample sizes and cluster sizes.

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abcdefghi"),
    ...                      "target_group": "asielzoekers", "azc": list("xxxyyyzzz"),
    ...                      "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": list("abcdefghi"), "organisation": "COA",
    ...                     "item": "totaaloordeel", "value": [1., 2, 3, 2, 3, 4, 3, 4, 5],
    ...                     "dont_know": False})
    >>> wave_design_parameters(resp, rat)[["sd", "icc", "deff_model", "deff"]].round(4)
           sd  icc  deff_model  deff
    0  1.2247  0.4         1.8   2.0

    ``deff`` by hand: cluster totals of ``(y - 3) / 9`` are -1/3, 0, 1/3, so the design variance
    is ``3/2 · 2/9 = 1/3``; under simple random sampling ``s_w² / n = 1.5 / 9``; 1/3 over 1/6.
    """
    out = contact_share_by_organisation(
        respondents, ratings, target_group=target_group, item=item, definition=contact_definition
    )
    out.insert(1, "target_group", target_group)
    out = out.merge(
        sd_by_organisation(respondents, ratings, target_group=target_group, item=item),
        on="organisation",
        how="left",
    )
    if cluster_col is not None:
        icc = icc_by_organisation(
            respondents, ratings, target_group=target_group, item=item, cluster_col=cluster_col
        )
        out = out.merge(icc.drop(columns="n_clustered"), on="organisation", how="left")
        m_col = (
            "mean_cluster_size_weighted" if cluster_size == "size_weighted" else "mean_cluster_size"
        )
        if cluster_size not in ("size_weighted", "mean"):
            raise InputError(
                f"cluster_size must be 'size_weighted' or 'mean', got {cluster_size!r}"
            )
        m = out[m_col].to_numpy(dtype=float)
        rho = np.maximum(out["icc"].to_numpy(dtype=float), 0.0)
        ok = np.isfinite(m) & np.isfinite(rho)
        deff_c = np.full(len(out), np.nan)
        if ok.any():
            deff_c[ok] = de.clustering_deff(np.maximum(m[ok], 1.0), rho[ok])
        out["deff_clustering"] = deff_c
    else:
        for col in ("n_clusters", "mean_cluster_size", "mean_cluster_size_weighted", "icc"):
            out[col] = np.nan
        out["deff_clustering"] = 1.0
    if weight_col is not None:
        kish = kish_deff_by_organisation(
            respondents, ratings, target_group=target_group, item=item, weight_col=weight_col
        )
        out = out.merge(kish.drop(columns="n_rated"), on="organisation", how="left")
    else:
        out["deff_weighting"] = 1.0
    out["deff_model"] = out["deff_weighting"] * out["deff_clustering"]
    observed = observed_deff_by_organisation(
        respondents,
        ratings,
        target_group=target_group,
        item=item,
        weight_col=weight_col,
        cluster_col=cluster_col,
    )
    out = out.merge(observed, on="organisation", how="left")
    out["n_effective"] = out["n_rated"] / out["deff"]
    return out


def design_parameters_report(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    target_group: str,
    population_size: float | None = None,
    cluster_col: str | None = "azc",
    item: str = "totaaloordeel",
) -> pd.DataFrame:
    """The wave's design parameters per organisation, with the effective number of clusters and
    the finite population correction.

    Parameters
    ----------
    respondents, ratings : pandas.DataFrame
        One processed wave.
    target_group : str
    population_size : float, optional
        Size of the target group's population (for the fpc column).
    cluster_col : str or None, default "azc"
        Left out automatically when the target group has no values in it (ketenpartners).
    item : str, default "totaaloordeel"

    Returns
    -------
    pandas.DataFrame
        :func:`wave_design_parameters` plus ``clustered`` (bool), ``n_clusters_effective``
        (``n_rated / m̄``, the number of equal clusters with the same clustering effect; NaN
        without clustering) and ``fpc`` (``1 - n_respondents / N``; NaN when N is unknown).

    Notes
    -----
    The fpc is shown for information: the comparisons over time are about the process (the
    experiences of asylum seekers in general), for which the correction does not apply
    (:func:`helpers.stats._design_effects.finite_population_correction`); the designs below leave it
    out, which is conservative.
    """
    tg = (
        respondents[respondents["target_group"] == target_group]
        if "target_group" in respondents.columns
        else respondents
    )
    use_cluster = (
        cluster_col is not None and cluster_col in tg.columns and tg[cluster_col].notna().any()
    )
    out = wave_design_parameters(
        respondents,
        ratings,
        target_group=target_group,
        item=item,
        cluster_col=cluster_col if use_cluster else None,
    )
    out["clustered"] = use_cluster
    with np.errstate(invalid="ignore", divide="ignore"):
        out["n_clusters_effective"] = out["n_rated"] / out["mean_cluster_size_weighted"]
    if population_size:
        out["fpc"] = de.finite_population_correction(
            np.minimum(out["n_respondents"].to_numpy(float), population_size), population_size
        )
    else:
        out["fpc"] = np.nan
    return out
