"""The learner's workbook: every exercise's input and result in one JSON file.

* One file per learner, ``<CX_WORKBOOK_DIR>/<learner>.json`` (default directory
  ``~/cx-workbooks``).
* Writes are atomic: the new version is written to a temporary file in the same
  directory, flushed to disk and renamed over the old one, so a crash mid-write
  leaves the previous version.
* Saves merge: under a file lock, the file is read again and only the sections
  this process changed are replaced, so two pages of the same learner (home and
  a lecture) never overwrite each other's work.
* :meth:`Workbook.set` is debounced: a burst of edits becomes one write.
"""

from __future__ import annotations

import copy
import datetime as _dt
import fcntl
import json
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import CXError

SCHEMA_VERSION = 1
ENV_DIR = "CX_WORKBOOK_DIR"
DEFAULT_LEARNER = "guest"
MAX_NAME_LENGTH = 40
DEBOUNCE_SECONDS = 0.4

_NAME_OK = re.compile(r"^[\w\-. ]+$", re.UNICODE)


def workbook_dir() -> Path:
    """Directory holding the workbooks: ``$CX_WORKBOOK_DIR`` or ``~/cx-workbooks``."""
    configured = os.environ.get(ENV_DIR, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / "cx-workbooks"


def clean_learner_name(name: str | None) -> str:
    """Validate a learner name and return its canonical form.

    Names may hold letters of any script (Chinese included), digits, spaces,
    ``-``, ``_`` and ``.``, at most 40 characters. Anything that could leave
    the workbook directory (``/``, ``\\``, ``..``, a leading dot) is refused.

    Raises
    ------
    CXError
        When the name is empty, too long or holds a forbidden character.
    """
    text = unicodedata.normalize("NFC", str(name or "")).strip()
    if not text:
        raise CXError("common.error.name_empty")
    if len(text) > MAX_NAME_LENGTH:
        raise CXError("common.error.name_too_long", limit=MAX_NAME_LENGTH)
    if not _NAME_OK.match(text) or text.startswith(".") or ".." in text:
        raise CXError("common.error.name_chars", name=text)
    return text


def _file_stem(learner: str) -> str:
    return re.sub(r"\s+", "_", learner)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def empty_document(learner: str) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "learner": learner,
        "language": None,
        "created": _now(),
        "updated": _now(),
        "sections": {},
    }


def migrate(document: dict[str, Any]) -> dict[str, Any]:
    """Bring an older workbook document up to :data:`SCHEMA_VERSION`."""
    version = document.get("schema", 0)
    if version > SCHEMA_VERSION:
        raise CXError("common.error.workbook_newer", found=version, supported=SCHEMA_VERSION)
    document.setdefault("sections", {})
    document.setdefault("language", None)
    document["schema"] = SCHEMA_VERSION
    return document


class Workbook:
    """One learner's workbook.

    Parameters
    ----------
    learner : str
        The learner's name (validated by :func:`clean_learner_name`).
    directory : path-like, optional
        Where workbooks live; default :func:`workbook_dir`.
    debounce : float
        Seconds to wait after the last :meth:`set` before writing.
    """

    def __init__(
        self,
        learner: str = DEFAULT_LEARNER,
        directory: str | os.PathLike[str] | None = None,
        debounce: float = DEBOUNCE_SECONDS,
    ) -> None:
        self.learner = clean_learner_name(learner)
        self.directory = Path(directory) if directory else workbook_dir()
        self.path = self.directory / f"{_file_stem(self.learner)}.json"
        self.debounce = debounce
        self._lock = threading.RLock()
        self._dirty: set[str] = set()
        self._dirty_language = False
        self._timer: threading.Timer | None = None
        self._listeners: list[Callable[[str], None]] = []
        self.last_error: Exception | None = None
        self.data = self._read()

    # ------------------------------------------------------------------ reading
    def _read(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return empty_document(self.learner)
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            # Keep the damaged file for the trainer to inspect, start afresh.
            backup = self.path.with_suffix(f".damaged-{int(_dt.datetime.now().timestamp())}.json")
            os.replace(self.path, backup)
            return empty_document(self.learner)
        return migrate(document)

    def reload(self) -> None:
        """Read the file again (e.g. to see what another page of the learner saved)."""
        with self._lock:
            fresh = self._read()
            for name in self._dirty:
                if name in self.data["sections"]:
                    fresh["sections"][name] = self.data["sections"][name]
            self.data = fresh

    # --------------------------------------------------------------- sections
    def get(self, section: str, default: Any = None) -> Any:
        """A deep copy of the value stored under ``section`` (or ``default``)."""
        with self._lock:
            entry = self.data["sections"].get(section)
            return copy.deepcopy(entry["value"]) if entry else copy.deepcopy(default)

    def is_done(self, section: str) -> bool:
        entry = self.data["sections"].get(section)
        return bool(entry and entry.get("done"))

    def sections(self) -> dict[str, Any]:
        """All sections ``{name: {"value", "done", "updated"}}`` (a deep copy)."""
        with self._lock:
            return copy.deepcopy(self.data["sections"])

    def set(self, section: str, value: Any, done: bool | None = None) -> None:
        """Store ``value`` under ``section`` and schedule a save.

        Parameters
        ----------
        section : str
            ``"<lecture>/<exercise>"``, e.g. ``"03/kano_questionnaire"``.
        value : JSON-serialisable
            The exercise's input and result.
        done : bool, optional
            Whether the exercise counts as completed for progress; ``None`` keeps
            the previous flag.
        """
        json.dumps(value)  # fail now, in the caller, if it cannot be saved
        with self._lock:
            previous = self.data["sections"].get(section, {})
            self.data["sections"][section] = {
                "value": copy.deepcopy(value),
                "done": bool(previous.get("done")) if done is None else bool(done),
                "updated": _now(),
            }
            self._dirty.add(section)
            self._schedule()

    @property
    def language(self) -> str | None:
        return self.data.get("language")

    def set_language(self, language: str) -> None:
        with self._lock:
            self.data["language"] = language
            self._dirty_language = True
            self._schedule()

    def on_save(self, callback: Callable[[str], None]) -> Callable[[], None]:
        """Call ``callback(status)`` after each save (``"saved"`` or ``"error"``)."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    # ----------------------------------------------------------------- saving
    def _schedule(self) -> None:
        if self.debounce <= 0:
            self.flush()
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(self.debounce, self.flush)
        self._timer.daemon = True
        self._timer.start()

    @property
    def pending(self) -> bool:
        return bool(self._dirty or self._dirty_language)

    def flush(self) -> None:
        """Write pending changes now (merge under a lock, atomic rename)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if not self.pending:
                return
            try:
                self._write_merged()
            except OSError as exc:
                self.last_error = exc
                self._notify("error")
                return
            self._dirty.clear()
            self._dirty_language = False
            self.last_error = None
        self._notify("saved")

    def _write_merged(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        lock_path = self.directory / f".{self.path.name}.lock"
        with open(lock_path, "a+") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                on_disk = self._read()
                for name in self._dirty:
                    on_disk["sections"][name] = self.data["sections"][name]
                if self._dirty_language:
                    on_disk["language"] = self.data["language"]
                on_disk["updated"] = _now()
                atomic_write_text(self.path, json.dumps(on_disk, ensure_ascii=False, indent=1))
                self.data = on_disk
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _notify(self, status: str) -> None:
        for callback in list(self._listeners):
            try:
                callback(status)
            except Exception:  # a broken listener must not stop saving
                pass

    def to_json(self) -> str:
        """The whole workbook as pretty JSON text (what the learner downloads)."""
        with self._lock:
            return json.dumps(self.data, ensure_ascii=False, indent=2)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never half."""
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as tmp:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise
