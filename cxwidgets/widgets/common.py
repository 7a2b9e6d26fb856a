"""Building blocks shared by every exercise: messages, charts, uploads, downloads."""

from __future__ import annotations

import html
import logging
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from .. import charts, i18n
from ..errors import CXError
from .stylesheet import CourseWidget
from .upload import Upload as Upload  # re-exported: common.Upload

STATIC = Path(__file__).resolve().parent.parent / "static"
log = logging.getLogger("cxwidgets")


def listen(widget: widgets.Widget, callback: Callable[[str], Any]) -> Callable[[], None]:
    """Call ``callback(language)`` after each language switch while ``widget`` is open.

    The listener is removed when the widget is closed, so closed widgets are never relabelled.
    """
    unsubscribe = i18n.on_change(callback)

    def closed(change: dict[str, Any]) -> None:
        if change["new"] is None:
            unsubscribe()
            widget.unobserve(closed, names="comm")

    widget.observe(closed, names="comm")
    return unsubscribe


def translate(widget: widgets.Widget, attribute: str, key: str, **params: Any) -> widgets.Widget:
    """Set ``widget.attribute`` to the translation of ``key`` now and after each switch."""

    def apply(_language: str | None = None) -> None:
        setattr(widget, attribute, i18n.t(key, **params))

    apply()
    listen(widget, apply)
    return widget


def add_class(widget: widgets.Widget, *names: str) -> widgets.Widget:
    for name in names:
        widget.add_class(name)
    return widget


def _message_html(kind: str, text: str) -> str:
    role = "alert" if kind == "error" else "status"
    body = html.escape(text).replace("\n", "<br>")
    return f'<div class="cx-msg cx-msg-{kind}" role="{role}">{body}</div>'


class Message(widgets.HTML):
    """A line of feedback: an error, a success or a hint, re-translated on switch."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("cx-message")
        self._current: tuple[str, str, dict[str, Any]] | None = None
        listen(self, lambda _lang: self._render())

    def _render(self) -> None:
        if self._current is None:
            self.value = ""
            return
        kind, key, params = self._current
        self.value = _message_html(kind, i18n.t(key, **params))

    def show(self, kind: str, key: str, **params: Any) -> None:
        self._current = (kind, key, params)
        self._render()

    def show_error(self, error: CXError | str, **params: Any) -> None:
        """Show a CXError (or a catalogue key) as an error message."""
        if isinstance(error, CXError):
            self.show("error", error.key, **error.params)
        else:
            self.show("error", error, **params)

    def show_info(self, key: str, **params: Any) -> None:
        self.show("info", key, **params)

    def show_success(self, key: str, **params: Any) -> None:
        self.show("success", key, **params)

    def clear(self) -> None:
        self._current = None
        self._render()

    @property
    def kind(self) -> str | None:
        return self._current[0] if self._current else None


def guarded(message: Message, action: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a widget callback: a CXError shows its message, any other error a generic one.

    A learner never sees a traceback; the traceback goes to the server log.
    """

    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = action(*args, **kwargs)
        except CXError as exc:
            message.show_error(exc)
            return None
        except Exception:
            log.error("unexpected error in %s:\n%s", action, traceback.format_exc())
            message.show_error("common.error.unexpected")
            return None
        return result

    return run


def esm(*names: str) -> str:
    """The ES module of an anywidget made of files of ``static/``, joined in order.

    anywidget modules cannot import each other; a piece two widgets share (e.g.
    ``vega_loader.js``) is prepended to each widget's own file instead of copied into it.
    """
    return "\n".join((STATIC / name).read_text(encoding="utf-8") for name in names)


class ChartView(anywidget.AnyWidget):
    """Shows an Altair chart, drawn in the learner's browser by the course's bundled Vega.

    The kernel only builds the chart (``spec``, its Vega-Lite dict) and sends it (``chart``,
    its title read from a signal: :func:`charts.titled_by_signal`); the browser draws it as SVG
    with tooltips (``static/chart_view.js``), so a class clicking at once does not queue on the
    server's cores. When a new chart differs from the one sent only in its data (datasets,
    title), only those are sent (``data``, :func:`charts.data_change`) and the browser's Vega
    view applies them without compiling the chart again. ``message`` holds course HTML shown
    instead (placeholder, "no data", an error). Each time the browser draws the view it says
    so, and the kernel sends its newest chart whole: a chart that finished while the page was
    still creating the widget is never lost. Where the browser cannot load the bundle (a
    notebook server without the course's Voila template), it asks for an SVG rendered in the
    kernel (``fallback_svg``).

    Parameters
    ----------
    build : callable, optional
        ``build() -> altair chart`` (or a Vega-Lite dict); called on the chart thread.
    label_key : str, optional
        Catalogue key of the chart's accessible label.
    """

    def __init__(
        self,
        build: Callable[[], Any] | None = None,
        label_key: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.add_class("cx-chart")
        self.on_msg(self._handle)
        self.label_key = label_key
        self._generation = 0
        self._fallback = False
        self._sending = threading.Lock()
        self.spec: dict = {}
        self.error: str | None = None
        if build is not None:
            self.show(build)  # "loading" only while a chart is on its way, never before

    _esm = esm("vega_loader.js", "chart_view.js")
    chart = traitlets.Dict().tag(sync=True)
    data = traitlets.Dict().tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    fallback_svg = traitlets.Unicode("").tag(sync=True)

    @property
    def drawn(self) -> bool:
        """Whether the newest request has finished (a chart or a message to show)."""
        return bool(self.spec) or self.error is not None

    def _handle(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        event = content.get("event")
        if event == "shown":
            self._show_spec(self.spec)
            self.send_state(("chart", "data", "message", "label", "fallback_svg"))
        elif event == "stale":
            self._show_spec(self.spec)
        elif event == "no-vega" and not self._fallback:
            log.warning("browser could not load the Vega bundle (%s); drawing SVG in the kernel",
                        content.get("error"))
            self._fallback = True
            if self.spec:
                charts.submit(self._render_fallback, self._generation, self.spec)
        elif event == "failed":
            log.error("chart failed in the browser: %s", content.get("error"))
            with self.hold_sync():
                self.chart = {}  # the next chart goes whole
                self.message = _message_html("error", i18n.t("common.error.chart"))

    def _render_fallback(self, generation: int, spec: dict) -> None:
        svg = charts.to_svg(spec)
        if generation == self._generation:
            self.fallback_svg = svg

    def _placeholder(self) -> str:
        return f'<div class="cx-chart-loading" aria-busy="true">{i18n.t("common.chart.loading")}</div>'

    def show(self, build: Callable[[], Any]) -> Any:
        """Build ``build()`` on the chart thread and send its spec; the newest request wins."""
        self._generation += 1
        generation = self._generation
        label = i18n.t(self.label_key) if self.label_key else ""
        if not self.spec and self.error is None:
            self.message = self._placeholder()  # in the language of this request

        def render() -> None:
            if generation != self._generation:
                return  # a newer request is queued: skip this one (no backlog while clicking)
            try:
                spec = charts.to_spec(build())
            except CXError as exc:
                if generation == self._generation:
                    self.error = exc.key
                    with self.hold_sync():
                        self._show_spec({})
                        self.message = _message_html("info", exc.message())
                return
            except Exception:
                log.error("chart failed:\n%s", traceback.format_exc())
                if generation == self._generation:
                    self.error = "common.error.chart"
                    with self.hold_sync():
                        self._show_spec({})
                        self.message = _message_html("error", i18n.t("common.error.chart"))
                return
            svg = charts.to_svg(spec) if self._fallback else ""
            if generation == self._generation:
                self.error = None
                with self.hold_sync():
                    self.label = label
                    self.message = ""
                    self.fallback_svg = svg
                    self._show_spec(spec, changes=not self._fallback)

        return charts.submit(render)

    def _show_spec(self, spec: dict, changes: bool = False) -> None:
        """Make ``spec`` the chart shown: only its data when ``changes`` allows and they suffice."""
        with self._sending:
            self.spec = spec
            chart = charts.titled_by_signal(spec)
            change = charts.data_change(self.chart, chart, self.data) if changes else None
            with self.hold_sync():
                if change is None:
                    self.chart = chart
                    self.data = {}
                else:
                    self.data = change


class DownloadButton(CourseWidget):
    """A button that builds a file in the kernel on click and hands it to the browser.

    Parameters
    ----------
    label_key : str
        Catalogue key of the button text.
    filename : str or callable
        The name the browser saves under (a callable is asked on each click).
    mime : str
        The file's media type.
    producer : callable
        ``producer() -> bytes | str``; a CXError it raises is shown next to the button.
    """

    _esm = STATIC / "download.js"
    label = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    name = traitlets.Unicode("download").tag(sync=True)

    def __init__(
        self,
        label_key: str,
        filename: str | Callable[[], str],
        mime: str,
        producer: Callable[[], bytes | str],
        name: str = "download",
    ) -> None:
        super().__init__(name=name)
        self.filename = filename
        self.mime = mime
        self.producer = producer
        translate(self, "label", label_key)
        self.on_msg(self._handle)

    def _handle(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("event") != "request":
            return
        try:
            data = self.producer()
        except CXError as exc:
            self.status = exc.message()
            self.send({"event": "error"})
            return
        except Exception:
            log.error("download failed:\n%s", traceback.format_exc())
            self.status = i18n.t("common.error.unexpected")
            self.send({"event": "error"})
            return
        payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        filename = self.filename() if callable(self.filename) else self.filename
        self.status = ""
        self.send({"event": "file", "filename": filename, "mime": self.mime}, buffers=[payload])


class Solution(widgets.HTML):
    """A worked solution or discussion the learner opens on demand (catalogue HTML)."""

    def __init__(self, body_key: str, **params: Any) -> None:
        super().__init__()
        self.add_class("cx-solution")
        self.body_key = body_key
        self.params = params
        self._render()
        listen(self, lambda _lang: self._render())

    def _render(self) -> None:
        summary = html.escape(i18n.t("common.solution.show"))
        body = i18n.t(self.body_key, **self.params)
        self.value = f"<details><summary>{summary}</summary><div>{body}</div></details>"


class Card(widgets.VBox):
    """An exercise card: a translated heading and its widgets, CSS class ``cx-ex-<name>``.

    ``on_close(callback)`` runs ``callback()`` when the card is closed (the exercise's
    listeners go with it).
    """

    def __init__(self, title_key: str, *children: widgets.Widget, name: str) -> None:
        self.heading = widgets.HTML()
        self.heading.add_class("cx-ex-title")
        self.title_key = title_key
        self._closers: list[Callable[[], Any]] = []
        self._render_title()
        super().__init__([self.heading, *children])
        listen(self, lambda _lang: self._render_title())
        self.add_class("cx-exercise")
        self.add_class(f"cx-ex-{name}")

    def _render_title(self) -> None:
        self.heading.value = f"<h3>{html.escape(i18n.t(self.title_key))}</h3>" if self.title_key else ""

    def on_close(self, callback: Callable[[], Any]) -> None:
        self._closers.append(callback)

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()
        super().close()



def label(key: str, css: str | None = None, **params: Any) -> widgets.HTML:
    """A translated text line (HTML-escaped)."""
    widget = widgets.HTML()
    if css:
        widget.add_class(css)

    def apply(_language: str | None = None) -> None:
        widget.value = html.escape(i18n.t(key, **params))

    apply()
    listen(widget, apply)
    return widget


def segment_label(column: str, value: Any) -> str:
    """Translated name of a segment value (``tenure``/``2y+`` -> 两年以上), else the value."""
    key = f"common.segment.{column}.{value}"
    return i18n.t(key) if key in i18n.catalogue() else str(value)


def segment_name(column: str) -> str:
    """Translated name of a segment column, else the column name."""
    key = f"common.segment.{column}"
    return i18n.t(key) if key in i18n.catalogue() else str(column)


def set_options(selector: widgets.widget_selection._Selection, options: list) -> None:
    """Replace a selector's options (e.g. relabelled) keeping its current value.

    When only the labels change (same values in the same order) the selection is not touched
    at all, so no value change is observed.
    """
    pairs = [option if isinstance(option, tuple) else (str(option), option) for option in options]
    if pairs and tuple(v for _label, v in pairs) == tuple(selector._options_values or ()):
        labels = tuple(str(label) for label, _value in pairs)
        if labels != tuple(selector._options_labels):
            selector._options_full = tuple(pairs)
            selector._trait_values["options"] = tuple(pairs)
            selector.set_trait("_options_labels", labels)
            if selector.index is not None:
                selector._trait_values["label"] = labels[selector.index]
        return
    value = selector.value
    selector.options = options
    values = [option[1] if isinstance(option, tuple) else option for option in options]
    selector.value = value if value in values else (values[0] if values and value is not None else None)


#: Natural order of the running case's segment codes (others sort after, alphabetically).
SEGMENT_ORDER: dict[str, tuple[str, ...]] = {
    "tenure": ("2y+", "1y", "6m", "3m"),
    "tier": ("high_value", "senior", "young", "business"),
}


def segment_values(column: str, values: Any) -> list[str]:
    """Distinct segment values in their natural order (tenure from longest to newest)."""
    order = SEGMENT_ORDER.get(column, ())
    distinct = {str(v) for v in values if v == v and v is not None}
    return sorted(distinct, key=lambda v: (order.index(v) if v in order else len(order), v))
