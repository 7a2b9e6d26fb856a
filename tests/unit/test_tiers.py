"""ABC tiers and MAN qualification against hand-computed values (CX-REFERENCE "Customer tiers")."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxwidgets import i18n
from cxwidgets.errors import CXError
from cxwidgets.tiers import (
    VERDICTS,
    abc_tiers,
    as_flag,
    man_qualify,
    man_score,
    tier_sizes,
    tier_summary,
)

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(autouse=True)
def _chinese():
    i18n.set_language("zh-CN")
    yield
    i18n.set_language("zh-CN")


# --- tier sizes: rounding rule ------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (200, (30, 50, 120)),  # 15% = 30, 40% = 80
        (100, (15, 25, 60)),
        (20, (3, 5, 12)),
        (10, (2, 2, 6)),  # 1.5 rounds half up to 2; 40% = 4
        (30, (5, 7, 18)),  # 4.5 -> 5; 12
        (7, (1, 2, 4)),  # 1.05 -> 1; 2.8 -> 3
        (4, (1, 1, 2)),  # 0.6 -> 1; 1.6 -> 2
        (3, (1, 0, 2)),  # 0.45 -> 0, but A gets at least one; 1.2 -> 1
        (2, (1, 0, 1)),  # 0.3 -> at least 1; 0.8 -> 1
        (1, (1, 0, 0)),
        (0, (0, 0, 0)),
    ],
)
def test_tier_sizes_default_shares(n, expected):
    assert tier_sizes(n) == expected
    assert sum(tier_sizes(n)) == n


def test_tier_sizes_use_exact_decimal_arithmetic():
    # (0.10 + 0.25) * 90 = 31.5 exactly, but 31.499999999999996 in floats.
    assert tier_sizes(90, a=0.10, b=0.25) == (9, 23, 58)
    assert tier_sizes(10, a=0.2, b=0.3) == (2, 3, 5)
    assert tier_sizes(10, a=0.5, b=0.5) == (5, 5, 0)
    assert tier_sizes(10, a=0.3, b=0.0) == (3, 0, 7)


@pytest.mark.parametrize(("a", "b"), [(0, 0.25), (1, 0), (0.5, 0.6), (0.2, -0.1), ("x", 0.2)])
def test_tier_sizes_reject_bad_shares(a, b):
    with pytest.raises(CXError) as info:
        tier_sizes(10, a, b)
    assert info.value.key == "tiers.error.shares"


# --- abc_tiers ----------------------------------------------------------------------------

TEN = pd.DataFrame(
    {
        "id": ["c05", "c01", "c09", "c03", "c07", "c06", "c02", "c08", "c10", "c04"],
        "revenue": [20, 100, 10, 40, 15, 20, 50, 10, 5, 30],
    }
)  # total 300


def test_abc_tiers_ten_customers():
    ranked = abc_tiers(TEN)
    assert list(ranked["revenue"]) == [100, 50, 40, 30, 20, 20, 15, 10, 10, 5]
    # Ties keep input order: c05 came before c06, c09 before c08.
    expected_ids = ["c01", "c02", "c03", "c04", "c05", "c06", "c07", "c09", "c08", "c10"]
    assert list(ranked["id"]) == expected_ids
    assert list(ranked["rank"]) == [1, 2, 3, 4, 5, 5, 7, 8, 8, 10]
    assert list(ranked["tier"]) == ["A", "A", "B", "B", "C", "C", "C", "C", "C", "C"]
    cumulative = [100, 150, 190, 220, 240, 260, 275, 285, 295, 300]
    assert np.allclose(ranked["cum_value_share"], [v / 300 for v in cumulative])
    assert np.allclose(ranked["cum_customer_share"], [i / 10 for i in range(1, 11)])
    assert np.allclose(ranked["value_share"], ranked["revenue"] / 300)
    assert list(ranked.index) == list(range(10))
    assert ranked["revenue"].dtype == float


def test_abc_tiers_does_not_modify_input():
    before = TEN.copy()
    abc_tiers(TEN)
    pd.testing.assert_frame_equal(TEN, before)


def test_tie_across_the_a_boundary_goes_up():
    values = [100, 80, 80, 60, 40, 30, 20, 10, 5, 5]  # n=10: A target 2, B target 2
    ranked = abc_tiers(pd.DataFrame({"revenue": values}))
    assert list(ranked["rank"]) == [1, 2, 2, 4, 5, 6, 7, 8, 9, 9]
    assert list(ranked["tier"]) == ["A", "A", "A", "B"] + ["C"] * 6


def test_tie_across_the_b_boundary_goes_up():
    values = [100, 90, 80, 70, 70, 60, 50, 40, 30, 20]  # ranks 1 2 3 4 4: B = ranks 3..4
    ranked = abc_tiers(pd.DataFrame({"revenue": values}))
    assert list(ranked["tier"]) == ["A", "A", "B", "B", "B"] + ["C"] * 5


def test_all_equal_values_are_all_tier_a():
    ranked = abc_tiers(pd.DataFrame({"revenue": [10, 10, 10, 10]}))
    assert set(ranked["rank"]) == {1}
    assert set(ranked["tier"]) == {"A"}
    assert np.allclose(ranked["cum_value_share"], [0.25, 0.5, 0.75, 1.0])


def test_single_customer():
    ranked = abc_tiers(pd.DataFrame({"revenue": [42]}))
    assert list(ranked["tier"]) == ["A"]
    assert ranked["cum_value_share"].iloc[0] == 1.0


def test_zero_values_are_allowed_when_the_total_is_positive():
    ranked = abc_tiers(pd.DataFrame({"revenue": [0, 0, 9]}))
    assert list(ranked["revenue"]) == [9, 0, 0]
    assert list(ranked["tier"]) == ["A", "C", "C"]  # n=3: sizes 1/0/2; the two zeros tie at rank 2


def test_other_value_column_and_shares():
    table = pd.DataFrame({"arpu": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]})
    ranked = abc_tiers(table, value="arpu", a=0.2, b=0.3)
    assert list(ranked["tier"]) == ["A"] * 2 + ["B"] * 3 + ["C"] * 5


def test_text_amounts_are_converted():
    table = pd.DataFrame({"revenue": ["1,200", " 800 ", "¥500", "1，000元"]})
    ranked = abc_tiers(table)
    assert list(ranked["revenue"]) == [1200.0, 1000.0, 800.0, 500.0]


# --- tier_summary ------------------------------------------------------------------------


def test_tier_summary_ten_customers():
    summary = tier_summary(TEN)
    assert list(summary["tier"]) == ["A", "B", "C"]
    assert list(summary["customers"]) == [2, 2, 6]
    assert np.allclose(summary["customer_share"], [0.2, 0.2, 0.6])
    assert np.allclose(summary["total"], [150, 70, 80])
    assert np.allclose(summary["value_share"], [0.5, 70 / 300, 80 / 300])
    assert np.allclose(summary["min_value"], [50, 30, 5])
    assert np.allclose(summary["mean_value"], [75, 35, 80 / 6])
    assert math.isclose(summary["value_share"].sum(), 1.0)


def test_tier_summary_keeps_empty_tiers():
    summary = tier_summary(pd.DataFrame({"revenue": [5, 3, 2]}))
    assert list(summary["customers"]) == [1, 0, 2]
    assert np.allclose(summary["total"], [5, 0, 5])
    assert np.allclose(summary["value_share"], [0.5, 0.0, 0.5])
    assert math.isnan(summary["min_value"].iloc[1])
    assert summary["customers"].dtype.kind == "i"


def test_sample_customers_show_a_pareto_pattern():
    customers = pd.read_csv(DATA / "customers.csv")
    summary = tier_summary(customers)
    assert len(customers) == 200
    assert list(summary["customers"]) == [30, 50, 120]
    share_a, share_b, share_c = summary["value_share"]
    assert 0.6 < share_a < 0.8  # the top 15% carry most of the revenue
    assert share_a > share_b > share_c


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "key", "params"),
    [
        (pd.DataFrame({"amount": [1, 2]}), "tiers.error.missing_column", {"column": "revenue"}),
        (pd.DataFrame({"revenue": []}), "tiers.error.empty", {}),
        (pd.DataFrame({"revenue": [1, "abc", 3]}), "tiers.error.not_numeric", {"row": 3}),
        (pd.DataFrame({"revenue": [1.0, None, 3.0]}), "tiers.error.missing_value", {"row": 3}),
        (pd.DataFrame({"revenue": ["1", "", "3"]}), "tiers.error.missing_value", {"row": 3}),
        (pd.DataFrame({"revenue": [1, 2, -3]}), "tiers.error.negative", {"row": 4}),
        (pd.DataFrame({"revenue": [1, np.inf]}), "tiers.error.not_numeric", {"row": 3}),
        (pd.DataFrame({"revenue": [0, 0]}), "tiers.error.zero_total", {}),
        ([1, 2, 3], "tiers.error.not_table", {}),
    ],
)
def test_abc_tiers_rejects_bad_input(table, key, params):
    with pytest.raises(CXError) as info:
        abc_tiers(table)
    assert info.value.key == key
    for name, expected in params.items():
        assert info.value.params[name] == expected
    assert isinstance(info.value, ValueError)
    # The message is translated and filled in both languages.
    for language in i18n.LANGUAGES:
        text = info.value.message(language)
        assert text != key and "{" not in text


def test_error_message_names_the_column_found():
    with pytest.raises(CXError) as info:
        abc_tiers(pd.DataFrame({"amount": [1], "name": ["x"]}))
    assert "amount, name" in info.value.message("en")


# --- MAN -----------------------------------------------------------------------------------

EXPECTED_VERDICTS = {
    (True, True, True): "qualified",
    (True, False, True): "find_decision_maker",
    (False, True, True): "develop_budget",
    (False, False, True): "nurture",
    (True, True, False): "no_need",
    (True, False, False): "no_need",
    (False, True, False): "no_need",
    (False, False, False): "not_a_prospect",
}


@pytest.mark.parametrize(("flags", "verdict"), EXPECTED_VERDICTS.items())
def test_man_qualify_all_combinations(flags, verdict):
    assert man_qualify(*flags) == verdict
    assert verdict in VERDICTS


def test_missing_need_means_no_sale_whatever_the_budget():
    assert man_qualify(money=True, authority=True, need=False) == "no_need"


def test_man_score_agrees_with_man_qualify():
    combos = list(itertools.product([True, False], repeat=3))
    table = pd.DataFrame(combos, columns=["money", "authority", "need"])
    scored = man_score(table)
    assert list(scored["verdict"]) == [man_qualify(*c) for c in combos]
    assert list(scored["score"]) == [sum(c) for c in combos]


def test_man_score_reads_yes_no_words_and_other_columns():
    table = pd.DataFrame({"M": ["是", "yes", 0], "A": ["否", "1", "no"], "N": ["有", "Y", "无"]})
    scored = man_score(table, money="M", authority="A", need="N")
    assert list(scored["verdict"]) == ["find_decision_maker", "qualified", "not_a_prospect"]
    assert scored["M"].dtype == bool


@pytest.mark.parametrize("value", [True, 1, 1.0, "1", "true", "Yes", " 是 ", "√", np.True_])
def test_as_flag_true(value):
    assert as_flag(value) is True


@pytest.mark.parametrize("value", [False, 0, 0.0, "0", "false", "NO", "否", "无", np.int64(0)])
def test_as_flag_false(value):
    assert as_flag(value) is False


@pytest.mark.parametrize("value", [2, -1, "maybe", "", None, float("nan"), [1]])
def test_as_flag_rejects(value):
    with pytest.raises(CXError) as info:
        as_flag(value, "money")
    assert info.value.key == "tiers.error.flag"
    assert info.value.params["field"] == "money"


def test_man_score_rejects_missing_column_and_bad_answer():
    with pytest.raises(CXError) as info:
        man_score(pd.DataFrame({"money": [1], "need": [1]}))
    assert info.value.key == "tiers.error.missing_column"
    assert info.value.params["column"] == "authority"
    with pytest.raises(CXError) as info:
        man_score(pd.DataFrame({"money": [1], "authority": ["perhaps"], "need": [1]}))
    assert info.value.key == "tiers.error.flag"


def test_sample_prospects_cover_every_verdict():
    prospects = pd.read_csv(DATA / "prospects.csv")
    scored = man_score(prospects)
    assert dict(zip(scored["id"], scored["verdict"], strict=True)) == {
        "P1": "qualified",
        "P2": "find_decision_maker",
        "P3": "develop_budget",
        "P4": "no_need",
        "P5": "nurture",
        "P6": "not_a_prospect",
        "P7": "qualified",
    }
    assert set(scored["verdict"]) == set(VERDICTS)


# --- uploaded lists and the sentence that reads the tiers ---------------------------------


def test_error_rows_are_spreadsheet_rows_as_in_other_upload_errors():
    # Header = row 1, so the second data row is row 3 (as kano.error.* and common.error.* say).
    from cxwidgets.tiers import customers_from_table

    with pytest.raises(CXError) as info:
        customers_from_table(pd.DataFrame({"收入": ["100", "abc", "50"]}))
    assert info.value.key == "tiers.error.not_numeric"
    assert info.value.params["row"] == 3 and info.value.params["column"] == "收入"


@pytest.mark.parametrize("header", ["revenue", "销售额"])
def test_a_list_of_one_column_is_the_revenue(header):
    from cxwidgets.tiers import customers_from_table

    rows = customers_from_table(pd.DataFrame({header: ["300", "1,000", "200"]}))
    assert rows == [
        {"name": "#1", "revenue": 300.0},
        {"name": "#2", "revenue": 1000.0},
        {"name": "#3", "revenue": 200.0},
    ]


def test_too_many_customers_are_refused_with_the_limit():
    from cxwidgets.tiers import MAX_CUSTOMERS, customers_from_table

    with pytest.raises(CXError) as info:
        customers_from_table(pd.DataFrame({"revenue": [1] * (MAX_CUSTOMERS + 1)}))
    assert info.value.key == "tiers.error.too_many"
    assert info.value.params == {"rows": MAX_CUSTOMERS + 1, "limit": MAX_CUSTOMERS}


def test_sentence_and_table_show_the_same_shares_with_20_customers():
    # A at 21%, B at 30%: 4.2 -> 4 customers in A (20%), 10.2 -> 10 in A+B, so C holds 10 (50%).
    from cxwidgets import tiers_html

    customers = pd.DataFrame({"revenue": list(range(200, 0, -10))})
    summary = tier_summary(customers, a=0.21, b=0.30)
    assert list(summary["customers"]) == [4, 6, 10]
    sentence = tiers_html.insight_html(summary, 0.21, 0.30)
    table = tiers_html.summary_table_html(summary)
    assert "前 20% 的客户" in sentence and "（50%）" in sentence
    assert "21%" not in sentence and "49%" not in sentence
    assert "<td>20%</td>" in table and "<td>50%</td>" in table


def test_prospects_hold_codes_and_facts_only():
    from cxwidgets.tiers import prospects

    table = prospects()
    assert list(table.columns) == ["id", "money", "authority", "need"]
    assert table["id"].tolist() == [f"P{i}" for i in range(1, 8)]
    for code in table["id"]:
        for part in ("name", "description", "facts"):
            for language in i18n.LANGUAGES:
                key = f"tiers.prospect.{code}.{part}"
                assert i18n.t(key, language) != key
