"""Report section of lecture 06: the E-MOTs, the how-might-we board and the surviving concept."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from .. import charts, emot, emot_charts, emot_html, fmt, hmw, i18n, screening
from ..errors import CXError

#: Width of the report's pictures in px (its body is at most 60rem).
DISPLAY_WIDTH = 720


def _value(sections: Mapping[str, Any], name: str) -> Any:
    entry = sections.get(name) or {}
    return entry.get("value") if isinstance(entry, Mapping) else None


def _h(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def _emot(sections: Mapping[str, Any], language: str) -> list[str]:
    stored = _value(sections, emot.SECTION)
    if not isinstance(stored, Mapping):
        return []
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    items = emot.chosen(sections, language)
    parts = [_h(t("emot.report.chosen"))]
    if items and items[0].get("source") == "suggested":
        parts.append(f'<p class="cx-muted">{html.escape(t("emot.report.suggested"))}</p>')
    parts.append(emot_html.chosen_list(items, language))
    rows = emot.scored(sections, stored, language)
    weights = stored.get("weights") if isinstance(stored.get("weights"), Mapping) else {}
    line = i18n.join(
        [f"{t(f'emot.criterion.{c}')} {fmt.plain(weights.get(c, 0))}" for c in emot.CRITERIA],
        language,
    )
    parts.append(f"<p>{html.escape(t('emot.report.weights', weights=line))}</p>")
    picked = [item["touchpoint"] for item in items]
    chart = emot_charts.emot_chart(rows, picked, language, width=DISPLAY_WIDTH - 280)
    parts.append(charts.to_svg(charts.style(chart)))
    return parts


def _board(sections: Mapping[str, Any], language: str) -> list[str]:
    stored = _value(sections, hmw.SECTION)
    if not isinstance(stored, Mapping):
        return []
    try:
        board = hmw.clean(stored)
    except CXError:
        return []
    if not board["pains"] and not board["ideas"]:
        return []
    parts = [_h(i18n.t("emot.report.board", language)), emot_html.questions_list(board, language)]
    if board["ideas"]:
        parts.append(emot_html.board_table(board, language))
    return parts


def _concepts(sections: Mapping[str, Any], language: str) -> list[str]:
    stored = _value(sections, screening.SECTION)
    if not isinstance(stored, Mapping):
        return []
    try:
        concepts = stored["concepts"]
        names = {c["id"]: screening.concept_name(c, language) for c in concepts}
        ids = [c["id"] for c in concepts]
        frame = screening.ratings_frame(stored)
        table = screening.score(frame, stored["weights"])
        shares = screening.robustness(frame, stored["weights"]).to_dict()
        pugh = screening.pugh(stored.get("screen") or {}, ids, screening.CRITERIA,
                              stored["reference"])
    except (CXError, KeyError, TypeError, ValueError):
        return []
    parts = [_h(i18n.t("emot.report.concepts", language))]
    survivor = screening.survivor(sections, language)
    if survivor is not None:
        parts.append("<p><strong>" + html.escape(i18n.t(
            "emot.report.survivor", language, name=survivor["name"],
            score=fmt.number(survivor["score"], 2))) + "</strong></p>")
        if survivor["description"]:
            parts.append(f"<p>{html.escape(survivor['description'])}</p>")
    parts.append(emot_html.pugh_table(pugh, names, stored["reference"], language))
    parts.append(f"<p>{emot_html.weights_line(stored['weights'], language)}</p>")
    parts.append(emot_html.score_table(table, shares, stored.get("decisions") or {}, names,
                                       stored.get("survivor"), language))
    chart = emot_charts.first_chart(shares, names, language, width=DISPLAY_WIDTH - 300)
    parts.append(charts.to_svg(charts.style(chart)))
    return parts


def section(workbook_data: Mapping[str, Any], language: str) -> str | None:
    """Lecture 06's part of the report: E-MOTs, the board and concept scoring.

    Returns ``None`` when the learner has saved nothing of lecture 06.
    """
    sections = workbook_data.get("sections", {}) if isinstance(workbook_data, Mapping) else {}
    with i18n.using(language):
        parts = [*_emot(sections, language), *_board(sections, language),
                 *_concepts(sections, language)]
    return "".join(parts) or None
