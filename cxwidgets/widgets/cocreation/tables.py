"""Widgets shared by lecture 10's exercises: the editable row table, the rubric grid, and
text boxes whose length is shown against their limit."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import traitlets

from ... import i18n
from ..common import STATIC
from ..stylesheet import CourseWidget


class RowTable(CourseWidget):
    """An editable table (plan, user tests) as one widget; see ``static/cocreation_table.js``.

    ``columns`` ``[{id, label, kind, options}]``; ``rows`` ``[{column: text}]`` (a learner's
    edit arrives as a change of ``rows``); ``texts`` the button labels; ``max_rows``.
    """

    _esm = STATIC / "cocreation_table.js"
    columns = traitlets.List().tag(sync=True)
    rows = traitlets.List().tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)
    max_rows = traitlets.Int(12).tag(sync=True)

    @traitlets.validate("rows")
    def _valid_rows(self, proposal: dict[str, Any]) -> list:
        rows = proposal["value"]
        if not all(isinstance(row, dict) for row in rows):
            message = "rows must be a list of objects {column id: text}"
            raise traitlets.TraitError(message)
        return rows


class PeerGrid(CourseWidget):
    """The rubric: rows (teams, calibration pitch) x criteria; see ``static/peer_grid.js``."""

    _esm = STATIC / "peer_grid.js"
    rows = traitlets.List().tag(sync=True)
    criteria = traitlets.List().tag(sync=True)
    scale = traitlets.List([1, 5]).tag(sync=True)
    value = traitlets.Dict().tag(sync=True)
    totals = traitlets.Dict().tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> dict:
        value = proposal["value"]
        if not all(isinstance(row, dict) for row in value.values()):
            message = "value must map a row id to {criterion id: score}"
            raise traitlets.TraitError(message)
        return value


def text_count(length: int, limit: int) -> str:
    """``n / max`` under a text box (``data-over`` once the limit is reached)."""
    over = ' data-over="1"' if length >= limit else ""
    text = i18n.t("cocreation.count", n=length, limit=limit)
    return f'<span class="cx-cc-count-text"{over}>{html.escape(text)}</span>'


def limited_text(exercise: Any, key: str, limit: int, text: Any) -> None:
    """A keystroke in a limited text of ``exercise``: kept up to ``limit`` (cut with a
    message, saved at once), otherwise saved debounced."""
    text = str(text)
    if text == exercise.state[key]:
        return
    if len(text) > limit:
        exercise.message.show_error("cocreation.error.text_trimmed", limit=limit,
                                    cut=len(text) - limit)
        exercise.update(**{key: text[:limit]})
        exercise.redraw()
        return
    if exercise.message.kind == "error":
        exercise.message.clear()
    exercise.update(typing=True, **{key: text})


def text_area(exercise: Any, key: str, limit: int, css: str, placeholder: str,
              rows: int = 4) -> tuple[widgets.Textarea, widgets.HTML]:
    """A Textarea mirroring ``state[key]`` with its ``n / max`` line."""
    area = widgets.Textarea(rows=rows, continuous_update=True, layout={"width": "100%"})
    area.add_class(css)
    exercise.translate(area, "placeholder", placeholder)
    exercise.on_change(area, lambda text: limited_text(exercise, key, limit, text))
    count = widgets.HTML()
    count.add_class("cx-cc-count")
    count.add_class(f"{css}-count")
    return area, count
