"""Benchmark: vectorised impact bootstrap against refitting a regression for every subset.

    python benchmarks/bench_impact.py [--n 5000] [--drivers 11] [--B 1000] [--naive-samples 3]

On synthetic survey data (``helpers.stats.synthetic_data``: 1-5 ratings, log-normal weights) it
times

* the fast bootstrap, ``helpers.stats.bootstrap_importance`` with all five measures (LMG, relative
  weights, beta, correlation, Pratt) for B resamples: weighted correlation matrices of all B
  resamples from one matrix product, R² of all 2^p subsets from batched Cholesky factors;
* a straightforward implementation that refits a weighted least-squares regression
  (``numpy.linalg.lstsq``) for every one of the 2^p subsets and combines the R² values into LMG,
  on the full data and on the first few bootstrap resamples (the same draws,
  ``helpers.stats.bootstrap_indices``); its time for B resamples is *extrapolated* from those few.

It prints the speed ratio and the largest absolute difference between the two LMG results on the
point estimate and on those resamples; it exits 1 if they differ by more than 1e-9.
The budget for the fast bootstrap (11 drivers, n = 5000, B = 1000) is 2 seconds on a 2-core machine.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

import numpy as np

from helpers.stats import bootstrap_importance, bootstrap_indices, synthetic_data

TOLERANCE = 1e-9
BUDGET_S = 2.0


def naive_lmg(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """LMG by brute force: one weighted least-squares refit per subset of drivers."""
    n, p = X.shape
    sw = np.sqrt(w)
    ys = y * sw
    ybar = np.average(y, weights=w)
    tss = float(np.sum(w * (y - ybar) ** 2))
    r2 = np.zeros(1 << p)
    ones = np.ones((n, 1))
    for mask in range(1, 1 << p):
        cols = [j for j in range(p) if mask >> j & 1]
        A = np.hstack([ones, X[:, cols]]) * sw[:, None]
        coef = np.linalg.lstsq(A, ys, rcond=None)[0]
        resid = ys - A @ coef
        r2[mask] = 1.0 - float(resid @ resid) / tss
    fact = [math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) for s in range(p)]
    out = np.zeros(p)
    for mask in range(1 << p):
        size = bin(mask).count("1")
        for j in range(p):
            if not mask >> j & 1:
                out[j] += fact[size] * (r2[mask | 1 << j] - r2[mask])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--drivers", type=int, default=11)
    parser.add_argument("--B", type=int, default=1000)
    parser.add_argument("--naive-samples", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    df = synthetic_data(n=args.n, drivers=args.drivers, seed=args.seed)
    drivers = [c for c in df.columns if c.startswith("aspect_")]
    print(
        f"data: synthetic_data(n={args.n}, drivers={args.drivers}, seed={args.seed}), "
        f"weighted, B={args.B}, {os.cpu_count()} CPU(s)"
    )

    t0 = time.perf_counter()
    res = bootstrap_importance(
        df, "totaaloordeel", drivers, "weight", methods="all", B=args.B, seed=args.seed
    )
    fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    bootstrap_importance(
        df, "totaaloordeel", drivers, "weight", methods="all", B=args.B, seed=args.seed
    )
    fast_again = time.perf_counter() - t0
    print(
        f"fast bootstrap: {fast:.2f} s  (all 5 measures, B={args.B}, first call in this process; "
        f"repeated: {fast_again:.2f} s)"
    )

    X = df[drivers].to_numpy(float)
    y = df["totaaloordeel"].to_numpy(float)
    w = df["weight"].to_numpy(float)
    t0 = time.perf_counter()
    naive_point = naive_lmg(X, y, w)
    naive_point_s = time.perf_counter() - t0
    print(
        f"naive refit, point estimate: {naive_point_s:.2f} s  "
        f"({(1 << args.drivers) - 1} weighted least-squares fits, LMG only)"
    )

    k = min(args.naive_samples, args.B)
    idx = bootstrap_indices(len(df), args.B, args.seed)[:k]
    t0 = time.perf_counter()
    naive_boot = np.array([naive_lmg(X[i], y[i], w[i]) for i in idx])
    naive_k = time.perf_counter() - t0
    per_sample = naive_k / k
    naive_total = per_sample * args.B
    print(
        f"naive refit, {k} bootstrap samples: {naive_k:.2f} s -> extrapolated to "
        f"B={args.B}: {naive_total:.0f} s  (LMG only)"
    )
    print(f"ratio: {naive_total / fast:.0f}x  (extrapolated naive LMG / fast, all measures)")

    diff_point = float(np.max(np.abs(res.point.table["lmg"].to_numpy() - naive_point)))
    diff_boot = float(np.max(np.abs(res.samples["lmg"][:k] - naive_boot)))
    print(
        f"max abs diff: {max(diff_point, diff_boot):.1e}  (point estimate {diff_point:.1e}; "
        f"first {k} bootstrap samples {diff_boot:.1e})"
    )
    ok = max(diff_point, diff_boot) <= TOLERANCE
    print(f"agreement within {TOLERANCE:g}: {'yes' if ok else 'NO'}")
    if args.n == 5000 and args.drivers == 11 and args.B == 1000:
        verdict = "met" if fast <= BUDGET_S else "MISSED"
        print(f"budget {BUDGET_S:g} s for the fast bootstrap: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
