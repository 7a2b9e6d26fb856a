"""Exercise 5 of lecture 04: the key touchpoints and one improvement idea for each.

State (workbook section ``04/key_touchpoints``; lecture 06, E-MOT, starts from it)::

    {"curve_id": None | curve id, "checked": [touchpoint ids], "ideas": {id: text}}

The saved value adds ``items``: the marked touchpoints in journey order with their stage,
value, reasons and idea (what later lectures and the report read).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import journey as J
from ...journey_style import fmt
from ..exercise import assign
from ..layouts import set_layout
from . import controls as ui
from .html import esc
from .state import KEY, JourneyExercise, curve_options


class _KeyRow:
    """The widgets of one touchpoint: tick, name and reasons, idea."""

    def __init__(self, exercise: KeyTouchpoints, tp_id: str) -> None:
        self.tp_id = tp_id
        self.check = widgets.Checkbox(indent=False)
        self.check.add_class("cx-key-check")
        set_layout(self.check, width="2rem")
        exercise.on_change(self.check, lambda value: exercise.tick(tp_id, value))
        self.info = widgets.HTML()
        self.info.add_class("cx-key-info")
        set_layout(self.info, width="26rem")
        self.idea = widgets.Text(continuous_update=True)
        self.idea.add_class("cx-key-idea")
        set_layout(self.idea, width="28rem")
        exercise.translate(self.idea, "placeholder", "journey.key.idea_placeholder")
        exercise.on_change(self.idea, lambda value: exercise.write_idea(tp_id, value))
        self.box = widgets.HBox([self.check, self.info, self.idea])
        self.box.add_class("cx-key-row")
        self.box.add_class(f"cx-key-row-{tp_id}")

    def mark_suggested(self, suggested: bool) -> None:
        if suggested != ("cx-key-suggested" in self.box._dom_classes):
            if suggested:
                self.box.add_class("cx-key-suggested")
            else:
                self.box.remove_class("cx-key-suggested")


class KeyTouchpoints(JourneyExercise):
    """Exercise 5: mark the touchpoints that matter most and write one improvement idea each."""

    section = KEY
    title_key = "journey.key.exercise"
    name = "key-touchpoints"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {"curve_id": None, "checked": [], "ideas": {}}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        if isinstance(stored.get("curve_id"), str):
            state["curve_id"] = stored["curve_id"]
        checked = stored.get("checked")
        if not isinstance(checked, list):  # saved before "checked": the items say it
            items = stored.get("items") if isinstance(stored.get("items"), list) else []
            checked = [item.get("touchpoint_id") for item in items if isinstance(item, dict)]
        state["checked"] = [tp for tp in dict.fromkeys(checked) if isinstance(tp, str)]
        ideas = stored.get("ideas")
        if isinstance(ideas, dict):
            state["ideas"] = {str(k): v for k, v in ideas.items() if isinstance(v, str)}
        return state

    def shown_curve(self) -> str | None:
        """The curve the suggestions come from (the chosen one, else the first)."""
        ids = [curve.id for curve in self.journey.curves]
        chosen = self.state["curve_id"]
        return chosen if chosen in ids else (ids[0] if ids else None)

    def suggested(self) -> dict[str, tuple[str, ...]]:
        """Why each suggested touchpoint matters (see :func:`cxwidgets.journey.key_reasons`)."""
        return J.key_reasons(self.journey, self.shown_curve())

    def items(self) -> list[dict[str, Any]]:
        """The marked touchpoints in journey order, with their reasons and ideas."""
        journey = self.journey
        curve_id = self.shown_curve()
        values = {m.id: m.value for m in journey.episode(curve_id)} if curve_id else {}
        suggested = self.suggested()
        checked = set(self.state["checked"])
        return [
            {
                "touchpoint_id": tp.id,
                "touchpoint": tp.name,
                "stage": stage.name,
                "kind": tp.kind,
                "tag": tp.tag,
                "value": values.get(tp.id),
                "reasons": list(suggested.get(tp.id, ())),
                "idea": self.state["ideas"].get(tp.id, "").strip(),
            }
            for stage in journey.stages
            for tp in stage.touchpoints
            if tp.id in checked
        ]

    def is_done(self) -> bool:
        items = self.items()
        return bool(items) and all(item["idea"] for item in items)

    def saved_value(self) -> dict[str, Any]:
        return {**self.state, "curve_id": self.shown_curve(), "items": self.items()}

    # ------------------------------------------------------------ events
    def tick(self, tp_id: str, checked: bool) -> None:
        """Mark or unmark a touchpoint (its idea is kept either way)."""
        marked = [tp for tp in self.state["checked"] if tp != tp_id]
        self.update(checked=[*marked, tp_id] if checked else marked)

    def write_idea(self, tp_id: str, text: str) -> None:
        """The learner types the improvement idea of a touchpoint."""
        self.update(typing=True, ideas={**self.state["ideas"], tp_id: text})

    def pick_suggested(self) -> None:
        """Mark every suggested touchpoint."""
        suggested = self.suggested()
        if not suggested:
            self.message.show_info("journey.key.no_suggestions")
            return
        self.update(checked=list(dict.fromkeys([*self.state["checked"], *suggested])))

    def journey_changed(self, kind: str, source: Any) -> None:
        self.redraw()
        # Keep the saved list's values and reasons in step with the curve (once saved).
        if self.state["checked"] and self.session is not None:
            saved = self.session.workbook.get(KEY)
            if saved is not None and saved.get("items") != self.items():
                self.save(typing=kind in ("values", "episode"))

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.curve_select = widgets.Dropdown()
        self.curve_select.add_class("cx-key-curve")
        ui.described(self, self.curve_select, "journey.key.curve")
        self.on_change(self.curve_select, lambda curve_id: self.update(curve_id=curve_id))
        self.pick_button = ui.button(
            self, "journey.key.pick_suggested", "cx-key-pick", self.pick_suggested, "check-square-o"
        )
        self.summary = widgets.HTML()
        self.summary.add_class("cx-key-summary")
        self.rows_box = widgets.VBox()
        self.rows: dict[str, _KeyRow] = {}
        return [
            self.text("journey.key.intro", css="cx-journey-intro"),
            ui.row(self.curve_select, self.pick_button),
            self.message,
            self.summary,
            self.rows_box,
        ]

    def draw(self) -> None:
        journey = self.journey
        curve_id = ui.choose(self.curve_select, curve_options(journey), self.shown_curve())
        suggested = self.suggested()
        values = {m.id: m.value for m in journey.episode(curve_id)} if curve_id else {}
        ids = [tp.id for tp in journey.touchpoints()]
        if list(self.rows) != ids:
            old = self.rows
            self.rows = {tp_id: old.get(tp_id) or _KeyRow(self, tp_id) for tp_id in ids}
            self.rows_box.children = [row.box for row in self.rows.values()]
        checked = set(self.state["checked"])
        for stage in journey.stages:
            for tp in stage.touchpoints:
                row = self.rows[tp.id]
                ticked = tp.id in checked
                assign(row.check, "value", ticked)
                idea = self.state["ideas"].get(tp.id, "")
                if row.idea.value.strip() != idea.strip():
                    row.idea.value = idea
                assign(row.idea, "disabled", not ticked)
                assign(row.info, "value", self._info(tp, stage.name, values.get(tp.id), suggested))
                row.mark_suggested(tp.id in suggested)
        items = self.items()
        with_idea = sum(1 for item in items if item["idea"])
        text = ui.t(
            "journey.key.summary", marked=len(items), ideas=with_idea, suggested=len(suggested)
        )
        assign(
            self.summary,
            "value",
            f'<span data-marked="{len(items)}" data-ideas="{with_idea}">{esc(text)}</span>',
        )

    def _info(
        self,
        tp: J.Touchpoint,
        stage: str,
        value: float | None,
        suggested: dict[str, tuple[str, ...]],
    ) -> str:
        reasons = "".join(
            f'<span class="cx-key-reason" data-reason="{r}">{esc(ui.t(f"journey.reason.{r}"))}</span>'
            for r in suggested.get(tp.id, ())
        )
        return (
            f'<div><b>{esc(tp.name)}</b> <span class="cx-journey-card-meta">{esc(stage)} · {fmt(value)}</span>'
            f"</div><div>{reasons}</div>"
        )
