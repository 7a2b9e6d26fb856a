"""Lecture 06 exercises 3 and 4: screen and score concepts, test the winner, keep the survivor.

State (workbook section ``06/concepts``)::

    {"concepts": [{"id", "key": course concept code | None, "name": str, "description": str}],
     "reference": concept id,
     "screen": {concept: {criterion: "+" | "0" | "-"}},
     "draft": {criterion: 0..100},     # the weights being typed
     "weights": {criterion: 0..100},   # the weights in use: they total 100
     "ratings": {concept: {criterion: 1..5}},
     "decisions": {concept: "continue" | "combine" | "drop"},
     "survivor": concept id | None, "focus": concept id}

Course concepts keep ``name``/``description`` empty until the learner edits them, so they
follow the language. Weights typed in ``draft`` are applied with a button: a total other
than 100 is refused with a message and the weights in use stay. The saved value adds
``results`` (score, rank, probability of ranking first); :func:`cxwidgets.screening.survivor`
reads the survivor for lectures 09 and 10. Done when a survivor is chosen.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import emot_charts, emot_html, fmt, i18n, screening
from ...errors import CXError
from .. import common
from ..exercise import assign
from ..layouts import set_layout, set_style
from ..quiz import ChoiceGroup
from .shared import LectureExercise, counter, limited, weight_boxes

SECTION = screening.SECTION
MAX_NAME = 80
MAX_DESCRIPTION = 400
MAX_CONCEPTS = 8


def _default_concept(code: str) -> dict[str, Any]:
    return {"id": code, "key": code, "name": "", "description": ""}


class Concepts(LectureExercise):
    """Exercises 3-4: Pugh screening, weighted scoring with a robustness check, the survivor."""

    section = SECTION
    title_key = "screening.title"
    name = "concepts"

    def initial_state(self) -> dict[str, Any]:
        concepts = [_default_concept(code) for code in screening.SAMPLE_CONCEPTS]
        return {
            "concepts": concepts,
            "reference": screening.REFERENCE,
            "screen": {},
            "draft": dict(screening.DEFAULT_WEIGHTS),
            "weights": dict(screening.DEFAULT_WEIGHTS),
            "ratings": {c["id"]: {k: 3 for k in screening.CRITERIA} for c in concepts},
            "decisions": {},
            "survivor": None,
            "focus": concepts[1]["id"],
        }

    def clean(self, stored: Any) -> dict[str, Any]:
        if not isinstance(stored, dict) or not isinstance(stored.get("concepts"), list):
            raise CXError("common.exercise.bad_state")
        concepts = []
        for raw in stored["concepts"][:MAX_CONCEPTS]:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                if raw["id"] in {c["id"] for c in concepts}:
                    continue
                key = raw.get("key") if raw.get("key") in screening.SAMPLE_CONCEPTS else None
                concepts.append({"id": raw["id"], "key": key,
                                 "name": str(raw.get("name") or "")[:MAX_NAME],
                                 "description": str(raw.get("description") or "")[:MAX_DESCRIPTION]})
        if len(concepts) < 2:
            raise CXError("common.exercise.bad_state")
        ids = [c["id"] for c in concepts]
        state = self.initial_state()
        state["concepts"] = concepts
        state["reference"] = stored.get("reference") if stored.get("reference") in ids else ids[0]
        screen = stored.get("screen") if isinstance(stored.get("screen"), dict) else {}
        state["screen"] = {
            cid: {k: m for k, m in marks.items() if k in screening.CRITERIA and m in screening.MARKS}
            for cid, marks in screen.items() if cid in ids and isinstance(marks, dict)
        }
        for key in ("draft", "weights"):
            raw = stored.get(key) if isinstance(stored.get(key), dict) else {}
            state[key] = {k: int(raw[k]) if isinstance(raw.get(k), int) and 0 <= raw[k] <= 100
                          else state[key][k] for k in screening.CRITERIA}
        try:
            screening.check_total(state["weights"])
        except CXError:
            state["weights"] = dict(screening.DEFAULT_WEIGHTS)
        ratings = stored.get("ratings") if isinstance(stored.get("ratings"), dict) else {}
        state["ratings"] = {
            cid: {k: (ratings.get(cid) or {}).get(k)
                  if (ratings.get(cid) or {}).get(k) in range(1, 6) else 3
                  for k in screening.CRITERIA}
            for cid in ids
        }
        decisions = stored.get("decisions") if isinstance(stored.get("decisions"), dict) else {}
        state["decisions"] = {c: d for c, d in decisions.items()
                              if c in ids and d in screening.DECISIONS}
        state["survivor"] = stored.get("survivor") if stored.get("survivor") in ids else None
        state["focus"] = stored.get("focus") if stored.get("focus") in ids else ids[0]
        return state

    # ------------------------------------------------------------ widgets
    def build(self) -> list[widgets.Widget]:
        intro = self.text("screening.intro", "cx-screen-intro")
        self.focus = widgets.Dropdown()
        self.focus.add_class("cx-screen-focus")
        set_style(self.focus, description_width="initial")
        self.translate(self.focus, "description", "screening.pick.concept")
        self.on_change(self.focus, lambda value: self.update(focus=value))
        add = self.button("screening.pick.add", "cx-screen-add", self.add_concept)
        remove = self.button("screening.pick.remove", "cx-screen-remove", self.remove_concept)
        self.concept_name = widgets.Text(continuous_update=True)
        self.concept_name.add_class("cx-screen-name")
        set_layout(self.concept_name, width="30rem")
        set_style(self.concept_name, description_width="initial")
        self.translate(self.concept_name, "description", "screening.pick.name")
        self.on_change(self.concept_name, lambda v: self.edit_concept("name", v, MAX_NAME))
        self.description = widgets.Textarea(continuous_update=True, rows=2)
        self.description.add_class("cx-screen-description")
        set_layout(self.description, width="100%")
        self.translate(self.description, "placeholder", "screening.pick.description")
        self.on_change(self.description,
                       lambda v: self.edit_concept("description", v, MAX_DESCRIPTION))
        self.description_count = widgets.HTML()
        self.reference = widgets.Dropdown()
        self.reference.add_class("cx-screen-reference-pick")
        set_style(self.reference, description_width="initial")
        self.translate(self.reference, "description", "screening.pick.reference")
        self.on_change(self.reference, lambda value: self.update(reference=value))
        # screening marks and ratings of the focused concept
        self.marks: dict[str, ChoiceGroup] = {}
        self.rates: dict[str, ChoiceGroup] = {}
        mark_rows, rate_rows = [], []
        for code in screening.CRITERIA:
            mark = ChoiceGroup()
            mark.add_class("cx-screen-mark")
            mark.add_class(f"cx-screen-mark-{code}")
            self.on_change(mark, lambda value, code=code: self.set_mark(code, value))
            self.marks[code] = mark
            rate = ChoiceGroup()
            rate.add_class("cx-screen-rate")
            rate.add_class(f"cx-screen-rate-{code}")
            self.on_change(rate, lambda value, code=code: self.set_rating(code, value))
            self.rates[code] = rate
            mark_rows.append(widgets.HBox([self.text(f"screening.criterion.{code}", "cx-screen-crit"),
                                           mark], layout={"align_items": "center"}))
            rate_rows.append(widgets.HBox([self.text(f"screening.criterion.{code}", "cx-screen-crit"),
                                           rate], layout={"align_items": "center"}))
        self.pugh = widgets.HTML()
        self.pugh.add_class("cx-screen-pugh")
        # weights
        self.weight_boxes = weight_boxes(self, screening.CRITERIA, "cx-screen-weight",
                                         "screening.criterion", self.set_draft, "15rem")
        self.total = widgets.HTML()
        self.total.add_class("cx-screen-total")
        apply = self.button("screening.pick.apply", "cx-screen-apply", self.apply_weights)
        self.in_use = widgets.HTML()
        self.in_use.add_class("cx-screen-in-use")
        self.decision = ChoiceGroup()
        self.decision.add_class("cx-screen-decision")
        self.on_change(self.decision, self.decide)
        self.scores = widgets.HTML()
        self.scores.add_class("cx-screen-scores")
        self.chart = common.ChartView(label_key="screening.chart.p_title")
        self._chart_key: tuple | None = None
        self.survivor = widgets.Dropdown()
        self.survivor.add_class("cx-screen-survivor-pick")
        set_style(self.survivor, description_width="initial")
        self.translate(self.survivor, "description", "screening.pick.survivor")
        self.on_change(self.survivor, lambda value: self.update(survivor=value))
        self.outcome = widgets.HTML()
        self.outcome.add_class("cx-screen-outcome")

        def wrap(*children: widgets.Widget) -> widgets.HBox:
            return widgets.HBox(list(children), layout={"flex_flow": "row wrap",
                                                        "align_items": "center"})

        return [
            intro,
            self.text("screening.step.concepts", "cx-emot-subtitle"),
            wrap(self.focus, add, remove), self.concept_name, self.description,
            self.description_count, self.reference,
            self.text("screening.step.screen", "cx-emot-subtitle"), *mark_rows, self.pugh,
            self.text("screening.step.weights", "cx-emot-subtitle"),
            wrap(*self.weight_boxes.values()), wrap(self.total, apply), self.message, self.in_use,
            self.text("screening.step.rate", "cx-emot-subtitle"), *rate_rows,
            wrap(self.text("screening.pick.decision", "cx-screen-crit"), self.decision),
            self.scores, self.chart,
            self.text("screening.step.survivor", "cx-emot-subtitle"), self.survivor, self.outcome,
        ]

    def relabel(self) -> None:
        for code in screening.CRITERIA:
            name = i18n.t(f"screening.criterion.{code}")
            self.marks[code].options = [[i18n.t(f"screening.mark.{m}"), m] for m in screening.MARKS]
            self.marks[code].label = i18n.t("screening.pick.mark_label", criterion=name)
            self.rates[code].options = [[str(r), r] for r in range(1, 6)]
            self.rates[code].label = i18n.t("screening.pick.rate_label", criterion=name)
        self.decision.options = [[i18n.t(f"screening.decision.{d}"), d]
                                 for d in screening.DECISIONS]
        self.decision.label = i18n.t("screening.pick.decision")

    # ------------------------------------------------------------ reading
    def names(self) -> dict[str, str]:
        return {c["id"]: screening.concept_name(c) for c in self.state["concepts"]}

    def _focused(self) -> dict[str, Any]:
        return next(c for c in self.state["concepts"] if c["id"] == self.state["focus"])

    def results(self) -> tuple[Any, dict[str, float] | None]:
        """``(score frame, probability of ranking first)`` with the weights in use."""
        frame = screening.ratings_frame(self.state)
        table = screening.score(frame, self.state["weights"])
        shares = screening.robustness(frame, self.state["weights"])
        return table, {cid: float(v) for cid, v in shares.items()}

    # ------------------------------------------------------------ events
    def add_concept(self) -> None:
        if len(self.state["concepts"]) >= MAX_CONCEPTS:
            raise CXError("screening.error.too_many", limit=MAX_CONCEPTS)
        used = {c["id"] for c in self.state["concepts"]}
        number = 1
        while f"c{number}" in used:
            number += 1
        cid = f"c{number}"
        concept = {"id": cid, "key": None,
                   "name": i18n.t("screening.new_concept", number=number), "description": ""}
        ratings = {**self.state["ratings"], cid: {k: 3 for k in screening.CRITERIA}}
        self.update(concepts=[*self.state["concepts"], concept], ratings=ratings, focus=cid)

    def remove_concept(self) -> None:
        cid = self.state["focus"]
        if cid == self.state["reference"]:
            raise CXError("screening.error.remove_reference")
        if len(self.state["concepts"]) <= 2:
            raise CXError("screening.error.too_few")
        concepts = [c for c in self.state["concepts"] if c["id"] != cid]
        drop = lambda mapping: {k: v for k, v in mapping.items() if k != cid}  # noqa: E731
        self.update(
            concepts=concepts, screen=drop(self.state["screen"]), ratings=drop(self.state["ratings"]),
            decisions=drop(self.state["decisions"]), focus=concepts[0]["id"],
            survivor=None if self.state["survivor"] == cid else self.state["survivor"],
        )

    def edit_concept(self, field: str, value: Any, limit: int) -> None:
        text = limited(self, str(value), limit)
        concepts = [
            {**c, field: text} if c["id"] == self.state["focus"] else c
            for c in self.state["concepts"]
        ]
        self.update(typing=True, concepts=concepts)

    def set_mark(self, criterion: str, mark: str) -> None:
        cid = self.state["focus"]
        if cid == self.state["reference"]:
            raise CXError("screening.error.mark_reference")
        marks = {**self.state["screen"].get(cid, {}), criterion: mark}
        self.update(screen={**self.state["screen"], cid: marks})

    def set_rating(self, criterion: str, value: int) -> None:
        cid = self.state["focus"]
        ratings = {**self.state["ratings"].get(cid, {}), criterion: int(value)}
        self.update(ratings={**self.state["ratings"], cid: ratings})

    def set_draft(self, criterion: str, value: Any) -> None:
        self.update(draft={**self.state["draft"], criterion: int(value)})

    def apply_weights(self) -> None:
        screening.check_total(self.state["draft"])
        self.update(weights=dict(self.state["draft"]))
        self.message.show_success("screening.weights_applied")

    def decide(self, value: str) -> None:
        decisions = {**self.state["decisions"], self.state["focus"]: value}
        survivor = self.state["survivor"]
        if value == "drop" and survivor == self.state["focus"]:
            survivor = None
        self.update(decisions=decisions, survivor=survivor)

    # ------------------------------------------------------------ output
    def saved_value(self) -> dict[str, Any]:
        try:
            table, shares = self.results()
            results = {
                cid: {"score": float(row["score"]), "rank": int(row["rank"]),
                      "p_first": round(shares[cid], 4)}
                for cid, row in table.iterrows()
            }
        except CXError:
            results = {}
        return {**self.state, "results": results}

    def is_done(self) -> bool:
        return self.state["survivor"] is not None

    # ------------------------------------------------------------ drawing
    def draw(self) -> None:
        names = self.names()
        options = [(names[c["id"]], c["id"]) for c in self.state["concepts"]]
        common.set_options(self.focus, options)
        assign(self.focus, "value", self.state["focus"])
        common.set_options(self.reference, options)
        assign(self.reference, "value", self.state["reference"])
        concept = self._focused()
        assign(self.concept_name, "value", screening.concept_name(concept))
        assign(self.description, "value", screening.concept_description(concept))
        self.description_count.value = counter(self.description.value, MAX_DESCRIPTION)
        cid = concept["id"]
        is_reference = cid == self.state["reference"]
        for code in screening.CRITERIA:
            assign(self.marks[code], "value", "0" if is_reference
                   else self.state["screen"].get(cid, {}).get(code, "0"))
            assign(self.marks[code], "disabled", is_reference)
            assign(self.rates[code], "value", self.state["ratings"][cid][code])
            assign(self.weight_boxes[code], "value", self.state["draft"][code])
        ids = [c["id"] for c in self.state["concepts"]]
        pugh = screening.pugh(self.state["screen"], ids, screening.CRITERIA, self.state["reference"])
        self.pugh.value = emot_html.pugh_table(pugh, names, self.state["reference"])
        total = sum(self.state["draft"].values())
        kind = "success" if total == screening.TOTAL else "error"
        self.total.value = emot_html.note(i18n.t("screening.total", total=total), kind)
        self.in_use.value = emot_html.note(
            i18n.t("screening.in_use", weights=emot_html.weights_line(self.state["weights"])))
        assign(self.decision, "value", self.state["decisions"].get(cid))
        table, shares = self.results()
        self.scores.value = emot_html.score_table(
            table, shares, self.state["decisions"], names, self.state["survivor"])
        key = (tuple(shares.items()), tuple(names.items()), i18n.get_language())
        if key != self._chart_key:
            self._chart_key = key
            self.chart.show(lambda: emot_charts.first_chart(shares, names))
        keep = [(names[c], c) for c in ids if self.state["decisions"].get(c) != "drop"]
        common.set_options(self.survivor, [(i18n.t("screening.pick.no_survivor"), None), *keep])
        assign(self.survivor, "value", self.state["survivor"])
        outcome = screening.survivor({SECTION: {"value": self.state}})
        if outcome is None:
            self.outcome.value = emot_html.note(i18n.t("screening.no_survivor_yet"))
        else:
            score = fmt.number(outcome["score"], 2)
            self.outcome.value = emot_html.note(i18n.t(
                "screening.survivor_saved", name=outcome["name"], score=score), "success")
