"""Altair chart builders of lecture 08 (render with :mod:`cxwidgets.charts`).

Every builder returns a new chart; texts come from the catalogue in the language asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import i18n
from .charts import PALETTE, TYPE
from .nps_html import segment_text, touchpoint_label

if TYPE_CHECKING:
    import altair as alt

CLASS_COLOURS = {"detractor": PALETTE["negative"], "passive": PALETTE["neutral"],
                 "promoter": PALETTE["positive"]}
QUADRANT_COLOURS = {"concentrate": PALETTE["negative"], "keep": PALETTE["positive"],
                    "low_priority": PALETTE["neutral"], "overkill": PALETTE["Q"]}


def _class_of(answer: int) -> str:
    return "promoter" if answer >= 9 else "passive" if answer >= 7 else "detractor"


def distribution(counts: Sequence[int], title: str = "", language: str | None = None) -> alt.Chart:
    """Bars of the 0-10 answers coloured by detractor / passive / promoter."""
    import altair as alt
    import pandas as pd

    names = {c: i18n.t(f"nps.class.{c}", language) for c in CLASS_COLOURS}
    data = pd.DataFrame(
        {"answer": list(range(11)), "count": list(counts),
         "class": [names[_class_of(a)] for a in range(11)]}
    )
    return (
        alt.Chart(data, title=title or alt.Undefined)
        .mark_bar()
        .encode(
            x=alt.X("answer:O", title=i18n.t("nps.chart.answer", language), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title=i18n.t("nps.chart.count", language),
                    axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color("class:N", title=None,
                            scale=alt.Scale(domain=list(names.values()),
                                            range=list(CLASS_COLOURS.values())),
                            legend=alt.Legend(orient="top", labelLimit=360)),
            tooltip=[alt.Tooltip("answer:O", title=i18n.t("nps.chart.answer", language)),
                     alt.Tooltip("count:Q", title=i18n.t("nps.chart.count", language))],
        )
        .properties(width=520, height=220)
    )


def segments(rows: Sequence[Mapping[str, Any]], column: str, language: str | None = None) -> alt.Chart:
    """Each segment's NPS with its 95% interval (points and error bars); small ones grey."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(
        [{"segment": segment_text(column, r["segment"], language), "nps": r["nps"],
          "low": max(-100.0, r["nps"] - r["moe"]), "high": min(100.0, r["nps"] + r["moe"]),
          "n": r["n"], "state": i18n.t("nps.segments.state." + _state(r), language)}
         for r in rows]
    )
    states = [i18n.t(f"nps.segments.state.{s}", language) for s in ("significant", "plain", "small")]
    colour = alt.Color("state:N", title=None, legend=alt.Legend(orient="top", labelLimit=360),
                       scale=alt.Scale(domain=states, range=[PALETTE["negative"], PALETTE["positive"],
                                                             PALETTE["neutral"]]))
    y = alt.Y("segment:N", title=None, sort=None)
    x_title = i18n.t("nps.chart.nps", language)
    base = alt.Chart(data)
    bars = base.mark_rule(strokeWidth=3).encode(
        y=y, x=alt.X("low:Q", title=x_title, scale=alt.Scale(domain=[-100, 100]),
                     axis=alt.Axis(values=[-100, -50, 0, 50, 100])), x2="high:Q",
        color=colour)
    points = base.mark_point(filled=True, size=90).encode(
        y=y, x="nps:Q", color=colour,
        tooltip=[alt.Tooltip("segment:N", title=None), alt.Tooltip("nps:Q", format=".1f", title=x_title),
                 alt.Tooltip("n:Q", title="n")])
    return (bars + points).properties(width=480, height=alt.Step(34))


def _state(row: Mapping[str, Any]) -> str:
    if row.get("small"):
        return "small"
    return "significant" if row.get("significant") else "plain"


def drivers(result: Mapping[str, Any], language: str | None = None) -> alt.Chart:
    """Each touchpoint's Spearman rho with its bootstrap 95% interval, strongest first."""
    import altair as alt
    import pandas as pd

    rows = [
        {"touchpoint": touchpoint_label(tp, language), "rho": rho,
         "low": result["low"].get(tp), "high": result["high"].get(tp),
         "top": result["top_share"].get(tp, 0.0)}
        for tp, rho in result["rho"].items() if rho is not None and rho == rho
    ]
    data = pd.DataFrame(rows).sort_values("rho", ascending=False)
    title = i18n.t("nps.chart.rho", language)
    y = alt.Y("touchpoint:N", title=None, sort=list(data["touchpoint"]))
    base = alt.Chart(data)
    bars = base.mark_bar(color=PALETTE["positive"], opacity=0.75).encode(
        y=y, x=alt.X("rho:Q", title=title, scale=alt.Scale(domain=[-0.3, 1], clamp=True)),
        tooltip=[alt.Tooltip("touchpoint:N", title=None), alt.Tooltip("rho:Q", format=".2f", title=title),
                 alt.Tooltip("low:Q", format=".2f", title=i18n.t("nps.chart.low", language)),
                 alt.Tooltip("high:Q", format=".2f", title=i18n.t("nps.chart.high", language)),
                 alt.Tooltip("top:Q", format=".0%", title=i18n.t("nps.chart.top", language))])
    rules = base.mark_rule(color="#1d2733", strokeWidth=2).encode(y=y, x="low:Q", x2="high:Q")
    return (bars + rules).properties(width=460, height=alt.Step(32))


def ipa(rows: Sequence[Mapping[str, Any]], language: str | None = None) -> alt.Chart:
    """Importance-performance matrix: rho (x) against mean satisfaction (y), quadrant lines."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(
        [{"touchpoint": touchpoint_label(r["touchpoint"], language), "importance": r["importance"],
          "performance": r["performance"],
          "quadrant": i18n.t(f"nps.quadrant.{r['quadrant']}", language)} for r in rows]
    )
    data["dy"] = _label_offsets(data["importance"].tolist(), data["performance"].tolist())
    means = pd.DataFrame({"x": [data["importance"].mean()], "y": [data["performance"].mean()]})
    domain = [i18n.t(f"nps.quadrant.{q}", language) for q in QUADRANT_COLOURS]
    colour = alt.Color("quadrant:N", title=None,
                       legend=alt.Legend(orient="top", columns=2, labelLimit=360),
                       scale=alt.Scale(domain=domain, range=list(QUADRANT_COLOURS.values())))
    x = alt.X("importance:Q", title=i18n.t("nps.chart.importance", language))
    y = alt.Y("performance:Q", title=i18n.t("nps.chart.performance", language),
              scale=alt.Scale(zero=False))
    base = alt.Chart(data)
    points = base.mark_point(filled=True, size=110).encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("touchpoint:N", title=None),
                 alt.Tooltip("importance:Q", format=".2f", title=i18n.t("nps.chart.importance", language)),
                 alt.Tooltip("performance:Q", format=".2f", title=i18n.t("nps.chart.performance", language))])
    above = base.transform_filter("datum.dy < 0").mark_text(
        align="left", dx=8, dy=-9, fontSize=TYPE["small"]).encode(x=x, y=y, text="touchpoint:N")
    below = base.transform_filter("datum.dy >= 0").mark_text(
        align="left", dx=8, dy=9, fontSize=TYPE["small"]).encode(x=x, y=y, text="touchpoint:N")
    labels = above + below
    vline = alt.Chart(means).mark_rule(strokeDash=[4, 4], color="#667").encode(x="x:Q")
    hline = alt.Chart(means).mark_rule(strokeDash=[4, 4], color="#667").encode(y="y:Q")
    return (vline + hline + points + labels).properties(width=560, height=340)


def _label_offsets(xs: Sequence[float], ys: Sequence[float]) -> list[int]:
    """-1 (label above) or 1 (below) per point: a point close to an earlier one takes the
    other side, so two neighbours' names do not overlap."""
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    offsets: list[int] = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        near = [offsets[j] for j in range(i)
                if abs(xs[j] - x) / span_x < 0.25 and abs(ys[j] - y) / span_y < 0.15]
        offsets.append(1 if near and near[-1] < 0 else -1)
    return offsets
