"""Report section of lecture 04: journey map, peak-end table, kept redesign, key touchpoints.

The report shows pictures at most :data:`DISPLAY_WIDTH` px wide, so its charts are laid out
at that width (shown unscaled, text at the :data:`cxwidgets.charts.TYPE` sizes): touchpoints
and moments are numbered in the charts and named in the tables under them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from .. import charts, i18n
from ..errors import CXError
from ..journey import Journey, Moment, Redesign, peak_end, scores_of
from ..journey_charts import describe_plan, journey_map_chart, redesign_chart
from ..journey_style import fmt

JOURNEY_SECTION = "04/journey"
RESHAPE_SECTION = "04/reshape"
KEY_SECTION = "04/key_touchpoints"
#: Width of the report's pictures in px: its body is at most 60rem (``cxwidgets.report``).
DISPLAY_WIDTH = 960


def _value(sections: Mapping[str, Any], name: str) -> Any:
    entry = sections.get(name) or {}
    return entry.get("value") if isinstance(entry, Mapping) else None


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], css: str) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f'<table class="{css}"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'


def _touchpoint_table(journey: Journey, language: str) -> str:
    """Number, stage, name, kind, tag and each curve's value of every touchpoint."""
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    head = [
        t("journey.key.col.touchpoint"),
        t("journey.key.col.stage"),
        t("journey.editor.tp_kind"),
        t("journey.editor.tp_tag"),
        *(curve.name for curve in journey.curves),
    ]
    stage_of = {tp.id: stage.name for stage in journey.stages for tp in stage.touchpoints}
    rows = [
        [
            f"{number}. {tp.name}",
            stage_of.get(tp.id, ""),
            t(f"journey.kind.{tp.kind}"),
            "" if tp.tag == "none" else t(f"journey.tag.{tp.tag}"),
            *(fmt(curve.values.get(tp.id)) for curve in journey.curves),
        ]
        for number, tp in enumerate(journey.touchpoints(), start=1)
    ]
    return _table(head, rows, "cx-journey-touchpoints")


def _moments_table(before: Sequence[Moment], after: Sequence[Moment], language: str) -> str:
    """The moments before and after the redesign, numbered as in the redesign chart."""

    def cell(moments: Sequence[Moment], index: int) -> str:
        if index >= len(moments):
            return ""
        moment = moments[index]
        return f"{index + 1}. {moment.name} ({fmt(moment.value)})"

    head = [i18n.t("journey.chart.before", language), i18n.t("journey.chart.after", language)]
    rows = [[cell(before, i), cell(after, i)] for i in range(max(len(before), len(after)))]
    return _table(head, rows, "cx-journey-moments")


def section(workbook_data: Mapping[str, Any], language: str) -> str | None:
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
        chart = journey_map_chart(journey, language, width=DISPLAY_WIDTH)
        parts.append(charts.to_svg(charts.style(chart)))
        parts.append(_touchpoint_table(journey, language))
    rows = []
    for curve in journey.curves:
        episode = journey.episode(curve.id)
        if episode:
            r = peak_end(scores_of(episode))
            rows.append(
                [
                    curve.name,
                    fmt(r.average),
                    fmt(r.remembered),
                    f"{episode[r.peak_index].name} ({fmt(r.peak)})",
                    f"{episode[r.valley_index].name} ({fmt(r.valley)})",
                    f"{episode[r.end_index].name} ({fmt(r.end)})",
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
            chart = redesign_chart(before, after, language, width=DISPLAY_WIDTH)
            parts.append(charts.to_svg(charts.style(chart)))
            parts.append(_moments_table(before, after, language))
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
            reasons = i18n.join(
                (t(f"journey.reason.{r}") for r in item.get("reasons", [])), language
            )
            body.append(
                [
                    item.get("touchpoint", ""),
                    item.get("stage", ""),
                    "" if value is None else fmt(value),
                    reasons,
                    item.get("idea", ""),
                ]
            )
        parts.append(_table(head, body, "cx-journey-key"))
    return "".join(parts)
