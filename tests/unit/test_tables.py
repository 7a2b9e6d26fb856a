"""Uploads: every encoding and every bad file gives a table or a clear message."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from cxwidgets import tables
from cxwidgets.errors import CXError

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
        (b"a,b,c\n", "a.csv", "common.error.no_rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture.csv", "common.error.not_a_table"),
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
