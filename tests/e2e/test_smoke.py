"""Proves the harness: a real Voila server, Chromium, a widget round trip, nothing external."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .browser import open_notebook, screenshot
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


@pytest.fixture(scope="module")
def preheated_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    """The course with Voila's preheated kernels (a pool of one, for the home page only).

    Served with the repository's ``voila.json`` alone: the installed ``voila.py`` sets a
    ``prelaunch_hook``, which Voila refuses to combine with preheating.
    """
    repo = NOTEBOOKS.parents[2]
    server = TestServer(
        repo / "notebooks",
        tmp_path_factory.mktemp("preheat"),
        extra_args=[
            f"--Voila.config_file_paths=['{repo}']",
            "--preheat_kernel=True",
            "--pool_size=1",
            "--VoilaKernelManager.preheat_denylist=['^(?!.*/00_home\\.ipynb$)']",
        ],
    ).start()
    yield server
    server.close()


def test_preheated_kernel_gets_the_learner_from_the_url(
    page: Page, preheated_server: TestServer, learner: str
) -> None:
    """cxwidgets.session waits for the query string in a preheated kernel."""
    open_notebook(page, "00_home.ipynb", learner=learner, base_url=preheated_server.url)
    expect(page.locator(".cx-header .cx-learner")).to_contain_text(learner)
    expect(page.locator(".cx-workbook-path")).to_contain_text(f"{learner}.json")
    log = preheated_server.log_path.read_text(encoding="utf-8")
    assert "Using pre-heated kernel" in log


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
