"""Peer scores (lecture 10): bias against the leave-one-out consensus, correction, alpha.

Every expected value is computed by hand in the comments.
"""

from __future__ import annotations

import pytest

from cxwidgets import peer
from cxwidgets.errors import CXError

# Three raters of teams T1-T3 score the other teams (T4 has no rater in the class):
#   A (team T1): T2 4, T3 3, T4 5      B (team T2): T1 3, T3 2, T4 3      C (team T3): T1 4, T2 3, T4 4
RATINGS = {
    "A": {"T2": 4, "T3": 3, "T4": 5},
    "B": {"T1": 3, "T3": 2, "T4": 3},
    "C": {"T1": 4, "T2": 3, "T4": 4},
}
MEMBERS = {"A": "T1", "B": "T2", "C": "T3"}


def test_bias_is_the_mean_deviation_from_the_leave_one_out_consensus():
    # A: T2 4 - C's 3 = +1; T3 3 - B's 2 = +1; T4 5 - mean(3, 4) = +1.5 -> 3.5 / 3
    # B: T1 3 - C's 4 = -1; T3 2 - A's 3 = -1; T4 3 - mean(5, 4) = -1.5 -> -3.5 / 3
    # C: T1 4 - B's 3 = +1; T2 3 - A's 4 = -1; T4 4 - mean(5, 3) = 0 -> 0
    bias = peer.rater_bias(RATINGS)
    assert bias["A"] == pytest.approx(7 / 6)
    assert bias["B"] == pytest.approx(-7 / 6)
    assert bias["C"] == pytest.approx(0.0)


def test_corrected_team_scores_remove_each_raters_bias():
    result = peer.analyse(RATINGS, MEMBERS)
    # raw: T1 (3+4)/2 = 3.5, T2 (4+3)/2 = 3.5, T3 (3+2)/2 = 2.5, T4 (5+3+4)/3 = 4
    # corrected: A's scores - 7/6, B's + 7/6, C's as they are
    #   T1 ((3 + 7/6) + 4) / 2 = 49/12; T2 ((4 - 7/6) + 3) / 2 = 35/12
    #   T3 ((3 - 7/6) + (2 + 7/6)) / 2 = 2.5; T4 ((5 - 7/6) + (3 + 7/6) + 4) / 3 = 4
    expected = {"T1": (3.5, 49 / 12), "T2": (3.5, 35 / 12), "T3": (2.5, 2.5), "T4": (4.0, 4.0)}
    for team, (raw, corrected) in expected.items():
        row = result.team(team)
        assert row["raw"] == pytest.approx(raw)
        assert row["corrected"] == pytest.approx(corrected)
    # best corrected first; the T1/T2 tie of the raw means is broken by the correction
    assert [row["team"] for row in result.teams] == ["T1", "T4", "T2", "T3"]
    assert result.team("T4")["n"] == 3


def test_a_rater_nobody_else_overlaps_has_no_bias_and_is_not_corrected():
    ratings = {"A": {"T2": 5}, "B": {"T3": 2}}
    bias = peer.rater_bias(ratings)
    assert bias == {"A": None, "B": None}
    result = peer.analyse(ratings, {"A": "T1", "B": "T1"})
    assert result.team("T2")["corrected"] == 5
    assert result.alpha is None  # no team with two ratings: nothing to agree on


def test_own_team_is_refused():
    with pytest.raises(CXError) as caught:
        peer.check_rating("T1", "T1")
    assert caught.value.key == "peer.error.own_team"
    with pytest.raises(CXError) as caught:
        peer.analyse({"A": {"T1": 4, "T2": 3}}, {"A": "T1"})
    assert caught.value.key == "peer.error.own_team"
    with pytest.raises(CXError) as caught:
        peer.class_result({"t2": {"insight": 3}}, "t2")
    assert caught.value.key == "peer.error.own_team"


def test_alpha_interval_on_a_hand_computed_case():
    # two raters, three units: (1, 2), (2, 3), (3, 4); n = 6 pairable values
    # D_o = (1/6) * sum over units of 2 ordered pairs * 1^2 / (2 - 1) = 6/6 = 1
    # D_e = sum over all ordered pairs of squared differences / (n (n - 1));
    #   values 1 2 2 3 3 4, mean 2.5, sum of squared deviations 5.5, so the unordered pair sum
    #   is n * 5.5 = 33, ordered 66; D_e = 66 / 30 = 2.2; alpha = 1 - 1 / 2.2 = 6/11
    ratings = {"a": {"u1": 1, "u2": 2, "u3": 3}, "b": {"u1": 2, "u2": 3, "u3": 4}}
    assert peer.alpha(ratings) == pytest.approx(6 / 11)


def test_alpha_reproduces_krippendorffs_published_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four
    # observers, twelve units, missing values; alpha (interval) = 0.849
    rows = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    }
    ratings = {r: {f"u{i:02d}": v for i, v in enumerate(vs) if v is not None}
               for r, vs in rows.items()}
    assert peer.alpha(ratings) == pytest.approx(0.849, abs=0.0005)


def test_alpha_of_perfect_agreement_is_one_and_no_variation_is_undefined():
    assert peer.alpha({"a": {"u1": 1, "u2": 4}, "b": {"u1": 1, "u2": 4}}) == pytest.approx(1.0)
    assert peer.alpha({"a": {"u1": 3, "u2": 3}, "b": {"u1": 3, "u2": 3}}) is None


def test_weighted_score_of_the_rubric():
    # weights 25 / 25 / 20 / 15 / 15: (25*5 + 25*4 + 20*3 + 15*2 + 15*1) / 100 = 3.3
    row = {"insight": 5, "value": 4, "feasibility": 3, "plan": 2, "pitch": 1}
    assert peer.weighted_score(row) == pytest.approx(3.3)
    assert peer.weighted_score({"insight": 5}) is None  # incomplete: no score


def test_criterion_scores_are_checked():
    assert peer.criterion_score(4, "insight") == 4
    for bad in (0, 6, 2.5, "4", True, None):
        with pytest.raises(CXError) as caught:
            peer.criterion_score(bad, "insight")
        assert caught.value.key == "peer.error.score"
    # a damaged stored value keeps what can be read
    assert peer.clean_scores({"t2": {"insight": 9, "value": 3, "zzz": 2}, "t3": "x"}) == {
        "t2": {"value": 3}}


def test_learner_joins_the_sample_class_and_gets_a_bias():
    teams = [t for t in peer.sample_teams() if t != "t1"]
    five = {c["id"]: 5 for c in peer.criteria()}
    result = peer.class_result({t: five for t in teams}, "t1")
    me = result.rater(peer.LEARNER)
    assert me["n"] == 5 and me["team"] == "t1"
    assert me["bias"] > 0  # straight fives are more lenient than the sample's raters
    assert len(result.raters) == 13
    assert result.alpha is not None and -1 <= result.alpha <= 1


def test_calibration_offset():
    # reference 4, 3, 2, 2, 4; learner 5, 4, 3, 2, 4: differences 1, 1, 1, 0, 0 -> 3/5 = 0.6
    scores = {"insight": 5, "value": 4, "feasibility": 3, "plan": 2, "pitch": 4}
    assert peer.calibration_offset(scores) == pytest.approx(0.6)
    assert peer.calibration_offset({"insight": 5}) is None
