"""One number format per kind, the same on every page."""

from __future__ import annotations

import math

import pytest

from cxwidgets import fmt


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (fmt.number, 3.14159, "3.14"),
        (fmt.number, None, "–"),
        (fmt.signed, 1, "+1.0"),
        (fmt.signed, -0.04, "0.0"),
        (fmt.signed, -2.5, "-2.5"),
        (fmt.percent, 0.2, "20%"),
        (fmt.percent, 0.495, "50%"),
        (fmt.p_value, 0.0004, "<0.001"),
        (fmt.p_value, 0.0123, "0.012"),
        (fmt.p_value, math.nan, "–"),
        (fmt.integer, 12345.4, "12,345"),
        (fmt.plain, 12.0, "12"),
        (fmt.plain, 12.5, "12.5"),
    ],
)
def test_formats(function, value, expected):
    assert function(value) == expected
