"""Cleaning of one survey wave: raw files + ``wave.yml`` -> tidy processed tables.

:func:`clean_wave` reads a raw wave folder (:func:`helpers.data._wave.read_wave_config`, the raw
files), maps the columns to the codebook's names for the questionnaire version (``rename``),
validates every cell against the codebook (pandera, all failures at once:
:mod:`helpers.data._validation`), applies the routing of the codebook, recodes to analysis values,
applies the quality rules (:mod:`helpers.data._quality`, parameterised by :class:`CleaningRules`),
rakes the weights (:mod:`helpers.data._weighting`) and writes (:mod:`helpers.io`, atomically, never under
``data/raw``):

``respondents.parquet``
    One row per kept respondent: ``wave``, ``respondent_id``, ``target_group``, ``weight`` (mean 1
    within the target group), ``synthetic``, every ``respondents`` variable of the codebook
    (categories as names via the codebook ``values``, e.g. ``status`` = ``afgewezen``; recoded
    scales as analysis values 1-5; tick boxes as booleans; other codes as numbers; open text as
    text; ``veldwerkdatum`` a date), ``<variable>_dont_know`` for variables with a "weet niet"
    answer, derived ``positie`` (``binnen_kleine_keten`` / ``buiten_kleine_keten`` from
    ``werkgever``) and ``kennis_*_correct`` (nullable bool; "weet niet" counts as not correct),
    and the quality flags ``flag_*``. The columns are the same for every wave (the union over
    target groups and questionnaire versions, see :func:`respondent_columns`).
``ratings.parquet``
    One row per rating for every kept respondent routed to the question: ``respondent_id``,
    ``target_group``, ``organisation``, ``item``, ``value`` (float, 1-5 with 5 the most positive,
    NPS 0-10; NaN for "weet niet" or no answer), ``dont_know`` (bool).
``quarantine.csv``
    Every rejected row or cell: ``file``, ``row`` (1-based data row in the raw file),
    ``respondent_id``,
    ``column``, ``raw_value``, ``reason``, ``action`` (``row_excluded``, ``cell_set_missing`` or
    ``flagged``) and a human-readable ``detail``.
``cleaning_log.json``
    ``status`` (``ok``, ``warnings`` or ``incomplete``: see :func:`wave_status`), rows read, kept
    and quarantined (per file and per reason), cells set missing and flags per reason, per file
    the export header rows skipped and the columns renamed, dropped (survey-platform columns),
    ignored and missing, sha256 of every input, questionnaire and codebook version, synthetic
    flag, weighting summary (deff, n_eff, margins achieved, or why a group is unweighted), the
    rules used, and the ``warnings`` and ``notes``: one dict each (``code``, ``file``,
    ``target_group``, ``subject``, ``count``, ``items``, ``message``; the codes are
    :data:`helpers.data._readers.NOTICE_CODES`). For every file ``rows_read == rows_kept +
    rows_quarantined``; export header rows are not rows read.

Columns: the file's names are mapped to the codebook's by ``rename`` of its ``wave.yml`` entry,
then by the questionnaire version's ``rename``; the columns a survey platform adds to an export
(:data:`helpers.data._readers.PLATFORM_COLUMNS`) are dropped unless ``rename`` maps them (a note).
Codebook columns that are absent are a warning; an absent overall judgement (``totaaloordeel``,
the outcome of an organisation's impact analysis) makes the wave ``incomplete``.

Rules (in this order; a row is excluded for its first reason only)
------------------------------------------------------------------
1. Rows the reader cannot parse (``malformed_row``, ``truncated_row``): excluded. A cut-off last
   line keeps its respondent code when the cut lies beyond the code.
2. No respondent code (``missing_id``): excluded.
3. Duplicated codes across the wave (see :mod:`helpers.data._quality`): exact copies after the first
   (``duplicate_exact``) and every copy of a conflicting code (``duplicate_id_conflict``): excluded.
4. Cells that are not an allowed code or label of their scale, out of range, or not a date
   (``out_of_range``, ``invalid_value``, ``invalid_date``): the cell is set missing.
5. Routing (codebook ``routing``, on the cleaned codes, in questionnaire order): an answer to a
   question the respondent was not routed to (``routing_no_contact``: rating an organisation
   without contact; ``routing_own_organisation``: a partner rating their own organisation;
   ``routing_not_asked``: any other condition) is set missing. When the routing question itself
   is unanswered, the answers are kept (the respondent evidently was asked) and flagged
   (``routing_source_missing``), one entry per respondent and routing question.
6. Speeders (``speeder``: web and ``duur_minuten`` < ``min_web_minutes``) and straightliners
   (``straightliner``): excluded when the rule says so, otherwise kept and flagged.
7. ``veldwerkdatum`` outside the fieldwork period of ``wave.yml`` (``date_outside_fieldwork``):
   flagged only.

Cell entries of a row that is excluded in step 6 are dropped: the row entry says it all.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, Variable, load_codebook
from helpers.data import _quality as quality
from helpers.data import _validation as validation
from helpers.data._readers import (
    Notice,
    RawTable,
    normalise_column_name,
    read_raw_file,
)
from helpers.data._validation import ID_COLUMN
from helpers.data._wave import WAVE_FILE, WaveConfig, WaveFile, read_wave_config
from helpers.errors import InputError

__all__ = [
    "CleaningRules",
    "CleaningResult",
    "clean_wave",
    "write_outputs",
    "read_wave_config",
    "respondent_columns",
    "QUARANTINE_COLUMNS",
    "RATINGS_COLUMNS",
    "OUTPUT_FILES",
]

ROW_EXCLUDED = "row_excluded"
CELL_SET_MISSING = "cell_set_missing"
FLAGGED = "flagged"
QUARANTINE_COLUMNS = [
    "file",
    "row",
    "respondent_id",
    "column",
    "raw_value",
    "reason",
    "action",
    "detail",
]
RATINGS_COLUMNS = ["respondent_id", "target_group", "organisation", "item", "value", "dont_know"]
OUTPUT_FILES = {
    "respondents": "respondents.parquet",
    "ratings": "ratings.parquet",
    "quarantine": "quarantine.csv",
    "log": "cleaning_log.json",
}
FLAG_COLUMNS = [
    "flag_duplicate",
    "flag_invalid_cells",
    "flag_routing_violation",
    "flag_routing_source_missing",
    "flag_speeder",
    "flag_straightliner",
    "flag_straightliner_block",
    "flag_outside_fieldwork",
]
_RAW_MAX = 200
#: The item whose columns are required outcomes: without it an organisation has no impact analysis.
OUTCOME_ITEM = "totaaloordeel"
#: Values of ``status`` in ``cleaning_log.json``; warning codes that make a wave incomplete.
STATUSES = ("ok", "warnings", "incomplete")
INCOMPLETE_CODES = ("outcome_columns_absent", "no_respondents")


@dataclass(frozen=True)
class CleaningRules:
    """The parameters of the quality rules and the weighting (defaults: the documented rule).

    Attributes
    ----------
    exclude_straightliners : bool
        Exclude straightliners (True) or keep them flagged (``flag_straightliner``).
    straightline_min_items : int
        The least number of substantive aspect answers for a straight line to count (8).
    straightline_scope : str
        ``"all_blocks"``: the same answer on all aspects of all organisations answered (default);
        ``"any_block"``: on every aspect of at least one organisation's block.
    exclude_speeders : bool
        Exclude web respondents faster than ``min_web_minutes`` (True) or keep them flagged.
    min_web_minutes : float
        Completion-time threshold of a web response in minutes (3.0).
    check_fieldwork_dates : bool
        Flag a ``veldwerkdatum`` outside the fieldwork period of ``wave.yml`` (never excluded).
    trim_lower, trim_upper : float
        Bounds of the raked weights relative to their mean (0.3 and 3.0).
    rake_tol : float
        Convergence tolerance of raking (largest absolute difference of a share from its target).
    rake_max_iter : int
        Maximum raking sweeps per round.
    """

    exclude_straightliners: bool = True
    straightline_min_items: int = 8
    straightline_scope: str = "all_blocks"
    exclude_speeders: bool = True
    min_web_minutes: float = 3.0
    check_fieldwork_dates: bool = True
    trim_lower: float = 0.3
    trim_upper: float = 3.0
    rake_tol: float = 1e-8
    rake_max_iter: int = 1000

    def __post_init__(self):
        if self.straightline_scope not in ("all_blocks", "any_block"):
            raise InputError(
                f"straightline_scope must be 'all_blocks' or 'any_block', not "
                f"{self.straightline_scope!r}"
            )
        if int(self.straightline_min_items) < 2:
            raise InputError("straightline_min_items must be at least 2")
        if not float(self.min_web_minutes) >= 0:
            raise InputError("min_web_minutes must be >= 0")
        if not 0 < float(self.trim_lower) <= 1 <= float(self.trim_upper):
            raise InputError("trim bounds must satisfy 0 < trim_lower <= 1 <= trim_upper")
        if not float(self.rake_tol) > 0 or int(self.rake_max_iter) < 1:
            raise InputError("rake_tol must be > 0 and rake_max_iter >= 1")

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class CleaningResult:
    """Everything :func:`clean_wave` produced, in memory (and where it was written, if it was)."""

    config: WaveConfig
    rules: CleaningRules
    respondents: pd.DataFrame
    ratings: pd.DataFrame
    quarantine: pd.DataFrame
    log: dict
    out_dir: Path | None = None
    written: dict[str, Path] = field(default_factory=dict)

    @property
    def rows_read(self) -> int:
        return int(self.log["totals"]["rows_read"])

    @property
    def rows_kept(self) -> int:
        return int(self.log["totals"]["rows_kept"])

    @property
    def rows_quarantined(self) -> int:
        return int(self.log["totals"]["rows_quarantined"])

    def summary(self) -> str:
        """A few lines for the command line."""
        log = self.log
        t = log["totals"]
        syn = ", SYNTHETIC" if log["synthetic"] else ""
        lines = [
            f"wave {log['wave']} (questionnaire {log['questionnaire_version']}{syn}): "
            f"{t['rows_read']} rows read, {t['rows_kept']} kept, "
            f"{t['rows_quarantined']} quarantined"
        ]
        if log["rows_quarantined_by_reason"]:
            lines.append(
                "  rows quarantined: "
                + ", ".join(f"{k} {v}" for k, v in log["rows_quarantined_by_reason"].items())
            )
        if log["cells_set_missing_by_reason"]:
            lines.append(
                "  cells set missing: "
                + ", ".join(f"{k} {v}" for k, v in log["cells_set_missing_by_reason"].items())
            )
        if log["flagged_by_reason"]:
            lines.append(
                "  flagged (kept): "
                + ", ".join(f"{k} {v}" for k, v in log["flagged_by_reason"].items())
            )
        for tg, w in log["weighting"].items():
            if w["method"] == "unweighted":
                code = w["reason_code"].replace("_", " ")
                lines.append(f"  weights {tg}: unweighted (n={w['n']}, {code})")
            else:
                lines.append(
                    f"  weights {tg}: raked, n={w['n']}, deff {w['deff']:.3f}, "
                    f"n_eff {w['n_eff']:.1f}" + ("" if w["converged"] else " (NOT converged)")
                )
        for kind in ("note", "warning"):
            for n in log[f"{kind}s"]:
                lines.append(f"  {kind}: {n['file'] or n['target_group']}: {n['message']}")
        lines.append(f"  status: {self.status_line()}")
        if self.out_dir is not None:
            lines.append(f"  written to {self.out_dir}")
        return "\n".join(lines)

    @property
    def status(self) -> str:
        """``ok``, ``warnings`` or ``incomplete`` (see :func:`wave_status`)."""
        return self.log["status"]

    def status_line(self) -> str:
        """The status with what it means, for the command line."""
        n = len(self.log["warnings"])
        return {
            "ok": "ok",
            "warnings": f"WARNINGS ({n}): the wave was processed; read the warnings above",
            "incomplete": f"INCOMPLETE ({n} warning(s)): required outcome columns or a whole "
            "file's respondents are missing; the analyses that need them cannot run",
        }[self.status]


# ---------------------------------------------------------------------------------------------
# output schema
def _scale_dtype(var: Variable) -> str:
    s = var.scale
    if s.kind in ("text", "categorical"):
        return "str"
    if s.kind == "date":
        return "datetime64[ns]"
    if s.kind == "coded" and s.values:
        return "str"
    if s.kind == "coded" and not s.recode and set(s.substantive_codes) == {0, 1}:
        return "boolean"
    return "float64"


def respondent_columns(codebook: Codebook | None = None) -> dict[str, str]:
    """Columns of ``respondents.parquet`` and their pandas dtypes, in order (every wave alike).

    >>> cols = respondent_columns()
    >>> list(cols)[:6]
    ['wave', 'respondent_id', 'target_group', 'weight', 'synthetic', 'status']
    >>> [cols[c] for c in ("positie", "kennis_opvang_correct", "kanaal_ind_email", "flag_speeder")]
    ['str', 'boolean', 'boolean', 'bool']
    """
    cb = codebook or load_codebook()
    cols = {
        "wave": "str",
        "respondent_id": "str",
        "target_group": "str",
        "weight": "float64",
        "synthetic": "bool",
    }
    for tg in cb.target_groups:
        for version in cb.versions:
            for var in cb.variables(tg, version):
                if var.table != "respondents" or var.name in cols:
                    continue
                cols[var.name] = _scale_dtype(var)
                if var.scale.dont_know:
                    cols[f"{var.name}_dont_know"] = "bool"
                if var.name == "werkgever":
                    cols["positie"] = "str"
                if var.correct is not None:
                    cols[f"{var.name}_correct"] = "boolean"
    for f in FLAG_COLUMNS:
        cols[f] = "bool"
    return cols


# ---------------------------------------------------------------------------------------------
class _Entries:
    """Quarantine entries in insertion order (sorted by file and row at the end)."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, file_idx, file, row, rid, column, raw_value, reason, action, detail):
        if raw_value is not None and not isinstance(raw_value, str):
            raw_value = str(raw_value)
        if isinstance(raw_value, str) and len(raw_value) > _RAW_MAX:
            raw_value = raw_value[:_RAW_MAX] + "..."
        self.items.append(
            {
                "_f": file_idx,
                "_s": len(self.items),
                "file": file,
                "row": int(row),
                "respondent_id": rid,
                "column": column,
                "raw_value": raw_value,
                "reason": reason,
                "action": action,
                "detail": detail,
            }
        )


@dataclass
class _FileState:
    idx: int
    wf: WaveFile
    path: Path
    table: RawTable
    raw: pd.DataFrame  # string cells, codebook column names
    codes: pd.DataFrame  # coerced (object)
    variables: list[Variable]
    failures: pd.DataFrame
    excluded: np.ndarray  # reason per frame row, None = kept
    ids: np.ndarray
    warnings: list[Notice]
    notes: list[Notice]
    ignored_columns: list[str]
    missing_columns: list[str]
    renamed_columns: dict[str, str]
    dropped_columns: list[str]
    sha256: str
    flags: dict[str, np.ndarray] = field(default_factory=dict)
    num: pd.DataFrame | None = None
    routed: dict[str, np.ndarray] = field(default_factory=dict)


def _map_columns(
    table: RawTable, wf: WaveFile, version: str, cb: Codebook, path: Path
) -> tuple[pd.DataFrame, dict[str, str], list[str], list[Notice], int | None]:
    """The file's columns -> codebook names: ``rename`` of ``wave.yml``, then the version's.

    Platform columns of a survey-platform export that ``rename`` does not map are dropped.
    Returns the frame, the renames applied (file name -> codebook name), the columns dropped,
    the notes, and the position of ``respondent_id`` among the file's columns (None: absent).
    """
    version_rename = {normalise_column_name(k): v for k, v in cb.rename_map(version).items()}
    absent = [c for c in wf.rename if c not in table.frame.columns]
    if absent:
        raise InputError(
            f"rename in {WAVE_FILE}: column(s) {absent} are not in the file "
            f"(its columns begin {list(table.frame.columns[:8])})",
            file=path,
        )
    new_cols = [wf.rename.get(c) or version_rename.get(c, c) for c in table.frame.columns]
    renamed = {c: n for c, n in zip(table.frame.columns, new_cols, strict=True) if c != n}
    dropped = [c for c in table.platform_columns if c not in wf.rename]
    kept = [c not in dropped for c in table.frame.columns]
    mapped = [n for n, k in zip(new_cols, kept, strict=True) if k]
    dupes = sorted({c for c in mapped if mapped.count(c) > 1})
    if dupes:
        raise InputError(
            f"column(s) {dupes} appear twice after renaming (rename in {WAVE_FILE} and "
            f"questionnaire version {version})",
            file=path,
        )
    raw = table.frame.loc[:, kept].copy()
    raw.columns = mapped
    notes = list(table.notes)
    if dropped:
        notes.append(
            Notice(
                "platform_columns_dropped",
                f"{len(dropped)} column(s) of the survey platform dropped: {dropped}",
                count=len(dropped),
                items=tuple(dropped),
            )
        )
    from_wave = {c: n for c, n in renamed.items() if c in wf.rename}
    if from_wave:
        pairs = [f"{c} -> {n}" for c, n in from_wave.items()]
        notes.append(
            Notice(
                "columns_renamed",
                f"{len(pairs)} column(s) renamed by {WAVE_FILE}: {', '.join(pairs)}",
                count=len(pairs),
                items=tuple(pairs),
            )
        )
    id_position = new_cols.index(ID_COLUMN) if ID_COLUMN in new_cols else None
    return raw, renamed, dropped, notes, id_position


def _load_file(
    idx: int, cfg: WaveConfig, wf: WaveFile, cb: Codebook, entries: _Entries
) -> _FileState:
    from helpers.io import sha256_file

    path = cfg.file_path(wf)
    version = cfg.questionnaire_version
    table = read_raw_file(path, wf.header_rows)
    raw, renamed, dropped, notes, id_position = _map_columns(table, wf, version, cb, path)
    labels = {renamed.get(k, k): v for k, v in table.value_labels.items()}

    variables = cb.variables(wf.target_group, version)
    names = [v.name for v in variables]
    missing_req = validation.missing_required(raw.columns, wf.target_group, version, cb)
    if missing_req:
        hint = _version_hint(raw.columns, missing_req, version, cb)
        if table.platform_columns and not hint:
            hint = (
                f"; this is a survey-platform export: map its columns to the codebook with "
                f"rename for this file in {WAVE_FILE} (e.g. rename: {{ResponseId: respondent_id}})"
            )
        listed = ", ".join(repr(m) for m in missing_req)
        raise InputError(
            f"missing required column(s) {listed} for {wf.target_group} "
            f"(questionnaire version {version}){hint}",
            file=path,
        )
    warnings = list(table.warnings)
    ignored = [c for c in raw.columns if c not in names]
    other_versions = {
        v.name
        for other in cb.versions
        if other != version
        for v in cb.variables(wf.target_group, other)
    }
    in_other = [c for c in ignored if c in other_versions]
    if in_other:
        warnings.append(
            Notice(
                "columns_other_version",
                f"column(s) {in_other} belong to another questionnaire version than "
                f"{version}: ignored",
                count=len(in_other),
                items=tuple(in_other),
            )
        )
    rest = [c for c in ignored if c not in other_versions]
    if rest:
        warnings.append(
            Notice(
                "columns_ignored",
                f"column(s) not in the codebook ignored: {rest}",
                count=len(rest),
                items=tuple(rest),
            )
        )
    missing_opt = [n for n in names if n not in raw.columns]
    outcomes = {
        v.name: v.organisation
        for v in cb.rating_variables(wf.target_group, version)
        if v.item == OUTCOME_ITEM
    }
    missing_outcomes = [n for n in missing_opt if n in outcomes]
    if missing_outcomes:
        orgs = [outcomes[n] for n in missing_outcomes]
        warnings.append(
            Notice(
                "outcome_columns_absent",
                f"required outcome column(s) absent: {missing_outcomes} (the overall judgement "
                f"of {', '.join(orgs)}): no impact analysis for them; renamed by the agency? "
                f"map them with rename in {WAVE_FILE}",
                count=len(missing_outcomes),
                items=tuple(orgs),
            )
        )
    other_absent = [n for n in missing_opt if n not in outcomes]
    if other_absent:
        warnings.append(
            Notice(
                "columns_absent",
                f"{len(other_absent)} codebook column(s) absent (no answers): {other_absent}",
                count=len(other_absent),
                items=tuple(other_absent),
            )
        )
    for name, flabels in labels.items():
        if name in names:
            remap = validation.file_label_remap(
                cb.variable(wf.target_group, name, version), flabels
            )
            if remap:
                warnings.append(
                    Notice(
                        "value_labels_remapped",
                        f"{name}: the file's value labels put codes {remap} differently from "
                        "the codebook: mapped by label",
                        subject=name,
                        count=len(remap),
                    )
                )

    raw = raw[[n for n in names if n in raw.columns]]
    codes = validation.coerce_frame(raw, wf.target_group, version, labels, cb)
    failures = validation.validate(codes, wf.target_group, version, cb)
    n = len(raw)
    excluded = np.full(n, None, dtype=object)
    ids = raw[ID_COLUMN].to_numpy(dtype=object)

    # reader rows that could not be parsed; a cut-off row keeps its code when the cut lies
    # beyond it (the last field read may itself be cut)
    for bad in table.bad_rows:
        rid = None
        if id_position is not None and id_position < len(bad.fields) - 1:
            rid = bad.fields[id_position]
        entries.add(
            idx, wf.path, bad.row, rid, None, bad.raw_value, bad.reason, ROW_EXCLUDED, bad.detail
        )
    # missing respondent code: row-level
    miss = failures[failures["reason"] == "missing_id"]
    for pos in miss["position"].to_numpy():
        excluded[pos] = "missing_id"
    failures = failures[(failures["reason"] != "missing_id") & (failures["position"] >= 0)]
    return _FileState(
        idx=idx,
        wf=wf,
        path=path,
        table=table,
        raw=raw,
        codes=codes,
        variables=variables,
        failures=failures.reset_index(drop=True),
        excluded=excluded,
        ids=ids,
        warnings=warnings,
        notes=notes,
        ignored_columns=ignored,
        missing_columns=missing_opt,
        renamed_columns=renamed,
        dropped_columns=dropped,
        sha256=sha256_file(path),
    )


def _version_hint(columns, missing, version, cb: Codebook) -> str:
    cols = set(columns)
    for other in cb.versions:
        if other == version:
            continue
        for raw_name, name in cb.rename_map(other).items():
            if name in missing and normalise_column_name(raw_name) in cols:
                return (
                    f"; found {raw_name!r}, the name questionnaire version {other} uses for "
                    f"{name!r}: is questionnaire_version in wave.yml right?"
                )
    return ""


def _entry_rows_missing_id(st: _FileState, entries: _Entries) -> None:
    for pos in np.flatnonzero(st.excluded == "missing_id"):
        entries.add(
            st.idx,
            st.wf.path,
            st.table.rows[pos],
            None,
            ID_COLUMN,
            st.raw[ID_COLUMN].iat[pos],
            "missing_id",
            ROW_EXCLUDED,
            "no respondent code: the row cannot be identified",
        )


def _duplicates(states: list[_FileState], entries_by_file: dict[int, list]) -> None:
    """Wave-level duplicate codes; marks ``excluded`` and returns nothing (entries added later)."""
    frames = []
    for st in states:
        alive = np.flatnonzero(st.excluded == None)  # noqa: E711 (object array)
        if not alive.size:
            continue
        keys = quality.content_keys(
            st.codes.iloc[alive].reset_index(drop=True), prefix=st.wf.target_group
        )
        frames.append(
            pd.DataFrame({"file": st.idx, "pos": alive, "id": st.ids[alive], "key": keys})
        )
    if not frames:
        return
    allrows = pd.concat(frames, ignore_index=True)
    reasons = quality.duplicate_ids(allrows["id"].to_numpy(dtype=object), allrows["key"].to_numpy())
    first_kept = quality.first_of_exact_duplicates(allrows["id"].to_numpy(dtype=object), reasons)
    allrows["reason"] = reasons
    allrows["first_kept"] = first_kept
    by_id = {}
    for st in states:
        st.flags["flag_duplicate"] = np.zeros(len(st.raw), dtype=bool)
    dup = allrows[allrows["id"].duplicated(keep=False)]
    for rid, grp in dup.groupby("id", sort=False):
        by_id[rid] = [
            (states[f].wf.path, int(states[f].table.rows[p]))
            for f, p in zip(grp["file"], grp["pos"], strict=True)
        ]
    for rec in allrows[allrows["reason"].notna() | allrows["first_kept"]].to_dict("records"):
        st = states[rec["file"]]
        if rec["first_kept"]:
            st.flags["flag_duplicate"][rec["pos"]] = True
            continue
        st.excluded[rec["pos"]] = rec["reason"]
        others = [
            f"{f} row {r}"
            for f, r in by_id[rec["id"]]
            if (f, r) != (st.wf.path, int(st.table.rows[rec["pos"]]))
        ]
        if rec["reason"] == "duplicate_exact":
            detail = f"identical copy of {others[0]} (kept)"
        else:
            detail = f"the same respondent code with different answers in {', '.join(others)}"
        entries_by_file.setdefault(rec["file"], []).append((rec["pos"], rec["reason"], detail))


def _cell_detail(var: Variable, reason: str, raw_value) -> str:
    s = var.scale
    if reason == "out_of_range" and s.kind == "numeric":
        lo, hi = s.value_range
        return f"{raw_value} is outside [{lo}, {hi}]"
    if reason == "out_of_range":
        return f"{raw_value} is not a code of scale {s.name} (allowed {list(s.valid_codes)})"
    if reason == "invalid_date":
        return f"{raw_value!r} is not a date (YYYY-MM-DD or DD-MM-YYYY)"
    return f"{raw_value!r} is neither a code nor a value label of scale {s.name}"


def _numeric_codes(codes: pd.DataFrame, variables: list[Variable]) -> pd.DataFrame:
    """Coded / numeric columns as float (NaN = empty); other columns left as they are."""
    present = [v for v in variables if v.name in codes.columns]
    numeric = [v.name for v in present if v.scale.kind in ("coded", "range", "numeric")]
    cells = pd.Series(codes[numeric].to_numpy(dtype=object).ravel(order="F"), dtype=object)
    values = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=float)
    num = dict(zip(numeric, values.reshape(len(numeric), len(codes)), strict=True))
    out = {v.name: num[v.name] if v.name in num else codes[v.name] for v in present}
    return pd.DataFrame(out, index=codes.index)


def _routing_reason(cond, cb: Codebook, target_group: str, version: str):
    """(reason, describe) of a failing routing condition; describe(value) gives the detail."""
    try:
        src_var = cb.variable(target_group, cond.var, version)
    except KeyError:
        src_var = None

    def lab(v):
        if src_var is None or np.isnan(v):
            return "empty"
        return f"{int(v) if float(v).is_integer() else v} ({src_var.scale.label(int(v))})"

    if cond.excluded is not None:
        return (
            "routing_own_organisation",
            lambda v: f"{cond.var}={lab(v)}: partners do not rate their own organisation",
        )
    reason = "routing_no_contact" if cond.var.startswith("contact_") else "routing_not_asked"
    return (
        reason,
        lambda v: f"{cond.var}={lab(v)}: only asked when {cond.var} in {list(cond.allowed)}",
    )


def _process_file(
    st: _FileState,
    cfg: WaveConfig,
    cb: Codebook,
    rules: CleaningRules,
    entries: _Entries,
    dup_entries: list,
) -> None:
    """Cell validation, routing, recoding and quality rules for the rows still alive."""
    tg, version = st.wf.target_group, cfg.questionnaire_version
    n = len(st.raw)
    rows = st.table.rows
    ids = st.ids
    path = st.wf.path
    var_by_name = {v.name: v for v in st.variables}
    local: list[dict] = []  # entries of this file in phase C (filtered at the end)

    def add(pos, column, raw_value, reason, action, detail):
        local.append(
            {
                "pos": int(pos),
                "column": column,
                "raw_value": raw_value,
                "reason": reason,
                "action": action,
                "detail": detail,
            }
        )

    _entry_rows_missing_id(st, entries)
    for pos, reason, detail in sorted(dup_entries, key=lambda x: x[0]):
        entries.add(
            st.idx, path, rows[pos], ids[pos], ID_COLUMN, ids[pos], reason, ROW_EXCLUDED, detail
        )
    alive = np.array([r is None for r in st.excluded], dtype=bool)

    # 4. invalid cells
    codes = st.codes.copy()
    flag_invalid = np.zeros(n, dtype=bool)
    f = st.failures
    if len(f):
        f = f[alive[f["position"].to_numpy(dtype=np.int64)]]
    for rec in f.to_dict("records"):
        pos, col = rec["position"], rec["column"]
        raw_value = st.raw[col].iat[pos]
        codes.iat[pos, codes.columns.get_loc(col)] = None
        flag_invalid[pos] = True
        add(
            pos,
            col,
            raw_value,
            rec["reason"],
            CELL_SET_MISSING,
            _cell_detail(var_by_name[col], rec["reason"], raw_value),
        )

    # 5. routing, in questionnaire order, on the cleaned codes
    num = _numeric_codes(codes, st.variables)
    flag_routing = np.zeros(n, dtype=bool)
    source_missing: dict[str, np.ndarray] = {}
    routed: dict[str, np.ndarray] = {}
    for var in st.variables:
        if var.name not in num.columns:
            continue
        col = num[var.name]
        if var.scale.kind in ("coded", "range", "numeric"):
            vals = col.to_numpy(dtype=float)
            answered = ~np.isnan(vals) & ~np.isin(vals, var.scale.missing)
        else:
            answered = col.notna().to_numpy()
        if not var.routing:
            routed[var.name] = np.ones(n, dtype=bool)
            continue
        # per condition: its source unanswered (unknown) or answered and failing (known_fail);
        # eligible where every condition holds (as Codebook.eligible, on the cleaned codes)
        eligible = np.ones(n, dtype=bool)
        unknown_by: dict[str, np.ndarray] = {}
        known_fail = np.zeros(n, dtype=bool)
        first_fail: list[tuple] = []
        for cond in var.routing:
            if cond.var not in num.columns:
                continue
            src = num[cond.var].to_numpy(dtype=float)
            holds = cond.holds(src)
            eligible &= holds
            src_missing = var_by_name[cond.var].scale.missing if cond.var in var_by_name else ()
            unk = np.isnan(src) | np.isin(src, src_missing)
            unknown_by[cond.var] = unknown_by.get(cond.var, np.zeros(n, dtype=bool)) | unk
            fails = ~unk & ~holds
            first_fail.append((cond, src, fails & ~known_fail))
            known_fail |= fails
        violation = answered & known_fail & alive
        if violation.any():
            for cond, src, fails in first_fail:
                fails = fails & violation
                if not fails.any():
                    continue
                reason, describe = _routing_reason(cond, cb, tg, version)
                for pos in np.flatnonzero(fails):
                    add(
                        pos,
                        var.name,
                        st.raw[var.name].iat[pos],
                        reason,
                        CELL_SET_MISSING,
                        describe(src[pos]),
                    )
            if var.scale.kind in ("coded", "range", "numeric"):
                num.loc[violation, var.name] = np.nan
            else:
                num[var.name] = num[var.name].where(~violation, None)
            flag_routing |= violation
        # not eligible only because a routing question is unanswered: answers kept, flagged
        kept_unknown = answered & ~eligible & ~known_fail & alive
        if kept_unknown.any():
            for src_name, unk in unknown_by.items():
                m = kept_unknown & unk
                if m.any():
                    acc = source_missing.setdefault(src_name, np.zeros(n, dtype=np.int64))
                    acc += m
        routed[var.name] = eligible | (answered & ~known_fail)
    flag_source_missing = np.zeros(n, dtype=bool)
    for src_name, counts in source_missing.items():
        for pos in np.flatnonzero(counts > 0):
            add(
                pos,
                src_name,
                st.raw[src_name].iat[pos],
                "routing_source_missing",
                FLAGGED,
                f"{src_name} unanswered; {int(counts[pos])} answer(s) to questions routed by it "
                "kept",
            )
        flag_source_missing |= counts > 0

    # 6. quality: straightliners, speeders
    subst = pd.DataFrame(index=num.index)
    blocks: dict[str, list[str]] = {}
    aspects = set(cb.aspects(tg))
    for var in cb.rating_variables(tg, version):
        if var.item in aspects and var.name in num.columns:
            v = num[var.name].to_numpy(dtype=float)
            bad = np.isin(v, var.scale.dont_know) | np.isin(v, var.scale.missing)
            subst[var.name] = np.where(bad, np.nan, v)
            blocks.setdefault(var.organisation, []).append(var.name)
    sl_all, sl_any, sl_which = quality.straightliners(subst, blocks, rules.straightline_min_items)
    straight = (sl_all if rules.straightline_scope == "all_blocks" else sl_any) & alive
    web_code = {v: k for k, v in cb.scale("modus").values.items()}.get("web")
    web = (
        (num["modus"].to_numpy(dtype=float) == web_code)
        if "modus" in num.columns
        else np.zeros(n, bool)
    )
    minutes = (
        num["duur_minuten"].to_numpy(dtype=float)
        if "duur_minuten" in num.columns
        else np.full(n, np.nan)
    )
    speed = quality.speeders(web, minutes, rules.min_web_minutes) & alive

    for pos in np.flatnonzero(speed):
        action = ROW_EXCLUDED if rules.exclude_speeders else FLAGGED
        add(
            pos,
            "duur_minuten",
            st.raw["duur_minuten"].iat[pos],
            "speeder",
            action,
            f"web response in {minutes[pos]:g} minutes (< {rules.min_web_minutes:g})",
        )
    if rules.exclude_speeders:
        for pos in np.flatnonzero(speed):
            st.excluded[pos] = "speeder"
    for pos in np.flatnonzero(straight):
        excluded_already = st.excluded[pos] is not None
        action = ROW_EXCLUDED if rules.exclude_straightliners and not excluded_already else FLAGGED
        if excluded_already:
            continue  # excluded as a speeder: one reason per row
        cols = [c for org in (sl_which[pos] or blocks) for c in blocks[org]]
        vals = subst.loc[subst.index[pos], cols].dropna()
        first_col = vals.index[0] if len(vals) else None
        answer = var_by_name[first_col].scale.label(int(vals.iloc[0])) if first_col else ""
        scope = (
            "all aspects of "
            + ", ".join(o for o in blocks if subst.loc[subst.index[pos], blocks[o]].notna().any())
            if rules.straightline_scope == "all_blocks"
            else "every aspect of " + ", ".join(sl_which[pos])
        )
        add(
            pos,
            None,
            st.raw[first_col].iat[pos] if first_col else None,
            "straightliner",
            action,
            f"the same answer ({answer!r}) on {scope}: {len(vals)} answers",
        )
        if rules.exclude_straightliners:
            st.excluded[pos] = "straightliner"

    # 7. fieldwork dates
    outside = np.zeros(n, dtype=bool)
    if (
        rules.check_fieldwork_dates
        and "veldwerkdatum" in num.columns
        and cfg.fieldwork_start
        and cfg.fieldwork_end
    ):
        d = pd.to_datetime(num["veldwerkdatum"], errors="coerce")
        start, end = pd.Timestamp(cfg.fieldwork_start), pd.Timestamp(cfg.fieldwork_end)
        outside = (d.notna() & ((d < start) | (d > end))).to_numpy() & alive
        for pos in np.flatnonzero(outside):
            add(
                pos,
                "veldwerkdatum",
                st.raw["veldwerkdatum"].iat[pos],
                "date_outside_fieldwork",
                FLAGGED,
                f"{d.iat[pos].date()} is outside the fieldwork {cfg.fieldwork_start} - "
                f"{cfg.fieldwork_end}",
            )

    # final entries: excluded rows keep only their row entry
    kept = np.array([r is None for r in st.excluded], dtype=bool)
    for e in local:
        pos = e["pos"]
        if not kept[pos] and e["action"] != ROW_EXCLUDED:
            continue
        entries.add(
            st.idx,
            path,
            rows[pos],
            ids[pos],
            e["column"],
            e["raw_value"],
            e["reason"],
            e["action"],
            e["detail"],
        )

    st.flags.setdefault("flag_duplicate", np.zeros(n, dtype=bool))
    st.flags.update(
        {
            "flag_invalid_cells": flag_invalid,
            "flag_routing_violation": flag_routing,
            "flag_routing_source_missing": flag_source_missing,
            "flag_speeder": speed,
            "flag_straightliner": straight,
            "flag_straightliner_block": sl_any & alive,
            "flag_outside_fieldwork": outside,
        }
    )
    st.num = num
    st.routed = routed


def _respondents_of(
    st: _FileState, cfg: WaveConfig, cb: Codebook, columns: dict[str, str]
) -> pd.DataFrame:
    kept = np.array([r is None for r in st.excluded], dtype=bool)
    num = st.num.loc[kept].reset_index(drop=True)
    k = int(kept.sum())
    data: dict[str, Any] = {
        "wave": [cfg.wave] * k,
        "respondent_id": st.ids[kept],
        "target_group": [st.wf.target_group] * k,
        "weight": np.ones(k),
        "synthetic": np.full(k, cfg.synthetic, dtype=bool),
    }
    for var in st.variables:
        if var.table != "respondents" or var.name == ID_COLUMN:
            continue
        s = var.scale
        if var.name not in num.columns:
            continue
        col = num[var.name]
        dtype = columns[var.name]
        if s.kind in ("coded", "range"):
            v = col.to_numpy(dtype=float)
            dk = np.isin(v, s.dont_know)
            subst = ~np.isnan(v) & ~dk & ~np.isin(v, s.missing)
            if dtype == "str":
                out = np.full(k, None, dtype=object)
                for code, name in s.values.items():
                    out[subst & (v == code)] = name
                data[var.name] = out
            elif dtype == "boolean":
                out = pd.array(np.where(subst, v == 1, False), dtype="boolean")
                out[~subst] = pd.NA
                data[var.name] = out
            else:
                rec = np.full(k, np.nan)
                if s.recode:
                    for code, value in s.recode.items():
                        rec[subst & (v == code)] = value
                else:
                    rec[subst] = v[subst]
                data[var.name] = rec
            if s.dont_know:
                data[f"{var.name}_dont_know"] = dk
            if var.name == "werkgever":
                inside = set(s.extra.get("inside_chain", []))
                pos = np.full(k, None, dtype=object)
                pos[subst & np.isin(v, list(inside))] = "binnen_kleine_keten"
                pos[subst & ~np.isin(v, list(inside))] = "buiten_kleine_keten"
                data["positie"] = pos
            if var.correct is not None:
                answered = subst | dk
                corr = pd.array(np.where(answered, v == var.correct, False), dtype="boolean")
                corr[~answered] = pd.NA
                data[f"{var.name}_correct"] = corr
        elif s.kind == "numeric":
            data[var.name] = col.to_numpy(dtype=float)
        elif s.kind == "date":
            data[var.name] = pd.to_datetime(col, errors="coerce")
        else:
            data[var.name] = col.to_numpy(dtype=object)
    for name, mask in st.flags.items():
        data[name] = mask[kept]
    df = pd.DataFrame(data)
    return df


def _conform(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Reindex to the fixed respondents columns and cast each to its dtype."""
    out = {}
    n = len(df)
    for name, dtype in columns.items():
        col = df[name] if name in df.columns else pd.Series([None] * n, dtype=object)
        col = col.reset_index(drop=True)
        if dtype == "str":
            col = col.astype(object).where(col.notna(), None).astype("str")
        elif dtype == "bool":
            col = col.astype(object).where(col.notna(), False).astype(bool)
        elif dtype == "boolean":
            col = col.astype("boolean")
        elif dtype.startswith("datetime64"):
            col = pd.to_datetime(col, errors="coerce").astype(dtype)
        else:
            col = pd.to_numeric(col, errors="coerce").astype(dtype)
        out[name] = col
    return pd.DataFrame(out)


def _ratings_of(st: _FileState, cfg: WaveConfig, cb: Codebook) -> pd.DataFrame:
    kept = np.array([r is None for r in st.excluded], dtype=bool)
    cols: dict[str, list[np.ndarray]] = {
        k: [] for k in ("pos", "var", "org", "item", "value", "dk")
    }
    for j, var in enumerate(cb.rating_variables(st.wf.target_group, cfg.questionnaire_version)):
        if var.name not in st.num.columns:
            continue
        pos = np.flatnonzero(st.routed[var.name] & kept)
        if not pos.size:
            continue
        v = st.num[var.name].to_numpy(dtype=float)[pos]
        s = var.scale
        dk = np.isin(v, s.dont_know)
        subst = ~np.isnan(v) & ~dk & ~np.isin(v, s.missing)
        value = np.full(pos.size, np.nan)
        if s.recode:
            for code, val in s.recode.items():
                value[subst & (v == code)] = val
        else:
            value[subst] = v[subst]
        cols["pos"].append(pos)
        cols["var"].append(np.full(pos.size, j))
        cols["org"].append(np.full(pos.size, var.organisation, dtype=object))
        cols["item"].append(np.full(pos.size, var.item, dtype=object))
        cols["value"].append(value)
        cols["dk"].append(dk)
    if not cols["pos"]:
        return pd.DataFrame(
            {
                c: pd.Series([], dtype=t)
                for c, t in zip(
                    RATINGS_COLUMNS, ["str", "str", "str", "str", "float64", "bool"], strict=True
                )
            }
        )
    flat = {k: np.concatenate(v) for k, v in cols.items()}
    order = np.lexsort((flat["var"], flat["pos"]))  # respondent order, then questionnaire order
    return pd.DataFrame(
        {
            "respondent_id": st.ids[flat["pos"][order]],
            "target_group": st.wf.target_group,
            "organisation": flat["org"][order],
            "item": flat["item"][order],
            "value": flat["value"][order],
            "dont_know": flat["dk"][order],
        }
    )


def _conform_ratings(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "respondent_id": df["respondent_id"].astype("str"),
            "target_group": df["target_group"].astype("str"),
            "organisation": df["organisation"].astype("str"),
            "item": df["item"].astype("str"),
            "value": df["value"].astype("float64"),
            "dont_know": df["dont_know"].astype(bool),
        }
    )
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
def clean_wave(
    raw_dir: str | Path,
    out_dir: str | Path | None = None,
    rules: CleaningRules = CleaningRules(),
    codebook: Codebook | None = None,
) -> CleaningResult:
    """Clean one raw wave folder; write the processed tables to ``out_dir`` (if given).

    Parameters
    ----------
    raw_dir : str or Path
        The raw wave folder with its ``wave.yml``.
    out_dir : str or Path, optional
        Where to write ``respondents.parquet``, ``ratings.parquet``, ``quarantine.csv`` and
        ``cleaning_log.json``; None: keep the result in memory only (notebooks). Refused when it
        lies under the raw data folder or the wave folder itself.
    rules : CleaningRules, optional
        The quality rules and weighting parameters (default :class:`CleaningRules`).
    codebook : Codebook, optional
        Default :func:`helpers.codebook.load_codebook`.

    Returns
    -------
    CleaningResult

    Raises
    ------
    helpers.errors.InputError
        Input that cannot be used: no ``wave.yml``, an unknown questionnaire version, an empty,
        unreadable or undecodable file, a missing required column.
    """
    from helpers.paths import ensure_not_raw

    rules = rules or CleaningRules()
    cb = codebook or load_codebook()
    raw_dir = Path(raw_dir)
    if out_dir is not None:
        ensure_not_raw(out_dir, raw_dir)
    cfg = read_wave_config(raw_dir, cb)
    columns = respondent_columns(cb)
    for tg, pop in cfg.population.items():
        for var in pop.margins:
            if var not in columns:
                raise InputError(
                    f"population.{tg}.margins: {var!r} is not a respondents column "
                    f"(e.g. status, geslacht, positie)",
                    file=cfg.config_file,
                )

    entries = _Entries()
    states = [_load_file(i, cfg, wf, cb, entries) for i, wf in enumerate(cfg.files)]
    dup_entries: dict[int, list] = {}
    _duplicates(states, dup_entries)
    for st in states:
        _process_file(st, cfg, cb, rules, entries, dup_entries.get(st.idx, []))

    resp = [_respondents_of(st, cfg, cb, columns) for st in states]
    respondents = _conform(pd.concat(resp, ignore_index=True) if resp else pd.DataFrame(), columns)
    rat = [_ratings_of(st, cfg, cb) for st in states]
    ratings = _conform_ratings(pd.concat(rat, ignore_index=True))

    # weights per target group
    from helpers.data._weighting import weight_target_groups

    margins = {tg: pop.margins for tg, pop in cfg.population.items()}
    weights, wsummary = weight_target_groups(
        respondents,
        margins,
        trim=(rules.trim_lower, rules.trim_upper),
        max_iter=rules.rake_max_iter,
        tol=rules.rake_tol,
        target_groups=[wf.target_group for wf in cfg.files],
    )
    respondents["weight"] = weights.astype("float64")

    quarantine = _quarantine_frame(entries)
    log = _build_log(cfg, cb, rules, states, quarantine, wsummary)
    log["totals"]["ratings"] = int(len(ratings))
    log["totals"]["respondents_by_target_group"] = _counts(respondents["target_group"])
    result = CleaningResult(cfg, rules, respondents, ratings, quarantine, log)
    if out_dir is not None:
        result.written = write_outputs(result, out_dir, raw_root=raw_dir)
        result.out_dir = Path(out_dir)
    return result


def _quarantine_frame(entries: _Entries) -> pd.DataFrame:
    if not entries.items:
        return pd.DataFrame(
            {c: pd.Series([], dtype="int64" if c == "row" else object) for c in QUARANTINE_COLUMNS}
        )
    df = pd.DataFrame(entries.items)
    df = df.sort_values(["_f", "row", "_s"], kind="mergesort")
    df = df[QUARANTINE_COLUMNS].reset_index(drop=True)
    df["row"] = df["row"].astype("int64")
    return df


def _counts(series: pd.Series) -> dict[str, int]:
    vc = series.value_counts(sort=False)
    return {str(k): int(vc[k]) for k in sorted(vc.index)}


def _build_log(
    cfg: WaveConfig,
    cb: Codebook,
    rules: CleaningRules,
    states: list[_FileState],
    quarantine: pd.DataFrame,
    wsummary: dict,
) -> dict:
    from helpers.io import sha256_file

    q = quarantine
    files, warnings, notes = [], [], []
    tot_read = tot_kept = tot_q = 0
    for st in states:
        qf = q[q["file"] == st.wf.path]
        row_q = qf[qf["action"] == ROW_EXCLUDED]
        n_read = st.table.rows_read
        n_kept = int(sum(r is None for r in st.excluded))
        n_q = int(row_q["row"].nunique())
        if n_read != n_kept + n_q:  # an invariant of this module, not an input problem
            raise AssertionError(
                f"{st.wf.path}: rows read {n_read} != kept {n_kept} + quarantined {n_q}"
            )
        tot_read += n_read
        tot_kept += n_kept
        tot_q += n_q
        context = {"file": st.wf.path, "target_group": st.wf.target_group}
        file_warnings = list(st.warnings)
        if n_kept == 0:
            file_warnings.append(
                Notice("no_respondents", f"no row kept of the {n_read} read", count=n_read)
            )
        warnings += [_logged(w.as_dict(), **context) for w in file_warnings]
        notes += [_logged(n.as_dict(), **context) for n in st.notes]
        files.append(
            {
                "file": st.wf.path,
                "target_group": st.wf.target_group,
                "format": st.table.format,
                "encoding": st.table.encoding,
                "delimiter": st.table.delimiter,
                "decimal": st.table.decimal,
                "sha256": st.sha256,
                "rows_read": n_read,
                "rows_kept": n_kept,
                "rows_quarantined": n_q,
                "rows_quarantined_by_reason": _counts(row_q["reason"]),
                "cells_set_missing": int((qf["action"] == CELL_SET_MISSING).sum()),
                "header_rows_skipped": [int(r) for r in st.table.header_rows],
                "columns_renamed": st.renamed_columns,
                "columns_dropped": st.dropped_columns,
                "columns_ignored": st.ignored_columns,
                "columns_missing": st.missing_columns,
            }
        )
    for tg, s in wsummary.items():
        warnings += [_logged(w, None, tg) for w in s.get("warnings", [])]
        notes += [_logged(n, None, tg) for n in s.get("notes", [])]
    checksums = {WAVE_FILE: sha256_file(cfg.config_file)}
    checksums.update({st.wf.path: st.sha256 for st in states})
    return {
        "wave": cfg.wave,
        "status": wave_status(warnings),
        "questionnaire_version": cfg.questionnaire_version,
        "codebook_version": cb.codebook_version,
        "synthetic": cfg.synthetic,
        "totals": {
            "rows_read": tot_read,
            "rows_kept": tot_kept,
            "rows_quarantined": tot_q,
            "ratings": None,
        },
        "files": files,
        "rows_quarantined_by_reason": _counts(q.loc[q["action"] == ROW_EXCLUDED, "reason"]),
        "cells_set_missing_by_reason": _counts(q.loc[q["action"] == CELL_SET_MISSING, "reason"]),
        "flagged_by_reason": _counts(q.loc[q["action"] == FLAGGED, "reason"]),
        "checksums_sha256": checksums,
        "weighting": wsummary,
        "rules": rules.as_dict(),
        "defects_declared": list(cfg.defects),
        "warnings": warnings,
        "notes": notes,
    }


def _logged(notice: dict, file: str | None, target_group: str | None) -> dict:
    """A notice of the log: its code, then the file and target group it concerns, then the rest."""
    rest = {k: v for k, v in notice.items() if k not in ("code", "file", "target_group")}
    return {"code": notice["code"], "file": file, "target_group": target_group, **rest}


def wave_status(warnings: list[dict]) -> str:
    """``"incomplete"`` (an outcome column or a whole file's respondents missing),
    ``"warnings"`` (other warnings) or ``"ok"``: the ``status`` of ``cleaning_log.json``.

    >>> wave_status([]), wave_status([{"code": "columns_ignored"}])
    ('ok', 'warnings')
    >>> wave_status([{"code": "columns_ignored"}, {"code": "outcome_columns_absent"}])
    'incomplete'
    """
    if any(w["code"] in INCOMPLETE_CODES for w in warnings):
        return "incomplete"
    return "warnings" if warnings else "ok"


def write_outputs(
    result: CleaningResult, out_dir: str | Path, raw_root: str | Path | None = None
) -> dict[str, Path]:
    """Write the four outputs of a :class:`CleaningResult` atomically into ``out_dir``."""
    from helpers.io import write_csv, write_json, write_parquet
    from helpers.paths import ensure_not_raw

    out = Path(out_dir)
    ensure_not_raw(out, raw_root)
    return {
        "respondents": write_parquet(
            result.respondents, out / OUTPUT_FILES["respondents"], raw_root
        ),
        "ratings": write_parquet(result.ratings, out / OUTPUT_FILES["ratings"], raw_root),
        "quarantine": write_csv(result.quarantine, out / OUTPUT_FILES["quarantine"], raw_root),
        "log": write_json(result.log, out / OUTPUT_FILES["log"], raw_root),
    }
