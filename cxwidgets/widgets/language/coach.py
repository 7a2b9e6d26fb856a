"""Lecture 09 exercise 1: the positive-language coach.

The learner picks a situation of the running case (a customer's line), writes a reply, and the
coach (:func:`cxwidgets.language.review`) marks the problem wording on the exact characters,
says why and offers a rewrite; missing empathy, solution or next step show as gaps at the start
or end. A trainer's model reply can be opened.

State (workbook section ``09/coach``)::

    {"situation": situation id,
     "replies": {situation id: str},   # one reply per situation, kept when switching
     "model": bool}                    # the model reply is open

Done when at least one reply has no findings.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ... import i18n, language, language_html, recovery
from ...errors import CXError
from .. import common
from ..exercise import Exercise
from ..layouts import set_style, show
from .textbox import LimitedText

SECTION = "09/coach"
REPLY_LIMIT = 600
"""Most characters kept of a reply."""


def situations() -> list[str]:
    """The situation ids, in the course's order."""
    return [item["id"] for item in recovery.content()["situations"]]


def clean_replies(stored: Any) -> dict[str, str]:
    """The known situations' replies from a stored mapping (texts cut at :data:`REPLY_LIMIT`)."""
    known = set(situations())
    if not isinstance(stored, dict):
        return {}
    return {key: value[:REPLY_LIMIT] for key, value in stored.items()
            if key in known and isinstance(value, str)}


class Coach(Exercise):
    """Exercise 1: write a reply, see the marked words, why, and a rewrite."""

    section = SECTION
    title_key = "language.coach.title"
    name = "lang-coach"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {"situation": situations()[0], "replies": {}, "model": False}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        if stored.get("situation") in situations():
            state["situation"] = stored["situation"]
        state["replies"] = clean_replies(stored.get("replies"))
        state["model"] = stored.get("model") is True
        return state

    @property
    def reply(self) -> str:
        """The reply to the situation shown."""
        return self.state["replies"].get(self.state["situation"], "")

    def is_done(self) -> bool:
        return any(text.strip() and not language.spans(text)
                   for text in self.state["replies"].values())

    # ------------------------------------------------------------ events
    def pick(self, situation: Any) -> None:
        if situation not in situations():
            self.redraw()
            raise CXError("language.error.situation", value=situation)
        self.update(situation=situation, model=False)

    def write(self, text: str, typing: bool) -> None:
        replies = {**self.state["replies"], self.state["situation"]: text}
        if not text:
            replies.pop(self.state["situation"])
        self.update(typing=typing, replies=replies)

    def toggle_model(self) -> None:
        self.update(model=not self.state["model"])

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.picker = widgets.Dropdown(options=[(s, s) for s in situations()],
                                       layout={"width": "auto"})
        self.picker.add_class("cx-lang-situation")
        set_style(self.picker, description_width="initial")
        self.translate(self.picker, "description", "language.coach.situation_label")
        self.on_change(self.picker, self.pick)
        self.customer = widgets.HTML()
        self.customer.add_class("cx-lang-customer")
        self.box = LimitedText(
            self, "cx-lang-reply", placeholder_key="language.coach.reply_placeholder",
            count_key="language.coach.count", trimmed_key="language.error.trimmed",
            limit=REPLY_LIMIT, on_text=self.write, rows=4)
        self.marked = widgets.HTML()
        self.marked.add_class("cx-lang-marked")
        self.findings = widgets.HTML()
        self.findings.add_class("cx-lang-feedback")
        self.model_button = widgets.Button(layout={"width": "auto"})
        self.model_button.add_class("cx-lang-model-toggle")
        self.on_click(self.model_button, self.toggle_model)
        self.model = widgets.HTML()
        self.model.add_class("cx-lang-model")
        self.progress = widgets.HTML()
        self.progress.add_class("cx-lang-progress")
        return [
            self.text("language.coach.intro", css="cx-note"),
            self.picker,
            self.customer,
            self.text("language.coach.reply_label", css="cx-subtitle"),
            self.box.box,
            self.message,
            self.marked,
            self.findings,
            self.model_button,
            self.model,
            self.progress,
        ]

    def relabel(self) -> None:
        common.set_options(self.picker, [
            (i18n.t(f"language.situation.{s}.context"), s) for s in situations()])

    def draw(self) -> None:
        situation, text = self.state["situation"], self.reply
        self.picker.value = situation
        line = i18n.t(f"language.situation.{situation}.line")
        self.customer.value = (f'<blockquote class="cx-lang-line" data-situation="{situation}">'
                               f'{html.escape(i18n.t("language.coach.customer", line=line))}'
                               "</blockquote>")
        self.box.show(text)
        findings = language.review(text)
        label = html.escape(i18n.t("language.coach.highlight_label"), quote=True)
        self.marked.value = (
            f'<div role="region" aria-label="{label}" data-findings="{len(findings)}">'
            f"{language_html.highlight(text, findings)}</div>" if text.strip() else "")
        self.findings.value = language_html.findings_html(text, findings)
        shown = self.state["model"]
        self.model_button.description = i18n.t(
            "language.coach.model_hide" if shown else "language.coach.model_show")
        show(self.model, shown)
        self.model.value = (
            f'<p class="cx-note">{html.escape(i18n.t("language.coach.model_title"))}</p>'
            f'<blockquote>{html.escape(i18n.t(f"language.situation.{situation}.model"))}</blockquote>'
            if shown else "")
        replies = self.state["replies"]
        clean = sum(1 for t in replies.values() if t.strip() and not language.spans(t))
        self.progress.value = html.escape(i18n.t(
            "language.coach.progress", written=sum(1 for t in replies.values() if t.strip()),
            total=len(situations()), clean=clean))
