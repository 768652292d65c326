"""Design-based estimate of a mean, a share or an NPS from a CSV file, overall or per group.

Reads DATA.csv (one row per respondent; separator ';' or ',' detected; decimal commas accepted)
and prints, per group of --by (or once for all rows), the number of answers n, the design
effective n n_eff (n / deff), the estimate, its standard error se, the 95% interval ci_low..ci_high,
the design effect deff and the degrees of freedom df. With --by it also prints every pairwise
difference between the groups with its p-value and the Holm-adjusted p_holm.

Measures: mean (scale points); share: % of answers at or above --threshold (0-100); nps: %
promoters (9-10) minus % detractors (0-6), -100..100. Empty cells are missing answers and are
left out. Standard errors by Taylor linearisation with --cluster (e.g. the reception centre) as
primary sampling unit, as R's survey package; intervals: t for means, Korn-Graubard for shares,
adjusted Wald (Rocks 2016) for the NPS.

Examples:
  python -m helpers estimate wave.csv --value totaaloordeel --weights weight --cluster azc
  python -m helpers estimate wave.csv --value totaaloordeel --measure share --threshold 4 \\
      --weights weight --cluster azc --by status --format csv
"""

from __future__ import annotations

import argparse

from helpers.commands._table import add_format_argument, add_table_argument, add_weights_argument

HELP = "design-based mean, share or NPS with standard errors, overall or per group"


def configure(parser: argparse.ArgumentParser) -> None:
    add_table_argument(parser)
    parser.add_argument("--value", required=True, metavar="COL", help="column with the answers")
    parser.add_argument(
        "--measure", default="mean", metavar="{mean,share,nps}", help="what to estimate (mean)"
    )
    parser.add_argument(
        "--threshold",
        default="4",
        metavar="T",
        help="smallest answer that counts for --measure share (default 4)",
    )
    add_weights_argument(parser)
    parser.add_argument(
        "--cluster", metavar="COL", help="cluster column, e.g. the reception centre (default: none)"
    )
    parser.add_argument("--by", metavar="COL", help="estimate per group of this column")
    add_format_argument(parser)


def main(args: argparse.Namespace) -> int:
    import math
    import sys

    import numpy as np

    from helpers.commands._table import output_format, read_table, write_json
    from helpers.errors import InputError
    from helpers.stats import MEASURES, SurveyDesign, numeric_column, survey_estimate

    fmt = output_format(args)
    measure = args.measure.strip().lower()
    if measure not in MEASURES:
        raise InputError(f"unknown measure {args.measure!r}; choose mean, share or nps")
    try:
        threshold = float(args.threshold)
    except ValueError:
        raise InputError(f"--threshold must be a number, not {args.threshold!r}") from None
    if not math.isfinite(threshold):
        raise InputError(f"--threshold must be a finite number, not {args.threshold!r}")

    data = read_table(args.data)
    try:
        if data.empty:
            raise InputError("no rows")
        for option in ("cluster", "by"):
            col = getattr(args, option)
            if col is not None and col not in data.columns:
                raise InputError(f"unknown {option} column {col!r}")
        values = numeric_column(data, args.value, "value")
        if np.isnan(values).all():
            raise InputError(f"value column {args.value!r} has no answers")
        weights = None if args.weights is None else numeric_column(data, args.weights, "weight")
        design = SurveyDesign.from_arrays(
            weights,
            n=len(data),
            cluster=None if args.cluster is None else data[args.cluster].to_numpy(),
        )
        result = survey_estimate(
            values,
            design,
            measure,
            by=None if args.by is None else data[args.by],
            threshold=threshold,
        )
    except InputError as exc:
        raise InputError(exc.message, file=args.data) from None

    table = result.table
    if args.by is not None:
        table = table.rename(columns={args.by: "group"})
    if fmt == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    out = {
        "measure": measure,
        "value": args.value,
        "threshold": threshold if measure == "share" else None,
        "design": {
            "weights": args.weights,
            "cluster": args.cluster,
            "clusters": design.n_psu if args.cluster is not None else None,
            "df": design.df,
        },
        "estimates": _records(table),
    }
    if args.by is not None:
        out["differences"] = _records(result.differences())
    write_json(out)
    return 0


def _records(frame) -> list[dict]:
    """Rows as JSON-ready dicts: numpy scalars as Python numbers, NaN as null."""
    import json

    return json.loads(frame.to_json(orient="records", double_precision=15))
