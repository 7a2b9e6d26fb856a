"""Altair chart builders for KANO results (render with :mod:`cxwidgets.charts`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import i18n
from .charts import PALETTE
from .kano import CATEGORIES

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd


def better_worse(
    summary: pd.DataFrame,
    labels: dict[str, str] | None = None,
    title: str | None = None,
    divider: float = 0.5,
    width: int = 560,
    height: int = 420,
) -> alt.LayerChart:
    """Better (y) against |Worse| (x) with the four labelled quadrants.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`cxwidgets.kano.summarize` (one row per feature).
    labels : dict, optional
        Display name per feature code; codes are shown when missing.
    title : str, optional
        Chart title.
    divider : float
        Where the quadrants split on both axes (0.5 by convention).
    width, height : int
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        Quadrant backgrounds and names, one point per feature coloured by its
        category, and the feature names.
    """
    import altair as alt
    import pandas as pd

    labels = labels or {}
    points = pd.DataFrame(
        {
            "feature": [labels.get(f, f) for f in summary["feature"]],
            "x": summary["worse"].abs().astype(float),
            "y": summary["better"].astype(float),
            "category": [i18n.t(f"kano.category.{c}") for c in summary["category"]],
            "code": summary["category"],
        }
    ).dropna(subset=["x", "y"])
    quadrants = pd.DataFrame(
        [
            {"x": 0, "x2": divider, "y": divider, "y2": 1, "name": i18n.t("kano.chart.quadrant.A"),
             "tx": 0.02, "ty": 0.98, "align": "left", "code": "A"},
            {"x": divider, "x2": 1, "y": divider, "y2": 1, "name": i18n.t("kano.chart.quadrant.O"),
             "tx": 0.98, "ty": 0.98, "align": "right", "code": "O"},
            {"x": divider, "x2": 1, "y": 0, "y2": divider, "name": i18n.t("kano.chart.quadrant.M"),
             "tx": 0.98, "ty": 0.04, "align": "right", "code": "M"},
            {"x": 0, "x2": divider, "y": 0, "y2": divider, "name": i18n.t("kano.chart.quadrant.I"),
             "tx": 0.02, "ty": 0.04, "align": "left", "code": "I"},
        ]
    )
    x_scale = alt.Scale(domain=[0, 1], nice=False)
    y_scale = alt.Scale(domain=[0, 1], nice=False)
    codes = [c for c in CATEGORIES if c in set(points["code"])]
    colour = alt.Color(
        "category:N",
        title=i18n.t("kano.chart.category"),
        scale=alt.Scale(
            domain=[i18n.t(f"kano.category.{c}") for c in codes],
            range=[PALETTE[c] for c in codes],
        ),
    )
    background = (
        alt.Chart(quadrants)
        .mark_rect(opacity=0.07)
        .encode(
            x=alt.X("x:Q", scale=x_scale, title=i18n.t("kano.chart.x")),
            x2="x2",
            y=alt.Y("y:Q", scale=y_scale, title=i18n.t("kano.chart.y")),
            y2="y2",
            color=alt.Color("code:N", scale=alt.Scale(
                domain=["A", "O", "M", "I"], range=[PALETTE[c] for c in "AOMI"]), legend=None),
        )
    )
    names_left = (
        alt.Chart(quadrants[quadrants["align"] == "left"])
        .mark_text(align="left", baseline="middle", fontSize=14, fontWeight="bold", opacity=0.55)
        .encode(x="tx:Q", y="ty:Q", text="name:N")
    )
    names_right = (
        alt.Chart(quadrants[quadrants["align"] == "right"])
        .mark_text(align="right", baseline="middle", fontSize=14, fontWeight="bold", opacity=0.55)
        .encode(x="tx:Q", y="ty:Q", text="name:N")
    )
    rules = alt.Chart(pd.DataFrame({"v": [divider]}))
    vertical = rules.mark_rule(strokeDash=[4, 4], color="#888").encode(x="v:Q")
    horizontal = rules.mark_rule(strokeDash=[4, 4], color="#888").encode(y="v:Q")
    dots = (
        alt.Chart(points)
        .mark_circle(size=110, opacity=0.9)
        .encode(x="x:Q", y="y:Q", color=colour, tooltip=["feature", "category", "x", "y"])
    )
    names = (
        alt.Chart(points)
        .mark_text(align="left", dx=8, dy=-6, fontSize=12)
        .encode(x="x:Q", y="y:Q", text="feature:N")
    )
    chart = alt.layer(
        background, names_left, names_right, vertical, horizontal, dots, names
    ).properties(width=width, height=height).resolve_scale(color="independent")
    if title:
        chart = chart.properties(title=title)
    return chart


def category_mix(
    summary: pd.DataFrame, labels: dict[str, str] | None = None, width: int = 560
) -> alt.Chart:
    """Stacked horizontal bars: the share of each category among a feature's answers.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`cxwidgets.kano.summarize` (one row per feature).
    labels : dict, optional
        Display name per feature code.
    width : int
        Width in pixels.

    Returns
    -------
    altair.Chart
    """
    import altair as alt

    labels = labels or {}
    long = summary.melt(
        id_vars=["feature"], value_vars=list(CATEGORIES), var_name="code", value_name="count"
    )
    long["feature"] = [labels.get(f, f) for f in long["feature"]]
    long["category"] = [i18n.t(f"kano.category.{c}") for c in long["code"]]
    long["order"] = [CATEGORIES.index(c) for c in long["code"]]
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("feature:N", title=None, sort=None),
            x=alt.X("count:Q", stack="normalize", title=i18n.t("kano.chart.share"),
                    axis=alt.Axis(format="%")),
            color=alt.Color(
                "category:N",
                title=i18n.t("kano.chart.category"),
                scale=alt.Scale(
                    domain=[i18n.t(f"kano.category.{c}") for c in CATEGORIES],
                    range=[PALETTE[c] for c in CATEGORIES],
                ),
            ),
            order="order:Q",
        )
        .properties(width=width, height=alt.Step(24))
    )
