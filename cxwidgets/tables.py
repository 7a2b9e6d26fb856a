"""Reading the tables learners upload: CSV in any common Chinese encoding, or Excel.

Every problem becomes a :class:`~cxwidgets.errors.CXError` that says what is
wrong and how to fix it; nothing here touches data already loaded.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .errors import CXError

if TYPE_CHECKING:
    import pandas as pd

MAX_BYTES = 5 * 1024 * 1024
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


def decode_text(content: bytes) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), then GBK/GB18030.

    Raises
    ------
    CXError
        When the bytes are neither (e.g. a binary file).
    """
    if b"\x00" in content[:4096]:
        raise CXError("common.error.not_a_table")
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CXError("common.error.encoding")


def read_table(content: bytes | memoryview, filename: str, max_bytes: int = MAX_BYTES):
    """Parse an uploaded file into a DataFrame.

    Parameters
    ----------
    content : bytes
        The file's bytes.
    filename : str
        Its name; ``.xlsx`` is read with openpyxl, anything else as CSV
        (comma, semicolon or tab separated, detected).
    max_bytes : int
        Larger files are refused.

    Returns
    -------
    pandas.DataFrame
        Column names stripped of spaces; cells as read (no type coercion).
    """
    import pandas as pd

    data = bytes(content)
    if len(data) > max_bytes:
        raise CXError(
            "common.error.too_big",
            size=f"{len(data) / 1048576:.1f}",
            limit=f"{max_bytes / 1048576:.0f}",
        )
    if not data.strip():
        raise CXError("common.error.empty_file")
    name = (filename or "").lower()
    if data.startswith(_XLS_MAGIC) or name.endswith(".xls"):
        raise CXError("common.error.old_excel")
    if data.startswith(_XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        try:
            frame = pd.read_excel(io.BytesIO(data), engine="openpyxl", dtype=object)
        except Exception as exc:  # openpyxl raises many types for broken files
            raise CXError("common.error.bad_excel") from exc
    else:
        text = decode_text(data)
        try:
            frame = pd.read_csv(
                io.StringIO(text), sep=None, engine="python", dtype=str, skipinitialspace=True
            )
        except pd.errors.EmptyDataError as exc:
            raise CXError("common.error.empty_file") from exc
        except (pd.errors.ParserError, UnicodeError, ValueError, TypeError) as exc:
            raise CXError("common.error.not_a_table") from exc
    frame = frame.dropna(how="all")
    frame.columns = [str(column).strip() for column in frame.columns]
    if frame.empty:
        raise CXError("common.error.no_rows")
    return frame


def require_columns(
    frame: pd.DataFrame, required: Sequence[str], optional: Iterable[str] = ()
) -> pd.DataFrame:
    """Check that ``frame`` has the ``required`` columns (case-insensitive).

    Returns the frame with those columns renamed to their canonical spelling.
    Raises a CXError naming the expected and the found columns otherwise.
    """
    wanted = list(required) + list(optional)
    by_lower = {str(column).strip().lower(): column for column in frame.columns}
    missing = [name for name in required if name.lower() not in by_lower]
    if missing:
        raise CXError(
            "common.error.columns",
            missing=", ".join(missing),
            expected=", ".join(required),
            found=", ".join(map(str, frame.columns)) or "-",
        )
    renames = {by_lower[name.lower()]: name for name in wanted if name.lower() in by_lower}
    return frame.rename(columns=renames)


def rows_text(positions: Iterable[int], limit: int = 8) -> str:
    """Spreadsheet-style row numbers (header = row 1) for a message: ``"3, 7, 12 …"``."""
    numbers = [str(int(position) + 2) for position in positions]
    shown = ", ".join(numbers[:limit])
    return shown + (f" … (+{len(numbers) - limit})" if len(numbers) > limit else "")
