"""Whole-workbook export (lecture 10): how long a full workbook takes to export.

Builds a full workbook (``full_workbook.py``: every exercise of every lecture saved, the
sample journey, lecture 10 filled in), then, after one discarded warm-up round, measures in
alternating runs:

- **baseline**: ``cxwidgets.report.build_html`` alone (the HTML report the home page offers);
- **export**: the three files the export exercise makes, from a cold export cache:
  ``export.export(data, "html")``, then ``"pdf"`` and ``"pptx"`` (which reuse that report).

Prints the median of each, the ratio export / baseline, the part of each format and the
slowest lecture report sections (where to look when the total is high). The goal is
<= 3 s for the export; nothing is asserted (a busy machine would fail it).

Run: ``.venv/bin/python benchmarks/bench_export.py [--runs 3] [--language zh-CN]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from full_workbook import full_workbook

from cxwidgets import charts, course, export, report

GOAL_SECONDS = 3.0


CPU: list[float] = []  # process CPU seconds of each timed call (less sensitive to a busy machine)


def timed(function, *args):
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start, result


def export_all(data: dict, language: str) -> dict[str, float]:
    export.clear_cache()
    parts = {}
    for kind in ("html", "pdf", "pptx"):
        parts[kind], _ = timed(export.export, data, kind, language)
    return parts


def sections(data: dict, language: str) -> list[tuple[float, str]]:
    """Seconds per lecture report section (charts included), slowest first."""
    out = []
    for item in course.LECTURES:
        module = report.section_module(item.id)
        if module is None:
            continue
        seconds, _ = timed(lambda m=module: report._embed_charts(m.section(data, language) or ""))
        out.append((seconds, item.id))
    return sorted(out, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--language", default="zh-CN")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        data = full_workbook(Path(directory))
        charts.wait(120)
        names = sorted(data["sections"])
        print(f"full workbook: {len(names)} sections in "
              f"{len({n.split('/')[0] for n in names})} lectures")
        timed(report.build_html, data, args.language)  # warm-up: imports, fonts, caches
        export_all(data, args.language)
        baseline, totals, parts = [], [], {"html": [], "pdf": [], "pptx": []}
        base_cpu, total_cpu = [], []
        for _ in range(args.runs):
            baseline.append(timed(report.build_html, data, args.language)[0])
            base_cpu.append(CPU[-1])
            run = export_all(data, args.language)
            total_cpu.append(sum(CPU[-3:]))
            totals.append(sum(run.values()))
            for kind, seconds in run.items():
                parts[kind].append(seconds)
        base, total = statistics.median(baseline), statistics.median(totals)
        print(f"baseline (report.build_html alone): {base:.2f} s wall, "
              f"{statistics.median(base_cpu):.2f} s CPU (median of {args.runs})")
        print(f"export html + pdf + pptx:           {total:.2f} s wall, "
              f"{statistics.median(total_cpu):.2f} s CPU (median of {args.runs})")
        print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("  " + ", ".join(f"{k} {statistics.median(v):.2f} s" for k, v in parts.items()))
        print(f"ratio export / baseline: {total / base:.2f}x; goal <= {GOAL_SECONDS:.0f} s: "
              f"{'met' if total <= GOAL_SECONDS else 'NOT met'}")
        print("report sections, slowest first: " + ", ".join(
            f"{lecture} {seconds:.2f} s" for seconds, lecture in sections(data, args.language)))


if __name__ == "__main__":
    main()
