"""What a page's kernel costs, read from the kernel itself: its memory (PSS) and widget models.

A Voila page names its kernel in its page config (``kernelId``). Voila starts each kernel with
``-f .../kernel-<id>.json``; that connection file finds the process (for ``/proc/<pid>``) and
lets a second client ask the kernel how many widget models it holds (a silent
``user_expressions`` request: no output reaches the page).

PSS (proportional set size) is the fair per-kernel memory figure: shared libraries are divided
among the processes that map them, where RSS would count them once per kernel.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

WIDGET_COUNT = "len(__import__('ipywidgets').widgets.widget._instances)"


def connection_file(kernel: str) -> tuple[int, Path] | None:
    """``(pid, connection file)`` of the kernel with id ``kernel``, or ``None`` if not found."""
    needle = f"kernel-{kernel}.json"
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        for arg in args:
            if arg.endswith(needle.encode()):
                return int(entry.name), Path(arg.decode())
    return None


def pss_mb(pid: int) -> float | None:
    """The PSS of process ``pid`` in MiB (``None`` once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def widget_models(connection: Path, timeout: float = 30.0) -> int | None:
    """How many widget models the kernel holds (asked through a second client)."""
    from jupyter_client import BlockingKernelClient

    client = BlockingKernelClient()
    client.load_connection_info(json.loads(connection.read_text()))
    client.start_channels()
    try:
        client.wait_for_ready(timeout=timeout)
        reply = client.execute_interactive(
            "", silent=True, store_history=False, user_expressions={"n": WIDGET_COUNT},
            timeout=timeout,
        )
        data = reply["content"]["user_expressions"]["n"]
        return int(data["data"]["text/plain"]) if data.get("status") == "ok" else None
    finally:
        client.stop_channels()


def kernel_figures(kernel: str) -> dict[str, float | int | None]:
    """``{"pss_mb": ..., "models": ...}`` of a running kernel (``None`` where unreadable)."""
    found = connection_file(kernel)
    if found is None:
        return {"pss_mb": None, "models": None}
    pid, connection = found
    return {"pss_mb": pss_mb(pid), "models": widget_models(connection)}


def kernel_pids(root_pid: int) -> list[int]:
    """PIDs of the kernels a Voila server (``root_pid``) runs: its ipykernel children."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if parent == root_pid and b"ipykernel" in cmdline:
            pids.append(int(entry.name))
    return pids


def cpu_seconds(server_pid: int) -> dict[int, float]:
    """``{pid: utime + stime}`` (seconds) of the Voila process and each of its kernels."""
    tick = os.sysconf("SC_CLK_TCK")
    times = {}
    for pid in [server_pid, *kernel_pids(server_pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / tick
    return times


def machine_ticks() -> tuple[int, int]:
    """``(busy, total)`` clock ticks of all cores since boot (``/proc/stat``)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two :func:`cpu_seconds` readings (new processes count whole)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def wait_until_quiet(server_pid: int, window: float = 2.0, share: float = 0.05,
                     timeout: float = 1200.0) -> float:
    """Wait until the server and its kernels use less than ``share`` of one core over a
    ``window`` of seconds; return the seconds waited.

    Voila says a pool of preheated kernels "is filled" once its kernels have *started* running
    the notebook, not once they have run it: a class that arrives at that moment would meet
    the cores still busy preparing its pages, which is not how a trainer who started the
    server before the class uses it. Raises ``TimeoutError`` after ``timeout`` seconds.
    """
    start = time.monotonic()
    before = cpu_seconds(server_pid)
    while True:
        time.sleep(window)  # CPU use is read over a window: there is no event to wait for
        after = cpu_seconds(server_pid)
        if cpu_used(before, after) < share * window:
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"the server's kernels were still busy after {timeout:.0f} s")
        before = after


def page_kernel(page) -> str:
    """The kernel id a rendered Voila page runs on."""
    config = page.evaluate("document.getElementById('jupyter-config-data').textContent")
    return json.loads(config)["kernelId"]


__all__ = [
    "connection_file", "cpu_seconds", "cpu_used", "kernel_figures", "kernel_pids", "machine_ticks",
    "page_kernel", "pss_mb", "wait_until_quiet", "widget_models",
]
