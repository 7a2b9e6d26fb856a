"""Who is learning: a page opened without a name asks first, and nothing typed is lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .browser import open_notebook, wait_saved, workbook_path

pytestmark = pytest.mark.e2e

LECTURE = "03_kano.ipynb"
CHECKED = ("aria-checked", "true")  # a radio button of a ChoiceGrid that is chosen


def test_a_bare_page_asks_who_is_learning_and_keeps_earlier_work(
    page: Page, learner: str, voila_server
) -> None:
    open_notebook(page, LECTURE, learner=None, ready=".cx-ready .cx-who-name input")
    prompt = page.locator(".cx-header .cx-who")
    expect(prompt).to_be_visible()
    expect(page.locator(".cx-header .cx-learner")).not_to_contain_text("guest")
    assert "learner=" not in page.url
    # Work before the name is given: one answer.
    page.locator(".cx-kano-row-0 .cx-kano-func [role=radio]").nth(0).click()
    page.locator(".cx-kano-row-0 .cx-kano-dysf [role=radio]").nth(4).click()
    expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "O")
    assert not list(voila_server.workbook_dir.glob("guest*.json"))  # no shared workbook

    name = prompt.locator(".cx-who-name input")
    name.fill("a/b")
    name.press("Enter")
    expect(prompt.locator(".cx-msg-error")).to_be_visible()
    name.fill(learner)
    prompt.locator(".cx-who-apply").click()
    expect(prompt).to_be_hidden()
    expect(page.locator(".cx-header .cx-learner")).to_contain_text(learner)
    page.wait_for_url(lambda url: f"learner={learner}" in url)
    document = wait_saved(page, voila_server.workbook_dir, learner, "03/kano_questionnaire",
                          lambda value: value["answers"][0] == [1, 5])
    assert document["learner"] == learner

    page.reload()
    page.locator(".cx-kano-row-0 .cx-kano-func").wait_for(timeout=120_000)
    first = page.locator(".cx-kano-row-0 .cx-kano-func [role=radio]").nth(0)
    expect(first).to_have_attribute(*CHECKED)


def test_a_name_typed_but_not_applied_survives_a_reload(page: Page, learner: str) -> None:
    open_notebook(page, "00_home.ipynb", learner=learner, ready=".cx-learner-name input")
    box = page.locator(".cx-learner-name input")
    expect(box).to_have_value(learner)
    box.fill(f"{learner}-draft")
    page.reload()
    page.locator(".cx-learner-name input").wait_for(timeout=120_000)
    expect(page.locator(".cx-learner-name input")).to_have_value(f"{learner}-draft")
    expect(page.locator(".cx-header .cx-learner")).to_contain_text(learner)
    page.locator(".cx-learner-apply").click()
    expect(page.locator(".cx-header .cx-learner")).to_contain_text(f"{learner}-draft")


def test_workbook_path_helper_names_the_file(voila_server, learner: str) -> None:
    assert workbook_path(voila_server.workbook_dir, learner).name.startswith(learner)
