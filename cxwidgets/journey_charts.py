"""Charts of lecture 04: the journey map 1.0 and the before/after of a redesign.

Builders return new Altair charts; render them offline with :mod:`cxwidgets.charts`
(``charts.to_svg`` / ``charts.to_png``). The lecture's part of the workbook's HTML report
is :func:`cxwidgets.reports.l04.section`. Numbers, tag colours and label wrapping follow
:mod:`cxwidgets.journey_style`, like the browser's emotion curve; text sizes are
:data:`cxwidgets.charts.TYPE`.

Two layouts:

* the full map (``width=None``, the export and the preview): :data:`STEP` px per
  touchpoint, each named under the plot with its tag and kind, the plot
  :data:`PLOT_HEIGHT` px high;
* a map of a given total ``width`` (the report, whose page shows pictures at most
  960 px wide): the chart is laid out to exactly that width, so it is shown unscaled
  and its text keeps its size; touchpoints are numbered under the plot (coloured by
  their tag) and the report lists them in a table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import i18n
from .charts import TYPE
from .errors import CXError
from .journey import (
    Journey,
    Moment,
    PeakEnd,
    Redesign,
    apply_redesign,
    peak_end,
    scores_of,
)
from .journey_style import (
    AFTER_COLOUR,
    BEFORE_COLOUR,
    NUMBER_FORMAT,
    SCALE_MAX,
    SCALE_MIN,
    TAG_COLOURS,
    fmt,
    wrap,
)

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

BAND_COLOURS = ("#eef3f9", "#f8fafc")
#: Pixels per touchpoint in the full map: room for a 12-unit name line and the longest kind
#: ("interpersonal", bold) at TYPE["small"], with a gap.
STEP = 96
PLOT_HEIGHT = 500
NUMBERED_HEIGHT = 420  # the numbered map has no rows of names, tags and kinds under the plot
LABEL_COLOUR = "#1e293b"
STAGE_Y = 6.3
TAG_Y = -6.1
KIND_Y = -6.9
LABEL_Y = -7.5
Y_DOMAIN = (-9.6, 7.0)
NUMBER_Y = -5.9  # the numbered layout: one row of numbers under the scale
NUMBERED_DOMAIN = (-7.0, 7.0)
REDESIGN_LABEL_Y = -5.8
REDESIGN_DOMAIN = (-8.0, 5.4)
REDESIGN_NUMBERED_DOMAIN = (-6.8, 5.4)
AXIS_ROOM = 80  # px left of the plot for the scale's numbers and title (for wrapping only)
UNIT_EM = 0.6  # width of one label unit (journey_style.units) in font sizes, Latin included
#: Vega format of an emotion value in a tooltip: signed, with the decimals of
#: :func:`journey_style.fmt` (``+2.5``).
VALUE_FORMAT = f"+.{NUMBER_FORMAT['decimals']}f"


def _tip(field: str, key: str, language: str | None, format: str | None = None) -> Any:
    """One tooltip row: ``field`` (``name:type``) titled by the catalogue ``key``."""
    import altair as alt

    if format is None:
        return alt.Tooltip(field, title=i18n.t(key, language))
    return alt.Tooltip(field, title=i18n.t(key, language), format=format)


def _touchpoint_tips(language: str | None) -> list[Any]:
    """Tooltip rows of a touchpoint: name, stage, kind and tag (fields of :func:`_about`)."""
    return [
        _tip("touchpoint:N", "journey.key.col.touchpoint", language),
        _tip("stage:N", "journey.key.col.stage", language),
        _tip("kind:N", "journey.chart.tip.kind", language),
        _tip("tag:N", "journey.chart.tip.tag", language),
    ]


def _about(journey: Journey, language: str | None) -> list[dict[str, str]]:
    """Per touchpoint, in order, what its tooltip says: name, stage, kind and tag."""
    return [
        {
            "touchpoint": tp.name,
            "stage": stage.name,
            "kind": i18n.t(f"journey.kind.{tp.kind}", language),
            "tag": i18n.t(f"journey.tag.{tp.tag}", language),
        }
        for stage in journey.stages
        for tp in stage.touchpoints
    ]


def _units_in(pixels: float, font_size: int) -> int:
    """How many label units (a CJK character is two) fit in ``pixels`` at ``font_size``."""
    return max(2, int(pixels / (UNIT_EM * font_size)))


def _labels_layer(
    names: Sequence[str], y: Any, at: float, about: Sequence[dict[str, Any]], tips: list[Any]
) -> alt.Chart:
    """Touchpoint names under the plot as a text layer (cheaper to render than a labelExpr);
    ``about`` holds the fields of each name's tooltip ``tips``."""
    import altair as alt

    size = TYPE["small"]
    rows = [
        {**fields, "pos": i, "value": at, "text": "\n".join(wrap(f"{i + 1}. {name}"))}
        for i, (name, fields) in enumerate(zip(names, about, strict=True))
    ]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_text(
            lineBreak="\n", baseline="top", fontSize=size, lineHeight=size + 4, color=LABEL_COLOUR
        )
        .encode(x=_x(), y=y, text="text:N", tooltip=tips)
    )


def _numbers_layer(
    colours: Sequence[str], y: Any, at: float, about: Sequence[dict[str, Any]], tips: list[Any]
) -> alt.Chart:
    """Touchpoint numbers (``1``, ``2``, ...) under the plot, each in the given colour, with
    the tooltip ``tips`` (fields in ``about``, per number)."""
    import altair as alt

    rows = [
        {**fields, "pos": i, "value": at, "text": str(i + 1), "colour": colour}
        for i, (colour, fields) in enumerate(zip(colours, about, strict=True))
    ]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_text(baseline="top", fontSize=TYPE["label"], fontWeight="bold")
        .encode(x=_x(), y=y, text="text:N", fill=alt.Fill("colour:N", scale=None), tooltip=tips)
    )


def _size(width: int | None, count: int, minimum: int, height: int) -> dict[str, Any]:
    """Chart properties: :data:`STEP` px per position, or exactly ``width`` px in all."""
    import altair as alt

    if width is None:
        return {"width": max(minimum, STEP * count), "height": height}
    return {
        "width": width,
        "height": height,
        "autosize": alt.AutoSizeParams(type="fit-x", contains="padding"),
    }


def _step(width: int | None, count: int) -> float:
    """Pixels per position: :data:`STEP`, or about what ``width`` leaves per position."""
    return STEP if width is None else max(1.0, (width - AXIS_ROOM) / max(count, 1))


def _x(count: int | None = None, field: str = "pos") -> Any:
    """Touchpoint position on x (no axis: names are drawn by :func:`_labels_layer`)."""
    import altair as alt

    if count is None:
        return alt.X(f"{field}:Q", axis=None)
    return alt.X(
        f"{field}:Q",
        scale=alt.Scale(domain=[-0.5, count - 0.5], nice=False, zero=False),
        axis=None,
    )


def _ticks() -> list[int]:
    return list(range(int(SCALE_MIN), int(SCALE_MAX) + 1))


def _tick_labels() -> str:
    """A Vega ``labelExpr`` showing each tick as :func:`journey_style.fmt` writes it (``+5``)."""
    labels = {str(v): fmt(v, digits=0) for v in _ticks()}
    return f"{json.dumps(labels, ensure_ascii=False)}[datum.value + '']"


def _axis(title: str, **extra: Any) -> Any:
    import altair as alt

    return alt.Axis(
        values=_ticks(),
        labelExpr=_tick_labels(),
        title=title,
        domain=False,
        labelOverlap=False,
        **extra,
    )


def _y(title: str, domain: Sequence[float] = Y_DOMAIN) -> Any:
    import altair as alt

    return alt.Y(
        "value:Q",
        scale=alt.Scale(domain=list(domain), nice=False, zero=False),
        axis=_axis(title, grid=False),
    )


def summary_line(name: str, result: PeakEnd, language: str | None = None) -> str:
    """``现在的感受：记住 -2.5 · 平均 -0.1`` for a chart subtitle or a report."""
    return i18n.t(
        "journey.chart.summary",
        language,
        name=name,
        remembered=fmt(result.remembered),
        average=fmt(result.average),
    )


def journey_map_chart(
    journey: Journey, language: str | None = None, *, width: int | None = None
) -> alt.LayerChart:
    """The journey map 1.0: stages, touchpoints, tags, kinds and every emotion curve.

    Parameters
    ----------
    journey : Journey
        The journey (at least one touchpoint).
    language : str, optional
        Language of the chart's own texts (default: the active one).
    width : int, optional
        Total width in px (axis, title and padding included) for a numbered map of that
        size, e.g. the report's; default the full map, :data:`STEP` px per touchpoint.

    Returns
    -------
    altair.LayerChart
        Stage bands behind, the curves (one colour each, with peak/valley/end of the first
        curve marked), then under the axis either the touchpoints' names with a row of tags
        and a row of kinds (full map) or their numbers in their tag's colour (``width``).

    Raises
    ------
    CXError
        The journey has no touchpoint.
    """
    import altair as alt

    tps = journey.touchpoints()
    if not tps:
        raise CXError("journey.error.no_touchpoints")
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    count = len(tps)
    names = [tp.name for tp in tps]
    numbered = width is not None
    step = _step(width, count)
    x = _x(count)
    domain = NUMBERED_DOMAIN if numbered else Y_DOMAIN
    y = _y(t("journey.chart.emotion"), domain)

    bands = [
        {
            "start": b["start"] - 0.5,
            "end": b["end"] - 0.5,
            "mid": (b["start"] + b["end"] - 1) / 2,
            "name": b["name"],
            "fill": BAND_COLOURS[k % 2],
            "top": domain[1],
            "value": domain[0],
        }
        for k, b in enumerate(journey.bands())
        if b["end"] > b["start"]
    ]
    band_rect = (
        alt.Chart(alt.Data(values=bands))
        .mark_rect()
        .encode(
            x=_x(count, "start"),
            x2="end:Q",
            y=y,
            y2="top:Q",
            fill=alt.Fill("fill:N", scale=None),
            tooltip=[_tip("name:N", "journey.key.col.stage", language)],
        )
    )
    stage_size = TYPE["label"]
    band_labels = [
        {
            "mid": band["mid"],
            "name": "\n".join(
                wrap(band["name"], _units_in((band["end"] - band["start"]) * step - 8, stage_size))
            ),
            "value": STAGE_Y,
            "stage": band["name"],
        }
        for band in bands
    ]
    band_text = (
        alt.Chart(alt.Data(values=band_labels))
        .mark_text(
            fontSize=stage_size,
            fontWeight="bold",
            color="#334155",
            lineBreak="\n",
            lineHeight=stage_size + 3,
        )
        .encode(x=_x(None, "mid"), y=y, text="name:N",
                tooltip=[_tip("stage:N", "journey.key.col.stage", language)])
    )
    zero = alt.Chart(alt.Data(values=[{"value": 0}])).mark_rule(color="#94a3b8").encode(y=y)

    about = _about(journey, language)
    touchpoint_tips = _touchpoint_tips(language)
    curve_tip = _tip("curve:N", "journey.analysis.col.curve", language)
    value_tip = _tip("value:Q", "journey.key.col.value", language, VALUE_FORMAT)
    rows = []
    for curve in journey.curves:
        for pos, tp in enumerate(tps):
            value = curve.values.get(tp.id)
            if value is not None:
                rows.append({**about[pos], "pos": pos, "value": value, "curve": curve.name})
    names_in_order = [c.name for c in journey.curves]
    colour = alt.Color(
        "curve:N",
        scale=alt.Scale(domain=names_in_order, range=[c.colour for c in journey.curves]),
        legend=alt.Legend(
            orient="top", title=None, labelFontSize=TYPE["label"], symbolStrokeWidth=3
        ),
    )
    under = (
        _numbers_layer(
            [TAG_COLOURS[tp.tag] if tp.tag != "none" else LABEL_COLOUR for tp in tps],
            y, NUMBER_Y, about, touchpoint_tips,
        )
        if numbered
        else _labels_layer(names, y, LABEL_Y, about, touchpoint_tips)
    )
    layers = [band_rect, band_text, zero, under]
    if rows:
        data = alt.Data(values=rows)
        lines = (
            alt.Chart(data)
            .mark_line(strokeWidth=3)
            .encode(x=x, y=y, color=colour, detail="curve:N", tooltip=[curve_tip])
        )
        points = (
            alt.Chart(data)
            .mark_circle(size=90, opacity=1, stroke="white", strokeWidth=1.5)
            .encode(x=x, y=y, color=colour,
                    tooltip=[touchpoint_tips[0], curve_tip, value_tip, *touchpoint_tips[1:]])
        )
        layers += [lines, points]
        marks = _peak_end_marks(journey, t)
        if marks:
            layers.append(
                alt.Chart(alt.Data(values=marks))
                .mark_text(fontSize=TYPE["mark"], fontWeight="bold")
                .encode(
                    x=x, y=y, text="text:N", fill=alt.Fill("colour:N", scale=None),
                    tooltip=[
                        _tip("text:N", "journey.chart.tip.mark", language),
                        touchpoint_tips[0],
                        curve_tip,
                        _tip("emotion:Q", "journey.key.col.value", language, VALUE_FORMAT),
                    ],
                )
            )
    extra = [
        {
            **about[pos],
            "pos": pos,
            "value": TAG_Y,
            "text": t(f"journey.tag.{tp.tag}"),
            "colour": TAG_COLOURS[tp.tag],
        }
        for pos, tp in enumerate(tps)
        if tp.tag != "none"
    ] + [
        {
            **about[pos],
            "pos": pos,
            "value": KIND_Y,
            "text": t(f"journey.kind.{tp.kind}"),
            "colour": "#64748b",
        }
        for pos, tp in enumerate(tps)
    ]
    if not numbered:
        layers.append(
            alt.Chart(alt.Data(values=extra))
            .mark_text(fontSize=TYPE["small"], fontWeight="bold")
            .encode(x=x, y=y, text="text:N", fill=alt.Fill("colour:N", scale=None),
                    tooltip=touchpoint_tips)
        )
    subtitle = []
    for curve in journey.curves:
        episode = journey.episode(curve.id)
        if episode:
            subtitle.append(summary_line(curve.name, peak_end(scores_of(episode)), language))
    title = alt.TitleParams(
        text=journey.title or t("journey.chart.map_title"),
        subtitle=subtitle or [t("journey.chart.no_curve")],
        anchor="start",
        fontSize=TYPE["title"],
        subtitleFontSize=TYPE["small"],
        subtitleColor="#475569",
    )
    return alt.layer(*layers).properties(
        title=title,
        **_size(width, count, minimum=520, height=NUMBERED_HEIGHT if numbered else PLOT_HEIGHT),
    )


def _peak_end_marks(journey: Journey, t: Any) -> list[dict[str, Any]]:
    """Peak/valley/end labels of the first curve that has values."""
    tps = journey.touchpoints()
    position = {tp.id: pos for pos, tp in enumerate(tps)}
    for curve in journey.curves:
        episode = journey.episode(curve.id)
        if not episode:
            continue
        result = peak_end(scores_of(episode))
        at: dict[int, list[str]] = {}
        for kind, index in (
            ("peak", result.peak_index),
            ("valley", result.valley_index),
            ("end", result.end_index),
        ):
            at.setdefault(index, []).append(t(f"journey.curve.{kind}"))
        valley_only = {result.valley_index} - {result.peak_index, result.end_index}
        return [
            {
                "pos": position[episode[index].id],
                # Labels sit above the point, the valley's below it (in emotion units).
                "value": episode[index].value + (-0.75 if index in valley_only else 0.6),
                "text": "·".join(texts),
                "colour": curve.colour,
                "touchpoint": episode[index].name,
                "curve": curve.name,
                "emotion": episode[index].value,
            }
            for index, texts in at.items()
        ]
    return []


def redesign_chart(
    before: Sequence[Moment],
    after: Sequence[Moment],
    language: str | None = None,
    colour: str = AFTER_COLOUR,
    *,
    width: int | None = None,
) -> alt.LayerChart:
    """The curve before (grey, dashed) and after a redesign, moment by moment.

    Parameters
    ----------
    before, after : sequence of Moment
        The episodes (``RedesignResult.before`` / ``.after``); x is the step in time,
        labelled with the moments after the redesign.
    language : str, optional
        Language of the chart's texts.
    colour : str
        Colour of the redesigned curve.
    width : int, optional
        Total width in px for a chart of that size with the moments numbered (``1``, ``2``,
        ... in the order after the redesign) instead of named; default :data:`STEP` px per
        moment, named.

    Returns
    -------
    altair.LayerChart
    """
    import altair as alt

    if not before or not after:
        raise CXError("journey.error.empty_scores")
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    count = max(len(before), len(after))
    names = [m.name for m in after] + [m.name for m in before[len(after) :]]
    x = _x(count)
    numbered = width is not None
    y = alt.Y(
        "value:Q",
        scale=alt.Scale(
            domain=list(REDESIGN_NUMBERED_DOMAIN if numbered else REDESIGN_DOMAIN),
            nice=False,
            zero=False,
        ),
        axis=_axis(t("journey.chart.emotion")),
    )
    label_before = t("journey.chart.before")
    label_after = t("journey.chart.after")
    rows = [
        {"pos": i, "value": m.value, "curve": label_before, "moment": m.name}
        for i, m in enumerate(before)
    ]
    rows += [
        {"pos": i, "value": m.value, "curve": label_after, "moment": m.name}
        for i, m in enumerate(after)
    ]
    moment_tip = _tip("moment:N", "journey.key.col.touchpoint", language)
    curve_tip = _tip("curve:N", "journey.analysis.col.curve", language)
    value_tip = _tip("value:Q", "journey.key.col.value", language, VALUE_FORMAT)
    colour_scale = alt.Color(
        "curve:N",
        scale=alt.Scale(domain=[label_before, label_after], range=[BEFORE_COLOUR, colour]),
        legend=alt.Legend(orient="top", title=None, labelFontSize=TYPE["label"]),
    )
    data = alt.Data(values=rows)
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=3)
        .encode(
            x=x,
            y=y,
            color=colour_scale,
            strokeDash=alt.StrokeDash(
                "curve:N",
                scale=alt.Scale(domain=[label_before, label_after], range=[[6, 4], [1, 0]]),
                legend=None,
            ),
            tooltip=[curve_tip],
        )
    )
    points = alt.Chart(data).mark_circle(size=70, opacity=1).encode(
        x=x, y=y, color=colour_scale, tooltip=[moment_tip, curve_tip, value_tip]
    )
    zero = alt.Chart(alt.Data(values=[{"value": 0}])).mark_rule(color="#94a3b8").encode(y=y)
    before_pe = peak_end(scores_of(before))
    after_pe = peak_end(scores_of(after))
    title = alt.TitleParams(
        text=t("journey.chart.redesign_title"),
        subtitle=[
            t(
                "journey.chart.redesign_subtitle",
                before=fmt(before_pe.remembered),
                after=fmt(after_pe.remembered),
                change=fmt(after_pe.remembered - before_pe.remembered),
            )
        ],
        anchor="start",
        fontSize=TYPE["title"],
        subtitleFontSize=TYPE["small"],
        subtitleColor="#475569",
    )
    about = [{"moment": name} for name in names]
    labels = (
        _numbers_layer([LABEL_COLOUR] * count, y, REDESIGN_LABEL_Y, about, [moment_tip])
        if numbered
        else _labels_layer(names, y, REDESIGN_LABEL_Y, about, [moment_tip])
    )
    return alt.layer(zero, labels, lines, points).properties(
        title=title, **_size(width, count, minimum=420, height=400)
    )


def describe_plan(
    plan: Redesign, before: Sequence[Moment], language: str | None = None
) -> list[str]:
    """One sentence per move used in ``plan`` (for the report and the what-if summary)."""
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    names = {m.id: m.name for m in before}
    out = []
    if plan.peak_id in names:
        out.append(
            t(
                "journey.move.peak.done",
                name=names[plan.peak_id],
                amount=fmt(plan.peak_amount, signed=False),
            )
        )
    if plan.valley_id in names:
        out.append(
            t(
                "journey.move.valley.done",
                name=names[plan.valley_id],
                amount=fmt(plan.valley_amount, signed=False),
            )
        )
    if plan.end_name:
        out.append(t("journey.move.end.added", name=plan.end_name, value=fmt(plan.end_value)))
    elif plan.end_amount:
        out.append(t("journey.move.end.strengthened", amount=fmt(plan.end_amount, signed=False)))
    if plan.move_id in names:
        out.append(
            t("journey.move.order.done", name=names[plan.move_id], position=plan.move_to + 1)
        )
    return out


def redesign_of(journey: Journey, curve_id: str, plan: Redesign) -> Any:
    """Apply ``plan`` to a journey's curve (see :func:`cxwidgets.journey.apply_redesign`)."""
    return apply_redesign(journey.episode(curve_id), plan)
