"""Lecture 03 interaction latency, kernel side: answer -> category, filter -> updated chart.

Run: ``.venv/bin/python benchmarks/bench_kano_widgets.py [--runs 30]``

Measured in one process, interleaved with the baseline so machine noise hits both:

* answer -> category: setting a KANO answer pair until the row shows its category
  (baseline: setting a plain ToggleButtons value, the floor of any widget update);
* filter -> chart: changing the tenure filter until the table is rebuilt and the
  Better-Worse and category-mix charts' Vega-Lite specs are built on the chart thread, ready to
  send (baseline: building the spec of a one-point chart, the floor of any chart update).

The browser then draws the charts (``static/chart_view.js``) and adds the websocket round trip;
``bench_pages.py`` measures the whole path from a click to the chart redrawn. The figures here
are what the kernel spends.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(name: str, values: list[float], base: list[float]) -> None:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    b50 = statistics.median(base)
    print(
        f"{name:>22}: p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"
        f"  baseline p50 {b50 * 1000:6.1f} ms  ratio {p50 / b50:5.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    os.environ["CX_WORKBOOK_DIR"] = tempfile.mkdtemp(prefix="cx-bench-")

    import altair as alt
    import ipywidgets as widgets

    from cxwidgets import charts
    from cxwidgets.session import start_session
    from cxwidgets.widgets.exercise import user_sets
    from cxwidgets.widgets.kano import Questionnaire, SurveyAnalysis

    session = start_session("03", params={"learner": "bench"})
    questionnaire = Questionnaire(session)
    survey = SurveyAnalysis(session)
    survey.wait_loaded(120)
    charts.wait(120)
    plain = widgets.ToggleButtons(options=[1, 2, 3, 4, 5], value=None)
    tiny = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")

    answers, plain_times, filters, tiny_times = [], [], [], []
    tenures = ["2y+", "1y", "6m", "3m", ""]
    for run in range(args.runs):
        grid, row = questionnaire.grid, str(run % len(questionnaire.grid.rows))
        start = time.perf_counter()
        for key, answer in (("f", 1 + run % 5), ("d", 5 - run % 5)):  # as the browser sends
            user_sets(grid, {**grid.value, row: {**grid.value[row], key: answer}})
        answers.append(time.perf_counter() - start)

        start = time.perf_counter()
        user_sets(plain, 1 + run % 5)
        user_sets(plain, 5 - run % 5)
        plain_times.append(time.perf_counter() - start)

        start = time.perf_counter()
        user_sets(survey.filters["tenure"], tenures[run % len(tenures)])
        charts.wait(120)
        filters.append(time.perf_counter() - start)
        assert survey.chart.error is None

        start = time.perf_counter()
        charts.to_spec(tiny)
        tiny_times.append(time.perf_counter() - start)

    session.workbook.flush()
    print(f"runs: {args.runs}")
    report("answer -> category", answers, plain_times)
    report("filter -> 2 charts", filters, tiny_times)


if __name__ == "__main__":
    main()
