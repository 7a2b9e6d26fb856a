"""Lecture 06 (moments of truth, E-MOT) in a real browser.

Pick an E-MOT, run the how-might-we board (ideas, a vote, a pointer drag and a keyboard
move onto the impact/effort grid), score concepts with a weight total of 90 refused and 100
accepted, choose the survivor, reload and find everything back, then the page in English.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cxwidgets import screening
from cxwidgets.report import build_html

from .browser import SCREENSHOTS, open_notebook, wait_saved, workbook_path

pytestmark = pytest.mark.e2e

LECTURE = "06_moments.ipynb"
READY_MS = 120_000


def open_lecture(page: Page, learner: str, lang: str | None = None) -> None:
    """Open the lecture and wait until its last (deferred) exercise is built."""
    open_notebook(page, LECTURE, learner=learner, lang=lang)
    page.locator(".cx-screen-apply").first.wait_for(timeout=READY_MS)


def shot(locator, name: str) -> None:
    """Scroll to ``locator`` and save the 1280x720 viewport as a screenshot."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    locator.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def saved_value(page: Page, voila_server, learner: str, section: str,
                until: Callable[[Any], bool]) -> Any:
    document = wait_saved(page, voila_server.workbook_dir, learner, section, until,
                          timeout=60_000)
    return document["sections"][section]["value"]


def drag(page: Page, source, target, fx: float, fy: float) -> None:
    """Drag ``source`` with the mouse to the point (fx, fy) of ``target``'s box (0..1)."""
    start = source.bounding_box()
    box = target.bounding_box()
    page.mouse.move(start["x"] + 12, start["y"] + start["height"] / 2)
    page.mouse.down()
    x, y = box["x"] + fx * box["width"], box["y"] + fy * box["height"]
    page.mouse.move(x, y, steps=12)
    page.mouse.up()


def pick_emot(page: Page, voila_server, learner: str) -> None:
    picker = page.locator(".cx-ex-emot-pick")
    expect(picker.locator(".cx-emot-table tbody tr")).to_have_count(16)
    # weights: typed, saved, back to the defaults with one click
    reach = picker.locator(".cx-emot-weight-reach input")
    reach.fill("0")
    reach.press("Tab")
    saved_value(page, voila_server, learner, "06/emot", lambda v: v["weights"]["reach"] == 0)
    picker.locator(".cx-emot-reset-weights").click()
    expect(reach).to_have_value("10")
    picker.locator(".cx-emot-curve select").select_option(index=1)  # the second curve
    picker.locator(".cx-emot-curve select").select_option(index=0)
    picker.locator(".cx-emot-focus select").select_option(index=12)  # t13, the repair hotline
    expect(picker.locator(".cx-emot-pain input[type=checkbox]")).to_be_checked()
    picker.locator(".cx-emot-memory input[type=checkbox]").check()
    # The kernel has applied the tag (and redrawn the form) before the next field is typed in.
    saved_value(page, voila_server, learner, "06/emot",
                lambda v: v["tags"].get("t13", {}).get("memory") is True)
    share = picker.locator(".cx-emot-reach input")
    share.fill("40")
    share.press("Tab")
    picker.locator(".cx-emot-choose input[type=checkbox]").check()
    picker.locator(".cx-emot-reason textarea").fill("报修时层层按键、重复报号码，最影响推荐")
    expect(picker.locator(".cx-emot-table tr.cx-emot-chosen")).to_have_count(1)
    value = saved_value(page, voila_server, learner, "06/emot",
                        lambda v: v["items"][0]["reason"].startswith("报修时"))
    assert value["chosen"] == ["t13"] and value["reach"] == {"t13": 40}
    assert value["tags"]["t13"] == {"pain": True, "memory": True}
    shot(picker, "lecture06-emot")
    shot(picker.locator(".cx-emot-table-box"), "lecture06-emot-table")


def run_board(page: Page, voila_server, learner: str) -> None:
    board = page.locator(".cx-ex-hmw")
    # the chosen E-MOT is offered first as a pain point
    board.locator(".cx-hmw-touchpoint select").select_option(index=0)
    board.locator(".cx-hmw-add-touchpoint").click()
    expect(board.locator(".cx-hmw-pain select option")).to_have_count(1)
    # a pain typed by hand, then deleted again
    board.locator(".cx-hmw-pain-text input").fill("改约太随意")
    board.locator(".cx-hmw-add-pain").click()
    expect(board.locator(".cx-hmw-pain select option")).to_have_count(2)
    board.locator(".cx-hmw-remove-pain").click()
    expect(board.locator(".cx-hmw-pain select option")).to_have_count(1)
    board.locator(".cx-hmw-pattern select").select_option(index=1)  # remove the bad
    board.locator(".cx-hmw-use-prompt").click()
    expect(board.locator(".cx-hmw-question-text input")).to_have_value(re.compile("报修热线"))
    board.locator(".cx-hmw-add-question").click()
    expect(board.locator(".cx-hmw-questions li li")).to_have_count(1)
    shot(board, "lecture06-board-steps")
    for text in ("来电自动识别账号", "App 一键视频报修"):
        board.locator(".cx-hmw-idea-text input").fill(text)
        board.locator(".cx-hmw-add-idea").click()
    notes = board.locator(".cx-hmw-note")
    expect(notes).to_have_count(2)
    first = board.locator('.cx-hmw-note[data-id="i1"]')
    second = board.locator('.cx-hmw-note[data-id="i2"]')
    # a vote
    first.locator(".cx-hmw-vote").click()
    expect(first.locator(".cx-hmw-vote")).to_have_attribute("aria-pressed", "true")
    expect(first.locator(".cx-hmw-note-votes")).to_have_text("1")
    # a pointer drag into the top-left quadrant: high impact, low effort
    drag(page, first, board.locator(".cx-hmw-grid"), 0.2, 0.2)
    placed = board.locator('.cx-hmw-grid .cx-hmw-note[data-id="i1"]')
    expect(placed).to_have_attribute("data-quadrant", "quick_win")
    # the keyboard: Enter puts the note in the middle (5, 5), ArrowDown lowers the impact to 4
    second.focus()
    page.keyboard.press("Enter")
    expect(board.locator('.cx-hmw-grid .cx-hmw-note[data-id="i2"]')).to_have_attribute(
        "data-quadrant", "big_bet")
    page.keyboard.press("ArrowDown")
    expect(board.locator('.cx-hmw-grid .cx-hmw-note[data-id="i2"]')).to_have_attribute(
        "data-quadrant", "money_pit")
    expect(board.locator('.cx-hmw-note[data-id="i2"]')).to_be_focused()
    value = saved_value(page, voila_server, learner, "06/hmw",
                        lambda v: v["ideas"][1]["impact"] == 4 and v["votes"])
    assert value["ideas"][1]["effort"] == 5
    assert value["ideas"][0]["impact"] >= 5 and value["ideas"][0]["effort"] < 5
    assert value["votes"] == {learner: ["i1"]}
    shot(board.locator(".cx-hmw-board"), "lecture06-board")


def score_concepts(page: Page, voila_server, learner: str) -> None:
    concepts = page.locator(".cx-ex-concepts")
    # a concept of one's own: added, named, described, then deleted
    concepts.locator(".cx-screen-add").click()
    expect(concepts.locator(".cx-screen-focus select option")).to_have_count(6)
    concepts.locator(".cx-screen-name input").fill("夜间上门")
    concepts.locator(".cx-screen-description textarea").fill("晚上 7-9 点也能预约上门")
    saved_value(page, voila_server, learner, "06/concepts",
                lambda v: v["concepts"][-1]["description"].startswith("晚上"))
    concepts.locator(".cx-screen-reference-pick select").select_option(index=5)
    saved_value(page, voila_server, learner, "06/concepts",
                lambda v: v["reference"] == v["concepts"][-1]["id"])
    concepts.locator(".cx-screen-reference-pick select").select_option(index=0)
    # The kernel has taken the reference back (the new concept may be removed again) first.
    saved_value(page, voila_server, learner, "06/concepts",
                lambda v: v["reference"] == v["concepts"][0]["id"])
    concepts.locator(".cx-screen-remove").click()
    expect(concepts.locator(".cx-screen-focus select option")).to_have_count(5)
    concepts.locator(".cx-screen-focus select").select_option(index=1)  # k1
    weight = concepts.locator(".cx-screen-weight-pain_relief input")
    weight.fill("20")
    weight.press("Tab")
    expect(concepts.locator(".cx-screen-total")).to_contain_text("90")
    concepts.locator(".cx-screen-apply").click()
    expect(concepts.locator(".cx-message .cx-msg-error")).to_be_visible()
    value = saved_value(page, voila_server, learner, "06/concepts",
                        lambda v: v["draft"]["pain_relief"] == 20)
    assert value["weights"] == screening.DEFAULT_WEIGHTS  # the refused total changed nothing
    shot(concepts.locator(".cx-screen-total"), "lecture06-weights-refused")
    memorable = concepts.locator(".cx-screen-weight-memorable input")
    memorable.fill("30")
    memorable.press("Tab")
    expect(concepts.locator(".cx-screen-total")).to_contain_text("100")
    concepts.locator(".cx-screen-apply").click()
    expect(concepts.locator(".cx-message .cx-msg-success")).to_be_visible()
    # concept k1 (focused first): + on pain relief, rated 5 on it, continue
    concepts.locator(".cx-screen-mark-pain_relief [role=radio]").nth(0).click()
    concepts.locator(".cx-screen-rate-pain_relief [role=radio]").nth(4).click()
    concepts.locator(".cx-screen-decision [role=radio]").nth(0).click()
    # (20*5 + 30*3 + 20*3 + 15*3 + 15*3) / 100 = 3.40
    expect(concepts.locator(".cx-screen-scores")).to_contain_text("3.40")
    concepts.locator(".cx-screen-survivor-pick select").select_option(index=2)  # k1
    expect(concepts.locator(".cx-screen-outcome .cx-msg-success")).to_be_visible()
    value = saved_value(page, voila_server, learner, "06/concepts",
                        lambda v: v["survivor"] == "k1")
    assert value["weights"]["memorable"] == 30
    assert value["screen"] == {"k1": {"pain_relief": "+"}}
    assert value["results"]["k1"]["rank"] == 1
    expect(concepts.locator(".cx-screen-pugh tbody tr")).to_have_count(5)
    expect(concepts.locator(".cx-chart svg").first).to_be_visible(timeout=180_000)
    shot(concepts.locator(".cx-screen-scores"), "lecture06-concepts")


def test_lecture06_end_to_end(page: Page, learner: str, voila_server) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_lecture(page, learner)
    pick_emot(page, voila_server, learner)
    run_board(page, voila_server, learner)
    score_concepts(page, voila_server, learner)

    page.reload()
    page.locator(".cx-screen-apply").first.wait_for(timeout=READY_MS)
    expect(page.locator(".cx-emot-choose input[type=checkbox]")).to_be_checked()
    expect(page.locator(".cx-emot-reason textarea")).to_have_value(re.compile("^报修时"))
    board = page.locator(".cx-ex-hmw")
    expect(board.locator('.cx-hmw-grid .cx-hmw-note[data-id="i1"]')).to_have_attribute(
        "data-quadrant", "quick_win")
    expect(board.locator('.cx-hmw-note[data-id="i1"] .cx-hmw-vote')).to_have_attribute(
        "aria-pressed", "true")
    expect(board.locator('.cx-hmw-grid .cx-hmw-note[data-id="i2"]')).to_have_attribute(
        "data-quadrant", "money_pit")
    concepts = page.locator(".cx-ex-concepts")
    expect(concepts.locator(".cx-screen-weight-memorable input")).to_have_value("30")
    expect(concepts.locator(".cx-screen-outcome .cx-msg-success")).to_be_visible()
    expect(concepts.locator(".cx-screen-scores")).to_contain_text("3.40")

    # the report carries the E-MOT, the board and the survivor
    document = json.loads(workbook_path(voila_server.workbook_dir, learner).read_text("utf-8"))
    report = build_html(document, "zh-CN")
    assert "报修时层层按键" in report and "来电自动识别账号" in report
    assert "胜出方案：一键视频报修" in report

    # once in English: texts come from the kernel
    open_lecture(page, learner, lang="en")
    board = page.locator(".cx-ex-hmw")
    expect(board.locator(".cx-hmw-grid")).to_have_attribute("aria-label", "Impact/effort grid")
    expect(board.locator('.cx-hmw-note[data-id="i1"]')).to_have_attribute(
        "aria-label", re.compile("^Idea: "))
    shot(page.locator(".cx-ex-emot-pick"), "lecture06-emot-en")
