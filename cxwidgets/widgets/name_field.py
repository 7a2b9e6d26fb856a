"""A name box with its button (learner names): nothing typed is lost on a reload.

The browser keeps what is typed and not yet applied in the tab's ``sessionStorage``; Enter or
the button sends it to the kernel, which calls ``on_submit(text)``. ``value`` is the name in
force (set it after a successful switch; the box then shows it and forgets the draft).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

STATIC = Path(__file__).resolve().parent.parent / "static"


class NameField(anywidget.AnyWidget):
    """Text input + button; ``on_submit(callback)`` gets the typed text.

    Parameters
    ----------
    name : str
        Identifies the box's draft in the browser (one per kind of box).
    button_class : str
        CSS class of the button (tests select by it).
    """

    _esm = STATIC / "name_field.js"
    value = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    button = traitlets.Unicode("").tag(sync=True)
    name = traitlets.Unicode("name").tag(sync=True)
    button_class = traitlets.Unicode("cx-name-apply").tag(sync=True)
    max_length = traitlets.Int(80).tag(sync=True)

    @traitlets.validate("name", "button_class")
    def _valid_token(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        if not value or any(ch.isspace() for ch in value):
            message = f"{proposal['trait'].name} must be one word without spaces, got {value!r}"
            raise traitlets.TraitError(message)
        return value

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._callbacks: list[Callable[[str], Any]] = []
        self.on_msg(self._handle)

    def on_submit(self, callback: Callable[[str], Any]) -> None:
        """Call ``callback(text)`` when the learner presses Enter or the button."""
        self._callbacks.append(callback)

    def submit(self, text: str) -> None:
        """What the browser's Enter or click does (tests call it directly)."""
        for callback in list(self._callbacks):
            callback(str(text))

    def _handle(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.submit(content.get("value", ""))
