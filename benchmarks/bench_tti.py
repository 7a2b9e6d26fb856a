"""Time to interactive of a course page, against a floor measured in the same run.

Browser figure: for each run a fresh browser context opens the page (fresh learner, so every run
does the same work) and the clock runs from navigation start until the page's "ready" selector is
visible AND a click on one of its widgets got the kernel's answer (a selector that only the
kernel's reply makes appear). The target and ``benchmarks/floor.ipynb`` (a few plain ipywidgets,
no course code) alternate run by run against one Voila server, so both see the same machine
state. Medians and the ratio target / floor are printed; the goal is a ratio <= 1.3.

Kernel figure: the time to execute all cells of each notebook with nbclient (kernel start
excluded), also interleaved, medians and ratio.

Usage::

    python benchmarks/bench_tti.py [notebooks/03_kano.ipynb] [--runs 5] [--preheat off|on|both]

Results are also written as JSON to ``benchmarks/results/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cxwidgets.serve import Server, preheat_args  # noqa: E402
from tests.e2e import browser as harness  # noqa: E402

FLOOR = "benchmarks/floor.ipynb"
GOAL = 1.3


@dataclass(frozen=True)
class Probe:
    """How to tell that a page is interactive.

    Attributes
    ----------
    ready : str
        Selector visible once the page is built.
    clicks : tuple of str
        Selectors clicked in order, once ready.
    response : str
        Selector that appears only when the kernel has answered the clicks.
    """

    ready: str
    clicks: tuple[str, ...]
    response: str


PROBES = {
    FLOOR: Probe(".cx-floor-button", (".cx-floor-button",), ".cx-floor-done"),
    # Exercise 1 of lecture 03: answer the first feature's question pair; the kernel classifies.
    "notebooks/03_kano.ipynb": Probe(
        ".cx-ready",
        (
            ".cx-kano-row-0 .cx-kano-func [role=radio] >> nth=0",
            ".cx-kano-row-0 .cx-kano-dysf [role=radio] >> nth=4",
        ),
        ".cx-kano-row-0 .cx-kano-result .cx-badge",
    ),
    # Course home: switch the language; the kernel relabels and mirrors it into <html lang>.
    "notebooks/00_home.ipynb": Probe(
        ".cx-ready",
        (".cx-language .widget-toggle-button >> nth=1",),
        'html[lang="en"]',
    ),
}


@dataclass
class Series:
    """Measurements of one notebook."""

    notebook: str
    ready_s: list[float] = field(default_factory=list)
    tti_s: list[float] = field(default_factory=list)
    kernel_s: list[float] = field(default_factory=list)

    @staticmethod
    def median(values: list[float]) -> float | None:
        return statistics.median(values) if values else None


def default_target() -> str:
    """03_kano if it exists, else the course home, else the floor itself."""
    for candidate in ("notebooks/03_kano.ipynb", "notebooks/00_home.ipynb"):
        if (REPO / candidate).is_file():
            return candidate
    return FLOOR


def measure_page(browser, server: Server, notebook: str, probe: Probe) -> tuple[float, float]:
    """Open ``notebook`` once; return (seconds to ready, seconds to answered click).

    Both are read from the page's own clock (``performance.now()``, zero at navigation start).
    """
    context, guard = harness.new_context(browser, base_url=server.url)
    page = context.new_page()
    try:
        url = harness.notebook_url(notebook, learner=f"bench{uuid.uuid4().hex[:8]}")
        page.goto(url, wait_until="commit")
        page.locator(probe.ready).first.wait_for(state="visible")
        ready_ms = page.evaluate("performance.now()")
        for selector in probe.clicks:
            page.locator(selector).first.click()
        page.locator(probe.response).first.wait_for(state="attached")
        tti_ms = page.evaluate("performance.now()")
        problems = guard.problems()
        if problems:
            message = f"{notebook}: " + "; ".join(problems)
            raise RuntimeError(message)
        page.close(run_before_unload=True)
    finally:
        context.close()
    return ready_ms / 1000, tti_ms / 1000


def measure_kernel(notebook: Path, workbooks: Path) -> tuple[float, list[tuple[int, float, str]]]:
    """Execute every cell of ``notebook`` with nbclient (kernel start excluded).

    Returns
    -------
    tuple
        Total seconds, and (cell index, seconds, first source line) per code cell.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    os.environ["QUERY_STRING"] = f"learner=bench{uuid.uuid4().hex[:8]}"
    os.environ["CX_WORKBOOK_DIR"] = str(workbooks)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        startup_timeout=120,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    cells: list[tuple[int, float, str]] = []
    with client.setup_kernel():
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            began = time.perf_counter()
            client.execute_cell(cell, index)
            if cell.cell_type == "code":
                first = cell.source.strip().splitlines()[-1] if cell.source.strip() else ""
                cells.append((index, time.perf_counter() - began, first))
        return time.perf_counter() - start, cells


def run_browser(
    target: str, probe: Probe, runs: int, warmup: int, preheat: bool, workbooks: Path, log
) -> dict[str, Series]:
    """Interleave floor and target runs in one server and one browser."""
    from playwright.sync_api import sync_playwright

    series = {FLOOR: Series(FLOOR), target: Series(target)}
    extra: list[str] = []
    if preheat:
        extra = preheat_args(list(series), 1)
    server = Server(
        root=REPO,
        config_dir=REPO,
        env={"CX_WORKBOOK_DIR": str(workbooks)},
        extra_args=extra,
        log=log,
    )
    with server, sync_playwright() as playwright:
        browser = harness.launch(playwright)
        try:
            order = [FLOOR, target]
            for run in range(warmup + runs):
                for notebook in order if run % 2 == 0 else order[::-1]:
                    probe_here = PROBES[FLOOR] if notebook == FLOOR else probe
                    ready, tti = measure_page(browser, server, notebook, probe_here)
                    if run >= warmup:
                        series[notebook].ready_s.append(ready)
                        series[notebook].tti_s.append(tti)
                    print(
                        f"  {'warm-up' if run < warmup else f'run {run - warmup + 1}'}"
                        f"  {notebook:<28} ready {ready:6.2f} s  interactive {tti:6.2f} s",
                        flush=True,
                    )
        finally:
            browser.close()
    return series


def run_kernel(target: str, runs: int, workbooks: Path, series: dict[str, Series]) -> None:
    """Interleave nbclient executions of floor and target."""
    saved = {key: os.environ.get(key) for key in ("QUERY_STRING", "CX_WORKBOOK_DIR")}
    try:
        for run in range(runs):
            for notebook in (FLOOR, target) if run % 2 == 0 else (target, FLOOR):
                seconds, cells = measure_kernel(REPO / notebook, workbooks)
                series[notebook].kernel_s.append(seconds)
                print(f"  kernel run {run + 1}  {notebook:<28} {seconds:6.2f} s", flush=True)
                if notebook != FLOOR:
                    for index, cell_seconds, line in sorted(cells, key=lambda c: -c[1])[:5]:
                        print(
                            f"      cell {index:>3}  {cell_seconds:6.2f} s  {line[:60]}", flush=True
                        )
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def ratio(target: float | None, floor: float | None) -> float | None:
    if target is None or not floor:
        return None
    return target / floor


def report(target: str, series: dict[str, Series], label: str) -> dict:
    """Print the medians and ratios; return them as a dict."""
    floor, page = series[FLOOR], series[target]
    rows = {
        "ready": (Series.median(page.ready_s), Series.median(floor.ready_s)),
        "interactive": (Series.median(page.tti_s), Series.median(floor.tti_s)),
        "kernel": (Series.median(page.kernel_s), Series.median(floor.kernel_s)),
    }
    print(f"\n== {label}: {target} vs {FLOOR} (medians) ==")
    names = {
        "ready": "browser: navigation start -> page ready",
        "interactive": "browser: time to interactive (ready + click answered)",
        "kernel": "kernel: execute all cells (nbclient, no kernel start)",
    }
    for key, (value, base) in rows.items():
        if value is None or base is None:
            continue
        factor = ratio(value, base)
        goal = (
            f"   goal <= {GOAL:.1f}x: {'met' if factor <= GOAL else 'NOT met'}"
            if key == "interactive"
            else ""
        )
        print(
            f"  {names[key]:<56} target {value:6.2f} s   floor {base:6.2f} s   ratio {factor:5.2f}x{goal}"
        )
    return {
        "label": label,
        "target": target,
        "series": {name: asdict(values) for name, values in series.items()},
        "medians": {
            key: {"target": value, "floor": base, "ratio": ratio(value, base)}
            for key, (value, base) in rows.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "target",
        nargs="?",
        default=None,
        help="notebook path relative to the repository (default: 03_kano)",
    )
    parser.add_argument("--runs", type=int, default=5, help="measured runs per notebook")
    parser.add_argument("--warmup", type=int, default=1, help="discarded runs per notebook")
    parser.add_argument("--kernel-runs", type=int, default=3, help="nbclient runs (0: skip)")
    parser.add_argument(
        "--preheat",
        choices=("off", "on", "both"),
        default="off",
        help="Voila preheated kernels (pool of 1 per notebook)",
    )
    parser.add_argument("--ready", help="selector of the ready target page")
    parser.add_argument("--click", action="append", help="selector to click (repeatable)")
    parser.add_argument("--response", help="selector the kernel's answer makes appear")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results")
    args = parser.parse_args(argv)

    target = args.target or default_target()
    if not (REPO / target).is_file():
        parser.error(f"notebook not found: {target}")
    preset = PROBES.get(target)
    if preset is None and not (args.ready and args.click and args.response):
        parser.error(f"no probe preset for {target}: give --ready, --click and --response")
    probe = Probe(
        ready=args.ready or preset.ready,
        clicks=tuple(args.click) if args.click else preset.clicks,
        response=args.response or preset.response,
    )

    results = []
    modes = {"off": [False], "on": [True], "both": [False, True]}[args.preheat]
    with tempfile.TemporaryDirectory(prefix="cx-bench-") as tmp:
        workbooks = Path(tmp) / "workbooks"
        workbooks.mkdir()
        log_path = Path(tmp) / "voila.log"
        kernel_series: dict[str, Series] | None = None
        for preheat in modes:
            label = f"preheat {'on' if preheat else 'off'}"
            print(f"\n-- {label}: {args.runs} runs (+{args.warmup} warm-up) each, interleaved --")
            with log_path.open("a", encoding="utf-8") as log:
                try:
                    series = run_browser(
                        target, probe, args.runs, args.warmup, preheat, workbooks, log
                    )
                except Exception:
                    print(log_path.read_text(encoding="utf-8")[-4000:], file=sys.stderr)
                    raise
            if args.kernel_runs and kernel_series is None:
                print(f"\n-- kernel: {args.kernel_runs} nbclient runs each --")
                kernel_series = {FLOOR: Series(FLOOR), target: Series(target)}
                run_kernel(target, args.kernel_runs, workbooks, kernel_series)
            if kernel_series:
                for name in series:
                    series[name].kernel_s = kernel_series[name].kernel_s
            results.append(report(target, series, label))

    out = (
        args.json or REPO / "benchmarks" / "results" / f"tti-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"runs": args.runs, "results": results}, indent=2), encoding="utf-8")
    print(f"\nresults written to {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
