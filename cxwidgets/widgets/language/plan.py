"""Lecture 09 exercise 4: the 3R recovery plan and its budget.

From a failure (the learner's lecture-05 fail points first, then the course's, or their own
text) to restitution, resolution and relationship actions; the plan's cost per customer is
weighed against the recovery budget (:func:`cxwidgets.recovery.assess`): the customer's
lifetime value if kept minus if lost, lecture 01's CLV or the course sample
(:func:`cxwidgets.recovery.clv_source`). Fail points and CLV are read from the workbook each
time the exercise loads (another page may have saved them).

State (workbook section ``09/recovery``)::

    {"failure": failure id | "fp:<id>" | "own", "failure_text": str,  # text of a fail point
     "own": str,                                   # the learner's own failure
     "actions": {"restitution": str, "resolution": str, "relationship": str},
     "cost": float, "keep_without": int, "keep_with": int}   # yuan; percent 0-100

Done when all three Rs have actions (the estimates in the state are always valid).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, language_html, recovery
from ...errors import CXError
from .. import common
from ..exercise import Exercise
from ..layouts import set_style, show
from .textbox import LimitedText

SECTION = "09/recovery"
ACTION_LIMIT = 1000
OWN = "own"
DEFAULT_KEEP = (50, 80)
"""Default estimates (percent) of keeping the customer without / with the recovery."""


class Plan(Exercise):
    """Exercise 4: a 3R plan and what it may cost and still pay."""

    section = SECTION
    title_key = "recovery.plan.title"
    name = "rec-plan"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {"failure": recovery.content()["failures"][0], "failure_text": "", "own": "",
                "actions": {r: "" for r in recovery.THREE_R}, "cost": 0.0,
                "keep_without": DEFAULT_KEEP[0], "keep_with": DEFAULT_KEEP[1]}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        failure = stored.get("failure")
        if isinstance(failure, str) and (failure in self.failure_ids() or failure.startswith("fp:")):
            state["failure"] = failure
        for key in ("failure_text", "own"):
            if isinstance(stored.get(key), str):
                state[key] = stored[key][:ACTION_LIMIT]
        actions = stored.get("actions") if isinstance(stored.get("actions"), dict) else {}
        state["actions"] = {r: actions[r][:ACTION_LIMIT] if isinstance(actions.get(r), str) else ""
                            for r in recovery.THREE_R}
        try:  # keep the estimates only if they make sense together
            recovery.assess(stored.get("cost"), 0.0, stored.get("keep_without"),
                            stored.get("keep_with"))
        except CXError:
            return state
        state.update({"cost": float(stored["cost"]), "keep_without": stored["keep_without"],
                      "keep_with": stored["keep_with"]})
        return state

    def failure_ids(self) -> list[str]:
        return [item["id"] for item in getattr(self, "failures", [])] or list(
            recovery.content()["failures"])

    def result(self) -> dict[str, Any]:
        state = self.state
        value = recovery.budget(self.clv["clv"])
        return recovery.assess(state["cost"], value, state["keep_without"], state["keep_with"])

    def is_done(self) -> bool:
        return all(text.strip() for text in self.state["actions"].values())

    def saved_value(self) -> dict[str, Any]:
        try:
            result = self.result()
        except CXError:
            result = None
        return {**self.state, "clv": self.clv, "result": result}

    # ------------------------------------------------------------ other lectures
    def load(self, stored: Any) -> None:
        """Read lecture 01's CLV and lecture 05's fail points afresh, then load."""
        sections: dict[str, Any] = {}
        if self.session is not None:
            self.session.workbook.reload()
            sections = self.session.workbook.sections()
        self.sections = sections
        self.failures = recovery.failures(sections)
        self.clv = recovery.clv_source(sections)
        super().load(stored)

    def relabel(self) -> None:
        """Reference fail points are texts in the active language: read them again."""
        if self.sections is not None:
            self.failures = recovery.failures(self.sections)

    # ------------------------------------------------------------ events
    def pick_failure(self, value: Any) -> None:
        if value == self.state["failure"]:
            return
        known = {item["id"]: item for item in self.failures}
        if value != OWN and value not in known:
            self.redraw()
            raise CXError("recovery.error.failure", value=value)
        text = (known[value]["text"] or "") if value in known else ""
        self.update(failure=value, failure_text=text)

    def write(self, key: str, text: str, typing: bool) -> None:
        if key == OWN:
            self.update(typing=typing, own=text)
        else:
            self.update(typing=typing, actions={**self.state["actions"], key: text})

    def estimate(self, key: str, value: Any) -> None:
        """A new cost or chance: checked with the other two before it is kept."""
        state = {**self.state, key: value}
        try:
            recovery.assess(state["cost"], 0.0, state["keep_without"], state["keep_with"])
        except CXError:
            self.redraw()  # the widget shows the kept value again
            raise
        self.message.clear()
        self.update(**{key: float(value) if key == "cost" else value})

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.failures = [{"id": f, "text": None, "source": "course"}
                         for f in recovery.content()["failures"]]
        self.clv = recovery.clv_source({})
        self.sections: dict[str, Any] | None = None
        self.picker = widgets.Dropdown(layout={"width": "auto", "max_width": "100%"})
        self.picker.add_class("cx-rec-failure")
        set_style(self.picker, description_width="initial")
        self.translate(self.picker, "description", "recovery.plan.failure")
        self.on_change(self.picker, self.pick_failure)
        self.source = widgets.HTML()
        self.source.add_class("cx-rec-failure-source")
        self.own = LimitedText(
            self, "cx-rec-own", placeholder_key="recovery.plan.own_placeholder",
            count_key="recovery.plan.count", trimmed_key="recovery.error.trimmed",
            limit=ACTION_LIMIT, on_text=lambda text, typing: self.write(OWN, text, typing), rows=2)
        self.actions: dict[str, LimitedText] = {}
        parts: list[widgets.Widget] = []
        for r in recovery.THREE_R:
            box = LimitedText(
                self, f"cx-rec-{r}", placeholder_key=f"recovery.r.{r}.hint",
                count_key="recovery.plan.count", trimmed_key="recovery.error.trimmed",
                limit=ACTION_LIMIT, on_text=lambda text, typing, r=r: self.write(r, text, typing),
                rows=3)
            self.actions[r] = box
            parts += [self.text(f"recovery.r.{r}", css="cx-subtitle"), box.box]
        self.completeness = widgets.HTML()
        self.completeness.add_class("cx-rec-complete")
        self.cost = widgets.FloatText(step=10, layout={"width": "24rem", "max_width": "100%"})
        self.cost.add_class("cx-rec-cost")
        wide = {"layout": {"width": "42rem", "max_width": "100%"}}
        self.keep_without = widgets.IntSlider(min=0, max=100, step=5, continuous_update=False,
                                              **wide)
        self.keep_without.add_class("cx-rec-keep-without")
        self.keep_with = widgets.IntSlider(min=0, max=100, step=5, continuous_update=False,
                                           **wide)
        self.keep_with.add_class("cx-rec-keep-with")
        for widget, key, label in ((self.cost, "cost", "recovery.plan.cost"),
                                   (self.keep_without, "keep_without", "recovery.plan.keep_without"),
                                   (self.keep_with, "keep_with", "recovery.plan.keep_with")):
            set_style(widget, description_width="initial")
            self.translate(widget, "description", label)
            self.on_change(widget, lambda value, key=key: self.estimate(key, value))
        self.budget = widgets.HTML()
        self.budget.add_class("cx-rec-budget-view")
        self.paradox = self.text("recovery.plan.paradox", css="cx-note")
        self.paradox.add_class("cx-rec-paradox")
        return [
            self.text("recovery.plan.intro", css="cx-note"),
            self.picker,
            self.source,
            self.own.box,
            *parts,
            self.completeness,
            self.text("recovery.plan.budget_title", css="cx-subtitle"),
            self.cost,
            self.keep_without,
            self.keep_with,
            self.message,
            self.budget,
            self.paradox,
        ]

    def _options(self) -> list[tuple[str, str]]:
        options = []
        for item in self.failures:
            if item["source"] == "blueprint":
                label = i18n.t("recovery.plan.failure_blueprint", text=item["text"])
            else:
                label = i18n.t(f"recovery.failure.{item['id']}")
            options.append((label, item["id"]))
        failure = self.state["failure"]
        if failure.startswith("fp:") and failure not in {v for _l, v in options}:
            text = self.state["failure_text"] or failure
            options.insert(0, (i18n.t("recovery.plan.failure_blueprint", text=text), failure))
        return [*options, (i18n.t("recovery.plan.failure_own"), OWN)]

    def draw(self) -> None:
        state = self.state
        common.set_options(self.picker, self._options())
        self.picker.value = state["failure"]
        blueprint = any(item["source"] == "blueprint" for item in self.failures)
        key = "recovery.plan.failures_source_" + ("blueprint" if blueprint else "course")
        self.source.value = (f'<p class="cx-note" data-source="{"blueprint" if blueprint else "course"}">'
                             f"{html.escape(i18n.t(key))}</p>")
        show(self.own.box, state["failure"] == OWN)
        self.own.show(state["own"])
        for r, box in self.actions.items():
            box.show(state["actions"][r])
        empty = [i18n.t(f"recovery.r.{r}") for r in recovery.THREE_R if not state["actions"][r].strip()]
        self.completeness.value = html.escape(
            i18n.t("recovery.plan.empty_actions", parts=i18n.join(empty)) if empty
            else i18n.t("recovery.plan.complete"))
        self.cost.value = state["cost"]
        self.keep_without.value = state["keep_without"]
        self.keep_with.value = state["keep_with"]
        try:
            result = self.result()
        except CXError:
            result = None
        self.budget.value = language_html.budget_html(self.clv, result)
