"""Report section of lecture 05: the learner's blueprint, its checks and the ranked fail points.

Reads section ``05/blueprint`` (the blueprint and its fail points with their ratings) and the
lecture-04 journey (section ``04/journey``, else the sample) for the emotion weighting and
the valley check. Imports no widget module.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from .. import blueprint as B
from .. import blueprint_html, charts, i18n

#: Columns per picture: (5 + the lane names) x 150 px = 900 px, shown unscaled in the report
#: (pictures there are at most 960 px wide), so the text keeps its size.
REPORT_COLUMNS = 5


def section(data: Mapping[str, Any], language: str) -> str | None:
    """HTML of lecture 05 for the workbook report.

    Parameters
    ----------
    data : dict
        The workbook document (``data["sections"]``).
    language : str
        Language of the report.

    Returns
    -------
    str or None
        The fragment, ``None`` when the learner has not saved a blueprint.
    """
    sections = data.get("sections", {}) if isinstance(data, Mapping) else {}
    entry = sections.get(B.SECTION) or {}
    blueprint = B.stored_blueprint(entry.get("value") if isinstance(entry, Mapping) else None)
    if blueprint is None:
        return None
    with i18n.using(language):
        from ..blueprint_charts import blueprint_chart, windows

        journey = B.learner_journey(sections, language)
        source = blueprint_html.source_text(blueprint.source, language)
        parts = [
            f"<h3>{html.escape(i18n.t('blueprint.report.title'))}</h3>",
            f"<p>{html.escape(i18n.t('blueprint.report.steps', n=len(blueprint.steps), source=source))}</p>",
        ]
        if blueprint.steps:
            for start, stop in windows(blueprint, REPORT_COLUMNS):
                chart = blueprint_chart(blueprint, start=start, stop=stop, min_columns=REPORT_COLUMNS)
                parts.append(charts.to_svg(charts.style(chart)))
            parts.append(blueprint_html.steps_table(blueprint, language))
        parts.append(f"<h4>{html.escape(i18n.t('blueprint.editor.checks'))}</h4>")
        parts.append(blueprint_html.flow_html(B.flow(blueprint), blueprint, language))
        parts.append(
            blueprint_html.findings_html(B.run_checks(blueprint, journey), blueprint, journey,
                                         language, explain=False)
        )
        ranked = B.rank_fail_points(blueprint, journey)
        if ranked:
            parts.append(f"<h4>{html.escape(i18n.t('blueprint.report.ranking'))}</h4>")
            parts.append(blueprint_html.ranking_table(ranked, blueprint, language))
            parts.append(blueprint_html.ranking_summary(ranked, blueprint, language))
            parts.append(blueprint_html.fail_list(blueprint, language))
    return "".join(parts)
