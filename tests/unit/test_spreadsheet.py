"""Formula injection: every CSV the course writes escapes formulas, and reads back unchanged."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd
import pytest

from cxwidgets import spreadsheet, tables
from cxwidgets.spreadsheet import escape_cell, safe_frame, unescape_cell

FORMULAS = [
    '=HYPERLINK("http://x","click")',
    "+1+2",
    "-1+2",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=",
    "-",
    "-负面的感受",
]
HARMLESS = ["门头招牌", "hello = world", "a-b", "", " =1 (space first)", "'quoted", "'", "100"]
NUMBERS_AS_TEXT = ["-4", "+3.5", "-1e5", "-.5", "12"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_starting_like_a_formula_gets_a_quote(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS + NUMBERS_AS_TEXT)
def test_other_texts_and_plain_numbers_stay(text):
    assert escape_cell(text) == text


@pytest.mark.parametrize("value", [-4, -3.5, 0, 7, np.int64(-2), np.float64(-0.25), None, True])
def test_numbers_and_missing_values_are_not_changed(value):
    assert escape_cell(value) is value


def test_nan_is_not_changed():
    assert math.isnan(escape_cell(float("nan")))


def test_quotes_before_a_formula_are_escaped_too_so_the_round_trip_is_exact():
    assert escape_cell("'=x") == "''=x"
    assert unescape_cell("''=x") == "'=x"
    assert unescape_cell("'=x") == "=x"


@pytest.mark.parametrize("value", FORMULAS + HARMLESS + NUMBERS_AS_TEXT + ["'=x", "''-1+1", -4])
def test_unescape_undoes_escape(value):
    assert unescape_cell(escape_cell(value)) == value


def test_unescape_leaves_a_quote_before_other_text():
    assert unescape_cell("'hello") == "'hello"
    assert unescape_cell("'-4") == "'-4"  # escape never writes this: "-4" is a number


def test_safe_frame_escapes_text_cells_and_names_and_leaves_numbers():
    frame = pd.DataFrame(
        {"name": ["=cmd()", "ok", None], "=score": [-1.5, 2.0, np.nan], "n": [-1, 2, 3]}
    )
    frame.attrs["title"] = "t"
    safe = safe_frame(frame)
    assert safe["name"].tolist()[:2] == ["'=cmd()", "ok"] and safe["name"].isna().tolist()[2]
    assert list(safe.columns) == ["name", "'=score", "n"]
    assert safe["'=score"].dtype == np.float64 and safe["'=score"].tolist()[:2] == [-1.5, 2.0]
    assert safe["n"].tolist() == [-1, 2, 3]
    assert safe.attrs == {"title": "t"}
    assert frame.loc[0, "name"] == "=cmd()" and "=score" in frame.columns  # not modified


def _cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_to_csv_bytes_no_cell_starts_like_a_formula():
    frame = pd.DataFrame({"touchpoint": ['=HYPERLINK("x")', "@me", "门头"], "score": [-4, 2, 0]})
    cells = _cells(spreadsheet.to_csv_bytes(frame))
    assert cells[1] == ["'=HYPERLINK(\"x\")", "-4"]
    assert cells[2] == ["'@me", "2"]
    for row in cells:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell


def test_read_table_removes_the_quote_again():
    names = ["=1+1", "'=x", "-4", "普通", "\t=1+1", "@a"]
    frame = pd.DataFrame({"name": names, "=n": range(len(names))})
    read = tables.read_table(spreadsheet.to_csv_bytes(frame), "back.csv")
    assert read["name"].tolist() == names
    assert list(read.columns) == ["name", "=n"]


def _journey_with_formulas():
    from cxwidgets import journey as J

    journey = J.empty_journey("=标题", ["=HYPERLINK(\"x\")", "点单"])
    s1, s2 = (stage.id for stage in journey.stages)
    journey, _ = J.add_touchpoint(journey, s1, '=HYPERLINK("x")', kind="physical",
                                  senses=["sight"], note="@all 请看", tag="pain")
    journey, _ = J.add_touchpoint(journey, s2, "-负面", kind="digital", senses=[],
                                  note="+1 好评", tag="delight")
    journey, _ = J.add_touchpoint(journey, s2, "'=已经有引号", kind="interpersonal")
    journey, now = J.add_curve(journey, "=现在", fill=None)
    return J.set_series(journey, now, [-4, 2.5, None])


def test_the_journey_download_is_escaped_and_uploads_back_unchanged(tmp_path):
    from cxwidgets import journey as J
    from cxwidgets.session import Session
    from cxwidgets.widgets import journey as lecture
    from cxwidgets.workbook import Workbook

    journey = _journey_with_formulas()
    workbook = Workbook("tester", directory=tmp_path, debounce=0)
    workbook.set(lecture.JOURNEY, journey.to_dict())
    editor = lecture.JourneyEditor(Session(workbook=workbook, lecture="04"))
    content = editor.download.producer()

    cells = _cells(content)
    assert "'=HYPERLINK(\"x\")" in cells[1] and "'@all 请看" in cells[1]
    assert "'-负面" in cells[2] and "'+1 好评" in cells[2]
    assert "''=已经有引号" in cells[3]
    assert "emotion:=现在" in cells[0]  # the name is after "emotion:": harmless as it is
    assert "-4.0" in cells[1]  # a number stays a number
    for row in cells:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit(), cell

    frame = tables.read_table(content, "journey-map.csv")
    assert J.from_frame(frame, title=journey.title) == journey


def test_the_abc_template_is_escaped(monkeypatch):
    from cxwidgets import tiers
    from cxwidgets.widgets.tiers import abc

    sample = pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "张三"], "revenue": [-10.0, 5.0]})
    monkeypatch.setattr(tiers, "sample_customers", lambda: sample)
    cells = _cells(abc.template_csv())
    assert cells[1] == ["'=cmd|' /C calc'!A0", "-10.0"]
    assert cells[2] == ["张三", "5.0"]


def test_a_safe_frame_written_to_excel_holds_text_not_formulas():
    from openpyxl import load_workbook

    frame = pd.DataFrame({"name": ['=HYPERLINK("http://x","click")', "ok"], "n": [-1, 2]})
    buffer = io.BytesIO()
    safe_frame(frame).to_excel(buffer, index=False)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'" + frame.loc[0, "name"]
    assert sheet["B2"].value == -1
    read = tables.read_table(buffer.getvalue(), "back.xlsx")
    assert read["name"].tolist() == frame["name"].tolist()
