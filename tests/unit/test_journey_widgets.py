"""Lecture 04 widgets driven from Python (no browser): state sharing, saving, restoring."""

from __future__ import annotations

import pytest
import traitlets

from cxwidgets import charts, i18n
from cxwidgets import journey as J
from cxwidgets.reports import l04
from cxwidgets.session import Session
from cxwidgets.widgets import journey as lecture
from cxwidgets.widgets.emotion_curve import EmotionCurve, compute_marks
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets
from cxwidgets.workbook import Workbook

pytestmark = pytest.mark.usefixtures("chinese")  # tests/unit/conftest.py


@pytest.fixture
def session(new_session) -> Session:
    return new_session("04")


def _page(session: Session) -> dict[str, object]:
    return {
        "editor": lecture.JourneyEditor(session),
        "curve": lecture.EmotionCurveExercise(session),
        "analysis": lecture.PeakEndAnalysis(session),
        "reshape": lecture.ReshapeWhatIf(session),
        "key": lecture.KeyTouchpoints(session),
        "export": lecture.JourneyExport(session),
    }


def _drag(exercise: lecture.EmotionCurveExercise, series: int, index: int, value: float) -> None:
    """What a comm message from the browser does after a drag."""
    values = [list(row) for row in exercise.curve.values]
    values[series][index] = value
    exercise.curve.set_state({"values": values})


# ------------------------------------------------------------------ EmotionCurve


def test_marks_come_from_peak_end_and_skip_unset_columns():
    marks = compute_marks([[1, None, -4, 2, 1], [None, None, None, None, None]])
    assert marks[0] == {
        "peak": 3,
        "valley": 2,
        "end": 4,
        "intense": 2,
        "remembered": -1.5,
        "average": 0.0,
    }
    assert marks[1] == {}


def test_emotion_curve_validates_traits():
    curve = EmotionCurve()
    curve.set_data(
        ["a", "b"], [[1, 2]], series=[{"name": "x"}], bands=[{"name": "s", "start": 0, "end": 2}]
    )
    assert curve.marks[0]["peak"] == 1
    for bad in ([[1, 9]], [[1]], [[1, "x"]], [[1, True]], [[1, float("nan")]], [[1, 2], [1, 2]]):
        with pytest.raises(traitlets.TraitError):
            curve.values = bad
    assert curve.values == [[1.0, 2.0]]  # the earlier values are kept
    with pytest.raises(traitlets.TraitError):
        curve.bands = [{"name": "s", "start": 0, "end": 3}]
    with pytest.raises(traitlets.TraitError):
        curve.tags = ["pain", "boring"]
    with pytest.raises(traitlets.TraitError):
        curve.series = [{"name": "x", "colour": "red"}]


def test_emotion_curve_texts_follow_the_language():
    curve = EmotionCurve()
    assert curve.texts["peak"] == "峰"
    i18n.set_language("en")
    assert curve.texts["peak"] == "peak"


# --------------------------------------------------------------------- the page


def test_opening_the_page_saves_nothing_and_shows_the_sample(session):
    page = _page(session)
    assert session.workbook.get("04/journey") is None
    assert len(page["curve"].curve.labels) == 16
    assert page["curve"].curve.marks[0]["remembered"] == -2.5
    assert 'data-curve="c1">-2.5<' in page["analysis"].output.value
    assert page["curve"].curve_select.value == "c1"


def test_a_drag_reaches_every_exercise_and_the_workbook(session):
    page = _page(session)
    _drag(page["curve"], 0, 6, 1.0)  # 装维改约 -4 -> +1
    saved = J.Journey.from_dict(session.workbook.get("04/journey"))
    assert saved.curve("c1").values["t7"] == 1.0
    assert session.workbook.is_done("04/curves")
    # +4 (speed test) and -4 (fault hotline) now tie: the negative one counts, so the
    # remembered score stays (-4 + -1) / 2 while the valley moves to the hotline (#13).
    marks = page["curve"].curve.marks[0]
    assert marks["remembered"] == -2.5 and (marks["valley"], marks["intense"]) == (12, 12)
    assert marks["average"] == 0.1875  # the sum went from -2 to +3, over 16
    assert 'data-curve="c1">+0.2<' in page["analysis"].output.value
    assert 'data-before="-2.5"' in page["reshape"].result_view.value
    _drag(page["curve"], 0, 12, -1.0)  # and the hotline -4 -> -1: now +4 is the most intense
    assert page["curve"].curve.marks[0]["remembered"] == 1.5  # (4 + -1) / 2
    assert 'data-curve="c1">+1.5<' in page["analysis"].output.value
    assert 'data-before="1.5"' in page["reshape"].result_view.value


def test_key_suggestions_follow_the_curve(session):
    page = _page(session)
    assert page["key"].suggested()["t7"] == ("valley", "intense", "pain")
    _drag(page["curve"], 0, 6, 1.0)
    assert page["key"].suggested()["t7"] == ("pain",)
    assert "valley" in page["key"].suggested()["t13"]


def test_editor_add_rename_tag_undo(session):
    page = _page(session)
    editor = page["editor"]
    user_sets(editor.stage_select, "s7")
    user_sets(editor.tp_select, "t16")
    user_clicks(editor.add_tp)
    new_id = editor.tp_select.value
    assert new_id == "t17"
    user_sets(editor.tp_name, "一周后回访")
    user_sets(editor.tp_tag, "delight")
    curve = page["curve"].curve
    assert curve.labels[-1] == "一周后回访" and curve.tags[-1] == "delight"
    assert curve.values[0][-1] is None  # not drawn yet
    assert "一周后回访" in editor.overview.value
    _drag(page["curve"], 0, 16, 3.0)
    assert page["curve"].curve.marks[0]["remembered"] == -0.5  # (-4 + 3) / 2
    saved = J.Journey.from_dict(session.workbook.get("04/journey"))
    assert saved.touchpoint("t17").tag == "delight"
    # Undo steps back through the edits (typing the name counts as one step).
    user_clicks(editor.undo_button)
    assert page["curve"].curve.tags[-1] == "none"
    user_clicks(editor.undo_button)
    assert page["curve"].curve.labels[-1] == "新触点"
    user_clicks(editor.undo_button)
    assert len(page["curve"].curve.labels) == 16


def test_editor_bad_name_shows_a_message_and_keeps_the_journey(session):
    page = _page(session)
    editor = page["editor"]
    user_sets(editor.tp_name, "   ")
    assert editor.message.kind == "error"
    assert "触点名称" in editor.message.value
    assert page["curve"].curve.labels[0] == "套餐宣传单页与资费说明"


def test_editor_kind_change_updates_default_senses(session):
    editor = _page(session)["editor"]
    user_sets(editor.stage_select, "s2")
    user_sets(editor.tp_select, "t4")
    user_sets(editor.tp_kind, "digital")  # t4 had custom senses (sight, hearing): kept
    assert editor.journey.touchpoint("t4").senses == ("sight", "hearing")
    user_clicks(editor.add_tp)
    new_id = editor.tp_select.value
    assert editor.journey.touchpoint(new_id).senses == J.KIND_SENSES["interpersonal"]
    user_sets(editor.tp_kind, "physical")
    assert editor.journey.touchpoint(new_id).senses == J.KIND_SENSES["physical"]
    assert editor.tp_senses["smell"].value is True


def test_blank_journey_then_restore_after_reopen(session, reopen):
    page = _page(session)
    user_clicks(page["editor"].blank_button)
    assert page["curve"].curve.labels == []
    editor = page["editor"]
    user_sets(editor.stage_select, "s1")
    user_clicks(editor.add_tp)
    user_sets(editor.tp_name, "门头招牌")
    _drag(page["curve"], 0, 0, 2.5)
    again = _page(reopen(session))
    assert again["curve"].curve.labels == ["门头招牌"]
    assert again["curve"].curve.values == [[2.5]]
    assert again["editor"].stage_select.value == "s1"


def test_curves_add_rename_delete(session):
    exercise = _page(session)["curve"]
    user_clicks(exercise.add_curve)
    assert exercise.curve_select.value == "c3"
    assert exercise.curve.values[2] == exercise.curve.values[0]  # a copy of the selected curve
    assert exercise.curve.active == 2
    user_sets(exercise.curve_name, "改进后")
    assert exercise.curve.series[2]["name"] == "改进后"
    user_sets(exercise.colour, "#123456")
    assert exercise.curve.series[2]["colour"] == "#123456"
    user_clicks(exercise.delete_curve)
    assert [s["id"] for s in exercise.curve.series] == ["c1", "c2"]


def test_reshape_keep_and_restore(session, reopen):
    page = _page(session)
    reshape = page["reshape"]
    plan = reshape.plan()
    assert (plan.peak_id, plan.valley_id, plan.end_name) == ("t10", "t7", "安装一周后的回访关怀")
    # Peak +4 raised by 2 (capped at +5), valley -4 lifted by 3, a +3 closing moment added:
    assert 'data-after="4"' in reshape.result_view.value  # (5 + 3) / 2
    user_sets(reshape.move, "t13")
    user_sets(reshape.move_to, 0)
    assert reshape.curve.labels[0] == "报修热线层层按键、重复报号码"
    user_sets(reshape.end_mode, "strengthen")
    user_sets(reshape.end_amount, 2)
    assert reshape.curve.labels[-1] == "线上确认续约" and reshape.curve.values[1][-1] == 1.0
    user_clicks(reshape.keep)
    kept = session.workbook.get("04/reshape")["kept"]
    assert kept["plan"]["move_id"] == "t13" and kept["after"][0]["id"] == "t13"
    assert session.workbook.is_done("04/reshape")
    again = lecture.ReshapeWhatIf(reopen(session))
    assert again.move.value == "t13" and again.end_mode.value == "strengthen"
    assert "kept" in again.kept_status.value or "保留" in again.kept_status.value


def test_reshape_empty_end_name_is_an_error_not_a_crash(session):
    reshape = _page(session)["reshape"]
    user_sets(reshape.end_name_input, "  ")
    assert reshape.message.kind == "error"


def test_key_touchpoints_save_ideas_and_done(session, reopen):
    key = _page(session)["key"]
    user_clicks(key.pick_button)
    assert len(key.items()) == 7
    assert not session.workbook.is_done("04/key_touchpoints")
    for row in key.rows.values():
        if row.check.value:
            user_sets(row.idea, f"改进 {row.tp_id}")
    saved = session.workbook.get("04/key_touchpoints")
    marked = [item["touchpoint_id"] for item in saved["items"]]
    assert marked == ["t1", "t4", "t7", "t9", "t10", "t13", "t16"]
    assert saved["items"][2]["reasons"] == ["valley", "intense", "pain"]
    assert session.workbook.is_done("04/key_touchpoints")
    user_sets(key.rows["t1"].check, False)  # unticking keeps the idea typed
    again = lecture.KeyTouchpoints(reopen(session))
    assert again.rows["t1"].idea.value == "改进 t1" and again.rows["t1"].check.value is False
    assert again.rows["t4"].check.value is True


def _sent(widget) -> list[tuple[dict, list]]:
    """Collect what ``widget`` sends to the browser."""
    sent: list[tuple[dict, list]] = []
    widget.send = lambda content, buffers=None: sent.append((content, buffers or []))
    return sent


def test_export_sends_the_spec_to_the_browser_and_marks_done_once_saved(session, monkeypatch):
    export = _page(session)["export"]
    user_clicks(export.preview_button)
    charts.wait()
    assert export.preview.spec and export.preview.error is None

    def no_engine(*_args, **_kwargs):
        raise AssertionError("the kernel rendered a picture the browser can draw")

    monkeypatch.setattr(charts, "to_png", no_engine)
    monkeypatch.setattr(charts, "to_svg", no_engine)
    for button, extension in ((export.png, "png"), (export.svg, "svg")):
        sent = _sent(button)
        button._handle(button, {"event": "request", "browser": True}, [])
        (content, buffers), = sent
        assert content["event"] == "spec" and buffers == []
        assert content["format"] == extension
        assert content["filename"] == f"journey-map-{session.learner}.{extension}"
        assert content["spec"] is export.preview.spec  # the preview's spec, not built again
        assert content["scale"] == 2.0
        assert extension not in session.workbook.get("04/journey_map")["exported"]
        button._handle(button, {"event": "saved"}, [])
    assert session.workbook.get("04/journey_map")["exported"] == ["png", "preview", "svg"]


def test_export_renders_in_the_kernel_when_the_browser_has_no_vega(session):
    export = _page(session)["export"]
    names = [tp.name for tp in J.sample_journey("zh-CN").touchpoints()]
    sent = _sent(export.png)
    export.png._handle(export.png, {"event": "request", "browser": False}, [])
    (content, (png,)), = sent
    assert content == {"event": "file", "filename": f"journey-map-{session.learner}.png",
                       "mime": "image/png"}
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    sent = _sent(export.svg)
    export.svg._handle(export.svg, {"event": "failed", "error": "no canvas"}, [])
    (content, (svg,)), = sent
    text = svg.decode("utf-8")
    assert content["mime"] == "image/svg+xml" and text.startswith("<svg")
    assert "家庭宽带客户旅程" in text and names[0][:4] in text
    assert session.workbook.get("04/journey_map")["exported"] == ["png", "svg"]


def test_export_of_an_empty_journey_says_why(session):
    export = _page(session)["export"]
    empty = J.sample_journey("zh-CN")
    for touchpoint in empty.touchpoints():
        empty = J.remove_touchpoint(empty, touchpoint.id)
    lecture.journey_state(session).update(empty, undoable=False)
    sent = _sent(export.png)
    export.png._handle(export.png, {"event": "request", "browser": True}, [])
    assert sent == [({"event": "error"}, [])]
    assert export.png.status == i18n.t("journey.error.no_touchpoints")


def test_report_section(session):
    assert l04.section(session.workbook.data, "zh-CN") is None
    page = _page(session)
    _drag(page["curve"], 0, 6, -3.0)
    user_clicks(page["reshape"].keep)
    user_clicks(page["key"].pick_button)
    user_sets(page["key"].rows["t7"].idea, "提前一天确认")
    fragment = l04.section(session.workbook.data, "zh-CN")
    assert fragment.count("<svg") == 2
    assert "提前一天确认" in fragment and "关键触点" in fragment
    english = l04.section(session.workbook.data, "en")
    assert "Key touchpoints" in english and "Remembered" in english


def test_the_untouched_sample_follows_the_language(session):
    page = _page(session)
    i18n.set_language("en")
    assert page["curve"].curve.labels[0] == "Plan leaflet and price terms"
    assert "Feeling today" in page["analysis"].output.value
    i18n.set_language("zh-CN")
    _drag(page["curve"], 0, 0, 0.0)  # now it is the learner's journey: it stays as it is
    i18n.set_language("en")
    assert page["curve"].curve.labels[0] == "套餐宣传单页与资费说明"


def test_saved_key_touchpoints_follow_later_curve_changes(session):
    page = _page(session)
    user_clicks(page["key"].pick_button)
    _drag(page["curve"], 0, 6, -2.0)
    items = {
        item["touchpoint_id"]: item for item in session.workbook.get("04/key_touchpoints")["items"]
    }
    assert items["t7"]["value"] == -2.0
    assert items["t7"]["reasons"] == ["pain"]  # no longer the valley nor the most intense moment


# ------------------------------------------------ exercises follow each other


def test_a_first_drawn_point_is_reported_as_an_episode_change(session):
    state = lecture.journey_state(session)
    kinds: list[str] = []
    state.on_change(lambda kind, _source: kinds.append(kind))
    journey, new_id = J.add_touchpoint(state.journey, "s7", "回访")
    state.update(journey)
    row = state.journey.series("c1")
    assert row[-1] is None  # not drawn yet
    state.update(J.set_series(state.journey, "c1", [*row[:-1], 3.0]), kind="values")
    state.update(J.set_series(state.journey, "c1", [*row[:-1], 4.0]), kind="values")
    assert kinds == ["structure", "episode", "values"]
    assert state.journey.curve("c1").values[new_id] == 4.0


def test_reshape_lists_a_touchpoint_added_in_the_editor_once_it_is_drawn(session):
    page = _page(session)
    editor, reshape = page["editor"], page["reshape"]
    user_sets(reshape.peak_amount, 1.5)  # a choice of the learner, to be kept
    user_sets(editor.stage_select, "s7")
    user_sets(editor.tp_select, "t16")
    user_clicks(editor.add_tp)
    user_sets(editor.tp_name, "一周后回访")
    # Without a value it is not a moment of the curve yet: not offered.
    assert "t17" not in [value for _label, value in reshape.peak.options]
    _drag(page["curve"], 0, 16, 3.0)
    for control in (reshape.peak, reshape.valley, reshape.move):
        assert control.options[-1] == ("17. 一周后回访", "t17")
    assert [value for _label, value in reshape.move_to.options] == list(range(17))
    assert reshape.plan().peak_id == "t10" and reshape.peak_amount.value == 1.5
    assert reshape.curve.labels[16] == "一周后回访"
    assert reshape.curve.values[0][16] == 3.0  # the "before" curve has it too
    # Renaming it reaches the dropdowns as well.
    user_sets(editor.tp_name, "回访电话")
    assert reshape.peak.options[-1] == ("17. 回访电话", "t17")


def test_reshape_sliders_show_the_course_number_format(session):
    reshape = _page(session)["reshape"]
    assert reshape.readouts["cx-reshape-peak-amount"].value == "2.0"
    user_sets(reshape.end_value, -1.5)
    assert reshape.readouts["cx-reshape-end-value"].value == "-1.5"
    user_sets(reshape.end_value, 3)
    assert reshape.readouts["cx-reshape-end-value"].value == "+3.0"
    assert not reshape.peak_amount.readout  # ipywidgets' own readout (d3 format) is off


def test_inline_styles_are_gone_and_tags_use_the_style_colours(session):
    page = _page(session)
    assert "<style" not in page["editor"].overview.value
    assert "<style" not in page["analysis"].output.value
    assert 'cx-journey-tag-pain" style="background:#dc2626"' in page["editor"].overview.value


# ------------------------------------------------ the exercise contract


def test_closing_the_page_frees_every_listener(session):
    before = i18n.listener_count()
    page = _page(session)
    assert i18n.listener_count() > before
    state = lecture.journey_state(session)
    for exercise in page.values():
        close_tree(exercise.widget)
    assert i18n.listener_count() == before
    assert state._listeners == []  # nothing follows the shared journey any more


def test_loading_another_state_into_built_exercises(session):
    page = _page(session)
    reshape, key = page["reshape"], page["key"]
    reshape.load(
        {
            "curve_id": "c2",
            "plan": {"peak_id": "t8", "peak_amount": 1, "valley_id": "t13", "valley_amount": 2},
            "end_mode": "strengthen",
            "kept": None,
        }
    )
    assert reshape.curve_select.value == "c2"
    assert (reshape.peak.value, reshape.valley.value) == ("t8", "t13")
    assert reshape.end_mode.value == "strengthen"
    assert reshape.end_amount_box.layout.display != "none"
    key.load({"curve_id": "c1", "checked": ["t4"], "ideas": {"t4": "叫号短信"}})
    assert key.rows["t4"].check.value is True and key.rows["t4"].idea.value == "叫号短信"
    assert key.rows["t7"].check.value is False


def test_damaged_stored_values_start_from_the_defaults(session):
    page = _page(session)
    page["reshape"].load({"plan": {"end_value": 99}, "end_mode": "sideways", "kept": 3})
    assert page["reshape"].state == page["reshape"].initial_state()
    assert page["reshape"].peak.value == "t10"  # the suggested plan again
    page["key"].load("not a dict")
    assert page["key"].state == {"curve_id": None, "checked": [], "ideas": {}}
    state = lecture.journey_state(session)
    state.load({"stages": "nonsense"})
    assert state.load_error is not None and state.is_sample
    assert len(page["curve"].curve.labels) == 16  # the sample again, nothing lost on disk


def test_a_new_learner_reloads_the_shared_journey(session, tmp_path):
    page = _page(session)
    _drag(page["curve"], 0, 6, 1.0)
    other = Workbook("other", directory=tmp_path, debounce=0)
    session.workbook = other
    session.reload_exercises()
    assert page["curve"].curve.values[0][6] == -4.0  # the other learner has the sample
    assert 'data-curve="c1">-2.5<' in page["analysis"].output.value
    assert page["curve"].state["curves"] is None


def test_the_language_switch_redraws_from_codes(session):
    page = _page(session)
    i18n.set_language("en")
    assert page["reshape"].end_mode.options[0][1] == "none"
    assert page["reshape"].end_name_input.value == i18n.t("journey.reshape.end_default")
    assert page["editor"].tp_kind.value == page["editor"].selected_touchpoint().kind
    assert "Feeling today" in page["key"].curve_select.options[0][0]


def test_a_note_shows_its_limit_and_a_longer_one_is_refused(session):
    editor = _page(session)["editor"]
    user_sets(editor.tp_select, "t1")
    note = editor.journey.touchpoint("t1").note
    assert editor.note_count.value == f"{len(note)} / 500 字"
    user_sets(editor.tp_note, "短")
    assert editor.note_count.value == "1 / 500 字"
    user_sets(editor.tp_note, "长" * 501)
    assert editor.note_count.value == "501 / 500 字"
    assert editor.message.kind == "error"
    assert editor.journey.touchpoint("t1").note == "短"  # the earlier note stays
