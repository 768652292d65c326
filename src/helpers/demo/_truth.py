"""The ``truth`` section of a demo wave.yml: what was planted, for checking the analyses."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from helpers.codebook import Codebook, load_codebook
from helpers.demo import _model as dm
from helpers.demo._model import (
    CALIBRATION_WAVE,
    DRIFTS,
    DemoModel,
    azc_effects,
    build_model,
    expected_values,
    quarters_since,
)
from helpers.demo._waves import questionnaire_version

UNIFORM_MIN_ANSWERS = 8  # unplanted "straightliners" listed in truth: at least this many answers


def wave_truth(
    frames: dict[str, pd.DataFrame],
    wave: str,
    defects: list[dict] | None = None,
    model: DemoModel | None = None,
    codebook: Codebook | None = None,
) -> dict:
    """The ``truth`` section of a demo wave.yml: what was planted, for checking the analyses.

    Calibration (and the published figures that had to be reconciled), the drifts and the true
    values they imply in this wave, the true driver weights, the AZC effects, the open answers
    with fictional personal data, and the respondents who were not planted as straightliners but
    happen to give one answer to all their aspect items (very satisfied partners rating a single
    organisation, typically).
    """
    cb = codebook or load_codebook()
    model = model or build_model()
    version = questionnaire_version(wave, cb)
    coa = model.orgs["asielzoekers", "COA"]
    planted = {d["respondent_id"] for d in defects or [] if d["kind"] == "straightliner"}
    uniform = []
    for tg, df in frames.items():
        cols = [v.name for v in cb.rating_variables(tg, version) if v.item in cb.aspects(tg)]
        sub = df[cols].where(df[cols].isin([1, 2, 3, 4, 5]))
        n = sub.notna().sum(axis=1).to_numpy()
        lo, hi = sub.min(axis=1).to_numpy(), sub.max(axis=1).to_numpy()
        for i in np.flatnonzero((n >= UNIFORM_MIN_ANSWERS) & (lo == hi)):
            rid = str(df["respondent_id"].iloc[i])
            if rid not in planted:
                uniform.append(
                    {
                        "respondent_id": rid,
                        "target_group": tg,
                        "answers": int(n[i]),
                        "code": int(lo[i]),
                    }
                )
    return {
        "calibration": {
            "reference": "helpers/reference/kleine-keten-2017-pilot.yml (PILOT_REFERENCE_FILE)",
            "calibration_wave": CALIBRATION_WAVE,
            "quarters_since_calibration": quarters_since(wave),
            "reconciled_published_figures": model.reconciled,
        },
        "drifts": [
            {
                "target_group": d.target_group,
                "organisation": d.organisation,
                "item": d.item,
                "latent_shift_per_quarter": d.per_quarter,
                "note": d.note,
            }
            for d in DRIFTS
        ],
        "expected_values": expected_values(model, wave),
        "drivers": {
            tg: {
                org: {a: float(w) for a, w in zip(m.aspects, m.weights, strict=True)}
                for (g, org), m in model.orgs.items()
                if g == tg
            }
            for tg in ("asielzoekers", "ketenpartners")
        },
        "model": {
            "loading": dm.LOADING,
            "r2_latent": dm.R2_LATENT,
            "person_share": dm.PERSON_SHARE,
            "azc_share_coa": dm.AZC_SHARE,
            "azc_icc_coa_overall_latent": round(coa.c**2 * coa.s_w**2 * dm.AZC_SHARE, 3),
        },
        "azc_effects_coa_latent": {
            a: round(float(v * np.sqrt(dm.AZC_SHARE) * coa.s_w), 3)
            for a, v in azc_effects().items()
        },
        "personal_data_in_open_text": list(frames["asielzoekers"].attrs.get("personal_data", [])),
        f"uniform_aspect_answers_min_{UNIFORM_MIN_ANSWERS}": uniform,
    }


def expected_by_azc(wave: str = CALIBRATION_WAVE, model: DemoModel | None = None) -> pd.DataFrame:
    """True (infinite-sample) values of the asylum seekers' COA ratings per reception centre.

    The COA is the only organisation whose ratings carry the demo's planted AZC effects
    (:func:`helpers.demo._model.azc_effects`); for every other organisation each AZC has the
    overall value. This is the truth against which small-area estimates per AZC are checked.

    Parameters
    ----------
    wave : str
        Wave id; a planted drift of the COA (none at present) shifts the values.
    model : DemoModel, optional
        Default: :func:`helpers.demo._model.build_model`.

    Returns
    -------
    pandas.DataFrame
        One row per AZC (in :data:`helpers.demo._model.AZCS` order) and item (``totaaloordeel``,
        then the aspects): ``azc``, ``organisation`` (``COA``), ``item``, ``mean`` (1-5) and
        ``pct_positive`` (answer 4 or 5, 0-100).

    Notes
    -----
    Within a cell (status x AZC) a latent loading ``a`` on the organisation's satisfaction is
    normal with the mean and sd of ``OrgModel.cells(a)``; an answer is ``1 + #(cut points below
    the latent)``, so its mean is ``1 + sum_k P(latent > t_k)`` and "positive" is
    ``P(latent > t_3)``, averaged over the status shares (the same normal-mixture integral as
    :func:`helpers.demo._model.expected_values`, per AZC instead of over all of them).

    Examples
    --------
    >>> t = expected_by_azc()
    >>> t.columns.tolist(), t["azc"].nunique() == len(dm.AZCS)
    (['azc', 'organisation', 'item', 'mean', 'pct_positive'], True)
    """
    model = model or build_model()
    m = model.orgs["asielzoekers", "COA"]
    q = quarters_since(wave)
    rows = [("totaaloordeel", m.overall_thresholds, m.c, m.y_shift(q))]
    for i, aspect in enumerate(m.aspects):
        drift = 0.0 if m.drift_aspects is None else float(m.drift_aspects[i])
        lam = float(m.loadings[i])
        rows.append((aspect, m.aspect_thresholds[i], lam, q * (lam * m.drift_g + drift)))
    parts = []
    for item, thresholds, a, shift in rows:
        _, means, sd = m.cells(a)  # status x AZC
        thr = np.atleast_2d(thresholds)
        thr = np.repeat(thr, len(m.shares), axis=0) if thr.shape[0] == 1 else thr
        above = stats.norm.sf((thr[:, None, :] - means[:, :, None] - shift) / sd)  # S x C x 4
        parts.append(
            pd.DataFrame(
                {
                    "azc": list(dm.AZCS),
                    "organisation": "COA",
                    "item": item,
                    "mean": m.shares @ (1 + above.sum(-1)),
                    "pct_positive": 100 * (m.shares @ above[:, :, -2]),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
