"""Lecture 02 exercise 5: map service moments to the five dimensions.

A sorting quiz (:class:`cxwidgets.widgets.quiz.SortingQuiz`) over the sample moments of
``cxwidgets/content/servqual.json``, plus up to :data:`OWN_MOMENTS` moments from the
learner's own work, each with the dimension they choose and a wording hint.

State (workbook section ``02/scenarios``)::

    {"answers": {moment id: dimension},   # the sample moments sorted so far
     "checked": False,
     "solution": bool,                    # the answers were opened: sorting is locked
     "own": [{"text": str, "dimension": dimension or None}, ...]}   # OWN_MOMENTS entries

Stored values of the former layout (``{"samples": {...}, "own": [...]}``) are read too.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, servqual
from .. import common
from ..exercise import assign
from ..layouts import show
from ..quiz import QuizSpec, SortingQuiz, read_content, spec_from_records
from .shared import OWN_MOMENTS, SCENARIOS, dimension_name, dimension_names, dimension_options


def _own_entry(entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        return {"text": "", "dimension": None}
    dimension = entry.get("dimension")
    return {"text": str(entry.get("text") or ""),
            "dimension": dimension if dimension in servqual.DIMENSIONS else None}


def hint(text: str, chosen: str | None) -> str:
    """The wording hint for one of the learner's moments (``""`` when nothing is written)."""
    if not text.strip():
        return ""
    suggested = servqual.suggest_dimension(text)[:2]
    if not suggested:
        return i18n.t("servqual.scenarios.hint_none")
    if chosen is None:
        return i18n.t("servqual.scenarios.hint_pick", names=dimension_names(suggested))
    if chosen in suggested:
        return i18n.t("servqual.scenarios.hint_agree", name=dimension_name(chosen))
    return i18n.t("servqual.scenarios.hint_other", name=dimension_name(chosen),
                  names=dimension_names(suggested))


class _OwnRow:
    """One of the learner's own moments: the text, the dimension chosen and the hint."""

    def __init__(self, exercise: Scenarios, index: int) -> None:
        self.text = widgets.Text(layout={"width": "30rem"})
        self.text.add_class("cx-sq-own-text")
        exercise.translate(self.text, "placeholder", "servqual.scenarios.own_placeholder")
        exercise.on_change(self.text, lambda text: exercise.edit_own(index, text=text))
        self.dimension = widgets.Dropdown(options=dimension_options(blank=True), value=None,
                                          layout={"width": "10rem"})
        self.dimension.add_class("cx-sq-own-dimension")
        exercise.on_change(self.dimension,
                           lambda value: exercise.edit_own(index, dimension=value))
        self.hint = widgets.HTML()
        self.hint.add_class("cx-sq-own-hint")
        self.box = widgets.HBox([self.text, self.dimension, self.hint])
        self.box.add_class("cx-sq-own")
        self.box.add_class(f"cx-sq-own-{index}")

    def relabel(self) -> None:
        common.set_options(self.dimension, dimension_options(blank=True))

    def draw(self, entry: dict[str, Any]) -> None:
        assign(self.text, "value", entry["text"])
        assign(self.dimension, "value", entry["dimension"])
        message = hint(entry["text"], entry["dimension"])
        assign(self.hint, "value",
               f'<span class="cx-note">{html.escape(message)}</span>' if message else "")


class Scenarios(SortingQuiz):
    """Exercise 5: sort the sample moments into dimensions (✓/✗ and why), then write your own.

    Opening the answers locks the sample moments (as in lecture 07) until "start again";
    the learner's own moments stay editable and are kept when starting again.
    """

    section = SCENARIOS
    title_key = "servqual.scenarios.title"
    name = "sq-scenarios"
    css = "cx-sq-moment"
    intro_key = "servqual.scenarios.samples_intro"
    solution_key = "servqual.scenarios.solution"
    wrong_key = "servqual.scenarios.wrong"
    score_key = "servqual.scenarios.score"

    def spec(self) -> QuizSpec:
        return spec_from_records(
            read_content("servqual")["moments"],
            [{"code": d} for d in servqual.DIMENSIONS],
            answer="dimension", code="id",
            text_key="servqual.moment.{id}.text", why_key="servqual.moment.{id}.why",
            label_key="servqual.dim.{code}")

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        own = [{"text": "", "dimension": None} for _ in range(OWN_MOMENTS)]
        return {**super().initial_state(), "own": own}

    def clean(self, stored: Any) -> dict[str, Any]:
        if isinstance(stored, dict) and "answers" not in stored and "samples" in stored:
            stored = {**stored, "answers": stored["samples"]}  # the former layout
        state = super().clean(stored)
        own = stored.get("own") if isinstance(stored, dict) else None
        entries = [_own_entry(e) for e in own[:OWN_MOMENTS]] if isinstance(own, list) else []
        state["own"] = entries + [_own_entry(None) for _ in range(OWN_MOMENTS - len(entries))]
        return state

    def own(self) -> list[dict[str, Any]]:
        """The learner's own moments (``OWN_MOMENTS`` entries, blank ones included)."""
        return [dict(entry) for entry in self.state["own"]]

    def is_done(self) -> bool:
        return super().is_done() and any(
            e["text"].strip() and e["dimension"] for e in self.state["own"])

    # ------------------------------------------------------------ events
    def edit_own(self, index: int, **changes: Any) -> None:
        """The learner edits their moment ``index`` (``text`` typed, or the ``dimension``)."""
        own = self.own()
        entry = {**own[index], **changes}
        own[index] = _own_entry(entry)
        self.update(typing="text" in changes, own=own)

    def restart(self) -> None:
        """Start the sorting again; the learner's own moments are kept."""
        show(self.confirm, False)
        self.set_state({**self.initial_state(), "own": self.own()})
        self.message.show_success("quiz.restarted")

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        children = super().build()
        self.own_rows = [_OwnRow(self, index) for index in range(OWN_MOMENTS)]
        return [
            *children,
            self.text("servqual.scenarios.own_intro", css="cx-subtitle"),
            widgets.VBox([row.box for row in self.own_rows]),
        ]

    def relabel(self) -> None:
        super().relabel()
        for row in self.own_rows:
            row.relabel()

    def draw(self) -> None:
        super().draw()
        for row, entry in zip(self.own_rows, self.state["own"], strict=True):
            row.draw(entry)
