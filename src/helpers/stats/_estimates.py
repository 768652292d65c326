"""Design-based estimates for the descriptives report: means, % positive, distributions and NPS.

Every estimate is weighted with the respondent weights of ``respondents.parquet`` and comes with
its unweighted base ``n`` (the number of respondents with a valid answer, the number disclosure
control looks at) and the Kish effective sample size ``n_eff``.

Variance: one choice for the whole module
-----------------------------------------
All intervals use the **Kish effective sample size** ``n_eff = (sum w)^2 / sum w^2`` (Kish 1965,
section 11.7; Kish 1992). It is the number of unweighted observations that would give the same
precision as the weighted sample, so the usual simple-random-sampling formulas are applied with
``n_eff`` in place of ``n``:

* mean: ``se^2 = s_w^2 / (n_eff - 1)`` with ``s_w^2 = sum w (x - m)^2 / sum w`` (the weighted
  population variance), interval ``m +- t(n_eff - 1) se``. This is exactly what statsmodels'
  :class:`~statsmodels.stats.weightstats.DescrStatsW` gives (``std_mean``, ``tconfint_mean``)
  when the weights are rescaled to sum to ``n_eff``; with unit weights it is the textbook
  ``s / sqrt(n)``.
* proportions: Wilson (1927) score interval with ``n_eff`` as the number of trials (the
  "effective-n Wilson" interval, Kish 1965; Korn & Graubard 1998 discuss the same substitution).
* NPS: the multinomial variance of a difference of two shares divided by ``n_eff`` (Rocks 2016).

The Kish approximation ignores a correlation between weights and outcome; a Taylor-linearisation
variance would pick that up. With weights that are calibration weights of modest spread (mean 1
within target group) the two agree closely, and the Kish version keeps one ``n_eff`` per cell that
can be shown next to ``n`` in every table.

References
----------
Kish, L. (1965). *Survey Sampling*. New York: Wiley.
Kish, L. (1992). Weighting for unequal Pi. *Journal of Official Statistics* 8(2), 183-200.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association* 22(158), 209-212.
Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for proportions with small expected
number of positive counts estimated from survey data. *Survey Methodology* 24(2), 193-201.
Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American Statistician*
70(4), 365-372.
Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review* 81(12), 46-54.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from helpers.errors import InputError
from helpers.stats._design_effects import kish_deff

#: Organisations in the report's default order (used when the caller gives no order).
ORGANISATIONS: tuple[str, ...] = ("IND", "COA", "DTV", "keten")
#: The measures :func:`summarise_ratings` knows.
MEASURES: tuple[str, ...] = ("mean", "pct_positive", "distribution", "nps")
#: The categories of a 1-5 item, 5 most positive.
LIKERT: tuple[int, ...] = (1, 2, 3, 4, 5)

#: Output columns per measure (after the grouping columns).
COLUMNS: dict[str, tuple[str, ...]] = {
    "mean": ("n", "n_eff", "mean", "se", "ci_low", "ci_high"),
    "pct_positive": ("n", "n_eff", "pct", "ci_low", "ci_high"),
    "distribution": ("n", "n_eff"),  # + one ``pct_<category>`` column per category
    "nps": (
        "n",
        "n_eff",
        "nps",
        "se",
        "ci_low",
        "ci_high",
        "pct_detractors",
        "pct_passives",
        "pct_promoters",
    ),
}


class MeanEstimate(NamedTuple):
    """A weighted mean with its 95% (or ``level``) interval."""

    n: int
    n_eff: float
    mean: float
    se: float
    ci_low: float
    ci_high: float


class ProportionEstimate(NamedTuple):
    """A weighted percentage with its Wilson interval, all in percent."""

    n: int
    n_eff: float
    pct: float
    ci_low: float
    ci_high: float


class NPSEstimate(NamedTuple):
    """A Net Promoter Score (-100..100) with its interval and the three-way split in percent."""

    n: int
    n_eff: float
    nps: float
    se: float
    ci_low: float
    ci_high: float
    pct_detractors: float
    pct_passives: float
    pct_promoters: float


# --------------------------------------------------------------------------------------------
# small closed forms
# --------------------------------------------------------------------------------------------


def kish_neff(weights) -> float:
    """Kish effective sample size ``(sum w)^2 / sum w^2``.

    Parameters
    ----------
    weights : array-like of float
        Non-negative weights; NaN is not allowed (drop those respondents first).

    Returns
    -------
    float
        ``n_eff``; equals ``len(weights)`` for equal weights, NaN when all weights are zero.

    Notes
    -----
    Kish (1965, eq. 11.7.6): the design effect of unequal weighting is
    ``deff = n sum w^2 / (sum w)^2`` (:func:`helpers.stats._design_effects.kish_deff`) and
    ``n_eff = n / deff``.

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. Wiley.

    Examples
    --------
    >>> kish_neff([1, 1, 1, 1])
    4.0
    >>> round(kish_neff([1, 2, 3]), 4)  # 36 / 14
    2.5714
    """
    w = _as_weights(weights, None)
    positive = w[w > 0]  # a zero weight adds nothing to either sum
    if positive.size == 0:
        return float("nan")
    return positive.size / kish_deff(positive)


def wilson_interval(p, n, level: float = 0.95):
    """Wilson score interval for a proportion, vectorised; ``n`` may be an effective (real) n.

    Parameters
    ----------
    p : array-like of float
        Observed proportions in [0, 1].
    n : array-like of float
        Number of trials; a Kish effective sample size is allowed (need not be an integer).
    level : float
        Confidence level, default 0.95.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds as proportions; NaN where ``n <= 0`` or ``p`` is NaN.

    Notes
    -----
    With ``z`` the ``(1 + level) / 2`` normal quantile (Wilson 1927)::

        centre = (p + z^2 / (2n)) / (1 + z^2 / n)
        half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / (4 n^2))

    Identical to ``statsmodels.stats.proportion.proportion_confint(p * n, n, method="wilson")``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *JASA* 22(158), 209-212.

    Examples
    --------
    >>> lo, hi = wilson_interval(0.5, 10)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.2366, 0.7634)
    >>> lo, hi = wilson_interval([0.0, 1.0], [20, 20])
    >>> [round(float(v), 4) for v in lo], [round(float(v), 4) for v in hi]
    ([0.0, 0.8389], [0.1611, 1.0])
    """
    _check_level(level)
    p = np.asarray(p, dtype=float)
    n = np.asarray(n, dtype=float)
    z = stats.norm.ppf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_ok = np.where(n > 0, n, np.nan)
        denom = 1 + z**2 / n_ok
        centre = (p + z**2 / (2 * n_ok)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n_ok + z**2 / (4 * n_ok**2))
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


# --------------------------------------------------------------------------------------------
# estimates for one set of values
# --------------------------------------------------------------------------------------------


def weighted_mean(values, weights=None, *, level: float = 0.95) -> MeanEstimate:
    """Weighted mean with a design-based interval using the Kish effective sample size.

    Parameters
    ----------
    values : array-like of float
        Answers; NaN ("weet niet", not answered) is left out of the base.
    weights : array-like of float, optional
        Respondent weights (same length); ``None`` means unweighted.
    level : float
        Confidence level of the interval, default 0.95.

    Returns
    -------
    MeanEstimate
        ``n`` (unweighted base), ``n_eff``, ``mean``, ``se``, ``ci_low``, ``ci_high``. ``se`` and
        the interval are NaN when ``n_eff <= 1``.

    Notes
    -----
    ``m = sum w x / sum w``; ``s_w^2 = sum w (x - m)^2 / sum w``;
    ``se = sqrt(s_w^2 / (n_eff - 1))``; interval ``m +- t_{n_eff - 1} se`` (Kish 1965). Equal to
    ``DescrStatsW(x, weights=w * n_eff / sum(w))``'s ``mean``, ``std_mean`` and
    ``tconfint_mean``; with unit weights ``se = s / sqrt(n)`` with the ``n - 1`` sample variance.

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. Wiley.

    Examples
    --------
    >>> est = weighted_mean([4, 5, 3, 4, float("nan")], weights=[1.0, 2.0, 1.0, 0.5, 1.0])
    >>> est.n, round(est.n_eff, 3), round(est.mean, 4)  # 4.5**2 / 6.25 and 19 / 4.5
    (4, 3.24, 4.2222)
    >>> round(weighted_mean([1, 2, 3, 4, 5]).se, 4)  # sqrt(2.5 / 5)
    0.7071
    """
    return MeanEstimate(**_single(_mean_table, values, weights, level=level))


def pct_positive(
    values, weights=None, *, threshold: float = 4, level: float = 0.95
) -> ProportionEstimate:
    """Weighted % of answers at or above ``threshold`` (default 4 on 1-5) with a Wilson interval.

    Parameters
    ----------
    values : array-like of float
        Answers; NaN is left out of the base.
    weights : array-like of float, optional
        Respondent weights; ``None`` means unweighted.
    threshold : float
        Smallest value that counts as positive; default 4 ("tevreden" or "zeer tevreden").
    level : float
        Confidence level, default 0.95.

    Returns
    -------
    ProportionEstimate
        ``n``, ``n_eff``, ``pct``, ``ci_low``, ``ci_high``; percentages in 0-100.

    Notes
    -----
    ``p = sum w [x >= threshold] / sum w``; the Wilson (1927) interval of :func:`wilson_interval`
    with ``n_eff`` (Kish 1965) as the number of trials.

    References
    ----------
    Wilson (1927); Kish (1965); see the module docstring.

    Examples
    --------
    >>> est = pct_positive([5, 4, 4, 3, 2, 1, 5, 4, 3, 5])
    >>> est.n, est.pct, round(est.ci_low, 1), round(est.ci_high, 1)
    (10, 60.0, 31.3, 83.2)
    """
    return ProportionEstimate(
        **_single(_pct_positive_table, values, weights, threshold=threshold, level=level)
    )


def distribution(values, weights=None, *, categories: Sequence = LIKERT) -> pd.Series:
    """Weighted % per answer category, in the order of ``categories``.

    Parameters
    ----------
    values : array-like of float
        Answers; NaN is left out of the base; any other value must be one of ``categories``.
    weights : array-like of float, optional
        Respondent weights; ``None`` means unweighted.
    categories : sequence
        The categories in display order; default 1-5.

    Returns
    -------
    pandas.Series
        Percentages (summing to 100) indexed by category, named ``"pct"``; all NaN when there is
        no valid answer. ``attrs`` holds ``n`` and ``n_eff``.

    Raises
    ------
    InputError
        When a value is not one of ``categories``.

    Examples
    --------
    >>> distribution([1, 2, 2, 5], weights=[1, 1, 1, 2]).tolist()
    [20.0, 40.0, 0.0, 0.0, 40.0]
    """
    row = _single(_distribution_table, values, weights, categories=categories)
    out = pd.Series(
        [row[f"pct_{_cat_name(c)}"] for c in categories], index=list(categories), name="pct"
    )
    out.attrs.update(n=row["n"], n_eff=row["n_eff"])
    return out


def nps(values, weights=None, *, level: float = 0.95) -> NPSEstimate:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6), with an interval.

    Parameters
    ----------
    values : array-like of float
        Answers on the 0-10 scale (integers); NaN is left out of the base.
    weights : array-like of float, optional
        Respondent weights; ``None`` means unweighted.
    level : float
        Confidence level, default 0.95.

    Returns
    -------
    NPSEstimate
        ``n``, ``n_eff``, ``nps`` (-100..100), ``se``, ``ci_low``, ``ci_high`` (clipped to
        [-100, 100]) and ``pct_detractors``, ``pct_passives``, ``pct_promoters``.

    Raises
    ------
    InputError
        When a value is not an integer from 0 to 10.

    Notes
    -----
    With shares ``p_P`` (9-10) and ``p_D`` (0-6) of one multinomial sample,
    ``Var(p_P - p_D) = [p_P + p_D - (p_P - p_D)^2] / n`` (the multinomial covariance
    ``-p_P p_D / n``; Rocks 2016, eq. 2). ``n_eff`` (Kish 1965) replaces ``n``; the interval is the
    Wald interval ``NPS +- z se`` in points (Reichheld 2003 for the score itself).

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician* 70(4), 365-372.

    Examples
    --------
    >>> est = nps([10, 9, 8, 7, 6, 3, 10, 9, 9, 0])
    >>> est.nps, est.pct_promoters, est.pct_passives, est.pct_detractors
    (20.0, 50.0, 20.0, 30.0)
    >>> round(est.se, 2)  # 100 * sqrt((0.5 + 0.3 - 0.2**2) / 10)
    27.57
    """
    return NPSEstimate(**_single(_nps_table, values, weights, level=level))


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
    threshold: float = 4,
    categories: Sequence = LIKERT,
    level: float = 0.95,
) -> pd.DataFrame:
    """One row per group of the long ratings table with a weighted estimate and its interval.

    Parameters
    ----------
    ratings, respondents : pandas.DataFrame
        The two data contracts (``ratings.parquet``, ``respondents.parquet``).
    by : sequence of str
        Grouping columns, from ``ratings`` (``organisation``, ``item``, ``target_group``) or from
        ``respondents`` (``status``, ``positie``, ``nationaliteit``, ...). Rows with a missing
        grouping value are left out. Each respondent may occur once per group (include ``item``
        when grouping over several items).
    measure : {"mean", "pct_positive", "distribution", "nps"}
        ``mean``: :func:`weighted_mean`; ``pct_positive``: :func:`pct_positive`;
        ``distribution``: :func:`distribution` (one ``pct_<category>`` column per category);
        ``nps``: :func:`nps` (filter ``item == "nps"`` first).
    order : mapping of column to sequence, or a sequence, optional
        Display order per grouping column, e.g. ``{"item": [...], "status": [...]}``; a plain
        sequence is the order of ``item``. Values not listed follow in alphabetical order.
        ``organisation`` defaults to :data:`ORGANISATIONS`; other columns sort alphabetically.
    weight_col : str or None
        Weight column of ``respondents``; ``None`` for unweighted estimates.
    threshold : float
        Positive threshold for ``pct_positive``.
    categories : sequence
        Categories for ``distribution``.
    level : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns followed by :data:`COLUMNS` ``[measure]`` (for ``distribution``:
        ``n``, ``n_eff``, ``pct_1`` ... ``pct_5``). ``n`` is the unweighted number of valid answers;
        a group whose answers are all missing has ``n == 0`` and NaN estimates. The result is
        not protected: pass it through :func:`helpers.privacy.protect_table` before showing it.

    Raises
    ------
    InputError
        Unknown measure or columns, duplicated respondent within a group, values outside the
        scale of the measure, bad weights.

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
    by = _as_list(by)
    frame = join_ratings(ratings, respondents, by, weight_col=weight_col)
    _require_columns(frame, by, "ratings/respondents")
    frame = frame.dropna(subset=by) if by else frame
    valid = frame["value"].notna()
    dup = frame.loc[valid].duplicated(subset=[*by, "respondent_id"])
    if dup.any():
        raise InputError(
            f"a respondent has more than one answer within a group of {by}; "
            "add 'item' (or 'organisation') to `by`"
        )
    builder = {
        "mean": lambda f: _mean_table(f, by, level=level),
        "pct_positive": lambda f: _pct_positive_table(f, by, threshold=threshold, level=level),
        "distribution": lambda f: _distribution_table(f, by, categories=categories),
        "nps": lambda f: _nps_table(f, by, level=level),
    }[measure]
    return order_rows(builder(frame), by, order)


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
# the grouped computations (one implementation for arrays and tables)
# --------------------------------------------------------------------------------------------


def _grouped(frame: pd.DataFrame, by: list[str], parts: dict[str, np.ndarray]) -> pd.DataFrame:
    """Group sums of the arrays in ``parts`` (aligned with ``frame``) by ``by``."""
    data = pd.DataFrame(parts, index=frame.index)
    keys = [frame[c] for c in by] if by else [np.zeros(len(frame), dtype=int)]
    sums = data.groupby(keys, sort=False, observed=True, dropna=True).sum()
    if by:
        sums.index.names = by
        return sums.reset_index()
    return sums.reset_index(drop=True)


def _base_parts(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = frame["value"].to_numpy(dtype=float)
    valid = ~np.isnan(x)
    w = np.where(valid, frame["weight"].to_numpy(dtype=float), 0.0)
    return x, valid, w


def _neff(sw: np.ndarray, sw2: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sw2 > 0, sw**2 / np.where(sw2 > 0, sw2, 1.0), np.nan)


def _mean_table(frame: pd.DataFrame, by: list[str], *, level: float) -> pd.DataFrame:
    _check_level(level)
    x, valid, w = _base_parts(frame)
    xz = np.where(valid, x, 0.0)
    first = _grouped(frame, by, {"n": valid.astype(int), "sw": w, "sw2": w**2, "swx": w * xz})
    # centre within group before squaring (numerically stable second moment)
    keys = [frame[c] for c in by] if by else [np.zeros(len(frame), dtype=int)]
    tmp = pd.DataFrame({"sw": w, "swx": w * xz}, index=frame.index)
    g = tmp.groupby(keys, sort=False, observed=True, dropna=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        m_row = (g["swx"].transform("sum") / g["sw"].transform("sum")).to_numpy()
    dev = np.where(w > 0, w * (xz - m_row) ** 2, 0.0)
    first["swd"] = _grouped(frame, by, {"swd": dev})["swd"].to_numpy()
    sw, sw2 = first["sw"].to_numpy(float), first["sw2"].to_numpy(float)
    n_eff = _neff(sw, sw2)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(sw > 0, first["swx"] / np.where(sw > 0, sw, 1.0), np.nan)
        var_w = first["swd"].to_numpy(float) / sw
        se = np.where(n_eff > 1, np.sqrt(var_w / (n_eff - 1)), np.nan)
        tcrit = np.where(n_eff > 1, stats.t.ppf(0.5 + level / 2, np.maximum(n_eff - 1, 1)), np.nan)
    out = first[by].copy()
    out["n"] = first["n"].astype(int)
    out["n_eff"] = n_eff
    out["mean"] = mean
    out["se"] = se
    out["ci_low"] = mean - tcrit * se
    out["ci_high"] = mean + tcrit * se
    return out


def _pct_positive_table(
    frame: pd.DataFrame, by: list[str], *, threshold: float, level: float
) -> pd.DataFrame:
    _check_level(level)
    x, valid, w = _base_parts(frame)
    pos = valid & (np.where(valid, x, -np.inf) >= threshold)
    s = _grouped(frame, by, {"n": valid.astype(int), "sw": w, "sw2": w**2, "swp": w * pos})
    sw = s["sw"].to_numpy(float)
    n_eff = _neff(sw, s["sw2"].to_numpy(float))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(sw > 0, s["swp"].to_numpy(float) / np.where(sw > 0, sw, 1.0), np.nan)
    lo, hi = wilson_interval(p, n_eff, level)
    out = s[by].copy()
    out["n"] = s["n"].astype(int)
    out["n_eff"] = n_eff
    out["pct"] = 100 * p
    out["ci_low"] = 100 * lo
    out["ci_high"] = 100 * hi
    return out


def _distribution_table(
    frame: pd.DataFrame, by: list[str], *, categories: Sequence
) -> pd.DataFrame:
    cats = np.asarray(list(categories), dtype=float)
    if cats.size == 0 or np.unique(cats).size != cats.size:
        raise InputError("categories must be a non-empty sequence of distinct numbers")
    x, valid, w = _base_parts(frame)
    bad = valid & ~np.isin(np.where(valid, x, cats[0]), cats)
    if bad.any():
        raise InputError(f"value {x[bad][0]:g} is not one of the categories {list(categories)}")
    hits = (x[:, None] == cats[None, :]) * w[:, None]  # respondents x categories
    names = [f"pct_{_cat_name(c)}" for c in categories]
    parts = {"n": valid.astype(int), "sw": w, "sw2": w**2}
    parts.update({name: hits[:, j] for j, name in enumerate(names)})
    s = _grouped(frame, by, parts)
    sw = s["sw"].to_numpy(float)
    out = s[by].copy()
    out["n"] = s["n"].astype(int)
    out["n_eff"] = _neff(sw, s["sw2"].to_numpy(float))
    with np.errstate(divide="ignore", invalid="ignore"):
        for name in names:
            out[name] = np.where(sw > 0, 100 * s[name].to_numpy(float) / sw, np.nan)
    return out


def _nps_table(frame: pd.DataFrame, by: list[str], *, level: float) -> pd.DataFrame:
    _check_level(level)
    x, valid, w = _base_parts(frame)
    xv = np.where(valid, x, 0.0)
    bad = valid & ((xv < 0) | (xv > 10) | (xv != np.round(xv)))
    if bad.any():
        raise InputError(f"NPS value {x[bad][0]:g} is not an integer from 0 to 10")
    parts = {
        "n": valid.astype(int),
        "sw": w,
        "sw2": w**2,
        "prom": w * (valid & (xv >= 9)),
        "det": w * (valid & (xv <= 6)),
    }
    s = _grouped(frame, by, parts)
    sw = s["sw"].to_numpy(float)
    n_eff = _neff(sw, s["sw2"].to_numpy(float))
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = np.where(sw > 0, sw, 1.0)
        p_p = np.where(sw > 0, s["prom"].to_numpy(float) / safe, np.nan)
        p_d = np.where(sw > 0, s["det"].to_numpy(float) / safe, np.nan)
        var = np.where(n_eff > 0, (p_p + p_d - (p_p - p_d) ** 2) / n_eff, np.nan)
    score = 100 * (p_p - p_d)
    se = 100 * np.sqrt(np.maximum(var, 0.0))
    z = stats.norm.ppf(0.5 + level / 2)
    out = s[by].copy()
    out["n"] = s["n"].astype(int)
    out["n_eff"] = n_eff
    out["nps"] = score
    out["se"] = se
    out["ci_low"] = np.clip(score - z * se, -100, 100)
    out["ci_high"] = np.clip(score + z * se, -100, 100)
    out["pct_detractors"] = 100 * p_d
    out["pct_passives"] = 100 * (1 - p_p - p_d)
    out["pct_promoters"] = 100 * p_p
    return out


def _single(table_fn, values, weights, **kwargs) -> dict:
    """Run a grouped computation on one set of values and return its only row as a dict."""
    x = np.asarray(values, dtype=float).ravel()
    w = np.ones_like(x) if weights is None else _as_weights(weights, None)
    if w.shape != x.shape:
        raise InputError(f"{x.size} values but {w.size} weights")
    frame = pd.DataFrame({"value": x, "weight": w})
    if frame.empty:
        frame = pd.DataFrame({"value": [np.nan], "weight": [0.0]})
    row = table_fn(frame, [], **kwargs).iloc[0].to_dict()
    return {k: (int(v) if k == "n" else float(v)) for k, v in row.items()}


# --------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------


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


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise InputError(f"level must lie in (0, 1), got {level!r}")


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
