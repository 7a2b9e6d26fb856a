"""A class opening one lecture at the same moment, against the floor, in one run.

N learners (fresh browser contexts, fresh names) open the lecture at once; then N open
``benchmarks/floor.ipynb`` at once. For each wave: p50/p95 from navigation start until the
page is ready (``.cx-ready``) and until every chart is drawn, failures, the peak PSS of all page
kernels divided by N (sampled while the wave loads), and how many kernels are left once every
page is closed (Voila's unload beacon must shut them down).

The server is started as ``make serve`` starts it, with ``--preheat`` as
``make serve CLASS_LECTURE=NN CLASS_SIZE=N`` does: N kernels of the lecture (and of the floor,
for a fair ratio) prepared before the wave, which waits until both pools are full.

Usage::

    python benchmarks/bench_class.py [--lecture 03] [--learners 10 30] [--preheat on|off|both]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_pages import CHARTS_DRAWN, READY  # noqa: E402
from bench_tti import FLOOR  # noqa: E402
from probe import (  # noqa: E402
    connection_file,
    cpu_seconds,
    cpu_used,
    kernel_pids,
    machine_ticks,
    pss_mb,
    wait_until_quiet,
)

from cxwidgets.serve import Server, preheat_args  # noqa: E402
from tests.e2e import browser as harness  # noqa: E402

GOAL_P95 = 1.5
GOAL_PSS = 150.0
TIMEOUT_MS = 600_000
CHARTS_POLL_MS = 100


def percentile(values: list[float], share: float) -> float | None:
    """The ``share`` quantile (0.95: p95) of ``values``, linear between ranks."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


class MemorySampler:
    """Samples the summed PSS of a server's kernels on a thread; keeps the peak.

    With ``folder``, only the kernels running there (a kernel's working directory is its
    notebook's folder): the lecture's, not the floor's kernels waiting in their pool.
    """

    def __init__(self, server_pid: int, folder: Path | None = None) -> None:
        self.server_pid = server_pid
        self.folder = folder
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(pss_mb(pid) or 0.0 for pid in kernel_pids(self.server_pid)
                        if self.folder is None or _working_directory(pid) == self.folder)
            self.peak = max(self.peak, total)
            self._stop.wait(0.5)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _working_directory(pid: int) -> Path | None:
    try:
        return Path(os.readlink(f"/proc/{pid}/cwd"))
    except OSError:
        return None


async def new_context(browser, base_url: str):
    """A fresh browser context (zh-CN) in which every non-local request is blocked."""
    context = await browser.new_context(base_url=base_url, locale="zh-CN")
    await context.route("**/*", lambda route: route.continue_() if harness.is_local(route.request.url)
                        else route.abort())
    return context


async def one_learner(browser, server: Server, notebook: str) -> dict:
    """One learner opens ``notebook``; returns seconds to ready and to charts, or the error."""
    context = await new_context(browser, server.url)
    page = await context.new_page()
    try:
        url = harness.notebook_url(notebook, learner=f"class{uuid.uuid4().hex[:8]}")
        await page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        await page.locator(READY.get(notebook, ".cx-ready")).first.wait_for(
            state="visible", timeout=TIMEOUT_MS
        )
        ready = await page.evaluate("performance.now()") / 1000
        # Checked 10 times a second, not on every animation frame (Playwright's default): N
        # pages each running the check 60 times a second while their charts are drawn would
        # take cores from the pages still loading, a cost no classroom has.
        await page.wait_for_function(CHARTS_DRAWN, polling=CHARTS_POLL_MS, timeout=TIMEOUT_MS)
        charts = await page.evaluate("performance.now()") / 1000
        config = await page.evaluate("document.getElementById('jupyter-config-data').textContent")
        found = connection_file(json.loads(config)["kernelId"])
        pss = pss_mb(found[0]) if found else None
        return {"page": page, "context": context, "ready_s": ready, "charts_s": charts,
                "pss_mb": pss}
    except Exception as error:  # a failure is a result here, counted and printed
        return {"page": page, "context": context, "error": f"{type(error).__name__}: {error}"}


def running_kernels(server: Server) -> int:
    """Kernel processes the server runs (Voila has no kernel list in its API)."""
    assert server.process is not None
    return len(kernel_pids(server.process.pid))


async def wave(browser, server: Server, notebook: str, learners: int, pooled: int) -> dict:
    """N learners open ``notebook`` at once; then every page closes."""
    assert server.process is not None
    served_before, machine_before = cpu_seconds(server.process.pid), machine_ticks()
    with MemorySampler(server.process.pid, (REPO / notebook).parent.resolve()) as memory:
        results = await asyncio.gather(
            *(one_learner(browser, server, notebook) for _ in range(learners))
        )
    # CPU seconds until the last page was ready or failed: the whole machine (browsers
    # included), and the Voila server with its kernels.
    machine_busy = (machine_ticks()[0] - machine_before[0]) / os.sysconf("SC_CLK_TCK")
    served = cpu_used(served_before, cpu_seconds(server.process.pid))
    ok = [r for r in results if "error" not in r]
    for result in results:
        async with result["page"].expect_event("close"):
            await result["page"].close(run_before_unload=True)
    # The browser contexts stay open until the kernels are counted: closing one right after
    # its page could cancel the page's unload beacon (kernel shutdown) still on its way, which
    # a learner closing a tab never does.
    left = await asyncio.to_thread(kernels_left, server, pooled)
    for result in results:
        await result["context"].close()
    ready = sorted(r["ready_s"] for r in ok)
    charts = sorted(r["charts_s"] for r in ok)
    return {
        "notebook": notebook,
        "learners": learners,
        "failures": [r["error"] for r in results if "error" in r],
        "ready_p50": percentile(ready, 0.5),
        "ready_p95": percentile(ready, 0.95),
        "charts_p50": percentile(charts, 0.5),
        "charts_p95": percentile(charts, 0.95),
        # Each page's own kernel once its charts are drawn (the largest), and the peak of the
        # wave's kernels (those running the wave's notebook) divided by N.
        "page_pss_max_mb": max((r["pss_mb"] for r in ok if r.get("pss_mb")), default=None),
        "peak_pss_per_learner_mb": memory.peak / learners,
        "kernels_left": left,
        "cpu_machine_s": machine_busy,
        "cpu_server_kernels_s": served,
    }


def kernels_left(server: Server, pooled: int, timeout: float = 120.0) -> int:
    """Kernels still running beyond the pool once the pages are closed (0 is the goal)."""
    deadline = time.monotonic() + timeout
    while True:
        extra = running_kernels(server) - pooled
        if extra <= 0 or time.monotonic() > deadline:
            return max(extra, 0)
        time.sleep(1)  # polling the server's kernel list while the beacons are handled


def wait_for_pools(log_path: Path, notebooks: list[str], times: int, timeout: float = 1200) -> None:
    deadline = time.monotonic() + timeout
    while True:
        text = log_path.read_text(encoding="utf-8")
        counts = [text.count(f"Kernel pool of {Path(nb).as_posix()} is filled") for nb in notebooks]
        if all(count >= times for count in counts):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"pools not filled: {dict(zip(notebooks, counts, strict=True))}")
        time.sleep(1)  # polling the server log for the pool-filled line


async def run(lecture: str, sizes: list[int], preheat: bool) -> list[dict]:
    from playwright.async_api import async_playwright

    notebook = str(next((REPO / "notebooks").glob(f"{lecture}_*.ipynb")).relative_to(REPO))
    results = []
    for learners in sizes:
        with tempfile.TemporaryDirectory(prefix="cx-class-") as tmp:
            workbooks = Path(tmp) / "workbooks"
            workbooks.mkdir()
            log_path = Path(tmp) / "voila.log"
            log = log_path.open("w", encoding="utf-8")
            extra = preheat_args([notebook, FLOOR], learners) if preheat else []
            server = Server(root=REPO, config_dir=REPO, env={"CX_WORKBOOK_DIR": str(workbooks)},
                            extra_args=extra, log=log)
            with server:
                async with async_playwright() as playwright:
                    browser = await playwright.chromium.launch(
                        executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS
                    )
                    pooled = 0
                    if preheat:
                        started = time.monotonic()
                        await asyncio.to_thread(wait_for_pools, log_path, [notebook, FLOOR], 1)
                        # "filled" means started: wait until the pages have been prepared
                        await asyncio.to_thread(wait_until_quiet, server.process.pid)
                        print(f"   {2 * learners} pages prepared in {time.monotonic() - started:.0f} s",
                              flush=True)
                        pooled = 2 * learners
                    label = f"N={learners}, preheat {'on' if preheat else 'off'}"
                    print(f"-- {label}", flush=True)
                    lecture_wave = await wave(browser, server, notebook, learners, pooled)
                    print(f"   {json.dumps(lecture_wave)}", flush=True)
                    floor_wave = await wave(browser, server, FLOOR, learners, pooled)
                    print(f"   {json.dumps(floor_wave)}", flush=True)
                    await browser.close()
            results.append({"label": label, "lecture": lecture_wave, "floor": floor_wave})
    return results


def table(results: list[dict]) -> None:
    print("\n| class | ready p50 / p95 (s) | floor p95 (s) | p95 x floor | charts p95 (s) "
          "| failures | page kernel PSS, max (MB) | kernels' peak / N (MB) | kernels left "
          "| CPU s: machine / server and kernels (floor) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        page, floor = result["lecture"], result["floor"]
        ratio = (page["ready_p95"] / floor["ready_p95"]
                 if page["ready_p95"] and floor["ready_p95"] else None)
        print(
            f"| {result['label']} | {page['ready_p50'] or 0:.1f} / {page['ready_p95'] or 0:.1f} "
            f"| {floor['ready_p95'] or 0:.1f} | {ratio or 0:.2f}x"
            f"{'' if ratio and ratio <= GOAL_P95 else ' (goal 1.5x)'} | {page['charts_p95'] or 0:.1f} "
            f"| {len(page['failures'])} + floor {len(floor['failures'])} "
            f"| {page['page_pss_max_mb'] or 0:.0f} (floor {floor['page_pss_max_mb'] or 0:.0f}) "
            f"| {page['peak_pss_per_learner_mb']:.0f} (floor {floor['peak_pss_per_learner_mb']:.0f}) "
            f"| {page['kernels_left']} + floor {floor['kernels_left']} "
            f"| {page['cpu_machine_s']:.0f} / {page['cpu_server_kernels_s']:.0f} "
            f"({floor['cpu_machine_s']:.0f} / {floor['cpu_server_kernels_s']:.0f}) |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lecture", default="03")
    parser.add_argument("--learners", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--preheat", choices=("on", "off", "both"), default="on")
    args = parser.parse_args(argv)
    results = []
    for preheat in {"on": [True], "off": [False], "both": [False, True]}[args.preheat]:
        results.extend(asyncio.run(run(args.lecture, args.learners, preheat)))
    table(results)
    out = REPO / "benchmarks" / "results" / f"class-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nresults written to {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
