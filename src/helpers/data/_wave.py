"""The wave: one home for everything a wave is (its ``wave.yml``, folders, tables, design).

:func:`read_wave_config` reads and checks a raw wave's ``wave.yml`` once (:class:`WaveConfig`);
:class:`Wave` adds the processed side (tables, cleaning log, previous wave) and is what reports
build once per notebook::

    wave = Wave.open("2017-Q2")
    wave.version, wave.population["asielzoekers"].size, wave.design["asielzoekers"].cluster
    wave.respondents, wave.ratings, wave.previous

The sampling design of each target group is declared in ``wave.yml`` under ``design`` (see
:class:`Design`); without it the pilot's design applies: asylum seekers sampled in reception
centres (the ``azc`` column is the cluster, drawn afresh each wave), partners without clusters.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from helpers import paths
from helpers.data._readers import AUTO, FORMATS, normalise_column_name
from helpers.errors import InputError
from helpers.io import load_yaml, read_parquet, sha256_tree

WAVE_FILE = "wave.yml"


#: Keys of ``wave.yml``, of one ``files`` entry, of a ``population`` entry and of ``fieldwork``.
WAVE_KEYS = (
    "wave",
    "fieldwork",
    "questionnaire_version",
    "synthetic",
    "files",
    "population",
    "defects",
    "truth",
    "design",
)
FILE_KEYS = ("path", "target_group", "header_rows", "rename")
POPULATION_KEYS = ("size", "response_rate", "margins", "clusters")
FIELDWORK_KEYS = ("start", "end")
DESIGN_KEYS = ("cluster", "fresh_clusters", "fpc")


@dataclass(frozen=True)
class WaveFile:
    """One raw file of a wave, as listed in ``wave.yml``.

    ``path`` is relative to the wave folder. ``header_rows`` is the number of extra header rows
    below the column names (question texts, ImportIds of a survey-platform export) or ``"auto"``
    (detected, see :func:`read_raw_file`). ``rename`` maps the file's own column names
    (normalised) to codebook names.
    """

    path: str
    target_group: str
    header_rows: int | str = AUTO
    rename: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Population:
    """Population facts of one target group (weighting, finite population correction).

    ``clusters`` is the number of clusters (e.g. reception centres) in the population, the
    population size of a clustered design's finite-population correction.
    """

    size: int | None = None
    response_rate: float | None = None
    margins: dict[str, dict[str, float]] = field(default_factory=dict)
    clusters: int | None = None


@dataclass(frozen=True)
class Design:
    """The sampling design of one target group in one wave (``design`` in ``wave.yml``).

    ``cluster`` is the respondents' column that identifies the primary sampling unit (``azc``)
    or None for a sample without clusters; ``fresh_clusters`` says whether the clusters are drawn
    afresh each wave (then two waves are independent samples); ``fpc`` applies the
    finite-population correction with the population size of ``population``.
    """

    cluster: str | None = None
    fresh_clusters: bool = True
    fpc: bool = False


#: The pilot's design, used where ``wave.yml`` declares none.
DEFAULT_DESIGN = {"asielzoekers": Design(cluster="azc"), "ketenpartners": Design()}


def _design_option(spec, cb, file: Path) -> dict[str, Design]:
    if spec is None:
        return dict(DEFAULT_DESIGN)
    if not isinstance(spec, dict):
        raise InputError("design must be a mapping per target group", file=file)
    out = dict(DEFAULT_DESIGN)
    for tg, d in spec.items():
        if tg not in cb.target_groups:
            raise InputError(f"design: unknown target group {tg!r}", file=file)
        d = d or {}
        if not isinstance(d, dict):
            raise InputError(f"design.{tg} must be a mapping (cluster, ...)", file=file)
        _check_keys(d, DESIGN_KEYS, f"design.{tg}: ", file)
        cluster = d.get("cluster")
        if cluster is not None and not isinstance(cluster, str):
            raise InputError(f"design.{tg}.cluster must be a column name or null", file=file)
        for key in ("fresh_clusters", "fpc"):
            if key in d and not isinstance(d[key], bool):
                raise InputError(f"design.{tg}.{key} must be true or false", file=file)
        out[tg] = Design(cluster, d.get("fresh_clusters", True), d.get("fpc", False))
    return out


@dataclass(frozen=True)
class WaveConfig:
    """The parsed ``wave.yml`` of a raw wave folder; see :func:`read_wave_config`."""

    wave: str
    raw_dir: Path
    questionnaire_version: str
    synthetic: bool
    files: tuple[WaveFile, ...]
    population: dict[str, Population]
    fieldwork_start: dt.date | None = None
    fieldwork_end: dt.date | None = None
    design: dict[str, Design] = field(default_factory=lambda: dict(DEFAULT_DESIGN))
    defects: tuple[Any, ...] = ()
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def config_file(self) -> Path:
        return self.raw_dir / WAVE_FILE

    def file_path(self, wave_file: WaveFile) -> Path:
        return self.raw_dir / wave_file.path


def read_wave_config(raw_dir: str | Path, codebook=None) -> WaveConfig:
    """Read and check the ``wave.yml`` of a raw wave folder.

    Parameters
    ----------
    raw_dir : str or Path
        The wave folder (``data/raw/2017-Q2``).
    codebook : helpers.codebook.Codebook, optional
        Default :func:`helpers.codebook.load_codebook`.

    Returns
    -------
    WaveConfig

    Raises
    ------
    helpers.errors.InputError
        No such folder, no ``wave.yml``, invalid YAML, an unknown key (top level, in a ``files``
        entry, a ``population`` entry or ``fieldwork``), an unknown questionnaire version or
        target group, a listed file that does not exist or has an unsupported extension, a
        ``header_rows`` that is not ``auto`` or a whole number >= 0, a ``rename`` that is not a
        mapping onto codebook columns, margins that are not shares summing to 1.
    """
    from helpers.codebook import load_codebook

    cb = codebook or load_codebook()
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise InputError("no such wave folder", file=raw_dir)
    cfg_file = raw_dir / WAVE_FILE
    if not cfg_file.is_file():
        raise InputError(
            f"missing: a raw wave folder needs a {WAVE_FILE} (wave, questionnaire_version, files)",
            file=cfg_file,
        )
    try:
        spec = load_yaml(cfg_file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=cfg_file
        ) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        loc = f" at line {where.line + 1}" if where is not None else ""
        raise InputError(
            f"not valid YAML{loc}: {getattr(exc, 'problem', exc)}", file=cfg_file
        ) from None
    if not isinstance(spec, dict):
        raise InputError(
            "must be a YAML mapping (wave, questionnaire_version, files, ...)", file=cfg_file
        )
    _check_keys(spec, WAVE_KEYS, "", cfg_file)

    if "questionnaire_version" not in spec:
        raise InputError("missing key 'questionnaire_version'", file=cfg_file)
    version = cb.check_version(str(spec["questionnaire_version"]), file=cfg_file)

    files_spec = spec.get("files")
    if not isinstance(files_spec, list) or not files_spec:
        raise InputError(
            "key 'files' must list the raw files ({path: ..., target_group: ...})", file=cfg_file
        )
    files = []
    for i, entry in enumerate(files_spec, start=1):
        if not isinstance(entry, dict) or "path" not in entry or "target_group" not in entry:
            raise InputError(f"files entry {i} needs 'path' and 'target_group'", file=cfg_file)
        _check_keys(entry, FILE_KEYS, f"files entry {i}: ", cfg_file)
        tg = str(entry["target_group"])
        if tg not in cb.target_groups:
            known = ", ".join(cb.target_groups)
            raise InputError(
                f"files entry {i}: unknown target group {tg!r} (known: {known})", file=cfg_file
            )
        rel = str(entry["path"])
        path = raw_dir / rel
        if Path(rel).suffix.lower() not in FORMATS:
            raise InputError(
                f"unsupported file type {Path(rel).suffix or '(none)'!r} (csv, xlsx or sav)",
                file=path,
            )
        if not path.is_file():
            raise InputError(f"listed in {WAVE_FILE} but not found", file=path)
        where = f"files entry {i} ({rel}): "
        files.append(
            WaveFile(
                rel,
                tg,
                _header_rows_option(entry.get("header_rows", AUTO), where, cfg_file),
                _rename_option(entry.get("rename"), tg, version, cb, where, cfg_file),
            )
        )

    population = {}
    pop_spec = spec.get("population") or {}
    if not isinstance(pop_spec, dict):
        raise InputError("key 'population' must be a mapping per target group", file=cfg_file)
    for tg, p in pop_spec.items():
        if tg not in cb.target_groups:
            raise InputError(f"population: unknown target group {tg!r}", file=cfg_file)
        p = p or {}
        if not isinstance(p, dict):
            raise InputError(f"population.{tg} must be a mapping (size, ...)", file=cfg_file)
        _check_keys(p, POPULATION_KEYS, f"population.{tg}: ", cfg_file)
        margins = {}
        for var, shares in (p.get("margins") or {}).items():
            if not isinstance(shares, dict) or not shares:
                raise InputError(
                    f"population.{tg}.margins.{var} must map categories to shares", file=cfg_file
                )
            try:
                clean = {str(k): float(v) for k, v in shares.items()}
            except (TypeError, ValueError):
                raise InputError(
                    f"population.{tg}.margins.{var}: shares must be numbers", file=cfg_file
                ) from None
            total = sum(clean.values())
            if any(v < 0 or not math.isfinite(v) for v in clean.values()) or abs(total - 1) > 0.02:
                raise InputError(
                    f"population.{tg}.margins.{var}: shares must be >= 0 and sum to 1 "
                    f"(they sum to {total:.3f})",
                    file=cfg_file,
                )
            margins[str(var)] = clean
        size = p.get("size")
        rr = p.get("response_rate")
        clusters = p.get("clusters")
        if clusters is not None and (
            isinstance(clusters, bool) or not isinstance(clusters, int) or clusters < 1
        ):
            raise InputError(
                f"population.{tg}.clusters must be a positive whole number "
                f"(clusters in the population), got {clusters!r}",
                file=cfg_file,
            )
        population[tg] = Population(
            size=int(size) if size is not None else None,
            response_rate=float(rr) if rr is not None else None,
            margins=margins,
            clusters=clusters,
        )

    fieldwork = spec.get("fieldwork") or {}
    if not isinstance(fieldwork, dict):
        raise InputError("fieldwork must be a mapping {start: ..., end: ...}", file=cfg_file)
    _check_keys(fieldwork, FIELDWORK_KEYS, "fieldwork: ", cfg_file)
    defects = spec.get("defects") or []
    design = _design_option(spec.get("design"), cb, cfg_file)
    _check_fpc(design, population, cfg_file)
    return WaveConfig(
        wave=str(spec.get("wave") or raw_dir.name),
        raw_dir=raw_dir,
        questionnaire_version=version,
        synthetic=bool(spec.get("synthetic", False)),
        files=tuple(files),
        population=population,
        fieldwork_start=_as_date(fieldwork.get("start"), cfg_file, "fieldwork.start"),
        fieldwork_end=_as_date(fieldwork.get("end"), cfg_file, "fieldwork.end"),
        design=design,
        defects=tuple(defects) if isinstance(defects, list) else (defects,),
        raw=spec,
    )


def _check_fpc(design: dict[str, Design], population: dict[str, Population], file: Path) -> None:
    """A declared ``fpc: true`` needs its population size: ``clusters`` or ``size``."""
    for tg, d in design.items():
        if not d.fpc:
            continue
        pop = population.get(tg, Population())
        key, value = ("clusters", pop.clusters) if d.cluster else ("size", pop.size)
        if value is None:
            what = "the number of clusters" if d.cluster else "the number of units"
            raise InputError(
                f"design.{tg}.fpc is true but population.{tg}.{key} is missing: add "
                f"population.{tg}.{key} ({what} in the population) or set fpc to false",
                file=file,
            )


def _check_keys(mapping: dict, allowed: tuple[str, ...], where: str, file: Path) -> None:
    unknown = [k for k in mapping if k not in allowed]
    if unknown:
        raise InputError(
            f"{where}unknown key {unknown[0]!r} (allowed: {', '.join(allowed)})", file=file
        )


def _header_rows_option(value, where: str, file: Path) -> int | str:
    if value == AUTO:
        return AUTO
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise InputError(
        f"{where}header_rows must be 'auto' or a whole number >= 0, not {value!r}", file=file
    )


def _rename_option(value, target_group: str, version: str, cb, where: str, file: Path) -> dict:
    """``rename`` of a files entry (agency column -> codebook column), checked."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(
            f"{where}rename must map the file's column names to codebook columns "
            "({agency_name: codebook_name, ...})",
            file=file,
        )
    names = {v.name for v in cb.variables(target_group, version)}
    out: dict[str, str] = {}
    for source, target in value.items():
        key = normalise_column_name(source)
        if not key or not isinstance(target, str) or not target.strip():
            raise InputError(
                f"{where}rename: {source!r}: {target!r} is not a column name", file=file
            )
        target = target.strip()
        if target not in names:
            raise InputError(
                f"{where}rename: {source!r} -> {target!r}: {target!r} is not a codebook column "
                f"of {target_group} in questionnaire version {version}",
                file=file,
            )
        if key in out:
            raise InputError(f"{where}rename: column {source!r} is listed twice", file=file)
        if target in out.values():
            raise InputError(f"{where}rename: two columns are renamed to {target!r}", file=file)
        out[key] = target
    return out


def _as_date(value, file, key) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{key} is not a date (YYYY-MM-DD): {value!r}", file=file) from None


class Wave:
    """One wave, built once: its ``wave.yml``, folders, processed tables and previous wave.

    Parameters
    ----------
    wave_id : str
        The wave folder's name (``YYYY-Qn``).
    raw_root, processed_root : str or Path, optional
        Folders holding the raw and the processed waves; empty: the repository's own.

    Notes
    -----
    The configuration is read and checked when the wave is opened
    (:func:`read_wave_config`); the processed tables are read on first use and kept.
    """

    def __init__(self, wave_id: str, raw_root: str | Path = "", processed_root: str | Path = ""):
        self.id = str(wave_id)
        self.raw_root = Path(raw_root or paths.RAW_DIR)
        self.processed_root = Path(processed_root or paths.PROCESSED_DIR)
        self.raw_dir = paths.raw_wave_dir(self.id, self.raw_root)
        self.processed_dir = paths.processed_wave_dir(self.id, self.processed_root)
        self.config = read_wave_config(self.raw_dir)

    @classmethod
    def open(cls, wave_id: str, raw_root: str | Path = "", processed_root: str | Path = "") -> Wave:
        """The wave ``wave_id`` (see the class); the way notebooks build it, once."""
        return cls(wave_id, raw_root, processed_root)

    def __repr__(self) -> str:
        return f"Wave({self.id!r})"

    @property
    def version(self) -> str:
        """Questionnaire version of the wave."""
        return self.config.questionnaire_version

    @property
    def synthetic(self) -> bool:
        return self.config.synthetic

    @property
    def population(self) -> dict[str, Population]:
        return self.config.population

    @property
    def design(self) -> dict[str, Design]:
        return self.config.design

    def fpc_size(self, target_group: str) -> float | None:
        """The population size of the finite-population correction of ``target_group``.

        ``None`` unless its design declares ``fpc: true``; then ``population.<tg>.clusters``
        (clusters in the population) for a clustered design, else ``population.<tg>.size``
        (units). Pass it as ``population_size`` to :func:`helpers.stats.summarise_ratings`.
        """
        d = self.design.get(target_group)
        if d is None or not d.fpc:
            return None
        pop = self.population.get(target_group, Population())
        value = pop.clusters if d.cluster else pop.size
        return None if value is None else float(value)

    @cached_property
    def data_version(self) -> str:
        """Short content hash of the raw wave's files (changes whenever an input byte does)."""
        return sha256_tree(self.raw_dir)[:12]

    def _processed_file(self, name: str) -> Path:
        path = self.processed_dir / name
        if not path.is_file():
            raise InputError("not found: run the cleaning of this wave first", file=path)
        return path

    @cached_property
    def respondents(self):
        """One row per respondent (``respondents.parquet`` of the cleaning)."""

        return read_parquet(self._processed_file("respondents.parquet"))

    @cached_property
    def ratings(self):
        """One row per rating (``ratings.parquet`` of the cleaning)."""

        return read_parquet(self._processed_file("ratings.parquet"))

    @cached_property
    def cleaning_log(self) -> dict:
        """The cleaning's log (``cleaning_log.json``): counts, status, warnings."""
        text = self._processed_file("cleaning_log.json").read_text(encoding="utf-8")
        return json.loads(text)

    @cached_property
    def previous(self) -> Wave | None:
        """The latest processed wave before this one (same folders), or None."""
        earlier = [w for w in processed_wave_ids(self.processed_root) if w < self.id]
        if not earlier:
            return None
        return Wave(earlier[-1], self.raw_root, self.processed_root)


def processed_wave_ids(processed_root: str | Path = "") -> list[str]:
    """Waves with processed data, sorted (wave ids sort chronologically: ``YYYY-Qn``)."""
    root = Path(processed_root or paths.PROCESSED_DIR)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "respondents.parquet").is_file())
