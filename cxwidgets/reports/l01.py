"""Report section of lecture 01: the learner's CLV, retention by tenure, profit-chain metrics,
the sorting score and the bank-case answers. Imports no widget module."""

from __future__ import annotations

import html
from typing import Any

from .. import charts, clv, clv_html, i18n, retention
from ..errors import CXError

CHAIN = "01/chain"
TENURE = "01/tenure"
SORT = "01/sort"
BANK = "01/bank_case"


def _value(sections: dict[str, Any], name: str) -> dict[str, Any]:
    entry = sections.get(name) or {}
    value = entry.get("value") if isinstance(entry, dict) else None
    return value if isinstance(value, dict) else {}


def _title(key: str) -> str:
    return f"<h3>{html.escape(i18n.t(key))}</h3>"


def _text(text: str) -> str:
    return f'<p class="cx-report-text">{html.escape(text)}</p>'


def _calculator(sections: dict[str, Any], language: str) -> list[str]:
    stored = _value(sections, clv.SECTION)
    if not stored:
        return []
    try:
        result = clv.calculate(stored)
    except CXError:
        return []
    from ..clv_charts import sensitivity_chart

    return [
        _title("clv.calc.title"),
        clv_html.result_html(result, language),
        clv_html.warnings_html(clv.warnings(stored, result), language),
        clv_html.step_html(result, clv.step_effect(result), language),
        charts.to_svg(sensitivity_chart(result, language)),
    ]


def _tenure(sections: dict[str, Any], language: str) -> list[str]:
    stored = _value(sections, TENURE)
    if not stored:
        return []
    parts = [_title("clv.tenure.title")]
    cohort = stored.get("cohort") if stored.get("cohort") in retention.cohorts() else "store"
    months = stored.get("months") if stored.get("months") in retention.CALIBRATIONS else 12
    figures = clv.learner_clv(sections)
    margin, discount = (figures["margin"], figures["discount"]) if figures["period"] == "month" \
        else (figures["margin"] / 12, clv.convert_rate(figures["discount"], "year", "month"))
    try:
        result = retention.analyse(cohort, months, margin, discount)
    except CXError:
        result = None
    if result is not None:
        parts.append(_text(i18n.t(f"clv.cohort.{cohort}")))
        parts.append(clv_html.tenure_table_html(result, language))
        parts.append(clv_html.tenure_summary_html(result, language))
    note = str(stored.get("note") or "").strip()
    if note:
        parts.append(f"<pre>{html.escape(note)}</pre>")
    return parts


def _chain(sections: dict[str, Any]) -> list[str]:
    metrics = _value(sections, CHAIN).get("metrics")
    if not isinstance(metrics, dict) or not any(isinstance(v, str) and v.strip()
                                                for v in metrics.values()):
        return []
    rows = []
    for link in clv.content()["chain"]["links"]:
        text = metrics.get(link["id"])
        if not isinstance(text, str) or not text.strip():
            continue
        name = i18n.t("clv.chain.link_title", source=i18n.t(f"clv.chain.node.{link['from']}"),
                      target=i18n.t(f"clv.chain.node.{link['to']}"))
        rows.append(f"<tr><th scope=\"row\">{html.escape(name)}</th>"
                    f"<td>{html.escape(text.strip())}</td></tr>")
    return [_title("clv.chain.title"),
            f'<div class="cx-table"><table><tbody>{"".join(rows)}</tbody></table></div>']


def _sort(sections: dict[str, Any]) -> list[str]:
    stored = _value(sections, SORT)
    answers = stored.get("answers")
    if not isinstance(answers, dict) or not answers:
        return []
    items = {s["id"]: s["answer"] for s in clv.content()["statements"]}
    known = {k: v for k, v in answers.items() if k in items}
    if not known:
        return []
    right = sum(1 for k, v in known.items() if items[k] == v)
    parts = [_title("clv.sort.title"),
             _text(i18n.t("quiz.score", right=right, answered=len(known), total=len(items)))]
    if stored.get("solution") is True:
        parts.append(f'<p class="cx-muted">{html.escape(i18n.t("clv.report.solution_opened"))}</p>')
    return parts


def _bank(sections: dict[str, Any]) -> list[str]:
    answers = _value(sections, BANK).get("answers")
    if not isinstance(answers, dict):
        return []
    parts = []
    for number, prompt in enumerate(clv.content()["bank_prompts"], start=1):
        text = answers.get(prompt)
        if isinstance(text, str) and text.strip():
            parts.append(f"<p><b>{html.escape(i18n.t(f'clv.bank.prompt.{prompt}', number=number))}"
                         f"</b></p><pre>{html.escape(text.strip())}</pre>")
    return [_title("clv.bank.title"), *parts] if parts else []


def section(data: dict[str, Any], language: str) -> str | None:
    """HTML for the workbook report of lecture 01.

    Parameters
    ----------
    data : dict
        The workbook document (``data["sections"]`` holds the exercises' values).
    language : str
        Language of the report.

    Returns
    -------
    str or None
        An HTML fragment, ``None`` when the learner has nothing in lecture 01 yet.
    """
    sections = data.get("sections", {}) if isinstance(data, dict) else {}
    if not isinstance(sections, dict):
        return None
    with i18n.using(language):
        parts = (_calculator(sections, language) + _tenure(sections, language)
                 + _chain(sections) + _sort(sections) + _bank(sections))
    return "".join(parts) or None
