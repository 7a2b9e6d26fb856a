"""A sorting quiz: put each item into one of a few categories, get ✓/✗ and why.

Shared by lecture 07 exercise 1 (service failures -> provider gaps 1-4) and lecture 02
(service moments -> SERVQUAL dimensions). One class, :class:`SortingQuiz`, on the exercise
contract (:mod:`cxwidgets.widgets.exercise`).

State (the workbook section of the subclass)::

    {"answers": {item code: choice code},   # unanswered items are left out
     "checked": bool,    # "check" mode: the learner asked to check since the last change
     "solution": bool}   # the solution was opened: answers are locked until "start again"

Plugging a quiz in
------------------
Subclass :class:`SortingQuiz`, set the usual exercise attributes and say where the questions
come from by overriding :meth:`SortingQuiz.spec` (return a :class:`QuizSpec`). The simplest
source is a content file ``cxwidgets/content/<name>.json`` laid out as::

    {"items":   [{"code": "m_slot", "text": "servqual.moment.m_slot.text",
                  "answer": "reliability", "why": "servqual.moment.m_slot.why"}, ...],
     "choices": [{"code": "reliability", "label": "servqual.dim.reliability"}, ...]}

where ``text``/``why``/``label`` are catalogue keys (``cxwidgets/locales/<domain>.json``) and
``code``/``answer`` are language-independent codes (strings or integers, stored as they are).
Files with codes only name the fields and build the keys from templates, e.g.
``spec_from_records(content["moments"], [{"code": d} for d in DIMENSIONS], answer="dimension",
code="id", text_key="servqual.moment.{id}.text", why_key="servqual.moment.{id}.why",
label_key="servqual.dim.{code}")`` (choices are records with a ``code`` field)::

    from cxwidgets import servqual
    from cxwidgets.widgets.quiz import SortingQuiz, read_content, spec_from_records

    class Moments(SortingQuiz):
        section = "02/scenarios"
        title_key = "servqual.scenarios.title"
        name = "sq-scenarios"              # card class cx-ex-sq-scenarios
        intro_key = "servqual.scenarios.samples_intro"
        solution_key = None                # optional catalogue HTML shown with the solution
        wrong_key = "servqual.scenarios.wrong"     # params {right} (choice label) and {why}
        score_key = "servqual.scenarios.score"     # params {right}, {answered}, {total}
        css = "cx-sq-moment"   # row cx-sq-moment cx-sq-moment-<code>, cx-sq-moment-pick, ...

        def spec(self):
            return spec_from_records(
                read_content("servqual")["moments"],
                [{"code": d} for d in servqual.DIMENSIONS],
                answer="dimension", code="id",
                text_key="servqual.moment.{id}.text", why_key="servqual.moment.{id}.why",
                label_key="servqual.dim.{code}")
            # a file laid out as above: return spec_from_content("name")

A content file holding other things can keep its own layout: build the spec with
:func:`spec_from_records` or directly from :class:`QuizItem` / :class:`QuizChoice`.
Override :meth:`SortingQuiz.choice_label` when a choice's label is more than one key (lecture
07 shows "1 倾听差距"). Class attribute ``feedback = "immediate"`` (the default: ✓/✗ as soon as
an item is sorted) or ``"check"`` (feedback after the "check" button). To add more views
(lecture 02's own moments), extend :meth:`initial_state`, :meth:`clean`, :meth:`build` and
:meth:`draw` calling ``super()``.

Views and CSS classes (``css`` is the subclass prefix, every element also has the generic
``cx-quiz-*`` class): a row per item ``<css>`` ``<css>-<code>`` with the item text, a radio
group ``<css>-pick`` (:class:`ChoiceGroup`, buttons ``role="radio"``, the group named by
the item text) and ``<css>-feedback`` holding ``<span data-correct="1|0">``; the score line
``<css>-score``; buttons ``cx-quiz-check``, ``cx-quiz-solution-open``, ``cx-quiz-restart``
(confirmed with ``cx-quiz-restart-yes`` / ``cx-quiz-restart-no``); the solution
``cx-quiz-solution``. Opening the solution shows the right choice and the explanation of every
item and locks the answers (saved; survives reloads) until the learner starts again, which
clears the answers too.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, ClassVar

import ipywidgets as widgets
import traitlets

from .. import i18n
from ..errors import CXError
from .common import STATIC
from .exercise import Exercise
from .layouts import set_layout, show
from .stylesheet import CourseWidget

Code = str | int
FEEDBACK_MODES = ("immediate", "check")


# --------------------------------------------------------------------------- the questions
@dataclass(frozen=True)
class QuizItem:
    """One item to sort.

    Attributes
    ----------
    code : str
        Stable identifier (the key of the learner's answer).
    text_key : str
        Catalogue key of the item's text.
    answer : str or int
        Code of the right choice.
    why_key : str
        Catalogue key of the explanation shown with ✓/✗.
    """

    code: str
    text_key: str
    answer: Code
    why_key: str


@dataclass(frozen=True)
class QuizChoice:
    """One category items are sorted into: its code and the catalogue key of its label."""

    code: Code
    label_key: str


@dataclass(frozen=True)
class QuizSpec:
    """The questions of a quiz: the items and the choices, in display order."""

    items: tuple[QuizItem, ...]
    choices: tuple[QuizChoice, ...]

    def __post_init__(self) -> None:
        codes = [item.code for item in self.items]
        choices = {choice.code for choice in self.choices}
        if len(set(codes)) != len(codes) or not self.items:
            message = f"quiz items need unique codes, got {codes!r}"
            raise ValueError(message)
        wrong = [item.code for item in self.items if item.answer not in choices]
        if wrong:
            message = f"quiz items {wrong!r} have an answer that is not one of the choices"
            raise ValueError(message)

    def item(self, code: str) -> QuizItem:
        return next(item for item in self.items if item.code == code)

    def choice_codes(self) -> tuple[Code, ...]:
        return tuple(choice.code for choice in self.choices)


def read_content(name: str) -> Any:
    """The parsed content file ``cxwidgets/content/<name>.json``."""
    path = resources.files("cxwidgets") / "content" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def spec_from_records(
    items: Iterable[Mapping[str, Any]],
    choices: Iterable[Mapping[str, Any]],
    answer: str = "answer",
    code: str = "code",
    text_key: str = "{text}",
    why_key: str = "{why}",
    label_key: str = "{label}",
) -> QuizSpec:
    """A spec from content records (lists of dicts).

    Parameters
    ----------
    items, choices : iterable of mapping
        One record per item / per choice.
    answer : str
        The item field holding the right choice's code.
    code : str
        The item field holding the item's code (choices always use ``code``).
    text_key, why_key, label_key : str
        Templates of the catalogue keys, filled with the record's fields: the default
        ``"{text}"`` takes the key from the field ``text``; ``"servqual.moment.{id}.text"``
        builds it from the code.
    """
    return QuizSpec(
        items=tuple(
            QuizItem(str(r[code]), text_key.format(**r), r[answer], why_key.format(**r))
            for r in items
        ),
        choices=tuple(QuizChoice(r["code"], label_key.format(**r)) for r in choices),
    )


def spec_from_content(
    name: str, items: str = "items", choices: str = "choices", **fields: str
) -> QuizSpec:
    """A spec from the lists ``items`` and ``choices`` of the content file ``name``.

    ``fields`` are passed to :func:`spec_from_records` (``answer``, ``code``, key templates).
    """
    data = read_content(name)
    return spec_from_records(data[items], data[choices], **fields)


# --------------------------------------------------------------------------- the radio group
class ChoiceGroup(CourseWidget):
    """The choices of one item: a radio group of buttons named by ``label`` (aria-label).

    ``options`` is a list of ``[label, code]``; ``value`` the chosen code (``None``: none);
    ``disabled`` locks the group; ``correct`` marks the right code once the solution shows.
    A learner's choice arrives as a change of ``value`` from the browser.
    """

    _esm = STATIC / "choice_group.js"
    options = traitlets.List().tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    correct = traitlets.Any(None, allow_none=True).tag(sync=True)


# --------------------------------------------------------------------------- the exercise
class _Row:
    """The widgets of one item: its text, the radio group and the feedback line."""

    def __init__(self, quiz: SortingQuiz, item: QuizItem) -> None:
        self.item = item
        self.text = widgets.HTML()
        self.text.add_class("cx-quiz-text")
        self.choice = ChoiceGroup()
        self.choice.add_class("cx-quiz-pick")
        self.choice.add_class(f"{quiz.css}-pick")
        quiz.on_change(self.choice, lambda value: quiz.choose(item.code, value))
        self.feedback = widgets.HTML()
        self.feedback.add_class("cx-quiz-feedback")
        self.feedback.add_class(f"{quiz.css}-feedback")
        self.box = widgets.VBox([self.text, self.choice, self.feedback])
        for css in ("cx-quiz-item", quiz.css, f"{quiz.css}-{item.code}"):
            self.box.add_class(css)


class SortingQuiz(Exercise):
    """Sort items into categories; ✓/✗ with the reason per item, a score, a lockable solution.

    See the module docstring for how to plug a quiz in. Subclasses override :meth:`spec` and
    may set the class attributes below.
    """

    #: ``"immediate"``: feedback as soon as an item is sorted; ``"check"``: after "check".
    feedback: ClassVar[str] = "immediate"
    #: CSS prefix of the rows, pickers, feedback and score (e.g. ``"cx-gap-failure"``).
    css: ClassVar[str] = "cx-quiz-row"
    #: Catalogue key of the line above the items (``None``: none).
    intro_key: ClassVar[str | None] = None
    #: Catalogue key of an HTML discussion shown with the solution (``None``: none).
    solution_key: ClassVar[str | None] = None
    #: Feedback of a wrong answer; params ``right`` (the right choice's label) and ``why``.
    wrong_key: ClassVar[str] = "quiz.wrong"
    #: The score line; params ``right``, ``answered`` and ``total``.
    score_key: ClassVar[str] = "quiz.score"

    # ------------------------------------------------------------ to override
    def spec(self) -> QuizSpec:
        """The items and choices (override; e.g. ``spec_from_content("name")``)."""
        raise NotImplementedError

    def choice_label(self, choice: QuizChoice) -> str:
        """The label of ``choice`` in the active language."""
        return i18n.t(choice.label_key)

    # ------------------------------------------------------------ state
    @functools.cached_property
    def quiz(self) -> QuizSpec:
        """The spec (read once per exercise)."""
        return self.spec()

    def initial_state(self) -> dict[str, Any]:
        return {"answers": {}, "checked": False, "solution": False}

    def clean(self, stored: Any) -> dict[str, Any]:
        """Keep the known items' valid answers and the flags; drop anything else."""
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        answers = stored.get("answers")
        if isinstance(answers, dict):
            codes = self.quiz.choice_codes()
            known = {item.code for item in self.quiz.items}
            state["answers"] = {
                code: value
                for code, value in answers.items()
                if code in known and _is_choice(value, codes)
            }
        state["checked"] = stored.get("checked") is True
        state["solution"] = stored.get("solution") is True
        return state

    def answers(self) -> dict[str, Code]:
        """The learner's answers: item code -> choice code (answered items only)."""
        return dict(self.state["answers"])

    def results(self) -> dict[str, bool | None]:
        """Item code -> whether the answer is right (``None``: not answered)."""
        answers = self.state["answers"]
        return {
            item.code: (answers[item.code] == item.answer) if item.code in answers else None
            for item in self.quiz.items
        }

    def score(self) -> dict[str, int]:
        """``right``, ``answered`` and ``total`` (the params of :attr:`score_key`)."""
        results = self.results()
        return {
            "right": sum(1 for r in results.values() if r),
            "answered": sum(1 for r in results.values() if r is not None),
            "total": len(results),
        }

    @property
    def locked(self) -> bool:
        """Whether the answers are locked (the solution was opened)."""
        return bool(self.state["solution"])

    def is_done(self) -> bool:
        return self.score()["answered"] == len(self.quiz.items)

    def saved_value(self) -> dict[str, Any]:
        return {**self.state, "score": self.score()}

    def feedback_shown(self) -> bool:
        """Whether ✓/✗ are shown now (immediate mode, after "check", or with the solution)."""
        return self.feedback == "immediate" or self.state["checked"] or self.locked

    # ------------------------------------------------------------ events
    def choose(self, code: str, value: Any) -> None:
        """The learner sorts item ``code`` into choice ``value`` (refused once locked)."""
        if value == self.state["answers"].get(code):
            return  # nothing new: neither a change nor anything to refuse
        if self.locked:
            self.redraw()  # put the browser's radio group back
            raise CXError("quiz.error.locked")
        if not _is_choice(value, self.quiz.choice_codes()):
            self.redraw()
            raise CXError("quiz.error.choice", value=value)
        self.message.clear()
        self.update(answers={**self.state["answers"], code: value}, checked=False)

    def check(self) -> None:
        """Show ✓/✗ for the answered items ("check" mode)."""
        if not self.state["answers"]:
            self.message.show_info("quiz.check_nothing")
            return
        self.message.clear()
        self.update(checked=True)

    def open_solution(self) -> None:
        """Show the solution; the answers are locked from now on (saved at once)."""
        self.message.clear()
        self.update(solution=True)

    def ask_restart(self) -> None:
        """Ask to confirm "start again" (nothing is cleared yet)."""
        show(self.confirm)

    def cancel_restart(self) -> None:
        show(self.confirm, False)

    def restart(self) -> None:
        """Start again: clear the answers and close the solution (unlocks; saved at once)."""
        show(self.confirm, False)
        self.set_state(self.initial_state())
        self.message.show_success("quiz.restarted")

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        if self.feedback not in FEEDBACK_MODES:
            message = f"feedback must be one of {FEEDBACK_MODES}, not {self.feedback!r}"
            raise ValueError(message)
        self.rows = [_Row(self, item) for item in self.quiz.items]
        self.score_line = widgets.HTML()
        self.score_line.add_class("cx-quiz-score")
        self.score_line.add_class(f"{self.css}-score")
        self.check_button = self.button("quiz.check", "cx-quiz-check", self.check)
        self.solution_button = self.button(
            "quiz.solution.open", "cx-quiz-solution-open", self.open_solution
        )
        self.restart_button = self.button("quiz.restart", "cx-quiz-restart", self.ask_restart)
        for button in (self.check_button, self.solution_button, self.restart_button):
            set_layout(button, width="auto")
        self.confirm = widgets.HBox(
            [
                self.text("quiz.restart.confirm", css="cx-quiz-restart-question"),
                self.button("quiz.restart.yes", "cx-quiz-restart-yes", self.restart),
                self.button("quiz.restart.no", "cx-quiz-restart-no", self.cancel_restart),
            ],
            layout={"display": "none"},
        )
        self.confirm.add_class("cx-quiz-confirm")
        self.locked_note = self.text("quiz.solution.locked", css="cx-quiz-locked")
        self.solution = widgets.HTML()
        self.solution.add_class("cx-quiz-solution")
        intro = [self.text(self.intro_key, css="cx-note")] if self.intro_key else []
        actions = widgets.HBox([self.check_button, self.solution_button, self.restart_button])
        actions.add_class("cx-quiz-actions")
        body = widgets.VBox([row.box for row in self.rows])
        body.add_class("cx-quiz-items")
        return [
            *intro,
            self.score_line,
            body,
            actions,
            self.confirm,
            self.message,
            self.locked_note,
            self.solution,
        ]

    def relabel(self) -> None:
        options = [[self.choice_label(choice), choice.code] for choice in self.quiz.choices]
        for row in self.rows:
            text = i18n.t(row.item.text_key)
            row.text.value = f"<b>{html.escape(text)}</b>"
            if row.choice.options != options:
                row.choice.options = options
            row.choice.label = text

    def draw(self) -> None:
        answers, locked, shown = self.state["answers"], self.locked, self.feedback_shown()
        for row in self.rows:
            row.choice.value = answers.get(row.item.code)
            row.choice.disabled = locked
            row.choice.correct = row.item.answer if locked else None
            row.feedback.value = self.feedback_html(row.item, answers.get(row.item.code)) if shown else ""
        score = self.score()
        key = self.score_key if shown else "quiz.progress"
        self.score_line.value = html.escape(i18n.t(key, **score))
        show(self.check_button, self.feedback == "check" and not locked)
        show(self.solution_button, not locked)
        anything = bool(answers) or locked
        show(self.restart_button, anything)
        if not anything:
            show(self.confirm, False)
        show(self.locked_note, locked)
        show(self.solution, locked and self.solution_key)
        self.solution.value = i18n.t(self.solution_key) if locked and self.solution_key else ""

    def feedback_html(self, item: QuizItem, answer: Code | None) -> str:
        """``✓ why`` / ``✗ the right choice and why`` / with the solution, the right choice."""
        why = i18n.t(item.why_key)
        right = self.choice_label(next(c for c in self.quiz.choices if c.code == item.answer))
        if answer is None:
            if not self.locked:
                return ""
            text = i18n.t("quiz.answer_is", right=right, why=why)
            return f'<span class="cx-quiz-answer" data-correct="">{html.escape(text)}</span>'
        if answer == item.answer:
            return f'<span class="cx-quiz-right" data-correct="1">✓ {html.escape(why)}</span>'
        text = i18n.t(self.wrong_key, right=right, why=why)
        return f'<span class="cx-quiz-wrong" data-correct="0">✗ {html.escape(text)}</span>'


def _is_choice(value: Any, codes: tuple[Code, ...]) -> bool:
    # bool is an int: True must not pass for choice 1
    return not isinstance(value, bool) and value in codes
