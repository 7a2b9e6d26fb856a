"""Lecture 02 and 07 widgets driven from Python: state, validation, saving, report sections."""

from __future__ import annotations

import json

import pytest

from cxwidgets import charts, gaps, i18n
from cxwidgets.session import start_session
from cxwidgets.widgets import common
from cxwidgets.widgets import gaps as gap_widgets
from cxwidgets.widgets import servqual as sq_widgets


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    i18n.set_language("zh-CN")
    current = start_session("02", params={"learner": "unit"})
    yield current
    current.workbook.flush()
    i18n.set_language("zh-CN")


def test_weights_refuse_90_and_results_appear_at_100(session):
    questionnaire = sq_widgets.Questionnaire(session)
    weights = sq_widgets.Weights(session)
    results = sq_widgets.Results(session, questionnaire, weights)
    assert results.body.layout.display == "none"
    questionnaire.rows[4].expectation.value = 7   # item 5
    questionnaire.rows[4].perception.value = 4
    for index, (e, p) in {0: (6, 6), 9: (6, 5), 13: (6, 6), 17: (5, 4)}.items():  # 1, 10, 14, 18
        questionnaire.rows[index].expectation.value = e
        questionnaire.rows[index].perception.value = p
    for dimension, points in {"tangibles": 10, "reliability": 40, "responsiveness": 20,
                              "assurance": 10, "empathy": 10}.items():
        weights.inputs[dimension].value = points
    assert weights.valid is None
    assert weights.message.kind == "error"
    assert 'data-left="10"' in weights.left.value
    assert results.body.layout.display == "none"
    weights.inputs["empathy"].value = 20
    assert weights.valid is not None and weights.message.kind is None
    assert results.body.layout.display == ""
    charts.wait()
    assert results.chart.svg and "-3.00" in results.chart.svg
    # gaps 0, -3, -1, 0, -1: unweighted -1.00, weighted (-3*40 - 1*20 - 1*20) / 100 = -1.60
    assert "-1.00" in results.score.value and "-1.60" in results.score.value
    session.workbook.flush()
    saved = session.workbook.sections()
    assert saved["02/weights"]["done"] is True
    assert saved["02/questionnaire"]["value"]["answers"]["5"] == [7, 4]
    assert saved["02/questionnaire"]["done"] is False
    scores = sq_widgets.learner_scores(saved)
    assert scores.attrs["weighted"] == pytest.approx(-1.6)


def test_restore_and_reword(session):
    first = sq_widgets.Questionnaire(session)
    first.rows[7].expectation.value = 7
    first.reword_item.value = 8
    first.reword_text.value = "快递员在约定时间窗内送达"
    first._reword()
    session.workbook.flush()
    again = sq_widgets.Questionnaire(session)
    assert again.rows[7].answer == [7, None]
    assert "快递员" in again.rows[7].text.value
    again.reword_text.value = "  "
    again.reword_save.click()
    assert again.message.kind == "error"


def test_show_latest_builds_only_the_newest(session):
    view = common.ChartView()
    built = []

    def make(label):
        def build():
            built.append(label)
            from cxwidgets.servqual_charts import dimension_gap_chart

            return dimension_gap_chart(sq_widgets.sample_scores())
        return build

    blocker = charts.submit(lambda: charts.executor())  # keep the thread busy briefly
    for label in "abc":
        sq_widgets.show_latest(view, make(label))
    blocker.result()
    charts.wait()
    assert built == ["c"]
    assert view.svg and view.error is None


def test_diagnosis_saves_per_case_and_done(session):
    diagnosis = gap_widgets.Diagnosis(session)
    assert diagnosis.customer_kind == "sample"
    for row in diagnosis.rows:
        row.rating.value = gaps.CASE_EVIDENCE[row.cause.id]
    assert 'data-focus="communication performance listening"' in diagnosis.focus.value
    diagnosis.actions.value = "缩短上门时段"
    diagnosis.case.value = "own"
    assert diagnosis.ratings == {}
    diagnosis.case.value = "sample"
    assert diagnosis.ratings == gaps.CASE_EVIDENCE
    session.workbook.flush()
    section = session.workbook.sections()["07/diagnosis"]
    assert section["done"] is True
    assert section["value"]["evidence"]["sample"] == gaps.CASE_EVIDENCE


def test_classify_feedback(session):
    classify = gap_widgets.Classify(session)
    classify.pickers["f_gigabit"].value = 4
    classify.pickers["f_weekend"].value = 2
    assert 'data-correct="1"' in classify.feedback["f_gigabit"].value
    assert 'data-correct="0"' in classify.feedback["f_weekend"].value


def test_report_sections_in_both_languages(session, tmp_path):
    questionnaire = sq_widgets.Questionnaire(session)
    weights = sq_widgets.Weights(session)
    questionnaire.rows[7].expectation.value = 7
    questionnaire.rows[7].perception.value = 3
    weights._set_equal()
    diagnosis = gap_widgets.Diagnosis(session)
    diagnosis.rows[0].rating.value = 3
    diagnosis.actions.value = "每月分析投诉原因"
    session.workbook.flush()
    document = json.loads(session.workbook.path.read_text("utf-8"))
    for language in ("zh-CN", "en"):
        part02 = sq_widgets.report_section(document, language)
        part07 = gap_widgets.report_section(document, language)
        assert "<svg" in part02 and "<svg" in part07
        assert "每月分析投诉原因" in part07
    assert "Reliability" in sq_widgets.report_section(document, "en")
    assert sq_widgets.report_section({"sections": {}}, "zh-CN") is None
    assert gap_widgets.report_section({"sections": {}}, "zh-CN") is None
