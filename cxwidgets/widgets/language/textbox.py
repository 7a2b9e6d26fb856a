"""A text box of lecture 09 whose length is shown ("n / max") and never cut silently.

Every keystroke that reaches the kernel goes to ``on_text(text, typing)``: ``typing=True``
(debounced save) while the text fits; a longer text is cut at ``limit`` with a message and
saved at once, and the box is redrawn with exactly what was kept.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ... import i18n
from ..exercise import Exercise
from ..layouts import set_style


class LimitedText:
    """A Textarea and its "n / max" line, wired to an exercise.

    Parameters
    ----------
    exercise : Exercise
        The owner (its :attr:`Exercise.message` shows the cut).
    css : str
        Class of the Textarea; the count line gets ``<css>-count``.
    placeholder_key, count_key, trimmed_key : str
        Catalogue keys: placeholder, the count line (``{n}``, ``{limit}``) and the message of a
        cut (``{limit}``, ``{cut}``).
    limit : int
        Most characters kept.
    on_text : callable
        ``on_text(text, typing)`` stores the text in the exercise's state.
    """

    def __init__(self, exercise: Exercise, css: str, *, placeholder_key: str, count_key: str,
                 trimmed_key: str, limit: int, on_text: Callable[[str, bool], Any],
                 rows: int = 4, label_key: str | None = None) -> None:
        self.exercise, self.limit, self.on_text = exercise, limit, on_text
        self.count_key, self.trimmed_key = count_key, trimmed_key
        self.area = widgets.Textarea(rows=rows, continuous_update=True,
                                     layout={"width": "100%"})
        self.area.add_class(css)
        exercise.translate(self.area, "placeholder", placeholder_key)
        if label_key:
            exercise.translate(self.area, "description", label_key)
            set_style(self.area, description_width="initial")
        self.count = widgets.HTML()
        self.count.add_class("cx-lang-count-line")
        self.count.add_class(f"{css}-count")
        exercise.on_change(self.area, self.changed)
        self.box = widgets.VBox([self.area, self.count])

    def changed(self, text: Any) -> None:
        """A keystroke: kept up to the limit (a longer text is cut with a message)."""
        text = str(text)
        message = self.exercise.message
        if len(text) > self.limit:
            message.show_error(self.trimmed_key, limit=self.limit, cut=len(text) - self.limit)
            self.on_text(text[: self.limit], False)
            self.exercise.redraw()  # the browser shows exactly what was kept
            return
        if message.kind == "error":
            message.clear()
        self.on_text(text, True)

    def show(self, text: str) -> None:
        """Draw the box and its count from the state's text."""
        self.area.value = text
        self.count.value = html.escape(i18n.t(self.count_key, n=len(text), limit=self.limit))
