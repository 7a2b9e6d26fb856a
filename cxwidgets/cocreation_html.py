"""HTML fragments of lecture 10 shared by its exercises and its report section.

Every number shown names the method it came from (``peer.method.*`` in the catalogue).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from . import fmt, i18n
from .cocreation import LISTS, items, plan_columns, usertest_columns
from .cocreation_charts import team_name
from .peer import LEARNER, PeerResult


def _esc(text: Any) -> str:
    return html.escape(str(text))


def table(head: Sequence[str], rows: Sequence[Sequence[str]], css: str) -> str:
    """A plain HTML table of texts (escaped)."""
    cells = "".join(f"<th>{_esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'


def method(key: str, language: str | None = None) -> str:
    """A line naming the method behind the numbers above it."""
    label = i18n.t("peer.method.label", language)
    colon = i18n.t("common.colon", language)
    return f'<p class="cx-method cx-muted">{_esc(label)}{_esc(colon)}{_esc(i18n.t(key, language))}</p>'


def _cell(column: str, value: str, language: str | None) -> str:
    if column == "decision" and value:
        return i18n.t(f"cocreation.decision.{value}", language)
    return value


def rows_table(rows: Sequence[Mapping[str, str]], columns: Sequence[str], css: str,
               language: str | None = None) -> str:
    """A plan or user-test table (column names from ``cocreation.column.<id>``)."""
    head = [i18n.t(f"cocreation.column.{c}", language) for c in columns]
    body = [[_cell(c, str(row.get(c, "")), language) for c in columns] for row in rows]
    return table(head, body, css)


def board_html(board: Mapping[str, Any], language: str | None = None) -> str:
    """The team board: name, the three lists, and the plan."""
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    name = str(board.get("team", "")).strip() or t("cocreation.board.no_name")
    parts = [f'<p class="cx-board-team"><strong>{_esc(t("cocreation.board.team"))}'
             f'{_esc(t("common.colon"))}</strong>{_esc(name)}</p>', '<div class="cx-board-lists">']
    for key in LISTS:
        entries = items(board.get(key))
        body = "".join(f"<li>{_esc(e)}</li>" for e in entries) or (
            f'<li class="cx-muted">{_esc(t("cocreation.board.none"))}</li>')
        parts.append(f'<div class="cx-board-list cx-board-{key}"><h4>'
                     f'{_esc(t(f"cocreation.board.{key}"))}</h4><ol>{body}</ol></div>')
    parts.append("</div>")
    plan = [row for row in board.get("plan") or [] if any(str(v).strip() for v in row.values())]
    if plan:
        parts.append(f"<h4>{_esc(t('cocreation.board.plan'))}</h4>")
        parts.append(rows_table(plan, plan_columns(), "cx-board-plan-table", language))
    return "".join(parts)


def usertest_html(value: Mapping[str, Any], language: str | None = None) -> str:
    """The user-test table of a concept."""
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    concept = str(value.get("concept", "")).strip() or t("cocreation.usertest.no_concept")
    rows = [row for row in value.get("rows") or [] if any(str(v).strip() for v in row.values())]
    parts = [f'<p><strong>{_esc(t("cocreation.usertest.concept"))}{_esc(t("common.colon"))}'
             f"</strong>{_esc(concept)}</p>"]
    if rows:
        parts.append(rows_table(rows, usertest_columns(), "cx-usertest-table", language))
    return "".join(parts)


def rater_name(rater: str, language: str | None = None) -> str:
    """``me`` is the learner; sample raters keep their code."""
    return i18n.t("peer.rater.me", language) if rater == LEARNER else rater


def results_html(result: PeerResult, own: str | None, language: str | None = None) -> str:
    """Team table (raw, corrected, raters), agreement and the learner's bias, with methods."""
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    head = [t("peer.result.rank"), t("peer.result.team"), t("peer.result.raw"),
            t("peer.result.corrected"), t("peer.result.n")]
    rows = [[str(rank), team_name(row["team"], own, language), fmt.number(row["raw"], 2),
             fmt.number(row["corrected"], 2), str(row["n"])]
            for rank, row in enumerate(result.teams, start=1)]
    parts = [table(head, rows, "cx-peer-results"), method("peer.method.corrected", language)]
    parts.append(
        f'<p class="cx-peer-alpha" data-alpha="{fmt.number(result.alpha, 3)}">'
        f'{_esc(t("peer.result.alpha", raw=fmt.number(result.alpha, 2), corrected=fmt.number(result.alpha_corrected, 2)))}</p>'
    )
    parts.append(method("peer.method.alpha", language))
    me = result.rater(LEARNER)
    if me is not None and me["bias"] is not None:
        key = "peer.result.bias_high" if me["bias"] > 0.25 else (
            "peer.result.bias_low" if me["bias"] < -0.25 else "peer.result.bias_fair")
        parts.append(f'<p class="cx-peer-my-bias" data-bias="{fmt.signed(me["bias"], 2)}">'
                     f'{_esc(t(key, bias=fmt.signed(me["bias"], 2)))}</p>')
        parts.append(method("peer.method.bias", language))
    return "".join(parts)


def bias_table(result: PeerResult, language: str | None = None) -> str:
    """Every rater's bias (leave-one-out), the learner first."""
    t = lambda key, **p: i18n.t(key, language, **p)  # noqa: E731
    raters = sorted(result.raters, key=lambda r: (r["rater"] != LEARNER, r["rater"]))
    head = [t("peer.result.rater"), t("peer.result.rater_team"), t("peer.result.bias"),
            t("peer.result.n")]
    rows = [[rater_name(r["rater"], language), team_name(r["team"], None, language)
             if r["team"] else fmt.MISSING, fmt.signed(r["bias"], 2), str(r["n"])]
            for r in raters]
    return table(head, rows, "cx-peer-bias")
