"""Sample size or detectable difference for comparing two mean judgements.

Two-sided two-sample t-test with pooled sd (statsmodels TTestIndPower). With --mde D: the net
number of respondents per group needed to detect a difference of D scale points. With --n N: the
smallest difference (scale points) detected at N respondents in group 1. Group 2 has ratio x
group 1 (--ratio, statsmodels' convention n2/n1); a design effect --deff multiplies the required
n and divides the effective n.

Examples:
  python -m helpers power --sd 1.0 --mde 0.25
  python -m helpers power --sd 1.1 --n 400 --deff 1.3 --format json
"""

from __future__ import annotations

import argparse
import math

from helpers.errors import InputError

HELP = "net n per group, or the detectable difference, for comparing two mean judgements"

METHOD = "two-sided two-sample t-test, pooled sd (statsmodels TTestIndPower)"


def configure(parser: argparse.ArgumentParser) -> None:
    # Numbers are read as text and checked in main, so that every bad value ends as one
    # ``error: ...`` line (argparse would print its usage block as well).
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--sd", metavar="S", help="standard deviation of the rating (required)")
    parser.add_argument(
        "--mde", metavar="D", help="difference to detect, in scale points (give --mde or --n)"
    )
    parser.add_argument("--n", metavar="N", help="net respondents in group 1 (give --mde or --n)")
    parser.add_argument(
        "--alpha", metavar="A", default="0.05", help="two-sided significance level (default 0.05)"
    )
    parser.add_argument("--power", metavar="P", default="0.8", help="power (default 0.8)")
    parser.add_argument(
        "--deff",
        metavar="F",
        default="1",
        help="design effect, multiplies the required n (default 1)",
    )
    parser.add_argument(
        "--ratio",
        metavar="R",
        default="1",
        help="size of group 2 relative to group 1, n2/n1 (default 1)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )


def _number(option: str, text: str | None) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f"{option} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise InputError(f"{option} must be a finite number, got {text!r}")
    return value


def _check(args: argparse.Namespace) -> dict:
    if args.sd is None:
        raise InputError("--sd is required")
    if (args.mde is None) == (args.n is None):
        raise InputError("give exactly one of --mde (to get n) and --n (to get the difference)")
    v = {
        name: _number(f"--{name}", getattr(args, name))
        for name in ("sd", "alpha", "power", "deff", "ratio")
    }
    for name in ("alpha", "power"):
        if not 0 < v[name] < 1:
            raise InputError(f"--{name} must lie strictly between 0 and 1, got {v[name]:g}")
    if v["power"] <= v["alpha"]:
        raise InputError("--power must be larger than --alpha")
    for name in ("sd", "deff", "ratio"):
        if v[name] <= 0:
            raise InputError(f"--{name} must be positive, got {v[name]:g}")
    if args.mde is not None:
        v["mde"] = _number("--mde", args.mde)
        if v["mde"] <= 0:
            raise InputError(
                f"--mde must be positive (a difference in scale points), got {v['mde']:g}"
            )
    else:
        v["n"] = _number("--n", args.n)
        if v["n"] <= 0:
            raise InputError(f"--n must be positive, got {v['n']:g}")
        if v["n"] / v["deff"] * (1 + v["ratio"]) < 3:
            raise InputError(
                f"--n {v['n']:g} is too small to reach any power: the t-test needs "
                "(n / deff) x (1 + ratio) >= 3 effective respondents"
            )
    return v


def _ceil(x: float) -> int:
    # round first so that 64.0000000001 (root-finding noise) plans 64, not 65
    return math.ceil(round(x, 6))


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def main(args: argparse.Namespace) -> int:
    import json

    v = _check(args)
    from helpers.stats import minimum_detectable_difference, n_per_group

    common = {
        "sd": v["sd"],
        "alpha": v["alpha"],
        "power": v["power"],
        "deff": v["deff"],
        "ratio": v["ratio"],
    }
    if "mde" in v:
        n1 = n_per_group(v["mde"], **common, method="t")
        n2 = v["ratio"] * n1
        result = {
            "method": METHOD,
            **common,
            "mde": v["mde"],
            "cohens_d": v["mde"] / v["sd"],
            "n_per_group": n1,
            "n_per_group_ceil": _ceil(n1),
            "n_group2": n2,
            "n_group2_ceil": _ceil(n2),
            "n_total_ceil": _ceil(n1) + _ceil(n2),
        }
        lines = [
            f"method: {METHOD}",
            f"detect a difference of {v['mde']:g} scale points (sd {v['sd']:g}, Cohen's d "
            f"{v['mde'] / v['sd']:.3f}) with alpha {v['alpha']:g}, power {v['power']:g}, "
            f"design effect {v['deff']:g}, ratio n2/n1 {v['ratio']:g}",
            f"net n group 1: {_fmt(n1)} -> plan {result['n_per_group_ceil']}",
            f"net n group 2: {_fmt(n2)} -> plan {result['n_group2_ceil']}",
        ]
    else:
        mde = minimum_detectable_difference(v["n"], **common, method="t")
        result = {
            "method": METHOD,
            **common,
            "n": v["n"],
            "n_group2": v["ratio"] * v["n"],
            "n_effective": v["n"] / v["deff"],
            "n_effective_group2": v["ratio"] * v["n"] / v["deff"],
            "mde": mde,
            "cohens_d": mde / v["sd"],
        }
        lines = [
            f"method: {METHOD}",
            f"net n group 1 {v['n']:g}, group 2 {v['ratio'] * v['n']:g} (effective "
            f"{_fmt(v['n'] / v['deff'])} and {_fmt(v['ratio'] * v['n'] / v['deff'])} with design "
            f"effect {v['deff']:g}), sd {v['sd']:g}, alpha {v['alpha']:g}, "
            f"power {v['power']:g}",
            f"detectable difference: {mde:.3f} scale points (Cohen's d {mde / v['sd']:.3f})",
        ]
        if mde > 4:
            lines.append(
                "note: more than the 4 points a 1-5 scale allows; this n cannot show "
                "a difference in mean judgement"
            )
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        print("\n".join(lines))
    return 0
