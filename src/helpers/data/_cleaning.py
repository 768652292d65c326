"""Cleaning of one survey wave: raw files + ``wave.yml`` -> tidy processed tables.

:func:`clean_wave` reads a raw wave folder (:func:`helpers.data._wave.read_wave_config`, the raw
files), maps the columns to the codebook's names for the questionnaire version (``rename``),
validates every cell against the codebook (pandera, all failures at once:
:mod:`helpers.data._validation`), applies the routing of the codebook, recodes to analysis values,
applies the quality rules (:mod:`helpers.data._quality`, parameterised by :class:`CleaningRules`),
rakes the weights (:mod:`helpers.data._weighting`) and writes (:mod:`helpers.io`, atomically,
never under ``data/raw``):

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

The parts: reading the files, mapping their columns and finding duplicates in
:mod:`helpers.data._cleaning_files`; the rules on the rows of a file (steps 4-7) and its tables in
:mod:`helpers.data._cleaning_rows`; the output columns and quarantine entries in
:mod:`helpers.data._cleaning_schema`; the rules, the result, the log and writing it in
:mod:`helpers.data._cleaning_result`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.codebook import Codebook, load_codebook
from helpers.data._cleaning_files import QuarantineEntries, load_file, mark_duplicates
from helpers.data._cleaning_result import (
    CleaningResult,
    CleaningRules,
    build_log,
    count_values,
    write_outputs,
)
from helpers.data._cleaning_rows import process_file, ratings_of, respondents_of
from helpers.data._cleaning_schema import (
    conform_ratings,
    conform_respondents,
    quarantine_frame,
    respondent_columns,
)
from helpers.data._wave import read_wave_config
from helpers.errors import InputError
from helpers.paths import ensure_not_raw


def clean_wave(
    raw_dir: str | Path,
    out_dir: str | Path | None = None,
    rules: CleaningRules | None = None,
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

    entries = QuarantineEntries()
    states = [load_file(i, cfg, wf, cb, entries) for i, wf in enumerate(cfg.files)]
    dup_entries: dict[int, list] = {}
    mark_duplicates(states, dup_entries)
    for st in states:
        process_file(st, cfg, cb, rules, entries, dup_entries.get(st.idx, []))

    resp = [respondents_of(st, cfg, cb, columns) for st in states]
    respondents = conform_respondents(
        pd.concat(resp, ignore_index=True) if resp else pd.DataFrame(), columns
    )
    rat = [ratings_of(st, cfg, cb) for st in states]
    ratings = conform_ratings(pd.concat(rat, ignore_index=True))

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

    quarantine = quarantine_frame(entries)
    log = build_log(cfg, cb, rules, states, quarantine, wsummary)
    log["totals"]["ratings"] = int(len(ratings))
    log["totals"]["respondents_by_target_group"] = count_values(respondents["target_group"])
    result = CleaningResult(cfg, rules, respondents, ratings, quarantine, log)
    if out_dir is not None:
        result.written = write_outputs(result, out_dir, raw_root=raw_dir)
        result.out_dir = Path(out_dir)
    return result
