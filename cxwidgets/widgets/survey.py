"""A survey analysed by segment: the shared exercise of KANO (03), SERVQUAL (02) and NPS.

:class:`SegmentedSurvey` is an :class:`~cxwidgets.widgets.exercise.Exercise` that offers the
course's sample data or the learner's own file, filters it by segment columns (tenure,
tier, ...) and compares two segments. A lecture plugs in its analysis with a few hooks:

======================  ===============================================================
``segments``            segment columns offered as filters and for the comparison
``sample()``            the sample data (a validated DataFrame; cache it)
``validate(frame)``     an uploaded table -> the clean DataFrame, or raise CXError
``summarize(frame)``    the filtered data -> the summary :meth:`draw_results` shows
``compare(...)``        ``compare(frame, column, a, b)`` -> what :meth:`draw_comparison` shows
``result_widgets()``    the widgets under the filters; ``comparison_widgets()`` likewise
``draw_results(...)``   draw ``summarize``'s result; ``draw_comparison(...)`` likewise
``template_file``       the data file offered as the upload template
``labels``              catalogue keys of the texts (see :data:`LABELS`)
======================  ===============================================================

State (JSON, saved at once on every event)::

    {"source": "sample" | "upload",
     "filters": {column: value or ""},          # "" = all
     "compare": {"by": column, "a": value | None, "b": value | None},   # None = default
     "upload": None
               | {"name": str, "columns": [...], "rows": [[...], ...]}   # the cleaned table
               | {"name": str, "row_count": int, "too_big": True},       # over the row limit
     "pending": None                                 # a survey export being mapped
               | {"name": str, "columns": [...], "rows": [[...], ...],  # as read (text)
                  "mapping": {"columns": {...}, "names": {...}},         # see survey_map
                  "remembered": bool},
     "mappings": {layout signature: mapping}}       # confirmed mappings, newest last

Truthful states:

* "My uploaded file" before any upload shows "no file uploaded yet" next to the upload
  button, never the sample.
* An upload over :attr:`SegmentedSurvey.stored_rows_limit` rows is analysed but not kept:
  the limit is said at once, and after a reload the exercise says the file was too big to
  keep (it never falls back to an earlier upload).
* The sample (and a kept upload) load in the background (:meth:`Exercise.background`); a
  failure is shown and the "loading" line goes away.
* A refused upload's message is cleared when the learner switches back to the sample, and
  follows language switches like every message.

Survey exports (one row per respondent, question texts as headers, answers as labels; see
:mod:`cxwidgets.survey_map`): when :attr:`SegmentedSurvey.survey_kind` is set and an upload is
such an export, it is not analysed at once. The page shows the proposed mapping of its columns
(a :class:`~cxwidgets.widgets.column_map.ColumnMap`, one widget model) with every problem on its
row; the learner corrects it and confirms. The file as read and the mapping being edited are in
the state (``pending``), so a reload keeps both. On confirmation the mapped table is validated
like any upload; the mapping is remembered under the file's layout (``mappings``) and proposed
for the next file with the same headers. Until then the data shown before stay.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as widgets

from .. import datasets, i18n, survey_map
from ..errors import CXError
from . import common
from .exercise import Exercise
from .layouts import show

if TYPE_CHECKING:
    import pandas as pd

#: Default catalogue keys of the survey's texts; a lecture overrides some in ``labels``.
LABELS: dict[str, str] = {
    "source.sample": "survey.source.sample",
    "source.upload": "survey.source.upload",
    "upload": "survey.upload",
    "template": "survey.template",
    "format": "survey.format",
    "all": "survey.all",
    "compare": "survey.compare",
    "compare_by": "survey.compare_by",
    "segment_a": "survey.segment_a",
    "segment_b": "survey.segment_b",
    "same_segment": "survey.same_segment",
    "no_segments": "survey.no_segments",
    "empty_segment": "survey.empty_segment",
    "no_upload": "survey.no_upload",
    "not_kept": "survey.not_kept",
    "not_kept_after_reload": "survey.not_kept_after_reload",
    "stored_unusable": "survey.stored_unusable",
    "loading": "common.chart.loading",
}

#: Texts of the column-mapping table (:class:`~cxwidgets.widgets.column_map.ColumnMap`).
MAP_TEXTS: dict[str, str] = {
    "field": "mapping.col.field",
    "column": "mapping.col.column",
    "samples": "mapping.col.samples",
    "none": "mapping.none",
    "required": "mapping.required",
}

SOURCES: tuple[str, ...] = ("sample", "upload")


def _note(kind: str, text: str) -> str:
    role = "alert" if kind == "error" else "status"
    return f'<div class="cx-msg cx-msg-{kind}" role="{role}">{html.escape(text)}</div>'


def segment_values(frame: pd.DataFrame | None, column: str) -> list[str]:
    """The values of a segment column in their natural order (none without the column)."""
    if frame is None or column not in frame.columns:
        return []
    return common.segment_values(column, [v for v in frame[column].unique() if v != ""])


class SegmentedSurvey(Exercise):
    """Base of the survey exercises: sample or upload, segment filters, two segments compared.

    Subclasses set the class attributes of :class:`Exercise` and those below, and override
    the hooks named in the module docstring. The data frames live in memory
    (:attr:`sample_data`, :attr:`uploaded`); the state holds only JSON.

    Attributes
    ----------
    sample_data : pandas.DataFrame or None
        The sample, once loaded.
    uploaded : pandas.DataFrame or None
        The learner's file, cleaned (from this page's upload or the workbook).
    loading : bool
        A background load is running.
    """

    #: Segment columns offered as filters and for the comparison, in display order.
    segments: ClassVar[tuple[str, ...]] = ()
    #: Uploads with more rows are analysed but not stored in the workbook.
    stored_rows_limit: ClassVar[int] = 30_000
    #: File in the data folder offered as the upload template ("" = no template button).
    template_file: ClassVar[str] = ""
    #: Name of the template's download button (CSS ``cx-download-<name>``).
    template_name: ClassVar[str] = "survey-template"
    #: Prefix of the CSS classes of the controls (``<css>-source``, ``<css>-filter-<col>``...).
    css: ClassVar[str] = "cx-survey"
    #: Catalogue keys overriding :data:`LABELS`.
    labels: ClassVar[Mapping[str, str]] = {}
    #: CSS classes overriding the derived ones (keys: ``source``, ``status``, ``message``,
    #: ``compare_by``, ``segment_a``, ``segment_b``, ``filter``).
    css_names: ClassVar[Mapping[str, str]] = {}
    #: Kind of :mod:`cxwidgets.survey_map` (``"kano"``, ``"servqual"``, ``"nps"``): survey
    #: exports are mapped to the exercise's layout first. None: no mapping step.
    survey_kind: ClassVar[str | None] = None
    #: How many confirmed mappings are remembered (the oldest is dropped).
    remembered_mappings: ClassVar[int] = 8

    # ------------------------------------------------------------ hooks
    def sample(self) -> pd.DataFrame:
        """The sample data, validated (runs on a background thread; cache it)."""
        raise NotImplementedError

    def validate(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Turn an uploaded table into the clean DataFrame; raise CXError to refuse it."""
        raise NotImplementedError

    def summarize(self, frame: pd.DataFrame) -> Any:
        """Summarise the (filtered) data for :meth:`draw_results`; may raise CXError."""
        raise NotImplementedError

    def compare(self, frame: pd.DataFrame, column: str, a: str, b: str) -> Any:
        """Compare segments ``a`` and ``b`` of ``column`` for :meth:`draw_comparison`."""
        raise NotImplementedError

    def result_widgets(self) -> list[widgets.Widget]:
        """The widgets that show the results (built once, drawn by :meth:`draw_results`)."""
        return []

    def comparison_widgets(self) -> list[widgets.Widget]:
        """The widgets that show the comparison (drawn by :meth:`draw_comparison`)."""
        return []

    def draw_results(self, summary: Any, frame: pd.DataFrame) -> None:
        """Show ``summary`` (of the filtered ``frame``) in :meth:`result_widgets`."""

    def draw_comparison(self, comparison: Any, column: str, a: str, b: str) -> None:
        """Show ``comparison`` in :meth:`comparison_widgets`."""

    def clear_comparison(self, text: str) -> None:
        """No comparison to show; ``text`` says why (default: shown in the compare note)."""
        self.compare_note.value = _note("info", text)

    def status_text(self, frame: pd.DataFrame) -> str:
        """The line above the results, e.g. how many respondents ``frame`` holds."""
        return ""

    def prepare(self) -> None:
        """Extra work for the background load (e.g. import a slow library); no widgets."""

    def stored_rows(self, frame: pd.DataFrame) -> list[list[Any]]:
        """The rows of a clean upload as JSON values (missing values as ``None``)."""
        return frame.astype(object).where(frame.notna(), None).values.tolist()

    def restore(self, stored: Mapping[str, Any]) -> pd.DataFrame:
        """The clean DataFrame of a stored upload (runs on the background thread)."""
        import pandas as pd

        frame = pd.DataFrame(stored["rows"], columns=stored["columns"])
        return self.validate(frame)

    def template_bytes(self) -> bytes:
        """The upload template's content."""
        return datasets.path(self.template_file).read_bytes()

    def uploaded_info(self, frame: pd.DataFrame) -> None:
        """Called after an accepted upload (e.g. to tell about skipped answers in
        :attr:`message`)."""

    # ------------------------------------------------------------ names
    def label(self, name: str) -> str:
        """The catalogue key of text ``name`` (a lecture's override or the default)."""
        return self.labels.get(name) or LABELS[name]

    def css_name(self, name: str) -> str:
        """The CSS class of control ``name``."""
        return self.css_names.get(name) or f"{self.css}-{name.replace('_', '-')}"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {
            "source": "sample",
            "filters": {column: "" for column in self.segments},
            "compare": {"by": self.segments[0] if self.segments else None, "a": None, "b": None},
            "upload": None,
            "pending": None,
            "mappings": {},
        }

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        if stored.get("source") in SOURCES:
            state["source"] = stored["source"]
        filters = stored.get("filters")
        if isinstance(filters, dict):
            for column in self.segments:
                value = filters.get(column)
                state["filters"][column] = value if isinstance(value, str) else ""
        compare = stored.get("compare")
        if isinstance(compare, dict):
            if compare.get("by") in self.segments:
                state["compare"]["by"] = compare["by"]
            for key in ("a", "b"):
                if isinstance(compare.get(key), str):
                    state["compare"][key] = compare[key]
        state["upload"] = _clean_upload(stored.get("upload"))
        if self.survey_kind:
            state["pending"] = _clean_pending(stored.get("pending"))
            mappings = stored.get("mappings")
            if isinstance(mappings, dict):
                kept = [(k, v) for k, v in mappings.items()
                        if isinstance(k, str) and isinstance(v, dict)]
                state["mappings"] = dict(kept[-self.remembered_mappings:])
        return state

    def is_done(self) -> bool:
        return True  # looking at the analysis is the exercise

    # ------------------------------------------------------------ data
    def data(self) -> pd.DataFrame | None:
        """The data of the chosen source (``None``: not loaded, or nothing uploaded)."""
        return self.uploaded if self.state["source"] == "upload" else self.sample_data

    def effective_filters(self, frame: pd.DataFrame | None) -> dict[str, str]:
        """The state's filters that exist in ``frame`` (others read as "all")."""
        return {
            column: value if value in segment_values(frame, column) else ""
            for column, value in self.state["filters"].items()
        }

    def filtered(self, frame: pd.DataFrame | None = None) -> pd.DataFrame | None:
        """The current data with the segment filters applied."""
        frame = self.data() if frame is None else frame
        if frame is None:
            return None
        for column, value in self.effective_filters(frame).items():
            if value:
                frame = frame[frame[column].astype(str) == value]
        return frame

    def effective_compare(
        self, frame: pd.DataFrame | None, compare: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The comparison to show: the choice (default: the state's) where ``frame`` has it.

        Defaults: the first segment column with two values or more; segment 1 its first
        value, segment 2 its last.
        """
        compare = self.state["compare"] if compare is None else compare
        columns = [c for c in self.segments if len(segment_values(frame, c)) > 1]
        by = compare.get("by") if compare.get("by") in columns else (columns[0] if columns else None)
        values = segment_values(frame, by) if by else []
        if not values:
            return {"by": compare.get("by") or by, "a": None, "b": None}
        a = compare.get("a") if compare.get("a") in values else values[0]
        b = compare.get("b") if compare.get("b") in values else None
        if b is None:
            b = next((v for v in reversed(values) if v != a), a)
        return {"by": by, "a": a, "b": b}

    # ------------------------------------------------------------ loading
    def load(self, stored: Any) -> None:
        """Replace the state (see :meth:`Exercise.load`); the upload in memory goes with it."""
        self._generation += 1
        self._set_data("upload", None)
        self._restore_error = None
        self.map_message.clear()
        self.loading = True
        self._ready.clear()
        super().load(stored)

    def loaded(self) -> None:
        """Load the sample and a kept upload in the background, then draw."""
        generation = self._generation
        stored = self.state.get("upload")

        def work() -> tuple[pd.DataFrame, pd.DataFrame | None, bool]:
            self.prepare()
            sample = self.sample()
            if not (isinstance(stored, dict) and stored.get("rows") is not None):
                return sample, None, False
            try:
                return sample, self.restore(stored), False
            except Exception:  # a stored upload the current rules refuse: say so, keep the sample
                common.log.exception("stored upload of %s unusable", self.section)
                return sample, None, True

        def then(result: tuple[pd.DataFrame, pd.DataFrame | None, bool]) -> None:
            if generation != self._generation:
                return  # another learner or state was loaded meanwhile
            sample, uploaded, unusable = result
            if sample is not self.sample_data:
                self._set_data("sample", sample)
            if self.state.get("upload") is stored:  # no newer upload on this page
                self._set_data("upload", uploaded)
                if unusable:
                    self._restore_error = str(stored.get("name", ""))

        def busy(on: bool) -> None:
            if generation != self._generation:
                return
            self.loading = on
            if not on:
                self.redraw()
                self._ready.set()

        self.background(work, then, busy=busy)

    def wait_loaded(self, timeout: float = 60.0) -> bool:
        """Block until the latest background load has finished (tests, benchmarks)."""
        return self._ready.wait(timeout)

    # ------------------------------------------------------------ events
    def choose_source(self, source: str) -> None:
        if source not in SOURCES:
            return
        if source == "sample" and self.upload.message.kind == "error":
            self.upload.message.clear()
        frame = self.uploaded if source == "upload" else self.sample_data
        self._switch_data(source, frame)

    def choose_filter(self, column: str, value: str | None) -> None:
        self.update(filters={**self.state["filters"], column: value or ""})

    def choose_compare_by(self, column: str | None) -> None:
        self.update(compare={"by": column, "a": None, "b": None})

    def choose_segment(self, which: str, value: str | None) -> None:
        compare = self.effective_compare(self.data())
        self.update(compare={**compare, which: value})

    def receive(self, frame: pd.DataFrame, filename: str) -> None:
        """An uploaded table (from :class:`~cxwidgets.widgets.common.Upload`): analyse it.

        A survey export (see :attr:`survey_kind`) is held for its column mapping instead.
        Raises CXError (shown under the upload button) when :meth:`validate` refuses it;
        the data analysed before stay.
        """
        if self.survey_kind and survey_map.needs_mapping(self.survey_kind, frame):
            self._start_mapping(frame, filename)
            return
        self._accept(self.validate(frame), filename)

    def _accept(self, clean: pd.DataFrame, filename: str, **state: Any) -> None:
        """Show and keep a validated upload (``state``: more changes saved with it)."""
        if len(clean) <= self.stored_rows_limit:
            upload = {
                "name": filename,
                "columns": [str(c) for c in clean.columns],
                "rows": self.stored_rows(clean),
            }
        else:
            upload = {"name": filename, "row_count": len(clean), "too_big": True}
        self._set_data("upload", clean)
        self._restore_error = None
        self._switch_data("upload", clean, upload=upload, **state)
        self.uploaded_info(clean)

    # ------------------------------------------------------------ survey exports
    def _start_mapping(self, frame: pd.DataFrame, filename: str) -> None:
        """Hold an export for its mapping: a remembered one for its layout, else a guess."""
        kind = self.survey_kind
        assert kind is not None
        text = _as_text(frame)
        remembered = self.state["mappings"].get(survey_map.signature(list(text.columns)))
        if remembered is not None:
            mapping = survey_map.clean_mapping(kind, text, remembered)
        else:
            mapping = survey_map.guess(kind, text)
        pending = {
            "name": filename,
            "columns": [str(c) for c in text.columns],
            "rows": text.astype(object).where(text.notna(), None).values.tolist(),
            "mapping": mapping,
            "remembered": remembered is not None,
        }
        self._pending_frame = (pending["rows"], text)
        self.map_message.clear()
        self.update(pending=pending)

    def pending_frame(self) -> pd.DataFrame | None:
        """The export being mapped (as text), or None."""
        pending = self.state.get("pending")
        if not pending:
            return None
        import pandas as pd  # only now: a page without an export to map starts without it

        if self._pending_frame is None or self._pending_frame[0] is not pending["rows"]:
            frame = pd.DataFrame(pending["rows"], columns=pending["columns"], dtype=object)
            self._pending_frame = (pending["rows"], frame)  # the rows are kept with the state
        return self._pending_frame[1]

    def edit_mapping(self, columns: Mapping[str, str] | None = None,
                     names: Mapping[str, str] | None = None) -> None:
        """The learner changed the mapping (a column chosen, a feature renamed)."""
        pending = self.state.get("pending")
        if not pending:
            return
        mapping = dict(pending["mapping"])
        if columns is not None:
            mapping["columns"] = dict(columns)
        if names is not None:
            mapping["names"] = dict(names)
        mapping = survey_map.clean_mapping(self.survey_kind, self.pending_frame(), mapping)
        self.update(typing=names is not None, pending={**pending, "mapping": mapping})

    def confirm_mapping(self) -> None:
        """Analyse the export with the mapping; problems and refusals keep it pending."""
        pending = self.state.get("pending")
        frame = self.pending_frame()
        if not pending or frame is None:
            return
        kind = self.survey_kind
        mapping = pending["mapping"]
        if survey_map.check(kind, frame, mapping):
            self.map_message.show_error("mapping.fix_first")
            self.mapper.show_problem()
            return
        try:
            clean = self.validate(survey_map.apply(kind, frame, mapping))
        except CXError as exc:
            self.map_message.show_error(exc)
            return
        signature = survey_map.signature(pending["columns"])
        mappings = {k: v for k, v in self.state["mappings"].items() if k != signature}
        mappings[signature] = mapping
        mappings = dict(list(mappings.items())[-self.remembered_mappings:])
        self.map_message.clear()
        self._accept(clean, pending["name"], pending=None, mappings=mappings)
        counts = survey_map.describe(kind, frame, mapping)
        self.upload.message.show_success(
            "mapping.applied", name=pending["name"], rows=counts["rows"], mapped=counts["mapped"]
        )
        skipped = clean.attrs.get("skipped") or 0
        if skipped:
            self.message.show_info("mapping.skipped", count=skipped)

    def discard_mapping(self) -> None:
        """Drop the export being mapped; the data shown before stay."""
        pending = self.state.get("pending")
        if not pending:
            return
        self.map_message.clear()
        self.upload.message.show_info("mapping.discarded", name=pending["name"])
        self.update(pending=None)

    def _switch_data(
        self, source: str, frame: pd.DataFrame | None, upload: Any = ..., **changes: Any
    ) -> None:
        """Show ``source`` (whose data are ``frame``), keeping the choices it supports."""
        state = {**self.state, **changes, "source": source}
        if upload is not ...:
            state["upload"] = upload
        if frame is not None:
            state["filters"] = {
                column: value if value in segment_values(frame, column) else ""
                for column, value in self.state["filters"].items()
            }
            state["compare"] = self.effective_compare(frame, state["compare"])
        if state == self.state:
            self.redraw()  # e.g. the same file again: new data, same state
        else:
            self.set_state(state)

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.sample_data: pd.DataFrame | None = None
        self.uploaded: pd.DataFrame | None = None
        self.loading = False
        self._generation = 0
        self._restore_error: str | None = None
        self._ready = threading.Event()
        self._chart_keys: dict[int, Any] = {}
        self._versions = {"sample": 0, "upload": 0}
        self._comparison: tuple[Any, Any] | None = None
        self._pending_frame: tuple[list[Any], pd.DataFrame] | None = None
        self._map_columns: tuple[pd.DataFrame, list[dict[str, Any]]] | None = None
        self.mapper: Any = None  # the ColumnMap, made when a first export comes
        self.map_message = common.Message()
        self.map_box = widgets.VBox([self.map_message])  # in the card's tree: closed with it
        self.map_box.add_class("cx-map-box")
        show(self.map_box, False)
        self.message.add_class(self.css_name("message"))
        self.source = widgets.ToggleButtons(
            options=self._source_options(), value="sample", style={"button_width": "auto"}
        )
        self.source.add_class(self.css_name("source"))
        self.source.add_class("cx-survey-source")
        self.on_change(self.source, self.choose_source)
        self.upload = common.Upload(self.receive, label_key=self.label("upload"))
        children: list[widgets.Widget] = [self.source]
        if self.template_file:
            self.template = common.DownloadButton(
                self.label("template"), self.template_file.rsplit("/", 1)[-1], "text/csv",
                self.template_bytes, name=self.template_name,
            )
            children.append(self.template)
        self.notice = widgets.HTML()
        self.notice.add_class("cx-survey-notice")
        self.status = widgets.HTML()
        self.status.add_class(self.css_name("status"))
        self.status.add_class("cx-survey-status")
        self.filters: dict[str, widgets.Dropdown] = {}
        for column in self.segments:
            dropdown = widgets.Dropdown(options=[("", "")], value="")
            dropdown.add_class(self.css_names.get("filter", f"{self.css}-filter") + f"-{column}")
            self.on_change(dropdown, lambda value, column=column: self.choose_filter(column, value))
            self.filters[column] = dropdown
        self.compare_by = widgets.Dropdown(options=self._compare_by_options())
        self.compare_by.add_class(self.css_name("compare_by"))
        self.translate(self.compare_by, "description", self.label("compare_by"))
        self.on_change(self.compare_by, self.choose_compare_by)
        self.segment_a = widgets.Dropdown(options=[])
        self.segment_a.add_class(self.css_name("segment_a"))
        self.translate(self.segment_a, "description", self.label("segment_a"))
        self.segment_b = widgets.Dropdown(options=[])
        self.segment_b.add_class(self.css_name("segment_b"))
        self.translate(self.segment_b, "description", self.label("segment_b"))
        for which, dropdown in (("a", self.segment_a), ("b", self.segment_b)):
            self.on_change(dropdown, lambda value, which=which: self.choose_segment(which, value))
        self.compare_note = widgets.HTML()
        self.compare_note.add_class("cx-survey-compare-note")
        self.results_box = widgets.VBox(
            [widgets.HBox(list(self.filters.values())), *self.result_widgets()]
        )
        self.compare_box = widgets.VBox(
            [
                self.text(self.label("compare"), css="cx-subtitle"),
                widgets.HBox([self.compare_by, self.segment_a, self.segment_b]),
                self.compare_note,
                *self.comparison_widgets(),
            ]
        )
        return [
            widgets.HBox(children),
            self.upload,
            self.text(self.label("format"), css="cx-note"),
            *([self.text("mapping.formats", css="cx-note")] if self.survey_kind else []),
            self.map_box,
            self.message,
            self.notice,
            self.status,
            self.results_box,
            self.compare_box,
        ]

    def _source_options(self) -> list[tuple[str, str]]:
        return [(i18n.t(self.label(f"source.{code}")), code) for code in SOURCES]

    def _compare_by_options(self) -> list[tuple[str, str]]:
        return [(common.segment_name(column), column) for column in self.segments]

    def relabel(self) -> None:
        common.set_options(self.source, self._source_options())
        common.set_options(self.compare_by, self._compare_by_options())
        for column, dropdown in self.filters.items():
            dropdown.description = common.segment_name(column)
        self._chart_keys.clear()  # charts carry texts: draw them again

    def show_chart(self, view: common.ChartView, key: Any, build: Any) -> None:
        """Render ``build()`` into ``view`` unless the same ``key`` is shown already."""
        if self._chart_keys.get(id(view)) == key and view.drawn:
            return
        self._chart_keys[id(view)] = key
        view.show(build)

    def data_key(self) -> tuple[Any, ...]:
        """Identifies the data shown (for :meth:`show_chart`): source, its version, filters."""
        source = self.state["source"]
        filters = tuple(sorted(self.effective_filters(self.data()).items()))
        return (source, self._versions[source], filters)

    def _set_data(self, source: str, frame: pd.DataFrame | None) -> None:
        """Replace the sample's or the upload's data in memory (a new version)."""
        self._versions[source] += 1
        if source == "sample":
            self.sample_data = frame
        else:
            self.uploaded = frame

    def _build_mapper(self) -> None:
        """The mapping panel, made when the first export is held (most pages never need it)."""
        from .column_map import ColumnMap

        self.mapper = ColumnMap()
        self.mapper.add_class("cx-map")
        self.on_change(self.mapper, lambda value: self.edit_mapping(columns=value))
        self.on_change(self.mapper, lambda value: self.edit_mapping(names=value), "names")
        self.map_title = widgets.HTML()
        self.map_title.add_class("cx-subtitle")
        self.map_intro = widgets.HTML()
        self.map_intro.add_class("cx-note")
        self.map_remembered = widgets.HTML()
        self.map_remembered.add_class("cx-map-remembered")
        confirm = widgets.Button(button_style="primary")
        confirm.add_class("cx-map-confirm")
        cancel = widgets.Button()
        cancel.add_class("cx-map-cancel")
        self.on_click(confirm, self.confirm_mapping)
        self.on_click(cancel, self.discard_mapping)
        self.map_buttons = (confirm, cancel)
        self.map_box.children = [
            self.map_title, self.map_intro, self.map_remembered, self.mapper,
            self.map_message, widgets.HBox([confirm, cancel]),
        ]

    def _draw_mapping(self) -> None:
        pending = self.state.get("pending")
        frame = self.pending_frame()
        if not pending or frame is None or not self.survey_kind:
            show(self.map_box, False)
            return
        if self.mapper is None:
            self._build_mapper()
        from .column_map import column_summaries

        kind = self.survey_kind
        mapping = survey_map.clean_mapping(kind, frame, pending["mapping"])
        if self._map_columns is None or self._map_columns[0] is not frame:
            self._map_columns = (frame, column_summaries(frame))
        self.map_title.value = html.escape(i18n.t("mapping.title"))
        self.map_intro.value = html.escape(i18n.t("mapping.intro"))
        self.map_remembered.value = (
            _note("info", i18n.t("mapping.remembered")) if pending.get("remembered") else ""
        )
        confirm, cancel = self.map_buttons
        confirm.description = i18n.t("mapping.confirm")
        cancel.description = i18n.t("mapping.cancel")
        texts = {name: i18n.t(key) for name, key in MAP_TEXTS.items()}
        texts["caption"] = i18n.t("mapping.caption", name=pending["name"], rows=len(frame))
        rows = []
        for field in survey_map.fields(kind, mapping):
            number = dict(field.params).get("n", "")
            rows.append({
                "key": field.key, "label": field.label(), "group": field.group(),
                "required": field.required,
                "name": mapping["names"].get(field.key, "") if field.named else None,
                "name_label": i18n.t("mapping.name_label", n=number) if field.named else "",
            })
        problems = {key: error.message()
                    for key, error in survey_map.check(kind, frame, mapping).items()}
        with self.mapper.hold_sync():  # one message to the browser, one redraw
            self.mapper.columns = self._map_columns[1]
            self.mapper.fields = rows
            self.mapper.value = mapping["columns"]
            self.mapper.names = mapping["names"]
            self.mapper.problems = problems
            self.mapper.texts = texts
        show(self.map_box)

    def draw(self) -> None:
        self._draw_mapping()
        self.source.value = self.state["source"]
        frame = self.data()
        self._draw_notice(frame)
        self._draw_filters(frame)
        if frame is None:
            self.status.value = (
                html.escape(i18n.t(self.label("loading"))) if self.loading else ""
            )
            show(self.results_box, False)
            show(self.compare_box, False)
            return
        self._draw_results(frame)
        self._draw_comparison(frame)

    def _draw_notice(self, frame: pd.DataFrame | None) -> None:
        upload = self.state.get("upload") or {}
        text, kind = "", "info"
        if self.state["source"] == "upload":
            name = str(upload.get("name", ""))
            if self._restore_error is not None:
                text, kind = i18n.t(self.label("stored_unusable"), name=self._restore_error), "error"
            elif upload.get("too_big"):
                params = {"name": name, "rows": upload.get("row_count", ""),
                          "limit": self.stored_rows_limit}
                key = "not_kept" if frame is not None else "not_kept_after_reload"
                text, kind = i18n.t(self.label(key), **params), ("info" if frame is not None else "error")
            elif frame is None and not self.loading:
                text = i18n.t(self.label("no_upload"))
        self.notice.value = _note(kind, text) if text else ""

    def _draw_filters(self, frame: pd.DataFrame | None) -> None:
        effective = self.effective_filters(frame)
        for column, dropdown in self.filters.items():
            values = segment_values(frame, column)
            options = [(i18n.t(self.label("all")), "")]
            options += [(common.segment_label(column, v), v) for v in values]
            common.set_options(dropdown, options)
            dropdown.value = effective[column]
            show(dropdown, values)

    def _draw_results(self, frame: pd.DataFrame) -> None:
        filtered = self.filtered(frame)
        if filtered is None or filtered.empty:
            self.status.value = ""
            self.notice.value += _note("error", i18n.t(self.label("empty_segment")))
            show(self.results_box)
            self._show_results(False)
            return
        try:
            summary = self.summarize(filtered)
        except CXError as exc:
            self.status.value = ""
            self.notice.value += _note("error", exc.message())
            self._show_results(False)
            return
        show(self.results_box)
        self._show_results(True)
        self.status.value = html.escape(self.status_text(filtered))
        self.draw_results(summary, filtered)

    def _show_results(self, visible: bool) -> None:
        for widget in self.results_box.children[1:]:
            show(widget, visible)

    def _draw_comparison(self, frame: pd.DataFrame) -> None:
        show(self.compare_box)
        compare = self.effective_compare(frame)
        column, a, b = compare["by"], compare["a"], compare["b"]
        values = segment_values(frame, column) if column else []
        options = [(common.segment_label(column, v), v) for v in values]
        for dropdown, value in ((self.segment_a, a), (self.segment_b, b)):
            common.set_options(dropdown, options)
            dropdown.value = value
        if column in self.segments:
            self.compare_by.value = column
        if a is None or b is None or len(values) < 2:
            self._show_comparison(False)
            self.clear_comparison(i18n.t(self.label("no_segments")))
            return
        if a == b:
            self._show_comparison(False)
            self.clear_comparison(i18n.t(self.label("same_segment")))
            return
        self.compare_note.value = ""
        source = self.state["source"]
        key = (source, self._versions[source], column, a, b)
        try:
            if self._comparison is None or self._comparison[0] != key:
                self._comparison = (key, self.compare(frame, column, a, b))  # filters aside
        except CXError as exc:
            self._show_comparison(False)
            self.clear_comparison(exc.message())
            return
        self._show_comparison(True)
        self.draw_comparison(self._comparison[1], column, a, b)

    def _show_comparison(self, visible: bool) -> None:
        for widget in self.compare_box.children[3:]:
            show(widget, visible)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """An export's cells as text (numbers and dates as written), blanks as None; headers
    as strings, a repeated one numbered so every column has its own name."""
    import pandas as pd

    columns: list[str] = []
    for column in frame.columns:
        name = str(column)
        while name in columns:
            name += "'"
        columns.append(name)

    def text(value: Any) -> Any:
        if value is None or (isinstance(value, float) and value != value):
            return None
        if isinstance(value, float) and value == int(value):
            return str(int(value))
        if value is pd.NaT:
            return None
        return str(value)

    data = {name: [text(v) for v in frame.iloc[:, i]] for i, name in enumerate(columns)}
    return pd.DataFrame(data, columns=columns, dtype=object)


def _clean_pending(value: Any) -> dict[str, Any] | None:
    """A stored export being mapped, made safe (its mapping is cleaned when drawn)."""
    if not isinstance(value, dict):
        return None
    columns, rows = value.get("columns"), value.get("rows")
    if not (
        isinstance(columns, list)
        and all(isinstance(c, str) for c in columns)
        and len(set(columns)) == len(columns)
        and isinstance(rows, list)
        and all(isinstance(r, list) and len(r) == len(columns) for r in rows)
    ):
        return None
    rows = [[None if v is None else str(v) for v in row] for row in rows]
    mapping = value.get("mapping") if isinstance(value.get("mapping"), dict) else {}
    return {"name": str(value.get("name", "")), "columns": columns, "rows": rows,
            "mapping": mapping, "remembered": bool(value.get("remembered"))}


def _clean_upload(value: Any) -> dict[str, Any] | None:
    """A stored upload entry made safe: the table, the "too big" marker, or None."""
    if not isinstance(value, dict):
        return None
    name = str(value.get("name", ""))
    if value.get("too_big"):
        count = value.get("row_count")
        return {"name": name, "row_count": count if isinstance(count, int) else 0, "too_big": True}
    columns, rows = value.get("columns"), value.get("rows")
    if (
        isinstance(columns, list)
        and all(isinstance(c, str) for c in columns)
        and isinstance(rows, list)
        and all(isinstance(r, list) and len(r) == len(columns) for r in rows)
    ):
        return {"name": name, "columns": columns, "rows": rows}
    return None
