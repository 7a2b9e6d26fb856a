"""How fast is ``kano.summarize`` on a million answers, relative to plain numpy?

Run: ``.venv/bin/python benchmarks/bench_kano.py [--respondents 50000 --features 20 --repeat 7]``

Both sides start from the same long DataFrame (string feature names, integer
answers) and are timed alternately in the same process, so machine noise hits
both. Printed: the median time of each, and the ratios

* summarize / numpy-unique: against a plain vectorised numpy count that also
  has to encode the feature names (``np.unique(..., return_inverse=True)``);
* summarize / numpy-floor: against counting already-integer-coded features
  (the least work any implementation must do).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from cxwidgets import kano

LOOKUP = np.full(36, -1, dtype=np.int64)
for f, row in enumerate(kano.TABLE, start=1):
    for d, cat in enumerate(row, start=1):
        LOOKUP[6 * f + d] = kano.CATEGORIES.index(cat)


def make_data(respondents: int, features: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    names = np.array([f"feature_{i:02d}" for i in range(features)], dtype=object)
    n = respondents * features
    return pd.DataFrame(
        {
            "respondent": np.repeat(np.arange(respondents), features),
            "feature": np.tile(names, respondents),
            "functional": rng.integers(1, 6, n),
            "dysfunctional": rng.integers(1, 6, n),
        }
    )


def numpy_unique(frame: pd.DataFrame) -> np.ndarray:
    uniques, codes = np.unique(frame["feature"].to_numpy(), return_inverse=True)
    f = frame["functional"].to_numpy()
    d = frame["dysfunctional"].to_numpy()
    cat = LOOKUP[6 * f + d]
    return np.bincount(codes * 6 + cat, minlength=len(uniques) * 6).reshape(-1, 6)


def numpy_floor(codes: np.ndarray, n_features: int, f: np.ndarray, d: np.ndarray) -> np.ndarray:
    cat = LOOKUP[6 * f + d]
    return np.bincount(codes * 6 + cat, minlength=n_features * 6).reshape(-1, 6)


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=50_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    frame = make_data(args.respondents, args.features)
    codes = np.tile(np.arange(args.features), args.respondents)
    f = frame["functional"].to_numpy()
    d = frame["dysfunctional"].to_numpy()

    # Same answer from both before timing anything.
    ours = kano.summarize(frame).set_index("feature")[list(kano.CATEGORIES)]
    reference = numpy_unique(frame)
    assert (ours.sort_index().to_numpy() == reference).all(), "results differ"

    times: dict[str, list[float]] = {"summarize": [], "numpy-unique": [], "numpy-floor": []}
    for _ in range(args.repeat):
        times["summarize"].append(timed(kano.summarize, frame))
        times["numpy-unique"].append(timed(numpy_unique, frame))
        times["numpy-floor"].append(timed(numpy_floor, codes, args.features, f, d))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"answers: {len(frame):,} ({args.respondents:,} respondents x {args.features} features)")
    for name, value in medians.items():
        print(f"{name:>14}: {value * 1000:8.1f} ms (median of {args.repeat})")
    print(f"ratio summarize / numpy-unique: {medians['summarize'] / medians['numpy-unique']:.2f}x")
    print(f"ratio summarize / numpy-floor:  {medians['summarize'] / medians['numpy-floor']:.2f}x")


if __name__ == "__main__":
    main()
