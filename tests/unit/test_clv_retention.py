"""Lecture 01 exercise 2: the shifted-beta-geometric model (Fader & Hardie 2007).

The fit is checked against the paper's published example: survivors of 1,000 customers over
7 years, "regular" and "high end" cohorts (their Table 1), fitted by maximum likelihood on
years 0-7: regular alpha = 0.704, beta = 1.182; high end alpha = 0.668, beta = 3.806.
"""

from __future__ import annotations

import math

import pytest

from cxwidgets import retention
from cxwidgets.errors import CXError

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


@pytest.mark.parametrize(
    ("counts", "alpha", "beta"), [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)]
)
def test_fit_reproduces_fader_and_hardie(counts, alpha, beta):
    model = retention.fit(counts)
    assert model.alpha == pytest.approx(alpha, abs=0.0015)
    assert model.beta == pytest.approx(beta, abs=0.0015)


def test_retention_and_survival_by_hand():
    model = retention.SBG(alpha=1.0, beta=3.0)
    # r_t = (beta + t - 1) / (alpha + beta + t - 1): r1 = 3/4, r2 = 4/5, r3 = 5/6
    assert [model.retention(t) for t in (1, 2, 3)] == pytest.approx([0.75, 0.8, 5 / 6])
    # S(t) = B(1, 3 + t) / B(1, 3) = 3 / (3 + t): 1, 3/4, 3/5, 1/2
    assert model.survival(3) == pytest.approx([1, 0.75, 0.6, 0.5])
    assert model.mean_churn == pytest.approx(0.25)


def test_log_likelihood_by_hand():
    # alpha = 1, beta = 3: P(T=1) = 1/4, P(T=2) = 3/4 - 3/5 = 3/20, S(2) = 3/5
    # survivors 100, 70, 60: 30 ln(1/4) + 10 ln(3/20) + 60 ln(3/5)
    expected = 30 * math.log(0.25) + 10 * math.log(0.15) + 60 * math.log(0.6)
    assert retention.log_likelihood(1.0, 3.0, [100, 70, 60]) == pytest.approx(expected)


def test_value_sums_discounted_survival():
    model = retention.SBG(alpha=1.0, beta=3.0)
    # two months, margin 10, discount 0: 10 * (0.75 + 0.6) = 13.5
    assert retention.value(model, 10, 0.0, horizon=2) == pytest.approx(13.5)
    # discount 10%: 10 * (0.75 / 1.1 + 0.6 / 1.21) = 6.818182 + 4.958678 = 11.776860
    assert retention.value(model, 10, 0.1, horizon=2) == pytest.approx(11.776860, rel=1e-6)


def test_average_retention_is_the_geometric_mean():
    # 1000 -> 810 in two periods: sqrt(0.81) = 0.9
    assert retention.average_retention([1000, 850, 810]) == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("counts", "key"),
    [([1000], "clv.error.cohort_numbers"), ([0, 0], "clv.error.cohort_numbers"),
     ([100, -1], "clv.error.cohort_numbers"), (["a", 3], "clv.error.cohort_numbers"),
     ([100, 90, 95], "clv.error.cohort_rises")],
)
def test_bad_cohorts(counts, key):
    with pytest.raises(CXError) as caught:
        retention.fit(counts)
    assert caught.value.key == key


def test_sample_cohorts_show_retention_rising_with_tenure():
    cohorts = retention.cohorts()
    assert list(cohorts) == ["store", "online", "bundle"]
    for code, counts in cohorts.items():
        assert len(counts) == 25
        result = retention.analyse(code, 12, 45.0, 0.0064)
        fitted = [row["fitted"] for row in result.segments]
        assert fitted == sorted(fitted), code  # rises with tenure
        assert [row["segment"] for row in result.segments] == ["3m", "6m", "1y", "2y+"]
        assert [row["in_fit"] for row in result.segments] == [True, True, True, False]
        # the one average rate understates this cohort's value (the sorting effect)
        assert result.clv_average < result.clv_model
        r = result.average  # m * r / (1 + i - r), by hand
        assert result.clv_average == pytest.approx(45.0 * r / (1.0064 - r))
        assert r == pytest.approx((counts[12] / counts[0]) ** (1 / 12))


def test_analyse_refuses_unknown_codes():
    with pytest.raises(CXError) as caught:
        retention.analyse("mall", 12, 45.0, 0.0064)
    assert caught.value.key == "clv.error.cohort"
    with pytest.raises(CXError) as caught:
        retention.analyse("store", 9, 45.0, 0.0064)
    assert caught.value.key == "clv.error.calibration"


def test_a_cohort_without_spread_fits_as_one_constant_rate():
    # 1000 -> 900 -> 810 -> 729: exactly 90% every period, no sign of heterogeneity;
    # the likelihood keeps rising as alpha, beta grow with alpha / (alpha + beta) = 0.1
    model = retention.fit([1000, 900, 810, 729])
    assert model.flat
    assert model.mean_churn == pytest.approx(0.1, abs=1e-3)
    assert model.retention(1) == pytest.approx(0.9, abs=1e-3)
    assert model.retention(24) == pytest.approx(0.9, abs=2e-3)
    assert not retention.fit(REGULAR).flat
