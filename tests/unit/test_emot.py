"""E-MOT scoring (lecture 06) against hand-computed values, and the reader ``chosen``."""

from __future__ import annotations

import pytest

from cxwidgets import emot
from cxwidgets import journey as J
from cxwidgets.errors import CXError

pytestmark = pytest.mark.usefixtures("chinese")

EQUAL = dict.fromkeys(emot.CRITERIA, 1)


def small_journey() -> J.Journey:
    """Four touchpoints (ids unknown to the course content, so reach defaults to 1)."""
    return J.Journey.from_dict({
        "stages": [{"id": "s1", "name": "S", "touchpoints": [
            {"id": "a", "name": "A", "tag": "pain"},
            {"id": "b", "name": "B"},
            {"id": "c", "name": "C", "tag": "delight"},
            {"id": "d", "name": "D"},
        ]}],
        "curves": [{"id": "c1", "name": "now", "values": {"a": 1, "b": -4, "c": 2, "d": -1}}],
    })


def rows():
    return emot.factors(small_journey(), reach={"a": 0.5}, impact={"b": 0.5})


def test_factors_by_hand():
    got = {r["touchpoint"]: r for r in rows()}
    # |v| / 5
    assert [got[k]["emotion"] for k in "abcd"] == pytest.approx([0.2, 0.8, 0.4, 0.2])
    # max(0, mean(neighbours) - v) / 10: a -4-1<0; b (1+2)/2+4=5.5; c (-4-1)/2-2<0; d 2+1=3
    assert [got[k]["valley"] for k in "abcd"] == pytest.approx([0, 0.55, 0, 0.3])
    # b is the most intense (-4), d the end, c the (positive) peak
    assert [got[k]["peak_end"] for k in "abcd"] == [0, 1, 0.5, 1]
    assert [got[k]["tags"] for k in "abcd"] == [1, 0, 1, 0]  # pain, -, delight = memory, -
    assert [got[k]["nps"] for k in "abcd"] == [0, 0.5, 0, 0]
    assert [got[k]["nps_known"] for k in "abcd"] == [False, True, False, False]
    assert [got[k]["reach"] for k in "abcd"] == [0.5, 1, 1, 1]
    assert got["b"]["marks"] == ["intense", "valley"]
    assert got["c"]["marks"] == ["peak", "memory"]


def test_score_and_rank_by_hand():
    scored = {r["touchpoint"]: r for r in emot.score(rows(), EQUAL)}
    # a: .2+0+0+1+0+.5 = 1.7; b: .8+.55+1+0+.5+1 = 3.85; c: .4+0+.5+1+0+1 = 2.9; d: .2+.3+1+0+0+1 = 2.5
    assert scored["a"]["score"] == pytest.approx(100 * 1.7 / 6)
    assert scored["b"]["score"] == pytest.approx(100 * 3.85 / 6)
    assert scored["c"]["score"] == pytest.approx(100 * 2.9 / 6)
    assert scored["d"]["score"] == pytest.approx(100 * 2.5 / 6)
    assert [scored[k]["rank"] for k in "abcd"] == [4, 1, 2, 3]


def test_weights_are_relative_and_ties_share_the_better_rank():
    only_emotion = {r["touchpoint"]: r["score"] for r in emot.score(rows(), {"emotion": 3})}
    assert only_emotion == pytest.approx({"a": 20, "b": 80, "c": 40, "d": 20})
    tags = {r["touchpoint"]: r["rank"] for r in emot.score(rows(), {"tags": 10})}
    assert tags == {"a": 1, "c": 1, "b": 3, "d": 3}


@pytest.mark.parametrize(
    ("weights", "key"),
    [
        ({"luck": 1}, "emot.error.unknown_criterion"),
        ({"emotion": -1}, "emot.error.bad_weight"),
        ({"emotion": "x"}, "emot.error.bad_weight"),
        ({"emotion": 0, "reach": 0}, "emot.error.weights_zero"),
    ],
)
def test_bad_weights_are_refused(weights, key):
    with pytest.raises(CXError) as info:
        emot.check_weights(weights)
    assert info.value.key == key


def test_no_curve_scores_the_tags_and_reach_only():
    journey = J.Journey.from_dict({"stages": [{"name": "S", "touchpoints": [{"id": "x", "name": "X"}]}]})
    (row,) = emot.factors(journey)
    assert row["value"] is None and row["emotion"] == 0 and row["peak_end"] == 0


def test_sample_suggestions_by_hand(monkeypatch):
    """Sample journey, default weights, the course's sample NPS table (hand-computed)."""
    monkeypatch.setattr(emot, "nps_impact", lambda sections: (emot.sample_impact(), "sample"))
    items = emot.chosen({})
    assert [item["touchpoint"] for item in items] == ["t7", "t10", "t13"]
    assert all(item["source"] == "suggested" for item in items)
    # t7 (-4 between +1 and +3, first of the two -4s, pain, nps .46, reach .25):
    # 20*.8 + 15*.6 + 20*1 + 15*1 + 20*.46 + 10*.25 = 71.7
    t7 = next(r for r in emot.scored({}) if r["touchpoint"] == "t7")
    assert t7["score"] == pytest.approx(71.7)
    assert items[0]["reason"] == "最强烈时刻、最低谷、痛点"


def test_chosen_reads_the_learners_items():
    sections = {"06/emot": {"value": {"items": [
        {"touchpoint": "t13", "name": "报修热线", "reason": "最痛"}, "damaged", {"name": "no id"}]}}}
    assert emot.chosen(sections) == [
        {"touchpoint": "t13", "name": "报修热线", "reason": "最痛", "source": "learner"}]


@pytest.mark.parametrize("sections", [None, {}, {"06/emot": "x"}, {"06/emot": {"value": {"weights": "bad"}}},
                                      {"04/journey": {"value": {"stages": "bad"}}}])
def test_chosen_never_raises(sections, monkeypatch):
    monkeypatch.setattr(emot, "nps_impact", lambda s: (emot.sample_impact(), "sample"))
    assert len(emot.chosen(sections)) == emot.SUGGEST


def test_learner_journey_and_pain_candidates():
    own = {"stages": [{"id": "s1", "name": "S", "touchpoints": [
        {"id": "p", "name": "排队", "tag": "pain"}, {"id": "q", "name": "好"}]}]}
    sections = {"04/journey": {"value": own},
                "06/emot": {"value": {"items": [{"touchpoint": "q", "name": "好"}]}}}
    journey, source = emot.learner_journey(sections)
    assert source == "learner" and [tp.id for tp in journey.touchpoints()] == ["p", "q"]
    assert emot.pain_candidates(sections) == [("q", "好"), ("p", "排队")]
    assert emot.learner_journey({})[1] == "sample"
    assert [tp for tp, _ in emot.pain_candidates({})] == ["t1", "t4", "t7", "t9", "t13"]


def test_nps_impact_from_lecture08_is_clipped(monkeypatch):
    from cxwidgets import drivers

    monkeypatch.setattr(drivers, "touchpoint_impact", lambda s: {"t1": 1.4, "t2": -0.2, "t3": 0.3})
    assert emot.nps_impact({}) == ({"t1": 1.0, "t2": 0.0, "t3": 0.3}, "drivers")

    def broken(_sections):
        raise RuntimeError("no survey")

    monkeypatch.setattr(drivers, "touchpoint_impact", broken)
    assert emot.nps_impact({}) == (emot.sample_impact(), "sample")


def test_key_touchpoints_of_lecture04_are_marked_not_scored(monkeypatch):
    monkeypatch.setattr(emot, "nps_impact", lambda sections: (emot.sample_impact(), "sample"))
    plain = {r["touchpoint"]: r for r in emot.scored({})}
    marked = {r["touchpoint"]: r for r in emot.scored(
        {"04/key_touchpoints": {"value": {"checked": ["t2"]}}})}
    assert marked["t2"]["marks"] == ["key04"] and plain["t2"]["marks"] == []
    assert marked["t2"]["score"] == plain["t2"]["score"]
    assert emot.key_touchpoints({"04/key_touchpoints": {"value": {"checked": "bad"}}}) == set()
