"""Lecture 01 exercise 5: the lost 23-year bank customer (a case from the course seeds).

The case is told in the catalogue (``clv.bank.case``); the learner answers the discussion
prompts (``content/clv.json`` ``bank_prompts``), each saved as it is typed, and opens a worked
discussion on demand. State (workbook section ``01/bank_case``)::

    {"answers": {prompt code: str}}   # empty answers left out

Done when every prompt has an answer.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import clv, i18n
from ...errors import CXError
from .. import common
from ..exercise import Exercise
from . import notes

SECTION = "01/bank_case"


def prompts() -> tuple[str, ...]:
    return tuple(clv.content()["bank_prompts"])


class BankCase(Exercise):
    """Exercise 5: discussion prompts with saved answers and a worked discussion."""

    section = SECTION
    title_key = "clv.bank.title"
    name = "clv-bank"

    def initial_state(self) -> dict[str, Any]:
        return {"answers": {}}

    def clean(self, stored: Any) -> dict[str, Any]:
        if not isinstance(stored, dict) or not isinstance(stored.get("answers", {}), dict):
            raise CXError("clv.error.stored")
        answers = stored.get("answers", {})
        return {"answers": {k: v[: notes.LIMIT] for k, v in answers.items()
                            if k in prompts() and isinstance(v, str) and v}}

    def is_done(self) -> bool:
        return all(self.state["answers"].get(p, "").strip() for p in prompts())

    def edit(self, prompt: str, text: Any) -> None:
        def apply(new: str, typing: bool) -> None:
            answers = {k: v for k, v in self.state["answers"].items() if k != prompt}
            if new:
                answers[prompt] = new
            self.update(typing=typing, answers=answers)

        notes.edit(self, self.state["answers"].get(prompt, ""), text, apply)

    def build(self) -> list[widgets.Widget]:
        self.case = widgets.HTML()
        self.case.add_class("cx-clv-bank-case")
        self.areas: dict[str, tuple[widgets.Textarea, widgets.HTML]] = {}
        parts: list[widgets.Widget] = [self.case]
        for number, prompt in enumerate(prompts(), start=1):
            css = f"cx-clv-bank-{prompt}"
            question = self.text(f"clv.bank.prompt.{prompt}", css="cx-subtitle", number=number)
            area = notes.area(self, css, "clv.bank.placeholder", rows=3)
            area.add_class("cx-clv-bank-answer")
            self.on_change(area, lambda text, prompt=prompt: self.edit(prompt, text))
            count = notes.counter(css)
            self.areas[prompt] = (area, count)
            question.add_class("cx-clv-bank-prompt")
            parts.extend([question, area, count])
        self.progress = widgets.HTML()
        self.progress.add_class("cx-clv-bank-progress")
        self.solution = common.Solution("clv.bank.discussion")
        self.solution.add_class("cx-clv-bank-discussion")
        return [*parts, self.message, self.progress, self.solution]

    def relabel(self) -> None:
        self.case.value = i18n.t("clv.bank.case")

    def draw(self) -> None:
        answers = self.state["answers"]
        for prompt, (area, count) in self.areas.items():
            area.value = answers.get(prompt, "")
            count.value = notes.count_html(len(area.value))
        done = sum(1 for p in prompts() if answers.get(p, "").strip())
        self.progress.value = html.escape(i18n.t("clv.bank.progress", n=done, total=len(prompts())))
