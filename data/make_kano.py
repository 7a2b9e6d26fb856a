"""Generate the sample KANO survey of the home-broadband running case (lecture 03).

Writes, next to this script:

- ``kano_survey.csv``: long format, one row per respondent x feature, columns
  ``respondent, tenure, tier, feature, functional, dysfunctional``.
- ``kano_features.csv``: the ten feature codes (their names are catalogue entries
  ``kano.feature.<code>`` in ``cxwidgets/locales/kano.json``).
- ``kano_template.csv``: a tiny example of the upload format (2 respondents).

The data are synthetic and reproducible (fixed seed). Each answer pair is drawn
from a latent KANO category whose probabilities depend on the feature, the
respondent's tenure and tier, so that the analysis shows instructive patterns:
a clear must-be feature, a clear one-dimensional feature, an indifferent
feature, a feature that long-tenure customers treat as must-be and new ones as
attractive, a feature some senior customers reject (reverse), and a little
noise (questionable and random answers). See ``data/README.md``.

Run: ``.venv/bin/python data/make_kano.py``
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240303
N_RESPONDENTS = 320
NOISE_RATE = 0.03  # share of answer pairs replaced by a uniformly random pair
QUESTIONABLE_RATE = 0.01  # share of answer pairs replaced by a contradictory pair

HERE = Path(__file__).resolve().parent

TENURES = ("2y+", "1y", "6m", "3m")
TIERS = ("high_value", "senior", "young", "business")

# Tier mix of the sample and tenure mix within each tier (seniors stay long,
# young customers are more often new).
TIER_SHARES = {"high_value": 0.22, "senior": 0.20, "young": 0.33, "business": 0.25}
TENURE_BY_TIER = {
    "high_value": (0.45, 0.25, 0.18, 0.12),
    "senior": (0.50, 0.25, 0.15, 0.10),
    "young": (0.20, 0.25, 0.27, 0.28),
    "business": (0.35, 0.30, 0.20, 0.15),
}

# Feature codes; the names shown are the catalogue entries kano.feature.<code>.
FEATURES = (
    "speed_as_promised",
    "install_on_time",
    "repair_2h",
    "clear_bill",
    "one_stop",
    "wifi_whole_home",
    "loyalty_discount",
    "app_self_report",
    "account_manager",
    "technician_uniform",
)

CATEGORIES = ("A", "O", "M", "I", "R")


def _mix(**weights: float) -> np.ndarray:
    """Probabilities over CATEGORIES from keyword weights (normalised)."""
    values = np.array([weights.get(c, 0.0) for c in CATEGORIES], dtype=float)
    return values / values.sum()


def category_probabilities(feature: str, tenure: str, tier: str) -> np.ndarray:
    """Latent KANO category probabilities (A, O, M, I, R) of one respondent and feature."""
    if feature == "speed_as_promised":
        return _mix(M=0.64, O=0.20, A=0.04, I=0.12)
    if feature == "install_on_time":
        if tier == "senior":
            return _mix(M=0.60, O=0.20, A=0.05, I=0.15)
        return _mix(M=0.50, O=0.27, A=0.08, I=0.15)
    if feature == "repair_2h":
        if tier == "business":
            return _mix(O=0.55, M=0.35, A=0.05, I=0.05)
        return _mix(O=0.56, M=0.18, A=0.14, I=0.12)
    if feature == "clear_bill":
        if tier == "senior":
            return _mix(M=0.60, O=0.20, A=0.05, I=0.15)
        return _mix(M=0.38, O=0.24, A=0.10, I=0.28)
    if feature == "one_stop":
        return _mix(O=0.42, A=0.24, M=0.14, I=0.20)
    if feature == "wifi_whole_home":
        if tier == "young":
            return _mix(A=0.42, O=0.38, M=0.08, I=0.12)
        return _mix(A=0.52, O=0.18, M=0.08, I=0.22)
    if feature == "loyalty_discount":
        # Long-tenure customers expect it; new customers find it a pleasant surprise.
        by_tenure = {
            "2y+": _mix(M=0.56, O=0.24, A=0.10, I=0.10),
            "1y": _mix(O=0.38, M=0.30, A=0.20, I=0.12),
            "6m": _mix(A=0.50, O=0.16, M=0.08, I=0.26),
            "3m": _mix(A=0.54, O=0.10, M=0.04, I=0.32),
        }
        return by_tenure[tenure]
    if feature == "app_self_report":
        if tier == "young":
            return _mix(A=0.50, O=0.26, M=0.06, I=0.18)
        if tier == "senior":
            # Many seniors would rather talk to a person: indifferent or against it.
            return _mix(I=0.48, R=0.28, A=0.10, O=0.08, M=0.06)
        return _mix(A=0.36, I=0.34, O=0.20, M=0.08, R=0.02)
    if feature == "account_manager":
        if tier in ("business", "high_value"):
            return _mix(A=0.46, O=0.30, M=0.10, I=0.14)
        if tier == "young":
            return _mix(I=0.62, A=0.14, R=0.14, O=0.08, M=0.02)
        return _mix(A=0.40, I=0.36, O=0.14, M=0.10)
    if feature == "technician_uniform":
        return _mix(I=0.66, M=0.12, A=0.08, O=0.06, R=0.08)
    message = f"unknown feature {feature!r}"
    raise KeyError(message)


def answer_pair(category: str, rng: np.random.Generator) -> tuple[int, int]:
    """A (functional, dysfunctional) answer pair that the evaluation table maps to ``category``.

    Codes: 1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike.
    """
    if category == "M":
        return int(rng.choice([2, 3, 4], p=[0.70, 0.20, 0.10])), 5
    if category == "O":
        return 1, 5
    if category == "A":
        return 1, int(rng.choice([2, 3, 4], p=[0.15, 0.50, 0.35]))
    if category == "I":
        functional = int(rng.choice([2, 3, 4], p=[0.20, 0.60, 0.20]))
        return functional, int(rng.choice([2, 3, 4], p=[0.15, 0.60, 0.25]))
    if category == "R":
        if rng.random() < 0.75:
            return 5, int(rng.choice([1, 2, 3, 4], p=[0.30, 0.20, 0.30, 0.20]))
        return int(rng.choice([2, 3, 4], p=[0.30, 0.50, 0.20])), 1
    if category == "Q":
        return (1, 1) if rng.random() < 0.5 else (5, 5)
    message = f"unknown category {category!r}"
    raise KeyError(message)


def make_survey(seed: int = SEED, n: int = N_RESPONDENTS) -> pd.DataFrame:
    """The synthetic survey as a long DataFrame (``n`` respondents x 10 features)."""
    rng = np.random.default_rng(seed)
    tiers = rng.choice(TIERS, size=n, p=[TIER_SHARES[t] for t in TIERS])
    rows = []
    for index, tier in enumerate(tiers, start=1):
        tenure = str(rng.choice(TENURES, p=TENURE_BY_TIER[str(tier)]))
        for feature in FEATURES:
            roll = rng.random()
            if roll < NOISE_RATE:
                functional, dysfunctional = (int(v) for v in rng.integers(1, 6, size=2))
            elif roll < NOISE_RATE + QUESTIONABLE_RATE:
                functional, dysfunctional = answer_pair("Q", rng)
            else:
                probabilities = category_probabilities(feature, tenure, str(tier))
                category = str(rng.choice(CATEGORIES, p=probabilities))
                functional, dysfunctional = answer_pair(category, rng)
            rows.append(
                {
                    "respondent": f"R{index:03d}",
                    "tenure": tenure,
                    "tier": str(tier),
                    "feature": feature,
                    "functional": functional,
                    "dysfunctional": dysfunctional,
                }
            )
    return pd.DataFrame(rows)


def make_features() -> pd.DataFrame:
    """The feature list: one code per row (names live in the i18n catalogue)."""
    return pd.DataFrame({"feature": list(FEATURES)})


def make_template() -> pd.DataFrame:
    """A tiny upload example: 2 respondents x 3 features, Chinese feature names."""
    rows = [
        ("P01", "2y+", "senior", "网速达标", 2, 5),
        ("P01", "2y+", "senior", "APP自助报障", 5, 3),
        ("P01", "2y+", "senior", "老用户续约优惠", 2, 5),
        ("P02", "3m", "young", "网速达标", 1, 5),
        ("P02", "3m", "young", "APP自助报障", 1, 3),
        ("P02", "3m", "young", "老用户续约优惠", 1, 4),
    ]
    columns = ["respondent", "tenure", "tier", "feature", "functional", "dysfunctional"]
    return pd.DataFrame(rows, columns=columns)


def main() -> None:
    """Write the three CSV files (UTF-8 with BOM so that Excel opens the Chinese correctly)."""
    make_survey().to_csv(HERE / "kano_survey.csv", index=False, encoding="utf-8-sig")
    make_features().to_csv(HERE / "kano_features.csv", index=False, encoding="utf-8-sig")
    make_template().to_csv(HERE / "kano_template.csv", index=False, encoding="utf-8-sig")


if __name__ == "__main__":
    main()
