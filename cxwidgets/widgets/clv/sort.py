"""Lecture 01 exercise 4: experience, satisfaction or loyalty? (a sorting quiz).

A :class:`cxwidgets.widgets.quiz.SortingQuiz` over the statements about a broadband install in
``content/clv.json`` (``statements``: ``id`` and ``answer``); texts and explanations are
catalogue keys ``clv.sort.item.<id>.text`` / ``.why``. State (workbook section ``01/sort``)::

    {"answers": {statement id: "experience" | "satisfaction" | "loyalty"},
     "checked": bool, "solution": bool}
"""

from __future__ import annotations

from ... import clv
from ..quiz import QuizSpec, SortingQuiz, spec_from_records

SECTION = "01/sort"


def quiz_spec() -> QuizSpec:
    """The statements and the three categories."""
    content = clv.content()
    return spec_from_records(
        content["statements"], [{"code": c} for c in content["sort_choices"]],
        code="id", text_key="clv.sort.item.{id}.text", why_key="clv.sort.item.{id}.why",
        label_key="clv.sort.choice.{code}")


class Sort(SortingQuiz):
    """Exercise 4: sort each statement; ✓/✗ with the reason at once."""

    section = SECTION
    title_key = "clv.sort.title"
    name = "clv-sort"
    css = "cx-clv-statement"
    intro_key = "clv.sort.intro"
    solution_key = "clv.sort.solution"

    def spec(self) -> QuizSpec:
        return quiz_spec()
