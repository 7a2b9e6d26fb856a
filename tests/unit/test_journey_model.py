"""The journey data model: sample, JSON and DataFrame round trips, editing, key touchpoints."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cxwidgets import journey as J
from cxwidgets.errors import CXError

SYLLABUS_STAGES = [
    "了解/咨询",
    "办理/下单",
    "预约上门",
    "安装调试",
    "使用",
    "故障报修",
    "续约/升级",
]


@pytest.fixture
def sample() -> J.Journey:
    return J.sample_journey("zh-CN")


def test_sample_has_the_seven_broadband_stages(sample):
    assert [s.name for s in sample.stages] == SYLLABUS_STAGES
    assert J.default_stage_names() == SYLLABUS_STAGES
    assert len(sample.touchpoints()) == 16
    assert {tp.kind for tp in sample.touchpoints()} == set(J.KINDS)
    assert {tp.tag for tp in sample.touchpoints()} == set(J.TAGS)
    assert [c.id for c in sample.curves] == ["c1", "c2"]
    assert all(len(c.values) == 16 for c in sample.curves)


def test_sample_in_english_keeps_ids_and_values(sample):
    english = J.sample_journey("en")
    assert [tp.id for tp in english.touchpoints()] == [tp.id for tp in sample.touchpoints()]
    assert english.series("c1") == sample.series("c1")
    assert english.stages[0].name == "Learn / enquire"
    assert all(
        not any("\u4e00" <= ch <= "\u9fff" for ch in tp.name) for tp in english.touchpoints()
    )


def test_starter_journey_is_empty_with_default_stages():
    starter = J.starter_journey("zh-CN", title="我的门店")
    assert [s.name for s in starter.stages] == SYLLABUS_STAGES
    assert starter.touchpoints() == [] and starter.curves == ()
    assert starter.title == "我的门店"


def test_dict_round_trip(sample):
    data = sample.to_dict()
    assert data["version"] == J.SCHEMA_VERSION
    text = json.dumps(data, ensure_ascii=False)
    assert J.Journey.from_dict(json.loads(text)) == sample
    assert json.loads(sample.to_json()) == data


def test_frame_round_trip_with_an_empty_stage(sample):
    journey = J.add_stage(sample, "复盘", position=3)
    frame = J.to_frame(journey)
    assert list(frame.columns[:9]) == [*J.FRAME_COLUMNS, "position"]
    assert "emotion:现在的感受" in frame.columns
    assert len(frame) == 17  # 16 touchpoints + 1 row for the empty stage
    assert J.from_frame(frame) == journey


def test_frame_from_a_loose_table_with_chinese_labels():
    frame = pd.DataFrame(
        {
            "stage": ["到店", "到店", "结账"],
            "touchpoint": ["门头招牌", "迎宾问候", "扫码付款"],
            "kind": ["物理", "人际", "digital"],
            "senses": ["视觉", "听觉；视觉".replace("；", ";"), ""],
            "tag": ["", "爽点", "痛点"],
            "emotion:现在": [1, 3, -2],
        }
    )
    journey = J.from_frame(frame, title="咖啡店")
    assert [s.name for s in journey.stages] == ["到店", "结账"]
    tps = journey.touchpoints()
    assert [tp.kind for tp in tps] == ["physical", "interpersonal", "digital"]
    assert tps[1].senses == ("sight", "hearing")
    assert tps[2].senses == ()
    assert [tp.tag for tp in tps] == ["none", "delight", "pain"]
    assert journey.series() == [1.0, 3.0, -2.0]
    assert journey.curves[0].name == "现在" and journey.title == "咖啡店"


def test_frame_errors_name_the_row():
    frame = pd.DataFrame(
        {"stage": ["a", "a"], "touchpoint": ["x", "y"], "kind": ["digital", "robot"]}
    )
    with pytest.raises(CXError) as info:
        J.from_frame(frame)
    assert info.value.key == "journey.error.bad_row" and info.value.params["row"] == 3
    with pytest.raises(CXError) as info:
        J.from_frame(pd.DataFrame({"stage": ["a"]}))
    assert info.value.key == "journey.error.missing_columns"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"stages": [{"name": ""}]}, "journey.error.empty_stage_name"),
        (
            {"stages": [{"name": "a", "touchpoints": [{"name": "x", "kind": "robot"}]}]},
            "journey.error.bad_kind",
        ),
        (
            {"stages": [{"name": "a", "touchpoints": [{"name": "x", "tag": "meh"}]}]},
            "journey.error.bad_tag",
        ),
        (
            {"stages": [{"name": "a", "touchpoints": [{"name": "x", "senses": ["sixth"]}]}]},
            "journey.error.bad_sense",
        ),
        (
            {
                "stages": [
                    {
                        "name": "a",
                        "touchpoints": [{"id": "t1", "name": "x"}, {"id": "t1", "name": "y"}],
                    }
                ]
            },
            "journey.error.duplicate_id",
        ),
        (
            {
                "stages": [{"name": "a", "touchpoints": [{"id": "t1", "name": "x"}]}],
                "curves": [{"name": "c", "values": {"t1": 8}}],
            },
            "journey.error.score_out_of_range",
        ),
        (
            {"stages": [{"name": "a"}], "curves": [{"name": "c", "colour": "blue"}]},
            "journey.error.bad_colour",
        ),
        ({"stages": "oops"}, "journey.error.bad_json"),
        ([], "journey.error.bad_json"),
        ({"stages": [{"name": "x" * 81}]}, "journey.error.long_name"),
    ],
)
def test_from_dict_validates(data, key):
    with pytest.raises(CXError) as info:
        J.Journey.from_dict(data)
    assert info.value.key == key


def test_from_dict_fills_defaults_and_drops_unknown_values():
    journey = J.Journey.from_dict(
        {
            "stages": [{"name": "a", "touchpoints": [{"name": "x", "kind": "digital"}]}],
            "curves": [{"name": "c", "values": {"t1": 2, "gone": 1}}],
        }
    )
    tp = journey.touchpoints()[0]
    assert tp.id == "t1" and tp.senses == J.KIND_SENSES["digital"] and tp.tag == "none"
    assert journey.curves[0].values == {"t1": 2.0} and journey.curves[0].colour == J.PALETTE[0]


# ------------------------------------------------------------------ editing


def test_stage_editing(sample):
    j = J.add_stage(sample, "回访")
    assert j.stages[-1].name == "回访" and j.stages[-1].id == "s8"
    j = J.rename_stage(j, "s8", "售后回访")
    j = J.move_stage(j, "s8", -1)
    assert [s.id for s in j.stages][-2:] == ["s8", "s7"]
    j = J.move_stage(j, "s1", -5)  # stays first
    assert j.stages[0].id == "s1"
    j = J.remove_stage(j, "s1")
    assert "t1" not in {tp.id for tp in j.touchpoints()}
    assert "t1" not in j.curve("c1").values  # values of removed touchpoints go too
    with pytest.raises(CXError):
        J.rename_stage(j, "s8", "  ")
    assert sample.stages[0].id == "s1"  # the original is unchanged


def test_touchpoint_editing(sample):
    j, new_id = J.add_touchpoint(
        sample, "s7", "续约后回访电话", kind="interpersonal", tag="delight", value=2
    )
    assert new_id == "t17"
    assert j.stages[-1].touchpoints[-1].senses == J.KIND_SENSES["interpersonal"]
    assert j.curve("c1").values["t17"] == 2 and j.curve("c2").values["t17"] == 2
    j = J.update_touchpoint(
        j, new_id, name="回访电话", senses=["hearing"], note="一周内", tag="itch"
    )
    tp = j.touchpoint(new_id)
    assert (tp.name, tp.senses, tp.note, tp.tag) == ("回访电话", ("hearing",), "一周内", "itch")
    with pytest.raises(CXError):
        J.update_touchpoint(j, new_id, colour="red")
    with pytest.raises(CXError):
        J.update_touchpoint(j, new_id, name="")
    j2 = J.remove_touchpoint(j, new_id)
    assert new_id not in j2.curve("c1").values and len(j2.touchpoints()) == 16


def test_add_touchpoint_without_value_leaves_curves_undrawn(sample):
    j, new_id = J.add_touchpoint(sample, "s1", "门店", kind="physical", position=0)
    assert j.stages[0].touchpoints[0].id == new_id
    assert j.series("c1")[0] is None
    assert len(j.episode("c1")) == 16


def test_move_touchpoint_within_and_across_stages(sample):
    j = J.move_touchpoint(sample, "t2", -1)
    assert [tp.id for tp in j.stages[0].touchpoints] == ["t2", "t1", "t3"]
    j = J.move_touchpoint(sample, "t3", 1)  # last of stage 1 -> first of stage 2
    assert [tp.id for tp in j.stages[1].touchpoints][:1] == ["t3"]
    j = J.move_touchpoint(sample, "t4", -1)  # first of stage 2 -> last of stage 1
    assert [tp.id for tp in j.stages[0].touchpoints][-1] == "t4"
    assert J.move_touchpoint(sample, "t1", -1) == sample  # already first
    assert J.move_touchpoint(sample, "t16", 1) == sample  # already last
    assert j.curve("c1").values == sample.curve("c1").values  # values follow the touchpoint


def test_curve_editing(sample):
    j, cid = J.add_curve(sample, "改进后")
    assert cid == "c3" and j.curve(cid).colour == J.PALETTE[2]
    assert j.series(cid) == [0.0] * 16
    j, blank = J.add_curve(j, "空白", fill=None)
    assert j.series(blank) == [None] * 16 and j.episode(blank) == ()
    j = J.update_curve(j, cid, name="理想", colour="#123ABC")
    assert j.curve(cid).name == "理想" and j.curve(cid).colour == "#123abc"
    j = J.set_series(j, cid, [1] * 15 + [None])
    assert j.series(cid)[-1] is None and len(j.episode(cid)) == 15
    with pytest.raises(CXError):
        J.set_series(j, cid, [1] * 3)
    with pytest.raises(CXError):
        J.set_series(j, cid, [9] * 16)
    j = J.remove_curve(j, cid)
    assert [c.id for c in j.curves] == ["c1", "c2", blank]
    with pytest.raises(CXError):
        j.curve(cid)


def test_bands_follow_stages(sample):
    bands = sample.bands()
    assert [(b["start"], b["end"]) for b in bands] == [
        (0, 3),
        (3, 5),
        (5, 7),
        (7, 10),
        (10, 12),
        (12, 14),
        (14, 16),
    ]


# ------------------------------------------------------------ key touchpoints


def test_key_touchpoints_of_the_sample(sample):
    keys = J.suggest_key_touchpoints(sample, "c1")
    got = dict(zip(keys["touchpoint_id"], keys["reasons"], strict=True))
    assert got == {
        "t1": ("pain",),
        "t4": ("pain",),
        "t7": ("valley", "intense", "pain"),  # -4, first of the two -4s
        "t9": ("pain",),
        "t10": ("peak",),  # +4
        "t13": ("deep", "pain"),  # the other -4
        "t16": ("end",),
    }
    assert keys.loc[keys["touchpoint_id"] == "t7", "value"].item() == -4.0


def test_key_touchpoints_without_curves_lists_pain_points():
    j = J.Journey.from_dict(
        {"stages": [{"name": "a", "touchpoints": [{"name": "x", "tag": "pain"}, {"name": "y"}]}]}
    )
    keys = J.suggest_key_touchpoints(j)
    assert list(keys["touchpoint_id"]) == ["t1"] and keys["value"].isna().all()


def test_episode_and_redesign_on_a_journey(sample):
    moments = sample.episode("c1")
    plan = J.Redesign(valley_id="t7", valley_amount=5, end_name="回访关怀电话", end_value=3)
    result = J.apply_redesign(moments, plan)
    # t7 -4 -> +1: now |+4| (#10, the speed test) and |-4| (#13, the fault hotline) tie,
    # and the negative one counts as the most intense; the new end is +3.
    assert result.after_pe.intense_index == 12
    assert result.after_pe.remembered == -0.5  # (-4 + 3) / 2
    assert result.before_pe.remembered == -2.5
    assert result.after[-1].name == "回访关怀电话"
