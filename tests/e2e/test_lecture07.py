"""Lecture 07 (gap model) in a real browser: classify failures, diagnose, keep it all.

The customer gap of the diagnosis comes from lecture 02: the test answers the SERVQUAL
questionnaire on the lecture-02 page, then opens lecture 07.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cxwidgets import gaps
from cxwidgets.report import build_html

from .browser import SCREENSHOTS, open_notebook, wait_saved, workbook_path

pytestmark = pytest.mark.e2e

LECTURE = "07_gaps.ipynb"
CHECKED = ("aria-checked", "true")  # a radio button of a ChoiceGrid that is chosen
CHART_MS = 180_000  # first chart waits for Altair and Vega; generous for a busy machine


def open_lecture(page: Page, learner: str, ready: str = ".cx-gap-cause-capacity") -> None:
    """Open the lecture once its page header is live and ``ready`` is visible."""
    open_notebook(page, LECTURE, learner=learner)
    page.locator(ready).first.wait_for(timeout=120_000)


def shot(locator, name: str) -> None:
    """Scroll to ``locator`` and save the viewport as ``tests/e2e/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    locator.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def workbook(voila_server, learner: str) -> dict:
    """The learner's workbook file as the server wrote it."""
    return json.loads(workbook_path(voila_server.workbook_dir, learner).read_text(encoding="utf-8"))


def saved_value(page: Page, voila_server, learner: str, section: str,
                until: Callable[[Any], bool], timeout: float = 60.0) -> Any:
    """The value of ``section`` once ``until(value)`` holds in the workbook file and the
    page's header names that revision as saved (``browser.wait_saved``)."""
    document = wait_saved(page, voila_server.workbook_dir, learner, section, until,
                          timeout=timeout * 1000)
    return document["sections"][section]["value"]


def pick(scope, css: str, index: int) -> None:
    """Click choice ``index`` (0-based) of the radio group ``css`` inside ``scope``."""
    scope.locator(f"{css} [role=radio]").nth(index).click()


def answer_servqual_on_lecture02(page: Page, learner: str, voila_server) -> None:
    """Answer part of the SERVQUAL questionnaire on the lecture-02 page, as a learner does.

    Gaps: tangibles 0 (item 1), reliability -4 (item 8), responsiveness -1 (item 11): the
    learner's largest negative gap is reliability.
    """
    open_notebook(page, "02_servqual.ipynb", learner=learner)
    page.locator(".cx-sq-item-22").first.wait_for(timeout=120_000)
    for item, (expectation, perception) in {1: (6, 6), 8: (7, 3), 11: (6, 5)}.items():
        page.locator(f".cx-sq-item-{item} .cx-sq-e [role=radio]").nth(expectation - 1).click()
        page.locator(f".cx-sq-item-{item} .cx-sq-p [role=radio]").nth(perception - 1).click()
    expect(page.locator(".cx-sq-item-11 .cx-sq-p [role=radio]").nth(4)).to_have_attribute(*CHECKED)
    saved_value(page, voila_server, learner, "02/questionnaire",
                lambda value: len(value.get("answers", {})) == 3)


def test_classify_feedback_then_the_solution_locks_across_a_reload(
    page: Page, learner: str, voila_server
) -> None:
    open_lecture(page, learner, ".cx-gap-failure-f_gigabit")
    classify = page.locator(".cx-ex-gap-classify")
    expect(classify.locator(".cx-gap-failure")).to_have_count(len(gaps.FAILURES))
    group = classify.locator(".cx-gap-failure-f_gigabit [role=radiogroup]")
    expect(group).to_have_attribute("aria-label", re.compile("千兆到家"))
    pick(classify, ".cx-gap-failure-f_gigabit .cx-gap-pick", 3)  # gap 4: right
    expect(classify.locator('.cx-gap-failure-f_gigabit [data-correct="1"]')).to_be_visible()
    pick(classify, ".cx-gap-failure-f_weekend .cx-gap-pick", 1)  # gap 2: wrong
    wrong = classify.locator('.cx-gap-failure-f_weekend [data-correct="0"]')
    expect(wrong).to_be_visible()
    expect(wrong).to_contain_text("3")  # names the right gap
    weekend = classify.locator(".cx-gap-failure-f_weekend [role=radio]")
    expect(weekend.nth(1)).to_have_attribute("aria-checked", "true")
    shot(classify, "lecture07-classify")

    classify.locator(".cx-quiz-solution-open").click()
    expect(classify.locator(".cx-quiz-solution")).to_be_visible()
    expect(classify.locator(".cx-quiz-locked")).to_be_visible()
    expect(weekend.nth(2)).to_be_disabled()
    expect(weekend.nth(2)).to_have_class(re.compile("cx-choice-correct"))
    shot(classify.locator(".cx-quiz-actions"), "lecture07-classify-solution")
    value = saved_value(page, voila_server, learner, "07/classify",
                        lambda value: value["solution"] is True)
    assert value["answers"] == {"f_gigabit": 4, "f_weekend": 2}

    page.reload()
    page.locator(".cx-gap-failure-f_weekend").first.wait_for(timeout=120_000)
    expect(weekend.nth(1)).to_have_attribute("aria-checked", "true")
    expect(weekend.nth(2)).to_be_disabled()  # still locked after the reload
    expect(classify.locator(".cx-quiz-solution")).to_be_visible()

    # "start again" (confirmed) clears the answers and the lock
    classify.locator(".cx-quiz-restart").click()
    classify.locator(".cx-quiz-restart-yes").click()
    expect(weekend.nth(2)).to_be_enabled()
    expect(weekend.nth(1)).to_have_attribute("aria-checked", "false")
    expect(classify.locator(".cx-quiz-solution")).to_be_hidden()
    pick(classify, ".cx-gap-failure-f_weekend .cx-gap-pick", 2)
    expect(classify.locator('.cx-gap-failure-f_weekend [data-correct="1"]')).to_be_visible()
    saved_value(page, voila_server, learner, "07/classify",
                lambda value: value["answers"] == {"f_weekend": 3} and not value["solution"])


def test_diagnosis_uses_the_servqual_answers_of_lecture02(
    page: Page, learner: str, voila_server
) -> None:
    answer_servqual_on_lecture02(page, learner, voila_server)
    open_lecture(page, learner)
    diagnosis = page.locator(".cx-ex-gap-diagnosis")
    expect(diagnosis.locator('.cx-gap-customer-source [data-source="learner"]')).to_be_visible()

    for cause_id, rating in gaps.CASE_EVIDENCE.items():
        pick(diagnosis, f".cx-gap-cause-{cause_id} .cx-gap-rating", rating)
    # listening 60, design 44, performance 62, communication 75 (see the unit tests)
    focus = diagnosis.locator(".cx-gap-focus-text")
    expect(focus).to_have_attribute("data-focus", "communication performance listening")
    # the learner's largest gap (reliability, 3 - 7 = -4) points to where to look first
    expect(focus).to_contain_text("-4.00")
    expect(diagnosis.locator(".cx-gap-lever").first).to_have_attribute("data-lever", "redesign")
    # the chart shows the final scores (communication 75) and the learner's customer gap
    chart = diagnosis.locator(".cx-gap-chart svg").first
    expect(chart).to_contain_text("75", timeout=CHART_MS)
    shot(diagnosis, "lecture07-diagnosis")
    shot(diagnosis.locator(".cx-gap-customer-source"), "lecture07-diagnosis-result")
    saved_value(page, voila_server, learner, "07/diagnosis",
                lambda value: value["evidence"]["sample"] == gaps.CASE_EVIDENCE)

    page.reload()
    page.locator(".cx-gap-cause-overpromise").first.wait_for(timeout=120_000)
    rating = diagnosis.locator(".cx-gap-cause-overpromise .cx-gap-rating [role=radio]").nth(3)
    expect(rating).to_have_attribute("aria-checked", "true")
    expect(focus).to_have_attribute("data-focus", "communication performance listening")


def test_a_long_action_plan_typed_survives_a_reload(
    page: Page, learner: str, voila_server
) -> None:
    open_lecture(page, learner)
    diagnosis = page.locator(".cx-ex-gap-diagnosis")
    pick(diagnosis, ".cx-gap-cause-training .cx-gap-rating", 3)
    actions = diagnosis.locator(".cx-gap-actions textarea")
    plan = "1. 上门承诺改为两小时时段，周末按预约量排班。" * 150  # 3,600 characters
    actions.fill(plan)
    actions.press("End")
    actions.press_sequentially("完")  # typed, never leaving the field: no blur before reload
    expect(diagnosis.locator(".cx-gap-actions-count")).to_contain_text(f"{len(plan) + 1} / 4000")
    # typed text is saved once the typing pauses, without leaving the field
    saved_value(page, voila_server, learner, "07/diagnosis",
                lambda value: value["actions"] == plan + "完")

    page.reload()
    page.locator(".cx-gap-cause-capacity").first.wait_for(timeout=120_000)
    expect(actions).to_have_value(plan + "完")
    section = workbook(voila_server, learner)["sections"]["07/diagnosis"]
    assert section["value"]["actions"] == plan + "完"

    # more than the limit is cut there, with a message; the cut text is what is kept
    actions.fill(plan + plan)
    error = diagnosis.locator(".cx-message .cx-msg-error")
    expect(error).to_be_visible()
    expect(actions).to_have_value((plan + plan)[:4000])
    expect(diagnosis.locator('.cx-gap-actions-count [data-over="1"]')).to_be_visible()
    saved_value(page, voila_server, learner, "07/diagnosis",
                lambda value: value["actions"] == (plan + plan)[:4000])
    report = build_html(workbook(voila_server, learner), "zh-CN")
    assert "两小时时段" in report and "data:image/png;base64" in report


def test_own_service_and_sample_customer_gap(page: Page, learner: str) -> None:
    open_lecture(page, learner)
    diagnosis = page.locator(".cx-ex-gap-diagnosis")
    expect(diagnosis.locator('.cx-gap-customer-source [data-source="sample"]')).to_be_visible()
    pick(diagnosis, ".cx-gap-case", 1)  # my own service
    own = diagnosis.locator(".cx-gap-own-text textarea")
    expect(own).to_be_visible()
    own.fill("装机后一周内重复报修多")
    pick(diagnosis, ".cx-gap-cause-training .cx-gap-rating", 3)
    expect(diagnosis.locator(".cx-gap-focus-text")).to_have_attribute("data-focus", "performance")
    # the sample case keeps its own (empty) ratings
    pick(diagnosis, ".cx-gap-case", 0)
    training = diagnosis.locator(".cx-gap-cause-training .cx-gap-rating [role=radio]").nth(3)
    expect(training).to_have_attribute("aria-checked", "false")
    pick(diagnosis, ".cx-gap-case", 1)
    expect(own).to_have_value("装机后一周内重复报修多")


def test_the_course_stylesheet_comes_once_and_styles_every_course_widget(page: Page) -> None:
    """The header carries course.css for the page (widgets.stylesheet): one copy in the
    document, and the 15 answer groups below it, sent without it, are styled by it."""
    open_lecture(page, "css1", ready=".cx-choice-group .cx-choice")
    copies = page.evaluate("""() => [...document.querySelectorAll('style')]
        .filter((style) => style.textContent.includes('.cx-choice-group')).length""")
    assert copies == 1
    group = page.locator(".cx-choice-group").first
    assert group.evaluate("(node) => getComputedStyle(node).display") == "flex"
