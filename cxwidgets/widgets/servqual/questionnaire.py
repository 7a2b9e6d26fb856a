"""Lecture 02 exercise 1: the SERVQUAL questionnaire (22 items, expectation and perception).

State (workbook section ``02/questionnaire``)::

    {"answers": {"1": [E, P], ...},    # 1-7 or None; items without any rating left out
     "custom": {"3": "own wording"},   # the learner's rewording of some items
     "reword_item": 1,                 # the item picked in the rewording editor
     "draft": None | "text typed in the editor, not saved as wording yet",
     "undo": None | {"answers": {...}}}  # the ratings before "clear all", until the next rating

Done when all 22 items have both ratings. :func:`cxwidgets.servqual.learner_scores` reads
``answers`` (and the weights) for lecture 07.

The 22 items are ONE widget model, a :class:`~cxwidgets.widgets.choice_grid.ChoiceGrid`
(rows ``cx-sq-row cx-sq-item-<n>``, wording ``cx-sq-text``, radio groups ``cx-sq-e`` /
``cx-sq-p`` with values 1-7, dimension headings ``cx-sq-dimhead``) instead of 44
ToggleButtons with their Style and Layout models (the card: 308 models before, 51 now).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, servqual
from ...errors import CXError
from .. import common
from ..choice_grid import ChoiceGrid
from ..exercise import Exercise, assign
from ..layouts import show
from .shared import QUESTIONNAIRE, RATINGS, Watched, answers_frame, dimension_name

REWORD_LIMIT = 120
"""Longest own wording of an item (characters)."""


def _rating(value: Any) -> int | None:
    return value if isinstance(value, int) and value in RATINGS else None


def clean_answers(stored: Any) -> dict[str, list[int | None]]:
    """``{"5": [E, P]}`` with valid item numbers and ratings only (pairs of ``None`` left out)."""
    answers: dict[str, list[int | None]] = {}
    if not isinstance(stored, dict):
        return answers
    for key, pair in stored.items():
        if not str(key).isdigit() or not 1 <= int(key) <= len(servqual.ITEMS):
            continue
        if not isinstance(pair, list | tuple):
            continue
        answer = [_rating(v) for v in [*pair, None, None][:2]]
        if answer != [None, None]:
            answers[str(int(key))] = answer
    return answers


SIDES = ("e", "p")
"""The two ratings of an item in the grid: expectation, perception."""


def _grid_groups() -> list[dict[str, Any]]:
    """Expectation and perception, 1-7 with a tooltip per rating, in the active language."""
    return [
        {"key": side, "kind": "radio", "css": f"cx-sq-{side}",
         "label": i18n.t(f"servqual.questionnaire.{side}_short"),
         "options": [[str(n), n, i18n.t(f"servqual.questionnaire.{side}_tip", n=n)]
                     for n in RATINGS]}
        for side in SIDES
    ]


def _grid_row(item: servqual.Item, custom: str | None, heading: str) -> dict[str, Any]:
    """One item's row: number and wording (the learner's own if any), the dimension heading
    above the first item of each dimension."""
    text = custom or item.text()
    return {"id": str(item.number), "css": [f"cx-sq-item-{item.number}"], "heading": heading,
            "label": f"<span>{item.number}. {html.escape(text)}</span>"}


class Questionnaire(Watched, Exercise):
    """Exercise 1: rate the 22 items for expectation and perception (7-point scale).

    The learner may reword any item for their own business. "Clear all ratings" can be
    undone (the ratings come back exactly) until the next rating.
    """

    section = QUESTIONNAIRE
    title_key = "servqual.questionnaire.title"
    name = "sq-questionnaire"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {"answers": {}, "custom": {}, "reword_item": 1, "draft": None, "undo": None}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        state["answers"] = clean_answers(stored.get("answers"))
        custom = stored.get("custom")
        if isinstance(custom, dict):
            state["custom"] = {
                str(int(k)): str(v).strip()[:REWORD_LIMIT] for k, v in custom.items()
                if str(k).isdigit() and 1 <= int(k) <= len(servqual.ITEMS) and str(v).strip()}
        item = stored.get("reword_item")
        if isinstance(item, int) and 1 <= item <= len(servqual.ITEMS):
            state["reword_item"] = item
        if isinstance(stored.get("draft"), str):
            state["draft"] = stored["draft"]
        undo = stored.get("undo")
        if isinstance(undo, dict) and isinstance(undo.get("answers"), dict):
            state["undo"] = {"answers": clean_answers(undo["answers"])}
        return state

    @property
    def answers(self) -> dict[str, list[int | None]]:
        """``{"1": [E, P], ...}`` for every item with at least one rating."""
        return {k: list(v) for k, v in self.state["answers"].items()}

    @property
    def custom(self) -> dict[int, str]:
        """The learner's own wording by item number."""
        return {int(k): v for k, v in self.state["custom"].items()}

    def answer(self, number: int) -> list[int | None]:
        """``[E, P]`` of item ``number`` (``None`` = not rated)."""
        return list(self.state["answers"].get(str(number), [None, None]))

    def frame(self):
        """The learner's answers as a long DataFrame."""
        return answers_frame(self.state["answers"])

    def complete(self) -> int:
        """Number of items with both ratings."""
        return sum(1 for pair in self.state["answers"].values() if None not in pair)

    def is_done(self) -> bool:
        return self.complete() == len(servqual.ITEMS)

    # ------------------------------------------------------------ events
    def rated(self, value: dict[str, Any]) -> None:
        """The learner rated in the grid: ``value`` is ``{"5": {"e": 1-7, "p": 1-7}, ...}``."""
        for number in range(1, len(servqual.ITEMS) + 1):
            given = value.get(str(number), {})
            for side, key in enumerate(SIDES):
                if key in given and _rating(given[key]) != self.answer(number)[side]:
                    self.rate(number, side, given[key])

    def rate(self, number: int, side: int, value: Any) -> None:
        """The learner rates item ``number`` (side 0: expectation, 1: perception)."""
        answer = self.answer(number)
        answer[side] = _rating(value)
        answers = self.answers
        if answer == [None, None]:
            answers.pop(str(number), None)
        else:
            answers[str(number)] = answer
        self.message.clear()
        self.update(answers=answers, undo=None)

    def clear_all(self) -> None:
        """Remove every rating; the wording stays and the ratings can be restored once."""
        if not self.state["answers"]:
            self.message.show_info("servqual.questionnaire.nothing_to_clear")
            return
        self.update(answers={}, undo={"answers": self.answers})
        self.message.show_info("servqual.questionnaire.cleared",
                               n=len(self.state["undo"]["answers"]))

    def undo_clear(self) -> None:
        """Bring back exactly the ratings "clear all" removed."""
        undo = self.state["undo"]
        if not undo:
            raise CXError("servqual.error.nothing_to_undo")
        self.update(answers=dict(undo["answers"]), undo=None)
        self.message.show_success("servqual.questionnaire.restored", n=len(undo["answers"]))

    def pick_reword_item(self, number: Any) -> None:
        if isinstance(number, int):
            self.update(reword_item=number, draft=None)

    def edit_draft(self, text: str) -> None:
        self.update(typing=True, draft=str(text))

    def reword(self) -> None:
        """Save the draft as the wording of the picked item."""
        number = self.state["reword_item"]
        draft = self.state["draft"]
        text = (draft if draft is not None else self.custom.get(number, "")).strip()
        if not text:
            raise CXError("servqual.error.reword_empty")
        if len(text) > REWORD_LIMIT:
            raise CXError("servqual.error.reword_long", limit=REWORD_LIMIT, length=len(text))
        self.update(custom={**self.state["custom"], str(number): text}, draft=None)
        self.message.show_success("servqual.questionnaire.reworded", number=number)

    def unword(self) -> None:
        """Back to the course's wording of the picked item."""
        number = self.state["reword_item"]
        custom = {k: v for k, v in self.state["custom"].items() if k != str(number)}
        self.update(custom=custom, draft=None)
        self.message.show_info("servqual.questionnaire.unworded", number=number)

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.progress = widgets.HTML()
        self.progress.add_class("cx-sq-progress")
        # All 22 items with both ratings in one widget model (cxwidgets.widgets.choice_grid).
        self.grid = ChoiceGrid(row_css="cx-sq-row", label_css="cx-sq-text",
                               heading_css="cx-sq-dimhead")
        self.grid.add_class("cx-sq-grid")
        self.on_change(self.grid, self.rated)
        self.clear_button = self.button("servqual.questionnaire.clear", "cx-sq-clear",
                                        self.clear_all, layout={"width": "auto"})
        self.undo_button = self.button("servqual.questionnaire.undo", "cx-sq-undo",
                                       self.undo_clear, layout={"width": "auto"})
        self.reword_item = widgets.Dropdown(options=self._item_options(), value=1)
        self.reword_item.add_class("cx-sq-reword-item")
        self.on_change(self.reword_item, self.pick_reword_item)
        self.reword_text = widgets.Text(layout={"width": "32rem"})
        self.reword_text.add_class("cx-sq-reword-text")
        self.translate(self.reword_text, "placeholder",
                       "servqual.questionnaire.reword_placeholder")
        self.on_change(self.reword_text, self.edit_draft)
        self.reword_count = widgets.HTML()
        self.reword_count.add_class("cx-sq-reword-count")
        self.reword_save = self.button("servqual.questionnaire.reword_save", "cx-sq-reword-save",
                                       self.reword, layout={"width": "auto"})
        self.reword_reset = self.button("servqual.questionnaire.reword_reset",
                                        "cx-sq-reword-reset", self.unword,
                                        layout={"width": "auto"})
        reword_box = widgets.VBox([
            self.text("servqual.questionnaire.reword", css="cx-subtitle"),
            widgets.HBox([self.reword_item, self.reword_text, self.reword_count]),
            widgets.HBox([self.reword_save, self.reword_reset]),
        ])
        return [
            self.text("servqual.questionnaire.intro", css="cx-note"),
            self.text("servqual.questionnaire.scale", css="cx-note"),
            self.progress,
            self.grid,
            widgets.HBox([self.clear_button, self.undo_button]),
            reword_box,
            self.message,
        ]

    def _item_options(self) -> list[tuple[str, int]]:
        custom = self.custom
        return [(f"{it.number}. {(custom.get(it.number) or it.text())[:24]}", it.number)
                for it in servqual.ITEMS]

    def relabel(self) -> None:
        assign(self.grid, "groups", _grid_groups())

    def _grid_rows(self) -> list[dict[str, Any]]:
        custom = self.custom
        rows = []
        for dimension in servqual.DIMENSIONS:
            title = f"{dimension_name(dimension)} · {i18n.t(f'servqual.dimdesc.{dimension}')}"
            for index, number in enumerate(servqual.DIMENSION_ITEMS[dimension]):
                item = servqual.item(number)
                rows.append(_grid_row(item, custom.get(number), "" if index else title))
        return rows

    def draw(self) -> None:
        value = {str(item.number): dict(zip(SIDES, self.answer(item.number), strict=True))
                 for item in servqual.ITEMS}
        with self.grid.hold_sync():
            assign(self.grid, "rows", self._grid_rows())
            assign(self.grid, "value", value)
        assign(self.progress, "value", html.escape(i18n.t(
            "servqual.questionnaire.progress", done=self.complete(), total=len(servqual.ITEMS))))
        show(self.undo_button, self.state["undo"])
        common.set_options(self.reword_item, self._item_options())
        number = self.state["reword_item"]
        assign(self.reword_item, "value", number)
        draft = self.state["draft"]
        text = draft if draft is not None else self.custom.get(number, "")
        assign(self.reword_text, "value", text)
        length = len(text.strip())
        assign(self.reword_count, "value", (
            f'<span data-over="{int(length > REWORD_LIMIT)}">'
            f"{html.escape(i18n.t('servqual.questionnaire.reword_count', n=length, limit=REWORD_LIMIT))}"
            "</span>"))
