"""The ColumnMap anywidget: validated traits, pruning, learner changes, column summaries."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import traitlets

from cxwidgets.widgets.column_map import ColumnMap, column_summaries
from cxwidgets.widgets.exercise import is_user_change, on_user_change

COLUMNS = [
    {"name": "Q1 speed", "samples": ["5", "4"]},
    {"name": "Q2 price", "samples": ["1"]},
    {"name": "comment", "samples": []},
]
FIELDS = [
    {"key": "id", "label": "Respondent", "group": "About", "required": False, "name": None,
     "name_label": ""},
    {"key": "f1", "label": "Feature 1", "group": "Features", "required": True,
     "name": "Fast delivery", "name_label": "Name of feature 1"},
    {"key": "f2", "label": "Feature 2", "group": "Features", "required": True,
     "name": "Low price", "name_label": "Name of feature 2"},
]


@pytest.fixture
def widget() -> ColumnMap:
    return ColumnMap(columns=COLUMNS, fields=FIELDS, value={"f1": "Q1 speed"})


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    ("columns", "words"),
    [
        (["Q1"], "expected a dict, not the str 'Q1'"),
        ([{"samples": []}], "columns[0] needs a non-empty string 'name'"),
        ([{"name": ""}], "columns[0] needs a non-empty string 'name'"),
        ([{"name": 3}], "columns[0] needs a non-empty string 'name'"),
        ([{"name": "a"}, {"name": "a"}], "columns[1]: the name 'a' is used twice"),
        ([{"name": "a", "samples": "5"}], "columns[0] ('a'): 'samples' must be a list"),
        ([{"name": "a", "samples": [5]}], "columns[0] ('a'): 'samples' must be a list"),
    ],
)
def test_bad_columns_are_refused_naming_the_entry(columns, words) -> None:
    with pytest.raises(traitlets.TraitError) as info:
        ColumnMap(columns=columns)
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ([7], "expected a dict, not the int 7"),
        ([{"label": "x"}], "fields[0] needs a non-empty string 'key'"),
        ([{"key": "a", "label": "x"}, {"key": "a", "label": "y"}],
         "fields[1]: the key 'a' is used twice"),
        ([{"key": "a"}], "fields[0] ('a') needs a string 'label'"),
        ([{"key": "a", "label": 1}], "fields[0] ('a') needs a string 'label'"),
        ([{"key": "a", "label": "x", "required": "yes"}], "'required' must be True or False"),
        ([{"key": "a", "label": "x", "name": 5}], "'name' must be None or a string"),
        ([{"key": "a", "label": "x", "group": None}], "'group' must be a string"),
    ],
)
def test_bad_fields_are_refused_naming_the_entry(fields, words) -> None:
    with pytest.raises(traitlets.TraitError) as info:
        ColumnMap(fields=fields)
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"nope": "Q1 speed"}, "value: 'nope' is not a field"),
        ({"f1": "Q9"}, "value['f1']: 'Q9' is not a column of the file"),
        ({"f1": None}, "value['f1']: None is not a column of the file"),
    ],
)
def test_a_bad_value_is_refused(widget: ColumnMap, value, words) -> None:
    with pytest.raises(traitlets.TraitError) as info:
        widget.value = value
    assert words in str(info.value)
    assert widget.value == {"f1": "Q1 speed"}  # earlier data stays


def test_unused_fields_are_empty_strings(widget: ColumnMap) -> None:
    widget.value = {"f1": "", "f2": "comment", "id": "Q2 price"}
    assert widget.column_of("f1") == ""
    assert widget.column_of("f2") == "comment"


@pytest.mark.parametrize(
    ("names", "words"),
    [
        ({"id": "x"}, "names: 'id' is not a field with an editable name"),
        ({"zz": "x"}, "names: 'zz' is not a field with an editable name"),
        ({"f1": 3}, "names['f1'] must be a string"),
    ],
)
def test_bad_names_are_refused(widget: ColumnMap, names, words) -> None:
    with pytest.raises(traitlets.TraitError) as info:
        widget.names = names
    assert words in str(info.value)


def test_problems_and_texts_are_checked(widget: ColumnMap) -> None:
    widget.problems = {"": "whole table", "f2": "twice"}
    with pytest.raises(traitlets.TraitError, match="'zz' is neither a field nor"):
        widget.problems = {"zz": "x"}
    with pytest.raises(traitlets.TraitError, match=r"problems\['f1'\] must be a string"):
        widget.problems = {"f1": None}
    with pytest.raises(traitlets.TraitError, match="unknown text 'title'"):
        widget.texts = {"title": "x"}
    assert widget.problems == {"": "whole table", "f2": "twice"}


def test_the_constructor_checks_all_traits_together_in_any_order() -> None:
    widget = ColumnMap(value={"f2": "comment"}, names={"f1": "Speed"}, fields=FIELDS,
                       columns=COLUMNS)
    assert widget.value == {"f2": "comment"}
    assert widget.name_of("f1") == "Speed"


def test_a_new_upload_is_set_at_once_in_any_order(widget: ColumnMap) -> None:
    widget.names = {"f1": "Speed"}
    new_columns = [{"name": "A", "samples": []}, {"name": "B", "samples": ["x"]}]
    with widget.hold_trait_notifications():
        widget.value = {"f2": "B"}
        widget.fields = FIELDS[1:]
        widget.columns = new_columns
    assert widget.value == {"f2": "B"}
    assert widget.names == {"f1": "Speed"}
    refused = pytest.raises(traitlets.TraitError, match="'Q1 speed' is not a column")
    with refused, widget.hold_trait_notifications():
        widget.columns = COLUMNS[1:]
        widget.value = {"f2": "Q1 speed"}
    assert widget.columns == new_columns  # all refused together, earlier data stays
    assert widget.value == {"f2": "B"}


def test_the_browser_never_sets_uploaded_text_as_html() -> None:
    script = (Path(__file__).resolve().parents[2] / "cxwidgets" / "static" / "column_map.js")
    code = script.read_text(encoding="utf-8")
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code


# ------------------------------------------------------------------ pruning
def test_new_columns_drop_choices_of_columns_that_are_gone(widget: ColumnMap) -> None:
    widget.value = {"f1": "Q1 speed", "f2": "comment", "id": ""}
    widget.columns = [{"name": "comment", "samples": ["ok"]}]
    assert widget.value == {"f2": "comment", "id": ""}


def test_new_fields_drop_entries_of_fields_that_are_gone(widget: ColumnMap) -> None:
    widget.names = {"f1": "Speed", "f2": "Price"}
    widget.problems = {"": "all", "f2": "twice", "f1": "missing"}
    widget.value = {"f1": "Q1 speed", "f2": "Q2 price"}
    widget.fields = [{**FIELDS[1], "name": None}, FIELDS[2]]  # f1 no longer has a name
    assert widget.value == {"f1": "Q1 speed", "f2": "Q2 price"}
    assert widget.names == {"f2": "Price"}
    assert widget.problems == {"": "all", "f2": "twice", "f1": "missing"}
    widget.fields = [FIELDS[0]]
    assert widget.value == {}
    assert widget.names == {}
    assert widget.problems == {"": "all"}


# ------------------------------------------------------------------ learner changes
def test_choose_and_rename_are_learner_changes(widget: ColumnMap) -> None:
    seen = []
    on_user_change(widget, lambda new: seen.append(("value", new)))
    on_user_change(widget, lambda new: seen.append(("names", new)), names="names")
    widget.choose("f2", "Q2 price")
    widget.rename("f1", "Speedy delivery")
    widget.choose("f1", "")
    assert seen == [
        ("value", {"f1": "Q1 speed", "f2": "Q2 price"}),
        ("names", {"f1": "Speedy delivery"}),
        ("value", {"f1": "", "f2": "Q2 price"}),
    ]
    assert widget.name_of("f1") == "Speedy delivery"
    assert widget.name_of("f2") == "Low price"
    assert widget.name_of("id") is None


def test_a_kernel_assignment_is_not_a_learner_change(widget: ColumnMap) -> None:
    seen = []
    on_user_change(widget, seen.append)
    widget.value = {"f2": "comment"}
    assert seen == []
    assert not is_user_change(widget)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda w: w.choose("nope", "Q1 speed"), "value: 'nope' is not a field"),
        (lambda w: w.choose("f1", "Q9"), "value['f1']: 'Q9' is not a column"),
        (lambda w: w.rename("id", "x"), "names: 'id' is not a field with an editable name"),
        (lambda w: w.rename("f1", None), "names['f1'] must be a string"),
    ],
)
def test_choose_and_rename_refuse_what_does_not_fit(widget: ColumnMap, call, words) -> None:
    with pytest.raises(traitlets.TraitError) as info:
        call(widget)
    assert words in str(info.value)
    assert widget.value == {"f1": "Q1 speed"}
    assert widget.names == {}


def test_a_stale_browser_change_is_refused_and_the_browser_resynced(
    widget: ColumnMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = []
    monkeypatch.setattr(widget, "send_state", sent.append)
    widget.set_state({"value": {"f1": "a column of the previous upload"}})
    assert widget.value == {"f1": "Q1 speed"}
    assert sent == [["value"]]


# ------------------------------------------------------------------ column summaries
def test_summaries_keep_the_column_order_and_name_every_column_as_text() -> None:
    frame = pd.DataFrame([[1, "a", None]], columns=["B second", 7, "A third"])
    summaries = column_summaries(frame)
    assert [s["name"] for s in summaries] == ["B second", "7", "A third"]
    assert summaries[2]["samples"] == []


def test_samples_are_distinct_non_blank_answers_in_order_of_first_appearance() -> None:
    frame = pd.DataFrame({
        "q": ["", "  ", None, "b", " a ", "b", "a", "c", "d"],
        "n": [np.nan, 4.0, 4.0, 2.5, np.nan, 1.0, 3.0, 5.0, 4.0],
        "i": pd.array([None, 3, 3, 1, 2, 5, 5, 5, 5], dtype="Int64"),
    })
    samples = {s["name"]: s["samples"] for s in column_summaries(frame)}
    assert samples == {"q": ["b", "a", "c"], "n": ["4", "2.5", "1"], "i": ["3", "1", "2"]}
    assert column_summaries(frame, samples=1)[0]["samples"] == ["b"]
    assert column_summaries(frame, samples=5)[0]["samples"] == ["b", "a", "c", "d"]


def test_long_answers_are_cut_with_an_ellipsis_and_spaces_folded() -> None:
    long = "x" * 39 + "yz"  # 41 characters
    frame = pd.DataFrame({"q": [long, "line one\n  line two", "y" * 40, math.nan]})
    assert column_summaries(frame)[0]["samples"] == [
        "x" * 39 + "\u2026",
        "line one line two",
        "y" * 40,
    ]


def test_other_cells_become_text() -> None:
    frame = pd.DataFrame({
        "when": pd.to_datetime(["2026-01-02", None]),
        "yes": [True, False],
        "mixed": [3, "three"],
    })
    samples = {s["name"]: s["samples"] for s in column_summaries(frame)}
    assert samples == {"when": ["2026-01-02 00:00:00"], "yes": ["True", "False"],
                       "mixed": ["3", "three"]}


def test_summaries_fit_the_columns_trait() -> None:
    frame = pd.DataFrame({"Q1": [1, 2], "Q2": ["x", None]})
    widget = ColumnMap(columns=column_summaries(frame))
    assert widget.columns == [{"name": "Q1", "samples": ["1", "2"]},
                              {"name": "Q2", "samples": ["x"]}]
