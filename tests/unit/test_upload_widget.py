"""The upload widget driven from Python: the browser's messages, size limit, refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import traitlets

from cxwidgets import i18n
from cxwidgets.errors import CXError
from cxwidgets.widgets import common
from cxwidgets.widgets.upload import FilePicker, Upload, loaded_message

MiB = 1024 * 1024
GOOD = "feature,score\n上门提速,3\n视频会员,5\n"
STATIC = Path(__file__).resolve().parents[2] / "cxwidgets" / "static"


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_language("zh-CN")
    yield
    i18n.set_language("zh-CN")


class Recorder:
    """An ``on_table`` that keeps what it is given and refuses tables without ``score``."""

    def __init__(self) -> None:
        self.calls: list[tuple[pd.DataFrame, str]] = []

    def __call__(self, frame: pd.DataFrame, name: str) -> None:
        if "score" not in frame.columns:
            raise CXError(
                "common.error.columns",
                missing="score",
                expected="feature, score",
                found=", ".join(frame.columns),
            )
        self.calls.append((frame, name))


def _key(upload: Upload) -> str | None:
    return upload.message._current[1] if upload.message._current else None


def _params(upload: Upload) -> dict:
    return upload.message._current[2]


def _sent(upload: Upload, monkeypatch) -> list[dict]:
    """Record what the widget sends to the browser."""
    sent: list[dict] = []
    monkeypatch.setattr(upload.picker, "send", lambda content, buffers=None: sent.append(content))
    return sent


def test_common_reexports_the_upload():
    assert common.Upload is Upload


def test_good_csv_goes_to_on_table_with_its_name():
    recorder = Recorder()
    upload = Upload(recorder)
    upload.receive("我的问卷.csv", GOOD.encode("gbk"))
    assert len(recorder.calls) == 1
    frame, name = recorder.calls[0]
    assert name == "我的问卷.csv"
    assert list(frame.columns) == ["feature", "score"]
    assert frame["feature"].tolist() == ["上门提速", "视频会员"]
    assert upload.message.kind == "success"
    assert _key(upload).startswith("common.upload.loaded")
    assert _params(upload)["name"] == "我的问卷.csv"
    assert _params(upload)["rows"] == 2


def test_file_message_from_the_browser_is_read_and_answered(monkeypatch):
    recorder = Recorder()
    upload = Upload(recorder)
    sent = _sent(upload, monkeypatch)
    content = GOOD.encode("utf-8")
    upload.picker._handle(
        upload.picker, {"event": "file", "name": "mine.csv", "size": len(content)}, [memoryview(content)]
    )
    assert [name for _frame, name in recorder.calls] == ["mine.csv"]
    assert upload.message.kind == "success"
    assert sent == [{"event": "done"}]


def test_too_big_file_is_refused_and_on_table_not_called():
    recorder = Recorder()
    upload = Upload(recorder, max_bytes=1 * MiB)
    upload.receive("big.csv", b"x" * (3 * MiB // 2))
    assert recorder.calls == []
    assert upload.message.kind == "error"
    assert _key(upload) == "common.error.too_big"
    assert _params(upload) == {"size": "1.5", "limit": "1"}


def test_too_big_reported_by_the_browser_shows_the_message_in_both_languages(monkeypatch):
    recorder = Recorder()
    upload = Upload(recorder)  # default limit: 5 MB
    sent = _sent(upload, monkeypatch)
    upload.picker._handle(
        upload.picker, {"event": "too_big", "name": "big.csv", "size": 11 * MiB}, []
    )
    assert recorder.calls == []
    assert _key(upload) == "common.error.too_big"
    assert _params(upload) == {"size": "11.0", "limit": "5"}
    assert 'role="alert"' in upload.message.value
    assert "cx-msg-error" in upload.message.value
    assert sent == [{"event": "done"}]
    i18n.set_language("en")
    assert "The file is 11.0 MB, over the 5 MB limit." in upload.message.value


def test_refused_upload_keeps_the_earlier_data():
    recorder = Recorder()
    upload = Upload(recorder)
    upload.receive("first.csv", GOOD.encode())
    upload.receive("wrong.csv", b"feature,other\nspeed,1\n")
    assert upload.message.kind == "error"
    assert _key(upload) == "common.error.columns"
    assert _params(upload)["missing"] == "score"
    assert [name for _frame, name in recorder.calls] == ["first.csv"]
    assert recorder.calls[0][0]["score"].tolist() == ["3", "5"]


def test_unreadable_tables_show_the_reader_error():
    recorder = Recorder()
    upload = Upload(recorder)
    upload.receive("empty.csv", b"   \n")
    assert _key(upload) == "common.error.empty_file"
    assert recorder.calls == []


def test_an_unexpected_error_in_on_table_shows_a_generic_message():
    def broken(_frame, _name):
        raise RuntimeError("bug")

    upload = Upload(broken)
    assert upload.receive("mine.csv", GOOD.encode()) is None
    assert _key(upload) == "common.error.unexpected"


def test_file_message_without_its_bytes_says_the_file_could_not_be_read(monkeypatch):
    recorder = Recorder()
    upload = Upload(recorder)
    sent = _sent(upload, monkeypatch)
    upload.picker._handle(upload.picker, {"event": "file", "name": "gone.csv", "size": 10}, [])
    assert _key(upload) == "common.upload.unreadable"
    assert _params(upload) == {"name": "gone.csv"}
    upload.picker._handle(upload.picker, {"event": "unreadable", "name": "locked.csv"}, [])
    assert _params(upload) == {"name": "locked.csv"}
    assert recorder.calls == []
    assert sent == [{"event": "done"}, {"event": "done"}]


def test_unknown_messages_are_ignored(monkeypatch):
    upload = Upload(Recorder())
    sent = _sent(upload, monkeypatch)
    upload.picker._handle(upload.picker, {"event": "hello"}, [])
    upload.picker._handle(upload.picker, "not a dict", [])
    assert upload.message.kind is None
    assert sent == []


def test_the_same_file_can_be_chosen_again():
    recorder = Recorder()
    upload = Upload(recorder)
    upload.receive("mine.csv", GOOD.encode())
    upload.receive("mine.csv", GOOD.encode())
    assert [name for _frame, name in recorder.calls] == ["mine.csv", "mine.csv"]


def test_labels_come_from_the_catalogue_and_follow_the_language():
    upload = Upload(Recorder(), label_key="kano.survey.upload")
    zh_label, zh_busy = upload.picker.label, upload.picker.busy_label
    assert zh_label and zh_busy
    i18n.set_language("en")
    assert upload.picker.label != zh_label
    assert upload.picker.busy_label == "Reading the file…"


def _frame(read: dict | None) -> pd.DataFrame:
    frame = pd.DataFrame({"feature": ["a", "b"]})
    if read is not None:
        frame.attrs["cx_read"] = read
    return frame


def test_success_message_names_the_detected_encoding_and_delimiter():
    upload = Upload(Recorder())
    key, params = loaded_message("a.csv", _frame({"format": "csv", "encoding": "gb18030", "delimiter": ";"}))
    assert key == "common.upload.loaded_text"
    upload.message.show_success(key, **params)
    assert "已读取 a.csv：2 行（文本表格，GB18030 编码，分号分隔）。" in upload.message.value
    i18n.set_language("en")
    assert "Read a.csv: 2 rows (text table, GB18030 encoding, semicolon separated)." in upload.message.value


@pytest.mark.parametrize(
    ("read", "key", "extra"),
    [
        (None, "common.upload.loaded", {}),
        ({"format": "xlsx", "encoding": None, "delimiter": None}, "common.upload.loaded_excel", {}),
        ({"format": "csv", "encoding": "utf-8-sig", "delimiter": "|"}, "common.upload.loaded_text", {"encoding": "UTF-8"}),
        ({"format": "csv", "encoding": "utf_8", "delimiter": None}, "common.upload.loaded_encoding", {"encoding": "UTF-8"}),
        ({"format": "csv", "encoding": "gbk", "delimiter": "#"}, "common.upload.loaded_encoding", {"encoding": "GBK"}),
        ("not a mapping", "common.upload.loaded", {}),
    ],
)
def test_success_message_variants(read, key, extra):
    got_key, params = loaded_message("a.csv", _frame(read))
    assert got_key == key
    assert params["name"] == "a.csv" and params["rows"] == 2
    for name, value in extra.items():
        assert params[name] == value


@pytest.mark.parametrize("max_bytes", [0, -1, 10 * MiB, 20 * MiB])
def test_a_limit_the_websocket_cannot_carry_is_refused(max_bytes):
    with pytest.raises(traitlets.TraitError, match="max_bytes"):
        Upload(Recorder(), max_bytes=max_bytes)


@pytest.mark.parametrize("accept", ["csv", ".csv,,.xlsx", ""])
def test_accept_must_list_extensions_or_media_types(accept):
    with pytest.raises(traitlets.TraitError, match="accept"):
        FilePicker(print, print, print, accept=accept)


def test_accept_with_media_types_is_allowed():
    picker = FilePicker(print, print, print, accept="text/csv, .xlsx")
    assert picker.accept == "text/csv, .xlsx"


def test_on_table_must_be_callable():
    with pytest.raises(TypeError, match="on_table"):
        Upload("not a function")


def test_browser_module_has_no_text_of_its_own():
    source = (STATIC / "upload.js").read_text(encoding="utf-8")
    assert not re.search(r"[\u3000-\u9fff]", source)  # labels come from Python
    assert 'input.type = "file"' in source
    assert "cx-upload" in source
