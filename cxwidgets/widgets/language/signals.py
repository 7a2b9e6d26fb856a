"""Lecture 09 exercise 2: emotion signals: name the emotion, choose the reply.

A :class:`cxwidgets.widgets.quiz.SortingQuiz` over the utterances of ``signals`` in
``cxwidgets/content/language_situations.json`` (choices: anger, anxiety, disappointment,
doubt), with a second radio group per utterance: three replies, one right. State (workbook
section ``09/signals``)::

    {"answers": {signal id: emotion}, "responses": {signal id: 0|1|2},
     "checked": bool, "solution": bool}

Feedback shows at once; the emotion's feedback adds how to respond to it. Opening the solution
locks both groups until "start again".
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, recovery
from ...errors import CXError
from ..quiz import ChoiceGroup, QuizItem, QuizSpec, SortingQuiz, spec_from_records

SECTION = "09/signals"
RESPONSES = (0, 1, 2)


def signals() -> list[dict[str, Any]]:
    """The signal records (``id``, ``emotion``, ``response``) of the content file."""
    return list(recovery.content()["signals"])


def quiz_spec() -> QuizSpec:
    """The utterances (answer: their emotion) and the four emotions."""
    return spec_from_records(
        signals(), [{"code": e} for e in recovery.content()["emotions"]],
        answer="emotion", code="id", text_key="language.signal.{id}.text",
        why_key="language.signal.{id}.why", label_key="language.emotion.{code}")


class Signals(SortingQuiz):
    """Exercise 2: which emotion, and which reply answers it best?"""

    section = SECTION
    title_key = "language.signals.title"
    name = "lang-signals"
    css = "cx-lang-signal"
    intro_key = "language.signals.intro"
    solution_key = "language.signals.solution"

    def spec(self) -> QuizSpec:
        return quiz_spec()

    @property
    def right_responses(self) -> dict[str, int]:
        return {item["id"]: item["response"] for item in signals()}

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {**super().initial_state(), "responses": {}}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = super().clean(stored)
        responses = stored.get("responses") if isinstance(stored, dict) else None
        if isinstance(responses, dict):
            state["responses"] = {
                code: value for code, value in responses.items()
                if code in self.right_responses and not isinstance(value, bool)
                and value in RESPONSES
            }
        return state

    def response_score(self) -> dict[str, int]:
        """``right`` and ``answered`` replies, and ``total`` utterances."""
        right = self.right_responses
        chosen = self.state["responses"]
        return {"right": sum(1 for c, v in chosen.items() if right.get(c) == v),
                "answered": len(chosen), "total": len(right)}

    def is_done(self) -> bool:
        return super().is_done() and len(self.state["responses"]) == len(self.right_responses)

    def saved_value(self) -> dict[str, Any]:
        return {**super().saved_value(), "response_score": self.response_score()}

    # ------------------------------------------------------------ events
    def respond(self, code: str, value: Any) -> None:
        """The learner picks reply ``value`` for utterance ``code`` (refused once locked)."""
        if value == self.state["responses"].get(code):
            return
        if self.locked:
            self.redraw()
            raise CXError("quiz.error.locked")
        if isinstance(value, bool) or value not in RESPONSES:
            self.redraw()
            raise CXError("language.error.response", value=value)
        self.message.clear()
        self.update(responses={**self.state["responses"], code: value})

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        body = super().build()
        self.responses: dict[str, tuple[ChoiceGroup, widgets.HTML]] = {}
        for row in self.rows:
            code = row.item.code
            group = ChoiceGroup()
            group.add_class("cx-lang-response")
            self.on_change(group, lambda value, code=code: self.respond(code, value))
            feedback = widgets.HTML()
            feedback.add_class("cx-lang-response-feedback")
            row.box.children = (*row.box.children, group, feedback)
            self.responses[code] = (group, feedback)
        self.response_line = widgets.HTML()
        self.response_line.add_class("cx-lang-response-score")
        return [*body[:2], self.response_line, *body[2:]]

    def relabel(self) -> None:
        super().relabel()
        for code, (group, _feedback) in self.responses.items():
            group.options = [
                [f"{n + 1}. {i18n.t(f'language.signal.{code}.response.{n}')}", n] for n in RESPONSES]
            group.label = i18n.t("language.signals.response_label",
                                 text=i18n.t(f"language.signal.{code}.text"))

    def draw(self) -> None:
        super().draw()
        right, chosen = self.right_responses, self.state["responses"]
        for code, (group, feedback) in self.responses.items():
            group.value = chosen.get(code)
            group.disabled = self.locked
            group.correct = right[code] if self.locked else None
            feedback.value = self._response_feedback(code, chosen.get(code))
        self.response_line.value = html.escape(
            i18n.t("language.signals.responses_score", **self.response_score()))

    def _response_feedback(self, code: str, value: int | None) -> str:
        why = i18n.t(f"language.signal.{code}.response_why")
        right = self.right_responses[code]
        if value is None:
            return ""
        if value == right:
            text = i18n.t("language.signals.response_right", why=why)
            return f'<span class="cx-quiz-right" data-correct="1">{html.escape(text)}</span>'
        text = i18n.t("language.signals.response_wrong", right=right + 1, why=why)
        return f'<span class="cx-quiz-wrong" data-correct="0">{html.escape(text)}</span>'

    def feedback_html(self, item: QuizItem, answer: Any) -> str:
        """The quiz's ✓/✗ and why, then how to respond to the right emotion."""
        base = super().feedback_html(item, answer)
        if not base:
            return base
        strategy = i18n.t("language.signals.strategy", emotion=i18n.t(f"language.emotion.{item.answer}"),
                          strategy=i18n.t(f"language.emotion.{item.answer}.strategy"))
        return f'{base}<div class="cx-lang-strategy">{html.escape(strategy)}</div>'
