"""The ChoiceGrid questionnaire (one widget model) in a real browser: keyboard only, ARIA."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .browser import open_notebook, wait_saved

pytestmark = pytest.mark.e2e

LECTURE = "03_kano.ipynb"
CATALOGUE = Path(__file__).resolve().parents[2] / "cxwidgets" / "locales" / "kano.json"
READY = ".cx-kano-row-0 .cx-kano-func [role=radio] >> nth=0"


def radios(page: Page, row: int, css: str):
    return page.locator(f".cx-kano-row-{row} .{css} [role=radio]")


def focused(page: Page, row: int, css: str, index: int) -> None:
    """Wait until the ``index``-th radio of that question has the keyboard focus."""
    expect(radios(page, row, css).nth(index)).to_be_focused()


def test_the_kano_questionnaire_answers_by_keyboard_only(
    page: Page, learner: str, voila_server
) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    group = page.locator(".cx-kano-row-0 .cx-kano-func [role=radiogroup]")
    question = json.loads(CATALOGUE.read_text(encoding="utf-8"))["kano.question.functional"]
    expect(group).to_have_attribute("aria-label", question["zh-CN"])
    row = page.locator(".cx-kano-row-0")
    expect(row).to_have_attribute("role", "group")
    # The row is named by its feature (aria-labelledby points at the label).
    label_id = row.get_attribute("aria-labelledby")
    expect(page.locator(f"[id='{label_id}']")).to_have_class(
        "cx-grid-label cx-kano-feature"
    )

    page.locator(".cx-kano-reset").focus()
    page.keyboard.press("Tab")  # into the grid: one tab stop per question (roving tabindex)
    focused(page, 0, "cx-kano-func", 0)
    page.keyboard.press("ArrowRight")  # moves and chooses "must-be" (2)
    expect(radios(page, 0, "cx-kano-func").nth(1)).to_have_attribute("aria-checked", "true")
    expect(radios(page, 0, "cx-kano-func").nth(0)).to_have_attribute("aria-checked", "false")
    focused(page, 0, "cx-kano-func", 1)
    expect(radios(page, 0, "cx-kano-func").nth(1)).to_have_attribute("tabindex", "0")
    expect(radios(page, 0, "cx-kano-func").nth(0)).to_have_attribute("tabindex", "-1")

    page.keyboard.press("Tab")
    focused(page, 0, "cx-kano-dysf", 0)
    page.keyboard.press("End")  # "dislike" (5): must-be
    expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "M")
    focused(page, 0, "cx-kano-dysf", 4)  # the kernel's redraw keeps the focus

    page.keyboard.press("Tab")
    focused(page, 1, "cx-kano-func", 0)
    page.keyboard.press("Space")  # "like" (1)
    expect(radios(page, 1, "cx-kano-func").nth(0)).to_have_attribute("aria-checked", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowLeft")  # wraps round to "dislike" (5): one-dimensional
    expect(page.locator(".cx-kano-row-1 [data-category]")).to_have_attribute("data-category", "O")
    page.keyboard.press("ArrowUp")  # "live with it" (4): attractive
    expect(page.locator(".cx-kano-row-1 [data-category]")).to_have_attribute("data-category", "A")

    wait_saved(page, voila_server.workbook_dir, learner, "03/kano_questionnaire",
               lambda value: value["answers"][:2] == [[2, 5], [1, 4]])
    page.reload()
    page.locator(READY).wait_for(timeout=120_000)
    expect(radios(page, 1, "cx-kano-dysf").nth(3)).to_have_attribute("aria-checked", "true")
    expect(radios(page, 1, "cx-kano-dysf").nth(3)).to_have_attribute("tabindex", "0")
