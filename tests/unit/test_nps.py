"""NPS, CSAT, CES, tests and survey files of lecture 08, against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxwidgets import nps
from cxwidgets.errors import CXError

pytestmark = pytest.mark.usefixtures("chinese")


def _answers(promoters: int, passives: int, detractors: int) -> list[int]:
    return [10] * promoters + [8] * passives + [3] * detractors


def test_cx_reference_example() -> None:
    # CX-REFERENCE: n = 200, 90 promoters, 40 detractors -> NPS 25, margin +-10.6.
    result = nps.score(_answers(90, 70, 40))
    assert result.nps == pytest.approx(25.0)
    assert (result.n, result.promoters, result.passives, result.detractors) == (200, 90, 70, 40)
    # se = 100 * sqrt((0.45 + 0.20 - 0.25^2) / 200) = 100 * sqrt(0.5875 / 200)
    assert result.se == pytest.approx(5.41987, abs=1e-4)
    assert round(result.moe, 1) == 10.6
    assert result["nps"] == result.nps  # usable as a mapping too
    assert (result.low, result.high) == pytest.approx((14.377, 35.623), abs=1e-2)


def test_missing_values_left_out_and_integral_floats_accepted() -> None:
    result = nps.score(pd.Series([9, None, float("nan"), 10.0, 3, pd.NA], dtype=object))
    assert (result.n, result.promoters, result.detractors) == (3, 2, 1)
    assert result.nps == pytest.approx(100 / 3)
    assert nps.score(np.array([7.0, 8.0])).nps == 0.0


@pytest.mark.parametrize(
    ("answers", "position", "shown"),
    [([9, 11], 2, "11"), ([9, 7.5], 2, "7.5"), (["9"], 1, "'9'"), ([True], 1, "True"), ([-1], 1, "-1")],
)
def test_bad_values_name_value_and_position(answers, position, shown) -> None:
    with pytest.raises(CXError) as caught:
        nps.score(answers)
    assert caught.value.key == "nps.error.value"
    assert caught.value.params["position"] == position
    assert caught.value.params["value"] == shown
    assert isinstance(caught.value, ValueError)


def test_no_answers() -> None:
    with pytest.raises(CXError) as caught:
        nps.score([None, float("nan")])
    assert caught.value.key == "nps.error.empty"


def test_compare_two_groups() -> None:
    # a: p .45, d .20 -> 25, se 5.41987; b: p .30, d .40 -> -10, se = 100 sqrt(0.69 / 200) = 5.87367
    result = nps.compare(_answers(90, 70, 40), _answers(60, 60, 80))
    assert result.difference == pytest.approx(35.0)
    z = 35 / math.sqrt(5.41987**2 + 5.87367**2)
    assert z == pytest.approx(4.3793, abs=1e-3)
    assert result.z == pytest.approx(z, abs=1e-3)
    assert result.p == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-3)


def test_compare_without_spread() -> None:
    same = nps.compare([10, 10], [9])
    assert (same.z, same.p) == (0.0, 1.0)
    apart = nps.compare([10, 10], [0])
    assert apart.z == math.inf and apart.p == 0.0


def test_sample_size() -> None:
    # 1.96^2 * (0.4 + 0.2 - 0.2^2) / 0.05^2 = 3.8415 * 0.56 / 0.0025 = 860.5 -> 861
    assert nps.sample_size(5, 0.4, 0.2) == 861
    # the CX-REFERENCE example's shares: 3.8415 * 0.5875 / 0.106^2 ... margin 10 -> 225.7 -> 226
    assert nps.sample_size(10, 0.45, 0.20) == 226
    with pytest.raises(CXError) as caught:
        nps.sample_size(0)
    assert caught.value.key == "nps.error.margin"


def test_holm() -> None:
    # sorted 0.01, 0.03, 0.04 -> 0.03, 0.06, max(0.06, 0.04) = 0.06
    assert nps.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert nps.holm([]) == []


def test_the_light_statistics_agree_with_scipy_stats_and_statsmodels() -> None:
    """nps.py avoids scipy.stats and statsmodels at page time; the results are theirs."""
    import numpy as np
    from scipy import stats
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(3)
    for _ in range(30):
        pvalues = rng.uniform(0, 0.2, size=rng.integers(2, 9)).tolist()
        assert nps.holm(pvalues) == pytest.approx(multipletests(pvalues, method="holm")[1].tolist())
        n = int(rng.integers(1, 400))
        hits = int(rng.integers(0, n + 1))
        want = stats.binomtest(hits, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert nps.wilson(hits, n) == pytest.approx((want.low, want.high), abs=1e-12)
        answers = rng.integers(1, 8, size=int(rng.integers(2, 60))).tolist()
        mean = nps.ces(answers)
        half = stats.t.ppf(0.975, len(answers) - 1) * np.std(answers, ddof=1) / np.sqrt(len(answers))
        assert (mean.low, mean.high) == pytest.approx((np.mean(answers) - half, np.mean(answers) + half))


def test_csat_wilson() -> None:
    # Wilson 95% of 8/10: (0.8 + z²/20 ± z sqrt(0.016 + z²/400)) / (1 + z²/10) = 0.4902 .. 0.9433
    low, high = nps.wilson(8, 10)
    assert (low, high) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    share = nps.csat([5, 4, 3, 2, 5, None])
    assert (share.share, share.hits, share.n) == (0.6, 3, 5)


def test_ces_mean_interval() -> None:
    # mean 2, sd 1, t(0.975, 2) = 4.3027 -> half width 4.3027 / sqrt(3) = 2.4841
    result = nps.ces([1, 2, 3])
    assert result.mean == 2.0 and result.sd == pytest.approx(1.0)
    assert (result.low, result.high) == pytest.approx((-0.4841, 4.4841), abs=1e-3)
    with pytest.raises(CXError):
        nps.ces([8])


def _segments_frame() -> pd.DataFrame:
    a = _answers(20, 5, 5)  # NPS 50
    b = _answers(5, 5, 20)  # NPS -50
    c = [10, 10, 10, 2, 2]  # too small
    return pd.DataFrame({"tier": ["A"] * 30 + ["B"] * 30 + ["C"] * 5, "recommend": a + b + c})


def test_segment_table_holm_and_small() -> None:
    rows = {r["segment"]: r for r in nps.segment_table(_segments_frame(), "tier")}
    assert rows["A"]["nps"] == pytest.approx(50.0) and rows["B"]["nps"] == pytest.approx(-50.0)
    assert rows["C"]["small"] and not rows["A"]["small"]
    raw = sorted((r["p"], s) for s, r in rows.items())
    # Holm: smallest p times 3, next times 2 (kept monotone), largest times 1
    first = min(1.0, raw[0][0] * 3)
    second = max(first, min(1.0, raw[1][0] * 2))
    third = max(second, min(1.0, raw[2][0]))
    assert [rows[s]["p_holm"] for _p, s in raw] == pytest.approx([first, second, third])
    assert not rows["C"]["significant"]


LONG = (
    "respondent,tenure,tier,question,answer\n"
    "r1,3m,young,recommend,10\nr1,3m,young,csat,5\nr1,3m,young,comment,很好\n"
    "r2,2y+,senior,recommend,3\nr2,2y+,senior,csat_t14,1\nr2,2y+,senior,comment,维修太慢\n"
)


def test_long_layout_becomes_one_row_per_respondent() -> None:
    from io import StringIO

    clean = nps.validate_survey(pd.read_csv(StringIO(LONG)))
    assert list(clean["respondent"]) == ["r1", "r2"]
    assert list(clean["recommend"]) == [10, 3]
    assert clean.loc[1, "csat_t14"] == 1 and pd.isna(clean.loc[0, "csat_t14"])
    assert list(clean["comment"]) == ["很好", "维修太慢"]
    assert list(clean["tenure"]) == ["3m", "2y+"]


@pytest.mark.parametrize(
    ("table", "key"),
    [
        (pd.DataFrame({"recommend": [9, 12]}), "nps.error.range"),
        (pd.DataFrame({"recommend": [9], "csat": [6]}), "nps.error.range"),
        (pd.DataFrame({"score": [9]}), "common.error.columns"),
        (pd.DataFrame({"recommend": []}), "nps.error.no_rows"),
        (pd.DataFrame({"recommend": [None, None]}), "nps.error.no_recommend"),
        (pd.DataFrame({"respondent": [1], "question": ["likes"], "answer": [3]}), "nps.error.question"),
        (pd.DataFrame({"respondent": [1, 1], "question": ["recommend"] * 2, "answer": [3, 4]}),
         "nps.error.duplicate"),
    ],
)
def test_refused_tables(table: pd.DataFrame, key: str) -> None:
    with pytest.raises(CXError) as caught:
        nps.validate_survey(table)
    assert caught.value.key == key


def test_long_layout_range_error_names_the_file_rows() -> None:
    table = pd.DataFrame({"respondent": ["a", "a", "b", "b"], "question": ["recommend", "ces", "recommend", "ces"],
                          "answer": [9, 8, 3, 2]})
    with pytest.raises(CXError) as caught:
        nps.validate_survey(table)
    assert caught.value.key == "nps.error.range"
    assert caught.value.params["column"] == "ces" and caught.value.params["rows"] == "3"


def test_range_error_names_rows() -> None:
    with pytest.raises(CXError) as caught:
        nps.validate_survey(pd.DataFrame({"recommend": [9, 12, None, "x"]}))
    assert caught.value.params["rows"] == "3, 5"  # header is row 1


def test_sample_survey_is_large_and_complete() -> None:
    frame = nps.sample_survey()
    assert len(frame) >= 500
    assert {"tenure", "tier", "recommend", "csat", "ces", "comment"} <= set(frame.columns)
    assert len(nps.touchpoint_columns(frame)) == 7


def test_learner_survey_falls_back_to_sample() -> None:
    assert nps.learner_survey({})[1] == "sample"
    assert nps.learner_survey({"08/score": {"value": {"source": "upload", "upload": "junk"}}})[1] == "sample"
    stored = {"source": "upload", "upload": {"name": "x.csv", "columns": ["recommend"], "rows": [[9], [3]]}}
    frame, source = nps.learner_survey({"08/score": {"value": stored}})
    assert source == "upload" and list(frame["recommend"]) == [9, 3]


def test_plan_answers_needed() -> None:
    reference = {"promoters": 0.4, "detractors": 0.2, "csat": 0.75, "ces_sd": 1.0}
    rows = {r["touchpoint"]: r for r in nps.plan({"t15": "nps", "t8": "csat", "t14": "ces"}, "medium", reference)}
    assert rows["t15"]["answers"] == 861 and rows["t15"]["fits"]
    # CSAT ±5 pp at 0.75: 3.8415 * 0.1875 / 0.0025 = 288.1 -> 289
    assert rows["t8"]["answers"] == 289
    # CES ±0.2 at sd 1: (1.96 / 0.2)^2 = 96.04 -> 97
    assert rows["t14"]["answers"] == 97


def test_adjusted_wald_for_small_samples() -> None:
    # n 10, 4 promoters, 4 detractors: n' = 13, p' = d' = 4.75 / 13 = 0.3654 -> centre 0,
    # margin 1.96 * 100 * sqrt(0.7308 / 13) = 46.47
    low, high = nps.adjusted_interval(4, 4, 10)
    assert (low, high) == pytest.approx((-46.47, 46.47), abs=0.01)
    assert nps.score([10, 10, 9, 9, 8, 7, 6, 5, 3, 0]).to_dict()["adjusted_high"] == pytest.approx(46.47, abs=0.01)


def test_segment_order_follows_the_running_case() -> None:
    assert nps.segment_order("tenure", ["3m", "1y", "2y+", "x"]) == ["2y+", "1y", "3m", "x"]
    crossed = ["1y · senior", "2y+ · young", "2y+ · high_value", "3m · business"]
    assert nps.segment_order("tenure_tier", crossed) == [
        "2y+ · high_value", "2y+ · young", "1y · senior", "3m · business"]
