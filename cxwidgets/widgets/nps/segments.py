"""Lecture 08 exercise 2: segments compared, two at a time and all at once.

The learner picks a segmentation (tenure, tier, or both crossed). Two chosen segments are
compared with a z test of their NPS difference; every segment is also tested against the
rest, the p-values Holm-corrected, and a segment under :data:`cxwidgets.nps.SMALL_SEGMENT`
answers is flagged as too small to say anything.

State (section ``08/segments``)::

    {"by": "tenure" | "tier" | "tenure_tier", "seen": [by, ...],
     "a": segment code | None, "b": segment code | None}     # None: first / last segment

The saved value adds ``result`` (the table's rows). Done when two segmentations have been
looked at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ... import i18n, nps, nps_html
from ...errors import CXError
from .. import common
from .shared import SurveyReader

if TYPE_CHECKING:
    import pandas as pd

SECTION = "08/segments"
BY: tuple[str, ...] = ("tenure", "tier", "tenure_tier")
CROSSED = "tenure_tier"


def segment_frame(frame: pd.DataFrame, by: str) -> tuple[pd.DataFrame, str]:
    """The survey with the segment column ``by`` (``tenure_tier`` crosses both).

    Raises CXError ``nps.error.no_segment`` when the survey lacks the column.
    """
    needed = ("tenure", "tier") if by == CROSSED else (by,)
    missing = [c for c in needed if c not in frame.columns or not (frame[c].astype(str) != "").any()]
    if missing:
        raise CXError("nps.error.no_segment", column=", ".join(missing))
    if by != CROSSED:
        return frame, by
    crossed = frame.assign(**{CROSSED: frame["tenure"].astype(str) + " · " + frame["tier"].astype(str)})
    return crossed, CROSSED


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}


class SegmentsCompared(SurveyReader):
    """Exercise 2: two segments' z test, then all segments with Holm's correction."""

    section = SECTION
    title_key = "nps.segments.title"
    name = "nps-segments"

    def initial_state(self) -> dict[str, Any]:
        return {"by": "tenure", "seen": [], "a": None, "b": None}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if isinstance(stored, dict):
            if stored.get("by") in BY:
                state["by"] = stored["by"]
            seen = stored.get("seen")
            if isinstance(seen, list):
                state["seen"] = [b for b in BY if b in seen]
            for key in ("a", "b"):
                if isinstance(stored.get(key), str):
                    state[key] = stored[key]
        return state

    def is_done(self) -> bool:
        return len(self.state["seen"]) >= 2

    def build(self) -> list[widgets.Widget]:
        source = self.build_reader()
        self._key: Any = None
        self.by = widgets.ToggleButtons(options=self._by_options(), value="tenure",
                                        style={"button_width": "auto"})
        self.by.add_class("cx-nps-by")
        self.on_change(self.by, self.choose)
        self.pair = {key: widgets.Dropdown(options=[]) for key in ("a", "b")}
        for key, dropdown in self.pair.items():
            dropdown.add_class(f"cx-nps-pair-{key}")
            self.translate(dropdown, "description", f"nps.segments.pair.{key}")
            self.on_change(dropdown, lambda value, key=key: self.update(**{key: value}))
        self.pair_view = widgets.HTML()
        self.pair_view.add_class("cx-nps-pair")
        self.table = widgets.HTML()
        self.table.add_class("cx-nps-segments")
        self.chart = common.ChartView(label_key="nps.chart.segments_label")
        self.chart.add_class("cx-nps-segments-chart")
        self.warning = widgets.HTML()
        self.warning.add_class("cx-nps-small-warning")
        return [
            self.text("nps.segments.intro", css="cx-note"), source, self.by, self.message,
            self.text("nps.segments.pair_title", css="cx-subtitle"),
            widgets.HBox(list(self.pair.values())), self.pair_view,
            self.text("nps.segments.all_title", css="cx-subtitle"),
            self.warning, self.table, self.chart,
        ]

    def _by_options(self) -> list[tuple[str, str]]:
        return [(i18n.t(f"nps.segments.by.{b}"), b) for b in BY]

    def relabel(self) -> None:
        common.set_options(self.by, self._by_options())
        self._key = None

    def choose(self, by: str) -> None:
        seen = [b for b in BY if b in {*self.state["seen"], self.state["by"], by}]
        self.update(by=by, seen=seen, a=None, b=None)

    def rows(self) -> tuple[list[dict[str, Any]], str, pd.DataFrame]:
        frame, column = segment_frame(self.frame, self.state["by"])
        return nps.segment_table(frame, column), column, frame

    def chosen_pair(self, values: list[str]) -> tuple[str | None, str | None]:
        """The two segments compared: the state's where they exist, else first and last."""
        a = self.state["a"] if self.state["a"] in values else (values[0] if values else None)
        b = self.state["b"] if self.state["b"] in values else next(
            (v for v in reversed(values) if v != a), None)
        return a, b

    def _clear(self) -> None:
        self.table.value = self.warning.value = self.pair_view.value = ""

    def draw(self) -> None:
        self.draw_source()
        self.by.value = self.state["by"]
        if self.frame is None:
            return
        try:
            rows, column, frame = self.rows()
        except CXError:
            self._clear()
            raise
        language = i18n.get_language()
        self._draw_pair(rows, column, frame, language)
        self.table.value = nps_html.segments_table(rows, column, language)
        small = [nps_html.segment_text(column, r["segment"], language) for r in rows if r["small"]]
        self.warning.value = nps_html.note(
            i18n.t("nps.segments.small", segments=i18n.join(small[:6]), n=nps.SMALL_SEGMENT), "error"
        ) if small else ""
        key = (self.state["by"], id(self.frame), language)
        if self._key != key:
            self._key = key
            self.chart.show(lambda: _chart(rows, column, language))

    def _draw_pair(self, rows: list[dict[str, Any]], column: str, frame: pd.DataFrame,
                   language: str) -> None:
        values = [r["segment"] for r in rows]
        options = [(nps_html.segment_text(column, v, language), v) for v in values]
        a, b = self.chosen_pair(values)
        for key, value in (("a", a), ("b", b)):
            common.set_options(self.pair[key], options)
            self.pair[key].value = value
        if a is None or b is None or a == b:
            self.pair_view.value = nps_html.note(i18n.t("survey.same_segment"))
            return
        result = nps.compare_segments(frame, column, a, b)
        comparison = {"difference": result.difference, "z": result.z, "p": result.p,
                      "a": result.a.to_dict(), "b": result.b.to_dict()}
        self.pair_view.value = nps_html.comparison_html(comparison, column, a, b, language)

    def saved_value(self) -> dict[str, Any]:
        if self.frame is None:
            return self.state
        try:
            rows, _column, _frame = self.rows()
        except CXError:
            return self.state
        return {**self.state, "result": [_json_row(r) for r in rows]}


def _chart(rows: list[dict[str, Any]], column: str, language: str) -> Any:
    from ...nps_charts import segments

    return segments(rows, column, language)
