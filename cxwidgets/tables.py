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
- **Header.** The same column name twice is refused, naming it (pandas would quietly
  rename the second one ``name.1``).

How an Excel workbook (.xlsx) is read (with openpyxl, values as Excel last computed them):

- **Sheets.** The first sheet with a header and a data row is read (else the first with
  anything in it); when the workbook has several sheets the upload message names the one
  read (``attrs["cx_read"]["sheet"]`` and ``["sheets"]``).
- **Merged cells** are unmerged: every cell of a merged range gets the range's top-left
  value (a segment typed once for a block of respondents applies to all of them). For the
  header: a first row that is one merged cell across the whole table is a title and is
  skipped; a first row with other horizontal merges is a group header over a second header
  row, and the two are joined, ``"E"`` over ``1`` giving ``"E 1"``, ``"期望"`` over ``1``
  giving ``"期望 1"`` (a column merged down both header rows keeps its one name). This is
  sound because a merged group name alone cannot name several columns; anything else the
  learner still sees in the "missing columns" message, which lists the names read.
- **Formulas.** A formula cell gives the value Excel saved with it. A formula without a
  saved value (a file written by a program that does not compute formulas) is refused,
  naming the cell, instead of reading as blank. A workbook without merged cells is read in
  openpyxl's faster read-only mode; formulas are looked for only when the sheets hold some.

For both formats:

- **Numbers in full-width or other compatibility digits** (``１２３``, ``５``) are read as
  the ASCII number (Unicode NFKC) when the whole cell is a number; other text is left as
  it is.
- **Escaped formulas.** A text cell the course escaped when writing it (a quote before
  ``=``, ``+``, ``-``, ``@``; see :mod:`cxwidgets.spreadsheet`) is read without the quote, so
  a downloaded file uploads back unchanged.
- **Files that are no table** are named: an old Excel ``.xls`` file, a web page saved as
  ``.csv``/``.xls`` (some survey sites export these), a picture, a PDF, a Word or other
  ZIP file.

What was detected is kept in ``frame.attrs["cx_read"]``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import spreadsheet
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
#: Starts of files that are pictures (format name shown in the message).
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_PDF_MAGIC = b"%PDF"
#: Tags a web page (or an HTML "Excel" export) starts with, after spaces and a BOM.
_HTML_STARTS = (b"<!doctype", b"<html", b"<table", b"<head", b"<body", b"<meta", b"<!--")
#: Files of a ZIP container other than an Excel workbook, by a member they hold.
_ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("word/", "Word (.docx)"),
    ("ppt/", "PowerPoint (.pptx)"),
    ("content.xml", "OpenDocument (.ods/.odt)"),
)
#: A whole cell that is a number once NFKC-normalised (ASCII digits only).
_NUMBER = re.compile(r"[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?")
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


def _header(text: str, delimiter: str) -> list[str]:
    """The header cells; CXError naming the rows that have more non-empty cells.

    Empty cells after the last header column (a trailing delimiter) are harmless and
    allowed. Row numbers are those a spreadsheet shows (header = row 1).
    """
    reader = csv.reader(_lines(text), delimiter=delimiter, skipinitialspace=True)
    header: list[str] = []
    longer: list[int] = []
    try:
        for row, record in enumerate(reader, start=1):
            if not header:
                header = [] if _is_blank(record) else list(record)
            elif len(record) > len(header) and any(cell.strip() for cell in record[len(header):]):
                longer.append(row)
    except csv.Error as exc:
        raise CXError("common.error.csv_row", row=reader.line_num) from exc
    if longer:
        raise CXError(
            "common.error.extra_cells",
            rows=rows_text(row - 2 for row in longer),
            columns=len(header),
        )
    return header


def check_unique_header(names: Iterable[Any]) -> None:
    """Refuse a header that names a column twice (blank names aside).

    Compared after stripping spaces and ignoring case, as the exercises read columns.

    Raises
    ------
    CXError
        ``tables.error.duplicate_columns`` with the names, in file order.
    """
    seen: dict[str, str] = {}
    repeated: list[str] = []
    for name in names:
        text = "" if name is None else str(name).strip()
        if not text:
            continue
        folded = text.casefold()
        if folded in seen and seen[folded] not in repeated:
            repeated.append(seen[folded])
        seen.setdefault(folded, text)
    if repeated:
        raise CXError("tables.error.duplicate_columns", columns=", ".join(repeated))


def _read_text(data: bytes) -> pd.DataFrame:
    """Parse CSV/TXT bytes; ``attrs["cx_read"]`` tells the encoding and delimiter."""
    import pandas as pd

    text, encoding = detect_text(data)
    delimiter = sniff_delimiter(text)
    header = _header(text, delimiter)
    if not header:
        raise CXError("common.error.empty_file")
    check_unique_header(spreadsheet.unescape_cell(cell) for cell in header)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            skipinitialspace=True,
            index_col=False,
            usecols=range(len(header)),
        )
    except pd.errors.EmptyDataError as exc:
        raise CXError("common.error.empty_file") from exc
    except (pd.errors.ParserError, UnicodeError, ValueError, TypeError) as exc:
        raise CXError("common.error.not_a_table") from exc
    frame.columns = [spreadsheet.unescape_cell(name) for name in frame.columns]
    frame.attrs["cx_read"] = {"format": "csv", "encoding": encoding, "delimiter": delimiter}
    return frame


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------


def _open_workbook(data: bytes, **options: Any) -> Any:
    """The openpyxl workbook of ``data``; ``common.error.bad_excel`` when it cannot be read."""
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), **options)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise CXError("common.error.bad_excel") from exc


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled_rows(sheet: Any) -> list[list[Any]]:
    """The sheet's values, each merged range filled with its top-left value."""
    if hasattr(sheet, "reset_dimensions"):  # read-only: do not trust the stated size
        sheet.reset_dimensions()
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in _merges(sheet):
        if merged.min_row > len(rows):
            continue
        top = rows[merged.min_row - 1]
        value = top[merged.min_col - 1] if merged.min_col <= len(top) else None
        for row in rows[merged.min_row - 1 : merged.max_row]:
            for column in range(merged.min_col - 1, min(merged.max_col, len(row))):
                row[column] = value
    return rows


def _used_rows(rows: list[list[Any]]) -> int:
    return sum(1 for row in rows if not all(_blank(value) for value in row))


def _choose_sheet(book: Any) -> tuple[Any, list[list[Any]]]:
    """The first sheet with a header and a data row (else the first with anything), its rows."""
    fallback: tuple[Any, list[list[Any]]] | None = None
    for sheet in book.worksheets:
        rows = _filled_rows(sheet)
        used = _used_rows(rows)
        if used >= 2:
            return sheet, rows
        if used and fallback is None:
            fallback = (sheet, rows)
    if fallback is None:
        raise CXError("common.error.empty_file")
    return fallback


def _across(sheet: Any, row: int) -> list[Any]:
    """The merged ranges of spreadsheet row ``row`` that span several columns."""
    return [m for m in _merges(sheet) if m.min_row == row and m.max_col > m.min_col]


def _header_rows(sheet: Any, rows: list[list[Any]]) -> tuple[list[Any], int]:
    """The header names and the index of the first data row (see the module docstring)."""
    start = next(i for i, row in enumerate(rows) if not all(_blank(v) for v in row))
    width = max(i + 1 for row in rows for i, v in enumerate(row) if not _blank(v))
    title = _across(sheet, start + 1)
    if (
        len(title) == 1
        and title[0].max_row == start + 1
        and title[0].min_col == 1
        and title[0].max_col >= width
        and start + 1 < len(rows)
    ):
        start += 1  # one cell across the whole table: a title above the header
    header = list(rows[start])
    if _across(sheet, start + 1) and start + 1 < len(rows):
        below = rows[start + 1]
        header = [_joined(top, sub) for top, sub in itertools.zip_longest(header, below)]
        return header, start + 2
    return header, start + 1


def _joined(top: Any, sub: Any) -> Any:
    """One column name from a group header cell and the cell below it."""
    top_text = "" if _blank(top) else str(top).strip()
    sub_text = "" if _blank(sub) else str(sub).strip()
    if not sub_text or sub_text == top_text:
        return top_text or None
    return f"{top_text} {sub_text}" if top_text else sub_text


def _markers(data: bytes) -> tuple[bool, bool]:
    """Whether any worksheet of the .xlsx holds a formula, and whether one has merged cells.

    A quick look at the XML, so a plain workbook is read in openpyxl's fast read-only mode
    (which knows no merged cells) and formulas are looked for only when there are some.
    """
    formulas = merges = False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                    xml = archive.read(member)
                    formulas = formulas or re.search(rb"<(\w+:)?f[ >/]", xml) is not None
                    merges = merges or re.search(rb"<(\w+:)?mergeCell[ >/]", xml) is not None
    except (zipfile.BadZipFile, OSError, KeyError):
        return True, True  # let openpyxl open it (and say it is broken)
    return formulas, merges


def _merges(sheet: Any) -> list[Any]:
    """The merged ranges of ``sheet`` (none in read-only mode, used when there are none)."""
    merged = getattr(sheet, "merged_cells", None)
    return list(merged.ranges) if merged is not None else []


def _formulas_without_value(data: bytes, sheet_name: str, rows: list[list[Any]]) -> list[str]:
    """Cells (``"C3"``) of the sheet that hold a formula whose saved value is missing."""
    book = _open_workbook(data, read_only=True, data_only=False)
    try:
        found = []
        for r, row in enumerate(book[sheet_name].iter_rows()):
            for cell in row:
                column = getattr(cell, "column", None)
                if getattr(cell, "data_type", None) != "f" or column is None:
                    continue
                value = rows[r][column - 1] if r < len(rows) and column <= len(rows[r]) else None
                if value is None:
                    found.append(cell.coordinate)
        return found
    finally:
        book.close()


def _column_of(header: list[Any], coordinate: str) -> str:
    """The column of cell ``coordinate`` for a message: its letter and header name."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letter = coordinate_from_string(coordinate)[0]
    index = column_index_from_string(letter) - 1
    name = header[index] if index < len(header) else None
    return letter if _blank(name) else f"{letter} ({str(name).strip()})"


def _check_formulas(sheet: Any, rows: list[list[Any]], header: list[Any], data: bytes) -> None:
    """Refuse formulas without a saved value (``tables.error.formula``, cells named)."""
    missing = _formulas_without_value(data, sheet.title, rows)
    if missing:
        columns = dict.fromkeys(_column_of(header, cell) for cell in missing)
        raise CXError(
            "tables.error.formula",
            cells=", ".join(missing[:8]) + (f" … (+{len(missing) - 8})" if len(missing) > 8 else ""),
            columns=", ".join(list(columns)[:8]),
        )


def _cell_value(value: Any) -> Any:
    """A cell as pandas' Excel reader gives it: whole floats as int, blank text as missing."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _read_excel(data: bytes) -> pd.DataFrame:
    """Parse .xlsx bytes: the first sheet with data, merged cells filled, formulas checked."""
    import pandas as pd

    formulas, merges = _markers(data)
    book = _open_workbook(data, data_only=True, read_only=not merges)
    try:
        sheet, rows = _choose_sheet(book)
        sheets = len(book.worksheets)
    finally:
        if not merges:
            book.close()
    header, first = _header_rows(sheet, rows)
    check_unique_header(spreadsheet.unescape_cell(name) for name in header)
    if formulas:
        _check_formulas(sheet, rows, header, data)
    body = rows[first:]
    width = max([len(header), *(len(row) for row in body)])
    names = [*header, *[None] * (width - len(header))]
    columns = [
        spreadsheet.unescape_cell(str(name).strip()) if not _blank(name) else f"Unnamed: {i}"
        for i, name in enumerate(names)
    ]
    cells = [[_cell_value(v) for v in [*row, *[None] * (width - len(row))]] for row in body]
    frame = pd.DataFrame(cells, columns=columns, dtype=object)
    unnamed = [c for c, name in zip(columns, names, strict=True) if _blank(name)]
    frame = frame.drop(columns=[c for c in unnamed if frame[c].isna().all()])
    frame.attrs["cx_read"] = {
        "format": "xlsx",
        "encoding": None,
        "delimiter": None,
        "sheet": sheet.title,
        "sheets": sheets,
    }
    return frame


# ---------------------------------------------------------------------------
# What the file is
# ---------------------------------------------------------------------------


def _zip_kind(data: bytes) -> str | None:
    """None for an Excel workbook (or a ZIP that cannot be opened); else what it holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return None  # damaged: openpyxl says it cannot open it
    if any(name.startswith("xl/") for name in names):
        return None
    for member, kind in _ZIP_KINDS:
        if any(name.startswith(member) for name in names):
            return kind
    return "ZIP"


def refuse_non_table(data: bytes, name: str) -> None:
    """Refuse a file that is clearly no table, naming what it is.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        Its name (an encrypted .xlsx is an OLE2 file like an old .xls).

    Raises
    ------
    CXError
        ``tables.error.html`` (a web page), ``tables.error.image`` (with ``format``),
        ``tables.error.pdf``, ``tables.error.other_file`` (a ZIP that is no workbook, with
        ``what``), ``common.error.old_excel`` (.xls) or ``common.error.bad_excel`` (an
        encrypted .xlsx).
    """
    head = data[:2048]
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    if head.lstrip().lower().startswith(_HTML_STARTS):
        raise CXError("tables.error.html")
    for magic, picture in _IMAGE_MAGIC:
        if head.startswith(magic):
            raise CXError("tables.error.image", format=picture)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        raise CXError("tables.error.image", format="WEBP")
    if head.startswith(_PDF_MAGIC):
        raise CXError("tables.error.pdf")
    if head.startswith(_XLS_MAGIC):
        encrypted = (name or "").lower().endswith((".xlsx", ".xlsm"))
        raise CXError("common.error.bad_excel" if encrypted else "common.error.old_excel")
    if head.startswith(_XLSX_MAGIC):
        kind = _zip_kind(data)
        if kind is not None:
            raise CXError("tables.error.other_file", what=kind)


def _normal_number(value: Any) -> Any:
    """``value`` as an ASCII number text when it is a number in other digits, else itself."""
    if not isinstance(value, str) or value.isascii():
        return value
    normal = unicodedata.normalize("NFKC", value).strip()
    return normal if _NUMBER.fullmatch(normal) else value


def _clean_cell(value: Any) -> Any:
    return spreadsheet.unescape_cell(_normal_number(value))


def _clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Full-width numbers made ASCII, escaped formulas unescaped (text cells only)."""
    import pandas as pd

    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            frame[column] = values.map(_clean_cell, na_action="ignore")
    return frame


def read_table(content: bytes | memoryview, filename: str, max_bytes: int = MAX_BYTES):
    """Parse an uploaded file into a DataFrame.

    Parameters
    ----------
    content : bytes
        The file's bytes.
    filename : str
        Its name; an Excel workbook (by its content, or ``.xlsx``) is read with openpyxl,
        anything else as CSV/TXT (comma, semicolon, tab or pipe separated, detected; see
        the module docstring).
    max_bytes : int
        Larger files are refused.

    Returns
    -------
    pandas.DataFrame
        Column names stripped of spaces; cells as read (text for CSV, no type coercion),
        except that numbers in full-width digits become ASCII and escaped formulas lose
        their quote. ``frame.attrs["cx_read"]`` is ``{"format": "csv" | "xlsx",
        "encoding": <Python codec name> | None, "delimiter": <character> | None}``, for
        Excel also ``"sheet"`` (the sheet read) and ``"sheets"`` (how many there are).

    Raises
    ------
    CXError
        Too big, empty, not a table (a web page, picture, PDF, other document), unknown
        encoding, broken or old Excel file, the same column twice, a formula without a
        value, rows with more cells than the header, or no data rows.
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
    refuse_non_table(data, name)
    if data.startswith(_XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        frame = _read_excel(data)
    elif name.endswith(".xls"):
        raise CXError("common.error.old_excel")
    else:
        frame = _read_text(data)
    detected = frame.attrs["cx_read"]
    frame = frame.dropna(how="all")
    frame.columns = [str(column).strip() for column in frame.columns]
    if frame.empty:
        raise CXError("tables.error.no_rows")
    frame = _clean_cells(frame)
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
