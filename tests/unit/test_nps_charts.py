"""Lecture 08 charts render offline in both languages."""

from __future__ import annotations

import pytest

from cxwidgets import charts, drivers, nps, nps_charts


@pytest.fixture(scope="module")
def frame():
    return nps.sample_survey()


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_charts_render(frame, language) -> None:
    summary = nps.summary(frame)
    rows = nps.segment_table(frame, "tenure")
    result = drivers.bootstrap(frame, resamples=30)
    matrix = drivers.matrix(result["rho"], drivers.performance(frame))
    built = [
        nps_charts.distribution(summary["distribution"], language=language),
        nps_charts.segments(rows, "tenure", language),
        nps_charts.drivers(result, language),
        nps_charts.ipa(matrix, language),
    ]
    for chart in built:
        svg = charts.to_svg(chart)
        assert svg.startswith("<svg") or "<svg" in svg[:200]
    assert "推荐者" in charts.to_svg(built[0]) or language == "en"
