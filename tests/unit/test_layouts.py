"""Shared read-only layouts and styles (``cxwidgets.widgets.layouts``, issue 9: fewer models).

The test suite installs ``share_defaults`` for every test (``tests/conftest.py``), as a Voila
page does, so any code that changes a shared layout in place fails somewhere in the suite.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest
import traitlets

from cxwidgets.widgets import layouts


def test_widgets_without_a_layout_share_one():
    first, second, button = widgets.HTML("a"), widgets.HTML("b"), widgets.Button()
    assert first.layout is second.layout is button.layout
    assert first.style is second.style  # one HTMLStyle
    assert layouts.is_shared(first.layout)


def test_a_style_given_as_a_dict_is_shared_by_value():
    one = widgets.ToggleButtons(options=["a"], style={"button_width": "auto"})
    two = widgets.ToggleButtons(options=["b"], style={"button_width": "auto"})
    other = widgets.ToggleButtons(options=["c"], style={"button_width": "5rem"})
    assert one.style is two.style
    assert other.style is not one.style and other.style.button_width == "5rem"


def test_changing_a_shared_layout_in_place_says_what_to_call():
    widget = widgets.HTML()
    with pytest.raises(traitlets.TraitError, match=r"set_layout\(widget, display='none'\)"):
        widget.layout.display = "none"
    with pytest.raises(traitlets.TraitError, match=r"set_style\(widget, font_size='2em'\)"):
        widget.style.font_size = "2em"
    assert widgets.HTML().layout.display is None  # nothing leaked to the others


def test_show_and_hide_move_between_shared_layouts():
    first, second = widgets.HTML(), widgets.HTML()
    default = first.layout
    layouts.show(first, False)
    layouts.show(second, False)
    assert first.layout.display == "none" and first.layout is second.layout
    layouts.show(first)
    assert first.layout is default
    assert second.layout.display == "none"  # the other one stays hidden


def test_set_layout_keeps_the_other_values():
    widget = widgets.Text()
    layouts.set_layout(widget, width="8rem")
    layouts.show(widget, False)
    assert (widget.layout.width, widget.layout.display) == ("8rem", "none")
    layouts.show(widget)
    assert widget.layout.width == "8rem" and widget.layout.display is None
    assert widget.layout is widgets.Text(layout={"width": "8rem"}).layout


def test_a_layout_of_its_own_is_changed_in_place():
    own = widgets.Layout(width="3rem")
    widget = widgets.HTML(layout=own)
    layouts.set_layout(widget, display="none")
    layouts.set_style(widget, font_size="2em")
    assert widget.layout is own and own.display == "none"
    assert widget.style.font_size == "2em" and widgets.HTML().style.font_size is None


def test_a_closed_shared_model_is_made_again():
    widget = widgets.HTML()
    widget.layout.close()
    fresh = widgets.HTML()
    assert fresh.layout is not widget.layout and fresh.layout.comm is not None


def test_ipywidgets_is_unchanged_until_a_page_installs_it(fresh_python):
    found = fresh_python(
        "import json, ipywidgets as w, cxwidgets, cxwidgets.widgets.common\n"
        "a, b = w.HTML(), w.HTML()\n"
        "a.layout.display = 'none'\n"
        "print(json.dumps([a.layout is b.layout, b.layout.display]))"
    )
    assert found == [False, None]


def test_a_course_widget_brings_the_stylesheet_unless_the_page_carries_it(monkeypatch):
    from cxwidgets.widgets import stylesheet
    from cxwidgets.widgets.quiz import ChoiceGroup

    css = stylesheet.COURSE_CSS.read_text(encoding="utf-8")
    monkeypatch.setattr(stylesheet, "_carried", False)
    assert ChoiceGroup()._css == css  # a trainer's own notebook: the widget brings it
    stylesheet.page_carries()
    assert stylesheet.carried() and ChoiceGroup()._css == ""
