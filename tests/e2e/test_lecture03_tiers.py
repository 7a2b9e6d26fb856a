"""Lecture 03 in a real browser: ABC tiers (Pareto), MAN scoring and the persona card."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import SCREENSHOTS, open_notebook, screenshot, wait_saved

pytestmark = pytest.mark.e2e

NOTEBOOK = "03_kano.ipynb"
# Kernel round trips and chart rendering can be slow on a busy machine: wait up to a minute.
WAIT = 60_000


def test_pareto_chart_appears_and_follows_the_slider(page: Page, learner: str) -> None:
    open_notebook(page, NOTEBOOK, learner=learner)
    exercise = page.locator(".cx-ex-abc-tiers")
    chart = exercise.locator(".cx-abc-chart .cx-chart-svg")
    expect(chart.locator("svg")).to_be_visible(timeout=WAIT)
    expect(chart).to_have_attribute("role", "img", timeout=WAIT)
    expect(chart).to_have_attribute("aria-label", re.compile(r"\S"), timeout=WAIT)
    expect(exercise.locator(".cx-tier-card")).to_have_count(3, timeout=WAIT)
    expect(exercise.locator(".cx-abc-table tbody tr")).to_have_count(3, timeout=WAIT)
    expect(exercise.locator(".cx-abc-insight")).to_contain_text("70.1%", timeout=WAIT)
    exercise.scroll_into_view_if_needed()
    screenshot(page, "lecture03-abc-tiers")
    exercise.screenshot(path=str(SCREENSHOTS / "lecture03-abc-exercise.png"))

    handle = exercise.locator(".cx-abc-share-a [role=slider]")
    handle.focus()
    handle.press("ArrowRight")
    expect(exercise.locator(".cx-abc-share-a .widget-readout")).to_have_text("16", timeout=WAIT)
    expect(exercise.locator(".cx-abc-insight")).to_contain_text("16%", timeout=WAIT)
    expect(chart.locator("svg")).to_contain_text("A 类 16%", timeout=WAIT)


def test_man_ticks_and_feedback(page: Page, learner: str) -> None:
    open_notebook(page, NOTEBOOK, learner=learner)
    prospect = page.locator(".cx-man-p2")
    prospect.scroll_into_view_if_needed()
    prospect.locator(".cx-man-m input[type=checkbox]").check()
    prospect.locator(".cx-man-n input[type=checkbox]").check()
    prospect.locator(".cx-man-step select").select_option(index=2)  # find the decision maker
    feedback = prospect.locator(".cx-man-feedback")
    expect(feedback.locator("li")).to_have_count(
        0, timeout=WAIT
    )  # nothing revealed before checking

    prospect.locator("button.cx-man-check").click()

    expect(feedback.locator("li")).to_have_count(4, timeout=WAIT)
    expect(feedback.locator("li.cx-man-right")).to_have_count(4, timeout=WAIT)
    expect(page.locator(".cx-man-summary")).to_contain_text("1/7", timeout=WAIT)

    prospect.locator(".cx-man-a input[type=checkbox]").check()  # wrong: the visitor cannot decide
    expect(feedback.locator("li.cx-man-wrong")).to_have_count(1, timeout=WAIT)
    screenshot(page, "lecture03-man")


def test_persona_card_renders_and_survives_reload(
    page: Page, learner: str, voila_server
) -> None:
    open_notebook(page, NOTEBOOK, learner=learner)
    exercise = page.locator(".cx-ex-persona")
    exercise.scroll_into_view_if_needed()
    message = exercise.locator(".cx-persona-message .cx-msg")
    expect(message).to_have_class("cx-msg cx-msg-info", timeout=WAIT)  # required fields missing

    exercise.locator(".cx-persona-name input").fill("李阿姨")
    exercise.locator(".cx-persona-tenure select").select_option(index=1)  # 2y+
    exercise.locator(".cx-persona-tier select").select_option(index=2)  # senior
    exercise.locator(".cx-persona-goals textarea").fill("每天和女儿视频\n晚上看戏曲")
    exercise.locator(".cx-persona-pains textarea").fill("看不懂账单")
    exercise.locator(".cx-persona-must textarea").fill("网络稳定不掉线")
    exercise.locator(".cx-persona-channel-hotline input[type=checkbox]").check()
    exercise.locator(".cx-persona-quote input").fill("只要别断网")

    card = exercise.locator(".cx-persona-card")
    expect(card.locator("h3")).to_have_text("李阿姨", timeout=WAIT)
    expect(card.locator("li", has_text="晚上看戏曲")).to_be_visible(timeout=WAIT)
    expect(card.locator(".cx-persona-card-quote")).to_contain_text("只要别断网", timeout=WAIT)
    expect(message).to_have_class("cx-msg cx-msg-success", timeout=WAIT)
    # Every edit has reached the workbook file, and the page says so, before the reload.
    saved = wait_saved(page, voila_server.workbook_dir, learner, "03/persona",
                       lambda value: value["quote"] == "只要别断网" and value["tier"] == "senior")
    screenshot(page, "lecture03-persona")
    exercise.screenshot(path=str(SCREENSHOTS / "lecture03-persona-exercise.png"))

    page.reload()
    open_notebook(page, NOTEBOOK, learner=learner)
    exercise = page.locator(".cx-ex-persona")
    expect(exercise.locator(".cx-persona-name input")).to_have_value("李阿姨", timeout=WAIT)
    expect(exercise.locator(".cx-persona-goals textarea")).to_have_value(
        "每天和女儿视频\n晚上看戏曲", timeout=WAIT
    )
    expect(exercise.locator(".cx-persona-card h3")).to_have_text("李阿姨", timeout=WAIT)
    expect(exercise.locator(".cx-persona-channel-hotline input[type=checkbox]")).to_be_checked(
        timeout=WAIT
    )

    persona = saved["sections"]["03/persona"]
    assert persona["done"] is True
    assert persona["value"]["tier"] == "senior" and persona["value"]["tenure"] == "2y+"


def test_lecture03_tiers_in_english(page: Page, learner: str) -> None:
    open_notebook(page, NOTEBOOK, learner=learner, lang="en")
    expect(page.locator(".cx-abc-table th").first).to_have_text("Tier", timeout=WAIT)
    expect(page.locator(".cx-man-p1 .cx-man-check")).to_have_text("Check", timeout=WAIT)
    expect(page.locator(".cx-persona-message .cx-msg")).to_contain_text("required", timeout=WAIT)
    page.locator(".cx-ex-man").scroll_into_view_if_needed()
    screenshot(page, "lecture03-man-en")
