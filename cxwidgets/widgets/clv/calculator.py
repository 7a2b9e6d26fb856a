"""Lecture 01 exercise 1: the CLV and retention calculator.

State (workbook section ``01/clv``), the calculator's inputs as the learner typed them::

    {"margin": float,            # margin per period (yuan)
     "period": "month" | "year", # period of margin and retention/churn
     "rate_kind": "churn" | "retention",
     "rate": float,              # percent per period
     "discount": float,          # percent per discount_period
     "discount_period": "month" | "year",
     "acquisition": float,       # cost of winning one customer (yuan)
     "horizon": int}             # periods; 0 = no horizon

The workbook also keeps the computed result (``saved_value()["result"]``) for the report and
for :func:`cxwidgets.clv.learner_clv`. An input the model cannot use (retention of 100%, a
negative discount, ...) is refused with a message and the last valid inputs stay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ... import clv, clv_html, i18n
from ...errors import CXError
from .. import common
from ..exercise import Exercise
from ..layouts import set_layout
from ..quiz import ChoiceGroup

SECTION = clv.SECTION
NUMBERS = ("margin", "rate", "discount", "acquisition", "horizon")
CHOICES = {
    "period": ("month", "year"),
    "rate_kind": ("churn", "retention"),
    "discount_period": ("year", "month"),
}


_followers: list[tuple[Any, Callable[[], Any]]] = []


def follow(workbook: Any, callback: Callable[[], Any]) -> Callable[[], None]:
    """Call ``callback()`` whenever a calculator saves into ``workbook``; returns the undo.

    Lets exercise 2 follow the calculator on the same page (the workbook itself has no change
    listeners); add the undo to the follower's ``scope``.
    """
    entry = (workbook, callback)
    _followers.append(entry)
    return lambda: _followers.remove(entry) if entry in _followers else None


class Calculator(Exercise):
    """Exercise 1: CLV, expected lifetime, CLV/acquisition cost, payback, sensitivity, grid."""

    section = SECTION
    title_key = "clv.calc.title"
    name = "clv-calculator"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return clv.sample_inputs()

    def clean(self, stored: Any) -> dict[str, Any]:
        if not isinstance(stored, dict):
            raise CXError("clv.error.stored")
        state = self.initial_state()
        state.update({key: stored[key] for key in state if key in stored})
        clv.calculate(state)  # refuses what the model cannot use
        return state

    def result(self) -> clv.Result:
        return clv.calculate(self.state)

    def is_done(self) -> bool:
        return self.state != self.initial_state()

    def saved_value(self) -> dict[str, Any]:
        return {**self.state, "result": self.result().as_dict()}

    def save(self, typing: bool = False) -> None:
        super().save(typing=typing)
        if self.session is not None:
            for workbook, callback in list(_followers):
                if workbook is self.session.workbook:
                    callback()

    # ------------------------------------------------------------ events
    def set_input(self, key: str, value: Any) -> None:
        """A learner's change of one input: kept only if the model can use it."""
        if value is None:
            self.redraw()
            raise CXError("clv.error.not_number", name=CXError(f"clv.field.{key}"), value="")
        candidate = {**self.state, key: value}
        try:
            clv.calculate(candidate)
        except CXError:
            self.redraw()  # the browser shows the last valid input again
            raise
        self.message.clear()
        self.update(**{key: value})

    def reset_sample(self) -> None:
        self.message.clear()
        self.set_state(self.initial_state())

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.inputs: dict[str, widgets.Widget] = {}
        rows = []
        for key in ("margin", "period", "rate_kind", "rate", "discount", "discount_period",
                    "acquisition", "horizon"):
            rows.append(self._field(key))
        self.reset_button = self.button("clv.calc.reset", "cx-clv-reset", self.reset_sample)
        set_layout(self.reset_button, width="auto")
        grid = widgets.VBox(rows)
        grid.add_class("cx-clv-inputs")
        self.result_view = widgets.HTML()
        self.result_view.add_class("cx-clv-results")
        self.warning_view = widgets.HTML()
        self.warning_view.add_class("cx-clv-warnings")
        self.step_view = widgets.HTML()
        self.chart = common.ChartView(label_key="clv.chart.sensitivity_label")
        self.chart.add_class("cx-clv-sensitivity")
        self.grid_view = widgets.HTML()
        self._charted: Any = None
        return [
            self.text("clv.calc.intro", css="cx-note"),
            grid,
            self.reset_button,
            self.message,
            self.warning_view,
            self.text("clv.calc.result", css="cx-subtitle"),
            self.result_view,
            self.text("clv.calc.sensitivity", css="cx-subtitle"),
            self.step_view,
            self.chart,
            self.text("clv.calc.grid", css="cx-subtitle"),
            self.text("clv.calc.grid_intro", css="cx-note"),
            self.grid_view,
        ]

    def _field(self, key: str) -> widgets.Widget:
        label = self.text(f"clv.calc.{key}", css="cx-clv-field-label")
        if key in CHOICES:
            box = ChoiceGroup()
        elif key == "horizon":
            box = widgets.IntText(layout={"width": "8rem"})
        else:
            box = widgets.FloatText(layout={"width": "8rem"})
        box.add_class(f"cx-clv-{key.replace('_', '-')}")
        self.on_change(box, lambda value, key=key: self.set_input(key, value))
        self.inputs[key] = box
        row = widgets.HBox([label, box])
        row.add_class("cx-clv-field")
        return row

    def relabel(self) -> None:
        for key, codes in CHOICES.items():
            box = self.inputs[key]
            box.label = i18n.t(f"clv.calc.{key}")
            box.options = [[i18n.t(f"clv.calc.{key}.{code}"), code] for code in codes]

    def draw(self) -> None:
        for key, box in self.inputs.items():
            value = self.state[key]
            if key == "horizon":
                value = int(value or 0)
            box.value = value
        result = self.result()
        language = i18n.get_language()
        self.result_view.value = clv_html.result_html(result)
        self.warning_view.value = clv_html.warnings_html(clv.warnings(self.state, result))
        self.step_view.value = clv_html.step_html(result, clv.step_effect(result))
        self.grid_view.value = clv_html.grid_html(result, clv.grid(result))
        shown = (result, language)
        if shown != self._charted:
            self._charted = shown
            self.chart.show(lambda: _sensitivity(result, language))


def _sensitivity(result: clv.Result, language: str):
    from ...clv_charts import sensitivity_chart

    return sensitivity_chart(result, language)
