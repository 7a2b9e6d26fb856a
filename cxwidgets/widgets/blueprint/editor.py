"""Lecture 05 exercises 1 and 2: the blueprint editor and its automatic checks.

State (workbook section ``05/blueprint``)::

    {"blueprint": Blueprint.to_dict() | None,   # None: not edited yet (the starting point is
                                                # drawn and follows the journey and language)
     "selected": step id | "",
     "previous": Blueprint.to_dict() | None,    # before the last "start from", for undo
     "new_lane": lane code}                     # lane of the next added step

Done when the saved blueprint has steps in at least three lanes and a fail point.

The board is a small, fixed set of ipywidgets whatever the number of steps: a step list
(a keyboard-operable ``Select``), buttons to add, delete and move, and one form editing the
selected step (lane, text, owner, duration, status, touchpoint, next steps, fail point with
its FMEA ratings and gap, wait point). The lane chart, the checks (each pointing at its step
by number, with why it matters) and the critical path are redrawn after every change.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ... import blueprint as B
from ... import blueprint_html, i18n
from ...errors import CXError
from .. import common
from ..exercise import Exercise
from ..layouts import set_layout, set_style
from . import state as S

RATINGS = tuple(range(B.RATING_MIN, B.RATING_MAX + 1))
TEXT_FIELDS = ("text", "owner")
FAIL_TEXTS = ("fail_text", "prevention", "recovery", "fail_owner")
FAIL_KEYS = {"fail_text": "text", "prevention": "prevention", "recovery": "recovery", "fail_owner": "owner"}


def _row(*children: widgets.Widget, css: str | None = None) -> widgets.HBox:
    """A row of controls that wraps on narrow screens (``.cx-bp-row`` in course.css)."""
    box = widgets.HBox(list(children))
    for name in ("cx-bp-row", css):
        if name:
            box.add_class(name)
    return box


def _show(widget: widgets.Widget, visible: bool) -> None:
    display = "" if visible else "none"
    if widget.layout.display != display:
        set_layout(widget, display=display)


class BlueprintEditor(Exercise):
    """Exercises 1-2: build the blueprint from the journey, edit it, see the checks."""

    section = B.SECTION
    title_key = "blueprint.editor.title"
    name = "blueprint-editor"

    def __init__(self, session: Any = None, hub: S.BlueprintHub | None = None) -> None:
        self.hub = hub or S.page_hub(session)
        super().__init__(session)

    # ------------------------------------------------------------ contract
    def initial_state(self) -> dict[str, Any]:
        return {"blueprint": None, "selected": "", "previous": None, "new_lane": "evidence"}

    def clean(self, stored: Any) -> dict[str, Any]:
        if not isinstance(stored, dict):
            raise CXError("blueprint.error.bad_json")
        state = self.initial_state()
        if stored.get("blueprint") is not None:
            state["blueprint"] = B.Blueprint.from_dict(stored["blueprint"]).to_dict()
        if stored.get("previous") is not None:
            try:
                state["previous"] = B.Blueprint.from_dict(stored["previous"]).to_dict()
            except CXError:
                state["previous"] = None
        if isinstance(stored.get("selected"), str):
            state["selected"] = stored["selected"]
        if stored.get("new_lane") in B.LANES:
            state["new_lane"] = stored["new_lane"]
        return state

    def is_done(self) -> bool:
        if self.state.get("blueprint") is None:
            return False
        blueprint = self.blueprint()
        lanes = {s.lane for s in blueprint.steps}
        return len(lanes) >= 3 and any(s.fail for s in blueprint.steps)

    # ------------------------------------------------------------ reading
    def blueprint(self) -> B.Blueprint:
        """The blueprint shown: the saved one, else the starting point (not stored yet)."""
        stored = self.state.get("blueprint")
        if stored is not None:
            return B.Blueprint.from_dict(stored)
        return S.starting_blueprint(self.session)

    def journey(self) -> Any:
        """The learner's lecture-04 journey, else the sample."""
        return S.page_journey(self.session)

    def selected(self, blueprint: B.Blueprint) -> B.Step | None:
        """The selected step (the first one when the selection is gone)."""
        ordered = blueprint.ordered()
        for step in ordered:
            if step.id == self.state.get("selected"):
                return step
        return ordered[0] if ordered else None

    # ------------------------------------------------------------ building
    def _text_field(self, key: str, handler: Callable[[str], Any]) -> widgets.Text:
        field = widgets.Text(continuous_update=True)
        set_layout(field, width="95%")
        field.add_class(f"cx-bp-{key.replace('_', '-')}")
        set_style(field, description_width="initial")
        self.translate(field, "description", f"blueprint.field.{key}")
        self.on_change(field, handler)
        return field

    def _dropdown(self, key: str, css: str, handler: Callable[[Any], Any]) -> widgets.Dropdown:
        box = widgets.Dropdown()
        box.add_class(css)
        set_style(box, description_width="initial")
        self.translate(box, "description", key)
        self.on_change(box, handler)
        return box

    def build(self) -> list[widgets.Widget]:
        self.source_line = widgets.HTML()
        self.source_line.add_class("cx-bp-source")
        self.starts = {
            kind: self.button(f"blueprint.editor.from_{kind}", f"cx-bp-from-{kind}",
                              lambda kind=kind: self._start(kind))
            for kind in ("journey", "sample", "empty")
        }
        self.undo = self.button("blueprint.editor.undo", "cx-bp-undo", self._undo)
        starts = _row(
            self.text("blueprint.editor.start", css="cx-bp-start-label"),
            *self.starts.values(),
            self.undo,
            css="cx-bp-starts",
        )

        self.steps = widgets.Select(rows=14)
        self.steps.add_class("cx-bp-steps")
        self.translate(self.steps, "tooltip", "blueprint.editor.steps")
        set_layout(self.steps, width="100%")
        self.on_change(self.steps, lambda value: self.update(selected=value or ""))
        self.new_lane = self._dropdown("blueprint.editor.new_lane", "cx-bp-new-lane",
                                       lambda value: self.update(new_lane=value))
        self.tools = {
            "add": self.button("blueprint.editor.add", "cx-bp-add", self._add),
            "delete": self.button("blueprint.editor.delete", "cx-bp-delete", self._delete),
            "earlier": self.button("blueprint.editor.earlier", "cx-bp-earlier", lambda: self._move(-1)),
            "later": self.button("blueprint.editor.later", "cx-bp-later", lambda: self._move(1)),
        }
        tools = _row(self.new_lane, *self.tools.values(), css="cx-bp-tools")
        left = widgets.VBox([self.text("blueprint.editor.steps", css="cx-bp-steps-label"), self.steps, tools])
        left.add_class("cx-bp-left")

        self.heading = widgets.HTML()
        self.heading.add_class("cx-bp-form-heading")
        self.lane = self._dropdown("blueprint.editor.lane", "cx-bp-lane", lambda v: self._edit(lane=v))
        self.fields = {
            key: self._text_field(key, self._typed(key)) for key in TEXT_FIELDS
        }
        self.duration = self._text_field("duration", self._number("duration"))
        self.status = self._dropdown("blueprint.editor.status", "cx-bp-status", lambda v: self._edit(status=v))
        self.touchpoint = self._dropdown(
            "blueprint.editor.touchpoint", "cx-bp-touchpoint", lambda v: self._edit(touchpoint=v or None)
        )
        self.links = widgets.SelectMultiple(rows=5)
        set_layout(self.links, width="95%")
        self.links.add_class("cx-bp-links")
        set_style(self.links, description_width="initial")
        self.translate(self.links, "description", "blueprint.editor.links")
        self.on_change(self.links, lambda v: self._edit(links=list(v)))

        self.is_fail = widgets.Checkbox(indent=False)
        self.is_fail.add_class("cx-bp-is-fail")
        self.translate(self.is_fail, "description", "blueprint.editor.is_fail")
        self.on_change(self.is_fail, lambda v: self._edit(fail={} if v else None))
        self.fail_fields = {key: self._text_field(key, self._fail_typed(key)) for key in FAIL_TEXTS}
        self.ratings = {
            key: self._dropdown(f"blueprint.field.{key}", f"cx-bp-{key}", self._fail_choice(key))
            for key in ("severity", "occurrence", "detection")
        }
        self.gap = self._dropdown("blueprint.editor.gap", "cx-bp-gap", self._fail_choice("gap"))
        self.fail_box = widgets.VBox(
            [
                *self.fail_fields.values(),
                self.text("blueprint.editor.fmea", css="cx-bp-fmea"),
                _row(*self.ratings.values()),
                self.gap,
            ]
        )
        self.fail_box.add_class("cx-bp-fail-box")

        self.is_wait = widgets.Checkbox(indent=False)
        self.is_wait.add_class("cx-bp-is-wait")
        self.translate(self.is_wait, "description", "blueprint.editor.is_wait")
        self.on_change(self.is_wait, lambda v: self._edit(wait={} if v else None))
        self.standard = self._text_field("standard", self._wait_number("standard"))
        self.tolerance = self._text_field("tolerance", self._wait_number("tolerance"))
        self.wait_box = _row(self.standard, self.tolerance, css="cx-bp-wait-box")

        self.step_checks = widgets.HTML()
        self.step_checks.add_class("cx-bp-step-checks")
        self.form = widgets.VBox(
            [
                self.heading,
                _row(self.lane, self.status),
                *self.fields.values(),
                _row(self.duration, self.touchpoint),
                self.links,
                self.is_fail,
                self.fail_box,
                self.is_wait,
                self.wait_box,
                self.step_checks,
            ]
        )
        self.form.add_class("cx-bp-form")
        board = widgets.HBox([left, self.form])
        board.add_class("cx-bp-board")

        self.chart = common.ChartView(label_key="blueprint.editor.chart_label")
        self.chart.add_class("cx-bp-chart")
        self.png = common.DownloadButton(
            "blueprint.editor.png", self._filename("png"), "image/png", self._png, name="blueprint-png"
        )
        self.svg = common.DownloadButton(
            "blueprint.editor.svg", self._filename("svg"), "image/svg+xml", self._svg,
            name="blueprint-svg",
        )
        self.checks = widgets.HTML()
        self.checks.add_class("cx-bp-checks")
        self.goto = self._dropdown("blueprint.check.goto", "cx-bp-goto", self._go_to)
        self._goto_steps: list[str] = []
        self.flow = widgets.HTML()
        self._drawn: tuple[Any, ...] | None = None
        return [
            self.text("blueprint.editor.intro", css="cx-bp-intro"),
            starts,
            self.source_line,
            self.message,
            board,
            _row(self.png, self.svg, css="cx-bp-exports"),
            self.chart,
            self.text("blueprint.editor.checks", css="cx-bp-checks-title"),
            self.goto,
            self.flow,
            self.checks,
        ]

    # ------------------------------------------------------------ events
    def _commit(self, blueprint: B.Blueprint, typing: bool = False, **extra: Any) -> None:
        self.update(typing=typing, blueprint=blueprint.to_dict(), **extra)

    def _current_step(self) -> tuple[B.Blueprint, B.Step]:
        blueprint = self.blueprint()
        step = self.selected(blueprint)
        if step is None:
            raise CXError("blueprint.error.no_step")
        return blueprint, step

    def _edit(self, typing: bool = False, **changes: Any) -> None:
        blueprint, step = self._current_step()
        self._commit(B.update_step(blueprint, step.id, **changes), typing=typing, selected=step.id)

    def _typed(self, key: str) -> Callable[[str], None]:
        return lambda value: self._edit(typing=True, **{key: value})

    def _number(self, key: str) -> Callable[[str], None]:
        return lambda value: self._edit(typing=True, **{key: value})

    def _fail_change(self, typing: bool, **changes: Any) -> None:
        blueprint, step = self._current_step()
        if step.fail is None:
            raise CXError("blueprint.error.no_step")
        fail = {**step.fail.to_dict(), **changes}
        self._commit(B.update_step(blueprint, step.id, fail=fail), typing=typing, selected=step.id)

    def _fail_typed(self, key: str) -> Callable[[str], None]:
        return lambda value: self._fail_change(True, **{FAIL_KEYS[key]: value})

    def _fail_choice(self, key: str) -> Callable[[int], None]:
        return lambda value: self._fail_change(False, **{key: value or None})

    def _wait_number(self, key: str) -> Callable[[str], None]:
        def change(value: str) -> None:
            blueprint, step = self._current_step()
            wait = {**(step.wait.to_dict() if step.wait else {}), key: value}
            self._commit(B.update_step(blueprint, step.id, wait=wait), typing=True, selected=step.id)

        return change

    def _go_to(self, value: str) -> None:
        """Select the step a finding points at (the dropdown lists the findings)."""
        if value:
            self.update(selected=self._goto_steps[int(value) - 1])

    def _start(self, kind: str) -> None:
        session = self.session
        if kind == "empty":
            new = B.empty_blueprint()
        elif kind == "journey" and S.has_own_journey(session):
            new = B.from_journey(S.page_journey(session), "journey")
        else:
            new = B.from_journey(S.page_journey(None), "sample")
        previous = self.state["blueprint"] or self.blueprint().to_dict()
        first = new.ordered()[0].id if new.steps else ""
        self._commit(new, previous=previous, selected=first)
        missing = kind == "journey" and new.source == "sample"
        self.message.show_info("blueprint.editor.no_journey" if missing else "blueprint.editor.replaced")

    def _undo(self) -> None:
        previous = self.state.get("previous")
        if previous is None:
            raise CXError("blueprint.error.no_undo")
        self.update(blueprint=previous, previous=None)
        self.message.show_info("blueprint.editor.restored")

    def _add(self) -> None:
        blueprint = self.blueprint()
        current = self.selected(blueprint)
        column = current.column if current is not None else 0
        new, step_id = B.add_step(
            blueprint, self.state["new_lane"], column, i18n.t("blueprint.editor.new_text")
        )
        self._commit(new, selected=step_id)
        self.message.clear()

    def _delete(self) -> None:
        blueprint, step = self._current_step()
        ordered = [s.id for s in blueprint.ordered()]
        number = blueprint.numbers()[step.id]
        position = ordered.index(step.id)
        rest = [i for i in ordered if i != step.id]
        selected = rest[min(position, len(rest) - 1)] if rest else ""
        self._commit(B.remove_step(blueprint, step.id), selected=selected)
        self.message.show_info("blueprint.editor.deleted", number=number)

    def _move(self, offset: int) -> None:
        blueprint, step = self._current_step()
        self._commit(B.move_step(blueprint, step.id, offset), selected=step.id)

    # ------------------------------------------------------------ export
    def _filename(self, extension: str) -> Callable[[], str]:
        def name() -> str:
            learner = self.session.learner if self.session is not None else "learner"
            return f"blueprint-{learner}.{extension}"

        return name

    def chart_spec(self) -> Any:
        """The styled lane chart of the blueprint shown."""
        from ... import blueprint_charts, charts

        return charts.style(blueprint_charts.blueprint_chart(self.blueprint()))

    def _png(self) -> bytes:
        from ... import charts

        return charts.to_png(self.chart_spec())

    def _svg(self) -> str:
        from ... import charts

        return charts.to_svg(self.chart_spec())

    # ------------------------------------------------------------ drawing
    def relabel(self) -> None:
        common.set_options(self.new_lane, self._lane_options())
        common.set_options(self.lane, self._lane_options())
        common.set_options(
            self.status, [(i18n.t(f"blueprint.status.{s}"), s) for s in B.STATUSES]
        )
        none = i18n.t("blueprint.none")
        for box in self.ratings.values():
            common.set_options(box, [(none, 0)] + [(str(r), r) for r in RATINGS])
        common.set_options(
            self.gap, [(none, 0)] + [(i18n.t(f"blueprint.gap.{g}"), g) for g in B.GAPS]
        )

    @staticmethod
    def _lane_options() -> list[tuple[str, str]]:
        return [(i18n.t(f"blueprint.lane.{lane}"), lane) for lane in B.LANES]

    def draw(self) -> None:
        blueprint = self.blueprint()
        journey = self.journey()
        language = i18n.get_language()
        findings = B.run_checks(blueprint, journey)
        step = self.selected(blueprint)
        self._draw_source(blueprint)
        self._draw_list(blueprint, findings, step)
        self._draw_form(blueprint, journey, findings, step, language)
        self.checks.value = blueprint_html.findings_html(findings, blueprint, journey, language)
        self._draw_goto(blueprint, findings)
        self.flow.value = blueprint_html.flow_html(B.flow(blueprint), blueprint, language)
        self.undo.disabled = self.state.get("previous") is None
        drawn = (blueprint, language)
        if drawn != self._drawn:
            self._drawn = drawn
            self.chart.show(self._chart_builder(blueprint))
        self.hub.publish(blueprint)

    @staticmethod
    def _chart_builder(blueprint: B.Blueprint) -> Callable[[], Any]:
        def build() -> Any:
            from ... import blueprint_charts, charts

            return charts.style(blueprint_charts.blueprint_chart(blueprint))

        return build

    def _draw_goto(self, blueprint: B.Blueprint, findings: list[B.Finding]) -> None:
        numbers = blueprint.numbers()
        self._goto_steps = [f.step for f in findings]
        options = [(i18n.t("blueprint.none"), "")] + [
            (
                i18n.t("blueprint.check.goto_item", number=numbers.get(f.step, ""),
                       check=i18n.t(f"blueprint.check.{f.check}.name")),
                str(n),
            )
            for n, f in enumerate(findings, start=1)
        ]
        common.set_options(self.goto, options)
        self.goto.value = ""
        _show(self.goto, bool(findings))

    def _draw_source(self, blueprint: B.Blueprint) -> None:
        source = blueprint_html.source_text(blueprint.source, i18n.get_language())
        key = "blueprint.editor.derived" if self.state.get("blueprint") is None else "blueprint.editor.source_now"
        self.source_line.value = f'<p class="cx-muted">{html.escape(i18n.t(key, source=source))}</p>'

    def _draw_list(
        self, blueprint: B.Blueprint, findings: list[B.Finding], step: B.Step | None
    ) -> None:
        numbers = blueprint.numbers()
        flagged: dict[str, int] = {}
        for finding in findings:
            flagged[finding.step] = flagged.get(finding.step, 0) + 1
        options = []
        for item in blueprint.ordered():
            label = i18n.t(
                "blueprint.step.list_label",
                number=numbers[item.id],
                lane=i18n.t(f"blueprint.lane.{item.lane}"),
                text=item.text or i18n.t("blueprint.step.untitled"),
            )
            if item.id in flagged:
                label += " " + i18n.t("blueprint.step.flag", n=flagged[item.id])
            options.append((label, item.id))
        common.set_options(self.steps, options)
        value = step.id if step is not None else None
        if self.steps.value != value:
            self.steps.value = value
        self.new_lane.value = self.state["new_lane"]

    def _draw_form(
        self,
        blueprint: B.Blueprint,
        journey: Any,
        findings: list[B.Finding],
        step: B.Step | None,
        language: str,
    ) -> None:
        _show(self.form, step is not None)
        if step is None:
            return
        numbers = blueprint.numbers()
        column = i18n.t("blueprint.editor.column", column=step.column + 1)
        self.heading.value = (
            f"<h4>{html.escape(i18n.t('blueprint.editor.form'))} "
            f"{numbers[step.id]} · {html.escape(column)}</h4>"
        )
        self.lane.value = step.lane
        self.status.value = step.status
        self._set_text(self.fields["text"], step.text)
        self._set_text(self.fields["owner"], step.owner)
        self._set_text(self.duration, blueprint_html.minutes(step.duration) if step.duration is not None else "")
        tp_options = [(i18n.t("blueprint.none"), "")] + [(tp.name, tp.id) for tp in journey.touchpoints()]
        if step.touchpoint and step.touchpoint not in {v for _l, v in tp_options}:
            tp_options.append((step.touchpoint, step.touchpoint))
        common.set_options(self.touchpoint, tp_options)
        self.touchpoint.value = step.touchpoint or ""
        link_options = [
            (f"{numbers[s.id]} · {s.text or i18n.t('blueprint.step.untitled')}", s.id)
            for s in blueprint.ordered()
            if s.id != step.id
        ]
        if list(self.links.options) != link_options:
            self.links.options = link_options
        links = tuple(i for i in step.links if i in {v for _l, v in link_options})
        if tuple(self.links.value) != links:
            self.links.value = links
        self.is_fail.value = step.fail is not None
        _show(self.fail_box, step.fail is not None)
        fail = step.fail or B.FailPoint()
        for key, field in self.fail_fields.items():
            self._set_text(field, getattr(fail, FAIL_KEYS[key]))
        for key, box in self.ratings.items():
            box.value = getattr(fail, key) or 0
        self.gap.value = fail.gap or 0
        self.is_wait.value = step.wait is not None
        _show(self.wait_box, step.wait is not None)
        if step.wait is not None:
            self._set_text(self.standard, blueprint_html.minutes(step.wait.standard))
            self._set_text(self.tolerance, blueprint_html.minutes(step.wait.tolerance))
        own = [f for f in findings if f.step == step.id]
        title = html.escape(i18n.t("blueprint.check.this_step"))
        if own:
            body = blueprint_html.findings_html(own, blueprint, journey, language, explain=False)
        else:
            body = f'<p class="cx-bp-ok">{html.escape(i18n.t("blueprint.check.this_step_ok"))}</p>'
        self.step_checks.value = f"<h5>{title}</h5>{body}"

    @staticmethod
    def _set_text(field: widgets.Text, value: str) -> None:
        """Show ``value`` unless the field already reads the same (a number typed as ``5.0``)."""
        if field.value == value:
            return
        if field.value.strip() and _same_number(field.value, value):
            return
        field.value = value


def _same_number(typed: str, value: str) -> bool:
    try:
        return float(typed.replace(",", ".")) == float(value)
    except ValueError:
        return False
