"""Lecture 10 exercise 4: take the whole workbook home as HTML, PDF and PowerPoint.

State (workbook section ``10/export``): ``{"exports": {"html"|"pdf"|"pptx": "yyyy-mm-dd hh:mm"}}``,
when each file was last made. The files come from :mod:`cxwidgets.export` (every lecture's
report section); the list above the buttons says which lectures hold work.
"""

from __future__ import annotations

import copy
import datetime as _dt
import html
from typing import Any

import ipywidgets as widgets

from ... import export, i18n
from ...course import LECTURES
from .. import common
from ..exercise import Exercise, call_soon

SECTION = "10/export"
KINDS = ("html", "pdf", "pptx")


class Export(Exercise):
    """Exercise 4: three download buttons for the whole workbook."""

    section = SECTION
    title_key = "export.title"
    name = "export"

    def initial_state(self) -> dict[str, Any]:
        return {"exports": {}}

    def clean(self, stored: Any) -> dict[str, Any]:
        exports = stored.get("exports") if isinstance(stored, dict) else None
        if not isinstance(exports, dict):
            return self.initial_state()
        return {"exports": {k: str(v) for k, v in exports.items() if k in KINDS}}

    def is_done(self) -> bool:
        return all(kind in self.state["exports"] for kind in KINDS)

    def document(self, fresh: bool = False) -> dict[str, Any]:
        """The learner's workbook document (this page's unsaved typing included); ``fresh``
        reads the file first, for what the learner's other pages saved."""
        if self.session is None:
            return {"learner": "", "sections": {}}
        if fresh:
            self.session.workbook.reload()
        return copy.deepcopy(self.session.workbook.data)

    def load(self, stored: Any) -> None:
        """Read the workbook afresh (the lectures list), follow its saves, then load."""
        if self.session is not None:
            workbook = self.session.workbook
            workbook.reload()
            if workbook is not self._watched:
                if self._unwatch is not None:
                    self._unwatch()
                self._watched = workbook
                # another exercise of this page saved: list its lecture (on the kernel thread)
                self._unwatch = workbook.on_save(lambda _status: call_soon(self._draw_contents))
                self.scope.add(lambda: self._unwatch() if self._unwatch else None)
        super().load(stored)

    def make(self, kind: str) -> bytes:
        data = export.export(self.document(fresh=True), kind)
        when = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        self.update(exports={**self.state["exports"], kind: when})
        return data

    def build(self) -> list[widgets.Widget]:
        self._watched: Any = None
        self._unwatch: Any = None
        self.contents = widgets.HTML()
        self.contents.add_class("cx-export-contents")
        self.buttons = []
        for kind in KINDS:
            button = common.DownloadButton(
                f"export.button.{kind}",
                filename=lambda kind=kind: export.filename(self.document(), kind),
                mime=export.FORMATS[kind][0],
                producer=lambda kind=kind: self.make(kind),
                name=kind,
            )
            self.buttons.append(button)
        row = widgets.HBox(self.buttons)
        row.add_class("cx-export-buttons")
        self.done = widgets.HTML()
        self.done.add_class("cx-export-done")
        return [
            self.text("export.intro", css="cx-note"),
            self.text("export.contents", css="cx-subtitle"),
            self.contents,
            row,
            self.done,
            self.message,
        ]

    def draw(self) -> None:
        self._draw_contents()
        made = [i18n.t("export.made", kind=kind.upper(), when=when)
                for kind, when in self.state["exports"].items()]
        self.done.value = "".join(f'<p class="cx-export-made">{html.escape(m)}</p>' for m in made)

    def _draw_contents(self) -> None:
        """The lectures that hold work (from the workbook in memory)."""
        sections = self.document().get("sections", {})
        rows = []
        for item in LECTURES:
            count = sum(1 for name in sections if name.startswith(f"{item.id}/"))
            if item.id == "00" or not count:
                continue
            title = f"{item.id} · {i18n.t(item.title_key)}"
            rows.append(f'<li data-lecture="{item.id}">{html.escape(title)} '
                        f'<span class="cx-muted">{html.escape(i18n.t("export.sections", n=count))}</span></li>')
        self.contents.value = f"<ul>{''.join(rows)}</ul>" if rows else (
            f'<p class="cx-muted">{html.escape(i18n.t("export.empty"))}</p>')
