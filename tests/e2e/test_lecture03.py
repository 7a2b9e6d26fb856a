"""Lecture 03 (KANO) in a real browser: questionnaire, survey analysis, upload, persistence."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import open_notebook, screenshot, wait_saved

pytestmark = pytest.mark.e2e

LECTURE = "03_kano.ipynb"
READY = ".cx-kano-row-0 .cx-kano-func"


SURVEY = ".cx-ex-kano-survey"
SURVEY_READY = ".cx-kano-table tbody tr >> nth=0"
#: Uploads with more rows are analysed but not kept (SurveyAnalysis.stored_rows_limit).
STORED_ROWS_LIMIT = 60_000


def upload(page: Page, path) -> None:
    """Choose ``path`` with the survey's upload button."""
    with page.expect_file_chooser() as chooser:
        page.locator(f"{SURVEY} .cx-upload").click()
    chooser.value.set_files(str(path))


def answer(page: Page, row: int, functional: int, dysfunctional: int) -> None:
    page.locator(f".cx-kano-row-{row} .cx-kano-func [role=radio]").nth(functional - 1).click()
    page.locator(f".cx-kano-row-{row} .cx-kano-dysf [role=radio]").nth(dysfunctional - 1).click()


def test_questionnaire_by_clicking_survives_reload_and_server_restart(
    page: Page, learner: str, restart_server, page_guard, voila_server
) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=READY)
    answer(page, 0, 2, 5)  # must-be / dislike -> M
    answer(page, 1, 1, 3)  # like / neutral -> A
    expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "M")
    expect(page.locator(".cx-kano-row-1 [data-category]")).to_have_attribute("data-category", "A")
    expect(page.locator(".cx-kano-row-2 [data-category]")).to_have_count(0)
    wait_saved(page, voila_server.workbook_dir, learner, "03/kano_questionnaire",
               lambda value: value["answers"][:2] == [[2, 5], [1, 3]])
    screenshot(page, "lecture03-questionnaire")

    page.reload()
    page.locator(READY).wait_for(timeout=120_000)
    expect(page.locator(".cx-kano-row-0 .cx-kano-func [role=radio]").nth(1)).to_have_attribute(
        "aria-checked", "true"
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
    expect(compare.locator(".cx-msg-info").first).to_be_visible()
    # O in both segments with p < .05: the distribution differs, not the category.
    expect(compare.locator('tr[data-feature="repair_2h"]')).to_have_attribute(
        "data-verdict", "distribution_differs"
    )
    expect(compare.locator('tr[data-feature="loyalty_discount"]')).to_contain_text("<0.001")
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
    first_answer = page.locator(".cx-kano-row-0 .cx-kano-func [role=radio]").first
    chinese = first_answer.inner_text()
    page.locator(".cx-header .cx-language button").nth(1).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(first_answer).not_to_have_text(chinese)
    expect(page.locator(".cx-kano-row-0 .cx-kano-feature")).not_to_contain_text("网速")
    answer(page, 0, 1, 5)
    expect(page.locator(".cx-kano-row-0 .cx-kano-result")).to_contain_text("One-dimensional")
    screenshot(page, "lecture03-english")


def test_uploaded_source_before_any_upload_says_so(page: Page, learner: str) -> None:
    open_notebook(page, LECTURE, learner=learner, ready=SURVEY_READY)
    survey = page.locator(SURVEY)
    survey.locator(".cx-kano-source button").nth(1).click()  # "my uploaded file"
    notice = survey.locator(".cx-survey-notice .cx-msg-info")
    expect(notice).to_be_visible()
    expect(survey.locator(".cx-kano-table")).to_be_hidden()  # never the sample in disguise
    expect(survey.locator(".cx-upload input[type=file]")).to_be_attached()
    survey.locator(".cx-kano-source button").nth(0).click()
    expect(notice).to_have_count(0)
    expect(survey.locator(".cx-kano-table tbody tr")).to_have_count(10)


def test_upload_over_the_row_limit_is_said_and_reload_is_truthful(
    page: Page, learner: str, tmp_path, voila_server
) -> None:
    small = tmp_path / "small.csv"
    small.write_text(
        "respondent,feature,functional,dysfunctional\n1,上门提速,2,5\n2,上门提速,1,5\n",
        encoding="utf-8",
    )
    big = tmp_path / "big.csv"
    rows = STORED_ROWS_LIMIT + 1
    lines = ["respondent,feature,functional,dysfunctional,tenure"]
    lines += [f"{i},{'视频会员' if i % 2 else '上门提速'},1,{1 + i % 5},3m" for i in range(rows)]
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")

    open_notebook(page, LECTURE, learner=learner, ready=SURVEY_READY)
    survey = page.locator(SURVEY)
    table = survey.locator(".cx-kano-table tbody tr")
    upload(page, small)
    expect(table).to_have_count(1)  # the small file is analysed (and kept)
    upload(page, big)
    notice = survey.locator(".cx-survey-notice .cx-msg-info")
    expect(notice).to_contain_text(str(rows))
    expect(notice).to_contain_text(str(STORED_ROWS_LIMIT))
    expect(table).to_have_count(2)  # the big file is analysed on this page
    expect(survey.locator(".cx-kano-message .cx-msg-error")).to_have_count(0)
    # Saved: the source and a "too big to keep" marker (not the rows, not small.csv).
    wait_saved(
        page,
        voila_server.workbook_dir,
        learner,
        "03/kano_survey",
        lambda value: value["source"] == "upload"
        and value["upload"] == {"name": "big.csv", "row_count": rows, "too_big": True},
    )
    screenshot(page, "lecture03-upload-not-kept")

    page.reload()
    open_notebook(page, LECTURE, learner=learner, ready=".cx-ex-kano-survey .cx-survey-notice .cx-msg")
    survey = page.locator(SURVEY)
    error = survey.locator(".cx-survey-notice .cx-msg-error")
    expect(error).to_contain_text("big.csv")
    expect(error).to_contain_text(str(STORED_ROWS_LIMIT))
    expect(survey.locator(".cx-kano-table")).to_be_hidden()  # not small.csv, not the sample
    expect(survey.locator(".cx-kano-source button").nth(1)).to_have_class(re.compile("mod-active"))
