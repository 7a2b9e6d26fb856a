"""Lecture 03 exercise 5: a customer persona card that renders live as the learner types.

Workbook section ``"03/persona"`` holds the form as a dict (see :data:`FIELDS`,
``tenure``, ``tier`` and ``channels``); it is done once every required field is filled.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from .. import i18n
from ..session import Session
from . import common

SECTION = "03/persona"

TENURES: tuple[str, ...] = ("2y+", "1y", "6m", "3m")
TIERS: tuple[str, ...] = ("high_value", "senior", "young", "business")
CHANNELS: tuple[str, ...] = ("store", "hotline", "app", "wechat", "technician", "account_manager")

#: Free-text fields: (state key, multi-line, required).
FIELDS: tuple[tuple[str, bool, bool], ...] = (
    ("name", False, True),
    ("about", False, False),
    ("goals", True, True),
    ("pains", True, True),
    ("must", True, True),
    ("one_dimensional", True, False),
    ("attractive", True, False),
    ("quote", False, False),
)
#: Required fields, in the order they are listed when missing.
REQUIRED: tuple[str, ...] = ("name", "tenure", "tier", "goals", "pains", "must")
#: KANO colour of each needs field (same palette as the KANO charts).
NEED_COLOURS = {"must": "#d55e00", "one_dimensional": "#0072b2", "attractive": "#009e73"}
MAX_LENGTH = 2000

_CSS = """
.cx-persona-body { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.cx-persona-form { flex: 1 1 22rem; min-width: 18rem; }
.cx-persona-form .widget-text, .cx-persona-form .widget-textarea,
.cx-persona-form .widget-dropdown { flex-direction: column; align-items: stretch;
  width: auto; align-self: stretch; height: auto; }
.cx-persona-form input[type=text], .cx-persona-form textarea, .cx-persona-form select {
  box-sizing: border-box; width: 100%; }
.cx-persona-form .widget-dropdown select, .cx-persona-form .widget-text input {
  height: var(--jp-widgets-inline-height, 28px); flex: none; }
.cx-persona-form .widget-label { width: auto !important; max-width: none; text-align: left;
  font-weight: 600; margin-bottom: 0.1rem; }
.cx-persona-form textarea { min-height: 4.2rem; }
.cx-persona-form .widget-checkbox { width: auto; margin-right: 0.9rem; }
.cx-persona-preview { flex: 1 1 22rem; min-width: 18rem; }
.cx-persona-card { border: 1px solid #d7e2f0; border-radius: 12px; padding: 0.9rem 1.1rem;
  background: linear-gradient(#f2f6fb, #fff 5rem); box-shadow: 0 1px 4px rgba(0,0,0,.06); }
.cx-persona-card h3 { margin: 0; font-size: 1.35rem; }
.cx-persona-card .cx-persona-about { color: #445; margin: 0.15rem 0 0.4rem; }
.cx-persona-chip { display: inline-block; padding: 0.05rem 0.55rem; margin: 0 0.3rem 0.3rem 0;
  border-radius: 10px; background: #e6eef8; color: #1f3b5a; font-size: 0.9rem; }
.cx-persona-card h4 { margin: 0.6rem 0 0.2rem; font-size: 1rem; color: #1f3b5a; }
.cx-persona-card ul { margin: 0; padding-left: 1.2rem; }
.cx-persona-needs { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.cx-persona-need { flex: 1 1 9rem; border-top: 4px solid var(--cx-need, #999);
  background: #fafbfc; padding: 0.3rem 0.5rem; border-radius: 4px; }
.cx-persona-need h5 { margin: 0 0 0.2rem; font-size: 0.92rem; }
.cx-persona-card-quote { margin: 0.7rem 0 0; padding: 0.4rem 0.8rem; border-left: 4px solid #0072b2;
  font-style: italic; color: #334; background: #f6f9fc; }
.cx-persona-empty { color: #889; }
"""
_STYLE = f"<style>{_CSS}</style>"


def _lines(text: str) -> list[str]:
    return [line.strip(" \t-•·*") for line in str(text).splitlines() if line.strip(" \t-•·*")]


def missing_fields(state: dict[str, Any]) -> list[str]:
    """Required fields of ``state`` that are empty, in :data:`REQUIRED` order."""
    return [key for key in REQUIRED if not str(state.get(key) or "").strip()]


def clean_state(value: Any) -> dict[str, Any]:
    """A well-formed persona state from a stored value (unknown keys and codes dropped)."""
    value = value if isinstance(value, dict) else {}
    state: dict[str, Any] = {}
    for key, _multi, _required in FIELDS:
        state[key] = str(value.get(key) or "")[:MAX_LENGTH]
    state["tenure"] = value.get("tenure") if value.get("tenure") in TENURES else ""
    state["tier"] = value.get("tier") if value.get("tier") in TIERS else ""
    channels = value.get("channels") if isinstance(value.get("channels"), list) else []
    state["channels"] = [code for code in CHANNELS if code in channels]
    return state


def _list_html(text: str, language: str | None) -> str:
    items = _lines(text)
    if not items:
        return (
            f'<p class="cx-persona-empty">{html.escape(i18n.t("persona.card.empty", language))}</p>'
        )
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def card_html(state: dict[str, Any], language: str | None = None) -> str:
    """The persona card as an HTML fragment (every learner text escaped).

    Parameters
    ----------
    state : dict
        The persona (see :func:`clean_state`).
    language : str, optional
        Language of the headings (default: the active one).

    Returns
    -------
    str
        A ``div.cx-persona-card``.
    """

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, language, **params)

    state = clean_state(state)
    name = state["name"].strip() or t("persona.card.unnamed")
    chips = []
    if state["tenure"]:
        chips.append(t(f"persona.tenure.{state['tenure']}"))
    if state["tier"]:
        chips.append(t(f"persona.tier.{state['tier']}"))
    chip_html = "".join(f'<span class="cx-persona-chip">{html.escape(c)}</span>' for c in chips)
    about = state["about"].strip()
    about_html = f'<p class="cx-persona-about">{html.escape(about)}</p>' if about else ""
    needs = []
    for key in ("must", "one_dimensional", "attractive"):
        needs.append(
            f'<div class="cx-persona-need cx-persona-need-{key}" '
            f'style="--cx-need: {NEED_COLOURS[key]}">'
            f"<h5>{html.escape(t(f'persona.card.need.{key}'))}</h5>"
            f"{_list_html(state[key], language)}</div>"
        )
    channels = (
        "".join(
            f'<span class="cx-persona-chip">{html.escape(t(f"persona.channel.{code}"))}</span>'
            for code in state["channels"]
        )
        or f'<span class="cx-persona-empty">{html.escape(t("persona.card.empty"))}</span>'
    )
    quote = state["quote"].strip().strip('“”"')
    quote_html = (
        f'<blockquote class="cx-persona-card-quote">“{html.escape(quote)}”</blockquote>'
        if quote
        else ""
    )
    return (
        f'<div class="cx-persona-card" role="region" aria-label="{html.escape(t("persona.card.label"))}">'
        f"<h3>{html.escape(name)}</h3>{about_html}<div>{chip_html}</div>"
        f"<h4>{html.escape(t('persona.card.goals'))}</h4>{_list_html(state['goals'], language)}"
        f"<h4>{html.escape(t('persona.card.pains'))}</h4>{_list_html(state['pains'], language)}"
        f"<h4>{html.escape(t('persona.card.needs'))}</h4>"
        f'<div class="cx-persona-needs">{"".join(needs)}</div>'
        f"<h4>{html.escape(t('persona.card.channels'))}</h4><div>{channels}</div>"
        f"{quote_html}</div>"
    )


class PersonaCard:
    """Exercise 5: the learner fills in a persona; a formatted card renders live.

    Parameters
    ----------
    session : Session
        The page's session; the persona lives in workbook section ``"03/persona"``.
    """

    section = SECTION

    def __init__(self, session: Session) -> None:
        self.session = session
        state = clean_state(session.workbook.get(self.section, {}))
        self._quiet = True
        self.inputs: dict[str, widgets.Widget] = {}
        for key, multi, _required in FIELDS:
            cls = widgets.Textarea if multi else widgets.Text
            field = cls(value=state[key], style={"description_width": "initial"})
            field.add_class(f"cx-persona-{key.replace('_', '-')}")
            common.translate(field, "description", f"persona.field.{key}")
            common.translate(field, "placeholder", f"persona.placeholder.{key}")
            self.inputs[key] = field
        self.tenure = widgets.Dropdown(style={"description_width": "initial"})
        self.tenure.add_class("cx-persona-tenure")
        self.tier = widgets.Dropdown(style={"description_width": "initial"})
        self.tier.add_class("cx-persona-tier")
        common.translate(self.tenure, "description", "persona.field.tenure")
        common.translate(self.tier, "description", "persona.field.tier")
        self.channels = {}
        for code in CHANNELS:
            box = widgets.Checkbox(value=code in state["channels"], indent=False)
            box.add_class(f"cx-persona-channel-{code.replace('_', '-')}")
            common.translate(box, "description", f"persona.channel.{code}")
            self.channels[code] = box
        self._relabel_dropdowns(state["tenure"], state["tier"])
        self.message = common.Message()
        self.message.add_class("cx-persona-message")
        self.card = widgets.HTML()
        self.card.add_class("cx-persona-preview")

        for widget in [*self.inputs.values(), self.tenure, self.tier, *self.channels.values()]:
            widget.observe(self._changed, names="value")
        i18n.on_change(self._language_changed)

        inputs = self.inputs
        form = widgets.VBox(
            [
                inputs["name"],
                inputs["about"],
                self.tenure,
                self.tier,
                inputs["goals"],
                inputs["pains"],
                inputs["must"],
                inputs["one_dimensional"],
                inputs["attractive"],
                common.label("persona.field.channels", "cx-persona-channels-label"),
                widgets.HBox(
                    list(self.channels.values()), layout=widgets.Layout(flex_flow="row wrap")
                ),
                inputs["quote"],
            ]
        )
        form.add_class("cx-persona-form")
        body = widgets.HBox([form, self.card])
        body.add_class("cx-persona-body")
        self.widget = common.Exercise(
            "persona.title",
            widgets.HTML(_STYLE, layout=widgets.Layout(display="none")),
            common.label("persona.intro", "cx-persona-intro"),
            self.message,
            body,
            name="persona",
        )
        self._quiet = False
        self.render()

    def _options(self, codes: tuple[str, ...], prefix: str) -> list[tuple[str, str]]:
        return [(i18n.t("persona.choose"), "")] + [(i18n.t(f"{prefix}.{c}"), c) for c in codes]

    def _relabel_dropdowns(self, tenure: str | None = None, tier: str | None = None) -> None:
        tenure = self.tenure.value if tenure is None else tenure
        tier = self.tier.value if tier is None else tier
        quiet, self._quiet = self._quiet, True
        try:
            self.tenure.options = self._options(TENURES, "persona.tenure")
            self.tenure.value = tenure or ""
            self.tier.options = self._options(TIERS, "persona.tier")
            self.tier.value = tier or ""
        finally:
            self._quiet = quiet

    def state(self) -> dict[str, Any]:
        """The persona as saved in the workbook."""
        value: dict[str, Any] = {key: self.inputs[key].value for key, _m, _r in FIELDS}
        value["tenure"] = self.tenure.value or ""
        value["tier"] = self.tier.value or ""
        value["channels"] = [code for code, box in self.channels.items() if box.value]
        return clean_state(value)

    def render(self) -> None:
        """Redraw the card and the list of missing required fields."""
        state = self.state()
        self.card.value = card_html(state)
        missing = missing_fields(state)
        if missing:
            names = i18n.t("persona.list_separator").join(
                i18n.t(f"persona.required.{key}") for key in missing
            )
            self.message.show_info("persona.missing", fields=names)
        else:
            self.message.show_success("persona.complete")

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self.render()
        state = self.state()
        self.session.workbook.set(self.section, state, done=not missing_fields(state))

    def _language_changed(self, _language: str) -> None:
        self._relabel_dropdowns()
        self.render()


def report_section(workbook_data: dict[str, Any], language: str) -> str | None:
    """HTML fragment for the workbook report: the persona card, or None if not started.

    Parameters
    ----------
    workbook_data : dict
        The workbook document (``Workbook.data``).
    language : str
        ``"zh-CN"`` or ``"en"``.

    Returns
    -------
    str or None
        A heading and the card.
    """
    sections = workbook_data.get("sections", {}) if isinstance(workbook_data, dict) else {}
    entry = sections.get(SECTION) or {}
    state = clean_state(entry.get("value"))
    if not any(str(state.get(key) or "").strip() for key, _m, _r in FIELDS):
        return None
    heading = html.escape(i18n.t("persona.report.title", language))
    return f"<h3>{heading}</h3><style>{_CSS}</style>{card_html(state, language)}"


__all__ = ["SECTION", "PersonaCard", "card_html", "clean_state", "missing_fields", "report_section"]
