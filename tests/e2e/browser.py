"""Browser side of the end-to-end harness, shared by the e2e tests and the benchmarks.

* :func:`launch` starts Debian's Chromium headless with the flags every run uses.
* :class:`Guard` blocks every request that does not go to the local server, and records it,
  together with console errors and uncaught page errors.
* :func:`open_notebook` opens a rendered notebook for a learner and waits until it is interactive.
* :func:`screenshot` writes a PNG to ``tests/e2e/screenshots/`` (git-ignored).
* :func:`wait_saved` waits until the learner's workbook file holds an edit and the page's
  header says "saved" at that file's revision; :func:`workbook_path` finds that file.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from cxwidgets.workbook import clean_learner_name, file_stem

__all__ = [
    "CELL_ERROR",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "NON_LOCAL",
    "SCREENSHOTS",
    "Guard",
    "is_local",
    "launch",
    "new_context",
    "notebook_url",
    "open_notebook",
    "screenshot",
    "wait_saved",
    "workbook_path",
]

CHROMIUM = os.environ.get("CX_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Every URL that is not the local machine (nor data:, blob:, about:). Written so that the
# browser side can evaluate it: local requests are then never routed through Python.
NON_LOCAL = re.compile(
    r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?(?:[/?#]|$))"
    r"(?!(?:data|blob|about):)"
)
# A cell's output on stderr: Voila's "error when executing cell" notice, or a warning that
# learners would see. Neither belongs on a course page.
CELL_ERROR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
READY = ".cx-ready"
DEFAULT_TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1366, "height": 900}
SAVE_STATE = ".cx-header .cx-save-state"
SAVE_TIMEOUT_MS = 30_000
# How long one wait for the header to change lasts before the file is read again anyway
# (another page of the learner may have written it without this header changing).
SAVE_POLL_MS = 500


def is_local(url: str) -> bool:
    """Return True for URLs the course may load: the local server, ``data:``, ``blob:``."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS


def launch(playwright: Playwright, headless: bool = True) -> Browser:
    """Launch Debian's Chromium (``CX_CHROMIUM`` overrides the path) with the harness flags.

    Parameters
    ----------
    playwright : playwright.sync_api.Playwright
        A started Playwright.
    headless : bool
        Run without a window.

    Returns
    -------
    playwright.sync_api.Browser
        The browser.
    """
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}. Install Debian's chromium "
            "(apt-get install chromium) or set CX_CHROMIUM."
        )
        raise FileNotFoundError(message)
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=headless, args=CHROMIUM_ARGS
    )


@dataclass
class Guard:
    """Blocks and records non-local requests; records console errors and page errors.

    Attributes
    ----------
    external : list of str
        URLs of blocked requests and websockets.
    console_errors : list of str
        Text of console messages of type ``error``.
    page_errors : list of str
        Uncaught exceptions in the page.
    allowed : list of re.Pattern
        Console/page errors matching one of these are not counted, whenever they happened (for
        tests that provoke a known error, e.g. restarting the server under an open page).
    """

    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> Guard:
        """Install the request block and the listeners on every page of ``context``."""
        context.route(NON_LOCAL, self._block)
        context.route_web_socket(NON_LOCAL, self._block_websocket)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self._record(self.page_errors, str(error.error)))
        return self

    def allow(self, pattern: str) -> None:
        """Do not count console or page errors matching the regular expression ``pattern``."""
        self.allowed.append(re.compile(pattern))

    def _block(self, route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.fallback()
            return
        self.external.append(url)
        route.abort("blockedbyclient")

    def _block_websocket(self, ws) -> None:
        if is_local(ws.url):
            ws.connect_to_server()
            return
        self.external.append(ws.url)
        ws.close()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            self._record(
                self.console_errors, f"{message.text} ({where})" if where else message.text
            )

    def _record(self, bucket: list[str], text: str) -> None:
        bucket.append(text)

    def _counted(self, texts: list[str]) -> list[str]:
        return [text for text in texts if not any(p.search(text) for p in self.allowed)]

    def problems(self) -> list[str]:
        """Return one line per recorded problem (empty when the page behaved).

        Blocked requests always count; console and page errors unless allowed.
        """
        return (
            [f"non-local request blocked: {url}" for url in self.external]
            + [f"console error: {text}" for text in self._counted(self.console_errors)]
            + [f"page error: {text}" for text in self._counted(self.page_errors)]
        )

    def assert_clean(self) -> None:
        """Raise AssertionError listing every recorded problem, if any."""
        problems = self.problems()
        if problems:
            raise AssertionError("the page misbehaved:\n  " + "\n  ".join(problems))


def new_context(browser: Browser, base_url: str | None = None) -> tuple[BrowserContext, Guard]:
    """Open a browser context (zh-CN locale) with a :class:`Guard` attached.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        From :func:`launch`.
    base_url : str, optional
        Server URL that relative ``page.goto`` paths resolve against.

    Returns
    -------
    tuple of (BrowserContext, Guard)
        The context and its guard.
    """
    context = browser.new_context(
        base_url=base_url, locale="zh-CN", viewport=VIEWPORT, service_workers="block"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return context, Guard().attach(context)


def notebook_url(
    notebook: str, learner: str | None = "t1", lang: str | None = None, base_url: str = ""
) -> str:
    """Return ``<base_url>/voila/render/<notebook>?learner=..&lang=..`` (empty values left out)."""
    query = urlencode(
        [(key, value) for key, value in (("learner", learner), ("lang", lang)) if value]
    )
    url = f"{base_url.rstrip('/')}/voila/render/{notebook}"
    return f"{url}?{query}" if query else url


def open_notebook(
    page: Page,
    notebook: str,
    learner: str | None = "t1",
    lang: str | None = None,
    ready: str = READY,
    *,
    base_url: str = "",
    timeout: float = DEFAULT_TIMEOUT_MS,
) -> Page:
    """Open a rendered notebook and wait until ``ready`` is visible.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The page (its context's base URL is used unless ``base_url`` is given).
    notebook : str
        Notebook path relative to the served folder, e.g. ``"03_kano.ipynb"``.
    learner : str or None
        ``?learner=`` value; None leaves it out.
    lang : str or None
        ``&lang=`` value (``"zh-CN"`` or ``"en"``); None leaves it out.
    ready : str
        Selector that shows the page is interactive. Default ``.cx-ready``, which the course's
        page header adds once it is live; name a widget-specific one where it matters.
    base_url : str
        Absolute server URL, for a server other than the context's.
    timeout : float
        Milliseconds to wait.

    Returns
    -------
    playwright.sync_api.Page
        ``page``, interactive.

    Raises
    ------
    AssertionError
        If a cell wrote to stderr (an error or warning shown to learners) before ``ready``.
    """
    page.goto(notebook_url(notebook, learner, lang, base_url), wait_until="commit", timeout=timeout)
    ready_or_error = page.locator(ready).or_(page.locator(CELL_ERROR))
    ready_or_error.first.wait_for(state="visible", timeout=timeout)
    errors = page.locator(CELL_ERROR)
    if errors.count():
        texts = "\n".join(errors.all_inner_texts())
        message = f"{notebook}: a cell wrote to stderr:\n{texts}"
        raise AssertionError(message)
    return page


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """Save a PNG of ``page`` as ``tests/e2e/screenshots/<name>.png`` and return its path.

    Voila scrolls inside ``#rendered_cells``, not the document, so a plain full-page
    screenshot would stop at the window's edge: for ``full_page`` the window is made as tall
    as the content for the shot, then restored.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    viewport = page.viewport_size
    height = 0
    if full_page and viewport:
        height = page.evaluate(
            "() => { const el = document.getElementById('rendered_cells');"
            " return el ? el.scrollHeight : 0; }"
        )
    if height > (viewport or {}).get("height", 0):
        page.set_viewport_size({"width": viewport["width"], "height": min(height, 20_000)})
        try:
            page.screenshot(path=str(path), full_page=True)
        finally:
            page.set_viewport_size(viewport)
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path


def workbook_path(workbook_dir: str | os.PathLike[str], learner: str) -> Path:
    """The workbook file of ``learner`` in ``workbook_dir`` (``<file_stem>.json``).

    Uses :func:`cxwidgets.workbook.file_stem`, since names are not their own file names
    (``"Amy B"`` is ``+amy_+b.json``). Opening nothing, it changes nothing on disk.
    """
    return Path(workbook_dir) / f"{file_stem(clean_learner_name(learner))}.json"


def _read_workbook(path: Path) -> dict | None:
    """The workbook document at ``path``, or ``None`` while there is none (writes are atomic)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _header_state(page: Page) -> tuple[str | None, str | None]:
    """``(data-state, data-revision)`` of the header's save status (``None`` when absent)."""
    return tuple(
        page.evaluate(
            """selector => {
              const el = document.querySelector(selector);
              return el ? [el.dataset.state ?? null, el.dataset.revision ?? null] : [null, null];
            }""",
            SAVE_STATE,
        )
    )


def _wait_header_change(page: Page, seen: tuple[str | None, str | None], timeout: float) -> None:
    """Wait until the header's save status differs from ``seen`` (or ``timeout`` ms pass)."""
    try:
        page.wait_for_function(
            """([selector, state, revision]) => {
              const el = document.querySelector(selector);
              return (el ? el.dataset.state ?? null : null) !== state
                || (el ? el.dataset.revision ?? null : null) !== revision;
            }""",
            arg=[SAVE_STATE, *seen],
            timeout=timeout,
        )
    except PlaywrightTimeoutError:
        pass  # read the file again: another page may have written it


def wait_saved(
    page: Page,
    workbook_dir: str | os.PathLike[str],
    learner: str,
    section: str,
    predicate: Callable[[object], bool] = lambda _value: True,
    timeout: float = SAVE_TIMEOUT_MS,
) -> dict:
    """Wait until the latest edit of ``section`` is on disk and the page says so.

    Done when both hold at the same moment: the learner's workbook file has ``section`` and
    ``predicate(value)`` is true for its stored value, and the header's ``.cx-save-state``
    shows ``data-state="saved"`` with ``data-revision`` equal to the file's ``revision``
    (so the page is not still waiting to write a later edit). Between checks it waits for the
    header to change, reading the file again at least every :data:`SAVE_POLL_MS` ms.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The page that made the edit.
    workbook_dir : path-like
        The server's ``CX_WORKBOOK_DIR`` (``voila_server.workbook_dir``).
    learner : str
        The learner's name, as in the page's ``?learner=``.
    section : str
        ``"<lecture>/<exercise>"``, e.g. ``"04/journey"``.
    predicate : callable
        Gets the section's stored ``value``; true once it holds the edit. An exception
        counts as false (it is shown if the wait fails). Default: the section exists.
    timeout : float
        Milliseconds to wait.

    Returns
    -------
    dict
        The workbook document that satisfied the check.

    Raises
    ------
    AssertionError
        When ``timeout`` passes first; the message says what was last seen.
    """
    path = workbook_path(workbook_dir, learner)
    deadline = time.monotonic() + timeout / 1000
    while True:
        header = _header_state(page)
        document = _read_workbook(path)
        entry = (document or {}).get("sections", {}).get(section)
        holds: object = False
        if entry is not None:
            try:
                holds = bool(predicate(entry.get("value")))
            except Exception as exc:  # a value without the edit yet, e.g. a missing key
                holds = exc
        if holds is True and header == ("saved", str(document["revision"])):
            return document
        left = (deadline - time.monotonic()) * 1000
        if left <= 0:
            found = "no file" if document is None else f"revision {document.get('revision')}"
            value = "missing" if entry is None else json.dumps(entry.get("value"))[:300]
            message = (
                f"{section} of {learner} not saved within {timeout:.0f} ms: file {path.name} "
                f"({found}), predicate {holds!r}, header (state, revision) {header}, "
                f"stored value {value}"
            )
            raise AssertionError(message)
        _wait_header_change(page, header, min(SAVE_POLL_MS, left))
