"""Nothing lost on a server that forgets: the browser's copy comes back, a workbook file imports.

Both tests stop the course server, delete its whole workbook folder (as a culled Binder
container does) and start it again on the same port, hence the same origin, so the
browser's storage is the one the page used before.
"""

from __future__ import annotations

import json
import shutil

import pytest
from playwright.sync_api import Browser, Page, expect

from . import browser as harness
from .browser import open_notebook, screenshot, wait_saved, workbook_path

pytestmark = pytest.mark.e2e

LECTURE = "03_kano.ipynb"
HOME = "00_home.ipynb"
READY = ".cx-kano-row-0 .cx-kano-func"
SECTION = "03/kano_questionnaire"
# While the server is down, an open page loses its kernel: expected noise.
RESTART_NOISE = r"ERR_CONNECTION_REFUSED|api/shutdown|api/kernels|WebSocket"


def answer(page: Page, row: int, functional: int, dysfunctional: int) -> None:
    page.locator(f".cx-kano-row-{row} .cx-kano-func button").nth(functional - 1).click()
    page.locator(f".cx-kano-row-{row} .cx-kano-dysf button").nth(dysfunctional - 1).click()


def forget_everything(voila_server) -> None:
    """Stop the server, delete its workbook folder, start a fresh one on the same port."""
    voila_server.stop()
    shutil.rmtree(voila_server.workbook_dir)
    voila_server.workbook_dir.mkdir()
    voila_server.start(timeout=120)


def test_work_comes_back_from_the_browser_after_the_server_forgot(
    page: Page, learner: str, voila_server, page_guard
) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    answer(page, 0, 1, 5)  # like / dislike -> O
    answer(page, 1, 2, 5)  # must-be / dislike -> M
    document = wait_saved(page, voila_server.workbook_dir, learner, SECTION,
                          lambda value: value["answers"][:2] == [[1, 5], [2, 5]])
    # The browser holds the copy of exactly that revision.
    copy = page.locator(".cx-header .cx-backup-store")
    expect(copy).to_have_attribute("data-revision", str(document["revision"]))
    expect(copy).to_have_attribute("data-learner", learner)
    expect(copy).to_have_attribute("data-store", "indexeddb")

    page_guard.allow(RESTART_NOISE)
    forget_everything(voila_server)
    assert not workbook_path(voila_server.workbook_dir, learner).exists()

    open_notebook(page, LECTURE, learner=learner, ready=READY)
    expect(page.locator(".cx-header .cx-backup-message .cx-msg-success")).to_be_visible()
    expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "O")
    expect(page.locator(".cx-kano-row-1 [data-category]")).to_have_attribute("data-category", "M")
    screenshot(page, "backup-restored", full_page=False)
    restored = wait_saved(page, voila_server.workbook_dir, learner, SECTION,
                          lambda value: value["answers"][:2] == [[1, 5], [2, 5]])
    assert restored["revision"] > document["revision"]  # later saves supersede the copy
    expect(copy).to_have_attribute("data-revision", str(restored["revision"]))

    # Opened again on a server that has the work: nothing to restore, no message.
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "O")
    expect(page.locator(".cx-header .cx-backup-message .cx-msg")).to_have_count(0)


def test_a_downloaded_workbook_imports_into_a_fresh_server(
    page: Page, learner: str, voila_server, page_guard, browser: Browser
) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    answer(page, 0, 1, 5)
    wait_saved(page, voila_server.workbook_dir, learner, SECTION,
               lambda value: value["answers"][0] == [1, 5])
    open_notebook(page, HOME, learner=learner, ready=".cx-download-json")
    with page.expect_download() as info:
        page.locator(".cx-download-json").click()
    exported = info.value.path().read_bytes()
    assert json.loads(exported)["sections"][SECTION]["value"]["answers"][0] == [1, 5]

    page_guard.allow(RESTART_NOISE)
    forget_everything(voila_server)

    # Another browser (no copy of this learner in it) on the fresh server.
    context, guard = harness.new_context(browser, base_url=voila_server.url)
    try:
        fresh = context.new_page()
        open_notebook(fresh, HOME, learner=learner, ready=".cx-import-workbook input")
        picker = fresh.locator(".cx-import-workbook input[type=file]")
        picker.set_input_files(
            files=[{"name": "survey.csv", "mimeType": "text/csv", "buffer": b"id,score\n1,3\n"}]
        )
        expect(fresh.locator(".cx-import-message .cx-msg-error")).to_be_visible()
        assert not workbook_path(voila_server.workbook_dir, learner).exists()

        picker.set_input_files(
            files=[{"name": f"cx-workbook-{learner}.json", "mimeType": "application/json",
                    "buffer": exported}]
        )
        expect(fresh.locator(".cx-import-message .cx-msg-success")).to_be_visible()
        screenshot(fresh, "backup-imported")
        wait_saved(fresh, voila_server.workbook_dir, learner, SECTION,
                   lambda value: value["answers"][0] == [1, 5])

        open_notebook(fresh, LECTURE, learner=learner, ready=READY)
        expect(fresh.locator(".cx-kano-row-0 [data-category]")).to_have_attribute(
            "data-category", "O"
        )
        fresh.close(run_before_unload=True)
    finally:
        context.close()
    assert not guard.problems(), guard.problems()


def test_a_damaged_browser_copy_is_ignored_with_a_message(page: Page, learner: str) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    page.evaluate(
        "learner => window.localStorage.setItem(`cx.backup.${learner}`, '{half a copy')", learner
    )
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    expect(page.locator(".cx-header .cx-backup-message .cx-msg-info")).to_be_visible()
    # The damaged copy is dropped; the next save keeps a good one.
    page.wait_for_function(
        "learner => window.localStorage.getItem(`cx.backup.${learner}`) === null", arg=learner
    )
    answer(page, 0, 1, 5)
    expect(page.locator(".cx-header .cx-backup-store")).to_have_attribute(
        "data-learner", learner
    )


def test_switching_to_a_learner_restores_that_learners_copy(
    page: Page, learner: str, voila_server, page_guard
) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    answer(page, 0, 1, 5)
    document = wait_saved(page, voila_server.workbook_dir, learner, SECTION,
                          lambda value: value["answers"][0] == [1, 5])
    expect(page.locator(".cx-header .cx-backup-store")).to_have_attribute(
        "data-revision", str(document["revision"])
    )
    page_guard.allow(RESTART_NOISE)
    forget_everything(voila_server)

    other = f"{learner}b"  # this browser holds no copy of theirs: nothing to restore
    open_notebook(page, HOME, learner=other, ready=".cx-learner-name input")
    expect(page.locator(".cx-header .cx-backup-message .cx-msg")).to_have_count(0)
    page.locator(".cx-learner-name input").fill(learner)
    page.locator(".cx-learner-apply").click()
    expect(page.locator(".cx-header .cx-backup-message .cx-msg-success")).to_be_visible()
    wait_saved(page, voila_server.workbook_dir, learner, SECTION,
               lambda value: value["answers"][0] == [1, 5])
    assert not workbook_path(voila_server.workbook_dir, other).exists() or not json.loads(
        workbook_path(voila_server.workbook_dir, other).read_text(encoding="utf-8")
    )["sections"]
