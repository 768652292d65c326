"""Subgroup comparisons for the descriptives report: design-based omnibus and pairwise tests.

For a measure (mean, % positive, NPS) per subgroup of a background variable (``status``,
``positie``, ``nationaliteit``, ``azc``, ``modus``), :func:`compare_groups` tests, within each
organisation and item (one *family*):

1. **Omnibus**: are all groups equal? The design-based Wald test on the groups' domain
   estimates and their linearised covariance (:meth:`helpers.stats.SurveyEstimates.
   equality_test`, F on the design df; R's ``regTermTest(svyglm(y ~ group, design), ~group)``;
   Lumley & Scott 2014). Groups that share clusters (the reception centres) carry their
   covariance.
2. **Pairwise**, only in a family whose omnibus test is significant: every pair's difference
   with its design standard error (``Var(a - b) = V_aa + V_bb - 2 V_ab``; R's ``svycontrast``
   on ``svyby(..., covmat = TRUE)``), t on the design df, Holm (1979) within the family. In a
   family whose omnibus test is not significant no pair is declared different (a closed,
   gatekeeping procedure: Marcus, Peritz & Gabriel 1976 for the protection by the global
   test).

Estimates are those of :func:`helpers.stats.summarise_ratings` (:mod:`helpers.stats._estimates`),
with the wave's declared cluster as primary sampling unit. Groups with fewer than ``min_n``
respondents (the disclosure threshold, passed in as a number) are never tested, so their names
never reach a sentence; ``cells`` restricts the tests further to the cells a protected table
shows, so that a sentence never reveals a value that secondary suppression hid. Numbers and
codes only; the Dutch sentences are written by the report layer (``helpers.report.
_compare_text``).

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of
Statistics* 6(2), 65-70.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
Lumley, T. & Scott, A. J. (2014). Tests for regression models fitted to survey data.
*Australian & New Zealand Journal of Statistics* 56(1), 1-14.
Marcus, R., Peritz, E. & Gabriel, K. R. (1976). On closed testing procedures with special
reference to ordered analysis of variance. *Biometrika* 63(3), 655-660.
Welch, B. L. (1947). The generalization of 'Student's' problem when several different population
variances are involved. *Biometrika* 34(1/2), 28-35.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats._distributions import t_sf
from helpers.stats._estimates import (
    SURVEY_MEASURES,
    _as_list,
    _prepare,
    cell_estimates,
    order_rows,
)
from helpers.stats._survey import holm

__all__ = [
    "COLUMNS",
    "OMNIBUS_COLUMNS",
    "SubgroupTests",
    "compare_groups",
    "holm",
    "omnibus_tests",
    "subgroup_tests",
    "welch_test",
]

#: Columns of :func:`compare_groups` after the ``by`` columns.
COLUMNS: tuple[str, ...] = (
    "variable",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "estimate_a",
    "estimate_b",
    "difference",
    "se",
    "statistic",
    "df",
    "p_value",
    "p_omnibus",
    "p_holm",
    "significant",
    "test",
    "measure",
)
#: Columns of :func:`omnibus_tests` after the ``by`` columns.
OMNIBUS_COLUMNS: tuple[str, ...] = (
    "variable",
    "k",
    "statistic",
    "df1",
    "df2",
    "p_value",
    "significant",
    "test",
    "measure",
)


# --------------------------------------------------------------------------------------------
# two independent estimates (the trends' wave-on-wave tests)
# --------------------------------------------------------------------------------------------


def welch_test(mean_a, se_a, n_eff_a, mean_b, se_b, n_eff_b):
    """Welch's t-test from two group means, their standard errors and (effective) sizes.

    Parameters
    ----------
    mean_a, se_a, n_eff_a, mean_b, se_b, n_eff_b : array-like of float
        Per comparison; ``se`` is the standard error of the mean, ``n_eff`` the (Kish effective)
        number of observations behind it.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        ``t``, Welch-Satterthwaite ``df`` and the two-sided p-value; NaN where both standard
        errors are zero or a group has ``n_eff <= 1``.

    Notes
    -----
    ``t = (m_a - m_b) / sqrt(se_a^2 + se_b^2)``;
    ``df = (se_a^2 + se_b^2)^2 / (se_a^4 / (n_a - 1) + se_b^4 / (n_b - 1))`` (Welch 1947;
    Satterthwaite 1946).

    References
    ----------
    Welch, B. L. (1947). *Biometrika* 34, 28-35.

    Examples
    --------
    >>> t, df, p = welch_test(4.2, 0.1, 50, 3.8, 0.12, 40)
    >>> round(float(t), 3), round(float(df), 1), round(float(p), 4)
    (2.561, 80.9, 0.0123)
    """
    m_a, s_a, n_a, m_b, s_b, n_b = (
        np.asarray(v, dtype=float) for v in (mean_a, se_a, n_eff_a, mean_b, se_b, n_eff_b)
    )
    v_a, v_b = s_a**2, s_b**2
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (v_a + v_b > 0) & (n_a > 1) & (n_b > 1)
        t = np.where(ok, (m_a - m_b) / np.sqrt(v_a + v_b), np.nan)
        df = np.where(ok, (v_a + v_b) ** 2 / (v_a**2 / (n_a - 1) + v_b**2 / (n_b - 1)), np.nan)
        p = np.where(ok, 2 * t_sf(np.abs(t), df), np.nan)
    return t, df, p


# --------------------------------------------------------------------------------------------
# subgroup tables
# --------------------------------------------------------------------------------------------


class SubgroupTests(NamedTuple):
    """Result of :func:`subgroup_tests`: the omnibus test per family and the pairwise tests."""

    omnibus: pd.DataFrame
    pairs: pd.DataFrame


def compare_groups(*args, **kwargs) -> pd.DataFrame:
    """The pairwise table of :func:`subgroup_tests` (same parameters).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> resp = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(80)],
    ...                      "status": ["afgewezen"] * 40 + ["vergunning_na_beroep"] * 40,
    ...                      "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": resp["respondent_id"], "organisation": "COA",
    ...                     "item": "totaaloordeel",
    ...                     "value": np.r_[np.full(40, 4.0), np.full(40, 3.0)]
    ...                              + rng.choice([-1.0, 0.0, 1.0], 80)})
    >>> t = compare_groups(rat, resp, "status", min_n=10)
    >>> round(float(t.loc[0, "difference"]), 2), bool(t.loc[0, "significant"])
    (0.95, True)
    """
    return subgroup_tests(*args, **kwargs).pairs


def omnibus_tests(*args, **kwargs) -> pd.DataFrame:
    """The omnibus table of :func:`subgroup_tests` (same parameters).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(60)],
    ...                      "azc": ["A"] * 20 + ["B"] * 20 + ["C"] * 20, "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": resp["respondent_id"], "organisation": "COA",
    ...                     "item": "totaaloordeel", "value": [5.0, 2.0] * 30})
    >>> omnibus_tests(rat, resp, "azc", min_n=10)[["k", "statistic", "df1", "df2"]].to_dict("list")
    {'k': [3], 'statistic': [0.0], 'df1': [2], 'df2': [57]}
    """
    return subgroup_tests(*args, **kwargs).omnibus


def subgroup_tests(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    group_col: str,
    measure: str = "mean",
    *,
    by: Sequence[str] = ("organisation", "item"),
    groups: Sequence | None = None,
    order: Mapping[str, Sequence] | Sequence | None = None,
    weight_col: str | None = "weight",
    cluster_col: str | None = None,
    population_size: float | None = None,
    threshold: float = 4,
    alpha: float = 0.05,
    min_n: int,
    cells: pd.DataFrame | None = None,
) -> SubgroupTests:
    """Omnibus test per family, then pairwise tests with Holm where the omnibus is significant.

    Parameters
    ----------
    ratings, respondents : pandas.DataFrame
        The data contracts of ``ratings.parquet`` and ``respondents.parquet``; ``respondents``
        is the whole target group (the design).
    group_col : str
        The background variable (a column of ``respondents``), e.g. ``"status"``. Recode small
        categories first with :func:`helpers.privacy.safe_categories`.
    measure : {"mean", "pct_positive", "nps"}
        What is compared (filter ``item == "nps"`` first for NPS).
    by : sequence of str
        Columns of ``ratings``; each combination is one family (e.g. organisation and item).
    groups : sequence, optional
        The groups to compare, in this order (pairs follow it: ``group_a`` comes first).
        Default: all values of ``group_col``, sorted.
    order : mapping or sequence, optional
        Row order of the ``by`` columns (see :func:`helpers.stats._estimates.order_rows`).
    weight_col : str or None
        Weight column; ``None`` for unit weights.
    cluster_col : str or None
        Cluster (PSU) column of ``respondents`` (the wave's declared design); ``None``: the
        respondent is the sampling unit.
    population_size : float or None
        Population size for the finite-population correction (R's ``fpc=``; Lumley 2010,
        §2.2): the number of clusters in the population with ``cluster_col``, else the number
        of units (see :func:`helpers.stats.respondent_design`). ``None``: no correction.
    threshold : float
        Positive threshold for ``pct_positive``.
    alpha : float
        Level of the omnibus test and of the Holm-adjusted pairwise p-values.
    min_n : int
        Groups with an unweighted base below this are not tested (the disclosure threshold).
    cells : pandas.DataFrame, optional
        The cells that may be tested: rows with the ``by`` columns and ``group_col`` (e.g. the
        unsuppressed rows of the protected subgroup table). Default: every cell with at least
        ``min_n`` respondents.

    Returns
    -------
    SubgroupTests
        ``omnibus``: the ``by`` columns, then :data:`OMNIBUS_COLUMNS`: ``variable``, ``k``
        (groups tested), ``statistic`` (F), ``df1``, ``df2``, ``p_value``, ``significant``
        (``p < alpha``), ``test`` (``"wald_f"``) and ``measure``; families with fewer than two
        testable groups are left out. ``pairs``: the ``by`` columns, then :data:`COLUMNS`:
        ``variable``, ``group_a``, ``group_b``, bases ``n_a``/``n_b``, ``estimate_a``,
        ``estimate_b`` (mean, % or NPS), ``difference`` (a - b), its design ``se``,
        ``statistic`` (t), ``df`` (design df), ``p_value`` (unadjusted), ``p_omnibus``,
        ``p_holm`` (Holm within the family; NaN where the omnibus test is not significant),
        ``significant`` (``p_holm < alpha``), ``test`` (``"design_t"``) and ``measure``.

    Raises
    ------
    InputError
        Unknown measure or column, a ``by`` column that is not a ratings column, a group in
        ``groups`` that is not in the data, or bad input for
        :func:`helpers.stats.summarise_ratings`.

    Notes
    -----
    The omnibus test is :meth:`helpers.stats.SurveyEstimates.equality_test`: the Wald
    statistic of the contrasts "each group minus the first" with the linearised covariance of
    the domain estimates, ``F = W / (k - 1)`` on ``(k - 1, d - k + 1)`` with ``d`` the design
    df of the respondents in the tested groups, as R's ``regTermTest(svyglm(value ~ group,
    design), ~group)`` (Lumley & Scott 2014). The pairs are
    :meth:`helpers.stats.SurveyEstimates.differences` (``svycontrast``).
    """
    if measure not in SURVEY_MEASURES:
        raise InputError(
            f"compare_groups measures 'mean', 'pct_positive' or 'nps', not {measure!r}"
        )
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie in (0, 1), got {alpha!r}")
    by = _as_list(by)
    if group_col in by:
        raise InputError(f"group_col {group_col!r} is also in `by`")
    if group_col in ratings.columns:
        raise InputError(f"group_col {group_col!r} must be a respondent column, not a ratings one")
    not_cells = [c for c in by if c not in ratings.columns]
    if not_cells:
        raise InputError(f"`by` must name ratings columns; {not_cells} are not")
    frame, design, cell_cols, _ = _prepare(
        ratings,
        respondents,
        [*by, group_col],
        weight_col=weight_col,
        cluster_col=cluster_col,
        population_size=population_size,
    )
    present = list(pd.unique(frame[group_col]))
    if groups is None:
        groups = sorted(present, key=str)
    else:
        groups = list(groups)
        unknown = [g for g in groups if g not in present]
        if unknown:
            raise InputError(f"{group_col}: group(s) {unknown} not in the data")
    allowed = None if cells is None else _allowed_cells(cells, [*by, group_col])
    rank = {g: i for i, g in enumerate(groups)}
    omnibus, pairs = [], []
    for key, est in cell_estimates(
        frame, design, cell_cols, [group_col], measure, threshold=threshold
    ):
        t = est.table
        labels = t[group_col].tolist()
        rows = [
            i
            for i in sorted(range(len(t)), key=lambda i: rank.get(labels[i], len(rank)))
            if labels[i] in rank
            and t["n"].iloc[i] >= min_n
            and (allowed is None or _cell_key(key, labels[i]) in allowed)
        ]
        if len(rows) < 2:
            continue
        head = dict(zip(cell_cols, key, strict=True))
        test = est.equality_test(rows)
        significant = bool(test.p < alpha)
        omnibus.append(
            {
                **head,
                "variable": group_col,
                "k": len(rows),
                "statistic": test.statistic,
                "df1": test.df1,
                "df2": test.df2,
                "p_value": test.p,
                "significant": significant,
                "test": "wald_f",
                "measure": measure,
            }
        )
        diff = est.differences(rows)
        n = dict(zip(labels, t["n"].astype(int), strict=True))
        value = dict(zip(labels, t["estimate"].astype(float), strict=True))
        k = len(diff)
        a, b = diff["group_a"].tolist(), diff["group_b"].tolist()
        difference, se = diff["difference"].to_numpy(float), diff["se"].to_numpy(float)
        p_holm = diff["p_holm"].to_numpy(float) if significant else np.full(k, np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            statistic = difference / se
        part = {c: [v] * k for c, v in head.items()}  # one frame per family, built at once
        part.update(
            variable=[group_col] * k,
            group_a=a,
            group_b=b,
            n_a=[n[g] for g in a],
            n_b=[n[g] for g in b],
            estimate_a=[value[g] for g in a],
            estimate_b=[value[g] for g in b],
            difference=difference,
            se=se,
            df=diff["df"].to_numpy(),
            statistic=statistic,
            p_value=diff["p"].to_numpy(float),
            p_omnibus=np.full(k, test.p),
            p_holm=p_holm,
            significant=p_holm < alpha,
            test=["design_t"] * k,
            measure=[measure] * k,
        )
        pairs.append(pd.DataFrame(part, columns=[*cell_cols, *COLUMNS]))
    row_order = (
        dict(order) if isinstance(order, Mapping) else ({} if order is None else {"item": order})
    )
    row_order = {k: v for k, v in row_order.items() if k in by}
    omnibus_table = pd.DataFrame(omnibus, columns=[*by, *OMNIBUS_COLUMNS])
    pair_table = (
        pd.concat(pairs, ignore_index=True) if pairs else pd.DataFrame(columns=[*by, *COLUMNS])
    )
    pair_table["significant"] = pair_table["significant"].astype(bool)
    omnibus_table["significant"] = omnibus_table["significant"].astype(bool)
    return SubgroupTests(
        order_rows(omnibus_table, by, row_order), order_rows(pair_table, by, row_order)
    )


# --------------------------------------------------------------------------------------------
# internals
# --------------------------------------------------------------------------------------------


def _allowed_cells(cells: pd.DataFrame, keys: list[str]) -> set:
    """The ``keys`` combinations listed in ``cells`` (as strings)."""
    if not isinstance(cells, pd.DataFrame):
        raise InputError("cells must be a DataFrame with the `by` columns and the group column")
    missing = [c for c in keys if c not in cells.columns]
    if missing:
        raise InputError(f"cells: missing column(s) {missing}")
    return {tuple(str(v) for v in row) for row in cells[keys].itertuples(index=False)}


def _cell_key(key: tuple, group) -> tuple:
    return tuple(str(v) for v in (*key, group))
