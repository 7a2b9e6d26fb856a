"""The workbook: names, atomic merged saves, schema, debounce, damage, revisions."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxwidgets import i18n
from cxwidgets import workbook as workbook_module
from cxwidgets.errors import CXError
from cxwidgets.session import start_session
from cxwidgets.workbook import (
    SCHEMA_VERSION,
    Workbook,
    clean_learner_name,
    file_stem,
    learner_from_stem,
    retry_delay,
)


@pytest.mark.parametrize("name", ["张三", "team-3", "Alex B.", "学员_01"])
def test_good_names(name, tmp_path):
    workbook = Workbook(name, directory=tmp_path, debounce=0)
    workbook.set("03/x", {"a": 1})
    assert workbook.path.parent == tmp_path
    assert workbook.path.exists()


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("", "common.error.name_empty"),
        ("   ", "common.error.name_empty"),
        ("../etc/passwd", "common.error.name_chars"),
        ("a/b", "common.error.name_chars"),
        ("a\\b", "common.error.name_chars"),
        ("..", "common.error.name_chars"),
        (".hidden", "common.error.name_chars"),
        ("x" * 41, "common.error.name_too_long"),
        ("a\x00b", "common.error.name_chars"),
    ],
)
def test_names_cannot_escape_the_directory(name, key):
    with pytest.raises(CXError) as info:
        clean_learner_name(name)
    assert info.value.key == key


def test_roundtrip_and_schema(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=0)
    workbook.set("03/kano_questionnaire", {"answers": [[1, 5]]}, done=True)
    document = json.loads(workbook.path.read_text(encoding="utf-8"))
    assert document["schema"] == SCHEMA_VERSION
    assert document["learner"] == "amy"
    again = Workbook("amy", directory=tmp_path)
    assert again.get("03/kano_questionnaire") == {"answers": [[1, 5]]}
    assert again.is_done("03/kano_questionnaire")


def test_get_returns_a_copy(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=0)
    workbook.set("s", {"list": [1]})
    value = workbook.get("s")
    value["list"].append(2)
    assert workbook.get("s") == {"list": [1]}


def test_two_pages_of_one_learner_do_not_overwrite_each_other(tmp_path):
    home = Workbook("amy", directory=tmp_path, debounce=0)
    lecture = Workbook("amy", directory=tmp_path, debounce=0)
    home.set("00/a", 1)
    lecture.set("03/b", 2)  # lecture never saw 00/a in memory
    fresh = Workbook("amy", directory=tmp_path)
    assert fresh.get("00/a") == 1 and fresh.get("03/b") == 2


def test_debounced_burst_is_one_write_and_flush_writes_now(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=30)
    saves = []
    workbook.on_save(saves.append)
    for value in range(20):
        workbook.set("s", value, typing=True)
    assert not workbook.path.exists()  # still waiting
    workbook.flush()
    assert saves == ["pending"] * 20 + ["saved"]
    assert Workbook("amy", directory=tmp_path).get("s") == 19


def test_debounce_timer_fires(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=0.05)
    done = threading.Event()
    workbook.on_save(lambda status: status == "saved" and done.set())
    workbook.set("s", 1, typing=True)
    assert done.wait(5)
    assert Workbook("amy", directory=tmp_path).get("s") == 1


def test_a_crash_mid_write_leaves_the_previous_version(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_module, "RETRY_FIRST_SECONDS", 3600)  # no retry in this test
    workbook = Workbook("amy", directory=tmp_path, debounce=0)
    workbook.set("s", "old")

    def explode(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", explode)
    workbook.set("s", "new")
    assert isinstance(workbook.last_error, OSError)
    monkeypatch.undo()
    assert Workbook("amy", directory=tmp_path).get("s") == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_damaged_file_is_kept_aside_and_a_new_one_started(tmp_path):
    (tmp_path / "amy.json").write_text("{not json", encoding="utf-8")
    workbook = Workbook("amy", directory=tmp_path)
    assert workbook.get("s") is None
    assert any(p.name.startswith("amy.damaged") for p in tmp_path.iterdir())


def test_unserialisable_value_fails_in_the_caller(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=0)
    with pytest.raises(TypeError):
        workbook.set("s", {1, 2})


def test_directory_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path / "wb"))
    workbook = Workbook("amy", debounce=0)
    workbook.set("s", 1)
    assert (tmp_path / "wb" / "amy.json").exists()


# ---------------------------------------------------------------- saving now
def test_a_discrete_edit_is_on_disk_when_set_returns(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=30)
    saves = []
    workbook.on_save(saves.append)
    workbook.set("03/x", {"picked": 3}, done=True)
    document = json.loads(workbook.path.read_text(encoding="utf-8"))
    assert document["sections"]["03/x"]["value"] == {"picked": 3}
    assert saves == ["saved"]
    assert not workbook.pending


def test_a_typed_edit_waits_and_says_pending(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=30)
    saves = []
    workbook.on_save(saves.append)
    workbook.set("03/note", "hal", typing=True)
    assert saves == ["pending"]
    assert workbook.pending
    assert not workbook.path.exists()


def test_a_discrete_edit_also_writes_a_waiting_typed_one(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=30)
    workbook.set("03/note", "typed", typing=True)
    workbook.set("03/choice", 2)
    document = json.loads(workbook.path.read_text(encoding="utf-8"))
    assert document["sections"]["03/note"]["value"] == "typed"
    assert document["sections"]["03/choice"]["value"] == 2


CHILD = """
import sys
from cxwidgets.workbook import Workbook

workbook = Workbook("amy", directory=sys.argv[1], debounce=600)
workbook.set("03/typed_then_clicked", "written by the click", typing=True)
workbook.set("03/clicked", {"answer": "最后一次点击"}, done=True)
workbook.set("03/still_typing", "lost: the kernel dies inside the debounce", typing=True)
print("set", flush=True)
sys.stdin.read()  # wait, doing nothing more, until the parent kills this "kernel"
"""


def test_a_kernel_killed_right_after_a_discrete_edit_keeps_it(tmp_path):
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=repo, env=env,
    )
    try:
        line = child.stdout.readline()
        assert line == "set\n", line or child.stderr.read()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdin.close()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL  # no atexit flush ran
    sections = json.loads((tmp_path / "amy.json").read_text(encoding="utf-8"))["sections"]
    assert sections["03/clicked"]["value"] == {"answer": "最后一次点击"}
    assert sections["03/typed_then_clicked"]["value"] == "written by the click"
    assert "03/still_typing" not in sections


@pytest.fixture
def first_write_fails(monkeypatch) -> Iterator[list[Path]]:
    """The first atomic write raises (not an OSError), later ones write; retries come fast.

    Returns the list of paths every write attempt was given.
    """
    monkeypatch.setattr(workbook_module, "RETRY_FIRST_SECONDS", 0.01)
    real_write = workbook_module.atomic_write_text
    attempts: list[Path] = []

    def fails_once(path, text):
        attempts.append(path)
        if len(attempts) == 1:
            raise RuntimeError("simulated failure, not an OSError")
        # The retry waits until the test has looked at the failed state (no race with it).
        assert release.wait(30), "the test never released the retry"
        real_write(path, text)

    release = threading.Event()
    fails_once.release = release  # type: ignore[attr-defined]

    monkeypatch.setattr(workbook_module, "atomic_write_text", fails_once)
    yield attempts
    release.set()  # never leave a retry thread waiting


def test_a_failed_save_says_error_keeps_the_data_and_retries(tmp_path, first_write_fails):
    attempts = first_write_fails
    workbook = Workbook("amy", directory=tmp_path, debounce=30)
    statuses = []
    saved = threading.Event()
    workbook.on_save(lambda status: (statuses.append(status), status == "saved" and saved.set()))
    workbook.set("03/x", "kept in memory")
    assert statuses == ["error"]
    assert isinstance(workbook.last_error, RuntimeError)
    assert workbook.pending and workbook.get("03/x") == "kept in memory"
    assert not workbook.path.exists()
    workbook_module.atomic_write_text.release.set()
    assert saved.wait(30)
    assert statuses == ["error", "saved"]
    assert len(attempts) == 2
    assert json.loads(workbook.path.read_text(encoding="utf-8"))["sections"]["03/x"]["value"] == (
        "kept in memory"
    )
    assert workbook.last_error is None and not workbook.pending


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_directory_is_an_error_then_the_retry_saves(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_module, "RETRY_FIRST_SECONDS", 0.05)
    workbook = Workbook("amy", directory=tmp_path, debounce=30)
    workbook.set("03/x", 1)
    statuses = []
    saved = threading.Event()
    workbook.on_save(lambda status: (statuses.append(status), status == "saved" and saved.set()))
    tmp_path.chmod(0o500)
    try:
        workbook.set("03/x", 2)
        assert statuses[0] == "error"
    finally:
        tmp_path.chmod(0o700)
    assert saved.wait(30)
    assert Workbook("amy", directory=tmp_path).get("03/x") == 2


@pytest.mark.parametrize(("failures", "seconds"), [(0, 1), (1, 2), (2, 4), (3, 8), (4, 16), (5, 30), (40, 30)])
def test_retries_back_off_up_to_thirty_seconds(failures, seconds):
    assert retry_delay(failures) == seconds


def test_the_directory_is_flushed_after_the_rename(tmp_path, monkeypatch):
    real_fsync = os.fsync
    kinds = []

    def recording_fsync(handle):
        kinds.append("dir" if stat.S_ISDIR(os.fstat(handle).st_mode) else "file")
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    Workbook("amy", directory=tmp_path).set("03/x", 1)
    assert kinds == ["file", "dir"]


# ------------------------------------------------------------------ revision
def test_every_write_increments_the_revision(tmp_path):
    workbook = Workbook("amy", directory=tmp_path)
    assert workbook.revision == 0
    workbook.set("03/a", 1)
    workbook.set("03/a", 2)
    assert workbook.revision == 2
    assert json.loads(workbook.path.read_text(encoding="utf-8"))["revision"] == 2
    assert Workbook("amy", directory=tmp_path).revision == 2


def test_revision_survives_merges_of_two_pages(tmp_path):
    home = Workbook("amy", directory=tmp_path)
    lecture = Workbook("amy", directory=tmp_path)
    home.set("00/a", 1)
    lecture.set("03/b", 2)  # its own count was 0, the file's 1
    home.set("00/a", 3)
    assert (home.revision, lecture.revision) == (3, 2)
    # An older copy put back on disk does not take the count backwards.
    older = json.loads(home.path.read_text(encoding="utf-8"))
    older["revision"] = 1
    home.path.write_text(json.dumps(older), encoding="utf-8")
    home.set("00/a", 4)
    assert home.revision == 4


# ------------------------------------------------------------ damaged files
def _backups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith("amy.damaged-"))


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"\xff\xfe\x00\x01\x80\x81garbage", "common.workbook.damaged"),
        (b"{not json", "common.workbook.damaged"),
        (b"", "common.workbook.damaged"),
        (b"[]", "common.workbook.damaged"),
        (b"null", "common.workbook.damaged"),
        (b'{"schema": 1, "sections": []}', "common.workbook.repaired"),
        (b'{"schema": 1, "sections": {"03/x": {"done": true}}}', "common.workbook.repaired"),
        (b'{"schema": 1, "sections": {"03/x": [1, 2]}}', "common.workbook.repaired"),
        (b'{"schema": true, "sections": {}}', "common.workbook.repaired"),
    ],
    ids=["binary", "bad-json", "empty", "list", "null", "sections-list", "no-value",
         "section-list", "schema-bool"],
)
def test_a_damaged_workbook_is_kept_aside_and_the_learner_told(tmp_path, content, key):
    (tmp_path / "amy.json").write_bytes(content)
    workbook = Workbook("amy", directory=tmp_path)
    [backup] = _backups(tmp_path)
    assert backup.read_bytes() == content
    assert [n.key for n in workbook.notices] == [key]
    assert workbook.notices[0].params == {"backup": backup.name}
    assert backup.name in workbook.notices[0].message("en")
    assert workbook.sections() == {}
    workbook.set("03/x", "goes on")
    assert Workbook("amy", directory=tmp_path).get("03/x") == "goes on"


def test_what_is_right_is_kept_and_written_back(tmp_path):
    document = {
        "schema": 1,
        "learner": "amy",
        "revision": 7,
        "sections": {
            "03/good": {"value": [1, 2], "done": True},
            "03/no_value": {"done": True},
            "03/not_a_dict": "text",
        },
    }
    (tmp_path / "amy.json").write_text(json.dumps(document), encoding="utf-8")
    workbook = Workbook("amy", directory=tmp_path)
    assert [n.key for n in workbook.notices] == ["common.workbook.repaired"]
    assert workbook.get("03/good") == [1, 2] and workbook.is_done("03/good")
    assert set(workbook.sections()) == {"03/good"}
    on_disk = json.loads((tmp_path / "amy.json").read_text(encoding="utf-8"))
    assert set(on_disk["sections"]) == {"03/good"}
    assert on_disk["revision"] == 8
    [backup] = _backups(tmp_path)
    assert json.loads(backup.read_text(encoding="utf-8")) == document


def test_a_string_schema_is_repaired(tmp_path):
    raw = '{"schema": "1", "learner": "amy", "sections": {"03/x": {"value": 5}}}'
    (tmp_path / "amy.json").write_text(raw, encoding="utf-8")
    workbook = Workbook("amy", directory=tmp_path)
    assert [n.key for n in workbook.notices] == ["common.workbook.repaired"]
    assert workbook.get("03/x") == 5
    assert json.loads((tmp_path / "amy.json").read_text(encoding="utf-8"))["schema"] == 1


def test_a_workbook_resaved_as_gbk_is_read_back(tmp_path):
    document = {"schema": 1, "learner": "amy",
                "sections": {"03/persona": {"value": {"name": "王小明", "goal": "一次办完宽带业务"}}}}
    original = json.dumps(document, ensure_ascii=False).encode("gbk")
    (tmp_path / "amy.json").write_bytes(original)
    workbook = Workbook("amy", directory=tmp_path)
    assert [n.key for n in workbook.notices] == ["common.workbook.repaired"]
    assert workbook.get("03/persona") == {"name": "王小明", "goal": "一次办完宽带业务"}
    [backup] = _backups(tmp_path)
    assert backup.read_bytes() == original


def test_one_damaged_byte_loses_one_character_not_the_workbook(tmp_path):
    document = {"schema": 1, "learner": "amy", "sections": {
        "03/a": {"value": "顾客旅程地图"}, "03/b": {"value": "服务蓝图与关键时刻"}}}
    content = bytearray(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    first = content.index("旅".encode())
    content[first] = 0xFF
    (tmp_path / "amy.json").write_bytes(bytes(content))
    workbook = Workbook("amy", directory=tmp_path)
    assert [n.key for n in workbook.notices] == ["common.workbook.repaired"]
    assert workbook.get("03/b") == "服务蓝图与关键时刻"
    assert workbook.get("03/a").startswith("顾客") and workbook.get("03/a").endswith("地图")


def test_a_directory_in_the_workbooks_place(tmp_path):
    (tmp_path / "amy.json").mkdir()
    workbook = Workbook("amy", directory=tmp_path)
    [backup] = _backups(tmp_path)
    assert backup.is_dir()
    assert [n.key for n in workbook.notices] == ["common.workbook.unreadable"]
    assert workbook.notices[0].params == {"backup": backup.name}
    workbook.set("03/x", 1)
    assert (tmp_path / "amy.json").is_file()


def test_a_file_without_read_permission(tmp_path, monkeypatch):
    path = tmp_path / "amy.json"
    path.write_text(json.dumps({"schema": 1, "sections": {"03/x": {"value": 1}}}), encoding="utf-8")
    real_read = Path.read_bytes

    def refuse(self):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    workbook = Workbook("amy", directory=tmp_path)
    assert [n.key for n in workbook.notices] == ["common.workbook.unreadable"]
    [backup] = _backups(tmp_path)
    assert json.loads(real_read(backup))["sections"]["03/x"]["value"] == 1


def test_a_damaged_file_that_cannot_be_moved(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_module, "RETRY_FIRST_SECONDS", 3600)
    path = tmp_path / "amy.json"
    path.write_bytes(b"{not json")

    def refuse(*_args):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "rename", refuse)
    workbook = Workbook("amy", directory=tmp_path)
    assert [n.key for n in workbook.notices] == ["common.workbook.stuck"]
    statuses = []
    workbook.on_save(statuses.append)
    workbook.set("03/x", 1)
    assert statuses == ["error"]
    assert path.read_bytes() == b"{not json"  # never overwritten unread
    assert workbook.get("03/x") == 1


def test_a_newer_workbook_opens_read_only_and_is_never_changed(tmp_path):
    raw = json.dumps({"schema": 99, "learner": "amy", "sections": {"03/x": {"value": 1}},
                      "future": {"kept": True}})
    (tmp_path / "amy.json").write_text(raw, encoding="utf-8")
    workbook = Workbook("amy", directory=tmp_path)
    assert workbook.read_only
    assert [n.key for n in workbook.notices] == ["common.workbook.newer"]
    assert workbook.notices[0].params == {"found": 99, "supported": SCHEMA_VERSION}
    assert workbook.get("03/x") == 1
    statuses = []
    workbook.on_save(statuses.append)
    workbook.set("03/x", 2)
    workbook.set_language("en")
    workbook.flush()
    assert statuses[0] == "readonly" and "saved" not in statuses
    assert workbook.get("03/x") == 2  # the page still works
    assert (tmp_path / "amy.json").read_text(encoding="utf-8") == raw
    assert not _backups(tmp_path)


def test_the_session_shows_the_workbooks_notices(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    (tmp_path / "amy.json").write_bytes(b"[]")
    session = start_session("03", params={"learner": "amy"})
    assert "common.workbook.damaged" in [n.key for n in session.notices]


# ---------------------------------------------------------------- file names
@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("张三", "张三"),
        ("zhang san", "zhang_san"),
        ("zhang_san", "zhang=5f=san"),
        ("Zhang", "+zhang"),
        ("team-3", "team-3"),
        ("Alex B.", "+alex_+b=2e="),
        ("José", "+josé"),
        ("straße", "stra=df=e"),
        ("con", "=63=on"),
    ],
)
def test_file_stems_are_readable(name, stem):
    assert file_stem(name) == stem


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("zhang san", "zhang_san"),
        ("Zhang", "zhang"),
        ("ZHANG", "Zhang"),
        ("Alex B.", "alex b."),
        ("Σοφία", "σοφία"),
        ("σ", "ς"),
        ("i", "ı"),
        ("Straße", "strasse"),
        ("学员 01", "学员_01"),
    ],
)
def test_two_learners_never_share_a_file(tmp_path, first, second):
    assert file_stem(first).casefold() != file_stem(second).casefold()
    Workbook(first, directory=tmp_path).set("03/x", first)
    Workbook(second, directory=tmp_path).set("03/x", second)
    assert Workbook(first, directory=tmp_path).get("03/x") == first
    assert Workbook(second, directory=tmp_path).get("03/x") == second


@pytest.mark.parametrize("name", ["张三", "Alex B.", "zhang_san", "a-b_c.d e", "Ωmega", "学员_01", "con"])
def test_stems_are_lowercase_and_reversible(name):
    stem = file_stem(name)
    assert stem == stem.lower()
    assert learner_from_stem(stem) == name


def test_long_names_of_escaped_letters_fit_a_file_name():
    first, second = "\U00010400" * 40, "\U00010400" * 39 + "\U00010401"
    assert clean_learner_name(first) == first
    assert len(file_stem(first).encode("utf-8")) <= 200
    assert file_stem(first) != file_stem(second)


def _legacy_file(folder: Path, stem: str, learner: str, value: object) -> Path:
    path = folder / f"{stem}.json"
    path.write_text(json.dumps({"schema": 1, "learner": learner,
                                "sections": {"03/x": {"value": value}}}), encoding="utf-8")
    return path


def test_an_old_workbook_moves_to_its_new_name(tmp_path):
    legacy = _legacy_file(tmp_path, "Zhang", "Zhang", "old work")
    workbook = Workbook("Zhang", directory=tmp_path)
    assert workbook.get("03/x") == "old work"
    assert workbook.path.name == "+zhang.json" and workbook.path.exists()
    assert not legacy.exists()
    assert workbook.notices == []


def test_an_old_shared_file_goes_to_the_learner_named_in_it(tmp_path):
    _legacy_file(tmp_path, "zhang_san", "zhang_san", "underscore's work")
    spaced = Workbook("zhang san", directory=tmp_path)  # opens first: the file is not theirs
    assert spaced.get("03/x") is None
    underscore = Workbook("zhang_san", directory=tmp_path)
    assert underscore.get("03/x") == "underscore's work"
    assert underscore.path.name == "zhang=5f=san.json"


def test_an_old_file_of_someone_else_is_not_taken(tmp_path):
    legacy = _legacy_file(tmp_path, "zhang_san", "zhang san", "spaced work")
    assert Workbook("zhang_san", directory=tmp_path).get("03/x") is None
    assert legacy.exists()
    assert Workbook("zhang san", directory=tmp_path).get("03/x") == "spaced work"


# ------------------------------------------------------- the header's status
def _status(header) -> dict[str, str]:
    return dict(re.findall(r'data-(state|revision)="([^"]*)"', header.save_status.value))


def _header(workbook):
    from cxwidgets import lesson
    from cxwidgets.session import Session

    return lesson.Header(Session(workbook=workbook, lecture="03"), "03")


def test_the_header_never_says_saved_while_an_edit_waits(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=30)
    header = _header(workbook)
    workbook.set("03/x", 1)
    assert _status(header) == {"state": "saved", "revision": "1"}
    workbook.set("03/note", "typ", typing=True)
    assert _status(header) == {"state": "pending", "revision": "1"}
    header._saved("saved")  # a late "saved" of an earlier write
    assert _status(header)["state"] == "pending"
    workbook.flush()
    assert _status(header) == {"state": "saved", "revision": "2"}


def test_the_header_shows_retrying_then_saved(tmp_path, first_write_fails):
    workbook = Workbook("amy", directory=tmp_path)
    header = _header(workbook)
    saved = threading.Event()
    workbook.on_save(lambda status: status == "saved" and saved.set())
    workbook.set("03/x", 1)
    assert _status(header) == {"state": "error", "revision": "0"}
    assert "cx-save-error" in header.save_status._dom_classes
    workbook_module.atomic_write_text.release.set()
    assert saved.wait(30)
    assert _status(header) == {"state": "saved", "revision": "1"}
    assert "cx-save-error" not in header.save_status._dom_classes


def test_the_header_status_follows_the_language(tmp_path):
    workbook = Workbook("amy", directory=tmp_path)
    header = _header(workbook)
    workbook.set("03/x", 1)
    try:
        i18n.set_language("en")  # the header's switch also saves the choice: revision 2
        assert re.search(r">✓ Saved · rev 2<", header.save_status.value)
    finally:
        i18n.set_language("zh-CN")
    assert re.search(r">✓ 已保存 · 第 3 版<", header.save_status.value)


def test_the_header_of_a_newer_workbook_says_read_only(tmp_path):
    (tmp_path / "amy.json").write_text(json.dumps({"schema": 99, "sections": {}}), encoding="utf-8")
    header = _header(Workbook("amy", directory=tmp_path))
    assert _status(header)["state"] == "readonly"
