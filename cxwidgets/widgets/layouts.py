"""Layouts and styles shared between widgets: fewer widget models on a page.

Every ipywidgets widget normally brings a ``Layout`` model of its own, and most bring a style
model too (``HTMLStyle``, ``ButtonStyle`` ...): on a lecture page they were about 60% of all
widget models, each created in the kernel, sent and built in the browser before the page is
ready. Most of them are never changed. With :func:`share_defaults` (installed by
``lesson.start`` in a Voila page, and by the test suite), a widget that is given no layout or
style points to one **shared, read-only** model per distinct set of values instead:

- ``widgets.HTML("...")`` gets the page's one default ``Layout()`` and ``HTMLStyle()``;
- ``style={"button_width": "auto"}`` (a dict) gets the one shared ``ToggleButtonsStyle`` with
  that value, whichever widget asks for it;
- :func:`set_layout` / :func:`set_style` / :func:`show` give a widget another shared model
  (``show(button, False)`` points it to the shared ``Layout(display="none")``).

A layout passed as an instance (``layout=widgets.Layout(width="8rem")``) stays the widget's
own and can be changed in place as usual. Changing a shared model in place
(``widget.layout.display = "none"``) raises a ``TraitError`` that says what to call instead:
it would change every widget that shares it.

Outside a Voila page (JupyterLab, a trainer's own notebook) nothing is installed and
ipywidgets behaves as usual; :func:`set_layout` and friends work either way.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.trait_types import InstanceDict
from ipywidgets.widgets.widget_style import Style

_FROZEN: dict[type, type] = {}  # a Layout/Style class -> its read-only subclass
_SHARED: dict[tuple[type, tuple[tuple[str, Any], ...]], widgets.Widget] = {}


def _frozen_class(klass: type) -> type:
    """The read-only subclass of a Layout or Style class (same model, same name)."""
    if klass in _FROZEN:
        return _FROZEN[klass]

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if getattr(self, "_cx_frozen", False) and name in self.keys and not name.startswith("_"):
            kind = "set_style" if isinstance(self, Style) else "set_layout"
            message = (
                f"this {klass.__name__} is shared by several widgets of the page and is read-only; "
                f"call cxwidgets.widgets.layouts.{kind}(widget, {name}={value!r}) instead of "
                f"changing it in place"
            )
            raise traitlets.TraitError(message)
        object.__setattr__(self, name, value)

    namespace = {"__setattr__": __setattr__, "__module__": __name__, "_cx_base": klass}
    frozen = type(klass.__name__, (klass,), namespace)
    _FROZEN[klass] = frozen
    return frozen


def _unset(model: widgets.Widget, name: str, value: Any) -> bool:
    """Whether ``value`` leaves trait ``name`` as by default (a layout's ``""`` is unset too)."""
    if value == model.trait_defaults(name):
        return True
    return isinstance(model, widgets.Layout) and value in (None, "")


def _values(model: widgets.Widget) -> dict[str, Any]:
    """The synced values of a Layout/Style that differ from its class's defaults."""
    return {
        name: getattr(model, name)
        for name in model.keys
        if not name.startswith("_") and not _unset(model, name, getattr(model, name))
    }


def shared(klass: type, **values: Any) -> widgets.Widget:
    """The page's one read-only ``klass`` model with ``values`` (made on first use).

    Parameters
    ----------
    klass : type
        ``widgets.Layout`` or a style class (``widgets.HTMLStyle``, ``widgets.ButtonStyle`` ...).
    **values
        Trait values; the others keep their defaults.

    Returns
    -------
    ipywidgets.Widget
        The same instance for the same class and values, as long as it is open.
    """
    base = getattr(klass, "_cx_base", klass)
    key = (base, tuple(sorted((name, _hashable(value)) for name, value in values.items())))
    model = _SHARED.get(key)
    if model is None or model.comm is None:  # new, or closed by someone
        model = _frozen_class(base)(**values)
        model._cx_frozen = True
        _SHARED[key] = model
    return model


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value


def is_shared(model: Any) -> bool:
    """Whether ``model`` is one of the read-only shared models."""
    return bool(getattr(model, "_cx_frozen", False))


def set_layout(widget: widgets.DOMWidget, **changes: Any) -> None:
    """Change ``widget``'s layout: its own in place, or point it to another shared one.

    Parameters
    ----------
    widget : ipywidgets.DOMWidget
        Any widget.
    **changes
        Layout traits, e.g. ``display="none"``, ``width="8rem"``.
    """
    _restyle(widget, "layout", changes)


def set_style(widget: widgets.DOMWidget, **changes: Any) -> None:
    """Change ``widget``'s style like :func:`set_layout` changes its layout."""
    _restyle(widget, "style", changes)


def show(widget: widgets.DOMWidget, visible: bool = True) -> None:
    """Show or hide ``widget`` (``layout.display`` ``""`` or ``"none"``)."""
    set_layout(widget, display="" if visible else "none")


def _restyle(widget: widgets.DOMWidget, attribute: str, changes: dict[str, Any]) -> None:
    model = getattr(widget, attribute)
    if not is_shared(model):
        with model.hold_sync():
            for name, value in changes.items():
                setattr(model, name, value)
        return
    wanted = {**_values(model), **changes}
    wanted = {name: value for name, value in wanted.items() if not _unset(model, name, value)}
    replacement = shared(type(model), **wanted)
    if replacement is not model:
        setattr(widget, attribute, replacement)


def _shared_default(trait: InstanceDict) -> None:
    """Make ``trait`` default to the shared model and intern dicts given for it."""
    klass = trait.klass
    if getattr(trait, "_cx_shared", False):
        return
    trait.make_dynamic_default = lambda: shared(klass)
    plain_validate = trait.validate

    def validate(obj: Any, value: Any) -> Any:
        if isinstance(value, dict):
            return plain_validate(obj, shared(klass, **value))
        return plain_validate(obj, value)

    trait.validate = validate
    trait._cx_shared = True


def _subclasses(klass: type) -> list[type]:
    found = [klass]
    for sub in klass.__subclasses__():
        found.extend(_subclasses(sub))
    return found


def share_defaults() -> None:
    """Give every widget made from now on shared read-only default layouts and styles.

    Idempotent. Covers the layout trait of ``DOMWidget`` and the style traits of ipywidgets'
    classes: a subclass that does not declare its own (every anywidget, every course widget)
    shares its parent's trait.
    """
    for klass in _subclasses(widgets.DOMWidget):
        traits = klass.class_traits()
        for name in ("layout", "style"):
            trait = traits.get(name)
            if isinstance(trait, InstanceDict) and issubclass(
                trait.klass, (widgets.Layout, Style)
            ):
                _shared_default(trait)
