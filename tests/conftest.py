"""Settings shared by every test.

* Nothing a test does may touch a real learner's workbooks: ``CX_WORKBOOK_DIR`` points to a
  temporary folder for the whole run (tests that need their own use ``monkeypatch.setenv``).
* Kernels started by tests (nbclient, Voila) use this environment's kernelspec first, never a
  ``python3`` kernelspec from the user's home that could point to another Python.
* ``CX_LEARNER`` / ``CX_LANG`` / ``QUERY_STRING`` from the caller's shell are ignored.
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


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SCRATCH:
        shutil.rmtree(_SCRATCH, ignore_errors=True)
