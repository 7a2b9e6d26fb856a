"""Serve the course with Voila.

The one place that knows how the course is served. ``make serve``, the browser tests and the
benchmarks all start Voila through this module, so they run the same configuration:

* the Voila settings (template ``cx``, no tracebacks, which files may be served, kernel
  pre-heating) live in ``voila.json`` next to the ``notebooks/`` folder. Voila reads that file
  from its working directory; ``pip install`` also copies it, with ``jupyter-config/voila.py``,
  into ``<env>/etc/jupyter``, where the Voila server extension (Binder, JupyterHub) reads them;
* this module adds what varies per run: the notebook folder, host, port and environment.

Command line::

    python -m cxwidgets.serve [--host 127.0.0.1] [--port 8866] [--root notebooks]

Only the standard library is imported here.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "HOME_NOTEBOOK",
    "Server",
    "ServerError",
    "class_args",
    "default_root",
    "free_port",
    "home_url",
    "main",
    "preheat_args",
    "voila_command",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
HOME_NOTEBOOK = "00_home.ipynb"
CONFIG_FILE = "voila.json"
#: Seconds before Voila replaces a preheated kernel a learner took (see :func:`class_args`).
FILL_DELAY = 60


class ServerError(RuntimeError):
    """Voila did not start, or stopped unexpectedly."""


def default_root() -> Path:
    """Return the course's notebook folder.

    Returns
    -------
    pathlib.Path
        ``notebooks/`` in the working directory if it exists there, else next to this package
        (an editable install of the repository).
    """
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here.resolve()
    return (Path(__file__).resolve().parent.parent / "notebooks").resolve()


def free_port(host: str = DEFAULT_HOST) -> int:
    """Return a TCP port that is free on ``host`` right now.

    Parameters
    ----------
    host : str
        Address to bind.

    Returns
    -------
    int
        A port number the operating system just handed out.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def home_url(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, notebook: str = HOME_NOTEBOOK
) -> str:
    """Return the URL of a rendered notebook (by default the course home).

    Parameters
    ----------
    host, port : str, int
        Where Voila listens.
    notebook : str
        Notebook path relative to the served folder.

    Returns
    -------
    str
        ``http://host:port/voila/render/<notebook>``.
    """
    return f"http://{host}:{port}/voila/render/{notebook}"


def public_url(host: str, port: int) -> str:
    """The address learners' devices use: the host given, or this machine's address on the
    classroom network when serving on every interface (``0.0.0.0``).

    The address is the one the system would use to reach a private network (a UDP socket is
    "connected" to it, which sends nothing), so it works without internet.
    """
    if host not in ("0.0.0.0", "::", ""):
        return f"http://{host}:{port}"
    import socket

    address = "127.0.0.1"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            address = probe.getsockname()[0]
        except OSError:
            pass
    return f"http://{address}:{port}"


def voila_command(root: Path, host: str, port: int, extra_args: Sequence[str] = ()) -> list[str]:
    """Build the command line that serves ``root`` with Voila.

    Parameters
    ----------
    root : pathlib.Path
        Folder whose notebooks are served (only this folder is visible).
    host : str
        Address to listen on.
    port : int
        Port to listen on (Voila does not fall back to another port: ``port_retries`` is 0).
    extra_args : sequence of str
        More Voila options (they override ``voila.json``).

    Returns
    -------
    list of str
        The command, starting with this Python interpreter.
    """
    return [
        sys.executable,
        "-m",
        "voila",
        str(root),
        f"--Voila.ip={host}",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--no-browser",
        *extra_args,
    ]


def _config_dir(root: Path) -> Path:
    """Return the folder holding ``voila.json`` for ``root``: its parent, itself, or the cwd."""
    for candidate in (root.parent, root, Path.cwd()):
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    message = f"{CONFIG_FILE} not found next to {root} nor in {Path.cwd()}"
    raise ServerError(message)


class Server:
    """A Voila server process serving the course (or another notebook folder).

    Parameters
    ----------
    root : pathlib.Path, optional
        Folder whose notebooks are served; defaults to the course's ``notebooks/``.
    host : str
        Address to listen on.
    port : int, optional
        Port; a free one when omitted.
    env : mapping, optional
        Extra environment variables for the server and its kernels (e.g. ``CX_WORKBOOK_DIR``).
    extra_args : sequence of str
        More Voila options (they override ``voila.json``).
    log : file object, optional
        Where Voila's output goes; inherited from this process when omitted.
    config_dir : pathlib.Path, optional
        Folder holding ``voila.json`` (Voila's working directory); found next to ``root``
        when omitted.
    new_session : bool
        Run Voila in its own session, so a Ctrl+C meant for the caller (e.g. pytest) does not
        reach it; :meth:`stop` ends it. False for an interactive ``make serve``.

    Examples
    --------
    >>> with Server(env={"CX_WORKBOOK_DIR": "/tmp/wb"}) as server:  # doctest: +SKIP
    ...     print(server.url_for("00_home.ipynb"))
    """

    def __init__(
        self,
        root: Path | None = None,
        host: str = DEFAULT_HOST,
        port: int | None = None,
        env: Mapping[str, str] | None = None,
        extra_args: Sequence[str] = (),
        log: IO[str] | IO[bytes] | None = None,
        config_dir: Path | None = None,
        new_session: bool = True,
    ) -> None:
        self.root = Path(root).resolve() if root is not None else default_root()
        if not self.root.is_dir():
            message = f"notebook folder not found: {self.root}"
            raise ServerError(message)
        self.host = host
        self.port = port if port is not None else free_port(host)
        self.env = dict(env or {})
        self.extra_args = list(extra_args)
        self.log = log
        self.config_dir = Path(config_dir).resolve() if config_dir is not None else None
        self.new_session = new_session
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Base URL of the server, e.g. ``http://127.0.0.1:8866``."""
        return f"http://{self.host}:{self.port}"

    def url_for(self, notebook: str, query: str = "") -> str:
        """Return the URL rendering ``notebook``, with an optional query string (no ``?``)."""
        url = home_url(self.host, self.port, notebook)
        return f"{url}?{query}" if query else url

    def command(self) -> list[str]:
        """Return the Voila command line this server runs."""
        return voila_command(self.root, self.host, self.port, self.extra_args)

    def start(self, timeout: float = 60.0) -> Server:
        """Start Voila and wait until it answers HTTP requests.

        Parameters
        ----------
        timeout : float
            Seconds to wait for the first answer.

        Returns
        -------
        Server
            ``self``, serving.

        Raises
        ------
        ServerError
            If Voila exits or does not answer in time.
        """
        if self.process is not None and self.process.poll() is None:
            return self
        config_dir = self.config_dir or _config_dir(self.root)
        env = {**os.environ, "JUPYTER_PREFER_ENV_PATH": "1", **self.env}
        if any(arg.endswith("preheat_kernel=True") for arg in self.extra_args):
            env["CX_PREHEAT"] = "1"  # voila.py leaves out its prelaunch_hook (see there)
        # In a checkout, use its Voila template and voila.py as they are now, not the copies
        # pip installed into the environment (they may be older).
        shared = config_dir / "share" / "jupyter"
        if (shared / "voila" / "templates" / "cx").is_dir():
            env["JUPYTER_PATH"] = os.pathsep.join(
                filter(None, [str(shared), env.get("JUPYTER_PATH")])
            )
        settings = config_dir / "jupyter-config"
        if (settings / "voila.py").is_file():
            env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
                filter(None, [str(settings), env.get("JUPYTER_CONFIG_PATH")])
            )
        self.process = subprocess.Popen(
            self.command(),
            cwd=config_dir,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT if self.log is not None else None,
            start_new_session=self.new_session,
        )
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Poll the server until it answers, the process exits, or ``timeout`` passes.

        Parameters
        ----------
        timeout : float
            Seconds to wait.

        Raises
        ------
        ServerError
            If Voila exits or does not answer in time.
        """
        if self.process is None:
            message = "the server was not started"
            raise ServerError(message)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                message = f"Voila did not answer on {self.url} within {timeout:.0f} s"
                raise ServerError(message)
            try:
                # Doubles as the polling interval: returns at once if Voila exited.
                code = self.process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                continue
            message = f"Voila exited with code {code} before answering on {self.url}"
            raise ServerError(message)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop Voila cleanly (SIGTERM: it shuts its kernels down), killing it if it hangs.

        Parameters
        ----------
        timeout : float
            Seconds to wait for a clean exit before killing the process group.
        """
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            if self.new_session:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.wait(timeout=timeout)

    def restart(self, timeout: float = 60.0) -> Server:
        """Stop and start again on the same port with the same environment.

        Returns
        -------
        Server
            ``self``, serving again.
        """
        self.stop()
        return self.start(timeout)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def class_args(root: Path, lecture: str, learners: int, fill_delay: float = FILL_DELAY) -> list[str]:
    """Voila options that prepare ``learners`` pages of one lecture before a class opens it.

    Voila's preheated kernels run the lecture's notebook ahead, in a pool; a learner's request
    takes a prepared kernel, which then loads that learner's workbook (``cxwidgets.session``).
    Only this lecture is preheated: every other page starts its kernel on request, as usual.

    Parameters
    ----------
    root : pathlib.Path
        The served notebook folder.
    lecture : str
        The lecture id (``"03"``) the class is about to open.
    learners : int
        How many pages to keep prepared (the class size; 0 turns preheating off).
    fill_delay : float
        Seconds before a taken kernel is replaced in the pool.

    Returns
    -------
    list of str
        Voila command-line options.

    Raises
    ------
    ServerError
        If no notebook of that lecture exists.
    """
    if learners <= 0:
        return []
    matches = sorted(root.glob(f"{lecture}_*.ipynb"))
    if not matches:
        message = f"no notebook of lecture {lecture!r} in {root}"
        raise ServerError(message)
    return preheat_args([matches[0].name], learners, fill_delay)


def preheat_args(notebooks: Sequence[str], pool: int, fill_delay: float = FILL_DELAY) -> list[str]:
    """Voila options that keep ``pool`` preheated kernels for each of ``notebooks`` (file
    names or paths relative to the served folder), and for no other notebook."""
    names = "|".join(name.replace(".", "[.]") for name in notebooks)  # no backslash to unescape
    return [
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaConfiguration.default_pool_size={pool}",
        # Every other notebook is denied preheating (a regex on the notebook path).
        f"--VoilaKernelManager.preheat_denylist=['^(?!(.*/)?({names})$)']",
        # A taken kernel is replaced after a minute, not a second: refilling the pool while
        # the class is arriving would compete with the learners' own pages for the cores.
        f"--VoilaKernelManager.fill_delay={fill_delay}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the course until interrupted, printing the course home URL once it answers.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (``sys.argv[1:]`` when omitted).

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(description="Serve the CX course with Voila.")
    parser.add_argument("--host", default=os.environ.get("HOST") or DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or DEFAULT_PORT))
    parser.add_argument("--root", type=Path, default=None, help="notebook folder to serve")
    parser.add_argument(
        "--class-lecture", default=os.environ.get("CLASS_LECTURE") or "",
        help="lecture a class is about to open (e.g. 03): its pages are prepared ahead",
    )
    parser.add_argument(
        "--class-size", type=int, default=int(os.environ.get("CLASS_SIZE") or 0),
        help="how many learners' pages of --class-lecture to keep prepared",
    )
    args, extra = parser.parse_known_args(argv)
    root = (args.root or default_root()).resolve()
    try:
        prepared = class_args(root, args.class_lecture, args.class_size) if args.class_lecture else []
    except ServerError as error:
        print(error, file=sys.stderr)
        return 2

    public = public_url(args.host, args.port)
    server = Server(
        root=root, host=args.host, port=args.port, extra_args=[*prepared, *extra],
        new_session=False, env={"CX_PUBLIC_URL": os.environ.get("CX_PUBLIC_URL") or public},
    )

    def forward(signum: int, _frame: object) -> None:
        if server.process is not None and server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGHUP, forward)
    try:
        server.start(timeout=120)
    except ServerError as error:
        print(f"\n{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        server.stop()
        return 130
    url = home_url(args.host, args.port)
    from . import i18n

    # The terminal shows both languages: the trainer reads it before choosing one.
    home, stop = (" / ".join(i18n.both(key).values()) for key in ("common.serve.home", "common.serve.stop"))
    from .classroom.trainer import trainer_url

    trainer = " / ".join(i18n.both("live.serve.trainer").values())
    print(f"\n{home}\n    {url}\n\n{trainer}\n    {trainer_url(public)}\n\n{stop}\n", flush=True)
    process = server.process
    assert process is not None
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Voila got the same Ctrl+C (same process group) and is shutting its kernels down.
        try:
            process.wait(timeout=30)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            server.stop()
        return 0


if __name__ == "__main__":
    sys.exit(main())
