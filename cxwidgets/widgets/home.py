"""The course home: learner name, lecture cards with progress, workbook downloads."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from .. import course, i18n
from ..lesson import page_url
from ..session import Session
from . import common
from .backup import WorkbookImport
from .name_field import NameField


def _card(item: course.Lecture, sections: dict[str, Any], learner: str, language: str) -> str:
    title = html.escape(f"{item.id} · {i18n.t(item.title_key)}")
    summary = html.escape(i18n.t(item.summary_key))
    if not item.built:
        return (
            f'<div class="cx-card cx-card-planned" data-lecture="{item.id}">'
            f"<h4>{title}</h4><p>{summary}</p>"
            f'<p class="cx-card-status">{html.escape(i18n.t("home.planned"))}</p></div>'
        )
    done, total = course.progress(sections, item.id)
    if total:
        percent = round(100 * done / total)
        status = html.escape(i18n.t("home.progress", done=done, total=total))
        bar = (
            f'<div class="cx-progress" role="progressbar" aria-valuemin="0" aria-valuemax="{total}"'
            f' aria-valuenow="{done}" aria-label="{status}"><span style="width:{percent}%"></span></div>'
        )
    else:
        status = html.escape(i18n.t("home.progress.none"))
        bar = ""
    href = html.escape(page_url(item.notebook or "", learner, language))
    link = (
        f'<a class="cx-open-lecture" href="{href}">{html.escape(i18n.t("home.open"))} →</a>'
        if item.id != "00"
        else ""
    )
    return (
        f'<div class="cx-card cx-card-built" data-lecture="{item.id}"><h4>{title}</h4>'
        f'<p>{summary}</p>{bar}<p class="cx-card-status">{status}</p>{link}</div>'
    )


class _Redraw:
    """Stands in the session's exercises so that a reload (restore, import) redraws the home."""

    section = None

    def __init__(self, redraw: Any) -> None:
        self.redraw = redraw

    def load(self, _stored: Any) -> None:
        self.redraw()


class CourseHome:
    """Everything on the home page below the header.

    Parameters
    ----------
    session : Session
        The page's session (from ``lesson.start("00")``).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.name = NameField(
            value="" if session.anonymous else session.learner,
            name="learner",
            button_class="cx-learner-apply",
        )
        self.name.add_class("cx-learner-name")
        common.translate(self.name, "placeholder", "home.name.placeholder")
        common.translate(self.name, "label", "home.name.label")
        common.translate(self.name, "button", "home.name.apply")
        self.message = common.Message()
        self.where = widgets.HTML()
        self.where.add_class("cx-workbook-path")
        self.refresh_button = widgets.Button()
        self.refresh_button.add_class("cx-refresh")
        common.translate(self.refresh_button, "description", "home.refresh")
        self.cards = widgets.HTML()
        self.cards.add_class("cx-cards")
        self.download_json = common.DownloadButton(
            "home.download.json",
            lambda: f"cx-workbook-{self.session.learner}.json",
            "application/json",
            self._workbook_json,
            name="json",
        )
        self.download_html = common.DownloadButton(
            "home.download.html",
            lambda: f"cx-report-{self.session.learner}.html",
            "text/html",
            self._report_html,
            name="html",
        )
        self.importer = WorkbookImport(session, on_imported=self.refresh)
        self.name.on_submit(common.guarded(self.message, self._switch))
        self.refresh_button.on_click(lambda _b: self.refresh(reload=True))
        self.refresh()
        learner_box = common.Card(
            "home.learner.title",
            self.name,
            self.message,
            self.where,
            widgets.HBox([self.download_json, self.download_html]),
            self.importer.widget,
            name="home-learner",
        )
        cards_box = common.Card(
            "home.cards.title", self.refresh_button, self.cards, name="home-cards"
        )
        boxes = [learner_box, cards_box]
        code = _class_code()
        if code is not None:  # a class runs on this server, or the link named one
            from .classroom.identity import JoinPanel

            self.join = JoinPanel(session, code, on_joined=self._joined)
            boxes.insert(0, common.Card("live.join.card", self.join.widget, name="home-class"))
        self.widget = widgets.VBox(boxes)
        self.widget.add_class("cx-home")
        common.listen(self.cards, lambda _lang: self.refresh())
        # A workbook restored from the browser's copy reloads the page: redraw the cards too.
        session.attach(_Redraw(self.refresh))

    def _switch(self, name: str) -> None:
        if not self.session.anonymous and name.strip() == self.session.learner:
            return
        self.session.switch_learner(name)  # a CXError shows; the box keeps the typed name
        self.name.value = self.session.learner
        self.session.workbook.set_language(i18n.get_language())
        if self.session.header is not None:
            self.session.header.learner_changed()
        self.message.show_success("home.name.switched", name=self.session.learner)
        self.refresh()

    def _joined(self) -> None:
        """The learner joined a class: this page is now their workbook's."""
        self.name.value = self.session.learner
        self.session.workbook.set_language(i18n.get_language())
        if self.session.header is not None:
            self.session.header.learner_changed()
        self.refresh()

    def refresh(self, reload: bool = False) -> None:
        """Redraw the cards and the workbook location (re-reading the file if asked)."""
        if reload:
            self.session.workbook.reload()
        workbook = self.session.workbook
        self.where.value = html.escape(i18n.t("home.where", path=str(workbook.path)))
        sections = workbook.sections()
        language = i18n.get_language()
        cards = "".join(
            _card(item, sections, workbook.learner, language) for item in course.LECTURES
        )
        self.cards.value = f'<div class="cx-card-grid">{cards}</div>'

    def _workbook_json(self) -> bytes:
        self.session.workbook.flush()
        return self.session.workbook.to_json().encode("utf-8")

    def _report_html(self) -> bytes:
        from ..report import build_html

        self.session.workbook.flush()
        self.session.workbook.reload()
        return build_html(self.session.workbook.data).encode("utf-8")


def _class_code() -> str | None:
    """The class to offer joining: ``?class=`` of the link, else "" when a class is open on
    this server (the learner types the code from the projector), else None (no class)."""
    from ..classroom import store
    from ..session import query_params

    given = query_params().get("class")
    if given:
        return given
    if store.exists() and store.default_store().latest_class() is not None:
        return ""
    return None
