"""The browser's copy of the workbook (one per page, in the header) and the workbook import.

:class:`PageBackup` sends the learner's workbook to the browser after saves (at most once
every :data:`THROTTLE_SECONDS`, and only when a section or the language changed), which
keeps it in IndexedDB (``static/backup.js``). When a page opens, the browser says what copy
it holds; if the server's workbook is missing or older (:func:`cxwidgets.backup.restore_needed`),
the kernel asks for the copy, validates it and merges it into the workbook file
(:func:`cxwidgets.backup.plan_restore`, newer server sections always win), reloads the
page's exercises and says so. Nobody named (a scratch workbook): nothing is sent or restored.

:class:`WorkbookImport` is the home page's "import workbook (JSON)": merge or replace.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from .. import backup, i18n
from ..errors import CXError
from ..session import Session
from ..workbook import SCHEMA_VERSION, atomic_write_text
from . import common
from .exercise import call_soon
from .upload import FilePicker, too_big_error

STATIC = Path(__file__).resolve().parent.parent / "static"
THROTTLE_SECONDS = 2.0
log = logging.getLogger("cxwidgets")


class BrowserCopy(anywidget.AnyWidget):
    """The browser half: keeps ``learner``'s copy in IndexedDB (or localStorage)."""

    _esm = STATIC / "backup.js"
    learner = traitlets.Unicode("").tag(sync=True)


def _digest(document: dict[str, Any]) -> str:
    """A fingerprint of what a copy holds (sections and language, not the revision)."""
    content = {"sections": document.get("sections"), "language": document.get("language")}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PageBackup:
    """Keeps the browser's copy of the page's workbook and restores it when the server forgot.

    Parameters
    ----------
    session : Session
        The page's session; :meth:`learner_changed` follows a switch of its workbook.

    Attributes
    ----------
    widget : ipywidgets.VBox
        Class ``cx-backup``: the message (``cx-backup-message``) and the hidden browser half.
    message : common.Message
        Says when work was restored or a copy was ignored.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.model = BrowserCopy(learner=self._learner(), layout={"display": "none"})
        self.message = common.Message()
        self.message.add_class("cx-backup-message")
        self.widget = widgets.VBox([self.message, self.model])
        self.widget.add_class("cx-backup")
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._sent_at = float("-inf")
        self._sent_digest: str | None = None
        self._too_big_said = False
        self._unwatch: Callable[[], None] | None = None
        self.model.on_msg(self._handle)
        self._watch()

    # ------------------------------------------------------------ following the workbook
    def _learner(self) -> str:
        return "" if self.session.anonymous else self.session.learner

    def _watch(self) -> None:
        if self._unwatch is not None:
            self._unwatch()
        self._unwatch = self.session.workbook.on_save(self._saved)

    def learner_changed(self) -> None:
        """Follow the session's new workbook (and ask the browser for that learner's copy)."""
        self._watch()
        self._sent_digest = None
        self.model.learner = self._learner()

    def _saved(self, status: str) -> None:
        if status == "saved":
            self._schedule()

    def _schedule(self) -> None:
        """Send now if nothing was sent lately, else once the throttle interval is over."""
        with self._lock:
            if self._timer is not None:
                return  # a send is already due: it will read the newest document
            wait = self._sent_at + THROTTLE_SECONDS - time.monotonic()
            if wait > 0:
                self._timer = threading.Timer(wait, self._due)
                self._timer.daemon = True
                self._timer.start()
                return
        call_soon(self.send_copy)

    def _due(self) -> None:
        with self._lock:
            self._timer = None
        call_soon(self.send_copy)

    def send_copy(self) -> bool:
        """Send the workbook to the browser if it changed since the last copy sent.

        Returns
        -------
        bool
            Whether a copy was sent.
        """
        if self.session.anonymous:
            return False
        workbook = self.session.workbook
        if workbook.pending or workbook.read_only:
            return False  # the next "saved" sends it
        document = workbook.data
        digest = _digest(document)
        if digest == self._sent_digest:
            return False
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        if len(text.encode("utf-8")) > backup.MAX_COPY_BYTES:
            if not self._too_big_said:
                limit = f"{backup.MAX_COPY_BYTES / 1024 / 1024:.0f}"
                self.message.show_info("backup.copy.too_big", limit=limit)
                self._too_big_said = True
            return False
        numbers = backup.summary(document)
        self.model.send(
            {
                "event": "store",
                "learner": workbook.learner,
                "revision": numbers["revision"],
                "sections": numbers["sections"],
                "text": text,
            }
        )
        self._sent_digest = digest
        self._sent_at = time.monotonic()
        return True

    # ------------------------------------------------------------ messages from the browser
    def _handle(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        learner = content.get("learner")
        if self.session.anonymous or learner != self.session.learner:
            return  # about another learner (the page switched meanwhile): not ours
        try:
            if content.get("event") == "offer":
                self.offered(content)
            elif content.get("event") == "copy":
                self.restore(content.get("text"))
        except Exception:
            log.exception("browser copy of %r: %r failed", learner, content.get("event"))

    def offered(self, offer: dict[str, Any]) -> None:
        """The browser says what copy it holds: ask for it, or refresh it, or drop it."""
        if self.session.anonymous:
            return  # a scratch workbook takes no copy (and gives none)
        workbook = self.session.workbook
        workbook.reload()  # another page may have written since this one opened
        server = backup.summary(workbook.data)
        if offer.get("damaged"):
            self.message.show_info("backup.copy.damaged")
            self._forget()
        elif offer.get("found") and backup.restore_needed(server, offer):
            if not workbook.read_only:
                self.model.send({"event": "send", "learner": workbook.learner})
            return
        if server["sections"]:
            self.send_copy()

    def restore(self, text: Any) -> backup.MergeResult | None:
        """Merge the browser's copy into the workbook file if it is still needed.

        Returns
        -------
        MergeResult or None
            What was merged, ``None`` when the copy was refused or not needed.
        """
        workbook = self.session.workbook
        if self.session.anonymous:
            return None
        try:
            document = backup.parse_copy(text, workbook.learner)
        except CXError as exc:
            self.message.show_info(exc.key, **exc.params)
            if exc.key != "backup.copy.newer":
                self._forget()
            return None
        plans: list[backup.MergeResult | None] = []

        def change(on_disk: dict[str, Any]) -> dict[str, Any] | None:
            plans.append(backup.plan_restore(on_disk, document))
            return plans[-1].document if plans[-1] else None

        before = workbook.revision
        try:
            written = workbook.apply_document(change)
        except OSError:
            log.exception("restoring the browser copy of %r failed", workbook.learner)
            self.message.show_error("backup.restore_failed")
            return None
        plan = plans[-1] if plans else None
        if written is not None and plan is not None and plan.changed:
            key = "backup.restored_newer" if plan.replaced else "backup.restored"
            self.message.show_success(key, added=len(plan.added), replaced=len(plan.replaced))
        if workbook.revision != before:
            self.session.reload_exercises()
        self.send_copy()
        return plan if written is not None else None

    def _forget(self) -> None:
        self.model.send({"event": "forget", "learner": self.session.workbook.learner})


def _aside_path(path: Path) -> Path:
    """An unused ``<stem>.before-import-<time>[-n].json`` next to the workbook ``path``."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for count in itertools.count(1):
        suffix = "" if count == 1 else f"-{count}"
        candidate = path.with_name(f"{path.stem}.before-import-{stamp}{suffix}.json")
        if not candidate.exists():
            return candidate
    raise AssertionError  # pragma: no cover - itertools.count never ends


class WorkbookImport:
    """Import a workbook file (the JSON the home page exports): merge it or replace with it.

    Parameters
    ----------
    session : Session
        The page's session.
    on_imported : callable, optional
        Called after a successful import (the home page redraws its progress cards).

    Attributes
    ----------
    widget : ipywidgets.VBox
        Class ``cx-import``: the caption, the mode (``cx-import-mode``), the file button
        (``cx-import-workbook``) and the message (``cx-import-message``).
    """

    def __init__(self, session: Session, on_imported: Callable[[], Any] | None = None) -> None:
        self.session = session
        self.on_imported = on_imported
        self.caption = common.label("backup.import.caption", css="cx-import-caption")
        self.mode = widgets.RadioButtons(
            options=self._modes(), value="merge", style={"description_width": "initial"}
        )
        self.mode.add_class("cx-import-mode")
        common.translate(self.mode, "description", "backup.import.mode")
        common.listen(self.mode, lambda _language: common.set_options(self.mode, self._modes()))
        self.picker = FilePicker(
            self.receive,
            self.refuse_too_big,
            self.refuse_unreadable,
            accept=".json,application/json",
            max_bytes=backup.MAX_COPY_BYTES,
        )
        self.picker.add_class("cx-import-workbook")
        common.translate(self.picker, "label", "backup.import.label")
        common.translate(self.picker, "busy_label", "common.upload.reading")
        self.message = common.Message()
        self.message.add_class("cx-import-message")
        self.widget = widgets.VBox([self.caption, self.mode, self.picker, self.message])
        self.widget.add_class("cx-import")

    @staticmethod
    def _modes() -> list[tuple[str, str]]:
        return [
            (i18n.t("backup.import.mode.merge"), "merge"),
            (i18n.t("backup.import.mode.replace"), "replace"),
        ]

    def receive(self, name: str, content: bytes) -> backup.MergeResult | None:
        """Import the file ``name``; show what happened (this is what the browser calls)."""
        return common.guarded(self.message, self._import)(name, bytes(content))

    def _import(self, name: str, content: bytes) -> backup.MergeResult:
        workbook = self.session.workbook
        if workbook.read_only:
            raise CXError("backup.import.read_only")
        imported = backup.parse_workbook_file(content, name, workbook.learner)
        replacing = self.mode.value == "replace"
        combine = backup.replace if replacing else backup.merge
        results: list[backup.MergeResult] = []
        aside: list[Path] = []

        def change(on_disk: dict[str, Any]) -> dict[str, Any]:
            if replacing and on_disk["sections"]:  # replaced work is kept next to the file
                aside.append(_aside_path(workbook.path))
                atomic_write_text(aside[-1], json.dumps(on_disk, ensure_ascii=False, indent=1))
            results.append(combine(on_disk, imported.document))
            return results[-1].document

        try:
            written = workbook.apply_document(change)
        except OSError as exc:
            raise CXError("backup.import.write_failed") from exc
        if written is None:
            raise CXError("backup.import.read_only")
        result = results[-1]
        note: Any = ""
        if imported.migrated_from is not None:
            note = CXError(
                "backup.import.migrated", found=imported.migrated_from, supported=SCHEMA_VERSION
            )
        if self.mode.value == "merge":
            self.message.show_success(
                "backup.import.merged",
                name=name,
                added=len(result.added),
                replaced=len(result.replaced),
                kept=len(result.kept),
                note=note,
            )
        elif aside:
            self.message.show_success(
                "backup.import.replaced_kept",
                name=name,
                count=len(result.added),
                backup=aside[-1].name,
                note=note,
            )
        else:
            self.message.show_success(
                "backup.import.replaced", name=name, count=len(result.added), note=note
            )
        self.session.reload_exercises()
        if self.on_imported is not None:
            self.on_imported()
        return result

    def refuse_too_big(self, name: str, size: int) -> None:
        """The browser did not send a file over the limit: say so."""
        self.message.show_error(too_big_error(size, backup.MAX_COPY_BYTES))

    def refuse_unreadable(self, name: str) -> None:
        """The browser could not read the chosen file."""
        self.message.show_error("common.upload.unreadable", name=name)
