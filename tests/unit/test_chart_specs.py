"""Lecture 03's charts, written as Vega-Lite dicts directly (the only builders: page, pictures
and reports): their marks, encodings, tooltips and values against the published definitions
and the sample data, and their pictures.

- Better-Worse (KANO): per feature, Better = (A+O)/(A+O+M+I) on y and
  |Worse| = (O+M)/(A+O+M+I) on x, quadrants split at 0.5 (A top left, O top right, M bottom
  right, I bottom left).
- Pareto (ABC tiers): customers ranked by revenue, cumulative share of value against cumulative
  share of customers; tier A the top 15% of customers, B the next 25%, C the rest.

Expected values are computed here with plain pandas from the sample files and the category
counts, and texts are read from the catalogue files, not from the chart code. Their datasets
have fixed names and their layers do not depend on the data, so a new segment or a slider move
changes only the data of the chart drawn (``charts.data_change``).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from locale_texts import catalogue  # tests/locale_texts.py

from cxwidgets import charts, kano, kano_charts, tiers, tiers_charts

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LANGUAGES = ("zh-CN", "en")
SEGMENTS = [(None, None), ("tenure", "3m"), ("tenure", "2y+"), ("tier", "young"),
            ("tier", "senior")]
ORDER = ("A", "O", "M", "I", "R", "Q")  # categories as the legend lists them
COLOURS = {"M": "#d55e00", "O": "#0072b2", "A": "#009e73", "I": "#999999", "R": "#cc79a7",
           "Q": "#e69f00"}
TIER_COLOURS = {"A": "#0072b2", "B": "#009e73", "C": "#999999"}



def marks(spec: dict) -> list[str]:
    return [view["mark"]["type"] for view in spec["layer"]]


def rows_of(spec: dict, view: dict) -> list[dict]:
    return spec["datasets"][view["data"]["name"]]


def tips(view: dict) -> list[tuple[str, str, str | None]]:
    return [(tip["field"], tip["title"], tip.get("format")) for tip in view["encoding"]["tooltip"]]


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


# ------------------------------------------------------------------ Better-Worse (KANO)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("column", "value"), SEGMENTS)
def test_better_worse_points_are_the_published_scores(answers, language, column, value):
    summary = segment_summary(answers, column, value)
    texts = catalogue(language)
    spec = kano_charts.better_worse_spec(summary, title="KANO", language=language)
    points = spec["datasets"]["kano-points"]
    frame = answers if column is None else answers[answers[column] == value]
    assert [row["feature"] for row in points] == [
        texts[f"kano.feature.{code}"] for code in frame["feature"].unique()]
    by_name = {texts[f"kano.feature.{code}"]: code for code in summary["feature"]}
    counts = summary.set_index("feature")
    answered = frame.groupby("feature").size()
    for row in points:
        code = by_name[row["feature"]]
        a, o, m, i = (int(counts.at[code, c]) for c in "AOMI")
        assert row["y"] == pytest.approx((a + o) / (a + o + m + i))
        assert row["x"] == pytest.approx((o + m) / (a + o + m + i))
        category = counts.at[code, "category"]
        assert row["code"] == category
        assert row["category"] == texts[f"kano.category.{category}"]
        assert row["n"] == answered[code]
        assert row["top"] == counts.at[code, category]
        assert row["top"] == max(int(counts.at[code, c]) for c in ORDER)


@pytest.mark.parametrize("language", LANGUAGES)
def test_better_worse_marks_encodings_and_tooltips(answers, language):
    texts = catalogue(language)
    summary = kano.summarize(answers)
    spec = kano_charts.better_worse_spec(summary, title="KANO", language=language)
    assert spec["$schema"] == charts.SCHEMA_URL
    assert spec["title"] == "KANO" and (spec["width"], spec["height"]) == (560, 420)
    assert spec["resolve"] == {"scale": {"color": "independent"}}
    assert "vconcat" not in spec
    assert marks(spec) == ["rect", "text", "text", "rule", "rule", "rule", "circle",
                           "text", "text", "text"]
    for view in spec["layer"]:  # every position on the same fixed 0..1 scale
        for channel in ("x", "y"):
            encoding = view["encoding"].get(channel, {})
            if "field" in encoding:
                assert encoding["scale"] == {"domain": [0, 1], "nice": False}
    background, *_, points = spec["layer"][:7]
    assert background["encoding"]["x"]["title"] == texts["kano.chart.x"]
    assert background["encoding"]["y"]["title"] == texts["kano.chart.y"]
    assert (points["encoding"]["x"]["field"], points["encoding"]["y"]["field"]) == ("x", "y")
    colour = points["encoding"]["color"]
    present = [c for c in ORDER if c in set(summary["category"])]
    assert colour["field"] == "category" and colour["title"] == texts["kano.chart.category"]
    assert colour["scale"] == {"domain": [texts[f"kano.category.{c}"] for c in present],
                               "range": [COLOURS[c] for c in present]}
    assert tips(points) == [
        ("feature", texts["kano.survey.col.feature"], None),
        ("category", texts["kano.chart.category"], None),
        ("y", texts["kano.chart.y"], ".2f"),
        ("x", texts["kano.chart.x"], ".2f"),
        ("top", texts["kano.chart.tip.top"], ",d"),
        ("n", texts["kano.chart.tip.answers"], ",d"),
    ]
    assert all("tooltip" not in view["encoding"] for view in spec["layer"] if view is not points)


@pytest.mark.parametrize("divider", [0.5, 0.4])
def test_better_worse_quadrants_split_at_the_divider(answers, divider):
    texts = catalogue("en")
    spec = kano_charts.better_worse_spec(kano.summarize(answers), divider=divider, language="en")
    quadrants = {row["code"]: row for row in spec["datasets"]["kano-quadrants"]}
    d = divider
    extents = {"A": (0, d, d, 1), "O": (d, 1, d, 1), "M": (d, 1, 0, d), "I": (0, d, 0, d)}
    for code, extent in extents.items():
        row = quadrants[code]
        assert (row["x"], row["x2"], row["y"], row["y2"]) == extent
        assert row["name"] == texts[f"kano.chart.quadrant.{code}"]
    assert spec["datasets"]["kano-divider"] == [{"v": divider}]
    vertical, horizontal = spec["layer"][3:5]
    assert vertical["encoding"]["x"]["field"] == horizontal["encoding"]["y"]["field"] == "v"
    background = spec["layer"][0]["encoding"]["color"]
    assert background["scale"] == {"domain": list("AOMI"),
                                   "range": [COLOURS[c] for c in "AOMI"]}


def test_better_worse_names_each_point_once(answers):
    spec = kano_charts.better_worse_spec(kano.summarize(answers), language="en")
    points = spec["datasets"]["kano-points"]
    names = {side: spec["datasets"][f"kano-names-{side}"] for side in ("left", "right", "center")}
    for view, side in zip(spec["layer"][7:], names, strict=True):
        assert view["mark"]["align"] == side and view["data"]["name"] == f"kano-names-{side}"
        assert view["encoding"]["text"]["field"] == "text"
    written = [row["text"] for rows in names.values() for row in rows]
    assert sorted(written) == sorted(row["feature"] for row in points)  # all placed: no numbers
    assert all(0 <= row["lx"] <= 1 and 0 <= row["ly"] <= 1 for rows in names.values() for row in rows)
    leaders = spec["datasets"]["kano-leaders"]
    assert {row["feature"] for row in leaders} <= {row["feature"] for row in points}


def test_better_worse_without_title_or_counts():
    summary = pd.DataFrame({"feature": ["a", "b", "c"], "better": [0.7, 0.2, float("nan")],
                            "worse": [-0.3, -0.8, float("nan")], "category": ["A", "M", "I"]})
    spec = kano_charts.better_worse_spec(summary, labels={"a": "Alpha"}, language="en")
    assert "title" not in spec
    points = spec["datasets"]["kano-points"]
    assert [(row["feature"], row["x"], row["y"]) for row in points] == [("Alpha", 0.3, 0.7),
                                                                      ("b", 0.8, 0.2)]
    assert all("n" not in row and "top" not in row for row in points)
    assert [field for field, _title, _fmt in tips(spec["layer"][6])] == [
        "feature", "category", "y", "x"]


def test_better_worse_lists_crowded_names_under_the_chart():
    texts = catalogue("en")
    spec = kano_charts.better_worse_spec(crowded(), language="en")
    chart, listing = spec["vconcat"]
    assert spec["spacing"] == 8 and marks(chart)[6] == "circle"
    assert listing["mark"]["type"] == "text" and listing["width"] == 560
    lines = [row["line"] for row in rows_of(spec, listing)]
    points = spec["datasets"]["kano-points"]
    numbered = sorted((row for row in points if row["number"]), key=lambda row: row["number"])
    assert numbered and [row["number"] for row in numbered] == list(range(1, len(numbered) + 1))
    assert lines == [texts["kano.chart.legend"]] + [
        f"{row['number']}  {row['feature']}" for row in numbered]
    assert all(row["text"] == (str(row["number"]) if row["number"] else row["feature"])
               for row in points)


# ------------------------------------------------------------------ Pareto (ABC tiers)


def pareto_curve(customers: pd.DataFrame) -> list[tuple[float, float]]:
    """The published curve, with plain pandas: revenue sorted high to low, cumulated."""
    revenue = customers["revenue"].astype(float).sort_values(ascending=False, kind="stable")
    n, total = len(revenue), revenue.sum()
    return [(0.0, 0.0)] + [(i / n, value / total)
                           for i, value in enumerate(revenue.cumsum().tolist(), start=1)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("a", "b", "sizes"), [
    (0.15, 0.25, {"A": 30, "B": 50, "C": 120}),
    (0.1, 0.3, {"A": 20, "B": 60, "C": 120}),
    (0.2, 0.8, {"A": 40, "B": 160}),
    (0.05, 0.0, {"A": 10, "C": 190}),
])
def test_pareto_curve_bands_and_tier_ends(customers, language, a, b, sizes):
    texts = catalogue(language)
    spec = tiers_charts.pareto_spec(tiers.abc_tiers(customers, a=a, b=b), language)
    curve = pareto_curve(customers)
    got = [(row["x"], row["y"]) for row in spec["datasets"]["tiers-curve"]]
    assert len(got) == len(curve) == 201
    assert list(itertools.chain(*got)) == pytest.approx(list(itertools.chain(*curve)))
    revenue = customers["revenue"].astype(float).sort_values(ascending=False)
    bands = spec["datasets"]["tiers-bands"]
    assert [row["tier"] for row in bands] == list(sizes)
    start = 0
    for row, (tier, size) in zip(bands, sizes.items(), strict=True):
        end = start + size
        assert row["customers"] == size
        assert (row["x0"], row["x1"]) == pytest.approx((start / 200, end / 200))
        assert row["y1"] == pytest.approx(curve[end][1])
        assert row["customer_share"] == pytest.approx(size / 200)
        assert row["value_share"] == pytest.approx(revenue.iloc[start:end].sum() / revenue.sum())
        assert row["label"] == f"{texts[f'tiers.tier.{tier}.short']} {100 * size / 200:.0f}%"
        assert row["end_label"] == f"{100 * curve[end][1]:.1f}%"
        assert row["name"] == texts[f"tiers.tier.{tier}.name"]
        start = end
    ends = spec["datasets"]["tiers-ends"]
    assert [row["tier"] for row in ends] == [tier for tier in sizes if tier != "C"]
    assert spec["datasets"]["tiers-diagonal"] == [{"x": 0.0, "y": 0.0}, {"x": 1.0, "y": 1.0}]
    assert spec["datasets"]["tiers-equal"][0]["label"] == texts["tiers.abc.chart.equal"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_pareto_marks_encodings_and_tooltips(customers, language):
    texts = catalogue(language)
    spec = tiers_charts.pareto_spec(tiers.abc_tiers(customers), language)
    assert spec["$schema"] == charts.SCHEMA_URL
    assert spec["title"] == texts["tiers.abc.chart.title"]
    assert (spec["width"], spec["height"]) == (680, 380)
    assert marks(spec) == ["rect", "text", "line", "text", "line", "point", "text"]
    band, band_text, diagonal, _equal, curve, end, end_text = spec["layer"]
    assert [view["data"]["name"] for view in spec["layer"]] == [
        "tiers-bands", "tiers-bands", "tiers-diagonal", "tiers-equal", "tiers-curve",
        "tiers-ends", "tiers-ends"]
    x, y = curve["encoding"]["x"], curve["encoding"]["y"]
    assert (x["field"], x["title"], x["axis"]) == ("x", texts["tiers.abc.chart.x"], {"format": "%"})
    assert x["scale"] == {"domain": [0, 1], "nice": False}
    assert (y["field"], y["title"]) == ("y", texts["tiers.abc.chart.y"])
    assert y["axis"] == {"format": "%", "values": [0, 0.2, 0.4, 0.6, 0.8, 1.0]}
    assert y["scale"] == {"domain": [0, 1.08], "nice": False}
    assert (band["encoding"]["x"]["field"], band["encoding"]["x2"]["field"]) == ("x0", "x1")
    assert diagonal["mark"]["strokeDash"] == [5, 4]
    assert (end["encoding"]["x"]["field"], end["encoding"]["y"]["field"]) == ("x1", "y1")
    assert end_text["encoding"]["text"]["field"] == "end_label"
    assert band_text["encoding"]["text"]["field"] == "label"
    for view in (band, band_text, end, end_text):
        colour = view["encoding"]["color"]
        assert colour["field"] == "tier" and colour["legend"] is None
        assert colour["scale"] == {"domain": list(TIER_COLOURS), "range": list(TIER_COLOURS.values())}
    band_tips = [
        ("name", texts["tiers.abc.col.tier"], None),
        ("customers", texts["tiers.abc.col.customers"], ",d"),
        ("customer_share", texts["tiers.abc.col.customer_share"], ".0%"),
        ("value_share", texts["tiers.abc.col.revenue_share"], ".1%"),
    ]
    end_tips = [
        ("name", texts["tiers.abc.col.tier"], None),
        ("x1", texts["tiers.abc.chart.x"], ".0%"),
        ("y1", texts["tiers.abc.chart.y"], ".1%"),
    ]
    assert tips(band) == tips(band_text) == band_tips
    assert tips(end) == tips(end_text) == end_tips
    assert all("tooltip" not in view["encoding"] for view in (diagonal, _equal, curve))


# ------------------------------------------------------------------ pictures (reports, downloads)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_specs_draw_svg_with_the_names(answers, customers, language):
    texts = catalogue(language)
    summary = segment_summary(answers, "tenure", "3m")
    svg = charts.to_svg(kano_charts.better_worse_spec(summary, title="KANO", language=language))
    assert svg.lstrip().startswith("<svg") and "KANO" in svg
    for code in summary["feature"]:
        assert texts[f"kano.feature.{code}"] in svg
    for code in "AOMI":
        assert texts[f"kano.chart.quadrant.{code}"] in svg
    pareto = charts.to_svg(tiers_charts.pareto_spec(tiers.abc_tiers(customers), language))
    assert texts["tiers.abc.chart.title"] in pareto
    for tier, share in (("A", 15), ("B", 25), ("C", 60)):
        assert f"{texts[f'tiers.tier.{tier}.short']} {share}%" in pareto


def test_numbered_names_are_drawn_under_the_chart():
    svg = charts.to_svg(kano_charts.better_worse_spec(crowded(), language="en"))
    assert catalogue("en")["kano.chart.legend"] in svg
    assert "1  A rather long feature name number" in svg.replace("&#160;", " ")


# ------------------------------------------------------------------ data-only changes


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


def test_each_call_returns_a_new_spec(answers, customers):
    summary = segment_summary(answers, None, None)
    first = kano_charts.better_worse_spec(summary, language="en")
    first["layer"][0]["mark"]["opacity"] = 1
    first["config"]["axis"]["labelFontSize"] = 99
    first["datasets"]["kano-points"].clear()
    again = kano_charts.better_worse_spec(summary, language="en")
    assert again["layer"][0]["mark"]["opacity"] == 0.07
    assert again["config"]["axis"]["labelFontSize"] == charts.TYPE["label"]
    assert again["datasets"]["kano-points"]
    ranked = tiers.abc_tiers(customers)
    pareto: dict[str, Any] = tiers_charts.pareto_spec(ranked, "en")
    pareto["layer"][0]["encoding"]["tooltip"].clear()
    pareto["datasets"]["tiers-bands"][0]["customers"] = -1
    fresh = tiers_charts.pareto_spec(ranked, "en")
    assert fresh["layer"][0]["encoding"]["tooltip"]
    assert fresh["datasets"]["tiers-bands"][0]["customers"] == 30
