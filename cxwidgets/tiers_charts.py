"""The Pareto chart of the ABC tiers (lecture 03); render with :mod:`cxwidgets.charts`.

:func:`pareto_spec` writes it as a Vega-Lite dict directly, without Altair: one builder for the
page, which redraws it on every slider move, and for pictures and reports (``charts.to_svg`` /
``charts.to_png`` take the dict).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import fmt, i18n, tiers
from .charts import TYPE, layer, tooltip, vegalite

if TYPE_CHECKING:
    import pandas as pd

TIER_COLOURS = {"A": "#0072b2", "B": "#009e73", "C": "#999999"}
#: Vega formats of the tooltips, as :mod:`cxwidgets.tiers_html` writes the same shares
#: (customers as whole percents, revenue to one decimal).
CUSTOMER_FORMAT = ".0%"
VALUE_FORMAT = ".1%"


def tier_bands(ranked: pd.DataFrame) -> pd.DataFrame:
    """The x-extent of each tier on the Pareto chart (shares of customers).

    Parameters
    ----------
    ranked : pandas.DataFrame
        Output of :func:`cxwidgets.tiers.abc_tiers`.

    Returns
    -------
    pandas.DataFrame
        Columns ``tier``, ``x0``, ``x1`` (customer shares), ``y1`` (cumulative value share
        at the tier's end); tiers without customers are left out.
    """
    import pandas as pd

    n = len(ranked)
    rows = []
    start = 0
    for tier in tiers.TIERS:
        count = int((ranked["tier"] == tier).sum())
        if count == 0:
            continue
        end = start + count
        rows.append(
            {
                "tier": tier,
                "x0": start / n,
                "x1": end / n,
                "y1": float(ranked["cum_value_share"].iloc[end - 1]),
            }
        )
        start = end
    return pd.DataFrame(rows, columns=["tier", "x0", "x1", "y1"])


def _band_rows(ranked: pd.DataFrame, language: str | None) -> list[dict[str, Any]]:
    """The tier bands of :func:`pareto_spec` (:func:`tier_bands`, labels, tooltip fields)."""
    bands = tier_bands(ranked)
    counts = ranked["tier"].value_counts()
    shares = ranked.groupby("tier")["value_share"].sum()
    rows = []
    for tier, x0, x1, y1 in zip(bands["tier"], bands["x0"].tolist(), bands["x1"].tolist(),
                                bands["y1"].tolist(), strict=True):
        rows.append({
            "tier": tier, "x0": x0, "x1": x1, "y1": y1,
            "label": i18n.t(f"tiers.tier.{tier}.short", language) + f" {fmt.percent(x1 - x0, 0)}",
            "mid": (x0 + x1) / 2, "end_label": fmt.percent(y1, 1),
            "name": i18n.t(f"tiers.tier.{tier}.name", language),
            "customers": int(counts.get(tier, 0)), "customer_share": x1 - x0,
            "value_share": float(shares.get(tier, 0.0)),
        })
    return rows


def _share(field: str, top: float = 1.0, **extra: Any) -> dict[str, Any]:
    """A quantitative x or y encoding of a share on the fixed scale 0..``top``."""
    return {"field": field, "scale": {"domain": [0, top], "nice": False}, "type": "quantitative",
            **extra}


def _pareto_tips(language: str | None) -> tuple[list[dict], list[dict]]:
    """The tooltips of a tier's band and of a tier's end, as Vega-Lite dicts."""

    def tip(field: str, key: str, form: str | None = None) -> dict[str, str]:
        kind = "nominal" if field == "name" else "quantitative"
        return tooltip(field, i18n.t(key, language), kind, form)

    band = [
        tip("name", "tiers.abc.col.tier"),
        tip("customers", "tiers.abc.col.customers", ",d"),
        tip("customer_share", "tiers.abc.col.customer_share", CUSTOMER_FORMAT),
        tip("value_share", "tiers.abc.col.revenue_share", VALUE_FORMAT),
    ]
    end = [
        tip("name", "tiers.abc.col.tier"),
        tip("x1", "tiers.abc.chart.x", CUSTOMER_FORMAT),
        tip("y1", "tiers.abc.chart.y", VALUE_FORMAT),
    ]
    return band, end


def _pareto_layers(language: str | None) -> list[dict[str, Any]]:
    """The layers of the Pareto chart, reading the datasets of :func:`pareto_spec`."""
    band_tips, end_tips = _pareto_tips(language)
    x_title = i18n.t("tiers.abc.chart.x", language)
    y_title = i18n.t("tiers.abc.chart.y", language)
    top = 1.08

    def colour() -> dict[str, Any]:
        return {"field": "tier", "legend": None, "type": "nominal",
                "scale": {"domain": list(TIER_COLOURS), "range": list(TIER_COLOURS.values())}}

    small = TYPE["small"]
    return [
        layer("tiers-bands", {"type": "rect", "opacity": 0.14}, color=colour(), tooltip=band_tips,
             x=_share("x0", axis={"format": "%"}, title=x_title), x2={"field": "x1"}),
        layer("tiers-bands", {"type": "text", "baseline": "top", "dy": 4, "fontSize": small,
                             "fontWeight": "bold"},
             color=colour(), text={"field": "label", "type": "nominal"},
             tooltip=[dict(tip) for tip in band_tips],
             x={"field": "mid", "type": "quantitative"}, y={"value": 4}),
        layer("tiers-diagonal", {"type": "line", "color": "#888", "strokeDash": [5, 4],
                                "strokeWidth": 1},
             x=_share("x"), y=_share("y", top)),
        layer("tiers-equal", {"type": "text", "align": "left", "color": "#666", "fontSize": small},
             text={"field": "label", "type": "nominal"}, x=_share("x"), y=_share("y", top)),
        layer("tiers-curve", {"type": "line", "color": "#1d2733", "interpolate": "linear",
                             "strokeWidth": 2.5},
             x=_share("x", axis={"format": "%"}, title=x_title),
             y=_share("y", top, axis={"format": "%", "values": [0, 0.2, 0.4, 0.6, 0.8, 1.0]},
                      title=y_title)),
        layer("tiers-ends", {"type": "point", "filled": True, "size": 70}, color=colour(),
             tooltip=end_tips, x=_share("x1"), y=_share("y1", top)),
        layer("tiers-ends", {"type": "text", "align": "left", "dx": 8, "dy": 12, "fontSize": small,
                            "fontWeight": "bold"},
             color=colour(), text={"field": "end_label", "type": "nominal"},
             tooltip=[dict(tip) for tip in end_tips], x=_share("x1"), y=_share("y1", top)),
    ]


def pareto_spec(ranked: pd.DataFrame, language: str | None = None) -> dict:
    """The Pareto curve of cumulative value against cumulative customers, with tier bands.

    Written as a Vega-Lite dict directly, without Altair (many times faster than building it
    with Altair and ``to_dict``): the page's chart thread sends it on every move of the ABC
    sliders, and pictures and reports render it (``charts.to_svg`` / ``charts.to_png``). Its
    datasets have fixed names, so two charts differ only in their data
    (:func:`cxwidgets.charts.data_change`).

    Parameters
    ----------
    ranked : pandas.DataFrame
        Output of :func:`cxwidgets.tiers.abc_tiers`.
    language : str, optional
        Language of the labels (default: the active one).

    Returns
    -------
    dict
        A new Vega-Lite spec with the course look (:func:`cxwidgets.charts.vegalite`): shaded
        A/B/C bands labelled with their share of customers, the curve, the
        equal-distribution diagonal and the cumulative share of value reached at the end of
        tiers A and B. The shares are formatted as in the tier table
        (:func:`cxwidgets.fmt.percent`: customers whole, value to one decimal).
    """
    bands = _band_rows(ranked, language)
    curve = zip([0.0, *ranked["cum_customer_share"].tolist()],
                [0.0, *ranked["cum_value_share"].tolist()], strict=True)
    datasets = {
        "tiers-bands": bands,
        "tiers-diagonal": [{"x": 0.0, "y": 0.0}, {"x": 1.0, "y": 1.0}],
        "tiers-equal": [{"x": 0.6, "y": 0.5, "label": i18n.t("tiers.abc.chart.equal", language)}],
        "tiers-curve": [{"x": x, "y": y} for x, y in curve],
        "tiers-ends": [dict(row) for row in bands if row["tier"] != "C"],
    }
    chart = {"layer": _pareto_layers(language), "width": 680, "height": 380,
             "title": i18n.t("tiers.abc.chart.title", language)}
    return vegalite(chart, datasets)
