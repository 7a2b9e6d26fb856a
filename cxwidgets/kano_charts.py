"""Chart builders for KANO results (render with :mod:`cxwidgets.charts`).

The Better-Worse chart is written as a Vega-Lite dict directly, without Altair
(:func:`better_worse_spec`): one builder for the page, which redraws it on every segment
change, and for pictures and reports (``charts.to_svg`` / ``charts.to_png`` take the dict).
The category mix (:func:`category_mix`) is a dict too: lecture 03 never loads Altair.

Feature names on the Better-Worse chart are placed by :func:`label_layout`, which keeps
them off each other, off the points and off the quadrant names: a name goes next to its
point where there is room, further out with a leader line where there is not, and as a
number listed under the chart when no place is free.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import i18n
from .charts import PALETTE, layer, tooltip, vegalite
from .kano import CATEGORIES
from .kano_html import feature_label

if TYPE_CHECKING:
    import pandas as pd

LABEL_SIZE = 12
QUADRANT_SIZE = 14
POINT_RADIUS = 6.0
#: Gap between a point and its label, in pixels.
GAP = 4.0
#: How far (in multiples of the first ring) a label may move away from its point.
RINGS = (1.0, 2.2, 3.6)
#: Directions tried around a point, best first: right, left, above, below, the diagonals.
DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))
#: Alignments of the feature names, one text layer each (always all three).
SIDES = ("left", "right", "center")


@dataclass(frozen=True)
class Box:
    """A rectangle in chart pixels (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """A generous estimate of the drawn width of ``text`` in pixels.

    Wide (CJK) characters take a full em, Latin capitals 0.7 em, everything else 0.6 em:
    wider than the CJK font stack draws them, so estimated boxes that do not overlap mean
    drawn text that does not overlap.
    """
    width = 0.0
    for char in str(text):
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif char.isupper():
            width += 0.7
        else:
            width += 0.6
    return width * size


def _label_box(
    px: float, py: float, direction: tuple[int, int], ring: float, w: float, h: float
) -> Box:
    dx, dy = direction
    reach = POINT_RADIUS + GAP * ring + (ring - 1.0) * h
    cx = px + dx * (reach + w / 2) if dx else px
    cy = py + dy * (reach + h / 2) if dy else py
    return Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def label_layout(
    x: Sequence[float],
    y: Sequence[float],
    texts: Sequence[str],
    width: float,
    height: float,
    obstacles: Sequence[Box] = (),
    size: float = LABEL_SIZE,
    measure: Callable[[str, float], float] = text_width,
) -> list[dict[str, object]]:
    """Place one label per point so that no two labels, points or obstacles overlap.

    Parameters
    ----------
    x, y : sequence of float
        Point positions in data units, both axes 0..1 (y upwards).
    texts : sequence of str
        The label of each point.
    width, height : float
        Size of the plotting area in pixels.
    obstacles : sequence of Box
        Areas labels must avoid (e.g. the quadrant names), in pixels.
    size : float
        Font size of the labels.
    measure : callable
        ``measure(text, size) -> width in pixels``.

    Returns
    -------
    list of dict
        Per point, in input order: ``placed`` (bool), ``box`` (:class:`Box` in pixels,
        or the number's box when not placed), ``align`` (``left``, ``right`` or
        ``center``: the label is right of, left of, or above/below its point), ``lx`` / ``ly``
        (the text anchor for that alignment and the vertical middle, data units), ``leader`` (draw a
        line from the point: the label moved away from it), ``bx`` / ``by`` (where that
        line meets the label, data units) and ``number`` (1-based, for labels listed
        under the chart instead; 0 when placed).
    """
    h = size * 1.25
    pixels = [(float(a) * width, (1.0 - float(b)) * height) for a, b in zip(x, y, strict=True)]
    points = [
        Box(px - POINT_RADIUS, py - POINT_RADIUS, px + POINT_RADIUS, py + POINT_RADIUS)
        for px, py in pixels
    ]
    taken: list[Box] = [*obstacles, *points]
    results: list[dict[str, object]] = [{} for _ in pixels]
    # Points with the least room first: those with the most neighbours nearby.
    def crowd(index: int) -> float:
        px, py = pixels[index]
        return -sum(1 for qx, qy in pixels if abs(qx - px) < 80 and abs(qy - py) < 30)

    order = sorted(range(len(pixels)), key=crowd)
    unplaced: list[int] = []
    for index in order:
        px, py = pixels[index]
        found = _first_free(px, py, measure(str(texts[index]), size), h, width, height, taken)
        if found is None:
            unplaced.append(index)
            continue
        box, ring, direction = found
        taken.append(box)
        results[index] = {
            "placed": True, "box": box, "leader": ring != RINGS[0], "number": 0,
            "align": ("center", "left", "right")[direction[0]],
        }
    for number, index in enumerate(sorted(unplaced), start=1):
        px, py = pixels[index]
        w = measure(str(number), size)
        found = _first_free(px, py, w, h, width, height, taken)
        box, direction = (found[0], found[2]) if found else (_label_box(px, py, (1, 0), RINGS[0], w, h), (1, 0))
        taken.append(box)
        results[index] = {
            "placed": False, "box": box, "leader": False, "number": number,
            "align": ("center", "left", "right")[direction[0]],
        }
    for (px, py), result in zip(pixels, results, strict=True):
        box = result["box"]
        assert isinstance(box, Box)
        anchor = {"left": box.left, "right": box.right, "center": (box.left + box.right) / 2}
        result["lx"] = anchor[str(result["align"])] / width
        result["ly"] = 1.0 - (box.top + box.bottom) / 2 / height
        end_x = box.right if box.right < px else box.left if box.left > px else (box.left + box.right) / 2
        end_y = (box.top + box.bottom) / 2
        if box.left <= px <= box.right:
            end_y = box.bottom if box.bottom < py else box.top
        result["bx"], result["by"] = end_x / width, 1.0 - end_y / height
    return results


def _first_free(
    px: float, py: float, w: float, h: float, width: float, height: float, taken: list[Box]
) -> tuple[Box, float, tuple[int, int]] | None:
    """The first free box around a point (ring by ring, direction by direction)."""
    for ring in RINGS:
        for direction in DIRECTIONS:
            box = _label_box(px, py, direction, ring, w, h)
            if box.inside(width, height) and not any(box.overlaps(other) for other in taken):
                return box, ring, direction
    return None


def _quadrant_rows(divider: float, language: str | None) -> list[dict[str, object]]:
    """The four quadrants: extent, name, where the name goes (``tx``, ``ty``, ``align``)."""

    def name(code: str) -> str:
        return i18n.t(f"kano.chart.quadrant.{code}", language)

    return [
        {"x": 0, "x2": divider, "y": divider, "y2": 1, "name": name("A"),
         "tx": 0.02, "ty": 0.97, "align": "left", "code": "A"},
        {"x": divider, "x2": 1, "y": divider, "y2": 1, "name": name("O"),
         "tx": 0.98, "ty": 0.97, "align": "right", "code": "O"},
        {"x": divider, "x2": 1, "y": 0, "y2": divider, "name": name("M"),
         "tx": 0.98, "ty": 0.03, "align": "right", "code": "M"},
        {"x": 0, "x2": divider, "y": 0, "y2": divider, "name": name("I"),
         "tx": 0.02, "ty": 0.03, "align": "left", "code": "I"},
    ]


def _quadrant_boxes(quadrants: Sequence[dict], width: float, height: float) -> list[Box]:
    """Where the quadrant names are drawn, in pixels (rows of :func:`_quadrant_rows`)."""
    boxes = []
    h = QUADRANT_SIZE * 1.3
    for row in quadrants:
        w = text_width(row["name"], QUADRANT_SIZE) * 1.05  # bold
        x, y = row["tx"] * width, (1 - row["ty"]) * height
        left = x if row["align"] == "left" else x - w
        boxes.append(Box(left, y - h / 2, left + w, y + h / 2))
    return boxes


def _point_tips(language: str | None, counted: bool) -> list[dict[str, str]]:
    """What hovering a feature's point shows: its name, category, Better, |Worse|, counts.

    Better and |Worse| have two decimals, as in the results table; ``counted`` adds the
    answers in the feature's category and all its answers (fields ``top`` and ``n``).
    """

    def tip(field: str, kind: str, key: str, form: str | None = None) -> dict[str, str]:
        return tooltip(field, i18n.t(key, language), kind, form)

    tips = [
        tip("feature", "nominal", "kano.survey.col.feature"),
        tip("category", "nominal", "kano.chart.category"),
        tip("y", "quantitative", "kano.chart.y", ".2f"),
        tip("x", "quantitative", "kano.chart.x", ".2f"),
    ]
    if counted:
        tips += [
            tip("top", "quantitative", "kano.chart.tip.top", ",d"),
            tip("n", "quantitative", "kano.chart.tip.answers", ",d"),
        ]
    return tips


def _unit(field: str, title: str | None = None) -> dict[str, object]:
    """A quantitative x or y encoding on the fixed 0..1 scale of the Better-Worse chart."""
    encoding: dict[str, object] = {
        "field": field, "scale": {"domain": [0, 1], "nice": False}, "type": "quantitative",
    }
    return {**encoding, "title": title} if title is not None else encoding


def _point_rows(
    summary: pd.DataFrame, labels: dict[str, str] | None, language: str | None
) -> tuple[list[dict[str, object]], bool]:
    """One row per feature with scores (x = |Worse|, y = Better); whether counted.

    Features without scores (no answer) are left out; ``counted`` when ``summary`` is a
    summary of answers (not hand-made scores): the rows then say how many answers.
    """
    counted = {"n", *CATEGORIES} <= set(summary.columns)
    codes = summary["category"].tolist()
    columns: dict[str, list] = {
        "feature": [
            labels.get(f, f) if labels is not None else feature_label(f, language)
            for f in summary["feature"]
        ],
        "x": [abs(float(value)) for value in summary["worse"]],
        "y": [float(value) for value in summary["better"]],
        "category": [i18n.t(f"kano.category.{c}", language) for c in codes],
        "code": codes,
    }
    if counted:
        columns["n"] = [int(value) for value in summary["n"]]
        columns["top"] = [int(summary.at[i, c]) for i, c in zip(summary.index, codes, strict=True)]
    rows = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    return [row for row in rows if row["x"] == row["x"] and row["y"] == row["y"]], counted


def _placed(
    rows: list[dict[str, object]], quadrants: list[dict[str, object]], width: int, height: int
) -> list[dict[str, object]]:
    """Add each name's place (:func:`label_layout`) to ``rows``; the layout of each."""
    layout = label_layout(
        [row["x"] for row in rows], [row["y"] for row in rows], [row["feature"] for row in rows],
        width, height, obstacles=_quadrant_boxes(quadrants, width, height),
    )
    for row, item in zip(rows, layout, strict=True):
        number = int(item["number"])
        row.update(lx=item["lx"], ly=item["ly"], number=number, bx=item["bx"], by=item["by"],
                   text=str(number) if number else row["feature"])
    return layout


def _listing_rows(rows: list[dict[str, object]], language: str | None) -> list[dict[str, object]]:
    """The numbered names listed under the chart (a heading first); empty when none."""
    numbered = sorted((row for row in rows if row["number"]), key=lambda row: row["number"])
    if not numbered:
        return []
    lines = [i18n.t("kano.chart.legend", language)]
    lines += [f"{row['number']}  {row['feature']}" for row in numbered]
    return [{"row": index, "line": line} for index, line in enumerate(lines)]


def _colour(codes: list[str], language: str | None) -> dict[str, object]:
    """The points' colour: their category, in the course palette, with a legend."""
    return {
        "field": "category",
        "scale": {"domain": [i18n.t(f"kano.category.{c}", language) for c in codes],
                  "range": [PALETTE[c] for c in codes]},
        "title": i18n.t("kano.chart.category", language),
        "type": "nominal",
    }


def _better_worse_layers(codes: list[str], counted: bool, language: str | None) -> list[dict]:
    """The layers of the Better-Worse chart, reading the datasets of :func:`better_worse_spec`."""
    x_title, y_title = i18n.t("kano.chart.x", language), i18n.t("kano.chart.y", language)
    quadrant = {"type": "text", "baseline": "middle", "fontSize": QUADRANT_SIZE,
                "fontWeight": "bold", "opacity": 0.55}
    divider = {"type": "rule", "color": "#888", "strokeDash": [4, 4]}
    background = {"field": "code", "legend": None, "type": "nominal",
                  "scale": {"domain": list("AOMI"), "range": [PALETTE[c] for c in "AOMI"]}}
    return [
        layer("kano-quadrants", {"type": "rect", "opacity": 0.07}, color=background,
              x=_unit("x", x_title), x2={"field": "x2"}, y=_unit("y", y_title), y2={"field": "y2"}),
        *(layer(f"kano-quadrants-{side}", {**quadrant, "align": side},
                text={"field": "name", "type": "nominal"}, x=_unit("tx"), y=_unit("ty"))
          for side in ("left", "right")),
        layer("kano-divider", divider, x=_unit("v")),
        layer("kano-divider", dict(divider), y=_unit("v")),
        layer("kano-leaders", {"type": "rule", "color": "#8a94a0", "strokeWidth": 0.8},
              x=_unit("x"), y=_unit("y"), x2={"field": "bx"}, y2={"field": "by"}),
        layer("kano-points", {"type": "circle", "opacity": 0.9, "size": 110},
              color=_colour(codes, language), tooltip=_point_tips(language, counted),
              x=_unit("x"), y=_unit("y")),
        *(layer(f"kano-names-{side}",
                {"type": "text", "align": side, "baseline": "middle", "fontSize": LABEL_SIZE},
                text={"field": "text", "type": "nominal"}, x=_unit("lx"), y=_unit("ly"))
          for side in SIDES),
    ]


def better_worse_spec(
    summary: pd.DataFrame,
    labels: dict[str, str] | None = None,
    title: str | None = None,
    divider: float = 0.5,
    width: int = 560,
    height: int = 420,
    language: str | None = None,
) -> dict:
    """Better (y) against |Worse| (x) with the four labelled quadrants, as a Vega-Lite dict.

    Written directly, without Altair (about a hundred times faster than building it with
    Altair and ``to_dict``): the page's chart thread sends it on every segment change, and
    pictures and reports render it (``charts.to_svg`` / ``charts.to_png``). Per feature,
    Better = (A + O) / (A + O + M + I) and |Worse| = (O + M) / (A + O + M + I)
    (:func:`cxwidgets.kano.summarize`). Its datasets have fixed names and every layer is there
    whatever the data, so two charts of different segments differ only in their data
    (:func:`cxwidgets.charts.data_change`) unless the set of categories or the numbered list
    under the chart changes.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`cxwidgets.kano.summarize` (one row per feature).
    labels : dict, optional
        Display name per feature; default :func:`cxwidgets.kano_html.feature_label`.
    title : str, optional
        Chart title.
    divider : float
        Where the quadrants split on both axes (0.5 by convention).
    width, height : int
        Size of the plotting area in pixels.
    language : str, optional
        Language of the texts (default: the active one).

    Returns
    -------
    dict
        A new Vega-Lite spec with the course look (:func:`cxwidgets.charts.vegalite`):
        quadrant backgrounds and names, one point per feature coloured by its category (with
        a tooltip) and the feature names placed without overlaps (:func:`label_layout`);
        a ``vconcat`` with a numbered list under the chart when some names found no room.
    """
    rows, counted = _point_rows(summary, labels, language)
    quadrants = _quadrant_rows(divider, language)
    layout = _placed(rows, quadrants, width, height)
    leader_rows = [dict(row) for row, item in zip(rows, layout, strict=True) if item["leader"]]
    for row, item in zip(rows, layout, strict=True):
        row["align"] = item["align"]
    present = {row["code"] for row in rows}
    datasets = {
        "kano-quadrants": quadrants,
        **{f"kano-quadrants-{side}": [q for q in quadrants if q["align"] == side]
           for side in ("left", "right")},
        "kano-divider": [{"v": divider}],
        "kano-leaders": leader_rows,
        "kano-points": rows,
        **{f"kano-names-{side}": [row for row in rows if row["align"] == side] for side in SIDES},
    }
    chart: dict[str, object] = {
        "layer": _better_worse_layers([c for c in CATEGORIES if c in present], counted, language),
        "width": width, "height": height, "resolve": {"scale": {"color": "independent"}},
    }
    if title:
        chart["title"] = title
    listing = _listing_rows(rows, language)
    if not listing:
        return vegalite(chart, datasets)
    datasets["kano-numbered"] = listing
    view = layer("kano-numbered",
                 {"type": "text", "align": "left", "baseline": "middle", "fontSize": LABEL_SIZE},
                 text={"field": "line", "type": "nominal"}, x={"value": 0},
                 y={"axis": None, "field": "row", "type": "ordinal"})
    view.update(height={"step": LABEL_SIZE + 6}, width=width)
    return vegalite({"vconcat": [chart, view], "spacing": 8}, datasets)


def category_mix(
    summary: pd.DataFrame,
    labels: dict[str, str] | None = None,
    width: int = 560,
    language: str | None = None,
) -> dict:
    """Stacked horizontal bars: the share of each category among a feature's answers.

    Written as a Vega-Lite dict directly, like :func:`better_worse_spec`: the page draws it
    beside the Better-Worse chart on every segment change, and a page whose charts are all
    dicts never loads Altair.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`cxwidgets.kano.summarize` (one row per feature).
    labels : dict, optional
        Display name per feature; default :func:`cxwidgets.kano_html.feature_label`.
    width : int
        Width in pixels.
    language : str, optional
        Language of the texts (default: the active one).

    Returns
    -------
    dict
        The Vega-Lite spec, data included (dataset ``mix``: one row per feature and category
        with ``count`` and ``share``, the count over the feature's answers).
    """
    names = {code: i18n.t(f"kano.category.{code}", language) for code in CATEGORIES}
    rows = []
    for record in summary.to_dict("records"):
        counts = {code: int(record.get(code, 0) or 0) for code in CATEGORIES}
        total = sum(counts.values())
        feature = record["feature"]
        name = labels.get(feature, feature) if labels is not None else feature_label(feature, language)
        rows += [
            {"feature": name, "code": code, "count": count,
             "share": count / total if total else 0.0, "category": names[code], "order": order}
            for order, (code, count) in enumerate(counts.items())
        ]
    share = i18n.t("kano.chart.share", language)
    category = i18n.t("kano.chart.category", language)
    bars = layer(
        "mix", {"type": "bar"},
        y={"field": "feature", "type": "nominal", "sort": None, "title": None},
        x={"field": "count", "type": "quantitative", "stack": "normalize", "title": share,
           "axis": {"format": "%"}},
        color={"field": "category", "type": "nominal", "title": category,
               "scale": {"domain": list(names.values()),
                         "range": [PALETTE[code] for code in CATEGORIES]}},
        order={"field": "order", "type": "quantitative"},
        tooltip=[
            tooltip("feature", i18n.t("kano.survey.col.feature", language), "nominal"),
            tooltip("category", category, "nominal"),
            tooltip("count", i18n.t("kano.chart.tip.answers", language), number_format=",d"),
            tooltip("share", share, number_format=".0%"),
        ],
    )
    return vegalite({**bars, "width": width, "height": {"step": 24}}, {"mix": rows})
