"""Lecture 03 widgets driven from Python: saving, restoring, uploads that fail safely."""

from __future__ import annotations

import datetime
import io

import pandas as pd
import pytest

from cxwidgets import charts, i18n
from cxwidgets.session import start_session
from cxwidgets.widgets.kano import (
    QUESTIONNAIRE,
    SURVEY,
    Questionnaire,
    SurveyAnalysis,
    report_section,
)


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    made = start_session("03", params={"learner": "unit", "lang": "zh-CN"})
    made.workbook.debounce = 0
    yield made
    i18n.set_language("zh-CN")


def _upload(survey: SurveyAnalysis, content: bytes, name: str) -> None:
    item = {"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
            "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)}
    survey.upload.picker.value = (item,)


def test_questionnaire_saves_and_restores_answers(session):
    first = Questionnaire(session)
    first.rows[0].functional.value = 2
    first.rows[0].dysfunctional.value = 5
    assert 'data-category="M"' in first.rows[0].result.value
    saved = session.workbook.get(QUESTIONNAIRE)
    assert saved["answers"][0] == [2, 5]
    assert saved["results"][0]["category"] == "M"
    again = Questionnaire(session)
    assert again.rows[0].answer == [2, 5]
    assert 'data-category="M"' in again.rows[0].result.value


def test_editing_features_keeps_answers_by_name_and_refuses_empty_list(session):
    widget = Questionnaire(session)
    widget.rows[1].functional.value = 1
    widget.rows[1].dysfunctional.value = 3
    kept = widget.features[1]
    widget.editor.value = f"新功能\n{kept}"
    widget.apply.click()
    assert widget.features == ["新功能", kept]
    assert widget.rows[1].answer == [1, 3] and widget.rows[0].answer == [None, None]
    widget.editor.value = "  \n "
    widget.apply.click()
    assert widget.message.kind == "error"
    assert widget.features == ["新功能", kept]


def test_default_features_follow_the_language_and_keep_answers(session):
    widget = Questionnaire(session)
    widget.rows[0].functional.value = 1
    widget.rows[0].dysfunctional.value = 5
    session.set_language("en")
    assert widget.features[0].startswith("Speed")
    assert widget.rows[0].answer == [1, 5]
    assert "One-dimensional" in widget.rows[0].result.value


def _loaded(session) -> SurveyAnalysis:
    survey = SurveyAnalysis(session)
    survey._loading.result(timeout=60)
    return survey


GOOD = (
    "respondent,feature,functional,dysfunctional,tenure\n"
    "1,上门提速,理应如此,不喜欢,2y+\n2,上门提速,2,5,3m\n1,视频会员,喜欢,无所谓,2y+\n"
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_upload_csv_is_analysed_and_kept_in_the_workbook(session, encoding):
    survey = _loaded(session)
    _upload(survey, GOOD.encode(encoding), "mine.csv")
    assert survey.source.value == "upload"
    assert 'data-feature="上门提速"' in survey.table.value
    assert survey.upload.message.kind == "success"
    stored = session.workbook.get(SURVEY)
    assert stored["source"] == "upload" and len(stored["upload"]["rows"]) == 3
    restored = _loaded(session)
    assert restored.source.value == "upload" and 'data-feature="视频会员"' in restored.table.value


def test_upload_xlsx(session):
    buffer = io.BytesIO()
    pd.read_csv(io.StringIO(GOOD)).to_excel(buffer, index=False)
    survey = _loaded(session)
    _upload(survey, buffer.getvalue(), "mine.xlsx")
    assert 'data-feature="上门提速"' in survey.table.value


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"id,question\n1,2\n", "common.error.columns"),
        (b"respondent,feature,functional,dysfunctional\n1,a,9,5\n", "kano.error.range"),
        (b"respondent,feature,functional,dysfunctional\n1,a,,5\n", "kano.error.blank"),
        (b"", "common.error.empty_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "common.error.not_a_table"),
    ],
)
def test_bad_upload_shows_a_message_and_keeps_earlier_data(session, content, key):
    survey = _loaded(session)
    _upload(survey, GOOD.encode(), "first.csv")
    before = survey.table.value
    _upload(survey, content, "bad.csv")
    assert survey.upload.message.kind == "error"
    assert survey.upload.message._current[1] == key
    assert survey.table.value == before
    assert survey.session.workbook.get(SURVEY)["upload"]["rows"][0][1] == "上门提速"


def test_filters_and_comparison_on_the_sample(session):
    survey = _loaded(session)
    assert survey.segment_a.value == "2y+" and survey.segment_b.value == "3m"
    assert "cx-msg-info" in survey.compare_table.value
    survey.filters["tenure"].value = "2y+"
    assert "2y+" in [option[1] for option in survey.filters["tenure"].options]
    assert session.workbook.get(SURVEY)["filters"]["tenure"] == "2y+"


def test_chart_renders_offline_svg(session):
    survey = _loaded(session)
    charts.wait(timeout=120)
    assert survey.chart.svg and survey.chart.svg.lstrip().startswith("<svg")
    assert survey.chart.error is None


def test_report_section_has_answers_and_chart(session):
    widget = Questionnaire(session)
    widget.rows[0].functional.value = 1
    widget.rows[0].dysfunctional.value = 5
    _loaded(session)
    session.workbook.flush()
    html = report_section(session.workbook.data, "en")
    assert "One-dimensional" in html and "<svg" in html
