"""The questionnaire codebook: one source of truth, read from ``codebook.yml``.

The YAML describes scales (codes, Dutch and English value labels, "weet niet" and missing codes,
the recode to analysis values), the rated items and their labels, and per target group the
variables of the raw files as compact blocks (``{org}`` x ``{item}`` templates with routing).
:func:`load_codebook` expands the blocks into a flat list of :class:`Variable` objects, per
questionnaire version. Cleaning, the demo generator, the analyses and the report labels all read
it from here.

Examples
--------
>>> cb = load_codebook()
>>> cb.versions
('2017.1', '2018.1')
>>> v = cb.variable("asielzoekers", "ind_totaaloordeel", "2017.1")
>>> (v.organisation, v.item, v.table, v.scale.name)
('IND', 'totaaloordeel', 'ratings', 'oordeel5')
>>> cb.scale("oordeel5").recode[1]   # raw 1 = "heel goed" -> analysis value 5
5
>>> cb.label("inleven"), cb.label("inleven", "en")
('inleven', 'empathy')
>>> cb.aspects("ketenpartners")[:3]
['respectvol_behandeld', 'vriendelijkheid', 'luisteren']
>>> frame = cb.codeframe("advies_ind")
>>> frame.codes[:2], frame.residual, cb.label("snelheid", "en")
(('snelheid', 'informatie'), 'overig', 'speed and waiting time')

Open answers are coded into the themes of their question's codeframe (multi-label; the residual
theme only when no other applies). A coded sample is a table with the columns
:data:`CODED_COLUMNS`, one row per answer, the theme codes in ``theme`` separated by
:data:`THEME_SEPARATOR` (on reading, any of ``; , |`` or spaces); the demo writes one per wave as
:data:`CODED_SAMPLE_FILE` (training) and :data:`HELDOUT_SAMPLE_FILE` (held-out phrasings).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from helpers.errors import InputError
from helpers.paths import CODEBOOK_FILE

LANGS = ("nl", "en")
CODED_COLUMNS = ("respondent_id", "question", "text", "theme")  # a coded sample of open answers
THEME_SEPARATOR = ";"  # between the theme codes of one answer
CODED_SAMPLE_FILE = "open_answers_coded.csv"  # in a raw wave folder: answers coded by an analyst
HELDOUT_SAMPLE_FILE = "open_answers_heldout.csv"  # coded answers kept out of training (evaluation)
APPROVAL_FILE = "quotes_approved.csv"  # in a raw wave folder: answers an analyst approved to quote


@dataclass(frozen=True)
class Scale:
    """Answer scale of a question.

    ``codes`` maps raw codes to ``{"nl": ..., "en": ...}`` labels; ``recode`` maps raw codes to
    analysis values (absent: the raw code is the value); ``values`` maps raw codes to the category
    names stored in the processed data (``status`` 1 -> ``afgewezen``).
    """

    name: str
    kind: str  # coded | range | text | categorical | date | numeric
    codes: dict[int, dict[str, str]] = field(default_factory=dict)
    recode: dict[int, int] = field(default_factory=dict)
    values: dict[int, str] = field(default_factory=dict)
    dont_know: tuple[int, ...] = ()
    missing: tuple[int, ...] = ()
    positive: tuple[int, ...] = ()
    value_range: tuple[float, float] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def substantive_codes(self) -> tuple[int, ...]:
        """Raw codes that are real answers (not "weet niet", not missing)."""
        if self.kind == "range":
            lo, hi = self.value_range
            return tuple(range(int(lo), int(hi) + 1))
        return tuple(c for c in self.codes if c not in self.dont_know and c not in self.missing)

    @property
    def valid_codes(self) -> tuple[int, ...]:
        """Every raw code allowed in a raw file (answers, "weet niet", missing codes)."""
        return tuple(sorted(set(self.substantive_codes) | set(self.dont_know) | set(self.missing)))

    def analysis_value(self, code: int) -> float | str:
        """Analysis value of a substantive raw code (recode, or category name, or the code)."""
        if code in self.recode:
            return self.recode[code]
        if code in self.values:
            return self.values[code]
        return code

    def label(self, code: int, lang: str = "nl") -> str:
        """Label of a raw code in Dutch or English (the code itself when it has no label)."""
        entry = self.codes.get(int(code))
        return entry[lang] if entry else str(code)

    def categories(self, lang: str = "nl") -> dict[float | str, str]:
        """Stored value -> label of every real answer, in the scale's order (empty: no codes).

        The order is that of the analysis values for a recoded scale (least positive first, so
        an ordered categorical compares as the scale does), else that of the codes. A range
        scale (NPS) labels its unlabelled codes by the number.

        >>> list(load_codebook().scale("oordeel5").categories("en").items())[:2]
        [(1, 'very bad'), (2, 'bad')]
        >>> load_codebook().scale("status").categories()
        {'afgewezen': 'afgewezen', 'vergunning_na_beroep': 'vergunning na beroep'}
        """
        _check_lang(lang)
        pairs = [(self.analysis_value(c), self.label(c, lang)) for c in self.substantive_codes]
        if self.recode:
            pairs.sort(key=lambda pair: pair[0])
        return dict(pairs)

    def value_labels(self, lang: str = "nl") -> dict[float, str]:
        """Labels keyed by analysis value, for charts (e.g. 5 -> "heel goed")."""
        return {
            self.analysis_value(c): self.codes[c][lang]
            for c in self.codes
            if c not in self.dont_know and c not in self.missing
        }


@dataclass(frozen=True)
class Condition:
    """One routing condition on raw codes: ``var`` in ``allowed``, or not in ``excluded``."""

    var: str
    allowed: tuple[int, ...] | None = None
    excluded: tuple[int, ...] | None = None

    def holds(self, column) -> np.ndarray:
        col = np.asarray(column, dtype=float)
        if self.allowed is not None:
            return np.isin(col, self.allowed)
        return ~np.isin(col, self.excluded) & ~np.isnan(col)


@dataclass(frozen=True)
class Variable:
    """One column of a raw file, expanded from the codebook."""

    name: str
    target_group: str
    scale: Scale
    table: str  # ratings | respondents
    label_nl: str
    label_en: str
    question_nl: str = ""
    question_en: str = ""
    organisation: str | None = None
    item: str | None = None
    routing: tuple[Condition, ...] = ()
    required: bool = False
    open_text: bool = False
    correct: int | None = None
    block: str | None = None

    def label(self, lang: str = "nl") -> str:
        return self.label_nl if lang == "nl" else self.label_en


@dataclass(frozen=True)
class Theme:
    """One theme of the open answers: code, labels and a short description (Dutch and English)."""

    code: str
    label_nl: str
    label_en: str
    description_nl: str
    description_en: str

    def label(self, lang: str = "nl") -> str:
        return self.label_nl if lang == "nl" else self.label_en

    def description(self, lang: str = "nl") -> str:
        return self.description_nl if lang == "nl" else self.description_en


@dataclass(frozen=True)
class Codeframe:
    """The themes one open question is coded into, in report order; ``residual`` among them."""

    question: str
    themes: tuple[Theme, ...]
    residual: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.themes)

    @property
    def substantive(self) -> tuple[str, ...]:
        """Every theme code except the residual one."""
        return tuple(c for c in self.codes if c != self.residual)

    def table(self):
        """The codeframe as a DataFrame (code, labels, descriptions, residual flag)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "code": t.code,
                    "label_nl": t.label_nl,
                    "label_en": t.label_en,
                    "description_nl": t.description_nl,
                    "description_en": t.description_en,
                    "residual": t.code == self.residual,
                }
                for t in self.themes
            ]
        )


class Codebook:
    """The parsed codebook; use :func:`load_codebook`."""

    def __init__(self, raw: dict, source: Path):
        self.source = source
        self.raw = raw
        self.codebook_version: str = str(raw["codebook_version"])
        self._versions: dict[str, dict] = {
            str(k): v for k, v in raw["questionnaire_versions"].items()
        }
        self.organisations: dict[str, dict] = raw["organisations"]
        self.target_groups: dict[str, dict] = raw["target_groups"]
        self.items: dict[str, dict] = raw["items"]
        self._aspects: dict[str, list[str]] = raw["aspects"]
        self.cooperation_statements: list[str] = raw["cooperation_statements"]
        self._scales = {name: _parse_scale(name, spec) for name, spec in raw["scales"].items()}
        self._variables: dict[tuple[str, str], list[Variable]] = {}
        for tg in self.target_groups:
            for version in self._versions:
                self._variables[(tg, version)] = self._expand(tg, version)
        self.themes: dict[str, Theme] = {
            code: Theme(code, **{k: spec[k] for k in Theme.__dataclass_fields__ if k != "code"})
            for code, spec in (raw.get("themes") or {}).items()
        }
        self._codeframes = {
            q: self._parse_codeframe(q, spec) for q, spec in (raw.get("codeframes") or {}).items()
        }

    # -- versions ---------------------------------------------------------------------------
    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(self._versions)

    def check_version(self, version: str, file: str | Path | None = None) -> str:
        """Return ``version`` as a string, or raise :class:`InputError` if the codebook lacks it."""
        version = str(version)
        if version not in self._versions:
            known = ", ".join(self._versions)
            raise InputError(
                f"unknown questionnaire version {version!r} (known: {known})", file=file
            )
        return version

    def rename_map(self, version: str) -> dict[str, str]:
        """Raw column names an agency uses in ``version`` mapped to codebook names."""
        return dict(self._versions[self.check_version(version)].get("rename") or {})

    def version_description(self, version: str, lang: str = "nl") -> str:
        return self._versions[self.check_version(version)][f"description_{lang}"]

    # -- lookups ----------------------------------------------------------------------------
    def scale(self, name: str) -> Scale:
        return self._scales[name]

    def check_target_group(self, target_group: str) -> str:
        if target_group not in self.target_groups:
            known = ", ".join(self.target_groups)
            raise InputError(f"unknown target group {target_group!r} (known: {known})")
        return target_group

    def check_organisation(self, organisation: str) -> str:
        if organisation not in self.organisations:
            known = ", ".join(self.organisations)
            raise InputError(f"unknown organisation {organisation!r} (known: {known})")
        return organisation

    def variables(self, target_group: str, version: str | None = None) -> list[Variable]:
        """All variables of a target group's questionnaire in ``version`` (default: latest)."""
        version = self.check_version(version or self.versions[-1])
        return list(self._variables[(self.check_target_group(target_group), version)])

    def variable(self, target_group: str, name: str, version: str | None = None) -> Variable:
        for var in self.variables(target_group, version):
            if var.name == name:
                return var
        raise KeyError(name)

    def rating_variables(
        self, target_group: str, version: str | None = None, item: str | None = None
    ) -> list[Variable]:
        """Variables that become rows of ``ratings.parquet`` (optionally of one item)."""
        return [
            v
            for v in self.variables(target_group, version)
            if v.table == "ratings" and (item is None or v.item == item)
        ]

    def rated_organisations(self, target_group: str, version: str | None = None) -> list[str]:
        """Organisations with a ``totaaloordeel`` in this questionnaire, in codebook order."""
        return [
            v.organisation for v in self.rating_variables(target_group, version, "totaaloordeel")
        ]

    def aspects(
        self, target_group: str, version: str | None = None, organisation: str | None = None
    ) -> list[str]:
        """Service aspects (the impact analysis' drivers) in the pilot report's order.

        With ``version`` and/or ``organisation``, only aspects asked in that version (of that
        organisation) are returned.
        """
        order = self._aspects[self.check_target_group(target_group)]
        if version is None and organisation is None:
            return list(order)
        asked = {
            v.item
            for v in self.rating_variables(target_group, version)
            if organisation is None or v.organisation == organisation
        }
        return [a for a in order if a in asked]

    def label(self, name: str, lang: str = "nl") -> str:
        """Label of an item, organisation, target group, theme or variable (Dutch by default)."""
        if lang not in LANGS:
            raise InputError(f"unknown language {lang!r} (nl or en)")
        for table in (self.items, self.organisations, self.target_groups):
            if name in table:
                return table[name][f"label_{lang}"]
        if name in self.themes:
            return self.themes[name].label(lang)
        for tg in self.target_groups:
            for var in self.variables(tg):
                if var.name == name:
                    return var.label(lang)
        return name

    # -- the processed tables: files, added columns, value labels --------------------------
    @property
    def processed_files(self) -> dict[str, dict[str, str]]:
        """File name -> ``{"nl": ..., "en": ...}`` description of each file cleaning writes."""
        return {
            name: {lang: spec[f"description_{lang}"] for lang in LANGS}
            for name, spec in self.raw["processed_files"].items()
        }

    def background(self, target_group: str) -> tuple[str, ...]:
        """The background variables (report subgroups) of a target group, in report order.

        >>> load_codebook().background("ketenpartners")
        ('werkgever', 'positie', 'modus')
        """
        return tuple(self.raw["background"][self.check_target_group(target_group)])

    def column_label(self, column: str, lang: str = "nl") -> str:
        """Label of a column of the processed tables: a variable, or a column cleaning adds.

        >>> cb = load_codebook()
        >>> cb.column_label("flag_speeder", "en"), cb.column_label("kennis_opvang_correct")
        ('completed too fast (web)', 'weet wie zorgt voor de opvang: juiste organisatie genoemd')
        """
        _check_lang(lang)
        added = self.raw["processed_columns"]
        if column in added:
            return added[column][f"label_{lang}"]
        for suffix in ("_dont_know", "_correct"):
            if column.endswith(suffix) and column != suffix.lstrip("_"):
                base = self.column_label(column[: -len(suffix)], lang)
                return added[f"*{suffix}"][f"label_{lang}"].format(label=base)
        return self.label(column, lang)

    def column_categories(
        self, column: str, target_group: str | None = None, lang: str = "nl"
    ) -> dict[float | str, str]:
        """Stored value -> label of a processed column, in order (empty: free values, numbers).

        A respondents column asked of both target groups on different scales (``contact_ind``)
        has each target group's own labels; without ``target_group`` the scales are joined,
        the first target group's first. Booleans (ticked boxes) and free categories
        (``nationaliteit``) have none. ``organisation`` and ``item`` label the codebook's
        organisations and items, ``target_group`` the target groups.

        >>> cb = load_codebook()
        >>> cb.column_categories("contact_ind", "ketenpartners", "en")
        {1: 'yes, often', 2: 'yes, sometimes', 3: 'no'}
        >>> cb.column_categories("positie")["binnen_kleine_keten"]
        'binnen de Kleine Keten'
        """
        _check_lang(lang)
        spec = self.raw["processed_columns"].get(column) or {}
        if "values" in spec:
            return {value: labels[lang] for value, labels in spec["values"].items()}
        if column in ("organisation", "item"):
            table = self.organisations if column == "organisation" else self.items
            return {name: entry[f"label_{lang}"] for name, entry in table.items()}
        out: dict[float | str, str] = {}
        groups = [self.check_target_group(target_group)] if target_group else self.target_groups
        scales = {
            v.scale.name: v.scale
            for tg in groups
            for version in self.versions
            for v in self._variables[(tg, version)]
            if v.name == column and v.table == "respondents"
        }
        for scale in scales.values():
            if scale.kind == "coded" and set(scale.substantive_codes) != {0, 1}:
                out.update({k: v for k, v in scale.categories(lang).items() if k not in out})
        return out

    def table_metadata(
        self, file_name: str, columns
    ) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
        """Labels of a processed table as parquet metadata: (table, per column), JSON strings.

        The table gets ``description_nl``/``description_en``, ``codebook_version`` and
        ``columns`` (every column's metadata below as one JSON object, for readers that see
        only the file's key-value metadata, such as duckdb's ``parquet_kv_metadata``); each
        column ``label_nl``/``label_en`` and, when its values are codes, ``value_labels``
        (``{"nl": {value: label}, "en": {...}}``, values as text, in order), or one
        ``value_labels_<target_group>`` per target group when their scales differ. The
        ``value`` of ``ratings.parquet`` gets ``value_labels`` per scale and ``value_scales``
        (``{target_group: {item: scale}}``). An unknown file gets empty metadata.

        >>> table, cols = load_codebook().table_metadata("ratings.parquet", ["item", "value"])
        >>> json.loads(cols["value"]["value_scales"])["asielzoekers"]["totaaloordeel"]
        'oordeel5'
        """
        if file_name not in self.raw["processed_files"]:
            return {}, {}
        desc = self.processed_files[file_name]
        table = {
            "description_nl": desc["nl"],
            "description_en": desc["en"],
            "codebook_version": self.codebook_version,
        }
        fields: dict[str, dict[str, str]] = {}
        for column in columns:
            meta = {f"label_{lang}": self.column_label(column, lang) for lang in LANGS}
            if column == "value" and file_name == "ratings.parquet":
                meta |= self._rating_scales()
            else:
                per_group = {
                    tg: {
                        lang: _text_keys(self.column_categories(column, tg, lang)) for lang in LANGS
                    }
                    for tg in self.target_groups
                }
                present = {tg: v for tg, v in per_group.items() if v["nl"]}
                if len({json.dumps(v, sort_keys=True) for v in present.values()}) == 1:
                    meta["value_labels"] = json.dumps(
                        next(iter(present.values())), ensure_ascii=False
                    )
                else:
                    for tg, labels in present.items():
                        meta[f"value_labels_{tg}"] = json.dumps(labels, ensure_ascii=False)
            fields[str(column)] = meta
        table["columns"] = json.dumps(
            {
                column: {k: json.loads(v) if k.startswith("value_") else v for k, v in m.items()}
                for column, m in fields.items()
            },
            ensure_ascii=False,
        )
        return table, fields

    def _rating_scales(self) -> dict[str, str]:
        scales: dict[str, dict[str, str]] = {}
        labels: dict[str, dict] = {}
        for tg in self.target_groups:
            for version in self.versions:
                for v in self.rating_variables(tg, version):
                    scales.setdefault(tg, {})[v.item] = v.scale.name
                    labels[v.scale.name] = {
                        lang: _text_keys(v.scale.categories(lang)) for lang in LANGS
                    }
        return {
            "value_labels": json.dumps(labels, ensure_ascii=False),
            "value_scales": json.dumps(scales, ensure_ascii=False),
        }

    def labels(self, names, lang: str = "nl") -> dict[str, str]:
        return {n: self.label(n, lang) for n in names}

    def question(self, item: str, organisation: str, lang: str = "nl") -> str:
        org = self.organisations[organisation]
        return self.items[item][f"question_{lang}"].format(
            org_nl=org["label_nl"], org_en=org["label_en"]
        )

    # -- open questions and their codeframes ----------------------------------------------
    @property
    def codeframes(self) -> dict[str, Codeframe]:
        """Codeframe per open question, keyed by the question's variable name."""
        return dict(self._codeframes)

    def codeframe(self, question: str) -> Codeframe:
        """The codeframe of an open question (``advies_ind``); :class:`InputError` if none."""
        if question not in self._codeframes:
            known = ", ".join(self._codeframes)
            raise InputError(f"no codeframe for question {question!r} (known: {known})")
        return self._codeframes[question]

    def open_questions(self, target_group: str, version: str | None = None) -> list[Variable]:
        """The open-text variables of a questionnaire, in codebook order."""
        return [v for v in self.variables(target_group, version) if v.open_text]

    def open_question(self, question: str) -> Variable:
        """The variable of an open question, from whichever target group asks it."""
        for tg in self.target_groups:
            for v in self.open_questions(tg):
                if v.name == question:
                    return v
        raise InputError(f"{question!r} is not an open question of the codebook")

    def _parse_codeframe(self, question: str, spec: dict) -> Codeframe:
        unknown = [c for c in spec["themes"] if c not in self.themes]
        if unknown:
            raise ValueError(f"codebook: codeframe {question} uses undefined themes {unknown}")
        if spec["residual"] not in spec["themes"]:
            raise ValueError(f"codebook: residual theme of {question} is not in its codeframe")
        open_names = {v.name for tg in self.target_groups for v in self.open_questions(tg)}
        if question not in open_names:
            raise ValueError(f"codebook: codeframe {question} is not an open question")
        return Codeframe(
            question=question,
            themes=tuple(self.themes[c] for c in spec["themes"]),
            residual=spec["residual"],
        )

    def org_code(self, organisation: str) -> int | None:
        """Code of an organisation in the partners' ``werkgever`` question (None for ``keten``)."""
        for code, value in self.scale("werkgever").values.items():
            if value == organisation:
                return code
        return None

    def eligible(self, raw, variable: Variable) -> np.ndarray:
        """Boolean mask of respondents routed to ``variable`` (conditions on raw codes)."""
        mask = np.ones(len(raw), dtype=bool)
        for cond in variable.routing:
            if cond.var not in raw.columns:
                continue  # a routing source missing from the file is reported by validation
            mask &= cond.holds(_numeric(raw[cond.var]))
        return mask

    def variable_table(self, target_group: str, version: str | None = None, lang: str = "nl"):
        """The expanded variables as a DataFrame: the data dictionary of one questionnaire.

        ``codes`` lists every code of the raw file with its label (in ``lang``) and, where
        cleaning stores another value, that value (``1 = heel goed -> 5``).
        """
        import pandas as pd

        rows = []
        for v in self.variables(target_group, version):
            rows.append(
                {
                    "name": v.name,
                    "table": v.table,
                    "organisation": v.organisation,
                    "item": v.item,
                    "scale": v.scale.name,
                    "label_nl": v.label_nl,
                    "label_en": v.label_en,
                    "question_nl": v.question_nl,
                    "valid_codes": ", ".join(map(str, v.scale.valid_codes)),
                    "dont_know_codes": ", ".join(map(str, v.scale.dont_know)),
                    "missing_codes": ", ".join(map(str, v.scale.missing)),
                    "routing": "; ".join(_describe(c) for c in v.routing) or "iedereen",
                    "codes": "; ".join(
                        _code_text(v.scale, c, lang) for c in _answer_codes(v.scale)
                    ),
                }
            )
        return pd.DataFrame(rows)

    # -- expansion --------------------------------------------------------------------------
    def _expand(self, target_group: str, version: str) -> list[Variable]:
        out: list[Variable] = []
        for spec in self.raw["variables"][target_group]:
            if "versions" in spec and version not in spec["versions"]:
                continue
            if "block" in spec:
                out.extend(self._expand_block(target_group, version, spec))
            else:
                out.append(self._single(target_group, spec))
        names = [v.name for v in out]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"codebook: duplicate variables {sorted(dupes)} in {target_group}")
        return out

    def _single(self, target_group: str, spec: dict) -> Variable:
        return Variable(
            name=spec["name"],
            target_group=target_group,
            scale=self._scales[spec["scale"]],
            table=spec["table"],
            label_nl=spec.get("label_nl", spec["name"]),
            label_en=spec.get("label_en", spec["name"]),
            question_nl=spec.get("question_nl", ""),
            question_en=spec.get("question_en", ""),
            routing=tuple(self._condition(c, None) for c in spec.get("routing", [])),
            required=bool(spec.get("required", False)),
            open_text=bool(spec.get("open_text", False)),
            correct=spec.get("correct"),
        )

    def _expand_block(self, target_group: str, version: str, spec: dict) -> list[Variable]:
        out = []
        items = spec.get("items", [None])
        for org in spec["organisations"]:
            org_info = self.organisations[org]
            routing_spec = spec.get("routing", [])
            if isinstance(routing_spec, dict):
                routing_spec = routing_spec.get(org, [])
            for item in items:
                if item and version not in spec.get("item_versions", {}).get(item, [version]):
                    continue
                item_info = self.items.get(item, {}) if item else {}
                fmt = {
                    "org": org.lower(),
                    "item": item or "",
                    "org_nl": org_info["label_nl"],
                    "org_en": org_info["label_en"],
                }
                name = spec["column"].format(**fmt)
                is_rating = spec["table"] == "ratings"
                fmt_nl = {**fmt, "item": item_info.get("label_nl", item or "")}
                fmt_en = {**fmt, "item": item_info.get("label_en", item or "")}
                if is_rating:
                    label_nl = f"{org_info['label_nl']}: {item_info['label_nl']}"
                    label_en = f"{org_info['label_en']}: {item_info['label_en']}"
                    question_nl = item_info.get("question_nl", "").format(**fmt)
                    question_en = item_info.get("question_en", "").format(**fmt)
                elif "label_nl" in spec:
                    label_nl = spec["label_nl"].format(**fmt_nl)
                    label_en = spec["label_en"].format(**fmt_en)
                    question_nl = spec.get("question_nl", item_info.get("question_nl", ""))
                    question_en = spec.get("question_en", item_info.get("question_en", ""))
                    question_nl, question_en = question_nl.format(**fmt), question_en.format(**fmt)
                else:
                    label_nl = item_info.get("label_nl", name)
                    label_en = item_info.get("label_en", name)
                    question_nl = item_info.get("question_nl", "").format(**fmt)
                    question_en = item_info.get("question_en", "").format(**fmt)
                out.append(
                    Variable(
                        name=name,
                        target_group=target_group,
                        scale=self._scales[spec["scale"]],
                        table=spec["table"],
                        label_nl=label_nl,
                        label_en=label_en,
                        question_nl=question_nl,
                        question_en=question_en,
                        organisation=org,
                        item=item,
                        routing=tuple(self._condition(c, org) for c in routing_spec),
                        open_text=bool(spec.get("open_text", False)),
                        block=spec["block"],
                    )
                )
        return out

    def _condition(self, spec: dict, org: str | None) -> Condition:
        var = spec["var"].format(org=(org or "").lower())
        if spec.get("not_own"):
            code = self.org_code(org) if org else None
            return Condition(var, excluded=(code,) if code is not None else ())
        if "in" in spec:
            return Condition(var, allowed=tuple(spec["in"]))
        return Condition(var, excluded=tuple(spec["not_in"]))


def _answer_codes(scale: Scale) -> list[int]:
    """The codes of the answers a raw file may hold: every real answer, then "weet niet"."""
    return [*scale.substantive_codes, *scale.dont_know] if scale.codes or scale.value_range else []


def _code_text(scale: Scale, code: int, lang: str) -> str:
    """``code = label``, with ``-> value`` when cleaning stores another value for it."""
    text = f"{code} = {scale.label(code, lang)}"
    if code in scale.dont_know or code in scale.missing:
        return text
    value = scale.analysis_value(code)
    return text if value == code else f"{text} -> {value}"


def _text_keys(mapping: dict) -> dict[str, str]:
    """A value -> label mapping with the values as text (JSON keys): ``1.0`` and ``1`` as "1"."""
    return {
        str(int(k)) if isinstance(k, float | int) and float(k).is_integer() else str(k): v
        for k, v in mapping.items()
    }


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r} (nl or en)")


def _parse_scale(name: str, spec: dict) -> Scale:
    codes = {int(k): v for k, v in (spec.get("codes") or {}).items()}
    if spec.get("text"):
        kind = "text"
    elif spec.get("categorical"):
        kind = "categorical"
    elif spec.get("date"):
        kind = "date"
    elif spec.get("numeric"):
        kind = "numeric"
    elif "range" in spec:
        kind = "range"
    else:
        kind = "coded"
    known = {
        "codes",
        "recode",
        "values",
        "dont_know",
        "missing",
        "positive",
        "range",
        "text",
        "categorical",
        "date",
        "numeric",
    }
    return Scale(
        name=name,
        kind=kind,
        codes=codes,
        recode={int(k): int(v) for k, v in (spec.get("recode") or {}).items()},
        values={int(k): str(v) for k, v in (spec.get("values") or {}).items()},
        dont_know=tuple(spec.get("dont_know", ())),
        missing=tuple(spec.get("missing", ())),
        positive=tuple(spec.get("positive", ())),
        value_range=tuple(spec["range"]) if "range" in spec else None,
        extra={k: v for k, v in spec.items() if k not in known},
    )


def _numeric(column) -> np.ndarray:
    import pandas as pd

    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)


def _describe(cond: Condition) -> str:
    if cond.allowed is not None:
        return f"{cond.var} in {list(cond.allowed)}"
    return f"{cond.var} not in {list(cond.excluded)}"


#: libyaml's safe loader when present (six times faster: the batch plans without waiting for it);
#: :func:`helpers.io.load_yaml` for every other file (the codebook cannot import ``io``, which
#: reads the codebook's labels when it writes parquet)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=4)
def _load(path: str) -> Codebook:
    with open(path, encoding="utf-8") as fh:
        return Codebook(yaml.load(fh, Loader=_SAFE_LOADER), Path(path))


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read (and cache) the codebook; the default is the package's ``codebook.yml``."""
    return _load(str(Path(path or CODEBOOK_FILE).resolve()))
