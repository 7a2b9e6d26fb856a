"""The persona card of lecture 03: its fields, a clean state and the card as HTML.

Shared by the widget (:mod:`cxwidgets.widgets.persona`) and the report; no widget import.
The card's look is the lecture-03 section of ``cxwidgets/static/course.css``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from . import i18n

SECTION = "03/persona"

TENURES: tuple[str, ...] = ("2y+", "1y", "6m", "3m")
TIERS: tuple[str, ...] = ("high_value", "senior", "young", "business")
CHANNELS: tuple[str, ...] = ("store", "hotline", "app", "wechat", "technician", "account_manager")

#: Free-text fields: (state key, multi-line, required).
FIELDS: tuple[tuple[str, bool, bool], ...] = (
    ("name", False, True),
    ("about", False, False),
    ("goals", True, True),
    ("pains", True, True),
    ("must", True, True),
    ("one_dimensional", True, False),
    ("attractive", True, False),
    ("quote", False, False),
)
#: Required fields, in the order they are listed when missing.
REQUIRED: tuple[str, ...] = ("name", "tenure", "tier", "goals", "pains", "must")
#: KANO colour of each needs field (same palette as the KANO charts).
NEED_COLOURS = {"must": "#d55e00", "one_dimensional": "#0072b2", "attractive": "#009e73"}
#: Longest text a field holds (characters); the form shows "n / MAX_LENGTH".
MAX_LENGTH = 2000


def _lines(text: str) -> list[str]:
    return [line.strip(" \t-•·*") for line in str(text).splitlines() if line.strip(" \t-•·*")]


def missing_fields(state: dict[str, Any]) -> list[str]:
    """Required fields of ``state`` that are empty, in :data:`REQUIRED` order."""
    return [key for key in REQUIRED if not str(state.get(key) or "").strip()]


def too_long(value: Any) -> list[str]:
    """The text fields of a stored value longer than :data:`MAX_LENGTH` (in form order)."""
    value = value if isinstance(value, dict) else {}
    return [key for key, _m, _r in FIELDS if len(str(value.get(key) or "")) > MAX_LENGTH]


def clean_state(value: Any) -> dict[str, Any]:
    """A well-formed persona state from a stored value (unknown keys and codes dropped).

    Texts longer than :data:`MAX_LENGTH` are cut to it: the widget says so
    (:func:`too_long` names them), the form never holds more.
    """
    value = value if isinstance(value, dict) else {}
    state: dict[str, Any] = {}
    for key, _multi, _required in FIELDS:
        state[key] = str(value.get(key) or "")[:MAX_LENGTH]
    state["tenure"] = value.get("tenure") if value.get("tenure") in TENURES else ""
    state["tier"] = value.get("tier") if value.get("tier") in TIERS else ""
    channels = value.get("channels") if isinstance(value.get("channels"), list) else []
    state["channels"] = [code for code in CHANNELS if code in channels]
    return state


def _list_html(text: str, language: str | None) -> str:
    items = _lines(text)
    if not items:
        return (
            f'<p class="cx-persona-empty">{html.escape(i18n.t("persona.card.empty", language))}</p>'
        )
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def card_html(state: dict[str, Any], language: str | None = None) -> str:
    """The persona card as an HTML fragment (every learner text escaped).

    Parameters
    ----------
    state : dict
        The persona (see :func:`clean_state`).
    language : str, optional
        Language of the headings (default: the active one).

    Returns
    -------
    str
        A ``div.cx-persona-card``.
    """

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    state = clean_state(state)
    name = state["name"].strip() or t("persona.card.unnamed")
    chips = []
    if state["tenure"]:
        chips.append(t(f"persona.tenure.{state['tenure']}"))
    if state["tier"]:
        chips.append(t(f"persona.tier.{state['tier']}"))
    chip_html = "".join(f'<span class="cx-persona-chip">{html.escape(c)}</span>' for c in chips)
    about = state["about"].strip()
    about_html = f'<p class="cx-persona-about">{html.escape(about)}</p>' if about else ""
    needs = []
    for key in ("must", "one_dimensional", "attractive"):
        needs.append(
            f'<div class="cx-persona-need cx-persona-need-{key}" '
            f'style="--cx-need: {NEED_COLOURS[key]}">'
            f"<h5>{html.escape(t(f'persona.card.need.{key}'))}</h5>"
            f"{_list_html(state[key], language)}</div>"
        )
    channels = (
        "".join(
            f'<span class="cx-persona-chip">{html.escape(t(f"persona.channel.{code}"))}</span>'
            for code in state["channels"]
        )
        or f'<span class="cx-persona-empty">{html.escape(t("persona.card.empty"))}</span>'
    )
    quote = state["quote"].strip().strip('“”"')
    quote_html = (
        f'<blockquote class="cx-persona-card-quote">“{html.escape(quote)}”</blockquote>'
        if quote
        else ""
    )
    return (
        f'<div class="cx-persona-card" role="region" aria-label="{html.escape(t("persona.card.label"))}">'
        f"<h3>{html.escape(name)}</h3>{about_html}<div>{chip_html}</div>"
        f"<h4>{html.escape(t('persona.card.goals'))}</h4>{_list_html(state['goals'], language)}"
        f"<h4>{html.escape(t('persona.card.pains'))}</h4>{_list_html(state['pains'], language)}"
        f"<h4>{html.escape(t('persona.card.needs'))}</h4>"
        f'<div class="cx-persona-needs">{"".join(needs)}</div>'
        f"<h4>{html.escape(t('persona.card.channels'))}</h4><div>{channels}</div>"
        f"{quote_html}</div>"
    )


def report_css() -> str:
    """The persona card's CSS (the lecture-03 section of ``course.css``), for the report."""
    text = (Path(__file__).resolve().parent / "static" / "course.css").read_text(encoding="utf-8")
    start = text.find("/* ---- lecture 03")
    end = text.find("/* ---- lecture 03 (end) ---- */")
    if start < 0 or end < 0:
        return ""
    rules = [line for line in text[start:end].splitlines() if line.strip()]
    return "\n".join(rules[1:])
