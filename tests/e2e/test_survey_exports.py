"""A real survey-tool export dropped into KANO (03) and SERVQUAL (02) in a real browser.

The trainer uploads the 问卷星 export, checks the proposed column mapping, corrects a row
(the page marks a wrong pick at once and refuses to analyse it), names a feature, confirms,
and gets the analysis; after a reload it is still there, and the same layout again comes with
the confirmed mapping filled in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports"
TENURE = "1、您使用我们的宽带多久了？"
FIRST_QUESTION = "3、如果宽带网速总能达到套餐承诺的速率，您的感受是？"
KANO_FIELDS = 3 + 2 * 10  # respondent, tenure, tier; a pair per feature
ACTIVE = re.compile(r"\bmod-active\b")
#: A feature of the export under its own name (the sample names it by a course code).
EXPORT_FEATURE = '.cx-kano-table tr[data-feature="每月的账单清晰易懂"]'


def _row(scope, key: str):
    return scope.locator(f'.cx-map-row[data-key="{key}"]')


def test_a_wjx_kano_export_is_mapped_corrected_confirmed_and_kept(
    page: Page, learner: str, voila_server, open_notebook, screenshot, wait_saved
) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_notebook(page, "03_kano.ipynb", learner=learner,
                  ready=".cx-kano-table tbody tr >> nth=0")
    survey = page.locator(".cx-ex-kano-survey")
    table = survey.locator(".cx-kano-table tbody tr")
    expect(table).to_have_count(10)
    sample_status = survey.locator(".cx-kano-status").inner_text()

    survey.locator(".cx-upload input[type=file]").set_input_files(str(EXPORTS / "kano_wjx.xlsx"))
    mapper = survey.locator(".cx-map-table")
    expect(mapper).to_be_visible()
    expect(mapper.locator(".cx-map-row")).to_have_count(KANO_FIELDS)
    expect(_row(mapper, "tenure").locator("select")).to_have_value(TENURE)
    expect(_row(mapper, "f0.functional").locator("select")).to_have_value(FIRST_QUESTION)
    expect(survey.locator(".cx-kano-status")).to_have_text(sample_status)  # nothing analysed yet
    expect(survey.locator(".cx-kano-source button").nth(0)).to_have_class(ACTIVE)

    # A wrong pick: the row says why at once, and the analysis is refused until it is fixed.
    first = _row(mapper, "f0.functional")
    first.locator("select").select_option(TENURE)
    expect(first).to_have_class(re.compile(r"\bcx-map-bad\b"))
    expect(first.locator(".cx-map-problem")).to_have_attribute("role", "alert")
    expect(first.locator("select")).to_have_attribute("aria-invalid", "true")
    survey.locator(".cx-map-confirm").click()
    expect(survey.locator(".cx-map-box .cx-msg-error")).to_be_visible()
    expect(first.locator("select")).to_be_focused()  # the page takes the learner to the row
    screenshot(page, "survey-export-mapping-problem", full_page=False)

    # Fixed: the right question picked again; the samples follow the pick.
    first.locator("select").select_option(FIRST_QUESTION)
    expect(first).not_to_have_class(re.compile(r"\bcx-map-bad\b"))
    expect(first.locator(".cx-map-samples")).to_contain_text("理所当然")
    name = first.locator(".cx-map-name")
    expect(name).to_have_value("宽带网速总能达到套餐承诺的速率")
    name.fill("网速达标")  # a course feature: its lecture texts apply
    name.press("Tab")
    wait_saved(page, voila_server.workbook_dir, learner, "03/kano_survey",
               lambda v: v["pending"]["mapping"]["names"]["f0.functional"] == "网速达标")
    mapper.scroll_into_view_if_needed()
    screenshot(page, "survey-export-mapping", full_page=False)

    survey.locator(".cx-map-confirm").click()
    expect(survey.locator(".cx-map-box")).to_be_hidden()
    expect(survey.locator(".cx-upload-box .cx-msg-success")).to_be_visible()
    expect(survey.locator(".cx-kano-source button").nth(1)).to_have_class(ACTIVE)
    expect(survey.locator(".cx-kano-status")).to_contain_text("320")
    expect(table).to_have_count(10)
    expect(survey.locator(EXPORT_FEATURE)).to_have_count(1)
    expect(survey.locator('.cx-kano-table tr[data-feature="speed_as_promised"]')).to_have_count(1)
    wait_saved(page, voila_server.workbook_dir, learner, "03/kano_survey",
               lambda v: v["pending"] is None and v["source"] == "upload" and v["mappings"])
    survey.locator(".cx-upload-box").scroll_into_view_if_needed()
    screenshot(page, "survey-export-analysed", full_page=False)

    page.reload()
    open_notebook(page, "03_kano.ipynb", learner=learner,
                  ready=".cx-kano-table tbody tr >> nth=0")
    expect(survey.locator(".cx-kano-source button").nth(1)).to_have_class(ACTIVE)
    expect(survey.locator(EXPORT_FEATURE)).to_have_count(1)

    # The same layout again: the confirmed mapping is proposed; discarding keeps the analysis.
    survey.locator(".cx-upload input[type=file]").set_input_files(str(EXPORTS / "kano_wjx.xlsx"))
    expect(survey.locator(".cx-map-remembered .cx-msg-info")).to_be_visible()
    expect(_row(survey, "f0.functional").locator(".cx-map-name")).to_have_value("网速达标")
    survey.locator(".cx-map-cancel").click()
    expect(survey.locator(".cx-map-box")).to_be_hidden()
    expect(survey.locator(EXPORT_FEATURE)).to_have_count(1)


def test_a_google_forms_servqual_export_in_english(
    page: Page, learner: str, open_notebook, screenshot
) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_notebook(page, "02_servqual.ipynb", learner=learner, lang="en",
                  ready=".cx-sq-survey-status")
    survey = page.locator(".cx-ex-sq-survey")
    survey.locator(".cx-upload input[type=file]").set_input_files(
        str(EXPORTS / "servqual_google_forms.csv"))
    mapper = survey.locator(".cx-map-table")
    expect(mapper.locator(".cx-map-row")).to_have_count(3 + 44)
    expect(_row(mapper, "E1").locator("select")).to_have_value(
        re.compile(r"^Expectation \[The modem"))
    expect(_row(mapper, "respondent").locator("select")).to_have_value("")  # none: row numbers
    _row(mapper, "E1").scroll_into_view_if_needed()
    screenshot(page, "survey-export-servqual-en", full_page=False)
    survey.locator(".cx-map-confirm").click()
    expect(survey.locator(".cx-map-box")).to_be_hidden()
    expect(survey.locator(".cx-sq-source button").nth(1)).to_have_class(ACTIVE)
    expect(survey.locator(".cx-sq-survey-status")).to_contain_text("240")


def test_a_wjx_nps_export_with_skipped_answers(page: Page, learner: str, open_notebook) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_notebook(page, "08_loyalty.ipynb", learner=learner,
                  ready=".cx-ex-nps-score .cx-nps-big")
    score = page.locator(".cx-ex-nps-score")
    sample_nps = score.locator(".cx-nps-big").inner_text()
    score.locator(".cx-upload input[type=file]").set_input_files(str(EXPORTS / "nps_wjx.xlsx"))
    mapper = score.locator(".cx-map-table")
    expect(_row(mapper, "recommend").locator("select")).to_have_value(
        "3、您有多大可能把我们的宽带推荐给亲友？")
    expect(_row(mapper, "csat_t14").locator("select")).to_have_value(
        "11、您对「最近一次故障维修」的满意度是？")
    expect(mapper.locator(".cx-map-bad")).to_have_count(0)  # "(跳过)" is read as no answer
    score.locator(".cx-map-confirm").click()
    expect(score.locator(".cx-map-box")).to_be_hidden()
    expect(score.locator(".cx-nps-source button").nth(1)).to_have_class(ACTIVE)
    expect(score.locator(".cx-nps-big")).to_have_text(sample_nps)  # made from the sample
