"""The disclosure plan of a wave: which categories of which background variable may be shown.

One plan per wave, built from the wave's processed respondents and ratings, decides for every
background variable that a report breaks down by, per target group and per organisation's raters,
which categories are shown, which are pooled into "Overig (klein aantal)" and which are never
shown. Every report of the wave applies the same plan (:func:`helpers.privacy.protect_table` and
:func:`helpers.privacy.safe_categories` accept it), so a category suppressed in one report is
suppressed in all of them, and the totals that the reports show never give back a hidden count by
subtraction.

The rules, per target group, scope (all respondents, or the raters of one organisation) and
variable; the cells are the categories *and the residual* (respondents without a value: unknown,
not answered):

1. **Primary.** A category with fewer than ``threshold`` respondents is not shown. At the level of
   all respondents the small categories are pooled into "Overig (klein aantal)" when together they
   reach the threshold; otherwise they join the hidden rest.
2. **Complementary.** The total of the scope is shown (the number of respondents, or of raters of
   an organisation), so the hidden rest (total minus the shown cells) is known. When that rest is a
   single cell (e.g. only the one respondent without a nationality) its count would be recovered,
   so the *smallest* shown cell joins it (ties: the first by name). A rest of two or more cells
   gives only their sum (Hundepool et al. 2012, section 4.2, the single-cell rule), so nothing more
   is hidden: never a large group where a small one protects.
3. **Everywhere.** The raters' scope starts from the categories shown for all respondents; what is
   hidden for all respondents is hidden for every organisation, and a category hidden among the
   raters of one organisation is hidden in every table of that organisation's ratings.

Why a memoised function and not a file: the plan is a pure function of the processed tables and the
threshold, so :func:`plan_for` computes it once per process (per notebook) and every report of the
wave computes the same plan (deterministic: counts, then names, decide every tie). A file written by
the cleaning would put disclosure decisions in the data layer, below privacy, and could go stale
when the threshold of a report is changed; :meth:`DisclosurePlan.to_frame` gives the plan as a
table for an audit.

References
----------
Hundepool, A., Domingo-Ferrer, J., Franconi, L., Giessing, S., Schulte Nordholt, E., Spicer, K.
& de Wolf, P.-P. (2012). *Statistical Disclosure Control*. Chichester: Wiley.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.codebook import load_codebook
from helpers.errors import InputError

#: Scope of all respondents of a target group (the other scopes are organisation codes).
ALL = "all"
#: Code of the residual cell (no value: unknown, not answered) in :meth:`DisclosurePlan.to_frame`.
RESIDUAL = "__onbekend__"
#: Long layouts of a table (column naming the variable, column naming the category).
LONG_LAYOUTS: tuple[tuple[str, str], ...] = (("variable", "category"), ("grouping", "group"))
#: Statuses of a cell in the plan.
STATUSES: tuple[str, ...] = ("shown", "pooled", "primary", "complementary")


@dataclass(frozen=True)
class DisclosurePlan:
    """What the reports of one wave may show of each background variable.

    Attributes
    ----------
    wave : str
    threshold : int
        Minimum number of respondents of a shown cell.
    cells : pandas.DataFrame
        One row per cell: ``target_group``, ``scope`` (``"all"`` or an organisation code),
        ``variable``, ``category`` (the residual is :data:`RESIDUAL`), ``n`` and ``status``
        (``shown``, ``pooled`` into the other group, ``primary`` or ``complementary``
        suppression). The pooled group itself is a cell named ``other_label``.
    other_label : str
    target_group : str or None
        Set by :meth:`group`: the target group whose tables the plan is applied to.
    """

    wave: str
    threshold: int
    cells: pd.DataFrame = field(repr=False)
    other_label: str
    target_group: str | None = None

    # -- looking things up ------------------------------------------------------------------
    def group(self, target_group: str) -> DisclosurePlan:
        """The same plan, bound to one target group (what ``protect_table`` needs); a target
        group without respondents or background values has nothing to hide."""
        return DisclosurePlan(
            self.wave, self.threshold, self.cells, self.other_label, target_group=target_group
        )

    def variables(self, target_group: str | None = None) -> list[str]:
        """The variables the plan covers for a target group."""
        tg = self._target_group(target_group)
        return list(dict.fromkeys(self.cells.loc[self.cells["target_group"] == tg, "variable"]))

    def shown(self, variable: str, scope: str = ALL, target_group: str | None = None) -> list[str]:
        """Categories of ``variable`` that may be shown in ``scope`` (pooled group included)."""
        c = self._cells(variable, scope, target_group)
        return c.loc[(c["status"] == "shown") & (c["category"] != RESIDUAL), "category"].tolist()

    def hidden(self, variable: str, scope: str = ALL, target_group: str | None = None) -> set[str]:
        """Named categories of ``variable`` never shown in ``scope`` (pooled ones included)."""
        c = self._cells(variable, scope, target_group)
        return set(c.loc[(c["status"] != "shown") & (c["category"] != RESIDUAL), "category"])

    def hidden_names(self, target_group: str | None = None) -> dict[str, list[str]]:
        """Per variable, the category names that never reach a report (for redacting text)."""
        tg = self._target_group(target_group)
        c = self.cells[
            (self.cells["target_group"] == tg)
            & (self.cells["scope"] == ALL)
            & (self.cells["status"] != "shown")
            & (self.cells["category"] != RESIDUAL)
            & (self.cells["category"] != self.other_label)
        ]
        return {v: sorted(g["category"]) for v, g in c.groupby("variable", sort=False)}

    # -- applying it ------------------------------------------------------------------------
    def recode(self, series: pd.Series, variable: str | None = None, target_group=None):
        """A respondent column recoded by the plan: pooled categories become the other group,
        hidden ones missing. Categorical input gives a categorical of the shown categories."""
        variable = variable or series.name
        if series.notna().sum() == 0:
            return series.copy()  # nothing to show or hide (the plan skips empty columns)
        c = self._cells(variable, ALL, target_group)
        shown = c.loc[(c["status"] == "shown") & (c["category"] != RESIDUAL), "category"].tolist()
        pooled = set(c.loc[c["status"] == "pooled", "category"])
        text = series.astype(object).where(series.notna(), None)
        text = text.map(lambda v: None if v is None else str(v))
        out = text.where(~text.isin(pooled), self.other_label)
        out = out.where(out.isin(shown), None)
        out = out.where(out.notna(), np.nan)
        if isinstance(series.dtype, pd.CategoricalDtype):
            kept = [str(x) for x in series.cat.categories if str(x) in set(shown)]
            if self.other_label in shown:
                kept.append(self.other_label)
            return pd.Series(
                pd.Categorical(out, categories=kept, ordered=series.cat.ordered),
                index=series.index,
                name=series.name,
            )
        return pd.Series(out.to_numpy(dtype=object), index=series.index, name=series.name)

    def suppressed_rows(self, table: pd.DataFrame, target_group: str | None = None) -> np.ndarray:
        """Rows of a tidy table that show a category the plan hides.

        The categories are read from a column named like a plan variable, or from a long
        layout (:data:`LONG_LAYOUTS`: ``variable``/``category`` or ``grouping``/``group``). A
        category is looked up in the scope of the row's ``organisation`` (when the table has
        that column and the plan that scope) and in the scope of all respondents; a value that is
        no category of the plan ("totaal", a remainder row) is left to ``protect_table``'s own
        rules.
        """
        tg = self._target_group(target_group, table)
        out = np.zeros(len(table), dtype=bool)
        sub = self.cells[self.cells["target_group"] == tg]
        orgs = table["organisation"].astype(str) if "organisation" in table.columns else None
        for variable, values in self._breakdowns(table, tg):
            c = sub[sub["variable"] == variable]
            hidden_all = set(c.loc[(c["scope"] == ALL) & (c["status"] != "shown"), "category"])
            out |= values.isin(hidden_all).to_numpy()
            if orgs is None:
                continue
            for org in set(orgs) & set(c["scope"]):
                hid = set(c.loc[(c["scope"] == org) & (c["status"] != "shown"), "category"])
                out |= (orgs == org).to_numpy() & values.isin(hid).to_numpy()
        return out

    def rest_cells(self, variable: str, scope: str = ALL, target_group=None) -> int:
        """How many cells (hidden categories and the unknown) the rest of a breakdown holds:
        total minus the shown cells gives only their sum when there are two or more."""
        c = self._cells(variable, scope, target_group)
        return int(((c["status"] != "shown") | (c["category"] == RESIDUAL)).sum())

    def safe_rest_rows(self, table: pd.DataFrame, target_group: str | None = None) -> np.ndarray:
        """Rows that hold the rest of a breakdown (a remainder row: a value that is no category
        of the plan) whose rest has two or more cells by the plan: their sum gives no single
        hidden count, so they need no complement."""
        tg = self._target_group(target_group, table)
        out = np.zeros(len(table), dtype=bool)
        orgs = (
            table["organisation"].astype(str).to_numpy()
            if "organisation" in table.columns
            else np.full(len(table), ALL, dtype=object)
        )
        sub = self.cells[self.cells["target_group"] == tg]
        for variable, values in self._breakdowns(table, tg):
            c = sub[sub["variable"] == variable]
            rest = values.notna().to_numpy() & ~values.isin(set(c["category"])).to_numpy()
            for i in np.flatnonzero(rest):
                scope = orgs[i] if orgs[i] in set(c["scope"]) else ALL
                out[i] = self.rest_cells(variable, scope, tg) >= 2
        return out

    def _breakdowns(self, table: pd.DataFrame, tg: str) -> list[tuple[str, pd.Series]]:
        """``(variable, category per row as str or None)`` for every plan variable in the table."""
        out = []
        variables = self.variables(tg)
        for variable in variables:
            if variable in table.columns:
                out.append((variable, _as_text(table[variable])))
        for var_col, cat_col in LONG_LAYOUTS:
            if {var_col, cat_col} <= set(table.columns):
                names = table[var_col].astype(str)
                for variable in variables:
                    out.append((variable, _as_text(table[cat_col].where(names == variable))))
        return out

    def to_frame(self) -> pd.DataFrame:
        """The plan as a table (a copy of :attr:`cells`), for an audit."""
        return self.cells.copy()

    # -- internals --------------------------------------------------------------------------
    def _target_group(self, target_group=None, table: pd.DataFrame | None = None) -> str:
        tg = target_group or self.target_group
        if tg is None and table is not None and "target_group" in table.columns:
            groups = table["target_group"].dropna().unique()
            if len(groups) == 1:
                tg = str(groups[0])
        if tg is None:
            raise InputError("disclosure plan: say which target group (plan.group(...))")
        return tg

    def _cells(self, variable, scope, target_group) -> pd.DataFrame:
        tg = self._target_group(target_group)
        c = self.cells
        c = c[(c["target_group"] == tg) & (c["variable"] == variable) & (c["scope"] == scope)]
        if c.empty:
            raise InputError(f"disclosure plan: no variable {variable!r} in scope {scope!r}")
        return c


def build_plan(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    *,
    wave: str = "",
    threshold: int = 10,
    variables: Mapping[str, Sequence[str]] | None = None,
    other_label: str | None = None,
) -> DisclosurePlan:
    """Build the disclosure plan of a wave from its processed tables.

    Parameters
    ----------
    respondents : pandas.DataFrame
        ``respondents.parquet`` (all target groups): ``respondent_id``, ``target_group`` and
        the background columns.
    ratings : pandas.DataFrame, optional
        ``ratings.parquet``; a respondent with a rating (a value) of an organisation is one of
        its raters. Without it only the scope of all respondents is planned.
    wave : str
    threshold : int, default 10
    variables : mapping, optional
        Variables per target group; default the codebook's background variables (the
        subgroups of the reports: ``Codebook.background``). Absent columns and columns without
        any value are skipped.
    other_label : str, optional
        Label of the pooled group (default the disclosure's "Overig (klein aantal)").

    Returns
    -------
    DisclosurePlan

    Examples
    --------
    >>> r = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(65)],
    ...                   "target_group": "asielzoekers",
    ...                   "nationaliteit": ["Syrië"] * 30 + ["Eritrea"] * 12 + ["Iran"] * 10
    ...                   + ["Tsjaad"] * 3 + ["Irak"] * 4 + ["Jemen"] * 5 + [None]})
    >>> plan = build_plan(r, variables={"asielzoekers": ["nationaliteit"]}).group("asielzoekers")
    >>> plan.shown("nationaliteit")  # the lone unknown respondent takes Iran (10) with it
    ['Syrië', 'Eritrea', 'Overig (klein aantal)']
    >>> sorted(plan.hidden("nationaliteit"))
    ['Irak', 'Iran', 'Jemen', 'Tsjaad']
    """
    from helpers.privacy._disclosure import OTHER_LABEL, _check_thresholds

    _check_thresholds(threshold, threshold)
    other = other_label or OTHER_LABEL
    for col in ("respondent_id", "target_group"):
        if col not in respondents.columns:
            raise InputError(f"respondents: missing column {col!r}")
    if variables is None:
        cb = load_codebook()
        variables = {tg: cb.background(tg) for tg in cb.target_groups}
    variables = dict(variables)
    rows: list[dict] = []
    for tg in sorted(variables):
        resp = respondents[respondents["target_group"] == tg]
        if resp.empty:
            continue
        raters = _raters(ratings, tg)
        for var in variables[tg]:
            if var not in resp.columns or resp[var].notna().sum() == 0:
                continue
            values = resp[var].map(lambda v: None if _missing(v) else str(v))
            counts = _sorted_counts(values)
            status = _plan_all(counts, int(values.isna().sum()), threshold, other)
            for cat, (n, st) in status.items():
                rows.append(_row(tg, ALL, var, cat, n, st))
            shown = {c for c, (_, st) in status.items() if st == "shown" and c != RESIDUAL}
            pooled = {c for c, (_, st) in status.items() if st == "pooled"}
            recoded = values.where(~values.isin(pooled), other)
            recoded = recoded.where(recoded.isin(shown))
            ids = resp["respondent_id"].astype(str).to_numpy()
            for org, rated in raters.items():
                mask = np.isin(ids, rated)
                if not mask.any():
                    continue
                sub = recoded[mask]
                org_counts = _sorted_counts(sub).reindex(
                    [c for c in status if c in shown], fill_value=0
                )
                # the rest among the raters: the unknown and each category hidden for all
                original = values[mask]
                gone = _sorted_counts(original[sub.isna() & original.notna()])
                org_status = _plan_scope(
                    org_counts, int(original.isna().sum()), threshold, hidden=len(gone)
                )
                for cat, (n, st) in org_status.items():
                    rows.append(_row(tg, org, var, cat, n, st))
                for cat, n in gone.items():
                    rows.append(_row(tg, org, var, cat, n, status[cat][1]))
    cells = pd.DataFrame(rows, columns=["target_group", "scope", "variable", "category", "n"])
    cells["status"] = [r["status"] for r in rows] if rows else pd.Series(dtype=object)
    return DisclosurePlan(str(wave), int(threshold), cells.reset_index(drop=True), other)


def plan_for(wave, threshold: int = 10) -> DisclosurePlan:
    """The disclosure plan of an opened :class:`helpers.data.Wave`, computed once per process.

    Memoised on the wave's processed folder, the modification times of its two tables and the
    threshold: every report of the wave in one notebook (and every notebook, being the same
    function of the same files) gets the same plan.
    """
    folder = Path(wave.processed_dir)
    key = (
        str(folder.resolve()),
        tuple(
            (folder / name).stat().st_mtime_ns if (folder / name).is_file() else 0
            for name in ("respondents.parquet", "ratings.parquet")
        ),
        int(threshold),
    )
    if key not in _PLANS:
        _PLANS[key] = build_plan(wave.respondents, wave.ratings, wave=wave.id, threshold=threshold)
    return _PLANS[key]


_PLANS: dict[tuple, DisclosurePlan] = {}


def plan_across_waves(plans) -> DisclosurePlan:
    """One plan for a table pooled over several waves (a window of the small-area or trends
    reports): a category hidden in the plan of any of the waves is hidden in the pooled table,
    since the pooled count minus the waves that show it would give the hidden wave's count back.

    Examples
    --------
    >>> def wave(k):
    ...     nat = ["Syrië"] * 30 + ["Eritrea"] * k + [None] * 2
    ...     return build_plan(pd.DataFrame({"respondent_id": [f"r{i}" for i in range(len(nat))],
    ...                       "target_group": "asielzoekers", "nationaliteit": nat}),
    ...                       variables={"asielzoekers": ["nationaliteit"]})
    >>> pooled = plan_across_waves([wave(12), wave(6)]).group("asielzoekers")
    >>> pooled.shown("nationaliteit"), sorted(pooled.hidden("nationaliteit"))
    (['Syrië'], ['Eritrea'])
    """
    plans = list(plans)
    if not plans:
        raise InputError("plan_across_waves needs at least one plan")
    cells = pd.concat([p.cells for p in plans], ignore_index=True)
    keys = ["target_group", "scope", "variable", "category"]
    rank = {st: i for i, st in enumerate(STATUSES)}  # shown < pooled < primary < complementary
    cells = cells.assign(_rank=cells["status"].map(rank))
    merged = cells.groupby(keys, sort=False).agg(n=("n", "sum"), _rank=("_rank", "max"))
    merged = merged.reset_index()
    merged["status"] = [STATUSES[i] for i in merged.pop("_rank")]
    return DisclosurePlan(
        wave="+".join(p.wave for p in plans),
        threshold=max(p.threshold for p in plans),
        cells=merged,
        other_label=plans[0].other_label,
    )


# ------------------------------------------------------------------------------------------------
def _plan_all(counts: pd.Series, residual: int, threshold: int, other: str) -> dict:
    """Statuses of the cells of one variable among all respondents of a target group."""
    small = counts[counts < threshold]
    big = counts[counts >= threshold]
    status: dict[str, tuple[int, str]] = {}
    pooled = len(small) > 0 and int(small.sum()) >= threshold
    if pooled:
        big = pd.concat([big, pd.Series({other: int(small.sum())})])
    status.update(_plan_scope(big, residual, threshold, hidden=0 if pooled else len(small)))
    for cat, n in small.items():
        status[str(cat)] = (int(n), "pooled" if pooled else "primary")
    return status


def _plan_scope(counts: pd.Series, residual: int, threshold: int, hidden: int = 0) -> dict:
    """Primary and complementary suppression of one set of cells with a known total.

    ``hidden`` cells (already never shown, each below the threshold) join the rest: the residual
    and the primary cells. A rest of exactly one cell below the threshold would be given back by
    the total minus the shown cells, so the smallest shown cell joins it (ties: the first by
    name); a rest of two or more cells, or of one cell of at least ``threshold``, is left.
    """
    status: dict[str, tuple[int, str]] = {}
    for cat, n in counts.items():
        status[str(cat)] = (int(n), "primary" if 0 < n < threshold else "shown")
    if residual:
        status[RESIDUAL] = (int(residual), "primary" if residual < threshold else "shown")
    rest = [n for c, (n, st) in status.items() if n > 0 and (st == "primary" or c == RESIDUAL)]
    rest += [0] * hidden  # sizes do not matter for these: each is below the threshold
    if len(rest) == 1 and rest[0] < threshold:
        candidates = sorted(
            (n, c) for c, (n, st) in status.items() if st == "shown" and n > 0 and c != RESIDUAL
        )
        if candidates:
            n, cat = candidates[0]
            status[cat] = (n, "complementary")
    return status


def _raters(ratings: pd.DataFrame | None, target_group: str) -> dict[str, np.ndarray]:
    if ratings is None or ratings.empty:
        return {}
    r = ratings[(ratings["target_group"] == target_group) & ratings["value"].notna()]
    return {
        str(org): np.unique(g["respondent_id"].astype(str).to_numpy())
        for org, g in r.groupby("organisation", sort=True)
    }


def _row(tg, scope, var, cat, n, status) -> dict:
    return {
        "target_group": tg,
        "scope": scope,
        "variable": var,
        "category": cat,
        "n": int(n),
        "status": status,
    }


def _sorted_counts(values: pd.Series) -> pd.Series:
    """Counts of the values, largest first, ties by name (deterministic)."""
    counts = values.value_counts(dropna=True)
    order = sorted(counts.index, key=lambda c: (-int(counts[c]), str(c)))
    return counts.reindex(order).astype(int)


def _as_text(values: pd.Series) -> pd.Series:
    return values.map(lambda v: None if _missing(v) else str(v))


def _missing(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False
