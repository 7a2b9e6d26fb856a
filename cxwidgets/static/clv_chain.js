// The service-profit chain of lecture 01 as one widget: seven boxes in a row, joined by
// arrows; each arrow (a link of the chain) is a button in a WAI-ARIA radio group, so the
// learner picks the link to read about by clicking it or with the arrow keys (Home/End jump;
// only the selected link is in the tab order). Every text comes from Python: `nodes` is a list
// of {id, label}; `links` a list of {id, label (aria-label), strength, strength_label, filled};
// `selected` is the chosen link id; `label` names the whole group.
export default {
  render({ model, el }) {
    const root = document.createElement("div");
    root.className = "cx-clv-chain-diagram";
    const group = document.createElement("div");
    group.className = "cx-clv-chain-row";
    group.setAttribute("role", "radiogroup");
    root.append(group);
    el.append(root);
    let buttons = [];

    const links = () => model.get("links") || [];

    const choose = (index) => {
      const link = links()[index];
      if (!link) return;
      if (link.id !== model.get("selected")) {
        model.set("selected", link.id);
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

    const node = (item) => {
      const box = document.createElement("div");
      box.className = "cx-clv-chain-node";
      box.dataset.node = item.id;
      box.textContent = item.label;
      return box;
    };

    const rebuild = () => {
      group.replaceChildren();
      const nodes = model.get("nodes") || [];
      buttons = [];
      nodes.forEach((item, index) => {
        group.append(node(item));
        if (index >= nodes.length - 1) return;
        const button = document.createElement("button");
        button.type = "button";
        button.className = "cx-clv-chain-link";
        button.setAttribute("role", "radio");
        const arrow = document.createElement("span");
        arrow.className = "cx-clv-chain-arrow";
        arrow.setAttribute("aria-hidden", "true");
        arrow.textContent = "\u2192";
        const badge = document.createElement("span");
        badge.className = "cx-clv-chain-strength";
        const mark = document.createElement("span");
        mark.className = "cx-clv-chain-filled";
        mark.setAttribute("aria-hidden", "true");
        button.append(arrow, badge, mark);
        const position = buttons.length;
        button.addEventListener("click", () => choose(position));
        group.append(button);
        buttons.push(button);
      });
    };

    let shape = "";
    const paint = () => {
      const nodes = model.get("nodes") || [];
      const list = links();
      const now = JSON.stringify(nodes) + "|" + list.length;
      if (now !== shape) {
        shape = now;
        rebuild();
      }
      group.setAttribute("aria-label", model.get("label") || "");
      const selected = list.findIndex((link) => link.id === model.get("selected"));
      buttons.forEach((button, index) => {
        const link = list[index];
        if (!link) return;
        const on = index === selected;
        button.dataset.link = link.id;
        button.dataset.strength = link.strength;
        button.dataset.filled = link.filled ? "1" : "0";
        button.setAttribute("aria-label", link.label);
        button.setAttribute("aria-checked", on ? "true" : "false");
        button.classList.toggle("cx-clv-chain-selected", on);
        button.tabIndex = index === (selected < 0 ? 0 : selected) ? 0 : -1;
        button.querySelector(".cx-clv-chain-strength").textContent = link.strength_label;
        button.querySelector(".cx-clv-chain-filled").textContent = link.filled ? "\u2713" : "";
      });
    };

    const names = ["nodes", "links", "selected", "label"];
    group.addEventListener("keydown", onKey);
    names.forEach((name) => model.on(`change:${name}`, paint));
    paint();
    return () => {
      group.removeEventListener("keydown", onKey);
      names.forEach((name) => model.off(`change:${name}`, paint));
    };
  },
};
