"""Lecture 07 exercise 1: sort broadband service failures into provider gaps 1-4.

A :class:`cxwidgets.widgets.quiz.SortingQuiz` over :data:`cxwidgets.gaps.FAILURES`; the
choices are provider gaps 1-4 (codes 1-4). State (workbook section ``07/classify``)::

    {"answers": {failure id: 1-4}, "checked": bool, "solution": bool}

Feedback shows as soon as a failure is sorted; opening the solution locks the answers.
"""

from __future__ import annotations

from ... import gaps
from ..quiz import QuizChoice, QuizItem, QuizSpec, SortingQuiz

SECTION = gaps.CLASSIFY_SECTION


def quiz_spec() -> QuizSpec:
    """The failures (answer: their provider gap number) and the four provider gaps."""
    return QuizSpec(
        items=tuple(QuizItem(f.id, f.text_key, f.gap, f.why_key) for f in gaps.FAILURES),
        choices=tuple(
            QuizChoice(g.number, g.name_key) for g in gaps.GAPS if g.id in gaps.PROVIDER_GAPS
        ),
    )


class Classify(SortingQuiz):
    """Exercise 1: which provider gap caused each failure? ✓/✗ with the reason at once."""

    section = SECTION
    title_key = "gaps.classify.title"
    name = "gap-classify"
    css = "cx-gap-failure"
    intro_key = "gaps.classify.intro"
    solution_key = "gaps.classify.solution"

    def spec(self) -> QuizSpec:
        return quiz_spec()

    def choice_label(self, choice: QuizChoice) -> str:
        number = int(choice.code)
        return f"{number} {gaps.GAPS[number - 1].name()}"

    def build(self):
        body = super().build()
        for row in self.rows:  # the names lecture 07's tests and styles have always used
            row.choice.add_class("cx-gap-pick")
            row.feedback.add_class("cx-gap-feedback")
        self.score_line.add_class("cx-gap-score")
        return body
