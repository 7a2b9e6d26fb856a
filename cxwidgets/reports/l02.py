"""Report section of lecture 02 (SERVQUAL): results, rewordings, survey view and scenarios."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from .. import charts, i18n, servqual
from ..errors import CXError
from ..servqual_html import (
    compare_html,
    dimension_name,
    dimension_table,
    score_line,
    segment_label,
    top_items_html,
)

if TYPE_CHECKING:  # pandas is imported where a table is made: pages start without it
    import pandas as pd


def section(data: dict[str, Any], language: str) -> str | None:
    """HTML for the workbook report: SERVQUAL results, weights, survey view and scenarios.

    Parameters
    ----------
    data : dict
        The workbook document (``data["sections"]`` holds the exercises' values).
    language : str
        Language of the report.

    Returns
    -------
    str or None
        An HTML fragment, ``None`` when the learner has nothing in lecture 02 yet.
    """
    sections = data.get("sections", {})
    parts: list[str] = []
    with i18n.using(language):
        questionnaire = servqual.section_value(sections, servqual.QUESTIONNAIRE_SECTION)
        custom = {int(k): v for k, v in (questionnaire.get("custom") or {}).items()
                  if str(k).isdigit()}
        scores = servqual.learner_scores(sections)
        if scores is not None:
            from ..servqual_charts import dimension_gap_chart

            frame = servqual.answers_frame(questionnaire.get("answers") or {})
            top = servqual.largest_gaps(frame)
            parts.append(f"<h3>{html.escape(i18n.t('servqual.results.title'))}</h3>")
            parts.append(score_line(scores, language))
            parts.append(dimension_table(scores, language))
            parts.append(charts.to_svg(dimension_gap_chart(scores, language)))
            parts.append(f"<h4>{html.escape(i18n.t('servqual.results.top_title'))}</h4>")
            parts.append(top_items_html(top, custom, language))
        if custom:
            items = "".join(f"<li>{n}. {html.escape(text)}</li>" for n, text in sorted(custom.items()))
            parts.append(f"<h4>{html.escape(i18n.t('servqual.report.custom'))}</h4><ul>{items}</ul>")
        survey = servqual.section_value(sections, servqual.SURVEY_SECTION)
        if survey:
            parts.append(_survey_report(survey, language))
        scenarios = servqual.section_value(sections, servqual.SCENARIOS_SECTION)
        own = [e for e in scenarios.get("own") or [] if e.get("text")]
        samples = scenarios.get("answers") or scenarios.get("samples") or {}
        if own or samples:
            parts.append(f"<h3>{html.escape(i18n.t('servqual.scenarios.title'))}</h3>")
            if samples:
                table = servqual.check_moments({k: v for k, v in samples.items()
                                                if v in servqual.DIMENSIONS})
                text = i18n.t("servqual.scenarios.score", right=_right(table),
                              answered=int(table["answer"].notna().sum()), total=len(table))
                parts.append(f"<p>{html.escape(text)}</p>")
            if own:
                rows = []
                for entry in own:
                    chosen = entry.get("dimension")
                    name = dimension_name(chosen) if chosen in servqual.DIMENSIONS else "–"
                    rows.append(f"<tr><td>{html.escape(entry['text'])}</td>"
                                f"<td>{html.escape(name)}</td></tr>")
                parts.append(f"<table><tbody>{''.join(rows)}</tbody></table>")
    return "".join(parts) or None


def _survey_report(survey: dict[str, Any], language: str) -> str:
    import pandas as pd

    try:
        base = servqual.sample_survey()
        if survey.get("source") == "upload" and survey.get("upload"):
            stored = survey["upload"]
            base = servqual.read_responses(pd.DataFrame(stored["rows"], columns=stored["columns"]))
        wanted = {c: v for c, v in (survey.get("filters") or {}).items() if v and c in servqual.SURVEY_SEGMENTS}
        frame = servqual.filter_segment(base, **wanted) if wanted else base
        scores = servqual.score(frame)
    except CXError:
        return ""
    label = " · ".join(segment_label(c, v) for c, v in wanted.items()) or i18n.t(
        "servqual.survey.all")
    source = i18n.t("servqual.survey.source.upload" if survey.get("source") == "upload"
                    else "servqual.survey.source.sample")
    parts = [f"<h3>{html.escape(i18n.t('servqual.survey.title'))}</h3>",
             f"<p>{html.escape(source)} · {html.escape(label)}</p>",
             score_line(scores, language, show_weighted=False),
             dimension_table(scores, language, weights=False)]
    compare = survey.get("compare") or {}
    column, a, b = compare.get("by"), compare.get("a"), compare.get("b")
    if column in servqual.SURVEY_SEGMENTS and a and b and a != b:
        try:
            from ..servqual_charts import segment_chart

            comparison = servqual.compare_segments(base, column, a, b)
            name_a, name_b = segment_label(column, a), segment_label(column, b)
            parts.append(compare_html(comparison, name_a, name_b, language))
            parts.append(charts.to_svg(segment_chart(comparison, name_a, name_b, language)))
        except CXError:
            pass
    return "".join(parts)

def _right(table: pd.DataFrame) -> int:
    """Number of correct answers in a :func:`servqual.check_moments` table."""
    import pandas as pd

    return int(sum(1 for value in table["correct"] if not pd.isna(value) and bool(value)))
