"""Impact (key driver) analysis: relative importance of drivers for an outcome, from a CSV file.

Reads DATA.csv (separator ';' or ',' detected; decimal commas accepted), regresses --outcome on
--drivers (weighted with --weights if given) and prints, per driver, the importance by each
--method: lmg (LMG/Shapley share of R²), rw (Johnson's relative weights), beta (standardised
coefficient), corr (zero-order correlation), pratt (beta x corr), with <method>_share_pct and, with
--bootstrap B, percentile intervals <method>_ci_low/<method>_ci_high.

Example:
  python -m helpers impact data.csv --outcome totaaloordeel --drivers uitleg,bejegening,wachttijd \\
      --weights weight --method all --bootstrap 1000 --seed 1
"""

from __future__ import annotations

import argparse

from helpers.commands._table import add_format_argument, add_table_argument, add_weights_argument

HELP = "relative importance of drivers for an outcome (LMG, relative weights, beta, corr, Pratt)"


def configure(parser: argparse.ArgumentParser) -> None:
    add_table_argument(parser)
    parser.add_argument("--outcome", required=True, metavar="COL", help="outcome column")
    parser.add_argument(
        "--drivers", required=True, metavar="A,B,C", help="driver columns, comma-separated"
    )
    add_weights_argument(parser)
    parser.add_argument(
        "--method",
        default="lmg",
        metavar="M",
        help="lmg|rw|beta|corr|pratt|all, or a comma-separated list (default lmg)",
    )
    parser.add_argument(
        "--bootstrap",
        default="0",
        metavar="B",
        help="number of bootstrap samples for intervals (default 0: none)",
    )
    parser.add_argument("--seed", default="1", metavar="S", help="random seed (default 1)")
    parser.add_argument(
        "--level",
        default="0.95",
        metavar="L",
        help="confidence level of the bootstrap intervals (default 0.95)",
    )
    add_format_argument(parser)
    parser.add_argument(
        "--missing",
        default="listwise",
        metavar="{listwise,pairwise,impute}",
        help="missing-data strategy (default listwise)",
    )


def _int(value: str, name: str, minimum: int) -> int:
    from helpers.errors import InputError

    try:
        out = int(value)
    except ValueError:
        raise InputError(f"--{name} must be an integer, not {value!r}") from None
    if out < minimum:
        raise InputError(f"--{name} must be at least {minimum}, not {out}")
    return out


def main(args: argparse.Namespace) -> int:
    import functools
    import sys
    import warnings

    from helpers.commands._table import output_format, read_table, write_json
    from helpers.errors import InputError
    from helpers.stats import (
        MISSING_STRATEGIES,
        ImpactWarning,
        bootstrap_importance,
        parse_methods,
        relative_importance,
    )

    fmt = output_format(args)
    missing = args.missing.strip().lower()
    if missing not in MISSING_STRATEGIES:
        raise InputError(
            f"unknown missing-data strategy {args.missing!r}; choose listwise, pairwise or impute"
        )
    methods = parse_methods(args.method)
    B = _int(args.bootstrap, "bootstrap", 0)
    seed = _int(args.seed, "seed", 0)
    try:
        level = float(args.level)
    except ValueError:
        raise InputError(f"--level must be a number, not {args.level!r}") from None
    if not 0 < level < 1:
        raise InputError(f"--level must lie strictly between 0 and 1, not {level}")
    drivers = [d.strip() for d in args.drivers.split(",") if d.strip()]

    data = read_table(args.data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ImpactWarning)
        try:
            if B > 0:
                estimate = functools.partial(bootstrap_importance, B=B, level=level)
            else:
                estimate = relative_importance
            result = estimate(
                data,
                args.outcome,
                drivers,
                args.weights,
                methods=methods,
                missing=missing,
                seed=seed,
            )
        except InputError as exc:
            raise InputError(exc.message, file=args.data) from None
    for w in caught:
        if issubclass(w.category, ImpactWarning):
            print(f"warning: {w.message}", file=sys.stderr)

    out = result.to_dict()
    if fmt == "json":
        write_json(out)
    else:
        import pandas as pd

        pd.DataFrame(out["drivers"]).to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0
