"""The learner's journey shared by the six exercises of lecture 04, and the workbook sections.

All exercises of the page share one :class:`JourneyState`, so a touchpoint added in the
editor appears at once on the curve, in the analysis, in the what-if and in the export
(contract rule 6: exercises read it when drawing and subscribe to its changes). The journey
is saved to the workbook section ``"04/journey"`` (the JSON form of
:class:`cxwidgets.journey.Journey`), which later lectures read.

Until the learner changes anything the journey is the course's sample, in whatever language
the page shows (nothing is stored, so it follows a language switch).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ... import i18n
from ... import journey as J
from ...errors import CXError
from ..exercise import Exercise

if TYPE_CHECKING:
    from ...session import Session

JOURNEY = "04/journey"
CURVES = "04/curves"
RESHAPE = "04/reshape"
KEY = "04/key_touchpoints"
MAP = "04/journey_map"
HISTORY_LIMIT = 30
#: What a change may be, from the widest to the narrowest (see :meth:`JourneyState.on_change`).
KINDS = ("structure", "episode", "values", "title")


@functools.lru_cache(maxsize=4)
def sample(language: str) -> J.Journey:
    """The course's sample journey in ``language`` (frozen, so it can be shared)."""
    return J.sample_journey(language)


def drawn(journey: J.Journey) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per curve, the touchpoints it has a value for, in journey order."""
    return tuple(
        (curve.id, tuple(m.id for m in journey.episode(curve.id))) for curve in journey.curves
    )


class JourneyState:
    """The learner's journey, shared by the exercises of the page, with undo.

    It is attached to the session like an exercise (``section`` and :meth:`load`), so a
    change of learner reloads it and tells every exercise.

    Parameters
    ----------
    session : Session, optional
        The page's session; the journey is read from and saved to ``"04/journey"``.
        Without one the sample is shown and nothing is saved.
    """

    section = JOURNEY

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        self.load_error: CXError | None = None
        self._journey: J.Journey | None = None  # None: the sample, in the page's language
        self.history: list[J.Journey] = []
        self._coalesce: str | None = None
        self._listeners: list[Callable[[str, Any], None]] = []
        if session is not None:
            self.load(session.workbook.get(JOURNEY))
            register = getattr(session, "attach", None)
            if register is not None:
                register(self)

    @property
    def journey(self) -> J.Journey:
        """The journey now (the sample in the active language until the learner edits it)."""
        return self._journey if self._journey is not None else sample(i18n.get_language())

    @property
    def is_sample(self) -> bool:
        """Whether the learner has not changed the sample yet (nothing stored)."""
        return self._journey is None

    def load(self, stored: Any) -> None:
        """Replace the journey by a stored value (``None``: the sample) and tell everyone."""
        self.load_error = None
        self._journey = None
        if stored:
            try:
                self._journey = J.Journey.from_dict(stored)
            except CXError as exc:
                self.load_error = exc
        self.history = []
        self._coalesce = None
        self._notify("structure", None)

    def on_change(self, callback: Callable[[str, Any], None]) -> Callable[[], None]:
        """Call ``callback(kind, source)`` after each change; returns an unsubscribe function.

        ``kind`` is one of :data:`KINDS`. A listener that shows something derived from the
        journey (a dropdown of touchpoints, the rows of a list) refreshes it for every kind
        that can change it: the touchpoints of a curve's episode change with
        ``"structure"`` *and* ``"episode"`` (a point drawn for the first time).
        """
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def update(
        self,
        journey: J.Journey,
        kind: str = "structure",
        source: Any = None,
        undoable: bool = True,
        coalesce: str | None = None,
        typing: bool = False,
    ) -> None:
        """Replace the journey, save it and tell the other exercises.

        Parameters
        ----------
        journey : Journey
            The new journey.
        kind : str
            ``"structure"`` (stages/touchpoints/curves), ``"values"`` (curve values only)
            or ``"title"``. A ``"values"`` change that also changes which touchpoints a
            curve has a value for is passed on as ``"episode"``.
        source : object
            The exercise making the change (told too, so it can ignore its own echo).
        undoable : bool
            Remember the previous journey for :meth:`undo`.
        coalesce : str, optional
            Consecutive changes with the same key (e.g. typing one name) undo as one.
        typing : bool
            Text being typed or a point being dragged: the save is debounced.
        """
        current = self.journey
        if journey == current:
            return
        if undoable and (coalesce is None or coalesce != self._coalesce):
            self.history.append(current)
            del self.history[:-HISTORY_LIMIT]
        self._coalesce = coalesce if undoable else self._coalesce
        if kind == "values" and drawn(journey) != drawn(current):
            kind = "episode"
        self._journey = journey
        self.save(typing=typing)
        self._notify(kind, source)

    def undo(self) -> bool:
        """Go back to the journey before the last editing step; False if there is none."""
        if not self.history:
            return False
        self._journey = self.history.pop()
        self._coalesce = None
        self.save()
        self._notify("structure", None)
        return True

    def save(self, typing: bool = False) -> None:
        """Store the journey in the workbook (nothing while it is the untouched sample)."""
        if self.session is None or self._journey is None:
            return
        self.session.workbook.set(
            JOURNEY, self._journey.to_dict(), done=bool(self._journey.touchpoints()), typing=typing
        )

    def _notify(self, kind: str, source: Any) -> None:
        for callback in list(self._listeners):
            callback(kind, source)


def journey_state(session: Session | None) -> JourneyState:
    """The page's shared :class:`JourneyState` (created on first use)."""
    if session is None:
        return JourneyState(None)
    state = getattr(session, "_journey_state", None)
    if state is None or state.session is not session:
        state = JourneyState(session)
        session._journey_state = state  # type: ignore[attr-defined]
    return state


def curve_options(journey: J.Journey) -> list[tuple[str, str]]:
    """The journey's curves as dropdown options ``(name, id)``."""
    return [(curve.name, curve.id) for curve in journey.curves]


class JourneyExercise(Exercise):
    """An exercise of lecture 04: its own state plus the page's shared :class:`JourneyState`.

    Subclasses draw from :attr:`journey` and :attr:`state`; :meth:`journey_changed` runs
    after every change of the shared journey (default: redraw).

    Parameters
    ----------
    session : Session, optional
        The page's session.
    shared : JourneyState, optional
        The journey to work on (default: the page's, see :func:`journey_state`).
    """

    def __init__(self, session: Session | None = None, shared: JourneyState | None = None) -> None:
        self.shared = shared or journey_state(session)
        super().__init__(session)
        self.scope.add(self.shared.on_change(self.guard(self.journey_changed)))

    @property
    def journey(self) -> J.Journey:
        """The page's journey now."""
        return self.shared.journey

    def journey_changed(self, kind: str, source: Any) -> None:
        """Follow a change of the shared journey (``kind`` as in :meth:`JourneyState.on_change`)."""
        self.redraw()
