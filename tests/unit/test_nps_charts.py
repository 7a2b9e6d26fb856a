"""Lecture 08 charts: Vega-Lite dicts written without Altair, true to the NPS definitions, and
rendered offline in both languages."""

from __future__ import annotations

import pytest

from cxwidgets import charts, drivers, nps, nps_charts

LANGUAGES = ("zh-CN", "en")


@pytest.fixture(scope="module")
def frame():
    return nps.sample_survey()


def _rows(spec: dict, dataset: str) -> list[dict]:
    return spec["datasets"][dataset]


@pytest.mark.parametrize("language", LANGUAGES)
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
        assert isinstance(chart, dict) and chart["$schema"] == charts.SCHEMA_URL
        svg = charts.to_svg(chart)
        assert svg.startswith("<svg") or "<svg" in svg[:200]
    assert "推荐者" in charts.to_svg(built[0]) or language == "en"


def test_answers_are_coloured_by_the_nps_classes(frame) -> None:
    """0-6 detractors, 7-8 passives, 9-10 promoters (Reichheld 2003); one bar per answer."""
    counts = frame["recommend"].value_counts().reindex(range(11), fill_value=0).tolist()
    spec = nps_charts.distribution(counts, language="en")
    bars = _rows(spec, "answers")
    assert [bar["count"] for bar in bars] == counts
    classes = {"Detractor": range(0, 7), "Passive": range(7, 9), "Promoter": range(9, 11)}
    for bar in bars:
        assert any(bar["answer"] in answers and bar["class"].startswith(name)
                   for name, answers in classes.items()), bar
    assert "title" not in spec and nps_charts.distribution(counts, "T", "en")["title"] == "T"


def test_segment_intervals_are_the_score_plus_minus_the_margin_within_the_scale(frame) -> None:
    rows = nps.segment_table(frame, "tenure")
    drawn = _rows(nps_charts.segments(rows, "tenure", "en"), "segments")
    for row, mark in zip(rows, drawn, strict=True):
        assert mark["nps"] == row["nps"] and mark["n"] == row["n"]
        assert mark["low"] == max(-100.0, row["nps"] - row["moe"])
        assert mark["high"] == min(100.0, row["nps"] + row["moe"])


def test_drivers_strongest_first_and_the_matrix_lines_at_the_means(frame) -> None:
    result = drivers.bootstrap(frame, resamples=30)
    shown = _rows(nps_charts.drivers(result, "en"), "drivers")
    assert [row["rho"] for row in shown] == sorted(
        (rho for rho in result["rho"].values() if rho == rho), reverse=True)
    matrix = drivers.matrix(result["rho"], drivers.performance(frame))
    spec = nps_charts.ipa(matrix, "en")
    (means,) = _rows(spec, "means")
    assert means["x"] == pytest.approx(sum(r["importance"] for r in matrix) / len(matrix))
    assert means["y"] == pytest.approx(sum(r["performance"] for r in matrix) / len(matrix))
    assert {row["dy"] for row in _rows(spec, "touchpoints")} <= {-1, 1}


def test_lecture_08_charts_need_no_altair(fresh_python) -> None:
    code = (
        "import json, sys\n"
        "from cxwidgets import charts, drivers, nps, nps_charts\n"
        "frame = nps.sample_survey()\n"
        "result = drivers.bootstrap(frame, resamples=10)\n"
        "nps_charts.distribution(nps.summary(frame)['distribution'])\n"
        "nps_charts.segments(nps.segment_table(frame, 'tenure'), 'tenure')\n"
        "nps_charts.drivers(result)\n"
        "nps_charts.ipa(drivers.matrix(result['rho'], drivers.performance(frame)))\n"
        "print(json.dumps('altair' in sys.modules))\n"
    )
    assert fresh_python(code) is False
