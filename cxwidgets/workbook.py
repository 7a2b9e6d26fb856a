"""The learner's workbook: every exercise's input and result in one JSON file.

* One file per learner, ``<CX_WORKBOOK_DIR>/<stem>.json`` (default directory
  ``~/cx-workbooks``). :func:`file_stem` maps names to stems one-to-one, and no
  two stems differ only in letter case, so two learners never share a file, not
  even on a case-insensitive disk (Windows, macOS). Files written under the old
  naming (spaces turned into ``_``, case kept) move to the new name when their
  learner opens them.
* Writes are atomic: the new version is written to a temporary file in the same
  directory, flushed to disk, renamed over the old one, and the directory is
  flushed too, so a crash or a killed kernel leaves the previous or the new
  version, never half of one.
* Saves merge: under a file lock, the file is read again and only the sections
  this process changed are replaced, so two pages of the same learner (home and
  a lecture) never overwrite each other's work. Every write increments the
  document's ``revision``.
* :meth:`Workbook.set` writes at once (a click, a choice: nothing is lost when
  the kernel is killed right after); only ``typing=True`` edits are debounced.
  A failed save keeps the data in memory and is retried with a growing delay.
* A damaged file (not UTF-8, not JSON, the wrong shape, unreadable) never locks
  the learner out: it is kept aside next to the original name, what can be read
  is kept, and the learner is told (:attr:`Workbook.notices`). A file written by
  a newer version of the course opens read-only and is never changed.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import hashlib
import itertools
import json
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

from .errors import CXError

SCHEMA_VERSION = 1
ENV_DIR = "CX_WORKBOOK_DIR"
DEFAULT_LEARNER = "guest"
MAX_NAME_LENGTH = 40
DEBOUNCE_SECONDS = 0.4
RETRY_FIRST_SECONDS = 1.0
RETRY_MAX_SECONDS = 30.0
LOCK_TIMEOUT_SECONDS = 10.0
MAX_STEM_BYTES = 200
#: What :meth:`Workbook.on_save` listeners are told.
STATUSES = ("saved", "pending", "error", "readonly")

_NAME_OK = re.compile(r"^[\w\-. ]+$", re.UNICODE)
_STEM_TOKEN = re.compile(r"=([0-9a-f]+)=|\+([a-z])|(.)", re.DOTALL)
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)}
)
_TOP_LEVEL = ("schema", "learner", "language", "created", "updated", "revision", "sections")


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


# ---------------------------------------------------------------- file names
def _kept_in_stem(char: str) -> bool:
    """Whether ``char`` stands for itself in a file stem.

    Lowercase ASCII letters, digits and ``-``; other letters only when no
    case-insensitive disk can fold them onto another kept character (Chinese,
    ``é``, ``ж``: yes; ``É``, ``ß``, final ``ς``, dotless ``ı``: no).
    """
    if char.isascii():
        return char.islower() or char.isdigit() or char == "-"
    return char.isalpha() and char.casefold() == char and char.upper().lower() == char


def _escape(char: str) -> str:
    if "A" <= char <= "Z":
        return f"+{char.lower()}"
    if char == " ":
        return "_"
    return f"={ord(char):x}="


def file_stem(learner: str) -> str:
    """The file name (without ``.json``) of a learner's workbook.

    Readable and one-to-one: kept characters (see :func:`_kept_in_stem`) stand
    for themselves, a space is ``_``, an uppercase ASCII letter is ``+`` and its
    lowercase, anything else is ``=<hex code point>=`` (``_`` is ``=5f=``, ``.``
    is ``=2e=``). The result never holds an uppercase letter, so no two stems
    differ only in case. Windows device names (``con``, ``nul``, ...) get their
    first letter escaped; a stem longer than :data:`MAX_STEM_BYTES` is cut and
    ends in ``~`` and a hash of the name.

    Examples
    --------
    ``"张三"`` -> ``"张三"``; ``"zhang san"`` -> ``"zhang_san"``;
    ``"zhang_san"`` -> ``"zhang=5f=san"``; ``"Alex B."`` -> ``"+alex_+b=2e="``.
    """
    stem = "".join(char if _kept_in_stem(char) else _escape(char) for char in learner)
    if stem in _WINDOWS_DEVICES:
        stem = f"={ord(stem[0]):x}={stem[1:]}"
    if len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        digest = hashlib.sha256(learner.encode("utf-8")).hexdigest()[:16]
        head = stem.encode("utf-8")[: MAX_STEM_BYTES - len(digest) - 1].decode("utf-8", "ignore")
        stem = f"{head}~{digest}"
    return stem


def learner_from_stem(stem: str) -> str:
    """The learner name a :func:`file_stem` stands for (the inverse of :func:`file_stem`).

    Raises
    ------
    ValueError
        For a shortened stem (one ending in ``~`` and a hash), which cannot be undone.
    """
    if "~" in stem:
        message = f"{stem!r} is a shortened workbook name; read the learner from the file"
        raise ValueError(message)
    out = []
    for match in _STEM_TOKEN.finditer(stem):
        code, upper, plain = match.groups()
        if code is not None:
            out.append(chr(int(code, 16)))
        elif upper is not None:
            out.append(upper.upper())
        else:
            out.append(" " if plain == "_" else plain)
    return "".join(out)


def legacy_stem(learner: str) -> str:
    """The file stem earlier versions of the course used (not one-to-one; read-only use)."""
    return re.sub(r"\s+", "_", learner)


# ----------------------------------------------------------------- documents
def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def empty_document(learner: str) -> dict[str, Any]:
    """A new, empty workbook document of ``learner``."""
    return {
        "schema": SCHEMA_VERSION,
        "learner": learner,
        "language": None,
        "created": _now(),
        "updated": _now(),
        "revision": 0,
        "sections": {},
    }


def _schema_number(value: Any) -> int | None:
    """The schema version ``value`` stands for (``"1"`` and ``1.0`` too), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    return value if isinstance(value, int) and value >= 0 else None


def _valid_section(entry: Any) -> tuple[dict[str, Any] | None, bool]:
    """A section entry in the right shape (or ``None`` when unusable) and whether it was."""
    if not isinstance(entry, dict) or "value" not in entry:
        return None, False
    fixed = dict(entry)
    fine = True
    if not isinstance(fixed.get("done", False), bool):
        fixed["done"], fine = bool(fixed["done"]), False
    if not isinstance(fixed.get("updated", ""), str):
        fixed["updated"], fine = None, False
    fixed.setdefault("done", False)
    return fixed, fine


def validate_document(raw: Any, learner: str) -> tuple[dict[str, Any], list[str]]:
    """Bring a parsed workbook into the current shape, keeping whatever is usable.

    The one place that knows the document's shape: ``sections`` is a dict of
    dicts, each with a ``value`` (``done`` a bool, ``updated`` a string); the
    other top-level fields have fixed types. Wrong parts are repaired or
    dropped, unknown top-level keys kept. A document of an older schema is
    upgraded silently; one of a newer schema keeps its ``schema`` number (the
    caller opens it read-only).

    Parameters
    ----------
    raw : object
        What ``json.loads`` returned.
    learner : str
        Whose workbook it is (fills a missing ``learner``).

    Returns
    -------
    document : dict
        A document in the current shape.
    problems : list of str
        What had to be repaired (``"document"`` when nothing could be used,
        ``"schema"``, ``"sections"``, ``"section:<name>"``, a field name); empty
        when the document was fine.
    """
    document = empty_document(learner)
    if not isinstance(raw, dict):
        return document, ["document"]
    problems: list[str] = []
    document.update({key: value for key, value in raw.items() if key not in _TOP_LEVEL})
    schema = _schema_number(raw.get("schema", 0))
    if schema is None or not isinstance(raw.get("schema", 0), int):
        problems.append("schema")
    document["schema"] = max(schema or 0, SCHEMA_VERSION)
    checks: dict[str, Callable[[Any], bool]] = {
        "learner": lambda v: isinstance(v, str) and bool(v),
        "language": lambda v: v is None or isinstance(v, str),
        "created": lambda v: isinstance(v, str),
        "updated": lambda v: isinstance(v, str),
        "revision": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    }
    for key, fits in checks.items():
        if key in raw and fits(raw[key]):
            document[key] = raw[key]
        elif key in raw:
            problems.append(key)
    sections = raw.get("sections", {})
    if not isinstance(sections, dict):
        return document, [*problems, "sections"]
    for name, entry in sections.items():
        fixed, fine = _valid_section(entry)
        if fixed is not None and name:
            document["sections"][name] = fixed
        if not fine or not name:
            problems.append(f"section:{name}")
    return document, problems


def _guessed_texts(content: bytes) -> Iterator[str]:
    """Readings of bytes that are not UTF-8: mostly-UTF-8 first, then the detected encoding."""
    lenient = content.decode("utf-8", errors="replace")
    wide = sum(1 for char in lenient if ord(char) > 127)
    if lenient.count("\ufffd") * 10 <= wide:  # a few damaged bytes in UTF-8 text
        yield lenient
    from charset_normalizer import from_bytes  # e.g. a file re-saved as GBK by an editor

    best = from_bytes(content).best()
    if best is not None:
        yield str(best)
    yield lenient


def _parse_json(content: bytes) -> tuple[Any, bool]:
    """The JSON value in ``content`` and whether it was clean UTF-8.

    Raises
    ------
    ValueError
        When no reading of the bytes is JSON.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return json.loads(text), True
    for text in _guessed_texts(content):
        with contextlib.suppress(ValueError, RecursionError):
            return json.loads(text), False
    message = "not JSON in any encoding"
    raise ValueError(message)


@dataclass
class Reading:
    """What :func:`read_document` found in a workbook file.

    Attributes
    ----------
    document : dict
        The document in the current shape (empty when nothing could be read).
    problem : str or None
        i18n key telling the learner what was wrong, when the file must be kept aside.
    newer : int or None
        The file's schema version when it is newer than :data:`SCHEMA_VERSION`.
    """

    document: dict[str, Any]
    problem: str | None = None
    newer: int | None = None


def read_document(path: Path, learner: str) -> Reading:
    """Read and validate a workbook file without changing anything on disk.

    Raises
    ------
    OSError
        For errors that may pass (anything but a missing file, a refused
        permission or a directory in the file's place).
    """
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return Reading(empty_document(learner))
    except (PermissionError, IsADirectoryError):
        return Reading(empty_document(learner), "common.workbook.unreadable")
    try:
        raw, clean = _parse_json(content)
    except (ValueError, RecursionError):
        return Reading(empty_document(learner), "common.workbook.damaged")
    document, problems = validate_document(raw, learner)
    if document["schema"] > SCHEMA_VERSION:
        return Reading(document, newer=document["schema"])
    if "document" in problems:
        return Reading(document, "common.workbook.damaged")
    if problems or not clean:
        return Reading(document, "common.workbook.repaired")
    return Reading(document)


def _learner_in(path: Path) -> str | None:
    """The ``learner`` field of the workbook file at ``path`` (``None`` if unreadable)."""
    try:
        raw, _clean = _parse_json(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    learner = raw.get("learner") if isinstance(raw, dict) else None
    return learner if isinstance(learner, str) else None


def retry_delay(failures: int) -> float:
    """Seconds to wait before retrying a save that failed ``failures + 1`` times in a row."""
    return min(RETRY_FIRST_SECONDS * 2 ** min(failures, 16), RETRY_MAX_SECONDS)


# ------------------------------------------------------------------ workbook
class Workbook:
    """One learner's workbook.

    Parameters
    ----------
    learner : str
        The learner's name (validated by :func:`clean_learner_name`).
    directory : path-like, optional
        Where workbooks live; default :func:`workbook_dir`.
    debounce : float
        Seconds to wait after the last ``typing=True`` :meth:`set` before writing.

    Attributes
    ----------
    notices : list of CXError
        What the learner should be told about their workbook (kept aside,
        repaired, read-only); the page header shows them.
    read_only : bool
        True for a workbook written by a newer version of the course: edits stay
        in memory, the file is never changed.
    last_error : Exception or None
        Why the last save failed (``None`` after a successful one).
    """

    def __init__(
        self,
        learner: str = DEFAULT_LEARNER,
        directory: str | os.PathLike[str] | None = None,
        debounce: float = DEBOUNCE_SECONDS,
    ) -> None:
        self.learner = clean_learner_name(learner)
        self.directory = Path(directory) if directory else workbook_dir()
        self.path = self.directory / f"{file_stem(self.learner)}.json"
        self.debounce = debounce
        self.notices: list[CXError] = []
        self.read_only = False
        self.last_error: Exception | None = None
        self._lock = threading.RLock()
        self._file_lock = FileLock(
            self.directory / f".{self.path.name}.lock", timeout=LOCK_TIMEOUT_SECONDS
        )
        self._dirty: set[str] = set()
        self._dirty_language = False
        self._timer: threading.Timer | None = None
        self._retry_timer: threading.Timer | None = None
        self._failures = 0
        self._listeners: list[Callable[[str], None]] = []
        self.data = self._open()
        if self.pending:  # a repaired document could not be written back: retry
            self.flush()

    # ------------------------------------------------------------------ reading
    def _open(self) -> dict[str, Any]:
        reading: Reading | None = None
        try:
            self._adopt_legacy_files()
            reading = self._read_now()
        except OSError:
            self.notices.append(CXError("common.workbook.stuck", file=self.path.name))
            return reading.document if reading else empty_document(self.learner)
        return reading.document

    def _read_now(self) -> Reading:
        """Read the file; a damaged one is read again under the lock, kept aside, repaired."""
        reading = read_document(self.path, self.learner)
        if reading.problem is None:
            self._note_newer(reading)
            return reading
        with self._file_lock:
            reading = self._read_disk()
            if reading.problem is not None:
                self._write_repaired(reading.document)
        return reading

    def _write_repaired(self, document: dict[str, Any]) -> None:
        """Put what could be read back in place of the file kept aside (or retry later)."""
        document["revision"] += 1
        document["updated"] = _now()
        try:
            atomic_write_text(self.path, json.dumps(document, ensure_ascii=False, indent=1))
        except Exception:  # any failure: keep it in memory, flush retries
            self._dirty.update(document["sections"])
            self._dirty_language = document.get("language") is not None

    def _read_disk(self) -> Reading:
        """Read the file (the caller holds the file lock), keeping a damaged one aside."""
        reading = read_document(self.path, self.learner)
        if reading.problem is not None:
            backup = self._keep_aside()
            self.notices.append(CXError(reading.problem, backup=backup.name))
        self._note_newer(reading)
        return reading

    def _note_newer(self, reading: Reading) -> None:
        if reading.newer is not None and not self.read_only:
            self.read_only = True
            notice = CXError("common.workbook.newer", found=reading.newer, supported=SCHEMA_VERSION)
            self.notices.append(notice)

    def _keep_aside(self) -> Path:
        """Rename the file to an unused ``<stem>.damaged-<time>[-n].json`` next to it."""
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        for count in itertools.count(1):
            suffix = "" if count == 1 else f"-{count}"
            backup = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{suffix}.json")
            if not os.path.lexists(backup):
                os.rename(self.path, backup)
                return backup
        raise AssertionError  # pragma: no cover - itertools.count never ends

    def _adopt_legacy_files(self) -> None:
        """Move files named under the old scheme (see :func:`legacy_stem`) to their owners.

        A file belongs to the learner named inside it. A legacy file at this
        learner's path that names someone else (``zhang_san`` in the
        ``zhang_san.json`` that ``zhang san`` now owns) goes to that learner's
        new name; this learner's own legacy file comes to the new name.
        """
        owner = _learner_in(self.path)
        if owner is not None and owner != self.learner:
            self._give_back(owner)
        legacy = self.directory / f"{legacy_stem(self.learner)}.json"
        if legacy.name == self.path.name or os.path.lexists(self.path):
            return
        if legacy.is_file() and _learner_in(legacy) == self.learner:
            with self._file_lock:
                if not os.path.lexists(self.path) and _learner_in(legacy) == self.learner:
                    os.rename(legacy, self.path)

    def _give_back(self, owner: str) -> None:
        try:
            owner = clean_learner_name(owner)
        except CXError:
            return
        if legacy_stem(owner).casefold() != self.path.stem.casefold():
            return  # not a legacy collision: leave the file alone
        target = self.directory / f"{file_stem(owner)}.json"
        with self._file_lock:
            if not os.path.lexists(target) and _learner_in(self.path) == owner:
                os.rename(self.path, target)

    def reload(self) -> None:
        """Read the file again (e.g. to see what another page of the learner saved)."""
        with self._lock:
            try:
                reading = self._read_now()
            except OSError:
                return  # keep what is in memory; the next save reads again
            fresh = reading.document
            for name in self._dirty:
                if name in self.data["sections"]:
                    fresh["sections"][name] = self.data["sections"][name]
            if self._dirty_language:
                fresh["language"] = self.data.get("language")
            fresh["revision"] = max(fresh["revision"], self.revision)
            self.data = fresh

    # --------------------------------------------------------------- sections
    def get(self, section: str, default: Any = None) -> Any:
        """A deep copy of the value stored under ``section`` (or ``default``)."""
        with self._lock:
            entry = self.data["sections"].get(section)
            return copy.deepcopy(entry["value"]) if entry else copy.deepcopy(default)

    def is_done(self, section: str) -> bool:
        """Whether the exercise ``section`` counts as completed."""
        entry = self.data["sections"].get(section)
        return bool(entry and entry.get("done"))

    def sections(self) -> dict[str, Any]:
        """All sections ``{name: {"value", "done", "updated"}}`` (a deep copy)."""
        with self._lock:
            return copy.deepcopy(self.data["sections"])

    @property
    def revision(self) -> int:
        """The revision of the document last read or written (0 before the first write)."""
        return int(self.data.get("revision", 0))

    def set(self, section: str, value: Any, done: bool | None = None, *, typing: bool = False) -> None:
        """Store ``value`` under ``section`` and save it.

        Parameters
        ----------
        section : str
            ``"<lecture>/<exercise>"``, e.g. ``"03/kano_questionnaire"``.
        value : JSON-serialisable
            The exercise's input and result.
        done : bool, optional
            Whether the exercise counts as completed for progress; ``None`` keeps
            the previous flag.
        typing : bool
            ``True`` for text being typed: the write waits until the typing
            pauses (:attr:`debounce`). Anything else is written before ``set``
            returns, so a kernel killed right after loses nothing.

        Raises
        ------
        TypeError
            When ``value`` cannot be saved as JSON (nothing is stored then).
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
            waiting = typing and self.debounce > 0 and not self.read_only
            if waiting:
                self._schedule_write()
        self._after_edit(waiting)

    @property
    def language(self) -> str | None:
        """The language the learner last chose (``None`` if never)."""
        return self.data.get("language")

    def set_language(self, language: str) -> None:
        """Remember the learner's language (written at once)."""
        with self._lock:
            self.data["language"] = language
            self._dirty_language = True
        self._after_edit(waiting=False)

    def on_save(self, callback: Callable[[str], None]) -> Callable[[], None]:
        """Call ``callback(status)`` when the save status changes.

        ``status`` is one of :data:`STATUSES`: ``"saved"`` (everything is on
        disk, at :attr:`revision`), ``"pending"`` (a typed edit waits for its
        write), ``"error"`` (a save failed; it is retried) or ``"readonly"``
        (an edit that will not be saved). Returns the function that unsubscribes.
        """
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    # ----------------------------------------------------------------- saving
    @property
    def pending(self) -> bool:
        """Whether some edit is not on disk yet."""
        return bool(self._dirty or self._dirty_language)

    def _after_edit(self, waiting: bool) -> None:
        if self.read_only:
            self._notify("readonly")
        elif waiting:
            self._notify("error" if self.last_error is not None else "pending")
        else:
            self.flush()

    def _schedule_write(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = _daemon_timer(self.debounce, self.flush)

    def _schedule_retry(self) -> None:
        if self._retry_timer is not None:
            self._retry_timer.cancel()
        self._retry_timer = _daemon_timer(retry_delay(self._failures), self.flush)
        self._failures += 1

    def _cancel_timers(self) -> None:
        for timer in (self._timer, self._retry_timer):
            if timer is not None:
                timer.cancel()
        self._timer = self._retry_timer = None

    def flush(self) -> None:
        """Write pending changes now (merge under a lock, atomic rename).

        A failure of any kind keeps the changes in memory, tells the listeners
        ``"error"`` and retries after :func:`retry_delay` seconds.
        """
        with self._lock:
            self._cancel_timers()
            if not self.pending:
                return
            status = "readonly"
            if not self.read_only:
                try:
                    written = self._write_merged()
                except Exception as exc:  # whatever failed: keep the data, retry
                    self.last_error = exc
                    self._schedule_retry()
                    status = "error"
                else:
                    status = "saved" if written else "readonly"
        self._notify(status)

    def _write_merged(self) -> bool:
        """Merge this page's changes into the file; ``False`` when it turned out newer."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._file_lock:
            on_disk = self._read_disk().document
            if self.read_only:
                return False
            for name in self._dirty:
                on_disk["sections"][name] = self.data["sections"][name]
            if self._dirty_language:
                on_disk["language"] = self.data.get("language")
            on_disk["schema"] = SCHEMA_VERSION
            on_disk["updated"] = _now()
            on_disk["revision"] = max(on_disk["revision"], self.revision) + 1
            atomic_write_text(self.path, json.dumps(on_disk, ensure_ascii=False, indent=1))
            self.data = on_disk
        self._dirty.clear()
        self._dirty_language = False
        self.last_error = None
        self._failures = 0
        return True

    def apply_document(
        self, change: Callable[[dict[str, Any]], dict[str, Any] | None]
    ) -> dict[str, Any] | None:
        """Write ``change(document on disk)`` in place of the file (a restore, an import).

        Pending edits are written first; then, under the file lock, the file is read
        again and handed to ``change``, which returns the new document (or ``None``: no
        write, the page just sees the file as it is now). The new document is written
        atomically at a revision above both its own and the file's, and the listeners
        hear ``"saved"``.

        Parameters
        ----------
        change : callable
            ``change(document) -> document | None``; it gets a copy it may modify.

        Returns
        -------
        dict or None
            The document written, ``None`` when nothing was (``change`` said so, or the
            workbook is read-only).

        Raises
        ------
        OSError
            When the file cannot be written (the workbook in memory stays as it was).
        """
        self.flush()
        with self._lock:
            if self.read_only:
                return None
            self.directory.mkdir(parents=True, exist_ok=True)
            with self._file_lock:
                on_disk = self._read_disk().document
                new = None if self.read_only else change(copy.deepcopy(on_disk))
                if new is not None:
                    new["schema"] = SCHEMA_VERSION
                    new["learner"] = self.learner
                    new["updated"] = _now()
                    floor = max(int(new.get("revision", 0)), on_disk["revision"], self.revision)
                    new["revision"] = floor + 1
                    atomic_write_text(self.path, json.dumps(new, ensure_ascii=False, indent=1))
                fresh = on_disk if new is None else copy.deepcopy(new)
                for name in self._dirty:  # an edit whose save failed is still the newest
                    if name in self.data["sections"]:
                        fresh["sections"][name] = self.data["sections"][name]
                fresh["revision"] = max(fresh["revision"], self.revision)
                self.data = fresh
        if new is not None:
            self._notify("saved")
        return new

    def _notify(self, status: str) -> None:
        for callback in list(self._listeners):
            with contextlib.suppress(Exception):  # a broken listener must not stop saving
                callback(status)

    def to_json(self) -> str:
        """The whole workbook as pretty JSON text (what the learner downloads)."""
        with self._lock:
            return json.dumps(self.data, ensure_ascii=False, indent=2)


def _daemon_timer(seconds: float, action: Callable[[], None]) -> threading.Timer:
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()
    return timer


def fsync_directory(directory: Path) -> None:
    """Flush a directory's entries (a rename in it) to disk; a no-op on Windows."""
    if os.name == "nt":
        return
    handle = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never half.

    The data is flushed to disk before the rename and the directory after it, so
    the new version survives a crash of the machine too.
    """
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
    fsync_directory(path.parent)
