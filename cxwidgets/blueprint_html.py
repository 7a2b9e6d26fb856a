"""HTML fragments of lecture 05 shared by the widgets and the report (no widget import).

Findings of the checks, the flow line (critical path or loop), the fail-point ranking, the
comparison with the reference blueprint and the table of steps. Every function takes the
language to write in; texts come from the catalogue, numbers from :mod:`cxwidgets.fmt`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import fmt, i18n
from .blueprint import LANES, Blueprint, Finding, Flow, RankedFail, run_checks

if TYPE_CHECKING:  # pragma: no cover
    from .journey import Journey


def _t(key: str, language: str, **params: Any) -> str:
    return i18n.t(key, language, **params)


def _e(text: object) -> str:
    return html.escape(str(text))


def minutes(value: float | None) -> str:
    """Minutes as shown: ``90`` -> ``"90"``, ``2.5`` -> ``"2.5"``."""
    return fmt.MISSING if value is None else f"{float(value):g}"


def step_ref(blueprint: Blueprint, step_id: str, language: str) -> str:
    """A step as named in sentences: its number and text, ``3 "Orders online"``."""
    numbers = blueprint.numbers()
    if step_id not in numbers:
        return str(step_id)
    step = blueprint.step(step_id)
    text = step.text or _t("blueprint.step.untitled", language)
    return _t("blueprint.step.ref", language, number=numbers[step_id], text=text)


def _touchpoint_name(journey: Journey | None, touchpoint: str | None) -> str:
    if journey is None or not touchpoint:
        return str(touchpoint or fmt.MISSING)
    for tp in journey.touchpoints():
        if tp.id == touchpoint:
            return tp.name
    return touchpoint


def finding_params(
    finding: Finding, blueprint: Blueprint, journey: Journey | None, language: str
) -> dict[str, str]:
    """The finding's parameters as text in ``language`` (step refs, line names, numbers)."""
    numbers = blueprint.numbers()
    params: dict[str, str] = {"step": step_ref(blueprint, finding.step, language)}
    for name, value in finding.params.items():
        if name == "from_step":
            params[name] = step_ref(blueprint, value, language)
        elif name == "steps":
            params[name] = " \u2192 ".join(str(numbers.get(i, i)) for i in value)
        elif name == "lines":
            params[name] = i18n.join([_t(f"blueprint.line.{c}", language) for c in value], language)
        elif name == "missing":
            params[name] = i18n.join(
                [_t(f"blueprint.field.{'fail_owner' if c == 'owner' else c}", language) for c in value],
                language,
            )
        elif name == "touchpoint":
            params[name] = _touchpoint_name(journey, value)
        elif name == "value":
            params[name] = fmt.signed(value, 0)
        else:
            params[name] = minutes(value)
    return params


def finding_text(
    finding: Finding, blueprint: Blueprint, journey: Journey | None, language: str
) -> str:
    """The sentence of one finding."""
    return _t(finding.key, language, **finding_params(finding, blueprint, journey, language))


def findings_html(
    findings: Sequence[Finding],
    blueprint: Blueprint,
    journey: Journey | None,
    language: str,
    explain: bool = True,
) -> str:
    """The findings as a list, each with its level, check name, sentence and why it matters.

    Each item carries ``data-check`` (the check code) and ``data-step`` (the step id).
    """
    if not findings:
        return f'<p class="cx-bp-ok" role="status">{_e(_t("blueprint.check.none", language))}</p>'
    problems = sum(1 for f in findings if f.level == "problem")
    count = _t("blueprint.check.count", language, problems=problems, notes=len(findings) - problems)
    items = []
    for finding in findings:
        level = _t(f"blueprint.check.level.{finding.level}", language)
        name = _t(f"blueprint.check.{finding.check}.name", language)
        why = (
            f'<details><summary>{_e(name)}</summary>'
            f'<p>{_e(_t(f"blueprint.check.{finding.check}.why", language))}</p></details>'
            if explain
            else ""
        )
        items.append(
            f'<li class="cx-bp-finding cx-bp-{finding.level}" data-check="{_e(finding.check)}" '
            f'data-step="{_e(finding.step)}"><span class="cx-bp-level">{_e(level)}</span> '
            f"{_e(finding_text(finding, blueprint, journey, language))}{why}</li>"
        )
    return (
        f'<p class="cx-bp-count">{_e(count)}</p>'
        f'<ul class="cx-bp-findings">{"".join(items)}</ul>'
    )


def flow_html(flow: Flow, blueprint: Blueprint, language: str) -> str:
    """One line: the critical path and its total, or the loop that prevents one."""
    numbers = blueprint.numbers()
    if flow.loop:
        steps = " \u2192 ".join(str(numbers.get(i, i)) for i in flow.loop)
        text = _t("blueprint.flow.loop", language, steps=steps)
    elif len(flow.path) > 1 or flow.total:
        path = " \u2192 ".join(str(numbers.get(i, i)) for i in flow.path)
        key = "blueprint.flow.path" if flow.total else "blueprint.flow.no_durations"
        text = _t(key, language, path=path, total=minutes(flow.total))
    else:
        text = _t("blueprint.flow.empty", language)
    return f'<p class="cx-bp-flow">{_e(text)}</p>'


def _gap_label(gap: int | None, language: str) -> str:
    return _t(f"blueprint.gap.{gap}" if gap in (2, 3) else "blueprint.gap.none", language)


def order_ranking(ranked: Sequence[RankedFail], order: str) -> list[RankedFail]:
    """The ranking in the order shown: ``weighted`` as ranked, or ``rpn`` (plain FMEA)."""
    if order != "rpn":
        return list(ranked)
    rated = [r for r in ranked if r.rpn is not None]
    rest = [r for r in ranked if r.rpn is None]
    return sorted(rated, key=lambda r: -r.rpn) + rest  # type: ignore[operator]


def ranking_table(
    ranked: Sequence[RankedFail],
    blueprint: Blueprint,
    language: str,
    order: str = "weighted",
) -> str:
    """The ranked fail points as a table (rank, step, failure, ratings, emotion, gap)."""
    if not ranked:
        return f'<p class="cx-bp-empty">{_e(_t("blueprint.ranking.none", language))}</p>'
    cols = ("rank", "step", "fail", "sod", "rpn", "emotion", "weight", "weighted", "gap")
    head = "".join(f"<th>{_e(_t(f'blueprint.ranking.col.{c}', language))}</th>" for c in cols)
    rows = []
    unrated = _t("blueprint.ranking.unrated", language)
    for item in order_ranking(ranked, order):
        step = blueprint.step(item.step)
        fail = step.fail
        sod = (
            f"{fail.severity} \u00d7 {fail.occurrence} \u00d7 {fail.detection}"
            if fail is not None and item.rpn is not None
            else unrated
        )
        cells = (
            fmt.MISSING if item.rank is None else str(item.rank),
            step_ref(blueprint, item.step, language),
            (fail.text if fail else "") or fmt.MISSING,
            sod,
            fmt.MISSING if item.rpn is None else str(item.rpn),
            fmt.signed(item.emotion, 0),
            fmt.number(item.weight, 1),
            fmt.number(item.weighted, 1),
            _gap_label(item.gap, language),
        )
        rows.append(
            f'<tr class="cx-bp-rank-row" data-step="{_e(item.step)}">'
            + "".join(f"<td>{_e(c)}</td>" for c in cells)
            + "</tr>"
        )
    return (
        f'<table class="cx-bp-ranking"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


def ranking_summary(ranked: Sequence[RankedFail], blueprint: Blueprint, language: str) -> str:
    """Sentences under the ranking: the top risk, whether emotion changed it, the gap counts."""
    if not ranked:
        return ""
    parts = []
    top = [r for r in ranked if r.rank == 1]
    if top:
        parts.append(
            _t(
                "blueprint.ranking.top",
                language,
                step=step_ref(blueprint, top[0].step, language),
                weighted=fmt.number(top[0].weighted, 1),
            )
        )
        by_rpn = order_ranking(ranked, "rpn")
        if by_rpn and by_rpn[0].step != top[0].step and by_rpn[0].rpn != top[0].rpn:
            parts.append(
                _t("blueprint.ranking.different", language,
                   step=step_ref(blueprint, top[0].step, language))
            )
    counts = {gap: sum(1 for r in ranked if r.gap == gap) for gap in (2, 3)}
    parts.append(
        _t(
            "blueprint.ranking.gaps",
            language,
            two=counts[2],
            three=counts[3],
            none=len(ranked) - counts[2] - counts[3],
        )
    )
    return "".join(f'<p class="cx-bp-summary">{_e(p)}</p>' for p in parts)


def comparison_table(
    mine: Blueprint, reference: Blueprint, journey: Journey | None, language: str
) -> str:
    """Steps per lane, fail points, wait points and check problems: mine against the reference."""

    def counts(blueprint: Blueprint, use_journey: Journey | None) -> list[int]:
        lanes = [sum(1 for s in blueprint.steps if s.lane == lane) for lane in LANES]
        problems = sum(1 for f in run_checks(blueprint, use_journey) if f.level == "problem")
        return [
            *lanes,
            sum(1 for s in blueprint.steps if s.fail),
            sum(1 for s in blueprint.steps if s.wait),
            problems,
        ]

    labels = [_t(f"blueprint.lane.{lane}", language) for lane in LANES] + [
        _t(f"blueprint.reference.row.{row}", language) for row in ("fail", "wait", "problems")
    ]
    a, b = counts(mine, journey), counts(reference, journey)
    head = "".join(
        f"<th>{_e(_t(f'blueprint.reference.col.{c}', language))}</th>"
        for c in ("lane", "mine", "reference")
    )
    rows = "".join(
        f"<tr><td>{_e(label)}</td><td>{x}</td><td>{y}</td></tr>" for label, x, y in zip(labels, a, b, strict=True)
    )
    return f'<table class="cx-bp-compare"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def fail_list(blueprint: Blueprint, language: str) -> str:
    """The fail points of a blueprint with prevention, recovery and owner."""
    items = []
    for step in blueprint.ordered():
        if step.fail is None:
            continue
        fail = step.fail
        details = "; ".join(
            f"{_t(f'blueprint.field.{name}', language)}{_t('common.colon', language)}{value}"
            for name, value in (
                ("prevention", fail.prevention),
                ("recovery", fail.recovery),
                ("fail_owner", fail.owner),
            )
            if value
        )
        items.append(
            f"<li><strong>{_e(step_ref(blueprint, step.id, language))}</strong> "
            f"{_e(fail.text)}<br><span class=\"cx-muted\">{_e(details)}</span></li>"
        )
    return f'<ul class="cx-bp-fails">{"".join(items)}</ul>' if items else ""


def steps_table(blueprint: Blueprint, language: str) -> str:
    """Every step: number, lane, text, owner, duration, status (the report's list)."""
    head_keys = ("tip.number", "tip.lane", "tip.text", "tip.owner", "tip.duration", "tip.status")
    head = "".join(f"<th>{_e(_t(f'blueprint.chart.{k}', language))}</th>" for k in head_keys)
    numbers = blueprint.numbers()
    rows = []
    for step in blueprint.ordered():
        cells = (
            numbers[step.id],
            _t(f"blueprint.lane.{step.lane}", language),
            step.text or _t("blueprint.step.untitled", language),
            step.owner or fmt.MISSING,
            minutes(step.duration),
            _t(f"blueprint.status.{step.status}", language),
        )
        rows.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    return f'<table class="cx-bp-steps"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def source_text(source: str, language: str) -> str:
    """Where the blueprint started, as text."""
    return _t(f"blueprint.source.{source}", language)


__all__ = [
    "comparison_table",
    "fail_list",
    "finding_params",
    "finding_text",
    "findings_html",
    "flow_html",
    "minutes",
    "order_ranking",
    "ranking_summary",
    "ranking_table",
    "source_text",
    "step_ref",
    "steps_table",
]

