"""Customer lifetime value with a constant retention rate (lecture 01).

The simple retention model of Gupta & Lehmann (2003, *Journal of Interactive Marketing*
17(1)): a customer brings a margin ``m`` per period, stays each period with probability
``r`` and money is discounted at ``i`` per period. The first margin arrives one period from
now, already after one retention decision, so

    CLV = m * r / (1 + i - r)

and, over a horizon of ``T`` periods,

    CLV_T = m * r / (1 + i - r) * (1 - (r / (1 + i)) ** T).

Retention and discount must be per the *same* period: a monthly churn with an annual
discount rate is the classic slip, :func:`per_period_discount` converts one into the other
and :func:`calculate` says when it did.

Cross-lecture reader: :func:`learner_clv` gives later lectures (09: what a recovery is
worth) the learner's saved calculator result of section ``01/clv``, or the course sample's.
Everything here is pure: no widgets, no heavy imports.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import CXError

#: Workbook section of the calculator.
SECTION = "01/clv"
#: Periods the calculator knows, and how many of each make a year.
PERIODS_PER_YEAR: dict[str, int] = {"month": 12, "year": 1}
#: A discount rate above this, per month, is almost surely an annual rate typed as monthly.
MONTHLY_DISCOUNT_ALARM = 0.05


@lru_cache(maxsize=1)
def content() -> dict[str, Any]:
    """The lecture's course content (``cxwidgets/content/clv.json``): codes and numbers only."""
    text = (resources.files("cxwidgets") / "content" / "clv.json").read_text(encoding="utf-8")
    return json.loads(text)


def _not_number(name: str, value: object) -> CXError:
    """The error for an input that is not a number; ``name`` is a field code (translated)."""
    return CXError("clv.error.not_number", name=CXError(f"clv.field.{name}"), value=value)


def _number(value: object, name: str) -> float:
    """``value`` as a finite float, else a CXError naming the input."""
    if isinstance(value, bool):
        raise _not_number(name, value)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _not_number(name, value) from None
    if not math.isfinite(number):
        raise _not_number(name, value)
    return number


def _check(retention: float, discount: float, periods: float | None) -> int | None:
    """Validate the model's inputs; returns the horizon as an int (or None)."""
    if not 0 <= retention < 1:
        raise CXError("clv.error.retention_range", value=retention)
    if discount < 0:
        raise CXError("clv.error.discount_negative", value=discount)
    if periods is None:
        return None
    if periods < 1 or not float(periods).is_integer():
        raise CXError("clv.error.periods", value=periods)
    return int(periods)


def lifetime_value(
    margin: float, retention: float, discount: float, periods: int | None = None
) -> float:
    """Customer lifetime value of the simple retention model (Gupta & Lehmann 2003).

    Parameters
    ----------
    margin : float
        Margin per period; the first one arrives one period from now.
    retention : float
        Probability of staying each period, in [0, 1).
    discount : float
        Discount rate per period (same period as ``retention``), >= 0.
    periods : int, optional
        Horizon ``T`` (a whole number >= 1): the sum of the first ``T`` periods.
        ``None`` (default) is an unlimited horizon.

    Returns
    -------
    float
        ``margin * r / (1 + i - r)``, times ``1 - (r / (1 + i)) ** T`` with a horizon.

    Raises
    ------
    ValueError
        (a :class:`~cxwidgets.errors.CXError`) for retention outside [0, 1), a negative
        discount, ``periods`` below 1 or not whole, or an input that is not a number.
    """
    m = _number(margin, "margin")
    r = _number(retention, "retention")
    i = _number(discount, "discount")
    horizon = _check(r, i, None if periods is None else _number(periods, "periods"))
    value = m * r / (1 + i - r)
    if horizon is not None:
        value *= 1 - (r / (1 + i)) ** horizon
    return value


def convert_rate(rate: float, source: str, target: str) -> float:
    """A compound rate per ``source`` period expressed per ``target`` period.

    ``convert_rate(0.10, "year", "month")`` is ``1.10 ** (1 / 12) - 1`` (about 0.80%).

    Parameters
    ----------
    rate : float
        The rate per ``source`` period (> -1).
    source, target : {"month", "year"}
        Periods.

    Returns
    -------
    float
        The equivalent rate per ``target`` period.
    """
    for period in (source, target):
        if period not in PERIODS_PER_YEAR:
            raise CXError("clv.error.period", value=period)
    power = PERIODS_PER_YEAR[source] / PERIODS_PER_YEAR[target]
    return (1 + rate) ** power - 1


def retention_over(retention: float, source: str, target: str) -> float:
    """Retention per ``source`` period as retention per ``target`` period.

    Staying 12 months at 0.98 a month is staying a year with ``0.98 ** 12``.
    """
    return convert_rate(retention - 1, source, target) + 1 if retention > 0 else 0.0


@dataclass(frozen=True)
class Result:
    """What the calculator shows; rates are per ``period``."""

    clv: float
    margin: float
    retention: float
    discount: float
    period: str
    periods: int | None
    acquisition: float
    lifetime: float
    ratio: float | None
    payback: int | None
    converted: bool
    discount_entered: float
    discount_period: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form (for the workbook and the report)."""
        return asdict(self)


def payback_periods(
    margin: float, retention: float, discount: float, acquisition: float,
    periods: int | None = None,
) -> int | None:
    """First period by which the expected discounted margins repay the acquisition cost.

    The cumulative value after ``t`` periods is ``CLV * (1 - q ** t)`` with
    ``q = r / (1 + i)``, so the answer is the smallest whole ``t`` with
    ``q ** t <= 1 - A / CLV``. ``None`` when it is never repaid (within the horizon, if any).
    """
    if acquisition <= 0:
        return 0
    full = lifetime_value(margin, retention, discount)
    if full <= acquisition:
        return None
    q = retention / (1 + discount)
    if q == 0:
        return 1
    t = math.ceil(math.log(1 - acquisition / full) / math.log(q) - 1e-12)
    t = max(t, 1)
    if periods is not None and t > periods:
        return None
    return t


def per_period_discount(discount: float, discount_period: str, period: str) -> float:
    """The discount rate per ``period`` (the retention's period)."""
    return convert_rate(discount, discount_period, period)


def calculate(inputs: dict[str, Any]) -> Result:
    """Everything the calculator shows, from its inputs.

    Parameters
    ----------
    inputs : dict
        The calculator's state: ``margin`` (per ``period``), ``rate`` in percent with
        ``rate_kind`` ("retention" or "churn"), ``period`` ("month" | "year"),
        ``discount`` in percent per ``discount_period``, ``acquisition`` (cost of winning
        one customer) and ``horizon`` (whole periods; ``None`` or 0 for no horizon).

    Returns
    -------
    Result
        CLV, expected lifetime ``1 / (1 - r)`` periods, CLV / acquisition cost and payback.
    """
    period = str(inputs.get("period", "month"))
    discount_period = str(inputs.get("discount_period", "year"))
    for value in (period, discount_period):
        if value not in PERIODS_PER_YEAR:
            raise CXError("clv.error.period", value=value)
    rate = _number(inputs.get("rate"), "rate")
    if not 0 <= rate <= 100:
        raise CXError("clv.error.rate_range", value=rate)
    kind = inputs.get("rate_kind", "churn")
    if kind not in ("churn", "retention"):
        raise CXError("clv.error.rate_kind", value=kind)
    retention = (100 - rate if kind == "churn" else rate) / 100
    if retention >= 1:
        raise CXError("clv.error.retention_range", value=retention)
    entered = _number(inputs.get("discount"), "discount") / 100
    if entered < 0:
        raise CXError("clv.error.discount_negative", value=entered)
    discount = per_period_discount(entered, discount_period, period)
    margin = _number(inputs.get("margin"), "margin")
    acquisition = _number(inputs.get("acquisition", 0), "acquisition")
    if acquisition < 0:
        raise CXError("clv.error.acquisition_negative", value=acquisition)
    horizon = inputs.get("horizon")
    horizon = None if horizon in (None, "", 0) else _number(horizon, "periods")
    if horizon is not None and (horizon < 1 or not horizon.is_integer()):
        raise CXError("clv.error.periods", value=horizon)
    clv = lifetime_value(margin, retention, discount, horizon)
    horizon = None if horizon is None else int(horizon)
    return Result(
        clv=clv,
        margin=margin,
        retention=retention,
        discount=discount,
        period=period,
        periods=horizon,
        acquisition=acquisition,
        lifetime=1 / (1 - retention),
        ratio=clv / acquisition if acquisition > 0 else None,
        payback=payback_periods(margin, retention, discount, acquisition, horizon),
        converted=discount_period != period,
        discount_entered=entered,
        discount_period=discount_period,
    )


def warnings(inputs: dict[str, Any], result: Result) -> list[tuple[str, dict[str, Any]]]:
    """Catalogue keys (with parameters) of what the learner should double-check.

    - the discount rate's period differs from the churn's: it was converted (say so);
    - a monthly model with a discount above 5% a month: probably an annual rate.
    """
    notes: list[tuple[str, dict[str, Any]]] = []
    if result.converted:
        notes.append(("clv.warn.converted", {
            "entered": result.discount_entered,
            "entered_period": result.discount_period,
            "discount": result.discount,
            "period": result.period,
        }))
    elif result.period == "month" and result.discount > MONTHLY_DISCOUNT_ALARM:
        notes.append(("clv.warn.monthly_discount", {
            "discount": result.discount,
            "annual": convert_rate(result.discount, "month", "year"),
        }))
    return notes


def stepped(result: Result, step: float = 0.05) -> float | None:
    """Retention per ``result.period`` after ``step`` more points of *annual* retention.

    The "+5 points" of the figures the seeds quote are points of yearly retention; for a
    monthly model the yearly retention ``r ** 12`` is raised by ``step`` and turned back
    into a monthly rate. ``None`` when the yearly retention would reach 1.
    """
    annual = retention_over(result.retention, result.period, "year") + step
    if annual >= 1:
        return None
    return retention_over(annual, "year", result.period)


def sensitivity(result: Result, step: float = 0.05, points: int = 41) -> list[dict[str, Any]]:
    """CLV against retention, for the sensitivity chart.

    Yearly retention runs from ``R - 0.3`` to ``R + 0.1`` (kept in [0, 0.99]) around the
    learner's yearly ``R``, each turned into retention per ``result.period``; the learner's
    own point and the "+5 points" step are included. Rows ``{"retention", "annual", "clv",
    "mark"}`` with ``mark`` "now", "step" or "".
    """
    annual = retention_over(result.retention, result.period, "year")
    low, high = max(0.0, annual - 0.3), min(0.99, annual + 0.1)
    grid = {round(retention_over(low + (high - low) * k / (points - 1), "year", result.period), 6)
            for k in range(points)}
    marks = {round(result.retention, 6): "now"}
    after = stepped(result, step)
    if after is not None:
        marks[round(after, 6)] = "step"
    rows = []
    for r in sorted(grid | set(marks)):
        if r >= 1:
            continue
        rows.append({
            "retention": r,
            "annual": retention_over(r, result.period, "year"),
            "clv": lifetime_value(result.margin, r, result.discount, result.periods),
            "mark": marks.get(r, ""),
        })
    return rows


def step_effect(result: Result, step: float = 0.05) -> dict[str, float] | None:
    """What ``+step`` points of yearly retention do to this CLV (see :func:`stepped`).

    Returns ``{"retention", "annual_before", "annual_after", "clv", "difference", "change"}``
    (``change`` relative to the learner's CLV), or ``None`` when the step reaches 100%.
    """
    r = stepped(result, step)
    if r is None:
        return None
    after = lifetime_value(result.margin, r, result.discount, result.periods)
    change = (after - result.clv) / result.clv if result.clv else float("nan")
    before = retention_over(result.retention, result.period, "year")
    return {"retention": r, "annual_before": before, "annual_after": before + step,
            "clv": after, "difference": after - result.clv, "change": change}


#: Steps between the churn rows of the grid; the one nearest a quarter of the churn is used.
GRID_STEPS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1)


def grid(result: Result, churns: list[float] | None = None,
         factors: list[float] | None = None) -> list[dict[str, float]]:
    """The churn x margin grid: CLV for churn rates around the learner's and margin multiples.

    Rows ``{"churn", "margin", "clv"}``. Churns default to the learner's churn and two round
    steps either side (per ``period``; the step from :data:`GRID_STEPS` nearest a quarter of
    the churn; rates at or below 0 left out), margins to 0.5x .. 1.5x the learner's.
    """
    churn = round(1 - result.retention, 6)
    if churns is None:
        step = min(GRID_STEPS, key=lambda s: abs(s - churn / 4))
        churns = [round(churn + step * k, 6) for k in (-2, -1, 0, 1, 2)]
        churns = [c for c in churns if 0 < c <= 1]
    factors = factors or [0.5, 0.75, 1.0, 1.25, 1.5]
    rows = []
    for c in churns:
        for f in factors:
            margin = result.margin * f
            rows.append({"churn": c, "margin": margin,
                         "clv": lifetime_value(margin, 1 - c, result.discount, result.periods)})
    return rows


def sample_inputs() -> dict[str, Any]:
    """The course sample: a home-broadband subscriber (``content()["calculator"]``)."""
    return dict(content()["calculator"])


def learner_clv(sections: Any) -> dict[str, Any]:
    """The learner's CLV from lecture 01's calculator, for other lectures.

    Parameters
    ----------
    sections : dict
        A workbook document's ``"sections"`` mapping (``{"01/clv": {"value": ...}}``).
        Missing, damaged or impossible inputs fall back to the course sample.

    Returns
    -------
    dict
        ``{"clv", "margin", "retention", "discount", "period", "source"}``: retention and
        discount per ``period`` ("month" | "year"), ``source`` "learner" or "sample"; also
        ``"acquisition"`` and ``"periods"`` (the horizon, or None).
    """
    source = "sample"
    inputs = sample_inputs()
    try:
        stored = sections[SECTION]["value"]
        result = calculate(stored)
        source = "learner"
    except Exception:  # missing, damaged, old: the sample stands in (documented)
        result = calculate(inputs)
    return {
        "clv": result.clv,
        "margin": result.margin,
        "retention": result.retention,
        "discount": result.discount,
        "period": result.period,
        "source": source,
        "acquisition": result.acquisition,
        "periods": result.periods,
    }
