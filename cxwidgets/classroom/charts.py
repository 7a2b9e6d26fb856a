"""Projector charts of the class dashboards (Altair), from :mod:`cxwidgets.classroom.aggregate`.

Each builder takes one lecture's result (``aggregate.lecture_NN(answers)``) and returns a new
chart, laid out for a 1280x720 projector (:data:`WIDTH` x :data:`HEIGHT`) with the course
look (:data:`cxwidgets.charts.CONFIG`) at a larger type scale (:data:`TYPE`), so it is read
from the back of the room. Every data mark has a tooltip. Texts come from the catalogue
(``class.*`` and the lectures' own keys) in ``language`` (default: the active one); render
with :func:`cxwidgets.charts.to_spec` (the browser draws it) or ``charts.to_svg``.
Altair is imported inside the functions so that importing this module is cheap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..charts import CONFIG, PALETTE, merged
from ..charts import TYPE as COURSE_TYPE

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

WIDTH = 1100
"""Plot width in px: a 1280 px projector less the page's margins and the axis labels."""
HEIGHT = 440
"""Plot height in px: a 720 px projector less the header, the title and the axis."""
SCALE = 1.4
#: The projector's type scale: the course's (:data:`cxwidgets.charts.TYPE`) x :data:`SCALE`.
TYPE: dict[str, int] = {name: round(size * SCALE) for name, size in COURSE_TYPE.items()}
CLASS_COLOUR = PALETTE["positive"]
SAMPLE_COLOUR = "#999999"
LEARNER_COLOUR = "#9fb3c8"
MOMENT_COLOURS = {"peak": PALETTE["A"], "valley": PALETTE["negative"], "end": PALETTE["O"]}
LABEL_LIMIT = 24
"""Characters of a long label (a failure, a learner's own feature) shown on an axis."""


def _t(key: str, language: str | None, **params: object) -> str:
    return i18n.t(key, language, **params)


#: The course look (:data:`cxwidgets.charts.CONFIG`) with the projector's type scale.
PROJECTOR_CONFIG: dict[str, Any] = merged(CONFIG, {
    "axis": {"labelFontSize": TYPE["label"], "titleFontSize": TYPE["axis_title"],
             "labelLimit": 320},
    "legend": {"labelFontSize": TYPE["label"], "titleFontSize": TYPE["axis_title"],
               "symbolSize": 220},
    "title": {"fontSize": TYPE["title"], "subtitleFontSize": TYPE["label"]},
    "text": {"fontSize": TYPE["mark"]},
    "header": {"labelFontSize": TYPE["label"], "titleFontSize": TYPE["axis_title"]},
})


def _projector(chart: alt.TopLevelMixin, title: str, subtitle: str) -> alt.TopLevelMixin:
    """``chart`` titled, with the projector look (kept by ``charts.to_spec``)."""
    import altair as alt

    return chart.properties(
        title=alt.TitleParams(title, subtitle=subtitle),
        config=alt.Config(**PROJECTOR_CONFIG),
    )


def _answered(result: Mapping[str, Any], language: str | None,
              key: str = "class.chart.answered") -> str:
    return _t(key, language, n=int(result.get("n_answered", 0)),
              total=int(result.get("n_learners", 0)))


def _short(text: str, limit: int = LABEL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tip(field: str, key: str, language: str | None, format: str | None = None) -> alt.Tooltip:
    import altair as alt

    if format is None:
        return alt.Tooltip(field, title=_t(key, language))
    return alt.Tooltip(field, title=_t(key, language), format=format)


def _empty(message: str) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"text": [message]})


def _note(data: pd.DataFrame) -> alt.Chart:
    """A text mark saying there is nothing to show yet (with its tooltip)."""
    import altair as alt

    return alt.Chart(data).mark_text(fontSize=TYPE["title"], color="#475569").encode(
        text="text:N", tooltip=[alt.Tooltip("text:N", title=None)]
    ).properties(width=WIDTH, height=HEIGHT)


# --------------------------------------------------------------------------- 03 KANO


def _feature_label(feature: str, language: str | None) -> str:
    from ..kano_html import feature_label

    return _short(feature_label(feature, language))


def kano_categories(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """Stacked bars: the class's KANO category counts per feature, winner in the tooltip.

    Parameters
    ----------
    result : mapping
        :func:`cxwidgets.classroom.aggregate.lecture_03`.
    language : str, optional
        Label language.
    """
    import altair as alt
    import pandas as pd

    from ..kano import CATEGORIES

    table = result["table"]
    title = _t("class.kano.categories_title", language)
    if table.empty:
        return _projector(_note(_empty(_t("class.chart.none_yet", language))), title,
                          _answered(result, language))
    rows = []
    for record in table.to_dict("records"):
        label = _feature_label(record["feature"], language)
        winner = _t(f"kano.category.{record['category']}", language)
        for code in CATEGORIES:
            if record[code]:
                rows.append({"feature": label, "code": code,
                             "name": _t(f"kano.category.{code}", language),
                             "count": int(record[code]), "n": int(record["n"]),
                             "winner": winner})
    data = pd.DataFrame(rows)
    order = [_feature_label(f, language) for f in table["feature"]]
    names = [_t(f"kano.category.{code}", language) for code in CATEGORIES]
    chart = alt.Chart(data).mark_bar(height={"band": 0.8}).encode(
        y=alt.Y("feature:N", sort=order, title=None),
        x=alt.X("count:Q", stack="zero", title=_t("class.chart.learners", language),
                axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("name:N", title=_t("kano.chart.category", language),
                        scale=alt.Scale(domain=names, range=[PALETTE[c] for c in CATEGORIES]),
                        legend=alt.Legend(orient="top")),
        order=alt.Order("code:N"),
        tooltip=[_tip("feature:N", "kano.survey.col.feature", language),
                 _tip("name:N", "kano.chart.category", language),
                 _tip("count:Q", "class.chart.learners", language, ",d"),
                 _tip("n:Q", "kano.chart.tip.answers", language, ",d"),
                 _tip("winner:N", "class.kano.winner", language)],
    ).properties(width=WIDTH, height=HEIGHT)
    return _projector(chart, title, _answered(result, language))


def kano_better_worse(result: Mapping[str, Any],
                      language: str | None = None) -> alt.TopLevelMixin:
    """Better-Worse scatter of the class and the sample survey, a line joining each feature.

    x is ``|worse|``, y is ``better`` (as :func:`cxwidgets.kano_charts.better_worse_spec`); the
    class's points are filled, the sample's hollow and grey.
    """
    import altair as alt
    import pandas as pd

    points = result["points"]
    title = _t("class.kano.better_worse_title", language)
    sources = {"class": _t("class.kano.source.class", language),
               "sample": _t("class.kano.source.sample", language)}
    data = pd.DataFrame({
        "feature": [_feature_label(f, language) for f in points["feature"]],
        "x": points["worse"].abs().astype(float),
        "y": points["better"].astype(float),
        "category": [_t(f"kano.category.{c}", language) for c in points["category"]],
        "n": points["n"].astype(int),
        "source": [sources[s] for s in points["source"]],
    })
    scale = alt.Scale(domain=[0, 1], nice=False)
    x = alt.X("x:Q", scale=scale, title=_t("kano.chart.x", language))
    y = alt.Y("y:Q", scale=scale, title=_t("kano.chart.y", language))
    tooltip = [_tip("feature:N", "kano.survey.col.feature", language),
               _tip("source:N", "class.kano.source", language),
               _tip("category:N", "kano.chart.category", language),
               _tip("y:Q", "kano.chart.y", language, ".2f"),
               _tip("x:Q", "kano.chart.x", language, ".2f"),
               _tip("n:Q", "kano.chart.tip.answers", language, ",d")]
    both = data.groupby("feature").filter(lambda part: len(part) == 2)
    links = alt.Chart(both).mark_line(color="#cbd5e1", strokeWidth=2).encode(
        x=x, y=y, detail="feature:N", tooltip=tooltip)
    colour = alt.Color("source:N", title=_t("class.kano.source", language),
                       scale=alt.Scale(domain=list(sources.values()),
                                       range=[CLASS_COLOUR, SAMPLE_COLOUR]),
                       legend=alt.Legend(orient="top"))
    dots = alt.Chart(data).mark_point(size=260, strokeWidth=3).encode(
        x=x, y=y, color=colour,
        fill=alt.condition(alt.datum.source == sources["class"], colour, alt.value("white")),
        tooltip=tooltip)
    labels = alt.Chart(data[data["source"] == sources["class"]]).mark_text(
        align="left", dx=12, fontSize=TYPE["small"], color=CLASS_COLOUR).encode(
        x=x, y=y, text="feature:N", tooltip=tooltip)
    side = min(WIDTH, HEIGHT + 160)
    chart = alt.layer(links, dots, labels).properties(width=side, height=HEIGHT)
    return _projector(chart, title, _answered(result, language))


# --------------------------------------------------------------------------- 04 journey


def _touchpoint_names(language: str | None) -> dict[str, str]:
    from .. import journey
    from .aggregate import OWN_TOUCHPOINT

    sample = journey.sample_journey(language or i18n.get_language())
    names = {tp.id: tp.name for tp in sample.touchpoints()}
    names[OWN_TOUCHPOINT] = _t("class.journey.own", language)
    return names


def journey_curves(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """Everyone's emotion curve (thin) under the class's mean curve (bold, with its range)."""
    import altair as alt
    import pandas as pd

    from ..journey_style import SCALE_MAX, SCALE_MIN

    names = _touchpoint_names(language)
    curves, mean = result["curves"], result["mean"]
    title = _t("class.journey.curves_title", language)
    x = alt.X("name:N", sort=[names[tp] for tp in names], title=None,
              axis=alt.Axis(labelAngle=-35))
    y = alt.Y("value:Q", scale=alt.Scale(domain=[SCALE_MIN, SCALE_MAX]),
              title=_t("journey.chart.emotion", language))
    lines = pd.DataFrame({"learner": curves["learner"].astype(str),
                          "name": [names.get(tp, tp) for tp in curves["touchpoint"]],
                          "value": curves["value"].astype(float)})
    each = alt.Chart(lines).mark_line(color=LEARNER_COLOUR, strokeWidth=1.5, opacity=0.6,
                                      point=alt.OverlayMarkDef(size=30, color=LEARNER_COLOUR)
                                      ).encode(
        x=x, y=y, detail="learner:N",
        tooltip=[_tip("learner:N", "class.chart.learner", language),
                 _tip("name:N", "class.journey.touchpoint", language),
                 _tip("value:Q", "journey.chart.emotion", language, "+.1f")])
    averages = pd.DataFrame({"name": [names.get(tp, tp) for tp in mean["touchpoint"]],
                             "value": mean["mean"].astype(float),
                             "low": mean["low"].astype(float),
                             "high": mean["high"].astype(float),
                             "n": mean["n"].astype(int)})
    tooltip = [_tip("name:N", "class.journey.touchpoint", language),
               _tip("value:Q", "class.journey.mean", language, "+.2f"),
               _tip("low:Q", "class.chart.low", language, "+.1f"),
               _tip("high:Q", "class.chart.high", language, "+.1f"),
               _tip("n:Q", "class.chart.learners", language, ",d")]
    average = alt.Chart(averages).mark_line(color=PALETTE["negative"], strokeWidth=5,
                                            point=alt.OverlayMarkDef(size=160)).encode(
        x=x, y=y, tooltip=tooltip)
    if lines.empty and averages.empty:
        chart = _note(_empty(_t("class.chart.none_yet", language)))
    else:
        chart = alt.layer(each, average).properties(width=WIDTH, height=HEIGHT)
    return _projector(chart, title, _answered(result, language, "class.journey.subtitle"))


def journey_moments(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """Grouped bars: how many learners' peak, valley and end fall on each touchpoint."""
    import altair as alt
    import pandas as pd

    names = _touchpoint_names(language)
    moments = result["moments"]
    kinds = {kind: _t(f"class.journey.{kind}", language) for kind in MOMENT_COLOURS}
    rows = [{"name": names.get(record["touchpoint"], record["touchpoint"]),
             "kind": kinds[kind], "count": int(record[kind])}
            for record in moments.to_dict("records") for kind in kinds]
    data = pd.DataFrame(rows, columns=["name", "kind", "count"])
    title = _t("class.journey.moments_title", language)
    order = [names.get(tp, tp) for tp in moments["touchpoint"]]
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("name:N", sort=order, title=None, axis=alt.Axis(labelAngle=-35)),
        xOffset=alt.XOffset("kind:N", sort=list(kinds.values())),
        y=alt.Y("count:Q", title=_t("class.chart.learners", language),
                axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("kind:N", title=None, sort=list(kinds.values()),
                        scale=alt.Scale(domain=list(kinds.values()),
                                        range=list(MOMENT_COLOURS.values())),
                        legend=alt.Legend(orient="top")),
        tooltip=[_tip("name:N", "class.journey.touchpoint", language),
                 _tip("kind:N", "class.journey.moment", language),
                 _tip("count:Q", "class.chart.learners", language, ",d")],
    ).properties(width=WIDTH, height=HEIGHT)
    return _projector(chart, title, _answered(result, language, "class.journey.subtitle"))


# --------------------------------------------------------------------------- 02 SERVQUAL


def _dimension(code: str, language: str | None) -> str:
    return _t(f"servqual.dim.{code}", language)


def servqual_gaps(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """The class's gap (P - E) per dimension as bars, each learner's own gap as a tick."""
    import altair as alt
    import pandas as pd

    dims = result["dimensions"]
    data = pd.DataFrame({"dimension": [_dimension(d, language) for d in dims["dimension"]],
                         "gap": dims["gap"].astype(float).fillna(0.0),
                         "expectation": dims["expectation"].astype(float),
                         "perception": dims["perception"].astype(float),
                         "n": dims["n"].astype(int)})
    data["sign"] = ["negative" if g < 0 else "positive" for g in data["gap"]]
    learners = result["learner_gaps"]
    dots = pd.DataFrame({"dimension": [_dimension(d, language) for d in learners["dimension"]],
                         "gap": learners["gap"].astype(float),
                         "learner": learners["learner"].astype(str)})
    order = list(data["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None)
    x = alt.X("gap:Q", title=_t("servqual.chart.gap_axis", language),
              scale=alt.Scale(domain=_gap_domain([*data["gap"], *dots["gap"]])))
    bars = alt.Chart(data).mark_bar(height={"band": 0.6}).encode(
        x=x, y=y,
        color=alt.Color("sign:N", legend=None, scale=alt.Scale(
            domain=["negative", "positive"], range=[PALETTE["negative"], PALETTE["positive"]])),
        tooltip=[_tip("dimension:N", "servqual.results.col.dimension", language),
                 _tip("expectation:Q", "servqual.chart.expectation", language, ".2f"),
                 _tip("perception:Q", "servqual.chart.perception", language, ".2f"),
                 _tip("gap:Q", "servqual.chart.gap_axis", language, "+.2f"),
                 _tip("n:Q", "servqual.results.col.n", language, ",d")])
    each = alt.Chart(dots).mark_tick(color="#1e293b", opacity=0.7, thickness=3,
                                     size=44).encode(
        x=x, y=y,
        tooltip=[_tip("learner:N", "class.chart.learner", language),
                 _tip("dimension:N", "servqual.results.col.dimension", language),
                 _tip("gap:Q", "servqual.chart.gap_axis", language, "+.2f")])
    zero = alt.Chart(pd.DataFrame({"gap": [0.0]})).mark_rule(color="#475569").encode(
        x="gap:Q")
    chart = alt.layer(bars, each, zero).properties(width=WIDTH, height=HEIGHT)
    return _projector(chart, _t("class.servqual.gaps_title", language), _answered(result, language))


def _gap_domain(values: list[float]) -> list[float]:
    finite = [v for v in values if v == v]
    low, high = min([0.0, *finite]) - 0.5, max([0.0, *finite]) + 0.5
    return [math.floor(low), math.ceil(high)]


def servqual_items(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """The class's gap per item (22 bars, coloured by dimension, items without answers left)."""
    import altair as alt
    import pandas as pd

    items = result["items"]
    data = pd.DataFrame({"item": items["item"].astype(int),
                         "dimension": [_dimension(d, language) for d in items["dimension"]],
                         "gap": items["gap"].astype(float),
                         "n": items["n"].astype(int)}).dropna(subset=["gap"])
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("item:O", title=_t("class.servqual.item", language),
                sort=list(range(1, 23)), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("gap:Q", title=_t("servqual.chart.gap_axis", language)),
        color=alt.Color("dimension:N", title=_t("servqual.results.col.dimension", language),
                        sort=[_dimension(d, language) for d in dict.fromkeys(items["dimension"])],
                        legend=alt.Legend(orient="top")),
        tooltip=[_tip("item:O", "class.servqual.item", language),
                 _tip("dimension:N", "servqual.results.col.dimension", language),
                 _tip("gap:Q", "servqual.chart.gap_axis", language, "+.2f"),
                 _tip("n:Q", "servqual.results.col.n", language, ",d")],
    ).properties(width=WIDTH, height=HEIGHT)
    return _projector(chart, _t("class.servqual.items_title", language),
                      _answered(result, language))


def servqual_weights(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """The importance points per dimension: a box of the class, every learner as a tick,
    the class's mean as a red tick."""
    import altair as alt
    import pandas as pd

    weights = result["weights"]
    data = pd.DataFrame({"dimension": [_dimension(d, language) for d in weights["dimension"]],
                         "points": weights["points"].astype(float),
                         "learner": weights["learner"].astype(str)})
    summary = result["weight_summary"]
    means = pd.DataFrame({"dimension": [_dimension(d, language) for d in summary["dimension"]],
                          "mean": summary["mean"].astype(float),
                          "low": summary["low"].astype(float),
                          "high": summary["high"].astype(float),
                          "n": summary["n"].astype(int)}).dropna(subset=["mean"])
    order = [_dimension(d, language) for d in summary["dimension"]]
    x = alt.X("dimension:N", sort=order, title=None, axis=alt.Axis(labelAngle=0))
    y_scale = alt.Scale(domain=[0, 100])
    box = alt.Chart(data).mark_boxplot(size=60, extent="min-max", color=LEARNER_COLOUR,
                                       median={"color": "#1e293b"}).encode(
        x=x, y=alt.Y("points:Q", scale=y_scale, title=_t("class.servqual.points", language)),
        tooltip=[_tip("dimension:N", "servqual.results.col.dimension", language),
                 _tip("points:Q", "class.servqual.points", language, ".1f")])
    dots = alt.Chart(data).mark_tick(color="#1e293b", opacity=0.7, thickness=3,
                                     size=100).encode(
        x=x, y=alt.Y("points:Q", scale=y_scale),
        tooltip=[_tip("learner:N", "class.chart.learner", language),
                 _tip("dimension:N", "servqual.results.col.dimension", language),
                 _tip("points:Q", "class.servqual.points", language, ".1f")])
    mean = alt.Chart(means).mark_tick(color=PALETTE["negative"], thickness=6, size=120).encode(
        x=x, y=alt.Y("mean:Q", scale=y_scale),
        tooltip=[_tip("dimension:N", "servqual.results.col.dimension", language),
                 _tip("mean:Q", "class.chart.mean", language, ".1f"),
                 _tip("low:Q", "class.chart.low", language, ".1f"),
                 _tip("high:Q", "class.chart.high", language, ".1f"),
                 _tip("n:Q", "class.chart.learners", language, ",d")])
    chart = alt.layer(box, dots, mean).properties(width=WIDTH, height=HEIGHT)
    return _projector(chart, _t("class.servqual.weights_title", language),
                      _answered(result["weights_counts"], language))


# --------------------------------------------------------------------------- 07 gaps


def _gap_name(gap_id: str, language: str | None) -> str:
    return _t(f"gaps.gap.{gap_id}.name", language)


def _gap_by_number(number: int, language: str | None) -> str:
    from .. import gaps

    return f"{number} {_gap_name(gaps.GAPS[number - 1].id, language)}"


def gaps_misclassified(result: Mapping[str, Any], language: str | None = None,
                       top: int = 8) -> alt.TopLevelMixin:
    """The failures the class got wrong most often (share wrong), the usual wrong pick shown."""
    import altair as alt
    import pandas as pd

    failures = result["failures"]
    failures = failures[failures["wrong"] > 0].head(top)
    rows = []
    for record in failures.to_dict("records"):
        text = _t(f"gaps.failure.{record['failure']}.text", language)
        common = record["common_wrong"]
        rows.append({"failure": _short(text, 30), "text": text,
                     "share": float(record["share_wrong"]), "wrong": int(record["wrong"]),
                     "answered": int(record["answered"]),
                     "expected": _gap_by_number(int(record["expected"]), language),
                     "common": "" if pd.isna(common) else _gap_by_number(int(common), language)})
    title = _t("class.gaps.misclassified_title", language)
    if not rows:
        return _projector(_note(_empty(_t("class.gaps.none_wrong", language))), title,
                          _answered(result, language))
    data = pd.DataFrame(rows)
    y = alt.Y("failure:N", sort=list(data["failure"]), title=None)
    tooltip = [_tip("text:N", "class.gaps.failure", language),
               _tip("share:Q", "class.gaps.share_wrong", language, ".0%"),
               _tip("wrong:Q", "class.gaps.wrong", language, ",d"),
               _tip("answered:Q", "class.chart.learners", language, ",d"),
               _tip("expected:N", "class.gaps.expected", language),
               _tip("common:N", "class.gaps.common_wrong", language)]
    bars = alt.Chart(data).mark_bar(color=PALETTE["negative"], height={"band": 0.7}).encode(
        x=alt.X("share:Q", title=_t("class.gaps.share_wrong", language),
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        y=y, tooltip=tooltip)
    labels = alt.Chart(data).mark_text(align="left", dx=8, fontSize=TYPE["mark"]).encode(
        x="share:Q", y=y, text="common:N", tooltip=tooltip)
    chart = alt.layer(bars, labels).properties(width=WIDTH - 320, height=HEIGHT)
    return _projector(chart, title, _answered(result, language))


def gaps_diagnosis(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """How many learners named each provider gap one that matters most."""
    import altair as alt
    import pandas as pd

    table = result["diagnosis"]
    data = pd.DataFrame({"gap": [_gap_name(g, language) for g in table["gap"]],
                         "focus": table["focus"].astype(int),
                         "score": table["mean_score"].astype(float),
                         "scored": table["scored"].astype(int)})
    y = alt.Y("gap:N", sort=list(data["gap"]), title=None)
    tooltip = [_tip("gap:N", "class.gaps.gap", language),
               _tip("focus:Q", "class.gaps.focus", language, ",d"),
               _tip("score:Q", "class.gaps.mean_score", language, ".0f"),
               _tip("scored:Q", "class.chart.learners", language, ",d")]
    bars = alt.Chart(data).mark_bar(color=PALETTE["O"], height={"band": 0.6}).encode(
        x=alt.X("focus:Q", title=_t("class.gaps.focus", language),
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=y, tooltip=tooltip)
    labels = alt.Chart(data).mark_text(align="left", dx=8, fontSize=TYPE["mark"]).encode(
        x="focus:Q", y=y, text="focus:Q", tooltip=tooltip)
    chart = alt.layer(bars, labels).properties(width=WIDTH - 200, height=HEIGHT - 120)
    return _projector(chart, _t("class.gaps.diagnosis_title", language),
                      _answered(result["diagnosis_counts"], language))


# --------------------------------------------------------------------------- 01, 05, 06, 08-10


def _bars(data: pd.DataFrame, label: str, value: str, label_key: str, value_key: str,
          colour: str, language: str | None, value_format: str = ",d") -> alt.LayerChart:
    """Horizontal bars of ``value`` per ``label`` with the value written at the bar's end."""
    import altair as alt

    y = alt.Y(f"{label}:N", sort=list(data[label]), title=None)
    tooltip = [_tip(f"{label}:N", label_key, language),
               _tip(f"{value}:Q", value_key, language, value_format)]
    bars = alt.Chart(data).mark_bar(color=colour, height={"band": 0.7}).encode(
        x=alt.X(f"{value}:Q", title=_t(value_key, language),
                axis=alt.Axis(tickMinStep=1) if value_format == ",d" else alt.Axis()),
        y=y, tooltip=tooltip)
    labels = alt.Chart(data).mark_text(align="left", dx=8, fontSize=TYPE["mark"]).encode(
        x=f"{value}:Q", y=y, text=alt.Text(f"{value}:Q", format=value_format),
        tooltip=tooltip)
    return alt.layer(bars, labels).properties(width=WIDTH - 320, height=HEIGHT)


def _bar_chart(data: pd.DataFrame, result: Mapping[str, Any], language: str | None,
               title_key: str, label_key: str, value_key: str, colour: str,
               value_format: str = ",d") -> alt.TopLevelMixin:
    title = _t(title_key, language)
    if data.empty:
        return _projector(_note(_empty(_t("class.chart.none_yet", language))), title,
                          _answered(result, language))
    chart = _bars(data, "label", "value", label_key, value_key, colour, language, value_format)
    return _projector(chart, title, _answered(result, language))


def clv_values(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """Every learner's CLV as a dot on one axis, the class's mean and median as lines."""
    import altair as alt
    import pandas as pd

    values = result["values"]
    title = _t("class.clv.title", language)
    if values.empty:
        return _projector(_note(_empty(_t("class.chart.none_yet", language))), title,
                          _answered(result, language))
    data = pd.DataFrame({"learner": values["learner"].astype(str),
                         "clv": values["clv"].astype(float)})
    x = alt.X("clv:Q", title=_t("class.clv.axis", language), axis=alt.Axis(format=",.0f"))
    dots = alt.Chart(data).mark_circle(size=260, color=CLASS_COLOUR, opacity=0.7).encode(
        x=x, y=alt.Y("jitter:Q", axis=None, scale=alt.Scale(domain=[-1, 1])),
        tooltip=[_tip("learner:N", "class.chart.learner", language),
                 _tip("clv:Q", "class.clv.axis", language, ",.0f")],
    ).transform_calculate(jitter="random() - 0.5")
    summary = result["summary"]
    lines = pd.DataFrame({"clv": [summary["mean"], summary["median"]],
                          "name": [_t("class.chart.mean", language),
                                   _t("class.chart.median", language)]})
    rules = alt.Chart(lines).mark_rule(strokeWidth=4).encode(
        x="clv:Q",
        color=alt.Color("name:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(range=[PALETTE["negative"], PALETTE["M"]])),
        strokeDash=alt.StrokeDash("name:N", legend=None),
        tooltip=[_tip("name:N", "class.chart.statistic", language),
                 _tip("clv:Q", "class.clv.axis", language, ",.0f")])
    chart = alt.layer(dots, rules).properties(width=WIDTH, height=HEIGHT // 2)
    return _projector(chart, title, _answered(result, language))


def _step_label(step: str, language: str | None) -> str:
    key = f"blueprint.ref.{step}.fail"
    return _short(_t(key, language) if key in i18n.catalogue() else step, 30)


def fail_points(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """The fail points flagged by most learners (bars), by blueprint step."""
    import pandas as pd

    steps = result["steps"]
    data = pd.DataFrame({"label": [_step_label(s, language) for s in steps["step"]],
                         "value": steps["flagged"].astype(int)})
    return _bar_chart(data, result, language, "class.blueprint.title", "class.blueprint.step",
                      "class.chart.learners", PALETTE["negative"])


def idea_votes(result: Mapping[str, Any], language: str | None = None,
               top: int = 10) -> alt.TopLevelMixin:
    """The most voted ideas of the class's boards (hidden ideas are not in the result)."""
    import pandas as pd

    ideas = result["ideas"].head(top)
    labels = [_short(str(text), 30) for text in ideas["text"]]
    labels = [f"{label} ({i + 1})" if labels.count(label) > 1 else label
              for i, label in enumerate(labels)]
    data = pd.DataFrame({"label": labels, "value": ideas["votes"].astype(int)})
    return _bar_chart(data, result, language, "class.hmw.title", "class.hmw.idea",
                      "class.hmw.votes", PALETTE["A"])


def _concept_label(concept: str, language: str | None) -> str:
    from .aggregate import OWN_CONCEPT

    if concept == OWN_CONCEPT:
        return _t("class.screening.own", language)
    key = f"emot.concept.{concept}.name"
    return _t(key, language) if key in i18n.catalogue() else concept


def concept_ranks(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """How many learners ranked each concept first in the screening."""
    import pandas as pd

    concepts = result["concepts"]
    data = pd.DataFrame({"label": [_concept_label(c, language) for c in concepts["concept"]],
                         "value": concepts["first"].astype(int)})
    data = data.sort_values("value", ascending=False, kind="stable")
    return _bar_chart(data, result["concepts_counts"], language, "class.screening.title",
                      "class.screening.concept", "class.screening.first", PALETTE["O"])


def design_metrics(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """Stacked bars: which metric the class chose at each surveyed touchpoint."""
    import altair as alt
    import pandas as pd

    metrics = result["metrics"]
    choices = [c for c in metrics.columns if c != "touchpoint"]
    names = {c: _t(f"nps.metric.{c}", language) if c != "none"
             else _t("class.design.none", language) for c in choices}
    rows = [{"touchpoint": _t(f"nps.tp.{record['touchpoint']}", language),
             "metric": names[c], "count": int(record[c])}
            for record in metrics.to_dict("records") for c in choices if record[c]]
    data = pd.DataFrame(rows, columns=["touchpoint", "metric", "count"])
    title = _t("class.design.title", language)
    if data.empty:
        return _projector(_note(_empty(_t("class.chart.none_yet", language))), title,
                          _answered(result, language))
    order = [_t(f"nps.tp.{tp}", language) for tp in metrics["touchpoint"]]
    colours = [PALETTE["O"], PALETTE["A"], PALETTE["Q"], PALETTE["I"]][: len(choices)]
    chart = alt.Chart(data).mark_bar(height={"band": 0.7}).encode(
        y=alt.Y("touchpoint:N", sort=order, title=None),
        x=alt.X("count:Q", stack="zero", title=_t("class.chart.learners", language),
                axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("metric:N", title=None, sort=list(names.values()),
                        scale=alt.Scale(domain=list(names.values()), range=colours),
                        legend=alt.Legend(orient="top")),
        tooltip=[_tip("touchpoint:N", "class.journey.touchpoint", language),
                 _tip("metric:N", "class.design.metric", language),
                 _tip("count:Q", "class.chart.learners", language, ",d")],
    ).properties(width=WIDTH - 200, height=HEIGHT)
    return _projector(chart, title, _answered(result, language))


def _rule_label(rule: str, language: str | None) -> str:
    from .. import language as coach

    key = f"language.rule.{rule}.label"
    if key in i18n.catalogue():
        return _t(key, language)
    category = next((r.category for r in coach.load_rules().rules if r.id == rule), rule)
    key = f"language.category.{category}"
    return _t(key, language) if key in i18n.catalogue() else rule


def coach_rules(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """How many of the class's replies each positive-language rule flags."""
    import pandas as pd

    rules = result["rules"]
    rules = rules[rules["replies"] > 0]
    data = pd.DataFrame({"label": [_rule_label(r, language) for r in rules["rule"]],
                         "value": rules["replies"].astype(int)})
    return _bar_chart(data, result, language, "class.coach.title", "class.coach.rule",
                      "class.coach.replies", PALETTE["negative"])


def peer_teams(result: Mapping[str, Any], language: str | None = None) -> alt.TopLevelMixin:
    """Each team's raw and bias-corrected peer score (1-5), best corrected first."""
    import altair as alt
    import pandas as pd

    teams = result["teams"]
    title = _t("class.peer.title", language)
    if teams.empty:
        return _projector(_note(_empty(_t("class.chart.none_yet", language))), title,
                          _answered(result, language))
    kinds = {"raw": _t("class.peer.raw", language),
             "corrected": _t("class.peer.corrected", language)}
    rows = [{"team": _t(f"peer.team.{record['team']}", language), "kind": kinds[kind],
             "score": float(record[kind]), "n": int(record["n"])}
            for record in teams.to_dict("records") for kind in kinds]
    data = pd.DataFrame(rows)
    order = [_t(f"peer.team.{team}", language) for team in teams["team"]]
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("team:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("kind:N", sort=list(kinds.values())),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[1, 5]), title=_t("class.peer.score",
                                                                    language)),
        color=alt.Color("kind:N", title=None, sort=list(kinds.values()),
                        scale=alt.Scale(domain=list(kinds.values()),
                                        range=[SAMPLE_COLOUR, CLASS_COLOUR]),
                        legend=alt.Legend(orient="top")),
        tooltip=[_tip("team:N", "class.peer.team", language),
                 _tip("kind:N", "class.peer.kind", language),
                 _tip("score:Q", "class.peer.score", language, ".2f"),
                 _tip("n:Q", "class.peer.raters", language, ",d")],
    ).properties(width=WIDTH, height=HEIGHT)
    return _projector(chart, title, _answered(result, language))
