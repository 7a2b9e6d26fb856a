"""Roadshow peer scores read fairly: rater bias, corrected team scores and agreement.

Every rater belongs to a team and scores the *other* teams on a weighted rubric
(``cxwidgets/content/cocreation.json``: five criteria, weights summing to 100, each scored
1-5). A rater's team score is the weighted mean of their criterion scores (still on 1-5).

Raters differ in leniency. Following the peer-grading models of Piech et al. (2013, "Tuned
models of peer assessment in MOOCs"), each rater's **bias** is estimated against the
**leave-one-out consensus**: for every team the rater scored, the mean of the *other*
raters' scores of that team; the bias is the rater's mean deviation from it,

    bias(r) = mean over teams t scored by r (and by someone else) of
              score(r, t) - mean(score(q, t) for q != r),

and the corrected score of a rating is ``score(r, t) - bias(r)``. A team's corrected score is
the mean of its corrected ratings. A rater whose teams nobody else scored has no bias
estimate (``None``) and is not corrected. A team's rating by one of its own members is never
counted: :func:`check_rating` refuses it.

Agreement among raters is Krippendorff's alpha with the interval metric (Krippendorff 2011,
"Computing Krippendorff's alpha-reliability"), computed by the ``krippendorff`` package
(imported when needed) on the raters x teams table with missing cells: 1 is perfect
agreement, 0 agreement at chance level.

Results hold ids (team, rater and criterion codes), never labels.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import CXError

CONTENT = Path(__file__).resolve().parent / "content" / "cocreation.json"
#: Rater id of the learner in a class made of the sample plus the learner's own ratings.
LEARNER = "me"
SAMPLE_FILE = "peer_sample.json"


# --------------------------------------------------------------------------- content
@lru_cache(maxsize=1)
def content() -> dict[str, Any]:
    """The lecture's content file (rubric, scale, calibration pitch, table columns)."""
    return json.loads(CONTENT.read_text(encoding="utf-8"))


def criteria() -> list[dict[str, Any]]:
    """The rubric: ``[{"id": "insight", "weight": 25}, ...]`` (weights sum to 100)."""
    return [dict(item) for item in content()["criteria"]]


def scale() -> tuple[int, int]:
    """Lowest and highest score of a criterion (1, 5)."""
    bounds = content()["scale"]
    return int(bounds["min"]), int(bounds["max"])


@lru_cache(maxsize=1)
def _sample() -> dict[str, Any]:
    from .datasets import path

    return json.loads(path(SAMPLE_FILE).read_text(encoding="utf-8"))


def sample_teams() -> list[str]:
    """Team ids of the sample class (``t1``..``t6``)."""
    return list(_sample()["teams"])


def sample_class() -> tuple[dict[str, dict[str, dict[str, int]]], dict[str, str]]:
    """The sample class (``data/peer_sample.json``): criterion scores and team membership.

    Returns
    -------
    scores : dict
        ``{rater: {team: {criterion: 1-5}}}``.
    membership : dict
        ``{rater: team}``.
    """
    raters = _sample()["raters"]
    scores = {r["id"]: {t: dict(c) for t, c in r["scores"].items()} for r in raters}
    return scores, {r["id"]: r["team"] for r in raters}


# --------------------------------------------------------------------------- validation
def check_rating(rater_team: str | None, team: str) -> None:
    """Refuse a rating of one's own team.

    Raises
    ------
    CXError
        ``peer.error.own_team`` when ``team`` is the rater's team.
    """
    if rater_team is not None and team == rater_team:
        raise CXError("peer.error.own_team", team=team)


def criterion_score(value: Any, criterion: str) -> int:
    """A criterion score: a whole number on the rubric's scale.

    Raises
    ------
    CXError
        ``peer.error.score`` for anything else.
    """
    low, high = scale()
    ok = isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()
    if not ok or not low <= int(value) <= high:
        raise CXError("peer.error.score", value=value, criterion=criterion, low=low, high=high)
    return int(value)


def clean_scores(raw: Any) -> dict[str, dict[str, int]]:
    """Stored criterion scores ``{team: {criterion: 1-5}}``; unknown criteria and bad values
    are dropped (a damaged workbook keeps what can be read)."""
    known = {item["id"] for item in criteria()}
    out: dict[str, dict[str, int]] = {}
    if not isinstance(raw, Mapping):
        return out
    for team, row in raw.items():
        if not isinstance(row, Mapping):
            continue
        kept = {}
        for criterion, value in row.items():
            if criterion in known:
                try:
                    kept[criterion] = criterion_score(value, criterion)
                except CXError:
                    continue
        if kept:
            out[str(team)] = kept
    return out


# --------------------------------------------------------------------------- scores
def weighted_score(row: Mapping[str, int], rubric: list[dict[str, Any]] | None = None) -> float | None:
    """The weighted mean of a rating's criterion scores (on the 1-5 scale).

    Only a complete rating (every criterion scored) has a score; otherwise ``None``.
    """
    rubric = rubric if rubric is not None else criteria()
    if any(item["id"] not in row for item in rubric):
        return None
    total = sum(item["weight"] for item in rubric)
    return sum(item["weight"] * row[item["id"]] for item in rubric) / total


def team_scores(
    scores: Mapping[str, Mapping[str, Mapping[str, int]]],
) -> dict[str, dict[str, float]]:
    """``{rater: {team: weighted score}}`` of the complete ratings."""
    out: dict[str, dict[str, float]] = {}
    for rater, teams in scores.items():
        row = {team: weighted_score(r) for team, r in teams.items()}
        out[rater] = {team: s for team, s in row.items() if s is not None}
    return out


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def rater_bias(ratings: Mapping[str, Mapping[str, float]]) -> dict[str, float | None]:
    """Each rater's mean deviation from the leave-one-out consensus of the same teams.

    Parameters
    ----------
    ratings : mapping
        ``{rater: {team: score}}``.

    Returns
    -------
    dict
        ``{rater: bias}``; ``None`` for a rater none of whose teams anyone else scored.
    """
    by_team: dict[str, dict[str, float]] = {}
    for rater, row in ratings.items():
        for team, score in row.items():
            by_team.setdefault(team, {})[rater] = float(score)
    bias: dict[str, float | None] = {}
    for rater, row in ratings.items():
        deviations = []
        for team, score in row.items():
            others = [s for q, s in by_team[team].items() if q != rater]
            if others:
                deviations.append(float(score) - sum(others) / len(others))
        bias[rater] = _mean(deviations)
    return bias


@dataclass(frozen=True)
class PeerResult:
    """The class result of a roadshow.

    Attributes
    ----------
    teams : list of dict
        ``{"team", "raw", "corrected", "n"}`` per team scored, best corrected score first.
    raters : list of dict
        ``{"rater", "team", "bias", "n"}`` per rater.
    alpha : float or None
        Krippendorff's alpha (interval) of the raw team scores.
    alpha_corrected : float or None
        The same after the bias correction.
    """

    teams: list[dict[str, Any]] = field(default_factory=list)
    raters: list[dict[str, Any]] = field(default_factory=list)
    alpha: float | None = None
    alpha_corrected: float | None = None

    def team(self, team: str) -> dict[str, Any] | None:
        return next((row for row in self.teams if row["team"] == team), None)

    def rater(self, rater: str) -> dict[str, Any] | None:
        return next((row for row in self.raters if row["rater"] == rater), None)


def corrected_ratings(
    ratings: Mapping[str, Mapping[str, float]], bias: Mapping[str, float | None]
) -> dict[str, dict[str, float]]:
    """Every rating minus its rater's bias (a rater without an estimate is kept as is)."""
    return {
        rater: {team: float(s) - (bias.get(rater) or 0.0) for team, s in row.items()}
        for rater, row in ratings.items()
    }


def analyse(
    ratings: Mapping[str, Mapping[str, float]], membership: Mapping[str, str]
) -> PeerResult:
    """Raw and bias-corrected team scores, rater biases and agreement.

    Parameters
    ----------
    ratings : mapping
        ``{rater: {team: score}}`` (weighted scores, :func:`team_scores`).
    membership : mapping
        ``{rater: team}``.

    Raises
    ------
    CXError
        ``peer.error.own_team`` if any rater scored their own team.
    """
    for rater, row in ratings.items():
        for team in row:
            check_rating(membership.get(rater), team)
    bias = rater_bias(ratings)
    fixed = corrected_ratings(ratings, bias)
    teams = sorted({team for row in ratings.values() for team in row})
    rows = []
    for team in teams:
        raw = [row[team] for row in ratings.values() if team in row]
        new = [row[team] for row in fixed.values() if team in row]
        rows.append({"team": team, "raw": _mean(raw), "corrected": _mean(new), "n": len(raw)})
    rows.sort(key=lambda row: (-row["corrected"], row["team"]))
    raters = [
        {"rater": r, "team": membership.get(r), "bias": bias[r], "n": len(ratings[r])}
        for r in ratings
    ]
    return PeerResult(rows, raters, alpha(ratings), alpha(fixed))


def alpha(ratings: Mapping[str, Mapping[str, float]]) -> float | None:
    """Krippendorff's alpha, interval metric, of ``{rater: {unit: value}}``.

    ``None`` when it is undefined (fewer than two pairable values, or no variation at all).
    """
    import numpy as np

    raters = list(ratings)
    units = sorted({unit for row in ratings.values() for unit in row})
    if len(raters) < 2 or not units:
        return None
    table = np.full((len(raters), len(units)), np.nan)
    for i, rater in enumerate(raters):
        for j, unit in enumerate(units):
            if unit in ratings[rater]:
                table[i, j] = float(ratings[rater][unit])
    pairable = (~np.isnan(table)).sum(axis=0)
    values = table[:, pairable >= 2]
    values = values[~np.isnan(values)]
    if values.size < 2 or np.ptp(values) == 0:
        return None
    import krippendorff

    result = float(krippendorff.alpha(reliability_data=table, level_of_measurement="interval"))
    return None if math.isnan(result) else result


# --------------------------------------------------------------------------- the class
def class_result(
    learner_scores: Mapping[str, Mapping[str, int]], learner_team: str | None
) -> PeerResult:
    """The sample class plus the learner's own ratings (rater :data:`LEARNER`)."""
    scores, membership = sample_class()
    for team in learner_scores:
        check_rating(learner_team, team)
    ratings = team_scores(scores)
    mine = team_scores({LEARNER: learner_scores})[LEARNER]
    if mine:
        ratings[LEARNER] = mine
        membership = {**membership, LEARNER: learner_team or ""}
    return analyse(ratings, membership)


def calibration_offset(scores: Mapping[str, int]) -> float | None:
    """The learner's mean difference from the trainer's reference on the calibration pitch
    (positive: more lenient); ``None`` until every criterion is scored."""
    reference = content()["calibration"]["reference"]
    if any(c not in scores for c in reference):
        return None
    return sum(scores[c] - reference[c] for c in reference) / len(reference)


def learner_result(value: Any) -> PeerResult | None:
    """The class result for a stored ``10/peer`` value, ``None`` if it cannot be read."""
    if not isinstance(value, Mapping):
        return None
    team = value.get("team") if value.get("team") in sample_teams() else None
    scores = {t: s for t, s in clean_scores(value.get("scores")).items() if t != team}
    try:
        return class_result(scores, team)
    except CXError:
        return None
