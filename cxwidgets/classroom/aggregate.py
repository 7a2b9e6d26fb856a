"""Each lecture's class result, from the learners' saved workbook sections.

Pure functions for the trainer's projector dashboard (no widget import): the class's answers
reach them as ``{learner_id: {section: value}}``, where ``value`` is exactly what the
exercise saves in the learner's workbook (``Workbook.set(section, value)``; not the
``{"value", "done", "updated"}`` entry of ``workbook.sections()``). The existing readers of
the analysis layer (``servqual.learner_scores``, ``gaps.stored_answers``, ``clv.learner_clv``
...) read the values, so nothing is parsed twice.

Every ``lecture_NN(answers)`` returns a dict with at least

* ``n_learners``: learners in the class (everyone in ``answers``);
* ``n_answered``: learners whose answer counts in the result;
* ``not_yet``: learner ids without a usable answer yet (no section, or nothing answered);
* ``damaged``: learner ids whose saved value could not be read (skipped, never raised);

plus DataFrames of codes (feature codes, dimension codes, touchpoint ids, gap ids), never
labels: the charts (:mod:`cxwidgets.classroom.charts`) translate. Results are recomputed
every second or two for a class of 50: a learner's derived result is memoised on the JSON
text of their value (:func:`_memo`), so only changed answers are worked out again.

Free text a trainer may project (lecture 05's fail points, 06's ideas, 09's replies) comes
with its learner id, section and item id; ``hidden`` (a set of ``(learner_id, section,
item_id)``) leaves those items out of the lists of text (the counts, which show no text,
still count them). :data:`SECTIONS` names the sections each lecture reads and
:data:`TAKES_HIDDEN` the lectures that take ``hidden``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

Answers = Mapping[str, Mapping[str, Any]]
"""The class's saved sections: learner id -> section -> saved value."""
Hidden = Collection[tuple[str, str, str]]
"""Items the trainer hides: ``(learner_id, section, item_id)``."""

KANO_SECTION = "03/kano_questionnaire"
JOURNEY_SECTION = "04/journey"
CURVES_SECTION = "04/curves"
SERVQUAL_SECTION = "02/questionnaire"
WEIGHTS_SECTION = "02/weights"
CLASSIFY_SECTION = "07/classify"
DIAGNOSIS_SECTION = "07/diagnosis"

OWN_TOUCHPOINT = "_own"
"""Touchpoint code of the class's journey counts for touchpoints a learner added (not in the
course's sample journey, so not comparable across learners)."""

_MISSING = object()
_MEMO: dict[tuple[str, str], Any] = {}
_MEMO_LIMIT = 4096


class Damaged(Exception):
    """A saved value that cannot be read (internal: the learner is skipped)."""


# --------------------------------------------------------------------------- helpers


def _memo(kind: str, value: Any, work: Callable[[Any], Any]) -> Any:
    """``work(value)``, remembered by ``kind`` and the JSON text of ``value``.

    A value that is not JSON (never saved by a workbook) is worked out every time.
    Exceptions are not remembered.
    """
    try:
        key = (kind, json.dumps(value, sort_keys=True, ensure_ascii=False))
    except (TypeError, ValueError):
        return work(value)
    found = _MEMO.get(key, _MISSING)
    if found is _MISSING:
        found = work(value)
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        _MEMO[key] = found
    return found


def _learner_ids(answers: Answers | None) -> list[str]:
    """The learner ids of the class, in the order given (a bad ``answers`` is an empty class)."""
    return [str(k) for k in answers] if isinstance(answers, Mapping) else []


def _value(answers: Answers, learner: str, section: str) -> Any:
    """The saved value of ``section`` for ``learner`` (``_MISSING`` when absent)."""
    sections = answers.get(learner)
    if not isinstance(sections, Mapping):
        return _MISSING
    value = sections.get(section, _MISSING)
    return _MISSING if value is None else value


def _entries(sections: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """A learner's values in the shape of ``workbook.sections()`` (what the readers take)."""
    if not isinstance(sections, Mapping):
        return {}
    return {str(name): {"value": value} for name, value in sections.items()}


def _counts(n_learners: int, answered: list[str], not_yet: list[str],
            damaged: list[str]) -> dict[str, Any]:
    return {"n_learners": n_learners, "n_answered": len(answered), "answered": answered,
            "not_yet": not_yet, "damaged": damaged}


def _collect(answers: Answers | None, section: str, kind: str,
             read: Callable[[Any], Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read every learner's ``section`` with ``read`` (memoised under ``kind``).

    ``read`` returns the learner's reading, ``None`` for "nothing answered yet", or raises
    :class:`Damaged` (or any other exception: a value the course never wrote).

    Returns
    -------
    tuple
        ``({learner: reading}, counts)``; counts as in the module's docstring.
    """
    learners = _learner_ids(answers)
    readings: dict[str, Any] = {}
    not_yet: list[str] = []
    damaged: list[str] = []
    for learner in learners:
        value = _value(answers, learner, section)  # type: ignore[arg-type]
        if value is _MISSING:
            not_yet.append(learner)
            continue
        try:
            reading = _memo(kind, value, read)
        except Exception:  # damaged or foreign value: skipped, never raised (documented)
            damaged.append(learner)
            continue
        if reading is None:
            not_yet.append(learner)
        else:
            readings[learner] = reading
    return readings, _counts(len(learners), list(readings), not_yet, damaged)


def _is_int(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _number(value: Any) -> float | None:
    """A finite number, else ``None`` (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _visible(hidden: Hidden | None, learner: str, section: str, item: str) -> bool:
    return not hidden or (learner, section, item) not in hidden


# --------------------------------------------------------------------------- 03 KANO


def _kano_pairs(value: Any) -> list[tuple[str, int, int]] | None:
    """A learner's complete KANO answers ``(feature, functional, dysfunctional)``.

    The saved ``03/kano_questionnaire`` holds ``features`` (``None``: the course's) and one
    ``[functional, dysfunctional]`` pair per feature; pairs with a blank or invalid answer are
    left out, and a feature listed twice counts once (its first pair).
    """
    from .. import kano

    if not isinstance(value, Mapping):
        raise Damaged
    features = value.get("features")
    if features is None:
        features = kano.feature_codes()
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise Damaged
    pairs = value.get("answers")
    if not isinstance(pairs, list):
        raise Damaged
    seen: set[str] = set()
    out = []
    for feature, pair in zip(features, pairs, strict=False):
        feature = feature.strip()
        if not feature or feature in seen or not isinstance(pair, list | tuple) or len(pair) != 2:
            continue
        functional, dysfunctional = pair
        if _is_int(functional, 1, 5) and _is_int(dysfunctional, 1, 5):
            seen.add(feature)
            out.append((feature, functional, dysfunctional))
    return out or None


def kano_table(long: pd.DataFrame) -> pd.DataFrame:
    """:func:`cxwidgets.kano.summarize` of a long table, with an empty table for no rows."""
    import pandas as pd

    from .. import kano

    if long.empty:
        columns = ["feature", *kano.CATEGORIES, "n", "category", "better", "worse",
                   "significant"]
        return pd.DataFrame(columns=columns)
    return kano.summarize(long)


@lru_cache(maxsize=1)
def _kano_sample() -> pd.DataFrame:
    """The sample survey's KANO table (cached; do not modify)."""
    from .. import kano

    return kano.summarize(kano.sample_survey())


def lecture_03(answers: Answers) -> dict[str, Any]:
    """The class KANO table from everyone's questionnaire, compared with the sample survey.

    Each learner is one respondent; a learner who answered only some features counts for
    those. The winning category follows :func:`cxwidgets.kano.summarize` (ties M > O > A > I >
    R > Q, the course's rule: fix the basics first).

    Returns
    -------
    dict
        ``table``: the class's :func:`~cxwidgets.kano.summarize` (``feature``, counts
        ``A O M I R Q``, ``n``, ``category``, ``better``, ``worse``, ``significant``);
        ``sample``: the same for the sample survey; ``compare``: per feature of either
        (the course's features first) ``class_category``, ``sample_category`` (missing where
        one has no answer), ``same``, ``class_n``, ``sample_n``; ``points``: the
        Better-Worse points of both, ``source`` ``"class"`` / ``"sample"``, ``feature``,
        ``better``, ``worse``, ``category``, ``n``; and the counts.
    """
    import pandas as pd

    readings, counts = _collect(answers, KANO_SECTION, "kano", _kano_pairs)
    rows = [(learner, *pair) for learner, pairs in readings.items() for pair in pairs]
    long = pd.DataFrame(rows, columns=["respondent", "feature", "functional", "dysfunctional"])
    for column in ("functional", "dysfunctional"):
        long[column] = long[column].astype("int64")
    table = kano_table(long)
    sample = _kano_sample().copy()
    return {"table": table, "sample": sample, "compare": _kano_compare(table, sample),
            "points": _kano_points(table, sample), **counts}


def _kano_compare(table: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    mine = table.set_index("feature")
    theirs = sample.set_index("feature")
    features = list(dict.fromkeys([*theirs.index, *mine.index]))
    rows = []
    for feature in features:
        ours = mine.loc[feature] if feature in mine.index else None
        ref = theirs.loc[feature] if feature in theirs.index else None
        class_category = None if ours is None else str(ours["category"])
        sample_category = None if ref is None else str(ref["category"])
        rows.append({
            "feature": feature,
            "class_category": class_category,
            "sample_category": sample_category,
            "same": class_category is not None and class_category == sample_category,
            "class_n": 0 if ours is None else int(ours["n"]),
            "sample_n": 0 if ref is None else int(ref["n"]),
        })
    columns = ["feature", "class_category", "sample_category", "same", "class_n", "sample_n"]
    return pd.DataFrame(rows, columns=columns)


def _kano_points(table: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    keep = ["feature", "better", "worse", "category", "n"]
    parts = [part[keep].assign(source=source) for source, part in
             (("class", table), ("sample", sample)) if len(part)]
    if not parts:
        return pd.DataFrame(columns=[*keep, "source"])
    points = pd.concat(parts, ignore_index=True)
    return points.dropna(subset=["better", "worse"]).reset_index(drop=True)


# --------------------------------------------------------------------------- 04 journey


@lru_cache(maxsize=1)
def sample_touchpoints() -> tuple[str, ...]:
    """The touchpoint ids of the course's sample journey, in journey order."""
    from .. import journey

    return tuple(tp.id for tp in journey.sample_journey("en").touchpoints())


def _journey_reading(value: Any) -> dict[str, Any] | None:
    """A learner's emotion curve: ``{"values": {touchpoint: value}, "peak", "valley", "end"}``.

    ``value`` is ``{"journey": saved 04/journey, "curve": curve id or None}``; the curve is
    the one the learner last edited (``04/curves``), else the journey's first.
    """
    from .. import journey as J

    data = value.get("journey")
    journey = J.Journey.from_dict(data)  # a CXError: damaged
    if not journey.curves:
        return None
    ids = {curve.id for curve in journey.curves}
    curve_id = value.get("curve") if value.get("curve") in ids else journey.curves[0].id
    episode = journey.episode(curve_id)
    if not episode:
        return None
    result = J.peak_end(J.scores_of(episode))
    return {
        "values": {m.id: m.value for m in episode},
        "order": [m.id for m in episode],
        "peak": episode[result.peak_index].id,
        "valley": episode[result.valley_index].id,
        "end": episode[result.end_index].id,
    }


def lecture_04(answers: Answers) -> dict[str, Any]:
    """Everyone's emotion curve, the class's mean curve, and where peaks, valleys, ends fall.

    Each learner's curve is the one they last edited in ``04/curves`` (else the first of
    their ``04/journey``); a learner who kept the course's sample journey has saved nothing
    and is "not yet". Curves are compared on the **touchpoints of the course's sample
    journey** (by id: ``t1`` ... ``t16``; a touchpoint a learner added has a new id and
    means something else for each learner). The mean curve shows a sample touchpoint only
    where **at least half** of the answering learners drew a value there (the others are
    listed in ``curves``, not averaged from a few). Peaks, valleys and ends follow
    :func:`cxwidgets.journey.peak_end` on each learner's whole curve (their own
    touchpoints included); one that falls on a touchpoint the learner added counts under
    :data:`OWN_TOUCHPOINT`.

    Returns
    -------
    dict
        ``curves``: ``learner``, ``touchpoint``, ``position`` (in the sample journey),
        ``value``; ``mean``: per kept touchpoint ``touchpoint``, ``position``, ``mean``,
        ``low``, ``high``, ``n``; ``moments``: per touchpoint (sample order, then
        :data:`OWN_TOUCHPOINT` if any) ``peak``, ``valley``, ``end`` counts; and the counts.
    """
    import pandas as pd

    learners = _learner_ids(answers)
    combined: dict[str, dict[str, Any]] = {}
    for learner in learners:
        stored = _value(answers, learner, JOURNEY_SECTION)  # type: ignore[arg-type]
        if stored is _MISSING:
            continue
        choice = _value(answers, learner, CURVES_SECTION)  # type: ignore[arg-type]
        curve = choice.get("curve_id") if isinstance(choice, Mapping) else None
        combined[learner] = {JOURNEY_SECTION: {"journey": stored, "curve": curve}}
    readings, counts = _collect(combined, JOURNEY_SECTION, "journey", _journey_reading)
    counts = {**counts, "n_learners": len(learners),
              "not_yet": [lid for lid in learners if lid not in readings
                          and lid not in counts["damaged"]]}
    order = sample_touchpoints()
    position = {tp: i for i, tp in enumerate(order)}
    rows = [{"learner": learner, "touchpoint": tp, "position": position[tp], "value": value}
            for learner, reading in readings.items()
            for tp, value in reading["values"].items() if tp in position]
    curves = pd.DataFrame(rows, columns=["learner", "touchpoint", "position", "value"])
    curves = curves.sort_values(["learner", "position"], kind="stable").reset_index(drop=True)
    return {"curves": curves, "mean": _mean_curve(curves, len(readings)),
            "moments": _moments(readings, order), **counts}


def _mean_curve(curves: pd.DataFrame, n_answered: int) -> pd.DataFrame:
    columns = ["touchpoint", "position", "mean", "low", "high", "n"]
    if curves.empty:
        import pandas as pd

        return pd.DataFrame(columns=columns)
    grouped = curves.groupby(["position", "touchpoint"])["value"]
    table = grouped.agg(mean="mean", low="min", high="max", n="size").reset_index()
    table = table[table["n"] * 2 >= n_answered]
    return table[columns].sort_values("position").reset_index(drop=True)


def _moments(readings: Mapping[str, Mapping[str, Any]], order: tuple[str, ...]) -> pd.DataFrame:
    import pandas as pd

    known = set(order)
    tallies = {kind: Counter(r[kind] if r[kind] in known else OWN_TOUCHPOINT
                             for r in readings.values()) for kind in ("peak", "valley", "end")}
    touchpoints = list(order)
    if any(OWN_TOUCHPOINT in tally for tally in tallies.values()):
        touchpoints.append(OWN_TOUCHPOINT)
    return pd.DataFrame({
        "touchpoint": touchpoints,
        "position": range(len(touchpoints)),
        **{kind: [tally.get(tp, 0) for tp in touchpoints] for kind, tally in tallies.items()},
    })


# --------------------------------------------------------------------------- 02 SERVQUAL


def _servqual_reading(value: Any) -> dict[str, Any] | None:
    """A learner's complete questionnaire answers (long) and their own dimension gaps.

    Only pairs of two ratings 1-7 count (a damaged pair is left out, the rest stays).
    """
    from .. import servqual

    if not isinstance(value, Mapping) or not isinstance(value.get("answers", {}), Mapping):
        raise Damaged
    complete = {
        str(key): list(pair) for key, pair in (value.get("answers") or {}).items()
        if isinstance(pair, list | tuple) and len(pair) == 2
        and all(_is_int(rating, 1, 7) for rating in pair)
    }
    frame = servqual.answers_frame(complete)
    if frame.empty:
        return None
    scores = servqual.learner_scores({SERVQUAL_SECTION: {"value": {"answers": complete}}})
    if scores is None:
        raise Damaged
    frame[["expectation", "perception"]] = frame[["expectation", "perception"]].astype("int64")
    return {"frame": frame, "gaps": scores["gap"].to_dict()}


def _weights_reading(value: Any) -> dict[str, float] | None:
    """A learner's importance points when all five are set and total 100, else ``None``."""
    from .. import servqual

    if not isinstance(value, Mapping) or not isinstance(value.get("points", {}), Mapping):
        raise Damaged
    return servqual.valid_points(value.get("points"))


def lecture_02(answers: Answers) -> dict[str, Any]:
    """The class's SERVQUAL gaps per dimension and item, and its importance weights.

    The class is surveyed like the sample: every learner's complete answers are pooled
    (:func:`cxwidgets.servqual.score` / :func:`~cxwidgets.servqual.item_scores`; a learner
    whose answers cannot be read, e.g. a rating outside 1-7, is skipped). Weights count
    only when all five are set and total 100 (:func:`cxwidgets.servqual.valid_points`).

    Returns
    -------
    dict
        ``dimensions``: per dimension ``dimension``, ``expectation``, ``perception``,
        ``gap``, ``n`` (answers); ``items``: per item ``item``, ``dimension``, ``gap``,
        ``expectation``, ``perception``, ``n``; ``learner_gaps``: ``learner``,
        ``dimension``, ``gap`` (each learner's own mean P - E); ``weights``: ``learner``,
        ``dimension``, ``points``; ``weight_summary``: per dimension ``mean``, ``low``,
        ``high``, ``n``; ``weights_counts``: the counts of ``02/weights``; and the counts
        of ``02/questionnaire``.
    """
    import pandas as pd

    from .. import servqual

    readings, counts = _collect(answers, SERVQUAL_SECTION, "servqual", _servqual_reading)
    frames = [r["frame"].assign(respondent=learner) for learner, r in readings.items()]
    if frames:
        pooled = pd.concat(frames, ignore_index=True)
        dimensions = servqual.score(pooled).reset_index()
        items = servqual.item_scores(pooled).reset_index()
    else:
        dimensions = pd.DataFrame({"dimension": list(servqual.DIMENSIONS), "expectation": math.nan,
                                   "perception": math.nan, "gap": math.nan, "n": 0})
        items = pd.DataFrame({"item": [i.number for i in servqual.ITEMS],
                              "dimension": [i.dimension for i in servqual.ITEMS],
                              "expectation": math.nan, "perception": math.nan,
                              "gap": math.nan, "n": 0})
    dimensions = dimensions[["dimension", "expectation", "perception", "gap", "n"]]
    items = items[["item", "dimension", "expectation", "perception", "gap", "n"]]
    learner_gaps = pd.DataFrame(
        [{"learner": learner, "dimension": d, "gap": gap}
         for learner, r in readings.items() for d, gap in r["gaps"].items()
         if gap == gap],
        columns=["learner", "dimension", "gap"])
    weights, weight_counts = _collect(answers, WEIGHTS_SECTION, "weights", _weights_reading)
    long = pd.DataFrame(
        [{"learner": learner, "dimension": d, "points": float(points[d])}
         for learner, points in weights.items() for d in servqual.DIMENSIONS],
        columns=["learner", "dimension", "points"])
    summary = (long.groupby("dimension")["points"]
               .agg(mean="mean", low="min", high="max", n="size")
               .reindex(list(servqual.DIMENSIONS)).reset_index())
    summary["n"] = summary["n"].fillna(0).astype("int64")
    return {"dimensions": dimensions, "items": items, "learner_gaps": learner_gaps,
            "weights": long, "weight_summary": summary, "weights_counts": weight_counts,
            **counts}


# --------------------------------------------------------------------------- 07 gaps


def _classify_reading(value: Any) -> dict[str, int] | None:
    from .. import gaps

    if not isinstance(value, Mapping):
        raise Damaged
    return gaps.stored_answers(value) or None


def _diagnosis_reading(case: str) -> Callable[[Any], dict[str, Any] | None]:
    def read(value: Any) -> dict[str, Any] | None:
        from .. import gaps

        if not isinstance(value, Mapping):
            raise Damaged
        evidence = value.get("evidence")
        evidence = evidence.get(case) if isinstance(evidence, Mapping) else None
        ratings = gaps.stored_evidence(evidence)
        if not ratings:
            return None
        result = gaps.diagnose(ratings)
        return {"focus": list(result.focus), "scores": result.gaps["score"].to_dict()}

    return read


def lecture_07(answers: Answers, case: str = "sample") -> dict[str, Any]:
    """Which failures the class misclassified most, and the class's gap diagnosis.

    Parameters
    ----------
    answers : mapping
        The class's saved sections.
    case : {"sample", "own"}
        The diagnosis counted: the course's sample case (the same for everyone, so the
        class's focus gaps compare) or each learner's own service.

    Returns
    -------
    dict
        ``failures``: per failure of :data:`cxwidgets.gaps.FAILURES` (most often wrong
        first) ``failure``, ``expected``, ``answered``, ``wrong``, ``share_wrong`` (NaN when
        nobody answered), ``common_wrong`` (the wrong gap chosen most, the smaller number on
        a tie; NA without a wrong answer), ``common_wrong_n``; ``picks``: ``failure``,
        ``answer``, ``count`` of every answer given; ``diagnosis``: per provider gap
        ``gap``, ``focus`` (learners naming it a gap that matters most, see
        :func:`cxwidgets.gaps.diagnose`), ``mean_score``, ``scored``;
        ``diagnosis_counts``: the counts of ``07/diagnosis``; and the counts of
        ``07/classify``.
    """
    import pandas as pd

    from .. import gaps

    readings, counts = _collect(answers, CLASSIFY_SECTION, "classify", _classify_reading)
    rows, picks = [], []
    for failure in gaps.FAILURES:
        given = Counter(r[failure.id] for r in readings.values() if failure.id in r)
        answered = sum(given.values())
        wrong = {gap: n for gap, n in given.items() if gap != failure.gap}
        common = min(wrong, key=lambda gap: (-wrong[gap], gap)) if wrong else None
        rows.append({"failure": failure.id, "expected": failure.gap, "answered": answered,
                     "wrong": sum(wrong.values()),
                     "share_wrong": sum(wrong.values()) / answered if answered else math.nan,
                     "common_wrong": common, "common_wrong_n": wrong.get(common, 0)})
        picks.extend({"failure": failure.id, "answer": gap, "count": n}
                     for gap, n in sorted(given.items()))
    failures = pd.DataFrame(rows).astype({"common_wrong": "Int64"})
    failures = failures.sort_values(["share_wrong", "wrong"], ascending=False, kind="stable",
                                    na_position="last").reset_index(drop=True)
    diagnoses, diagnosis_counts = _collect(
        answers, DIAGNOSIS_SECTION, f"diagnosis-{case}", _diagnosis_reading(case))
    table = []
    for gap_id in gaps.PROVIDER_GAPS:
        scores = [d["scores"][gap_id] for d in diagnoses.values()
                  if d["scores"].get(gap_id) == d["scores"].get(gap_id)]
        table.append({"gap": gap_id, "focus": sum(gap_id in d["focus"] for d in diagnoses.values()),
                      "mean_score": sum(scores) / len(scores) if scores else math.nan,
                      "scored": len(scores)})
    return {"failures": failures,
            "picks": pd.DataFrame(picks, columns=["failure", "answer", "count"]),
            "diagnosis": pd.DataFrame(table), "diagnosis_counts": diagnosis_counts, **counts}


# --------------------------------------------------------------------------- 01 CLV

CLV_SECTION = "01/clv"


def _clv_reading(value: Any) -> dict[str, Any] | None:
    from .. import clv

    if not isinstance(value, Mapping):
        raise Damaged
    result = clv.learner_clv({CLV_SECTION: {"value": dict(value)}})
    if result["source"] != "learner":  # inputs the model cannot use: the sample stood in
        raise Damaged
    number = _number(result["clv"])
    if number is None:
        raise Damaged
    return {"clv": number, "margin": result["margin"], "retention": result["retention"],
            "period": result["period"]}


def lecture_01(answers: Answers) -> dict[str, Any]:
    """The distribution of the class's customer lifetime values (``01/clv``).

    Each learner's value is :func:`cxwidgets.clv.learner_clv` of their calculator; inputs the
    model refuses count as damaged (the reader's sample fallback is not the learner's).

    Returns
    -------
    dict
        ``values``: ``learner``, ``clv``, ``margin``, ``retention``, ``period``; ``summary``:
        ``mean``, ``median``, ``low``, ``high`` (NaN for an empty class); and the counts.
    """
    import pandas as pd

    readings, counts = _collect(answers, CLV_SECTION, "clv", _clv_reading)
    values = pd.DataFrame([{"learner": learner, **r} for learner, r in readings.items()],
                          columns=["learner", "clv", "margin", "retention", "period"])
    column = values["clv"].astype(float)
    summary = {"mean": column.mean(), "median": column.median(), "low": column.min(),
               "high": column.max()}
    summary = {k: (float(v) if v == v else math.nan) for k, v in summary.items()}
    return {"values": values, "summary": summary, **counts}


# --------------------------------------------------------------------------- 05 blueprint

BLUEPRINT_SECTION = "05/blueprint"


def _blueprint_reading(value: Any) -> list[dict[str, Any]] | None:
    """The learner's own ranked fail points (``None`` while the blueprint has none)."""
    from .. import blueprint

    if not isinstance(value, Mapping):
        raise Damaged
    own = blueprint.stored_blueprint(value)
    if own is None:
        raise Damaged
    if not any(step.fail for step in own.steps):
        return None
    points = blueprint.fail_points({BLUEPRINT_SECTION: {"value": dict(value)}})
    return [{**point, "rank": rank} for rank, point in enumerate(points, start=1)]


def lecture_05(answers: Answers, hidden: Hidden | None = None) -> dict[str, Any]:
    """The fail points the class flagged most (``05/blueprint``).

    A fail point is counted by its blueprint step id (everyone starts from the course's
    reference blueprint, so its steps compare) and by the lecture-04 touchpoint it sits at.

    Parameters
    ----------
    answers : mapping
        The class's saved sections.
    hidden : set of (learner, section, item), optional
        Fail-point texts the trainer hides (item = step id).

    Returns
    -------
    dict
        ``steps``: per step ``step``, ``flagged`` (learners), ``first`` (learners ranking it
        first), ``mean_risk`` (NaN when nobody rated it), most flagged first;
        ``touchpoints``: ``touchpoint``, ``flagged``; ``items``: the texts to show,
        ``learner``, ``section``, ``item``, ``text``, ``rank``, ``risk``; and the counts.
    """
    import pandas as pd

    readings, counts = _collect(answers, BLUEPRINT_SECTION, "blueprint", _blueprint_reading)
    steps: dict[str, dict[str, Any]] = {}
    touchpoints: Counter[str] = Counter()
    items = []
    for learner, points in readings.items():
        for point in points:
            entry = steps.setdefault(point["id"], {"step": point["id"], "flagged": 0,
                                                   "first": 0, "risks": []})
            entry["flagged"] += 1
            entry["first"] += point["rank"] == 1
            if _number(point["risk"]) is not None:
                entry["risks"].append(float(point["risk"]))
            if point["touchpoint"]:
                touchpoints[point["touchpoint"]] += 1
            if _visible(hidden, learner, BLUEPRINT_SECTION, point["id"]):
                items.append({"learner": learner, "section": BLUEPRINT_SECTION,
                              "item": point["id"], "text": point["text"],
                              "rank": point["rank"], "risk": point["risk"]})
    rows = [{"step": e["step"], "flagged": e["flagged"], "first": e["first"],
             "mean_risk": sum(e["risks"]) / len(e["risks"]) if e["risks"] else math.nan}
            for e in steps.values()]
    table = pd.DataFrame(rows, columns=["step", "flagged", "first", "mean_risk"])
    table = table.sort_values(["flagged", "first"], ascending=False, kind="stable")
    return {"steps": table.reset_index(drop=True),
            "touchpoints": pd.DataFrame(touchpoints.most_common(),
                                        columns=["touchpoint", "flagged"]),
            "items": pd.DataFrame(items, columns=["learner", "section", "item", "text", "rank",
                                                  "risk"]),
            **counts}


# --------------------------------------------------------------------------- 06 ideas

HMW_SECTION = "06/hmw"
CONCEPTS_SECTION = "06/concepts"
OWN_CONCEPT = "_own"
"""Concept code of the screening ranks for concepts a learner wrote (not the course's)."""


def _hmw_reading(value: Any) -> dict[str, Any] | None:
    from .. import hmw

    board = hmw.clean(value)  # a CXError: damaged
    if not (board["pains"] or board["questions"] or board["ideas"]):
        return None
    return {"pains": len(board["pains"]), "questions": len(board["questions"]),
            "ideas": [{"id": idea["id"], "text": idea["text"], "votes": idea["votes"],
                       "quadrant": idea["quadrant"]} for idea in hmw.ranked_ideas(board)]}


def _concepts_reading(value: Any) -> dict[str, Any] | None:
    from .. import screening

    if not isinstance(value, Mapping) or not isinstance(value.get("concepts"), list):
        raise Damaged
    concepts = [c for c in value["concepts"] if isinstance(c, Mapping) and "id" in c]
    try:
        ranks = screening.score(screening.ratings_frame({**value, "concepts": concepts}),
                                value.get("weights") or {})["rank"].to_dict()
    except Exception:  # incomplete ratings or weights: not scored yet
        ranks = {}
    survivor = value.get("survivor")
    rows = [{"concept": str(c.get("key") or OWN_CONCEPT), "rank": ranks.get(c["id"]),
             "survivor": c["id"] == survivor} for c in concepts]
    if not ranks and not any(row["survivor"] for row in rows):
        return None
    return {"concepts": rows}


def lecture_06(answers: Answers, hidden: Hidden | None = None) -> dict[str, Any]:
    """The class's idea walls and votes (``06/hmw``) and concept screening ranks (``06/concepts``).

    Parameters
    ----------
    answers : mapping
        The class's saved sections.
    hidden : set of (learner, section, item), optional
        Ideas the trainer hides (item = idea id): left out of ``ideas`` only (the counts
        still count them).

    Returns
    -------
    dict
        ``ideas``: ``learner``, ``section``, ``item``, ``text``, ``votes``, ``quadrant``
        (most voted first); ``walls``: per learner ``pains``, ``questions``, ``ideas``,
        ``votes``; ``quadrants``: ideas per grid quadrant; ``concepts``: per course concept
        (:data:`OWN_CONCEPT` for the learners' own) ``scored``, ``first``, ``mean_rank``,
        ``survivor``; ``concepts_counts``: the counts of ``06/concepts``; and the counts of
        ``06/hmw``.
    """
    import pandas as pd

    from .. import hmw

    boards, counts = _collect(answers, HMW_SECTION, "hmw", _hmw_reading)
    ideas, walls = [], []
    quadrants: Counter[str] = Counter()
    for learner, board in boards.items():
        walls.append({"learner": learner, "pains": board["pains"],
                      "questions": board["questions"], "ideas": len(board["ideas"]),
                      "votes": sum(idea["votes"] for idea in board["ideas"])})
        for idea in board["ideas"]:
            if idea["quadrant"]:
                quadrants[idea["quadrant"]] += 1
            if _visible(hidden, learner, HMW_SECTION, idea["id"]):
                ideas.append({"learner": learner, "section": HMW_SECTION, "item": idea["id"],
                              "text": idea["text"], "votes": idea["votes"],
                              "quadrant": idea["quadrant"]})
    idea_table = pd.DataFrame(ideas, columns=["learner", "section", "item", "text", "votes",
                                              "quadrant"])
    idea_table = idea_table.sort_values("votes", ascending=False, kind="stable")
    screened, concept_counts = _collect(answers, CONCEPTS_SECTION, "concepts", _concepts_reading)
    tally: dict[str, dict[str, Any]] = {}
    for reading in screened.values():
        for row in reading["concepts"]:
            entry = tally.setdefault(row["concept"], {"concept": row["concept"], "scored": 0,
                                                      "first": 0, "ranks": [], "survivor": 0})
            if row["rank"] is not None:
                entry["scored"] += 1
                entry["first"] += row["rank"] == 1
                entry["ranks"].append(row["rank"])
            entry["survivor"] += row["survivor"]
    concepts = pd.DataFrame(
        [{"concept": e["concept"], "scored": e["scored"], "first": e["first"],
          "mean_rank": sum(e["ranks"]) / len(e["ranks"]) if e["ranks"] else math.nan,
          "survivor": e["survivor"]} for e in tally.values()],
        columns=["concept", "scored", "first", "mean_rank", "survivor"])
    return {"ideas": idea_table.reset_index(drop=True),
            "walls": pd.DataFrame(walls, columns=["learner", "pains", "questions", "ideas",
                                                  "votes"]),
            "quadrants": {q: quadrants.get(q, 0) for q in hmw.QUADRANTS},
            "concepts": concepts, "concepts_counts": concept_counts, **counts}


# --------------------------------------------------------------------------- 08 design

DESIGN_SECTION = "08/design"


def _design_reading(value: Any) -> dict[str, Any] | None:
    from .. import nps

    if not isinstance(value, Mapping):
        raise Damaged
    content = nps.design_content()
    metrics = value.get("metrics")
    metrics = {tp: m for tp, m in metrics.items() if tp in content["touchpoints"]
               and m in (*nps.METRICS, "none")} if isinstance(metrics, Mapping) else {}
    checks = value.get("checks")
    checks = [c for c in content["checks"] if isinstance(checks, list) and c in checks]
    if not metrics and not checks:
        return None
    precision = value.get("precision")
    return {"metrics": metrics, "checks": checks,
            "precision": precision if precision in content["precisions"] else None}


def lecture_08(answers: Answers) -> dict[str, Any]:
    """The class's own measurement choices (``08/design``).

    Returns
    -------
    dict
        ``metrics``: per surveyed touchpoint, learners choosing ``nps``, ``csat``, ``ces``,
        ``none``; ``precision``: learners per precision; ``checks``: learners per check;
        and the counts.
    """
    import pandas as pd

    from .. import nps

    readings, counts = _collect(answers, DESIGN_SECTION, "design", _design_reading)
    content = nps.design_content()
    choices = (*nps.METRICS, "none")
    metrics = pd.DataFrame(
        [{"touchpoint": tp, **{m: sum(r["metrics"].get(tp) == m for r in readings.values())
                               for m in choices}} for tp in content["touchpoints"]],
        columns=["touchpoint", *choices])
    precision = {p: sum(r["precision"] == p for r in readings.values())
                 for p in content["precisions"]}
    checks = {c: sum(c in r["checks"] for r in readings.values()) for c in content["checks"]}
    return {"metrics": metrics, "precision": precision, "checks": checks, **counts}


# --------------------------------------------------------------------------- 09 language

COACH_SECTION = "09/coach"


def _coach_reading(value: Any) -> list[dict[str, Any]] | None:
    from .. import language, recovery

    if not isinstance(value, Mapping) or not isinstance(value.get("replies", {}), Mapping):
        raise Damaged
    known = [item["id"] for item in recovery.content()["situations"]]
    replies = value.get("replies") or {}
    out = []
    for situation in known:
        text = replies.get(situation)
        if isinstance(text, str) and text.strip():
            rules = list(dict.fromkeys(rule for rule, _start, _end in language.spans(text)))
            out.append({"situation": situation, "text": text, "rules": rules})
    return out or None


def lecture_09(answers: Answers, hidden: Hidden | None = None) -> dict[str, Any]:
    """The class's positive-language replies (``09/coach``) and the coach's findings per rule.

    Parameters
    ----------
    answers : mapping
        The class's saved sections.
    hidden : set of (learner, section, item), optional
        Replies the trainer hides (item = situation id): left out of ``replies`` only.

    Returns
    -------
    dict
        ``rules``: per rule of the coach ``rule``, ``replies`` (replies it flags), most
        first; ``replies``: ``learner``, ``section``, ``item`` (situation), ``text``,
        ``rules`` (rule ids), ``clean`` (no finding); ``n_replies``, ``n_clean``; and the
        counts.
    """
    import pandas as pd

    from .. import language

    readings, counts = _collect(answers, COACH_SECTION, "coach", _coach_reading)
    tally: Counter[str] = Counter()
    rows = []
    for learner, replies in readings.items():
        for reply in replies:
            tally.update(reply["rules"])
            if _visible(hidden, learner, COACH_SECTION, reply["situation"]):
                rows.append({"learner": learner, "section": COACH_SECTION,
                             "item": reply["situation"], "text": reply["text"],
                             "rules": list(reply["rules"]), "clean": not reply["rules"]})
    order = [rule.id for rule in language.load_rules().rules]
    rules = pd.DataFrame([{"rule": r, "replies": tally.get(r, 0)} for r in order],
                         columns=["rule", "replies"])
    rules = rules.sort_values("replies", ascending=False, kind="stable").reset_index(drop=True)
    every = [reply for replies in readings.values() for reply in replies]
    return {"rules": rules,
            "replies": pd.DataFrame(rows, columns=["learner", "section", "item", "text",
                                                   "rules", "clean"]),
            "n_replies": len(every), "n_clean": sum(not r["rules"] for r in every),
            **counts}


# --------------------------------------------------------------------------- 10 peer

PEER_SECTION = "10/peer"


def _peer_reading(value: Any) -> dict[str, Any] | None:
    from .. import peer

    if not isinstance(value, Mapping):
        raise Damaged
    team = value.get("team") if value.get("team") in peer.sample_teams() else None
    scores = {t: s for t, s in peer.clean_scores(value.get("scores")).items()
              if t != team and t in peer.sample_teams()}
    ratings = peer.team_scores({"me": scores})["me"]
    return {"team": team, "ratings": ratings} if ratings else None


def lecture_10(answers: Answers) -> dict[str, Any]:
    """The class's roadshow peer scores (``10/peer``), read with :mod:`cxwidgets.peer`.

    The raters are the learners (each in the team they said), their complete ratings the
    data: :func:`cxwidgets.peer.analyse` gives each team's raw and bias-corrected score, each
    learner's leniency (bias) and Krippendorff's alpha.

    Returns
    -------
    dict
        ``teams``: ``team``, ``raw``, ``corrected``, ``n`` (best corrected first);
        ``raters``: ``rater`` (learner id), ``team``, ``bias``, ``n``; ``alpha``,
        ``alpha_corrected`` (``None`` when agreement cannot be computed); and the counts.
    """
    import pandas as pd

    from .. import peer

    readings, counts = _collect(answers, PEER_SECTION, "peer", _peer_reading)
    ratings = {learner: r["ratings"] for learner, r in readings.items()}
    membership = {learner: r["team"] or "" for learner, r in readings.items()}
    teams_columns = ["team", "raw", "corrected", "n"]
    raters_columns = ["rater", "team", "bias", "n"]
    if not ratings:
        return {"teams": pd.DataFrame(columns=teams_columns),
                "raters": pd.DataFrame(columns=raters_columns), "alpha": None,
                "alpha_corrected": None, **counts}
    result = peer.analyse(ratings, membership)
    return {"teams": pd.DataFrame(result.teams).reindex(columns=teams_columns),
            "raters": pd.DataFrame(result.raters).reindex(columns=raters_columns),
            "alpha": result.alpha, "alpha_corrected": result.alpha_corrected, **counts}


#: The workbook sections each lecture's dashboard reads (what the store must send).
SECTIONS: dict[str, tuple[str, ...]] = {
    "01": (CLV_SECTION,),
    "02": (SERVQUAL_SECTION, WEIGHTS_SECTION),
    "03": (KANO_SECTION,),
    "04": (JOURNEY_SECTION, CURVES_SECTION),
    "05": (BLUEPRINT_SECTION,),
    "06": (HMW_SECTION, CONCEPTS_SECTION),
    "07": (CLASSIFY_SECTION, DIAGNOSIS_SECTION),
    "08": (DESIGN_SECTION,),
    "09": (COACH_SECTION,),
    "10": (PEER_SECTION,),
}

#: The lectures whose function takes ``hidden`` (they return free text to project).
TAKES_HIDDEN: frozenset[str] = frozenset({"05", "06", "09"})
