"""A class member's page follows the trainer: locked exercises, and the class's result once
the trainer reveals it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LOCKED_CLASS = "cx-locked"


def apply_locks(session: Any) -> None:
    """Mark each exercise card of the page locked or not (the kernel refuses a locked
    exercise's changes anyway, see :meth:`Exercise.class_locked`)."""
    for exercise in list(session.exercises):
        card = getattr(exercise, "widget", None)
        if card is None or not hasattr(exercise, "class_locked"):
            continue
        if exercise.class_locked():
            if LOCKED_CLASS not in card._dom_classes:
                card.add_class(LOCKED_CLASS)
                exercise.message.show_info("live.locked")
        elif LOCKED_CLASS in card._dom_classes:
            card.remove_class(LOCKED_CLASS)
            exercise.message.clear()


def follow(session: Any) -> Callable[[], None]:
    """Apply the controls now and whenever they change; returns the function that stops."""
    link = session.classroom
    panel = getattr(session, "class_panel", None)

    def changed() -> None:
        apply_locks(session)
        if panel is not None:
            panel.draw()

    changed()
    return link.on_change(changed)
