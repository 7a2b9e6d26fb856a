"""Lecture 03 exercise 4: MAN lead qualification (Money, Authority, Need).

State (workbook section ``"03/man"``)::

    {"answers": {prospect id: {"m", "a", "n": bool, "step": verdict code or "",
                               "checked": bool}}}

Done once every prospect has been checked. The prospects are ``data/prospects.csv`` (ids
and the true facts); what the learner reads is the catalogue (``tiers.prospect.<id>.*``).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, tiers, tiers_html
from ...tiers_html import LETTERS
from .. import common
from ..exercise import Exercise

SECTION = "03/man"
BLANK: dict[str, Any] = {"m": False, "a": False, "n": False, "step": "", "checked": False}


def _clean_answer(value: Any) -> dict[str, Any]:
    value = value if isinstance(value, dict) else {}
    answer = {short: bool(value.get(short)) for short, _field in LETTERS}
    step = value.get("step")
    answer["step"] = step if step in tiers.VERDICTS else ""
    answer["checked"] = bool(value.get("checked"))
    return answer


class _ProspectCard:
    """One prospect: description, M/A/N tick boxes, next step, check button, feedback."""

    def __init__(self, owner: ManScoring, row: Any) -> None:
        self.id = str(row.id)
        self.truth = tiers_html.truth_of(row)
        self.heading = widgets.HTML()
        self.boxes: dict[str, widgets.Checkbox] = {}
        for short, _field in LETTERS:
            box = widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(width="auto"))
            box.add_class(f"cx-man-{short}")
            owner.translate(box, "description", f"tiers.man.box.{short}")
            owner.on_change(box, lambda on, short=short: owner.set_answer(self.id, short, bool(on)))
            self.boxes[short] = box
        self.step = widgets.Dropdown(layout=widgets.Layout(width="auto"))
        self.step.add_class("cx-man-step")
        owner.on_change(self.step, lambda value: owner.set_answer(self.id, "step", value or ""))
        self.check = owner.button(
            "tiers.man.check", "cx-man-check", lambda: owner.set_answer(self.id, "checked", True),
            button_style="primary",
        )
        self.feedback = widgets.HTML()
        self.feedback.add_class("cx-man-feedback")
        self.widget = widgets.VBox(
            [
                self.heading,
                widgets.HBox(list(self.boxes.values())),
                widgets.HBox([owner.text("tiers.man.step", "cx-man-step-label"), self.step, self.check]),
                self.feedback,
            ]
        )
        self.widget.add_class("cx-man-prospect")
        self.widget.add_class(f"cx-man-{self.id.lower()}")

    def relabel(self) -> None:
        options = [(i18n.t("tiers.man.step.none"), "")]
        options += [(i18n.t(f"tiers.verdict.{code}"), code) for code in tiers.VERDICTS]
        common.set_options(self.step, options)

    def draw(self, answer: dict[str, Any]) -> None:
        title = html.escape(tiers_html.prospect_text(self.id, "name"))
        description = html.escape(tiers_html.prospect_text(self.id, "description"))
        self.heading.value = f"<h4>{title}</h4><p>{description}</p>"
        for short, box in self.boxes.items():
            box.value = answer[short]
        self.step.value = answer["step"]
        if not answer["checked"]:
            self.feedback.value = ""
            return
        body, _right, _step_ok = tiers_html.prospect_feedback(answer, self.truth)
        facts = tiers_html.prospect_text(self.id, "facts")
        note = html.escape(i18n.t("tiers.man.fb.facts", facts=facts))
        self.feedback.value = f"{body}<p>{note}</p>"


class ManScoring(Exercise):
    """Exercise 4: score each sample prospect on Money, Authority and Need."""

    section = SECTION
    title_key = "tiers.man.title"
    name = "man"

    # ------------------------------------------------------------ state
    def prospect_ids(self) -> list[str]:
        return [str(code) for code in tiers.prospects()["id"]]

    def initial_state(self) -> dict[str, Any]:
        return {"answers": {code: dict(BLANK) for code in self.prospect_ids()}}

    def clean(self, stored: Any) -> dict[str, Any]:
        answers = stored.get("answers") if isinstance(stored, dict) else None
        answers = answers if isinstance(answers, dict) else {}
        return {"answers": {code: _clean_answer(answers.get(code)) for code in self.prospect_ids()}}

    def is_done(self) -> bool:
        return all(answer["checked"] for answer in self.state["answers"].values())

    def answer(self, prospect: str) -> dict[str, Any]:
        return self.state["answers"][prospect]

    def score(self) -> dict[str, int]:
        """Counts over checked prospects: ``checked``, ``total``, ``right`` letters, ``steps``."""
        checked = [card for card in self.cards if self.answer(card.id)["checked"]]
        right = steps = 0
        for card in checked:
            _body, letters, step_ok = tiers_html.prospect_feedback(self.answer(card.id), card.truth)
            right += letters
            steps += step_ok
        return {
            "checked": len(checked),
            "total": len(self.cards),
            "right": right,
            "asked": 3 * len(checked),
            "steps": steps,
        }

    # ------------------------------------------------------------ events
    def set_answer(self, prospect: str, key: str, value: Any) -> None:
        answers = {**self.state["answers"], prospect: {**self.answer(prospect), key: value}}
        self.update(answers=answers)

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.summary = widgets.HTML()
        self.summary.add_class("cx-man-summary")
        self.cards = [_ProspectCard(self, row) for row in tiers.prospects().itertuples(index=False)]
        return [
            self.text("tiers.man.intro", "cx-man-intro"),
            self.message,
            self.summary,
            *[card.widget for card in self.cards],
        ]

    def relabel(self) -> None:
        for card in self.cards:
            card.relabel()

    def draw(self) -> None:
        for card in self.cards:
            card.draw(self.answer(card.id))
        score = self.score()
        if score["checked"] == 0:
            text = i18n.t("tiers.man.progress.none", total=score["total"])
        else:
            text = i18n.t("tiers.man.progress", **score)
        self.summary.value = f'<p class="cx-msg cx-msg-info" role="status">{html.escape(text)}</p>'
