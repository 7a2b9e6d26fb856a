"""Small ipywidgets helpers shared by the lecture 04 exercises (translated buttons, rows).

Translations go through the exercise (:meth:`Exercise.translate`), so they follow a language
switch and stop with the exercise's card.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ... import i18n
from ... import journey as J
from ..layouts import set_layout, set_style

if TYPE_CHECKING:
    from ..exercise import Exercise


def t(key: str, **params: Any) -> str:
    """The catalogue text of ``key`` in the active language."""
    return i18n.t(key, **params)


def row(*children: widgets.Widget, css: str | None = None) -> widgets.HBox:
    """A horizontal row that wraps on narrow screens instead of squeezing its buttons."""
    box = widgets.HBox(list(children))
    set_layout(box, flex_flow="row wrap", align_items="center")
    if css:
        box.add_class(css)
    return box


def button(
    exercise: Exercise,
    key: str,
    css: str,
    handler: Callable[[], Any],
    icon: str = "",
    style: str = "",
    icon_only: bool = False,
) -> widgets.Button:
    """A translated button calling ``handler()``; ``icon_only`` keeps the text as tooltip only."""
    control = widgets.Button(icon=icon, button_style=style)
    control.add_class(css)
    if not icon_only:
        exercise.translate(control, "description", key)
    exercise.translate(control, "tooltip", key)
    set_layout(control, width="2.6rem" if icon_only else "auto", flex="0 0 auto")
    return exercise.on_click(control, handler)


def described(exercise: Exercise, widget: widgets.Widget, key: str) -> widgets.Widget:
    """Give ``widget`` a translated description shown in full (not cut to the default width)."""
    set_style(widget, description_width="initial")
    exercise.translate(widget, "description", key)
    return widget


def choose(
    selector: widgets.widget_selection._Selection, options: list[tuple[str, Any]], value: Any
) -> Any:
    """Show ``options`` with ``value`` selected (the first option if ``value`` is not offered).

    Nothing is sent when the options and the value are already the same. Returns the value
    shown.
    """
    if list(selector.options) != options:
        selector.options = options
    values = [v for _label, v in options]
    keep = value if value in values else (values[0] if values else None)
    if selector.value != keep:
        selector.value = keep
    return keep


def kind_options() -> list[tuple[str, str]]:
    """Touchpoint kinds as translated dropdown options."""
    return [(t(f"journey.kind.{kind}"), kind) for kind in J.KINDS]


def tag_options() -> list[tuple[str, str]]:
    """Touchpoint tags as translated toggle options."""
    return [(t(f"journey.tag.{tag}"), tag) for tag in J.TAGS]
