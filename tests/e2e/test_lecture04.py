"""Lecture 04 (journey map and emotion curve) in a real browser.

Drag a point with the mouse and with the keyboard and see the Python side answer (the
remembered score computed by ``cxwidgets.journey.peak_end``), add a touchpoint, reload and
find the curve as it was, reshape and keep, export the map as PNG/SVG, and take screenshots
at projector and laptop sizes. Every "saved" check reads the workbook file
(``browser.wait_saved``); drags aim at the grid line the page drew for the target value.
"""

from __future__ import annotations

import base64
import re
import struct
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Locator, Page, expect

from cxwidgets import journey as J
from cxwidgets import report

from .browser import SCREENSHOTS, open_notebook, screenshot, wait_saved

pytestmark = pytest.mark.e2e

LECTURE = "04_journey.ipynb"
READY = ".cx-header.cx-ready"  # the page header says the notebook has finished running
CURVE_READY = ".cx-ex-emotion-curve .cx-ec-editable"
KERNEL = 30_000  # ms to wait for an answer from the kernel (generous: CI machines are slow)
JOURNEY = "04/journey"
# The sample's curve colours (data/journey_sample.json) and the map's stage band fills
# (the journey_charts docstring: alternating #eef3f9 / #f8fafc), as RGB.
CURVE_RGB = {"c1": (0x25, 0x63, 0xEB), "c2": (0xEA, 0x58, 0x0C)}
BAND_RGB = ((0xEE, 0xF3, 0xF9), (0xF8, 0xFA, 0xFC))


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


def gridline(page: Page, tick: str) -> Locator:
    """The emotion curve's grid line of the scale value whose number reads ``tick`` (``"+1"``).

    Each grid line is drawn right before its number (``.cx-ec-tick``) in the grid.
    """
    number = page.locator(".cx-ex-emotion-curve .cx-ec-grid .cx-ec-tick").filter(
        has_text=re.compile(f"^{re.escape(tick)}$")
    )
    expect(number).to_have_count(1)
    return number.locator("xpath=preceding-sibling::*[1]")


def drag_to(page: Page, target: Locator, tick: str) -> None:
    """Press on the dot, move it in small steps onto the grid line of ``tick``, release."""
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    line = gridline(page, tick).bounding_box()
    assert box is not None and line is not None
    x = box["x"] + box["width"] / 2
    y = box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, line["y"] + line["height"] / 2, steps=12)
    page.mouse.up()


def curve_value(touchpoint: str, expected: float, curve: str = "c1"):
    """A ``wait_saved`` predicate: the stored journey's ``curve`` has ``expected`` there."""

    def holds(journey: dict) -> bool:
        values = next(c for c in journey["curves"] if c["id"] == curve)["values"]
        return values.get(touchpoint) == expected

    return holds


def assert_inside(svg: Locator) -> None:
    """Every drawn point, badge, label and the readout can be seen: inside the SVG's box and
    inside the visible part of its scroller (the curve fits without sideways scrolling)."""
    outside = svg.evaluate(
        """svg => {
          const scroller = svg.closest(".cx-ec-scroll");
          const a = svg.getBoundingClientRect();
          const b = scroller.getBoundingClientRect();
          const left = Math.max(a.left, b.left);
          const right = Math.min(a.right, b.left + scroller.clientWidth);
          const parts = svg.querySelectorAll(
            ".cx-ec-point, .cx-ec-mark, .cx-ec-intense, .cx-ec-label, .cx-ec-tag, .cx-ec-readout"
          );
          return [...parts].filter((el) => getComputedStyle(el).display !== "none").map((el) => {
            const r = el.getBoundingClientRect();
            return { cls: el.getAttribute("class"), index: el.dataset.index,
                     left: r.left - left, right: right - r.right };
          }).filter((r) => r.left < -0.5 || r.right < -0.5);
        }"""
    )
    assert outside == [], outside


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (and check the signature)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def png_pixels(page: Page, data: bytes, colours: list[tuple[int, int, int]]) -> dict:
    """Decode ``data`` in the browser: its size, its top-left pixel and how many pixels have
    each of ``colours`` exactly (RGB)."""
    url = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return page.evaluate(
        """async ([url, colours]) => {
          const image = new Image();
          image.src = url;
          await image.decode();
          const canvas = document.createElement("canvas");
          canvas.width = image.naturalWidth;
          canvas.height = image.naturalHeight;
          const context = canvas.getContext("2d");
          context.drawImage(image, 0, 0);
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          const counts = colours.map(() => 0);
          for (let i = 0; i < pixels.length; i += 4) {
            colours.forEach(([r, g, b], k) => {
              if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) counts[k] += 1;
            });
          }
          return { width: canvas.width, height: canvas.height, counts,
                   corner: [pixels[0], pixels[1], pixels[2], pixels[3]] };
        }""",
        [url, colours],
    )


def test_drag_with_the_mouse_updates_python_and_survives_reload(
    page: Page, learner: str, voila_server
) -> None:
    open_lecture(page, learner)
    reschedule = point(page, 0, 6)  # 装维师傅电话临时改约, -4: the most intense moment
    expect(reschedule).to_have_attribute("aria-valuenow", "-4", timeout=KERNEL)
    expect(remembered(page)).to_have_text("-2.5", timeout=KERNEL)  # (-4 + -1) / 2

    drag_to(page, reschedule, "+1")

    expect(reschedule).to_have_attribute("aria-valuenow", "1", timeout=KERNEL)
    # Python recomputed: the sum went from -2 to +3 (average +3/16), the valley moved to the
    # fault hotline (#13), and since +4 (speed test) and -4 (hotline) tie, the negative one
    # counts: the remembered score stays (-4 + -1) / 2.
    expect(average(page)).to_have_text("+0.2", timeout=KERNEL)
    valley = page.locator('.cx-ex-emotion-curve .cx-ec-mark-valley[data-series="0"]')
    expect(valley).to_have_attribute("data-index", "12", timeout=KERNEL)
    expect(remembered(page)).to_have_text("-2.5", timeout=KERNEL)
    expect(page.locator('.cx-ex-emotion-curve .cx-ec-remembered[data-series="0"]')).to_contain_text(
        "-2.5", timeout=KERNEL
    )
    wait_saved(page, voila_server.workbook_dir, learner, JOURNEY, curve_value("t7", 1.0))

    reload(page)
    expect(point(page, 0, 6)).to_have_attribute("aria-valuenow", "1", timeout=KERNEL)
    expect(average(page)).to_have_text("+0.2", timeout=KERNEL)


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
    expect(average(page)).to_have_text("0.0", timeout=KERNEL)  # the sum went from -2 to 0
    expect(remembered(page)).to_have_text("-1.5", timeout=KERNEL)  # (-4 + 1) / 2
    expect(page.locator(".cx-ex-emotion-curve .cx-ec-readout-text")).to_have_text(
        "+1.0", timeout=KERNEL
    )
    page.keyboard.press("End")
    expect(last).to_have_attribute("aria-valuenow", "-5", timeout=KERNEL)
    expect(last).to_have_attribute("aria-valuetext", "-5.0", timeout=KERNEL)
    # The end is now the most intense moment too: (-5 + -5) / 2, written as Python writes it.
    expect(remembered(page)).to_have_text("-5.0", timeout=KERNEL)


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

    drag_to(page, added, "+3")  # an unset point is drawn at 0
    expect(added).to_have_attribute("aria-valuenow", "3", timeout=KERNEL)
    expect(remembered(page)).to_have_text(
        "-0.5", timeout=KERNEL
    )  # (-4 + 3) / 2: the new end lifts the memory

    def added_and_drawn(journey: dict) -> bool:
        last = journey["stages"][-1]["touchpoints"][-1]
        values = next(c for c in journey["curves"] if c["id"] == "c1")["values"]
        return (last["name"], last["tag"], values.get(last["id"])) == (
            "安装一周后回访电话",
            "delight",
            3.0,
        )

    wait_saved(page, voila_server.workbook_dir, learner, JOURNEY, added_and_drawn)

    # Exercise 4 follows: its dropdowns offer the new (now drawn) touchpoint.
    reshape = page.locator(".cx-ex-reshape")
    for name in ("peak", "valley", "move"):
        options = reshape.locator(f".cx-reshape-{name} select option")
        expect(options).to_have_count(18, timeout=KERNEL)  # "none" + 17 touchpoints
        expect(options.last).to_have_text("17. 安装一周后回访电话", timeout=KERNEL)
    expect(reshape.locator(".cx-reshape-move-to select option")).to_have_count(17, timeout=KERNEL)

    # Nothing of the new end point (dot, focus ring, readout, end badge) is cut off at the
    # right edge, in exercise 2 nor in the what-if where a closing moment follows it.
    added.focus()
    end = page.locator('.cx-ex-emotion-curve .cx-ec-mark-end[data-series="0"]')
    expect(end).to_have_attribute("data-index", "16", timeout=KERNEL)
    for exercise in (".cx-ex-emotion-curve", ".cx-ex-reshape"):
        assert_inside(page.locator(f"{exercise} .cx-ec-svg"))
    page.locator(".cx-ex-reshape .cx-ec-svg").scroll_into_view_if_needed()
    screenshot(page, "lecture04-reshape-new-end", full_page=False)

    reload(page)
    expect(point(page, 0, 16)).to_have_attribute("aria-valuenow", "3", timeout=KERNEL)
    expect(point(page, 0, 16)).to_have_attribute(
        "aria-label", "现在的感受：安装一周后回访电话", timeout=KERNEL
    )


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
    typed = "提前一天确认时段，改约由公司给两个备选"

    def idea_stored(value: dict) -> bool:
        return any(item.get("idea") == typed for item in value["items"])

    document = wait_saved(
        page, voila_server.workbook_dir, learner, "04/key_touchpoints", idea_stored
    )
    reload(page)
    expect(page.locator(".cx-ex-key-touchpoints .cx-key-row-t7 .cx-key-idea input")).to_have_value(
        typed, timeout=KERNEL
    )
    expect(page.locator(".cx-ex-reshape .cx-reshape-kept-text")).to_be_visible(timeout=KERNEL)
    items = document["sections"]["04/key_touchpoints"]["value"]["items"]
    marked = [item["touchpoint_id"] for item in items]
    assert marked == ["t1", "t4", "t7", "t9", "t10", "t13", "t16"]  # the suggested seven
    assert document["sections"]["04/reshape"]["done"] is True


def svg_texts(svg: str) -> list[str]:
    """The text of every ``<text>`` element of an SVG document, its lines joined, no spaces."""
    root = ElementTree.fromstring(svg)
    return [
        "".join(element.itertext()).replace(" ", "")
        for element in root.iter("{http://www.w3.org/2000/svg}text")
    ]


def test_export_png_and_svg(page: Page, learner: str, voila_server) -> None:
    open_lecture(page, learner)
    export = page.locator(".cx-ex-journey-export")
    export.locator("button.cx-export-preview").click()
    preview = export.locator(".cx-chart-svg svg")
    expect(preview).to_have_count(1, timeout=120_000)
    shown = (float(preview.get_attribute("width")), float(preview.get_attribute("height")))

    with page.expect_download() as info:
        export.locator("button.cx-download-journey-png").click()
    download = info.value
    assert download.suggested_filename == f"journey-map-{learner}.png"
    # Drawn by the page's Vega from the spec the kernel sent (not by the kernel's vl-convert).
    expect(export.locator("button.cx-download-journey-png")).to_have_attribute(
        "data-drawn-by", "browser"
    )
    data = download.path().read_bytes()
    width, height = png_size(data)
    # The map the page previews, at scale 2 (journey_charts: 96 px per touchpoint for the 16
    # touchpoints and a 500 px high plot, plus axis, title and legend around them).
    assert (width, height) == (round(2 * shown[0]), round(2 * shown[1]))
    assert 2 * 16 * 96 < width < 2 * (16 * 96 + 300)
    assert 2 * 500 < height < 2 * (500 + 400)
    # It decodes, on white, with both curves and both band fills drawn.
    colours = [*CURVE_RGB.values(), *BAND_RGB]
    decoded = png_pixels(page, data, colours)
    assert (decoded["width"], decoded["height"]) == (width, height)
    assert decoded["corner"] == [255, 255, 255, 255]
    assert all(count > 2_000 for count in decoded["counts"]), dict(
        zip(["c1", "c2", "band 1", "band 2"], decoded["counts"], strict=True)
    )

    with page.expect_download() as info:
        export.locator("button.cx-download-journey-svg").click()
    assert info.value.suggested_filename == f"journey-map-{learner}.svg"
    expect(export.locator("button.cx-download-journey-svg")).to_have_attribute(
        "data-drawn-by", "browser"
    )
    svg = info.value.path().read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    # Every touchpoint of the sample is named under the plot ("1. name", wrapped into lines).
    drawn = svg_texts(svg)
    sample = J.sample_journey("zh-CN")
    assert sample.title.replace(" ", "") in drawn
    for number, touchpoint in enumerate(sample.touchpoints(), start=1):
        assert f"{number}.{touchpoint.name}".replace(" ", "") in drawn, touchpoint.name
    # The workbook notes both downloads (the browser said it saved them).
    wait_saved(page, voila_server.workbook_dir, learner, "04/journey_map",
               lambda value: {"png", "svg"} <= set(value["exported"]))


def test_export_without_vega_in_the_browser_falls_back_to_the_kernel(
    page: Page, learner: str, page_guard
) -> None:
    # The page cannot load the course's Vega bundle (a server without the cx template's files).
    page.route(re.compile(r"/static/vega\.js"), lambda route: route.fulfill(status=404))
    page_guard.allow(r"vega\.js|404|dynamically imported module")
    open_lecture(page, learner)
    export = page.locator(".cx-ex-journey-export")
    button = export.locator("button.cx-download-journey-png")
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == f"journey-map-{learner}.png"
    png_size(info.value.path().read_bytes())  # a real PNG (signature and header)
    expect(button).to_have_attribute("data-drawn-by", "kernel")


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


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_report_shows_the_journey_map_at_its_drawn_size(page: Page, language: str) -> None:
    """At 1280 px the report shows its charts no smaller than drawn (PNGs at scale 2), so the
    map's text, drawn at 12 px or more (tests/unit/test_journey_report.py), stays legible."""
    page.set_viewport_size({"width": 1280, "height": 900})
    document = {
        "learner": "t1",
        "sections": {"04/journey": {"value": J.sample_journey(language).to_dict()}},
    }
    page.set_content(report.build_html(document, language))
    images = page.locator("img.cx-report-chart")
    expect(images).to_have_count(1)
    shown, natural = images.evaluate(
        "img => img.decode().then(() => [img.getBoundingClientRect().width, img.naturalWidth])"
    )
    assert shown >= natural / 2 - 0.5, (shown, natural)
    screenshot(page, f"lecture04-report-{language}")
