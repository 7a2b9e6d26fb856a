"""Concept screening and scoring (Ulrich & Eppinger), with a robustness check (lecture 06).

Ulrich & Eppinger, *Product Design and Development*, concept selection in two stages:

* **Screening** (Pugh's method): each concept is marked ``+`` (better), ``0`` (same) or
  ``-`` (worse) than a *reference* concept on each criterion; the net score is
  ``count(+) - count(-)``; concepts are ranked by it (:func:`pugh`).
* **Scoring**: criteria get weights in percent totalling 100, each concept a rating 1..5 on
  each criterion (3 = as good as the reference); the weighted score is
  ``sum(weight * rating) / 100`` (1..5) and concepts are ranked by it (:func:`score`);
  the team then decides to continue, combine or drop each one.

Beyond the textbook, :func:`robustness` asks whether the winner depends on the exact
weights: it draws weight vectors from a Dirichlet distribution centred on the learner's
weights (``alpha = concentration * weight / 100``; with the default concentration of 100 a
criterion weighted 25 % varies by about ±4 points, i.e. ±17 % of its weight) with a seeded
NumPy generator, scores every concept under each draw, and reports each concept's share
of draws in which it ranks first (ties share the draw).

The learner's work is workbook section ``06/concepts``; :func:`survivor` reads the concept
that survived for lectures 09 and 10. Results hold concept ids and criterion codes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import fmt, i18n
from .emot import CONTENT
from .errors import CXError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

SECTION = "06/concepts"
RATING_MIN, RATING_MAX = 1, 5
MARKS: tuple[str, ...] = ("+", "0", "-")
DECISIONS: tuple[str, ...] = ("continue", "combine", "drop")
_SCREENING = CONTENT["screening"]
CRITERIA: tuple[str, ...] = tuple(item["code"] for item in _SCREENING["criteria"])
DEFAULT_WEIGHTS: dict[str, int] = {item["code"]: item["weight"] for item in _SCREENING["criteria"]}
SAMPLE_CONCEPTS: tuple[str, ...] = tuple(_SCREENING["concepts"])
REFERENCE: str = _SCREENING["reference"]
DRAWS: int = int(_SCREENING["draws"])
CONCENTRATION: float = float(_SCREENING["concentration"])
SEED: int = int(_SCREENING["seed"])
TOTAL = 100


def check_total(weights: Mapping[str, Any]) -> dict[str, float]:
    """Weights as numbers >= 0 that total 100 (percent).

    Raises
    ------
    CXError
        ``screening.error.bad_weight`` (not a number, or negative) naming the criterion,
        ``screening.error.weights_total`` naming the total.
    """
    out: dict[str, float] = {}
    for criterion, value in weights.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number < 0:
            raise CXError("screening.error.bad_weight", criterion=str(criterion), value=str(value))
        out[str(criterion)] = number
    total = math.fsum(out.values())
    if abs(total - TOTAL) > 1e-9:
        raise CXError("screening.error.weights_total", total=fmt.plain(total))
    return out


def _matrix(ratings: pd.DataFrame, weights: Mapping[str, Any]) -> tuple[Any, Any, list[str]]:
    """Validated ``(ratings array, weight array / 100, criteria)``."""
    import numpy as np

    w = check_total(weights)
    columns = [str(c) for c in ratings.columns]
    for criterion in w:
        if criterion not in columns:
            raise CXError("screening.error.unknown_criterion", criterion=criterion)
    for criterion in columns:
        if criterion not in w:
            raise CXError("screening.error.no_weight", criterion=criterion)
    values = np.empty(ratings.shape, dtype=float)
    for i, concept in enumerate(ratings.index):
        for j, criterion in enumerate(ratings.columns):
            raw = ratings.iloc[i, j]
            try:
                number = float(raw)
            except (TypeError, ValueError):
                number = math.nan
            if not (RATING_MIN <= number <= RATING_MAX) or number != int(number):
                raise CXError(
                    "screening.error.rating",
                    concept=str(concept),
                    criterion=str(criterion),
                    value=str(raw),
                )
            values[i, j] = number
    return values, np.array([w[c] for c in columns]) / TOTAL, columns


def score(ratings: pd.DataFrame, weights: Mapping[str, Any]) -> pd.DataFrame:
    """Weighted concept scores (Ulrich & Eppinger's concept scoring).

    Parameters
    ----------
    ratings : pandas.DataFrame
        Concepts as rows (the index), criteria as columns, whole ratings 1..5.
    weights : mapping
        Criterion -> weight in percent; the weights total 100 and name exactly the columns.

    Returns
    -------
    pandas.DataFrame
        Indexed by concept: ``score = sum(weight * rating) / 100`` and ``rank`` (1 = best;
        equal scores share the better rank).

    Raises
    ------
    ValueError
        (a :class:`~cxwidgets.errors.CXError`) weights not totalling 100, a negative or
        non-numeric weight, a weight for an unknown criterion or a criterion without one, a
        rating outside 1..5 (or missing, or not whole); the message names what is wrong.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"cost": [4, 2], "value": [3, 5]}, index=["A", "B"])
    >>> score(r, {"cost": 40, "value": 60})
       score  rank
    A    3.4     2
    B    3.8     1
    """
    import pandas as pd

    values, w, _columns = _matrix(ratings, weights)
    scores = pd.Series((values @ w).round(9), index=ratings.index, name="score")
    rank = scores.rank(method="min", ascending=False).astype(int)
    return pd.DataFrame({"score": scores, "rank": rank})


def pugh(
    marks: Mapping[str, Mapping[str, str]],
    concepts: Sequence[str],
    criteria: Sequence[str],
    reference: str,
) -> pd.DataFrame:
    """Pugh screening against a reference concept.

    Parameters
    ----------
    marks : mapping
        ``{concept: {criterion: "+" | "0" | "-"}}``; a missing mark counts as ``"0"``.
        The reference's own marks are ignored (it is ``0`` everywhere by definition).
    concepts, criteria : sequence of str
        Concepts (the reference among them) and criteria, in display order.
    reference : str
        The reference concept.

    Returns
    -------
    pandas.DataFrame
        Indexed by concept: ``plus``, ``same``, ``minus``, ``net`` (= plus - minus) and
        ``rank`` (1 = best net, ties share the better rank).

    Raises
    ------
    CXError
        ``screening.error.mark`` for a mark other than +, 0, -;
        ``screening.error.no_reference`` when the reference is not among the concepts.
    """
    import pandas as pd

    if reference not in concepts:
        raise CXError("screening.error.no_reference")
    rows = []
    for concept in concepts:
        given = {} if concept == reference else dict(marks.get(concept) or {})
        counted = {"+": 0, "0": 0, "-": 0}
        for criterion in criteria:
            mark = str(given.get(criterion, "0"))
            if mark not in counted:
                raise CXError("screening.error.mark", concept=concept, value=mark)
            counted[mark] += 1
        rows.append({"plus": counted["+"], "same": counted["0"], "minus": counted["-"]})
    frame = pd.DataFrame(rows, index=list(concepts))
    frame["net"] = frame["plus"] - frame["minus"]
    frame["rank"] = frame["net"].rank(method="min", ascending=False).astype(int)
    return frame


def robustness(
    ratings: pd.DataFrame,
    weights: Mapping[str, Any],
    draws: int = DRAWS,
    concentration: float = CONCENTRATION,
    seed: int = SEED,
) -> pd.Series:
    """Probability that each concept ranks first when the weights vary around the learner's.

    Weight vectors are drawn from ``Dirichlet(concentration * w / 100)`` over the criteria
    with a positive weight (a zero weight stays zero), with ``numpy.random.default_rng(seed)``;
    each draw scores every concept; a draw's first place is shared equally by tied concepts.

    Returns
    -------
    pandas.Series
        Indexed by concept, the share of draws (0..1) in which it ranks first; sums to 1.

    Raises
    ------
    CXError
        As :func:`score`; ``screening.error.draws`` when ``draws < 1`` or
        ``concentration <= 0``.
    """
    import numpy as np
    import pandas as pd

    if draws < 1 or not concentration > 0:
        raise CXError("screening.error.draws")
    values, w, _columns = _matrix(ratings, weights)
    active = w > 0
    rng = np.random.default_rng(seed)
    drawn = rng.dirichlet(concentration * w[active], size=int(draws))
    scores = drawn @ values[:, active].T  # draws x concepts
    best = scores.max(axis=1, keepdims=True)
    first = np.isclose(scores, best, rtol=0, atol=1e-12)
    share = (first / first.sum(axis=1, keepdims=True)).mean(axis=0)
    return pd.Series(share, index=ratings.index, name="p_first")


# --------------------------------------------------------------------------- the saved exercise
def concept_name(concept: Mapping[str, Any], language: str | None = None) -> str:
    """A concept's name: the learner's text, else its course text (catalogue key)."""
    name = str(concept.get("name") or "").strip()
    if name:
        return name
    key = concept.get("key")
    return i18n.t(f"emot.concept.{key}.name", language) if key else str(concept.get("id", ""))


def concept_description(concept: Mapping[str, Any], language: str | None = None) -> str:
    """A concept's description: the learner's text, else its course text."""
    text = str(concept.get("description") or "").strip()
    if text:
        return text
    key = concept.get("key")
    return i18n.t(f"emot.concept.{key}.description", language) if key else ""


def ratings_frame(state: Mapping[str, Any]) -> pd.DataFrame:
    """The ratings of a ``06/concepts`` state as a concepts x criteria DataFrame (ids, codes)."""
    import pandas as pd

    ids = [c["id"] for c in state["concepts"]]
    stored = state.get("ratings") or {}
    return pd.DataFrame(
        [[(stored.get(cid) or {}).get(c) for c in CRITERIA] for cid in ids],
        index=ids,
        columns=list(CRITERIA),
    )


def survivor(sections: Mapping[str, Any] | None, language: str | None = None) -> dict | None:
    """The concept that survived screening (section ``06/concepts``), for lectures 09 and 10.

    Returns
    -------
    dict or None
        ``{"name": str, "description": str, "score": float}`` (the weighted score 1..5 with
        the learner's weights; NaN when the ratings are incomplete) of the concept the learner
        marked as surviving; ``None`` when there is none (or the section is missing or
        damaged). Never raises.
    """
    entry = sections.get(SECTION) if isinstance(sections, Mapping) else None
    stored = entry.get("value") if isinstance(entry, Mapping) else None
    if not isinstance(stored, Mapping):
        return None
    try:
        concepts = {c["id"]: c for c in stored["concepts"] if isinstance(c, Mapping)}
        chosen = concepts.get(stored.get("survivor"))
        if chosen is None:
            return None
        try:
            value = float(score(ratings_frame(stored), stored["weights"]).loc[chosen["id"], "score"])
        except (CXError, KeyError, TypeError, ValueError):
            value = math.nan
        return {
            "name": concept_name(chosen, language),
            "description": concept_description(chosen, language),
            "score": value,
        }
    except (KeyError, TypeError, AttributeError):
        return None
