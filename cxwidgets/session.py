"""Who is learning on this page, in which language, with which workbook.

The learner's identity travels with their browser: Voila hands the page's
query string (``?learner=NAME&lang=en``) to the kernel, which serves exactly
one page. Outside Voila (JupyterLab, nbclient) the ``CX_LEARNER`` and
``CX_LANG`` environment variables apply, else the guest workbook.
"""

from __future__ import annotations

import atexit
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from . import i18n
from .errors import CXError
from .workbook import DEFAULT_LEARNER, Workbook, clean_learner_name


def query_params() -> dict[str, str]:
    """The page's query parameters (first value of each), ``{}`` outside Voila."""
    query = os.environ.get("QUERY_STRING", "")
    if os.environ.get("VOILA_PREHEAT") == "True" and os.environ.get("VOILA_KERNEL_ID"):
        # A preheated kernel ran the notebook before any request: wait for it.
        from voila.utils import get_query_string

        query = get_query_string() or ""
    parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
    return {key: values[0] for key, values in parsed.items() if values}


@dataclass
class Session:
    """One page's learner, workbook and lecture."""

    workbook: Workbook
    lecture: str | None = None
    notices: list[CXError] = field(default_factory=list)
    header: Any = None
    deferred: list[Any] = field(default_factory=list)

    @property
    def learner(self) -> str:
        return self.workbook.learner

    @property
    def language(self) -> str:
        return i18n.get_language()

    def set_language(self, language: str) -> str:
        """Switch the language of every widget and remember it in the workbook."""
        code = i18n.set_language(language)
        if self.workbook.language != code:
            self.workbook.set_language(code)
        return code

    def switch_learner(self, name: str) -> Workbook:
        """Open another learner's workbook (raises CXError for a bad name)."""
        self.workbook.flush()
        self.workbook = Workbook(clean_learner_name(name))
        _register_flush(self.workbook)
        return self.workbook


def _register_flush(workbook: Workbook) -> None:
    atexit.register(workbook.flush)


def start_session(lecture: str | None = None, params: dict[str, str] | None = None) -> Session:
    """Build the session of this page from the query string (or environment).

    A bad learner name in the URL does not break the page: the guest workbook
    opens and the problem is kept in ``session.notices`` for the header to show.
    """
    params = query_params() if params is None else params
    notices: list[CXError] = []
    requested = params.get("learner") or os.environ.get("CX_LEARNER") or DEFAULT_LEARNER
    try:
        workbook = Workbook(requested)
    except CXError as exc:
        notices.append(exc)
        workbook = Workbook(DEFAULT_LEARNER)
    _register_flush(workbook)
    language = params.get("lang") or os.environ.get("CX_LANG") or workbook.language
    i18n.set_language(i18n.normalize_language(language))
    return Session(workbook=workbook, lecture=lecture, notices=notices)
