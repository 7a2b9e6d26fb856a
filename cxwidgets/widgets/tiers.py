"""Lecture 03 exercises 3 and 4: ABC customer tiers (Pareto) and MAN lead qualification.

Thin views over :mod:`cxwidgets.tiers`. Workbook sections:

- ``"03/abc_tiers"``: ``{"source": "sample" | "upload", "upload": {"filename", "rows":
  [{"name", "revenue"}]} | None, "a": 15, "b": 25, "note": str, "summary": [...]}``;
  done once the learner has written a conclusion.
- ``"03/man"``: ``{"answers": {prospect id: {"m", "a", "n": bool, "step": verdict code or "",
  "checked": bool}}}``; done once every prospect has been checked.
"""

from __future__ import annotations

import html
import io
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .. import datasets, i18n, tiers
from ..errors import CXError
from ..session import Session
from . import common

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

ABC_SECTION = "03/abc_tiers"
MAN_SECTION = "03/man"
SAMPLE_CUSTOMERS = "customers.csv"
SAMPLE_PROSPECTS = "prospects.csv"
MAX_CUSTOMERS = 5000
DEFAULT_A, DEFAULT_B = 15, 25

#: Column names accepted for the value and the name of an uploaded customer list.
VALUE_ALIASES = ("revenue", "收入", "年收入", "营收", "金额", "value", "amount")
NAME_ALIASES = ("name", "名称", "客户", "客户名称", "姓名", "id", "编号")
TIER_COLOURS = {"A": "#0072b2", "B": "#009e73", "C": "#999999"}
LETTERS = (("m", "money"), ("a", "authority"), ("n", "need"))

_STYLE = """<style>
.cx-tier-cards { display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 0.4rem 0; }
.cx-tier-card { flex: 1 1 14rem; border: 1px solid #dde3ea; border-radius: 8px;
  padding: 0.5rem 0.8rem; border-top: 5px solid var(--cx-tier-colour, #999); }
.cx-tier-card h4 { margin: 0 0 0.2rem; font-size: 1.02rem; }
.cx-tier-card .cx-tier-share { color: #334; font-weight: 600; margin: 0 0 0.3rem; }
.cx-tier-card ul { margin: 0; padding-left: 1.1rem; }
.cx-man-prospect { border: 1px solid #dde3ea; border-radius: 8px; padding: 0.5rem 0.8rem;
  margin: 0.5rem 0; }
.cx-man-prospect h4 { margin: 0 0 0.2rem; }
.cx-man-prospect p { margin: 0.1rem 0 0.4rem; }
.cx-man-feedback ul { margin: 0.2rem 0; padding-left: 1.1rem; }
.cx-man-prospect .widget-checkbox { margin-right: 1rem; }
.cx-man-right { color: #1d5a2a; }
.cx-man-wrong { color: #8a1c12; }
</style>"""


def _style() -> widgets.HTML:
    return widgets.HTML(_STYLE, layout=widgets.Layout(display="none"))


def _pct(share: float, digits: int = 1) -> str:
    return f"{100 * share:.{digits}f}%"


def _money(value: float) -> str:
    return f"¥{value:,.0f}"


@lru_cache(maxsize=1)
def _sample_customers() -> pd.DataFrame:
    return datasets.read_csv(SAMPLE_CUSTOMERS)


@lru_cache(maxsize=1)
def _prospects() -> pd.DataFrame:
    return datasets.read_csv(SAMPLE_PROSPECTS)


def _find_column(frame: pd.DataFrame, aliases: tuple[str, ...]) -> str | None:
    by_lower = {str(column).strip().lower(): column for column in frame.columns}
    for alias in aliases:
        if alias.lower() in by_lower:
            return by_lower[alias.lower()]
    return None


def customers_from_upload(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The ``[{"name", "revenue"}]`` rows of an uploaded customer list.

    Parameters
    ----------
    frame : pandas.DataFrame
        As read by :func:`cxwidgets.tables.read_table`; needs a value column named as in
        :data:`VALUE_ALIASES`, may have a name column (:data:`NAME_ALIASES`).

    Returns
    -------
    list of dict
        One dict per customer, ``revenue`` as float; names default to ``"#1"``, ``"#2"``...

    Raises
    ------
    CXError
        No value column, too many rows, or values that :func:`cxwidgets.tiers.abc_tiers`
        refuses (not numbers, negative, zero total).
    """
    import pandas as pd

    value_column = _find_column(frame, VALUE_ALIASES)
    if value_column is None:
        found = ", ".join(map(str, frame.columns)) or "-"
        raise CXError("tiers.error.no_value_column", found=found)
    if len(frame) > MAX_CUSTOMERS:
        raise CXError("tiers.error.too_many", rows=len(frame), limit=MAX_CUSTOMERS)
    name_column = _find_column(frame, NAME_ALIASES)
    if name_column is None:
        names = [""] * len(frame)
    else:
        names = list(frame[name_column].astype("string").fillna("").str.strip())
    names = [str(name) or f"#{position + 1}" for position, name in enumerate(names)]
    table = pd.DataFrame({"name": names, "revenue": list(frame[value_column])}, dtype=object)
    ranked = tiers.abc_tiers(table)  # validates and converts the values
    return [
        {"name": str(name), "revenue": float(revenue)}
        for name, revenue in zip(ranked["name"], ranked["revenue"], strict=True)
    ]


def template_csv() -> bytes:
    """A small example customer list (UTF-8 with BOM, opens in Excel)."""
    sample = _sample_customers().head(8)[["name", "revenue"]]
    buffer = io.StringIO()
    sample.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")


def tier_bands(ranked: pd.DataFrame) -> pd.DataFrame:
    """The x-extent of each tier on the Pareto chart (shares of customers).

    Parameters
    ----------
    ranked : pandas.DataFrame
        Output of :func:`cxwidgets.tiers.abc_tiers`.

    Returns
    -------
    pandas.DataFrame
        Columns ``tier``, ``x0``, ``x1`` (customer shares), ``y1`` (cumulative value share
        at the tier's end); tiers without customers are left out.
    """
    import pandas as pd

    n = len(ranked)
    rows = []
    start = 0
    for tier in tiers.TIERS:
        count = int((ranked["tier"] == tier).sum())
        if count == 0:
            continue
        end = start + count
        rows.append(
            {
                "tier": tier,
                "x0": start / n,
                "x1": end / n,
                "y1": float(ranked["cum_value_share"].iloc[end - 1]),
            }
        )
        start = end
    return pd.DataFrame(rows)


def pareto_chart(ranked: pd.DataFrame, language: str | None = None) -> alt.LayerChart:
    """The Pareto curve of cumulative value against cumulative customers, with tier bands.

    Parameters
    ----------
    ranked : pandas.DataFrame
        Output of :func:`cxwidgets.tiers.abc_tiers`.
    language : str, optional
        Language of the labels (default: the active one).

    Returns
    -------
    altair.LayerChart
        A new chart: shaded A/B/C bands, the curve, the equal-distribution diagonal and the
        cumulative share of value reached at the end of each tier.
    """
    import altair as alt
    import pandas as pd

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    bands = tier_bands(ranked)
    bands["label"] = [
        t(f"tiers.tier.{tier}.short") + f" {_pct(x1 - x0, 0)}"
        for tier, x0, x1 in zip(bands["tier"], bands["x0"], bands["x1"], strict=True)
    ]
    bands["mid"] = (bands["x0"] + bands["x1"]) / 2
    bands["end_label"] = [_pct(y) for y in bands["y1"]]
    curve = pd.DataFrame(
        {
            "x": [0.0, *ranked["cum_customer_share"]],
            "y": [0.0, *ranked["cum_value_share"]],
        }
    )
    diagonal = pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0]})
    x_title = t("tiers.abc.chart.x")
    y_title = t("tiers.abc.chart.y")
    x_scale = alt.Scale(domain=[0, 1], nice=False)
    y_scale = alt.Scale(domain=[0, 1.08], nice=False)
    colour = alt.Color(
        "tier:N",
        scale=alt.Scale(domain=list(TIER_COLOURS), range=list(TIER_COLOURS.values())),
        legend=None,
    )
    band_layer = (
        alt.Chart(bands)
        .mark_rect(opacity=0.14)
        .encode(
            x=alt.X("x0:Q", scale=x_scale, title=x_title, axis=alt.Axis(format="%")),
            x2="x1:Q",
            color=colour,
        )
    )
    band_text = (
        alt.Chart(bands)
        .mark_text(baseline="top", dy=4, fontWeight="bold", fontSize=13)
        .encode(x="mid:Q", y=alt.value(4), text="label:N", color=colour)
    )
    diagonal_layer = (
        alt.Chart(diagonal)
        .mark_line(strokeDash=[5, 4], color="#888", strokeWidth=1)
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale))
    )
    curve_layer = (
        alt.Chart(curve)
        .mark_line(color="#1d2733", strokeWidth=2.5, interpolate="linear")
        .encode(
            x=alt.X("x:Q", scale=x_scale, title=x_title, axis=alt.Axis(format="%")),
            y=alt.Y(
                "y:Q",
                scale=y_scale,
                title=y_title,
                axis=alt.Axis(format="%", values=[0, 0.2, 0.4, 0.6, 0.8, 1.0]),
            ),
        )
    )
    ends = bands[bands["tier"] != "C"]
    end_points = (
        alt.Chart(ends)
        .mark_point(filled=True, size=70)
        .encode(x=alt.X("x1:Q", scale=x_scale), y=alt.Y("y1:Q", scale=y_scale), color=colour)
    )
    end_text = (
        alt.Chart(ends)
        .mark_text(align="left", dx=8, dy=12, fontSize=13, fontWeight="bold")
        .encode(
            x=alt.X("x1:Q", scale=x_scale),
            y=alt.Y("y1:Q", scale=y_scale),
            text="end_label:N",
            color=colour,
        )
    )
    diagonal_text = (
        alt.Chart(pd.DataFrame({"x": [0.6], "y": [0.5], "label": [t("tiers.abc.chart.equal")]}))
        .mark_text(align="left", color="#666", fontSize=12)
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), text="label:N")
    )
    return alt.layer(
        band_layer, band_text, diagonal_layer, diagonal_text, curve_layer, end_points, end_text
    ).properties(width=680, height=380, title=t("tiers.abc.chart.title"))


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
        minimum = "-" if row.customers == 0 else _money(row.min_value)
        cells = [
            i18n.t(f"tiers.tier.{row.tier}.name", language),
            f"{row.customers}",
            _pct(row.customer_share),
            _money(row.total),
            _pct(row.value_share),
            minimum,
        ]
        body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
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
            customer_share=_pct(row.customer_share, 0),
            revenue_share=_pct(row.value_share),
        )
        cards.append(
            f'<div class="cx-tier-card cx-tier-{row.tier.lower()}" '
            f'style="--cx-tier-colour: {TIER_COLOURS[row.tier]}">'
            f"<h4>{html.escape(i18n.t(f'tiers.tier.{row.tier}.name', language))}</h4>"
            f'<p class="cx-tier-share">{html.escape(share)}</p><ul>{bullets}</ul></div>'
        )
    return f'<div class="cx-tier-cards">{"".join(cards)}</div>'


def _summary_records(summary: pd.DataFrame) -> list[dict[str, Any]]:
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


class AbcTiers:
    """Exercise 3: the Pareto curve of a customer list with its A/B/C tiers.

    Parameters
    ----------
    session : Session
        The page's session; state lives in workbook section ``"03/abc_tiers"``.
    """

    section = ABC_SECTION

    def __init__(self, session: Session) -> None:
        self.session = session
        state = session.workbook.get(self.section, {}) or {}
        self.upload_data: dict[str, Any] | None = state.get("upload") or None
        self._restoring = True
        self.source = widgets.ToggleButtons(style={"button_width": "auto"})
        self.source.add_class("cx-abc-source")
        self.share_a = widgets.IntSlider(
            value=int(state.get("a", DEFAULT_A)),
            min=5,
            max=50,
            step=1,
            style={"description_width": "initial"},
            continuous_update=False,
        )
        self.share_a.add_class("cx-abc-share-a")
        self.share_b = widgets.IntSlider(
            value=int(state.get("b", DEFAULT_B)),
            min=0,
            max=60,
            step=1,
            style={"description_width": "initial"},
            continuous_update=False,
        )
        self.share_b.add_class("cx-abc-share-b")
        common.translate(self.share_a, "description", "tiers.abc.share_a")
        common.translate(self.share_b, "description", "tiers.abc.share_b")
        self.reset = widgets.Button(layout=widgets.Layout(width="auto"))
        self.reset.add_class("cx-abc-reset")
        common.translate(self.reset, "description", "tiers.abc.reset")
        self.upload = common.Upload(self._uploaded, label_key="tiers.abc.upload")
        self.template = common.DownloadButton(
            "tiers.abc.template",
            "customers_template.csv",
            "text/csv",
            template_csv,
            name="abc-template",
        )
        self.message = common.Message()
        self.message.add_class("cx-abc-message")
        self.insight = widgets.HTML()
        self.insight.add_class("cx-abc-insight")
        self.chart = common.ChartView(label_key="tiers.abc.chart.label")
        self.chart.add_class("cx-abc-chart")
        self.table = widgets.HTML()
        self.table.add_class("cx-table")
        self.table.add_class("cx-abc-table")
        self.cards = widgets.HTML()
        self.cards.add_class("cx-abc-cards")
        self.note = widgets.Textarea(
            value=str(state.get("note", "")), layout=widgets.Layout(width="100%", height="6rem")
        )
        self.note.add_class("cx-abc-note")
        self.note_label = common.label("tiers.abc.note.label", "cx-abc-note-label")
        common.translate(self.note, "placeholder", "tiers.abc.note.placeholder")
        self._relabel_source(state.get("source", "sample"))
        self.summary: pd.DataFrame | None = None

        self.source.observe(self._changed, names="value")
        self.share_a.observe(self._changed, names="value")
        self.share_b.observe(self._changed, names="value")
        self.note.observe(lambda _c: self._save(), names="value")
        self.reset.on_click(self._reset)
        i18n.on_change(self._language_changed)

        self.widget = common.Exercise(
            "tiers.abc.title",
            _style(),
            common.label("tiers.abc.intro", "cx-abc-intro"),
            self.source,
            widgets.HBox([self.upload, self.template]),
            widgets.HBox([self.share_a, self.share_b, self.reset]),
            self.message,
            self.insight,
            self.chart,
            self.table,
            self.cards,
            self.note_label,
            self.note,
            name="abc-tiers",
        )
        self._restoring = False
        self.refresh()

    # ------------------------------------------------------------------ data
    def _source_options(self) -> list[tuple[str, str]]:
        options = [(i18n.t("tiers.abc.source.sample"), "sample")]
        if self.upload_data:
            options.append(
                (
                    i18n.t(
                        "tiers.abc.source.upload",
                        name=self.upload_data.get("filename", ""),
                        rows=len(self.upload_data.get("rows", [])),
                    ),
                    "upload",
                )
            )
        return options

    def _relabel_source(self, value: str | None = None) -> None:
        wanted = value if value is not None else self.source.value
        options = self._source_options()
        if wanted not in [v for _, v in options]:
            wanted = "sample"
        previous = self._restoring
        self._restoring = True
        try:
            self.source.options = options
            self.source.value = wanted
        finally:
            self._restoring = previous

    def customers(self) -> pd.DataFrame:
        """The customer list currently analysed (sample or uploaded)."""
        import pandas as pd

        if self.source.value == "upload" and self.upload_data:
            return pd.DataFrame(self.upload_data["rows"], columns=["name", "revenue"])
        return _sample_customers()

    def _uploaded(self, frame: pd.DataFrame, filename: str) -> None:
        rows = customers_from_upload(frame)
        self.upload_data = {"filename": filename, "rows": rows}
        self._relabel_source("upload")
        self.refresh()
        self._save()

    # --------------------------------------------------------------- updates
    def _changed(self, _change: dict[str, Any]) -> None:
        if self._restoring:
            return
        self.refresh()
        self._save()

    def _reset(self, _button: Any = None) -> None:
        self._restoring = True
        try:
            self.share_a.value = DEFAULT_A
            self.share_b.value = DEFAULT_B
        finally:
            self._restoring = False
        self.refresh()
        self._save()

    def _language_changed(self, _language: str) -> None:
        self._relabel_source()
        self.refresh()

    def refresh(self) -> None:
        """Recompute the tiers and redraw chart, table, cards and insight."""
        a, b = self.share_a.value / 100, self.share_b.value / 100
        try:
            ranked = tiers.abc_tiers(self.customers(), "revenue", a=a, b=b)
        except CXError as exc:
            self.message.show_error(exc)
            return
        self.message.clear()
        summary = tiers.tier_summary(ranked, "revenue", a=a, b=b)
        self.summary = summary
        language = i18n.get_language()
        self.chart.show(lambda: pareto_chart(ranked, language))
        self.table.value = summary_table_html(summary)
        self.cards.value = service_cards_html(summary)
        self.insight.value = self._insight_html(summary, a, b)

    def _insight_html(self, summary: pd.DataFrame, a: float, b: float) -> str:
        rows = {row.tier: row for row in summary.itertuples(index=False)}
        text = i18n.t(
            "tiers.abc.insight",
            a=round(a * 100),
            n_a=rows["A"].customers,
            share_a=_pct(rows["A"].value_share),
            c=round((1 - a - b) * 100),
            n_c=rows["C"].customers,
            share_c=_pct(rows["C"].value_share),
        )
        parts = [f'<p class="cx-msg cx-msg-info" role="status">{html.escape(text)}</p>']
        targets = tiers.tier_sizes(int(summary["customers"].sum()), a, b)
        if tuple(int(v) for v in summary["customers"]) != targets:
            parts.append(f"<p>{html.escape(i18n.t('tiers.abc.tie_note'))}</p>")
        return "".join(parts)

    def state(self) -> dict[str, Any]:
        """The JSON value saved in the workbook."""
        return {
            "source": self.source.value,
            "upload": self.upload_data,
            "a": int(self.share_a.value),
            "b": int(self.share_b.value),
            "note": self.note.value,
            "summary": _summary_records(self.summary) if self.summary is not None else None,
        }

    def _save(self) -> None:
        if self._restoring:
            return
        self.session.workbook.set(self.section, self.state(), done=bool(self.note.value.strip()))


# ---------------------------------------------------------------------- MAN


def _text(row: Any, field: str, language: str | None = None) -> str:
    code = i18n.normalize_language(language or i18n.get_language())
    return str(getattr(row, f"{field}_zh" if code == "zh-CN" else f"{field}_en"))


def _name(row: Any, language: str | None = None) -> str:
    code = i18n.normalize_language(language or i18n.get_language())
    return str(row.name if code == "zh-CN" else row.name_en)


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
        text, css = (
            t("tiers.man.fb.step_none", truth=t(f"tiers.verdict.{true_step}")),
            "cx-man-wrong",
        )
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


class _ProspectCard:
    """One prospect: description, M/A/N tick boxes, next step, check button, feedback."""

    def __init__(self, owner: ManScoring, row: Any, answer: dict[str, Any]) -> None:
        self.owner = owner
        self.row = row
        self.id = str(row.id)
        self.truth = {"m": bool(row.money), "a": bool(row.authority), "n": bool(row.need)}
        self.checked = bool(answer.get("checked"))
        self.heading = widgets.HTML()
        self.boxes = {}
        for short, _field in LETTERS:
            box = widgets.Checkbox(value=bool(answer.get(short)), indent=False)
            box.add_class(f"cx-man-{short}")
            common.translate(box, "description", f"tiers.man.box.{short}")
            box.layout.width = "auto"
            self.boxes[short] = box
        self.step = widgets.Dropdown(layout=widgets.Layout(width="auto"))
        self.step.add_class("cx-man-step")
        self._step_value = answer.get("step") or ""
        self.step_label = common.label("tiers.man.step", "cx-man-step-label")
        self.check = widgets.Button(button_style="primary")
        self.check.add_class("cx-man-check")
        common.translate(self.check, "description", "tiers.man.check")
        self.feedback = widgets.HTML()
        self.feedback.add_class("cx-man-feedback")
        self.relabel()
        for box in self.boxes.values():
            box.observe(self._changed, names="value")
        self.step.observe(self._changed, names="value")
        self.check.on_click(self._check)
        self.widget = widgets.VBox(
            [
                self.heading,
                widgets.HBox(list(self.boxes.values())),
                widgets.HBox([self.step_label, self.step, self.check]),
                self.feedback,
            ]
        )
        self.widget.add_class("cx-man-prospect")
        self.widget.add_class(f"cx-man-{self.id.lower()}")

    def answer(self) -> dict[str, Any]:
        values = {short: bool(box.value) for short, box in self.boxes.items()}
        return {**values, "step": self.step.value or "", "checked": self.checked}

    def relabel(self) -> None:
        title = html.escape(_name(self.row))
        description = html.escape(_text(self.row, "description"))
        self.heading.value = f"<h4>{title}</h4><p>{description}</p>"
        options = [(i18n.t("tiers.man.step.none"), "")]
        options += [(i18n.t(f"tiers.verdict.{code}"), code) for code in tiers.VERDICTS]
        self.owner._quiet += 1
        try:
            self.step.options = options
            self.step.value = self._step_value
        finally:
            self.owner._quiet -= 1
        self.render_feedback()

    def render_feedback(self) -> None:
        if not self.checked:
            self.feedback.value = ""
            return
        body, _right, _step_ok = prospect_feedback(self.answer(), self.truth)
        facts = html.escape(i18n.t("tiers.man.fb.facts", facts=_text(self.row, "facts")))
        self.feedback.value = f"{body}<p>{facts}</p>"

    def _changed(self, _change: dict[str, Any]) -> None:
        if self.owner._quiet:
            return
        self._step_value = self.step.value or ""
        self.render_feedback()
        self.owner.changed()

    def _check(self, _button: Any = None) -> None:
        self.checked = True
        self.render_feedback()
        self.owner.changed()


class ManScoring:
    """Exercise 4: score each sample prospect on Money, Authority and Need.

    Parameters
    ----------
    session : Session
        The page's session; state lives in workbook section ``"03/man"``.
    """

    section = MAN_SECTION

    def __init__(self, session: Session) -> None:
        self.session = session
        self._quiet = 0
        state = session.workbook.get(self.section, {}) or {}
        answers = state.get("answers", {}) if isinstance(state, dict) else {}
        self.summary = widgets.HTML()
        self.summary.add_class("cx-man-summary")
        self.cards = [
            _ProspectCard(self, row, answers.get(str(row.id), {}))
            for row in _prospects().itertuples(index=False)
        ]
        self._render_summary()
        i18n.on_change(self._language_changed)
        self.widget = common.Exercise(
            "tiers.man.title",
            _style(),
            common.label("tiers.man.intro", "cx-man-intro"),
            self.summary,
            *[card.widget for card in self.cards],
            name="man",
        )

    def _language_changed(self, _language: str) -> None:
        for card in self.cards:
            card.relabel()
        self._render_summary()

    def state(self) -> dict[str, Any]:
        """The JSON value saved in the workbook."""
        return {"answers": {card.id: card.answer() for card in self.cards}}

    def score(self) -> dict[str, int]:
        """Counts over checked prospects: ``checked``, ``total``, ``right`` letters, ``steps``."""
        checked = [card for card in self.cards if card.checked]
        right = steps = 0
        for card in checked:
            _body, letters, step_ok = prospect_feedback(card.answer(), card.truth)
            right += letters
            steps += step_ok
        return {
            "checked": len(checked),
            "total": len(self.cards),
            "right": right,
            "asked": 3 * len(checked),
            "steps": steps,
        }

    def _render_summary(self) -> None:
        score = self.score()
        if score["checked"] == 0:
            text = i18n.t("tiers.man.progress.none", total=score["total"])
        else:
            text = i18n.t("tiers.man.progress", **score)
        self.summary.value = f'<p class="cx-msg cx-msg-info" role="status">{html.escape(text)}</p>'

    def changed(self) -> None:
        """A card changed: update the score and save."""
        self._render_summary()
        done = all(card.checked for card in self.cards)
        self.session.workbook.set(self.section, self.state(), done=done)


# ------------------------------------------------------------------- report


def _abc_report(value: dict[str, Any], language: str) -> str:
    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    import pandas as pd

    parts = [f"<h3>{html.escape(t('tiers.report.abc'))}</h3>"]
    upload = value.get("upload") or None
    a = int(value.get("a", DEFAULT_A)) / 100
    b = int(value.get("b", DEFAULT_B)) / 100
    if value.get("source") == "upload" and upload:
        customers = pd.DataFrame(upload["rows"], columns=["name", "revenue"])
        source = t("tiers.report.source_upload", name=upload.get("filename", ""))
    else:
        customers = _sample_customers()
        source = t("tiers.report.source_sample")
    parts.append(f"<p>{html.escape(source)}</p>")
    try:
        ranked = tiers.abc_tiers(customers, "revenue", a=a, b=b)
    except CXError as exc:
        parts.append(f"<p>{html.escape(exc.message(language))}</p>")
    else:
        summary = tiers.tier_summary(ranked, "revenue", a=a, b=b)
        from .. import charts

        try:
            parts.append(charts.to_svg(pareto_chart(ranked, language)))
        except Exception:  # the table below still tells the story
            common.log.exception("Pareto chart for the report failed")
        parts.append(summary_table_html(summary, language))
    note = str(value.get("note", "")).strip()
    if note:
        parts.append(f"<h4>{html.escape(t('tiers.report.note'))}</h4>")
        parts.append(f"<p>{html.escape(note).replace(chr(10), '<br>')}</p>")
    return "".join(parts)


def _man_report(value: dict[str, Any], language: str) -> str:
    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    answers = value.get("answers", {}) if isinstance(value, dict) else {}
    headers = ["tiers.report.man.prospect", "tiers.report.man.yours", "tiers.report.man.truth"]
    head = "".join(f"<th>{html.escape(t(key))}</th>" for key in headers)
    rows = []
    for row in _prospects().itertuples(index=False):
        answer = answers.get(str(row.id))
        if not answer:
            continue
        letters = "".join(short.upper() if answer.get(short) else "-" for short, _f in LETTERS)
        step = answer.get("step") or ""
        yours = f"{letters} · {t(f'tiers.verdict.{step}')}" if step else letters
        truth = {"m": bool(row.money), "a": bool(row.authority), "n": bool(row.need)}
        true_letters = "".join(short.upper() if truth[short] else "-" for short, _f in LETTERS)
        verdict = tiers.man_qualify(truth["m"], truth["a"], truth["n"])
        cells = [_name(row, language), yours, f"{true_letters} · {t(f'tiers.verdict.{verdict}')}"]
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    if not rows:
        return ""
    return (
        f"<h3>{html.escape(t('tiers.report.man'))}</h3>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def report_section(workbook_data: dict[str, Any], language: str) -> str | None:
    """HTML fragment for the workbook report: the ABC tiers and the MAN scoring.

    Parameters
    ----------
    workbook_data : dict
        The workbook document (``Workbook.data``).
    language : str
        ``"zh-CN"`` or ``"en"``.

    Returns
    -------
    str or None
        The fragment, or None when the learner has not worked on either exercise.
    """
    sections = workbook_data.get("sections", {}) if isinstance(workbook_data, dict) else {}
    parts = []
    abc = (sections.get(ABC_SECTION) or {}).get("value")
    if isinstance(abc, dict):
        parts.append(_abc_report(abc, language))
    man = (sections.get(MAN_SECTION) or {}).get("value")
    if isinstance(man, dict):
        parts.append(_man_report(man, language))
    fragment = "".join(part for part in parts if part)
    return fragment or None


__all__ = [
    "ABC_SECTION",
    "MAN_SECTION",
    "AbcTiers",
    "ManScoring",
    "customers_from_upload",
    "pareto_chart",
    "prospect_feedback",
    "report_section",
    "template_csv",
    "tier_bands",
]
