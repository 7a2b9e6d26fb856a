"""Lecture 06 exercise 2: the how-might-we board (pains -> questions -> ideas -> votes -> grid).

State (workbook section ``06/hmw``): the board of :mod:`cxwidgets.hmw` (``pains``,
``questions``, ``ideas``, ``votes``, ``per_person``) plus what is being typed or picked
(``draft_pain``, ``draft_question``, ``draft_idea``, ``person``, ``sel_touchpoint``,
``sel_pain``, ``sel_pattern``, ``sel_question``), so nothing typed is lost on a reload.

The notes, their votes and the impact/effort grid are ONE anywidget (:class:`HmwBoard`,
``static/emot_board.js``): notes are dragged with the pointer onto the grid or moved with
the arrow keys; every text it shows comes from here (``texts``, and each note's ``label``).
Done when at least one idea is on the grid and at least one vote is cast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from ... import emot, emot_html, fmt, hmw, i18n
from ...errors import CXError
from .. import common
from ..exercise import assign
from ..layouts import set_layout, set_style
from ..stylesheet import CourseWidget
from .shared import LectureExercise, limited

SECTION = hmw.SECTION
STATIC = Path(__file__).resolve().parent.parent.parent / "static"
NOTE_KEYS = ("id", "text", "votes", "mine", "impact", "effort", "quadrant", "label")
#: Catalogue keys of the texts the board shows (``texts`` trait).
TEXT_KEYS = {
    "park": "hmw.board.park",
    "park_empty": "hmw.board.park_empty",
    "grid": "hmw.board.grid_label",
    "impact": "hmw.axis.impact",
    "effort": "hmw.axis.effort",
    "help": "hmw.board.help",
    "vote": "hmw.board.vote",
    "unvote": "hmw.board.unvote",
    "delete": "hmw.board.delete",
    "quick_win": "hmw.quadrant.quick_win",
    "big_bet": "hmw.quadrant.big_bet",
    "fill_in": "hmw.quadrant.fill_in",
    "money_pit": "hmw.quadrant.money_pit",
}
ACTIONS = ("vote", "unvote", "place", "park", "delete")


class HmwBoard(CourseWidget):
    """Idea notes with votes, and the impact/effort grid they are dragged onto.

    Traits (synced)
    ---------------
    notes : list of dict
        ``{"id", "text", "votes", "mine", "impact", "effort", "quadrant", "label"}``;
        ``impact``/``effort`` ``None`` for a note off the grid; ``label`` its accessible name.
    texts : dict
        Translated texts (:data:`TEXT_KEYS`).
    config : dict
        ``{"max": GRID_MAX, "high": GRID_HIGH}``.

    The browser sends ``{"action": "vote" | "unvote" | "place" | "park" | "delete", "id",
    "impact", "effort"}``; :attr:`on_action` receives it.
    """

    _esm = STATIC / "emot_board.js"
    notes = traitlets.List().tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)
    config = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("cx-hmw-board-widget")
        self.config = {"max": hmw.GRID_MAX, "high": hmw.GRID_HIGH}
        self.on_action: Any = None
        self.on_msg(self._handle)
        self.relabel()

    @traitlets.validate("notes")
    def _valid_notes(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        for note in proposal["value"]:
            if not isinstance(note, dict) or set(note) != set(NOTE_KEYS):
                message = f"each note needs exactly the keys {NOTE_KEYS}, got {note!r}"
                raise traitlets.TraitError(message)
        return proposal["value"]

    def relabel(self) -> None:
        """Refresh the texts in the active language."""
        self.texts = {name: i18n.t(key) for name, key in TEXT_KEYS.items()}

    def _handle(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("action") in ACTIONS and self.on_action:
            self.on_action(content)


def note_label(idea: dict[str, Any]) -> str:
    """The accessible name of a note: text, votes, and where it is on the grid."""
    if idea["quadrant"] is None:
        return i18n.t("hmw.board.note_parked", text=idea["text"], votes=idea["votes"])
    return i18n.t(
        "hmw.board.note_placed", text=idea["text"], votes=idea["votes"],
        impact=fmt.integer(idea["impact"]), effort=fmt.integer(idea["effort"]),
        quadrant=i18n.t(f"hmw.quadrant.{idea['quadrant']}"),
    )


class HmwExercise(LectureExercise):
    """Exercise 2: reframe pains as how-might-we questions, collect ideas, vote, place them."""

    section = SECTION
    title_key = "hmw.title"
    name = "hmw"
    follows = (emot.SECTION,)

    def initial_state(self) -> dict[str, Any]:
        return {
            **hmw.empty_board(),
            "draft_pain": "", "draft_question": "", "draft_idea": "", "person": "",
            "sel_touchpoint": None, "sel_pain": None, "sel_pattern": hmw.PATTERNS[0],
            "sel_question": None,
        }

    def clean(self, stored: Any) -> dict[str, Any]:
        board = hmw.clean(stored)
        state = {**self.initial_state(), **board}
        for key in ("draft_pain", "draft_question", "draft_idea", "person"):
            if isinstance(stored.get(key), str):
                state[key] = stored[key][: hmw.MAX_TEXT]
        for key in ("sel_touchpoint", "sel_pain", "sel_question"):
            if isinstance(stored.get(key), str):
                state[key] = stored[key]
        if stored.get("sel_pattern") in hmw.PATTERNS:
            state["sel_pattern"] = stored["sel_pattern"]
        return state

    # ------------------------------------------------------------ widgets
    def _text_box(self, key: str, placeholder: str, css: str) -> widgets.Text:
        box = widgets.Text(continuous_update=True)
        box.add_class(css)
        set_layout(box, width="28rem")
        self.translate(box, "placeholder", placeholder)
        self.on_change(box, lambda value: self.update(
            typing=True, **{key: limited(self, str(value), hmw.MAX_TEXT)}))
        return box

    def _dropdown(self, key: str, css: str, label: str) -> widgets.Dropdown:
        box = widgets.Dropdown(layout={"width": "34rem", "max_width": "100%"})
        box.add_class(css)
        set_style(box, description_width="initial")
        self.translate(box, "description", label)
        self.on_change(box, lambda value: self.update(**{key: value}))
        return box

    def build(self) -> list[widgets.Widget]:
        intro = self.text("hmw.intro", "cx-hmw-intro")
        # 1 pains
        self.touchpoint = self._dropdown("sel_touchpoint", "cx-hmw-touchpoint", "hmw.pick.touchpoint")
        add_tp = self.button("hmw.pick.add_touchpoint", "cx-hmw-add-touchpoint", self.add_touchpoint_pain)
        self.pain_text = self._text_box("draft_pain", "hmw.pick.pain_placeholder", "cx-hmw-pain-text")
        add_pain = self.button("hmw.pick.add_pain", "cx-hmw-add-pain", self.add_pain)
        # 2 questions
        self.pain = self._dropdown("sel_pain", "cx-hmw-pain", "hmw.pick.pain")
        remove_pain = self.button("hmw.pick.remove_pain", "cx-hmw-remove-pain", self.remove_pain)
        self.pattern = self._dropdown("sel_pattern", "cx-hmw-pattern", "hmw.pick.pattern")
        self.prompt = widgets.HTML()
        self.prompt.add_class("cx-hmw-prompt")
        use = self.button("hmw.pick.use_prompt", "cx-hmw-use-prompt", self.use_prompt)
        self.question_text = self._text_box("draft_question", "hmw.pick.question_placeholder",
                                            "cx-hmw-question-text")
        add_q = self.button("hmw.pick.add_question", "cx-hmw-add-question", self.add_question)
        self.questions = widgets.HTML()
        self.questions.add_class("cx-hmw-questions-box")
        # 3 ideas
        self.question = self._dropdown("sel_question", "cx-hmw-question", "hmw.pick.question")
        self.idea_text = self._text_box("draft_idea", "hmw.pick.idea_placeholder", "cx-hmw-idea-text")
        add_idea = self.button("hmw.pick.add_idea", "cx-hmw-add-idea", self.add_idea)
        # 4 votes and grid
        self.person = widgets.Text(continuous_update=True)
        self.person.add_class("cx-hmw-person")
        set_style(self.person, description_width="initial")
        self.translate(self.person, "description", "hmw.pick.person")
        self.on_change(self.person, lambda value: self.update(
            typing=True, person=limited(self, str(value), hmw.MAX_PERSON)))
        self.votes_line = widgets.HTML()
        self.votes_line.add_class("cx-hmw-votes-left")
        self.board = HmwBoard()
        self.board.on_action = self.guard(self.act)
        self.summary = widgets.HTML()
        self.summary.add_class("cx-hmw-summary")

        def row(*children: widgets.Widget) -> widgets.HBox:
            return widgets.HBox(list(children), layout={"flex_flow": "row wrap",
                                                        "align_items": "center"})

        return [
            intro,
            self.text("hmw.step.pains", "cx-emot-subtitle"),
            row(self.touchpoint, add_tp), row(self.pain_text, add_pain),
            self.text("hmw.step.questions", "cx-emot-subtitle"),
            row(self.pain, remove_pain), row(self.pattern, use), self.prompt,
            row(self.question_text, add_q), self.questions,
            self.text("hmw.step.ideas", "cx-emot-subtitle"),
            row(self.question), row(self.idea_text, add_idea),
            self.text("hmw.step.vote", "cx-emot-subtitle"),
            row(self.person, self.votes_line), self.board, self.message, self.summary,
        ]

    def relabel(self) -> None:
        self.board.relabel()

    # ------------------------------------------------------------ helpers
    def board_value(self) -> dict[str, Any]:
        """The board part of the state (what :mod:`cxwidgets.hmw` works on)."""
        return {k: self.state[k] for k in ("pains", "questions", "ideas", "votes", "per_person")}

    def _set_board(self, board: dict[str, Any], **more: Any) -> None:
        self.update(**board, **more)

    def voter(self) -> str:
        """Who is voting: the name typed, else the page's learner."""
        name = self.state["person"].strip()
        if not name and self.session is not None:
            name = self.session.learner
        if not name:
            raise CXError("hmw.error.no_person")
        return name

    def touchpoint_options(self) -> list[tuple[str, str]]:
        """Touchpoints to take pains from: the chosen E-MOTs first, then the pain points."""
        return [(name, tp) for tp, name in emot.pain_candidates(self.sections())]

    # ------------------------------------------------------------ events
    def add_touchpoint_pain(self) -> None:
        options = dict((tp, name) for name, tp in self.touchpoint_options())
        tp_id = self.state["sel_touchpoint"] if self.state["sel_touchpoint"] in options else None
        if tp_id is None:
            tp_id = next(iter(options), None)
        if tp_id is None:
            raise CXError("hmw.error.no_touchpoint")
        board = hmw.add_pain(self.board_value(), options[tp_id], tp_id)
        self._set_board(board, sel_pain=board["pains"][-1]["id"])

    def add_pain(self) -> None:
        board = hmw.add_pain(self.board_value(), self.state["draft_pain"])
        self._set_board(board, draft_pain="", sel_pain=board["pains"][-1]["id"])

    def current_pain(self) -> str | None:
        """The pain picked (the first one when the pick is gone), ``None`` without pains."""
        ids = [p["id"] for p in self.state["pains"]]
        picked = self.state["sel_pain"]
        return picked if picked in ids else (ids[0] if ids else None)

    def remove_pain(self) -> None:
        pain = self.current_pain()
        if pain is None:
            raise CXError("hmw.error.no_pain")
        self._set_board(hmw.remove(self.board_value(), "pains", pain), sel_pain=None)

    def _pain_text(self) -> str:
        pains = {p["id"]: p["text"] for p in self.state["pains"]}
        pain = self.current_pain()
        if pain is None:
            raise CXError("hmw.error.no_pain")
        return pains[pain]

    def use_prompt(self) -> None:
        text = hmw.question_prompt(self.state["sel_pattern"], self._pain_text())
        self.update(draft_question=text[: hmw.MAX_TEXT])

    def add_question(self) -> None:
        self._pain_text()
        board = hmw.add_question(self.board_value(), self.current_pain(),
                                 self.state["sel_pattern"], self.state["draft_question"])
        self._set_board(board, draft_question="", sel_question=board["questions"][-1]["id"])

    def add_idea(self) -> None:
        ids = {q["id"] for q in self.state["questions"]}
        question = self.state["sel_question"] if self.state["sel_question"] in ids else None
        board = hmw.add_idea(self.board_value(), question, self.state["draft_idea"])
        self._set_board(board, draft_idea="")

    def act(self, content: dict[str, Any]) -> None:
        """A board event from the browser: vote, unvote, place, park or delete a note."""
        action, idea_id = content.get("action"), str(content.get("id"))
        board = self.board_value()
        if action == "vote":
            board = hmw.vote(board, self.voter(), idea_id)
        elif action == "unvote":
            board = hmw.unvote(board, self.voter(), idea_id)
        elif action == "place":
            board = hmw.place(board, idea_id, content.get("impact"), content.get("effort"))
        elif action == "park":
            board = hmw.place(board, idea_id, None, None)
        elif action == "delete":
            board = hmw.remove(board, "ideas", idea_id)
        self.message.clear()
        self._set_board(board)
        self.draw_board()  # a refused or unchanged drop snaps back too

    # ------------------------------------------------------------ output
    def is_done(self) -> bool:
        placed = any(i["impact"] is not None for i in self.state["ideas"])
        return placed and any(self.state["votes"].values())

    def saved_value(self) -> dict[str, Any]:
        return dict(self.state)

    # ------------------------------------------------------------ drawing
    def _person_or_none(self) -> str | None:
        try:
            return self.voter()
        except CXError:
            return None

    def draw_board(self) -> None:
        person = self._person_or_none()
        mine = set(self.state["votes"].get(person, [])) if person else set()
        notes = []
        for idea in hmw.ranked_ideas(self.board_value()):
            notes.append({
                "id": idea["id"], "text": idea["text"], "votes": idea["votes"],
                "mine": idea["id"] in mine, "impact": idea["impact"], "effort": idea["effort"],
                "quadrant": idea["quadrant"], "label": note_label(idea),
            })
        order = {idea["id"]: i for i, idea in enumerate(self.state["ideas"])}
        notes.sort(key=lambda note: order[note["id"]])
        assign(self.board, "notes", notes)

    def draw(self) -> None:
        options = self.touchpoint_options()
        common.set_options(self.touchpoint, options)
        ids = [v for _l, v in options]
        if ids:
            chosen = self.state["sel_touchpoint"]
            assign(self.touchpoint, "value", chosen if chosen in ids else ids[0])
        assign(self.pain_text, "value", self.state["draft_pain"])
        pains = [(p["text"], p["id"]) for p in self.state["pains"]]
        common.set_options(self.pain, pains)
        current = self.current_pain()
        if current is not None:
            assign(self.pain, "value", current)
        common.set_options(self.pattern,
               [(i18n.t(f"hmw.pattern.{p}.name"), p) for p in hmw.PATTERNS])
        assign(self.pattern, "value", self.state["sel_pattern"])
        pain_name = dict((v, label) for label, v in pains).get(current)
        self.prompt.value = emot_html.note(
            hmw.question_prompt(self.state["sel_pattern"], pain_name) if pain_name
            else i18n.t("hmw.board.no_pains")
        )
        assign(self.question_text, "value", self.state["draft_question"])
        self.questions.value = emot_html.questions_list(self.board_value())
        questions = [(i18n.t("hmw.pick.no_question"), None)] + [
            (q["text"], q["id"]) for q in self.state["questions"]]
        common.set_options(self.question, questions)
        qids = [v for _l, v in questions]
        assign(self.question, "value",
               self.state["sel_question"] if self.state["sel_question"] in qids else None)
        assign(self.idea_text, "value", self.state["draft_idea"])
        assign(self.person, "value", self.state["person"])
        person = self._person_or_none()
        left = hmw.votes_left(self.board_value(), person) if person else self.state["per_person"]
        self.votes_line.value = emot_html.note(i18n.t(
            "hmw.board.votes_left", per_person=self.state["per_person"], left=left))
        self.draw_board()
        self.summary.value = emot_html.board_table(self.board_value()) if self.state["ideas"] else ""
