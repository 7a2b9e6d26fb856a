"""HTML of lecture 09 shared by its widgets and its report section (no widget imports).

* :func:`highlight`: the reply with each finding's exact characters in a
  ``<mark class="cx-lang-mark cx-lang-<category>" data-rule="..." title="why">``; a text-level
  finding (something missing, ``start == end``) is an empty ``<mark class="cx-lang-gap">`` at
  its insertion point. Overlapping findings split the text into segments, each marked with every
  finding covering it. Everything is escaped.
* :func:`findings_html`: the list of findings: what, where, why, and a rewrite.
* :func:`steps_html`: which E.A.R.S. / 5A steps a reply holds.
* :func:`budget_html`: the recovery budget and the verdict on a plan's cost.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from . import fmt, i18n
from .language import Finding
from .recovery import MODELS, StepReport


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _mark(findings: Sequence[Finding], body: str) -> str:
    categories = sorted({f.category for f in findings})
    classes = " ".join(["cx-lang-mark", *(f"cx-lang-{c}" for c in categories)])
    rules = " ".join(f.rule for f in findings)
    title = html.escape(" / ".join(dict.fromkeys(f.why for f in findings)), quote=True)
    return f'<mark class="{classes}" data-rule="{rules}" title="{title}">{body}</mark>'


def _gap(finding: Finding) -> str:
    title = html.escape(finding.why, quote=True)
    return (f'<mark class="cx-lang-gap cx-lang-{finding.category}" data-rule="{finding.rule}" '
            f'title="{title}"></mark>')


def highlight(text: str, findings: Sequence[Finding]) -> str:
    """The reply as HTML with every finding marked on its exact characters."""
    spans = [f for f in findings if f.end > f.start]
    gaps = sorted((f for f in findings if f.end == f.start), key=lambda f: f.start)
    cuts = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in spans)})
    parts: list[str] = []
    for left, right in zip(cuts, [*cuts[1:], None], strict=True):
        parts += [_gap(f) for f in gaps if f.start == left]
        if right is None:
            break
        body = _esc(text[left:right])
        covering = [f for f in spans if f.start <= left and right <= f.end]
        parts.append(_mark(covering, body) if covering else body)
    return f'<div class="cx-lang-text">{"".join(parts)}</div>'


def _where(text: str, finding: Finding) -> str:
    if finding.scope == "text":
        key = "language.coach.missing_at_start" if finding.start == 0 else "language.coach.missing_at_end"
        return i18n.t(key)
    return i18n.t("language.coach.quote", text=text[finding.start:finding.end])


def _label(finding: Finding) -> str:
    """A span's category (``推诿``), or which step is missing for a text-level finding."""
    if finding.scope == "text":
        return i18n.t(f"language.rule.{finding.rule}.label")
    return i18n.t(f"language.category.{finding.category}")


def findings_html(text: str, findings: Sequence[Finding]) -> str:
    """The findings as a list: category, the flagged words, why, and a concrete rewrite."""
    if not text.strip():
        return f'<p class="cx-note cx-lang-empty">{html.escape(i18n.t("language.coach.empty"))}</p>'
    if not findings:
        return f'<p class="cx-lang-good">{html.escape(i18n.t("language.coach.good"))}</p>'
    items = []
    for finding in findings:
        items.append(
            f'<li class="cx-lang-finding" data-rule="{finding.rule}" data-start="{finding.start}" '
            f'data-end="{finding.end}">'
            f'<b class="cx-lang-label cx-lang-{finding.category}">{html.escape(_label(finding))}</b> '
            f'<span class="cx-lang-where">{html.escape(_where(text, finding))}</span>'
            f'<div class="cx-lang-why">{html.escape(i18n.t("language.coach.why"))}'
            f'{html.escape(finding.why)}</div>'
            f'<div class="cx-lang-rewrite">{html.escape(i18n.t("language.coach.rewrite"))}'
            f'{html.escape(finding.suggestion)}</div></li>'
        )
    head = html.escape(i18n.t("language.coach.findings", n=len(findings)))
    return f'<p class="cx-lang-count">{head}</p><ol class="cx-lang-findings">{"".join(items)}</ol>'


def step_names(model: str, steps: Sequence[str]) -> str:
    """The steps' names in the active language, as a list (``"–"`` when there are none)."""
    return i18n.join(i18n.t(f"recovery.step.{model}.{s}") for s in steps) if steps else fmt.MISSING


def steps_html(report: StepReport) -> str:
    """One model's steps: each found (✓, the words that show it) or missing, and the order."""
    chips = []
    for step in MODELS[report.model]:
        found = step in report.found
        chips.append(
            f'<span class="cx-rec-step" data-step="{step}" data-found="{int(found)}">'
            f'{"✓" if found else "✗"} {html.escape(i18n.t(f"recovery.step.{report.model}.{step}"))}'
            "</span>"
        )
    if report.missing:
        missing = i18n.t("recovery.structure.missing", steps=step_names(report.model, report.missing))
    else:
        missing = i18n.t("recovery.structure.none_missing")
    order = (i18n.t("recovery.structure.in_order") if report.in_order else
             i18n.t("recovery.structure.out_of_order", order=step_names(report.model, report.order)))
    name = html.escape(i18n.t(f"recovery.structure.model.{report.model}"))
    return (f'<div class="cx-rec-steps" data-model="{report.model}" '
            f'data-missing="{" ".join(report.missing)}" data-in-order="{int(report.in_order)}">'
            f'<b>{name}</b> {"".join(chips)}'
            f'<div class="cx-rec-missing">{html.escape(missing)} {html.escape(order)}</div></div>')


def _clv_params(clv: dict[str, Any]) -> dict[str, str]:
    period = "month" if clv.get("period") == "month" else "year"
    return {"clv": fmt.integer(clv.get("clv")), "margin": fmt.plain(clv.get("margin")),
            "retention": fmt.percent(clv.get("retention"), 1),
            "discount": fmt.percent(clv.get("discount"), 1),
            "period": i18n.t(f"recovery.period.{period}")}


def budget_html(clv: dict[str, Any], result: dict[str, Any] | None, lost: float = 0.0) -> str:
    """The budget (CLV kept minus lost, with the CLV's source) and the verdict on the cost."""
    source = "learner" if clv.get("source") == "learner" else "sample"
    lines = [
        f'<p class="cx-rec-clv" data-source="{source}">'
        f'{html.escape(i18n.t(f"recovery.plan.clv_{source}", **_clv_params(clv)))}</p>'
    ]
    if result is not None:
        lines.append(
            f'<p class="cx-rec-budget" data-budget="{result["budget"]:.2f}">' + html.escape(i18n.t(
                "recovery.plan.budget_line", kept=fmt.integer(clv["clv"]), lost=fmt.integer(lost),
                budget=fmt.integer(result["budget"]))) + "</p>")
        lines.append(
            f'<p class="cx-rec-gain" data-gain="{result["expected_gain"]:.2f}">' + html.escape(i18n.t(
                "recovery.plan.gain_line", uplift=fmt.percent(result["uplift"]),
                gain=fmt.integer(result["expected_gain"]), cost=fmt.integer(result["cost"]),
                net=fmt.signed(result["net"], 0))) + "</p>")
        verdict = result["verdict"]
        lines.append(f'<p class="cx-rec-verdict cx-rec-verdict-{verdict}" data-verdict="{verdict}">'
                     f'{html.escape(i18n.t(f"recovery.verdict.{verdict}"))}</p>')
    return f'<div class="cx-rec-budget-box">{"".join(lines)}</div>'
