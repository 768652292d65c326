"""The one Dutch number formatter (helpers.notation)."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers.notation import NO_VALUE_MARK, format_number
from helpers.privacy import SUPPRESSED_MARK
from helpers.privacy import format_number as privacy_format_number
from helpers.report import decimal_comma
from helpers.report._display import format_cells
from helpers.report._style import percent_nl


@pytest.mark.parametrize(
    ("value", "decimals", "kwargs", "expected"),
    [
        (4.25, 1, {}, "4,2"),  # half to even, as Python formats
        (1234.5, 1, {}, "1.234,5"),
        (1234567, 0, {}, "1.234.567"),
        (1234.5, 1, {"thousands": False}, "1234,5"),
        (-0.04, 1, {}, "0,0"),  # no "-0,0"
        (-1.25, 2, {}, "-1,25"),
        (0.5, 2, {"trim": True}, "0,5"),
        (1.0, 2, {"trim": True}, "1"),
        (10, 0, {"trim": True}, "10"),  # trim never eats the zeros of an integer
        (np.float64(3.14159), 3, {}, "3,142"),
        (np.int64(1500), 0, {}, "1.500"),
        (float("nan"), 1, {}, ""),
        (None, 1, {}, ""),
        (pd.NA, 1, {}, ""),
        ("n.v.t.", 1, {}, "n.v.t."),
    ],
)
def test_format_number(value, decimals, kwargs, expected):
    assert format_number(value, decimals, **kwargs) == expected


def test_every_route_writes_the_same_number():
    """Tables (privacy), chart text (report) and shown cells all go through one formatter."""
    assert privacy_format_number is format_number
    for value in (0.0, -0.04, 2.675, 12.5, 999.95, 1234.5678):
        table = format_cells(pd.DataFrame({"x": [value]}), decimals=2).iloc[0, 0]
        assert table == format_number(value, 2)
        assert decimal_comma(value, 2) == format_number(value, 2, thousands=False)


def test_one_mark_for_a_value_the_reader_does_not_get():
    """Unknown, not computable and suppressed look the same to a reader: one en dash."""
    assert NO_VALUE_MARK == SUPPRESSED_MARK == "–"
    cells = format_cells(pd.DataFrame({"x": [math.inf, np.nan], "y": [None, "a"]}))
    assert cells["x"].tolist() == [NO_VALUE_MARK] * 2 and cells.loc[0, "y"] == NO_VALUE_MARK
    assert percent_nl(float("nan")) == NO_VALUE_MARK


def test_cells_take_their_decimals_per_column():
    # the cleaning report's weighting table: a design effect to 3 decimals, an effective n to 1
    table = pd.DataFrame({"deff": [1.0394], "n_eff": [188.6], "n": [196]})
    cells = format_cells(table, {"deff": 3, "n_eff": 1})
    assert cells.iloc[0].tolist() == ["1,039", "188,6", "196"]
    assert format_cells(table, 2).iloc[0].tolist() == ["1,04", "188,60", "196"]
