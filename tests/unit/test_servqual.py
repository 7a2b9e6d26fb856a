"""SERVQUAL scoring against hand-computed values (Parasuraman, Zeithaml & Berry 1988).

The reference data below has two respondents; the expected figures are worked
out by hand in the comments (gap = P - E, dimension gap = mean over that
dimension's answers, unweighted = mean of the five dimension gaps, weighted =
sum of gap x points / 100).
"""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest

from cxwidgets import i18n, servqual, tables
from cxwidgets.errors import CXError

# respondent, item, E, P                     gap
ROWS = [
    ("r1", 1, 6, 5),      # tangibles       -1
    ("r1", 2, 7, 7),      # tangibles        0
    ("r1", 5, 7, 4),      # reliability     -3
    ("r1", 6, 6, 5),      # reliability     -1
    ("r1", 10, 5, 6),     # responsiveness  +1
    ("r1", 14, 6, 6),     # assurance        0
    ("r1", 18, 5, 3),     # empathy         -2
    ("r2", 1, 7, 6),      # tangibles       -1
    ("r2", 5, 6, 6),      # reliability      0
    ("r2", 10, 7, 4),     # responsiveness  -3
    ("r2", 14, 7, 5),     # assurance       -2
    ("r2", 18, 6, 6),     # empathy          0
    ("r2", 19, 7, None),  # perception missing: left out
    ("r2", 20, None, 2),  # expectation missing: left out
]

# tangibles (-1 + 0 - 1)/3 = -2/3 ; reliability (-3 - 1 + 0)/3 = -4/3
# responsiveness (1 - 3)/2 = -1 ; assurance (0 - 2)/2 = -1 ; empathy (-2 + 0)/2 = -1
EXPECTED_GAP = {
    "tangibles": -2 / 3,
    "reliability": -4 / 3,
    "responsiveness": -1.0,
    "assurance": -1.0,
    "empathy": -1.0,
}
EXPECTED_E = {"tangibles": 20 / 3, "reliability": 19 / 3, "responsiveness": 6.0,
              "assurance": 6.5, "empathy": 5.5}
EXPECTED_P = {"tangibles": 6.0, "reliability": 5.0, "responsiveness": 5.0,
              "assurance": 5.5, "empathy": 4.5}
WEIGHTS = {"tangibles": 10, "reliability": 30, "responsiveness": 20, "assurance": 20,
           "empathy": 20}
# unweighted = (-2/3 - 4/3 - 1 - 1 - 1) / 5 = -1
# weighted = (-2/3*10 - 4/3*30 - 20 - 20 - 20) / 100 = -(20/3 + 100) / 100 = -1.0666...


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_language("zh-CN")
    yield
    i18n.set_language("zh-CN")


def answers() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["respondent", "item", "expectation", "perception"])


def test_items_structure():
    assert len(servqual.ITEMS) == 22
    assert [it.number for it in servqual.ITEMS] == list(range(1, 23))
    for dimension, numbers in servqual.DIMENSION_ITEMS.items():
        assert [it.number for it in servqual.ITEMS if it.dimension == dimension] == list(numbers)
    assert servqual.DIMENSION_ITEMS["tangibles"] == (1, 2, 3, 4)
    assert servqual.DIMENSION_ITEMS["reliability"] == (5, 6, 7, 8, 9)
    assert servqual.DIMENSION_ITEMS["responsiveness"] == (10, 11, 12, 13)
    assert servqual.DIMENSION_ITEMS["assurance"] == (14, 15, 16, 17)
    assert servqual.DIMENSION_ITEMS["empathy"] == (18, 19, 20, 21, 22)
    for it in servqual.ITEMS:
        for language in ("zh-CN", "en"):
            assert it.text(language) != it.text_key and it.tip(language) != it.tip_key
    with pytest.raises(AttributeError):
        servqual.ITEMS[0].dimension = "empathy"  # frozen


def test_items_have_no_language_fields():
    """The wording lives in the catalogue, the item holds codes only."""
    import dataclasses

    assert [f.name for f in dataclasses.fields(servqual.Item)] == ["number", "dimension"]
    assert [f.name for f in dataclasses.fields(servqual.Moment)] == ["id", "dimension"]
    assert servqual.item(8).text("en") == "The technician arrives within the agreed time slot"
    assert servqual.item(8).text("zh-CN") == "装维人员在约定的时段内上门"
    i18n.set_language("en")
    assert servqual.item(8).text() == "The technician arrives within the agreed time slot"
    assert servqual.moment("m_slot").why().startswith("A promised time slot")


def test_items_frame_language_and_custom_wording():
    frame = servqual.items_frame("en", custom={"3": "Our engineers wear a uniform", 4: "  "})
    assert frame.loc[1, "text"] == ("The modem, router and other equipment installed at home "
                                    "are up to date and work well")
    assert frame.loc[3, "text"] == "Our engineers wear a uniform"
    # blank custom wording ignored
    assert frame.loc[4, "text"] == ("Plan leaflets, bills and installation receipts are clear "
                                    "and easy to understand")
    assert servqual.items_frame("zh-CN").loc[5, "text"] == "承诺在某个时间前完成的事（开通、回电），会按时完成"
    assert list(frame.columns) == ["dimension", "text", "tip"]


def test_score_by_dimension_matches_hand_computation():
    table = servqual.score(answers())
    assert list(table.index) == list(servqual.DIMENSIONS)
    for dimension in servqual.DIMENSIONS:
        assert table.at[dimension, "gap"] == pytest.approx(EXPECTED_GAP[dimension])
        assert table.at[dimension, "expectation"] == pytest.approx(EXPECTED_E[dimension])
        assert table.at[dimension, "perception"] == pytest.approx(EXPECTED_P[dimension])
    assert table["n"].to_dict() == {"tangibles": 3, "reliability": 3, "responsiveness": 2,
                                    "assurance": 2, "empathy": 2}
    assert table.attrs["unweighted"] == pytest.approx(-1.0)
    assert table.attrs["weighted"] is None
    assert table.attrs["n_respondents"] == 2
    assert table.attrs["n_answers"] == 12
    assert table.attrs["incomplete_answers"] == 2
    assert table.attrs["incomplete_rows"] == [14, 15]  # header is row 1
    assert table.attrs["missing_dimensions"] == []


def test_weighted_score():
    table = servqual.score(answers(), WEIGHTS)
    assert table.attrs["weighted"] == pytest.approx(-(20 / 3 + 100) / 100)
    assert table.attrs["unweighted"] == pytest.approx(-1.0)
    assert table["weight"].to_dict() == {k: float(v) for k, v in WEIGHTS.items()}


def test_weights_left_out_count_as_zero():
    table = servqual.score(answers(), {"reliability": 60, "empathy": 40})
    # -4/3 * 0.6 + -1 * 0.4 = -0.8 - 0.4
    assert table.attrs["weighted"] == pytest.approx(-1.2)


@pytest.mark.parametrize("weights", [
    {"tangibles": 10, "reliability": 30, "responsiveness": 20, "assurance": 20, "empathy": 10},
    {"reliability": 101},
    {"reliability": 50, "empathy": 49.5},
])
def test_weights_must_total_100(weights):
    with pytest.raises(ValueError) as info:
        servqual.score(answers(), weights)
    assert isinstance(info.value, CXError)
    assert info.value.key in ("servqual.error.weight_total", "servqual.error.weight_total_over")
    assert "100" in str(info.value)


def test_weight_total_90_message_says_what_is_left():
    with pytest.raises(CXError) as info:
        servqual.validate_weights({"tangibles": 10, "reliability": 30, "responsiveness": 20,
                                   "assurance": 20, "empathy": 10})
    assert info.value.params == {"total": "90", "left": "10"}
    assert "90" in info.value.message("en") and "10 left" in info.value.message("en")


def test_weight_total_over_100_says_how_many_too_many():
    with pytest.raises(CXError) as info:
        servqual.validate_weights({"reliability": 70, "empathy": 40})
    assert info.value.key == "servqual.error.weight_total_over"
    assert info.value.params == {"total": "110", "over": "10"}


def test_unknown_or_negative_weight():
    with pytest.raises(ValueError, match="speed"):
        servqual.score(answers(), {"speed": 50, "reliability": 50})
    with pytest.raises(CXError) as info:
        servqual.validate_weights({"reliability": 110, "empathy": -10})
    assert info.value.key == "servqual.error.weight_value"
    with pytest.raises(CXError):
        servqual.validate_weights({"reliability": "lots", "empathy": 100})


def test_missing_answers_are_never_zero():
    data = answers()
    table = servqual.score(data)
    # if the blank perception of item 19 counted as 0, empathy would be (-2 + 0 - 7)/3
    assert table.at["empathy", "gap"] == pytest.approx(-1.0)
    # blanks given as empty strings behave the same
    as_text = data.astype(object).where(data.notna(), "")
    assert servqual.score(as_text).at["empathy", "gap"] == pytest.approx(-1.0)


def test_dimension_without_answers():
    data = answers()
    data = data[data["item"] < 18]
    table = servqual.score(data, WEIGHTS)
    assert table.attrs["missing_dimensions"] == ["empathy"]
    assert math.isnan(table.at["empathy", "gap"])
    assert table.at["empathy", "n"] == 0
    assert math.isnan(table.attrs["unweighted"])
    assert math.isnan(table.attrs["weighted"])
    # with no weight on the missing dimension the weighted score is defined
    weights = {"tangibles": 25, "reliability": 25, "responsiveness": 25, "assurance": 25}
    table = servqual.score(data, weights)
    assert table.attrs["weighted"] == pytest.approx((-2 / 3 - 4 / 3 - 1 - 1) / 4)


def test_item_scores():
    table = servqual.item_scores(answers())
    assert list(table.index) == list(range(1, 23))
    assert table.at[1, "gap"] == pytest.approx(-1.0)
    assert table.at[1, "expectation"] == pytest.approx(6.5)
    assert table.at[1, "n"] == 2
    assert table.at[5, "gap"] == pytest.approx(-1.5)
    assert table.at[2, "gap"] == 0
    assert table.at[10, "gap"] == pytest.approx(-1.0)
    assert table.at[19, "n"] == 0 and math.isnan(table.at[19, "gap"])
    assert table.at[20, "n"] == 0
    assert table.at[18, "dimension"] == "empathy"


def test_largest_gaps_with_suggestions():
    top = servqual.largest_gaps(answers())
    # item 5 (-1.5) first, then the ties at -1 in questionnaire order: items 1 and 6
    assert list(top.index) == [5, 1, 6]
    assert top.loc[5, "gap"] == pytest.approx(-1.5)
    assert "text" not in top.columns  # codes in results, labels when drawn
    from cxwidgets import servqual_html

    cards = servqual_html.top_items_html(top, language="en")
    assert "Give every promise a deadline" in cards and "Reliability" in cards
    assert "给每个承诺设时限" in servqual_html.top_items_html(top, language="zh-CN")


def test_largest_gaps_only_negative():
    data = pd.DataFrame({"respondent": [1, 1, 1], "item": [1, 2, 3],
                         "expectation": [5, 5, 5], "perception": [4, 6, 5]})
    assert list(servqual.largest_gaps(data).index) == [1]


def test_wide_layout_gives_the_same_scores():
    wide = servqual.to_wide(answers())
    assert list(wide.columns[:3]) == ["respondent", "E1", "E2"]
    assert len(wide) == 2
    long_again = servqual.read_responses(wide)
    assert long_again.attrs["layout"] == "wide"
    left = servqual.score(answers(), WEIGHTS)
    right = servqual.score(wide, WEIGHTS)
    pd.testing.assert_series_equal(left["gap"], right["gap"])
    assert right.attrs["weighted"] == pytest.approx(left.attrs["weighted"])


def test_wide_without_respondent_column_and_chinese_headers():
    wide = pd.DataFrame({"E1": [6, 7], "P1": [5, 7], "入网时长": ["3m", "2y+"]})
    data = servqual.read_responses(wide)
    assert list(data["respondent"]) == ["1", "2"]
    assert list(data["tenure"]) == ["3m", "2y+"]
    long_zh = pd.DataFrame({"受访者": ["a"], "题号": [1], "期望": [7], "感知": [6]})
    assert servqual.score(long_zh).at["tangibles", "gap"] == -1


def test_segments_are_kept_and_filtered():
    data = answers()
    data["tier"] = data["respondent"].map({"r1": "senior", "r2": "business"})
    only = servqual.filter_segment(data, tier="senior")
    assert set(only["respondent"]) == {"r1"}
    assert servqual.score(only).at["reliability", "gap"] == pytest.approx(-2.0)
    assert len(servqual.filter_segment(data, tier=None)) == len(data)
    assert servqual.segment_values(data, "tier") == ["senior", "business"]
    assert servqual.segment_values(data, "tenure") == []
    with pytest.raises(CXError) as info:
        servqual.filter_segment(data, tenure="3m")
    assert info.value.key == "servqual.error.no_segment_column"


def test_compare_segments():
    rows = []
    # segment A: three respondents with reliability gaps -1, -2, -3 (one item each)
    for i, perception in enumerate([6, 5, 4]):
        rows.append((f"a{i}", 5, 7, perception, "A"))
    # segment B: two respondents with reliability gaps 0 and +1
    rows += [("b0", 5, 5, 5, "B"), ("b1", 5, 5, 6, "B")]
    data = pd.DataFrame(rows, columns=["respondent", "item", "expectation", "perception", "tier"])
    table = servqual.compare_segments(data, "tier", "A", "B")
    assert table.at["reliability", "gap_first"] == pytest.approx(-2.0)
    assert table.at["reliability", "gap_second"] == pytest.approx(0.5)
    assert table.at["reliability", "difference"] == pytest.approx(-2.5)
    assert table.at["reliability", "n_first"] == 3 and table.at["reliability", "n_second"] == 2
    # Welch by hand: means -2 and 0.5, variances 1 and 0.5
    se = math.sqrt(1 / 3 + 0.5 / 2)
    t = (-2 - 0.5) / se
    df = (1 / 3 + 0.25) ** 2 / ((1 / 3) ** 2 / 2 + 0.25 ** 2 / 1)
    from scipy import stats

    assert table.at["reliability", "p_value"] == pytest.approx(2 * stats.t.sf(abs(t), df))
    assert math.isnan(table.at["empathy", "p_value"])
    with pytest.raises(CXError):
        servqual.compare_segments(data, "tier", "A", "A")
    with pytest.raises(CXError) as info:
        servqual.compare_segments(data, "tier", "A", "Z")
    assert info.value.key == "servqual.error.empty_segment"


@pytest.mark.parametrize(("frame", "key", "fragment"), [
    (pd.DataFrame({"respondent": [1], "item": [1], "expectation": [8], "perception": [5]}),
     "servqual.error.out_of_scale", "2"),
    (pd.DataFrame({"respondent": [1, 1], "item": [1, 2], "expectation": [5, 0],
                   "perception": [5, 5]}), "servqual.error.out_of_scale", "3"),
    (pd.DataFrame({"respondent": [1], "item": [1], "expectation": [5.5], "perception": [5]}),
     "servqual.error.out_of_scale", "5.5"),
    (pd.DataFrame({"respondent": [1], "item": [1], "expectation": ["很好"], "perception": [5]}),
     "servqual.error.not_number", "很好"),
    (pd.DataFrame({"respondent": [1], "item": [23], "expectation": [5], "perception": [5]}),
     "servqual.error.item", "23"),
    (pd.DataFrame({"respondent": [None], "item": [1], "expectation": [5], "perception": [5]}),
     "servqual.error.blank_respondent", "2"),
    (pd.DataFrame({"respondent": [1, 1], "item": [3, 3], "expectation": [5, 6],
                   "perception": [5, 5]}), "servqual.error.duplicate_answer", "2, 3"),
    (pd.DataFrame({"who": [1], "item": [1], "expectation": [5], "perception": [5]}),
     "servqual.error.columns", "respondent"),
    (pd.DataFrame(), "servqual.error.empty", ""),
    (pd.DataFrame({"E1": [5], "P2": [5]}), "servqual.error.wide_unpaired", "P1"),
    (pd.DataFrame({"E1": [5, 9], "P1": [5, 5]}), "servqual.error.wide_rating", "E1"),
    (pd.DataFrame({"E30": [5], "P30": [5]}), "servqual.error.wide_item_number", "30"),
])
def test_bad_input_gives_clear_message(frame, key, fragment):
    with pytest.raises(CXError) as info:
        servqual.score(frame)
    assert info.value.key == key
    assert fragment in str(info.value)
    assert fragment in info.value.message("en")


def test_out_of_scale_names_the_rows():
    data = answers()
    data.loc[3, "perception"] = 9
    data.loc[7, "perception"] = 0
    with pytest.raises(CXError) as info:
        servqual.score(data)
    assert info.value.params["rows"] == "5, 9"
    assert info.value.params["column"] == "perception"


def test_input_frame_is_not_modified():
    data = answers()
    before = data.copy()
    servqual.score(data, WEIGHTS)
    servqual.read_responses(data)
    pd.testing.assert_frame_equal(data, before)


def test_uploaded_files_in_every_encoding():
    wide = servqual.to_wide(answers())
    wide["tier"] = ["银发", "商客"]
    expected = servqual.score(answers())["gap"]
    csv = wide.to_csv(index=False)
    for content, name in [
        (csv.encode("utf-8"), "a.csv"),
        (csv.encode("utf-8-sig"), "b.csv"),
        (csv.encode("gbk"), "c.csv"),
    ]:
        frame = tables.read_table(content, name)
        pd.testing.assert_series_equal(servqual.score(frame)["gap"], expected)
    buffer = io.BytesIO()
    wide.to_excel(buffer, index=False)
    frame = tables.read_table(buffer.getvalue(), "d.xlsx")
    pd.testing.assert_series_equal(servqual.score(frame)["gap"], expected)
    # Chinese tier names become the shared codes, in the course's order
    assert servqual.segment_values(frame, "tier") == ["senior", "business"]


def test_check_moments_and_hints():
    assigned = {m.id: m.dimension for m in servqual.SAMPLE_MOMENTS}
    assigned["m_slot"] = "empathy"
    del assigned["m_bill"]
    table = servqual.check_moments(assigned)
    assert not table.at["m_slot", "correct"]
    assert table.at["m_shoes", "correct"]
    assert pd.isna(table.at["m_bill", "correct"])
    assert {m.dimension for m in servqual.SAMPLE_MOMENTS} == set(servqual.DIMENSIONS)
    assert servqual.suggest_dimension("热线排队等了半小时")[0] == "responsiveness"
    assert servqual.suggest_dimension("师傅没有按约定时间上门")[0] == "reliability"
    assert servqual.suggest_dimension("xyz") == []


def test_english_messages_exist_for_every_error_key():
    import re
    from pathlib import Path

    source = Path(servqual.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'CXError\(\s*"([^"]+)"', source))
    assert keys
    catalogue = i18n.catalogue()
    for key in keys:
        assert catalogue[key]["zh-CN"] and catalogue[key]["en"], key
    for dimension in servqual.DIMENSIONS:
        assert f"servqual.dim.{dimension}" in catalogue
