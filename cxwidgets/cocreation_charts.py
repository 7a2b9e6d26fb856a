"""The roadshow result chart (lecture 10); render with :mod:`cxwidgets.charts`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import fmt, i18n
from .charts import PALETTE, TYPE
from .peer import PeerResult

if TYPE_CHECKING:
    import altair as alt


def team_name(team: str, own: str | None = None, language: str | None = None) -> str:
    """A sample team's name (the learner's own team is marked)."""
    name = i18n.t(f"peer.team.{team}", language)
    return i18n.t("peer.team.own", language, name=name) if team == own else name


def peer_chart(result: PeerResult, own: str | None = None,
               language: str | None = None) -> alt.Chart:
    """Raw and bias-corrected mean score of each team, grouped bars (1-5 scale).

    Parameters
    ----------
    result : PeerResult
        Output of :func:`cxwidgets.peer.analyse`.
    own : str, optional
        The learner's team (its name is marked).
    language : str, optional
        Language of the labels.
    """
    import altair as alt
    import pandas as pd

    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    kinds = {"raw": t("peer.result.raw"), "corrected": t("peer.result.corrected")}
    rows = [
        {"team": team_name(row["team"], own, language), "kind": kinds[kind],
         "score": row[kind], "label": fmt.number(row[kind], 2)}
        for row in result.teams for kind in kinds
    ]
    order = [team_name(row["team"], own, language) for row in result.teams]
    frame = pd.DataFrame(rows, columns=["team", "kind", "score", "label"])
    base = alt.Chart(frame).encode(
        y=alt.Y("team:N", sort=order, title=None),
        yOffset=alt.YOffset("kind:N", sort=list(kinds.values())),
    )
    bars = base.mark_bar().encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 5]), title=t("peer.result.axis")),
        color=alt.Color("kind:N", sort=list(kinds.values()), title=None,
                        scale=alt.Scale(range=[PALETTE["neutral"], PALETTE["positive"]]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("team:N", title=t("peer.result.team")),
                 alt.Tooltip("kind:N", title=t("peer.result.kind")),
                 alt.Tooltip("label:N", title=t("peer.result.score"))],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=TYPE["small"]).encode(
        x="score:Q", text="label:N")
    return (bars + labels).properties(width=520, height=alt.Step(16),
                                      title=t("peer.result.chart_title"))
