"""Lecture 08 exercises driven as the browser does (user_sets / user_clicks)."""

from __future__ import annotations

import pytest

from cxwidgets import drivers, i18n
from cxwidgets.widgets.exercise import close_tree, user_sets
from cxwidgets.widgets.nps import (
    CustomerVoice,
    DriverAnalysis,
    MeasurementDesign,
    ScoreCalculator,
    SegmentsCompared,
)

pytestmark = pytest.mark.usefixtures("chinese")

# 10 respondents, 4 promoters and 4 detractors: NPS 0, se = 100 sqrt(0.8 / 10) = 28.28,
# margin 1.96 * 28.28 = 55.4; CSAT 4 of 5 answers in the top two boxes
UPLOAD = "respondent,tenure,question,answer\n" + "".join(
    f"r{i},{'3m' if i < 5 else '2y+'},recommend,{score}\n"
    for i, score in enumerate([10, 10, 9, 9, 8, 7, 6, 5, 3, 0])
) + "".join(f"r{i},3m,csat,{v}\n" for i, v in enumerate([5, 4, 4, 5, 2]))


def _score(session) -> ScoreCalculator:
    ex = ScoreCalculator(session)
    assert ex.wait_loaded(120)
    assert ex.message.kind is None, ex.message.value
    return ex


def test_score_sample_shows_margin_and_planner(new_session) -> None:
    ex = _score(new_session("08"))
    assert "cx-nps-big" in ex.score_view.value and "±" in ex.score_view.value
    assert "Wilson" in ex.score_view.value
    assert ex.planner.value
    assert ex.compare_view.value  # two tenure segments compared (z test)


def test_score_upload_long_layout_and_planner(new_session, reopen) -> None:
    session = new_session("08")
    ex = _score(session)
    ex.upload.receive("mine.csv", UPLOAD.encode("utf-8"))
    assert ex.state["source"] == "upload"
    assert '<div class="cx-nps-big" aria-label="NPS">0.0</div>' in ex.score_view.value
    assert "±55.4" in ex.score_view.value
    assert "80.0%" in ex.score_view.value  # CSAT 4 / 5
    user_sets(ex.margin, 10)
    # 1.96^2 * 0.8 / 0.1^2 = 307.3 -> 308 answers
    assert "308" in ex.planner.value
    saved = session.workbook.get("08/score")
    assert saved["margin"] == 10 and saved["result"]["nps"]["n"] == 10
    again = _score(reopen(session))
    assert again.state["source"] == "upload" and again.state["margin"] == 10
    assert "±55.4" in again.score_view.value


def test_score_bad_upload_keeps_earlier_data(new_session) -> None:
    ex = _score(new_session("08"))
    ex.upload.receive("mine.csv", UPLOAD.encode("utf-8"))
    ex.upload.receive("bad.csv", b"respondent,question,answer\nr1,recommend,11\n")
    assert ex.upload.message.kind == "error"
    assert "recommend" in ex.upload.message.value
    assert "±55.4" in ex.score_view.value


def test_score_damaged_state_language_and_close(new_session) -> None:
    ex = _score(new_session("08"))
    ex.load({"margin": "x", "source": 5, "filters": "junk"})
    assert ex.state["margin"] == 5 and ex.state["source"] == "sample"
    assert ex.wait_loaded(120)
    i18n.set_language("en")
    assert "margin" in ex.score_view.value
    i18n.set_language("zh-CN")
    before = i18n.listener_count()
    other = _score(new_session("08", learner="other"))
    close_tree(other.widget)
    assert i18n.listener_count() == before


def test_segments_holm_and_small(new_session) -> None:
    session = new_session("08")
    ex = SegmentsCompared(session)
    assert ex.wait_idle(120)
    assert "cx-nps-segments-table" in ex.table.value
    assert ex.warning.value == ""  # every tenure segment has 30 answers or more
    user_sets(ex.by, "tenure_tier")
    assert "cx-msg-error" in ex.warning.value  # small crossed segments flagged
    assert ex.is_done()
    saved = session.workbook.get("08/segments")
    assert saved["by"] == "tenure_tier" and saved["result"]
    ex.load("junk")
    assert ex.state == {"by": "tenure", "seen": [], "a": None, "b": None}


def test_segments_follow_the_upload_of_exercise_1(new_session) -> None:
    session = new_session("08")
    segments = SegmentsCompared(session)
    assert segments.wait_idle(120)
    assert segments.source == "sample"
    score = _score(session)
    score.upload.receive("mine.csv", UPLOAD.encode("utf-8"))
    assert segments.wait_idle(120)
    assert segments.source == "upload"
    assert len(segments.frame) == 10
    # 3 months: 10 10 9 9 8 -> NPS 80; 2 years+: 7 6 5 3 0 -> -80; each se = 100 sqrt(0.16 / 5)
    # = 17.89, z = 160 / sqrt(2 * 17.89^2) = 6.32
    user_sets(segments.pair["a"], "3m")
    user_sets(segments.pair["b"], "2y+")
    assert "+160.0" in segments.pair_view.value and "6.32" in segments.pair_view.value
    user_sets(segments.by, "tier")  # the upload has no tier column: said, views cleared
    assert segments.message.kind == "error" and segments.table.value == ""


def test_drivers_result_saved_for_lecture_06(new_session, reopen) -> None:
    session = new_session("08")
    ex = DriverAnalysis(session)
    assert ex.wait_idle(120)
    assert "cx-nps-driver-t14" in ex.table.value
    user_sets(ex.tenure, "3m")
    assert ex.wait_idle(120)
    first_row = ex.table.value.split("<tbody>")[1].split("</tr>")[0]
    assert "cx-nps-driver-t8" in first_row  # punctuality matters most to new customers
    user_sets(ex.fix, "t8")
    user_sets(ex.why, "新客户最在意师傅是否准时")
    assert ex.is_done()
    saved = session.workbook.get("08/drivers")
    assert saved["result"]["tenure"] == "3m"
    impact = drivers.touchpoint_impact(session.workbook.sections())
    assert max(impact, key=impact.get) == "t8"
    again = DriverAnalysis(reopen(session))
    assert again.wait_idle(120)
    assert again.state["fix"] == "t8" and again.why.value == "新客户最在意师傅是否准时"


def test_drivers_text_limit(new_session) -> None:
    ex = DriverAnalysis(new_session("08"))
    assert ex.wait_idle(120)
    user_sets(ex.why, "长" * 1200)
    assert len(ex.state["why"]) == 1000
    assert ex.message.kind == "error"
    assert "1000 / 1000" in ex.count.value


def test_voice_word_opens_comments(new_session) -> None:
    session = new_session("08")
    ex = CustomerVoice(session)
    assert ex.wait_idle(120)
    words = [code for _label, code in ex.groups["detractor"].options]
    assert "慢" in words
    user_sets(ex.groups["detractor"], "慢")
    assert "慢" in ex.comments.value and "cx-nps-comments" in ex.comments.value
    user_sets(ex.groups["promoter"], "准时")
    assert ex.state["side"] == "promoter" and ex.groups["detractor"].value is None
    assert "准时" in ex.comments.value
    assert "t8" not in ex.comments.value and "准时上门" in ex.comments.value  # touchpoint named
    assert session.workbook.get("08/voice")["opened"] == ["慢", "准时"]
    assert "cx-nps-links-table" in ex.links.value


def test_design_plan_and_note(new_session, reopen) -> None:
    session = new_session("08")
    ex = MeasurementDesign(session)
    user_sets(ex.pickers["t15"], "nps")
    user_sets(ex.pickers["t14"], "ces")
    user_sets(ex.pickers["t8"], "csat")
    user_sets(ex.precision, "coarse")
    user_sets(ex.checks["close_loop"], True)
    user_sets(ex.note, "装维班组每周看 CSAT")
    assert ex.is_done()
    assert "cx-nps-plan-t15" in ex.table.value
    user_sets(ex.pickers["t8"], "none")
    assert ex.state["metrics"]["t8"] == "none" and "cx-nps-plan-t8" not in ex.table.value
    assert ex.pickers["t8"].value == "none"
    again = MeasurementDesign(reopen(session))
    assert again.state["metrics"] == {"t15": "nps", "t14": "ces", "t8": "none"}
    assert again.checks["close_loop"].value is True
    assert again.note.value == "装维班组每周看 CSAT"
    user_sets(again.note, "x" * 2100)
    assert again.message.kind == "error" and len(again.state["note"]) == 2000


def test_report_section_shows_lecture_08(new_session) -> None:
    from cxwidgets.reports import l08

    session = new_session("08")
    _score(session)
    ex = MeasurementDesign(session)
    user_sets(ex.pickers["t15"], "nps")
    drivers_ex = DriverAnalysis(session)
    assert drivers_ex.wait_idle(120)
    user_sets(drivers_ex.fix, "t14")
    html = l08.section(session.workbook.data, "zh-CN")
    assert "cx-nps-plan-t15" in html and "cx-nps-driver-t14" in html
    assert l08.section({"sections": {}}, "en") is None


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-16"])
def test_score_upload_encodings_keep_chinese_comments(new_session, encoding) -> None:
    ex = _score(new_session("08"))
    text = UPLOAD + "r0,3m,comment,维修太慢\n"
    ex.upload.receive("mine.csv", text.encode(encoding))
    assert ex.message.kind is None and ex.upload.message.kind != "error", ex.upload.message.value
    assert ex.uploaded.loc[ex.uploaded["respondent"] == "r0", "comment"].item() == "维修太慢"


def test_score_upload_xlsx_and_empty_file(new_session) -> None:
    import io

    import pandas as pd

    ex = _score(new_session("08"))
    buffer = io.BytesIO()
    pd.read_csv(io.StringIO(UPLOAD)).to_excel(buffer, index=False)
    ex.upload.receive("mine.xlsx", buffer.getvalue())
    assert "±55.4" in ex.score_view.value
    ex.upload.receive("empty.csv", b"")
    assert ex.upload.message.kind == "error"
    assert "±55.4" in ex.score_view.value


def test_drivers_and_voice_say_what_an_upload_lacks(new_session) -> None:
    session = new_session("08")
    score = _score(session)
    score.upload.receive("mine.csv", UPLOAD.encode("utf-8"))  # no touchpoints, no comments
    ex = DriverAnalysis(session)
    assert ex.wait_idle(120)
    assert ex.source == "upload" and ex.table.value == ""
    assert ex.message.kind == "error"
    voice_ex = CustomerVoice(session)
    assert voice_ex.wait_idle(120)
    assert voice_ex.groups["detractor"].options == []
    assert "cx-msg" in voice_ex.comments.value
