"""Lecture 02 (SERVQUAL) exercises: questionnaire, importance weights, results, survey, scenarios.

Workbook sections:

* ``02/questionnaire``: ``{"answers": {"1": [E, P], ...}, "custom": {"3": "own wording"}}``,
  done when all 22 items have both ratings;
* ``02/weights``: ``{"points": {dimension: points}}``, done when the points total 100;
* ``02/survey``: source, filters, comparison and (up to ``STORED_ROWS_LIMIT`` rows) an upload;
* ``02/scenarios``: ``{"samples": {moment id: dimension}, "own": [{"text", "dimension"}]}``.

:func:`cxwidgets.servqual.learner_scores` turns the first two into the learner's SERVQUAL
result; lecture 07 reads it for the customer gap (re-exported here for now).
"""

from ...reports.l02 import section as report_section
from .questionnaire import Questionnaire
from .results import Results
from .scenarios import Scenarios
from .shared import (
    OWN_MOMENTS,
    QUESTIONNAIRE,
    RATINGS,
    SCENARIOS,
    SEGMENTS,
    STORED_ROWS_LIMIT,
    SURVEY,
    WEIGHTS,
    answers_frame,
    compare_html,
    dimension_name,
    dimension_table,
    learner_scores,
    sample_scores,
    sample_survey,
    score_line,
    top_items_html,
    valid_points,
)
from .survey import SurveyAnalysis
from .weights import Weights

__all__ = [
    "OWN_MOMENTS",
    "QUESTIONNAIRE",
    "RATINGS",
    "SCENARIOS",
    "SEGMENTS",
    "STORED_ROWS_LIMIT",
    "SURVEY",
    "WEIGHTS",
    "Questionnaire",
    "Results",
    "Scenarios",
    "SurveyAnalysis",
    "Weights",
    "answers_frame",
    "compare_html",
    "dimension_name",
    "dimension_table",
    "learner_scores",
    "report_section",
    "sample_scores",
    "sample_survey",
    "score_line",
    "top_items_html",
    "valid_points",
]
