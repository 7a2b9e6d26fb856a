"""The server side of a page's kernel, for tests that check kernels are shut down.

A Voila page names its kernel in its ``jupyter-config-data`` script (``kernelId``). The Voila
application answers ``GET /api/kernels/<id>`` (200 while the kernel runs, 404 once it is gone);
a Jupyter Server also lists every kernel at ``GET /api/kernels``.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Mapping

from playwright.sync_api import Page

__all__ = ["kernel_id", "kernel_ids", "kernel_is_running", "wait_until_kernel_is_gone"]

POLL_SECONDS = 0.25


def kernel_id(page: Page) -> str:
    """Return the id of the kernel that the rendered notebook in ``page`` runs on."""
    config = page.locator("#jupyter-config-data").text_content() or "{}"
    identifier = json.loads(config).get("kernelId")
    assert identifier, f"no kernelId in the page config of {page.url}"
    return str(identifier)


def _get(url: str, headers: Mapping[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def kernel_is_running(
    server_url: str, identifier: str, headers: Mapping[str, str] | None = None
) -> bool:
    """Ask the server whether kernel ``identifier`` still runs.

    Parameters
    ----------
    server_url : str
        The server's URL including any base URL, without a trailing slash.
    identifier : str
        Kernel id.
    headers : mapping, optional
        Extra request headers, e.g. ``{"Authorization": "token ..."}``.

    Returns
    -------
    bool
        True for 200, False for 404.

    Raises
    ------
    AssertionError
        For any other answer (e.g. 403: the test could not ask).
    """
    status, _body = _get(f"{server_url}/api/kernels/{identifier}", headers)
    assert status in {200, 404}, f"GET /api/kernels/{identifier} answered {status}"
    return status == 200


def kernel_ids(server_url: str, headers: Mapping[str, str] | None = None) -> set[str]:
    """Return the ids of every kernel a Jupyter Server runs (``GET /api/kernels``)."""
    status, body = _get(f"{server_url}/api/kernels", headers)
    assert status == 200, f"GET /api/kernels answered {status}"
    return {kernel["id"] for kernel in json.loads(body)}


def wait_until_kernel_is_gone(
    server_url: str,
    identifier: str,
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> None:
    """Poll the server until kernel ``identifier`` no longer runs, or fail after ``timeout`` s.

    Raises
    ------
    AssertionError
        If the kernel still runs when the deadline passes.
    """
    deadline = time.monotonic() + timeout
    while kernel_is_running(server_url, identifier, headers):
        if time.monotonic() > deadline:
            message = f"kernel {identifier} still runs {timeout:.0f} s after its page went away"
            raise AssertionError(message)
        time.sleep(POLL_SECONDS)
