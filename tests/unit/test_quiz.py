"""The shared sorting quiz: feedback, score, the solution lock, restart, reload, languages."""

from __future__ import annotations

import pytest

from cxwidgets import i18n
from cxwidgets.errors import CXError
from cxwidgets.session import start_session
from cxwidgets.widgets import quiz
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets

# Any catalogue keys do as the texts of a test quiz; what matters is that they are translated.
SPEC = quiz.QuizSpec(
    items=(
        quiz.QuizItem("a", "quiz.check", "x", "quiz.restart"),
        quiz.QuizItem("b", "quiz.restart.confirm", "y", "quiz.restarted"),
        quiz.QuizItem("c", "quiz.restart.no", 3, "quiz.check_nothing"),
    ),
    choices=(
        quiz.QuizChoice("x", "quiz.restart.yes"),
        quiz.QuizChoice("y", "quiz.restart.no"),
        quiz.QuizChoice(3, "quiz.check"),
    ),
)


class Demo(quiz.SortingQuiz):
    section = "99/quiz"
    title_key = "quiz.check"
    name = "demo-quiz"
    css = "cx-demo"

    def spec(self):
        return SPEC


class Checked(Demo):
    section = "99/quiz_checked"
    feedback = "check"


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    made = start_session("99", params={"learner": "unit", "lang": "zh-CN"})
    yield made
    i18n.set_language("zh-CN")


def row(exercise, code):
    return next(r for r in exercise.rows if r.item.code == code)


def test_immediate_feedback_and_score(session):
    exercise = Demo(session)
    user_sets(row(exercise, "a").choice, "x")
    user_sets(row(exercise, "b").choice, 3)
    assert exercise.state["answers"] == {"a": "x", "b": 3}
    right = row(exercise, "a").feedback.value
    assert 'data-correct="1"' in right and "✓" in right and "重新开始" in right  # why of "a"
    wrong = row(exercise, "b").feedback.value
    assert 'data-correct="0"' in wrong and "✗" in wrong
    assert "取消" in wrong and "已清空，可以重新作答。" in wrong  # the right choice and why
    assert row(exercise, "c").feedback.value == ""
    assert exercise.score_line.value == "答对 1 条，已答 2/3 条"
    saved = session.workbook.get("99/quiz")
    assert saved["answers"] == {"a": "x", "b": 3}
    assert saved["score"] == {"right": 1, "answered": 2, "total": 3}
    assert exercise.is_done() is False
    user_sets(row(exercise, "c").choice, 3)
    assert exercise.is_done() is True


def test_check_mode_shows_feedback_only_after_checking(session):
    exercise = Checked(session)
    user_clicks(exercise.check_button)
    assert exercise.message.kind == "info"  # nothing to check yet
    user_sets(row(exercise, "a").choice, "y")
    assert row(exercise, "a").feedback.value == ""
    assert exercise.score_line.value == "已答 1/3 条"
    user_clicks(exercise.check_button)
    assert 'data-correct="0"' in row(exercise, "a").feedback.value
    assert exercise.score_line.value == "答对 0 条，已答 1/3 条"
    user_sets(row(exercise, "a").choice, "x")  # a change hides the feedback until checked again
    assert exercise.state["checked"] is False
    assert row(exercise, "a").feedback.value == ""


def test_opening_the_solution_locks_the_answers(session):
    exercise = Demo(session)
    user_sets(row(exercise, "a").choice, "y")
    user_clicks(exercise.solution_button)
    assert exercise.state["solution"] is True
    assert session.workbook.get("99/quiz")["solution"] is True
    for r in exercise.rows:
        assert r.choice.disabled is True
        assert r.choice.correct == r.item.answer
    # the unanswered items show their answer too
    assert 'data-correct=""' in row(exercise, "b").feedback.value
    assert exercise.locked_note.layout.display != "none"
    assert exercise.solution_button.layout.display == "none"
    # a change coming from the browser is refused with a message; the score does not rise
    user_sets(row(exercise, "a").choice, "x")
    assert exercise.message.kind == "error"
    assert exercise.state["answers"] == {"a": "y"}
    assert row(exercise, "a").choice.value == "y"  # the radio group is put back
    assert session.workbook.get("99/quiz")["score"]["right"] == 0
    with pytest.raises(CXError) as info:
        exercise.choose("b", "y")
    assert info.value.key == "quiz.error.locked"


def test_the_lock_survives_a_reload(session):
    exercise = Demo(session)
    user_sets(row(exercise, "a").choice, "y")
    user_clicks(exercise.solution_button)
    session.workbook.flush()
    again = Demo(session)
    assert again.locked and again.state["answers"] == {"a": "y"}
    assert row(again, "a").choice.disabled is True
    other = Demo()
    other.load({"answers": {"a": "x"}, "solution": True})
    assert other.locked and row(other, "b").choice.disabled is True


def test_start_again_clears_answers_and_lock(session):
    exercise = Demo(session)
    assert exercise.restart_button.layout.display == "none"  # nothing to clear yet
    user_sets(row(exercise, "a").choice, "y")
    user_clicks(exercise.solution_button)
    user_clicks(exercise.restart_button)
    assert exercise.confirm.layout.display != "none"
    assert exercise.locked  # asking does not clear anything
    no = exercise.confirm.children[2]
    user_clicks(no)
    assert exercise.confirm.layout.display == "none" and exercise.locked
    user_clicks(exercise.restart_button)
    yes = exercise.confirm.children[1]
    user_clicks(yes)
    assert exercise.state == {"answers": {}, "checked": False, "solution": False}
    assert session.workbook.get("99/quiz")["solution"] is False
    assert exercise.message.kind == "success"
    assert row(exercise, "a").choice.disabled is False
    user_sets(row(exercise, "a").choice, "x")
    assert exercise.state["answers"] == {"a": "x"}


def test_damaged_stored_values_are_cleaned():
    exercise = Demo()
    exercise.load({"answers": {"a": "x", "b": "nope", "c": True, "zz": "x"}, "solution": "yes"})
    assert exercise.state == {"answers": {"a": "x"}, "checked": False, "solution": False}
    assert row(exercise, "a").choice.value == "x"
    exercise.load(["not", "a", "dict"])
    assert exercise.state == exercise.initial_state()
    exercise.load({"answers": {"c": 3}})
    assert row(exercise, "c").choice.value == 3


def test_an_unknown_choice_from_the_browser_is_refused(session):
    exercise = Demo(session)
    user_sets(row(exercise, "a").choice, "nope")
    assert exercise.message.kind == "error"
    assert exercise.state["answers"] == {}
    assert row(exercise, "a").choice.value is None


def test_language_switch_relabels_choices_and_aria_labels(session):
    exercise = Demo(session)
    user_sets(row(exercise, "a").choice, "x")
    first = row(exercise, "a")
    assert first.choice.label == "检查答案"
    assert first.choice.options[0] == ["清空并重新开始", "x"]
    i18n.set_language("en")
    assert first.choice.label == "Check my answers"
    assert first.choice.options[0] == ["Clear and start again", "x"]
    assert first.choice.value == "x"
    assert "Start again" in first.feedback.value
    assert exercise.score_line.value == "1 right, 1/3 answered"


def test_closing_frees_the_listeners():
    before = i18n.listener_count()
    exercise = Demo()
    assert i18n.listener_count() > before
    close_tree(exercise.widget)
    assert i18n.listener_count() == before


def test_spec_validation_and_records():
    with pytest.raises(ValueError):
        quiz.QuizSpec(items=(quiz.QuizItem("a", "k", "nope", "w"),),
                      choices=(quiz.QuizChoice("x", "l"),))
    with pytest.raises(ValueError):
        quiz.QuizSpec(items=(quiz.QuizItem("a", "k", "x", "w"), quiz.QuizItem("a", "k", "x", "w")),
                      choices=(quiz.QuizChoice("x", "l"),))
    spec = quiz.spec_from_records(
        [{"code": "a", "text": "t.a", "gap": 2, "why": "w.a"}],
        [{"code": 1, "label": "l.1"}, {"code": 2, "label": "l.2"}],
        answer="gap",
    )
    assert spec.items == (quiz.QuizItem("a", "t.a", 2, "w.a"),)
    assert spec.choice_codes() == (1, 2)
    templated = quiz.spec_from_records(
        [{"id": "m1", "dimension": "d"}], [{"code": "d"}], answer="dimension", code="id",
        text_key="x.moment.{id}.text", why_key="x.moment.{id}.why", label_key="x.dim.{code}",
    )
    assert templated.items == (quiz.QuizItem("m1", "x.moment.m1.text", "d", "x.moment.m1.why"),)
    assert templated.choices == (quiz.QuizChoice("d", "x.dim.d"),)


def test_choice_groups_are_named_radio_groups():
    from pathlib import Path

    source = Path(quiz.__file__).resolve().parents[1] / "static" / "choice_group.js"
    script = source.read_text(encoding="utf-8")
    assert 'setAttribute("role", "radiogroup")' in script
    assert 'setAttribute("role", "radio")' in script
    assert '"aria-label"' in script and '"aria-checked"' in script
