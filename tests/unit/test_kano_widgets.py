"""Lecture 03 exercises 1 and 2 driven as the browser does: saving, restoring, uploads.

Expected categories and p-values are computed here from the CSV with the published
evaluation table and scipy, not with :mod:`cxwidgets.kano`.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxwidgets import charts, i18n
from cxwidgets.reports import l03
from cxwidgets.session import start_session
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets
from cxwidgets.widgets.kano import QUESTIONNAIRE, SURVEY, Questionnaire, SurveyAnalysis

DATA = Path(__file__).resolve().parents[2] / "data"
TABLE = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")  # Berger et al. (1993)


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    made = start_session("03", params={"learner": "unit", "lang": "zh-CN"})
    made.workbook.debounce = 0
    yield made
    i18n.set_language("zh-CN")


def _reopen(session):
    session.workbook.flush()
    return start_session("03", params={"learner": "unit", "lang": i18n.get_language()})


def _click(widget: Questionnaire, row: int, key: str, answer: int) -> None:
    """One click in the grid, as the browser sends it (one answer)."""
    widget.grid.receive(str(row), key, answer)


def _answer(widget: Questionnaire, row: int, functional: int, dysfunctional: int) -> None:
    _click(widget, row, "f", functional)
    _click(widget, row, "d", dysfunctional)


# --- exercise 1: the questionnaire ---------------------------------------------------------


def test_questionnaire_saves_and_restores_answers(session):
    first = Questionnaire(session)
    _answer(first, 0, 2, 5)
    assert 'data-category="M"' in first.grid.rows[0]["result"]
    saved = session.workbook.get(QUESTIONNAIRE)
    assert saved["answers"][0] == [2, 5]
    assert saved["results"][0] == {
        "feature": "speed_as_promised", "functional": 2, "dysfunctional": 5, "category": "M",
    }
    again = Questionnaire(_reopen(session))
    assert again.answers()[0] == [2, 5]
    assert again.grid.answer("0", "f") == 2
    assert 'data-category="M"' in again.grid.rows[0]["result"]


def test_kernel_assignments_are_not_answers(session):
    widget = Questionnaire(session)
    widget.grid.value = {"0": {"f": 1, "d": None}}  # drawing/kernel code, not the learner
    assert widget.answers()[0] == [None, None]
    assert session.workbook.get(QUESTIONNAIRE) is None


def test_editing_features_keeps_answers_by_feature_and_refuses_empty_list(session):
    widget = Questionnaire(session)
    _answer(widget, 1, 1, 3)
    kept = i18n.t("kano.feature.install_on_time")  # row 1, as the learner reads it
    user_sets(widget.editor, f"新功能\n{kept}")
    user_clicks(widget.apply)
    assert widget.features() == ["新功能", "install_on_time"]
    assert widget.answers() == [[None, None], [1, 3]]
    assert "新功能" in widget.grid.rows[0]["label"]
    user_sets(widget.editor, "  \n ")
    user_clicks(widget.apply)
    assert widget.message._current[1] == "kano.error.no_features"
    assert widget.features() == ["新功能", "install_on_time"]


def test_default_features_are_codes_named_in_the_active_language(session):
    widget = Questionnaire(session)
    _answer(widget, 0, 1, 5)
    assert widget.state["features"] is None
    session.set_language("en")
    assert widget.grid.rows[0]["label"] == "<b>Speed as promised</b>"
    assert widget.editor.value.splitlines()[0] == "Speed as promised"
    assert widget.answers()[0] == [1, 5]
    assert "One-dimensional" in widget.grid.rows[0]["result"]
    assert session.workbook.get(QUESTIONNAIRE)["results"][0]["feature"] == "speed_as_promised"


def test_names_saved_before_codes_become_codes(session):
    names = [i18n.t("kano.feature.repair_2h", "en"), "我的功能"]
    session.workbook.set(QUESTIONNAIRE, {"features": names, "answers": [[1, 5], [2, 2]]})
    widget = Questionnaire(session)
    assert widget.features() == ["repair_2h", "我的功能"]
    assert widget.grid.rows[0]["label"] == "<b>故障2小时响应</b>"
    assert widget.answers() == [[1, 5], [2, 2]]


def test_load_another_state_and_damaged_state(session):
    widget = Questionnaire(session)
    widget.load({"features": ["甲", "乙"], "answers": [[1, 5], [9, "x"]], "draft": None})
    assert [row["label"] for row in widget.grid.rows[:2]] == ["<b>甲</b>", "<b>乙</b>"]
    assert widget.answers() == [[1, 5], [None, None]]
    assert widget.progress.value == html.escape(i18n.t("kano.questionnaire.progress", done=1, total=2))
    widget.load("not a state")
    assert widget.state == widget.initial_state()


def test_questionnaire_closing_frees_listeners(session):
    before = i18n.listener_count()
    widget = Questionnaire(session)
    close_tree(widget.widget)
    assert i18n.listener_count() == before


# --- exercise 2: the survey ------------------------------------------------------------------


def _loaded(session) -> SurveyAnalysis:
    survey = SurveyAnalysis(session)
    assert survey.wait_loaded(120)
    assert survey.message.kind is None, survey.message.value
    return survey


def _upload(survey: SurveyAnalysis, content: bytes, name: str) -> None:
    survey.upload.receive(name, content)


GOOD = (
    "respondent,feature,functional,dysfunctional,tenure\n"
    "1,上门提速,理应如此,不喜欢,2y+\n2,上门提速,2,5,3m\n1,视频会员,喜欢,无所谓,2y+\n"
)


@pytest.fixture(scope="module")
def answers() -> pd.DataFrame:
    table = pd.read_csv(DATA / "kano_survey.csv")
    pairs = zip(table["functional"], table["dysfunctional"], strict=True)
    table["category"] = [TABLE[f - 1][d - 1] for f, d in pairs]
    return table


def _reference(answers: pd.DataFrame, feature: str, column: str, a: str, b: str):
    """Top category (ties M > O > A > I) in each segment and the chi-square p of A/O/M/I."""
    from scipy.stats import chi2_contingency

    part = answers[(answers["feature"] == feature) & answers[column].isin([a, b])]
    counts = pd.crosstab(part[column], part["category"]).reindex(columns=list("AOMI"), fill_value=0)
    counts = counts.loc[[a, b]]
    counts = counts.loc[:, counts.sum() > 0]
    tops = []
    for value in (a, b):
        row = pd.crosstab(part[column], part["category"]).loc[value]
        best = max(row.max(), 0)
        tops.append(next(c for c in "MOAIRQ" if row.get(c, 0) == best))
    _chi2, p, _dof, expected = chi2_contingency(counts.to_numpy())
    return tops, p, expected


def test_sample_summary_and_status(session):
    survey = _loaded(session)
    assert survey.table.value.count("<tr data-feature=") == 10
    assert 'data-feature="speed_as_promised"' in survey.table.value
    assert i18n.t("kano.feature.speed_as_promised") in survey.table.value
    assert survey.status.value == html.escape(
        i18n.t("kano.survey.loaded", respondents=320, features=10, answers=3200)
    )


def test_comparison_says_category_differs_only_when_it_does(session, answers):
    survey = _loaded(session)
    assert survey.state["compare"] == {"by": "tenure", "a": None, "b": None}
    assert (survey.segment_a.value, survey.segment_b.value) == ("2y+", "3m")
    (top_a, top_b), p, _expected = _reference(answers, "repair_2h", "tenure", "2y+", "3m")
    assert top_a == top_b == "O" and p < 0.05  # the reported case: O in both, p < .05
    table = survey.compare_table.value
    row = table.split('data-feature="repair_2h"', 1)[1].split("</tr>", 1)[0]
    assert 'data-verdict="distribution_differs"' in row
    assert html.escape(f"{p:.3f}") in row
    notes = table.split("</table></div>", 1)[1]
    category_note = notes.split("</div>", 1)[0]
    assert i18n.t("kano.feature.repair_2h") not in category_note
    assert i18n.t("kano.feature.loyalty_discount") in category_note  # M vs A, p < .001


def test_tiny_p_values_read_less_than_0001(session, answers):
    survey = _loaded(session)
    _tops, p, _expected = _reference(answers, "loyalty_discount", "tenure", "2y+", "3m")
    assert p < 0.001
    row = survey.compare_table.value.split('data-feature="loyalty_discount"', 1)[1].split("</tr>")[0]
    assert "&lt;0.001" in row and "0.000" not in row


def test_small_expected_counts_follow_cochrans_rule(session, answers):
    survey = _loaded(session)
    table = survey.compare_table.value
    marker = i18n.t("kano.compare.low_expected", verdict="")
    for feature in answers["feature"].unique():
        _tops, _p, expected = _reference(answers, feature, "tenure", "2y+", "3m")
        unreliable = (expected < 1).any() or (expected < 5).mean() > 0.2
        row = table.split(f'data-feature="{feature}"', 1)[1].split("</tr>", 1)[0]
        assert (html.escape(marker) in row) == unreliable, feature
    flagged = table.count(html.escape(marker))
    assert 0 < flagged < 5  # not "almost every" p-value any more


def test_filters_are_saved_and_compare_choice_kept(session):
    survey = _loaded(session)
    user_sets(survey.filters["tenure"], "2y+")
    assert session.workbook.get(SURVEY)["filters"]["tenure"] == "2y+"
    assert 'data-category="M"' in survey.table.value.split('data-feature="loyalty_discount"')[1]
    user_sets(survey.compare_by, "tier")
    assert survey.segment_a.value == "high_value" and survey.segment_b.value == "business"
    user_sets(survey.segment_b, "senior")
    assert session.workbook.get(SURVEY)["compare"] == {"by": "tier", "a": "high_value", "b": "senior"}
    again = _loaded(_reopen(session))
    assert again.filters["tenure"].value == "2y+" and again.segment_b.value == "senior"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_upload_csv_is_analysed_and_kept_in_the_workbook(session, encoding):
    survey = _loaded(session)
    _upload(survey, GOOD.encode(encoding), "mine.csv")
    assert survey.state["source"] == "upload"
    assert 'data-feature="上门提速"' in survey.table.value
    assert survey.upload.message.kind == "success"
    assert survey.message.kind is None  # drawing went well
    stored = session.workbook.get(SURVEY)
    assert stored["source"] == "upload" and len(stored["upload"]["rows"]) == 3
    restored = _loaded(_reopen(session))
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
        (b"\x89PNG\r\n\x1a\n\x00\x00", "tables.error.image"),
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
    assert session.workbook.get(SURVEY)["upload"]["rows"][0][1] == "上门提速"


def test_upload_over_the_stored_limit_is_said_and_not_replaced_by_an_older_one(session, monkeypatch):
    monkeypatch.setattr(SurveyAnalysis, "stored_rows_limit", 4)
    survey = _loaded(session)
    _upload(survey, GOOD.encode(), "small.csv")  # 3 rows: kept
    big = GOOD + "3,上门提速,喜欢,不喜欢,3m\n4,视频会员,喜欢,喜欢,3m\n"
    _upload(survey, big.encode(), "big.csv")  # 5 rows: analysed, not kept
    assert 'data-feature="视频会员"' in survey.table.value and survey.message.kind is None
    assert i18n.t("survey.not_kept", name="big.csv", rows=5, limit=4) in html.unescape(survey.notice.value)
    again = _loaded(_reopen(session))
    assert again.state["source"] == "upload" and again.uploaded is None
    shown = html.unescape(again.notice.value)
    assert i18n.t("survey.not_kept_after_reload", name="big.csv", rows=5, limit=4) in shown
    assert again.results_box.layout.display == "none"  # not small.csv, not the sample


def test_uploaded_source_before_any_upload(session):
    survey = _loaded(session)
    user_sets(survey.source, "upload")
    assert i18n.t("survey.no_upload") in html.unescape(survey.notice.value)
    assert survey.results_box.layout.display == "none"


def test_chart_renders_offline_svg(session):
    survey = _loaded(session)
    charts.wait(timeout=120)
    assert survey.chart.spec and charts.to_svg(survey.chart.spec).lstrip().startswith("<svg")
    assert survey.chart.error is None and survey.mix.error is None


def test_language_switch_relabels_the_survey_and_closing_frees_listeners(session):
    before = i18n.listener_count()
    survey = _loaded(session)
    session.set_language("en")
    assert "Speed as promised" in survey.table.value
    assert survey.source.options[0][0] == i18n.t("kano.survey.source.sample", "en")
    assert survey.filters["tenure"].description == "Tenure"
    close_tree(survey.widget)
    assert i18n.listener_count() == before


def test_report_section_has_answers_and_chart(session):
    widget = Questionnaire(session)
    _answer(widget, 0, 1, 5)
    survey = _loaded(session)
    user_sets(survey.filters["tenure"], "3m")
    session.workbook.flush()
    fragment = l03.section(session.workbook.data, "en")
    assert "One-dimensional" in fragment and "Speed as promised" in fragment
    assert "<svg" in fragment
    assert i18n.t("kano.chart.title", "en", segment=i18n.t("common.segment.tenure.3m", "en")) in fragment


def test_analysis_does_not_depend_on_the_language(session):
    survey = _loaded(session)
    zh = survey.compare_table.value
    session.set_language("en")
    en = survey.compare_table.value
    verdicts = [part.split('"', 1)[0] for part in zh.split('data-verdict="')[1:]]
    assert verdicts == [part.split('"', 1)[0] for part in en.split('data-verdict="')[1:]]
    assert np.array_equal(
        [part.split('"', 1)[0] for part in zh.split('data-category="')[1:]],
        [part.split('"', 1)[0] for part in en.split('data-category="')[1:]],
    )


def test_feature_editor_shows_its_limit(session):
    widget = Questionnaire(session)
    assert widget.count.value.endswith(
        html.escape(i18n.t("kano.questionnaire.count", n=10, limit=20, length=60)) + "</span>"
    )
    user_sets(widget.editor, "\n".join(f"功能{i}" for i in range(21)))
    assert 'data-over="1"' in widget.count.value
    user_clicks(widget.apply)
    assert widget.message._current[1] == "kano.error.too_many_features"
    assert widget.state["features"] is None  # the list stays as it was: the sample
