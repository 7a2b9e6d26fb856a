"""Lecture 06 exercise 1: score every touchpoint of the learner's journey and pick the E-MOTs.

State (workbook section ``06/emot``)::

    {"curve_id": None | curve id,
     "weights": {criterion: 0..100},            # visible, editable (emot.CRITERIA)
     "tags": {touchpoint: {"pain": bool, "memory": bool}},   # only where changed
     "reach": {touchpoint: 0..100},              # percent, only where changed
     "chosen": [touchpoint ids], "reasons": {touchpoint: text},
     "focus": touchpoint id | None}              # the touchpoint being edited

The saved value adds ``items`` (the chosen E-MOTs with name, reason and score), which
:func:`cxwidgets.emot.chosen` reads for lectures 09 and 10. The journey is the learner's
lecture-04 journey (the sample when there is none), read from the workbook when drawing.
Done when at least one E-MOT is chosen and every chosen one has a reason.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import emot, emot_charts, emot_html, i18n
from ...errors import CXError
from .. import common
from ..exercise import assign
from ..layouts import set_layout, set_style, show
from .shared import LectureExercise, bounded, counter, limited, weight_boxes

SECTION = emot.SECTION


class EmotPicker(LectureExercise):
    """Exercise 1: the E-MOT score of each touchpoint, editable weights, the learner's choice."""

    section = SECTION
    title_key = "emot.pick.title"
    name = "emot-pick"

    def initial_state(self) -> dict[str, Any]:
        return {
            "curve_id": None,
            "weights": dict(emot.DEFAULT_WEIGHTS),
            "tags": {},
            "reach": {},
            "chosen": [],
            "reasons": {},
            "focus": None,
        }

    def clean(self, stored: Any) -> dict[str, Any]:
        if not isinstance(stored, dict):
            raise CXError("common.exercise.bad_state")
        state = self.initial_state()
        weights = stored.get("weights")
        if isinstance(weights, dict):
            try:
                checked = emot.check_weights({k: v for k, v in weights.items() if k in emot.CRITERIA})
                state["weights"] = {k: round(v) for k, v in checked.items()}
            except CXError:
                pass
        if isinstance(stored.get("curve_id"), str):
            state["curve_id"] = stored["curve_id"]
        tags = stored.get("tags") if isinstance(stored.get("tags"), dict) else {}
        state["tags"] = {
            str(k): {"pain": bool(v.get("pain")), "memory": bool(v.get("memory"))}
            for k, v in tags.items() if isinstance(v, dict)
        }
        state["reach"] = {k: round(v * 100) for k, v in emot._reach_shares(stored.get("reach")).items()}
        chosen = stored.get("chosen") if isinstance(stored.get("chosen"), list) else []
        state["chosen"] = list(dict.fromkeys(str(c) for c in chosen))[: emot.MAX_CHOSEN]
        reasons = stored.get("reasons") if isinstance(stored.get("reasons"), dict) else {}
        state["reasons"] = {str(k): str(v)[: emot.MAX_REASON] for k, v in reasons.items()}
        state["focus"] = stored.get("focus") if isinstance(stored.get("focus"), str) else None
        return state

    # ------------------------------------------------------------ widgets
    def build(self) -> list[widgets.Widget]:
        intro = self.text("emot.pick.intro", "cx-emot-intro")
        self.source = widgets.HTML()
        self.source.add_class("cx-emot-source")
        self.curve = widgets.Dropdown()
        self.curve.add_class("cx-emot-curve")
        set_style(self.curve, description_width="initial")
        self.translate(self.curve, "description", "emot.pick.curve")
        self.on_change(self.curve, lambda value: self.update(curve_id=value))
        self.weight_boxes = weight_boxes(self, emot.CRITERIA, "cx-emot-weight", "emot.criterion",
                                         self.set_weight)
        self.weights_note = widgets.HTML()
        self.weights_note.add_class("cx-emot-weights-note")
        reset = self.button("emot.pick.reset_weights", "cx-emot-reset-weights", self.reset_weights)
        weights = widgets.VBox([
            self.text("emot.pick.weights_title", "cx-emot-subtitle"),
            widgets.HBox(list(self.weight_boxes.values()), layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.weights_note, reset]),
            self.text("emot.pick.definition", "cx-emot-definition"),
        ])
        self.table = widgets.HTML()
        self.table.add_class("cx-emot-table-box")
        self.chart = common.ChartView(label_key="emot.chart.score_title")
        self._chart_key: tuple | None = None
        self._impact: tuple[dict[str, float], str] | None = None
        # editing one touchpoint
        self.focus = widgets.Dropdown()
        self.focus.add_class("cx-emot-focus")
        set_style(self.focus, description_width="initial")
        self.translate(self.focus, "description", "emot.pick.focus")
        self.on_change(self.focus, lambda value: self.update(focus=value))
        self.pain = widgets.Checkbox(indent=False)
        self.pain.add_class("cx-emot-pain")
        self.translate(self.pain, "description", "emot.mark.pain")
        self.on_change(self.pain, lambda value: self.set_tag("pain", value))
        self.memory = widgets.Checkbox(indent=False)
        self.memory.add_class("cx-emot-memory")
        self.translate(self.memory, "description", "emot.mark.memory")
        self.on_change(self.memory, lambda value: self.set_tag("memory", value))
        self.reach = bounded(0, 100, "cx-emot-reach", "14rem")
        self.translate(self.reach, "description", "emot.pick.reach")
        self.on_change(self.reach, self.set_reach)
        self.pick = widgets.Checkbox(indent=False)
        self.pick.add_class("cx-emot-choose")
        self.translate(self.pick, "description", "emot.pick.choose")
        self.on_change(self.pick, self.choose)
        self.reason = widgets.Textarea(continuous_update=True, rows=2)
        self.reason.add_class("cx-emot-reason")
        set_layout(self.reason, width="100%")
        self.translate(self.reason, "placeholder", "emot.pick.reason_placeholder")
        self.on_change(self.reason, self.write_reason)
        self.reason_count = widgets.HTML()
        self.reason_count.add_class("cx-emot-reason-count")
        suggest = self.button("emot.pick.suggest", "cx-emot-suggest", self.use_suggestions)
        editor = widgets.VBox([
            self.text("emot.pick.edit_title", "cx-emot-subtitle"),
            self.focus,
            widgets.HBox([self.pain, self.memory, self.reach], layout={"flex_flow": "row wrap"}),
            self.pick, self.reason, self.reason_count,
        ])
        editor.add_class("cx-emot-editor")
        self.chosen_box = widgets.HTML()
        self.chosen_box.add_class("cx-emot-chosen-box")
        return [intro, self.source, self.curve, weights, self.chart, self.table, editor,
                widgets.HBox([suggest]), self.text("emot.pick.chosen_title", "cx-emot-subtitle"),
                self.chosen_box, self.message]

    # ------------------------------------------------------------ reading
    def scored(self) -> list[dict[str, Any]]:
        """The touchpoints of the learner's journey, scored with the state's settings."""
        return emot.scored(self.sections(), self.state, impact=self.impact()[0])

    def impact(self) -> tuple[dict[str, float], str]:
        """NPS impact per touchpoint and its source; the sample table while it loads."""
        if self._impact is not None:
            return self._impact
        # with a session, loaded() is reading lecture 08 in the background
        return emot.sample_impact(), ("loading" if self.session is not None else "sample")

    def loaded(self) -> None:
        """Read lecture 08's NPS drivers in the background (it may analyse a survey)."""
        sections = self.sections()

        def done(result: tuple[dict[str, float], str]) -> None:
            self._impact = result
            self.redraw()

        self.background(lambda: emot.nps_impact(sections), done)

    def _row(self, rows: list[dict[str, Any]], tp_id: str | None) -> dict[str, Any] | None:
        return next((row for row in rows if row["touchpoint"] == tp_id), None)

    def _focus(self, rows: list[dict[str, Any]]) -> str | None:
        ids = [row["touchpoint"] for row in rows]
        focus = self.state.get("focus")
        return focus if focus in ids else (ids[0] if ids else None)

    # ------------------------------------------------------------ events
    def set_weight(self, code: str, value: Any) -> None:
        weights = {**self.state["weights"], code: value}
        checked = emot.check_weights(weights)
        self.update(weights={k: round(v) for k, v in checked.items()})

    def reset_weights(self) -> None:
        self.update(weights=dict(emot.DEFAULT_WEIGHTS))

    def _focused_row(self) -> dict[str, Any]:
        rows = self.scored()
        row = self._row(rows, self._focus(rows))
        if row is None:
            raise CXError("emot.error.no_touchpoints")
        return row

    def set_tag(self, tag: str, value: bool) -> None:
        row = self._focused_row()
        current = {"pain": row["pain"], "memory": row["memory"], tag: bool(value)}
        self.update(tags={**self.state["tags"], row["touchpoint"]: current})

    def set_reach(self, value: Any) -> None:
        row = self._focused_row()
        self.update(reach={**self.state["reach"], row["touchpoint"]: int(value)})

    def choose(self, value: bool) -> None:
        tp_id = self._focused_row()["touchpoint"]
        chosen = [c for c in self.state["chosen"] if c != tp_id]
        if value:
            if len(chosen) >= emot.MAX_CHOSEN:
                raise CXError("emot.error.too_many", limit=emot.MAX_CHOSEN)
            chosen.append(tp_id)
        self.update(chosen=chosen, focus=tp_id)

    def write_reason(self, value: str) -> None:
        tp_id = self._focused_row()["touchpoint"]
        text = limited(self, str(value), emot.MAX_REASON)
        self.update(typing=True, reasons={**self.state["reasons"], tp_id: text}, focus=tp_id)

    def use_suggestions(self) -> None:
        rows = self.scored()
        self.update(chosen=emot.suggest(rows))
        self.message.show_info("emot.pick.suggested")

    # ------------------------------------------------------------ output
    def items(self, rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """The chosen E-MOTs in journey order: touchpoint, name, reason, score."""
        rows = rows if rows is not None else self.scored()
        chosen = set(self.state["chosen"])
        return [
            {"touchpoint": row["touchpoint"], "name": row["name"],
             "reason": self.state["reasons"].get(row["touchpoint"], "").strip(),
             "score": round(row["score"], 2)}
            for row in rows if row["touchpoint"] in chosen
        ]

    def saved_value(self) -> dict[str, Any]:
        return {**self.state, "items": self.items()}

    def is_done(self) -> bool:
        items = self.items()
        return bool(items) and all(item["reason"] for item in items)

    # ------------------------------------------------------------ drawing
    def draw(self) -> None:
        sections = self.sections()
        journey, journey_source = emot.learner_journey(sections)
        nps_source = self.impact()[1]
        self.source.value = emot_html.note(
            i18n.t(f"emot.pick.source.{journey_source}") + " "
            + i18n.t(f"emot.pick.nps_source.{nps_source}")
        )
        curves = [(c.name, c.id) for c in journey.curves]
        show(self.curve, len(curves) > 1)
        if curves:
            ids = [cid for _n, cid in curves]
            keep = self.state["curve_id"] if self.state["curve_id"] in ids else ids[0]
            common.set_options(self.curve, curves)
            assign(self.curve, "value", keep)
        for code, box in self.weight_boxes.items():
            assign(box, "value", int(self.state["weights"].get(code, 0)))
        total = sum(self.state["weights"].values())
        self.weights_note.value = emot_html.note(i18n.t("emot.pick.weights_total", total=total))
        rows = self.scored()
        chosen = self.state["chosen"]
        self.table.value = emot_html.emot_table(rows, chosen)
        key = (tuple((r["name"], r["score"]) for r in rows), tuple(chosen), i18n.get_language())
        if key != self._chart_key:
            self._chart_key = key
            self.chart.show(lambda: emot_charts.emot_chart(rows, chosen))
        focus = self._focus(rows)
        common.set_options(self.focus, [(f"{i}. {r['name']}", r["touchpoint"])
                                       for i, r in enumerate(rows, start=1)])
        if focus is not None:
            assign(self.focus, "value", focus)
        row = self._row(rows, focus)
        if row is not None:
            assign(self.pain, "value", row["pain"])
            assign(self.memory, "value", row["memory"])
            assign(self.reach, "value", round(row["reach"] * 100))
            assign(self.pick, "value", focus in chosen)
            assign(self.reason, "value", self.state["reasons"].get(focus, ""))
        self.reason_count.value = counter(self.reason.value, emot.MAX_REASON)
        self.chosen_box.value = emot_html.chosen_list(self.items(rows))
