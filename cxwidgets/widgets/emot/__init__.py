"""Lecture 06 (moments of truth, E-MOT) exercises.

* :class:`EmotPicker` (``06/emot``): score the touchpoints of the learner's journey, pick E-MOTs.
* :class:`HmwExercise` (``06/hmw``): the how-might-we board (one anywidget, :class:`HmwBoard`).
* :class:`Concepts` (``06/concepts``): Pugh screening, weighted scoring, robustness, survivor.

The report section is :mod:`cxwidgets.reports.l06`.
"""

from .board import HmwBoard, HmwExercise
from .concepts import Concepts
from .picker import EmotPicker

__all__ = ["Concepts", "EmotPicker", "HmwBoard", "HmwExercise"]
