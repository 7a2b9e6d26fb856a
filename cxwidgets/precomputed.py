"""Results on the course's sample data, computed ahead by ``data/make_precomputed.py``.

Two analyses of the sample data need libraries that cost a page kernel a lot of memory, for
a result that is the same for every learner who has not uploaded data of their own:

* the customer-voice words of lecture 08 (:func:`cxwidgets.voice.analyse`) load jieba and its
  dictionary (~70 MB per kernel);
* the shifted-beta-geometric fits of lecture 01 (:func:`cxwidgets.retention.fit`) load
  ``scipy.optimize`` (~35 MB).

``data/precomputed.json`` holds those results, each under a key made from its exact input
(the cohort's counts; a digest of the survey's respondents, scores and comments), so a result
is only ever used for the very input it was computed from; any other input is computed as
before. ``tests/unit/test_precomputed.py`` recomputes every stored result and fails, naming the
script to run, when the code has changed and the file is stale.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from . import datasets

FILE = "precomputed.json"


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The stored results (empty when the file is missing or unreadable)."""
    try:
        return json.loads(datasets.path(FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def sbg_key(counts: Sequence[int]) -> str:
    """Key of a cohort's fit: its counts."""
    return ",".join(str(int(count)) for count in counts)


def sbg_fit(counts: Sequence[int]) -> tuple[float, float] | None:
    """The stored ``(alpha, beta)`` fitted to exactly these counts, or None."""
    found = table().get("sbg_fits", {}).get(sbg_key(counts))
    return (float(found[0]), float(found[1])) if found else None


def voice_key(rows: Iterable[tuple[Any, Any, Any]]) -> str:
    """Key of a customer-voice analysis: a digest of (respondent, recommend, comment) rows."""
    digest = hashlib.sha256()
    for respondent, score, comment in rows:
        digest.update(json.dumps([str(respondent), _score(score), _text(comment)],
                                 ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def voice_analysis(key: str) -> dict[str, Any] | None:
    """The stored analysis of the survey with this :func:`voice_key`, or None."""
    found = table().get("voice", {}).get(key)
    return copy.deepcopy(found) if found is not None else None  # the caller may change it


def _score(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _text(value: Any) -> str:
    return "" if value is None or value != value else str(value)
