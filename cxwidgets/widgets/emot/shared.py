"""What the three exercises of lecture 06 share: the workbook sections and a page signal.

The E-MOT picker, the how-might-we board and the concept screening read each other's work
from the workbook when they draw (contract rule 6) and follow it through
:func:`page_signal`: an exercise that saved calls ``notify(section)``; the others redraw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import ipywidgets as widgets

from ... import i18n
from ..exercise import Exercise
from ..layouts import set_layout, set_style


class Signal:
    """Listeners told which lecture-06 section just changed."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[str], Any]] = []

    def on_change(self, callback: Callable[[str], Any]) -> Callable[[], None]:
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def notify(self, section: str) -> None:
        for callback in list(self._listeners):
            callback(section)


_NO_SESSION = Signal()


def page_signal(session: Any) -> Signal:
    """The page's signal (one per session; a shared dummy without a session)."""
    if session is None:
        return _NO_SESSION
    signal = getattr(session, "_emot_signal", None)
    if signal is None:
        signal = Signal()
        session._emot_signal = signal
    return signal


class LectureExercise(Exercise):
    """An exercise of lecture 06: reads the workbook sections, tells the page when it saved.

    :meth:`others_changed` runs when another exercise of the page saved one of the sections
    named in :attr:`follows` (default: redraw).
    """

    #: Sections of other exercises this one draws from.
    follows: ClassVar[tuple[str, ...]] = ()

    def attach(self, session: Any) -> None:
        signal = page_signal(session)
        self.scope.add(signal.on_change(self.guard(self._heard)))
        super().attach(session)

    def _heard(self, section: str) -> None:
        if section != self.section and section in self.follows:
            self.others_changed(section)

    def others_changed(self, section: str) -> None:
        """Another exercise of the page saved ``section``."""
        self.redraw()

    def sections(self) -> dict[str, Any]:
        """The learner's workbook sections (empty without a session)."""
        return self.session.workbook.sections() if self.session is not None else {}

    def save(self, typing: bool = False) -> None:
        super().save(typing=typing)
        if self.session is not None:
            page_signal(self.session).notify(self.section)


def limited(exercise: Exercise, text: str, limit: int) -> str:
    """``text`` if within ``limit`` characters, else cut there with a message (never silently)."""
    if len(text) <= limit:
        return text
    exercise.message.show_info("emot.text_cut", limit=limit)
    return text[:limit]


def counter(value: str, limit: int) -> str:
    """``"n / max"`` under a text box with a maximum."""
    return i18n.t("emot.counter", count=len(value), limit=limit)


def bounded(minimum: int, maximum: int, css: str, width: str = "9rem") -> widgets.BoundedIntText:
    """A whole-number box with a description shown in full."""
    box = widgets.BoundedIntText(min=minimum, max=maximum, continuous_update=False)
    box.add_class(css)
    set_style(box, description_width="initial")
    set_layout(box, width=width)
    return box


def weight_boxes(
    exercise: Exercise,
    codes: tuple[str, ...],
    css: str,
    key_prefix: str,
    handler: Callable[[str, Any], Any],
    width: str = "14rem",
) -> dict[str, widgets.BoundedIntText]:
    """One 0..100 weight box per criterion code, described by ``<key_prefix>.<code>``.

    Each box has the classes ``css`` and ``<css>-<code>``; a learner's change calls
    ``handler(code, value)``.
    """
    boxes = {}
    for code in codes:
        box = bounded(0, 100, f"{css}-{code}", width)
        box.add_class(css)
        exercise.translate(box, "description", f"{key_prefix}.{code}")
        exercise.on_change(box, lambda value, code=code: handler(code, value))
        boxes[code] = box
    return boxes
