"""Lecture 10 exercise 1: the team board (pains -> opportunities -> ideas -> plan).

State (workbook section ``10/team``): see :mod:`cxwidgets.cocreation` (team name, three
lists of one item per line, plan rows with owner, date and measure of success).

Pains can be brought in from lectures 04-06 (:func:`cxwidgets.cocreation.pain_suggestions`,
read from the workbook when the exercise loads and again on each click). There is no live
class mode yet, so the board is the learner's own (a team shares it by presenting it).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import cocreation, i18n
from ..exercise import Exercise
from ..layouts import set_layout
from .tables import RowTable, text_area, text_count

SECTION = cocreation.BOARD_SECTION


class TeamBoard(Exercise):
    """Exercise 1: the co-creation board of the learner's team."""

    section = SECTION
    title_key = "cocreation.board.title"
    name = "cc-board"

    def initial_state(self) -> dict[str, Any]:
        return cocreation.empty_board()

    def clean(self, stored: Any) -> dict[str, Any]:
        return cocreation.clean_board(stored)

    def is_done(self) -> bool:
        return cocreation.board_done(self.state)

    # ------------------------------------------------------------ other lectures
    def _sections(self) -> dict[str, Any]:
        if self.session is None:
            return {}
        self.session.workbook.reload()
        return self.session.workbook.sections()

    def loaded(self) -> None:
        """List the pains of lectures 04-06 in the background (the readers may take a second)."""
        sections = self._sections()
        language = self._listed_in = i18n.get_language()
        self.background(lambda: cocreation.pain_suggestions(sections, language), self._found)

    def _found(self, suggestions: list[dict[str, str]]) -> None:
        self.suggestions = suggestions
        self.redraw()

    # ------------------------------------------------------------ events
    def bring_pains(self) -> None:
        self.suggestions = cocreation.pain_suggestions(self._sections())
        text = cocreation.add_pains(self.state["pains"], self.suggestions)
        if len(text) > cocreation.TEXT_LIMIT:
            self.message.show_error("cocreation.error.text_trimmed", limit=cocreation.TEXT_LIMIT,
                                    cut=len(text) - cocreation.TEXT_LIMIT)
            text = text[: cocreation.TEXT_LIMIT]
        else:
            self.message.show_info("cocreation.board.brought",
                                   n=len(cocreation.items(text)) - len(
                                       cocreation.items(self.state["pains"])))
        self.update(pains=text)

    def edit_team(self, name: Any) -> None:
        name = str(name)
        if len(name) > cocreation.NAME_LIMIT:
            self.message.show_error("cocreation.error.text_trimmed", limit=cocreation.NAME_LIMIT,
                                    cut=len(name) - cocreation.NAME_LIMIT)
            self.update(team=name[: cocreation.NAME_LIMIT])
            self.redraw()
            return
        self.update(typing=True, team=name)

    def edit_plan(self, rows: Any) -> None:
        try:
            clean = cocreation.clean_rows(rows, cocreation.plan_columns())
        except Exception:
            self.redraw()  # the browser's table goes back to what is kept
            raise
        typing = len(clean) == len(self.state["plan"])
        self.update(typing=typing, plan=clean)

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.suggestions: list[dict[str, str]] | None = None  # listed by loaded()
        self._listed_in: str | None = None
        self.team = widgets.Text(continuous_update=True, layout={"width": "24rem"})
        self.team.add_class("cx-cc-team")
        self.translate(self.team, "placeholder", "cocreation.board.team_placeholder")
        self.translate(self.team, "description", "cocreation.board.team")
        self.on_change(self.team, self.edit_team)
        self.areas: dict[str, tuple[widgets.Textarea, widgets.HTML]] = {}
        columns = []
        for key in cocreation.LISTS:
            area, count = text_area(self, key, cocreation.TEXT_LIMIT, f"cx-cc-{key}",
                                    f"cocreation.board.{key}_placeholder", rows=6)
            self.areas[key] = (area, count)
            column = widgets.VBox([self.text(f"cocreation.board.{key}", css="cx-subtitle"),
                                   area, count])
            column.add_class("cx-cc-column")
            columns.append(column)
        lists = widgets.HBox(columns)
        lists.add_class("cx-cc-lists")
        self.bring = self.button("cocreation.board.bring", "cx-cc-bring", self.bring_pains)
        set_layout(self.bring, width="auto")
        self.sources = widgets.HTML()
        self.sources.add_class("cx-cc-sources")
        self.plan = RowTable(max_rows=cocreation.ROW_LIMIT)
        self.plan.add_class("cx-cc-plan")
        self.on_change(self.plan, self.edit_plan, attribute="rows")
        return [
            self.text("cocreation.board.intro", css="cx-note"),
            self.text("cocreation.board.individual", css="cx-note").add_class("cx-cc-individual"),
            self.team,
            widgets.HBox([self.bring, self.sources]),
            lists,
            self.text("cocreation.board.plan", css="cx-subtitle"),
            self.text("cocreation.board.plan_hint", css="cx-note"),
            self.plan,
            self.message,
        ]

    def relabel(self) -> None:
        if self.session is not None and self._listed_in not in (None, i18n.get_language()):
            self.loaded()  # the sample's pain names in the new language
        self.plan.columns = [
            {"id": c, "label": i18n.t(f"cocreation.column.{c}"),
             "kind": "date" if c == "date" else "text", "options": []}
            for c in cocreation.plan_columns()
        ]
        self.plan.texts = {"add": i18n.t("cocreation.table.add"),
                           "remove": i18n.t("cocreation.table.remove"), "empty": ""}

    def draw(self) -> None:
        self.team.value = self.state["team"]
        for key, (area, count) in self.areas.items():
            area.value = self.state[key]
            count.value = text_count(len(area.value), cocreation.TEXT_LIMIT)
        self.plan.rows = [dict(row) for row in self.state["plan"]]
        if self.suggestions is None:
            self.sources.value = ""
            return
        names = [
            f'<li data-source="{html.escape(s["source"])}">{html.escape(s["text"])} '
            f'<span class="cx-muted">({html.escape(i18n.t("cocreation.source." + s["source"]))})'
            "</span></li>"
            for s in self.suggestions
        ]
        self.sources.value = (f'<details><summary>{html.escape(i18n.t("cocreation.board.found", n=len(names)))}'
                              f'</summary><ul>{"".join(names)}</ul></details>')
