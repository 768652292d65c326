"""Writing demo waves: one folder per wave (raw files, wave.yml, README), never over real data.

:func:`write_wave` writes one drawn wave; :func:`write_demo` draws and writes several
(``python -m helpers demo``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from helpers.codebook import (
    APPROVAL_FILE,
    CODED_SAMPLE_FILE,
    HELDOUT_SAMPLE_FILE,
    Codebook,
    load_codebook,
)
from helpers.demo import _writer as W
from helpers.demo._answers import coded_sample
from helpers.demo._defects import plant_defects
from helpers.demo._generator import generate_wave
from helpers.demo._model import build_model, quarters_since
from helpers.demo._truth import wave_truth
from helpers.demo._waves import (
    DEFAULT_N_ASYLUM,
    DEFAULT_N_PARTNERS,
    DEFAULT_SEED,
    DEFAULT_WAVES,
    check_wave_id,
    fieldwork,
    questionnaire_version,
)
from helpers.errors import InputError
from helpers.io import load_yaml, text_hash
from helpers.paths import RAW_DIR

POPULATION = {  # population sizes, response rates and margins written to wave.yml
    "asielzoekers": {
        "size": 9800,
        "response_rate": 0.42,
        "margins": {
            "status": {"afgewezen": 0.80, "vergunning_na_beroep": 0.20},
            "geslacht": {"man": 0.70, "vrouw": 0.28, "anders": 0.02},
        },
    },
    "ketenpartners": {
        "size": 5200,
        "response_rate": 0.31,
        "margins": {"positie": {"binnen_kleine_keten": 0.40, "buiten_kleine_keten": 0.60}},
    },
}


def _wave_dir_state(path: Path) -> str:
    """``absent`` | ``empty`` | ``demo`` | ``other`` (refuse) for a wave folder."""
    if not path.exists():
        return "absent"
    if not path.is_dir():
        return "other"
    cfg = path / "wave.yml"
    if not cfg.is_file():
        return "empty" if not any(path.iterdir()) else "other"
    try:
        spec = load_yaml(cfg.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return "other"
    return "demo" if isinstance(spec, dict) and spec.get("synthetic") is True else "other"


def _clear_demo_wave(path: Path) -> None:
    """Remove the files a previous demo run wrote (in its wave.yml, README, coded samples)."""
    spec = load_yaml((path / "wave.yml").read_text(encoding="utf-8")) or {}
    names = [f.get("path") for f in spec.get("files") or [] if isinstance(f, dict)]
    generated = ["README.md", "wave.yml", CODED_SAMPLE_FILE, HELDOUT_SAMPLE_FILE, APPROVAL_FILE]
    for name in [*names, *generated]:
        if not name:
            continue
        target = (path / str(name)).resolve()
        if target.parent == path.resolve() and target.is_file():
            target.unlink()


def write_wave(
    frames: dict[str, pd.DataFrame],
    out: str | Path,
    wave: str,
    seed: int,
    defects: list[dict] | None = None,
    version: str | None = None,
    command: str | None = None,
    codebook: Codebook | None = None,
    coded: dict[str, pd.DataFrame] | None = None,
) -> Path:
    """Write one wave folder: the raw files, ``wave.yml`` (with ``defects`` and ``truth``), README.

    The file formats rotate by quarter (:data:`helpers.demo._writer.FORMAT_PLANS`); a version's
    ``rename`` is applied to the column names. Refuses to overwrite a folder that is not a demo
    wave (its ``wave.yml`` lacks ``synthetic: true``); of a demo wave, the files its ``wave.yml``
    lists are replaced. ``coded`` (:func:`coded_sample`) is written as
    :data:`helpers.codebook.CODED_SAMPLE_FILE` and :data:`helpers.codebook.HELDOUT_SAMPLE_FILE`.
    """
    cb = codebook or load_codebook()
    version = cb.check_version(version or questionnaire_version(wave, cb))
    command = command or f"python -m helpers demo --seed {seed}"
    wave_dir = Path(out) / wave
    state = _wave_dir_state(wave_dir)
    if state == "other":
        raise InputError(
            "not a synthetic demo wave (its wave.yml lacks 'synthetic: true'): "
            "refusing to overwrite it",
            file=wave_dir,
        )
    if state == "demo":
        _clear_demo_wave(wave_dir)
    wave_dir.mkdir(parents=True, exist_ok=True)
    names = W.file_names(wave, cb)
    for tg, df in frames.items():
        W.write_table(df, wave_dir / names[tg], wave, tg, version, cb)
    for part, name in (("train", CODED_SAMPLE_FILE), ("heldout", HELDOUT_SAMPLE_FILE)):
        if coded is not None:
            W.write_coded_sample(coded[part], wave_dir / name)
    if "asielzoekers" in frames:
        W.write_approvals(demo_approvals(frames["asielzoekers"], wave), wave_dir / APPROVAL_FILE)
    start, end = fieldwork(wave)
    q = quarters_since(wave)
    population = {}
    for tg in frames:
        pop = dict(POPULATION[tg])
        if tg == "asielzoekers":  # the caseload of rejected asylum seekers shrinks slowly
            pop["size"] = int(pop["size"] - 150 * q)
        population[tg] = pop
    spec = {
        "wave": wave,
        "fieldwork": {"start": start, "end": end},
        "questionnaire_version": version,
        "synthetic": True,
        "files": [{"path": names[tg], "target_group": tg} for tg in frames],
        "population": population,
        "defects": list(defects or []),
        "truth": wave_truth(frames, wave, defects, codebook=cb),
    }
    header = (
        f"SYNTHETIC DEMO WAVE: generated by `{command}` (helpers.demo), not real "
        "respondents.\nRerunning the command rewrites this folder; `defects` and `truth` "
        "document what was planted."
    )
    W.write_yaml(wave_dir / "wave.yml", spec, header)
    W.write_readme(
        wave_dir,
        wave,
        version,
        {names[tg]: (tg, len(df)) for tg, df in frames.items()},
        len(defects or []),
        seed,
        command,
    )
    return wave_dir


#: Answers per open question that the demo's analyst approved for quotation.
APPROVED_PER_QUESTION = 2
#: The planted answer the demo's analyst approved too: the report must scrub it again.
APPROVED_PLANTED = "Stort het op NL91ABNA0417164300 graag."


def demo_approvals(frame: pd.DataFrame, wave: str) -> pd.DataFrame:
    """The demo analyst's approval file: a few answers per open question that may be quoted.

    Per ``advies_*`` column the first :data:`APPROVED_PER_QUESTION` answers (by respondent id,
    among the respondents with a single row) of plain ASCII text that hold no digit, plus the
    planted IBAN answer when the wave has it: an analyst can approve an answer that still holds
    an identifier, and the report scrubs it again when it is rendered
    (``helpers.privacy.approved_quotes``). Keyed by ``helpers.io.text_hash`` of the text as
    written.
    """
    columns = [c for c in frame.columns if str(c).startswith("advies_")]
    rows = []
    # respondents with one row each: a planted duplicate must not be approved twice
    ordered = frame[~frame["respondent_id"].duplicated(keep=False)]
    ordered = ordered.sort_values("respondent_id", kind="stable")
    for column in columns:
        text = ordered[column].astype("string").str.strip()
        plain = text.notna() & text.str.isascii().fillna(False) & ~text.str.contains(r"\d|\[")
        chosen = ordered.loc[plain.fillna(False), ["respondent_id", column]].head(
            APPROVED_PER_QUESTION
        )
        planted = ordered.loc[text == APPROVED_PLANTED, ["respondent_id", column]]
        for rid, answer in pd.concat([chosen, planted]).itertuples(index=False):
            rows.append(
                {
                    "respondent_id": rid,
                    "question": column,
                    "text_hash": text_hash(answer),
                    "approved_by": "demo-analist",
                    "approved_on": fieldwork(wave)[1],
                    "note": "synthetisch voorbeeld",
                }
            )
    return pd.DataFrame(
        rows,
        columns=["respondent_id", "question", "text_hash", "approved_by", "approved_on", "note"],
    )


def write_demo(
    out: str | Path | None = None,
    seed: int = DEFAULT_SEED,
    n_asylum: int = DEFAULT_N_ASYLUM,
    n_partners: int = DEFAULT_N_PARTNERS,
    waves=DEFAULT_WAVES,
    defects: bool = True,
    log=None,
    command: str | None = None,
) -> list[Path]:
    """Generate and write demo waves (``python -m helpers demo``).

    Parameters
    ----------
    out : str or Path, optional
        Raw data folder; default :data:`helpers.paths.RAW_DIR`.
    seed, n_asylum, n_partners : int
        See :func:`generate_wave`.
    waves : sequence of str
        Wave ids; default the four quarters 2017-Q2 .. 2018-Q1.
    defects : bool
        Plant the deliberate defects (:func:`plant_defects`).
    log : callable, optional
        Called with one progress line per wave.

    Returns
    -------
    list of Path
        The wave folders written.

    Raises
    ------
    helpers.errors.InputError
        A wave id that is not ``YYYY-Qn``, sizes below 1, or a target folder that holds a wave
        not generated by the demo (checked for every wave before anything is written).
    """
    cb = load_codebook()
    out = Path(out or RAW_DIR)
    waves = [check_wave_id(w) for w in waves]
    if len(set(waves)) != len(waves):
        raise InputError(f"duplicate wave ids in {waves}")
    for w in waves:
        if _wave_dir_state(out / w) == "other":
            raise InputError(
                "not a synthetic demo wave (its wave.yml lacks 'synthetic: true'): "
                "refusing to overwrite it",
                file=out / w,
            )
    command = command or _command_line(seed, n_asylum, n_partners, waves, defects)
    model = build_model()
    written = []
    for w in waves:
        version = questionnaire_version(w, cb)
        frames = generate_wave(w, n_asylum, n_partners, seed, version, model, cb)
        planted: list[dict] = []
        if defects:
            frames, planted = plant_defects(frames, w, seed, W.file_names(w, cb), cb, version)
        coded = coded_sample(w, seed, cb)
        path = write_wave(frames, out, w, seed, planted, version, command, cb, coded)
        written.append(path)
        if log:
            parts = ", ".join(
                f"{W.file_names(w, cb)[tg]} ({len(df)} rows)" for tg, df in frames.items()
            )
            log(f"{w} (vragenlijst {version}): {parts}; {len(planted)} defects -> {path}")
    return written


def _command_line(seed, n_asylum, n_partners, waves, defects) -> str:
    parts = ["python -m helpers demo", f"--seed {seed}"]
    if n_asylum != DEFAULT_N_ASYLUM:
        parts.append(f"--n-asylum {n_asylum}")
    if n_partners != DEFAULT_N_PARTNERS:
        parts.append(f"--n-partners {n_partners}")
    if tuple(waves) != DEFAULT_WAVES:
        parts.append(f"--waves {','.join(waves)}")
    if not defects:
        parts.append("--no-defects")
    return " ".join(parts)
