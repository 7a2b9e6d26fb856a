"""Lecture 10's team board and user-test table: the co-creation frame as data.

The co-creation frame runs **pains -> opportunities -> ideas -> plan**. A board is::

    {"team": str,                      # the team's name
     "pains": str, "opportunities": str, "ideas": str,   # one item per line
     "plan": [{"action", "owner", "date", "measure"}]}    # date ISO yyyy-mm-dd or ""

and a user-test table (for the concept that survived screening)::

    {"concept": str, "rows": [{"hypothesis", "test", "metric", "result", "decision"}]}

with ``decision`` one of :data:`DECISIONS` or ``""``.

Pains can be brought in from earlier lectures through their readers (each tolerant of
missing work, none imported at module level): the touchpoints tagged *pain* on the learner's
journey (lecture 04, section ``04/journey``; else the sample journey), the fail points of the
service blueprint (:func:`cxwidgets.blueprint.fail_points`, lecture 05) and the chosen E-MOTs
(:func:`cxwidgets.emot.chosen`, lecture 06). A lecture whose module is not there is skipped.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import logging
from collections.abc import Mapping
from typing import Any

from . import i18n
from .errors import CXError
from .peer import content

log = logging.getLogger("cxwidgets")

BOARD_SECTION = "10/team"
PEER_SECTION = "10/peer"
USERTEST_SECTION = "10/usertest"
EXPORT_SECTION = "10/export"

#: Lists of the board (one item per line).
LISTS: tuple[str, ...] = ("pains", "opportunities", "ideas")
#: Most characters of a list, of a table cell and of the team name.
TEXT_LIMIT = 2000
CELL_LIMIT = 300
NAME_LIMIT = 60
#: Most rows of the plan and of the user-test table.
ROW_LIMIT = 12


def plan_columns() -> tuple[str, ...]:
    """Columns of a plan row: action, owner, date, measure of success."""
    return tuple(content()["plan_columns"])


def usertest_columns() -> tuple[str, ...]:
    """Columns of a user-test row: hypothesis, test, metric, result, decision."""
    return tuple(content()["usertest_columns"])


DECISIONS: tuple[str, ...] = ("keep", "change", "drop")


# --------------------------------------------------------------------------- items
def items(text: Any) -> list[str]:
    """The non-empty lines of a list, stripped."""
    if not isinstance(text, str):
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


def check_date(value: Any) -> str:
    """A plan date: ``""`` or an ISO date ``yyyy-mm-dd``.

    Raises
    ------
    CXError
        ``cocreation.error.date`` for anything else.
    """
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise CXError("cocreation.error.date", value=text) from None


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if len(text) > CELL_LIMIT:
        raise CXError("cocreation.error.cell_long", limit=CELL_LIMIT, n=len(text))
    return text


def clean_rows(rows: Any, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Validate table rows: known columns only, text cells, dates and decisions checked.

    Raises
    ------
    CXError
        ``cocreation.error.rows`` (not a list of rows), ``cocreation.error.too_many_rows``,
        ``cocreation.error.date``, ``cocreation.error.decision``, ``cocreation.error.cell_long``.
    """
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise CXError("cocreation.error.rows")
    if len(rows) > ROW_LIMIT:
        raise CXError("cocreation.error.too_many_rows", limit=ROW_LIMIT)
    out = []
    for row in rows:
        clean = {column: _cell(row.get(column, "")) for column in columns}
        if "date" in clean:
            clean["date"] = check_date(clean["date"])
        if "decision" in clean and clean["decision"] not in ("", *DECISIONS):
            raise CXError("cocreation.error.decision", value=clean["decision"])
        out.append(clean)
    return out


def stored_rows(rows: Any, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a stored (possibly damaged) table: each unreadable row is dropped."""
    if not isinstance(rows, list):
        return []
    kept = []
    for row in rows[:ROW_LIMIT]:
        try:
            kept.extend(clean_rows([row], columns))
        except CXError:
            continue
    return kept


def filled(row: Mapping[str, str], *columns: str) -> bool:
    """Whether every named cell of ``row`` holds text."""
    return all(str(row.get(c, "")).strip() for c in columns)


# --------------------------------------------------------------------------- board
def empty_board() -> dict[str, Any]:
    return {"team": "", "pains": "", "opportunities": "", "ideas": "", "plan": []}


def clean_board(stored: Any) -> dict[str, Any]:
    """A stored board made valid (texts kept up to their limit, bad rows dropped)."""
    board = empty_board()
    if not isinstance(stored, Mapping):
        return board
    if isinstance(stored.get("team"), str):
        board["team"] = stored["team"][:NAME_LIMIT]
    for key in LISTS:
        if isinstance(stored.get(key), str):
            board[key] = stored[key][:TEXT_LIMIT]
    board["plan"] = stored_rows(stored.get("plan"), plan_columns())
    return board


def board_done(board: Mapping[str, Any]) -> bool:
    """A team name, a pain, an idea and a plan row with owner, date and measure."""
    plan = board.get("plan") or []
    return (
        bool(str(board.get("team", "")).strip())
        and bool(items(board.get("pains")))
        and bool(items(board.get("ideas")))
        and any(filled(row, "action", "owner", "date", "measure") for row in plan)
    )


def usertest_done(table: Mapping[str, Any]) -> bool:
    """At least one row with hypothesis, test and metric."""
    return any(filled(row, "hypothesis", "test", "metric") for row in table.get("rows") or [])


# --------------------------------------------------------------------------- pains
def _value(sections: Mapping[str, Any] | None, name: str) -> Any:
    entry = sections.get(name) if isinstance(sections, Mapping) else None
    return entry.get("value") if isinstance(entry, Mapping) else None


def _reader(module: str, name: str) -> Any:
    """``cxwidgets.<module>.<name>``, or ``None`` when that lecture is not there yet."""
    try:
        return getattr(importlib.import_module(f"cxwidgets.{module}"), name)
    except (ImportError, AttributeError):
        return None


def journey_pains(sections: Mapping[str, Any] | None, language: str) -> list[dict[str, str]]:
    """Touchpoints tagged *pain* on the learner's journey (else the sample journey)."""
    from .journey import Journey, sample_journey

    stored = _value(sections, "04/journey")
    source = "journey"
    try:
        journey = Journey.from_dict(stored) if isinstance(stored, Mapping) else None
    except CXError:
        journey = None
    if journey is None or not journey.touchpoints():
        journey, source = sample_journey(language), "journey_sample"
    return [{"text": tp.name, "source": source} for tp in journey.touchpoints() if tp.tag == "pain"]


def blueprint_pains(sections: Mapping[str, Any] | None) -> list[dict[str, str]]:
    """Fail points of the learner's blueprint (lecture 05), if that lecture is there."""
    fail_points = _reader("blueprint", "fail_points")
    if fail_points is None:
        return []
    try:
        points = fail_points(sections or {})
    except Exception:  # a reader must not break the board
        log.exception("blueprint.fail_points failed")
        return []
    return [{"text": str(p.get("text", "")), "source": "blueprint"} for p in points
            if isinstance(p, Mapping) and str(p.get("text", "")).strip()]


def emot_pains(sections: Mapping[str, Any] | None, language: str) -> list[dict[str, str]]:
    """The learner's E-MOTs (lecture 06), if that lecture is there."""
    chosen = _reader("emot", "chosen")
    if chosen is None:
        return []
    try:
        moments = chosen(sections or {}, language)
    except Exception:  # a reader must not break the board
        log.exception("emot.chosen failed")
        return []
    return [{"text": str(m.get("name", "")), "source": "emot"} for m in moments
            if isinstance(m, Mapping) and str(m.get("name", "")).strip()]


def pain_suggestions(
    sections: Mapping[str, Any] | None, language: str | None = None
) -> list[dict[str, str]]:
    """Pains from lectures 04-06, each ``{"text", "source"}``, without repeats.

    ``source`` is ``journey`` / ``journey_sample`` (04), ``blueprint`` (05) or ``emot`` (06).
    Never raises.
    """
    language = i18n.normalize_language(language or i18n.get_language())
    found = journey_pains(sections, language) + blueprint_pains(sections) + emot_pains(
        sections, language)
    seen: set[str] = set()
    out = []
    for item in found:
        if item["text"] not in seen:
            seen.add(item["text"])
            out.append(item)
    return out


def add_pains(text: str, suggestions: list[dict[str, str]]) -> str:
    """``text`` with the suggestions' texts appended (one per line, none twice)."""
    have = items(text)
    new = [s["text"] for s in suggestions if s["text"] not in have]
    return "\n".join(have + new)


def concept(sections: Mapping[str, Any] | None) -> str:
    """The name of the concept that survived screening in lecture 06, else ``""``."""
    survivor = _reader("screening", "survivor")
    if survivor is None:
        return ""
    try:
        found = survivor(sections or {})
    except Exception:  # a reader must not break the table
        log.exception("screening.survivor failed")
        return ""
    return str(found.get("name", "")) if isinstance(found, Mapping) else ""
