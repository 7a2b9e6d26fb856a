"""Survey-tool exports mapped to the exercises' layouts (cxwidgets.survey_map).

The example exports in ``data/exports/`` are made from the course's samples
(``data/make_exports.py``), so a guessed mapping must give the samples' analysis exactly.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pandas as pd
import pytest

from cxwidgets import kano, nps, servqual, survey_map, tables
from cxwidgets.survey_map import scale
from cxwidgets.widgets.survey import _as_text

pytestmark = pytest.mark.usefixtures("chinese")

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports"


def read_export(name: str) -> pd.DataFrame:
    return _as_text(tables.read_table((EXPORTS / name).read_bytes(), name))


def test_the_module_examples_hold():
    assert doctest.testmod(survey_map).failed == 0


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("kano", "我很喜欢", 1), ("kano", "理所当然", 2), ("kano", "理应如此", 2),
        ("kano", "无所谓", 3), ("kano", "可以忍受", 4), ("kano", "我很不喜欢", 5),
        ("kano", "I like it that way", 1), ("kano", "I can live with it", 4),
        ("kano", "５", 5), ("kano", " 喜欢 ", 1), ("kano", "还行", None), ("kano", "6", None),
        ("agree7", "7 非常同意", 7), ("agree7", "1 非常不同意", 1), ("agree7", "非常同意", 7),
        ("agree7", "7 - Strongly agree", 7), ("agree7", "1 = Strongly disagree", 1),
        ("agree7", "7 非常不同意", None),  # the number and the label disagree: not guessed
        ("agree7", "4", 4), ("agree7", "4.0", 4), ("agree7", "4.5", None), ("agree7", "8", None),
        ("nps", "0（完全不可能）", 0), ("nps", "10（非常可能）", 10), ("nps", "10分", 10),
        ("nps", "0 - Not at all likely", 0), ("nps", "Extremely likely", 10), ("nps", "11", None),
        ("csat5", "非常满意", 5), ("csat5", "一般", 3), ("csat5", "Very dissatisfied", 1),
        ("ces7", "非常省力", 7), ("ces7", "非常费力", 1), ("ces7", "Strongly agree", 7),
    ],
)
def test_answer_labels_as_survey_tools_write_them(name, text, code):
    assert scale(name).code(text) == code


@pytest.mark.parametrize("value", [None, float("nan"), "", "  ", "(跳过)", "N/A", "-"])
def test_skipped_answers_are_blanks(value):
    assert survey_map.is_blank(value)


def test_a_zero_is_an_answer_not_a_blank():
    assert not survey_map.is_blank("0")
    assert not survey_map.is_blank(0)


@pytest.mark.parametrize(
    ("column", "text", "code"),
    [
        ("tenure", "2年以上", "2y+"), ("tenure", "1-2年", "1y"), ("tenure", "3个月以内", "3m"),
        ("tenure", "More than 2 years", "2y+"), ("tenure", "半年", "6m"),
        ("tier", "银发客户", "senior"), ("tier", "High value", "high_value"),
        ("tier", "学生", "学生"),  # an unknown wording stays as it is, a segment of its own
    ],
)
def test_segment_wordings_become_the_course_codes(column, text, code):
    assert survey_map.segment_code(column, text) == code


def test_the_samples_and_plain_tables_need_no_mapping():
    from cxwidgets import datasets

    assert not survey_map.needs_mapping("kano", datasets.read_csv("kano_survey.csv", dtype=str))
    assert not survey_map.needs_mapping("servqual", datasets.read_csv("servqual_survey.csv"))
    assert not survey_map.needs_mapping("servqual", datasets.read_csv("servqual_template.csv"))
    assert not survey_map.needs_mapping("nps", datasets.read_csv("nps_survey.csv", dtype=str))
    unrelated = pd.DataFrame({"姓名": ["甲", "乙"], "城市": ["上海", "北京"]})
    for kind in survey_map.KINDS:
        assert not survey_map.needs_mapping(kind, unrelated)


def _guessed(kind: str, name: str) -> tuple[pd.DataFrame, dict]:
    frame = read_export(name)
    assert survey_map.needs_mapping(kind, frame)
    mapping = survey_map.guess(kind, frame)
    assert survey_map.check(kind, frame, mapping) == {}
    return frame, mapping


def _category_counts(summary: pd.DataFrame) -> list[tuple]:
    columns = ["n", "A", "O", "M", "I", "R", "Q", "category"]
    present = [c for c in columns if c in summary.columns]
    return sorted(tuple(row) for row in summary[present].itertuples(index=False))


@pytest.mark.parametrize("name", ["kano_wjx.xlsx", "kano_tencent.csv"])
def test_kano_exports_analyse_as_the_sample(name):
    frame, mapping = _guessed("kano", name)
    assert mapping["columns"]["respondent"] in {"序号", "编号"}
    assert mapping["columns"]["tenure"].endswith("您使用我们的宽带多久了？")
    names = [mapping["names"][f"f{i}.functional"] for i in range(10)]
    assert names[0] == "宽带网速总能达到套餐承诺的速率"
    assert all(names) and len(set(names)) == 10
    clean = kano.validate_responses(survey_map.apply("kano", frame, mapping), ("tenure", "tier"))
    sample = kano.sample_survey()
    assert len(clean) == len(sample)
    assert sorted(clean["tenure"].unique()) == sorted(sample["tenure"].unique())
    assert sorted(clean["tier"].unique()) == sorted(sample["tier"].unique())
    assert _category_counts(kano.summarize(clean)) == _category_counts(kano.summarize(sample))
    for column in ("tenure", "tier"):  # the segments agree respondent by respondent
        mine = clean.drop_duplicates("respondent")[column].value_counts().sort_index()
        theirs = sample.drop_duplicates("respondent")[column].value_counts().sort_index()
        assert mine.to_dict() == theirs.to_dict()


def test_a_kano_export_with_skipped_questions_leaves_those_pairs_out():
    frame, mapping = _guessed("kano", "kano_tencent_skips.csv")
    table = survey_map.apply("kano", frame, mapping)
    expected_pairs = len(frame) * 10
    blanks = sum(
        1 for i in range(10)
        if True
        for f, d in zip(frame[mapping["columns"][f"f{i}.functional"]],
                        frame[mapping["columns"][f"f{i}.dysfunctional"]], strict=True)
        if survey_map.is_blank(f) or survey_map.is_blank(d)
    )
    assert blanks > 0
    assert table.attrs["skipped"] == blanks
    assert len(table) == expected_pairs - blanks


@pytest.mark.parametrize("name", ["servqual_excel.xlsx", "servqual_google_forms.csv"])
def test_servqual_exports_analyse_as_the_sample(name):
    frame, mapping = _guessed("servqual", name)
    assert all(mapping["columns"][f"{role}{n}"] for role in "EP" for n in range(1, 23))
    clean = servqual.read_responses(survey_map.apply("servqual", frame, mapping))
    sample = servqual.read_responses(pd.read_csv(EXPORTS.parent / "servqual_survey.csv"))
    pd.testing.assert_frame_equal(servqual.score(clean), servqual.score(sample))
    pd.testing.assert_frame_equal(
        servqual.score(clean.query("tier == 'senior'")),
        servqual.score(sample.query("tier == 'senior'")),
    )


@pytest.mark.parametrize("name", ["nps_wjx.xlsx", "nps_google_forms.csv"])
def test_nps_exports_analyse_as_the_sample(name):
    frame, mapping = _guessed("nps", name)
    touchpoints = [f"csat_t{n}" for n in (3, 5, 8, 10, 11, 14, 15)]
    assert all(mapping["columns"][key] for key in ["recommend", "csat", "ces", "comment",
                                                   *touchpoints])
    clean = nps.validate_survey(survey_map.apply("nps", frame, mapping))
    sample = nps.sample_survey()
    assert nps.summary(clean) == nps.summary(sample)
    for column in ["recommend", "csat", "ces", *touchpoints]:
        assert clean[column].tolist() == sample[column].tolist(), column
    assert clean["comment"].tolist() == sample["comment"].tolist()


def test_unknown_labels_are_listed_never_guessed():
    frame, mapping = _guessed("kano", "kano_tencent.csv")
    column = mapping["columns"]["f2.functional"]
    frame.loc[[0, 5], column] = ["还行", "看情况"]
    problems = survey_map.check("kano", frame, mapping)
    assert list(problems) == ["f2.functional"]
    error = problems["f2.functional"]
    assert error.key == "mapping.error.labels"
    assert "“还行”" in error.params["labels"] and "“看情况”" in error.params["labels"]
    with pytest.raises(Exception) as raised:
        survey_map.apply("kano", frame, mapping)
    assert raised.value.key == "mapping.error.labels"


def test_a_mapping_with_a_column_twice_a_missing_question_and_an_unpaired_item():
    frame, mapping = _guessed("servqual", "servqual_excel.xlsx")
    columns = dict(mapping["columns"])
    columns["P3"] = columns["P2"]
    columns["E5"] = ""
    problems = survey_map.check("servqual", frame, {**mapping, "columns": columns})
    assert problems["P3"].key == "mapping.error.twice"
    assert problems["E5"].key == "mapping.error.unpaired"  # on the row that lacks its column
    nps_frame, nps_mapping = _guessed("nps", "nps_wjx.xlsx")
    missing = {**nps_mapping, "columns": {**nps_mapping["columns"], "recommend": ""}}
    assert survey_map.check("nps", nps_frame, missing)["recommend"].key == "mapping.error.required"


def test_kano_features_need_distinct_names():
    frame, mapping = _guessed("kano", "kano_wjx.xlsx")
    names = {**mapping["names"], "f1.functional": mapping["names"]["f0.functional"]}
    problems = survey_map.check("kano", frame, {**mapping, "names": names})
    assert problems[""].key == "mapping.error.same_name"
    names["f1.functional"] = ""
    assert survey_map.check("kano", frame, {**mapping, "names": names})["f1.functional"].key == (
        "mapping.error.no_name")


def test_a_stored_mapping_is_cleaned_for_the_file():
    frame, _mapping = _guessed("nps", "nps_google_forms.csv")
    stored = {"columns": {"recommend": "no such column", "csat": 3, "bogus": "x"},
              "names": "not a dict"}
    clean = survey_map.clean_mapping("nps", frame, stored)
    assert clean["columns"]["recommend"] == "" and clean["columns"]["csat"] == ""
    assert "bogus" not in clean["columns"]
    assert set(clean["columns"]) == {f.key for f in survey_map.fields("nps")}


def test_the_layout_signature_follows_the_headers_only():
    a = survey_map.signature(["序号", "1、您使用我们的宽带多久了？"])
    assert a == survey_map.signature(["序号", "1、您使用我们的宽带多久了？"])
    assert a != survey_map.signature(["序号", "1、您属于哪类客户？"])
    assert a == survey_map.signature(["序号", "1、您使用我们的宽带多久了？"])


def test_feature_names_from_question_headers():
    assert survey_map.feature_name("3、如果网速总能达到承诺的速率，您的感受是？") == "网速总能达到承诺的速率"
    assert survey_map.feature_name("Functional [Whole-home Wi-Fi]") == "Whole-home Wi-Fi"
    assert survey_map.feature_name("Q5: 网速达标") == "speed_as_promised"  # a course feature


def test_every_field_label_exists_in_both_languages():
    from cxwidgets import i18n

    for kind in survey_map.KINDS:
        for field in survey_map.fields(kind):
            for language in ("zh-CN", "en"):
                assert field.label(language) and "{" not in field.label(language)
                assert field.group(language)
    for language in ("zh-CN", "en"):
        assert "热线" in survey_map.fields("nps")[6].label("zh-CN")
        assert i18n.t("mapping.title", language)
