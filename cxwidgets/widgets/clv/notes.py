"""Text boxes of lecture 01 whose length is shown against a limit (never cut silently).

Used by the tenure note (exercise 2), the metrics of the profit chain (exercise 3) and the
bank-case answers (exercise 5): each keystroke reaches the kernel and is saved debounced; a
text over :data:`LIMIT` is cut there with a message saying how much was cut.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ... import i18n
from ..exercise import Exercise

#: Most characters kept in one answer.
LIMIT = 2000


def area(exercise: Exercise, css: str, placeholder: str, rows: int = 3) -> widgets.Textarea:
    """A full-width Textarea sending every keystroke, with class ``css`` and a placeholder."""
    box = widgets.Textarea(rows=rows, continuous_update=True, layout={"width": "100%"})
    box.add_class("cx-clv-text")
    box.add_class(css)
    exercise.translate(box, "placeholder", placeholder)
    return box


def counter(css: str) -> widgets.HTML:
    """The "n / max" line under a text box."""
    line = widgets.HTML()
    line.add_class("cx-clv-count")
    line.add_class(f"{css}-count")
    return line


def count_html(length: int, limit: int = LIMIT) -> str:
    """``"12 / 2000"`` (``data-over`` once the limit is reached)."""
    over = ' data-over="1"' if length >= limit else ""
    text = i18n.t("clv.count", n=length, limit=limit)
    return f'<span class="cx-clv-count-text"{over}>{html.escape(text)}</span>'


def edit(exercise: Exercise, old: str, text: Any, apply: Callable[..., None],
         limit: int = LIMIT) -> None:
    """A keystroke: ``apply(text, typing=True)``; over ``limit`` cut, said and saved at once."""
    text = str(text)
    if text == old:
        return
    if len(text) > limit:
        exercise.message.show_error("clv.error.text_trimmed", limit=limit, cut=len(text) - limit)
        apply(text[:limit], typing=False)
        exercise.redraw()  # the browser shows exactly what was kept
        return
    if exercise.message.kind == "error":
        exercise.message.clear()
    apply(text, typing=True)
