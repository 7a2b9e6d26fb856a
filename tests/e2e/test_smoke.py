"""Proves the harness: a real Voila server, Chromium, a widget round trip, nothing external."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .browser import open_notebook, screenshot
from .conftest import TestServer

pytestmark = pytest.mark.e2e

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


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
    """The guard itself: a request leaving the machine is aborted and recorded."""
    open_notebook(page, "smoke.ipynb", ready=".cx-smoke-button", base_url=smoke_server.url)
    page_guard.allow(r"ERR_BLOCKED_BY_CLIENT|Failed to load resource")
    outcome = page.evaluate(
        "fetch('https://example.invalid/x.js').then(() => 'loaded', () => 'blocked')"
    )
    assert outcome == "blocked"
    assert page_guard.external == ["https://example.invalid/x.js"]
    page_guard.external.clear()


def test_served_files_are_limited(page: Page, smoke_server: TestServer) -> None:
    """Only images next to the notebooks are served as files; notebooks and hidden files are not."""
    response = page.request.get(smoke_server.url + "/voila/files/smoke.ipynb")
    assert response.status == 403
