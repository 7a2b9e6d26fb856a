"""cxwidgets: analysis helpers and interactive exercises for a CX / service-design course.

The analysis modules work in any notebook without the course UI::

    import cxwidgets
    cxwidgets.kano.classify(1, 5)          # 'O'
    cxwidgets.kano.summarize(responses)    # one row per feature

Submodules load on first use, so ``import cxwidgets`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = {
    "charts",
    "course",
    "datasets",
    "errors",
    "gaps",
    "i18n",
    "journey",
    "journey_charts",
    "kano",
    "kano_charts",
    "lesson",
    "report",
    "servqual",
    "session",
    "tables",
    "tiers",
    "workbook",
}

__all__ = sorted(_SUBMODULES)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'cxwidgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
