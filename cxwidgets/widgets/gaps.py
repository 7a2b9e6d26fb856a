"""Lecture 07 exercises: classify service failures into gaps, and diagnose a service's gaps.

Workbook sections:

* ``07/classify``: ``{"answers": {failure id: gap 1-4}}``, done when every failure is sorted;
* ``07/diagnosis``: ``{"case": "sample" | "own", "own_text": str,
  "evidence": {"sample": {cause id: 0-3}, "own": {...}}, "actions": str}``, done when every
  provider gap has a rated cause and the actions are written.

The customer gap comes from the learner's SERVQUAL result of lecture 02
(:func:`cxwidgets.widgets.servqual.learner_scores`), else from the sample survey.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .. import charts, gaps, i18n
from ..errors import CXError
from ..session import Session
from . import common
from . import servqual as servqual_widgets

CLASSIFY = "07/classify"
DIAGNOSIS = "07/diagnosis"
CASES: tuple[str, ...] = ("sample", "own")
ACTIONS_LIMIT = 4000

STYLE = """<style>
.cx-gap-failure { border-bottom: 1px solid #eef1f4; padding: 0.3rem 0; }
.cx-gap-right { color: #1d5a2a; } .cx-gap-wrong { color: #8a1c12; }
.cx-gap-cause { border-bottom: 1px solid #f1f3f6; padding: 0.15rem 0; align-items: center;
  flex-wrap: wrap; }
.cx-gap-cause .widget-toggle-button { width: 5.2rem !important; }
.cx-gap-head { font-weight: 600; margin-top: 0.7rem; color: #1f3b5a; }
.cx-gap-symptoms li { margin: 0.15rem 0; }
.cx-gap-lever { border-left: 4px solid #0072b2; padding: 0.3rem 0.7rem; margin: 0.4rem 0;
  background: #f4f8fc; }
</style>"""


def _gap_options() -> list[tuple[str, int]]:
    return [(f"{g.number} {g.name()}", g.number) for g in gaps.GAPS if g.id != "customer"]


def _evidence_options() -> list[tuple[str, int]]:
    return [(f"{n} {i18n.t(f'gaps.evidence.{n}')}", n)
            for n in range(gaps.EVIDENCE_MIN, gaps.EVIDENCE_MAX + 1)]


# ----------------------------------------------------------------------------- exercise 1


class Classify:
    """Exercise 1: sort short broadband failures into provider gaps 1-4, with feedback.

    Saved to ``07/classify``.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        saved = (session.workbook.get(CLASSIFY, {}) or {}).get("answers") or {}
        self.pickers: dict[str, widgets.ToggleButtons] = {}
        self.texts: dict[str, widgets.HTML] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        boxes = []
        for failure in gaps.FAILURES:
            value = saved.get(failure.id)
            picker = widgets.ToggleButtons(options=_gap_options(),
                                           value=value if value in (1, 2, 3, 4) else None,
                                           style={"button_width": "auto"})
            picker.add_class("cx-gap-pick")
            picker.observe(self._changed, names="value")
            text = widgets.HTML()
            feedback = widgets.HTML()
            feedback.add_class("cx-gap-feedback")
            box = widgets.VBox([text, picker, feedback])
            box.add_class("cx-gap-failure")
            box.add_class(f"cx-gap-failure-{failure.id}")
            self.pickers[failure.id] = picker
            self.texts[failure.id] = text
            self.feedback[failure.id] = feedback
            boxes.append(box)
        self.score = widgets.HTML()
        self.score.add_class("cx-gap-score")
        i18n.on_change(lambda _lang: self._relabel())
        self._relabel()
        self.widget = common.Exercise(
            "gaps.classify.title",
            widgets.HTML(STYLE),
            common.label("gaps.classify.intro", css="cx-note"),
            self.score,
            widgets.VBox(boxes),
            name="gap-classify",
        )

    @property
    def answers(self) -> dict[str, int]:
        return {k: p.value for k, p in self.pickers.items() if p.value is not None}

    def _changed(self, _change: dict[str, Any]) -> None:
        self._show_feedback()
        answers = self.answers
        self.session.workbook.set(CLASSIFY, {"answers": answers},
                                  done=len(answers) == len(self.pickers))

    def _relabel(self) -> None:
        for failure in gaps.FAILURES:
            self.texts[failure.id].value = f"<b>{html.escape(failure.text())}</b>"
            common.set_options(self.pickers[failure.id], _gap_options())
        self._show_feedback()

    def _show_feedback(self) -> None:
        table = gaps.check_classification(self.answers)
        for failure in gaps.FAILURES:
            correct = table.at[failure.id, "correct"]
            widget = self.feedback[failure.id]
            if pd.isna(correct):
                widget.value = ""
            elif bool(correct):
                widget.value = (f'<span class="cx-gap-right" data-correct="1">✓ '
                                f"{html.escape(failure.why())}</span>")
            else:
                right = gaps.GAPS[failure.gap - 1]
                text = i18n.t("gaps.classify.wrong", number=right.number, name=right.name(),
                              why=failure.why())
                widget.value = (f'<span class="cx-gap-wrong" data-correct="0">✗ '
                                f"{html.escape(text)}</span>")
        attrs = table.attrs
        self.score.value = html.escape(i18n.t("gaps.classify.score", right=attrs["right"],
                                              answered=attrs["answered"], total=attrs["total"]))


# ----------------------------------------------------------------------------- exercise 2


class _CauseRow:
    def __init__(self, cause: gaps.Cause, value: int | None, on_change) -> None:
        self.cause = cause
        self.text = widgets.HTML()
        self.text.add_class("cx-gap-cause-text")
        self.text.layout.width = "26rem"
        self.text.layout.flex = "0 0 26rem"
        self.rating = widgets.ToggleButtons(
            options=_evidence_options(),
            value=value if value in range(gaps.EVIDENCE_MIN, gaps.EVIDENCE_MAX + 1) else None)
        self.rating.add_class("cx-gap-rating")
        self.rating.observe(on_change, names="value")
        self.box = widgets.HBox([self.text, self.rating])
        self.box.add_class("cx-gap-cause")
        self.box.add_class(f"cx-gap-cause-{cause.id}")

    def relabel(self) -> None:
        self.text.value = html.escape(self.cause.text())
        common.set_options(self.rating, _evidence_options())


def customer_source(session: Session) -> tuple[pd.DataFrame | None, str]:
    """The customer gap's SERVQUAL result and where it comes from (``learner``/``sample``)."""
    scores = servqual_widgets.learner_scores(session.workbook.sections())
    if scores is not None:
        return scores, "learner"
    try:
        return servqual_widgets.sample_scores(), "sample"
    except (CXError, FileNotFoundError):
        return None, "none"


class Diagnosis:
    """Exercise 2: rate the evidence for each cause, see the gaps, levers and write actions.

    Saved to ``07/diagnosis``.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        session.workbook.reload()
        saved = session.workbook.get(DIAGNOSIS, {}) or {}
        stored = saved.get("evidence") or {}
        self.evidence: dict[str, dict[str, int]] = {
            case: {k: v for k, v in (stored.get(case) or {}).items()
                   if k in {c.id for c in gaps.CAUSES} and v in (0, 1, 2, 3)}
            for case in CASES}
        case = saved.get("case") if saved.get("case") in CASES else "sample"
        self.customer, self.customer_kind = customer_source(session)
        self.message = common.Message()
        self.case = widgets.ToggleButtons(options=self._case_options(), value=case,
                                          style={"button_width": "auto"})
        self.case.add_class("cx-gap-case")
        self.symptoms = widgets.HTML()
        self.symptoms.add_class("cx-gap-symptoms")
        self.own_text = widgets.Textarea(value=str(saved.get("own_text") or ""), rows=4,
                                         continuous_update=False)
        self.own_text.add_class("cx-gap-own-text")
        self.own_text.layout.width = "100%"
        common.translate(self.own_text, "placeholder", "gaps.diagnosis.own_placeholder")
        self.rows: list[_CauseRow] = []
        self.heads: dict[str, widgets.HTML] = {}
        grid: list[widgets.Widget] = []
        for gap_id in gaps.PROVIDER_GAPS:
            head = widgets.HTML()
            head.add_class("cx-gap-head")
            self.heads[gap_id] = head
            grid.append(head)
            for cause in gaps.causes_of(gap_id):
                row = _CauseRow(cause, self.evidence[case].get(cause.id), self._rated)
                self.rows.append(row)
                grid.append(row.box)
        self.clear_button = widgets.Button()
        self.clear_button.layout.width = "auto"
        self.clear_button.add_class("cx-gap-clear")
        common.translate(self.clear_button, "description", "gaps.diagnosis.clear")
        self.clear_button.on_click(common.guarded(self.message, self._clear))
        self.source_note = widgets.HTML()
        self.source_note.add_class("cx-gap-customer-source")
        self.chart = common.ChartView(label_key="gaps.chart.label")
        self.chart.add_class("cx-gap-chart")
        self.focus = widgets.HTML()
        self.focus.add_class("cx-gap-focus")
        self.levers = widgets.HTML()
        self.levers.add_class("cx-gap-levers")
        self.actions = widgets.Textarea(value=str(saved.get("actions") or ""), rows=5,
                                        continuous_update=False)
        self.actions.add_class("cx-gap-actions")
        self.actions.layout.width = "100%"
        common.translate(self.actions, "placeholder", "gaps.diagnosis.actions_placeholder")
        self.case.observe(self._case_changed, names="value")
        self.own_text.observe(lambda _c: self._save(), names="value")
        self.actions.observe(common.guarded(self.message, self._actions_changed), names="value")
        i18n.on_change(lambda _lang: self._relabel())
        self._relabel()
        self.widget = common.Exercise(
            "gaps.diagnosis.title",
            widgets.HTML(STYLE),
            common.label("gaps.diagnosis.intro", css="cx-note"),
            self.case,
            self.symptoms,
            self.own_text,
            common.label("gaps.diagnosis.rate", css="cx-subtitle"),
            common.label("gaps.diagnosis.scale", css="cx-note"),
            widgets.VBox(grid),
            self.clear_button,
            self.message,
            common.label("gaps.diagnosis.result", css="cx-subtitle"),
            self.source_note,
            self.chart,
            self.focus,
            self.levers,
            common.label("gaps.diagnosis.actions", css="cx-subtitle"),
            self.actions,
            name="gap-diagnosis",
        )

    # ---------------------------------------------------------------- state
    @property
    def ratings(self) -> dict[str, int]:
        """Evidence of the current case: cause id -> 0-3 (unrated causes left out)."""
        return {row.cause.id: row.rating.value for row in self.rows if row.rating.value is not None}

    def result(self) -> gaps.Diagnosis:
        """The diagnosis of the current case with the customer gap."""
        return gaps.diagnose(self.ratings, self.customer)

    def _case_options(self) -> list[tuple[str, str]]:
        return [(i18n.t(f"gaps.diagnosis.case.{case}"), case) for case in CASES]

    # -------------------------------------------------------------- actions
    def _case_changed(self, change: dict[str, Any]) -> None:
        self.evidence[change["old"]] = self.ratings
        for row in self.rows:
            row.rating.unobserve(self._rated, names="value")
            row.rating.value = self.evidence[change["new"]].get(row.cause.id)
            row.rating.observe(self._rated, names="value")
        self._show_case()
        self._refresh()
        self._save()

    def _rated(self, _change: dict[str, Any]) -> None:
        self.evidence[self.case.value] = self.ratings
        self._refresh()
        self._save()

    def _clear(self, _button: Any = None) -> None:
        for row in self.rows:
            row.rating.unobserve(self._rated, names="value")
            row.rating.value = None
            row.rating.observe(self._rated, names="value")
        self.evidence[self.case.value] = {}
        self._refresh()
        self._save()

    def _actions_changed(self, _change: dict[str, Any]) -> None:
        if len(self.actions.value) > ACTIONS_LIMIT:
            raise CXError("gaps.error.actions_long", limit=ACTIONS_LIMIT)
        self.message.clear()
        self._save()

    # -------------------------------------------------------------- display
    def _relabel(self) -> None:
        common.set_options(self.case, self._case_options())
        for gap_id, head in self.heads.items():
            item = gaps.gap(gap_id)
            head.value = html.escape(i18n.t("gaps.diagnosis.head", number=item.number,
                                            name=item.name(), what=item.what()))
        for row in self.rows:
            row.relabel()
        key = {"learner": "gaps.diagnosis.customer_learner",
               "sample": "gaps.diagnosis.customer_sample"}.get(self.customer_kind,
                                                                "gaps.diagnosis.customer_none")
        self.source_note.value = (f'<div data-source="{self.customer_kind}">'
                                  f"{_note(i18n.t(key))}</div>")
        self._show_case()
        self._refresh()

    def _show_case(self) -> None:
        if self.case.value == "sample":
            items = "".join(f"<li>{html.escape(s.text())}</li>" for s in gaps.CASE_SYMPTOMS)
            self.symptoms.value = (f"<p>{html.escape(i18n.t('gaps.diagnosis.case_intro'))}</p>"
                                   f"<ul>{items}</ul>")
            self.own_text.layout.display = "none"
        else:
            self.symptoms.value = f"<p>{html.escape(i18n.t('gaps.diagnosis.own_intro'))}</p>"
            self.own_text.layout.display = ""

    def _refresh(self) -> None:
        try:
            result = self.result()
        except CXError as exc:
            self.message.show_error(exc)
            return
        servqual_widgets.show_latest(self.chart, lambda: _model_chart(result))
        self.focus.value = focus_html(result)
        self.levers.value = levers_html(result)

    def _save(self) -> None:
        self.evidence[self.case.value] = self.ratings
        result = gaps.diagnose(self.ratings)
        all_rated = bool((result.gaps["rated"] > 0).all())
        done = all_rated and bool(self.actions.value.strip())
        self.session.workbook.set(DIAGNOSIS, {
            "case": self.case.value,
            "own_text": self.own_text.value,
            "evidence": {case: dict(values) for case, values in self.evidence.items()},
            "actions": self.actions.value,
        }, done=done)


def _model_chart(result: gaps.Diagnosis):
    from ..servqual_charts import gap_model_chart

    return gap_model_chart(result)


def _note(text: str) -> str:
    return f'<div class="cx-msg cx-msg-info" role="status">{html.escape(text)}</div>'


def focus_html(result: gaps.Diagnosis, language: str | None = None) -> str:
    """HTML naming the gaps that matter most and where to look first."""
    t = (lambda key, **kw: i18n.t(key, language, **kw)) if language else i18n.t
    rated = int(result.gaps["rated"].sum())
    if rated == 0:
        return _note(t("gaps.diagnosis.none_rated"))
    parts = []
    if result.focus:
        names = "、".join(f"{gaps.gap(g).number} {gaps.gap(g).name(language)}"
                         for g in result.focus)
        if result.gaps.loc[list(result.focus), "priority"].all():
            parts.append(t("gaps.diagnosis.focus", names=names,
                           threshold=f"{result.threshold:g}"))
        else:
            parts.append(t("gaps.diagnosis.focus_weak", names=names,
                           threshold=f"{result.threshold:g}"))
    else:
        parts.append(t("gaps.diagnosis.no_focus"))
    unrated = [gaps.gap(g).name(language) for g, row in result.gaps.iterrows() if row["rated"] == 0]
    if unrated:
        parts.append(t("gaps.diagnosis.unrated", names="、".join(unrated)))
    customer = result.customer
    if customer is not None and result.check_first:
        worst = customer["gap"].idxmin()
        parts.append(t("gaps.diagnosis.check_first",
                       dimension=servqual_widgets.dimension_name(worst, language),
                       value=f"{customer.at[worst, 'gap']:+.2f}",
                       names="、".join(gaps.gap(g).name(language) for g in result.check_first)))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in parts)
    focus_attr = " ".join(result.focus)
    return f'<div class="cx-gap-focus-text" data-focus="{focus_attr}">{body}</div>'


def levers_html(result: gaps.Diagnosis, language: str | None = None) -> str:
    """HTML cards of the proposed levers with the causes behind each."""
    t = (lambda key, **kw: i18n.t(key, language, **kw)) if language else i18n.t
    if result.levers.empty:
        if int(result.gaps["rated"].sum()) == 0:
            return ""
        return _note(t("gaps.diagnosis.no_levers"))
    cards = [f"<p><b>{html.escape(t('gaps.diagnosis.levers_title'))}</b></p>"]
    causes_by_id = {c.id: c for c in gaps.CAUSES}
    for lever_id, row in result.levers.iterrows():
        lever = gaps.lever(lever_id)
        because = " / ".join(causes_by_id[c].text(language) for c in row["causes"])
        cards.append(
            f'<div class="cx-gap-lever" data-lever="{lever_id}"><b>{html.escape(lever.name(language))}'
            f"</b> — {html.escape(lever.how(language))}<br><span class=\"cx-note\">"
            f"{html.escape(t('gaps.diagnosis.because', causes=because))}</span></div>")
    return "".join(cards)


# ----------------------------------------------------------------------------- report


def report_section(data: dict[str, Any], language: str) -> str | None:
    """HTML for the workbook report: classification score, gap diagnosis and actions."""
    sections = data.get("sections", {})
    parts: list[str] = []
    with i18n.using(language):
        classify = ((sections.get(CLASSIFY) or {}).get("value") or {}).get("answers") or {}
        known = {f.id for f in gaps.FAILURES}
        answers = {k: v for k, v in classify.items() if k in known and v in (1, 2, 3, 4)}
        if answers:
            table = gaps.check_classification(answers)
            parts.append(f"<h3>{html.escape(i18n.t('gaps.classify.title'))}</h3>")
            parts.append(f"<p>{html.escape(i18n.t('gaps.classify.score', **table.attrs))}</p>")
        saved = (sections.get(DIAGNOSIS) or {}).get("value") or {}
        if saved:
            case = saved.get("case") if saved.get("case") in CASES else "sample"
            evidence = (saved.get("evidence") or {}).get(case) or {}
            try:
                evidence = gaps.validate_evidence(
                    {k: v for k, v in evidence.items() if k in {c.id for c in gaps.CAUSES}})
                customer = servqual_widgets.learner_scores(sections)
                if customer is None:
                    customer = servqual_widgets.sample_scores()
                result = gaps.diagnose(evidence, customer)
            except CXError:
                result = None
            parts.append(f"<h3>{html.escape(i18n.t('gaps.diagnosis.title'))}</h3>")
            parts.append(f"<p>{html.escape(i18n.t(f'gaps.diagnosis.case.{case}'))}</p>")
            if case == "own" and str(saved.get("own_text") or "").strip():
                parts.append(f"<pre>{html.escape(saved['own_text'])}</pre>")
            if result is not None and evidence:
                from ..servqual_charts import gap_model_chart

                parts.append(scores_table(result, language))
                parts.append(charts.to_svg(gap_model_chart(result, language)))
                parts.append(focus_html(result, language))
                parts.append(levers_html(result, language))
            actions = str(saved.get("actions") or "").strip()
            if actions:
                parts.append(f"<h4>{html.escape(i18n.t('gaps.diagnosis.actions'))}</h4>"
                             f"<pre>{html.escape(actions)}</pre>")
    return "".join(parts) or None


def scores_table(result: gaps.Diagnosis, language: str | None = None) -> str:
    """HTML table of the provider gaps' scores."""
    t = (lambda key: i18n.t(key, language)) if language else i18n.t
    head = "".join(f"<th>{html.escape(t(k))}</th>" for k in (
        "gaps.table.gap", "gaps.table.score", "gaps.table.rated", "gaps.table.priority"))
    rows = []
    for gap_id, row in result.gaps.iterrows():
        item = gaps.gap(gap_id)
        score = "–" if pd.isna(row["score"]) else f"{row['score']:.0f}"
        flag = t("gaps.table.yes") if row["priority"] else ""
        rows.append(f"<tr><td>{item.number} {html.escape(item.name(language))}</td><td>{score}</td>"
                    f"<td>{int(row['rated'])}/{int(row['causes'])}</td><td>{html.escape(flag)}</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
