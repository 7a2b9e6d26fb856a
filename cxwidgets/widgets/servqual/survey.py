"""Lecture 02 exercise 4: analyse a SERVQUAL survey (sample or uploaded), by segment.

A :class:`~cxwidgets.widgets.survey.SegmentedSurvey`: the SERVQUAL score, the dimension
gaps and the largest item gaps of the filtered answers, and two segments compared
dimension by dimension (Welch's t-test). State: see the survey base; workbook section
``02/survey``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as widgets

from ... import i18n, servqual
from ...errors import CXError
from .. import common
from ..survey import SegmentedSurvey
from .shared import (
    SEGMENTS,
    STORED_ROWS_LIMIT,
    SURVEY,
    compare_html,
    dimension_table,
    sample_survey,
    score_line,
    top_items_html,
)

if TYPE_CHECKING:
    import pandas as pd


class SurveyAnalysis(SegmentedSurvey):
    """Exercise 4: analyse a SERVQUAL survey (sample or uploaded), by segment, two compared.

    Uploads up to :data:`STORED_ROWS_LIMIT` rows are kept in the workbook; larger ones are
    analysed on the page and the learner is told they are not kept.
    """

    section = SURVEY
    title_key = "servqual.survey.title"
    name = "sq-survey"
    segments = SEGMENTS
    survey_kind = "servqual"
    stored_rows_limit = STORED_ROWS_LIMIT
    template_file = "servqual_template.csv"
    template_name = "sq-template"
    css = "cx-sq"
    css_names: ClassVar[Mapping[str, str]] = {
        "status": "cx-sq-survey-status",
        "message": "cx-sq-survey-message",
    }
    labels: ClassVar[Mapping[str, str]] = {
        "source.sample": "servqual.survey.source.sample",
        "source.upload": "servqual.survey.source.upload",
        "upload": "servqual.survey.upload",
        "template": "servqual.survey.template",
        "format": "servqual.survey.format",
        "all": "servqual.survey.all",
        "compare": "servqual.survey.compare",
        "compare_by": "servqual.survey.compare_by",
        "segment_a": "servqual.survey.segment_a",
        "segment_b": "servqual.survey.segment_b",
        "no_segments": "servqual.survey.no_segments",
    }

    # ------------------------------------------------------------ analysis hooks
    def prepare(self) -> None:
        import scipy.special  # noqa: F401  (the comparison's tests need it: cxwidgets.stats)

    def sample(self) -> pd.DataFrame:
        return sample_survey()

    def validate(self, frame: pd.DataFrame) -> pd.DataFrame:
        clean = servqual.read_responses(frame)  # raises CXError: earlier data kept
        if clean.dropna(subset=["expectation", "perception"]).empty:
            raise CXError("servqual.error.no_complete_answers")
        return clean

    def filtered(self, frame: pd.DataFrame | None = None) -> pd.DataFrame | None:
        frame = self.data() if frame is None else frame
        if frame is None:
            return None
        wanted = {column: value for column, value in self.effective_filters(frame).items() if value}
        return servqual.filter_segment(frame, **wanted) if wanted else frame

    def summarize(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        if frame.dropna(subset=["expectation", "perception"]).empty:
            raise CXError("servqual.error.empty_filter")
        return servqual.score(frame), servqual.largest_gaps(frame)

    def compare(self, frame: pd.DataFrame, column: str, a: str, b: str) -> pd.DataFrame:
        return servqual.compare_segments(frame, column, a, b)

    def uploaded_info(self, frame: pd.DataFrame) -> None:
        if frame.attrs.get("incomplete_answers"):
            rows = frame.attrs["incomplete_rows"]
            shown = ", ".join(map(str, rows[:8])) + (" …" if len(rows) > 8 else "")
            self.message.show_info(
                "servqual.survey.incomplete", n=frame.attrs["incomplete_answers"], rows=shown
            )

    # ------------------------------------------------------------ views
    def result_widgets(self) -> list[widgets.Widget]:
        self.score = widgets.HTML()
        self.chart = common.ChartView(label_key="servqual.chart.dimension_label")
        self.chart.add_class("cx-sq-survey-chart")
        self.top = widgets.HTML()
        self.top.add_class("cx-sq-survey-top")
        return [
            self.score,
            self.chart,
            self.text("servqual.results.top_title", css="cx-subtitle"),
            self.top,
        ]

    def comparison_widgets(self) -> list[widgets.Widget]:
        self.compare_chart = common.ChartView(label_key="servqual.chart.segment_label")
        self.compare_chart.add_class("cx-sq-compare-chart")
        self.compare_table = widgets.HTML()
        self.compare_table.add_class("cx-sq-compare")
        return [self.compare_chart, self.compare_table]

    def draw_results(self, summary: tuple[pd.DataFrame, pd.DataFrame], frame: pd.DataFrame) -> None:
        scores, top = summary
        self.status.value = html.escape(
            i18n.t(
                "servqual.survey.loaded",
                respondents=scores.attrs["n_respondents"],
                answers=scores.attrs["n_answers"],
                blanks=scores.attrs["incomplete_answers"],
            )
        )
        self.score.value = score_line(scores, show_weighted=False) + dimension_table(
            scores, weights=False
        )
        self.top.value = top_items_html(top)
        self.show_chart(self.chart, self.data_key(), lambda: _dimension_chart(scores))

    def draw_comparison(self, comparison: pd.DataFrame, column: str, a: str, b: str) -> None:
        name_a, name_b = common.segment_label(column, a), common.segment_label(column, b)
        key = (*self.data_key()[:2], column, a, b, i18n.get_language())
        self.show_chart(
            self.compare_chart, key, lambda: _segment_chart(comparison, name_a, name_b)
        )
        self.compare_table.value = compare_html(comparison, name_a, name_b)

    def clear_comparison(self, text: str) -> None:
        self.compare_table.value = ""
        self.compare_note.value = (
            f'<div class="cx-msg cx-msg-info" role="status">{html.escape(text)}</div>'
        )


def _dimension_chart(scores: pd.DataFrame) -> Any:
    from ...servqual_charts import dimension_gap_chart

    return dimension_gap_chart(scores)


def _segment_chart(comparison: pd.DataFrame, name_a: str, name_b: str) -> Any:
    from ...servqual_charts import segment_chart

    return segment_chart(comparison, name_a, name_b)
