"""Driver analysis of lecture 08 and the cross-lecture reader touchpoint_impact."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from cxwidgets import drivers

FRAME = pd.DataFrame({
    "recommend": [1, 2, 3, 4, 5],
    "csat_t1": [1, 2, 3, 4, 5],
    "csat_t2": [5, 4, 3, 2, 1],
    "csat_t3": [1, 3, 2, 4, 5],
    "csat_t4": [1, None, 3, 4, 5],
})


def test_spearman_hand_computed() -> None:
    rho = drivers.spearman(FRAME)
    assert rho["t1"] == pytest.approx(1.0)
    assert rho["t2"] == pytest.approx(-1.0)
    # d = 0, 1, -1, 0, 0 -> 1 - 6 * 2 / (5 * 24) = 0.9
    assert rho["t3"] == pytest.approx(0.9)
    assert rho["t4"] == pytest.approx(1.0)  # pairwise complete


def test_spearman_rows_with_ties_and_gaps() -> None:
    import numpy as np

    x = np.array([[1, 3, 2, 4, 5], [1, 1, 2, 2, np.nan], [1, np.nan, 2, np.nan, 3]], dtype=float)
    y = np.array([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]], dtype=float)
    rho = drivers.spearman_rows(x, y)
    assert rho[0] == pytest.approx(0.9)  # as above
    # row 2: x ranks 1.5 1.5 3.5 3.5, y ranks 1 2 3 4 -> cov 4, sd_x sqrt(4), sd_y sqrt(5): 4 / sqrt(20)
    assert rho[1] == pytest.approx(4 / 20**0.5)
    assert rho[2] == pytest.approx(1.0)  # pairs (1,1) (2,3) (3,5)


def test_bootstrap_is_seeded_and_brackets_rho() -> None:
    from cxwidgets import nps

    frame = nps.sample_survey()
    first = drivers.bootstrap(frame, resamples=60, seed=3)
    again = drivers.bootstrap(frame, resamples=60, seed=3)
    assert first == again
    assert sum(first["top_share"].values()) == pytest.approx(1.0)
    for tp, rho in first["rho"].items():
        assert first["low"][tp] <= rho <= first["high"][tp]


def test_matrix_quadrants() -> None:
    # importance mean 0.35, performance mean 3.7
    rows = drivers.matrix({"a": 0.6, "b": 0.2, "c": 0.5, "d": 0.1, "e": None},
                          {"a": 3.0, "b": 4.5, "c": 4.2, "d": 3.1, "e": 4.0})
    quadrants = {r["touchpoint"]: r["quadrant"] for r in rows}
    assert quadrants == {"a": "concentrate", "b": "overkill", "c": "keep", "d": "low_priority"}


def test_touchpoint_impact_reads_the_learner_result() -> None:
    sections = {"08/drivers": {"value": {"result": {"rho": {"t3": 0.5, "t14": -0.2, "t8": 1.4, "t9": "x"}}}}}
    assert drivers.touchpoint_impact(sections) == {"t3": 0.5, "t14": 0.0, "t8": 1.0}


@pytest.mark.parametrize("sections", [None, {}, {"08/drivers": "junk"}, {"08/drivers": {"value": {"result": {"rho": {}}}}}])
def test_touchpoint_impact_falls_back_to_the_sample(sections) -> None:
    impact = drivers.touchpoint_impact(sections)
    assert len(impact) == 7
    assert set(impact) <= {f"t{i}" for i in range(1, 17)}
    assert all(0.0 <= v <= 1.0 for v in impact.values())
    assert max(impact, key=impact.get) == "t14"  # slow repair drives detractors in the sample


def test_touchpoint_impact_needs_no_scipy_or_jieba() -> None:
    code = (
        "import sys\n"
        "from cxwidgets import drivers\n"
        "drivers.touchpoint_impact({})\n"
        "assert 'scipy' not in sys.modules, 'scipy'\n"
        "assert 'jieba' not in sys.modules, 'jieba'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
