"""Which column of an uploaded survey export answers which field: ONE widget model.

A trainer uploads a real export (one row per respondent, the question texts as headers) into
the KANO, SERVQUAL or NPS exercise; the analysis side (``cxwidgets/survey_map.py``) guesses a
mapping of columns to the exercise's fields and checks it. :class:`ColumnMap` shows that
mapping as one table (``static/column_map.js``): a row per field with a native drop-down of
the file's columns, the chosen column's first answers, and the problems found. SERVQUAL has
3 + 44 fields: one model instead of hundreds of ipywidgets.

Traits (every text is resolved in Python, in the active language, and synced; the JavaScript
holds no text)

``columns``
    ``[{"name": "Q1 How satisfied ...", "samples": ["5", "4"]}]``: the file's columns in file
    order, names unique and non-empty (``""`` means "not used"). :func:`column_summaries`
    makes it from a DataFrame.
``fields``
    ``[{"key": "f1_func", "label": "Feature 1, functional question", "group": "Feature 1",
    "required": True, "name": "Free delivery", "name_label": "Name of feature 1"}]``.
    ``group``: the section heading, rows grouped in order of first appearance; ``name``:
    ``None``, or an editable text shown in a text box whose accessible name is
    ``name_label``. Only ``key`` and ``label`` are required.
``value``
    ``{field key: column name or ""}``; a missing key or ``""`` = no column.
``names``
    ``{field key: edited name}`` for fields whose ``name`` is not ``None``; a field missing
    here shows its ``name``.
``problems``
    ``{field key: message}`` shown on that row (``role="alert"``); key ``""``: a message for
    the whole table, shown above it.
``texts``
    ``{"caption", "field", "column", "samples", "none", "required"}``: the table's caption,
    its column headings, the "not used" choice and what the required marker means.

The learner's choice and typing reach the kernel as browser changes of ``value`` and
``names`` (``Widget.set_state``), so exercises follow them with
``exercise.on_user_change(widget, handler, names=...)``; tests use :meth:`ColumnMap.choose`
and :meth:`ColumnMap.rename`, which do the same. A change from the browser that no longer
fits (e.g. it crossed a new upload on the wire) is refused, logged, and the browser is sent
the kernel's state again.

Order of assignment: ``value``, ``names`` and ``problems`` are checked against the current
``fields`` and ``columns``, so set ``columns``, then ``fields``, then the rest, or set them
all at once (constructor keywords, or inside ``widget.hold_trait_notifications()``, where
they are checked together at the end). When ``fields`` or ``columns`` change, entries of
``value``, ``names`` and ``problems`` that no longer fit are dropped.

Class names: ``cx-map-table``, ``cx-map-group`` (a group's heading row), ``cx-map-row`` with
``data-key`` (``cx-map-bad`` with a problem, ``cx-map-missing`` when required and without
column), ``cx-map-name``, ``cx-map-select``, ``cx-map-samples``, ``cx-map-problem``
(``cx-map-problem-all`` above the table).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from .common import STATIC

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("cxwidgets")

TEXTS = ("caption", "field", "column", "samples", "none", "required")
"""The keys of the ``texts`` trait (each translated by the exercise)."""
SAMPLE_CHARS = 40
"""A sample answer longer than this is cut, ending in an ellipsis."""
ELLIPSIS = "\u2026"


def _fail(message: str) -> None:
    raise traitlets.TraitError(message)


# ------------------------------------------------------------------ column summaries
def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return bool(pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell_text(value: Any) -> str:
    """One answer as shown: whole floats without ``.0``, whitespace runs as one space."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        item = value.item()
        if isinstance(item, float) and item.is_integer():
            item = int(item)
        if isinstance(item, int | float | bool):
            value = item
    return " ".join(str(value).split())


def _cut(text: str, limit: int = SAMPLE_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def _samples(values: Iterable[Any], count: int) -> list[str]:
    found: list[str] = []
    for value in values:
        if len(found) >= count:
            break
        if _is_blank(value):
            continue
        text = _cut(_cell_text(value))
        if text and text not in found:
            found.append(text)
    return found


def column_summaries(frame: pd.DataFrame, samples: int = 3) -> list[dict[str, Any]]:
    """The ``columns`` trait for ``frame``: each column's name and first distinct answers.

    Parameters
    ----------
    frame : pandas.DataFrame
        The uploaded table, one row per respondent.
    samples : int
        How many answers to show per column at most.

    Returns
    -------
    list of dict
        ``[{"name": str(column), "samples": [...]}]`` in the frame's column order. Samples are
        the first ``samples`` distinct non-blank answers in order of first appearance, as
        text: trimmed, whitespace runs as one space, whole numbers without ``.0``, texts
        longer than :data:`SAMPLE_CHARS` cut and ended with an ellipsis. Blank cells
        (``NaN``, ``None``, empty or spaces only) are skipped.
    """
    return [
        {"name": str(name), "samples": _samples(frame.iloc[:, index], samples)}
        for index, name in enumerate(frame.columns)
    ]


# ------------------------------------------------------------------ trait checks
def _check_column(index: int, column: Any, names: set[str]) -> None:
    if not isinstance(column, dict):
        _fail(f"columns[{index}] must be a dict, not {type(column).__name__}")
    name = column.get("name")
    if not isinstance(name, str) or not name:
        _fail(f"columns[{index}] needs a non-empty string 'name', not {name!r}")
    if name in names:
        _fail(f"columns[{index}]: the name {name!r} is used twice")
    names.add(name)
    samples = column.get("samples", [])
    if not isinstance(samples, list) or not all(isinstance(s, str) for s in samples):
        _fail(f"columns[{index}] ({name!r}): 'samples' must be a list of strings, not {samples!r}")


def _check_field(index: int, field: Any, keys: set[str]) -> None:
    if not isinstance(field, dict):
        _fail(f"fields[{index}] must be a dict, not {type(field).__name__}")
    key = field.get("key")
    if not isinstance(key, str) or not key:
        _fail(f"fields[{index}] needs a non-empty string 'key', not {key!r}")
    if key in keys:
        _fail(f"fields[{index}]: the key {key!r} is used twice")
    keys.add(key)
    if not isinstance(field.get("label"), str):
        _fail(f"fields[{index}] ({key!r}) needs a string 'label', not {field.get('label')!r}")
    for text in ("group", "name_label"):
        if not isinstance(field.get(text, ""), str):
            _fail(f"fields[{index}] ({key!r}): {text!r} must be a string")
    if not isinstance(field.get("required", False), bool):
        _fail(f"fields[{index}] ({key!r}): 'required' must be True or False")
    if not isinstance(field.get("name"), str | None):
        _fail(f"fields[{index}] ({key!r}): 'name' must be None or a string")


def _editable(fields: list[dict[str, Any]]) -> set[str]:
    return {field["key"] for field in fields if field.get("name") is not None}


def _value_problem(value: dict[str, Any], keys: set[str], columns: set[str]) -> str | None:
    for key, column in value.items():
        if key not in keys:
            return f"value: {key!r} is not a field (fields: {sorted(keys)})"
        if column != "" and column not in columns:
            return f"value[{key!r}]: {column!r} is not a column of the file, nor \"\""
    return None


def _names_problem(names: dict[str, Any], editable: set[str]) -> str | None:
    for key, name in names.items():
        if key not in editable:
            return f"names: {key!r} is not a field with an editable name ({sorted(editable)})"
        if not isinstance(name, str):
            return f"names[{key!r}] must be a string, not {name!r}"
    return None


class ColumnMap(anywidget.AnyWidget):
    """The mapping of an uploaded file's columns to an exercise's fields, in one model.

    See the module docstring for the traits. Bad entries are refused with a
    :class:`traitlets.TraitError` naming them.
    """

    _esm = STATIC / "column_map.js"
    _css = STATIC / "column_map.css"
    columns = traitlets.List(traitlets.Dict()).tag(sync=True)
    fields = traitlets.List(traitlets.Dict()).tag(sync=True)
    value = traitlets.Dict().tag(sync=True)
    names = traitlets.Dict().tag(sync=True)
    problems = traitlets.Dict().tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)

    # ------------------------------------------------------------ validation
    @traitlets.validate("columns")
    def _valid_columns(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        names: set[str] = set()
        for index, column in enumerate(proposal["value"]):
            _check_column(index, column, names)
        return proposal["value"]

    @traitlets.validate("fields")
    def _valid_fields(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        keys: set[str] = set()
        for index, field in enumerate(proposal["value"]):
            _check_field(index, field, keys)
        return proposal["value"]

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> dict[str, str]:
        problem = _value_problem(proposal["value"], self._keys(), self._column_names())
        if problem:
            _fail(problem)
        return proposal["value"]

    @traitlets.validate("names")
    def _valid_names(self, proposal: dict[str, Any]) -> dict[str, str]:
        problem = _names_problem(proposal["value"], _editable(self.fields))
        if problem:
            _fail(problem)
        return proposal["value"]

    @traitlets.validate("problems")
    def _valid_problems(self, proposal: dict[str, Any]) -> dict[str, str]:
        keys = self._keys() | {""}
        for key, message in proposal["value"].items():
            if key not in keys:
                _fail(f"problems: {key!r} is neither a field nor \"\" (fields: {sorted(keys)})")
            if not isinstance(message, str):
                _fail(f"problems[{key!r}] must be a string, not {message!r}")
        return proposal["value"]

    @traitlets.validate("texts")
    def _valid_texts(self, proposal: dict[str, Any]) -> dict[str, str]:
        for name, text in proposal["value"].items():
            if name not in TEXTS:
                _fail(f"texts: unknown text {name!r} (texts: {list(TEXTS)})")
            if not isinstance(text, str):
                _fail(f"texts[{name!r}] must be a string, not {text!r}")
        return proposal["value"]

    def _keys(self) -> set[str]:
        return {field["key"] for field in self.fields}

    def _column_names(self) -> set[str]:
        return {column["name"] for column in self.columns}

    # ------------------------------------------------------------ pruning
    @traitlets.observe("columns", "fields")
    def _prune(self, _change: dict[str, Any]) -> None:
        """Drop the entries of ``value``, ``names`` and ``problems`` that no longer fit."""
        keys, columns, editable = self._keys(), self._column_names(), _editable(self.fields)
        value = {k: c for k, c in self.value.items() if k in keys and (c == "" or c in columns)}
        names = {k: n for k, n in self.names.items() if k in editable}
        problems = {k: m for k, m in self.problems.items() if k == "" or k in keys}
        with self.hold_trait_notifications():
            if value != self.value:
                self.value = value
            if names != self.names:
                self.names = names
            if problems != self.problems:
                self.problems = problems

    # ------------------------------------------------------------ browser changes
    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply a change from the browser; one that does not fit is refused and undone there."""
        try:
            super().set_state(sync_data)
        except traitlets.TraitError:
            log.warning("ColumnMap: browser change refused: %r", sync_data, exc_info=True)
            self.send_state(list(sync_data))

    def choose(self, key: str, column: str) -> None:
        """Map field ``key`` to ``column`` (``""``: none), as a learner's pick in the browser.

        Raises
        ------
        traitlets.TraitError
            If ``key`` is not a field or ``column`` not a column of the file (nor ``""``).
        """
        value = {**self.value, key: column}
        problem = _value_problem(value, self._keys(), self._column_names())
        if problem:
            _fail(problem)
        self.set_state({"value": value})

    def rename(self, key: str, name: str) -> None:
        """Set the editable name of field ``key``, as a learner's typing in the browser.

        Raises
        ------
        traitlets.TraitError
            If ``key`` is not a field with an editable name or ``name`` is not a string.
        """
        names = {**self.names, key: name}
        problem = _names_problem(names, _editable(self.fields))
        if problem:
            _fail(problem)
        self.set_state({"names": names})

    def show_problem(self) -> None:
        """Scroll the first row with a problem (or a required row without a column) into
        view and put the keyboard focus on its select, in every browser showing the widget."""
        self.send({"event": "focus_problem"})

    # ------------------------------------------------------------ reading
    def column_of(self, key: str) -> str:
        """The column mapped to field ``key`` (``""`` when none)."""
        return self.value.get(key, "")

    def name_of(self, key: str) -> str | None:
        """The name of field ``key``: the edited one, else the field's own (``None``: none)."""
        if key in self.names:
            return self.names[key]
        field = next((f for f in self.fields if f["key"] == key), None)
        return None if field is None else field.get("name")
