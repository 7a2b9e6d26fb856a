"""Charts are drawn in the learner's browser by the bundled Vega, fetched once per browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from . import browser as harness
from .browser import open_notebook
from .conftest import TestServer

pytestmark = pytest.mark.e2e

BUNDLE = "/voila/templates/cx/static/vega.js"
# Kernel round trips and chart rendering can be slow on a busy machine: wait up to a minute.
WAIT = 60_000
TRANSFERRED = """(part) => performance.getEntriesByType('resource')
  .filter((entry) => entry.name.includes(part))
  .map((entry) => ({ url: entry.name, bytes: entry.transferSize }))"""


def test_charts_are_drawn_by_the_bundle_which_is_fetched_once(
    browser: Browser, voila_server: TestServer, learner: str
) -> None:
    # Playwright turns the HTTP cache off for routed requests, and the harness's guard routes
    # every request to block external ones. This test needs the browser's real cache, so its
    # context is not routed: requests are recorded instead, and any external one fails it.
    context = browser.new_context(base_url=voila_server.url, viewport=harness.VIEWPORT)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        open_notebook(page, "03_kano.ipynb", learner=learner)
        chart = page.locator(".cx-kano-chart.cx-chart")
        expect(chart.locator("svg.marks")).to_be_visible()  # vega's own SVG, drawn in this page
        assert page.evaluate("typeof window.vegaEmbed") == "function"
        first = page.evaluate(TRANSFERRED, BUNDLE)
        assert len(first) == 1 and "?v=" in first[0]["url"] and first[0]["bytes"] > 0, first

        open_notebook(page, "02_servqual.ipynb", learner=learner)  # another lecture
        expect(page.locator(".cx-chart.cx-chart-drawn svg.marks").first).to_be_visible()
        again = page.evaluate(TRANSFERRED, BUNDLE)
        assert [entry["url"] for entry in again] == [first[0]["url"]]
        assert again[0]["bytes"] == 0, "the bundle was downloaded again, not read from the cache"
        assert [url for url in requested if not harness.is_local(url)] == []
    finally:
        context.close()


# The texts of the Pareto chart's text marks (tier bands, value reached at each tier's end).
MARK_TEXTS = """(chart) => [...chart.querySelectorAll('g.mark-text text')]
  .map((text) => text.textContent)"""


def test_new_data_are_applied_to_the_chart_drawn_without_drawing_it_again(
    page: Page, learner: str
) -> None:
    open_notebook(page, "03_kano.ipynb", learner=learner)
    chart = page.locator(".cx-abc-chart.cx-chart")
    expect(chart).to_have_class(re.compile(r"\bcx-chart-drawn\b"), timeout=WAIT)
    chart.scroll_into_view_if_needed()
    draws = int(chart.get_attribute("data-draws"))
    before = chart.evaluate(MARK_TEXTS)
    chart.locator("svg.marks").evaluate("(svg) => { svg.dataset.cxProbe = 'kept'; }")

    handle = page.locator(".cx-abc-share-a [role=slider]")
    handle.focus()
    handle.press("ArrowRight")
    expect(chart).to_have_attribute("data-draws", str(draws + 1), timeout=WAIT)
    expect(chart).to_have_class(re.compile(r"\bcx-chart-drawn\b"))
    after = chart.evaluate(MARK_TEXTS)
    assert after != before and len(after) == len(before)
    # The same Vega view drew the new values: a chart compiled again is a new SVG element.
    assert chart.locator("svg.marks").get_attribute("data-cx-probe") == "kept"
