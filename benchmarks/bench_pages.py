"""Every course page against the floor, in one run: time to ready, charts drawn, kernel memory,
widget models, kernel cell time; and click -> chart latencies of lecture 03.

For each notebook of ``notebooks/`` the page and ``benchmarks/floor.ipynb`` (a few plain
ipywidgets) are opened alternately, each time in a fresh browser context with a fresh learner,
against one Voila server started like ``make serve``:

* ready: navigation start -> ``.cx-ready`` visible (the floor: its button);
* charts: -> every ``.cx-chart`` drawn (``cx-chart-drawn``) or showing its message;
* PSS and widget models of the page's kernel once its charts are drawn (``probe.py``);
* kernel: nbclient executes every cell (kernel start excluded), once per notebook, next to a
  floor run.

Then, on lecture 03, the time from a learner's action to the chart redrawn in the browser:
segment filter -> KANO chart, ABC slider -> Pareto chart, language switch -> KANO chart.

Medians and ratios to the floor are printed as a Markdown table (the README's), and written as
JSON to ``benchmarks/results/``. No figure is asserted anywhere.

Usage::

    python benchmarks/bench_pages.py [--runs 3] [notebooks/03_kano.ipynb ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_tti import FLOOR, measure_kernel  # noqa: E402
from probe import kernel_figures, page_kernel  # noqa: E402

from cxwidgets.serve import Server  # noqa: E402
from tests.e2e import browser as harness  # noqa: E402

GOAL_READY = 1.3
GOAL_PSS = 150.0
READY = {FLOOR: ".cx-floor-button"}
# Nothing on screen is still loading: no exercise placeholder, no chart waiting for its spec or
# being drawn (a chart nobody asked for yet, e.g. a preview behind a button, counts as done).
CHARTS_DRAWN = """() => ![...document.querySelectorAll('.cx-chart-loading, .cx-chart-busy')]
  .some((element) => element.offsetParent !== null)"""


# Resolves with the ms from the learner's next input event (pointer, key, change) until the
# chart `selector` has finished one more draw (its `data-draws` counter, see chart_view.js).
# (Wrapped in an object: evaluate_handle would wait for a promise it is given back.)
REDRAWN = """(selector) => ({ done: new Promise((resolve) => {
  const chart = document.querySelector(selector);
  const before = Number(chart.dataset.draws || 0);
  let start = null;
  const begin = () => { if (start === null) start = performance.now(); };
  for (const type of ['pointerdown', 'keydown', 'change']) {
    document.addEventListener(type, begin, { capture: true, once: true });
  }
  const observer = new MutationObserver(() => {
    if (Number(chart.dataset.draws || 0) > before && start !== null) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  });
  observer.observe(chart, { attributes: true, attributeFilter: ['data-draws'] });
}) })"""


def open_page(browser, server: Server, notebook: str) -> dict:
    """Open one page in a fresh context; return its timings and its kernel's figures."""
    context, guard = harness.new_context(browser, base_url=server.url)
    page = context.new_page()
    try:
        url = harness.notebook_url(notebook, learner=f"bench{uuid.uuid4().hex[:8]}")
        page.goto(url, wait_until="commit")
        page.locator(READY.get(notebook, ".cx-ready")).first.wait_for(state="visible", timeout=300_000)
        ready = page.evaluate("performance.now()") / 1000
        page.wait_for_function(CHARTS_DRAWN, timeout=300_000)
        charts = page.evaluate("performance.now()") / 1000
        figures = kernel_figures(page_kernel(page))
        problems = guard.problems()
        if problems:
            raise RuntimeError(f"{notebook}: " + "; ".join(problems))
        with page.expect_event("close"):  # the unload beacon is sent before the context goes
            page.close(run_before_unload=True)
    finally:
        context.close()
    return {"ready_s": ready, "charts_s": charts, **figures}


def median(values: list) -> float | None:
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def latencies(browser, server: Server, runs: int) -> dict[str, float | None]:
    """Click -> chart latencies on lecture 03 (medians over ``runs`` actions each)."""
    context, guard = harness.new_context(browser, base_url=server.url)
    page = context.new_page()
    results: dict[str, list[float]] = {"segment": [], "abc_slider": [], "language": []}
    try:
        page.goto(harness.notebook_url("notebooks/03_kano.ipynb", learner=f"lat{uuid.uuid4().hex[:6]}"))
        page.locator(".cx-ready").wait_for(timeout=300_000)
        page.wait_for_function(CHARTS_DRAWN, timeout=300_000)
        for run in range(runs):
            handle = page.evaluate_handle(REDRAWN, ".cx-kano-chart.cx-chart")
            page.locator(".cx-kano-filter-tenure select").select_option(index=1 + run % 3)
            results["segment"].append(page.evaluate("(h) => h.done", handle))
        page.locator(".cx-abc-chart.cx-chart").scroll_into_view_if_needed()
        for run in range(runs):
            handle = page.evaluate_handle(REDRAWN, ".cx-abc-chart.cx-chart")
            slider = page.locator(".cx-abc-share-a [role=slider]")
            slider.focus()
            slider.press("ArrowRight" if run % 2 == 0 else "ArrowLeft")
            results["abc_slider"].append(page.evaluate("(h) => h.done", handle))
        for run in range(runs):
            handle = page.evaluate_handle(REDRAWN, ".cx-kano-chart.cx-chart")
            page.locator(".cx-language .widget-toggle-button").nth((run + 1) % 2).click()
            results["language"].append(page.evaluate("(h) => h.done", handle))
        problems = guard.problems()
        if problems:
            raise RuntimeError("latency: " + "; ".join(problems))
    finally:
        context.close()
    return {name: median(values) for name, values in results.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebooks/*.ipynb")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per notebook")
    parser.add_argument("--no-kernel", action="store_true", help="skip the nbclient cell times")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted(  # the lectures (trainer.ipynb needs the trainer's secret)
        str(path.relative_to(REPO)) for path in (REPO / "notebooks").glob("[01][0-9]_*.ipynb")
    )
    from playwright.sync_api import sync_playwright

    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="cx-bench-") as tmp:
        workbooks = Path(tmp) / "workbooks"
        workbooks.mkdir()
        log = (Path(tmp) / "voila.log").open("w", encoding="utf-8")
        server = Server(root=REPO, config_dir=REPO, env={"CX_WORKBOOK_DIR": str(workbooks)}, log=log)
        with server, sync_playwright() as playwright:
            browser = harness.launch(playwright)
            open_page(browser, server, FLOOR)  # warm-up: Voila's and the browser's caches
            for notebook in notebooks:
                open_page(browser, server, notebook)  # warm-up of this notebook
                floor_runs, page_runs = [], []
                for run in range(args.runs):
                    for name in (FLOOR, notebook) if run % 2 == 0 else (notebook, FLOOR):
                        (floor_runs if name == FLOOR else page_runs).append(
                            open_page(browser, server, name)
                        )
                row = {
                    key: median([r[key] for r in page_runs])
                    for key in ("ready_s", "charts_s", "pss_mb", "models")
                }
                row.update({
                    f"floor_{key}": median([r[key] for r in floor_runs])
                    for key in ("ready_s", "pss_mb", "models")
                })
                if not args.no_kernel:
                    row["kernel_s"], _cells = measure_kernel(REPO / notebook, workbooks)
                    row["floor_kernel_s"], _ = measure_kernel(REPO / FLOOR, workbooks)
                rows[notebook] = row
                print(f"  {notebook}: {json.dumps(row)}", flush=True)
            latency = latencies(browser, server, args.runs) if any(
                name.endswith("03_kano.ipynb") for name in notebooks
            ) else {}
            browser.close()

    print("\n| page | ready (s) | x floor | charts drawn (s) | kernel PSS (MB) | widget models | cells (s) | x floor |")
    print("|---|---|---|---|---|---|---|---|")
    for notebook, row in rows.items():
        ratio = row["ready_s"] / row["floor_ready_s"]
        kernel = row.get("kernel_s")
        kernel_ratio = kernel / row["floor_kernel_s"] if kernel else None
        print(
            f"| {Path(notebook).stem} | {row['ready_s']:.2f} | {ratio:.2f}x"
            f"{'' if ratio <= GOAL_READY else ' (goal 1.3x)'} | {row['charts_s']:.2f} "
            f"| {row['pss_mb']:.0f}{'' if row['pss_mb'] <= GOAL_PSS else ' (goal 150)'} "
            f"| {row['models']} | {kernel:.2f} | {kernel_ratio:.2f}x |"
            if kernel else
            f"| {Path(notebook).stem} | {row['ready_s']:.2f} | {ratio:.2f}x | {row['charts_s']:.2f} "
            f"| {row['pss_mb']:.0f} | {row['models']} | – | – |"
        )
    floor = next(iter(rows.values()), {})
    if floor:
        print(f"| floor | {floor['floor_ready_s']:.2f} | 1.00x | – | {floor['floor_pss_mb']:.0f} "
              f"| {floor['floor_models']} | {floor.get('floor_kernel_s', 0):.2f} | 1.00x |")
    if latency:
        print("\nlecture 03, learner action -> chart redrawn in the browser (median ms): "
              + ", ".join(f"{name} {value:.0f}" for name, value in latency.items() if value))
    out = REPO / "benchmarks" / "results" / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"pages": rows, "latency_ms": latency}, indent=2), encoding="utf-8")
    print(f"\nresults written to {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
