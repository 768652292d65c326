"""The index page of the reports folder: every wave and report, with parameters, commit,
package versions, duration and status.

Each batch run updates ``runs.json`` in the reports folder (one record per notebook: the latest
run of it) and rewrites the index from it, so reports that a rerun found up to date stay listed
with the run that made them. A notebook the run left out (no context data beside the raw data)
is listed with the reason, also at the top of the page.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from helpers.io import write_json, write_text

MANIFEST = "runs.json"
STATUS_NL = {
    "ok": "gereed",
    "up-to-date": "gereed (ongewijzigd)",
    "stopped": "gestopt (bewust)",
    "failed": "MISLUKT",
    "skipped": "overgeslagen",
    "omitted": "niet uitgevoerd",
}


def update_manifest(reports_root: Path, tasks, results, run_info: dict, omitted=()) -> dict:
    """Merge this run's results into ``runs.json`` and return the manifest.

    ``omitted`` (:class:`Omitted`) are recorded with status ``omitted`` and their
    Dutch reason, replacing an earlier record of the same notebook.
    """
    path = Path(reports_root) / MANIFEST
    manifest = json.loads(path.read_text()) if path.is_file() else {"reports": {}}
    for task, result in zip(tasks, results, strict=True):
        previous = manifest["reports"].get(task.key, {})
        record = {
            "key": task.key,
            "group": task.group,
            "title": task.title,
            "notebook": task.notebook,
            "parameters": task.parameters,
            "status": result.status,
            "html": result.html,
            "executed": result.executed,
            "key_figures": result.key_figures,
            "error": result.error,
            "html_bytes": result.html_bytes,
        }
        if result.status == "up-to-date" and previous:
            record["run"] = previous.get("run")
            record["duration_s"] = previous.get("duration_s")
        else:
            record["run"] = run_info
            record["duration_s"] = round(result.duration_s, 1)
        manifest["reports"][task.key] = record
    for o in omitted:
        manifest["reports"][o.key] = {
            "key": o.key,
            "group": o.group,
            "title": o.title,
            "parameters": {},
            "status": "omitted",
            "reason_nl": o.reason_nl,
            "run": run_info,
            "duration_s": None,
        }
    manifest["last_run"] = run_info
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(manifest, path, sort_keys=True)
    return manifest


def _params(parameters: dict) -> str:
    shown = {k: v for k, v in parameters.items() if not k.endswith("_root")}
    return ", ".join(f"{k}={v}" for k, v in shown.items()) or "standaard"


def write_index(reports_root: Path, manifest: dict) -> Path:
    """Write ``index.html`` (self-contained, no scripts) from the manifest."""
    reports_root = Path(reports_root)
    groups: dict[str, list[dict]] = {}
    for record in manifest["reports"].values():
        groups.setdefault(record["group"], []).append(record)
    last = manifest.get("last_run", {})
    sections = []
    for group in sorted(groups, key=lambda g: (not g[0].isdigit(), g)):
        rows = []
        for r in sorted(groups[group], key=lambda r: r["key"]):
            status = STATUS_NL.get(r["status"], r["status"])
            if r.get("html") and r["status"] in ("ok", "up-to-date", "stopped"):
                link = f'<a href="{html.escape(r["html"])}">{html.escape(r["title"])}</a>'
            else:
                link = html.escape(r["title"])
            err = ""
            if r.get("reason_nl"):
                err = f'<div class="why">{html.escape(r["reason_nl"])}</div>'
            if r.get("error"):
                e = r["error"]
                cell = f"cel {e['cell']}: " if e.get("cell") is not None else ""
                err = f'<div class="err">{html.escape(cell + str(e.get("ename")))}</div>'
            run = r.get("run") or {}
            duration = "" if r.get("duration_s") is None else f"{r['duration_s']} s"
            executed = (
                f'<a href="{html.escape(r["executed"])}">notebook</a>' if r.get("executed") else ""
            )
            rows.append(
                f'<tr class="st-{html.escape(r["status"])}"><td>{link}</td>'
                f"<td>{html.escape(_params(r['parameters']))}</td>"
                f"<td>{html.escape(status)}{err}</td>"
                f"<td>{duration}</td>"
                f"<td><code>{html.escape(str(run.get('git_commit', '')))}</code></td>"
                f"<td>{html.escape(str(run.get('started', '')))}</td><td>{executed}</td></tr>"
            )
        title = "Over alle golven" if not group[0].isdigit() else f"Golf {group}"
        sections.append(
            f'<section id="{html.escape(group)}"><h2>{html.escape(title)}</h2><table>'
            "<thead><tr><th>Rapport</th><th>Parameters</th><th>Status</th><th>Duur</th>"
            "<th>Commit</th><th>Gemaakt</th><th>Audit</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>"
        )
    packages = "".join(
        f"<li>{html.escape(k)} {html.escape(str(v))}</li>"
        for k, v in last.get("packages", {}).items()
    )
    omitted = "".join(
        f'<p class="note">{html.escape(r["reason_nl"])}</p>'
        for r in manifest["reports"].values()
        if r["status"] == "omitted"
    )
    nav = " · ".join(
        f'<a href="#{html.escape(g)}">{html.escape(g)}</a>'
        for g in sorted(groups, key=lambda g: (not g[0].isdigit(), g))
    )
    page = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Klantervaring Kleine Keten: rapportages</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1200px; margin: 1em auto; padding: 0 1em; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9em; margin-bottom: 1.5em; }}
th, td {{ text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }}
tr.st-failed td, tr.st-skipped td {{ background: #fde8e8; }}
.err {{ color: #a00; font-size: .85em; }}
.why {{ color: #555; font-size: .85em; }}
.note {{ background: #f6f8fa; border: 1px solid #d0d7de; padding: .6em 1em; border-radius: 4px; }}
</style></head><body>
<h1>Klantervaringsonderzoek Kleine Keten: rapportages</h1>
<p class="note">Rapportages per golf van het klantervaringsonderzoek onder asielzoekers en
ketenpartners van IND, COA en DT&amp;V. Rapportages die met synthetische demodata zijn gemaakt,
dragen
bovenaan een gele waarschuwing. Laatste run: {html.escape(str(last.get("started", "")))},
{html.escape(str(last.get("duration_s", "")))} s,
{html.escape(str(last.get("jobs", "")))} parallelle
taken, commit <code>{html.escape(str(last.get("git_commit", "")))}</code>.</p>
{omitted}
<p>{nav}</p>
{"".join(sections)}
<details><summary>Softwareversies van de laatste run</summary><ul>{packages}</ul></details>
</body></html>
"""
    target = reports_root / "index.html"
    write_text(page, target)
    return target
