"""Lecture 08 exercise 5: design your own measurement.

For each of the seven surveyed touchpoints the learner picks a metric (NPS, CSAT, CES or
none: one radio group per touchpoint), a precision, and what the trainer would check; the
plan shows how many answers each metric needs at that precision (from the sample survey's
spread) and the course's advice per touchpoint. A note (with its length shown against
:data:`NOTE_LIMIT`) says how the results will be used.

State (section ``08/design``)::

    {"metrics": {touchpoint id: "nps" | "csat" | "ces" | "none"}, "precision": "coarse" | "medium" | "fine",
     "checks": [check code, ...], "note": str}

Done when three touchpoints have a metric (not "none") and the note is written.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import i18n, nps, nps_html
from .. import common
from ..exercise import Exercise
from ..quiz import ChoiceGroup
from .shared import count_html, keep_within

SECTION = "08/design"
NOTE_LIMIT = 2000
#: What a touchpoint can get: a metric, or "none" (not measured there).
CHOICES: tuple[str, ...] = (*nps.METRICS, "none")


def touchpoints() -> list[str]:
    return list(nps.design_content()["touchpoints"])


def checks() -> list[str]:
    return list(nps.design_content()["checks"])


class MeasurementDesign(Exercise):
    """Exercise 5: which metric at which touchpoint, how many answers, what to check."""

    section = SECTION
    title_key = "nps.design.title"
    name = "nps-design"

    def initial_state(self) -> dict[str, Any]:
        return {"metrics": {}, "precision": "medium", "checks": [], "note": ""}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        metrics = stored.get("metrics")
        if isinstance(metrics, dict):
            state["metrics"] = {tp: m for tp, m in metrics.items()
                                if tp in touchpoints() and m in CHOICES}
        if stored.get("precision") in nps.PRECISION:
            state["precision"] = stored["precision"]
        if isinstance(stored.get("checks"), list):
            state["checks"] = [c for c in checks() if c in stored["checks"]]
        if isinstance(stored.get("note"), str):
            state["note"] = stored["note"][:NOTE_LIMIT]
        return state

    def is_done(self) -> bool:
        measured = [m for m in self.state["metrics"].values() if m in nps.METRICS]
        return len(measured) >= 3 and bool(self.state["note"].strip())

    def saved_value(self) -> dict[str, Any]:
        return {**self.state, "result": self.plan()}

    def plan(self) -> list[dict[str, Any]]:
        return nps.plan(self.state["metrics"], self.state["precision"], self.reference())

    def reference(self) -> dict[str, float]:
        if self._reference is None:
            self._reference = nps.reference_spread(nps.sample_survey())
        return self._reference

    def build(self) -> list[widgets.Widget]:
        self._reference: dict[str, float] | None = None
        self.pickers: dict[str, ChoiceGroup] = {}
        rows = []
        for tp in touchpoints():
            picker = ChoiceGroup()
            picker.add_class("cx-nps-metric")
            picker.add_class(f"cx-nps-metric-{tp}")
            self.on_change(picker, lambda value, tp=tp: self.choose(tp, value))
            self.pickers[tp] = picker
            name = widgets.HTML()
            name.add_class("cx-nps-metric-name")
            self.translate(name, "value", f"nps.tp.{tp}")
            row = widgets.HBox([name, picker])
            row.add_class("cx-nps-metric-row")
            rows.append(row)
        self.precision = widgets.ToggleButtons(options=self._precision_options(), value="medium",
                                               style={"button_width": "auto"})
        self.precision.add_class("cx-nps-precision")
        self.on_change(self.precision, lambda value: self.update(precision=value))
        self.checks = {code: widgets.Checkbox(value=False, indent=False) for code in checks()}
        for code, box in self.checks.items():
            box.add_class(f"cx-nps-check-{code}")
            self.translate(box, "description", f"nps.design.check.{code}")
            self.on_change(box, lambda value, code=code: self.tick(code, value))
        self.table = widgets.HTML()
        self.table.add_class("cx-nps-plan")
        self.note = widgets.Textarea(layout={"width": "100%", "height": "6em"})
        self.note.add_class("cx-nps-note")
        self.translate(self.note, "placeholder", "nps.design.note_placeholder")
        self.on_change(self.note, self.write_note)
        self.count = widgets.HTML()
        self.count.add_class("cx-nps-note-count")
        return [
            self.text("nps.design.intro", css="cx-note"), *rows,
            self.text("nps.design.precision", css="cx-subtitle"), self.precision, self.table,
            self.text("nps.design.checks", css="cx-subtitle"), *self.checks.values(),
            self.text("nps.design.note", css="cx-subtitle"), self.note, self.count, self.message,
        ]

    def _precision_options(self) -> list[tuple[str, str]]:
        return [(i18n.t(f"nps.design.precision.{p}"), p) for p in nps.PRECISION]

    def relabel(self) -> None:
        common.set_options(self.precision, self._precision_options())

    def choose(self, tp: str, metric: str | None) -> None:
        if metric in CHOICES:
            self.update(metrics={**self.state["metrics"], tp: metric})

    def tick(self, code: str, on: bool) -> None:
        chosen = set(self.state["checks"]) | {code} if on else set(self.state["checks"]) - {code}
        self.update(checks=[c for c in checks() if c in chosen])

    def write_note(self, text: str) -> None:
        keep_within(self, "note", text, NOTE_LIMIT)

    def draw(self) -> None:
        options = [[i18n.t(f"nps.metric.{m}"), m] for m in CHOICES]
        for tp, picker in self.pickers.items():
            picker.options = options
            picker.label = i18n.t(f"nps.tp.{tp}")
            picker.value = self.state["metrics"].get(tp)
        self.precision.value = self.state["precision"]
        for code, box in self.checks.items():
            box.value = code in self.state["checks"]
        self.note.value = self.state["note"]
        self.count.value = count_html(self.state["note"], NOTE_LIMIT)
        rows = self.plan()
        self.table.value = nps_html.design_html(rows, i18n.get_language()) if rows else ""
