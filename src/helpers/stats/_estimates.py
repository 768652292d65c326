"""Design-based estimates for the descriptives report: means, % positive, distributions and NPS.

Every estimate is weighted with the respondent weights of ``respondents.parquet`` and comes with
its unweighted base ``n`` (the number of respondents with a valid answer, the number disclosure
control looks at), the design effective sample size ``n_eff`` and the design effect ``deff``.

Variance: one estimator for every table
---------------------------------------
All standard errors and intervals are those of :func:`helpers.stats.survey_estimate`: Taylor
linearisation with the declared cluster (the reception centre for asylum seekers) as primary
sampling unit, or the respondent where no cluster is declared (partners), each cell a domain of
the whole target group's design (Lumley 2010, §2.3; Wolter 2007, ch. 6). Means get
``estimate +- t(df) se`` with ``df`` the number of clusters (minus one) that hold the cell; shares
the Korn & Graubard (1998) interval on the design effective n (Parker et al. 2017); the Net
Promoter Score the adjusted Wald interval of Rocks (2016) on the same effective n.
``n_eff = n / deff`` with ``deff`` the design effect against simple random sampling with
replacement (R's ``svymean(..., deff = "replace")``); it is the number the "indicative" mark
looks at (:func:`helpers.stats.indicative`). The power report takes its observed design effect
from the same function (:func:`helpers.stats.observed_deff_by_organisation`).

A long ratings table holds one row per respondent and item; its values are put on the
respondents' design one cell (organisation x item) at a time, so the design (its clusters, its
degrees of freedom) is that of the respondents, not of the rating rows.

References
----------
Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for proportions with small expected
number of positive counts estimated from survey data. *Survey Methodology* 24(2), 193-201.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
Parker, J. D., Talih, M., Malec, D. J., et al. (2017). National Center for Health Statistics
data presentation standards for proportions. *Vital Health Stat* 2(175).
Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review* 81(12), 46-54.
Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American Statistician*
70(4), 365-372.
Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats._design import SurveyDesign
from helpers.stats._survey import SurveyEstimates, survey_estimate
from helpers.stats._survey import domains as survey_domains

#: Organisations in the report's default order (used when the caller gives no order).
ORGANISATIONS: tuple[str, ...] = ("IND", "COA", "DTV", "keten")
#: The measures :func:`summarise_ratings` knows.
MEASURES: tuple[str, ...] = ("mean", "pct_positive", "distribution", "nps")
#: The categories of a 1-5 item, 5 most positive.
LIKERT: tuple[int, ...] = (1, 2, 3, 4, 5)
#: The measure of :func:`helpers.stats.survey_estimate` behind each measure with an interval.
SURVEY_MEASURES: dict[str, str] = {"mean": "mean", "pct_positive": "share", "nps": "nps"}
#: The estimate column of each measure with an interval.
ESTIMATE_NAMES: dict[str, str] = {"mean": "mean", "pct_positive": "pct", "nps": "nps"}

_DESIGN = ("se", "ci_low", "ci_high", "deff", "df")
#: Output columns per measure (after the grouping columns).
COLUMNS: dict[str, tuple[str, ...]] = {
    "mean": ("n", "n_eff", "mean", *_DESIGN),
    "pct_positive": ("n", "n_eff", "pct", *_DESIGN),
    "distribution": ("n",),  # + one ``pct_<category>`` column per category
    "nps": ("n", "n_eff", "nps", *_DESIGN, "pct_detractors", "pct_passives", "pct_promoters"),
}


def respondent_design(
    respondents: pd.DataFrame,
    *,
    weight_col: str | None = "weight",
    cluster_col: str | None = None,
    population_size: float | None = None,
) -> SurveyDesign:
    """The sampling design of a table of respondents, one design row per respondent.

    Parameters
    ----------
    respondents : pandas.DataFrame
        One row per ``respondent_id`` (the whole target group: every cell is a domain of it).
    weight_col : str or None
        Weight column; ``None`` for unit weights.
    cluster_col : str or None
        The primary sampling unit (``"azc"`` for asylum seekers, as ``wave.yml`` declares);
        ``None``: each respondent is sampled on its own. A respondent without a value is a
        cluster of its own.
    population_size : float or None
        The size of the population the sample was drawn from, for the finite-population
        correction (R's ``fpc=``): with ``cluster_col`` the number of clusters (PSUs) in the
        population, without it the number of units. ``None`` (the default): no correction
        (sampling with replacement).

    Returns
    -------
    SurveyDesign

    Raises
    ------
    InputError
        Missing columns, a duplicated respondent, weights that are not positive, a single
        cluster (no design variance), a population size below the number of sampled clusters
        (or respondents).

    Notes
    -----
    With a population size :math:`N` and :math:`n` sampled PSUs the variance is multiplied by
    :math:`1 - n/N` (the standard error by :math:`\\sqrt{1 - n/N}`), as in R's
    ``svydesign(..., fpc=)`` (Lumley 2010, §2.2).

    References
    ----------
    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley, §2.2.
    Wolter, K. M. (2007). *Introduction to Variance Estimation* (2nd ed.). Springer.

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abcd"), "weight": 1.0,
    ...                      "azc": ["x", "x", "y", None]})
    >>> d = respondent_design(resp, cluster_col="azc")
    >>> d.n, d.n_psu, d.df
    (4, 3, 2)
    """
    _require_columns(respondents, ["respondent_id"], "respondents")
    if respondents["respondent_id"].duplicated().any():
        dup = respondents.loc[respondents["respondent_id"].duplicated(), "respondent_id"].iloc[0]
        raise InputError(f"respondents: respondent_id {dup!r} occurs more than once")
    if weight_col is not None:
        _require_columns(respondents, [weight_col], "respondents")
    cluster = None
    if cluster_col is not None:
        _require_columns(respondents, [cluster_col], "respondents")
        cluster = respondents[cluster_col].astype(object).to_numpy(copy=True)
        lone = pd.isna(cluster)
        # a respondent without a known cluster is a cluster of its own
        cluster[lone] = "\x00" + respondents.loc[lone, "respondent_id"].astype(str).to_numpy()
        cluster = cluster.astype(str)
    weights = None if weight_col is None else respondents[weight_col].to_numpy(dtype=float)
    fpc = None if population_size is None else np.full(len(respondents), float(population_size))
    return SurveyDesign.from_arrays(
        weights, n=len(respondents), cluster=cluster, population_size=fpc
    )


# --------------------------------------------------------------------------------------------
# tidy tables from ratings.parquet + respondents.parquet
# --------------------------------------------------------------------------------------------


def join_ratings(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    columns: Sequence[str] = (),
    *,
    weight_col: str | None = "weight",
) -> pd.DataFrame:
    """Ratings (long) with the respondent columns ``columns`` and the weight joined on.

    Parameters
    ----------
    ratings : pandas.DataFrame
        ``ratings.parquet``: ``respondent_id``, ``organisation``, ``item``, ``value``, ...
    respondents : pandas.DataFrame
        ``respondents.parquet``: one row per ``respondent_id`` with ``weight`` and background
        columns.
    columns : sequence of str
        Respondent columns wanted (e.g. ``["status"]``); columns already in ``ratings`` are taken
        from ``ratings``.
    weight_col : str or None
        Weight column of ``respondents``; ``None`` adds unit weights.

    Returns
    -------
    pandas.DataFrame
        ``ratings`` plus the requested columns and a float column ``weight``.

    Raises
    ------
    InputError
        Missing columns, duplicated respondents, ratings without a respondent, or weights that
        are missing, negative or not finite.

    Examples
    --------
    >>> r = pd.DataFrame({"respondent_id": ["a", "b"], "item": ["x", "x"], "value": [4.0, 5.0]})
    >>> p = pd.DataFrame({"respondent_id": ["a", "b"], "weight": [0.5, 1.5], "status": ["s", "t"]})
    >>> join_ratings(r, p, ["status"])[["respondent_id", "status", "weight"]].to_dict("list")
    {'respondent_id': ['a', 'b'], 'status': ['s', 't'], 'weight': [0.5, 1.5]}
    """
    _require_columns(ratings, ["respondent_id", "value"], "ratings")
    _require_columns(respondents, ["respondent_id"], "respondents")
    wanted = [c for c in dict.fromkeys(columns) if c not in ratings.columns]
    if weight_col is not None:
        _require_columns(respondents, [weight_col], "respondents")
    _require_columns(respondents, wanted, "respondents")
    take = ["respondent_id", *wanted]
    if weight_col is not None and weight_col not in take:
        take.append(weight_col)
    right = respondents[take]
    if weight_col is not None and weight_col != "weight":
        right = right.rename(columns={weight_col: "weight"})
        take = ["respondent_id", *wanted, "weight"]
    if right["respondent_id"].duplicated().any():
        dup = right.loc[right["respondent_id"].duplicated(), "respondent_id"].iloc[0]
        raise InputError(f"respondents: respondent_id {dup!r} occurs more than once")
    left = ratings.drop(columns=["weight"], errors="ignore")
    joined = left.merge(right, on="respondent_id", how="left", indicator=True)
    missing = joined["_merge"] == "left_only"
    if missing.any():
        raise InputError(
            f"ratings: {int(missing.sum())} rating(s) of respondents not in respondents, "
            f"e.g. {joined.loc[missing, 'respondent_id'].iloc[0]!r}"
        )
    joined = joined.drop(columns="_merge")
    if weight_col is None:
        joined["weight"] = 1.0
    joined["weight"] = _as_weights(joined["weight"], "respondents")
    joined["value"] = pd.to_numeric(joined["value"], errors="coerce").astype(float)
    return joined


def summarise_ratings(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    by: Sequence[str] = ("organisation", "item"),
    measure: str = "mean",
    *,
    order: Mapping[str, Sequence] | Sequence | None = None,
    weight_col: str | None = "weight",
    cluster_col: str | None = None,
    population_size: float | None = None,
    threshold: float = 4,
    categories: Sequence = LIKERT,
    level: float = 0.95,
) -> pd.DataFrame:
    """One row per group of the long ratings table with a design-based estimate and interval.

    Parameters
    ----------
    ratings, respondents : pandas.DataFrame
        The two data contracts (``ratings.parquet``, ``respondents.parquet``). ``respondents``
        is the design: give the whole target group, every group is a domain of it.
    by : sequence of str
        Grouping columns, from ``ratings`` (``organisation``, ``item``, ``target_group``) or from
        ``respondents`` (``status``, ``positie``, ``nationaliteit``, ...). Rows with a missing
        grouping value are left out. Each respondent may occur once per group (include ``item``
        when grouping over several items).
    measure : {"mean", "pct_positive", "distribution", "nps"}
        ``mean``: weighted mean (scale points); ``pct_positive``: % of answers at or above
        ``threshold``; ``distribution``: % per category (one ``pct_<category>`` column each, no
        interval); ``nps``: Net Promoter Score (filter ``item == "nps"`` first).
    order : mapping of column to sequence, or a sequence, optional
        Display order per grouping column, e.g. ``{"item": [...], "status": [...]}``; a plain
        sequence is the order of ``item``. Values not listed follow in alphabetical order.
        ``organisation`` defaults to :data:`ORGANISATIONS`; other columns sort alphabetically.
    weight_col : str or None
        Weight column of ``respondents``; ``None`` for unit weights.
    cluster_col : str or None
        Cluster (PSU) column of ``respondents`` (see :func:`respondent_design`); ``None``: the
        respondent is the sampling unit.
    population_size : float or None
        Population size for the finite-population correction (R's ``fpc=``; see
        :func:`respondent_design`): the number of clusters in the population with
        ``cluster_col``, else the number of units. ``None``: no correction.
    threshold : float
        Positive threshold for ``pct_positive``.
    categories : sequence
        Categories for ``distribution``.
    level : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns followed by :data:`COLUMNS` ``[measure]``: ``n`` (unweighted number
        of valid answers), ``n_eff`` (``n / deff``), the estimate (``mean``, ``pct`` 0-100 or
        ``nps`` -100..100), ``se``, ``ci_low``, ``ci_high``, ``deff`` and ``df`` (clusters, or
        respondents, holding the group, minus one), for NPS also the three-way split. A group
        whose answers are all missing has ``n == 0`` and NaN estimates. The result is not
        protected: pass it through :func:`helpers.privacy.protect_table` before showing it.

    Raises
    ------
    InputError
        Unknown measure or columns, duplicated respondent within a group, values outside the
        scale of the measure, bad weights, a design with a single cluster.

    Notes
    -----
    Per combination of the ``by`` columns that come from ``ratings`` (a cell such as an
    organisation and item), the values are placed on the respondents' design (NaN for those
    without an answer) and :func:`helpers.stats.survey_estimate` estimates the groups of the
    ``by`` columns that come from ``respondents`` as domains. This is R's
    ``svyby(~value, ~group, design, svymean)`` on the respondent design (or ``svyciprop``
    per domain for shares).

    Examples
    --------
    >>> ratings = pd.DataFrame({
    ...     "respondent_id": ["a", "b", "c", "a", "b", "c"],
    ...     "organisation": ["IND"] * 3 + ["COA"] * 3,
    ...     "item": ["totaaloordeel"] * 6,
    ...     "value": [4, 5, 3, 2, 4, None],
    ... })
    >>> respondents = pd.DataFrame({"respondent_id": ["a", "b", "c"], "weight": [1.0, 1.0, 1.0]})
    >>> t = summarise_ratings(ratings, respondents, measure="pct_positive")
    >>> t[["organisation", "n", "pct"]].round(1).to_dict("list")
    {'organisation': ['IND', 'COA'], 'n': [3, 2], 'pct': [66.7, 50.0]}
    """
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
    if not 0 < level < 1:
        raise InputError(f"level must lie in (0, 1), got {level!r}")
    by = _as_list(by)
    frame, design, cells, domains = _prepare(
        ratings,
        respondents,
        by,
        weight_col=weight_col,
        cluster_col=cluster_col,
        population_size=population_size,
        with_design=measure != "distribution",
    )
    if measure == "distribution":
        table = _distribution_table(frame, by, categories)
    else:
        parts = []
        for key, est in cell_estimates(
            frame, design, cells, domains, measure, threshold=threshold, level=level
        ):
            part = est.table.rename(columns={"estimate": ESTIMATE_NAMES[measure]})
            if not domains:
                part = part.drop(columns="group")
            for col, value in zip(cells, key, strict=True):
                part[col] = value
            parts.append(part)
        table = pd.concat(parts, ignore_index=True) if parts else _empty(by, measure)
        # only the groups that occur in the ratings (not every category of the respondents)
        table = table.merge(frame[by].drop_duplicates(), on=by, how="inner") if by else table
        if measure == "nps":
            split = _distribution_table(frame, by, range(11))
            table = table.merge(_nps_split(split, by), on=by, how="left")
        table = table[[*by, *COLUMNS[measure]]]
    return order_rows(table, by, order)


def cell_estimates(
    frame: pd.DataFrame,
    design: SurveyDesign,
    cells: Sequence[str],
    domains: Sequence[str],
    measure: str,
    *,
    threshold: float = 4,
    level: float = 0.95,
) -> Iterator[tuple[tuple, SurveyEstimates]]:
    """:func:`helpers.stats.survey_estimate` per cell, the groups as domains of the design.

    Parameters
    ----------
    frame : pandas.DataFrame
        Ratings joined with the respondents (:func:`join_ratings`) plus ``_row``, the design row
        of each rating (as :func:`summarise_ratings` prepares it).
    design : SurveyDesign
        The respondents' design (:func:`respondent_design`).
    cells : sequence of str
        Rating-level columns; one call per combination (e.g. organisation and item).
    domains : sequence of str
        Respondent-level columns whose groups are the domains (none: one estimate per cell).
    measure : {"mean", "pct_positive", "nps"}
    threshold, level : float
        As :func:`summarise_ratings`.

    Yields
    ------
    (tuple, SurveyEstimates)
        The cell's values of ``cells`` and its estimates (with the domains' covariance).
    """
    rows = frame["_row"].to_numpy()
    values = frame["value"].to_numpy(dtype=float)
    labels = survey_domains(_respondent_labels(frame, design.n, domains), design.n)
    groups = (
        frame.groupby(list(cells), sort=False, dropna=True).indices
        if cells
        else {(): np.arange(len(frame))}
    )
    for key, idx in groups.items():
        x = np.full(design.n, np.nan)
        x[rows[idx]] = values[idx]
        key = key if isinstance(key, tuple) else (key,)
        yield (
            key,
            survey_estimate(
                x, design, SURVEY_MEASURES[measure], by=labels, threshold=threshold, level=level
            ),
        )


def order_rows(
    table: pd.DataFrame, by: Sequence[str], order: Mapping[str, Sequence] | Sequence | None = None
) -> pd.DataFrame:
    """Sort a table on its grouping columns in the report's order; index reset.

    Parameters
    ----------
    table : pandas.DataFrame
        Any table with the columns ``by``.
    by : sequence of str
        Columns to sort on, most significant first.
    order : mapping of column to sequence, or a sequence, optional
        Wanted order per column (a plain sequence applies to ``item``). Unlisted values follow,
        alphabetically. ``organisation`` defaults to :data:`ORGANISATIONS`.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> t = pd.DataFrame({"organisation": ["keten", "COA", "IND"], "item": ["b", "a", "c"]})
    >>> order_rows(t, ["organisation"])["organisation"].tolist()
    ['IND', 'COA', 'keten']
    >>> order_rows(t, ["item"], ["c", "a"])["item"].tolist()
    ['c', 'a', 'b']
    """
    by = _as_list(by)
    if order is None:
        order = {}
    elif not isinstance(order, Mapping):
        if isinstance(order, str):
            raise InputError("order must be a sequence of values or a mapping column -> values")
        order = {"item": list(order)}
    unknown = [c for c in order if c not in table.columns]
    if unknown:
        raise InputError(f"order names columns that are not in the table: {unknown}")
    order = {"organisation": ORGANISATIONS, **order}
    if not by or table.empty:
        return table.reset_index(drop=True)

    def key(col: pd.Series) -> pd.Series:
        wanted = order.get(col.name)
        as_text = col.astype(str)
        if wanted is None:
            return as_text
        position = {str(v): i for i, v in enumerate(wanted)}
        # listed values first, in the given order; the rest alphabetically after them
        rest = sorted(set(as_text) - set(position))
        position.update({v: len(wanted) + i for i, v in enumerate(rest)})
        return as_text.map(position)

    return table.sort_values(by, key=key, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# internals
# --------------------------------------------------------------------------------------------


def _prepare(
    ratings: pd.DataFrame,
    respondents: pd.DataFrame,
    by: list[str],
    *,
    weight_col: str | None,
    cluster_col: str | None,
    population_size: float | None = None,
    with_design: bool = True,
) -> tuple[pd.DataFrame, SurveyDesign | None, list[str], list[str]]:
    """Joined ratings (with ``_row``), the design, and the cell and domain columns of ``by``."""
    frame = join_ratings(ratings, respondents, by, weight_col=weight_col)
    _require_columns(frame, by, "ratings/respondents")
    frame = frame.dropna(subset=by) if by else frame
    valid = frame["value"].notna()
    if frame.loc[valid].duplicated(subset=[*by, "respondent_id"]).any():
        raise InputError(
            f"a respondent has more than one answer within a group of {by}; "
            "add 'item' (or 'organisation') to `by`"
        )
    design = (
        respondent_design(
            respondents,
            weight_col=weight_col,
            cluster_col=cluster_col,
            population_size=population_size,
        )
        if with_design
        else None
    )
    position = pd.Series(np.arange(len(respondents)), index=respondents["respondent_id"].to_numpy())
    frame = frame.assign(_row=position.reindex(frame["respondent_id"].to_numpy()).to_numpy())
    cells = [c for c in by if c in ratings.columns]
    domains = [c for c in by if c not in ratings.columns]
    return frame, design, cells, domains


def _respondent_labels(frame: pd.DataFrame, rows: int, domains: Sequence[str]):
    """The domain labels per design row (None: no domains)."""
    if not domains:
        return None
    first = frame.drop_duplicates("_row")
    labels = pd.DataFrame(index=np.arange(rows), columns=list(domains), dtype=object)
    labels.loc[first["_row"].to_numpy(), list(domains)] = first[list(domains)].to_numpy()
    return labels


def _distribution_table(frame: pd.DataFrame, by: list[str], categories) -> pd.DataFrame:
    """Weighted % per category and the base ``n`` per group (no interval)."""
    cats = np.asarray(list(categories), dtype=float)
    if cats.size == 0 or np.unique(cats).size != cats.size:
        raise InputError("categories must be a non-empty sequence of distinct numbers")
    x = frame["value"].to_numpy(dtype=float)
    valid = ~np.isnan(x)
    bad = valid & ~np.isin(np.where(valid, x, cats[0]), cats)
    if bad.any():
        raise InputError(f"value {x[bad][0]:g} is not one of the categories {list(categories)}")
    w = np.where(valid, frame["weight"].to_numpy(dtype=float), 0.0)
    names = [f"pct_{_cat_name(c)}" for c in categories]
    parts = pd.DataFrame((x[:, None] == cats[None, :]) * w[:, None], columns=names)
    parts["n"], parts["sw"] = valid.astype(int), w
    keys = [frame[c].to_numpy() for c in by] if by else [np.zeros(len(frame), dtype=int)]
    sums = parts.groupby(keys, sort=False, observed=True, dropna=True).sum()
    if by:
        sums.index.names = by
        sums = sums.reset_index()
    else:
        sums = sums.reset_index(drop=True)
    out = sums[by].copy()
    out["n"] = sums["n"].astype(int)
    sw = sums["sw"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        for name in names:
            out[name] = np.where(sw > 0, 100 * sums[name].to_numpy(float) / sw, np.nan)
    return out


def _nps_split(split: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """% detractors (0-6), passives (7-8) and promoters (9-10) from a 0-10 distribution."""
    pct = split[[f"pct_{c}" for c in range(11)]].to_numpy(float)
    out = split[by].copy()
    out["pct_detractors"] = pct[:, :7].sum(axis=1)
    out["pct_passives"] = pct[:, 7:9].sum(axis=1)
    out["pct_promoters"] = pct[:, 9:].sum(axis=1)
    empty = split["n"].to_numpy() == 0
    out.loc[empty, ["pct_detractors", "pct_passives", "pct_promoters"]] = np.nan
    return out


def _empty(by: list[str], measure: str) -> pd.DataFrame:
    return pd.DataFrame(columns=[*by, *COLUMNS[measure]])


def _as_weights(weights, where: str | None) -> np.ndarray:
    try:
        w = np.asarray(weights, dtype=float).ravel()
    except (TypeError, ValueError) as exc:
        raise InputError(f"weights are not numeric: {exc}") from None
    prefix = f"{where}: " if where else ""
    if not np.all(np.isfinite(w)):
        raise InputError(f"{prefix}weights must be finite (no missing weights)")
    if np.any(w < 0):
        raise InputError(f"{prefix}weights must not be negative")
    return w


def _require_columns(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(f"{what}: missing column(s) {missing}")


def _as_list(cols) -> list[str]:
    if cols is None:
        return []
    if isinstance(cols, str):
        return [cols]
    return list(cols)


def _cat_name(c) -> str:
    c = float(c) if not isinstance(c, str) else c
    if isinstance(c, float) and c.is_integer():
        return str(int(c))
    return str(c)
