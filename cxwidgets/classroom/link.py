"""A class member's page and the class: what it publishes, and what it follows.

While a member's page is open, a :class:`ClassLink` runs one background thread that

* publishes every section the learner's workbook saved since the last time (the saved
  value itself, see :meth:`ClassStore.publish`), within about a second of the save;
* tells the class the page is open (a heartbeat every :data:`HEARTBEAT_SECONDS`);
* reads the trainer's controls every :data:`POLL_SECONDS` and, when they change, calls the
  page's listeners on the kernel's loop (locks, results revealed).

The thread never touches widgets; a store that cannot be reached is logged and retried.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from .store import ClassStore, Control, Member

log = logging.getLogger("cxwidgets")

POLL_SECONDS = 1.0
HEARTBEAT_SECONDS = 10.0


class ClassLink:
    """The link of one page's session to the class of its (verified) member.

    Parameters
    ----------
    session : cxwidgets.session.Session
        The page's session; its workbook is the member's.
    store : ClassStore
        The class store.
    member : Member
        The member (verified: the browser gave its key).
    start : bool
        Start the background thread (tests drive :meth:`step` instead).
    """

    def __init__(self, session: Any, store: ClassStore, member: Member, start: bool = True) -> None:
        self.session = session
        self.store = store
        self.member = member
        self.controls: dict[str, Control] = {}
        self._published: dict[str, Any] = {}
        self._listeners: list[Callable[[], None]] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._last_beat = 0.0
        self._last_update = 0.0
        self._unwatch = session.workbook.on_save(self._saved)
        self._thread: threading.Thread | None = None
        self.controls = self._read_controls()
        if start:
            self._thread = threading.Thread(target=self._run, name="cx-class", daemon=True)
            self._thread.start()

    @property
    def code(self) -> str:
        return self.member.code

    # ------------------------------------------------------------ controls
    def control(self, target: str) -> Control:
        """The trainer's switches of a lecture (``"03"``) or a section (``"03/x"``)."""
        return self.controls.get(target, Control())

    def locked(self, section: str) -> bool:
        """Whether the trainer has locked the exercise of ``section``."""
        return bool(section) and self.control(section).locked

    def revealed(self, lecture: str) -> bool:
        """Whether the trainer shows the class's result of ``lecture`` to learners."""
        return self.control(lecture).revealed

    def on_change(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` on the kernel's loop after the controls (or the class's
        answers, while a result is revealed) changed. Returns the function that unsubscribes."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    # ------------------------------------------------------------ the thread
    def _saved(self, status: str) -> None:
        if status == "saved":
            self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.step()
            except Exception:  # the store is unreachable or busy: try again next time
                log.warning("class %s: publishing or polling failed", self.code, exc_info=True)

    def step(self, now: float | None = None) -> bool:
        """Publish new saves, beat, read the controls; True when the controls changed."""
        now = time.time() if now is None else now
        self.publish()
        if now - self._last_beat >= HEARTBEAT_SECONDS:
            self.store.seen(self.member.learner, now)
            self._last_beat = now
        controls = self._read_controls()
        changed = controls != self.controls
        self.controls = controls
        if any(control.revealed for control in controls.values()):
            update = self.store.last_update(self.code)  # others' answers, for the result shown
            changed = changed or update != self._last_update
            self._last_update = update
        if changed:
            self._notify()
        return changed

    def publish(self) -> int:
        """Publish the sections saved since the last call; returns how many."""
        count = 0
        workbook = self.session.workbook
        if workbook.learner != self.member.learner:
            return 0  # the page switched to another learner; the session stops this link
        for section, entry in workbook.sections().items():
            stamp = (entry.get("updated"), entry.get("value"))
            if self._published.get(section) == stamp:
                continue
            self.store.publish(self.code, self.member.learner, section, entry.get("value"))
            self._published[section] = stamp
            count += 1
        return count

    def _read_controls(self) -> dict[str, Control]:
        return self.store.controls(self.code)

    def _notify(self) -> None:
        from ..widgets.exercise import call_soon

        for callback in list(self._listeners):
            call_soon(callback)

    def stop(self) -> None:
        """Stop the thread (the page closed or switched learner); publishes what is left."""
        self._unwatch()
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5)
        try:
            self.publish()
        except Exception:
            log.warning("class %s: last publish failed", self.code, exc_info=True)
