"""Retention that rises with tenure: the shifted-beta-geometric model (lecture 01, exercise 2).

Fader & Hardie (2007), "How to project customer retention", *Journal of Interactive
Marketing* 21(1): each customer has a constant churn probability ``theta`` per period;
``theta`` varies across customers as a beta(alpha, beta) distribution. The customers most
likely to leave leave first, so the retention of the cohort that remains *rises with
tenure* although nobody's own churn changes:

- ``P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta)`` (leaving in period t >= 1),
- survival ``S(t) = B(alpha, beta + t) / B(alpha, beta)``,
- retention in period ``t``: ``r_t = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1)``.

Both have simple recursions (used here, so no special function is needed):
``S(t) = S(t - 1) * r_t`` with ``S(0) = 1``, and ``P(T = t) = S(t - 1) - S(t)``.

The parameters are fitted by maximum likelihood on a cohort's survivors ``n_0 .. n_T``
(the paper's eq. 6): ``LL = sum_t (n_{t-1} - n_t) ln P(T = t) + n_T ln S(T)``; scipy's
optimiser is imported inside :func:`fit`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .errors import CXError

#: The fit searches ln(alpha) and ln(beta) within +-LOG_BOUND (alpha, beta up to ~22,000).
LOG_BOUND = 10.0
#: Above this, alpha and beta are at the edge: the months fitted show no spread of churn
#: across customers (one constant rate fits them as well as any mix).
FLAT = 1000.0


@dataclass(frozen=True)
class SBG:
    """A fitted (or given) shifted-beta-geometric model; periods as in the data."""

    alpha: float
    beta: float

    def retention(self, t: int) -> float:
        """Retention in period ``t`` (>= 1): share of those alive at ``t - 1`` still there at ``t``."""
        return (self.beta + t - 1) / (self.alpha + self.beta + t - 1)

    def survival(self, periods: int) -> list[float]:
        """``[S(0), S(1), ..., S(periods)]`` with ``S(0) = 1``."""
        values = [1.0]
        for t in range(1, periods + 1):
            values.append(values[-1] * self.retention(t))
        return values

    @property
    def flat(self) -> bool:
        """Whether the fit found no heterogeneity (alpha and beta at the search's edge)."""
        return self.alpha + self.beta > FLAT

    @property
    def mean_churn(self) -> float:
        """Mean churn probability across new customers, ``alpha / (alpha + beta)``."""
        return self.alpha / (self.alpha + self.beta)


def _survivors(counts: Sequence[float]) -> list[float]:
    """Validate a cohort's survivors: at least two numbers, first > 0, never increasing."""
    try:
        values = [float(c) for c in counts]
    except (TypeError, ValueError):
        raise CXError("clv.error.cohort_numbers") from None
    if len(values) < 2 or not all(math.isfinite(v) and v >= 0 for v in values):
        raise CXError("clv.error.cohort_numbers")
    if values[0] <= 0:
        raise CXError("clv.error.cohort_numbers")
    for t in range(1, len(values)):
        if values[t] > values[t - 1]:
            raise CXError("clv.error.cohort_rises", period=t)
    return values


def log_likelihood(alpha: float, beta: float, counts: Sequence[float]) -> float:
    """The sBG log-likelihood of survivors ``counts`` (``n_0`` first), Fader & Hardie eq. 6."""
    model = SBG(alpha, beta)
    survival = model.survival(len(counts) - 1)
    total = 0.0
    for t in range(1, len(counts)):
        lost = counts[t - 1] - counts[t]
        if lost:
            total += lost * math.log(survival[t - 1] - survival[t])
    return total + counts[-1] * math.log(survival[-1]) if counts[-1] else total


def fit(counts: Sequence[float]) -> SBG:
    """Maximum-likelihood alpha and beta for a cohort's survivors.

    Parameters
    ----------
    counts : sequence of float
        Customers still active at the start (``n_0``) and after each period (``n_1 ..``).

    Returns
    -------
    SBG
        The fitted model.

    Raises
    ------
    CXError
        ``clv.error.cohort_numbers`` / ``clv.error.cohort_rises`` for unusable counts,
        ``clv.error.fit_failed`` when the optimiser does not converge.
    """
    from scipy.optimize import minimize

    values = _survivors(counts)

    def negative(params: Sequence[float]) -> float:
        alpha, beta = math.exp(params[0]), math.exp(params[1])
        return -log_likelihood(alpha, beta, values)

    result = minimize(negative, x0=[0.0, 0.0], method="Nelder-Mead",
                      bounds=[(-LOG_BOUND, LOG_BOUND)] * 2,
                      options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000})
    if not result.success:
        raise CXError("clv.error.fit_failed")
    return SBG(math.exp(result.x[0]), math.exp(result.x[1]))


@lru_cache(maxsize=64)
def _fit_once(counts: tuple[int, ...]) -> SBG:
    """:func:`fit`, remembered: a new margin or discount needs no new fit. The sample
    cohorts' fits are read from ``data/precomputed.json`` (no ``scipy.optimize`` in the page)."""
    from . import precomputed

    found = precomputed.sbg_fit(counts)
    return SBG(*found) if found is not None else fit(counts)


def value(model: SBG, margin: float, discount: float, horizon: int | None = None,
          cap: int = 2400) -> float:
    """Expected discounted margin of a new customer under the model.

    ``sum_{t=1..T} margin * S(t) / (1 + discount) ** t`` (first margin one period from now,
    after the first renewal, as in :func:`cxwidgets.clv.lifetime_value`). Without a horizon
    the sum stops at ``cap`` periods (200 years of months: the tail left is negligible for
    any positive discount; documented).
    """
    periods = horizon or cap
    survival = model.survival(periods)
    return sum(margin * survival[t] / (1 + discount) ** t for t in range(1, periods + 1))


def average_retention(counts: Sequence[float]) -> float:
    """The one average retention rate a simple calculator would use for the cohort.

    The geometric mean of the observed period-to-period retention:
    ``(n_T / n_0) ** (1 / T)`` (the constant rate that ends at the same survivors).
    """
    values = _survivors(counts)
    periods = len(values) - 1
    return (values[-1] / values[0]) ** (1 / periods)


# --------------------------------------------------------------------------- the exercise's data
#: Cohort file (``data/tenure_cohorts.csv``, made by ``data/make_tenure.py``).
COHORT_FILE = "tenure_cohorts.csv"
#: Tenure segments of the running case and the months (after joining) each one covers.
SEGMENTS: dict[str, tuple[int, int]] = {"3m": (1, 3), "6m": (4, 6), "1y": (7, 12), "2y+": (13, 24)}
#: How many months the model may be fitted on (the rest is a hold-out to check the projection).
CALIBRATIONS = (6, 12, 24)


def cohorts() -> dict[str, list[int]]:
    """The sample cohorts: code -> active customers at months 0, 1, ... (pandas, read once)."""
    return dict(_cohorts())


@lru_cache(maxsize=1)
def _cohorts() -> tuple[tuple[str, list[int]], ...]:
    from . import datasets

    table = datasets.read_csv(COHORT_FILE).sort_values(["cohort", "month"])
    order = ("store", "online", "bundle")
    found = {code: [int(v) for v in group["active"]] for code, group in table.groupby("cohort")}
    return tuple((code, found[code]) for code in order if code in found)


@dataclass(frozen=True)
class TenureResult:
    """What exercise 2 shows for one cohort (codes and numbers only)."""

    cohort: str
    calibration: int
    model: SBG
    observed: list[int]
    segments: list[dict[str, float | str]]
    clv_model: float
    clv_average: float
    average: float

    @property
    def misstatement(self) -> float:
        """How far the one-average-rate CLV is from the model's, relative to the model's."""
        return (self.clv_average - self.clv_model) / self.clv_model

    def fitted(self, periods: int | None = None) -> list[float]:
        """Fitted survivors (same scale as ``observed``) for months 0..periods."""
        months = len(self.observed) - 1 if periods is None else periods
        return [self.observed[0] * s for s in self.model.survival(months)]

    def constant(self, periods: int | None = None) -> list[float]:
        """Survivors under the one average retention rate."""
        months = len(self.observed) - 1 if periods is None else periods
        return [self.observed[0] * self.average ** t for t in range(months + 1)]


def observed_retention(counts: Sequence[float], first: int, last: int) -> float | None:
    """Average month-to-month retention over months ``first..last`` (geometric), if observed."""
    if last >= len(counts) or counts[first - 1] <= 0:
        return None
    return (counts[last] / counts[first - 1]) ** (1 / (last - first + 1))


def analyse(cohort: str, calibration: int, margin: float, discount: float,
            counts: Sequence[int] | None = None) -> TenureResult:
    """Fit the sBG on the first ``calibration`` months of a cohort and compare CLVs.

    Parameters
    ----------
    cohort : str
        Cohort code (``store``, ``online``, ``bundle``).
    calibration : int
        Months used for fitting (one of :data:`CALIBRATIONS`); later months check the fit.
    margin, discount : float
        Monthly margin and monthly discount rate of the CLV comparison.
    counts : sequence of int, optional
        The cohort's survivors (default: the sample cohort).

    Returns
    -------
    TenureResult
        The model, the tenure segments with observed and fitted retention, the CLV under the
        model and under one average rate (the calibration months' geometric mean).
    """
    if calibration not in CALIBRATIONS:
        raise CXError("clv.error.calibration", value=calibration)
    if counts is None:
        known = cohorts()
        if cohort not in known:
            raise CXError("clv.error.cohort", value=cohort)
        counts = known[cohort]
    observed = [int(c) for c in counts]
    window = observed[: calibration + 1]
    model = _fit_once(tuple(window))
    segments = []
    for code, (first, last) in SEGMENTS.items():
        fitted = [model.retention(t) for t in range(first, last + 1)]
        segments.append({
            "segment": code,
            "observed": observed_retention(observed, first, last),
            "fitted": sum(fitted) / len(fitted),
            "in_fit": last <= calibration,
        })
    average = average_retention(window)
    from .clv import lifetime_value

    return TenureResult(
        cohort=cohort,
        calibration=calibration,
        model=model,
        observed=observed,
        segments=segments,
        clv_model=value(model, margin, discount),
        clv_average=lifetime_value(margin, average, discount),
        average=average,
    )
