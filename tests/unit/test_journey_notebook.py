"""Every number notebook 04's prose and reference answers state about the sample, checked.

Each claim is listed next to the id of the cell that makes it: the test first finds the
exact sentence in that cell (so a change of the prose breaks the test and the claim is
re-checked), then computes the number with the analysis functions and compares it with
the value written here by hand (the prose's own figure), never with one the code produced.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxwidgets import journey as J

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "04_journey.ipynb"


def cell(cell_id: str) -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return next("".join(c["source"]) for c in cells if c.get("id") == cell_id)


def says(cell_id: str, sentence: str) -> None:
    assert sentence in cell(cell_id), f"cell {cell_id} no longer says: {sentence}"


@pytest.fixture
def today() -> tuple[J.Moment, ...]:
    """The sample's "现在的感受" curve (c1), as the page first shows it."""
    return J.sample_journey("zh-CN").episode("c1")


def values(moments: tuple[J.Moment, ...]) -> dict[str, float]:
    return {m.id: m.value for m in moments}


def remembered_after(moments: tuple[J.Moment, ...], **changes: float) -> J.PeakEnd:
    """Peak-end of the curve after dragging touchpoints (by id) to new values."""
    return J.peak_end([changes.get(m.id, m.value) for m in moments])


# ------------------------------------------------ l04-10: reading the curve


def test_l04_10_the_two_deepest_valleys_are_minus_4(today):
    says("l04-10", "**两个最深的谷**（-4）是“装维师傅电话临时改约”和“报修热线层层按键”")
    v = values(today)
    assert v["t7"] == -4 and v["t13"] == -4
    assert min(v.values()) == -4
    assert sorted(tp for tp, x in v.items() if x == -4) == ["t13", "t7"]


def test_l04_10_the_highest_peak_is_the_speed_test(today):
    says("l04-10", "**最高的峰**（+4）是“现场测速并教会用 App 管 Wi-Fi”")
    result = J.peak_end(J.scores_of(today))
    assert today[result.peak_index].id == "t10"
    assert result.peak == 4


def test_l04_10_the_end_is_minus_1(today):
    says("l04-10", "**结尾**落在 -1")
    result = J.peak_end(J.scores_of(today))
    assert today[result.end_index].id == "t16"
    assert result.end == -1


# ------------------------------------------------ l04-11: the peak-end rule


def test_l04_11_the_tie_rule_is_stated_and_applied():
    says("l04-11", "**好坏一样强烈时，算坏的那一刻。**")
    says("l04-11", "例如一个 +4、一个 -4")
    assert J.peak_end([4, 0, -4]).intense == -4
    assert J.peak_end([-4, 0, 4]).intense == -4


def test_l04_11_average_remembered_and_count(today):
    says("l04-11", "平均感受约为 -0.1")
    says(
        "l04-11",
        "离 0 最远的有三处：现场测速（+4）、临时改约（-4）和报修热线（-4），按上面的规则算坏的 -4",
    )
    says("l04-11", "结尾是续约（-1），所以客户记住的大约是 (-4 + -1) ÷ 2 = -2.5")
    says("l04-11", "十六个触点里有一半以上不差")
    result = J.peak_end(J.scores_of(today))
    assert round(result.average, 1) == -0.1
    assert sorted(m.id for m in today if abs(m.value) == 4) == ["t10", "t13", "t7"]
    assert result.intense == -4
    assert result.end == -1
    assert result.remembered == -2.5
    assert result.count == 16
    assert sum(1 for m in today if m.value >= 0) > 8


# ------------------------------------------------ l04-14: answers of exercise 3


def test_l04_14_an_ordinary_touchpoint_leaves_the_memory(today):
    says("l04-14", "把“每月账单短信”从 0 拖到 +3），平均感受会变，记住的感受仍是 -2.5")
    assert values(today)["t12"] == 0
    before = J.peak_end(J.scores_of(today))
    after = remembered_after(today, t12=3)
    assert after.average != before.average
    assert after.remembered == -2.5


def test_l04_14_fixing_one_of_two_equal_valleys_is_not_enough(today):
    says(
        "l04-14",
        "把“临时改约”从 -4 拖到 0，最强烈的时刻就换成了“报修热线”（同样 -4；"
        "它和测速的 +4 一样强，按规则算坏的），记住的感受仍是 -2.5",
    )
    after = remembered_after(today, t7=0)
    assert today[after.intense_index].id == "t13"
    assert after.intense == -4
    assert after.remembered == -2.5


def test_l04_14_a_good_last_moment(today):
    says("l04-14", "把最后一个触点从 -1 拖到 +3，记住的感受会从 -2.5 升到 (-4 + 3) ÷ 2 = -0.5")
    assert values(today)["t16"] == -1
    assert remembered_after(today, t16=3).remembered == -0.5


# ------------------------------------------------ l04-18: answers of exercise 4


def test_l04_18_the_default_combination_gives_plus_4(today):
    says(
        "l04-18",
        "按练习里的默认幅度（峰值提升 2 分、低谷抬高 3 分、新结尾 +3），记住的感受从 -2.5 升到 +4",
    )
    says(
        "l04-18", "测速升到 +5（量表的顶），成了最强烈的时刻，再加上 +3 的新结尾，(5 + 3) ÷ 2 = +4"
    )
    plan = J.Redesign(
        peak_id="t10",
        peak_amount=2,
        valley_id="t7",
        valley_amount=3,
        end_name="安装一周后的回访关怀",
        end_value=3,
    )
    result = J.apply_redesign(today, plan)
    assert result.before_pe.remembered == -2.5
    assert result.after[result.after_pe.intense_index].id == "t10"
    assert result.after_pe.intense == 5
    assert result.after_pe.remembered == 4
    # The page's what-if starts from this very plan.
    suggested = J.suggest_plan(today)
    assert (suggested.peak_id, suggested.valley_id) == ("t10", "t7")
    assert (J.Redesign().peak_amount, J.Redesign().valley_amount, J.Redesign().end_value) == (
        2,
        3,
        3,
    )


def test_l04_18_lifting_only_the_reschedule(today):
    says("l04-18", "只抬高“临时改约”，记住的感受仍是 -2.5，因为“报修热线”同样是 -4")
    result = J.apply_redesign(today, J.Redesign(valley_id="t7", valley_amount=3))
    assert result.after[result.after_pe.intense_index].id == "t13"
    assert result.after_pe.remembered == -2.5


def test_l04_18_only_a_good_new_ending(today):
    says("l04-18", "只在结尾新增一个 +3 的回访，记住的感受就从 -2.5 升到 (-4 + 3) ÷ 2 = -0.5")
    result = J.apply_redesign(today, J.Redesign(end_name="回访", end_value=3))
    assert result.after_pe.remembered == -0.5


def test_l04_18_lift_and_ending_without_the_peak(today):
    says("l04-18", "抬高“临时改约”再加上 +3 的结尾、但不拔高峰值，结果仍是 -0.5")
    says("l04-18", "要么把峰值拔得比 4 更高，要么把报修热线也修好")
    plan = J.Redesign(valley_id="t7", valley_amount=3, end_name="回访", end_value=3)
    assert J.apply_redesign(today, plan).after_pe.remembered == -0.5
    higher = J.Redesign(
        peak_id="t10", peak_amount=0.5, valley_id="t7", valley_amount=3, end_name="回访"
    )
    assert J.apply_redesign(today, higher).after_pe.remembered == 3.75  # (4.5 + 3) / 2
    # "Fix the hotline too": t7 lifted as in the plan and t13 as well, so +4 counts.
    both = J.apply_redesign(today, plan).after
    scores = [-1.0 if m.id == "t13" else m.value for m in both]
    assert J.peak_end(scores).remembered == 3.5  # (4 + 3) / 2
