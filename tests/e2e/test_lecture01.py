"""Lecture 01 (experience economy, CLV, service-profit chain) in a real browser.

Every exercise is driven by typing, clicking and the keyboard; each edit is proved saved
(``browser.wait_saved``), the page is reloaded and everything is found again, and the page is
switched to English once.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from cxwidgets.report import build_html

from .browser import SCREENSHOTS, open_notebook, wait_saved, workbook_path

pytestmark = pytest.mark.e2e

LECTURE = "01_experience.ipynb"
CHART_MS = 180_000  # first chart waits for Altair and Vega; generous for a busy machine
LOAD_MS = 120_000


def shot(locator, name: str) -> None:
    """Scroll to ``locator`` and save the 1280x720 viewport as ``screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    locator.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def saved(page: Page, voila_server, learner: str, section: str, until) -> dict:
    document = wait_saved(page, voila_server.workbook_dir, learner, section, until,
                          timeout=60_000)
    return document["sections"][section]["value"]


def type_number(scope, css: str, value: str) -> None:
    """Type into a number box and leave it (ipywidgets sends number boxes on change)."""
    box = scope.locator(f"{css} input")
    box.fill(value)
    box.press("Enter")


def pick(scope, css: str, index: int) -> None:
    scope.locator(f"{css} [role=radio]").nth(index).click()


def test_every_exercise_is_kept_across_a_reload(page: Page, learner: str, voila_server) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_notebook(page, LECTURE, learner=learner)
    page.locator(".cx-ex-clv-bank .cx-clv-bank-worth textarea").wait_for(timeout=LOAD_MS)

    # ---- exercise 1: the CX-REFERENCE example, typed and clicked in
    calc = page.locator(".cx-ex-clv-calculator")
    expect(calc.locator('.cx-clv-warning[data-warning="converted"]')).to_be_visible()
    shot(calc, "lecture01-calculator-sample")
    pick(calc, ".cx-clv-period", 1)  # yearly
    pick(calc, ".cx-clv-rate-kind", 1)  # retention
    type_number(calc, ".cx-clv-rate", "80")
    type_number(calc, ".cx-clv-margin", "600")
    type_number(calc, ".cx-clv-discount", "10")
    type_number(calc, ".cx-clv-acquisition", "800")
    expect(calc.locator(".cx-clv-result")).to_have_attribute("data-clv", "1600.00")
    expect(calc.locator(".cx-clv-warning")).to_have_count(0)
    expect(calc.locator(".cx-clv-step")).to_contain_text("2,040")
    # the chart's title names the CLV it was drawn for: the newest numbers are on screen
    expect(calc.locator(".cx-clv-sensitivity svg").first).to_contain_text("1,600",
                                                                          timeout=CHART_MS)
    # a retention of 100% is refused with a message; the last valid input stays
    type_number(calc, ".cx-clv-rate", "100")
    expect(calc.locator(".cx-msg-error")).to_be_visible()
    expect(calc.locator(".cx-clv-rate input")).to_have_value("80")
    shot(calc.locator(".cx-clv-results"), "lecture01-calculator-result")
    shot(calc.locator(".cx-clv-sensitivity"), "lecture01-calculator-sensitivity")
    value = saved(page, voila_server, learner, "01/clv",
                  lambda v: v["acquisition"] == 800 and v["rate"] == 80)
    assert value["result"]["clv"] == pytest.approx(1600)

    # ---- exercise 2: the fit, a shorter calibration, another cohort, a conclusion
    tenure = page.locator(".cx-ex-clv-tenure")
    pick(tenure, ".cx-clv-months", 0)  # 6 months
    pick(tenure, ".cx-clv-cohort", 2)  # bundle
    expect(tenure.locator(".cx-clv-tenure-summary")).to_be_visible(timeout=LOAD_MS)
    expect(tenure.locator('[data-source="learner"]')).to_be_visible()
    expect(tenure.locator(".cx-clv-tenure-table tr[data-segment]")).to_have_count(4)
    expect(tenure.locator(".cx-clv-tenure-chart svg").first).to_be_visible(timeout=CHART_MS)
    tenure.locator(".cx-clv-tenure-note textarea").fill("头几个月最容易流失")
    saved(page, voila_server, learner, "01/tenure",
          lambda v: v["note"] == "头几个月最容易流失" and v["cohort"] == "bundle"
          and v["months"] == 6)
    shot(tenure, "lecture01-tenure")
    shot(tenure.locator(".cx-clv-tenure-table"), "lecture01-tenure-table")

    # ---- exercise 3: one widget, clicked and driven with the keyboard
    chain = page.locator(".cx-ex-clv-chain")
    links = chain.locator(".cx-clv-chain-link")
    expect(links).to_have_count(6)
    expect(chain.locator("[role=radiogroup]")).to_have_attribute("aria-label", re.compile("."))
    links.nth(4).click()
    expect(links.nth(4)).to_have_attribute("aria-checked", "true")
    expect(chain.locator('.cx-clv-chain-detail[data-link="l5"]')).to_be_visible()
    links.nth(4).press("ArrowRight")
    expect(links.nth(5)).to_have_attribute("aria-checked", "true")
    expect(links.nth(5)).to_be_focused()
    chain.locator(".cx-clv-metrics textarea").fill("续约客户毛利 vs 新客户毛利")
    expect(links.nth(5)).to_have_attribute("data-filled", "1")
    saved(page, voila_server, learner, "01/chain",
          lambda v: v["metrics"] == {"l6": "续约客户毛利 vs 新客户毛利"} and v["selected"] == "l6")
    shot(chain, "lecture01-chain")

    # ---- exercise 4: sorting with feedback at once
    sort = page.locator(".cx-ex-clv-sort")
    pick(sort, ".cx-clv-statement-s01 .cx-clv-statement-pick", 0)  # experience: right
    expect(sort.locator('.cx-clv-statement-s01 [data-correct="1"]')).to_be_visible()
    pick(sort, ".cx-clv-statement-s14 .cx-clv-statement-pick", 2)  # loyalty: wrong
    expect(sort.locator('.cx-clv-statement-s14 [data-correct="0"]')).to_be_visible()
    saved(page, voila_server, learner, "01/sort",
          lambda v: v["answers"] == {"s01": "experience", "s14": "loyalty"})
    shot(sort, "lecture01-sort")

    # ---- exercise 5: answers typed, the worked discussion opened on demand
    bank = page.locator(".cx-ex-clv-bank")
    bank.locator(".cx-clv-bank-worth textarea").fill("二十多年的现金流和十位转介绍客户")
    expect(bank.locator(".cx-clv-bank-worth-count")).to_contain_text("16 / 2000")
    discussion = bank.locator(".cx-clv-bank-discussion details")
    expect(discussion).not_to_have_attribute("open", "")
    bank.locator(".cx-clv-bank-discussion summary").click()
    expect(bank.locator(".cx-clv-discussion")).to_be_visible()
    saved(page, voila_server, learner, "01/bank_case",
          lambda v: v["answers"] == {"worth": "二十多年的现金流和十位转介绍客户"})
    shot(bank, "lecture01-bank")

    # ---- reload: everything is back
    page.reload()
    page.locator(".cx-ex-clv-bank .cx-clv-bank-worth textarea").wait_for(timeout=LOAD_MS)
    expect(calc.locator(".cx-clv-result")).to_have_attribute("data-clv", "1600.00")
    expect(calc.locator(".cx-clv-margin input")).to_have_value("600")
    expect(tenure.locator(".cx-clv-tenure-note textarea")).to_have_value("头几个月最容易流失")
    expect(tenure.locator(".cx-clv-cohort [role=radio]").nth(2)).to_have_attribute(
        "aria-checked", "true")
    expect(links.nth(5)).to_have_attribute("aria-checked", "true")
    expect(chain.locator(".cx-clv-metrics textarea")).to_have_value("续约客户毛利 vs 新客户毛利")
    expect(sort.locator('.cx-clv-statement-s14 [data-correct="0"]')).to_be_visible()
    expect(bank.locator(".cx-clv-bank-worth textarea")).to_have_value(
        "二十多年的现金流和十位转介绍客户")

    # ---- English once
    page.locator(".cx-language button").nth(1).click()
    expect(calc.locator(".cx-clv-results")).to_contain_text("CNY 1,600", timeout=LOAD_MS)
    expect(links.nth(0)).to_have_attribute("aria-label", re.compile("Internal service quality"))
    shot(chain, "lecture01-chain-en")
    shot(calc.locator(".cx-clv-inputs"), "lecture01-calculator-en")

    path = workbook_path(voila_server.workbook_dir, learner)
    report = build_html(json.loads(path.read_text(encoding="utf-8")), "zh-CN")
    assert "1,600 元" in report and "续约客户毛利" in report
