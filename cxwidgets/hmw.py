"""How-might-we board (我们可以怎样……): pains -> questions -> ideas -> votes -> impact/effort grid.

How-might-we questions come from Min Basadur's work at Procter & Gamble in the 1970s and were
popularised by IDEO: a pain point is reframed as an open question ("how might we ...?") that
invites many answers. The board of lecture 06 (workbook section ``06/hmw``) is this model::

    {"pains":     [{"id": "p1", "text": str, "touchpoint": id | None}],
     "questions": [{"id": "q1", "pain": "p1", "pattern": code, "text": str}],
     "ideas":     [{"id": "i1", "question": "q1" | None, "text": str,
                    "impact": 0..10 | None, "effort": 0..10 | None}],
     "votes":     {person: [idea ids]},        # at most ``per_person`` each, one per idea
     "per_person": int}

An idea with ``impact``/``effort`` set is on the grid; its quadrant (:func:`quadrant`) is
``quick_win`` (high impact, low effort), ``big_bet`` (high, high), ``fill_in`` (low, low) or
``money_pit`` (low impact, high effort); "high" means at least :data:`GRID_HIGH` on the
0..:data:`GRID_MAX` scale. Everything here is pure: functions return new values.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from . import i18n
from .emot import CONTENT
from .errors import CXError

SECTION = "06/hmw"
_HMW = CONTENT["hmw"]
PATTERNS: tuple[str, ...] = tuple(_HMW["patterns"])
VOTES_PER_PERSON: int = int(_HMW["votes_per_person"])
GRID_MAX: int = int(_HMW["grid_max"])
GRID_HIGH: int = int(_HMW["grid_high"])
QUADRANTS: tuple[str, ...] = tuple(_HMW["quadrants"])
MAX_TEXT = 200
MAX_ITEMS = 40
MAX_PERSON = 40
MAX_VOTES = 10


def empty_board(per_person: int = VOTES_PER_PERSON) -> dict[str, Any]:
    """A board with nothing on it."""
    return {"pains": [], "questions": [], "ideas": [], "votes": {}, "per_person": per_person}


def _text(value: object, what: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise CXError("hmw.error.empty", what=i18n.t(f"hmw.what.{what}"))
    if len(text) > MAX_TEXT:
        raise CXError("hmw.error.too_long", what=i18n.t(f"hmw.what.{what}"), limit=MAX_TEXT)
    return text


def _next_id(prefix: str, items: Iterable[Mapping[str, Any]]) -> str:
    used = {str(item.get("id")) for item in items}
    number = 1
    while f"{prefix}{number}" in used:
        number += 1
    return f"{prefix}{number}"


def _find(items: Iterable[Mapping[str, Any]], item_id: str, what: str) -> Mapping[str, Any]:
    for item in items:
        if item.get("id") == item_id:
            return item
    raise CXError("hmw.error.unknown", what=i18n.t(f"hmw.what.{what}"), id=item_id)


def _add(board: Mapping[str, Any], kind: str, item: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(dict(board))
    if len(new[kind]) >= MAX_ITEMS:
        raise CXError("hmw.error.full", limit=MAX_ITEMS)
    item = {"id": _next_id(kind[0], new[kind]), **item}
    new[kind].append(item)
    return new


def add_pain(board: Mapping[str, Any], text: str, touchpoint: str | None = None) -> dict[str, Any]:
    """Add a pain point (its text; the journey touchpoint it comes from, if any)."""
    return _add(board, "pains", {"text": _text(text, "pain"), "touchpoint": touchpoint})


def question_prompt(pattern: str, pain: str, language: str | None = None) -> str:
    """The how-might-we question a reframing pattern suggests for a pain, in ``language``."""
    if pattern not in PATTERNS:
        raise CXError("hmw.error.pattern", value=pattern)
    return i18n.t(f"hmw.pattern.{pattern}.template", language, pain=pain)


def add_question(
    board: Mapping[str, Any], pain_id: str, pattern: str, text: str
) -> dict[str, Any]:
    """Add a how-might-we question to a pain (``pattern`` one of :data:`PATTERNS`)."""
    _find(board["pains"], pain_id, "pain")
    if pattern not in PATTERNS:
        raise CXError("hmw.error.pattern", value=pattern)
    return _add(board, "questions", {"pain": pain_id, "pattern": pattern, "text": _text(text, "question")})


def add_idea(board: Mapping[str, Any], question_id: str | None, text: str) -> dict[str, Any]:
    """Add an idea note (answering a question, or free) off the grid."""
    if question_id is not None:
        _find(board["questions"], question_id, "question")
    item = {"question": question_id, "text": _text(text, "idea"), "impact": None, "effort": None}
    return _add(board, "ideas", item)


def remove(board: Mapping[str, Any], kind: str, item_id: str) -> dict[str, Any]:
    """Remove a pain (with its questions and their ideas), a question (with its ideas) or an idea.

    Votes on removed ideas are dropped.
    """
    new = copy.deepcopy(dict(board))
    _find(new[kind], item_id, kind[:-1])
    if kind == "pains":
        questions = {q["id"] for q in new["questions"] if q["pain"] == item_id}
    else:
        questions = {item_id} if kind == "questions" else set()
    ideas = {item_id} if kind == "ideas" else {
        i["id"] for i in new["ideas"] if i["question"] in questions
    }
    new["pains"] = [p for p in new["pains"] if not (kind == "pains" and p["id"] == item_id)]
    new["questions"] = [q for q in new["questions"] if q["id"] not in questions]
    new["ideas"] = [i for i in new["ideas"] if i["id"] not in ideas]
    new["votes"] = {
        person: kept
        for person, ids in new["votes"].items()
        if (kept := [i for i in ids if i not in ideas])
    }
    return new


def _grid(value: object, what: str) -> int:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = -1.0
    if not (0 <= number <= GRID_MAX):
        raise CXError("hmw.error.grid", what=i18n.t(f"hmw.axis.{what}"), max=GRID_MAX)
    return round(number)


def place(
    board: Mapping[str, Any], idea_id: str, impact: object | None, effort: object | None
) -> dict[str, Any]:
    """Put an idea on the grid at ``(impact, effort)`` (whole numbers 0..GRID_MAX, rounded).

    ``None`` for both takes it off the grid.
    """
    new = copy.deepcopy(dict(board))
    idea = _find(new["ideas"], idea_id, "idea")
    if impact is None and effort is None:
        idea["impact"] = idea["effort"] = None  # type: ignore[index]
    else:
        idea["impact"] = _grid(impact, "impact")  # type: ignore[index]
        idea["effort"] = _grid(effort, "effort")  # type: ignore[index]
    return new


def quadrant(impact: int | None, effort: int | None) -> str | None:
    """The grid quadrant of a position (``None`` off the grid). See the module docstring."""
    if impact is None or effort is None:
        return None
    high_impact, high_effort = impact >= GRID_HIGH, effort >= GRID_HIGH
    if high_impact:
        return "big_bet" if high_effort else "quick_win"
    return "money_pit" if high_effort else "fill_in"


def _person(name: object) -> str:
    person = " ".join(str(name or "").split())
    if not person:
        raise CXError("hmw.error.no_person")
    if len(person) > MAX_PERSON:
        raise CXError("hmw.error.too_long", what=i18n.t("hmw.what.person"), limit=MAX_PERSON)
    return person


def vote(board: Mapping[str, Any], person: str, idea_id: str) -> dict[str, Any]:
    """``person`` puts one of their votes on an idea (one per idea, ``per_person`` in all).

    Raises
    ------
    CXError
        ``hmw.error.no_votes_left`` when the person has used all their votes,
        ``hmw.error.voted`` when they already voted for this idea.
    """
    person = _person(person)
    new = copy.deepcopy(dict(board))
    _find(new["ideas"], idea_id, "idea")
    mine = new["votes"].setdefault(person, [])
    if idea_id in mine:
        raise CXError("hmw.error.voted", person=person)
    if len(mine) >= int(new["per_person"]):
        raise CXError("hmw.error.no_votes_left", person=person, count=new["per_person"])
    mine.append(idea_id)
    return new


def unvote(board: Mapping[str, Any], person: str, idea_id: str) -> dict[str, Any]:
    """Take back ``person``'s vote on an idea (nothing happens if there is none)."""
    person = _person(person)
    new = copy.deepcopy(dict(board))
    mine = [i for i in new["votes"].get(person, []) if i != idea_id]
    if mine:
        new["votes"][person] = mine
    else:
        new["votes"].pop(person, None)
    return new


def votes_left(board: Mapping[str, Any], person: str) -> int:
    """How many votes ``person`` still has."""
    return max(0, int(board["per_person"]) - len(board["votes"].get(person.strip(), [])))


def tally(board: Mapping[str, Any]) -> dict[str, int]:
    """Votes per idea id (every idea listed, 0 when none)."""
    counts = {idea["id"]: 0 for idea in board["ideas"]}
    for ids in board["votes"].values():
        for idea_id in ids:
            if idea_id in counts:
                counts[idea_id] += 1
    return counts


def ranked_ideas(board: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Ideas with ``votes`` and ``quadrant``, most voted first (board order on ties)."""
    counts = tally(board)
    rows = [
        {**idea, "votes": counts[idea["id"]], "quadrant": quadrant(idea["impact"], idea["effort"])}
        for idea in board["ideas"]
    ]
    return sorted(rows, key=lambda row: -row["votes"])


def clean(stored: Any) -> dict[str, Any]:
    """A valid board from a stored value: bad items are dropped, links and votes repaired.

    Raises
    ------
    CXError
        ``hmw.error.bad_board`` when ``stored`` is not a board at all.
    """
    if not isinstance(stored, Mapping):
        raise CXError("hmw.error.bad_board")
    try:
        per_person = int(stored.get("per_person", VOTES_PER_PERSON))
    except (TypeError, ValueError):
        per_person = VOTES_PER_PERSON
    board = empty_board(min(MAX_VOTES, max(1, per_person)))

    def items(kind: str) -> list[Mapping[str, Any]]:
        raw = stored.get(kind)
        return [i for i in raw if isinstance(i, Mapping)] if isinstance(raw, list) else []

    for pain in items("pains")[:MAX_ITEMS]:
        try:
            board = add_pain(board, pain.get("text"), pain.get("touchpoint") or None)
            board["pains"][-1]["id"] = _unique(pain.get("id"), board["pains"])
        except CXError:
            continue
    for q in items("questions")[:MAX_ITEMS]:
        try:
            board = add_question(board, q.get("pain"), q.get("pattern"), q.get("text"))
            board["questions"][-1]["id"] = _unique(q.get("id"), board["questions"])
        except CXError:
            continue
    for idea in items("ideas")[:MAX_ITEMS]:
        question = idea.get("question")
        try:
            board = add_idea(board, question if question else None, idea.get("text"))
            board["ideas"][-1]["id"] = _unique(idea.get("id"), board["ideas"])
            if idea.get("impact") is not None and idea.get("effort") is not None:
                board = place(board, board["ideas"][-1]["id"], idea["impact"], idea["effort"])
        except CXError:
            continue
    raw_votes = stored.get("votes") if isinstance(stored.get("votes"), Mapping) else {}
    for person, ids in raw_votes.items():
        for idea_id in ids if isinstance(ids, list) else []:
            try:
                board = vote(board, str(person), str(idea_id))
            except CXError:
                continue
    return board


def _unique(wanted: object, items: list[dict[str, Any]]) -> str:
    """Keep a stored id when it is a string not used by the earlier items."""
    current = items[-1]["id"]
    if isinstance(wanted, str) and wanted and all(i["id"] != wanted for i in items[:-1]):
        return wanted
    return current
