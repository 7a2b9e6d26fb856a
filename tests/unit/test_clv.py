"""Lecture 01 analysis: CLV (Gupta & Lehmann 2003) against hand-computed values.

Every expected number below was worked out by hand (shown in the comments), never with the
code under test.
"""

from __future__ import annotations

import itertools
import math

import pytest

from cxwidgets import clv
from cxwidgets.errors import CXError


# ----------------------------------------------------------------- lifetime_value
def test_reference_example():
    # CX-REFERENCE: m = 600, i = 10%: r = 0.80 -> 600 * 0.8 / 0.3 = 1600
    assert clv.lifetime_value(600, 0.80, 0.10) == pytest.approx(1600)
    # r = 0.85 -> 510 / 0.25 = 2040 (+27.5% for five points)
    assert clv.lifetime_value(600, 0.85, 0.10) == pytest.approx(2040)


def test_horizon_is_the_sum_of_the_first_periods():
    # T = 1: 600 * 0.8 / 1.1 = 436.3636...
    assert clv.lifetime_value(600, 0.8, 0.1, periods=1) == pytest.approx(480 / 1.1)
    # T = 2: 480 / 1.1 + 600 * 0.64 / 1.21 = 436.3636 + 317.3554 = 753.7190
    assert clv.lifetime_value(600, 0.8, 0.1, periods=2) == pytest.approx(753.719008, rel=1e-7)
    # closed form with T = 3: 1600 * (1 - (0.8/1.1)^3) = 1600 * (1 - 0.384673) = 984.5229
    assert clv.lifetime_value(600, 0.8, 0.1, periods=3) == pytest.approx(984.522915, rel=1e-7)


def test_edge_values():
    assert clv.lifetime_value(600, 0.0, 0.1) == 0
    # no discount: m * r / (1 - r) = 100 * 0.5 / 0.5 = 100
    assert clv.lifetime_value(100, 0.5, 0.0) == pytest.approx(100)
    assert clv.lifetime_value(100, 0.5, 0.0, periods=1.0) == pytest.approx(50)


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ((600, 1.0, 0.1), "clv.error.retention_range"),
        ((600, -0.1, 0.1), "clv.error.retention_range"),
        ((600, 1.2, 0.1), "clv.error.retention_range"),
        ((600, 0.8, -0.01), "clv.error.discount_negative"),
        ((600, 0.8, 0.1, 0), "clv.error.periods"),
        ((600, 0.8, 0.1, -3), "clv.error.periods"),
        ((600, 0.8, 0.1, 2.5), "clv.error.periods"),
        (("many", 0.8, 0.1), "clv.error.not_number"),
        ((600, float("nan"), 0.1), "clv.error.not_number"),
    ],
)
def test_bad_inputs_raise_value_errors(args, key):
    with pytest.raises(ValueError) as caught:
        clv.lifetime_value(*args)
    assert isinstance(caught.value, CXError)
    assert caught.value.key == key


# ----------------------------------------------------------------- periods
def test_rates_convert_by_compounding():
    # 10% a year is 1.1 ** (1/12) - 1 = 0.0079741404 a month
    assert clv.convert_rate(0.10, "year", "month") == pytest.approx(0.0079741404, rel=1e-8)
    # 1% a month is 1.01 ** 12 - 1 = 0.1268250301 a year
    assert clv.convert_rate(0.01, "month", "year") == pytest.approx(0.1268250301, rel=1e-8)
    assert clv.convert_rate(0.05, "year", "year") == pytest.approx(0.05)
    # 0.98 a month: 0.98^2 = 0.9604, ^4 = 0.92236816, ^8 = 0.85076302, ^12 = 0.78471672 a year
    assert clv.retention_over(0.98, "month", "year") == pytest.approx(0.78471672, rel=1e-7)
    with pytest.raises(CXError) as caught:
        clv.convert_rate(0.1, "week", "year")
    assert caught.value.key == "clv.error.period"


def _inputs(**changes):
    inputs = {"margin": 600, "rate": 80, "rate_kind": "retention", "period": "year",
              "discount": 10, "discount_period": "year", "acquisition": 800, "horizon": None}
    return {**inputs, **changes}


def test_calculate_reports_lifetime_ratio_and_payback():
    result = clv.calculate(_inputs())
    assert result.clv == pytest.approx(1600)
    assert result.lifetime == pytest.approx(5)  # 1 / (1 - 0.8)
    assert result.ratio == pytest.approx(2)  # 1600 / 800
    # cumulative after t years: 1600 * (1 - (0.8/1.1)^t): t=1 436.4, t=2 753.7, t=3 984.5
    assert result.payback == 3
    assert not result.converted
    assert clv.warnings(_inputs(), result) == []


def test_churn_is_one_minus_retention():
    result = clv.calculate(_inputs(rate=20, rate_kind="churn"))
    assert result.retention == pytest.approx(0.8)
    assert result.clv == pytest.approx(1600)


def test_payback_never_and_within_horizon():
    assert clv.calculate(_inputs(acquisition=1600)).payback is None  # never quite repaid
    assert clv.calculate(_inputs(acquisition=0)).payback == 0
    assert clv.calculate(_inputs(horizon=2)).payback is None  # 3 years > horizon of 2
    assert clv.calculate(_inputs(horizon=2)).clv == pytest.approx(753.719008, rel=1e-7)


def test_monthly_churn_with_annual_discount_is_converted_and_said():
    inputs = _inputs(margin=50, rate=2, rate_kind="churn", period="month", discount=12.6825030,
                     discount_period="year")
    result = clv.calculate(inputs)
    # 12.6825% a year is 1% a month: CLV = 50 * 0.98 / (1.01 - 0.98) = 49 / 0.03 = 1633.33
    assert result.discount == pytest.approx(0.01, rel=1e-6)
    assert result.clv == pytest.approx(1633.3333, rel=1e-5)
    assert [key for key, _params in clv.warnings(inputs, result)] == ["clv.warn.converted"]


def test_monthly_model_with_a_large_monthly_discount_is_questioned():
    inputs = _inputs(margin=50, rate=2, rate_kind="churn", period="month", discount=10,
                     discount_period="month")
    result = clv.calculate(inputs)
    # 50 * 0.98 / (1.1 - 0.98) = 49 / 0.12 = 408.33: the "annual rate typed as monthly" slip
    assert result.clv == pytest.approx(408.3333, rel=1e-5)
    [(key, params)] = clv.warnings(inputs, result)
    assert key == "clv.warn.monthly_discount"
    assert params["annual"] == pytest.approx(1.1 ** 12 - 1)


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"rate": 120}, "clv.error.rate_range"),
        ({"rate": 100}, "clv.error.retention_range"),
        ({"rate": 0, "rate_kind": "churn"}, "clv.error.retention_range"),
        ({"discount": -1}, "clv.error.discount_negative"),
        ({"acquisition": -5}, "clv.error.acquisition_negative"),
        ({"horizon": 1.5}, "clv.error.periods"),
        ({"period": "week"}, "clv.error.period"),
        ({"margin": ""}, "clv.error.not_number"),
    ],
)
def test_calculator_refuses_bad_inputs(changes, key):
    with pytest.raises(CXError) as caught:
        clv.calculate(_inputs(**changes))
    assert caught.value.key == key


# ----------------------------------------------------------------- sensitivity
def test_five_points_step_in_the_learners_numbers():
    result = clv.calculate(_inputs())
    effect = clv.step_effect(result)
    assert effect["retention"] == pytest.approx(0.85)
    assert effect["clv"] == pytest.approx(2040)
    assert effect["difference"] == pytest.approx(440)
    assert effect["change"] == pytest.approx(0.275)
    rows = clv.sensitivity(result)
    marks = {row["mark"]: row for row in rows if row["mark"]}
    assert marks["now"]["clv"] == pytest.approx(1600)
    assert marks["step"]["clv"] == pytest.approx(2040)
    assert all(b["retention"] > a["retention"] for a, b in itertools.pairwise(rows))


def test_monthly_step_is_five_points_of_yearly_retention():
    result = clv.calculate(_inputs(rate=98, period="month", discount=1, discount_period="month"))
    # yearly retention 0.98^12 = 0.784717; +5 points = 0.834717; back to a month:
    # exp(ln(0.834717) / 12) = exp(-0.180663 / 12) = exp(-0.0150553) = 1 - 0.0150553 + 0.0001133 = 0.985058
    effect = clv.step_effect(result)
    assert effect["annual_before"] == pytest.approx(0.784717, abs=1e-6)
    assert effect["retention"] == pytest.approx(0.985058, abs=1e-6)
    assert clv.step_effect(clv.calculate(_inputs(rate=96))) is None  # 96% + 5 >= 100%


def test_grid_rows():
    result = clv.calculate(_inputs())
    rows = clv.grid(result, churns=[0.2, 0.1], factors=[1.0, 0.5])
    # churn 0.1: 600 * 0.9 / 0.2 = 2700; half the margin: 1350
    assert [round(r["clv"], 6) for r in rows] == [1600, 800, 2700, 1350]


# ----------------------------------------------------------------- learner_clv
SAMPLE = {"margin": 45.0, "retention": 0.985, "period": "month", "source": "sample"}


def test_learner_clv_falls_back_to_the_sample():
    for sections in ({}, None, {"01/clv": None}, {"01/clv": {"value": {"rate": "x"}}},
                     {"01/clv": {"value": "damaged"}}):
        got = clv.learner_clv(sections)
        assert {k: got[k] for k in SAMPLE} == SAMPLE
        # 8% a year -> 1.08^(1/12) - 1 = 0.00643403 a month;
        # CLV = 45 * 0.985 / (1.00643403 - 0.985) = 44.325 / 0.02143403 = 2067.97
        assert got["discount"] == pytest.approx(0.00643403, rel=1e-6)
        assert got["clv"] == pytest.approx(2067.97, rel=1e-5)


def test_learner_clv_reads_the_saved_calculator():
    sections = {"01/clv": {"value": _inputs(), "done": True}}
    got = clv.learner_clv(sections)
    assert got["source"] == "learner"
    assert got["clv"] == pytest.approx(1600)
    assert (got["margin"], got["retention"], got["discount"], got["period"]) == (
        600, pytest.approx(0.8), pytest.approx(0.1), "year")
    assert math.isclose(got["acquisition"], 800)
