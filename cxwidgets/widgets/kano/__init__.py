"""Lecture 03 (KANO) exercises: the questionnaire and the survey analysis."""

from .questionnaire import SECTION as QUESTIONNAIRE
from .questionnaire import Questionnaire, default_features
from .survey import SURVEY, SurveyAnalysis, feature_labels, load_sample

__all__ = [
    "QUESTIONNAIRE",
    "SURVEY",
    "Questionnaire",
    "SurveyAnalysis",
    "default_features",
    "feature_labels",
    "load_sample",
]
