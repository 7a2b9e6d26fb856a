"""Lecture 04 exercises: journey map editor, emotion curve, peak-end, reshaping, key touchpoints, export.

All six exercises of the page share one :class:`JourneyState` (the learner's journey),
so a touchpoint added in the editor appears at once on the curve, in the analysis and
in the export. The journey is saved to the workbook section ``"04/journey"`` (the JSON
form of :class:`cxwidgets.journey.Journey`), which later lectures read.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from .. import charts, i18n, journey_charts
from .. import journey as J
from ..errors import CXError
from ..session import Session
from . import common
from .emotion_curve import EmotionCurve

JOURNEY = "04/journey"
CURVES = "04/curves"
RESHAPE = "04/reshape"
KEY = "04/key_touchpoints"
MAP = "04/journey_map"
HISTORY_LIMIT = 30
PREVIEW_DELAY = 1.2
BEFORE_SERIES = {
    "id": "before",
    "colour": "#94a3b8",
    "editable": False,
    "dashed": True,
    "marks": False,
}
AFTER_SERIES = {"id": "after", "colour": "#16a34a", "editable": False}


def _t(key: str, **params: Any) -> str:
    return i18n.t(key, **params)


def _esc(text: Any) -> str:
    return html.escape(str(text))


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}" if value else "0"


def _row(*children: widgets.Widget) -> widgets.HBox:
    """A horizontal row that wraps on narrow screens instead of squeezing its buttons."""
    box = widgets.HBox(list(children))
    box.layout.flex_flow = "row wrap"
    box.layout.align_items = "center"
    return box


def _button(
    key: str, css: str, icon: str = "", style: str = "", icon_only: bool = False
) -> widgets.Button:
    """A translated button; ``icon_only`` shows just the icon (the text stays as tooltip)."""
    button = widgets.Button(icon=icon, button_style=style)
    button.add_class(css)
    if not icon_only:
        common.translate(button, "description", key)
    common.translate(button, "tooltip", key)
    button.layout.width = "2.6rem" if icon_only else "auto"
    button.layout.flex = "0 0 auto"
    return button


def _described(widget: widgets.Widget, key: str) -> widgets.Widget:
    """Give ``widget`` a translated description shown in full (not cut to the default width)."""
    widget.style.description_width = "initial"
    common.translate(widget, "description", key)
    return widget


def _choose(selector: widgets.widget_selection._Selection, options: list[tuple[str, Any]]) -> None:
    """Set a selector's options, keeping its value if still offered, else picking the first."""
    if not options:
        selector.options = []
        return
    values = [value for _label, value in options]
    keep = selector.value if selector.value in values else values[0]
    if list(selector.options) != options:
        selector.options = options
    if selector.value != keep:
        selector.value = keep


def _kind_options() -> list[tuple[str, str]]:
    return [(_t(f"journey.kind.{kind}"), kind) for kind in J.KINDS]


def _tag_options() -> list[tuple[str, str]]:
    return [(_t(f"journey.tag.{tag}"), tag) for tag in J.TAGS]


# ---------------------------------------------------------------------------
# Shared state
# ---------------------------------------------------------------------------


class JourneyState:
    """The learner's journey, shared by the exercises of the page, with undo.

    Parameters
    ----------
    session : Session
        The page's session; the journey is read from and saved to ``"04/journey"``.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.load_error: CXError | None = None
        stored = session.workbook.get(JOURNEY)
        self.journey = self._load(stored)
        self.history: list[J.Journey] = []
        self._coalesce: str | None = None
        self._listeners: list[Callable[[str, Any], None]] = []
        i18n.on_change(self._language_changed)

    def _load(self, stored: Any) -> J.Journey:
        if stored:
            try:
                return J.Journey.from_dict(stored)
            except CXError as exc:
                self.load_error = exc
        return J.sample_journey(i18n.get_language())

    def on_change(self, callback: Callable[[str, Any], None]) -> Callable[[], None]:
        """Call ``callback(kind, source)`` after each change (kind: structure / values / title)."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def update(
        self,
        journey: J.Journey,
        kind: str = "structure",
        source: Any = None,
        undoable: bool = True,
        coalesce: str | None = None,
    ) -> None:
        """Replace the journey, save it and tell the other exercises.

        Parameters
        ----------
        journey : Journey
            The new journey.
        kind : str
            ``"structure"`` (stages/touchpoints/curves), ``"values"`` (curve values only)
            or ``"title"``.
        source : object
            The exercise making the change (told too, so it can ignore its own echo).
        undoable : bool
            Remember the previous journey for :meth:`undo`.
        coalesce : str, optional
            Consecutive changes with the same key (e.g. typing one name) undo as one.
        """
        if journey == self.journey:
            return
        if undoable and (coalesce is None or coalesce != self._coalesce):
            self.history.append(self.journey)
            del self.history[:-HISTORY_LIMIT]
        self._coalesce = coalesce if undoable else self._coalesce
        self.journey = journey
        self.save()
        self._notify(kind, source)

    def undo(self) -> bool:
        """Go back to the journey before the last editing step; False if there is none."""
        if not self.history:
            return False
        self.journey = self.history.pop()
        self._coalesce = None
        self.save()
        self._notify("structure", None)
        return True

    def save(self) -> None:
        self.session.workbook.set(
            JOURNEY, self.journey.to_dict(), done=bool(self.journey.touchpoints())
        )

    def _notify(self, kind: str, source: Any) -> None:
        for callback in list(self._listeners):
            callback(kind, source)

    def _language_changed(self, language: str) -> None:
        # The untouched sample follows the language; the learner's own journey never changes.
        if self.session.workbook.get(JOURNEY) is not None:
            return
        for other in i18n.LANGUAGES:
            if other != language and self.journey == J.sample_journey(other):
                self.journey = J.sample_journey(language)
                self._notify("structure", None)
                return


def journey_state(session: Session) -> JourneyState:
    """The page's shared :class:`JourneyState` (created on first use)."""
    state = getattr(session, "_journey_state", None)
    if state is None or state.session is not session:
        state = JourneyState(session)
        session._journey_state = state  # type: ignore[attr-defined]
    return state


def _curve_options(journey: J.Journey) -> list[tuple[str, str]]:
    return [(curve.name, curve.id) for curve in journey.curves]


# ---------------------------------------------------------------------------
# Exercise 1: journey map editor
# ---------------------------------------------------------------------------


class JourneyEditor:
    """Exercise 1: stages and touchpoints (name, kind, senses, note, tag).

    Add, rename, reorder and delete stages and touchpoints; start from the sample
    broadband journey or from the seven empty default stages; undo any step; import
    or download the journey as a table.
    """

    def __init__(self, session: Session, state: JourneyState | None = None) -> None:
        self.session = session
        self.state = state or journey_state(session)
        self._syncing = False
        self.message = common.Message()
        # Whole journey.
        self.title = widgets.Text(continuous_update=True)
        self.title.add_class("cx-journey-title")
        _described(self.title, "journey.editor.title_label")
        common.translate(self.title, "placeholder", "journey.editor.title_placeholder")
        self.title.layout.width = "26rem"
        self.sample_button = _button("journey.editor.sample", "cx-journey-sample", "map")
        self.blank_button = _button("journey.editor.blank", "cx-journey-blank", "file-o")
        self.undo_button = _button("journey.editor.undo", "cx-journey-undo", "undo")
        # Stages.
        self.stage_select = widgets.Select(rows=8)
        self.stage_select.add_class("cx-journey-stages")
        self.stage_select.layout.width = "18rem"
        self.stage_name = widgets.Text(continuous_update=True)
        self.stage_name.add_class("cx-journey-stage-name")
        _described(self.stage_name, "journey.editor.stage_name")
        self.add_stage = _button("journey.editor.add_stage", "cx-journey-add-stage", "plus")
        self.stage_up = _button(
            "journey.editor.up", "cx-journey-stage-up", "arrow-up", icon_only=True
        )
        self.stage_down = _button(
            "journey.editor.down", "cx-journey-stage-down", "arrow-down", icon_only=True
        )
        self.stage_delete = _button(
            "journey.editor.delete_stage", "cx-journey-stage-delete", "trash"
        )
        # Touchpoints.
        self.tp_select = widgets.Select(rows=8)
        self.tp_select.add_class("cx-journey-touchpoints")
        self.tp_select.layout.width = "17rem"
        self.tp_name = widgets.Text(continuous_update=True)
        self.tp_name.add_class("cx-journey-tp-name")
        _described(self.tp_name, "journey.editor.tp_name")
        self.tp_kind = widgets.Dropdown(options=_kind_options())
        self.tp_kind.add_class("cx-journey-tp-kind")
        _described(self.tp_kind, "journey.editor.tp_kind")
        self.tp_senses = {sense: widgets.ToggleButton(value=False) for sense in J.SENSES}
        for sense, toggle in self.tp_senses.items():
            toggle.add_class("cx-journey-sense")
            toggle.add_class(f"cx-journey-sense-{sense}")
            toggle.layout.width = "auto"
            toggle.layout.flex = "0 0 auto"
            common.translate(toggle, "description", f"journey.sense.{sense}")
        self.senses_label = common.label("journey.editor.tp_senses", css="cx-journey-label")
        self.tp_tag = widgets.ToggleButtons(options=_tag_options(), style={"button_width": "auto"})
        self.tp_tag.add_class("cx-journey-tp-tag")
        self.tag_label = common.label("journey.editor.tp_tag", css="cx-journey-label")
        self.tp_note = widgets.Textarea(rows=2, continuous_update=True)
        self.tp_note.add_class("cx-journey-tp-note")
        _described(self.tp_note, "journey.editor.tp_note")
        common.translate(self.tp_note, "placeholder", "journey.editor.tp_note_placeholder")
        self.tp_note.layout.width = "22rem"
        self.add_tp = _button("journey.editor.add_tp", "cx-journey-add-tp", "plus")
        self.tp_up = _button("journey.editor.up", "cx-journey-tp-up", "arrow-up", icon_only=True)
        self.tp_down = _button(
            "journey.editor.down", "cx-journey-tp-down", "arrow-down", icon_only=True
        )
        self.tp_delete = _button("journey.editor.delete_tp", "cx-journey-tp-delete", "trash")
        self.overview = widgets.HTML()
        self.overview.add_class("cx-journey-overview")
        self.upload = common.Upload(self._import_table, label_key="journey.editor.upload")
        self.download = common.DownloadButton(
            "journey.editor.download",
            "journey-map.csv",
            "text/csv",
            self._csv,
            name="journey-map.csv",
        )

        guard = lambda action: common.guarded(self.message, action)  # noqa: E731
        self.sample_button.on_click(guard(self._start_sample))
        self.blank_button.on_click(guard(self._start_blank))
        self.undo_button.on_click(guard(self._undo))
        self.add_stage.on_click(guard(self._add_stage))
        self.stage_up.on_click(guard(lambda _b: self._move_stage(-1)))
        self.stage_down.on_click(guard(lambda _b: self._move_stage(1)))
        self.stage_delete.on_click(guard(self._delete_stage))
        self.add_tp.on_click(guard(self._add_touchpoint))
        self.tp_up.on_click(guard(lambda _b: self._move_touchpoint(-1)))
        self.tp_down.on_click(guard(lambda _b: self._move_touchpoint(1)))
        self.tp_delete.on_click(guard(self._delete_touchpoint))
        self.title.observe(guard(self._title_changed), names="value")
        self.stage_select.observe(guard(self._stage_picked), names="value")
        self.stage_name.observe(guard(self._stage_renamed), names="value")
        self.tp_select.observe(guard(self._tp_picked), names="value")
        self.tp_name.observe(guard(lambda c: self._tp_field("name", c)), names="value")
        self.tp_kind.observe(guard(self._kind_changed), names="value")
        self.tp_tag.observe(guard(lambda c: self._tp_field("tag", c)), names="value")
        self.tp_note.observe(guard(lambda c: self._tp_field("note", c)), names="value")
        for toggle in self.tp_senses.values():
            toggle.observe(guard(self._senses_changed), names="value")
        self.state.on_change(self._state_changed)
        i18n.on_change(self._relabel)

        stage_box = widgets.VBox(
            [
                common.label("journey.editor.stages", css="cx-journey-heading"),
                self.stage_select,
                self.stage_name,
                _row(self.add_stage, self.stage_up, self.stage_down, self.stage_delete),
            ]
        )
        stage_box.add_class("cx-journey-stage-box")
        stage_box.layout.width = "20rem"
        stage_box.layout.margin = "0 1rem 0 0"
        self.stage_name.layout.width = "18rem"
        form = widgets.VBox(
            [
                self.tp_name,
                self.tp_kind,
                _row(self.senses_label, *self.tp_senses.values()),
                _row(self.tag_label, self.tp_tag),
                self.tp_note,
            ]
        )
        form.add_class("cx-journey-tp-form")
        tp_box = widgets.VBox(
            [
                common.label("journey.editor.touchpoints", css="cx-journey-heading"),
                widgets.HBox([self.tp_select, form]),
                _row(self.add_tp, self.tp_up, self.tp_down, self.tp_delete),
            ]
        )
        tp_box.add_class("cx-journey-tp-box")
        self.widget = common.Exercise(
            "journey.editor.exercise",
            common.label("journey.editor.intro", css="cx-journey-intro"),
            _row(self.title, self.sample_button, self.blank_button, self.undo_button),
            self.message,
            widgets.HBox([stage_box, tp_box]),
            self.overview,
            _row(self.upload, self.download),
            name="journey-editor",
        )
        if self.state.load_error is not None:
            self.message.show_error(self.state.load_error)
        self._refresh(
            select_stage=self.state.journey.stages[0].id if self.state.journey.stages else None
        )

    # ------------------------------------------------------------ helpers
    @property
    def journey(self) -> J.Journey:
        return self.state.journey

    def _update(
        self, journey: J.Journey, coalesce: str | None = None, kind: str = "structure"
    ) -> None:
        self.state.update(journey, kind=kind, source=self, coalesce=coalesce)
        self.message.clear()
        self._refresh()

    def _selected_stage(self) -> str | None:
        return self.stage_select.value

    def _selected_tp(self) -> str | None:
        return self.tp_select.value

    def _refresh(self, select_stage: str | None = None, select_tp: str | None = None) -> None:
        """Bring every control in line with the journey (without triggering edits)."""
        journey = self.journey
        self._syncing = True
        try:
            if self.title.value != journey.title:
                self.title.value = journey.title
            stage_ids = [s.id for s in journey.stages]
            stage = select_stage or self.stage_select.value
            if stage not in stage_ids:
                stage = stage_ids[0] if stage_ids else None
            options = [(f"{i + 1}. {s.name}", s.id) for i, s in enumerate(journey.stages)]
            if list(self.stage_select.options) != options:
                self.stage_select.options = options
            self.stage_select.value = stage
            current_stage = journey.stages[journey.stage_index(stage)] if stage else None
            name = current_stage.name if current_stage else ""
            if self.stage_name.value != name:
                self.stage_name.value = name
            for control in (
                self.stage_name,
                self.stage_up,
                self.stage_down,
                self.stage_delete,
                self.add_tp,
            ):
                control.disabled = current_stage is None
            tps = current_stage.touchpoints if current_stage else ()
            tp_ids = [tp.id for tp in tps]
            tp = select_tp or self.tp_select.value
            if tp not in tp_ids:
                tp = tp_ids[0] if tp_ids else None
            tp_options = [(f"{i + 1}. {item.name}", item.id) for i, item in enumerate(tps)]
            if list(self.tp_select.options) != tp_options:
                self.tp_select.options = tp_options
            self.tp_select.value = tp
            self._fill_form(journey.touchpoint(tp) if tp else None)
        finally:
            self._syncing = False
        self.overview.value = overview_html(journey)

    def _fill_form(self, tp: J.Touchpoint | None) -> None:
        controls = [
            self.tp_name,
            self.tp_kind,
            self.tp_tag,
            self.tp_note,
            self.tp_up,
            self.tp_down,
            self.tp_delete,
            *self.tp_senses.values(),
        ]
        for control in controls:
            control.disabled = tp is None
        if tp is None:
            self.tp_name.value = ""
            self.tp_note.value = ""
            for toggle in self.tp_senses.values():
                toggle.value = False
            return
        if self.tp_name.value != tp.name:
            self.tp_name.value = tp.name
        self.tp_kind.value = tp.kind
        self.tp_tag.value = tp.tag
        if self.tp_note.value != tp.note:
            self.tp_note.value = tp.note
        for sense, toggle in self.tp_senses.items():
            toggle.value = sense in tp.senses

    def _state_changed(self, kind: str, source: Any) -> None:
        if source is not self and kind != "values":
            self._refresh()

    def _relabel(self, _language: str) -> None:
        self._syncing = True
        try:
            common.set_options(self.tp_kind, _kind_options())
            common.set_options(self.tp_tag, _tag_options())
        finally:
            self._syncing = False
        self._refresh()

    # ------------------------------------------------------------ actions
    def _start_sample(self, _button: Any = None) -> None:
        self._update(J.sample_journey(i18n.get_language()))
        self._refresh(select_stage="s1")
        self.message.show_success("journey.editor.sample_loaded")

    def _start_blank(self, _button: Any = None) -> None:
        journey = J.starter_journey(i18n.get_language())
        journey, _ = J.add_curve(journey, _t("journey.curve.default_name"))
        self._update(journey)
        self._refresh(select_stage="s1")
        self.message.show_success("journey.editor.blank_loaded")

    def _undo(self, _button: Any = None) -> None:
        if self.state.undo():
            self._refresh()
            self.message.show_info("journey.editor.undone")
        else:
            self.message.show_info("journey.editor.nothing_to_undo")

    def _title_changed(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._update(J.set_title(self.journey, change["new"]), coalesce="title", kind="title")

    def _stage_picked(self, _change: dict[str, Any]) -> None:
        if not self._syncing:
            self._refresh()

    def _stage_renamed(self, change: dict[str, Any]) -> None:
        stage = self._selected_stage()
        if self._syncing or stage is None:
            return
        self._update(J.rename_stage(self.journey, stage, change["new"]), coalesce=f"stage:{stage}")

    def _add_stage(self, _button: Any = None) -> None:
        stage = self._selected_stage()
        position = self.journey.stage_index(stage) + 1 if stage else None
        journey = J.add_stage(self.journey, _t("journey.editor.new_stage"), position)
        new_id = journey.stages[position if position is not None else -1].id
        self._update(journey)
        self._refresh(select_stage=new_id)

    def _move_stage(self, offset: int) -> None:
        stage = self._selected_stage()
        if stage:
            self._update(J.move_stage(self.journey, stage, offset))
            self._refresh(select_stage=stage)

    def _delete_stage(self, _button: Any = None) -> None:
        stage = self._selected_stage()
        if stage:
            index = self.journey.stage_index(stage)
            journey = J.remove_stage(self.journey, stage)
            self._update(journey)
            if journey.stages:
                self._refresh(select_stage=journey.stages[min(index, len(journey.stages) - 1)].id)
            self.message.show_info("journey.editor.deleted")

    def _tp_picked(self, _change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            tp = self._selected_tp()
            self._fill_form(self.journey.touchpoint(tp) if tp else None)
        finally:
            self._syncing = False

    def _add_touchpoint(self, _button: Any = None) -> None:
        stage = self._selected_stage()
        if stage is None:
            return
        tp = self._selected_tp()
        position = None
        if tp:
            position = self.journey.locate(tp)[1] + 1
        journey, new_id = J.add_touchpoint(
            self.journey,
            stage,
            _t("journey.editor.new_touchpoint"),
            kind="interpersonal",
            position=position,
        )
        self._update(journey)
        self._refresh(select_stage=stage, select_tp=new_id)

    def _tp_field(self, field: str, change: dict[str, Any]) -> None:
        tp = self._selected_tp()
        if self._syncing or tp is None:
            return
        self._update(
            J.update_touchpoint(self.journey, tp, **{field: change["new"]}),
            coalesce=f"{field}:{tp}",
        )

    def _kind_changed(self, change: dict[str, Any]) -> None:
        tp = self._selected_tp()
        if self._syncing or tp is None:
            return
        old = self.journey.touchpoint(tp)
        changes: dict[str, Any] = {"kind": change["new"]}
        if old.senses == J.KIND_SENSES.get(old.kind):
            changes["senses"] = J.KIND_SENSES[change["new"]]
        self._update(J.update_touchpoint(self.journey, tp, **changes))
        self._refresh(select_tp=tp)

    def _senses_changed(self, _change: dict[str, Any]) -> None:
        tp = self._selected_tp()
        if self._syncing or tp is None:
            return
        senses = [sense for sense, toggle in self.tp_senses.items() if toggle.value]
        self._update(J.update_touchpoint(self.journey, tp, senses=senses))

    def _move_touchpoint(self, offset: int) -> None:
        tp = self._selected_tp()
        if tp:
            journey = J.move_touchpoint(self.journey, tp, offset)
            self._update(journey)
            stage_index, _ = journey.locate(tp)
            self._refresh(select_stage=journey.stages[stage_index].id, select_tp=tp)

    def _delete_touchpoint(self, _button: Any = None) -> None:
        tp = self._selected_tp()
        if tp:
            self._update(J.remove_touchpoint(self.journey, tp))
            self.message.show_info("journey.editor.deleted")

    def _import_table(self, frame: Any, _filename: str) -> None:
        journey = J.from_frame(frame, title=self.journey.title)
        if not journey.touchpoints():
            raise CXError("journey.error.no_touchpoints")
        if not journey.curves:
            journey, _ = J.add_curve(journey, _t("journey.curve.default_name"), fill=None)
        self._update(journey)
        self._refresh(select_stage=journey.stages[0].id)

    def _csv(self) -> bytes:
        return J.to_frame(self.journey).to_csv(index=False).encode("utf-8-sig")


def overview_html(journey: J.Journey) -> str:
    """A compact map: one column per stage with its touchpoints as cards (kind, senses, tag)."""
    columns = []
    for stage in journey.stages:
        cards = []
        for tp in stage.touchpoints:
            senses = _t("journey.list_separator").join(_t(f"journey.sense.{s}") for s in tp.senses)
            tag = (
                f'<span class="cx-journey-chip cx-journey-tag-{tp.tag}">{_esc(_t(f"journey.tag.{tp.tag}"))}</span>'
                if tp.tag != "none"
                else ""
            )
            note = f'<div class="cx-journey-card-note">{_esc(tp.note)}</div>' if tp.note else ""
            cards.append(
                f'<div class="cx-journey-card cx-journey-kind-{tp.kind}" data-touchpoint="{_esc(tp.id)}">'
                f'<div class="cx-journey-card-name">{_esc(tp.name)}</div>'
                f'<div class="cx-journey-card-meta">{_esc(_t(f"journey.kind.{tp.kind}"))}'
                f"{' · ' + _esc(senses) if senses else ''} {tag}</div>{note}</div>"
            )
        if not cards:
            cards.append(
                f'<div class="cx-journey-empty">{_esc(_t("journey.editor.empty_stage"))}</div>'
            )
        columns.append(
            f'<div class="cx-journey-col" data-stage="{_esc(stage.id)}">'
            f'<div class="cx-journey-col-head">{_esc(stage.name)}</div>{"".join(cards)}</div>'
        )
    return f'<div class="cx-journey-grid">{"".join(columns)}</div>{STYLE}'


STYLE = """<style>
.cx-journey-grid { display: flex; gap: 6px; overflow-x: auto; padding: 4px 0; }
.cx-journey-col { flex: 1 1 8rem; min-width: 8rem; background: #f3f6fa; border-radius: 6px; padding: 4px; }
.cx-journey-col-head { font-weight: 700; padding: 2px 4px 6px; }
.cx-journey-card { background: #fff; border: 1px solid #dbe3ec; border-left-width: 4px; border-radius: 5px;
  padding: 3px 6px; margin-bottom: 4px; font-size: 0.86rem; line-height: 1.35; }
.cx-journey-kind-physical { border-left-color: #64748b; }
.cx-journey-kind-digital { border-left-color: #2563eb; }
.cx-journey-kind-interpersonal { border-left-color: #d97706; }
.cx-journey-card-meta { color: #64748b; font-size: 0.78rem; }
.cx-journey-card-note { color: #334155; font-size: 0.78rem; }
.cx-journey-empty { color: #94a3b8; font-size: 0.8rem; padding: 4px; }
.cx-journey-chip { white-space: nowrap; color: #fff; border-radius: 8px; padding: 0 6px; font-size: 0.74rem; font-weight: 700; }
.cx-journey-tag-pain { background: #dc2626; } .cx-journey-tag-delight { background: #15803d; }
.cx-journey-tag-itch { background: #b45309; }
.cx-journey-heading { font-weight: 700; margin-top: 4px; }
.cx-journey-label { min-width: 5.5rem; padding-top: 4px; }
.cx-pe-table td, .cx-pe-table th { padding: 3px 10px; border-bottom: 1px solid #e3e8ee; text-align: left; }
.cx-pe-gauge { position: relative; height: 64px; margin: 10px 0 4px; max-width: 36rem; }
.cx-pe-axis { position: absolute; left: 0; right: 0; top: 30px; height: 2px; background: #cbd5e1; }
.cx-pe-zero { position: absolute; left: 50%; top: 20px; width: 2px; height: 22px; background: #94a3b8; }
.cx-pe-dot { position: absolute; top: 23px; width: 16px; height: 16px; margin-left: -8px; border-radius: 50%; }
.cx-pe-dot-label { position: absolute; margin-left: -4rem; width: 8rem; text-align: center; font-size: 0.82rem; }
.cx-pe-explain { background: #f8fafc; border-left: 3px solid #2563eb; padding: 6px 10px; max-width: 48rem; }
.cx-reshape-result { font-size: 1.02rem; }
.cx-reshape-row { align-items: center; gap: 6px; flex-wrap: wrap; }
.cx-key-row { align-items: center; border-bottom: 1px solid #eef1f4; padding: 2px 0; }
.cx-key-suggested { background: #fff7ed; }
.cx-key-reason { background: #e2e8f0; border-radius: 8px; padding: 0 6px; margin-right: 3px; font-size: 0.78rem; }
</style>"""


# ---------------------------------------------------------------------------
# Exercise 2: the emotion curve drawn by hand
# ---------------------------------------------------------------------------


def curve_payload(journey: J.Journey) -> dict[str, Any]:
    """What :meth:`EmotionCurve.set_data` needs to show every curve of ``journey``."""
    tps = journey.touchpoints()
    return {
        "labels": [tp.name for tp in tps],
        "values": [journey.series(curve.id) for curve in journey.curves],
        "series": [
            {"id": curve.id, "name": curve.name, "colour": curve.colour, "editable": True}
            for curve in journey.curves
        ],
        "bands": [
            {"name": b["name"], "start": b["start"], "end": b["end"]} for b in journey.bands()
        ],
        "tags": [tp.tag for tp in tps],
    }


def curve_summaries(journey: J.Journey) -> list[dict[str, Any]]:
    """Per curve: id, name, number of drawn points, average and remembered feeling."""
    out = []
    for curve in journey.curves:
        episode = journey.episode(curve.id)
        entry: dict[str, Any] = {"id": curve.id, "name": curve.name, "points": len(episode)}
        if episode:
            result = J.peak_end(J.scores_of(episode))
            entry.update(average=result.average, remembered=result.remembered)
        out.append(entry)
    return out


class EmotionCurveExercise:
    """Exercise 2: drag each touchpoint's feeling; several curves, each with its colour."""

    def __init__(self, session: Session, state: JourneyState | None = None) -> None:
        self.session = session
        self.state = state or journey_state(session)
        self._syncing = False
        self.message = common.Message()
        self.curve = EmotionCurve()
        self.curve_select = widgets.Dropdown()
        self.curve_select.add_class("cx-curve-select")
        _described(self.curve_select, "journey.curves.select")
        self.curve_name = widgets.Text(continuous_update=True)
        self.curve_name.add_class("cx-curve-name")
        _described(self.curve_name, "journey.curves.name")
        self.colour = widgets.ColorPicker(concise=True)
        self.colour.add_class("cx-curve-colour")
        self.colour.layout.width = "2.6rem"
        self.add_curve = _button("journey.curves.add", "cx-curve-add", "plus")
        self.delete_curve = _button("journey.curves.delete", "cx-curve-delete", "trash")
        guard = lambda action: common.guarded(self.message, action)  # noqa: E731
        self.curve.observe(guard(self._values_from_browser), names="values")
        self.curve_select.observe(guard(self._curve_picked), names="value")
        self.curve_name.observe(guard(self._renamed), names="value")
        self.colour.observe(guard(self._recoloured), names="value")
        self.add_curve.on_click(guard(self._add))
        self.delete_curve.on_click(guard(self._delete))
        self.state.on_change(self._state_changed)
        self.widget = common.Exercise(
            "journey.curves.exercise",
            common.label("journey.curves.intro", css="cx-journey-intro"),
            self.curve,
            _row(
                self.curve_select, self.curve_name, self.colour, self.add_curve, self.delete_curve
            ),
            self.message,
            name="emotion-curve",
        )
        self._show()

    def _show(self) -> None:
        journey = self.state.journey
        self._syncing = True
        try:
            self.curve.set_data(**curve_payload(journey))
            options = _curve_options(journey)
            _choose(self.curve_select, options)
            self._fill_curve_form()
        finally:
            self._syncing = False

    def _fill_curve_form(self) -> None:
        curve_id = self.curve_select.value
        has = curve_id is not None
        ids = [curve.id for curve in self.state.journey.curves]
        self.curve.active = ids.index(curve_id) if curve_id in ids else 0
        for control in (self.curve_name, self.colour, self.delete_curve):
            control.disabled = not has
        if has:
            curve = self.state.journey.curve(curve_id)
            if self.curve_name.value != curve.name:
                self.curve_name.value = curve.name
            self.colour.value = curve.colour

    def _state_changed(self, kind: str, source: Any) -> None:
        if source is self and kind == "values":
            return
        if kind == "values":
            self._syncing = True
            try:
                self.curve.values = curve_payload(self.state.journey)["values"]
            finally:
                self._syncing = False
        else:
            self._show()

    def _values_from_browser(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        journey = self.state.journey
        rows = change["new"]
        for curve, row in zip(journey.curves, rows, strict=False):
            if journey.series(curve.id) != row:
                journey = J.set_series(journey, curve.id, row)
        self.state.update(journey, kind="values", source=self, undoable=False)
        drawn = {"curves": [curve.id for curve in journey.curves]}
        if not self.session.workbook.is_done(CURVES) or self.session.workbook.get(CURVES) != drawn:
            self.session.workbook.set(CURVES, drawn, done=True)

    def _curve_picked(self, _change: dict[str, Any]) -> None:
        if not self._syncing:
            self._syncing = True
            try:
                self._fill_curve_form()
            finally:
                self._syncing = False

    def _renamed(self, change: dict[str, Any]) -> None:
        curve_id = self.curve_select.value
        if self._syncing or curve_id is None:
            return
        journey = J.update_curve(self.state.journey, curve_id, name=change["new"])
        self.message.clear()
        self.state.update(journey, source=self, coalesce=f"curve:{curve_id}")
        self._show()

    def _recoloured(self, change: dict[str, Any]) -> None:
        curve_id = self.curve_select.value
        if self._syncing or curve_id is None:
            return
        colour = str(change["new"])
        if not colour.startswith("#") or len(colour) != 7:
            return  # named colours from the picker's text box are ignored
        self.state.update(J.update_curve(self.state.journey, curve_id, colour=colour), source=self)
        self._show()

    def _add(self, _button: Any = None) -> None:
        journey = self.state.journey
        base = self.curve_select.value
        values = dict(journey.curve(base).values) if base else None
        name = _t("journey.curves.new_name", n=len(journey.curves) + 1)
        journey, new_id = J.add_curve(journey, name, values=values, fill=None if values else 0.0)
        self.state.update(journey, source=self)
        self._show()
        self.curve_select.value = new_id
        self.message.show_success("journey.curves.added", name=name)

    def _delete(self, _button: Any = None) -> None:
        curve_id = self.curve_select.value
        if curve_id is None:
            return
        self.state.update(J.remove_curve(self.state.journey, curve_id), source=self)
        self._show()
        self.message.show_info("journey.curves.deleted")


# ---------------------------------------------------------------------------
# Exercise 3: peak-end analysis
# ---------------------------------------------------------------------------


def gauge_html(result: J.PeakEnd, colour: str) -> str:
    """Average and remembered feeling as two dots on a -5..+5 line."""

    def left(value: float) -> str:
        return f"{(value - J.SCALE_MIN) / (J.SCALE_MAX - J.SCALE_MIN) * 100:.1f}%"

    average = _t("journey.analysis.average_dot", value=_fmt(result.average))
    remembered = _t("journey.analysis.remembered_dot", value=_fmt(result.remembered))
    return (
        f'<div class="cx-pe-gauge" role="img" aria-label="{_esc(average)}; {_esc(remembered)}">'
        '<div class="cx-pe-axis"></div><div class="cx-pe-zero"></div>'
        f'<div class="cx-pe-dot" style="left:{left(result.average)};background:#94a3b8"></div>'
        f'<div class="cx-pe-dot-label" style="left:{left(result.average)};top:0">{_esc(average)}</div>'
        f'<div class="cx-pe-dot" style="left:{left(result.remembered)};background:{colour}"></div>'
        f'<div class="cx-pe-dot-label" style="left:{left(result.remembered)};top:44px">{_esc(remembered)}</div>'
        "</div>"
    )


def analysis_html(journey: J.Journey, curve_id: str | None) -> str:
    """The peak-end table of every curve and the explanation for one of them."""
    rows = []
    drawn: dict[str, tuple[J.Curve, tuple[J.Moment, ...], J.PeakEnd]] = {}
    for curve in journey.curves:
        episode = journey.episode(curve.id)
        if not episode:
            rows.append(
                f'<tr data-curve="{_esc(curve.id)}"><td>{_esc(curve.name)}</td>'
                f'<td colspan="6">{_esc(_t("journey.analysis.not_drawn"))}</td></tr>'
            )
            continue
        r = J.peak_end(J.scores_of(episode))
        drawn[curve.id] = (curve, episode, r)
        rows.append(
            f'<tr data-curve="{_esc(curve.id)}">'
            f'<td><span style="color:{curve.colour}">●</span> {_esc(curve.name)}</td>'
            f'<td class="cx-pe-average" data-curve="{_esc(curve.id)}">{_fmt(r.average)}</td>'
            f'<td class="cx-pe-remembered" data-curve="{_esc(curve.id)}">{_fmt(r.remembered)}</td>'
            f"<td>{_fmt(r.gap)}</td>"
            f"<td>{_esc(episode[r.peak_index].name)} ({_fmt(r.peak)})</td>"
            f"<td>{_esc(episode[r.valley_index].name)} ({_fmt(r.valley)})</td>"
            f"<td>{_esc(episode[r.end_index].name)} ({_fmt(r.end)})</td></tr>"
        )
    chosen = drawn.get(curve_id or "") or next(iter(drawn.values()), None)
    if not rows:
        return f'<p class="cx-pe-empty">{_esc(_t("journey.analysis.no_curves"))}</p>'
    head = "".join(
        f"<th>{_esc(_t(f'journey.analysis.col.{c}'))}</th>"
        for c in ("curve", "average", "remembered", "gap", "peak", "valley", "end")
    )
    table = f'<table class="cx-pe-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    if chosen is None:
        return table
    curve, episode, r = chosen
    key, params = J.explain(r, [m.name for m in episode])
    explanation = (
        f'<div class="cx-pe-explain" data-curve="{_esc(curve.id)}" data-key="{_esc(key)}">'
        f"<b>{_esc(curve.name)}</b>：{_esc(_t(key, **params))}</div>"
    )
    return table + gauge_html(r, curve.colour) + explanation


class PeakEndAnalysis:
    """Exercise 3: average vs remembered feeling of each drawn curve, explained."""

    def __init__(self, session: Session, state: JourneyState | None = None) -> None:
        self.session = session
        self.state = state or journey_state(session)
        self.curve_select = widgets.Dropdown()
        self.curve_select.add_class("cx-pe-curve")
        _described(self.curve_select, "journey.analysis.explain_for")
        self.output = widgets.HTML()
        self.output.add_class("cx-pe-output")
        self.curve_select.observe(lambda _c: self.refresh(), names="value")
        self.state.on_change(lambda _kind, _source: self.refresh(options=_kind != "values"))
        i18n.on_change(lambda _lang: self.refresh())
        self.widget = common.Exercise(
            "journey.analysis.exercise",
            common.label("journey.analysis.intro", css="cx-journey-intro"),
            self.curve_select,
            self.output,
            name="peak-end",
        )
        self.refresh()

    def refresh(self, options: bool = True) -> None:
        journey = self.state.journey
        if options:
            choices = _curve_options(journey)
            _choose(self.curve_select, choices)
        self.output.value = analysis_html(journey, self.curve_select.value) + STYLE


# ---------------------------------------------------------------------------
# Exercise 4: reshaping what-if
# ---------------------------------------------------------------------------


def _moment_options(moments: tuple[J.Moment, ...]) -> list[tuple[str, str]]:
    none = [(_t("journey.reshape.none"), "")]
    return none + [(f"{i + 1}. {m.name}", m.id) for i, m in enumerate(moments)]


def _position_options(count: int, moments: tuple[J.Moment, ...]) -> list[tuple[str, int]]:
    return [
        (
            _t(
                "journey.reshape.position",
                position=i + 1,
                name=moments[i].name if i < len(moments) else "",
            ),
            i,
        )
        for i in range(count)
    ]


class ReshapeWhatIf:
    """Exercise 4: choose where to apply each of the four moves and compare the curves."""

    def __init__(self, session: Session, state: JourneyState | None = None) -> None:
        self.session = session
        self.state = state or journey_state(session)
        self._syncing = False
        saved = session.workbook.get(RESHAPE) or {}
        self.kept: dict[str, Any] | None = saved.get("kept")
        self.message = common.Message()
        self.curve_select = widgets.Dropdown()
        self.curve_select.add_class("cx-reshape-curve")
        _described(self.curve_select, "journey.reshape.curve")

        def slider(css: str, low: float, high: float, value: float) -> widgets.FloatSlider:
            control = widgets.FloatSlider(
                min=low, max=high, step=0.5, value=value, readout_format="+.1f"
            )
            control.add_class(css)
            return control

        self.peak = widgets.Dropdown()  # options filled by _fill_options
        self.peak.add_class("cx-reshape-peak")
        self.peak_amount = slider("cx-reshape-peak-amount", 0, 5, 2)
        self.valley = widgets.Dropdown()
        self.valley.add_class("cx-reshape-valley")
        self.valley_amount = slider("cx-reshape-valley-amount", 0, 8, 3)
        self.end_mode = widgets.ToggleButtons(style={"button_width": "10.5rem"})
        self.end_mode.add_class("cx-reshape-end-mode")
        self.end_name = widgets.Text(continuous_update=True)
        self.end_name.add_class("cx-reshape-end-name")
        common.translate(self.end_name, "placeholder", "journey.reshape.end_placeholder")
        self.end_value = slider("cx-reshape-end-value", -5, 5, 3)
        self.end_amount = slider("cx-reshape-end-amount", 0, 5, 1)
        self.move = widgets.Dropdown()
        self.move.add_class("cx-reshape-move")
        self.move_to = widgets.Dropdown()
        self.move_to.add_class("cx-reshape-move-to")
        self.curve = EmotionCurve()
        self.curve.add_class("cx-reshape-curve-view")
        self.result = widgets.HTML()
        self.result.add_class("cx-reshape-result")
        self.keep = _button("journey.reshape.keep", "cx-reshape-keep", "check", "success")
        self.suggest = _button("journey.reshape.suggest", "cx-reshape-suggest", "magic")
        self.kept_status = widgets.HTML()
        self.kept_status.add_class("cx-reshape-kept")
        self.labels = {
            name: common.label(f"journey.reshape.{name}", css="cx-journey-label")
            for name in (
                "peak_label",
                "valley_label",
                "end_label",
                "move_label",
                "by",
                "to",
                "felt",
            )
        }
        self.end_name_box = _row(self.end_name, self.labels["felt"], self.end_value)
        self.end_amount_box = widgets.HBox([self.end_amount])

        for control in (
            self.peak,
            self.peak_amount,
            self.valley,
            self.valley_amount,
            self.end_mode,
            self.end_name,
            self.end_value,
            self.end_amount,
            self.move,
            self.move_to,
        ):
            control.observe(common.guarded(self.message, self._changed), names="value")
        self.curve_select.observe(common.guarded(self.message, self._curve_picked), names="value")
        self.keep.on_click(common.guarded(self.message, self._keep))
        self.suggest.on_click(common.guarded(self.message, self._suggest))
        self.state.on_change(lambda kind, _source: self._journey_changed(kind))
        i18n.on_change(lambda _lang: self._relabel())

        def row(*children: widgets.Widget) -> widgets.HBox:
            box = _row(*children)
            box.add_class("cx-reshape-row")
            return box

        self.widget = common.Exercise(
            "journey.reshape.exercise",
            common.label("journey.reshape.intro", css="cx-journey-intro"),
            row(self.curve_select, self.suggest),
            row(self.labels["peak_label"], self.peak, self.labels["by"], self.peak_amount),
            row(
                self.labels["valley_label"],
                self.valley,
                common.label("journey.reshape.by"),
                self.valley_amount,
            ),
            row(self.labels["end_label"], self.end_mode),
            self.end_name_box,
            self.end_amount_box,
            row(self.labels["move_label"], self.move, self.labels["to"], self.move_to),
            self.message,
            self.curve,
            self.result,
            row(self.keep, self.kept_status),
            name="reshape",
        )
        self._relabel(initial=True)
        self._load(saved)

    # ------------------------------------------------------------ state
    def _moments(self) -> tuple[J.Moment, ...]:
        journey = self.state.journey
        curve_id = self.curve_select.value
        return journey.episode(curve_id) if curve_id else ()

    def _relabel(self, initial: bool = False) -> None:
        self._syncing = True
        try:
            options = [
                (_t("journey.reshape.end_none"), "none"),
                (_t("journey.reshape.end_strengthen"), "strengthen"),
                (_t("journey.reshape.end_add"), "add"),
            ]
            if initial:
                self.end_mode.options = options
                self.end_mode.value = "add"
            else:
                common.set_options(self.end_mode, options)
        finally:
            self._syncing = False
        if not initial:
            self._journey_changed()

    def _load(self, saved: dict[str, Any]) -> None:
        journey = self.state.journey
        self._syncing = True
        try:
            options = _curve_options(journey)
            self.curve_select.options = options
            ids = [value for _label, value in options]
            wanted = saved.get("curve_id")
            self.curve_select.value = wanted if wanted in ids else (ids[0] if ids else None)
        finally:
            self._syncing = False
        plan = None
        if saved.get("plan"):
            try:
                plan = J.Redesign.from_dict(saved["plan"])
            except CXError:
                plan = None
        self._fill_options()
        self._apply_plan(plan or J.suggest_plan(self._moments()), end_mode=saved.get("end_mode"))
        try:
            self._recompute(save=False)
        except CXError as exc:
            self.message.show_error(exc)
        self._show_kept()

    def _fill_options(self) -> None:
        moments = self._moments()
        self._syncing = True
        try:
            options = _moment_options(moments)
            for control in (self.peak, self.valley, self.move):
                common.set_options(control, options)
            _choose(self.move_to, _position_options(max(1, len(moments)), moments))
        finally:
            self._syncing = False

    def _apply_plan(self, plan: J.Redesign, end_mode: str | None = None) -> None:
        ids = {m.id for m in self._moments()}
        self._syncing = True
        try:
            self.peak.value = plan.peak_id if plan.peak_id in ids else ""
            self.peak_amount.value = plan.peak_amount
            self.valley.value = plan.valley_id if plan.valley_id in ids else ""
            self.valley_amount.value = min(plan.valley_amount, self.valley_amount.max)
            mode = end_mode or (
                "add" if plan.end_name else ("strengthen" if plan.end_amount else "add")
            )
            self.end_mode.value = mode
            self.end_name.value = plan.end_name or (
                self.end_name.value or _t("journey.reshape.end_default")
            )
            self.end_value.value = plan.end_value
            self.end_amount.value = plan.end_amount or 1.0
            self.move.value = plan.move_id if plan.move_id in ids else ""
            positions = [value for _label, value in self.move_to.options]
            self.move_to.value = plan.move_to if plan.move_to in positions else positions[-1]
        finally:
            self._syncing = False

    def plan(self) -> J.Redesign:
        """The redesign chosen in the form."""
        mode = self.end_mode.value
        return J.Redesign(
            peak_id=self.peak.value or "",
            peak_amount=self.peak_amount.value,
            valley_id=self.valley.value or "",
            valley_amount=self.valley_amount.value,
            end_name=self.end_name.value.strip() if mode == "add" else "",
            end_value=self.end_value.value,
            end_amount=self.end_amount.value if mode == "strengthen" else 0.0,
            move_id=self.move.value or "",
            move_to=int(self.move_to.value or 0),
        )

    # ------------------------------------------------------------ events
    def _journey_changed(self, kind: str = "structure") -> None:
        if kind in ("values", "title"):
            try:
                self._recompute(save=False)
            except CXError as exc:
                self.message.show_error(exc)
            return
        plan = self.plan()
        self._syncing = True
        try:
            options = _curve_options(self.state.journey)
            _choose(self.curve_select, options)
        finally:
            self._syncing = False
        self._fill_options()
        self._apply_plan(plan, end_mode=self.end_mode.value)
        try:
            self._recompute(save=False)
        except CXError as exc:
            self.message.show_error(exc)
        self._show_kept()

    def _curve_picked(self, _change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._fill_options()
        self._apply_plan(J.suggest_plan(self._moments()), end_mode=self.end_mode.value)
        self._recompute()

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._recompute()

    def _suggest(self, _button: Any = None) -> None:
        self._apply_plan(J.suggest_plan(self._moments()), end_mode="add")
        self._recompute()

    def _recompute(self, save: bool = True) -> J.RedesignResult | None:
        mode = self.end_mode.value
        self.end_name_box.layout.display = "" if mode == "add" else "none"
        self.end_amount_box.layout.display = "" if mode == "strengthen" else "none"
        moments = self._moments()
        if not moments:
            self.curve.set_data([], [], series=[])
            self.result.value = _esc(_t("journey.reshape.no_curve"))
            self.keep.disabled = True
            return None
        plan = self.plan()
        if mode == "add" and not plan.end_name:
            raise CXError("journey.error.empty_touchpoint_name")
        result = J.apply_redesign(moments, plan)
        self.message.clear()
        self.keep.disabled = False
        after = list(result.after)
        before = [m.value for m in result.before] + [None] * (len(after) - len(result.before))
        self.curve.set_data(
            [m.name for m in after],
            [before, [m.value for m in after]],
            series=[
                {**BEFORE_SERIES, "name": _t("journey.chart.before")},
                {**AFTER_SERIES, "name": _t("journey.chart.after")},
            ],
        )
        change = result.change
        moves = journey_charts.describe_plan(plan, result.before)
        self.result.value = (
            f'<div data-before="{result.before_pe.remembered:g}" data-after="{result.after_pe.remembered:g}">'
            + _esc(
                _t(
                    "journey.reshape.result",
                    before=_fmt(result.before_pe.remembered),
                    after=_fmt(result.after_pe.remembered),
                    change=_fmt(change),
                    average_before=_fmt(result.before_pe.average),
                    average_after=_fmt(result.after_pe.average),
                )
            )
            + "</div>"
            + ("<ul>" + "".join(f"<li>{_esc(m)}</li>" for m in moves) + "</ul>" if moves else "")
        )
        if save:
            self._save(plan)
        return result

    def _save(self, plan: J.Redesign) -> None:
        value = {
            "curve_id": self.curve_select.value,
            "plan": plan.to_dict(),
            "end_mode": self.end_mode.value,
            "kept": self.kept,
        }
        self.session.workbook.set(RESHAPE, value, done=self.kept is not None)

    def _keep(self, _button: Any = None) -> None:
        result = self._recompute(save=False)
        if result is None:
            return
        plan = self.plan()
        self.kept = {
            "curve_id": self.curve_select.value,
            "plan": plan.to_dict(),
            "before": [{"id": m.id, "name": m.name, "value": m.value} for m in result.before],
            "after": [{"id": m.id, "name": m.name, "value": m.value} for m in result.after],
            "remembered_before": result.before_pe.remembered,
            "remembered_after": result.after_pe.remembered,
        }
        self._save(plan)
        self._show_kept()
        self.message.show_success("journey.reshape.kept")

    def _show_kept(self) -> None:
        if not self.kept:
            self.kept_status.value = _esc(_t("journey.reshape.not_kept"))
            return
        self.kept_status.value = (
            '<span class="cx-reshape-kept-text">'
            + _esc(
                _t(
                    "journey.reshape.kept_status",
                    before=_fmt(self.kept.get("remembered_before")),
                    after=_fmt(self.kept.get("remembered_after")),
                )
            )
            + "</span>"
        )


# ---------------------------------------------------------------------------
# Exercise 5: key touchpoints
# ---------------------------------------------------------------------------


class _KeyRow:
    def __init__(self, tp_id: str, on_change: Callable[[Any], None]) -> None:
        self.tp_id = tp_id
        self.check = widgets.Checkbox(indent=False)
        self.check.add_class("cx-key-check")
        self.check.layout.width = "2rem"
        self.info = widgets.HTML()
        self.info.add_class("cx-key-info")
        self.info.layout.width = "26rem"
        self.idea = widgets.Text(continuous_update=True)
        self.idea.add_class("cx-key-idea")
        self.idea.layout.width = "28rem"
        common.translate(self.idea, "placeholder", "journey.key.idea_placeholder")
        self.box = widgets.HBox([self.check, self.info, self.idea])
        self.box.add_class("cx-key-row")
        self.box.add_class(f"cx-key-row-{tp_id}")
        self.check.observe(on_change, names="value")
        self.idea.observe(on_change, names="value")


class KeyTouchpoints:
    """Exercise 5: mark the touchpoints that matter most and write one improvement idea each.

    Saved to ``"04/key_touchpoints"`` (the E-MOT lecture starts from it).
    """

    def __init__(self, session: Session, state: JourneyState | None = None) -> None:
        self.session = session
        self.state = state or journey_state(session)
        self._syncing = False
        saved = session.workbook.get(KEY) or {}
        self.ideas: dict[str, str] = dict(saved.get("ideas") or {})
        self.checked: set[str] = {
            item["touchpoint_id"] for item in saved.get("items", []) if "touchpoint_id" in item
        }
        self.message = common.Message()
        self.curve_select = widgets.Dropdown()
        self.curve_select.add_class("cx-key-curve")
        _described(self.curve_select, "journey.key.curve")
        self.pick_suggested = _button("journey.key.pick_suggested", "cx-key-pick", "check-square-o")
        self.summary = widgets.HTML()
        self.summary.add_class("cx-key-summary")
        self.rows_box = widgets.VBox()
        self.rows: dict[str, _KeyRow] = {}
        self.suggested: dict[str, tuple[str, ...]] = {}
        self.curve_select.observe(lambda _c: self._syncing or self.refresh(), names="value")
        self.pick_suggested.on_click(common.guarded(self.message, self._pick))
        self.state.on_change(lambda kind, _source: self.refresh(options=kind != "values"))
        i18n.on_change(lambda _lang: self.refresh())
        self.widget = common.Exercise(
            "journey.key.exercise",
            common.label("journey.key.intro", css="cx-journey-intro"),
            _row(self.curve_select, self.pick_suggested),
            self.message,
            self.summary,
            self.rows_box,
            name="key-touchpoints",
        )
        wanted = saved.get("curve_id")
        self._set_curve_options(wanted)
        self.refresh(options=False)

    def _set_curve_options(self, wanted: str | None = None) -> None:
        options = _curve_options(self.state.journey)
        self._syncing = True
        try:
            _choose(self.curve_select, options)
            if wanted in [value for _label, value in options]:
                self.curve_select.value = wanted
        finally:
            self._syncing = False

    def refresh(self, options: bool = True) -> None:
        """Re-read the journey: suggestions, row texts, and the rows when touchpoints change."""
        if options:
            self._set_curve_options(self.curve_select.value)
        journey = self.state.journey
        curve_id = self.curve_select.value
        self.suggested = J.key_reasons(journey, curve_id)
        values = {}
        if curve_id:
            values = {m.id: m.value for m in journey.episode(curve_id)}
        ids = [tp.id for tp in journey.touchpoints()]
        self._syncing = True
        try:
            if list(self.rows) != ids:
                old = self.rows
                self.rows = {
                    tp_id: old.get(tp_id) or _KeyRow(tp_id, self._row_changed) for tp_id in ids
                }
                self.rows_box.children = [row.box for row in self.rows.values()]
            for stage in journey.stages:
                for tp in stage.touchpoints:
                    row = self.rows[tp.id]
                    checked = tp.id in self.checked
                    if row.check.value != checked:
                        row.check.value = checked
                    idea = self.ideas.get(tp.id, "")
                    if row.idea.value != idea:
                        row.idea.value = idea
                    if row.idea.disabled == checked:
                        row.idea.disabled = not checked
                    info = self._info(tp, stage.name, values.get(tp.id))
                    if row.info.value != info:
                        row.info.value = info
                    suggested = tp.id in self.suggested
                    if suggested != ("cx-key-suggested" in row.box._dom_classes):
                        if suggested:
                            row.box.add_class("cx-key-suggested")
                        else:
                            row.box.remove_class("cx-key-suggested")
        finally:
            self._syncing = False
        self._show_summary()
        self._resave_if_stale()

    def _resave_if_stale(self) -> None:
        """Keep the saved list's values and reasons in step with the curve (once saved)."""
        if not self.checked:
            return
        saved = self.session.workbook.get(KEY)
        if saved is not None and saved.get("items") != self.items():
            self._save()

    def _info(self, tp: J.Touchpoint, stage: str, value: float | None) -> str:
        reasons = "".join(
            f'<span class="cx-key-reason" data-reason="{r}">{_esc(_t(f"journey.reason.{r}"))}</span>'
            for r in self.suggested.get(tp.id, ())
        )
        return (
            f'<div><b>{_esc(tp.name)}</b> <span class="cx-journey-card-meta">{_esc(stage)} · {_fmt(value)}</span>'
            f"</div><div>{reasons}</div>"
        )

    def _row_changed(self, _change: dict[str, Any]) -> None:
        if self._syncing:
            return
        for tp_id, row in self.rows.items():
            if row.check.value:
                self.checked.add(tp_id)
            else:
                self.checked.discard(tp_id)
            row.idea.disabled = not row.check.value
            if row.idea.value or tp_id in self.ideas:
                self.ideas[tp_id] = row.idea.value
        self._save()
        self._show_summary()

    def _pick(self, _button: Any = None) -> None:
        if not self.suggested:
            self.message.show_info("journey.key.no_suggestions")
            return
        self.checked |= set(self.suggested)
        self.refresh(options=False)
        self._save()

    def items(self) -> list[dict[str, Any]]:
        """The marked touchpoints in journey order, with their reasons and ideas."""
        journey = self.state.journey
        curve_id = self.curve_select.value
        values = {m.id: m.value for m in journey.episode(curve_id)} if curve_id else {}
        out = []
        for stage in journey.stages:
            for tp in stage.touchpoints:
                if tp.id in self.checked:
                    out.append(
                        {
                            "touchpoint_id": tp.id,
                            "touchpoint": tp.name,
                            "stage": stage.name,
                            "kind": tp.kind,
                            "tag": tp.tag,
                            "value": values.get(tp.id),
                            "reasons": list(self.suggested.get(tp.id, ())),
                            "idea": self.ideas.get(tp.id, "").strip(),
                        }
                    )
        return out

    def _save(self) -> None:
        items = self.items()
        done = bool(items) and all(item["idea"] for item in items)
        value = {"curve_id": self.curve_select.value, "items": items, "ideas": self.ideas}
        self.session.workbook.set(KEY, value, done=done)

    def _show_summary(self) -> None:
        items = self.items()
        with_idea = sum(1 for item in items if item["idea"])
        text = _esc(
            _t(
                "journey.key.summary",
                marked=len(items),
                ideas=with_idea,
                suggested=len(self.suggested),
            )
        )
        value = f'<span data-marked="{len(items)}" data-ideas="{with_idea}">{text}</span>'
        if self.summary.value != value:
            self.summary.value = value


# ---------------------------------------------------------------------------
# Exercise 6: export journey map 1.0
# ---------------------------------------------------------------------------


class JourneyExport:
    """Exercise 6: the journey map 1.0 as one picture (preview, PNG, SVG)."""

    def __init__(self, session: Session, state: JourneyState | None = None) -> None:
        self.session = session
        self.state = state or journey_state(session)
        self.message = common.Message()
        self.preview_button = _button("journey.export.preview", "cx-export-preview", "refresh")
        self.preview = common.ChartView(label_key="journey.export.chart_label")
        self.preview.value = ""
        self.png = common.DownloadButton(
            "journey.export.png", self._filename("png"), "image/png", self._png, name="journey-png"
        )
        self.svg = common.DownloadButton(
            "journey.export.svg",
            self._filename("svg"),
            "image/svg+xml",
            self._svg,
            name="journey-svg",
        )
        self._shown = False
        self._timer: threading.Timer | None = None
        self.preview_button.on_click(common.guarded(self.message, self._show))
        self.state.on_change(lambda _kind, _source: self._schedule())
        i18n.on_change(lambda _lang: self._schedule())
        self.widget = common.Exercise(
            "journey.export.exercise",
            common.label("journey.export.intro", css="cx-journey-intro"),
            _row(self.preview_button, self.png, self.svg),
            self.message,
            self.preview,
            name="journey-export",
        )

    def _filename(self, extension: str) -> Callable[[], str]:
        return lambda: f"journey-map-{self.session.learner}.{extension}"

    def chart(self) -> Any:
        """The styled journey map chart of the current journey."""
        return charts.style(journey_charts.journey_map_chart(self.state.journey))

    def _show(self, _button: Any = None) -> None:
        if not self.state.journey.touchpoints():
            raise CXError("journey.error.no_touchpoints")
        self._shown = True
        self.message.clear()
        self.preview.show(self.chart)
        self._mark("preview")

    def _schedule(self) -> None:
        """Re-render a visible preview once the learner pauses (not on every drag step)."""
        if not self._shown:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(PREVIEW_DELAY, self._refresh_preview)
        self._timer.daemon = True
        self._timer.start()

    def _refresh_preview(self) -> None:
        if self.state.journey.touchpoints():
            self.preview.show(self.chart)

    def _png(self) -> bytes:
        data = charts.to_png(self.chart())
        self._mark("png")
        return data

    def _svg(self) -> str:
        data = charts.to_svg(self.chart())
        self._mark("svg")
        return data

    def _mark(self, what: str) -> None:
        saved = self.session.workbook.get(MAP) or {}
        done = sorted({*saved.get("exported", []), what})
        self.session.workbook.set(
            MAP, {"exported": done, "touchpoints": len(self.state.journey.touchpoints())}, done=True
        )
