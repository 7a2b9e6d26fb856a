"""Exercise 1 of lecture 04: the journey map editor (stages and touchpoints).

The journey itself is the page's shared :class:`~.state.JourneyState` (saved to
``04/journey``); this exercise's own state is only what is selected::

    {"stage": None | stage id, "touchpoint": None | touchpoint id}
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import i18n, spreadsheet
from ... import journey as J
from ...errors import CXError
from .. import common
from ..exercise import assign
from ..layouts import set_layout
from . import controls as ui
from .html import esc, overview_html
from .state import JourneyExercise


def _typed(widget: widgets.Text | widgets.Textarea, text: str) -> None:
    """Show ``text`` in a box the learner may be typing in (their spaces at the edges stay)."""
    if widget.value.strip() != text:
        widget.value = text


class JourneyEditor(JourneyExercise):
    """Exercise 1: stages and touchpoints (name, kind, senses, note, tag).

    Add, rename, reorder and delete stages and touchpoints; start from the sample
    broadband journey or from the seven empty default stages; undo any step; import
    or download the journey as a table.
    """

    section = ""  # the journey is saved by the shared state; the selection is not saved
    title_key = "journey.editor.exercise"
    name = "journey-editor"

    def initial_state(self) -> dict[str, Any]:
        return {"stage": None, "touchpoint": None}

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        # Whole journey.
        self.title = widgets.Text(continuous_update=True)
        self.title.add_class("cx-journey-title")
        ui.described(self, self.title, "journey.editor.title_label")
        self.translate(self.title, "placeholder", "journey.editor.title_placeholder")
        set_layout(self.title, width="26rem")
        self.on_change(self.title, self._title_changed)
        self.sample_button = ui.button(
            self, "journey.editor.sample", "cx-journey-sample", self._start_sample, "map"
        )
        self.blank_button = ui.button(
            self, "journey.editor.blank", "cx-journey-blank", self._start_blank, "file-o"
        )
        self.undo_button = ui.button(
            self, "journey.editor.undo", "cx-journey-undo", self._undo, "undo"
        )
        # Stages.
        self.stage_select = widgets.Select(rows=8)
        self.stage_select.add_class("cx-journey-stages")
        set_layout(self.stage_select, width="18rem")
        self.on_change(self.stage_select, lambda stage: self.update(stage=stage, touchpoint=None))
        self.stage_name = widgets.Text(continuous_update=True)
        self.stage_name.add_class("cx-journey-stage-name")
        set_layout(self.stage_name, width="18rem")
        ui.described(self, self.stage_name, "journey.editor.stage_name")
        self.on_change(self.stage_name, self._stage_renamed)
        self.add_stage = ui.button(
            self, "journey.editor.add_stage", "cx-journey-add-stage", self._add_stage, "plus"
        )
        self.stage_up = ui.button(
            self,
            "journey.editor.up",
            "cx-journey-stage-up",
            lambda: self._move_stage(-1),
            "arrow-up",
            icon_only=True,
        )
        self.stage_down = ui.button(
            self,
            "journey.editor.down",
            "cx-journey-stage-down",
            lambda: self._move_stage(1),
            "arrow-down",
            icon_only=True,
        )
        self.stage_delete = ui.button(
            self,
            "journey.editor.delete_stage",
            "cx-journey-stage-delete",
            self._delete_stage,
            "trash",
        )
        # Touchpoints.
        self.tp_select = widgets.Select(rows=8)
        self.tp_select.add_class("cx-journey-touchpoints")
        set_layout(self.tp_select, width="17rem")
        self.on_change(self.tp_select, lambda tp: self.update(touchpoint=tp))
        self.tp_name = widgets.Text(continuous_update=True)
        self.tp_name.add_class("cx-journey-tp-name")
        ui.described(self, self.tp_name, "journey.editor.tp_name")
        self.on_change(self.tp_name, lambda value: self._tp_field("name", value, typing=True))
        self.tp_kind = widgets.Dropdown(options=ui.kind_options())
        self.tp_kind.add_class("cx-journey-tp-kind")
        ui.described(self, self.tp_kind, "journey.editor.tp_kind")
        self.on_change(self.tp_kind, self._kind_changed)
        self.tp_senses = {sense: widgets.ToggleButton(value=False) for sense in J.SENSES}
        for sense, toggle in self.tp_senses.items():
            toggle.add_class("cx-journey-sense")
            toggle.add_class(f"cx-journey-sense-{sense}")
            set_layout(toggle, width="auto", flex="0 0 auto")
            self.translate(toggle, "description", f"journey.sense.{sense}")
            self.on_change(toggle, lambda _value: self._senses_changed())
        self.tp_tag = widgets.ToggleButtons(
            options=ui.tag_options(), style={"button_width": "auto"}
        )
        self.tp_tag.add_class("cx-journey-tp-tag")
        self.on_change(self.tp_tag, lambda value: self._tp_field("tag", value))
        self.tp_note = widgets.Textarea(rows=2, continuous_update=True)
        self.tp_note.add_class("cx-journey-tp-note")
        ui.described(self, self.tp_note, "journey.editor.tp_note")
        self.translate(self.tp_note, "placeholder", "journey.editor.tp_note_placeholder")
        set_layout(self.tp_note, width="22rem")
        self.on_change(self.tp_note, self._note_typed)
        # The note's limit is shown, and a longer note is refused with a message (never cut).
        self.note_count = widgets.HTML()
        self.note_count.add_class("cx-journey-note-count")
        self.add_tp = ui.button(
            self, "journey.editor.add_tp", "cx-journey-add-tp", self._add_touchpoint, "plus"
        )
        self.tp_up = ui.button(
            self,
            "journey.editor.up",
            "cx-journey-tp-up",
            lambda: self._move_touchpoint(-1),
            "arrow-up",
            icon_only=True,
        )
        self.tp_down = ui.button(
            self,
            "journey.editor.down",
            "cx-journey-tp-down",
            lambda: self._move_touchpoint(1),
            "arrow-down",
            icon_only=True,
        )
        self.tp_delete = ui.button(
            self,
            "journey.editor.delete_tp",
            "cx-journey-tp-delete",
            self._delete_touchpoint,
            "trash",
        )
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

        stage_box = widgets.VBox(
            [
                self.text("journey.editor.stages", css="cx-journey-heading"),
                self.stage_select,
                self.stage_name,
                ui.row(self.add_stage, self.stage_up, self.stage_down, self.stage_delete),
            ]
        )
        stage_box.add_class("cx-journey-stage-box")
        set_layout(stage_box, width="20rem", margin="0 1rem 0 0")
        form = widgets.VBox(
            [
                self.tp_name,
                self.tp_kind,
                ui.row(
                    self.text("journey.editor.tp_senses", css="cx-journey-label"),
                    *self.tp_senses.values(),
                ),
                ui.row(self.text("journey.editor.tp_tag", css="cx-journey-label"), self.tp_tag),
                self.tp_note,
                self.note_count,
            ]
        )
        form.add_class("cx-journey-tp-form")
        tp_box = widgets.VBox(
            [
                self.text("journey.editor.touchpoints", css="cx-journey-heading"),
                widgets.HBox([self.tp_select, form]),
                ui.row(self.add_tp, self.tp_up, self.tp_down, self.tp_delete),
            ]
        )
        tp_box.add_class("cx-journey-tp-box")
        return [
            self.text("journey.editor.intro", css="cx-journey-intro"),
            ui.row(self.title, self.sample_button, self.blank_button, self.undo_button),
            self.message,
            widgets.HBox([stage_box, tp_box]),
            self.overview,
            ui.row(self.upload, self.download),
        ]

    def relabel(self) -> None:
        common.set_options(self.tp_kind, ui.kind_options())
        common.set_options(self.tp_tag, ui.tag_options())

    def loaded(self) -> None:
        if self.shared.load_error is not None:
            self.message.show_error(self.shared.load_error)

    def journey_changed(self, kind: str, source: Any) -> None:
        if kind not in ("values", "episode"):  # the editor shows no emotion values
            self.redraw()

    def selected_stage(self) -> J.Stage | None:
        """The stage shown in the form (the selected one, else the first)."""
        stages = self.journey.stages
        for stage in stages:
            if stage.id == self.state["stage"]:
                return stage
        return stages[0] if stages else None

    def selected_touchpoint(self) -> J.Touchpoint | None:
        """The touchpoint shown in the form (the selected one of the stage, else its first)."""
        stage = self.selected_stage()
        tps = stage.touchpoints if stage else ()
        for tp in tps:
            if tp.id == self.state["touchpoint"]:
                return tp
        return tps[0] if tps else None

    def draw(self) -> None:
        journey = self.journey
        _typed(self.title, journey.title)
        stage = self.selected_stage()
        ui.choose(
            self.stage_select,
            [(f"{i + 1}. {s.name}", s.id) for i, s in enumerate(journey.stages)],
            stage.id if stage else None,
        )
        _typed(self.stage_name, stage.name if stage else "")
        for control in (
            self.stage_name,
            self.stage_up,
            self.stage_down,
            self.stage_delete,
            self.add_tp,
        ):
            assign(control, "disabled", stage is None)
        tps = stage.touchpoints if stage else ()
        tp = self.selected_touchpoint()
        ui.choose(
            self.tp_select,
            [(f"{i + 1}. {item.name}", item.id) for i, item in enumerate(tps)],
            tp.id if tp else None,
        )
        self._fill_form(tp)
        assign(self.undo_button, "disabled", not self.shared.history)
        assign(self.overview, "value", overview_html(journey))

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
            assign(control, "disabled", tp is None)
        _typed(self.tp_name, tp.name if tp else "")
        _typed(self.tp_note, tp.note if tp else "")
        self._count(self.tp_note.value)
        if tp is not None:
            assign(self.tp_kind, "value", tp.kind)
            assign(self.tp_tag, "value", tp.tag)
        for sense, toggle in self.tp_senses.items():
            assign(toggle, "value", tp is not None and sense in tp.senses)

    # ------------------------------------------------------------ events
    def _change(
        self,
        journey: J.Journey,
        kind: str = "structure",
        coalesce: str | None = None,
        typing: bool = False,
        **selection: Any,
    ) -> None:
        """An edit: select ``selection``, store the new journey (which redraws every exercise)."""
        self.message.clear()
        self.state = {**self.state, **selection}
        self.shared.update(journey, kind=kind, source=self, coalesce=coalesce, typing=typing)
        self.redraw()

    def _start_sample(self) -> None:
        self._change(J.sample_journey(i18n.get_language()), stage="s1", touchpoint=None)
        self.message.show_success("journey.editor.sample_loaded")

    def _start_blank(self) -> None:
        journey = J.starter_journey(i18n.get_language())
        journey, _ = J.add_curve(journey, ui.t("journey.curve.default_name"))
        self._change(journey, stage="s1", touchpoint=None)
        self.message.show_success("journey.editor.blank_loaded")

    def _undo(self) -> None:
        if self.shared.undo():
            self.redraw()
            self.message.show_info("journey.editor.undone")
        else:
            self.message.show_info("journey.editor.nothing_to_undo")

    def _title_changed(self, title: str) -> None:
        self._change(J.set_title(self.journey, title), kind="title", coalesce="title", typing=True)

    def _stage_renamed(self, name: str) -> None:
        stage = self.selected_stage()
        if stage is not None:
            journey = J.rename_stage(self.journey, stage.id, name)
            self._change(journey, coalesce=f"stage:{stage.id}", typing=True)

    def _add_stage(self) -> None:
        stage = self.selected_stage()
        position = self.journey.stage_index(stage.id) + 1 if stage else None
        journey = J.add_stage(self.journey, ui.t("journey.editor.new_stage"), position)
        new_id = journey.stages[position if position is not None else -1].id
        self._change(journey, stage=new_id, touchpoint=None)

    def _move_stage(self, offset: int) -> None:
        stage = self.selected_stage()
        if stage is not None:
            self._change(J.move_stage(self.journey, stage.id, offset), stage=stage.id)

    def _delete_stage(self) -> None:
        stage = self.selected_stage()
        if stage is None:
            return
        index = self.journey.stage_index(stage.id)
        journey = J.remove_stage(self.journey, stage.id)
        rest = journey.stages
        chosen = rest[min(index, len(rest) - 1)].id if rest else None
        self._change(journey, stage=chosen, touchpoint=None)
        self.message.show_info("journey.editor.deleted")

    def _add_touchpoint(self) -> None:
        stage = self.selected_stage()
        if stage is None:
            return
        tp = self.selected_touchpoint()
        position = self.journey.locate(tp.id)[1] + 1 if tp else None
        journey, new_id = J.add_touchpoint(
            self.journey,
            stage.id,
            ui.t("journey.editor.new_touchpoint"),
            kind="interpersonal",
            position=position,
        )
        self._change(journey, stage=stage.id, touchpoint=new_id)

    def _tp_field(self, field: str, value: Any, typing: bool = False) -> None:
        tp = self.selected_touchpoint()
        if tp is not None:
            journey = J.update_touchpoint(self.journey, tp.id, **{field: value})
            self._change(journey, coalesce=f"{field}:{tp.id}", typing=typing, touchpoint=tp.id)

    def _count(self, text: str) -> None:
        count = ui.t("journey.editor.note_count", count=len(text.strip()), limit=J.MAX_NOTE)
        assign(self.note_count, "value", esc(count))

    def _note_typed(self, text: str) -> None:
        self._count(text)
        self._tp_field("note", text, typing=True)

    def _kind_changed(self, kind: str) -> None:
        tp = self.selected_touchpoint()
        if tp is None:
            return
        changes: dict[str, Any] = {"kind": kind}
        if tp.senses == J.KIND_SENSES.get(tp.kind):
            changes["senses"] = J.KIND_SENSES[kind]
        self._change(J.update_touchpoint(self.journey, tp.id, **changes), touchpoint=tp.id)

    def _senses_changed(self) -> None:
        tp = self.selected_touchpoint()
        if tp is not None:
            senses = [sense for sense, toggle in self.tp_senses.items() if toggle.value]
            journey = J.update_touchpoint(self.journey, tp.id, senses=senses)
            self._change(journey, touchpoint=tp.id)

    def _move_touchpoint(self, offset: int) -> None:
        tp = self.selected_touchpoint()
        if tp is None:
            return
        journey = J.move_touchpoint(self.journey, tp.id, offset)
        stage_index, _ = journey.locate(tp.id)
        self._change(journey, stage=journey.stages[stage_index].id, touchpoint=tp.id)

    def _delete_touchpoint(self) -> None:
        tp = self.selected_touchpoint()
        if tp is not None:
            self._change(J.remove_touchpoint(self.journey, tp.id), touchpoint=None)
            self.message.show_info("journey.editor.deleted")

    def _import_table(self, frame: Any, _filename: str) -> None:
        journey = J.from_frame(frame, title=self.journey.title)
        if not journey.touchpoints():
            raise CXError("journey.error.no_touchpoints")
        if not journey.curves:
            journey, _ = J.add_curve(journey, ui.t("journey.curve.default_name"), fill=None)
        self._change(journey, stage=journey.stages[0].id, touchpoint=None)

    def _csv(self) -> bytes:
        return spreadsheet.to_csv_bytes(J.to_frame(self.journey))  # formulas escaped
