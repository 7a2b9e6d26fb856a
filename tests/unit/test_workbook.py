"""The workbook: names, atomic merged saves, schema, debounce."""

from __future__ import annotations

import json
import threading

import pytest

from cxwidgets.errors import CXError
from cxwidgets.workbook import SCHEMA_VERSION, Workbook, clean_learner_name


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
        workbook.set("s", value)
    assert not workbook.path.exists()  # still waiting
    workbook.flush()
    assert saves == ["saved"]
    assert Workbook("amy", directory=tmp_path).get("s") == 19


def test_debounce_timer_fires(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=0.05)
    done = threading.Event()
    workbook.on_save(lambda status: done.set())
    workbook.set("s", 1)
    assert done.wait(5)
    assert Workbook("amy", directory=tmp_path).get("s") == 1


def test_a_crash_mid_write_leaves_the_previous_version(tmp_path, monkeypatch):
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


def test_newer_schema_is_refused_with_a_message(tmp_path):
    (tmp_path / "amy.json").write_text(json.dumps({"schema": 99, "sections": {}}))
    with pytest.raises(CXError) as info:
        Workbook("amy", directory=tmp_path)
    assert info.value.key == "common.error.workbook_newer"


def test_unserialisable_value_fails_in_the_caller(tmp_path):
    workbook = Workbook("amy", directory=tmp_path, debounce=0)
    with pytest.raises(TypeError):
        workbook.set("s", {1, 2})


def test_directory_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path / "wb"))
    workbook = Workbook("amy", debounce=0)
    workbook.set("s", 1)
    assert (tmp_path / "wb" / "amy.json").exists()
