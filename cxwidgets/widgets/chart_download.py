"""A button that saves a chart as a picture (PNG or SVG) drawn by the learner's browser.

The kernel only sends the chart's Vega-Lite spec; the browser renders it with the Vega the page
already loaded for its charts (the cx template's ``static/vega.js``, see
``widgets.common.ChartView``) and saves the file (``static/chart_download.js``). The kernel
imports the export engine (vl-convert, :func:`cxwidgets.charts.to_png`) only as a fallback:
when the browser has no Vega, or when drawing there failed.

Messages on the widget's channel::

    browser -> kernel  {"event": "request", "browser": true|false}   a click (Vega loaded or not)
    kernel -> browser  {"event": "spec", "spec", "filename", "format", "scale"}
                       {"event": "file", "filename", "mime"} + the bytes (kernel fallback)
                       {"event": "error"}                           (the status says why)
    browser -> kernel  {"event": "saved"}                           the browser saved the file
                       {"event": "failed", "error"}                 drawing failed: use the kernel
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import traitlets

from .. import charts, i18n
from ..errors import CXError
from .common import esm, log, translate
from .stylesheet import CourseWidget

MIMES = {"png": "image/png", "svg": "image/svg+xml"}


class ChartDownload(CourseWidget):
    """Save a chart as PNG or SVG, rendered in the browser (the kernel only as a fallback).

    Parameters
    ----------
    label_key : str
        Catalogue key of the button text.
    filename : str or callable
        The name the browser saves under (a callable is asked on each click).
    format : {"png", "svg"}
        The picture's format.
    spec : callable
        ``spec() -> dict``: the chart's Vega-Lite spec, styled (``charts.to_spec``); a CXError
        it raises is shown next to the button.
    name : str
        Adds the CSS class ``cx-download-<name>`` to the button.
    scale : float
        Pixels per chart pixel of a PNG.
    on_saved : callable, optional
        Called (no arguments) once the file was handed to the learner.
    """

    _esm = esm("vega_loader.js", "chart_download.js")
    label = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    name = traitlets.Unicode("download").tag(sync=True)

    def __init__(
        self,
        label_key: str,
        filename: str | Callable[[], str],
        format: str,
        spec: Callable[[], dict],
        *,
        name: str = "download",
        scale: float = 2.0,
        on_saved: Callable[[], Any] | None = None,
    ) -> None:
        if format not in MIMES:
            message = f"format must be one of {sorted(MIMES)}, not {format!r}"
            raise ValueError(message)
        super().__init__(name=name)
        self.filename = filename
        self.format = format
        self.spec = spec
        self.scale = scale
        self.on_saved = on_saved
        translate(self, "label", label_key)
        self.on_msg(self._handle)

    def _name(self) -> str:
        return self.filename() if callable(self.filename) else self.filename

    def _handle(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        event = content.get("event")
        if event == "request":
            self._request(in_browser=bool(content.get("browser")))
        elif event == "saved":
            self.status = ""
            self._saved()
        elif event == "failed":
            log.warning("picture failed in the browser (%s); rendering it in the kernel",
                        content.get("error"))
            self._request(in_browser=False)

    def _request(self, in_browser: bool) -> None:
        """Answer a click: the spec for the browser, or the file rendered here."""
        try:
            spec = self.spec()
            if in_browser:
                self.status = ""
                self.send({"event": "spec", "spec": spec, "filename": self._name(),
                           "format": self.format, "scale": self.scale})
                return
            payload = self.render(spec)
        except CXError as exc:
            self.status = exc.message()
            self.send({"event": "error"})
            return
        except Exception:
            log.error("picture failed:\n%s", traceback.format_exc())
            self.status = i18n.t("common.error.unexpected")
            self.send({"event": "error"})
            return
        self.status = ""
        self.send({"event": "file", "filename": self._name(), "mime": MIMES[self.format]},
                  buffers=[payload])
        self._saved()

    def render(self, spec: dict) -> bytes:
        """The picture rendered in the kernel with vl-convert (the fallback path)."""
        if self.format == "png":
            return charts.to_png(spec, scale=self.scale)
        return charts.to_svg(spec).encode("utf-8")

    def _saved(self) -> None:
        if self.on_saved is not None:
            self.on_saved()
