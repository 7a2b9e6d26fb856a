"""Service recovery (lecture 09): reply structure (E.A.R.S., 5A), the 5A rubric, 3R plans, budget.

Pure functions, no widgets.

* :func:`detect_steps` finds the steps of E.A.R.S. (empathize, apologize, respond, solve) or
  5A (acknowledge, apologize, accept responsibility, act quickly, always follow up) in a reply:
  which are there (the first match of each, with its exact offsets), in which order, which are
  missing. The step patterns are data (``steps`` in ``cxwidgets/content/language_rules.json``).
* :func:`rubric_total` adds up a 5A observer rubric (each step 0 not seen, 1 partly, 2 clearly).
* The 3R plan (restitution, resolution, relationship) and its **recovery budget**: what keeping
  the customer is worth, the customer's lifetime value if kept minus if lost (Knox & van Oest
  2014, Journal of Marketing 78(5)). The CLV is lecture 01's calculator result, else lecture
  01's course sample (``cxwidgets.clv.learner_clv``). :func:`assess` weighs a
  plan's cost against the budget and against its expected gain, the budget times how much the
  learner expects the recovery to raise the chance of keeping the customer.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from . import language
from .errors import CXError

log = logging.getLogger("cxwidgets")

EARS = ("empathize", "apologize", "respond", "solve")
FIVE_A = ("acknowledge", "apologize", "responsibility", "act", "follow_up")
MODELS = {"ears": EARS, "fivea": FIVE_A}
PHASES = {
    "ears": {"empathize": 0, "apologize": 0, "respond": 1, "solve": 2},
    "fivea": {"acknowledge": 0, "apologize": 0, "responsibility": 0, "act": 1, "follow_up": 2},
}
"""The order a reply should follow: steps of one phase may come in any order among
themselves (an apology before or after acknowledging the failure), but a phase never after a
later one (no solution before the empathy, no follow-up before the action)."""
THREE_R = ("restitution", "resolution", "relationship")
RUBRIC_LEVELS = (0, 1, 2)
RUBRIC_MAX = RUBRIC_LEVELS[-1] * len(FIVE_A)
VERDICTS = ("pays", "budget_only", "too_costly")


@lru_cache(maxsize=1)
def content() -> dict[str, Any]:
    """The parsed ``cxwidgets/content/language_situations.json``."""
    path = resources.files("cxwidgets") / "content" / "language_situations.json"
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- reply structure
@dataclass(frozen=True)
class StepReport:
    """Which steps of a model a reply holds.

    Attributes
    ----------
    model : str
        ``"ears"`` or ``"fivea"``.
    found : dict
        Step id -> ``(start, end)`` of its first match in the reply (found steps only).
    order : tuple of str
        The found steps in the order they appear in the reply.
    missing : tuple of str
        The model's steps not found, in the model's order.
    in_order : bool
        Whether the found steps follow the model's phases (:data:`PHASES`).
    """

    model: str
    found: dict[str, tuple[int, int]]
    order: tuple[str, ...]
    missing: tuple[str, ...]
    in_order: bool


def detect_steps(text: str, model: str, rules: language.Rules | None = None) -> StepReport:
    """The steps of ``model`` (``"ears"`` or ``"fivea"``) found in ``text``.

    Each step is found at its earliest pattern match. The order is judged on the found steps
    only, by phase (:data:`PHASES`): "apologize, then solve" is in order even with empathy
    missing; "solve, then empathize" is not.

    Raises
    ------
    CXError
        ``recovery.error.model`` for an unknown model.
    """
    if model not in MODELS:
        raise CXError("recovery.error.model", value=model)
    rules = rules or language.load_rules()
    text = text if isinstance(text, str) else ""
    found: dict[str, tuple[int, int]] = {}
    for step, patterns in rules.steps.get(model, ()):
        matches = [m for p in patterns for m in p.finditer(text) if m.end() > m.start()]
        if matches:
            first = min(matches, key=lambda m: (m.start(), -m.end()))
            found[step] = (first.start(), first.end())
    steps = MODELS[model]
    order = tuple(sorted(found, key=lambda step: (found[step][0], steps.index(step))))
    ranks = [PHASES[model][step] for step in order]
    return StepReport(
        model=model, found=found, order=order,
        missing=tuple(step for step in steps if step not in found),
        in_order=ranks == sorted(ranks),
    )


def rubric_total(ratings: Any) -> int:
    """Sum of a 5A rubric ``{step: 0|1|2}`` (unrated steps count 0); out of :data:`RUBRIC_MAX`.

    Raises
    ------
    CXError
        ``recovery.error.rubric`` for an unknown step or a rating that is not 0, 1 or 2.
    """
    return sum(clean_rubric(ratings).values())


def clean_rubric(ratings: Any) -> dict[str, int]:
    """The valid ratings of a rubric (see :func:`rubric_total` for what is refused)."""
    if not isinstance(ratings, dict):
        raise CXError("recovery.error.rubric", step="", value=ratings)
    for step, value in ratings.items():
        if step not in FIVE_A or isinstance(value, bool) or value not in RUBRIC_LEVELS:
            raise CXError("recovery.error.rubric", step=step, value=value)
    return {step: int(value) for step, value in ratings.items()}


# --------------------------------------------------------------------------- the budget
def clv_source(sections: Any) -> dict[str, Any]:
    """The customer's lifetime value for the budget (``cxwidgets.clv.learner_clv``): the
    learner's lecture-01 result, else lecture 01's course sample (``source`` says which)."""
    from . import clv

    return clv.learner_clv(sections if isinstance(sections, dict) else {})


def budget(clv_kept: float, clv_lost: float = 0.0) -> float:
    """What keeping the customer is worth: lifetime value if kept minus if lost.

    A lost customer brings no further margin, so ``clv_lost`` is 0 unless the learner expects
    some (e.g. a win-back later).
    """
    return float(clv_kept) - float(clv_lost)


def _share(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise CXError("recovery.error.percent", field=name, value=value)
    return float(value) / 100


def assess(cost: Any, value: float, keep_without: Any, keep_with: Any) -> dict[str, Any]:
    """Weigh a recovery plan's cost against the budget.

    Parameters
    ----------
    cost : float
        What the plan costs per customer (yuan), >= 0.
    value : float
        The recovery budget (:func:`budget`).
    keep_without, keep_with : float
        The learner's estimate (percent, 0-100) that the customer stays without the recovery
        and with it.

    Returns
    -------
    dict
        ``budget``; ``uplift`` (share points, ``keep_with - keep_without``); ``expected_gain``
        (``uplift * budget``); ``cost``; ``net`` (``expected_gain - cost``); ``verdict``:
        ``"pays"`` (cost <= expected gain), ``"budget_only"`` (within the budget but above the
        expected gain: it pays only if the recovery keeps the customer more surely than
        estimated) or ``"too_costly"`` (above the budget: it cannot pay).

    Raises
    ------
    CXError
        ``recovery.error.cost`` (not a number >= 0), ``recovery.error.percent`` (not 0-100),
        ``recovery.error.chances`` (the recovery would lower the chance of keeping the customer).
    """
    if isinstance(cost, bool) or not isinstance(cost, int | float) or cost != cost or cost < 0:
        raise CXError("recovery.error.cost", value=cost)
    without, with_ = _share(keep_without, "keep_without"), _share(keep_with, "keep_with")
    if with_ < without:
        raise CXError("recovery.error.chances", without=keep_without, with_=keep_with)
    uplift = with_ - without
    gain = uplift * value
    if cost <= gain:
        verdict = "pays"
    elif cost <= value:
        verdict = "budget_only"
    else:
        verdict = "too_costly"
    return {"budget": value, "uplift": uplift, "expected_gain": gain, "cost": float(cost),
            "net": gain - float(cost), "verdict": verdict}


# --------------------------------------------------------------------------- failures
def failures(sections: Any) -> list[dict[str, Any]]:
    """Failures a 3R plan can start from: the learner's lecture-05 fail points, then the course's.

    Each is ``{"id", "text" (None for course failures: their text is the catalogue key
    ``recovery.failure.<id>``), "source": "blueprint" | "course"}``. Fail points come from
    ``cxwidgets.blueprint.fail_points(sections)`` (the learner's blueprint, else its reference
    one); their ids are prefixed ``fp:``. Without that module there are course failures only.
    """
    points: list[dict[str, Any]] = []
    try:
        from . import blueprint

        for point in blueprint.fail_points(sections if isinstance(sections, dict) else {}):
            text = str(point.get("text") or "").strip()
            if point.get("id") and text:
                points.append({"id": f"fp:{point['id']}", "text": text, "source": "blueprint"})
    except ImportError:
        pass
    except Exception:
        log.exception("lecture 05's fail points could not be read")
    course = [{"id": code, "text": None, "source": "course"} for code in content()["failures"]]
    return points + course
