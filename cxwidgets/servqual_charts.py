"""Chart builders for SERVQUAL (lecture 02) and the gap model (lecture 07).

Every function returns a new chart built from the analysis results of
:mod:`cxwidgets.servqual` and :mod:`cxwidgets.gaps`: a Vega-Lite dict written directly for the
two that lecture 02 draws as soon as its survey is analysed (:func:`dimension_gap_chart`,
:func:`segment_chart`; the page then never loads Altair), an Altair chart for the others.
Render it offline with
:func:`cxwidgets.charts.to_svg` (or show it with ``common.ChartView``). Labels
come from the i18n catalogue in the active language (or ``language``).
Altair is imported inside the functions so that importing this module is cheap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from . import fmt as numbers
from . import i18n
from .charts import PALETTE, TYPE, layer, tooltip, vegalite
from .servqual import DIMENSIONS, ITEMS

if TYPE_CHECKING:
    import altair as alt

    from .gaps import Diagnosis

WIDTH = 460
HIGHLIGHT = "#b2182b"
SEGMENT_COLOURS = ["#0072b2", "#cc79a7"]


def _t(key: str, language: str | None, **params: object) -> str:
    return i18n.t(key, language, **params) if language else i18n.t(key, **params)


#: Vega format strings of the tooltips, as the labels and tables write the same numbers
#: (``fmt.signed(gap, 2)``, ``fmt.number(mean, 2)``, ``fmt.integer(count)``).
GAP_FORMAT = "+.2f"
MEAN_FORMAT = ".2f"
COUNT_FORMAT = ",d"


_TYPES = {"Q": "quantitative", "N": "nominal", "O": "ordinal"}


def _tip(field: str, key: str, language: str | None, format: str | None = None) -> dict[str, str]:
    """One tooltip row: ``field`` (``name:type``) titled by the catalogue ``key``, as a dict
    (the charts written as dicts use it as it is; Altair's ``encode`` takes it too)."""
    name, kind = field.split(":")
    return tooltip(name, _t(key, language), _TYPES[kind], format)


#: The columns of a score table that the tooltips show besides the gap.
FIGURES = ("expectation", "perception", "n")


def _scores_tooltip(language: str | None, figures: bool = True) -> list[dict[str, str]]:
    """Mean expectation, mean perception, gap and answers (fields ``expectation``,
    ``perception``, ``gap``, ``n``); only the gap without ``figures``."""
    gap = _tip("gap:Q", "servqual.chart.gap_axis", language, GAP_FORMAT)
    if not figures:
        return [gap]
    return [
        _tip("expectation:Q", "servqual.chart.expectation", language, MEAN_FORMAT),
        _tip("perception:Q", "servqual.chart.perception", language, MEAN_FORMAT),
        gap,
        _tip("n:Q", "servqual.results.col.n", language, COUNT_FORMAT),
    ]


def _dimension_tip(language: str | None) -> dict[str, str]:
    return _tip("dimension:N", "servqual.results.col.dimension", language)


def dimension_label(dimension: str, language: str | None = None) -> str:
    """Translated name of a SERVQUAL dimension."""
    return _t(f"servqual.dim.{dimension}", language)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figure(table: pd.DataFrame, row: object, column: str) -> float | None:
    """``table.at[row, column]`` as a float, or None when it is missing (NaN, no row)."""
    if row not in table.index or column not in table.columns:
        return None
    value = table.at[row, column]
    return None if pd.isna(value) else float(value)


def _domain(values: Iterable[float | None], pad: float = 0.4) -> list[float]:
    finite = [v for v in values if v is not None and not math.isnan(v)]
    low = min([0.0, *finite]) - pad
    high = max([0.0, *finite]) + pad
    return [math.floor(low * 2) / 2, math.ceil(high * 2) / 2]


def dimension_gap_chart(scores: pd.DataFrame, language: str | None = None,
                        title: str | None = None) -> dict:
    """Diverging bar chart of the gap (P - E) per dimension, as a Vega-Lite dict.

    Written directly rather than with Altair: lecture 02 draws it as soon as the sample is
    analysed, and a page whose charts are dicts never loads Altair.

    Parameters
    ----------
    scores : pandas.DataFrame
        The result of :func:`cxwidgets.servqual.score` (index: dimensions, column ``gap``).
    language : str, optional
        Label language (default: the active one).
    title : str, optional
        Chart title.

    Returns
    -------
    dict
        Bars left of zero (orange: the service falls short) or right (blue), with values.
        Dimensions without answers are shown without a bar.
    """
    view, datasets = _dimension_gaps(scores, language)
    body = {**view, "width": WIDTH, "height": 190}
    return vegalite({**body, "title": title} if title else body, datasets)


def _dimension_gaps(scores: pd.DataFrame, language: str | None) -> tuple[dict, dict[str, list]]:
    """The layers of :func:`dimension_gap_chart` (no size, no title) and their datasets."""
    rows = []
    for dimension in DIMENSIONS:
        gap = float(scores.at[dimension, "gap"]) if dimension in scores.index else math.nan
        known = not math.isnan(gap)
        rows.append({
            "dimension": dimension_label(dimension, language),
            "gap": gap if known else 0.0,
            "expectation": _figure(scores, dimension, "expectation"),
            "perception": _figure(scores, dimension, "perception"),
            "n": int(_figure(scores, dimension, "n") or 0),
            "text": numbers.signed(gap, 2) if known else _t("servqual.chart.no_answers", language),
            "sign": "negative" if known and gap < 0 else "positive",
            "align": "right" if known and gap < 0 else "left",
            "dx": -4 if known and gap < 0 else 4,
        })
    y = {"field": "dimension", "type": "nominal", "sort": [row["dimension"] for row in rows],
         "title": None}
    gap = {"field": "gap", "type": "quantitative"}
    bars = layer(
        "gaps", {"type": "bar", "height": 22}, y=y,
        x={**gap, "title": _t("servqual.chart.gap_axis", language),
           "scale": {"domain": _domain((row["gap"] for row in rows), 0.6)}},
        color={"field": "sign", "type": "nominal", "legend": None,
               "scale": {"domain": ["negative", "positive"],
                         "range": [PALETTE["negative"], PALETTE["positive"]]}},
        tooltip=[_dimension_tip(language),
                 *_scores_tooltip(language, set(FIGURES) <= set(scores.columns))],
    )
    text = {"field": "text", "type": "nominal"}
    negative = layer("negative", {"type": "text", "align": "right", "dx": -4}, x=gap, y=y, text=text)
    positive = layer("positive", {"type": "text", "align": "left", "dx": 4}, x=gap, y=y, text=text)
    zero = layer("zero", {"type": "rule", "color": "#333"}, x={"field": "x", "type": "quantitative"})
    datasets = {
        "gaps": rows,
        "negative": [row for row in rows if row["align"] == "right"],
        "positive": [row for row in rows if row["align"] == "left"],
        "zero": [{"x": 0}],
    }
    return {"layer": [bars, zero, negative, positive]}, datasets


def expectation_perception_chart(scores: pd.DataFrame,
                                 language: str | None = None) -> alt.LayerChart:
    """Dot plot of mean expectation and perception per dimension, joined by a line.

    Parameters
    ----------
    scores : pandas.DataFrame
        The result of :func:`cxwidgets.servqual.score`.
    language : str, optional
        Label language.

    Returns
    -------
    altair.LayerChart
        One row per dimension: a grey rule from E to P, a hollow dot at E and a filled dot at P.
    """
    import altair as alt

    e_label = _t("servqual.chart.expectation", language)
    p_label = _t("servqual.chart.perception", language)
    rows, spans = [], []
    for dimension in DIMENSIONS:
        if dimension not in scores.index or scores.at[dimension, "n"] == 0:
            continue
        name = dimension_label(dimension, language)
        e, p = float(scores.at[dimension, "expectation"]), float(scores.at[dimension, "perception"])
        figures = {"dimension": name, "expectation": e, "perception": p, "gap": p - e,
                   "n": int(scores.at[dimension, "n"])}
        rows += [{**figures, "kind": e_label, "value": e},
                 {**figures, "kind": p_label, "value": p}]
        spans.append({**figures, "low": min(e, p), "high": max(e, p)})
    order = [dimension_label(d, language) for d in DIMENSIONS]
    y = alt.Y("dimension:N", sort=order, title=None)
    x_scale = alt.Scale(domain=[1, 7])
    tooltip = [_dimension_tip(language), *_scores_tooltip(language)]
    figures = ["dimension", "expectation", "perception", "gap", "n"]
    line = alt.Chart(pd.DataFrame(spans, columns=[*figures, "low", "high"])).mark_rule(
        color="#999", strokeWidth=3).encode(
        x=alt.X("low:Q", scale=x_scale, title=_t("servqual.chart.scale_axis", language)),
        x2="high:Q", y=y, tooltip=tooltip)
    dots = alt.Chart(pd.DataFrame(rows, columns=[*figures, "kind", "value"])).mark_point(
        size=120, filled=True, opacity=1).encode(
        x=alt.X("value:Q", scale=x_scale),
        y=y,
        color=alt.Color("kind:N", scale=alt.Scale(domain=[e_label, p_label],
                                                  range=["#999999", PALETTE["positive"]]),
                        title=None, legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("kind:N", scale=alt.Scale(domain=[e_label, p_label],
                                                  range=["diamond", "circle"]), title=None),
        tooltip=tooltip,
    )
    return alt.layer(line, dots).properties(width=WIDTH, height=190)


def item_gap_chart(items: pd.DataFrame, highlight: list[int] | tuple[int, ...] = (),
                   language: str | None = None,
                   custom: dict[int, str] | None = None) -> alt.LayerChart:
    """Bar chart of the gap per item, the items to act on highlighted.

    Parameters
    ----------
    items : pandas.DataFrame
        The result of :func:`cxwidgets.servqual.item_scores` (index: item 1-22, column ``gap``).
    highlight : sequence of int
        Item numbers drawn in a strong red (e.g. the three largest negative gaps).
    language : str, optional
        Label language.
    custom : dict, optional
        Item number -> the learner's own wording, used in the labels.

    Returns
    -------
    altair.LayerChart
        One bar per answered item, in questionnaire order, labelled ``"n 短文本"``.
    """
    import altair as alt

    custom = custom or {}
    rows = []
    for item in ITEMS:
        if item.number not in items.index or pd.isna(items.at[item.number, "gap"]):
            continue
        gap = float(items.at[item.number, "gap"])
        text = custom.get(item.number) or item.text(language)
        limit = 34 if i18n.normalize_language(language or i18n.get_language()) == "en" else 16
        rows.append({
            "label": f"{item.number:>2} {_short(text, limit)}",
            "item": f"{item.number} {text}",
            "dimension": dimension_label(item.dimension, language),
            "expectation": _figure(items, item.number, "expectation"),
            "perception": _figure(items, item.number, "perception"),
            "n": int(_figure(items, item.number, "n") or 0),
            "gap": gap,
            "value": numbers.signed(gap, 2),
            "kind": "highlight" if item.number in highlight else (
                "negative" if gap < 0 else "positive"),
        })
    data = pd.DataFrame(rows, columns=["label", "item", "dimension", "expectation", "perception",
                                       "n", "gap", "value", "kind"])
    order = list(data["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    bars = alt.Chart(data).mark_bar(height=12).encode(
        x=alt.X("gap:Q", title=_t("servqual.chart.gap_axis", language),
                scale=alt.Scale(domain=_domain(data["gap"], 0.5))),
        y=y,
        color=alt.Color("kind:N", scale=alt.Scale(
            domain=["highlight", "negative", "positive"],
            range=[HIGHLIGHT, "#f4a582", PALETTE["positive"]]), legend=None),
        tooltip=[_tip("item:N", "servqual.chart.tip.item", language), _dimension_tip(language),
                 *_scores_tooltip(language, set(FIGURES) <= set(items.columns))],
    )
    labels = alt.Chart(data).mark_text(align="left", dx=4, fontSize=TYPE["small"]).encode(
        x=alt.value(WIDTH + 4), y=y, text="value:N")
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    return alt.layer(bars, zero, labels).properties(width=WIDTH,
                                                    height=max(60, 17 * len(data)))


def segment_chart(comparison: pd.DataFrame, first_label: str, second_label: str,
                  language: str | None = None) -> dict:
    """Grouped bars: the dimension gaps of two segments side by side, as a Vega-Lite dict.

    Written directly rather than with Altair, like :func:`dimension_gap_chart`.

    Parameters
    ----------
    comparison : pandas.DataFrame
        The result of :func:`cxwidgets.servqual.compare_segments`.
    first_label, second_label : str
        Display names of the two segments.
    language : str, optional
        Label language.

    Returns
    -------
    dict
        Horizontal grouped bars per dimension; a star marks p < 0.05 in the label.
    """
    rows = []
    for dimension in DIMENSIONS:
        name = dimension_label(dimension, language)
        p_value = comparison.at[dimension, "p_value"]
        if not pd.isna(p_value) and p_value < 0.05:
            name += " *"
        p_text = numbers.p_value(p_value)
        for column, label in (("gap_first", first_label), ("gap_second", second_label)):
            value = comparison.at[dimension, column]
            if pd.isna(value):
                continue  # no bar: nothing to hover
            rows.append({"dimension": name, "segment": label, "gap": float(value), "p": p_text})
    segments = [first_label, second_label]
    bars = layer(
        "segments", {"type": "bar", "height": 12},
        x={"field": "gap", "type": "quantitative", "title": _t("servqual.chart.gap_axis", language)},
        y={"field": "dimension", "type": "nominal", "title": None,
           "sort": list(dict.fromkeys(row["dimension"] for row in rows))},
        yOffset={"field": "segment", "type": "nominal", "sort": segments},
        color={"field": "segment", "type": "nominal", "sort": segments, "title": None,
               "scale": {"range": SEGMENT_COLOURS}, "legend": {"orient": "bottom"}},
        tooltip=[
            _dimension_tip(language),
            _tip("segment:N", "servqual.chart.tip.segment", language),
            _tip("gap:Q", "servqual.chart.gap_axis", language, GAP_FORMAT),
            _tip("p:N", "servqual.survey.col.p", language),
        ],
    )
    return vegalite({**bars, "width": WIDTH, "height": 230}, {"segments": rows})


def gap_model_chart(diagnosis: Diagnosis, language: str | None = None) -> dict:
    """The four provider gaps and the customer gap in one figure.

    Parameters
    ----------
    diagnosis : cxwidgets.gaps.Diagnosis
        The result of :func:`cxwidgets.gaps.diagnose`.
    language : str, optional
        Label language.

    Returns
    -------
    dict
        The Vega-Lite spec (the provider side is built with Altair, the customer side is
        :func:`dimension_gap_chart`'s layers). Left: provider gaps 1-4 by evidence score (0-100), priority gaps in red, a dashed rule
        at the threshold. Right: the customer gap (P - E) per SERVQUAL dimension, or a note
        when there is none.
    """
    import altair as alt

    from .gaps import gap as find_gap

    rows = []
    for gap_id, row in diagnosis.gaps.iterrows():
        name = f"{int(row['number'])} {find_gap(gap_id).name(language)}"
        known = not pd.isna(row["score"])
        rows.append({
            "gap": name,
            "score": float(row["score"]) if known else 0.0,
            "text": f"{row['score']:.0f}" if known else _t("gaps.chart.not_rated", language),
            "kind": "priority" if bool(row["priority"]) else "other",
            "priority": _t("gaps.table.yes" if bool(row["priority"]) else "gaps.chart.tip.no",
                           language),
        })
    data = pd.DataFrame(rows)
    order = list(data["gap"])
    y = alt.Y("gap:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    bars = alt.Chart(data).mark_bar(height=24).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]),
                title=_t("gaps.chart.evidence_axis", language)),
        y=y,
        color=alt.Color("kind:N", scale=alt.Scale(domain=["priority", "other"],
                                                  range=[HIGHLIGHT, "#9ecae1"]), legend=None),
        tooltip=[
            _tip("gap:N", "gaps.table.gap", language),
            _tip("score:Q", "gaps.chart.evidence_axis", language, ".0f"),
            _tip("priority:N", "gaps.table.priority", language),
        ],
    )
    text = alt.Chart(data).mark_text(align="left", dx=4).encode(x="score:Q", y=y, text="text:N")
    rule = alt.Chart(pd.DataFrame({"x": [diagnosis.threshold]})).mark_rule(
        strokeDash=[4, 3], color="#555").encode(x="x:Q")
    provider = alt.layer(bars, rule, text).properties(
        width=260, height=180, title=_t("gaps.chart.provider_title", language)).to_dict(validate=False)
    datasets = provider.pop("datasets")
    for key in ("$schema", "config"):  # the whole chart's, set once below
        provider.pop(key, None)
    size = {"width": 260, "height": 180, "title": _t("gaps.chart.customer_title", language)}
    if diagnosis.customer is None:
        note = {**layer("note", {"type": "text", "fontSize": TYPE["small"], "color": "#666"},
                        text={"field": "t", "type": "nominal"}), **size}
        datasets["note"] = [{"t": _t("gaps.chart.no_customer", language)}]
        return vegalite({"hconcat": [provider, note]}, datasets)
    customer, customer_data = _dimension_gaps(diagnosis.customer, language)
    return vegalite({"hconcat": [provider, {**customer, **size}],
                     "resolve": {"scale": {"color": "independent"}}}, {**datasets, **customer_data})
