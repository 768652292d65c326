"""Net to gross, and the continuous-measurement planner: what each quarter, or a window of
pooled quarters, can detect per organisation and subgroup.

Conventions as in :mod:`helpers.stats._power`.

References
----------
Kish, L. (1965). *Survey Sampling*. New York: Wiley.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats import _design_effects as de
from helpers.stats._power import (
    ORGANISATIONS,
    Method,
    _alpha_power,
    _finite,
    _method,
    _out,
    _positive,
    _share,
    minimum_detectable_difference,
)

# --------------------------------------------------------------------------------------------
# net to gross


def gross_sample_size(n_net, contact_share, response_rate=1.0) -> float | np.ndarray:
    """Number to invite so that ``n_net`` respondents rate an organisation.

    Parameters
    ----------
    n_net : float or array-like
        Required net respondents with a valid rating of the organisation.
    contact_share : float or array-like
        Share of responding members of the target group who had contact with the organisation
        (and so rate it), in (0, 1]; see :func:`contact_share_by_organisation`.
    response_rate : float or array-like, default 1
        Share of the invited who respond, in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        ``n_net / (contact_share · response_rate)``, unrounded.

    Examples
    --------
    >>> gross_sample_size(200, 0.5, 0.4)
    1000.0
    """
    n = _positive("n_net", n_net)
    return _out(
        n / (_share("contact share", contact_share) * _share("response rate", response_rate))
    )


def _per_org(value, organisations: Sequence[str], name: str) -> np.ndarray:
    """A scalar, a mapping or a Series indexed by organisation, as an array in ``organisations``."""
    if isinstance(value, pd.DataFrame):
        raise InputError(f"{name}: give a number, a dict or a Series indexed by organisation")
    if isinstance(value, Mapping | pd.Series):
        missing = [o for o in organisations if o not in value]
        if missing:
            raise InputError(f"{name}: no value for organisation(s) {', '.join(missing)}")
        return np.array([value[o] for o in organisations], dtype=float)
    arr = _finite(name, value)
    if arr.ndim != 0:
        raise InputError(f"{name}: give a number, a dict or a Series indexed by organisation")
    return np.full(len(organisations), float(arr))


def _org_order(organisations) -> list[str]:
    orgs = list(dict.fromkeys(organisations))
    known = [o for o in ORGANISATIONS if o in orgs]
    return known + sorted(o for o in orgs if o not in ORGANISATIONS)


def gross_by_organisation(n_net, contact_shares, response_rate=None) -> pd.DataFrame:
    """Gross sample per organisation from the net n, the contact shares and the response rate.

    Parameters
    ----------
    n_net : float, mapping or Series
        Net respondents per organisation (a number for all).
    contact_shares : DataFrame, mapping or Series
        Contact share per organisation: a DataFrame with columns ``organisation`` and
        ``contact_share`` (and optionally ``response_rate``), e.g. the output of
        :func:`contact_share_by_organisation`, or a mapping / Series indexed by organisation.
    response_rate : float, mapping or Series, optional
        Response rate (overall or per organisation); required unless ``contact_shares`` has a
        ``response_rate`` column.

    Returns
    -------
    pandas.DataFrame
        One row per organisation with columns ``organisation``, ``n_net``, ``contact_share``,
        ``response_rate``, ``n_gross`` (unrounded), ``n_gross_ceil`` (int) and ``binding``
        (True for the organisation that needs the largest gross sample).

    Notes
    -----
    Only respondents with contact rate an organisation, so its net yield per invitation is
    ``contact_share · response_rate`` and ``n_gross = n_net / (contact_share · response_rate)``.
    One sample serves all organisations: invite ``max(n_gross)`` (the binding row); the
    others then get more than their net n.

    Examples
    --------
    >>> gross_by_organisation(200, {"IND": 0.8, "COA": 0.95, "DTV": 0.25}, 0.4)[
    ...     ["organisation", "n_gross", "binding"]].round(1)
      organisation  n_gross  binding
    0          IND    625.0    False
    1          COA    526.3    False
    2          DTV   2000.0     True
    """
    if isinstance(contact_shares, pd.DataFrame):
        missing = {"organisation", "contact_share"} - set(contact_shares.columns)
        if missing:
            raise InputError(f"contact share table lacks column(s) {', '.join(sorted(missing))}")
        table = contact_shares.set_index("organisation")
        shares = table["contact_share"]
        if response_rate is None and "response_rate" in table.columns:
            response_rate = table["response_rate"]
    elif isinstance(contact_shares, Mapping | pd.Series):
        shares = pd.Series(contact_shares, dtype=float)
    else:
        raise InputError("contact_shares: give a table, a dict or a Series by organisation")
    if response_rate is None:
        raise InputError("give a response rate (overall or per organisation)")
    orgs = _org_order(shares.index)
    if not orgs:
        raise InputError("contact_shares is empty")
    out = pd.DataFrame(
        {
            "organisation": orgs,
            "n_net": _per_org(n_net, orgs, "n_net"),
            "contact_share": _share("contact share", shares.loc[orgs].to_numpy(dtype=float)),
            "response_rate": _share(
                "response rate", _per_org(response_rate, orgs, "response_rate")
            ),
        }
    )
    out["n_gross"] = gross_sample_size(
        out["n_net"].to_numpy(), out["contact_share"].to_numpy(), out["response_rate"].to_numpy()
    )
    out["n_gross_ceil"] = np.ceil(np.round(out["n_gross"], 9)).astype(int)
    out["binding"] = out["n_gross"] == out["n_gross"].max()
    return out


# --------------------------------------------------------------------------------------------
# continuous measurement


_LAGS = {"quarter_on_quarter": 1, "year_on_year": 4}


def continuous_measurement_plan(
    quarterly_n_net,
    sd,
    *,
    windows: Sequence[int] = (1, 2, 4),
    comparisons: Sequence[str] = ("quarter_on_quarter", "year_on_year"),
    subgroups: float | Mapping[str, float] | None = None,
    deff=1.0,
    icc=None,
    cluster_size_quarter=None,
    contact_shares=None,
    response_rate=None,
    organisations: Sequence[str] | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    method: Method = "t",
) -> pd.DataFrame:
    """Detectable change per organisation for quarterly fieldwork pooled over windows.

    Each quarter yields ``quarterly_n_net`` respondents with a valid rating per organisation.
    Results are published as the mean over the last ``w`` quarters (a moving window), and a
    published figure is compared with the one a quarter earlier (``quarter_on_quarter``) or a
    year earlier (``year_on_year``).

    Parameters
    ----------
    quarterly_n_net : float, mapping or Series
        Net respondents per quarter per organisation (a number applies to all).
    sd : float, mapping or Series
        Standard deviation of the rating per organisation.
    windows : sequence of int, default (1, 2, 4)
        Window lengths ``w`` in quarters.
    comparisons : sequence of str, default ("quarter_on_quarter", "year_on_year")
        Lags of 1 and 4 quarters.
    subgroups : float or mapping label -> share, optional
        Subgroups to plan for besides all respondents, e.g. ``{"nationaliteit_x": 0.15}`` for a
        nationality that is 15% of the respondents (a bare number is labelled ``"subgroup"``).
    deff : float, mapping or Series, default 1
        Design effect applied to every row. When ``icc`` is given, give here only the part that
        is not clustering (Kish's weighting effect, times an fpc if wanted).
    icc : float, mapping or Series, optional
        Intraclass correlation by reception centre; then a clustering effect
        ``1 + (m̄ - 1) ICC`` is added per row with ``m̄ = cluster_size_quarter · q · share``
        (``q`` the quarters on each side of the comparison, at least 1).
    cluster_size_quarter : float, mapping or Series, optional
        Mean respondents per reception centre per quarter (required with ``icc``).
    contact_shares, response_rate : float, mapping or Series, optional
        When both are given, a column ``n_gross_quarter`` holds the invitations per quarter that
        yield the organisation's quarterly net n (:func:`gross_sample_size`).
    organisations : sequence of str, optional
        Organisations to report; by default the keys of the first mapping given, else
        IND, COA and DTV.
    alpha, power, method
        As in :func:`minimum_detectable_difference`.

    Returns
    -------
    pandas.DataFrame
        One row per organisation × group × window × comparison, with columns

        ``organisation``, ``group`` (``"all"`` or the subgroup label), ``group_share``,
        ``window_quarters`` (w), ``comparison``, ``overlap_quarters`` (quarters the two compared
        windows share), ``n_net_quarter`` (net n per quarter of the group),
        ``n_window`` (net n in one published figure: ``w ·`` quarterly), ``n_compared`` (net n
        on each side of the test, see Notes), ``deff``, ``n_effective`` (``n_compared / deff``),
        ``sd``, ``mde`` (detectable change in scale points), ``mde_cohens_d`` (``mde / sd``) and,
        if requested, ``n_gross_quarter``.

    Notes
    -----
    Two windows of ``w`` quarters that are ``L`` quarters apart (L = 1 or 4) share
    ``max(w - L, 0)`` quarters. With equal quarterly samples their difference is
    ``(ȳ_new - ȳ_old) · q / w``, where ``ȳ_new`` and ``ȳ_old`` are the means of the ``q = min(w,
    L)`` quarters that are not shared; the test of the change is the two-sample test of those
    quarters, with ``q ·`` quarterly n on each side. ``mde`` is the detectable shift of the
    underlying mean between those quarters. Consequences:

    * year on year (w ≤ 4): independent windows, ``n_compared = w ·`` quarterly n, so pooling
      shrinks the MDE by about ``1/sqrt(w)``;
    * quarter on quarter: ``q = 1`` whatever the window, so the detectable shift does not
      shrink by pooling; the moving average only moves ``1/w`` of a shift in the first quarter.

    The design effect is applied as for levels; for a change between periods that share
    reception centres it is conservative (the centre effects partly cancel). The clustering
    part assumes the ICC is stable over time and the subgroup is spread over the centres in
    proportion. Based on Kish (1965, §5.4, §8.2) and Cohen (1988, ch. 2).

    Examples
    --------
    >>> plan = continuous_measurement_plan({"IND": 300, "COA": 400}, 1.0, subgroups=0.15)
    >>> plan.query("organisation == 'IND' and group == 'all'")[
    ...     ["window_quarters", "comparison", "n_compared", "mde"]].round(3)
       window_quarters          comparison  n_compared    mde
    0                1  quarter_on_quarter       300.0  0.229
    1                1        year_on_year       300.0  0.229
    2                2  quarter_on_quarter       300.0  0.229
    3                2        year_on_year       600.0  0.162
    4                4  quarter_on_quarter       300.0  0.229
    5                4        year_on_year      1200.0  0.114
    """
    a, p = _alpha_power(alpha, power)
    _method(method)
    if organisations is None:
        for candidate in (quarterly_n_net, sd, deff, icc, cluster_size_quarter, contact_shares):
            if isinstance(candidate, Mapping | pd.Series):
                organisations = list(candidate.keys())
                break
        else:
            organisations = ["IND", "COA", "DTV"]
    orgs = list(dict.fromkeys(organisations))
    if not orgs:
        raise InputError("no organisations to plan for")
    n_q = _positive("quarterly_n_net", _per_org(quarterly_n_net, orgs, "quarterly_n_net"))
    s = _positive("sd", _per_org(sd, orgs, "sd"))
    base_deff = _positive("deff", _per_org(deff, orgs, "deff"))
    if (icc is None) != (cluster_size_quarter is None):
        raise InputError("icc and cluster_size_quarter go together")
    if icc is not None:
        rho = _finite("icc", _per_org(icc, orgs, "icc"))
        m_q = _positive(
            "cluster_size_quarter", _per_org(cluster_size_quarter, orgs, "cluster_size_quarter")
        )
    if subgroups is None:
        groups = {"all": 1.0}
    elif isinstance(subgroups, Mapping):
        if "all" in subgroups:
            raise InputError("'all' is reserved for all respondents; rename the subgroup")
        groups = {"all": 1.0, **{str(k): v for k, v in subgroups.items()}}
    else:
        groups = {"all": 1.0, "subgroup": subgroups}
    for label, share in groups.items():
        _share(f"share of subgroup {label!r}", share)
    win = [int(w) for w in windows]
    if not win or any(w < 1 or w != v for w, v in zip(win, windows, strict=True)):
        raise InputError(f"windows must be whole numbers of quarters >= 1, got {windows!r}")
    unknown = [c for c in comparisons if c not in _LAGS]
    if unknown or not comparisons:
        raise InputError(f"comparisons must be among {', '.join(_LAGS)}, got {comparisons!r}")

    rows = list(itertools.product(range(len(orgs)), groups.items(), win, comparisons))
    oi = np.array([r[0] for r in rows])
    share = np.array([r[1][1] for r in rows], dtype=float)
    w = np.array([r[2] for r in rows])
    lag = np.array([_LAGS[r[3]] for r in rows])
    q = np.minimum(w, lag)
    n_compared = n_q[oi] * share * q
    deff_row = base_deff[oi]
    if icc is not None:
        m_bar = np.maximum(m_q[oi] * share * q, 1.0)
        deff_row = deff_row * de.clustering_deff(m_bar, np.maximum(rho[oi], 0.0))
    n_eff = n_compared / deff_row
    if method == "t" and np.any(2 * n_eff - 2 < 1):
        raise InputError(
            "a group is too small for the t-test (fewer than 1.5 effective "
            "respondents per side); lower the subgroups or raise the n"
        )
    mde = minimum_detectable_difference(
        n_compared, s[oi], alpha=a, power=p, deff=deff_row, method=method
    )
    out = pd.DataFrame(
        {
            "organisation": [orgs[i] for i in oi],
            "group": [r[1][0] for r in rows],
            "group_share": share,
            "window_quarters": w,
            "comparison": [r[3] for r in rows],
            "overlap_quarters": np.maximum(w - lag, 0),
            "n_net_quarter": n_q[oi] * share,
            "n_window": n_q[oi] * share * w,
            "n_compared": n_compared,
            "deff": deff_row,
            "n_effective": n_eff,
            "sd": s[oi],
            "mde": np.atleast_1d(mde),
            "mde_cohens_d": np.atleast_1d(mde) / s[oi],
        }
    )
    if contact_shares is not None and response_rate is not None:
        cs = _share("contact share", _per_org(contact_shares, orgs, "contact_shares"))
        rr = _share("response rate", _per_org(response_rate, orgs, "response_rate"))
        out["n_gross_quarter"] = (n_q / (cs * rr))[oi]
    return out
