"""Exercise 2 of lecture 04: the emotion curves, drawn by dragging points.

The values live in the page's shared journey (``04/journey``). This exercise's state, saved
to ``04/curves`` (done once the learner has drawn)::

    {"curve_id": None | the curve being edited, "curves": None | [ids of the drawn curves]}
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import journey as J
from ..emotion_curve import EmotionCurve
from ..exercise import assign
from ..layouts import set_layout
from . import controls as ui
from .state import CURVES, JourneyExercise, curve_options


def curve_payload(journey: J.Journey) -> dict[str, Any]:
    """What :meth:`EmotionCurve.set_data` needs to show every curve of ``journey``."""
    tps = journey.touchpoints()
    return {
        "labels": [tp.name for tp in tps],
        "values": [journey.series(curve.id) for curve in journey.curves],
        "series": [
            {"id": curve.id, "name": curve.name, "colour": curve.colour, "editable": True}
            for curve in journey.curves
        ],
        "bands": [
            {"name": b["name"], "start": b["start"], "end": b["end"]} for b in journey.bands()
        ],
        "tags": [tp.tag for tp in tps],
    }


def curve_summaries(journey: J.Journey) -> list[dict[str, Any]]:
    """Per curve: id, name, number of drawn points, average and remembered feeling."""
    out = []
    for curve in journey.curves:
        episode = journey.episode(curve.id)
        entry: dict[str, Any] = {"id": curve.id, "name": curve.name, "points": len(episode)}
        if episode:
            result = J.peak_end(J.scores_of(episode))
            entry.update(average=result.average, remembered=result.remembered)
        out.append(entry)
    return out


def show_curve(curve: EmotionCurve, payload: dict[str, Any]) -> None:
    """Bring ``curve`` in line with ``payload`` (see :func:`curve_payload`), sending the least.

    Values alone are sent as values (the browser keeps its drawing); anything else
    rebuilds the chart.
    """
    structure = {key: value for key, value in payload.items() if key != "values"}
    if getattr(curve, "_shown_structure", None) != structure:
        curve.set_data(**payload)
        curve._shown_structure = structure  # type: ignore[attr-defined]
    else:
        assign(curve, "values", [list(row) for row in payload["values"]])


class EmotionCurveExercise(JourneyExercise):
    """Exercise 2: drag each touchpoint's feeling; several curves, each with its colour."""

    section = CURVES
    title_key = "journey.curves.exercise"
    name = "emotion-curve"

    def initial_state(self) -> dict[str, Any]:
        return {"curve_id": None, "curves": None}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if isinstance(stored, dict):
            if isinstance(stored.get("curve_id"), str):
                state["curve_id"] = stored["curve_id"]
            curves = stored.get("curves")
            if isinstance(curves, list) and all(isinstance(c, str) for c in curves):
                state["curves"] = curves
        return state

    def is_done(self) -> bool:
        return self.state["curves"] is not None

    # ------------------------------------------------------------ views
    def build(self) -> list[Any]:
        self.curve = EmotionCurve()
        self.on_change(self.curve, self._values_from_browser, attribute="values")
        self.curve_select = widgets.Dropdown()
        self.curve_select.add_class("cx-curve-select")
        ui.described(self, self.curve_select, "journey.curves.select")
        self.on_change(self.curve_select, lambda curve_id: self.update(curve_id=curve_id))
        self.curve_name = widgets.Text(continuous_update=True)
        self.curve_name.add_class("cx-curve-name")
        ui.described(self, self.curve_name, "journey.curves.name")
        self.on_change(self.curve_name, self._renamed)
        self.colour = widgets.ColorPicker(concise=True)
        self.colour.add_class("cx-curve-colour")
        set_layout(self.colour, width="2.6rem")
        self.on_change(self.colour, self._recoloured)
        self.add_curve = ui.button(self, "journey.curves.add", "cx-curve-add", self._add, "plus")
        self.delete_curve = ui.button(
            self, "journey.curves.delete", "cx-curve-delete", self._delete, "trash"
        )
        return [
            self.text("journey.curves.intro", css="cx-journey-intro"),
            self.curve,
            ui.row(
                self.curve_select, self.curve_name, self.colour, self.add_curve, self.delete_curve
            ),
            self.message,
        ]

    def selected(self) -> J.Curve | None:
        """The curve being edited (the chosen one, else the first)."""
        curves = self.journey.curves
        for curve in curves:
            if curve.id == self.state["curve_id"]:
                return curve
        return curves[0] if curves else None

    def journey_changed(self, kind: str, source: Any) -> None:
        if source is self and kind in ("values", "episode"):
            return  # the browser drew it already
        self.redraw()

    def draw(self) -> None:
        journey = self.journey
        show_curve(self.curve, curve_payload(journey))
        chosen = self.selected()
        ui.choose(self.curve_select, curve_options(journey), chosen.id if chosen else None)
        ids = [curve.id for curve in journey.curves]
        assign(self.curve, "active", ids.index(chosen.id) if chosen else 0)
        for control in (self.curve_name, self.colour, self.delete_curve):
            assign(control, "disabled", chosen is None)
        if chosen is not None:
            if self.curve_name.value.strip() != chosen.name:
                self.curve_name.value = chosen.name
            assign(self.colour, "value", chosen.colour)

    # ------------------------------------------------------------ events
    def _values_from_browser(self, rows: list[list[float | None]]) -> None:
        journey = self.journey
        for curve, row in zip(journey.curves, rows, strict=False):
            if journey.series(curve.id) != row:
                journey = J.set_series(journey, curve.id, row)
        # A drag sends values while it moves: saved once the learner pauses, like typing.
        self.shared.update(journey, kind="values", source=self, undoable=False, typing=True)
        drawn = [curve.id for curve in journey.curves]
        if self.state["curves"] != drawn:
            self.update(curves=drawn)

    def _renamed(self, name: str) -> None:
        chosen = self.selected()
        if chosen is not None:
            journey = J.update_curve(self.journey, chosen.id, name=name)
            self.message.clear()
            self.shared.update(journey, source=self, coalesce=f"curve:{chosen.id}", typing=True)

    def _recoloured(self, colour: str) -> None:
        chosen = self.selected()
        colour = str(colour)
        if chosen is None or not colour.startswith("#") or len(colour) != 7:
            return  # named colours from the picker's text box are ignored
        self.shared.update(J.update_curve(self.journey, chosen.id, colour=colour), source=self)

    def _add(self) -> None:
        journey = self.journey
        base = self.selected()
        values = dict(base.values) if base else None
        name = ui.t("journey.curves.new_name", n=len(journey.curves) + 1)
        journey, new_id = J.add_curve(journey, name, values=values, fill=None if values else 0.0)
        self.state = {**self.state, "curve_id": new_id}
        self.shared.update(journey, source=self)
        self.save()
        self.message.show_success("journey.curves.added", name=name)

    def _delete(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.shared.update(J.remove_curve(self.journey, chosen.id), source=self)
            self.message.show_info("journey.curves.deleted")
