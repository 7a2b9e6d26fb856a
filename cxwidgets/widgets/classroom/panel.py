"""A class member's page shows the class's result of its lecture once the trainer reveals it
(names never shown: learners are numbered)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ... import i18n
from ..layouts import show

if TYPE_CHECKING:
    from .dashboard import ClassDashboard


def anonymous_labels(learners: list[str]) -> dict[str, str]:
    """Learners numbered in the order given (``#1``, ``#2``...): what a view shows of them
    while names are hidden."""
    return {learner: f"#{index}" for index, learner in enumerate(learners, start=1)}


class ClassPanel:
    """Hidden until the trainer reveals the lecture's result, then the class view."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.title = widgets.HTML()
        self.title.add_class("cx-subtitle")
        self.dashboard: ClassDashboard | None = None
        self.widget = widgets.VBox([self.title])
        self.widget.add_class("cx-class-result")
        show(self.widget, False)
        self._unlisten = i18n.on_change(lambda _language: self.draw(relabel=True))

    def draw(self, relabel: bool = False) -> None:
        """Show or hide the class's result, from the store as it is now."""
        link = self.session.classroom
        lecture = self.session.lecture or ""
        if link is None or not lecture or not link.revealed(lecture):
            show(self.widget, False)
            return
        if self.dashboard is None:
            from .dashboard import ClassDashboard  # charts and aggregates: only once revealed

            self.dashboard = ClassDashboard(lecture)
            self.widget.children = [self.title, self.dashboard.widget]
        self.title.value = f"<h3>{html.escape(i18n.t('live.panel.title'))}</h3>"
        store = link.store
        members = [member.learner for member in store.members(link.code)]
        answers = store.answers(link.code, lecture)
        if relabel:
            self.dashboard.redraw()
        self.dashboard.show(answers, store.hidden(link.code), anonymous_labels(members))
        show(self.widget)
