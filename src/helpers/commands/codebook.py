"""Print the data dictionary of a questionnaire from the codebook (the single source of truth).

The files cleaning writes, each with a short description; one row per variable of the raw files
(name, where cleaning puts it, organisation and item, scale, Dutch and English label, the
question, valid codes, "weet niet" and missing codes, routing, and every code with its label and
the value cleaning stores for it); and the columns cleaning adds to the processed tables (wave,
weight, "weet niet" and "correct" columns, quality flags, the ratings' long format) with their
labels. ``--format csv`` prints the variables only (one table).
"""

from __future__ import annotations

import argparse
import json

HELP = (
    "print the data dictionary: processed files, variables with every code's label, added columns"
)
FORMATS = ("text", "csv", "markdown", "json")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--target-group",
        default="asielzoekers",
        help="asielzoekers or ketenpartners (default: asielzoekers)",
    )
    parser.add_argument("--version", help="questionnaire version (default: the latest)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), csv (the variables only), markdown or json",
    )
    parser.add_argument(
        "--lang", choices=("nl", "en"), default="nl", help="language of the labels (default nl)"
    )


def dictionary(target_group: str, version: str | None = None, lang: str = "nl") -> dict:
    """The data dictionary as plain data: ``files``, ``variables`` and ``added_columns``.

    The added columns are those of the processed files that are no codebook variable (the
    respondents file holds both target groups' columns, so both groups' ``*_dont_know``).
    """
    from helpers.codebook import load_codebook
    from helpers.data import OUTPUT_FILES, RATINGS_COLUMNS, respondent_columns

    cb = load_codebook()
    version = cb.check_version(version or cb.versions[-1])
    variables = cb.variable_table(cb.check_target_group(target_group), version, lang)
    names = {
        v.name for tg in cb.target_groups for ver in cb.versions for v in cb.variables(tg, ver)
    }
    files = [{"file": name, "description": text[lang]} for name, text in cb.processed_files.items()]
    added = [
        {"file": OUTPUT_FILES["respondents"], "column": c, "dtype": dtype}
        for c, dtype in respondent_columns(cb).items()
        if c not in names
    ]
    ratings_dtypes = {"value": "float64", "dont_know": "bool"}
    added += [
        {"file": OUTPUT_FILES["ratings"], "column": c, "dtype": ratings_dtypes.get(c, "str")}
        for c in RATINGS_COLUMNS
    ]
    for row in added:
        row["label"] = cb.column_label(row["column"], lang)
    return {
        "codebook_version": cb.codebook_version,
        "target_group": target_group,
        "questionnaire_version": version,
        "files": files,
        "variables": variables.fillna("").to_dict("records"),
        "added_columns": added,
    }


def _markdown_table(rows: list[dict], columns: list[str]) -> str:
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


VARIABLE_COLUMNS = ["name", "table", "label", "question", "codes", "missing_codes", "routing"]


def markdown(d: dict, lang: str) -> str:
    """The data dictionary as Markdown: files, variables, added columns."""
    heads = {
        "nl": ("Bestanden", "Variabelen", "Kolommen die de opschoning toevoegt", "vragenlijst"),
        "en": ("Files", "Variables", "Columns added by cleaning", "questionnaire"),
    }[lang]
    variables = [
        {**v, "label": v[f"label_{lang}"], "question": v.get(f"question_{lang}", "")}
        for v in d["variables"]
    ]
    return "\n\n".join(
        [
            f"# {d['target_group']}, {heads[3]} {d['questionnaire_version']} "
            f"(codebook {d['codebook_version']})",
            f"## {heads[0]}",
            _markdown_table(d["files"], ["file", "description"]),
            f"## {heads[1]}",
            _markdown_table(variables, VARIABLE_COLUMNS),
            f"## {heads[2]}",
            _markdown_table(d["added_columns"], ["file", "column", "dtype", "label"]),
        ]
    )


def main(args: argparse.Namespace) -> int:
    import pandas as pd

    d = dictionary(args.target_group, args.version, args.lang)
    variables = pd.DataFrame(d["variables"])
    if args.format == "csv":
        print(variables.to_csv(index=False), end="")
    elif args.format == "json":
        print(json.dumps(d, ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print(markdown(d, args.lang))
    else:
        from helpers.codebook import load_codebook

        label = load_codebook().label(args.target_group, args.lang)
        print(f"{label}, vragenlijst {d['questionnaire_version']}\n")
        print(variables.to_string(index=False))
        for title, rows in (("files", d["files"]), ("added columns", d["added_columns"])):
            print(f"\n{title}:\n{pd.DataFrame(rows).to_string(index=False)}")
    return 0
