"""Joining a class, the browser key on every page, recovery, publishing and locks (kernel side)."""

from __future__ import annotations

import pytest

from cxwidgets.classroom import store as class_store
from cxwidgets.classroom.link import ClassLink
from cxwidgets.errors import CXError
from cxwidgets.session import start_session
from cxwidgets.widgets.classroom.follow import apply_locks
from cxwidgets.widgets.classroom.identity import JoinPanel, KeyCheck
from cxwidgets.widgets.kano import QUESTIONNAIRE, Questionnaire

pytestmark = pytest.mark.usefixtures("chinese")

KEY_A = "a1" * 16
KEY_B = "b2" * 16


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    monkeypatch.delenv("CX_CLASS_DB", raising=False)
    class_store._STORES.clear()
    yield class_store.default_store()
    class_store._STORES.clear()


def send(widget, event: str, **content) -> None:
    widget._handle(widget, {"event": event, **content}, None)


def joined_home(store, code: str, name: str = "张三", key: str = KEY_A):
    session = start_session("00", params={"lang": "zh-CN"})
    panel = JoinPanel(session, code)
    send(panel.widget, "join", code=code.lower(), name=name, key=key)
    return session, panel


def test_joining_on_the_home_page_opens_the_members_workbook(store):
    code = store.create_class("03").code
    session, panel = joined_home(store, code)
    assert panel.widget.error == ""
    assert panel.widget.status == "joined"
    assert session.learner == f"{code}-张三" and not session.anonymous
    assert isinstance(session.classroom, ClassLink)
    assert len(panel.widget.recovery) == 19  # XXXX-XXXX-XXXX-XXXX
    assert "张三" in panel.widget.message
    session.leave_class()


def test_a_refused_join_keeps_what_was_typed_and_says_why(store):
    code = store.create_class().code
    first, _panel = joined_home(store, code)
    other = start_session("00", params={"lang": "zh-CN"})
    panel = JoinPanel(other, code)
    send(panel.widget, "join", code=code, name="张三", key=KEY_B)
    assert panel.widget._error.key == "live.error.name_taken"
    assert panel.widget.name == "张三" and panel.widget.code == code
    assert other.anonymous and other.classroom is None
    first.leave_class()


def test_a_members_page_opens_with_the_browsers_key_only(store):
    code = store.create_class("03").code
    home, _panel = joined_home(store, code)
    learner = home.learner
    home.leave_class()

    page = start_session("03", params={"learner": learner, "lang": "zh-CN"})
    assert page.claimed == learner and page.anonymous  # nothing opened before the key
    check = KeyCheck(page)
    send(check.widget, "key", key=KEY_A)
    assert check.widget.status == "ok"
    assert page.learner == learner and page.claimed is None
    assert page.classroom is not None
    page.leave_class()

    thief = start_session("03", params={"learner": learner, "lang": "zh-CN"})
    check = KeyCheck(thief)
    send(check.widget, "key", key=KEY_B)
    assert check.widget.status == "refused"
    assert check.widget.texts["refused"] and check.widget.error == ""
    assert thief.anonymous and thief.learner != learner
    with pytest.raises(CXError) as typed:  # typing the name in the "who is learning" box
        thief.switch_learner(learner)
    assert typed.value.key == "live.error.claimed"


def test_a_new_device_takes_the_name_over_with_the_recovery_code(store):
    code = store.create_class().code
    home, panel = joined_home(store, code)
    learner, recovery = home.learner, panel.widget.recovery
    home.leave_class()
    phone = start_session("03", params={"learner": learner, "lang": "zh-CN"})
    check = KeyCheck(phone)
    send(check.widget, "key", key=KEY_B)
    send(check.widget, "recover", recovery="WRONG-CODE", key=KEY_B)
    assert check.widget._error.key == "live.error.recovery"
    send(check.widget, "recover", recovery=recovery.lower(), key=KEY_B)
    assert check.widget.status == "recovered"
    assert phone.learner == learner and check.widget.recovery != recovery
    assert store.verify(learner, KEY_B) and not store.verify(learner, KEY_A)
    phone.leave_class()


def test_saves_are_published_and_a_locked_exercise_refuses_changes(store):
    code = store.create_class("03").code
    home, _panel = joined_home(store, code)
    home.leave_class()
    page = start_session("03", params={"learner": home.learner, "lang": "zh-CN"})
    send(KeyCheck(page).widget, "key", key=KEY_A)
    link = page.classroom
    exercise = Questionnaire(page)
    exercise.answer(0, 0, 1)
    exercise.answer(0, 1, 5)
    link.publish()
    published = store.answers(code, "03")[home.learner][QUESTIONNAIRE]
    assert published == page.workbook.get(QUESTIONNAIRE)

    store.set_control(code, QUESTIONNAIRE, locked=True)
    assert link.step() is True
    apply_locks(page)
    assert "cx-locked" in exercise.widget._dom_classes
    before = exercise.state
    exercise.answer(1, 0, 2)
    assert exercise.state == before
    assert exercise.message._current[1] == "live.locked"
    store.set_control(code, QUESTIONNAIRE, locked=False)
    link.step()
    apply_locks(page)
    assert "cx-locked" not in exercise.widget._dom_classes
    exercise.answer(1, 0, 2)
    assert exercise.state != before
    page.leave_class()


def test_pages_outside_any_class_never_create_a_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    monkeypatch.delenv("CX_CLASS_DB", raising=False)
    session = start_session("03", params={"learner": "自学者", "lang": "zh-CN"})
    assert session.claimed is None and session.classroom is None
    assert not (tmp_path / class_store.DB_NAME).exists()
