"""HTML fragments of lecture 08, shared by the widgets and the report (no widget import)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from . import fmt, i18n, nps


def _t(key: str, language: str | None = None, **params: Any) -> str:
    return html.escape(i18n.t(key, language, **params))


def touchpoint_label(tp: str, language: str | None = None) -> str:
    """Short name of a sample-journey touchpoint (``nps.tp.<id>``), else the id."""
    key = f"nps.tp.{tp}"
    return i18n.t(key, language) if key in i18n.catalogue() else str(tp)


def segment_text(column: str, value: str, language: str | None = None) -> str:
    """Translated segment value (``common.segment.<column>.<value>``), else the value.

    ``tenure_tier`` values (``"3m · senior"``) are translated part by part.
    """
    if column == "tenure_tier" and " · " in str(value):
        tenure, tier = str(value).split(" · ", 1)
        return f"{segment_text('tenure', tenure, language)} · {segment_text('tier', tier, language)}"
    key = f"common.segment.{column}.{value}"
    return i18n.t(key, language) if key in i18n.catalogue() else str(value)


def note(text: str, kind: str = "info") -> str:
    role = "alert" if kind == "error" else "status"
    return f'<div class="cx-msg cx-msg-{kind}" role="{role}">{html.escape(text)}</div>'


def score_html(summary: Mapping[str, Any], language: str | None = None) -> str:
    """The NPS with margin and interval, the counts, CSAT (Wilson) and CES (t interval)."""
    s = summary["nps"]
    parts = [
        '<div class="cx-nps-score">',
        f'<div class="cx-nps-big" aria-label="NPS">{html.escape(fmt.signed(s["nps"], 1))}</div>',
        f'<div class="cx-nps-moe">{_t("nps.score.moe", language, moe=fmt.number(s["moe"], 1), low=fmt.signed(s["low"], 1), high=fmt.signed(s["high"], 1))}</div>',
        f'<div class="cx-nps-counts">{_t("nps.score.counts", language, n=s["n"], promoters=s["promoters"], passives=s["passives"], detractors=s["detractors"])}</div>',
        "</div>",
    ]
    if s["n"] < nps.SMALL_SAMPLE and "adjusted_low" in s:
        parts.append(
            f'<p class="cx-nps-adjusted">{_t("nps.score.adjusted", language, low=fmt.signed(s["adjusted_low"], 1), high=fmt.signed(s["adjusted_high"], 1))}</p>'
        )
    csat = summary.get("csat")
    if csat:
        parts.append(
            f'<p class="cx-nps-csat">{_t("nps.score.csat", language, share=fmt.percent(csat["share"], 1), low=fmt.percent(csat["low"], 1), high=fmt.percent(csat["high"], 1), n=csat["n"])}</p>'
        )
    ces = summary.get("ces")
    if ces:
        parts.append(
            f'<p class="cx-nps-ces">{_t("nps.score.ces", language, mean=fmt.number(ces["mean"], 2), low=fmt.number(ces["low"], 2), high=fmt.number(ces["high"], 2), n=ces["n"])}</p>'
        )
    return "".join(parts)


def planner_html(margin: float, n_needed: int, n_have: int, moe_have: float,
                 language: str | None = None) -> str:
    """The sample-size planner's answer."""
    key = "nps.planner.enough" if n_have >= n_needed else "nps.planner.short"
    return (
        f'<p class="cx-nps-planner-result">{_t("nps.planner.result", language, margin=fmt.plain(margin), n=fmt.integer(n_needed))}</p>'
        f'<p class="cx-note">{_t(key, language, have=fmt.integer(n_have), moe=fmt.number(moe_have, 1))}</p>'
    )


def comparison_html(comparison: Mapping[str, Any], column: str, a: str, b: str,
                    language: str | None = None) -> str:
    """Two segments' NPS, the difference, z and p, and what that means."""
    name_a, name_b = segment_text(column, a, language), segment_text(column, b, language)
    verdict = "nps.compare.significant" if comparison["p"] < 0.05 else "nps.compare.not_significant"
    return (
        '<table class="cx-table cx-nps-compare-table"><thead><tr>'
        f'<th>{_t("nps.table.segment", language)}</th><th>n</th><th>NPS</th><th>±</th></tr></thead><tbody>'
        f'<tr><td>{html.escape(name_a)}</td><td>{comparison["a"]["n"]}</td><td>{fmt.signed(comparison["a"]["nps"], 1)}</td><td>{fmt.number(comparison["a"]["moe"], 1)}</td></tr>'
        f'<tr><td>{html.escape(name_b)}</td><td>{comparison["b"]["n"]}</td><td>{fmt.signed(comparison["b"]["nps"], 1)}</td><td>{fmt.number(comparison["b"]["moe"], 1)}</td></tr>'
        "</tbody></table>"
        f'<p class="cx-nps-compare-result">{_t("nps.compare.result", language, difference=fmt.signed(comparison["difference"], 1), z=fmt.number(comparison["z"], 2), p=fmt.p_value(comparison["p"]))}</p>'
        f'<p class="cx-note">{_t(verdict, language, a=name_a, b=name_b)}</p>'
    )


def segments_table(rows: Sequence[Mapping[str, Any]], column: str, language: str | None = None) -> str:
    """Every segment against the rest: n, NPS ± margin, difference, p, Holm p, verdict."""
    head = "".join(
        f"<th>{_t(f'nps.table.{k}', language)}</th>"
        for k in ("segment", "n", "nps", "difference", "p", "p_holm", "verdict")
    )
    body = []
    for r in rows:
        state = "small" if r["small"] else "significant" if r["significant"] else "plain"
        body.append(
            f'<tr class="cx-nps-seg-{state}"><td>{html.escape(segment_text(column, r["segment"], language))}</td>'
            f"<td>{r['n']}</td><td>{fmt.signed(r['nps'], 1)} ± {fmt.number(r['moe'], 1)}</td>"
            f"<td>{fmt.signed(r['difference'], 1)}</td><td>{fmt.p_value(r['p'])}</td>"
            f"<td>{fmt.p_value(r['p_holm'])}</td><td>{_t(f'nps.segments.state.{state}', language)}</td></tr>"
        )
    return (f'<table class="cx-table cx-nps-segments-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def drivers_table(result: Mapping[str, Any], matrix: Sequence[Mapping[str, Any]],
                  language: str | None = None) -> str:
    """Touchpoints by driver strength: rho [interval], top share, mean satisfaction, quadrant."""
    quadrant = {r["touchpoint"]: r for r in matrix}
    order = sorted((tp for tp, v in result["rho"].items() if v is not None and v == v),
                   key=lambda tp: -result["rho"][tp])
    head = "".join(
        f"<th>{_t(f'nps.table.{k}', language)}</th>"
        for k in ("touchpoint", "rho", "interval", "top", "performance", "quadrant")
    )
    body = []
    for tp in order:
        q = quadrant.get(tp, {})
        body.append(
            f'<tr class="cx-nps-driver-{html.escape(tp)}"><td>{html.escape(touchpoint_label(tp, language))}</td>'
            f"<td>{fmt.number(result['rho'][tp], 2)}</td>"
            f"<td>[{fmt.number(result['low'].get(tp), 2)}, {fmt.number(result['high'].get(tp), 2)}]</td>"
            f"<td>{fmt.percent(result['top_share'].get(tp), 0)}</td>"
            f"<td>{fmt.number(q.get('performance'), 2)}</td>"
            f"<td>{_t('nps.quadrant.' + q['quadrant'], language) if q else fmt.MISSING}</td></tr>"
        )
    return (f'<table class="cx-table cx-nps-drivers-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def word_label(word: Mapping[str, Any]) -> str:
    """A word of the voice list as shown on its button: the word and its z."""
    return f"{word['word']} ({fmt.signed(word['z'], 1)})"


def comments_html(word: str, comments: Sequence[Mapping[str, Any]], touchpoints: Sequence[str],
                  language: str | None = None) -> str:
    """The comments behind a word, with the touchpoints the word names."""
    items = "".join(
        f'<li><span class="cx-nps-comment-score">{int(c["recommend"])}</span> {html.escape(c["comment"])}</li>'
        for c in comments
    )
    names = i18n.join([touchpoint_label(tp, language) for tp in touchpoints], language)
    linked = _t("nps.voice.linked", language, touchpoints=names) if touchpoints else _t("nps.voice.unlinked", language)
    return (
        f'<p class="cx-nps-word-title">{_t("nps.voice.behind", language, word=word, count=len(comments))}</p>'
        f'<p class="cx-note">{linked}</p><ul class="cx-nps-comments">{items}</ul>'
    )


def links_html(links: Mapping[str, int], total: int, language: str | None = None) -> str:
    """How many detractor comments name each touchpoint."""
    rows = "".join(
        f"<tr><td>{html.escape(touchpoint_label(tp, language))}</td><td>{count}</td>"
        f"<td>{fmt.percent(count / total if total else None, 0)}</td></tr>"
        for tp, count in links.items()
    )
    head = "".join(f"<th>{_t(f'nps.table.{k}', language)}</th>" for k in ("touchpoint", "comments", "share"))
    return (f'<table class="cx-table cx-nps-links-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def design_html(rows: Sequence[Mapping[str, Any]], language: str | None = None) -> str:
    """The learner's measurement plan: touchpoint, metric, answers needed, the course's hint."""
    head = "".join(f"<th>{_t(f'nps.table.{k}', language)}</th>" for k in ("touchpoint", "metric", "answers", "hint"))
    body = "".join(
        f'<tr class="cx-nps-plan-{html.escape(r["touchpoint"])}"><td>{html.escape(touchpoint_label(r["touchpoint"], language))}</td>'
        f"<td>{_t('nps.metric.' + r['metric'], language)}</td><td>{fmt.integer(r['answers'])}</td>"
        f"<td>{_t(r['hint'], language)}</td></tr>"
        for r in rows
    )
    return (f'<table class="cx-table cx-nps-plan-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")
