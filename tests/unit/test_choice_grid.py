"""The ChoiceGrid anywidget: validated traits, learner changes through the toolkit, and the
widget models a questionnaire costs."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
import traitlets

from cxwidgets import i18n
from cxwidgets.widgets.choice_grid import ChoiceGrid
from cxwidgets.widgets.exercise import close_tree, on_user_change, user_sets
from cxwidgets.widgets.kano import Questionnaire
from cxwidgets.widgets.servqual import Questionnaire as ServqualQuestionnaire
from cxwidgets.widgets.tiers import ManScoring

GROUPS = [
    {"key": "f", "kind": "radio", "label": "Q1", "css": "cx-q1",
     "options": [["one", 1], ["two", 2, "tip"]]},
    {"key": "m", "kind": "check", "label": "money", "css": "cx-m"},
]
ROWS = [{"id": "a", "label": "<b>A</b>", "css": ["cx-row-a"]}, {"id": "b", "label": "B"}]


@pytest.fixture
def grid() -> ChoiceGrid:
    return ChoiceGrid(groups=GROUPS, rows=ROWS)


def _message(info: pytest.ExceptionInfo) -> str:
    return str(info.value)


@pytest.mark.parametrize(
    ("groups", "words"),
    [
        ([{"kind": "radio", "options": [["x", 1]]}], "'key'"),
        ([{"key": "f", "kind": "slider"}], "kind must be one of"),
        ([{"key": "f", "kind": "radio", "options": []}], "non-empty 'options'"),
        ([{"key": "f", "kind": "radio", "options": [["x", 1], ["y", 1]]}], "unique"),
        ([{"key": "f", "kind": "radio", "options": ["x"]}], "[label, code]"),
        ([{"key": "f", "kind": "check"}, {"key": "f", "kind": "check"}], "used twice"),
        (["f"], "must be a dict"),
    ],
)
def test_bad_groups_are_refused_with_a_clear_message(groups, words) -> None:
    with pytest.raises(traitlets.TraitError) as info:
        ChoiceGrid(groups=groups)
    assert words in _message(info)


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([{"label": "x"}], "'id'"),
        ([{"id": "a"}, {"id": "a"}], "used twice"),
        ([{"id": "a", "css": "cx-x"}], "list of class names"),
        ([{"id": "a", "result": 3}], "'result' must be a string"),
    ],
)
def test_bad_rows_are_refused_with_a_clear_message(rows, words) -> None:
    with pytest.raises(traitlets.TraitError) as info:
        ChoiceGrid(rows=rows)
    assert words in _message(info)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"z": {"f": 1}}, "unknown row 'z'"),
        ({"a": {"q": 1}}, "unknown question 'q'"),
        ({"a": {"f": 3}}, "3 is not one of the options [1, 2]"),
        ({"a": {"m": 1}}, "True or False"),
        ({"a": [1]}, "must be a dict of answers"),
    ],
)
def test_bad_values_are_refused_and_the_value_stays(grid, value, words) -> None:
    grid.value = {"a": {"f": 2, "m": True}}
    with pytest.raises(traitlets.TraitError) as info:
        grid.value = value
    assert words in _message(info)
    assert grid.value == {"a": {"f": 2, "m": True}}


def test_answers_read_back_and_none_is_unanswered(grid) -> None:
    grid.value = {"a": {"f": None, "m": False}, "b": {"f": 1}}
    assert grid.answer("a", "f") is None
    assert grid.answer("b", "f") == 1
    assert grid.answer("b", "m", False) is False


def test_only_browser_changes_reach_the_exercise(grid) -> None:
    seen = []
    stop = on_user_change(grid, seen.append)
    grid.value = {"a": {"f": 1}}  # the kernel drawing
    assert seen == []
    user_sets(grid, {"a": {"f": 2}})  # as the browser sends a click
    assert seen == [{"a": {"f": 2}}]
    stop()


def test_an_answer_message_is_a_learner_change_of_one_answer(grid) -> None:
    seen = []
    stop = on_user_change(grid, seen.append)
    grid.value = {"a": {"f": 1, "m": True}}
    grid.receive("b", "f", 2)
    assert seen == [{"a": {"f": 1, "m": True}, "b": {"f": 2}}]
    grid.receive("a", "m", False)
    assert grid.value == {"a": {"f": 1, "m": False}, "b": {"f": 2}}
    stop()


def test_every_answer_message_is_acknowledged_after_the_new_value(grid, monkeypatch) -> None:
    sent = []
    monkeypatch.setattr(grid, "send", lambda content: sent.append((content, grid.value)))
    grid._handle_custom_msg({"event": "answer", "row": "a", "key": "f", "answer": 2, "seq": 7}, [])
    grid._handle_custom_msg({"event": "answer", "row": "a", "key": "f", "answer": 9, "seq": 8}, [])
    assert sent == [({"event": "ack", "seq": 7}, {"a": {"f": 2}}),
                    ({"event": "ack", "seq": 8}, {"a": {"f": 2}})]  # refused, still answered


def test_a_refused_answer_changes_nothing(grid, caplog) -> None:
    grid.value = {"a": {"f": 1}}
    grid.receive("a", "f", 9)  # not an option
    grid.receive("zz", "f", 1)  # no such row
    grid.receive("a", "m", "yes")  # a check box is a bool
    assert grid.value == {"a": {"f": 1}}
    assert "answer refused" in caplog.text


def test_a_late_answer_does_not_bring_back_cleared_ratings(tmp_path, monkeypatch) -> None:
    """SERVQUAL: "clear all" then an answer that was sent before it arrived."""
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    questionnaire = ServqualQuestionnaire()
    questionnaire.grid.receive("2", "e", 5)
    questionnaire.clear_all()
    questionnaire.grid.receive("9", "p", 2)
    assert questionnaire.answers == {"9": [None, 2]}
    close_tree(questionnaire.widget)


def _models_built(factory) -> int:
    before = set(widgets.widget._instances)
    made = factory()
    count = len(set(widgets.widget._instances) - before)
    close_tree(made.widget)
    return count


def test_the_questionnaires_are_lean(tmp_path, monkeypatch) -> None:
    """Ten KANO features, 22 SERVQUAL items and 7 MAN prospects each cost one grid model."""
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    i18n.set_language("zh-CN")
    grids_before = sum(isinstance(w, ChoiceGrid) for w in widgets.widget._instances.values())
    kano = _models_built(Questionnaire)
    servqual = _models_built(ServqualQuestionnaire)
    man = _models_built(ManScoring)
    # With a ToggleButtons or Checkbox (+ Style + Layout) per question and boxes per row,
    # these cards built 170, 308 and 224 models; the rest of each card stays.
    assert kano <= 40
    assert servqual <= 60
    assert man <= 20
    grids_after = sum(isinstance(w, ChoiceGrid) for w in widgets.widget._instances.values())
    assert grids_after == grids_before  # closed with their cards
