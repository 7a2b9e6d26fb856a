"""The gap model (Parasuraman, Zeithaml & Berry 1985; Zeithaml, Bitner & Gremler) and diagnosis."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxwidgets import gaps, i18n, servqual
from cxwidgets.errors import CXError


def test_model_structure():
    assert [g.id for g in gaps.GAPS] == ["listening", "design", "performance", "communication",
                                         "customer"]
    assert [g.number for g in gaps.GAPS] == [1, 2, 3, 4, 5]
    assert gaps.PROVIDER_GAPS == ("listening", "design", "performance", "communication")
    lever_ids = {lv.id for lv in gaps.LEVERS}
    # the five levers named in the course outline, plus promise management for gap 4
    assert {"review", "redesign", "hiring", "training", "innovation", "promise"} == lever_ids
    cause_ids = [c.id for c in gaps.CAUSES]
    assert len(cause_ids) == len(set(cause_ids))
    for cause in gaps.CAUSES:
        assert cause.gap in gaps.PROVIDER_GAPS
        assert cause.levers and set(cause.levers) <= lever_ids
        assert cause.text("zh-CN") != cause.text("en")  # both languages in the catalogue
        assert cause.text_key in i18n.catalogue()
    for gap_id in gaps.PROVIDER_GAPS:
        assert len(gaps.causes_of(gap_id)) >= 3
    # every lever is reachable from some cause
    assert {lv for c in gaps.CAUSES for lv in c.levers} == lever_ids
    assert set(gaps.CASE_EVIDENCE) == set(cause_ids)
    for symptom in gaps.CASE_SYMPTOMS:
        assert set(symptom.causes) <= set(cause_ids)
    for dimension, linked in gaps.DIMENSION_LINKS.items():
        assert dimension in servqual.DIMENSIONS
        assert set(linked) <= set(gaps.PROVIDER_GAPS)


def test_model_frame():
    frame = gaps.model_frame("en")
    assert len(frame) == len(gaps.CAUSES)
    assert frame.loc["overpromise", "gap_number"] == 4
    assert "Promise management" in frame.loc["overpromise", "levers"]
    assert gaps.model_frame("zh-CN").loc["research", "gap_name"] == "倾听差距"


def test_failures_cover_every_provider_gap():
    assert len(gaps.FAILURES) >= 12
    counts = pd.Series([f.gap for f in gaps.FAILURES]).value_counts()
    assert set(counts.index) == {1, 2, 3, 4}
    assert counts.min() >= 3
    assert len({f.id for f in gaps.FAILURES}) == len(gaps.FAILURES)
    for failure in gaps.FAILURES:
        for key in (failure.text_key, failure.why_key):
            texts = i18n.catalogue()[key]
            assert texts["zh-CN"].strip() and texts["en"].strip(), key


def test_check_classification():
    answers = {"f_gigabit": 4, "f_weekend": 2, "f_all_day": 2}
    table = gaps.check_classification(answers)
    assert table.attrs == {"answered": 3, "right": 2, "total": len(gaps.FAILURES)}
    assert bool(table.at["f_gigabit", "correct"]) is True
    assert bool(table.at["f_weekend", "correct"]) is False
    assert table.at["f_weekend", "expected"] == 3
    assert pd.isna(table.at["f_tomorrow", "correct"])
    with pytest.raises(CXError):
        gaps.check_classification({"f_gigabit": 5})
    with pytest.raises(CXError):
        gaps.check_classification({"nope": 1})


def test_diagnose_hand_computed():
    evidence = {
        # listening: 3 + 3 + 0 + 2 over 4 rated causes -> 8/12 -> 66.67 (upward unrated)
        "research": 3, "research_focus": 3, "upward": None, "relationship": 0, "recovery": 2,
        # design: only standards rated, 1/3 -> 33.33
        "standards": 1,
        # performance: nothing rated -> NaN
        # communication: 3 + 3 over 2 -> 100
        "overpromise": 3, "integration": 3,
    }
    result = gaps.diagnose(evidence)
    table = result.gaps
    assert table.at["listening", "score"] == pytest.approx(200 / 3)
    assert table.at["listening", "rated"] == 4
    assert table.at["listening", "causes"] == 5
    assert table.at["listening", "strong"] == 3
    assert table.at["design", "score"] == pytest.approx(100 / 3)
    assert math.isnan(table.at["performance", "score"])
    assert table.at["communication", "score"] == pytest.approx(100.0)
    assert list(table["priority"]) == [True, False, False, True]
    assert table.at["communication", "rank"] == 1 and table.at["listening", "rank"] == 2
    assert result.focus == ("communication", "listening")
    # levers from causes rated >= 2 in the focus gaps:
    # review: research 3 + research_focus 3 + recovery 2 = 8 ; promise: 3 + 3 = 6 ;
    # redesign: recovery 2
    assert list(result.levers.index) == ["review", "promise", "redesign"]
    assert list(result.levers["support"]) == [8, 6, 2]
    assert result.levers.at["promise", "causes"] == ["integration", "overpromise"]
    assert result.levers.at["review", "gaps"] == ["listening"]
    assert result.customer is None and result.check_first == ()


def test_diagnose_without_priority_names_the_largest():
    evidence = {c.id: 1 for c in gaps.CAUSES}
    result = gaps.diagnose(evidence)
    assert not result.gaps["priority"].any()
    assert result.focus == ("listening",)  # all tie at 33.3: model order decides
    assert result.levers.empty
    assert gaps.diagnose({c.id: 0 for c in gaps.CAUSES}).focus == ()
    assert gaps.diagnose({}).focus == ()


def test_diagnose_threshold():
    result = gaps.diagnose({"standards": 2, "design": 1}, threshold=40)
    assert result.gaps.at["design", "score"] == pytest.approx(50.0)
    assert result.focus == ("design",)
    assert result.threshold == 40


@pytest.mark.parametrize("value", [4, -1, 1.5, "strong"])
def test_bad_evidence(value):
    with pytest.raises(CXError) as info:
        gaps.diagnose({"research": value})
    assert info.value.key == "gaps.error.evidence_value"


def test_unknown_cause():
    with pytest.raises(ValueError, match="weather"):
        gaps.diagnose({"weather": 2})


def test_customer_gap_from_servqual_result():
    answers = pd.DataFrame({
        "respondent": [1, 1, 1, 1, 1],
        "item": [1, 5, 10, 14, 18],
        "expectation": [6, 7, 6, 6, 6],
        "perception": [6, 4, 5, 6, 5],
    })
    weights = {"tangibles": 10, "reliability": 40, "responsiveness": 20, "assurance": 10,
               "empathy": 20}
    scores = servqual.score(answers, weights)
    # gaps 0, -3, -1, 0, -1 ; weighted = (-120 - 20 - 20)/100 = -1.6
    table = gaps.customer_gap(scores)
    assert table.attrs == {"overall": pytest.approx(-1.6), "weighted": True}
    assert table.at["reliability", "gap"] == -3
    unweighted = gaps.customer_gap(servqual.score(answers))
    assert unweighted.attrs["overall"] == pytest.approx(-1.0)
    assert unweighted.attrs["weighted"] is False
    result = gaps.diagnose(gaps.CASE_EVIDENCE, scores)
    assert result.customer_overall == pytest.approx(-1.6)
    assert result.check_first == gaps.DIMENSION_LINKS["reliability"]
    mapping = gaps.customer_gap({"empathy": -0.5})
    assert math.isnan(mapping.at["tangibles", "gap"])
    assert mapping.attrs["overall"] == -0.5
    with pytest.raises(CXError):
        gaps.customer_gap({"speed": -1})
    with pytest.raises(CXError):
        gaps.customer_gap(pd.DataFrame({"x": [1]}))


def test_case_solution_discriminates():
    result = gaps.diagnose(gaps.CASE_EVIDENCE)
    scores = result.gaps["score"]
    # listening 9/15, design 4/9, performance 13/21, communication 9/12
    assert scores["listening"] == pytest.approx(60.0)
    assert scores["design"] == pytest.approx(400 / 9)
    assert scores["performance"] == pytest.approx(1300 / 21)
    assert scores["communication"] == pytest.approx(75.0)
    assert result.focus == ("communication", "performance", "listening")
    assert not result.gaps.at["design", "priority"]


def test_every_error_key_exists_in_both_languages():
    import re
    from pathlib import Path

    source = Path(gaps.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'CXError\(\s*"([^"]+)"', source))
    assert keys
    catalogue = i18n.catalogue()
    for key in keys:
        assert catalogue[key]["zh-CN"] and catalogue[key]["en"], key


def test_content_is_codes_only_and_texts_follow_the_language():
    import json

    text = gaps.CONTENT_PATH.read_text(encoding="utf-8")
    content = json.loads(text)
    assert '"zh-CN"' not in text and '"en"' not in text and "_zh" not in text
    assert [entry["code"] for entry in content["failures"]] == [f.id for f in gaps.FAILURES]
    assert gaps.gap("listening").name("zh-CN") == "倾听差距"
    assert gaps.gap("listening").name("en") == "Listening gap"
    assert gaps.lever("promise").name("en") == "Promise management and honest communication"
    i18n.set_language("en")
    try:
        assert gaps.FAILURES[0].text().startswith("The company assumed")
        assert gaps.CASE_SYMPTOMS[0].text().startswith("About four in ten")
    finally:
        i18n.set_language("zh-CN")
    assert gaps.FAILURES[0].text().startswith("公司以为")


def test_broken_content_fails_loudly(tmp_path):
    import json

    content = json.loads(gaps.CONTENT_PATH.read_text(encoding="utf-8"))
    content["causes"][0]["levers"] = ["nope"]
    content["failures"][0]["gap"] = 5
    path = tmp_path / "gaps.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ValueError, match=r"research.*f_speed_focus"):
        gaps._load_content(path)


def test_stored_values_are_cleaned():
    assert gaps.stored_answers({"answers": {"f_gigabit": 4, "f_weekend": 7, "nope": 1,
                                            "f_tomorrow": True, "f_channels": "4"}}) == {
        "f_gigabit": 4}
    assert gaps.stored_answers(None) == {} and gaps.stored_answers({"answers": []}) == {}
    assert gaps.stored_evidence({"research": 3, "upward": 4, "tools": False, "x": 1,
                                 "design": 0}) == {"research": 3, "design": 0}
    assert gaps.stored_evidence("junk") == {}


def test_customer_source_prefers_the_learners_servqual_result():
    sections = {
        "02/questionnaire": {"value": {"answers": {"5": [7, 4], "1": [6, 6]}}},
        "02/weights": {"value": {"points": {}}},
    }
    scores, kind = gaps.customer_source(sections)
    assert kind == "learner"
    assert scores.at["reliability", "gap"] == -3
    assert scores.at["tangibles", "gap"] == 0
    sample, kind = gaps.customer_source({})
    assert kind == "sample" and len(sample) == 5
