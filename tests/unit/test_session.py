"""Who is learning on a page: named by the URL, or asked, with nothing done before lost."""

from __future__ import annotations

import pytest

from cxwidgets.errors import CXError
from cxwidgets.lesson import Header
from cxwidgets.session import start_session
from cxwidgets.workbook import Workbook

pytestmark = pytest.mark.usefixtures("chinese")  # tests/unit/conftest.py


def test_a_page_without_learner_is_anonymous_and_writes_no_shared_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    session = start_session("03", params={})
    assert session.anonymous
    session.workbook.set("03/x", {"a": 1})
    session.workbook.flush()
    assert list(tmp_path.iterdir()) == []  # nothing lands in the class's workbook folder


def test_naming_the_learner_carries_earlier_work_without_overwriting(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    existing = Workbook("王芳")
    existing.set("03/kept", {"mine": True})
    existing.flush()
    session = start_session("03", params={})
    session.workbook.set("03/new", {"typed": "before naming"}, done=True)
    session.workbook.set("03/kept", {"mine": False})
    session.switch_learner("王芳")
    assert not session.anonymous and session.learner == "王芳"
    again = Workbook("王芳")
    assert again.get("03/new") == {"typed": "before naming"} and again.is_done("03/new")
    assert again.get("03/kept") == {"mine": True}


def test_a_bad_name_in_the_url_opens_anonymous_with_a_notice(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    session = start_session("03", params={"learner": "../etc"})
    assert session.anonymous
    assert [n.key for n in session.notices] == ["common.error.name_chars"]


def test_header_prompt_asks_then_names_the_learner(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    session = start_session("03", params={"lang": "en"})
    header = Header(session, "03")
    assert header.who.widget.layout.display != "none"
    assert header.browser.learner == ""
    header.who.name.submit("a/b")
    assert header.who.message.kind == "error" and session.anonymous
    header.who.name.submit("Group 3")
    assert not session.anonymous and session.learner == "Group 3"
    assert header.who.widget.layout.display == "none"
    assert header.browser.learner == "Group 3"
    assert "Group 3" in header.learner_label.value


def test_named_page_shows_no_prompt(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    session = start_session("03", params={"learner": "li"})
    header = Header(session, "03")
    assert header.who.widget.layout.display == "none"
    with pytest.raises(CXError):
        session.switch_learner("")


def test_name_field_validates_its_traits_and_submits():
    import traitlets

    from cxwidgets.widgets.name_field import NameField

    field = NameField(name="who", button_class="cx-who-apply")
    got = []
    field.on_submit(got.append)
    field._handle(field, {"event": "submit", "value": "王芳"}, [])
    field._handle(field, {"event": "other"}, [])
    assert got == ["王芳"]
    with pytest.raises(traitlets.TraitError):
        NameField(name="two words")


def test_home_switches_learner_through_the_name_box(tmp_path, monkeypatch):
    from cxwidgets.widgets.home import CourseHome

    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    session = start_session("00", params={"learner": "amy"})
    home = CourseHome(session)
    home.name.submit("../x")
    assert home.message.kind == "error" and session.learner == "amy"
    home.name.submit("Bo Li")
    assert session.learner == "Bo Li" and home.name.value == "Bo Li"
    assert home.message.kind == "success"
