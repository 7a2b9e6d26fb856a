"""Lecture 03 exercise 1: answer the KANO question pair for each feature.

The reference exercise of the contract (``cxwidgets.widgets.exercise``): one JSON state,
views drawn from it, learner events that change it.

State (workbook section ``03/kano_questionnaire``)::

    {"features": None | ["...", ...],   # None: the course's features (kano.feature_codes())
     "answers": [[functional, dysfunctional], ...],   # 1-5 or None, one pair per feature
     "draft": None | "text in the feature editor, not applied yet"}

A feature is a course code (``speed_as_promised``, shown as its catalogue name in the UI
language) or a name the learner typed. The saved value adds ``results`` (feature, answers,
category) for the report and the home page.

The rows are ONE widget model, a :class:`~cxwidgets.widgets.choice_grid.ChoiceGrid` (the card
built 170 models with two ToggleButtons, their Style and Layout, labels and boxes per feature;
now 30): rows ``cx-kano-row cx-kano-row-<i>`` with the feature ``cx-kano-feature``, radio
groups ``cx-kano-func`` / ``cx-kano-dysf`` (values 1-5) and the category ``cx-kano-result``
(``[data-category]``), all computed here and synced.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, kano, kano_html
from ...errors import CXError
from ..choice_grid import ChoiceGrid
from ..exercise import Exercise, assign

SECTION = "03/kano_questionnaire"
FEATURE_LIMIT = 20
FEATURE_LENGTH = 60
ANSWERS = (1, 2, 3, 4, 5)


def default_features() -> list[str]:
    """The course's broadband features (codes; the sample survey asks about the same)."""
    return kano.feature_codes()


def parse_features(text: str) -> list[str]:
    """The feature list typed in the editor: one per line, blanks and repeats dropped.

    A line that is a course feature's name (in any language) becomes that feature's code.

    Raises
    ------
    CXError
        ``kano.error.no_features``, ``kano.error.too_many_features`` or
        ``kano.error.feature_too_long``.
    """
    lines = [line.strip() for line in str(text).splitlines()]
    features = list(dict.fromkeys(kano_html.feature_from_text(line) for line in lines if line))
    if not features:
        raise CXError("kano.error.no_features")
    if len(features) > FEATURE_LIMIT:
        raise CXError("kano.error.too_many_features", limit=FEATURE_LIMIT)
    long = [f for f in features if not kano_html.is_known_feature(f) and len(f) > FEATURE_LENGTH]
    if long:
        raise CXError("kano.error.feature_too_long", limit=FEATURE_LENGTH, feature=long[0][:20])
    return features


def _answer(value: Any) -> int | None:
    return value if value in ANSWERS else None


def _answer_options() -> list[list[Any]]:
    return [[i18n.t(f"kano.answer.{code}"), code] for code in ANSWERS]


SIDES = ("f", "d")
"""The two questions of a feature in the grid: functional, dysfunctional."""


def _grid_groups() -> list[dict[str, Any]]:
    """The two questions of every row, in the active language."""
    return [
        {"key": "f", "kind": "radio", "css": "cx-kano-func", "options": _answer_options(),
         "label": i18n.t("kano.question.functional")},
        {"key": "d", "kind": "radio", "css": "cx-kano-dysf", "options": _answer_options(),
         "label": i18n.t("kano.question.dysfunctional")},
    ]


def _grid_row(index: int, feature: str, answer: list[int | None]) -> dict[str, Any]:
    """One feature's row: its name and its category (or "answer both") from the kernel."""
    f, d = answer
    result = kano_html.pending() if None in answer else kano_html.badge(kano.classify(f, d))
    name = html.escape(kano_html.feature_label(feature))
    return {"id": str(index), "label": f"<b>{name}</b>", "css": [f"cx-kano-row-{index}"],
            "result": result}


class Questionnaire(Exercise):
    """Exercise 1: the learner answers the functional/dysfunctional pair of each feature.

    Each answered pair shows its category and what it means at once; the feature list can be
    edited (answers follow their feature by name).
    """

    section = SECTION
    title_key = "kano.questionnaire.title"
    name = "kano-questionnaire"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {"features": None, "answers": [], "draft": None}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        features = stored.get("features")
        if isinstance(features, list) and all(isinstance(f, str) for f in features):
            # Saved before codes: names in one language become the features' codes.
            features = [kano_html.feature_from_text(f) for f in features][:FEATURE_LIMIT]
            state["features"] = None if features == default_features() else (features or None)
        answers = stored.get("answers")
        if isinstance(answers, list):
            state["answers"] = [
                [_answer(pair[0]), _answer(pair[1])]
                for pair in answers
                if isinstance(pair, list | tuple) and len(pair) == 2
            ]
        if isinstance(stored.get("draft"), str):
            state["draft"] = stored["draft"]
        return state

    def features(self) -> list[str]:
        """The features (course codes or the learner's own names)."""
        return self.state["features"] or default_features()

    def answers(self) -> list[list[int | None]]:
        """One ``[functional, dysfunctional]`` pair per feature (``None`` = not answered)."""
        stored = self.state["answers"]
        return [list(stored[i]) if i < len(stored) else [None, None] for i in range(len(self.features()))]

    def is_done(self) -> bool:
        return all(None not in pair for pair in self.answers())

    def results(self) -> list[dict[str, Any]]:
        """One dict per feature: ``feature``, ``functional``, ``dysfunctional``, ``category``."""
        out = []
        for feature, (f, d) in zip(self.features(), self.answers(), strict=True):
            category = kano.classify(f, d) if None not in (f, d) else None
            out.append({"feature": feature, "functional": f, "dysfunctional": d, "category": category})
        return out

    def saved_value(self) -> dict[str, Any]:
        return {**self.state, "answers": self.answers(), "results": self.results()}

    # ------------------------------------------------------------ events
    def answer(self, index: int, side: int, value: int | None) -> None:
        answers = self.answers()
        answers[index][side] = _answer(value)
        self.update(answers=answers)

    def answered(self, value: dict[str, Any]) -> None:
        """The learner answered in the grid: ``value`` is ``{row: {"f": 1-5, "d": 1-5}}``."""
        answers = self.answers()
        for index, pair in enumerate(answers):
            given = value.get(str(index), {})
            for side, key in enumerate(SIDES):
                if key in given:
                    pair[side] = _answer(given[key])
        self.update(answers=answers)

    def edit_draft(self, text: str) -> None:
        self.update(typing=True, draft=text)

    def apply_features(self) -> None:
        text = self.state["draft"] if self.state["draft"] is not None else "\n".join(self.features())
        features = parse_features(text)  # a CXError keeps the list as it was
        by_name = dict(zip(self.features(), self.answers(), strict=True))
        answers = [by_name.get(f, [None, None]) for f in features]
        sample = features == default_features()
        self.update(features=None if sample else features, answers=answers, draft=None)
        self.message.show_success("kano.questionnaire.applied")

    def restore_sample(self) -> None:
        by_name = dict(zip(self.features(), self.answers(), strict=True))
        answers = [by_name.get(f, [None, None]) for f in default_features()]
        self.update(features=None, answers=answers, draft=None)
        self.message.show_success("kano.questionnaire.applied")

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.editor = widgets.Textarea(rows=6, layout={"width": "100%"})
        self.editor.add_class("cx-kano-features")
        self.translate(self.editor, "placeholder", "kano.questionnaire.features")
        self.on_change(self.editor, self.edit_draft)
        self.apply = self.button("kano.questionnaire.apply", "cx-kano-apply", self.apply_features)
        self.reset_button = self.button(
            "kano.questionnaire.reset", "cx-kano-reset", self.restore_sample
        )
        self.count = widgets.HTML()
        self.count.add_class("cx-kano-feature-count")
        self.progress = widgets.HTML()
        self.progress.add_class("cx-kano-progress")
        # One widget model for all features and both questions (cxwidgets.widgets.choice_grid).
        self.grid = ChoiceGrid(row_css="cx-kano-row", label_css="cx-kano-feature",
                               result_css="cx-kano-result")
        self.grid.add_class("cx-kano-grid")
        self.on_change(self.grid, self.answered)
        return [
            self.text("kano.questionnaire.features"),
            self.editor,
            self.count,
            widgets.HBox([self.apply, self.reset_button]),
            self.message,
            self.progress,
            self.grid,
        ]

    def relabel(self) -> None:
        assign(self.grid, "groups", _grid_groups())

    def draw(self) -> None:
        features, answers = self.features(), self.answers()
        draft = self.state["draft"]
        names = (kano_html.feature_label(feature) for feature in features)
        self.editor.value = "\n".join(names) if draft is None else draft
        typed = [line for line in self.editor.value.splitlines() if line.strip()]
        over = "1" if len(typed) > FEATURE_LIMIT else "0"
        count = i18n.t(
            "kano.questionnaire.count", n=len(typed), limit=FEATURE_LIMIT, length=FEATURE_LENGTH
        )
        self.count.value = f'<span data-over="{over}">{html.escape(count)}</span>'
        rows = [_grid_row(i, feature, answer) for i, (feature, answer) in enumerate(zip(
            features, answers, strict=True))]
        value = {str(i): dict(zip(SIDES, answer, strict=True)) for i, answer in enumerate(answers)}
        with self.grid.hold_sync():
            assign(self.grid, "rows", rows)
            assign(self.grid, "value", value)
        done = sum(1 for pair in answers if None not in pair)
        self.progress.value = html.escape(
            i18n.t("kano.questionnaire.progress", done=done, total=len(features))
        )
