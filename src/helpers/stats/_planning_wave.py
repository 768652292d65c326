"""The sample design planned from one wave's design parameters: the recommended quarterly sample,
the planner with the wave's inputs, the design effect of a planned size and the comparison of
subgroups.

References
----------
Kish, L. (1965). *Survey Sampling*. New York: Wiley.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats import _design_effects as de
from helpers.stats._planning import continuous_measurement_plan
from helpers.stats._power import (
    Method,
    _positive,
    _share,
    minimum_detectable_difference,
    n_per_group,
    power_two_means,
)
from helpers.stats._power_groups import n_per_group_anova, pairwise_alpha
from helpers.stats._power_wave import _require


def recommended_design(
    design: pd.DataFrame,
    target_mde: float,
    *,
    response_rate: float,
    alpha: float = 0.05,
    power: float = 0.8,
    clusters: Literal["grow", "fixed"] = "grow",
    method: Method = "t",
) -> pd.DataFrame:
    """Net and gross quarterly sample per organisation to detect ``target_mde`` between quarters.

    Parameters
    ----------
    design : pandas.DataFrame
        :func:`design_parameters_report` of a wave.
    target_mde : float
        Change in the mean judgement (scale points) that a comparison of two quarters must
        detect.
    response_rate : float
        Share of the invited who respond.
    alpha, power, method
        As in :func:`n_per_group`.
    clusters : {"grow", "fixed"}, default "grow"
        ``"grow"``: a sample larger than the wave visits more reception centres with as many
        respondents each as in the wave, so the wave's design effect applies; a smaller one
        visits the wave's centres with fewer respondents each. ``"fixed"``: the wave's centres,
        with as many respondents each as needed (see Notes).

    Returns
    -------
    pandas.DataFrame
        One row per organisation: ``organisation``, ``sd``, ``icc``, ``deff_weighting``,
        ``deff_wave`` (the wave's observed design effect), ``n_effective_needed`` (per
        quarter, simple random sample), ``n_net`` (net raters per quarter under ``clusters``;
        ``inf`` when not reachable), ``n_net_ceil``,
        ``n_net_fixed_clusters`` (the ``"fixed"`` answer, for comparison; equal to ``n_net``
        without clustering), ``deff_at_n`` (design effect at ``n_net``), ``contact_share``,
        ``n_respondents`` (respondents per quarter, ``n_net / contact_share``),
        ``response_rate``, ``n_gross``
        (invitations per quarter), ``binding`` (the organisation that needs the largest gross
        sample), ``n_rated_now`` and ``mde_now`` (detectable change between two quarters of the
        current size and the wave's observed design effect ``deff``).

    Notes
    -----
    The effective size per quarter is :func:`n_per_group` at ``deff = 1``. With ``"fixed"``
    the azc's of the wave are kept and get more (or fewer) respondents, so the clustering
    effect changes with n: :func:`helpers.stats._design_effects.n_for_effective_size_clustered` with
    the effective number of clusters ``n_rated / m̄`` (at most ``k / ICC`` effective
    respondents can be reached that way). ``"grow"`` is that answer while it does not exceed
    the wave's ``n_rated``, and otherwise the effective size times the model's design effect at
    the wave's ``m̄`` (``deff_model``: weighting × clustering): the design effect at ``n`` of
    :func:`planned_deff`, solved for ``n / deff(n) = n_effective_needed``. A large wave thus
    does not impose its own large clusters on a smaller planned sample. Only respondents with
    contact rate an organisation, so ``n_gross = n_net / (contact share × response rate)``
    (:func:`gross_sample_size`); one sample serves all organisations, so the largest gross n
    is binding.

    Examples
    --------
    >>> d = pd.DataFrame({"organisation": ["IND", "DTV"], "sd": [1.0, 1.2], "icc": [np.nan] * 2,
    ...                   "deff_weighting": [1.1, 1.1], "n_clusters_effective": [np.nan] * 2,
    ...                   "contact_share": [0.8, 0.5], "n_rated": [160, 100], "deff": [1.1, 1.1]})
    >>> r = recommended_design(d, 0.25, response_rate=0.4)
    >>> r[["organisation", "n_net_ceil", "binding"]].to_dict("list")
    {'organisation': ['IND', 'DTV'], 'n_net_ceil': [278, 399], 'binding': [False, True]}
    """
    _require(
        design,
        ["organisation", "sd", "deff_weighting", "contact_share", "n_rated", "deff"],
        "design table",
    )
    d = design[design["sd"].notna() & (design["sd"] > 0) & (design["n_rated"] > 1)].copy()
    if d.empty:
        raise InputError("no organisation with a standard deviation to plan with")
    sd = d["sd"].to_numpy(float)
    n_eff = np.atleast_1d(n_per_group(target_mde, sd, alpha=alpha, power=power, method=method))
    icc = _column_or_nan(d, "icc")
    k_eff = _column_or_nan(d, "n_clusters_effective")
    clustered = np.isfinite(icc) & np.isfinite(k_eff)
    w = d["deff_weighting"].fillna(1.0).to_numpy(float)
    deff_wave = d["deff"].fillna(1.0).to_numpy(float)
    deff_model = _model_deff(d)
    n_fixed = np.where(
        clustered,
        de.n_for_effective_size_clustered(
            n_eff, np.where(clustered, icc, 0.0), np.where(clustered, k_eff, 1.0), w
        ),
        n_eff * w,
    )
    if clusters not in ("grow", "fixed"):
        raise InputError(f"clusters must be 'grow' or 'fixed', got {clusters!r}")
    # "grow": the wave's centres suffice while the wave's own size does (the "fixed" answer is
    # then at most n_rated); beyond it more centres of the wave's cluster size
    n_grow = np.where(
        clustered & (n_eff * deff_model <= d["n_rated"].to_numpy(float)),
        n_fixed,
        n_eff * deff_model,
    )
    n_net = n_grow if clusters == "grow" else n_fixed
    rr = float(_share("response rate", response_rate))
    cs = d["contact_share"].to_numpy(float)
    finite = np.isfinite(n_net)
    n_ceil = np.where(finite, np.ceil(np.round(np.where(finite, n_net, 0), 9)), np.nan)
    out = pd.DataFrame(
        {
            "organisation": d["organisation"].to_numpy(),
            "sd": sd,
            "icc": icc,
            "deff_weighting": w,
            "deff_wave": deff_wave,
            "n_effective_needed": n_eff,
            "n_net": n_net,
            "n_net_ceil": pd.array(
                [int(v) if np.isfinite(v) else pd.NA for v in n_ceil], dtype="Int64"
            ),
            "n_net_fixed_clusters": n_fixed,
            "deff_at_n": n_net / n_eff,
            "contact_share": cs,
            "n_respondents": n_net / cs,
            "response_rate": rr,
            "n_gross": n_net / (cs * rr),
        }
    )
    out["binding"] = out["n_gross"] == out["n_gross"].max()
    out["n_rated_now"] = d["n_rated"].to_numpy(int)
    deff_now = deff_wave
    ok = d["n_rated"].to_numpy(float) / deff_now * 2 - 2 >= 1
    mde_now = np.full(len(d), np.nan)
    if ok.any():
        mde_now[ok] = minimum_detectable_difference(
            d["n_rated"].to_numpy(float)[ok],
            sd[ok],
            alpha=alpha,
            power=power,
            deff=deff_now[ok],
            method=method,
        )
    out["mde_now"] = mde_now
    return out


def measurement_plan_from_wave(
    design: pd.DataFrame,
    quarterly_n: float,
    *,
    subgroups: float | Mapping[str, float] | None = None,
    response_rate: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    windows: Sequence[int] = (1, 2, 4),
    method: Method = "t",
) -> pd.DataFrame:
    """:func:`continuous_measurement_plan` with the inputs taken from a wave's design table.

    Parameters
    ----------
    design : pandas.DataFrame
        :func:`design_parameters_report`.
    quarterly_n : float
        Respondents of the target group per quarter (e.g. 200, the pilot's size); each
        organisation gets ``quarterly_n × contact share`` raters.
    subgroups : float or mapping, optional
        Subgroup share(s), as in :func:`continuous_measurement_plan`.
    response_rate : float, optional
        Adds ``n_gross_quarter`` (invitations per quarter).
    alpha, power, windows, method
        As in :func:`continuous_measurement_plan`.

    Returns
    -------
    pandas.DataFrame
        The planner's table (see :func:`continuous_measurement_plan`).

    Notes
    -----
    The design effect is Kish's weighting effect of the wave; with clustering the wave's ICC is
    added with ``m̄`` per quarter scaled to the planned size (``m̄_wave × n_quarter / n_rated``:
    the same reception centres, more or fewer respondents each). A negative or missing ICC
    counts as 0.
    """
    _require(
        design, ["organisation", "sd", "contact_share", "n_rated", "deff_weighting"], "design table"
    )
    d = design[design["sd"].notna() & (design["sd"] > 0) & (design["n_rated"] > 1)]
    orgs = d["organisation"].tolist()
    n_q = pd.Series(
        float(_positive("quarterly_n", quarterly_n)) * d["contact_share"].to_numpy(), index=orgs
    )
    kwargs: dict = {}
    icc = _column_or_nan(d, "icc")
    m = _column_or_nan(d, "mean_cluster_size_weighted")
    if np.isfinite(icc).any() and np.isfinite(m).any():
        m_q = np.where(np.isfinite(m), m * n_q.to_numpy() / d["n_rated"].to_numpy(float), 1.0)
        kwargs["icc"] = pd.Series(np.nan_to_num(np.maximum(icc, 0.0)), index=orgs)
        kwargs["cluster_size_quarter"] = pd.Series(np.maximum(m_q, 1e-9), index=orgs)
    if response_rate is not None:
        kwargs["contact_shares"] = pd.Series(d["contact_share"].to_numpy(float), index=orgs)
        kwargs["response_rate"] = float(response_rate)
    return continuous_measurement_plan(
        n_q,
        pd.Series(d["sd"].to_numpy(float), index=orgs),
        windows=windows,
        subgroups=subgroups,
        deff=pd.Series(d["deff_weighting"].fillna(1.0).to_numpy(float), index=orgs),
        organisations=orgs,
        alpha=alpha,
        power=power,
        method=method,
        **kwargs,
    )


def _column_or_nan(d: pd.DataFrame, col: str) -> np.ndarray:
    """An optional column of the design table as floats; all NaN when it is absent."""
    return d[col].to_numpy(float) if col in d.columns else np.full(len(d), np.nan)


def _model_deff(design: pd.DataFrame) -> np.ndarray:
    """The wave's design effect as the planning model has it (``deff_model``, else ``deff``).

    The model's ``deff_weighting · (1 + (m̄ - 1) ICC)`` scales with the cluster size of a planned
    sample; the observed ``deff`` (design-based, :func:`helpers.stats.survey_estimate`) is the
    wave's own figure. Tables without ``deff_model`` use ``deff``; missing values count as 1.
    """
    col = "deff_model" if "deff_model" in design.columns else "deff"
    return design[col].fillna(1.0).to_numpy(float)


def planned_deff(design: pd.DataFrame, n, share: float = 1.0) -> np.ndarray:
    """Design effect per organisation of a planned sample of ``n`` net raters.

    Parameters
    ----------
    design : pandas.DataFrame
        :func:`design_parameters_report` of a wave (or any table with ``deff``; ``icc``,
        ``mean_cluster_size_weighted``, ``n_rated`` and ``deff_weighting`` make the clustering
        part depend on ``n``).
    n : float or array-like
        Planned net raters of the organisation (all of them, not only the subgroup).
    share : float, default 1
        The design effect of a subgroup of this share of the raters, spread over the reception
        centres in proportion (its clusters are ``share`` times as large).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(design), len(n))``: ``deff_weighting · (1 + (m̄(n) · share - 1)⁺ ICC⁺)``
        with ``m̄(n)`` from :func:`helpers.stats._design_effects.planned_cluster_size` (the wave's
        centres with fewer respondents each up to the wave's size, more centres beyond it);
        the model's ``deff_model`` (else ``deff``; 1 when missing) for organisations without an
        estimable clustering.

    Notes
    -----
    At the wave's own size (and ``share`` 1) it is the model's design effect of the wave
    (``deff_model``). That design effect belongs to the wave's cluster size: a large wave in
    the same reception centres has large clusters and a large design effect, which a smaller
    planned sample does not have (Kish 1965 §5.4 for ``1 + (m̄ - 1) ρ``).

    Examples
    --------
    >>> d = pd.DataFrame({"deff": [37.0], "deff_weighting": [1.0], "icc": [0.05],
    ...                   "mean_cluster_size_weighted": [721.0], "n_rated": [21630]})
    >>> planned_deff(d, [300, 21630]).round(2).tolist()      # 30 centres: 10 and 721 each
    [[1.45, 37.0]]
    """
    nn = np.atleast_1d(_positive("n", n)).ravel()
    s = float(_share("share", share))
    out = np.repeat(_model_deff(design)[:, None], nn.size, axis=1)
    icc = _column_or_nan(design, "icc")
    m = _column_or_nan(design, "mean_cluster_size_weighted")
    n_rated = _column_or_nan(design, "n_rated")
    w = (
        design["deff_weighting"].fillna(1.0).to_numpy(float)
        if "deff_weighting" in design.columns
        else np.ones(len(design))
    )
    ok = np.isfinite(icc) & np.isfinite(m) & (m >= 1) & np.isfinite(n_rated) & (n_rated > 0)
    if ok.any():
        m_n = de.planned_cluster_size(nn[None, :], m[ok, None], n_rated[ok, None])
        out[ok] = w[ok, None] * de.clustering_deff(
            np.maximum(m_n * s, 1.0), np.maximum(icc[ok, None], 0.0)
        )
    return out


def subgroup_comparison_plan(
    sizes: pd.DataFrame,
    design: pd.DataFrame,
    *,
    n_total: float = 200,
    k: int = 4,
    target_mde: float = 0.25,
    alpha: float = 0.05,
    power: float = 0.8,
    response_rate: float | None = None,
    method: Method = "t",
) -> pd.DataFrame:
    """Can subgroups (nationalities) be compared at ``n_total`` respondents? Per organisation.

    Parameters
    ----------
    sizes : pandas.DataFrame
        :func:`subgroup_sizes` (the shares of the named groups, largest first).
    design : pandas.DataFrame
        :func:`design_parameters_report` of the same wave.
    n_total : float, default 200
        Respondents of the target group in the sample being judged (the pilot had 200).
    k : int, default 4
        The ``k`` largest groups are compared (at most the number of named groups).
    target_mde : float, default 0.25
        Difference between two groups (scale points) that should be detectable.
    alpha, power, method
        As in :func:`n_per_group`; ``alpha`` is the family-wise level for the k groups.
    response_rate : float, optional
        Adds the gross samples.

    Returns
    -------
    pandas.DataFrame
        One row per organisation with ``organisation``, ``sd``, ``deff``, ``n_group1`` and
        ``n_group2`` (expected raters in the two largest groups at ``n_total``),
        ``mde_two_largest`` (detectable difference between them), ``power_two_largest`` (power
        for ``target_mde``), ``k``, ``n_comparisons``, ``alpha_per_comparison``,
        ``n_per_group_pairwise`` (raters per group for all pairs of the k largest with
        Holm/Bonferroni), ``n_per_group_anova`` (raters per group for the F-test),
        ``n_total_pairwise`` / ``n_total_anova`` (respondents needed so that the k-th largest
        group reaches those numbers), ``quarters_pairwise`` / ``quarters_anova`` (that many
        quarters of ``n_total`` pooled) and, with a response rate, ``n_gross_pairwise`` /
        ``n_gross_anova``. ``attrs`` holds the groups and shares used. Empty (with
        ``attrs["note"]``) when fewer than two named groups are large enough to compare.

    Notes
    -----
    Expected raters of group g: ``n_total × share_g × contact share``. The design effect is
    Kish's weighting effect times the clustering effect for the group's share of a reception
    centre, ``1 + (m̄ share - 1)⁺ ICC`` with ``m̄`` the cluster size of a sample of ``n_total``
    (:func:`planned_deff`; groups spread over the centres in proportion). Pairwise:
    :func:`n_per_group_pairwise` at ``α / m``, ``m = k(k-1)/2`` (Bonferroni, and the first
    step of Holm 1979). F-test: :func:`n_per_group_anova` for the pattern of means with the
    smallest spread given a range ``target_mde`` (two groups ``± target_mde/2``, the others in the
    middle; Cohen 1988 §8.2.1, pattern 1): ``f = target_mde / (sd sqrt(2k))``. The F-test
    only says that *some* groups differ; which ones needs the pairwise tests.
    """
    _require(sizes, ["group", "share", "rank"], "subgroup sizes")
    named = sizes[sizes["rank"].notna()].sort_values("rank")
    if len(named) < 2:
        out = pd.DataFrame()
        out.attrs.update(
            groups=named["group"].tolist(),
            k=len(named),
            n_total=float(n_total),
            target_mde=float(target_mde),
            column=sizes.attrs.get("column", ""),
            note="fewer than two groups with at least the disclosure threshold",
        )
        return out
    k = int(min(k, len(named)))
    if k < 2:
        raise InputError("k must be at least 2")
    shares = named["share"].to_numpy(float)
    d = design[design["sd"].notna() & (design["sd"] > 0) & (design["n_rated"] > 1)]
    rows = []
    m_pairs = k * (k - 1) // 2
    a_pair = pairwise_alpha(alpha, k_groups=k)
    # without an estimable clustering only the weighting effect applies
    deff_d = d.assign(deff=d["deff_weighting"], deff_model=d["deff_weighting"])
    n_raters = n_total * d["contact_share"].to_numpy(float)
    deff2_all, deffk_all = (
        np.diag(planned_deff(deff_d, n_raters, share)) for share in (shares[1], shares[k - 1])
    )
    for i, (_, org) in enumerate(d.iterrows()):
        sd, cs = float(org["sd"]), float(org["contact_share"])
        n1, n2 = n_total * shares[0] * cs, n_total * shares[1] * cs
        deff2, deffk = float(deff2_all[i]), float(deffk_all[i])
        if (n2 / deff2) * (1 + n1 / n2) - 2 >= 1 or method == "normal":
            mde2 = minimum_detectable_difference(
                n1, sd, ratio=n2 / n1, alpha=alpha, power=power, deff=deff2, method=method
            )
            pow2 = power_two_means(
                target_mde, sd, n1, ratio=n2 / n1, alpha=alpha, deff=deff2, method=method
            )
        else:
            mde2 = pow2 = np.nan
        n_pair = n_per_group(target_mde, sd, alpha=a_pair, power=power, deff=deffk, method=method)
        means = np.zeros(k)
        means[0], means[1] = -target_mde / 2, target_mde / 2
        n_anova = n_per_group_anova(group_means=means, sd=sd, alpha=alpha, power=power, deff=deffk)
        row = {
            "organisation": org["organisation"],
            "sd": sd,
            "deff": deffk,
            "n_group1": n1,
            "n_group2": n2,
            "mde_two_largest": mde2,
            "power_two_largest": pow2,
            "k": k,
            "n_comparisons": m_pairs,
            "alpha_per_comparison": a_pair,
            "n_per_group_pairwise": n_pair,
            "n_per_group_anova": n_anova,
            "n_total_pairwise": n_pair / (shares[k - 1] * cs),
            "n_total_anova": n_anova / (shares[k - 1] * cs),
        }
        row["quarters_pairwise"] = row["n_total_pairwise"] / n_total
        row["quarters_anova"] = row["n_total_anova"] / n_total
        if response_rate is not None:
            rr = float(_share("response rate", response_rate))
            row["n_gross_pairwise"] = row["n_total_pairwise"] / rr
            row["n_gross_anova"] = row["n_total_anova"] / rr
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update(
        groups=named["group"].tolist()[:k],
        shares=shares[:k].tolist(),
        k=k,
        n_total=float(n_total),
        target_mde=float(target_mde),
        alpha=float(alpha),
        power=float(power),
        column=sizes.attrs.get("column", ""),
    )
    return out
