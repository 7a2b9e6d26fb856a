"""Lecture 07 exercise 2: rate the evidence for each cause, see the gaps and levers, write actions.

State (workbook section ``07/diagnosis``)::

    {"case": "sample" | "own",
     "own_text": str,                                   # the learner's own symptoms
     "evidence": {"sample": {cause id: 0-3}, "own": {...}},   # unrated causes left out
     "actions": str}

Done when every provider gap has a rated cause (in the case shown) and actions are written.
The two texts reach the kernel while they are typed (saved debounced) and show their length
against :data:`TEXT_LIMIT`; a longer text is cut there with a message, never silently.

The customer gap comes from the learner's SERVQUAL result of lecture 02
(:func:`cxwidgets.gaps.customer_source`, read from the workbook each time the exercise
loads), else from lecture 02's sample survey.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ... import gaps, gaps_html, i18n
from ...errors import CXError
from .. import common
from ..exercise import Exercise
from ..layouts import set_layout, show
from ..quiz import ChoiceGroup

if TYPE_CHECKING:
    import pandas as pd

SECTION = gaps.DIAGNOSIS_SECTION
CASES = gaps.CASES
TEXT_LIMIT = 4000
"""Most characters kept of the own-service symptoms and of the actions."""
ACTIONS_LIMIT = TEXT_LIMIT
EVIDENCE = tuple(range(gaps.EVIDENCE_MIN, gaps.EVIDENCE_MAX + 1))
SOURCE_KEYS = {
    "learner": "gaps.diagnosis.customer_learner",
    "sample": "gaps.diagnosis.customer_sample",
    "none": "gaps.diagnosis.customer_none",
}


class _CauseRow:
    """One cause: its text and the 0-3 evidence radio group."""

    def __init__(self, exercise: Diagnosis, cause: gaps.Cause) -> None:
        self.cause = cause
        self.text = widgets.HTML()
        self.text.add_class("cx-gap-cause-text")
        self.rating = ChoiceGroup()
        self.rating.add_class("cx-gap-rating")
        exercise.on_change(self.rating, lambda value: exercise.rate(cause.id, value))
        self.box = widgets.HBox([self.text, self.rating])
        self.box.add_class("cx-gap-cause")
        self.box.add_class(f"cx-gap-cause-{cause.id}")

    def relabel(self) -> None:
        text = self.cause.text()
        self.text.value = html.escape(text)
        self.rating.label = text
        self.rating.options = [[f"{n} {i18n.t(f'gaps.evidence.{n}')}", n] for n in EVIDENCE]


class Diagnosis(Exercise):
    """Exercise 2: evidence per cause -> scores of the provider gaps, focus, levers, actions."""

    section = SECTION
    title_key = "gaps.diagnosis.title"
    name = "gap-diagnosis"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {"case": "sample", "own_text": "", "evidence": {c: {} for c in CASES},
                "actions": ""}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        if stored.get("case") in CASES:
            state["case"] = stored["case"]
        for key in ("own_text", "actions"):
            if isinstance(stored.get(key), str):
                state[key] = stored[key]
        evidence = stored.get("evidence")
        if isinstance(evidence, dict):
            state["evidence"] = {c: gaps.stored_evidence(evidence.get(c)) for c in CASES}
        return state

    @property
    def ratings(self) -> dict[str, int]:
        """Evidence of the case shown: cause id -> 0-3 (unrated causes left out)."""
        return dict(self.state["evidence"][self.state["case"]])

    def result(self) -> gaps.Diagnosis:
        """The diagnosis of the case shown, with the customer gap."""
        return gaps.diagnose(self.ratings, self.customer)

    def is_done(self) -> bool:
        rated = gaps.diagnose(self.ratings).gaps["rated"]
        return bool((rated > 0).all()) and bool(self.state["actions"].strip())

    # ------------------------------------------------------------ lecture 02's result
    def load(self, stored: Any) -> None:
        """Read lecture 02's result afresh (another page may have saved it), then load."""
        if self.session is not None:
            self.session.workbook.reload()
            self.customer, self.customer_kind = gaps.customer_source(
                self.session.workbook.sections())
        super().load(stored)

    # ------------------------------------------------------------ events
    def pick_case(self, case: Any) -> None:
        if case == self.state["case"]:
            return
        if case not in CASES:
            self.redraw()  # the browser's group goes back to the case shown
            raise CXError("gaps.error.case", value=case)
        self.update(case=case)

    def rate(self, cause_id: str, value: Any) -> None:
        if value == self.ratings.get(cause_id):
            return
        try:
            ratings = gaps.validate_evidence({cause_id: value})
        except CXError:
            self.redraw()  # the state stays; so does the browser's group
            raise
        evidence = {**self.state["evidence"]}
        evidence[self.state["case"]] = {**self.ratings, **ratings}
        self.update(evidence=evidence)

    def clear(self) -> None:
        evidence = {**self.state["evidence"], self.state["case"]: {}}
        self.update(evidence=evidence)

    def edit_text(self, key: str, text: str) -> None:
        """A keystroke in one of the two texts: kept up to :data:`TEXT_LIMIT`, saved debounced."""
        text = str(text)
        if text == self.state[key]:
            return  # nothing new
        if len(text) > TEXT_LIMIT:
            self.message.show_error("gaps.error.text_trimmed", limit=TEXT_LIMIT,
                                    cut=len(text) - TEXT_LIMIT)
            text = text[:TEXT_LIMIT]
            self.update(**{key: text})  # saved at once: the cut is shown, not left pending
            self.redraw()  # the browser shows exactly what was kept
            return
        if self.message.kind == "error":
            self.message.clear()
        self.update(typing=True, **{key: text})

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.customer: pd.DataFrame | None = None
        self.customer_kind = "none"
        self._charted: Any = object()
        self.case = ChoiceGroup()
        self.case.add_class("cx-gap-case")
        self.on_change(self.case, self.pick_case)
        self.symptoms = widgets.HTML()
        self.symptoms.add_class("cx-gap-symptoms")
        self.own_text, self.own_count = self._textarea("cx-gap-own-text", "own_text", rows=4,
                                                       placeholder="gaps.diagnosis.own_placeholder")
        self.own_box = widgets.VBox([self.own_text, self.own_count])
        self.rows: list[_CauseRow] = []
        self.heads: dict[str, widgets.HTML] = {}
        grid: list[widgets.Widget] = []
        for gap_id in gaps.PROVIDER_GAPS:
            head = widgets.HTML()
            head.add_class("cx-gap-head")
            self.heads[gap_id] = head
            grid.append(head)
            for cause in gaps.causes_of(gap_id):
                row = _CauseRow(self, cause)
                self.rows.append(row)
                grid.append(row.box)
        self.clear_button = self.button("gaps.diagnosis.clear", "cx-gap-clear", self.clear)
        set_layout(self.clear_button, width="auto")
        self.source_note = widgets.HTML()
        self.source_note.add_class("cx-gap-customer-source")
        self.chart = common.ChartView(label_key="gaps.chart.label")
        self.chart.add_class("cx-gap-chart")
        self.focus = widgets.HTML()
        self.focus.add_class("cx-gap-focus")
        self.levers = widgets.HTML()
        self.levers.add_class("cx-gap-levers")
        self.actions, self.actions_count = self._textarea(
            "cx-gap-actions", "actions", rows=5, placeholder="gaps.diagnosis.actions_placeholder")
        return [
            self.text("gaps.diagnosis.intro", css="cx-note"),
            self.case,
            self.symptoms,
            self.own_box,
            self.text("gaps.diagnosis.rate", css="cx-subtitle"),
            self.text("gaps.diagnosis.scale", css="cx-note"),
            widgets.VBox(grid),
            self.clear_button,
            self.message,
            self.text("gaps.diagnosis.result", css="cx-subtitle"),
            self.source_note,
            self.chart,
            self.focus,
            self.levers,
            self.text("gaps.diagnosis.actions", css="cx-subtitle"),
            self.actions,
            self.actions_count,
        ]

    def _textarea(self, css: str, key: str, rows: int, placeholder: str):
        area = widgets.Textarea(rows=rows, continuous_update=True,
                                layout={"width": "100%"})
        area.add_class(css)
        self.translate(area, "placeholder", placeholder)
        self.on_change(area, lambda text: self.edit_text(key, text))
        count = widgets.HTML()
        count.add_class("cx-gap-count")
        count.add_class(f"{css}-count")
        return area, count

    def relabel(self) -> None:
        self.case.label = i18n.t("gaps.diagnosis.case_label")
        self.case.options = [[i18n.t(f"gaps.diagnosis.case.{c}"), c] for c in CASES]
        for gap_id, head in self.heads.items():
            item = gaps.gap(gap_id)
            head.value = html.escape(i18n.t("gaps.diagnosis.head", number=item.number,
                                            name=item.name(), what=item.what()))
        for row in self.rows:
            row.relabel()

    def draw(self) -> None:
        state, ratings = self.state, self.ratings
        self.case.value = state["case"]
        own = state["case"] == "own"
        self.symptoms.value = (
            f"<p>{html.escape(i18n.t('gaps.diagnosis.own_intro'))}</p>" if own
            else gaps_html.symptoms_html()
        )
        show(self.own_box, own)
        for row in self.rows:
            row.rating.value = ratings.get(row.cause.id)
        self.own_text.value = state["own_text"]
        self.actions.value = state["actions"]
        for area, count in ((self.own_text, self.own_count), (self.actions, self.actions_count)):
            count.value = _count_html(len(area.value))
        self.source_note.value = (
            f'<div data-source="{self.customer_kind}">'
            f"{gaps_html.note(i18n.t(SOURCE_KEYS[self.customer_kind]))}</div>"
        )
        result = self.result()
        self._show_chart(result, ratings)
        self.focus.value = gaps_html.focus_html(result)
        self.levers.value = gaps_html.levers_html(result)

    def _show_chart(self, result: gaps.Diagnosis, ratings: dict[str, int]) -> None:
        """Render the chart only when what it shows changed (not for each keystroke)."""
        language = i18n.get_language()
        shown = (sorted(ratings.items()), self.customer_kind, id(self.customer), language)
        if shown == self._charted:
            return
        self._charted = shown
        self.chart.show(lambda: _model_chart(result, language))


def _count_html(length: int) -> str:
    over = ' data-over="1"' if length >= TEXT_LIMIT else ""
    text = i18n.t("gaps.diagnosis.count", n=length, limit=TEXT_LIMIT)
    return f'<span class="cx-gap-count-text"{over}>{html.escape(text)}</span>'


def _model_chart(result: gaps.Diagnosis, language: str):
    from ...servqual_charts import gap_model_chart

    return gap_model_chart(result, language)
