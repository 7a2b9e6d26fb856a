"""Customer journey model, peak-end analysis and the four reshaping moves (lecture 04).

A journey is a sequence of *stages* (e.g. 了解/咨询 → 办理/下单 → ...), each holding
*touchpoints* in time order. Each touchpoint has a kind (physical, digital or
interpersonal), the senses it engages, a note and a tag (pain, delight, itch or none).
*Curves* attach an emotion value on the scale -5..+5 to touchpoints: one curve per
view (the customer's feeling now, after a redesign, one segment or another).

Everything here is pure: functions take values and return new values; the
dataclasses are frozen. The model converts to and from a JSON-ready ``dict``
(:meth:`Journey.to_dict`, :meth:`Journey.from_dict`) and a one-row-per-touchpoint
``DataFrame`` (:func:`to_frame`, :func:`from_frame`) so later lectures (service
blueprint, E-MOT) can read it.

The peak-end rule follows Kahneman, Fredrickson, Schreiber & Redelmeier (1993),
Psychological Science 4(6): the remembered evaluation of an episode is well
predicted by the average of its most intense moment and its end. When the most
intense moments tie in strength (say +4 and -4), the negative one counts: bad
moments weigh more than equally strong good ones (Baumeister, Bratslavsky,
Finkenauer & Vohs, 2001, "Bad is stronger than good", Review of General Psychology
5(4)). Among equally strong moments of the same sign the earliest is named.

How values are shown (number format, snapping, colours, label wrapping) is defined
once in :mod:`cxwidgets.journey_style`.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CXError
from .journey_style import PALETTE, SCALE_MAX, SCALE_MIN, fmt

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

KINDS: tuple[str, ...] = ("physical", "digital", "interpersonal")
SENSES: tuple[str, ...] = ("sight", "hearing", "smell", "taste", "touch")
TAGS: tuple[str, ...] = ("none", "pain", "delight", "itch")
#: Senses a touchpoint of each kind usually engages: a starting suggestion, the learner edits it.
KIND_SENSES: dict[str, tuple[str, ...]] = {
    "physical": ("sight", "smell", "touch"),
    "digital": ("sight", "hearing", "touch"),
    "interpersonal": ("sight", "hearing"),
}
MAX_NAME = 80
MAX_NOTE = 500
SCHEMA_VERSION = 1
#: |remembered - average| below this reads as "about the same" in explanations.
SAME_FEELING = 0.25


# ---------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------


def _score(value: object, position: int) -> float:
    """Check one emotion value and return it as a float (1-based ``position`` in messages)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CXError("journey.error.score_not_number", value=repr(value), position=position)
    number = float(value)
    if math.isnan(number):
        raise CXError("journey.error.score_not_number", value="NaN", position=position)
    if not SCALE_MIN <= number <= SCALE_MAX:
        raise CXError(
            "journey.error.score_out_of_range",
            value=_echo(number),
            position=position,
            low=fmt(SCALE_MIN),
            high=fmt(SCALE_MAX),
        )
    return number


def validate_scores(scores: object) -> list[float]:
    """Return ``scores`` as a list of floats, checked to be a non-empty sequence in -5..+5.

    Parameters
    ----------
    scores : sequence of numbers
        Emotion values in touchpoint order.

    Returns
    -------
    list of float

    Raises
    ------
    CXError
        Empty input, a non-number (or NaN) or a value outside -5..+5.
    """
    if scores is None or isinstance(scores, str | bytes | Mapping):
        raise CXError("journey.error.scores_not_sequence")
    try:
        items = list(scores)  # type: ignore[call-overload]
    except TypeError:
        raise CXError("journey.error.scores_not_sequence") from None
    if not items:
        raise CXError("journey.error.empty_scores")
    return [_score(value, position) for position, value in enumerate(items, start=1)]


def _echo(value: float) -> str:
    """A rejected input as the learner typed it (``7``, ``5.25``), not rounded like a score."""
    return f"{value:g}"


_EMPTY_NAME = {
    "stage": "journey.error.empty_stage_name",
    "touchpoint": "journey.error.empty_touchpoint_name",
    "curve": "journey.error.empty_curve_name",
}


def _name(value: object, what: str) -> str:
    """Check a stage / touchpoint / curve name: a non-empty string of at most MAX_NAME chars."""
    text = "" if value is None else str(value).strip()
    if not text:
        raise CXError(_EMPTY_NAME[what])
    if len(text) > MAX_NAME:
        raise CXError("journey.error.long_name", name=text[:20], limit=MAX_NAME)
    return text


def _code(value: object, codes: tuple[str, ...], prefix: str) -> str | None:
    """Match a code or its label in either language (e.g. ``"物理"`` → ``"physical"``)."""
    from .i18n import LANGUAGES, t

    text = str(value).strip().lower()
    if text in codes:
        return text
    for code in codes:
        for language in LANGUAGES:
            if text == t(f"{prefix}{code}", language).strip().lower():
                return code
    return None


def _note(value: object) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > MAX_NOTE:
        raise CXError("journey.error.note_too_long", limit=MAX_NOTE)
    return text


def _kind(value: object) -> str:
    kind = _code(value or "", KINDS, "journey.kind.")
    if kind is None:
        raise CXError("journey.error.bad_kind", value=value, allowed=", ".join(KINDS))
    return kind


def _tag(value: object) -> str:
    tag = _code(value or "none", TAGS, "journey.tag.")
    if tag is None:
        raise CXError("journey.error.bad_tag", value=value, allowed=", ".join(TAGS))
    return tag


def _senses(value: object) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    if isinstance(value, str):
        parts = value.replace(",", ";").replace("\uff0c", ";").replace("\u3001", ";").split(";")
    else:
        parts = list(value)  # type: ignore[call-overload]
    chosen, unknown = set(), []
    for part in parts:
        if not str(part).strip():
            continue
        code = _code(part, SENSES, "journey.sense.")
        if code is None:
            unknown.append(str(part).strip())
        else:
            chosen.add(code)
    if unknown:
        raise CXError(
            "journey.error.bad_sense", value=", ".join(unknown), allowed=", ".join(SENSES)
        )
    return tuple(s for s in SENSES if s in chosen)


def _colour(value: object) -> str:
    text = str(value or "").strip()
    ok = len(text) == 7 and text.startswith("#")
    if ok:
        try:
            int(text[1:], 16)
        except ValueError:
            ok = False
    if not ok:
        raise CXError("journey.error.bad_colour", value=value)
    return text.lower()


def _next_id(prefix: str, used: Iterable[str]) -> str:
    """The next free id ``<prefix><n>`` after the largest numeric suffix in ``used``."""
    highest = 0
    for item in used:
        if item.startswith(prefix) and item[len(prefix) :].isdigit():
            highest = max(highest, int(item[len(prefix) :]))
    return f"{prefix}{highest + 1}"


# ---------------------------------------------------------------------------
# Peak-end rule
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PeakEnd:
    """Peak-end summary of one emotion curve (indices are 0-based positions in the input).

    Attributes
    ----------
    peak_index, peak : int, float
        The highest value (the first one on ties).
    valley_index, valley : int, float
        The lowest value (the first one on ties).
    end_index, end : int, float
        The last value.
    average : float
        Mean of all values: the experience "as lived", moment by moment.
    intense_index, intense : int, float
        The moment with the largest absolute value. On a tie between a positive and a
        negative moment the negative one counts (negativity bias); among tied moments
        of the same sign, the first one.
    remembered : float
        ``(intense + end) / 2``: Kahneman's peak-end estimate of the remembered experience.
    count : int
        Number of values.
    """

    peak_index: int
    peak: float
    valley_index: int
    valley: float
    end_index: int
    end: float
    average: float
    intense_index: int
    intense: float
    remembered: float
    count: int

    @property
    def gap(self) -> float:
        """``remembered - average``: negative when memory is harsher than the lived average."""
        return self.remembered - self.average


def peak_end(scores: Sequence[float]) -> PeakEnd:
    """Apply the peak-end rule to an emotion curve.

    Parameters
    ----------
    scores : sequence of float
        Emotion values in touchpoint order, each in -5..+5.

    Returns
    -------
    PeakEnd
        Peak, valley, end, average, most intense moment and the remembered score
        ``(scores[intense_index] + end) / 2``.

    Raises
    ------
    CXError
        Empty input, a non-number (or NaN) or a value outside -5..+5.

    Examples
    --------
    >>> r = peak_end([1, -4, 2, 1])
    >>> r.intense_index, r.remembered, r.average
    (1, -1.5, 0.0)
    >>> peak_end([4, -4, 1]).remembered  # +4 and -4 tie: the negative moment counts
    -1.5
    """
    values = validate_scores(scores)
    peak_index = max(range(len(values)), key=lambda i: (values[i], -i))
    valley_index = min(range(len(values)), key=lambda i: (values[i], i))
    intense_index = max(range(len(values)), key=lambda i: (abs(values[i]), values[i] < 0, -i))
    end = values[-1]
    intense = values[intense_index]
    return PeakEnd(
        peak_index=peak_index,
        peak=values[peak_index],
        valley_index=valley_index,
        valley=values[valley_index],
        end_index=len(values) - 1,
        end=end,
        average=math.fsum(values) / len(values),
        intense_index=intense_index,
        intense=intense,
        remembered=(intense + end) / 2,
        count=len(values),
    )


def explain(result: PeakEnd, labels: Sequence[str]) -> tuple[str, dict[str, object]]:
    """Pick the sentence that explains remembered vs average, with its parameters.

    Parameters
    ----------
    result : PeakEnd
        The analysis of a curve.
    labels : sequence of str
        Touchpoint names, aligned with the scores that gave ``result``.

    Returns
    -------
    (str, dict)
        An i18n key (``journey.explain.*``) and its parameters (numbers formatted).
    """
    if len(labels) != result.count:
        raise CXError("journey.error.labels_mismatch", labels=len(labels), scores=result.count)
    params: dict[str, object] = {
        "average": fmt(result.average),
        "remembered": fmt(result.remembered),
        "gap": fmt(abs(result.gap), signed=False),
        "intense": labels[result.intense_index],
        "intense_value": fmt(result.intense),
        "end": labels[result.end_index],
        "end_value": fmt(result.end),
    }
    if abs(result.gap) < SAME_FEELING:
        key = "journey.explain.same"
    elif result.gap < 0:
        key = "journey.explain.worse"
    else:
        key = "journey.explain.better"
    if result.intense_index == result.end_index:
        key += "_end_is_intense"
    return key, params


# ---------------------------------------------------------------------------
# The four reshaping moves, on score sequences
# ---------------------------------------------------------------------------


def _index(scores: Sequence[float], index: int | None, default: int) -> int:
    if index is None:
        return default
    if isinstance(index, bool) or not isinstance(index, numbers.Integral):
        raise CXError("journey.error.bad_position", position=index, count=len(scores))
    position = int(index)
    if not 0 <= position < len(scores):
        raise CXError("journey.error.bad_position", position=position + 1, count=len(scores))
    return position


def _amount(amount: object) -> float:
    if isinstance(amount, bool) or not isinstance(amount, numbers.Real) or math.isnan(amount):
        raise CXError("journey.error.bad_amount", value=repr(amount))
    value = float(amount)
    if not 0 <= value <= SCALE_MAX - SCALE_MIN:
        raise CXError("journey.error.bad_amount", value=_echo(value))
    return value


def _clip(value: float) -> float:
    return min(SCALE_MAX, max(SCALE_MIN, value))


def raise_peak(
    scores: Sequence[float], index: int | None = None, amount: float = 1.0
) -> list[float]:
    """Raise the peak: make a good moment better (clipped at +5).

    Parameters
    ----------
    scores : sequence of float
        Emotion values in order.
    index : int, optional
        0-based position to raise; default the current peak.
    amount : float
        How much to add (0..10).

    Returns
    -------
    list of float
        New scores; the input is not changed.
    """
    values = validate_scores(scores)
    position = _index(values, index, peak_end(values).peak_index)
    values[position] = _clip(values[position] + _amount(amount))
    return values


def lift_valley(
    scores: Sequence[float], index: int | None = None, amount: float = 2.0
) -> list[float]:
    """Lift a valley: make a bad moment less bad (clipped at +5).

    Parameters
    ----------
    scores : sequence of float
        Emotion values in order.
    index : int, optional
        0-based position to lift; default the current valley.
    amount : float
        How much to add (0..10).

    Returns
    -------
    list of float
        New scores.
    """
    values = validate_scores(scores)
    position = _index(values, index, peak_end(values).valley_index)
    values[position] = _clip(values[position] + _amount(amount))
    return values


def strengthen_end(scores: Sequence[float], amount: float = 1.0) -> list[float]:
    """Strengthen the end: make the last moment better (clipped at +5).

    Parameters
    ----------
    scores : sequence of float
        Emotion values in order.
    amount : float
        How much to add to the last value (0..10).

    Returns
    -------
    list of float
        New scores.
    """
    values = validate_scores(scores)
    values[-1] = _clip(values[-1] + _amount(amount))
    return values


def extend_end(scores: Sequence[float], value: float) -> list[float]:
    """Extend the end: add a new closing moment (e.g. a follow-up call) after the last one.

    Parameters
    ----------
    scores : sequence of float
        Emotion values in order.
    value : float
        Emotion value of the added moment (-5..+5).

    Returns
    -------
    list of float
        New scores, one longer.
    """
    values = validate_scores(scores)
    values.append(_score(value, len(values) + 1))
    return values


def reorder(scores: Sequence[float], order: Sequence[int]) -> list[float]:
    """Reorder the moments: ``order`` lists the old 0-based positions in their new order.

    Parameters
    ----------
    scores : sequence of float
        Emotion values in order.
    order : sequence of int
        A permutation of ``range(len(scores))``.

    Returns
    -------
    list of float
        ``[scores[i] for i in order]``.
    """
    values = validate_scores(scores)
    positions = list(order)
    if sorted(positions) != list(range(len(values))) or any(
        isinstance(p, bool) or not isinstance(p, numbers.Integral) for p in positions
    ):
        raise CXError("journey.error.bad_order", count=len(values))
    return [values[int(i)] for i in positions]


def move_order(count: int, source: int, target: int) -> list[int]:
    """The permutation that moves the moment at ``source`` to position ``target`` (0-based)."""
    order = list(range(count))
    if not (0 <= source < count and 0 <= target < count):
        raise CXError("journey.error.bad_position", position=max(source, target) + 1, count=count)
    order.insert(target, order.pop(source))
    return order


def move_moment(scores: Sequence[float], source: int, target: int) -> list[float]:
    """Reorder by moving one moment from ``source`` to ``target`` (0-based positions).

    Parameters
    ----------
    scores : sequence of float
        Emotion values in order.
    source, target : int
        Where the moment is, and where it goes (the others shift to make room).

    Returns
    -------
    list of float
        New scores.
    """
    values = validate_scores(scores)
    source = _index(values, source, 0)
    target = _index(values, target, 0)
    return reorder(values, move_order(len(values), source, target))


# ---------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Touchpoint:
    """One moment where the customer meets the service."""

    id: str
    name: str
    kind: str = "interpersonal"
    senses: tuple[str, ...] = ()
    note: str = ""
    tag: str = "none"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "senses": list(self.senses),
            "note": self.note,
            "tag": self.tag,
        }


@dataclass(frozen=True)
class Stage:
    """A phase of the journey holding its touchpoints in time order."""

    id: str
    name: str
    touchpoints: tuple[Touchpoint, ...] = ()


@dataclass(frozen=True)
class Curve:
    """An emotion curve: a value in -5..+5 for some (usually all) touchpoints, by touchpoint id."""

    id: str
    name: str
    colour: str = PALETTE[0]
    values: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Moment:
    """One point of an episode: a touchpoint (or an added moment) and its emotion value."""

    id: str
    name: str
    value: float


@dataclass(frozen=True)
class Journey:
    """A customer journey: stages of touchpoints, and emotion curves over them."""

    title: str = ""
    stages: tuple[Stage, ...] = ()
    curves: tuple[Curve, ...] = ()

    # -- reading ------------------------------------------------------------
    def touchpoints(self) -> list[Touchpoint]:
        """All touchpoints in journey order."""
        return [tp for stage in self.stages for tp in stage.touchpoints]

    def locate(self, touchpoint_id: str) -> tuple[int, int]:
        """``(stage position, position within the stage)`` of a touchpoint."""
        for s, stage in enumerate(self.stages):
            for p, tp in enumerate(stage.touchpoints):
                if tp.id == touchpoint_id:
                    return s, p
        raise CXError("journey.error.unknown_touchpoint", id=touchpoint_id)

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        """The touchpoint with this id."""
        s, p = self.locate(touchpoint_id)
        return self.stages[s].touchpoints[p]

    def stage_index(self, stage_id: str) -> int:
        """Position of a stage."""
        for s, stage in enumerate(self.stages):
            if stage.id == stage_id:
                return s
        raise CXError("journey.error.unknown_stage", id=stage_id)

    def curve(self, curve_id: str | None = None) -> Curve:
        """The curve with this id (default: the first)."""
        if not self.curves:
            raise CXError("journey.error.no_curve")
        if curve_id is None:
            return self.curves[0]
        for curve in self.curves:
            if curve.id == curve_id:
                return curve
        raise CXError("journey.error.unknown_curve", id=curve_id)

    def series(self, curve_id: str | None = None) -> list[float | None]:
        """A curve's values in touchpoint order (``None`` where it has no value)."""
        values = self.curve(curve_id).values
        return [values.get(tp.id) for tp in self.touchpoints()]

    def episode(self, curve_id: str | None = None) -> tuple[Moment, ...]:
        """The curve as an episode: the touchpoints that have a value, in order."""
        values = self.curve(curve_id).values
        return tuple(
            Moment(tp.id, tp.name, float(values[tp.id]))
            for tp in self.touchpoints()
            if values.get(tp.id) is not None
        )

    def bands(self) -> list[dict[str, Any]]:
        """Stage bands over touchpoint positions: ``{"id", "name", "start", "end"}``.

        ``end`` is exclusive, so a stage without touchpoints has ``start == end``.
        """
        out, start = [], 0
        for stage in self.stages:
            end = start + len(stage.touchpoints)
            out.append({"id": stage.id, "name": stage.name, "start": start, "end": end})
            start = end
        return out

    # -- JSON ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the workbook's ``"04/journey"`` value)."""
        order = [tp.id for tp in self.touchpoints()]
        return {
            "version": SCHEMA_VERSION,
            "title": self.title,
            "stages": [
                {
                    "id": stage.id,
                    "name": stage.name,
                    "touchpoints": [tp.to_dict() for tp in stage.touchpoints],
                }
                for stage in self.stages
            ],
            "curves": [
                {
                    "id": curve.id,
                    "name": curve.name,
                    "colour": curve.colour,
                    "values": {
                        k: curve.values[k] for k in order if curve.values.get(k) is not None
                    },
                }
                for curve in self.curves
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Journey:
        """Build and validate a journey from its JSON form.

        Missing ids are generated; curve values for unknown touchpoints are dropped.

        Raises
        ------
        CXError
            A bad name, kind, tag, sense, colour, duplicate id or emotion value.
        """
        if not isinstance(data, Mapping):
            raise CXError("journey.error.bad_json")
        stages: list[Stage] = []
        stage_ids: set[str] = set()
        tp_ids: set[str] = set()
        raw_stages = data.get("stages") or []
        if not isinstance(raw_stages, list):
            raise CXError("journey.error.bad_json")
        for raw in raw_stages:
            if not isinstance(raw, Mapping):
                raise CXError("journey.error.bad_json")
            stage_id = str(raw.get("id") or _next_id("s", stage_ids))
            if stage_id in stage_ids:
                raise CXError("journey.error.duplicate_id", id=stage_id)
            stage_ids.add(stage_id)
            touchpoints = []
            for item in raw.get("touchpoints") or []:
                if not isinstance(item, Mapping):
                    raise CXError("journey.error.bad_json")
                tp_id = str(item.get("id") or _next_id("t", tp_ids))
                if tp_id in tp_ids:
                    raise CXError("journey.error.duplicate_id", id=tp_id)
                tp_ids.add(tp_id)
                touchpoints.append(
                    make_touchpoint(tp_id, **{k: v for k, v in item.items() if k != "id"})
                )
            stages.append(Stage(stage_id, _name(raw.get("name"), "stage"), tuple(touchpoints)))
        curves: list[Curve] = []
        curve_ids: set[str] = set()
        for raw in data.get("curves") or []:
            if not isinstance(raw, Mapping):
                raise CXError("journey.error.bad_json")
            curve_id = str(raw.get("id") or _next_id("c", curve_ids))
            if curve_id in curve_ids:
                raise CXError("journey.error.duplicate_id", id=curve_id)
            curve_ids.add(curve_id)
            raw_values = raw.get("values") or {}
            if not isinstance(raw_values, Mapping):
                raise CXError("journey.error.bad_json")
            values = {}
            for position, (key, value) in enumerate(raw_values.items(), start=1):
                if str(key) in tp_ids and value is not None:
                    values[str(key)] = _score(value, position)
            colour = raw.get("colour") or PALETTE[len(curves) % len(PALETTE)]
            curves.append(Curve(curve_id, _name(raw.get("name"), "curve"), _colour(colour), values))
        return cls(str(data.get("title") or "").strip(), tuple(stages), tuple(curves))

    def to_json(self) -> str:
        """The JSON text of :meth:`to_dict` (UTF-8, Chinese kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def make_touchpoint(
    touchpoint_id: str,
    name: object,
    kind: object = "interpersonal",
    senses: object = None,
    note: object = "",
    tag: object = "none",
) -> Touchpoint:
    """Build a validated :class:`Touchpoint` (senses default to the usual ones for its kind)."""
    checked_kind = _kind(kind)
    chosen = _senses(KIND_SENSES[checked_kind] if senses is None else senses)
    return Touchpoint(
        id=str(touchpoint_id),
        name=_name(name, "touchpoint"),
        kind=checked_kind,
        senses=tuple(chosen),
        note=_note(note),
        tag=_tag(tag),
    )


# ---------------------------------------------------------------------------
# Editing: pure functions returning a new Journey
# ---------------------------------------------------------------------------


def _all_tp_ids(journey: Journey) -> list[str]:
    return [tp.id for tp in journey.touchpoints()]


def empty_journey(title: str = "", stage_names: Sequence[str] = ()) -> Journey:
    """A journey with the given stages, no touchpoints and one empty curve.

    Parameters
    ----------
    title : str
        Name of the journey.
    stage_names : sequence of str
        Stage names in order (may be empty).

    Returns
    -------
    Journey
    """
    stages = tuple(Stage(f"s{i}", _name(n, "stage")) for i, n in enumerate(stage_names, start=1))
    return Journey(title.strip(), stages, ())


def add_stage(journey: Journey, name: str, position: int | None = None) -> Journey:
    """Insert a new empty stage (at the end by default)."""
    stage = Stage(_next_id("s", [s.id for s in journey.stages]), _name(name, "stage"))
    stages = list(journey.stages)
    stages.insert(len(stages) if position is None else max(0, min(position, len(stages))), stage)
    return replace(journey, stages=tuple(stages))


def rename_stage(journey: Journey, stage_id: str, name: str) -> Journey:
    """Give a stage a new name."""
    s = journey.stage_index(stage_id)
    stages = list(journey.stages)
    stages[s] = replace(stages[s], name=_name(name, "stage"))
    return replace(journey, stages=tuple(stages))


def remove_stage(journey: Journey, stage_id: str) -> Journey:
    """Delete a stage with its touchpoints (and their curve values)."""
    s = journey.stage_index(stage_id)
    gone = {tp.id for tp in journey.stages[s].touchpoints}
    stages = journey.stages[:s] + journey.stages[s + 1 :]
    return replace(journey, stages=stages, curves=_drop_values(journey.curves, gone))


def move_stage(journey: Journey, stage_id: str, offset: int) -> Journey:
    """Move a stage ``offset`` places earlier (negative) or later (positive), within bounds."""
    s = journey.stage_index(stage_id)
    target = max(0, min(len(journey.stages) - 1, s + offset))
    stages = list(journey.stages)
    stages.insert(target, stages.pop(s))
    return replace(journey, stages=tuple(stages))


def add_touchpoint(
    journey: Journey,
    stage_id: str,
    name: str,
    kind: str = "interpersonal",
    senses: Iterable[str] | None = None,
    note: str = "",
    tag: str = "none",
    position: int | None = None,
    value: float | None = None,
) -> tuple[Journey, str]:
    """Add a touchpoint to a stage.

    Parameters
    ----------
    journey : Journey
    stage_id : str
        Stage that receives it.
    name, kind, senses, note, tag
        The touchpoint's fields (senses default to the usual ones for the kind).
    position : int, optional
        Place within the stage (default: last).
    value : float, optional
        Emotion value given to it on every existing curve (default: none, i.e. not drawn yet).

    Returns
    -------
    (Journey, str)
        The new journey and the new touchpoint's id.
    """
    s = journey.stage_index(stage_id)
    tp = make_touchpoint(_next_id("t", _all_tp_ids(journey)), name, kind, senses, note, tag)
    items = list(journey.stages[s].touchpoints)
    items.insert(len(items) if position is None else max(0, min(position, len(items))), tp)
    stages = list(journey.stages)
    stages[s] = replace(stages[s], touchpoints=tuple(items))
    curves = journey.curves
    if value is not None:
        checked = _score(value, 1)
        curves = tuple(replace(c, values={**c.values, tp.id: checked}) for c in curves)
    return replace(journey, stages=tuple(stages), curves=curves), tp.id


def update_touchpoint(journey: Journey, touchpoint_id: str, **changes: object) -> Journey:
    """Change fields of a touchpoint (``name``, ``kind``, ``senses``, ``note``, ``tag``)."""
    allowed = {"name", "kind", "senses", "note", "tag"}
    unknown = set(changes) - allowed
    if unknown:
        raise CXError("journey.error.bad_field", field=", ".join(sorted(unknown)))
    s, p = journey.locate(touchpoint_id)
    old = journey.stages[s].touchpoints[p]
    fields = {**old.to_dict(), **changes}
    fields.pop("id")
    tp = make_touchpoint(old.id, **fields)
    items = list(journey.stages[s].touchpoints)
    items[p] = tp
    stages = list(journey.stages)
    stages[s] = replace(stages[s], touchpoints=tuple(items))
    return replace(journey, stages=tuple(stages))


def remove_touchpoint(journey: Journey, touchpoint_id: str) -> Journey:
    """Delete a touchpoint and its values on every curve."""
    s, p = journey.locate(touchpoint_id)
    items = journey.stages[s].touchpoints
    stages = list(journey.stages)
    stages[s] = replace(stages[s], touchpoints=items[:p] + items[p + 1 :])
    return replace(
        journey, stages=tuple(stages), curves=_drop_values(journey.curves, {touchpoint_id})
    )


def move_touchpoint(journey: Journey, touchpoint_id: str, offset: int) -> Journey:
    """Move a touchpoint one place earlier (``offset=-1``) or later (``+1``).

    At the edge of its stage it crosses into the neighbouring stage (as that stage's
    last / first touchpoint); at the edge of the journey it stays where it is.
    """
    if offset not in (-1, 1):
        raise CXError("journey.error.bad_offset", offset=offset)
    s, p = journey.locate(touchpoint_id)
    stages = [list(stage.touchpoints) for stage in journey.stages]
    tp = stages[s][p]
    target_p = p + offset
    if 0 <= target_p < len(stages[s]):
        stages[s].insert(target_p, stages[s].pop(p))
    else:
        target_s = s + offset
        if not 0 <= target_s < len(stages):
            return journey
        stages[s].pop(p)
        if offset < 0:
            stages[target_s].append(tp)
        else:
            stages[target_s].insert(0, tp)
    new_stages = tuple(
        replace(stage, touchpoints=tuple(items))
        for stage, items in zip(journey.stages, stages, strict=True)
    )
    return replace(journey, stages=new_stages)


def set_title(journey: Journey, title: str) -> Journey:
    """Rename the journey."""
    text = str(title or "").strip()
    if len(text) > MAX_NAME:
        raise CXError("journey.error.long_name", name=text[:20], limit=MAX_NAME)
    return replace(journey, title=text)


def _drop_values(curves: tuple[Curve, ...], gone: set[str]) -> tuple[Curve, ...]:
    return tuple(
        replace(c, values={k: v for k, v in c.values.items() if k not in gone}) for c in curves
    )


def add_curve(
    journey: Journey,
    name: str,
    colour: str | None = None,
    values: Mapping[str, float] | None = None,
    fill: float | None = 0.0,
) -> tuple[Journey, str]:
    """Add an emotion curve.

    Parameters
    ----------
    journey : Journey
    name : str
        Legend name, e.g. "现在的感受".
    colour : str, optional
        ``#rrggbb``; default the next palette colour.
    values : mapping, optional
        Values by touchpoint id.
    fill : float or None
        Value for touchpoints missing from ``values`` (``None``: leave them undrawn).

    Returns
    -------
    (Journey, str)
        The new journey and the new curve's id.
    """
    curve_id = _next_id("c", [c.id for c in journey.curves])
    if colour is None:
        used = {c.colour for c in journey.curves}
        free = [c for c in PALETTE if c not in used]
        colour = free[0] if free else PALETTE[len(journey.curves) % len(PALETTE)]
    ids = _all_tp_ids(journey)
    given = dict(values or {})
    checked: dict[str, float] = {}
    for position, tp_id in enumerate(ids, start=1):
        value = given.get(tp_id, fill)
        if value is not None:
            checked[tp_id] = _score(value, position)
    curve = Curve(curve_id, _name(name, "curve"), _colour(colour), checked)
    return replace(journey, curves=(*journey.curves, curve)), curve_id


def update_curve(
    journey: Journey, curve_id: str, name: str | None = None, colour: str | None = None
) -> Journey:
    """Rename or recolour a curve."""
    curve = journey.curve(curve_id)
    new = replace(
        curve,
        name=curve.name if name is None else _name(name, "curve"),
        colour=curve.colour if colour is None else _colour(colour),
    )
    return replace(journey, curves=tuple(new if c.id == curve_id else c for c in journey.curves))


def remove_curve(journey: Journey, curve_id: str) -> Journey:
    """Delete a curve."""
    journey.curve(curve_id)
    return replace(journey, curves=tuple(c for c in journey.curves if c.id != curve_id))


def set_series(journey: Journey, curve_id: str, series: Sequence[float | None]) -> Journey:
    """Replace a curve's values from a list in touchpoint order (``None`` = no value).

    Raises
    ------
    CXError
        Wrong length or a bad value.
    """
    ids = _all_tp_ids(journey)
    items = list(series)
    if len(items) != len(ids):
        raise CXError("journey.error.labels_mismatch", labels=len(ids), scores=len(items))
    values = {
        tp_id: _score(value, position)
        for position, (tp_id, value) in enumerate(zip(ids, items, strict=True), start=1)
        if value is not None
    }
    curve = journey.curve(curve_id)
    new = replace(curve, values=values)
    return replace(journey, curves=tuple(new if c.id == curve_id else c for c in journey.curves))


# ---------------------------------------------------------------------------
# DataFrame form
# ---------------------------------------------------------------------------

FRAME_COLUMNS = (
    "stage_id",
    "stage",
    "touchpoint_id",
    "touchpoint",
    "kind",
    "senses",
    "note",
    "tag",
)
CURVE_PREFIX = "emotion:"


def to_frame(journey: Journey) -> pd.DataFrame:
    """One row per touchpoint (a stage without touchpoints gets one row with no touchpoint).

    Columns ``stage_id, stage, touchpoint_id, touchpoint, kind, senses`` (``;``-separated),
    ``note, tag, position`` and one ``emotion:<curve name>`` column per curve. Curve ids and
    colours are kept in ``frame.attrs["curves"]`` and the title in ``frame.attrs["title"]``.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    rows = []
    position = 0
    for stage in journey.stages:
        if not stage.touchpoints:
            rows.append({"stage_id": stage.id, "stage": stage.name, "position": pd.NA})
        for tp in stage.touchpoints:
            row = {
                "stage_id": stage.id,
                "stage": stage.name,
                "touchpoint_id": tp.id,
                "touchpoint": tp.name,
                "kind": tp.kind,
                "senses": ";".join(tp.senses),
                "note": tp.note,
                "tag": tp.tag,
                "position": position,
            }
            for curve in journey.curves:
                row[CURVE_PREFIX + curve.name] = curve.values.get(tp.id)
            rows.append(row)
            position += 1
    columns = [*FRAME_COLUMNS, "position", *(CURVE_PREFIX + c.name for c in journey.curves)]
    frame = pd.DataFrame(rows, columns=columns)
    frame["position"] = frame["position"].astype("Int64")
    for curve in journey.curves:
        frame[CURVE_PREFIX + curve.name] = pd.to_numeric(frame[CURVE_PREFIX + curve.name]).astype(
            "float64"
        )
    frame.attrs["title"] = journey.title
    frame.attrs["curves"] = [
        {"id": c.id, "name": c.name, "colour": c.colour} for c in journey.curves
    ]
    return frame


def _cell(value: object) -> object:
    """A DataFrame cell with pandas' missing markers turned into None."""
    import pandas as pd

    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _emotion_cell(value: object) -> object:
    """An emotion cell as a number when it is numeric text, None when it is blank.

    A CSV read by :func:`cxwidgets.tables.read_table` holds text (``"-1.5"``), so a
    journey downloaded as CSV can be uploaded again. Other values are returned as they
    are, for :func:`_score` to check (and name in its message).
    """
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return value


def from_frame(frame: pd.DataFrame, title: str | None = None) -> Journey:
    """Build a journey from a table with one row per touchpoint (the form :func:`to_frame` writes).

    Only ``stage`` and ``touchpoint`` are required; ``kind`` defaults to interpersonal,
    ``senses`` to the kind's usual ones, ``tag`` to none. Rows follow the table order;
    consecutive rows with the same stage (or ``stage_id``) form one stage. Columns named
    ``emotion:<name>`` become curves.

    Raises
    ------
    CXError
        Missing columns or bad values (the message names the row).
    """
    missing = [c for c in ("stage", "touchpoint") if c not in frame.columns]
    if missing:
        raise CXError(
            "journey.error.missing_columns",
            missing=", ".join(missing),
            found=", ".join(map(str, frame.columns)),
        )
    curve_columns = [c for c in frame.columns if str(c).startswith(CURVE_PREFIX)]
    meta = {m["name"]: m for m in frame.attrs.get("curves", []) if isinstance(m, Mapping)}
    stages: list[dict[str, Any]] = []
    curves: dict[str, dict[str, Any]] = {
        str(c)[len(CURVE_PREFIX) :]: {"values": {}} for c in curve_columns
    }
    used_tp: set[str] = set()
    for row_number, row in enumerate(frame.to_dict("records"), start=2):
        try:
            stage_name = _name(_cell(row.get("stage")), "stage")
            stage_id = _cell(row.get("stage_id"))
            key = str(stage_id) if stage_id is not None else stage_name
            if not stages or stages[-1]["key"] != key:
                stages.append({"key": key, "id": stage_id, "name": stage_name, "touchpoints": []})
            tp_name = _cell(row.get("touchpoint"))
            if tp_name is None or not str(tp_name).strip():
                continue
            tp_id = _cell(row.get("touchpoint_id"))
            tp_id = str(tp_id) if tp_id is not None else _next_id("t", used_tp)
            used_tp.add(tp_id)
            kind = _cell(row.get("kind")) or "interpersonal"
            senses = _cell(row.get("senses"))
            stages[-1]["touchpoints"].append(
                {
                    "id": tp_id,
                    "name": tp_name,
                    "kind": kind,
                    "senses": None
                    if senses is None and "senses" not in frame.columns
                    else (senses or ""),
                    "note": _cell(row.get("note")) or "",
                    "tag": _cell(row.get("tag")) or "none",
                }
            )
            checked = dict(stages[-1]["touchpoints"][-1])
            if checked["senses"] is None:
                checked.pop("senses")
            make_touchpoint(**{"touchpoint_id": checked.pop("id"), **checked})
            for column in curve_columns:
                value = _emotion_cell(_cell(row.get(column)))
                if value is not None:
                    curves[str(column)[len(CURVE_PREFIX) :]]["values"][tp_id] = _score(
                        value, row_number - 1
                    )
        except CXError as exc:
            raise CXError("journey.error.bad_row", row=row_number, message=exc) from exc
    data = {
        "title": frame.attrs.get("title", "") if title is None else title,
        "stages": [
            {"id": s["id"], "name": s["name"], "touchpoints": s["touchpoints"]} for s in stages
        ],
        "curves": [
            {
                "id": meta.get(name, {}).get("id"),
                "name": name,
                "colour": meta.get(name, {}).get("colour"),
                "values": c["values"],
            }
            for name, c in curves.items()
        ],
    }
    # Touchpoints with senses=None get their kind's default in make_touchpoint; an empty
    # string in a senses column means "no senses chosen".
    for stage in data["stages"]:
        for tp in stage["touchpoints"]:
            if tp["senses"] is None:
                tp.pop("senses")
    return Journey.from_dict(data)


# ---------------------------------------------------------------------------
# Sample journey and starting points
# ---------------------------------------------------------------------------


def _sample_path() -> Path:
    from .datasets import path

    return path("journey_sample.json")


def _pick(key: object, language: str) -> str:
    """The text of a catalogue key of the sample (``""`` for none) in ``language``."""
    from .i18n import t

    return t(str(key), language) if key else ""


def sample_journey(language: str = "zh-CN") -> Journey:
    """The course's home-broadband journey (``data/journey_sample.json``) in one language.

    The data file holds codes, kinds, senses, tags and values; every name and note is a
    catalogue key (``journey.sample.*`` in ``locales/journey.json``).

    Parameters
    ----------
    language : {"zh-CN", "en"}
        Language of the names and notes.

    Returns
    -------
    Journey
    """
    raw = json.loads(_sample_path().read_text(encoding="utf-8"))
    return _localise(raw, language)


def _localise(raw: Mapping[str, Any], language: str) -> Journey:
    data = {
        "title": _pick(raw.get("title"), language),
        "stages": [
            {
                "id": stage.get("id"),
                "name": _pick(stage.get("name"), language),
                "touchpoints": [
                    {
                        **{k: v for k, v in tp.items() if k not in ("name", "note")},
                        "name": _pick(tp.get("name"), language),
                        "note": _pick(tp.get("note"), language),
                    }
                    for tp in stage.get("touchpoints", [])
                ],
            }
            for stage in raw.get("stages", [])
        ],
        "curves": [
            {**curve, "name": _pick(curve.get("name"), language)} for curve in raw.get("curves", [])
        ],
    }
    return Journey.from_dict(data)


def default_stage_names(language: str = "zh-CN") -> list[str]:
    """The seven broadband stages of the syllabus, in one language."""
    raw = json.loads(_sample_path().read_text(encoding="utf-8"))
    return [_pick(stage.get("name"), language) for stage in raw.get("stages", [])]


def starter_journey(language: str = "zh-CN", title: str = "") -> Journey:
    """An empty journey for the learner's own business: the seven default stages, no touchpoints."""
    return empty_journey(title, default_stage_names(language))


# ---------------------------------------------------------------------------
# Redesign (what-if of the four moves) on a journey's curve
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Redesign:
    """A choice for each of the four reshaping moves ("" / None = not used).

    Attributes
    ----------
    peak_id : str
        Touchpoint to raise (拔高峰值), by ``peak_amount``.
    valley_id : str
        Touchpoint to lift (抬高低谷), by ``valley_amount``.
    end_name : str
        A new closing moment added after the last one (延长峰终), felt at ``end_value``;
        if empty, ``end_amount`` strengthens the existing last moment instead.
    move_id : str
        Touchpoint to move (优化排序) to 0-based position ``move_to`` of the episode.
    """

    peak_id: str = ""
    peak_amount: float = 2.0
    valley_id: str = ""
    valley_amount: float = 3.0
    end_name: str = ""
    end_value: float = 3.0
    end_amount: float = 0.0
    move_id: str = ""
    move_to: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "peak_id": self.peak_id,
            "peak_amount": self.peak_amount,
            "valley_id": self.valley_id,
            "valley_amount": self.valley_amount,
            "end_name": self.end_name,
            "end_value": self.end_value,
            "end_amount": self.end_amount,
            "move_id": self.move_id,
            "move_to": self.move_to,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Redesign:
        """Build from JSON, ignoring unknown keys and checking amounts and values."""
        data = dict(data or {})
        known = {k: data[k] for k in cls().to_dict() if k in data}
        plan = cls(**known)
        _amount(plan.peak_amount)
        _amount(plan.valley_amount)
        _amount(plan.end_amount)
        _score(plan.end_value, 1)
        if plan.end_name:
            _name(plan.end_name, "touchpoint")
        return replace(
            plan,
            peak_id=str(plan.peak_id or ""),
            valley_id=str(plan.valley_id or ""),
            move_id=str(plan.move_id or ""),
            end_name=str(plan.end_name or "").strip(),
            move_to=int(plan.move_to or 0),
        )


@dataclass(frozen=True)
class RedesignResult:
    """Before and after a redesign, with both peak-end analyses."""

    before: tuple[Moment, ...]
    after: tuple[Moment, ...]
    before_pe: PeakEnd
    after_pe: PeakEnd

    @property
    def change(self) -> float:
        """Change of the remembered score."""
        return self.after_pe.remembered - self.before_pe.remembered


ADDED_END_ID = "end+"


def apply_redesign(moments: Sequence[Moment], plan: Redesign) -> RedesignResult:
    """Apply the four moves to an episode, in the order raise, lift, end, reorder.

    The new closing moment (if any) is appended last and is not moved by the reorder,
    so the episode still ends on it.

    Parameters
    ----------
    moments : sequence of Moment
        The episode before (e.g. ``journey.episode(curve_id)``).
    plan : Redesign
        The chosen moves; a touchpoint id not in the episode is an error.

    Returns
    -------
    RedesignResult
    """
    before = tuple(moments)
    if not before:
        raise CXError("journey.error.empty_scores")
    ids = [m.id for m in before]
    scores = [m.value for m in before]

    def where(tp_id: str) -> int:
        if tp_id not in ids:
            raise CXError("journey.error.unknown_touchpoint", id=tp_id)
        return ids.index(tp_id)

    if plan.peak_id:
        scores = raise_peak(scores, where(plan.peak_id), plan.peak_amount)
    if plan.valley_id:
        scores = lift_valley(scores, where(plan.valley_id), plan.valley_amount)
    if not plan.end_name and plan.end_amount:
        scores = strengthen_end(scores, plan.end_amount)
    after = [Moment(m.id, m.name, v) for m, v in zip(before, scores, strict=True)]
    if plan.move_id:
        source = where(plan.move_id)
        target = max(0, min(len(after) - 1, int(plan.move_to)))
        after = [after[i] for i in move_order(len(after), source, target)]
    if plan.end_name:
        value = _score(plan.end_value, len(after) + 1)
        after.append(Moment(ADDED_END_ID, _name(plan.end_name, "touchpoint"), value))
    return RedesignResult(
        before, tuple(after), peak_end(scores_of(before)), peak_end(scores_of(after))
    )


def scores_of(moments: Iterable[Moment]) -> list[float]:
    """The values of an episode."""
    return [m.value for m in moments]


def suggest_plan(moments: Sequence[Moment]) -> Redesign:
    """A starting redesign: raise the peak, lift the valley, add a caring closing moment.

    The learner changes every choice; this only fills the form sensibly.
    """
    if not moments:
        return Redesign()
    result = peak_end(scores_of(moments))
    return Redesign(
        peak_id=moments[result.peak_index].id,
        valley_id=moments[result.valley_index].id,
        move_id="",
        move_to=len(moments) - 1,
    )


# ---------------------------------------------------------------------------
# Key touchpoints
# ---------------------------------------------------------------------------

REASONS: tuple[str, ...] = ("valley", "deep", "peak", "intense", "end", "pain")


def key_reasons(
    journey: Journey, curve_id: str | None = None, deepest: int = 2
) -> dict[str, tuple[str, ...]]:
    """Why each touchpoint matters for the remembered experience (see :func:`suggest_key_touchpoints`).

    Returns
    -------
    dict
        ``{touchpoint_id: reason codes}`` in journey order, only for suggested touchpoints.
    """
    reasons: dict[str, list[str]] = {}
    moments = journey.episode(curve_id) if journey.curves else ()
    if moments:
        result = peak_end(scores_of(moments))
        ranked = sorted(range(len(moments)), key=lambda i: (moments[i].value, i))
        for i in ranked[:deepest]:
            if moments[i].value < 0 and i != result.valley_index:
                reasons.setdefault(moments[i].id, []).append("deep")
        marks = (
            ("valley", result.valley_index if result.valley < 0 else None),
            ("peak", result.peak_index if result.peak > 0 else None),
            ("intense", result.intense_index),
            ("end", result.end_index),
        )
        for code, index in marks:
            if index is not None:
                reasons.setdefault(moments[index].id, []).append(code)
    out: dict[str, tuple[str, ...]] = {}
    for tp in journey.touchpoints():
        codes = list(reasons.get(tp.id, []))
        if tp.tag == "pain":
            codes.append("pain")
        if codes:
            out[tp.id] = tuple(code for code in REASONS if code in codes)
    return out


def suggest_key_touchpoints(
    journey: Journey, curve_id: str | None = None, deepest: int = 2
) -> pd.DataFrame:
    """Touchpoints that matter most for the remembered experience.

    A touchpoint is suggested when it is the valley or one of the ``deepest`` lowest
    negative moments, the peak, the most intense moment, the end, or tagged as a pain point.

    Parameters
    ----------
    journey : Journey
    curve_id : str, optional
        Curve to analyse (default: the first); touchpoints without a value on it can
        still be suggested as pain points.
    deepest : int
        How many of the lowest negative moments to include.

    Returns
    -------
    pandas.DataFrame
        Columns ``touchpoint_id, touchpoint, stage, value, tag, reasons`` (a tuple of
        codes from :data:`REASONS`), in journey order.
    """
    import pandas as pd

    suggested = key_reasons(journey, curve_id, deepest)
    values = {m.id: m.value for m in journey.episode(curve_id)} if journey.curves else {}
    rows = [
        {
            "touchpoint_id": tp.id,
            "touchpoint": tp.name,
            "stage": stage.name,
            "value": values.get(tp.id),
            "tag": tp.tag,
            "reasons": suggested[tp.id],
        }
        for stage in journey.stages
        for tp in stage.touchpoints
        if tp.id in suggested
    ]
    columns = ["touchpoint_id", "touchpoint", "stage", "value", "tag", "reasons"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    return frame
