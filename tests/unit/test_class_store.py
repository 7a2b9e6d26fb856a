"""The class store on SQLite (WAL): claims, recovery, controls, rounds, concurrent writers."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from cxwidgets.classroom import store as S
from cxwidgets.errors import CXError

KEY_A = "a" * 32
KEY_B = "b" * 32


@pytest.fixture
def db(tmp_path):
    return S.ClassStore(tmp_path / "cx-class.sqlite3")


def test_the_database_is_in_wal_mode(db, tmp_path):
    db.create_class("03")
    mode = sqlite3.connect(tmp_path / "cx-class.sqlite3").execute("PRAGMA journal_mode").fetchone()
    assert mode[0] == "wal"


def test_a_class_has_a_short_unambiguous_code(db):
    info = db.create_class("03")
    assert len(info.code) == 6 and set(info.code) <= set(S.CODE_ALPHABET)
    assert not set(info.code) & set("01OIL")
    assert db.class_info(info.code).lecture == "03"
    assert db.latest_class().code == info.code
    assert S.clean_code(f" {info.code[:3].lower()}-{info.code[3:]} ") == info.code


def test_a_name_belongs_to_the_first_browser(db):
    code = db.create_class().code
    first = db.join(code, "张三", KEY_A)
    assert first.member.learner == f"{code}-张三" and not first.rejoined
    assert db.verify(first.member.learner, KEY_A)
    with pytest.raises(CXError) as taken:
        db.join(code, " 张三 ", KEY_B)  # another device, the same name
    assert taken.value.key == "live.error.name_taken"
    assert not db.verify(first.member.learner, KEY_B)
    again = db.join(code, "张三", KEY_A)  # the same browser after a reload
    assert again.rejoined and again.member.learner == first.member.learner
    assert again.recovery != first.recovery


def test_names_are_unique_ignoring_case_and_spaces(db):
    code = db.create_class().code
    db.join(code, "Zhang San", KEY_A)
    with pytest.raises(CXError) as taken:
        db.join(code, "zhang  SAN", KEY_B)
    assert taken.value.key == "live.error.name_taken"


def test_the_recovery_code_moves_a_learner_to_a_new_device(db):
    code = db.create_class().code
    joined = db.join(code, "李四", KEY_A)
    with pytest.raises(CXError) as wrong:
        db.recover(code, "李四", "AAAA-BBBB-CCCC-DDDD", KEY_B)
    assert wrong.value.key == "live.error.recovery"
    moved = db.recover(code, "李四", joined.recovery.lower().replace("-", " "), KEY_B)
    assert moved.member.learner == joined.member.learner
    assert db.verify(joined.member.learner, KEY_B) and not db.verify(joined.member.learner, KEY_A)
    with pytest.raises(CXError):  # a used recovery code works once
        db.recover(code, "李四", joined.recovery, KEY_A)


@pytest.mark.parametrize(
    ("code", "name", "key", "error"),
    [
        ("ABCDEF", "王五", KEY_A, "live.error.no_class"),
        ("ABC", "王五", KEY_A, "live.error.code"),
        (None, "", KEY_A, "live.error.name_empty"),
        (None, "x" * 30, KEY_A, "live.error.name_long"),
        (None, "a/b", KEY_A, "common.error.name_chars"),
        (None, "王五", "short", "live.error.browser_key"),
    ],
)
def test_bad_joins_say_why(db, code, name, key, error):
    real = db.create_class().code
    with pytest.raises(CXError) as raised:
        db.join(code or real, name, key)
    assert raised.value.key == error


def test_a_closed_class_takes_no_one(db):
    code = db.create_class().code
    db.set_class(code, closed=True)
    with pytest.raises(CXError) as raised:
        db.join(code, "赵六", KEY_A)
    assert raised.value.key == "live.error.closed"
    assert db.latest_class() is None


def test_published_answers_rounds_and_hidden_entries(db):
    code = db.create_class("03").code
    a = db.join(code, "甲", KEY_A).member.learner
    b = db.join(code, "乙", KEY_B).member.learner
    db.publish(code, a, "03/kano_questionnaire", {"answers": {"x": [1, 5]}})
    db.publish(code, b, "03/kano_questionnaire", {"answers": {"x": [2, 5]}})
    db.publish(code, b, "04/journey", {"points": []})
    assert db.answers(code, "03") == {
        a: {"03/kano_questionnaire": {"answers": {"x": [1, 5]}}},
        b: {"03/kano_questionnaire": {"answers": {"x": [2, 5]}}},
    }
    assert set(db.answers(code)[b]) == {"03/kano_questionnaire", "04/journey"}
    db.publish(code, a, "03/kano_questionnaire", {"answers": {"x": [3, 3]}})  # an edit replaces
    assert db.answers(code, "03")[a]["03/kano_questionnaire"] == {"answers": {"x": [3, 3]}}

    control = db.set_control(code, "03/kano_questionnaire", new_round=True)
    assert control.round == 1
    assert db.answers(code, "03") == {}  # a new round: the dashboard starts empty
    db.publish(code, b, "03/kano_questionnaire", {"answers": {"x": [1, 1]}})
    assert list(db.answers(code, "03")) == [b]
    assert db.answers(code, "04") == {b: {"04/journey": {"points": []}}}  # other sections stay

    assert db.set_control(code, "03", revealed=True).revealed
    assert db.set_control(code, "03/kano_questionnaire", locked=True).locked
    assert db.controls(code)["03"].revealed and not db.controls(code)["03"].locked
    db.hide(code, b, "09/coach", "2")
    assert db.hidden(code) == {(b, "09/coach", "2")}
    db.hide(code, b, "09/coach", "2", hidden=False)
    assert db.hidden(code) == set()


def test_members_are_listed_with_their_connection(db):
    code = db.create_class().code
    a = db.join(code, "甲", KEY_A).member
    db.join(code, "乙", KEY_B)
    db.seen(a.learner, when=0.0)  # long ago
    members = db.members(code)
    assert [m.name for m in members] == ["甲", "乙"]
    assert [m.connected() for m in members] == [False, True]
    assert db.member_of(a.learner).code == code
    assert db.member_of("nobody") is None


def _publish_many(url: str, code: str, learner: str, count: int) -> None:
    store = S.ClassStore(url)
    for i in range(count):
        store.publish(code, learner, f"03/s{i % 5}", {"i": i, "who": learner})


def test_many_processes_publish_at_once_and_nothing_is_lost_or_mixed(db, tmp_path):
    code = db.create_class().code
    learners = [db.join(code, f"学员{i}", f"{i:02d}" * 16).member.learner for i in range(8)]
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_publish_many, args=(db.url, code, learner, 40))
        for learner in learners
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    answers = db.answers(code)
    assert set(answers) == set(learners)
    for learner in learners:
        assert set(answers[learner]) == {f"03/s{k}" for k in range(5)}
        assert all(value["who"] == learner for value in answers[learner].values())
        assert answers[learner]["03/s4"]["i"] == 39  # the last write of each section won
