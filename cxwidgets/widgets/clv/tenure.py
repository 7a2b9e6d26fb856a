"""Lecture 01 exercise 2: retention by tenure (shifted-beta-geometric, Fader & Hardie 2007).

State (workbook section ``01/tenure``)::

    {"cohort": "store" | "online" | "bundle",   # sample cohort shown
     "months": 6 | 12 | 24,                     # months the model is fitted on
     "note": str}                               # the learner's conclusion (limit shown)

The margin and discount rate of the CLV comparison come from the learner's calculator
(:func:`cxwidgets.clv.learner_clv`, read each time the exercise loads), turned into monthly
figures, else from the course sample. The fit (scipy) runs in the background.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import clv, clv_html, fmt, i18n, retention
from ...errors import CXError
from .. import common
from ..exercise import Exercise
from ..quiz import ChoiceGroup
from . import notes
from .calculator import follow

SECTION = "01/tenure"


def cohorts() -> tuple[str, ...]:
    """The sample cohorts' codes (from the content file: no data read at page start)."""
    return tuple(clv.content()["cohorts"])


def monthly(figures: dict[str, Any]) -> tuple[float, float]:
    """Monthly margin and monthly discount rate of a :func:`cxwidgets.clv.learner_clv` result."""
    if figures["period"] == "month":
        return float(figures["margin"]), float(figures["discount"])
    return float(figures["margin"]) / 12, clv.convert_rate(figures["discount"], "year", "month")


class Tenure(Exercise):
    """Exercise 2: fit the sBG to a cohort, see retention rise with tenure, compare CLVs."""

    section = SECTION
    title_key = "clv.tenure.title"
    name = "clv-tenure"

    def initial_state(self) -> dict[str, Any]:
        return {"cohort": "store", "months": 12, "note": ""}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            raise CXError("clv.error.stored")
        if stored.get("cohort") in cohorts():
            state["cohort"] = stored["cohort"]
        if stored.get("months") in retention.CALIBRATIONS:
            state["months"] = stored["months"]
        if isinstance(stored.get("note"), str):
            state["note"] = stored["note"][: notes.LIMIT]
        return state

    def is_done(self) -> bool:
        return bool(self.state["note"].strip())

    def saved_value(self) -> dict[str, Any]:
        value = dict(self.state)
        if self.shown is not None and self.shown.cohort == self.state["cohort"] and \
                self.shown.calibration == self.state["months"]:
            value["result"] = {"alpha": self.shown.model.alpha, "beta": self.shown.model.beta,
                               "clv_model": self.shown.clv_model,
                               "clv_average": self.shown.clv_average,
                               "average": self.shown.average, "margin": self.margin,
                               "discount": self.discount}
        return value

    # ------------------------------------------------------------ the calculator's numbers
    def load(self, stored: Any) -> None:
        """Read the learner's calculator afresh (another page may have saved it), then load."""
        if self.session is not None:
            self.session.workbook.reload()
            if self._following is not self.session.workbook:
                self._following = self.session.workbook
                self.scope.add(follow(self.session.workbook, self.calculator_changed))
        self._read_calculator()
        super().load(stored)

    def _read_calculator(self) -> None:
        sections = self.session.workbook.sections() if self.session is not None else {}
        figures = clv.learner_clv(sections)
        self.source = figures["source"]
        self.margin, self.discount = monthly(figures)

    def calculator_changed(self) -> None:
        """The calculator on this page saved new numbers: compare with them."""
        self._read_calculator()
        self.redraw()

    # ------------------------------------------------------------ events
    def pick(self, key: str, value: Any, allowed: Any) -> None:
        if value == self.state[key]:
            return
        if value not in allowed:
            self.redraw()
            raise CXError(f"clv.error.{'cohort' if key == 'cohort' else 'calibration'}", value=value)
        self.update(**{key: value})

    def edit_note(self, text: Any) -> None:
        notes.edit(self, self.state["note"], text,
                   lambda new, typing: self.update(typing=typing, note=new))

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.source = "sample"
        self.margin, self.discount = monthly(clv.learner_clv({}))
        self.fits: dict[tuple, retention.TenureResult] = {}
        self._following: Any = None
        self.shown: retention.TenureResult | None = None
        self.pending: tuple | None = None
        self.cohort = ChoiceGroup()
        self.cohort.add_class("cx-clv-cohort")
        self.on_change(self.cohort, lambda v: self.pick("cohort", v, cohorts()))
        self.months = ChoiceGroup()
        self.months.add_class("cx-clv-months")
        self.on_change(self.months, lambda v: self.pick("months", v, retention.CALIBRATIONS))
        self.source_note = widgets.HTML()
        self.source_note.add_class("cx-clv-source")
        self.busy = widgets.HTML()
        self.busy.add_class("cx-clv-busy")
        self.chart = common.ChartView(label_key="clv.chart.tenure_label")
        self.chart.add_class("cx-clv-tenure-chart")
        self.table = widgets.HTML()
        self.summary = widgets.HTML()
        self.note = notes.area(self, "cx-clv-tenure-note", "clv.tenure.note_placeholder")
        self.on_change(self.note, self.edit_note)
        self.note_count = notes.counter("cx-clv-tenure-note")
        return [
            self.text("clv.tenure.intro", css="cx-note"),
            widgets.HBox([self.text("clv.tenure.cohort", css="cx-clv-field-label"), self.cohort]),
            widgets.HBox([self.text("clv.tenure.months", css="cx-clv-field-label"), self.months]),
            self.source_note,
            self.busy,
            self.message,
            self.chart,
            self.table,
            self.summary,
            self.text("clv.tenure.note", css="cx-subtitle"),
            self.note,
            self.note_count,
        ]

    def relabel(self) -> None:
        self.cohort.label = i18n.t("clv.tenure.cohort")
        self.cohort.options = [[i18n.t(f"clv.cohort.{c}"), c] for c in cohorts()]
        self.months.label = i18n.t("clv.tenure.months")
        self.months.options = [[i18n.t("clv.tenure.months_value", n=m), m]
                               for m in retention.CALIBRATIONS]

    def draw(self) -> None:
        state = self.state
        self.cohort.value = state["cohort"]
        self.months.value = state["months"]
        self.note.value = state["note"]
        self.note_count.value = notes.count_html(len(state["note"]))
        key = "clv.tenure.source_learner" if self.source == "learner" else "clv.tenure.source_sample"
        text = i18n.t(key, margin=clv_html.money(self.margin), discount=fmt.percent(self.discount, 3))
        self.source_note.value = f'<p class="cx-note" data-source="{self.source}">{html.escape(text)}</p>'
        wanted = (state["cohort"], state["months"], self.margin, self.discount)
        if wanted in self.fits:
            self._show(self.fits[wanted])
        elif wanted != self.pending:
            self.pending = wanted
            self.background(lambda: retention.analyse(wanted[0], wanted[1], wanted[2], wanted[3]),
                            lambda result: self._fitted(wanted, result), busy=self._busy)

    def _busy(self, on: bool) -> None:
        self.busy.value = (f'<span class="cx-clv-fitting" aria-busy="true">'
                           f'{html.escape(i18n.t("clv.tenure.fitting"))}</span>' if on else "")

    def _fitted(self, wanted: tuple, result: retention.TenureResult) -> None:
        self.fits[wanted] = result
        if self.pending == wanted:
            self.pending = None
        self.redraw()

    def _show(self, result: retention.TenureResult) -> None:
        language = i18n.get_language()
        if self.shown is not result or getattr(self, "_language", None) != language:
            self._language = language
            self.chart.show(lambda: _tenure_chart(result, language))
        self.shown = result
        self.table.value = clv_html.tenure_table_html(result)
        self.summary.value = clv_html.tenure_summary_html(result)


def _tenure_chart(result: retention.TenureResult, language: str):
    from ...clv_charts import tenure_chart

    return tenure_chart(result, language)
