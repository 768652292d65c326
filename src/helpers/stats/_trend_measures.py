"""Trends of % positive and the Net Promoter Score: the estimate per wave and wave-on-wave tests.

The trends report follows the mean overall judgement over the waves
(:func:`helpers.stats.analyse_trends`). This module gives the same view of the other measures
of the questionnaire, per target group, organisation and item:

* the estimate per wave: :func:`helpers.stats.summarise_ratings` of the wave with the measure
  ``pct_positive`` (% of answers at or above a threshold, Korn & Graubard interval) or ``nps``
  (% promoters 9-10 minus % detractors 0-6, adjusted Wald interval of Rocks 2016), on the
  design that the wave declares (the reception centre of asylum seekers as primary sampling
  unit; :attr:`helpers.data.Wave.design`): the numbers of the descriptives report of that wave;
* wave-on-wave change tests with :func:`helpers.stats.change_tests`. A share and an NPS are
  weighted means of a derived value (``100 [y >= threshold]``; ``100 ([y >= 9] - [y <= 6])``),
  so their linearised standard errors, the t-test of the difference of two independent waves
  and the stacked design of waves that share their clusters are exactly those of the mean
  (Lumley 2010, §2.2-2.3): the tests run on the derived values. Holm's correction runs per
  *reporting wave* over every organisation and item of the target group (one family per
  measure), so a later wave never changes a published verdict.

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal
of Statistics* 6(2), 65-70.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American Statistician*
70(4), 365-372.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.stats._compare import holm
from helpers.stats._estimates import order_rows, summarise_ratings
from helpers.stats._survey import ESTIMATE_COLUMNS
from helpers.stats._trends import (
    CHANGE_VERDICTS,
    _declared,
    change_tests,
    period_of,
    trend_ratings,
)

__all__ = [
    "TREND_MEASURES",
    "derived_values",
    "measure_changes",
    "measure_trends",
    "wave_estimates",
]

#: Measures of :func:`measure_trends` (as :func:`helpers.stats.summarise_ratings` names them).
TREND_MEASURES: tuple[str, ...] = ("pct_positive", "nps")

_ESTIMATE_COLUMNS = ["item", "wave", "period", "chain", "organisation", *ESTIMATE_COLUMNS, "sd"]


def _check_measure(measure: str) -> None:
    if measure not in TREND_MEASURES:
        raise InputError(f"unknown measure {measure!r}; choose one of {', '.join(TREND_MEASURES)}")


def derived_values(values, measure: str, threshold: float = 4) -> np.ndarray:
    """The value whose weighted mean is the measure (NaN stays NaN).

    Parameters
    ----------
    values : array-like of float
    measure : {"pct_positive", "nps"}
    threshold : float, default 4
        Smallest positive answer of ``pct_positive``.

    Returns
    -------
    numpy.ndarray
        ``100 [y >= threshold]`` (``pct_positive``) or ``100 ([y >= 9] - [y <= 6])`` (``nps``).

    Examples
    --------
    >>> derived_values([5, 3, float("nan")], "pct_positive").tolist()
    [100.0, 0.0, nan]
    >>> derived_values([10, 8, 2], "nps").tolist()
    [100.0, 0.0, -100.0]
    """
    _check_measure(measure)
    x = np.asarray(values, dtype=float)
    if measure == "pct_positive":
        y = 100.0 * (x >= threshold)
    else:
        y = 100.0 * (x >= 9) - 100.0 * (x <= 6)
    return np.where(np.isnan(x), np.nan, y)


def _chains(tables: Mapping, designs, target_group: str) -> dict[str, str]:
    """Per wave the first wave of its run of waves sharing clusters (as trend_ratings)."""
    chain, previous, out = "", None, {}
    for wave in sorted(tables, key=period_of):
        cluster, fresh = _declared(designs, wave, target_group)
        if cluster is None or fresh or previous != cluster:
            chain = wave
        previous = cluster
        out[wave] = chain
    return out


def wave_estimates(
    tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]],
    *,
    target_group: str,
    items: Sequence[str],
    measure: str = "pct_positive",
    designs: Mapping[str, Mapping] | None = None,
    threshold: float = 4,
    level: float = 0.95,
) -> pd.DataFrame:
    """% positive or NPS per wave, organisation and item, on each wave's declared design.

    Parameters
    ----------
    tables : mapping of str to (DataFrame, DataFrame)
        Per wave id ``(respondents, ratings)`` (see :func:`helpers.stats.trend_ratings`);
        ``ratings`` is long (``target_group``, ``organisation``, ``item``, ``value``).
    target_group : str
    items : sequence of str
        Items to estimate, in the order wanted.
    measure : {"pct_positive", "nps"}
    designs : mapping, optional
        Per wave id, per target group, the declared design (``cluster``, ``fresh_clusters``;
        :attr:`helpers.data.Wave.design`); ``None``: no clusters.
    threshold : float, default 4
        Smallest positive answer of ``pct_positive``.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        ``item``, ``wave``, ``period``, ``chain`` (as :func:`helpers.stats.trend_ratings`),
        ``organisation``, ``n`` (valid answers), ``n_eff``, ``estimate`` (% 0-100, or NPS
        -100..100), ``se``, ``ci_low``, ``ci_high``, ``deff``, ``df`` and ``sd`` (``se ·
        sqrt(n_eff)``, the sd of the derived value); by item, organisation and wave. Cells
        without answers are left out.

    Notes
    -----
    Each wave is :func:`helpers.stats.summarise_ratings` of the target group's respondents of
    that wave, ``by=("organisation", "item")``, ``cluster_col`` the declared cluster: R's
    ``svyciprop(~I(y >= 4), subset(svydesign(ids=~azc, weights=~weight, data=wave), ...),
    method="beta")`` for a share.

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": list("abcd"), "target_group": "ketenpartners",
    ...                      "weight": 1.0})
    >>> rat = pd.DataFrame({"respondent_id": list("abcd"), "target_group": "ketenpartners",
    ...     "organisation": "IND", "item": "nps", "value": [10.0, 9.0, 7.0, 3.0]})
    >>> t = wave_estimates({"2017-Q2": (resp, rat)}, target_group="ketenpartners",
    ...                    items=["nps"], measure="nps")
    >>> t[["wave", "organisation", "n", "estimate"]].to_dict("records")
    [{'wave': '2017-Q2', 'organisation': 'IND', 'n': 4, 'estimate': 25.0}]
    """
    _check_measure(measure)
    if not tables:
        raise InputError("no processed waves: run the cleaning first")
    items = list(dict.fromkeys(items))
    parts = []
    for wave in sorted(tables, key=period_of):
        respondents, ratings = tables[wave]
        resp = respondents[respondents["target_group"] == target_group]
        sel = ratings[(ratings["target_group"] == target_group) & ratings["item"].isin(items)]
        if resp.empty or sel["value"].notna().sum() == 0:
            continue
        cluster, _fresh = _declared(designs, wave, target_group)
        if cluster is not None and cluster not in resp.columns:
            raise InputError(f"wave {wave}: the design's cluster column {cluster!r} is missing")
        try:
            t = summarise_ratings(
                sel[["respondent_id", "organisation", "item", "value"]],
                resp,
                ("organisation", "item"),
                measure,
                cluster_col=cluster,
                threshold=threshold,
                level=level,
            )
        except InputError as err:
            raise InputError(f"wave {wave}, {target_group}: {err}") from None
        t = t[t["n"] > 0].rename(columns={"pct": "estimate", "nps": "estimate"})
        parts.append(t.assign(wave=wave, period=period_of(wave)))
    if not parts:
        text = ("item", "wave", "chain", "organisation")
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c in text else float) for c in _ESTIMATE_COLUMNS}
        )
    out = pd.concat(parts, ignore_index=True)
    out["chain"] = out["wave"].map(_chains(tables, designs, target_group))
    out["n"] = out["n"].astype(int)
    out["sd"] = out["se"] * np.sqrt(out["n_eff"])
    out = order_rows(out, ["item", "organisation"], {"item": items})  # stable: waves in order
    return out[_ESTIMATE_COLUMNS]


def measure_changes(
    tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]],
    estimates: pd.DataFrame,
    *,
    target_group: str,
    measure: str = "pct_positive",
    designs: Mapping[str, Mapping] | None = None,
    threshold: float = 4,
    alpha: float = 0.05,
    power: float = 0.8,
    min_n: int = 10,
    level: float = 0.95,
) -> pd.DataFrame:
    """Wave-on-wave change tests of :func:`wave_estimates`, Holm per reporting wave.

    Parameters
    ----------
    tables : mapping
        As :func:`wave_estimates` (needed for waves that share their clusters).
    estimates : pandas.DataFrame
        :func:`wave_estimates` of the target group.
    target_group, measure, designs, threshold
        As :func:`wave_estimates`.
    alpha, power, min_n, level
        As :func:`helpers.stats.change_tests`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`helpers.stats.change_tests` (``comparison`` is always
        ``wave_on_wave``) with ``item`` first and ``mean``/``mean_prev`` named ``estimate`` /
        ``estimate_prev``; ``p_holm``, ``significant`` and ``verdict`` over the family of all
        organisations and items whose comparison ends in the same wave.

    Notes
    -----
    :func:`helpers.stats.change_tests` on the derived values (:func:`derived_values`): for
    independent waves ``t = (p_new - p_old) / sqrt(se_new² + se_old²)`` on ``df_new + df_old``;
    for waves sharing their clusters the linearised covariance of the two estimates enters.
    The MDE uses the sd of the derived value (``100 sqrt(p (1 - p))`` for a share, times the
    design effect).

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(40)],
    ...                      "target_group": "ketenpartners", "weight": 1.0})
    >>> tabs = {w: (resp, pd.DataFrame({"respondent_id": resp["respondent_id"],
    ...     "target_group": "ketenpartners", "organisation": "IND", "item": "x",
    ...     "value": [5.0] * k + [2.0] * (40 - k)})) for w, k in [("2017-Q2", 30), ("2017-Q3", 10)]}
    >>> est = wave_estimates(tabs, target_group="ketenpartners", items=["x"])
    >>> ch = measure_changes(tabs, est, target_group="ketenpartners")
    >>> ch[["item", "wave", "estimate_prev", "estimate", "significant"]].to_dict("records")
    [{'item': 'x', 'wave': '2017-Q3', 'estimate_prev': 75.0, 'estimate': 25.0, 'significant': True}]
    """  # noqa: E501
    _check_measure(measure)
    parts = []
    for item, est in estimates.groupby("item", sort=False):
        frame = trend_ratings(tables, target_group=target_group, item=item, designs=designs)
        frame["value"] = derived_values(frame["value"], measure, threshold)
        ch = change_tests(
            est.rename(columns={"estimate": "mean"}),
            frame=frame,
            comparisons=("wave_on_wave",),
            alpha=alpha,
            power=power,
            min_n=min_n,
            level=level,
        )
        if len(ch):
            parts.append(ch.assign(item=item))
    if not parts:
        empty = change_tests(estimates.iloc[:0].rename(columns={"estimate": "mean"}))
        out = empty.assign(item=pd.Series(dtype=object))
    else:
        out = pd.concat(parts, ignore_index=True)
        # one Holm family per reporting wave: every organisation and item of the target group
        out["p_holm"] = out.groupby("wave")["p_value"].transform(lambda s: holm(s.to_numpy()))
        out["significant"] = out["p_holm"] < alpha
        out["verdict"] = [
            CHANGE_VERDICTS[(bool(s), bool(e))]
            for s, e in zip(out["significant"], out["exceeds_mde"], strict=True)
        ]
    out = out.rename(columns={"mean": "estimate", "mean_prev": "estimate_prev"})
    return out[["item", *[c for c in out.columns if c != "item"]]].reset_index(drop=True)


def measure_trends(
    tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]],
    *,
    items: Sequence[str] | Mapping[str, Sequence[str]],
    measure: str = "pct_positive",
    designs: Mapping[str, Mapping] | None = None,
    target_groups: Sequence[str] = ("asielzoekers", "ketenpartners"),
    threshold: float = 4,
    alpha: float = 0.05,
    power: float = 0.8,
    min_n: int = 10,
    level: float = 0.95,
) -> dict[str, dict]:
    """:func:`wave_estimates` and :func:`measure_changes` of every target group.

    Parameters
    ----------
    tables, measure, designs, threshold, alpha, power, min_n, level
        As :func:`wave_estimates` and :func:`measure_changes`.
    items : sequence of str, or mapping of target group to sequence of str
        The items (per target group when a mapping; a target group it does not name is left
        out).
    target_groups : sequence of str

    Returns
    -------
    dict
        ``{target_group: {"estimates", "changes", "n_waves"}}``; a target group without an
        answer to any of its items in any wave is left out (the result may be empty).
    """
    _check_measure(measure)
    out: dict[str, dict] = {}
    for tg in target_groups:
        wanted = items.get(tg, ()) if isinstance(items, Mapping) else items
        if not wanted:
            continue
        est = wave_estimates(
            tables,
            target_group=tg,
            items=wanted,
            measure=measure,
            designs=designs,
            threshold=threshold,
            level=level,
        )
        if est.empty:
            continue
        out[tg] = {
            "estimates": est,
            "changes": measure_changes(
                tables,
                est,
                target_group=tg,
                measure=measure,
                designs=designs,
                threshold=threshold,
                alpha=alpha,
                power=power,
                min_n=min_n,
                level=level,
            ),
            "n_waves": int(est["wave"].nunique()),
        }
    return out
