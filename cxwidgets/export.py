"""The whole workbook as three files: an HTML report, a PDF and an editable PowerPoint deck.

All three come from the same content: the HTML report of :mod:`cxwidgets.report`, which
takes every lecture's section from ``cxwidgets/reports/l<NN>.py`` (a lecture appears here as
soon as its report section exists; nothing about a lecture is written in this module) with
the charts already rendered to PNG. To it the export adds an appendix naming the methods
behind the numbers: each report module may list catalogue keys in ``METHODS``.

- **HTML**: that page, self-contained (images embedded, CJK fonts named in its CSS).
- **PDF**: the same page laid out for A4 by WeasyPrint, in the kernel, offline. WeasyPrint
  draws text with Pango/fontconfig, so the installed Noto Sans CJK is found and embedded
  (subset) in the file; no browser process or network is needed (chromium's
  ``--print-to-pdf`` would need a browser beside every kernel, reportlab cannot use the
  OpenType-CFF Noto CJK fonts).
- **PPTX** (python-pptx): the page read back into slides: a title slide, a divider per
  lecture (``<h2>``), a slide per topic (``<h3>``) with its text as editable text boxes, its
  tables as native PowerPoint tables and its charts as pictures; every run of text names
  Noto Sans CJK SC as its East Asian font, so Chinese shows in PowerPoint, LibreOffice and
  WPS.

The report of one workbook document is built once and kept (:func:`report_html`), so the
three buttons of the export exercise do the expensive part (lectures' analyses and charts)
once. Heavy libraries (weasyprint, pptx) are imported inside the functions that use them.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html
import io
import json
import math
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from . import i18n
from .course import LECTURES

CJK_FONT = "Noto Sans CJK SC"
PDF_MIME = "application/pdf"
HTML_MIME = "text/html"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

PRINT_CSS = f"""
@page {{ size: A4; margin: 16mm 14mm 18mm; }}
body {{ font-family: "{CJK_FONT}", sans-serif; max-width: none; margin: 0; padding: 0;
        font-size: 10.5pt; }}
h1 {{ font-size: 20pt; }}
h2 {{ break-before: page; font-size: 15pt; }}
h2:first-of-type {{ break-before: auto; }}
h3 {{ font-size: 12.5pt; break-after: avoid; }}
table {{ font-size: 9pt; }}
img {{ max-width: 100%; break-inside: avoid; }}
pre {{ font-size: 8pt; }}
"""

_DATA_PNG = re.compile(r'src="data:image/png;base64,([^"]*)"')
_IMAGE_SCHEME = "cx-image:"
_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 4


# --------------------------------------------------------------------------- HTML
def _key(data: dict[str, Any], language: str) -> str:
    text = json.dumps([data.get("learner"), data.get("sections"), language],
                      ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def methods_html(data: dict[str, Any], language: str) -> str:
    """The appendix: for each lecture with work, the methods its report module names."""
    from .report import section_module

    sections = data.get("sections", {})
    rows = []
    for item in LECTURES:
        if not any(name.startswith(f"{item.id}/") for name in sections):
            continue
        module = section_module(item.id)
        keys = getattr(module, "METHODS", ()) if module is not None else ()
        if keys:
            title = f"{item.id} · {i18n.t(item.title_key, language)}"
            body = "".join(f"<li>{html.escape(i18n.t(k, language))}</li>" for k in keys)
            rows.append(f"<h3>{html.escape(title)}</h3><ul>{body}</ul>")
    if not rows:
        return ""
    return f'<h2 class="cx-methods">{html.escape(i18n.t("export.methods", language))}</h2>' + "".join(rows)


def report_html(data: dict[str, Any], language: str | None = None) -> str:
    """The workbook's HTML report (from :func:`cxwidgets.report.build_html`) with the
    methods appendix; built once per document and language."""
    from .report import build_html

    language = i18n.normalize_language(language or i18n.get_language())
    key = _key(data, language)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    page = build_html(data, language)
    appendix = methods_html(data, language)
    if appendix:
        page = page.replace("</body>", f"{appendix}</body>", 1)
    with _CACHE_LOCK:
        _CACHE[key] = page
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return page


def clear_cache() -> None:
    """Forget the reports built so far (benchmarks, tests)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def filename(data: dict[str, Any], extension: str) -> str:
    """``cx-workbook-<learner>-<yyyymmdd>.<extension>`` (characters unsafe in names removed)."""
    learner = re.sub(r"[\\/:*?\"<>|\s]+", "_", str(data.get("learner") or "")).strip("_")
    day = _dt.date.today().strftime("%Y%m%d")
    stem = "-".join(part for part in ("cx-workbook", learner, day) if part)
    return f"{stem}.{extension}"


# --------------------------------------------------------------------------- PDF
def _print_image(png: bytes) -> bytes:
    """A chart PNG as a JPEG on white for the PDF.

    WeasyPrint copies a JPEG into the PDF as it is, but decodes and re-compresses a PNG (twice
    with an alpha channel): most of the PDF's time. The charts are rendered at twice their
    size on a white background, so quality 90 keeps their text sharp in print.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as picture:
        rgba = picture.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, format="JPEG", quality=90)
    return out.getvalue()


def pdf(data: dict[str, Any], language: str | None = None) -> bytes:
    """The report as an A4 PDF with the CJK font embedded."""
    import weasyprint

    try:
        from weasyprint.urls import URLFetcherResponse
    except ImportError:  # WeasyPrint before 66: a fetcher returns a dict
        URLFetcherResponse = None

    images: list[bytes] = []

    def take(match: re.Match[str]) -> str:
        images.append(_print_image(base64.b64decode(match.group(1))))
        return f'src="{_IMAGE_SCHEME}{len(images) - 1}"'

    def fetch(url: str, *_args: Any, **_kwargs: Any) -> Any:
        if not url.startswith(_IMAGE_SCHEME):  # offline: nothing else is ever fetched
            raise ValueError(url)
        body = images[int(url[len(_IMAGE_SCHEME):])]
        if URLFetcherResponse is None:
            return {"string": body, "mime_type": "image/jpeg"}
        return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/jpeg"})

    # the pictures go by reference: WeasyPrint's HTML parser need not read megabytes of base64
    page = _DATA_PNG.sub(take, report_html(data, language))
    return weasyprint.HTML(string=page, url_fetcher=fetch).write_pdf(
        stylesheets=[weasyprint.CSS(string=PRINT_CSS)])


# --------------------------------------------------------------------------- reading the page back
@dataclass
class Block:
    """One piece of a slide: ``kind`` is ``text`` (with ``level``), ``table`` or ``image``."""

    kind: str
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    image: bytes = b""


@dataclass
class Slide:
    title: str
    blocks: list[Block] = field(default_factory=list)
    divider: bool = False


_BREAKS = {"p", "div", "li", "pre", "br", "h1", "h2", "h3", "h4", "tr", "ol", "ul", "table"}


class _Reader(HTMLParser):
    """Turns the report's body into slides: ``h2`` a divider, ``h3`` a new slide."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.slides: list[Slide] = []
        self.text: list[str] = []
        self.tag_stack: list[str] = []
        self.skip = 0
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.level = 0
        self.heading: str | None = None

    # -------------------------------------------------------- helpers
    def _slide(self) -> Slide:
        if not self.slides:
            self.slides.append(Slide(""))
        return self.slides[-1]

    def _flush(self) -> None:
        text = " ".join("".join(self.text).split())
        self.text = []
        if text:
            self._slide().blocks.append(Block("text", text, self.level))

    # -------------------------------------------------------- parser events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("svg", "style", "script", "title"):
            self.skip += 1
            return
        if self.skip:
            return
        if tag in ("td", "th") and self.table is not None:
            self.cell = []
            return
        if tag == "tr" and self.table is not None:
            self.table.append([])
            return
        if tag in _BREAKS:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4"):
            self.heading = tag
        elif tag == "table":
            self.table = []
        elif tag == "li":
            self.level = 1
        elif tag == "img":
            src = dict(attrs).get("src") or ""
            if src.startswith("data:image/png;base64,"):
                image = base64.b64decode(src.split(",", 1)[1])
                self._slide().blocks.append(Block("image", image=image))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("svg", "style", "script", "title"):
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("td", "th") and self.cell is not None and self.table is not None:
            if not self.table:
                self.table.append([])
            self.table[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
            return
        if tag == "table" and self.table is not None:
            rows = [row for row in self.table if row]
            if rows:
                self._slide().blocks.append(Block("table", rows=rows))
            self.table = None
            return
        if tag in ("h1", "h2", "h3", "h4") and self.heading == tag:
            text = " ".join("".join(self.text).split())
            self.text, self.heading = [], None
            if tag in ("h1", "h2"):
                self.slides.append(Slide(text, divider=True))
            elif tag == "h3":
                self.slides.append(Slide(text))
            elif text:
                self._slide().blocks.append(Block("text", text, 0))
                self._slide().blocks[-1].level = -1  # a sub-heading
            return
        if tag in _BREAKS:
            self._flush()
        if tag == "li":
            self.level = 0

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.table is None:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def slides_of(page: str) -> list[Slide]:
    """The report page read back as slides (the first is the report's title)."""
    body = page.split("<body>", 1)[-1]
    reader = _Reader()
    reader.feed(body)
    reader.close()
    return [s for s in reader.slides if s.title or s.blocks]


# --------------------------------------------------------------------------- PPTX
_WIDTH, _HEIGHT = 13.333, 7.5  # inches, 16:9
_MARGIN = 0.5
_TOP = 1.25
_LINE = 0.32  # inches per line of body text
_CHARS_PER_LINE = 52  # CJK characters per line of 16 pt text on the slide's width
_MAX_TABLE_ROWS = 12
_CAPTION = 1.6  # inches of text a picture or table may share its slide with


def _cjk(run: Any, size: float | None = None, bold: bool = False) -> None:
    """Give ``run`` the CJK font as Latin and East Asian typeface (Chinese shows anywhere)."""
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    font = run.font
    font.name = CJK_FONT
    if size:
        font.size = Pt(size)
    font.bold = bold
    rpr = run._r.get_or_add_rPr()
    latin = rpr.find(qn("a:latin"))
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = latin.makeelement(qn("a:ea"), {})
        latin.addnext(ea)
    ea.set("typeface", CJK_FONT)


def _text_box(slide: Any, top: float, lines: list[tuple[str, int]], height: float) -> None:
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(_MARGIN), Inches(top),
                                   Inches(_WIDTH - 2 * _MARGIN), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for index, (text, level) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = ("• " + text) if level == 1 else text
        _cjk(run, 16 if level >= 0 else 17, bold=level < 0)


def _table(slide: Any, top: float, rows: list[list[str]]) -> float:
    from pptx.util import Inches

    columns = max(len(r) for r in rows)
    shown = rows  # at most _MAX_TABLE_ROWS: see _table_chunks
    height = 0.36 * len(shown)
    shape = slide.shapes.add_table(len(shown), columns, Inches(_MARGIN), Inches(top),
                                   Inches(_WIDTH - 2 * _MARGIN), Inches(height))
    for r, row in enumerate(shown):
        for c in range(columns):
            cell = shape.table.cell(r, c)
            cell.text_frame.word_wrap = True
            paragraph = cell.text_frame.paragraphs[0]
            run = paragraph.add_run()
            run.text = row[c] if c < len(row) else ""
            _cjk(run, 11, bold=r == 0)
    return height


def _picture(slide: Any, top: float, image: bytes) -> None:
    from PIL import Image
    from pptx.util import Inches

    with Image.open(io.BytesIO(image)) as picture:
        width, height = picture.size
    room_w, room_h = _WIDTH - 2 * _MARGIN, _HEIGHT - top - 0.3
    scale = min(room_w / width, room_h / height)
    w, h = width * scale, height * scale
    slide.shapes.add_picture(io.BytesIO(image), Inches((_WIDTH - w) / 2), Inches(top),
                             Inches(w), Inches(h))


def _text_width(text: str) -> float:
    """Width of ``text`` in CJK characters (a wide character 1, any other about half)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _lines_height(lines: list[tuple[str, int]]) -> float:
    """Inches the lines take at 16 pt on the slide's width (wrapped)."""
    return sum(_LINE * max(1, math.ceil(_text_width(text) / _CHARS_PER_LINE))
               for text, _level in lines)


def _text_chunks(block: Block, room: float) -> list[Block]:
    """A text too long for one slide, cut into pieces that fit (nothing is dropped)."""
    if block.kind != "text" or _lines_height([(block.text, block.level)]) <= room:
        return [block]
    per_slide = int(room / _LINE) * _CHARS_PER_LINE
    pieces, current, width = [], [], 0.0
    for ch in block.text:
        step = _text_width(ch)
        if width + step > per_slide:
            pieces.append("".join(current))
            current, width = [], 0.0
        current.append(ch)
        width += step
    pieces.append("".join(current))
    return [Block("text", piece, block.level) for piece in pieces if piece]


def _table_chunks(block: Block) -> list[Block]:
    """A long table over several slides, its header row repeated on each."""
    head, body = block.rows[:1], block.rows[1:]
    size = _MAX_TABLE_ROWS - 1
    if len(body) <= size:
        return [block]
    return [Block("table", rows=head + body[i:i + size]) for i in range(0, len(body), size)]


def _pages(slide: Slide) -> list[list[Block]]:
    """Split a slide's blocks over as many slides as they need.

    A picture or a table goes on the slide of the short text before it (a caption, a
    sentence), else on a slide of its own; text after it starts a new slide.
    """
    pages: list[list[Block]] = [[]]
    used = 0.0
    room = _HEIGHT - _TOP - 0.4
    blocks = [part for block in slide.blocks
              for part in (_table_chunks(block) if block.kind == "table"
                           else _text_chunks(block, room))]
    for block in blocks:
        if block.kind in ("image", "table"):
            need = 0.36 * len(block.rows) if block.kind == "table" else 3.0
            if pages[-1] and (used > _CAPTION or used + need > room):
                pages.append([])
            pages[-1].append(block)
            pages.append([])
            used = 0.0
            continue
        need = _lines_height([(block.text, block.level)])
        if used + need > room and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append(block)
        used += need
    return [page for page in pages if page] or [[]]


def _title(slide: Any, text: str, size: float = 28) -> None:
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(_MARGIN), Inches(0.35), Inches(_WIDTH - 2 * _MARGIN),
                                   Inches(0.8))
    box.text_frame.word_wrap = True
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    _cjk(run, size, bold=True)


def _fill(slide: Any, blocks: list[Block]) -> None:
    top = _TOP
    lines: list[tuple[str, int]] = []
    for block in blocks:
        if block.kind == "text":
            lines.append((block.text, block.level))
            continue
        if lines:
            height = _lines_height(lines)
            _text_box(slide, top, lines, height)
            top += height + 0.1
            lines = []
        if block.kind == "table":
            top += _table(slide, top, block.rows) + 0.1
        else:
            _picture(slide, top, block.image)
    if lines:
        _text_box(slide, top, lines, _lines_height(lines))


def pptx(data: dict[str, Any], language: str | None = None) -> bytes:
    """The report as an editable 16:9 deck (text boxes, native tables, chart pictures)."""
    from pptx import Presentation
    from pptx.util import Inches

    language = i18n.normalize_language(language or i18n.get_language())
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(_WIDTH), Inches(_HEIGHT)
    blank = deck.slide_layouts[6]
    slides = slides_of(report_html(data, language))
    room = _HEIGHT - _TOP - 0.4
    for index, item in enumerate(slides):
        fits = all(b.kind == "text" for b in item.blocks) and _lines_height(
            [(b.text, b.level) for b in item.blocks]) <= room
        if item.divider or index == 0:
            slide = deck.slides.add_slide(blank)
            _title(slide, item.title, 36 if index == 0 else 32)
            if fits:
                _fill(slide, item.blocks)
                continue
        for number, blocks in enumerate(_pages(item)):
            slide = deck.slides.add_slide(blank)
            more = i18n.t("export.continued", language) if number else ""
            _title(slide, f"{item.title}{more}", 24)
            _fill(slide, blocks)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- all three
FORMATS: dict[str, tuple[str, Any]] = {
    "html": (HTML_MIME, lambda data, language: report_html(data, language).encode("utf-8")),
    "pdf": (PDF_MIME, pdf),
    "pptx": (PPTX_MIME, pptx),
}


def export(data: dict[str, Any], kind: str, language: str | None = None) -> bytes:
    """The workbook as ``kind`` (``html``, ``pdf`` or ``pptx``) bytes."""
    from .errors import CXError

    if kind not in FORMATS:
        raise CXError("export.error.kind", value=kind, known=", ".join(FORMATS))
    return FORMATS[kind][1](data, language)
