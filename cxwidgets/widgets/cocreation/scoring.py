"""Lecture 10 exercise 2: roadshow peer scoring, read fairly.

State (workbook section ``10/peer``)::

    {"team": "t1".."t6",                         # the learner's team in the sample class
     "scores": {team: {criterion: 1-5}},          # the learner's ratings of the other teams
     "calibration": {criterion: 1-5}}             # the calibration pitch

The learner joins the sample class (``data/peer_sample.json``, twelve raters in six teams) as
one more rater; a rating of their own team is refused. The class result (raw and
bias-corrected team scores, each rater's bias, Krippendorff's alpha) comes from
:mod:`cxwidgets.peer`. Done when every other team has a complete rating.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ... import cocreation_html, fmt, i18n, peer
from ...cocreation_charts import team_name
from ...errors import CXError
from .. import common
from ..exercise import Exercise, assign
from ..layouts import set_layout, set_style
from .tables import PeerGrid

SECTION = "10/peer"
CALIBRATION = "cal"


class PeerScoring(Exercise):
    """Exercise 2: score the other teams on the rubric; see the corrected class result."""

    section = SECTION
    title_key = "peer.title"
    name = "peer-scoring"

    def initial_state(self) -> dict[str, Any]:
        return {"team": peer.sample_teams()[0], "scores": {}, "calibration": {}}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        if stored.get("team") in peer.sample_teams():
            state["team"] = stored["team"]
        scores = peer.clean_scores(stored.get("scores"))
        state["scores"] = {t: s for t, s in scores.items()
                           if t in peer.sample_teams() and t != state["team"]}
        state["calibration"] = peer.clean_scores({CALIBRATION: stored.get("calibration") or {}}
                                                 ).get(CALIBRATION, {})
        return state

    def is_done(self) -> bool:
        others = [t for t in peer.sample_teams() if t != self.state["team"]]
        return all(peer.weighted_score(self.state["scores"].get(t, {})) is not None
                   for t in others)

    def result(self) -> peer.PeerResult:
        return peer.class_result(self.state["scores"], self.state["team"])

    # ------------------------------------------------------------ events
    def pick_team(self, team: Any) -> None:
        if team not in peer.sample_teams():
            self.redraw()
            raise CXError("peer.error.team", value=team)
        scores = {t: s for t, s in self.state["scores"].items() if t != team}
        if len(scores) < len(self.state["scores"]):
            self.message.show_info("peer.team_changed", team=team_name(team))
        self.update(team=team, scores=scores)

    def score(self, value: Any) -> None:
        """The grid changed: find the cell, refuse the learner's own team, keep the rest."""
        value = value if isinstance(value, dict) else {}
        calibration = value.get(CALIBRATION, {})
        scores = {t: s for t, s in value.items() if t != CALIBRATION}
        own = self.state["team"]
        try:
            for team, row in scores.items():
                if team not in peer.sample_teams():
                    raise CXError("peer.error.team", value=team)
                if row != self.state["scores"].get(team, {}):
                    peer.check_rating(own, team)
                for criterion, number in row.items():
                    peer.criterion_score(number, criterion)
            for criterion, number in calibration.items():
                peer.criterion_score(number, criterion)
        except CXError:
            self.redraw()  # the browser's grid goes back to the kept scores
            raise
        if self.message.kind == "error":
            self.message.clear()
        self.update(scores=peer.clean_scores({t: s for t, s in scores.items() if t != own}),
                    calibration=peer.clean_scores({CALIBRATION: calibration}).get(CALIBRATION, {}))

    def clear(self) -> None:
        self.update(scores={}, calibration={})

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.team = widgets.Dropdown(layout={"width": "24rem"})
        self.team.add_class("cx-peer-team")
        self.translate(self.team, "description", "peer.my_team")
        set_style(self.team, description_width="initial")
        self.on_change(self.team, self.pick_team)
        self.grid = PeerGrid(scale=list(peer.scale()))
        self.grid.add_class("cx-peer-rubric")
        self.on_change(self.grid, self.score)
        self.calibration = widgets.HTML()
        self.calibration.add_class("cx-peer-calibration")
        self.clear_button = self.button("peer.clear", "cx-peer-clear", self.clear)
        set_layout(self.clear_button, width="auto")
        self.chart = common.ChartView(label_key="peer.result.chart_title")
        self.chart.add_class("cx-peer-chart")
        self.results = widgets.HTML()
        self.results.add_class("cx-peer-result")
        self.biases = widgets.HTML()
        self.biases.add_class("cx-peer-biases")
        self._charted: Any = None
        return [
            self.text("peer.intro", css="cx-note"),
            self.text("peer.calibration.intro", css="cx-note").add_class("cx-peer-calibration-intro"),
            self.team,
            self.grid,
            self.message,
            self.calibration,
            self.clear_button,
            self.text("peer.result.title", css="cx-subtitle"),
            self.chart,
            self.results,
            self.text("peer.result.bias_title", css="cx-subtitle"),
            self.biases,
        ]

    def relabel(self) -> None:
        common.set_options(self.team, [(team_name(t), t) for t in peer.sample_teams()])
        self.grid.criteria = [
            {"id": c["id"], "label": i18n.t("peer.criterion.label",
                                            name=i18n.t(f"peer.criterion.{c['id']}"),
                                            weight=c["weight"])}
            for c in peer.criteria()
        ]
        self.grid.texts = {"empty": fmt.MISSING, "total": i18n.t("peer.total"),
                           "own": i18n.t("peer.own_row")}

    def draw(self) -> None:
        own = self.state["team"]
        self.team.value = own
        rows = [{"id": CALIBRATION, "label": i18n.t("peer.calibration.row"), "own": False}]
        rows += [{"id": t, "label": team_name(t), "own": t == own} for t in peer.sample_teams()]
        assign(self.grid, "rows", rows)
        value = {**self.state["scores"]}
        if self.state["calibration"]:
            value[CALIBRATION] = self.state["calibration"]
        assign(self.grid, "value", value)
        totals = {team: fmt.number(peer.weighted_score(row), 2)
                  for team, row in value.items() if peer.weighted_score(row) is not None}
        assign(self.grid, "totals", totals)
        self._draw_calibration()
        result = self.result()
        self.results.value = cocreation_html.results_html(result, own)
        self.biases.value = cocreation_html.bias_table(result)
        shown = (tuple(sorted((r["team"], r["corrected"]) for r in result.teams)), own,
                 i18n.get_language())
        if shown != self._charted:
            self._charted = shown
            language = i18n.get_language()
            self.chart.show(lambda: _chart(result, own, language))

    def _draw_calibration(self) -> None:
        offset = peer.calibration_offset(self.state["calibration"])
        if offset is None:
            self.calibration.value = ""
            return
        reference = peer.content()["calibration"]["reference"]
        parts = [i18n.t("peer.calibration.result", offset=fmt.signed(offset, 1)),
                 i18n.t("peer.calibration.reference", scores=i18n.join(
                     [f"{i18n.t(f'peer.criterion.{c}')} {n}" for c, n in reference.items()]))]
        self.calibration.value = "".join(
            f'<p data-offset="{fmt.signed(offset, 1)}">{common.html.escape(p)}</p>' for p in parts)


def _chart(result: peer.PeerResult, own: str, language: str):
    from ...cocreation_charts import peer_chart

    return peer_chart(result, own, language)
