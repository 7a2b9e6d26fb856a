"""HTML fragments of the ABC tiers and MAN exercises, shared by the widgets and the report.

No widget import. Shares are formatted once, with :mod:`cxwidgets.fmt`, from the same
:func:`cxwidgets.tiers.tier_summary`: the sentence, the table, the cards and the chart show
the same figures (customer shares as whole percents, revenue shares to one decimal).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from . import fmt, i18n, tiers
from .tiers_charts import TIER_COLOURS

if TYPE_CHECKING:
    import pandas as pd

#: The M, A and N letters: (short code, prospect column).
LETTERS: tuple[tuple[str, str], ...] = (("m", "money"), ("a", "authority"), ("n", "need"))
CUSTOMER_DIGITS = 0
VALUE_DIGITS = 1


def customer_share(share: float) -> str:
    """A share of customers as shown everywhere (``0.15`` -> ``15%``)."""
    return fmt.percent(share, CUSTOMER_DIGITS)


def value_share(share: float) -> str:
    """A share of revenue as shown everywhere (``0.7012`` -> ``70.1%``)."""
    return fmt.percent(share, VALUE_DIGITS)


def money(value: float, language: str | None = None) -> str:
    """An amount of revenue: ``¥12,345``."""
    return i18n.t("tiers.money", language, amount=fmt.integer(value))


def summary_table_html(summary: pd.DataFrame, language: str | None = None) -> str:
    """The tier summary as an HTML table (escaped, translated headers)."""
    headers = [
        "tiers.abc.col.tier",
        "tiers.abc.col.customers",
        "tiers.abc.col.customer_share",
        "tiers.abc.col.revenue",
        "tiers.abc.col.revenue_share",
        "tiers.abc.col.min",
    ]
    head = "".join(f"<th>{html.escape(i18n.t(key, language))}</th>" for key in headers)
    body = []
    for row in summary.itertuples(index=False):
        minimum = fmt.MISSING if row.customers == 0 else money(row.min_value, language)
        cells = [
            i18n.t(f"tiers.tier.{row.tier}.name", language),
            fmt.integer(row.customers),
            customer_share(row.customer_share),
            money(row.total, language),
            value_share(row.value_share),
            minimum,
        ]
        body.append(
            f'<tr data-tier="{row.tier}">'
            + "".join(f"<td>{html.escape(c)}</td>" for c in cells)
            + "</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def service_cards_html(summary: pd.DataFrame, language: str | None = None) -> str:
    """One card per tier: its name, share of customers and revenue, and what it gets."""
    cards = []
    for row in summary.itertuples(index=False):
        items = i18n.t(f"tiers.tier.{row.tier}.service", language).split("\n")
        bullets = "".join(f"<li>{html.escape(item)}</li>" for item in items if item.strip())
        share = i18n.t(
            "tiers.abc.card.share",
            language,
            customers=row.customers,
            customer_share=customer_share(row.customer_share),
            revenue_share=value_share(row.value_share),
        )
        cards.append(
            f'<div class="cx-tier-card cx-tier-{row.tier.lower()}" '
            f'style="--cx-tier-colour: {TIER_COLOURS[row.tier]}">'
            f"<h4>{html.escape(i18n.t(f'tiers.tier.{row.tier}.name', language))}</h4>"
            f'<p class="cx-tier-share">{html.escape(share)}</p><ul>{bullets}</ul></div>'
        )
    return f'<div class="cx-tier-cards">{"".join(cards)}</div>'


def insight_html(summary: pd.DataFrame, a: float, b: float, language: str | None = None) -> str:
    """The reading of the tiers: what share of the revenue tiers A and C hold.

    The shares of customers come from ``summary`` (the table's figures), not from the
    slider's targets: with 20 customers and A at 21%, tier A holds 4 customers, i.e. 20%,
    and the sentence says 20%. A note explains when ties moved customers up a tier.
    """
    rows = {row.tier: row for row in summary.itertuples(index=False)}
    text = i18n.t(
        "tiers.abc.insight",
        language,
        a=customer_share(rows["A"].customer_share),
        n_a=rows["A"].customers,
        share_a=value_share(rows["A"].value_share),
        c=customer_share(rows["C"].customer_share),
        n_c=rows["C"].customers,
        share_c=value_share(rows["C"].value_share),
    )
    parts = [f'<p class="cx-msg cx-msg-info" role="status">{html.escape(text)}</p>']
    targets = tiers.tier_sizes(int(summary["customers"].sum()), a, b)
    if tuple(int(v) for v in summary["customers"]) != targets:
        parts.append(f"<p>{html.escape(i18n.t('tiers.abc.tie_note', language))}</p>")
    return "".join(parts)


def summary_records(summary: pd.DataFrame) -> list[dict[str, Any]]:
    """The tier summary as JSON for the workbook."""
    return [
        {
            "tier": row.tier,
            "customers": int(row.customers),
            "customer_share": round(float(row.customer_share), 4),
            "total": float(row.total),
            "value_share": round(float(row.value_share), 4),
        }
        for row in summary.itertuples(index=False)
    ]


# ---------------------------------------------------------------------- MAN


def prospect_text(prospect: str, part: str, language: str | None = None) -> str:
    """A prospect's ``name``, ``description`` or ``facts`` (catalogue ``tiers.prospect.*``)."""
    return i18n.t(f"tiers.prospect.{prospect}.{part}", language)


def truth_of(row: Any) -> dict[str, bool]:
    """The true M/A/N facts of a prospect row of :func:`cxwidgets.tiers.prospects`."""
    return {short: bool(getattr(row, field)) for short, field in LETTERS}


def prospect_feedback(
    answer: dict[str, Any], truth: dict[str, bool], language: str | None = None
) -> tuple[str, int, bool]:
    """Feedback on one prospect: compare the learner's M/A/N and next step with the facts.

    Parameters
    ----------
    answer : dict
        ``{"m", "a", "n": bool, "step": verdict code or ""}``.
    truth : dict
        ``{"m", "a", "n": bool}``: the true facts.
    language : str, optional
        Language of the text.

    Returns
    -------
    tuple
        ``(html, letters_right, step_right)``.
    """

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    def yes_no(flag: bool) -> str:
        return t("tiers.man.yes") if flag else t("tiers.man.no")

    items = []
    right = 0
    for short, _field in LETTERS:
        ok = bool(answer.get(short)) == bool(truth[short])
        right += ok
        key = "tiers.man.fb.right" if ok else "tiers.man.fb.wrong"
        text = t(
            key,
            letter=t(f"tiers.man.letter.{short}"),
            yours=yes_no(bool(answer.get(short))),
            truth=yes_no(bool(truth[short])),
        )
        css = "cx-man-right" if ok else "cx-man-wrong"
        items.append(f'<li class="{css}">{html.escape(text)}</li>')
    true_step = tiers.man_qualify(truth["m"], truth["a"], truth["n"])
    step = answer.get("step") or ""
    step_ok = step == true_step
    if not step:
        text = t("tiers.man.fb.step_none", truth=t(f"tiers.verdict.{true_step}"))
        css = "cx-man-wrong"
    elif step_ok:
        text, css = t("tiers.man.fb.step_right", step=t(f"tiers.verdict.{step}")), "cx-man-right"
    else:
        text = t(
            "tiers.man.fb.step_wrong",
            yours=t(f"tiers.verdict.{step}"),
            truth=t(f"tiers.verdict.{true_step}"),
        )
        css = "cx-man-wrong"
        implied = tiers.man_qualify(
            bool(answer.get("m")), bool(answer.get("a")), bool(answer.get("n"))
        )
        if implied != step:
            text += " " + t("tiers.man.fb.implied", implied=t(f"tiers.verdict.{implied}"))
    items.append(f'<li class="{css} cx-man-step-feedback">{html.escape(text)}</li>')
    return f"<ul>{''.join(items)}</ul>", right, step_ok


def letters(flags: dict[str, Any]) -> str:
    """``"MA-"``: the letters that hold, ``-`` for those that do not."""
    return "".join(short.upper() if flags.get(short) else "-" for short, _field in LETTERS)
