"""Chart builders of lecture 08 (render with :mod:`cxwidgets.charts`).

Every builder returns a new Vega-Lite dict, written directly rather than with Altair (see
:func:`cxwidgets.charts.vegalite`): the page draws four of them as soon as it is shown, and a
page whose charts are all dicts never loads Altair (~45 MB and its import time per learner).
Texts come from the catalogue in the language asked for.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import i18n
from .charts import PALETTE, TYPE, layer, tooltip, vegalite
from .nps_html import segment_text, touchpoint_label

CLASS_COLOURS = {"detractor": PALETTE["negative"], "passive": PALETTE["neutral"],
                 "promoter": PALETTE["positive"]}
QUADRANT_COLOURS = {"concentrate": PALETTE["negative"], "keep": PALETTE["positive"],
                    "low_priority": PALETTE["neutral"], "overkill": PALETTE["Q"]}


def _class_of(answer: int) -> str:
    return "promoter" if answer >= 9 else "passive" if answer >= 7 else "detractor"


def distribution(counts: Sequence[int], title: str = "", language: str | None = None) -> dict:
    """Bars of the 0-10 answers coloured by detractor / passive / promoter."""
    names = {c: i18n.t(f"nps.class.{c}", language) for c in CLASS_COLOURS}
    rows = [{"answer": answer, "count": int(count), "class": names[_class_of(answer)]}
            for answer, count in enumerate(counts)]
    answer, count = i18n.t("nps.chart.answer", language), i18n.t("nps.chart.count", language)
    bars = layer(
        "answers", {"type": "bar"},
        x={"field": "answer", "type": "ordinal", "title": answer, "axis": {"labelAngle": 0}},
        y={"field": "count", "type": "quantitative", "title": count,
           "axis": {"format": "d", "tickMinStep": 1}},
        color={"field": "class", "type": "nominal", "title": None,
               "scale": {"domain": list(names.values()), "range": list(CLASS_COLOURS.values())},
               "legend": {"orient": "top", "labelLimit": 360}},
        tooltip=[tooltip("answer", answer, "ordinal"), tooltip("count", count)],
    )
    body = {**bars, "width": 520, "height": 220}
    return vegalite({**body, "title": title} if title else body, {"answers": rows})


def segments(rows: Sequence[Mapping[str, Any]], column: str, language: str | None = None) -> dict:
    """Each segment's NPS with its 95% interval (points and error bars); small ones grey."""
    data = [{"segment": segment_text(column, r["segment"], language), "nps": r["nps"],
             "low": max(-100.0, r["nps"] - r["moe"]), "high": min(100.0, r["nps"] + r["moe"]),
             "n": r["n"], "state": i18n.t("nps.segments.state." + _state(r), language)}
            for r in rows]
    states = [i18n.t(f"nps.segments.state.{s}", language) for s in ("significant", "plain", "small")]
    colour = {"field": "state", "type": "nominal", "title": None,
              "legend": {"orient": "top", "labelLimit": 360},
              "scale": {"domain": states,
                        "range": [PALETTE["negative"], PALETTE["positive"], PALETTE["neutral"]]}}
    y = {"field": "segment", "type": "nominal", "title": None, "sort": None}
    x_title = i18n.t("nps.chart.nps", language)
    bars = layer(
        "segments", {"type": "rule", "strokeWidth": 3}, y=y, color=colour,
        x={"field": "low", "type": "quantitative", "title": x_title,
           "scale": {"domain": [-100, 100]}, "axis": {"values": [-100, -50, 0, 50, 100]}},
        x2={"field": "high"},
    )
    points = layer(
        "segments", {"type": "point", "filled": True, "size": 90}, y=y, color=colour,
        x={"field": "nps", "type": "quantitative"},
        tooltip=[tooltip("segment", None, "nominal"),
                 tooltip("nps", x_title, number_format=".1f"), tooltip("n", "n")],
    )
    return vegalite({"layer": [bars, points], "width": 480, "height": {"step": 34}},
                    {"segments": data})


def _state(row: Mapping[str, Any]) -> str:
    if row.get("small"):
        return "small"
    return "significant" if row.get("significant") else "plain"


def drivers(result: Mapping[str, Any], language: str | None = None) -> dict:
    """Each touchpoint's Spearman rho with its bootstrap 95% interval, strongest first."""
    rows = sorted(
        ({"touchpoint": touchpoint_label(tp, language), "rho": rho,
          "low": result["low"].get(tp), "high": result["high"].get(tp),
          "top": result["top_share"].get(tp, 0.0)}
         for tp, rho in result["rho"].items() if rho is not None and rho == rho),
        key=lambda row: -row["rho"],
    )
    title = i18n.t("nps.chart.rho", language)
    y = {"field": "touchpoint", "type": "nominal", "title": None,
         "sort": [row["touchpoint"] for row in rows]}
    bars = layer(
        "drivers", {"type": "bar", "color": PALETTE["positive"], "opacity": 0.75}, y=y,
        x={"field": "rho", "type": "quantitative", "title": title,
           "scale": {"domain": [-0.3, 1], "clamp": True}},
        tooltip=[tooltip("touchpoint", None, "nominal"),
                 tooltip("rho", title, number_format=".2f"),
                 tooltip("low", i18n.t("nps.chart.low", language), number_format=".2f"),
                 tooltip("high", i18n.t("nps.chart.high", language), number_format=".2f"),
                 tooltip("top", i18n.t("nps.chart.top", language), number_format=".0%")],
    )
    rules = layer("drivers", {"type": "rule", "color": "#1d2733", "strokeWidth": 2}, y=y,
                  x={"field": "low", "type": "quantitative"}, x2={"field": "high"})
    return vegalite({"layer": [bars, rules], "width": 460, "height": {"step": 32}},
                    {"drivers": rows})


def ipa(rows: Sequence[Mapping[str, Any]], language: str | None = None) -> dict:
    """Importance-performance matrix: rho (x) against mean satisfaction (y), quadrant lines."""
    data = [{"touchpoint": touchpoint_label(r["touchpoint"], language),
             "importance": r["importance"], "performance": r["performance"],
             "quadrant": i18n.t(f"nps.quadrant.{r['quadrant']}", language)} for r in rows]
    if data:
        offsets = _label_offsets([r["importance"] for r in data], [r["performance"] for r in data])
        for row, offset in zip(data, offsets, strict=True):
            row["dy"] = offset
    means = [{axis: _mean(r[field] for r in data)
              for axis, field in (("x", "importance"), ("y", "performance"))}]
    domain = [i18n.t(f"nps.quadrant.{q}", language) for q in QUADRANT_COLOURS]
    importance, performance = (i18n.t(f"nps.chart.{key}", language)
                               for key in ("importance", "performance"))
    x = {"field": "importance", "type": "quantitative", "title": importance}
    y = {"field": "performance", "type": "quantitative", "title": performance,
         "scale": {"zero": False}}
    points = layer(
        "touchpoints", {"type": "point", "filled": True, "size": 110}, x=x, y=y,
        color={"field": "quadrant", "type": "nominal", "title": None,
               "legend": {"orient": "top", "columns": 2, "labelLimit": 360},
               "scale": {"domain": domain, "range": list(QUADRANT_COLOURS.values())}},
        tooltip=[tooltip("touchpoint", None, "nominal"),
                 tooltip("importance", importance, number_format=".2f"),
                 tooltip("performance", performance, number_format=".2f")],
    )
    text = {"field": "touchpoint", "type": "nominal"}

    def names(where: str, dy: int) -> dict:
        mark = {"type": "text", "align": "left", "dx": 8, "dy": dy, "fontSize": TYPE["small"]}
        return {**layer("touchpoints", mark, x=x, y=y, text=text), "transform": [{"filter": where}]}

    dashed = {"type": "rule", "strokeDash": [4, 4], "color": "#667"}
    vline = layer("means", dashed, x={"field": "x", "type": "quantitative"})
    hline = layer("means", dashed, y={"field": "y", "type": "quantitative"})
    return vegalite(
        {"layer": [vline, hline, points, names("datum.dy < 0", -9), names("datum.dy >= 0", 9)],
         "width": 560, "height": 340},
        {"touchpoints": data, "means": means},
    )


def _mean(values: Iterable[float | None]) -> float | None:
    """The mean of the known values (as pandas skips NaN), None when there is none."""
    known = [v for v in values if v is not None and math.isfinite(v)]
    return statistics.fmean(known) if known else None


def _label_offsets(xs: Sequence[float], ys: Sequence[float]) -> list[int]:
    """-1 (label above) or 1 (below) per point: a point close to an earlier one takes the
    other side, so two neighbours' names do not overlap."""
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    offsets: list[int] = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        near = [offsets[j] for j in range(i)
                if abs(xs[j] - x) / span_x < 0.25 and abs(ys[j] - y) / span_y < 0.15]
        offsets.append(1 if near and near[-1] < 0 else -1)
    return offsets
