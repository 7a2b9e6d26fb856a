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
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import ipywidgets as widgets

from cxwidgets import journey as J
from cxwidgets.session import Session
from cxwidgets.widgets import journey as lecture
from cxwidgets.workbook import Workbook


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


if __name__ == "__main__":
    main()
