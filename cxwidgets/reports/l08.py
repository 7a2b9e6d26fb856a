"""Report section of lecture 08: NPS with its margin, segments, drivers, voice, the plan.

Built from the saved values (each exercise saves the numbers it showed under ``result``)
with the analysis layer and :mod:`cxwidgets.nps_html` only (no widget import).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from .. import charts, drivers, i18n, nps, nps_html

SECTIONS = ("08/score", "08/segments", "08/drivers", "08/voice", "08/design")


def _value(sections: Mapping[str, Any], name: str) -> dict[str, Any]:
    entry = sections.get(name) or {}
    value = entry.get("value") if isinstance(entry, dict) else None
    return value if isinstance(value, dict) else {}


def _h(key: str, **params: Any) -> str:
    return f"<h3>{html.escape(i18n.t(key, **params))}</h3>"


def _p(key: str, **params: Any) -> str:
    return f"<p>{html.escape(i18n.t(key, **params))}</p>"


def _score(sections: Mapping[str, Any], language: str) -> list[str]:
    value = _value(sections, "08/score")
    result = value.get("result")
    if not isinstance(result, dict) or not isinstance(result.get("nps"), dict):
        return []
    parts = [_h("nps.report.score"), nps_html.score_html(result, language)]
    filters = value.get("filters") if isinstance(value.get("filters"), dict) else {}
    chosen = [nps_html.segment_text(c, v, language) for c, v in filters.items() if v]
    if chosen:
        parts.append(_p("nps.report.filters", filters=i18n.join(chosen, language)))
    from ..nps_charts import distribution

    counts = result.get("distribution")
    if isinstance(counts, list) and len(counts) == 11:
        parts.append(charts.to_svg(distribution(counts, language=language)))
    return parts


def _segments(sections: Mapping[str, Any], language: str) -> list[str]:
    value = _value(sections, "08/segments")
    rows = value.get("result")
    by = value.get("by")
    if not isinstance(rows, list) or not rows or by not in ("tenure", "tier", "tenure_tier"):
        return []
    clean = [
        {**r, **{k: (float("nan") if r.get(k) is None else r[k]) for k in ("difference", "p", "p_holm")}}
        for r in rows if isinstance(r, dict) and {"segment", "n", "nps", "moe"} <= set(r)
    ]
    return [_h("nps.report.segments", by=i18n.t(f"nps.segments.by.{by}", language)),
            nps_html.segments_table(clean, by, language)]


def _drivers(sections: Mapping[str, Any], language: str) -> list[str]:
    value = _value(sections, drivers.SECTION)
    result = value.get("result")
    if not isinstance(result, dict) or not isinstance(result.get("rho"), dict):
        return []
    perf = result.get("performance") if isinstance(result.get("performance"), dict) else {}
    matrix = drivers.matrix(result["rho"], perf)
    parts = [_h("nps.report.drivers"), nps_html.drivers_table(
        {"rho": result["rho"], "low": result.get("low") or {}, "high": result.get("high") or {},
         "top_share": result.get("top_share") or {}}, matrix, language)]
    fix, why = value.get("fix"), str(value.get("why") or "").strip()
    if fix:
        parts.append(_p("nps.report.fix", touchpoint=nps_html.touchpoint_label(str(fix), language),
                        why=why or "–"))
    return parts


def _voice(sections: Mapping[str, Any], language: str) -> list[str]:
    opened = _value(sections, "08/voice").get("opened")
    if not isinstance(opened, list) or not opened:
        return []
    words = [str(w) for w in opened if isinstance(w, str)]
    return [_h("nps.voice.title"), _p("nps.report.voice", words=i18n.join(words, language))]


def _design(sections: Mapping[str, Any], language: str) -> list[str]:
    value = _value(sections, "08/design")
    rows = value.get("result")
    parts = []
    if isinstance(rows, list) and rows:
        parts += [_h("nps.report.design"), nps_html.design_html(
            [r for r in rows if isinstance(r, dict) and r.get("metric") in nps.METRICS], language)]
    checks = [c for c in value.get("checks") or [] if isinstance(c, str)]
    if checks:
        names = [i18n.t(f"nps.design.check.{c}", language) for c in checks
                 if c in nps.design_content()["checks"]]
        parts.append(_p("nps.report.checks", checks=i18n.join(names, language)))
    note = str(value.get("note") or "").strip()
    if note:
        parts.append(f"<pre>{html.escape(note)}</pre>")
    return parts


def section(data: dict[str, Any], language: str) -> str | None:
    """HTML for the workbook report of lecture 08 (``None`` when nothing is saved yet).

    Parameters
    ----------
    data : dict
        The workbook document (``data["sections"]`` holds the exercises' values).
    language : str
        Language of the report.
    """
    sections = data.get("sections", {}) if isinstance(data, dict) else {}
    with i18n.using(language):
        parts = (_score(sections, language) + _segments(sections, language)
                 + _drivers(sections, language) + _voice(sections, language)
                 + _design(sections, language))
    return "".join(parts) or None
