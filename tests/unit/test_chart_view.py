"""A chart view sends only the data when only the data change, the whole chart otherwise."""

from __future__ import annotations

from cxwidgets import charts
from cxwidgets.widgets import common


def _points(rows: list[dict], mark: str = "point", title: str = "Segment A") -> dict:
    """A two-dataset spec named as Altair names them (by a hash of their values)."""
    name = f"data-{abs(hash(str(rows))):x}"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": title,
        "datasets": {name: rows, "data-rule": [{"v": 0.5}]},
        "layer": [
            {"data": {"name": name}, "mark": mark,
             "encoding": {"x": {"field": "x", "type": "quantitative"}}},
            {"data": {"name": "data-rule"}, "mark": "rule",
             "encoding": {"x": {"field": "v", "type": "quantitative"}}},
        ],
    }


def test_new_values_in_the_same_chart_are_a_data_change_keyed_by_the_drawn_names():
    drawn = charts.titled_by_signal(_points([{"x": 1}]))
    new = charts.titled_by_signal(_points([{"x": 2}, {"x": 3}], title="Segment B"))
    change = charts.data_change(drawn, new)
    first = next(iter(drawn["datasets"]))
    assert change == {"datasets": {first: [{"x": 2}, {"x": 3}]},
                      "signals": {charts.TITLE_SIGNAL: "Segment B"}}


def test_a_dataset_changed_before_is_sent_again_so_each_change_stands_alone():
    drawn = charts.titled_by_signal(_points([{"x": 1}]))
    first = next(iter(drawn["datasets"]))
    sent = {"datasets": {first: [{"x": 2}]}, "signals": {}}
    back = charts.data_change(drawn, charts.titled_by_signal(_points([{"x": 1}])), sent)
    assert back["datasets"] == {first: [{"x": 1}]}


def test_more_than_the_data_changed_needs_the_whole_chart():
    drawn = charts.titled_by_signal(_points([{"x": 1}]))
    assert charts.data_change(drawn, charts.titled_by_signal(_points([{"x": 1}], "circle"))) is None
    fewer = charts.titled_by_signal(_points([{"x": 1}]))
    fewer["layer"] = fewer["layer"][:1]
    assert charts.data_change(drawn, fewer) is None
    assert charts.data_change({}, drawn) is None


def test_a_title_read_from_a_signal_draws_the_same_picture():
    spec = _points([{"x": 1}, {"x": 2}])
    signalled = charts.titled_by_signal(spec)
    assert signalled["title"] == {"text": {"expr": charts.TITLE_SIGNAL}}
    assert charts.to_svg(signalled) == charts.to_svg(spec)


def test_a_view_sends_the_data_alone_then_the_whole_chart_when_its_marks_change():
    view = common.ChartView(lambda: _points([{"x": 1}]))
    charts.wait()
    drawn = view.chart
    assert drawn["datasets"] and view.data == {}
    view.show(lambda: _points([{"x": 2}], title="Segment B"))
    charts.wait()
    assert view.chart is drawn  # not sent again
    assert list(view.data["datasets"].values()) == [[{"x": 2}]]
    assert view.data["signals"] == {charts.TITLE_SIGNAL: "Segment B"}
    assert view.spec["datasets"] and view.spec["title"] == "Segment B"  # the newest chart, whole
    view.show(lambda: _points([{"x": 2}], "circle"))
    charts.wait()
    assert view.chart["layer"][0]["mark"] == "circle" and view.data == {}


def test_a_view_shown_again_or_stale_gets_its_newest_chart_whole():
    view = common.ChartView(lambda: _points([{"x": 1}]))
    charts.wait()
    view.show(lambda: _points([{"x": 5}]))
    charts.wait()
    assert view.data
    view._handle_custom_msg({"event": "stale", "error": "Error: unknown dataset"}, [])
    assert view.data == {}
    assert next(iter(view.chart["datasets"].values())) == [{"x": 5}]


def test_after_a_failure_in_the_browser_the_next_chart_goes_whole():
    view = common.ChartView(lambda: _points([{"x": 1}]))
    charts.wait()
    view._handle_custom_msg({"event": "failed", "error": "Error: bad spec"}, [])
    view.show(lambda: _points([{"x": 2}]))
    charts.wait()
    assert view.chart and view.data == {}
    assert next(iter(view.chart["datasets"].values())) == [{"x": 2}]


def test_a_browser_without_vega_gets_each_chart_whole_with_its_svg():
    view = common.ChartView(lambda: _points([{"x": 1}]))
    charts.wait()
    view._handle_custom_msg({"event": "no-vega", "error": "TypeError: failed to fetch"}, [])
    view.show(lambda: _points([{"x": 2}]))
    charts.wait()
    assert view.data == {} and view.fallback_svg.lstrip().startswith("<svg")
