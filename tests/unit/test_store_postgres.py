"""The class store on a real PostgreSQL server (``CX_CLASS_DB=postgresql://...``, JupyterHub).

Each behaviour runs on both databases the store supports: SQLite (one machine) and a real
PostgreSQL server (``tests/pg.py``), each test on a new empty database, so the two agree.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pg import PostgresServer, postgres_server  # tests/pg.py

from cxwidgets.classroom.store import ClassStore
from cxwidgets.errors import CXError

__all__ = ["postgres_server"]  # the fixture, imported for the tests below

KEY_A = "browser-a-" + "a" * 22
KEY_B = "browser-b-" + "b" * 22
KEY_C = "browser-c-" + "c" * 22
WRITERS = 10


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new empty class database: an SQLite file, or a database on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "class.sqlite3")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture
def store(url: str) -> Iterator[ClassStore]:
    store = ClassStore(url)
    yield store
    store.close()


def error_key(call, *args) -> str:
    with pytest.raises(CXError) as caught:
        call(*args)
    return caught.value.key


def test_postgresql_url_selects_postgresql(postgres_server: PostgresServer) -> None:
    assert ClassStore(postgres_server.url()).postgres
    assert ClassStore(postgres_server.url().replace("postgresql://", "postgres://")).postgres
    assert not ClassStore("/tmp/class.sqlite3").postgres


def test_create_class_and_read_it_back(store: ClassStore) -> None:
    info = store.create_class("03")
    assert len(info.code) == 6
    read = store.class_info(info.code)
    assert (read.code, read.lecture, read.closed, read.show_names) == (info.code, "03", None, False)
    assert store.latest_class().code == info.code
    store.set_class(info.code, lecture="04", show_names=True)
    read = store.class_info(info.code)
    assert (read.lecture, read.show_names) == ("04", True)
    store.set_class(info.code, closed=True)
    assert store.class_info(info.code).closed is not None
    assert store.latest_class() is None
    assert error_key(store.join, info.code, "Ana", KEY_A) == "live.error.closed"
    assert error_key(store.join, "ZZZZZZ", "Ana", KEY_A) == "live.error.no_class"


def test_a_name_belongs_to_the_first_browser(store: ClassStore) -> None:
    code = store.create_class("03").code
    first = store.join(code, "Zhang San", KEY_A)
    assert (first.member.learner, first.rejoined) == (f"{code}-Zhang San", False)
    # Another browser, the same name written differently: refused.
    assert error_key(store.join, code, "zhang  SAN", KEY_B) == "live.error.name_taken"
    again = store.join(code, "Zhang San", KEY_A)  # the same browser comes back
    assert again.rejoined and again.member.learner == f"{code}-Zhang San"
    assert [m.name for m in store.members(code)] == ["Zhang San"]
    assert store.verify(f"{code}-Zhang San", KEY_A)
    assert not store.verify(f"{code}-Zhang San", KEY_B)


def test_recovery_moves_the_name_to_a_new_browser(store: ClassStore) -> None:
    code = store.create_class("03").code
    store.join(code, "Li", KEY_A)
    latest = store.join(code, "Li", KEY_A).recovery  # each join replaces the recovery code
    moved = store.recover(code, "li", latest.lower().replace("-", " "), KEY_B)
    assert moved.member.learner == f"{code}-Li"
    assert store.verify(f"{code}-Li", KEY_B)
    assert not store.verify(f"{code}-Li", KEY_A)
    # A used recovery code stops working; the new one works.
    assert error_key(store.recover, code, "Li", latest, KEY_C) == "live.error.recovery"
    assert store.recover(code, "Li", moved.recovery, KEY_C).member.name == "Li"
    assert error_key(store.recover, code, "Nobody", moved.recovery, KEY_C) == "live.error.recovery"


def test_ten_browsers_claiming_one_name_at_once_leave_one_owner(store: ClassStore) -> None:
    code = store.create_class("03").code
    store.members(code)  # tables exist before the race
    start = threading.Barrier(WRITERS)
    keys = [f"browser-{index:02d}-" + "k" * 20 for index in range(WRITERS)]

    def claim(key: str) -> str:
        start.wait()
        try:
            store.join(code, "Wang", key)
        except CXError as error:
            return error.key
        return "joined"

    with ThreadPoolExecutor(WRITERS) as pool:
        outcomes = list(pool.map(claim, keys))
    assert sorted(outcomes) == ["joined"] + ["live.error.name_taken"] * (WRITERS - 1)
    owner = keys[outcomes.index("joined")]
    assert store.verify(f"{code}-Wang", owner)


def _publish_from_process(url: str, code: str, learner: str, start) -> None:
    start.wait()
    store = ClassStore(url)
    store.publish(code, learner, "03/kano_questionnaire", {"answers": [[1, 5]], "by": learner})
    store.close()


def test_publishing_from_ten_threads_and_ten_processes_loses_nothing(store: ClassStore) -> None:
    code = store.create_class("03").code
    threads = [store.join(code, f"T{index}", f"thread-{index:02d}-" + "t" * 20).member.learner
               for index in range(WRITERS)]
    processes = [store.join(code, f"P{index}", f"process-{index:02d}-" + "p" * 20).member.learner
                 for index in range(WRITERS)]
    start = threading.Barrier(WRITERS)

    def publish(learner: str) -> None:
        start.wait()
        store.publish(code, learner, "03/kano_questionnaire", {"answers": [[1, 5]], "by": learner})
        store.publish(code, learner, "03/notes", {"text": "我的笔记"})

    context = multiprocessing.get_context("spawn")
    gate = context.Barrier(WRITERS)
    workers = [context.Process(target=_publish_from_process, args=(store.url, code, name, gate))
               for name in processes]
    for worker in workers:
        worker.start()
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(publish, threads))
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    answers = store.answers(code)
    assert sorted(answers) == sorted(threads + processes)
    for learner in threads:
        assert answers[learner] == {
            "03/kano_questionnaire": {"answers": [[1, 5]], "by": learner},
            "03/notes": {"text": "我的笔记"},
        }
    for learner in processes:
        assert answers[learner] == {"03/kano_questionnaire": {"answers": [[1, 5]], "by": learner}}


def test_controls_and_rounds(store: ClassStore) -> None:
    code = store.create_class("03").code
    ana = store.join(code, "Ana", KEY_A).member.learner
    ben = store.join(code, "Ben", KEY_B).member.learner
    section = "03/kano_questionnaire"
    assert store.control(code, section) == store.control(code, "03")  # both default
    assert (store.control(code, section).revealed, store.control(code, section).round) == (False, 0)
    store.publish(code, ana, section, {"answers": [[2, 5]]})
    store.publish(code, ben, "04/journey", {"steps": 3})

    shown = store.set_control(code, section, revealed=True, locked=True)
    assert (shown.revealed, shown.locked, shown.round) == (True, True, 0)
    renewed = store.set_control(code, section, locked=False, new_round=True)
    assert (renewed.revealed, renewed.locked, renewed.round) == (True, False, 1)
    assert set(store.controls(code)) == {section}

    # The new round starts empty for that section; other sections keep their answers.
    assert store.answers(code) == {ben: {"04/journey": {"steps": 3}}}
    store.publish(code, ana, section, {"answers": [[1, 3]]})
    assert store.answers(code, lecture="03") == {ana: {section: {"answers": [[1, 3]]}}}
    assert store.answers(code, lecture="04") == {ben: {"04/journey": {"steps": 3}}}
    assert store.last_update(code) >= store.class_info(code).created


def test_hidden_entries(store: ClassStore) -> None:
    code = store.create_class("06").code
    ana = store.join(code, "Ana", KEY_A).member.learner
    store.hide(code, ana, "06/hmw", "2")
    store.hide(code, ana, "06/hmw", "2")  # twice: still one entry
    store.hide(code, ana, "06/hmw", "5")
    assert store.hidden(code) == {(ana, "06/hmw", "2"), (ana, "06/hmw", "5")}
    store.hide(code, ana, "06/hmw", "2", hidden=False)
    assert store.hidden(code) == {(ana, "06/hmw", "5")}


def _drop_connections(server: PostgresServer, store: ClassStore) -> None:
    """The server ends every connection to the store's database (as a restart would)."""
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()",
                      (store.url.rsplit("/", 1)[1],))


def test_a_lost_connection_is_replaced(postgres_server: PostgresServer) -> None:
    """The server drops the kernel's connection (a restart, a failover): a read connects
    again at once; a write fails once (it is not repeated behind the caller's back), the
    next one connects again."""
    import psycopg

    store = ClassStore(postgres_server.create_database())
    code = store.create_class("03").code
    ana = store.join(code, "Ana", KEY_A).member.learner
    _drop_connections(postgres_server, store)
    assert [member.name for member in store.members(code)] == ["Ana"]

    _drop_connections(postgres_server, store)
    with pytest.raises(psycopg.OperationalError):
        store.publish(code, ana, "03/notes", {"text": "lost"})
    store.publish(code, ana, "03/notes", {"text": "again"})
    assert store.answers(code) == {ana: {"03/notes": {"text": "again"}}}
    store.close()
