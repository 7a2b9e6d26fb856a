"""How long does the kernel take to answer one drag step of the emotion curve?

Run: ``.venv/bin/python benchmarks/bench_journey.py [--steps 400 --touchpoints 16]``

The browser redraws the curve locally while the learner drags and sends the values
to the kernel at most every ``sync_ms`` (60 ms). This measures the Python side of one
such update, exactly as a comm message applies it (``widget.set_state``): validation,
peak/valley/end marks, the shared journey, the workbook (debounced save), the peak-end
table, the what-if comparison and the key-touchpoint suggestions of the lecture page.

Two baselines are timed in the same run, interleaved with the updates so that machine
noise hits all of them:

* ``peak_end``: a bare ``cxwidgets.journey.peak_end`` call on the same curve;
* ``trait``: a trivial synced trait update (``set_state`` of an ``IntText``).

Printed: p50/p95 in milliseconds for each, and the ratio of the update to each baseline.
The goal is p95 < 100 ms, so a throttled drag (one update per 60 ms) never queues up.

Then, in the same run, the journey map picture download (exercise 6), from click to file:

* ``kernel``: the picture rendered in this process as the kernel's fallback does it (build the
  chart, ``charts.to_png`` / ``to_svg`` with vl-convert); the first one pays for importing
  vl-convert and starting its engine, as a learner's first click would;
* ``browser``: a real Voila server and Chromium (``tests/e2e/browser.py``) open lecture 04 and
  click the PNG and SVG buttons: the kernel sends the spec, the page's Vega draws the file.
  Timed from the click to the browser's download event. With ``kernel path`` the same buttons
  are clicked while the page pretends to have no Vega (``window.vegaEmbed`` hidden for that
  click), so the kernel renders the file with vl-convert and sends its bytes.

Runs alternate (browser, kernel path; PNG, SVG); first and median of the others are printed.
The goal is <= 1 s from click to file. ``--downloads 0`` skips this part.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import ipywidgets as widgets

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cxwidgets import charts  # noqa: E402
from cxwidgets import journey as J  # noqa: E402
from cxwidgets.session import Session  # noqa: E402
from cxwidgets.widgets import journey as lecture  # noqa: E402
from cxwidgets.workbook import Workbook  # noqa: E402

LECTURE = "notebooks/04_journey.ipynb"
FORMATS = ("png", "svg")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build_journey(touchpoints: int) -> J.Journey:
    """The sample journey, grown or cut to ``touchpoints`` touchpoints (two curves)."""
    journey = J.sample_journey("zh-CN")
    while len(journey.touchpoints()) < touchpoints:
        stage = journey.stages[len(journey.touchpoints()) % len(journey.stages)].id
        journey, _ = J.add_touchpoint(
            journey, stage, f"触点 {len(journey.touchpoints()) + 1}", value=0
        )
    while len(journey.touchpoints()) > touchpoints:
        journey = J.remove_touchpoint(journey, journey.touchpoints()[-1].id)
    return journey


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--touchpoints", type=int, default=16)
    parser.add_argument("--downloads", type=int, default=5,
                        help="clicks per format and path for the download figures (0: skip)")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="bench-journey-")
    session = Session(workbook=Workbook("bench", directory=folder), lecture="04")
    state = lecture.journey_state(session)
    state.update(build_journey(args.touchpoints), undoable=False)
    page = [
        lecture.JourneyEditor(session),
        lecture.EmotionCurveExercise(session),
        lecture.PeakEndAnalysis(session),
        lecture.ReshapeWhatIf(session),
        lecture.KeyTouchpoints(session),
        lecture.JourneyExport(session),
    ]
    curve = page[1].curve
    trivial = widgets.IntText()
    base = [list(row) for row in curve.values]
    moving = len(base[0]) // 2

    def drag_step(k: int) -> float:
        values = [list(row) for row in base]
        values[0][moving] = -5 + (k % 21) * 0.5  # sweeps the whole scale, like a real drag
        start = time.perf_counter()
        curve.set_state({"values": values})
        return time.perf_counter() - start

    def bare(k: int) -> float:
        values = list(base[0])
        values[moving] = -5 + (k % 21) * 0.5
        start = time.perf_counter()
        J.peak_end(values)
        return time.perf_counter() - start

    def trait(k: int) -> float:
        start = time.perf_counter()
        trivial.set_state({"value": k})
        return time.perf_counter() - start

    for k in range(20):  # warm up
        drag_step(k), bare(k), trait(k)
    samples: dict[str, list[float]] = {"update": [], "peak_end": [], "trait": []}
    for k in range(args.steps):
        samples["update"].append(drag_step(k))
        samples["peak_end"].append(bare(k))
        samples["trait"].append(trait(k))
    session.workbook.flush()

    stats = {
        name: (statistics.median(values) * 1000, percentile(values, 0.95) * 1000)
        for name, values in samples.items()
    }
    print(
        f"emotion curve drag update, {args.touchpoints} touchpoints x 2 curves, {args.steps} steps"
    )
    for name, (p50, p95) in stats.items():
        print(f"  {name:<9} p50 {p50:8.3f} ms   p95 {p95:8.3f} ms")
    update50, update95 = stats["update"]
    for name in ("peak_end", "trait"):
        p50, p95 = stats[name]
        print(f"  update / {name:<9} p50 x{update50 / p50:8.1f}   p95 x{update95 / p95:8.1f}")
    verdict = "OK" if update95 < 100 else "TOO SLOW"
    print(f"  goal p95 < 100 ms: {verdict} ({update95:.1f} ms)")
    if args.downloads > 0:
        downloads(page[5], args.downloads)


def kernel_picture(export: lecture.JourneyExport, extension: str) -> float:
    """Seconds to render the map in this process as the kernel's fallback does."""
    button = export.png if extension == "png" else export.svg
    start = time.perf_counter()
    button.render(charts.to_spec(export.chart()))
    return time.perf_counter() - start


def click_to_file(page, extension: str, kernel_path: bool) -> float:
    """Seconds from a click on a download button of the page to the browser's download."""
    button = page.locator(f".cx-ex-journey-export button.cx-download-journey-{extension}")
    button.locator("xpath=self::*[not(@aria-busy)]").wait_for()
    if kernel_path:  # the page has no Vega for this click: the kernel renders with vl-convert
        page.evaluate("() => { window.cxBenchEmbed = window.vegaEmbed; delete window.vegaEmbed; }")
    try:
        start = time.perf_counter()
        with page.expect_download() as info:
            button.click()
        info.value.path()
        return time.perf_counter() - start
    finally:
        if kernel_path:
            page.evaluate("() => { window.vegaEmbed = window.cxBenchEmbed; }")


def browser_downloads(runs: int) -> dict[str, list[float]]:
    """Click the download buttons of lecture 04 in Chromium against a real Voila server."""
    from playwright.sync_api import sync_playwright

    from cxwidgets.serve import Server
    from tests.e2e import browser as harness

    samples: dict[str, list[float]] = {}
    workbooks = tempfile.mkdtemp(prefix="bench-journey-wb-")
    log = open(Path(workbooks) / "voila.log", "w", encoding="utf-8")  # noqa: SIM115
    server = Server(root=REPO, config_dir=REPO, env={"CX_WORKBOOK_DIR": workbooks}, log=log)
    with server, sync_playwright() as playwright:
        browser = harness.launch(playwright)
        context, guard = harness.new_context(browser, base_url=server.url)
        try:
            page = context.new_page()
            harness.open_notebook(page, LECTURE, learner=f"bench{uuid.uuid4().hex[:8]}",
                                  ready=".cx-header.cx-ready")
            for run in range(runs):
                paths = ("browser", "kernel path") if run % 2 == 0 else ("kernel path", "browser")
                for path in paths:
                    for extension in FORMATS:
                        seconds = click_to_file(page, extension, path == "kernel path")
                        samples.setdefault(f"{path} {extension}", []).append(seconds)
            problems = guard.problems()
            if problems:
                raise RuntimeError("; ".join(problems))
            page.close(run_before_unload=True)
        finally:
            context.close()
            browser.close()
            log.close()
    return samples


def downloads(export: lecture.JourneyExport, runs: int) -> None:
    """Print click -> file for the journey map picture: kernel (vl-convert) and browser."""
    samples = browser_downloads(runs)
    for _run in range(runs):
        for extension in FORMATS:
            samples.setdefault(f"kernel {extension}", []).append(kernel_picture(export, extension))
    print(f"journey map download, click -> file, {runs} runs each (first; median of the rest)")
    for name in sorted(samples):
        values = samples[name]
        rest = statistics.median(values[1:]) if len(values) > 1 else values[0]
        print(f"  {name:<17} first {values[0] * 1000:8.1f} ms   median {rest * 1000:8.1f} ms")
    for extension in FORMATS:
        ours = statistics.median(samples[f"browser {extension}"])
        theirs = statistics.median(samples[f"kernel path {extension}"])
        print(f"  {extension}: browser / kernel path (medians) x{ours / theirs:5.2f}")
    worst = max(max(samples[f"browser {extension}"]) for extension in FORMATS)
    verdict = "OK" if worst <= 1.0 else "TOO SLOW"
    print(f"  goal <= 1 s from click to file (browser, slowest click): {verdict} "
          f"({worst * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
