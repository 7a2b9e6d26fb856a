"""Compute ahead the results on the sample data that need heavy libraries (``precomputed.json``).

Writes ``precomputed.json`` next to this script (see :mod:`cxwidgets.precomputed`):

- ``sbg_fits``: the shifted-beta-geometric fit (alpha, beta; ``cxwidgets.retention.fit``, with
  ``scipy.optimize``) of every sample cohort (``tenure_cohorts.csv``) over every calibration
  window lecture 01 offers, keyed by the cohort's counts;
- ``voice``: the customer-voice analysis of lecture 08 (``cxwidgets.voice.analyse``, with
  jieba) of the sample survey (``nps_survey.csv``), keyed by a digest of its respondents,
  scores and comments.

Run it after changing those data, the fit or the word rules:
``tests/unit/test_precomputed.py`` fails while the file is stale.

Usage::

    python data/make_precomputed.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from cxwidgets import nps, precomputed, retention, voice  # noqa: E402


def build() -> dict:
    """Every stored result, computed now (no stored result is read)."""
    fits = {}
    for counts in retention.cohorts().values():
        for calibration in retention.CALIBRATIONS:
            window = counts[: calibration + 1]
            model = retention.fit(window)
            fits[precomputed.sbg_key(window)] = [model.alpha, model.beta]
    survey = nps.sample_survey()
    rows = zip(survey["respondent"], survey["recommend"], survey["comment"], strict=True)
    analysis = voice.analyse(survey, stored=False)
    return {"sbg_fits": fits, "voice": {precomputed.voice_key(rows): analysis}}


def main() -> None:
    path = HERE / precomputed.FILE
    path.write_text(json.dumps(build(), ensure_ascii=False, sort_keys=True, indent=1) + "\n",
                    encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
