"""The service blueprint as a lane chart (lecture 05).

Five lanes from the top (physical evidence, customer actions, onstage, backstage, support),
the three lines between them (interaction, visibility, internal interaction) drawn dashed
and named, one column per moment in time, a box per step (numbered as in the editor's list,
its border dashed by status), links as lines (thick and blue on the critical path) with an arrowhead where they meet the next
step, fail points as a red diamond and wait points as an amber square. Every box has a
tooltip with the step's fields.

The chart is laid out at :data:`COLUMN` px per column and :data:`LANE` px per lane and is
meant to be shown unscaled (the page scrolls it sideways), so its text keeps the
:data:`cxwidgets.charts.TYPE` sizes on a projector; the report scales it to its width.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from . import i18n
from .blueprint import LANES, LINES, STATUSES, Blueprint, Step, flow
from .charts import TYPE
from .journey_style import wrap

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

COLUMN = 150
LANE = 100
#: Columns drawn at least (an empty or short blueprint still shows its lanes readably).
MIN_COLUMNS = 4
BOX_X = (0.06, 0.94)
BOX_Y = (0.12, 0.9)
LANE_FILL = {
    "evidence": "#f6efe3",
    "customer": "#e4eefa",
    "onstage": "#e5f3e9",
    "backstage": "#f0e7f6",
    "support": "#eceff3",
}
BAND_FILL = ("#ffffff", "#f8fafc")
LINE_COLOUR = "#0b5cad"
TEXT_COLOUR = "#1e293b"
FAIL_COLOUR = "#d55e00"
WAIT_COLOUR = "#b77800"
LINK_COLOUR = "#64748b"
#: Links on the critical path (the longest chain of durations, when the flow has no loop).
CRITICAL_COLOUR = "#0b5cad"
DASHES = {"observed": [1, 0], "assumed": [7, 4], "proposed": [2, 3]}
WRAP_UNITS = 16
#: Height of one line of step text, in lanes (TYPE["mark"] + 4 px of LANE px).
LINE_STEP = (TYPE["mark"] + 4) / LANE


def _label(step: Step) -> list[str]:
    return wrap(step.text or i18n.t("blueprint.step.untitled"), WRAP_UNITS, 3)


def _minutes(value: float | None) -> str:
    from . import fmt

    return fmt.MISSING if value is None else f"{value:g}"


def _inside(step: Step, window: tuple[int, int]) -> bool:
    return window[0] <= step.column < window[1]


def _step_rows(blueprint: Blueprint, window: tuple[int, int]) -> list[dict[str, Any]]:
    numbers = blueprint.numbers()
    rows = []
    for original in blueprint.ordered():
        if not _inside(original, window):
            continue
        step = replace(original, column=original.column - window[0])
        lane = LANES.index(step.lane)
        lines = _label(step)
        rows.append(
            {
                "id": step.id,
                "number": str(numbers[step.id]),
                "x": step.column + BOX_X[0],
                "x2": step.column + BOX_X[1],
                "y": lane + BOX_Y[0],
                "y2": lane + BOX_Y[1],
                "cx": step.column + 0.5,
                # Vega sets the first line of a multi-line text at ``y``: centre the block
                "cy": lane + 0.55 - (len(lines) - 1) * LINE_STEP / 2,
                "nx": step.column + BOX_X[0] + 0.05,
                "ny": lane + BOX_Y[0] + 0.12,
                "mx": step.column + BOX_X[1] - 0.07,
                "wx": step.column + BOX_X[1] - 0.2,
                "lines": lines,
                "lane_label": i18n.t(f"blueprint.lane.{step.lane}"),
                "text": step.text,
                "owner": step.owner or i18n.t("blueprint.none"),
                "duration": _minutes(step.duration),
                "status": i18n.t(f"blueprint.status.{step.status}"),
                "fail": step.fail.text or i18n.t("blueprint.none") if step.fail else "",
                "wait": f"{_minutes(step.wait.standard)} / {_minutes(step.wait.tolerance)}"
                if step.wait
                else "",
                "is_fail": step.fail is not None,
                "is_wait": step.wait is not None,
            }
        )
    return rows


def _link_rows(blueprint: Blueprint, window: tuple[int, int]) -> list[dict[str, Any]]:
    """One row per link inside the window: from box centre to where it meets the target box."""
    numbers = blueprint.numbers()
    known = {s.id: s for s in blueprint.steps}
    result = flow(blueprint)
    critical = set(itertools.pairwise(result.path)) if result.total else set()
    half_w = (BOX_X[1] - BOX_X[0]) / 2 * COLUMN
    half_h = (BOX_Y[1] - BOX_Y[0]) / 2 * LANE
    rows = []
    shift = window[0]
    for step in blueprint.ordered():
        for target_id in step.links:
            target = known[target_id]
            if not (_inside(step, window) and _inside(target, window)):
                continue
            sx, sy = step.column - shift + 0.5, LANES.index(step.lane) + 0.51
            tx, ty = target.column - shift + 0.5, LANES.index(target.lane) + 0.51
            dx, dy = (tx - sx) * COLUMN, (ty - sy) * LANE
            if dx == 0 and dy == 0:
                continue
            scale = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
            ex, ey = tx - scale * dx / COLUMN, ty - scale * dy / LANE
            rows.append(
                {
                    "x": sx,
                    "y": sy,
                    "x2": ex,
                    "y2": ey,
                    "angle": math.degrees(math.atan2(dx, -dy)) % 360,
                    "link": f"{numbers[step.id]} \u2192 {numbers[target_id]}",
                    "critical": (step.id, target_id) in critical,
                }
            )
    return rows


def windows(blueprint: Blueprint, size: int) -> list[tuple[int, int]]:
    """Consecutive column windows of at most ``size`` columns covering the blueprint."""
    total = max(blueprint.columns(), 1)
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def _frame(columns: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Lane bands with their names, and the three lines with theirs."""
    bands = []
    for n, lane in enumerate(LANES):
        name = wrap(i18n.t(f"blueprint.lane.{lane}"), 16, 3)
        bands.append(
            {
                "x": -1.0,
                "x2": float(columns),
                "y": float(n),
                "y2": float(n + 1),
                "fill": BAND_FILL[n % 2],
                "lines": name,
                "lx": -0.93,
                "ly": n + 0.45 - (len(name) - 1) * LINE_STEP / 2,
            }
        )
    lines = [
        {
            "x": -1.0,
            "x2": float(columns),
            "y": float(index),
            "label": i18n.t(f"blueprint.line.{code}"),
            "lx": -0.93,
            "ly": index - 0.03,
        }
        for code, index in LINES
    ]
    return bands, lines


def blueprint_chart(
    blueprint: Blueprint,
    title: str | None = None,
    start: int = 0,
    stop: int | None = None,
    min_columns: int = MIN_COLUMNS,
) -> alt.LayerChart:
    """The lane chart of a blueprint, or of the columns ``start`` .. ``stop - 1`` of it.

    Parameters
    ----------
    blueprint : Blueprint
        The blueprint to draw (steps numbered as in :meth:`Blueprint.numbers`).
    title : str, optional
        Chart title (default: the blueprint's title).
    start, stop : int, optional
        The window of columns to draw (default: all); links leaving the window are not drawn.
    min_columns : int
        Columns drawn at least (the report draws every window at the same width).

    Returns
    -------
    altair.LayerChart
        ``(max(columns, min_columns) + 1) * COLUMN`` px wide, ``5 * LANE`` px high.
    """
    import altair as alt

    window = (start, blueprint.columns() if stop is None else stop)
    columns = max(window[1] - window[0], min_columns)
    width = (columns + 1) * COLUMN
    x = alt.Scale(domain=[-1, columns], nice=False, zero=False)
    y = alt.Scale(domain=[len(LANES), 0], nice=False, zero=False)
    no_axis = {"axis": None}
    bands, lines = _frame(columns)

    def X(field: str) -> alt.X:
        return alt.X(f"{field}:Q", scale=x, **no_axis)

    def Y(field: str) -> alt.Y:
        return alt.Y(f"{field}:Q", scale=y, **no_axis)

    layers: list[Any] = [
        alt.Chart(alt.Data(values=bands))
        .mark_rect()
        .encode(X("x"), x2="x2:Q", y=Y("y"), y2="y2:Q", fill=alt.Fill("fill:N", scale=None)),
        alt.Chart(alt.Data(values=bands))
        .mark_text(align="left", baseline="middle", fontWeight="bold", color=TEXT_COLOUR,
                   fontSize=TYPE["label"], lineHeight=TYPE["label"] + 4)
        .encode(X("lx"), Y("ly"), text="lines:N"),
        alt.Chart(alt.Data(values=lines))
        .mark_rule(strokeDash=[8, 5], strokeWidth=2, color=LINE_COLOUR)
        .encode(X("x"), x2="x2:Q", y=Y("y")),
        alt.Chart(alt.Data(values=lines))
        .mark_text(align="left", baseline="bottom", color=LINE_COLOUR, fontSize=TYPE["small"])
        .encode(X("lx"), Y("ly"), text="label:N"),
    ]
    links = _link_rows(blueprint, window)
    if links:
        layers += [
            alt.Chart(alt.Data(values=links))
            .mark_rule()
            .encode(
                X("x"), x2="x2:Q", y=Y("y"), y2="y2:Q",
                color=alt.condition("datum.critical", alt.value(CRITICAL_COLOUR), alt.value(LINK_COLOUR)),
                strokeWidth=alt.condition("datum.critical", alt.value(3.2), alt.value(1.6)),
                tooltip=[alt.Tooltip("link:N", title=i18n.t("blueprint.chart.tip.link"))],
            ),
            alt.Chart(alt.Data(values=links))
            .mark_point(shape="triangle-up", filled=True, size=90, color=LINK_COLOUR, opacity=1)
            .encode(X("x2"), Y("y2"), angle=alt.Angle("angle:Q", scale=None)),
        ]
    steps = _step_rows(blueprint, window)
    if steps:
        tooltip = [
            alt.Tooltip("number:N", title=i18n.t("blueprint.chart.tip.number")),
            alt.Tooltip("lane_label:N", title=i18n.t("blueprint.chart.tip.lane")),
            alt.Tooltip("text:N", title=i18n.t("blueprint.chart.tip.text")),
            alt.Tooltip("owner:N", title=i18n.t("blueprint.chart.tip.owner")),
            alt.Tooltip("duration:N", title=i18n.t("blueprint.chart.tip.duration")),
            alt.Tooltip("status:N", title=i18n.t("blueprint.chart.tip.status")),
            alt.Tooltip("fail:N", title=i18n.t("blueprint.chart.tip.fail")),
            alt.Tooltip("wait:N", title=i18n.t("blueprint.chart.tip.wait")),
        ]
        status_labels = [i18n.t(f"blueprint.status.{s}") for s in STATUSES]
        fills = [LANE_FILL[lane] for lane in LANES]
        lane_labels = [i18n.t(f"blueprint.lane.{lane}") for lane in LANES]
        data = alt.Data(values=steps)
        layers += [
            alt.Chart(data)
            .mark_rect(stroke=TEXT_COLOUR, strokeWidth=1.5, cornerRadius=6)
            .encode(
                X("x"), x2="x2:Q", y=Y("y"), y2="y2:Q",
                fill=alt.Fill("lane_label:N", scale=alt.Scale(domain=lane_labels, range=fills),
                              legend=None),
                strokeDash=alt.StrokeDash(
                    "status:N",
                    scale=alt.Scale(domain=status_labels, range=[DASHES[s] for s in STATUSES]),
                    legend=None,
                ),
                tooltip=tooltip,
            ),
            alt.Chart(data)
            .mark_text(baseline="middle", color=TEXT_COLOUR, fontSize=TYPE["mark"],
                       lineHeight=TYPE["mark"] + 4)
            .encode(X("cx"), Y("cy"), text="lines:N", tooltip=tooltip),
            alt.Chart(data)
            .mark_text(align="left", baseline="middle", fontWeight="bold", color=LINE_COLOUR,
                       fontSize=TYPE["small"])
            .encode(X("nx"), Y("ny"), text="number:N"),
            alt.Chart(data)
            .transform_filter("datum.is_fail")
            .mark_point(shape="diamond", filled=True, size=220, color=FAIL_COLOUR, opacity=1)
            .encode(X("mx"), Y("ny"), tooltip=tooltip),
            alt.Chart(data)
            .transform_filter("datum.is_wait")
            .mark_point(shape="square", filled=True, size=150, color=WAIT_COLOUR, opacity=1)
            .encode(X("wx"), Y("ny"), tooltip=tooltip),
        ]
    heading = title if title is not None else blueprint.title
    legend = i18n.t("blueprint.chart.legend")
    return alt.layer(*layers).properties(
        width=width,
        height=len(LANES) * LANE,
        title=alt.TitleParams(
            text=heading or i18n.t("blueprint.editor.chart_label"),
            subtitle=legend,
            subtitleFontSize=TYPE["label"],
            subtitleColor=FAIL_COLOUR,
        ),
    )
