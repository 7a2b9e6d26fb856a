// A whole questionnaire in one widget (cxwidgets/widgets/choice_grid.py): rows, each a
// role="group" named by its label, holding the same questions: radio groups (role="radiogroup"
// with aria-label, buttons role="radio" with aria-checked, roving tabindex, arrow keys / Home /
// End move and choose, Space or a click chooses), check boxes, drop-downs (a native <select>
// labelled by the question) or action buttons (a click sets the answer to true). Every text and
// every HTML fragment comes from the kernel (`groups`, `rows`); `value` is {row id: {question
// key: answer}}. A learner's answer is sent as one message {event: "answer", row, key, answer,
// seq} and shown at once; the kernel's {event: "ack", seq} says its reply has arrived. Rows are
// kept by id and updated in place, so a redraw from the kernel never takes the focus away.
let counter = 0;

// ipywidgets' own classes, so a check box or drop-down looks like the Checkbox/Dropdown widget.
const LOOKS = {
  check: "widget-inline-hbox widget-checkbox",
  select: "widget-inline-hbox widget-dropdown",
};

const classes = (...names) => names.flat().filter(Boolean).join(" ");

export default {
  render({ model, el }) {
    const prefix = `cx-grid-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    const root = document.createElement("div");
    root.className = "cx-grid";
    el.append(root);
    let views = new Map();
    let shape = "";
    let serial = 0;

    // Answers sent and not yet acknowledged by the kernel, shown over `value` so that the
    // kernel's reply to an earlier answer never flips a later one back on screen.
    const pending = new Map();
    let sent = 0;

    const groups = () => model.get("groups") || [];
    const answers = () => {
      const value = { ...(model.get("value") || {}) };
      pending.forEach(({ rowId, key, answer }) => {
        value[rowId] = { ...(value[rowId] || {}), [key]: answer };
      });
      return value;
    };
    const locked = () => Boolean(model.get("disabled"));

    // One message per answer, in order (not a whole new value: a value sent late, after
    // another widget's click such as "clear all", would bring old answers back). The kernel
    // applies it to `value` as a browser change; until its reply the row shows the answer.
    const setAnswer = (rowId, key, answer) => {
      if (locked()) return;
      const value = answers();
      const row = value[rowId] || {};
      if (row[key] === answer) return;
      sent += 1;
      const seq = `${prefix}-${sent}`; // unique across views of the same model
      pending.set(JSON.stringify([rowId, key]), { rowId, key, answer, seq });
      model.send({ event: "answer", row: rowId, key, answer, seq });
      paint();
    };

    const onMessage = (message) => {
      if (!message || message.event !== "ack") return;
      pending.forEach((entry, name) => {
        if (entry.seq === message.seq) pending.delete(name);
      });
      paint();
    };

    const codeOf = (key, index) => groups().find((group) => group.key === key).options[index][1];

    const onKey = (event, rowId, key, buttons) => {
      const count = buttons.length;
      const current = buttons.indexOf(document.activeElement);
      if (!count || current < 0) return;
      const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      let next = null;
      if (event.key in moves) next = (current + moves[event.key] + count) % count;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = count - 1;
      else if (event.key === " ") next = current;
      if (next === null) return;
      event.preventDefault();
      buttons[next].focus();
      setAnswer(rowId, key, codeOf(key, next));
    };

    const radioGroup = (rowId, group, box) => {
      const question = document.createElement("span");
      question.className = "cx-grid-question widget-label";
      question.setAttribute("aria-hidden", "true");
      const options = document.createElement("div");
      options.className = "cx-grid-options";
      options.setAttribute("role", "radiogroup");
      const buttons = group.options.map((_option, index) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "cx-choice jupyter-button widget-toggle-button";
        button.setAttribute("role", "radio");
        const choose = () => setAnswer(rowId, group.key, codeOf(group.key, index));
        button.addEventListener("click", choose);
        options.append(button);
        return button;
      });
      options.addEventListener("keydown", (event) => onKey(event, rowId, group.key, buttons));
      box.append(question, options);
      return { question, options, buttons };
    };

    const checkBox = (rowId, group, box) => {
      const label = document.createElement("label");
      label.className = "cx-grid-check";
      const input = document.createElement("input");
      input.type = "checkbox";
      const text = document.createElement("span");
      label.append(input, text);
      input.addEventListener("change", () => setAnswer(rowId, group.key, input.checked));
      box.append(label);
      return { input, text };
    };

    const select = (rowId, group, box) => {
      const question = document.createElement("label");
      question.className = "cx-grid-question";
      const input = document.createElement("select");
      input.id = `${prefix}-${++serial}`;
      question.htmlFor = input.id;
      input.addEventListener("change", () => setAnswer(rowId, group.key,
        codeOf(group.key, input.selectedIndex)));
      box.append(question, input);
      return { question, input, count: 0 };
    };

    const action = (rowId, group, box) => {
      const button = document.createElement("button");
      button.type = "button";
      button.addEventListener("click", () => setAnswer(rowId, group.key, true));
      box.append(button);
      return { button };
    };

    const makers = { radio: radioGroup, check: checkBox, select, action };

    const paintSelect = (part, group, answer, disabled) => {
      part.question.textContent = group.label || "";
      if (part.count !== group.options.length) {
        part.input.replaceChildren(...group.options.map(() => document.createElement("option")));
        part.count = group.options.length;
      }
      group.options.forEach(([label, code], index) => {
        const option = part.input.options[index];
        option.textContent = String(label);
        option.value = String(index);
        option.dataset.code = String(code);
      });
      part.input.selectedIndex = Math.max(0, group.options.findIndex((o) => o[1] === answer));
      part.input.disabled = disabled;
    };

    const paintAction = (part, group, disabled) => {
      part.button.className = classes("jupyter-button widget-button",
        group.primary ? "mod-primary" : "", group.css);
      part.button.textContent = group.label || "";
      part.button.disabled = disabled;
    };

    const makeRow = (row) => {
      const id = `${prefix}-${++serial}`;
      const heading = document.createElement("div");
      const box = document.createElement("div");
      box.setAttribute("role", "group");
      box.setAttribute("aria-labelledby", id);
      const label = document.createElement("div");
      label.id = id;
      const result = document.createElement("div");
      const parts = new Map();
      box.append(label);
      groups().forEach((group) => {
        const part = document.createElement("div");
        const kind = makers[group.kind] || radioGroup;
        parts.set(group.key, { box: part, ...kind(row.id, group, part) });
        box.append(part);
      });
      box.append(result);
      return { heading, box, label, result, parts, html: {} };
    };

    const setHtml = (view, name, element, text) => {
      if (view.html[name] !== text) {
        element.innerHTML = text;
        view.html[name] = text;
      }
    };

    const paintRow = (view, row, value) => {
      view.heading.className = classes("cx-grid-heading", model.get("heading_css"));
      view.heading.textContent = row.heading || "";
      view.heading.hidden = !row.heading;
      view.box.className = classes("cx-grid-row", model.get("row_css"), row.css || []);
      view.label.className = classes("cx-grid-label", model.get("label_css"));
      view.result.className = classes("cx-grid-result", model.get("result_css"));
      setHtml(view, "label", view.label, row.label || "");
      setHtml(view, "result", view.result, row.result || "");
      const disabled = locked();
      groups().forEach((group) => {
        const part = view.parts.get(group.key);
        const answer = (value[row.id] || {})[group.key];
        const css = group.kind === "action" ? "" : group.css;
        const kind = group.kind || "radio";
        part.box.className = classes("cx-grid-group", `cx-grid-kind-${kind}`, LOOKS[kind], css);
        if (group.kind === "select") {
          paintSelect(part, group, answer, disabled);
          return;
        }
        if (group.kind === "action") {
          paintAction(part, group, disabled);
          return;
        }
        if (group.kind === "check") {
          part.text.textContent = group.label || "";
          part.input.checked = Boolean(answer);
          part.input.disabled = disabled;
          return;
        }
        part.question.textContent = group.label || "";
        part.question.hidden = !group.label;
        part.options.setAttribute("aria-label", group.label || "");
        part.options.setAttribute("aria-disabled", disabled ? "true" : "false");
        const checked = group.options.findIndex((option) => option[1] === answer);
        part.buttons.forEach((button, index) => {
          const [label, code, tip] = group.options[index];
          const on = index === checked;
          button.textContent = String(label);
          button.dataset.code = String(code);
          if (tip) button.title = tip;
          else button.removeAttribute("title");
          button.setAttribute("aria-checked", on ? "true" : "false");
          button.classList.toggle("mod-active", on);
          button.disabled = disabled;
          button.tabIndex = index === (checked < 0 ? 0 : checked) ? 0 : -1;
        });
      });
    };

    const paint = () => {
      const now = JSON.stringify(groups().map((g) => [g.key, g.kind, (g.options || []).length]));
      if (now !== shape) {
        views.forEach((view) => { view.heading.remove(); view.box.remove(); });
        views = new Map();
        shape = now;
      }
      const rows = model.get("rows") || [];
      const wanted = new Set(rows.map((row) => row.id));
      views.forEach((view, id) => {
        if (!wanted.has(id)) {
          view.heading.remove();
          view.box.remove();
          views.delete(id);
        }
      });
      const order = [];
      rows.forEach((row) => {
        if (!views.has(row.id)) views.set(row.id, makeRow(row));
        const view = views.get(row.id);
        order.push(view.heading, view.box);
      });
      const inPlace = order.length === root.children.length
        && order.every((node, index) => root.children[index] === node);
      if (!inPlace) root.replaceChildren(...order);
      const value = answers();
      rows.forEach((row) => paintRow(views.get(row.id), row, value));
    };

    const names = ["groups", "rows", "value", "disabled", "row_css", "label_css", "result_css",
      "heading_css"];
    names.forEach((name) => model.on(`change:${name}`, paint));
    model.on("msg:custom", onMessage);
    paint();
    return () => {
      names.forEach((name) => model.off(`change:${name}`, paint));
      model.off("msg:custom", onMessage);
      root.remove();
    };
  },
};
