"""Numbers in Dutch notation: the one formatter behind every number a reader sees.

Decimal comma, ``.`` between thousands, no ``-0``; a missing value gives an empty string (tables
and texts show :data:`NO_VALUE_MARK` for it). Tables, sentences and chart labels all call
:func:`format_number`, so one figure is written the same way everywhere. Pure Python, so the
batch index and the chart modules can use it without importing pandas.
"""

from __future__ import annotations

import math
import sys

__all__ = ["NO_VALUE_MARK", "format_number"]

#: The one mark of a value the reader does not get: unknown, not computable or suppressed by
#: disclosure control (an en dash; :data:`helpers.privacy.SUPPRESSED_MARK` is this mark).
NO_VALUE_MARK = "–"


def format_number(x, decimals: int = 1, *, thousands: bool = True, trim: bool = False) -> str:
    """A number in Dutch notation.

    Parameters
    ----------
    x : float, int or None
        The number; ``None``, ``pandas.NA`` or NaN give ``""``. Anything that is not a number
        is returned as text.
    decimals : int, default 1
        Digits after the comma (the value is rounded half to even, as Python formats).
    thousands : bool, default True
        Put ``.`` between thousands (``1.234,5``); charts leave it out.
    trim : bool, default False
        Drop trailing zeros after the comma and then a bare comma: ``0,50`` -> ``0,5``.

    Examples
    --------
    >>> format_number(4.25, 1), format_number(1234.5, 1), format_number(-0.04, 1)
    ('4,2', '1.234,5', '0,0')
    >>> import pandas as pd
    >>> format_number(float("nan")), format_number(12, 0), format_number(pd.NA)
    ('', '12', '')
    >>> format_number(1234.5, 1, thousands=False), format_number(0.5, 2, trim=True)
    ('1234,5', '0,5')
    >>> format_number(1.0, 2, trim=True), format_number(10, 0, trim=True)
    ('1', '10')
    """
    pandas = sys.modules.get("pandas")  # a pandas.NA exists only once pandas is imported
    if x is None or (pandas is not None and x is pandas.NA):
        return ""
    try:
        value = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(value):
        return ""
    value = round(value, decimals)
    if value == 0:
        value = 0.0  # no "-0,0"
    text = f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"
    if trim and decimals > 0:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
