"""Which touchpoints drive the likelihood to recommend (lecture 08, exercise 3).

* Importance of a touchpoint: Spearman's rho between its satisfaction (``csat_<id>``, 1-5)
  and the 0-10 recommend answer, over the respondents who answered both.
* Uncertainty: a bootstrap over respondents (seeded), percentile 95% intervals, and how
  often each touchpoint comes out on top (the stability of the top driver).
* Importance-performance analysis (Martilla & James 1977): importance (rho) against
  performance (mean satisfaction), quadrants split at the means of the touchpoints shown.

:func:`touchpoint_impact` is the cross-lecture reader (lecture 06 uses it): driver strength
per sample-journey touchpoint id, from the learner's saved result of section ``08/drivers``
or, failing that, computed on the sample survey (cached; pandas only).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

SECTION = "08/drivers"
PREFIX = "csat_"
TARGET = "recommend"
BOOTSTRAP = 400
SEED = 8
#: Quadrant codes of the importance-performance matrix.
QUADRANTS = ("concentrate", "keep", "low_priority", "overkill")

_SAMPLE_IMPACT: dict[str, float] | None = None


def touchpoint_of(column: str) -> str:
    """``"csat_t14"`` -> ``"t14"``."""
    return column[len(PREFIX):] if column.startswith(PREFIX) else column


def driver_columns(frame: pd.DataFrame) -> list[str]:
    """The touchpoint satisfaction columns of a survey."""
    return [str(c) for c in frame.columns if str(c).startswith(PREFIX)]


def spearman(frame: pd.DataFrame, columns: Sequence[str] | None = None,
             target: str = TARGET) -> dict[str, float]:
    """Spearman's rho of each column with ``target`` (pairwise complete; NaN under 3 pairs).

    Keys are touchpoint ids (``t14``). pandas only.
    """
    columns = driver_columns(frame) if columns is None else list(columns)
    result: dict[str, float] = {}
    for column in columns:
        pair = frame[[column, target]].astype(float).dropna()
        if len(pair) < 3 or pair[column].nunique() < 2 or pair[target].nunique() < 2:
            result[touchpoint_of(column)] = math.nan
            continue
        ranks = pair.rank()  # Spearman = Pearson of the ranks (pandas only, no scipy)
        result[touchpoint_of(column)] = float(ranks[column].corr(ranks[target]))
    return result


def _average_ranks(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank) of each row's kept values; 0 elsewhere.

    Vectorised over rows: every distinct value is a level, a row's ranks come from the
    cumulative counts of the levels in that row.
    """
    rows = values.shape[0]
    levels = np.unique(values[keep])
    if levels.size == 0:
        return np.zeros_like(values, dtype=float)
    size = levels.size + 1  # the last code holds the values left out
    codes = np.where(keep, np.searchsorted(levels, np.where(keep, values, levels[0])), levels.size)
    flat = (codes + np.arange(rows)[:, None] * size).ravel()
    counts = np.bincount(flat, minlength=rows * size).reshape(rows, size).astype(float)
    counts[:, -1] = 0
    level_rank = np.cumsum(counts, axis=1) - counts + (counts + 1) / 2
    return np.where(keep, np.take_along_axis(level_rank, codes, axis=1), 0.0)


def spearman_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman's rho of each row of ``x`` with the same row of ``y`` (NaN = missing,
    pairwise complete; NaN where fewer than 3 pairs or no spread)."""
    keep = ~(np.isnan(x) | np.isnan(y))
    rx, ry = _average_ranks(x, keep), _average_ranks(y, keep)
    m = keep.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        dx = np.where(keep, rx - (rx.sum(axis=1) / m)[:, None], 0.0)
        dy = np.where(keep, ry - (ry.sum(axis=1) / m)[:, None], 0.0)
        rho = (dx * dy).sum(axis=1) / np.sqrt((dx**2).sum(axis=1) * (dy**2).sum(axis=1))
    return np.where(m >= 3, rho, np.nan)


def bootstrap(frame: pd.DataFrame, columns: Sequence[str] | None = None,
              resamples: int = BOOTSTRAP, seed: int = SEED,
              target: str = TARGET) -> dict[str, Any]:
    """Bootstrap the drivers' rho (respondents resampled with replacement, seeded RNG).

    Returns ``{"rho": {tp: rho}, "low": {tp: 2.5%}, "high": {tp: 97.5%},
    "top_share": {tp: share of resamples where tp has the largest rho}, "n": rows,
    "resamples": resamples, "seed": seed}``.
    """
    columns = driver_columns(frame) if columns is None else list(columns)
    ids = [touchpoint_of(c) for c in columns]
    data = frame[list(columns)].astype(float).to_numpy()
    y = frame[target].astype(float).to_numpy()
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(y), (resamples, len(y)))
    draws = np.full((resamples, len(columns)), np.nan)
    for j in range(len(columns)):
        draws[:, j] = spearman_rows(data[rows, j], y[rows])
    tops = np.zeros(len(columns))
    for row in draws:
        if not np.all(np.isnan(row)):
            tops[int(np.nanargmax(row))] += 1
    with warnings.catch_warnings():  # a touchpoint nobody in the subset answered: all NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        low = np.nanpercentile(draws, 2.5, axis=0)
        high = np.nanpercentile(draws, 97.5, axis=0)
    point = spearman(frame, columns, target)
    return {
        "rho": point,
        "low": {tp: _num(v) for tp, v in zip(ids, low, strict=True)},
        "high": {tp: _num(v) for tp, v in zip(ids, high, strict=True)},
        "top_share": {tp: float(t / resamples) for tp, t in zip(ids, tops, strict=True)},
        "n": len(y),
        "resamples": resamples,
        "seed": seed,
    }


def _num(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def performance(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> dict[str, float]:
    """Mean satisfaction (1-5) of each touchpoint column, keyed by touchpoint id."""
    columns = driver_columns(frame) if columns is None else list(columns)
    return {touchpoint_of(c): float(frame[c].astype(float).mean()) for c in columns}


def matrix(rho: Mapping[str, float | None], perf: Mapping[str, float]) -> list[dict[str, Any]]:
    """Importance-performance rows: ``touchpoint``, ``importance``, ``performance``,
    ``quadrant`` (split at the means of the touchpoints with both numbers).

    ``concentrate`` = important, performing below average (fix first); ``keep`` = important
    and good; ``low_priority`` = less important and weaker; ``overkill`` = less important
    but good (possible over-investment).
    """
    points = [(tp, rho[tp], perf[tp]) for tp in rho
              if tp in perf and rho[tp] is not None and _finite(rho[tp]) and _finite(perf[tp])]
    if not points:
        return []
    imp_mean = sum(p[1] for p in points) / len(points)
    perf_mean = sum(p[2] for p in points) / len(points)
    rows = []
    for tp, importance, level in points:
        high_imp, high_perf = importance >= imp_mean, level >= perf_mean
        quadrant = ("keep" if high_perf else "concentrate") if high_imp else (
            "overkill" if high_perf else "low_priority")
        rows.append({"touchpoint": tp, "importance": importance, "performance": level,
                     "quadrant": quadrant})
    return rows


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------- cross-lecture reader
def _clip(value: Any) -> float | None:
    if not _finite(value):
        return None
    return min(1.0, max(0.0, float(value)))


def sample_impact() -> dict[str, float]:
    """Driver strength of each touchpoint of the sample survey (cached, pandas only)."""
    global _SAMPLE_IMPACT
    if _SAMPLE_IMPACT is None:
        from . import nps

        rho = spearman(nps.sample_survey())
        _SAMPLE_IMPACT = {tp: v for tp, v in ((tp, _clip(r)) for tp, r in rho.items())
                          if v is not None}
    return dict(_SAMPLE_IMPACT)


def touchpoint_impact(sections: Mapping[str, Any] | None) -> dict[str, float]:
    """Driver strength per sample-journey touchpoint id (Spearman rho with recommend, 0..1).

    Reads the learner's saved result of section ``08/drivers``
    (``sections["08/drivers"]["value"]["result"]["rho"]``, touchpoint id -> rho); when it is
    missing or unusable, the sample survey's drivers. Negative rho is clipped to 0, values
    above 1 to 1. Never raises for damaged data.

    Parameters
    ----------
    sections : mapping or None
        The workbook document's ``sections``.

    Returns
    -------
    dict
        e.g. ``{"t3": 0.08, ..., "t14": 0.62, "t15": 0.21}``.
    """
    try:
        rho = sections[SECTION]["value"]["result"]["rho"]  # type: ignore[index]
        saved = {str(tp): _clip(v) for tp, v in rho.items()}
        saved = {tp: v for tp, v in saved.items() if v is not None}
    except (KeyError, TypeError, AttributeError):
        saved = {}
    return saved or sample_impact()
