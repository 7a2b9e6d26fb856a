"""Lecture 02 exercise 3: the learner's own SERVQUAL results.

Follows exercises 1 and 2 of the same page (their state, as it changes): the unweighted
score, the dimension table and the charts show as soon as one item has both ratings; the
weighted score joins them once the weights are valid (a note says what is missing until
then). Nothing of its own is saved: the figures are computed from the other two.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import i18n, servqual
from ...session import Session
from .. import common
from ..exercise import Exercise, assign
from ..layouts import show
from .questionnaire import Questionnaire
from .shared import dimension_names, dimension_table, score_line, top_items_html
from .weights import Weights, points_text


class Results(Exercise):
    """Exercise 3: gaps per item and dimension, unweighted and weighted score, top three.

    Parameters
    ----------
    session : Session or None
        The page's session.
    questionnaire, weights : Questionnaire, Weights
        Exercises 1 and 2 of the page; the results follow their changes.
    """

    section = ""
    title_key = "servqual.results.title"
    name = "sq-results"

    def __init__(self, session: Session | None, questionnaire: Questionnaire,
                 weights: Weights) -> None:
        self.questionnaire = questionnaire
        self.weights = weights
        self._charted: dict[str, Any] = {}
        super().__init__(session)
        self.scope.add(questionnaire.watch(self.redraw))
        self.scope.add(weights.watch(self.redraw))

    def build(self) -> list[widgets.Widget]:
        self.status = common.Message()
        self.status.add_class("cx-sq-results-status")
        self.weights_note = common.Message()
        self.weights_note.add_class("cx-sq-results-weights")
        self.score = widgets.HTML()
        self.score.add_class("cx-sq-scoreline")
        self.table = widgets.HTML()
        self.table.add_class("cx-sq-dimensions")
        self.chart = common.ChartView(label_key="servqual.chart.dimension_label")
        self.chart.add_class("cx-sq-dimchart")
        self.items_chart = common.ChartView(label_key="servqual.chart.item_label")
        self.items_chart.add_class("cx-sq-itemchart")
        self.top = widgets.HTML()
        self.top.add_class("cx-sq-topitems")
        self.body = widgets.VBox([
            self.weights_note, self.score, self.table, self.chart,
            self.text("servqual.results.top_title", css="cx-subtitle"), self.top,
            self.text("servqual.results.items_title", css="cx-subtitle"), self.items_chart,
        ])
        self.body.add_class("cx-sq-results-body")
        return [self.status, self.body, self.message]

    def draw(self) -> None:
        frame = self.questionnaire.frame()
        if frame.dropna().empty:
            self.status.show_info("servqual.results.need_answers")
            show(self.body, False)
            return
        points = self.weights.valid
        scores = servqual.score(frame, points)  # a CXError shows in the message
        items = servqual.item_scores(frame)
        top = servqual.largest_gaps(frame)
        self.status.clear()
        show(self.body)
        self._draw_weights_note(points)
        custom = self.questionnaire.custom
        assign(self.score, "value", score_line(scores, show_weighted=points is not None))
        assign(self.table, "value", dimension_table(scores))
        assign(self.top, "value", top_items_html(top, custom))
        language = i18n.get_language()
        self._chart(self.chart, "dimensions", (scores.to_json(), language),
                    lambda: _dimension_chart(scores, language))
        highlight = list(top.index)
        self._chart(self.items_chart, "items",
                    (items.to_json(), highlight, sorted(custom.items()), language),
                    lambda: _item_chart(items, highlight, dict(custom), language))

    def _draw_weights_note(self, points: dict[str, float] | None) -> None:
        if points is not None:
            self.weights_note.clear()
            return
        unset = servqual.unset_dimensions(self.weights.points)
        if unset:
            self.weights_note.show_info("servqual.results.weights_unset",
                                        names=dimension_names(unset))
        else:
            self.weights_note.show_info("servqual.results.need_weights",
                                        total=points_text(self.weights.total))

    def _chart(self, view: common.ChartView, name: str, inputs: Any, build) -> None:
        """Render ``build()`` in ``view`` unless it already shows a chart of ``inputs``."""
        if self._charted.get(name) == inputs:
            return
        self._charted[name] = inputs
        view.show(build)


def _dimension_chart(scores, language: str):
    from ...servqual_charts import dimension_gap_chart

    return dimension_gap_chart(scores, language)


def _item_chart(items, highlight: list[int], custom: dict[int, str], language: str):
    from ...servqual_charts import item_gap_chart

    return item_gap_chart(items, highlight, language=language, custom=custom)
