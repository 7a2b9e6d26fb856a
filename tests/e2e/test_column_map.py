"""The ColumnMap table (one widget model) in a real browser: keyboard, ARIA, kernel round trips.

The page is ``tests/e2e/notebooks/widgets/column_map.ipynb``, served by its own Voila (the
course's configuration). It sits in a folder of its own because the smoke tests count the
notebooks of ``tests/e2e/notebooks``. The notebook shows the kernel's ``value`` and ``names``
as JSON in ``.cx-test-value`` and clears the message above the table once the missing
required field has a column.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from .browser import open_notebook, screenshot
from .conftest import TestServer

pytestmark = pytest.mark.e2e

PAGES = Path(__file__).resolve().parent / "notebooks" / "widgets"
NOTEBOOK = "column_map.ipynb"
CATALOGUE = Path(__file__).resolve().parents[2] / "cxwidgets" / "locales" / "mapping.json"
READY = ".cx-map-table .cx-map-select >> nth=0"
LATE = "3、如果配送超过30分钟，您觉得如何？"
LONG = "5、请问您对本次购物体验中从下单、支付、配送到售后服务的整体流程还有哪些具体的意见或建议？（选填）"


@pytest.fixture(scope="module")
def pages_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    """A Voila of the course's configuration serving ``tests/e2e/notebooks/widgets``."""
    server = TestServer(PAGES, tmp_path_factory.mktemp("column-map")).start()
    yield server
    server.close()


@pytest.fixture
def page_base_url(pages_server: TestServer) -> str:
    """The ``page`` fixture's base URL: this module never starts the course server."""
    return pages_server.url


def row(page: Page, key: str) -> Locator:
    return page.locator(f".cx-map-row[data-key='{key}']")


def texts(language: str = "zh-CN") -> dict[str, str]:
    """The table's texts the notebook takes from the catalogue (file ``问卷星导出.xlsx``, 4 rows)."""
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    keys = {"field": "mapping.col.field", "column": "mapping.col.column",
            "samples": "mapping.col.samples", "none": "mapping.none",
            "required": "mapping.required", "caption": "mapping.caption"}
    words = {name: catalogue[key][language] for name, key in keys.items()}
    words["caption"] = words["caption"].format(name="问卷星导出.xlsx", rows=4)
    return words


def test_the_mapping_table_by_keyboard_reaches_the_kernel(
    page: Page, pages_server: TestServer
) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})  # a projector
    open_notebook(page, NOTEBOOK, learner=None, ready=READY, base_url=pages_server.url)
    words = texts()
    table = page.locator(".cx-map-table")
    expect(table.locator("caption")).to_have_text(words["caption"])
    expect(table.locator("thead th[scope=col]")).to_have_text(
        [words["field"], words["column"], words["samples"]]
    )
    groups = table.locator("th[scope=rowgroup]")
    expect(groups).to_have_text(["受访者", "功能 1：30 分钟送达", "NPS"])
    expect(table.locator(".cx-map-row")).to_have_count(5)

    # Every select is named by its field and offers "not used" then every column, in order.
    late = row(page, "f1_dysf")
    select = late.locator("select.cx-map-select")
    expect(select).to_have_attribute("aria-label", "功能 1：不具备时的感受")
    expect(select).to_have_attribute("aria-required", "true")
    expect(select.locator("option")).to_have_count(8)
    expect(select.locator("option").nth(0)).to_have_text(words["none"])
    expect(select.locator("option").nth(7)).to_have_attribute("title", LONG)
    expect(select).to_have_value("")

    # The required field without a column, and the table's own message.
    expect(late).to_have_class("cx-map-row cx-map-missing")
    expect(late.locator(".cx-map-required")).to_have_attribute("title", words["required"])
    expect(late.locator(".cx-map-sr")).to_contain_text(words["required"])
    overall = page.locator(".cx-map-problem-all[role=alert]")
    expect(overall).to_have_text("还有 1 个必填字段没有对应的列。")

    # The row with a problem: class, aria-invalid, the message in an alert it points to.
    bad = row(page, "seg")
    expect(bad).to_have_class("cx-map-row cx-map-bad")
    bad_select = bad.locator(".cx-map-select")
    expect(bad_select).to_have_attribute("aria-invalid", "true")
    problem = bad.locator(".cx-map-problem[role=alert]")
    expect(problem).to_have_text("这一列的回答有 3 种以上，不像细分群体。")
    assert problem.get_attribute("id") == bad_select.get_attribute("aria-describedby")
    expect(select).not_to_have_attribute("aria-invalid", "true")
    expect(bad.locator(".cx-map-sample")).to_have_text(
        ["2026/11/30 10:01", "2026/11/30 10:05", "2026/11/30 11:20"]
    )
    table.scroll_into_view_if_needed()
    screenshot(page, "column_map-proposed", full_page=False)

    # Keyboard: focus the select and type the start of the column ("3"): chosen at once.
    select.focus()
    page.keyboard.press("3")
    expect(select).to_have_value(LATE)
    shown = page.locator(".cx-test-value")
    expect(shown).to_contain_text(f'"f1_dysf": "{LATE}"')
    expect(late.locator(".cx-map-sample")).to_have_text(["我很不喜欢", "无所谓", "我能忍受"])
    expect(late).to_have_class("cx-map-row")
    expect(overall).to_be_hidden()  # the kernel's change came down
    expect(select).to_be_focused()
    page.keyboard.press("ArrowDown")  # the next column: the NPS question
    expect(shown).to_contain_text('"f1_dysf": "4、您有多大可能向朋友推荐我们？（0-10分）"')
    expect(late.locator(".cx-map-sample")).to_have_text(["9", "10", "6"])
    page.keyboard.press("Home")  # back to "not used": the row is missing again
    expect(shown).to_contain_text('"f1_dysf": ""')
    expect(late).to_have_class("cx-map-row cx-map-missing")
    expect(late.locator(".cx-map-sample")).to_have_count(0)
    row(page, "f1_dysf").locator(".cx-map-select").select_option(LATE)
    expect(shown).to_contain_text(f'"f1_dysf": "{LATE}"')

    # A long answer is cut to 40 characters; a long column name is the select's title.
    row(page, "seg").locator(".cx-map-select").select_option(LONG)
    sample = row(page, "seg").locator(".cx-map-sample").first
    expect(sample).to_have_text("希望配送员能提前打电话通知，另外包装可以再环保一些，减少塑料袋的使用，祝你们越…")
    expect(sample).to_have_attribute("title", sample.inner_text())
    expect(row(page, "seg").locator(".cx-map-select")).to_have_attribute("title", LONG)

    # The editable name: typed, throttled to the kernel. The kernel heads the group with the
    # name, so the table is rebuilt while the learner types: focus and caret stay.
    name = row(page, "f1_func").locator("input.cx-map-name")
    expect(name).to_have_attribute("aria-label", "功能 1 的名称")
    expect(name).to_have_value("30 分钟送达")
    name.focus()
    page.keyboard.press("End")
    page.keyboard.type("（市区）")
    expect(shown).to_contain_text('"names": {"f1_func": "30 分钟送达（市区）"}')
    expect(groups.nth(1)).to_have_text("功能 1：30 分钟送达（市区）")
    name = row(page, "f1_func").locator("input.cx-map-name")  # the rebuilt row's
    expect(name).to_have_value("30 分钟送达（市区）")
    expect(name).to_be_focused()
    page.keyboard.press("Home")
    page.keyboard.type("≤")
    expect(groups.nth(1)).to_have_text("功能 1：≤30 分钟送达（市区）")
    expect(name).to_have_value("≤30 分钟送达（市区）")
    expect(name).to_be_focused()
    assert page.evaluate("document.activeElement.selectionStart") == 1

    # A word composed with an input method is sent once committed, never the pinyin.
    ime = page.context.new_cdp_session(page)
    ime.send("Input.imeSetComposition", {"text": "kuai", "selectionStart": 4, "selectionEnd": 4})
    expect(name).to_have_value("≤kuai30 分钟送达（市区）")
    ime.send("Input.insertText", {"text": "快"})
    expect(groups.nth(1)).to_have_text("功能 1：≤快30 分钟送达（市区）")
    expect(name).to_have_value("≤快30 分钟送达（市区）")
    expect(name).to_be_focused()
    assert page.evaluate("document.activeElement.selectionStart") == 2
    typed = json.loads(shown.inner_text())["typed"]
    assert typed[-1] == "≤快30 分钟送达（市区）", typed
    assert not [text for text in typed if "kuai" in text], typed
    ime.detach()

    page.keyboard.press("Tab")  # from the name box to the field's select
    expect(row(page, "f1_func").locator(".cx-map-select")).to_be_focused()
    expect(row(page, "f1_func").locator(".cx-map-sample")).to_have_text(["我很喜欢", "理所当然"])

    table.scroll_into_view_if_needed()
    screenshot(page, "column_map-edited", full_page=False)
    box = table.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280, box
