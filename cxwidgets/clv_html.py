"""HTML fragments of lecture 01 shared by its widgets and its report section.

Each function takes results holding codes and numbers (:mod:`cxwidgets.clv`,
:mod:`cxwidgets.retention`) and the language to draw them in (default: the active one).
Styles: the lecture 01 section of ``cxwidgets/static/course.css`` (classes ``cx-clv-*``).
"""

from __future__ import annotations

import html
from typing import Any

from . import clv, fmt, i18n
from .retention import TenureResult


def _t(key: str, language: str | None, **params: object) -> str:
    return i18n.t(key, language, **params) if language else i18n.t(key, **params)


def money(amount: float | None, language: str | None = None) -> str:
    """An amount in yuan: ``"2,068 元"`` / ``"CNY 2,068"``."""
    return _t("clv.money", language, amount=fmt.integer(amount))


def period_name(period: str, language: str | None = None) -> str:
    """``"月"`` / ``"month"``."""
    return _t(f"clv.period.{period}", language)


def _figure(css: str, label: str, value: str, hint: str = "") -> str:
    hint_html = f'<div class="cx-clv-hint">{html.escape(hint)}</div>' if hint else ""
    return (f'<div class="cx-clv-figure {css}"><div class="cx-clv-label">{html.escape(label)}</div>'
            f'<div class="cx-clv-value">{html.escape(value)}</div>{hint_html}</div>')


def result_html(result: clv.Result, language: str | None = None) -> str:
    """The four headline figures: CLV, expected lifetime, CLV / acquisition cost, payback."""
    period = period_name(result.period, language)
    unit = _t(f"clv.unit.{result.period}", language)
    horizon = (_t("clv.result.horizon", language, n=result.periods, unit=unit)
               if result.periods else _t("clv.result.no_horizon", language))
    lifetime = fmt.number(result.lifetime, 1)
    if result.ratio is None:
        ratio, ratio_hint = fmt.MISSING, _t("clv.result.ratio_none", language)
    else:
        ratio = f"{fmt.number(result.ratio, 1)}×"
        ratio_hint = _t("clv.result.ratio_low" if result.ratio < 1 else "clv.result.ratio_hint",
                        language)
    if result.payback is None:
        payback = _t("clv.result.payback_never", language)
    else:
        payback = _t("clv.result.payback_value", language, n=result.payback, unit=unit)
    figures = [
        _figure("cx-clv-figure-clv", _t("clv.result.clv", language),
                money(result.clv, language), horizon),
        _figure("cx-clv-figure-lifetime", _t("clv.result.lifetime", language),
                _t("clv.result.lifetime_value", language, n=lifetime, unit=unit),
                _t("clv.result.lifetime_hint", language)),
        _figure("cx-clv-figure-ratio", _t("clv.result.ratio", language), ratio, ratio_hint),
        _figure("cx-clv-figure-payback", _t("clv.result.payback", language), payback,
                _t("clv.result.payback_hint", language)),
    ]
    rates = _t("clv.result.rates", language, retention=fmt.percent(result.retention, 2),
               discount=fmt.percent(result.discount, 3 if result.period == "month" else 2),
               period=period)
    return (f'<div class="cx-clv-result" data-clv="{result.clv:.2f}">{"".join(figures)}</div>'
            f'<p class="cx-note cx-clv-rates">{html.escape(rates)}</p>')


def warnings_html(notes: list[tuple[str, dict[str, Any]]], language: str | None = None) -> str:
    """The warnings of :func:`cxwidgets.clv.warnings`, formatted (empty when none)."""
    parts = []
    for key, params in notes:
        shown = {}
        for name, value in params.items():
            if name.endswith("period"):
                shown[name] = period_name(value, language)
            else:
                shown[name] = fmt.percent(value, 2)
        code = key.rsplit(".", 1)[-1]
        parts.append(f'<div class="cx-msg cx-msg-warning cx-clv-warning" data-warning="{code}" '
                     f'role="status">{html.escape(_t(key, language, **shown))}</div>')
    return "".join(parts)


def step_html(result: clv.Result, effect: dict[str, float] | None,
              language: str | None = None) -> str:
    """What "+5 points of retention" does to the learner's own CLV, in a sentence."""
    if effect is None:
        text = _t("clv.step.none", language)
    else:
        key = "clv.step.text_month" if result.period == "month" else "clv.step.text_year"
        text = _t(key, language,
                  before=fmt.percent(effect["annual_before"], 1),
                  after=fmt.percent(effect["annual_after"], 1),
                  monthly_before=fmt.percent(result.retention, 2),
                  monthly_after=fmt.percent(effect["retention"], 2),
                  clv_before=money(result.clv, language), clv_after=money(effect["clv"], language),
                  change=fmt.percent(effect["change"], 0))
    return f'<p class="cx-clv-step">{html.escape(text)}</p>'


def grid_html(result: clv.Result, rows: list[dict[str, float]],
              language: str | None = None) -> str:
    """The churn x margin table: CLV per churn rate (rows) and margin (columns)."""
    churns = sorted({row["churn"] for row in rows})
    digits = 1 if all(round(c * 1000) == c * 1000 for c in churns) else 2
    margins = sorted({row["margin"] for row in rows})
    cells = {(row["churn"], row["margin"]): row["clv"] for row in rows}
    period = period_name(result.period, language)
    own_churn = round(1 - result.retention, 6)
    own_col = ' data-own="1"'
    head = "".join(
        f'<th scope="col"{own_col if m == result.margin else ""}>'
        f"{html.escape(money(m, language))}</th>" for m in margins)
    body = []
    for c in churns:
        own_row = c == own_churn
        tds = []
        for m in margins:
            own = own_row and m == result.margin
            mark = ' class="cx-clv-own" data-own="1"' if own else ""
            tds.append(f"<td{mark}>{html.escape(fmt.integer(cells[(c, m)]))}</td>")
        body.append(f'<tr><th scope="row">{html.escape(fmt.percent(c, digits))}</th>{"".join(tds)}</tr>')
    caption = _t("clv.grid.caption", language, period=period)
    corner = _t("clv.grid.corner", language)
    return (f'<div class="cx-table cx-clv-grid"><table><caption>{html.escape(caption)}</caption>'
            f'<thead><tr><th scope="col">{html.escape(corner)}</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def tenure_table_html(result: TenureResult, language: str | None = None) -> str:
    """Tenure segments: observed and fitted monthly retention."""
    head = "".join(f'<th scope="col">{html.escape(_t(k, language))}</th>' for k in (
        "clv.tenure.col.segment", "clv.tenure.col.observed", "clv.tenure.col.fitted"))
    rows = []
    for row in result.segments:
        segment = _t(f"common.segment.tenure.{row['segment']}", language)
        observed = fmt.percent(row["observed"], 2) if row["observed"] is not None else fmt.MISSING
        flag = "" if row["in_fit"] else f' <span class="cx-muted">{html.escape(_t("clv.tenure.holdout", language))}</span>'
        rows.append(f'<tr data-segment="{html.escape(row["segment"])}"><th scope="row">'
                    f"{html.escape(segment)}</th><td>{html.escape(observed)}{flag}</td>"
                    f"<td>{html.escape(fmt.percent(row['fitted'], 2))}</td></tr>")
    return (f'<div class="cx-table cx-clv-tenure-table"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def tenure_summary_html(result: TenureResult, language: str | None = None) -> str:
    """The model's parameters and how far one average rate is off."""
    model = result.model
    params = _t("clv.tenure.params", language, alpha=fmt.number(model.alpha, 3),
                beta=fmt.number(model.beta, 2), churn=fmt.percent(model.mean_churn, 1),
                months=result.calibration)
    key = "clv.tenure.under" if result.misstatement < 0 else "clv.tenure.over"
    verdict = _t(key, language, average=fmt.percent(result.average, 2),
                 clv_average=money(result.clv_average, language),
                 clv_model=money(result.clv_model, language),
                 change=fmt.percent(abs(result.misstatement), 0))
    flat = (f'<p class="cx-clv-flat">{html.escape(_t("clv.tenure.flat", language, months=result.calibration))}</p>'
            if model.flat else "")
    return (f'<div class="cx-clv-tenure-summary" data-misstatement="{result.misstatement:.4f}" '
            f'data-flat="{int(model.flat)}"><p class="cx-note">{html.escape(params)}</p>{flat}'
            f"<p><strong>{html.escape(verdict)}</strong></p></div>")


def chain_detail_html(link: dict[str, str], language: str | None = None) -> str:
    """One link of the service-profit chain: what it says, a broadband example, the evidence."""
    code = link["id"]
    title = _t("clv.chain.link_title", language, source=_t(f"clv.chain.node.{link['from']}", language),
               target=_t(f"clv.chain.node.{link['to']}", language))
    strength = _t(f"clv.chain.strength.{link['strength']}", language)
    parts = [
        f'<div class="cx-clv-chain-detail" data-link="{html.escape(code)}">',
        f"<h4>{html.escape(title)}</h4>",
        f"<p>{html.escape(_t(f'clv.chain.link.{code}.claim', language))}</p>",
        f"<p><strong>{html.escape(_t('clv.chain.example', language))}</strong>"
        f"{html.escape(_t(f'clv.chain.link.{code}.example', language))}</p>",
        f'<p class="cx-clv-evidence" data-strength="{html.escape(link["strength"])}"><strong>'
        f"{html.escape(_t('clv.chain.evidence', language, strength=strength))}</strong>"
        f"{html.escape(_t(f'clv.chain.link.{code}.evidence', language))}</p>",
        "</div>",
    ]
    return "".join(parts)
