"""Settings shared by every test.

* Nothing a test does may touch a real learner's workbooks: ``CX_WORKBOOK_DIR`` points to a
  temporary folder for the whole run (tests that need their own use ``monkeypatch.setenv``).
* Kernels started by tests (nbclient, Voila) use this environment's kernelspec first, never a
  ``python3`` kernelspec from the user's home that could point to another Python.
* ``CX_LEARNER`` / ``CX_LANG`` / ``QUERY_STRING`` from the caller's shell are ignored.
* Widgets share read-only default layouts and styles, as in a Voila page
  (``cxwidgets.widgets.layouts``): code that changes a shared one in place fails here.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_SCRATCH: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _SCRATCH
    _SCRATCH = tempfile.mkdtemp(prefix="cx-test-workbooks-")
    os.environ["CX_WORKBOOK_DIR"] = _SCRATCH
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    for name in ("CX_LEARNER", "CX_LANG", "QUERY_STRING"):
        os.environ.pop(name, None)
    from cxwidgets.widgets import layouts

    layouts.share_defaults()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when any code asked for a catalogue key that does not exist.

    Keys built at run time (``f"kano.category.{code}"``) are invisible to the static check in
    ``tests/unit/test_i18n.py``; every ``i18n.t`` call made while the tests ran is seen here.
    """
    from cxwidgets import i18n

    missing = sorted(i18n.missing_keys())
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"i18n keys missing from the catalogue: {missing}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SCRATCH:
        shutil.rmtree(_SCRATCH, ignore_errors=True)
