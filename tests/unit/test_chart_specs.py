"""Lecture 03's charts written as Vega-Lite dicts (fast, for the page) are the charts Altair
builds (kept for pictures and reports): the same spec once data are inlined, the same SVG.

Their datasets have fixed names and their layers do not depend on the data, so a new segment
or a slider move changes only the data of the chart drawn (``charts.data_change``).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cxwidgets import charts, kano, kano_charts, tiers, tiers_charts

DATA = Path(__file__).resolve().parents[2] / "data"
LANGUAGES = ("zh-CN", "en")
SEGMENTS = [(None, None), ("tenure", "3m"), ("tenure", "2y+"), ("tier", "young"),
            ("tier", "senior")]


def inlined(spec: dict) -> Any:
    """``spec`` with each view's named dataset replaced by its rows (names differ: Altair
    names them by a hash), as plain JSON."""
    datasets = spec.get("datasets", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in datasets:
                return {"values": datasets[node["name"]]}
            return {key: walk(value) for key, value in node.items() if key != "datasets"}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return json.loads(json.dumps(walk(spec), sort_keys=True))


@pytest.fixture(scope="module")
def answers() -> pd.DataFrame:
    return kano.sample_survey()


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return pd.read_csv(DATA / "customers.csv", encoding="utf-8-sig")


def segment_summary(answers: pd.DataFrame, column: str | None, value: str | None) -> pd.DataFrame:
    return kano.summarize(answers if column is None else answers[answers[column] == value])


def crowded() -> pd.DataFrame:
    """Scores without counts, so crowded that some names are numbered under the chart."""
    x = [0.5 + 0.004 * i for i in range(12)]
    return pd.DataFrame({"feature": [f"A rather long feature name number {i}" for i in range(12)],
                         "better": [0.5 + 0.003 * i for i in range(12)],
                         "worse": [-v for v in x], "category": ["O"] * 12})


def test_the_schema_is_altairs():
    import altair as alt

    assert charts.SCHEMA_URL == alt.SCHEMA_URL


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("column", "value"), SEGMENTS)
def test_better_worse_spec_is_the_altair_chart(answers, language, column, value):
    summary = segment_summary(answers, column, value)
    altair = charts.to_spec(kano_charts.better_worse(summary, title="KANO", language=language))
    direct = kano_charts.better_worse_spec(summary, title="KANO", language=language)
    assert inlined(direct) == inlined(altair)


def test_better_worse_spec_with_numbered_names_is_the_altair_chart():
    direct = kano_charts.better_worse_spec(crowded(), language="en")
    assert "vconcat" in direct
    assert inlined(direct) == inlined(charts.to_spec(kano_charts.better_worse(crowded(),
                                                                               language="en")))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("a", "b"), [(0.15, 0.25), (0.1, 0.3), (0.2, 0.8), (0.05, 0.0)])
def test_pareto_spec_is_the_altair_chart(customers, language, a, b):
    ranked = tiers.abc_tiers(customers, a=a, b=b)
    altair = charts.to_spec(tiers_charts.pareto_chart(ranked, language))
    assert inlined(tiers_charts.pareto_spec(ranked, language)) == inlined(altair)


def test_the_direct_specs_draw_the_same_svg(answers, customers):
    summary = segment_summary(answers, "tenure", "3m")
    pairs = [
        (kano_charts.better_worse_spec(summary, title="KANO", language="zh-CN"),
         kano_charts.better_worse(summary, title="KANO", language="zh-CN")),
        (kano_charts.better_worse_spec(crowded(), language="en"),
         kano_charts.better_worse(crowded(), language="en")),
        (tiers_charts.pareto_spec(tiers.abc_tiers(customers), "zh-CN"),
         tiers_charts.pareto_chart(tiers.abc_tiers(customers), "zh-CN")),
    ]
    for direct, altair in pairs:
        assert charts.to_svg(direct) == charts.to_svg(altair)


def test_each_segment_changes_only_the_data_of_the_chart_drawn(answers):
    specs = [charts.titled_by_signal(kano_charts.better_worse_spec(
        segment_summary(answers, column, value), title=f"KANO {value}", language="zh-CN"))
        for column, value in SEGMENTS]
    for drawn, new in itertools.pairwise(specs):
        change = charts.data_change(drawn, new)
        assert change is not None
        assert change["signals"] == {charts.TITLE_SIGNAL: new["params"][0]["value"]}


def test_each_slider_move_changes_only_the_data_of_the_chart_drawn(customers):
    specs = [tiers_charts.pareto_spec(tiers.abc_tiers(customers, a=a, b=b), "en")
             for a, b in [(0.15, 0.25), (0.2, 0.8), (0.05, 0.0)]]
    for drawn, new in itertools.pairwise(specs):
        assert charts.data_change(drawn, new)["datasets"]


def test_each_call_returns_a_new_spec(answers):
    summary = segment_summary(answers, None, None)
    first = kano_charts.better_worse_spec(summary, language="en")
    first["layer"][0]["mark"]["opacity"] = 1
    first["config"]["axis"]["labelFontSize"] = 99
    first["datasets"]["kano-points"].clear()
    again = kano_charts.better_worse_spec(summary, language="en")
    assert again["layer"][0]["mark"]["opacity"] == 0.07
    assert again["config"]["axis"]["labelFontSize"] == charts.TYPE["label"]
    assert again["datasets"]["kano-points"]
