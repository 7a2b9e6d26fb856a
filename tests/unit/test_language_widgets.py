"""Lecture 09 exercises driven as the browser does: coach, signals, structure, rubric, 3R plan."""

from __future__ import annotations

import html

import pytest

from cxwidgets import i18n, language_html
from cxwidgets.errors import CXError
from cxwidgets.language import review
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets
from cxwidgets.widgets.language import (
    ACTION_LIMIT,
    REPLY_LIMIT,
    Coach,
    Plan,
    Rubric,
    Signals,
    Structure,
)

pytestmark = pytest.mark.usefixtures("chinese")


@pytest.fixture
def session(new_session):
    return new_session("09")


def stored(session, section):
    session.workbook.flush()
    return session.workbook.get(section)


# ----------------------------------------------------------------------------- coach
def test_coach_marks_the_exact_words_and_says_why_with_a_rewrite(session, reopen):
    coach = Coach(session)
    user_sets(coach.box.area, "不行，你去问别人。")
    marked = coach.marked.value
    assert '<mark class="cx-lang-mark cx-lang-refusal" data-rule="refusal"' in marked
    assert ">不行</mark>" in marked
    assert 'data-rule="missing_empathy"' in marked  # the gap at the start
    feedback = coach.findings.value
    assert 'data-rule="not_my_job" data-start="3" data-end="8"' in feedback
    assert i18n.t("language.rule.not_my_job.rewrite") in feedback
    assert coach.box.count.value == "9 / 600 字"
    assert stored(session, "09/coach")["replies"] == {"missed_install": "不行，你去问别人。"}
    assert not coach.is_done()

    again = Coach(reopen(session))
    assert again.box.area.value == "不行，你去问别人。"
    assert ">不行</mark>" in again.marked.value


def test_coach_keeps_one_reply_per_situation_and_a_good_reply_is_done(session):
    coach = Coach(session)
    user_sets(coach.box.area, "不行。")
    user_sets(coach.picker, "repeat_outage")
    assert coach.box.area.value == ""
    assert 'data-situation="repeat_outage"' in coach.customer.value
    good = "一周断三次，真的非常抱歉。我现在为您升级处理，今天下午 3 点前师傅上门。"
    user_sets(coach.box.area, good)
    assert coach.findings.value == (
        f'<p class="cx-lang-good">{i18n.t("language.coach.good")}</p>')
    assert coach.is_done()
    user_sets(coach.picker, "missed_install")
    assert coach.box.area.value == "不行。"
    assert session.workbook.is_done("09/coach") is True


def test_coach_cuts_a_too_long_reply_with_a_message(session):
    coach = Coach(session)
    user_sets(coach.box.area, "好" * (REPLY_LIMIT + 5))
    assert coach.state["replies"]["missed_install"] == "好" * REPLY_LIMIT
    assert coach.box.area.value == "好" * REPLY_LIMIT
    assert "5" in coach.message.value and 'role="alert"' in coach.message.value


def test_coach_model_reply_opens_and_closes(session):
    coach = Coach(session)
    assert coach.model.layout.display == "none"
    user_clicks(coach.model_button)
    assert i18n.t("language.situation.missed_install.model") in coach.model.value
    user_clicks(coach.model_button)
    assert coach.model.layout.display == "none"


def test_coach_loads_other_states_refuses_unknown_situations_and_damaged_values(session):
    coach = Coach(session)
    coach.load({"situation": "wrong_bill", "replies": {"wrong_bill": "你好", "nope": "x"}})
    assert coach.picker.value == "wrong_bill" and coach.box.area.value == "你好"
    assert coach.state["replies"] == {"wrong_bill": "你好"}
    coach.load(["not", "a", "dict"])
    assert coach.state == coach.initial_state()
    with pytest.raises(CXError) as caught:
        coach.pick("nowhere")
    assert caught.value.key == "language.error.situation"
    assert coach.picker.value == "missed_install"


def test_coach_switches_language_and_closing_frees_listeners(session):
    before = i18n.listener_count()
    coach = Coach(session)
    user_sets(coach.box.area, "不行。")
    i18n.set_language("en")
    assert html.escape(i18n.t("language.rule.refusal.rewrite", "en")) in coach.findings.value
    assert coach.picker.label == i18n.t("language.situation.missed_install.context", "en")
    i18n.set_language("zh-CN")
    close_tree(coach.widget)
    assert i18n.listener_count() == before


def test_highlight_escapes_the_reply_and_marks_overlaps():
    text = "<b>你</b>不行"
    page = language_html.highlight(text, review(text))
    assert "&lt;b&gt;" in page and "<b>" not in page
    assert 'data-rule="informal_you"' in page and ">不行</mark>" in page


# ----------------------------------------------------------------------------- signals
def test_signals_emotion_and_reply_feedback_then_the_solution_locks(session):
    signals = Signals(session)
    row = next(r for r in signals.rows if r.item.code == "shouting")
    user_sets(row.choice, "anger")
    assert 'data-correct="1"' in row.feedback.value
    assert i18n.t("language.emotion.anger.strategy") in row.feedback.value
    group, feedback = signals.responses["shouting"]
    user_sets(group, 0)
    assert 'data-correct="0"' in feedback.value and "第 2 条" in feedback.value
    user_sets(group, 1)
    assert 'data-correct="1"' in feedback.value
    assert signals.response_line.value == "回应选对 1 / 1"
    user_clicks(signals.solution_button)
    assert group.disabled and group.correct == 1
    user_sets(group, 2)
    assert stored(session, "09/signals")["responses"] == {"shouting": 1}
    assert stored(session, "09/signals")["response_score"] == {"right": 1, "answered": 1, "total": 8}


def test_signals_clean_drops_unknown_and_invalid_replies(session):
    signals = Signals(session)
    signals.load({"answers": {"sigh": "disappointment"}, "responses": {"sigh": 1, "x": 0,
                                                                      "proof": True, "deadline": 7}})
    assert signals.state["responses"] == {"sigh": 1}
    assert signals.responses["sigh"][0].value == 1


# ----------------------------------------------------------------------------- structure
def test_structure_takes_the_coach_reply_and_shows_missing_steps(session):
    coach = Coach(session)
    user_sets(coach.box.area, "我马上为您处理。")
    structure = Structure(session)
    user_clicks(structure.copy)
    assert structure.box.area.value == "我马上为您处理。"
    assert 'data-model="ears" data-missing="empathize apologize respond"' in structure.result.value
    user_sets(structure.box.area, "理解您的着急，非常抱歉。原因是师傅超时了。我马上为您改派。")
    assert 'data-model="ears" data-missing=""' in structure.result.value
    assert structure.is_done()
    assert stored(session, "09/structure")["missing"]["ears"] == []


def test_structure_without_a_coach_reply_says_so(session):
    structure = Structure(session)
    user_clicks(structure.copy)
    assert structure.state["reply"] == ""
    assert i18n.t("recovery.structure.no_coach") in structure.message.value


# ----------------------------------------------------------------------------- rubric
def test_rubric_scores_a_partner_and_survives_a_reload(session, reopen):
    rubric = Rubric(session)
    user_sets(rubric.partner, "小王")
    user_sets(rubric.situation, "repeat_outage")
    for row, value in zip(rubric.rows, (2, 2, 1, 0, 2), strict=True):
        user_sets(row.rating, value)
    assert 'data-total="7"' in rubric.total.value
    assert "快速行动" in rubric.total.value  # the weakest step
    user_sets(rubric.notes.area, "道歉很真诚；下次给出具体上门时间。")
    assert rubric.is_done()
    again = Rubric(reopen(session))
    assert again.partner.value == "小王" and again.situation.value == "repeat_outage"
    assert [row.rating.value for row in again.rows] == [2, 2, 1, 0, 2]
    assert again.notes.area.value == "道歉很真诚；下次给出具体上门时间。"
    assert stored(again.session, "09/rubric")["total"] == 7


def test_rubric_refuses_a_bad_rating_and_keeps_the_state(session):
    rubric = Rubric(session)
    user_sets(rubric.rows[0].rating, 2)
    user_sets(rubric.rows[0].rating, 5)
    assert rubric.state["ratings"] == {"acknowledge": 2}
    assert rubric.rows[0].rating.value == 2
    assert 'role="alert"' in rubric.message.value


# ----------------------------------------------------------------------------- plan
def test_plan_budget_from_the_sample_and_a_verdict(session, reopen):
    # No lecture-01 work: lecture 01's course sample, 45 a month, churn 1.5% a month, 8% a year:
    # i = 1.08 ** (1 / 12) - 1 = 0.0064340; CLV = 45 * 0.985 / (1 + 0.0064340 - 0.985) = 2067.97
    plan = Plan(session)
    assert 'data-source="sample"' in plan.budget.value
    assert 'data-budget="2067.97"' in plan.budget.value
    user_sets(plan.cost, 1500.0)
    assert 'data-verdict="budget_only"' in plan.budget.value  # 0.3 * 2067.97 = 620 < 1500
    user_sets(plan.keep_without, 20)
    assert 'data-gain="1240.78"' in plan.budget.value  # (0.8 - 0.2) * 2067.97
    assert 'data-verdict="budget_only"' in plan.budget.value
    user_sets(plan.cost, 2500.0)
    assert 'data-verdict="too_costly"' in plan.budget.value
    for r, text in (("restitution", "减免首月月费"), ("resolution", "改派单规则"),
                    ("relationship", "当晚回电")):
        user_sets(plan.actions[r].area, text)
    assert plan.is_done()
    value = stored(session, "09/recovery")
    assert value["result"]["verdict"] == "too_costly" and value["clv"]["source"] == "sample"
    again = Plan(reopen(session))
    assert again.cost.value == 2500.0 and again.keep_without.value == 20
    assert again.actions["relationship"].area.value == "当晚回电"


def test_plan_refuses_a_negative_cost_and_a_lower_chance_with_recovery(session):
    plan = Plan(session)
    user_sets(plan.cost, -5.0)
    assert plan.state["cost"] == 0.0 and plan.cost.value == 0.0
    assert i18n.t("recovery.error.cost", value=-5.0) in plan.message.value
    user_sets(plan.keep_with, 30)  # below the 50% without recovery
    assert plan.state["keep_with"] == 80 and plan.keep_with.value == 80
    assert 'role="alert"' in plan.message.value


def test_plan_own_failure_and_long_actions_are_cut_with_a_message(session):
    plan = Plan(session)
    assert plan.own.box.layout.display == "none"
    user_sets(plan.picker, "own")
    assert plan.own.box.layout.display != "none"
    user_sets(plan.own.area, "光猫被雷击坏")
    user_sets(plan.actions["restitution"].area, "送" * (ACTION_LIMIT + 1))
    assert len(plan.state["actions"]["restitution"]) == ACTION_LIMIT
    assert 'role="alert"' in plan.message.value
    assert stored(session, "09/recovery")["own"] == "光猫被雷击坏"


def test_plan_lists_lecture05_fail_points_and_uses_lecture01s_clv(session):
    from test_recovery import LEARNER_CLV

    session.workbook.set("01/clv", LEARNER_CLV["01/clv"]["value"])
    plan = Plan(session)
    label, value = plan.picker.options[0]  # lecture 05's reference blueprint: r12 first
    assert value == "fp:r12" and label.endswith("临时改约或迟到")
    user_sets(plan.picker, "fp:r12")
    assert plan.state["failure_text"] == "临时改约或迟到"
    assert 'data-source="learner"' in plan.budget.value and "2,040" in plan.budget.value


def test_plan_damaged_estimates_fall_back_to_the_defaults(session):
    plan = Plan(session)
    plan.load({"failure": "nowhere", "cost": "lots", "keep_without": 90, "keep_with": 10,
               "actions": {"restitution": 5, "resolution": "修好"}})
    assert plan.state["failure"] == "missed_install"
    assert plan.state["cost"] == 0.0 and plan.state["keep_with"] == 80
    assert plan.state["actions"] == {"restitution": "", "resolution": "修好", "relationship": ""}


def test_every_exercise_closes_without_leaving_listeners(session):
    before = i18n.listener_count()
    for cls in (Coach, Signals, Structure, Rubric, Plan):
        close_tree(cls(session).widget)
    assert i18n.listener_count() == before


def test_signals_start_again_clears_the_replies_and_english_relabels(session):
    signals = Signals(session)
    group, _feedback = signals.responses["proof"]
    user_sets(group, 0)
    user_clicks(signals.solution_button)
    user_clicks(signals.restart_button)
    user_clicks(next(b for b in signals.confirm.children if "cx-quiz-restart-yes" in b._dom_classes))
    assert signals.state["responses"] == {} and not group.disabled
    i18n.set_language("en")
    assert group.options[0][0].startswith("1. \"I'm sending the last 7 days")
    i18n.set_language("zh-CN")
