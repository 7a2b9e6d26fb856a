"""The whole-workbook export: HTML from the report, a PDF with the CJK font embedded, and an
editable deck (text boxes, native tables, chart pictures, East Asian font on every run)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from cxwidgets import export, journey
from cxwidgets.errors import CXError

PLAN = {"action": "试点", "owner": "王经理", "date": "2026-12-31", "measure": "投诉 -30%"}


@pytest.fixture(scope="module")
def document():
    return {
        "learner": "张三",
        "sections": {
            "04/journey": {"value": journey.sample_journey("zh-CN").to_dict(), "done": True},
            "10/team": {"value": {"team": "极速装维队", "pains": "改约", "ideas": "推送位置",
                                  "plan": [PLAN]}, "done": True},
            "10/peer": {"value": {"team": "t1", "scores": {"t2": {
                "insight": 4, "value": 4, "feasibility": 3, "plan": 3, "pitch": 4}}}},
            "99/unknown": {"value": {"note": "kept as data"}},
        },
    }


def test_html_is_the_report_with_a_methods_appendix(document):
    page = export.report_html(document, "zh-CN")
    assert page.startswith("<!DOCTYPE html>") and "张三" in page
    assert "04 · " in page and "10 · " in page  # every lecture with work, via its report module
    assert "数字背后的方法" in page and "Krippendorff" in page
    assert "data:image/png;base64," in page and "<svg" not in page  # charts as pictures
    assert export.report_html(document, "zh-CN") is page  # built once per document


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils (make system-deps)")
def test_pdf_embeds_the_cjk_font_and_holds_the_chinese_text(document, tmp_path):
    data = export.pdf(document, "zh-CN")
    assert data.startswith(b"%PDF")
    path = tmp_path / "workbook.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"[A-Z]{6}\+Noto-Sans-CJK-SC\s.*\byes\s+yes\s+yes", fonts.stdout)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "极速装维队" in text and "王经理" in text and "数字背后的方法" in text


def test_pptx_is_editable_and_names_the_east_asian_font(document):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(io.BytesIO(export.pptx(document, "zh-CN")))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes
             if shape.has_text_frame]
    assert any("张三" in t for t in texts)
    assert any(t.startswith("10 · 团队共创与成果路演") for t in texts)
    assert any("极速装维队" in t for t in texts)
    kinds = {shape.shape_type for slide in deck.slides for shape in slide.shapes}
    assert MSO_SHAPE_TYPE.PICTURE in kinds  # the charts
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert any(t.cell(1, 1).text == "王经理" for t in tables)  # the plan, a native table
    run_xml = deck.slides[0].shapes[0].text_frame.paragraphs[0].runs[0]._r.xml
    assert 'ea typeface="Noto Sans CJK SC"' in run_xml


def test_long_tables_continue_on_the_next_slide_with_their_header():
    head = ["a", "b"]
    block = export.Block("table", rows=[head] + [[str(i), "x"] for i in range(25)])
    chunks = export._table_chunks(block)
    assert [len(c.rows) for c in chunks] == [12, 12, 4]  # 11 + 11 + 3 body rows, header each
    assert all(c.rows[0] == head for c in chunks)


def test_a_text_too_long_for_a_slide_is_cut_not_dropped():
    text = "客" * 1000  # 1000 CJK characters; a slide holds 17 lines of 52 = 884
    pieces = export._text_chunks(export.Block("text", text), room=17 * export._LINE)
    assert [len(p.text) for p in pieces] == [884, 116]
    assert "".join(p.text for p in pieces) == text


def test_slides_follow_the_report_headings():
    page = ("<html><body><h1>T</h1><p>when</p><h2>01 · A</h2><h3>S1</h3><p>x</p>"
            "<table><tr><th>h</th></tr><tr><td>1</td></tr></table><ul><li>i</li></ul>"
            "<svg><text>hidden</text></svg></body></html>")
    slides = export.slides_of(page)
    assert [(s.title, s.divider) for s in slides] == [("T", True), ("01 · A", True), ("S1", False)]
    blocks = slides[2].blocks
    assert [b.kind for b in blocks] == ["text", "table", "text"]
    assert blocks[1].rows == [["h"], ["1"]] and (blocks[2].text, blocks[2].level) == ("i", 1)


def test_unknown_format_is_refused(document):
    with pytest.raises(CXError) as caught:
        export.export(document, "docx")
    assert caught.value.key == "export.error.kind"


def test_filename_is_safe():
    assert re.fullmatch(r"cx-workbook-a_b-\d{8}\.pdf", export.filename({"learner": "a/b"}, "pdf"))


def test_heavy_libraries_load_only_when_a_file_is_made():
    script = textwrap.dedent("""
        import sys
        import cxwidgets.export, cxwidgets.widgets.cocreation
        print(sorted(m for m in ("weasyprint", "pptx", "krippendorff", "altair") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=120).stdout.strip().splitlines()[-1]
    assert out == "[]"
