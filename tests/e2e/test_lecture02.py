"""Lecture 02 (SERVQUAL) in a real browser: questionnaire, weights, results, survey, scenarios."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .browser import SCREENSHOTS, open_notebook, wait_saved

pytestmark = pytest.mark.e2e

LECTURE = "02_servqual.ipynb"
READY = ".cx-sq-item-22"
CHECKED = ("aria-checked", "true")  # a radio button of a ChoiceGrid that is chosen
UNCHECKED = ("aria-checked", "false")
CHART_MS = 180_000  # first chart waits for Altair and Vega; generous for a busy machine


def open_lecture(page: Page, learner: str, ready: str = READY) -> None:
    """Open the lecture once its page header is live and ``ready`` is visible."""
    open_notebook(page, LECTURE, learner=learner)
    page.locator(ready).first.wait_for(timeout=120_000)


def rate(page: Page, item: int, expectation: int, perception: int) -> None:
    page.locator(f".cx-sq-item-{item} .cx-sq-e [role=radio]").nth(expectation - 1).click()
    page.locator(f".cx-sq-item-{item} .cx-sq-p [role=radio]").nth(perception - 1).click()


def set_points(page: Page, points: dict[str, int | str]) -> None:
    for dimension, value in points.items():
        box = page.locator(f".cx-sq-weight-{dimension} input")
        box.fill(str(value))
        box.press("Tab")


def shot(locator, name: str) -> None:
    """Scroll to ``locator`` and save the viewport as ``tests/e2e/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    locator.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def upload_file(page: Page, scope, path) -> None:
    """Choose ``path`` in the upload button inside ``scope``."""
    with page.expect_file_chooser() as chooser:
        scope.locator(".cx-upload").click()
    chooser.value.set_files(str(path))


def saved(page: Page, voila_server, learner: str, section: str, predicate):
    """The value of ``section`` once the edit ``predicate`` looks for is on disk and the page
    names that revision as saved (``browser.wait_saved``)."""
    document = wait_saved(page, voila_server.workbook_dir, learner, section, predicate)
    return document["sections"][section]["value"]


def test_questionnaire_weights_results_and_reload(page: Page, learner: str, voila_server) -> None:
    open_lecture(page, learner)
    rate(page, 1, 6, 6)    # tangibles 0
    rate(page, 5, 7, 5)    # reliability -2
    rate(page, 8, 7, 3)    # reliability -4: the largest gap
    rate(page, 11, 6, 4)   # responsiveness -2
    rate(page, 16, 6, 5)   # assurance -1
    rate(page, 21, 5, 4)   # empathy -1
    expect(page.locator(".cx-sq-item-8 .cx-sq-p [role=radio]").nth(2)).to_have_attribute(*CHECKED)
    results = page.locator(".cx-ex-sq-results")
    # the unweighted result shows at once: (0 - 3 - 2 - 1 - 1) / 5 = -1.40
    expect(results.locator(".cx-sq-results-body")).to_be_visible()
    expect(results.locator(".cx-sq-scoreline")).to_contain_text("-1.40")
    expect(results.locator(".cx-sq-results-weights .cx-msg-info")).to_be_visible()

    # a total of 90 is refused with a message; the weighted score waits for 100
    set_points(page, {"tangibles": 10, "reliability": 40, "responsiveness": 20,
                      "assurance": 10, "empathy": 10})
    expect(page.locator('.cx-sq-left-bad[data-left="10"]')).to_be_visible()
    error = page.locator(".cx-sq-weight-message .cx-msg-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("90")
    expect(results.locator(".cx-sq-scoreline")).not_to_contain_text("-1.90")
    shot(page.locator(".cx-ex-sq-weights"), "lecture02-weights-90")

    # reaching 100 adds the weighted score; the charts and the three largest gaps show
    set_points(page, {"empathy": 20})
    expect(page.locator('.cx-sq-left-ok[data-left="0"]')).to_be_visible()
    expect(error).to_be_hidden()
    expect(results.locator(".cx-sq-results-weights .cx-msg-info")).to_be_hidden()
    dimension_chart = results.locator(".cx-sq-dimchart svg").first
    expect(dimension_chart).to_contain_text("-3.00", timeout=CHART_MS)
    results.locator(".cx-sq-itemchart svg").first.wait_for(timeout=CHART_MS)
    top = results.locator(".cx-sq-top")
    expect(top).to_have_count(3)
    expect(top.first).to_have_attribute("data-item", "8")
    # reliability gap (-2 - 4)/2 = -3 ; weighted = (0*10 - 3*40 - 2*20 - 1*10 - 1*20)/100 = -1.90
    expect(results.locator('.cx-sq-dimtable tr[data-dimension="reliability"]')).to_contain_text("-3.00")
    expect(results.locator(".cx-sq-scoreline")).to_contain_text("-1.90")
    saved(page, voila_server, learner, "02/questionnaire", lambda v: v["answers"]["8"] == [7, 3])
    shot(results, "lecture02-results")
    shot(results.locator(".cx-sq-topitems"), "lecture02-results-top")
    shot(page.locator(".cx-ex-sq-questionnaire"), "lecture02-questionnaire")

    page.reload()
    page.locator(".cx-ready").wait_for(timeout=120_000)
    expect(page.locator(".cx-sq-item-8 .cx-sq-e [role=radio]").nth(6)).to_have_attribute(*CHECKED)
    expect(page.locator(".cx-sq-item-8 .cx-sq-p [role=radio]").nth(2)).to_have_attribute(*CHECKED)
    expect(page.locator(".cx-sq-weight-reliability input")).to_have_value("40")
    expect(page.locator(".cx-sq-weight-empathy input")).to_have_value("20")
    expect(dimension_chart).to_contain_text("-3.00", timeout=CHART_MS)
    expect(results.locator(".cx-sq-scoreline")).to_contain_text("-1.90")


def test_weights_decimals_and_an_emptied_field(page: Page, learner: str, voila_server) -> None:
    open_lecture(page, learner, ".cx-sq-weight-empathy input")
    set_points(page, {"tangibles": "12.5", "reliability": "37.5", "responsiveness": 20,
                      "assurance": 10, "empathy": 20})
    # 12.5 counts as 12.5: the total is exactly 100
    expect(page.locator('.cx-sq-left-ok[data-left="0"]')).to_be_visible()
    expect(page.locator(".cx-sq-weight-tangibles input")).to_have_value("12.5")
    points = saved(page, voila_server, learner, "02/weights",
                   lambda v: v["points"]["reliability"] == 37.5)["points"]
    assert points["tangibles"] == 12.5 and points["reliability"] == 37.5

    # emptying a field leaves it empty and says it is not set (not a silent 0, not the old 20)
    set_points(page, {"assurance": ""})
    message = page.locator(".cx-sq-weight-message .cx-msg-info")
    expect(message).to_be_visible()
    expect(message).to_contain_text("保证性")
    expect(page.locator(".cx-sq-weight-assurance input")).to_have_value("")
    expect(page.locator('.cx-sq-left-bad[data-left="10"]')).to_be_visible()
    saved(page, voila_server, learner, "02/weights", lambda v: v["points"]["assurance"] is None)

    # text that is no number is refused with a message; the earlier value still counts
    set_points(page, {"empathy": "很多"})
    expect(page.locator(".cx-sq-weight-message .cx-msg-error")).to_contain_text("很多")
    expect(page.locator('.cx-sq-left-bad[data-left="10"]')).to_be_visible()

    page.reload()
    page.locator(".cx-ready").wait_for(timeout=120_000)
    expect(page.locator(".cx-sq-weight-tangibles input")).to_have_value("12.5")
    expect(page.locator(".cx-sq-weight-assurance input")).to_have_value("")
    expect(page.locator(".cx-sq-weight-empathy input")).to_have_value("20")


def test_clear_all_ratings_and_undo(page: Page, learner: str, voila_server) -> None:
    open_lecture(page, learner)
    rate(page, 2, 5, 3)
    rate(page, 9, 7, 2)
    questionnaire = page.locator(".cx-ex-sq-questionnaire")
    undo = questionnaire.locator(".cx-sq-undo")
    expect(undo).to_be_hidden()
    questionnaire.locator(".cx-sq-clear").click()
    expect(page.locator(".cx-sq-item-9 .cx-sq-e [role=radio]").nth(6)).to_have_attribute(*UNCHECKED)
    expect(questionnaire.locator(".cx-message .cx-msg-info")).to_be_visible()
    expect(undo).to_be_visible()
    saved(page, voila_server, learner, "02/questionnaire", lambda v: v["answers"] == {})

    page.reload()  # the undo is kept with the workbook
    page.locator(".cx-ready").wait_for(timeout=120_000)
    undo.click()
    expect(page.locator(".cx-sq-item-9 .cx-sq-e [role=radio]").nth(6)).to_have_attribute(*CHECKED)
    expect(page.locator(".cx-sq-item-9 .cx-sq-p [role=radio]").nth(1)).to_have_attribute(*CHECKED)
    expect(page.locator(".cx-sq-item-2 .cx-sq-p [role=radio]").nth(2)).to_have_attribute(*CHECKED)
    expect(undo).to_be_hidden()
    saved(page, voila_server, learner, "02/questionnaire",
          lambda v: v["answers"] == {"2": [5, 3], "9": [7, 2]})


def test_survey_filter_compare_and_uploads(page: Page, learner: str, tmp_path) -> None:
    good = tmp_path / "我的调研.csv"
    header = ["respondent", "tier"] + [f"E{n}" for n in range(1, 23)] + [
        f"P{n}" for n in range(1, 23)]
    lines = [",".join(header)]
    for respondent in range(1, 5):
        tier = "银发" if respondent <= 2 else "年轻"
        lines.append(",".join([str(respondent), tier] + ["6"] * 22 + ["5"] * 22))
    good.write_bytes("\n".join(lines).encode("gbk"))
    bad = tmp_path / "wrong.csv"
    bad.write_text("respondent,item,expectation,perception\n1,1,6,5\n2,1,9,5\n", encoding="utf-8")

    open_lecture(page, learner, ".cx-sq-survey-status")
    survey = page.locator(".cx-ex-sq-survey")
    status = survey.locator(".cx-sq-survey-status")
    expect(status).to_contain_text("240", timeout=CHART_MS)
    survey.locator(".cx-sq-survey-chart svg").first.wait_for(timeout=CHART_MS)
    expect(survey.locator(".cx-sq-survey-top .cx-sq-top").first).to_have_attribute("data-item", "8")

    survey.locator(".cx-sq-filter-tier select").select_option(index=2)  # senior
    expect(status).not_to_contain_text("240")
    survey.locator(".cx-sq-compare-by select").select_option(index=1)  # tier
    survey.locator(".cx-sq-segment-a select").select_option(index=1)  # senior
    survey.locator(".cx-sq-segment-b select").select_option(index=2)  # young
    empathy = survey.locator('.cx-sq-compare tr[data-dimension="empathy"]')
    expect(empathy).to_contain_text("<0.001")
    survey.locator(".cx-sq-compare-chart svg").first.wait_for(timeout=CHART_MS)
    shot(survey, "lecture02-survey")

    upload_file(page, survey, good)
    expect(survey.locator(".cx-upload-box .cx-msg-success")).to_be_visible(timeout=CHART_MS)
    survey.locator(".cx-sq-filter-tier select").select_option(index=0)  # all
    expect(status).to_contain_text("4 ")
    upload_file(page, survey, bad)
    error = survey.locator(".cx-upload-box .cx-msg-error")
    expect(error).to_be_visible(timeout=CHART_MS)
    expect(error).to_contain_text("3")   # names the spreadsheet row of the 9
    expect(error).to_contain_text("1-7")
    expect(status).to_contain_text("4 ")  # the earlier upload is still analysed

    page.reload()
    page.locator(".cx-ready").wait_for(timeout=120_000)
    expect(page.locator(".cx-sq-survey-status")).to_contain_text("4 ")  # upload kept


def test_scenarios_feedback_lock_and_english(page: Page, learner: str) -> None:
    open_lecture(page, learner, ".cx-sq-moment-m_slot")
    slot = page.locator(".cx-sq-moment-m_slot")
    slot.get_by_role("radio").nth(1).click()  # reliability
    expect(page.locator('.cx-sq-moment-m_slot [data-correct="1"]')).to_be_visible()
    page.locator(".cx-sq-moment-m_queue").get_by_role("radio").nth(4).click()  # empathy
    expect(page.locator('.cx-sq-moment-m_queue [data-correct="0"]')).to_be_visible()
    own = page.locator(".cx-sq-own-0 input")
    own.fill("热线排队半小时没人接")
    own.press("Tab")
    expect(page.locator(".cx-sq-own-0 .cx-sq-own-hint")).not_to_be_empty()

    heading = page.locator(".cx-sq-dimhead").first
    chinese = heading.inner_text()
    page.locator(".cx-header .cx-language button").nth(1).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading).not_to_have_text(chinese)
    expect(page.locator(".cx-sq-item-1 .cx-sq-text")).to_contain_text("modem")
    expect(slot).to_contain_text("technician")
    expect(page.locator('.cx-sq-moment-m_slot [data-correct="1"]')).to_contain_text("promised")
    shot(page.locator(".cx-ex-sq-scenarios"), "lecture02-scenarios-en")
    shot(page.locator(".cx-ex-sq-questionnaire"), "lecture02-questionnaire-en")

    # opening the answers locks the sample moments, also after a reload
    scenarios = page.locator(".cx-ex-sq-scenarios")
    scenarios.locator(".cx-quiz-solution-open").click()
    expect(scenarios.locator(".cx-quiz-solution")).to_be_visible()
    expect(page.locator(".cx-sq-moment-m_queue").get_by_role("radio").nth(2)).to_be_disabled()
    page.reload()
    page.locator(".cx-ready").wait_for(timeout=120_000)
    expect(page.locator(".cx-sq-moment-m_queue").get_by_role("radio").nth(2)).to_be_disabled()
    expect(page.locator('.cx-sq-moment-m_queue [data-correct="0"]')).to_be_visible()
    expect(page.locator(".cx-sq-own-0 input")).to_have_value("热线排队半小时没人接")
