"""Lecture 04 exercises: journey map editor, emotion curve, peak-end, reshaping, key touchpoints, export.

One module per exercise, each an :class:`cxwidgets.widgets.exercise.Exercise`; the six share
one :class:`JourneyState` (``state``), so a touchpoint added in the editor appears at once on
the curve, in the analysis, in the what-if and in the export. The journey is saved to the
workbook section ``"04/journey"``.

In the lecture notebook::

    from cxwidgets.widgets import journey
    journey.JourneyEditor(session).widget
"""

from __future__ import annotations

from .curves import EmotionCurveExercise, curve_payload, curve_summaries
from .editor import JourneyEditor
from .export import JourneyExport
from .html import analysis_html, gauge_html, overview_html
from .key_touchpoints import KeyTouchpoints
from .peak_end import PeakEndAnalysis
from .reshape import ReshapeWhatIf
from .state import (
    CURVES,
    JOURNEY,
    KEY,
    MAP,
    RESHAPE,
    JourneyExercise,
    JourneyState,
    journey_state,
)

__all__ = [
    "CURVES",
    "JOURNEY",
    "KEY",
    "MAP",
    "RESHAPE",
    "EmotionCurveExercise",
    "JourneyEditor",
    "JourneyExercise",
    "JourneyExport",
    "JourneyState",
    "KeyTouchpoints",
    "PeakEndAnalysis",
    "ReshapeWhatIf",
    "analysis_html",
    "curve_payload",
    "curve_summaries",
    "gauge_html",
    "journey_state",
    "overview_html",
]
