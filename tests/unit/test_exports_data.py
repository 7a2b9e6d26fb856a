"""The example survey-tool exports in data/exports/: rebuilt as committed, faithful to the samples.

Each export is read back here with pandas and label dictionaries written out in this test
(not taken from ``data/make_exports.py``), and its answers are compared with the sample survey
it was made from: an importer that reads an export correctly gets exactly the sample's data.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
EXPORTS = DATA / "exports"
FILES = (
    "kano_wjx.xlsx",
    "kano_tencent.csv",
    "kano_tencent_skips.csv",
    "servqual_excel.xlsx",
    "servqual_google_forms.csv",
    "nps_wjx.xlsx",
    "nps_google_forms.csv",
)

# ----------------------------------------------------------------- labels, written out by hand
TENURE = {
    "2年以上": "2y+", "1-2年": "1y", "6个月-1年": "6m", "6个月以内": "3m",          # 问卷星
    "两年以上": "2y+", "一到两年": "1y", "半年到一年": "6m", "不到半年": "3m",       # 腾讯问卷
    "一年": "1y", "半年": "6m", "三个月": "3m",                                     # Excel
    "More than 2 years": "2y+", "1-2 years": "1y", "6-12 months": "6m",
    "Less than 6 months": "3m",                                                    # Google
}
TIER = {
    "全球通/高价值客户": "high_value", "银发客户": "senior", "年轻客户": "young",
    "商客（企业/商铺）": "business",
    "高价值客户": "high_value", "老年客户": "senior", "年轻用户": "young",
    "企业/商铺客户": "business",
    "全球通/高价值": "high_value", "银发": "senior", "年轻": "young", "商客": "business",
    "High-value customer": "high_value", "Senior customer": "senior",
    "Young customer": "young", "Business customer": "business",
}
KANO_WJX = {"我很喜欢": 1, "理所当然": 2, "无所谓": 3, "能忍受": 4, "我很不喜欢": 5}
KANO_TENCENT = {"喜欢": 1, "理应如此": 2, "无所谓": 3, "可以忍受": 4, "不喜欢": 5}
#: A word each feature's two questions contain (to prove the columns are the right feature).
FEATURE_WORD = {
    "speed_as_promised": "网速", "install_on_time": "准时上门", "repair_2h": "2小时",
    "clear_bill": "账单", "one_stop": "一次", "wifi_whole_home": "Wi-Fi",
    "loyalty_discount": "续约", "app_self_report": "APP", "account_manager": "客户经理",
    "technician_uniform": "着装",
}
SEVEN_ZH = {"1 非常不同意": 1, "7 非常同意": 7}
SEVEN_EN = {"1 - Strongly disagree": 1, "7 - Strongly agree": 7}
RECOMMEND_ZH = {"0（完全不可能）": 0, "10（非常可能）": 10}
CSAT_ZH = {"非常不满意": 1, "不满意": 2, "一般": 3, "满意": 4, "非常满意": 5}
CES_ZH = {"非常不同意": 1, "不同意": 2, "比较不同意": 3, "一般": 4, "比较同意": 5, "同意": 6,
          "非常同意": 7}
CSAT_EN = {"Very dissatisfied": 1, "Dissatisfied": 2, "Neither satisfied nor dissatisfied": 3,
           "Satisfied": 4, "Very satisfied": 5}
CES_EN = {"Strongly disagree": 1, "Disagree": 2, "Somewhat disagree": 3,
          "Neither agree nor disagree": 4, "Somewhat agree": 5, "Agree": 6, "Strongly agree": 7}
TOUCHPOINTS = ("t3", "t5", "t8", "t10", "t11", "t14", "t15")
#: A word of each touchpoint's question, in the order of the sample's columns.
TOUCHPOINT_WORD_ZH = ("热线", "线上下单", "准时上门", "测速", "晚高峰", "故障维修", "续约")
TOUCHPOINT_WORD_EN = ("Hotline", "Online order", "on time", "Speed test", "evening peak",
                      "fault repair", "renewal")
#: Cells left blank in kano_tencent_skips.csv (as data/README.md lists them).
KANO_SKIPS = {
    ("R003", "repair_2h", "dysfunctional"),
    ("R005", "account_manager", "functional"),
    ("R005", "account_manager", "dysfunctional"),
    ("R008", "app_self_report", "functional"),
}
KANO_SKIPPED_TIER = "R010"


# ----------------------------------------------------------------- helpers
def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_exports", DATA / "make_exports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sample(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}_survey.csv", encoding="utf-8-sig",
                       keep_default_na=False, na_values=[""])


def _codes(values: pd.Series, labels: dict, *, numbers: bool = False,
           blank: tuple = ()) -> pd.Series:
    """Codes of ``values``: labels looked up, numbers (int or text) kept, blanks NaN."""
    def one(value):
        if value is None or (isinstance(value, float) and np.isnan(value)) or value in blank:
            return np.nan
        if value in labels:
            return labels[value]
        if numbers and re.fullmatch(r"\d+", str(value)):
            return int(value)
        raise AssertionError(f"unexpected answer {value!r} in {values.name!r}")
    return values.map(one).astype("float")


def _cells(path: Path) -> list[tuple]:
    return list(load_workbook(path).active.iter_rows(values_only=True))


def _read_export(path: Path) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        return pd.read_excel(path, dtype=object)
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False,
                       na_values=[""])


def _segments(frame: pd.DataFrame, tenure_column: str, tier_column: str) -> pd.DataFrame:
    tenure = frame[tenure_column].map(TENURE)
    tier = frame[tier_column].map(TIER)
    assert tenure.notna().all()
    assert tier[frame[tier_column].notna()].notna().all()
    return pd.DataFrame({"tenure": tenure, "tier": tier})


def _kano_long(export: pd.DataFrame, id_column: str, labels: dict, first: int) -> pd.DataFrame:
    """The long KANO table of an export whose feature questions start at column ``first``."""
    features = list(pd.read_csv(DATA / "kano_features.csv", encoding="utf-8-sig")["feature"])
    questions = list(export.columns[first:])
    assert len(questions) == 2 * len(features)
    segments = _segments(export, export.columns[first - 2], export.columns[first - 1])
    respondents = export[id_column].map(lambda n: f"R{int(n):03d}")
    parts = []
    for i, feature in enumerate(features):
        positive, negative = questions[2 * i], questions[2 * i + 1]
        assert FEATURE_WORD[feature] in positive and FEATURE_WORD[feature] in negative
        assert positive.endswith("您的感受是？") and negative.endswith("您的感受是？")
        parts.append(pd.DataFrame({
            "respondent": respondents, "tenure": segments["tenure"], "tier": segments["tier"],
            "feature": feature,
            "functional": _codes(export[positive], labels),
            "dysfunctional": _codes(export[negative], labels),
        }))
    return pd.concat(parts).sort_values(["respondent", "feature"]).reset_index(drop=True)


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys).reset_index(drop=True)


def _servqual_long(respondents: pd.Series, segments: pd.DataFrame, export: pd.DataFrame,
                   item_of: dict[str, tuple[str, int]], ends: dict) -> pd.DataFrame:
    rows = {}
    for column, (which, item) in item_of.items():
        rows[(which, item)] = _codes(export[column], ends, numbers=True)
    parts = []
    for item in range(1, 23):
        parts.append(pd.DataFrame({
            "respondent": respondents.astype(str), "tenure": segments["tenure"],
            "tier": segments["tier"], "item": item, "expectation": rows[("expectation", item)],
            "perception": rows[("perception", item)],
        }))
    return _sorted(pd.concat(parts), ["respondent", "item"])


def _nps_frame(export: pd.DataFrame, segments: pd.DataFrame, columns: list[str],
               scales: tuple[dict, dict, dict], blank: tuple) -> pd.DataFrame:
    """The sample's wide layout from an export's recommend .. comment ``columns``."""
    recommend, csat, ces = scales
    frame = pd.DataFrame({
        "respondent": [f"N{n:03d}" for n in range(1, len(export) + 1)],
        "tenure": segments["tenure"], "tier": segments["tier"],
        "recommend": _codes(export[columns[0]], recommend, numbers=True),
        "csat": _codes(export[columns[1]], csat),
        "ces": _codes(export[columns[2]], ces),
    })
    for tp, column in zip(TOUCHPOINTS, columns[3:-1], strict=True):
        frame[f"csat_{tp}"] = _codes(export[column], csat, blank=blank)
    frame["comment"] = export[columns[-1]].where(~export[columns[-1]].isin(blank))
    return frame


def _nps_expected() -> pd.DataFrame:
    sample = _sample("nps")
    for column in ("recommend", "csat", "ces", *(f"csat_{tp}" for tp in TOUCHPOINTS)):
        sample[column] = sample[column].astype("float")
    sample["comment"] = sample["comment"].astype(object).where(sample["comment"].notna(), None)
    return sample


def _same_comments(got: pd.Series, expected: pd.Series) -> None:
    got = got.astype(object).where(got.notna(), None).reset_index(drop=True)
    assert got.tolist() == expected.tolist()


# ----------------------------------------------------------------- the committed files
@pytest.mark.parametrize("name", FILES)
def test_small_enough(name):
    assert (EXPORTS / name).stat().st_size < 300_000


def test_rebuilt_files_equal_the_committed_ones(tmp_path):
    _script().build(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    for name in FILES:
        built, committed = tmp_path / name, EXPORTS / name
        if name.endswith(".csv"):
            assert built.read_bytes() == committed.read_bytes(), name
        else:
            assert _cells(built) == _cells(committed), name


def test_xlsx_writing_is_byte_for_byte_repeatable(tmp_path):
    script = _script()
    table = (["受访者", "期望1 设备现代化"], [["R001", 7], ["R002", "7 非常同意"]])
    script.write_xlsx(tmp_path / "a.xlsx", table, "Sheet1")
    script.write_xlsx(tmp_path / "b.xlsx", table, "Sheet1")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert load_workbook(tmp_path / "a.xlsx").properties.modified.year == 2026


def test_encodings():
    for name in ("kano_tencent.csv", "kano_tencent_skips.csv"):
        assert (EXPORTS / name).read_bytes().startswith(b"\xef\xbb\xbf")
    for name in ("servqual_google_forms.csv", "nps_google_forms.csv"):
        raw = (EXPORTS / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert raw.startswith(b'"Timestamp",')


# ----------------------------------------------------------------- KANO
def test_kano_wjx_equals_the_sample():
    export = _read_export(EXPORTS / "kano_wjx.xlsx")
    assert list(export.columns[:8]) == ["序号", "提交答卷时间", "所用时间", "来源", "来源详情",
                                        "来自IP", "1、您使用我们的宽带多久了？",
                                        "2、您属于哪类客户？"]
    numbers = [int(c.split("、")[0]) for c in export.columns[6:]]
    assert numbers == list(range(1, 23))
    assert export["所用时间"].str.fullmatch(r"\d+秒").all()
    assert export["来自IP"].str.fullmatch(r"\d+\.\d+\.\d+\.\d+\(.+-.+\)").all()
    assert set(export["来源"]) == {"手机提交", "微信"}
    got = _kano_long(export, "序号", KANO_WJX, 8)
    expected = _sorted(_sample("kano"), ["respondent", "feature"])
    expected[["functional", "dysfunctional"]] = expected[["functional", "dysfunctional"]].astype(
        float)
    pd.testing.assert_frame_equal(got, expected)


def test_kano_tencent_equals_the_sample():
    export = _read_export(EXPORTS / "kano_tencent.csv")
    assert list(export.columns[:9]) == ["编号", "开始答题时间", "结束答题时间", "答题时长",
                                        "地理位置国家和地区", "地理位置省", "地理位置市",
                                        "Q1:您使用我们的宽带多久了？", "Q2:您属于哪类客户？"]
    assert [c.split(":")[0] for c in export.columns[7:]] == [f"Q{n}" for n in range(1, 23)]
    assert export.notna().all().all()
    got = _kano_long(export, "编号", KANO_TENCENT, 9)
    expected = _sorted(_sample("kano"), ["respondent", "feature"])
    expected[["functional", "dysfunctional"]] = expected[["functional", "dysfunctional"]].astype(
        float)
    pd.testing.assert_frame_equal(got, expected)


def test_kano_tencent_skips_blank_exactly_the_listed_answers():
    export = _read_export(EXPORTS / "kano_tencent_skips.csv")
    assert list(export["编号"]) == [str(n) for n in range(1, 13)]
    assert export["Q2:您属于哪类客户？"].isna().sum() == 1
    got = _kano_long(export, "编号", KANO_TENCENT, 9)
    sample = _sample("kano")
    expected = _sorted(sample[sample["respondent"] <= "R012"], ["respondent", "feature"])
    blank = got[["functional", "dysfunctional"]].isna()
    blank_cells = {(r, f, which) for (r, f), row in
                   zip(zip(got["respondent"], got["feature"], strict=True),
                       blank.to_dict("records"), strict=True)
                   for which, is_blank in row.items() if is_blank}
    assert blank_cells == KANO_SKIPS
    assert set(got.loc[got["tier"].isna(), "respondent"]) == {KANO_SKIPPED_TIER}
    answered = ~blank
    for which in ("functional", "dysfunctional"):
        keep = answered[which]
        assert got.loc[keep, which].tolist() == expected.loc[keep, which].astype(float).tolist()
    keep = got["tier"].notna()
    assert got.loc[keep, "tier"].tolist() == expected.loc[keep, "tier"].tolist()
    assert got["tenure"].tolist() == expected["tenure"].tolist()


# ----------------------------------------------------------------- SERVQUAL
def _servqual_expected() -> pd.DataFrame:
    expected = _sorted(_sample("servqual"), ["respondent", "item"])
    expected[["expectation", "perception"]] = expected[["expectation", "perception"]].astype(float)
    return expected


def test_servqual_excel_equals_the_sample():
    path = EXPORTS / "servqual_excel.xlsx"
    export = _read_export(path)
    assert list(export.columns[:3]) == ["受访者", "入网时长", "客户类型"]
    item_of = {}
    for column in export.columns[3:]:
        match = re.fullmatch(r"(期望|感知)(\d+) \S+", column)
        assert match, column
        item_of[column] = ({"期望": "expectation", "感知": "perception"}[match[1]], int(match[2]))
    assert len(item_of) == 44
    got = _servqual_long(export["受访者"], _segments(export, "入网时长", "客户类型"), export,
                         item_of, SEVEN_ZH)
    pd.testing.assert_frame_equal(got, _servqual_expected())
    # the sheet really has what Excel users type: numbers, labelled end points, text numbers
    ratings = [v for row in _cells(path)[1:] for v in row[3:] if v is not None]
    kinds = {"number": sum(isinstance(v, int) for v in ratings),
             "end": sum(v in SEVEN_ZH for v in ratings),
             "text number": sum(isinstance(v, str) and v.isdigit() for v in ratings)}
    assert kinds["number"] > len(ratings) / 2
    assert kinds["end"] > 0 and kinds["text number"] > 0
    assert sum(kinds.values()) == len(ratings)


def test_servqual_google_forms_equals_the_sample():
    export = _read_export(EXPORTS / "servqual_google_forms.csv")
    assert list(export.columns[:3]) == ["Timestamp", "How long have you been our customer?",
                                        "Which customer group are you in?"]
    assert export["Timestamp"].str.fullmatch(
        r"2026/\d\d/\d\d \d{1,2}:\d\d:\d\d [AP]M GMT\+8").all()
    catalogue = json.loads((ROOT / "cxwidgets/locales/servqual.json").read_text("utf-8"))
    item_by_text = {catalogue[f"servqual.item.{n}.text"]["en"]: n for n in range(1, 23)}
    item_of = {}
    for column in export.columns[3:]:
        match = re.fullmatch(r"(Expectation|Perception) \[(.+)\]", column)
        assert match, column
        item_of[column] = (match[1].lower(), item_by_text[match[2]])
    assert len(item_of) == 44
    respondents = pd.Series([f"R{n:03d}" for n in range(1, len(export) + 1)])
    got = _servqual_long(respondents, _segments(export, export.columns[1], export.columns[2]),
                         export, item_of, SEVEN_EN)
    pd.testing.assert_frame_equal(got, _servqual_expected())


# ----------------------------------------------------------------- NPS
def test_nps_wjx_equals_the_sample():
    export = _read_export(EXPORTS / "nps_wjx.xlsx")
    columns = list(export.columns)
    assert columns[:6] == ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
    assert [int(c.split("、")[0]) for c in columns[6:]] == list(range(1, 14))
    assert "推荐" in columns[8] and "满意" in columns[9] and "省力" in columns[10]
    for word, column in zip(TOUCHPOINT_WORD_ZH, columns[11:18], strict=True):
        assert word in column
    assert columns[18] == "13、您给出这个评分的主要原因是？"
    segments = _segments(export, columns[6], columns[7])
    got = _nps_frame(export, segments, columns[8:], (RECOMMEND_ZH, CSAT_ZH, CES_ZH),
                     blank=("(跳过)", "(空)"))
    expected = _nps_expected()
    pd.testing.assert_frame_equal(got.drop(columns="comment"), expected.drop(columns="comment"))
    _same_comments(got["comment"], expected["comment"])


def test_nps_google_forms_equals_the_sample():
    export = _read_export(EXPORTS / "nps_google_forms.csv")
    columns = list(export.columns)
    assert columns[:6] == [
        "Timestamp", "How long have you been our customer?", "Which customer group are you in?",
        "How likely are you to recommend us to a friend or colleague?",
        "Overall, how satisfied are you with our broadband service?",
        "The company made it easy for me to handle my issue.",
    ]
    for word, column in zip(TOUCHPOINT_WORD_EN, columns[6:13], strict=True):
        assert re.fullmatch(r"How satisfied are you with each of the following\? \[.+\]", column)
        assert word.lower() in column.lower()
    assert columns[13] == "What is the main reason for your score?"
    segments = _segments(export, columns[1], columns[2])
    got = _nps_frame(export, segments, columns[3:], ({}, CSAT_EN, CES_EN), blank=())
    expected = _nps_expected()
    pd.testing.assert_frame_equal(got.drop(columns="comment"), expected.drop(columns="comment"))
    _same_comments(got["comment"], expected["comment"])
