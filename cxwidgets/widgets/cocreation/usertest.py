"""Lecture 10 exercise 3: the user-test table of the chosen concept.

State (workbook section ``10/usertest``): ``{"concept": str, "rows": [{"hypothesis", "test",
"metric", "result", "decision"}]}``; ``decision`` is ``keep``, ``change``, ``drop`` or ``""``.
The concept starts as the one that survived screening in lecture 06
(:func:`cxwidgets.cocreation.concept`) until the learner types their own.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import cocreation, i18n
from ..exercise import Exercise, assign
from ..layouts import set_style
from .tables import RowTable

SECTION = cocreation.USERTEST_SECTION


class UserTest(Exercise):
    """Exercise 3: hypotheses about the concept, how each is tested, and what was decided."""

    section = SECTION
    title_key = "cocreation.usertest.title"
    name = "cc-usertest"

    def initial_state(self) -> dict[str, Any]:
        return {"concept": "", "rows": [dict.fromkeys(cocreation.usertest_columns(), "")]}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        if isinstance(stored.get("concept"), str):
            state["concept"] = stored["concept"][: cocreation.NAME_LIMIT * 2]
        if "rows" in stored:
            state["rows"] = cocreation.stored_rows(stored.get("rows"),
                                                   cocreation.usertest_columns())
        return state

    def is_done(self) -> bool:
        return cocreation.usertest_done(self.state)

    def load(self, stored: Any) -> None:
        """Read lecture 06's surviving concept afresh, then load."""
        self.survivor = ""
        if self.session is not None:
            self.session.workbook.reload()
            self.survivor = cocreation.concept(self.session.workbook.sections())
        super().load(stored)
        if not self.state["concept"] and self.survivor:
            self.update(concept=self.survivor)

    # ------------------------------------------------------------ events
    def edit_concept(self, text: Any) -> None:
        text = str(text)
        limit = cocreation.NAME_LIMIT * 2
        if len(text) > limit:
            self.message.show_error("cocreation.error.text_trimmed", limit=limit,
                                    cut=len(text) - limit)
            self.update(concept=text[:limit])
            self.redraw()
            return
        self.update(typing=True, concept=text)

    def edit_rows(self, rows: Any) -> None:
        try:
            clean = cocreation.clean_rows(rows, cocreation.usertest_columns())
        except Exception:
            self.redraw()
            raise
        if self.message.kind == "error":
            self.message.clear()
        self.update(typing=len(clean) == len(self.state["rows"]), rows=clean)

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.survivor = ""
        self.concept = widgets.Text(continuous_update=True, layout={"width": "36rem"})
        self.concept.add_class("cx-cc-concept")
        self.translate(self.concept, "description", "cocreation.usertest.concept")
        self.translate(self.concept, "placeholder", "cocreation.usertest.concept_placeholder")
        set_style(self.concept, description_width="initial")
        self.on_change(self.concept, self.edit_concept)
        self.source = widgets.HTML()
        self.source.add_class("cx-cc-concept-source")
        self.table = RowTable(max_rows=cocreation.ROW_LIMIT)
        self.table.add_class("cx-cc-usertest-table")
        self.on_change(self.table, self.edit_rows, attribute="rows")
        return [
            self.text("cocreation.usertest.intro", css="cx-note"),
            self.concept,
            self.source,
            self.text("cocreation.usertest.example", css="cx-note").add_class("cx-cc-example"),
            self.table,
            self.message,
        ]

    def relabel(self) -> None:
        options = [[i18n.t(f"cocreation.decision.{d}"), d] for d in cocreation.DECISIONS]
        self.table.columns = [
            {"id": c, "label": i18n.t(f"cocreation.column.{c}"),
             "kind": "choice" if c == "decision" else "text",
             "options": options if c == "decision" else []}
            for c in cocreation.usertest_columns()
        ]
        self.table.texts = {"add": i18n.t("cocreation.table.add"),
                            "remove": i18n.t("cocreation.table.remove"),
                            "empty": i18n.t("cocreation.decision.none")}

    def draw(self) -> None:
        self.concept.value = self.state["concept"]
        assign(self.table, "rows", [dict(row) for row in self.state["rows"]])
        key = ("cocreation.usertest.from_06" if self.survivor
               else "cocreation.usertest.no_06")
        self.source.value = f'<span class="cx-muted">{i18n.t(key, name=self.survivor)}</span>'
