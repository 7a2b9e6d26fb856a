"""What exercises 2-4 of lecture 08 share: the survey they analyse.

They analyse the survey exercise 1 shows (the learner's kept upload of ``08/score``, else
the sample; :func:`cxwidgets.nps.learner_survey`), loaded in the background on each load
and again when exercise 1's section changes in the workbook (followed through the
workbook's save notifications, never copied once at build time).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ... import i18n, nps
from ...errors import CXError
from ..exercise import Exercise

if TYPE_CHECKING:
    import pandas as pd


class SurveyReader(Exercise):
    """An exercise drawing from the lecture's survey (:attr:`frame`, :attr:`source`)."""

    def build_reader(self) -> widgets.HTML:
        """Create the reader's attributes; returns the line naming the data analysed."""
        self.frame: pd.DataFrame | None = None
        self.source = "sample"
        self.loading = False
        self._seen: str | None = None
        self._listening: Any = None
        self.source_line = widgets.HTML()
        self.source_line.add_class("cx-nps-source")
        return self.source_line

    def _score_section(self) -> str:
        """What identifies the data of exercise 1 (its source and upload), cheaply."""
        if self.session is None:
            return ""
        entry = self.session.workbook.data["sections"].get(nps.SCORE_SECTION) or {}
        value = entry.get("value") if isinstance(entry, dict) else None
        if not isinstance(value, dict) or value.get("source") != "upload":
            return "sample"
        upload = value.get("upload") if isinstance(value.get("upload"), dict) else {}
        rows = upload.get("rows") or []
        return json.dumps([upload.get("name"), upload.get("columns"), len(rows), rows[:3], rows[-3:]],
                          default=str)

    def loaded(self) -> None:
        if self.session is not None and self._listening is not self.session.workbook:
            self._listening = self.session.workbook
            self.scope.add(self.session.workbook.on_save(lambda _status: self._follow()))
        self._seen = self._score_section()
        sections = self.session.workbook.sections() if self.session is not None else {}

        def work() -> tuple[pd.DataFrame, str, Any]:
            frame, source = nps.learner_survey(sections)
            return frame, source, self.prepare_data(frame)

        def then(result: tuple[pd.DataFrame, str, Any]) -> None:
            self.frame, self.source, prepared = result
            self.data_ready(prepared)

        def busy(on: bool) -> None:
            self.loading = on
            if not on:
                self.redraw()

        self.run(work, then, busy)

    def run(self, work: Callable[[], Any], then: Callable[[Any], Any],
            busy: Callable[[bool], Any]) -> None:
        """:meth:`Exercise.background` (``wait_idle`` waits for it)."""
        self.background(work, then, busy=busy)

    def _follow(self) -> None:
        if self._score_section() != self._seen:
            self.loaded()

    def prepare_data(self, frame: pd.DataFrame) -> Any:
        """Heavy work on the survey (background thread, no widgets); default none."""
        return None

    def data_ready(self, prepared: Any) -> None:
        """Called on the kernel thread with :meth:`prepare_data`'s result."""

    def draw_source(self) -> None:
        """Say which data are analysed (or that they are loading)."""
        if self.frame is None:
            self.source_line.value = html.escape(i18n.t("common.chart.loading")) if self.loading else ""
            return
        key = "nps.reader.upload" if self.source == "upload" else "nps.reader.sample"
        self.source_line.value = f'<p class="cx-note">{html.escape(i18n.t(key, n=len(self.frame)))}</p>'


def keep_within(exercise: Exercise, key: str, text: str, limit: int) -> None:
    """Store typed ``text`` under ``key``; over ``limit`` characters it is cut there and the
    learner is told (never cut silently)."""
    exercise.update(typing=True, **{key: text[:limit]})
    if len(text) > limit:
        raise CXError("nps.error.too_long", limit=limit)


def count_html(text: str, limit: int) -> str:
    """The "n / max" line under a limited text box."""
    return f'<span class="cx-note">{len(text)} / {limit}</span>'
