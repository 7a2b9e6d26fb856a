"""Offline chart rendering for the whole course.

Altair's default display loads Vega from a CDN, which shows nothing in a
classroom without internet. The course instead renders every chart to SVG
(or PNG) with vl-convert, whose wheel ships Vega and Vega-Lite, and shows the
SVG inline. Nothing is fetched by the browser.

Rendering runs on one background worker thread, so a page becomes interactive
before Altair (slow to import) and the Vega engine are loaded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
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


def submit(function: Callable[..., Any], *args: Any) -> Future:
    """Run ``function(*args)`` on the chart thread (failures are logged, never lost)."""
    future = executor().submit(function, *args)
    future.add_done_callback(_log_failure)
    return future


def background(function: Callable[..., Any], *args: Any) -> Future:
    """Run ``function(*args)`` on a thread of its own (data loading that must not
    queue behind chart rendering); failures are logged."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(function(*args))
        except BaseException as error:
            future.set_exception(error)

    threading.Thread(target=run, name="cx-load", daemon=True).start()
    future.add_done_callback(_log_failure)
    return future


def _warm() -> None:
    import altair  # noqa: F401  (import cost paid here, not at page start)
    import vl_convert as vlc

    vlc.vegalite_to_svg(
        {"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x"}}},
        vl_version=VEGALITE_VERSION,
    )


def warm_up() -> Future:
    """Start loading Altair and the Vega engine in the background."""
    return submit(_warm)


def wait(timeout: float = 60.0) -> None:
    """Block until every chart submitted so far is rendered (tests, exports)."""
    submit(lambda: None).result(timeout=timeout)


#: Projector-first type scale of chart text, in px (prose on the page is 18 px): axis and
#: legend labels, their titles, chart titles, and text marks (data labels). Chart builders
#: use these instead of literal sizes.
TYPE: dict[str, int] = {"label": 15, "axis_title": 16, "title": 19, "mark": 15, "small": 13}


def style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Return ``chart`` with the course look: CJK fonts, readable sizes, no border.

    Parameters
    ----------
    chart : altair chart
        Any top-level chart that is not configured yet.

    Returns
    -------
    altair chart
        A new chart; ``chart`` is unchanged.
    """
    return (
        chart.configure(font=FONT, background="white")
        .configure_axis(
            labelFontSize=TYPE["label"], titleFontSize=TYPE["axis_title"],
            labelFont=FONT, titleFont=FONT,
        )
        .configure_legend(
            labelFontSize=TYPE["label"], titleFontSize=TYPE["axis_title"],
            labelFont=FONT, titleFont=FONT,
        )
        .configure_title(fontSize=TYPE["title"], font=FONT, anchor="start")
        .configure_text(fontSize=TYPE["mark"], font=FONT)
        .configure_view(stroke=None)
    )


def to_spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The Vega-Lite dict of ``chart`` (styled unless already configured)."""
    if isinstance(chart, dict):
        return chart
    import altair as alt

    if chart.config is alt.Undefined:  # Altair adds a default config to every spec
        chart = style(chart)
    return chart.to_dict(validate=False)


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
