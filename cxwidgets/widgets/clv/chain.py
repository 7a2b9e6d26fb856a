"""Lecture 01 exercise 3: the service-profit chain explorer (Heskett et al. 1994).

One anywidget (:class:`ChainDiagram`, ``static/clv_chain.js``) draws the seven elements of the
chain and its six links; the learner picks a link (click or arrow keys) to read what it claims,
a broadband example and how strong the evidence is, and writes which metrics of their own
company would show that link working.

State (workbook section ``01/chain``)::

    {"selected": link id ("l1".."l6"),
     "metrics": {link id: str}}     # the learner's metrics per link (empty ones left out)

Done when metrics are written for at least :data:`DONE_LINKS` links.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from ... import clv, clv_html, i18n
from ...errors import CXError
from ..exercise import Exercise
from ..stylesheet import CourseWidget
from . import notes

SECTION = "01/chain"
STATIC = Path(__file__).resolve().parent.parent.parent / "static"
DONE_LINKS = 3
STRENGTHS = ("strong", "moderate", "weak")


def chain() -> dict[str, Any]:
    """The chain's nodes and links (codes) from ``content/clv.json``."""
    return clv.content()["chain"]


def link_ids() -> tuple[str, ...]:
    return tuple(link["id"] for link in chain()["links"])


class ChainDiagram(CourseWidget):
    """The chain as one widget: ``selected`` is the link the learner picked.

    ``nodes`` (``[{id, label}]``) and ``links`` (``[{id, label, strength, strength_label,
    filled}]``) hold resolved texts; ``label`` names the group (aria-label).
    """

    _esm = STATIC / "clv_chain.js"
    nodes = traitlets.List().tag(sync=True)
    links = traitlets.List().tag(sync=True)
    selected = traitlets.Unicode("l1").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("links")
    def _valid_links(self, proposal: dict[str, Any]) -> list:
        for link in proposal["value"]:
            if not isinstance(link, dict) or link.get("strength") not in STRENGTHS:
                message = f"each link needs a strength in {STRENGTHS}, got {link!r}"
                raise traitlets.TraitError(message)
        return proposal["value"]


class ChainExplorer(Exercise):
    """Exercise 3: read each link of the service-profit chain, map your own metrics to it."""

    section = SECTION
    title_key = "clv.chain.title"
    name = "clv-chain"

    def initial_state(self) -> dict[str, Any]:
        return {"selected": "l1", "metrics": {}}

    def clean(self, stored: Any) -> dict[str, Any]:
        if not isinstance(stored, dict):
            raise CXError("clv.error.stored")
        state = self.initial_state()
        if stored.get("selected") in link_ids():
            state["selected"] = stored["selected"]
        metrics = stored.get("metrics")
        if isinstance(metrics, dict):
            state["metrics"] = {k: v[: notes.LIMIT] for k, v in metrics.items()
                                if k in link_ids() and isinstance(v, str) and v}
        return state

    def is_done(self) -> bool:
        return sum(1 for v in self.state["metrics"].values() if v.strip()) >= DONE_LINKS

    # ------------------------------------------------------------ events
    def select(self, link: Any) -> None:
        if link == self.state["selected"]:
            return
        if link not in link_ids():
            self.redraw()
            raise CXError("clv.error.link", value=link)
        self.update(selected=link)

    def edit_metrics(self, text: Any) -> None:
        link = self.state["selected"]

        def apply(new: str, typing: bool) -> None:
            metrics = {k: v for k, v in self.state["metrics"].items() if k != link}
            if new:
                metrics[link] = new
            self.update(typing=typing, metrics=metrics)

        notes.edit(self, self.state["metrics"].get(link, ""), text, apply)

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.diagram = ChainDiagram()
        self.diagram.add_class("cx-clv-chain")
        self.on_change(self.diagram, self.select, attribute="selected")
        self.detail = widgets.HTML()
        self.detail.add_class("cx-clv-chain-text")
        self.metrics_label = widgets.HTML()
        self.metrics_label.add_class("cx-subtitle")
        self.metrics = notes.area(self, "cx-clv-metrics", "clv.chain.metrics_placeholder")
        self.on_change(self.metrics, self.edit_metrics)
        self.count = notes.counter("cx-clv-metrics")
        self.progress = widgets.HTML()
        self.progress.add_class("cx-clv-chain-progress")
        return [
            self.text("clv.chain.intro", css="cx-note"),
            self.diagram,
            self.detail,
            self.metrics_label,
            self.metrics,
            self.count,
            self.message,
            self.progress,
        ]

    def relabel(self) -> None:
        self.diagram.label = i18n.t("clv.chain.diagram_label")
        self.diagram.nodes = [{"id": n, "label": i18n.t(f"clv.chain.node.{n}")}
                              for n in chain()["nodes"]]

    def draw(self) -> None:
        state = self.state
        metrics = state["metrics"]
        links = []
        for link in chain()["links"]:
            strength = i18n.t(f"clv.chain.strength.{link['strength']}")
            label = i18n.t("clv.chain.link_aria",
                           source=i18n.t(f"clv.chain.node.{link['from']}"),
                           target=i18n.t(f"clv.chain.node.{link['to']}"), strength=strength)
            links.append({"id": link["id"], "label": label, "strength": link["strength"],
                          "strength_label": strength, "filled": bool(metrics.get(link["id"]))})
        self.diagram.links = links
        self.diagram.selected = state["selected"]
        link = next(item for item in chain()["links"] if item["id"] == state["selected"])
        self.detail.value = clv_html.chain_detail_html(link)
        self.metrics_label.value = html.escape(i18n.t(
            "clv.chain.metrics", source=i18n.t(f"clv.chain.node.{link['from']}"),
            target=i18n.t(f"clv.chain.node.{link['to']}")))
        self.metrics.value = metrics.get(state["selected"], "")
        self.count.value = notes.count_html(len(self.metrics.value))
        filled = sum(1 for v in metrics.values() if v.strip())
        self.progress.value = html.escape(i18n.t("clv.chain.progress", n=filled,
                                                 total=len(links), needed=DONE_LINKS))
