"""Altair charts of lecture 01 (render with :mod:`cxwidgets.charts`; altair imported inside).

- :func:`sensitivity_chart`: CLV against retention, the learner's point and the "+5 points"
  step marked;
- :func:`tenure_chart`: a cohort's survivors, observed, fitted by the shifted-beta-geometric
  model and under one average retention rate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import clv, fmt, i18n
from .charts import PALETTE, TYPE
from .clv_html import money, period_name
from .retention import TenureResult

if TYPE_CHECKING:
    import altair as alt

WIDTH = 560
HEIGHT = 300
STEP_COLOUR = "#009e73"


def sensitivity_chart(result: clv.Result, language: str | None = None) -> alt.LayerChart:
    """CLV against retention per period, with the learner's point and the "+5 points" step.

    Parameters
    ----------
    result : cxwidgets.clv.Result
        The calculator's result.
    language : str, optional
        Language of the labels (default: the active one).

    Returns
    -------
    altair.LayerChart
        A new chart: the curve, the learner's point ("now"), the point after five more points
        of yearly retention ("+5") joined to it, with tooltips.
    """
    import altair as alt
    import pandas as pd

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    rows = clv.sensitivity(result)
    frame = pd.DataFrame(rows)
    frame["retention_text"] = [fmt.percent(r, 2) for r in frame["retention"]]
    frame["annual_text"] = [fmt.percent(a, 1) for a in frame["annual"]]
    frame["clv_text"] = [money(v, language) for v in frame["clv"]]
    period = period_name(result.period, language)
    x_title = t("clv.chart.retention_axis", period=period)
    y_title = t("clv.chart.clv_axis")
    tooltip = [
        alt.Tooltip("retention_text:N", title=x_title),
        alt.Tooltip("annual_text:N", title=t("clv.chart.annual")),
        alt.Tooltip("clv_text:N", title=y_title),
    ]
    x = alt.X("retention:Q", title=x_title, scale=alt.Scale(zero=False),
              axis=alt.Axis(format=".1%" if result.period == "month" else ".0%"))
    y = alt.Y("clv:Q", title=y_title, axis=alt.Axis(format=",.0f"))
    line = alt.Chart(frame).mark_line(color=PALETTE["positive"], strokeWidth=2.5).encode(
        x=x, y=y, tooltip=tooltip)
    marked = frame[frame["mark"] != ""].copy()
    effect = clv.step_effect(result)
    change = fmt.percent(effect["change"], 0) if effect else ""
    marked["label"] = [
        t("clv.chart.now", clv=money(v, language)) if m == "now"
        else t(f"clv.chart.step_{result.period}", clv=money(v, language), change=change)
        for m, v in zip(marked["mark"], marked["clv"], strict=True)]
    colours = alt.Color("mark:N", scale=alt.Scale(domain=["now", "step"],
                                                  range=[PALETTE["negative"], STEP_COLOUR]),
                        legend=None)
    rules = alt.Chart(marked).mark_rule(strokeDash=[4, 3], strokeWidth=2).encode(
        x=x, y=alt.Y("zero:Q"), y2="clv:Q", color=colours, tooltip=tooltip
    ).transform_calculate(zero="0")
    points = alt.Chart(marked).mark_point(filled=True, size=110).encode(
        x=x, y=y, tooltip=tooltip, color=colours)
    labels = alt.Chart(marked).mark_text(align="right", dx=-10, dy=-12, fontSize=TYPE["mark"]).encode(
        x=x, y=y, text="label:N")
    return alt.layer(line, rules, points, labels).properties(
        width=WIDTH, height=HEIGHT, title=t("clv.chart.sensitivity_title", clv=money(result.clv, language)))


def tenure_chart(result: TenureResult, language: str | None = None) -> alt.LayerChart:
    """Survivors of a cohort by month: observed, sBG fit and one average rate.

    The months used for the fit are left of the dashed rule; later months check the
    projection. Tooltips give each value.
    """
    import altair as alt
    import pandas as pd

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    months = len(result.observed) - 1
    series = {"observed": result.observed, "model": result.fitted(months),
              "average": result.constant(months)}
    names = {code: t(f"clv.chart.series.{code}") for code in series}
    rows = [{"month": m, "series": names[code], "code": code, "active": float(values[m]),
             "active_text": fmt.integer(values[m])}
            for code, values in series.items() for m in range(months + 1)]
    frame = pd.DataFrame(rows)
    colour = alt.Color("series:N", title=None,
                       scale=alt.Scale(domain=[names[c] for c in series],
                                       range=["#333333", PALETTE["positive"], PALETTE["negative"]]),
                       legend=alt.Legend(orient="bottom"))
    x = alt.X("month:Q", title=t("clv.chart.month_axis"), scale=alt.Scale(domain=[0, months]))
    y = alt.Y("active:Q", title=t("clv.chart.active_axis"), scale=alt.Scale(zero=False))
    tooltip = [alt.Tooltip("series:N", title=t("clv.chart.series_title")),
               alt.Tooltip("month:Q", title=t("clv.chart.month_axis")),
               alt.Tooltip("active_text:N", title=t("clv.chart.active_axis"))]
    dash = alt.StrokeDash("series:N", legend=None,
                          scale=alt.Scale(domain=[names["model"], names["average"]],
                                          range=[[1, 0], [7, 4]]))
    lines = alt.Chart(frame[frame["code"] != "observed"]).mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=colour, strokeDash=dash, tooltip=tooltip)
    dots = alt.Chart(frame[frame["code"] == "observed"]).mark_point(filled=True, size=45).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    rule = alt.Chart(pd.DataFrame([{"month": result.calibration}])).mark_rule(
        strokeDash=[5, 4], color="#777777").encode(x="month:Q")
    note = alt.Chart(pd.DataFrame([{"month": result.calibration, "text": t("clv.chart.fit_until")}])
                     ).mark_text(align="left", dx=4, dy=-HEIGHT / 2 + 12, fontSize=TYPE["small"],
                                 color="#555555").encode(x="month:Q", text="text:N")
    return alt.layer(lines, dots, rule, note).properties(
        width=WIDTH, height=HEIGHT, title=t("clv.chart.tenure_title"))
