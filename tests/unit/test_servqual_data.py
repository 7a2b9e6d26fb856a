"""The sample SERVQUAL survey: shape, reproducibility, and the patterns data/README.md promises."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from cxwidgets import servqual, tables

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return pd.read_csv(DATA / "servqual_survey.csv", encoding="utf-8-sig")


def _generator():
    spec = importlib.util.spec_from_file_location("make_servqual", DATA / "make_servqual.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shape_and_codes(survey):
    assert list(survey.columns) == ["respondent", "tenure", "tier", "item", "expectation",
                                    "perception"]
    assert survey["respondent"].nunique() >= 200
    assert set(survey["tenure"]) == set(servqual.TENURES)
    assert set(survey["tier"]) == set(servqual.TIERS)
    assert set(survey["item"]) == set(range(1, 23))
    assert survey.groupby("respondent").size().eq(22).all()
    ratings = survey[["expectation", "perception"]].stack().dropna()
    assert ratings.between(1, 7).all()
    # a few blanks, as in a real survey, and never a zero
    blanks = survey[["expectation", "perception"]].isna().sum().sum()
    assert 0 < blanks < 0.03 * 2 * len(survey)


def test_file_is_reproducible(survey):
    rebuilt = _generator().make_survey()
    pd.testing.assert_frame_equal(
        rebuilt.astype({"expectation": "float64", "perception": "float64"}),
        survey.astype({"expectation": "float64", "perception": "float64"}),
        check_dtype=False,
    )


def test_template_is_a_valid_upload():
    content = (DATA / "servqual_template.csv").read_bytes()
    frame = tables.read_table(content, "servqual_template.csv")
    data = servqual.read_responses(frame)
    assert data.attrs["layout"] == "wide"
    assert data["respondent"].nunique() == 2
    assert data.attrs["incomplete_answers"] == 1
    table = servqual.score(frame)
    assert table.at["reliability", "gap"] == pytest.approx(-1.0)
    rebuilt = _generator().make_template()
    assert list(rebuilt.columns) == list(frame.columns)


def test_patterns(survey):
    overall = servqual.score(survey)["gap"]
    assert set(overall.nsmallest(2).index) == {"reliability", "responsiveness"}
    assert overall.idxmax() == "tangibles"
    assert servqual.item_scores(survey)["gap"].idxmin() == 8
    by_tier = {t: servqual.score(servqual.filter_segment(survey, tier=t))["gap"]
               for t in servqual.TIERS}
    assert by_tier["senior"]["empathy"] < by_tier["young"]["empathy"] - 0.5
    assert min(by_tier, key=lambda t: by_tier[t]["reliability"]) == "business"
    tenure = servqual.compare_segments(survey, "tenure", "2y+", "3m")
    assert tenure.at["empathy", "difference"] < -0.5
    assert tenure.at["empathy", "p_value"] < 0.01
    # the published average SERVQUAL gap lies within about -0.5 to -1.5
    assert -1.5 < servqual.score(survey).attrs["unweighted"] < -0.5
