"""Lecture 07 (gap model) in a real browser: classify failures, diagnose, keep it all."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from cxwidgets import gaps
from cxwidgets.report import build_html
from cxwidgets.workbook import Workbook

from .browser import SCREENSHOTS, open_notebook

pytestmark = pytest.mark.e2e

LECTURE = "07_gaps.ipynb"
ACTIVE = re.compile("mod-active")
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


def seed_lecture02(folder, learner: str, monkeypatch) -> None:
    """Save a SERVQUAL result for ``learner`` as the lecture-02 widgets would."""
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(folder))
    workbook = Workbook(learner)
    workbook.set("02/questionnaire", {"answers": {"1": [6, 6], "8": [7, 3], "11": [6, 5],
                                                  "16": [6, 6], "21": [5, 5]}, "custom": {}})
    workbook.set("02/weights", {"points": {d: 20 for d in ("tangibles", "reliability",
                                                           "responsiveness", "assurance",
                                                           "empathy")}}, done=True)
    workbook.flush()


def test_classify_failures_with_feedback(page: Page, learner: str) -> None:
    open_lecture(page, learner, ".cx-gap-failure-f_gigabit")
    page.locator(".cx-gap-failure-f_gigabit .cx-gap-pick button").nth(3).click()  # gap 4
    expect(page.locator('.cx-gap-failure-f_gigabit [data-correct="1"]')).to_be_visible()
    page.locator(".cx-gap-failure-f_weekend .cx-gap-pick button").nth(1).click()  # gap 2
    wrong = page.locator('.cx-gap-failure-f_weekend [data-correct="0"]')
    expect(wrong).to_be_visible()
    expect(wrong).to_contain_text("3")  # names the right gap
    expect(page.locator(".cx-gap-failure")).to_have_count(len(gaps.FAILURES))
    shot(page.locator(".cx-ex-gap-classify"), "lecture07-classify")


def test_diagnosis_uses_servqual_result_and_survives_reload(
    page: Page, learner: str, voila_server, monkeypatch
) -> None:
    seed_lecture02(voila_server.workbook_dir, learner, monkeypatch)
    open_lecture(page, learner)
    diagnosis = page.locator(".cx-ex-gap-diagnosis")
    expect(diagnosis.locator('.cx-gap-customer-source [data-source="learner"]')).to_be_visible()

    for cause_id, rating in gaps.CASE_EVIDENCE.items():
        diagnosis.locator(f".cx-gap-cause-{cause_id} .cx-gap-rating button").nth(rating).click()
    # listening 60, design 44, performance 62, communication 75 (see the unit tests)
    focus = diagnosis.locator(".cx-gap-focus-text")
    expect(focus).to_have_attribute("data-focus", "communication performance listening")
    expect(diagnosis.locator(".cx-gap-lever").first).to_have_attribute("data-lever", "redesign")
    # the chart shows the final scores (communication 75), not an earlier click's
    expect(diagnosis.locator(".cx-gap-chart svg").first).to_contain_text("75", timeout=CHART_MS)
    actions = diagnosis.locator(".cx-gap-actions textarea")
    actions.fill("1. 上门承诺改为两小时时段，周末按预约量排班")
    actions.press("Tab")
    expect(page.locator(".cx-header .cx-save-status")).not_to_be_empty()
    shot(diagnosis, "lecture07-diagnosis")
    shot(diagnosis.locator(".cx-gap-customer-source"), "lecture07-diagnosis-result")

    page.reload()
    page.locator(".cx-ready").wait_for(timeout=120_000)
    rating = diagnosis.locator(".cx-gap-cause-overpromise .cx-gap-rating button").nth(3)
    expect(rating).to_have_class(ACTIVE)
    expect(actions).to_have_value(re.compile("两小时时段"))
    expect(focus).to_have_attribute("data-focus", "communication performance listening")

    # the workbook holds the diagnosis, and the report shows it with the customer gap
    saved = json.loads((voila_server.workbook_dir / f"{learner}.json").read_text("utf-8"))
    section = saved["sections"]["07/diagnosis"]
    assert section["done"] is True
    assert section["value"]["evidence"]["sample"] == gaps.CASE_EVIDENCE
    report = build_html(saved, "zh-CN")
    assert "两小时时段" in report and "data:image/png;base64" in report


def test_own_service_and_sample_customer_gap(page: Page, learner: str) -> None:
    open_lecture(page, learner)
    diagnosis = page.locator(".cx-ex-gap-diagnosis")
    expect(diagnosis.locator('.cx-gap-customer-source [data-source="sample"]')).to_be_visible()
    diagnosis.locator(".cx-gap-case button").nth(1).click()  # my own service
    own = diagnosis.locator(".cx-gap-own-text textarea")
    expect(own).to_be_visible()
    own.fill("装机后一周内重复报修多")
    own.press("Tab")
    diagnosis.locator(".cx-gap-cause-training .cx-gap-rating button").nth(3).click()
    expect(diagnosis.locator(".cx-gap-focus-text")).to_have_attribute("data-focus", "performance")
    # the sample case keeps its own (empty) ratings
    diagnosis.locator(".cx-gap-case button").nth(0).click()
    expect(diagnosis.locator(".cx-gap-cause-training .cx-gap-rating button").nth(3)).not_to_have_class(
        ACTIVE)
