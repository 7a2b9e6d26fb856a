"""Proves the harness: a real Voila server, Chromium, a widget round trip, nothing external."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cxwidgets.serve import class_args

from . import browser as harness
from .browser import open_notebook, screenshot, wait_saved
from .conftest import TestServer
from .kernels import kernel_id, kernel_is_running, wait_until_kernel_is_gone

pytestmark = pytest.mark.e2e

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
LECTURE = "02_servqual.ipynb"


@pytest.fixture(scope="module")
def smoke_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    """A second Voila, same configuration, serving only ``tests/e2e/notebooks``."""
    server = TestServer(NOTEBOOKS, tmp_path_factory.mktemp("smoke")).start()
    yield server
    server.close()


def test_button_round_trip(page: Page, smoke_server: TestServer) -> None:
    open_notebook(page, "smoke.ipynb", ready=".cx-smoke-button", base_url=smoke_server.url)
    button = page.locator(".cx-smoke-button")
    expect(button).to_have_text("0")

    button.click()

    expect(button).to_have_text("1")
    expect(page.locator(".cx-smoke-clicked")).to_be_visible()
    screenshot(page, "smoke")


def test_page_is_chinese_first_and_uses_the_course_template(
    page: Page, smoke_server: TestServer
) -> None:
    open_notebook(page, "smoke.ipynb", ready=".cx-smoke-button", base_url=smoke_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    stylesheets = page.locator('link[rel="stylesheet"]')
    hrefs = [stylesheets.nth(i).get_attribute("href") or "" for i in range(stylesheets.count())]
    assert any("/voila/templates/cx/static/cx.css" in href for href in hrefs), hrefs
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Noto Sans CJK SC"'), font


def test_notebook_list_loads_nothing_external(page: Page, smoke_server: TestServer) -> None:
    page.goto(smoke_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator(".cx-tree-notebook")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    screenshot(page, "smoke-tree")


def test_blocked_request_is_recorded(page: Page, page_guard, smoke_server: TestServer) -> None:
    """The guard itself: requests and websockets leaving the machine are aborted and recorded."""
    open_notebook(page, "smoke.ipynb", ready=".cx-smoke-button", base_url=smoke_server.url)
    outcome = page.evaluate(
        "fetch('https://example.invalid/x.js').then(() => 'loaded', () => 'blocked')"
    )
    assert outcome == "blocked"
    closed = page.evaluate(
        """() => new Promise((resolve) => {
            const ws = new WebSocket('wss://example.invalid/socket');
            ws.onopen = () => resolve('open');
            ws.onclose = () => resolve('closed');
        })"""
    )
    assert closed == "closed"
    assert page_guard.external == [
        "https://example.invalid/x.js",
        "wss://example.invalid/socket",
    ]
    assert page_guard.problems()[:2] == [
        "non-local request blocked: https://example.invalid/x.js",
        "non-local request blocked: wss://example.invalid/socket",
    ]
    # Expected here, so cleared; the page fixture would fail the test otherwise.
    page_guard.external.clear()
    page_guard.allow(r"example\.invalid|ERR_BLOCKED_BY_CLIENT")


def test_served_files_are_limited(page: Page, smoke_server: TestServer) -> None:
    """Only images next to the notebooks are served as files; notebooks and hidden files are not."""
    response = page.request.get(smoke_server.url + "/voila/files/smoke.ipynb")
    assert response.status == 403


PREHEATED = "03_kano.ipynb"
FIRST_ANSWER = ".cx-kano-row-0 .cx-kano-func [role=radio] >> nth=0"


@pytest.fixture(scope="module")
def preheated_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    """The course prepared for a class of lecture 03, as ``make serve CLASS_LECTURE=03`` does
    (a pool of one kernel, refilled at once so the test need not wait a minute)."""
    repo = NOTEBOOKS.parents[2]
    args = class_args(repo / "notebooks", "03", 1, fill_delay=0)
    server = TestServer(repo / "notebooks", tmp_path_factory.mktemp("preheat"), extra_args=args)
    yield server.start()
    server.close()


def _pages_prepared(server: TestServer, times: int) -> None:
    """Wait until ``times`` pages of the lecture have been prepared: each prepared kernel says
    so in the server's log once it has run the notebook (``lesson.announce_prepared``), in
    both languages; Voila's "Kernel pool ... is filled" comes when the kernels have started."""
    line = "Lecture 03: a class page is prepared"
    deadline = time.monotonic() + 180
    while server.log_path.read_text(encoding="utf-8").count(line) < times:
        assert time.monotonic() < deadline, f"no page of {PREHEATED} was prepared"
        try:  # the polling interval; returns at once if Voila exited
            code = server.process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"Voila exited with code {code}")


def _served_preheated(server: TestServer, kernel: str) -> bool:
    log = server.log_path.read_text(encoding="utf-8")
    return f"Using pre-heated kernel: {kernel} for {PREHEATED}" in log


def test_preheated_page_takes_the_learner_and_their_work_from_the_request(
    browser, preheated_server: TestServer, learner: str
) -> None:
    """A kernel that ran lecture 03 before anyone asked applies the request when it comes: the
    learner's workbook, the language; its page's kernel is shut down when the page closes
    (the `_xsrf` cookie the cx template sets lets Voila's beacon through)."""
    _pages_prepared(preheated_server, 1)
    assert "第 03 讲：一个课堂页面已准备好" in preheated_server.log_path.read_text(encoding="utf-8")
    context, guard = harness.new_context(browser, base_url=preheated_server.url)
    try:
        page = context.new_page()
        open_notebook(page, PREHEATED, learner=learner, lang="en", base_url=preheated_server.url)
        first = kernel_id(page)
        assert _served_preheated(preheated_server, first)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator(".cx-header .cx-learner")).to_contain_text(learner)
        page.locator(FIRST_ANSWER).click()
        wait_saved(page, preheated_server.workbook_dir, learner, "03/kano_questionnaire",
                   lambda value: value["answers"][0][0] is not None)
        with page.expect_event("close"):
            page.close(run_before_unload=True)
        wait_until_kernel_is_gone(preheated_server.url, first)

        _pages_prepared(preheated_server, 2)  # the pool was refilled and the new page prepared
        page = context.new_page()
        open_notebook(page, PREHEATED, learner=learner, lang="en", base_url=preheated_server.url)
        second = kernel_id(page)
        assert second != first and _served_preheated(preheated_server, second)
        expect(page.locator(FIRST_ANSWER)).to_have_attribute("aria-checked", "true")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        guard.assert_clean()
    finally:
        context.close()


def test_course_notebook_list_shows_only_the_course(page: Page, voila_server: TestServer) -> None:
    """The course server's root lists the lecture notebooks and links the course home."""
    page.goto("/")
    course = sorted(path.name for path in voila_server.root.glob("*.ipynb"))
    links = page.locator(".cx-tree-notebook")
    expect(links).to_have_count(len(course))
    assert sorted(links.all_inner_texts()) == course
    expect(page.locator(".cx-tree-home")).to_have_attribute("href", "/voila/render/00_home.ipynb")


def test_closing_a_page_shuts_its_kernel_down(
    page: Page, page_guard, voila_server: TestServer, learner: str
) -> None:
    """The page's unload beacon reaches Voila (XSRF cookie set by ``voila.py``) and is obeyed."""
    open_notebook(page, LECTURE, learner=learner)
    kernel = kernel_id(page)
    assert kernel_is_running(voila_server.url, kernel)
    page_guard.assert_clean()

    with page.expect_event("close"):
        page.close(run_before_unload=True)  # returns before the page is gone

    wait_until_kernel_is_gone(voila_server.url, kernel)


def test_reloading_a_page_shuts_its_old_kernel_down(
    page: Page, voila_server: TestServer, learner: str
) -> None:
    """A reload starts a new kernel and ends the old one; the beacon is not refused (403)."""
    open_notebook(page, LECTURE, learner=learner)
    old_kernel = kernel_id(page)
    assert kernel_is_running(voila_server.url, old_kernel)

    page.reload(wait_until="commit")
    # Not open_notebook: navigating again would unload the reloaded page too.
    expect(page.locator(".cx-ready")).to_be_visible()
    new_kernel = kernel_id(page)

    assert new_kernel != old_kernel
    wait_until_kernel_is_gone(voila_server.url, old_kernel)
    assert kernel_is_running(voila_server.url, new_kernel)
