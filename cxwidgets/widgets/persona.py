"""Lecture 03 exercise 5: a customer persona card that renders live as the learner types.

State (workbook section ``"03/persona"``): the form as a dict, see
:func:`cxwidgets.persona_html.clean_state` (the text fields of
:data:`~cxwidgets.persona_html.FIELDS`, ``tenure``, ``tier`` and ``channels``). Done once
every required field is filled. Each text holds at most
:data:`~cxwidgets.persona_html.MAX_LENGTH` characters: the form shows "n / max" under each
field, and a longer text is cut to the limit with a message saying so.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from .. import i18n
from ..persona_html import (
    CHANNELS,
    FIELDS,
    MAX_LENGTH,
    NEED_COLOURS,
    REQUIRED,
    SECTION,
    TENURES,
    TIERS,
    card_html,
    clean_state,
    missing_fields,
    too_long,
)
from . import common
from .exercise import Exercise

#: Show the "n / max" counter of a one-line field from this length on (always for the others).
COUNT_FROM = MAX_LENGTH * 8 // 10


def _css(key: str) -> str:
    return key.replace("_", "-")


class PersonaCard(Exercise):
    """Exercise 5: the learner fills in a persona; a formatted card renders live."""

    section = SECTION
    title_key = "persona.title"
    name = "persona"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return clean_state({})

    def clean(self, stored: Any) -> dict[str, Any]:
        self._trimmed_on_load = too_long(stored)
        return clean_state(stored)

    def is_done(self) -> bool:
        return not missing_fields(self.state)

    # ------------------------------------------------------------ events
    def type_text(self, key: str, text: str) -> None:
        """The learner typed in field ``key``; a text over the limit is cut, with a message."""
        text = str(text)
        if text == self.state[key]:
            return  # e.g. the field redrawn with the cut text while the browser's edit is handled
        if len(text) > MAX_LENGTH:
            text = text[:MAX_LENGTH]
            self.message.show_info(
                "persona.trimmed", field=i18n.t(f"persona.name.{key}"), limit=MAX_LENGTH
            )
        elif self.message.kind == "info":
            self.message.clear()
        self.update(typing=True, **{key: text})

    def choose(self, key: str, value: str | None) -> None:
        self.update(**{key: value or ""})

    def tick_channel(self, code: str, on: bool) -> None:
        chosen = set(self.state["channels"]) | {code} if on else set(self.state["channels"]) - {code}
        self.update(channels=[c for c in CHANNELS if c in chosen])

    def loaded(self) -> None:
        trimmed = getattr(self, "_trimmed_on_load", [])
        self._trimmed_on_load = []
        if trimmed:
            names = i18n.join(i18n.t(f"persona.name.{key}") for key in trimmed)
            self.message.show_info("persona.trimmed_stored", fields=names, limit=MAX_LENGTH)

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self._trimmed_on_load: list[str] = []
        self.inputs: dict[str, widgets.Widget] = {}
        self.counts: dict[str, widgets.HTML] = {}
        rows: dict[str, widgets.Widget] = {}
        for key, multi, _required in FIELDS:
            field = (widgets.Textarea if multi else widgets.Text)(
                style={"description_width": "initial"}
            )
            field.add_class(f"cx-persona-{_css(key)}")
            self.translate(field, "description", f"persona.field.{key}")
            self.translate(field, "placeholder", f"persona.placeholder.{key}")
            self.on_change(field, lambda text, key=key: self.type_text(key, text))
            count = widgets.HTML()
            count.add_class("cx-persona-count")
            count.add_class(f"cx-persona-count-{_css(key)}")
            self.inputs[key], self.counts[key] = field, count
            rows[key] = widgets.VBox([field, count])
        self.tenure = widgets.Dropdown(style={"description_width": "initial"})
        self.tenure.add_class("cx-persona-tenure")
        self.tier = widgets.Dropdown(style={"description_width": "initial"})
        self.tier.add_class("cx-persona-tier")
        for dropdown, key in ((self.tenure, "tenure"), (self.tier, "tier")):
            self.translate(dropdown, "description", f"persona.field.{key}")
            self.on_change(dropdown, lambda value, key=key: self.choose(key, value))
        self.relabel()
        self.channels: dict[str, widgets.Checkbox] = {}
        for code in CHANNELS:
            box = widgets.Checkbox(value=False, indent=False)
            box.add_class(f"cx-persona-channel-{_css(code)}")
            self.translate(box, "description", f"persona.channel.{code}")
            self.on_change(box, lambda on, code=code: self.tick_channel(code, bool(on)))
            self.channels[code] = box
        self.status = common.Message()
        self.status.add_class("cx-persona-message")
        self.message.add_class("cx-persona-notice")
        self.card = widgets.HTML()
        self.card.add_class("cx-persona-preview")
        form = widgets.VBox(
            [
                rows["name"],
                rows["about"],
                self.tenure,
                self.tier,
                rows["goals"],
                rows["pains"],
                rows["must"],
                rows["one_dimensional"],
                rows["attractive"],
                self.text("persona.field.channels", "cx-persona-channels-label"),
                widgets.HBox(
                    list(self.channels.values()), layout={"flex_flow": "row wrap"}
                ),
                rows["quote"],
            ]
        )
        form.add_class("cx-persona-form")
        body = widgets.HBox([form, self.card])
        body.add_class("cx-persona-body")
        return [self.text("persona.intro", "cx-persona-intro"), self.status, self.message, body]

    def _options(self, codes: tuple[str, ...], prefix: str) -> list[tuple[str, str]]:
        return [(i18n.t("persona.choose"), "")] + [(i18n.t(f"{prefix}.{c}"), c) for c in codes]

    def relabel(self) -> None:
        common.set_options(self.tenure, self._options(TENURES, "persona.tenure"))
        common.set_options(self.tier, self._options(TIERS, "persona.tier"))

    def draw(self) -> None:
        state = self.state
        for key, multi, _required in FIELDS:
            self.inputs[key].value = state[key]
            self._draw_count(key, multi)
        self.tenure.value = state["tenure"]
        self.tier.value = state["tier"]
        for code, box in self.channels.items():
            box.value = code in state["channels"]
        self.card.value = card_html(state)
        missing = missing_fields(state)
        if missing:
            names = i18n.t("persona.list_separator").join(
                i18n.t(f"persona.required.{key}") for key in missing
            )
            self.status.show_info("persona.missing", fields=names)
        else:
            self.status.show_success("persona.complete")

    def _draw_count(self, key: str, multi: bool) -> None:
        length = len(self.state[key])
        view = self.counts[key]
        if not multi and length < COUNT_FROM:
            view.value = ""
            return
        over = "1" if length >= MAX_LENGTH else "0"
        text = html.escape(i18n.t("persona.count", n=length, max=MAX_LENGTH))
        view.value = f'<span data-over="{over}">{text}</span>'


__all__ = [
    "NEED_COLOURS",
    "REQUIRED",
    "SECTION",
    "PersonaCard",
    "card_html",
    "clean_state",
    "missing_fields",
]
