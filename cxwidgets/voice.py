"""The customer's own words: Chinese comments counted and compared (lecture 08).

* :func:`tokenize` cuts a comment into the words that are counted: jieba with the course
  dictionary (``content/voice_dictionary.txt``: 光猫, 装维, 宽带 ...), Chinese stop words
  (``content/voice_stopwords.txt``) dropped, **one-character complaint words kept** (慢, 卡,
  贵: jieba's keyword extraction would drop them, so tokens are counted directly), degree
  adverbs taken off a word (太慢 -> 慢), a few jieba words split (视频卡 -> 视频 + 卡), and **negation kept with its word** (不 + 稳定 ->
  不稳定, 没 + 测速 -> 没测速). The rule lists are in ``content/nps.json`` (``voice``).
* :func:`log_odds` compares two groups' word counts by the log-odds ratio with an informative
  Dirichlet prior (Monroe, Colaresi & Quinn 2008, Political Analysis 16(4), eqs. 16 and 20).

jieba is imported on the first :func:`tokenize` call (not at page start) and initialised
quietly (its "Building prefix dict" lines go nowhere).
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

CONTENT = Path(__file__).resolve().parent / "content"
#: Default total prior mass ``a0`` of :func:`default_prior` (pseudo-words).
PRIOR_SIZE = 100.0
#: Prior of a word the given prior does not name.
PRIOR_FLOOR = 0.01

_LOCK = threading.Lock()
_TOKENIZER: Any = None
_PUNCTUATION = re.compile(r"^[\W_]+$", re.UNICODE)


@cache
def rules() -> dict[str, Any]:
    """The voice rules of ``content/nps.json`` (negations, single words, degree, links)."""
    return json.loads((CONTENT / "nps.json").read_text(encoding="utf-8"))["voice"]


@cache
def stop_words() -> frozenset[str]:
    """The Chinese stop words (``content/voice_stopwords.txt``)."""
    lines = (CONTENT / "voice_stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _tokenizer() -> Any:
    """jieba's tokenizer with the course dictionary, built once, without console output."""
    global _TOKENIZER
    with _LOCK:
        if _TOKENIZER is None:
            import jieba

            jieba.setLogLevel(logging.ERROR)
            jieba.default_logger.handlers.clear()
            jieba.default_logger.addHandler(logging.NullHandler())
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            tokenizer.load_userdict(str(CONTENT / "voice_dictionary.txt"))
            for pair in rules().get("splits", []):
                tokenizer.suggest_freq(tuple(pair), tune=True)
            _TOKENIZER = tokenizer
    return _TOKENIZER


def _normalise(text: str) -> str:
    return re.sub(r"wi-?fi", "WiFi", text, flags=re.IGNORECASE)


def _strip_degree(token: str, degree: Iterable[str], single: set[str]) -> str:
    for prefix in degree:
        rest = token[len(prefix):]
        if token.startswith(prefix) and rest and (len(rest) > 1 or rest in single):
            return rest
    return token


def tokenize(text: str | None) -> list[str]:
    """The words of ``text`` used for counting (see the module docstring for the rules).

    >>> tokenize("晚高峰网络不稳定，维修太慢")  # doctest: +SKIP
    ['晚高峰', '网络', '不稳定', '维修', '慢']
    """
    if not text or not isinstance(text, str):
        return []
    voice = rules()
    negations = set(voice["negations"])
    single = set(voice["single"])
    stops = stop_words()
    raw = [t.strip() for t in _tokenizer().lcut(_normalise(text)) if t.strip()]
    words: list[str] = []
    pending: str | None = None
    for token in raw:
        if _PUNCTUATION.match(token):
            pending = None
            continue
        if token in negations:
            pending = (pending or "") + token
            continue
        if token in stops:
            continue
        token = _strip_degree(token, voice["degree"], single)
        if pending:
            words.append(pending + token)
            pending = None
            continue
        if len(token) == 1 and token not in single:
            continue
        words.append(token)
    return words


# --------------------------------------------------------------------------- log-odds
def default_prior(counts_a: Mapping[str, float], counts_b: Mapping[str, float],
                  size: float = PRIOR_SIZE) -> dict[str, float]:
    """The informative prior of :func:`log_odds`: both groups' word frequencies, scaled.

    ``a_w = size * (y_aw + y_bw) / (n_a + n_b)``, so ``a0 = size`` pseudo-words spread like
    the pooled corpus (Monroe et al. 2008 use a background corpus; here the two groups
    together are the background).
    """
    words = set(counts_a) | set(counts_b)
    total = sum(counts_a.values()) + sum(counts_b.values())
    if total <= 0:
        return dict.fromkeys(words, PRIOR_FLOOR)
    return {w: size * (counts_a.get(w, 0) + counts_b.get(w, 0)) / total for w in words}


def log_odds(
    counts_a: Mapping[str, float],
    counts_b: Mapping[str, float],
    prior: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Log-odds ratio of each word between groups a and b, informative Dirichlet prior.

    ``delta_w = log((y_aw + a_w) / (n_a + a0 - y_aw - a_w))
    - log((y_bw + a_w) / (n_b + a0 - y_bw - a_w))``,
    ``se_w = sqrt(1 / (y_aw + a_w) + 1 / (y_bw + a_w))``, ``z = delta / se``,
    ``a0 = sum(a_w)`` (Monroe, Colaresi & Quinn 2008, eqs. 16 and 20).

    Parameters
    ----------
    counts_a, counts_b : mapping
        Word -> count of each group.
    prior : mapping, optional
        Word -> ``a_w``; default :func:`default_prior`. Words it lacks get
        :data:`PRIOR_FLOOR`.

    Returns
    -------
    pandas.DataFrame
        One row per word (column ``word``), columns ``count_a``, ``count_b``, ``prior``,
        ``delta``, ``se``, ``z``, sorted by ``z`` from most typical of a to most typical of b.
    """
    import pandas as pd

    words = sorted(set(counts_a) | set(counts_b))
    alpha = default_prior(counts_a, counts_b) if prior is None else dict(prior)
    a_w = {w: float(alpha.get(w, PRIOR_FLOOR)) or PRIOR_FLOOR for w in words}
    a0 = float(sum(alpha.values())) if prior is not None else float(sum(a_w.values()))
    n_a = float(sum(counts_a.values()))
    n_b = float(sum(counts_b.values()))
    rows = []
    for w in words:
        ya, yb, aw = float(counts_a.get(w, 0)), float(counts_b.get(w, 0)), a_w[w]
        delta = math.log((ya + aw) / (n_a + a0 - ya - aw)) - math.log((yb + aw) / (n_b + a0 - yb - aw))
        se = math.sqrt(1 / (ya + aw) + 1 / (yb + aw))
        rows.append({"word": w, "count_a": ya, "count_b": yb, "prior": aw,
                     "delta": delta, "se": se, "z": delta / se})
    frame = pd.DataFrame(rows, columns=["word", "count_a", "count_b", "prior", "delta", "se", "z"])
    return frame.sort_values(["z", "word"], ascending=[False, True]).reset_index(drop=True)


# --------------------------------------------------------------------------- the survey
def links(words: Iterable[str]) -> list[str]:
    """Touchpoint ids a comment's words name (course lexicon ``voice.links``), in journey order."""
    found = set(words)
    return [tp for tp, lexicon in rules()["links"].items() if found & set(lexicon)]


def word_touchpoints(word: str) -> list[str]:
    """Touchpoint ids whose lexicon holds ``word``."""
    return [tp for tp, lexicon in rules()["links"].items() if word in lexicon]


DEFAULT_TOP = 12
"""Words shown per side."""


def analyse(frame: pd.DataFrame, top: int = DEFAULT_TOP, stored: bool = True) -> dict[str, Any]:
    """Promoters' against detractors' words of a survey (``recommend`` and ``comment``).

    Returns JSON: ``words`` (the ``top`` most typical words of each side, each
    ``{"word", "side": "promoter"|"detractor", "z", "delta", "promoters", "detractors",
    "touchpoints"}``), ``tokens`` (respondent -> words, for "the comments behind a word"),
    ``comments`` (respondents with a comment, per side) and ``links`` (touchpoint -> number
    of detractor comments naming it).

    With ``stored`` (the default), the analysis of a survey whose respondents, scores and
    comments are exactly the sample's is read from ``data/precomputed.json``
    (:mod:`cxwidgets.precomputed`) instead of loading jieba.
    """
    if stored and top == DEFAULT_TOP:
        from . import precomputed

        rows = zip(frame["respondent"], frame["recommend"], frame["comment"], strict=True)
        found = precomputed.voice_analysis(precomputed.voice_key(rows))
        if found is not None:
            return found
    recommend = frame["recommend"]
    has_text = frame["comment"].astype(str).str.strip() != ""
    tokens: dict[str, list[str]] = {}
    promoters: Counter[str] = Counter()
    detractors: Counter[str] = Counter()
    link_counts: Counter[str] = Counter()
    side_of: dict[str, str] = {}
    for respondent, score, comment, keep in zip(
        frame["respondent"].astype(str), recommend, frame["comment"], has_text, strict=True
    ):
        if not keep or score is None or score != score:
            continue
        words = tokenize(str(comment))
        tokens[respondent] = words
        if score >= 9:
            promoters.update(words)
            side_of[respondent] = "promoter"
        elif score <= 6:
            detractors.update(words)
            side_of[respondent] = "detractor"
            link_counts.update(links(words))
    table = log_odds(promoters, detractors)
    chosen = [*_side_rows(table.head(top), "promoter"), *_side_rows(table.iloc[::-1].head(top), "detractor")]
    return {
        "words": chosen,
        "tokens": tokens,
        "sides": side_of,
        "comments": {"promoter": sum(1 for s in side_of.values() if s == "promoter"),
                     "detractor": sum(1 for s in side_of.values() if s == "detractor")},
        "links": dict(sorted(link_counts.items(), key=lambda kv: -kv[1])),
    }


def _side_rows(rows: pd.DataFrame, side: str) -> list[dict[str, Any]]:
    sign = 1 if side == "promoter" else -1
    return [
        {"word": r.word, "side": side, "z": float(r.z), "delta": float(r.delta),
         "promoters": int(r.count_a), "detractors": int(r.count_b),
         "touchpoints": word_touchpoints(r.word)}
        for r in rows.itertuples()
        if sign * r.z > 0
    ]


def comments_with(frame: pd.DataFrame, tokens: Mapping[str, list[str]], word: str,
                  sides: Mapping[str, str] | None = None, side: str | None = None,
                  limit: int = 10) -> list[dict[str, Any]]:
    """The comments whose words include ``word`` (at most ``limit``): respondent, score, text.

    With ``sides`` (respondent -> side, from :func:`analyse`) and ``side``, only that side's.
    """
    wanted = {r for r, words in tokens.items() if word in words
              and (side is None or sides is None or sides.get(r) == side)}
    rows = frame[frame["respondent"].astype(str).isin(wanted)]
    return [
        {"respondent": str(r.respondent), "recommend": int(r.recommend), "comment": str(r.comment)}
        for r in rows.head(limit).itertuples()
    ]
