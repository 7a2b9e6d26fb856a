"""Uploading a table: the size is checked in the browser, the bytes travel as one buffer.

ipywidgets' ``FileUpload`` sends the whole file in one websocket message, and Tornado
(Jupyter's server) closes the connection on a message over 10 MiB: a big file cost the
learner the kernel connection instead of showing the "too big" message. Here the browser
side (``static/upload.js``) compares ``file.size`` with :attr:`FilePicker.max_bytes`
before reading the file. A file over the limit is never read: the browser only reports its
size, and the message comes from the catalogue like every other error. A file within the
limit is sent as a binary buffer in a custom message and parsed here by
:func:`cxwidgets.tables.read_table`.

Example
-------
>>> frames = []
>>> upload = Upload(lambda frame, name: frames.append(frame))
>>> frame = upload.receive("mine.csv", b"feature,score\\nspeed,3\\n")
>>> len(frames[0]), upload.message.kind
(1, 'success')
"""

from __future__ import annotations

import codecs
import logging
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets as widgets
import traitlets

from .. import i18n, tables
from ..errors import CXError

if TYPE_CHECKING:
    import pandas as pd

    from .common import Message

STATIC = Path(__file__).resolve().parent.parent / "static"
log = logging.getLogger("cxwidgets")

#: Tornado closes a websocket on a message over 10 MiB; the file, its name and the message
#: envelope must fit, so a limit above this is refused.
MAX_MESSAGE_BYTES = 9 * 1024 * 1024
_MB = 1024 * 1024

#: Catalogue keys of the names of the delimiters ``read_table`` reports.
DELIMITER_KEYS = {
    ",": "common.upload.delimiter.comma",
    ";": "common.upload.delimiter.semicolon",
    "\t": "common.upload.delimiter.tab",
    "|": "common.upload.delimiter.pipe",
}
_EXCEL_FORMATS = frozenset({"xlsx", "xlsm", "excel"})


class _Term:
    """A catalogue word used as a message parameter, translated whenever the message is.

    :class:`~cxwidgets.widgets.common.Message` formats its text again on a language switch,
    so a parameter such as "comma" must follow the switch too.
    """

    def __init__(self, key: str) -> None:
        self.key = key

    def __format__(self, spec: str) -> str:
        return format(i18n.t(self.key), spec)

    def __str__(self) -> str:
        return i18n.t(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Term) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"_Term({self.key!r})"


def too_big_error(size: int, limit: int) -> CXError:
    """The error for a file of ``size`` bytes over ``limit`` bytes (sizes shown in MB).

    Parameters
    ----------
    size : int
        The file's size in bytes.
    limit : int
        The largest size accepted, in bytes.

    Returns
    -------
    CXError
        Key ``common.error.too_big`` with ``size`` (one decimal) and ``limit`` (whole MB),
        formatted as :func:`cxwidgets.tables.read_table` does.
    """
    return CXError("common.error.too_big", size=f"{size / _MB:.1f}", limit=f"{limit / _MB:.0f}")


def encoding_name(encoding: str) -> str:
    """A short display name of a text encoding: ``utf-8-sig`` -> ``UTF-8``, ``gbk`` -> ``GBK``."""
    try:
        canonical = codecs.lookup(encoding).name
    except LookupError:
        canonical = encoding.strip().lower()
    if canonical in {"utf-8", "utf-8-sig"}:
        return "UTF-8"
    return canonical.upper()


def loaded_message(name: str, frame: pd.DataFrame) -> tuple[str, dict[str, Any]]:
    """The success message (catalogue key and parameters) for a table read from ``name``.

    When ``frame.attrs["cx_read"]`` holds what :func:`cxwidgets.tables.read_table` detected
    (``{"format", "encoding", "delimiter"}``), the message names the format, and for a text
    file its encoding and delimiter; otherwise it gives the name and the row count only. For
    a workbook of several sheets (``"sheet"`` and ``"sheets"`` in ``cx_read``) it names the
    sheet read and says that the others were not.

    Parameters
    ----------
    name : str
        The file name.
    frame : pandas.DataFrame
        The table read from it.

    Returns
    -------
    tuple of (str, dict)
        The key and the parameters for :meth:`Message.show_success`.
    """
    params: dict[str, Any] = {"name": name, "rows": len(frame)}
    detected = frame.attrs.get("cx_read")
    if not isinstance(detected, Mapping):
        return "common.upload.loaded", params
    file_format = str(detected.get("format") or "").lower()
    encoding = detected.get("encoding")
    delimiter = detected.get("delimiter")
    if file_format in _EXCEL_FORMATS:
        sheets = detected.get("sheets")
        if isinstance(sheets, int) and sheets > 1 and detected.get("sheet") is not None:
            params.update(sheet=str(detected["sheet"]), sheets=sheets)
            return "tables.upload.loaded_sheet", params
        return "common.upload.loaded_excel", params
    if not isinstance(encoding, str) or not encoding:
        return "common.upload.loaded", params
    params["encoding"] = encoding_name(encoding)
    if delimiter in DELIMITER_KEYS:
        params["delimiter"] = _Term(DELIMITER_KEYS[delimiter])
        return "common.upload.loaded_text", params
    return "common.upload.loaded_encoding", params


def _check_accept(value: str) -> str:
    for token in value.split(","):
        item = token.strip()
        if not item or not (item.startswith(".") or "/" in item):
            message = (
                f"accept must list file extensions ('.csv') or media types ('text/csv') "
                f"separated by commas; got {value!r}"
            )
            raise traitlets.TraitError(message)
    return value


class FilePicker(anywidget.AnyWidget):
    """The browser half: a real ``<input type=file>`` styled as a button (class ``cx-upload``).

    Traits (synced with the browser)
    --------------------------------
    label : str
        Translated button text, also the input's ``aria-label``.
    busy_label : str
        Translated text shown while a file is read and sent.
    accept : str
        File types offered in the file dialog, e.g. ``".csv,.xlsx,.txt"``.
    max_bytes : int
        Files larger than this are not read; the browser reports their size instead.

    Messages from the browser
    -------------------------
    ``{"event": "file", "name", "size"}`` with the file as the one buffer, ``{"event":
    "too_big", "name", "size"}`` and ``{"event": "unreadable", "name"}``. Each is answered
    with ``{"event": "done"}`` once handled.
    """

    _esm = STATIC / "upload.js"
    _css = STATIC / "upload.css"

    label = traitlets.Unicode("").tag(sync=True)
    busy_label = traitlets.Unicode("").tag(sync=True)
    accept = traitlets.Unicode(".csv,.xlsx,.txt").tag(sync=True)
    max_bytes = traitlets.Int(tables.MAX_BYTES).tag(sync=True)

    def __init__(
        self,
        on_file: Callable[[str, bytes], Any],
        on_too_big: Callable[[str, int], Any],
        on_unreadable: Callable[[str], Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.on_file = on_file
        self.on_too_big = on_too_big
        self.on_unreadable = on_unreadable
        self.on_msg(self._handle)

    @traitlets.validate("max_bytes")
    def _valid_max_bytes(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if not 0 < value <= MAX_MESSAGE_BYTES:
            message = (
                f"max_bytes must be between 1 and {MAX_MESSAGE_BYTES} bytes (a websocket "
                f"message over 10 MiB drops the kernel connection); got {value}"
            )
            raise traitlets.TraitError(message)
        return value

    @traitlets.validate("accept")
    def _valid_accept(self, proposal: dict[str, Any]) -> str:
        return _check_accept(proposal["value"])

    def _handle(self, _widget: Any, content: Any, buffers: list[Any] | None) -> None:
        if not isinstance(content, dict):
            return
        event = content.get("event")
        if event not in {"file", "too_big", "unreadable"}:
            log.debug("upload: ignored message %r", content)
            return
        name = content.get("name")
        name = name if isinstance(name, str) else ""
        size = content.get("size")
        try:
            if event == "file" and buffers:
                self.on_file(name, bytes(buffers[0]))
            elif event == "too_big":
                self.on_too_big(name, size if isinstance(size, int) else self.max_bytes + 1)
            else:  # unreadable, or a file message without its bytes
                self.on_unreadable(name)
        finally:
            self.send({"event": "done"})


class Upload(widgets.VBox):
    """A file picker that parses CSV/XLSX and hands a DataFrame to ``on_table``.

    ``on_table(frame, filename)`` may raise CXError to refuse the data; the message is
    shown and whatever was loaded before stays in place. The same file can be chosen again
    (e.g. after fixing it).

    Parameters
    ----------
    on_table : callable
        ``on_table(frame, filename)``, called with each table read.
    label_key : str
        Catalogue key of the button text.
    accept : str
        File types the file dialog offers.
    max_bytes : int
        Larger files are refused with ``common.error.too_big``, in the browser before they
        are read (at most :data:`MAX_MESSAGE_BYTES`).

    Attributes
    ----------
    picker : FilePicker
        The button (CSS class ``cx-upload``, with the ``input[type=file]`` inside).
    message : cxwidgets.widgets.common.Message
        Success or error of the last upload.
    """

    def __init__(
        self,
        on_table: Callable[[Any, str], None],
        label_key: str = "common.upload.label",
        accept: str = ".csv,.xlsx,.txt",
        max_bytes: int = tables.MAX_BYTES,
    ) -> None:
        # common re-exports this class, so it is imported here, not at the top.
        from .common import Message, translate

        if not callable(on_table):
            message = f"on_table must be callable, got {on_table!r}"
            raise TypeError(message)
        self.on_table = on_table
        self.picker = FilePicker(
            self.receive, self.refuse_too_big, self.refuse_unreadable,
            accept=accept, max_bytes=max_bytes,
        )
        translate(self.picker, "label", label_key)
        translate(self.picker, "busy_label", "common.upload.reading")
        self.message: Message = Message()
        super().__init__([self.picker, self.message])
        self.add_class("cx-upload-box")

    @property
    def max_bytes(self) -> int:
        """The size limit in bytes (the picker's)."""
        return self.picker.max_bytes

    @max_bytes.setter
    def max_bytes(self, value: int) -> None:
        self.picker.max_bytes = value

    def receive(self, name: str, content: bytes | memoryview) -> pd.DataFrame | None:
        """Read an uploaded file and hand the table to ``on_table``; show how it went.

        This is what the browser's file message calls; tests call it directly.

        Parameters
        ----------
        name : str
            The file name.
        content : bytes
            The file's bytes.

        Returns
        -------
        pandas.DataFrame or None
            The table handed to ``on_table``, or None when it was refused (the message
            says why and nothing loaded earlier changed).
        """
        try:
            if len(content) > self.max_bytes:
                raise too_big_error(len(content), self.max_bytes)
            frame = tables.read_table(content, name, max_bytes=self.max_bytes)
            self.on_table(frame, name)
        except CXError as exc:
            self.message.show_error(exc)
            return None
        except Exception:
            log.error("upload of %r failed:\n%s", name, traceback.format_exc())
            self.message.show_error("common.error.unexpected")
            return None
        key, params = loaded_message(name, frame)
        self.message.show_success(key, **params)
        return frame

    def refuse_too_big(self, name: str, size: int) -> None:
        """Show the "too big" message for a file the browser did not send."""
        log.info("upload of %r refused in the browser: %d bytes", name, size)
        self.message.show_error(too_big_error(size, self.max_bytes))

    def refuse_unreadable(self, name: str) -> None:
        """Show that the browser could not read the chosen file."""
        log.info("upload of %r: the browser could not read the file", name)
        self.message.show_error("common.upload.unreadable", name=name)
