"""Smoke test: the course on a real JupyterHub, the class in a real PostgreSQL server.

Started for real, and stopped by their PIDs at the end: a PostgreSQL server (``tests/pg.py``),
JupyterHub with ``jupyterhub/jupyterhub_config.py`` (the repository's) plus what a test
machine needs on top (the dummy authenticator with a password, the simple local spawner with a
home folder per user under tmp, configurable-http-proxy from npm), each learner's Jupyter
Server with the Voila extension, and their kernels.

The trainer (a member of the hub group ``cx-trainers``) opens the trainer's page on their own
server without a token and starts a class, whose data live in PostgreSQL. Two learners log in
through the hub's login form in Chromium, land on the course home in Voila through the hub's
proxy (their hub name is the learner), open the class link (``/hub/user-redirect/...``, to
their own servers), join, and answer a KANO question on lecture 03: saved into the workbook in
their own home, and published by their kernels to the class. The trainer's dashboard counts
both, and the class's answers in PostgreSQL are both learners'.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg import PostgresServer, postgres_server  # tests/pg.py
from playwright.sync_api import Browser, Page, expect

from cxwidgets.classroom.store import ClassStore
from cxwidgets.serve import free_port

from . import browser as harness
from .conftest import COURSE, REPO
from .test_server_extension import stale_installed_files

pytestmark = pytest.mark.e2e

__all__ = ["postgres_server"]  # the fixture, imported for the test below

HUB_CONFIG = REPO / "jupyterhub" / "jupyterhub_config.py"
#: configurable-http-proxy from npm, installed on first use under the virtualenv.
NODE_PREFIX = REPO / ".venv" / "cx-node"
CHP_PACKAGE = "configurable-http-proxy@5"
CHP = NODE_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"
LEARNERS = {"ana": (2, 5), "ben": (1, 3)}  # hub user -> (functional, dysfunctional) answer
EXPECTED_CATEGORY = {"ana": "M", "ben": "A"}  # must-be / dislike -> M; like / neutral -> A
TRAINER = "tina"
SECTION = "03/kano_questionnaire"
KANO_READY = ".cx-kano-row-0 .cx-kano-func"
START_SECONDS = 60.0


def proxy_command() -> str:
    """The configurable-http-proxy executable: on PATH, else npm-installed under .venv.

    Fails (as root, where ``make system-deps`` installs Node.js and npm) or skips (elsewhere)
    when it cannot be had; an npm that cannot download fails with npm's own message.
    """
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    if CHP.exists():
        return str(CHP)
    npm = shutil.which("npm")
    if npm is None:
        reason = "npm not found: it installs configurable-http-proxy (apt-get install npm)"
        if os.geteuid() == 0:
            pytest.fail(f"{reason}; run `make system-deps`")
        pytest.skip(reason)
    NODE_PREFIX.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "install", "--prefix", str(NODE_PREFIX), "--no-audit", "--no-fund",
         "--loglevel=error", CHP_PACKAGE],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if result.returncode != 0 or not CHP.exists():
        pytest.fail(f"npm install {CHP_PACKAGE} failed:\n{result.stdout}{result.stderr}")
    return str(CHP)


TEST_CONFIG = """\
# The repository's hub configuration, then what a test machine needs on top of it.
c = get_config()  # noqa: F821
load_subconfig({hub_config!r})  # noqa: F821

c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/jupyterhub_cookie_secret"

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"  # every user runs as this OS user, home under tmp
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/home/{{username}}"
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {args!r}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# The test reads the hub's REST API (who is in which group, the servers' PIDs).
c.JupyterHub.services = [{{"name": "cx-smoke", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [*c.JupyterHub.load_roles, {{
    "name": "cx-smoke",
    "scopes": ["read:users", "read:servers", "read:groups", "admin:server_state"],
    "services": ["cx-smoke"],
}}]
"""


class Hub:
    """A JupyterHub process with the course's configuration, in its own folder."""

    def __init__(self, folder: Path, class_db: str, proxy: str) -> None:
        self.folder = folder
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.password = secrets.token_urlsafe(12)
        self.class_db = class_db
        self.config = folder / "jupyterhub_config.py"
        self.config.write_text(TEST_CONFIG.format(
            hub_config=str(HUB_CONFIG), port=self.port, hub_port=free_port(),
            proxy_port=free_port(), proxy=proxy, folder=folder, password=self.password,
            python=sys.executable, args=["--allow-root"] if os.geteuid() == 0 else [],
            token=self.token,
        ), encoding="utf-8")
        self.log_path = folder / "jupyterhub.log"
        self.process: subprocess.Popen | None = None
        self.server_pids: set[int] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def home(self, user: str) -> Path:
        """The user's home folder (the simple spawner's)."""
        return self.folder / "home" / user

    def start(self) -> Hub:
        env = {
            **os.environ,
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
            "CX_CLASS_DB": self.class_db,
            "CX_COURSE_DIR": str(COURSE),
            "CX_TRAINERS": TRAINER,
            "CX_HUB_URL": self.url,
        }
        env.pop("CX_WORKBOOK_DIR", None)  # the hub sets each user's (tests/conftest.py set one)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(self.config)],
                cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_SECONDS
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                message = f"JupyterHub did not start:\n{self.log()}"
                raise RuntimeError(message)
            try:
                self.process.wait(timeout=0.2)  # doubles as the polling interval
            except subprocess.TimeoutExpired:
                pass
        return self

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/hub/health", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-6000:]

    def api(self, path: str) -> dict:
        """GET ``/hub/api/<path>`` with the test service's token."""
        request = urllib.request.Request(
            f"{self.url}/hub/api/{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def remember_server(self, user: str) -> None:
        """Note the PID of the user's server, to make sure it is gone after the hub."""
        state = self.api(f"users/{user}")["servers"][""]["state"]
        self.server_pids.add(int(state["pid"]))

    def stop(self) -> None:
        """SIGTERM to the hub (it stops the users' servers and the proxy it started), then
        any server still running, by its PID."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
        for pid in self.server_pids:  # the hub stopped them; a leftover is ended here
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        self.server_pids.clear()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, postgres_server: PostgresServer) -> Iterator[Hub]:
    stale = stale_installed_files()
    if stale:
        pytest.fail(
            "the environment's copy of the course's Voila files is outdated, and the learners' "
            "servers read only that copy; run `make setup`:\n  " + "\n  ".join(stale)
        )
    proxy = proxy_command()
    server = Hub(tmp_path_factory.mktemp("hub"), postgres_server.create_database(), proxy).start()
    yield server
    server.stop()


@pytest.fixture
def page_base_url(hub: Hub) -> str:
    """The hub, not the course's own Voila server (which this module never starts)."""
    return hub.url


def log_in(page: Page, hub: Hub, user: str) -> None:
    """Log in through the hub's login form (the hub then starts the user's server)."""
    page.goto(f"{hub.url}/hub/login")
    page.locator("input[name=username]").fill(user)
    page.locator("input[name=password]").fill(hub.password)
    page.locator("form [type=submit]").click()


def wait_home(page: Page, user: str) -> None:
    """Wait for the course home in Voila, through the proxy, under the user's server."""
    home = re.compile(rf"/user/{user}/voila/render/00_home\.ipynb")
    page.wait_for_url(home, timeout=120_000)
    page.locator(".cx-ready").or_(page.locator(harness.CELL_ERROR)).first.wait_for(
        state="visible", timeout=120_000
    )
    expect(page.locator(harness.CELL_ERROR)).to_have_count(0)
    expect(page.locator(".cx-header .cx-learner")).to_contain_text(user)


def answer_kano(page: Page, functional: int, dysfunctional: int) -> None:
    row = page.locator(".cx-kano-row-0")
    row.locator(".cx-kano-func [role=radio]").nth(functional - 1).click()
    row.locator(".cx-kano-dysf [role=radio]").nth(dysfunctional - 1).click()


def join_class(page: Page, name: str) -> None:
    """On the course home opened from the class link: join with ``name``."""
    panel = page.locator(".cx-class-join-panel")
    panel.locator(".cx-class-name").wait_for(timeout=harness.DEFAULT_TIMEOUT_MS)
    expect(page.locator(".cx-ready")).to_be_attached(timeout=harness.DEFAULT_TIMEOUT_MS)
    panel.locator(".cx-class-name").fill(name)
    panel.locator(".cx-class-join").click()
    expect(panel.locator(".cx-class-joined")).to_be_visible()


def test_two_learners_answer_on_the_hub_and_the_trainer_sees_both(hub: Hub, browser: Browser) -> None:
    # The hub made the trainers' group from CX_TRAINERS (jupyterhub_config.py).
    assert hub.api("groups/cx-trainers")["users"] == [TRAINER]
    people = {user: harness.new_context(browser, base_url=hub.url)
              for user in (TRAINER, *LEARNERS)}
    pages = {user: context.new_page() for user, (context, _guard) in people.items()}
    trainer = pages[TRAINER]
    try:
        for user, page in pages.items():
            log_in(page, hub, user)
        for user, page in pages.items():
            wait_home(page, user)
            hub.remember_server(user)

        # The trainer's page opens without a token: the hub group made its server a trainer's.
        trainer.goto(f"{hub.url}/user/{TRAINER}/voila/render/trainer.ipynb", wait_until="commit")
        trainer.locator(".cx-trainer-start").click()
        code_box = trainer.locator(".cx-join-code")
        expect(code_box).to_have_attribute("data-code", re.compile(r"^[2-9A-Z]{6}$"))
        code = code_box.get_attribute("data-code")
        # The class link goes through the hub, to each learner's own server.
        link = trainer.locator(".cx-join-link a").get_attribute("href")
        assert link == f"{hub.url}/hub/user-redirect/voila/render/00_home.ipynb?class={code}"

        # Each learner opens the link and joins under their hub name, then answers on 03.
        for user in LEARNERS:
            pages[user].goto(link, wait_until="commit")
        for user in LEARNERS:
            expect(pages[user]).to_have_url(re.compile(rf"/user/{user}/voila/render/00_home"))
            join_class(pages[user], user)
        for user in LEARNERS:
            harness.open_notebook(pages[user], "03_kano.ipynb", learner=f"{code}-{user}",
                                  ready=KANO_READY, base_url=f"{hub.url}/user/{user}")
        for user in LEARNERS:
            answer_kano(pages[user], *LEARNERS[user])
        for user in LEARNERS:
            page = pages[user]
            expect(page.locator(".cx-kano-row-0 [data-category]")).to_have_attribute(
                "data-category", EXPECTED_CATEGORY[user]
            )
            # Saved in the learner's own home (CX_WORKBOOK_DIR), as the class member.
            harness.wait_saved(
                page, hub.home(user) / "cx-workbooks", f"{code}-{user}", SECTION,
                lambda value, user=user: value["answers"][0] == list(LEARNERS[user]),
            )

        # The learners' kernels published their answers to PostgreSQL; the dashboard shows both.
        count = trainer.locator(".cx-class-dashboard .cx-class-count")
        expect(count).to_have_attribute("data-answered", "2")
        harness.screenshot(trainer, "jupyterhub-trainer-dashboard", full_page=False)
        store = ClassStore(hub.class_db)
        answers = store.answers(code, lecture="03")
        store.close()
        assert sorted(answers) == [f"{code}-ana", f"{code}-ben"]
        assert answers[f"{code}-ana"][SECTION]["answers"][0] == [2, 5]
        assert answers[f"{code}-ben"][SECTION]["answers"][0] == [1, 3]
        problems = [f"{user}: {problem}" for user, (_context, guard) in people.items()
                    for problem in guard.problems()]
        assert not problems, "the pages misbehaved:\n  " + "\n  ".join(problems)
    except Exception as error:
        raise AssertionError(f"{error}\n--- jupyterhub log ---\n{hub.log()}") from error
    finally:
        for context, _guard in people.values():
            context.close()
