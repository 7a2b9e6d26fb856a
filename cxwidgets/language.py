"""The positive-language coach of lecture 09: rule-based feedback on a service reply.

:func:`review` is the public API: ``review(text)`` returns a list of :class:`Finding`, each
with ``start`` and ``end`` (character offsets into ``text``, end exclusive, so
``text[f.start:f.end]`` is the flagged phrase), ``rule`` (a stable id) and ``suggestion``
(a concrete rewrite in the active language; ``why`` says what a customer hears). A good reply
gives an empty list; so does a blank one (nothing to review).

The rules are data: ``cxwidgets/content/language_rules.json`` (read by :func:`load_rules`),
their texts catalogue keys in ``cxwidgets/locales/language.json``. Matching is regular
expressions over the exact characters of the reply (Chinese needs no tokenizer here). Two kinds:

``phrase``
    Every match of a pattern is a finding on its exact characters (``scope == "span"``),
    unless an ``ignore`` pattern matches over it (``能不能`` holds ``不能`` and is a polite
    question) or, for rules with ``unless_followed_by`` (refusals), the next ``within``
    characters after it hold both an *alternative* and a *time* (``alternative_time`` in the
    file): "今天的时段约满了，不能上门；我可以为您安排明天上午 9 点" passes.
``required``
    The reply must contain one of the patterns somewhere (empathy, a solution, a next step).
    When none occurs there is one text-level finding (``scope == "text"``) with
    ``start == end`` at the insertion point: offset 0 for ``insert_at: "start"`` (empathy comes
    first), ``len(text)`` for ``"end"`` (the solution and the next step close the reply).

Findings are sorted by ``start``, then by the rule's order in the file. Results hold rule ids
and offsets; the texts (``why``, ``suggestion``) are looked up in the language asked for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from . import i18n
from .errors import CXError

KINDS = ("phrase", "required")
INSERT_AT = ("start", "end")
CATEGORIES = (
    "refusal", "not_my_job", "blame", "impatience", "conditional_apology", "informal_you",
    "missing",
)
DEFAULT_WITHIN = 60
"""Characters after a refusal searched for an alternative with a time."""


# --------------------------------------------------------------------------- the rules
@dataclass(frozen=True)
class Rule:
    """One rule of the coach (see the module docstring for the two kinds).

    Attributes
    ----------
    id : str
        Stable identifier (``"refusal"``), the ``rule`` of its findings.
    kind : str
        ``"phrase"`` or ``"required"``.
    category : str
        Highlight class of its findings (``cx-lang-<category>``).
    patterns : tuple of re.Pattern
        What the rule looks for.
    why_key, rewrite_key : str
        Catalogue keys: what the customer hears, and a concrete rewrite.
    ignore : tuple of re.Pattern
        Phrase rules: a match covered by one of these is not a finding.
    within : int or None
        Phrase rules: characters after a match searched for an alternative with a time
        (``None``: no such exception).
    insert_at : str
        Required rules: ``"start"`` or ``"end"`` of the reply.
    """

    id: str
    kind: str
    category: str
    patterns: tuple[re.Pattern[str], ...]
    why_key: str
    rewrite_key: str
    ignore: tuple[re.Pattern[str], ...] = ()
    within: int | None = None
    insert_at: str = "end"


@dataclass(frozen=True)
class Rules:
    """The coach's rule set: the rules in order and the alternative/time vocabulary."""

    rules: tuple[Rule, ...]
    alternative: tuple[re.Pattern[str], ...]
    time: tuple[re.Pattern[str], ...]
    steps: Mapping[str, tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]]

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (``KeyError`` when there is none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)


def _compile(patterns: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise CXError("language.error.rules", where=where)
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise CXError("language.error.pattern", where=where, pattern=exc.pattern or "") from exc


def _rule(data: Any, index: int) -> Rule:
    where = f"rules[{index}]"
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise CXError("language.error.rules", where=where)
    where = str(data["id"])
    kind, category = data.get("kind"), data.get("category")
    if kind not in KINDS or category not in CATEGORIES:
        raise CXError("language.error.rules", where=where)
    keys = (data.get("why"), data.get("rewrite"))
    if not all(isinstance(key, str) and key for key in keys):
        raise CXError("language.error.rules", where=where)
    within = None
    if "unless_followed_by" in data:
        within = (data["unless_followed_by"] or {}).get("within", DEFAULT_WITHIN)
        if not isinstance(within, int) or isinstance(within, bool) or within < 1:
            raise CXError("language.error.rules", where=where)
    insert_at = data.get("insert_at", "end")
    if insert_at not in INSERT_AT:
        raise CXError("language.error.rules", where=where)
    return Rule(
        id=where, kind=kind, category=category, patterns=_compile(data.get("patterns"), where),
        why_key=keys[0], rewrite_key=keys[1],
        ignore=_compile(data["ignore"], where) if data.get("ignore") else (),
        within=within, insert_at=insert_at,
    )


def _steps(data: Any) -> dict[str, tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]]:
    if not isinstance(data, dict):
        raise CXError("language.error.rules", where="steps")
    models = {}
    for model, steps in data.items():
        if not isinstance(steps, list) or not steps:
            raise CXError("language.error.rules", where=f"steps.{model}")
        models[model] = tuple(
            (str(step["id"]), _compile(step.get("patterns"), f"steps.{model}.{step['id']}"))
            for step in steps
        )
    return models


def rules_from_data(data: Mapping[str, Any]) -> Rules:
    """Build a rule set from the parsed layout of ``language_rules.json``.

    Raises
    ------
    CXError
        ``language.error.rules`` (a rule lacks a field, or has an unknown kind/category) or
        ``language.error.pattern`` (a pattern is not a valid regular expression), naming it.
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("rules"), list):
        raise CXError("language.error.rules", where="rules")
    rules = tuple(_rule(item, index) for index, item in enumerate(data["rules"]))
    ids = [rule.id for rule in rules]
    if len(set(ids)) != len(ids):
        raise CXError("language.error.rules", where=i18n.join(sorted(set(ids))))
    vocabulary = data.get("alternative_time") or {}
    return Rules(
        rules=rules,
        alternative=_compile(vocabulary.get("alternative"), "alternative_time.alternative"),
        time=_compile(vocabulary.get("time"), "alternative_time.time"),
        steps=_steps(data.get("steps", {})),
    )


def rules_data() -> dict[str, Any]:
    """The parsed content file ``cxwidgets/content/language_rules.json``."""
    path = resources.files("cxwidgets") / "content" / "language_rules.json"
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The course's rule set (read once)."""
    return rules_from_data(rules_data())


# --------------------------------------------------------------------------- findings
@dataclass(frozen=True)
class Finding:
    """One piece of feedback on a reply.

    ``text[start:end]`` is the flagged phrase (``scope == "span"``); a text-level finding
    (``scope == "text"``: something missing) has ``start == end`` at the insertion point.
    ``why`` and ``suggestion`` are in the language asked for; ``rule`` and ``category`` are
    codes.
    """

    rule: str
    category: str
    start: int
    end: int
    scope: str
    why: str = ""
    suggestion: str = ""

    def __getitem__(self, name: str) -> Any:  # a mapping too: finding["start"]
        return getattr(self, name)

    def as_dict(self) -> dict[str, Any]:
        """The finding as a JSON-able dict."""
        return {"rule": self.rule, "category": self.category, "start": self.start,
                "end": self.end, "scope": self.scope, "why": self.why,
                "suggestion": self.suggestion}


def _matches(patterns: Iterable[re.Pattern[str]], text: str) -> list[tuple[int, int]]:
    """Non-overlapping spans of all the patterns: earliest first, the longest at a start."""
    spans = sorted(
        ((m.start(), m.end()) for p in patterns for m in p.finditer(text) if m.end() > m.start()),
        key=lambda span: (span[0], -span[1]),
    )
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _covered(span: tuple[int, int], ignore: Iterable[re.Pattern[str]], text: str) -> bool:
    start, end = span
    return any(m.start() <= start and end <= m.end() for p in ignore for m in p.finditer(text))


def has_alternative_with_time(text: str, rules: Rules | None = None) -> bool:
    """Whether ``text`` offers an alternative (``可以为您安排``…) and a time (``明天上午``…)."""
    rules = rules or load_rules()
    return any(p.search(text) for p in rules.alternative) and any(
        p.search(text) for p in rules.time)


def _phrase_findings(rule: Rule, text: str, rules: Rules) -> list[tuple[int, int]]:
    found = []
    for span in _matches(rule.patterns, text):
        if _covered(span, rule.ignore, text):
            continue
        if rule.within is not None:
            after = text[span[1]: span[1] + rule.within]
            if has_alternative_with_time(after, rules):
                continue
        found.append(span)
    return found


def spans(text: str, rules: Rules | None = None) -> list[tuple[str, int, int]]:
    """``(rule id, start, end)`` of every finding, language-free (see :func:`review`)."""
    rules = rules or load_rules()
    if not isinstance(text, str) or not text.strip():
        return []
    found: list[tuple[int, int, str]] = []
    for order, rule in enumerate(rules.rules):
        if rule.kind == "phrase":
            found += [(start, order, rule.id, end) for start, end in _phrase_findings(rule, text, rules)]
        elif not any(p.search(text) for p in rule.patterns):
            at = 0 if rule.insert_at == "start" else len(text)
            found.append((at, order, rule.id, at))
    return [(rule_id, start, end) for start, _order, rule_id, end in sorted(found)]


def review(text: str, rules: Rules | None = None, language: str | None = None) -> list[Finding]:
    """Review a service reply: every finding with its exact offsets, why, and a rewrite.

    Parameters
    ----------
    text : str
        The reply as the learner wrote it (offsets refer to this exact string).
    rules : Rules, optional
        A rule set (default: the course's, :func:`load_rules`).
    language : str, optional
        Language of ``why`` and ``suggestion`` (default: the active language).

    Returns
    -------
    list of Finding
        Sorted by ``start``; empty for a good (or blank) reply.

    Examples
    --------
    >>> [f.rule for f in review("您好，这个不归我管。")]  # doctest: +SKIP
    ['not_my_job', 'missing_solution', 'missing_next_step']
    """
    rules = rules or load_rules()
    findings = []
    for rule_id, start, end in spans(text, rules):
        rule = rules.rule(rule_id)
        findings.append(Finding(
            rule=rule_id, category=rule.category, start=start, end=end,
            scope="span" if rule.kind == "phrase" else "text",
            why=i18n.t(rule.why_key, language),
            suggestion=i18n.t(rule.rewrite_key, language),
        ))
    return findings
