"""The two significance tests the survey pages run, without importing ``scipy.stats``.

``scipy.stats`` costs a learner's kernel about 70 MB and two seconds; the distribution
functions these tests need live in ``scipy.special`` (about 30 MB). The statistics are the
textbook ones, computed as ``scipy.stats`` computes them (its defaults), which
``tests/unit/test_stats.py`` checks on many tables and samples.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def chi2_independence(observed: np.ndarray) -> tuple[float, float, int, np.ndarray]:
    """Pearson's chi-square test of independence of a contingency table.

    As ``scipy.stats.chi2_contingency`` with its defaults: with one degree of freedom
    (a 2x2 table) Yates' continuity correction moves each observed count up to 0.5 towards
    its expected count.

    Parameters
    ----------
    observed : numpy.ndarray
        Counts, at least 2x2, no row or column all zero.

    Returns
    -------
    tuple
        ``(chi2, p_value, dof, expected)``.
    """
    from scipy.special import chdtrc

    table = np.asarray(observed, dtype=float)
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    dof = (table.shape[0] - 1) * (table.shape[1] - 1)
    if dof == 1:
        difference = expected - table
        table = table + np.minimum(0.5, np.abs(difference)) * np.sign(difference)
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return chi2, float(chdtrc(dof, chi2)), dof, expected


def welch_p(first: Sequence[float], second: Sequence[float]) -> float:
    """Two-sided p-value of Welch's t test (unequal variances) of two samples.

    As ``scipy.stats.ttest_ind(first, second, equal_var=False).pvalue``. Each sample needs
    at least two values and not both variances zero (else NaN).
    """
    from scipy.special import stdtr

    a = np.asarray(first, dtype=float)
    b = np.asarray(second, dtype=float)
    if len(a) < 2 or len(b) < 2:
        return math.nan
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    if va + vb == 0:
        return math.nan
    t = (a.mean() - b.mean()) / math.sqrt(va + vb)
    dof = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    return float(2 * stdtr(dof, -abs(t)))
