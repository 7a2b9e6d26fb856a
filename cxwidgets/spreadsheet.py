"""Tables the course writes for spreadsheets: formula injection escaped, and read back again.

A spreadsheet program opening a CSV file treats a cell that starts with ``=``, ``+``,
``-`` or ``@`` as a formula (and a leading tab or carriage return can hide one), so a
learner's touchpoint named ``=HYPERLINK("http://x","click")`` would become a live link or
worse in whoever opens the download ("CSV injection", OWASP). Following the OWASP
guidance, every text cell the course writes from learner data goes through
:func:`escape_cell`: a text that starts with one of those characters gets a single quote
``'`` in front, which spreadsheets show as text. Numbers are never changed, nor is a text
that is a plain number (``"-4"``, ``"+3.5"``): a spreadsheet reads it as that number, not as
a formula.

The round trip: :func:`cxwidgets.tables.read_table` removes the quote again
(:func:`unescape_cell`), so a file the course wrote uploads back unchanged. To keep this
exact for a text that itself starts with quotes before a formula character (``'=x``), such
a text is escaped too (``''=x``) and :func:`unescape_cell` removes exactly one quote::

    escape_cell("=SUM(A1)")  -> "'=SUM(A1)"      unescape_cell("'=SUM(A1)") -> "=SUM(A1)"
    escape_cell("'=x")       -> "''=x"           unescape_cell("''=x")      -> "'=x"
    escape_cell("-4")        -> "-4"             escape_cell(-4)            -> -4

A quote before a formula character in a learner's own file is read the way Excel reads a
typed ``'=x``: as the text ``=x``.

Use :func:`safe_frame` on a DataFrame before ``to_csv``/``to_excel``, or :func:`to_csv_bytes`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _needs_quote(text: str) -> bool:
    """True when ``text``, after its leading quotes, starts like a formula and is no number."""
    rest = text.lstrip(QUOTE)
    return rest.startswith(FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(rest) is None


def escape_cell(value: Any) -> Any:
    """A cell value made safe to open in a spreadsheet.

    Parameters
    ----------
    value : Any
        A cell. Only ``str`` values are ever changed.

    Returns
    -------
    Any
        ``"'" + value`` for a text starting (after any quotes) with ``=``, ``+``, ``-``,
        ``@``, a tab or a carriage return, unless it is a plain number such as ``"-4"``;
        ``value`` itself otherwise (numbers, missing values, other texts).

    Examples
    --------
    >>> escape_cell('=HYPERLINK("http://x","click")')
    '\\'=HYPERLINK("http://x","click")'
    >>> escape_cell(-3.5), escape_cell("-3.5"), escape_cell("@me")
    (-3.5, '-3.5', "'@me")
    """
    if isinstance(value, str) and _needs_quote(value):
        return QUOTE + value
    return value


def unescape_cell(value: Any) -> Any:
    """The inverse of :func:`escape_cell`: one quote removed from an escaped text.

    ``unescape_cell(escape_cell(x)) == x`` for every ``x``. A text that
    :func:`escape_cell` would not have written (no formula character after its quotes) is
    returned as it is.

    Examples
    --------
    >>> unescape_cell("'=1+1"), unescape_cell("'hello"), unescape_cell("''-x")
    ('=1+1', "'hello", "'-x")
    """
    if isinstance(value, str) and value.startswith(QUOTE) and _needs_quote(value):
        return value[1:]
    return value


def _text_columns(frame: pd.DataFrame) -> list[Any]:
    import pandas as pd

    return [
        column
        for column in frame.columns
        if pd.api.types.is_object_dtype(frame[column]) or pd.api.types.is_string_dtype(frame[column])
    ]


def _map_frame(frame: pd.DataFrame, function: Any) -> pd.DataFrame:
    result = frame.copy()
    for column in _text_columns(result):
        result[column] = result[column].map(function, na_action="ignore")
    result.columns = [function(column) for column in result.columns]
    result.attrs = dict(frame.attrs)
    return result


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names went through :func:`escape_cell`.

    Numeric columns (and numbers inside text columns) are unchanged; ``frame`` is not
    modified; ``attrs`` are kept.
    """
    return _map_frame(frame, escape_cell)


def unescape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`unescape_cell` applied to text cells and column names."""
    return _map_frame(frame, unescape_cell)


def to_csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8-sig") -> bytes:
    """``frame`` as CSV bytes for download (escaped with :func:`safe_frame`, no index).

    UTF-8 with BOM by default, which Excel opens with the right characters.
    """
    return safe_frame(frame).to_csv(index=False).encode(encoding)
