"""Offline charts for the whole course.

Altair's default display loads Vega from a CDN, which shows nothing in a classroom without
internet. The course builds its charts with Altair, or writes their Vega-Lite dict directly
where Altair is too slow for a chart redrawn on every click (lecture 03's Better-Worse and Pareto
charts, :func:`vegalite`), sends the Vega-Lite spec to the page, and the learner's browser draws
it with the Vega bundled in the course's Voila template (``static/vega.js``, see
``tools/vendor_vega.py``; ``widgets.common.ChartView``). Pictures and reports (PNG, SVG) are
rendered in the kernel with vl-convert, whose wheel ships Vega too, imported only when one is
asked for; :func:`to_spec`, :func:`to_svg` and :func:`to_png` take an Altair chart or a dict.

Charts are built on one background worker thread, so a page becomes interactive before
Altair (slow to import) is loaded; a page loads Altair only when one of its charts needs it
(:func:`warm_up` loads it ahead, for a notebook that knows it will).
"""

from __future__ import annotations

import copy
import logging
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
VEGALITE_VERSION = "6.4"

#: Colours per KANO category and for "good/bad" diverging charts (colour-blind safe).
PALETTE = {
    "M": "#d55e00",
    "O": "#0072b2",
    "A": "#009e73",
    "I": "#999999",
    "R": "#cc79a7",
    "Q": "#e69f00",
    "positive": "#0072b2",
    "negative": "#d55e00",
    "neutral": "#999999",
}

log = logging.getLogger("cxwidgets")
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def executor() -> ThreadPoolExecutor:
    """The single background thread that builds and renders charts."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cx-charts")
        return _executor


def _log_failure(future: Future) -> None:
    error = future.exception()
    if error is not None:
        log.error("background task failed", exc_info=error)


#: Longest a page's background work waits for the browser (see :func:`hold`), seconds. Under a
#: class's load a cold page can take over a minute to appear; work released earlier could send
#: updates the still-loading page loses, so the limit only guards against a page never shown.
HOLD_LIMIT = 60.0
_page_started = threading.Event()
_page_started.set()


def hold() -> None:
    """Keep background work (charts, sample data) waiting until :func:`release`.

    While a Voila page runs its cells, a thread importing Altair or analysing a sample takes
    the interpreter lock about half the time, and the page becomes interactive up to twice as
    late. The page therefore holds that work until the browser has shown it (every widget
    model loaded, so no update is sent while the page is still loading them; a preheated
    kernel releases it once its notebook has run), at most :data:`HOLD_LIMIT` seconds.
    """
    _page_started.clear()


def release() -> None:
    """Let held background work run (the page's cells have finished)."""
    _page_started.set()


def after_page_start(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` made to wait for :func:`release` first, on the thread that runs it."""

    def run(*args: Any) -> Any:
        if not _page_started.wait(HOLD_LIMIT):
            release()  # the page was never shown: stop holding (later work runs at once)
        return function(*args)

    return run


def submit(function: Callable[..., Any], *args: Any) -> Future:
    """Run ``function(*args)`` on the chart thread (failures are logged, never lost)."""
    future = executor().submit(after_page_start(function), *args)
    future.add_done_callback(_log_failure)
    return future


def background(function: Callable[..., Any], *args: Any) -> Future:
    """Run ``function(*args)`` on a thread of its own (data loading that must not
    queue behind chart rendering); failures are logged."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(after_page_start(function)(*args))
        except BaseException as error:
            future.set_exception(error)

    threading.Thread(target=run, name="cx-load", daemon=True).start()
    future.add_done_callback(_log_failure)
    return future


def _warm() -> None:
    import altair  # noqa: F401  (import cost paid here, not at page start)


#: Optional string-format validators that jsonschema (imported by Altair) loads when they are
#: installed; jupyter-server's dependencies install them all. Nothing else imports them.
FORMAT_VALIDATORS = (
    "rfc3987_syntax", "rfc3987", "rfc3986_validator", "rfc3339_validator", "webcolors",
    "uri_template", "isoduration", "fqdn",
)


def skip_format_checkers() -> None:
    """Keep jsonschema from loading its optional format validators in this process.

    Altair imports jsonschema, which imports every optional format validator it finds to check
    strings such as ``iri`` or ``duration``. In a page kernel that cost about 1 s of CPU, more
    than the rest of Altair's import: ``rfc3987_syntax`` alone builds a Lark grammar (~0.9 s),
    ``isoduration`` pulls in ``arrow``. The course never checks a format (specs are built with
    ``validate=False``), so the validators are marked absent before jsonschema is first
    imported; jsonschema then leaves those formats unchecked, as wherever they are not
    installed. A process that has already imported jsonschema is left as it is.
    """
    if "jsonschema" not in sys.modules:
        for name in FORMAT_VALIDATORS:
            sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def warm_up() -> Future:
    """Start loading Altair in the background, for a notebook that will draw Altair charts.

    Lecture pages do not call it: their first Altair chart imports it on the chart thread.
    (Charts are drawn in the browser; the export engine, vl-convert, is imported only when a
    picture or a report is asked for.)
    """
    skip_format_checkers()  # on this thread, before any cell can import Altair
    return submit(_warm)


def wait(timeout: float = 60.0) -> None:
    """Block until every chart submitted so far is rendered (tests, exports)."""
    submit(lambda: None).result(timeout=timeout)


#: Projector-first type scale of chart text, in px (prose on the page is 18 px): axis and
#: legend labels, their titles, chart titles, and text marks (data labels). Chart builders
#: use these instead of literal sizes.
TYPE: dict[str, int] = {"label": 15, "axis_title": 16, "title": 19, "mark": 15, "small": 13}


#: The course look of every chart, as a Vega-Lite ``config``: CJK fonts, the type scale, no
#: border, "-" for negative numbers.
CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "axis": {"labelFontSize": TYPE["label"], "titleFontSize": TYPE["axis_title"],
             "labelFont": FONT, "titleFont": FONT},
    "legend": {"labelFontSize": TYPE["label"], "titleFontSize": TYPE["axis_title"],
               "labelFont": FONT, "titleFont": FONT},
    "title": {"fontSize": TYPE["title"], "font": FONT, "anchor": "start"},
    "text": {"fontSize": TYPE["mark"], "font": FONT},
    "view": {"stroke": None},
    # Negative numbers with "-" like the course's tables and labels (Vega's default is "−").
    "locale": {"number": {"decimal": ".", "thousands": ",", "grouping": [3],
                          "currency": ["", ""], "minus": "-"}},
}


def style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Return ``chart`` with the course look (:data:`CONFIG`).

    Parameters
    ----------
    chart : altair chart
        Any top-level chart that is not configured yet.

    Returns
    -------
    altair chart
        A new chart; ``chart`` is unchanged.
    """
    import altair as alt

    return chart.properties(config=alt.Config(**CONFIG))


def merged(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` updated with ``extra``, nested mappings merged key by key (a new dict)."""
    result = dict(base)
    for key, value in extra.items():
        both = isinstance(value, Mapping) and isinstance(result.get(key), Mapping)
        result[key] = merged(result[key], value) if both else value
    return result



#: The ``$schema`` Altair writes into every spec (a unit test checks it is still Altair's).
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
#: The ``config`` Altair adds to every spec, under the course look.
ALTAIR_CONFIG: dict[str, Any] = {"view": {"continuousWidth": 300, "continuousHeight": 300}}


def layer(data: str, mark: Mapping[str, Any], **encoding: Any) -> dict[str, Any]:
    """One layer of a Vega-Lite chart written as a dict: its dataset's name, mark and encoding."""
    return {"data": {"name": data}, "mark": dict(mark), "encoding": encoding}


def tooltip(field: str, title: str | None, kind: str = "quantitative",
            number_format: str | None = None) -> dict[str, Any]:
    """One tooltip field of a Vega-Lite chart written as a dict (``kind``: its type; a
    ``None`` title shows the value alone)."""
    item = {"field": field, "title": title, "type": kind}
    return {**item, "format": number_format} if number_format else item


def vegalite(body: Mapping[str, Any], datasets: Mapping[str, list[dict]]) -> dict:
    """A top-level Vega-Lite dict as :func:`to_spec` makes it of an Altair chart.

    For chart builders that write the spec directly (much faster than Altair, whose
    ``to_dict`` sanitises every DataFrame): the schema, Altair's default config with the
    course look (:data:`CONFIG`) on top, ``body`` and the named ``datasets``.

    Parameters
    ----------
    body : mapping
        The chart: ``layer`` / ``vconcat``, size, title, ...; its views refer to
        ``datasets`` by name (``{"data": {"name": ...}}``).
    datasets : mapping
        Rows (plain dicts of JSON values) by dataset name.

    Returns
    -------
    dict
        A new dict; ``body`` and ``datasets`` are not copied deeply.
    """
    config = merged(copy.deepcopy(ALTAIR_CONFIG), copy.deepcopy(CONFIG))
    return {"$schema": SCHEMA_URL, "config": config, **body, "datasets": dict(datasets)}


def to_spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The Vega-Lite dict of ``chart``, with the course look unless it has its own config.

    The look is merged into the dict rather than set with Altair's ``configure_*``: each of
    those copies the whole chart, data included, which cost more than building it.
    """
    if isinstance(chart, dict):
        return chart
    import altair as alt

    own = chart.config is not alt.Undefined
    spec = chart.to_dict(validate=False)
    if not own:  # Altair adds a default config to every spec: the course's look goes on top
        spec["config"] = merged(spec.get("config") or {}, CONFIG)
    return spec


#: The signal a chart drawn in the browser reads its title from (see :func:`titled_by_signal`).
TITLE_SIGNAL = "cx_title"


def titled_by_signal(spec: dict) -> dict:
    """``spec`` with its title text read from the signal :data:`TITLE_SIGNAL`.

    Drawn that way, a chart whose title changes with its data (e.g. the segment shown) can be
    updated by :func:`data_change` without being compiled again; it looks the same.

    Parameters
    ----------
    spec : dict
        A Vega-Lite spec.

    Returns
    -------
    dict
        A new dict, or ``spec`` itself when it has no title text.
    """
    title = spec.get("title")
    text = title.get("text") if isinstance(title, Mapping) else title
    if not text or not isinstance(text, (str, list)):
        return spec
    title = dict(title) if isinstance(title, Mapping) else {}
    title["text"] = {"expr": TITLE_SIGNAL}
    params = [*spec.get("params", []), {"name": TITLE_SIGNAL, "value": text}]
    return {**spec, "title": title, "params": params}


def _is_signal(param: Any) -> bool:
    """Whether a top-level param is a plain variable (a Vega signal set by value)."""
    return isinstance(param, Mapping) and set(param) == {"name", "value"}


def signals(spec: dict) -> dict[str, Any]:
    """The value of each plain variable param at the top of ``spec``, by name."""
    return {param["name"]: param["value"] for param in spec.get("params", []) if _is_signal(param)}


def _shape(spec: dict) -> Any:
    """``spec`` without its data: dataset names by position, values of signals left out."""
    names = {name: f"#{index}" for index, name in enumerate(spec.get("datasets", {}))}

    def walk(node: Any) -> Any:
        if isinstance(node, Mapping):
            return {
                key: names.get(value, value) if key == "name" and isinstance(value, str) else walk(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    body = {key: value for key, value in spec.items() if key != "datasets"}
    body["params"] = [
        {**param, "value": None} if _is_signal(param) else param for param in spec.get("params", [])
    ]
    return walk(body)


def data_change(drawn: dict, new: dict, sent: Mapping[str, Any] | None = None) -> dict | None:
    """What turns the chart ``drawn`` into ``new`` when only their data differ, else None.

    Datasets are matched by position (Altair names them by a hash of their values) and keyed
    by their names in ``drawn``, the names the browser's Vega view knows them by.

    Parameters
    ----------
    drawn : dict
        The Vega-Lite spec the browser has drawn.
    new : dict
        The Vega-Lite spec to show now.
    sent : mapping, optional
        The change sent last on top of ``drawn``: its datasets are sent again, so each change
        holds every dataset that differs from ``drawn``'s.

    Returns
    -------
    dict or None
        ``{"datasets": {name: rows}, "signals": {name: value}}``, or None when more than the
        data (or ``drawn`` is empty): the whole spec must be drawn.
    """
    if not drawn or _shape(drawn) != _shape(new):
        return None
    before = (sent or {}).get("datasets", {})
    pairs = zip(drawn.get("datasets", {}).items(), new.get("datasets", {}).values(), strict=True)
    datasets = {name: rows for (name, old), rows in pairs if rows != old or name in before}
    return {"datasets": datasets, "signals": signals(new)}


def to_svg(chart: alt.TopLevelMixin | dict) -> str:
    """Render ``chart`` to an SVG string, offline."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(to_spec(chart), vl_version=VEGALITE_VERSION)


def to_png(chart: alt.TopLevelMixin | dict, scale: float = 2.0) -> bytes:
    """Render ``chart`` to PNG bytes, offline (Chinese needs a CJK font installed)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(to_spec(chart), scale=scale, vl_version=VEGALITE_VERSION)


def svg_fragment(svg: str, label: str = "") -> str:
    """Wrap an SVG string for inline display in HTML (responsive, labelled)."""
    aria = f' role="img" aria-label="{_escape(label)}"' if label else ""
    return f'<div class="cx-chart-svg"{aria}>{svg}</div>'


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def enable_offline_renderer() -> None:
    """Make plain ``chart`` display in any notebook render offline as SVG.

    For trainers using Altair in their own notebooks: Altair's ``svg`` renderer
    uses vl-convert, so nothing loads from the internet.
    """
    import altair as alt

    alt.renderers.enable("svg")
