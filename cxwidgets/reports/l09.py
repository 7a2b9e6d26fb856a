"""Report section of lecture 09: coach replies with their feedback, signals, structure, rubric,
and the 3R recovery plan with its budget (and the method it came from)."""

from __future__ import annotations

import html
from typing import Any

from .. import fmt, i18n, language_html, recovery
from ..language import review

COACH, SIGNALS, STRUCTURE, RUBRIC, PLAN = (
    "09/coach", "09/signals", "09/structure", "09/rubric", "09/recovery")


def _value(sections: dict[str, Any], name: str) -> dict[str, Any]:
    entry = sections.get(name) or {}
    value = entry.get("value") if isinstance(entry, dict) else None
    return value if isinstance(value, dict) else {}


def _h(key: str, level: int = 3, **params: Any) -> str:
    return f"<h{level}>{html.escape(i18n.t(key, **params))}</h{level}>"


def _coach(sections: dict[str, Any]) -> list[str]:
    replies = _value(sections, COACH).get("replies")
    known = [item["id"] for item in recovery.content()["situations"]]
    replies = {k: v for k, v in (replies or {}).items()
               if k in known and isinstance(v, str) and v.strip()}
    if not replies:
        return []
    reviewed = {k: review(v) for k, v in replies.items()}
    parts = [_h("language.coach.title"), "<p>" + html.escape(i18n.t(
        "recovery.report.coach", written=len(replies),
        clean=sum(1 for f in reviewed.values() if not f))) + "</p>"]
    for situation in known:
        if situation not in replies:
            continue
        context = i18n.t(f"language.situation.{situation}.context")
        parts.append(f"<h4>{html.escape(i18n.t('recovery.report.reply_findings', context=context, n=len(reviewed[situation])))}</h4>")
        parts.append(language_html.highlight(replies[situation], reviewed[situation]))
        parts.append(language_html.findings_html(replies[situation], reviewed[situation]))
    return parts


def _score(value: Any) -> str:
    if not isinstance(value, dict):
        return fmt.MISSING
    return f"{value.get('right', 0)} / {value.get('total', 0)}"


def _signals(sections: dict[str, Any]) -> list[str]:
    saved = _value(sections, SIGNALS)
    if not saved.get("answers") and not saved.get("responses"):
        return []
    return [_h("language.signals.title"), "<p>" + html.escape(i18n.t(
        "recovery.report.signals", emotions=_score(saved.get("score")),
        responses=_score(saved.get("response_score")))) + "</p>"]


def _structure(sections: dict[str, Any]) -> list[str]:
    reply = _value(sections, STRUCTURE).get("reply")
    if not isinstance(reply, str) or not reply.strip():
        return []
    reports = [recovery.detect_steps(reply, model) for model in recovery.MODELS]
    return [_h("recovery.structure.title"), f"<pre>{html.escape(reply)}</pre>",
            *(language_html.steps_html(r) for r in reports)]


def _rubric(sections: dict[str, Any]) -> list[str]:
    saved = _value(sections, RUBRIC)
    ratings = saved.get("ratings")
    if not isinstance(ratings, dict) or not ratings:
        return []
    try:
        ratings = recovery.clean_rubric(ratings)
    except Exception:
        return []
    partner = str(saved.get("partner") or "").strip() or fmt.MISSING
    rows = "".join(
        f"<tr><td>{html.escape(i18n.t(f'recovery.step.fivea.{step}'))}</td>"
        f"<td>{html.escape(i18n.t(f'recovery.rubric.level.{ratings[step]}')) if step in ratings else fmt.MISSING}</td></tr>"
        for step in recovery.FIVE_A)
    parts = [_h("recovery.report.rubric", partner=partner), f"<table>{rows}</table>",
             "<p>" + html.escape(i18n.t("recovery.rubric.total", total=sum(ratings.values()),
                                        max=recovery.RUBRIC_MAX)) + "</p>"]
    notes = str(saved.get("notes") or "").strip()
    if notes:
        parts.append(f"<pre>{html.escape(notes)}</pre>")
    return parts


def _failure_text(saved: dict[str, Any]) -> str:
    failure = saved.get("failure")
    if failure == "own":
        return str(saved.get("own") or "")
    if isinstance(failure, str) and failure.startswith("fp:"):
        return str(saved.get("failure_text") or failure)
    if failure in recovery.content()["failures"]:
        return i18n.t(f"recovery.failure.{failure}")
    return ""


def _plan(sections: dict[str, Any]) -> list[str]:
    saved = _value(sections, PLAN)
    actions = saved.get("actions") if isinstance(saved.get("actions"), dict) else {}
    if not saved or not any(isinstance(v, str) and v.strip() for v in actions.values()):
        return []
    parts = [_h("recovery.report.plan"), f"<p><b>{html.escape(_failure_text(saved))}</b></p>"]
    for r in recovery.THREE_R:
        text = actions.get(r) if isinstance(actions.get(r), str) else ""
        parts.append(f"<h4>{html.escape(i18n.t(f'recovery.r.{r}'))}</h4>"
                     f"<pre>{html.escape(text.strip() or fmt.MISSING)}</pre>")
    clv = recovery.clv_source(sections)
    try:
        result = recovery.assess(saved.get("cost"), recovery.budget(clv["clv"]),
                                 saved.get("keep_without"), saved.get("keep_with"))
    except Exception:
        result = None
    parts.append(language_html.budget_html(clv, result))
    parts.append(f'<p class="cx-muted">{html.escape(i18n.t("recovery.report.budget_method"))}</p>')
    return parts


def section(data: dict[str, Any], language: str) -> str | None:
    """HTML for the workbook report: the lecture's five exercises (what the learner did).

    Parameters
    ----------
    data : dict
        The workbook document (``data["sections"]`` holds the exercises' values).
    language : str
        Language of the report.

    Returns
    -------
    str or None
        An HTML fragment, ``None`` when the learner has nothing in lecture 09 yet.
    """
    sections = data.get("sections", {}) if isinstance(data, dict) else {}
    with i18n.using(language):
        parts = (_coach(sections) + _signals(sections) + _structure(sections)
                 + _rubric(sections) + _plan(sections))
    return "".join(parts) or None
