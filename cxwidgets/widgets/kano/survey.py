"""Lecture 03 exercise 2: the KANO survey analysis (sample or uploaded, by segment).

A :class:`~cxwidgets.widgets.survey.SegmentedSurvey`: the category table, the Better-Worse
chart and the category mix of the filtered answers, and two segments compared feature by
feature (chi-square test of the answer distribution). State: see the survey base; workbook
section ``03/kano_survey``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as widgets

from ... import i18n, kano, kano_html
from .. import common
from ..survey import SegmentedSurvey

if TYPE_CHECKING:
    import pandas as pd

SURVEY = "03/kano_survey"
SEGMENTS: tuple[str, ...] = ("tenure", "tier")
STORED_ROWS_LIMIT = 60_000


feature_codes = kano.feature_codes
load_sample = kano.sample_survey


def feature_labels(language: str | None = None) -> dict[str, str]:
    """Display names of the sample survey's feature codes."""
    return {code: kano_html.feature_label(code, language) for code in feature_codes()}


def compare_rows(frame: pd.DataFrame, column: str, a: str, b: str) -> list[dict[str, Any]]:
    """The per-feature comparison of segments ``a`` and ``b`` (see :func:`kano_html.comparison_rows`)."""
    subset = frame[frame[column].astype(str).isin([a, b])]
    table = kano.summarize(subset, by=column)
    tests = kano.compare_segments(subset, by=column)
    return kano_html.comparison_rows(table, tests, column, a, b)


class SurveyAnalysis(SegmentedSurvey):
    """Exercise 2: analyse a KANO survey (sample or uploaded) by segment.

    Uploads up to :data:`STORED_ROWS_LIMIT` rows are kept in the workbook; larger ones are
    analysed on the page and the learner is told they are not kept.
    """

    section = SURVEY
    title_key = "kano.survey.title"
    name = "kano-survey"
    segments = SEGMENTS
    survey_kind = "kano"
    stored_rows_limit = STORED_ROWS_LIMIT
    template_file = "kano_template.csv"
    template_name = "kano-template"
    css = "cx-kano"
    labels: ClassVar[Mapping[str, str]] = {
        "source.sample": "kano.survey.source.sample",
        "source.upload": "kano.survey.source.upload",
        "upload": "kano.survey.upload",
        "template": "kano.survey.template",
        "format": "kano.survey.format",
    }

    # ------------------------------------------------------------ analysis hooks
    def prepare(self) -> None:
        import scipy.special  # noqa: F401  (the comparison's tests need it: cxwidgets.stats)

    def sample(self) -> pd.DataFrame:
        return load_sample()

    def validate(self, frame: pd.DataFrame) -> pd.DataFrame:
        return kano.validate_responses(frame, SEGMENTS)

    def summarize(self, frame: pd.DataFrame) -> pd.DataFrame:
        return kano.summarize(frame)

    def compare(self, frame: pd.DataFrame, column: str, a: str, b: str) -> list[dict[str, Any]]:
        return compare_rows(frame, column, a, b)

    def status_text(self, frame: pd.DataFrame) -> str:
        return i18n.t(
            "kano.survey.loaded",
            respondents=frame["respondent"].nunique(),
            features=frame["feature"].nunique(),
            answers=len(frame),
        )

    # ------------------------------------------------------------ views
    def result_widgets(self) -> list[widgets.Widget]:
        self.table = widgets.HTML()
        self.table.add_class("cx-kano-table")
        self.chart = common.ChartView(label_key="kano.chart.label")
        self.chart.add_class("cx-kano-chart")
        self.mix = common.ChartView(label_key="kano.chart.share_label")
        self.mix.add_class("cx-kano-mix")
        return [self.table, self.chart, self.mix]

    def comparison_widgets(self) -> list[widgets.Widget]:
        self.compare_table = widgets.HTML()
        self.compare_table.add_class("cx-kano-compare")
        return [self.compare_table]

    def segment_text(self) -> str:
        """The filters applied, as a phrase for the chart title ("全部" when none)."""
        parts = [
            common.segment_label(column, value)
            for column, value in self.effective_filters(self.data()).items()
            if value
        ]
        return " · ".join(parts) or i18n.t("survey.all")

    def draw_results(self, summary: pd.DataFrame, frame: pd.DataFrame) -> None:
        self.table.value = kano_html.summary_table(summary)
        language = i18n.get_language()
        title = i18n.t("kano.chart.title", segment=self.segment_text())
        key = self.data_key()
        self.show_chart(self.chart, key, lambda: _better_worse(summary, title, language))
        self.show_chart(self.mix, key, lambda: _category_mix(summary, language))

    def draw_comparison(self, comparison: list[dict[str, Any]], column: str, a: str, b: str) -> None:
        self.compare_table.value = kano_html.compare_html(comparison, column, a, b)

    def clear_comparison(self, text: str) -> None:
        self.compare_table.value = ""
        self.compare_note.value = kano_html.note(text)


def _better_worse(summary: pd.DataFrame, title: str, language: str) -> dict:
    from ...kano_charts import better_worse_spec  # the chart's dict, without Altair: fast

    return better_worse_spec(summary, title=title, language=language)


def _category_mix(summary: pd.DataFrame, language: str) -> dict:
    from ...kano_charts import category_mix  # a dict too: the page never loads Altair

    return category_mix(summary, language=language)


__all__ = [
    "SEGMENTS",
    "STORED_ROWS_LIMIT",
    "SURVEY",
    "SurveyAnalysis",
    "compare_rows",
    "feature_codes",
    "feature_labels",
    "load_sample",
]
