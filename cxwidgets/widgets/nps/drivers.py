"""Lecture 08 exercise 3: which touchpoints drive the likelihood to recommend.

Spearman's rho of each touchpoint's satisfaction with the 0-10 answer, bootstrap intervals
and the share of resamples in which each touchpoint comes out on top (run in the background,
seeded), the importance-performance matrix, and the learner's choice of what to fix first
with a reason. The tenure filter shows that drivers differ by segment (installation
punctuality matters most to new customers).

State (section ``08/drivers``)::

    {"tenure": "" | tenure code, "fix": touchpoint id | None, "why": str}

The saved value adds ``result`` (``rho``, ``low``, ``high``, ``top_share`` by touchpoint id,
``tenure``, ``source``), read by :func:`cxwidgets.drivers.touchpoint_impact` (lecture 06).
Done when a touchpoint to fix is chosen and the reason written.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ... import drivers, i18n, nps, nps_html
from ...errors import CXError
from .. import common
from ..layouts import show
from ..quiz import ChoiceGroup
from .shared import SurveyReader, count_html, keep_within

if TYPE_CHECKING:
    import pandas as pd

SECTION = drivers.SECTION
TENURES: tuple[str, ...] = ("", "2y+", "1y", "6m", "3m")
WHY_LIMIT = 1000


class DriverAnalysis(SurveyReader):
    """Exercise 3: driver analysis with bootstrap stability and an IPA matrix."""

    section = SECTION
    title_key = "nps.drivers.title"
    name = "nps-drivers"

    def initial_state(self) -> dict[str, Any]:
        return {"tenure": "", "fix": None, "why": ""}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        if stored.get("tenure") in TENURES:
            state["tenure"] = stored["tenure"]
        if isinstance(stored.get("fix"), str):
            state["fix"] = stored["fix"]
        if isinstance(stored.get("why"), str):
            state["why"] = stored["why"][:WHY_LIMIT]
        return state

    def is_done(self) -> bool:
        return bool(self.state["fix"]) and bool(self.state["why"].strip())

    def saved_value(self) -> dict[str, Any]:
        result = self._results.get(self._result_key())
        if result is None:
            return self.state
        return {**self.state, "result": {**result, "tenure": self.state["tenure"], "source": self.source}}

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        source = self.build_reader()
        self._results: dict[Any, dict[str, Any]] = {}
        self._running: set[Any] = set()
        self._failed: set[Any] = set()
        self._chart_key: Any = None
        self.tenure = widgets.ToggleButtons(options=self._tenure_options(), value="",
                                            style={"button_width": "auto"})
        self.tenure.add_class("cx-nps-tenure")
        self.on_change(self.tenure, lambda value: self.update(tenure=value or ""))
        self.status = widgets.HTML()
        self.status.add_class("cx-nps-drivers-status")
        self.table = widgets.HTML()
        self.table.add_class("cx-nps-drivers")
        self.chart = common.ChartView(label_key="nps.chart.drivers_label")
        self.chart.add_class("cx-nps-drivers-chart")
        self.matrix_chart = common.ChartView(label_key="nps.chart.ipa_label")
        self.matrix_chart.add_class("cx-nps-ipa")
        self.fix = ChoiceGroup()
        self.fix.add_class("cx-nps-fix")
        self.on_change(self.fix, lambda value: self.update(fix=value))
        self.why = widgets.Textarea(layout={"width": "100%", "height": "5em"})
        self.why.add_class("cx-nps-why")
        self.translate(self.why, "placeholder", "nps.drivers.why_placeholder")
        self.on_change(self.why, self.write_why)
        self.count = widgets.HTML()
        self.count.add_class("cx-nps-why-count")
        return [
            self.text("nps.drivers.intro", css="cx-note"), source, self.tenure, self.status,
            self.table, self.chart, self.matrix_chart,
            self.text("nps.drivers.fix", css="cx-subtitle"), self.fix, self.why, self.count,
            self.message,
        ]

    def _tenure_options(self) -> list[tuple[str, str]]:
        return [(i18n.t("survey.all") if not t else common.segment_label("tenure", t), t)
                for t in TENURES]

    def relabel(self) -> None:
        common.set_options(self.tenure, self._tenure_options())
        self.fix.label = i18n.t("nps.drivers.fix")
        self._chart_key = None

    def write_why(self, text: str) -> None:
        keep_within(self, "why", text, WHY_LIMIT)

    # ------------------------------------------------------------ analysis
    def _result_key(self) -> Any:
        return (id(self.frame), self.state["tenure"])

    def subset(self) -> pd.DataFrame:
        frame = self.frame
        if self.state["tenure"] and "tenure" in frame.columns:
            frame = frame[frame["tenure"].astype(str) == self.state["tenure"]]
        return frame

    def _compute(self) -> None:
        key = self._result_key()
        if key in self._results or key in self._running or key in self._failed:
            return
        frame = self.subset()
        self._running.add(key)

        def work() -> dict[str, Any]:
            result = drivers.bootstrap(frame)
            result["rho"] = {tp: (None if v != v else v) for tp, v in result["rho"].items()}
            result["performance"] = drivers.performance(frame)
            return result

        def then(result: dict[str, Any]) -> None:
            self._results[key] = result
            if key == self._result_key():
                self.save()

        def busy(on: bool) -> None:
            if not on:
                self._running.discard(key)
                if key not in self._results:
                    self._failed.add(key)  # shown in the message; not retried in a loop
                self.redraw()

        self.run(work, then, busy)

    def draw(self) -> None:
        self.draw_source()
        self.tenure.value = self.state["tenure"]
        self.why.value = self.state["why"]
        self.count.value = count_html(self.state["why"], WHY_LIMIT)
        options = [[nps_html.touchpoint_label(tp), tp] for tp in nps.design_content()["touchpoints"]]
        self.fix.options = options
        self.fix.value = self.state["fix"]
        self.fix.label = i18n.t("nps.drivers.fix")
        if self.frame is None:
            return
        if not drivers.driver_columns(self.frame):
            self.status.value = self.table.value = ""
            show(self.chart, False)
            show(self.matrix_chart, False)
            raise CXError("nps.error.no_touchpoints")
        show(self.chart)
        show(self.matrix_chart)
        result = self._results.get(self._result_key())
        if result is None:
            self.status.value = html.escape(i18n.t("nps.drivers.running"))
            self._compute()
            return
        language = i18n.get_language()
        matrix = drivers.matrix(result["rho"], result["performance"])
        n = len(self.subset())
        self.status.value = f'<p class="cx-note">{html.escape(i18n.t("nps.drivers.status", n=n, resamples=result["resamples"]))}</p>'
        self.table.value = nps_html.drivers_table(result, matrix, language)
        key = (self._result_key(), language)
        if key != self._chart_key:
            self._chart_key = key
            self.chart.show(lambda: _drivers_chart(result, language))
            self.matrix_chart.show(lambda: _ipa_chart(matrix, language))


def _drivers_chart(result: dict[str, Any], language: str) -> Any:
    from ...nps_charts import drivers as chart

    return chart(result, language)


def _ipa_chart(matrix: list[dict[str, Any]], language: str) -> Any:
    from ...nps_charts import ipa

    return ipa(matrix, language)
