"""HTML fragments of lecture 04's exercises: the editor's map overview and the peak-end table.

Numbers follow :func:`cxwidgets.journey_style.fmt` and tag colours come from
:data:`cxwidgets.journey_style.TAG_COLOURS`; the look of the ``cx-journey-*`` and
``cx-pe-*`` classes is in the lecture 04 section of ``static/course.css``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ... import i18n
from ... import journey as J
from ...journey_style import AVERAGE_COLOUR, SCALE_MAX, SCALE_MIN, TAG_COLOURS, fmt
from .controls import t


def esc(text: Any) -> str:
    """``text`` escaped for HTML (quotes too)."""
    return escape(str(text))


def tag_chip(tag: str) -> str:
    """The coloured chip of a touchpoint tag (empty for ``none``)."""
    if tag == "none":
        return ""
    return (
        f'<span class="cx-journey-chip cx-journey-tag-{tag}" '
        f'style="background:{TAG_COLOURS[tag]}">{esc(t(f"journey.tag.{tag}"))}</span>'
    )


def overview_html(journey: J.Journey) -> str:
    """A compact map: one column per stage with its touchpoints as cards (kind, senses, tag)."""
    columns = []
    for stage in journey.stages:
        cards = []
        for tp in stage.touchpoints:
            senses = i18n.join(t(f"journey.sense.{s}") for s in tp.senses)
            note = f'<div class="cx-journey-card-note">{esc(tp.note)}</div>' if tp.note else ""
            cards.append(
                f'<div class="cx-journey-card cx-journey-kind-{tp.kind}" data-touchpoint="{esc(tp.id)}">'
                f'<div class="cx-journey-card-name">{esc(tp.name)}</div>'
                f'<div class="cx-journey-card-meta">{esc(t(f"journey.kind.{tp.kind}"))}'
                f"{' · ' + esc(senses) if senses else ''} {tag_chip(tp.tag)}</div>{note}</div>"
            )
        if not cards:
            cards.append(
                f'<div class="cx-journey-empty">{esc(t("journey.editor.empty_stage"))}</div>'
            )
        columns.append(
            f'<div class="cx-journey-col" data-stage="{esc(stage.id)}">'
            f'<div class="cx-journey-col-head">{esc(stage.name)}</div>{"".join(cards)}</div>'
        )
    return f'<div class="cx-journey-grid">{"".join(columns)}</div>'


def gauge_html(result: J.PeakEnd, colour: str) -> str:
    """Average and remembered feeling as two dots on a -5..+5 line."""

    def left(value: float) -> str:
        return f"{(value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100:.1f}%"

    average = t("journey.analysis.average_dot", value=fmt(result.average))
    remembered = t("journey.analysis.remembered_dot", value=fmt(result.remembered))
    return (
        f'<div class="cx-pe-gauge" role="img" aria-label="{esc(average)}; {esc(remembered)}">'
        '<div class="cx-pe-axis"></div><div class="cx-pe-zero"></div>'
        f'<div class="cx-pe-dot" style="left:{left(result.average)};background:{AVERAGE_COLOUR}"></div>'
        f'<div class="cx-pe-dot-label" style="left:{left(result.average)};top:0">{esc(average)}</div>'
        f'<div class="cx-pe-dot" style="left:{left(result.remembered)};background:{colour}"></div>'
        f'<div class="cx-pe-dot-label" style="left:{left(result.remembered)};top:44px">{esc(remembered)}</div>'
        "</div>"
    )


def analysis_html(journey: J.Journey, curve_id: str | None) -> str:
    """The peak-end table of every curve and the explanation for one of them."""
    rows = []
    drawn: dict[str, tuple[J.Curve, tuple[J.Moment, ...], J.PeakEnd]] = {}
    for curve in journey.curves:
        episode = journey.episode(curve.id)
        if not episode:
            rows.append(
                f'<tr data-curve="{esc(curve.id)}"><td>{esc(curve.name)}</td>'
                f'<td colspan="6">{esc(t("journey.analysis.not_drawn"))}</td></tr>'
            )
            continue
        r = J.peak_end(J.scores_of(episode))
        drawn[curve.id] = (curve, episode, r)
        rows.append(
            f'<tr data-curve="{esc(curve.id)}">'
            f'<td><span style="color:{curve.colour}">●</span> {esc(curve.name)}</td>'
            f'<td class="cx-pe-average" data-curve="{esc(curve.id)}">{fmt(r.average)}</td>'
            f'<td class="cx-pe-remembered" data-curve="{esc(curve.id)}">{fmt(r.remembered)}</td>'
            f"<td>{fmt(r.gap)}</td>"
            f"<td>{esc(episode[r.peak_index].name)} ({fmt(r.peak)})</td>"
            f"<td>{esc(episode[r.valley_index].name)} ({fmt(r.valley)})</td>"
            f"<td>{esc(episode[r.end_index].name)} ({fmt(r.end)})</td></tr>"
        )
    chosen = drawn.get(curve_id or "") or next(iter(drawn.values()), None)
    if not rows:
        return f'<p class="cx-pe-empty">{esc(t("journey.analysis.no_curves"))}</p>'
    head = "".join(
        f"<th>{esc(t(f'journey.analysis.col.{c}'))}</th>"
        for c in ("curve", "average", "remembered", "gap", "peak", "valley", "end")
    )
    table = f'<table class="cx-pe-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    if chosen is None:
        return table
    curve, episode, r = chosen
    key, params = J.explain(r, [m.name for m in episode])
    explanation = (
        f'<div class="cx-pe-explain" data-curve="{esc(curve.id)}" data-key="{esc(key)}">'
        f"<b>{esc(curve.name)}</b>{esc(t('common.colon'))}{esc(t(key, **params))}</div>"
    )
    return table + gauge_html(r, curve.colour) + explanation
