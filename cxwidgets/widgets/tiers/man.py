"""Lecture 03 exercise 4: MAN lead qualification (Money, Authority, Need).

State (workbook section ``"03/man"``)::

    {"answers": {prospect id: {"m", "a", "n": bool, "step": verdict code or "",
                               "checked": bool}}}

Done once every prospect has been checked. The prospects are ``data/prospects.csv`` (ids
and the true facts); what the learner reads is the catalogue (``tiers.prospect.<id>.*``).

All prospects are ONE widget model, a :class:`~cxwidgets.widgets.choice_grid.ChoiceGrid` whose
value has the state's shape: rows ``cx-man-prospect cx-man-<id>`` (heading
``cx-man-heading``), tick boxes ``cx-man-m`` / ``cx-man-a`` / ``cx-man-n``, the next step
``cx-man-step`` (a drop-down), the button ``cx-man-check`` and the feedback ``cx-man-feedback``.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, tiers, tiers_html
from ...tiers_html import LETTERS
from ..choice_grid import ChoiceGrid
from ..exercise import Exercise, assign

SECTION = "03/man"
BLANK: dict[str, Any] = {"m": False, "a": False, "n": False, "step": "", "checked": False}


def _clean_answer(value: Any) -> dict[str, Any]:
    value = value if isinstance(value, dict) else {}
    answer = {short: bool(value.get(short)) for short, _field in LETTERS}
    step = value.get("step")
    answer["step"] = step if step in tiers.VERDICTS else ""
    answer["checked"] = bool(value.get("checked"))
    return answer


KEYS = (*(short for short, _field in LETTERS), "step", "checked")
"""The questions of a prospect's row in the grid (the keys of its answer)."""


def _grid_groups() -> list[dict[str, Any]]:
    """M/A/N tick boxes, the next step and the check button, in the active language."""
    groups: list[dict[str, Any]] = [
        {"key": short, "kind": "check", "css": f"cx-man-{short}",
         "label": i18n.t(f"tiers.man.box.{short}")}
        for short, _field in LETTERS
    ]
    steps = [[i18n.t("tiers.man.step.none"), ""]]
    steps += [[i18n.t(f"tiers.verdict.{code}"), code] for code in tiers.VERDICTS]
    groups.append({"key": "step", "kind": "select", "css": "cx-man-step", "options": steps,
                   "label": i18n.t("tiers.man.step")})
    groups.append({"key": "checked", "kind": "action", "css": "cx-man-check", "primary": True,
                   "label": i18n.t("tiers.man.check")})
    return groups


def _feedback(prospect: str, answer: dict[str, Any], truth: dict[str, bool]) -> str:
    """The feedback HTML of a checked prospect ("" before the learner checks)."""
    if not answer["checked"]:
        return ""
    body, _right, _step_ok = tiers_html.prospect_feedback(answer, truth)
    facts = tiers_html.prospect_text(prospect, "facts")
    note = html.escape(i18n.t("tiers.man.fb.facts", facts=facts))
    return f"{body}<p>{note}</p>"


def _grid_row(prospect: str, answer: dict[str, Any], truth: dict[str, bool]) -> dict[str, Any]:
    """One prospect's row: name and description, then its feedback once checked."""
    title = html.escape(tiers_html.prospect_text(prospect, "name"))
    description = html.escape(tiers_html.prospect_text(prospect, "description"))
    return {"id": prospect, "css": [f"cx-man-{prospect.lower()}"],
            "label": f"<h4>{title}</h4><p>{description}</p>",
            "result": _feedback(prospect, answer, truth)}


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
        checked = [code for code in self.truths if self.answer(code)["checked"]]
        right = steps = 0
        for code in checked:
            _body, letters, step_ok = tiers_html.prospect_feedback(
                self.answer(code), self.truths[code])
            right += letters
            steps += step_ok
        return {
            "checked": len(checked),
            "total": len(self.truths),
            "right": right,
            "asked": 3 * len(checked),
            "steps": steps,
        }

    # ------------------------------------------------------------ events
    def set_answer(self, prospect: str, key: str, value: Any) -> None:
        answers = {**self.state["answers"], prospect: {**self.answer(prospect), key: value}}
        self.update(answers=answers)

    def answered(self, value: dict[str, Any]) -> None:
        """The learner ticked, picked or checked in the grid (``{prospect: {key: ...}}``)."""
        answers = dict(self.state["answers"])
        for prospect, given in value.items():
            if prospect in answers and isinstance(given, dict):
                merged = {**answers[prospect], **{k: given[k] for k in KEYS if k in given}}
                answers[prospect] = _clean_answer(merged)
        self.update(answers=answers)

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.summary = widgets.HTML()
        self.summary.add_class("cx-man-summary")
        self.truths = {
            str(row.id): tiers_html.truth_of(row)
            for row in tiers.prospects().itertuples(index=False)
        }
        # Every prospect's boxes, step and check button in one widget model (choice_grid).
        self.grid = ChoiceGrid(row_css="cx-man-prospect", label_css="cx-man-heading",
                               result_css="cx-man-feedback")
        self.grid.add_class("cx-man-grid")
        self.on_change(self.grid, self.answered)
        return [
            self.text("tiers.man.intro", "cx-man-intro"),
            self.message,
            self.summary,
            self.grid,
        ]

    def relabel(self) -> None:
        assign(self.grid, "groups", _grid_groups())

    def draw(self) -> None:
        rows = [_grid_row(code, self.answer(code), truth) for code, truth in self.truths.items()]
        value = {code: {key: self.answer(code)[key] for key in KEYS} for code in self.truths}
        with self.grid.hold_sync():
            assign(self.grid, "rows", rows)
            assign(self.grid, "value", value)
        score = self.score()
        if score["checked"] == 0:
            text = i18n.t("tiers.man.progress.none", total=score["total"])
        else:
            text = i18n.t("tiers.man.progress", **score)
        self.summary.value = f'<p class="cx-msg cx-msg-info" role="status">{html.escape(text)}</p>'
