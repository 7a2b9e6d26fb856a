"""The service-quality gap model as data, and the diagnosis it supports (lecture 07).

Sources: Parasuraman, Zeithaml & Berry (1985), "A conceptual model of service
quality and its implications for future research", Journal of Marketing 49(4);
the customer-gap framing and the causes of each provider gap follow Zeithaml,
Bitner & Gremler, *Services Marketing* (the gaps model of service quality).

* The **customer gap** (gap 5) is the distance between expected and perceived
  service: what SERVQUAL measures (:mod:`cxwidgets.servqual`).
* Four **provider gaps** cause it: 1 listening (management does not know what
  customers expect), 2 service design and standards, 3 service performance,
  4 communication (promises do not match delivery).

The model is plain data read from ``cxwidgets/content/gaps.json`` (codes and structure only):
:data:`GAPS`, :data:`CAUSES`, :data:`LEVERS`, :data:`FAILURES` and :data:`CASE_SYMPTOMS` are
tuples of frozen dataclasses whose wording comes from the catalogue
(``cxwidgets/locales/gaps.json``: ``gaps.gap.<code>.name``, ``gaps.cause.<code>``, ...), in
the language asked for when drawn. :func:`diagnose` turns the learner's evidence ratings (0-3
per cause) into a score per provider gap, names the gaps that matter most and ranks the
levers they call for; its results hold codes only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import i18n
from .errors import CXError

if TYPE_CHECKING:  # pandas is imported where a table is made: the page starts without it
    import pandas as pd

EVIDENCE_MIN, EVIDENCE_MAX = 0, 3
"""Evidence scale per cause: 0 none, 1 a hint, 2 clear evidence, 3 strong evidence."""

DEFAULT_THRESHOLD = 50.0
"""A provider gap scoring at least this (0-100) is named as one that matters."""

CONTENT_PATH = Path(__file__).resolve().parent / "content" / "gaps.json"
"""The structure of the model and the course's exercises (codes only)."""


def _t(key: str, language: str | None) -> str:
    return i18n.t(key, language) if language else i18n.t(key)


@dataclass(frozen=True)
class Gap:
    """One gap of the model.

    Attributes
    ----------
    id : str
        ``listening``, ``design``, ``performance``, ``communication`` or ``customer``.
    number : int
        1-4 for the provider gaps, 5 for the customer gap.
    """

    id: str
    number: int

    @property
    def name_key(self) -> str:
        return f"gaps.gap.{self.id}.name"

    def name(self, language: str | None = None) -> str:
        """Short name in ``language`` (default: the active language)."""
        return _t(self.name_key, language)

    def what(self, language: str | None = None) -> str:
        """One-sentence definition in ``language``."""
        return _t(f"gaps.gap.{self.id}.what", language)


@dataclass(frozen=True)
class Lever:
    """An improvement lever (where a gap leads), identified by ``id``."""

    id: str

    def name(self, language: str | None = None) -> str:
        """Name in ``language``."""
        return _t(f"gaps.lever.{self.id}.name", language)

    def how(self, language: str | None = None) -> str:
        """What pulling the lever means in practice, in ``language``."""
        return _t(f"gaps.lever.{self.id}.how", language)


@dataclass(frozen=True)
class Cause:
    """A usual cause of a provider gap.

    Attributes
    ----------
    id : str
        Stable identifier, unique across gaps (used as the key of evidence ratings).
    gap : str
        The provider gap it causes.
    levers : tuple of str
        Lever ids that address it, most direct first.
    """

    id: str
    gap: str
    levers: tuple[str, ...]

    @property
    def text_key(self) -> str:
        return f"gaps.cause.{self.id}"

    def text(self, language: str | None = None) -> str:
        """The cause, phrased as something one can look for evidence of, in ``language``."""
        return _t(self.text_key, language)


@dataclass(frozen=True)
class Failure:
    """A short broadband service failure to classify into provider gap 1-4.

    Attributes
    ----------
    id : str
        Stable identifier.
    gap : int
        The provider gap (1-4) a trainer would name.
    """

    id: str
    gap: int

    @property
    def text_key(self) -> str:
        return f"gaps.failure.{self.id}.text"

    @property
    def why_key(self) -> str:
        return f"gaps.failure.{self.id}.why"

    def text(self, language: str | None = None) -> str:
        """The failure in ``language``."""
        return _t(self.text_key, language)

    def why(self, language: str | None = None) -> str:
        """The feedback explaining the answer, in ``language``."""
        return _t(self.why_key, language)


@dataclass(frozen=True)
class Symptom:
    """One observation in the sample case.

    Attributes
    ----------
    id : str
        Stable identifier.
    causes : tuple of str
        The causes this observation is evidence of (a trainer's reading).
    """

    id: str
    causes: tuple[str, ...]

    def text(self, language: str | None = None) -> str:
        """What was observed, in ``language``."""
        return _t(f"gaps.symptom.{self.id}", language)


def _load_content(path: Path = CONTENT_PATH) -> dict[str, Any]:
    """Read the content file and check that its codes fit together (fails at import)."""
    content = json.loads(path.read_text(encoding="utf-8"))
    gap_ids = [entry["code"] for entry in content["gaps"]]
    provider = [entry["code"] for entry in content["gaps"] if entry["number"] != 5]
    lever_ids = {entry["code"] for entry in content["levers"]}
    cause_ids = [entry["code"] for entry in content["causes"]]
    problems = [
        f"cause {c['code']}" for c in content["causes"]
        if c["gap"] not in provider or not c["levers"] or not set(c["levers"]) <= lever_ids
    ]
    problems += [f"failure {f['code']}" for f in content["failures"] if f["gap"] not in (1, 2, 3, 4)]
    problems += [f"symptom {s['code']}" for s in content["case_symptoms"]
                 if not set(s["causes"]) <= set(cause_ids)]
    problems += [f"evidence {k}" for k in content["case_evidence"] if k not in cause_ids]
    problems += [f"link {k}" for k, v in content["dimension_links"].items()
                 if not set(v) <= set(provider)]
    if len(set(cause_ids)) != len(cause_ids) or len(set(gap_ids)) != len(gap_ids):
        problems.append("repeated codes")
    if problems:
        message = f"{path.name} does not fit together: {', '.join(problems)}"
        raise ValueError(message)
    return content


_CONTENT = _load_content()

GAPS: tuple[Gap, ...] = tuple(Gap(e["code"], int(e["number"])) for e in _CONTENT["gaps"])
"""The five gaps: provider gaps 1-4, then the customer gap (5)."""

PROVIDER_GAPS: tuple[str, ...] = tuple(g.id for g in GAPS if g.number != 5)

LEVERS: tuple[Lever, ...] = tuple(Lever(e["code"]) for e in _CONTENT["levers"])
"""Where each gap leads (the seeds' five levers plus promise management for gap 4)."""

CAUSES: tuple[Cause, ...] = tuple(
    Cause(e["code"], e["gap"], tuple(e["levers"])) for e in _CONTENT["causes"]
)
"""The usual causes of each provider gap, phrased as things to look for evidence of."""

DIMENSION_LINKS: dict[str, tuple[str, ...]] = {
    dimension: tuple(linked) for dimension, linked in _CONTENT["dimension_links"].items()
}
"""A SERVQUAL dimension with a large negative gap -> provider gaps worth checking first (a hint)."""

FAILURES: tuple[Failure, ...] = tuple(Failure(e["code"], int(e["gap"])) for e in _CONTENT["failures"])
"""Broadband service failures to sort into provider gaps 1-4, with feedback."""

CASE_SYMPTOMS: tuple[Symptom, ...] = tuple(
    Symptom(e["code"], tuple(e["causes"])) for e in _CONTENT["case_symptoms"]
)
"""The sample case: symptoms observed in a city branch's home-broadband service."""

CASE_EVIDENCE: dict[str, int] = {k: int(v) for k, v in _CONTENT["case_evidence"].items()}
"""A trainer's evidence ratings for the sample case (the solution learners compare with)."""

_GAP_BY_ID = {gap.id: gap for gap in GAPS}
_LEVER_BY_ID = {lever.id: lever for lever in LEVERS}
_CAUSE_BY_ID = {cause.id: cause for cause in CAUSES}


def gap(gap_id: str) -> Gap:
    """The gap with id ``gap_id`` (CXError if unknown)."""
    if gap_id not in _GAP_BY_ID:
        raise CXError("gaps.error.unknown_gap", value=gap_id, known=", ".join(_GAP_BY_ID))
    return _GAP_BY_ID[gap_id]


def lever(lever_id: str) -> Lever:
    """The lever with id ``lever_id`` (CXError if unknown)."""
    if lever_id not in _LEVER_BY_ID:
        raise CXError("gaps.error.unknown_lever", value=lever_id, known=", ".join(_LEVER_BY_ID))
    return _LEVER_BY_ID[lever_id]


def causes_of(gap_id: str) -> tuple[Cause, ...]:
    """The causes of provider gap ``gap_id``, in model order."""
    gap(gap_id)
    return tuple(cause for cause in CAUSES if cause.gap == gap_id)


def model_frame(language: str | None = None) -> pd.DataFrame:
    """The model as one table: a row per cause with its gap and levers.

    Parameters
    ----------
    language : str, optional
        Language of the text columns (default: the active language).

    Returns
    -------
    pandas.DataFrame
        Indexed by cause id: ``gap``, ``gap_number``, ``gap_name``, ``cause``, ``levers``
        (lever names joined with " / ").
    """
    import pandas as pd

    rows = []
    for cause in CAUSES:
        owner = _GAP_BY_ID[cause.gap]
        rows.append({
            "cause_id": cause.id,
            "gap": cause.gap,
            "gap_number": owner.number,
            "gap_name": owner.name(language),
            "cause": cause.text(language),
            "levers": " / ".join(_LEVER_BY_ID[lv].name(language) for lv in cause.levers),
        })
    return pd.DataFrame(rows).set_index("cause_id")


# --------------------------------------------------------------------------- classification


def check_classification(answers: Mapping[str, int | None]) -> pd.DataFrame:
    """Check the learner's gap (1-4) for each failure in :data:`FAILURES`.

    Parameters
    ----------
    answers : mapping
        Failure id -> chosen gap number 1-4 (``None`` or missing: not answered).

    Returns
    -------
    pandas.DataFrame
        Indexed by failure id: ``answer`` (nullable int), ``expected``, ``correct``
        (nullable bool, NA when not answered). ``attrs``: ``answered``, ``right``, ``total``.

    Raises
    ------
    CXError
        An unknown failure id or an answer other than 1-4.
    """
    import pandas as pd

    known = {f.id for f in FAILURES}
    unknown = [k for k in answers if k not in known]
    if unknown:
        raise CXError("gaps.error.unknown_failure", value=", ".join(unknown))
    rows = []
    for failure in FAILURES:
        raw = answers.get(failure.id)
        if raw is None:
            answer = None
        else:
            try:
                answer = int(raw)
            except (TypeError, ValueError):
                raise CXError("gaps.error.failure_answer", value=raw) from None
            if answer not in (1, 2, 3, 4) or answer != raw:
                raise CXError("gaps.error.failure_answer", value=raw)
        rows.append({"id": failure.id, "answer": answer, "expected": failure.gap,
                     "correct": None if answer is None else answer == failure.gap})
    table = pd.DataFrame(rows).set_index("id")
    table["answer"] = table["answer"].astype("Int64")
    table["correct"] = table["correct"].astype("boolean")
    answered = int(table["answer"].notna().sum())
    table.attrs = {"answered": answered, "right": int(table["correct"].sum()),
                   "total": len(FAILURES)}
    return table


# --------------------------------------------------------------------------- diagnosis


def validate_evidence(evidence: Mapping[str, int | float | None]) -> dict[str, int]:
    """Check evidence ratings: cause id -> 0-3 (``None``: not assessed, left out).

    Parameters
    ----------
    evidence : mapping
        Ratings per cause id.

    Returns
    -------
    dict
        The assessed causes only, with int ratings.

    Raises
    ------
    CXError
        An unknown cause id, or a rating that is not a whole number 0-3.
    """
    unknown = [str(k) for k in evidence if k not in _CAUSE_BY_ID]
    if unknown:
        raise CXError("gaps.error.unknown_cause", value=", ".join(unknown))
    clean: dict[str, int] = {}
    for cause_id, value in evidence.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise CXError("gaps.error.evidence_value", cause=cause_id, value=value) from None
        if not number.is_integer() or not EVIDENCE_MIN <= number <= EVIDENCE_MAX:
            raise CXError("gaps.error.evidence_value", cause=cause_id, value=value)
        clean[cause_id] = int(number)
    return clean


def customer_gap(scores: pd.DataFrame | Mapping[str, float]) -> pd.DataFrame:
    """The customer gap per SERVQUAL dimension, from a SERVQUAL result.

    Parameters
    ----------
    scores : pandas.DataFrame or mapping
        The output of :func:`cxwidgets.servqual.score` (or any frame indexed by dimension
        with a ``gap`` column), or a mapping dimension -> gap (P - E).

    Returns
    -------
    pandas.DataFrame
        Indexed by the five dimensions, column ``gap`` (NaN where unknown). ``attrs``
        ``overall``: the weighted SERVQUAL score when the input has one, else the mean of the
        known dimension gaps; ``weighted``: whether ``overall`` is weighted.

    Raises
    ------
    CXError
        Unknown dimension names or gaps that are not numbers.
    """
    import pandas as pd

    from .servqual import DIMENSIONS

    if isinstance(scores, pd.DataFrame):
        if "gap" not in scores.columns:
            raise CXError("gaps.error.customer_columns")
        values = dict(scores["gap"].items())
        attrs = dict(scores.attrs)
    else:
        values = dict(scores)
        attrs = {}
    unknown = [str(k) for k in values if k not in DIMENSIONS]
    if unknown:
        raise CXError("gaps.error.customer_dimension", value=", ".join(unknown))
    gaps_by_dim = {}
    for dimension in DIMENSIONS:
        value = values.get(dimension)
        try:
            gaps_by_dim[dimension] = math.nan if value is None else float(value)
        except (TypeError, ValueError):
            raise CXError("gaps.error.customer_value", dimension=dimension, value=value) from None
    table = pd.DataFrame({"gap": gaps_by_dim})
    table.index.name = "dimension"
    weighted = attrs.get("weighted")
    if weighted is not None and not (isinstance(weighted, float) and math.isnan(weighted)):
        overall, is_weighted = float(weighted), True
    else:
        known = table["gap"].dropna()
        overall, is_weighted = (float(known.mean()) if len(known) else math.nan), False
    table.attrs = {"overall": overall, "weighted": is_weighted}
    return table


@dataclass(frozen=True)
class Diagnosis:
    """Result of :func:`diagnose`.

    Attributes
    ----------
    gaps : pandas.DataFrame
        Indexed by provider gap id (model order): ``number``, ``score`` (0-100, NaN when no
        cause was rated), ``rated``, ``causes``, ``strong`` (causes rated 2 or 3), ``rank``
        (1 = highest score), ``priority`` (score >= threshold).
    levers : pandas.DataFrame
        Indexed by lever id, only levers called for by a cause rated 2 or more in a priority
        gap (or, with no priority gap, in any gap): ``support`` (sum of those ratings),
        ``causes`` (cause ids), ``gaps`` (gap ids), sorted by support.
    customer : pandas.DataFrame or None
        The customer gap per dimension (see :func:`customer_gap`).
    focus : tuple of str
        Provider gaps that matter most: the priority gaps by score, or the single
        highest-scoring gap when none reaches the threshold (empty if nothing scored > 0).
    check_first : tuple of str
        Provider gaps linked (:data:`DIMENSION_LINKS`) to the customer's most negative
        dimension; empty without a customer gap.
    threshold : float
        The priority threshold used.
    """

    gaps: pd.DataFrame
    levers: pd.DataFrame
    customer: pd.DataFrame | None
    focus: tuple[str, ...]
    check_first: tuple[str, ...]
    threshold: float

    @property
    def customer_overall(self) -> float | None:
        """The overall customer gap (SERVQUAL score), or ``None``."""
        return None if self.customer is None else self.customer.attrs.get("overall")


def diagnose(
    evidence: Mapping[str, int | float | None],
    customer: pd.DataFrame | Mapping[str, float] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Diagnosis:
    """Score the four provider gaps from evidence ratings and propose levers.

    A gap's score is the mean evidence of its rated causes on a 0-100 scale:
    ``100 * mean(rating) / 3``. Causes left unrated are left out (never counted as 0).

    Parameters
    ----------
    evidence : mapping
        Cause id -> evidence 0-3 (``None``: not assessed).
    customer : pandas.DataFrame or mapping, optional
        SERVQUAL result for the customer gap (see :func:`customer_gap`).
    threshold : float, default 50
        Score from which a provider gap is a priority.

    Returns
    -------
    Diagnosis
        Scores, focus gaps, levers and the customer gap.

    Raises
    ------
    CXError
        Invalid evidence (see :func:`validate_evidence`) or customer gap.
    """
    import pandas as pd

    ratings = validate_evidence(evidence)
    rows = []
    for gap_id in PROVIDER_GAPS:
        owned = [c.id for c in causes_of(gap_id)]
        rated = [ratings[c] for c in owned if c in ratings]
        score_value = 100 * sum(rated) / (EVIDENCE_MAX * len(rated)) if rated else math.nan
        rows.append({"gap": gap_id, "number": _GAP_BY_ID[gap_id].number, "score": score_value,
                     "rated": len(rated), "causes": len(owned),
                     "strong": sum(1 for r in rated if r >= 2)})
    table = pd.DataFrame(rows).set_index("gap")
    table["rank"] = table["score"].rank(ascending=False, method="min").astype("Int64")
    table["priority"] = table["score"].fillna(-1) >= threshold
    ordered = table.dropna(subset=["score"]).sort_values(["score", "number"],
                                                         ascending=[False, True])
    focus = tuple(ordered.index[ordered["priority"]])
    if not focus and len(ordered) and ordered["score"].iloc[0] > 0:
        focus = (ordered.index[0],)
    source_gaps = set(focus) if focus else set(PROVIDER_GAPS)
    support: dict[str, dict[str, object]] = {}
    for cause in CAUSES:
        rating = ratings.get(cause.id)
        if rating is None or rating < 2 or cause.gap not in source_gaps:
            continue
        for lever_id in cause.levers:
            entry = support.setdefault(lever_id, {"support": 0, "causes": [], "gaps": []})
            entry["support"] += rating
            entry["causes"].append(cause.id)
            if cause.gap not in entry["gaps"]:
                entry["gaps"].append(cause.gap)
    lever_order = [lv.id for lv in LEVERS]
    levers = pd.DataFrame(
        [{"lever": k, **v} for k, v in support.items()],
        columns=["lever", "support", "causes", "gaps"],
    ).set_index("lever")
    if len(levers):
        levers["order"] = [lever_order.index(k) for k in levers.index]
        levers = levers.sort_values(["support", "order"], ascending=[False, True]).drop(
            columns="order")
    levers["support"] = levers["support"].astype("int64")
    customer_table = None if customer is None else customer_gap(customer)
    check_first: tuple[str, ...] = ()
    if customer_table is not None:
        known = customer_table["gap"].dropna()
        if len(known) and known.min() < 0:
            check_first = DIMENSION_LINKS[known.idxmin()]
    return Diagnosis(gaps=table, levers=levers, customer=customer_table, focus=focus,
                     check_first=check_first, threshold=float(threshold))



# --------------------------------------------------------------------------- the workbook

CLASSIFY_SECTION = "07/classify"
"""Workbook section of exercise 1 (``{"answers": {failure id: 1-4}, "solution": bool, ...}``)."""

DIAGNOSIS_SECTION = "07/diagnosis"
"""Workbook section of exercise 2 (case, own text, evidence per case, actions)."""

CASES: tuple[str, ...] = ("sample", "own")
"""What the diagnosis is about: the course's sample case or the learner's own service."""


def stored_answers(value: Any) -> dict[str, int]:
    """The valid classification answers of a stored ``07/classify`` value (others left out)."""
    answers = value.get("answers") if isinstance(value, Mapping) else None
    if not isinstance(answers, Mapping):
        return {}
    known = {f.id for f in FAILURES}
    return {
        k: v for k, v in answers.items()
        if k in known and isinstance(v, int) and not isinstance(v, bool) and v in (1, 2, 3, 4)
    }


def stored_evidence(ratings: Any) -> dict[str, int]:
    """The valid ratings of a stored ``{cause id: 0-3}`` (others left out)."""
    if not isinstance(ratings, Mapping):
        return {}
    return {
        k: v for k, v in ratings.items()
        if k in _CAUSE_BY_ID and isinstance(v, int) and not isinstance(v, bool)
        and EVIDENCE_MIN <= v <= EVIDENCE_MAX
    }


def customer_source(sections: Mapping[str, Any]) -> tuple[pd.DataFrame | None, str]:
    """The customer gap's SERVQUAL result and where it comes from.

    Parameters
    ----------
    sections : mapping
        The workbook's sections (``workbook.sections()`` or a document's ``"sections"``).

    Returns
    -------
    tuple
        ``(scores, "learner")`` from the learner's lecture-02 questionnaire
        (:func:`cxwidgets.servqual.learner_scores`), else ``(scores, "sample")`` from
        lecture 02's sample survey, or ``(None, "none")`` when neither is available.
    """
    from . import servqual

    scores = servqual.learner_scores(sections)
    if scores is not None:
        return scores, "learner"
    try:
        return servqual.sample_scores(), "sample"
    except (CXError, OSError):
        return None, "none"
