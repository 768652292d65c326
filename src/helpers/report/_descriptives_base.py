"""The data of the descriptives report: constants, the prepared wave, sections and table helpers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, Variable
from helpers.privacy import (
    INDICATIVE_MARK,
    OTHER_LABEL,
    ProtectedTable,
    concat_protected,
    protect_table,
)
from helpers.report._compare_text import describe_differences
from helpers.stats import (
    compare_groups,
    order_rows,
    summarise_ratings,
)

SUBGROUPS: dict[str, tuple[str, ...]] = {
    "asielzoekers": ("status", "nationaliteit", "azc", "modus"),
    "ketenpartners": ("positie", "modus"),
}


BACKGROUND: dict[str, tuple[str, ...]] = {
    "asielzoekers": ("status", "geslacht", "leeftijdsklasse", "modus", "nationaliteit", "azc"),
    "ketenpartners": ("werkgever", "positie", "modus"),
}


SMALL_CATEGORY_COLUMNS: dict[str, str] = {"nationaliteit": "[land]", "azc": "[locatie]"}


SPECIFIC_QUESTIONS: tuple[str, ...] = (
    "coa_introductie_begrepen",
    "dtv_persoonlijke_situatie",
    "dtv_culturele_achtergrond",
    "dtv_genoeg_informatie",
)


VARIABLE_LABELS: dict[str, str] = {
    "status": "verblijfsstatus",
    "positie": "positie (binnen of buiten de Kleine Keten)",
    "nationaliteit": "nationaliteit",
    "azc": "opvanglocatie (azc)",
    "modus": "invulwijze",
    "geslacht": "geslacht",
    "leeftijdsklasse": "leeftijd",
    "werkgever": "werkgever",
}


CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "positie": {
        "binnen_kleine_keten": "binnen de Kleine Keten",
        "buiten_kleine_keten": "buiten de Kleine Keten",
    },
    "modus": {"papier": "papier", "web": "web"},
}


GROUP_PHRASES: dict[str, dict[str, str]] = {
    "status": {
        "afgewezen": "afgewezen asielzoekers",
        "vergunning_na_beroep": "asielzoekers met een vergunning na beroep",
    },
    "positie": {
        "binnen_kleine_keten": "medewerkers binnen de Kleine Keten",
        "buiten_kleine_keten": "medewerkers buiten de Kleine Keten",
    },
    "modus": {
        "papier": "respondenten die op papier invulden",
        "web": "respondenten die via internet invulden",
    },
}


MEAN_ITEMS: tuple[str, ...] = ("totaaloordeel", "laatste_contact")


#: Respondent column holding the declared cluster (the reception centre as sampled, before small
#: centres are pooled for display); the design's primary sampling unit.
DESIGN_CLUSTER = "_design_cluster"


MAX_SENTENCES = 12


REMAINDER = "__rest__"


REMAINDER_FLAG = "_remainder"


@dataclass
class WaveData:
    """One processed wave for one target group, with small categories already pooled.

    Attributes
    ----------
    wave, target_group : str
    version : str or None
        Questionnaire version (from the cleaning log); None when unknown.
    respondents, ratings : pandas.DataFrame
        This target group only; every background variable of :data:`BACKGROUND` has passed
        :func:`helpers.privacy._disclosure.safe_categories`.
    others : dict
        ``{target_group: (respondents, ratings)}`` of the other target groups of the same wave
        (the mirror study reads the asylum seekers' answers), also with safe categories.
    threshold, indicative_below : int
        Disclosure thresholds.
    shown_categories : dict
        Per variable of :data:`SMALL_CATEGORY_COLUMNS`, the category names that may be shown.
    n_by_target_group : dict
        Unweighted number of respondents per target group in the wave.
    raw_dir, processed_dir : str
        The wave's folders ("" when the tables were given without a wave): the open answers'
        coded samples and approval file, and the analyst's list of held-back answers.
    clusters : dict
        Per target group, the declared cluster variable of the sampling design (``wave.yml``;
        ``"azc"`` for asylum seekers) or None; its values are kept in :data:`DESIGN_CLUSTER`.
    fpc_sizes : dict
        Per target group whose design declares ``fpc: true``, the population size of the
        finite-population correction (:meth:`helpers.data.Wave.fpc_size`: clusters in the
        population for a clustered design, else units); empty: no correction.
    population : dict
        ``{target_group: helpers.data.Population}`` of ``wave.yml`` (size, response rate);
        empty when the tables were given without a wave.
    fieldwork_start, fieldwork_end : datetime.date or None
        The fieldwork period of ``wave.yml``; None when unknown.
    """

    wave: str
    target_group: str
    version: str | None
    respondents: pd.DataFrame = field(repr=False)
    ratings: pd.DataFrame = field(repr=False)
    others: dict = field(repr=False)
    threshold: int
    indicative_below: int
    shown_categories: dict
    n_by_target_group: dict
    codebook: Codebook = field(repr=False)
    hidden_terms: dict = field(repr=False, default_factory=dict)  # never displayed
    plan: object = field(repr=False, default=None)  # the wave's DisclosurePlan (privacy)
    shown: list = field(repr=False, default_factory=list)
    clusters: dict = field(default_factory=dict)
    fpc_sizes: dict = field(default_factory=dict)  # {target_group: population size} (fpc)
    raw_dir: str = ""  # the wave's raw folder (coded samples, the quote approval file)
    processed_dir: str = ""  # the wave's processed folder (the held-back answers)
    population: dict = field(repr=False, default_factory=dict)  # {target_group: Population}
    fieldwork_start: object = None  # datetime.date of wave.yml's fieldwork, or None
    fieldwork_end: object = None
    parameters: dict = field(repr=False, default_factory=dict)  # the notebook's, for the header
    key_figures_path: str = ""  # where :func:`key_figures_section` writes ("" : not written)
    source: object = field(repr=False, default=None)  # the helpers.data.Wave (load_wave), if any

    @property
    def n(self) -> int:
        return int(len(self.respondents))

    def cluster_col(self, target_group: str | None = None) -> str | None:
        """The design's cluster column of a target group's respondents (None: no clusters)."""
        declared = self.clusters.get(target_group or self.target_group)
        return DESIGN_CLUSTER if declared else None

    def fpc_size(self, target_group: str | None = None) -> float | None:
        """The population size of a target group's finite-population correction (or None)."""
        return self.fpc_sizes.get(target_group or self.target_group)


@dataclass
class Section:
    """What one report section shows.

    ``parts`` is a list of ``("text", markdown, None)``, ``("table", styler, title)`` and
    ``("figure", figure, alt_text)``; ``protected`` the protected tables behind the tables and
    charts (their suppressed cells are counted in the key figures); ``applicable`` is False when
    the questions were not put to this target group.
    """

    key: str
    applicable: bool = True
    parts: list = field(default_factory=list)
    protected: list = field(default_factory=list)
    key_figures: dict = field(default_factory=dict)
    significant: dict = field(default_factory=dict)

    def text(self, markdown: str) -> None:
        self.parts.append(("text", markdown, None))

    def table(self, styler, title: str = "") -> None:
        self.parts.append(("table", styler, title))

    def figure(self, fig, alt: str) -> None:
        self.parts.append(("figure", fig, alt))

    def tables(self) -> list:
        """The displayed tables (stylers' data) as DataFrames of strings, for tests."""
        return [
            obj.data if hasattr(obj, "data") else obj
            for kind, obj, _ in self.parts
            if kind == "table"
        ]

    def texts(self) -> list[str]:
        return [obj for kind, obj, _ in self.parts if kind == "text"]


def _summarise(
    data: WaveData,
    ratings: pd.DataFrame,
    by: Sequence[str],
    measure: str,
    *,
    target_group: str | None = None,
    respondents: pd.DataFrame | None = None,
    **kwargs,
) -> pd.DataFrame:
    """:func:`helpers.stats.summarise_ratings` on the target group's declared design."""
    tg = target_group or data.target_group
    if respondents is None:
        respondents = data.respondents if tg == data.target_group else data.others[tg][0]
    return summarise_ratings(
        ratings,
        respondents,
        by,
        measure,
        cluster_col=data.cluster_col(tg),
        population_size=data.fpc_size(tg),
        **kwargs,
    )


def _compare(data: WaveData, ratings: pd.DataFrame, var: str, measure: str, **kwargs):
    """:func:`helpers.stats.compare_groups` on the design; groups below the threshold untested.

    ``cells`` (the shown rows of a protected table) restricts the tests to shown cells; a cell
    masked for attribute disclosure there (a 0 % / 100 % or a scale end in a small group,
    column ``masked``) may be tested, but its estimate is blanked, so that no sentence quotes
    what the table hides.
    """
    table = compare_groups(
        ratings,
        data.respondents,
        var,
        measure,
        cluster_col=data.cluster_col(),
        population_size=data.fpc_size(),
        min_n=data.threshold,
        **kwargs,
    )
    cells = kwargs.get("cells")
    if cells is None or "masked" not in cells.columns or table.empty:
        return table
    keys = [*kwargs.get("by", []), var]
    masked = cells.loc[cells["masked"].astype(bool), keys]
    hidden = {tuple(str(v) for v in row) for row in masked.itertuples(index=False)}
    if not hidden:
        return table
    by = [str(v) for v in kwargs.get("by", [])]
    table = table.copy()
    for side in ("a", "b"):
        rows = table[[*by, f"group_{side}"]].astype(str).itertuples(index=False)
        blank = np.array([tuple(r) in hidden for r in rows], dtype=bool)
        table.loc[blank, f"estimate_{side}"] = np.nan
    return table


def _protect(data: WaveData, table: pd.DataFrame, **kwargs) -> ProtectedTable:
    protected = protect_table(
        table,
        threshold=data.threshold,
        indicative_below=data.indicative_below,
        plan=data.plan,
        **kwargs,
    )
    return _indicative_on_design(data, protected)


def _concat(data: WaveData, parts: Sequence[ProtectedTable]) -> ProtectedTable:
    return _indicative_on_design(data, concat_protected(parts))


def _indicative_on_design(data: WaveData, protected: ProtectedTable) -> ProtectedTable:
    """Mark as indicative the shown cells whose design effective n is below the limit.

    A cell is as precise as ``n_eff = n / deff`` independent answers (weights and clustering
    included, :func:`helpers.stats.summarise_ratings`), so the mark looks at ``n_eff`` where the
    table has it (as :func:`helpers.stats.indicative`), and at the base as well: the smaller of
    the two decides, so an estimated design effect below 1 never makes a small group firm.
    """
    t = protected.table
    if "n_eff" not in t.columns:
        return protected
    n_eff = pd.to_numeric(t["n_eff"], errors="coerce").to_numpy(dtype=float)
    suppressed = t["suppressed"].to_numpy(dtype=bool)
    base_rule = t["indicative"].to_numpy(dtype=bool)
    # the smaller of n and n_eff: a design effect below 1 (sampling noise in a small group)
    # must not lift a group of fewer than the limit out of "indicative"
    with np.errstate(invalid="ignore"):
        indicative = ~suppressed & (base_rule | (n_eff < data.indicative_below))
    plain = t["marker"].isin(["", INDICATIVE_MARK]).to_numpy()
    marker = np.where(plain, np.where(indicative, INDICATIVE_MARK, ""), t["marker"])
    design = "weging en clustering" if data.cluster_col() else "weging"
    note = (
        f"{INDICATIVE_MARK} : indicatief, de effectieve steekproefomvang (rekening houdend met "
        f"{design}) is kleiner dan {data.indicative_below}"
    )
    footnotes = [f for f in protected.footnotes if not f.startswith(f"{INDICATIVE_MARK} :")]
    if indicative.any():
        footnotes.append(note)
    table = t.assign(indicative=indicative, marker=marker)
    table.attrs = dict(t.attrs)
    table.attrs["disclosure"] = {**t.attrs.get("disclosure", {}), "footnotes": tuple(footnotes)}
    return replace(
        protected, table=table, footnotes=tuple(footnotes), n_indicative=int(indicative.sum())
    )


def _protected_distribution(
    data: WaveData, ratings: pd.DataFrame, order: Mapping
) -> ProtectedTable:
    """The protected answer distribution of ``ratings`` per organisation."""
    table = _summarise(data, ratings, ["organisation"], "distribution", order=order)
    return _protect(data, table, secondary=False)


def _org_figures(t: pd.DataFrame, estimate: str, **extra: str) -> dict:
    """Key figures per organisation: ``n``, ``estimate`` with its interval, then each
    ``name=column`` of ``extra``."""
    return {
        row["organisation"]: {
            "n": _num(row["n"]),
            estimate: _num(row[estimate]),
            "ci_low": _num(row["ci_low"]),
            "ci_high": _num(row["ci_high"]),
            **{name: _num(row[col]) for name, col in extra.items()},
        }
        for row in t.to_dict("records")
    }


def _variables(data: WaveData) -> list[Variable]:
    return data.codebook.variables(data.target_group, data.version)


def _block_variables(data: WaveData, block: str) -> list[Variable]:
    """The variables of a questionnaire block that this wave's respondents table holds."""
    return [v for v in _variables(data) if v.block == block and v.name in data.respondents.columns]


def _organisations(data: WaveData) -> list[str]:
    return data.codebook.rated_organisations(data.target_group, data.version)


def _answered(resp: pd.DataFrame, variables: Sequence[Variable]) -> bool:
    cols = [v.name for v in variables if v.name in resp.columns]
    return bool(cols) and bool(resp[cols].notna().to_numpy().any())


def _block_section(
    data: WaveData, key: str, variables: Sequence[Variable], unanswered: str
) -> tuple[Section, bool]:
    """The section of a block of questions and whether it has answers to show.

    Not applicable when the block was not put to this target group; the ``unanswered``
    sentence when nobody answered it.
    """
    if not variables:
        return Section(key, applicable=False), False
    sec = Section(key)
    if not _answered(data.respondents, variables):
        sec.text(unanswered)
        return sec, False
    return sec, True


def _as_float(series: pd.Series) -> np.ndarray:
    """Numbers or booleans (True 1, False 0) as floats; missing as NaN."""
    if pd.api.types.is_bool_dtype(series.dtype) or str(series.dtype) == "boolean":
        return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)


def _long(resp: pd.DataFrame, columns: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """Respondent columns as a long pseudo-ratings table (``organisation``, ``item``, ``value``)."""
    parts = []
    for col, (org, item) in columns.items():
        if col not in resp.columns:
            continue
        parts.append(
            pd.DataFrame(
                {
                    "respondent_id": resp["respondent_id"].to_numpy(),
                    "organisation": org,
                    "item": item,
                    "value": _as_float(resp[col]),
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            {
                "respondent_id": pd.Series([], dtype=object),
                "organisation": pd.Series([], dtype=object),
                "item": pd.Series([], dtype=object),
                "value": pd.Series([], dtype=float),
            }
        )
    return pd.concat(parts, ignore_index=True)


def _with_remainder(
    table: pd.DataFrame, ratings: pd.DataFrame, keys: list[str], var: str
) -> pd.DataFrame:
    """Add per set (``keys``) a never-shown row with the rest of the total's base.

    The total of a set (all valid answers, shown elsewhere in the report) minus the bases of the
    shown categories is the base of the respondents with an unknown or dropped category; it
    goes into :func:`helpers.privacy.protect_table` as a ``hidden`` row so that a rest below
    the threshold cannot be computed by subtraction.
    """
    valid = ratings[ratings["value"].notna()]
    totals = valid.groupby(keys, sort=False).size()
    shown = table.groupby(keys, sort=False)["n"].sum()
    rest = totals.subtract(shown.reindex(totals.index, fill_value=0), fill_value=0)
    rest = rest[rest > 0]
    out = table.assign(**{REMAINDER_FLAG: False})
    if rest.empty:
        return out
    extra = rest.rename("n").reset_index()
    extra[var] = REMAINDER
    extra[REMAINDER_FLAG] = True
    return pd.concat([out, extra], ignore_index=True)


def _category_order(series: pd.Series, var: str, cb: Codebook) -> list[str]:
    """Categories present in ``series``: codebook order, else by size; the pooled group last."""
    present = series.dropna().astype(str)
    counts = present.value_counts()
    scale = _background_scale(var, cb)
    if scale is not None and scale.values:
        order = [v for v in scale.values.values() if v in counts.index]
    elif var in CATEGORY_LABELS:
        order = [v for v in CATEGORY_LABELS[var] if v in counts.index]
    else:
        order = sorted(counts.index, key=lambda c: (-int(counts[c]), c))
    rest = sorted(c for c in counts.index if c not in order)
    order += rest
    if OTHER_LABEL in order:
        order = [c for c in order if c != OTHER_LABEL] + [OTHER_LABEL]
    return order


def _background_scale(var: str, cb: Codebook):
    for tg in cb.target_groups:
        for v in cb.variables(tg):
            if v.name == var:
                return v.scale
    return None


def _category_label(var: str, category: str, cb: Codebook) -> str:
    if category == OTHER_LABEL:
        return OTHER_LABEL
    if var in CATEGORY_LABELS and category in CATEGORY_LABELS[var]:
        return CATEGORY_LABELS[var][category]
    scale = _background_scale(var, cb)
    if scale is not None:
        for code, value in scale.values.items():
            if value == category:
                return scale.label(code)
    return str(category)


def _share_breakdown(
    data: WaveData,
    long: pd.DataFrame,
    cells: Sequence[str],
    var: str,
    groups: Sequence[str],
    order: Mapping[str, Sequence],
) -> tuple[ProtectedTable, pd.DataFrame, list[str]]:
    """Shares (0/1 answers in ``long``) per cell and group of ``var``, protected and compared.

    Per cell (``cells``, e.g. organisation and item) the design-based % of each group in
    ``groups`` (:func:`_summarise`, threshold 1), with the rest of the cell's base (unknown or
    hidden groups) as a never-shown row (:func:`_with_remainder`), through :func:`_protect`
    (complementary suppression within each cell); then the design-based tests between the
    groups shown (:func:`_compare`), described for the sentences. Returns the protected table,
    the described comparison (empty with fewer than two groups) and the groups present.
    """
    cells = list(cells)
    table = _summarise(data, long, [*cells, var], "pct_positive", threshold=1, order=order)
    table = table[table[var].isin(groups)].reset_index(drop=True)
    present = [g for g in groups if g in set(table[var])]
    table = _with_remainder(table, long, cells, var)
    protected = _protect(data, table, group_cols=cells, hidden=REMAINDER_FLAG)
    t = protected.table
    comparison = pd.DataFrame()
    if len(present) > 1:
        comparison = describe_differences(
            _compare(
                data,
                long,
                var,
                "pct_positive",
                threshold=1,
                by=cells,
                groups=present,
                order=order,
                cells=t[~t["suppressed"]],
            ),
            labels=_group_phrases(var, present, data.codebook),
        )
    return protected, comparison, present


def _group_phrases(var: str, groups: Sequence[str], cb: Codebook) -> dict[str, str]:
    out = {}
    for g in groups:
        if var in GROUP_PHRASES and g in GROUP_PHRASES[var]:
            out[g] = GROUP_PHRASES[var][g]
        elif g == OTHER_LABEL:
            out[g] = {
                "nationaliteit": "asielzoekers met een andere nationaliteit (kleine groepen samen)",
                "azc": "asielzoekers in de overige (kleine) azc's",
            }.get(var, "de overige respondenten (kleine groepen samen)")
        elif var == "nationaliteit":
            out[g] = (
                "staatloze asielzoekers" if g.casefold() == "staatloos" else f"asielzoekers uit {g}"
            )
        elif var == "azc":
            out[g] = f"asielzoekers in azc {g}"
        else:
            out[g] = (
                f"respondenten met {VARIABLE_LABELS.get(var, var)} {_category_label(var, g, cb)}"
            )
    return out


def _scale_of(data: WaveData, item: str):
    variables = data.codebook.rating_variables(data.target_group, data.version, item)
    if not variables:
        variables = data.codebook.rating_variables(data.target_group, None, item)
    return variables[0].scale


def _positive_label(scale) -> str:
    labels = scale.value_labels()
    return f"{labels[5]} of {labels[4]}"


def _category_labels(scale) -> list[str]:
    labels = scale.value_labels()
    return [labels[c] for c in (1, 2, 3, 4, 5)]


def _org_label(cb: Codebook, org: str) -> str:
    return cb.label(org) if org in cb.organisations else str(org)


def _org_labels(cb: Codebook) -> dict[str, str]:
    return {o: cb.label(o) for o in cb.organisations}


def _org_phrases() -> dict[str, str]:
    return {"keten": "de Kleine Keten"}


def _item_labels(cb: Codebook, items: Sequence[str]) -> dict[str, str]:
    return {i: cb.label(i) for i in items}


def _org_header(cb: Codebook, org: str, table: pd.DataFrame) -> str:
    """Organisation column header with the range of the shown bases."""
    n = pd.to_numeric(
        table.loc[(table["organisation"] == org) & ~table["suppressed"], "n"], errors="coerce"
    ).dropna()
    if n.empty:
        return _org_label(cb, org)
    lo, hi = int(n.min()), int(n.max())
    return f"{_org_label(cb, org)} (n={lo})" if lo == hi else f"{_org_label(cb, org)} (n={lo}-{hi})"


def _sort(table: pd.DataFrame, by: Sequence[str], order: Mapping) -> pd.DataFrame:
    return order_rows(table, list(by), dict(order))


def _num(v) -> float | int | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return int(f) if isinstance(v, int | np.integer) else f
