"""The exercise contract every lecture builds on.

An exercise is one JSON-able **state** (the truth) and views drawn from it:

* It is **built** from the course's defaults and the active language without knowing the
  learner (:meth:`Exercise.build` must not read the workbook).
* It **loads** a learner's saved state (:meth:`Exercise.load`), now or later: another learner,
  a restored backup or a reset all go through the same call on an exercise already built.
* An **event** (a click, a keystroke that reaches the kernel, an upload) changes the state
  (:meth:`Exercise.update` / :meth:`Exercise.set_state`); the new state is **saved** and the
  views are **redrawn** (:meth:`Exercise.draw`). State flows down, events flow up.

Events come only from the learner: :func:`on_user_change` calls back for changes the browser
sent, never for values the kernel assigns while drawing, so drawing can set widget values freely
and no re-entrancy flag is needed.

A minimal exercise::

    class Note(Exercise):
        section = "03/note"
        title_key = "demo.note.title"
        name = "note"

        def initial_state(self):
            return {"text": ""}

        def build(self):
            self.box = widgets.Textarea()
            self.bind(self.box, "text", typing=True)
            self.preview = widgets.HTML()
            return [self.box, self.preview]

        def draw(self):
            self.preview.value = html.escape(self.state["text"])
"""

from __future__ import annotations

import copy
import logging
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as widgets

from .. import charts, i18n
from ..errors import CXError
from . import common

if TYPE_CHECKING:
    from ..session import Session

log = logging.getLogger("cxwidgets")


# --------------------------------------------------------------------------- kernel thread
def call_soon(function: Callable[[], Any]) -> None:
    """Run ``function`` on the kernel's main thread (safe to call from any thread).

    Widgets are updated from the kernel's event loop only: a background load hands its
    result back through this. Outside a kernel (scripts, tests) the function runs at once.
    """
    loop = _kernel_loop()
    if loop is None or threading.current_thread() is threading.main_thread():
        function()
        return
    loop.add_callback(function)


def _kernel_loop() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipywidgets
        return None
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    return getattr(kernel, "io_loop", None)


# --------------------------------------------------------------------------- learner events
def is_user_change(widget: widgets.Widget) -> bool:
    """Whether ``widget`` is being changed by a message from the browser right now.

    ipywidgets applies a browser update inside ``Widget.set_state``, which holds the synced
    names in ``_property_lock`` while the observers run; a value the kernel assigns itself
    runs with the lock empty.
    """
    return bool(getattr(widget, "_property_lock", None))


def on_user_change(
    widget: widgets.Widget, callback: Callable[[Any], Any], names: str = "value"
) -> Callable[[], None]:
    """Call ``callback(new_value)`` when the learner changes ``widget.<names>`` in the browser.

    While the callback runs, further changes of the same widget are the kernel's (a handler
    that redraws the widget which sent the event, e.g. a locked answer snapping back), so they
    are not reported again. This is the toolkit's one re-entrancy guard; exercises need none.
    Returns the function that stops listening.
    """
    running: list[bool] = []

    def observer(change: dict[str, Any]) -> None:
        if running or not is_user_change(widget):
            return
        running.append(True)
        try:
            callback(change["new"])
        finally:
            running.pop()

    widget.observe(observer, names=names)
    return lambda: widget.unobserve(observer, names=names)


def user_sets(widget: widgets.Widget, value: Any, name: str = "value") -> None:
    """Change ``widget`` as the browser does (tests and demos drive exercises with this).

    Selection widgets (dropdowns, toggle buttons) receive the option's index, as from the
    browser; every other widget receives the value itself.
    """
    if isinstance(widget, widgets.widget_selection._Selection) and name == "value":
        values = list(widget._options_values)
        if value not in values:
            message = f"{value!r} is not one of the options {values!r}"
            raise ValueError(message)
        widget.set_state({"index": values.index(value)})
    elif isinstance(widget, widgets.widget_selection._MultipleSelection) and name == "value":
        values = list(widget._options_values)
        widget.set_state({"index": [values.index(v) for v in value]})
    else:
        widget.set_state({name: value})


def user_clicks(button: widgets.Button) -> None:
    """Click ``button`` as the browser does."""
    button._handle_button_msg(None, {"event": "click"}, None)


def assign(widget: widgets.Widget, name: str, value: Any) -> None:
    """Set ``widget.<name>`` only when it differs (no redundant message to the browser)."""
    if getattr(widget, name) != value:
        setattr(widget, name, value)


# --------------------------------------------------------------------------- lifetimes
class Scope:
    """Collects the undo functions of everything an exercise subscribed to.

    :meth:`close` undoes them all (language listeners, workbook listeners, observers),
    so nothing keeps calling into an exercise that is gone.
    """

    def __init__(self) -> None:
        self._undo: list[Callable[[], Any]] = []

    def add(self, undo: Callable[[], Any]) -> Callable[[], Any]:
        self._undo.append(undo)
        return undo

    def close(self) -> None:
        while self._undo:
            undo = self._undo.pop()
            try:
                undo()
            except Exception:  # one failing undo must not keep the others alive
                log.exception("unsubscribing failed")


class Debounce:
    """Call ``function`` once, ``seconds`` after the last :meth:`__call__` (a timer thread).

    ``flush()`` runs a pending call now; ``cancel()`` drops it.
    """

    def __init__(self, function: Callable[[], Any], seconds: float) -> None:
        self.function = function
        self.seconds = seconds
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.seconds, self._fire)
            self._timer.daemon = True
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
        self.function()

    def flush(self) -> None:
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            self.function()

    def cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = None


# --------------------------------------------------------------------------- the contract
class Exercise:
    """Base class of every exercise (see the module docstring for the contract).

    Subclasses set the class attributes and override :meth:`initial_state`, :meth:`build`
    and :meth:`draw`; most also override :meth:`clean` (make a stored value safe) and
    :meth:`is_done`.

    Parameters
    ----------
    session : Session, optional
        The page's session. With one, the exercise loads the learner's state at once and is
        reloaded when the page's learner changes; without one it shows the defaults until
        :meth:`attach` or :meth:`load` is called.

    Attributes
    ----------
    state : dict
        The exercise's truth, JSON-serialisable.
    widget : ipywidgets.Widget
        The exercise card to display.
    message : common.Message
        Feedback line of the exercise (errors never show as tracebacks).
    """

    #: Workbook section, ``"<lecture>/<exercise>"``.
    section: ClassVar[str] = ""
    #: Catalogue key of the card's heading.
    title_key: ClassVar[str] = ""
    #: CSS name: the card has class ``cx-ex-<name>``.
    name: ClassVar[str] = ""

    def __init__(self, session: Session | None = None) -> None:
        self.session: Session | None = None
        self.scope = Scope()
        self._background_jobs = 0  # not finished yet (see wait_idle)
        self._idle = threading.Event()
        self._idle.set()
        self.message = common.Message()
        self.state: dict[str, Any] = self.initial_state()
        self._bindings: list[tuple[widgets.Widget, str, str]] = []
        self._texts: list[tuple[widgets.Widget, str, str, dict[str, Any]]] = []
        children = self.build()
        self.widget = common.Card(self.title_key, *children, name=self.name)
        self.widget.on_close(self.close)
        self.scope.add(i18n.on_change(lambda _language: self.redraw(relabel=True)))
        self.redraw(relabel=True)
        if session is not None:
            self.attach(session)

    # ------------------------------------------------------------ to override
    def initial_state(self) -> dict[str, Any]:
        """The state of an untouched exercise (course defaults). Must not read the workbook."""
        return {}

    def clean(self, stored: Any) -> dict[str, Any]:
        """Turn a stored value into a valid state; raise CXError when it cannot be used.

        The default keeps the known keys of :meth:`initial_state` found in ``stored``.
        """
        state = self.initial_state()
        if isinstance(stored, dict):
            state.update({key: stored[key] for key in state if key in stored})
        return state

    def build(self) -> list[widgets.Widget]:
        """Create the widgets (from defaults and the active language); return the card's body."""
        return [self.message]

    def draw(self) -> None:
        """Draw every view from :attr:`state`. Called after each change, load and language switch.

        Bound widgets (:meth:`bind`) and texts (:meth:`text`) are redrawn before this runs.
        """

    def relabel(self) -> None:
        """Update labels that depend on the language only (called before :meth:`draw`)."""

    def is_done(self) -> bool:
        """Whether the exercise counts as completed for the learner's progress."""
        return False

    def saved_value(self) -> dict[str, Any]:
        """What is stored in the workbook (default: the state itself)."""
        return self.state

    def loaded(self) -> None:
        """Hook run after every :meth:`load` (e.g. start a background load)."""

    # ------------------------------------------------------------ provided
    def attach(self, session: Session) -> None:
        """Bind to ``session``: load its learner's state now and whenever the learner changes."""
        self.session = session
        register = getattr(session, "attach", None)
        if register is not None:
            self.scope.add(register(self))
        self.load(session.workbook.get(self.section) if self.section else None)

    def load(self, stored: Any) -> None:
        """Replace the state by a stored value (``None``: the defaults) and redraw."""
        self.message.clear()
        try:
            state = self.initial_state() if stored is None else self.clean(copy.deepcopy(stored))
        except CXError as exc:
            state = self.initial_state()
            self.message.show_error(exc)
        except Exception:
            log.error("stored state of %s unusable:\n%s", self.section, traceback.format_exc())
            state = self.initial_state()
            self.message.show_error("common.exercise.bad_state")
        self.state = state
        self.redraw()
        self.loaded()

    def reset(self) -> None:
        """Back to the defaults, saved."""
        self.set_state(self.initial_state())

    def update(self, typing: bool = False, **changes: Any) -> None:
        """Change some keys of the state (an event): saved and redrawn when anything differs."""
        self.set_state({**self.state, **changes}, typing=typing)

    def set_state(self, state: dict[str, Any], typing: bool = False) -> None:
        """Replace the whole state (an event): saved and redrawn when it differs.

        ``typing=True`` for text being typed: the save is debounced; anything else (a click,
        a drag released, an upload) is saved at once.
        """
        if state == self.state:
            return
        if self.class_locked():
            self.message.show_info("live.locked")
            self.redraw()  # the view goes back to the state, which the lock keeps
            return
        previous, self.state = self.state, state
        try:
            self.save(typing=typing)  # the workbook refuses what JSON cannot hold (TypeError)
        except TypeError:
            self.state = previous
            raise
        self.redraw()

    def class_locked(self) -> bool:
        """Whether the trainer of the learner's class has locked this exercise."""
        link = getattr(self.session, "classroom", None)
        return link is not None and bool(self.section) and link.locked(self.section)

    def save(self, typing: bool = False) -> None:
        """Store the state in the learner's workbook."""
        if self.session is None or not self.section:
            return
        self.session.workbook.set(
            self.section, self.saved_value(), done=self.is_done(), typing=typing
        )

    def redraw(self, relabel: bool = False) -> None:
        """Draw the views from the state; a failure shows a message, never a traceback."""
        try:
            if relabel:
                for widget, attribute, key, params in self._texts:
                    assign(widget, attribute, _text_value(attribute, key, params))
                self.relabel()
            for widget, attribute, key in self._bindings:
                if key in self.state:
                    assign(widget, attribute, self.state[key])
            self.draw()
        except CXError as exc:
            self.message.show_error(exc)
        except Exception:
            log.error("drawing %s failed:\n%s", self.section, traceback.format_exc())
            self.message.show_error("common.error.unexpected")

    # ------------------------------------------------------------ wiring helpers
    def bind(
        self,
        widget: widgets.Widget,
        key: str,
        attribute: str = "value",
        typing: bool = False,
        convert: Callable[[Any], Any] | None = None,
    ) -> widgets.Widget:
        """Two-way bind ``widget.<attribute>`` to ``state[key]``.

        Drawing sets the widget from the state; a learner's change updates the state (saved
        at once, or debounced with ``typing=True``). ``convert`` turns the widget value into
        the state value; a CXError it raises is shown and the state is kept.
        """
        self._bindings.append((widget, attribute, key))

        def changed(value: Any) -> None:
            new = convert(value) if convert else value
            self.update(typing=typing, **{key: new})

        self.scope.add(on_user_change(widget, self.guard(changed), names=attribute))
        return widget

    def on_change(
        self, widget: widgets.Widget, handler: Callable[[Any], Any], attribute: str = "value"
    ) -> widgets.Widget:
        """Call ``handler(new_value)`` for the learner's changes of ``widget`` (guarded)."""
        self.scope.add(on_user_change(widget, self.guard(handler), names=attribute))
        return widget

    def on_click(self, button: widgets.Button, handler: Callable[[], Any]) -> widgets.Button:
        """Call ``handler()`` when ``button`` is clicked (guarded)."""
        guarded = self.guard(lambda _button: handler())
        button.on_click(guarded)
        self.scope.add(lambda: button.on_click(guarded, remove=True))
        return button

    def guard(self, action: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap an event handler: errors show in :attr:`message`, never as a traceback."""
        return common.guarded(self.message, action)

    def text(self, key: str, css: str | None = None, **params: Any) -> widgets.HTML:
        """A translated line of text (HTML-escaped), relabelled with the exercise."""
        widget = widgets.HTML()
        if css:
            widget.add_class(css)
        return self.translate(widget, "value", key, **params)

    def translate(
        self, widget: widgets.Widget, attribute: str, key: str, **params: Any
    ) -> widgets.Widget:
        """Keep ``widget.<attribute>`` the translation of ``key`` (``value`` of HTML is escaped)."""
        self._texts.append((widget, attribute, key, params))
        assign(widget, attribute, _text_value(attribute, key, params))
        return widget

    def button(self, key: str, css: str, handler: Callable[[], Any], **kwargs: Any) -> widgets.Button:
        """A translated button with class ``css`` that calls ``handler()`` (guarded)."""
        button = widgets.Button(**kwargs)
        button.add_class(css)
        self.translate(button, "description", key)
        return self.on_click(button, handler)

    def background(
        self,
        work: Callable[[], Any],
        then: Callable[[Any], Any],
        busy: Callable[[bool], Any] | None = None,
    ) -> None:
        """Run ``work()`` on a thread; ``then(result)`` runs on the kernel thread afterwards.

        A failure of either shows in :attr:`message` (never a "loading…" left forever);
        ``busy(True)`` / ``busy(False)`` bracket the work, whatever happens.
        """
        self._background_jobs += 1
        self._idle.clear()
        if busy is not None:
            busy(True)

        def finish(result: Any = None, error: BaseException | None = None) -> None:
            try:
                if error is None:
                    self.guard(then)(result)
                elif isinstance(error, CXError):
                    self.message.show_error(error)
                else:
                    log.error("background work of %s failed", self.section, exc_info=error)
                    self.message.show_error("common.error.unexpected")
            finally:
                try:
                    if busy is not None:
                        busy(False)
                finally:
                    self._background_jobs -= 1
                    if self._background_jobs == 0:
                        self._idle.set()

        def run() -> None:
            try:
                result = charts.after_page_start(work)()  # once the browser has shown the page
            except BaseException as error:  # shown to the learner, logged for the trainer
                failure = error  # ``error`` is unbound after the except clause, the call is later
                call_soon(lambda: finish(error=failure))
                return
            call_soon(lambda: finish(result))

        threading.Thread(target=run, name=f"cx-{self.name or 'exercise'}", daemon=True).start()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until this exercise's background work has finished and been shown (tests,
        benchmarks, scripts; never from the kernel thread, whose loop delivers the results)."""
        return self._idle.wait(timeout)

    # ------------------------------------------------------------ lifetime
    def close(self) -> None:
        """Stop every listener of this exercise (called when its card is closed)."""
        self.scope.close()


def _text_value(attribute: str, key: str, params: dict[str, Any]) -> str:
    import html

    text = i18n.t(key, **params)
    return html.escape(text) if attribute == "value" else text


def close_tree(widget: widgets.Widget) -> None:
    """Close ``widget`` and every widget below it (``children``)."""
    for child in list(getattr(widget, "children", ()) or ()):
        close_tree(child)
    widget.close()

