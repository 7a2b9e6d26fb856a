"""Bad files through the real file input of lecture 03: a clear message, the analysis stays.

The files come from the corpus (tests/badfiles.py); every kind is checked in the kernel by
tests/unit/test_bad_files.py, this checks what the learner sees in the browser.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import badfiles  # tests/badfiles.py, the corpus

pytestmark = pytest.mark.e2e

LECTURE = "03_kano.ipynb"
TABLE = badfiles.TABLES["kano"]
FEATURES = len({row[1] for row in TABLE.rows})


def _file(tmp_path: Path, kind) -> str:
    name, content = kind(TABLE)
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_bad_files_show_their_message_and_the_earlier_analysis_stays(
    page: Page, learner: str, tmp_path, open_notebook
) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=".cx-kano-table tbody tr >> nth=0")
    survey = page.locator(".cx-ex-kano-survey")
    picker = survey.locator(".cx-upload input[type=file]")
    table = page.locator(".cx-kano-table tbody tr")
    error = survey.locator(".cx-upload-box .cx-msg-error")
    success = survey.locator(".cx-upload-box .cx-msg-success")
    feature = page.locator('.cx-kano-table tr[data-feature="高速"]')

    picker.set_input_files(_file(tmp_path, badfiles.plain))
    expect(success).to_be_visible()
    expect(table).to_have_count(FEATURES)
    expect(feature).to_have_count(1)

    bad = [
        (badfiles.html_as_csv, None),  # a survey site's web page saved as .csv
        (badfiles.png_as_csv, "PNG"),  # a picture renamed .csv: the message names it
        (badfiles.duplicate_columns_xlsx, "functional"),  # the repeated column is named
    ]
    for kind, named in bad:
        picker.set_input_files(_file(tmp_path, kind))
        expect(error).to_be_visible()
        expect(error).to_have_attribute("role", "alert")
        if named:
            expect(error).to_contain_text(named)
        expect(success).to_have_count(0)
        expect(table).to_have_count(FEATURES)  # the first upload is still analysed
        expect(feature).to_have_count(1)
        expect(picker).to_have_value("")

    # A workbook of several sheets: read, and the message names the sheet that was read.
    picker.set_input_files(_file(tmp_path, badfiles.several_sheets))
    expect(success).to_be_visible()
    expect(success).to_have_attribute("role", "status")
    expect(success).to_contain_text("数据")
    expect(error).to_have_count(0)
    expect(table).to_have_count(FEATURES)
