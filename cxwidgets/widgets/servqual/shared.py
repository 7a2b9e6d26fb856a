"""Helpers shared by the lecture 02 (SERVQUAL) exercises: section names, options, charts.

The figures and their HTML come from the analysis layer (:mod:`cxwidgets.servqual`,
:mod:`cxwidgets.servqual_html`); the names below are re-exported for the exercises, the
survey module and lecture 07.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ... import i18n, servqual
from ...servqual import (  # noqa: F401  (re-exported)
    answers_frame,
    learner_scores,
    sample_scores,
    sample_survey,
    valid_points,
)
from ...servqual import section_value as _section_value  # noqa: F401
from ...servqual_html import (  # noqa: F401
    compare_html,
    dimension_name,
    dimension_table,
    score_line,
    top_items_html,
)
from ...servqual_html import fmt as _fmt  # noqa: F401
from ...servqual_html import note as _note  # noqa: F401

if TYPE_CHECKING:  # pandas is imported where a table is made: pages start without it
    import pandas as pd

QUESTIONNAIRE = servqual.QUESTIONNAIRE_SECTION
WEIGHTS = servqual.WEIGHTS_SECTION
SURVEY = servqual.SURVEY_SECTION
SCENARIOS = servqual.SCENARIOS_SECTION
SEGMENTS: tuple[str, ...] = servqual.SURVEY_SEGMENTS
STORED_ROWS_LIMIT = 30_000
OWN_MOMENTS = 5
RATINGS = tuple(range(servqual.SCALE_MIN, servqual.SCALE_MAX + 1))

#: Former inline style block; the rules are in ``static/course.css`` (lecture 02 section).
STYLE = ""


def dimension_options(blank: bool = False) -> list[tuple[str, str | None]]:
    """Dropdown options of the five dimensions (``blank``: a leading "—" for not chosen)."""
    options: list[tuple[str, str | None]] = [("—", None)] if blank else []
    return options + [(dimension_name(d), d) for d in servqual.DIMENSIONS]


_dimension_options = dimension_options  # former name


def dimension_names(dimensions: Any) -> str:
    """Translated names joined as a list in the active language (有形性、可靠性 / a, b)."""
    return i18n.join(dimension_name(d) for d in dimensions)


class Watched:
    """Mixin for an exercise that others follow (e.g. the results follow exercises 1 and 2).

    :meth:`watch` registers ``callback()``; it runs after every redraw that follows a change
    of the state (an event or a load), not after a language switch alone.
    """

    def watch(self, callback: Callable[[], Any]) -> Callable[[], None]:
        """Call ``callback()`` after each change of the state; returns the undo function."""
        watchers = self.__dict__.setdefault("_watchers", [])
        watchers.append(callback)
        return lambda: watchers.remove(callback) if callback in watchers else None

    def redraw(self, relabel: bool = False) -> None:
        super().redraw(relabel)  # type: ignore[misc]
        state = self.state  # type: ignore[attr-defined]
        if self.__dict__.get("_notified", object()) == state:
            return
        self._notified = state
        for callback in list(self.__dict__.get("_watchers", ())):
            callback()


def _right(table: pd.DataFrame) -> int:
    """Number of correct answers in a :func:`servqual.check_moments` table."""
    import pandas as pd

    return int(sum(1 for value in table["correct"] if not pd.isna(value) and bool(value)))
