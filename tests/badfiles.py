"""A corpus of bad or awkward upload files, built in code from a small table.

Every kind is a function ``kind(table) -> (filename, bytes)`` registered in :data:`KINDS`;
:class:`Table` is the survey table of one exercise (KANO, SERVQUAL, NPS: :data:`TABLES`).
Awkward-but-good kinds (encodings, separators, ...) carry the plain UTF-8 file they must
read the same as: ``KINDS[name].same_as(table)``. Nothing here uses the code under test.

The texts of the tables use characters that exist in GBK, GB18030 and Big5 alike, so one
table can be written in each encoding.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace

FORMULA = '=HYPERLINK("http://x","click")'
#: A character in GB18030's four-byte range only (not in GBK or Big5).
FOUR_BYTE = "\U0002003e"
MAX_BYTES = 5 * 1024 * 1024  # cxwidgets.tables.MAX_BYTES, restated


@dataclass(frozen=True)
class Table:
    """A small survey table of one exercise (cells as text, as in a CSV)."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    text: int  # a free-text column
    answer: int  # an answer column
    respondent: int  # the respondent id column
    out_of_range: str  # an answer outside the scale

    def with_cell(self, row: int, column: int, value: str) -> Table:
        rows = [list(r) for r in self.rows]
        rows[row][column] = value
        return replace(self, rows=tuple(tuple(r) for r in rows))

    def with_rows(self, rows: list[list[str]]) -> Table:
        return replace(self, rows=tuple(tuple(r) for r in rows))

    def text_(self, sep: str = ",", newline: str = "\n") -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=sep, lineterminator=newline)
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue()


TABLES: dict[str, Table] = {
    "kano": Table(
        "kano",
        ("respondent", "feature", "functional", "dysfunctional", "tenure", "note"),
        (
            ("1", "高速", "2", "5", "2y+", "非常好"),
            ("2", "高速", "1", "5", "3m", "好用"),
            ("1", "客服", "4", "2", "2y+", ""),
            ("2", "客服", "3", "3", "3m", "一般"),
            ("3", "品牌", "1", "3", "2y+", "很好"),
        ),
        text=5, answer=2, respondent=0, out_of_range="9",
    ),
    "servqual": Table(
        "servqual",
        ("respondent", "tenure", "E1", "E2", "P1", "P2", "note"),
        (
            ("1", "2y+", "7", "6", "5", "6", "非常好"),
            ("2", "3m", "5", "7", "3", "4", "一般"),
            ("3", "2y+", "6", "6", "6", "2", "很好"),
        ),
        text=6, answer=4, respondent=0, out_of_range="9",
    ),
    "nps": Table(
        "nps",
        ("respondent", "tenure", "tier", "recommend", "csat", "comment"),
        (
            ("1", "2y+", "senior", "9", "5", "非常好"),
            ("2", "3m", "business", "6", "3", "一般"),
            ("3", "2y+", "senior", "10", "4", "很好用"),
            ("4", "3m", "business", "8", "2", ""),
        ),
        text=5, answer=3, respondent=0, out_of_range="11",
    ),
}


@dataclass(frozen=True)
class Kind:
    """One kind of file: ``make(table) -> (filename, bytes)``; ``same_as`` for good kinds."""

    make: Callable[[Table], tuple[str, bytes]]
    same_as: Callable[[Table], tuple[str, bytes]] | None = None
    applies: frozenset[str] = field(default_factory=lambda: frozenset(TABLES))


KINDS: dict[str, Kind] = {}


def kind(
    same_as: Callable[[Table], tuple[str, bytes]] | bool = False,
    applies: tuple[str, ...] = tuple(TABLES),
) -> Callable[[Callable[[Table], tuple[str, bytes]]], Callable[[Table], tuple[str, bytes]]]:
    """Register a kind; ``same_as=True``: reads as :func:`plain` of the same table."""

    def register(make: Callable[[Table], tuple[str, bytes]]) -> Callable[[Table], tuple[str, bytes]]:
        reference = plain if same_as is True else (same_as or None)
        KINDS[make.__name__] = Kind(make, reference, frozenset(applies))
        return make

    return register


def plain(table: Table) -> tuple[str, bytes]:
    """The reference: comma separated UTF-8 without BOM, LF line ends."""
    return "plain.csv", table.text_().encode("utf-8")


def xlsx_bytes(sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None,
               formulas: dict[str, dict[str, str]] | None = None) -> bytes:
    """A workbook made with openpyxl: ``{sheet: rows}``, merged ranges, formula cells."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(title, []):
            sheet.merge_cells(cells)
        for cell, formula in (formulas or {}).get(title, {}).items():
            sheet[cell] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _numbers(table: Table) -> list[list[object]]:
    """The rows as Excel holds them: numbers as numbers, blanks empty."""
    def cell(value: str) -> object:
        if value == "":
            return None
        return int(value) if value.isdigit() else value

    return [[cell(value) for value in row] for row in table.rows]


def _letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def _with_cached_values(content: bytes, values: dict[str, str]) -> bytes:
    """The workbook with a saved (cached) text result written next to formulas, as Excel does."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                for cell, value in values.items():
                    pattern = re.compile(rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?')
                    text, count = pattern.subn(
                        lambda m, value=value: (
                            f'<c r="{m.group(0).split(chr(34))[1]}" t="str"><f>{m.group(2)}</f>'
                            f"<v>{value}</v>"
                        ),
                        text,
                    )
                    assert count == 1, (cell, text[:500])
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


# ------------------------------------------------------------------ good but awkward


@kind(same_as=True)
def gbk(table: Table) -> tuple[str, bytes]:
    return "gbk.csv", table.text_().encode("gbk")


def _four_byte(table: Table) -> Table:
    return table.with_cell(0, table.text, table.rows[0][table.text] + FOUR_BYTE)


@kind(same_as=lambda table: plain(_four_byte(table)))
def gb18030(table: Table) -> tuple[str, bytes]:
    return "gb18030.csv", _four_byte(table).text_().encode("gb18030")


@kind(same_as=True)
def big5(table: Table) -> tuple[str, bytes]:
    return "big5.csv", table.text_().encode("big5")


@kind(same_as=True)
def utf16_le(table: Table) -> tuple[str, bytes]:
    """Excel's "Unicode text": UTF-16 LE with BOM, tab separated, CRLF."""
    return "unicode.txt", codecs.BOM_UTF16_LE + table.text_("\t", "\r\n").encode("utf-16-le")


@kind(same_as=True)
def utf16_be(table: Table) -> tuple[str, bytes]:
    return "utf16be.csv", codecs.BOM_UTF16_BE + table.text_().encode("utf-16-be")


@kind(same_as=True)
def utf8_bom(table: Table) -> tuple[str, bytes]:
    return "bom.csv", table.text_().encode("utf-8-sig")


@kind(same_as=True)
def crlf(table: Table) -> tuple[str, bytes]:
    return "crlf.csv", table.text_(newline="\r\n").encode("utf-8")


@kind(same_as=True)
def semicolons(table: Table) -> tuple[str, bytes]:
    return "semicolon.csv", table.text_(";").encode("utf-8")


@kind(same_as=True)
def tabs(table: Table) -> tuple[str, bytes]:
    return "tabs.txt", table.text_("\t").encode("utf-8")


def _newline_cell(table: Table) -> Table:
    return table.with_cell(1, table.text, "第一行\n第二行, 还有逗号")


@kind(same_as=lambda table: plain(_newline_cell(table)))
def quoted_newline(table: Table) -> tuple[str, bytes]:
    """A cell with a line break and a comma inside quotes (Excel writes these)."""
    return "newline.csv", _newline_cell(table).text_(newline="\r\n").encode("utf-8-sig")


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@kind(same_as=True)
def full_width_digits(table: Table) -> tuple[str, bytes]:
    """Answers and ids typed with a Chinese input method: １２３, ５ (and a full-width space)."""
    rows = [list(row) for row in table.rows]
    for row in rows:
        row[table.answer] = row[table.answer].translate(_FULL)
        row[table.respondent] = row[table.respondent].translate(_FULL) + "\u3000"
    return "fullwidth.csv", table.with_rows(rows).text_().encode("utf-8")


@kind(same_as=True)
def several_sheets(table: Table) -> tuple[str, bytes]:
    """An instructions sheet first, the data on the second, an empty third."""
    sheets = {
        "说明": [["本问卷共 3 题"]],
        "数据": [list(table.header), *_numbers(table)],
        "空白": [],
    }
    return "sheets.xlsx", xlsx_bytes(sheets)


@kind(same_as=True)
def merged_title(table: Table) -> tuple[str, bytes]:
    """A merged title row across the whole table above the header."""
    last = _letter(len(table.header) - 1)
    sheets = {"问卷": [["2024 满意度调查", *[None] * (len(table.header) - 1)],
                      list(table.header), *_numbers(table)]}
    return "title.xlsx", xlsx_bytes(sheets, merges={"问卷": [f"A1:{last}1"]})


@kind(same_as=True, applies=("servqual",))
def merged_group_header(table: Table) -> tuple[str, bytes]:
    """Two header rows: "E" merged over 1, 2 and "P" over 1, 2; other names merged down."""
    top: list[object] = []
    sub: list[object] = []
    merges = []
    groups: dict[str, list[int]] = {}
    for index, name in enumerate(table.header):
        match = re.fullmatch(r"([EP])(\d+)", name)
        if match:
            groups.setdefault(match.group(1), []).append(index)
            first = groups[match.group(1)][0] == index
            top.append(match.group(1) if first else None)
            sub.append(int(match.group(2)))
        else:
            top.append(name)
            sub.append(None)
            merges.append(f"{_letter(index)}1:{_letter(index)}2")
    for columns in groups.values():
        merges.append(f"{_letter(columns[0])}1:{_letter(columns[-1])}1")
    sheets = {"Sheet1": [top, sub, *_numbers(table)]}
    return "grouped.xlsx", xlsx_bytes(sheets, merges={"Sheet1": merges})


def _formula_text(table: Table) -> Table:
    return table.with_cell(0, table.text, FORMULA)


@kind(same_as=lambda table: plain(_formula_text(table)))
def formula_in_csv(table: Table) -> tuple[str, bytes]:
    """A CSV text cell that reads like a formula: it stays text."""
    return "formula.csv", _formula_text(table).text_().encode("utf-8")


@kind(same_as=True)
def formula_with_saved_value(table: Table) -> tuple[str, bytes]:
    """An XLSX whose free-text cell is a formula with the value Excel saved for it."""
    cell = f"{_letter(table.text)}2"
    content = xlsx_bytes({"Sheet1": [list(table.header), *_numbers(table)]},
                         formulas={"Sheet1": {cell: '=CONCATENATE("x","y")'}})
    return "cached.xlsx", _with_cached_values(content, {cell: table.rows[0][table.text]})


# ------------------------------------------------------------------ bad


@kind()
def formula_without_value(table: Table) -> tuple[str, bytes]:
    """An XLSX made by a program that writes formulas but not their results (openpyxl)."""
    cell = f"{_letter(table.answer)}3"
    content = xlsx_bytes({"Sheet1": [list(table.header), *_numbers(table)]},
                         formulas={"Sheet1": {cell: FORMULA}})
    return "formula.xlsx", content


@kind()
def one_column(table: Table) -> tuple[str, bytes]:
    """Cells separated by an ideographic comma, which no spreadsheet splits: one column."""
    lines = ["、".join(table.header), *("、".join(row) for row in table.rows)]
    return "one.csv", ("\n".join(lines) + "\n").encode()


@kind()
def ragged_rows(table: Table) -> tuple[str, bytes]:
    """Row 3 (in a spreadsheet) has one cell more than the header."""
    lines = table.text_().splitlines()
    lines[2] += ",多出来"
    return "ragged.csv", ("\n".join(lines) + "\n").encode()


@kind()
def old_excel(table: Table) -> tuple[str, bytes]:
    return "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


_PAGE = (
    "\ufeff\n  <!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>问卷结果</title></head>"
    "<body><table><tr><td>respondent</td></tr></table></body></html>\n"
)


@kind()
def html_as_csv(table: Table) -> tuple[str, bytes]:
    return "results.csv", _PAGE.encode("utf-8")


@kind()
def html_as_xls(table: Table) -> tuple[str, bytes]:
    """Some survey sites' "Excel" export: an HTML table named .xls."""
    page = "<table border=1><tr><td>" + "</td><td>".join(table.header) + "</td></tr></table>"
    return "export.xls", page.encode("gbk")


@kind()
def png_as_csv(table: Table) -> tuple[str, bytes]:
    return "chart.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


@kind()
def jpeg_as_csv(table: Table) -> tuple[str, bytes]:
    return "photo.csv", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256))


@kind()
def pdf_as_csv(table: Table) -> tuple[str, bytes]:
    return "report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@kind()
def word_as_xlsx(table: Table) -> tuple[str, bytes]:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return "answers.xlsx", out.getvalue()


@kind()
def broken_xlsx(table: Table) -> tuple[str, bytes]:
    """A workbook cut off half-way (an interrupted download)."""
    content = xlsx_bytes({"Sheet1": [list(table.header), *_numbers(table)]})
    return "cut.xlsx", content[: len(content) // 2]


@kind()
def binary_noise(table: Table) -> tuple[str, bytes]:
    return "noise.csv", bytes([0, 1, 2, 3, 250, 251, 0, 7]) * 64


@kind()
def empty(table: Table) -> tuple[str, bytes]:
    return "empty.csv", b""


@kind()
def headers_only(table: Table) -> tuple[str, bytes]:
    return "header.csv", (",".join(table.header) + "\n").encode()


@kind()
def duplicate_respondents(table: Table) -> tuple[str, bytes]:
    """The first row again at the end: the same respondent (and feature) twice."""
    return "twice.csv", table.with_rows([*table.rows, table.rows[0]]).text_().encode()


@kind()
def duplicate_columns_csv(table: Table) -> tuple[str, bytes]:
    """The answer column twice (pandas would rename the second one ``name.1``)."""
    header = [*table.header, table.header[table.answer]]
    rows = [[*row, row[table.answer]] for row in table.rows]
    return "dupcols.csv", replace(table, header=tuple(header)).with_rows(rows).text_().encode()


@kind()
def duplicate_columns_xlsx(table: Table) -> tuple[str, bytes]:
    header = [*table.header, table.header[table.answer]]
    rows = [[*row, row[table.answer]] for row in _numbers(table)]
    return "dupcols.xlsx", xlsx_bytes({"Sheet1": [header, *rows]})


@kind()
def out_of_range(table: Table) -> tuple[str, bytes]:
    """Spreadsheet row 3 has an answer outside the scale."""
    return "range.csv", table.with_cell(1, table.answer, table.out_of_range).text_().encode()


@kind()
def blank_answer(table: Table) -> tuple[str, bytes]:
    """Spreadsheet row 3 has a blank answer."""
    return "blank.csv", table.with_cell(1, table.answer, "").text_().encode()


@kind()
def too_big(table: Table) -> tuple[str, bytes]:
    """A good table padded with comment rows to just over the size limit."""
    content = table.text_().encode()
    filler = b"\n" * (MAX_BYTES + 1 - len(content))
    return "big.csv", content + filler
