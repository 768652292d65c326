"""How the chart modules write numbers: Dutch decimal comma in labels, legends and axis ticks.

Shared by the charts of the impact, power and trends reports.
The module imports nothing from matplotlib (``Axis.set_major_formatter`` wraps a plain function in
a ``FuncFormatter`` itself), so importing it costs nothing.
"""

from __future__ import annotations

from typing import Any

__all__ = ["comma_ticks", "decimal_comma"]


def decimal_comma(x: float, decimals: int = 1, *, trim: bool = False) -> str:
    """A number with a decimal comma, as chart text shows it.

    Parameters
    ----------
    x : float
        The number (NaN is written ``nan``).
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
    text = f"{x:.{decimals}f}"
    if trim:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


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
