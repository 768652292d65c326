"""The rules on the rows of one file: cell checks, routing, recoding, quality rules; its tables."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers.codebook import Codebook, Variable
from helpers.data import _quality as quality
from helpers.data._cleaning_files import FileState, entry_rows_missing_id
from helpers.data._cleaning_result import CleaningRules
from helpers.data._cleaning_schema import (
    CELL_SET_MISSING,
    FLAGGED,
    RATINGS_COLUMNS,
    ROW_EXCLUDED,
    QuarantineEntries,
)
from helpers.data._validation import ID_COLUMN
from helpers.data._wave import WaveConfig


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


def process_file(
    st: FileState,
    cfg: WaveConfig,
    cb: Codebook,
    rules: CleaningRules,
    entries: QuarantineEntries,
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

    entry_rows_missing_id(st, entries)
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


def respondents_of(
    st: FileState, cfg: WaveConfig, cb: Codebook, columns: dict[str, str]
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


def ratings_of(st: FileState, cfg: WaveConfig, cb: Codebook) -> pd.DataFrame:
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
