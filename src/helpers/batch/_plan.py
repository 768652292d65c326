"""The batch's plan: which notebooks run for which wave, with which parameters, in which order.

Per wave: cleaning first; then descriptives per target group, the impact analysis for every
organisation and target group, the power notebook, the small-area comparison and the wave
summary; across waves, trends (after every wave's cleaning) and the public context indicators
(left out, with the reason, when the raw folder has no ``context/``). Parameters are checked
before anything runs: against the notebooks' parameters cells and the :func:`parameter_rules`;
a parameter the plan sets per report (wave, target group, organisation, folders) cannot be given
with ``-p``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpers import paths
from helpers.batch._params import Rule, declared_parameters, parameter_problems
from helpers.errors import InputError
from helpers.io import load_yaml

ACROSS_WAVES = "alle-golven"  # report folder of the notebooks that span waves
STAMP_SUFFIX = ".stamp.json"
KEY_FIGURES_PARAMETER = "key_figures_path"  # set by the runner to the report's key-figure file
CONTEXT_KEY = f"{ACROSS_WAVES}/06_context_indicators"
#: Parameters the plan sets per report, with what to use instead of ``-p``. Every parameter that
#: :func:`build_plan` puts into a task is refused as well, listed here or not.
PLAN_PARAMETER_OPTIONS = {
    "wave": "use --wave",
    "waves": "use --wave",
    "target_group": "the batch makes a report per target group; for one report run its notebook "
    "with papermill",
    "organisation": "the batch makes a report per organisation; for one report run its notebook "
    "with papermill",
    "raw_root": "use --raw",
    "processed_root": "use --processed",
    KEY_FIGURES_PARAMETER: "use --reports",
}


@dataclass
class Task:
    """One notebook execution of the plan."""

    key: str  # unique, e.g. "2017-Q2/03_impact_analysis_asielzoekers_IND"
    notebook: str  # file name under notebooks/
    title: str  # Dutch title shown on the index page
    group: str  # wave id, or ACROSS_WAVES
    parameters: dict
    inputs: list[str] = field(
        default_factory=list
    )  # files/folders whose content the output depends on
    deps: list[str] = field(default_factory=list)  # keys of tasks that must succeed first
    outputs: list[str] = field(
        default_factory=list
    )  # files/folders it writes outside the reports folder (a wave's processed tables)

    @property
    def stem(self) -> str:
        return self.key.split("/", 1)[1]


@dataclass
class Omitted:
    """A notebook the plan leaves out because its data is absent, and why."""

    key: str
    title: str  # Dutch title shown on the index page
    group: str
    reason: str  # English, for the console
    reason_nl: str  # Dutch sentence for the index page


# -- the plan ---------------------------------------------------------------------------------
IMPACT_METHODS = ("lmg", "rw", "beta", "corr", "pratt")
CONTEXT_TITLE = "Context: klachten, rapportcijfers en kerncijfers IND"


def parameter_rules(raw_root: Path) -> dict[str, Rule]:
    """What each notebook parameter may be: the one table the runner checks values against.

    A value outside its rule is refused before anything runs (see
    :func:`helpers.batch._params.parameter_problems`); a notebook's own early stop is left for
    conditions of the data (a group below the threshold).
    """
    from helpers.codebook import load_codebook

    cb = load_codebook()
    waves = paths.list_waves(raw_root)
    positive = Rule(low=0, low_open=True)
    non_negative = Rule(low=0)
    probability = Rule(low=0, high=1, low_open=True, high_open=True)
    share = Rule(low=0, high=1, low_open=True)
    return {
        # closed sets: the raw folder's waves and the codebook
        "wave": Rule(lambda p: waves),
        "target_group": Rule(lambda p: cb.target_groups),
        "target_groups": Rule(lambda p: cb.target_groups),
        "organisation": Rule(lambda p: cb.rated_organisations(p["target_group"])),
        "subgroup": Rule(lambda p: cb.background(p["target_group"])),
        "method": Rule(lambda p: IMPACT_METHODS),
        "performance": Rule(lambda p: ("pct_positive", "mean")),
        "missing": Rule(lambda p: ("listwise", "pairwise", "impute")),
        # counts
        "bootstrap": positive,
        "simulation_samples": positive,
        "quarterly_n": positive,
        "min_n": positive,
        "window": positive,
        "disclosure_threshold": positive,
        "indicative_below": Rule(low="disclosure_threshold"),
        "straightline_min_items": Rule(low=2),
        "seed": non_negative,
        "population_size": non_negative,  # 0: from wave.yml
        # amounts, shares and probabilities
        "min_web_minutes": non_negative,
        "target_mde": positive,
        "alpha": probability,
        "power": Rule(low="alpha", high=1, low_open=True, high_open=True),
        "stable_at": share,
        "subgroup_share": share,
        "response_rate": Rule(low=0, high=1),  # 0: from wave.yml
    }


def plan_omissions(raw_root: Path) -> list[Omitted]:
    """Notebooks left out of the plan because their data is not under ``raw_root``."""
    context = paths.context_dir(raw_root)
    if context.is_dir():
        return []
    return [
        Omitted(
            CONTEXT_KEY,
            CONTEXT_TITLE,
            ACROSS_WAVES,
            f"skipped: no context/ folder with the public context data beside the raw data "
            f"({context})",
            "Contextcijfers overgeslagen: geen map met publieke contextgegevens bij de ruwe data.",
        )
    ]


def _wave_version(raw_root: Path, wave: str) -> str:
    with open(paths.raw_wave_dir(wave, raw_root) / "wave.yml", encoding="utf-8") as fh:
        return str((load_yaml(fh) or {}).get("questionnaire_version", ""))


def build_plan(
    waves: list[str] | None = None,
    raw_root: Path | str | None = None,
    processed_root: Path | str | None = None,
    extra_parameters: dict | None = None,
) -> list[Task]:
    """The notebooks to run for ``waves`` (default: every wave under the raw folder).

    ``extra_parameters`` (``-p NAME=VALUE``) go to every notebook that declares them; a name no
    notebook declares, or one the plan sets per report, is refused. Notebooks whose data is
    absent (:func:`plan_omissions`) are left out.
    """
    from helpers.codebook import load_codebook

    raw_root = Path(raw_root or paths.RAW_DIR).resolve()
    processed_root = Path(processed_root or paths.PROCESSED_DIR).resolve()
    available = paths.list_waves(raw_root)
    if not available:
        raise InputError("no waves (folders with a wave.yml) found", file=raw_root)
    waves = list(waves or available)
    unknown = [w for w in waves if w not in available]
    if unknown:
        raise InputError(
            f"unknown wave(s) {', '.join(unknown)} (available: {', '.join(available)})",
            file=raw_root,
        )
    cb = load_codebook()
    roots = {"raw_root": str(raw_root), "processed_root": str(processed_root)}
    tasks: list[Task] = []
    for wave in sorted(waves):
        raw = str(paths.raw_wave_dir(wave, raw_root))
        processed = str(paths.processed_wave_dir(wave, processed_root))
        clean_key = f"{wave}/01_cleaning"
        tasks.append(
            Task(
                clean_key,
                "01_cleaning.ipynb",
                "Opschoning en weging",
                wave,
                {"wave": wave, **roots},
                inputs=[raw],
                outputs=[processed],
            )
        )
        earlier = [w for w in available if w < wave]
        previous = [f"{earlier[-1]}/01_cleaning"] if earlier and earlier[-1] in waves else []
        prev_inputs = (
            [str(paths.processed_wave_dir(earlier[-1], processed_root))] if earlier else []
        )
        version = _wave_version(raw_root, wave)
        for tg in cb.target_groups:
            label = cb.label(tg)
            tasks.append(
                Task(
                    f"{wave}/02_descriptives_{tg}",
                    "02_descriptives.ipynb",
                    f"Beschrijvende resultaten: {label.lower()}",
                    wave,
                    {"wave": wave, "target_group": tg, **roots},
                    inputs=[processed, raw + "/wave.yml"],
                    deps=[clean_key],
                )
            )
            for org in cb.rated_organisations(tg, version):
                tasks.append(
                    Task(
                        f"{wave}/03_impact_analysis_{tg}_{org}",
                        "03_impact_analysis.ipynb",
                        f"Impactanalyse {cb.label(org)}: {label.lower()}",
                        wave,
                        {"wave": wave, "target_group": tg, "organisation": org, **roots},
                        inputs=[processed, raw + "/wave.yml", *prev_inputs],
                        deps=[clean_key, *previous],
                    )
                )
        tasks.append(
            Task(
                f"{wave}/04_power_continuous_measurement",
                "04_power_continuous_measurement.ipynb",
                "Steekproefomvang en power voor de continumeting",
                wave,
                {"wave": wave, **roots},
                inputs=[processed, raw + "/wave.yml"],
                deps=[clean_key],
            )
        )
        tasks.append(  # pools earlier waves (its window parameter): all of them are inputs
            Task(
                f"{wave}/07_small_area",
                "07_small_area.ipynb",
                "Opvanglocaties en nationaliteiten vergeleken",
                wave,
                {"wave": wave, **roots},
                inputs=[processed, raw + "/wave.yml"]
                + [str(paths.processed_wave_dir(w, processed_root)) for w in earlier],
                deps=[clean_key, *(f"{w}/01_cleaning" for w in earlier if w in waves)],
            )
        )
    cleanings = [t.key for t in tasks if t.notebook == "01_cleaning.ipynb"]
    tasks.append(
        Task(
            f"{ACROSS_WAVES}/05_trends",
            "05_trends.ipynb",
            "Trends over de golven",
            ACROSS_WAVES,
            {**roots},
            inputs=[str(paths.processed_wave_dir(w, processed_root)) for w in available]
            + [str(paths.raw_wave_dir(w, raw_root) / "wave.yml") for w in available],
            deps=cleanings,
        )
    )
    for wave in sorted(waves):  # the wave summary reads the key figures of the wave's reports
        deps = [t.key for t in tasks if t.group == wave or t.key == f"{ACROSS_WAVES}/05_trends"]
        raw_params = {"wave": wave, "raw_root": str(raw_root)}
        tasks.append(
            Task(
                f"{wave}/00_wave_summary",
                "00_wave_summary.ipynb",
                "Samenvatting van de meting",
                wave,
                raw_params,
                [str(paths.raw_wave_dir(wave, raw_root))],
                deps,
            )
        )
    tasks.append(
        Task(
            CONTEXT_KEY,
            "06_context_indicators.ipynb",
            CONTEXT_TITLE,
            ACROSS_WAVES,
            {"raw_root": str(raw_root)},
            inputs=[str(paths.context_dir(raw_root))],
        )
    )
    omitted = {o.key for o in plan_omissions(raw_root)}
    return _apply_extra([t for t in tasks if t.key not in omitted], extra_parameters or {})


def _apply_extra(tasks: list[Task], extra: dict) -> list[Task]:
    """Add user parameters (``-p NAME=VALUE``) to every notebook that declares them.

    Refused: a parameter the plan sets per report (any in a task's parameters, or in
    :data:`PLAN_PARAMETER_OPTIONS`), and a name no notebook declares.
    """
    set_by_plan = set(PLAN_PARAMETER_OPTIONS).union(*(t.parameters for t in tasks))
    problems = [
        f"parameter {name!r} is set by the plan per report and cannot be overridden with -p: "
        + PLAN_PARAMETER_OPTIONS.get(name, "use the options of `python -m helpers run`")
        for name in extra
        if name in set_by_plan
    ]
    used = set()
    for task in tasks:
        declared = declared_parameters(paths.NOTEBOOKS_DIR / task.notebook)
        for name, value in extra.items():
            if name in declared:
                task.parameters[name] = value
                used.add(name)
    unused = sorted(set(extra) - used - set_by_plan)
    if unused:
        problems.append(f"no notebook declares parameter(s) {', '.join(unused)}")
    if problems:
        raise InputError("; ".join(problems))
    return tasks


def validate_plan(tasks: list[Task], raw_root: Path) -> None:
    """Check every task's parameters against its notebook and :func:`parameter_rules`.

    One InputError lists every problem once, with the first notebook it concerns (a ``-p`` value
    is refused in every notebook that declares it).
    """
    rules = parameter_rules(raw_root)
    problems: dict[str, list[str]] = {}
    for task in tasks:
        notebook = paths.NOTEBOOKS_DIR / task.notebook
        found = (
            parameter_problems(notebook, task.parameters, rules)
            if notebook.is_file()
            else [f"notebook {task.notebook} not found"]
        )
        for problem in found:
            problems.setdefault(problem, []).append(task.key)
    if problems:
        raise InputError(
            "parameters refused before running anything: "
            + " | ".join(
                f"{problem} ({keys[0]}" + (f" and {len(keys) - 1} more)" if len(keys) > 1 else ")")
                for problem, keys in problems.items()
            )
        )
