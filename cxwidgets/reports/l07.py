"""Report section of lecture 07 (gap model): classification score, diagnosis and actions."""

from __future__ import annotations

import html
from typing import Any

from .. import charts, gaps, gaps_html, i18n
from ..errors import CXError


def _value(sections: dict[str, Any], name: str) -> dict[str, Any]:
    entry = sections.get(name) or {}
    value = entry.get("value") if isinstance(entry, dict) else None
    return value if isinstance(value, dict) else {}


def _classification(sections: dict[str, Any]) -> list[str]:
    stored = _value(sections, gaps.CLASSIFY_SECTION)
    answers = gaps.stored_answers(stored)
    if not answers:
        return []
    table = gaps.check_classification(answers)
    parts = [
        f"<h3>{html.escape(i18n.t('gaps.classify.title'))}</h3>",
        f"<p>{html.escape(i18n.t('quiz.score', **table.attrs))}</p>",
    ]
    if stored.get("solution") is True:
        parts.append(f'<p class="cx-muted">{html.escape(i18n.t("gaps.report.solution_opened"))}</p>')
    return parts


def _diagnosis(sections: dict[str, Any], language: str) -> list[str]:
    saved = _value(sections, gaps.DIAGNOSIS_SECTION)
    if not saved:
        return []
    case = saved.get("case") if saved.get("case") in gaps.CASES else "sample"
    evidence = gaps.stored_evidence((saved.get("evidence") or {}).get(case))
    parts = [
        f"<h3>{html.escape(i18n.t('gaps.diagnosis.title'))}</h3>",
        f"<p>{html.escape(i18n.t(f'gaps.diagnosis.case.{case}'))}</p>",
    ]
    own_text = str(saved.get("own_text") or "").strip()
    if case == "own" and own_text:
        parts.append(f"<pre>{html.escape(own_text)}</pre>")
    if evidence:
        customer, _source = gaps.customer_source(sections)
        try:
            result = gaps.diagnose(evidence, customer)
        except CXError:
            result = None
        if result is not None:
            from ..servqual_charts import gap_model_chart

            parts.append(gaps_html.scores_table(result, language))
            parts.append(charts.to_svg(gap_model_chart(result, language)))
            parts.append(gaps_html.focus_html(result, language))
            parts.append(gaps_html.levers_html(result, language))
    actions = str(saved.get("actions") or "").strip()
    if actions:
        parts.append(f"<h4>{html.escape(i18n.t('gaps.diagnosis.actions'))}</h4>"
                     f"<pre>{html.escape(actions)}</pre>")
    return parts


def section(data: dict[str, Any], language: str) -> str | None:
    """HTML for the workbook report: classification score, gap diagnosis and actions.

    Parameters
    ----------
    data : dict
        The workbook document (``data["sections"]`` holds the exercises' values).
    language : str
        Language of the report.

    Returns
    -------
    str or None
        An HTML fragment, ``None`` when the learner has nothing in lecture 07 yet.
    """
    sections = data.get("sections", {})
    with i18n.using(language):
        parts = _classification(sections) + _diagnosis(sections, language)
    return "".join(parts) or None
