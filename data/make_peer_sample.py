"""Make ``data/peer_sample.json``: a sample class of roadshow peer scores (lecture 10).

Six teams of two to three learners each score every other team on the five rubric criteria
of ``cxwidgets/content/cocreation.json`` (1-5). Each team has a "true" quality per criterion,
each rater a leniency (some score high, some low, one very harsh) and some noise; scores are
rounded and clipped to 1..5. Nobody scores their own team. Seeded: the file is reproducible.

Run: ``python data/make_peer_sample.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

SEED = 20261201
CRITERIA = ("insight", "value", "feasibility", "plan", "pitch")
TEAMS = ("t1", "t2", "t3", "t4", "t5", "t6")
#: Team quality per criterion (1..5), chosen to separate the teams clearly.
QUALITY = {
    "t1": (4.2, 4.0, 3.5, 3.8, 4.0),
    "t2": (3.0, 3.4, 4.2, 3.6, 3.0),
    "t3": (3.8, 4.4, 3.0, 2.8, 4.4),
    "t4": (2.6, 2.8, 3.2, 3.0, 2.6),
    "t5": (4.4, 3.8, 4.0, 4.4, 3.6),
    "t6": (3.2, 3.0, 2.6, 2.4, 3.4),
}
#: Rater id -> (team, leniency added to every score).
RATERS = {
    "r01": ("t1", 0.6), "r02": ("t1", -0.2),
    "r03": ("t2", 0.0), "r04": ("t2", -1.0),
    "r05": ("t3", 0.3), "r06": ("t3", 0.8),
    "r07": ("t4", -0.4), "r08": ("t4", 0.1),
    "r09": ("t5", -0.7), "r10": ("t5", 0.4),
    "r11": ("t6", 0.2), "r12": ("t6", -0.3),
}


def make() -> dict:
    rng = np.random.default_rng(SEED)
    raters = []
    for rater, (team, leniency) in RATERS.items():
        scores = {}
        for other in TEAMS:
            if other == team:
                continue
            noisy = np.array(QUALITY[other]) + leniency + rng.normal(0, 0.45, len(CRITERIA))
            values = np.clip(np.rint(noisy), 1, 5).astype(int).tolist()
            scores[other] = dict(zip(CRITERIA, values, strict=True))
        raters.append({"id": rater, "team": team, "scores": scores})
    return {
        "version": 1,
        "source": f"synthetic, data/make_peer_sample.py (seed {SEED})",
        "teams": list(TEAMS),
        "raters": raters,
    }


if __name__ == "__main__":
    out = Path(__file__).resolve().parent / "peer_sample.json"
    out.write_text(json.dumps(make(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
