"""Trainer notes: every lecture and exercise covered, agendas that add up, escaped HTML."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cxwidgets import course, i18n
from cxwidgets.classroom import notes
from cxwidgets.errors import CXError

pytestmark = pytest.mark.usefixtures("chinese")

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cxwidgets"
LECTURES = ["00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
# A workbook section named by an exercise module: a module constant (SECTION = "08/score",
# STRUCTURE_SECTION = "09/structure") or a class attribute (    section = "05/reference").
# Docstring examples are indented deeper and do not match.
SECTION_LITERAL = re.compile(r'^(?:[A-Z_]*SECTION|    section) = "(\d\d/[a-z_0-9]+)"', re.M)


def _widget_sections() -> set[str]:
    found: set[str] = set()
    for path in (PACKAGE / "widgets").rglob("*.py"):
        found |= set(SECTION_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def _registered_sections() -> set[str]:
    return {name for item in course.LECTURES for name in item.exercises}


def _notebook_lectures() -> set[str]:
    return {path.name[:2] for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}


# ---- coverage ------------------------------------------------------------------------


def test_every_lecture_has_notes():
    assert notes.lectures() == LECTURES
    assert _notebook_lectures() <= set(LECTURES)
    for code in LECTURES:
        item = notes.notes(code)
        assert item.lecture == code
        assert item.exercises, code
        assert item.title_key == f"course.lecture.{code}.title"


def test_the_section_grep_finds_the_exercise_modules():
    found = _widget_sections()
    # a few written out by hand, so the pattern cannot silently match nothing
    assert {"01/chain", "03/man", "05/reference", "08/score", "09/structure", "10/peer"} <= found
    assert "03/note" not in found  # the example in exercise.py's docstring


def test_every_exercise_section_has_a_how_to_run_entry():
    covered = {
        exercise.section: exercise
        for code in LECTURES
        for exercise in notes.notes(code).exercises
        if exercise.section
    }
    wanted = _widget_sections() | _registered_sections()
    missing = sorted(wanted - set(covered))
    assert not missing, missing
    for section, exercise in covered.items():
        assert notes.bullets(exercise.run_key), section


def test_an_exercise_belongs_to_the_lecture_of_its_section():
    for code in LECTURES:
        for exercise in notes.notes(code).exercises:
            if exercise.section:
                assert exercise.section.startswith(f"{code}/"), exercise


def test_no_text_is_empty_in_either_language():
    for code in LECTURES:
        for key in notes.notes(code).text_keys():
            for language in i18n.LANGUAGES:
                assert key in i18n.catalogue(), key
                text = i18n.t(key, language)
                assert text.strip() and text != key, (key, language)
                assert all(line.strip() for line in text.splitlines()), (key, language)


def test_discussion_questions_are_two_to_four():
    for code in LECTURES:
        for exercise in notes.notes(code).exercises:
            for language in i18n.LANGUAGES:
                count = len(notes.bullets(exercise.questions_key, language))
                assert 2 <= count <= 4, (exercise.questions_key, language, count)


def test_texts_are_short_enough_for_a_side_panel():
    catalogue = json.loads((PACKAGE / "locales" / "trainer.json").read_text(encoding="utf-8"))
    for key, texts in catalogue.items():
        assert key.startswith("trainer."), key
        assert next(iter(texts)) == "zh-CN", key
        for language in i18n.LANGUAGES:
            lines = texts[language].splitlines()
            assert len(lines) <= 5, (key, language)
            assert all(len(line) <= 200 for line in lines), (key, language)


def test_content_holds_codes_and_keys_only():
    data = json.loads((PACKAGE / "content" / "trainer_notes.json").read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert not re.search(r"[\u4e00-\u9fff]", text)
    for entry in data["lectures"]:
        for exercise in entry["exercises"]:
            for field in ("title", "run", "questions", "look"):
                assert exercise[field].startswith("trainer."), exercise


def test_notes_are_pure_and_import_no_widget():
    code = (
        "import sys, cxwidgets.classroom.notes as n; n.notes_html('04'); n.agenda_html(2);"
        "bad = [m for m in sys.modules if m.startswith(('cxwidgets.widgets', 'ipywidgets',"
        " 'anywidget'))]; print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_unknown_lecture_and_days_are_clear_errors():
    with pytest.raises(CXError) as error:
        notes.notes("11")
    assert error.value.key == "trainer.error.unknown_lecture"
    with pytest.raises(CXError) as error:
        notes.agenda(3)
    assert error.value.key == "trainer.error.unknown_days"


# ---- agendas -------------------------------------------------------------------------


def _teaching(days: int) -> int:
    return sum(block.minutes for block in notes.agenda(days) if not block.is_break)


def test_the_agendas_add_up_to_their_stated_totals():
    assert notes.teaching_minutes(1) == 390  # 6.5 h
    assert notes.teaching_minutes(2) == 780  # 13 h
    assert _teaching(1) == 390
    assert _teaching(2) == 780
    for day in (1, 2):
        minutes = sum(b.minutes for b in notes.agenda(2) if b.day == day and not b.is_break)
        assert minutes == 390, day


def test_each_day_fits_between_nine_and_the_latest_end_with_breaks():
    for days, latest in ((1, "17:30"), (2, "18:00")):
        assert notes.latest_end(days) == latest
        slots = notes.schedule(days)
        for day in range(1, days + 1):
            today = [slot for slot in slots if slot.block.day == day]
            assert today[0].start == 9 * 60
            assert today[-1].end <= notes.clock_minutes(latest)
            kinds = [slot.block.kind for slot in today]
            assert kinds.count("lunch") == 1
            assert kinds.count("coffee") == 2
            lunch = next(slot for slot in today if slot.block.kind == "lunch")
            assert 11 * 60 + 30 <= lunch.start <= 13 * 60
            assert all(a.end == b.start for a, b in itertools.pairwise(today))


def test_the_agenda_times_written_out():
    slots = notes.schedule(1)
    assert [notes.clock(slot.start) for slot in slots if slot.block.is_break] == [
        "10:40", "12:05", "14:30",
    ]
    assert notes.clock(slots[-1].end) == "17:00"
    day_two = [slot for slot in notes.schedule(2) if slot.block.day == 2]
    assert notes.clock(day_two[0].start) == "09:00"
    assert notes.clock(day_two[-1].end) == "17:00"


def test_which_lectures_each_agenda_holds():
    one = {block.lecture for block in notes.agenda(1) if not block.is_break}
    assert one == {"00", "01", "02", "03", "04", "06", "07", "10"}
    assert notes.skipped(1) == ["05", "08", "09"]
    assert notes.skipped(2) == []
    two = notes.agenda(2)
    day_of = {block.lecture: block.day for block in two if block.lecture in ("04", "05")}
    assert day_of == {"04": 1, "05": 2}


def test_blocks_use_sections_of_their_lecture_and_known_titles():
    for days in (1, 2):
        for block in notes.agenda(days):
            assert block.title_key in i18n.catalogue(), block
            if block.is_break:
                assert block.lecture is None and block.section is None
                continue
            titles = {exercise.title_key for exercise in notes.notes(block.lecture).exercises}
            assert block.title_key in titles, block
            if block.section:
                assert block.section in course.lecture(block.lecture).exercises, block


# ---- HTML ----------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.classes: set[str] = set()
        self.stack: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.classes |= set((dict(attrs).get("class") or "").split())
        if tag not in ("br",):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_notes_html_has_the_class_names_headings_and_lists(language):
    for code in LECTURES:
        html = notes.notes_html(code, language)
        parsed = _parse(html)
        assert parsed.balanced and not parsed.stack, code
        assert html.startswith('<section class="cx-trainer-notes"')
        assert {"cx-trainer-notes", "cx-trainer-notes-exercise", "cx-trainer-notes-run",
                "cx-trainer-notes-questions", "cx-trainer-notes-look",
                "cx-trainer-notes-pitfalls"} <= parsed.classes
        assert {"h3", "h4", "h5", "ul", "li"} <= set(parsed.tags)
        assert "script" not in parsed.tags
        assert not re.search(r"\son\w+=", html)
        assert f'lang="{language}"' in html


def test_notes_html_follows_the_language():
    assert "How to run it" in notes.notes_html("03", "en")
    assert "怎么带" in notes.notes_html("03", "zh-CN")
    i18n.set_language("en")
    assert "How to run it" in notes.notes_html("03")


def test_notes_html_escapes_the_catalogue_text(monkeypatch):
    catalogue = dict(i18n.catalogue())
    catalogue["trainer.03.kano_survey.run"] = {
        "zh-CN": '<script>alert(1)</script>\nA & B "q"', "en": "<b>x</b>",
    }
    monkeypatch.setattr(i18n, "catalogue", lambda: catalogue)
    html = notes.notes_html("03", "zh-CN")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<li>A &amp; B &quot;q&quot;</li>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in notes.notes_html("03", "en")


def test_notes_html_shows_minutes_of_both_agendas():
    html = notes.notes_html("04", "en")
    assert "One day: 85 min · two days: 120 min" in html
    assert "One day: 25 min · two days: 30 min" in html  # emotion curves
    assert "One day: not scheduled · two days: 10 min" in html  # peak-end, two days only
    assert "One day: not scheduled · two days: 60 min" in notes.notes_html("05", "en")


@pytest.mark.parametrize("days", [1, 2])
def test_agenda_html_is_a_table_with_times_and_breaks(days):
    html = notes.agenda_html(days, "en")
    parsed = _parse(html)
    assert parsed.balanced and not parsed.stack
    assert {"cx-trainer-agenda", "cx-trainer-agenda-day", "cx-trainer-agenda-block",
            "cx-trainer-agenda-break"} <= parsed.classes
    assert "script" not in parsed.tags
    assert html.count('class="cx-trainer-agenda-day"') == days
    assert html.count('data-kind="lunch"') == days
    assert html.count('data-kind="coffee"') == 2 * days
    assert "<td>09:00\u201309:10</td>" in html
    assert "Lunch" in html and "Coffee break" in html


def test_agenda_html_rows_and_totals():
    one = notes.agenda_html(1, "en")
    assert "<td>12:05\u201313:05</td><td colspan=\"2\">Lunch</td><td>60</td>" in one
    assert "Teaching in total: 390 min (6.5 h)" in one
    assert "cx-trainer-agenda-skipped" in one
    two = notes.agenda_html(2, "zh-CN")
    assert "授课合计 780 分钟（13 小时）" in two
    assert "cx-trainer-agenda-skipped" not in two
    assert "第 2 天" in two


def test_minutes_named_in_the_one_day_notes_are_those_of_the_agendas():
    for code in LECTURES:
        text = i18n.t(notes.notes(code).one_day_key, "en")
        named = {int(value) for value in re.findall(r"(\d+)[ -]minute", text)}
        scheduled = {notes.lecture_minutes(code, days) for days in (1, 2)}
        scheduled |= {b.minutes for days in (1, 2) for b in notes.agenda(days) if b.lecture == code}
        assert named <= scheduled, (code, named - scheduled)
        zh = i18n.t(notes.notes(code).one_day_key, "zh-CN")
        assert {int(value) for value in re.findall(r"(\d+) 分钟", zh)} == named, code
