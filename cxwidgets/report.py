"""The learner's workbook as one readable, self-contained HTML report.

Each lecture's section lives in ``cxwidgets/reports/l<NN>.py`` (e.g. ``reports/l03.py``) and
defines ``section(workbook_data, language) -> str | None`` (an HTML fragment, or ``None`` when
the learner has nothing there yet). That file is the one place a lecture registers its report;
it builds from the analysis layer and the workbook document and imports no widget module.
Charts in fragments are turned into embedded PNG images
rendered on the server with a CJK font, so the report shows Chinese and its
pictures anywhere, offline, with nothing to download.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import importlib
import json
import logging
import re
from typing import Any

from . import i18n
from .course import LECTURES

log = logging.getLogger("cxwidgets")

def section_module(lecture_id: str) -> Any:
    """The module ``cxwidgets.reports.l<NN>`` of a lecture, or ``None`` when it has none."""
    try:
        return importlib.import_module(f"cxwidgets.reports.l{lecture_id}")
    except ModuleNotFoundError as exc:
        if exc.name == f"cxwidgets.reports.l{lecture_id}":
            return None
        raise

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2733;
       line-height: 1.55; }
h1 { font-size: 1.7rem; } h2 { border-bottom: 2px solid #d7e2f0; padding-bottom: .2rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border-bottom: 1px solid #e3e8ee; padding: .25rem .6rem; text-align: left; }
img.cx-report-chart { max-width: 100%; height: auto; }
.cx-muted { color: #667; } pre { white-space: pre-wrap; background: #f6f8fa; padding: .6rem; }
"""


def svg_to_img(svg: str, scale: float = 2.0) -> str:
    """An ``<img>`` tag holding ``svg`` rendered to PNG (text drawn with the server's fonts)."""
    import vl_convert as vlc

    png = vlc.svg_to_png(svg, scale=scale)
    data = base64.b64encode(png).decode("ascii")
    return f'<img class="cx-report-chart" alt="" src="data:image/png;base64,{data}">'


def _embed_charts(fragment: str) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            return svg_to_img(match.group(0))
        except Exception:
            log.exception("chart in report could not be rendered")
            return match.group(0)

    return _SVG.sub(replace, fragment)


def _fragment(name: str, build: Any, data: dict[str, Any], language: str) -> str | None:
    try:
        return build(data, language)
    except Exception:
        log.exception("report section of %s failed", name)
        return f'<p class="cx-muted">{html.escape(i18n.t("report.section_failed", language))}</p>'


def _provider_sections(lecture_id: str, data: dict[str, Any], language: str) -> list[str]:
    module = section_module(lecture_id)
    if module is None:
        return []
    fragment = _fragment(module.__name__, module.section, data, language)
    return [_embed_charts(fragment)] if fragment else []


def _raw_sections(lecture_id: str, data: dict[str, Any]) -> list[str]:
    """Sections that no module renders are shown as their saved JSON."""
    parts = []
    for name, entry in sorted(data.get("sections", {}).items()):
        if name.startswith(f"{lecture_id}/"):
            text = json.dumps(entry.get("value"), ensure_ascii=False, indent=1)
            parts.append(f"<h3>{html.escape(name)}</h3><pre>{html.escape(text)}</pre>")
    return parts


def build_html(data: dict[str, Any], language: str | None = None) -> str:
    """The report of a workbook document (``Workbook.data``) as an HTML page.

    Parameters
    ----------
    data : dict
        The workbook document.
    language : str, optional
        ``"zh-CN"`` or ``"en"``; default the active language.

    Returns
    -------
    str
        A complete, self-contained HTML document.
    """
    language = i18n.normalize_language(language or i18n.get_language())
    learner = str(data.get("learner", ""))
    title = i18n.t("report.title", language, name=learner)
    when = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    body = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="cx-muted">{html.escape(i18n.t("report.generated", language, when=when))}</p>',
    ]
    sections = data.get("sections", {})
    any_work = False
    for item in LECTURES:
        if not any(name.startswith(f"{item.id}/") for name in sections):
            continue
        any_work = True
        heading = f"{item.id} · {i18n.t(item.title_key, language)}"
        body.append(f"<h2>{html.escape(heading)}</h2>")
        rendered = _provider_sections(item.id, data, language)
        body.extend(rendered or _raw_sections(item.id, data))
    if not any_work:
        body.append(f"<p>{html.escape(i18n.t('report.empty', language))}</p>")
    lang_attr = "zh-CN" if language == "zh-CN" else "en"
    return (
        f'<!DOCTYPE html><html lang="{lang_attr}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )
