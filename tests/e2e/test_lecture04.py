"""Lecture 04 (journey map and emotion curve) in a real browser.

Drag a point with the mouse and with the keyboard and see the Python side answer (the
remembered score computed by ``cxwidgets.journey.peak_end``), add a touchpoint, reload and
find the curve as it was, reshape and keep, export the map as PNG/SVG, and take screenshots
at projector and laptop sizes.
"""

from __future__ import annotations

import json
import struct

import pytest
from playwright.sync_api import Locator, Page, expect

from cxwidgets import charts, journey_charts
from cxwidgets import journey as J

from .browser import SCREENSHOTS, open_notebook, screenshot

pytestmark = pytest.mark.e2e

LECTURE = "04_journey.ipynb"
READY = ".cx-header.cx-ready"  # the page header says the notebook has finished running
CURVE_READY = ".cx-ex-emotion-curve .cx-ec-editable"
KERNEL = 30_000  # ms to wait for an answer from the kernel (generous: CI machines are slow)
PIXELS_PER_POINT = 28  # emotion_curve.js: plotHeight 280 px for the 10 points of -5..+5


def open_lecture(page: Page, learner: str) -> Page:
    """Open lecture 04 for ``learner`` and wait until the emotion curve is drawn."""
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    page.locator(CURVE_READY).first.wait_for(timeout=120_000)
    return page


def reload(page: Page) -> None:
    page.reload()
    page.locator(READY).wait_for(timeout=120_000)
    page.locator(CURVE_READY).first.wait_for(timeout=120_000)


def point(page: Page, series: int, index: int) -> Locator:
    return page.locator(
        f'.cx-ex-emotion-curve .cx-ec-editable[data-series="{series}"][data-index="{index}"]'
    )


def remembered(page: Page, curve: str = "c1") -> Locator:
    return page.locator(f'.cx-ex-peak-end .cx-pe-remembered[data-curve="{curve}"]')


def average(page: Page, curve: str = "c1") -> Locator:
    return page.locator(f'.cx-ex-peak-end .cx-pe-average[data-curve="{curve}"]')


def drag_by(page: Page, target: Locator, points: float) -> None:
    """Press on the dot, move it up by ``points`` on the emotion scale in small steps, release."""
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None
    x = box["x"] + box["width"] / 2
    y = box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - points * PIXELS_PER_POINT, steps=12)
    page.mouse.up()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (and check the signature)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def stored_journey(voila_server, learner: str) -> J.Journey:
    path = voila_server.workbook_dir / f"{learner}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    return J.Journey.from_dict(document["sections"]["04/journey"]["value"])


def test_drag_with_the_mouse_updates_python_and_survives_reload(
    page: Page, learner: str, voila_server
) -> None:
    open_lecture(page, learner)
    reschedule = point(page, 0, 6)  # 装维师傅电话临时改约, -4: the most intense moment
    expect(reschedule).to_have_attribute("aria-valuenow", "-4", timeout=KERNEL)
    expect(remembered(page)).to_have_text("-2.5", timeout=KERNEL)  # (-4 + -1) / 2

    drag_by(page, reschedule, 5)

    expect(reschedule).to_have_attribute("aria-valuenow", "1", timeout=KERNEL)
    # Python recomputed: +4 (speed test) and -4 (fault hotline) now tie, the first counts.
    expect(remembered(page)).to_have_text("+1.5", timeout=KERNEL)
    expect(page.locator('.cx-ex-emotion-curve .cx-ec-remembered[data-series="0"]')).to_contain_text(
        "+1.5", timeout=KERNEL
    )
    expect(page.locator(".cx-ex-emotion-curve .cx-ec-mark-valley").first).to_be_visible(
        timeout=KERNEL
    )
    expect(page.locator(".cx-header .cx-save-status")).not_to_be_empty(timeout=KERNEL)

    reload(page)
    expect(point(page, 0, 6)).to_have_attribute("aria-valuenow", "1", timeout=KERNEL)
    expect(remembered(page)).to_have_text("+1.5", timeout=KERNEL)
    assert stored_journey(voila_server, learner).curve("c1").values["t7"] == 1.0


def test_keyboard_moves_a_point(page: Page, learner: str) -> None:
    open_lecture(page, learner)
    expect(average(page)).to_have_text("-0.1", timeout=KERNEL)
    point(page, 0, 14).focus()
    page.keyboard.press("ArrowRight")  # to the last touchpoint, the end (-1)
    last = point(page, 0, 15)
    expect(last).to_be_focused(timeout=KERNEL)
    for _ in range(4):
        page.keyboard.press("ArrowUp")  # +0.5 each
    expect(last).to_have_attribute("aria-valuenow", "1", timeout=KERNEL)
    expect(average(page)).to_have_text("0", timeout=KERNEL)  # the sum went from -2 to 0
    expect(remembered(page)).to_have_text("-1.5", timeout=KERNEL)  # (-4 + 1) / 2
    expect(page.locator(".cx-ex-emotion-curve .cx-ec-readout-text")).to_have_text(
        "+1", timeout=KERNEL
    )
    page.keyboard.press("End")
    expect(last).to_have_attribute("aria-valuenow", "-5", timeout=KERNEL)
    expect(remembered(page)).to_have_text(
        "-5.0", timeout=KERNEL
    )  # the end is now the most intense moment too


def test_add_a_touchpoint_and_draw_it(page: Page, learner: str, voila_server) -> None:
    open_lecture(page, learner)
    editor = page.locator(".cx-ex-journey-editor")
    editor.locator(".cx-journey-stages select").select_option(index=6)  # 续约/升级
    expect(editor.locator(".cx-journey-stage-name input")).to_have_value(
        "续约/升级", timeout=KERNEL
    )
    name = editor.locator(".cx-journey-tp-name input")
    editor.locator(".cx-journey-touchpoints select").select_option(index=1)  # the last one
    expect(name).to_have_value("线上确认续约", timeout=KERNEL)
    editor.locator("button.cx-journey-add-tp").click()
    expect(name).to_have_value("新触点", timeout=KERNEL)
    name.fill("安装一周后回访电话")
    editor.locator(".cx-journey-tp-tag button").nth(2).click()  # delight

    points = page.locator('.cx-ex-emotion-curve .cx-ec-editable[data-series="0"]')
    expect(points).to_have_count(17, timeout=KERNEL)
    added = point(page, 0, 16)
    expect(added).to_have_attribute("aria-label", "现在的感受：安装一周后回访电话", timeout=KERNEL)
    expect(added).to_have_attribute("aria-valuetext", "未设定", timeout=KERNEL)
    expect(editor.locator(".cx-journey-card", has_text="安装一周后回访电话")).to_be_visible(
        timeout=KERNEL
    )
    # The new tag has reached the curve too (4 delight points in the sample, now 5).
    expect(page.locator(".cx-ex-emotion-curve .cx-ec-tag-delight")).to_have_count(5, timeout=KERNEL)

    drag_by(page, added, 3)  # an unset point starts at 0
    expect(added).to_have_attribute("aria-valuenow", "3", timeout=KERNEL)
    expect(remembered(page)).to_have_text(
        "-0.5", timeout=KERNEL
    )  # (-4 + 3) / 2: the new end lifts the memory
    expect(page.locator(".cx-header .cx-save-status")).not_to_be_empty(timeout=KERNEL)

    reload(page)
    expect(point(page, 0, 16)).to_have_attribute("aria-valuenow", "3", timeout=KERNEL)
    journey = stored_journey(voila_server, learner)
    last = journey.touchpoints()[-1]
    assert (last.name, last.tag) == ("安装一周后回访电话", "delight")
    assert journey.curve("c1").values[last.id] == 3.0


def test_reshape_keep_and_key_touchpoints(page: Page, learner: str, voila_server) -> None:
    open_lecture(page, learner)
    reshape = page.locator(".cx-ex-reshape")
    result = reshape.locator(".cx-reshape-result [data-after]")
    expect(result).to_have_attribute("data-before", "-2.5", timeout=KERNEL)
    # The suggested plan raises the peak, lifts the valley and adds a closing moment (+3).
    expect(result).to_have_attribute("data-after", "4", timeout=KERNEL)
    expect(reshape.locator(".cx-ec-line")).to_have_count(2, timeout=KERNEL)
    reshape.locator("button.cx-reshape-keep").click()
    expect(reshape.locator(".cx-reshape-kept-text")).to_contain_text("+4.0", timeout=KERNEL)

    key = page.locator(".cx-ex-key-touchpoints")
    key.locator("button.cx-key-pick").click()
    expect(key.locator(".cx-key-check input:checked")).to_have_count(7, timeout=KERNEL)
    idea = key.locator(".cx-key-row-t7 .cx-key-idea input")
    idea.fill("提前一天确认时段，改约由公司给两个备选")
    # The kernel has the idea (it counts it) before the page goes away.
    expect(key.locator(".cx-key-summary [data-ideas]")).to_have_attribute(
        "data-ideas", "1", timeout=KERNEL
    )
    expect(key.locator(".cx-key-summary [data-marked]")).to_have_attribute(
        "data-marked", "7", timeout=KERNEL
    )
    expect(page.locator(".cx-header .cx-save-status")).not_to_be_empty(timeout=KERNEL)
    reload(page)
    expect(page.locator(".cx-ex-key-touchpoints .cx-key-row-t7 .cx-key-idea input")).to_have_value(
        "提前一天确认时段，改约由公司给两个备选", timeout=KERNEL
    )
    expect(page.locator(".cx-ex-reshape .cx-reshape-kept-text")).to_be_visible(timeout=KERNEL)
    document = json.loads(
        (voila_server.workbook_dir / f"{learner}.json").read_text(encoding="utf-8")
    )
    items = document["sections"]["04/key_touchpoints"]["value"]["items"]
    assert [item["touchpoint_id"] for item in items] == [
        "t1",
        "t4",
        "t7",
        "t9",
        "t10",
        "t13",
        "t16",
    ]
    assert document["sections"]["04/reshape"]["done"] is True


def test_export_png_and_svg(page: Page, learner: str) -> None:
    open_lecture(page, learner)
    export = page.locator(".cx-ex-journey-export")
    export.locator("button.cx-export-preview").click()
    expect(export.locator(".cx-chart-svg svg")).to_have_count(1, timeout=120_000)

    with page.expect_download() as info:
        export.locator("button.cx-download-journey-png").click()
    download = info.value
    assert download.suggested_filename == f"journey-map-{learner}.png"
    data = download.path().read_bytes()
    expected = charts.to_png(
        charts.style(journey_charts.journey_map_chart(J.sample_journey("zh-CN")))
    )
    assert png_size(data) == png_size(expected)
    width, height = png_size(data)
    assert width > 16 * 60 * 2 and height > 400 * 2  # 16 touchpoints, scale 2

    with page.expect_download() as info:
        export.locator("button.cx-download-journey-svg").click()
    svg = info.value.path().read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "家庭宽带客户旅程" in svg


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1440, 900)])
def test_screenshots_of_the_curve(page: Page, learner: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_lecture(page, learner)
    curve = page.locator(".cx-ex-emotion-curve")
    point(page, 0, 6).focus()  # shows the value readout and the focus ring
    curve.scroll_into_view_if_needed()
    svg = curve.locator(".cx-ec-svg")
    scroll = curve.locator(".cx-ec-scroll")
    # The whole journey fits: no sideways scrolling at these sizes.
    assert scroll.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert svg.bounding_box()["width"] > 0.6 * width
    screenshot(page, f"lecture04-curve-{width}x{height}", full_page=False)
    curve.screenshot(path=str(SCREENSHOTS / f"lecture04-curve-{width}x{height}-exercise.png"))


def test_switch_to_english(page: Page, learner: str) -> None:
    open_lecture(page, learner)
    page.locator(".cx-header .cx-language button").nth(1).click()
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=KERNEL)
    expect(page.locator(".cx-ex-emotion-curve .cx-ec-remembered").first).to_contain_text(
        "remembered", timeout=KERNEL
    )
    expect(point(page, 0, 0)).to_have_attribute(
        "aria-label", "Feeling today: Plan leaflet and price terms", timeout=KERNEL
    )
    expect(page.locator(".cx-ex-peak-end .cx-pe-explain")).to_contain_text(
        "remember", timeout=KERNEL
    )
    screenshot(page, "lecture04-english")
