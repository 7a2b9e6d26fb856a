"""Lecture 05 exercise 3: fail points ranked by FMEA risk weighted by emotion.

State (workbook section ``05/fail_points``)::

    {"order": "weighted" | "rpn"}

The ratings themselves (severity, occurrence, detection, gap) are part of each fail point
in the blueprint (section ``05/blueprint``), entered in the editor's form: the ranking is
computed from there (:func:`cxwidgets.blueprint.rank_fail_points`) and is what
:func:`cxwidgets.blueprint.fail_points` gives lecture 09. Done when at least one fail point
is fully rated.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import blueprint as B
from ... import blueprint_html, i18n
from .. import common
from ..layouts import set_style
from . import state as S

ORDERS = ("weighted", "rpn")


class FailRanking(S.HubExercise):
    """Exercise 3: the learner's fail points ranked (FMEA x emotion), tagged with their gap."""

    section = "05/fail_points"
    title_key = "blueprint.ranking.title"
    name = "blueprint-ranking"

    def blueprint_changed(self) -> None:
        """Redraw; and mark the exercise done (or not) once the learner's ratings say so."""
        self.redraw()
        if self.session is not None and self.is_done() != self.session.workbook.is_done(self.section):
            self.save()

    def initial_state(self) -> dict[str, Any]:
        return {"order": "weighted"}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if isinstance(stored, dict) and stored.get("order") in ORDERS:
            state["order"] = stored["order"]
        return state

    def ranked(self) -> list[B.RankedFail]:
        """The ranking of the page's blueprint."""
        return B.rank_fail_points(self.hub.blueprint, self.hub.journey)

    def is_done(self) -> bool:
        return any(item.rank is not None for item in self.ranked())

    def build(self) -> list[widgets.Widget]:
        self.order = widgets.ToggleButtons()
        self.order.add_class("cx-bp-order")
        set_style(self.order, description_width="initial", button_width="auto")
        self.translate(self.order, "description", "blueprint.ranking.order")
        self.bind(self.order, "order")
        self.table = widgets.HTML()
        self.table.add_class("cx-bp-ranking-view")
        self.summary = widgets.HTML()
        return [
            self.text("blueprint.ranking.intro", css="cx-bp-intro"),
            self.order,
            self.message,
            self.table,
            self.summary,
        ]

    def relabel(self) -> None:
        common.set_options(
            self.order, [(i18n.t(f"blueprint.ranking.order.{o}"), o) for o in ORDERS]
        )

    def draw(self) -> None:
        blueprint = self.hub.blueprint
        ranked = B.rank_fail_points(blueprint, self.hub.journey)
        language = i18n.get_language()
        self.table.value = blueprint_html.ranking_table(
            ranked, blueprint, language, self.state["order"]
        )
        self.summary.value = blueprint_html.ranking_summary(ranked, blueprint, language)
