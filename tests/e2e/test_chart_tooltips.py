"""Charts drawn in the browser show tooltips: hover a point of lecture 03's Better-Worse chart.

The tooltip (vega-tooltip's ``#vg-tooltip-element``) must name the feature and give its
figures with their catalogue titles; the figures are compared with the sample data file and
with the results table the page shows next to the chart, never with translated literals.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .browser import open_notebook, screenshot

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
LECTURE = "03_kano.ipynb"
TABLE_READY = ".cx-kano-table tbody tr >> nth=0"
POINTS = ".cx-kano-chart svg g.mark-symbol.role-mark path"
TOOLTIP = "#vg-tooltip-element"
#: Columns of the results table (kano_html.summary_table): feature, category, A O M I R Q, n,
#: Better, Worse, significant.
CATEGORIES = ("A", "O", "M", "I", "R", "Q")
N_COLUMN, BETTER_COLUMN, WORSE_COLUMN = 8, 9, 10


def catalogue(language: str = "zh-CN") -> dict[str, str]:
    """Every catalogue key's text in ``language``, from the locale files."""
    texts: dict[str, str] = {}
    for path in (ROOT / "cxwidgets" / "locales").glob("*.json"):
        for key, entry in json.loads(path.read_text(encoding="utf-8")).items():
            texts[key] = entry[language]
    return texts


def answers_per_feature() -> dict[str, int]:
    """How many answers each feature has in the sample survey (the file the page analyses)."""
    counts: dict[str, int] = {}
    with (ROOT / "data" / "kano_survey.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            counts[row["feature"]] = counts.get(row["feature"], 0) + 1
    return counts


def tooltip_rows(page: Page) -> dict[str, str]:
    """The shown tooltip as {title: value}."""
    return page.evaluate(
        """selector => Object.fromEntries(
          [...document.querySelectorAll(`${selector} tr`)].map((row) => [
            row.querySelector(".key").textContent.trim(),
            row.querySelector(".value").textContent.trim(),
          ]))""",
        TOOLTIP,
    )


def test_hovering_a_better_worse_point_shows_its_feature_and_figures(
    page: Page, learner: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_notebook(page, LECTURE, learner=learner, ready=TABLE_READY)
    points = page.locator(POINTS)
    expect(points).to_have_count(len(answers_per_feature()), timeout=120_000)
    texts = catalogue()
    code_of = {texts[f"kano.feature.{code}"]: code for code in answers_per_feature()}

    for index in (0, 3):  # two points: the tooltip follows the pointer from one to the next
        point = points.nth(index)
        point.scroll_into_view_if_needed()
        point.hover()
        tooltip = page.locator(f"{TOOLTIP}.visible")
        expect(tooltip).to_be_visible()
        shown = tooltip_rows(page)
        assert list(shown) == [
            texts[key]
            for key in (
                "kano.survey.col.feature", "kano.chart.category", "kano.chart.y", "kano.chart.x",
                "kano.chart.tip.top", "kano.chart.tip.answers",
            )
        ]
        code = code_of[shown[texts["kano.survey.col.feature"]]]
        assert int(shown[texts["kano.chart.tip.answers"]]) == answers_per_feature()[code]

        row = page.locator(f'.cx-kano-table tr[data-feature="{code}"]')
        cells = row.locator("td").all_inner_texts()
        category = row.locator("[data-category]").get_attribute("data-category")
        assert shown[texts["kano.chart.category"]] == texts[f"kano.category.{category}"]
        assert shown[texts["kano.chart.y"]] == cells[BETTER_COLUMN]
        assert shown[texts["kano.chart.x"]] == cells[WORSE_COLUMN].lstrip("-")
        assert shown[texts["kano.chart.tip.answers"]] == cells[N_COLUMN]
        top = cells[2 + CATEGORIES.index(category)]
        assert shown[texts["kano.chart.tip.top"]] == top
    screenshot(page, "chart-tooltip-better-worse", full_page=False)


def test_lecture03_charts_fit_the_column_at_1280x720(page: Page, learner: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_notebook(page, LECTURE, learner=learner, ready=TABLE_READY)
    charts = page.locator(".cx-chart.cx-chart-drawn svg")
    expect(page.locator(".cx-kano-mix svg")).to_have_count(1, timeout=120_000)
    # Every drawn chart: not wider than its card, so the page never scrolls sideways.
    overflow = page.evaluate(
        """() => [...document.querySelectorAll(".cx-chart.cx-chart-drawn svg")].map((svg) => {
          const card = svg.closest(".jp-OutputArea-output") || svg.parentElement;
          return { width: svg.getBoundingClientRect().width,
                   room: card.getBoundingClientRect().width,
                   drawn: Number(svg.getAttribute("width")) };
        }).filter((c) => c.width > c.room + 0.5)"""
    )
    assert charts.count() >= 2
    assert overflow == []
    scroller = page.evaluate(
        """() => { const el = document.getElementById("rendered_cells") || document.body;
                   return [el.scrollWidth, el.clientWidth]; }"""
    )
    assert scroller[0] <= scroller[1], scroller
