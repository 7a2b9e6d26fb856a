"""Lecture 05 exercise 4: the reference blueprint of a broadband installation, on demand.

State (workbook section ``05/reference``)::

    {"open": bool, "seen": bool}

Closed until the learner opens it (draw your own first); then its lane chart, a comparison
with the learner's blueprint (steps per lane, fail points, wait points, check problems) and
its fail points with their prevention, recovery and owner. Done once it has been opened.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import blueprint as B
from ... import blueprint_html, i18n
from .. import common
from ..layouts import set_layout, show
from . import state as S


class ReferenceBlueprint(S.HubExercise):
    """Exercise 4: compare with the course's reference blueprint (opened on demand)."""

    section = "05/reference"
    title_key = "blueprint.reference.title"
    name = "blueprint-reference"

    def initial_state(self) -> dict[str, Any]:
        return {"open": False, "seen": False}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if isinstance(stored, dict):
            state["open"] = stored.get("open") is True
            state["seen"] = stored.get("seen") is True or state["open"]
        return state

    def is_done(self) -> bool:
        return bool(self.state["seen"])

    def build(self) -> list[widgets.Widget]:
        self.toggle = self.button("blueprint.reference.open", "cx-bp-reference-toggle", self._toggle)
        set_layout(self.toggle, width="auto")
        self.chart = common.ChartView(label_key="blueprint.reference.chart_label")
        self.chart.add_class("cx-bp-chart")
        self.compare = widgets.HTML()
        self.compare.add_class("cx-bp-compare-view")
        self.body = widgets.VBox([self.chart, self.compare])
        self.body.add_class("cx-bp-reference-body")
        self._language: str | None = None
        return [
            self.text("blueprint.reference.intro", css="cx-bp-intro"),
            self.toggle,
            self.message,
            self.body,
        ]

    def _toggle(self) -> None:
        opened = not self.state["open"]
        self.update(open=opened, seen=self.state["seen"] or opened)

    def draw(self) -> None:
        opened = self.state["open"]
        key = "blueprint.reference.close" if opened else "blueprint.reference.open"
        self.toggle.description = i18n.t(key)
        self.toggle.tooltip = self.toggle.description
        show(self.body, opened)
        if not opened:
            return
        language = i18n.get_language()
        reference = B.reference_blueprint(language)
        if self._language != language:
            self._language = language
            self.chart.show(lambda: _chart(reference))
        self.compare.value = (
            f"<h4>{i18n.t('blueprint.reference.compare')}</h4>"
            + blueprint_html.comparison_table(self.hub.blueprint, reference, self.hub.journey, language)
            + f"<h4>{i18n.t('blueprint.reference.fails')}</h4>"
            + blueprint_html.fail_list(reference, language)
        )


def _chart(reference: B.Blueprint) -> Any:
    from ... import blueprint_charts, charts

    return charts.style(blueprint_charts.blueprint_chart(reference))
