"""The index page of the reports folder: the landing page of the reviewers.

Newest wave first; per wave the headline figures of its summary report with a link "begin hier",
then its reports grouped by the question they answer (not by notebook); the reports across waves
after the waves. The run log (parameters, status, durations, commits, package versions and a link
to each report's key-figure file) is in a collapsed section at the bottom.

Each batch run updates ``runs.json`` in the reports folder (one record per notebook: the latest
run of it) and rewrites the index from it, so reports that a rerun found up to date stay listed
with the run that made them. A notebook the run left out (no context data beside the raw data)
is listed with the reason, also at the top of the page.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from helpers.errors import InputError
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


SUMMARY_STEM = "00_wave_summary"
#: The questions a reviewer asks, in reading order, and the notebooks (stem prefixes) answering.
QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Hoe tevreden zijn asielzoekers en ketenpartners?", ("02_descriptives",)),
    ("Wat bepaalt het oordeel, en waar valt winst te behalen?", ("03_impact_analysis",)),
    ("Hoe verschillen opvanglocaties en nationaliteiten?", ("07_small_area",)),
    ("Hoe ontwikkelt het oordeel zich over de metingen?", ("05_trends",)),
    ("Hoe verhouden de uitkomsten zich tot openbare cijfers van de IND?", ("06_context",)),
    ("Is de steekproef groot genoeg?", ("04_power",)),
    ("Hoe zijn de antwoorden verwerkt en gewogen?", ("01_cleaning",)),
)
OTHER_QUESTION = "Overige rapportages"
SHOWN = ("ok", "up-to-date", "stopped")


def _wave_label(group: str) -> str:
    """``2017-Q2`` -> ``2017 K2`` (:func:`helpers.report.wave_label`, imported lazily)."""
    from helpers.report import wave_label

    return wave_label(group)


def _question(record: dict) -> str:
    stem = record["key"].split("/", 1)[1]
    return next((q for q, prefixes in QUESTIONS if stem.startswith(prefixes)), OTHER_QUESTION)


def _link(record: dict, text: str | None = None) -> str:
    label = html.escape(text or record["title"])
    if record.get("html") and record["status"] in SHOWN:
        return f'<a href="{html.escape(record["html"])}">{label}</a>'
    return label


def _status_note(record: dict) -> str:
    if record["status"] in ("ok", "up-to-date"):
        return ""
    note = STATUS_NL.get(record["status"], record["status"])
    if record.get("reason_nl"):
        note += f": {record['reason_nl']}"
    return f' <span class="st st-{html.escape(record["status"])}">({html.escape(note)})</span>'


def headline_items(reports_root: Path, record: dict) -> list[str]:
    """The summary's headline sentences with their figures (``<li>`` items, empty without)."""
    from helpers.report import decimal_comma, interval_nl, read_key_figures

    if not record.get("key_figures"):
        return []
    path = Path(reports_root) / record["key_figures"]
    try:
        figures = read_key_figures(path)
    except InputError:
        return []
    rows = figures[figures["name"].str.match(r"headline\.[^.]+\.[^.]+\.(text|mean)$")]
    items = []
    for key in dict.fromkeys(n.rsplit(".", 1)[0] for n in rows["name"]):
        text = rows.loc[rows["name"] == f"{key}.text", "value"]
        mean = rows[rows["name"] == f"{key}.mean"]
        if not len(text):
            continue
        figure = ""
        if len(mean) and mean.iloc[0]["value"] is not None:
            m = mean.iloc[0]
            bi = interval_nl(m["ci_low"], m["ci_high"], 1)
            figure = f' <span class="fig">{decimal_comma(float(m["value"]), 1)} ({bi})</span>'
        org = key.rsplit(".", 1)[1]
        sentence = html.escape(str(text.iloc[0]))
        items.append(f'<li data-organisation="{html.escape(org)}">{sentence}{figure}</li>')
    return items


def _wave_section(reports_root: Path, group: str, records: list[dict]) -> str:
    summary = next((r for r in records if r["key"].endswith("/" + SUMMARY_STEM)), None)
    parts = []
    if summary is not None:
        items = headline_items(reports_root, summary) if summary["status"] in SHOWN else []
        start = _link(summary, "Begin hier: de samenvatting van deze meting")
        parts.append(
            f'<div class="start">{start}{_status_note(summary)}'
            + (f'<ul class="headlines">{"".join(items)}</ul>' if items else "")
            + "</div>"
        )
    by_question: dict[str, list[dict]] = {}
    for r in sorted(records, key=lambda r: r["key"]):
        if r is not summary:
            by_question.setdefault(_question(r), []).append(r)
    order = [q for q, _ in QUESTIONS] + [OTHER_QUESTION]
    for question in sorted(by_question, key=order.index):
        links = "".join(f"<li>{_link(r)}{_status_note(r)}</li>" for r in by_question[question])
        parts.append(f"<h3>{html.escape(question)}</h3><ul>{links}</ul>")
    if group[0].isdigit():
        title = f"Meting {_wave_label(group)}"
    else:
        title = "Over alle metingen heen"
    heading = f"<h2>{html.escape(title)}</h2>"
    return f'<section id="{html.escape(group)}">{heading}{"".join(parts)}</section>'


def _params(parameters: dict) -> str:
    shown = {k: v for k, v in parameters.items() if not k.endswith("_root")}
    return ", ".join(f"{k}={v}" for k, v in shown.items()) or "standaard"


def _run_log(manifest: dict) -> str:
    """The run log: one row per report, with parameters, status, duration, commit and files."""
    rows = []
    for r in sorted(manifest["reports"].values(), key=lambda r: r["key"]):
        run = r.get("run") or {}
        err = ""
        if r.get("error"):
            e = r["error"]
            cell = f"cel {e['cell']}: " if e.get("cell") is not None else ""
            err = f'<div class="err">{html.escape(cell + str(e.get("ename")))}</div>'
        files = " ".join(
            f'<a href="{html.escape(r[k])}">{label}</a>'
            for k, label in (("executed", "notebook"), ("key_figures", "kerncijfers"))
            if r.get(k)
        )
        duration = "" if r.get("duration_s") is None else f"{r['duration_s']} s"
        rows.append(
            f'<tr class="st-{html.escape(r["status"])}"><td>{html.escape(r["key"])}</td>'
            f"<td>{html.escape(_params(r.get('parameters') or {}))}</td>"
            f"<td>{html.escape(STATUS_NL.get(r['status'], r['status']))}{err}</td>"
            f"<td>{duration}</td>"
            f"<td><code>{html.escape(str(run.get('git_commit', '')))}</code></td>"
            f"<td>{html.escape(str(run.get('started', '')))}</td><td>{files}</td></tr>"
        )
    last = manifest.get("last_run", {})
    packages = "".join(
        f"<li>{html.escape(k)} {html.escape(str(v))}</li>"
        for k, v in last.get("packages", {}).items()
    )
    return (
        '<details class="runlog"><summary>Verantwoording van de run: instellingen, duur, '
        "versies</summary>"
        f"<p>Laatste run: {html.escape(str(last.get('started', '')))}, "
        f"{html.escape(str(last.get('duration_s', '')))} s, "
        f"{html.escape(str(last.get('jobs', '')))} parallelle taken, commit "
        f"<code>{html.escape(str(last.get('git_commit', '')))}</code>.</p>"
        "<table><thead><tr><th>Rapport</th><th>Instellingen</th><th>Status</th><th>Duur</th>"
        "<th>Commit</th><th>Gemaakt</th><th>Bestanden</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p>Softwareversies:</p><ul>{packages}</ul></details>"
    )


def write_index(reports_root: Path, manifest: dict) -> Path:
    """Write ``index.html`` (self-contained, no scripts) from the manifest."""
    from helpers.report import ORGANISATION_COLOURS

    reports_root = Path(reports_root)
    groups: dict[str, list[dict]] = {}
    for record in manifest["reports"].values():
        groups.setdefault(record["group"], []).append(record)
    waves = sorted((g for g in groups if g[:1].isdigit()), reverse=True)  # newest first
    others = sorted(g for g in groups if not g[:1].isdigit())
    sections = "".join(_wave_section(reports_root, g, groups[g]) for g in waves + others)
    omitted = "".join(
        f'<p class="note">{html.escape(r["reason_nl"])}</p>'
        for r in manifest["reports"].values()
        if r["status"] == "omitted"
    )
    nav = " · ".join(
        f'<a href="#{html.escape(g)}">'
        f"{html.escape(_wave_label(g) if g[:1].isdigit() else 'alle metingen')}</a>"
        for g in waves + others
    )
    colours = "\n".join(
        f'li[data-organisation="{org}"] {{ border-left: 6px solid {colour}; }}'
        for org, colour in ORGANISATION_COLOURS.items()
    )
    page = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Klantervaring Kleine Keten: rapportages</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 1em auto; padding: 0 1em;
  line-height: 1.45; }}
h2 {{ border-bottom: 2px solid #d0d7de; padding-bottom: .2em; margin-top: 1.8em; }}
h3 {{ font-size: 1.02em; margin: 1.1em 0 .3em 0; }}
.start {{ background: #f0f6fc; border: 1px solid #9ecbff; border-radius: 6px;
  padding: .8em 1.2em; }}
.start > a {{ font-weight: 700; font-size: 1.1em; }}
ul.headlines {{ list-style: none; padding: 0; margin: .6em 0 0 0; }}
ul.headlines li {{ padding: .15em 0 .15em .6em; margin: .25em 0; }}
{colours}
.fig {{ color: #444; white-space: nowrap; }}
.st {{ color: #6e7781; font-size: .9em; }}
.st-failed, .st-skipped {{ color: #a00; }}
.note {{ background: #f6f8fa; border: 1px solid #d0d7de; padding: .6em 1em; border-radius: 4px; }}
details.runlog {{ margin-top: 3em; font-size: .9em; }}
details.runlog table {{ border-collapse: collapse; width: 100%; }}
details.runlog th, details.runlog td {{ text-align: left; padding: 3px 6px;
  border-bottom: 1px solid #ddd; vertical-align: top; }}
tr.st-failed td, tr.st-skipped td {{ background: #fde8e8; }}
.err {{ color: #a00; font-size: .85em; }}
@media print {{ details.runlog {{ display: none; }} section {{ break-inside: avoid; }} }}
</style></head><body>
<h1>Klantervaringsonderzoek Kleine Keten</h1>
<p>De uitkomsten per meting van het klantervaringsonderzoek onder asielzoekers en ketenpartners
van IND, COA en DT&amp;V. Begin bij de samenvatting van de nieuwste meting; de rapportages
daaronder geven de details, geordend naar de vraag die ze beantwoorden. Rapportages die met
synthetische demodata zijn gemaakt, dragen bovenaan een gele waarschuwing.</p>
{omitted}
<p>Naar: {nav}</p>
{sections}
{_run_log(manifest)}
</body></html>
"""
    target = reports_root / "index.html"
    write_text(page, target)
    return target
