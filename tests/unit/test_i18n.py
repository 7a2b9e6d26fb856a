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
        if key not in catalogue and key not in prefixes and not key.endswith((".py", ".json", ".css", ".js", ".ipynb"))
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


CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
#: Lines between these comments hold vocabularies the course *reads* (answer labels in
#: uploaded files, segment aliases), not text it shows.
INPUT_START, INPUT_END = "# i18n: input vocabulary", "# i18n: end"


def _string_literals(path: Path):
    """(line, text) of every string literal in a module that is not a docstring."""
    import io
    import tokenize

    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
    structural = {tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT}
    for index, token in enumerate(tokens):
        if token.type != tokenize.STRING:
            continue
        before = next((t for t in reversed(tokens[:index]) if t.type not in structural), None)
        after = next((t for t in tokens[index + 1 :] if t.type != tokenize.COMMENT), None)
        is_docstring = (before is None or before.string == ":" or before.type == tokenize.STRING
                        or tokens[index - 1].type in structural) and (
            after is not None and after.type in (tokenize.NEWLINE, tokenize.STRING))
        if not is_docstring:
            yield token.start[0], token.string


def _input_lines(text: str) -> set[int]:
    allowed, inside = set(), False
    for number, line in enumerate(text.splitlines(), start=1):
        if INPUT_START in line:
            inside = True
        if inside:
            allowed.add(number)
        if INPUT_END in line:
            inside = False
    return allowed


def test_no_hard_coded_user_facing_text_in_python():
    """Chinese (or full-width) text in code means a label that bypasses the catalogue."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        allowed = _input_lines(path.read_text(encoding="utf-8"))
        for line, literal in _string_literals(path):
            if CJK.search(literal) and line not in allowed:
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {literal[:40]}")
    assert not found, "text outside the catalogue:\n" + "\n".join(found)


def test_no_hard_coded_text_in_javascript():
    """The ES modules get every label from Python; comments may be in any language."""
    comment = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
    found = []
    for path in sorted((PACKAGE / "static").glob("*.js")):
        code = comment.sub("", path.read_text(encoding="utf-8"))
        for number, line in enumerate(code.splitlines(), start=1):
            if CJK.search(line):
                found.append(f"{path.name}:{number}: {line.strip()[:60]}")
    assert not found, "text outside the catalogue:\n" + "\n".join(found)


def test_missing_keys_are_recorded_at_run_time():
    key = "common.surely.not.a.key"
    assert i18n.t(key) == key
    assert key in i18n.missing_keys()
    i18n._missing.discard(key)


def test_widget_texts_are_catalogue_keys_not_english():
    """``description=``/``placeholder=``/``tooltip=`` given as literals must be keys."""
    literal = re.compile(r"""\b(description|placeholder|tooltip|tooltips)=["']([^"']+)["']""")
    found = []
    for path in [*sorted((PACKAGE / "widgets").rglob("*.py")), PACKAGE / "lesson.py"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in literal.finditer(line):
                if match.group(2) not in i18n.catalogue():
                    found.append(f"{path.relative_to(PACKAGE)}:{number}: {match.group(0)}")
    assert not found, "widget text outside the catalogue:\n" + "\n".join(found)
