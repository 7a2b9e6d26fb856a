"""The browser's copy of the workbook and the workbook import: decisions and widgets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cxwidgets import backup, i18n
from cxwidgets.errors import CXError
from cxwidgets.session import Session, scratch_workbook
from cxwidgets.widgets import backup as backup_widgets
from cxwidgets.widgets.backup import PageBackup, WorkbookImport
from cxwidgets.workbook import SCHEMA_VERSION, Workbook

pytestmark = pytest.mark.usefixtures("chinese")

EARLY = "2026-01-01T08:00:00+00:00"
LATE = "2026-01-02T08:00:00+00:00"


def entry(value: Any, updated: str | None = EARLY, done: bool = False) -> dict[str, Any]:
    return {"value": value, "done": done, "updated": updated}


def document(learner: str = "ann", revision: int = 0, language: str | None = None,
             **sections: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "learner": learner,
        "language": language,
        "created": EARLY,
        "updated": EARLY,
        "revision": revision,
        "sections": {name.replace("_", "/", 1): value for name, value in sections.items()},
    }


# ------------------------------------------------------------------ restore decision
@pytest.mark.parametrize(
    ("server", "browser", "needed"),
    [
        ({"revision": 0, "sections": 0}, {"revision": 7, "sections": 3}, True),  # wiped server
        ({"revision": 2, "sections": 1}, {"revision": 7, "sections": 3}, True),  # older server
        ({"revision": 9, "sections": 0}, {"revision": 7, "sections": 3}, True),  # empty, newer
        ({"revision": 9, "sections": 2}, {"revision": 7, "sections": 3}, False),  # newer server
        ({"revision": 7, "sections": 3}, {"revision": 7, "sections": 3}, False),  # the same
        ({"revision": 3, "sections": 0}, {"revision": 2, "sections": 0}, False),  # nothing in it
        ({"revision": 0, "sections": 0}, {"revision": "7", "sections": 3}, False),  # damaged
        ({"revision": 0, "sections": 0}, {"revision": 7, "sections": None}, False),
        ({"revision": 0, "sections": 0}, {"revision": True, "sections": 1}, False),
    ],
)
def test_restore_is_needed_only_when_the_server_is_missing_or_older(server, browser, needed):
    assert backup.restore_needed(server, browser) is needed


def test_summary_counts_sections_and_reads_the_revision():
    doc = document(revision=4, **{"03_a": entry(1), "04_b": entry(2)})
    assert backup.summary(doc) == {"revision": 4, "sections": 2}
    assert backup.summary({"revision": "x", "sections": []}) == {"revision": 0, "sections": 0}


# ------------------------------------------------------------------ merging
def test_merge_adds_missing_sections_and_keeps_the_newer_of_each():
    server = document(
        revision=3,
        language="en",
        **{"03_both_server_newer": entry("server", LATE), "03_both_copy_newer": entry("server"),
           "03_tie": entry("server"), "03_only_server": entry("server")},
    )
    incoming = document(
        revision=8,
        language="zh-CN",
        **{"03_both_server_newer": entry("copy"), "03_both_copy_newer": entry("copy", LATE),
           "03_tie": entry("copy"), "03_only_copy": entry("copy", done=True)},
    )
    result = backup.merge(server, incoming)
    sections = result.document["sections"]
    assert result.added == ["03/only_copy"]
    assert result.replaced == ["03/both_copy_newer"]
    assert result.kept == ["03/both_server_newer", "03/tie"]
    assert {name: e["value"] for name, e in sections.items()} == {
        "03/both_server_newer": "server",
        "03/both_copy_newer": "copy",
        "03/tie": "server",
        "03/only_server": "server",
        "03/only_copy": "copy",
    }
    assert sections["03/only_copy"]["done"] is True
    assert result.document["language"] == "en"  # the server's choice stays
    assert result.document["revision"] == 8
    assert server["sections"]["03/tie"]["value"] == "server"  # inputs are not changed
    assert result.changed


def test_merge_takes_the_language_only_when_the_server_has_none_and_unknown_times_lose():
    server = document(**{"03_a": entry("server", updated=None)})
    incoming = document(language="en", **{"03_a": entry("copy", updated="yesterday")})
    result = backup.merge(server, incoming)
    assert result.kept == ["03/a"] and not result.changed
    assert result.document["language"] == "en"
    later = backup.merge(server, document(**{"03_a": entry("copy", "2026-01-01T09:00:00")}))
    assert later.replaced == ["03/a"]  # a time without zone counts as UTC


def test_replace_takes_every_section_of_the_file_and_keeps_the_server_revision():
    server = document(revision=5, language="en", **{"03_old": entry(1)})
    incoming = document(revision=40, language="zh-CN", **{"04_new": entry(2), "03_x": entry(3)})
    result = backup.replace(server, incoming)
    assert sorted(result.document["sections"]) == ["03/x", "04/new"]
    assert result.added == ["03/x", "04/new"] and result.replaced == [] and result.kept == []
    assert result.document["language"] == "en"
    assert result.document["revision"] == 5


def test_plan_restore_never_touches_a_newer_server_and_lifts_the_revision_above_the_copy():
    copy = document(revision=7, **{"03_a": entry("copy", LATE)})
    newer_server = document(revision=9, **{"03_b": entry("server")})
    assert backup.plan_restore(newer_server, copy) is None
    plan = backup.plan_restore(document(revision=0), copy)
    assert plan is not None and plan.added == ["03/a"]
    assert plan.document["revision"] == 7


# ------------------------------------------------------------------ reading copies and files
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("{not json", "backup.copy.damaged"),
        ("[1, 2]", "backup.copy.damaged"),
        ('{"schema": 1, "learner": "ann"}', "backup.copy.damaged"),
        ('{"schema": 1, "learner": "ann", "sections": []}', "backup.copy.damaged"),
        ('{"schema": 99, "learner": "ann", "sections": {}}', "backup.copy.newer"),
        ('{"schema": 1, "learner": "bob", "sections": {}}', "backup.copy.other_learner"),
        (None, "backup.copy.damaged"),
    ],
)
def test_a_bad_browser_copy_is_refused_with_its_reason(text, key):
    with pytest.raises(CXError) as caught:
        backup.parse_copy(text, "ann")
    assert caught.value.key == key


def test_a_good_browser_copy_is_validated():
    raw = document(revision=3, **{"03_a": entry([1, 5])})
    raw["sections"]["03/bad"] = "not an entry"
    parsed = backup.parse_copy(json.dumps(raw), "ann")
    assert parsed["revision"] == 3
    assert list(parsed["sections"]) == ["03/a"]  # the damaged section is dropped


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "backup.import.not_json"),
        ("学员,得分\n张三,3\n".encode("gbk"), "backup.import.not_json"),
        (b'{"feature": "speed"}', "backup.import.not_workbook"),
        (b'[{"sections": {}}]', "backup.import.not_workbook"),
        (b'{"schema": 7, "sections": {}}', "backup.import.newer"),
        (b" " * (backup.MAX_COPY_BYTES + 1), "backup.import.too_big"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_with_its_reason(content, key):
    with pytest.raises(CXError) as caught:
        backup.parse_workbook_file(content, "mine.json", "ann")
    assert caught.value.key == key


def test_an_older_workbook_file_is_migrated_and_a_bom_is_fine():
    old = {"learner": "bob", "sections": {"03/a": {"value": 1}}}  # before schema numbers
    imported = backup.parse_workbook_file(
        b"\xef\xbb\xbf" + json.dumps(old).encode(), "old.json", "ann"
    )
    assert imported.migrated_from == 0
    assert imported.learner == "bob"
    assert imported.document["schema"] == SCHEMA_VERSION
    assert imported.document["sections"]["03/a"] == {"value": 1, "done": False}
    current = backup.parse_workbook_file(json.dumps(document()).encode(), "new.json", "ann")
    assert current.migrated_from is None


# ------------------------------------------------------------------ writing into the workbook
def test_apply_document_writes_above_both_revisions_or_nothing(tmp_path: Path):
    workbook = Workbook("ann", directory=tmp_path, debounce=0)
    workbook.set("03/a", 1)
    seen: list[str] = []
    workbook.on_save(seen.append)
    assert workbook.apply_document(lambda _doc: None) is None
    assert seen == []
    written = workbook.apply_document(lambda doc: {**doc, "revision": 20})
    assert written is not None and written["revision"] == 21
    on_disk = json.loads(workbook.path.read_text(encoding="utf-8"))
    assert on_disk["revision"] == 21 and on_disk["sections"]["03/a"]["value"] == 1
    assert seen == ["saved"]
    workbook.set("03/b", 2)  # later saves go on from there
    assert json.loads(workbook.path.read_text(encoding="utf-8"))["revision"] == 22


def test_apply_document_leaves_a_read_only_workbook_alone(tmp_path: Path):
    path = tmp_path / "ann.json"
    path.write_text(json.dumps({"schema": 99, "learner": "ann", "sections": {}}), encoding="utf-8")
    workbook = Workbook("ann", directory=tmp_path)
    assert workbook.read_only
    assert workbook.apply_document(lambda doc: doc) is None
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == 99


# ------------------------------------------------------------------ the page's copy
class FakeExercise:
    section = "03/a"

    def __init__(self) -> None:
        self.loaded: list[Any] = []

    def load(self, stored: Any) -> None:
        self.loaded.append(stored)


def page(session: Session) -> tuple[PageBackup, list[dict[str, Any]]]:
    keeper = PageBackup(session)
    sent: list[dict[str, Any]] = []
    keeper.model.send = lambda content, buffers=None: sent.append(content)
    return keeper, sent


def key_of(message) -> str | None:
    return message._current[1] if message._current else None


def test_a_save_sends_one_copy_and_later_saves_wait_for_the_throttle(new_session, monkeypatch):
    monkeypatch.setattr(backup_widgets, "THROTTLE_SECONDS", 3600.0)
    session = new_session("03", learner="ann")
    keeper, sent = page(session)
    session.workbook.set("03/a", [1, 5])
    assert [m["event"] for m in sent] == ["store"]
    stored = json.loads(sent[0]["text"])
    assert stored["sections"]["03/a"]["value"] == [1, 5]
    assert sent[0]["learner"] == "ann"
    assert sent[0]["revision"] == stored["revision"] == session.workbook.revision
    assert sent[0]["sections"] == 1
    session.workbook.set("03/a", [2, 5])
    session.workbook.set("03/a", [3, 5])
    assert len(sent) == 1  # within the throttle interval: one send is due, not sent yet
    assert keeper._timer is not None
    keeper._timer.cancel()
    keeper._due()
    assert len(sent) == 2
    assert json.loads(sent[1]["text"])["sections"]["03/a"]["value"] == [3, 5]
    assert not keeper.send_copy()  # nothing changed since: nothing sent
    assert len(sent) == 2


def test_a_scratch_workbook_is_never_sent(tmp_path: Path):
    session = Session(workbook=scratch_workbook(), lecture="03", anonymous=True)
    keeper, sent = page(session)
    session.workbook.set("03/a", 1)
    keeper.offered({"event": "offer", "learner": "", "found": True, "revision": 9, "sections": 1})
    assert sent == [] and keeper.model.learner == ""


def test_a_wiped_server_asks_for_the_copy_restores_it_and_says_so(new_session):
    session = new_session("03", learner="ann")
    exercise = FakeExercise()
    session.attach(exercise)
    keeper, sent = page(session)
    offer = {"event": "offer", "learner": "ann", "found": True, "damaged": False,
             "revision": 12, "sections": 2}
    keeper._handle(None, offer, None)
    assert sent == [{"event": "send", "learner": "ann"}]
    copy = document(revision=12, **{"03_a": entry([1, 5]), "04_b": entry("journey")})
    keeper._handle(None, {"event": "copy", "learner": "ann", "text": json.dumps(copy)}, None)
    on_disk = json.loads(session.workbook.path.read_text(encoding="utf-8"))
    assert on_disk["sections"]["03/a"]["value"] == [1, 5]
    assert on_disk["revision"] == 13
    assert key_of(keeper.message) == "backup.restored"
    assert keeper.message._current[2] == {"added": 2, "replaced": 0}
    assert exercise.loaded == [[1, 5]]
    assert sent[-1]["event"] == "store" and sent[-1]["revision"] == 13
    i18n.set_language("en")
    assert "restored" in keeper.message.value


def test_an_older_server_gets_the_newer_sections_and_keeps_its_own_newer_ones(new_session):
    session = new_session("03", learner="ann")
    session.workbook.set("03/mine", "server")  # saved now: newer than anything in the copy
    keeper, _sent = page(session)
    copy = document(revision=40, **{"03_mine": entry("copy", LATE), "04_b": entry("copy")})
    path = session.workbook.path
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["sections"]["03/old"] = entry("server", EARLY)
    path.write_text(json.dumps(doc), encoding="utf-8")  # another page wrote meanwhile
    copy["sections"]["03/old"] = entry("copy", LATE)
    plan = keeper.restore(json.dumps(copy))
    assert plan is not None
    assert (plan.added, plan.replaced, plan.kept) == (["04/b"], ["03/old"], ["03/mine"])
    assert key_of(keeper.message) == "backup.restored_newer"
    assert session.workbook.get("03/mine") == "server"
    assert session.workbook.get("03/old") == "copy"
    assert session.workbook.revision == 41


def test_a_newer_server_is_kept_and_refreshes_the_browser_copy(new_session):
    session = new_session("03", learner="ann")
    session.workbook.set("03/a", "server")
    keeper, sent = page(session)
    keeper.offered({"event": "offer", "learner": "ann", "found": True, "revision": 0,
                    "sections": 3})
    assert [m["event"] for m in sent] == ["store"]
    # The copy arrives anyway (another tab asked): the newer server stays as it is.
    copy = document(revision=0, **{"03_a": entry("copy", LATE)})
    assert keeper.restore(json.dumps(copy)) is None
    assert session.workbook.get("03/a") == "server"
    assert keeper.message._current is None


def test_a_damaged_copy_is_ignored_with_a_message_and_forgotten(new_session):
    session = new_session("03", learner="ann")
    keeper, sent = page(session)
    keeper.offered({"event": "offer", "learner": "ann", "found": True, "damaged": True})
    assert key_of(keeper.message) == "backup.copy.damaged"
    assert sent == [{"event": "forget", "learner": "ann"}]
    keeper.restore("{half a workbook")
    assert key_of(keeper.message) == "backup.copy.damaged"
    assert not session.workbook.path.exists()


def test_a_copy_of_another_learner_is_ignored(new_session):
    session = new_session("03", learner="ann")
    keeper, sent = page(session)
    keeper.restore(json.dumps(document(learner="bob", revision=5, **{"03_a": entry(1)})))
    assert key_of(keeper.message) == "backup.copy.other_learner"
    assert session.workbook.get("03/a") is None
    # A message about another learner (the page switched meanwhile) is not even read.
    keeper._handle(None, {"event": "offer", "learner": "bob", "found": True, "revision": 5,
                          "sections": 1}, None)
    assert sent == [{"event": "forget", "learner": "ann"}]


def test_a_learner_switch_follows_the_new_workbook(new_session, tmp_path: Path):
    session = new_session("03", learner="ann")
    keeper, sent = page(session)
    session.workbook = Workbook("bob", directory=tmp_path, debounce=0)
    keeper.learner_changed()
    assert keeper.model.learner == "bob"
    session.workbook.set("03/a", 1)
    assert sent[-1]["learner"] == "bob"


# ------------------------------------------------------------------ import on the home page
def upload(importer: WorkbookImport, doc: Any, name: str = "cx-workbook.json") -> None:
    importer.receive(name, json.dumps(doc).encode("utf-8"))


def test_import_merges_and_says_how_many_of_each(new_session):
    session = new_session("00", learner="ann")
    session.workbook.set("03/a", "server")  # saved now: newer than the file's
    session.workbook.set("03/b", "server")
    redrawn: list[bool] = []
    importer = WorkbookImport(session, on_imported=lambda: redrawn.append(True))
    upload(importer, document(learner="old-name", **{"03_a": entry("file"),
                                                   "03_b": entry("file", "2999-01-01T00:00:00+00:00"),
                                                   "04_c": entry("file")}))
    assert key_of(importer.message) == "backup.import.merged"
    params = importer.message._current[2]
    assert (params["added"], params["replaced"], params["kept"]) == (1, 1, 1)
    assert session.workbook.get("03/a") == "server"
    assert session.workbook.get("03/b") == "file"
    assert session.workbook.get("04/c") == "file"
    on_disk = json.loads(session.workbook.path.read_text(encoding="utf-8"))
    assert on_disk["learner"] == "ann" and on_disk["sections"]["04/c"]["value"] == "file"
    assert redrawn == [True]


def test_import_replaces_when_asked_and_notes_a_migration(new_session):
    session = new_session("00", learner="ann")
    session.workbook.set("03/a", "server")
    importer = WorkbookImport(session)
    importer.mode.value = "replace"
    upload(importer, {"learner": "ann", "sections": {"04/c": {"value": "file"}}})
    assert key_of(importer.message) == "backup.import.replaced_kept"
    params = importer.message._current[2]
    assert params["count"] == 1
    assert params["note"].key == "backup.import.migrated"
    assert session.workbook.sections().keys() == {"04/c"}
    kept = json.loads((session.workbook.directory / params["backup"]).read_text(encoding="utf-8"))
    assert kept["sections"]["03/a"]["value"] == "server"  # the replaced work is not lost
    i18n.set_language("en")
    assert "upgraded" in importer.message.value


def test_replacing_an_empty_workbook_keeps_nothing_aside(new_session):
    session = new_session("00", learner="ann")
    importer = WorkbookImport(session)
    importer.mode.value = "replace"
    upload(importer, document(**{"04_c": entry("file")}))
    assert key_of(importer.message) == "backup.import.replaced"
    assert importer.message._current[2]["note"] == ""
    assert [p.name for p in session.workbook.directory.glob("*.json")] == ["ann.json"]


def test_import_refuses_a_file_that_is_not_a_workbook_and_keeps_the_work(new_session):
    session = new_session("00", learner="ann")
    session.workbook.set("03/a", "server")
    importer = WorkbookImport(session)
    importer.receive("survey.csv", b"respondent,score\n1,3\n")
    assert key_of(importer.message) == "backup.import.not_json"
    upload(importer, {"respondent": 1})
    assert key_of(importer.message) == "backup.import.not_workbook"
    importer.refuse_too_big("huge.json", backup.MAX_COPY_BYTES + 1)
    assert key_of(importer.message) == "common.error.too_big"
    assert session.workbook.sections().keys() == {"03/a"}


def test_the_import_mode_is_relabelled_without_changing_the_choice(new_session):
    importer = WorkbookImport(new_session("00"))
    importer.mode.value = "replace"
    i18n.set_language("en")
    assert importer.mode.value == "replace"
    assert importer.mode.options[1][0] == i18n.t("backup.import.mode.replace")


def test_the_home_page_has_the_import(started_session):
    from cxwidgets import lesson
    from cxwidgets.widgets.home import CourseHome

    session = started_session("00")
    session.header = lesson.Header(session, "00")
    home = CourseHome(session)
    assert "cx-import" in home.importer.widget._dom_classes
    assert "cx-backup" in session.header.backup.widget._dom_classes
