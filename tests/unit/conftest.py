"""Fixtures shared by the unit tests (use them instead of defining them again per module).

Fixtures
--------
chinese         function: the course language is zh-CN during the test and again after it
                (``pytestmark = pytest.mark.usefixtures("chinese")`` for a whole module).
new_session     function: ``new_session("04", learner="tester", debounce=0.0)`` is a
                :class:`~cxwidgets.session.Session` of that lecture whose workbook lives in the
                test's ``tmp_path``; with ``debounce=0`` typed text is written at once too.
reopen          function: ``reopen(session)`` is a new page of the same learner: pending edits
                are written, then the workbook is read again from disk.
started_session function: ``started_session("99", debounce=None)`` opens a page the way
                ``lesson.start`` does (``start_session`` with ``?learner=unit&lang=zh-CN``),
                ``CX_WORKBOOK_DIR`` being ``tmp_path``; the language is zh-CN again after.
fresh_python    function: ``fresh_python(code)`` runs ``code`` in a new interpreter (what a
                fresh kernel has imported is testable) and returns the JSON its last output
                line holds; a failure shows the interpreter's error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cxwidgets import i18n
from cxwidgets.session import Session, start_session
from cxwidgets.workbook import Workbook


@pytest.fixture
def chinese() -> Iterator[None]:
    """The language is zh-CN during the test and after it."""
    i18n.set_language("zh-CN")
    yield
    i18n.set_language("zh-CN")


@pytest.fixture
def new_session(tmp_path: Path) -> Callable[..., Session]:
    """Return ``make(lecture, learner="tester", debounce=0.0) -> Session`` (workbook in tmp)."""

    def make(lecture: str, learner: str = "tester", debounce: float = 0.0) -> Session:
        workbook = Workbook(learner, directory=tmp_path, debounce=debounce)
        return Session(workbook=workbook, lecture=lecture)

    return make


@pytest.fixture
def reopen() -> Callable[[Session], Session]:
    """Return ``again(session) -> Session``: the same learner's workbook read from disk."""

    def again(session: Session) -> Session:
        session.workbook.flush()
        workbook = session.workbook
        fresh = Workbook(workbook.learner, directory=workbook.directory)
        return Session(workbook=fresh, lecture=session.lecture)

    return again


@pytest.fixture
def started_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Session]]:
    """Return ``start(lecture, debounce=None) -> Session`` as ``lesson.start`` opens a page."""
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))

    def start(lecture: str, debounce: float | None = None) -> Session:
        session = start_session(lecture, params={"learner": "unit", "lang": "zh-CN"})
        if debounce is not None:
            session.workbook.debounce = debounce
        return session

    yield start
    i18n.set_language("zh-CN")


@pytest.fixture
def fresh_python() -> Callable[..., Any]:
    """``fresh_python(code, cwd=None, env=None)``: run ``code`` in a new interpreter, return the
    JSON printed on its last output line."""

    def run(code: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Any:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=120, cwd=cwd or Path(__file__).resolve().parents[2], env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    return run
