"""The class's result of one lecture: the same view on the projector and, once the trainer
reveals it, on each learner's page.

:data:`DASHBOARDS` maps a lecture to its aggregate (:mod:`cxwidgets.classroom.aggregate`) and
its chart builders (:mod:`cxwidgets.classroom.charts`); :class:`ClassDashboard` draws them in
chart views (drawn in the browser) under a line saying how many learners answered.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ... import i18n
from ...classroom import aggregate
from ...classroom import charts as class_charts
from .. import common


@dataclass(frozen=True)
class Dashboard:
    """What a lecture's class view shows."""

    aggregate: Callable[..., dict[str, Any]]
    charts: tuple[Callable[..., Any], ...]
    sections: tuple[str, ...]
    takes_hidden: bool = False
    #: Key of the result's free texts (``learner``, ``section``, ``item``, ``text``) to list.
    texts: str | None = None


def _dashboard(lecture: str, *charts: Callable[..., Any], texts: str | None = None) -> Dashboard:
    return Dashboard(getattr(aggregate, f"lecture_{lecture}"), charts, aggregate.SECTIONS[lecture],
                     lecture in aggregate.TAKES_HIDDEN, texts)


DASHBOARDS: dict[str, Dashboard] = {
    "01": _dashboard("01", class_charts.clv_values),
    "02": _dashboard("02", class_charts.servqual_gaps, class_charts.servqual_items,
                     class_charts.servqual_weights),
    "03": _dashboard("03", class_charts.kano_categories, class_charts.kano_better_worse),
    "04": _dashboard("04", class_charts.journey_curves, class_charts.journey_moments),
    "05": _dashboard("05", class_charts.fail_points, texts="items"),
    "06": _dashboard("06", class_charts.idea_votes, class_charts.concept_ranks, texts="ideas"),
    "07": _dashboard("07", class_charts.gaps_misclassified, class_charts.gaps_diagnosis),
    "08": _dashboard("08", class_charts.design_metrics),
    "09": _dashboard("09", class_charts.coach_rules, texts="replies"),
    "10": _dashboard("10", class_charts.peer_teams),
}


def lectures() -> list[str]:
    """The lectures with a class view, in order."""
    return sorted(DASHBOARDS)


class ClassDashboard:
    """One lecture's class view (built once; :meth:`show` draws the latest answers).

    Parameters
    ----------
    lecture : str
        ``"02"``, ``"03"``, ... (see :data:`DASHBOARDS`); another lecture shows that it has
        no class view yet.
    """

    def __init__(self, lecture: str) -> None:
        self.lecture = lecture
        self.spec = DASHBOARDS.get(lecture)
        self.status = widgets.HTML()
        self.status.add_class("cx-class-status")
        self.views = [common.ChartView(label_key="live.dashboard.chart") for _ in
                      (self.spec.charts if self.spec else ())]
        for view in self.views:
            view.add_class("cx-class-chart")
        self.texts = widgets.HTML()
        self.texts.add_class("cx-class-texts")
        self.widget = widgets.VBox([self.status, *self.views, self.texts])
        self.widget.add_class("cx-class-dashboard")
        self.result: dict[str, Any] | None = None
        self._key: Any = None
        self._last: tuple[Any, Any] | None = None

    def show(self, answers: Mapping[str, Mapping[str, Any]],
             hidden: set[tuple[str, str, str]] | None = None,
             labels: Mapping[str, str] | None = None) -> None:
        """Draw the class's result from ``answers`` (``{learner: {section: value}}``).

        ``labels`` names each learner in the view (e.g. "#3" while names are hidden); a
        learner without a label is left out, so no id reaches a chart unless labelled.
        """
        self._last = (answers, hidden, labels)
        if labels is not None:
            answers = {labels[k]: v for k, v in answers.items() if k in labels}
            hidden = {(labels[learner], section, item) for learner, section, item in hidden or ()
                      if learner in labels}
        if self.spec is None:
            self.status.value = _line("live.dashboard.none", lecture=self.lecture)
            return
        key = (repr(sorted((k, repr(v)) for k, v in answers.items())),
               tuple(sorted(hidden or ())), i18n.get_language())
        if key == self._key:
            return  # nothing new since the last draw
        self._key = key
        if self.spec.takes_hidden:
            result = self.spec.aggregate(answers, hidden=hidden or set())
        else:
            result = self.spec.aggregate(answers)
        self.result = result
        answered, learners = result.get("n_answered", 0), result.get("n_learners", 0)
        self.status.value = (
            f'<div class="cx-class-count" data-answered="{answered}" data-learners="{learners}">'
            f'{html.escape(i18n.t("live.dashboard.answered", answered=answered, learners=learners))}'
            "</div>"
        )
        language = i18n.get_language()
        for view, build in zip(self.views, self.spec.charts, strict=True):
            view.show(lambda build=build: build(result, language))
        self.texts.value = texts_html(self.entries())

    def entries(self) -> list[dict[str, Any]]:
        """The free texts of the last result (as the aggregate returns them), or none."""
        if self.spec is None or self.spec.texts is None or self.result is None:
            return []
        table = self.result.get(self.spec.texts)
        if table is None or not hasattr(table, "to_dict"):
            return []
        return [row for row in table.to_dict("records") if str(row.get("text") or "").strip()]

    def redraw(self) -> None:
        """Draw again (e.g. after a language switch) from the last answers."""
        self._key = None
        if self._last is not None:
            self.show(*self._last)


def texts_html(entries: list[dict[str, Any]]) -> str:
    """The class's free texts as a wall of escaped notes (who wrote it: the view's label)."""
    if not entries:
        return ""
    notes = "".join(
        f'<li class="cx-class-text" data-item="{html.escape(str(e.get("item", "")))}">'
        f'<span class="cx-class-text-who">{html.escape(str(e.get("learner", "")))}</span> '
        f"{html.escape(str(e.get('text', '')))}</li>"
        for e in entries
    )
    return f'<ul class="cx-class-wall">{notes}</ul>'


def _line(key: str, **params: Any) -> str:
    return f'<div class="cx-note">{html.escape(i18n.t(key, **params))}</div>'
