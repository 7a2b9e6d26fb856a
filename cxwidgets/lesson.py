"""Start a lecture page: the learner's session and the page header.

In a lecture notebook::

    from cxwidgets import lesson
    session = lesson.start("03")
"""

from __future__ import annotations

import html
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anywidget
import ipywidgets as widgets
import traitlets
from IPython import get_ipython
from IPython.display import display

from . import charts, i18n
from .course import lecture as find_lecture
from .session import Session, start_session, wait_for_request
from .widgets import layouts, stylesheet
from .widgets.layouts import show

STATIC = Path(__file__).resolve().parent / "static"
READY_DELAY = 0.3
log = logging.getLogger("cxwidgets")


class BrowserState(anywidget.AnyWidget):
    """Mirrors learner and language into the page URL and the browser's storage.

    It also carries the course stylesheet for the whole page (``widgets.stylesheet``).
    """

    _esm = STATIC / "browser_state.js"
    _css = stylesheet.COURSE_CSS
    learner = traitlets.Unicode("").tag(sync=True)
    lang = traitlets.Unicode(i18n.DEFAULT_LANGUAGE).tag(sync=True)
    redirecting = traitlets.Bool(False).tag(sync=True)

    @traitlets.validate("lang")
    def _valid_lang(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in i18n.LANGUAGES:
            message = f"lang must be one of {i18n.LANGUAGES}, got {proposal['value']!r}"
            raise traitlets.TraitError(message)
        return proposal["value"]


def page_url(notebook: str, learner: str, language: str) -> str:
    """Relative link to another page of the course, carrying learner and language."""
    return f"{notebook}?{urlencode({'learner': learner, 'lang': language})}"


class Header(widgets.HBox):
    """Title, link home, learner, language switch and save status of a page."""

    def __init__(self, session: Session, lecture_id: str) -> None:
        self.session = session
        self.rendered = False  # the browser has shown the page
        self.ready_marker: _ReadyMarker | None = None
        self.lecture_id = lecture_id
        self.title = widgets.HTML()
        self.title.add_class("cx-title")
        self.home_link = widgets.HTML()
        self.home_link.add_class("cx-home-link")
        self.learner_label = widgets.HTML()
        self.learner_label.add_class("cx-learner")
        self.language = widgets.ToggleButtons(
            # Each language is named in itself, whatever the page's language.
            # i18n: input vocabulary
            options=[("中文", "zh-CN"), ("English", "en")],
            # i18n: end
            value=i18n.get_language(),
            style={"button_width": "5.5rem"},
        )
        self.language.add_class("cx-language")
        self.save_status = widgets.HTML()
        self.save_status.add_class("cx-save-status")
        self.browser = BrowserState(learner=self._url_learner(), lang=i18n.get_language())
        self.notice = widgets.HTML()
        self.who = LearnerPrompt(self)
        from .widgets.backup import PageBackup  # the browser's copy of the workbook

        self.backup = PageBackup(session)
        from .widgets.classroom.identity import KeyCheck  # a class member's browser key

        self.class_key = KeyCheck(session, on_opened=self.learner_changed)
        super().__init__(
            [
                self.title,
                self.home_link,
                self.learner_label,
                self.language,
                self.save_status,
                self.notice,
                self.class_key.widget,
                self.backup.widget,
                self.who.widget,
                self.browser,
            ]
        )
        self.add_class("cx-header")
        self.browser.on_msg(self._browser_message)
        self.language.observe(self._language_picked, names="value")
        i18n.on_change(self._relabel)
        self._watch_workbook()
        self._relabel()

    def _browser_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        # The page has loaded every widget that exists: build the deferred exercises now
        # (earlier, the browser would meet models it has not loaded yet), or once the page is
        # marked ready: the browser reads messages in order, and hundreds of new models sent
        # first would hold the page's "ready" back.
        if isinstance(content, dict) and content.get("event") == "rendered":
            self.rendered = True
            # Held background work may change widgets now: every model is in the browser (an
            # update sent while the page was still loading them could be lost).
            charts.release()
            if self.ready_marker is None or self.ready_marker.done:
                self.send_state("_dom_classes")  # "ready", in case it came before the header
                _build_deferred(self.session)

    def _watch_workbook(self) -> None:
        """Follow the save status of the session's (current) workbook."""
        unwatch = getattr(self, "_unwatch_workbook", None)
        if unwatch is not None:
            unwatch()  # the previous learner's workbook
        workbook = self.session.workbook
        self._unwatch_workbook = workbook.on_save(self._saved)
        if not getattr(self, "_save_status_translated", False):
            i18n.on_change(lambda _language: self._saved(self._save_state))
            self._save_status_translated = True
        if workbook.read_only:
            self._saved("readonly")
        elif workbook.last_error is not None:
            self._saved("error")
        elif workbook.pending:
            self._saved("pending")
        else:
            self._saved("")  # nothing to report before the first edit

    def _saved(self, status: str) -> None:
        """Show a save status (``saved``, ``pending``, ``error``, ``readonly``; ``""`` none).

        Never "saved" while an edit waits for its write. The HTML carries
        ``data-state`` and ``data-revision`` for browser tests.
        """
        workbook = self.session.workbook
        if status == "saved" and workbook.pending:
            status = "pending"  # a typed edit arrived after that write
        if status == "saved" and self.session.anonymous:
            status = "scratch"  # kept for this page only until the learner gives a name
        self._save_state = status
        if not status:
            self.save_status.value = ""
            return
        if status in ("error", "readonly"):
            self.save_status.add_class("cx-save-error")
        else:
            self.save_status.remove_class("cx-save-error")
        texts = {
            "saved": i18n.t("common.header.saved_revision", revision=workbook.revision),
            "pending": i18n.t("common.header.save_pending"),
            "error": i18n.t("common.header.save_retrying"),
            "readonly": i18n.t("common.header.read_only"),
            "scratch": i18n.t("common.header.saved_scratch"),
        }
        hint = i18n.t("common.header.save_failed") if status == "error" else ""
        self.save_status.value = (
            f'<span class="cx-save-state" role="status" data-state="{html.escape(status)}" '
            f'data-revision="{workbook.revision}" title="{html.escape(hint)}">'
            f"{html.escape(texts.get(status, ''))}</span>"
        )

    def _language_picked(self, change: dict[str, Any]) -> None:
        self.session.set_language(change["new"])

    def _relabel(self, _language: str | None = None) -> None:
        language = i18n.get_language()
        if self.language.value != language:
            self.language.value = language
        self.language.tooltips = [i18n.t("common.header.language")] * 2
        self.browser.lang = language
        self.browser.learner = self._url_learner()
        title = i18n.t(find_lecture(self.lecture_id).title_key)
        self.title.value = f"<h2>{html.escape(self.lecture_id)} · {html.escape(title)}</h2>"
        if self.lecture_id != "00":
            href = page_url("00_home.ipynb", self.session.learner, language)
            text = html.escape(i18n.t("common.header.home"))
            self.home_link.value = f'<a class="cx-home" href="{html.escape(href)}">← {text}</a>'
        self.learner_label.value = (
            html.escape(i18n.t("common.header.no_learner"))
            if self.session.anonymous
            else html.escape(i18n.t("common.header.learner", name=self.session.learner))
        )
        self.who.draw()
        self.notice.value = "".join(
            f'<div class="cx-msg cx-msg-error" role="alert">{html.escape(n.message())}</div>'
            for n in self.session.notices
        )

    def _follow_class(self) -> None:
        """A class member's page follows the trainer's controls (locks, results shown)."""
        unfollow = getattr(self, "_unfollow_class", None)
        if unfollow is not None:
            unfollow()
            self._unfollow_class = None
        link = self.session.classroom
        if link is not None:
            from .widgets.classroom.follow import follow

            self._unfollow_class = follow(self.session)

    def _url_learner(self) -> str:
        """The learner the URL and the browser should remember ("" while nobody is named;
        a class member's name while this browser proves its key)."""
        if self.session.claimed:
            return self.session.claimed
        return "" if self.session.anonymous else self.session.learner

    def learner_changed(self) -> None:
        """Call after ``session.switch_learner`` to update the header and the URL."""
        self.class_key.draw()
        self._follow_class()
        self._watch_workbook()
        self.backup.learner_changed()
        if not self._save_state and self.session.workbook.revision:
            # The switch itself wrote (work carried over, the language): say which revision.
            self._saved("saved")
        self._relabel()


class LearnerPrompt:
    """"Who is learning?": shown in the header while the page has no learner.

    Work done before the name is given is kept and carried into the learner's workbook
    (see :meth:`Session.switch_learner`).
    """

    def __init__(self, header: Header) -> None:
        from .widgets import common
        from .widgets.name_field import NameField

        self.header = header
        self.name = NameField(name="who", button_class="cx-who-apply")
        self.name.add_class("cx-who-name")
        common.translate(self.name, "placeholder", "common.header.who_placeholder")
        common.translate(self.name, "label", "common.header.who_label")
        common.translate(self.name, "button", "common.header.who_apply")
        self.message = common.Message()
        self.label = common.label("common.header.who", css="cx-who-label")
        self.widget = widgets.VBox([self.label, self.name, self.message])
        self.widget.add_class("cx-who")
        self.name.on_submit(common.guarded(self.message, self.apply))

    def apply(self, name: str) -> None:
        """Open the typed learner's workbook (a bad name shows why, nothing changes)."""
        if not name.strip():
            return
        session = self.header.session
        session.switch_learner(name)  # CXError for a bad name: shown, the page stays as it was
        session.workbook.set_language(i18n.get_language())
        self.message.clear()
        self.header.learner_changed()

    def draw(self) -> None:
        session = self.header.session
        asking = session.anonymous and not session.claimed  # a claimed name waits for its key
        show(self.widget, asking)


def last_code_cell(notebook: str | None, folder: Path | None = None) -> str | None:
    """The source of ``notebook``'s last code cell (stripped), or None if it cannot be read.

    Voila runs a notebook's kernel in the notebook's folder (the current directory).
    """
    if not notebook:
        return None
    try:
        with open((folder or Path.cwd()) / notebook, encoding="utf-8") as handle:
            cells = json.load(handle)["cells"]
        sources = ["".join(c["source"]) for c in cells if c.get("cell_type") == "code"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    sources = [source.strip() for source in sources if source.strip()]
    if not sources or sources.count(sources[-1]) > 1:  # an earlier cell would look like the end
        return None
    return sources[-1]


class _ReadyMarker:
    """Adds ``cx-ready`` to the header once the notebook has finished executing.

    The kernel runs cells one by one. The page is complete when the notebook's last code cell
    has run (its source is read from the lecture's notebook file), or, when that cannot be
    known (a notebook edited or run from elsewhere), when no new cell starts within
    ``READY_DELAY`` seconds after one ends.
    """

    def __init__(self, header: Header, last_cell: str | None = None) -> None:
        self.header = header
        self.started = time.monotonic()
        self.running = 0
        self.done = False
        self.handle: Any = None
        self.last_cell = last_cell
        self.shell = get_ipython()
        if self.shell is None or getattr(self.shell, "kernel", None) is None:
            self.done = True
            header.add_class("cx-ready")
            charts.release()
            return
        self.shell.events.register("pre_run_cell", self._pre)
        self.shell.events.register("post_run_cell", self._post)

    def _pre(self, *_args: Any) -> None:
        self.running += 1
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None

    def _post(self, result: Any = None, *_args: Any) -> None:
        self.running = max(0, self.running - 1)
        import threading

        if self.handle is not None:
            self.handle.cancel()
            self.handle = None
        cell = getattr(getattr(result, "info", None), "raw_cell", None)
        if self.last_cell is not None and isinstance(cell, str) and cell.strip() == self.last_cell:
            self._fire()  # the notebook's last cell: no need to wait for another one
            return
        self.handle = threading.Timer(READY_DELAY, self._fire)
        self.handle.daemon = True
        self.handle.start()

    def _fire(self) -> None:
        if self.running == 0:
            first = not self.done
            self.done = True
            if self.header.session.waiting:  # preheated: no browser yet, prepare everything now
                charts.release()  # (the page is marked ready once it has its learner)
                if first:  # one line per prepared page, however often the marker fires
                    announce_prepared(self.header.lecture_id, time.monotonic() - self.started)
            else:
                self.header.add_class("cx-ready")
            if self.header.rendered:  # the browser was quicker: build what it waits for
                from .widgets.exercise import call_soon

                session = self.header.session
                call_soon(lambda: _build_deferred(session))

    def arrived(self) -> None:
        """The request of a preheated page was applied: ready if the notebook has finished."""
        if self.done:
            self.header.add_class("cx-ready")


def announce_prepared(lecture_id: str, seconds: float) -> None:
    """Tell the server's terminal that a page of the lecture was prepared for a learner.

    A preheated kernel (``make serve CLASS_LECTURE=.. CLASS_SIZE=N``) has run the notebook
    (``seconds``: since :func:`start`): the trainer sees one line per prepared page. Voila's own
    "Kernel pool ... is filled" comes when the kernels have only *started*. Written to the
    kernel's own stderr, which is the server's terminal.
    """
    texts = i18n.both("common.serve.prepared", lecture=lecture_id, seconds=f"{seconds:.1f}")
    print(" / ".join(texts.values()), file=sys.__stderr__, flush=True)


def _in_voila() -> bool:
    return bool(os.environ.get("VOILA_KERNEL_ID") or os.environ.get("VOILA_BASE_URL"))


def _build_into(box: widgets.Box, factory: Callable[[Session], Any], session: Session) -> None:
    try:
        box.children = [factory(session).widget]
    except Exception:
        log.exception("building %s failed", factory)
        box.children = [widgets.HTML(
            f'<div class="cx-msg cx-msg-error" role="alert">'
            f'{html.escape(i18n.t("common.error.unexpected"))}</div>'
        )]


def _build_deferred(session: Session) -> None:
    while session.deferred:
        box, factory = session.deferred.pop(0)
        _build_into(box, factory, session)


def _with_args(factory: Callable[..., Any], args: tuple[Any, ...]) -> Callable[[Session], Any]:
    def build(session: Session) -> Any:
        return factory(session, *args)

    build.__qualname__ = getattr(factory, "__qualname__", "factory")  # named in failure logs
    return build


def later(factory: Callable[..., Any], session: Session, *args: Any) -> widgets.Box:
    """Show an exercise that is built once the rest of the page is interactive.

    In Voila the page becomes usable only when every cell has run; exercises
    further down the page are therefore shown as a placeholder first and built
    as soon as the browser has shown the page (it says so through the header's
    ``BrowserState`` widget), so the learner can start at the top without
    waiting. Outside Voila (JupyterLab, nbclient) the exercise is built at once.

    Parameters
    ----------
    factory : callable
        An exercise class (or any ``factory(session, *args)`` with a ``.widget``).
    session : Session
        The page's session.
    *args
        More arguments for ``factory`` (e.g. the exercises a results view reads).

    Returns
    -------
    ipywidgets.Box
        Display it (the last expression of a cell).
    """
    placeholder = widgets.HTML(
        f'<div class="cx-chart-loading" aria-busy="true">{html.escape(i18n.t("common.loading"))}</div>'
    )
    box = widgets.VBox([placeholder])
    box.add_class("cx-deferred")
    if args:
        factory = _with_args(factory, args)
    if _in_voila() and session.header is not None and not session.waiting:
        session.deferred.append((box, factory))  # a preheated kernel has time: built at once
    else:
        _build_into(box, factory, session)
    return box


def start(lecture_id: str, show: bool = True) -> Session:
    """Open the learner's session for a lecture page and show its header.

    Parameters
    ----------
    lecture_id : str
        ``"00"`` .. ``"10"``.
    show : bool
        Display the header (title, language switch, learner, save status).

    Returns
    -------
    Session
        With ``.workbook`` and ``.learner``; ``.header`` holds the header widget.
    """
    if _in_voila():
        layouts.share_defaults()  # unchanged layouts and styles: one model each, not one a widget
        charts.hold()  # background work waits until the browser has shown the page
    # Altair is imported by the first chart that needs it, on the chart thread, not ahead:
    # half the lectures draw no Altair chart until a learner asks for one, and a class of
    # kernels importing it at once (~45 MB and ~0.3 s of CPU each) slows every page still
    # loading. Its format validators are kept out before any thread can import it.
    charts.skip_format_checkers()
    session = start_session(lecture_id)
    stylesheet.page_carries(show)  # the header's BrowserState brings course.css to the page
    header = Header(session, lecture_id)
    session.header = header
    ready = _ReadyMarker(header, last_code_cell(find_lecture(lecture_id).notebook))
    header.ready_marker = ready
    if session.waiting:
        _on_request(session, header, ready)
    from .widgets.classroom.panel import ClassPanel  # the class's result, when revealed

    session.class_panel = ClassPanel(session)
    if show:
        display(header)  # on its own: it stays at the top of the window (sticky)
        display(session.class_panel.widget)
    return session


def _on_request(session: Session, header: Header, ready: _ReadyMarker) -> None:
    """In a preheated kernel: when the learner's request arrives, load their work."""
    from .widgets.exercise import call_soon

    def apply(params: dict[str, str]) -> None:
        try:
            session.arrive(params)
            header.learner_changed()
        finally:
            ready.arrived()

    wait_for_request(lambda params: call_soon(lambda: apply(params)))
