"""Lecture 04 widgets driven from Python (no browser): state sharing, saving, restoring."""

from __future__ import annotations

import pytest
import traitlets

from cxwidgets import charts, i18n, journey_charts
from cxwidgets import journey as J
from cxwidgets.session import Session
from cxwidgets.widgets import journey as lecture
from cxwidgets.widgets.emotion_curve import EmotionCurve, compute_marks
from cxwidgets.workbook import Workbook


@pytest.fixture(autouse=True)
def _chinese():
    i18n.set_language("zh-CN")
    yield
    i18n.set_language("zh-CN")


@pytest.fixture
def session(tmp_path) -> Session:
    return Session(workbook=Workbook("tester", directory=tmp_path, debounce=0), lecture="04")


def _reopen(session: Session) -> Session:
    workbook = session.workbook
    return Session(workbook=Workbook(workbook.learner, directory=workbook.directory), lecture="04")


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
    assert page["curve"].curve.marks[0]["remembered"] == 1.5
    assert 'data-curve="c1">+1.5<' in page["analysis"].output.value
    assert 'data-before="1.5"' in page["reshape"].result.value


def test_key_suggestions_follow_the_curve(session):
    page = _page(session)
    assert page["key"].suggested["t7"] == ("valley", "intense", "pain")
    _drag(page["curve"], 0, 6, 1.0)
    assert page["key"].suggested["t7"] == ("pain",)
    assert "valley" in page["key"].suggested["t13"]


def test_editor_add_rename_tag_undo(session):
    page = _page(session)
    editor = page["editor"]
    editor.stage_select.value = "s7"
    editor.tp_select.value = "t16"
    editor.add_tp.click()
    new_id = editor.tp_select.value
    assert new_id == "t17"
    editor.tp_name.value = "一周后回访"
    editor.tp_tag.value = "delight"
    curve = page["curve"].curve
    assert curve.labels[-1] == "一周后回访" and curve.tags[-1] == "delight"
    assert curve.values[0][-1] is None  # not drawn yet
    assert "一周后回访" in editor.overview.value
    _drag(page["curve"], 0, 16, 3.0)
    assert page["curve"].curve.marks[0]["remembered"] == -0.5  # (-4 + 3) / 2
    saved = J.Journey.from_dict(session.workbook.get("04/journey"))
    assert saved.touchpoint("t17").tag == "delight"
    # Undo steps back through the edits (typing the name counts as one step).
    editor.undo_button.click()
    assert page["curve"].curve.tags[-1] == "none"
    editor.undo_button.click()
    assert page["curve"].curve.labels[-1] == "新触点"
    editor.undo_button.click()
    assert len(page["curve"].curve.labels) == 16


def test_editor_bad_name_shows_a_message_and_keeps_the_journey(session):
    page = _page(session)
    editor = page["editor"]
    editor.tp_name.value = "   "
    assert editor.message.kind == "error"
    assert "触点名称" in editor.message.value
    assert page["curve"].curve.labels[0] == "套餐宣传单页与资费说明"


def test_editor_kind_change_updates_default_senses(session):
    editor = _page(session)["editor"]
    editor.stage_select.value = "s2"
    editor.tp_select.value = "t4"
    editor.tp_kind.value = "digital"  # t4 had custom senses (sight, hearing): kept
    assert editor.journey.touchpoint("t4").senses == ("sight", "hearing")
    editor.add_tp.click()
    new_id = editor.tp_select.value
    assert editor.journey.touchpoint(new_id).senses == J.KIND_SENSES["interpersonal"]
    editor.tp_kind.value = "physical"
    assert editor.journey.touchpoint(new_id).senses == J.KIND_SENSES["physical"]
    assert editor.tp_senses["smell"].value is True


def test_blank_journey_then_restore_after_reopen(session):
    page = _page(session)
    page["editor"].blank_button.click()
    assert page["curve"].curve.labels == []
    editor = page["editor"]
    editor.stage_select.value = "s1"
    editor.add_tp.click()
    editor.tp_name.value = "门头招牌"
    _drag(page["curve"], 0, 0, 2.5)
    again = _page(_reopen(session))
    assert again["curve"].curve.labels == ["门头招牌"]
    assert again["curve"].curve.values == [[2.5]]
    assert again["editor"].stage_select.value == "s1"


def test_curves_add_rename_delete(session):
    exercise = _page(session)["curve"]
    exercise.add_curve.click()
    assert exercise.curve_select.value == "c3"
    assert exercise.curve.values[2] == exercise.curve.values[0]  # a copy of the selected curve
    assert exercise.curve.active == 2
    exercise.curve_name.value = "改进后"
    assert exercise.curve.series[2]["name"] == "改进后"
    exercise.colour.value = "#123456"
    assert exercise.curve.series[2]["colour"] == "#123456"
    exercise.delete_curve.click()
    assert [s["id"] for s in exercise.curve.series] == ["c1", "c2"]


def test_reshape_keep_and_restore(session):
    page = _page(session)
    reshape = page["reshape"]
    plan = reshape.plan()
    assert (plan.peak_id, plan.valley_id, plan.end_name) == ("t10", "t7", "安装一周后的回访关怀")
    # Peak +4 raised by 2 (capped at +5), valley -4 lifted by 3, a +3 closing moment added:
    assert 'data-after="4"' in reshape.result.value  # (5 + 3) / 2
    reshape.move.value = "t13"
    reshape.move_to.value = 0
    assert reshape.curve.labels[0] == "报修热线层层按键、重复报号码"
    reshape.end_mode.value = "strengthen"
    reshape.end_amount.value = 2
    assert reshape.curve.labels[-1] == "线上确认续约" and reshape.curve.values[1][-1] == 1.0
    reshape.keep.click()
    kept = session.workbook.get("04/reshape")["kept"]
    assert kept["plan"]["move_id"] == "t13" and kept["after"][0]["id"] == "t13"
    assert session.workbook.is_done("04/reshape")
    again = lecture.ReshapeWhatIf(_reopen(session))
    assert again.move.value == "t13" and again.end_mode.value == "strengthen"
    assert "kept" in again.kept_status.value or "保留" in again.kept_status.value


def test_reshape_empty_end_name_is_an_error_not_a_crash(session):
    reshape = _page(session)["reshape"]
    reshape.end_name.value = "  "
    assert reshape.message.kind == "error"


def test_key_touchpoints_save_ideas_and_done(session):
    key = _page(session)["key"]
    key.pick_suggested.click()
    assert len(key.items()) == 7
    assert not session.workbook.is_done("04/key_touchpoints")
    for row in key.rows.values():
        if row.check.value:
            row.idea.value = f"改进 {row.tp_id}"
    saved = session.workbook.get("04/key_touchpoints")
    assert [item["touchpoint_id"] for item in saved["items"]] == [
        "t1",
        "t4",
        "t7",
        "t9",
        "t10",
        "t13",
        "t16",
    ]
    assert saved["items"][2]["reasons"] == ["valley", "intense", "pain"]
    assert session.workbook.is_done("04/key_touchpoints")
    key.rows["t1"].check.value = False  # unticking keeps the idea typed
    again = lecture.KeyTouchpoints(_reopen(session))
    assert again.rows["t1"].idea.value == "改进 t1" and again.rows["t1"].check.value is False
    assert again.rows["t4"].check.value is True


def test_export_produces_png_and_svg_and_marks_done(session):
    export = _page(session)["export"]
    png = export._png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = export._svg()
    assert svg.startswith("<svg") and "家庭宽带客户旅程" in svg
    assert session.workbook.get("04/journey_map")["exported"] == ["png", "svg"]
    export.preview_button.click()
    charts.wait()
    assert export.preview.svg and export.preview.error is None


def test_report_section(session):
    assert journey_charts.report_section(session.workbook.data, "zh-CN") is None
    page = _page(session)
    _drag(page["curve"], 0, 6, -3.0)
    page["reshape"].keep.click()
    page["key"].pick_suggested.click()
    page["key"].rows["t7"].idea.value = "提前一天确认"
    fragment = journey_charts.report_section(session.workbook.data, "zh-CN")
    assert fragment.count("<svg") == 2
    assert "提前一天确认" in fragment and "关键触点" in fragment
    english = journey_charts.report_section(session.workbook.data, "en")
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
    page["key"].pick_suggested.click()
    _drag(page["curve"], 0, 6, -2.0)
    items = {
        item["touchpoint_id"]: item for item in session.workbook.get("04/key_touchpoints")["items"]
    }
    assert items["t7"]["value"] == -2.0
    assert items["t7"]["reasons"] == ["pain"]  # no longer the valley nor the most intense moment
