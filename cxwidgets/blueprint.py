"""Service blueprint model, its automatic checks and the fail-point ranking (lecture 05).

A service blueprint (Shostack 1984, "Designing services that deliver", Harvard Business
Review 62(1); Bitner, Ostrom & Morgan 2008, "Service blueprinting", California Management
Review 50(3)) draws one service episode as *steps* in five *lanes*, read from the top:

``evidence``   physical evidence the customer sees (leaflet, SMS, the installer's badge)
``customer``   customer actions
``onstage``    onstage contact actions (visible to the customer; people or technology)
``backstage``  backstage contact actions (invisible contact work)
``support``    support processes (systems, other departments)

Three *lines* separate them: the line of interaction (customer | onstage), the line of
visibility (onstage | backstage) and the line of internal interaction (backstage | support).

A step sits in a lane and a *column* (its place in time: steps of one column happen together
and belong to each other, like the vertical alignment of a drawn blueprint). It has an owner,
a duration in minutes, a status (observed / assumed / proposed), the journey touchpoint it
belongs to (lecture 04 ids ``t1``..) and *links* to the steps that follow it. A step may be a
*fail point* (what can go wrong, prevention, recovery, owner, and the FMEA ratings severity,
occurrence, detection 1..10 with the provider gap 2 or 3 it belongs to) and a *wait point*
(standard time against the customer's tolerance, Shostack's time frame).

Everything here is pure: frozen dataclasses, JSON round trip (:meth:`Blueprint.to_dict`,
:meth:`Blueprint.from_dict`), editing functions returning new blueprints, and checks returning
:class:`Finding` objects (a check code, the step id, an i18n key and its parameters: codes and
numbers, never text in one language). The checks are practice, not a published list (see
``../shared/CX-REFERENCE.md``). The course's reference blueprint (broadband installation) is
``cxwidgets/content/blueprint.json``: codes only, every text a catalogue key.

Cross-lecture reader: :func:`fail_points` (lecture 09 reads the ranked fail points).
"""

from __future__ import annotations

import graphlib
import json
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CXError

if TYPE_CHECKING:  # pragma: no cover
    from .journey import Journey

LANES: tuple[str, ...] = ("evidence", "customer", "onstage", "backstage", "support")
#: The three lines, each drawn between lane ``index - 1`` and lane ``index``.
LINES: tuple[tuple[str, int], ...] = (("interaction", 2), ("visibility", 3), ("internal", 4))
STATUSES: tuple[str, ...] = ("observed", "assumed", "proposed")
GAPS: tuple[int, ...] = (2, 3)
RATING_MIN, RATING_MAX = 1, 10
#: Lanes of the provider's people and systems: handoffs are looked for among them.
STAFF_LANES: tuple[str, ...] = ("onstage", "backstage", "support")
#: An emotion value at or below this, lower than both neighbours, is a valley.
VALLEY = -2.0
MAX_TEXT = 120
MAX_FIELD = 200
MAX_STEPS = 80
MAX_COLUMN = 199
MAX_MINUTES = 525600.0  # a year
SCHEMA_VERSION = 1
SECTION = "05/blueprint"
JOURNEY_SECTION = "04/journey"
CONTENT_PATH = Path(__file__).resolve().parent / "content" / "blueprint.json"
#: Codes of the fail point's fields that a complete fail point fills in.
FAIL_FIELDS: tuple[str, ...] = ("prevention", "recovery", "owner")


# --------------------------------------------------------------------------- model
@dataclass(frozen=True)
class FailPoint:
    """What can go wrong at a step, how it is prevented and recovered, and its FMEA ratings.

    Attributes
    ----------
    text : str
        What fails, in the learner's words.
    prevention, recovery, owner : str
        How it is prevented, the recovery step, who owns it.
    severity, occurrence, detection : int or None
        FMEA ratings 1..10 (detection: 10 = the provider does not notice before the customer).
    gap : int or None
        Provider gap of the gaps model it belongs to: 2 (design and standards) or 3
        (performance), see lecture 07.
    """

    text: str = ""
    prevention: str = ""
    recovery: str = ""
    owner: str = ""
    severity: int | None = None
    occurrence: int | None = None
    detection: int | None = None
    gap: int | None = None

    def missing(self) -> tuple[str, ...]:
        """Codes of :data:`FAIL_FIELDS` left empty."""
        return tuple(name for name in FAIL_FIELDS if not getattr(self, name).strip())

    @property
    def risk(self) -> int | None:
        """FMEA risk priority number severity x occurrence x detection, ``None`` if unrated."""
        ratings = (self.severity, self.occurrence, self.detection)
        if any(r is None for r in ratings):
            return None
        return int(self.severity) * int(self.occurrence) * int(self.detection)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "text": self.text,
            "prevention": self.prevention,
            "recovery": self.recovery,
            "owner": self.owner,
            "severity": self.severity,
            "occurrence": self.occurrence,
            "detection": self.detection,
            "gap": self.gap,
        }


@dataclass(frozen=True)
class Wait:
    """A wait point: the standard time against what the customer tolerates (minutes)."""

    standard: float
    tolerance: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"standard": self.standard, "tolerance": self.tolerance}


@dataclass(frozen=True)
class Step:
    """One step of the blueprint (see the module docstring)."""

    id: str
    lane: str
    text: str = ""
    column: int = 0
    owner: str = ""
    duration: float | None = None
    status: str = "observed"
    touchpoint: str | None = None
    links: tuple[str, ...] = ()
    fail: FailPoint | None = None
    wait: Wait | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "lane": self.lane,
            "text": self.text,
            "column": self.column,
            "owner": self.owner,
            "duration": self.duration,
            "status": self.status,
            "touchpoint": self.touchpoint,
            "links": list(self.links),
            "fail": self.fail.to_dict() if self.fail else None,
            "wait": self.wait.to_dict() if self.wait else None,
        }


@dataclass(frozen=True)
class Blueprint:
    """A service blueprint: steps in lanes and columns, linked into a flow.

    ``source`` says where it started: ``journey`` (the learner's lecture-04 journey),
    ``sample`` (the course's sample journey), ``empty`` or ``reference``.
    """

    title: str = ""
    steps: tuple[Step, ...] = ()
    source: str = "empty"

    # -- reading --------------------------------------------------------------
    def ordered(self) -> list[Step]:
        """Steps in reading order: by column, then lane (top to bottom), then as stored."""
        position = {step.id: n for n, step in enumerate(self.steps)}
        return sorted(
            self.steps, key=lambda s: (s.column, LANES.index(s.lane), position[s.id])
        )

    def numbers(self) -> dict[str, int]:
        """The number each step is shown with (1-based, in :meth:`ordered` order)."""
        return {step.id: n for n, step in enumerate(self.ordered(), start=1)}

    def step(self, step_id: str) -> Step:
        """The step with this id."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise CXError("blueprint.error.unknown_step", id=step_id)

    def columns(self) -> int:
        """Number of columns in use (the largest column + 1; 0 when empty)."""
        return max((s.column for s in self.steps), default=-1) + 1

    # -- JSON -----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the workbook's ``"05/blueprint"`` value holds it)."""
        return {
            "version": SCHEMA_VERSION,
            "title": self.title,
            "source": self.source,
            "steps": [step.to_dict() for step in self.steps],
        }

    def to_json(self) -> str:
        """The JSON text of :meth:`to_dict`."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Blueprint:
        """Build and validate a blueprint from its JSON form.

        Missing ids are generated; links to unknown steps and self-links are dropped.

        Raises
        ------
        CXError
            Not a blueprint, too many steps, a duplicate id, a bad lane, status, column,
            duration, rating, gap or wait, or a text over its limit.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("steps", []), list):
            raise CXError("blueprint.error.bad_json")
        raw_steps = data.get("steps") or []
        if len(raw_steps) > MAX_STEPS:
            raise CXError("blueprint.error.too_many_steps", limit=MAX_STEPS)
        used: set[str] = set()
        steps = []
        for raw in raw_steps:
            if not isinstance(raw, Mapping):
                raise CXError("blueprint.error.bad_json")
            step_id = str(raw.get("id") or next_id(used))
            if step_id in used:
                raise CXError("blueprint.error.duplicate_id", id=step_id)
            used.add(step_id)
            steps.append(make_step(step_id, raw))
        steps = [
            replace(s, links=tuple(i for i in s.links if i in used and i != s.id)) for s in steps
        ]
        source = str(data.get("source") or "empty")
        if source not in SOURCES:
            source = "empty"
        return cls(_text(data.get("title"), MAX_TEXT), tuple(steps), source)


SOURCES: tuple[str, ...] = ("journey", "sample", "empty", "reference")


def next_id(used: Iterable[str]) -> str:
    """The next free step id ``b<n>`` after the largest numeric suffix in ``used``."""
    highest = 0
    for item in used:
        if item.startswith("b") and item[1:].isdigit():
            highest = max(highest, int(item[1:]))
    return f"b{highest + 1}"


# --------------------------------------------------------------------------- validation
def _field(what: str) -> CXError:
    """The name of a field as a message parameter (translated with the message)."""
    return CXError(f"blueprint.field.{what}")


def _text(value: object, limit: int, what: str = "text") -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise CXError("blueprint.error.too_long", field=_field(what), limit=limit)
    return text


def _number(value: object, what: str, low: float = 0.0, high: float = MAX_MINUTES) -> float | None:
    """A number of minutes (``None``/empty: none); text such as ``"12"`` is read."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CXError("blueprint.error.bad_number", field=_field(what), value=value)
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise CXError(
                "blueprint.error.bad_number", field=_field(what), value=value
            ) from None
    if not isinstance(value, numbers.Real) or math.isnan(value):
        raise CXError("blueprint.error.bad_number", field=_field(what), value=value)
    number = float(value)
    if not low <= number <= high:
        raise CXError(
            "blueprint.error.number_range",
            field=_field(what),
            value=f"{number:g}",
            low=f"{low:g}",
            high=f"{high:g}",
        )
    return number


def _rating(value: object, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise CXError("blueprint.error.bad_rating", field=_field(what), value=value)
    if not RATING_MIN <= int(value) <= RATING_MAX:
        raise CXError("blueprint.error.bad_rating", field=_field(what), value=value)
    return int(value)


def _gap(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or value not in GAPS:
        raise CXError("blueprint.error.bad_gap", value=value)
    return int(value)  # type: ignore[call-overload]


def make_fail(raw: Mapping[str, Any] | None) -> FailPoint | None:
    """A checked :class:`FailPoint` from its JSON form (``None`` stays ``None``)."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise CXError("blueprint.error.bad_json")
    return FailPoint(
        text=_text(raw.get("text"), MAX_FIELD, "fail_text"),
        prevention=_text(raw.get("prevention"), MAX_FIELD, "prevention"),
        recovery=_text(raw.get("recovery"), MAX_FIELD, "recovery"),
        owner=_text(raw.get("owner"), MAX_TEXT, "fail_owner"),
        severity=_rating(raw.get("severity"), "severity"),
        occurrence=_rating(raw.get("occurrence"), "occurrence"),
        detection=_rating(raw.get("detection"), "detection"),
        gap=_gap(raw.get("gap")),
    )


def make_wait(raw: Mapping[str, Any] | None) -> Wait | None:
    """A checked :class:`Wait` from its JSON form (``None`` stays ``None``)."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise CXError("blueprint.error.bad_json")
    standard = _number(raw.get("standard"), "standard")
    tolerance = _number(raw.get("tolerance"), "tolerance")
    return Wait(standard or 0.0, tolerance or 0.0)


def make_step(step_id: str, raw: Mapping[str, Any]) -> Step:
    """A checked :class:`Step` from its JSON form (missing fields get their defaults)."""
    lane = str(raw.get("lane") or "")
    if lane not in LANES:
        raise CXError("blueprint.error.bad_lane", value=lane, allowed=", ".join(LANES))
    status = str(raw.get("status") or "observed")
    if status not in STATUSES:
        raise CXError("blueprint.error.bad_status", value=status, allowed=", ".join(STATUSES))
    column = raw.get("column", 0)
    if isinstance(column, bool) or not isinstance(column, numbers.Integral):
        raise CXError("blueprint.error.bad_column", value=column)
    if not 0 <= int(column) <= MAX_COLUMN:
        raise CXError("blueprint.error.bad_column", value=column)
    links = raw.get("links") or []
    if not isinstance(links, list | tuple):
        raise CXError("blueprint.error.bad_json")
    touchpoint = raw.get("touchpoint")
    return Step(
        id=step_id,
        lane=lane,
        text=_text(raw.get("text"), MAX_TEXT),
        column=int(column),
        owner=_text(raw.get("owner"), MAX_TEXT, "owner"),
        duration=_number(raw.get("duration"), "duration"),
        status=status,
        touchpoint=str(touchpoint) if touchpoint else None,
        links=tuple(dict.fromkeys(str(i) for i in links)),
        fail=make_fail(raw.get("fail")),
        wait=make_wait(raw.get("wait")),
    )


# --------------------------------------------------------------------------- building
def empty_blueprint(title: str = "") -> Blueprint:
    """A blueprint with no steps."""
    return Blueprint(title=title, steps=(), source="empty")


def from_journey(journey: Journey, source: str = "journey") -> Blueprint:
    """A blueprint whose customer actions are the journey's touchpoints, in order.

    Each touchpoint becomes a customer action in its own column, linked to the next one and
    remembering its touchpoint id; a stage without touchpoints becomes one customer action
    named after the stage. The other lanes are left for the learner to fill in.

    Parameters
    ----------
    journey : cxwidgets.journey.Journey
        The lecture-04 journey (the learner's, or the sample).
    source : {"journey", "sample"}
        Where it came from (stored with the blueprint).

    Returns
    -------
    Blueprint
    """
    steps: list[Step] = []
    for stage in journey.stages:
        items = [(tp.name, tp.id) for tp in stage.touchpoints] or [(stage.name, None)]
        for name, touchpoint in items:
            steps.append(
                Step(
                    id=f"b{len(steps) + 1}",
                    lane="customer",
                    text=name[:MAX_TEXT],
                    column=len(steps),
                    touchpoint=touchpoint,
                )
            )
    linked = [
        replace(step, links=(steps[n + 1].id,)) if n + 1 < len(steps) else step
        for n, step in enumerate(steps)
    ]
    return Blueprint(title=journey.title[:MAX_TEXT], steps=tuple(linked), source=source)


def _localise(raw: Mapping[str, Any], language: str) -> dict[str, Any]:
    """Resolve the catalogue keys of the reference blueprint's texts in ``language``."""
    from .i18n import t

    def pick(key: object) -> str:
        return t(str(key), language) if key else ""

    steps = []
    for step in raw.get("steps", []):
        item = {**step, "text": pick(step.get("text")), "owner": pick(step.get("owner"))}
        if step.get("fail"):
            fail = step["fail"]
            item["fail"] = {
                **fail,
                **{name: pick(fail.get(name)) for name in ("text", "prevention", "recovery", "owner")},
            }
        steps.append(item)
    return {"title": pick(raw.get("title")), "source": "reference", "steps": steps}


def reference_blueprint(language: str = "zh-CN") -> Blueprint:
    """The course's reference blueprint of a broadband installation, in one language.

    ``cxwidgets/content/blueprint.json`` holds its structure; texts are catalogue keys
    (``blueprint.ref.*`` in ``cxwidgets/locales/blueprint.json``).
    """
    raw = json.loads(CONTENT_PATH.read_text(encoding="utf-8"))
    return Blueprint.from_dict(_localise(raw, language))


# --------------------------------------------------------------------------- editing
def add_step(
    blueprint: Blueprint, lane: str, column: int = 0, text: str = "", **fields: Any
) -> tuple[Blueprint, str]:
    """Add a step; returns the new blueprint and the new step's id.

    Raises
    ------
    CXError
        The blueprint already has :data:`MAX_STEPS` steps, or a field is bad.
    """
    if len(blueprint.steps) >= MAX_STEPS:
        raise CXError("blueprint.error.too_many_steps", limit=MAX_STEPS)
    step_id = next_id(s.id for s in blueprint.steps)
    step = make_step(step_id, {"lane": lane, "column": column, "text": text, **fields})
    return replace(blueprint, steps=(*blueprint.steps, step)), step_id


def update_step(blueprint: Blueprint, step_id: str, **changes: Any) -> Blueprint:
    """A blueprint with one step changed (fields as in :meth:`Step.to_dict`; checked).

    Links to unknown steps or to the step itself raise ``blueprint.error.bad_link``.
    """
    current = blueprint.step(step_id).to_dict()
    step = make_step(step_id, {**current, **changes})
    known = {s.id for s in blueprint.steps}
    for link in step.links:
        if link not in known or link == step_id:
            raise CXError("blueprint.error.bad_link", id=link)
    return replace(blueprint, steps=tuple(step if s.id == step_id else s for s in blueprint.steps))


def remove_step(blueprint: Blueprint, step_id: str) -> Blueprint:
    """A blueprint without a step (and without the links to it)."""
    blueprint.step(step_id)
    steps = tuple(
        replace(s, links=tuple(i for i in s.links if i != step_id))
        for s in blueprint.steps
        if s.id != step_id
    )
    return replace(blueprint, steps=steps)


def move_step(blueprint: Blueprint, step_id: str, offset: int) -> Blueprint:
    """Move a step ``offset`` columns later (negative: earlier), not before column 0."""
    step = blueprint.step(step_id)
    column = max(0, min(MAX_COLUMN, step.column + int(offset)))
    return update_step(blueprint, step_id, column=column)


# --------------------------------------------------------------------------- relations
def lines_between(lane_a: str, lane_b: str) -> tuple[str, ...]:
    """Codes of the lines a link between two lanes crosses, top to bottom."""
    low, high = sorted((LANES.index(lane_a), LANES.index(lane_b)))
    return tuple(code for code, index in LINES if low < index <= high)


def neighbours(blueprint: Blueprint, step: Step) -> list[Step]:
    """Steps that belong to ``step``: linked to or from it, or in the same column."""
    out = []
    for other in blueprint.steps:
        if other.id == step.id:
            continue
        if other.id in step.links or step.id in other.links or other.column == step.column:
            out.append(other)
    return out


# --------------------------------------------------------------------------- checks
@dataclass(frozen=True)
class Finding:
    """One result of a check.

    Attributes
    ----------
    check : str
        The check's code (one of :data:`CHECKS`).
    step : str
        Id of the step it points at.
    key : str
        Catalogue key of the sentence that explains it.
    params : dict
        Its parameters: step ids (``*_step``), lists of step ids (``steps``), line codes
        (``lines``), field codes (``missing``), touchpoint ids and numbers. Never text in one
        language, so a finding does not depend on the UI language.
    level : str
        ``problem`` (fix it) or ``note`` (look at it).
    """

    check: str
    step: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    level: str = "problem"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "check": self.check,
            "step": self.step,
            "key": self.key,
            "params": dict(self.params),
            "level": self.level,
        }


def check_customer_alone(blueprint: Blueprint) -> list[Finding]:
    """Customer actions with no onstage or support (technology) counterpart and no evidence.

    A counterpart is a step linked to or from the action, or in its column.
    """
    out = []
    for step in blueprint.ordered():
        if step.lane != "customer":
            continue
        lanes = {other.lane for other in neighbours(blueprint, step)}
        if not lanes & {"onstage", "support", "evidence"}:
            out.append(Finding("customer_alone", step.id, "blueprint.check.customer_alone"))
    return out


def check_onstage_unsupported(blueprint: Blueprint) -> list[Finding]:
    """Onstage steps with no backstage or support step linked to them or in their column."""
    out = []
    for step in blueprint.ordered():
        if step.lane != "onstage":
            continue
        lanes = {other.lane for other in neighbours(blueprint, step)}
        if not lanes & {"backstage", "support"}:
            out.append(Finding("onstage_unsupported", step.id, "blueprint.check.onstage_unsupported"))
    return out


def check_fail_incomplete(blueprint: Blueprint) -> list[Finding]:
    """Fail points without a prevention, a recovery step or an owner (``missing`` codes)."""
    out = []
    for step in blueprint.ordered():
        if step.fail is not None and step.fail.missing():
            out.append(
                Finding(
                    "fail_incomplete",
                    step.id,
                    "blueprint.check.fail_incomplete",
                    {"missing": list(step.fail.missing())},
                )
            )
    return out


def check_wait_tolerance(blueprint: Blueprint) -> list[Finding]:
    """Wait points whose standard time exceeds the customer's tolerance."""
    out = []
    for step in blueprint.ordered():
        if step.wait is not None and step.wait.standard > step.wait.tolerance:
            out.append(
                Finding(
                    "wait_over",
                    step.id,
                    "blueprint.check.wait_over",
                    {
                        "standard": step.wait.standard,
                        "tolerance": step.wait.tolerance,
                        "over": step.wait.standard - step.wait.tolerance,
                    },
                )
            )
    return out


def _owner(text: str) -> str:
    return "".join(text.split()).casefold()


def check_handoffs(blueprint: Blueprint) -> list[Finding]:
    """Links between staff lanes that cross a line and change owner (notes).

    A handoff is where work and information get lost; once the receiving step is marked
    as a fail point (its prevention naming the handover standard) the note goes.
    """
    out = []
    for step in blueprint.ordered():
        for target_id in step.links:
            target = blueprint.step(target_id)
            if step.lane not in STAFF_LANES or target.lane not in STAFF_LANES:
                continue
            crossed = lines_between(step.lane, target.lane)
            a, b = _owner(step.owner), _owner(target.owner)
            if crossed and a and b and a != b and target.fail is None:
                out.append(
                    Finding(
                        "handoff",
                        target.id,
                        "blueprint.check.handoff",
                        {"from_step": step.id, "lines": list(crossed)},
                        level="note",
                    )
                )
    return out


@dataclass(frozen=True)
class Flow:
    """The flow of linked steps: a loop, or the critical path and its total duration.

    Attributes
    ----------
    loop : tuple of str
        Step ids of one rework loop (first step repeated at the end), ``()`` when acyclic.
    path : tuple of str
        The critical path (the chain of links with the longest total duration; steps with
        no duration count 0), ``()`` when there is a loop or no step.
    total : float or None
        Its total duration in minutes; ``None`` when there is a loop.
    """

    loop: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    total: float | None = None


def flow(blueprint: Blueprint) -> Flow:
    """Find a rework loop or, when there is none, the critical path (longest total duration).

    Uses the standard library's :mod:`graphlib` topological sort; ties between equally long
    paths go to the path whose steps come first in reading order.
    """
    order = [s.id for s in blueprint.ordered()]
    rank = {step_id: n for n, step_id in enumerate(order)}
    successors = {s.id: list(s.links) for s in blueprint.steps}
    graph = {step_id: set() for step_id in order}  # step -> predecessors
    for source, targets in successors.items():
        for target in targets:
            graph[target].add(source)
    sorter = graphlib.TopologicalSorter(graph)
    try:
        topo = list(sorter.static_order())
    except graphlib.CycleError as exc:
        cycle = list(exc.args[1])  # graphlib lists it backwards along the predecessor edges
        cycle.reverse()
        start = min(range(len(cycle) - 1), key=lambda i: rank[cycle[i]])
        ring = cycle[start:-1] + cycle[:start]
        return Flow(loop=(*ring, ring[0]))
    duration = {s.id: s.duration or 0.0 for s in blueprint.steps}
    best: dict[str, tuple[float, tuple[str, ...]]] = {}
    for step_id in topo:
        options = [best[p] for p in graph[step_id]]
        base_total, base_path = max(
            options, key=lambda o: (o[0], [-rank[i] for i in o[1]]), default=(0.0, ())
        )
        best[step_id] = (base_total + duration[step_id], (*base_path, step_id))
    if not best:
        return Flow()
    total, path = max(best.values(), key=lambda o: (o[0], [-rank[i] for i in o[1]]))
    return Flow(path=path, total=total)


def check_loops(blueprint: Blueprint) -> list[Finding]:
    """A rework loop in the links (then durations cannot be summed into a total)."""
    loop = flow(blueprint).loop
    if not loop:
        return []
    return [Finding("loop", loop[0], "blueprint.check.loop", {"steps": list(loop)})]


def valleys(journey: Journey, curve_id: str | None = None) -> list[str]:
    """Touchpoint ids of the curve's valleys: values at most :data:`VALLEY`, below neither
    neighbour on the episode (the first and last moments have one neighbour)."""
    if not journey.curves:
        return []
    moments = journey.episode(curve_id)
    out = []
    for n, moment in enumerate(moments):
        around = [moments[i].value for i in (n - 1, n + 1) if 0 <= i < len(moments)]
        if moment.value <= VALLEY and all(moment.value <= v for v in around):
            out.append(moment.id)
    return out


def check_valleys(
    blueprint: Blueprint, journey: Journey | None, curve_id: str | None = None
) -> list[Finding]:
    """Emotion valleys of the lecture-04 curve with no fail point marked at that touchpoint.

    The steps *at* a touchpoint are those carrying its id and the steps in their columns;
    touchpoints the blueprint does not show are not checked. The finding points at the
    first step carrying the touchpoint.
    """
    if journey is None:
        return []
    try:
        low = valleys(journey, curve_id)
    except CXError:
        return []
    values = journey.curve(curve_id).values if journey.curves else {}
    out = []
    ordered = blueprint.ordered()
    for touchpoint in low:
        carrying = [s for s in ordered if s.touchpoint == touchpoint]
        if not carrying:
            continue
        columns = {s.column for s in carrying}
        at = [s for s in ordered if s.column in columns or s.touchpoint == touchpoint]
        if not any(s.fail is not None for s in at):
            out.append(
                Finding(
                    "valley",
                    carrying[0].id,
                    "blueprint.check.valley",
                    {"touchpoint": touchpoint, "value": values.get(touchpoint)},
                )
            )
    return out


CHECKS: tuple[str, ...] = (
    "customer_alone",
    "onstage_unsupported",
    "fail_incomplete",
    "wait_over",
    "handoff",
    "loop",
    "valley",
)


def run_checks(
    blueprint: Blueprint, journey: Journey | None = None, curve_id: str | None = None
) -> list[Finding]:
    """Every check, in the order of :data:`CHECKS`.

    Parameters
    ----------
    blueprint : Blueprint
    journey : Journey, optional
        The lecture-04 journey whose curve gives the valleys (no valley check without it).
    curve_id : str, optional
        The curve (default: the first).

    Returns
    -------
    list of Finding
    """
    return [
        *check_customer_alone(blueprint),
        *check_onstage_unsupported(blueprint),
        *check_fail_incomplete(blueprint),
        *check_wait_tolerance(blueprint),
        *check_handoffs(blueprint),
        *check_loops(blueprint),
        *check_valleys(blueprint, journey, curve_id),
    ]


# --------------------------------------------------------------------------- ranking
def emotion_weight(value: float | None) -> float:
    """The weight of a fail point's risk by the emotion at its touchpoint.

    ``1 + max(0, -value) / 5``: 1 at a neutral or positive moment, up to 2 at -5, 1 when
    the emotion is unknown. This weighting is the course's choice, not part of FMEA: a
    failure where the customer already feels worst is remembered most (peak-end rule).
    """
    if value is None:
        return 1.0
    return 1.0 + max(0.0, -float(value)) / 5.0


def touchpoint_of(blueprint: Blueprint, step: Step) -> str | None:
    """The step's touchpoint, else that of the first customer action of its column."""
    if step.touchpoint:
        return step.touchpoint
    for other in blueprint.ordered():
        if other.column == step.column and other.lane == "customer" and other.touchpoint:
            return other.touchpoint
    return None


@dataclass(frozen=True)
class RankedFail:
    """One fail point in the ranking (``rank`` 1 = highest weighted risk)."""

    step: str
    rank: int | None
    rpn: int | None
    touchpoint: str | None
    emotion: float | None
    weight: float
    weighted: float | None
    gap: int | None


def rank_fail_points(
    blueprint: Blueprint, journey: Journey | None = None, curve_id: str | None = None
) -> list[RankedFail]:
    """Fail points ranked by FMEA risk weighted by the emotion at their touchpoint.

    ``weighted = severity x occurrence x detection x emotion_weight(emotion)``. Rated fail
    points come first, highest weighted risk first (ties: higher unweighted risk, then
    reading order), sharing no ranks; unrated ones follow with ``rank`` ``None``.
    """
    values: Mapping[str, float] = {}
    if journey is not None and journey.curves:
        try:
            values = journey.curve(curve_id).values
        except CXError:
            values = journey.curve().values
    rows = []
    for position, step in enumerate(blueprint.ordered()):
        if step.fail is None:
            continue
        touchpoint = touchpoint_of(blueprint, step)
        emotion = values.get(touchpoint) if touchpoint else None
        weight = emotion_weight(emotion)
        rpn = step.fail.risk
        weighted = None if rpn is None else round(rpn * weight, 6)
        rows.append((position, RankedFail(step.id, None, rpn, touchpoint, emotion, weight, weighted, step.fail.gap)))
    rated = sorted(
        (r for r in rows if r[1].weighted is not None),
        key=lambda r: (-r[1].weighted, -r[1].rpn, r[0]),  # type: ignore[operator]
    )
    unrated = [r for r in rows if r[1].weighted is None]
    out = [replace(r, rank=n) for n, (_p, r) in enumerate(rated, start=1)]
    return out + [r for _p, r in unrated]


# --------------------------------------------------------------------------- readers
def _value(sections: Mapping[str, Any], name: str) -> Any:
    entry = sections.get(name) if isinstance(sections, Mapping) else None
    return entry.get("value") if isinstance(entry, Mapping) else None


def learner_journey(sections: Mapping[str, Any], language: str | None = None) -> Journey:
    """The learner's lecture-04 journey from a workbook's sections, else the sample."""
    from . import i18n
    from .journey import Journey, sample_journey

    stored = _value(sections, JOURNEY_SECTION)
    if stored:
        try:
            return Journey.from_dict(stored)
        except CXError:
            pass
    return sample_journey(language or i18n.get_language())


def stored_blueprint(value: Any) -> Blueprint | None:
    """The blueprint of a saved ``05/blueprint`` value (``{"blueprint": {...}, ...}``), or None."""
    if not isinstance(value, Mapping):
        return None
    raw = value.get("blueprint")
    if not isinstance(raw, Mapping):
        return None
    try:
        return Blueprint.from_dict(raw)
    except CXError:
        return None


def fail_points(sections: Mapping[str, Any], language: str | None = None) -> list[dict[str, Any]]:
    """The learner's fail points, ranked, for other lectures (lecture 09 reads them).

    Parameters
    ----------
    sections : dict
        A workbook's ``sections`` (``{"05/blueprint": {"value": ...}, ...}``).
    language : str, optional
        Language of the texts when they come from the reference blueprint (default: active).

    Returns
    -------
    list of dict
        ``{"id", "text", "touchpoint", "gap", "risk"}`` per fail point, in ranking order:
        ``text`` the fail point's description (else its step's text), ``touchpoint`` a
        lecture-04 touchpoint id or ``None``, ``gap`` 2, 3 or ``None``, ``risk`` the
        emotion-weighted FMEA risk or ``None`` when unrated. From section ``05/blueprint``
        when it holds a blueprint with at least one fail point, else the reference
        blueprint's (in ``language``). Never raises for missing or damaged data.
    """
    from . import i18n

    language = language or i18n.get_language()
    try:
        journey = learner_journey(sections, language)
    except Exception:  # a broken sample must not break the reader
        journey = None
    blueprint = stored_blueprint(_value(sections, SECTION))
    if blueprint is None or not any(s.fail for s in blueprint.steps):
        blueprint = reference_blueprint(language)
    curve = None
    choice = _value(sections, SECTION)
    if isinstance(choice, Mapping) and isinstance(choice.get("curve"), str):
        curve = choice["curve"]
    out = []
    for item in rank_fail_points(blueprint, journey, curve):
        step = blueprint.step(item.step)
        out.append(
            {
                "id": step.id,
                "text": (step.fail.text if step.fail and step.fail.text else step.text),
                "touchpoint": item.touchpoint,
                "gap": item.gap,
                "risk": item.weighted,
            }
        )
    return out

