"""The shared segmented-survey exercise, with a toy survey plugged in (no browser).

The toy's "analysis" is the mean score of the filtered rows, so every expected value here
is plain arithmetic on the rows written in the test.
"""

from __future__ import annotations

import html
import threading

import ipywidgets as widgets
import pandas as pd
import pytest

from cxwidgets import i18n, tables
from cxwidgets.errors import CXError
from cxwidgets.session import Session
from cxwidgets.widgets.exercise import close_tree, user_sets
from cxwidgets.widgets.survey import SegmentedSurvey

SAMPLE = pd.DataFrame(
    {
        "respondent": ["r1", "r2", "r3", "r4"],
        "tenure": ["2y+", "2y+", "3m", "3m"],
        "score": [4.0, 2.0, 1.0, 1.0],
    }
)


class Toy(SegmentedSurvey):
    """Mean score by segment; uploads need ``respondent`` and ``score``."""

    section = "99/toy_survey"
    title_key = "kano.survey.title"
    name = "toy-survey"
    segments = ("tenure", "tier")
    stored_rows_limit = 5
    css = "cx-toy"
    labels = {"format": "kano.survey.format"}  # noqa: RUF012
    sample_error: BaseException | None = None
    sample_gate: threading.Event | None = None

    def sample(self):
        if self.sample_gate is not None:
            self.sample_gate.wait(10)
        if self.sample_error is not None:
            raise self.sample_error
        return SAMPLE

    def validate(self, frame):
        frame = tables.require_columns(frame, ["respondent", "score"], optional=self.segments)
        scores = pd.to_numeric(frame["score"], errors="coerce")
        if scores.isna().any():
            raise CXError("kano.error.range", column="score", rows="?", value="?")
        return frame.assign(score=scores.astype(float))

    def summarize(self, frame):
        return float(frame["score"].mean())

    def compare(self, frame, column, a, b):
        means = frame.groupby(column)["score"].mean()
        return float(means[a]), float(means[b])

    def result_widgets(self):
        self.result = widgets.HTML()
        return [self.result]

    def comparison_widgets(self):
        self.compared = widgets.HTML()
        return [self.compared]

    def draw_results(self, summary, frame):
        self.result.value = f"mean {summary:.2f} of {len(frame)}"

    def draw_comparison(self, comparison, column, a, b):
        self.compared.value = f"{a} {comparison[0]:.2f} vs {b} {comparison[1]:.2f}"

    def status_text(self, frame):
        return f"{len(frame)} rows"


pytestmark = pytest.mark.usefixtures("chinese")


@pytest.fixture(autouse=True)
def _fresh_toy():
    yield
    Toy.sample_error = None
    Toy.sample_gate = None


@pytest.fixture
def session(new_session) -> Session:
    return new_session("99")


def _open(session: Session) -> Toy:
    toy = Toy(session)
    assert toy.wait_loaded(30)
    if Toy.sample_error is None:
        assert toy.message.kind is None, toy.message.value
    return toy


def _csv(rows: int, start: int = 1, score: int = 3) -> bytes:
    lines = ["respondent,tenure,score"]
    lines += [f"p{i},{'1y' if i % 2 else '6m'},{score}" for i in range(start, start + rows)]
    return "\n".join(lines).encode("utf-8")


def _notice(toy: Toy) -> str:
    return html.unescape(toy.notice.value)


# --- the sample, filters, comparison -----------------------------------------------------


def test_sample_loads_in_the_background_then_filters_and_compares(session):
    toy = _open(session)
    assert toy.result.value == "mean 2.00 of 4"
    assert toy.status.value == "4 rows"
    assert "cx-toy-source" in toy.source._dom_classes
    assert [o[1] for o in toy.filters["tenure"].options] == ["", "2y+", "3m"]
    assert toy.filters["tier"].layout.display == "none"  # no tier column in the sample
    assert toy.compared.value == "2y+ 3.00 vs 3m 1.00"
    user_sets(toy.filters["tenure"], "3m")
    assert toy.result.value == "mean 1.00 of 2"
    assert session.workbook.get("99/toy_survey")["filters"] == {"tenure": "3m", "tier": ""}


def test_comparing_a_segment_with_itself_says_so(session):
    toy = _open(session)
    user_sets(toy.segment_b, "2y+")
    assert toy.state["compare"] == {"by": "tenure", "a": "2y+", "b": "2y+"}
    assert i18n.t("survey.same_segment") in html.unescape(toy.compare_note.value)
    assert toy.compared.layout.display == "none"
    user_sets(toy.segment_a, "3m")
    assert toy.compared.value == "3m 1.00 vs 2y+ 3.00"


def test_a_filter_with_no_answers_says_so_and_keeps_the_filters(session):
    toy = _open(session)
    toy.upload.receive("mine.csv", _csv(2))  # p1 -> 1y, p2 -> 6m
    user_sets(toy.filters["tenure"], "1y")
    assert toy.result.value == "mean 3.00 of 1"
    user_sets(toy.source, "sample")  # "1y" does not exist in the sample: back to all
    assert toy.state["filters"]["tenure"] == ""
    assert toy.result.value == "mean 2.00 of 4"


# --- uploads --------------------------------------------------------------------------------


def test_upload_without_segments_says_there_is_nothing_to_compare(session):
    toy = _open(session)
    toy.upload.receive("plain.csv", b"respondent,score\nr1,2\nr2,4\n")
    assert toy.message.kind is None  # no error while drawing
    assert toy.result.value == "mean 3.00 of 2"
    assert all(dropdown.layout.display == "none" for dropdown in toy.filters.values())
    assert i18n.t("survey.no_segments") in html.unescape(toy.compare_note.value)
    assert toy.segment_a.value is None and toy.compared.layout.display == "none"


def test_uploaded_choice_before_any_upload_says_so_and_shows_no_sample(session, reopen):
    toy = _open(session)
    user_sets(toy.source, "upload")
    assert toy.state["source"] == "upload"
    assert i18n.t("survey.no_upload") in _notice(toy)
    assert toy.results_box.layout.display == "none"
    assert toy.status.value == ""
    again = _open(reopen(session))
    assert again.state["source"] == "upload" and i18n.t("survey.no_upload") in _notice(again)


def test_upload_is_analysed_kept_and_restored(session, reopen):
    toy = _open(session)
    toy.upload.receive("mine.csv", _csv(4, score=5))
    assert toy.upload.message.kind == "success"
    assert toy.state["source"] == "upload" and toy.result.value == "mean 5.00 of 4"
    stored = session.workbook.get("99/toy_survey")["upload"]
    assert stored["name"] == "mine.csv" and stored["columns"] == ["respondent", "tenure", "score"]
    assert stored["rows"][0] == ["p1", "1y", 5.0]
    again = _open(reopen(session))
    assert again.result.value == "mean 5.00 of 4" and again.notice.value == ""


def test_upload_over_the_row_limit_says_so_and_reload_tells_the_truth(session, reopen):
    toy = _open(session)
    toy.upload.receive("small.csv", _csv(3, score=1))  # kept
    toy.upload.receive("big.csv", _csv(6, score=5))  # analysed, over the 5 rows kept
    assert toy.result.value == "mean 5.00 of 6"
    notice = _notice(toy)
    assert "big.csv" in notice and "6" in notice and "5" in notice
    assert toy.notice.value.count("cx-msg-info") == 1
    assert session.workbook.get("99/toy_survey")["upload"] == {
        "name": "big.csv", "row_count": 6, "too_big": True,
    }
    again = _open(reopen(session))
    assert again.state["source"] == "upload"
    assert again.uploaded is None  # neither the big file nor the earlier small one
    assert i18n.t(
        "survey.not_kept_after_reload", name="big.csv", rows=6, limit=5
    ) in _notice(again)
    assert again.results_box.layout.display == "none"
    user_sets(again.source, "sample")
    assert again.result.value == "mean 2.00 of 4" and again.notice.value == ""


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"id,question\n1,2\n", "common.error.columns"),
        (b"respondent,score\n1,lots\n", "kano.error.range"),
        (b"", "common.error.empty_file"),
    ],
)
def test_refused_upload_keeps_the_earlier_data(session, content, key):
    toy = _open(session)
    toy.upload.receive("mine.csv", _csv(2, score=4))
    toy.upload.receive("bad.csv", content)
    assert toy.upload.message._current[1] == key
    assert toy.result.value == "mean 4.00 of 2"
    assert session.workbook.get("99/toy_survey")["upload"]["name"] == "mine.csv"


def test_refused_upload_message_follows_the_language_and_goes_with_the_sample(session):
    toy = _open(session)
    user_sets(toy.source, "upload")
    toy.upload.receive("bad.csv", b"id,question\n1,2\n")
    chinese = toy.upload.message.value
    i18n.set_language("en")
    assert toy.upload.message.kind == "error" and toy.upload.message.value != chinese
    user_sets(toy.source, "sample")
    assert toy.upload.message.kind is None
    assert toy.result.value == "mean 2.00 of 4"


# --- loading, damaged states ------------------------------------------------------------


def test_sample_failure_is_shown_and_loading_ends(session):
    Toy.sample_error = OSError("disk gone")
    toy = _open(session)
    assert toy.message._current[1] == "common.error.unexpected"
    assert not toy.loading and toy.status.value == ""


def test_status_says_loading_until_the_sample_is_there(session):
    Toy.sample_gate = threading.Event()
    toy = Toy(session)
    assert toy.loading and toy.status.value == html.escape(i18n.t("common.chart.loading"))
    Toy.sample_gate.set()
    assert toy.wait_loaded(30)
    assert toy.status.value == "4 rows"


def test_damaged_state_is_cleaned(session):
    session.workbook.set(
        "99/toy_survey",
        {"source": "moon", "filters": {"tenure": 3}, "compare": {"by": "colour", "a": 1},
         "upload": {"name": "x", "columns": ["a"], "rows": [[1, 2]]}},
    )
    toy = _open(session)
    assert toy.state == toy.initial_state()
    assert toy.message.kind is None


def test_stored_upload_the_rules_now_refuse_is_reported(session):
    session.workbook.set(
        "99/toy_survey",
        {"source": "upload", "upload": {"name": "old.csv", "columns": ["respondent", "score"],
                                        "rows": [["r1", "lots"]]}},
    )
    toy = _open(session)
    assert toy.uploaded is None
    assert i18n.t("survey.stored_unusable", name="old.csv") in _notice(toy)
    assert toy.sample_data is not None  # the sample is still there to switch to


def test_loading_another_state_redraws_the_built_exercise(session):
    toy = _open(session)
    toy.load({"source": "sample", "filters": {"tenure": "2y+"}, "compare": {"by": "tenure"}})
    assert toy.wait_loaded(30)
    assert toy.filters["tenure"].value == "2y+" and toy.result.value == "mean 3.00 of 2"


def test_language_switch_relabels_and_closing_frees_listeners(session):
    before = i18n.listener_count()
    toy = _open(session)
    i18n.set_language("en")
    assert toy.source.options[0][0] == i18n.t("survey.source.sample", "en")
    assert toy.filters["tenure"].options[0][0] == "All"
    assert toy.compare_by.description == "Compare by"
    close_tree(toy.widget)
    assert i18n.listener_count() == before


# --- SERVQUAL (lecture 02) on the same base -----------------------------------------------


def _servqual(session: Session):
    from cxwidgets.widgets.servqual import SurveyAnalysis

    survey = SurveyAnalysis(session)
    assert survey.wait_loaded(120)
    assert survey.message.kind is None, survey.message.value
    return survey


def _wide(rows: list[tuple[str, str, int, int]], blank_last: bool = False) -> bytes:
    header = ["respondent", "tier"] + [f"E{n}" for n in range(1, 23)] + [f"P{n}" for n in range(1, 23)]
    lines = [",".join(header)]
    for index, (respondent, tier, e, p) in enumerate(rows):
        perceptions = [str(p)] * 22
        if blank_last and index == len(rows) - 1:
            perceptions[-1] = ""
        lines.append(",".join([respondent, tier] + [str(e)] * 22 + perceptions))
    return "\n".join(lines).encode("gbk")


def test_servqual_survey_loads_filters_and_compares(session):
    import pandas as pd

    survey = _servqual(session)
    sample = pd.read_csv(tables_path("servqual_survey.csv"))
    assert str(sample["respondent"].nunique()) in survey.status.value
    assert 'data-item="8"' in survey.top.value
    user_sets(survey.filters["tier"], "senior")
    seniors = sample[sample["tier"] == "senior"]["respondent"].nunique()
    assert survey.status.value.startswith(str(seniors))
    user_sets(survey.compare_by, "tier")
    user_sets(survey.segment_a, "senior")
    user_sets(survey.segment_b, "young")
    assert 'data-dimension="empathy"' in survey.compare_table.value
    assert session.workbook.get("02/survey")["compare"] == {"by": "tier", "a": "senior", "b": "young"}


def test_servqual_upload_with_a_blank_rating_is_kept_and_said(session, reopen):
    survey = _servqual(session)
    survey.upload.receive("mine.csv", _wide([("1", "银发", 6, 5), ("2", "年轻", 7, 6)], blank_last=True))
    assert survey.upload.message.kind == "success"
    assert survey.message._current[1] == "servqual.survey.incomplete"
    assert survey.state["source"] == "upload"
    assert survey.state["upload"]["name"] == "mine.csv"
    assert survey.status.value.startswith("2 ")
    again = _servqual(reopen(session))
    assert again.status.value.startswith("2 ") and again.uploaded is not None


def test_servqual_upload_without_complete_answers_is_refused(session):
    survey = _servqual(session)
    content = b"respondent,item,expectation,perception\n1,1,6,\n"
    survey.upload.receive("empty.csv", content)
    assert survey.upload.message._current[1] == "servqual.error.no_complete_answers"
    assert survey.state["source"] == "sample"


def test_servqual_upload_before_upload_and_closing(session):
    before = i18n.listener_count()
    survey = _servqual(session)
    user_sets(survey.source, "upload")
    assert i18n.t("survey.no_upload") in _notice(survey)
    close_tree(survey.widget)
    assert i18n.listener_count() == before


def tables_path(name: str):
    from cxwidgets import datasets

    return datasets.path(name)
