"""Lecture 05 exercises: service blueprint editor with automatic checks, fail-point ranking,
reference blueprint.

Workbook sections ``05/blueprint`` (:class:`BlueprintEditor`, exercises 1-2: the blueprint,
its fail points with their FMEA ratings and gaps), ``05/fail_points`` (:class:`FailRanking`,
exercise 3: how the ranking is ordered; the ranking is computed from ``05/blueprint``) and
``05/reference`` (:class:`ReferenceBlueprint`, exercise 4). The three share the page's
:class:`BlueprintHub`. The report section is :mod:`cxwidgets.reports.l05`.

In the lecture notebook::

    from cxwidgets.widgets import blueprint
    blueprint.BlueprintEditor(session).widget
"""

from __future__ import annotations

from .editor import BlueprintEditor
from .ranking import FailRanking
from .reference import ReferenceBlueprint
from .state import BlueprintHub, HubExercise, page_hub, page_journey, starting_blueprint

__all__ = [
    "BlueprintEditor",
    "BlueprintHub",
    "FailRanking",
    "HubExercise",
    "ReferenceBlueprint",
    "page_hub",
    "page_journey",
    "starting_blueprint",
]
