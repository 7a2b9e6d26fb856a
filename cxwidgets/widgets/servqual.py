"""Lecture 02 exercises: SERVQUAL questionnaire, importance weights, results, survey, scenarios.

Workbook sections:

* ``02/questionnaire``: ``{"answers": {"1": [E, P], ...}, "custom": {"3": "own wording"}}``,
  done when all 22 items have both ratings;
* ``02/weights``: ``{"points": {dimension: points}}``, done when the points total 100;
* ``02/survey``: source, filters, comparison and (up to ``STORED_ROWS_LIMIT`` rows) an upload;
* ``02/scenarios``: ``{"samples": {moment id: dimension}, "own": [{"text", "dimension"}]}``.

:func:`learner_scores` turns the first two into the learner's SERVQUAL result; lecture 07
reads it for the customer gap.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .. import charts, datasets, i18n, servqual
from ..errors import CXError
from ..session import Session
from . import common

QUESTIONNAIRE = "02/questionnaire"
WEIGHTS = "02/weights"
SURVEY = "02/survey"
SCENARIOS = "02/scenarios"
SEGMENTS: tuple[str, ...] = ("tenure", "tier")
STORED_ROWS_LIMIT = 30_000
OWN_MOMENTS = 5
RATINGS = tuple(range(servqual.SCALE_MIN, servqual.SCALE_MAX + 1))

STYLE = """<style>
.cx-sq-row { border-bottom: 1px solid #eef1f4; padding: 0.2rem 0; align-items: center;
  flex-wrap: wrap; }
.cx-sq-row .widget-toggle-buttons { flex-wrap: nowrap; }
.cx-sq-row .widget-toggle-button { padding: 0; margin: 0 1px; }
.cx-sq-row .widget-toggle-buttons .widget-label { text-align: right; padding-right: 0.3rem; }
.cx-sq-row .cx-sq-p { margin-left: 1.2rem; }
.cx-sq-dimhead { font-weight: 600; margin-top: 0.7rem; color: #1f3b5a; }
.cx-sq-top { border-left: 4px solid #b2182b; padding: 0.3rem 0.7rem; margin: 0.4rem 0;
  background: #fff7f6; }
.cx-sq-score { font-size: 1.05rem; }
.cx-sq-score b { font-size: 1.25rem; }
.cx-sq-left-ok { color: #1d5a2a; font-weight: 600; }
.cx-sq-left-bad { color: #8a1c12; font-weight: 600; }
.cx-sq-feedback-right { color: #1d5a2a; } .cx-sq-feedback-wrong { color: #8a1c12; }
.cx-sq-moment { border-bottom: 1px solid #eef1f4; padding: 0.3rem 0; }
</style>"""


def dimension_name(dimension: str, language: str | None = None) -> str:
    """Translated dimension name."""
    return i18n.t(f"servqual.dim.{dimension}", language) if language else i18n.t(
        f"servqual.dim.{dimension}")


def _dimension_options(blank: bool = False) -> list[tuple[str, str | None]]:
    options: list[tuple[str, str | None]] = [("—", None)] if blank else []
    return options + [(dimension_name(d), d) for d in servqual.DIMENSIONS]


def show_latest(view: common.ChartView, build: Callable[[], Any]) -> None:
    """Show ``build()`` in ``view``, skipping the work if a newer request arrives first.

    Clicking through a questionnaire asks for many charts in a row; only the newest is built
    and rendered, so the chart thread never falls behind the learner.
    """
    view._cx_latest = build

    def latest() -> Any:
        if getattr(view, "_cx_latest", None) is not build:
            raise CXError("servqual.chart.stale")  # silently dropped: a newer chart is queued
        return build()

    view.show(latest)
    charts.submit(_resend_later, view, build)


RESEND_AFTER = (2.0, 10.0)


def _resend_later(view: common.ChartView, build: Callable[[], Any]) -> None:
    """Send the rendered chart again a little later (runs after the render, same thread).

    A chart finished while the page's front end is still connecting can miss it: the update
    arrives before the widget exists there, while the state it fetched predates the chart.
    Re-sending the same value is cheap and makes the chart appear in that case.
    """
    import threading

    def resend() -> None:
        if getattr(view, "_cx_latest", None) is build and view.svg is not None:
            try:
                view.send_state("value")
            except Exception:  # the page may be gone; nothing to repair then
                return

    for delay in RESEND_AFTER:
        timer = threading.Timer(delay, resend)
        timer.daemon = True
        timer.start()


def _fmt(value: float | None, signed: bool = True) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:+.2f}" if signed else f"{value:.2f}"


# ----------------------------------------------------------------------------- shared results


def answers_frame(answers: dict[str, Any]) -> pd.DataFrame:
    """The learner's own answers ``{"5": [E, P]}`` as a long DataFrame (respondent ``"me"``)."""
    rows = []
    for key, pair in (answers or {}).items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            continue
        if not 1 <= number <= len(servqual.ITEMS) or not isinstance(pair, (list, tuple)):
            continue
        e, p = [*pair, None, None][:2]
        rows.append({"respondent": "me", "item": number, "expectation": e, "perception": p})
    return pd.DataFrame(rows, columns=["respondent", "item", "expectation", "perception"])


def _section_value(sections: dict[str, Any], name: str) -> dict[str, Any]:
    entry = sections.get(name) or {}
    value = entry.get("value") if isinstance(entry, dict) else None
    return value if isinstance(value, dict) else {}


def valid_points(points: dict[str, Any] | None) -> dict[str, float] | None:
    """The weights if they total exactly 100, else ``None``."""
    try:
        return servqual.validate_weights(points or {})
    except CXError:
        return None


def learner_scores(sections: dict[str, Any]):
    """The learner's SERVQUAL result from the workbook sections, or ``None``.

    Parameters
    ----------
    sections : dict
        ``workbook.sections()`` (or a workbook document's ``"sections"``).

    Returns
    -------
    pandas.DataFrame or None
        :func:`cxwidgets.servqual.score` of the learner's questionnaire, weighted when the
        saved weights total 100; ``None`` when no item has both ratings.
    """
    questionnaire = _section_value(sections, QUESTIONNAIRE)
    frame = answers_frame(questionnaire.get("answers") or {})
    if frame.dropna().empty:
        return None
    points = valid_points(_section_value(sections, WEIGHTS).get("points"))
    try:
        return servqual.score(frame, points)
    except CXError:
        return None


def sample_survey():
    """The sample survey, validated (long layout)."""
    return servqual.read_responses(datasets.read_csv("servqual_survey.csv", dtype=str))


def sample_scores():
    """SERVQUAL result of the whole sample survey (unweighted)."""
    return servqual.score(sample_survey())


def dimension_table(scores, language: str | None = None, weights: bool = True) -> str:
    """HTML table of a :func:`cxwidgets.servqual.score` result (``weights``: show that column)."""
    t = (lambda key: i18n.t(key, language)) if language else i18n.t
    keys = ["servqual.results.col.dimension", "servqual.chart.expectation",
            "servqual.chart.perception", "servqual.results.col.gap", "servqual.results.col.n"]
    if weights:
        keys.append("servqual.results.col.weight")
    head = "".join(f"<th>{html.escape(t(k))}</th>" for k in keys)
    rows = []
    for dimension in servqual.DIMENSIONS:
        row = scores.loc[dimension]
        weight = row.get("weight", math.nan)
        weight_cell = f"<td>{'–' if weight != weight else f'{weight:g}'}</td>" if weights else ""
        rows.append(
            f'<tr data-dimension="{dimension}"><td>{html.escape(dimension_name(dimension, language))}'
            f"</td><td>{_fmt(row['expectation'], False)}</td><td>{_fmt(row['perception'], False)}"
            f"</td><td>{_fmt(row['gap'])}</td><td>{int(row['n'])}</td>{weight_cell}</tr>")
    return (f'<div class="cx-table cx-sq-dimtable"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def score_line(scores, language: str | None = None, show_weighted: bool = True) -> str:
    """HTML: the unweighted and the weighted SERVQUAL score with what they mean."""
    t = (lambda key, **kw: i18n.t(key, language, **kw)) if language else i18n.t
    attrs = scores.attrs
    parts = [t("servqual.results.unweighted", value=_fmt(attrs["unweighted"]))]
    weighted = attrs.get("weighted")
    if show_weighted and weighted is None:
        parts.append(t("servqual.results.weighted_none"))
    elif show_weighted:
        parts.append(t("servqual.results.weighted", value=_fmt(weighted)))
    if attrs.get("missing_dimensions"):
        names = "、".join(dimension_name(d, language) for d in attrs["missing_dimensions"])
        parts.append(t("servqual.results.missing", names=names))
    body = "<br>".join(html.escape(p) for p in parts)
    return f'<div class="cx-sq-score">{body}</div>'


def top_items_html(top, custom: dict[int, str] | None = None,
                   language: str | None = None) -> str:
    """HTML cards for the items with the largest negative gap and their suggestions."""
    t = (lambda key, **kw: i18n.t(key, language, **kw)) if language else i18n.t
    custom = custom or {}
    if top.empty:
        return f'<div class="cx-msg cx-msg-success">{html.escape(t("servqual.results.no_negative"))}</div>'
    cards = []
    for number, row in top.iterrows():
        text = custom.get(int(number)) or row["text"]
        cards.append(
            f'<div class="cx-sq-top" data-item="{int(number)}"><b>{int(number)}. '
            f"{html.escape(text)}</b> "
            + html.escape(t("servqual.results.top_meta",
                            dimension=dimension_name(row["dimension"], language),
                            gap=_fmt(row["gap"])))
            + f"<br>{html.escape(t('servqual.results.suggestion'))}{html.escape(row['tip'])}</div>")
    return "".join(cards)


# ----------------------------------------------------------------------------- exercise 1


class _ItemRow:
    """One item: its wording and the expectation and perception ratings."""

    def __init__(self, item: servqual.Item, answer: list[int | None], on_change) -> None:
        self.item = item
        self.text = widgets.HTML()
        self.text.add_class("cx-sq-text")
        self.expectation = widgets.ToggleButtons(options=list(RATINGS), value=answer[0])
        self.expectation.add_class("cx-sq-e")
        self.perception = widgets.ToggleButtons(options=list(RATINGS), value=answer[1])
        self.perception.add_class("cx-sq-p")
        common.translate(self.expectation, "description", "servqual.questionnaire.e_short")
        common.translate(self.perception, "description", "servqual.questionnaire.p_short")
        for toggle, key in ((self.expectation, "servqual.questionnaire.e_tip"),
                            (self.perception, "servqual.questionnaire.p_tip")):
            toggle.style.description_width = "3.2rem"
            toggle.style.button_width = "2.1rem"
            toggle.layout.width = "auto"
            toggle.layout.flex = "0 0 auto"
            toggle.tooltips = [i18n.t(key, n=n) for n in RATINGS]
        self.text.layout.width = "24rem"
        self.text.layout.flex = "0 0 24rem"
        self.box = widgets.HBox([self.text, self.expectation, self.perception])
        self.box.add_class("cx-sq-row")
        self.box.add_class(f"cx-sq-item-{item.number}")
        self.expectation.observe(on_change, names="value")
        self.perception.observe(on_change, names="value")

    @property
    def answer(self) -> list[int | None]:
        return [self.expectation.value, self.perception.value]

    def show_text(self, custom: str | None) -> None:
        self.expectation.tooltips = [i18n.t("servqual.questionnaire.e_tip", n=n) for n in RATINGS]
        self.perception.tooltips = [i18n.t("servqual.questionnaire.p_tip", n=n) for n in RATINGS]
        text = custom or self.item.text()
        self.text.value = f"<span>{self.item.number}. {html.escape(text)}</span>"


class Questionnaire:
    """Exercise 1: rate the 22 items for expectation and perception (7-point scale).

    The learner may reword any item for their own business. Saved to ``02/questionnaire``.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        saved = session.workbook.get(QUESTIONNAIRE, {}) or {}
        stored = saved.get("answers") or {}
        self.custom: dict[int, str] = {}
        for key, text in (saved.get("custom") or {}).items():
            if str(key).isdigit() and str(text).strip():
                self.custom[int(key)] = str(text).strip()
        self._listeners: list[Callable[[], None]] = []
        self.message = common.Message()
        self.progress = widgets.HTML()
        self.progress.add_class("cx-sq-progress")
        self.scale_note = common.label("servqual.questionnaire.scale", css="cx-note")
        self.rows: list[_ItemRow] = []
        children: list[widgets.Widget] = []
        self.headings: dict[str, widgets.HTML] = {}
        for dimension in servqual.DIMENSIONS:
            heading = widgets.HTML()
            heading.add_class("cx-sq-dimhead")
            self.headings[dimension] = heading
            children.append(heading)
            for number in servqual.DIMENSION_ITEMS[dimension]:
                pair = stored.get(str(number)) or [None, None]
                answer = [v if v in RATINGS else None for v in [*pair, None, None][:2]]
                row = _ItemRow(servqual.item(number), answer, self._answered)
                self.rows.append(row)
                children.append(row.box)
        self.rows_box = widgets.VBox(children)
        # rewording
        self.reword_item = widgets.Dropdown(options=self._item_options(), value=1)
        self.reword_item.add_class("cx-sq-reword-item")
        self.reword_text = widgets.Text()
        self.reword_text.add_class("cx-sq-reword-text")
        self.reword_text.layout.width = "32rem"
        common.translate(self.reword_text, "placeholder", "servqual.questionnaire.reword_placeholder")
        self.reword_save = widgets.Button()
        self.reword_save.layout.width = "auto"
        self.reword_save.add_class("cx-sq-reword-save")
        common.translate(self.reword_save, "description", "servqual.questionnaire.reword_save")
        self.reword_reset = widgets.Button()
        self.reword_reset.layout.width = "auto"
        self.reword_reset.add_class("cx-sq-reword-reset")
        common.translate(self.reword_reset, "description", "servqual.questionnaire.reword_reset")
        self.clear_button = widgets.Button()
        self.clear_button.layout.width = "auto"
        self.clear_button.add_class("cx-sq-clear")
        common.translate(self.clear_button, "description", "servqual.questionnaire.clear")
        self.reword_item.observe(lambda _c: self._show_reword(), names="value")
        self.reword_save.on_click(common.guarded(self.message, self._reword))
        self.reword_reset.on_click(common.guarded(self.message, self._unword))
        self.clear_button.on_click(common.guarded(self.message, self._clear))
        reword_box = widgets.VBox([
            common.label("servqual.questionnaire.reword", css="cx-subtitle"),
            widgets.HBox([self.reword_item, self.reword_text]),
            widgets.HBox([self.reword_save, self.reword_reset]),
        ])
        i18n.on_change(lambda _lang: self._relabel())
        self._relabel()
        self.widget = common.Exercise(
            "servqual.questionnaire.title",
            widgets.HTML(STYLE),
            common.label("servqual.questionnaire.intro", css="cx-note"),
            self.scale_note,
            self.progress,
            self.rows_box,
            self.clear_button,
            reword_box,
            self.message,
            name="sq-questionnaire",
        )

    # ---------------------------------------------------------------- public
    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after every change of answers or wording."""
        self._listeners.append(callback)

    @property
    def answers(self) -> dict[str, list[int | None]]:
        """``{"1": [E, P], ...}`` for every item with at least one rating."""
        return {str(row.item.number): row.answer for row in self.rows
                if row.answer != [None, None]}

    def frame(self):
        """The learner's answers as a long DataFrame."""
        return answers_frame(self.answers)

    def complete(self) -> int:
        """Number of items with both ratings."""
        return sum(1 for row in self.rows if None not in row.answer)

    # --------------------------------------------------------------- actions
    def _answered(self, _change: dict[str, Any]) -> None:
        self._show_progress()
        self._save()

    def _item_options(self) -> list[tuple[str, int]]:
        return [(f"{it.number}. {it.text()[:24]}", it.number) for it in servqual.ITEMS]

    def _show_reword(self) -> None:
        number = self.reword_item.value
        self.reword_text.value = self.custom.get(number, "")

    def _reword(self, _button: Any = None) -> None:
        text = self.reword_text.value.strip()
        if not text:
            raise CXError("servqual.error.reword_empty")
        if len(text) > 120:
            raise CXError("servqual.error.reword_long", limit=120)
        self.custom[self.reword_item.value] = text
        self._relabel()
        self.message.show_success("servqual.questionnaire.reworded", number=self.reword_item.value)
        self._save()

    def _unword(self, _button: Any = None) -> None:
        self.custom.pop(self.reword_item.value, None)
        self.reword_text.value = ""
        self._relabel()
        self.message.show_info("servqual.questionnaire.unworded", number=self.reword_item.value)
        self._save()

    def _clear(self, _button: Any = None) -> None:
        for row in self.rows:
            row.expectation.unobserve(self._answered, names="value")
            row.perception.unobserve(self._answered, names="value")
            row.expectation.value = None
            row.perception.value = None
            row.expectation.observe(self._answered, names="value")
            row.perception.observe(self._answered, names="value")
        self._show_progress()
        self.message.show_info("servqual.questionnaire.cleared")
        self._save()

    def _relabel(self) -> None:
        for dimension, heading in self.headings.items():
            title = f"{dimension_name(dimension)} · {i18n.t(f'servqual.dimdesc.{dimension}')}"
            heading.value = html.escape(title)
        for row in self.rows:
            row.show_text(self.custom.get(row.item.number))
        common.set_options(self.reword_item, self._item_options())
        self._show_reword()
        self._show_progress()

    def _show_progress(self) -> None:
        self.progress.value = html.escape(
            i18n.t("servqual.questionnaire.progress", done=self.complete(), total=len(self.rows)))

    def _save(self) -> None:
        self.session.workbook.set(
            QUESTIONNAIRE,
            {"answers": self.answers, "custom": {str(k): v for k, v in self.custom.items()}},
            done=self.complete() == len(self.rows),
        )
        for callback in list(self._listeners):
            callback()


# ----------------------------------------------------------------------------- exercise 2


class Weights:
    """Exercise 2: share 100 importance points across the five dimensions.

    Shows the points left and refuses any total other than 100. Saved to ``02/weights``.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        saved = (session.workbook.get(WEIGHTS, {}) or {}).get("points") or {}
        self._listeners: list[Callable[[], None]] = []
        self.inputs: dict[str, widgets.BoundedIntText] = {}
        for dimension in servqual.DIMENSIONS:
            value = saved.get(dimension, 0)
            box = widgets.BoundedIntText(
                value=int(value) if isinstance(value, (int, float)) and 0 <= value <= 100 else 0,
                min=0, max=100, step=5)
            box.add_class("cx-sq-weight")
            box.add_class(f"cx-sq-weight-{dimension}")
            box.style.description_width = "6rem"
            box.layout.width = "13rem"
            box.observe(self._changed, names="value")
            self.inputs[dimension] = box
        self.left = widgets.HTML()
        self.left.add_class("cx-sq-left")
        self.message = common.Message()
        self.message.add_class("cx-sq-weight-message")
        self.equal = widgets.Button()
        self.equal.layout.width = "auto"
        self.equal.add_class("cx-sq-equal")
        common.translate(self.equal, "description", "servqual.weights.equal")
        self.equal.on_click(lambda _b: self._set_equal())
        i18n.on_change(lambda _lang: self._relabel())
        self._relabel()
        self.widget = common.Exercise(
            "servqual.weights.title",
            widgets.HTML(STYLE),
            common.label("servqual.weights.intro", css="cx-note"),
            widgets.VBox(list(self.inputs.values())),
            self.left,
            self.message,
            self.equal,
            name="sq-weights",
        )

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after every change of the points."""
        self._listeners.append(callback)

    @property
    def points(self) -> dict[str, int]:
        return {d: int(box.value or 0) for d, box in self.inputs.items()}

    @property
    def valid(self) -> dict[str, float] | None:
        """The points when they total 100, else ``None``."""
        return valid_points(self.points)

    def _set_equal(self) -> None:
        for box in self.inputs.values():
            box.unobserve(self._changed, names="value")
            box.value = 20
            box.observe(self._changed, names="value")
        self._changed()

    def _changed(self, _change: dict[str, Any] | None = None) -> None:
        self._show_left()
        self.session.workbook.set(WEIGHTS, {"points": self.points}, done=self.valid is not None)
        for callback in list(self._listeners):
            callback()

    def _show_left(self) -> None:
        total = sum(self.points.values())
        left = 100 - total
        if left == 0:
            self.left.value = (f'<span class="cx-sq-left-ok" data-left="0">'
                               f'{html.escape(i18n.t("servqual.weights.done"))}</span>')
            self.message.clear()
            return
        key = "servqual.weights.left" if left > 0 else "servqual.weights.over"
        self.left.value = (f'<span class="cx-sq-left-bad" data-left="{left}">'
                           f'{html.escape(i18n.t(key, total=total, left=abs(left)))}</span>')
        if total > 0:
            try:
                servqual.validate_weights(self.points)
            except CXError as exc:
                self.message.show_error(exc)
        else:
            self.message.clear()

    def _relabel(self) -> None:
        for dimension, box in self.inputs.items():
            box.description = dimension_name(dimension)
        self._show_left()


# ----------------------------------------------------------------------------- exercise 3


class Results:
    """Exercise 3: the learner's gaps per item and dimension, scores, chart and top three.

    Needs the :class:`Questionnaire` and :class:`Weights` of the same page; shows the results
    once at least one item is answered and the points total 100.
    """

    def __init__(self, session: Session, questionnaire: Questionnaire, weights: Weights) -> None:
        self.session = session
        self.questionnaire = questionnaire
        self.weights = weights
        self.status = common.Message()
        self.status.add_class("cx-sq-results-status")
        self.score = widgets.HTML()
        self.score.add_class("cx-sq-scoreline")
        self.table = widgets.HTML()
        self.table.add_class("cx-sq-dimensions")
        self.chart = common.ChartView(label_key="servqual.chart.dimension_label")
        self.chart.add_class("cx-sq-dimchart")
        self.items_chart = common.ChartView(label_key="servqual.chart.item_label")
        self.items_chart.add_class("cx-sq-itemchart")
        self.top = widgets.HTML()
        self.top.add_class("cx-sq-topitems")
        self.body = widgets.VBox([
            self.score, self.table, self.chart,
            common.label("servqual.results.top_title", css="cx-subtitle"), self.top,
            common.label("servqual.results.items_title", css="cx-subtitle"), self.items_chart,
        ])
        self.body.add_class("cx-sq-results-body")
        questionnaire.on_change(self.refresh)
        weights.on_change(self.refresh)
        i18n.on_change(lambda _lang: self.refresh())
        self.widget = common.Exercise(
            "servqual.results.title",
            widgets.HTML(STYLE),
            self.status,
            self.body,
            name="sq-results",
        )
        self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw (or say what is missing)."""
        frame = self.questionnaire.frame()
        points = self.weights.valid
        if frame.dropna().empty:
            self._hide("servqual.results.need_answers")
            return
        if points is None:
            self._hide("servqual.results.need_weights", total=sum(self.weights.points.values()))
            return
        try:
            scores = servqual.score(frame, points)
            items = servqual.item_scores(frame)
            top = servqual.largest_gaps(frame)
        except CXError as exc:
            self.status.show_error(exc)
            return
        self.status.clear()
        self.body.layout.display = ""
        custom = self.questionnaire.custom
        self.score.value = score_line(scores)
        self.table.value = dimension_table(scores)
        self.top.value = top_items_html(top, custom)
        highlight = list(top.index)
        from ..servqual_charts import dimension_gap_chart, item_gap_chart

        show_latest(self.chart, lambda: dimension_gap_chart(scores))
        show_latest(self.items_chart, lambda: item_gap_chart(items, highlight, custom=dict(custom)))

    def _hide(self, key: str, **params: Any) -> None:
        self.status.show_info(key, **params)
        self.body.layout.display = "none"


# ----------------------------------------------------------------------------- exercise 4


class SurveyAnalysis:
    """Exercise 4: analyse a SERVQUAL survey (sample or uploaded), by segment, two compared.

    Saved to ``02/survey``.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.state: dict[str, Any] = session.workbook.get(SURVEY, {}) or {}
        self.sample = None
        self.uploaded = None
        self.message = common.Message()
        self.message.add_class("cx-sq-survey-message")
        self.source = widgets.ToggleButtons(options=self._source_options(), value="sample",
                                            style={"button_width": "auto"})
        self.source.add_class("cx-sq-source")
        self.upload = common.Upload(self._on_upload, label_key="servqual.survey.upload")
        self.template = common.DownloadButton(
            "servqual.survey.template", "servqual_template.csv", "text/csv",
            lambda: datasets.path("servqual_template.csv").read_bytes(), name="sq-template")
        self.status = widgets.HTML()
        self.status.add_class("cx-sq-survey-status")
        self.filters = {column: widgets.Dropdown(options=[("", "")], value="")
                        for column in SEGMENTS}
        for column, dropdown in self.filters.items():
            dropdown.add_class(f"cx-sq-filter-{column}")
        self.score = widgets.HTML()
        self.chart = common.ChartView(label_key="servqual.chart.dimension_label")
        self.chart.add_class("cx-sq-survey-chart")
        self.top = widgets.HTML()
        self.top.add_class("cx-sq-survey-top")
        self.compare_by = widgets.Dropdown(options=[("", "tenure")], value="tenure")
        self.compare_by.add_class("cx-sq-compare-by")
        self.segment_a = widgets.Dropdown(options=[])
        self.segment_a.add_class("cx-sq-segment-a")
        self.segment_b = widgets.Dropdown(options=[])
        self.segment_b.add_class("cx-sq-segment-b")
        self.compare_chart = common.ChartView(label_key="servqual.chart.segment_label")
        self.compare_chart.add_class("cx-sq-compare-chart")
        self.compare_table = widgets.HTML()
        self.compare_table.add_class("cx-sq-compare")
        self._quiet = True
        self.source.observe(self._changed, names="value")
        for dropdown in (*self.filters.values(), self.segment_a, self.segment_b):
            dropdown.observe(self._changed, names="value")
        self.compare_by.observe(self._compare_by_changed, names="value")
        i18n.on_change(self._relabel)
        self._relabel_static()
        self.widget = common.Exercise(
            "servqual.survey.title",
            widgets.HTML(STYLE),
            widgets.HBox([self.source, self.template]),
            self.upload,
            common.label("servqual.survey.format", css="cx-note"),
            self.message,
            self.status,
            widgets.HBox(list(self.filters.values())),
            self.score,
            self.chart,
            common.label("servqual.results.top_title", css="cx-subtitle"),
            self.top,
            common.label("servqual.survey.compare", css="cx-subtitle"),
            widgets.HBox([self.compare_by, self.segment_a, self.segment_b]),
            self.compare_chart,
            self.compare_table,
            name="sq-survey",
        )
        self.status.value = html.escape(i18n.t("common.chart.loading"))
        self._loading = charts.background(self._load)

    # ------------------------------------------------------------------ data
    def _source_options(self) -> list[tuple[str, str]]:
        return [(i18n.t("servqual.survey.source.sample"), "sample"),
                (i18n.t("servqual.survey.source.upload"), "upload")]

    def _load(self) -> None:
        try:
            self.sample = sample_survey()
            stored = self.state.get("upload")
            if stored:
                try:
                    frame = pd.DataFrame(stored["rows"], columns=stored["columns"])
                    self.uploaded = servqual.read_responses(frame)
                except (CXError, KeyError, ValueError):
                    self.uploaded = None
            self._quiet = True
            if self.uploaded is not None and self.state.get("source") == "upload":
                self.source.value = "upload"
            self._fill_filters()
            self._restore_choices()
        finally:
            self._quiet = False
        self._update(save=False)

    @property
    def data(self):
        if self.source.value == "upload" and self.uploaded is not None:
            return self.uploaded
        return self.sample

    def _on_upload(self, frame, filename: str) -> None:
        clean = servqual.read_responses(frame)  # raises CXError: earlier data kept
        if clean.dropna(subset=["expectation", "perception"]).empty:
            raise CXError("servqual.error.no_complete_answers")
        self.uploaded = clean
        if len(clean) <= STORED_ROWS_LIMIT:
            self.state["upload"] = {"name": filename, "columns": list(clean.columns),
                                    "rows": clean.astype(object).where(clean.notna(), None)
                                    .values.tolist()}
        else:
            self.state.pop("upload", None)
        self._quiet = True
        try:
            self.source.value = "upload"
            self._fill_filters()
        finally:
            self._quiet = False
        self._update()
        if clean.attrs.get("incomplete_answers"):
            rows = clean.attrs["incomplete_rows"]
            shown = ", ".join(map(str, rows[:8])) + (" …" if len(rows) > 8 else "")
            self.message.show_info("servqual.survey.incomplete",
                                   n=clean.attrs["incomplete_answers"], rows=shown)
        if len(clean) > STORED_ROWS_LIMIT:
            self.message.show_info("servqual.survey.not_stored", limit=STORED_ROWS_LIMIT)

    def _fill_filters(self) -> None:
        frame = self.data
        for column, dropdown in self.filters.items():
            options = [(i18n.t("servqual.survey.all"), "")]
            if frame is not None and column in frame.columns:
                values = common.segment_values(column, [v for v in frame[column].unique() if v])
                options += [(common.segment_label(column, v), v) for v in values]
            common.set_options(dropdown, options)
            dropdown.layout.display = "" if len(options) > 1 else "none"
        self._fill_compare_values()

    def _fill_compare_values(self) -> None:
        frame = self.data
        column = self.compare_by.value
        values: list[str] = []
        if frame is not None and column in frame.columns:
            values = common.segment_values(column, [v for v in frame[column].unique() if v])
        options = [(common.segment_label(column, v), v) for v in values]
        common.set_options(self.segment_a, options)
        common.set_options(self.segment_b, options)
        if values and self.segment_a.value is None:
            self.segment_a.value = values[0]
        if len(values) > 1 and self.segment_b.value in (None, self.segment_a.value):
            self.segment_b.value = next(v for v in reversed(values) if v != self.segment_a.value)

    def _restore_choices(self) -> None:
        for column, value in (self.state.get("filters") or {}).items():
            dropdown = self.filters.get(column)
            if dropdown is not None and value in [o[1] for o in dropdown.options]:
                dropdown.value = value
        compare = self.state.get("compare") or {}
        if compare.get("by") in SEGMENTS:
            self.compare_by.value = compare["by"]
            self._fill_compare_values()
        for dropdown, key in ((self.segment_a, "a"), (self.segment_b, "b")):
            if compare.get(key) in [o[1] for o in dropdown.options]:
                dropdown.value = compare[key]

    # --------------------------------------------------------------- updates
    def _changed(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        if change["owner"] is self.source:
            self._quiet = True
            try:
                self._fill_filters()
            finally:
                self._quiet = False
        self._update()

    def _compare_by_changed(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self._quiet = True
        try:
            self._fill_compare_values()
        finally:
            self._quiet = False
        self._update()

    def filtered(self):
        """The current data with the segment filters applied."""
        wanted = {c: d.value for c, d in self.filters.items() if d.value}
        return servqual.filter_segment(self.data, **wanted) if wanted else self.data

    def _update(self, save: bool = True) -> None:
        if self.data is None:
            return
        try:
            frame = self.filtered()
            if frame.dropna(subset=["expectation", "perception"]).empty:
                raise CXError("servqual.error.empty_filter")
            scores = servqual.score(frame)
            top = servqual.largest_gaps(frame)
        except CXError as exc:
            self.message.show_error(exc)
            return
        self.message.clear()
        self.status.value = html.escape(i18n.t(
            "servqual.survey.loaded", respondents=scores.attrs["n_respondents"],
            answers=scores.attrs["n_answers"], blanks=scores.attrs["incomplete_answers"]))
        self.score.value = (score_line(scores, show_weighted=False)
                            + dimension_table(scores, weights=False))
        self.top.value = top_items_html(top)
        from ..servqual_charts import dimension_gap_chart

        show_latest(self.chart, lambda: dimension_gap_chart(scores))
        self._update_compare()
        if save:
            self._save()

    def _update_compare(self) -> None:
        column, a, b = self.compare_by.value, self.segment_a.value, self.segment_b.value
        frame = self.data
        if column not in frame.columns or a is None or b is None:
            self.compare_table.value = _note(i18n.t("servqual.survey.no_segments"))
            self.compare_chart.layout.display = "none"
            return
        try:
            comparison = servqual.compare_segments(frame, column, a, b)
        except CXError as exc:
            self.compare_table.value = _note(exc.message())
            self.compare_chart.layout.display = "none"
            return
        self.compare_chart.layout.display = ""
        name_a, name_b = common.segment_label(column, a), common.segment_label(column, b)
        from ..servqual_charts import segment_chart

        show_latest(self.compare_chart, lambda: segment_chart(comparison, name_a, name_b))
        self.compare_table.value = compare_html(comparison, name_a, name_b)

    def _relabel_static(self) -> None:
        common.set_options(self.source, self._source_options())
        for column, dropdown in self.filters.items():
            dropdown.description = common.segment_name(column)
        common.set_options(self.compare_by, [(common.segment_name(c), c) for c in SEGMENTS])
        self.compare_by.description = i18n.t("servqual.survey.compare_by")
        self.segment_a.description = i18n.t("servqual.survey.segment_a")
        self.segment_b.description = i18n.t("servqual.survey.segment_b")

    def _relabel(self, _language: str) -> None:
        self._quiet = True
        try:
            self._relabel_static()
            self._fill_filters()
        finally:
            self._quiet = False
        self._update(save=False)

    def _save(self) -> None:
        self.state.update({
            "source": self.source.value,
            "filters": {column: d.value for column, d in self.filters.items()},
            "compare": {"by": self.compare_by.value, "a": self.segment_a.value,
                        "b": self.segment_b.value},
        })
        self.session.workbook.set(SURVEY, self.state, done=True)


def _right(table: pd.DataFrame) -> int:
    """Number of correct answers in a :func:`servqual.check_moments` table."""
    return int(sum(1 for value in table["correct"] if not pd.isna(value) and bool(value)))


def _note(text: str) -> str:
    return f'<div class="cx-msg cx-msg-info" role="status">{html.escape(text)}</div>'


def compare_html(comparison, name_a: str, name_b: str, language: str | None = None) -> str:
    """Table of two segments' dimension gaps with Welch's p-value and a reading."""
    t = (lambda key, **kw: i18n.t(key, language, **kw)) if language else i18n.t
    head = (f"<tr><th>{html.escape(t('servqual.results.col.dimension'))}</th>"
            f"<th>{html.escape(name_a)}</th><th>{html.escape(name_b)}</th>"
            f"<th>{html.escape(t('servqual.survey.col.difference'))}</th>"
            f"<th>{html.escape(t('servqual.survey.col.p'))}</th></tr>")
    rows, differing = [], []
    for dimension, row in comparison.iterrows():
        p_value = row["p_value"]
        p_text = "–" if p_value != p_value else ("<0.001" if p_value < 0.001 else f"{p_value:.3f}")
        if p_value == p_value and p_value < 0.05:
            differing.append(dimension_name(dimension, language))
        rows.append(
            f'<tr data-dimension="{dimension}"><td>{html.escape(dimension_name(dimension, language))}'
            f"</td><td>{_fmt(row['gap_first'])} (n={int(row['n_first'])})</td>"
            f"<td>{_fmt(row['gap_second'])} (n={int(row['n_second'])})</td>"
            f"<td>{_fmt(row['difference'])}</td><td>{html.escape(p_text)}</td></tr>")
    if differing:
        note = t("servqual.survey.differs", names="、".join(differing))
    else:
        note = t("servqual.survey.no_difference")
    return (f'<div class="cx-table"><table><thead>{head}</thead><tbody>{"".join(rows)}'
            f"</tbody></table></div>" + _note(note))


# ----------------------------------------------------------------------------- exercise 5


class _OwnRow:
    def __init__(self, index: int, entry: dict[str, Any], on_change) -> None:
        self.text = widgets.Text(value=str(entry.get("text") or ""), continuous_update=False)
        self.text.add_class("cx-sq-own-text")
        self.text.layout.width = "30rem"
        common.translate(self.text, "placeholder", "servqual.scenarios.own_placeholder")
        dimension = entry.get("dimension")
        self.dimension = widgets.Dropdown(
            options=_dimension_options(blank=True),
            value=dimension if dimension in servqual.DIMENSIONS else None)
        self.dimension.add_class("cx-sq-own-dimension")
        self.dimension.layout.width = "10rem"
        self.hint = widgets.HTML()
        self.hint.add_class("cx-sq-own-hint")
        self.box = widgets.HBox([self.text, self.dimension, self.hint])
        self.box.add_class("cx-sq-own")
        self.box.add_class(f"cx-sq-own-{index}")
        self.text.observe(on_change, names="value")
        self.dimension.observe(on_change, names="value")

    @property
    def entry(self) -> dict[str, Any]:
        return {"text": self.text.value.strip(), "dimension": self.dimension.value}

    def show_hint(self) -> None:
        text = self.text.value.strip()
        if not text:
            self.hint.value = ""
            return
        suggested = servqual.suggest_dimension(text)
        chosen = self.dimension.value
        if not suggested:
            message = i18n.t("servqual.scenarios.hint_none")
        elif chosen is None:
            message = i18n.t("servqual.scenarios.hint_pick",
                             names="、".join(dimension_name(d) for d in suggested[:2]))
        elif chosen in suggested:
            message = i18n.t("servqual.scenarios.hint_agree", name=dimension_name(chosen))
        else:
            message = i18n.t("servqual.scenarios.hint_other", name=dimension_name(chosen),
                             names="、".join(dimension_name(d) for d in suggested[:2]))
        self.hint.value = f'<span class="cx-note">{html.escape(message)}</span>'


class Scenarios:
    """Exercise 5: assign service moments (samples, then the learner's own) to a dimension.

    Saved to ``02/scenarios``.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        saved = session.workbook.get(SCENARIOS, {}) or {}
        samples = saved.get("samples") or {}
        self.sample_pickers: dict[str, widgets.Dropdown] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        self.sample_texts: dict[str, widgets.HTML] = {}
        sample_boxes = []
        for moment in servqual.SAMPLE_MOMENTS:
            value = samples.get(moment.id)
            picker = widgets.Dropdown(options=_dimension_options(blank=True),
                                      value=value if value in servqual.DIMENSIONS else None)
            picker.add_class("cx-sq-moment-pick")
            picker.layout.width = "10rem"
            picker.observe(self._changed, names="value")
            text = widgets.HTML()
            text.layout.width = "30rem"
            feedback = widgets.HTML()
            feedback.add_class("cx-sq-moment-feedback")
            box = widgets.VBox([widgets.HBox([text, picker]), feedback])
            box.add_class("cx-sq-moment")
            box.add_class(f"cx-sq-moment-{moment.id}")
            self.sample_pickers[moment.id] = picker
            self.feedback[moment.id] = feedback
            self.sample_texts[moment.id] = text
            sample_boxes.append(box)
        own = list(saved.get("own") or [])[:OWN_MOMENTS]
        own += [{}] * (OWN_MOMENTS - len(own))
        self.own_rows = [_OwnRow(i, entry, self._changed) for i, entry in enumerate(own)]
        self.score = widgets.HTML()
        self.score.add_class("cx-sq-moment-score")
        i18n.on_change(lambda _lang: self._relabel())
        self._relabel()
        self.widget = common.Exercise(
            "servqual.scenarios.title",
            widgets.HTML(STYLE),
            common.label("servqual.scenarios.samples_intro", css="cx-note"),
            widgets.VBox(sample_boxes),
            self.score,
            common.label("servqual.scenarios.own_intro", css="cx-subtitle"),
            widgets.VBox([row.box for row in self.own_rows]),
            name="sq-scenarios",
        )

    def _changed(self, _change: dict[str, Any]) -> None:
        self._show_feedback()
        self._save()

    def _relabel(self) -> None:
        for moment in servqual.SAMPLE_MOMENTS:
            self.sample_texts[moment.id].value = html.escape(moment.text())
            common.set_options(self.sample_pickers[moment.id], _dimension_options(blank=True))
        for row in self.own_rows:
            common.set_options(row.dimension, _dimension_options(blank=True))
        self._show_feedback()

    def _show_feedback(self) -> None:
        assigned = {k: p.value for k, p in self.sample_pickers.items()}
        table = servqual.check_moments(assigned)
        for moment in servqual.SAMPLE_MOMENTS:
            widget = self.feedback[moment.id]
            correct = table.at[moment.id, "correct"]
            if pd.isna(correct):
                widget.value = ""
                continue
            if bool(correct):
                widget.value = (f'<span class="cx-sq-feedback-right" data-correct="1">✓ '
                                f"{html.escape(moment.why())}</span>")
            else:
                hint = i18n.t("servqual.scenarios.wrong",
                              name=dimension_name(moment.dimension), why=moment.why())
                widget.value = (f'<span class="cx-sq-feedback-wrong" data-correct="0">✗ '
                                f"{html.escape(hint)}</span>")
        answered = int(table["answer"].notna().sum())
        self.score.value = html.escape(i18n.t("servqual.scenarios.score", right=_right(table),
                                              answered=answered, total=len(table)))
        for row in self.own_rows:
            row.show_hint()

    def _save(self) -> None:
        samples = {k: p.value for k, p in self.sample_pickers.items() if p.value}
        own = [row.entry for row in self.own_rows]
        done = len(samples) == len(self.sample_pickers) and any(
            e["text"] and e["dimension"] for e in own)
        self.session.workbook.set(SCENARIOS, {"samples": samples, "own": own}, done=done)


# ----------------------------------------------------------------------------- report


def report_section(data: dict[str, Any], language: str) -> str | None:
    """HTML for the workbook report: SERVQUAL results, weights, survey view and scenarios."""
    sections = data.get("sections", {})
    parts: list[str] = []
    with i18n.using(language):
        questionnaire = _section_value(sections, QUESTIONNAIRE)
        custom = {int(k): v for k, v in (questionnaire.get("custom") or {}).items()
                  if str(k).isdigit()}
        scores = learner_scores(sections)
        if scores is not None:
            from ..servqual_charts import dimension_gap_chart

            frame = answers_frame(questionnaire.get("answers") or {})
            top = servqual.largest_gaps(frame, language=language)
            parts.append(f"<h3>{html.escape(i18n.t('servqual.results.title'))}</h3>")
            parts.append(score_line(scores, language))
            parts.append(dimension_table(scores, language))
            parts.append(charts.to_svg(dimension_gap_chart(scores, language)))
            parts.append(f"<h4>{html.escape(i18n.t('servqual.results.top_title'))}</h4>")
            parts.append(top_items_html(top, custom, language))
        if custom:
            items = "".join(f"<li>{n}. {html.escape(text)}</li>" for n, text in sorted(custom.items()))
            parts.append(f"<h4>{html.escape(i18n.t('servqual.report.custom'))}</h4><ul>{items}</ul>")
        survey = _section_value(sections, SURVEY)
        if survey:
            parts.append(_survey_report(survey, language))
        scenarios = _section_value(sections, SCENARIOS)
        own = [e for e in scenarios.get("own") or [] if e.get("text")]
        samples = scenarios.get("samples") or {}
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
    try:
        base = sample_survey()
        if survey.get("source") == "upload" and survey.get("upload"):
            stored = survey["upload"]
            base = servqual.read_responses(pd.DataFrame(stored["rows"], columns=stored["columns"]))
        wanted = {c: v for c, v in (survey.get("filters") or {}).items() if v and c in SEGMENTS}
        frame = servqual.filter_segment(base, **wanted) if wanted else base
        scores = servqual.score(frame)
    except CXError:
        return ""
    label = " · ".join(common.segment_label(c, v) for c, v in wanted.items()) or i18n.t(
        "servqual.survey.all")
    source = i18n.t("servqual.survey.source.upload" if survey.get("source") == "upload"
                    else "servqual.survey.source.sample")
    parts = [f"<h3>{html.escape(i18n.t('servqual.survey.title'))}</h3>",
             f"<p>{html.escape(source)} · {html.escape(label)}</p>",
             score_line(scores, language, show_weighted=False),
             dimension_table(scores, language, weights=False)]
    compare = survey.get("compare") or {}
    column, a, b = compare.get("by"), compare.get("a"), compare.get("b")
    if column in SEGMENTS and a and b and a != b:
        try:
            from ..servqual_charts import segment_chart

            comparison = servqual.compare_segments(base, column, a, b)
            name_a, name_b = common.segment_label(column, a), common.segment_label(column, b)
            parts.append(compare_html(comparison, name_a, name_b, language))
            parts.append(charts.to_svg(segment_chart(comparison, name_a, name_b, language)))
        except CXError:
            pass
    return "".join(parts)
