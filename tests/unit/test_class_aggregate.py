"""The class dashboards' analysis (``cxwidgets.classroom.aggregate``) and their charts.

Classes of 3-6 learners are built by hand (values in the shape the exercises save) or by
driving the real exercises into temporary workbooks. Every expected figure is worked out
here by hand from the Kano evaluation table (Berger et al. 1993), the SERVQUAL item list,
the peak-end rule and the gap scores' definition (100 x mean evidence / 3), never with the
code under test.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pandas as pd
import pytest

from cxwidgets import charts
from cxwidgets.classroom import aggregate as A
from cxwidgets.classroom import charts as C
from cxwidgets.widgets.exercise import user_sets
from cxwidgets.widgets.gaps import Diagnosis
from cxwidgets.widgets.kano import Questionnaire
from cxwidgets.widgets.servqual import Questionnaire as Questionnaire02
from cxwidgets.widgets.servqual import Weights

pytestmark = pytest.mark.usefixtures("chinese")

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TABLE = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")  # rows functional 1-5, columns dysf.
PRIORITY = "MOAIRQ"  # the course's tie rule: fix the basics first
FEATURES = [line.split(",")[0] for line in
            (DATA / "kano_features.csv").read_text("utf-8-sig").splitlines()[1:] if line]
SAMPLE_JOURNEY = json.loads((DATA / "journey_sample.json").read_text("utf-8"))
SAMPLE_C1 = SAMPLE_JOURNEY["curves"][0]["values"]
SAMPLE_C2 = SAMPLE_JOURNEY["curves"][1]["values"]
KANO = "03/kano_questionnaire"


def counts(result):
    return {key: result[key] for key in ("n_learners", "n_answered", "not_yet", "damaged")}


def sample_journey(values=None):
    """The sample journey's saved form with its first curve's values replaced."""
    from cxwidgets import journey as J

    data = J.sample_journey("en").to_dict()
    if values is not None:
        data["curves"][0]["values"] = dict(values)
    return data


def widget_values(session):
    """What the learner's workbook holds: ``{section: value}`` (the store sends this)."""
    session.workbook.flush()
    return {name: entry["value"] for name, entry in session.workbook.sections().items()}


# ------------------------------------------------------------------------------- 03 KANO


KANO_CLASS = {
    # speed_as_promised, install_on_time, repair_2h, clear_bill
    "ann": {KANO: {"features": None, "answers": [[1, 5], [2, 5], [1, 3], [1, 5]]}},  # O M A O
    "bo": {KANO: {"features": None, "answers": [[1, 5], [1, 5], [3, 3], [2, 5]]}},   # O O I M
    "cy": {KANO: {"features": None, "answers": [[2, 5], [2, 5], [None, 3]]}},        # M M - -
    "dee": {},                                                                        # not yet
    "eve": {KANO: "damaged"},
}


def test_kano_class_table_counts_categories_by_hand():
    result = A.lecture_03(KANO_CLASS)
    assert counts(result) == {"n_learners": 5, "n_answered": 3, "not_yet": ["dee"],
                              "damaged": ["eve"]}
    table = result["table"].set_index("feature")
    assert list(table.index) == FEATURES[:4]
    speed = table.loc["speed_as_promised"]
    assert (speed["A"], speed["O"], speed["M"], speed["I"], speed["n"]) == (0, 2, 1, 0, 3)
    assert speed["category"] == "O"
    assert speed["better"] == pytest.approx(2 / 3) and speed["worse"] == pytest.approx(-1)
    install = table.loc["install_on_time"]
    assert (install["O"], install["M"], install["category"]) == (1, 2, "M")
    assert install["better"] == pytest.approx(1 / 3)
    repair = table.loc["repair_2h"]  # cy answered only half of the pair: not counted
    assert (repair["A"], repair["I"], repair["n"]) == (1, 1, 2)
    assert repair["category"] == "A"  # A and I tie: A comes first in the course's rule
    assert repair["better"] == pytest.approx(0.5) and repair["worse"] == pytest.approx(0)
    bill = table.loc["clear_bill"]
    assert (bill["O"], bill["M"], bill["category"]) == (1, 1, "M")  # O-M tie: M first


def _sample_categories() -> dict[str, str]:
    """The sample survey's winning category per feature, counted with plain pandas."""
    survey = pd.read_csv(DATA / "kano_survey.csv", encoding="utf-8-sig")
    survey["category"] = [TABLE[f - 1][d - 1] for f, d in
                          zip(survey["functional"], survey["dysfunctional"], strict=True)]
    out = {}
    for feature, part in survey.groupby("feature"):
        tally = part["category"].value_counts()
        best = tally.max()
        out[feature] = next(c for c in PRIORITY if tally.get(c, 0) == best)
    return out


def test_kano_class_against_the_sample_survey():
    result = A.lecture_03(KANO_CLASS)
    sample = _sample_categories()
    compare = result["compare"].set_index("feature")
    assert list(compare.index) == FEATURES  # every course feature, class answers or not
    for feature in FEATURES:
        assert compare.loc[feature, "sample_category"] == sample[feature]
    assert compare.loc["speed_as_promised", "class_category"] == "O"
    assert bool(compare.loc["speed_as_promised", "same"]) is (sample["speed_as_promised"] == "O")
    assert compare.loc["install_on_time", "class_n"] == 3
    assert pd.isna(compare.loc["one_stop", "class_category"])
    assert not compare.loc["one_stop", "same"]
    points = result["points"]
    assert set(points.loc[points["source"] == "class", "feature"]) == set(FEATURES[:4])
    assert set(points.loc[points["source"] == "sample", "feature"]) == set(FEATURES)


def test_kano_learners_own_features_and_repeats():
    value = {"features": ["Fast help", "Fast help", "speed_as_promised"],
             "answers": [[1, 3], [5, 5], [2, 5], [1, 1]]}
    result = A.lecture_03({"ann": {KANO: value}})
    table = result["table"].set_index("feature")
    assert table.loc["Fast help", "A"] == 1 and table.loc["Fast help", "n"] == 1  # first pair
    assert table.loc["speed_as_promised", "category"] == "M"
    compare = result["compare"].set_index("feature")
    assert pd.isna(compare.loc["Fast help", "sample_category"])


def test_kano_empty_class():
    result = A.lecture_03({})
    assert counts(result) == {"n_learners": 0, "n_answered": 0, "not_yet": [], "damaged": []}
    assert result["table"].empty
    assert len(result["compare"]) == len(FEATURES)
    assert set(result["points"]["source"]) == {"sample"}


@pytest.mark.parametrize("value", [
    {"features": "x", "answers": []}, {"answers": "x"}, [1, 2], {"features": [1], "answers": []},
])
def test_kano_damaged_values_are_skipped(value):
    result = A.lecture_03({"ann": {KANO: value}, "bo": KANO_CLASS["bo"]})
    assert result["damaged"] == ["ann"] and result["n_answered"] == 1


def test_kano_answers_of_learners_driven_through_the_questionnaire(new_session):
    answers = {}
    for learner, pairs in {"ann": [(1, 5), (2, 5)], "bo": [(1, 5), (3, 3)],
                           "cy": [(5, 1)]}.items():
        session = new_session("03", learner=learner)
        widget = Questionnaire(session)
        for row, (functional, dysfunctional) in enumerate(pairs):
            widget.grid.receive(str(row), "f", functional)
            widget.grid.receive(str(row), "d", dysfunctional)
        answers[learner] = widget_values(session)
    answers["dee"] = widget_values(new_session("03", learner="dee"))
    result = A.lecture_03(answers)
    assert result["n_answered"] == 3 and result["not_yet"] == ["dee"]
    table = result["table"].set_index("feature")
    speed = table.loc["speed_as_promised"]  # O, O, R
    assert (speed["O"], speed["R"], speed["n"], speed["category"]) == (2, 1, 3, "O")
    assert speed["better"] == pytest.approx(1.0)  # (A+O)/(A+O+M+I) = 2/2: R left out
    install = table.loc["install_on_time"]  # M, I
    assert (install["M"], install["I"], install["category"]) == (1, 1, "M")


# ------------------------------------------------------------------------------ 04 journey


OWN_JOURNEY = {
    "title": "mine",
    "stages": [{"id": "s1", "name": "A", "touchpoints": [{"id": "t1", "name": "ad"},
                                                          {"id": "t99", "name": "my own"}]}],
    "curves": [{"id": "c1", "name": "me", "values": {"t1": 0, "t99": -5}}],
}


def journey_class():
    return {
        "ann": {"04/journey": sample_journey()},                      # the sample's curve c1
        "bo": {"04/journey": sample_journey({"t1": 2, "t2": -3, "t3": 5})},
        "cy": {"04/journey": sample_journey(), "04/curves": {"curve_id": "c2"}},
        "dee": {"04/journey": copy.deepcopy(OWN_JOURNEY)},
        "eve": {"04/journey": sample_journey({"t1": 1})},
        "fay": {},
        "gus": {"04/journey": {"stages": "x"}},
        "hal": {"04/journey": sample_journey({})},                    # nothing drawn
    }


def test_journey_mean_curve_on_touchpoints_most_learners_drew():
    result = A.lecture_04(journey_class())
    assert counts(result) == {"n_learners": 8, "n_answered": 5, "not_yet": ["fay", "hal"],
                              "damaged": ["gus"]}
    mean = result["mean"].set_index("touchpoint")
    # t4..t16 were drawn by ann and cy only: 2 of 5, fewer than half, so not averaged.
    assert list(mean.index) == ["t1", "t2", "t3"]
    t1 = (SAMPLE_C1["t1"] + 2 + SAMPLE_C2["t1"] + 0 + 1) / 5
    assert mean.loc["t1", "mean"] == pytest.approx(t1) and mean.loc["t1", "n"] == 5
    t2 = (SAMPLE_C1["t2"] - 3 + SAMPLE_C2["t2"]) / 3
    assert mean.loc["t2", "mean"] == pytest.approx(t2)
    assert mean.loc["t3", "low"] == min(SAMPLE_C1["t3"], 5, SAMPLE_C2["t3"])
    assert mean.loc["t3", "high"] == 5
    curves = result["curves"]
    assert len(curves[curves["learner"] == "ann"]) == 16
    assert set(curves.loc[curves["learner"] == "dee", "touchpoint"]) == {"t1"}  # own one out


def test_journey_peaks_valleys_and_ends_per_touchpoint():
    moments = A.lecture_04(journey_class())["moments"].set_index("touchpoint")
    # ann (c1): peak t10 (+4), valley t7 (first -4), end t16; bo: peak t3, valley t2, end t3;
    # cy (c2): peak t8 (+4), valley t13 (-5), end t16; dee: peak t1, valley and end on her
    # own touchpoint; eve (one point): t1 is her peak, valley and end.
    assert moments["peak"][moments["peak"] > 0].to_dict() == {"t1": 2, "t3": 1, "t8": 1,
                                                              "t10": 1}
    assert moments["valley"][moments["valley"] > 0].to_dict() == {"t1": 1, "t2": 1, "t7": 1,
                                                                  "t13": 1, A.OWN_TOUCHPOINT: 1}
    assert moments["end"][moments["end"] > 0].to_dict() == {"t1": 1, "t3": 1, "t16": 2,
                                                            A.OWN_TOUCHPOINT: 1}
    assert list(moments.index)[-1] == A.OWN_TOUCHPOINT


def test_journey_empty_class():
    result = A.lecture_04({})
    assert result["n_answered"] == 0 and result["curves"].empty and result["mean"].empty
    assert int(result["moments"][["peak", "valley", "end"]].to_numpy().sum()) == 0


# ----------------------------------------------------------------------------- 02 SERVQUAL


POINTS_1 = {"tangibles": 20, "reliability": 30, "responsiveness": 20, "assurance": 20,
            "empathy": 10}
POINTS_2 = {"tangibles": 10, "reliability": 40, "responsiveness": 20, "assurance": 20,
            "empathy": 10}
SERVQUAL_CLASS = {
    # items 1-4 are tangibles, 5-9 reliability (Parasuraman et al. 1988)
    "ann": {"02/questionnaire": {"answers": {"1": [7, 5], "2": [6, 6], "5": [6, 2]}},
            "02/weights": {"points": POINTS_1}},
    "bo": {"02/questionnaire": {"answers": {"1": [5, 5], "5": [7, 4], "6": [3, None]}},
           "02/weights": {"points": {k: str(v) for k, v in POINTS_2.items()}}},
    "cy": {"02/questionnaire": {"answers": {"1": ["x", 3], "2": [9, 1], "3": [True, 2]}},
           "02/weights": {"points": {**POINTS_1, "tangibles": 10}}},  # totals 90
    "dee": {"02/questionnaire": "damaged", "02/weights": "damaged"},
    "eve": {},
}


def test_servqual_class_gaps_per_dimension_and_item():
    result = A.lecture_02(SERVQUAL_CLASS)
    assert counts(result) == {"n_learners": 5, "n_answered": 2, "not_yet": ["cy", "eve"],
                              "damaged": ["dee"]}
    dims = result["dimensions"].set_index("dimension")
    assert dims.loc["tangibles", "gap"] == pytest.approx((-2 + 0 + 0) / 3)
    assert dims.loc["tangibles", "expectation"] == pytest.approx(6)
    assert dims.loc["tangibles", "n"] == 3
    assert dims.loc["reliability", "gap"] == pytest.approx(-3.5)
    assert dims.loc["empathy", "n"] == 0 and pd.isna(dims.loc["empathy", "gap"])
    items = result["items"].set_index("item")
    assert len(items) == 22
    assert items.loc[1, "gap"] == pytest.approx(-1) and items.loc[1, "n"] == 2
    assert items.loc[5, "gap"] == pytest.approx(-3.5)
    assert items.loc[6, "n"] == 0
    own = result["learner_gaps"].set_index(["learner", "dimension"])["gap"].to_dict()
    assert own == {("ann", "tangibles"): -1.0, ("ann", "reliability"): -4.0,
                   ("bo", "tangibles"): 0.0, ("bo", "reliability"): -3.0}


def test_servqual_weights_distribution():
    result = A.lecture_02(SERVQUAL_CLASS)
    summary = result["weight_summary"].set_index("dimension")
    assert summary.loc["tangibles"].to_dict() == {"mean": 15.0, "low": 10.0, "high": 20.0,
                                                  "n": 2}
    assert summary.loc["reliability", "mean"] == 35.0
    assert counts(result["weights_counts"] | {}) == {
        "n_learners": 5, "n_answered": 2, "not_yet": ["cy", "eve"], "damaged": ["dee"]}
    assert len(result["weights"]) == 10


def test_servqual_answers_driven_through_the_exercises(new_session):
    answers = {}
    for learner, (ratings, points) in {
        "ann": ({1: (7, 4), 5: (6, 6)}, ["20", "30", "20", "20", "10"]),
        "bo": ({1: (5, 6)}, ["10", "40", "20", "20", "5"]),  # totals 95: not counted
    }.items():
        session = new_session("02", learner=learner)
        questionnaire = Questionnaire02(session)
        for number, (expectation, perception) in ratings.items():
            questionnaire.grid.receive(str(number), "e", expectation)
            questionnaire.grid.receive(str(number), "p", perception)
        weights = Weights(session)
        for dimension, text in zip(POINTS_1, points, strict=True):
            user_sets(weights.inputs[dimension], text)
        answers[learner] = widget_values(session)
    result = A.lecture_02(answers)
    items = result["items"].set_index("item")
    assert items.loc[1, "gap"] == pytest.approx((-3 + 1) / 2) and items.loc[1, "n"] == 2
    assert items.loc[5, "gap"] == 0
    assert result["weights_counts"]["answered"] == ["ann"]
    assert result["weights_counts"]["not_yet"] == ["bo"]
    assert result["weight_summary"].set_index("dimension").loc["reliability", "mean"] == 30


def test_servqual_empty_class():
    result = A.lecture_02({})
    assert result["n_answered"] == 0 and len(result["items"]) == 22
    assert result["dimensions"]["n"].sum() == 0
    assert result["weight_summary"]["n"].sum() == 0


# -------------------------------------------------------------------------------- 07 gaps


GAPS_CLASS = {
    # right answers: f_speed_focus 1, f_all_day 2, f_gigabit 4
    "ann": {"07/classify": {"answers": {"f_speed_focus": 1, "f_all_day": 3}},
            "07/diagnosis": {"evidence": {"sample": {"research": 3, "design": 1}}}},
    "bo": {"07/classify": {"answers": {"f_speed_focus": 2, "f_all_day": 3, "f_gigabit": 4}},
           "07/diagnosis": {"evidence": {"sample": {"research": 0, "design": 3, "hiring": 2}}}},
    "cy": {"07/classify": {"answers": {"f_speed_focus": 3, "f_all_day": 1, "bogus": 1,
                                       "f_gigabit": True}},
           "07/diagnosis": {"evidence": {"sample": {"research": 1}}}},
    "dee": {"07/classify": {"answers": {}},
            "07/diagnosis": {"evidence": {"own": {"research": 3}}}},
    "eve": {"07/classify": [1], "07/diagnosis": "x"},
}


def test_gaps_misclassified_failures():
    result = A.lecture_07(GAPS_CLASS)
    assert counts(result) == {"n_learners": 5, "n_answered": 3, "not_yet": ["dee"],
                              "damaged": ["eve"]}
    failures = result["failures"]
    assert list(failures["failure"][:3]) == ["f_all_day", "f_speed_focus", "f_gigabit"]
    rows = failures.set_index("failure")
    assert rows.loc["f_all_day", ["answered", "wrong", "share_wrong"]].tolist() == [3, 3, 1.0]
    assert rows.loc["f_all_day", "common_wrong"] == 3
    assert rows.loc["f_all_day", "common_wrong_n"] == 2
    assert rows.loc["f_speed_focus", "share_wrong"] == pytest.approx(2 / 3)
    assert rows.loc["f_speed_focus", "common_wrong"] == 2  # 2 and 3 tie: the smaller
    assert rows.loc["f_gigabit", "wrong"] == 0 and pd.isna(rows.loc["f_gigabit", "common_wrong"])
    assert pd.isna(rows.loc["f_weekend", "share_wrong"])
    picks = result["picks"]
    assert picks[picks["failure"] == "f_all_day"].set_index("answer")["count"].to_dict() == {
        1: 1, 3: 2}


def test_gaps_class_diagnosis():
    result = A.lecture_07(GAPS_CLASS)
    # ann: listening 100, design 33 -> focus listening; bo: listening 0, design 100,
    # performance 67 -> design and performance; cy: listening 33, none >= 50 -> listening.
    table = result["diagnosis"].set_index("gap")
    assert table["focus"].to_dict() == {"listening": 2, "design": 1, "performance": 1,
                                        "communication": 0}
    assert table.loc["listening", "mean_score"] == pytest.approx((100 + 0 + 100 / 3) / 3)
    assert table.loc["design", "scored"] == 2
    assert pd.isna(table.loc["communication", "mean_score"])
    assert result["diagnosis_counts"]["not_yet"] == ["dee"]
    assert result["diagnosis_counts"]["damaged"] == ["eve"]
    own = A.lecture_07(GAPS_CLASS, case="own")["diagnosis"].set_index("gap")
    assert own["focus"].to_dict() == {"listening": 1, "design": 0, "performance": 0,
                                      "communication": 0}


def test_gaps_diagnosis_driven_through_the_exercise(new_session):
    answers = {}
    for learner, ratings in {"ann": {"research": 3}, "bo": {"training": 3, "research": 1},
                             "cy": {}}.items():
        session = new_session("07", learner=learner)
        diagnosis = Diagnosis(session)
        for cause, rating in ratings.items():
            row = next(r for r in diagnosis.rows if r.cause.id == cause)
            user_sets(row.rating, rating)
        answers[learner] = widget_values(session)
    result = A.lecture_07(answers)
    # ann: listening 100; bo: listening 33, performance 100 (the only priority gap)
    assert result["diagnosis"].set_index("gap")["focus"].to_dict() == {
        "listening": 1, "design": 0, "performance": 1, "communication": 0}
    assert result["diagnosis_counts"]["not_yet"] == ["cy"]
    assert result["not_yet"] == ["ann", "bo", "cy"]  # nobody sorted a failure


# ------------------------------------------------------------------- 01, 05, 06, 08, 09, 10


def test_clv_distribution():
    # r = 1 - churn; no discount: CLV = margin x r / (1 - r)
    monthly = {"margin": 45, "rate": 1.5, "rate_kind": "churn", "period": "month",
               "discount": 0, "discount_period": "month", "acquisition": 600, "horizon": 0}
    yearly = {**monthly, "margin": 90, "rate": 10, "period": "year", "discount_period": "year"}
    result = A.lecture_01({"ann": {"01/clv": monthly}, "bo": {"01/clv": yearly},
                           "cy": {"01/clv": {**monthly, "rate": 130}}, "dee": {}})
    assert counts(result) == {"n_learners": 4, "n_answered": 2, "not_yet": ["dee"],
                              "damaged": ["cy"]}
    values = result["values"].set_index("learner")["clv"]
    assert values["ann"] == pytest.approx(45 * 0.985 / 0.015)
    assert values["bo"] == pytest.approx(90 * 0.9 / 0.1)
    assert result["summary"]["mean"] == pytest.approx((2955 + 810) / 2)
    assert result["summary"]["low"] == pytest.approx(810)
    assert pd.isna(A.lecture_01({})["summary"]["median"])


def _reference_blueprint(drop=()):
    data = json.loads((ROOT / "cxwidgets" / "content" / "blueprint.json").read_text("utf-8"))
    for step in data["steps"]:
        if step["id"] in drop:
            step.pop("fail", None)
    return {"blueprint": data}


def test_blueprint_most_flagged_fail_points():
    # The reference blueprint flags r12 (RPN 7 x 6 x 4 = 168), r19 (120) and r18 (90).
    answers = {"ann": {"05/blueprint": _reference_blueprint()},
               "bo": {"05/blueprint": _reference_blueprint(drop={"r19"})},
               "cy": {"05/blueprint": _reference_blueprint(drop={"r12", "r18", "r19"})},
               "dee": {"05/blueprint": {"blueprint": "x"}}}
    result = A.lecture_05(answers, hidden={("ann", "05/blueprint", "r12")})
    assert counts(result) == {"n_learners": 4, "n_answered": 2, "not_yet": ["cy"],
                              "damaged": ["dee"]}
    steps = result["steps"].set_index("step")
    assert steps["flagged"].to_dict() == {"r12": 2, "r18": 2, "r19": 1}
    assert steps.loc["r12", "first"] == 2
    items = result["items"]
    assert ("ann", "r12") not in set(zip(items["learner"], items["item"], strict=True))
    assert ("bo", "r12") in set(zip(items["learner"], items["item"], strict=True))
    assert len(items) == 4


CRITERIA = {"pain_relief": 30, "memorable": 20, "feasibility": 20, "cost": 15, "speed": 15}


def _ratings(value):
    return dict.fromkeys(CRITERIA, value)


def test_ideas_votes_walls_and_screening_ranks():
    board = {"pains": [{"id": "p1", "text": "slow repair", "touchpoint": None}],
             "questions": [],
             "ideas": [{"id": "i1", "question": None, "text": "call back", "impact": 8,
                        "effort": 2},
                       {"id": "i2", "question": None, "text": "SMS", "impact": None,
                        "effort": None}],
             "votes": {"x": ["i2"], "y": ["i2", "i1"]}, "per_person": 3}
    concepts = {"concepts": [{"id": "ref", "key": "ref"}, {"id": "k1", "key": "k1"},
                             {"id": "own1", "key": None, "name": "Mine"}],
                "weights": CRITERIA,
                "ratings": {"ref": _ratings(3), "k1": _ratings(5), "own1": _ratings(4)},
                "survivor": "k1"}
    answers = {
        "ann": {"06/hmw": board, "06/concepts": concepts},
        "bo": {"06/hmw": {"pains": [], "ideas": []},
               "06/concepts": {**concepts, "ratings": {"ref": {"cost": 3}}, "survivor": "ref"}},
        "cy": {"06/hmw": "bad", "06/concepts": {"concepts": [{"id": "ref", "key": "ref"}]}},
    }
    result = A.lecture_06(answers, hidden={("ann", "06/hmw", "i2")})
    assert counts(result) == {"n_learners": 3, "n_answered": 1, "not_yet": ["bo"],
                              "damaged": ["cy"]}
    assert result["ideas"][["item", "votes", "quadrant"]].to_dict("records") == [
        {"item": "i1", "votes": 1, "quadrant": "quick_win"}]  # i2 (2 votes) is hidden
    wall = result["walls"].set_index("learner").loc["ann"]
    assert (wall["pains"], wall["ideas"], wall["votes"]) == (1, 2, 3)
    assert result["quadrants"] == {"quick_win": 1, "big_bet": 0, "fill_in": 0, "money_pit": 0}
    # ann's scores: ref 3, k1 5, own 4 -> ranks 3, 1, 2; bo's ratings are incomplete.
    ranks = result["concepts"].set_index("concept")
    assert ranks.loc["k1"].to_dict() == {"scored": 1, "first": 1, "mean_rank": 1.0,
                                         "survivor": 1}
    assert ranks.loc["ref"].to_dict() == {"scored": 1, "first": 0, "mean_rank": 3.0,
                                          "survivor": 1}
    assert ranks.loc[A.OWN_CONCEPT, "mean_rank"] == 2.0
    assert result["concepts_counts"]["not_yet"] == ["cy"]


def test_measurement_design_choices():
    answers = {
        "ann": {"08/design": {"metrics": {"t3": "nps", "t5": "ces", "zz": "nps"},
                              "precision": "fine", "checks": ["timing", "bogus"], "note": ""}},
        "bo": {"08/design": {"metrics": {"t3": "nps", "t8": "xx"}, "precision": "weird"}},
        "cy": {"08/design": {"metrics": {}, "checks": []}},
        "dee": {"08/design": "x"},
    }
    result = A.lecture_08(answers)
    assert counts(result) == {"n_learners": 4, "n_answered": 2, "not_yet": ["cy"],
                              "damaged": ["dee"]}
    metrics = result["metrics"].set_index("touchpoint")
    assert metrics.loc["t3", "nps"] == 2 and metrics.loc["t5", "ces"] == 1
    assert int(metrics.loc["t8"].sum()) == 0
    assert result["precision"] == {"coarse": 0, "medium": 0, "fine": 1}
    assert result["checks"]["timing"] == 1 and sum(result["checks"].values()) == 1


CLEAN_REPLY = "非常抱歉给您带来不便，我们可以为您安排明天上午的师傅上门，稍后短信通知您。"


def test_positive_language_findings_per_rule_and_hidden_replies():
    answers = {
        "ann": {"09/coach": {"replies": {"missed_install": "这个不归我管。",
                                         "repeat_outage": CLEAN_REPLY, "unknown": "x"}}},
        "bo": {"09/coach": {"replies": {"missed_install": "  "}}},
        "cy": {"09/coach": {"replies": "x"}},
    }
    result = A.lecture_09(answers, hidden={("ann", "09/coach", "repeat_outage")})
    assert counts(result) == {"n_learners": 3, "n_answered": 1, "not_yet": ["bo"],
                              "damaged": ["cy"]}
    rules = result["rules"].set_index("rule")["replies"]
    # "不归我管" is the not-my-job phrase; the reply has no empathy, solution or next step.
    assert {r for r, n in rules.items() if n} == {"not_my_job", "missing_empathy",
                                                  "missing_solution", "missing_next_step"}
    assert (result["n_replies"], result["n_clean"]) == (2, 1)
    replies = result["replies"]
    assert list(replies["item"]) == ["missed_install"]  # the clean one is hidden
    assert replies.loc[0, "section"] == "09/coach" and not replies.loc[0, "clean"]


def test_peer_scores_of_the_class():
    def rating(value):
        return dict.fromkeys(("insight", "value", "feasibility", "plan", "pitch"), value)

    answers = {
        "ann": {"10/peer": {"team": "t1", "scores": {"t2": rating(4), "t3": rating(2)}}},
        "bo": {"10/peer": {"team": "t2", "scores": {"t1": rating(5), "t3": rating(3)}}},
        "cy": {"10/peer": {"team": "t3", "scores": {"t1": rating(4), "t3": rating(5)}}},
        "dee": {"10/peer": {"team": "t4", "scores": {}}},
        "eve": {"10/peer": "x"},
    }
    result = A.lecture_10(answers)
    assert counts(result) == {"n_learners": 5, "n_answered": 3, "not_yet": ["dee"],
                              "damaged": ["eve"]}
    # bias vs the others' mean of the same team: ann -1 (t3: 2 vs 3), bo +1, cy -1 (t1: 4
    # vs 5); cy's rating of her own team t3 is not counted.
    raters = result["raters"].set_index("rater")
    assert raters["bias"].to_dict() == {"ann": -1.0, "bo": 1.0, "cy": -1.0}
    teams = result["teams"]
    assert list(teams["team"]) == ["t2", "t1", "t3"]
    assert teams.set_index("team")["corrected"].to_dict() == {"t2": 5.0, "t1": 4.5,
                                                              "t3": 2.5}
    assert teams.set_index("team")["raw"].to_dict() == {"t2": 4.0, "t1": 4.5, "t3": 2.5}
    empty = A.lecture_10({})
    assert empty["teams"].empty and empty["alpha"] is None


# ------------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("function", [A.lecture_01, A.lecture_02, A.lecture_03, A.lecture_04,
                                      A.lecture_05, A.lecture_06, A.lecture_07, A.lecture_08,
                                      A.lecture_09, A.lecture_10])
@pytest.mark.parametrize("answers", [{}, None, {"ann": None}, {"ann": "x"}, {"ann": {}}])
def test_every_dashboard_takes_any_class(function, answers):
    result = function(answers)
    assert result["n_answered"] == 0
    assert result["n_learners"] == (len(answers) if answers else 0)


def test_sections_and_hidden_of_every_lecture():
    import inspect

    assert sorted(A.SECTIONS) == [f"{n:02d}" for n in range(1, 11)]
    for lecture in A.SECTIONS:
        function = getattr(A, f"lecture_{lecture}")
        assert ("hidden" in inspect.signature(function).parameters) is (
            lecture in A.TAKES_HIDDEN)
    # a class holding only the listed sections gives the same result as the whole workbook
    whole = journey_class()
    only = {k: {s: v for s, v in sections.items() if s in A.SECTIONS["04"]}
            for k, sections in whole.items()}
    assert A.lecture_04(only)["moments"].equals(A.lecture_04(whole)["moments"])


def test_results_do_not_change_when_called_again():
    first = A.lecture_03(KANO_CLASS)["table"]
    first.loc[0, "A"] = 99  # a caller changing its copy
    again = A.lecture_03(KANO_CLASS)["table"]
    assert again.loc[0, "A"] == 0


# ----------------------------------------------------------------------------------- charts


def _views(spec):
    if "mark" in spec:
        yield spec
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            yield from _views(child)


def _marks(spec):
    return {v["mark"] if isinstance(v["mark"], str) else v["mark"]["type"] for v in _views(spec)}


def _fields(spec):
    return {field["field"] for view in _views(spec)
            for field in view.get("encoding", {}).values() if isinstance(field, dict)
            and "field" in field}


CHARTS = [
    (C.kano_categories, lambda: A.lecture_03(KANO_CLASS), {"bar"}, {"feature", "count"}),
    (C.kano_better_worse, lambda: A.lecture_03(KANO_CLASS), {"point", "line", "text"},
     {"x", "y", "source"}),
    (C.journey_curves, lambda: A.lecture_04(journey_class()), {"line"},
     {"name", "value", "learner"}),
    (C.journey_moments, lambda: A.lecture_04(journey_class()), {"bar"},
     {"name", "count", "kind"}),
    (C.servqual_gaps, lambda: A.lecture_02(SERVQUAL_CLASS), {"bar", "tick", "rule"},
     {"dimension", "gap"}),
    (C.servqual_items, lambda: A.lecture_02(SERVQUAL_CLASS), {"bar"}, {"item", "gap"}),
    (C.servqual_weights, lambda: A.lecture_02(SERVQUAL_CLASS), {"boxplot", "tick"},
     {"dimension", "points", "mean"}),
    (C.gaps_misclassified, lambda: A.lecture_07(GAPS_CLASS), {"bar", "text"},
     {"failure", "share"}),
    (C.gaps_diagnosis, lambda: A.lecture_07(GAPS_CLASS), {"bar", "text"}, {"gap", "focus"}),
]


@pytest.mark.parametrize(("builder", "result", "marks", "fields"), CHARTS,
                         ids=[c[0].__name__ for c in CHARTS])
@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_charts_make_projector_specs(builder, result, marks, fields, language):
    spec = charts.to_spec(builder(result(), language))
    assert _marks(spec) >= marks
    assert _fields(spec) >= fields
    assert spec["config"]["axis"]["labelFontSize"] > charts.TYPE["label"]  # big type
    views = list(_views(spec))
    assert all("tooltip" in view.get("encoding", {}) for view in views
               if _marks(view) != {"rule"})  # the zero line is no data
    texts = json.loads((ROOT / "cxwidgets" / "locales" / "class.json").read_text("utf-8"))
    title = spec["title"]["text"]
    assert title in {entry[language] for entry in texts.values()}


def _extras():
    """A small class with answers for lectures 01, 05, 06, 08, 09 and 10."""
    criteria = ("insight", "value", "feasibility", "plan", "pitch")
    return {
        "ann": {"01/clv": {"margin": 45, "rate": 1.5, "rate_kind": "churn", "period": "month",
                           "discount": 0, "discount_period": "month", "horizon": 0},
                "05/blueprint": _reference_blueprint(),
                "06/hmw": {"ideas": [{"id": "i1", "text": "call back"}], "votes": {"x": ["i1"]}},
                "06/concepts": {"concepts": [{"id": "k1", "key": "k1"}, {"id": "o", "key": None}],
                                "weights": CRITERIA,
                                "ratings": {"k1": _ratings(5), "o": _ratings(2)}},
                "08/design": {"metrics": {"t3": "nps", "t5": "none"}},
                "09/coach": {"replies": {"missed_install": "这个不归我管。"}},
                "10/peer": {"team": "t1", "scores": {"t2": dict.fromkeys(criteria, 4)}}},
        "bo": {"10/peer": {"team": "t2", "scores": {"t1": dict.fromkeys(criteria, 3)}}},
    }


EXTRA_CHARTS = [
    (C.clv_values, A.lecture_01, {"circle", "rule"}, {"clv"}),
    (C.fail_points, A.lecture_05, {"bar", "text"}, {"label", "value"}),
    (C.idea_votes, A.lecture_06, {"bar", "text"}, {"label", "value"}),
    (C.concept_ranks, A.lecture_06, {"bar", "text"}, {"label", "value"}),
    (C.design_metrics, A.lecture_08, {"bar"}, {"touchpoint", "count", "metric"}),
    (C.coach_rules, A.lecture_09, {"bar", "text"}, {"label", "value"}),
    (C.peer_teams, A.lecture_10, {"bar"}, {"team", "score", "kind"}),
]


@pytest.mark.parametrize(("builder", "function", "marks", "fields"), EXTRA_CHARTS,
                         ids=[c[0].__name__ for c in EXTRA_CHARTS])
@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_charts_of_the_other_lectures(builder, function, marks, fields, language):
    spec = charts.to_spec(builder(function(_extras()), language))
    assert _marks(spec) >= marks and _fields(spec) >= fields
    assert all("tooltip" in view.get("encoding", {}) for view in _views(spec))
    empty = charts.to_spec(builder(function({}), language))
    assert _marks(empty) == {"text"}  # "no learner has answered yet"


def test_kano_chart_shows_class_and_sample_points():
    spec = charts.to_spec(C.kano_better_worse(A.lecture_03(KANO_CLASS), "en"))
    rows = [row for rows in spec["datasets"].values() for row in rows if "source" in row]
    assert {row["source"] for row in rows} == {"Class", "Sample survey"}


@pytest.mark.parametrize("builder, function", [
    (C.kano_categories, A.lecture_03), (C.kano_better_worse, A.lecture_03),
    (C.journey_curves, A.lecture_04), (C.journey_moments, A.lecture_04),
    (C.servqual_gaps, A.lecture_02), (C.servqual_items, A.lecture_02),
    (C.servqual_weights, A.lecture_02), (C.gaps_misclassified, A.lecture_07),
    (C.gaps_diagnosis, A.lecture_07),
])
def test_charts_of_an_empty_class(builder, function):
    spec = charts.to_spec(builder(function({}), "zh-CN"))
    assert spec["title"]["text"]
