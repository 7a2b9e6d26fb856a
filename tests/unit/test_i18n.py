"""The catalogue: both languages everywhere, same placeholders, no missing keys."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from cxwidgets import i18n

PACKAGE = Path(__file__).resolve().parents[2] / "cxwidgets"
DOMAINS = {p.stem for p in (PACKAGE / "locales").glob("*.json")} | {"course", "report"}
KEY_LITERAL = re.compile(r"""["']([a-z][a-z0-9_]*(?:\.[A-Za-z0-9_+\-]+)+)["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_has_both_languages_with_the_same_placeholders():
    for key, texts in i18n.catalogue().items():
        assert set(texts) >= set(i18n.LANGUAGES), key
        assert all(texts[code].strip() for code in i18n.LANGUAGES), key
        assert _fields(texts["zh-CN"]) == _fields(texts["en"]), key


def _used_keys():
    for path in PACKAGE.rglob("*.py"):
        for match in KEY_LITERAL.finditer(path.read_text(encoding="utf-8")):
            key = match.group(1)
            if key.split(".")[0] in DOMAINS and not key.endswith("."):
                yield path.name, key


def test_every_key_used_in_the_code_exists():
    catalogue = i18n.catalogue()
    prefixes = {key.rsplit(".", 1)[0] for key in catalogue}
    missing = [
        (name, key)
        for name, key in _used_keys()
        if key not in catalogue and key not in prefixes and not key.endswith((".py", ".json", ".css", ".js"))
    ]
    assert not missing, missing


def test_switching_language_notifies_and_translates():
    seen = []
    unsubscribe = i18n.on_change(seen.append)
    try:
        i18n.set_language("en")
        assert i18n.t("common.header.home") == "Course home"
        i18n.set_language("zh")
        assert i18n.t("common.header.home") == "课程首页"
    finally:
        unsubscribe()
        i18n.set_language("zh-CN")
    assert seen == ["en", "zh-CN"]


@pytest.mark.parametrize(("given", "code"), [("zh_CN", "zh-CN"), ("EN-us", "en"), ("fr", "zh-CN"), (None, "zh-CN")])
def test_normalize_language(given, code):
    assert i18n.normalize_language(given) == code


def test_using_does_not_notify():
    seen = []
    unsubscribe = i18n.on_change(seen.append)
    with i18n.using("en"):
        assert i18n.t("common.header.home") == "Course home"
    unsubscribe()
    assert seen == [] and i18n.get_language() == "zh-CN"
