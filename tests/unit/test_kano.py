"""KANO analysis against the published evaluation table and hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxwidgets import i18n, kano
from cxwidgets.errors import CXError

# Berger et al. (1993) evaluation table, functional answer = row, dysfunctional = column,
# typed here cell by cell from CX-REFERENCE.md (not derived from the module's table).
REFERENCE = {
    (1, 1): "Q", (1, 2): "A", (1, 3): "A", (1, 4): "A", (1, 5): "O",
    (2, 1): "R", (2, 2): "I", (2, 3): "I", (2, 4): "I", (2, 5): "M",
    (3, 1): "R", (3, 2): "I", (3, 3): "I", (3, 4): "I", (3, 5): "M",
    (4, 1): "R", (4, 2): "I", (4, 3): "I", (4, 4): "I", (4, 5): "M",
    (5, 1): "R", (5, 2): "R", (5, 3): "R", (5, 4): "R", (5, 5): "Q",
}


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("zh-CN")


@pytest.mark.parametrize(("pair", "expected"), sorted(REFERENCE.items()))
def test_every_cell_of_the_evaluation_table(pair, expected):
    assert kano.classify(*pair) == expected


def test_classify_is_vectorised_over_all_25_cells():
    pairs = sorted(REFERENCE)
    functional = [f for f, _ in pairs]
    dysfunctional = [d for _, d in pairs]
    result = kano.classify(np.array(functional), pd.Series(dysfunctional))
    assert list(result) == [REFERENCE[p] for p in pairs]


def test_classify_accepts_chinese_and_english_labels():
    assert kano.classify("理应如此", "不喜欢") == "M"
    assert kano.classify("Like", "dislike") == "O"
    assert list(kano.classify(["喜欢", "3"], ["无所谓", "5"])) == ["A", "M"]


@pytest.mark.parametrize("bad", [0, 6, 2.5, "maybe", None])
def test_invalid_answer_names_value_and_position(bad):
    with pytest.raises(ValueError) as info:
        kano.classify([1, 2, bad], [1, 2, 3])
    assert info.value.params["position"] == 2
    assert info.value.params["which"] == "functional"
    assert str(bad) in info.value.params["value"]
    assert info.value.params["value"] in str(info.value)  # the message names it


def test_boolean_answers_are_refused():
    with pytest.raises(ValueError):
        kano.classify(np.array([True]), np.array([False]))


def test_invalid_scalar_in_dysfunctional_is_named():
    with pytest.raises(CXError) as info:
        kano.classify(1, 9)
    assert info.value.key == "kano.error.answer"
    assert info.value.params["which"] == "dysfunctional"
    assert info.value.params["value"] == "9"
    assert info.value.params["position"] == 0


def test_shape_mismatch():
    with pytest.raises(ValueError):
        kano.classify([1, 2], [1, 2, 3])


def _frame(rows, segment=None):
    data = pd.DataFrame(rows, columns=["feature", "functional", "dysfunctional"])
    data.insert(0, "respondent", range(len(data)))
    if segment is not None:
        data["seg"] = segment
    return data


def test_summarize_hand_computed_counts_better_worse_fong():
    # Feature X: O, O, M, A, I  ->  A1 O2 M1 I1, n 5
    responses = _frame([("X", 1, 5), ("X", 1, 5), ("X", 2, 5), ("X", 1, 3), ("X", 3, 3)])
    row = kano.summarize(responses).iloc[0]
    assert (row.A, row.O, row.M, row.I, row.R, row.Q, row.n) == (1, 2, 1, 1, 0, 0, 5)
    assert row.category == "O"
    assert row.better == pytest.approx(3 / 5)
    assert row.worse == pytest.approx(-3 / 5)
    # Fong: a=2, b=1, n=5: |1| < 1.65*sqrt(3*7/10) = 2.39
    assert not row.significant


def test_summarize_counts_are_integers_and_columns_as_documented():
    responses = _frame([("X", 1, 5), ("Y", 5, 5)])
    result = kano.summarize(responses)
    assert list(result.columns) == [
        "feature", "A", "O", "M", "I", "R", "Q", "n", "category", "better", "worse",
        "significant",
    ]
    for column in ("A", "O", "M", "I", "R", "Q", "n"):
        assert pd.api.types.is_integer_dtype(result[column])
    y = result.set_index("feature").loc["Y"]
    assert y.Q == 1 and y.category == "Q"
    assert math.isnan(y.better) and math.isnan(y.worse)  # no A/O/M/I answers


@pytest.mark.parametrize(
    ("pairs", "winner"),
    [
        ([(2, 5), (1, 5)], "M"),  # M = O -> M
        ([(1, 5), (1, 3)], "O"),  # O = A -> O
        ([(1, 3), (3, 3)], "A"),  # A = I -> A
        ([(3, 3), (5, 1)], "I"),  # I = R -> I
        ([(5, 1), (1, 1)], "R"),  # R = Q -> R
        ([(2, 5), (1, 5), (1, 3), (3, 3)], "M"),  # four-way tie
    ],
)
def test_ties_prefer_m_then_o_a_i_r_q(pairs, winner):
    responses = _frame([("X", f, d) for f, d in pairs])
    assert kano.summarize(responses).iloc[0].category == winner


@pytest.mark.parametrize(
    ("a", "b", "n", "expected"),
    [
        (40, 10, 60, True),  # 30 >= 1.65*sqrt(50*70/120) = 8.91
        (30, 25, 60, False),  # 5 < 1.65*sqrt(55*65/120) = 9.01
        (10, 0, 10, True),  # 10 >= 1.65*sqrt(10*10/20) = 3.69
        (0, 0, 0, False),
    ],
)
def test_fong_hand_computed(a, b, n, expected):
    assert kano.fong_significant(a, b, n) is expected


def test_fong_in_summary_uses_two_largest_counts():
    rows = [("X", 2, 5)] * 40 + [("X", 1, 5)] * 10 + [("X", 3, 3)] * 10
    row = kano.summarize(_frame(rows)).iloc[0]
    # a=40 (M), b=10 (O or I), n=60: 30 >= 1.65*sqrt(50*70/120)
    assert row.category == "M" and row.significant


def test_summarize_by_segment():
    rows = [("X", 1, 5), ("X", 2, 5), ("X", 2, 5), ("Y", 1, 3)]
    result = kano.summarize(_frame(rows, segment=["new", "old", "old", "new"]), by="seg")
    table = result.set_index(["feature", "seg"])
    assert table.loc[("X", "new")].O == 1 and table.loc[("X", "new")].n == 1
    assert table.loc[("X", "old")].M == 2 and table.loc[("X", "old")].category == "M"
    assert table.loc[("Y", "new")].A == 1
    assert ("Y", "old") not in table.index  # no answers, no row
    assert list(result.columns[:2]) == ["feature", "seg"]


def test_summarize_accepts_labels_and_string_digits():
    responses = _frame([("X", "喜欢", "不喜欢"), ("X", "2", "5")])
    row = kano.summarize(responses).iloc[0]
    assert (row.O, row.M) == (1, 1)


def test_summarize_missing_columns_say_expected_and_found():
    bad = pd.DataFrame({"respondent": [1], "feature": ["X"], "func": [1], "dysfunc": [5]})
    with pytest.raises(CXError) as info:
        kano.summarize(bad)
    assert info.value.key == "common.error.columns"
    assert "functional" in info.value.params["missing"]
    assert "func" in info.value.params["found"]


def test_summarize_unknown_segment_column():
    with pytest.raises(CXError) as info:
        kano.summarize(_frame([("X", 1, 5)]), by="tier")
    assert info.value.key == "kano.error.by"


def test_validate_reports_blank_rows_in_spreadsheet_numbering():
    frame = _frame([("X", 1, 5), ("X", None, 5), ("X", 2, None)])
    with pytest.raises(CXError) as info:
        kano.validate_responses(frame)
    assert info.value.key == "kano.error.blank"
    assert info.value.params["column"] == "functional"
    assert info.value.params["rows"] == "3"  # header is row 1, so index 1 is row 3


def test_validate_reports_out_of_range_rows():
    frame = _frame([("X", 1, 5), ("X", 7, 5), ("X", "sometimes", 5)]).astype({"functional": object})
    with pytest.raises(CXError) as info:
        kano.validate_responses(frame)
    assert info.value.key == "kano.error.range"
    assert info.value.params["rows"] == "3, 4"


def test_compare_segments_chi_square_matches_scipy():
    from scipy.stats import chi2_contingency

    rows = [("X", 2, 5)] * 30 + [("X", 1, 3)] * 10 + [("X", 2, 5)] * 8 + [("X", 1, 3)] * 32
    seg = ["old"] * 40 + ["new"] * 40
    result = kano.compare_segments(_frame(rows, segment=seg), by="seg").iloc[0]
    expected = chi2_contingency(np.array([[32, 8], [10, 30]]))
    assert result.p_value == pytest.approx(expected[1])
    assert result.p_value < 0.05 and not result.low_expected


def test_sample_survey_shows_the_documented_tenure_pattern():
    from cxwidgets.widgets.kano import load_sample

    table = kano.summarize(load_sample(), by="tenure").set_index(["feature", "tenure"])
    assert table.loc[("loyalty_discount", "2y+")].category == "M"
    assert table.loc[("loyalty_discount", "3m")].category == "A"


def test_large_input_gives_same_result_as_small_reference():
    rng = np.random.default_rng(1)
    n = 20_000
    frame = pd.DataFrame(
        {
            "respondent": np.arange(n),
            "feature": rng.choice(["a", "b", "c"], n),
            "functional": rng.integers(1, 6, n),
            "dysfunctional": rng.integers(1, 6, n),
        }
    )
    result = kano.summarize(frame).set_index("feature")
    for feature, part in frame.groupby("feature"):
        cats = pd.Series(
            [REFERENCE[(f, d)] for f, d in zip(part.functional, part.dysfunctional, strict=True)]
        ).value_counts()
        for code in kano.CATEGORIES:
            assert result.loc[feature, code] == cats.get(code, 0)


# --- segment comparison: what the test allows to say ------------------------------------


def test_low_expected_follows_cochrans_rule():
    # 8 cells: one below 5 is 12.5% (reliable), two are 25% (not), any below 1 is not.
    assert not kano.low_expected(np.array([[4.0, 9, 9, 9], [9, 9, 9, 9]]))
    assert kano.low_expected(np.array([[4.0, 4, 9, 9], [9, 9, 9, 9]]))
    assert kano.low_expected(np.array([[0.5, 9, 9, 9], [9, 9, 9, 9]]))
    assert not kano.low_expected(np.full((2, 4), 5.0))


def test_compare_segments_drops_unused_categories_before_cochrans_rule():
    # Only M and O answered (I and A never): a 2 x 2 table, no empty expected cells.
    rows = [("X", 2, 5)] * 30 + [("X", 1, 5)] * 10 + [("X", 2, 5)] * 12 + [("X", 1, 5)] * 28
    seg = ["old"] * 40 + ["new"] * 40
    result = kano.compare_segments(_frame(rows, segment=seg), by="seg").iloc[0]
    assert result.dof == 1
    assert not result.low_expected  # expected counts 21 and 19 in every cell


def test_few_rare_answers_flag_the_test():
    # A rare category (I: 2 and 1 answers) gives two of eight cells under 5 expected.
    old = [("X", 2, 5)] * 30 + [("X", 1, 5)] * 20 + [("X", 1, 3)] * 18 + [("X", 3, 3)] * 2
    new = [("X", 2, 5)] * 25 + [("X", 1, 5)] * 25 + [("X", 1, 3)] * 19 + [("X", 3, 3)] * 1
    seg = ["old"] * len(old) + ["new"] * len(new)
    result = kano.compare_segments(_frame(old + new, segment=seg), by="seg").iloc[0]
    assert result.dof == 3 and result.low_expected


@pytest.mark.parametrize(
    ("a", "b", "p", "verdict"),
    [
        ("O", "O", 0.01, "distribution_differs"),  # the reported bug: O in both, p < .05
        ("M", "A", 0.01, "category_differs"),
        ("M", "A", 0.30, "category_not_significant"),
        ("I", "I", 0.50, "no_difference"),
        ("I", None, 0.01, "untestable"),
        ("M", "A", float("nan"), "untestable"),
    ],
)
def test_compare_verdict_says_category_only_when_it_differs(a, b, p, verdict):
    assert kano.compare_verdict(a, b, p) == verdict


def test_sample_features_are_codes_with_names_in_both_languages():
    codes = kano.feature_codes()
    assert codes[0] == "speed_as_promised" and len(codes) == 10
    for code in codes:
        for language in i18n.LANGUAGES:
            assert i18n.t(f"kano.feature.{code}", language) != f"kano.feature.{code}"
    assert set(kano.sample_survey()["feature"]) == set(codes)


# --- Better-Worse labels ----------------------------------------------------------------


def _overlaps(boxes):
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a.overlaps(b):
                pairs.append((a, b))
    return pairs


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize(
    ("column", "value"),
    [(None, None), ("tenure", "2y+"), ("tenure", "3m"), ("tier", "senior"), ("tier", "young")],
)
def test_better_worse_labels_do_not_overlap(language, column, value):
    from cxwidgets.kano_charts import (
        POINT_RADIUS,
        Box,
        _quadrant_boxes,
        _quadrant_rows,
        label_layout,
    )

    frame = kano.sample_survey()
    if column:
        frame = frame[frame[column] == value]
    summary = kano.summarize(frame)
    names = [i18n.t(f"kano.feature.{f}", language) for f in summary["feature"]]
    x, y = summary["worse"].abs().tolist(), summary["better"].tolist()
    quadrants = _quadrant_boxes(_quadrant_rows(0.5, language), 560, 420)
    layout = label_layout(x, y, names, 560, 420, obstacles=quadrants)
    labels = [item["box"] for item in layout]
    points = [
        Box(a * 560 - POINT_RADIUS, (1 - b) * 420 - POINT_RADIUS,
            a * 560 + POINT_RADIUS, (1 - b) * 420 + POINT_RADIUS)
        for a, b in zip(x, y, strict=True)
    ]
    assert not _overlaps(labels + quadrants)
    assert not [(label, point) for label in labels for point in points if label.overlaps(point)]
    assert all(box.inside(560, 420) for box in labels)


def test_crowded_points_get_numbers_listed_under_the_chart():
    from cxwidgets import charts
    from cxwidgets.kano_charts import better_worse_spec, label_layout

    x = [0.5 + 0.004 * i for i in range(12)]
    y = [0.5 + 0.003 * i for i in range(12)]
    names = [f"A rather long feature name number {i}" for i in range(12)]
    layout = label_layout(x, y, names, 560, 420)
    numbered = [item for item in layout if not item["placed"]]
    assert numbered and [item["number"] for item in numbered] == list(range(1, len(numbered) + 1))
    assert not _overlaps([item["box"] for item in layout])
    summary = pd.DataFrame(
        {"feature": names, "better": y, "worse": [-v for v in x], "category": ["O"] * 12}
    )
    svg = charts.to_svg(better_worse_spec(summary, language="en"))
    assert i18n.t("kano.chart.legend", "en") in svg
    assert "1  A rather long feature name number" in svg.replace("&#160;", " ")
