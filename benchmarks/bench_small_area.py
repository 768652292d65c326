"""Validation by simulation: small-area (Fay-Herriot) estimates per AZC against the demo's truth.

    python benchmarks/bench_small_area.py [--R 100] [--B 1000] [--window 1] [--seed 1]

Draws ``R`` replicate demo waves at the demo's sizes (``helpers.demo.generate_wave``: 200
asylum seekers over 30 reception centres; seeds ``seed .. seed + R - 1``; with ``--window w``
each replicate pools the last ``w`` demo waves), and for the asylum seekers' judgements of the
COA, the only organisation whose ratings carry the demo's planted AZC effects, fits
``helpers.stats.small_area_estimates`` per AZC (all AZCs, ``min_n=1``) and per
nationality. Unit weights (the demo's weights only rake to status shares that the generator
fixes exactly). The truth per AZC is the demo model's expected value within the centre
(:func:`helpers.demo.expected_by_azc`, the same normal-mixture integral as
``helpers.demo.expected_values`` per cell); nationalities have no planted effect, so their
truth is the overall value.

It prints, for the overall judgement (mean, 1-5) and for the % positive of the ten COA aspects
(pooled):

* RMSE of the model and of the direct estimates against the truth, and their ratio (target < 1),
  over all AZCs with answers and over those with ``n >= 10`` (the ones a report may show);
* coverage of the model's 95% intervals (target: within 2 points of 95%);
* how often the AZC with the lowest (highest) estimate is the truly worst (best) centre, and how
  often the truly worst (best) is among the three lowest (highest) estimates, model vs direct;
* the share of nationalities flagged "above"/"below" (all false: no planted effect) and of AZCs
  flagged on the right side of the average;
* the time per model (one organisation, item and grouping; ``B`` bootstrap samples).

It exits 1 when the RMSE ratio is not below 1 or the coverage is more than 2 points off 95%.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from helpers.codebook import load_codebook
from helpers.demo import (
    AZCS,
    DEFAULT_WAVES,
    expected_by_azc,
    generate_wave,
    questionnaire_version,
)
from helpers.stats import SMALL_AREA_METHODS, small_area_estimates

TARGET_COVERAGE = 0.95
COVERAGE_TOLERANCE = 0.02


def true_azc_values() -> pd.DataFrame:
    """Expected COA overall judgement (1-5) and % positive per aspect within each AZC (wide).

    From :func:`helpers.demo.expected_by_azc` (the demo model's normal-mixture integral per
    centre); no drift for COA, so this holds in every demo wave.
    """
    long = expected_by_azc()
    items = list(dict.fromkeys(long["item"]))
    wide = long.pivot(index="azc", columns="item", values="pct_positive")
    wide["totaaloordeel"] = long[long["item"] == "totaaloordeel"].set_index("azc")["mean"]
    return wide.loc[list(AZCS), items].rename_axis(columns=None)


def coa_answers(waves, seed: int, cb) -> pd.DataFrame:
    """Long COA answers (analysis values) of the asylum seekers of ``waves`` drawn with ``seed``."""
    parts = []
    for wave in waves:
        raw = generate_wave(wave, n_asylum=200, n_partners=1, seed=seed, codebook=cb)[
            "asielzoekers"
        ]
        for var in cb.rating_variables("asielzoekers", questionnaire_version(wave, cb)):
            if var.organisation != "COA" or var.name not in raw:
                continue
            codes = raw[var.name].to_numpy(float)
            ok = np.isin(codes, var.scale.substantive_codes)
            values = np.array(
                [
                    var.scale.analysis_value(int(c)) if o else np.nan
                    for c, o in zip(codes, ok, strict=True)
                ],
                dtype=float,
            )
            parts.append(
                pd.DataFrame(
                    {
                        "wave": wave,
                        "organisation": "COA",
                        "item": var.item,
                        "value": values,
                        "azc": raw["azc"].to_numpy(object),
                        "nationaliteit": raw["nationaliteit"].to_numpy(object),
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)


def replicate(frame: pd.DataFrame, truth: pd.DataFrame, args, seed: int):
    """Fit per AZC and nationality for both measures; rows with truth and estimates."""
    out, seconds, models = [], 0.0, 0
    for measure, items in (("mean", ["totaaloordeel"]), ("share", list(truth.columns[1:]))):
        sub = frame[frame["item"].isin(items)]
        for group in ("azc", "nationaliteit"):
            t0 = time.perf_counter()
            est = small_area_estimates(
                sub,
                group,
                measure=measure,
                weight=None,
                window=args.window,
                n_boot=args.B,
                method=args.method,
                seed=seed,
                min_n=1,
            )
            seconds += time.perf_counter() - t0
            models += len(items)
            est["measure"], est["grouping"] = measure, group
            overall_truth = truth.mul(
                np.array(list(AZCS.values())) / sum(AZCS.values()), axis=0
            ).sum()
            if group == "azc":
                t = truth.stack().rename("truth").reset_index().rename(columns={"level_1": "item"})
                est = est.merge(t, on=["azc", "item"], how="left").rename(columns={"azc": "label"})
            else:
                est["truth"] = est["item"].map(overall_truth)
                est = est.rename(columns={"nationaliteit": "label"})
            est["overall_truth"] = est["item"].map(overall_truth)
            out.append(est)
    return pd.concat(out, ignore_index=True), seconds, models


def identification(res: pd.DataFrame, col: str, worst: bool) -> tuple[float, float]:
    """Share of (replicate, item) where the extreme estimate is the true extreme; in top 3."""
    hit, top3, total = 0, 0, 0
    for _, g in res.groupby(["rep", "item"]):
        order = g.sort_values(col, ascending=worst)["label"].tolist()
        true = g.sort_values("truth", ascending=worst)["label"].iloc[0]
        hit += order[0] == true
        top3 += true in order[:3]
        total += 1
    return hit / total, top3 / total


def summarise(res: pd.DataFrame, measure: str) -> bool:
    azc = res[(res["measure"] == measure) & (res["grouping"] == "azc")]
    nat = res[(res["measure"] == measure) & (res["grouping"] == "nationaliteit")]
    unit = "points" if measure == "mean" else "pct points"
    ok = True
    title = "overall judgement (1-5)" if measure == "mean" else "% positive, 10 aspects"
    print(f"\n== {measure}: {title}")
    for label, rows in (("all AZCs with answers", azc), ("AZCs with n >= 10", azc[azc["n"] >= 10])):
        rmse_m = np.sqrt(((rows["estimate"] - rows["truth"]) ** 2).mean())
        rmse_d = np.sqrt(((rows["direct"] - rows["truth"]) ** 2).mean())
        cover = ((rows["ci_low"] <= rows["truth"]) & (rows["truth"] <= rows["ci_high"])).mean()
        width = (rows["ci_high"] - rows["ci_low"]).mean()
        print(
            f"{label:24s} cells={len(rows):6d}  RMSE model {rmse_m:.4f}  direct {rmse_d:.4f} "
            f"{unit}  ratio {rmse_m / rmse_d:.3f}  coverage {100 * cover:.1f}%  "
            f"mean width {width:.3f}"
        )
        if label.startswith("all"):
            ok &= rmse_m < rmse_d and abs(cover - TARGET_COVERAGE) <= COVERAGE_TOLERANCE
    for worst in (True, False):
        m1, m3 = identification(azc, "estimate", worst)
        d1, d3 = identification(azc, "direct", worst)
        name = "worst" if worst else "best"
        print(
            f"true {name:5s} AZC identified: model {100 * m1:.1f}% (in top 3: {100 * m3:.1f}%), "
            f"direct {100 * d1:.1f}% (in top 3: {100 * d3:.1f}%)"
        )
    flagged = azc[azc["code"].isin(["above", "below"])]
    right = ((flagged["code"] == "below") == (flagged["truth"] < flagged["overall_truth"])).mean()
    false_nat = nat["code"].isin(["above", "below"]).mean()
    print(
        f"AZCs flagged above/below: {100 * len(flagged) / len(azc):.1f}% of cells, "
        f"{100 * right:.1f}% on the right side; nationalities flagged (all false): "
        f"{100 * false_nat:.1f}%; mean gamma AZC {azc['gamma'].mean():.3f}, "
        f"median sigma_u2 {azc['sigma_u2'].median():.4f}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--R", type=int, default=100, help="replicate waves")
    parser.add_argument("--B", type=int, default=1000, help="bootstrap samples per model")
    parser.add_argument("--window", type=int, default=1, help="waves pooled per replicate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--method", choices=SMALL_AREA_METHODS, default="REML")
    args = parser.parse_args()
    if not 1 <= args.window <= len(DEFAULT_WAVES):
        parser.error(f"--window must be 1..{len(DEFAULT_WAVES)}")
    cb = load_codebook()
    truth = true_azc_values()
    waves = DEFAULT_WAVES[-args.window :]
    print(
        f"R={args.R} replicates of {waves} (200 asylum seekers a wave), B={args.B}, "
        f"seeds {args.seed}..{args.seed + args.R - 1}; true between-AZC sd of the COA overall "
        f"judgement {truth['totaaloordeel'].std(ddof=0):.3f}"
    )
    results, seconds, models = [], 0.0, 0
    for r in range(args.R):
        res, s, k = replicate(coa_answers(waves, args.seed + r, cb), truth, args, args.seed + r)
        res["rep"] = r
        results.append(res)
        seconds += s
        models += k
    res = pd.concat(results, ignore_index=True)
    ok = all([summarise(res, "mean"), summarise(res, "share")])
    print(f"\ntime per model: {1000 * seconds / models:.1f} ms ({models} models, B={args.B})")
    print("PASS" if ok else "FAIL: RMSE ratio >= 1 or coverage off by more than 2 points")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
