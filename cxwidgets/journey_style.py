"""How lecture 04 shows emotion values: the scale, snapping, number format, colours, label wrapping.

This module is the single source of these rules. Python uses the functions here
(:func:`fmt`, :func:`snap`, :func:`wrap`) and the browser's emotion curve
(``static/emotion_curve.js``) receives the same constants in its ``config`` trait
(:func:`browser_config`) and applies them with its mirror functions ``formatNumber``,
``snapValue`` and ``wrapLabel``; ``tests/unit/test_journey_style.py`` runs those under
Node on the same inputs and compares.

Rules
-----
Number format
    The course's one formatter of signed scores, :func:`cxwidgets.fmt.signed`: one decimal
    (correctly rounded, an exact half to even, as Python's ``round``), ``+`` before positive
    numbers, zero without a sign, ``–`` when missing: ``+4.0``, ``-2.5``, ``-0.1``, ``0.0``.
    Amounts ("lift by 2") are unsigned (:func:`cxwidgets.fmt.number`); the scale's ticks
    have no decimals (``+5``).
Snapping
    Dragged values go to the nearest multiple of :data:`STEP` (a half goes up, as JS
    ``Math.round`` does), clipped to :data:`SCALE_MIN`..:data:`SCALE_MAX`.
Label wrapping
    A CJK character is two units wide, anything else one. Chinese breaks between any two
    characters, other scripts between words; a word longer than a line is cut. At most
    ``lines`` lines; if text is left over, the last line ends with "…".
"""

from __future__ import annotations

import math
import re
from typing import Any

from . import fmt as numbers

SCALE_MIN = -5.0
SCALE_MAX = 5.0
#: Granularity of dragging and of the arrow keys on the emotion curve.
STEP = 0.5

#: Colour of each touchpoint tag (curve labels, journey map, editor cards).
TAG_COLOURS: dict[str, str] = {"pain": "#dc2626", "delight": "#15803d", "itch": "#b45309"}
#: Colours given to new curves, in order.
PALETTE: tuple[str, ...] = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2")
#: The curve before a redesign (grey, dashed) and after it.
BEFORE_COLOUR = "#94a3b8"
AFTER_COLOUR = "#16a34a"
#: The average feeling's dot on the peak-end gauge.
AVERAGE_COLOUR = "#94a3b8"

#: The number format of emotion values (see the module docstring), as the browser needs it.
NUMBER_FORMAT: dict[str, Any] = {
    "decimals": 1,
    "plus": "+",
    "minus": "-",
    "missing": numbers.MISSING,
}

#: Characters counted as CJK (two units wide, a line may break after any of them).
CJK_CHARS = "\u2e80-\u9fff\uff00-\uffef"
#: Characters counted as white space when wrapping (the same set in Python and JS).
SPACE_CHARS = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
#: Label wrapping parameters shared with the browser.
WRAP: dict[str, Any] = {
    "cjk": CJK_CHARS,
    "space": SPACE_CHARS,
    "cjk_units": 2,
    "ellipsis": "\u2026",
    "label_lines": 3,
}

_CJK = re.compile(f"[{CJK_CHARS}]")
_TOKENS = re.compile(f"[{SPACE_CHARS}]+|[{CJK_CHARS}]|[^{SPACE_CHARS}{CJK_CHARS}]+")
_SPACE = re.compile(f"^[{SPACE_CHARS}]+$")
_EDGES = re.compile(f"^[{SPACE_CHARS}]+|[{SPACE_CHARS}]+$")


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def fmt(value: float | None, signed: bool = True, digits: int | None = None) -> str:
    """An emotion value (or, unsigned, an amount) as the course shows it.

    Parameters
    ----------
    value : float or None
        The number; ``None``, NaN and infinities show as the missing mark.
    signed : bool
        A score (``+`` before positive numbers); ``False`` for amounts such as "by 2".
    digits : int, optional
        Decimals (default :data:`NUMBER_FORMAT` ``decimals``; ``0`` for the scale's ticks).

    Returns
    -------
    str

    Examples
    --------
    >>> fmt(4.0), fmt(-2.5), fmt(-0.125), fmt(0.04), fmt(None)
    ('+4.0', '-2.5', '-0.1', '0.0', '–')
    >>> fmt(0.25), fmt(0.75), fmt(2.0, signed=False), fmt(5, digits=0)
    ('+0.2', '+0.8', '2.0', '+5')
    """
    places = int(NUMBER_FORMAT["decimals"]) if digits is None else digits
    if value is None or isinstance(value, bool) or not math.isfinite(float(value)):
        return str(NUMBER_FORMAT["missing"])
    if signed:
        return numbers.signed(float(value), places)
    return numbers.number(float(value), places)


def snap(value: float, step: float = STEP) -> float:
    """The value a drag or an arrow key lands on: the nearest step, clipped to the scale.

    Examples
    --------
    >>> snap(1.26), snap(-0.25), snap(7)
    (1.5, 0.0, 5.0)
    """
    return min(SCALE_MAX, max(SCALE_MIN, math.floor(value / step + 0.5) * step))


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------


def units(text: str) -> int:
    """Width of ``text`` in label units (CJK characters count :data:`WRAP` ``cjk_units``)."""
    return sum(int(WRAP["cjk_units"]) if _CJK.match(ch) else 1 for ch in text)


def _strip(text: str) -> str:
    return _EDGES.sub("", text)


def wrap(text: str, width: int = 12, lines: int = WRAP["label_lines"]) -> list[str]:
    """Split a label into at most ``lines`` lines of at most ``width`` units.

    Parameters
    ----------
    text : str
        The label.
    width : int
        Units per line (a CJK character is two units).
    lines : int
        Maximum number of lines; a cut label ends with "…".

    Returns
    -------
    list of str

    Examples
    --------
    >>> wrap("装维师傅电话临时改约", 8)
    ['装维师傅', '电话临时', '改约']
    >>> wrap("Plan leaflet and price terms", 10, 2)
    ['Plan', 'leafle…']
    """
    out: list[str] = []
    line = ""
    for token in _TOKENS.findall(str(text)):
        if _SPACE.match(token):
            line += " " if line else ""
            continue
        rest = token
        while rest and units(line + rest) > width:
            if _strip(line):
                out.append(_strip(line))
                line = ""
                continue
            piece = ""
            for ch in rest:
                if units(piece + ch) > width:
                    break
                piece += ch
            piece = piece or rest[0]
            out.append(piece)
            rest = rest[len(piece) :]
        line += rest
    if _strip(line):
        out.append(_strip(line))
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, len(out[-1]) - 1)] + str(WRAP["ellipsis"])
    return out


# ---------------------------------------------------------------------------
# Browser
# ---------------------------------------------------------------------------


def browser_config() -> dict[str, Any]:
    """Everything the emotion curve's JS needs to show values as Python does (``config`` trait)."""
    return {
        "min": SCALE_MIN,
        "max": SCALE_MAX,
        "step": STEP,
        "tag_colours": dict(TAG_COLOURS),
        "number": dict(NUMBER_FORMAT),
        "wrap": dict(WRAP),
    }
