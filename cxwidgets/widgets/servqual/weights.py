"""Lecture 02 exercise 2: importance weights (100 points across the five dimensions).

State (workbook section ``02/weights``)::

    {"points": {dimension: points or None}}   # None: the field is empty (not set, not 0)

Points count as typed (12.5 is 12.5). Done when all five are set and total exactly 100.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, servqual
from ...errors import CXError
from ..exercise import Exercise, assign
from ..layouts import set_style
from .shared import WEIGHTS, Watched, dimension_name, dimension_names

EQUAL_SHARE = 20


def points_text(value: float | None) -> str:
    """Points as the field and the messages show them (``12.5``, ``40``; blank: empty)."""
    if value is None:
        return ""
    rounded = round(float(value), 6)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:g}"


class Weights(Watched, Exercise):
    """Exercise 2: share 100 importance points across the five dimensions.

    Shows the points given and left; an empty field is "not set" (said so, never counted as
    0 silently, never restored behind the learner's back); a total other than 100 is refused.
    """

    section = WEIGHTS
    title_key = "servqual.weights.title"
    name = "sq-weights"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {"points": {d: None for d in servqual.DIMENSIONS}}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        points = stored.get("points") if isinstance(stored, dict) else None
        if not isinstance(points, dict):
            return state
        for dimension in servqual.DIMENSIONS:
            try:
                state["points"][dimension] = servqual.parse_points(points.get(dimension),
                                                                   dimension)
            except CXError:
                state["points"][dimension] = None
        return state

    @property
    def points(self) -> dict[str, float | None]:
        """Points per dimension (``None``: not set)."""
        return dict(self.state["points"])

    @property
    def total(self) -> float:
        """Sum of the points set."""
        return round(sum(v for v in self.state["points"].values() if v is not None), 6)

    @property
    def valid(self) -> dict[str, float] | None:
        """The points when all five are set and total 100, else ``None``."""
        return servqual.valid_points(self.state["points"])

    def is_done(self) -> bool:
        return self.valid is not None

    # ------------------------------------------------------------ events
    def set_points(self, dimension: str, text: Any) -> None:
        """The learner typed ``text`` for ``dimension`` (a CXError keeps the earlier value)."""
        value = servqual.parse_points(text, dimension)
        self.update(points={**self.state["points"], dimension: value})

    def share_equally(self) -> None:
        self.update(points={d: EQUAL_SHARE for d in servqual.DIMENSIONS})

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.inputs: dict[str, widgets.Text] = {}
        for dimension in servqual.DIMENSIONS:
            box = widgets.Text(continuous_update=False, layout={"width": "13rem"})
            set_style(box, description_width="6rem")
            box.add_class("cx-sq-weight")
            box.add_class(f"cx-sq-weight-{dimension}")
            self.on_change(box, lambda text, d=dimension: self.set_points(d, text))
            self.inputs[dimension] = box
        self.left = widgets.HTML()
        self.left.add_class("cx-sq-left")
        self.message.add_class("cx-sq-weight-message")
        self.equal = self.button("servqual.weights.equal", "cx-sq-equal", self.share_equally,
                                 layout={"width": "auto"})
        return [
            self.text("servqual.weights.intro", css="cx-note"),
            widgets.VBox(list(self.inputs.values())),
            self.left,
            self.message,
            widgets.HBox([self.equal]),
        ]

    def relabel(self) -> None:
        for dimension, box in self.inputs.items():
            assign(box, "description", dimension_name(dimension))
            assign(box, "placeholder", i18n.t("servqual.weights.placeholder"))

    def draw(self) -> None:
        points = self.state["points"]
        for dimension, box in self.inputs.items():
            assign(box, "value", points_text(points[dimension]))
        total = self.total
        left = round(100 - total, 6)
        if left == 0:
            key, css = "servqual.weights.done", "cx-sq-left-ok"
        else:
            key = "servqual.weights.left" if left > 0 else "servqual.weights.over"
            css = "cx-sq-left-bad"
        text = i18n.t(key, total=points_text(total), left=points_text(abs(left)))
        assign(self.left, "value", f'<span class="{css}" data-left="{points_text(left)}">'
                                   f"{html.escape(text)}</span>")
        self._draw_status(points, total)

    def _draw_status(self, points: dict[str, float | None], total: float) -> None:
        """Say what stops the weights from counting: a wrong total, or fields not set."""
        unset = servqual.unset_dimensions(points)
        if total > 100 + 1e-6 or (not unset and abs(total - 100) > 1e-6):
            try:
                servqual.validate_weights(points)
            except CXError as exc:
                self.message.show_error(exc)
                return
        if unset and len(unset) < len(points):
            self.message.show_info("servqual.weights.unset", names=dimension_names(unset))
        else:
            self.message.clear()
