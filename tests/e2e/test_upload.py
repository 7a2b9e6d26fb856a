"""The upload in a real browser: a file over the limit gets the message, not a dead kernel.

Tornado closes the kernel websocket on a message over 10 MiB, which is what happened when the
whole file went to the kernel in one message. The size is now checked in the browser first.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

LECTURE = "03_kano.ipynb"
MiB = 1024 * 1024
SAMPLE_FEATURES = 10  # rows of the sample survey's result table


def _big_csv(path, size: int) -> None:
    """Write a KANO-shaped CSV of exactly ``size`` bytes."""
    header = b"respondent,feature,functional,dysfunctional,tenure\n"
    row = b"1,speed,like,dislike,2y+\n"
    body = header + row * ((size - len(header)) // len(row) + 1)
    path.write_bytes(body[:size])


def _small_csv(path) -> None:
    lines = ["respondent,feature,functional,dysfunctional,tenure"]
    for respondent in range(1, 5):
        lines.append(f"{respondent},上门提速,理应如此,不喜欢,2y+")
        lines.append(f"{respondent},视频会员,喜欢,无所谓,3m")
    path.write_bytes("\n".join(lines).encode("utf-8"))


def test_file_over_the_limit_shows_the_message_and_the_kernel_stays_connected(
    page: Page, learner: str, tmp_path, open_notebook
) -> None:
    big = tmp_path / "大文件.csv"
    _big_csv(big, 11 * MiB)
    small = tmp_path / "small.csv"
    _small_csv(small)

    open_notebook(page, LECTURE, learner=learner, ready=".cx-kano-table tbody tr >> nth=0")
    survey = page.locator(".cx-ex-kano-survey")
    table = page.locator(".cx-kano-table tbody tr")
    expect(table).to_have_count(SAMPLE_FEATURES)
    picker = survey.locator(".cx-upload input[type=file]")
    expect(picker).to_have_attribute("aria-label", re.compile(r"\S"))
    expect(picker).to_have_attribute("accept", re.compile(r"\.csv"))

    picker.set_input_files(str(big))
    error = survey.locator(".cx-upload-box .cx-msg-error")
    expect(error).to_be_visible()
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("11.0")  # the file's size in MB
    expect(table).to_have_count(SAMPLE_FEATURES)  # the sample is still analysed
    expect(picker).to_have_value("")  # emptied, so the same file can be chosen again

    # The kernel still answers: a valid file is read and analysed.
    picker.set_input_files(str(small))
    expect(survey.locator(".cx-upload-box .cx-msg-success")).to_be_visible()
    expect(table).to_have_count(2)
    expect(page.locator('.cx-kano-table tr[data-feature="上门提速"] [data-category]')).to_have_attribute(
        "data-category", "M"
    )

    # The big file again: refused again, the uploaded table stays.
    picker.set_input_files(str(big))
    expect(error).to_be_visible()
    expect(error).to_contain_text("11.0")
    expect(table).to_have_count(2)

