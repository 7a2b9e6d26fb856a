"""Lecture 04's report section: charts laid out at the report's width, legible text, tables.

The report (``cxwidgets/report.py``) shows pictures at most 960 px wide (its body is 60rem)
and a chart's PNG at no more than that width. A chart at most 960 px wide is therefore never
shown smaller than it was drawn, and text drawn at 12 px or more stays at least 12 px on the
page. Expected texts are read by hand from ``data/journey_sample.json`` and the catalogue.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from cxwidgets import journey as J
from cxwidgets.reports import l04

REPORT_WIDTH = 960  # px
SMALLEST_TEXT = 12  # px, on the page
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
NS = "{http://www.w3.org/2000/svg}"


def _document(language: str) -> dict:
    """A workbook holding the sample journey and a kept redesign of its first curve."""
    journey = J.sample_journey(language)
    # Before: the sample's first five touchpoints; after: the valley (-3, t4) lifted to 0 and
    # a closing moment of +3 added (values chosen by hand, not computed).
    names = [tp.name for tp in journey.touchpoints()[:5]]
    before = [-1.0, 1.0, 0.0, -3.0, 3.0]
    after = [-1.0, 1.0, 0.0, 0.0, 3.0, 3.0]
    kept = {
        "curve_id": "c1",
        "plan": {"valley_id": "t4", "valley_amount": 3, "end_name": "回访", "end_value": 3},
        "before": [{"id": f"t{i + 1}", "name": names[i], "value": v} for i, v in enumerate(before)],
        "after": [
            {"id": f"t{i + 1}", "name": names[i], "value": v} for i, v in enumerate(after[:5])
        ]
        + [{"id": J.ADDED_END_ID, "name": "回访", "value": 3.0}],
    }
    return {
        "sections": {
            "04/journey": {"value": journey.to_dict(), "done": True},
            "04/reshape": {"value": {"kept": kept}, "done": True},
        }
    }


def _svgs(fragment: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in SVG.findall(fragment)]


def _font_sizes(svg: ET.Element) -> list[float]:
    sizes = []
    for text in svg.iter(f"{NS}text"):
        size = text.get("font-size") or re.search(r"font-size:\s*([\d.]+)", text.get("style", ""))
        value = size if isinstance(size, str) else size.group(1)
        sizes.append(float(value.removesuffix("px")))
    return sizes


def _rows(fragment: str, css: str) -> list[list[str]]:
    table = re.search(rf'<table class="{css}">(.*?)</table>', fragment, re.DOTALL)
    assert table, css
    return [
        re.findall(r"<t[hd]>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table[1])
    ]


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_report_charts_fit_the_report_and_their_text_stays_legible(language):
    fragment = l04.section(_document(language), language)
    charts = _svgs(fragment)
    assert len(charts) == 2  # the journey map and the kept redesign
    for svg in charts:
        assert float(svg.get("width")) <= REPORT_WIDTH
        sizes = _font_sizes(svg)
        assert sizes and min(sizes) >= SMALLEST_TEXT, sorted(set(sizes))


def test_the_report_map_numbers_the_touchpoints_and_the_table_names_them():
    fragment = l04.section(_document("zh-CN"), "zh-CN")
    journey_map = SVG.findall(fragment)[0]
    texts = ["".join(t.itertext()) for t in ET.fromstring(journey_map).iter(f"{NS}text")]
    assert [str(n) for n in range(1, 17)] == [t for t in texts if t.isdigit()][-16:]
    assert "痛点" not in texts  # tags are in the table, not crowded under the plot
    rows = _rows(fragment, "cx-journey-touchpoints")
    assert rows[0] == ["触点", "阶段", "触点类型", "标记", "现在的感受", "银发客户"]
    assert rows[1] == ["1. 套餐宣传单页与资费说明", "了解/咨询", "物理", "痛点", "-1.0", "-2.0"]
    assert rows[2] == ["2. App/公众号查询覆盖和套餐", "了解/咨询", "数字", "", "+1.0", "-3.0"]
    assert rows[16][0] == "16. 线上确认续约" and len(rows) == 17


def test_the_report_lists_the_moments_before_and_after_the_redesign():
    fragment = l04.section(_document("en"), "en")
    rows = _rows(fragment, "cx-journey-moments")
    assert rows[0] == ["before", "after"]
    assert rows[4] == ["4. Queue at the store (-3.0)", "4. Queue at the store (0.0)"]
    assert rows[6] == ["", "6. 回访 (+3.0)"]


def test_the_full_map_still_names_tags_and_kinds():
    from cxwidgets import charts, journey_charts

    svg = charts.to_svg(journey_charts.journey_map_chart(J.sample_journey("zh-CN"), "zh-CN"))
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{NS}text")]
    assert "痛点" in texts and "物理" in texts
    assert any(text.startswith("1. 套餐") for text in texts)  # a name, wrapped into lines
