"""Lecture 07 exercises driven as the browser does: classify (a sorting quiz) and diagnosis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxwidgets import charts, gaps, i18n
from cxwidgets.reports import l07
from cxwidgets.session import start_session
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets
from cxwidgets.widgets.gaps import TEXT_LIMIT, Classify, Diagnosis

# the trainer's answers of the sample case give (see test_gaps.py) listening 60, design 44,
# performance 62, communication 75: the focus is communication, performance, listening
FOCUS = 'data-focus="communication performance listening"'


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    made = start_session("07", params={"learner": "unit", "lang": "zh-CN"})
    made.workbook.debounce = 60  # typed text waits for an explicit flush in these tests
    yield made
    made.workbook.flush()
    i18n.set_language("zh-CN")


def failure_row(exercise, failure_id):
    return next(r for r in exercise.rows if r.item.code == failure_id)


def cause_row(exercise, cause_id):
    return next(r for r in exercise.rows if r.cause.id == cause_id)


def saved(session, section):
    session.workbook.flush()
    document = json.loads(session.workbook.path.read_text("utf-8"))
    return document["sections"][section]


# ----------------------------------------------------------------------------- exercise 1


def test_classify_feedback_at_once_and_score(session):
    classify = Classify(session)
    assert len(classify.rows) == 15
    user_sets(failure_row(classify, "f_gigabit").choice, 4)
    user_sets(failure_row(classify, "f_weekend").choice, 2)
    right = failure_row(classify, "f_gigabit").feedback.value
    assert 'data-correct="1"' in right and "宣传的承诺超出了实际交付" in right
    wrong = failure_row(classify, "f_weekend").feedback.value
    assert 'data-correct="0"' in wrong and "3 服务表现差距" in wrong  # names the right gap
    assert classify.score_line.value == "答对 1 条，已答 2/15 条"
    section = saved(session, "07/classify")
    assert section["value"]["answers"] == {"f_gigabit": 4, "f_weekend": 2}
    assert section["done"] is False
    # the names lecture 07's browser tests select by
    row = failure_row(classify, "f_gigabit")
    assert {"cx-gap-failure", "cx-gap-failure-f_gigabit"} <= set(row.box._dom_classes)
    assert "cx-gap-pick" in row.choice._dom_classes
    assert "cx-gap-feedback" in row.feedback._dom_classes
    assert "cx-ex-gap-classify" in classify.widget._dom_classes


def test_classify_choices_are_the_four_provider_gaps(session):
    classify = Classify(session)
    options = failure_row(classify, "f_gigabit").choice.options
    assert options == [["1 倾听差距", 1], ["2 设计与标准差距", 2], ["3 服务表现差距", 3],
                       ["4 沟通差距", 4]]
    i18n.set_language("en")
    assert failure_row(classify, "f_gigabit").choice.options[3] == ["4 Communication gap", 4]
    assert failure_row(classify, "f_gigabit").choice.label.startswith("The ad says")


def test_classify_solution_locks_answers_across_reloads(session):
    classify = Classify(session)
    user_sets(failure_row(classify, "f_weekend").choice, 2)  # wrong
    user_clicks(classify.solution_button)
    assert "容易混淆的几处" in classify.solution.value
    assert classify.solution.layout.display != "none"
    user_sets(failure_row(classify, "f_weekend").choice, 3)  # now the right one: refused
    assert classify.message.kind == "error"
    assert classify.state["answers"] == {"f_weekend": 2}
    value = saved(session, "07/classify")["value"]
    assert value["solution"] is True and value["score"]["right"] == 0
    again = Classify(session)  # the page reloaded
    assert again.locked
    assert failure_row(again, "f_weekend").choice.disabled is True
    assert failure_row(again, "f_weekend").choice.correct == 3
    user_clicks(again.restart_button)
    user_clicks(again.confirm.children[1])
    assert saved(session, "07/classify")["value"]["solution"] is False
    user_sets(failure_row(again, "f_weekend").choice, 3)
    assert again.state["answers"] == {"f_weekend": 3}


def test_classify_loads_the_old_saved_shape_and_cleans_damage(session):
    session.workbook.set("07/classify", {"answers": {"f_gigabit": 4, "f_weekend": 9, "x": 1}})
    classify = Classify(session)
    assert classify.state["answers"] == {"f_gigabit": 4}
    assert classify.locked is False
    assert failure_row(classify, "f_gigabit").choice.value == 4


# ----------------------------------------------------------------------------- exercise 2


def test_diagnosis_rates_causes_per_case_and_is_done(session):
    diagnosis = Diagnosis(session)
    assert diagnosis.customer_kind == "sample"
    for row in diagnosis.rows:
        user_sets(row.rating, gaps.CASE_EVIDENCE[row.cause.id])
    assert FOCUS in diagnosis.focus.value
    assert 'data-lever="redesign"' in diagnosis.levers.value
    user_sets(diagnosis.actions, "缩短上门时段")
    user_sets(diagnosis.case, "own")
    assert diagnosis.ratings == {}
    assert cause_row(diagnosis, "training").rating.value is None
    assert diagnosis.own_box.layout.display != "none"
    user_sets(cause_row(diagnosis, "training").rating, 3)
    assert 'data-focus="performance"' in diagnosis.focus.value
    user_sets(diagnosis.case, "sample")
    assert diagnosis.ratings == gaps.CASE_EVIDENCE
    section = saved(session, "07/diagnosis")
    assert section["done"] is True
    assert section["value"]["evidence"]["sample"] == gaps.CASE_EVIDENCE
    assert section["value"]["evidence"]["own"] == {"training": 3}
    user_clicks(diagnosis.clear_button)
    assert diagnosis.ratings == {}
    assert saved(session, "07/diagnosis")["value"]["evidence"]["own"] == {"training": 3}


def test_typed_actions_reach_the_kernel_and_survive_a_reload(session):
    diagnosis = Diagnosis(session)
    assert diagnosis.actions.continuous_update is True
    assert diagnosis.own_text.continuous_update is True
    text = "1. 上门承诺改为两小时时段。" * 200  # 3,000 characters: over the old 4,000-byte worries
    user_sets(diagnosis.actions, text)
    assert diagnosis.state["actions"] == text
    assert session.workbook.pending  # typed text: saved after a pause, not at each key
    assert "3000 / 4000" in diagnosis.actions_count.value
    session.workbook.flush()
    again = Diagnosis(session)
    assert again.actions.value == text


def test_too_long_text_is_cut_with_a_message_never_silently(session):
    diagnosis = Diagnosis(session)
    user_sets(diagnosis.actions, "甲" * (TEXT_LIMIT + 25))
    assert diagnosis.message.kind == "error"
    assert "25" in diagnosis.message.value
    assert diagnosis.state["actions"] == "甲" * TEXT_LIMIT
    assert diagnosis.actions.value == "甲" * TEXT_LIMIT  # the browser shows what was kept
    assert 'data-over="1"' in diagnosis.actions_count.value
    # the cut text is saved at once
    assert not session.workbook.pending
    assert saved(session, "07/diagnosis")["value"]["actions"] == "甲" * TEXT_LIMIT
    user_sets(diagnosis.actions, "乙" * 10)  # back within the limit: the message goes
    assert diagnosis.message.kind is None
    user_sets(diagnosis.case, "own")
    user_sets(diagnosis.own_text, "丙" * (TEXT_LIMIT + 1))
    assert diagnosis.state["own_text"] == "丙" * TEXT_LIMIT and diagnosis.message.kind == "error"


def test_diagnosis_customer_gap_comes_from_lecture02(session):
    session.workbook.set("02/questionnaire", {"answers": {"5": [7, 4], "1": [6, 6]}})
    diagnosis = Diagnosis(session)
    assert diagnosis.customer_kind == "learner"
    assert 'data-source="learner"' in diagnosis.source_note.value
    # the learner's largest gap is reliability (-3): check performance, design, communication
    for row in diagnosis.rows:
        user_sets(row.rating, gaps.CASE_EVIDENCE[row.cause.id])
    assert "可靠性" in diagnosis.focus.value and "-3.00" in diagnosis.focus.value
    charts.wait(timeout=120)
    assert diagnosis.chart.spec and "75" in charts.to_svg(diagnosis.chart.spec)


def test_diagnosis_load_language_damage_and_close(session):
    diagnosis = Diagnosis(session)
    diagnosis.load({"case": "own", "own_text": "投诉多", "actions": "x",
                    "evidence": {"own": {"overpromise": 3, "research": 9}}})
    assert diagnosis.state["evidence"] == {"sample": {}, "own": {"overpromise": 3}}
    assert diagnosis.own_text.value == "投诉多"
    assert cause_row(diagnosis, "overpromise").rating.value == 3
    assert 'data-focus="communication"' in diagnosis.focus.value
    diagnosis.load("garbage")
    assert diagnosis.state == diagnosis.initial_state()
    i18n.set_language("en")
    row = cause_row(diagnosis, "overpromise")
    assert row.rating.options[3] == ["3 strong", 3]
    assert row.rating.label == "Advertising and sales over-promise"
    assert diagnosis.case.options[1] == ["My own service", "own"]
    i18n.set_language("zh-CN")
    before = i18n.listener_count()
    other = Diagnosis()
    assert i18n.listener_count() > before
    close_tree(other.widget)
    assert i18n.listener_count() == before


def test_a_bad_rating_from_the_browser_keeps_the_state(session):
    diagnosis = Diagnosis(session)
    user_sets(cause_row(diagnosis, "research").rating, 2)
    user_sets(cause_row(diagnosis, "research").rating, 7)
    assert diagnosis.message.kind == "error"
    assert diagnosis.ratings == {"research": 2}
    assert cause_row(diagnosis, "research").rating.value == 2


# ----------------------------------------------------------------------------- report


def test_report_section_in_both_languages(session):
    session.workbook.set("02/questionnaire", {"answers": {"8": [7, 3]}})
    classify = Classify(session)
    user_sets(failure_row(classify, "f_gigabit").choice, 4)
    user_clicks(classify.solution_button)
    diagnosis = Diagnosis(session)
    user_sets(cause_row(diagnosis, "research").rating, 3)
    user_sets(diagnosis.actions, "每月分析投诉原因")
    session.workbook.flush()
    document = json.loads(session.workbook.path.read_text("utf-8"))
    zh = l07.section(document, "zh-CN")
    assert "答对 1 条，已答 1/15 条" in zh and "每月分析投诉原因" in zh and "<svg" in zh
    assert "查看了参考答案" in zh
    en = l07.section(document, "en")
    assert "1 right, 1/15 answered" in en and "1 Listening gap" in en
    assert l07.section({"sections": {}}, "zh-CN") is None


def test_report_module_imports_no_widget_module():
    source = Path(l07.__file__).read_text(encoding="utf-8")
    assert "widgets" not in source
