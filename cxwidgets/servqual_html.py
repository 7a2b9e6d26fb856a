"""HTML fragments of lecture 02 (SERVQUAL) shared by the widgets and the report.

Every function takes an optional ``language`` (default: the active one); labels are looked
up in the catalogue when drawing, the analysis results hold codes only.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

from . import fmt as numbers
from . import i18n, servqual


def _translator(language: str | None) -> Callable[..., str]:
    if language:
        return lambda key, **params: i18n.t(key, language, **params)
    return i18n.t


def dimension_name(dimension: str, language: str | None = None) -> str:
    """Translated dimension name."""
    return _translator(language)(f"servqual.dim.{dimension}")


def segment_label(column: str, value: Any, language: str | None = None) -> str:
    """Translated name of a segment value (``tier``/``senior`` -> 银发), else the value."""
    key = f"common.segment.{column}.{value}"
    return _translator(language)(key) if key in i18n.catalogue() else str(value)


def fmt(value: float | None, signed: bool = True) -> str:
    """A gap (``signed``: ``+0.50`` / ``-1.25``) or a mean (``5.50``), two decimals; ``–`` when missing."""
    return numbers.signed(value, 2) if signed else numbers.number(value, 2)


def note(text: str) -> str:
    """An info line (already translated ``text``)."""
    return f'<div class="cx-msg cx-msg-info" role="status">{html.escape(text)}</div>'


def dimension_table(scores, language: str | None = None, weights: bool = True) -> str:
    """HTML table of a :func:`cxwidgets.servqual.score` result (``weights``: show that column)."""
    t = _translator(language)
    keys = ["servqual.results.col.dimension", "servqual.chart.expectation",
            "servqual.chart.perception", "servqual.results.col.gap", "servqual.results.col.n"]
    if weights:
        keys.append("servqual.results.col.weight")
    head = "".join(f"<th>{html.escape(t(k))}</th>" for k in keys)
    rows = []
    for dimension in servqual.DIMENSIONS:
        row = scores.loc[dimension]
        weight = row.get("weight", math.nan)
        weight_cell = f"<td>{numbers.MISSING if weight != weight else f'{weight:g}'}</td>" if weights else ""
        rows.append(
            f'<tr data-dimension="{dimension}"><td>{html.escape(dimension_name(dimension, language))}'
            f"</td><td>{fmt(row['expectation'], False)}</td><td>{fmt(row['perception'], False)}"
            f"</td><td>{fmt(row['gap'])}</td><td>{int(row['n'])}</td>{weight_cell}</tr>")
    return (f'<div class="cx-table cx-sq-dimtable"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def score_line(scores, language: str | None = None, show_weighted: bool = True) -> str:
    """HTML: the unweighted and the weighted SERVQUAL score with what they mean."""
    t = _translator(language)
    attrs = scores.attrs
    parts = [t("servqual.results.unweighted", value=fmt(attrs["unweighted"]))]
    weighted = attrs.get("weighted")
    if show_weighted and weighted is None:
        parts.append(t("servqual.results.weighted_none"))
    elif show_weighted:
        parts.append(t("servqual.results.weighted", value=fmt(weighted)))
    if attrs.get("missing_dimensions"):
        names = i18n.join((dimension_name(d, language) for d in attrs["missing_dimensions"]), language)
        parts.append(t("servqual.results.missing", names=names))
    body = "<br>".join(html.escape(p) for p in parts)
    return f'<div class="cx-sq-score">{body}</div>'


def top_items_html(top, custom: dict[int, str] | None = None,
                   language: str | None = None) -> str:
    """HTML cards for the items with the largest negative gap and their suggestions."""
    t = _translator(language)
    custom = custom or {}
    if top.empty:
        return f'<div class="cx-msg cx-msg-success">{html.escape(t("servqual.results.no_negative"))}</div>'
    cards = []
    for number, row in top.iterrows():
        item = servqual.item(int(number))
        text = custom.get(int(number)) or item.text(language)
        cards.append(
            f'<div class="cx-sq-top" data-item="{int(number)}"><b>{int(number)}. '
            f"{html.escape(text)}</b> "
            + html.escape(t("servqual.results.top_meta",
                            dimension=dimension_name(row["dimension"], language),
                            gap=fmt(row["gap"])))
            + f"<br>{html.escape(t('servqual.results.suggestion'))}{html.escape(item.tip(language))}"
            "</div>")
    return "".join(cards)


def compare_html(comparison, name_a: str, name_b: str, language: str | None = None) -> str:
    """Table of two segments' dimension gaps with Welch's p-value and a reading."""
    t = _translator(language)
    head = (f"<tr><th>{html.escape(t('servqual.results.col.dimension'))}</th>"
            f"<th>{html.escape(name_a)}</th><th>{html.escape(name_b)}</th>"
            f"<th>{html.escape(t('servqual.survey.col.difference'))}</th>"
            f"<th>{html.escape(t('servqual.survey.col.p'))}</th></tr>")
    rows, differing = [], []
    for dimension, row in comparison.iterrows():
        p_value = row["p_value"]
        p_text = numbers.p_value(p_value)
        if p_value == p_value and p_value < 0.05:
            differing.append(dimension_name(dimension, language))
        rows.append(
            f'<tr data-dimension="{dimension}"><td>{html.escape(dimension_name(dimension, language))}'
            f"</td><td>{fmt(row['gap_first'])} (n={int(row['n_first'])})</td>"
            f"<td>{fmt(row['gap_second'])} (n={int(row['n_second'])})</td>"
            f"<td>{fmt(row['difference'])}</td><td>{html.escape(p_text)}</td></tr>")
    if differing:
        reading = t("servqual.survey.differs", names=i18n.join(differing, language))
    else:
        reading = t("servqual.survey.no_difference")
    return (f'<div class="cx-table"><table><thead>{head}</thead><tbody>{"".join(rows)}'
            f"</tbody></table></div>" + note(reading))
