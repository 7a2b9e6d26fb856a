"""SERVQUAL: the 22-item service-quality questionnaire and its gap scores (lecture 02).

Source: Parasuraman, Zeithaml & Berry (1988), "SERVQUAL: a multiple-item scale
for measuring consumer perceptions of service quality", Journal of Retailing
64(1); item structure as refined in 1991. Each of the 22 items is rated twice
on a 7-point scale: what an excellent provider would do (expectation, E) and
what this provider does (perception, P). The gap of one answer is ``P - E``
(negative: the service falls short).

Figures computed here:

* item gap = mean of ``P - E`` over the answers to that item;
* dimension gap = mean of ``P - E`` over all answers of that dimension's items;
* unweighted SERVQUAL score = mean of the five dimension gaps;
* weighted SERVQUAL score = ``sum(gap_d * w_d / 100)``, with the 100 importance
  points ``w_d`` the respondent shares across the five dimensions.

An answer with either rating missing is left out of every figure; it is never
counted as zero.

The item wording is the course's own, written for home broadband. The structure
(dimensions, items, sample moments) is read from ``cxwidgets/content/servqual.json``
and every text from the catalogue (``servqual.item.<n>.text`` / ``.tip``,
``servqual.moment.<id>.text`` / ``.why``). ``ITEMS`` is a tuple of frozen
:class:`Item` whose :meth:`Item.text` looks the wording up in the active (or a
given) language; :func:`items_frame` gives the same content as a DataFrame.
Results hold codes only (dimension codes, item numbers); labels are applied when
they are drawn.

Data layout (the public API): a *long* DataFrame with one row per answer and
the columns ``respondent``, ``item`` (1-22), ``expectation`` and
``perception`` (1-7), optionally segment columns such as ``tenure`` and
``tier``. :func:`read_responses` also accepts the *wide* layout (one row per
respondent with columns ``E1``..``E22`` and ``P1``..``P22``) and common
Chinese column names, and turns it into the long one.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import fmt, i18n
from .errors import CXError
from .tables import rows_text

if TYPE_CHECKING:  # pandas is imported where a table is made: pages start without it
    import pandas as pd

SCALE_MIN, SCALE_MAX = 1, 7
"""The 7-point rating scale (1 = strongly disagree / not at all, 7 = strongly agree / fully)."""

REQUIRED_COLUMNS: tuple[str, ...] = ("respondent", "item", "expectation", "perception")
SEGMENT_COLUMNS: tuple[str, ...] = ("tenure", "tier")

TENURES: tuple[str, ...] = ("2y+", "1y", "6m", "3m")
"""Tenure codes of the sample survey: 2 years or more, 1 year, 6 months, 3 months."""

TIERS: tuple[str, ...] = ("high_value", "senior", "young", "business")
"""Customer-tier codes shared by the course's data sets: 全球通/高价值, 银发, 年轻, 商客."""

# i18n: input vocabulary (spellings the course reads in uploaded files, not text it shows)
SEGMENT_ALIASES: dict[str, dict[str, str]] = {
    "tenure": {
        "2年以上": "2y+", "两年以上": "2y+", "2年+": "2y+", "2y": "2y+",
        "1年": "1y", "一年": "1y",
        "6个月": "6m", "半年": "6m", "六个月": "6m",
        "3个月": "3m", "三个月": "3m",
    },
    "tier": {
        "全球通/高价值": "high_value", "全球通": "high_value", "高价值": "high_value",
        "银发": "senior", "年轻": "young", "商客": "business",
    },
}
# i18n: end
"""Spellings of the course's segment values in a Chinese export -> the shared codes."""

_MAX_LISTED = 8

# --------------------------------------------------------------------------- course content

CONTENT_PATH = Path(__file__).resolve().parent / "content" / "servqual.json"
"""The structure of the course content (codes only; every text is in the catalogue)."""


def _load_content(path: Path = CONTENT_PATH) -> dict:
    """Read and check the content file (a broken file fails at import, in the tests)."""
    content = json.loads(path.read_text(encoding="utf-8"))
    dimensions = [entry["code"] for entry in content["dimensions"]]
    numbers = [n for entry in content["dimensions"] for n in entry["items"]]
    if numbers != list(range(1, len(numbers) + 1)):
        problem = f"{path}: items must be numbered 1..n in dimension order, got {numbers}"
        raise ValueError(problem)
    if any(m["dimension"] not in dimensions for m in content["moments"]):
        problem = f"{path}: a moment names an unknown dimension"
        raise ValueError(problem)
    return content


_CONTENT = _load_content()

DIMENSIONS: tuple[str, ...] = tuple(entry["code"] for entry in _CONTENT["dimensions"])
"""The five SERVQUAL dimensions, in questionnaire order."""

DIMENSION_ITEMS: dict[str, tuple[int, ...]] = {
    entry["code"]: tuple(entry["items"]) for entry in _CONTENT["dimensions"]
}
"""Item numbers of each dimension (the standard 22-item structure)."""


@dataclass(frozen=True)
class Item:
    """One SERVQUAL item: its number and dimension; its wording lives in the catalogue.

    Attributes
    ----------
    number : int
        1-22, the position in the standard questionnaire.
    dimension : str
        One of :data:`DIMENSIONS`.
    """

    number: int
    dimension: str

    @property
    def text_key(self) -> str:
        """Catalogue key of the statement (worded for home broadband)."""
        return f"servqual.item.{self.number}.text"

    @property
    def tip_key(self) -> str:
        """Catalogue key of what a provider can do when this item shows a large negative gap."""
        return f"servqual.item.{self.number}.tip"

    def text(self, language: str | None = None) -> str:
        """The statement in ``language`` (default: the active language)."""
        return i18n.t(self.text_key, language)

    def tip(self, language: str | None = None) -> str:
        """The improvement suggestion in ``language`` (default: the active language)."""
        return i18n.t(self.tip_key, language)


ITEMS: tuple[Item, ...] = tuple(
    Item(number, entry["code"]) for entry in _CONTENT["dimensions"] for number in entry["items"]
)
"""The 22 items (tuple of frozen :class:`Item`), numbered 1-22."""

ITEM_DIMENSION: dict[int, str] = {item.number: item.dimension for item in ITEMS}


@dataclass(frozen=True)
class Moment:
    """A sample service moment for the scenario-mapping exercise (texts in the catalogue).

    Attributes
    ----------
    id : str
        Stable identifier (used in the workbook and in the catalogue keys).
    dimension : str
        The dimension a trainer would assign.
    """

    id: str
    dimension: str

    @property
    def text_key(self) -> str:
        """Catalogue key of the moment as the learner reads it."""
        return f"servqual.moment.{self.id}.text"

    @property
    def why_key(self) -> str:
        """Catalogue key of the feedback: why that dimension."""
        return f"servqual.moment.{self.id}.why"

    def text(self, language: str | None = None) -> str:
        """The moment in ``language`` (default: the active language)."""
        return i18n.t(self.text_key, language)

    def why(self, language: str | None = None) -> str:
        """The feedback in ``language`` (default: the active language)."""
        return i18n.t(self.why_key, language)


SAMPLE_MOMENTS: tuple[Moment, ...] = tuple(
    Moment(entry["id"], entry["dimension"]) for entry in _CONTENT["moments"]
)
"""Sample moments with a trainer's answer, for the scenario-mapping exercise."""

DIMENSION_KEYWORDS: dict[str, tuple[str, ...]] = {
    dimension: tuple(words) for dimension, words in _CONTENT["hint_words"].items()
}
"""Words that often point at a dimension: a hint for the learner's own moments, not a rule."""


def item(number: int) -> Item:
    """Return item ``number`` (1-22).

    Parameters
    ----------
    number : int
        The item number.

    Returns
    -------
    Item
        The item.

    Raises
    ------
    CXError
        ``servqual.error.item_number`` for a number outside 1-22.
    """
    if not isinstance(number, int) or not 1 <= number <= len(ITEMS):
        raise CXError("servqual.error.item_number", value=number)
    return ITEMS[number - 1]


def moment(moment_id: str) -> Moment:
    """Return the sample moment ``moment_id`` (``KeyError`` for an unknown id)."""
    for entry in SAMPLE_MOMENTS:
        if entry.id == moment_id:
            return entry
    raise KeyError(moment_id)


def items_frame(
    language: str | None = None, custom: Mapping[int | str, str] | None = None
) -> pd.DataFrame:
    """The 22 items with their wording in one language (for display and exports).

    Parameters
    ----------
    language : str, optional
        Language of the ``text`` and ``tip`` columns (default: the active language).
    custom : mapping, optional
        Item number -> the learner's own wording; replaces ``text`` for those items.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``item`` (1-22) with columns ``dimension``, ``text``, ``tip``.
    """
    import pandas as pd

    custom = {int(k): str(v) for k, v in (custom or {}).items() if str(v).strip()}
    rows = [
        {
            "item": it.number,
            "dimension": it.dimension,
            "text": custom.get(it.number, it.text(language)),
            "tip": it.tip(language),
        }
        for it in ITEMS
    ]
    return pd.DataFrame(rows).set_index("item")


def segment_param(column: str, value: object) -> object:
    """A segment value for a message: its translated name when known (``senior`` -> 银发).

    The name is translated when the message is shown, in the language it is shown in.
    """
    key = f"common.segment.{column}.{value}"
    return CXError(key) if key in i18n.catalogue() else value


def _column_param(column: str) -> object:
    key = f"common.segment.{column}"
    return CXError(key) if key in i18n.catalogue() else column


def _dimension_param(dimension: str) -> object:
    return CXError(f"servqual.dim.{dimension}") if dimension in DIMENSIONS else dimension


# --------------------------------------------------------------------------- input


# i18n: input vocabulary (column names the course reads in uploaded files)
_ALIASES: dict[str, tuple[str, ...]] = {
    "respondent": ("respondent", "respondent_id", "id", "受访者", "受访者编号", "编号", "客户编号"),
    "item": ("item", "item_no", "question", "题号", "题目编号", "条目"),
    "expectation": ("expectation", "expected", "e", "期望", "期望值", "期望分"),
    "perception": ("perception", "perceived", "p", "感知", "感知值", "感知分", "实际感受"),
    "tenure": ("tenure", "入网时长", "在网时长", "网龄"),
    "tier": ("tier", "segment", "客户类型", "客群", "客户群"),
}
# i18n: end

_WIDE_RE = re.compile(r"^\s*([EePp])\s*0*(\d{1,2})\s*$")


def _canonical(name: object) -> str:
    text = str(name).strip().replace("\ufeff", "")
    low = text.lower()
    for canon, aliases in _ALIASES.items():
        if low in aliases or text in aliases:
            return canon
    return text


def _rows_text(positions: Iterable[int]) -> str:
    """Spreadsheet row numbers (the header is row 1) of ``positions``, shortened."""
    return rows_text(positions, limit=_MAX_LISTED)


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, int):
        return False
    import pandas as pd  # pd.NA, NaT, numpy's NaN in a table cell

    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and not value.strip()


def _blank_mask(series: pd.Series) -> pd.Series:
    """True where a cell is missing or only white space (vectorised :func:`_is_blank`)."""
    import pandas as pd

    missing = series.isna()
    if pd.api.types.is_numeric_dtype(series.dtype):
        return missing
    text = series[~missing].astype(str).str.strip()
    return missing | (text == "").reindex(series.index, fill_value=False)


def _stripped(series: pd.Series, blank: pd.Series) -> pd.Series:
    """Cells as numbers or stripped text, blanks as NaN."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype):
        return series
    return series.where(~blank).map(lambda v: v.strip() if isinstance(v, str) else v)


def _ratings(series: pd.Series, column: str) -> pd.Series:
    """Numeric ratings 1-7 (NaN for blanks); CXError naming the rows for anything else."""
    import pandas as pd

    blank = _blank_mask(series)
    numeric = pd.to_numeric(_stripped(series, blank), errors="coerce")
    bad_text = ~blank & numeric.isna()
    if bad_text.any():
        positions = [i for i, flag in enumerate(bad_text.to_numpy()) if flag]
        example = series[bad_text].iloc[0]
        raise CXError("servqual.error.not_number", column=column, rows=_rows_text(positions),
                      example=example)
    valid = numeric.dropna()
    out_of_scale = (valid < SCALE_MIN) | (valid > SCALE_MAX) | (valid != valid.round())
    if out_of_scale.any():
        flags = pd.Series(False, index=series.index)
        flags[valid.index[out_of_scale.to_numpy()]] = True
        positions = [i for i, flag in enumerate(flags.to_numpy()) if flag]
        example = valid[out_of_scale].iloc[0]
        raise CXError("servqual.error.out_of_scale", column=column, rows=_rows_text(positions),
                      example=fmt.plain(example))
    return numeric.astype("float64")


def _wide_to_long(frame: pd.DataFrame, wide_cols: dict[str, tuple[str, int]]) -> pd.DataFrame:
    import pandas as pd

    numbers_e = {n for kind, n in wide_cols.values() if kind == "E"}
    numbers_p = {n for kind, n in wide_cols.values() if kind == "P"}
    bad = sorted(n for n in numbers_e | numbers_p if not 1 <= n <= len(ITEMS))
    if bad:
        raise CXError("servqual.error.wide_item_number", numbers=", ".join(map(str, bad)))
    unpaired = sorted(numbers_e ^ numbers_p)
    if unpaired:
        labels = [f"E{n}" if n not in numbers_e else f"P{n}" for n in unpaired]
        raise CXError("servqual.error.wide_unpaired", columns=", ".join(labels))
    by_key = {v: k for k, v in wide_cols.items()}
    if "respondent" in frame.columns:
        respondents = frame["respondent"]
    else:
        respondents = pd.Series(range(1, len(frame) + 1), index=frame.index)
    extra = [c for c in frame.columns if c in SEGMENT_COLUMNS]
    parts = []
    for number in sorted(numbers_e):
        part = pd.DataFrame({
            "respondent": respondents.to_numpy(),
            "item": number,
            "expectation": frame[by_key[("E", number)]].to_numpy(),
            "perception": frame[by_key[("P", number)]].to_numpy(),
            "_row": range(len(frame)),
        })
        for column in extra:
            part[column] = frame[column].to_numpy()
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def read_responses(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate survey answers in the long or the wide layout and return the long layout.

    Parameters
    ----------
    frame : pandas.DataFrame
        Either long (columns ``respondent``, ``item``, ``expectation``, ``perception``) or
        wide (one row per respondent, columns ``E1``..``E22`` and ``P1``..``P22``, optional
        ``respondent``). Optional segment columns ``tenure`` and ``tier`` are kept, their
        Chinese spellings (银发, 两年以上, ...) mapped to the shared codes (:data:`SEGMENT_ALIASES`).
        Common Chinese headers (受访者, 题号, 期望, 感知, 入网时长, 客户类型) are understood.

    Returns
    -------
    pandas.DataFrame
        Long layout with ``respondent`` (str), ``item`` (int 1-22), ``expectation`` and
        ``perception`` (float, NaN where blank) and the segment columns present. ``attrs``
        holds ``incomplete_rows``: spreadsheet rows (header = row 1) with a blank rating, which
        every figure leaves out, and ``layout`` (``"long"`` or ``"wide"``).

    Raises
    ------
    CXError
        Empty table, missing columns, item numbers outside 1-22, ratings that are not whole
        numbers 1-7, a blank respondent, or the same item answered twice by one respondent.
        The message names the rows or columns and how to fix them.
    """
    import pandas as pd

    if frame is None or len(frame.columns) == 0 or len(frame) == 0:
        raise CXError("servqual.error.empty")
    data = frame.copy()
    data.columns = [_canonical(c) for c in data.columns]
    duplicated = sorted({c for c in data.columns if list(data.columns).count(c) > 1})
    if duplicated:
        raise CXError("servqual.error.duplicate_columns", columns=", ".join(duplicated))
    wide_cols: dict[str, tuple[str, int]] = {}
    for column in data.columns:
        match = _WIDE_RE.match(str(column))
        if match:
            wide_cols[column] = (match.group(1).upper(), int(match.group(2)))
    has_long = all(c in data.columns for c in REQUIRED_COLUMNS)
    if not has_long and wide_cols:
        data = _wide_to_long(data, wide_cols)
        layout = "wide"
    elif has_long:
        data = data.reset_index(drop=True)
        data["_row"] = range(len(data))
        layout = "long"
    else:
        missing = [c for c in REQUIRED_COLUMNS if c not in data.columns]
        raise CXError("servqual.error.columns", missing=", ".join(missing),
                      found=", ".join(str(c) for c in frame.columns))

    # respondent
    blank_resp = _blank_mask(data["respondent"])
    if blank_resp.any():
        raise CXError("servqual.error.blank_respondent", rows=_rows_text(
            sorted(set(data.loc[blank_resp, "_row"]))))
    data["respondent"] = _ids(data["respondent"])

    # item
    if layout == "long":
        blank_item = _blank_mask(data["item"])
        numbers = pd.to_numeric(_stripped(data["item"], blank_item), errors="coerce")
        bad = blank_item | numbers.isna() | (numbers != numbers.round()) | \
            (numbers < 1) | (numbers > len(ITEMS))
        if bad.any():
            example = data.loc[bad, "item"].iloc[0]
            raise CXError("servqual.error.item", rows=_rows_text(data.loc[bad, "_row"]),
                          example="" if _is_blank(example) else example)
        data["item"] = numbers.astype("int64")

    # ratings: map error rows back to the file's rows
    for column in ("expectation", "perception"):
        try:
            data[column] = _ratings(data[column].reset_index(drop=True), column).to_numpy()
        except CXError as exc:
            if layout == "wide":
                raise _wide_rating_error(data, column, exc) from None
            raise

    # duplicates
    dup = data.duplicated(["respondent", "item"], keep=False)
    if dup.any():
        first = data[dup].iloc[0]
        raise CXError("servqual.error.duplicate_answer", respondent=first["respondent"],
                      item=int(first["item"]), rows=_rows_text(sorted(set(data.loc[dup, "_row"]))))

    incomplete = data["expectation"].isna() | data["perception"].isna()
    rows = sorted({int(r) + 2 for r in data.loc[incomplete, "_row"]})
    columns = ["respondent", "item", "expectation", "perception"]
    columns += [c for c in SEGMENT_COLUMNS if c in data.columns]
    result = data[columns].reset_index(drop=True)
    for column in SEGMENT_COLUMNS:
        if column in result.columns:
            values = result[column]
            text = values.astype(str).str.strip().where(~_blank_mask(values), "")
            result[column] = text.replace(SEGMENT_ALIASES[column])
    result.attrs = {"incomplete_rows": rows, "layout": layout,
                    "incomplete_answers": int(incomplete.sum())}
    return result


def _respondent_id(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _ids(series: pd.Series) -> pd.Series:
    """Respondent ids as text (``3.0`` read from a spreadsheet becomes ``"3"``)."""
    import pandas as pd

    if pd.api.types.is_integer_dtype(series.dtype):
        return series.astype("int64").astype(str)
    if pd.api.types.is_float_dtype(series.dtype) and (series % 1 == 0).all():
        return series.astype("int64").astype(str)
    if series.map(type).eq(str).all():
        return series.str.strip()
    return series.map(_respondent_id)


def _wide_rating_error(data: pd.DataFrame, column: str, exc: CXError) -> CXError:
    """Re-phrase a rating error of a wide table with respondent rows and E/P columns."""
    import pandas as pd

    letter = "E" if column == "expectation" else "P"
    values = data[column]
    blank = _blank_mask(values)
    numeric = pd.to_numeric(_stripped(values, blank), errors="coerce")
    bad = (~blank & numeric.isna()) | (~numeric.isna() & (
        (numeric < SCALE_MIN) | (numeric > SCALE_MAX) | (numeric != numeric.round())))
    cols = sorted({f"{letter}{n}" for n in data.loc[bad, "item"]}, key=lambda c: int(c[1:]))
    rows = _rows_text(sorted(set(data.loc[bad, "_row"])))
    example = values[bad].iloc[0] if bad.any() else ""
    return CXError("servqual.error.wide_rating", columns=", ".join(cols[:_MAX_LISTED]), rows=rows,
                   example=example)


def _prepared(responses: pd.DataFrame) -> pd.DataFrame:
    """Validated long answers with both ratings present and a ``gap`` column."""
    return _complete(read_responses(responses))


def _complete(data: pd.DataFrame) -> pd.DataFrame:
    """Answers of a validated long frame with both ratings present, plus ``gap``."""
    complete = data.dropna(subset=["expectation", "perception"]).copy()
    complete["dimension"] = complete["item"].map(ITEM_DIMENSION)
    complete["gap"] = complete["perception"] - complete["expectation"]
    complete.attrs = dict(data.attrs)
    return complete


# --------------------------------------------------------------------------- scores


def validate_weights(weights: Mapping[str, float] | None) -> dict[str, float] | None:
    """Check an importance allocation: dimension -> points, summing to 100.

    Parameters
    ----------
    weights : mapping or None
        Points per dimension; a dimension left out gets 0.

    Returns
    -------
    dict or None
        Points for all five dimensions (``None`` when ``weights`` is ``None``).

    Raises
    ------
    CXError
        Unknown dimension, a value that is not a number or is negative, or a total other
        than 100.
    """
    if weights is None:
        return None
    unknown = [str(k) for k in weights if k not in DIMENSIONS]
    if unknown:
        raise CXError("servqual.error.weight_dimension", names=", ".join(unknown),
                      known=", ".join(DIMENSIONS))
    points: dict[str, float] = {}
    for dimension in DIMENSIONS:
        value = weights.get(dimension, 0)
        try:
            number = float(0 if _is_blank(value) else value)
        except (TypeError, ValueError):
            raise CXError("servqual.error.weight_value", dimension=_dimension_param(dimension),
                          value=value) from None
        if math.isnan(number) or number < 0:
            raise CXError("servqual.error.weight_value", dimension=_dimension_param(dimension),
                          value=value)
        points[dimension] = number
    total = sum(points.values())
    if total > 100 + 1e-6:
        raise CXError("servqual.error.weight_total_over", total=fmt.plain(round(total, 6)),
                      over=fmt.plain(round(total - 100, 6)))
    if total < 100 - 1e-6:
        raise CXError("servqual.error.weight_total", total=fmt.plain(round(total, 6)),
                      left=fmt.plain(round(100 - total, 6)))
    return points


def item_scores(responses: pd.DataFrame) -> pd.DataFrame:
    """Gap per item.

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers in the long layout (see :func:`read_responses`; the wide one is accepted too).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``item`` (all 22) with ``dimension``, ``expectation`` and ``perception``
        (means), ``gap`` (mean of P - E) and ``n`` (answers with both ratings). Items
        without a complete answer have NaN figures and ``n`` = 0.
    """
    import pandas as pd

    data = _prepared(responses)
    grouped = data.groupby("item")
    table = pd.DataFrame({
        "expectation": grouped["expectation"].mean(),
        "perception": grouped["perception"].mean(),
        "gap": grouped["gap"].mean(),
        "n": grouped["gap"].size(),
    }).reindex(range(1, len(ITEMS) + 1))
    table.index.name = "item"
    table["n"] = table["n"].fillna(0).astype("int64")
    table.insert(0, "dimension", [ITEM_DIMENSION[n] for n in table.index])
    table.attrs = {"n_respondents": int(data["respondent"].nunique()),
                   "incomplete_rows": data.attrs.get("incomplete_rows", [])}
    return table


def score(responses: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """SERVQUAL scores per dimension, unweighted and weighted.

    Parameters
    ----------
    responses : pandas.DataFrame
        Long layout: ``respondent``, ``item`` (1-22), ``expectation``, ``perception`` (1-7).
        An answer with either rating missing is left out of every figure.
    weights : mapping, optional
        Importance points per dimension summing to 100 (see :func:`validate_weights`).

    Returns
    -------
    pandas.DataFrame
        Indexed by the five :data:`DIMENSIONS` with ``expectation`` and ``perception``
        (means over the dimension's answers), ``gap`` (mean of P - E over those answers),
        ``n`` (answers counted) and ``weight`` (points, NaN without weights). ``attrs``:

        * ``unweighted``: mean of the five dimension gaps (NaN if a dimension has no answer);
        * ``weighted``: sum of gap x weight / 100 (``None`` without weights; NaN if a
          dimension with weight > 0 has no answer);
        * ``weights``: the points used (or ``None``);
        * ``n_respondents``, ``n_answers``, ``incomplete_answers``, ``incomplete_rows``;
        * ``missing_dimensions``: dimensions without a complete answer.

    Raises
    ------
    CXError
        Invalid answers (see :func:`read_responses`) or weights (see :func:`validate_weights`).

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"respondent": [1, 1], "item": [1, 5],
    ...                         "expectation": [6, 7], "perception": [5, 4]})
    >>> score(answers).loc["reliability", "gap"]
    np.float64(-3.0)
    """
    import pandas as pd

    points = validate_weights(weights)
    data = _prepared(responses)
    grouped = data.groupby("dimension")
    table = pd.DataFrame({
        "expectation": grouped["expectation"].mean(),
        "perception": grouped["perception"].mean(),
        "gap": grouped["gap"].mean(),
        "n": grouped["gap"].size(),
    }).reindex(list(DIMENSIONS))
    table.index.name = "dimension"
    table["n"] = table["n"].fillna(0).astype("int64")
    table["weight"] = [points[d] if points else math.nan for d in DIMENSIONS]
    missing = [d for d in DIMENSIONS if table.at[d, "n"] == 0]
    unweighted = math.nan if missing else float(table["gap"].mean())
    weighted: float | None = None
    if points is not None:
        if any(points[d] > 0 for d in missing):
            weighted = math.nan
        else:
            weighted = float(sum(
                (table.at[d, "gap"] * points[d] / 100) for d in DIMENSIONS if points[d] > 0))
    table.attrs = {
        "unweighted": unweighted,
        "weighted": weighted,
        "weights": points,
        "n_respondents": int(data["respondent"].nunique()),
        "n_answers": len(data),
        "incomplete_answers": int(data.attrs.get("incomplete_answers", 0)),
        "incomplete_rows": list(data.attrs.get("incomplete_rows", [])),
        "missing_dimensions": missing,
    }
    return table


def respondent_scores(responses: pd.DataFrame) -> pd.DataFrame:
    """Gap per respondent and dimension (the unit for comparing segments).

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).

    Returns
    -------
    pandas.DataFrame
        One row per respondent: ``respondent``, the segment columns present, and one column
        per dimension with that respondent's mean P - E (NaN without a complete answer).
    """
    return _per_respondent(_prepared(responses))


def _per_respondent(data: pd.DataFrame) -> pd.DataFrame:
    wide = data.pivot_table(index="respondent", columns="dimension", values="gap",
                            aggfunc="mean").reindex(columns=list(DIMENSIONS))
    wide.columns.name = None
    segments = [c for c in SEGMENT_COLUMNS if c in data.columns]
    if segments:
        wide = data.groupby("respondent")[segments].first().join(wide)
    return wide.reset_index()


def largest_gaps(responses: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` items with the largest negative gap.

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).
    n : int, default 3
        How many items.

    Returns
    -------
    pandas.DataFrame
        Up to ``n`` rows indexed by item, most negative first, only items whose gap is
        below zero; columns as :func:`item_scores`. Ties keep questionnaire order. The
        wording and the suggestion of each are :meth:`Item.text` and :meth:`Item.tip`.
    """
    table = item_scores(responses)
    return table[table["gap"] < 0].sort_values("gap", kind="stable").head(n)


def filter_segment(responses: pd.DataFrame, **segments: str | Iterable[str] | None) -> pd.DataFrame:
    """Keep the answers of one segment.

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).
    **segments
        Column -> value (or values) to keep, e.g. ``tier="银发"``; ``None`` or ``""`` keeps all.

    Returns
    -------
    pandas.DataFrame
        The validated long answers of that segment (possibly empty).

    Raises
    ------
    CXError
        A segment column the data does not have.
    """
    import pandas as pd

    data = read_responses(responses)
    attrs = dict(data.attrs)
    mask = pd.Series(True, index=data.index)
    for column, wanted in segments.items():
        if wanted is None or wanted == "" or wanted == ():
            continue
        if column not in data.columns:
            raise CXError("servqual.error.no_segment_column", column=column)
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        mask &= data[column].isin([str(v) for v in values])
    result = data[mask].reset_index(drop=True)
    result.attrs = attrs
    return result


def segment_values(responses: pd.DataFrame, column: str) -> list[str]:
    """The distinct non-blank values of a segment column, known codes first in course order.

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).
    column : str
        ``"tenure"`` or ``"tier"`` (or another column of the data).

    Returns
    -------
    list of str
        Values, empty when the column is absent.
    """
    data = read_responses(responses)
    if column not in data.columns:
        return []
    present = [v for v in data[column].unique() if v]
    order = {"tenure": TENURES, "tier": TIERS}.get(column, ())

    def rank(value: str) -> tuple[int, str]:
        return (order.index(value) if value in order else len(order), value)

    return sorted(present, key=rank)


def compare_segments(responses: pd.DataFrame, column: str, first: str, second: str) -> pd.DataFrame:
    """Compare the dimension gaps of two segments.

    Each respondent's dimension gap (mean P - E over their answers) is the unit of analysis;
    the difference between the segments is tested with Welch's t-test (unequal variances).

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout) with the segment column.
    column : str
        Segment column, e.g. ``"tier"``.
    first, second : str
        The two values to compare.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension: ``gap_first``, ``gap_second`` (dimension gaps computed as in
        :func:`score`), ``difference`` (first - second), ``n_first``, ``n_second``
        (respondents), ``p_value`` (NaN with fewer than two respondents on a side).
        ``attrs`` holds ``column``, ``first``, ``second``.

    Raises
    ------
    CXError
        Missing column, the same value twice, or a value with no answers.
    """
    import pandas as pd

    from .stats import welch_p

    data = read_responses(responses)
    if column not in data.columns:
        raise CXError("servqual.error.no_segment_column", column=column)
    if first == second:
        raise CXError("servqual.error.same_segment", value=segment_param(column, first))
    complete = _complete(data)
    per_person = _per_respondent(complete)
    result = {}
    for label, value in (("first", first), ("second", second)):
        subset = complete[complete[column] == value]
        if subset.empty:
            raise CXError("servqual.error.empty_segment", column=_column_param(column),
                          value=segment_param(column, value))
        result[label] = subset.groupby("dimension")["gap"].mean().reindex(list(DIMENSIONS))
    rows = []
    for dimension in DIMENSIONS:
        a = per_person.loc[per_person[column] == first, dimension].dropna()
        b = per_person.loc[per_person[column] == second, dimension].dropna()
        p_value = math.nan
        if len(a) >= 2 and len(b) >= 2 and (a.var() > 0 or b.var() > 0):
            p_value = welch_p(a, b)
        gap_a = float(result["first"][dimension])
        gap_b = float(result["second"][dimension])
        rows.append({"dimension": dimension, "gap_first": gap_a, "gap_second": gap_b,
                     "difference": gap_a - gap_b, "n_first": len(a), "n_second": len(b),
                     "p_value": p_value})
    table = pd.DataFrame(rows).set_index("dimension")
    table.attrs = {"column": column, "first": first, "second": second}
    return table


# --------------------------------------------------------------------------- scenario mapping


def suggest_dimension(text: str) -> list[str]:
    """Dimensions whose typical words appear in ``text`` (a hint for the learner's own moments).

    Parameters
    ----------
    text : str
        A service moment in the learner's words.

    Returns
    -------
    list of str
        Matching dimensions, most matches first; empty when nothing matches.
    """
    low = str(text or "").lower()
    counts = {d: sum(1 for word in words if word in low) for d, words in DIMENSION_KEYWORDS.items()}
    hits = [d for d in DIMENSIONS if counts[d] > 0]
    return sorted(hits, key=lambda d: -counts[d])


def check_moments(assigned: Mapping[str, str | None]) -> pd.DataFrame:
    """Check the learner's dimension for each sample moment.

    Parameters
    ----------
    assigned : mapping
        Moment id -> the dimension the learner chose (``None`` or missing: not answered).

    Returns
    -------
    pandas.DataFrame
        Indexed by moment id: ``answer``, ``expected``, ``correct`` (bool, ``NA`` when not
        answered).

    Raises
    ------
    CXError
        An unknown dimension.
    """
    import pandas as pd

    rows = []
    for moment in SAMPLE_MOMENTS:
        answer = assigned.get(moment.id)
        if answer is not None and answer not in DIMENSIONS:
            raise CXError("servqual.error.weight_dimension", names=str(answer),
                          known=", ".join(DIMENSIONS))
        rows.append({"id": moment.id, "answer": answer, "expected": moment.dimension,
                     "correct": pd.NA if answer is None else answer == moment.dimension})
    return pd.DataFrame(rows).set_index("id")


def to_wide(responses: pd.DataFrame) -> pd.DataFrame:
    """Convert answers to the wide layout (one row per respondent, E1..E22, P1..P22).

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).

    Returns
    -------
    pandas.DataFrame
        ``respondent``, segment columns present, then ``E1``..``E22`` and ``P1``..``P22``.
    """
    import pandas as pd

    data = read_responses(responses)
    table = pd.DataFrame({"respondent": list(dict.fromkeys(data["respondent"]))})
    segments = [c for c in SEGMENT_COLUMNS if c in data.columns]
    if segments:
        table = table.merge(data.groupby("respondent", sort=False)[segments].first().reset_index(),
                            on="respondent", how="left")
    for letter, column in (("E", "expectation"), ("P", "perception")):
        wide = data.pivot(index="respondent", columns="item", values=column)
        for number in range(1, len(ITEMS) + 1):
            values = wide[number] if number in wide.columns else pd.Series(dtype="float64")
            table[f"{letter}{number}"] = table["respondent"].map(values)
    return table


# --------------------------------------------------------------------------- the learner's result

QUESTIONNAIRE_SECTION = "02/questionnaire"
"""Workbook section of exercise 1: ``{"answers": {"1": [E, P], ...}, "custom": {...}}``."""

WEIGHTS_SECTION = "02/weights"
"""Workbook section of exercise 2: ``{"points": {dimension: points}}``."""

SURVEY_SECTION = "02/survey"
"""Workbook section of exercise 4: source, filters, comparison and (small) uploads."""

SCENARIOS_SECTION = "02/scenarios"
"""Workbook section of exercise 5: the learner's dimension for each service moment."""

SURVEY_SEGMENTS: tuple[str, ...] = ("tenure", "tier")
"""Segment columns the survey exercise filters and compares by."""


def answers_frame(answers: Mapping[str, object] | None) -> pd.DataFrame:
    """The learner's own answers ``{"5": [E, P]}`` as a long DataFrame (respondent ``"me"``).

    Parameters
    ----------
    answers : mapping or None
        Item number (as text) -> ``[expectation, perception]``; malformed entries are skipped.

    Returns
    -------
    pandas.DataFrame
        Columns ``respondent``, ``item``, ``expectation``, ``perception``.
    """
    import pandas as pd

    rows = []
    for key, pair in (answers or {}).items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            continue
        if not 1 <= number <= len(ITEMS) or not isinstance(pair, (list, tuple)):
            continue
        e, p = [*pair, None, None][:2]
        rows.append({"respondent": "me", "item": number, "expectation": e, "perception": p})
    return pd.DataFrame(rows, columns=["respondent", "item", "expectation", "perception"])


def section_value(sections: Mapping[str, object], name: str) -> dict:
    """The stored value of workbook section ``name`` (``{}`` when absent or not a dict)."""
    entry = sections.get(name) or {}
    value = entry.get("value") if isinstance(entry, dict) else None
    return value if isinstance(value, dict) else {}


def parse_points(text: object, dimension: str) -> float | int | None:
    """The importance points typed for ``dimension``: a number 0-100, or ``None`` when blank.

    Whatever is typed counts as typed (``12.5`` is 12.5 points, never 12); full-width digits
    are read too.

    Parameters
    ----------
    text : object
        What the learner typed (or a stored number).
    dimension : str
        The dimension it is for (named in the message).

    Returns
    -------
    int, float or None
        An ``int`` for whole numbers, a ``float`` otherwise; ``None`` for an empty field
        (not set, which is not the same as 0).

    Raises
    ------
    CXError
        ``servqual.error.weight_text`` for anything that is not a number from 0 to 100.
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        number = float(text)
        shown: object = text
    else:
        shown = unicodedata.normalize("NFKC", str(text if text is not None else "")).strip()
        if not shown:
            return None
        try:
            number = float(shown)
        except ValueError:
            raise CXError("servqual.error.weight_text", dimension=_dimension_param(dimension),
                          value=shown) from None
    if not math.isfinite(number) or not 0 <= number <= 100:
        raise CXError("servqual.error.weight_text", dimension=_dimension_param(dimension),
                      value=shown)
    return int(number) if number.is_integer() else number


def unset_dimensions(points: Mapping[str, object] | None) -> list[str]:
    """The dimensions whose points are not set (missing or blank), in questionnaire order."""
    points = points or {}
    return [d for d in DIMENSIONS if _is_blank(points.get(d))]


def valid_points(points: Mapping[str, object] | None) -> dict[str, float] | None:
    """The weights if all five are set and they total exactly 100, else ``None``."""
    if unset_dimensions(points):
        return None
    try:
        return validate_weights(points or {})
    except CXError:
        return None


def learner_scores(sections: Mapping[str, object]) -> pd.DataFrame | None:
    """The learner's SERVQUAL result from the workbook sections, or ``None``.

    Parameters
    ----------
    sections : mapping
        ``workbook.sections()`` (or a workbook document's ``"sections"``).

    Returns
    -------
    pandas.DataFrame or None
        :func:`score` of the learner's questionnaire, weighted when the saved weights total
        100; ``None`` when no item has both ratings.
    """
    questionnaire = section_value(sections, QUESTIONNAIRE_SECTION)
    frame = answers_frame(questionnaire.get("answers") or {})
    if frame.dropna().empty:
        return None
    points = valid_points(section_value(sections, WEIGHTS_SECTION).get("points"))
    try:
        return score(frame, points)
    except CXError:
        return None


def sample_survey() -> pd.DataFrame:
    """The course's sample survey, validated (long layout)."""
    from . import datasets

    return read_responses(datasets.read_csv("servqual_survey.csv", dtype=str))


def sample_scores() -> pd.DataFrame:
    """SERVQUAL result of the whole sample survey (unweighted)."""
    return score(sample_survey())
