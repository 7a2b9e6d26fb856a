"""The trainer's page (``notebooks/trainer.ipynb``): start a class, project its join code and
QR, watch the class's answers come in, reveal, lock, reset, hide, export.

Only the trainer opens it: the page's link carries the trainer's secret
(:func:`cxwidgets.classroom.trainer.is_trainer`); without it the page says so and builds
nothing else (no store is read, no control exists).

State flows down from the store: one background thread reads the class (members, answers,
controls) every :data:`POLL_SECONDS` and hands a snapshot to the kernel's loop, which draws
it. Every control writes to the store, then draws from what the store says.
"""

from __future__ import annotations

import html
import io
import logging
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import ipywidgets as widgets

from ... import i18n
from ...classroom import store as class_store
from ...classroom import trainer as trainer_secret
from ...classroom.store import ClassInfo, ClassStore, Member
from ...session import query_params
from .. import common
from ..exercise import assign, call_soon, on_user_change
from ..layouts import show
from .dashboard import DASHBOARDS, ClassDashboard

log = logging.getLogger("cxwidgets")
POLL_SECONDS = 1.0
HOME = "00_home.ipynb"


def join_url(base: str, code: str) -> str:
    """The link learners open (or scan): the course home with the class code filled in."""
    return f"{base.rstrip('/')}/voila/render/{HOME}?{urlencode({'class': code})}"


def qr_svg(text: str) -> str:
    """A QR code of ``text`` as inline SVG (drawn here, offline; no image library needed)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10,
                        border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg"):]  # without the XML declaration, to sit inside HTML


@dataclass
class Snapshot:
    """What the page draws: the class as the store has it at one moment."""

    info: ClassInfo | None = None
    members: list[Member] = field(default_factory=list)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    controls: dict[str, Any] = field(default_factory=dict)
    hidden: set[tuple[str, str, str]] = field(default_factory=set)


def read_snapshot(store: ClassStore, code: str | None) -> Snapshot:
    """The class ``code`` (or the latest open one) as the store has it now."""
    info = store.class_info(code) if code else store.latest_class()
    if info is None:
        return Snapshot()
    return Snapshot(info, store.members(info.code), store.answers(info.code),
                    store.controls(info.code), store.hidden(info.code))


def export_frame(snapshot: Snapshot) -> Any:
    """The class's answers as a table (one row per learner and exercise), for CSV/XLSX."""
    import json

    import pandas as pd

    names = {member.learner: member.name for member in snapshot.members}
    rows = [
        {"class": snapshot.info.code if snapshot.info else "", "name": names.get(learner, learner),
         "learner": learner, "section": section,
         "value": json.dumps(value, ensure_ascii=False, sort_keys=True)}
        for learner, sections in sorted(snapshot.answers.items())
        for section, value in sorted(sections.items())
    ]
    return pd.DataFrame(rows, columns=["class", "name", "learner", "section", "value"])


def export_csv(snapshot: Snapshot) -> bytes:
    """CSV (UTF-8 with BOM, for Excel) of :func:`export_frame`, formula-safe."""
    from ...spreadsheet import to_csv_bytes

    return to_csv_bytes(export_frame(snapshot))


def export_xlsx(snapshot: Snapshot) -> bytes:
    """XLSX of :func:`export_frame` (sheet ``answers``) and the roster (sheet ``members``)."""
    import pandas as pd

    from ...spreadsheet import safe_frame

    members = pd.DataFrame(
        [{"name": m.name, "learner": m.learner, "joined": m.joined} for m in snapshot.members],
        columns=["name", "learner", "joined"],
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(export_frame(snapshot)).to_excel(writer, sheet_name="answers", index=False)
        safe_frame(members).to_excel(writer, sheet_name="members", index=False)
    return buffer.getvalue()


class TrainerPage:
    """The whole trainer page.

    Parameters
    ----------
    token : str, optional
        The secret from the link (default: ``?token=`` of the page).
    store : ClassStore, optional
        The class store (default: this server's).
    public_url : str, optional
        The server's address for learners (default ``$CX_PUBLIC_URL``; the browser's own
        address is not known to the kernel).
    poll : bool
        Follow the class in the background (tests call :meth:`refresh`).
    """

    def __init__(self, token: str | None = None, store: ClassStore | None = None,
                 public_url: str | None = None, poll: bool = True) -> None:
        import os

        params = query_params()
        self.allowed = trainer_secret.is_trainer(params.get("token") if token is None else token)
        self.public_url = public_url or os.environ.get("CX_PUBLIC_URL") or ""
        self.language = widgets.ToggleButtons(
            # Each language is named in itself, whatever the page's language.
            # i18n: input vocabulary
            options=[("中文", "zh-CN"), ("English", "en")],
            # i18n: end
            value=i18n.get_language(), style={"button_width": "5.5rem"},
        )
        self.language.add_class("cx-language")
        on_user_change(self.language, i18n.set_language)
        self.title = widgets.HTML()
        self.title.add_class("cx-title")
        header = widgets.HBox([self.title, self.language])
        header.add_class("cx-header")
        if not self.allowed:
            self.refused = widgets.HTML()
            self.refused.add_class("cx-trainer-refused")
            self.widget = widgets.VBox([header, self.refused])
            self.widget.add_class("cx-trainer")
            self._unlisten = i18n.on_change(lambda _l: self._relabel())
            self._relabel()
            return
        self.store = store or class_store.default_store()
        self.snapshot = Snapshot()
        self.code: str | None = None
        self._build()
        self.widget = widgets.VBox([header, self.body])
        self.widget.add_class("cx-trainer")
        self._unlisten = i18n.on_change(lambda _l: self._relabel(redraw=True))
        self._stop = threading.Event()
        self.refresh()
        self._relabel()
        if poll:
            threading.Thread(target=self._poll, name="cx-trainer", daemon=True).start()

    # ------------------------------------------------------------ widgets
    def _build(self) -> None:
        self.message = common.Message()
        self.start_button = widgets.Button(button_style="primary")
        self.start_button.add_class("cx-trainer-start")
        self.start_button.on_click(common.guarded(self.message, lambda _b: self.start_class()))
        self.end_button = widgets.Button()
        self.end_button.add_class("cx-trainer-end")
        self.end_button.on_click(common.guarded(self.message, lambda _b: self.end_class()))
        self.join = widgets.HTML()
        self.join.add_class("cx-trainer-join")
        self.roster = widgets.HTML()
        self.roster.add_class("cx-trainer-roster")
        self.names = widgets.ToggleButton(value=False)
        self.names.add_class("cx-trainer-names")
        on_user_change(self.names, common.guarded(self.message, self.show_names))
        self.lecture = widgets.Dropdown(options=self._lecture_options(), value="03")
        self.lecture.add_class("cx-trainer-lecture")
        on_user_change(self.lecture, common.guarded(self.message, self.choose_lecture))
        self.reveal = widgets.ToggleButton(value=False)
        self.reveal.add_class("cx-trainer-reveal")
        on_user_change(self.reveal, common.guarded(self.message, self.set_reveal))
        self.section = widgets.Dropdown(options=[])
        self.section.add_class("cx-trainer-section")
        on_user_change(self.section, lambda _value: self._draw_controls())
        self.lock = widgets.ToggleButton(value=False)
        self.lock.add_class("cx-trainer-lock")
        on_user_change(self.lock, common.guarded(self.message, self.set_lock))
        self.reset_button = widgets.Button()
        self.reset_button.add_class("cx-trainer-reset")
        self.reset_button.on_click(common.guarded(self.message, lambda _b: self.reset_round()))
        self.download_csv = common.DownloadButton(
            "live.trainer.export_csv", lambda: f"cx-class-{self.code}.csv", "text/csv",
            lambda: export_csv(self.snapshot), name="class-csv")
        self.download_xlsx = common.DownloadButton(
            "live.trainer.export_xlsx", lambda: f"cx-class-{self.code}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda: export_xlsx(self.snapshot), name="class-xlsx")
        self.entry = widgets.Dropdown(options=[])
        self.entry.add_class("cx-trainer-entry")
        self.hide_button = widgets.Button()
        self.hide_button.add_class("cx-trainer-hide")
        self.hide_button.on_click(common.guarded(self.message, lambda _b: self.hide_entry()))
        self.unhide_button = widgets.Button()
        self.unhide_button.add_class("cx-trainer-unhide")
        self.unhide_button.on_click(common.guarded(self.message, lambda _b: self.unhide_all()))
        self.moderation = widgets.HBox([self.entry, self.hide_button, self.unhide_button])
        self.moderation.add_class("cx-trainer-moderation")
        self.notes = widgets.HTML()
        self.notes.add_class("cx-trainer-notes-box")
        self.dashboards: dict[str, ClassDashboard] = {}
        self.board = widgets.VBox([])
        self.board.add_class("cx-trainer-board")
        self.class_bar = widgets.HBox([
            self.join,
            widgets.VBox([widgets.HBox([self.start_button, self.end_button, self.names]),
                          self.roster]),
        ])
        self.class_bar.add_class("cx-trainer-class")
        self.controls_bar = widgets.HBox([self.lecture, self.reveal, self.section, self.lock,
                                          self.reset_button])
        self.controls_bar.add_class("cx-trainer-controls")
        self.exports = widgets.HBox([self.download_csv, self.download_xlsx])
        self.body = widgets.VBox([self.message, self.class_bar, self.controls_bar, self.board,
                                  self.moderation, self.exports, self.notes])

    def _lecture_options(self) -> list[tuple[str, str]]:
        from ...course import lecture as find_lecture

        options = []
        for number in (f"{n:02d}" for n in range(1, 11)):
            title = i18n.t(find_lecture(number).title_key)
            options.append((f"{number} · {title}", number))
        return options

    # ------------------------------------------------------------ events
    def start_class(self) -> None:
        """Start a class for the chosen lecture (its join code and QR appear)."""
        info = self.store.create_class(self.lecture.value)
        self.code = info.code
        self.refresh()

    def end_class(self) -> None:
        """End the class: nobody new joins; its answers stay for the export."""
        if self.code:
            self.store.set_class(self.code, closed=True)
        self.refresh()

    def show_names(self, shown: bool) -> None:
        if self.code:
            self.store.set_class(self.code, show_names=shown)
        self.refresh()

    def choose_lecture(self, lecture: str) -> None:
        if self.code:
            self.store.set_class(self.code, lecture=lecture)
        self.refresh()

    def set_reveal(self, revealed: bool) -> None:
        """Show (or hide) the class's result of the lecture on learners' pages."""
        if self.code and self.snapshot.controls.get(self.lecture.value, _OFF).revealed != revealed:
            self.store.set_control(self.code, self.lecture.value, revealed=revealed)
        self.refresh()

    def set_lock(self, locked: bool) -> None:
        """Lock (or unlock) the chosen exercise on every learner's page."""
        section = self.section.value
        if self.code and section and self.snapshot.controls.get(section, _OFF).locked != locked:
            self.store.set_control(self.code, section, locked=locked)
        self.refresh()

    def reset_round(self) -> None:
        """A new round of the chosen exercise: the class view starts empty (learners keep
        their own work; what they save from now on counts)."""
        section = self.section.value
        if self.code and section:
            self.store.set_control(self.code, section, new_round=True)
            self.message.show_info("live.trainer.reset_done")
        self.refresh()

    def hide_entry(self) -> None:
        """Hide the chosen free text on the projector and on learners' pages."""
        chosen = self.entry.value
        if self.code and chosen:
            learner, section, item = chosen
            self.store.hide(self.code, learner, section, item)
        self.refresh()

    def unhide_all(self) -> None:
        """Show every hidden text again."""
        if self.code:
            for learner, section, item in self.snapshot.hidden:
                self.store.hide(self.code, learner, section, item, hidden=False)
        self.refresh()

    def labels(self) -> dict[str, str]:
        """How the class view names each learner: their name when the trainer shows names,
        else a number by order of joining (the projector never shows an id)."""
        members = self.snapshot.members
        info = self.snapshot.info
        if info is not None and info.show_names:
            return {m.learner: m.name for m in members}
        return {m.learner: f"#{i}" for i, m in enumerate(members, start=1)}

    # ------------------------------------------------------------ state down
    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                snapshot = read_snapshot(self.store, self.code)
            except Exception:
                log.warning("trainer page: reading the class failed", exc_info=True)
                continue
            call_soon(lambda snapshot=snapshot: self._draw(snapshot))

    def refresh(self) -> None:
        """Read the class now and draw it."""
        self._draw(read_snapshot(self.store, self.code))

    def _draw(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        info = snapshot.info
        self.code = info.code if info and info.closed is None else None
        if info is not None and info.closed is not None:
            self.code = None
        running = self.code is not None
        show(self.start_button, not running)
        show(self.end_button, running)
        show(self.names, running)
        show(self.controls_bar, running)
        show(self.exports, snapshot.answers)
        if running:
            assign(self.names, "value", bool(info.show_names))
            if info.lecture in {value for _label, value in self._lecture_options()}:
                assign(self.lecture, "value", info.lecture)
        self._draw_join(info if running else None)
        self._draw_roster(snapshot if running else Snapshot())
        self._draw_controls()
        self._draw_board()

    def _draw_join(self, info: ClassInfo | None) -> None:
        if info is None:
            self.join.value = ""
            return
        base = self.public_url
        link = join_url(base, info.code) if base else f"{HOME}?{urlencode({'class': info.code})}"
        qr = qr_svg(link) if base else ""
        self.join.value = (
            '<div class="cx-join">'
            f'<div class="cx-join-qr" role="img" aria-label="{_e(i18n.t("live.trainer.qr"))}">'
            f"{qr}</div>"
            '<div class="cx-join-text">'
            f'<div class="cx-join-label">{_e(i18n.t("live.trainer.code"))}</div>'
            f'<div class="cx-join-code" data-code="{_e(info.code)}">{_e(info.code)}</div>'
            f'<div class="cx-join-label">{_e(i18n.t("live.trainer.link"))}</div>'
            f'<div class="cx-join-link"><a href="{_e(link)}">{_e(link)}</a></div>'
            "</div></div>"
        )

    def _draw_roster(self, snapshot: Snapshot) -> None:
        members = snapshot.members
        connected = sum(member.connected() for member in members)
        count = i18n.t("live.trainer.count", joined=len(members), connected=connected)
        chips = ""
        if snapshot.info is not None and snapshot.info.show_names:
            chips = "".join(
                f'<span class="cx-member{" cx-member-on" if m.connected() else ""}">'
                f"{_e(m.name)}</span>" for m in members
            )
        self.roster.value = (
            f'<div class="cx-roster-count" data-joined="{len(members)}" '
            f'data-connected="{connected}">{_e(count)}</div>'
            f'<div class="cx-roster-names">{chips}</div>'
        )

    def _draw_controls(self) -> None:
        lecture = self.lecture.value
        spec = DASHBOARDS.get(lecture)
        sections = list(spec.sections) if spec else []
        common.set_options(self.section, [(_section_title(lecture, s), s) for s in sections])
        if sections and self.section.value not in sections:
            self.section.value = sections[0]
        controls = self.snapshot.controls
        assign(self.reveal, "value", controls.get(lecture, _OFF).revealed)
        section = self.section.value
        assign(self.lock, "value", bool(section) and controls.get(section, _OFF).locked)
        for widget in (self.section, self.lock, self.reset_button):
            show(widget, bool(sections))
        self.reveal.description = i18n.t("live.trainer.revealed" if self.reveal.value
                                         else "live.trainer.reveal")
        self.lock.description = i18n.t("live.trainer.locked" if self.lock.value
                                       else "live.trainer.lock")

    def _draw_board(self) -> None:
        lecture = self.lecture.value
        if lecture not in self.dashboards:
            self.dashboards[lecture] = ClassDashboard(lecture)
        dashboard = self.dashboards[lecture]
        if tuple(self.board.children) != (dashboard.widget,):
            self.board.children = [dashboard.widget]
        labels = self.labels()
        if self.code:
            dashboard.show(self.snapshot.answers, self.snapshot.hidden, labels)
        self._draw_moderation(dashboard, labels)
        shown = (lecture, i18n.get_language())
        if getattr(self, "_notes_shown", None) == shown:
            return  # the poll redraws every second; the notes change with lecture or language
        self._notes_shown = shown
        from ...classroom import notes

        try:
            self.notes.value = notes.notes_html(lecture)
        except Exception:  # notes of a lecture not written yet: the page works without them
            log.warning("trainer notes of %s unavailable", lecture, exc_info=True)
            self.notes.value = ""

    def _draw_moderation(self, dashboard: ClassDashboard, labels: dict[str, str]) -> None:
        """The free texts the trainer may hide (lectures with texts only)."""
        by_label = {label: learner for learner, label in labels.items()}
        entries = dashboard.entries() if self.code else []
        options = []
        for entry in entries:
            learner = by_label.get(str(entry.get("learner")))
            if learner is None:
                continue
            text = " ".join(str(entry.get("text", "")).split())
            shown = text if len(text) <= 40 else text[:39] + "…"
            options.append((f"{entry.get('learner')}: {shown}",
                            (learner, str(entry.get("section")), str(entry.get("item")))))
        common.set_options(self.entry, options)
        if options and self.entry.value is None:
            self.entry.value = options[0][1]
        has_texts = dashboard.spec is not None and dashboard.spec.texts is not None
        show(self.moderation, has_texts and self.code)
        self.hide_button.disabled = not options
        self.unhide_button.disabled = not self.snapshot.hidden

    def _relabel(self, redraw: bool = False) -> None:
        self.title.value = f"<h2>{_e(i18n.t('live.trainer.title'))}</h2>"
        if self.language.value != i18n.get_language():
            self.language.value = i18n.get_language()
        if not self.allowed:
            self.refused.value = (f'<div class="cx-msg cx-msg-error" role="alert">'
                                  f'{_e(i18n.t("live.trainer.refused"))}</div>')
            return
        self.start_button.description = i18n.t("live.trainer.start")
        self.end_button.description = i18n.t("live.trainer.end")
        self.names.description = i18n.t("live.trainer.names")
        self.reset_button.description = i18n.t("live.trainer.reset")
        self.hide_button.description = i18n.t("live.trainer.hide")
        self.unhide_button.description = i18n.t("live.trainer.unhide")
        self.entry.description = i18n.t("live.trainer.entry")
        common.set_options(self.lecture, self._lecture_options())
        self.lecture.description = i18n.t("live.trainer.lecture")
        self.section.description = i18n.t("live.trainer.section")
        if redraw:
            for dashboard in self.dashboards.values():
                dashboard.redraw()
            self._draw(self.snapshot)
        else:
            self._draw_controls()
            self._draw_join(self.snapshot.info if self.code else None)
            self._draw_roster(self.snapshot if self.code else Snapshot())

    def close(self) -> None:
        """Stop following the class."""
        stop = getattr(self, "_stop", None)
        if stop is not None:
            stop.set()
        self._unlisten()


class _Off:
    revealed = False
    locked = False
    round = 0


_OFF = _Off()


def _section_title(lecture: str, section: str) -> str:
    """The exercise's name in the trainer's notes, else its section code."""
    from ...classroom import notes

    try:
        for exercise in notes.notes(lecture).exercises:
            if exercise.section == section:
                return i18n.t(exercise.title_key)
    except Exception:  # notes not written for this lecture
        log.debug("no notes for %s", lecture, exc_info=True)
    return section


def _e(text: Any) -> str:
    return html.escape(str(text))


def page() -> widgets.Widget:
    """The trainer page's widget (the notebook displays it)."""
    return TrainerPage().widget

