"""Concept screening and scoring (Ulrich & Eppinger), robustness, and the reader ``survivor``."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxwidgets import screening
from cxwidgets.errors import CXError

pytestmark = pytest.mark.usefixtures("chinese")


def ratings(**rows):
    return pd.DataFrame(rows, index=["cost", "value"]).T


def test_score_by_hand():
    table = screening.score(ratings(A=[4, 3], B=[2, 5]), {"cost": 40, "value": 60})
    # A: (40*4 + 60*3) / 100 = 3.4; B: (40*2 + 60*5) / 100 = 3.8
    assert table.loc["A", "score"] == pytest.approx(3.4)
    assert table.loc["B", "score"] == pytest.approx(3.8)
    assert table["rank"].to_dict() == {"A": 2, "B": 1}
    assert list(table.columns) == ["score", "rank"]


def test_ties_share_the_better_rank():
    table = screening.score(ratings(A=[1, 1], B=[5, 5], C=[5, 5]), {"cost": 50, "value": 50})
    assert table["rank"].to_dict() == {"A": 3, "B": 1, "C": 1}


@pytest.mark.parametrize(
    ("frame", "weights", "key", "named"),
    [
        (ratings(A=[3, 3]), {"cost": 40, "value": 50}, "screening.error.weights_total", "90"),
        (ratings(A=[3, 3]), {"cost": 40, "value": 50, "luck": 10}, "screening.error.unknown_criterion", "luck"),
        (ratings(A=[3, 3]), {"cost": 100}, "screening.error.no_weight", "value"),
        (ratings(A=[3, 6]), {"cost": 50, "value": 50}, "screening.error.rating", "6"),
        (ratings(A=[0, 3]), {"cost": 50, "value": 50}, "screening.error.rating", "0"),
        (ratings(A=[2.5, 3]), {"cost": 50, "value": 50}, "screening.error.rating", "2.5"),
        (ratings(A=[None, 3]), {"cost": 50, "value": 50}, "screening.error.rating", "cost"),
        (ratings(A=[3, 3]), {"cost": -10, "value": 110}, "screening.error.bad_weight", "cost"),
    ],
)
def test_bad_input_raises_value_error_naming_it(frame, weights, key, named):
    with pytest.raises(ValueError) as info:
        screening.score(frame, weights)
    assert isinstance(info.value, CXError) and info.value.key == key
    assert named in str(info.value)


def test_rating_error_names_concept_and_criterion():
    with pytest.raises(CXError) as info:
        screening.score(ratings(A=[3, 3], B=[3, 9]), {"cost": 50, "value": 50})
    assert info.value.params == {"concept": "B", "criterion": "value", "value": "9"}


def test_pugh_by_hand():
    marks = {"k1": {"a": "+", "b": "+", "c": "-"}, "k2": {"a": "-"}, "ref": {"a": "+"}}
    frame = screening.pugh(marks, ["ref", "k1", "k2"], ["a", "b", "c"], "ref")
    assert frame.loc["k1"].to_dict() == {"plus": 2, "same": 0, "minus": 1, "net": 1, "rank": 1}
    assert frame.loc["k2"].to_dict() == {"plus": 0, "same": 2, "minus": 1, "net": -1, "rank": 3}
    # the reference is 0 against itself, whatever is stored for it
    assert frame.loc["ref"].to_dict() == {"plus": 0, "same": 3, "minus": 0, "net": 0, "rank": 2}


def test_pugh_refuses_bad_marks_and_a_missing_reference():
    with pytest.raises(CXError) as info:
        screening.pugh({"k1": {"a": "++"}}, ["ref", "k1"], ["a"], "ref")
    assert info.value.key == "screening.error.mark"
    with pytest.raises(CXError) as info:
        screening.pugh({}, ["k1"], ["a"], "ref")
    assert info.value.key == "screening.error.no_reference"


def test_robustness_dominant_symmetric_and_tied():
    weights = {"cost": 50, "value": 50}
    dominant = screening.robustness(ratings(A=[5, 5], B=[1, 2]), weights)
    assert dominant.to_dict() == {"A": 1.0, "B": 0.0}
    # A wins exactly when w_cost > 1/2: with symmetric Dirichlet weights that is half of the draws
    symmetric = screening.robustness(ratings(A=[5, 1], B=[1, 5]), weights, draws=4000)
    assert symmetric["A"] == pytest.approx(0.5, abs=0.04)
    assert symmetric.sum() == pytest.approx(1.0)
    tied = screening.robustness(ratings(A=[3, 4], B=[3, 4]), weights)
    assert tied.to_dict() == {"A": 0.5, "B": 0.5}


def test_robustness_is_seeded_and_ignores_zero_weights():
    frame = ratings(A=[5, 2], B=[3, 4])
    first = screening.robustness(frame, {"cost": 30, "value": 70}, seed=7)
    again = screening.robustness(frame, {"cost": 30, "value": 70}, seed=7)
    pd.testing.assert_series_equal(first, again)
    # only "value" counts: B (4) beats A (2) in every draw
    assert screening.robustness(frame, {"cost": 0, "value": 100}).to_dict() == {"A": 0.0, "B": 1.0}


def test_robustness_spread_follows_the_concentration():
    # A wins when w_cost > 0.5; weights centred on 60/40: the wider the spread, the less certain
    frame = ratings(A=[5, 1], B=[1, 5])
    tight = screening.robustness(frame, {"cost": 60, "value": 40}, concentration=1000)["A"]
    loose = screening.robustness(frame, {"cost": 60, "value": 40}, concentration=10)["A"]
    assert tight > 0.99 and 0.6 < loose < 0.85


def saved(**more):
    state = {
        "concepts": [{"id": "ref", "key": "ref", "name": "", "description": ""},
                     {"id": "k1", "key": "k1", "name": "", "description": ""},
                     {"id": "c1", "key": None, "name": "自助报修", "description": "拍照报修"}],
        "reference": "ref",
        "weights": {"pain_relief": 30, "memorable": 20, "feasibility": 20, "cost": 15, "speed": 15},
        "ratings": {"ref": dict.fromkeys(screening.CRITERIA, 3),
                    "k1": dict.fromkeys(screening.CRITERIA, 3),
                    "c1": {"pain_relief": 5, "memorable": 4, "feasibility": 3, "cost": 2, "speed": 1}},
        "survivor": "c1",
    }
    state.update(more)
    return {"06/concepts": {"value": state}}


def test_survivor_by_hand():
    # (30*5 + 20*4 + 20*3 + 15*2 + 15*1) / 100 = 3.35
    assert screening.survivor(saved()) == {"name": "自助报修", "description": "拍照报修", "score": 3.35}
    course = screening.survivor(saved(survivor="k1"), "en")
    assert course == {"name": "One-tap video fault report",
                      "description": "In the app the customer films the router lights; the system "
                                     "recognises common faults, dispatches at once and shows progress.",
                      "score": 3.0}


@pytest.mark.parametrize("sections", [None, {}, {"06/concepts": {"value": "x"}},
                                      saved(survivor=None), saved(survivor="gone"),
                                      {"06/concepts": {"value": {"concepts": "bad", "survivor": "k1"}}}])
def test_no_survivor_is_none(sections):
    assert screening.survivor(sections) is None


def test_survivor_with_bad_weights_has_no_score():
    result = screening.survivor(saved(weights={"pain_relief": 90}))
    assert result["name"] == "自助报修" and math.isnan(result["score"])
