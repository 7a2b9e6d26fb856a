"""cxwidgets.stats computes what scipy.stats computes (its defaults), on many random inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as reference

from cxwidgets.stats import chi2_independence, welch_p


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (2, 4), (3, 4)])
def test_chi2_matches_scipy_contingency(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(7)
    for _ in range(40):
        table = rng.integers(1, 60, size=shape)
        chi2, p, dof, expected = chi2_independence(table)
        want = reference.chi2_contingency(table)
        assert chi2 == pytest.approx(want[0], rel=1e-10)
        assert p == pytest.approx(want[1], rel=1e-8, abs=1e-15)
        assert dof == want[2]
        np.testing.assert_allclose(expected, want[3])


def test_chi2_hand_computed_2x2_with_yates() -> None:
    # [[10, 20], [20, 10]]: every expected count is 15, |O - E| = 5, corrected to 4.5:
    # chi2 = 4 * 4.5**2 / 15 = 5.4; p = P(chi2_1 > 5.4) = 0.02013...
    chi2, p, dof, _ = chi2_independence(np.array([[10, 20], [20, 10]]))
    assert chi2 == pytest.approx(5.4)
    assert dof == 1
    assert p == pytest.approx(math.erfc(math.sqrt(5.4 / 2)))


def test_welch_matches_scipy() -> None:
    rng = np.random.default_rng(11)
    for _ in range(60):
        a = rng.normal(0, rng.uniform(0.5, 2), size=rng.integers(2, 40))
        b = rng.normal(0.3, rng.uniform(0.5, 2), size=rng.integers(2, 40))
        want = reference.ttest_ind(a, b, equal_var=False).pvalue
        assert welch_p(a, b) == pytest.approx(want, rel=1e-9)


def test_welch_needs_two_values_and_some_spread() -> None:
    assert math.isnan(welch_p([1.0], [1.0, 2.0]))
    assert math.isnan(welch_p([2.0, 2.0], [2.0, 2.0]))
