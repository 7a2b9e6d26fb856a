"""The emotion curve the learner draws by dragging points (an anywidget).

The browser side (``static/emotion_curve.js``) draws one column per touchpoint
with the stage bands behind and lets the learner drag points (mouse, pen or
finger) or move them with the arrow keys. It redraws locally and sends the
values here, throttled. This class validates them, computes the peak, valley,
end and most intense moment of every curve with :func:`cxwidgets.journey.peak_end`
and sends those marks back, so the rule lives in Python only. The scale, drag step,
number format, tag colours and label-wrapping rules are sent in the ``config`` trait
(:func:`cxwidgets.journey_style.browser_config`); the browser uses nothing else.

Example
-------
>>> curve = EmotionCurve()
>>> curve.set_data(["咨询", "下单", "安装"], [[1, -3, 4]], series=[{"name": "现在"}])
>>> curve.marks[0]["remembered"]
4.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .. import i18n
from ..journey import TAGS, peak_end
from ..journey_style import PALETTE, SCALE_MAX, SCALE_MIN, browser_config

STATIC = Path(__file__).resolve().parent.parent / "static"

#: Catalogue keys of the texts the browser shows (``texts`` trait).
TEXT_KEYS = {
    "chart": "journey.curve.chart_label",
    "point": "journey.curve.point_label",
    "unset": "journey.curve.unset",
    "peak": "journey.curve.peak",
    "valley": "journey.curve.valley",
    "end": "journey.curve.end",
    "intense": "journey.curve.intense",
    "legend_scores": "journey.curve.legend_scores",
    "scale_top": "journey.curve.scale_top",
    "scale_bottom": "journey.curve.scale_bottom",
    "tag_pain": "journey.tag.pain",
    "tag_delight": "journey.tag.delight",
    "tag_itch": "journey.tag.itch",
}


def _error(message: str) -> traitlets.TraitError:
    return traitlets.TraitError(message)


def compute_marks(values: Sequence[Sequence[float | None]]) -> list[dict[str, Any]]:
    """Peak, valley, end and most intense position of each curve, plus its scores.

    Positions refer to the columns (touchpoints); columns without a value are
    skipped, as if that touchpoint were not part of the curve.

    Parameters
    ----------
    values : list of lists
        One list per curve, ``None`` where a touchpoint has no value.

    Returns
    -------
    list of dict
        Per curve ``{"peak", "valley", "end", "intense", "remembered", "average"}``
        (``{}`` for a curve with no values).
    """
    marks: list[dict[str, Any]] = []
    for row in values:
        columns = [i for i, v in enumerate(row) if v is not None]
        if not columns:
            marks.append({})
            continue
        result = peak_end([row[i] for i in columns])
        marks.append(
            {
                "peak": columns[result.peak_index],
                "valley": columns[result.valley_index],
                "end": columns[result.end_index],
                "intense": columns[result.intense_index],
                "remembered": result.remembered,
                "average": result.average,
            }
        )
    return marks


class EmotionCurve(anywidget.AnyWidget):
    """Draggable emotion curves over touchpoints, with stage bands and peak-end marks.

    Traits (synced with the browser)
    --------------------------------
    labels : list of str
        Touchpoint names, one column each.
    tags : list of str
        Tag per column (``none``, ``pain``, ``delight``, ``itch``), or empty.
    bands : list of dict
        Stages ``{"name", "start", "end"}`` over column positions (end exclusive).
    series : list of dict
        Curves ``{"id", "name", "colour", "editable", "dashed", "marks"}`` (``marks``:
        draw its peak/valley/end badges).
    values : list of list
        Per curve, per column: a number in -5..+5 or ``None``.
    marks : list of dict
        Computed here from ``values`` (read-only for the browser).
    texts : dict
        Translated texts the browser shows; refreshed on a language switch.
    active : int
        Index of the series drawn on top (grabbed first where dots coincide).
    config : dict
        Display rules from :func:`cxwidgets.journey_style.browser_config`: scale
        ``min``/``max``, drag ``step``, ``tag_colours``, ``number`` format and ``wrap`` rules.
    sync_ms : int
        Minimum interval between value updates sent while dragging.
    """

    _esm = STATIC / "emotion_curve.js"
    _css = STATIC / "emotion_curve.css"

    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    tags = traitlets.List(traitlets.Unicode()).tag(sync=True)
    bands = traitlets.List(traitlets.Dict()).tag(sync=True)
    series = traitlets.List(traitlets.Dict()).tag(sync=True)
    values = traitlets.List(traitlets.List()).tag(sync=True)
    marks = traitlets.List(traitlets.Dict()).tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)
    active = traitlets.Int(0).tag(sync=True)
    config = traitlets.Dict().tag(sync=True)
    sync_ms = traitlets.Int(60).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("config", browser_config())
        super().__init__(**kwargs)
        self.add_class("cx-emotion-curve")
        self._refresh_texts()
        self._unsubscribe = i18n.on_change(self._refresh_texts)
        self.marks = compute_marks(self.values)

    # ----------------------------------------------------------- validation
    @traitlets.validate("values")
    def _valid_values(self, proposal: dict[str, Any]) -> list[list[float | None]]:
        rows = proposal["value"]
        count = len(self.labels)
        checked: list[list[float | None]] = []
        for s, row in enumerate(rows):
            if len(row) != count:
                message = f"values[{s}] has {len(row)} entries, expected {count} (one per label)"
                raise _error(message)
            clean: list[float | None] = []
            for i, value in enumerate(row):
                if value is None:
                    clean.append(None)
                    continue
                if isinstance(value, bool) or not isinstance(value, numbers.Real):
                    message = f"values[{s}][{i}] must be a number or None, got {value!r}"
                    raise _error(message)
                number = float(value)
                if math.isnan(number) or not SCALE_MIN <= number <= SCALE_MAX:
                    scale = f"{SCALE_MIN:g}..{SCALE_MAX:g}"
                    message = f"values[{s}][{i}] = {value!r} is outside {scale}"
                    raise _error(message)
                clean.append(number)
            checked.append(clean)
        if self.series and len(checked) != len(self.series):
            message = f"{len(checked)} value rows for {len(self.series)} series"
            raise _error(message)
        return checked

    @traitlets.validate("tags")
    def _valid_tags(self, proposal: dict[str, Any]) -> list[str]:
        tags = proposal["value"]
        bad = [tag for tag in tags if tag not in TAGS]
        if bad:
            message = f"unknown tags {bad}; allowed: {TAGS}"
            raise _error(message)
        if tags and len(tags) != len(self.labels):
            message = f"{len(tags)} tags for {len(self.labels)} labels"
            raise _error(message)
        return tags

    @traitlets.validate("bands")
    def _valid_bands(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        previous_end = 0
        for b, band in enumerate(proposal["value"]):
            start, end = band.get("start"), band.get("end")
            if not isinstance(start, int) or not isinstance(end, int):
                message = f"bands[{b}] needs integer start and end"
                raise _error(message)
            if start < previous_end or end < start or end > len(self.labels):
                count = len(self.labels)
                message = f"bands[{b}] ({start}..{end}) overlaps or leaves the {count} columns"
                raise _error(message)
            previous_end = end
        return proposal["value"]

    @traitlets.validate("series")
    def _valid_series(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for s, info in enumerate(proposal["value"]):
            colour = str(info.get("colour") or PALETTE[s % len(PALETTE)])
            if not (len(colour) == 7 and colour.startswith("#")):
                message = f"series[{s}] colour {colour!r} is not #rrggbb"
                raise _error(message)
            out.append(
                {
                    "id": str(info.get("id") or f"c{s + 1}"),
                    "name": str(info.get("name") or ""),
                    "colour": colour,
                    "editable": bool(info.get("editable", True)),
                    "dashed": bool(info.get("dashed", False)),
                    "marks": bool(info.get("marks", True)),
                }
            )
        return out

    @traitlets.validate("config")
    def _valid_config(self, proposal: dict[str, Any]) -> dict[str, Any]:
        config = proposal["value"]
        missing = sorted(set(browser_config()) - set(config))
        if missing:
            message = f"config lacks {missing} (see journey_style.browser_config)"
            raise _error(message)
        if not 0 < float(config["step"]) <= 1:
            message = f"config step must be in (0, 1], got {config['step']}"
            raise _error(message)
        return config

    @traitlets.observe("values")
    def _values_changed(self, change: dict[str, Any]) -> None:
        self.marks = compute_marks(change["new"])

    # ----------------------------------------------------------- python API
    def set_data(
        self,
        labels: Sequence[str],
        values: Sequence[Sequence[float | None]],
        series: Sequence[dict[str, Any]] | None = None,
        bands: Sequence[dict[str, Any]] = (),
        tags: Sequence[str] = (),
    ) -> None:
        """Replace everything at once (validated together, sent in one message).

        Parameters
        ----------
        labels : sequence of str
            Touchpoint names.
        values : sequence of sequences
            One row per series, one value (or ``None``) per label.
        series : sequence of dict, optional
            ``{"id", "name", "colour", "editable", "dashed"}`` per row; default one
            editable series per row.
        bands : sequence of dict
            Stage bands ``{"name", "start", "end"}``.
        tags : sequence of str
            Tag per label, or empty.
        """
        rows = [list(row) for row in values]
        if series is None:
            series = [{"id": f"c{s + 1}", "name": ""} for s in range(len(rows))]
        with self.hold_sync(), self.hold_trait_notifications():
            self.labels = [str(label) for label in labels]
            self.tags = list(tags)
            self.bands = [dict(band) for band in bands]
            self.series = [dict(info) for info in series]
            self.values = rows

    def set_series_values(self, index: int, row: Sequence[float | None]) -> None:
        """Replace one curve's values (e.g. after the learner edits a number)."""
        rows = [list(r) for r in self.values]
        rows[index] = list(row)
        self.values = rows

    def on_values(self, callback: Callable[[list[list[float | None]]], None]) -> None:
        """Call ``callback(values)`` after each validated change of the values."""
        self.observe(lambda change: callback(change["new"]), names="values")

    def _refresh_texts(self, _language: str | None = None) -> None:
        self.texts = {name: i18n.t(key) for name, key in TEXT_KEYS.items()}

    def close(self) -> None:
        """Stop following language switches and close the widget."""
        self._unsubscribe()
        super().close()
