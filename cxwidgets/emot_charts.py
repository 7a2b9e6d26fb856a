"""Charts of lecture 06: E-MOT scores per touchpoint, and the robustness of concept scoring.

Functions return a new Altair chart (Altair imported inside); sizes from
:data:`cxwidgets.charts.TYPE`, colours from :data:`cxwidgets.charts.PALETTE`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import fmt, i18n
from .charts import PALETTE, TYPE

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

WIDTH = 640
BAR = 26


def _t(key: str, language: str | None, **params: Any) -> str:
    return i18n.t(key, language, **params)


def emot_chart(
    rows: Sequence[Mapping[str, Any]],
    chosen: Sequence[str] = (),
    language: str | None = None,
    width: int = WIDTH,
) -> alt.LayerChart:
    """Horizontal bars of the E-MOT score (0..100) of every touchpoint, in journey order.

    Chosen E-MOTs are drawn in the course's accent colour, the others grey; each bar
    carries its score and a tooltip (touchpoint, stage, emotion value, score, rank).
    """
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(
        [
            {
                "label": f"{i}. {row['name']}",
                "order": i,
                "stage": row["stage"],
                "value": fmt.signed(row["value"], 1),
                "score": float(row["score"]),
                "score_text": fmt.number(row["score"], 0),
                "rank": int(row["rank"]),
                "state": "chosen" if row["touchpoint"] in chosen else "other",
            }
            for i, row in enumerate(rows, start=1)
        ]
    )
    y = alt.Y("label:N", sort=list(data["label"]), title=None,
              axis=alt.Axis(labelLimit=260, labelFontSize=TYPE["small"]))
    colour = alt.Color(
        "state:N",
        scale=alt.Scale(domain=["chosen", "other"],
                        range=[PALETTE["positive"], PALETTE["neutral"]]),
        legend=None,
    )
    tooltip = [
        alt.Tooltip("label:N", title=_t("emot.col.touchpoint", language)),
        alt.Tooltip("stage:N", title=_t("emot.col.stage", language)),
        alt.Tooltip("value:N", title=_t("emot.col.value", language)),
        alt.Tooltip("score_text:N", title=_t("emot.col.score", language)),
        alt.Tooltip("rank:Q", title=_t("emot.col.rank", language)),
    ]
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar().encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]),
                title=_t("emot.chart.score_axis", language)),
        color=colour,
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=4, fontSize=TYPE["small"]).encode(
        x="score:Q", text="score_text:N", tooltip=tooltip
    )
    return (bars + labels).properties(
        width=width, height=BAR * max(1, len(data)),
        title=_t("emot.chart.score_title", language),
    )


def first_chart(
    shares: Mapping[str, float],
    names: Mapping[str, str],
    language: str | None = None,
    width: int = WIDTH,
) -> alt.LayerChart:
    """Bars of each concept's probability of ranking first under perturbed weights."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(
        [
            {"concept": names.get(cid, cid), "order": i, "share": float(share),
             "text": fmt.percent(share, 0)}
            for i, (cid, share) in enumerate(shares.items())
        ]
    )
    y = alt.Y("concept:N", sort=list(data["concept"]), title=None,
              axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("concept:N", title=_t("screening.col.concept", language)),
        alt.Tooltip("text:N", title=_t("screening.col.p_first", language)),
    ]
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(color=PALETTE["positive"]).encode(
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"), title=_t("screening.chart.p_axis", language)),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=4).encode(x="share:Q", text="text:N", tooltip=tooltip)
    return (bars + labels).properties(
        width=width, height=BAR * 1.4 * max(1, len(data)),
        title=_t("screening.chart.p_title", language),
    )
