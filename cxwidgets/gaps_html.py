"""HTML fragments of the gap diagnosis shared by the lecture 07 widgets and the report.

Every function takes a :class:`cxwidgets.gaps.Diagnosis` (codes only) and the language to
draw it in (default: the active language). Styles: the lecture 07 section of
``cxwidgets/static/course.css``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from . import fmt, gaps, i18n

if TYPE_CHECKING:  # pandas is imported where a table is made: pages start without it
    pass


def _t(key: str, language: str | None, **params: object) -> str:
    return i18n.t(key, language, **params) if language else i18n.t(key, **params)


def note(text: str) -> str:
    """An info line (the course's message style)."""
    return f'<div class="cx-msg cx-msg-info" role="status">{html.escape(text)}</div>'


def gap_label(gap_id: str, language: str | None = None) -> str:
    """``"1 倾听差距"``: the gap's number and name."""
    item = gaps.gap(gap_id)
    return f"{item.number} {item.name(language)}"


def _names(gap_ids: object, language: str | None, numbered: bool = True) -> str:
    names = [gap_label(g, language) if numbered else gaps.gap(g).name(language) for g in gap_ids]
    return i18n.join(names, language)


def focus_html(result: gaps.Diagnosis, language: str | None = None) -> str:
    """HTML naming the gaps that matter most and where to look first."""
    rated = int(result.gaps["rated"].sum())
    if rated == 0:
        return note(_t("gaps.diagnosis.none_rated", language))
    parts = []
    threshold = fmt.number(result.threshold, 0)
    if result.focus:
        strong = bool(result.gaps.loc[list(result.focus), "priority"].all())
        key = "gaps.diagnosis.focus" if strong else "gaps.diagnosis.focus_weak"
        parts.append(_t(key, language, names=_names(result.focus, language), threshold=threshold))
    else:
        parts.append(_t("gaps.diagnosis.no_focus", language))
    unrated = [g for g, row in result.gaps.iterrows() if row["rated"] == 0]
    if unrated:
        parts.append(_t("gaps.diagnosis.unrated", language,
                        names=_names(unrated, language, numbered=False)))
    customer = result.customer
    if customer is not None and result.check_first:
        worst = customer["gap"].idxmin()
        parts.append(_t("gaps.diagnosis.check_first", language,
                        dimension=_t(f"servqual.dim.{worst}", language),
                        value=fmt.signed(customer.at[worst, "gap"], 2),
                        names=_names(result.check_first, language, numbered=False)))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in parts)
    focus_attr = " ".join(result.focus)
    return f'<div class="cx-gap-focus-text" data-focus="{focus_attr}">{body}</div>'


def levers_html(result: gaps.Diagnosis, language: str | None = None) -> str:
    """HTML cards of the proposed levers with the causes behind each."""
    if result.levers.empty:
        if int(result.gaps["rated"].sum()) == 0:
            return ""
        return note(_t("gaps.diagnosis.no_levers", language))
    cards = [f"<p><b>{html.escape(_t('gaps.diagnosis.levers_title', language))}</b></p>"]
    causes_by_id = {c.id: c for c in gaps.CAUSES}
    for lever_id, row in result.levers.iterrows():
        lever = gaps.lever(lever_id)
        because = " / ".join(causes_by_id[c].text(language) for c in row["causes"])
        cards.append(
            f'<div class="cx-gap-lever" data-lever="{lever_id}">'
            f"<b>{html.escape(lever.name(language))}</b> — {html.escape(lever.how(language))}"
            f'<br><span class="cx-note">'
            f"{html.escape(_t('gaps.diagnosis.because', language, causes=because))}</span></div>"
        )
    return "".join(cards)


def scores_table(result: gaps.Diagnosis, language: str | None = None) -> str:
    """HTML table of the provider gaps' scores."""
    import pandas as pd

    head = "".join(
        f"<th>{html.escape(_t(k, language))}</th>"
        for k in ("gaps.table.gap", "gaps.table.score", "gaps.table.rated", "gaps.table.priority")
    )
    rows = []
    for gap_id, row in result.gaps.iterrows():
        score = fmt.MISSING if pd.isna(row["score"]) else fmt.number(row["score"], 0)
        flag = _t("gaps.table.yes", language) if row["priority"] else ""
        rows.append(
            f"<tr><td>{html.escape(gap_label(gap_id, language))}</td><td>{score}</td>"
            f"<td>{int(row['rated'])}/{int(row['causes'])}</td><td>{html.escape(flag)}</td></tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def symptoms_html(language: str | None = None) -> str:
    """The sample case's observations as a list."""
    items = "".join(f"<li>{html.escape(s.text(language))}</li>" for s in gaps.CASE_SYMPTOMS)
    intro = html.escape(_t("gaps.diagnosis.case_intro", language))
    return f"<p>{intro}</p><ul>{items}</ul>"
