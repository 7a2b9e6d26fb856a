"""How long lecture 03's charts take to build in-process, and to render for a report.

Run: ``.venv/bin/python benchmarks/bench_chart_specs.py [--repeat 20]``

Built from the sample data, alternately in the same process (each run once before timing): the
KANO Better-Worse chart of one segment (``kano_charts.better_worse_spec``) and the Pareto chart
of the ABC tiers (``tiers_charts.pareto_spec``), the Vega-Lite dicts written directly (their only
builders: the Altair ones, ~108 ms and ~65 ms with ``to_dict``, were removed), then each drawn
to SVG as a report does (``charts.to_svg``). Printed: the median milliseconds of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cxwidgets import charts, kano, kano_charts, tiers, tiers_charts  # noqa: E402


def milliseconds(build: Callable[[], object]) -> float:
    """Wall time of one call of ``build``, in ms."""
    start = time.perf_counter()
    build()
    return (time.perf_counter() - start) * 1000


def builders() -> dict[str, Callable[[], object]]:
    """Each timed step by name, on lecture 03's sample data (segment: tenure 3 months)."""
    answers = kano.sample_survey()
    summary = kano.summarize(answers[answers["tenure"] == "3m"])
    ranked = tiers.abc_tiers(pd.read_csv(REPO / "data" / "customers.csv", encoding="utf-8-sig"))
    kano_spec = kano_charts.better_worse_spec(summary, title="KANO", language="zh-CN")
    pareto_spec = tiers_charts.pareto_spec(ranked, "zh-CN")
    return {
        "kano spec": lambda: kano_charts.better_worse_spec(summary, title="KANO", language="zh-CN"),
        "pareto spec": lambda: tiers_charts.pareto_spec(ranked, "zh-CN"),
        "kano svg": lambda: charts.to_svg(kano_spec),
        "pareto svg": lambda: charts.to_svg(pareto_spec),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    timed = builders()
    times: dict[str, list[float]] = {name: [] for name in timed}
    for build in timed.values():
        build()  # imports, caches
    for _ in range(args.repeat):
        for name, build in timed.items():
            times[name].append(milliseconds(build))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:14s} {value:8.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
