"""Lecture 09 (service communication and recovery) exercises.

Workbook sections ``09/coach`` (:class:`Coach`), ``09/signals`` (:class:`Signals`),
``09/structure`` (:class:`Structure`), ``09/rubric`` (:class:`Rubric`) and ``09/recovery``
(:class:`Plan`); the report section is :mod:`cxwidgets.reports.l09`.
"""

from .coach import REPLY_LIMIT, Coach, situations
from .plan import ACTION_LIMIT, Plan
from .signals import Signals, quiz_spec
from .structure import NOTES_LIMIT, Rubric, Structure
from .textbox import LimitedText

__all__ = [
    "ACTION_LIMIT",
    "NOTES_LIMIT",
    "REPLY_LIMIT",
    "Coach",
    "LimitedText",
    "Plan",
    "Rubric",
    "Signals",
    "Structure",
    "quiz_spec",
    "situations",
]
