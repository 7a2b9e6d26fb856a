"""Generate the tenure cohorts of the broadband case (lecture 01, exercise 2).

Writes ``tenure_cohorts.csv`` next to this script: three cohorts of new home-broadband
subscribers who joined in the same month, one per sales channel, followed for 24 months.
Columns ``cohort, month, active``: ``active`` customers still subscribed ``month`` months
after joining (``month`` 0 is the start).

Cohorts (codes; names are catalogue keys ``clv.cohort.<code>``):

- ``store``: sold in a shop (3,000 customers);
- ``online``: sold online with a first-year discount (2,000 customers, many price seekers);
- ``bundle``: broadband bundled with mobile lines (1,500 customers, hard to leave).

Each customer gets a churn probability per month ``theta`` drawn from a beta distribution
(the cohort's mix of loyal and fickle customers) and leaves, month after month, with that
probability: the heterogeneous population that the shifted-beta-geometric model of Fader &
Hardie (2007) assumes. Month-to-month retention of the cohort therefore rises with tenure.
The parameters are illustrative, chosen so that first-month churn is a few percent, as for
home broadband; they are not measured figures. Seeded: the file is the same on every run.

Run: ``.venv/bin/python data/make_tenure.py``
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20260101
MONTHS = 24
HERE = Path(__file__).resolve().parent

# cohort: (customers, beta alpha, beta beta) of the monthly churn probability
COHORTS = {
    "store": (3000, 0.9, 24.0),
    "online": (2000, 0.8, 12.0),
    "bundle": (1500, 0.6, 30.0),
}


def simulate(customers: int, alpha: float, beta: float, rng: np.random.Generator) -> list[int]:
    """Active customers at months 0..MONTHS of one cohort."""
    theta = rng.beta(alpha, beta, size=customers)
    # months until leaving: geometric (1 = leaves at the first renewal)
    lifetime = rng.geometric(theta)
    return [int((lifetime > month).sum()) for month in range(MONTHS + 1)]


def main() -> None:
    rng = np.random.default_rng(SEED)
    rows = []
    for code, (customers, alpha, beta) in COHORTS.items():
        for month, active in enumerate(simulate(customers, alpha, beta, rng)):
            rows.append({"cohort": code, "month": month, "active": active})
    pd.DataFrame(rows).to_csv(HERE / "tenure_cohorts.csv", index=False)


if __name__ == "__main__":
    main()
