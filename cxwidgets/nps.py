"""NPS, CSAT and CES with honest uncertainty (lecture 08).

Definitions (see ``../shared/CX-REFERENCE.md``):

* **NPS** (Reichheld 2003): 0-10 likelihood to recommend; promoters 9-10, passives 7-8,
  detractors 0-6; NPS = 100 (p - d) with p, d the promoter and detractor shares.
  Standard error in points ``se = 100 sqrt((p + d - (p - d)^2) / n)``, 95% margin
  ``moe = 1.96 se``. Two independent groups: ``z = (NPS_a - NPS_b) / sqrt(se_a^2 + se_b^2)``,
  two-sided normal p; many segments: Holm's correction. Sample size for a margin ``E`` points:
  ``n = 1.96^2 (p + d - (p - d)^2) / (E / 100)^2``.
* **CSAT**: share of top-two-box answers (4-5 of 5) with a Wilson interval.
* **CES** (Dixon, Freeman & Toman 2010): mean of 1-7 answers, with a t interval.

Results hold numbers and codes only (no labels). The distribution functions come from
``scipy.special``, imported inside the functions that need them (``scipy.stats`` and
statsmodels would cost each page kernel far more; the tests check the results agree).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import CXError

if TYPE_CHECKING:
    import pandas as pd

Z95 = 1.959963984540054
#: Below this many answers the adjusted-Wald interval is shown as well.
SMALL_SAMPLE = 100
#: A segment with fewer answers is flagged "too small to say anything" (margin > ~±20 points).
SMALL_SEGMENT = 30
#: Questions of the survey (codes) and their scales.
RECOMMEND = "recommend"
CSAT = "csat"
CES = "ces"
COMMENT = "comment"
SEGMENTS: tuple[str, ...] = ("tenure", "tier")
SCORE_SECTION = "08/score"
SCALES: dict[str, tuple[int, int]] = {RECOMMEND: (0, 10), CSAT: (1, 5), CES: (1, 7)}
TOUCHPOINT_SCALE = (1, 5)
TOUCHPOINT_PREFIX = "csat_"
LONG_COLUMNS = ("respondent", "question", "answer")
#: Natural order of the running case's segment codes (as in ``widgets.common.SEGMENT_ORDER``).
ORDER: dict[str, tuple[str, ...]] = {
    "tenure": ("2y+", "1y", "6m", "3m"),
    "tier": ("high_value", "senior", "young", "business"),
}


# --------------------------------------------------------------------------- answers
def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def clean_answers(answers: Any, low: int, high: int) -> np.ndarray:
    """Whole-number answers on ``low..high`` as an int array, missing values left out.

    Parameters
    ----------
    answers : list, array or Series
        The answers; ``None``/NaN are missing; integral floats (``9.0``) are accepted.
    low, high : int
        The scale.

    Raises
    ------
    CXError
        ``nps.error.value`` naming the first bad value and its position (1-based).
    """
    values = list(answers.tolist() if hasattr(answers, "tolist") else answers)
    kept: list[int] = []
    for position, value in enumerate(values, start=1):
        if _is_missing(value):
            continue
        number = _whole(value)
        if number is None or not low <= number <= high:
            raise CXError("nps.error.value", value=repr(value), position=position, low=low, high=high)
        kept.append(number)
    return np.asarray(kept, dtype=int)


def _whole(value: Any) -> int | None:
    if isinstance(value, bool | np.bool_ | str | bytes):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or not number.is_integer():
        return None
    return int(number)


# --------------------------------------------------------------------------- NPS
class _Readable:
    """Results read as objects (``r.nps``) or as mappings (``r["nps"]``)."""

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)


@dataclass(frozen=True)
class NPSScore(_Readable):
    """The NPS of a set of answers, in points (-100..100), with its uncertainty.

    Attributes
    ----------
    nps, se, moe : float
        Score, standard error and 95% margin of error, all in points.
    n, promoters, passives, detractors : int
        Counts.
    """

    nps: float
    n: int
    promoters: int
    passives: int
    detractors: int
    se: float
    moe: float

    @property
    def low(self) -> float:
        """Lower end of the 95% interval (not below -100)."""
        return max(-100.0, self.nps - self.moe)

    @property
    def high(self) -> float:
        """Upper end of the 95% interval (not above 100)."""
        return min(100.0, self.nps + self.moe)

    def to_dict(self) -> dict[str, Any]:
        """The fields plus the interval, and the adjusted-Wald interval (for small samples)."""
        adjusted = adjusted_interval(self.promoters, self.detractors, self.n)
        return {**asdict(self), "low": self.low, "high": self.high,
                "adjusted_low": adjusted[0], "adjusted_high": adjusted[1]}


def score(answers: Any) -> NPSScore:
    """The NPS of 0-10 answers with its standard error and 95% margin (points).

    ``se = 100 sqrt((p + d - (p - d)^2) / n)``, ``moe = 1.96 se`` (CX-REFERENCE).
    Raises CXError (a ValueError) for a value that is not a whole number in 0..10
    (``nps.error.value``) and when no answer is left (``nps.error.empty``).
    """
    values = clean_answers(answers, 0, 10)
    n = int(values.size)
    if n == 0:
        raise CXError("nps.error.empty")
    promoters = int((values >= 9).sum())
    detractors = int((values <= 6).sum())
    p, d = promoters / n, detractors / n
    se = 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    return NPSScore(
        nps=100 * (p - d), n=n, promoters=promoters, passives=n - promoters - detractors,
        detractors=detractors, se=se, moe=Z95 * se,
    )


def adjusted_interval(promoters: int, detractors: int, n: int) -> tuple[float, float]:
    """95% adjusted-Wald interval of NPS in points (Rocks 2016, The American Statistician 70(4)).

    Adds 3 to ``n`` and 3/4 to promoters and detractors, then the usual margin; better
    coverage than :func:`score`'s interval for small ``n``. Clipped to -100..100.
    """
    if n <= 0:
        raise CXError("nps.error.empty")
    size = n + 3
    p, d = (promoters + 0.75) / size, (detractors + 0.75) / size
    centre = 100 * (p - d)
    margin = Z95 * 100 * math.sqrt((p + d - (p - d) ** 2) / size)
    return max(-100.0, centre - margin), min(100.0, centre + margin)


@dataclass(frozen=True)
class NPSComparison(_Readable):
    """Two independent groups' NPS compared (``difference`` = a - b, in points)."""

    difference: float
    z: float
    p: float
    se: float
    a: NPSScore
    b: NPSScore


def _normal_p(z: float) -> float:
    from scipy.special import ndtr  # the normal CDF; scipy.stats would cost the page ~40 MB more

    return float(2 * ndtr(-abs(z)))


def compare(a: Any, b: Any) -> NPSComparison:
    """Two independent answer sets: difference, ``z = (NPS_a - NPS_b) / sqrt(se_a² + se_b²)``
    and the two-sided normal ``p``.

    When both standard errors are 0 (every answer of each group in one class) ``z`` is 0
    with ``p = 1`` for equal scores and ±inf with ``p = 0`` otherwise.
    """
    first = a if isinstance(a, NPSScore) else score(a)
    second = b if isinstance(b, NPSScore) else score(b)
    difference = first.nps - second.nps
    se = math.sqrt(first.se**2 + second.se**2)
    if se == 0:
        z = 0.0 if difference == 0 else math.copysign(math.inf, difference)
        p = 1.0 if difference == 0 else 0.0
    else:
        z = difference / se
        p = _normal_p(z)
    return NPSComparison(difference=difference, z=z, p=p, se=se, a=first, b=second)


def sample_size(margin: float, promoters: float = 0.4, detractors: float = 0.2) -> int:
    """Answers needed for a 95% margin of ``margin`` NPS points at the given shares.

    ``n = 1.96^2 (p + d - (p - d)^2) / (margin / 100)^2``, rounded up.
    """
    if not 0 < margin <= 100:
        raise CXError("nps.error.margin", value=margin)
    if promoters < 0 or detractors < 0 or promoters + detractors > 1:
        raise CXError("nps.error.shares")
    variance = promoters + detractors - (promoters - detractors) ** 2
    return max(1, math.ceil(Z95**2 * variance / (margin / 100) ** 2 - 1e-9))


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values (Holm 1979), in the order given.

    Sorted ascending, the i-th smallest of m p-values becomes ``(m - i + 1) * p``, kept at least
    as large as the one before it and at most 1 (what statsmodels' ``multipletests(method="holm")``
    returns; ``tests/unit/test_nps.py`` checks the two agree).
    """
    count = len(pvalues)
    order = sorted(range(count), key=lambda index: pvalues[index])
    adjusted = [0.0] * count
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (count - rank) * float(pvalues[index])))
        adjusted[index] = running
    return adjusted


# --------------------------------------------------------------------------- CSAT, CES
@dataclass(frozen=True)
class Share(_Readable):
    """A top-two-box share with its 95% Wilson interval."""

    share: float
    n: int
    hits: int
    low: float
    high: float


def wilson(hits: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval of ``hits`` out of ``n`` (Wilson 1927):
    ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)``, as scipy's
    ``binomtest(...).proportion_ci(method="wilson")`` (checked in the tests)."""
    if n <= 0:
        raise CXError("nps.error.empty")
    share, z2 = hits / n, Z95**2
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def csat(answers: Any, scale: int = 5) -> Share:
    """CSAT: share of the top two boxes (``scale - 1`` and ``scale``) with a Wilson interval."""
    values = clean_answers(answers, 1, scale)
    if values.size == 0:
        raise CXError("nps.error.empty")
    hits = int((values >= scale - 1).sum())
    low, high = wilson(hits, int(values.size))
    return Share(share=hits / values.size, n=int(values.size), hits=hits, low=low, high=high)


@dataclass(frozen=True)
class Mean(_Readable):
    """A mean with its 95% t interval."""

    mean: float
    n: int
    sd: float
    low: float
    high: float


def ces(answers: Any, scale: int = 7) -> Mean:
    """CES: mean of ``1..scale`` answers with a 95% t interval (none for a single answer)."""
    values = clean_answers(answers, 1, scale).astype(float)
    n = int(values.size)
    if n == 0:
        raise CXError("nps.error.empty")
    mean = float(values.mean())
    if n < 2:
        return Mean(mean=mean, n=n, sd=math.nan, low=math.nan, high=math.nan)
    from scipy.special import stdtrit  # Student's t quantile, without scipy.stats

    sd = float(values.std(ddof=1))
    half = float(stdtrit(n - 1, 0.975)) * sd / math.sqrt(n)
    return Mean(mean=mean, n=n, sd=sd, low=mean - half, high=mean + half)


def distribution(answers: Any) -> list[int]:
    """Counts of each answer 0..10 (eleven numbers)."""
    values = clean_answers(answers, 0, 10)
    return np.bincount(values, minlength=11).tolist()


# --------------------------------------------------------------------------- segments
def segment_table(frame: pd.DataFrame, column: str) -> list[dict[str, Any]]:
    """Each segment of ``column`` against the rest of the data, Holm-corrected.

    Returns one row per segment (in the data's natural order): ``segment``, ``n``, ``nps``,
    ``moe``, ``difference`` (segment minus the rest), ``z``, ``p``, ``p_holm``,
    ``small`` (fewer than :data:`SMALL_SEGMENT` answers: the margin is too wide to say
    anything) and ``significant`` (Holm-adjusted p below 0.05, not small).
    """
    values = segment_order(column, frame[column].dropna().astype(str).unique())
    rows: list[dict[str, Any]] = []
    for value in values:
        inside = frame[frame[column].astype(str) == value][RECOMMEND]
        rest = frame[frame[column].astype(str) != value][RECOMMEND]
        seg = score(inside)
        if rest.dropna().empty:
            rows.append({"segment": value, "n": seg.n, "nps": seg.nps, "moe": seg.moe,
                         "difference": math.nan, "z": math.nan, "p": math.nan})
            continue
        test = compare(seg, score(rest))
        rows.append({"segment": value, "n": seg.n, "nps": seg.nps, "moe": seg.moe,
                     "difference": test.difference, "z": test.z, "p": test.p})
    tested = [i for i, row in enumerate(rows) if not math.isnan(row["p"])]
    adjusted = holm([rows[i]["p"] for i in tested])
    for row in rows:
        row["p_holm"] = math.nan
    for i, p in zip(tested, adjusted, strict=True):
        rows[i]["p_holm"] = p
    for row in rows:
        row["small"] = row["n"] < SMALL_SEGMENT
        row["significant"] = bool(row["p_holm"] < 0.05) and not row["small"]
    return rows


def compare_segments(frame: pd.DataFrame, column: str, a: str, b: str) -> NPSComparison:
    """NPS of segment ``a`` against segment ``b`` of ``column`` (z test)."""
    answers = frame[RECOMMEND]
    codes = frame[column].astype(str)
    return compare(answers[codes == a], answers[codes == b])


# --------------------------------------------------------------------------- survey files
def touchpoint_columns(frame: pd.DataFrame) -> list[str]:
    """The ``csat_<touchpoint>`` columns of a survey, in file order."""
    return [c for c in frame.columns if str(c).startswith(TOUCHPOINT_PREFIX)]


def _from_long(frame: pd.DataFrame) -> pd.DataFrame:
    """A long table (respondent, question, answer [, segments]) as one row per respondent."""
    from .tables import require_columns

    frame = require_columns(frame, LONG_COLUMNS, optional=SEGMENTS)
    question = frame["question"].astype("string").str.strip().str.lower()
    known = question.isin([*SCALES, COMMENT]) | question.str.startswith(TOUCHPOINT_PREFIX)
    if (~known.fillna(False)).any():
        bad = sorted({str(q) for q in question[~known.fillna(False)]})
        raise CXError("nps.error.question", questions=", ".join(bad[:8]))
    long = frame.assign(question=question)
    _check_long_answers(long)
    if long.duplicated(["respondent", "question"]).any():
        raise CXError("nps.error.duplicate")
    wide = long.pivot(index="respondent", columns="question", values="answer").reset_index()
    wide.columns.name = None
    for column in SEGMENTS:
        if column in long.columns:
            first = long.groupby("respondent", sort=False)[column].first()
            wide[column] = wide["respondent"].map(first)
    return wide


def _check_long_answers(long: pd.DataFrame) -> None:
    """Refuse a long table's score outside its question's scale, naming the file's rows."""
    import pandas as pd

    from .tables import rows_text

    text = long["answer"].astype("string").str.strip()
    blank = text.isna() | (text == "")
    numbers = pd.to_numeric(text.where(~blank), errors="coerce")
    for question in long["question"].dropna().unique():
        if question == COMMENT:
            continue
        low, high = SCALES.get(question, TOUCHPOINT_SCALE)
        asked = (long["question"] == question) & ~blank
        bad = asked & (numbers.isna() | (numbers % 1 != 0) | (numbers < low) | (numbers > high))
        if bad.any():
            raise CXError("nps.error.range", column=question, low=low, high=high,
                          rows=rows_text(np.flatnonzero(bad.to_numpy())))


def validate_survey(frame: pd.DataFrame) -> pd.DataFrame:
    """Check an uploaded or given survey table and clean it (one row per respondent).

    Accepts the long layout (``respondent, question, answer`` plus optional ``tenure``,
    ``tier``; questions ``recommend``, ``csat``, ``ces``, ``csat_<touchpoint>``,
    ``comment``) and the wide layout with those question codes as columns. Blank answers
    are kept as missing; a score outside its scale is refused with its row, and so is a
    respondent id on two rows of the wide layout (``tables.error.duplicate_respondent``).
    """
    from .tables import require_columns, rows_text

    if frame is None or len(frame) == 0:
        raise CXError("nps.error.no_rows")
    lower = {str(c).strip().lower() for c in frame.columns}
    long_layout = {"question", "answer"} <= lower
    wide = _from_long(frame) if long_layout else frame
    optional = [*SEGMENTS, "respondent", CSAT, CES, COMMENT]
    wide = require_columns(wide, [RECOMMEND], optional=optional)
    keep = [c for c in ["respondent", *SEGMENTS, RECOMMEND, CSAT, CES] if c in wide.columns]
    keep += [c for c in wide.columns if str(c).lower().startswith(TOUCHPOINT_PREFIX)]
    clean = wide[keep].copy()
    for column in clean.columns:
        if column in ("respondent", *SEGMENTS):
            text = clean[column].astype("string").str.strip()
            clean[column] = text.fillna("").astype(object)
            continue
        low, high = SCALES.get(column, TOUCHPOINT_SCALE)
        clean[column] = _scores(clean[column], column, low, high, rows_text)
    if clean[RECOMMEND].isna().all():
        raise CXError("nps.error.no_recommend")
    if COMMENT in wide.columns:
        text = wide[COMMENT].astype("string").fillna("").str.strip()
        clean[COMMENT] = text.astype(object)
    else:
        clean[COMMENT] = ""
    if "respondent" not in clean.columns:
        clean.insert(0, "respondent", [str(i) for i in range(1, len(clean) + 1)])
    elif not long_layout:
        _refuse_repeated_respondents(clean["respondent"], rows_text)
    return clean.reset_index(drop=True)


def _refuse_repeated_respondents(respondent: pd.Series, rows_text: Any) -> None:
    """Refuse a wide table where one respondent id is on several rows (rows named).

    Rows without an id are not compared.
    """
    repeated = (respondent.duplicated(keep=False) & (respondent != "")).to_numpy()
    if repeated.any():
        positions = np.flatnonzero(repeated)
        raise CXError(
            "tables.error.duplicate_respondent",
            respondent=str(respondent.iloc[int(positions[0])]),
            rows=rows_text(positions),
        )


def segment_order(column: str, values: Iterable[Any]) -> list[str]:
    """Distinct segment codes in the running case's order (tenure longest first), others after."""
    distinct = {str(v) for v in values if not _is_missing(v) and str(v) != ""}
    if column == "tenure_tier":  # crossed codes "3m · senior": tenure first, then tier
        return sorted(distinct, key=lambda v: tuple(
            _rank(part, c) for part, c in zip([*v.split(" · ", 1), ""][:2], ("tenure", "tier"), strict=True)))
    return sorted(distinct, key=lambda v: _rank(v, column))


def _rank(value: str, column: str) -> tuple[int, str]:
    order = ORDER.get(column, ())
    return (order.index(value) if value in order else len(order), value)


def _scores(values: pd.Series, column: str, low: int, high: int, rows_text: Any) -> pd.Series:
    import pandas as pd

    text = values.astype("string").str.strip()
    blank = text.isna() | (text == "")
    numbers = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = (~blank) & (numbers.isna() | (numbers % 1 != 0) | (numbers < low) | (numbers > high))
    if bad.any():
        raise CXError(
            "nps.error.range", column=column, low=low, high=high,
            rows=rows_text(np.flatnonzero(bad.to_numpy())),
        )
    return numbers.astype("Float64").round().astype("Int64")


def sample_survey() -> pd.DataFrame:
    """The course's sample survey (``data/nps_survey.csv``), validated; cached."""
    global _SAMPLE
    if _SAMPLE is None:
        from . import datasets

        _SAMPLE = validate_survey(datasets.read_csv("nps_survey.csv", dtype={"comment": str}))
    return _SAMPLE.copy()


_SAMPLE: pd.DataFrame | None = None


def summary(frame: pd.DataFrame) -> dict[str, Any]:
    """Exercise 1's numbers for a (filtered) survey: NPS, distribution, CSAT and CES.

    CSAT/CES are ``None`` when the data hold no such answers.
    """
    result: dict[str, Any] = {
        "nps": score(frame[RECOMMEND]).to_dict(),
        "distribution": distribution(frame[RECOMMEND]),
        "csat": None,
        "ces": None,
    }
    if CSAT in frame.columns and frame[CSAT].notna().any():
        result["csat"] = asdict(csat(frame[CSAT]))
    if CES in frame.columns and frame[CES].notna().any():
        result["ces"] = asdict(ces(frame[CES]))
    return result


def shares(mapping: Mapping[str, Any]) -> tuple[float, float]:
    """Promoter and detractor shares of a stored NPS result."""
    n = mapping.get("n") or 0
    if not n:
        return 0.0, 0.0
    return mapping["promoters"] / n, mapping["detractors"] / n


def answers_of(values: Iterable[Any]) -> list[int]:
    """Answers as a plain list (JSON), missing values left out."""
    return clean_answers(list(values), 0, 10).tolist()


# --------------------------------------------------------------------------- data of the lecture
def learner_survey(sections: Mapping[str, Any] | None) -> tuple[pd.DataFrame, str]:
    """The survey exercise 1 shows: the learner's kept upload of ``08/score``, else the sample.

    Returns ``(frame, "upload" | "sample")``; an unusable stored upload gives the sample.
    """
    try:
        value = sections[SCORE_SECTION]["value"]  # type: ignore[index]
        upload = value.get("upload") if value.get("source") == "upload" else None
        if isinstance(upload, dict) and upload.get("rows") is not None:
            import pandas as pd

            frame = pd.DataFrame(upload["rows"], columns=upload["columns"])
            return validate_survey(frame), "upload"
    except (KeyError, TypeError, AttributeError, ValueError):
        pass
    return sample_survey(), "sample"


#: Precision levels of the measurement plan: NPS points, CSAT percentage points, CES points.
PRECISION: dict[str, dict[str, float]] = {
    "coarse": {"nps": 10.0, "csat": 10.0, "ces": 0.3},
    "medium": {"nps": 5.0, "csat": 5.0, "ces": 0.2},
    "fine": {"nps": 3.0, "csat": 3.0, "ces": 0.1},
}
METRICS: tuple[str, ...] = ("nps", "csat", "ces")


@cache
def design_content() -> dict[str, Any]:
    """The course's measurement advice (``content/nps.json``, ``design``)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent / "content" / "nps.json"
    return json.loads(path.read_text(encoding="utf-8"))["design"]


def answers_needed(metric: str, precision: str, reference: Mapping[str, float]) -> int:
    """Answers for a 95% margin of the chosen precision, at the reference survey's spread.

    ``reference``: ``promoters``/``detractors`` shares, ``csat`` share, ``ces_sd``.
    NPS: :func:`sample_size`; CSAT: ``1.96² p (1 - p) / E²``; CES: ``(1.96 sd / E)²``.
    """
    margin = PRECISION[precision][metric]
    if metric == "nps":
        return sample_size(margin, reference["promoters"], reference["detractors"])
    if metric == "csat":
        p = reference["csat"]
        return max(1, math.ceil(Z95**2 * p * (1 - p) / (margin / 100) ** 2 - 1e-9))
    return max(1, math.ceil((Z95 * reference["ces_sd"] / margin) ** 2 - 1e-9))


def reference_spread(frame: pd.DataFrame) -> dict[str, float]:
    """Shares and spread of a survey used by :func:`answers_needed`."""
    s = score(frame[RECOMMEND])
    return {
        "promoters": s.promoters / s.n,
        "detractors": s.detractors / s.n,
        "csat": csat(frame[CSAT]).share if CSAT in frame else 0.75,
        "ces_sd": ces(frame[CES]).sd if CES in frame else 1.0,
    }


def plan(choices: Mapping[str, str], precision: str, reference: Mapping[str, float]) -> list[dict[str, Any]]:
    """The learner's measurement plan: one row per touchpoint with a metric chosen.

    Each row: ``touchpoint``, ``metric``, ``answers`` (needed), ``fits`` (the course's
    advice agrees) and ``hint`` (catalogue key explaining the advice).
    """
    fit = design_content()["fit"]
    rows = []
    for tp in design_content()["touchpoints"]:
        metric = choices.get(tp)
        if metric not in METRICS:
            continue
        fits = fit.get(tp) == metric
        rows.append({"touchpoint": tp, "metric": metric, "fits": fits,
                     "answers": answers_needed(metric, precision, reference),
                     "hint": f"nps.design.hint.{tp}"})
    return rows
