"""Lecture 02 exercise 1: the SERVQUAL questionnaire (22 items, expectation and perception).

State (workbook section ``02/questionnaire``)::

    {"answers": {"1": [E, P], ...},    # 1-7 or None; items without any rating left out
     "custom": {"3": "own wording"},   # the learner's rewording of some items
     "reword_item": 1,                 # the item picked in the rewording editor
     "draft": None | "text typed in the editor, not saved as wording yet",
     "undo": None | {"answers": {...}}}  # the ratings before "clear all", until the next rating

Done when all 22 items have both ratings. :func:`cxwidgets.servqual.learner_scores` reads
``answers`` (and the weights) for lecture 07.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, servqual
from ...errors import CXError
from .. import common
from ..exercise import Exercise, assign
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


def _tooltips(key: str) -> list[str]:
    return [i18n.t(key, n=n) for n in RATINGS]


class _ItemRow:
    """One item: its wording and the expectation and perception ratings."""

    def __init__(self, exercise: Questionnaire, item: servqual.Item) -> None:
        self.item = item
        self.text = widgets.HTML()
        self.text.add_class("cx-sq-text")
        self.text.layout.width = "24rem"
        self.text.layout.flex = "0 0 24rem"
        self.expectation = widgets.ToggleButtons(options=list(RATINGS), value=None)
        self.expectation.add_class("cx-sq-e")
        self.perception = widgets.ToggleButtons(options=list(RATINGS), value=None)
        self.perception.add_class("cx-sq-p")
        exercise.translate(self.expectation, "description", "servqual.questionnaire.e_short")
        exercise.translate(self.perception, "description", "servqual.questionnaire.p_short")
        for side, toggle in enumerate((self.expectation, self.perception)):
            toggle.style.description_width = "3.2rem"
            toggle.style.button_width = "2.1rem"
            toggle.layout.width = "auto"
            toggle.layout.flex = "0 0 auto"
            exercise.on_change(
                toggle, lambda value, side=side: exercise.rate(item.number, side, value))
        self.box = widgets.HBox([self.text, self.expectation, self.perception])
        self.box.add_class("cx-sq-row")
        self.box.add_class(f"cx-sq-item-{item.number}")

    @property
    def answer(self) -> list[int | None]:
        """The ratings shown, ``[E, P]``."""
        return [self.expectation.value, self.perception.value]

    def relabel(self) -> None:
        assign(self.expectation, "tooltips", _tooltips("servqual.questionnaire.e_tip"))
        assign(self.perception, "tooltips", _tooltips("servqual.questionnaire.p_tip"))

    def draw(self, answer: list[int | None], custom: str | None) -> None:
        assign(self.expectation, "value", answer[0])
        assign(self.perception, "value", answer[1])
        text = custom or self.item.text()
        assign(self.text, "value", f"<span>{self.item.number}. {html.escape(text)}</span>")


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
        self.rows: list[_ItemRow] = []
        self.headings: dict[str, widgets.HTML] = {}
        children: list[widgets.Widget] = []
        for dimension in servqual.DIMENSIONS:
            heading = widgets.HTML()
            heading.add_class("cx-sq-dimhead")
            self.headings[dimension] = heading
            children.append(heading)
            for number in servqual.DIMENSION_ITEMS[dimension]:
                row = _ItemRow(self, servqual.item(number))
                self.rows.append(row)
                children.append(row.box)
        self.rows_box = widgets.VBox(children)
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
            self.rows_box,
            widgets.HBox([self.clear_button, self.undo_button]),
            reword_box,
            self.message,
        ]

    def _item_options(self) -> list[tuple[str, int]]:
        custom = self.custom
        return [(f"{it.number}. {(custom.get(it.number) or it.text())[:24]}", it.number)
                for it in servqual.ITEMS]

    def relabel(self) -> None:
        for dimension, heading in self.headings.items():
            title = f"{dimension_name(dimension)} · {i18n.t(f'servqual.dimdesc.{dimension}')}"
            assign(heading, "value", html.escape(title))
        for row in self.rows:
            row.relabel()

    def draw(self) -> None:
        custom = self.custom
        for row in self.rows:
            row.draw(self.answer(row.item.number), custom.get(row.item.number))
        assign(self.progress, "value", html.escape(i18n.t(
            "servqual.questionnaire.progress", done=self.complete(), total=len(self.rows))))
        self.undo_button.layout.display = "" if self.state["undo"] else "none"
        common.set_options(self.reword_item, self._item_options())
        number = self.state["reword_item"]
        assign(self.reword_item, "value", number)
        draft = self.state["draft"]
        text = draft if draft is not None else custom.get(number, "")
        assign(self.reword_text, "value", text)
        length = len(text.strip())
        assign(self.reword_count, "value", (
            f'<span data-over="{int(length > REWORD_LIMIT)}">'
            f"{html.escape(i18n.t('servqual.questionnaire.reword_count', n=length, limit=REWORD_LIMIT))}"
            "</span>"))
