"""Where a class lives: roster, name claims, the trainer's controls and the published answers.

One machine (a trainer's laptop, ``make serve``): SQLite in WAL mode, the file
``cx-class.sqlite3`` in the workbook folder (``CX_WORKBOOK_DIR``), which every learner kernel
and the trainer's reach. Why SQLite and not more JSON files next to the workbooks:

* a name is claimed by the first browser that takes it: two kernels may try at the same
  moment, and a transaction decides (``INSERT`` on the primary key);
* 40 kernels publish answers at once: SQLite serialises the writers (each waits up to
  :data:`BUSY_SECONDS`) and, in WAL mode, the trainer's dashboard reads a consistent snapshot
  without blocking them;
* the dashboard gets a class's answers of one lecture in one query.

The learners' own work stays in their workbooks (the truth); each save of a class member's
section is *published* here (the same JSON value, never typed twice), so the dashboard never
reads 40 files and a JupyterHub, where every learner has a home of their own, can share it
through a database server: ``CX_CLASS_DB=postgresql://...`` uses PostgreSQL with the same
tables (psycopg).

Identity: a member is ``(class code, name)``; the learner's workbook is ``<code>-<name>``
(:func:`learner_id`). Joining stores only hashes of the browser's secret key and of the
recovery code (SHA-256; both are random, 128 bits or more).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CXError
from ..workbook import clean_learner_name, workbook_dir

ENV_DB = "CX_CLASS_DB"
DB_NAME = "cx-class.sqlite3"
BUSY_SECONDS = 10.0
#: Join codes: 6 characters without look-alikes (0/O, 1/I/L), read aloud or typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
MAX_NAME = 24
#: A member whose page has not been heard of for this long counts as disconnected.
CONNECTED_SECONDS = 30.0
#: PostgreSQL: seconds to wait for the server when connecting.
PG_CONNECT_SECONDS = 10
#: PostgreSQL: the advisory lock every write transaction takes (any fixed 64-bit number).
PG_WRITE_LOCK = 0x63785F636C617373  # "cx_class"

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS classes (
        code TEXT PRIMARY KEY,
        lecture TEXT NOT NULL DEFAULT '',
        created DOUBLE PRECISION NOT NULL,
        closed DOUBLE PRECISION,
        show_names INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS members (
        code TEXT NOT NULL,
        name_key TEXT NOT NULL,
        name TEXT NOT NULL,
        learner TEXT NOT NULL,
        browser_hash TEXT NOT NULL,
        recovery_hash TEXT NOT NULL,
        joined DOUBLE PRECISION NOT NULL,
        last_seen DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (code, name_key))""",
    "CREATE UNIQUE INDEX IF NOT EXISTS members_learner ON members (learner)",
    """CREATE TABLE IF NOT EXISTS controls (
        code TEXT NOT NULL,
        target TEXT NOT NULL,
        revealed INTEGER NOT NULL DEFAULT 0,
        locked INTEGER NOT NULL DEFAULT 0,
        round INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (code, target))""",
    """CREATE TABLE IF NOT EXISTS answers (
        code TEXT NOT NULL,
        learner TEXT NOT NULL,
        section TEXT NOT NULL,
        value TEXT NOT NULL,
        round INTEGER NOT NULL,
        updated DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (code, learner, section))""",
    """CREATE TABLE IF NOT EXISTS hidden (
        code TEXT NOT NULL,
        learner TEXT NOT NULL,
        section TEXT NOT NULL,
        item TEXT NOT NULL,
        PRIMARY KEY (code, learner, section, item))""",
)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def name_key(name: str) -> str:
    """The form under which a display name is unique in a class: NFKC, casefolded, spaces
    collapsed (``Zhang San`` and ``zhang  san`` are the same learner)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def clean_name(name: Any) -> str:
    """A display name as typed (trimmed), checked; CXError when it cannot be a learner's."""
    text = " ".join(unicodedata.normalize("NFC", str(name or "")).split())
    if not text:
        raise CXError("live.error.name_empty")
    if len(text) > MAX_NAME:
        raise CXError("live.error.name_long", limit=MAX_NAME)
    clean_learner_name(text)  # letters, digits, spaces, - _ . (raises with the reason)
    return text


def clean_code(code: Any) -> str:
    """A join code as typed (any case, spaces and dashes ignored), checked."""
    text = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    text = unicodedata.normalize("NFKC", text)
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        raise CXError("live.error.code", length=CODE_LENGTH)
    return text


def learner_id(code: str, name: str) -> str:
    """The workbook name of a class member: ``<code>-<name>``."""
    return clean_learner_name(f"{code}-{name}")


@dataclass(frozen=True)
class Member:
    """A learner of a class."""

    code: str
    name: str
    learner: str
    joined: float
    last_seen: float

    def connected(self, now: float | None = None) -> bool:
        """Whether the learner's page was heard of in the last :data:`CONNECTED_SECONDS`."""
        return (time.time() if now is None else now) - self.last_seen <= CONNECTED_SECONDS


@dataclass(frozen=True)
class Joined:
    """The result of joining: the member, and the recovery code to show once."""

    member: Member
    recovery: str
    rejoined: bool


@dataclass(frozen=True)
class Control:
    """The trainer's switches for one target (a lecture ``"03"`` or a section ``"03/x"``)."""

    revealed: bool = False
    locked: bool = False
    round: int = 0


@dataclass(frozen=True)
class ClassInfo:
    code: str
    lecture: str
    created: float
    closed: float | None
    show_names: bool


class ClassStore:
    """The class tables in SQLite (WAL) or PostgreSQL; safe from many processes and threads.

    Parameters
    ----------
    url : str, optional
        ``postgresql://...`` for PostgreSQL, else a path of the SQLite file. Default:
        ``$CX_CLASS_DB``, else ``<workbook folder>/cx-class.sqlite3``.
    """

    def __init__(self, url: str | os.PathLike[str] | None = None) -> None:
        url = os.environ.get(ENV_DB) if url is None else url
        self.url = str(url) if url else str(workbook_dir() / DB_NAME)
        self.postgres = self.url.startswith(("postgresql://", "postgres://"))
        self._local = threading.local()
        self._ready = False
        self._lock = threading.Lock()

    # ------------------------------------------------------------ connections
    def _connect(self) -> Any:
        if self.postgres:
            import psycopg

            return psycopg.connect(self.url, autocommit=False, connect_timeout=PG_CONNECT_SECONDS)
        path = Path(self.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None,
                                     check_same_thread=True)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
        return connection

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self._create(connection)
                    self._ready = True
        return connection

    def _create(self, connection: Any) -> None:
        with self._transaction(connection) as cursor:
            for statement in SCHEMA:
                cursor.execute(statement)

    @contextmanager
    def _transaction(self, connection: Any = None) -> Iterator[Any]:
        """A write transaction (SQLite: ``BEGIN IMMEDIATE``, so writers queue, never fail
        halfway); the cursor's ``execute`` takes ``?`` placeholders on both databases."""
        connection = connection or self._connection()
        if self.postgres:
            connection = self._pg_live(connection)
            cursor = _Cursor(connection.cursor())
        else:
            cursor = connection.cursor()
            cursor.execute("BEGIN IMMEDIATE")
        try:
            if self.postgres:
                # As SQLite's BEGIN IMMEDIATE: one writer at a time (readers never wait), so
                # a read-then-write (a name claim, the current round) is never interleaved.
                cursor.execute("SELECT pg_advisory_xact_lock(?)", (PG_WRITE_LOCK,))
            yield cursor
        except BaseException:
            self._pg_rollback(connection) if self.postgres else cursor.execute("ROLLBACK")
            raise
        else:
            connection.commit() if self.postgres else cursor.execute("COMMIT")

    def _pg_live(self, connection: Any) -> Any:
        """PostgreSQL: ``connection``, or a new one if it was lost (the server restarted)."""
        if not (connection.closed or connection.broken):
            return connection
        self._local.connection = None
        return self._connection()

    def _pg_rollback(self, connection: Any) -> None:
        """PostgreSQL: end a failed transaction; a lost connection is dropped (the next call
        connects again)."""
        if not (connection.closed or connection.broken):
            connection.rollback()
            return
        if getattr(self._local, "connection", None) is connection:
            self._local.connection = None

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        connection = self._connection()
        if self.postgres:
            return self._pg_read(connection, sql.replace("?", "%s"), params)
        return [tuple(row) for row in connection.execute(sql, params).fetchall()]

    def _pg_read(self, connection: Any, sql: str, params: Sequence[Any],
                 retry: bool = True) -> list[tuple[Any, ...]]:
        """PostgreSQL: one read; a read that finds its connection lost (the server restarted)
        runs once more on a new one (reads change nothing, so this is safe)."""
        import psycopg

        connection = self._pg_live(connection)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            connection.commit()
        except psycopg.OperationalError:
            lost = connection.closed or connection.broken
            self._pg_rollback(connection)
            if not (lost and retry):
                raise
            return self._pg_read(connection, sql, params, retry=False)
        except BaseException:
            self._pg_rollback(connection)
            raise
        return [tuple(row) for row in rows]

    def close(self) -> None:
        """Close this thread's connection."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # ------------------------------------------------------------ classes
    def create_class(self, lecture: str = "") -> ClassInfo:
        """Start a class with a new join code."""
        now = time.time()
        for _attempt in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            with self._transaction() as cursor:
                cursor.execute("SELECT 1 FROM classes WHERE code = ?", (code,))
                if cursor.fetchone():
                    continue
                cursor.execute("INSERT INTO classes (code, lecture, created) VALUES (?, ?, ?)",
                               (code, lecture, now))
            return ClassInfo(code, lecture, now, None, False)
        message = "no free join code after 20 attempts"
        raise RuntimeError(message)

    def class_info(self, code: str) -> ClassInfo | None:
        """The class of ``code``, or None."""
        rows = self._read("SELECT code, lecture, created, closed, show_names FROM classes "
                          "WHERE code = ?", (code,))
        if not rows:
            return None
        code, lecture, created, closed, show_names = rows[0]
        return ClassInfo(code, lecture, created, closed, bool(show_names))

    def latest_class(self) -> ClassInfo | None:
        """The most recently started class that is still open."""
        rows = self._read("SELECT code FROM classes WHERE closed IS NULL ORDER BY created DESC "
                          "LIMIT 1")
        return self.class_info(rows[0][0]) if rows else None

    def set_class(self, code: str, *, lecture: str | None = None,
                  show_names: bool | None = None, closed: bool | None = None) -> None:
        """Change the class's lecture on the projector, name display, or close/reopen it."""
        with self._transaction() as cursor:
            if lecture is not None:
                cursor.execute("UPDATE classes SET lecture = ? WHERE code = ?", (lecture, code))
            if show_names is not None:
                cursor.execute("UPDATE classes SET show_names = ? WHERE code = ?",
                               (int(show_names), code))
            if closed is not None:
                cursor.execute("UPDATE classes SET closed = ? WHERE code = ?",
                               (time.time() if closed else None, code))

    # ------------------------------------------------------------ members
    def join(self, code: str, name: str, browser_key: str) -> Joined:
        """Join class ``code`` as ``name`` from the browser holding ``browser_key``.

        The first browser to take a name keeps it: the same browser (same key) rejoins; any
        other is refused with ``class.error.name_taken`` (it may use the recovery code).

        Returns
        -------
        Joined
            The member and a recovery code (a new one on each join, the old one stops working).

        Raises
        ------
        CXError
            ``class.error.no_class``, ``class.error.closed``, ``class.error.name_taken``, or a
            bad name or code.
        """
        code = clean_code(code)
        name = clean_name(name)
        _check_key(browser_key)
        info = self.class_info(code)
        if info is None:
            raise CXError("live.error.no_class", code=code)
        if info.closed is not None:
            raise CXError("live.error.closed", code=code)
        key = name_key(name)
        learner = learner_id(code, name)
        recovery = new_recovery_code()
        now = time.time()
        with self._transaction() as cursor:
            cursor.execute("SELECT browser_hash, name, learner, joined FROM members "
                           "WHERE code = ? AND name_key = ?", (code, key))
            row = cursor.fetchone()
            if row is None:
                cursor.execute(
                    "INSERT INTO members (code, name_key, name, learner, browser_hash, "
                    "recovery_hash, joined, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (code, key, name, learner, _hash(browser_key), _hash(recovery), now, now),
                )
                return Joined(Member(code, name, learner, now, now), recovery, False)
            stored_hash, stored_name, stored_learner, joined = row
            if not hmac.compare_digest(stored_hash, _hash(browser_key)):
                raise CXError("live.error.name_taken", name=stored_name)
            cursor.execute("UPDATE members SET recovery_hash = ?, last_seen = ? "
                           "WHERE code = ? AND name_key = ?", (_hash(recovery), now, code, key))
        return Joined(Member(code, stored_name, stored_learner, joined, now), recovery, True)

    def recover(self, code: str, name: str, recovery: str, browser_key: str) -> Joined:
        """Move a member to a new browser with their recovery code (the old browser's key
        stops working); a new recovery code replaces the used one."""
        code = clean_code(code)
        name = clean_name(name)
        _check_key(browser_key)
        key = name_key(name)
        fresh = new_recovery_code()
        now = time.time()
        with self._transaction() as cursor:
            cursor.execute("SELECT recovery_hash, name, learner, joined FROM members "
                           "WHERE code = ? AND name_key = ?", (code, key))
            row = cursor.fetchone()
            wanted = _hash(normalise_recovery(recovery))
            if row is None or not hmac.compare_digest(row[0], wanted):
                raise CXError("live.error.recovery")
            cursor.execute("UPDATE members SET browser_hash = ?, recovery_hash = ?, last_seen = ? "
                           "WHERE code = ? AND name_key = ?",
                           (_hash(browser_key), _hash(fresh), now, code, key))
        return Joined(Member(code, row[1], row[2], row[3], now), fresh, True)

    def member_of(self, learner: str) -> Member | None:
        """The class member whose workbook is ``learner``, or None (not a class member)."""
        rows = self._read("SELECT code, name, learner, joined, last_seen FROM members "
                          "WHERE learner = ?", (learner,))
        return Member(*rows[0]) if rows else None

    def verify(self, learner: str, browser_key: str) -> bool:
        """Whether ``browser_key`` is the key of the browser that holds ``learner``."""
        if not isinstance(browser_key, str) or not browser_key:
            return False
        rows = self._read("SELECT browser_hash FROM members WHERE learner = ?", (learner,))
        return bool(rows) and hmac.compare_digest(rows[0][0], _hash(browser_key))

    def members(self, code: str) -> list[Member]:
        """The class's members in the order they joined."""
        rows = self._read("SELECT code, name, learner, joined, last_seen FROM members "
                          "WHERE code = ? ORDER BY joined, name_key", (code,))
        return [Member(*row) for row in rows]

    def seen(self, learner: str, when: float | None = None) -> None:
        """The learner's page is open (a heartbeat)."""
        with self._transaction() as cursor:
            cursor.execute("UPDATE members SET last_seen = ? WHERE learner = ?",
                           (time.time() if when is None else when, learner))

    # ------------------------------------------------------------ controls
    def control(self, code: str, target: str) -> Control:
        rows = self._read("SELECT revealed, locked, round FROM controls "
                          "WHERE code = ? AND target = ?", (code, target))
        if not rows:
            return Control()
        revealed, locked, round_ = rows[0]
        return Control(bool(revealed), bool(locked), int(round_))

    def controls(self, code: str) -> dict[str, Control]:
        """Every target's switches of the class."""
        rows = self._read("SELECT target, revealed, locked, round FROM controls WHERE code = ?",
                          (code,))
        return {t: Control(bool(r), bool(lk), int(n)) for t, r, lk, n in rows}

    def set_control(self, code: str, target: str, *, revealed: bool | None = None,
                    locked: bool | None = None, new_round: bool = False) -> Control:
        """Reveal/hide, lock/unlock, or start a new round of ``target``."""
        with self._transaction() as cursor:
            cursor.execute("INSERT INTO controls (code, target) VALUES (?, ?) "
                           "ON CONFLICT (code, target) DO NOTHING", (code, target))
            if revealed is not None:
                cursor.execute("UPDATE controls SET revealed = ? WHERE code = ? AND target = ?",
                               (int(revealed), code, target))
            if locked is not None:
                cursor.execute("UPDATE controls SET locked = ? WHERE code = ? AND target = ?",
                               (int(locked), code, target))
            if new_round:
                cursor.execute("UPDATE controls SET round = round + 1 "
                               "WHERE code = ? AND target = ?", (code, target))
        return self.control(code, target)

    # ------------------------------------------------------------ answers
    def publish(self, code: str, learner: str, section: str, value: Any) -> None:
        """Store a member's saved section (the workbook's value, as JSON) for the dashboard.

        The answer counts in the section's current round; a value the learner had saved
        before a reset counts again once they save it anew.
        """
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        now = time.time()
        with self._transaction() as cursor:
            cursor.execute("SELECT round FROM controls WHERE code = ? AND target = ?",
                           (code, section))
            row = cursor.fetchone()
            current = int(row[0]) if row else 0
            cursor.execute(
                "INSERT INTO answers (code, learner, section, value, round, updated) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code, learner, section) DO UPDATE SET "
                "value = excluded.value, round = excluded.round, updated = excluded.updated",
                (code, learner, section, text, current, now),
            )
            cursor.execute("UPDATE members SET last_seen = ? WHERE learner = ?", (now, learner))

    def answers(self, code: str, lecture: str | None = None) -> dict[str, dict[str, Any]]:
        """``{learner: {section: value}}`` of the class's current rounds (one snapshot).

        Parameters
        ----------
        lecture : str, optional
            Only sections of this lecture (``"03"`` -> ``"03/..."``).
        """
        sql = ("SELECT a.learner, a.section, a.value FROM answers a "
               "LEFT JOIN controls c ON c.code = a.code AND c.target = a.section "
               "WHERE a.code = ? AND a.round = COALESCE(c.round, 0)")
        params: list[Any] = [code]
        if lecture:
            sql += " AND a.section LIKE ?"
            params.append(f"{lecture}/%")
        result: dict[str, dict[str, Any]] = {}
        for learner, section, value in self._read(sql + " ORDER BY a.learner, a.section", params):
            try:
                result.setdefault(learner, {})[section] = json.loads(value)
            except ValueError:
                continue
        return result

    def last_update(self, code: str) -> float:
        """When anything of the class last changed (answers or joins): the dashboard redraws
        only after a change."""
        rows = self._read("SELECT MAX(updated) FROM answers WHERE code = ?", (code,))
        joined = self._read("SELECT MAX(joined) FROM members WHERE code = ?", (code,))
        values = [v for v in (rows[0][0], joined[0][0]) if v is not None]
        return max(values, default=0.0)

    # ------------------------------------------------------------ hidden entries
    def hide(self, code: str, learner: str, section: str, item: str, hidden: bool = True) -> None:
        """Hide (or show again) one free-text entry on the projector and learners' pages."""
        with self._transaction() as cursor:
            if hidden:
                cursor.execute("INSERT INTO hidden (code, learner, section, item) "
                               "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                               (code, learner, section, str(item)))
            else:
                cursor.execute("DELETE FROM hidden WHERE code = ? AND learner = ? AND "
                               "section = ? AND item = ?", (code, learner, section, str(item)))

    def hidden(self, code: str) -> set[tuple[str, str, str]]:
        """The hidden entries: ``{(learner, section, item)}``."""
        rows = self._read("SELECT learner, section, item FROM hidden WHERE code = ?", (code,))
        return {(learner, section, item) for learner, section, item in rows}


class _Cursor:
    """A psycopg cursor taking ``?`` placeholders, as sqlite3 does."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.cursor.execute(sql.replace("?", "%s"), params)

    def fetchone(self) -> Any:
        return self.cursor.fetchone()


def _check_key(key: Any) -> None:
    if not isinstance(key, str) or not 16 <= len(key) <= 200:
        raise CXError("live.error.browser_key")


def new_recovery_code() -> str:
    """A recovery code a learner can copy by hand: 4 groups of 4 (``7K2M-…``), 80 bits."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_recovery(text: Any) -> str:
    """A recovery code as typed, in its canonical form (case, spaces and dashes ignored)."""
    raw = "".join(ch for ch in unicodedata.normalize("NFKC", str(text or "")).upper()
                  if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


_STORES: dict[str, ClassStore] = {}


def default_store() -> ClassStore:
    """The store of this process's configuration (one per URL, reused)."""
    store = ClassStore()
    return _STORES.setdefault(store.url, store)


def exists() -> bool:
    """Whether a class store is configured or has been created (a page outside any class
    never creates one)."""
    return bool(os.environ.get(ENV_DB)) or (workbook_dir() / DB_NAME).exists()


def answers_rows(answers: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The answers as rows (learner, section, value as JSON) for an export."""
    return [
        {"learner": learner, "section": section,
         "value": json.dumps(value, ensure_ascii=False, sort_keys=True)}
        for learner, sections in answers.items() for section, value in sections.items()
    ]
