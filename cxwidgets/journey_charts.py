"""Charts of lecture 04: the journey map 1.0 and the before/after of a redesign.

Builders return new Altair charts; render them offline with :mod:`cxwidgets.charts`
(``charts.to_svg`` / ``charts.to_png``). :func:`report_section` gives the lecture's
part of the workbook's HTML report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import charts, i18n
from .errors import CXError
from .journey import (
    SCALE_MAX,
    SCALE_MIN,
    Journey,
    Moment,
    PeakEnd,
    Redesign,
    apply_redesign,
    peak_end,
    scores_of,
)

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

JOURNEY_SECTION = "04/journey"
RESHAPE_SECTION = "04/reshape"
KEY_SECTION = "04/key_touchpoints"
TAG_COLOURS = {"pain": "#dc2626", "delight": "#15803d", "itch": "#b45309"}
BAND_COLOURS = ("#eef3f9", "#f8fafc")
BEFORE_COLOUR = "#94a3b8"
AFTER_COLOUR = "#16a34a"
STEP = 78  # pixels per touchpoint
STAGE_Y = 6.3
TAG_Y = -6.1
KIND_Y = -6.9
LABEL_Y = -7.5
Y_DOMAIN = (-9.6, 7.0)
_CJK = re.compile("[\u2e80-\u9fff\uff00-\uffef]")
_TOKENS = re.compile("[\u2e80-\u9fff\uff00-\uffef]|[^\\s\u2e80-\u9fff\uff00-\uffef]+|\\s+")
REDESIGN_LABEL_Y = -5.8
REDESIGN_DOMAIN = (-8.0, 5.4)


def _units(text: str) -> int:
    """Width of ``text`` in label units (CJK glyphs count double)."""
    return sum(2 if _CJK.match(ch) else 1 for ch in text)


def _wrap(text: str, width: int = 12, lines: int = 3) -> list[str]:
    """Split a label into at most ``lines`` lines of ``width`` units, with "…" if cut.

    Chinese breaks between any two characters, other scripts between words.
    """
    out: list[str] = []
    line = ""
    for token in _TOKENS.findall(str(text)):
        if token.isspace():
            line += " " if line else ""
            continue
        rest = token
        while rest and _units(line + rest) > width:
            if line.strip():
                out.append(line.strip())
                line = ""
                continue
            piece = ""
            for ch in rest:
                if _units(piece + ch) > width:
                    break
                piece += ch
            piece = piece or rest[0]
            out.append(piece)
            rest = rest[len(piece) :]
        line += rest
    if line.strip():
        out.append(line.strip())
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, len(out[-1]) - 1)] + "…"
    return out


def _labels_layer(names: Sequence[str], y: Any, at: float) -> alt.Chart:
    """Touchpoint names under the plot as a text layer (cheaper to render than a labelExpr)."""
    import altair as alt

    rows = [
        {"pos": i, "value": at, "text": "\n".join(_wrap(f"{i + 1}. {name}"))}
        for i, name in enumerate(names)
    ]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_text(lineBreak="\n", baseline="top", fontSize=11, lineHeight=14, color="#1e293b")
        .encode(x=_x(), y=y, text="text:N")
    )


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


def _y(title: str) -> Any:
    import altair as alt

    return alt.Y(
        "value:Q",
        scale=alt.Scale(domain=list(Y_DOMAIN), nice=False, zero=False),
        axis=alt.Axis(
            values=list(range(int(SCALE_MIN), int(SCALE_MAX) + 1)),
            title=title,
            grid=False,
            domain=False,
            labelOverlap=False,
        ),
    )


def summary_line(name: str, result: PeakEnd, language: str | None = None) -> str:
    """``现在的感受：记住 -2.5 · 平均 -0.1`` for a chart subtitle or a report."""
    return i18n.t(
        "journey.chart.summary",
        language,
        name=name,
        remembered=f"{result.remembered:+.1f}",
        average=f"{result.average:+.1f}",
    )


def journey_map_chart(journey: Journey, language: str | None = None) -> alt.LayerChart:
    """The journey map 1.0: stages, touchpoints, tags, kinds and every emotion curve.

    Parameters
    ----------
    journey : Journey
        The journey (at least one touchpoint).
    language : str, optional
        Language of the chart's own texts (default: the active one).

    Returns
    -------
    altair.LayerChart
        Stage bands behind, the curves (one colour each, with peak/valley/end of the first
        curve marked), then a row of tags and a row of touchpoint kinds under the axis.

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
    x = _x(count)
    y = _y(t("journey.chart.emotion"))

    bands = [
        {
            "start": b["start"] - 0.5,
            "end": b["end"] - 0.5,
            "mid": (b["start"] + b["end"] - 1) / 2,
            "name": b["name"],
            "fill": BAND_COLOURS[k % 2],
            "top": Y_DOMAIN[1],
            "value": Y_DOMAIN[0],
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
        )
    )
    band_labels = [{"mid": band["mid"], "name": band["name"], "value": STAGE_Y} for band in bands]
    band_text = (
        alt.Chart(alt.Data(values=band_labels))
        .mark_text(fontSize=13, fontWeight="bold", color="#334155")
        .encode(x=_x(None, "mid"), y=y, text="name:N")
    )
    zero = alt.Chart(alt.Data(values=[{"value": 0}])).mark_rule(color="#94a3b8").encode(y=y)

    rows = []
    for curve in journey.curves:
        for pos, tp in enumerate(tps):
            value = curve.values.get(tp.id)
            if value is not None:
                rows.append(
                    {"pos": pos, "value": value, "curve": curve.name, "touchpoint": tp.name}
                )
    names_in_order = [c.name for c in journey.curves]
    colour = alt.Color(
        "curve:N",
        scale=alt.Scale(domain=names_in_order, range=[c.colour for c in journey.curves]),
        legend=alt.Legend(orient="top", title=None, labelFontSize=13, symbolStrokeWidth=3),
    )
    layers = [band_rect, band_text, zero, _labels_layer(names, y, LABEL_Y)]
    if rows:
        data = alt.Data(values=rows)
        lines = (
            alt.Chart(data)
            .mark_line(strokeWidth=3)
            .encode(x=x, y=y, color=colour, detail="curve:N")
        )
        points = (
            alt.Chart(data)
            .mark_circle(size=90, opacity=1, stroke="white", strokeWidth=1.5)
            .encode(x=x, y=y, color=colour)
        )
        layers += [lines, points]
        marks = _peak_end_marks(journey, t)
        if marks:
            layers.append(
                alt.Chart(alt.Data(values=marks))
                .mark_text(fontSize=13, fontWeight="bold")
                .encode(x=x, y=y, text="text:N", fill=alt.Fill("colour:N", scale=None))
            )
    extra = [
        {
            "pos": pos,
            "value": TAG_Y,
            "text": t(f"journey.tag.{tp.tag}"),
            "colour": TAG_COLOURS[tp.tag],
        }
        for pos, tp in enumerate(tps)
        if tp.tag != "none"
    ] + [
        {"pos": pos, "value": KIND_Y, "text": t(f"journey.kind.{tp.kind}"), "colour": "#64748b"}
        for pos, tp in enumerate(tps)
    ]
    layers.append(
        alt.Chart(alt.Data(values=extra))
        .mark_text(fontSize=12, fontWeight="bold")
        .encode(x=x, y=y, text="text:N", fill=alt.Fill("colour:N", scale=None))
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
        fontSize=17,
        subtitleFontSize=13,
        subtitleColor="#475569",
    )
    return alt.layer(*layers).properties(width=max(520, STEP * count), height=500, title=title)


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
            }
            for index, texts in at.items()
        ]
    return []


def redesign_chart(
    before: Sequence[Moment],
    after: Sequence[Moment],
    language: str | None = None,
    colour: str = AFTER_COLOUR,
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
    y = alt.Y(
        "value:Q",
        scale=alt.Scale(domain=list(REDESIGN_DOMAIN), nice=False, zero=False),
        axis=alt.Axis(
            values=list(range(int(SCALE_MIN), int(SCALE_MAX) + 1)),
            title=t("journey.chart.emotion"),
            domain=False,
            labelOverlap=False,
        ),
    )
    label_before = t("journey.chart.before")
    label_after = t("journey.chart.after")
    rows = [{"pos": i, "value": m.value, "curve": label_before} for i, m in enumerate(before)]
    rows += [{"pos": i, "value": m.value, "curve": label_after} for i, m in enumerate(after)]
    colour_scale = alt.Color(
        "curve:N",
        scale=alt.Scale(domain=[label_before, label_after], range=[BEFORE_COLOUR, colour]),
        legend=alt.Legend(orient="top", title=None, labelFontSize=13),
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
        )
    )
    points = alt.Chart(data).mark_circle(size=70, opacity=1).encode(x=x, y=y, color=colour_scale)
    zero = alt.Chart(alt.Data(values=[{"value": 0}])).mark_rule(color="#94a3b8").encode(y=y)
    before_pe = peak_end(scores_of(before))
    after_pe = peak_end(scores_of(after))
    title = alt.TitleParams(
        text=t("journey.chart.redesign_title"),
        subtitle=[
            t(
                "journey.chart.redesign_subtitle",
                before=f"{before_pe.remembered:+.1f}",
                after=f"{after_pe.remembered:+.1f}",
                change=f"{after_pe.remembered - before_pe.remembered:+.1f}",
            )
        ],
        anchor="start",
        fontSize=16,
        subtitleFontSize=13,
        subtitleColor="#475569",
    )
    labels = _labels_layer(names, y, REDESIGN_LABEL_Y)
    return alt.layer(zero, labels, lines, points).properties(
        width=max(420, STEP * count), height=400, title=title
    )


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _value(sections: Mapping[str, Any], name: str) -> Any:
    entry = sections.get(name) or {}
    return entry.get("value") if isinstance(entry, Mapping) else None


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], css: str) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f'<table class="{css}"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'


def report_section(workbook_data: Mapping[str, Any], language: str) -> str | None:
    """Lecture 04's part of the workbook report: map, peak-end table, redesign, key touchpoints.

    Parameters
    ----------
    workbook_data : dict
        The workbook document (``{"sections": {...}}``).
    language : str
        ``"zh-CN"`` or ``"en"``.

    Returns
    -------
    str or None
        An HTML fragment with inline SVG charts, or ``None`` when the learner has no journey.
    """
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    sections = workbook_data.get("sections", {}) if isinstance(workbook_data, Mapping) else {}
    stored = _value(sections, JOURNEY_SECTION)
    if not stored:
        return None
    try:
        journey = Journey.from_dict(stored)
    except CXError as exc:
        return f'<p class="cx-muted">{html.escape(exc.message(language))}</p>'
    parts = [f"<h3>{html.escape(t('journey.report.map'))}</h3>"]
    if journey.touchpoints():
        parts.append(charts.to_svg(charts.style(journey_map_chart(journey, language))))
    rows = []
    for curve in journey.curves:
        episode = journey.episode(curve.id)
        if episode:
            r = peak_end(scores_of(episode))
            rows.append(
                [
                    curve.name,
                    f"{r.average:+.1f}",
                    f"{r.remembered:+.1f}",
                    f"{episode[r.peak_index].name} ({r.peak:+g})",
                    f"{episode[r.valley_index].name} ({r.valley:+g})",
                    f"{episode[r.end_index].name} ({r.end:+g})",
                ]
            )
    if rows:
        head = [
            t(f"journey.analysis.col.{c}")
            for c in ("curve", "average", "remembered", "peak", "valley", "end")
        ]
        parts.append(_table(head, rows, "cx-journey-peak-end"))
    reshape = _value(sections, RESHAPE_SECTION) or {}
    kept = reshape.get("kept") if isinstance(reshape, Mapping) else None
    if kept:
        try:
            before = [
                Moment(str(m["id"]), str(m["name"]), float(m["value"])) for m in kept["before"]
            ]
            after = [Moment(str(m["id"]), str(m["name"]), float(m["value"])) for m in kept["after"]]
            parts.append(f"<h3>{html.escape(t('journey.report.redesign'))}</h3>")
            parts.append(charts.to_svg(charts.style(redesign_chart(before, after, language))))
            moves = describe_plan(Redesign.from_dict(kept.get("plan")), before, language)
            if moves:
                parts.append(
                    "<ul>" + "".join(f"<li>{html.escape(m)}</li>" for m in moves) + "</ul>"
                )
        except (CXError, KeyError, TypeError, ValueError):
            parts.append(
                f'<p class="cx-muted">{html.escape(t("journey.report.redesign_unreadable"))}</p>'
            )
    key = _value(sections, KEY_SECTION) or {}
    items = key.get("items") if isinstance(key, Mapping) else None
    if items:
        parts.append(f"<h3>{html.escape(t('journey.report.key'))}</h3>")
        head = [
            t("journey.key.col.touchpoint"),
            t("journey.key.col.stage"),
            t("journey.key.col.value"),
            t("journey.key.col.reasons"),
            t("journey.key.col.idea"),
        ]
        body = []
        for item in items:
            value = item.get("value")
            reasons = t("journey.list_separator").join(
                t(f"journey.reason.{r}") for r in item.get("reasons", [])
            )
            body.append(
                [
                    item.get("touchpoint", ""),
                    item.get("stage", ""),
                    "" if value is None else f"{value:+g}",
                    reasons,
                    item.get("idea", ""),
                ]
            )
        parts.append(_table(head, body, "cx-journey-key"))
    return "".join(parts)


def describe_plan(
    plan: Redesign, before: Sequence[Moment], language: str | None = None
) -> list[str]:
    """One sentence per move used in ``plan`` (for the report and the what-if summary)."""
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    names = {m.id: m.name for m in before}
    out = []
    if plan.peak_id in names:
        out.append(
            t("journey.move.peak.done", name=names[plan.peak_id], amount=f"{plan.peak_amount:g}")
        )
    if plan.valley_id in names:
        out.append(
            t(
                "journey.move.valley.done",
                name=names[plan.valley_id],
                amount=f"{plan.valley_amount:g}",
            )
        )
    if plan.end_name:
        out.append(t("journey.move.end.added", name=plan.end_name, value=f"{plan.end_value:+g}"))
    elif plan.end_amount:
        out.append(t("journey.move.end.strengthened", amount=f"{plan.end_amount:g}"))
    if plan.move_id in names:
        out.append(
            t("journey.move.order.done", name=names[plan.move_id], position=plan.move_to + 1)
        )
    return out


def redesign_of(journey: Journey, curve_id: str, plan: Redesign) -> Any:
    """Apply ``plan`` to a journey's curve (see :func:`cxwidgets.journey.apply_redesign`)."""
    return apply_redesign(journey.episode(curve_id), plan)
