"""Reading the tables learners upload: CSV/TXT in any common Chinese encoding, or Excel.

Every problem becomes a :class:`~cxwidgets.errors.CXError` that says what is
wrong and how to fix it; nothing here touches data already loaded.

How a text file is read:

- **Encoding.** UTF-8 (with or without BOM) is the fast path. A UTF-16/UTF-32 BOM
  (Excel's and WPS's "Unicode text" export) is honoured. Other bytes are Chinese
  legacy encodings: GB18030 (a superset of GBK and GB2312) or Big5. Every Big5 file
  also decodes as GB18030 (into the wrong characters), so when both decode the one
  whose characters are the common ones of its own standard wins (see
  :func:`_common_share`); on short Chinese text this is more reliable than a
  general-purpose detector. charset-normalizer handles the rest: UTF-16 without a
  BOM and the occasional non-Chinese legacy encoding.
- **Delimiter.** Comma, semicolon, tab or pipe, sniffed on the first lines with
  :class:`csv.Sniffer`; a file whose header has no delimiter is one column.
- **Rows.** A row with more (non-empty) cells than the header is refused, naming the
  spreadsheet rows, instead of shifting its values into other columns.

What was detected is kept in ``frame.attrs["cx_read"]``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .errors import CXError

if TYPE_CHECKING:
    import pandas as pd

MAX_BYTES = 5 * 1024 * 1024
#: Legacy Chinese encodings tried when a file is not UTF-8 (Big5 in two flavours).
CHINESE_ENCODINGS: tuple[str, ...] = ("gb18030", "big5", "cp950")
#: Delimiters a CSV/TXT file may use; the first is the default.
DELIMITERS = ",;\t|"
_SNIFF_LINES = 50
_SNIFF_CHARS = 64 * 1024
_SHARE_SAMPLE = 4000
_NUL_WINDOW = 4096
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_WIDE_ENCODINGS = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
_TEXT_CONTROLS = frozenset("\t\n\r\x0b\x0c")
_NOT_TEXT = frozenset({"Cc", "Cn", "Co", "Cs"})


# ---------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------


def _looks_like_text(text: str) -> bool:
    """False when ``text`` holds control, unassigned, private-use or surrogate characters.

    Used on text decoded from a guess (a BOM, a detector), where garbage decodes without
    error: bytes that are not text become such characters.
    """
    sample = text[: 16 * _SHARE_SAMPLE]
    return not any(
        unicodedata.category(char) in _NOT_TEXT and char not in _TEXT_CONTROLS for char in sample
    )


def _strict(content: bytes, encoding: str) -> str | None:
    """``content`` decoded with ``encoding``, or None when it does not decode."""
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        return None


def _common_share(text: str, encoding: str) -> float:
    """Share of the non-ASCII characters of ``text`` that are everyday ones of ``encoding``.

    For GB18030 these are GB2312's full-width punctuation and its 6763 hanzi (rows
    0xA1-0xA3 and 0xB0-0xF7); for Big5 its punctuation and the 5401 frequently used
    hanzi (0xA140-0xA3BF and 0xA440-0xC67E). Text decoded with the wrong one of the two
    lands mostly on rare characters, so the right encoding has the larger share.
    """
    hits = total = 0
    for char in itertools.islice((c for c in text if not c.isascii()), _SHARE_SAMPLE):
        total += 1
        encoded = char.encode(encoding, errors="ignore")
        if len(encoded) != 2:
            continue
        lead, trail = encoded
        if encoding == "gb18030":
            hits += (0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xF7) and 0xA1 <= trail <= 0xFE
        else:
            code = lead << 8 | trail
            hits += 0xA140 <= code <= 0xA3BF or 0xA440 <= code <= 0xC67E
    return hits / total if total else 0.0


def _chinese(content: bytes) -> tuple[str, str] | None:
    """Decode legacy Chinese bytes as GB18030 or Big5, whichever fits (GB18030 on a tie)."""
    gb = _strict(content, "gb18030")
    big5: tuple[str, str] | None = None
    for encoding in CHINESE_ENCODINGS[1:]:
        text = _strict(content, encoding)
        if text is not None:
            big5 = (text, encoding)
            break
    if big5 is None:
        return None if gb is None else (gb, "gb18030")
    if gb is not None and _common_share(gb, "gb18030") >= _common_share(*big5):
        return gb, "gb18030"
    return big5


def _detected(content: bytes, isolation: list[str] | None = None) -> tuple[str, str] | None:
    """charset-normalizer's best guess, when it decodes into plausible text."""
    from charset_normalizer import from_bytes

    best = from_bytes(content, cp_isolation=isolation).best()
    if best is None:
        return None
    encoding = codecs.lookup(best.encoding).name
    text = _strict(content, encoding)
    return (text, encoding) if text is not None and _looks_like_text(text) else None


def _with_bom(content: bytes) -> tuple[str, str] | None:
    """Text of a file starting with a UTF-16/32 BOM; CXError when the rest is not text."""
    if content.startswith(_UTF32_BOMS):
        candidates = ("utf-32", "utf-16")
    elif content.startswith(_UTF16_BOMS):
        candidates = ("utf-16",)
    else:
        return None
    for encoding in candidates:
        text = _strict(content, encoding)
        if text is not None and _looks_like_text(text):
            return text, encoding
    raise CXError("common.error.encoding")


def detect_text(content: bytes) -> tuple[str, str]:
    """Decode the bytes of a CSV/TXT file and name the encoding used.

    Parameters
    ----------
    content : bytes
        The file's bytes.

    Returns
    -------
    tuple of (str, str)
        The text (without BOM) and the Python codec name used: ``"utf-8"``,
        ``"utf-8-sig"``, ``"utf-16"``, ``"gb18030"``, ``"big5"``, ...

    Raises
    ------
    CXError
        ``common.error.not_a_table`` for binary data, ``common.error.encoding`` for
        text in no encoding recognised.
    """
    if content.startswith(codecs.BOM_UTF8):
        text = _strict(content, "utf-8-sig")
        if text is None:
            raise CXError("common.error.encoding")
        return text, "utf-8-sig"
    wide = _with_bom(content)
    if wide is not None:
        return wide
    if b"\x00" in content[:_NUL_WINDOW]:
        wide = _detected(content, _WIDE_ENCODINGS)
        if wide is None:
            raise CXError("common.error.not_a_table")
        return wide
    text = _strict(content, "utf-8")
    if text is not None:
        return text, "utf-8"
    found = _chinese(content) or _detected(content)
    if found is None:
        raise CXError("common.error.encoding")
    return found


def decode_text(content: bytes) -> str:
    """Decode CSV bytes (see :func:`detect_text`, which also names the encoding).

    Raises
    ------
    CXError
        When the bytes are not text in a recognised encoding (e.g. a binary file).
    """
    return detect_text(content)[0]


# ---------------------------------------------------------------------------
# Delimiter and rows
# ---------------------------------------------------------------------------


def _lines(text: str) -> io.StringIO:
    """``text`` as a stream with universal newlines (``\\r``, ``\\n`` and ``\\r\\n`` end a line)."""
    return io.StringIO(text, newline=None)


def _is_blank(record: Sequence[str]) -> bool:
    """A record pandas skips as a blank line (empty, or only spaces)."""
    return not record or (len(record) == 1 and not record[0].strip())


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV/TXT text: one of :data:`DELIMITERS`.

    :class:`csv.Sniffer` looks at the first lines (header and data, not the header
    alone, so a header ``revenue`` does not split on ``e``). A file whose header has
    no delimiter, or where none is found, is read as one comma-separated column.
    """
    sample = "".join(itertools.islice(_lines(text), _SNIFF_LINES))[:_SNIFF_CHARS]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
        header = next(
            (r for r in csv.reader(_lines(sample), delimiter=delimiter) if not _is_blank(r)),
            [],
        )
    except csv.Error:
        return DELIMITERS[0]
    return delimiter if len(header) > 1 else DELIMITERS[0]


def _header_width(text: str, delimiter: str) -> int:
    """Number of header cells; CXError naming the rows that have more non-empty cells.

    Empty cells after the last header column (a trailing delimiter) are harmless and
    allowed. Row numbers are those a spreadsheet shows (header = row 1).
    """
    reader = csv.reader(_lines(text), delimiter=delimiter, skipinitialspace=True)
    width = 0
    longer: list[int] = []
    try:
        for row, record in enumerate(reader, start=1):
            if not width:
                width = 0 if _is_blank(record) else len(record)
            elif len(record) > width and any(cell.strip() for cell in record[width:]):
                longer.append(row)
    except csv.Error as exc:
        raise CXError("common.error.csv_row", row=reader.line_num) from exc
    if longer:
        raise CXError(
            "common.error.extra_cells",
            rows=rows_text(row - 2 for row in longer),
            columns=width,
        )
    return width


def _read_text(data: bytes) -> pd.DataFrame:
    """Parse CSV/TXT bytes; ``attrs["cx_read"]`` tells the encoding and delimiter."""
    import pandas as pd

    text, encoding = detect_text(data)
    delimiter = sniff_delimiter(text)
    width = _header_width(text, delimiter)
    if not width:
        raise CXError("common.error.empty_file")
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            skipinitialspace=True,
            index_col=False,
            usecols=range(width),
        )
    except pd.errors.EmptyDataError as exc:
        raise CXError("common.error.empty_file") from exc
    except (pd.errors.ParserError, UnicodeError, ValueError, TypeError) as exc:
        raise CXError("common.error.not_a_table") from exc
    frame.attrs["cx_read"] = {"format": "csv", "encoding": encoding, "delimiter": delimiter}
    return frame


def _read_excel(data: bytes) -> pd.DataFrame:
    """Parse .xlsx bytes (first sheet)."""
    import pandas as pd

    try:
        frame = pd.read_excel(io.BytesIO(data), engine="openpyxl", dtype=object)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise CXError("common.error.bad_excel") from exc
    frame.attrs["cx_read"] = {"format": "xlsx", "encoding": None, "delimiter": None}
    return frame


def read_table(content: bytes | memoryview, filename: str, max_bytes: int = MAX_BYTES):
    """Parse an uploaded file into a DataFrame.

    Parameters
    ----------
    content : bytes
        The file's bytes.
    filename : str
        Its name; ``.xlsx`` is read with openpyxl, anything else as CSV/TXT
        (comma, semicolon, tab or pipe separated, detected; see the module docstring).
    max_bytes : int
        Larger files are refused.

    Returns
    -------
    pandas.DataFrame
        Column names stripped of spaces; cells as read (text for CSV, no type
        coercion). ``frame.attrs["cx_read"]`` is ``{"format": "csv" | "xlsx",
        "encoding": <Python codec name> | None, "delimiter": <character> | None}``.

    Raises
    ------
    CXError
        Too big, empty, not a table, unknown encoding, broken or old Excel file,
        rows with more cells than the header, or no data rows.
    """
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
        frame = _read_excel(data)
    else:
        frame = _read_text(data)
    detected = frame.attrs["cx_read"]
    frame = frame.dropna(how="all")
    frame.columns = [str(column).strip() for column in frame.columns]
    if frame.empty:
        raise CXError("common.error.no_rows")
    frame.attrs["cx_read"] = dict(detected)
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
