"""The trainer's notes for every lecture and the one- and two-day workshop agendas.

The notes are data: ``cxwidgets/content/trainer_notes.json`` holds the structure (lecture
codes, exercise codes and workbook sections, minutes per agenda block, their order) and every
text is a catalogue key in ``cxwidgets/locales/trainer.json``. A text that is a list holds one
bullet per line.

Pure functions, no widget import: :func:`lectures`, :func:`agenda` and :func:`schedule` (the
blocks with their clock times from 09:00), :func:`notes`, and two HTML fragments for the
trainer's page, :func:`notes_html` (side panel, class ``cx-trainer-notes``) and
:func:`agenda_html` (a table, class ``cx-trainer-agenda``). Every text in the fragments is
escaped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from .. import course, fmt
from ..errors import CXError
from ..i18n import join, normalize_language, t

CONTENT_PATH = Path(__file__).resolve().parent.parent / "content" / "trainer_notes.json"
TEACH = "teach"
BREAKS = ("coffee", "lunch")


@dataclass(frozen=True)
class Block:
    """One block of a workshop agenda.

    Attributes
    ----------
    lecture : str or None
        The lecture code (``"02"``); ``None`` for a break.
    section : str or None
        The workbook section of the exercise the block uses, ``None`` when it uses none.
    minutes : int
        How long the block takes.
    title_key : str
        Catalogue key of the block's title.
    day : int
        The workshop day (1 or 2).
    kind : str
        ``"teach"``, ``"coffee"`` or ``"lunch"``.
    """

    lecture: str | None
    section: str | None
    minutes: int
    title_key: str
    day: int = 1
    kind: str = TEACH

    @property
    def is_break(self) -> bool:
        """Whether the block is a coffee break or lunch."""
        return self.kind in BREAKS


@dataclass(frozen=True)
class Slot:
    """A block placed on the clock: ``start`` and ``end`` are minutes after midnight."""

    block: Block
    start: int
    end: int


@dataclass(frozen=True)
class ExerciseNotes:
    """How to run one exercise with a class (catalogue keys)."""

    code: str
    section: str | None
    title_key: str
    run_key: str
    questions_key: str
    look_key: str


@dataclass(frozen=True)
class LectureNotes:
    """A lecture's trainer notes (catalogue keys)."""

    lecture: str
    title_key: str
    purpose_key: str
    one_day_key: str
    pitfalls_key: str
    exercises: tuple[ExerciseNotes, ...]

    def text_keys(self) -> list[str]:
        """Every catalogue key the notes use."""
        found = [self.title_key, self.purpose_key, self.one_day_key, self.pitfalls_key]
        for item in self.exercises:
            found += [item.title_key, item.run_key, item.questions_key, item.look_key]
        return found


# ---- content -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def content() -> dict[str, Any]:
    """The content file, read once and checked (lecture codes, sections, block kinds)."""
    data = json.loads(CONTENT_PATH.read_text(encoding="utf-8"))
    _check(data)
    return data


def _check(data: dict[str, Any]) -> None:
    """Raise ``RuntimeError`` when the content's codes do not fit together."""
    known = {item.id for item in course.LECTURES}
    codes = [entry["code"] for entry in data["lectures"]]
    problems = [f"unknown lecture {code}" for code in codes if code not in known]
    problems += [f"lecture {code} has no notes" for code in sorted(known - set(codes))]
    titles = {
        (entry["code"], item["title"]) for entry in data["lectures"] for item in entry["exercises"]
    }
    for plan in data["agendas"]:
        for blocks in plan["days_plan"]:
            for item in blocks:
                kind = item.get("kind", TEACH)
                if kind != TEACH and kind not in BREAKS:
                    problems.append(f"unknown block kind {kind}")
                if kind == TEACH and (item["lecture"], item["title"]) not in titles:
                    problems.append(f"block {item['title']} is no exercise of {item['lecture']}")
    if problems:
        message = "trainer_notes.json: " + "; ".join(problems)
        raise RuntimeError(message)


def _entry(lecture: str) -> dict[str, Any]:
    """The content entry of ``lecture``; CXError when there is none."""
    for entry in content()["lectures"]:
        if entry["code"] == lecture:
            return entry
    known = join(lectures())
    raise CXError("trainer.error.unknown_lecture", value=lecture, known=known)


def _plan(days: int) -> dict[str, Any]:
    """The agenda entry for a workshop of ``days`` days; CXError when there is none."""
    for plan in content()["agendas"]:
        if plan["days"] == days:
            return plan
    known = join(plan["days"] for plan in content()["agendas"])
    raise CXError("trainer.error.unknown_days", value=days, known=known)


# ---- accessors -----------------------------------------------------------------------


def lectures() -> list[str]:
    """The codes of the lectures that have notes, in course order (``["00", ..., "10"]``)."""
    return [entry["code"] for entry in content()["lectures"]]


def workshop_lengths() -> list[int]:
    """The workshop lengths, in days, that have an agenda (``[1, 2]``)."""
    return [plan["days"] for plan in content()["agendas"]]


def teaching_minutes(days: int) -> int:
    """The stated teaching time of the ``days``-day agenda, breaks and lunch not counted."""
    return int(_plan(days)["teaching_minutes"])


def latest_end(days: int) -> str:
    """The latest time of day (``"17:30"``) a day of the ``days``-day agenda may end."""
    return str(_plan(days)["latest_end"])


def day_start() -> str:
    """When each workshop day starts (``"09:00"``)."""
    return str(content()["day_start"])


def agenda(days: int) -> list[Block]:
    """The blocks of the ``days``-day workshop, in order, breaks included.

    Parameters
    ----------
    days : int
        1 or 2.

    Returns
    -------
    list of Block
        Each block knows its ``day``.

    Raises
    ------
    CXError
        ``trainer.error.unknown_days`` when there is no such agenda.
    """
    blocks: list[Block] = []
    for day, items in enumerate(_plan(days)["days_plan"], start=1):
        blocks += [_block(item, day) for item in items]
    return blocks


def _block(item: dict[str, Any], day: int) -> Block:
    """One content block as a :class:`Block`."""
    kind = item.get("kind", TEACH)
    return Block(
        lecture=item.get("lecture"),
        section=item.get("section"),
        minutes=int(item["minutes"]),
        title_key=item["title"],
        day=day,
        kind=kind,
    )


def schedule(days: int) -> list[Slot]:
    """The agenda on the clock: every day starts at :func:`day_start`, blocks follow on."""
    start = clock_minutes(day_start())
    slots: list[Slot] = []
    current_day, now = 0, start
    for block in agenda(days):
        if block.day != current_day:
            current_day, now = block.day, start
        slots.append(Slot(block, now, now + block.minutes))
        now += block.minutes
    return slots


def clock_minutes(text: str) -> int:
    """``"09:30"`` -> 570 (minutes after midnight)."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    """570 -> ``"09:30"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def lecture_minutes(lecture: str, days: int) -> int:
    """How many minutes the ``days``-day agenda gives ``lecture`` (0 when it is not in it)."""
    return sum(block.minutes for block in agenda(days) if block.lecture == lecture)


def exercise_minutes(lecture: str, title_key: str, days: int) -> int:
    """How many minutes the ``days``-day agenda gives the exercise with this title."""
    return sum(
        block.minutes
        for block in agenda(days)
        if block.lecture == lecture and block.title_key == title_key
    )


def skipped(days: int) -> list[str]:
    """The lectures the ``days``-day agenda leaves out (self-study)."""
    present = {block.lecture for block in agenda(days)}
    return [code for code in lectures() if code not in present]


def notes(lecture: str) -> LectureNotes:
    """The trainer notes of ``lecture`` (``"03"``), as catalogue keys.

    Raises
    ------
    CXError
        ``trainer.error.unknown_lecture`` when the lecture has no notes.
    """
    entry = _entry(lecture)
    exercises = tuple(
        ExerciseNotes(
            code=item["code"],
            section=item.get("section"),
            title_key=item["title"],
            run_key=item["run"],
            questions_key=item["questions"],
            look_key=item["look"],
        )
        for item in entry["exercises"]
    )
    return LectureNotes(
        lecture=lecture,
        title_key=course.lecture(lecture).title_key,
        purpose_key=entry["purpose"],
        one_day_key=entry["one_day"],
        pitfalls_key=entry["pitfalls"],
        exercises=exercises,
    )


def bullets(key: str, language: str | None = None) -> list[str]:
    """The text of ``key`` as bullets: one per non-empty line."""
    return [line.strip() for line in t(key, language).splitlines() if line.strip()]


# ---- HTML ----------------------------------------------------------------------------


def _list(key: str, language: str | None, css: str) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in bullets(key, language))
    return f'<ul class="{css}">{items}</ul>'


def _minutes(value: int, language: str | None) -> str:
    if not value:
        return t("trainer.time.none", language)
    return t("trainer.time.minutes", language, n=fmt.integer(value))


def _times(lecture: str, title_key: str | None, language: str | None) -> str:
    """``One day: 20 min · two days: 20 min`` for a lecture or one of its exercises."""
    values = [
        exercise_minutes(lecture, title_key, days) if title_key else lecture_minutes(lecture, days)
        for days in (1, 2)
    ]
    one, two = (_minutes(value, language) for value in values)
    return t("trainer.time.both", language, one=one, two=two)


def _exercise_html(lecture: str, item: ExerciseNotes, language: str | None) -> str:
    section = f' data-section="{escape(item.section)}"' if item.section else ""
    times = escape(_times(lecture, item.title_key, language))
    parts = [
        f'<section class="cx-trainer-notes-exercise" data-exercise="{escape(item.code)}"{section}>',
        f"<h4>{escape(t(item.title_key, language))}</h4>",
        f'<p class="cx-trainer-notes-minutes">{times}</p>',
        f"<h5>{escape(t('trainer.heading.run', language))}</h5>",
        _list(item.run_key, language, "cx-trainer-notes-run"),
        f"<h5>{escape(t('trainer.heading.questions', language))}</h5>",
        _list(item.questions_key, language, "cx-trainer-notes-questions"),
        f"<h5>{escape(t('trainer.heading.look', language))}</h5>",
        _list(item.look_key, language, "cx-trainer-notes-look"),
        "</section>",
    ]
    return "".join(parts)


def notes_html(lecture: str, language: str | None = None) -> str:
    """The trainer's side panel for ``lecture``: an escaped HTML fragment, no scripts.

    Parameters
    ----------
    lecture : str
        The lecture code (``"04"``).
    language : str, optional
        ``"zh-CN"`` or ``"en"``; the active language when omitted.

    Returns
    -------
    str
        ``<section class="cx-trainer-notes">`` with headings and lists.
    """
    item = notes(lecture)
    code = normalize_language(language) if language else None
    lang = f' lang="{code}"' if code else ""

    def heading(key: str) -> str:
        return f"<h4>{escape(t(key, language))}</h4>"

    def paragraph(key: str, css: str) -> str:
        return f'<p class="{css}">{escape(t(key, language))}</p>'

    parts = [
        f'<section class="cx-trainer-notes" data-lecture="{escape(lecture)}"{lang}>',
        f'<h3 class="cx-trainer-notes-title">{escape(t(item.title_key, language))}</h3>',
        heading("trainer.heading.purpose"),
        paragraph(item.purpose_key, "cx-trainer-notes-purpose"),
        heading("trainer.heading.time"),
        f'<p class="cx-trainer-notes-time">{escape(_times(lecture, None, language))}</p>',
        heading("trainer.heading.one_day"),
        paragraph(item.one_day_key, "cx-trainer-notes-one-day"),
        heading("trainer.heading.exercises"),
        *(_exercise_html(lecture, exercise, language) for exercise in item.exercises),
        heading("trainer.heading.pitfalls"),
        _list(item.pitfalls_key, language, "cx-trainer-notes-pitfalls"),
        "</section>",
    ]
    return "".join(parts)


def _agenda_row(slot: Slot, language: str | None) -> str:
    block = slot.block
    when = escape(f"{clock(slot.start)}\u2013{clock(slot.end)}")
    title = escape(t(block.title_key, language))
    minutes = escape(fmt.integer(block.minutes))
    if block.is_break:
        return (
            f'<tr class="cx-trainer-agenda-break" data-kind="{block.kind}">'
            f'<td>{when}</td><td colspan="2">{title}</td><td>{minutes}</td></tr>'
        )
    name = t(course.lecture(block.lecture).title_key, language)
    lecture = escape(t("trainer.agenda.lecture_name", language, code=block.lecture, title=name))
    section = f' data-section="{escape(block.section)}"' if block.section else ""
    return (
        f'<tr class="cx-trainer-agenda-block" data-lecture="{escape(block.lecture)}"{section}>'
        f"<td>{when}</td><td>{lecture}</td><td>{title}</td><td>{minutes}</td></tr>"
    )


def agenda_html(days: int, language: str | None = None) -> str:
    """The ``days``-day agenda as an escaped HTML table, from 09:00, breaks included.

    Parameters
    ----------
    days : int
        1 or 2.
    language : str, optional
        ``"zh-CN"`` or ``"en"``; the active language when omitted.

    Returns
    -------
    str
        ``<table class="cx-trainer-agenda">``: time of day, lecture, block, minutes; a
        heading row per day, the teaching total and the lectures left out below.
    """
    slots = schedule(days)
    code = normalize_language(language) if language else None
    lang = f' lang="{code}"' if code else ""
    head = "".join(
        f'<th scope="col">{escape(t(key, language))}</th>'
        for key in ("trainer.agenda.time", "trainer.agenda.lecture", "trainer.agenda.block",
                    "trainer.agenda.minutes")
    )
    rows: list[str] = []
    for day in sorted({slot.block.day for slot in slots}):
        label = escape(t("trainer.agenda.day", language, n=day))
        rows.append(
            f'<tr class="cx-trainer-agenda-day" data-day="{day}">'
            f'<th colspan="4" scope="rowgroup">{label}</th></tr>'
        )
        rows += [_agenda_row(slot, language) for slot in slots if slot.block.day == day]
    total = sum(slot.block.minutes for slot in slots if not slot.block.is_break)
    hours = fmt.number(total / 60, 1) if total % 60 else fmt.integer(total // 60)
    foot = escape(t("trainer.agenda.total", language, minutes=fmt.integer(total), hours=hours))
    left_out = skipped(days)
    if left_out:
        names = [t(course.lecture(item).title_key, language) for item in left_out]
        text = t("trainer.agenda.skipped", language, lectures=join(names, language))
        foot += f'<br><span class="cx-trainer-agenda-skipped">{escape(text)}</span>'
    caption = escape(t("trainer.agenda.title", language, days=days))
    return (
        f'<table class="cx-trainer-agenda" data-days="{days}"{lang}>'
        f"<caption>{caption}</caption>"
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><td colspan="4">{foot}</td></tr></tfoot>'
        "</table>"
    )
