"""HTML fragments of lecture 06 shared by its widgets and its report section.

Tables of the E-MOT scores, the chosen E-MOTs, the how-might-we board, Pugh screening and
concept scoring. Every function takes codes/ids plus the language to draw in (default: the
active one). Styles: the lecture 06 section of ``cxwidgets/static/course.css``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

from . import emot, fmt, hmw, i18n, screening


def _t(key: str, language: str | None, **params: Any) -> str:
    return i18n.t(key, language, **params)


def _e(value: object) -> str:
    return html.escape(str(value))


def table(head: Sequence[str], rows: Sequence[Sequence[str]], css: str,
          row_css: Sequence[str] | None = None) -> str:
    """A table; cells are escaped here (pass plain text)."""
    cells = "".join(f"<th scope='col'>{_e(h)}</th>" for h in head)
    body = []
    for i, row in enumerate(rows):
        extra = f' class="{row_css[i]}"' if row_css and row_css[i] else ""
        body.append(f"<tr{extra}>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
    return (f'<div class="cx-table-wrap"><table class="cx-table {css}"><thead><tr>{cells}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table></div>')


def note(text: str, kind: str = "info") -> str:
    """A message line in the course's style."""
    return f'<div class="cx-msg cx-msg-{kind}" role="status">{_e(text)}</div>'


def marks_text(row: Mapping[str, Any], language: str | None = None) -> str:
    """The peak-end and tag marks of a scored touchpoint, as a list."""
    marks = [_t(f"emot.mark.{m}", language) for m in emot.MARKS if m in row.get("marks", ())]
    return i18n.join(marks, language) if marks else fmt.MISSING


def emot_table(rows: Sequence[Mapping[str, Any]], chosen: Sequence[str] = (),
               language: str | None = None) -> str:
    """Every touchpoint: rank, name, stage, emotion, the six factors (0..1), score, marks."""
    head = [
        _t("emot.col.rank", language), _t("emot.col.touchpoint", language),
        _t("emot.col.stage", language), _t("emot.col.value", language),
        *(_t(f"emot.criterion.{c}", language) for c in emot.CRITERIA),
        _t("emot.col.score", language), _t("emot.col.marks", language),
    ]
    body = []
    for number, row in enumerate(rows, start=1):
        factors = [
            fmt.number(row[c], 2) if (c != "nps" or row["nps_known"]) else fmt.MISSING
            for c in emot.CRITERIA
        ]
        body.append([
            str(row["rank"]), f"{number}. {row['name']}", row["stage"], fmt.signed(row["value"], 1),
            *factors, fmt.number(row["score"], 1), marks_text(row, language),
        ])
    css = ["cx-emot-chosen" if row["touchpoint"] in chosen else "" for row in rows]
    return table(head, body, "cx-emot-table", css)


def chosen_list(items: Sequence[Mapping[str, Any]], language: str | None = None) -> str:
    """The chosen E-MOTs with the learner's reasons (an ordered list)."""
    if not items:
        return note(_t("emot.pick.none_chosen", language))
    lines = "".join(
        f"<li><strong>{_e(item['name'])}</strong>"
        f"{_e(_t('common.colon', language))}{_e(item.get('reason') or fmt.MISSING)}</li>"
        for item in items
    )
    return f'<ol class="cx-emot-chosen-list">{lines}</ol>'


def board_table(board: Mapping[str, Any], language: str | None = None) -> str:
    """The board's ideas, most voted first: idea, question, votes, impact, effort, quadrant."""
    questions = {q["id"]: q["text"] for q in board["questions"]}
    rows = [
        [
            idea["text"],
            questions.get(idea["question"], fmt.MISSING),
            str(idea["votes"]),
            fmt.integer(idea["impact"]),
            fmt.integer(idea["effort"]),
            _t(f"hmw.quadrant.{idea['quadrant']}", language) if idea["quadrant"] else fmt.MISSING,
        ]
        for idea in hmw.ranked_ideas(board)
    ]
    head = [_t(f"hmw.col.{c}", language)
            for c in ("idea", "question", "votes", "impact", "effort", "quadrant")]
    return table(head, rows, "cx-hmw-table")


def questions_list(board: Mapping[str, Any], language: str | None = None) -> str:
    """Pains with their how-might-we questions (nested lists)."""
    if not board["pains"]:
        return note(_t("hmw.board.no_pains", language))
    parts = []
    for pain in board["pains"]:
        qs = [q for q in board["questions"] if q["pain"] == pain["id"]]
        inner = "".join(
            f"<li>{_e(q['text'])} <span class='cx-muted'>"
            f"({_e(_t('hmw.pattern.' + q['pattern'] + '.name', language))})</span></li>"
            for q in qs
        )
        parts.append(f"<li><strong>{_e(pain['text'])}</strong><ul>{inner}</ul></li>")
    return f'<ul class="cx-hmw-questions">{"".join(parts)}</ul>'


def _score_text(value: float) -> str:
    return fmt.MISSING if value is None or math.isnan(value) else fmt.number(value, 2)


def pugh_table(frame: Any, names: Mapping[str, str], reference: str,
               language: str | None = None) -> str:
    """Pugh screening: +, 0, -, net and rank per concept (the reference marked)."""
    head = [_t(f"screening.col.{c}", language)
            for c in ("concept", "plus", "same", "minus", "net", "rank")]
    rows, css = [], []
    for cid, row in frame.iterrows():
        name = names.get(cid, cid)
        if cid == reference:
            name = _t("screening.reference_named", language, name=name)
        rows.append([name, str(int(row["plus"])), str(int(row["same"])), str(int(row["minus"])),
                     fmt.signed(row["net"], 0), str(int(row["rank"]))])
        css.append("cx-screen-reference" if cid == reference else "")
    return table(head, rows, "cx-screen-table", css)


def score_table(frame: Any, shares: Mapping[str, float] | None, decisions: Mapping[str, str],
                names: Mapping[str, str], survivor: str | None,
                language: str | None = None) -> str:
    """Concept scoring: weighted score, rank, probability of ranking first, decision."""
    head = [_t(f"screening.col.{c}", language)
            for c in ("concept", "score", "rank", "p_first", "decision")]
    rows, css = [], []
    for cid, row in frame.iterrows():
        decision = decisions.get(cid)
        name = names.get(cid, cid)
        if cid == survivor:
            name = _t("screening.survivor_named", language, name=name)
        rows.append([
            name, _score_text(row["score"]), str(int(row["rank"])),
            fmt.percent(shares.get(cid), 0) if shares else fmt.MISSING,
            _t(f"screening.decision.{decision}", language) if decision else fmt.MISSING,
        ])
        css.append("cx-screen-survivor" if cid == survivor else "")
    return table(head, rows, "cx-score-table", css)


def weights_line(weights: Mapping[str, float], language: str | None = None) -> str:
    """``痛点缓解 30、记忆度 20 …`` of concept-scoring weights."""
    parts = [f"{_t(f'screening.criterion.{c}', language)} {fmt.plain(weights.get(c, 0))}"
             for c in screening.CRITERIA]
    return _e(i18n.join(parts, language))
