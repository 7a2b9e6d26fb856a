"""The course served the way Binder and JupyterHub serve it: Voila as a Jupyter Server extension.

There the pages live under ``<base_url>voila/render/...`` of a Jupyter Server that needs a
token, and Voila reads only what ``pip install`` put into the environment
(``<env>/etc/jupyter/voila.{py,json}``, the template in ``<env>/share/jupyter``): the server
runs in an empty folder, so no ``voila.json`` of the checkout is involved.
"""

from __future__ import annotations

import re
import secrets
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, Response, expect

from .browser import open_notebook, screenshot
from .conftest import COURSE, REPO, TestServer
from .kernels import kernel_id, kernel_ids, wait_until_kernel_is_gone

pytestmark = pytest.mark.e2e

BASE_URL = "/user/test/"
HOME = "00_home.ipynb"  # what Binder's badge opens
LECTURE = "02_servqual.ipynb"
MATHJAX = re.compile(r"mathjax", re.IGNORECASE)


def _files(path: Path) -> dict[str, bytes]:
    """Map each file under ``path`` (or ``path`` itself) to its bytes, by relative name."""
    if path.is_file():
        return {"": path.read_bytes()}
    if not path.is_dir():
        return {}
    return {
        str(file.relative_to(path)): file.read_bytes()
        for file in sorted(path.rglob("*"))
        if file.is_file() and "__pycache__" not in file.parts
    }


def stale_installed_files() -> list[str]:
    """Return the pyproject shared-data entries whose copy in this environment differs.

    Returns
    -------
    list of str
        ``"<source> -> <env>/<target>"`` for every entry missing or outdated in ``sys.prefix``.
    """
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shared = project["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    return [
        f"{source} -> {Path(sys.prefix) / target}"
        for source, target in shared.items()
        if _files(REPO / source) != _files(Path(sys.prefix) / target)
    ]


class ExtensionServer(TestServer):
    """A Jupyter Server with the Voila extension, a base URL and a token, serving ``root``.

    Parameters
    ----------
    root : pathlib.Path
        Folder whose notebooks are served (the server's ``root_dir``).
    tmp : pathlib.Path
        Scratch folder: workbooks, log, the server's working directory and its Jupyter
        config/data/runtime folders (so that nothing of the user's ``~/.jupyter`` is read).
    """

    __test__ = False

    def __init__(self, root: Path, tmp: Path) -> None:
        super().__init__(root, tmp)
        self.token = secrets.token_hex(16)
        self.config_dir = tmp / "cwd"  # the working directory: empty, no voila.json
        self.config_dir.mkdir(exist_ok=True)
        for name in ("config", "data", "runtime"):
            folder = tmp / f"jupyter-{name}"
            folder.mkdir(exist_ok=True)
            self.env[f"JUPYTER_{name.upper()}_DIR"] = str(folder)

    @property
    def url(self) -> str:
        """The server's URL with its base URL, without the trailing slash."""
        return f"http://{self.host}:{self.port}{BASE_URL.rstrip('/')}"

    @property
    def auth(self) -> dict[str, str]:
        """Request headers that authenticate with the token."""
        return {"Authorization": f"token {self.token}"}

    def command(self) -> list[str]:
        """Return the Jupyter Server command line (the Voila extension enabled by its package)."""
        return [
            sys.executable,
            "-m",
            "jupyter_server",
            f"--ServerApp.ip={self.host}",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False",
            "--ServerApp.allow_root=True",
            f"--ServerApp.base_url={BASE_URL}",
            f"--ServerApp.root_dir={self.root}",
            f"--IdentityProvider.token={self.token}",
        ]


@pytest.fixture(scope="module")
def extension_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExtensionServer]:
    """The course under ``/user/test/`` of a Jupyter Server, as on Binder or JupyterHub."""
    stale = stale_installed_files()
    if stale:
        pytest.fail(
            "the environment's copy of the course's Voila files is missing or outdated, and the "
            "server extension reads only that copy; run `make setup` (pip install -e .):\n  "
            + "\n  ".join(stale)
        )
    server = ExtensionServer(COURSE, tmp_path_factory.mktemp("extension")).start()
    yield server
    server.close()  # SIGTERM to its PID; the server shuts its kernels down


@pytest.fixture
def page_base_url(extension_server: ExtensionServer) -> str:
    """Point the guarded page at the extension server (the course server is not started)."""
    return extension_server.url


def log_in(page: Page, server: ExtensionServer) -> None:
    """Authenticate the browser as a learner does: the token once in a URL, then a cookie."""
    page.goto(f"{server.url}/voila/tree?token={server.token}")
    expect(page.locator(".cx-tree-home")).to_be_visible()


@pytest.mark.parametrize("notebook", [HOME, LECTURE])
def test_page_requests_nothing_outside_the_server(
    page: Page, page_guard, extension_server: ExtensionServer, learner: str, notebook: str
) -> None:
    """No CDN request (MathJax, Font Awesome, Mermaid), no failed local one, no console error."""
    requested: list[str] = []
    failed: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    def on_request(request: Request) -> None:
        requested.append(request.url)

    page.on("request", on_request)
    page.on("response", on_response)
    log_in(page, extension_server)

    open_notebook(page, notebook, learner=learner, base_url=extension_server.url)
    page.wait_for_load_state("networkidle")

    assert page_guard.external == []
    assert [url for url in requested if MATHJAX.search(url)] == []
    assert failed == []
    prefix = f"{extension_server.url}/"
    assert [url for url in requested if not url.startswith(("data:", "blob:", prefix))] == []
    # The course template, not Voila's lab template (whose Font Awesome links go to a CDN).
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    course_css = page.locator(f'link[href^="{BASE_URL}voila/templates/cx/static/cx.css"]')
    expect(course_css).to_have_count(1)
    expect(page.locator('link[href*="fontawesome"]')).to_have_count(0)
    if notebook == LECTURE:
        # Charts are drawn in the browser by the bundle the template serves under the prefix.
        expect(page.locator(".cx-chart.cx-chart-drawn svg").first).to_be_visible()
        bundle = [url for url in requested if "/static/vega.js" in url]
        assert len(bundle) == 1 and bundle[0].startswith(
            f"{prefix}voila/templates/cx/static/vega.js?v="
        ) and BASE_URL in bundle[0], bundle
    screenshot(page, f"server-extension-{notebook.removesuffix('.ipynb')}")


def test_notebook_list_uses_the_course_template(
    page: Page, extension_server: ExtensionServer
) -> None:
    log_in(page, extension_server)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator(".cx-tree-home")).to_have_attribute(
        "href", re.compile(rf"^{re.escape(BASE_URL)}voila/render/00_home\.ipynb")
    )
    page.wait_for_load_state("networkidle")


def test_closing_the_page_shuts_its_kernel_down(
    page: Page, page_guard, extension_server: ExtensionServer, learner: str
) -> None:
    log_in(page, extension_server)
    open_notebook(page, HOME, learner=learner, base_url=extension_server.url)
    kernel = kernel_id(page)
    assert kernel in kernel_ids(extension_server.url, extension_server.auth)
    page_guard.assert_clean()

    with page.expect_event("close"):
        page.close(run_before_unload=True)  # returns before the page is gone

    wait_until_kernel_is_gone(extension_server.url, kernel, extension_server.auth)
