"""KANO needs analysis (Kano et al. 1984; evaluation table after Berger et al. 1993).

Each feature gets a question pair: *functional* ("if the service has it, how do
you feel?") and *dysfunctional* ("if it does not?"), each answered

    1 = 喜欢 like · 2 = 理应如此 must-be · 3 = 无所谓 neutral ·
    4 = 能忍受 live with · 5 = 不喜欢 dislike

and the pair maps to a category through the evaluation table :data:`TABLE`:
A attractive, O one-dimensional, M must-be, I indifferent, R reverse,
Q questionable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import CXError

if TYPE_CHECKING:
    import pandas as pd

#: Category codes, in the column order of :func:`summarize`.
CATEGORIES: tuple[str, ...] = ("A", "O", "M", "I", "R", "Q")
#: Tie-break preference for the winning category: fix the basics first.
PRIORITY: tuple[str, ...] = ("M", "O", "A", "I", "R", "Q")
REQUIRED_COLUMNS: tuple[str, ...] = ("respondent", "feature", "functional", "dysfunctional")
#: Segment columns of the sample survey.
SAMPLE_SEGMENTS: tuple[str, ...] = ("tenure", "tier")

#: Evaluation table: rows = functional answer 1..5, columns = dysfunctional answer 1..5.
TABLE: tuple[str, ...] = (
    "QAAAO",
    "RIIIM",
    "RIIIM",
    "RIIIM",
    "RRRRQ",
)

#: Words accepted for each answer code in uploaded files (besides the digits).
# i18n: input vocabulary
ANSWER_LABELS: dict[int, tuple[str, ...]] = {
    1: ("我很喜欢", "喜欢", "like", "i like it"),
    2: ("理应如此", "必须如此", "应该的", "must-be", "must be", "expect it", "i expect it"),
    3: ("无所谓", "中立", "neutral", "i am neutral"),
    4: ("能忍受", "可以忍受", "live with", "i can live with it", "tolerate"),
    5: ("我很不喜欢", "不喜欢", "dislike", "i dislike it"),
}
# i18n: end

# Lookup of category index (into CATEGORIES) by 6*functional + dysfunctional; -1 = invalid.
_CODE_INDEX = np.full(36, -1, dtype=np.int8)
for _f, _row in enumerate(TABLE, start=1):
    for _d, _cat in enumerate(_row, start=1):
        _CODE_INDEX[6 * _f + _d] = CATEGORIES.index(_cat)
_CATEGORY_ARRAY = np.array(CATEGORIES, dtype=object)
# Column order that makes argmax honour PRIORITY on ties.
_PRIORITY_ORDER = np.array([CATEGORIES.index(c) for c in PRIORITY])
_LABEL_TO_CODE = {
    word.casefold(): code for code, words in ANSWER_LABELS.items() for word in words
} | {str(code): code for code in ANSWER_LABELS}


@lru_cache(maxsize=1)
def _feature_codes() -> tuple[str, ...]:
    import csv

    from . import datasets

    # Read with the standard library: the questionnaire at the top of lecture 03 needs only
    # these codes, and pandas costs a page ~0.2-0.4 s before it is interactive.
    with datasets.path("kano_features.csv").open(encoding="utf-8-sig", newline="") as handle:
        return tuple(row["feature"].strip() for row in csv.DictReader(handle))


def feature_codes() -> list[str]:
    """The course's feature codes (``data/kano_features.csv``), in their order.

    The sample survey asks about these features and exercise 1 starts from them; their
    names are the catalogue entries ``kano.feature.<code>``.
    """
    return list(_feature_codes())


@lru_cache(maxsize=1)
def sample_survey() -> pd.DataFrame:
    """The sample survey (``data/kano_survey.csv``), validated; cached, do not modify."""
    from . import datasets

    return validate_responses(datasets.read_csv("kano_survey.csv", dtype=str), SAMPLE_SEGMENTS)


def _answer_array(values: Any, which: str) -> np.ndarray:
    """Validate answers (1..5) and return them as an int64 array."""
    array = np.asarray(values)
    if array.dtype.kind in "iu":
        bad = (array < 1) | (array > 5)
    elif array.dtype.kind == "f":
        bad = ~np.isin(array, (1.0, 2.0, 3.0, 4.0, 5.0))
    elif array.dtype.kind == "b":
        bad = np.ones(array.shape, dtype=bool)
    else:
        mapped = np.array(
            [_LABEL_TO_CODE.get(str(v).strip().casefold(), 0) for v in array.ravel()],
            dtype=np.int64,
        ).reshape(array.shape)
        bad = mapped == 0
        array = mapped
    if bad.any():
        position = int(np.flatnonzero(bad.ravel())[0])
        value = np.asarray(values).ravel()[position]
        value = value.item() if hasattr(value, "item") else value
        raise CXError("kano.error.answer", which=which, value=repr(value), position=position)
    return array.astype(np.int64, copy=False)


def classify(functional: Any, dysfunctional: Any) -> Any:
    """Classify answer pairs by the Kano evaluation table.

    Parameters
    ----------
    functional, dysfunctional : int, str or array-like
        Answer codes 1..5 (1 like, 2 must-be, 3 neutral, 4 live with,
        5 dislike), or their Chinese/English labels. Array-likes of equal
        shape are classified element-wise.

    Returns
    -------
    str or numpy.ndarray
        ``"A"``, ``"O"``, ``"M"``, ``"I"``, ``"R"`` or ``"Q"`` (an object array
        for array input).

    Raises
    ------
    ValueError
        An answer that is not 1..5 or a known label; the message names the
        value and its position.

    Examples
    --------
    >>> classify(1, 5)
    'O'
    >>> list(classify([2, 1], [5, 3]))
    ['M', 'A']
    """
    scalar = np.ndim(functional) == 0 and np.ndim(dysfunctional) == 0
    f = _answer_array(functional, "functional")
    d = _answer_array(dysfunctional, "dysfunctional")
    if f.shape != d.shape:
        raise CXError("kano.error.shape", f=f.shape, d=d.shape)
    result = _CATEGORY_ARRAY[_CODE_INDEX[6 * f + d]]
    return str(result) if scalar else result


def category_index(functional: np.ndarray, dysfunctional: np.ndarray) -> np.ndarray:
    """Category positions (into :data:`CATEGORIES`) of validated integer answer arrays."""
    return _CODE_INDEX[6 * functional + dysfunctional]


def to_codes(column: pd.Series, name: str) -> pd.Series:
    """Convert a column of answers (digits or labels) to integer codes 1..5.

    Raises
    ------
    CXError
        Listing the spreadsheet rows with blank or unknown answers.
    """
    import pandas as pd

    from .tables import rows_text

    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        numeric = column.astype("float64")
    else:
        text = column.astype("string").str.strip().str.casefold()
        numeric = text.map(_LABEL_TO_CODE, na_action="ignore").astype("float64")
        numeric = numeric.where(text.notna() & (text != ""), np.nan)
        unknown = text.notna() & (text != "") & numeric.isna()
        numeric[unknown] = -1
    blank = numeric.isna().to_numpy()
    if blank.any():
        raise CXError("kano.error.blank", column=name, rows=rows_text(np.flatnonzero(blank)))
    values = numeric.to_numpy()
    bad = ~np.isin(values, (1.0, 2.0, 3.0, 4.0, 5.0))
    if bad.any():
        positions = np.flatnonzero(bad)
        example = column.iloc[int(positions[0])]
        raise CXError(
            "kano.error.range", column=name, rows=rows_text(positions), value=str(example)
        )
    return pd.Series(values.astype(np.int8), index=column.index, name=column.name)


def validate_responses(frame: pd.DataFrame, segments: Iterable[str] = ()) -> pd.DataFrame:
    """Check an uploaded or given long table of KANO answers and clean it.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``respondent``, ``feature``, ``functional``, ``dysfunctional``
        (any case), plus optional segment columns.
    segments : iterable of str
        Segment columns to keep if present (e.g. ``("tenure", "tier")``).

    Returns
    -------
    pandas.DataFrame
        Answers as ``int8`` codes, features as stripped strings.

    Raises
    ------
    CXError
        Missing columns, blank or unknown answers or features (``kano.error.blank``,
        ``kano.error.range``), or one respondent answering one feature twice
        (``tables.error.duplicate_feature``); the message names the spreadsheet rows.
    """
    from .tables import require_columns, rows_text

    frame = require_columns(frame, REQUIRED_COLUMNS, optional=segments)
    keep = list(REQUIRED_COLUMNS) + [c for c in segments if c in frame.columns]
    clean = frame[keep].copy()
    feature = clean["feature"].astype("string").str.strip()
    blank = (feature.isna() | (feature == "")).to_numpy()
    if blank.any():
        raise CXError("kano.error.blank", column="feature", rows=rows_text(np.flatnonzero(blank)))
    clean["feature"] = feature.astype(object)
    clean["functional"] = to_codes(clean["functional"], "functional")
    clean["dysfunctional"] = to_codes(clean["dysfunctional"], "dysfunctional")
    _refuse_repeated_answers(clean)
    return clean.reset_index(drop=True)


def _refuse_repeated_answers(clean: pd.DataFrame) -> None:
    """Refuse a respondent who answers the same feature on two rows (rows named).

    Rows without a respondent id are not compared (they count as different people).

    Raises
    ------
    CXError
        ``tables.error.duplicate_feature`` with the first such respondent and feature and
        the spreadsheet rows of all repeated answers.
    """
    from .tables import rows_text

    respondent = clean["respondent"].astype("string").str.strip()
    pairs = clean.assign(_respondent=respondent)[["_respondent", "feature"]]
    repeated = (pairs.duplicated(keep=False) & respondent.notna() & (respondent != "")).to_numpy()
    if repeated.any():
        positions = np.flatnonzero(repeated)
        first = pairs.iloc[int(positions[0])]
        raise CXError(
            "tables.error.duplicate_feature",
            respondent=str(first["_respondent"]),
            feature=str(first["feature"]),
            rows=rows_text(positions),
        )


def fong_significant(a: Any, b: Any, n: Any) -> Any:
    """Fong's (1996) test that the top category count ``a`` beats the second ``b``.

    True when ``|a - b| >= 1.65 * sqrt((a + b) * (2n - a - b) / (2n))``.
    Works element-wise on arrays; ``n = 0`` gives False.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        threshold = 1.65 * np.sqrt((a + b) * (2 * n - a - b) / (2 * n))
        result = (np.abs(a - b) >= threshold) & (n > 0)
    return bool(result) if result.ndim == 0 else result


def _counts_frame(counts: np.ndarray) -> dict[str, np.ndarray]:
    """Derived columns from an (groups x 6) count matrix in CATEGORIES order."""
    a, o, m, i = counts[:, 0], counts[:, 1], counts[:, 2], counts[:, 3]
    n = counts.sum(axis=1)
    core = a + o + m + i
    with np.errstate(invalid="ignore", divide="ignore"):
        better = np.where(core > 0, (a + o) / core, np.nan)
        worse = np.where(core > 0, -(o + m) / core, np.nan)
    by_priority = counts[:, _PRIORITY_ORDER]
    winner = _PRIORITY_ORDER[np.argmax(by_priority, axis=1)]
    ordered = np.sort(counts, axis=1)
    top, second = ordered[:, -1], ordered[:, -2]
    return {
        "n": n,
        "category": _CATEGORY_ARRAY[winner],
        "better": better,
        "worse": worse,
        "significant": fong_significant(top, second, n) & (n > 0),
    }


def summarize(responses: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Count KANO categories per feature (and segment) with Better-Worse and Fong's test.

    Parameters
    ----------
    responses : pandas.DataFrame
        Long table with columns ``respondent``, ``feature``, ``functional``,
        ``dysfunctional`` (codes 1..5 or labels) and optional segment columns.
    by : str, optional
        A segment column; the result then has one row per feature and value.

    Returns
    -------
    pandas.DataFrame
        Columns ``feature`` (and ``by``), integer counts ``A O M I R Q``,
        ``n`` (all answers), ``category`` (most frequent; ties M > O > A > I > R > Q),
        ``better`` = (A+O)/(A+O+M+I), ``worse`` = -(O+M)/(A+O+M+I), and
        ``significant`` (Fong's test on the two largest counts). Features keep
        their order of first appearance; segment values are sorted.

    Raises
    ------
    ValueError
        Missing columns, blank or invalid answers, an unknown ``by`` column.
    """
    import pandas as pd

    from .tables import require_columns

    if by is not None and by not in responses.columns:
        raise CXError("kano.error.by", column=by, found=", ".join(map(str, responses.columns)))
    frame = require_columns(responses, REQUIRED_COLUMNS)
    functional = _fast_codes(frame["functional"], "functional")
    dysfunctional = _fast_codes(frame["dysfunctional"], "dysfunctional")
    category = category_index(functional, dysfunctional).astype(np.int64)

    feature_codes, features = pd.factorize(frame["feature"], sort=False)
    if (feature_codes < 0).any():
        raise CXError("kano.error.blank", column="feature", rows="?")
    if by is None:
        groups = feature_codes.astype(np.int64)
        n_groups = len(features)
        counts = np.bincount(groups * 6 + category, minlength=n_groups * 6).reshape(n_groups, 6)
        result = {"feature": np.asarray(features, dtype=object)}
    else:
        segment_codes, segments = pd.factorize(frame[by], sort=True)
        valid = segment_codes >= 0
        n_seg = len(segments)
        groups = feature_codes.astype(np.int64) * n_seg + segment_codes
        n_groups = len(features) * n_seg
        counts = np.bincount(
            groups[valid] * 6 + category[valid], minlength=n_groups * 6
        ).reshape(n_groups, 6)
        present = counts.sum(axis=1) > 0
        counts = counts[present]
        feature_index = np.repeat(np.arange(len(features)), n_seg)[present]
        segment_index = np.tile(np.arange(n_seg), len(features))[present]
        result = {
            "feature": np.asarray(features, dtype=object)[feature_index],
            by: np.asarray(segments, dtype=object)[segment_index],
        }
    for position, name in enumerate(CATEGORIES):
        result[name] = counts[:, position].astype(np.int64)
    result.update(_counts_frame(counts))
    return pd.DataFrame(result)


def _fast_codes(column: pd.Series, name: str) -> np.ndarray:
    """Integer codes of an answer column: a fast path for clean integers."""
    values = column.to_numpy()
    if values.dtype.kind in "iu":
        if values.size and (values.min() < 1 or values.max() > 5):
            return _answer_array(values, name)  # raises with the position
        return values.astype(np.int64, copy=False)
    return to_codes(column, name).to_numpy().astype(np.int64)


#: Cochran's rule: a chi-square p-value is unreliable when more than this share of the
#: expected counts is below 5, or when any expected count is below 1.
LOW_EXPECTED_SHARE = 0.2

#: Outcome codes of :func:`compare_verdict`, for two segments' categories and their test.
VERDICTS: tuple[str, ...] = (
    "category_differs",
    "distribution_differs",
    "category_not_significant",
    "no_difference",
    "untestable",
)


def low_expected(expected: np.ndarray) -> bool:
    """Cochran's rule: are the expected counts of a contingency table too small?

    Parameters
    ----------
    expected : numpy.ndarray
        Expected counts under independence (any shape).

    Returns
    -------
    bool
        True when more than 20% of the cells expect fewer than 5 answers or any cell
        fewer than 1 (the chi-square approximation is then unreliable).
    """
    values = np.asarray(expected, dtype=float).ravel()
    if values.size == 0:
        return True
    return bool((values < 1).any() or (values < 5).mean() > LOW_EXPECTED_SHARE)


def compare_segments(
    responses: pd.DataFrame, by: str, features: Sequence[str] | None = None
) -> pd.DataFrame:
    """Chi-square test of independence of the A/O/M/I distribution across segments.

    The test is about the *distribution* of the answers over the four categories, not the
    winning category: two segments can share their category and still answer differently
    (see :func:`compare_verdict`). Categories no segment chose (all-zero columns) are left
    out before testing, so they neither add degrees of freedom nor tiny expected counts.

    Parameters
    ----------
    responses : pandas.DataFrame
        As for :func:`summarize`.
    by : str
        The segment column.
    features : sequence of str, optional
        Restrict to these features.

    Returns
    -------
    pandas.DataFrame
        One row per feature: ``chi2``, ``dof``, ``p_value``, ``min_expected`` and
        ``low_expected`` (Cochran's rule, :func:`low_expected`: the p-value is only
        indicative). Without two segments and two categories to compare, ``p_value`` is NaN
        and ``low_expected`` True.
    """
    import pandas as pd

    from .stats import chi2_independence

    table = summarize(responses, by=by)
    rows = []
    for feature, part in table.groupby("feature", sort=False):
        if features is not None and feature not in features:
            continue
        observed = part[["A", "O", "M", "I"]].to_numpy()
        observed = observed[observed.sum(axis=1) > 0]
        observed = observed[:, observed.sum(axis=0) > 0]
        if observed.shape[0] < 2 or observed.shape[1] < 2:
            rows.append(
                {"feature": feature, "chi2": np.nan, "dof": 0, "p_value": np.nan,
                 "min_expected": np.nan, "low_expected": True}
            )
            continue
        chi2, p_value, dof, expected = chi2_independence(observed)
        rows.append(
            {"feature": feature, "chi2": float(chi2), "dof": int(dof), "p_value": float(p_value),
             "min_expected": float(expected.min()), "low_expected": low_expected(expected)}
        )
    columns = ["feature", "chi2", "dof", "p_value", "min_expected", "low_expected"]
    return pd.DataFrame(rows, columns=columns)


def compare_verdict(
    category_a: str | None, category_b: str | None, p_value: float, alpha: float = 0.05
) -> str:
    """What a segment comparison of one feature allows to say (a code of :data:`VERDICTS`).

    Parameters
    ----------
    category_a, category_b : str or None
        The winning category in each segment (``None``: no answers there).
    p_value : float
        The chi-square p-value of :func:`compare_segments` (NaN: not testable).
    alpha : float
        Significance level.

    Returns
    -------
    str
        ``"category_differs"``: different categories and a significant difference in the
        distribution; ``"distribution_differs"``: the same category, but the answers are
        distributed significantly differently; ``"category_not_significant"``: different
        categories, but the difference may be chance; ``"no_difference"``: the same
        category and no significant difference; ``"untestable"``: a segment without answers
        or no test possible.

    Examples
    --------
    >>> compare_verdict("O", "O", 0.01)
    'distribution_differs'
    >>> compare_verdict("M", "A", 0.2)
    'category_not_significant'
    """
    if category_a is None or category_b is None or p_value != p_value:
        return "untestable"
    significant = p_value < alpha
    if category_a != category_b:
        return "category_differs" if significant else "category_not_significant"
    return "distribution_differs" if significant else "no_difference"
