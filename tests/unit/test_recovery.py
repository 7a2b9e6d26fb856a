"""Service recovery (cxwidgets.recovery): reply steps, the 5A rubric, the budget, the readers of
lectures 01 and 05, and the lecture-09 report section."""

from __future__ import annotations

import pytest

from cxwidgets import recovery
from cxwidgets.errors import CXError
from cxwidgets.reports import l09

pytestmark = pytest.mark.usefixtures("chinese")


# ----------------------------------------------------------------------------- steps
def test_ears_steps_found_with_their_offsets_in_order():
    text = "让您白等了，我很理解。非常抱歉。原因是师傅前一单超时了。我马上为您改派。"
    report = recovery.detect_steps(text, "ears")
    assert report.missing == ()
    assert report.order == ("empathize", "apologize", "respond", "solve")
    assert report.in_order
    start, end = report.found["respond"]
    assert text[start:end] == "原因是"
    start, end = report.found["empathize"]
    assert text[start:end] == "让您白等"  # the earliest empathy pattern


def test_missing_steps_and_a_solution_before_the_empathy_is_out_of_order():
    text = "我马上为您处理。理解您的心情。"
    report = recovery.detect_steps(text, "ears")
    assert report.missing == ("apologize", "respond")
    assert report.order == ("solve", "empathize")
    assert not report.in_order


def test_apology_before_acknowledging_is_in_order_for_5a():
    text = "非常抱歉，这确实是我们的失误。我现在就为您改派师傅，明天我再给您回电确认是否装好。"
    report = recovery.detect_steps(text, "fivea")
    assert report.missing == ()
    assert report.in_order
    assert report.order[:2] == ("apologize", "acknowledge")


def test_an_empty_reply_has_every_step_missing_and_an_unknown_model_is_refused():
    assert recovery.detect_steps("", "fivea").missing == recovery.FIVE_A
    with pytest.raises(CXError) as caught:
        recovery.detect_steps("抱歉", "heard")
    assert caught.value.key == "recovery.error.model"


# ----------------------------------------------------------------------------- rubric
def test_rubric_total_counts_unrated_steps_as_zero():
    assert recovery.rubric_total({"acknowledge": 2, "apologize": 1}) == 3
    assert recovery.rubric_total({}) == 0
    assert recovery.RUBRIC_MAX == 10


@pytest.mark.parametrize("ratings", [{"acknowledge": 3}, {"smile": 1}, {"act": True}, [1, 2]])
def test_bad_rubric_ratings_are_refused_with_their_key(ratings):
    with pytest.raises(CXError) as caught:
        recovery.rubric_total(ratings)
    assert caught.value.key == "recovery.error.rubric"


# ----------------------------------------------------------------------------- budget
def test_the_budget_uses_lecture_01s_clv_or_its_sample():
    sample = recovery.clv_source({})
    # 45 * 0.985 / (1 + (1.08 ** (1 / 12) - 1) - 0.985) = 2067.97 (lecture 01's course sample)
    assert sample["clv"] == pytest.approx(2067.97, abs=0.01)
    assert sample["source"] == "sample"


def test_budget_is_value_kept_minus_value_lost():
    assert recovery.budget(1600) == 1600.0
    assert recovery.budget(1600, 400) == 1200.0


@pytest.mark.parametrize(("cost", "verdict", "net"), [
    (300, "pays", 180.0),          # 0.3 * 1600 = 480 >= 300
    (480, "pays", 0.0),
    (1000, "budget_only", -520.0),  # above 480, within 1600
    (2000, "too_costly", -1520.0),
])
def test_assess_weighs_the_cost_against_the_expected_gain_and_the_budget(cost, verdict, net):
    result = recovery.assess(cost, 1600.0, 50, 80)
    assert result["uplift"] == pytest.approx(0.3)
    assert result["expected_gain"] == pytest.approx(480.0)
    assert result["verdict"] == verdict
    assert result["net"] == pytest.approx(net)


@pytest.mark.parametrize(("args", "key"), [
    ((-1, 1600, 50, 80), "recovery.error.cost"),
    (("x", 1600, 50, 80), "recovery.error.cost"),
    ((float("nan"), 1600, 50, 80), "recovery.error.cost"),
    ((10, 1600, 50, 120), "recovery.error.percent"),
    ((10, 1600, None, 80), "recovery.error.percent"),
    ((10, 1600, 80, 50), "recovery.error.chances"),
])
def test_assess_refuses_bad_estimates_with_their_key(args, key):
    with pytest.raises(CXError) as caught:
        recovery.assess(*args)
    assert caught.value.key == key


#: Lecture 01's calculator as a learner saved it: 600 a year, 85% retention, 10% discount:
#: CLV = 600 * 0.85 / (1 + 0.10 - 0.85) = 510 / 0.25 = 2040.
LEARNER_CLV = {"01/clv": {"value": {
    "margin": 600, "rate": 85, "rate_kind": "retention", "period": "year", "discount": 10,
    "discount_period": "year", "acquisition": 300, "horizon": 0}}}


def test_clv_source_uses_the_learners_lecture01_calculator():
    value = recovery.clv_source(LEARNER_CLV)
    assert value["clv"] == pytest.approx(2040.0) and value["source"] == "learner"


@pytest.mark.parametrize("sections", [
    {}, {"01/clv": {"value": "junk"}}, {"01/clv": {"value": {"margin": "lots"}}}, "not a dict",
])
def test_clv_source_falls_back_to_lecture01s_sample(sections):
    value = recovery.clv_source(sections)
    assert value["source"] == "sample" and value["clv"] == pytest.approx(2067.97, abs=0.01)


def test_failures_list_lecture05s_fail_points_first():
    # No blueprint of the learner's: lecture 05's reference blueprint has fail points r12, r19.
    items = recovery.failures({})
    blueprint_items = [item for item in items if item["source"] == "blueprint"]
    assert [item["id"] for item in blueprint_items[:2]] == ["fp:r12", "fp:r19"]
    assert items[: len(blueprint_items)] == blueprint_items
    assert [i["id"] for i in items[len(blueprint_items):]] == recovery.content()["failures"]


# ----------------------------------------------------------------------------- report
def test_report_section_is_none_for_an_untouched_lecture():
    assert l09.section({"sections": {}}, "zh-CN") is None


def test_report_section_shows_replies_with_feedback_and_the_plan_with_its_method():
    data = {"sections": {
        "09/coach": {"value": {"situation": "missed_install",
                               "replies": {"missed_install": "不行，你去问别人。"}}},
        "09/rubric": {"value": {"partner": "小王", "ratings": {"acknowledge": 2, "act": 1}}},
        "09/recovery": {"value": {
            "failure": "missed_install", "own": "",
            "actions": {"restitution": "减免首月月费", "resolution": "", "relationship": ""},
            "cost": 100, "keep_without": 50, "keep_with": 80}},
    }}
    html = l09.section(data, "zh-CN")
    assert '<mark class="cx-lang-mark cx-lang-refusal" data-rule="refusal"' in html
    assert "减免首月月费" in html
    assert 'data-verdict="pays"' in html  # 100 <= 0.3 * 1600
    assert "Knox" in html
    assert "总分 3 / 10" in html
    english = l09.section(data, "en")
    assert "3R recovery plan" in english
