"""HTML fragments of KANO results, shared by the lecture-03 widgets and the report.

No widget import: the report builds these from the workbook alone. Every function takes
the language to write in (default: the active one); results hold codes only.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from . import fmt, i18n, kano
from .charts import PALETTE

if TYPE_CHECKING:
    import pandas as pd


def feature_label(feature: str, language: str | None = None) -> str:
    """The display name of a feature: a known code's catalogue name, else the text itself.

    Parameters
    ----------
    feature : str
        A feature code of the course (``speed_as_promised``) or a learner's own name.
    language : str, optional
        Language of the name (default: the active one).

    Returns
    -------
    str
        ``kano.feature.<code>`` in ``language`` for a known code, else ``feature``.
    """
    key = f"kano.feature.{feature}"
    return i18n.t(key, language) if key in i18n.catalogue() else str(feature)


def feature_from_text(text: str) -> str:
    """The feature a learner typed: a course code when it is one's code or name (any
    language, any case), else the text itself.

    >>> feature_from_text("网速达标"), feature_from_text("Speed as promised")
    ('speed_as_promised', 'speed_as_promised')
    """
    wanted = str(text).strip()
    if is_known_feature(wanted):
        return wanted
    folded = wanted.casefold()
    for key, texts in i18n.catalogue().items():
        if key.startswith("kano.feature.") and any(
            str(name).strip().casefold() == folded for name in texts.values()
        ):
            return key.removeprefix("kano.feature.")
    return wanted


def is_known_feature(feature: str) -> bool:
    """Whether ``feature`` is a feature code of the course (it has a catalogue name)."""
    return f"kano.feature.{feature}" in i18n.catalogue()


def segment_label(column: str, value: Any, language: str | None = None) -> str:
    """Translated name of a segment value (``tenure``/``2y+`` -> 两年以上), else the value."""
    key = f"common.segment.{column}.{value}"
    return i18n.t(key, language) if key in i18n.catalogue() else str(value)


def segment_name(column: str, language: str | None = None) -> str:
    """Translated name of a segment column, else the column name."""
    key = f"common.segment.{column}"
    return i18n.t(key, language) if key in i18n.catalogue() else str(column)


def badge(code: str, language: str | None = None, meaning: bool = True) -> str:
    """A category badge (``data-category`` for tests), with its one-line meaning."""
    name = html.escape(i18n.t(f"kano.category.{code}", language))
    text = (
        f'<span class="cx-badge cx-cat-{code}" data-category="{code}" '
        f'style="background:{PALETTE[code]}">{name}</span>'
    )
    if meaning:
        text += f" <span>{html.escape(i18n.t(f'kano.meaning.{code}', language))}</span>"
    return text


def pending(language: str | None = None) -> str:
    """The placeholder of a question pair not answered yet."""
    return f'<span class="cx-kano-pending">{html.escape(i18n.t("kano.pending", language))}</span>'


def note(text: str) -> str:
    """An information line (same look as :class:`~cxwidgets.widgets.common.Message`)."""
    return f'<div class="cx-msg cx-msg-info" role="status">{html.escape(text)}</div>'


def _table(head: str, rows: list[str], css: str = "cx-table") -> str:
    return (
        f'<div class="{css}"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def summary_table(summary: pd.DataFrame, language: str | None = None) -> str:
    """HTML table of a :func:`cxwidgets.kano.summarize` result (one row per feature).

    Rows carry ``data-feature`` (the code or the uploaded name) for tests.
    """

    def t(key: str) -> str:
        return html.escape(i18n.t(key, language))

    head = f"<th>{t('kano.survey.col.feature')}</th><th>{t('kano.survey.col.category')}</th>"
    head += "".join(f"<th>{c}</th>" for c in kano.CATEGORIES) + "<th>n</th>"
    head += "".join(
        f"<th>{t(key)}</th>"
        for key in ("kano.survey.col.better", "kano.survey.col.worse", "kano.survey.col.significant")
    )
    rows = []
    for record in summary.to_dict("records"):
        feature = str(record["feature"])
        significant = t("kano.survey.yes" if record["significant"] else "kano.survey.no")
        counts = "".join(f"<td>{fmt.integer(record[c])}</td>" for c in kano.CATEGORIES)
        rows.append(
            f'<tr data-feature="{html.escape(feature)}">'
            f"<td>{html.escape(feature_label(feature, language))}</td>"
            f"<td>{badge(record['category'], language, meaning=False)}</td>{counts}"
            f"<td>{fmt.integer(record['n'])}</td>"
            f"<td>{fmt.number(record['better'], 2)}</td><td>{fmt.number(record['worse'], 2)}</td>"
            f"<td>{significant}</td></tr>"
        )
    return _table(head, rows)


def comparison_rows(
    table: pd.DataFrame, tests: pd.DataFrame, column: str, a: str, b: str
) -> list[dict[str, Any]]:
    """One dict per feature: both segments' categories, the test and its verdict code.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`cxwidgets.kano.summarize` of the two segments' answers, ``by=column``.
    tests : pandas.DataFrame
        :func:`cxwidgets.kano.compare_segments` of the same answers.
    column, a, b : str
        The segment column and the two values compared.

    Returns
    -------
    list of dict
        ``feature``, ``category_a``, ``category_b`` (``None`` without answers),
        ``p_value`` (NaN when not testable), ``low_expected`` and ``verdict``
        (:func:`cxwidgets.kano.compare_verdict`).
    """
    by_feature = tests.set_index("feature") if len(tests) else None
    rows = []
    for feature in dict.fromkeys(table["feature"]):
        part = table[table["feature"] == feature].set_index(column)
        categories = [
            str(part.loc[value, "category"]) if value in part.index else None for value in (a, b)
        ]
        p_value, low = float("nan"), True
        if by_feature is not None and feature in by_feature.index:
            p_value = float(by_feature.loc[feature, "p_value"])
            low = bool(by_feature.loc[feature, "low_expected"])
        rows.append(
            {
                "feature": feature,
                "category_a": categories[0],
                "category_b": categories[1],
                "p_value": p_value,
                "low_expected": low,
                "verdict": kano.compare_verdict(categories[0], categories[1], p_value),
            }
        )
    return rows


def compare_html(
    rows: list[dict[str, Any]], column: str, a: str, b: str, language: str | None = None
) -> str:
    """Side-by-side categories of two segments, the chi-square p-value and what it means.

    The note below the table says "category differs" only for features whose categories
    differ; a significant test with the same category is reported as a difference in the
    distribution of the answers.
    """

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    head = (
        f"<th>{html.escape(t('kano.survey.col.feature'))}</th>"
        f"<th>{html.escape(segment_label(column, a, language))}</th>"
        f"<th>{html.escape(segment_label(column, b, language))}</th>"
        f"<th>{html.escape(t('kano.survey.col.p'))}</th>"
        f"<th>{html.escape(t('kano.survey.col.verdict'))}</th>"
    )
    body = []
    named: dict[str, list[str]] = {}
    any_low = False
    for row in rows:
        feature = str(row["feature"])
        cells = "".join(
            f"<td>{badge(code, language, meaning=False) if code else fmt.MISSING}</td>"
            for code in (row["category_a"], row["category_b"])
        )
        p_text = fmt.p_value(row["p_value"])
        verdict = t(f"kano.compare.verdict.{row['verdict']}")
        if row["low_expected"] and row["verdict"] != "untestable":
            verdict = t("kano.compare.low_expected", verdict=verdict)
            any_low = True
        name = feature_label(feature, language)
        named.setdefault(row["verdict"], []).append(name)
        body.append(
            f'<tr data-feature="{html.escape(feature)}" data-verdict="{row["verdict"]}">'
            f"<td>{html.escape(name)}</td>{cells}<td>{html.escape(p_text)}</td>"
            f"<td>{html.escape(verdict)}</td></tr>"
        )
    notes = [
        note(t(f"kano.compare.note.{code}", count=len(named[code]), features=i18n.join(named[code], language)))
        for code in ("category_differs", "distribution_differs", "category_not_significant")
        if named.get(code)
    ]
    if not notes and named.get("no_difference"):
        notes.append(note(t("kano.compare.note.none")))
    if any_low:
        notes.append(f'<p class="cx-note">{html.escape(t("kano.compare.note.low_expected"))}</p>')
    return _table(head, body) + "".join(notes)
