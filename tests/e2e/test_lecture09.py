"""Lecture 09 (service communication and recovery) in a real browser: type a reply and see the
marked words and the rewrite, sort emotion signals, check a reply's structure, fill the 5A
rubric, build a 3R recovery plan, reload and find everything back, switch to English once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import SCREENSHOTS, open_notebook, wait_saved

pytestmark = pytest.mark.e2e

LECTURE = "09_recovery.ipynb"
READY = ".cx-ex-rec-plan .cx-rec-cost"  # the last exercise is built: the page is complete
REPLY = "不行，你去问别人。"


def shot(locator, name: str) -> None:
    """Scroll to ``locator`` and save the 1280x720 viewport as ``screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    locator.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def saved(page: Page, voila_server, learner: str, section: str, until) -> dict:
    document = wait_saved(page, voila_server.workbook_dir, learner, section, until)
    return document["sections"][section]["value"]


def open_lecture(page: Page, learner: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_notebook(page, LECTURE, learner=learner)
    page.locator(READY).first.wait_for(timeout=120_000)


def test_lecture09_every_exercise_then_reload_and_english(
    page: Page, learner: str, voila_server
) -> None:
    open_lecture(page, learner)

    # exercise 1: type a reply, see the marked words, why and the rewrite
    coach = page.locator(".cx-ex-lang-coach")
    coach.locator(".cx-lang-situation select").select_option(index=1)  # repeat outage
    expect(coach.locator('.cx-lang-line[data-situation="repeat_outage"]')).to_be_visible()
    coach.locator(".cx-lang-reply textarea").fill(REPLY)
    refusal = coach.locator("mark.cx-lang-refusal")
    expect(refusal).to_have_text("不行")
    expect(refusal).to_have_attribute("title", re.compile("替代方案"))
    expect(coach.locator('mark.cx-lang-gap[data-rule="missing_empathy"]')).to_have_count(1)
    finding = coach.locator('.cx-lang-finding[data-rule="not_my_job"]')
    expect(finding).to_have_attribute("data-start", "3")
    expect(finding.locator(".cx-lang-rewrite")).to_contain_text("转单")
    expect(coach.locator(".cx-lang-reply-count")).to_contain_text("9 / 600")
    coach.locator(".cx-lang-model-toggle").click()
    expect(coach.locator(".cx-lang-model blockquote")).to_contain_text("重复故障")
    shot(coach.locator(".cx-lang-customer"), "lecture09-coach")
    saved(page, voila_server, learner, "09/coach",
          lambda v: v["replies"].get("repeat_outage") == REPLY and v["model"] is True)

    # exercise 2: emotion signals, with the reply chosen
    signals = page.locator(".cx-ex-lang-signals")
    shouting = signals.locator(".cx-lang-signal-shouting")
    shouting.locator(".cx-lang-signal-pick [role=radio]").nth(0).click()  # anger: right
    expect(shouting.locator('.cx-lang-signal-feedback [data-correct="1"]')).to_be_visible()
    shouting.locator(".cx-lang-response [role=radio]").nth(0).click()  # wrong reply
    expect(shouting.locator('.cx-lang-response-feedback [data-correct="0"]')).to_contain_text("2")
    shouting.locator(".cx-lang-response [role=radio]").nth(1).click()
    expect(shouting.locator('.cx-lang-response-feedback [data-correct="1"]')).to_be_visible()
    shot(shouting, "lecture09-signals")
    signals.locator(".cx-quiz-solution-open").click()
    expect(signals.locator(".cx-quiz-solution")).to_be_visible()
    expect(shouting.locator(".cx-lang-response [role=radio]").nth(2)).to_be_disabled()
    saved(page, voila_server, learner, "09/signals",
          lambda v: v["answers"] == {"shouting": "anger"} and v["responses"] == {"shouting": 1}
          and v["solution"] is True)

    # exercise 3a: the reply's structure (taken from exercise 1)
    structure = page.locator(".cx-ex-rec-structure")
    structure.locator(".cx-rec-use-coach").click()
    expect(structure.locator(".cx-rec-reply textarea")).to_have_value(REPLY)
    expect(structure.locator('.cx-rec-steps[data-model="ears"]')).to_have_attribute(
        "data-missing", "empathize apologize respond solve")
    good = "理解您的着急，非常抱歉。原因是线路老化。我马上为您安排师傅，明天我再给您回电确认是否修好。"
    structure.locator(".cx-rec-reply textarea").fill(good)
    expect(structure.locator('.cx-rec-steps[data-model="ears"]')).to_have_attribute(
        "data-missing", "")
    shot(structure, "lecture09-structure")
    saved(page, voila_server, learner, "09/structure", lambda v: v["reply"] == good)

    # exercise 3b: the 5A rubric for a partner
    rubric = page.locator(".cx-ex-rec-rubric")
    rubric.locator(".cx-rec-partner input").fill("小王")
    rubric.locator(".cx-rec-rubric-situation select").select_option(index=2)  # repeat outage
    for step, level in (("acknowledge", 2), ("apologize", 2), ("responsibility", 1),
                        ("act", 0), ("follow_up", 2)):
        rubric.locator(f".cx-rec-rubric-{step} [role=radio]").nth(level).click()
    expect(rubric.locator(".cx-rec-rubric-total [data-total]")).to_have_attribute("data-total", "7")
    rubric.locator(".cx-rec-notes textarea").fill("道歉很真诚，下次给出上门时间。")
    shot(rubric, "lecture09-rubric")
    saved(page, voila_server, learner, "09/rubric",
          lambda v: v["total"] == 7 and v["partner"] == "小王" and v["notes"]
          and v["situation"] == "repeat_outage")

    # exercise 4: the 3R plan and its budget
    plan = page.locator(".cx-ex-rec-plan")
    plan.locator(".cx-rec-restitution textarea").fill("减免本月月费")
    plan.locator(".cx-rec-resolution textarea").fill("一个月内第二次报修自动升级")
    plan.locator(".cx-rec-relationship textarea").fill("修好后连续三天回访")
    cost = plan.locator(".cx-rec-cost input")
    cost.fill("-5")
    cost.press("Enter")
    expect(plan.locator(".cx-message [role=alert]")).to_be_visible()
    cost.fill("100")
    cost.press("Enter")
    expect(plan.locator(".cx-rec-verdict")).to_have_attribute("data-verdict", "pays")
    expect(plan.locator(".cx-rec-clv")).to_be_visible()
    handle = plan.locator(".cx-rec-keep-without [role=slider]")
    handle.focus()
    handle.press("ArrowLeft")
    handle.press("ArrowLeft")
    expect(plan.locator(".cx-rec-keep-without .widget-readout")).to_have_text("40")
    shot(plan.locator(".cx-rec-complete"), "lecture09-plan")
    saved(page, voila_server, learner, "09/recovery",
          lambda v: v["cost"] == 100 and v["keep_without"] == 40
          and v["actions"]["relationship"] == "修好后连续三天回访")

    # reload: everything is back
    page.reload()
    page.locator(READY).first.wait_for(timeout=120_000)
    expect(coach.locator(".cx-lang-reply textarea")).to_have_value(REPLY)
    expect(coach.locator("mark.cx-lang-refusal")).to_have_text("不行")
    expect(shouting.locator(".cx-lang-response [role=radio]").nth(1)).to_have_attribute(
        "aria-checked", "true")
    expect(structure.locator(".cx-rec-reply textarea")).to_have_value(good)
    expect(rubric.locator(".cx-rec-partner input")).to_have_value("小王")
    expect(rubric.locator(".cx-rec-rubric-situation select")).not_to_have_value("")
    expect(rubric.locator(".cx-rec-rubric-act [role=radio]").nth(0)).to_have_attribute(
        "aria-checked", "true")
    expect(plan.locator(".cx-rec-relationship textarea")).to_have_value("修好后连续三天回访")
    expect(plan.locator(".cx-rec-cost input")).to_have_value("100")
    expect(plan.locator(".cx-rec-keep-without .widget-readout")).to_have_text("40")

    # English once: the feedback follows the language
    page.locator(".cx-header .cx-language button").nth(1).click()
    expect(coach.locator('.cx-lang-finding[data-rule="refusal"] .cx-lang-rewrite')).to_contain_text(
        "Say what you can do")
    shot(coach.locator(".cx-lang-customer"), "lecture09-coach-en")
