"""Lecture 08 (satisfaction and loyalty) in a real browser: every exercise clicked and typed,
an upload, a reload that finds everything back, the English switch and the report."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from cxwidgets.report import build_html

from .browser import SCREENSHOTS, open_notebook, wait_saved, workbook_path

pytestmark = pytest.mark.e2e

LECTURE = "08_loyalty.ipynb"
LOAD_MS = 120_000
CHART_MS = 180_000
SCORE = ".cx-ex-nps-score"
UPLOAD = "respondent,tenure,question,answer\n" + "".join(
    f"r{i},{'3m' if i < 5 else '2y+'},recommend,{score}\n"
    for i, score in enumerate([10, 10, 9, 9, 8, 7, 6, 5, 3, 0])
)


def shot(locator, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    locator.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def saved(page: Page, voila_server, learner: str, section: str, until) -> dict:
    document = wait_saved(page, voila_server.workbook_dir, learner, section, until, timeout=60_000)
    return document["sections"][section]["value"]


def open_lecture(page: Page, learner: str) -> None:
    open_notebook(page, LECTURE, learner=learner)
    page.locator(f"{SCORE} .cx-nps-big").wait_for(timeout=LOAD_MS)
    page.locator(".cx-ex-nps-voice .cx-nps-words-detractor [role=radio]").first.wait_for(timeout=LOAD_MS)


def test_every_exercise_by_clicking_and_typing_survives_a_reload(
    page: Page, learner: str, voila_server, tmp_path
) -> None:
    open_lecture(page, learner)
    score = page.locator(SCORE)
    expect(score.locator(".cx-nps-moe")).to_contain_text("±")
    expect(score.locator(".cx-nps-distribution svg").first).to_be_visible(timeout=CHART_MS)
    score.locator(".cx-nps-margin select").select_option(label="±10 分")
    expect(score.locator(".cx-nps-planner-result")).to_contain_text("±10")
    saved(page, voila_server, learner, "08/score", lambda v: v.get("margin") == 10)
    shot(score, "lecture08-score")

    # exercise 2: crossed segments flag the small ones
    segments = page.locator(".cx-ex-nps-segments")
    segments.locator(".cx-nps-pair-b select").select_option(label="半年")
    expect(segments.locator(".cx-nps-pair .cx-nps-compare-result")).to_contain_text("z =")
    saved(page, voila_server, learner, "08/segments", lambda v: v.get("b") == "6m")
    segments.locator(".cx-nps-by button").nth(2).click()
    expect(segments.locator(".cx-nps-small-warning .cx-msg-error")).to_be_visible()
    saved(page, voila_server, learner, "08/segments", lambda v: v.get("by") == "tenure_tier")
    shot(segments, "lecture08-segments")

    # exercise 3: new customers, what to fix first
    drivers = page.locator(".cx-ex-nps-drivers")
    expect(drivers.locator(".cx-nps-driver-t14")).to_be_visible(timeout=LOAD_MS)
    drivers.locator(".cx-nps-tenure button").nth(4).click()  # 3 months
    first = drivers.locator(".cx-nps-drivers-table tbody tr").first
    expect(first).to_have_class(re.compile("cx-nps-driver-t8"), timeout=LOAD_MS)
    drivers.locator(".cx-nps-fix [role=radio]").nth(2).click()  # t8
    why = drivers.locator(".cx-nps-why textarea")
    why.fill("新客户最在意准时上门")
    expect(drivers.locator(".cx-nps-why-count")).to_contain_text("10 / 1000")
    value = saved(page, voila_server, learner, "08/drivers",
                  lambda v: v.get("why") == "新客户最在意准时上门" and v.get("result", {}).get("tenure") == "3m")
    assert value["fix"] == "t8"
    expect(drivers.locator(".cx-nps-ipa svg").first).to_be_visible(timeout=CHART_MS)
    shot(drivers, "lecture08-drivers")

    # exercise 4: a detractor word opens its comments
    voice = page.locator(".cx-ex-nps-voice")
    slow = voice.locator('.cx-nps-words-detractor [role=radio][data-code="慢"]')
    slow.click()
    expect(slow).to_have_attribute("aria-checked", "true")
    expect(voice.locator(".cx-nps-comments li").first).to_contain_text("慢")
    saved(page, voila_server, learner, "08/voice", lambda v: v.get("opened") == ["慢"])
    shot(voice, "lecture08-voice")

    # exercise 5: a plan
    design = page.locator(".cx-ex-nps-design")
    design.locator(".cx-nps-metric-t15 [role=radio]").nth(0).click()  # NPS
    design.locator(".cx-nps-metric-t14 [role=radio]").nth(2).click()  # CES
    design.locator(".cx-nps-check-close_loop input").check()
    design.locator(".cx-nps-note textarea").fill("每周班组例会看 CES")
    expect(design.locator(".cx-nps-plan-t15")).to_be_visible()
    saved(page, voila_server, learner, "08/design",
          lambda v: v.get("note") == "每周班组例会看 CES" and v.get("checks") == ["close_loop"])
    shot(design, "lecture08-design")

    page.reload()
    open_lecture(page, learner)
    expect(score.locator(".cx-nps-margin select option:checked")).to_have_text("±10 分")
    expect(segments.locator(".cx-nps-by button").nth(2)).to_have_class(re.compile("mod-active"))
    expect(drivers.locator(".cx-nps-fix [role=radio]").nth(2)).to_have_attribute("aria-checked", "true")
    expect(why).to_have_value("新客户最在意准时上门")
    expect(slow).to_have_attribute("aria-checked", "true")
    expect(design.locator(".cx-nps-metric-t14 [role=radio]").nth(2)).to_have_attribute("aria-checked", "true")
    expect(design.locator(".cx-nps-note textarea")).to_have_value("每周班组例会看 CES")

    document = json.loads(workbook_path(voila_server.workbook_dir, learner).read_text(encoding="utf-8"))
    report = build_html(document, "zh-CN")
    assert "cx-nps-driver-t8" in report and "每周班组例会看 CES" in report


def test_upload_then_bad_file_keeps_data_and_english(page: Page, learner: str, tmp_path) -> None:
    good = tmp_path / "mine.csv"
    good.write_text(UPLOAD, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent,question,answer\nr1,recommend,11\n", encoding="utf-8")
    open_lecture(page, learner)
    score = page.locator(SCORE)
    for path in (good, bad):
        with page.expect_file_chooser() as chooser:
            score.locator(".cx-upload").click()
        chooser.value.set_files(str(path))
        if path is good:
            expect(score.locator(".cx-nps-moe")).to_contain_text("±55.4")
            expect(score.locator(".cx-nps-adjusted")).to_contain_text("46.5")  # adjusted Wald
    expect(score.locator(".cx-upload-box .cx-msg-error")).to_be_visible()
    expect(score.locator(".cx-nps-moe")).to_contain_text("±55.4")  # the earlier upload stays
    segments = page.locator(".cx-ex-nps-segments")
    expect(segments.locator(".cx-nps-source")).to_contain_text("10")  # follows the upload

    page.locator(".cx-header .cx-language button").nth(1).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(score.locator(".cx-nps-moe")).to_contain_text("margin of error")
    expect(page.locator(".cx-ex-nps-voice .cx-note").first).not_to_contain_text("评论用")
    shot(score, "lecture08-english")
