"""Fixtures for the browser tests: a real Voila server and Debian's Chromium.

Fixtures
--------
voila_server    session: the course (``notebooks/``) served exactly as ``make serve`` does, with
                a temporary ``CX_WORKBOOK_DIR`` (``voila_server.workbook_dir``) and
                ``voila_server.url``.
restart_server  function: call it to stop and start that server again (same port, same
                workbooks), e.g. to check that work comes back after a server restart.
learner         function: a fresh learner name, so tests never share a workbook.
browser         session: headless Chromium (see ``browser.launch``).
context, page   function: a zh-CN browser context whose base URL is ``page_base_url`` (the
                course server's, unless a module overrides that fixture). Every
                request not to 127.0.0.1/localhost is aborted and recorded; at test end any
                such request, console error or page error fails the test.
page_guard      function: the ``Guard`` of that context (``page_guard.allow(regex)`` to accept a
                known console error).
open_notebook, screenshot, wait_saved
                the helpers from ``tests/e2e/browser.py``, as fixtures for convenience; tests
                may also ``from .browser import open_notebook, screenshot, wait_saved``.
                ``wait_saved(page, voila_server.workbook_dir, learner, section, predicate)``
                is the one "saved" check: the file holds the edit and the header says
                "saved" at the file's revision.

Mark browser tests with ``pytest.mark.e2e``. Select by role, aria-label or ``cx-`` class, and wait
for conditions (``locator.wait_for``, ``expect``), never sleep.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from cxwidgets.serve import Server

from . import browser as harness

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "notebooks"

# A kernel round trip on a busy two-core CI machine can take seconds: give `expect` room.
# Passing tests do not wait longer for it; only failures take longer to report.
expect.set_options(timeout=30_000)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item, so fixtures can screenshot failed tests."""
    report = yield
    setattr(item, f"cx_report_{report.when}", report)
    return report


class TestServer(Server):
    """A :class:`cxwidgets.serve.Server` with its own workbook folder and log file.

    Parameters
    ----------
    root : pathlib.Path
        Folder whose notebooks are served.
    tmp : pathlib.Path
        Scratch folder: ``tmp/workbooks`` becomes ``CX_WORKBOOK_DIR``, ``tmp/voila.log`` the log.
    extra_args : sequence of str
        More Voila options (they override ``voila.json``).
    """

    __test__ = False  # not a test class

    def __init__(self, root: Path, tmp: Path, extra_args: Sequence[str] = ()) -> None:
        self.workbook_dir = tmp / "workbooks"
        self.workbook_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = tmp / "voila.log"
        self._log_file = self.log_path.open("a", encoding="utf-8")
        super().__init__(
            root=root,
            env={"CX_WORKBOOK_DIR": str(self.workbook_dir)},
            extra_args=extra_args,
            log=self._log_file,
        )

    def start(self, timeout: float = 120.0) -> TestServer:
        try:
            return super().start(timeout)
        except Exception as error:
            self._log_file.flush()
            message = f"{error}\n--- voila log ---\n{self.log_path.read_text(encoding='utf-8')}"
            raise RuntimeError(message) from error

    def close(self) -> None:
        """Stop the server and close its log."""
        self.stop()
        self._log_file.close()


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    """The course served as by ``make serve``, with a temporary workbook folder."""
    server = TestServer(COURSE, tmp_path_factory.mktemp("course")).start()
    yield server
    server.close()


@pytest.fixture
def restart_server(voila_server: TestServer) -> Callable[[], Server]:
    """Return a function that restarts the course server (same port, same workbooks)."""

    def restart() -> Server:
        return voila_server.restart(timeout=120)

    return restart


@pytest.fixture
def learner() -> str:
    """A learner name no other test uses."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = harness.launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def page_base_url(voila_server: TestServer) -> str:
    """URL that the page's relative ``goto`` paths resolve against: the course server's.

    A test module serving the course another way overrides this fixture, so that ``page``
    (and its guard) never start the course server it does not use.
    """
    return voila_server.url


@pytest.fixture
def _guarded_context(browser: Browser, page_base_url: str):
    context, guard = harness.new_context(browser, base_url=page_base_url)
    yield context, guard
    context.close()


@pytest.fixture
def context(_guarded_context) -> BrowserContext:
    return _guarded_context[0]


@pytest.fixture
def page_guard(_guarded_context) -> harness.Guard:
    return _guarded_context[1]


@pytest.fixture
def page(request: pytest.FixtureRequest, _guarded_context) -> Iterator[Page]:
    """A page of the guarded context; fails the test on non-local requests or console errors."""
    context, guard = _guarded_context
    new_page = context.new_page()
    yield new_page
    report = getattr(request.node, "cx_report_call", None)
    shot_name = "FAILED-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-120:]
    if report is not None and report.failed and not new_page.is_closed():
        harness.screenshot(new_page, shot_name)
    elif report is not None and report.passed:
        # A screenshot left by an earlier failing run of this test would mislead.
        (harness.SCREENSHOTS / f"{shot_name}.png").unlink(missing_ok=True)
    problems = guard.problems()
    if not new_page.is_closed():
        # Runs the page's unload handler, which asks Voila to shut the kernel down.
        new_page.close(run_before_unload=True)
    assert not problems, "the page misbehaved:\n  " + "\n  ".join(problems)


@pytest.fixture
def open_notebook() -> Callable[..., Page]:
    """``open_notebook(page, "03_kano.ipynb", learner="t1", lang=None, ready=".cx-ready")``."""
    return harness.open_notebook


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """``screenshot(page, name)`` writes ``tests/e2e/screenshots/<name>.png``."""
    return harness.screenshot


@pytest.fixture
def wait_saved() -> Callable[..., dict]:
    """``wait_saved(page, workbook_dir, learner, section, predicate)`` (see ``browser``)."""
    return harness.wait_saved
