"""Exercise 4 of lecture 04: what if we reshape the curve with the four moves?

State (workbook section ``04/reshape``, done once a redesign is kept)::

    {"curve_id": None | curve id,
     "plan": None | {"peak_id", "peak_amount", "valley_id", "valley_amount", "end_value",
                     "end_amount", "move_id", "move_to"},   # None: the suggested plan
     "end_mode": "none" | "strengthen" | "add",
     "end_name": None | the added closing moment's name,    # None: the catalogue's default
     "kept": None | the kept redesign (before/after moments and scores, for the report)}

The saved value has the full plan (with ``end_name``) as :class:`cxwidgets.journey.Redesign`
writes it. The dropdowns list the moments of the chosen curve of the shared journey, so a
touchpoint added in exercise 1 appears here as soon as it has a value (rule 6).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import journey as J
from ... import journey_charts
from ...errors import CXError
from ...journey_style import AFTER_COLOUR, BEFORE_COLOUR, SCALE_MAX, SCALE_MIN, STEP, fmt
from .. import common
from ..emotion_curve import EmotionCurve
from ..exercise import assign
from ..layouts import show
from . import controls as ui
from .curves import show_curve
from .html import esc
from .state import RESHAPE, JourneyExercise, curve_options

BEFORE_SERIES = {
    "id": "before",
    "colour": BEFORE_COLOUR,
    "editable": False,
    "dashed": True,
    "marks": False,
}
AFTER_SERIES = {"id": "after", "colour": AFTER_COLOUR, "editable": False}
END_MODES = ("none", "strengthen", "add")
#: Plan fields kept in the state (the end name is kept apart: None means the default name).
PLAN_FIELDS = (
    "peak_id",
    "peak_amount",
    "valley_id",
    "valley_amount",
    "end_value",
    "end_amount",
    "move_id",
    "move_to",
)
VALLEY_MAX = 8.0


def _moment_options(moments: tuple[J.Moment, ...]) -> list[tuple[str, str]]:
    none = [(ui.t("journey.reshape.none"), "")]
    return none + [(f"{i + 1}. {m.name}", m.id) for i, m in enumerate(moments)]


def _position_options(count: int, moments: tuple[J.Moment, ...]) -> list[tuple[str, int]]:
    return [
        (
            ui.t(
                "journey.reshape.position",
                position=i + 1,
                name=moments[i].name if i < len(moments) else "",
            ),
            i,
        )
        for i in range(count)
    ]


def _end_mode_options() -> list[tuple[str, str]]:
    return [(ui.t(f"journey.reshape.end_{mode}"), mode) for mode in END_MODES]


class ReshapeWhatIf(JourneyExercise):
    """Exercise 4: choose where to apply each of the four moves and compare the curves."""

    section = RESHAPE
    title_key = "journey.reshape.exercise"
    name = "reshape"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {"curve_id": None, "plan": None, "end_mode": "add", "end_name": None, "kept": None}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        if isinstance(stored.get("curve_id"), str):
            state["curve_id"] = stored["curve_id"]
        if stored.get("end_mode") in END_MODES:
            state["end_mode"] = stored["end_mode"]
        if stored.get("plan"):
            try:
                plan = J.Redesign.from_dict(stored["plan"]).to_dict()
            except CXError:
                plan = None  # a damaged plan: start from the suggestion, keep the rest
            if plan is not None:
                state["plan"] = {name: plan[name] for name in PLAN_FIELDS}
                state["end_name"] = plan["end_name"] or None
                if plan["end_amount"] == 0:
                    state["plan"]["end_amount"] = 1.0
        if isinstance(stored.get("kept"), dict):
            state["kept"] = stored["kept"]
        return state

    def is_done(self) -> bool:
        return self.state["kept"] is not None

    def saved_value(self) -> dict[str, Any]:
        try:
            plan = self.plan().to_dict()
        except CXError:
            plan = None
        return {
            "curve_id": self.shown_curve(),
            "plan": plan,
            "end_mode": self.state["end_mode"],
            "kept": self.state["kept"],
        }

    def shown_curve(self) -> str | None:
        """The curve being reshaped (the chosen one, else the first)."""
        ids = [curve.id for curve in self.journey.curves]
        chosen = self.state["curve_id"]
        return chosen if chosen in ids else (ids[0] if ids else None)

    def moments(self) -> tuple[J.Moment, ...]:
        """The episode of the curve being reshaped."""
        curve_id = self.shown_curve()
        return self.journey.episode(curve_id) if curve_id else ()

    def fields(self) -> dict[str, Any]:
        """The plan's fields as the form shows them (the suggestion where nothing was chosen)."""
        moments = self.moments()
        if self.state["plan"] is not None:
            fields = dict(self.state["plan"])
        else:
            suggested = J.suggest_plan(moments).to_dict()
            fields = {name: suggested[name] for name in PLAN_FIELDS}
            fields["end_amount"] = 1.0
        ids = {m.id for m in moments}
        for name in ("peak_id", "valley_id", "move_id"):
            if fields[name] not in ids:
                fields[name] = ""
        fields["valley_amount"] = min(float(fields["valley_amount"]), VALLEY_MAX)
        last = max(0, len(moments) - 1)
        move_to = fields["move_to"]
        fields["move_to"] = move_to if isinstance(move_to, int) and 0 <= move_to <= last else last
        return fields

    def end_name(self) -> str:
        """The name of the added closing moment (the catalogue's default until one is typed)."""
        name = self.state["end_name"]
        return ui.t("journey.reshape.end_default") if name is None else name

    def plan(self) -> J.Redesign:
        """The redesign chosen in the form."""
        fields = self.fields()
        mode = self.state["end_mode"]
        return J.Redesign(
            peak_id=fields["peak_id"],
            peak_amount=float(fields["peak_amount"]),
            valley_id=fields["valley_id"],
            valley_amount=float(fields["valley_amount"]),
            end_name=self.end_name().strip() if mode == "add" else "",
            end_value=float(fields["end_value"]),
            end_amount=float(fields["end_amount"]) if mode == "strengthen" else 0.0,
            move_id=fields["move_id"],
            move_to=int(fields["move_to"]),
        )

    # ------------------------------------------------------------ events
    def _set(self, name: str, value: Any) -> None:
        self.message.clear()
        self.update(plan={**self.fields(), name: value})

    def _pick_curve(self, curve_id: str) -> None:
        self.message.clear()
        self.update(curve_id=curve_id, plan=None)

    def _pick_end_mode(self, mode: str) -> None:
        self.message.clear()
        self.update(end_mode=mode)

    def _type_end_name(self, name: str) -> None:
        self.message.clear()
        self.update(typing=True, end_name=name)

    def _suggest(self) -> None:
        self.message.clear()
        self.update(plan=None, end_mode="add")

    def _keep(self) -> None:
        result = self.result()
        if result is None:
            return
        kept = {
            "curve_id": self.shown_curve(),
            "plan": self.plan().to_dict(),
            "before": [{"id": m.id, "name": m.name, "value": m.value} for m in result.before],
            "after": [{"id": m.id, "name": m.name, "value": m.value} for m in result.after],
            "remembered_before": result.before_pe.remembered,
            "remembered_after": result.after_pe.remembered,
        }
        self.update(kept=kept)
        self.message.show_success("journey.reshape.kept")

    def result(self) -> J.RedesignResult | None:
        """The what-if of the chosen plan on the chosen curve (None without a drawn curve)."""
        moments = self.moments()
        if not moments:
            return None
        plan = self.plan()
        if self.state["end_mode"] == "add" and not plan.end_name:
            raise CXError("journey.error.empty_touchpoint_name")
        return J.apply_redesign(moments, plan)

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.curve_select = widgets.Dropdown()
        self.curve_select.add_class("cx-reshape-curve")
        ui.described(self, self.curve_select, "journey.reshape.curve")
        self.on_change(self.curve_select, self._pick_curve)
        self.readouts: dict[str, widgets.HTML] = {}

        def dropdown(css: str, field: str) -> widgets.Dropdown:
            control = widgets.Dropdown()
            control.add_class(css)
            self.on_change(control, lambda value: self._set(field, value))
            return control

        def slider(css: str, field: str, low: float, high: float) -> widgets.FloatSlider:
            # The value shows with the course's number format (journey_style.fmt), not
            # ipywidgets' own readout, so "+3" reads the same here as on the curve.
            control = widgets.FloatSlider(min=low, max=high, step=STEP, readout=False)
            control.add_class(css)
            self.on_change(control, lambda value: self._set(field, value))
            readout = widgets.HTML()
            readout.add_class("cx-reshape-readout")
            readout.add_class(f"{css}-readout")
            self.readouts[css] = readout
            return control

        self.peak = dropdown("cx-reshape-peak", "peak_id")
        self.peak_amount = slider("cx-reshape-peak-amount", "peak_amount", 0, SCALE_MAX)
        self.valley = dropdown("cx-reshape-valley", "valley_id")
        self.valley_amount = slider("cx-reshape-valley-amount", "valley_amount", 0, VALLEY_MAX)
        self.end_mode = widgets.ToggleButtons(
            options=_end_mode_options(), style={"button_width": "10.5rem"}
        )
        self.end_mode.add_class("cx-reshape-end-mode")
        self.on_change(self.end_mode, self._pick_end_mode)
        self.end_name_input = widgets.Text(continuous_update=True)
        self.end_name_input.add_class("cx-reshape-end-name")
        self.translate(self.end_name_input, "placeholder", "journey.reshape.end_placeholder")
        self.on_change(self.end_name_input, self._type_end_name)
        self.end_value = slider("cx-reshape-end-value", "end_value", SCALE_MIN, SCALE_MAX)
        self.end_amount = slider("cx-reshape-end-amount", "end_amount", 0, SCALE_MAX)
        self.move = dropdown("cx-reshape-move", "move_id")
        self.move_to = dropdown("cx-reshape-move-to", "move_to")
        self.curve = EmotionCurve()
        self.curve.add_class("cx-reshape-curve-view")
        self.result_view = widgets.HTML()
        self.result_view.add_class("cx-reshape-result")
        self.keep = ui.button(
            self, "journey.reshape.keep", "cx-reshape-keep", self._keep, "check", "success"
        )
        self.suggest = ui.button(
            self, "journey.reshape.suggest", "cx-reshape-suggest", self._suggest, "magic"
        )
        self.kept_status = widgets.HTML()
        self.kept_status.add_class("cx-reshape-kept")

        def label(name: str) -> widgets.HTML:
            return self.text(f"journey.reshape.{name}", css="cx-journey-label")

        def row(*children: widgets.Widget) -> widgets.HBox:
            return ui.row(*children, css="cx-reshape-row")

        readout = self.readouts
        self.end_name_box = ui.row(
            self.end_name_input,
            label("felt"),
            self.end_value,
            readout["cx-reshape-end-value"],
        )
        self.end_amount_box = ui.row(self.end_amount, readout["cx-reshape-end-amount"])
        return [
            self.text("journey.reshape.intro", css="cx-journey-intro"),
            row(self.curve_select, self.suggest),
            row(
                label("peak_label"),
                self.peak,
                label("by"),
                self.peak_amount,
                readout["cx-reshape-peak-amount"],
            ),
            row(
                label("valley_label"),
                self.valley,
                label("by"),
                self.valley_amount,
                readout["cx-reshape-valley-amount"],
            ),
            row(label("end_label"), self.end_mode),
            self.end_name_box,
            self.end_amount_box,
            row(label("move_label"), self.move, label("to"), self.move_to),
            self.message,
            self.curve,
            self.result_view,
            row(self.keep, self.kept_status),
        ]

    def relabel(self) -> None:
        common.set_options(self.end_mode, _end_mode_options())

    def draw(self) -> None:
        ui.choose(self.curve_select, curve_options(self.journey), self.shown_curve())
        moments = self.moments()
        fields = self.fields()
        options = _moment_options(moments)
        for control, name in (
            (self.peak, "peak_id"),
            (self.valley, "valley_id"),
            (self.move, "move_id"),
        ):
            ui.choose(control, options, fields[name])
        positions = _position_options(max(1, len(moments)), moments)
        ui.choose(self.move_to, positions, fields["move_to"])
        sliders = (
            (self.peak_amount, "peak_amount", "cx-reshape-peak-amount", False),
            (self.valley_amount, "valley_amount", "cx-reshape-valley-amount", False),
            (self.end_value, "end_value", "cx-reshape-end-value", True),
            (self.end_amount, "end_amount", "cx-reshape-end-amount", False),
        )
        for control, name, css, signed in sliders:
            assign(control, "value", float(fields[name]))
            assign(self.readouts[css], "value", esc(fmt(float(fields[name]), signed=signed)))
        mode = self.state["end_mode"]
        assign(self.end_mode, "value", mode)
        if self.end_name_input.value.strip() != self.end_name().strip():
            self.end_name_input.value = self.end_name()
        show(self.end_name_box, mode == "add")
        show(self.end_amount_box, mode == "strengthen")
        self._draw_kept()
        self._draw_result()

    def _draw_result(self) -> None:
        result = self.result()  # a CXError (no name for the new end) shows as the message
        if result is None:
            show_curve(self.curve, {"labels": [], "values": [], "series": []})
            assign(self.result_view, "value", esc(ui.t("journey.reshape.no_curve")))
            assign(self.keep, "disabled", True)
            return
        assign(self.keep, "disabled", False)
        after = list(result.after)
        before = [m.value for m in result.before] + [None] * (len(after) - len(result.before))
        show_curve(
            self.curve,
            {
                "labels": [m.name for m in after],
                "values": [before, [m.value for m in after]],
                "series": [
                    {**BEFORE_SERIES, "name": ui.t("journey.chart.before")},
                    {**AFTER_SERIES, "name": ui.t("journey.chart.after")},
                ],
            },
        )
        moves = journey_charts.describe_plan(self.plan(), result.before)
        summary = ui.t(
            "journey.reshape.result",
            before=fmt(result.before_pe.remembered),
            after=fmt(result.after_pe.remembered),
            change=fmt(result.change),
            average_before=fmt(result.before_pe.average),
            average_after=fmt(result.after_pe.average),
        )
        items = "".join(f"<li>{esc(m)}</li>" for m in moves)
        assign(
            self.result_view,
            "value",
            f'<div data-before="{result.before_pe.remembered:g}" '
            f'data-after="{result.after_pe.remembered:g}">{esc(summary)}</div>'
            + (f"<ul>{items}</ul>" if moves else ""),
        )

    def _draw_kept(self) -> None:
        kept = self.state["kept"]
        if not kept:
            assign(self.kept_status, "value", esc(ui.t("journey.reshape.not_kept")))
            return
        text = ui.t(
            "journey.reshape.kept_status",
            before=fmt(kept.get("remembered_before")),
            after=fmt(kept.get("remembered_after")),
        )
        assign(self.kept_status, "value", f'<span class="cx-reshape-kept-text">{esc(text)}</span>')
