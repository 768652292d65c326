"""Statistical disclosure control: the one gate every table and chart passes before it is shown.

The respondents include asylum seekers; a small cell can point at one person. Three rules, applied
by :func:`protect_table` to every tidy table (one row = one cell with its own base ``n``):

1. **Primary suppression.** A cell whose base is below ``threshold`` (default 10) is not shown:
   its counts, percentages, means and its base itself become missing and display as ``–``.
2. **Secondary suppression.** When the cells of one variable are shown together and their total
   is shown (or can be derived elsewhere), a single suppressed cell could be recomputed by
   subtraction. In every set of cells that adds up to such a total (``group_cols``), a set that
   has exactly one suppressed cell gets the unsuppressed cell with the next-smallest base
   suppressed too, repeated over all partitions until stable, followed by an audit that no
   suppressed cell can be solved from the totals (Hundepool et al. 2012, chapter 4:
   complementary suppression).
3. **Indicative.** A shown cell with a base below ``indicative_below`` (default 30) is flagged and
   marked ``*``.
4. **Attribute disclosure.** In a shown cell whose group is below ``attribute_below`` (default 30,
   on the Kish effective ``n_eff`` when the table has it, else on the base) a share of 0 % or
   100 % (as displayed: below 0.5 or above 99.5), an NPS of -100 or +100, or a mean at an end of
   the scale (or with an interval of width 0: everyone gave the same answer) would tell the
   reader what every member of the group answered. Those values (and the row's other shares,
   means and intervals, which would give them back) are not shown: marked ``°`` with a footnote
   (Hundepool et al. 2012, section 5.3 on attribute disclosure in frequency tables).

A :class:`helpers.privacy.DisclosurePlan` (``plan=``) adds the wave's decisions: a category that
the plan hides anywhere is suppressed in every table that shows it.

Background variables with small categories (nationality, azc) are recoded with
:func:`safe_categories` *before* tabulating: categories below the threshold become
"Overig (klein aantal)", and if that group is itself too small its respondents leave the breakdown.
A nationality with 3 respondents never reaches a report: not its name, not its count.

References
----------
Hundepool, A., Domingo-Ferrer, J., Franconi, L., Giessing, S., Schulte Nordholt, E., Spicer, K.
& de Wolf, P.-P. (2012). *Statistical Disclosure Control*. Chichester: Wiley.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.notation import NO_VALUE_MARK, format_number
from helpers.privacy._suppression import attribute_disclosure, secondary_suppression

#: Marker of a suppressed cell: the en dash of every value a reader does not get.
SUPPRESSED_MARK = NO_VALUE_MARK
#: Marker of an indicative cell.
INDICATIVE_MARK = "*"
#: Marker of a value not shown for attribute disclosure (0 % / 100 % in a small group).
MASKED_MARK = "°"
#: Label of the pooled small categories.
OTHER_LABEL = "Overig (klein aantal)"
#: Default minimum base of a shown cell.
DEFAULT_THRESHOLD = 10
#: Default base below which a shown cell is indicative.
DEFAULT_INDICATIVE_BELOW = 30
#: Default (effective) group size below which 0 % / 100 % and scale-end means are not shown.
DEFAULT_ATTRIBUTE_BELOW = 30
#: Default ends of the scale of a ``mean`` column (the 1-5 judgements).
DEFAULT_SCALE_ENDS: tuple[float, float] = (1.0, 5.0)
#: Columns :func:`protect_table` adds.
FLAG_COLUMNS: tuple[str, ...] = ("suppressed", "suppression", "indicative", "masked", "marker")


@dataclass(frozen=True)
class ProtectedTable:
    """A table that has passed :func:`protect_table`.

    Attributes
    ----------
    table : pandas.DataFrame
        The input columns with suppressed values set to missing (the base column becomes a
        nullable ``Int64`` when it held whole numbers) plus ``suppressed`` (bool), ``suppression``
        (``"primair"``, ``"secundair"`` or ``""``), ``indicative`` (bool), ``masked`` (bool:
        values hidden for attribute disclosure) and ``marker`` (``"–"``, ``"°"``, ``"*"`` or
        ``""``).
    footnotes : tuple of str
        Dutch footnotes for the markers that occur in the table.
    n_suppressed, n_primary, n_secondary, n_indicative : int
        Number of suppressed cells (rows), of which primary and secondary; number of indicative
        cells.
    n_masked : int
        Number of shown cells whose values were hidden for attribute disclosure.
    base_col : str
    value_cols : tuple of str
        The columns that were hidden in suppressed rows (besides ``base_col``).
    threshold, indicative_below : int
    """

    table: pd.DataFrame
    footnotes: tuple[str, ...]
    n_suppressed: int
    n_primary: int
    n_secondary: int
    n_indicative: int
    base_col: str
    value_cols: tuple[str, ...]
    threshold: int
    indicative_below: int
    n_masked: int = 0


def protect_table(
    df: pd.DataFrame,
    base_col: str = "n",
    value_cols: Sequence[str] | None = None,
    *,
    threshold: int | None = None,
    indicative_below: int = DEFAULT_INDICATIVE_BELOW,
    group_cols: Sequence[str] | Sequence[Sequence[str]] | None = None,
    secondary: bool = True,
    drop_suppressed: bool = False,
    hidden: str | None = None,
    plan=None,
    target_group: str | None = None,
    attribute_below: int = DEFAULT_ATTRIBUTE_BELOW,
    scale_ends: tuple[float, float] = DEFAULT_SCALE_ENDS,
) -> ProtectedTable:
    """Apply primary and secondary suppression and the indicative flag to a tidy table.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per cell, e.g. the output of :func:`helpers.stats._estimates.summarise_ratings`.
    base_col : str
        The unweighted base of each cell (respondents), default ``"n"``.
    value_cols : sequence of str, optional
        Columns hidden in a suppressed row. Default: every numeric (non-bool) column other than
        ``base_col`` and the ``group_cols`` (so ``n_eff``, estimates, intervals, percentages).
    threshold : int, optional
        Cells with ``base < threshold`` (or a missing base) are suppressed; default the plan's
        threshold, else 10.
    indicative_below : int
        Shown cells with ``base < indicative_below`` are indicative; default 30.
    group_cols : sequence of str, or sequence of sequences of str, optional
        The sets of cells that add up to a shown or derivable total: rows with equal values in
        these columns form one set (e.g. ``["organisation", "item"]`` when the rows within one
        organisation and item are the categories of ``status``). For a two-way table give one list
        per direction, e.g. ``[["organisation"], ["status"]]``. ``None`` (default) treats the whole
        table as one set, which is safe but may suppress more than needed.
    secondary : bool
        Apply secondary suppression (default). Switch off only for tables whose rows are not the
        categories of one variable, so that no total can be derived (e.g. one row per
        organisation x item).
    drop_suppressed : bool
        Drop the suppressed rows from ``table`` (for charts); the counts still include them.
    hidden : str, optional
        Name of a bool column marking rows that are never shown: the *remainder* of a
        breakdown (the set's total minus its shown categories: small categories that were
        dropped, unknown values). A remainder below ``threshold`` could be computed from the
        total, so it is suppressed like any small cell and its set gets a complementary
        suppression; hidden rows are the first choice as complements (hiding them costs
        nothing). Hidden rows are removed from ``table`` and not counted.
    plan : DisclosurePlan or TrendsPlan, optional
        The wave's plan (:func:`helpers.privacy.plan_for`, bound to the target group with
        ``plan.group(...)`` or given ``target_group``), or the plan across the waves of a
        trends table (:func:`helpers.privacy.trends_plan`): the rows it hides are suppressed
        as primary cells before the secondary rules run.
    target_group : str, optional
        Target group of the table, for a plan that is not bound to one (or the table's own
        ``target_group`` column when it holds one group).
    attribute_below : int, default 30
        Shown cells whose (effective) group is below it do not show 0 %, 100 %, an NPS of
        ±100 or a mean at a scale end (rule 4); 0 switches the rule off.
    scale_ends : (float, float), default (1, 5)
        Ends of the scale of a ``mean`` column.

    Returns
    -------
    ProtectedTable

    Raises
    ------
    InputError
        Missing columns or impossible thresholds.

    Notes
    -----
    Secondary suppression follows the single-cell rule of Hundepool et al. (2012, section 4.2):
    a set (row or column of a table with margins) must never contain exactly one suppressed
    cell. The complementary cell is the unsuppressed cell with the smallest base in that set
    (ties: the first in table order), as it costs the least information. With several partitions
    the rule is applied repeatedly until no set has a single suppressed cell. In a two-way table
    that is not always enough (a suppressed cell that forms a "bridge" between two groups of
    suppressed cells is still solvable), so an audit follows: with the set totals as known linear
    equations in the suppressed cells, a cell is exposed when its unit vector lies in the row
    space of that system (Hundepool et al. 2012, section 4.3, on auditing a suppression
    pattern); an exposed cell gets the smallest unsuppressed cell of one of its sets suppressed
    too, until nothing is exposed. A suppressed value can then only be recovered as part of a
    sum of at least two unknown cells. (Interval disclosure, i.e. tight bounds from
    non-negativity, is not audited.)

    References
    ----------
    Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley.

    Examples
    --------
    >>> t = pd.DataFrame({"status": ["a", "b", "c"], "n": [4, 25, 60], "pct": [50.0, 60.0, 70.0]})
    >>> p = protect_table(t, value_cols=["pct"])
    >>> p.table[["status", "n", "pct", "marker"]].to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'status': ['a', 'b', 'c'], 'n': [None, None, 60], 'pct': [nan, nan, 70.0],
     'marker': ['–', '–', '']}
    >>> p.n_suppressed, p.n_primary, p.n_secondary
    (2, 1, 1)
    >>> p.footnotes[0]
    '– : minder dan 10 waarnemingen, niet getoond (of niet getoond omdat het anders uit de totalen terug te rekenen is)'
    """  # noqa: E501
    if not isinstance(df, pd.DataFrame):
        raise InputError("protect_table expects a pandas DataFrame")
    if threshold is None:
        threshold = int(plan.threshold) if plan is not None else DEFAULT_THRESHOLD
    _check_thresholds(threshold, indicative_below)
    if base_col not in df.columns:
        raise InputError(f"table has no base column {base_col!r}")
    partitions = _partitions(group_cols)
    group_names = sorted({c for part in partitions for c in part})
    missing = [c for c in group_names if c not in df.columns]
    if missing:
        raise InputError(f"group_cols not in table: {missing}")
    if value_cols is None:
        value_cols = [
            c
            for c in df.columns
            if c != base_col
            and c not in group_names
            and c not in FLAG_COLUMNS
            and c != hidden
            and pd.api.types.is_numeric_dtype(df[c])
            and not pd.api.types.is_bool_dtype(df[c])
        ]
    else:
        value_cols = list(value_cols)
        missing = [c for c in value_cols if c not in df.columns]
        if missing:
            raise InputError(f"value_cols not in table: {missing}")
        if base_col in value_cols:
            value_cols.remove(base_col)

    if hidden is not None and hidden not in df.columns:
        raise InputError(f"hidden column {hidden!r} not in table")
    is_hidden = (
        df[hidden].fillna(False).to_numpy(dtype=bool)
        if hidden is not None
        else np.zeros(len(df), dtype=bool)
    )
    base = pd.to_numeric(df[base_col], errors="coerce").to_numpy(dtype=float)
    primary = np.isnan(base) | (base < threshold)
    if plan is not None:
        primary |= ~is_hidden & np.asarray(plan.suppressed_rows(df, target_group), dtype=bool)
        if is_hidden.any() and hasattr(plan, "safe_rest_rows"):
            # a rest of two or more cells (by the plan) gives only their sum: no complement
            primary &= ~(is_hidden & np.asarray(plan.safe_rest_rows(df, target_group), bool))
    suppressed = primary.copy()
    if secondary and len(df) > 1:
        suppressed = secondary_suppression(df, base, suppressed, partitions, prefer=is_hidden)
    indicative = ~suppressed & (base < indicative_below)
    if is_hidden.any():
        keep = ~is_hidden
        df, base = df.loc[keep], base[keep]
        primary, suppressed, indicative = primary[keep], suppressed[keep], indicative[keep]
    masked, masked_cols = attribute_disclosure(
        df, base, value_cols, ~suppressed, attribute_below, scale_ends
    )

    out = df.drop(columns=[c for c in FLAG_COLUMNS if c in df.columns]).copy()
    if hidden is not None:
        out = out.drop(columns=[hidden])
    for col in value_cols:
        if not pd.api.types.is_float_dtype(out[col]):
            out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
        out.loc[suppressed, col] = np.nan
        if col in masked_cols:
            out.loc[masked, col] = np.nan
    shown = np.where(suppressed, np.nan, base)
    if np.all(np.isnan(shown) | (shown == np.round(shown))):
        out[base_col] = pd.array([pd.NA if np.isnan(v) else int(v) for v in shown], dtype="Int64")
    else:
        out[base_col] = shown
    out["suppressed"] = suppressed
    out["suppression"] = np.where(primary, "primair", np.where(suppressed, "secundair", ""))
    out["indicative"] = indicative
    out["masked"] = masked
    out["marker"] = np.where(
        suppressed,
        SUPPRESSED_MARK,
        np.where(masked, MASKED_MARK, np.where(indicative, INDICATIVE_MARK, "")),
    )
    n_secondary = int(suppressed.sum() - primary.sum())
    footnotes = footnote_texts(
        threshold,
        indicative_below,
        suppressed=bool(suppressed.any()),
        secondary=n_secondary > 0,
        indicative=bool(indicative.any()),
        masked=bool(masked.any()),
        attribute_below=attribute_below,
    )
    if drop_suppressed:
        out = out.loc[~suppressed]
    out = out.reset_index(drop=True)
    # travels with filtered copies of the table, so a chart of a subset keeps the exact footnotes
    out.attrs["disclosure"] = {
        "footnotes": footnotes,
        "threshold": int(threshold),
        "indicative_below": int(indicative_below),
        "attribute_below": int(attribute_below),
    }
    return ProtectedTable(
        table=out,
        footnotes=footnotes,
        n_suppressed=int(suppressed.sum()),
        n_primary=int(primary.sum()),
        n_secondary=n_secondary,
        n_indicative=int(indicative.sum()),
        base_col=base_col,
        value_cols=tuple(value_cols),
        threshold=int(threshold),
        indicative_below=int(indicative_below),
        n_masked=int(masked.sum()),
    )


def concat_protected(parts: Sequence[ProtectedTable]) -> ProtectedTable:
    """Stack protected tables (each protected with its own sets) into one for display.

    Use it when the parts of one table need different suppression sets, e.g. the categories of
    a background variable (secondary suppression within each set) above their total row
    (protected on its own): protect each part, then stack them.

    Parameters
    ----------
    parts : sequence of ProtectedTable
        Tables that passed :func:`protect_table` with the same base column and thresholds.

    Returns
    -------
    ProtectedTable
        Rows of all parts in order; counts summed; footnotes for the markers that occur.

    Raises
    ------
    InputError
        No parts, an unprotected part, or parts with different base columns or thresholds.

    Examples
    --------
    >>> a = protect_table(pd.DataFrame({"g": ["x", "y"], "n": [4, 40], "pct": [10.0, 20.0]}))
    >>> b = protect_table(pd.DataFrame({"g": ["totaal"], "n": [44], "pct": [19.1]}))
    >>> c = concat_protected([a, b])
    >>> c.table["marker"].tolist(), c.n_suppressed, c.n_secondary
    (['–', '–', ''], 2, 1)
    """
    parts = list(parts)
    if not parts:
        raise InputError("concat_protected needs at least one protected table")
    for part in parts:
        _require_protected(part)
    first = parts[0]
    for part in parts[1:]:
        if (part.base_col, part.threshold, part.indicative_below) != (
            first.base_col,
            first.threshold,
            first.indicative_below,
        ):
            raise InputError("concat_protected: parts differ in base column or thresholds")
    table = pd.concat([part.table for part in parts], ignore_index=True)
    value_cols = tuple(dict.fromkeys(c for part in parts for c in part.value_cols))
    suppressed = table["suppressed"].to_numpy(dtype=bool)
    n_secondary = sum(part.n_secondary for part in parts)
    indicative = table["indicative"].to_numpy(dtype=bool)
    masked = table["masked"].to_numpy(dtype=bool)
    footnotes = footnote_texts(
        first.threshold,
        first.indicative_below,
        suppressed=bool(suppressed.any()),
        secondary=n_secondary > 0,
        indicative=bool(indicative.any()),
        masked=bool(masked.any()),
        attribute_below=max(
            part.table.attrs.get("disclosure", {}).get("attribute_below", 0) for part in parts
        ),
    )
    table.attrs["disclosure"] = {
        "footnotes": footnotes,
        "threshold": first.threshold,
        "indicative_below": first.indicative_below,
    }
    return ProtectedTable(
        table=table,
        footnotes=footnotes,
        n_suppressed=sum(part.n_suppressed for part in parts),
        n_primary=sum(part.n_primary for part in parts),
        n_secondary=n_secondary,
        n_indicative=sum(part.n_indicative for part in parts),
        base_col=first.base_col,
        value_cols=value_cols,
        threshold=first.threshold,
        indicative_below=first.indicative_below,
        n_masked=sum(part.n_masked for part in parts),
    )


def footnote_texts(
    threshold: int = DEFAULT_THRESHOLD,
    indicative_below: int = DEFAULT_INDICATIVE_BELOW,
    *,
    suppressed: bool = True,
    secondary: bool = False,
    indicative: bool = True,
    masked: bool = False,
    attribute_below: int = DEFAULT_ATTRIBUTE_BELOW,
) -> tuple[str, ...]:
    """The Dutch footnotes of the markers.

    Examples
    --------
    >>> footnote_texts()
    ('– : minder dan 10 waarnemingen, niet getoond', '* : indicatief, minder dan 30 waarnemingen')
    >>> footnote_texts(suppressed=False, indicative=False, masked=True)[0][:40]
    '° : niet getoond: in een groep van minde'
    """
    notes = []
    if suppressed:
        text = f"{SUPPRESSED_MARK} : minder dan {threshold} waarnemingen, niet getoond"
        if secondary:
            text += " (of niet getoond omdat het anders uit de totalen terug te rekenen is)"
        notes.append(text)
    if masked:
        notes.append(
            f"{MASKED_MARK} : niet getoond: in een groep van minder dan {attribute_below} "
            "(effectieve) waarnemingen zou 0 % of 100 %, of een gemiddelde aan het uiteinde van "
            "de schaal, laten zien wat ieder lid van de groep antwoordde"
        )
    if indicative:
        notes.append(f"{INDICATIVE_MARK} : indicatief, minder dan {indicative_below} waarnemingen")
    return tuple(notes)


def safe_categories(
    series: pd.Series,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    other_label: str = OTHER_LABEL,
    plan=None,
    target_group: str | None = None,
) -> pd.Series:
    """Pool the small categories of a background variable before anything is tabulated.

    Parameters
    ----------
    series : pandas.Series
        One value per respondent (e.g. ``respondents["nationaliteit"]``); missing stays missing.
    threshold : int
        Categories with fewer than ``threshold`` respondents are recoded to ``other_label``.
    other_label : str
        Label of the pooled group, default ``"Overig (klein aantal)"``.
    plan : DisclosurePlan, optional
        The wave's plan: the series (named like a plan variable) is recoded by the plan
        (:meth:`DisclosurePlan.recode`), so every report shows the same categories; the
        plan's threshold applies. Also hides the smallest shown category when the rest
        (unknown and too small) would be a single cell.
    target_group : str, optional
        For a plan not bound to a target group.

    Returns
    -------
    pandas.Series
        Same index and name. If the pooled group is itself smaller than ``threshold`` its
        respondents become missing (so they leave the breakdown). A categorical input returns a
        categorical whose categories are only the remaining ones (a removed name does not survive
        as an unused category); otherwise an object series.

    Examples
    --------
    >>> s = pd.Series(["Syrië"] * 12 + ["Eritrea"] * 3 + ["Turkije"] * 8 + [None])
    >>> safe_categories(s).value_counts(dropna=False).to_dict()
    {'Syrië': 12, 'Overig (klein aantal)': 11, nan: 1}
    >>> sorted(safe_categories(s, threshold=13).dropna().unique())  # all small, 23 pooled
    ['Overig (klein aantal)']
    >>> safe_categories(pd.Series(["a"] * 10 + ["b"] * 3)).value_counts(dropna=False).to_dict()
    {'a': 10, nan: 3}
    """
    _check_thresholds(threshold, threshold)
    if not isinstance(series, pd.Series):
        raise InputError("safe_categories expects a pandas Series")
    if plan is not None:
        return plan.recode(series, target_group=target_group)
    counts = series.value_counts(dropna=True)
    counts = counts[counts > 0]
    small = counts.index[counts < threshold]
    pooled = int(counts[counts < threshold].sum())
    values = series.astype(object).where(series.notna(), None)
    is_small = series.isin(list(small)) & series.notna()
    replacement = other_label if pooled >= threshold else None
    values = values.where(~is_small, replacement)
    values = values.where(values.notna(), np.nan)
    if isinstance(series.dtype, pd.CategoricalDtype):
        kept = [c for c in series.cat.categories if c in set(counts.index) and c not in set(small)]
        if replacement is not None:
            kept.append(other_label)
        return pd.Series(
            pd.Categorical(values, categories=kept, ordered=series.cat.ordered),
            index=series.index,
            name=series.name,
        )
    return pd.Series(values.to_numpy(dtype=object), index=series.index, name=series.name)


def protect_categories(
    df: pd.DataFrame,
    columns: Sequence[str],
    threshold: int = DEFAULT_THRESHOLD,
    *,
    other_label: str = OTHER_LABEL,
) -> pd.DataFrame:
    """A copy of a respondent table with :func:`safe_categories` applied to ``columns``.

    Examples
    --------
    >>> df = pd.DataFrame({"azc": ["Ter Apel"] * 10 + ["Budel"] * 2})
    >>> protect_categories(df, ["azc"])["azc"].isna().sum()
    np.int64(2)
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(f"columns not in table: {missing}")
    out = df.copy()
    for col in columns:
        out[col] = safe_categories(df[col], threshold, other_label=other_label)
    return out


def format_table(
    protected: ProtectedTable,
    *,
    decimals: Mapping[str, int] | None = None,
    rename: Mapping[str, str] | None = None,
    labels: Mapping[str, Mapping] | None = None,
    keep_flags: bool = False,
) -> pd.DataFrame:
    """The protected table as strings for display: Dutch numbers, markers applied.

    Parameters
    ----------
    protected : ProtectedTable
        Output of :func:`protect_table` (an unprotected DataFrame is refused).
    decimals : mapping of column to int, optional
        Overrides of the default decimals: 0 for the base, ``n*`` columns, ``pct*`` and ``nps``;
        1 for ``mean`` and for other numbers; 2 for ``se``; ``ci_low``/``ci_high`` follow ``mean``
        (1) when the table has a ``mean`` column, otherwise 0.
    rename : mapping, optional
        New (Dutch) column headers.
    labels : mapping of column to mapping, optional
        Display labels of values, e.g. ``{"organisation": {"DTV": "DT&V"}}``.
    keep_flags : bool
        Keep the flag columns (default: dropped).

    Returns
    -------
    pandas.DataFrame
        All cells strings; a suppressed value and its base show ``–``; values of indicative cells
        end in ``*``. ``attrs["footnotes"]`` holds the footnotes.

    Examples
    --------
    >>> t = pd.DataFrame({"org": ["IND", "COA", "DTV"], "n": [8, 20, 1500],
    ...                   "mean": [3.0, 3.46, 4.04]})
    >>> f = format_table(protect_table(t, secondary=False))
    >>> f.to_dict("list")
    {'org': ['IND', 'COA', 'DTV'], 'n': ['–', '20', '1.500'], 'mean': ['–', '3,5*', '4,0']}
    >>> f.attrs["footnotes"][1]
    '* : indicatief, minder dan 30 waarnemingen'
    """
    table = _require_protected(protected)
    base_col = protected.base_col
    value_cols = [c for c in protected.value_cols if c in table.columns]
    suppressed = table["suppressed"].to_numpy(dtype=bool)
    indicative = table["indicative"].to_numpy(dtype=bool)
    decimals = dict(decimals or {})
    out = pd.DataFrame(index=table.index)
    for col in table.columns:
        if col in FLAG_COLUMNS and not keep_flags:
            continue
        series = table[col]
        if col == base_col or col in value_cols:
            d = decimals.get(col, _default_decimals(col, base_col, table.columns))
            text = [format_number(v, d) for v in series]
            if col in value_cols and not (col == "n" or col.startswith("n_")):
                text = [
                    t + INDICATIVE_MARK if (ind and t) else t
                    for t, ind in zip(text, indicative, strict=True)
                ]
            if col in value_cols and "masked" in table.columns:
                masked = table["masked"].to_numpy(dtype=bool)
                text = [
                    MASKED_MARK if (m and not t) else t for t, m in zip(text, masked, strict=True)
                ]
            text = [SUPPRESSED_MARK if s else t for t, s in zip(text, suppressed, strict=True)]
            out[col] = text
        else:
            mapping = (labels or {}).get(col)
            shown = series.map(lambda v, m=mapping: m.get(v, v) if m else v)
            out[col] = [("" if _is_missing(v) else str(v)) for v in shown]
    if rename:
        out = out.rename(columns=dict(rename))
    out = out.reset_index(drop=True)
    out.attrs["footnotes"] = list(protected.footnotes)
    return out


#: The class of every shown table (the report template styles it).
TABLE_CLASS = "kk-table"
#: Notes (the footnotes of disclosure control, a source) sit in a small caption below the table.
_NOTES_STYLE = "caption-side: bottom; text-align: left; font-size: 0.85em; font-weight: normal;"
_NUMBER = re.compile(r"^[-+\u2212]?\d")


def style_frame(
    frame: pd.DataFrame,
    *,
    title: str = "",
    notes=(),
    right: Sequence = (),
    left: Sequence = (),
):
    """The one route of a table to the page: a pandas Styler of ``frame`` as shown cells.

    Every table a report shows passes here: tables of respondent data through
    :func:`style_table` (after :func:`protect_table`), tables without respondent cells (a
    sampling plan, published context figures, the cleaning log) directly. No index; the report's
    table class; a ``title`` as the caption above, or ``notes`` (one string, or lines joined with
    ``<br>``) as a small caption below; columns of numbers right-aligned (numeric columns, and
    text columns whose every non-empty cell starts with a number or is a mark such as ``–``), as
    are the columns in ``right``, with their headings; the columns in ``left`` are labels and
    stay left-aligned (a wave label such as ``2017 K3`` starts with a number). Cells are shown as
    they are (they may hold HTML).

    Examples
    --------
    >>> f = pd.DataFrame({"Organisatie": ["IND", "COA"], "n": ["1.500", "–"]})
    >>> html = style_frame(f, notes=["– : minder dan 10 waarnemingen"]).to_html()
    >>> 'class="kk-table"' in html, "caption-side: bottom" in html, "text-align: right" in html
    (True, True, True)
    """
    if title and notes:
        raise InputError("a table has a title above or notes below, not both")
    styler = frame.style.hide(axis="index").set_table_attributes(f'class="{TABLE_CLASS}"')
    text = notes if isinstance(notes, str) else "<br>".join(notes)
    if title or text:
        styler = styler.set_caption(title or text)
    if text:
        styler = styler.set_table_styles([{"selector": "caption", "props": _NOTES_STYLE}])
    right, left = set(right), set(left)
    numbers = [
        c for c in frame.columns if c not in left and (c in right or _shows_numbers(frame[c]))
    ]
    if numbers:
        styler = styler.set_properties(subset=numbers, **{"text-align": "right"})
        heading = [{"selector": "th.col_heading", "props": "text-align: right;"}]
        styler = styler.set_table_styles({c: heading for c in numbers}, overwrite=False)
    return styler


def _shows_numbers(column: pd.Series) -> bool:
    """A column of numbers, or of texts that each start with a number or are a mark."""
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    cells = [v.strip() if isinstance(v, str) else None for v in column]
    marks = {"", NO_VALUE_MARK, MASKED_MARK, INDICATIVE_MARK}
    return (
        None not in cells
        and any(c not in marks for c in cells)
        and all(c in marks or _NUMBER.match(c) for c in cells)
    )


def style_table(protected: ProtectedTable, **kwargs):
    """A respondent table on its way to the page: :func:`format_table`, then
    :func:`style_frame` with the footnotes below and the values and base right-aligned.

    Parameters
    ----------
    protected : ProtectedTable
    **kwargs
        Passed to :func:`format_table`.

    Returns
    -------
    pandas.io.formats.style.Styler

    Examples
    --------
    >>> t = pd.DataFrame({"org": ["IND", "COA"], "n": [8, 40], "pct": [50.0, 61.0]})
    >>> html = style_table(protect_table(t, secondary=False)).to_html()
    >>> "minder dan 10 waarnemingen" in html
    True
    """
    shown = format_table(protected, **kwargs)
    rename = dict(kwargs.get("rename") or {})
    numbers = {rename.get(c, c) for c in (*protected.value_cols, protected.base_col)}
    return style_frame(
        shown, notes=protected.footnotes, right=[c for c in shown.columns if c in numbers]
    )


# --------------------------------------------------------------------------------------------
# internals
# --------------------------------------------------------------------------------------------


def _partitions(group_cols) -> list[list[str]]:
    if group_cols is None:
        return [[]]
    if isinstance(group_cols, str):
        return [[group_cols]]
    group_cols = list(group_cols)
    if not group_cols:
        return [[]]
    if all(isinstance(c, str) for c in group_cols):
        return [group_cols]
    if all(not isinstance(c, str) and isinstance(c, Sequence) for c in group_cols):
        return [list(c) for c in group_cols]
    raise InputError("group_cols must be column names or a list of lists of column names")


def _check_thresholds(threshold, indicative_below) -> None:
    if not isinstance(threshold, int | np.integer) or threshold < 1:
        raise InputError(f"threshold must be a positive whole number, got {threshold!r}")
    if not isinstance(indicative_below, int | np.integer) or indicative_below < threshold:
        raise InputError(
            f"indicative_below must be a whole number >= threshold ({threshold}), "
            f"got {indicative_below!r}"
        )


def _require_protected(protected) -> pd.DataFrame:
    if isinstance(protected, ProtectedTable):
        return protected.table
    raise InputError(
        "only tables that passed helpers.privacy._disclosure.protect_table can be shown; "
        "call protect_table first"
    )


def _default_decimals(col: str, base_col: str, columns) -> int:
    if col == base_col or col == "n" or col.startswith("n_"):
        return 0
    if col.startswith("pct") or col == "nps":
        return 0
    if col == "se":
        return 2
    if col in ("ci_low", "ci_high"):
        return 1 if "mean" in columns else 0
    return 1


def _is_missing(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False
