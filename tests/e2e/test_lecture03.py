"""Lecture 03 (KANO) in a real browser: questionnaire, survey analysis, upload, persistence."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import open_notebook, screenshot

pytestmark = pytest.mark.e2e

LECTURE = "03_kano.ipynb"
READY = ".cx-kano-row-0 .cx-kano-func"


def answer(page: Page, row: int, functional: int, dysfunctional: int) -> None:
    page.locator(f".cx-kano-row-{row} .cx-kano-func button").nth(functional - 1).click()
    page.locator(f".cx-kano-row-{row} .cx-kano-dysf button").nth(dysfunctional - 1).click()


def test_questionnaire_by_clicking_survives_reload_and_server_restart(
    page: Page, learner: str, restart_server, page_guard
) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    answer(page, 0, 2, 5)  # must-be / dislike -> M
    answer(page, 1, 1, 3)  # like / neutral -> A
    expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "M")
    expect(page.locator(".cx-kano-row-1 [data-category]")).to_have_attribute("data-category", "A")
    expect(page.locator(".cx-kano-row-2 [data-category]")).to_have_count(0)
    expect(page.locator(".cx-header .cx-save-status")).not_to_be_empty()
    screenshot(page, "lecture03-questionnaire")

    page.reload()
    page.locator(READY).wait_for(timeout=120_000)
    expect(page.locator(".cx-kano-row-0 .cx-kano-func button").nth(1)).to_have_class(
        re.compile("mod-active")
    )
    expect(page.locator(".cx-kano-row-1 [data-category]")).to_have_attribute("data-category", "A")

    # While the server restarts, the open page loses its kernel connection: expected noise.
    page_guard.allow(r"ERR_CONNECTION_REFUSED|api/shutdown|api/kernels")
    restart_server()
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "M")


def test_survey_analysis_chart_filter_and_comparison(page: Page, learner: str) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=".cx-kano-table table")
    chart = page.locator(".cx-kano-chart svg").first
    chart.wait_for(state="attached", timeout=120_000)
    table_rows = page.locator(".cx-kano-table tbody tr")
    expect(table_rows).to_have_count(10)
    status = page.locator(".cx-kano-status")
    expect(status).to_contain_text("320")

    page.locator(".cx-kano-filter-tenure select").select_option(index=1)  # 2y+ (labels are translated)
    expect(status).not_to_contain_text("320")
    expect(
        page.locator('.cx-kano-table tr[data-feature="loyalty_discount"] [data-category]')
    ).to_have_attribute("data-category", "M")
    page.locator(".cx-kano-filter-tenure select").select_option(index=4)  # 3m
    expect(
        page.locator('.cx-kano-table tr[data-feature="loyalty_discount"] [data-category]')
    ).to_have_attribute("data-category", "A")

    compare = page.locator(".cx-kano-compare")
    expect(compare.locator("tbody tr")).to_have_count(10)
    expect(compare.locator(".cx-msg-info")).to_be_visible()
    segment_a = page.locator(".cx-kano-segment-a select")
    before = segment_a.input_value()
    page.locator(".cx-kano-compare-by select").select_option(index=1)  # tier
    expect(segment_a).not_to_have_value(before)
    page.locator(".cx-kano-mix svg").first.wait_for(state="attached", timeout=60_000)
    screenshot(page, "lecture03-survey")


def test_upload_gbk_csv_with_chinese_labels_then_bad_file_keeps_data(
    page: Page, learner: str, tmp_path
) -> None:
    good = tmp_path / "我的问卷.csv"
    lines = ["respondent,feature,functional,dysfunctional,tenure"]
    for respondent in range(1, 7):
        lines.append(f"{respondent},上门提速,理应如此,不喜欢,2y+")
        lines.append(f"{respondent},视频会员,喜欢,无所谓,3m")
    good.write_bytes("\n".join(lines).encode("gbk"))
    bad = tmp_path / "wrong.csv"
    bad.write_text("id,question,answer\n1,a,3\n", encoding="utf-8")

    open_notebook(page, LECTURE, learner=learner, ready=".cx-kano-table tbody tr >> nth=0")
    def upload(path) -> None:
        with page.expect_file_chooser() as chooser:
            page.locator(".cx-ex-kano-survey .cx-upload").click()
        chooser.value.set_files(str(path))

    upload(good)
    table = page.locator(".cx-kano-table tbody tr")
    expect(table).to_have_count(2)
    expect(page.locator('.cx-kano-table tr[data-feature="上门提速"] [data-category]')).to_have_attribute(
        "data-category", "M"
    )
    expect(page.locator(".cx-ex-kano-survey .cx-upload-box .cx-msg-success")).to_be_visible()

    upload(bad)
    error = page.locator(".cx-ex-kano-survey .cx-upload-box .cx-msg-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("functional")  # names the missing column
    expect(table).to_have_count(2)  # the earlier upload is still analysed

    page.reload()
    page.locator(".cx-kano-table tbody tr").first.wait_for(timeout=120_000)
    expect(page.locator(".cx-kano-table tbody tr")).to_have_count(2)  # the upload is kept


def test_switch_to_english_relabels_every_widget(page: Page, learner: str) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    first_answer = page.locator(".cx-kano-row-0 .cx-kano-func button").first
    chinese = first_answer.inner_text()
    page.locator(".cx-header .cx-language button").nth(1).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(first_answer).not_to_have_text(chinese)
    expect(page.locator(".cx-kano-row-0 .cx-kano-feature")).not_to_contain_text("网速")
    answer(page, 0, 1, 5)
    expect(page.locator(".cx-kano-row-0 .cx-kano-result")).to_contain_text("One-dimensional")
    screenshot(page, "lecture03-english")
