"""A live class in real browsers: one trainer, three learners, one Voila server, no internet.

The trainer's page is refused without its secret; with it the trainer starts a class and
projects the code and QR; learners join from the link with a display name (a name taken by
another device is refused), answer the KANO questionnaire, and the trainer's class view
counts them live; revealing shows the class's result on a learner's page, a lock stops
changes there, a new round empties the view; the class's answers export as CSV; a learner who
changes device takes their name over with the recovery code.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from cxwidgets.classroom.trainer import token

from . import browser as harness
from .conftest import COURSE, TestServer

pytestmark = pytest.mark.e2e

LIVE_MS = 30_000  # waits for the class to show something (the class view polls every second)
KANO_READY = ".cx-kano-row-0 .cx-kano-func [role=radio] >> nth=0"


@pytest.fixture(scope="module")
def class_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    """A server of its own: a class running changes the course home for everyone."""
    server = TestServer(COURSE, tmp_path_factory.mktemp("live"))
    server.env["CX_PUBLIC_URL"] = server.url
    yield server.start()
    server.close()


class People:
    """Browser contexts (one per person), each with its guard against non-local requests."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.opened: list[tuple] = []

    def page(self) -> Page:
        context, guard = harness.new_context(self.browser, base_url=self.base_url)
        self.opened.append((context, guard))
        page = context.new_page()
        page.set_viewport_size({"width": 1280, "height": 720})
        return page

    def close(self) -> None:
        for context, guard in self.opened:
            guard.assert_clean()
            context.close()


@pytest.fixture
def people(browser: Browser, class_server: TestServer) -> Iterator[People]:
    crowd = People(browser, class_server.url)
    yield crowd
    crowd.close()


def join(page: Page, link: str, name: str, code: str | None = None) -> None:
    """Join from ``link``; with ``code``, type the code as read from the projector."""
    page.goto(link, wait_until="commit")
    panel = page.locator(".cx-class-join-panel")
    panel.locator(".cx-class-name").wait_for(timeout=harness.DEFAULT_TIMEOUT_MS)
    expect(page.locator(".cx-ready")).to_be_attached(timeout=harness.DEFAULT_TIMEOUT_MS)
    if code is not None:
        panel.locator(".cx-class-code").fill(code.lower())
    panel.locator(".cx-class-name").fill(name)
    panel.locator(".cx-class-join").click()


def answer_first_feature(page: Page) -> None:
    """Functional "must-be" (2nd), dysfunctional "dislike" (5th): category M."""
    page.locator(".cx-kano-row-0 .cx-kano-func [role=radio]").nth(1).click()
    page.locator(".cx-kano-row-0 .cx-kano-dysf [role=radio]").nth(4).click()
    expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute(
        "data-category", "M")


def test_a_live_kano_class_with_a_trainer_and_three_learners(
    people: People, class_server: TestServer
) -> None:
    trainer = people.page()
    harness.open_notebook(trainer, "trainer.ipynb", learner=None,
                          ready=".cx-trainer-refused", base_url=class_server.url)
    expect(trainer.locator(".cx-trainer-start")).to_have_count(0)  # no control without the secret

    secret = token(class_server.workbook_dir)
    trainer.goto(f"{class_server.url}/voila/render/trainer.ipynb?token={secret}",
                 wait_until="commit")
    trainer.locator(".cx-trainer-start").click()
    code_box = trainer.locator(".cx-join-code")
    expect(code_box).to_have_attribute("data-code", re.compile(r"^[2-9A-Z]{6}$"))
    code = code_box.get_attribute("data-code")
    expect(trainer.locator(".cx-join-qr svg")).to_be_visible()
    expect(trainer.locator(".cx-trainer-notes")).to_be_visible()  # the trainer's notes of 03
    link = trainer.locator(".cx-join-link a").get_attribute("href")
    assert link == f"{class_server.url}/voila/render/00_home.ipynb?class={code}"
    harness.screenshot(trainer, "live-trainer-started", full_page=False)

    # Three learners join from the link; the third first tries a name already taken.
    anna, ben, cleo = people.page(), people.page(), people.page()
    join(anna, link, "张三")
    expect(anna.locator(".cx-class-join-panel .cx-class-joined")).to_be_visible()
    recovery = anna.locator(".cx-class-join-panel .cx-class-recovery-code").inner_text()
    assert re.fullmatch(r"[2-9A-Z]{4}(-[2-9A-Z]{4}){3}", recovery)
    harness.screenshot(anna, "live-learner-joined", full_page=False)
    join(ben, link, "李四")
    expect(ben.locator(".cx-class-join-panel .cx-class-joined")).to_be_visible()
    home = f"{class_server.url}/voila/render/00_home.ipynb"  # no code in the link: typed
    join(cleo, home, "张三", code=code)
    expect(cleo.locator(".cx-class-join-panel .cx-class-error")).to_be_visible()
    expect(cleo.locator(".cx-class-join-panel .cx-class-name")).to_have_value("张三")  # nothing typed is lost
    harness.screenshot(cleo, "live-learner-name-taken", full_page=False)
    cleo.locator(".cx-class-join-panel .cx-class-name").fill("王五")
    cleo.locator(".cx-class-join-panel .cx-class-join").click()
    expect(cleo.locator(".cx-class-join-panel .cx-class-joined")).to_be_visible()
    roster = trainer.locator(".cx-roster-count")
    expect(roster).to_have_attribute("data-joined", "3", timeout=LIVE_MS)
    expect(trainer.locator(".cx-roster-names .cx-member")).to_have_count(0)  # hidden by default

    # Two learners answer on lecture 03; the class view counts them as they come in.
    for page, name in ((anna, "张三"), (ben, "李四")):
        page.goto(f"{class_server.url}/voila/render/03_kano.ipynb?"
                  f"learner={code}-{name}&lang=zh-CN", wait_until="commit")
        page.locator(KANO_READY).wait_for(timeout=harness.DEFAULT_TIMEOUT_MS)
        expect(page.locator(".cx-header .cx-learner")).to_contain_text(name, timeout=LIVE_MS)
        answer_first_feature(page)
    count = trainer.locator(".cx-class-dashboard .cx-class-count")
    expect(count).to_have_attribute("data-answered", "2", timeout=LIVE_MS)
    expect(trainer.locator(".cx-class-dashboard .cx-class-chart.cx-chart-drawn")).to_have_count(2)
    harness.screenshot(trainer, "live-trainer-dashboard", full_page=False)

    # Reveal: the class's result appears on a learner's page; hide it again.
    trainer.locator(".cx-trainer-reveal").click()
    result = anna.locator(".cx-class-result")
    expect(result.locator(".cx-class-count")).to_have_attribute("data-answered", "2",
                                                                timeout=LIVE_MS)
    result.scroll_into_view_if_needed()
    harness.screenshot(anna, "live-learner-result-revealed", full_page=False)
    trainer.locator(".cx-trainer-reveal").click()
    expect(result).to_be_hidden(timeout=LIVE_MS)

    # Lock: the learner's questionnaire refuses changes until unlocked.
    trainer.locator(".cx-trainer-lock").click()
    card = anna.locator(".cx-ex-kano-questionnaire")
    expect(card).to_have_class(re.compile(r"\bcx-locked\b"), timeout=LIVE_MS)
    trainer.locator(".cx-trainer-lock").click()
    expect(card).not_to_have_class(re.compile(r"\bcx-locked\b"), timeout=LIVE_MS)

    # The export holds both answers, by name.
    with trainer.expect_download() as download:
        trainer.locator(".cx-download-class-csv button, .cx-download-class-csv").first.click()
    rows = list(csv.DictReader(io.StringIO(
        download.value.path().read_bytes().decode("utf-8-sig"))))
    kano_rows = [row for row in rows if row["section"] == "03/kano_questionnaire"]
    assert sorted(row["name"] for row in kano_rows) == ["张三", "李四"]

    # A new round empties the class view; learners keep their own work.
    trainer.locator(".cx-trainer-reset").click()
    expect(count).to_have_attribute("data-answered", "0", timeout=LIVE_MS)
    expect(anna.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "M")

    # Names on the projector only when the trainer says so.
    trainer.locator(".cx-trainer-names").click()
    expect(trainer.locator(".cx-roster-names .cx-member")).to_have_count(3, timeout=LIVE_MS)

    # Another device opening 张三's page is refused, then takes the name over with the code.
    cleo.goto(f"{class_server.url}/voila/render/03_kano.ipynb?learner={code}-张三&lang=zh-CN",
              wait_until="commit")
    key_box = cleo.locator(".cx-class-key-check .cx-class-key")
    expect(key_box).to_have_attribute("data-status", "refused", timeout=LIVE_MS)
    harness.screenshot(cleo, "live-other-device-refused", full_page=False)
    key_box.locator(".cx-class-recovery-input").fill(recovery)
    key_box.locator(".cx-class-recover").click()
    expect(key_box).to_have_attribute("data-status", "recovered", timeout=LIVE_MS)
    expect(cleo.locator(".cx-header .cx-learner")).to_contain_text("张三")
    expect(cleo.locator(".cx-kano-row-0 [data-category]")).to_have_attribute("data-category", "M")
