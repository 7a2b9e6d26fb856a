"""Lecture 09 exercise 3: a reply's structure (E.A.R.S., 5A) and the 5A observer rubric.

:class:`Structure` (workbook section ``09/structure``)::

    {"reply": str}

maps the reply onto the E.A.R.S. and 5A steps (:func:`cxwidgets.recovery.detect_steps`):
which are there, in which order, which are missing. "Use my exercise-1 reply" copies the
coach's reply to the situation shown there (read from the workbook when clicked). Done when
the reply holds every E.A.R.S. step.

:class:`Rubric` (workbook section ``09/rubric``)::

    {"partner": str, "situation": situation id | "", "ratings": {5A step: 0|1|2},
     "notes": str}

is filled by an observer for a partner's role-play. Done when all five steps are rated.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import fmt, i18n, language_html, recovery
from ...errors import CXError
from .. import common
from ..exercise import Exercise
from ..layouts import set_layout, set_style
from ..quiz import ChoiceGroup
from .coach import REPLY_LIMIT, situations
from .coach import SECTION as COACH_SECTION
from .textbox import LimitedText

STRUCTURE_SECTION = "09/structure"
RUBRIC_SECTION = "09/rubric"
NOTES_LIMIT = 1000
PARTNER_LIMIT = 40


class Structure(Exercise):
    """Exercise 3a: which E.A.R.S. and 5A steps does a reply hold?"""

    section = STRUCTURE_SECTION
    title_key = "recovery.structure.title"
    name = "rec-structure"

    def initial_state(self) -> dict[str, Any]:
        return {"reply": ""}

    def clean(self, stored: Any) -> dict[str, Any]:
        reply = stored.get("reply") if isinstance(stored, dict) else None
        return {"reply": reply[:REPLY_LIMIT] if isinstance(reply, str) else ""}

    def reports(self) -> list[recovery.StepReport]:
        return [recovery.detect_steps(self.state["reply"], model) for model in recovery.MODELS]

    def is_done(self) -> bool:
        return not recovery.detect_steps(self.state["reply"], "ears").missing

    def saved_value(self) -> dict[str, Any]:
        missing = {r.model: list(r.missing) for r in self.reports()}
        return {**self.state, "missing": missing}

    def write(self, text: str, typing: bool) -> None:
        self.update(typing=typing, reply=text)

    def use_coach(self) -> None:
        """Copy the coach's reply to its current situation (from the workbook)."""
        stored = self.session.workbook.get(COACH_SECTION) if self.session is not None else None
        stored = stored if isinstance(stored, dict) else {}
        replies = stored.get("replies") if isinstance(stored.get("replies"), dict) else {}
        text = replies.get(stored.get("situation"))
        if not isinstance(text, str) or not text.strip():
            self.message.show_info("recovery.structure.no_coach")
            return
        self.message.clear()
        self.update(reply=text[:REPLY_LIMIT])

    def build(self) -> list[widgets.Widget]:
        self.copy = self.button("recovery.structure.use_coach", "cx-rec-use-coach", self.use_coach)
        set_layout(self.copy, width="auto")
        self.box = LimitedText(
            self, "cx-rec-reply", placeholder_key="recovery.structure.placeholder",
            count_key="language.coach.count", trimmed_key="language.error.trimmed",
            limit=REPLY_LIMIT, on_text=self.write, rows=5)
        self.result = widgets.HTML()
        self.result.add_class("cx-rec-structure")
        return [self.text("recovery.structure.intro", css="cx-note"), self.copy, self.box.box,
                self.message, self.result]

    def draw(self) -> None:
        self.box.show(self.state["reply"])
        if not self.state["reply"].strip():
            self.result.value = (f'<p class="cx-note">'
                                 f'{html.escape(i18n.t("recovery.structure.empty"))}</p>')
            return
        self.result.value = "".join(language_html.steps_html(r) for r in self.reports())


class _StepRow:
    """One 5A step of the rubric: its name and what to look for, and the 0-2 radio group."""

    def __init__(self, exercise: Rubric, step: str) -> None:
        self.step = step
        self.text = widgets.HTML()
        self.text.add_class("cx-rec-rubric-text")
        self.rating = ChoiceGroup()
        self.rating.add_class("cx-rec-rubric-rating")
        exercise.on_change(self.rating, lambda value: exercise.rate(step, value))
        self.box = widgets.VBox([self.text, self.rating])
        self.box.add_class("cx-rec-rubric-step")
        self.box.add_class(f"cx-rec-rubric-{step}")

    def relabel(self) -> None:
        name = i18n.t(f"recovery.step.fivea.{self.step}")
        hint = i18n.t(f"recovery.step.fivea.{self.step}.hint")
        self.text.value = f"<b>{html.escape(name)}</b> {html.escape(hint)}"
        self.rating.label = name
        self.rating.options = [[i18n.t(f"recovery.rubric.level.{n}"), n]
                               for n in recovery.RUBRIC_LEVELS]


class Rubric(Exercise):
    """Exercise 3b: a 5A observer rubric filled for a partner's role-play."""

    section = RUBRIC_SECTION
    title_key = "recovery.rubric.title"
    name = "rec-rubric"

    def initial_state(self) -> dict[str, Any]:
        return {"partner": "", "situation": "", "ratings": {}, "notes": ""}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        for key, limit in (("partner", PARTNER_LIMIT), ("notes", NOTES_LIMIT)):
            if isinstance(stored.get(key), str):
                state[key] = stored[key][:limit]
        if stored.get("situation") in situations():
            state["situation"] = stored["situation"]
        ratings = stored.get("ratings")
        if isinstance(ratings, dict):
            state["ratings"] = {step: value for step, value in ratings.items()
                                if step in recovery.FIVE_A and not isinstance(value, bool)
                                and value in recovery.RUBRIC_LEVELS}
        return state

    def is_done(self) -> bool:
        return len(self.state["ratings"]) == len(recovery.FIVE_A)

    def saved_value(self) -> dict[str, Any]:
        return {**self.state, "total": recovery.rubric_total(self.state["ratings"])}

    # ------------------------------------------------------------ events
    def rate(self, step: str, value: Any) -> None:
        if value == self.state["ratings"].get(step):
            return
        try:
            recovery.clean_rubric({step: value})
        except CXError:
            self.redraw()
            raise
        self.update(ratings={**self.state["ratings"], step: value})

    def name_partner(self, text: Any) -> None:
        text = str(text)
        if len(text) > PARTNER_LIMIT:
            self.message.show_error("recovery.error.trimmed", limit=PARTNER_LIMIT,
                                    cut=len(text) - PARTNER_LIMIT)
            self.update(partner=text[:PARTNER_LIMIT])
            self.redraw()
            return
        self.update(typing=True, partner=text)

    def pick_situation(self, value: Any) -> None:
        if value != "" and value not in situations():
            self.redraw()
            raise CXError("language.error.situation", value=value)
        self.update(situation=value)

    def clear(self) -> None:
        self.update(ratings={})

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.partner = widgets.Text(continuous_update=True)
        self.partner.add_class("cx-rec-partner")
        set_style(self.partner, description_width="initial")
        self.translate(self.partner, "description", "recovery.rubric.partner")
        self.translate(self.partner, "placeholder", "recovery.rubric.partner_placeholder")
        self.on_change(self.partner, self.name_partner)
        self.situation = widgets.Dropdown(options=[(fmt.MISSING, ""), *((s, s) for s in situations())],
                                          layout={"width": "auto"})
        self.situation.add_class("cx-rec-rubric-situation")
        set_style(self.situation, description_width="initial")
        self.translate(self.situation, "description", "recovery.rubric.situation")
        self.on_change(self.situation, self.pick_situation)
        self.rows = [_StepRow(self, step) for step in recovery.FIVE_A]
        self.total = widgets.HTML()
        self.total.add_class("cx-rec-rubric-total")
        self.notes = LimitedText(
            self, "cx-rec-notes", placeholder_key="recovery.rubric.notes_placeholder",
            count_key="recovery.rubric.count", trimmed_key="recovery.error.trimmed",
            limit=NOTES_LIMIT, on_text=lambda text, typing: self.update(typing=typing, notes=text),
            rows=3)
        self.clear_button = self.button("recovery.rubric.clear", "cx-rec-rubric-clear", self.clear)
        set_layout(self.clear_button, width="auto")
        return [
            self.text("recovery.rubric.intro", css="cx-note"),
            self.partner,
            self.situation,
            widgets.VBox([row.box for row in self.rows]),
            self.total,
            self.clear_button,
            self.text("recovery.rubric.notes", css="cx-subtitle"),
            self.notes.box,
            self.message,
        ]

    def relabel(self) -> None:
        for row in self.rows:
            row.relabel()
        common.set_options(self.situation, [(fmt.MISSING, ""), *(
            (i18n.t(f"language.situation.{s}.context"), s) for s in situations())])

    def draw(self) -> None:
        ratings = self.state["ratings"]
        self.partner.value = self.state["partner"]
        self.situation.value = self.state["situation"]
        for row in self.rows:
            row.rating.value = ratings.get(row.step)
        total = recovery.rubric_total(ratings)
        lines = [i18n.t("recovery.rubric.total", total=total, max=recovery.RUBRIC_MAX)]
        if ratings:
            low = min(ratings.get(step, 0) for step in recovery.FIVE_A)
            if low < recovery.RUBRIC_LEVELS[-1]:
                weakest = [s for s in recovery.FIVE_A if ratings.get(s, 0) == low]
                lines.append(i18n.t("recovery.rubric.weakest",
                                    steps=language_html.step_names("fivea", weakest)))
        self.total.value = (f'<div data-total="{total}">'
                            + "<br>".join(html.escape(line) for line in lines) + "</div>")
        self.notes.show(self.state["notes"])
