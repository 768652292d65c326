"""Public context figures of the IND (``data/raw/context/``), read with their quirks made explicit.

The files are kept exactly as published (see ``data/raw/context/README.md``); these readers do not
hide the quirks, they mark them:

- complaints per month (:func:`read_complaints`): ``;``-separated, blank and ``-`` mean zero, the
  month ``05/23`` becomes the date 2023-05-01; a row whose categories do not add up to its total is
  flagged (``som_klopt`` False: 05/23 sums to 566 against a published total of 516, most likely
  ``bejegening`` 56 for 6), and the definitional break of March 2023 is a column ``definitie``
  (``klagers``, complainants counted, up to 02/23; ``klachten``, complaints counted, from 03/23);
- customer-satisfaction report marks (:func:`read_report_marks`): a year and customer group given
  by two sources (2011: 7.3 in the annual report, 7.4 in the letter to parliament) keeps both rows,
  flagged ``meerdere_bronnen``;
- annual-report KPIs (:func:`read_kpis`): wide years to long rows, blank cells are missing (not 0).

Examples
--------
>>> k = read_complaints()
>>> cols = ["totaal", "som_categorieen", "som_klopt", "definitie"]
>>> k.loc[k["maand"] == "2023-05-01", cols].to_dict("records")
[{'totaal': 516, 'som_categorieen': 566, 'som_klopt': False, 'definitie': 'klachten'}]
>>> k.loc[k["maand"] == "2022-12-01", ["overig", "definitie"]].to_dict("records")
[{'overig': 0, 'definitie': 'klagers'}]
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.errors import InputError
from helpers.paths import context_dir

COMPLAINTS_FILE = "ind-klachten-2022-2023.csv"
MARKS_FILE = "ind-kto-rapportcijfer.csv"
KPIS_FILE = "ind-jaarverslag-2011-kpis.csv"
DEFINITION_BREAK = dt.date(2023, 3, 1)  # from 03/23 the IND counts complaints, before complainants

__all__ = [
    "DEFINITION_BREAK",
    "NON_CATEGORY_COLUMNS",
    "break_month",
    "complaint_categories",
    "likely_typos",
    "load_context",
    "read_complaints",
    "read_kpis",
    "read_report_marks",
]
#: Columns of :func:`read_complaints` that are not complaint categories.
NON_CATEGORY_COLUMNS = (
    "maand",
    "maand_label",
    "totaal",
    "som_categorieen",
    "verschil",
    "som_klopt",
    "definitie",
)


def _read(path: Path, sep: str) -> pd.DataFrame:
    if not path.is_file():
        raise InputError("context file not found", file=path)
    try:
        df = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"cannot read: {exc}", file=path) from None
    df.columns = [c.strip() for c in df.columns]
    return df


def _require(df: pd.DataFrame, cols, path: Path) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(f"missing column(s) {missing} (has {list(df.columns)})", file=path)


_MONTH = re.compile(r"^(\d{1,2})/(\d{2}|\d{4})$")


def _month(text: str, path: Path, row: int) -> pd.Timestamp:
    m = _MONTH.match(text.strip())
    if not m:
        raise InputError(f"row {row}: month {text!r} is not MM/YY", file=path)
    month, year = int(m.group(1)), int(m.group(2))
    year = year + 2000 if year < 100 else year
    if not 1 <= month <= 12:
        raise InputError(f"row {row}: month {text!r} is not MM/YY", file=path)
    return pd.Timestamp(year=year, month=month, day=1)


def _count(text: str, path: Path, row: int, col: str) -> int:
    s = text.strip()
    if s in ("", "-", "\u2013"):
        return 0
    s = s.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+", s) else s
    if not s.isdigit():
        raise InputError(f"row {row}, column {col}: {text!r} is not a count", file=path)
    return int(s)


def read_complaints(path: str | Path | None = None) -> pd.DataFrame:
    """IND complaints per month and category, 08/22-05/23, as a tidy table sorted by month.

    Parameters
    ----------
    path : str or Path, optional
        Default ``data/raw/context/ind-klachten-2022-2023.csv``.

    Returns
    -------
    DataFrame
        ``maand`` (Timestamp, first of the month), ``maand_label`` (as published, ``05/23``), one
        int column per category, ``totaal`` (as published), ``som_categorieen``, ``som_klopt``
        (bool: categories add up to the total), ``verschil`` (sum minus total) and ``definitie``
        (``klagers`` up to 02/23, ``klachten`` from 03/23).

    Notes
    -----
    Blank cells and ``-`` are zero in the published table. The published total is kept as it is;
    whether the total or a category is wrong is a judgement for the analyst (the README notes
    that the text beside the table confirms 516 for 05/23).
    """
    path = Path(path) if path else context_dir() / COMPLAINTS_FILE
    df = _read(path, ";")
    _require(df, ["maand", "totaal"], path)
    categories = [c for c in df.columns if c not in ("maand", "totaal")]
    out = pd.DataFrame(
        {
            "maand": [_month(v, path, i) for i, v in enumerate(df["maand"], start=1)],
            "maand_label": df["maand"].str.strip(),
        }
    )
    for col in categories + ["totaal"]:
        out[col] = [_count(v, path, i, col) for i, v in enumerate(df[col], start=1)]
        out[col] = out[col].astype("int64")
    out["som_categorieen"] = out[categories].sum(axis=1).astype("int64")
    out["verschil"] = (out["som_categorieen"] - out["totaal"]).astype("int64")
    out["som_klopt"] = out["verschil"] == 0
    out["definitie"] = [
        "klachten" if m.date() >= DEFINITION_BREAK else "klagers" for m in out["maand"]
    ]
    return out.sort_values("maand", kind="mergesort").reset_index(drop=True)


def read_report_marks(path: str | Path | None = None) -> pd.DataFrame:
    """IND customer-satisfaction report marks 2009-2013 and the national benchmark.

    Returns
    -------
    DataFrame
        ``jaar`` (int), ``klantgroep``, ``rapportcijfer`` (float, 1-10), ``bron``, and
        ``meerdere_bronnen`` (bool: the same year and group is given by more than one source,
        e.g. 2011: 7.3 in the annual report, 7.4 in the letter to parliament; both rows kept).

    Examples
    --------
    >>> m = read_report_marks()
    >>> m[m["meerdere_bronnen"]]["rapportcijfer"].tolist()
    [7.4, 7.3]
    """
    path = Path(path) if path else context_dir() / MARKS_FILE
    df = _read(path, ",")
    _require(df, ["jaar", "klantgroep", "rapportcijfer", "bron"], path)
    out = pd.DataFrame(
        {
            "jaar": pd.to_numeric(df["jaar"], errors="coerce"),
            "klantgroep": df["klantgroep"].str.strip(),
            "rapportcijfer": pd.to_numeric(
                df["rapportcijfer"].str.replace(",", "."), errors="coerce"
            ),
            "bron": df["bron"].str.strip(),
        }
    )
    bad = out["jaar"].isna() | out["rapportcijfer"].isna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0]) + 1
        raise InputError(f"row {row}: jaar or rapportcijfer is not a number", file=path)
    out["jaar"] = out["jaar"].astype("int64")
    out["meerdere_bronnen"] = out.duplicated(["jaar", "klantgroep"], keep=False)
    return out


def read_kpis(path: str | Path | None = None) -> pd.DataFrame:
    """Service KPIs of the IND annual report 2011 (years 2010 and 2011), long format.

    Returns
    -------
    DataFrame
        ``indicator``, ``jaar`` (int), ``waarde`` (float; NaN where the report gives none),
        ``eenheid`` (``aantal``, ``procent``, ``cijfer_1_10``), sorted by indicator order and year.

    Examples
    --------
    >>> k = read_kpis()
    >>> k[k["indicator"] == "telefoon_bereikbaarheid"][["jaar", "waarde"]].to_dict("records")
    [{'jaar': 2010, 'waarde': 80.0}, {'jaar': 2011, 'waarde': 84.0}]
    """
    path = Path(path) if path else context_dir() / KPIS_FILE
    df = _read(path, ",")
    _require(df, ["indicator", "eenheid"], path)
    years = [c for c in df.columns if re.fullmatch(r"\d{4}", c)]
    if not years:
        raise InputError("no year columns (YYYY)", file=path)
    rows = []
    for order, rec in enumerate(df.to_dict("records")):
        for y in years:
            text = str(rec[y]).strip().replace(",", ".")
            value = pd.to_numeric(text, errors="coerce") if text else float("nan")
            if text and pd.isna(value):
                raise InputError(
                    f"indicator {rec['indicator']!r}, {y}: {rec[y]!r} is not a number", file=path
                )
            rows.append(
                {
                    "indicator": rec["indicator"].strip(),
                    "jaar": int(y),
                    "waarde": float(value),
                    "eenheid": rec["eenheid"].strip(),
                    "_o": order,
                }
            )
    out = pd.DataFrame(rows).sort_values(["_o", "jaar"], kind="mergesort")
    return out.drop(columns="_o").reset_index(drop=True)


def load_context(raw_root: str | Path = "") -> dict[str, pd.DataFrame]:
    """The three context tables, read from ``<raw_root>/context`` (default ``data/raw/context``).

    Returns
    -------
    dict
        ``klachten`` (:func:`read_complaints`), ``rapportcijfers``
        (:func:`read_report_marks`) and ``kpis``
        (:func:`read_kpis`).

    Examples
    --------
    >>> ctx = load_context()
    >>> sorted(ctx), len(ctx["klachten"])
    (['klachten', 'kpis', 'rapportcijfers'], 10)
    """
    folder = context_dir(raw_root or None)
    return {
        "klachten": read_complaints(folder / COMPLAINTS_FILE),
        "rapportcijfers": read_report_marks(folder / MARKS_FILE),
        "kpis": read_kpis(folder / KPIS_FILE),
    }


def complaint_categories(complaints: pd.DataFrame) -> list[str]:
    """The category columns of the complaints table, in file order.

    Examples
    --------
    >>> complaint_categories(read_complaints())[:3]
    ['behandelduur', 'dienstverlening', 'bejegening']
    """
    return [c for c in complaints.columns if c not in NON_CATEGORY_COLUMNS]


def likely_typos(complaints: pd.DataFrame) -> pd.DataFrame:
    """For every month whose categories do not add up to the total: the most likely wrong cell.

    Parameters
    ----------
    complaints : pandas.DataFrame
        Output of :func:`read_complaints`.

    Returns
    -------
    pandas.DataFrame
        One row per flagged month: ``maand_label``, ``totaal``, ``som_categorieen``,
        ``verschil``, ``categorie`` (the likeliest wrong category, or ``""``), ``gepubliceerd``
        and ``vermoedelijk`` (the value that would make the row add up).

    Notes
    -----
    The published total is taken as right (for 05/23 the text beside the table confirms it).
    A category is a candidate when subtracting the difference leaves a non-negative count; the
    likeliest is the one whose published value lies furthest from its median over the other
    months (in log ratio) while the corrected value lies closer to it: a typo makes an outlier.

    Examples
    --------
    >>> likely_typos(read_complaints())[["maand_label", "categorie", "gepubliceerd",
    ...                                 "vermoedelijk"]].to_dict("records")
    [{'maand_label': '05/23', 'categorie': 'bejegening', 'gepubliceerd': 56, 'vermoedelijk': 6}]
    """
    cats = complaint_categories(complaints)
    rows = []
    for i, row in complaints[~complaints["som_klopt"]].iterrows():
        diff = int(row["verschil"])
        others = complaints.drop(index=i)
        best, best_gain = "", 0.0
        for cat in cats:
            published = int(row[cat])
            corrected = published - diff
            median = float(others[cat].median())
            if corrected < 0 or median <= 0 or published <= 0:
                continue
            off_now = abs(np.log(published / median))
            off_then = abs(np.log(max(corrected, 0.5) / median))
            gain = off_now - off_then
            if gain > best_gain:
                best, best_gain = cat, gain
        rows.append(
            {
                "maand_label": row["maand_label"],
                "totaal": int(row["totaal"]),
                "som_categorieen": int(row["som_categorieen"]),
                "verschil": diff,
                "categorie": best,
                "gepubliceerd": int(row[best]) if best else None,
                "vermoedelijk": int(row[best]) - diff if best else None,
            }
        )
    columns = [
        "maand_label",
        "totaal",
        "som_categorieen",
        "verschil",
        "categorie",
        "gepubliceerd",
        "vermoedelijk",
    ]
    return pd.DataFrame(rows, columns=columns)


def break_month(complaints: pd.DataFrame) -> str | None:
    """The first month (``MM/YY``) counted under the new definition, if the series crosses it.

    Examples
    --------
    >>> break_month(read_complaints())
    '03/23'
    """
    defs = complaints["definitie"].tolist()
    for i in range(1, len(defs)):
        if defs[i] != defs[i - 1]:
            return str(complaints["maand_label"].iloc[i])
    return None
