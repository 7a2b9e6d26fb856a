"""The course stylesheet (``static/course.css``) reaches a page once.

anywidget sends a widget's ``_css`` with every instance of it and puts one copy of it in the
page per widget class: with the 36 KB course stylesheet on each course widget, a lecture page
carried it 15-35 times in its widget models and 3-5 times in the document (each copy makes every
style calculation of the page slower). A lecture page's header carries it once
(``lesson.BrowserState``, displayed first); once :func:`page_carries` has been called, a
:class:`CourseWidget` is sent without it. Outside a lecture page (a trainer's own notebook,
tests), each course widget brings the stylesheet itself, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget

COURSE_CSS = Path(__file__).resolve().parents[1] / "static" / "course.css"
_carried = False


def page_carries(carried: bool = True) -> None:
    """Say that the page shows a widget carrying ``course.css`` (a lecture page's header)."""
    global _carried
    _carried = carried


def carried() -> bool:
    """Whether the page already carries ``course.css``."""
    return _carried


class CourseWidget(anywidget.AnyWidget):
    """An anywidget styled by ``course.css``, sent with it only when the page lacks it."""

    _css = COURSE_CSS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if _carried:
            kwargs.setdefault("_css", "")
        super().__init__(*args, **kwargs)
