"""Chart builders of lectures 02 and 07 render offline with their labels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cxwidgets import charts, gaps, i18n, servqual
from cxwidgets import servqual_charts as sc

DATA = Path(__file__).resolve().parents[2] / "data"
WEIGHTS = {"tangibles": 10, "reliability": 30, "responsiveness": 25, "assurance": 15,
           "empathy": 20}


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return pd.read_csv(DATA / "servqual_survey.csv", encoding="utf-8-sig")


def _offline(svg: str) -> None:
    assert svg.startswith("<svg")
    assert "href=\"http" not in svg and "url(http" not in svg


def test_dimension_gap_chart(survey):
    scores = servqual.score(survey, WEIGHTS)
    svg = charts.to_svg(sc.dimension_gap_chart(scores, "zh-CN"))
    _offline(svg)
    for dimension in servqual.DIMENSIONS:
        assert i18n.t(f"servqual.dim.{dimension}", "zh-CN") in svg
    assert f"{scores.at['reliability', 'gap']:+.2f}" in svg
    assert charts.PALETTE["negative"] in svg
    english = charts.to_svg(sc.dimension_gap_chart(scores, "en"))
    assert "Reliability" in english


def test_dimension_chart_with_unanswered_dimension():
    answers = pd.DataFrame({"respondent": [1], "item": [5], "expectation": [7], "perception": [4]})
    svg = charts.to_svg(sc.dimension_gap_chart(servqual.score(answers), "en"))
    assert "-3.00" in svg
    assert i18n.t("servqual.chart.no_answers", "en") in svg


def test_item_chart_highlights(survey):
    items = servqual.item_scores(survey)
    top = list(servqual.largest_gaps(survey).index)
    svg = charts.to_svg(sc.item_gap_chart(items, top, "zh-CN", custom={8: "师傅准时到"}))
    _offline(svg)
    assert sc.HIGHLIGHT in svg
    assert "师傅准时到" in svg
    assert svg.count(sc.HIGHLIGHT) >= 3


def test_expectation_perception_and_segments(survey):
    scores = servqual.score(survey)
    svg = charts.to_svg(sc.expectation_perception_chart(scores, "en"))
    assert "Expectation" in svg and "Perception" in svg
    comparison = servqual.compare_segments(survey, "tier", "senior", "young")
    svg = charts.to_svg(sc.segment_chart(comparison, "银发", "年轻", "zh-CN"))
    _offline(svg)
    assert "银发" in svg and "年轻" in svg
    assert "移情性 *" in svg  # significant difference marked


def test_gap_model_chart(survey):
    result = gaps.diagnose(gaps.CASE_EVIDENCE, servqual.score(survey, WEIGHTS))
    svg = charts.to_svg(sc.gap_model_chart(result, "zh-CN"))
    _offline(svg)
    for gap_id in gaps.PROVIDER_GAPS:
        assert gaps.gap(gap_id).name("zh-CN") in svg
    assert i18n.t("gaps.chart.customer_title", "zh-CN") in svg
    assert sc.HIGHLIGHT in svg
    empty = gaps.diagnose({"research": 1})
    svg = charts.to_svg(sc.gap_model_chart(empty, "en"))
    assert i18n.t("gaps.chart.no_customer", "en") in svg
    assert i18n.t("gaps.chart.not_rated", "en") in svg


def test_the_charts_lecture_02_draws_first_need_no_altair(fresh_python):
    """The survey's gap bars and segment comparison are Vega-Lite dicts written directly: the
    page draws them as soon as the sample is analysed and never loads Altair for them."""
    code = (
        "import json, sys\n"
        "import pandas as pd\n"
        "from cxwidgets import servqual, servqual_charts as sc\n"
        f"answers = pd.read_csv({str(DATA / 'servqual_survey.csv')!r}, encoding='utf-8-sig')\n"
        "gaps = sc.dimension_gap_chart(servqual.score(answers), 'en')\n"
        "pair = servqual.compare_segments(answers, 'tier', 'senior', 'young')\n"
        "segments = sc.segment_chart(pair, 'A', 'B', 'en')\n"
        "print(json.dumps([type(gaps).__name__, type(segments).__name__, 'altair' in sys.modules]))\n"
    )
    assert fresh_python(code) == ["dict", "dict", False]
