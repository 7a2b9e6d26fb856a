"""Uploads: every encoding and every bad file gives a table or a clear message."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pandas as pd
import pytest

from cxwidgets import tables, tiers
from cxwidgets.errors import CXError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import badfiles  # tests/badfiles.py, the corpus of bad files

CSV = "respondent,feature,functional,dysfunctional\n1,网速达标,理应如此,不喜欢\n2,网速达标,1,5\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_common_chinese_encodings(encoding):
    frame = tables.read_table(CSV.encode(encoding), "answers.csv")
    assert list(frame.columns) == ["respondent", "feature", "functional", "dysfunctional"]
    assert frame.loc[0, "feature"] == "网速达标"
    assert frame.loc[0, "functional"] == "理应如此"


def test_semicolon_and_tab_separated():
    for sep in (";", "\t"):
        frame = tables.read_table(CSV.replace(",", sep).encode(), "a.csv")
        assert frame.shape == (2, 4)


def test_xlsx_from_excel():
    buffer = io.BytesIO()
    pd.read_csv(io.StringIO(CSV)).to_excel(buffer, index=False)
    frame = tables.read_table(buffer.getvalue(), "answers.xlsx")
    assert frame.shape == (2, 4)
    assert frame.loc[1, "feature"] == "网速达标"


@pytest.mark.parametrize(
    ("content", "name", "key"),
    [
        (b"", "a.csv", "common.error.empty_file"),
        (b"   \n\n", "a.csv", "common.error.empty_file"),
        (b"a,b,c\n", "a.csv", "tables.error.no_rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture.csv", "tables.error.image"),
        (b"\x00\x01\x02\x03" * 50, "binary.csv", "common.error.not_a_table"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "common.error.bad_excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls", "common.error.old_excel"),
        (b"\xff\xfe\xfa\xfb\xfc" * 10, "weird.csv", "common.error.encoding"),
    ],
)
def test_bad_files_give_a_clear_error(content, name, key):
    with pytest.raises(CXError) as info:
        tables.read_table(content, name)
    assert info.value.key == key
    assert info.value.message("zh-CN") and info.value.message("en")


def test_file_over_the_size_limit():
    with pytest.raises(CXError) as info:
        tables.read_table(b"a,b\n" + b"1,2\n" * 100, "big.csv", max_bytes=100)
    assert info.value.key == "common.error.too_big"


def test_require_columns_is_case_insensitive_and_names_what_is_missing():
    frame = pd.DataFrame({"Respondent": [1], "FEATURE": ["x"], "other": [0]})
    renamed = tables.require_columns(frame, ["respondent", "feature"])
    assert list(renamed.columns[:2]) == ["respondent", "feature"]
    with pytest.raises(CXError) as info:
        tables.require_columns(frame, ["respondent", "functional"])
    assert info.value.params["missing"] == "functional"
    assert info.value.params["found"] == "Respondent, FEATURE, other"
    assert "functional" in info.value.message("en") and "other" in info.value.message("zh-CN")


def test_rows_text_uses_spreadsheet_numbers_and_truncates():
    assert tables.rows_text([0, 1]) == "2, 3"
    assert tables.rows_text(range(10), limit=3) == "2, 3, 4 … (+7)"


# ---------------------------------------------------------------- one-column files (bug 1)


@pytest.mark.parametrize("header", ["revenue", "value", "收入"])
def test_a_one_column_file_is_one_column_and_feeds_the_abc_upload(header):
    from cxwidgets.widgets.tiers import customers_from_upload

    frame = tables.read_table(f"{header}\n100\n300\n200\n".encode(), "customers.csv")
    assert list(frame.columns) == [header]
    assert list(frame[header]) == ["100", "300", "200"]
    assert frame.attrs["cx_read"] == {"format": "csv", "encoding": "utf-8", "delimiter": ","}
    # Customers without a name column are numbered in file order.
    rows = customers_from_upload(frame)
    assert sorted((row["name"], row["revenue"]) for row in rows) == [
        ("#1", 100.0),
        ("#2", 300.0),
        ("#3", 200.0),
    ]
    # 3 customers, A = 15 %, B = 25 %: A gets round(0.45) -> at least 1, A+B round(1.2) = 1.
    ranked = tiers.abc_tiers(pd.DataFrame(rows))
    assert list(ranked["name"]) == ["#2", "#3", "#1"]
    assert list(ranked["tier"]) == ["A", "C", "C"]


def test_a_one_column_gbk_file_with_a_chinese_header():
    frame = tables.read_table("收入\n1200\n800\n".encode("gbk"), "收入.csv")
    assert list(frame.columns) == ["收入"] and list(frame["收入"]) == ["1200", "800"]
    assert frame.attrs["cx_read"]["encoding"] == "gb18030"


def test_semicolons_inside_a_one_column_file_do_not_split_it():
    frame = tables.read_table(b"senses\nsight;touch\nhearing;smell\n", "a.csv")
    assert list(frame.columns) == ["senses"]
    assert list(frame["senses"]) == ["sight;touch", "hearing;smell"]


@pytest.mark.parametrize(
    ("sep", "name"), [(",", "a.csv"), (";", "a.csv"), ("\t", "a.txt"), ("|", "a.txt")]
)
def test_the_detected_delimiter_is_reported(sep, name):
    content = sep.join(["name", "revenue"]) + "\n" + sep.join(["张三", "1200"]) + "\n"
    frame = tables.read_table(content.encode("utf-8-sig"), name)
    assert frame.to_dict("list") == {"name": ["张三"], "revenue": ["1200"]}
    assert frame.attrs["cx_read"] == {"format": "csv", "encoding": "utf-8-sig", "delimiter": sep}


def test_a_csv_error_becomes_a_cx_error_naming_the_row():
    content = b"name,note\nok,short\nlong," + b"x" * 200_000 + b"\n"
    with pytest.raises(CXError) as info:
        tables.read_table(content, "a.csv")
    assert info.value.key == "common.error.csv_row"
    assert info.value.params["row"] == 3


# ---------------------------------------------------------------- encodings (bug 7)

NAMES = "名称\t收入\r\n张三\t1200\r\n李四\t800\r\n"


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_excel_unicode_text_utf16_with_bom_and_tabs(bom):
    """Excel/WPS "Unicode text" (.txt): UTF-16 with a BOM, tab separated, CRLF lines."""
    from cxwidgets.widgets.tiers import customers_from_upload

    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    frame = tables.read_table(bom + NAMES.encode(codec), "客户.txt")
    assert frame.to_dict("list") == {"名称": ["张三", "李四"], "收入": ["1200", "800"]}
    assert frame.attrs["cx_read"] == {"format": "csv", "encoding": "utf-16", "delimiter": "\t"}
    rows = customers_from_upload(frame)
    assert sorted((row["name"], row["revenue"]) for row in rows) == [
        ("张三", 1200.0),
        ("李四", 800.0),
    ]


def test_utf16_without_bom_is_detected():
    frame = tables.read_table("名称,收入\n张三,1200\n".encode("utf-16-le"), "a.csv")
    assert frame.to_dict("list") == {"名称": ["张三"], "收入": ["1200"]}
    assert frame.attrs["cx_read"]["encoding"] == "utf-16-le"


@pytest.mark.parametrize(
    "text",
    [
        "name,revenue\n王小明,1200\n陳大華,800\n",
        "name,revenue\n林美玲,30200\n張志豪,4100\n",
        "name,revenue\n網速達標,1\n寬頻安裝,2\n",
    ],
)
def test_big5_is_detected_not_read_as_gb18030_garbage(text):
    from cxwidgets.widgets.tiers import customers_from_upload

    frame = tables.read_table(text.encode("big5"), "customers.csv")
    assert frame.attrs["cx_read"]["encoding"] == "big5"
    expected = [line.split(",")[0] for line in text.splitlines()[1:]]
    assert sorted(row["name"] for row in customers_from_upload(frame)) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        # Short simplified-Chinese lists that also decode as Big5 (a general-purpose
        # detector calls some of them Big5 or Korean).
        "name,revenue\n银发,1\n年轻,2\n",
        "name,revenue\n朱秀英,780\n陈芳,4558\n",
        "阶段,触点\n了解,看到广告\n办理,上门安装\n",
    ],
)
@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_text_that_also_decodes_as_big5_stays_gb18030(text, encoding):
    frame = tables.read_table(text.encode(encoding), "a.csv")
    rows = [line.split(",") for line in text.splitlines()]
    assert list(frame.columns) == rows[0]
    assert frame.values.tolist() == rows[1:]
    assert frame.attrs["cx_read"] == {"format": "csv", "encoding": "gb18030", "delimiter": ","}


def test_gb18030_four_byte_characters():
    text = "name,revenue\n𠀾记,10\n"  # U+2003E exists only in GB18030's four-byte range
    frame = tables.read_table(text.encode("gb18030"), "a.csv")
    assert frame.loc[0, "name"] == "𠀾记"


def test_excel_reports_its_format():
    buffer = io.BytesIO()
    pd.DataFrame({"revenue": [1, 2]}).to_excel(buffer, index=False)
    frame = tables.read_table(buffer.getvalue(), "a.xlsx")
    assert frame.attrs["cx_read"] == {
        "format": "xlsx", "encoding": None, "delimiter": None, "sheet": "Sheet1", "sheets": 1,
    }


# ---------------------------------------------------------------- rows longer than the header


def test_a_row_with_an_extra_cell_is_refused_with_its_spreadsheet_row():
    # A thousands separator typed without quotes: "1,200" becomes two cells.
    content = "name,revenue\n张三,100\n李四,1,200\n王五,300\n".encode()
    with pytest.raises(CXError) as info:
        tables.read_table(content, "a.csv")
    assert info.value.key == "common.error.extra_cells"
    assert info.value.params["rows"] == "3"
    assert info.value.params["columns"] == 2


def test_every_row_one_cell_longer_is_refused_not_shifted():
    # pandas would silently take the first column as the index and shift the rest.
    with pytest.raises(CXError) as info:
        tables.read_table(b"a,b,c\n1,2,3,4\n5,6,7,8\n", "a.csv")
    assert info.value.key == "common.error.extra_cells"
    assert info.value.params["rows"] == "2, 3"


def test_extra_rows_are_numbered_as_in_a_spreadsheet():
    # Row 3 is blank and row 4 holds a quoted cell spanning two lines: one spreadsheet row.
    content = b'a,b\n1,2\n\n"x\ny",4\n5,6,7\n'
    with pytest.raises(CXError) as info:
        tables.read_table(content, "a.csv")
    assert info.value.params["rows"] == "5"


def test_empty_cells_after_the_last_column_are_harmless():
    frame = tables.read_table(b"a,b,c\n1,2,3,\n4,5,6,,\n", "a.csv")
    assert frame.to_dict("list") == {"a": ["1", "4"], "b": ["2", "5"], "c": ["3", "6"]}


def test_short_rows_are_padded():
    frame = tables.read_table(b"a,b,c\n1,2\n4,5,6\n", "a.csv")
    assert frame["c"].isna().tolist() == [True, False]


# ---------------------------------------------------------------- journey map CSV (bug 2)


def _own_journey():
    from cxwidgets import journey as J

    journey = J.empty_journey("我的咖啡店", ["到店", "点单", "复盘"])
    s1, s2, _empty = (stage.id for stage in journey.stages)
    journey, _ = J.add_touchpoint(
        journey,
        s1,
        "门头招牌",
        kind="physical",
        senses=["sight", "smell"],
        note='招牌写着"欢迎光临", 很醒目',
        tag="delight",
    )
    journey, _ = J.add_touchpoint(
        journey, s2, "扫码点单", kind="digital", senses=[], note="第一行\n第二行", tag="pain"
    )
    journey, _ = J.add_touchpoint(journey, s2, "100", kind="interpersonal")
    journey, now = J.add_curve(journey, "现在的感受", fill=None)
    journey, silver = J.add_curve(journey, "银发客户", fill=None)
    journey = J.set_series(journey, now, [2.5, -4, 0])
    return J.set_series(journey, silver, [-1.5, None, 5])


def test_the_journey_download_uploads_again_unchanged(tmp_path):
    from cxwidgets import journey as J
    from cxwidgets.session import Session
    from cxwidgets.widgets import journey as lecture
    from cxwidgets.workbook import Workbook

    journey = _own_journey()
    workbook = Workbook("tester", directory=tmp_path, debounce=0)
    workbook.set(lecture.JOURNEY, journey.to_dict())
    editor = lecture.JourneyEditor(Session(workbook=workbook, lecture="04"))
    content = editor.download.producer()

    frame = tables.read_table(content, "journey-map.csv")
    assert frame.attrs["cx_read"] == {"format": "csv", "encoding": "utf-8-sig", "delimiter": ","}
    assert J.from_frame(frame, title=journey.title) == journey


def test_an_edited_journey_csv_with_a_bad_emotion_names_the_row():
    from cxwidgets import journey as J

    content = "stage,touchpoint,emotion:现在\n到店,门头,2\n到店,迎宾,很好\n".encode()
    with pytest.raises(CXError) as info:
        J.from_frame(tables.read_table(content, "journey.csv"))
    assert info.value.key == "journey.error.bad_row"
    assert info.value.params["row"] == 3
    assert info.value.params["message"].key == "journey.error.score_not_number"


def test_emotion_text_with_spaces_and_signs_is_a_number():
    from cxwidgets import journey as J

    content = b"stage,touchpoint,emotion:now\nA,x, +2\nA,y,-1.5 \nA,z,\n"
    journey = J.from_frame(tables.read_table(content, "journey.csv"))
    assert journey.series() == [2.0, -1.5, None]


# ---------------------------------------------------------------- issue 14: files that are no table, headers


def _xlsx(sheets, merges=None):
    return badfiles.xlsx_bytes(sheets, merges)  # the corpus's workbook maker (tests/badfiles.py)


@pytest.mark.parametrize(
    ("content", "name", "key", "params"),
    [
        (b"\xef\xbb\xbf  \r\n<!DOCTYPE html><html>", "a.csv", "tables.error.html", {}),
        (b"<TABLE><tr><td>1</td></tr></TABLE>", "export.xls", "tables.error.html", {}),
        (b"\xff\xd8\xff\xdb" + bytes(64), "a.csv", "tables.error.image", {"format": "JPEG"}),
        (b"GIF89a" + bytes(64), "a.csv", "tables.error.image", {"format": "GIF"}),
        (b"%PDF-1.4\n", "a.csv", "tables.error.pdf", {}),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "secret.xlsx", "common.error.bad_excel", {}),
        (b"respondent,Score,score\n1,2,3\n", "a.csv", "tables.error.duplicate_columns",
         {"columns": "Score"}),
        ("受访者;题号;题号\n1;2;3\n".encode("gbk"), "a.csv", "tables.error.duplicate_columns",
         {"columns": "题号"}),
    ],
)
def test_files_that_are_no_table_or_repeat_a_column_are_named(content, name, key, params):
    with pytest.raises(CXError) as info:
        tables.read_table(content, name)
    assert info.value.key == key
    assert info.value.params == params


def test_a_zip_that_is_not_a_workbook_is_named():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/1.jpg", b"x")
    with pytest.raises(CXError) as info:
        tables.read_table(buffer.getvalue(), "a.xlsx")
    assert (info.value.key, info.value.params) == ("tables.error.other_file", {"what": "ZIP"})


def test_a_repeated_column_in_a_workbook_is_refused_with_its_name():
    content = _xlsx({"Sheet1": [["respondent", "E1", "E1"], [1, 5, 6]]})
    with pytest.raises(CXError) as info:
        tables.read_table(content, "a.xlsx")
    assert info.value.params == {"columns": "E1"}


def test_the_first_sheet_with_data_is_read_and_named():
    content = _xlsx({"封面": [], "说明": [["只有一行说明"]], "数据": [["a", "b"], [1, 2]]})
    frame = tables.read_table(content, "a.xlsx")
    assert frame.to_dict("list") == {"a": [1], "b": [2]}
    assert frame.attrs["cx_read"]["sheet"] == "数据" and frame.attrs["cx_read"]["sheets"] == 3


def test_a_merged_title_row_is_skipped_and_merged_data_cells_are_filled():
    rows = [["客户满意度调查", None, None], ["respondent", "tenure", "score"],
            [1, "3m", 5], [2, None, 4], [3, "2y+", 1]]
    content = _xlsx({"S": rows}, merges={"S": ["A1:C1", "B3:B4"]})
    frame = tables.read_table(content, "a.xlsx")
    assert list(frame.columns) == ["respondent", "tenure", "score"]
    assert frame["tenure"].tolist() == ["3m", "3m", "2y+"]


def test_group_header_cells_are_joined_with_the_row_below():
    rows = [["受访者", "期望", None, "感知", None], [None, 1, 2, 1, 2], ["a", 7, 6, 5, 4]]
    content = _xlsx({"S": rows}, merges={"S": ["A1:A2", "B1:C1", "D1:E1"]})
    frame = tables.read_table(content, "a.xlsx")
    assert list(frame.columns) == ["受访者", "期望 1", "期望 2", "感知 1", "感知 2"]
    assert frame.iloc[0].tolist() == ["a", 7, 6, 5, 4]


def test_full_width_numbers_become_numbers_and_other_text_stays():
    content = "id,score,comment\n１２３,５,第５名很好\n４,－２.５,ＡＢＣ\n".encode()
    frame = tables.read_table(content, "a.csv")
    assert frame["id"].tolist() == ["123", "4"]
    assert frame["score"].tolist() == ["5", "-2.5"]
    assert frame["comment"].tolist() == ["第５名很好", "ＡＢＣ"]
