"""A real PostgreSQL server for the tests, started from Debian's ``postgresql`` package.

:class:`PostgresServer` runs ``initdb`` into a fresh temporary folder and the ``postgres``
server on a free local port, with trust authentication for the local test role ``cx`` (the
server listens on 127.0.0.1 only). Running as root, which ``initdb`` refuses, both run as the
``postgres`` system user the package creates (``subprocess``'s ``user=``), so the process the
test holds is the server itself and :meth:`PostgresServer.stop` ends it by its PID.

The session fixture :func:`postgres_server` is shared by the store's unit tests and the
JupyterHub smoke test (import it into the test module). It skips only where the server cannot
be installed (not root, no ``postgresql`` package: ``apt-get install postgresql``); as root
(the CI) a missing package is a failure: ``make system-deps`` installs it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE_BIN = Path("/usr/lib/postgresql")
ROLE = "cx"
SYSTEM_USER = "postgres"
START_SECONDS = 30.0


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def server_binaries() -> Path:
    """The folder holding ``initdb`` and ``postgres`` (the newest packaged version first).

    Raises
    ------
    PostgresMissing
        If neither Debian's ``/usr/lib/postgresql/<version>/bin`` nor ``PATH`` has them.
    """
    versions = sorted(
        (path for path in PACKAGE_BIN.glob("*/bin") if (path / "initdb").is_file()),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    if versions:
        return versions[0]
    initdb = shutil.which("initdb")
    if initdb and shutil.which("postgres"):
        return Path(initdb).parent
    message = "PostgreSQL server binaries (initdb, postgres) not found: apt-get install postgresql"
    raise PostgresMissing(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A throw-away PostgreSQL server on 127.0.0.1.

    Attributes
    ----------
    port : int
        The TCP port it listens on.
    folder : pathlib.Path
        Its data folder, socket and log (removed by :meth:`stop`).
    """

    def __init__(self) -> None:
        self.bin = server_binaries()
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="cx-postgres-"))
        self.data = self.folder / "data"
        self.log_path = self.folder / "postgres.log"
        self.process: subprocess.Popen | None = None
        # initdb refuses root: run it and the server as the package's system user.
        self.user = SYSTEM_USER if os.geteuid() == 0 else None
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)

    def url(self, database: str = "postgres") -> str:
        """The ``postgresql://`` URL of ``database`` for the test role."""
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        result = subprocess.run(
            [str(self.bin / command[0]), *command[1:]], user=self.user, cwd=self.folder,
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            message = f"{command[0]} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
            raise RuntimeError(message)

    def start(self) -> PostgresServer:
        """``initdb`` then the server; returns once it accepts connections."""
        self._run("initdb", "-D", str(self.data), "-U", ROLE, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(
                [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                 "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.folder}",
                 "-c", "fsync=off", "-c", "max_connections=200"],
                user=self.user, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
            )
        finally:
            log.close()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        import psycopg

        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                pass
            assert self.process is not None
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log_path.read_text(encoding="utf-8", errors="replace")
                self.stop()
                message = f"PostgreSQL did not start on port {self.port}:\n{log}"
                raise RuntimeError(message)
            time.sleep(0.05)  # polling a server that is starting, not a wait for a condition

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server by its PID (a fast shutdown) and remove its folder."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session (see the module docstring)."""
    try:
        server = PostgresServer()
    except PostgresMissing as error:
        if os.geteuid() == 0:
            pytest.fail(f"{error} (run `make system-deps`)")
        pytest.skip(f"{error} (needs root to install)")
    server.start()
    yield server
    server.stop()
