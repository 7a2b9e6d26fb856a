"""Lecture 06 exercises driven as the browser does: E-MOT picker, how-might-we board, concepts."""

from __future__ import annotations

import json
import threading

import pytest

from cxwidgets import emot, i18n, screening
from cxwidgets.reports import l06
from cxwidgets.session import start_session
from cxwidgets.widgets.emot import Concepts, EmotPicker, HmwExercise
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    # the sample NPS table instead of lecture 08's survey analysis; background work at once
    monkeypatch.setattr(emot, "nps_impact", lambda sections: (emot.sample_impact(), "sample"))
    monkeypatch.setattr(EmotPicker, "background",
                        lambda self, work, then, busy=None: then(work()))
    made = start_session("06", params={"learner": "unit", "lang": "zh-CN"})
    made.workbook.debounce = 60  # typed text waits for an explicit flush in these tests
    yield made
    made.workbook.flush()
    i18n.set_language("zh-CN")


def saved(session, section):
    session.workbook.flush()
    document = json.loads(session.workbook.path.read_text("utf-8"))
    return document["sections"][section]


def key_of(exercise):
    current = exercise.message._current
    return current[1] if current else None


def button(exercise, css):
    found = []

    def walk(widget):
        if css in getattr(widget, "_dom_classes", ()):
            found.append(widget)
        for child in getattr(widget, "children", ()) or ():
            walk(child)

    walk(exercise.widget)
    (widget,) = found
    return widget


# ----------------------------------------------------------------------------- exercise 1
def test_picker_scores_weights_and_choice(session):
    picker = EmotPicker(session)
    assert "cx-emot-chosen" not in picker.table.value
    assert "t7" not in picker.state["chosen"]
    user_sets(picker.weight_boxes["reach"], 0)
    assert picker.state["weights"]["reach"] == 0
    for code in emot.CRITERIA:
        if code != "emotion":
            user_sets(picker.weight_boxes[code], 0)
    user_sets(picker.weight_boxes["emotion"], 0)  # all zero: refused, the last weight stays
    assert key_of(picker) == "emot.error.weights_zero"
    assert picker.state["weights"]["emotion"] == 20
    user_clicks(button(picker, "cx-emot-reset-weights"))
    assert picker.state["weights"] == emot.DEFAULT_WEIGHTS
    user_sets(picker.focus, "t13")
    assert picker.pain.value is True and picker.reach.value == 30
    user_sets(picker.pick, True)
    user_sets(picker.reason, "报修要层层按键")
    user_sets(picker.reach, 45)
    user_sets(picker.memory, True)
    assert picker.state["chosen"] == ["t13"]
    assert picker.state["tags"]["t13"] == {"pain": True, "memory": True}
    assert picker.is_done()
    stored = saved(session, "06/emot")
    assert stored["done"] is True
    assert stored["value"]["items"][0]["touchpoint"] == "t13"
    assert stored["value"]["reach"] == {"t13": 45}
    assert emot.chosen(session.workbook.sections()) == [
        {"touchpoint": "t13", "name": "报修热线层层按键、重复报号码", "reason": "报修要层层按键",
         "source": "learner"}]
    assert "cx-emot-chosen" in picker.table.value


def test_picker_suggestions_limit_and_reload(session, reopen):
    picker = EmotPicker(session)
    user_clicks(button(picker, "cx-emot-suggest"))
    assert picker.state["chosen"] == ["t7", "t10", "t13"]
    assert not picker.is_done()  # no reasons yet
    for tp in ("t1", "t4"):
        user_sets(picker.focus, tp)
        user_sets(picker.pick, True)
    user_sets(picker.focus, "t5")
    user_sets(picker.pick, True)
    assert key_of(picker) == "emot.error.too_many"
    assert len(picker.state["chosen"]) == emot.MAX_CHOSEN
    again = EmotPicker(reopen(session))
    assert again.state["chosen"] == picker.state["chosen"]


def test_picker_uses_the_learners_journey(session):
    own = {"stages": [{"id": "s1", "name": "到店", "touchpoints": [
        {"id": "x1", "name": "排队取号", "tag": "pain"}, {"id": "x2", "name": "柜员微笑"}]}],
        "curves": [{"id": "c1", "name": "现在", "values": {"x1": -3, "x2": 2}}]}
    session.workbook.set("04/journey", own)
    picker = EmotPicker(session)
    assert list(dict(picker.focus.options).values()) == ["x1", "x2"]
    assert "排队取号" in picker.table.value
    assert "第 04 讲画的旅程" in picker.source.value


def test_picker_load_damage_language_and_close(session):
    picker = EmotPicker(session)
    picker.load({"weights": {"emotion": -5}, "chosen": ["t3", "t3"], "reasons": {"t3": "x"},
                 "reach": {"t3": "bad", "t4": 250}, "tags": "junk"})
    assert picker.state["weights"] == emot.DEFAULT_WEIGHTS
    assert picker.state["chosen"] == ["t3"] and picker.state["reach"] == {"t4": 100}
    picker.load("garbage")
    assert picker.state == picker.initial_state() and key_of(picker) == "common.exercise.bad_state"
    i18n.set_language("en")
    assert picker.weight_boxes["nps"].description == "NPS impact"
    assert "Queue at the shop" in picker.table.value or "Installer" in picker.table.value
    i18n.set_language("zh-CN")
    before = i18n.listener_count()
    other = EmotPicker()
    assert i18n.listener_count() > before
    close_tree(other.widget)
    assert i18n.listener_count() == before


def test_picker_reads_drivers_in_the_background(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    release = threading.Event()

    def slow(sections):
        release.wait(10)
        return {"t1": 1.0}, "drivers"

    monkeypatch.setattr(emot, "nps_impact", slow)
    picker = EmotPicker(start_session("06", params={"learner": "bg", "lang": "zh-CN"}))
    assert picker.impact()[1] == "loading"  # the first draw did not wait
    assert "正在读取" in picker.source.value
    release.set()
    for _ in range(1000):
        if picker.impact()[1] == "drivers":
            break
        threading.Event().wait(0.01)
    assert picker.impact() == ({"t1": 1.0}, "drivers")


# ----------------------------------------------------------------------------- exercise 2
def build_board(session):
    board = HmwExercise(session)
    user_sets(board.touchpoint, "t13")
    user_clicks(button(board, "cx-hmw-add-touchpoint"))
    user_sets(board.pain_text, "装机改约太随意")
    user_clicks(button(board, "cx-hmw-add-pain"))
    user_sets(board.pain, "p1")
    user_sets(board.pattern, "remove_bad")
    user_clicks(button(board, "cx-hmw-use-prompt"))
    user_clicks(button(board, "cx-hmw-add-question"))
    for text in ("来电自动识别账号", "App 一键报修"):
        user_sets(board.idea_text, text)
        user_clicks(button(board, "cx-hmw-add-idea"))
    return board


def test_board_from_pain_to_grid(session, reopen):
    board = build_board(session)
    assert [p["text"] for p in board.state["pains"]] == ["报修热线层层按键、重复报号码", "装机改约太随意"]
    assert board.state["questions"][0]["text"] == "我们可以怎样彻底去掉“报修热线层层按键、重复报号码”带来的麻烦？"
    assert [i["question"] for i in board.state["ideas"]] == ["q1", "q1"]
    notes = board.board.notes
    assert [n["text"] for n in notes] == ["来电自动识别账号", "App 一键报修"]
    assert notes[0]["label"] == "点子：来电自动识别账号，0 票，未放到矩阵上"
    # the browser: a vote (the voter defaults to the page's learner) and a drop on the grid
    board.board._handle_custom_msg({"action": "vote", "id": "i1"}, [])
    board.board._handle_custom_msg({"action": "place", "id": "i1", "impact": 8, "effort": 2}, [])
    assert board.state["votes"] == {"unit": ["i1"]}
    assert board.board.notes[0]["quadrant"] == "quick_win"
    assert board.board.notes[0]["mine"] is True
    assert "还剩 2 票" in board.votes_line.value
    assert board.is_done()
    # a refused drop keeps the note where it was
    board.board._handle_custom_msg({"action": "place", "id": "i1", "impact": 99, "effort": 2}, [])
    assert key_of(board) == "hmw.error.grid"
    assert board.state["ideas"][0]["impact"] == 8
    # other voters: a fixed number each
    user_sets(board.person, "小李")
    for idea in ("i1", "i2"):
        board.board._handle_custom_msg({"action": "vote", "id": idea}, [])
    assert board.state["votes"]["小李"] == ["i1", "i2"]
    again = HmwExercise(reopen(session))
    assert again.state["ideas"] == board.state["ideas"]
    assert again.state["votes"] == board.state["votes"]
    assert saved(session, "06/hmw")["done"] is True


def test_board_pains_follow_the_chosen_emots(session):
    picker = EmotPicker(session)
    board = HmwExercise(session)
    assert dict(board.touchpoint.options).get("营业厅排队办理") == "t4"
    user_sets(picker.focus, "t16")
    user_sets(picker.pick, True)
    assert board.touchpoint.options[0] == ("线上确认续约", "t16")


def test_board_errors_keep_the_state(session):
    board = HmwExercise(session)
    user_clicks(button(board, "cx-hmw-add-pain"))
    assert key_of(board) == "hmw.error.empty"
    user_clicks(button(board, "cx-hmw-add-question"))
    assert key_of(board) == "hmw.error.no_pain"
    board.load({"pains": "x", "ideas": [{"text": "留下"}], "draft_idea": "半句"})
    assert [i["text"] for i in board.state["ideas"]] == ["留下"]
    assert board.idea_text.value == "半句"
    i18n.set_language("en")
    assert board.board.texts["quick_win"] == "Quick wins: high impact, low effort"
    i18n.set_language("zh-CN")
    before = i18n.listener_count()
    other = HmwExercise()
    close_tree(other.widget)
    assert i18n.listener_count() == before


# ----------------------------------------------------------------------------- exercises 3-4
def test_weights_total_90_refused_100_accepted(session, reopen):
    concepts = Concepts(session)
    user_sets(concepts.weight_boxes["pain_relief"], 20)  # 20+20+20+15+15 = 90
    assert "90 / 100" in concepts.total.value
    user_clicks(button(concepts, "cx-screen-apply"))
    assert key_of(concepts) == "screening.error.weights_total"
    assert concepts.state["weights"] == screening.DEFAULT_WEIGHTS
    assert concepts.state["draft"]["pain_relief"] == 20  # what was typed is kept
    user_sets(concepts.weight_boxes["memorable"], 30)
    user_clicks(button(concepts, "cx-screen-apply"))
    assert key_of(concepts) == "screening.weights_applied"
    assert concepts.state["weights"] == {"pain_relief": 20, "memorable": 30, "feasibility": 20,
                                         "cost": 15, "speed": 15}
    again = Concepts(reopen(session))
    assert again.state["weights"] == concepts.state["weights"]


def test_screen_rate_decide_and_survive(session):
    concepts = Concepts(session)
    user_sets(concepts.focus, "k1")
    user_sets(concepts.marks["pain_relief"], "+")
    user_sets(concepts.marks["cost"], "-")
    for code, value in zip(screening.CRITERIA, (5, 4, 3, 2, 4), strict=True):
        user_sets(concepts.rates[code], value)
    user_sets(concepts.decision, "continue")
    # (30*5 + 20*4 + 20*3 + 15*2 + 15*4) / 100 = 3.8 against 3.00 for the others
    assert "3.80" in concepts.scores.value
    user_sets(concepts.survivor, "k1")
    assert concepts.is_done()
    value = saved(session, "06/concepts")["value"]
    assert value["results"]["k1"]["rank"] == 1 and value["results"]["k1"]["p_first"] == 1.0
    assert screening.survivor(session.workbook.sections())["score"] == pytest.approx(3.8)
    user_sets(concepts.focus, "ref")
    user_sets(concepts.marks["cost"], "+")
    assert key_of(concepts) == "screening.error.mark_reference"
    user_clicks(button(concepts, "cx-screen-remove"))
    assert key_of(concepts) == "screening.error.remove_reference"
    user_sets(concepts.focus, "k1")
    user_sets(concepts.decision, "drop")
    assert concepts.state["survivor"] is None


def test_concepts_add_edit_and_damage(session):
    concepts = Concepts(session)
    user_clicks(button(concepts, "cx-screen-add"))
    assert concepts.state["focus"] == "c1"
    user_sets(concepts.concept_name, "夜间上门")
    user_sets(concepts.description, "描" * 500)
    assert key_of(concepts) == "emot.text_cut"
    assert len(concepts.state["concepts"][-1]["description"]) == 400
    concepts.load({"concepts": [{"id": "only"}]})
    assert key_of(concepts) == "common.exercise.bad_state"
    assert concepts.state == concepts.initial_state()
    i18n.set_language("en")
    assert concepts.marks["cost"].options[0] == ["+ better", "+"]
    assert dict((v, k) for k, v in concepts.focus.options)["k1"] == "One-tap video fault report"
    i18n.set_language("zh-CN")


def test_report_section_in_both_languages(session):
    picker = EmotPicker(session)
    user_sets(picker.focus, "t13")
    user_sets(picker.pick, True)
    build_board(session)
    concepts = Concepts(session)
    user_sets(concepts.survivor, "k2")
    data = json.loads(session.workbook.to_json()) if hasattr(session.workbook, "to_json") else None
    data = data or {"sections": session.workbook.sections()}
    zh = l06.section(data, "zh-CN")
    en = l06.section(data, "en")
    assert "我的 E-MOT" in zh and "报修热线层层按键" in zh and "<svg" in zh
    assert "来电自动识别账号" in zh and "胜出方案：来电免报号直达专席" in zh
    assert "Surviving concept: No-number hotline straight to an agent" in en
    assert l06.section({"sections": {}}, "zh-CN") is None


def test_board_widget_validates_notes_and_ignores_unknown_messages():
    import traitlets

    from cxwidgets.widgets.emot import HmwBoard

    widget = HmwBoard()
    with pytest.raises(traitlets.TraitError):
        widget.notes = [{"id": "i1"}]
    heard = []
    widget.on_action = heard.append
    widget._handle_custom_msg({"action": "explode", "id": "i1"}, [])
    widget._handle_custom_msg({"action": "park", "id": "i1"}, [])
    assert heard == [{"action": "park", "id": "i1"}]
    assert widget.texts["grid"] == "影响/投入矩阵" and widget.config == {"max": 10, "high": 5}
    widget.close()
