"""The lecture-03 sample data: reproducible from their scripts, in the documented format."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"

# Evaluation table of Berger et al. (1993): functional answer in rows, dysfunctional in columns.
TABLE = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    table = pd.read_csv(DATA / "kano_survey.csv")
    pairs = zip(table["functional"], table["dysfunctional"], strict=True)
    table["category"] = [TABLE[f - 1][d - 1] for f, d in pairs]
    return table


def test_kano_files_are_reproducible():
    make_kano = _load("make_kano")
    stored = pd.read_csv(DATA / "kano_survey.csv")
    pd.testing.assert_frame_equal(stored, make_kano.make_survey(), check_dtype=False)
    features = pd.read_csv(DATA / "kano_features.csv")
    pd.testing.assert_frame_equal(features, make_kano.make_features(), check_dtype=False)


def test_customer_files_are_reproducible():
    make_customers = _load("make_customers")
    stored = pd.read_csv(DATA / "customers.csv")
    pd.testing.assert_frame_equal(stored, make_customers.make_customers(), check_dtype=False)
    prospects = pd.read_csv(DATA / "prospects.csv")
    pd.testing.assert_frame_equal(prospects, make_customers.make_prospects(), check_dtype=False)


def test_kano_survey_format(survey):
    columns = ["respondent", "tenure", "tier", "feature", "functional", "dysfunctional"]
    assert list(survey.columns[:6]) == columns
    assert survey["respondent"].nunique() >= 300
    assert survey["feature"].nunique() == 10
    assert survey.groupby("respondent").size().eq(10).all()
    assert set(survey["tenure"]) == {"2y+", "1y", "6m", "3m"}
    assert set(survey["tier"]) == {"high_value", "senior", "young", "business"}
    assert survey[["functional", "dysfunctional"]].isin([1, 2, 3, 4, 5]).all().all()
    # tenure and tier are properties of the respondent
    assert survey.groupby("respondent")[["tenure", "tier"]].nunique().eq(1).all().all()
    features = pd.read_csv(DATA / "kano_features.csv")
    assert set(features["feature"]) == set(survey["feature"])


def _top(categories: pd.Series) -> str:
    return categories[categories.isin(list("AOMI"))].value_counts().idxmax()


def _fong(categories: pd.Series) -> bool:
    counts = categories.value_counts()
    a, b, n = counts.iloc[0], counts.iloc[1], len(categories)
    return abs(a - b) >= 1.65 * math.sqrt((a + b) * (2 * n - a - b) / (2 * n))


def test_kano_survey_patterns(survey):
    by_feature = survey.groupby("feature")["category"]
    assert _top(by_feature.get_group("speed_as_promised")) == "M"
    assert _top(by_feature.get_group("repair_2h")) == "O"
    assert _top(by_feature.get_group("technician_uniform")) == "I"
    assert _top(by_feature.get_group("wifi_whole_home")) == "A"
    for feature in ("speed_as_promised", "repair_2h", "technician_uniform"):
        assert _fong(by_feature.get_group(feature))
    loyalty = survey[survey["feature"] == "loyalty_discount"]
    assert _top(loyalty[loyalty["tenure"] == "2y+"]["category"]) == "M"
    assert _top(loyalty[loyalty["tenure"] == "3m"]["category"]) == "A"
    app = survey[(survey["feature"] == "app_self_report") & (survey["tier"] == "senior")]
    assert (app["category"] == "R").mean() > 0.15
    assert set(survey["category"]) >= {"Q", "R"}  # noise present


def test_kano_template_is_a_small_upload_example():
    template = pd.read_csv(DATA / "kano_template.csv")
    assert list(template.columns) == [
        "respondent",
        "tenure",
        "tier",
        "feature",
        "functional",
        "dysfunctional",
    ]
    assert template["respondent"].nunique() == 2


def test_customers_format():
    customers = pd.read_csv(DATA / "customers.csv")
    assert customers["id"].is_unique and customers["name"].is_unique
    assert set(customers["segment"]) == {"high_value", "senior", "young", "business"}
    assert (customers["revenue"] > 0).all()
    assert set(customers["tenure"]) <= {"2y+", "1y", "6m", "3m"}


def test_data_hold_codes_and_the_catalogue_the_names():
    # Content as data: no name_zh / name_en / description_* columns, every code named in
    # both languages by the catalogue.
    from cxwidgets import i18n

    features = pd.read_csv(DATA / "kano_features.csv")
    assert list(features.columns) == ["feature"]
    prospects = pd.read_csv(DATA / "prospects.csv")
    assert list(prospects.columns) == ["id", "money", "authority", "need"]
    customers = pd.read_csv(DATA / "customers.csv")
    assert not [c for c in customers.columns if c.endswith(("_en", "_zh"))]
    keys = [f"kano.feature.{code}" for code in features["feature"]]
    keys += [f"tiers.prospect.{code}.{part}" for code in prospects["id"]
             for part in ("name", "description", "facts")]
    catalogue = i18n.catalogue()
    for key in keys:
        assert all(catalogue[key][language].strip() for language in i18n.LANGUAGES), key
