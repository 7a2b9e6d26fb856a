"""Lecture 05 lane chart: layout sizes, windows, lines, markers and tooltips (spec level)."""

from __future__ import annotations

import json

import pytest

from cxwidgets import blueprint as B
from cxwidgets import blueprint_charts as C
from cxwidgets import journey as J

pytestmark = pytest.mark.usefixtures("chinese")


def spec(chart) -> dict:
    return chart.to_dict(validate=False)


def test_reference_chart_size_lines_and_tooltips():
    chart = C.blueprint_chart(B.reference_blueprint("zh-CN"))
    data = spec(chart)
    # 8 columns (0..7) + the column of lane names, 150 px each; 5 lanes of 100 px
    assert (data["width"], data["height"]) == (9 * 150, 500)
    text = json.dumps(data, ensure_ascii=False)
    for name in ("互动线", "可视线", "内部互动线", "有形展示", "支持流程", "临时改约或迟到"):
        assert name in text
    assert '"title": "负责人"' in text  # tooltips name the fields


def test_windows_cover_every_column():
    blueprint = B.from_journey(J.sample_journey("zh-CN"), "sample")  # 16 columns
    assert C.windows(blueprint, 5) == [(0, 5), (5, 10), (10, 15), (15, 16)]
    assert C.windows(B.empty_blueprint(), 5) == [(0, 1)]
    last = spec(C.blueprint_chart(blueprint, start=15, stop=16, min_columns=5))
    assert last["width"] == 6 * 150
    text = json.dumps(last, ensure_ascii=False)
    assert "线上确认续约" in text and "合约到期提醒" not in text  # only column 15 (t16)


def test_markers_and_critical_path_rows():
    blueprint = B.Blueprint.from_dict(
        {
            "steps": [
                {"id": "b1", "lane": "customer", "column": 0, "duration": 5, "links": ["b2"],
                 "wait": {"standard": 10, "tolerance": 5}},
                {"id": "b2", "lane": "onstage", "column": 1, "duration": 5, "fail": {}},
            ]
        }
    )
    rows = C._step_rows(blueprint, (0, 2))
    assert [(r["number"], r["is_fail"], r["is_wait"]) for r in rows] == [
        ("1", False, True), ("2", True, False)
    ]
    (link,) = C._link_rows(blueprint, (0, 2))
    assert link["critical"] is True and link["link"] == "1 \u2192 2"
    # from the centre of b1 (0.5, 1.51) toward b2 (1.5, 2.51): it meets b2's box on its left
    # or top edge, and the arrow points down-right (between 90 and 180 degrees)
    assert 90 < link["angle"] < 180
    assert link["x2"] < 1.5 and link["y2"] < 2.51
