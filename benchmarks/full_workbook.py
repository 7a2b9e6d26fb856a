"""A full workbook for the export benchmark: every exercise of every lecture, saved.

Every exercise class found under ``cxwidgets.widgets`` (a lecture that lands later is
included without editing this file) is built on one session and saved with its state;
exercises that start from course samples (surveys, the sample journey) thereby hold a
complete analysis. The learner's own journey is the course's sample journey, and the lecture
10 sections hold a board, ratings of every other team and a user-test row.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

from cxwidgets import journey, peer
from cxwidgets.session import Session
from cxwidgets.workbook import Workbook


def exercise_classes() -> list[type]:
    """Every concrete exercise class (with a workbook section) under ``cxwidgets.widgets``."""
    import cxwidgets.widgets as package
    from cxwidgets.widgets.exercise import Exercise

    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(package.__path__, "cxwidgets.widgets."):
        try:
            module = importlib.import_module(info.name)
        except Exception:  # a lecture being built: leave it out
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Exercise) and getattr(cls, "section", "") and not inspect.isabstract(cls):
                found.setdefault(cls.section, cls)
    return [found[name] for name in sorted(found)]


LECTURE10: dict[str, Any] = {
    "10/team": {"team": "Fast Fit", "pains": "p1\np2", "opportunities": "o1", "ideas": "i1\ni2",
                "plan": [{"action": "pilot", "owner": "Wang", "date": "2026-12-31",
                          "measure": "-30% complaints"}]},
    "10/peer": {"team": "t1", "calibration": {"insight": 4, "value": 4, "feasibility": 3,
                                              "plan": 3, "pitch": 4},
                "scores": {t: {"insight": 4, "value": 3, "feasibility": 4, "plan": 3, "pitch": 4}
                           for t in peer.sample_teams() if t != "t1"}},
    "10/usertest": {"concept": "live location", "rows": [
        {"hypothesis": "h", "test": "t", "metric": "m", "result": "r", "decision": "keep"}]},
}


def full_workbook(directory: Path, learner: str = "bench") -> dict[str, Any]:
    """Build and save the full workbook of ``learner`` in ``directory``; return its document."""
    workbook = Workbook(learner, directory=directory, debounce=0.0)
    session = Session(workbook=workbook, lecture="10")
    for cls in exercise_classes():
        try:
            exercise = cls(session)
            exercise.save()
        except Exception:  # an exercise that cannot build outside a page: leave it out
            continue
    workbook.set("04/journey", journey.sample_journey("zh-CN").to_dict())
    for name, value in LECTURE10.items():
        workbook.set(name, value)
    workbook.flush()
    return workbook.data
