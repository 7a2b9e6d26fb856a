"""Lecture 02 exercises driven as the browser does: state, validation, saving, report section.

(Lecture 07's widgets, which read lecture 02's result, are tested in test_gaps_widgets.py.)
"""

from __future__ import annotations

import json

import pytest

from cxwidgets import charts, i18n, servqual
from cxwidgets.errors import CXError
from cxwidgets.reports import l02
from cxwidgets.session import start_session
from cxwidgets.widgets import common
from cxwidgets.widgets import servqual as sq_widgets
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets

POINTS_90 = {"tangibles": "10", "reliability": "40", "responsiveness": "20", "assurance": "10",
             "empathy": "10"}


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    i18n.set_language("zh-CN")
    current = start_session("02", params={"learner": "unit"})
    yield current
    current.workbook.flush()
    i18n.set_language("zh-CN")


def key_of(message: common.Message) -> str | None:
    """The catalogue key of what ``message`` shows."""
    return message._current[1] if message._current else None


def click(questionnaire, number: int, side: str, rating: int) -> None:
    """One click in the grid, as the browser sends it (one answer)."""
    questionnaire.grid.receive(str(number), side, rating)


def rate(questionnaire, number: int, expectation: int | None, perception: int | None) -> None:
    if expectation is not None:
        click(questionnaire, number, "e", expectation)
    if perception is not None:
        click(questionnaire, number, "p", perception)


def shown(questionnaire, number: int) -> list[int | None]:
    """The ratings the grid shows for item ``number``, ``[E, P]``."""
    return [questionnaire.grid.answer(str(number), side) for side in ("e", "p")]


def wording(questionnaire, number: int) -> str:
    """The HTML label the grid shows for item ``number``."""
    return next(row["label"] for row in questionnaire.grid.rows if row["id"] == str(number))


def type_points(weights, points: dict[str, str]) -> None:
    for dimension, text in points.items():
        user_sets(weights.inputs[dimension], text)


def saved(session, section: str):
    session.workbook.flush()
    return session.workbook.sections()[section]


# ----------------------------------------------------------------------------- exercises 1-3


def test_results_show_unweighted_at_once_and_weighted_at_100(session):
    questionnaire = sq_widgets.Questionnaire(session)
    weights = sq_widgets.Weights(session)
    results = sq_widgets.Results(session, questionnaire, weights)
    assert results.body.layout.display == "none"
    assert key_of(results.status) == "servqual.results.need_answers"
    rate(questionnaire, 5, 7, 4)
    for number, (e, p) in {1: (6, 6), 10: (6, 5), 14: (6, 6), 18: (5, 4)}.items():
        rate(questionnaire, number, e, p)
    # gaps 0, -3, -1, 0, -1: unweighted -1.00, shown before any weight is set
    assert results.body.layout.display != "none"
    assert "-1.00" in results.score.value
    assert key_of(results.weights_note) == "servqual.results.weights_unset"
    type_points(weights, POINTS_90)
    assert weights.valid is None
    assert key_of(weights.message) == "servqual.error.weight_total"
    assert 'data-left="10"' in weights.left.value
    assert key_of(results.weights_note) == "servqual.results.need_weights"
    assert "-1.00" in results.score.value and "-1.60" not in results.score.value
    user_sets(weights.inputs["empathy"], "20")
    assert weights.valid is not None and weights.message.kind is None
    assert results.weights_note.kind is None
    # weighted (-3*40 - 1*20 - 1*20) / 100 = -1.60
    assert "-1.00" in results.score.value and "-1.60" in results.score.value
    charts.wait()
    assert results.chart.spec and "-3.00" in charts.to_svg(results.chart.spec)
    assert saved(session, "02/weights")["done"] is True
    stored = saved(session, "02/questionnaire")
    assert stored["value"]["answers"]["5"] == [7, 4] and stored["done"] is False
    scores = servqual.learner_scores(session.workbook.sections())
    assert scores.attrs["weighted"] == pytest.approx(-1.6)
    assert sq_widgets.learner_scores is servqual.learner_scores  # still re-exported


def test_weights_count_decimals_as_typed(session):
    weights = sq_widgets.Weights(session)
    type_points(weights, {"tangibles": "12.5", "reliability": "37.5", "responsiveness": "20",
                          "assurance": "10", "empathy": "20"})
    assert weights.valid == {"tangibles": 12.5, "reliability": 37.5, "responsiveness": 20,
                             "assurance": 10, "empathy": 20}
    assert 'data-left="0"' in weights.left.value and weights.message.kind is None
    assert weights.inputs["tangibles"].value == "12.5"
    assert saved(session, "02/weights")["value"]["points"]["tangibles"] == 12.5
    user_sets(weights.inputs["tangibles"], "１２")  # full-width digits from a Chinese IME
    assert weights.points["tangibles"] == 12
    assert 'data-left="0.5"' in weights.left.value
    assert "99.5" in weights.left.value


def test_an_empty_weight_is_not_set_and_says_so(session):
    weights = sq_widgets.Weights(session)
    user_clicks(weights.equal)
    assert weights.valid is not None
    user_sets(weights.inputs["assurance"], "")
    assert weights.points["assurance"] is None  # not restored, not silently 0
    assert weights.inputs["assurance"].value == ""
    assert weights.valid is None
    assert key_of(weights.message) == "servqual.weights.unset"
    assert "保证性" in weights.message.value
    assert 'data-left="20"' in weights.left.value
    stored = saved(session, "02/weights")
    assert stored["value"]["points"]["assurance"] is None and stored["done"] is False
    assert servqual.learner_scores(session.workbook.sections()) is None  # nothing answered


def test_a_weight_that_is_not_a_number_is_refused_and_the_earlier_value_kept(session):
    weights = sq_widgets.Weights(session)
    user_clicks(weights.equal)
    for text in ("abc", "-5", "120"):
        user_sets(weights.inputs["reliability"], text)
        assert key_of(weights.message) == "servqual.error.weight_text"
        assert weights.points["reliability"] == 20
    assert "可靠性" in weights.message.value and "reliability" not in weights.message.value
    assert saved(session, "02/weights")["value"]["points"]["reliability"] == 20


def test_clear_all_can_be_undone_exactly(session):
    questionnaire = sq_widgets.Questionnaire(session)
    rate(questionnaire, 3, 5, 2)
    rate(questionnaire, 8, 7, None)
    rate(questionnaire, 22, None, 6)
    before = {"3": [5, 2], "8": [7, None], "22": [None, 6]}
    assert questionnaire.answers == before
    assert questionnaire.undo_button.layout.display == "none"
    user_clicks(questionnaire.clear_button)
    assert questionnaire.answers == {}
    assert shown(questionnaire, 3)[0] is None
    assert key_of(questionnaire.message) == "servqual.questionnaire.cleared"
    assert questionnaire.undo_button.layout.display != "none"
    # the undo survives a reload of the page
    again = sq_widgets.Questionnaire(session)
    assert again.undo_button.layout.display != "none"
    user_clicks(again.undo_button)
    assert again.answers == before
    assert shown(again, 8) == [7, None] and shown(again, 22) == [None, 6]
    assert key_of(again.message) == "servqual.questionnaire.restored"
    assert again.undo_button.layout.display == "none"
    assert saved(session, "02/questionnaire")["value"]["answers"] == before


def test_rating_after_clearing_drops_the_undo(session):
    questionnaire = sq_widgets.Questionnaire(session)
    rate(questionnaire, 1, 6, 6)
    user_clicks(questionnaire.clear_button)
    rate(questionnaire, 2, 4, None)
    assert questionnaire.state["undo"] is None
    assert questionnaire.undo_button.layout.display == "none"
    with pytest.raises(CXError) as caught:
        questionnaire.undo_clear()
    assert caught.value.key == "servqual.error.nothing_to_undo"


def test_reword_restore_and_limits(session):
    first = sq_widgets.Questionnaire(session)
    rate(first, 8, 7, None)
    user_sets(first.reword_item, 8)
    user_sets(first.reword_text, "快递员在约定时间窗内送达")
    assert "12 / 120" in first.reword_count.value
    user_clicks(first.reword_save)
    assert key_of(first.message) == "servqual.questionnaire.reworded"
    assert "快递员" in wording(first, 8)
    again = sq_widgets.Questionnaire(session)
    assert shown(again, 8) == [7, None]
    assert "快递员" in wording(again, 8)
    assert again.reword_text.value == "快递员在约定时间窗内送达"
    user_sets(again.reword_text, "  ")
    user_clicks(again.reword_save)
    assert key_of(again.message) == "servqual.error.reword_empty"
    user_sets(again.reword_text, "长" * 121)
    assert 'data-over="1"' in again.reword_count.value
    user_clicks(again.reword_save)
    assert key_of(again.message) == "servqual.error.reword_long"
    assert again.custom[8] == "快递员在约定时间窗内送达"  # the saved wording stays
    user_clicks(again.reword_reset)
    assert again.custom == {}
    assert "装维人员在约定的时段内上门" in wording(again, 8)


def test_a_typed_draft_survives_a_reload(session):
    questionnaire = sq_widgets.Questionnaire(session)
    user_sets(questionnaire.reword_item, 4)
    user_sets(questionnaire.reword_text, "账单看得懂")
    session.workbook.flush()
    again = sq_widgets.Questionnaire(session)
    assert again.reword_item.value == 4 and again.reword_text.value == "账单看得懂"


def test_loading_another_state_redraws_and_the_results_follow(session):
    questionnaire = sq_widgets.Questionnaire(session)
    weights = sq_widgets.Weights(session)
    results = sq_widgets.Results(session, questionnaire, weights)
    questionnaire.load({"answers": {"8": [7, 3]}, "custom": {"8": "准时上门"}})
    assert shown(questionnaire, 8) == [7, 3]
    assert "准时上门" in wording(questionnaire, 8)
    assert "1/22" in questionnaire.progress.value
    assert results.body.layout.display != "none"
    assert 'data-item="8"' in results.top.value and "准时上门" in results.top.value
    weights.load({"points": {d: 20 for d in servqual.DIMENSIONS}})
    assert weights.inputs["empathy"].value == "20"
    assert results.weights_note.kind is None
    questionnaire.load(None)
    assert shown(questionnaire, 8) == [None, None]
    assert results.body.layout.display == "none"


def test_damaged_stored_values_are_cleaned(session):
    questionnaire = sq_widgets.Questionnaire(session)
    questionnaire.load({"answers": {"1": [9, "x"], "2": [3], "99": [1, 1], "x": [1, 1],
                                    "5": "nope", "6": [2, 7]},
                        "custom": {"3": "  ", "4": 12}, "undo": "bad"})
    assert questionnaire.answers == {"2": [3, None], "6": [2, 7]}
    assert shown(questionnaire, 2) == [3, None]
    assert questionnaire.state["undo"] is None
    assert questionnaire.custom == {4: "12"}
    weights = sq_widgets.Weights(session)
    weights.load({"points": {"tangibles": "lots", "reliability": 150, "empathy": 30}})
    assert weights.points == {"tangibles": None, "reliability": None, "responsiveness": None,
                              "assurance": None, "empathy": 30}
    weights.load(["not", "a", "dict"])
    assert weights.points == dict.fromkeys(servqual.DIMENSIONS)


def test_language_switch_and_closing_frees_listeners(session):
    before = i18n.listener_count()
    questionnaire = sq_widgets.Questionnaire(session)
    weights = sq_widgets.Weights(session)
    results = sq_widgets.Results(session, questionnaire, weights)
    scenarios = sq_widgets.Scenarios(session)
    rate(questionnaire, 1, 6, 5)
    user_sets(weights.inputs["tangibles"], "30")
    assert i18n.listener_count() > before
    i18n.set_language("en")
    assert "modem" in wording(questionnaire, 1)
    assert "Tangibles" in questionnaire.grid.rows[0]["heading"]
    assert questionnaire.grid.groups[0]["label"] == i18n.t("servqual.questionnaire.e_short", "en")
    assert weights.inputs["tangibles"].description == "Tangibles"
    assert "Not set yet" in weights.message.value
    assert "Unweighted" in results.score.value
    assert "technician" in scenarios.rows[0].text.value
    for exercise in (results, questionnaire, weights, scenarios):
        close_tree(exercise.widget)
    assert i18n.listener_count() == before
    assert questionnaire.__dict__.get("_watchers") == []


def test_segment_messages_name_the_segment_not_its_code():
    frame = servqual.sample_survey()
    with pytest.raises(CXError) as caught:
        servqual.compare_segments(frame, "tier", "senior", "senior")
    assert caught.value.key == "servqual.error.same_segment"
    assert "银发" in caught.value.message("zh-CN") and "senior" not in caught.value.message("zh-CN")
    assert "Senior" in caught.value.message("en")
    with pytest.raises(CXError) as caught:
        servqual.compare_segments(frame, "tier", "senior", "nobody")
    assert caught.value.key == "servqual.error.empty_segment"
    assert "客户类型" in caught.value.message("zh-CN")


# ----------------------------------------------------------------------------- exercise 5


def pick(scenarios, moment_id: str):
    return next(row for row in scenarios.rows if row.item.code == moment_id)


def test_scenarios_feedback_lock_and_restart(session):
    scenarios = sq_widgets.Scenarios(session)
    user_sets(pick(scenarios, "m_slot").choice, "reliability")
    user_sets(pick(scenarios, "m_queue").choice, "empathy")
    assert 'data-correct="1"' in pick(scenarios, "m_slot").feedback.value
    wrong = pick(scenarios, "m_queue").feedback.value
    assert 'data-correct="0"' in wrong and "响应性" in wrong
    user_sets(scenarios.own_rows[0].text, "热线排队半小时没人接")
    assert "响应性" in scenarios.own_rows[0].hint.value
    user_sets(scenarios.own_rows[0].dimension, "responsiveness")
    stored = saved(session, "02/scenarios")["value"]
    assert stored["answers"] == {"m_slot": "reliability", "m_queue": "empathy"}
    assert stored["own"][0] == {"text": "热线排队半小时没人接", "dimension": "responsiveness"}
    user_clicks(scenarios.solution_button)
    assert scenarios.locked and pick(scenarios, "m_bill").choice.disabled
    user_sets(pick(scenarios, "m_queue").choice, "responsiveness")
    assert key_of(scenarios.message) == "quiz.error.locked"
    assert scenarios.answers()["m_queue"] == "empathy"
    assert saved(session, "02/scenarios")["value"]["solution"] is True
    again = sq_widgets.Scenarios(session)
    assert again.locked  # the lock survives a reload
    user_clicks(again.restart_button)
    user_clicks(next(b for b in again.confirm.children if "cx-quiz-restart-yes" in b._dom_classes))
    assert not again.locked and again.answers() == {}
    assert again.own()[0]["text"] == "热线排队半小时没人接"  # own moments kept


def test_scenarios_read_the_former_layout(session):
    scenarios = sq_widgets.Scenarios(session)
    scenarios.load({"samples": {"m_shoes": "tangibles", "m_id": "nonsense"},
                    "own": [{"text": "上门前打电话", "dimension": "responsiveness"}, "junk"]})
    assert scenarios.answers() == {"m_shoes": "tangibles"}
    assert scenarios.own_rows[0].text.value == "上门前打电话"
    assert scenarios.own_rows[1].text.value == ""
    assert len(scenarios.own()) == sq_widgets.OWN_MOMENTS


# ----------------------------------------------------------------------------- report


def test_report_section_in_both_languages(session):
    questionnaire = sq_widgets.Questionnaire(session)
    weights = sq_widgets.Weights(session)
    scenarios = sq_widgets.Scenarios(session)
    rate(questionnaire, 8, 7, 3)
    user_clicks(weights.equal)
    user_sets(pick(scenarios, "m_slot").choice, "reliability")
    session.workbook.flush()
    document = json.loads(session.workbook.path.read_text("utf-8"))
    chinese = l02.section(document, "zh-CN")
    english = l02.section(document, "en")
    assert "<svg" in chinese and "<svg" in english
    assert "Reliability" in english and "可靠性" in chinese
    assert "The technician arrives within the agreed time slot" in english
    assert "1" in english and "Sample moments" in english
    assert l02.section({"sections": {}}, "zh-CN") is None
    assert sq_widgets.report_section is l02.section
