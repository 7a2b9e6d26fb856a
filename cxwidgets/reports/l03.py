"""Report section of lecture 03: KANO answers and survey, ABC tiers, MAN, the persona card.

Built from the workbook document with the analysis layer only (no widget import).
"""

from __future__ import annotations

import html
import logging
from typing import Any

from .. import charts, i18n, kano, kano_html, persona_html, tiers, tiers_html
from ..errors import CXError

log = logging.getLogger("cxwidgets")

QUESTIONNAIRE = "03/kano_questionnaire"
SURVEY = "03/kano_survey"
ABC = "03/abc_tiers"
MAN = "03/man"
PERSONA = persona_html.SECTION


def _value(data: dict[str, Any], section: str) -> Any:
    sections = data.get("sections", {}) if isinstance(data, dict) else {}
    entry = sections.get(section) or {}
    return entry.get("value") if isinstance(entry, dict) else None


def _answer(value: Any) -> int | None:
    return value if value in (1, 2, 3, 4, 5) else None


def questionnaire(value: Any, language: str) -> str:
    """The learner's own KANO answers: one row per answered feature with its category."""
    if not isinstance(value, dict):
        return ""
    features = value.get("features") or kano.feature_codes()
    answers = value.get("answers") if isinstance(value.get("answers"), list) else []
    rows = []
    for feature, pair in zip(features, answers, strict=False):
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            continue
        f, d = _answer(pair[0]), _answer(pair[1])
        if f is None or d is None:
            continue
        name = html.escape(kano_html.feature_label(str(feature), language))
        rows.append(f"<tr><td>{name}</td><td>{kano_html.badge(kano.classify(f, d), language)}</td></tr>")
    if not rows:
        return ""
    title = html.escape(i18n.t("kano.questionnaire.title", language))
    return f"<h3>{title}</h3><table><tbody>{''.join(rows)}</tbody></table>"


def survey(value: Any, language: str) -> str:
    """The survey as the learner last looked at it: the category table and the chart."""
    import pandas as pd

    from ..kano_charts import better_worse_spec

    if not isinstance(value, dict):
        return ""
    title = f"<h3>{html.escape(i18n.t('kano.survey.title', language))}</h3>"
    upload = value.get("upload") if isinstance(value.get("upload"), dict) else None
    if value.get("source") == "upload":
        if not upload or upload.get("too_big") or not upload.get("rows"):
            name = str((upload or {}).get("name", ""))
            return title + f"<p>{html.escape(i18n.t('kano.report.not_kept', language, name=name))}</p>"
        frame = kano.validate_responses(
            pd.DataFrame(upload["rows"], columns=upload["columns"]), kano.SAMPLE_SEGMENTS
        )
    else:
        frame = kano.sample_survey()
    segment = []
    for column, chosen in (value.get("filters") or {}).items():
        if chosen and column in frame.columns and chosen in set(frame[column].astype(str)):
            frame = frame[frame[column].astype(str) == chosen]
            segment.append(kano_html.segment_label(column, chosen, language))
    summary = kano.summarize(frame)
    heading = i18n.t(
        "kano.chart.title", language,
        segment=" · ".join(segment) or i18n.t("survey.all", language),
    )
    parts = [title, kano_html.summary_table(summary, language)]
    try:
        parts.append(charts.to_svg(better_worse_spec(summary, title=heading, language=language)))
    except Exception:  # the table still tells the story
        log.exception("Better-Worse chart for the report failed")
    return "".join(parts)


def abc(value: Any, language: str) -> str:
    """The ABC tiers of the learner's list (or the sample) and the learner's conclusion."""
    import pandas as pd

    from ..tiers_charts import pareto_spec

    if not isinstance(value, dict):
        return ""

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    parts = [f"<h3>{html.escape(t('tiers.report.abc'))}</h3>"]
    upload = value.get("upload") or None
    a = int(value.get("a", 15)) / 100
    b = int(value.get("b", 25)) / 100
    if value.get("source") == "upload" and isinstance(upload, dict) and upload.get("rows"):
        customers = pd.DataFrame(upload["rows"], columns=["name", "revenue"])
        source = t("tiers.report.source_upload", name=upload.get("filename", ""))
    else:
        customers = tiers.sample_customers()
        source = t("tiers.report.source_sample")
    parts.append(f"<p>{html.escape(source)}</p>")
    try:
        ranked = tiers.abc_tiers(customers, "revenue", a=a, b=b)
    except CXError as exc:
        parts.append(f"<p>{html.escape(exc.message(language))}</p>")
    else:
        summary = tiers.tier_summary(ranked, "revenue", a=a, b=b)
        try:
            parts.append(charts.to_svg(pareto_spec(ranked, language)))
        except Exception:  # the table below still tells the story
            log.exception("Pareto chart for the report failed")
        parts.append(tiers_html.insight_html(summary, a, b, language))
        parts.append(tiers_html.summary_table_html(summary, language))
    note = str(value.get("note", "")).strip()
    if note:
        parts.append(f"<h4>{html.escape(t('tiers.report.note'))}</h4>")
        parts.append(f"<p>{html.escape(note).replace(chr(10), '<br>')}</p>")
    return "".join(parts)


def man(value: Any, language: str) -> str:
    """The learner's M/A/N judgements next to the facts, one row per prospect answered."""
    if not isinstance(value, dict):
        return ""

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    answers = value.get("answers") if isinstance(value.get("answers"), dict) else {}
    headers = ["tiers.report.man.prospect", "tiers.report.man.yours", "tiers.report.man.truth"]
    head = "".join(f"<th>{html.escape(t(key))}</th>" for key in headers)
    rows = []
    for row in tiers.prospects().itertuples(index=False):
        answer = answers.get(str(row.id))
        if not isinstance(answer, dict) or not answer.get("checked"):
            continue
        step = answer.get("step") or ""
        yours = tiers_html.letters(answer)
        if step in tiers.VERDICTS:
            yours += f" · {t(f'tiers.verdict.{step}')}"
        truth = tiers_html.truth_of(row)
        verdict = tiers.man_qualify(truth["m"], truth["a"], truth["n"])
        cells = [
            tiers_html.prospect_text(str(row.id), "name", language),
            yours,
            f"{tiers_html.letters(truth)} · {t(f'tiers.verdict.{verdict}')}",
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    if not rows:
        return ""
    return (
        f"<h3>{html.escape(t('tiers.report.man'))}</h3>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def persona(value: Any, language: str) -> str:
    """The persona card (with its CSS: the report is a page of its own)."""
    state = persona_html.clean_state(value)
    if not any(str(state.get(key) or "").strip() for key, _m, _r in persona_html.FIELDS):
        return ""
    heading = html.escape(i18n.t("persona.report.title", language))
    style = f"<style>{persona_html.report_css()}</style>"
    return f"<h3>{heading}</h3>{style}{persona_html.card_html(state, language)}"


PARTS = (
    (QUESTIONNAIRE, questionnaire),
    (SURVEY, survey),
    (ABC, abc),
    (MAN, man),
    (PERSONA, persona),
)


def section(data: dict[str, Any], language: str) -> str | None:
    """HTML for the workbook report: every lecture-03 exercise the learner worked on.

    Parameters
    ----------
    data : dict
        The workbook document (``Workbook.data``).
    language : str
        ``"zh-CN"`` or ``"en"``.

    Returns
    -------
    str or None
        The fragment, or None when the learner has nothing in lecture 03 yet. A part that
        cannot be built (a damaged value) is left out and logged; the others still show.
    """
    parts = []
    for name, build in PARTS:
        value = _value(data, name)
        if value is None:
            continue
        try:
            parts.append(build(value, language))
        except (CXError, KeyError, TypeError, ValueError):
            log.exception("report part %s failed", name)
    fragment = "".join(part for part in parts if part)
    return fragment or None
