"""Effective moments of truth (E-MOT, 有效关键时刻): scoring the touchpoints of a journey (lecture 06).

E-MOT is a training framework (seed 001) with no published definition. The course's
**operational definition** (ours, and the lecture says so): an E-MOT is a touchpoint of the
customer's journey that scores high on six normalised criteria (each 0..1):

``emotion``
    ``|value| / 5``: how strongly the customer feels there (value on the -5..+5 curve).
``valley``
    Local valley depth: ``max(0, mean(neighbours) - value) / 10``, the neighbours being the
    moments just before and after it on the curve (one at the ends; 0 for a single moment).
``peak_end``
    Position under the peak-end rule (Kahneman et al. 1993): 1 for the most intense moment
    and for the end, 0.5 for the highest positive or lowest negative moment otherwise, else 0.
``tags``
    1 when the learner marks it a pain point (痛点) or a memory point (记忆点), else 0.
``nps``
    Driver strength of the touchpoint on likelihood to recommend (0..1, lecture 08's
    :func:`cxwidgets.drivers.touchpoint_impact`, else a sample table), 0 where unknown.
``reach``
    Share of customers who pass through the touchpoint (0..1; course defaults for the
    sample touchpoints, 1 for others; the learner edits it).

The **E-MOT score** is ``100 * sum(w_c * x_c) / sum(w_c)`` over the criteria, with the
learner's non-negative weights ``w_c``; touchpoints are ranked by it (ties share the better
rank). The learner then chooses their E-MOTs (at most :data:`MAX_CHOSEN`) and says why:
workbook section ``06/emot``, read by lectures 09 and 10 through :func:`chosen`.

Everything here is pure (no widgets); results hold touchpoint ids and criterion codes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import i18n
from . import journey as J
from .errors import CXError

CONTENT_PATH = Path(__file__).resolve().parent / "content" / "emot.json"
SECTION = "06/emot"
JOURNEY_SECTION = "04/journey"


def _load_content(path: Path = CONTENT_PATH) -> dict[str, Any]:
    """Read lecture 06's content file and check its criteria."""
    content = json.loads(path.read_text(encoding="utf-8"))
    codes = [item["code"] for item in content["criteria"]]
    if len(set(codes)) != len(codes):
        problem = f"duplicate E-MOT criteria in {path}"
        raise ValueError(problem)
    return content


CONTENT = _load_content()
CRITERIA: tuple[str, ...] = tuple(item["code"] for item in CONTENT["criteria"])
DEFAULT_WEIGHTS: dict[str, float] = {item["code"]: item["weight"] for item in CONTENT["criteria"]}
SUGGEST: int = int(CONTENT["suggest"])
MAX_CHOSEN: int = int(CONTENT["max_chosen"])
MAX_REASON = 300
#: The five typical moments of truth of the running case (seed 004).
MOTS: tuple[str, ...] = tuple(CONTENT["mots"])
MARKS: tuple[str, ...] = ("intense", "end", "peak", "valley", "pain", "memory", "key04")
KEY_SECTION = "04/key_touchpoints"


# --------------------------------------------------------------------------- inputs
def default_reach(touchpoint_id: str) -> float:
    """Course default reach of a touchpoint: the sample's share, 1.0 for other touchpoints."""
    return float(CONTENT["reach"].get(touchpoint_id, 1.0))


def sample_impact() -> dict[str, float]:
    """The documented sample table of NPS driver strength (used when lecture 08 cannot be read)."""
    return {key: float(value) for key, value in CONTENT["nps_sample"].items()}


def nps_impact(sections: Mapping[str, Any] | None) -> tuple[dict[str, float], str]:
    """NPS impact per touchpoint id and where it came from.

    Returns
    -------
    (dict, str)
        ``{touchpoint id: 0..1}`` and ``"drivers"`` (lecture 08's
        :func:`cxwidgets.drivers.touchpoint_impact`) or ``"sample"`` (the course's sample
        table in ``content/emot.json``, used while lecture 08 cannot be read).
    """
    try:
        from . import drivers  # lecture 08

        raw = drivers.touchpoint_impact(dict(sections or {}))
        impact = {
            str(key): min(1.0, max(0.0, float(value)))
            for key, value in dict(raw).items()
            if value is not None and math.isfinite(float(value))
        }
    except Exception:  # not built yet, or its data unreadable: the sample table
        return sample_impact(), "sample"
    return (impact, "drivers") if impact else (sample_impact(), "sample")


def check_weights(weights: Mapping[str, Any]) -> dict[str, float]:
    """Validate E-MOT weights: a number >= 0 for each criterion, not all zero.

    Unknown criteria are refused; missing ones count 0.

    Raises
    ------
    CXError
        ``emot.error.unknown_criterion``, ``emot.error.bad_weight`` (not a number or
        negative) or ``emot.error.weights_zero``.
    """
    out = {code: 0.0 for code in CRITERIA}
    for code, value in dict(weights).items():
        if code not in CRITERIA:
            raise CXError("emot.error.unknown_criterion", criterion=code)
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number < 0:
            raise CXError("emot.error.bad_weight", criterion=i18n.t(f"emot.criterion.{code}"))
        out[code] = number
    if sum(out.values()) <= 0:
        raise CXError("emot.error.weights_zero")
    return out


# --------------------------------------------------------------------------- factors
def _valley(values: Sequence[float], index: int) -> float:
    neighbours = [values[i] for i in (index - 1, index + 1) if 0 <= i < len(values)]
    if not neighbours:
        return 0.0
    return max(0.0, sum(neighbours) / len(neighbours) - values[index]) / 10.0


def _positions(values: Sequence[float]) -> dict[int, tuple[float, list[str]]]:
    """Per episode index: the peak-end factor and the marks (intense/end/peak/valley)."""
    if not values:
        return {}
    result = J.peak_end(values)
    out: dict[int, tuple[float, list[str]]] = {}
    for i in range(len(values)):
        marks = []
        if i == result.intense_index:
            marks.append("intense")
        if i == result.end_index:
            marks.append("end")
        if i == result.peak_index and result.peak > 0:
            marks.append("peak")
        if i == result.valley_index and result.valley < 0:
            marks.append("valley")
        factor = 1.0 if {"intense", "end"} & set(marks) else (0.5 if marks else 0.0)
        out[i] = (factor, marks)
    return out


def default_tags(journey: J.Journey) -> dict[str, dict[str, bool]]:
    """Pain / memory tags from the journey: its pain points, and its delights as memory points."""
    return {
        tp.id: {"pain": tp.tag == "pain", "memory": tp.tag == "delight"}
        for tp in journey.touchpoints()
    }


def factors(
    journey: J.Journey,
    curve_id: str | None = None,
    tags: Mapping[str, Mapping[str, bool]] | None = None,
    reach: Mapping[str, float] | None = None,
    impact: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    """The six criteria (0..1) of every touchpoint of ``journey``, in journey order.

    Parameters
    ----------
    journey : Journey
    curve_id : str, optional
        The emotion curve to read (default: the first; none: all emotion factors 0).
    tags : mapping, optional
        ``{touchpoint id: {"pain": bool, "memory": bool}}``; missing touchpoints take
        :func:`default_tags`.
    reach : mapping, optional
        ``{touchpoint id: share 0..1}``; missing ones take :func:`default_reach`.
    impact : mapping, optional
        ``{touchpoint id: NPS driver strength 0..1}``; missing ones count 0 (``nps_known``
        False).

    Returns
    -------
    list of dict
        ``{"touchpoint", "name", "stage", "value", "marks", "pain", "memory", "nps_known",
        <criterion>: 0..1 ...}``.
    """
    curve = None
    if journey.curves:
        curve = journey.curve(curve_id if curve_id in {c.id for c in journey.curves} else None)
    episode = journey.episode(curve.id) if curve is not None else ()
    values = [m.value for m in episode]
    where = {m.id: i for i, m in enumerate(episode)}
    positions = _positions(values)
    defaults = default_tags(journey)
    tags = tags or {}
    reach = reach or {}
    impact = impact or {}
    rows = []
    for stage in journey.stages:
        for tp in stage.touchpoints:
            index = where.get(tp.id)
            value = values[index] if index is not None else None
            tag = {**defaults.get(tp.id, {}), **dict(tags.get(tp.id) or {})}
            pain, memory = bool(tag.get("pain")), bool(tag.get("memory"))
            position, marks = positions.get(index, (0.0, [])) if index is not None else (0.0, [])
            share = reach.get(tp.id)
            share = default_reach(tp.id) if share is None else min(1.0, max(0.0, float(share)))
            rows.append(
                {
                    "touchpoint": tp.id,
                    "name": tp.name,
                    "stage": stage.name,
                    "value": value,
                    "marks": marks + [m for m, on in (("pain", pain), ("memory", memory)) if on],
                    "pain": pain,
                    "memory": memory,
                    "nps_known": tp.id in impact,
                    "emotion": abs(value) / 5.0 if value is not None else 0.0,
                    "valley": _valley(values, index) if index is not None else 0.0,
                    "peak_end": position,
                    "tags": 1.0 if (pain or memory) else 0.0,
                    "nps": float(impact.get(tp.id, 0.0)),
                    "reach": share,
                }
            )
    return rows


def score(rows: Sequence[Mapping[str, Any]], weights: Mapping[str, Any]) -> list[dict[str, Any]]:
    """E-MOT score (0..100) and rank of each touchpoint's factors.

    ``score = 100 * sum(w_c * x_c) / sum(w_c)``; rank 1 is the best, equal scores share the
    better rank. Rows come back in their input order with ``score`` and ``rank`` added.

    Raises
    ------
    CXError
        Bad weights (see :func:`check_weights`).
    """
    w = check_weights(weights)
    total = sum(w.values())
    out = []
    for row in rows:
        value = 100.0 * math.fsum(w[c] * float(row[c]) for c in CRITERIA) / total
        out.append({**row, "score": round(value, 9)})
    for row in out:
        row["rank"] = 1 + sum(1 for other in out if other["score"] > row["score"])
    return out


def suggest(scored: Sequence[Mapping[str, Any]], count: int = SUGGEST) -> list[str]:
    """The ids of the ``count`` best-scored touchpoints (journey order on ties)."""
    order = sorted(range(len(scored)), key=lambda i: (-scored[i]["score"], i))
    return [scored[i]["touchpoint"] for i in order[:count]]


def reason_text(row: Mapping[str, Any], language: str | None = None) -> str:
    """A generated reason for a suggested E-MOT: its marks, in ``language``."""
    marks = [i18n.t(f"emot.mark.{m}", language) for m in MARKS if m in row.get("marks", ())]
    if not marks:
        return i18n.t("emot.reason.score_only", language)
    return i18n.join(marks, language)


# --------------------------------------------------------------------------- readers
def _value(sections: Mapping[str, Any] | None, name: str) -> Any:
    entry = (sections or {}).get(name) if isinstance(sections, Mapping) else None
    return entry.get("value") if isinstance(entry, Mapping) else None


def learner_journey(
    sections: Mapping[str, Any] | None, language: str | None = None
) -> tuple[J.Journey, str]:
    """The learner's lecture-04 journey (``"learner"``), else the sample (``"sample"``)."""
    stored = _value(sections, JOURNEY_SECTION)
    if isinstance(stored, Mapping) and stored:
        try:
            journey = J.Journey.from_dict(stored)
            if journey.touchpoints():
                return journey, "learner"
        except (CXError, TypeError, ValueError, AttributeError):
            pass
    return J.sample_journey(i18n.normalize_language(language or i18n.get_language())), "sample"


def scored(
    sections: Mapping[str, Any] | None,
    state: Mapping[str, Any] | None = None,
    language: str | None = None,
    impact: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    """Score the learner's journey with the settings of ``state`` (an ``06/emot`` value).

    Missing or damaged settings take the course defaults. ``impact`` (NPS driver strength
    per touchpoint) defaults to :func:`nps_impact` of ``sections``.
    """
    state = state if isinstance(state, Mapping) else {}
    journey, _source = learner_journey(sections, language)
    if impact is None:
        impact, _where = nps_impact(sections)
    weights = state.get("weights") if isinstance(state.get("weights"), Mapping) else None
    try:
        w = check_weights(weights or DEFAULT_WEIGHTS)
    except CXError:
        w = dict(DEFAULT_WEIGHTS)
    rows = factors(
        journey,
        state.get("curve_id") if isinstance(state.get("curve_id"), str) else None,
        state.get("tags") if isinstance(state.get("tags"), Mapping) else None,
        _reach_shares(state.get("reach")),
        impact,
    )
    key = key_touchpoints(sections)
    for row in rows:
        if row["touchpoint"] in key:
            row["marks"] = [*row["marks"], "key04"]
    return score(rows, w)


def key_touchpoints(sections: Mapping[str, Any] | None) -> set[str]:
    """The touchpoints the learner marked as key in lecture 04 (shown as a mark, not scored)."""
    stored = _value(sections, KEY_SECTION)
    checked = stored.get("checked") if isinstance(stored, Mapping) else None
    return {str(tp) for tp in checked} if isinstance(checked, list) else set()


def _reach_shares(raw: Any) -> dict[str, float]:
    """Stored reach in percent ``{id: 0..100}`` -> shares 0..1 (bad entries dropped)."""
    if not isinstance(raw, Mapping):
        return {}
    out = {}
    for key, value in raw.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        if math.isfinite(number):
            out[str(key)] = min(100.0, max(0.0, number)) / 100.0
    return out


def _stored_items(stored: Any) -> list[dict[str, Any]]:
    if not isinstance(stored, Mapping) or not isinstance(stored.get("items"), list):
        return []
    out = []
    for item in stored["items"]:
        if isinstance(item, Mapping) and isinstance(item.get("touchpoint"), str):
            out.append(
                {
                    "touchpoint": item["touchpoint"],
                    "name": str(item.get("name") or item["touchpoint"]),
                    "reason": str(item.get("reason") or ""),
                    "source": "learner",
                }
            )
    return out[:MAX_CHOSEN]


def chosen(sections: Mapping[str, Any] | None, language: str | None = None) -> list[dict[str, Any]]:
    """The learner's E-MOTs for later lectures (09 and 10).

    Parameters
    ----------
    sections : mapping
        The workbook document's ``"sections"``.
    language : str, optional
        Language of generated names and reasons (default: the active one).

    Returns
    -------
    list of dict
        ``{"touchpoint": id, "name": str, "reason": str, "source": "learner"}`` for each
        E-MOT the learner chose in ``06/emot`` (their own reasons); when they chose none (or
        the section is missing or damaged), the :data:`SUGGEST` best-scored touchpoints of
        their journey (or the sample's) with a generated reason and ``"source":
        "suggested"``. Never raises.

    Notes
    -----
    Only the suggestion path scores touchpoints; it reads :func:`nps_impact`, which may
    analyse lecture 08's sample survey the first time (cached there): call it off the
    first draw (``Exercise.background``) in a widget.
    """
    stored = _value(sections, SECTION)
    items = _stored_items(stored)
    if items:
        return items
    try:
        rows = scored(sections, stored if isinstance(stored, Mapping) else None, language)
    except Exception:  # damaged beyond repair: the sample with the defaults
        rows = scored(None, None, language)
    by_id = {row["touchpoint"]: row for row in rows}
    return [
        {
            "touchpoint": tp_id,
            "name": by_id[tp_id]["name"],
            "reason": reason_text(by_id[tp_id], language),
            "source": "suggested",
        }
        for tp_id in suggest(rows)
    ]


def pain_candidates(
    sections: Mapping[str, Any] | None, language: str | None = None
) -> list[tuple[str, str]]:
    """``(touchpoint id, name)`` to take pain points from: the learner's chosen E-MOTs first,
    then the touchpoints tagged as pain points (in ``06/emot``, else in the journey).

    Cheap (no NPS analysis): the how-might-we board lists these.
    """
    journey, _source = learner_journey(sections, language)
    stored = _value(sections, SECTION)
    stored = stored if isinstance(stored, Mapping) else {}
    chosen_ids = [item["touchpoint"] for item in _stored_items(stored)]
    tags = {**default_tags(journey)}
    if isinstance(stored.get("tags"), Mapping):
        tags.update({k: v for k, v in stored["tags"].items() if isinstance(v, Mapping)})
    names = {tp.id: tp.name for tp in journey.touchpoints()}
    first = [tp for tp in chosen_ids if tp in names]
    rest = [tp for tp in names if tp not in first and (tags.get(tp) or {}).get("pain")]
    return [(tp, names[tp]) for tp in first + rest]
