"""One shape for the key figures of every report: a header and a flat list of figures.

Each report collects its key numbers as a (possibly nested) dict; :func:`key_figure_document`
turns it into the one shape that ``key_figures.schema.json`` (beside this module) describes::

    {"schema_version": 1, "wave": "2017-Q2", "report": "02_descriptives",
     "target_group": "asielzoekers", "organisation": null, "status": "ok",
     "figures": [{"name": "mean_totaaloordeel.IND.mean", "value": 3.71, "ci_low": 3.55,
                  "ci_high": 3.87, "n": 180, "suppressed": false}, ...]}

The flattening is generic (:func:`flatten_key_figures`): a name is the dotted path of keys (list
positions count from 0); an estimate that has an interval becomes one figure carrying
``ci_low``, ``ci_high`` and ``n``. :func:`read_key_figures` reads a file back as a tidy table.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
KEY_FIGURES_SCHEMA = Path(__file__).with_name("key_figures.schema.json")
STATUSES = ("ok", "stopped")
HEADER_KEYS = ("wave", "target_group", "organisation")  # taken from the figures when given there
FIGURE_FIELDS = ("name", "value", "ci_low", "ci_high", "n", "suppressed")
_INTERVAL = ("ci_low", "ci_high")


def _scalar(value: Any) -> Any:
    """A JSON scalar: numpy numbers as Python numbers, NaN and infinities as None."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _figure(name, value, ci_low=None, ci_high=None, n=None, suppressed=False) -> dict:
    value = _scalar(value)
    return {
        "name": name,
        "value": value,
        "ci_low": _scalar(ci_low),
        "ci_high": _scalar(ci_high),
        "n": _scalar(n),
        "suppressed": bool(suppressed),
    }


def _is_number(value: Any) -> bool:
    value = _scalar(value)
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _interval_keys(d: Mapping, key: str) -> tuple[str, str] | None:
    """The keys of the interval of ``d[key]``: ``key_ci_low``/``key_ci_high``; for a key
    ``<head>_<unit>`` (``share_pct``) ``<head>_ci_low``/``<head>_ci_high``; for a key
    ``<estimate>_<rest>``, ``ci_low_<rest>``/``ci_high_<rest>`` (None when there is none)."""
    heads = [key, key.rsplit("_", 1)[0]] if "_" in key else [key]
    for head in heads:
        if f"{head}_ci_low" in d and f"{head}_ci_high" in d:
            return f"{head}_ci_low", f"{head}_ci_high"
    if "_" in key:
        rest = key.split("_", 1)[1]
        if f"ci_low_{rest}" in d and f"ci_high_{rest}" in d:
            return f"ci_low_{rest}", f"ci_high_{rest}"
    return None


def flatten_key_figures(figures: Any, prefix: str = "") -> list[dict]:
    """A report's nested key figures as a flat list of figures (the ``figures`` of the schema).

    Rules, applied at every level of the nesting:

    - a scalar (number, string, bool, None) is one figure named by its dotted path;
    - a list gives its elements the names ``<name>.0``, ``<name>.1``, ...;
    - in a dict holding ``ci_low`` and ``ci_high``, its first numeric key other than ``n`` is
      the estimate: one figure ``<path>.<key>`` with that interval and the dict's ``n``; the
      dict's other numbers carry the same ``n``;
    - a key ``x`` with siblings ``x_ci_low`` and ``x_ci_high`` (``share_pct`` also with
      ``share_ci_low`` and ``share_ci_high``; ``<estimate>_<rest>`` also with ``ci_low_<rest>``
      and ``ci_high_<rest>``, and then ``n_<rest>`` as its n) is one figure with that interval
      and, failing ``n_<rest>``, the dict's ``n`` (which stays a figure of its own); an
      interval belongs to the first estimate that claims it;
    - an estimate with an interval whose value is None was suppressed (disclosure control), and
      so is every figure of a dict with ``"suppressed": True``.

    Examples
    --------
    >>> figs = flatten_key_figures({"n": 3, "overall": {"COA": {"n": 150, "mean": 3.9,
    ...     "ci_low": 3.7, "ci_high": 4.1}}, "r2": 0.5, "r2_ci_low": 0.4, "r2_ci_high": 0.6,
    ...     "drivers": ["a", "b"]})
    >>> [(f["name"], f["value"], f["ci_low"], f["n"]) for f in figs]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('n', 3, None, None), ('overall.COA.mean', 3.9, 3.7, 150), ('r2', 0.5, 0.4, 3),
     ('drivers.0', 'a', None, None), ('drivers.1', 'b', None, None)]
    """

    def path(key) -> str:
        return f"{prefix}.{key}" if prefix else str(key)

    if isinstance(figures, Mapping):
        return _flatten_dict(figures, prefix, path)
    if isinstance(figures, list | tuple):
        return [f for i, item in enumerate(figures) for f in flatten_key_figures(item, path(i))]
    if hasattr(figures, "tolist") and not hasattr(figures, "item"):
        return flatten_key_figures(figures.tolist(), prefix)
    return [_figure(prefix, figures)]


def _may_be_estimate(key: str, value: Any) -> bool:
    """A numeric key that is not itself an interval bound or a count."""
    bound = key.startswith("ci_") or key.endswith(_INTERVAL) or key == "n" or key.startswith("n_")
    return not bound and _is_number(value)


def _flatten_dict(d: Mapping, prefix: str, path) -> list[dict]:
    d = {str(k): v for k, v in d.items()}
    suppressed_all = d.get("suppressed") is True
    n_here = d.get("n") if _is_number(d.get("n")) else None
    whole = all(k in d for k in _INTERVAL)
    # pass 1: which keys are estimates, and which keys their interval and n use up
    estimates: dict[str, tuple[str, str, str | None]] = {}
    used: set[str] = {"suppressed"} if isinstance(d.get("suppressed"), bool) else set()
    if whole:
        first = next((k for k, v in d.items() if _may_be_estimate(k, v)), None)
        if first is not None:
            estimates[first] = (*_INTERVAL, "n" if "n" in d else None)
            used |= {*_INTERVAL, "n"}
    for key, value in d.items():
        if key in used or key in estimates or not _may_be_estimate(key, value):
            continue
        pair = _interval_keys(d, key)
        if pair and not used & set(pair):  # an interval belongs to one estimate only
            rest_n = f"n_{key.split('_', 1)[1]}" if pair[0].startswith("ci_") else None
            rest_n = rest_n if rest_n in d else ("n" if n_here is not None else None)
            estimates[key] = (*pair, rest_n)
            used |= set(pair) | ({rest_n} if rest_n and rest_n != "n" else set())
    # pass 2: the figures, in the dict's order
    out: list[dict] = []
    for key, value in d.items():
        if key in used:
            continue
        if key in estimates:
            low, high, n_key = estimates[key]
            suppressed = suppressed_all or _scalar(value) is None
            n = d[n_key] if n_key else None
            out.append(_figure(path(key), value, d[low], d[high], n, suppressed))
        elif isinstance(value, Mapping | list | tuple):
            out.extend(flatten_key_figures(value, path(key)))
        else:
            n = n_here if whole and _is_number(value) and key != "n" else None
            out.append(_figure(path(key), value, n=n, suppressed=suppressed_all))
    return out


def key_figure_document(
    figures: Mapping[str, Any],
    report: str | None = None,
    *,
    file_stem: str = "",
    wave: str | None = None,
    target_group: str | None = None,
    organisation: str | None = None,
    status: str = "ok",
) -> dict:
    """The key-figure document of one report run (the shape of ``key_figures.schema.json``).

    ``wave``, ``target_group`` and ``organisation`` default to string values of the same keys
    at the top of ``figures`` (which then leave the figure list); ``report`` (the notebook's
    stem, ``"02_descriptives"``) defaults to ``file_stem`` without a trailing
    ``_<target_group>`` and ``_<organisation>`` (the runner's file names are
    ``02_descriptives_asielzoekers.json``, ``03_impact_analysis_asielzoekers_IND.json``).

    Examples
    --------
    >>> doc = key_figure_document({"wave": "2017-Q2", "target_group": "asielzoekers", "n": 3},
    ...                           file_stem="02_descriptives_asielzoekers")
    >>> doc["wave"], doc["report"], doc["status"], [f["name"] for f in doc["figures"]]
    ('2017-Q2', '02_descriptives', 'ok', ['n'])
    """
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    given = {"wave": wave, "target_group": target_group, "organisation": organisation}
    rest = dict(figures)
    for key in HEADER_KEYS:
        if given[key] is None and isinstance(rest.get(key), str):
            given[key] = rest.pop(key)
        elif given[key] is not None and rest.get(key) == given[key]:
            rest.pop(key)
    if not report:
        report = file_stem
        for key in ("organisation", "target_group"):
            if given[key]:
                report = report.removesuffix(f"_{given[key]}")
    if not report:
        raise ValueError("a key-figure document needs the report's name")
    return {
        "schema_version": SCHEMA_VERSION,
        "wave": given["wave"],
        "report": str(report),
        "target_group": given["target_group"],
        "organisation": given["organisation"],
        "status": status,
        "figures": flatten_key_figures(rest),
    }


def load_schema() -> dict:
    """The JSON Schema of a key-figure file (``key_figures.schema.json``)."""
    return json.loads(KEY_FIGURES_SCHEMA.read_text(encoding="utf-8"))


def load_key_figures(path: str | Path) -> dict:
    """A key-figure file as the parsed document (a dict), without pandas: for light readers
    such as the batch's index page. Not a key-figure document: :class:`InputError`."""
    from helpers.errors import InputError

    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read key figures: {exc}", file=path) from exc
    if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION:
        raise InputError(
            f"not a key-figure file of schema version {SCHEMA_VERSION} (no schema_version)",
            file=path,
        )
    return doc


def read_key_figures(path: str | Path):
    """A key-figure file as a tidy table: one row per figure, the header repeated per row.

    Columns: ``wave``, ``report``, ``target_group``, ``organisation``, ``status``, then
    ``name``, ``value``, ``ci_low``, ``ci_high``, ``n``, ``suppressed``. A file that is not a
    key-figure document raises :class:`helpers.errors.InputError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from helpers.io import write_json
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kf.json"
    >>> _ = write_json(key_figure_document({"wave": "2017-Q2", "n": 3}, "02_descriptives"), p)
    >>> read_key_figures(p)[["wave", "report", "name", "value"]]
          wave           report name value
    0  2017-Q2  02_descriptives    n     3
    """
    import pandas as pd

    doc = load_key_figures(path)
    header = {k: doc.get(k) for k in ("wave", "report", "target_group", "organisation", "status")}
    rows = [{**header, **{k: f.get(k) for k in FIGURE_FIELDS}} for f in doc.get("figures", [])]
    frame = pd.DataFrame(rows, columns=[*header, *FIGURE_FIELDS])
    frame["value"] = frame["value"].astype(object)
    return frame


def figure_values(doc: Mapping) -> dict[str, Any]:
    """``{name: value}`` of a key-figure document (:func:`load_key_figures`), without pandas.

    >>> figure_values({"figures": [{"name": "n", "value": 3}]})
    {'n': 3}
    """
    return {f["name"]: f["value"] for f in doc.get("figures", [])}
