"""The how-might-we board model (lecture 06) against hand-worked boards."""

from __future__ import annotations

import pytest

from cxwidgets import hmw
from cxwidgets.errors import CXError

pytestmark = pytest.mark.usefixtures("chinese")


def board_with_ideas():
    board = hmw.add_pain(hmw.empty_board(), "报修要重复报号码", "t13")
    board = hmw.add_question(board, "p1", "remove_bad", "我们可以怎样不用报号码？")
    board = hmw.add_idea(board, "q1", "来电自动识别账号")
    board = hmw.add_idea(board, "q1", "App 一键报修")
    return hmw.add_idea(board, None, "短信回访")


def test_building_a_board():
    board = board_with_ideas()
    assert board["pains"] == [{"id": "p1", "text": "报修要重复报号码", "touchpoint": "t13"}]
    assert board["questions"][0] == {"id": "q1", "pain": "p1", "pattern": "remove_bad",
                                     "text": "我们可以怎样不用报号码？"}
    assert [i["id"] for i in board["ideas"]] == ["i1", "i2", "i3"]
    assert board["ideas"][2] == {"id": "i3", "question": None, "text": "短信回访",
                                 "impact": None, "effort": None}


@pytest.mark.parametrize(
    ("impact", "effort", "quadrant"),
    [(5, 4, "quick_win"), (10, 0, "quick_win"), (5, 5, "big_bet"), (4, 4, "fill_in"),
     (0, 0, "fill_in"), (4, 5, "money_pit"), (None, None, None)],
)
def test_quadrants(impact, effort, quadrant):
    assert hmw.quadrant(impact, effort) == quadrant


def test_votes_fixed_number_per_person_one_per_idea():
    board = board_with_ideas()
    board = hmw.vote(board, "小王", "i1")
    with pytest.raises(CXError) as info:
        hmw.vote(board, "小王", "i1")
    assert info.value.key == "hmw.error.voted"
    board = hmw.vote(hmw.vote(board, "小王", "i2"), "小王", "i3")
    assert hmw.votes_left(board, "小王") == 0
    board = hmw.add_idea(board, None, "第四个")
    with pytest.raises(CXError) as info:
        hmw.vote(board, "小王", "i4")
    assert info.value.key == "hmw.error.no_votes_left"
    board = hmw.vote(board, "小李", "i1")
    assert hmw.tally(board) == {"i1": 2, "i2": 1, "i3": 1, "i4": 0}
    board = hmw.unvote(board, "小王", "i1")
    assert hmw.tally(board)["i1"] == 1 and hmw.votes_left(board, "小王") == 1
    with pytest.raises(CXError) as info:
        hmw.vote(board, "  ", "i1")
    assert info.value.key == "hmw.error.no_person"


def test_place_rounds_and_refuses_off_grid():
    board = hmw.place(board_with_ideas(), "i1", 7.6, 2.4)
    assert board["ideas"][0]["impact"] == 8 and board["ideas"][0]["effort"] == 2
    assert hmw.ranked_ideas(board)[0]["quadrant"] == "quick_win"
    for bad in (11, -1, "x", None):
        with pytest.raises(CXError) as info:
            hmw.place(board, "i1", bad, 3)
        assert info.value.key == "hmw.error.grid"
    parked = hmw.place(board, "i1", None, None)
    assert parked["ideas"][0]["impact"] is None
    with pytest.raises(CXError) as info:
        hmw.place(board, "i9", 1, 1)
    assert info.value.key == "hmw.error.unknown"


def test_removing_a_pain_removes_its_questions_ideas_and_votes():
    board = hmw.vote(board_with_ideas(), "小王", "i1")
    board = hmw.remove(board, "pains", "p1")
    assert board["pains"] == [] and board["questions"] == []
    assert [i["id"] for i in board["ideas"]] == ["i3"]
    assert board["votes"] == {}


def test_empty_and_too_long_texts():
    with pytest.raises(CXError) as info:
        hmw.add_pain(hmw.empty_board(), "   ")
    assert info.value.key == "hmw.error.empty"
    with pytest.raises(CXError) as info:
        hmw.add_idea(hmw.empty_board(), None, "长" * (hmw.MAX_TEXT + 1))
    assert info.value.key == "hmw.error.too_long"


def test_prompts_per_pattern():
    assert len(hmw.PATTERNS) == 10
    assert hmw.question_prompt("remove_bad", "排队", "zh-CN") == "我们可以怎样彻底去掉“排队”带来的麻烦？"
    assert hmw.question_prompt("opposite", "queues", "en").startswith("How might we")
    with pytest.raises(CXError):
        hmw.question_prompt("nope", "x")


def test_clean_keeps_the_good_and_drops_the_damaged():
    stored = {
        "pains": [{"id": "p7", "text": "排队"}, {"text": ""}, "junk"],
        "questions": [{"id": "q1", "pain": "p7", "pattern": "opposite", "text": "怎样？"},
                      {"id": "q2", "pain": "gone", "pattern": "opposite", "text": "x"}],
        "ideas": [{"id": "i5", "question": "q1", "text": "叫号短信", "impact": 8, "effort": 3},
                  {"id": "i6", "question": None, "text": "坏位置", "impact": 99, "effort": 3}],
        "votes": {"小王": ["i5", "i5", "missing"]},
        "per_person": "many",
    }
    board = hmw.clean(stored)
    assert [p["id"] for p in board["pains"]] == ["p7"]
    assert [q["id"] for q in board["questions"]] == ["q1"]
    # an idea with a position off the grid keeps its text and waits to be placed again
    assert [(i["id"], i["impact"]) for i in board["ideas"]] == [("i5", 8), ("i6", None)]
    assert board["votes"] == {"小王": ["i5"]} and board["per_person"] == hmw.VOTES_PER_PERSON
    with pytest.raises(CXError):
        hmw.clean("not a board")
