"""Exercise 3 of lecture 04: peak-end analysis of each drawn curve.

Nothing of its own is saved; its state is the curve whose explanation is shown::

    {"curve_id": None | curve id}
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..exercise import assign
from . import controls as ui
from .html import analysis_html
from .state import JourneyExercise, curve_options


class PeakEndAnalysis(JourneyExercise):
    """Exercise 3: average vs remembered feeling of each drawn curve, explained."""

    section = ""
    title_key = "journey.analysis.exercise"
    name = "peak-end"

    def initial_state(self) -> dict[str, Any]:
        return {"curve_id": None}

    def build(self) -> list[widgets.Widget]:
        self.curve_select = widgets.Dropdown()
        self.curve_select.add_class("cx-pe-curve")
        ui.described(self, self.curve_select, "journey.analysis.explain_for")
        self.on_change(self.curve_select, lambda curve_id: self.update(curve_id=curve_id))
        self.output = widgets.HTML()
        self.output.add_class("cx-pe-output")
        return [
            self.text("journey.analysis.intro", css="cx-journey-intro"),
            self.curve_select,
            self.message,
            self.output,
        ]

    def draw(self) -> None:
        journey = self.journey
        shown = ui.choose(self.curve_select, curve_options(journey), self.state["curve_id"])
        assign(self.output, "value", analysis_html(journey, shown))
