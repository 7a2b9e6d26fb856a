"""Lecture 08 exercise 4: what promoters and detractors say, in their own words.

The comments are cut into words (:func:`cxwidgets.voice.tokenize`: jieba with the course
dictionary, one-character complaint words and negations kept) in the background; the words
most typical of each side are ranked by the log-odds ratio with an informative Dirichlet
prior (Monroe et al. 2008). Each side's words are ONE radio group (:class:`ChoiceGroup`):
choosing a word shows the comments behind it and the touchpoints it names; a table counts
the detractor comments naming each touchpoint.

State (section ``08/voice``)::

    {"word": str | None, "side": "detractor" | "promoter", "opened": [word, ...]}

Done when the learner has read the comments behind three words.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ... import i18n, nps_html, voice
from ..quiz import ChoiceGroup
from .shared import SurveyReader

if TYPE_CHECKING:
    import pandas as pd

SECTION = "08/voice"
SIDES: tuple[str, ...] = ("detractor", "promoter")
OPENED_LIMIT = 50


class CustomerVoice(SurveyReader):
    """Exercise 4: promoters' and detractors' words, and the comments behind each word."""

    section = SECTION
    title_key = "nps.voice.title"
    name = "nps-voice"

    def initial_state(self) -> dict[str, Any]:
        return {"word": None, "side": "detractor", "opened": []}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        if isinstance(stored.get("word"), str):
            state["word"] = stored["word"]
        if stored.get("side") in SIDES:
            state["side"] = stored["side"]
        opened = stored.get("opened")
        if isinstance(opened, list):
            state["opened"] = [w for w in opened if isinstance(w, str)][:OPENED_LIMIT]
        return state

    def is_done(self) -> bool:
        return len(self.state["opened"]) >= 3

    def build(self) -> list[widgets.Widget]:
        source = self.build_reader()
        self.analysis: dict[str, Any] | None = None
        self.groups = {side: ChoiceGroup() for side in SIDES}
        columns = []
        for side, group in self.groups.items():
            group.add_class("cx-nps-words")
            group.add_class(f"cx-nps-words-{side}")
            self.on_change(group, lambda value, side=side: self.open_word(side, value))
            columns.append(widgets.VBox([self.text(f"nps.voice.side.{side}", css="cx-subtitle"), group]))
        self.comments = widgets.HTML()
        self.comments.add_class("cx-nps-comments-view")
        self.links = widgets.HTML()
        self.links.add_class("cx-nps-links")
        return [
            self.text("nps.voice.intro", css="cx-note"), source, self.message,
            *columns, self.comments,
            self.text("nps.voice.links_title", css="cx-subtitle"), self.links,
        ]

    def prepare_data(self, frame: pd.DataFrame) -> Any:
        return voice.analyse(frame)

    def data_ready(self, prepared: Any) -> None:
        self.analysis = prepared

    def open_word(self, side: str, word: str | None) -> None:
        if not word:
            return
        opened = [*self.state["opened"], word] if word not in self.state["opened"] else self.state["opened"]
        self.update(word=word, side=side, opened=opened[-OPENED_LIMIT:])

    def draw(self) -> None:
        self.draw_source()
        language = i18n.get_language()
        for side, group in self.groups.items():
            group.label = i18n.t(f"nps.voice.side.{side}")
        if self.analysis is None or self.frame is None:
            return
        words = self.analysis["words"]
        for side, group in self.groups.items():
            group.options = [[nps_html.word_label(w), w["word"]] for w in words if w["side"] == side]
            group.value = self.state["word"] if self.state["side"] == side else None
        if not words:
            self.links.value = ""
            self.comments.value = nps_html.note(i18n.t("nps.voice.no_comments"))
            return
        total = self.analysis["comments"]["detractor"]
        self.links.value = nps_html.links_html(self.analysis["links"], total, language)
        word = self.state["word"]
        if not word:
            self.comments.value = f'<p class="cx-note">{html.escape(i18n.t("nps.voice.pick"))}</p>'
            return
        comments = voice.comments_with(self.frame, self.analysis["tokens"], word,
                                       self.analysis["sides"], self.state["side"])
        self.comments.value = nps_html.comments_html(word, comments, voice.word_touchpoints(word), language)
