"""The course's lectures: ids, notebooks, titles and the exercises that count for progress.

Each lecture's ``exercises`` are workbook section names; progress is the share
of them marked done. A lecture whose ``notebook`` is ``None`` is not built yet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lecture:
    id: str
    notebook: str | None
    exercises: tuple[str, ...] = ()

    @property
    def built(self) -> bool:
        return self.notebook is not None

    @property
    def title_key(self) -> str:
        return f"course.lecture.{self.id}.title"

    @property
    def summary_key(self) -> str:
        return f"course.lecture.{self.id}.summary"


LECTURES: tuple[Lecture, ...] = (
    Lecture("00", "00_home.ipynb"),
    Lecture(
        "01",
        "01_experience.ipynb",
        ("01/clv", "01/tenure", "01/chain", "01/sort", "01/bank_case"),
    ),
    Lecture(
        "02",
        "02_servqual.ipynb",
        ("02/questionnaire", "02/weights", "02/survey", "02/scenarios"),
    ),
    Lecture(
        "03",
        "03_kano.ipynb",
        (
            "03/kano_questionnaire",
            "03/kano_survey",
            "03/abc_tiers",
            "03/man",
            "03/persona",
        ),
    ),
    Lecture(
        "04",
        "04_journey.ipynb",
        (
            "04/journey",
            "04/curves",
            "04/reshape",
            "04/key_touchpoints",
            "04/journey_map",
        ),
    ),
    Lecture("05", "05_blueprint.ipynb", ("05/blueprint", "05/fail_points", "05/reference")),
    Lecture("06", "06_moments.ipynb", ("06/emot", "06/hmw", "06/concepts")),
    Lecture("07", "07_gaps.ipynb", ("07/classify", "07/diagnosis")),
    Lecture(
        "08",
        "08_loyalty.ipynb",
        ("08/score", "08/segments", "08/drivers", "08/voice", "08/design"),
    ),
    Lecture(
        "09",
        "09_recovery.ipynb",
        ("09/coach", "09/signals", "09/structure", "09/rubric", "09/recovery"),
    ),
    Lecture("10", "10_roadshow.ipynb", ("10/team", "10/peer", "10/usertest", "10/export")),
)


def lecture(lecture_id: str) -> Lecture:
    """The lecture with this id (``"03"``)."""
    for item in LECTURES:
        if item.id == lecture_id:
            return item
    raise KeyError(lecture_id)


def progress(sections: dict, lecture_id: str) -> tuple[int, int]:
    """``(done, total)`` exercises of a lecture, from a workbook's sections mapping."""
    item = lecture(lecture_id)
    done = sum(1 for name in item.exercises if sections.get(name, {}).get("done"))
    return done, len(item.exercises)
