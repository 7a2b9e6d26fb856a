// One question's choices as a WAI-ARIA radio group: a row of buttons (role="radio") inside a
// role="radiogroup" named by `label` (aria-label). Arrow keys move the choice, Home/End jump,
// only the checked button is in the tab order (roving tabindex). Every text comes from Python:
// `options` is a list of [label, code]; `value` is the chosen code or null; `disabled` locks the
// group; `correct` (a code or null) marks the right choice once the solution is shown.
export default {
  render({ model, el }) {
    const group = document.createElement("div");
    group.className = "cx-choice-group";
    group.setAttribute("role", "radiogroup");
    el.append(group);
    let buttons = [];

    const options = () => model.get("options") || [];
    const checkedIndex = () => options().findIndex((option) => option[1] === model.get("value"));

    const choose = (index) => {
      const option = options()[index];
      if (!option || model.get("disabled")) return;
      if (option[1] !== model.get("value")) {
        model.set("value", option[1]);
        model.save_changes();
      }
    };

    const onKey = (event) => {
      const count = buttons.length;
      const current = buttons.indexOf(document.activeElement);
      if (!count || current < 0) return;
      const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      let next = null;
      if (event.key in moves) next = (current + moves[event.key] + count) % count;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = count - 1;
      if (next === null) return;
      event.preventDefault();
      buttons[next].focus();
      choose(next);
    };

    const rebuild = () => {
      group.replaceChildren();
      buttons = options().map((_option, index) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "cx-choice jupyter-button widget-toggle-button";
        button.setAttribute("role", "radio");
        button.addEventListener("click", () => choose(index));
        group.append(button);
        return button;
      });
    };

    const paint = () => {
      const list = options();
      if (buttons.length !== list.length) rebuild();
      const disabled = Boolean(model.get("disabled"));
      const correct = model.get("correct");
      const checked = checkedIndex();
      group.setAttribute("aria-label", model.get("label") || "");
      group.setAttribute("aria-disabled", disabled ? "true" : "false");
      buttons.forEach((button, index) => {
        const [label, code] = list[index];
        const on = index === checked;
        button.textContent = label;
        button.dataset.code = String(code);
        button.setAttribute("aria-checked", on ? "true" : "false");
        button.classList.toggle("mod-active", on);
        button.classList.toggle("cx-choice-correct", correct !== null && code === correct);
        button.disabled = disabled;
        button.tabIndex = index === (checked < 0 ? 0 : checked) ? 0 : -1;
      });
    };

    const names = ["options", "value", "label", "disabled", "correct"];
    group.addEventListener("keydown", onKey);
    names.forEach((name) => model.on(`change:${name}`, paint));
    paint();
    return () => {
      group.removeEventListener("keydown", onKey);
      names.forEach((name) => model.off(`change:${name}`, paint));
    };
  },
};
