"""Who is learning on this page, in which language, with which workbook.

The learner's identity travels with their browser: Voila hands the page's
query string (``?learner=NAME&lang=en``) to the kernel, which serves exactly
one page. Outside Voila (JupyterLab, nbclient) the ``CX_LEARNER`` and
``CX_LANG`` environment variables apply; with neither, the page asks who is learning.
"""

from __future__ import annotations

import atexit
import os
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from . import i18n
from .errors import CXError
from .workbook import DEFAULT_LEARNER, Workbook, clean_learner_name


def preheated() -> bool:
    """Whether Voila started this kernel in its pool, before any learner asked for the page.

    Such a kernel runs the whole notebook ahead; the request (learner, language) reaches it
    later, through :func:`wait_for_request`.
    """
    return os.environ.get("VOILA_PREHEAT") == "True" and bool(os.environ.get("VOILA_KERNEL_ID"))


def query_params() -> dict[str, str]:
    """The page's query parameters (first value of each), ``{}`` outside Voila or in a
    preheated kernel before its request."""
    query = os.environ.get("QUERY_STRING", "")
    parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
    return {key: values[0] for key, values in parsed.items() if values}


def wait_for_request(then: Any) -> threading.Thread:
    """In a preheated kernel, call ``then(params)`` once the page's request arrives.

    Voila hands the request to a pooled kernel over a websocket; ``voila.utils`` waits for it
    (blocking), so the wait runs on a thread of its own and the notebook goes on running.
    ``then`` is called on that thread: hand the work to the kernel's loop.
    """

    def wait() -> None:
        from voila.utils import wait_for_request as voila_wait

        voila_wait()  # puts the request's QUERY_STRING (and the rest) into os.environ
        then(query_params())

    thread = threading.Thread(target=wait, name="cx-request", daemon=True)
    thread.start()
    return thread


@dataclass
class Session:
    """One page's learner, workbook and lecture."""

    workbook: Workbook
    lecture: str | None = None
    notices: list[CXError] = field(default_factory=list)
    header: Any = None
    deferred: list[Any] = field(default_factory=list)
    exercises: list[Any] = field(default_factory=list)
    #: True while nobody has said who is learning on this page: work goes to a scratch
    #: workbook and is carried into the learner's own one when they give their name.
    anonymous: bool = False
    #: True in a preheated kernel until the page's request (learner, language) arrives.
    waiting: bool = False
    #: A class member's name asked for in the URL, not yet proven by this browser's key
    #: (the page works on a scratch workbook until :meth:`switch_learner` gets the key).
    claimed: str | None = None
    #: The link to the class of the page's (verified) class member, or None.
    classroom: Any = None
    #: The page's view of the class's result (shown when the trainer reveals it), or None.
    class_panel: Any = None

    def attach(self, exercise: Any) -> Any:
        """Remember an exercise of this page; it is reloaded when the learner changes.

        Returns the function that forgets it (the exercise calls it when closed).
        """
        self.exercises.append(exercise)
        return lambda: self.exercises.remove(exercise) if exercise in self.exercises else None

    def reload_exercises(self) -> None:
        """Load every attached exercise's state from the (new) workbook."""
        for exercise in list(self.exercises):
            exercise.load(self.workbook.get(exercise.section) if exercise.section else None)

    @property
    def learner(self) -> str:
        return self.workbook.learner

    @property
    def language(self) -> str:
        return i18n.get_language()

    def set_language(self, language: str) -> str:
        """Switch the language of every widget and remember it in the workbook."""
        code = i18n.set_language(language)
        if self.workbook.language != code:
            self.workbook.set_language(code)
        return code

    def arrive(self, params: dict[str, str]) -> None:
        """Apply the request of a preheated page: its learner's workbook and language.

        The exercises were built before anyone asked for the page; they are loaded from the
        learner's workbook now (anything done meanwhile is carried over, never lost). A bad
        learner name leaves the page asking who is learning, with the reason.
        """
        self.waiting = False
        requested = params.get("learner") or os.environ.get("CX_LEARNER")
        if requested and _claimed(requested):
            self.claimed = requested  # the browser's key opens it (ClassKey in the header)
        elif requested:
            try:
                self.switch_learner(requested)
            except CXError as exc:
                self.notices.append(exc)
        language = params.get("lang") or os.environ.get("CX_LANG") or self.workbook.language
        if language:
            self.set_language(i18n.normalize_language(language))

    def switch_learner(self, name: str, browser_key: str | None = None) -> Workbook:
        """Open another learner's workbook (raises CXError for a bad name).

        A class member's workbook opens only with the key of the browser that claimed the
        name (``live.error.claimed`` otherwise); the page then follows the class
        (:attr:`classroom`).
        """
        canonical = clean_learner_name(name)
        member = _member(canonical)
        if member is not None and not _verified(canonical, browser_key):
            raise CXError("live.error.claimed", name=member.name)
        previous = self.workbook
        previous.flush()
        self.leave_class()
        self.workbook = Workbook(canonical)
        self.claimed = None
        _register_flush(self.workbook)
        self.notices = list(self.workbook.notices)  # e.g. a damaged workbook was kept aside
        if self.anonymous:
            _carry_over(previous, self.workbook)
            self.workbook.flush()
            self.anonymous = False
        if member is not None:
            from .classroom.link import ClassLink
            from .classroom.store import default_store

            self.classroom = ClassLink(self, default_store(), member)
        self.reload_exercises()
        return self.workbook

    def leave_class(self) -> None:
        """Stop following the class (the page switches learner or closes)."""
        if self.classroom is not None:
            self.classroom.stop()
            self.classroom = None


def _member(learner: str) -> Any:
    """The class member whose workbook is ``learner`` (None: not a member, or no class
    store on this server)."""
    from .classroom import store

    if not store.exists():
        return None
    return store.default_store().member_of(learner)


def _claimed(learner: str) -> bool:
    try:
        return _member(clean_learner_name(learner)) is not None
    except CXError:
        return False


def _verified(learner: str, browser_key: str | None) -> bool:
    from .classroom import store

    return bool(browser_key) and store.default_store().verify(learner, browser_key)


def _register_flush(workbook: Workbook) -> None:
    atexit.register(workbook.flush)


def scratch_workbook() -> Workbook:
    """A workbook of nobody in particular, in a private temporary folder of this kernel."""
    return Workbook(DEFAULT_LEARNER, directory=tempfile.mkdtemp(prefix="cx-unnamed-"))


def _carry_over(scratch: Workbook, named: Workbook) -> None:
    """Copy what was done before the learner gave a name into their workbook.

    Sections the named workbook already holds are kept as they are (never overwritten).
    """
    stored = named.sections()
    for section, entry in scratch.sections().items():
        if section not in stored:
            named.set(section, entry.get("value"), done=bool(entry.get("done")))


def start_session(lecture: str | None = None, params: dict[str, str] | None = None) -> Session:
    """Build the session of this page from the query string (or environment).

    With no learner named (no ``?learner=``, no ``CX_LEARNER``) the session is
    ``anonymous``: the page asks who is learning, and work done meanwhile is kept in a
    scratch workbook, then carried into the learner's own. A bad learner name in the URL
    does not break the page either: it opens anonymous and the problem is kept in
    ``session.notices`` for the header to show.
    """
    waiting = params is None and preheated()
    params = query_params() if params is None else params
    notices: list[CXError] = []
    requested = params.get("learner") or os.environ.get("CX_LEARNER")
    claimed = requested if requested and not waiting and _claimed(requested) else None
    anonymous = not requested or claimed is not None
    try:
        workbook = scratch_workbook() if anonymous else Workbook(requested)
    except CXError as exc:
        notices.append(exc)
        anonymous = True
        workbook = scratch_workbook()
    _register_flush(workbook)
    notices.extend(workbook.notices)  # a damaged workbook was kept aside, a newer one is read-only
    language = params.get("lang") or os.environ.get("CX_LANG") or workbook.language
    i18n.set_language(i18n.normalize_language(language))
    return Session(
        workbook=workbook, lecture=lecture, notices=notices, anonymous=anonymous, waiting=waiting,
        claimed=claimed,
    )
