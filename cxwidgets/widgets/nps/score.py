"""Lecture 08 exercise 1: NPS / CSAT / CES with their margins, and a sample-size planner.

A :class:`~cxwidgets.widgets.survey.SegmentedSurvey` on the sample survey or the learner's
upload (long layout ``respondent, tenure, tier, question, answer``, or the wide layout with
the course's question codes as columns; mapping other tools' wide exports is not done
here). Shows the NPS with its 95% margin and interval, the 0-10 distribution, CSAT top-two
box with a Wilson interval, CES mean with a t interval, two segments compared with a z test,
and the answers needed for a chosen margin. State: the survey base's plus ``margin``
(points); the saved value adds ``result`` (the numbers shown) for the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as widgets

from ... import i18n, nps, nps_html
from .. import common
from ..survey import SegmentedSurvey

if TYPE_CHECKING:
    import pandas as pd

SECTION = "08/score"
MARGINS: tuple[int, ...] = (3, 5, 7, 10, 15)
DEFAULT_MARGIN = 5


class ScoreCalculator(SegmentedSurvey):
    """Exercise 1: the scores of the (filtered) survey with honest uncertainty."""

    section = SECTION
    title_key = "nps.score.title"
    name = "nps-score"
    segments = nps.SEGMENTS
    survey_kind = "nps"
    template_file = "nps_template.csv"
    template_name = "nps-template"
    css = "cx-nps"
    labels: ClassVar[Mapping[str, str]] = {
        "source.sample": "nps.survey.source.sample",
        "source.upload": "nps.survey.source.upload",
        "upload": "nps.survey.upload",
        "template": "nps.survey.template",
        "format": "nps.survey.format",
    }

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {**super().initial_state(), "margin": DEFAULT_MARGIN}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = super().clean(stored)
        margin = stored.get("margin") if isinstance(stored, dict) else None
        state["margin"] = margin if margin in MARGINS else DEFAULT_MARGIN
        return state

    def saved_value(self) -> dict[str, Any]:
        return {**self.state, "result": self._summary}

    # ------------------------------------------------------------ hooks
    def prepare(self) -> None:
        import scipy.special  # noqa: F401  (intervals and tests; pay the import here)

    def sample(self) -> pd.DataFrame:
        return nps.sample_survey()

    def validate(self, frame: pd.DataFrame) -> pd.DataFrame:
        return nps.validate_survey(frame)

    def summarize(self, frame: pd.DataFrame) -> dict[str, Any]:
        return nps.summary(frame)

    def compare(self, frame: pd.DataFrame, column: str, a: str, b: str) -> dict[str, Any]:
        result = nps.compare_segments(frame, column, a, b)
        return {"difference": result.difference, "z": result.z, "p": result.p,
                "a": result.a.to_dict(), "b": result.b.to_dict()}

    def status_text(self, frame: pd.DataFrame) -> str:
        return i18n.t("nps.survey.loaded", respondents=len(frame))

    # ------------------------------------------------------------ views
    def result_widgets(self) -> list[widgets.Widget]:
        self._summary: dict[str, Any] | None = None
        self.score_view = widgets.HTML()
        self.score_view.add_class("cx-nps-score-view")
        self.chart = common.ChartView(label_key="nps.chart.distribution_label")
        self.chart.add_class("cx-nps-distribution")
        self.margin = widgets.Dropdown(options=self._margin_options(), value=DEFAULT_MARGIN)
        self.margin.add_class("cx-nps-margin")
        self.translate(self.margin, "description", "nps.planner.margin")
        self.on_change(self.margin, lambda value: self.update(margin=value))
        self.planner = widgets.HTML()
        self.planner.add_class("cx-nps-planner")
        return [
            self.score_view,
            self.chart,
            self.text("nps.planner.title", css="cx-subtitle"),
            self.margin,
            self.planner,
        ]

    def comparison_widgets(self) -> list[widgets.Widget]:
        self.compare_view = widgets.HTML()
        self.compare_view.add_class("cx-nps-compare")
        return [self.compare_view]

    def _margin_options(self) -> list[tuple[str, int]]:
        return [(i18n.t("nps.planner.margin_option", margin=m), m) for m in MARGINS]

    def relabel(self) -> None:
        super().relabel()
        common.set_options(self.margin, self._margin_options())

    def draw_results(self, summary: dict[str, Any], frame: pd.DataFrame) -> None:
        self._summary = summary
        language = i18n.get_language()
        self.score_view.value = nps_html.score_html(summary, language)
        counts = summary["distribution"]
        self.show_chart(self.chart, self.data_key(), lambda: _distribution(counts, language))
        self.margin.value = self.state["margin"]
        s = summary["nps"]
        p, d = s["promoters"] / s["n"], s["detractors"] / s["n"]
        needed = nps.sample_size(self.state["margin"], p, d)
        self.planner.value = nps_html.planner_html(self.state["margin"], needed, s["n"], s["moe"], language)

    def draw_comparison(self, comparison: dict[str, Any], column: str, a: str, b: str) -> None:
        self.compare_view.value = nps_html.comparison_html(comparison, column, a, b)

    def clear_comparison(self, text: str) -> None:
        self.compare_view.value = ""
        self.compare_note.value = nps_html.note(text)


def _distribution(counts: list[int], language: str) -> Any:
    from ...nps_charts import distribution

    return distribution(counts, language=language)


__all__ = ["MARGINS", "SECTION", "ScoreCalculator"]
