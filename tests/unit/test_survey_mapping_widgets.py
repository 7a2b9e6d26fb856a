"""A survey export uploaded into KANO, SERVQUAL and NPS: mapped, confirmed, remembered, kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxwidgets import i18n, kano, survey_map
from cxwidgets.widgets.exercise import user_clicks
from cxwidgets.widgets.kano import SurveyAnalysis as KanoSurvey
from cxwidgets.widgets.nps.score import ScoreCalculator
from cxwidgets.widgets.servqual.survey import SurveyAnalysis as ServqualSurvey

pytestmark = pytest.mark.usefixtures("chinese")

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports"
CASES = [
    ("03", KanoSurvey, "kano_wjx.xlsx"),
    ("02", ServqualSurvey, "servqual_google_forms.csv"),
    ("08", ScoreCalculator, "nps_wjx.xlsx"),
]


def opened(exercise_class, session):
    exercise = exercise_class(session)
    assert exercise.wait_loaded()
    return exercise


def upload(exercise, name: str) -> None:
    exercise.upload.receive(name, (EXPORTS / name).read_bytes())


def confirm(exercise) -> None:
    user_clicks(exercise.map_buttons[0])


@pytest.mark.parametrize(("lecture", "exercise_class", "name"), CASES)
def test_an_export_is_mapped_confirmed_and_analysed(new_session, reopen, lecture,
                                                    exercise_class, name):
    session = new_session(lecture)
    exercise = opened(exercise_class, session)
    upload(exercise, name)
    # Held for its mapping: nothing analysed yet, the sample still shown.
    assert exercise.state["pending"]["name"] == name
    assert exercise.state["source"] == "sample"
    assert exercise.uploaded is None
    assert exercise.map_box.layout.display != "none"
    assert exercise.mapper.problems == {}
    keys = [field["key"] for field in exercise.mapper.fields]
    assert keys[:3] == ["respondent", "tenure", "tier"]
    assert session.workbook.get(exercise.section)["pending"]["name"] == name  # saved at once

    confirm(exercise)
    assert exercise.state["pending"] is None
    assert exercise.state["source"] == "upload"
    assert exercise.uploaded is not None and len(exercise.uploaded) > 0
    assert exercise.map_box.layout.display == "none"
    assert exercise.upload.message._current[1] == "mapping.applied"
    signature = survey_map.signature([c["name"] for c in exercise.mapper.columns])
    assert list(exercise.state["mappings"]) == [signature]

    again = opened(exercise_class, reopen(session))  # a reload: the analysis is back
    assert again.state["source"] == "upload"
    assert len(again.uploaded) == len(exercise.uploaded)


def test_the_learner_corrects_a_column_and_names_a_feature(new_session):
    session = new_session("03")
    exercise = opened(KanoSurvey, session)
    upload(exercise, "kano_tencent.csv")
    mapper = exercise.mapper
    tenure = mapper.value["tenure"]
    mapper.choose("f0.functional", tenure)  # a wrong pick: the row says so
    assert "f0.functional" in mapper.problems
    confirm(exercise)
    assert exercise.map_message._current[1] == "mapping.fix_first"
    assert exercise.state["pending"] is not None and exercise.uploaded is None

    guessed = survey_map.guess("kano", exercise.pending_frame())["columns"]["f0.functional"]
    mapper.choose("f0.functional", guessed)
    mapper.rename("f0.functional", "网速达标")  # a course feature: its lecture texts apply
    assert mapper.problems == {}
    assert exercise.state["pending"]["mapping"]["names"]["f0.functional"] == "网速达标"
    confirm(exercise)
    assert "speed_as_promised" in set(exercise.uploaded["feature"])
    summary = kano.summarize(exercise.uploaded)
    assert set(summary["feature"]) >= {"speed_as_promised"}


def test_a_pending_mapping_survives_a_reload(new_session, reopen):
    session = new_session("08")
    exercise = opened(ScoreCalculator, session)
    upload(exercise, "nps_google_forms.csv")
    comment = exercise.mapper.value["comment"]
    exercise.mapper.choose("comment", "")
    again = opened(ScoreCalculator, reopen(session))
    assert again.state["pending"]["name"] == "nps_google_forms.csv"
    assert again.map_box.layout.display != "none"
    assert again.mapper.value["comment"] == ""
    again.mapper.choose("comment", comment)
    confirm(again)
    assert again.state["source"] == "upload"
    assert again.uploaded["comment"].str.len().gt(0).any()


def test_the_same_layout_again_proposes_the_confirmed_mapping(new_session):
    session = new_session("02")
    exercise = opened(ServqualSurvey, session)
    upload(exercise, "servqual_excel.xlsx")
    respondent = exercise.mapper.value["respondent"]
    exercise.mapper.choose("respondent", "")  # the learner prefers row numbers
    confirm(exercise)
    assert exercise.state["source"] == "upload"
    upload(exercise, "servqual_excel.xlsx")
    assert exercise.state["pending"]["remembered"] is True
    assert exercise.mapper.value["respondent"] == ""
    assert respondent
    assert "cx-msg-info" in exercise.map_remembered.value


def test_discarding_an_export_keeps_the_earlier_upload(new_session):
    session = new_session("03")
    exercise = opened(KanoSurvey, session)
    upload(exercise, "kano_wjx.xlsx")
    confirm(exercise)
    before = exercise.uploaded.copy()
    saved = session.workbook.get(exercise.section)["upload"]
    upload(exercise, "kano_tencent_skips.csv")
    user_clicks(exercise.map_buttons[1])
    assert exercise.state["pending"] is None
    assert exercise.upload.message._current[1] == "mapping.discarded"
    assert exercise.uploaded.equals(before)
    assert session.workbook.get(exercise.section)["upload"] == saved


def test_skipped_kano_answers_are_said(new_session):
    exercise = opened(KanoSurvey, new_session("03"))
    upload(exercise, "kano_tencent_skips.csv")
    confirm(exercise)
    assert exercise.state["source"] == "upload"
    assert exercise.message._current[1] == "mapping.skipped"
    assert exercise.message._current[2]["count"] > 0


def test_the_mapping_table_follows_the_language(new_session):
    exercise = opened(ServqualSurvey, new_session("02"))
    upload(exercise, "servqual_google_forms.csv")
    assert exercise.mapper.fields[3]["label"] == "期望 E1"
    i18n.set_language("en")
    assert exercise.mapper.fields[3]["label"] == "Expectation E1"
    assert exercise.mapper.texts["none"] == "— not used —"
    assert exercise.map_buttons[0].description == "Analyse with this mapping"
