"""The exercise contract: built without a learner, loaded later, events from the learner only."""

from __future__ import annotations

import html
import threading

import ipywidgets as widgets
import pytest

from cxwidgets import charts, i18n
from cxwidgets.errors import CXError
from cxwidgets.widgets import common
from cxwidgets.widgets.exercise import (
    Debounce,
    Exercise,
    on_user_change,
    user_clicks,
    user_sets,
)


class Counter(Exercise):
    section = "99/counter"
    title_key = "kano.questionnaire.title"
    name = "counter"

    def initial_state(self):
        return {"count": 0, "note": "", "mode": "a"}

    def build(self):
        self.note = widgets.Textarea()
        self.bind(self.note, "note", typing=True)
        self.mode = widgets.ToggleButtons(options=[("A", "a"), ("B", "b")])
        self.bind(self.mode, "mode")
        self.plus = self.button("kano.questionnaire.apply", "cx-plus", self.add)
        self.shown = widgets.HTML()
        self.draws = 0
        return [self.note, self.mode, self.plus, self.shown, self.message]

    def add(self):
        if self.state["count"] >= 3:
            raise CXError("kano.error.no_features")
        self.update(count=self.state["count"] + 1)

    def draw(self):
        self.draws += 1
        self.shown.value = html.escape(f"{self.state['count']} {self.state['mode']}")

    def is_done(self):
        return self.state["count"] > 0


@pytest.fixture
def session(started_session):
    return started_session("99")  # tests/unit/conftest.py


def test_built_without_a_learner_then_loaded(session):
    session.workbook.set("99/counter", {"count": 2, "note": "hi", "mode": "b"})
    exercise = Counter()  # no session: defaults, no workbook read
    assert exercise.state["count"] == 0 and exercise.shown.value == "0 a"
    exercise.attach(session)
    assert exercise.state == {"count": 2, "note": "hi", "mode": "b"}
    assert exercise.note.value == "hi" and exercise.mode.value == "b"
    assert exercise.shown.value == "2 b"


def test_learner_event_saves_and_redraws_values_set_by_drawing_are_not_events(session):
    exercise = Counter(session)
    draws = exercise.draws
    exercise.mode.value = "b"  # the kernel assigning a value is not a learner event
    assert exercise.state["mode"] == "a"
    exercise.redraw()
    assert exercise.mode.value == "a"  # drawing puts the state back
    draws = exercise.draws
    user_sets(exercise.mode, "b")
    assert exercise.state["mode"] == "b" and exercise.shown.value == "0 b"
    assert exercise.draws == draws + 1
    assert session.workbook.get("99/counter")["mode"] == "b"


def test_click_errors_show_the_key_and_keep_the_state(session):
    exercise = Counter(session)
    for _ in range(3):
        user_clicks(exercise.plus)
    assert exercise.state["count"] == 3 and session.workbook.is_done("99/counter")
    user_clicks(exercise.plus)
    assert exercise.message.kind == "error"
    assert exercise.message._current[1] == "kano.error.no_features"
    assert exercise.state["count"] == 3


def test_switching_learner_reloads_the_built_exercise(session):
    exercise = Counter(session)
    user_clicks(exercise.plus)
    session.switch_learner("other")
    assert exercise.state["count"] == 0 and exercise.shown.value == "0 a"
    user_clicks(exercise.plus)
    user_clicks(exercise.plus)
    session.switch_learner("unit")
    assert exercise.state["count"] == 1


def test_unusable_stored_state_starts_afresh_with_a_message(session):
    class Strict(Counter):
        def clean(self, stored):
            if not isinstance(stored.get("count"), int):
                raise TypeError("bad")
            return super().clean(stored)

    session.workbook.set("99/counter", {"count": "many"})
    exercise = Strict(session)
    assert exercise.state["count"] == 0
    assert exercise.message._current[1] == "common.exercise.bad_state"


def test_language_switch_relabels_and_closing_removes_every_listener(session):
    before = i18n.listener_count()
    exercise = Counter(session)
    assert i18n.listener_count() > before
    session.set_language("en")
    assert exercise.plus.description == i18n.t("kano.questionnaire.apply", "en")
    exercise.widget.close()
    from cxwidgets.widgets.exercise import close_tree

    close_tree(exercise.widget)
    assert i18n.listener_count() == before
    assert exercise not in session.exercises


def test_a_failing_language_listener_does_not_stop_the_others():
    seen = []

    def broken(_language):
        raise RuntimeError("broken listener")

    undo_broken = i18n.on_change(broken)
    undo_seen = i18n.on_change(seen.append)
    try:
        i18n.set_language("en")
        assert seen == ["en"]
    finally:
        undo_broken()
        undo_seen()
        i18n.set_language("zh-CN")


def test_relabelling_options_sends_no_value_change():
    toggle = widgets.ToggleButtons(options=[("甲", 1), ("乙", 2)], value=2)
    changes = []
    toggle.observe(changes.append, names="value")
    common.set_options(toggle, [("A", 1), ("B", 2)])
    assert changes == [] and toggle.value == 2 and toggle.label == "B"
    assert toggle._options_labels == ("A", "B")
    user_sets(toggle, 1)
    assert toggle.value == 1 and toggle.label == "A"


def test_on_user_change_ignores_kernel_assignments():
    text = widgets.Text()
    seen = []
    undo = on_user_change(text, seen.append)
    text.value = "kernel"
    user_sets(text, "learner")
    undo()
    user_sets(text, "after")
    assert seen == ["learner"]


def test_background_failure_is_shown_not_left_loading(session):
    exercise = Counter(session)
    finished = threading.Event()

    def work():
        raise CXError("common.error.empty_file")

    exercise.background(work, lambda _result: None, busy=lambda on: None if on else finished.set())
    assert finished.wait(10)
    assert exercise.message._current[1] == "common.error.empty_file"


def test_debounce_runs_once_after_the_last_call_and_flush_runs_now():
    calls = []
    done = threading.Event()
    debounced = Debounce(lambda: (calls.append(1), done.set()), 0.05)
    for _ in range(5):
        debounced()
    assert done.wait(5)
    assert calls == [1]
    debounced()
    debounced.flush()
    assert calls == [1, 1] and not debounced.pending


def test_a_handler_that_redraws_its_own_widget_is_not_called_again():
    """A refused choice snaps back: the kernel's assignment during the event is no event."""

    class Locked(Counter):
        def build(self):
            children = super().build()
            self.scope.add(on_user_change(self.mode, self.refuse))
            self.refusals = 0
            return children

        def refuse(self, _value):
            self.refusals += 1
            self.mode.value = "a"  # snap back while the browser's change is being handled

    exercise = Locked()
    exercise.scope.close()  # drop the binding: only the refusing handler listens
    exercise.scope.add(on_user_change(exercise.mode, exercise.refuse))
    user_sets(exercise.mode, "b")
    assert exercise.refusals == 1 and exercise.mode.value == "a"
    text = widgets.Text()
    seen = []

    def rewrite(value):
        seen.append(value)
        text.value = value.upper()

    on_user_change(text, rewrite)
    user_sets(text, "abc")
    assert seen == ["abc"] and text.value == "ABC"


def test_a_chart_view_sends_its_chart_again_when_the_browser_draws_it():
    """An update that arrived before the browser had the widget is not lost."""
    view = common.ChartView()
    sent = []
    view.send_state = lambda key=None: sent.append(key)
    view._handle_custom_msg({"event": "shown"}, [])
    assert [keys for keys in sent if keys] == [("chart", "data", "message", "label", "fallback_svg")]
    view._handle_custom_msg({"event": "something else"}, [])
    assert len([keys for keys in sent if keys]) == 1


def _point_chart() -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "mark": "point",
        "data": {"values": [{"x": 1, "y": 2}]},
        "encoding": {"x": {"field": "x", "type": "quantitative"}},
    }


def test_a_chart_view_sends_the_spec_for_the_browser_to_draw():
    view = common.ChartView(label_key="common.chart.loading")
    assert view.spec == {} and view.message == ""  # nothing asked for yet: no "loading"
    gate = threading.Event()
    charts.submit(gate.wait, 30)  # the chart thread is busy until the gate opens
    view.show(_point_chart)
    assert "cx-chart-loading" in view.message  # on its way
    gate.set()
    charts.wait()
    assert view.spec["mark"] == "point" and view.message == "" and view.drawn
    assert view.fallback_svg == ""  # the kernel rendered nothing
    assert view.label == i18n.t("common.chart.loading")


def test_a_browser_without_the_vega_bundle_gets_an_svg_from_the_kernel():
    view = common.ChartView(_point_chart)
    charts.wait()
    view._handle_custom_msg({"event": "no-vega", "error": "TypeError: failed to fetch"}, [])
    charts.wait()
    assert view.fallback_svg.lstrip().startswith("<svg")
    view.show(_point_chart)  # later charts of this view come as SVG at once
    charts.wait()
    assert view.fallback_svg.lstrip().startswith("<svg")


def test_a_chart_that_fails_in_the_browser_says_so():
    view = common.ChartView(_point_chart)
    charts.wait()
    view._handle_custom_msg({"event": "failed", "error": "Error: bad spec"}, [])
    assert "cx-msg-error" in view.message


def test_a_state_json_cannot_hold_is_refused_and_the_old_state_stays(started_session):
    exercise = Counter(started_session("99"))
    with pytest.raises(TypeError):
        exercise.update(note={1, 2})  # a set: no JSON for it
    assert exercise.state["note"] == "" and exercise.session.workbook.get("99/counter") is None
