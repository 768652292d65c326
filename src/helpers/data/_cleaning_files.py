"""Reading the raw files of a wave for cleaning: columns mapped, rows without id, duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, Variable
from helpers.data import _quality as quality
from helpers.data import _validation as validation
from helpers.data._cleaning_schema import OUTCOME_ITEM, ROW_EXCLUDED, QuarantineEntries
from helpers.data._readers import Notice, RawTable, normalise_column_name, read_raw_file
from helpers.data._validation import ID_COLUMN
from helpers.data._wave import WAVE_FILE, WaveConfig, WaveFile
from helpers.errors import InputError
from helpers.io import sha256_file


@dataclass
class FileState:
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


def _listing(code: str, message: str, items) -> Notice:
    """A notice about a list of columns (or organisations): how many, and which."""
    return Notice(code, message, count=len(items), items=tuple(items))


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
            _listing(
                "platform_columns_dropped",
                f"{len(dropped)} column(s) of the survey platform dropped: {dropped}",
                dropped,
            )
        )
    from_wave = {c: n for c, n in renamed.items() if c in wf.rename}
    if from_wave:
        pairs = [f"{c} -> {n}" for c, n in from_wave.items()]
        notes.append(
            _listing(
                "columns_renamed",
                f"{len(pairs)} column(s) renamed by {WAVE_FILE}: {', '.join(pairs)}",
                pairs,
            )
        )
    id_position = new_cols.index(ID_COLUMN) if ID_COLUMN in new_cols else None
    return raw, renamed, dropped, notes, id_position


def load_file(
    idx: int, cfg: WaveConfig, wf: WaveFile, cb: Codebook, entries: QuarantineEntries
) -> FileState:
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
            _listing(
                "columns_other_version",
                f"column(s) {in_other} belong to another questionnaire version than "
                f"{version}: ignored",
                in_other,
            )
        )
    rest = [c for c in ignored if c not in other_versions]
    if rest:
        warnings.append(
            _listing(
                "columns_ignored",
                f"column(s) not in the codebook ignored: {rest}",
                rest,
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
            _listing(
                "outcome_columns_absent",
                f"required outcome column(s) absent: {missing_outcomes} (the overall judgement "
                f"of {', '.join(orgs)}): no impact analysis for them; renamed by the agency? "
                f"map them with rename in {WAVE_FILE}",
                orgs,
            )
        )
    other_absent = [n for n in missing_opt if n not in outcomes]
    if other_absent:
        warnings.append(
            _listing(
                "columns_absent",
                f"{len(other_absent)} codebook column(s) absent (no answers): {other_absent}",
                other_absent,
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
    return FileState(
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


def entry_rows_missing_id(st: FileState, entries: QuarantineEntries) -> None:
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


def mark_duplicates(states: list[FileState], entries_by_file: dict[int, list]) -> None:
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
