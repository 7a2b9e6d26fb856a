"""The course home in a real browser: learner name, language, progress, downloads."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from .browser import open_notebook, screenshot, wait_saved

pytestmark = pytest.mark.e2e

HOME = "00_home.ipynb"


def test_home_shows_cards_progress_and_workbook_location(page: Page, learner: str) -> None:
    open_notebook(page, HOME, learner=learner, ready=".cx-ready .cx-language")
    cards = page.locator(".cx-card")
    expect(cards).to_have_count(11)
    expect(page.locator('.cx-card-built[data-lecture="03"] .cx-open-lecture')).to_have_attribute(
        "href", f"03_kano.ipynb?learner={learner}&lang=zh-CN"
    )
    # Every lecture is built now: no card says "planned", and lecture 01 opens its notebook.
    expect(page.locator(".cx-card-planned")).to_have_count(0)
    expect(page.locator('.cx-card-built[data-lecture="01"] .cx-open-lecture')).to_have_attribute(
        "href", f"01_experience.ipynb?learner={learner}&lang=zh-CN"
    )
    expect(page.locator(".cx-workbook-path")).to_contain_text(f"{learner}.json")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    screenshot(page, "home-zh")


def test_language_switch_is_remembered_after_reload(page: Page, learner: str) -> None:
    open_notebook(page, HOME, learner=learner, ready=".cx-ready .cx-language")
    title = page.locator(".cx-header .cx-title")
    chinese_title = title.inner_text()
    page.locator(".cx-language button").nth(1).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(title).not_to_have_text(chinese_title)
    expect(page.locator(".cx-header .cx-title")).to_contain_text("Course home")
    assert "lang=en" in page.url
    screenshot(page, "home-en")
    # Reload without the lang parameter: the workbook remembers the choice.
    open_notebook(page, HOME, learner=learner, ready=".cx-ready .cx-language")
    expect(page.locator(".cx-language button.mod-active")).to_have_count(1)
    expect(page.locator(".cx-language button").nth(1)).to_have_class(re.compile("mod-active"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_learner_name_switch_and_bad_name(page: Page, learner: str, voila_server) -> None:
    open_notebook(page, HOME, learner=learner, ready=".cx-learner-name input")
    name_input = page.locator(".cx-learner-name input")
    name_input.fill("../../etc/passwd")
    name_input.press("Enter")
    expect(page.locator(".cx-ex-home-learner .cx-msg-error")).to_be_visible()
    expect(page.locator(".cx-workbook-path")).to_contain_text(f"{learner}.json")

    new_name = f"{learner}-二"
    name_input.fill(new_name)
    page.locator(".cx-learner-apply").click()
    expect(page.locator(".cx-workbook-path")).to_contain_text(f"{new_name}.json")
    expect(page.locator(".cx-header .cx-learner")).to_contain_text(new_name)
    page.wait_for_url(lambda url: "learner=" in url and learner in url)
    # The browser remembers the learner: a bare URL reopens as that learner.
    page.goto(voila_server.url + "/voila/render/00_home.ipynb")
    page.wait_for_url(lambda url: "learner=" in url)
    expect(page.locator(".cx-header .cx-learner")).to_contain_text(new_name, timeout=120_000)


def test_workbook_downloads_as_json_and_html(page: Page, learner: str, voila_server) -> None:
    # Some work first, so the report has a section with a chart.
    open_notebook(page, "03_kano.ipynb", learner=learner, ready=".cx-kano-row-0 .cx-kano-func")
    page.locator(".cx-kano-row-0 .cx-kano-func [role=radio]").nth(0).click()
    page.locator(".cx-kano-row-0 .cx-kano-dysf [role=radio]").nth(4).click()
    expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "O")
    page.locator(".cx-kano-chart svg").first.wait_for(state="attached", timeout=120_000)
    # Both answers of the first feature are on disk, and the page says so.
    wait_saved(
        page,
        voila_server.workbook_dir,
        learner,
        "03/kano_questionnaire",
        lambda value: value["answers"][0] == [1, 5],
    )
    # Looking at the survey is work too (opening the page alone saves nothing): the report
    # then shows the Better-Worse chart of the segment chosen.
    page.locator(".cx-kano-filter-tenure select").select_option(index=1)
    wait_saved(
        page,
        voila_server.workbook_dir,
        learner,
        "03/kano_survey",
        lambda value: value["filters"]["tenure"] == "2y+",
    )

    open_notebook(page, HOME, learner=learner, ready=".cx-download-json")
    with page.expect_download() as info:
        page.locator(".cx-download-json").click()
    document = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert document["schema"] == 1 and document["learner"] == learner
    answers = document["sections"]["03/kano_questionnaire"]["value"]["answers"]
    assert answers[0] == [1, 5]
    assert info.value.suggested_filename == f"cx-workbook-{learner}.json"

    with page.expect_download(timeout=120_000) as info:
        page.locator(".cx-download-html").click()
    report = info.value.path().read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and learner in report
    assert "data:image/png;base64," in report  # the Better-Worse chart, rendered offline
    assert not re.search(r"""(src|href)=["']https?:""", report)  # nothing to fetch
    expect(page.locator('.cx-card[data-lecture="03"] .cx-progress')).to_have_attribute(
        "aria-valuenow", "1"
    )
