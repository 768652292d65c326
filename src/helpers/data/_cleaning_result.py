"""The rules of a cleaning run and what it produced: the result, the log and its status."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from helpers.codebook import Codebook
from helpers.data._cleaning_schema import CELL_SET_MISSING, FLAGGED, OUTPUT_FILES, ROW_EXCLUDED
from helpers.data._readers import Notice
from helpers.data._wave import WAVE_FILE, WaveConfig
from helpers.errors import InputError
from helpers.io import sha256_file, write_csv, write_json, write_parquet
from helpers.paths import ensure_not_raw

if TYPE_CHECKING:
    from helpers.data._cleaning_files import FileState

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


def count_values(series: pd.Series) -> dict[str, int]:
    vc = series.value_counts(sort=False)
    return {str(k): int(vc[k]) for k in sorted(vc.index)}


def build_log(
    cfg: WaveConfig,
    cb: Codebook,
    rules: CleaningRules,
    states: list[FileState],
    quarantine: pd.DataFrame,
    wsummary: dict,
) -> dict:
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
                "rows_quarantined_by_reason": count_values(row_q["reason"]),
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
        "rows_quarantined_by_reason": count_values(q.loc[q["action"] == ROW_EXCLUDED, "reason"]),
        "cells_set_missing_by_reason": count_values(
            q.loc[q["action"] == CELL_SET_MISSING, "reason"]
        ),
        "flagged_by_reason": count_values(q.loc[q["action"] == FLAGGED, "reason"]),
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
