"""Numbers as the course shows them: one formatter per kind, the same on every page.

Every function takes ``None`` or NaN and returns :data:`MISSING`; none depends on the UI
language (units and words around numbers come from the catalogue).
"""

from __future__ import annotations

import math

#: Shown where a number is missing or undefined.
MISSING = "–"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def number(value: float | None, digits: int = 2) -> str:
    """``3.14159`` -> ``"3.14"`` (fixed decimals)."""
    return MISSING if _missing(value) else f"{float(value):.{digits}f}"  # type: ignore[arg-type]


def signed(value: float | None, digits: int = 1) -> str:
    """A score that can fall either side of zero: ``+1.0``, ``-0.5``, ``0.0``.

    Zero carries no sign (``-0.0`` is shown as ``0.0``).
    """
    if _missing(value):
        return MISSING
    rounded = round(float(value), digits)  # type: ignore[arg-type]
    if rounded == 0:
        return f"{0:.{digits}f}"
    return f"{rounded:+.{digits}f}"


def percent(share: float | None, digits: int = 0) -> str:
    """A share in 0..1 as a percentage: ``0.2`` -> ``"20%"``.

    Round once, here: a sentence and a table built from the same share show the same text.
    """
    return MISSING if _missing(share) else f"{100 * float(share):.{digits}f}%"  # type: ignore[arg-type]


def p_value(p: float | None) -> str:
    """A p-value: three decimals, ``<0.001`` below that (never ``0.000``)."""
    if _missing(p):
        return MISSING
    p = float(p)  # type: ignore[arg-type]
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def integer(value: float | None) -> str:
    """A count or an amount with thousands separators: ``12345`` -> ``"12,345"``."""
    return MISSING if _missing(value) else f"{round(float(value)):,}"  # type: ignore[arg-type]


def plain(value: float | None) -> str:
    """The shortest exact form a learner typed or would type: ``12`` or ``12.5``."""
    if _missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:g}"
