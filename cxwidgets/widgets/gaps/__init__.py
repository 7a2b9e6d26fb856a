"""Lecture 07 (gap model) exercises: classify failures into gaps, diagnose a service's gaps.

Workbook sections ``07/classify`` (:class:`Classify`) and ``07/diagnosis`` (:class:`Diagnosis`);
the report section is :mod:`cxwidgets.reports.l07`.
"""

from ...gaps import customer_source
from .classify import SECTION as CLASSIFY
from .classify import Classify, quiz_spec
from .diagnosis import ACTIONS_LIMIT, CASES, TEXT_LIMIT, Diagnosis
from .diagnosis import SECTION as DIAGNOSIS

__all__ = [
    "ACTIONS_LIMIT",
    "CASES",
    "CLASSIFY",
    "DIAGNOSIS",
    "TEXT_LIMIT",
    "Classify",
    "Diagnosis",
    "customer_source",
    "quiz_spec",
]
