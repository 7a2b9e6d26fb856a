"""The positive-language coach's rules (cxwidgets.language): each rule on positive and negative
examples, exact offsets checked by slicing, the alternative-with-a-time exception, rule data."""

from __future__ import annotations

import copy

import pytest

from cxwidgets import i18n, language
from cxwidgets.errors import CXError

pytestmark = pytest.mark.usefixtures("chinese")

# A reply with empathy, a solution and a next step: only the phrase under test can be flagged.
FRAME = "非常抱歉让您久等了。{}我现在为您安排师傅，今天下午 3 点前回电。"
# Refusals are checked with nothing after them (the frame's solution would excuse them).
BEFORE = "非常抱歉让您久等了，我已经为您登记，今天下午 3 点前回电。{}"
GOOD = "让您白等了一上午，非常抱歉。我现在为您改派师傅，今天下午 3 点前上门，出发前会给您打电话。"


def rules_of(text: str) -> list[str]:
    return [f.rule for f in language.review(text)]


def flagged(text: str, rule: str) -> list[str]:
    """The exact characters flagged by ``rule`` (sliced with the finding's offsets)."""
    return [text[f.start:f.end] for f in language.review(text) if f.rule == rule]


def test_a_good_reply_and_a_blank_one_give_no_findings():
    assert language.review(GOOD) == []
    assert language.review("") == []
    assert language.review("   \n") == []


@pytest.mark.parametrize(("phrase", "words"), [
    ("这个不行。", ["不行"]),
    ("系统里改不了，没办法。", ["没办法"]),
    ("这个我们解决不了。", ["解决不了"]),
    ("今天不可能上门了。", ["不可能"]),
    ("这个做不到。", ["做不到"]),
    ("不能退。", ["不能"]),
])
def test_refusal_without_an_alternative_is_flagged_on_its_exact_characters(phrase, words):
    text = BEFORE.format(phrase)
    assert flagged(text, "refusal") == words


def test_refusal_offsets_are_exact():
    text = "您好，不行。"
    finding = next(f for f in language.review(text) if f.rule == "refusal")
    assert (finding.start, finding.end) == (3, 5)
    assert finding["start"] == 3 and finding["rule"] == "refusal"  # a mapping too
    assert finding.scope == "span"
    assert finding.suggestion == i18n.t("language.rule.refusal.rewrite")


@pytest.mark.parametrize("text", [
    "今天不能上门了，我可以为您安排明天上午 9 点，您看可以吗？非常抱歉让您久等。",
    "非常抱歉，这个套餐不行，但我可以给您换成 79 元的套餐，今天就能生效。",
    "抱歉让您久等，系统没办法直接改，我来帮您提交申请，3 个工作日内处理好。",
])
def test_a_refusal_followed_by_an_alternative_with_a_time_passes(text):
    assert "refusal" not in rules_of(text)


def test_a_refusal_followed_by_an_alternative_without_a_time_is_still_flagged():
    text = BEFORE.format("今天不能上门，我们会另外安排。")
    assert flagged(text, "refusal") == ["不能"]


def test_a_refusal_with_a_time_but_no_alternative_is_still_flagged():
    text = BEFORE.format("不行，明天也一样。")
    assert flagged(text, "refusal") == ["不行"]


def test_an_alternative_far_after_the_refusal_does_not_excuse_it():
    filler = "这个情况我们内部核实了很多遍，确实是系统规则的限制，具体的原因也和很多因素都有关系，" * 2
    text = f"非常抱歉让您久等。不行，{filler}，我可以为您安排明天上午。"
    assert len(filler) > language.DEFAULT_WITHIN
    assert flagged(text, "refusal") == ["不行"]


@pytest.mark.parametrize("text", [
    FRAME.format("能不能麻烦您把光猫的照片发给我？"),
    FRAME.format("这次绝不能让您再白等。"),
])
def test_polite_questions_and_commitments_holding_bu_neng_are_not_refusals(text):
    assert "refusal" not in rules_of(text)


@pytest.mark.parametrize(("phrase", "words"), [
    ("这个不归我管。", ["不归我管"]),
    ("这跟我们没关系。", ["跟我们没关系"]),
    ("您去问别人吧。", ["您去问别人"]),
    ("这不是我们的责任。", ["不是我们的责任"]),
])
def test_not_my_job(phrase, words):
    assert flagged(FRAME.format(phrase), "not_my_job") == words


def test_taking_the_problem_on_is_not_not_my_job():
    text = FRAME.format("这个需要装维班组处理，我来帮您联系。")
    assert "not_my_job" not in rules_of(text)


@pytest.mark.parametrize(("phrase", "words"), [
    ("您自己把密码输错了。", ["您自己把密码输错了"]),
    ("您应该早点报修。", ["您应该"]),
    ("是您的问题。", ["是您的问题"]),
    ("您填错了地址。", ["您填错了"]),
])
def test_blame(phrase, words):
    assert flagged(FRAME.format(phrase), "blame") == words


def test_ying_gai_as_probably_is_not_blame():
    text = FRAME.format("您应该会收到一条确认短信。")
    assert "blame" not in rules_of(text)


@pytest.mark.parametrize(("phrase", "words"), [
    ("急什么。", ["急什么"]),
    ("我已经说过了。", ["我已经说过了"]),
    ("您怎么还不明白？", ["您怎么还不明白"]),
])
def test_impatience(phrase, words):
    assert flagged(FRAME.format(phrase), "impatience") == words


def test_understanding_the_hurry_is_not_impatience():
    assert "impatience" not in rules_of("您这么着急，我完全理解。我现在为您加急派单，2 点前回电。")


def test_conditional_apology():
    text = "如果给您带来不便的话，我们道歉。我现在为您安排师傅，今天下午 3 点前回电。"
    assert flagged(text, "conditional_apology") == ["如果给您带来不便的话，我们道歉"]
    plain = "给您带来不便，我们道歉。我现在为您安排师傅，今天下午 3 点前回电。"
    assert "conditional_apology" not in rules_of(plain)


def test_ni_where_nin_is_expected():
    text = "非常抱歉让你久等了，我现在为你安排师傅，今天下午 3 点前回电。"
    found = [f for f in language.review(text) if f.rule == "informal_you"]
    assert [(f.start, f.end) for f in found] == [(5, 6), (14, 15)]
    assert all(text[f.start:f.end] == "你" for f in found)
    assert "informal_you" not in rules_of(text.replace("你", "您"))
    assert "informal_you" not in rules_of(FRAME.format("你们的反馈很重要。"))


def test_missing_empathy_is_a_text_level_finding_at_the_start():
    text = "我现在为您安排师傅，今天下午 3 点前回电。"
    found = [f for f in language.review(text) if f.rule == "missing_empathy"]
    assert [(f.start, f.end, f.scope) for f in found] == [(0, 0, "text")]
    assert "missing_empathy" not in rules_of("理解您的着急。" + text)


def test_missing_solution_and_next_step_are_text_level_findings_at_the_end():
    text = "非常抱歉让您久等了。"
    findings = {f.rule: (f.start, f.end, f.scope) for f in language.review(text)}
    assert findings == {"missing_solution": (10, 10, "text"), "missing_next_step": (10, 10, "text")}
    with_solution = text + "我现在为您改派师傅。"
    assert rules_of(with_solution) == ["missing_next_step"]
    assert rules_of(with_solution + "今天下午 3 点前上门。") == []


def test_findings_are_sorted_by_offset_and_carry_why_and_a_rewrite():
    text = "不行，你去问别人。"
    findings = language.review(text)
    assert [(f.rule, f.start, f.end) for f in findings] == [
        ("refusal", 0, 2),
        ("missing_empathy", 0, 0),
        ("not_my_job", 3, 8),
        ("informal_you", 3, 4),
        ("missing_solution", 9, 9),
        ("missing_next_step", 9, 9),
    ]
    assert all(f.why and f.suggestion for f in findings)


def test_suggestions_follow_the_language_asked_for():
    english = language.review("不行。", language="en")
    assert english[0].suggestion == i18n.t("language.rule.refusal.rewrite", "en")
    assert english[0].suggestion.startswith("Say what you can do")


def test_every_model_reply_of_the_course_passes_the_coach():
    from cxwidgets import recovery

    for situation in recovery.content()["situations"]:
        text = i18n.t(f"language.situation.{situation['id']}.model")
        assert language.review(text) == [], situation["id"]


# ----------------------------------------------------------------------------- rule data
def test_a_trainer_can_add_a_rule_as_data():
    data = copy.deepcopy(language.rules_data())
    data["rules"].append({"id": "policy", "kind": "phrase", "category": "refusal",
                          "patterns": ["规定就是这样"], "why": "language.rule.refusal.why",
                          "rewrite": "language.rule.refusal.rewrite"})
    rules = language.rules_from_data(data)
    text = FRAME.format("规定就是这样。")
    assert [text[f.start:f.end] for f in language.review(text, rules) if f.rule == "policy"] == [
        "规定就是这样"]


def test_a_bad_pattern_is_refused_with_its_key():
    data = copy.deepcopy(language.rules_data())
    data["rules"][0]["patterns"] = ["(不行"]
    with pytest.raises(CXError) as caught:
        language.rules_from_data(data)
    assert caught.value.key == "language.error.pattern"


@pytest.mark.parametrize("change", [
    {"kind": "sometimes"}, {"category": "unknown"}, {"why": ""}, {"patterns": "不行"},
])
def test_a_malformed_rule_is_refused_with_its_key(change):
    data = copy.deepcopy(language.rules_data())
    data["rules"][0].update(change)
    with pytest.raises(CXError) as caught:
        language.rules_from_data(data)
    assert caught.value.key == "language.error.rules"


def test_duplicate_rule_ids_are_refused():
    data = copy.deepcopy(language.rules_data())
    data["rules"].append(copy.deepcopy(data["rules"][0]))
    with pytest.raises(CXError) as caught:
        language.rules_from_data(data)
    assert caught.value.key == "language.error.rules"


def test_every_rule_has_its_texts_in_both_languages():
    catalogue = i18n.catalogue()
    for rule in language.load_rules().rules:
        for key in (rule.why_key, rule.rewrite_key, f"language.category.{rule.category}"):
            assert set(catalogue[key]) >= set(i18n.LANGUAGES), key
