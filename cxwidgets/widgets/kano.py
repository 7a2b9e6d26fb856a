"""Lecture 03 exercises 1-2: the KANO questionnaire and the KANO survey analysis."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from .. import charts, datasets, i18n, kano
from ..charts import PALETTE
from ..errors import CXError
from ..session import Session
from . import common

QUESTIONNAIRE = "03/kano_questionnaire"
SURVEY = "03/kano_survey"
FEATURE_LIMIT = 20
SEGMENTS: tuple[str, ...] = ("tenure", "tier")
STORED_ROWS_LIMIT = 60_000


def default_features(language: str | None = None) -> list[str]:
    """The sample broadband features in ``language`` (default: active)."""
    return i18n.t("kano.default_features", language).split("\n")


def badge(code: str) -> str:
    """HTML badge of a category with its one-line meaning (``data-category`` for tests)."""
    name = html.escape(i18n.t(f"kano.category.{code}"))
    meaning = html.escape(i18n.t(f"kano.meaning.{code}"))
    return (
        f'<span class="cx-badge cx-cat-{code}" data-category="{code}" '
        f'style="background:{PALETTE[code]}">{name}</span> <span>{meaning}</span>'
    )


def _answer_options() -> list[tuple[str, int]]:
    return [(i18n.t(f"kano.answer.{code}"), code) for code in range(1, 6)]


class _QuestionRow:
    """One feature: its two questions and the category shown at once."""

    def __init__(self, index: int, feature: str, answer: list[int | None], on_change) -> None:
        self.feature = feature
        self.name = widgets.HTML(f"<b>{html.escape(feature)}</b>")
        self.name.add_class("cx-kano-feature")
        self.functional = widgets.ToggleButtons(
            options=_answer_options(), value=answer[0], style={"button_width": "6.2rem"}
        )
        self.functional.add_class("cx-kano-func")
        self.dysfunctional = widgets.ToggleButtons(
            options=_answer_options(), value=answer[1], style={"button_width": "6.2rem"}
        )
        self.dysfunctional.add_class("cx-kano-dysf")
        self.result = widgets.HTML()
        self.result.add_class("cx-kano-result")
        self.f_label = common.label("kano.question.functional", css="cx-kano-q")
        self.d_label = common.label("kano.question.dysfunctional", css="cx-kano-q")
        for label in (self.f_label, self.d_label):
            label.layout.width = "7.5rem"
        self.box = widgets.VBox(
            [
                self.name,
                widgets.HBox([self.f_label, self.functional]),
                widgets.HBox([self.d_label, self.dysfunctional]),
                self.result,
            ]
        )
        self.box.add_class("cx-kano-row")
        self.box.add_class(f"cx-kano-row-{index}")
        self.functional.observe(on_change, names="value")
        self.dysfunctional.observe(on_change, names="value")
        self.show_result()

    @property
    def answer(self) -> list[int | None]:
        return [self.functional.value, self.dysfunctional.value]

    def show_result(self) -> None:
        f, d = self.answer
        if f is None or d is None:
            self.result.value = f'<span class="cx-kano-pending">{html.escape(i18n.t("kano.pending"))}</span>'
        else:
            self.result.value = badge(kano.classify(f, d))

    def relabel(self) -> None:
        common.set_options(self.functional, _answer_options())
        common.set_options(self.dysfunctional, _answer_options())
        self.show_result()


class Questionnaire:
    """Exercise 1: answer the functional/dysfunctional pair for each feature.

    The learner keeps or edits the feature list; each answered pair shows its
    category and what it means for the service. Saved to ``03/kano_questionnaire``.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        saved = session.workbook.get(QUESTIONNAIRE, {}) or {}
        self.features: list[str] = list(saved.get("features") or default_features())
        stored = saved.get("answers") or []
        answers = [list(a) for a in stored] + [[None, None]] * len(self.features)
        self.message = common.Message()
        self.editor = widgets.Textarea(value="\n".join(self.features), rows=6)
        self.editor.add_class("cx-kano-features")
        self.editor.layout.width = "100%"
        common.translate(self.editor, "placeholder", "kano.questionnaire.features")
        self.editor_label = common.label("kano.questionnaire.features")
        self.apply = widgets.Button()
        self.apply.add_class("cx-kano-apply")
        common.translate(self.apply, "description", "kano.questionnaire.apply")
        self.reset = widgets.Button()
        self.reset.add_class("cx-kano-reset")
        common.translate(self.reset, "description", "kano.questionnaire.reset")
        self.progress = widgets.HTML()
        self.progress.add_class("cx-kano-progress")
        self.rows_box = widgets.VBox()
        self.rows: list[_QuestionRow] = []
        self._build_rows(answers[: len(self.features)])
        self.apply.on_click(common.guarded(self.message, self._apply))
        self.reset.on_click(common.guarded(self.message, self._reset))
        i18n.on_change(self._relabel)
        self.widget = common.Exercise(
            "kano.questionnaire.title",
            self.editor_label,
            self.editor,
            widgets.HBox([self.apply, self.reset]),
            self.message,
            self.progress,
            self.rows_box,
            name="kano-questionnaire",
        )

    # ------------------------------------------------------------- building
    def _build_rows(self, answers: list[list[int | None]]) -> None:
        self.rows = [
            _QuestionRow(i, feature, answers[i], self._answered)
            for i, feature in enumerate(self.features)
        ]
        self.rows_box.children = [row.box for row in self.rows]
        self._show_progress()

    def _show_progress(self) -> None:
        done = sum(1 for row in self.rows if None not in row.answer)
        self.progress.value = html.escape(
            i18n.t("kano.questionnaire.progress", done=done, total=len(self.rows))
        )

    # -------------------------------------------------------------- actions
    def _answered(self, change: dict[str, Any]) -> None:
        for row in self.rows:
            if change["owner"] in (row.functional, row.dysfunctional):
                row.show_result()
        self._show_progress()
        self._save()

    def _apply(self, _button: Any = None) -> None:
        lines = [line.strip() for line in self.editor.value.splitlines()]
        features = list(dict.fromkeys(line for line in lines if line))
        if not features:
            raise CXError("kano.error.no_features")
        if len(features) > FEATURE_LIMIT:
            raise CXError("kano.error.too_many_features", limit=FEATURE_LIMIT)
        previous = {row.feature: row.answer for row in self.rows}
        self.features = features
        self.editor.value = "\n".join(features)
        self._build_rows([previous.get(f, [None, None]) for f in features])
        self.message.show_success("kano.questionnaire.applied")
        self._save()

    def _reset(self, _button: Any = None) -> None:
        self.editor.value = "\n".join(default_features())
        self._apply()

    def _relabel(self, language: str) -> None:
        other = [code for code in i18n.LANGUAGES if code != language]
        if any(self.features == default_features(code) for code in other):
            answers = [row.answer for row in self.rows]
            self.features = default_features(language)
            self.editor.value = "\n".join(self.features)
            self._build_rows(answers)
        else:
            for row in self.rows:
                row.relabel()
        self._show_progress()

    # -------------------------------------------------------------- results
    def results(self) -> list[dict[str, Any]]:
        """One dict per feature: ``feature``, ``functional``, ``dysfunctional``, ``category``."""
        out = []
        for row in self.rows:
            f, d = row.answer
            category = kano.classify(f, d) if None not in (f, d) else None
            out.append({"feature": row.feature, "functional": f, "dysfunctional": d,
                        "category": category})
        return out

    def _save(self) -> None:
        answers = [row.answer for row in self.rows]
        done = all(None not in answer for answer in answers)
        self.session.workbook.set(
            QUESTIONNAIRE,
            {"features": self.features, "answers": answers, "results": self.results()},
            done=done,
        )


def feature_labels(language: str | None = None) -> dict[str, str]:
    """Display names of the sample survey's feature codes."""
    try:
        table = datasets.read_csv("kano_features.csv")
    except FileNotFoundError:
        return {}
    column = "name_zh" if (language or i18n.get_language()) == "zh-CN" else "name_en"
    return dict(zip(table["feature"], table[column], strict=False))


def load_sample():
    """The sample survey, validated (the DataFrame every analysis starts from)."""
    return kano.validate_responses(datasets.read_csv("kano_survey.csv", dtype=str), SEGMENTS)


def _fmt(value: float) -> str:
    return "–" if value != value else f"{value:.2f}"  # NaN check without numpy


def summary_table(summary, labels: dict[str, str]) -> str:
    """HTML table of a :func:`kano.summarize` result."""
    head = "".join(
        f"<th>{html.escape(i18n.t(key))}</th>"
        for key in ("kano.survey.col.feature", "kano.survey.col.category")
    )
    head += "".join(f"<th>{c}</th>" for c in kano.CATEGORIES) + "<th>n</th>"
    head += "".join(
        f"<th>{html.escape(i18n.t(key))}</th>"
        for key in ("kano.survey.col.better", "kano.survey.col.worse", "kano.survey.col.significant")
    )
    rows = []
    for record in summary.to_dict("records"):
        code = record["category"]
        cat = (
            f'<span class="cx-badge" data-category="{code}" style="background:{PALETTE[code]}">'
            f"{html.escape(i18n.t(f'kano.category.{code}'))}</span>"
        )
        significant = i18n.t("kano.survey.yes" if record["significant"] else "kano.survey.no")
        counts = "".join(f"<td>{int(record[c])}</td>" for c in kano.CATEGORIES)
        feature = html.escape(str(labels.get(record["feature"], record["feature"])))
        rows.append(
            f'<tr data-feature="{html.escape(str(record["feature"]))}"><td>{feature}</td>'
            f"<td>{cat}</td>{counts}<td>{int(record['n'])}</td>"
            f"<td>{_fmt(record['better'])}</td><td>{_fmt(record['worse'])}</td>"
            f"<td>{html.escape(significant)}</td></tr>"
        )
    return f'<div class="cx-table"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


class SurveyAnalysis:
    """Exercise 2: analyse a KANO survey (sample or uploaded) by segment.

    Saved to ``03/kano_survey``: the source, filters, comparison and (for an
    uploaded file up to 60,000 rows) the uploaded answers themselves.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.state: dict[str, Any] = session.workbook.get(SURVEY, {}) or {}
        self.sample = None
        self.uploaded = None
        self.message = common.Message()
        self.source = widgets.ToggleButtons(options=self._source_options(), value="sample")
        self.source.add_class("cx-kano-source")
        self.upload = common.Upload(self._on_upload, label_key="kano.survey.upload")
        self.template = common.DownloadButton(
            "kano.survey.template",
            "kano_template.csv",
            "text/csv",
            lambda: datasets.path("kano_template.csv").read_bytes(),
            name="kano-template",
        )
        self.format_note = common.label("kano.survey.format", css="cx-note")
        self.status = widgets.HTML()
        self.status.add_class("cx-kano-status")
        self.filters = {
            column: widgets.Dropdown(options=[(i18n.t("kano.survey.all"), "")], value="")
            for column in SEGMENTS
        }
        for column, dropdown in self.filters.items():
            dropdown.add_class(f"cx-kano-filter-{column}")
            dropdown.description = common.segment_name(column)
        self.table = widgets.HTML()
        self.table.add_class("cx-kano-table")
        self.chart = common.ChartView(label_key="kano.chart.label")
        self.chart.add_class("cx-kano-chart")
        self.mix = common.ChartView(label_key="kano.chart.share_label")
        self.mix.add_class("cx-kano-mix")
        self.compare_by = widgets.Dropdown(options=[(common.segment_name(c), c) for c in SEGMENTS])
        self.compare_by.add_class("cx-kano-compare-by")
        self.segment_a = widgets.Dropdown(options=[])
        self.segment_a.add_class("cx-kano-segment-a")
        self.segment_b = widgets.Dropdown(options=[])
        self.segment_b.add_class("cx-kano-segment-b")
        self.compare_table = widgets.HTML()
        self.compare_table.add_class("cx-kano-compare")
        self._quiet = True
        self.source.observe(self._changed, names="value")
        for dropdown in (*self.filters.values(), self.segment_a, self.segment_b):
            dropdown.observe(self._changed, names="value")
        self.compare_by.observe(self._compare_by_changed, names="value")
        i18n.on_change(self._relabel)
        self._relabel_static()
        compare_box = widgets.VBox(
            [
                common.label("kano.survey.compare", css="cx-subtitle"),
                widgets.HBox([self.compare_by, self.segment_a, self.segment_b]),
                self.compare_table,
            ]
        )
        self.widget = common.Exercise(
            "kano.survey.title",
            widgets.HBox([self.source, self.template]),
            self.upload,
            self.format_note,
            self.message,
            self.status,
            widgets.HBox(list(self.filters.values())),
            self.table,
            self.chart,
            self.mix,
            compare_box,
            name="kano-survey",
        )
        self.status.value = html.escape(i18n.t("common.chart.loading"))
        self._loading = charts.background(self._load)

    # ----------------------------------------------------------------- data
    def _source_options(self) -> list[tuple[str, str]]:
        return [
            (i18n.t("kano.survey.source.sample"), "sample"),
            (i18n.t("kano.survey.source.upload"), "upload"),
        ]

    def _load(self) -> None:
        """Load the sample (and a stored upload) off the main thread, then draw."""
        import pandas as pd

        try:
            import scipy.stats  # noqa: F401  (the segment comparison needs it; load it now)

            self.sample = load_sample()
            stored = self.state.get("upload")
            if stored:
                frame = pd.DataFrame(stored["rows"], columns=stored["columns"])
                self.uploaded = kano.validate_responses(frame, SEGMENTS)
            self._quiet = True
            if self.uploaded is not None and self.state.get("source") == "upload":
                self.source.value = "upload"
            self._fill_filters()
            self._restore_choices()
        except CXError as exc:
            self.message.show_error(exc)
        except Exception:
            common.log.exception("loading the KANO survey failed")
            self.message.show_error("common.error.unexpected")
        finally:
            self._quiet = False
        self._update()

    @property
    def data(self):
        if self.source.value == "upload" and self.uploaded is not None:
            return self.uploaded
        return self.sample

    def _labels(self) -> dict[str, str]:
        return feature_labels() if self.data is self.sample else {}

    def _on_upload(self, frame, filename: str) -> None:
        clean = kano.validate_responses(frame, SEGMENTS)  # raises CXError: old data kept
        self.uploaded = clean
        if len(clean) <= STORED_ROWS_LIMIT:
            self.state["upload"] = {
                "name": filename,
                "columns": list(clean.columns),
                "rows": clean.astype(object).values.tolist(),
            }
        self._quiet = True
        try:
            self.source.value = "upload"
            self._fill_filters()
        finally:
            self._quiet = False
        self._update()

    def _fill_filters(self) -> None:
        frame = self.data
        for column, dropdown in self.filters.items():
            options = [(i18n.t("kano.survey.all"), "")]
            if frame is not None and column in frame.columns:
                values = common.segment_values(column, frame[column].unique())
                options += [(common.segment_label(column, v), v) for v in values]
            common.set_options(dropdown, options)
            dropdown.layout.display = "" if len(options) > 1 else "none"
        self._fill_compare_values()

    def _fill_compare_values(self) -> None:
        frame = self.data
        column = self.compare_by.value
        values = []
        if frame is not None and column in frame.columns:
            values = common.segment_values(column, frame[column].unique())
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

    # -------------------------------------------------------------- updates
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
        frame = self.data
        for column, dropdown in self.filters.items():
            if dropdown.value and column in frame.columns:
                frame = frame[frame[column].astype(str) == dropdown.value]
        return frame

    def _segment_text(self) -> str:
        parts = [
            common.segment_label(column, dropdown.value)
            for column, dropdown in self.filters.items()
            if dropdown.value
        ]
        return " · ".join(parts) or i18n.t("kano.survey.all")

    def _update(self) -> None:
        if self.data is None:
            return
        try:
            frame = self.filtered()
            if frame.empty:
                raise CXError("kano.error.no_answers_in_segment")
            summary = kano.summarize(frame)
        except CXError as exc:
            self.message.show_error(exc)
            return
        self.message.clear()
        labels = self._labels()
        self.status.value = html.escape(
            i18n.t(
                "kano.survey.loaded",
                respondents=frame["respondent"].nunique(),
                features=frame["feature"].nunique(),
                answers=len(frame),
            )
        )
        self.table.value = summary_table(summary, labels)
        title = i18n.t("kano.chart.title", segment=self._segment_text())
        self.chart.show(lambda: _better_worse(summary, labels, title))
        self.mix.show(lambda: _category_mix(summary, labels))
        self._update_compare(labels)
        self._save()

    def _update_compare(self, labels: dict[str, str]) -> None:
        column, a, b = self.compare_by.value, self.segment_a.value, self.segment_b.value
        frame = self.data
        if column not in frame.columns or a is None or b is None:
            self.compare_table.value = ""
            return
        if a == b:
            self.compare_table.value = _note(i18n.t("kano.survey.same_segment"))
            return
        subset = frame[frame[column].astype(str).isin([a, b])]
        table = kano.summarize(subset, by=column)
        tests = kano.compare_segments(subset, by=column).set_index("feature")
        self.compare_table.value = compare_html(table, tests, column, a, b, labels)

    def _relabel_static(self) -> None:
        common.set_options(self.source, self._source_options())
        for column, dropdown in self.filters.items():
            dropdown.description = common.segment_name(column)
        common.set_options(self.compare_by, [(common.segment_name(c), c) for c in SEGMENTS])
        self.compare_by.description = i18n.t("kano.survey.compare_by")
        self.segment_a.description = i18n.t("kano.survey.segment_a")
        self.segment_b.description = i18n.t("kano.survey.segment_b")

    def _relabel(self, _language: str) -> None:
        self._quiet = True
        try:
            self._relabel_static()
            self._fill_filters()
        finally:
            self._quiet = False
        self._update()

    def _save(self) -> None:
        self.state.update(
            {
                "source": self.source.value,
                "filters": {column: d.value for column, d in self.filters.items()},
                "compare": {
                    "by": self.compare_by.value,
                    "a": self.segment_a.value,
                    "b": self.segment_b.value,
                },
            }
        )
        self.session.workbook.set(SURVEY, self.state, done=True)


def _note(text: str) -> str:
    return f'<div class="cx-msg cx-msg-info" role="status">{html.escape(text)}</div>'


def _better_worse(summary, labels, title):
    from ..kano_charts import better_worse

    return better_worse(summary, labels=labels, title=title)


def _category_mix(summary, labels):
    from ..kano_charts import category_mix

    return category_mix(summary, labels=labels)


def compare_html(table, tests, column: str, a: str, b: str, labels: dict[str, str]) -> str:
    """Side-by-side categories of two segments with the chi-square p-value per feature."""
    name_a, name_b = common.segment_label(column, a), common.segment_label(column, b)
    head = (
        f"<tr><th>{html.escape(i18n.t('kano.survey.col.feature'))}</th>"
        f"<th>{html.escape(name_a)}</th><th>{html.escape(name_b)}</th>"
        f"<th>{html.escape(i18n.t('kano.survey.col.p'))}</th></tr>"
    )
    rows, differing = [], []
    for feature in dict.fromkeys(table["feature"]):
        part = table[table["feature"] == feature].set_index(column)
        cells = []
        for value in (a, b):
            if value in part.index:
                code = part.loc[value, "category"]
                cells.append(
                    f'<td><span class="cx-badge" data-category="{code}" '
                    f'style="background:{PALETTE[code]}">{html.escape(i18n.t(f"kano.category.{code}"))}</span></td>'
                )
            else:
                cells.append("<td>–</td>")
        test = tests.loc[feature] if feature in tests.index else None
        p_text = "–"
        if test is not None and test["p_value"] == test["p_value"]:
            p_text = f"{test['p_value']:.3f}"
            if test["low_expected"]:
                p_text += " " + i18n.t("kano.survey.low_expected")
            if test["p_value"] < 0.05:
                differing.append(str(labels.get(feature, feature)))
        name = html.escape(str(labels.get(feature, feature)))
        rows.append(f"<tr><td>{name}</td>{''.join(cells)}<td>{html.escape(p_text)}</td></tr>")
    if differing:
        note = i18n.t("kano.survey.differs", count=len(differing), features="、".join(differing))
    else:
        note = i18n.t("kano.survey.no_difference")
    return (
        f'<div class="cx-table"><table><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>'
        + _note(note)
    )


def report_section(data: dict[str, Any], language: str) -> str | None:
    """HTML for the workbook report: the learner's KANO answers and survey view."""
    sections = data.get("sections", {})
    parts: list[str] = []
    with i18n.using(language):
        answered = (sections.get(QUESTIONNAIRE) or {}).get("value") or {}
        results = [r for r in answered.get("results", []) if r.get("category")]
        if results:
            rows = "".join(
                f"<tr><td>{html.escape(r['feature'])}</td><td>{badge(r['category'])}</td></tr>"
                for r in results
            )
            parts.append(
                f"<h3>{html.escape(i18n.t('kano.questionnaire.title'))}</h3>"
                f"<table><tbody>{rows}</tbody></table>"
            )
        survey = (sections.get(SURVEY) or {}).get("value")
        if survey:
            try:
                frame = load_sample()
                labels = feature_labels(language)
                if survey.get("source") == "upload" and survey.get("upload"):
                    import pandas as pd

                    stored = survey["upload"]
                    frame = kano.validate_responses(
                        pd.DataFrame(stored["rows"], columns=stored["columns"]), SEGMENTS
                    )
                    labels = {}
                segment = []
                for column, value in (survey.get("filters") or {}).items():
                    if value and column in frame.columns:
                        frame = frame[frame[column].astype(str) == value]
                        segment.append(common.segment_label(column, value))
                summary = kano.summarize(frame)
                title = i18n.t("kano.chart.title", segment=" · ".join(segment) or i18n.t("kano.survey.all"))
                svg = charts.to_svg(_better_worse(summary, labels, title))
                parts.append(
                    f"<h3>{html.escape(i18n.t('kano.survey.title'))}</h3>"
                    + summary_table(summary, labels)
                    + svg
                )
            except CXError:
                pass
    return "".join(parts) or None
