"""Lecture 05 analysis: the blueprint model, every check, the flow and the FMEA ranking.

Every expected value is worked out by hand in the comments, never with the code under test.
"""

from __future__ import annotations

import json

import pytest

from cxwidgets import blueprint as B
from cxwidgets import journey as J
from cxwidgets.errors import CXError

pytestmark = pytest.mark.usefixtures("chinese")


def bp(*steps: dict, source: str = "empty") -> B.Blueprint:
    return B.Blueprint.from_dict({"steps": list(steps), "source": source})


def step(step_id: str, lane: str, column: int = 0, **fields) -> dict:
    return {"id": step_id, "lane": lane, "column": column, **fields}


def codes(findings, check=None):
    return [(f.check, f.step) for f in findings if check is None or f.check == check]


# ----------------------------------------------------------------------------- model
def test_round_trip_and_json():
    original = bp(
        step("b1", "customer", 0, text="下单", duration=5, links=["b2"], touchpoint="t5"),
        step("b2", "onstage", 0, text="App 核验", owner="App", status="assumed",
             fail={"text": "证件识别失败", "prevention": "p", "recovery": "r", "owner": "o",
                   "severity": 4, "occurrence": 3, "detection": 2, "gap": 2}),
        step("b3", "backstage", 1, wait={"standard": 30, "tolerance": 20}),
        source="sample",
    )
    again = B.Blueprint.from_dict(json.loads(original.to_json()))
    assert again == original
    assert again.source == "sample"
    assert again.step("b2").fail.risk == 24  # 4 x 3 x 2
    assert again.step("b3").wait == B.Wait(30.0, 20.0)


def test_dangling_and_self_links_dropped_ids_generated():
    blueprint = B.Blueprint.from_dict(
        {"steps": [{"lane": "customer", "links": ["b1", "b9", "b2"]}, {"lane": "onstage"}]}
    )
    assert [s.id for s in blueprint.steps] == ["b1", "b2"]
    assert blueprint.step("b1").links == ("b2",)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"steps": [{"lane": "middle"}]}, "blueprint.error.bad_lane"),
        ({"steps": [{"lane": "customer", "status": "maybe"}]}, "blueprint.error.bad_status"),
        ({"steps": [{"lane": "customer", "column": -1}]}, "blueprint.error.bad_column"),
        ({"steps": [{"lane": "customer", "duration": "soon"}]}, "blueprint.error.bad_number"),
        ({"steps": [{"lane": "customer", "duration": -3}]}, "blueprint.error.number_range"),
        ({"steps": [{"lane": "customer", "text": "x" * 121}]}, "blueprint.error.too_long"),
        ({"steps": [{"lane": "customer", "fail": {"severity": 11}}]}, "blueprint.error.bad_rating"),
        ({"steps": [{"lane": "customer", "fail": {"gap": 4}}]}, "blueprint.error.bad_gap"),
        ({"steps": [{"id": "b1", "lane": "customer"}, {"id": "b1", "lane": "support"}]},
         "blueprint.error.duplicate_id"),
        ({"steps": "nope"}, "blueprint.error.bad_json"),
        ({"steps": [{"lane": "customer"}] * 81}, "blueprint.error.too_many_steps"),
    ],
)
def test_bad_input_names_the_problem(raw, key):
    with pytest.raises(CXError) as caught:
        B.Blueprint.from_dict(raw)
    assert caught.value.key == key


def test_field_name_is_translated_in_the_message():
    with pytest.raises(CXError) as caught:
        B.Blueprint.from_dict({"steps": [{"lane": "customer", "duration": "soon"}]})
    assert "时长（分钟）" in caught.value.message("zh-CN")
    assert "Duration (minutes)" in caught.value.message("en")


def test_from_journey_customer_actions_in_order():
    journey = J.Journey.from_dict(
        {
            "title": "装宽带",
            "stages": [
                {"id": "s1", "name": "咨询", "touchpoints": [{"id": "t1", "name": "看单页"},
                                                              {"id": "t2", "name": "打热线"}]},
                {"id": "s2", "name": "等待", "touchpoints": []},
                {"id": "s3", "name": "安装", "touchpoints": [{"id": "t3", "name": "上门"}]},
            ],
        }
    )
    blueprint = B.from_journey(journey)
    assert [(s.id, s.lane, s.text, s.column, s.touchpoint, s.links) for s in blueprint.steps] == [
        ("b1", "customer", "看单页", 0, "t1", ("b2",)),
        ("b2", "customer", "打热线", 1, "t2", ("b3",)),
        ("b3", "customer", "等待", 2, None, ("b4",)),
        ("b4", "customer", "上门", 3, "t3", ()),
    ]
    assert blueprint.source == "journey" and blueprint.title == "装宽带"


def test_sample_journey_gives_sixteen_customer_actions():
    blueprint = B.from_journey(J.sample_journey("zh-CN"), "sample")
    assert len(blueprint.steps) == 16
    assert blueprint.steps[6].text == "装维师傅电话临时改约" and blueprint.steps[6].touchpoint == "t7"


def test_editing_functions():
    blueprint = bp(step("b1", "customer", 0, links=["b2"]), step("b2", "customer", 1))
    added, new_id = B.add_step(blueprint, "onstage", 1, "前台")
    assert new_id == "b3" and added.step("b3").column == 1
    moved = B.move_step(added, "b3", -5)
    assert moved.step("b3").column == 0  # not before column 0
    removed = B.remove_step(moved, "b2")
    assert [s.id for s in removed.steps] == ["b1", "b3"] and removed.step("b1").links == ()
    with pytest.raises(CXError) as caught:
        B.update_step(blueprint, "b1", links=["b1"])
    assert caught.value.key == "blueprint.error.bad_link"
    with pytest.raises(CXError) as caught:
        B.update_step(blueprint, "b7", text="x")
    assert caught.value.key == "blueprint.error.unknown_step"


def test_reading_order_and_numbers():
    blueprint = bp(
        step("b1", "support", 1), step("b2", "customer", 0), step("b3", "evidence", 1),
        step("b4", "onstage", 0),
    )
    # column 0: customer (b2) above onstage (b4); column 1: evidence (b3) above support (b1)
    assert blueprint.numbers() == {"b2": 1, "b4": 2, "b3": 3, "b1": 4}


def test_lines_between_lanes():
    assert B.lines_between("customer", "onstage") == ("interaction",)
    assert B.lines_between("support", "onstage") == ("visibility", "internal")
    assert B.lines_between("evidence", "customer") == ()


# ----------------------------------------------------------------------------- checks
def test_customer_alone_counterparts():
    blueprint = bp(
        step("b1", "customer", 0),                      # alone
        step("b2", "customer", 1), step("b3", "evidence", 1),  # evidence in the column
        step("b4", "customer", 2, links=["b5"]), step("b5", "onstage", 5),  # linked onstage
        step("b6", "customer", 3), step("b7", "backstage", 3),  # backstage does not count
        step("b8", "customer", 4), step("b9", "support", 4),    # technology (support) counts
    )
    assert codes(B.check_customer_alone(blueprint)) == [
        ("customer_alone", "b1"),
        ("customer_alone", "b6"),
    ]


def test_onstage_unsupported():
    blueprint = bp(
        step("b1", "onstage", 0),                               # nothing behind it
        step("b2", "onstage", 1), step("b3", "backstage", 1),   # same column
        step("b4", "onstage", 2), step("b5", "support", 6, links=["b4"]),  # linked from support
        step("b6", "onstage", 3), step("b7", "customer", 3),    # a customer is no support
    )
    assert codes(B.check_onstage_unsupported(blueprint)) == [
        ("onstage_unsupported", "b1"),
        ("onstage_unsupported", "b6"),
    ]


def test_fail_incomplete_lists_missing_fields():
    blueprint = bp(
        step("b1", "onstage", 0, fail={"text": "改约"}),
        step("b2", "onstage", 1, fail={"prevention": "锁定", "recovery": "致歉", "owner": "调度"}),
        step("b3", "onstage", 2, fail={"prevention": "锁定", "owner": " "}),
    )
    findings = B.check_fail_incomplete(blueprint)
    assert [(f.step, f.params["missing"]) for f in findings] == [
        ("b1", ["prevention", "recovery", "owner"]),
        ("b3", ["recovery", "owner"]),
    ]


def test_wait_over_tolerance():
    blueprint = bp(
        step("b1", "customer", 0, wait={"standard": 2880, "tolerance": 1440}),
        step("b2", "customer", 1, wait={"standard": 30, "tolerance": 30}),  # equal is fine
    )
    findings = B.check_wait_tolerance(blueprint)
    assert codes(findings) == [("wait_over", "b1")]
    assert findings[0].params == {"standard": 2880.0, "tolerance": 1440.0, "over": 1440.0}


def test_handoffs_across_lines_with_a_new_owner():
    blueprint = bp(
        step("b1", "onstage", 0, owner="装维师傅", links=["b2", "b3", "b4", "b5"]),
        step("b2", "backstage", 0, owner="调度中心"),      # crosses visibility, new owner
        step("b3", "backstage", 1, owner="装维 师傅"),     # same owner (spacing ignored)
        step("b4", "onstage", 2, owner="App"),             # no line crossed
        step("b5", "support", 3, owner="仓库", fail={}),   # handled: marked as a fail point
        step("b6", "customer", 4, links=["b7"]),
        step("b7", "onstage", 4, owner="客服"),            # customer -> onstage is not a handoff
    )
    findings = B.check_handoffs(blueprint)
    assert codes(findings) == [("handoff", "b2")]
    assert findings[0].params == {"from_step": "b1", "lines": ["visibility"]}
    assert findings[0].level == "note"


def test_loop_found_and_durations_not_summed():
    blueprint = bp(
        step("b1", "customer", 0, duration=5, links=["b2"]),
        step("b2", "onstage", 1, duration=10, links=["b3"]),
        step("b3", "backstage", 2, duration=20, links=["b2"]),  # b2 -> b3 -> b2: rework
    )
    result = B.flow(blueprint)
    assert result.loop == ("b2", "b3", "b2") and result.path == () and result.total is None
    assert codes(B.check_loops(blueprint)) == [("loop", "b2")]


def test_critical_path_is_the_longest_chain():
    # b1(5) -> b2(10) -> b4(1) = 16 ; b1(5) -> b3(30) -> b4(1) = 36 ; b5(40) alone = 40
    blueprint = bp(
        step("b1", "customer", 0, duration=5, links=["b2", "b3"]),
        step("b2", "onstage", 1, duration=10, links=["b4"]),
        step("b3", "backstage", 1, duration=30, links=["b4"]),
        step("b4", "customer", 2, duration=1),
        step("b5", "support", 3, duration=40),
    )
    assert B.flow(blueprint) == B.Flow(path=("b5",), total=40.0)
    longer = B.update_step(blueprint, "b4", duration=10)  # 5 + 30 + 10 = 45 > 40
    assert B.flow(longer) == B.Flow(path=("b1", "b3", "b4"), total=45.0)
    assert B.check_loops(longer) == []


def test_valleys_of_the_sample_curve():
    # sample c1: t1 -1, t2 1, t3 0, t4 -3, t5 3, t6 1, t7 -4, t8 3, t9 -2, t10 4, t11 1,
    # t12 0, t13 -4, t14 2, t15 -2, t16 -1: at most -2 and below neither neighbour:
    assert B.valleys(J.sample_journey("zh-CN")) == ["t4", "t7", "t9", "t13", "t15"]


def test_valley_without_fail_point():
    journey = J.sample_journey("zh-CN")
    blueprint = bp(
        step("b1", "customer", 0, touchpoint="t7"),
        step("b2", "onstage", 0, fail={"text": "改约"}),   # fail point in t7's column
        step("b3", "customer", 1, touchpoint="t9"),        # valley, nothing marked
        step("b4", "customer", 2, touchpoint="t10"),       # a peak, not a valley
    )
    findings = B.check_valleys(blueprint, journey)
    assert codes(findings) == [("valley", "b3")]
    assert findings[0].params == {"touchpoint": "t9", "value": -2.0}
    assert B.check_valleys(blueprint, None) == []


def test_run_checks_order_and_one_fix_clears_one_finding():
    blueprint = bp(step("b1", "customer", 0), step("b2", "onstage", 1, fail={}))
    assert codes(B.run_checks(blueprint)) == [
        ("customer_alone", "b1"),
        ("onstage_unsupported", "b2"),
        ("fail_incomplete", "b2"),
    ]
    fixed = B.update_step(blueprint, "b2", fail={"prevention": "p", "recovery": "r", "owner": "o"})
    assert ("fail_incomplete", "b2") not in codes(B.run_checks(fixed))


def test_reference_blueprint_is_clean_but_for_handoff_notes():
    reference = B.reference_blueprint("zh-CN")
    assert len(reference.steps) == 31
    findings = B.run_checks(reference, J.sample_journey("zh-CN"))
    assert {f.level for f in findings} == {"note"}
    assert reference.step("r12").fail.text == "临时改约或迟到"
    assert B.reference_blueprint("en").step("r12").fail.text.startswith("Last-minute")


# ----------------------------------------------------------------------------- ranking
def test_emotion_weight():
    assert B.emotion_weight(None) == 1.0
    assert B.emotion_weight(3) == 1.0
    assert B.emotion_weight(-5) == 2.0
    assert B.emotion_weight(-2.5) == 1.5


def test_ranking_by_weighted_risk():
    journey = J.sample_journey("zh-CN")  # t7 -4, t9 -2, t10 +4
    blueprint = bp(
        # RPN 7*6*4 = 168, emotion -4 -> weight 1.8 -> 302.4
        step("b1", "onstage", 0, touchpoint="t7",
             fail={"severity": 7, "occurrence": 6, "detection": 4, "gap": 3}),
        # RPN 10*5*5 = 250, at t10 (+4) -> weight 1 -> 250
        step("b2", "onstage", 1, touchpoint="t10",
             fail={"severity": 10, "occurrence": 5, "detection": 5, "gap": 2}),
        # no touchpoint of its own: that of the customer action in its column (t9, -2)
        # RPN 5*4*6 = 120 -> weight 1.4 -> 168
        step("b3", "customer", 2, touchpoint="t9"),
        step("b4", "backstage", 2, fail={"severity": 5, "occurrence": 4, "detection": 6}),
        step("b5", "support", 3, fail={"severity": 5}),  # not fully rated
    )
    ranked = B.rank_fail_points(blueprint, journey)
    assert [(r.step, r.rank, r.rpn, r.touchpoint, r.emotion, r.weighted, r.gap) for r in ranked] == [
        ("b1", 1, 168, "t7", -4.0, pytest.approx(302.4), 3),
        ("b2", 2, 250, "t10", 4.0, 250.0, 2),
        ("b4", 3, 120, "t9", -2.0, pytest.approx(168.0), None),
        ("b5", None, None, None, None, None, None),
    ]


def test_ranking_ties_go_to_higher_rpn_then_reading_order():
    blueprint = bp(
        step("b1", "onstage", 0, fail={"severity": 2, "occurrence": 2, "detection": 2}),  # 8
        step("b2", "onstage", 1, fail={"severity": 2, "occurrence": 2, "detection": 2}),  # 8
    )
    assert [r.step for r in B.rank_fail_points(blueprint)] == ["b1", "b2"]


# ----------------------------------------------------------------------------- reader
def test_fail_points_from_the_learner():
    saved = bp(
        step("b1", "customer", 0, text="确认时段", touchpoint="t7"),
        step("b2", "onstage", 0, text="来电", fail={"text": "", "severity": 2, "occurrence": 5,
                                                   "detection": 1, "gap": 3}),
    ).to_dict()
    sections = {"05/blueprint": {"value": {"blueprint": saved}}}
    # RPN 10, touchpoint t7 (sample, -4) -> weight 1.8 -> 18; text falls back to the step's
    assert B.fail_points(sections, "zh-CN") == [
        {"id": "b2", "text": "来电", "touchpoint": "t7", "gap": 3, "risk": pytest.approx(18.0)}
    ]


def test_fail_points_fall_back_to_the_reference():
    for sections in ({}, {"05/blueprint": {"value": "garbage"}},
                     {"05/blueprint": {"value": {"blueprint": {"steps": [{"lane": "??"}]}}}},
                     {"05/blueprint": {"value": {"blueprint": {"steps": []}}}}):
        points = B.fail_points(sections, "en")
        # reference: r12 168 x 1.8 = 302.4 ; r19 120 x 1.4 = 168 ; r18 90 x 1.4 = 126
        assert [(p["id"], p["gap"]) for p in points] == [("r12", 3), ("r19", 2), ("r18", 2)]
        assert [p["risk"] for p in points] == pytest.approx([302.4, 168.0, 126.0])
        assert points[0]["text"] == "Last-minute rescheduling or late arrival"
        assert points[0]["touchpoint"] == "t7"
