"""A whole questionnaire as ONE widget model: rows of radio groups and check boxes.

Ten KANO features with two 5-point questions each were 20 ``ToggleButtons`` (each with its
Layout and Style models) plus labels and boxes per row: some 100 models to create in the
kernel and render in the browser. :class:`ChoiceGrid` draws all of it from three synced JSON
traits, with the keyboard and screen-reader access of WAI-ARIA radio groups
(``static/choice_grid.js``).

Traits (every text is resolved in Python, in the active language, and synced; the JavaScript
holds no text)

``groups``
    The questions of a row (the same for every row), in order::

        [{"key": "f", "kind": "radio", "label": "Functional question",
          "css": "cx-kano-func", "options": [["Like it", 1, "tooltip (optional)"], ...]},
         {"key": "m", "kind": "check", "label": "M money: has the budget", "css": "cx-man-m"}]

    ``kind`` ``"radio"``: a ``role="radiogroup"`` named by ``label`` (``aria-label``, also
    shown before the buttons), buttons ``role="radio"`` with ``aria-checked``, roving tabindex,
    arrow keys / Home / End move and choose, Space chooses; ``"check"``: one check box labelled
    ``label`` (value ``True``/``False``); ``"select"``: a native drop-down of ``options``
    labelled by ``label``; ``"action"``: a button showing ``label`` (``"primary": True`` for
    the primary style; ``css`` on the button itself) whose click sets the answer to ``True``.
``rows``
    ``[{"id": "0", "label": "<b>HTML</b>", "css": ["cx-kano-row-0"], "result": "<span ...>",
    "heading": "text shown above the row (optional)"}]``. ``label`` and ``result`` are HTML the
    kernel built (escaped there); each row is a ``role="group"`` named by its label.
``value``
    ``{row id: {group key: code | None | bool}}``: the learner's answers. A click or key in
    the browser sends ONE answer (a message ``{"event": "answer", "row", "key", "answer",
    "seq"}``, in order with the page's other messages, so a late message never brings back
    answers the kernel has cleared since) and shows it at once; the kernel applies it to
    ``value`` exactly as a browser change (``Widget.set_state``) and then acknowledges
    ``{"event": "ack", "seq"}``, after which the browser shows ``value`` alone again.
    Exercises follow it with ``Exercise.on_change(grid, handler)``
    (:func:`cxwidgets.widgets.exercise.on_user_change`), tests with :meth:`ChoiceGrid.receive`
    (one answer) or ``user_sets(grid, value)``. Set ``rows`` before a ``value`` naming new
    rows.

Class names: ``row_css`` on every row (plus the row's own ``css``), ``label_css`` on the row
label, ``result_css`` on the result, ``heading_css`` on headings; each group carries its
``css`` (an action: its button), ``cx-grid-group`` and ``cx-grid-kind-<kind>``; radio buttons
are ``cx-choice jupyter-button widget-toggle-button`` (``mod-active`` when checked), check
boxes ``input[type=checkbox]`` inside ``label.cx-grid-check``; check boxes and drop-downs
also carry ipywidgets' ``widget-checkbox`` / ``widget-dropdown`` classes, for the same look.
"""

from __future__ import annotations

import logging
from typing import Any

import traitlets

from .common import STATIC
from .stylesheet import CourseWidget

log = logging.getLogger("cxwidgets")

KINDS = ("radio", "check", "select", "action")
"""The kinds of group: a radio group of buttons, one check box, a drop-down, a button."""
WITH_OPTIONS = ("radio", "select")
FLAGS = ("check", "action")


def _fail(message: str) -> None:
    raise traitlets.TraitError(message)


def _check_group(index: int, group: Any, keys: set[str]) -> None:
    if not isinstance(group, dict):
        _fail(f"groups[{index}] must be a dict, not {type(group).__name__}")
    key, kind = group.get("key"), group.get("kind", "radio")
    if not isinstance(key, str) or not key:
        _fail(f"groups[{index}] needs a non-empty string 'key'")
    if key in keys:
        _fail(f"groups[{index}]: the key {key!r} is used twice")
    keys.add(key)
    if kind not in KINDS:
        _fail(f"groups[{index}] ({key!r}): kind must be one of {KINDS}, not {kind!r}")
    if not isinstance(group.get("label", ""), str):
        _fail(f"groups[{index}] ({key!r}): 'label' must be a string")
    if kind in WITH_OPTIONS:
        options = group.get("options")
        if not isinstance(options, list) or not options:
            _fail(f"groups[{index}] ({key!r}): a {kind} group needs a non-empty 'options' list")
        codes = []
        for option in options:
            if not isinstance(option, list | tuple) or len(option) not in (2, 3):
                _fail(f"groups[{index}] ({key!r}): each option is [label, code] or "
                      f"[label, code, tooltip], not {option!r}")
            codes.append(option[1])
        if len(set(map(repr, codes))) != len(codes):
            _fail(f"groups[{index}] ({key!r}): option codes must be unique, got {codes!r}")


def _check_row(index: int, row: Any, ids: set[str]) -> None:
    if not isinstance(row, dict):
        _fail(f"rows[{index}] must be a dict, not {type(row).__name__}")
    row_id = row.get("id")
    if not isinstance(row_id, str) or not row_id:
        _fail(f"rows[{index}] needs a non-empty string 'id'")
    if row_id in ids:
        _fail(f"rows[{index}]: the id {row_id!r} is used twice")
    ids.add(row_id)
    for name in ("label", "result", "heading"):
        if not isinstance(row.get(name, ""), str):
            _fail(f"rows[{index}] ({row_id!r}): {name!r} must be a string")
    css = row.get("css", [])
    if not isinstance(css, list) or not all(isinstance(c, str) for c in css):
        _fail(f"rows[{index}] ({row_id!r}): 'css' must be a list of class names")


class ChoiceGrid(CourseWidget):
    """Rows of questions (radio groups, check boxes) in one widget model.

    See the module docstring for the traits. ``value`` is validated against ``groups`` and
    ``rows``: an unknown row or question, or a code that is not an option, is refused with a
    :class:`traitlets.TraitError` naming it.
    """

    _esm = STATIC / "choice_grid.js"
    groups = traitlets.List().tag(sync=True)
    rows = traitlets.List().tag(sync=True)
    value = traitlets.Dict().tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    row_css = traitlets.Unicode("").tag(sync=True)
    label_css = traitlets.Unicode("").tag(sync=True)
    result_css = traitlets.Unicode("").tag(sync=True)
    heading_css = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("groups")
    def _valid_groups(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        keys: set[str] = set()
        for index, group in enumerate(proposal["value"]):
            _check_group(index, group, keys)
        return proposal["value"]

    @traitlets.validate("rows")
    def _valid_rows(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        ids: set[str] = set()
        for index, row in enumerate(proposal["value"]):
            _check_row(index, row, ids)
        return proposal["value"]

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> dict[str, Any]:
        rows = {row["id"] for row in self.rows}
        groups = {group["key"]: group for group in self.groups}
        for row_id, answers in proposal["value"].items():
            if row_id not in rows:
                _fail(f"value: unknown row {row_id!r} (rows: {sorted(rows)})")
            if not isinstance(answers, dict):
                _fail(f"value[{row_id!r}] must be a dict of answers, not {answers!r}")
            for key, answer in answers.items():
                if key not in groups:
                    _fail(f"value[{row_id!r}]: unknown question {key!r} (groups: {sorted(groups)})")
                self._check_answer(row_id, groups[key], answer)
        return proposal["value"]

    @staticmethod
    def _check_answer(row_id: str, group: dict[str, Any], answer: Any) -> None:
        where = f"value[{row_id!r}][{group['key']!r}]"
        if group.get("kind", "radio") in FLAGS:
            if not isinstance(answer, bool):
                _fail(f"{where}: a check box or action is True or False, not {answer!r}")
            return
        codes = [option[1] for option in group["options"]]
        if answer is not None and answer not in codes:
            _fail(f"{where}: {answer!r} is not one of the options {codes!r}")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._on_message)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """An answer from the browser: ``{"event": "answer", "row", "key", "answer"}``."""
        if not isinstance(content, dict) or content.get("event") != "answer":
            return
        row, key = content.get("row"), content.get("key")
        value = self.value
        answers = value.get(row, {}) if isinstance(value.get(row), dict) else {}
        new = {**value, row: {**answers, key: content.get("answer")}}
        try:
            self.set_state({"value": new})  # as a browser change: on_user_change sees it
        except traitlets.TraitError:
            log.warning("ChoiceGrid: answer refused: %r", content, exc_info=True)
        finally:  # after the new value (or the refusal): the browser drops its overlay
            self.send({"event": "ack", "seq": content.get("seq")})

    def receive(self, row: str, key: str, answer: Any) -> None:
        """Apply one answer as the browser sends it (tests and demos)."""
        self._handle_custom_msg({"event": "answer", "row": row, "key": key, "answer": answer}, [])

    # ------------------------------------------------------------ reading
    def answer(self, row_id: str, key: str, default: Any = None) -> Any:
        """The answer of row ``row_id`` to question ``key`` (``default`` when unanswered)."""
        return self.value.get(row_id, {}).get(key, default)
