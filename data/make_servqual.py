"""Generate the sample SERVQUAL survey of the home-broadband running case (lecture 02).

Writes, next to this script:

- ``servqual_survey.csv``: long format, one row per respondent x item, columns
  ``respondent, tenure, tier, item, expectation, perception`` (the layout
  ``cxwidgets.servqual.score`` takes).
- ``servqual_template.csv``: the upload template in the wide layout (one row
  per respondent, columns ``respondent, tenure, tier, E1..E22, P1..P22``) with
  two example rows.

The data are synthetic and reproducible (fixed seed). Every rating is built
from a dimension baseline, item and segment effects, the respondent's own
rating style and noise, then rounded and clipped to 1-7. The patterns a learner
can find are listed in ``PATTERNS`` and in ``data/README.md``; the unit tests
check that the generated data shows them.

Run: ``.venv/bin/python data/make_servqual.py``
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240302
N_RESPONDENTS = 240
MISSING_RATE = 0.012  # share of single ratings left blank (never a zero)

HERE = Path(__file__).resolve().parent

TENURES = ("2y+", "1y", "6m", "3m")
TIERS = ("high_value", "senior", "young", "business")
TIER_SHARES = {"high_value": 0.20, "senior": 0.25, "young": 0.30, "business": 0.25}
TENURE_BY_TIER = {
    "high_value": (0.45, 0.25, 0.18, 0.12),
    "senior": (0.55, 0.25, 0.12, 0.08),
    "young": (0.15, 0.25, 0.30, 0.30),
    "business": (0.35, 0.30, 0.20, 0.15),
}

DIMENSION_ITEMS = {
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
}
ITEM_DIMENSION = {n: d for d, items in DIMENSION_ITEMS.items() for n in items}

# Baseline means on the 7-point scale: expectation, perception.
BASE = {
    "tangibles": (5.4, 5.5),
    "reliability": (6.4, 5.3),
    "responsiveness": (6.1, 5.2),
    "assurance": (6.0, 5.6),
    "empathy": (5.6, 5.0),
}

# Item effects on perception (the weak and strong spots of the service).
ITEM_PERCEPTION = {
    3: +0.4,   # installers' appearance: a strong spot
    7: -0.3,   # first-time-right repair
    8: -0.8,   # arrival within the agreed slot: the weakest item
    11: -0.3,  # prompt fault response
    13: -0.4,  # hotline / chat replies at busy times
    19: -0.4,  # evening and weekend visits
}

# Segment effects: (dimension or item number) -> (expectation shift, perception shift).
TIER_EFFECTS: dict[str, dict[str | int, tuple[float, float]]] = {
    "high_value": {"all": (+0.3, 0.0), "empathy": (+0.4, +0.2), 20: (0.0, +0.6),
                   "assurance": (0.0, +0.2)},
    "senior": {"tangibles": (-0.3, 0.0), "empathy": (+0.5, -0.2), "assurance": (+0.3, 0.0),
               "responsiveness": (0.0, -0.3), 4: (+0.4, -0.5), 15: (+0.4, 0.0),
               22: (0.0, -0.5)},
    "young": {"responsiveness": (+0.4, -0.2), "tangibles": (+0.3, 0.0),
              "empathy": (-0.4, 0.0), 2: (+0.3, -0.2)},
    "business": {"reliability": (+0.4, -0.3), "responsiveness": (+0.3, 0.0),
                 11: (+0.2, -0.4)},
}
TENURE_EFFECTS: dict[str, dict[str | int, tuple[float, float]]] = {
    "2y+": {"all": (+0.1, 0.0), "empathy": (0.0, -0.4), 21: (0.0, -0.6)},
    "1y": {},
    "6m": {"all": (0.0, +0.1)},
    "3m": {"all": (-0.1, +0.2), "tangibles": (0.0, +0.2)},
}

PATTERNS = (
    "reliability and responsiveness have the most negative gaps overall; tangibles the smallest",
    "item 8 (arrival within the agreed slot) has the most negative item gap",
    "senior customers have a more negative empathy gap than young customers",
    "business customers have the most negative reliability gap of the four tiers",
    "customers of 2 years or more have a more negative empathy gap than 3-month customers",
)


def _effect(table: dict[str | int, tuple[float, float]], item: int) -> tuple[float, float]:
    e = p = 0.0
    for key in ("all", ITEM_DIMENSION[item], item):
        de, dp = table.get(key, (0.0, 0.0))
        e += de
        p += dp
    return e, p


def make_respondents(rng: np.random.Generator) -> pd.DataFrame:
    """Respondent ids, tiers and tenures."""
    tiers = rng.choice(TIERS, size=N_RESPONDENTS, p=[TIER_SHARES[t] for t in TIERS])
    tenures = [rng.choice(TENURES, p=TENURE_BY_TIER[tier]) for tier in tiers]
    return pd.DataFrame({
        "respondent": [f"R{i:03d}" for i in range(1, N_RESPONDENTS + 1)],
        "tenure": tenures,
        "tier": tiers,
    })


def make_survey() -> pd.DataFrame:
    """The long-format survey (see the module docstring)."""
    rng = np.random.default_rng(SEED)
    people = make_respondents(rng)
    rows = []
    for person in people.itertuples(index=False):
        style = rng.normal(0, 0.35)         # uses the top or the middle of the scale
        mood = rng.normal(0, 0.45)          # how well this customer was served overall
        for item in range(1, 23):
            dimension = ITEM_DIMENSION[item]
            base_e, base_p = BASE[dimension]
            tier_e, tier_p = _effect(TIER_EFFECTS[person.tier], item)
            ten_e, ten_p = _effect(TENURE_EFFECTS[person.tenure], item)
            e = base_e + tier_e + ten_e + style + rng.normal(0, 0.55)
            p = (base_p + ITEM_PERCEPTION.get(item, 0.0) + tier_p + ten_p + style + mood
                 + rng.normal(0, 0.75))
            rows.append({
                "respondent": person.respondent,
                "tenure": person.tenure,
                "tier": person.tier,
                "item": item,
                "expectation": int(np.clip(np.rint(e), 1, 7)),
                "perception": int(np.clip(np.rint(p), 1, 7)),
            })
    survey = pd.DataFrame(rows)
    for column in ("expectation", "perception"):
        blank = rng.random(len(survey)) < MISSING_RATE / 2
        survey[column] = survey[column].astype("Int64").mask(blank)
    return survey


def make_template() -> pd.DataFrame:
    """The wide upload template with two example rows."""
    columns = ["respondent", "tenure", "tier"]
    columns += [f"E{n}" for n in range(1, 23)] + [f"P{n}" for n in range(1, 23)]
    example_1 = ["示例1", "2y+", "senior"] + [6] * 22 + [5] * 22
    example_2 = ["示例2", "3m", "young"] + [7] * 22 + [6] * 21 + [None]
    template = pd.DataFrame([example_1, example_2], columns=columns)
    ratings = columns[3:]
    template[ratings] = template[ratings].astype("Int64")
    return template


def main() -> None:
    """Write the CSV files (UTF-8 with BOM so Excel shows the Chinese)."""
    make_survey().to_csv(HERE / "servqual_survey.csv", index=False, encoding="utf-8-sig")
    make_template().to_csv(HERE / "servqual_template.csv", index=False, encoding="utf-8-sig")


if __name__ == "__main__":
    main()
