"""Lecture 10: the board model, the pains read from lectures 04-06, and the exercises driven
as the browser does (team board, peer scoring, user-test table, export)."""

from __future__ import annotations

import json

import pytest

from cxwidgets import cocreation, i18n, journey, peer
from cxwidgets.errors import CXError
from cxwidgets.reports import l10
from cxwidgets.widgets.cocreation import Export, PeerScoring, TeamBoard, UserTest
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets

FIVE = {"insight": 5, "value": 5, "feasibility": 5, "plan": 5, "pitch": 5}
PLAN = {"action": "两个片区试点", "owner": "王经理", "date": "2026-12-31", "measure": "改约投诉 -30%"}


@pytest.fixture
def session(started_session):
    made = started_session("10", debounce=60)  # typed text waits for an explicit flush
    yield made
    made.workbook.flush()


def saved(session, section):
    session.workbook.flush()
    document = json.loads(session.workbook.path.read_text("utf-8"))
    return document["sections"][section]


# ----------------------------------------------------------------------------- model
def test_items_dates_and_rows():
    assert cocreation.items(" a \n\n b\n") == ["a", "b"]
    assert cocreation.check_date("2026-02-03") == "2026-02-03"
    assert cocreation.check_date("") == ""
    for bad in ("2026-13-01", "31/12/2026", "tomorrow"):
        with pytest.raises(CXError) as caught:
            cocreation.check_date(bad)
        assert caught.value.key == "cocreation.error.date"
    rows = cocreation.clean_rows([{"hypothesis": "h", "decision": "keep", "x": "dropped"}],
                                 cocreation.usertest_columns())
    assert rows == [{"hypothesis": "h", "test": "", "metric": "", "result": "", "decision": "keep"}]
    with pytest.raises(CXError) as caught:
        cocreation.clean_rows([{"decision": "maybe"}], cocreation.usertest_columns())
    assert caught.value.key == "cocreation.error.decision"
    with pytest.raises(CXError) as caught:
        cocreation.clean_rows([{}] * (cocreation.ROW_LIMIT + 1), cocreation.plan_columns())
    assert caught.value.key == "cocreation.error.too_many_rows"
    with pytest.raises(CXError) as caught:
        cocreation.clean_rows([{"action": "x" * (cocreation.CELL_LIMIT + 1)}],
                              cocreation.plan_columns())
    assert caught.value.key == "cocreation.error.cell_long"


def test_a_damaged_board_keeps_what_can_be_read():
    board = cocreation.clean_board({"team": "甲", "pains": 5, "ideas": "i",
                                    "plan": [PLAN, {"date": "never"}, "x"]})
    assert board["team"] == "甲" and board["pains"] == "" and board["ideas"] == "i"
    assert board["plan"] == [PLAN]
    assert cocreation.clean_board("junk") == cocreation.empty_board()


def test_board_done_needs_team_pain_idea_and_a_full_plan_row():
    board = {"team": "甲", "pains": "p", "opportunities": "", "ideas": "i", "plan": [PLAN]}
    assert cocreation.board_done(board)
    assert not cocreation.board_done({**board, "plan": [{**PLAN, "owner": ""}]})
    assert not cocreation.board_done({**board, "team": " "})


def test_pains_come_from_the_journey_tags_and_lecture_06():
    # the sample journey tags t1, t4, t7, t9 and t13 as pains (data/journey_sample.json)
    pains = ["套餐宣传单页与资费说明", "营业厅排队办理", "装维师傅电话临时改约",
             "打孔走线与光猫摆放", "报修热线层层按键、重复报号码"]
    found = cocreation.pain_suggestions({}, "zh-CN")
    assert [s["text"] for s in found if s["source"] == "journey_sample"] == pains
    assert len({s["text"] for s in found}) == len(found)  # no repeats
    # the learner's own journey wins over the sample
    own = journey.empty_journey("mine", ["A"])
    own, _tp = journey.add_touchpoint(own, own.stages[0].id, "排队太久", tag="pain")
    found = cocreation.pain_suggestions({"04/journey": {"value": own.to_dict()}}, "zh-CN")
    assert [s["text"] for s in found if s["source"].startswith("journey")] == ["排队太久"]
    assert "排队太久" in cocreation.add_pains("排队太久\n别的", found).splitlines()
    assert cocreation.add_pains("a", [{"text": "a"}, {"text": "b"}]) == "a\nb"


# ----------------------------------------------------------------------------- exercise 1
def test_team_board_typed_brought_in_and_planned(session):
    board = TeamBoard(session)
    user_sets(board.team, "极速装维队")
    user_sets(board.areas["ideas"][0], "推送师傅位置\n改约补偿")
    assert "16 / 2000" not in board.areas["ideas"][1].value
    assert board.areas["ideas"][1].value.count("11 / 2000") == 1
    user_clicks(board.bring)
    assert "装维师傅电话临时改约" in board.state["pains"]
    assert board.message.kind == "info"
    user_sets(board.plan, [PLAN], name="rows")
    assert board.is_done()
    value = saved(session, "10/team")
    assert value["done"] is True and value["value"]["plan"] == [PLAN]
    assert value["value"]["team"] == "极速装维队"
    # a bad date is refused with its message; the plan stays and the table is redrawn
    user_sets(board.plan, [{**PLAN, "date": "2026-02-30"}], name="rows")
    assert board.message.kind == "error" and board.state["plan"] == [PLAN]
    assert board.plan.rows == [PLAN]


def test_team_board_lists_the_pains_found_in_the_background(session):
    board = TeamBoard(session)
    assert board.wait_idle(60)  # the listing runs on a thread (the readers may take a second)
    assert board.suggestions is not None
    assert 'data-source="journey_sample"' in board.sources.value
    assert "装维师傅电话临时改约" in board.sources.value


def test_team_board_trims_with_a_message(session):
    board = TeamBoard(session)
    user_sets(board.areas["pains"][0], "x" * (cocreation.TEXT_LIMIT + 5))
    assert len(board.state["pains"]) == cocreation.TEXT_LIMIT
    assert "5" in board.message.value and board.message.kind == "error"
    assert 'data-over="1"' in board.areas["pains"][1].value


def test_team_board_load_language_and_close(session):
    before = i18n.listener_count()
    board = TeamBoard(session)
    board.load({"team": "乙", "pains": "p1\np2", "ideas": "", "plan": [PLAN]})
    assert board.team.value == "乙" and board.plan.rows == [PLAN]
    board.load({"plan": "broken"})
    assert board.state["plan"] == []
    i18n.set_language("en")
    assert board.plan.columns[1]["label"] == "Owner"
    i18n.set_language("zh-CN")
    assert board.plan.columns[1]["label"] == "负责人"
    close_tree(board.widget)
    assert i18n.listener_count() == before


# ----------------------------------------------------------------------------- exercise 2
def test_peer_scoring_refuses_the_own_team_and_keeps_the_rest(session):
    scoring = PeerScoring(session)
    assert scoring.state["team"] == "t1"
    user_sets(scoring.grid, {"t2": {"insight": 4}})
    assert scoring.state["scores"] == {"t2": {"insight": 4}}
    user_sets(scoring.grid, {"t2": {"insight": 4}, "t1": {"insight": 5}})
    assert "不能给自己的团队打分" in scoring.message.value
    assert scoring.state["scores"] == {"t2": {"insight": 4}}
    assert scoring.grid.value == {"t2": {"insight": 4}}  # the browser's grid goes back
    user_sets(scoring.grid, {"t2": {"insight": 9}})
    assert scoring.message.kind == "error" and scoring.state["scores"] == {"t2": {"insight": 4}}


def test_peer_scoring_complete_result_and_calibration(session):
    scoring = PeerScoring(session)
    scores = {t: dict(FIVE) for t in peer.sample_teams() if t != "t1"}
    user_sets(scoring.grid, {**scores, "cal": dict(FIVE)})
    assert scoring.is_done()
    # calibration: 5s against the reference 4, 3, 2, 2, 4 -> (1 + 2 + 3 + 3 + 1) / 5 = +2.0
    assert 'data-offset="+2.0"' in scoring.calibration.value
    assert "cx-peer-my-bias" in scoring.results.value  # straight fives: a lenient rater
    assert scoring.grid.totals["t2"] == "5.00"
    section = saved(session, "10/peer")
    assert section["done"] is True and section["value"]["calibration"] == FIVE
    # a new team drops the scores of that team (now the learner's own)
    user_sets(scoring.team, "t3")
    assert "t3" not in scoring.state["scores"] and scoring.message.kind == "info"


def test_peer_scoring_damaged_state_and_language(session):
    scoring = PeerScoring(session)
    scoring.load({"team": "t9", "scores": {"t1": FIVE, "t2": {"insight": 99}}, "calibration": 3})
    # unknown team -> the default t1; its own scores go, the bad score goes
    assert scoring.state == {"team": "t1", "scores": {}, "calibration": {}}
    i18n.set_language("en")
    assert scoring.grid.criteria[0]["label"] == "Customer insight (25%)"
    assert scoring.team.label == "Fast Fit"


# ----------------------------------------------------------------------------- exercise 3
def test_user_test_table(session):
    table = UserTest(session)
    assert table.state["rows"] == [dict.fromkeys(cocreation.usertest_columns(), "")]
    row = {"hypothesis": "客户会看推送", "test": "两片区试点", "metric": "催单来电",
           "result": "0.8 -> 0.3", "decision": "keep"}
    user_sets(table.table, [row], name="rows")
    user_sets(table.concept, "师傅位置推送")
    assert table.is_done()
    user_sets(table.table, [{**row, "decision": "perhaps"}], name="rows")
    assert table.message.kind == "error" and table.state["rows"] == [row]
    value = saved(session, "10/usertest")["value"]
    assert value == {"concept": "师傅位置推送", "rows": [row]}
    i18n.set_language("en")
    assert table.table.columns[-1]["options"][0] == ["Keep", "keep"]


def test_user_test_concept_comes_from_lecture_06(session):
    session.workbook.set("06/concepts", {"survivor": "c1", "concepts": [
        {"id": "c1", "name": "装机一次好", "description": "", "ratings": {}}]})
    table = UserTest(session)
    assert table.survivor and table.state["concept"] == "装机一次好"


# ----------------------------------------------------------------------------- exercise 4
def test_export_buttons_make_the_three_files_and_remember_it(session):
    session.workbook.set("10/team", {"team": "甲", "pains": "p", "ideas": "i", "plan": [PLAN]})
    ex = Export(session)
    assert 'data-lecture="10"' in ex.contents.value
    files = {kind: ex.make(kind) for kind in ("html", "pdf", "pptx")}
    assert files["html"].startswith(b"<!DOCTYPE html>") and "甲".encode() in files["html"]
    assert files["pdf"].startswith(b"%PDF")
    assert files["pptx"][:2] == b"PK"
    assert ex.is_done() and set(saved(session, "10/export")["value"]["exports"]) == {
        "html", "pdf", "pptx"}
    assert ex.buttons[1].mime == "application/pdf"


# ----------------------------------------------------------------------------- report
def test_report_section_names_its_methods():
    data = {"sections": {
        "10/team": {"value": {"team": "甲", "pains": "p1", "ideas": "i1", "plan": [PLAN]}},
        "10/peer": {"value": {"team": "t1", "scores": {"t2": FIVE}}},
        "10/usertest": {"value": {"concept": "c", "rows": [{"hypothesis": "h", "decision": "drop"}]}},
    }}
    page = l10.section(data, "zh-CN")
    assert "甲" in page and "王经理" in page and "放弃" in page
    assert "<svg" in page and "Krippendorff" in page and "cx-method" in page
    assert l10.section({"sections": {}}, "zh-CN") is None
    assert "Corrected mean" in l10.section(data, "en")
