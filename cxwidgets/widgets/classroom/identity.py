"""Joining a class and proving, on every page, that this browser holds the learner's name.

:class:`ClassKey` is the browser half (``static/class_key.js``): it keeps a random secret in
``localStorage`` and sends it with a join, or at once on a page opened for a class member.
:class:`JoinPanel` (course home) and :class:`KeyCheck` (every page's header) are the kernel
halves; the decisions are the store's (:meth:`ClassStore.join`, :meth:`ClassStore.verify`,
:meth:`ClassStore.recover`) and the session's (:meth:`Session.switch_learner`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import traitlets

from ... import i18n
from ...classroom import store as class_store
from ...errors import CXError
from ..layouts import show
from ..stylesheet import CourseWidget

STATIC = Path(__file__).resolve().parent.parent.parent / "static"
log = logging.getLogger("cxwidgets")
MODES = ("join", "key")
#: Catalogue keys of the widget's texts.
TEXTS = {
    "title": "live.join.title",
    "code": "live.join.code",
    "name": "live.join.name",
    "join": "live.join.button",
    "recovery": "live.join.recovery",
    "recover": "live.join.recover",
    "refused": "live.join.refused",
    "recovery_is": "live.join.recovery_is",
    "recovery_why": "live.join.recovery_why",
    "show_recovery": "live.join.show_recovery",
}


class ClassKey(CourseWidget):
    """The browser's secret key of a class member, and the join / recovery forms.

    Traits
    ------
    mode : {"join", "key"}
        ``join``: the course home's form; ``key``: send the key for ``learner`` at once.
    code, name : str
        The class code and display name (the join form shows them; set again after a
        refused join so nothing typed is lost).
    learner : str
        The member's workbook name (key mode; after a join, to keep the recovery code).
    status : str
        ``""``, ``"joined"``, ``"recovered"``, ``"ok"`` (key accepted), ``"refused"``.
    recovery : str
        The recovery code to show once (after a join or a recovery).
    message, error : str
        Translated texts: what happened, what went wrong.
    """

    _esm = STATIC / "class_key.js"
    mode = traitlets.Unicode("join").tag(sync=True)
    code = traitlets.Unicode("").tag(sync=True)
    name = traitlets.Unicode("").tag(sync=True)
    learner = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    recovery = traitlets.Unicode("").tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)

    @traitlets.validate("mode")
    def _valid_mode(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in MODES:
            message = f"mode must be one of {MODES}, got {proposal['value']!r}"
            raise traitlets.TraitError(message)
        return proposal["value"]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.handlers: dict[str, Callable[[dict[str, Any]], None]] = {}
        self.on_msg(self._handle)
        self._error: CXError | None = None
        self._done: tuple[str, dict[str, Any]] | None = None
        self.relabel()
        self._unlisten = i18n.on_change(lambda _language: self.relabel())

    def relabel(self) -> None:
        """Texts in the active language (the last error and message too)."""
        self.texts = {name: i18n.t(key) for name, key in TEXTS.items()}
        self.error = self._error.message() if self._error else ""
        self.message = i18n.t(self._done[0], **self._done[1]) if self._done else ""

    def show_error(self, error: CXError | None) -> None:
        """Show ``error`` (None: clear it), in the active language and after a switch."""
        self._error = error
        self.error = error.message() if error else ""

    def show_done(self, status: str, key: str, **params: Any) -> None:
        """Say what happened (``status`` ``joined``/``recovered``) with catalogue ``key``."""
        self._error = None
        self._done = (key, params)
        self.error = ""
        self.message = i18n.t(key, **params)
        self.status = status

    def _handle(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        handler = self.handlers.get(str(content.get("event")))
        if handler is None:
            return
        try:
            handler(content)
        except CXError as exc:
            self.show_error(exc)
        except Exception:
            log.exception("class key: %r failed", content.get("event"))
            self.show_error(CXError("common.error.unexpected"))

    def close(self) -> None:
        self._unlisten()
        super().close()


def _text(content: dict[str, Any], name: str) -> str:
    value = content.get(name)
    return value if isinstance(value, str) else ""


class JoinPanel:
    """The course home's "join a class" form (the class code may come from ``?class=``).

    Joining opens the member's workbook on this page at once (:meth:`Session.switch_learner`
    with the browser's key) and shows the recovery code to note.
    """

    def __init__(self, session: Any, code: str = "", on_joined: Callable[[], None] | None = None,
                 store: class_store.ClassStore | None = None) -> None:
        self.session = session
        self.store = store
        self.on_joined = on_joined
        import os

        hub_user = os.environ.get("JUPYTERHUB_USER", "")  # on a hub, the hub's name by default
        self.widget = ClassKey(mode="join", code=code.strip().upper()[:9], name=hub_user[:24])
        self.widget.add_class("cx-class-join-panel")
        self.widget.handlers["join"] = self.join

    def _store(self) -> class_store.ClassStore:
        return self.store or class_store.default_store()

    def join(self, content: dict[str, Any]) -> None:
        """A join from the browser: ``{"code", "name", "key"}``."""
        code, name, key = _text(content, "code"), _text(content, "name"), _text(content, "key")
        self.widget.code, self.widget.name = code, name  # kept in the form if refused
        self.widget.show_error(None)
        joined = self._store().join(code, name, key)
        self.session.switch_learner(joined.member.learner, browser_key=key)
        self.widget.learner = joined.member.learner
        self.widget.recovery = joined.recovery
        self.widget.show_done(
            "joined", "live.join.rejoined" if joined.rejoined else "live.join.joined",
            name=joined.member.name, code=joined.member.code,
        )
        if self.on_joined is not None:
            self.on_joined()


class KeyCheck:
    """A page opened for a class member (``?learner=<code>-<name>``): the browser's key opens
    the workbook; another browser gets the recovery form instead."""

    def __init__(self, session: Any, on_opened: Callable[[], None] | None = None,
                 store: class_store.ClassStore | None = None) -> None:
        self.session = session
        self.store = store
        self.on_opened = on_opened
        self.widget = ClassKey(mode="key")
        self.widget.add_class("cx-class-key-check")
        self.widget.handlers["key"] = self.check
        self.widget.handlers["recover"] = self.recover
        self.draw()

    def _store(self) -> class_store.ClassStore:
        return self.store or class_store.default_store()

    def draw(self) -> None:
        """Follow the session: waiting for a key, or following a class (recovery code)."""
        link = self.session.classroom
        if self.session.claimed:
            self.widget.learner = self.session.claimed
            show(self.widget)
        elif link is not None:
            self.widget.learner = link.member.learner
            if self.widget.status not in ("joined", "recovered"):
                self.widget.status = "ok"
            show(self.widget)
        else:
            show(self.widget, False)

    def check(self, content: dict[str, Any]) -> None:
        """The browser's key for the claimed learner: open the workbook, or ask to recover."""
        claimed = self.session.claimed
        if not claimed:
            return
        try:
            self.session.switch_learner(claimed, browser_key=_text(content, "key"))
        except CXError as exc:
            if exc.key != "live.error.claimed":
                raise
            self.widget.show_error(None)  # the recovery form says why
            self.widget.status = "refused"
            return
        self.widget.show_error(None)
        self.widget.status = "ok"
        if self.on_opened is not None:
            self.on_opened()

    def recover(self, content: dict[str, Any]) -> None:
        """A recovery code typed on a new device: this browser takes the name over."""
        claimed = self.session.claimed
        member = self._store().member_of(claimed) if claimed else None
        if member is None:
            return
        key = _text(content, "key")
        joined = self._store().recover(member.code, member.name, _text(content, "recovery"), key)
        self.session.switch_learner(claimed, browser_key=key)
        self.widget.recovery = joined.recovery
        self.widget.show_done("recovered", "live.join.recovered", name=member.name,
                              code=member.code)
        if self.on_opened is not None:
            self.on_opened()
