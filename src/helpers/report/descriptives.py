"""The descriptives report (``02_descriptives``): the prepared wave, the sections, key figures.

:func:`load_wave` reads one processed wave for one target group and recodes the small categories
of every background variable with :func:`helpers.privacy.safe_categories` *before* anything is
tabulated; the names of the categories that were pooled or dropped are kept out of every table,
chart, sentence and key figure (they are only used to redact open answers). Each section function
takes that :class:`WaveData` and returns a :class:`Section`: Dutch sentences, tables that passed
:func:`helpers.privacy.protect_table` and charts of :mod:`helpers.report._descriptives_plots`,
or ``applicable=False`` when the questions were not put to this target group (the codebook
decides). :func:`show` displays a section in a notebook and :func:`key_figures` collects the
report's key figures from the sections that were shown.

The sections live in ``_descriptives_sections`` (judgements, contact, knowledge),
``_descriptives_fieldwork`` (fieldwork and response), ``_descriptives_partners`` (contact
and channels inside and outside the chain), ``_descriptives_groups`` (cooperation,
last contact, NPS, subgroups) and ``_descriptives_mirror`` (mirror study, open answers); their
data and helpers in ``_descriptives_base`` and ``_descriptives_display``. Estimates are those of
:func:`helpers.stats.summarise_ratings` on the wave's declared design (weights; the reception
centre as cluster for asylum seekers): Taylor linearisation, t intervals on the design df for
means, Korn-Graubard for shares, the adjusted Wald interval for NPS, "indicative" on the design
effective n. Subgroup tests are those of
:func:`helpers.stats.compare_groups`: a design-based omnibus Wald test per organisation, item and
background variable, then pairwise tests with Holm within the families whose omnibus test is
significant, only between cells the protected table shows.

Examples
--------
>>> names = [f.__name__ for f in SECTIONS]
>>> names[:3]
['overview', 'fieldwork', 'overall_judgement']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from helpers.codebook import Codebook, load_codebook
from helpers.data import Wave
from helpers.errors import InputError
from helpers.privacy import (
    plan_for,
    safe_categories,
)
from helpers.report._descriptives_base import (
    BACKGROUND,
    DESIGN_CLUSTER,
    SMALL_CATEGORY_COLUMNS,
    SPECIFIC_QUESTIONS,
    SUBGROUPS,
    Section,
    WaveData,
    _category_order,
)
from helpers.report._descriptives_fieldwork import fieldwork
from helpers.report._descriptives_groups import cooperation, last_contact, nps, subgroups
from helpers.report._descriptives_mirror import mirror
from helpers.report._descriptives_open import open_answers
from helpers.report._descriptives_partners import contact_by_position
from helpers.report._descriptives_sections import (
    aspects,
    contact,
    knowledge,
    overall_judgement,
    overview,
    specific_questions,
    word_of_mouth,
)
from helpers.report._display import save_key_figures, show_figure, stop_report
from helpers.report._style import wave_label

__all__ = [
    "BACKGROUND",
    "build",
    "key_figures_section",
    "show_header",
    "SECTIONS",
    "SPECIFIC_QUESTIONS",
    "SUBGROUPS",
    "Section",
    "WaveData",
    "aspects",
    "contact",
    "contact_by_position",
    "cooperation",
    "fieldwork",
    "key_figures",
    "knowledge",
    "last_contact",
    "load_wave",
    "mirror",
    "nps",
    "open_answers",
    "overall_judgement",
    "overview",
    "prepare",
    "show",
    "specific_questions",
    "stop_if_too_small",
    "subgroups",
    "word_of_mouth",
]


#: The report's title in its header.
TITLE = "Beschrijvende resultaten"


def build(
    wave: str,
    target_group: str,
    *,
    disclosure_threshold: int = 10,
    indicative_below: int = 30,
    raw_root: str = "",
    processed_root: str = "",
    key_figures_path: str = "",
) -> WaveData:
    """Open the wave once and prepare it for the report of one target group
    (:func:`load_wave`); the settings are kept for the header and the key figures."""
    data = load_wave(
        Wave.open(wave, raw_root, processed_root),
        target_group,
        threshold=disclosure_threshold,
        indicative_below=indicative_below,
    )
    data.key_figures_path = str(key_figures_path or "")
    data.parameters = {
        "wave": wave,
        "target_group": target_group,
        "raw_root": raw_root,
        "processed_root": processed_root,
        "disclosure_threshold": disclosure_threshold,
        "indicative_below": indicative_below,
    }
    return data


def show_header(data: WaveData) -> None:
    """The report header (title, the synthetic-data banner, target group and wave); then the
    report ends on purpose when the target group is too small to show anything
    (:func:`stop_if_too_small`)."""
    from helpers.report._display import show_header as header

    header(
        TITLE,
        data.parameters,
        waves=[data.source or data.wave],
        raw_root=data.parameters.get("raw_root"),
    )
    stop_if_too_small(data, data.key_figures_path)


def key_figures_section(data: WaveData) -> None:
    """Write the key figures of the sections shown (:func:`key_figures`) to the report's
    key-figure file, when it has one."""
    save_key_figures(data.key_figures_path, key_figures(data))


def load_wave(
    wave: Wave,
    target_group: str,
    *,
    threshold: int = 10,
    indicative_below: int = 30,
) -> WaveData:
    """Prepare an opened wave for the report of one target group.

    Parameters
    ----------
    wave : helpers.data.Wave
        The wave, opened once in the notebook (``Wave.open(wave, raw_root, processed_root)``);
        its processed tables and questionnaire version are used.
    target_group : str
        ``"asielzoekers"`` or ``"ketenpartners"``.
    threshold, indicative_below : int
        Disclosure thresholds (see :func:`helpers.privacy.protect_table`).

    Returns
    -------
    WaveData

    Raises
    ------
    InputError
        Unknown target group, or the wave has not been cleaned.
    """
    cb = load_codebook()
    cb.check_target_group(target_group)
    data = prepare(
        wave.respondents,
        wave.ratings,
        target_group,
        wave=wave.id,
        version=wave.version,
        threshold=threshold,
        indicative_below=indicative_below,
        codebook=cb,
        plan=plan_for(wave, threshold),
        clusters={tg: d.cluster for tg, d in wave.design.items()},
    )
    data.source = wave
    data.raw_dir, data.processed_dir = str(wave.raw_dir), str(wave.processed_dir)
    data.population = dict(getattr(wave, "population", None) or {})
    fpc_size = getattr(wave, "fpc_size", None)
    if fpc_size is not None:
        sizes = {tg: fpc_size(tg) for tg in cb.target_groups}
        data.fpc_sizes = {tg: size for tg, size in sizes.items() if size is not None}
    config = getattr(wave, "config", None)
    data.fieldwork_start = getattr(config, "fieldwork_start", None)
    data.fieldwork_end = getattr(config, "fieldwork_end", None)
    return data


def prepare(
    respondents: pd.DataFrame,
    ratings: pd.DataFrame,
    target_group: str,
    *,
    wave: str = "",
    version: str | None = None,
    threshold: int = 10,
    indicative_below: int = 30,
    codebook: Codebook | None = None,
    plan=None,
    clusters: dict[str, str | None] | None = None,
) -> WaveData:
    """:class:`WaveData` from the two processed tables (all target groups of one wave).

    Small categories of the background variables are pooled or dropped here, per target group,
    before any table is made. The sampling design's cluster of each target group (``clusters``,
    as ``wave.yml`` declares it; default the pilot's design, the reception centre for asylum
    seekers where the table has it) is kept as sampled in :data:`DESIGN_CLUSTER`, before small
    centres are pooled for display, so every interval and test uses the real clusters.

    Examples
    --------
    >>> resp = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(23)],
    ...                      "target_group": "asielzoekers", "weight": 1.0,
    ...                      "nationaliteit": ["Syrië"] * 20 + ["Tsjaad"] * 3})
    >>> rat = pd.DataFrame(columns=["respondent_id", "target_group", "organisation", "item",
    ...                             "value", "dont_know"])
    >>> data = prepare(resp, rat, "asielzoekers")
    >>> data.shown_categories, sorted(data.respondents["nationaliteit"].dropna().unique())
    ({'nationaliteit': ['Syrië']}, ['Syrië'])
    """
    cb = codebook or load_codebook()
    cb.check_target_group(target_group)
    for col in ("respondent_id", "target_group", "weight"):
        if col not in respondents.columns:
            raise InputError(f"respondents: missing column {col!r}")
    n_by = {tg: int((respondents["target_group"] == tg).sum()) for tg in cb.target_groups}
    design = _declared_clusters(respondents, cb, clusters)
    parts = {}
    hidden: dict[str, set] = {col: set() for col in SMALL_CATEGORY_COLUMNS}
    shown: dict[str, list[str]] = {}
    for tg in cb.target_groups:
        resp = respondents[respondents["target_group"] == tg].reset_index(drop=True).copy()
        rat = ratings[ratings["target_group"] == tg].reset_index(drop=True)
        cluster = design[tg]
        if cluster is not None:
            resp[DESIGN_CLUSTER] = resp[cluster]
        for col in BACKGROUND.get(tg, ()):
            if col not in resp.columns:
                continue
            before = set(resp[col].dropna().astype(str))
            resp[col] = safe_categories(resp[col], threshold, plan=plan, target_group=tg)
            after = set(resp[col].dropna().astype(str))
            if col in SMALL_CATEGORY_COLUMNS:
                hidden[col] |= before - after
                if tg == target_group:
                    shown[col] = _category_order(resp[col], col, cb)
        parts[tg] = (resp, rat)
    respondents_tg, ratings_tg = parts.pop(target_group)
    return WaveData(
        wave=wave,
        target_group=target_group,
        version=version,
        respondents=respondents_tg,
        ratings=ratings_tg,
        others=parts,
        threshold=int(threshold),
        indicative_below=int(indicative_below),
        shown_categories=shown,
        n_by_target_group=n_by,
        codebook=cb,
        hidden_terms={SMALL_CATEGORY_COLUMNS[c]: sorted(v) for c, v in hidden.items()},
        plan=plan.group(target_group) if plan is not None else None,
        clusters=design,
    )


def _declared_clusters(respondents: pd.DataFrame, cb: Codebook, clusters) -> dict:
    """The cluster column per target group; a declared one must be in the respondents table."""
    if clusters is None:
        pilot = "azc" if "azc" in respondents.columns else None
        return {tg: (pilot if tg == "asielzoekers" else None) for tg in cb.target_groups}
    out = {tg: clusters.get(tg) for tg in cb.target_groups}
    missing = sorted({c for c in out.values() if c is not None and c not in respondents.columns})
    if missing:
        raise InputError(f"respondents: missing the design's cluster column(s) {missing}")
    return out


def stop_if_too_small(data: WaveData, key_figures_path: str = "") -> None:
    """End the report on purpose when the target group has fewer respondents than the threshold.

    Calls :func:`helpers.report._display.stop_report` (the batch counts that as success); does
    nothing otherwise.
    """
    if data.n >= data.threshold:
        return
    label = data.codebook.label(data.target_group).lower()
    stop_report(
        f"In golf {wave_label(data.wave)} hebben minder dan {data.threshold} {label} de "
        "vragenlijst "
        "ingevuld; om niemand herkenbaar te maken worden geen resultaten getoond.",
        key_figures_path,
        wave=data.wave,
        target_group=data.target_group,
    )


SECTIONS: tuple[Callable[[WaveData], Section], ...] = (
    overview,
    fieldwork,
    overall_judgement,
    aspects,
    contact,
    contact_by_position,
    knowledge,
    specific_questions,
    word_of_mouth,
    cooperation,
    last_contact,
    nps,
    subgroups,
    mirror,
    open_answers,
)


def show(
    data: WaveData,
    section: Section | Callable[[WaveData], Section],
    heading: str | None = None,
    intro: str | None = None,
) -> None:
    """Display a section in the notebook (heading and intro only when it applies).

    ``section`` is a :class:`Section` or one of :data:`SECTIONS` (then it is built from
    ``data`` here, so a notebook cell is one call: ``desc.show(data, desc.overview)``). A
    section that does not apply to the target group shows nothing at all (not its heading), so
    the report has no empty chapters. The section's protected tables are registered for
    :func:`key_figures`.
    """
    from IPython.display import Markdown, display

    if callable(section):
        section = section(data)

    if not section.applicable:
        return
    data.shown.append(section)
    if heading:
        display(Markdown(f"{heading}\n\n{intro or ''}"))
    for kind, obj, extra in section.parts:
        if kind == "text":
            display(Markdown(obj))
        elif kind == "table":
            if extra:
                display(Markdown(f"**{extra}**"))
            display(obj)
        else:
            show_figure(obj, extra)


def key_figures(data: WaveData) -> dict:
    """The report's key figures, from the sections that :func:`show` displayed.

    Returns
    -------
    dict
        ``wave``, ``target_group``, ``questionnaire_version``, ``n``, ``n_by_target_group``,
        ``mean_totaaloordeel`` (per organisation: ``n``, ``mean``, ``ci_low``, ``ci_high``,
        ``pct_positive``), ``pct_positive`` (organisation -> aspect -> %), ``nps`` (partners),
        ``n_suppressed_cells`` (and ``n_primary_suppressed``, ``n_secondary_suppressed``),
        ``n_significant_differences`` (and per variable), ``shown_categories`` (the nationality
        and azc names that were shown) and the other sections' figures. Suppressed cells are
        ``None``.
    """
    out: dict[str, Any] = {
        "wave": data.wave,
        "target_group": data.target_group,
        "questionnaire_version": data.version,
        "n": data.n,
        "n_by_target_group": dict(data.n_by_target_group),
        "disclosure_threshold": data.threshold,
        "indicative_below": data.indicative_below,
        "shown_categories": {k: list(v) for k, v in data.shown_categories.items()},
        "sections": [s.key for s in data.shown],
    }
    significant: dict[str, int] = {}
    protected = [p for s in data.shown for p in s.protected]
    for s in data.shown:
        out.update(s.key_figures)
        significant.update(s.significant)
    out["n_suppressed_cells"] = int(sum(p.n_suppressed for p in protected))
    out["n_primary_suppressed"] = int(sum(p.n_primary for p in protected))
    out["n_secondary_suppressed"] = int(sum(p.n_secondary for p in protected))
    out["n_indicative_cells"] = int(sum(p.n_indicative for p in protected))
    out["n_significant_differences"] = int(sum(significant.values()))
    out["significant_differences_by_variable"] = significant
    return out
