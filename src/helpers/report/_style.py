"""The one visual language of the reports: how numbers, waves, intervals and percentages are
written, and which colour each organisation and each end of a diverging scale has.

Every chart and every generated sentence takes these from here, so a reader meets one
convention in every report:

- numbers with a decimal comma (``3,7``);
- a wave as ``"2017 K2"`` (year, then K and the quarter) in headings, tables and chart ticks;
- an interval as ``"95%-BI 3,5-3,9"`` (BI: betrouwbaarheidsinterval);
- a percentage as ``"42%"`` (no space, as in "95%-BI");
- a fixed colour per organisation (Okabe & Ito 2008, colour-blind safe): IND blue, COA green,
  DT&V vermillion, the Kleine Keten as a whole reddish purple;
- diverging scales always run from negative (left, red) to positive (right, blue): ColorBrewer
  RdBu (Brewer 2003, marked colour-blind safe).

The module imports nothing from matplotlib (``Axis.set_major_formatter`` wraps a plain function in
a ``FuncFormatter`` itself), so importing it costs nothing.

References
----------
Okabe, M. & Ito, K. (2008). Color universal design (CUD): how to make figures and presentations
that are friendly to colorblind people. jfly.uni-koeln.de/color.
Brewer, C. A. (2003). ColorBrewer. www.ColorBrewer.org.
"""

from __future__ import annotations

import math
import re
from typing import Any

from helpers.notation import NO_VALUE_MARK, format_number

__all__ = [
    "DIVERGING_5",
    "ORGANISATION_COLOURS",
    "comma_ticks",
    "decimal_comma",
    "interval_nl",
    "organisation_colour",
    "percent_nl",
    "wave_label",
]

#: Fixed colour per organisation code (Okabe-Ito): the same in every chart of every report.
ORGANISATION_COLOURS: dict[str, str] = {
    "IND": "#0072B2",
    "COA": "#009E73",
    "DTV": "#D55E00",
    "keten": "#CC79A7",
}
#: Diverging 5-point scale, most negative first (ColorBrewer RdBu, reversed so red is negative).
#: Charts put the negative end left (or at the bottom) and the positive end right (or on top).
DIVERGING_5: tuple[str, ...] = ("#ca0020", "#f4a582", "#d9d9d9", "#92c5de", "#0571b0")
_WAVE = re.compile(r"^(\d{4})-Q([1-4])$")


def organisation_colour(organisation: str, default: str = "#444444") -> str:
    """The fixed colour of an organisation code, ``default`` for anything else.

    Examples
    --------
    >>> organisation_colour("COA"), organisation_colour("Overig")
    ('#009E73', '#444444')
    """
    return ORGANISATION_COLOURS.get(str(organisation), default)


def wave_label(wave: str) -> str:
    """A wave as readers see it everywhere: ``"2017-Q2"`` -> ``"2017 K2"``.

    Anything that is not a wave id of the form ``YYYY-Qn`` is returned unchanged.

    Examples
    --------
    >>> wave_label("2017-Q2"), wave_label("alle-golven")
    ('2017 K2', 'alle-golven')
    """
    match = _WAVE.match(str(wave))
    return f"{match.group(1)} K{match.group(2)}" if match else str(wave)


def decimal_comma(x: float, decimals: int = 1, *, trim: bool = False) -> str:
    """A number with a decimal comma and no thousands mark, as chart text shows it
    (:func:`helpers.notation.format_number`).

    Parameters
    ----------
    x : float
        The number (NaN gives ``""``).
    decimals : int, default 1
        Digits after the comma.
    trim : bool, default False
        Drop trailing zeros and then a bare comma (for ``decimals >= 1``): 0.50 -> ``0,5``,
        1.00 -> ``1``.

    Returns
    -------
    str

    Examples
    --------
    >>> decimal_comma(3.456, 2), decimal_comma(0.5, 2), decimal_comma(12.0, 0)
    ('3,46', '0,50', '12')
    >>> decimal_comma(0.5, 2, trim=True), decimal_comma(1.0, 2, trim=True)
    ('0,5', '1')
    """
    return format_number(x, decimals, thousands=False, trim=trim)


def percent_nl(x: float, decimals: int = 0) -> str:
    """A percentage (already in percent, 0-100) as ``"42%"``; ``"–"`` when unknown.

    Examples
    --------
    >>> percent_nl(42.4), percent_nl(7.25, 1), percent_nl(float("nan"))
    ('42%', '7,2%', '–')
    """
    if x is None or not math.isfinite(float(x)):
        return NO_VALUE_MARK
    return f"{decimal_comma(float(x), decimals)}%"


def interval_nl(low: float, high: float, decimals: int = 1, *, percent: bool = False) -> str:
    """A 95% confidence interval as ``"95%-BI 3,5-3,9"`` (``"95%-BI 40-52%"`` for percentages);
    empty when a bound is unknown.

    Examples
    --------
    >>> interval_nl(3.46, 3.91), interval_nl(40.2, 51.8, 0, percent=True)
    ('95%-BI 3,5-3,9', '95%-BI 40-52%')
    >>> interval_nl(float("nan"), 2.0)
    ''
    """
    if (
        low is None
        or high is None
        or not (math.isfinite(float(low)) and math.isfinite(float(high)))
    ):
        return ""
    unit = "%" if percent else ""
    return (
        f"95%-BI {decimal_comma(float(low), decimals)}-{decimal_comma(float(high), decimals)}{unit}"
    )


def comma_ticks(axis: Any, decimals: int, *, trim: bool = False) -> None:
    """Write the major tick labels of a matplotlib axis (``ax.xaxis``, ``ax.yaxis``) with
    :func:`decimal_comma`.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> comma_ticks(ax.yaxis, 2)
    >>> ax.yaxis.get_major_formatter()(0.5, 0)
    '0,50'
    """
    axis.set_major_formatter(lambda value, _pos: decimal_comma(value, decimals, trim=trim))
