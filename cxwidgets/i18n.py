"""One translation mechanism for every label, message and error of the course.

Strings live in JSON catalogues under ``cxwidgets/locales/``: one file per
domain (``common.json``, ``kano.json``, ...), each mapping a dotted key to
``{"zh-CN": "...", "en": "..."}``. Keys must be unique across files. Text may
hold ``str.format`` placeholders, e.g. ``"{n} rows"``.

The active language is per kernel (one kernel serves one learner's page).
Widgets subscribe with :func:`on_change` to relabel themselves when the
learner switches language.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

LANGUAGES: tuple[str, ...] = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"

_state = {"language": DEFAULT_LANGUAGE}
_listeners: list[Callable[[str], None]] = []
_missing: set[str] = set()
log = logging.getLogger("cxwidgets")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Return the merged catalogue ``{key: {language: text}}`` of all locale files."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("cxwidgets") / "locales"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        for key, texts in data.items():
            if key in merged:
                message = f"i18n key {key!r} is defined twice (again in {entry.name})"
                raise RuntimeError(message)
            merged[key] = texts
    return merged


def normalize_language(language: str | None) -> str:
    """Map loose spellings (``zh``, ``zh_CN``, ``EN-us``) to a supported language code."""
    if not language:
        return DEFAULT_LANGUAGE
    code = str(language).strip().replace("_", "-").lower()
    if code.startswith("zh"):
        return "zh-CN"
    if code.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def get_language() -> str:
    """The active language code."""
    return _state["language"]


def set_language(language: str) -> str:
    """Switch the active language and notify subscribers; returns the code used."""
    code = normalize_language(language)
    if code != _state["language"]:
        _state["language"] = code
        for callback in list(_listeners):
            try:
                callback(code)
            except Exception:  # one broken listener must not stop the others
                log.exception("language listener %r failed", callback)
    return code


def listener_count() -> int:
    """How many language listeners are registered (tests check that closing frees them)."""
    return len(_listeners)


def on_change(callback: Callable[[str], None]) -> Callable[[], None]:
    """Call ``callback(language)`` after every language switch; returns an unsubscribe function."""
    _listeners.append(callback)

    def unsubscribe() -> None:
        if callback in _listeners:
            _listeners.remove(callback)

    return unsubscribe


def t(key: str, language: str | None = None, /, **params: object) -> str:
    """Translate ``key`` into the active (or given) language, filling ``params``.

    A missing key returns the key itself so a page never breaks; the unit
    tests check that every key used in the package exists in both languages.
    """
    texts = catalogue().get(key)
    if texts is None:
        _missing.add(key)
        return key
    code = normalize_language(language) if language else _state["language"]
    text = texts.get(code) or texts.get(DEFAULT_LANGUAGE) or key
    return text.format(**params) if params else text


def join(items: object, language: str | None = None) -> str:
    """Items joined as a list in ``language``: ``甲、乙、丙`` or ``a, b, c``."""
    return t("common.list_separator", language).join(str(item) for item in items)


def missing_keys() -> set[str]:
    """Keys asked for at run time that the catalogue lacks (the test suite fails on any)."""
    return set(_missing)


def both(key: str, /, **params: object) -> dict[str, str]:
    """The text of ``key`` in every language, e.g. for bilingual exports."""
    return {code: t(key, code, **params) for code in LANGUAGES}


class using:
    """Temporarily make ``language`` active without notifying widgets (exports, reports)."""

    def __init__(self, language: str | None) -> None:
        self.language = normalize_language(language) if language else _state["language"]
        self.previous = _state["language"]

    def __enter__(self) -> str:
        self.previous = _state["language"]
        _state["language"] = self.language
        return self.language

    def __exit__(self, *_exc: object) -> None:
        _state["language"] = self.previous
