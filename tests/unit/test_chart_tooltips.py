"""Every data mark of the course charts has a tooltip: named rows, catalogue titles, numbers
formatted like the labels and tables, and fields that the mark's data really has.

Each chart's Vega-Lite dict (an Altair chart's ``chart.to_dict()``, or the dict a builder
writes directly, e.g. lecture 03's) is read as the browser gets it. Titles are looked up in the
catalogue files directly, and the counts are checked against the sample data files (counted
here with plain pandas), not against the analysis code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from locale_texts import catalogue  # tests/locale_texts.py

from cxwidgets import (
    gaps,
    journey_charts,
    kano,
    kano_charts,
    servqual,
    servqual_charts,
    tiers,
    tiers_charts,
)
from cxwidgets import journey as J

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LANGUAGES = ("zh-CN", "en")



def layers(
    spec: dict, datasets: dict[str, list[dict]], data: dict | None = None
) -> Iterator[tuple[dict, list[dict]]]:
    """Every unit view of ``spec`` with the rows of its data (inherited from its parent)."""
    data = spec.get("data", data)
    if "mark" in spec:
        rows = [] if data is None else data.get("values") or datasets[data["name"]]
        yield spec, rows
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            yield from layers(child, datasets, data)


def mark_type(view: dict) -> str:
    mark = view["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def tooltip_of(view: dict) -> list[dict]:
    tip = view.get("encoding", {}).get("tooltip", [])
    return tip if isinstance(tip, list) else [tip]


def views(chart: Any) -> list[tuple[str, list[dict], list[dict]]]:
    """(mark type, tooltip rows, data rows) of every unit view of ``chart``."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return [
        (mark_type(view), tooltip_of(view), values)
        for view, values in layers(spec, spec.get("datasets", {}))
    ]


Tip = tuple[str, str, "str | None"]


def check(chart: Any, language: str, expected: dict[str, list[Tip] | list[list[Tip]]],
          bare: tuple[str, ...] = ()) -> list[list[dict]]:
    """Every view whose mark is in ``expected`` has exactly that tooltip (or one of a list of
    them), as ``(field, catalogue key of its title, format or None)``, and every row of its data
    has those fields; marks in ``bare`` may have none (decoration: rules at zero, quadrant
    names). Returns the data rows of the checked views, in order."""
    texts = catalogue(language)
    checked = []
    for mark, tooltip, values in views(chart):
        if not tooltip and mark in bare:
            continue
        assert mark in expected, f"{mark}: no tooltip expected, got {tooltip}"
        options = expected[mark]
        options = options if isinstance(options[0], list) else [options]
        got = [(tip["field"], tip["title"], tip.get("format")) for tip in tooltip]
        wanted = [[(field, texts[key], fmt) for field, key, fmt in option] for option in options]
        assert got in wanted, (mark, got)
        for row in values:
            missing = [field for field, _title, _fmt in got if field not in row]
            assert not missing, (mark, missing, row)
        checked.append(values)
    assert checked, "no view with a tooltip"
    return checked


# ------------------------------------------------------------------ KANO (lecture 03)


@pytest.fixture(scope="module")
def kano_answers() -> pd.DataFrame:
    return pd.read_csv(DATA / "kano_survey.csv", encoding="utf-8-sig")


@pytest.mark.parametrize("language", LANGUAGES)
def test_better_worse_points_name_the_feature_its_scores_and_counts(kano_answers, language):
    summary = kano.summarize(kano_answers)
    chart = kano_charts.better_worse_spec(summary, language=language)
    tips = {"circle": [
        ("feature", "kano.survey.col.feature", None),
        ("category", "kano.chart.category", None),
        ("y", "kano.chart.y", ".2f"),
        ("x", "kano.chart.x", ".2f"),
        ("top", "kano.chart.tip.top", ",d"),
        ("n", "kano.chart.tip.answers", ",d"),
    ]}
    (points,) = check(chart, language, tips, bare=("rect", "text", "rule"))
    texts = catalogue(language)
    answers = kano_answers.groupby("feature").size()
    by_name = {texts[f"kano.feature.{code}"]: code for code in answers.index}
    assert {by_name[row["feature"]]: row["n"] for row in points} == answers.to_dict()
    assert all(0 < row["top"] <= row["n"] for row in points)


def test_better_worse_of_scores_without_counts_still_has_tooltips():
    summary = pd.DataFrame({"feature": ["a", "b"], "better": [0.7, 0.2],
                            "worse": [-0.3, -0.8], "category": ["A", "M"]})
    tips = {"circle": [
        ("feature", "kano.survey.col.feature", None),
        ("category", "kano.chart.category", None),
        ("y", "kano.chart.y", ".2f"),
        ("x", "kano.chart.x", ".2f"),
    ]}
    check(kano_charts.better_worse_spec(summary, language="en"), "en", tips,
          bare=("rect", "text", "rule"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_category_mix_bars_give_the_count_and_share(kano_answers, language):
    summary = kano.summarize(kano_answers)
    tips = {"bar": [
        ("feature", "kano.survey.col.feature", None),
        ("category", "kano.chart.category", None),
        ("count", "kano.chart.tip.answers", ",d"),
        ("share", "kano.chart.share", ".0%"),
    ]}
    (bars,) = check(kano_charts.category_mix(summary, language=language), language, tips)
    frame = pd.DataFrame(bars)
    per_feature = frame.groupby("feature")["count"].sum()
    assert sorted(per_feature) == sorted(kano_answers.groupby("feature").size())
    assert frame.groupby("feature")["share"].sum().round(9).eq(1.0).all()


# ------------------------------------------------------------------ SERVQUAL (lecture 02) and gaps (07)

SCORES = [
    ("expectation", "servqual.chart.expectation", ".2f"),
    ("perception", "servqual.chart.perception", ".2f"),
    ("gap", "servqual.chart.gap_axis", "+.2f"),
    ("n", "servqual.results.col.n", ",d"),
]
DIMENSION = ("dimension", "servqual.results.col.dimension", None)


@pytest.fixture(scope="module")
def servqual_answers() -> pd.DataFrame:
    return pd.read_csv(DATA / "servqual_survey.csv", encoding="utf-8-sig")


def _answers_per_dimension(answers: pd.DataFrame) -> list[int]:
    complete = answers.dropna(subset=["expectation", "perception"])
    content = json.loads((ROOT / "cxwidgets" / "content" / "servqual.json").read_text("utf-8"))
    return sorted(
        int(complete["item"].isin(entry["items"]).sum()) for entry in content["dimensions"]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_dimension_gap_bars(servqual_answers, language):
    chart = servqual_charts.dimension_gap_chart(servqual.score(servqual_answers), language)
    (bars,) = check(chart, language, {"bar": [DIMENSION, *SCORES]}, bare=("text", "rule"))
    assert sorted(row["n"] for row in bars) == _answers_per_dimension(servqual_answers)
    for row in bars:
        assert row["gap"] == pytest.approx(row["perception"] - row["expectation"])


def test_expectation_perception_dots_and_rules(servqual_answers):
    chart = servqual_charts.expectation_perception_chart(servqual.score(servqual_answers), "en")
    checked = check(chart, "en", {"rule": [DIMENSION, *SCORES], "point": [DIMENSION, *SCORES]})
    assert len(checked) == 2


def test_item_gap_bars_name_the_whole_item(servqual_answers):
    items = servqual.item_scores(servqual_answers)
    chart = servqual_charts.item_gap_chart(items, [1], "zh-CN", custom={8: "师傅准时到"})
    tips = {"bar": [("item", "servqual.chart.tip.item", None), DIMENSION, *SCORES]}
    (bars,) = check(chart, "zh-CN", tips, bare=("text", "rule"))
    assert "8 师傅准时到" in {row["item"] for row in bars}
    complete = servqual_answers.dropna(subset=["expectation", "perception"])
    assert sorted(row["n"] for row in bars) == sorted(complete.groupby("item").size())


def test_segment_bars(servqual_answers):
    comparison = servqual.compare_segments(servqual_answers, "tier", "senior", "young")
    chart = servqual_charts.segment_chart(comparison, "A", "B", "en")
    tips = {"bar": [
        DIMENSION,
        ("segment", "servqual.chart.tip.segment", None),
        ("gap", "servqual.chart.gap_axis", "+.2f"),
        ("p", "servqual.survey.col.p", None),
    ]}
    (bars,) = check(chart, "en", tips)
    assert {row["segment"] for row in bars} == {"A", "B"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_gap_model_bars(servqual_answers, language):
    result = gaps.diagnose(gaps.CASE_EVIDENCE, servqual.score(servqual_answers))
    chart = servqual_charts.gap_model_chart(result, language)
    provider = [
        ("gap", "gaps.table.gap", None),
        ("score", "gaps.chart.evidence_axis", ".0f"),
        ("priority", "gaps.table.priority", None),
    ]
    texts = catalogue(language)
    seen = [tips for mark, tips, _rows in views(chart) if mark == "bar"]
    gap = ("gap", "servqual.chart.gap_axis", "+.2f")  # the diagnosis keeps the gaps only
    assert [[tip["title"] for tip in tips] for tips in seen] == [
        [texts[key] for _field, key, _fmt in provider],
        [texts[key] for _field, key, _fmt in [DIMENSION, gap]],
    ]
    assert [tip["format"] for tip in seen[0] if "format" in tip] == [".0f"]


# ------------------------------------------------------------------ ABC tiers (lecture 03)


def test_pareto_bands_and_tier_ends():
    customers = pd.read_csv(DATA / "customers.csv", encoding="utf-8-sig")
    ranked = tiers.abc_tiers(customers)
    tier = [
        ("name", "tiers.abc.col.tier", None),
        ("customers", "tiers.abc.col.customers", ",d"),
        ("customer_share", "tiers.abc.col.customer_share", ".0%"),
        ("value_share", "tiers.abc.col.revenue_share", ".1%"),
    ]
    end = [
        ("name", "tiers.abc.col.tier", None),
        ("x1", "tiers.abc.chart.x", ".0%"),
        ("y1", "tiers.abc.chart.y", ".1%"),
    ]
    chart = tiers_charts.pareto_spec(ranked, "zh-CN")
    checked = check(chart, "zh-CN", {"rect": tier, "point": end, "text": [tier, end]},
                    bare=("line", "text"))
    bands = checked[0]
    assert sum(row["customers"] for row in bands) == len(customers)
    assert sum(row["value_share"] for row in bands) == pytest.approx(1.0)
    top = customers["revenue"].sort_values(ascending=False)
    first = bands[0]  # tier A: the customers with the highest revenue
    assert first["value_share"] == pytest.approx(top.iloc[: first["customers"]].sum() / top.sum())


# ------------------------------------------------------------------ journey (lecture 04)

TOUCHPOINT = [
    ("touchpoint", "journey.key.col.touchpoint", None),
    ("stage", "journey.key.col.stage", None),
    ("kind", "journey.chart.tip.kind", None),
    ("tag", "journey.chart.tip.tag", None),
]
CURVE = ("curve", "journey.analysis.col.curve", None)
VALUE = ("value", "journey.key.col.value", "+.1f")


def _journey_views(chart: Any) -> dict[str, list[tuple[list[dict], list[dict]]]]:
    out: dict[str, list[tuple[list[dict], list[dict]]]] = {}
    for mark, tips, values in views(chart):
        out.setdefault(mark, []).append((tips, values))
    return out


@pytest.mark.parametrize("width", [None, 900])
def test_journey_map_marks(width):
    journey = J.sample_journey("zh-CN")
    texts = catalogue("zh-CN")
    found = _journey_views(journey_charts.journey_map_chart(journey, "zh-CN", width=width))

    def titles(tips: list[dict]) -> list[str]:
        return [tip["title"] for tip in tips]

    (band,) = found["rect"]
    assert titles(band[0]) == [texts["journey.key.col.stage"]]
    assert {row["name"] for row in band[1]} == {stage.name for stage in journey.stages}
    ((line_tips, _),) = found["line"]
    assert titles(line_tips) == [texts["journey.analysis.col.curve"]]
    ((point_tips, points),) = found["circle"]
    want = [TOUCHPOINT[0], CURVE, VALUE, *TOUCHPOINT[1:]]
    assert [(t["field"], t["title"], t.get("format")) for t in point_tips] == [
        (field, texts[key], fmt) for field, key, fmt in want
    ]
    expected = {
        (curve.name, tp.name, curve.values[tp.id])
        for curve in journey.curves for tp in journey.touchpoints() if tp.id in curve.values
    }
    assert {(row["curve"], row["touchpoint"], row["value"]) for row in points} == expected
    stage_of = {tp.name: stage.name for stage in journey.stages for tp in stage.touchpoints}
    assert all(stage_of[row["touchpoint"]] == row["stage"] for row in points)
    for tips, values in found["text"]:
        assert tips, "a text mark without a tooltip"
        fields = [tip["field"] for tip in tips]
        assert all(field in row for row in values for field in fields)


def test_redesign_marks():
    journey = J.sample_journey("en")
    before = journey.episode(journey.curves[0].id)
    after = list(reversed(before))
    found = _journey_views(journey_charts.redesign_chart(before, after, "en"))
    texts = catalogue("en")
    ((point_tips, points),) = found["circle"]
    assert [(t["field"], t["title"], t.get("format")) for t in point_tips] == [
        ("moment", texts["journey.key.col.touchpoint"], None),
        ("curve", texts["journey.analysis.col.curve"], None),
        ("value", texts["journey.key.col.value"], "+.1f"),
    ]
    assert sorted(row["moment"] for row in points) == sorted([m.name for m in before] * 2)
    assert found["line"][0][0] and all(tips for tips, _ in found["text"])
