"""Peak-end rule and the four reshaping moves, against hand-computed references.

Peak-end rule: Kahneman, Fredrickson, Schreiber & Redelmeier (1993): the remembered
evaluation of an episode ~ (most intense moment + end) / 2.
"""

from __future__ import annotations

import math

import pytest

from cxwidgets import journey as J
from cxwidgets.errors import CXError

# ---------------------------------------------------------------- peak_end


def test_reference_curve():
    # scores 1, -4, 2, 1: peak 2 (#2), valley -4 (#1), mean 0, most intense -4, end 1.
    r = J.peak_end([1, -4, 2, 1])
    assert (r.peak_index, r.peak) == (2, 2.0)
    assert (r.valley_index, r.valley) == (1, -4.0)
    assert (r.end_index, r.end) == (3, 1.0)
    assert r.average == 0.0
    assert (r.intense_index, r.intense) == (1, -4.0)
    assert r.remembered == -1.5  # (-4 + 1) / 2
    assert r.gap == -1.5
    assert r.count == 4


def test_peak_and_valley_ties_take_the_first_moment():
    r = J.peak_end([3, -3, 3, -3])
    assert r.peak_index == 0
    assert r.valley_index == 1
    assert r.average == 0.0


def test_intense_tie_the_negative_moment_counts():
    # |3| == |-3|: negativity bias (Baumeister et al. 2001), the first -3 is named.
    r = J.peak_end([3, -3, 3, -3])
    assert (r.intense_index, r.intense) == (1, -3.0)
    assert r.remembered == -3.0  # (-3 + -3) / 2
    r = J.peak_end([-2, 5, -5, 0])
    assert (r.intense_index, r.intense) == (2, -5.0)
    assert r.remembered == -2.5  # (-5 + 0) / 2
    assert r.average == -0.5


def test_intense_tie_order_does_not_matter():
    # The negative moment counts whether it comes before or after the positive one.
    assert J.peak_end([4, 0, -4, 1]).remembered == -1.5  # (-4 + 1) / 2
    assert J.peak_end([-4, 0, 4, 1]).remembered == -1.5
    # Equal strength and sign: the earliest is named, the value is the same.
    r = J.peak_end([-4, 2, -4, 1])
    assert (r.intense_index, r.remembered) == (0, -1.5)


def test_a_stronger_positive_moment_still_wins():
    r = J.peak_end([-4, 4.5, 1])
    assert (r.intense_index, r.remembered) == (1, 2.75)  # (4.5 + 1) / 2


def test_single_moment():
    r = J.peak_end([2])
    assert (r.peak_index, r.valley_index, r.end_index, r.intense_index) == (0, 0, 0, 0)
    assert r.remembered == 2.0 and r.average == 2.0


def test_duration_neglect_longer_but_gentler_end_is_remembered_better():
    # Kahneman et al. (1993): adding a less painful tail improves the memory of the episode.
    short = J.peak_end([-4, -4, -4])
    longer = J.peak_end([-4, -4, -4, -2])
    assert short.remembered == -4.0
    assert longer.remembered == -3.0
    assert sum([-4, -4, -4, -2]) < sum([-4, -4, -4])  # more discomfort in total ...
    assert longer.remembered > short.remembered  # ... yet it is remembered as better


def test_scale_bounds_are_inclusive_and_numpy_numbers_accepted():
    np = pytest.importorskip("numpy")
    r = J.peak_end(np.array([-5.0, 5.0, 0.5]))
    assert r.valley == -5.0 and r.peak == 5.0
    assert isinstance(r.average, float)


def test_sample_journey_reference():
    j = J.sample_journey()
    r = J.peak_end(j.series("c1"))
    assert r.average == -0.125  # sum -2 over 16 touchpoints
    assert r.intense_index == 6  # 装维改约 -4: ties +4 (speed test) and the hotline -4
    assert r.remembered == -2.5  # (-4 + -1) / 2


@pytest.mark.parametrize(
    ("scores", "key"),
    [
        ([], "journey.error.empty_scores"),
        ((), "journey.error.empty_scores"),
        ([6], "journey.error.score_out_of_range"),
        ([0, -5.5], "journey.error.score_out_of_range"),
        ([math.nan], "journey.error.score_not_number"),
        ([1, "a"], "journey.error.score_not_number"),
        ([True], "journey.error.score_not_number"),
        ([None], "journey.error.score_not_number"),
        (None, "journey.error.scores_not_sequence"),
        ("123", "journey.error.scores_not_sequence"),
        (5, "journey.error.scores_not_sequence"),
    ],
)
def test_bad_input(scores, key):
    with pytest.raises(CXError) as info:
        J.peak_end(scores)
    assert info.value.key == key
    assert isinstance(info.value, ValueError)
    assert str(info.value) and str(info.value) != key  # the message is in the catalogue


def test_error_message_names_the_position():
    with pytest.raises(CXError) as info:
        J.peak_end([0, 1, 7])
    assert info.value.params["position"] == 3
    assert "3" in info.value.message("en") and "7" in info.value.message("en")


def test_result_is_frozen():
    r = J.peak_end([1])
    with pytest.raises(AttributeError):
        r.peak = 3  # type: ignore[misc]


# ------------------------------------------------------------------ explain


def test_explain_picks_the_sentence():
    labels = ["a", "b", "c", "d"]
    key, params = J.explain(J.peak_end([1, -4, 2, 1]), labels)
    assert key == "journey.explain.worse"
    assert params["intense"] == "b" and params["end"] == "d"
    assert params["remembered"] == "-1.5" and params["average"] == "0.0" and params["gap"] == "1.5"
    assert params["intense_value"] == "-4.0" and params["end_value"] == "+1.0"
    key, _ = J.explain(J.peak_end([-1, 0, 4]), ["a", "b", "c"])
    assert key == "journey.explain.better_end_is_intense"
    key, _ = J.explain(J.peak_end([1, 1, 1]), ["a", "b", "c"])
    assert key == "journey.explain.same"


def test_explain_checks_labels():
    with pytest.raises(CXError):
        J.explain(J.peak_end([1, 2]), ["only one"])


# ------------------------------------------------------------------- moves


BASE = [1, -4, 2, 1]


def test_raise_peak():
    assert J.raise_peak(BASE) == [1, -4, 3, 1]  # default: the peak, +1
    assert J.raise_peak(BASE, index=0, amount=2) == [3, -4, 2, 1]
    assert J.raise_peak([4.5], amount=2) == [5.0]  # clipped at +5
    assert BASE == [1, -4, 2, 1]  # input unchanged


def test_lift_valley():
    assert J.lift_valley(BASE) == [1, -2, 2, 1]  # default: the valley, +2
    assert J.lift_valley(BASE, index=3, amount=0.5) == [1, -4, 2, 1.5]
    lifted = J.peak_end(J.lift_valley(BASE, amount=3))  # -4 -> -1: the intense moment moves
    assert lifted.intense_index == 2 and lifted.remembered == 1.5  # (2 + 1) / 2


def test_strengthen_and_extend_end():
    assert J.strengthen_end(BASE, 2) == [1, -4, 2, 3]
    extended = J.extend_end(BASE, 3)
    assert extended == [1, -4, 2, 1, 3]
    assert J.peak_end(extended).remembered == -0.5  # (-4 + 3) / 2, was -1.5


def test_reorder_and_move():
    assert J.reorder(BASE, [1, 0, 3, 2]) == [-4, 1, 1, 2]
    assert J.move_moment(BASE, 1, 0) == [-4, 1, 2, 1]
    assert J.move_moment(BASE, 0, 3) == [-4, 2, 1, 1]
    # Ending on the good moment: remembered (-4 + 2) / 2 = -1 instead of -1.5.
    assert J.peak_end(J.move_moment(BASE, 2, 3)).remembered == -1.0


@pytest.mark.parametrize("order", [[0, 1, 2], [0, 0, 1, 2], [0, 1, 2, 4], [0.0, 1, 2, 3]])
def test_reorder_rejects_non_permutations(order):
    with pytest.raises(CXError) as info:
        J.reorder(BASE, order)
    assert info.value.key == "journey.error.bad_order"


@pytest.mark.parametrize(
    ("call", "key"),
    [
        (lambda: J.raise_peak(BASE, index=4), "journey.error.bad_position"),
        (lambda: J.raise_peak(BASE, index=-1), "journey.error.bad_position"),
        (lambda: J.raise_peak(BASE, amount=-1), "journey.error.bad_amount"),
        (lambda: J.lift_valley(BASE, amount=math.nan), "journey.error.bad_amount"),
        (lambda: J.extend_end(BASE, 9), "journey.error.score_out_of_range"),
        (lambda: J.move_moment(BASE, 0, 9), "journey.error.bad_position"),
        (lambda: J.strengthen_end([], 1), "journey.error.empty_scores"),
    ],
)
def test_moves_validate(call, key):
    with pytest.raises(CXError) as info:
        call()
    assert info.value.key == key


# ----------------------------------------------------------------- redesign


def _moments():
    return tuple(
        J.Moment(i, name, v) for i, name, v in zip("abcd", ["A", "B", "C", "D"], BASE, strict=True)
    )


def test_apply_redesign_all_four_moves():
    plan = J.Redesign(
        peak_id="c",
        peak_amount=2,
        valley_id="b",
        valley_amount=3,
        end_name="回访",
        end_value=3,
        move_id="a",
        move_to=3,
    )
    result = J.apply_redesign(_moments(), plan)
    # raise c: 2 -> 4; lift b: -4 -> -1; move a to the last place; then add the closing moment.
    assert [m.id for m in result.after] == ["b", "c", "d", "a", J.ADDED_END_ID]
    assert J.scores_of(result.after) == [-1, 4, 1, 1, 3]
    assert result.before_pe.remembered == -1.5
    assert result.after_pe.remembered == 3.5  # (4 + 3) / 2
    assert result.change == 5.0
    assert [m.id for m in result.before] == ["a", "b", "c", "d"]


def test_apply_redesign_strengthens_end_without_new_moment():
    result = J.apply_redesign(_moments(), J.Redesign(end_amount=2))
    assert J.scores_of(result.after) == [1, -4, 2, 3]
    assert result.after_pe.remembered == -0.5


def test_empty_plan_changes_nothing_and_unknown_ids_fail():
    result = J.apply_redesign(_moments(), J.Redesign())
    assert result.after == result.before and result.change == 0
    with pytest.raises(CXError):
        J.apply_redesign(_moments(), J.Redesign(peak_id="zz"))


def test_redesign_round_trip_and_suggestion():
    plan = J.Redesign(peak_id="c", end_name="回访", move_id="a", move_to=2)
    assert J.Redesign.from_dict(plan.to_dict()) == plan
    assert J.Redesign.from_dict({"peak_id": "c", "unknown": 1}).peak_id == "c"
    with pytest.raises(CXError):
        J.Redesign.from_dict({"end_value": 8})
    suggested = J.suggest_plan(_moments())
    assert suggested.peak_id == "c" and suggested.valley_id == "b"
