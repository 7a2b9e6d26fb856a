"""Survey-tool exports into the exercises' layouts: which column is which field.

问卷星, 腾讯问卷, Google Forms and hand-made Excel files have one row per respondent, one
column per question, the question text as header and answers as text labels ("我很喜欢",
"7 非常同意", "0（完全不可能）"). The KANO (03), SERVQUAL (02) and NPS (08) exercises read
their own layouts (see :func:`cxwidgets.kano.validate_responses`,
:func:`cxwidgets.servqual.read_responses`, :func:`cxwidgets.nps.validate_survey`). This
module turns an export into those layouts in three steps, none of which needs a widget:

1. :func:`guess` proposes a *mapping* from the file's headers (Chinese or English) and its
   answers: which column holds the respondent, each segment, each question.
2. :func:`check` lists, per field, what is wrong with a mapping: a required field without a
   column, a column used twice, answers that are not on the field's scale. Unknown labels are
   listed, never guessed: the learner fixes the file or picks another column.
3. :func:`apply` builds the exercise's own table, which the exercise then validates as if
   the learner had uploaded it in that layout.

A mapping is JSON, kept in the exercise's state (and remembered per file layout, see
:func:`signature`)::

    {"columns": {field key: column name or ""},     # "" = not in this file
     "names": {field key: text}}                    # KANO: each feature's name

Field keys: ``respondent``, ``tenure``, ``tier``; KANO ``f<i>.functional`` and
``f<i>.dysfunctional`` (the feature's name under ``names["f<i>.functional"]``); SERVQUAL
``E1``..``E22`` and ``P1``..``P22``; NPS ``recommend``, ``csat``, ``ces``, ``csat_<touchpoint>``
and ``comment``.

The answer labels (and segment wordings) are data, in ``content/survey_labels.json``.

Example
-------
>>> import pandas as pd
>>> export = pd.DataFrame({
...     "序号": ["1", "2"],
...     "3、如果网速总能达到套餐承诺的速率，您的感受是？": ["我很喜欢", "理所当然"],
...     "4、如果网速经常达不到套餐承诺的速率，您的感受是？": ["我很不喜欢", "我很不喜欢"],
... })
>>> mapping = guess("kano", export)
>>> mapping["columns"]["respondent"], mapping["names"]["f0.functional"]
('序号', '网速总能达到套餐承诺的速率')
>>> apply("kano", export, mapping)[["respondent", "functional", "dysfunctional"]].values.tolist()
[['1', 1, 5], ['2', 2, 5]]
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import i18n
from .errors import CXError

if TYPE_CHECKING:
    import pandas as pd

KINDS: tuple[str, ...] = ("kano", "servqual", "nps")
LABELS_PATH = Path(__file__).resolve().parent / "content" / "survey_labels.json"
SEGMENTS: tuple[str, ...] = ("tenure", "tier")
#: Share of a column's answers that must be on a scale for the column to be offered for it.
_MATCH_SHARE = 0.8
_LISTED = 5
_SERVQUAL_ITEMS = 22
_NPS_FIELDS: tuple[tuple[str, str], ...] = (
    ("recommend", "nps"), ("csat", "csat5"), ("ces", "ces7"),
)
_NPS_TOUCHPOINTS: tuple[str, ...] = ("t3", "t5", "t8", "t10", "t11", "t14", "t15")

# i18n: input vocabulary (header words the course reads in uploaded files, not text it shows)
# Header words (casefolded, full width folded) that point at a field.
_RESPONDENT = re.compile(
    r"^(序号|编号|答卷编号|答卷序号|用户编号|受访者|受访者编号|respondent|respondent id|id|"
    r"response id|no|no\.|record id|用户id)$"
)
_TENURE = re.compile(r"多久|多长时间|时长|网龄|入网|在网|使用.*年|tenure|how long|years with")
_TIER = re.compile(r"哪类客户|哪一类客户|客户类型|客户类别|用户类型|客户群|customer (group|type|tier|segment)|"
                   r"\btier\b|\bsegment\b")
_NEGATION = re.compile(r"不|没|未|无法|难以|达不到|缺少|缺乏|\bnot\b|n't|\bno\b|\bwithout\b|\bfail|\bnever\b|"
                       r"\bdysfunctional\b|\black")
_FUNCTIONAL_WORD = re.compile(r"\bfunctional\b|正向")
_DYSFUNCTIONAL_WORD = re.compile(r"\bdysfunctional\b|反向")
_EXPECTATION = re.compile(r"期望|期待|应该|应当|理想|优秀的|卓越的|expect|should|excellent|ideal")
_PERCEPTION = re.compile(r"感知|实际|感受到|本公司|我们公司|这家|perception|perceive|actual|this company|\bour\b")
_RECOMMEND = re.compile(r"推荐|介绍给|recommend|likely")
_CSAT = re.compile(r"满意|satisf")
_CES = re.compile(r"省力|费力|轻松|容易|方便|effort|easy")
_COMMENT = re.compile(r"原因|为什么|理由|建议|意见|说说|评论|reason|why|comment|feedback|suggest|tell us")
_NUMBERING = re.compile(r"^\s*(?:q\s*)?\d+\s*[、.:：．)）-]\s*|^\s*q\d+\s+", re.IGNORECASE)
_BRACKET = re.compile(r"[\[【](.+?)[\]】]\s*$")
_LEADING_IF = re.compile(r"^(如果|假如|假设|若是|若|要是|当|if|when)\s*", re.IGNORECASE)
_TRAILING_QUESTION = re.compile(
    r"[，,。.]?\s*(您|你)?(的)?(感受|觉得|认为|感觉|会觉得|会怎么想|怎么看|态度)(是|如何|怎样)?.*$"
    r"|[，,]?\s*how (would|do) you feel.*$|[，,]?\s*what do you think.*$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[「“\"『]([^」”\"』]+)[」”\"』]")
_TOUCHPOINT_SIMILARITY = 0.3
_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)(?![\d.])\s*(?:分|points?|pts?)?(.*)$", re.IGNORECASE)
_PUNCT = " \t\r\n-–—=:：;；,，.。()（）[]【】<>《》\"'“”‘’/\\|*"
# i18n: end


# --------------------------------------------------------------------------- labels
@dataclass(frozen=True)
class Scale:
    """An answer scale: its range and the labels (normalised) of its codes."""

    name: str
    low: int
    high: int
    labels: Mapping[str, int]

    def code(self, value: Any) -> int | None:
        """The code of one answer, or None when it is not on this scale (blank: None too).

        A number alone, or followed by its own label ("7 非常同意"), gives that number; a
        number followed by any other text ("7 非常不同意", "3分3秒") is not on the scale; a
        label alone gives its code.
        """
        text = normalise(value)
        if not text:
            return None
        match = _NUMBER.match(text)
        if match:
            number = float(match.group(1))
            rest = match.group(2).strip(_PUNCT)
            named = self.labels.get(rest) if rest else None
            if number != int(number) or not self.low <= number <= self.high:
                return None
            if rest and named != int(number):  # "3分3秒", "7 非常不同意": not this scale
                return None
            return int(number)
        return self.labels.get(text.strip(_PUNCT))


def normalise(value: Any) -> str:
    """An answer or header as compared here: NFKC (full width folded), casefolded, spaces
    collapsed; blanks (None, NaN, "") are ""."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return str(value).casefold()
    if isinstance(value, float) and value == int(value):
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _content() -> dict[str, Any]:
    return json.loads(LABELS_PATH.read_text(encoding="utf-8"))


@cache
def scale(name: str) -> Scale:
    """The answer scale ``name`` (``kano``, ``agree7``, ``nps``, ``csat5``, ``ces7``)."""
    entry = _content()["scales"][name]
    labels = {
        normalise(word).strip(_PUNCT): int(code)
        for code, words in entry["labels"].items() for word in words
    }
    return Scale(name, int(entry["low"]), int(entry["high"]), labels)


@cache
def _segment_words(column: str) -> dict[str, str]:
    words = {
        normalise(word).strip(_PUNCT): code
        for code, spellings in _content()[column].items() for word in spellings
    }
    catalogue = i18n.catalogue()
    for key, texts in catalogue.items():
        prefix = f"common.segment.{column}."
        if key.startswith(prefix):
            for text in texts.values():
                words.setdefault(normalise(text).strip(_PUNCT), key.removeprefix(prefix))
    return words


def segment_code(column: str, value: Any) -> str:
    """The course's code of a segment answer ("2年以上" -> ``2y+``), else the answer itself."""
    if is_blank(value):
        return ""
    text = normalise(value).strip(_PUNCT)
    return _segment_words(column).get(text, " ".join(str(value).split()))


@lru_cache(maxsize=1)
def _blank_words() -> frozenset[str]:
    return frozenset(normalise(word).strip(_PUNCT) for word in _content()["blanks"])


def is_blank(value: Any) -> bool:
    """No answer: empty, or what a tool writes for a skipped question ("(跳过)", "N/A")."""
    text = normalise(value)
    return not text or text.strip(_PUNCT) in _blank_words() or not text.strip(_PUNCT)


def share_on_scale(values: Iterable[Any], which: Scale) -> float:
    """Share of the non-blank ``values`` that are on the scale (0 when all are blank)."""
    answers = [v for v in values if not is_blank(v)]
    if not answers:
        return 0.0
    return sum(which.code(v) is not None for v in answers) / len(answers)


def off_scale(values: Iterable[Any], which: Scale) -> list[str]:
    """The distinct non-blank answers that are not on the scale, in order of appearance."""
    seen: dict[str, None] = {}
    for value in values:
        if not is_blank(value) and which.code(value) is None:
            seen.setdefault(str(value).strip(), None)
    return list(seen)


# --------------------------------------------------------------------------- fields
@dataclass(frozen=True)
class Field:
    """One thing an exercise needs from a file."""

    key: str
    label_key: str
    group_key: str
    required: bool = False
    scale: str | None = None  # None: free text (respondent, segments, comment)
    params: tuple[tuple[str, Any], ...] = ()
    named: bool = False  # KANO functional question: the feature's name is edited with it

    def label(self, language: str | None = None) -> str:
        """The translated label of the field."""
        return i18n.t(self.label_key, language, **dict(self.params))

    def group(self, language: str | None = None) -> str:
        """The translated heading of the field's group."""
        return i18n.t(self.group_key, language)


def _common_fields() -> list[Field]:
    return [
        Field("respondent", "mapping.field.respondent", "mapping.group.who"),
        Field("tenure", "mapping.field.tenure", "mapping.group.who"),
        Field("tier", "mapping.field.tier", "mapping.group.who"),
    ]


def fields(kind: str, mapping: Mapping[str, Any] | None = None) -> list[Field]:
    """The fields of ``kind`` (for KANO: as many features as ``mapping`` has, at least one).

    Parameters
    ----------
    kind : str
        ``"kano"``, ``"servqual"`` or ``"nps"``.
    mapping : dict, optional
        A mapping (see the module docstring); only KANO's number of features depends on it.

    Returns
    -------
    list of Field
    """
    _check_kind(kind)
    result = _common_fields()
    if kind == "kano":
        for index in range(kano_feature_count(mapping)):
            number = index + 1
            result += [
                Field(f"f{index}.functional", "mapping.field.functional", "mapping.group.kano",
                      index == 0, "kano", (("n", number),), named=True),
                Field(f"f{index}.dysfunctional", "mapping.field.dysfunctional",
                      "mapping.group.kano", index == 0, "kano", (("n", number),)),
            ]
    elif kind == "servqual":
        for role, group in (("E", "mapping.group.expectation"), ("P", "mapping.group.perception")):
            for number in range(1, _SERVQUAL_ITEMS + 1):
                result.append(Field(f"{role}{number}", f"mapping.field.{role}", group, False,
                                    "agree7", (("n", number),)))
    else:
        result += [
            Field(key, f"mapping.field.{key}", "mapping.group.scores", key == "recommend", name)
            for key, name in _NPS_FIELDS
        ]
        result += [
            Field(f"csat_{tp}", "mapping.field.touchpoint", "mapping.group.touchpoints", False,
                  "csat5", (("touchpoint", _Touchpoint(tp)),))
            for tp in _NPS_TOUCHPOINTS
        ]
        result.append(Field("comment", "mapping.field.comment", "mapping.group.scores"))
    return result


class _Touchpoint:
    """A touchpoint name as a message parameter, in the language of the moment."""

    def __init__(self, tp: str) -> None:
        self.tp = tp

    def __format__(self, spec: str) -> str:
        key = f"nps.tp.{self.tp}"
        return format(i18n.t(key) if key in i18n.catalogue() else self.tp, spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Touchpoint) and other.tp == self.tp

    def __hash__(self) -> int:
        return hash(self.tp)


def kano_feature_count(mapping: Mapping[str, Any] | None) -> int:
    """How many features a KANO mapping holds (at least one)."""
    columns = (mapping or {}).get("columns") or {}
    indices = [int(m.group(1)) for key in columns if (m := re.match(r"^f(\d+)\.", key))]
    return max(indices, default=0) + 1


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        message = f"kind must be one of {KINDS}, got {kind!r}"
        raise ValueError(message)


# --------------------------------------------------------------------------- layout
def signature(columns: Sequence[Any]) -> str:
    """A short fingerprint of a file's layout (its headers, in order): the key under which
    a confirmed mapping is remembered for the next file of the same layout."""
    text = "\x1f".join(normalise(column) for column in columns)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def needs_mapping(kind: str, frame: pd.DataFrame) -> bool:
    """Whether ``frame`` is a survey export to map, not the exercise's own layout.

    True when the exercise's own columns are missing and the answers look like the exercise's
    questions: two columns or more of KANO answers, or of 1-7 ratings; for NPS a 0-10 question
    (its header says "recommend", or answers of 0, 8, 9 or 10 show it is no 1-5 or 1-7 scale).
    Any other file keeps the exercise's own message about missing columns.
    """
    _check_kind(kind)
    headers = {normalise(column) for column in frame.columns}
    if kind == "kano" and {"respondent", "feature", "functional", "dysfunctional"} <= headers:
        return False
    if kind == "servqual":
        from .servqual import _WIDE_RE  # the wide layout servqual.read_responses reads itself

        if {"respondent", "item", "expectation", "perception"} <= headers or any(
            _WIDE_RE.match(str(column).strip()) for column in frame.columns
        ):
            return False
    if kind == "nps" and ("recommend" in headers or {"question", "answer"} <= headers):
        return False
    columns = [c for c in _unique_columns(frame) if not _RESPONDENT.match(_header(c))]
    if kind == "nps":  # a 0-10 question: its header says so, or answers beyond 1-7 show it
        return any(_on(frame, c, "nps") and (_RECOMMEND.search(_header(c)) or _beyond_seven(frame[c]))
                   for c in columns)
    name = "kano" if kind == "kano" else "agree7"
    return sum(_on(frame, c, name) for c in columns) >= 2  # a pair at least (E and P, or a feature)


def _beyond_seven(values: Any) -> bool:
    """Whether a 0-10 column has an answer no 1-5 or 1-7 scale has (0, 8, 9, 10)."""
    which = scale("nps")
    return any(code in (0, 8, 9, 10) for code in (which.code(v) for v in values) if code is not None)


def _unique_columns(frame: pd.DataFrame) -> list[str]:
    seen: list[str] = []
    for column in frame.columns:
        if str(column) not in seen:
            seen.append(str(column))
    return seen


def _header(column: Any) -> str:
    """A header without its question number ("3、如果…" -> "如果…"), normalised."""
    return _NUMBERING.sub("", normalise(column), count=1).strip()


def _on(frame: pd.DataFrame, column: str, name: str) -> bool:
    return share_on_scale(frame[column], scale(name)) >= _MATCH_SHARE


# --------------------------------------------------------------------------- guess
def guess(kind: str, frame: pd.DataFrame) -> dict[str, Any]:
    """Propose a mapping of ``frame``'s columns to the fields of ``kind``.

    Parameters
    ----------
    kind : str
        ``"kano"``, ``"servqual"`` or ``"nps"``.
    frame : pandas.DataFrame
        The export as read (cells as text).

    Returns
    -------
    dict
        ``{"columns": {...}, "names": {...}}``; every field has a key (``""`` = no column
        found). The learner confirms or corrects it.
    """
    _check_kind(kind)
    columns = _unique_columns(frame)
    chosen: dict[str, str] = {}
    used: set[str] = set()

    def take(key: str, column: str | None) -> None:
        if column and column not in used:
            chosen[key] = column
            used.add(column)

    take("respondent", next((c for c in columns if _RESPONDENT.match(_header(c))), None))
    for key, pattern in (("tenure", _TENURE), ("tier", _TIER)):
        by_header = [c for c in columns if c not in used and pattern.search(_header(c))]
        by_answers = [c for c in columns if c not in used and _segment_share(frame[c], key) >= 0.5]
        take(key, next(iter(by_answers + by_header), None))  # "答题时长" is no tenure
    names: dict[str, str] = {}
    if kind == "kano":
        _guess_kano(frame, [c for c in columns if c not in used], chosen, names)
    elif kind == "servqual":
        _guess_servqual(frame, [c for c in columns if c not in used], chosen)
    else:
        _guess_nps(frame, [c for c in columns if c not in used], chosen)
    mapping = {"columns": chosen, "names": names}
    every = {field.key: chosen.get(field.key, "") for field in fields(kind, mapping)}
    return {"columns": every, "names": names}


def _segment_share(values: Any, column: str) -> float:
    answers = [normalise(v).strip(_PUNCT) for v in values if not is_blank(v)]
    if not answers:
        return 0.0
    words = _segment_words(column)
    return sum(a in words for a in answers) / len(answers)


def _guess_kano(
    frame: pd.DataFrame, columns: list[str], chosen: dict[str, str], names: dict[str, str]
) -> None:
    """Consecutive KANO-answer columns pair up; the question with the negation is the
    dysfunctional one (ties: the first is functional)."""
    candidates = [c for c in columns if _on(frame, c, "kano")]
    index = 0
    position = 0
    while position + 1 < len(candidates):
        first, second = candidates[position], candidates[position + 1]
        functional, dysfunctional = _order_pair(first, second)
        chosen[f"f{index}.functional"] = functional
        chosen[f"f{index}.dysfunctional"] = dysfunctional
        names[f"f{index}.functional"] = feature_name(functional)
        index += 1
        position += 2


def _order_pair(first: str, second: str) -> tuple[str, str]:
    a, b = _header(first), _header(second)
    if _DYSFUNCTIONAL_WORD.search(a) or _FUNCTIONAL_WORD.search(b):
        return second, first
    if _DYSFUNCTIONAL_WORD.search(b) or _FUNCTIONAL_WORD.search(a):
        return first, second
    if len(_NEGATION.findall(a)) > len(_NEGATION.findall(b)):
        return second, first
    return first, second


def feature_name(header: Any) -> str:
    """The feature a KANO question asks about, from its header.

    "3、如果网速总能达到套餐承诺的速率，您的感受是？" -> "网速总能达到套餐承诺的速率";
    "Functional [Speed as promised]" -> "Speed as promised". A course feature's name (any
    language) gives the course's feature code, so the lecture's texts apply.
    """
    from .kano_html import feature_from_text

    raw = unicodedata.normalize("NFKC", str(header)).strip()
    raw = _NUMBERING.sub("", raw, count=1)
    bracket = _BRACKET.search(raw)
    if bracket:
        text = bracket.group(1)
    else:
        text = _LEADING_IF.sub("", raw.strip())
        text = _TRAILING_QUESTION.sub("", text)
    text = text.strip(_PUNCT + "?!") or raw.strip()  # NFKC made "？" a "?"
    return feature_from_text(text)


def _guess_servqual(frame: pd.DataFrame, columns: list[str], chosen: dict[str, str]) -> None:
    """1-7 columns: by their header's role word (期望/感知, expectation/perception), else the
    first 22 are expectations and the next 22 perceptions; items by the number in the header
    when every column of a role has a distinct one, else in file order."""
    ratings = [c for c in columns if _on(frame, c, "agree7")]
    roles: dict[str, list[str]] = {"E": [], "P": []}
    unknown: list[str] = []
    for column in ratings:
        header = _header(column)
        is_e, is_p = bool(_EXPECTATION.search(header)), bool(_PERCEPTION.search(header))
        if is_e and not is_p:
            roles["E"].append(column)
        elif is_p and not is_e:
            roles["P"].append(column)
        else:
            unknown.append(column)
    if unknown and not roles["E"] and not roles["P"]:
        roles["E"], roles["P"] = unknown[:_SERVQUAL_ITEMS], unknown[_SERVQUAL_ITEMS:]
    for role, role_columns in roles.items():
        numbers = [_item_number(c) for c in role_columns]
        if None not in numbers and len(set(numbers)) == len(numbers) and all(
            1 <= n <= _SERVQUAL_ITEMS for n in numbers if n is not None
        ):
            pairs = zip(numbers, role_columns, strict=True)
        else:
            pairs = zip(range(1, _SERVQUAL_ITEMS + 1), role_columns, strict=False)
        for number, column in pairs:
            chosen[f"{role}{number}"] = column


def _item_number(column: str) -> int | None:
    header = _header(column)
    header = _EXPECTATION.sub(" ", header)
    header = _PERCEPTION.sub(" ", header)
    match = re.search(r"(?:^|[^\d])(\d{1,2})(?:[^\d]|$)", header)
    return int(match.group(1)) if match else None


def _guess_nps(frame: pd.DataFrame, columns: list[str], chosen: dict[str, str]) -> None:
    used: set[str] = set()

    def pick(key: str, found: Iterable[str]) -> None:
        column = next((c for c in found if c not in used), None)
        if column:
            chosen[key] = column
            used.add(column)

    # Touchpoint questions first (they say "满意" too): each 1-5 column to the touchpoint
    # whose name (either language) its text resembles most, best pairs first.
    ratings = [c for c in columns if _on(frame, c, "csat5")]
    scored = sorted(
        ((max(similarity(_subject(c), name) for name in names), c, tp)
         for c in ratings for tp, names in _touchpoint_names().items()),
        key=lambda entry: -entry[0],
    )
    for score, column, tp in scored:
        if score >= _TOUCHPOINT_SIMILARITY and column not in used and f"csat_{tp}" not in chosen:
            chosen[f"csat_{tp}"] = column
            used.add(column)
    pick("recommend", [c for c in columns if _RECOMMEND.search(_header(c)) and _on(frame, c, "nps")])
    pick("recommend", [c for c in columns if _on(frame, c, "nps") and not _on(frame, c, "csat5")])
    pick("ces", [c for c in columns if _CES.search(_header(c)) and _on(frame, c, "ces7")])
    pick("csat", [c for c in columns if _CSAT.search(_header(c)) and _on(frame, c, "csat5")])
    pick("comment", [c for c in columns if _COMMENT.search(_header(c))])


def _subject(column: str) -> str:
    """What a question is about: the bracketed row of a grid question ("… [Online order]"),
    the quoted part of a 问卷星 question ("您对「线上下单」的满意度"), else the header."""
    header = _header(column)
    for pattern in (_BRACKET, _QUOTED):
        found = pattern.search(header)
        if found:
            return found.group(1)
    return header


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two texts (punctuation and spaces left
    out, case and width folded): 1 for the same text, 0 for nothing in common."""

    def grams(text: str) -> set[str]:
        chars = [c for c in normalise(text) if c.isalnum()]
        return {a + b for a, b in itertools.pairwise(chars)}

    x, y = grams(a), grams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


@lru_cache(maxsize=1)
def _touchpoint_names() -> dict[str, tuple[str, ...]]:
    catalogue = i18n.catalogue()
    return {
        tp: tuple(normalise(t) for t in catalogue.get(f"nps.tp.{tp}", {}).values())
        for tp in _NPS_TOUCHPOINTS
    }


# --------------------------------------------------------------------------- check
def clean_mapping(kind: str, frame: pd.DataFrame, stored: Any) -> dict[str, Any]:
    """A stored or edited mapping made safe for ``frame``: known keys, existing columns."""
    _check_kind(kind)
    stored = stored if isinstance(stored, Mapping) else {}
    raw_columns = stored.get("columns") if isinstance(stored.get("columns"), Mapping) else {}
    raw_names = stored.get("names") if isinstance(stored.get("names"), Mapping) else {}
    present = set(_unique_columns(frame))
    probe = {"columns": {k: v for k, v in raw_columns.items() if isinstance(k, str)}}
    columns = {}
    names = {}
    for field in fields(kind, probe):
        value = raw_columns.get(field.key, "")
        columns[field.key] = value if isinstance(value, str) and value in present else ""
        if field.named:
            name = raw_names.get(field.key)
            names[field.key] = name.strip() if isinstance(name, str) else ""
    return {"columns": columns, "names": names}


def check(kind: str, frame: pd.DataFrame, mapping: Mapping[str, Any]) -> dict[str, CXError]:
    """What is wrong with ``mapping`` for ``frame``, by field key (empty: nothing).

    Key ``""`` holds a problem of the whole mapping (e.g. no question mapped at all).
    """
    _check_kind(kind)
    mapping = clean_mapping(kind, frame, mapping)
    columns = mapping["columns"]
    problems: dict[str, CXError] = {}
    owners: dict[str, str] = {}
    for field in fields(kind, mapping):
        column = columns[field.key]
        if not column:
            if field.required:
                problems[field.key] = CXError("mapping.error.required")
            continue
        if column in owners:
            problems[field.key] = CXError("mapping.error.twice", column=column,
                                          other=_FieldLabel(kind, owners[column], mapping))
            continue
        owners[column] = field.key
        if field.named and not mapping["names"].get(field.key):
            problems[field.key] = CXError("mapping.error.no_name")
            continue
        if field.scale:
            which = scale(field.scale)
            unknown = off_scale(frame[column], which)
            if unknown:
                shown = _List(f"“{u}”" for u in unknown[:_LISTED])
                more = len(unknown) - _LISTED
                problems[field.key] = CXError(
                    "mapping.error.labels" if more <= 0 else "mapping.error.labels_more",
                    column=column, labels=shown, more=more, low=which.low, high=which.high,
                )
    if kind == "kano":
        _check_kano_pairs(mapping, problems)
        names = [mapping["names"].get(f"f{i}.functional", "") for i in range(kano_feature_count(mapping))
                 if columns.get(f"f{i}.functional")]
        repeated = sorted({n for n in names if n and names.count(n) > 1})
        if repeated:
            problems[""] = CXError("mapping.error.same_name", names=_List(repeated))
    if kind == "servqual":
        for number in range(1, _SERVQUAL_ITEMS + 1):
            e, p = columns.get(f"E{number}"), columns.get(f"P{number}")
            if bool(e) != bool(p):
                key = f"P{number}" if e else f"E{number}"
                problems.setdefault(key, CXError("mapping.error.unpaired", n=number))
        if not any(columns.get(f"E{n}") for n in range(1, _SERVQUAL_ITEMS + 1)):
            problems.setdefault("", CXError("mapping.error.no_items"))
    return problems


def _check_kano_pairs(mapping: Mapping[str, Any], problems: dict[str, CXError]) -> None:
    columns = mapping["columns"]
    for index in range(kano_feature_count(mapping)):
        f, d = columns.get(f"f{index}.functional"), columns.get(f"f{index}.dysfunctional")
        if bool(f) != bool(d):
            key = f"f{index}.dysfunctional" if f else f"f{index}.functional"
            problems.setdefault(key, CXError("mapping.error.kano_pair", n=index + 1))


class _List:
    """Items as a message parameter, joined as a list in the language of the moment."""

    def __init__(self, items: Iterable[str]) -> None:
        self.items = list(items)

    def __format__(self, spec: str) -> str:
        return format(i18n.join(self.items), spec)

    def __contains__(self, item: str) -> bool:
        return item in self.items


class _FieldLabel:
    """A field's label as a message parameter, in the language of the moment."""

    def __init__(self, kind: str, key: str, mapping: Mapping[str, Any]) -> None:
        self.field = next(f for f in fields(kind, mapping) if f.key == key)

    def __format__(self, spec: str) -> str:
        return format(self.field.label(), spec)


# --------------------------------------------------------------------------- apply
def apply(kind: str, frame: pd.DataFrame, mapping: Mapping[str, Any]) -> pd.DataFrame:
    """The exercise's own table from ``frame`` and a mapping without problems.

    Parameters
    ----------
    kind : str
        ``"kano"``, ``"servqual"`` or ``"nps"``.
    frame : pandas.DataFrame
        The export.
    mapping : dict
        See the module docstring.

    Returns
    -------
    pandas.DataFrame
        KANO: the long layout (``respondent``, segments, ``feature``, ``functional``,
        ``dysfunctional``; a course feature's name becomes its code; answer pairs with a
        blank left out, counted in ``attrs["skipped"]``). SERVQUAL: the wide layout (``E1``..``P22``, blanks as
        missing). NPS: the wide layout (``recommend``, ``csat``, ``ces``, ``csat_<tp>``,
        ``comment``). Segments are the course's codes where the answer is a known wording.

    Raises
    ------
    CXError
        The first problem :func:`check` finds.
    """
    import pandas as pd

    problems = check(kind, frame, mapping)
    if problems:
        key = next(iter(problems))
        raise problems[key]
    mapping = clean_mapping(kind, frame, mapping)
    columns = mapping["columns"]
    base = pd.DataFrame(index=frame.index)
    if columns["respondent"]:
        base["respondent"] = [" ".join(str(v).split()) if not is_blank(v) else "" for v in
                              frame[columns["respondent"]]]
    else:
        base["respondent"] = [str(i) for i in range(1, len(frame) + 1)]
    for segment in SEGMENTS:
        if columns[segment]:
            base[segment] = [segment_code(segment, v) for v in frame[columns[segment]]]
    if kind == "kano":
        return _apply_kano(frame, mapping, base)
    result = base.copy()
    for field in fields(kind, mapping):
        column = columns[field.key]
        if not column or field.key in ("respondent", *SEGMENTS):
            continue
        if field.scale is None:
            result[field.key] = [str(v).strip() if not is_blank(v) else "" for v in frame[column]]
        else:
            which = scale(field.scale)
            result[field.key] = pd.array(
                [None if is_blank(v) else which.code(v) for v in frame[column]], dtype="Int64")
    return result.reset_index(drop=True)


def _apply_kano(frame: pd.DataFrame, mapping: Mapping[str, Any], base: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    from .kano_html import feature_from_text  # a course feature's name gives its code

    which = scale("kano")
    columns = mapping["columns"]
    parts = []
    skipped = 0
    for index in range(kano_feature_count(mapping)):
        f, d = columns.get(f"f{index}.functional"), columns.get(f"f{index}.dysfunctional")
        if not (f and d):
            continue
        part = base.copy()
        part["feature"] = feature_from_text(mapping["names"][f"f{index}.functional"])
        part["functional"] = [None if is_blank(v) else which.code(v) for v in frame[f]]
        part["dysfunctional"] = [None if is_blank(v) else which.code(v) for v in frame[d]]
        complete = part["functional"].notna() & part["dysfunctional"].notna()
        skipped += int((~complete).sum())
        parts.append(part[complete])
    result = pd.concat(parts, ignore_index=True) if parts else base.iloc[0:0]
    for column in ("functional", "dysfunctional"):
        if column in result:
            result[column] = result[column].astype("int64")
    result.attrs["skipped"] = skipped
    return result


def describe(kind: str, frame: pd.DataFrame, mapping: Mapping[str, Any]) -> dict[str, int]:
    """Counts for the confirmation line: respondents (rows) and fields mapped."""
    mapping = clean_mapping(kind, frame, mapping)
    mapped = sum(1 for key, column in mapping["columns"].items()
                 if column and key not in ("respondent", *SEGMENTS))
    return {"rows": len(frame), "mapped": mapped}
