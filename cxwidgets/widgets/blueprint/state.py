"""What the exercises of lecture 05 share: the page's blueprint and the learner's journey.

The editor (:mod:`.editor`) owns the blueprint (workbook section ``05/blueprint``); after each
draw it publishes the blueprint it shows to the page's :class:`BlueprintHub`, which the
ranking and the reference exercises read when they draw and follow through
:meth:`BlueprintHub.on_change` (contract rule 6). Before the editor has drawn, the hub reads
the saved blueprint from the workbook, else the learner's starting point.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ... import blueprint as B
from ... import i18n
from ..exercise import Exercise

if TYPE_CHECKING:
    from ...journey import Journey
    from ...session import Session


def page_journey(session: Session | None) -> Journey:
    """The learner's lecture-04 journey (section ``04/journey``), else the sample journey."""
    stored = session.workbook.get(B.JOURNEY_SECTION) if session is not None else None
    return B.learner_journey({B.JOURNEY_SECTION: {"value": stored}}, i18n.get_language())


def has_own_journey(session: Session | None) -> bool:
    """Whether the learner saved a lecture-04 journey with at least one touchpoint."""
    if session is None:
        return False
    stored = session.workbook.get(B.JOURNEY_SECTION)
    return bool(stored) and bool(page_journey(session).touchpoints())


def starting_blueprint(session: Session | None) -> B.Blueprint:
    """The blueprint a learner starts from: their journey's, else the sample journey's."""
    source = "journey" if has_own_journey(session) else "sample"
    return B.from_journey(page_journey(session), source)


class BlueprintHub:
    """The page's current blueprint, published by the editor, followed by the other exercises.

    Parameters
    ----------
    session : Session, optional
        The page's session (read before the editor has published anything).
    """

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        self._blueprint: B.Blueprint | None = None
        self._listeners: list[Callable[[], Any]] = []

    @property
    def blueprint(self) -> B.Blueprint:
        """The blueprint the editor shows (saved one or starting point before it has drawn)."""
        if self._blueprint is not None:
            return self._blueprint
        stored = self.session.workbook.get(B.SECTION) if self.session is not None else None
        return B.stored_blueprint(stored) or starting_blueprint(self.session)

    @property
    def journey(self) -> Journey:
        """The learner's lecture-04 journey, else the sample."""
        return page_journey(self.session)

    def publish(self, blueprint: B.Blueprint) -> None:
        """Make ``blueprint`` the current one and tell the listeners if it changed."""
        if blueprint == self._blueprint:
            return
        self._blueprint = blueprint
        for callback in list(self._listeners):
            callback()

    def on_change(self, callback: Callable[[], Any]) -> Callable[[], None]:
        """Call ``callback()`` after each change; returns the function that stops it."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None


def page_hub(session: Session | None) -> BlueprintHub:
    """The page's :class:`BlueprintHub` (one per session; a new one without a session)."""
    if session is None:
        return BlueprintHub(None)
    current = getattr(session, "_blueprint_hub", None)
    if current is None:
        current = BlueprintHub(session)
        session._blueprint_hub = current  # type: ignore[attr-defined]
    return current


class HubExercise(Exercise):
    """An exercise that shows the page's blueprint (contract rule 6): it reads
    :attr:`hub` when drawing and :meth:`blueprint_changed` runs after each change.

    Parameters
    ----------
    session : Session, optional
        The page's session.
    hub : BlueprintHub, optional
        The blueprint to follow (default: the page's, see :func:`page_hub`).
    """

    def __init__(self, session: Session | None = None, hub: BlueprintHub | None = None) -> None:
        self.hub = hub or page_hub(session)
        super().__init__(session)
        self.scope.add(self.hub.on_change(self.guard(self.blueprint_changed)))

    def blueprint_changed(self) -> None:
        """Follow a change of the page's blueprint (default: redraw)."""
        self.redraw()
