"""Exercise 6 of lecture 04: export the journey map 1.0 (preview, PNG, SVG).

State (workbook section ``04/journey_map``, done after a preview or a download)::

    {"exported": ["png", "preview", "svg"], "touchpoints": number of touchpoints then}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ... import charts, journey_charts
from ...errors import CXError
from .. import common
from ..exercise import Debounce, call_soon
from . import controls as ui
from .state import MAP, JourneyExercise

PREVIEW_DELAY = 1.2


class JourneyExport(JourneyExercise):
    """Exercise 6: the journey map 1.0 as one picture (preview, PNG, SVG)."""

    section = MAP
    title_key = "journey.export.exercise"
    name = "journey-export"

    def initial_state(self) -> dict[str, Any]:
        return {"exported": [], "touchpoints": 0}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if isinstance(stored, dict):
            exported = stored.get("exported")
            if isinstance(exported, list):
                state["exported"] = sorted({str(item) for item in exported})
            if isinstance(stored.get("touchpoints"), int):
                state["touchpoints"] = stored["touchpoints"]
        return state

    def is_done(self) -> bool:
        return bool(self.state["exported"])

    def build(self) -> list[widgets.Widget]:
        self._shown = False
        self._later = Debounce(lambda: call_soon(self._refresh_preview), PREVIEW_DELAY)
        self.scope.add(self._later.cancel)
        self.preview_button = ui.button(
            self, "journey.export.preview", "cx-export-preview", self._show, "refresh"
        )
        self.preview = common.ChartView(label_key="journey.export.chart_label")
        self.preview.value = ""
        self.png = common.DownloadButton(
            "journey.export.png", self._filename("png"), "image/png", self._png, name="journey-png"
        )
        self.svg = common.DownloadButton(
            "journey.export.svg",
            self._filename("svg"),
            "image/svg+xml",
            self._svg,
            name="journey-svg",
        )
        return [
            self.text("journey.export.intro", css="cx-journey-intro"),
            ui.row(self.preview_button, self.png, self.svg),
            self.message,
            self.preview,
        ]

    def journey_changed(self, kind: str, source: Any) -> None:
        self._schedule()

    def relabel(self) -> None:
        self._schedule()

    def _filename(self, extension: str) -> Callable[[], str]:
        def name() -> str:
            learner = self.session.learner if self.session is not None else "learner"
            return f"journey-map-{learner}.{extension}"

        return name

    def chart(self) -> Any:
        """The styled journey map chart of the current journey."""
        return charts.style(journey_charts.journey_map_chart(self.journey))

    def _show(self) -> None:
        if not self.journey.touchpoints():
            raise CXError("journey.error.no_touchpoints")
        self._shown = True
        self.message.clear()
        self.preview.show(self.chart)
        self._mark("preview")

    def _schedule(self) -> None:
        """Re-render a visible preview once the learner pauses (not on every drag step)."""
        if getattr(self, "_shown", False):
            self._later()

    def _refresh_preview(self) -> None:
        if self.journey.touchpoints():
            self.preview.show(self.chart)

    def _png(self) -> bytes:
        data = charts.to_png(self.chart())
        self._mark("png")
        return data

    def _svg(self) -> str:
        data = charts.to_svg(self.chart())
        self._mark("svg")
        return data

    def _mark(self, what: str) -> None:
        exported = sorted({*self.state["exported"], what})
        self.update(exported=exported, touchpoints=len(self.journey.touchpoints()))
