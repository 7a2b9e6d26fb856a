"""Copies of a workbook kept outside the server: the browser's copy and imported files.

A Binder container is culled after some idle minutes; the next launch starts with an empty
workbook folder. The page therefore keeps a copy of the learner's workbook in their browser
(see ``cxwidgets/widgets/backup.py`` and ``static/backup.js``) and, when the server's
workbook is missing or older, brings the copy back. The learner may also import a workbook
file they downloaded. This module holds the decisions, as pure functions on workbook
documents (the dicts :func:`cxwidgets.workbook.validate_document` returns):

* :func:`summary` / :func:`restore_needed`: is the browser's copy worth sending?
* :func:`parse_copy` / :func:`parse_workbook_file`: bytes or text -> a valid document, or
  a :class:`~cxwidgets.errors.CXError` saying what is wrong.
* :func:`plan_restore`, :func:`merge`, :func:`replace`: the new document to write.

Nothing here overwrites newer server data: a section that is on both sides keeps the
version with the later ``updated`` time (the server's on a tie), and a section only the
server has is always kept (except by :func:`replace`, which the learner asks for).
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import CXError
from .workbook import SCHEMA_VERSION, validate_document

#: Largest copy kept in the browser and largest workbook file imported (bytes of JSON).
#: Below the 10 MiB websocket message limit of Jupyter's server, and within what
#: localStorage (the fallback when IndexedDB is missing) usually holds.
MAX_COPY_BYTES = 4 * 1024 * 1024
_OLDEST = _dt.datetime.min.replace(tzinfo=_dt.UTC)


@dataclass
class MergeResult:
    """What a merge or a restore would write, and what it did to each section.

    Attributes
    ----------
    document : dict
        The new workbook document (``revision`` at least that of both sides; the workbook
        adds one when it writes).
    added : list of str
        Sections only the incoming copy had.
    replaced : list of str
        Sections on both sides where the incoming copy was newer.
    kept : list of str
        Sections on both sides where the server's version was as new or newer.
    """

    document: dict[str, Any]
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether any section came from the incoming copy."""
        return bool(self.added or self.replaced)


def _revision(value: Any) -> int | None:
    """``value`` as a revision number, ``None`` when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def summary(document: Mapping[str, Any]) -> dict[str, int]:
    """The revision and the number of sections of a document (what the browser stores).

    Parameters
    ----------
    document : mapping
        A workbook document.

    Returns
    -------
    dict
        ``{"revision": int, "sections": int}``.
    """
    sections = document.get("sections")
    return {
        "revision": _revision(document.get("revision")) or 0,
        "sections": len(sections) if isinstance(sections, Mapping) else 0,
    }


def restore_needed(server: Mapping[str, Any], browser: Mapping[str, Any]) -> bool:
    """Whether the browser's copy should be brought into the server's workbook.

    Parameters
    ----------
    server : mapping
        :func:`summary` of the server's workbook (``revision``, ``sections``).
    browser : mapping
        The same of the browser's copy, as the browser reports it.

    Returns
    -------
    bool
        True when the copy has a higher revision than the server's workbook, or when the
        server's workbook has no section and the copy has some. False for a copy whose
        numbers are not numbers (a damaged copy is never sent).
    """
    copy_revision = _revision(browser.get("revision"))
    copy_sections = _revision(browser.get("sections"))
    if copy_revision is None or copy_sections is None:
        return False
    server_revision = _revision(server.get("revision")) or 0
    server_sections = _revision(server.get("sections")) or 0
    if copy_revision > server_revision:
        return True
    return server_sections == 0 and copy_sections > 0


def _loads(content: bytes | str) -> Any:
    """The JSON value of ``content`` (UTF-8, with or without BOM); ValueError if none."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    return json.loads(text)


def _checked(raw: Any, learner: str, not_workbook: CXError, newer_key: str) -> dict[str, Any]:
    """``raw`` as a valid current document, or raise ``not_workbook`` / ``newer_key``."""
    if not isinstance(raw, dict) or not isinstance(raw.get("sections"), dict):
        raise not_workbook
    document, problems = validate_document(raw, learner)
    if "document" in problems or "sections" in problems:
        raise not_workbook
    if document["schema"] > SCHEMA_VERSION:
        raise CXError(newer_key, found=document["schema"], supported=SCHEMA_VERSION)
    return document


def parse_copy(text: str, learner: str) -> dict[str, Any]:
    """The browser's copy of ``learner``'s workbook as a valid document.

    Parameters
    ----------
    text : str
        The JSON text the browser kept.
    learner : str
        Whose workbook the page shows.

    Returns
    -------
    dict
        The document, validated (and migrated from an older schema) by
        :func:`cxwidgets.workbook.validate_document`.

    Raises
    ------
    CXError
        ``backup.copy.damaged`` (not JSON, not a workbook), ``backup.copy.newer`` (made by
        a newer version of the course), ``backup.copy.other_learner`` (someone else's).
    """
    damaged = CXError("backup.copy.damaged")
    if not isinstance(text, str):
        raise damaged
    try:
        raw = _loads(text)
    except (ValueError, RecursionError):
        raise damaged from None
    document = _checked(raw, learner, damaged, "backup.copy.newer")
    owner = raw.get("learner")
    if owner != learner:
        raise CXError("backup.copy.other_learner", name=str(owner))
    return document


@dataclass
class ImportedFile:
    """A workbook file read for import.

    Attributes
    ----------
    document : dict
        The file's document in the current shape.
    migrated_from : int or None
        The file's schema version when it was older than the current one.
    learner : str
        The name written in the file (it may differ from the page's learner).
    """

    document: dict[str, Any]
    migrated_from: int | None
    learner: str


def parse_workbook_file(content: bytes, name: str, learner: str) -> ImportedFile:
    """Read a workbook file the learner chose to import.

    Parameters
    ----------
    content : bytes
        The file's bytes.
    name : str
        The file name (for messages).
    learner : str
        Whose workbook it goes into.

    Returns
    -------
    ImportedFile
        The validated document, the older schema it was migrated from, its learner.

    Raises
    ------
    CXError
        ``backup.import.too_big``, ``backup.import.not_json`` (not a JSON text),
        ``backup.import.not_workbook`` (JSON, but not a course workbook) or
        ``backup.import.newer`` (made by a newer version of the course).
    """
    if len(content) > MAX_COPY_BYTES:
        limit = f"{MAX_COPY_BYTES / 1024 / 1024:.0f}"
        raise CXError("backup.import.too_big", name=name, limit=limit)
    try:
        raw = _loads(content)
    except (ValueError, RecursionError):
        raise CXError("backup.import.not_json", name=name) from None
    not_workbook = CXError("backup.import.not_workbook", name=name)
    document = _checked(raw, learner, not_workbook, "backup.import.newer")
    schema = raw.get("schema", 0)  # a file without one predates schema numbers
    whole = isinstance(schema, int) and not isinstance(schema, bool)
    migrated = schema if whole and schema < SCHEMA_VERSION else None
    owner = raw.get("learner")
    return ImportedFile(document, migrated, owner if isinstance(owner, str) and owner else learner)


def updated_time(entry: Mapping[str, Any]) -> _dt.datetime:
    """When a section entry was last saved (its ``updated`` field; the oldest possible if unknown)."""
    value = entry.get("updated")
    if not isinstance(value, str):
        return _OLDEST
    try:
        moment = _dt.datetime.fromisoformat(value)
    except ValueError:
        return _OLDEST
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.UTC)


def merge(server: Mapping[str, Any], incoming: Mapping[str, Any]) -> MergeResult:
    """Merge another copy of a workbook into the server's, section by section.

    A section only the incoming copy has is added; a section on both sides keeps the
    version with the later ``updated`` time (the server's on a tie or when unknown); the
    server's other sections and top-level fields stay. The language comes from the
    incoming copy only when the server has none. The result's ``revision`` is the higher
    of both.

    Parameters
    ----------
    server, incoming : mapping
        Valid workbook documents.

    Returns
    -------
    MergeResult
        The merged document and the names of the sections added, replaced and kept.
    """
    document = copy.deepcopy(dict(server))
    result = MergeResult(document)
    sections = document["sections"]
    for name, entry in sorted(incoming.get("sections", {}).items()):
        if name not in sections:
            sections[name] = copy.deepcopy(entry)
            result.added.append(name)
        elif updated_time(entry) > updated_time(sections[name]):
            sections[name] = copy.deepcopy(entry)
            result.replaced.append(name)
        else:
            result.kept.append(name)
    if document.get("language") is None and incoming.get("language") is not None:
        document["language"] = incoming["language"]
    document["revision"] = max(summary(server)["revision"], summary(incoming)["revision"])
    return result


def replace(server: Mapping[str, Any], incoming: Mapping[str, Any]) -> MergeResult:
    """Replace the server's sections by the incoming copy's (the learner asked for it).

    The server's learner, creation time and language stay; the revision goes on from the
    server's (so the browser's copies of the old state are superseded).

    Returns
    -------
    MergeResult
        ``added`` lists every incoming section; ``replaced`` and ``kept`` are empty.
    """
    document = copy.deepcopy(dict(server))
    document["sections"] = copy.deepcopy(dict(incoming.get("sections", {})))
    if document.get("language") is None:
        document["language"] = incoming.get("language")
    document["revision"] = summary(server)["revision"]
    return MergeResult(document, added=sorted(document["sections"]))


def plan_restore(server: Mapping[str, Any], browser: Mapping[str, Any]) -> MergeResult | None:
    """What to write when the browser's copy is offered to the server's workbook.

    Parameters
    ----------
    server : mapping
        The server's workbook document, as on disk now.
    browser : mapping
        The browser's copy, validated by :func:`parse_copy`.

    Returns
    -------
    MergeResult or None
        ``None`` when the server's workbook is as new as the copy (nothing to write);
        otherwise the :func:`merge` of the copy into it, whose revision is at least the
        copy's, so that later saves are newer than the copy.
    """
    if not restore_needed(summary(server), summary(browser)):
        return None
    return merge(server, browser)
