"""A full server answers a new page with a clear "busy, trying again" page, which gets in by
itself once a place is free."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from . import browser as harness
from .browser import open_notebook
from .conftest import COURSE, TestServer
from .kernels import kernel_id, wait_until_kernel_is_gone

pytestmark = pytest.mark.e2e

HOME = "00_home.ipynb"


@pytest.fixture(scope="module")
def full_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    """The course served with room for one page, retrying after 2 s."""
    server = TestServer(COURSE, tmp_path_factory.mktemp("capacity"))
    server.env.update({"CX_MAX_KERNELS": "1", "CX_BUSY_RETRY": "2"})
    yield server.start()
    server.close()


def test_a_page_past_the_cap_waits_on_a_busy_page_then_opens(
    browser: Browser, full_server: TestServer, learner: str, tmp_path: Path
) -> None:
    first_context, first_guard = harness.new_context(browser, base_url=full_server.url)
    second_context, second_guard = harness.new_context(browser, base_url=full_server.url)
    second_guard.allow(r"503")  # the busy page's own status, as the console reports it
    try:
        first = first_context.new_page()
        open_notebook(first, HOME, learner=learner, base_url=full_server.url)
        kernel = kernel_id(first)

        second = second_context.new_page()
        response = second.goto(
            harness.notebook_url(HOME, learner=f"{learner}-2", lang="en"), wait_until="commit"
        )
        assert response is not None and response.status == 503
        assert response.headers.get("retry-after") == "2"
        busy = second.locator(".cx-busy")
        expect(busy).to_be_visible()
        expect(second.locator("html")).to_have_attribute("lang", "en")
        harness.screenshot(second, "capacity-busy")

        with first.expect_event("close"):
            first.close(run_before_unload=True)
        wait_until_kernel_is_gone(full_server.url, kernel)
        # The busy page reloads itself; now there is room.
        expect(second.locator(harness.READY)).to_be_visible(timeout=120_000)
        expect(second.locator(".cx-header .cx-learner")).to_contain_text(f"{learner}-2")
        first_guard.assert_clean()
        second_guard.assert_clean()
    finally:
        first_context.close()
        second_context.close()
