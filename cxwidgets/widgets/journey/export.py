"""Exercise 6 of lecture 04: export the journey map 1.0 (preview, PNG, SVG).

The preview and both pictures come from one Vega-Lite spec, built once per journey and
language: the preview draws it in the browser (``common.ChartView``) and the downloads render it
there too (``chart_download.ChartDownload``), so a click never waits for the kernel's export
engine (vl-convert renders only when the browser has no Vega).

State (workbook section ``04/journey_map``, done after a preview or a download)::

    {"exported": ["png", "preview", "svg"], "touchpoints": number of touchpoints then}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ... import charts, i18n, journey_charts
from ...errors import CXError
from .. import common
from ..chart_download import ChartDownload
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
        self._cached: tuple[Any, str, dict] | None = None
        self.preview = common.ChartView(label_key="journey.export.chart_label")
        self.png = self._download("png")
        self.svg = self._download("svg")
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

    def _download(self, extension: str) -> ChartDownload:
        return ChartDownload(
            f"journey.export.{extension}",
            self._filename(extension),
            extension,
            self.spec,
            name=f"journey-{extension}",
            on_saved=lambda: self._mark(extension),
        )

    def _filename(self, extension: str) -> Callable[[], str]:
        def name() -> str:
            learner = self.session.learner if self.session is not None else "learner"
            return f"journey-map-{learner}.{extension}"

        return name

    def chart(self) -> Any:
        """The styled journey map chart of the current journey."""
        return charts.style(journey_charts.journey_map_chart(self.journey))

    def spec(self) -> dict:
        """The Vega-Lite spec of :meth:`chart`, built once per journey and language.

        The preview and both downloads use it, so a download after a preview builds nothing.

        Raises
        ------
        CXError
            The journey has no touchpoint.
        """
        journey, language = self.journey, i18n.get_language()
        cached = self._cached
        if cached is not None and cached[0] == journey and cached[1] == language:
            return cached[2]
        spec = charts.to_spec(charts.style(journey_charts.journey_map_chart(journey)))
        self._cached = (journey, language, spec)
        return spec

    def _show(self) -> None:
        if not self.journey.touchpoints():
            raise CXError("journey.error.no_touchpoints")
        self._shown = True
        self.message.clear()
        self.preview.show(self.spec)
        self._mark("preview")

    def _schedule(self) -> None:
        """Re-render a visible preview once the learner pauses (not on every drag step)."""
        if getattr(self, "_shown", False):
            self._later()

    def _refresh_preview(self) -> None:
        if self.journey.touchpoints():
            self.preview.show(self.spec)

    def _mark(self, what: str) -> None:
        exported = sorted({*self.state["exported"], what})
        self.update(exported=exported, touchpoints=len(self.journey.touchpoints()))
