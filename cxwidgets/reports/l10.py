"""Report section of lecture 10: team board, roadshow peer scores, user-test table."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from .. import charts, cocreation, cocreation_html, fmt, i18n, peer

#: Catalogue keys naming the methods behind this section's numbers (listed by the export).
METHODS = ("peer.method.corrected", "peer.method.bias", "peer.method.alpha")


def _value(sections: Mapping[str, Any], name: str) -> Any:
    entry = sections.get(name) or {}
    return entry.get("value") if isinstance(entry, Mapping) else None


def _heading(key: str, language: str) -> str:
    return f"<h3>{html.escape(i18n.t(key, language))}</h3>"


def _board(sections: Mapping[str, Any], language: str) -> list[str]:
    stored = _value(sections, cocreation.BOARD_SECTION)
    if not isinstance(stored, Mapping):
        return []
    board = cocreation.clean_board(stored)
    return [_heading("cocreation.board.title", language),
            cocreation_html.board_html(board, language)]


def _peer(sections: Mapping[str, Any], language: str) -> list[str]:
    stored = _value(sections, cocreation.PEER_SECTION)
    result = peer.learner_result(stored)
    if result is None:
        return []
    from ..cocreation_charts import peer_chart

    own = stored.get("team") if isinstance(stored, Mapping) else None
    parts = [_heading("peer.title", language),
             f'<p class="cx-muted">{html.escape(i18n.t("peer.report.sample", language))}</p>',
             charts.to_svg(peer_chart(result, own, language)),
             cocreation_html.results_html(result, own, language)]
    offset = peer.calibration_offset(peer.clean_scores(
        {"cal": (stored or {}).get("calibration") or {}}).get("cal", {}))
    if offset is not None:
        parts.append(f"<p>{html.escape(i18n.t('peer.calibration.result', language, offset=fmt.signed(offset, 1)))}</p>")
    return parts


def _usertest(sections: Mapping[str, Any], language: str) -> list[str]:
    stored = _value(sections, cocreation.USERTEST_SECTION)
    if not isinstance(stored, Mapping):
        return []
    table = {"concept": str(stored.get("concept") or ""),
             "rows": cocreation.stored_rows(stored.get("rows"), cocreation.usertest_columns())}
    return [_heading("cocreation.usertest.title", language),
            cocreation_html.usertest_html(table, language)]


def section(data: Mapping[str, Any], language: str) -> str | None:
    """Lecture 10's part of the workbook report.

    Parameters
    ----------
    data : dict
        The workbook document (``data["sections"]`` holds the exercises' values).
    language : str
        Language of the report.

    Returns
    -------
    str or None
        An HTML fragment (inline SVG chart), ``None`` when lecture 10 holds nothing yet.
    """
    sections = data.get("sections", {}) if isinstance(data, Mapping) else {}
    with i18n.using(language):
        parts = _board(sections, language) + _peer(sections, language) + _usertest(
            sections, language)
    return "".join(parts) or None
