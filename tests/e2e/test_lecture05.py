"""Lecture 05 (service blueprint) in a real browser: from the learner's journey to a checked
blueprint, a check that appears and disappears as it is fixed, the ranking, the reference,
exports, a reload and the English switch.

The learner's lecture-04 journey is put into their workbook file before the page opens (the
lecture-04 editor has its own browser tests); everything on the lecture-05 page is clicked,
typed or chosen as a learner does.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cxwidgets import journey as J
from cxwidgets.workbook import Workbook

from .browser import SCREENSHOTS, open_notebook, wait_saved

pytestmark = pytest.mark.e2e

LECTURE = "05_blueprint.ipynb"
KERNEL = 60_000
CHART_MS = 180_000  # the first chart waits for Altair and Vega on a busy machine


def own_journey() -> dict:
    """Three touchpoints; the second is a valley (-3)."""
    return J.Journey.from_dict(
        {
            "title": "我的宽带",
            "stages": [
                {"id": "s1", "name": "下单", "touchpoints": [{"id": "t1", "name": "线上下单"}]},
                {"id": "s2", "name": "安装", "touchpoints": [
                    {"id": "t2", "name": "师傅改约"}, {"id": "t3", "name": "现场测速"}]},
            ],
            "curves": [{"id": "c1", "name": "感受", "values": {"t1": 1, "t2": -3, "t3": 3}}],
        }
    ).to_dict()


def shot(locator, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    locator.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def finding(editor, check: str, step: str):
    return editor.locator(f'.cx-bp-checks .cx-bp-finding[data-check="{check}"][data-step="{step}"]')


def saved(page: Page, voila_server, learner: str, section: str, until) -> dict:
    document = wait_saved(page, voila_server.workbook_dir, learner, section, until)
    return document["sections"][section]["value"]


def fail_of(value: dict, step_id: str) -> dict | None:
    for step in value["blueprint"]["steps"]:
        if step["id"] == step_id:
            return step["fail"]
    return None


def test_blueprint_from_the_journey_checked_ranked_and_kept(
    page: Page, learner: str, voila_server
) -> None:
    book = Workbook(learner, directory=voila_server.workbook_dir, debounce=0.0)
    book.set("04/journey", own_journey())
    book.flush()
    page.set_viewport_size({"width": 1280, "height": 720})
    open_notebook(page, LECTURE, learner=learner)
    editor = page.locator(".cx-ex-blueprint-editor")
    steps = editor.locator(".cx-bp-steps select")
    expect(steps.locator("option")).to_have_count(3, timeout=KERNEL)

    # build it from the journey by clicking: three customer actions, linked in order
    editor.locator("button.cx-bp-from-journey").click()
    value = saved(page, voila_server, learner, "05/blueprint",
                  lambda v: v["blueprint"]["source"] == "journey")
    assert [s["text"] for s in value["blueprint"]["steps"]] == ["线上下单", "师傅改约", "现场测速"]
    expect(finding(editor, "customer_alone", "b1")).to_be_visible()
    expect(finding(editor, "valley", "b2")).to_be_visible()  # -3 at t2, no fail point

    # a finding leads to its step: customer alone x 3, then the valley of step 2
    editor.locator(".cx-bp-goto select").select_option(index=4)
    expect(editor.locator(".cx-bp-text input")).to_have_value("师傅改约", timeout=KERNEL)
    expect(editor.locator(".cx-bp-step-checks")).to_contain_text("-3")
    # keyboard: the step list moves with the arrow keys
    steps.focus()
    steps.press("ArrowDown")
    expect(editor.locator(".cx-bp-text input")).to_have_value("现场测速", timeout=KERNEL)
    steps.press("ArrowUp")
    expect(editor.locator(".cx-bp-form-heading")).to_contain_text("2", timeout=KERNEL)
    expect(editor.locator(".cx-bp-text input")).to_have_value("师傅改约", timeout=KERNEL)

    # mark a fail point: one check appears, the valley goes
    editor.locator(".cx-bp-is-fail input").check()
    expect(finding(editor, "fail_incomplete", "b2")).to_be_visible(timeout=KERNEL)
    expect(finding(editor, "valley", "b2")).to_have_count(0)
    editor.locator(".cx-bp-fail-text input").fill("临时改约")
    editor.locator(".cx-bp-prevention input").fill("派单锁定时段")
    editor.locator(".cx-bp-recovery input").fill("主动致歉并优先改约")
    expect(finding(editor, "fail_incomplete", "b2")).to_be_visible()  # owner still missing
    shot(editor.locator(".cx-bp-board"), "lecture05-editor-fail-point")
    editor.locator(".cx-bp-fail-owner input").fill("调度中心")
    expect(finding(editor, "fail_incomplete", "b2")).to_have_count(0, timeout=KERNEL)
    for css, label in (("severity", "7"), ("occurrence", "6"), ("detection", "4")):
        editor.locator(f".cx-bp-{css} select").select_option(label=label)
    editor.locator(".cx-bp-gap select").select_option(index=2)  # gap 3
    shot(editor.locator(".cx-bp-fail-box"), "lecture05-fail-box")
    saved(page, voila_server, learner, "05/blueprint",
          lambda v: (fail_of(v, "b2") or {}).get("owner") == "调度中心"
          and fail_of(v, "b2")["detection"] == 4 and fail_of(v, "b2")["gap"] == 3)

    # add an onstage step in the same column and type its text: b2 gets a counterpart
    editor.locator(".cx-bp-new-lane select").select_option(index=2)  # onstage
    editor.locator("button.cx-bp-add").click()
    expect(editor.locator(".cx-bp-form-heading")).to_contain_text("3", timeout=KERNEL)
    text = editor.locator(".cx-bp-text input")
    text.fill("师傅来电确认")
    editor.locator(".cx-bp-owner input").fill("装维师傅")
    editor.locator(".cx-bp-links select").select_option(index=1)  # -> step 2
    expect(finding(editor, "onstage_unsupported", "b4")).to_be_visible(timeout=KERNEL)
    saved(page, voila_server, learner, "05/blueprint",
          lambda v: any(s["text"] == "师傅来电确认" and s["links"] == ["b2"]
                        for s in v["blueprint"]["steps"]))
    chart = editor.locator(".cx-bp-chart svg").first
    expect(chart).to_contain_text("师傅来电确认", timeout=CHART_MS)
    shot(editor.locator(".cx-bp-chart"), "lecture05-chart")
    shot(editor.locator(".cx-bp-checks-title"), "lecture05-checks")

    # exports through the download buttons
    with page.expect_download() as info:
        editor.locator("button.cx-download-blueprint-svg").click()
    assert info.value.suggested_filename == f"blueprint-{learner}.svg"
    assert "<svg" in info.value.path().read_text(encoding="utf-8")[:400]

    # exercise 3: 7 x 6 x 4 = 168 at an emotion of -3 (weight 1.6) = 268.8, gap 3
    ranking = page.locator(".cx-ex-blueprint-ranking")
    row = ranking.locator('.cx-bp-rank-row[data-step="b2"]')
    expect(row).to_contain_text("268.8", timeout=KERNEL)
    expect(row).to_contain_text("168")
    ranking.locator(".cx-bp-order button").nth(1).click()
    saved(page, voila_server, learner, "05/fail_points", lambda v: v["order"] == "rpn")
    shot(ranking, "lecture05-ranking")

    # exercise 4: the reference opens on demand
    reference = page.locator(".cx-ex-blueprint-reference")
    expect(reference.locator(".cx-bp-compare")).to_be_hidden()
    reference.locator("button.cx-bp-reference-toggle").click()
    expect(reference.locator(".cx-bp-compare")).to_be_visible(timeout=KERNEL)
    expect(reference.locator(".cx-bp-chart svg").first).to_be_visible(timeout=CHART_MS)
    saved(page, voila_server, learner, "05/reference", lambda v: v["seen"] is True)
    shot(reference, "lecture05-reference")

    # everything is back after a reload
    open_notebook(page, LECTURE, learner=learner)
    expect(steps.locator("option")).to_have_count(4, timeout=KERNEL)
    steps.select_option(index=1)
    expect(editor.locator(".cx-bp-prevention input")).to_have_value("派单锁定时段", timeout=KERNEL)
    expect(editor.locator(".cx-bp-fail-owner input")).to_have_value("调度中心")
    expect(page.locator('.cx-ex-blueprint-ranking .cx-bp-rank-row[data-step="b2"]')).to_contain_text(
        "268.8", timeout=KERNEL
    )
    expect(reference.locator(".cx-bp-compare")).to_be_visible(timeout=KERNEL)

    # English once
    page.locator(".cx-header .cx-language button").nth(1).click()
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=KERNEL)
    expect(steps.locator("option").first).to_contain_text("Customer actions", timeout=KERNEL)
    expect(editor.locator(".cx-bp-checks")).to_contain_text("Step 4", timeout=KERNEL)
    shot(editor, "lecture05-english")
