"""Lecture 03 exercise 3: ABC customer tiers and the Pareto curve.

State (workbook section ``"03/abc_tiers"``)::

    {"source": "sample" | "upload",
     "upload": None | {"filename": str, "rows": [{"name": str, "revenue": float}, ...]},
     "a": 15, "b": 25,          # tier shares in percent
     "note": str}               # the learner's conclusion

The saved value adds ``summary`` (the tier table) for the report; done once the learner
has written a conclusion. Uploads hold at most :data:`cxwidgets.tiers.MAX_CUSTOMERS`
customers (a longer list is refused with a message saying the limit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ... import i18n, spreadsheet, tiers, tiers_html
from ...errors import CXError
from .. import common
from ..exercise import Exercise

if TYPE_CHECKING:
    import pandas as pd

SECTION = "03/abc_tiers"
DEFAULT_A, DEFAULT_B = 15, 25
SOURCES = ("sample", "upload")


def customers_from_upload(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The ``[{"name", "revenue"}]`` rows of an uploaded list (see
    :func:`cxwidgets.tiers.customers_from_table`)."""
    return tiers.customers_from_table(frame)


def template_csv() -> bytes:
    """A small example customer list (UTF-8 with BOM, opens in Excel)."""
    sample = tiers.sample_customers().head(8)[["name", "revenue"]]
    return spreadsheet.to_csv_bytes(sample)  # formulas escaped, as every CSV the course writes


def _share(value: Any, default: int, low: int, high: int) -> int:
    return int(value) if isinstance(value, int | float) and low <= value <= high else default


def _clean_upload(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or not isinstance(value.get("rows"), list):
        return None
    rows = []
    for row in value["rows"]:
        if not isinstance(row, dict) or not isinstance(row.get("revenue"), int | float):
            return None
        rows.append({"name": str(row.get("name", "")), "revenue": float(row["revenue"])})
    return {"filename": str(value.get("filename", "")), "rows": rows} if rows else None


class AbcTiers(Exercise):
    """Exercise 3: the Pareto curve of a customer list with its A/B/C tiers."""

    section = SECTION
    title_key = "tiers.abc.title"
    name = "abc-tiers"

    # ------------------------------------------------------------ state
    def initial_state(self) -> dict[str, Any]:
        return {"source": "sample", "upload": None, "a": DEFAULT_A, "b": DEFAULT_B, "note": ""}

    def clean(self, stored: Any) -> dict[str, Any]:
        state = self.initial_state()
        if not isinstance(stored, dict):
            return state
        state["upload"] = _clean_upload(stored.get("upload"))
        if stored.get("source") == "upload" and state["upload"]:
            state["source"] = "upload"
        state["a"] = _share(stored.get("a"), DEFAULT_A, 5, 50)
        state["b"] = _share(stored.get("b"), DEFAULT_B, 0, 60)
        if state["a"] + state["b"] > 100:
            state["a"], state["b"] = DEFAULT_A, DEFAULT_B
        state["note"] = str(stored.get("note") or "")
        return state

    def is_done(self) -> bool:
        return bool(self.state["note"].strip())

    def saved_value(self) -> dict[str, Any]:
        summary = self.summary_for(self.state)
        records = tiers_html.summary_records(summary) if summary is not None else None
        return {**self.state, "summary": records}

    def customers(self, state: dict[str, Any] | None = None) -> pd.DataFrame:
        """The customer list analysed (sample or uploaded)."""
        import pandas as pd

        state = self.state if state is None else state
        if state["source"] == "upload" and state["upload"]:
            return pd.DataFrame(state["upload"]["rows"], columns=["name", "revenue"])
        return tiers.sample_customers()

    def summary_for(self, state: dict[str, Any]) -> pd.DataFrame | None:
        """The tier summary of ``state`` (None when its data cannot be tiered)."""
        try:
            a, b = state["a"] / 100, state["b"] / 100
            return tiers.tier_summary(self.customers(state), "revenue", a=a, b=b)
        except CXError:
            return None

    def load(self, stored: Any) -> None:
        """Replace the state (see :meth:`Exercise.load`): another list, so the chart is redrawn."""
        self._upload_version += 1
        super().load(stored)

    # ------------------------------------------------------------ events
    def choose_share(self, key: str, value: int) -> None:
        """A slider moved: refused (message, slider back) when A + B would exceed 100%."""
        if value == self.state[key]:
            return  # the slider redrawn to the state's share while the refused move is handled
        a, b = (value, self.state["b"]) if key == "a" else (self.state["a"], value)
        try:
            tiers.tier_sizes(1, a / 100, b / 100)
        except CXError:
            self.redraw()  # the slider goes back to the state's share
            raise
        self.message.clear()
        self.update(**{key: int(value)})

    def reset_shares(self) -> None:
        self.message.clear()
        self.update(a=DEFAULT_A, b=DEFAULT_B)

    def choose_source(self, source: str) -> None:
        if source in SOURCES:
            self.update(source=source)

    def receive(self, frame: pd.DataFrame, filename: str) -> None:
        """An uploaded customer list: analysed and kept (a CXError refuses it)."""
        rows = customers_from_upload(frame)
        self._upload_version += 1
        self.update(source="upload", upload={"filename": filename, "rows": rows})

    # ------------------------------------------------------------ views
    def build(self) -> list[widgets.Widget]:
        self.summary: pd.DataFrame | None = None
        self._upload_version = 0
        self._chart_key: Any = None
        self.source = widgets.ToggleButtons(
            options=[("", "sample")], value="sample", style={"button_width": "auto"}
        )
        self.source.add_class("cx-abc-source")
        self.on_change(self.source, self.choose_source)
        self.share_a = widgets.IntSlider(
            value=DEFAULT_A, min=5, max=50, step=1, continuous_update=False,
            style={"description_width": "initial"},
        )
        self.share_a.add_class("cx-abc-share-a")
        self.share_b = widgets.IntSlider(
            value=DEFAULT_B, min=0, max=60, step=1, continuous_update=False,
            style={"description_width": "initial"},
        )
        self.share_b.add_class("cx-abc-share-b")
        self.translate(self.share_a, "description", "tiers.abc.share_a")
        self.translate(self.share_b, "description", "tiers.abc.share_b")
        self.on_change(self.share_a, lambda value: self.choose_share("a", value))
        self.on_change(self.share_b, lambda value: self.choose_share("b", value))
        self.reset = self.button(
            "tiers.abc.reset", "cx-abc-reset", self.reset_shares, layout={"width": "auto"}
        )
        self.upload = common.Upload(self.receive, label_key="tiers.abc.upload")
        self.template = common.DownloadButton(
            "tiers.abc.template", "customers_template.csv", "text/csv", template_csv,
            name="abc-template",
        )
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
        self.note = widgets.Textarea(layout={"width": "100%", "height": "6rem"})
        self.note.add_class("cx-abc-note")
        self.translate(self.note, "placeholder", "tiers.abc.note.placeholder")
        self.bind(self.note, "note", typing=True)
        return [
            self.text("tiers.abc.intro", "cx-abc-intro"),
            self.source,
            widgets.HBox([self.upload, self.template]),
            widgets.HBox([self.share_a, self.share_b, self.reset]),
            self.message,
            self.insight,
            self.chart,
            self.table,
            self.cards,
            self.text("tiers.abc.note.label", "cx-abc-note-label"),
            self.note,
        ]

    def _source_options(self) -> list[tuple[str, str]]:
        options = [(i18n.t("tiers.abc.source.sample"), "sample")]
        upload = self.state["upload"]
        if upload:
            rows = len(upload["rows"])
            label = i18n.t("tiers.abc.source.upload", name=upload["filename"], rows=rows)
            options.append((label, "upload"))
        return options

    def draw(self) -> None:
        state = self.state
        common.set_options(self.source, self._source_options())
        self.source.value = state["source"]
        self.share_a.value, self.share_b.value = state["a"], state["b"]
        a, b = state["a"] / 100, state["b"] / 100
        ranked = tiers.abc_tiers(self.customers(), "revenue", a=a, b=b)
        summary = tiers.tier_summary(ranked, "revenue", a=a, b=b)
        self.summary = summary
        language = i18n.get_language()
        key = (state["source"], self._upload_version, len(ranked), state["a"], state["b"], language)
        if key != self._chart_key:
            self._chart_key = key
            self.chart.show(lambda: _pareto(ranked, language))
        self.table.value = tiers_html.summary_table_html(summary)
        self.cards.value = tiers_html.service_cards_html(summary)
        self.insight.value = tiers_html.insight_html(summary, a, b)


def _pareto(ranked: pd.DataFrame, language: str) -> dict:
    from ...tiers_charts import pareto_spec  # the chart's dict, without Altair: fast

    return pareto_spec(ranked, language)
